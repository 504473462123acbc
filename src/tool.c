/* tool.c - the table of fzlint's own findings and messages (tool.h). */
#include "tool.h"

const fz_tool_rule fz_tool_rules[FZ_MSG_N] = {
    [FZ_MSG_BINARY] = {FZ_RULE_BINARY, FZ_LEVEL_ERROR,
                       "文件不像文本（过多字符无法解码或是控制字符），未检查",
                       "不像文本文件（超过十分之一的字符无法解码或是控制字符），未检查"},
    [FZ_MSG_EMPTY] = {FZ_RULE_EMPTY, FZ_LEVEL_ERROR, "报告为空或只有空白，未检查",
                      "报告为空（没有空白以外的文字），未检查"},
    [FZ_MSG_ENCODING] = {FZ_RULE_ENCODING, FZ_LEVEL_WARNING, "无法按检测到的编码解码的字节",
                         "无法按 %s 解码的字节 0x%02X，已替换为 U+FFFD"},
    [FZ_MSG_MATCH_LIMIT] = {FZ_RULE_MATCH_LIMIT, FZ_LEVEL_WARNING,
                            "规则包 document 或 facts 块的模式超出匹配步数上限",
                            "规则包 %s 块中“%s”的模式超出匹配步数上限，本文件中按未匹配处理"
                            "（请简化该模式）"},
    [FZ_MSG_RULE_LIMIT] =
        {NULL, FZ_LEVEL_WARNING, NULL,
         "规则 %s 的模式超出匹配步数上限，已停止在本文件中执行该规则（请简化模式）"},
    [FZ_MSG_ENCODING_UNIT] = {NULL, FZ_LEVEL_WARNING, NULL,
                              "无法按 %s 解码的码元 0x%04X%s，已替换为 U+FFFD"},
    [FZ_MSG_MORE] = {NULL, FZ_LEVEL_INFO, NULL,
                     "同一规则另有 %zu 处类似问题未逐条列出（用 --max-per-rule=0 查看全部）"},
};
const size_t fz_tool_nrules = FZ_TOOL_NRULES;
