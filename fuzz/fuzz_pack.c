/* fuzz_pack.c - the rule-pack loader on YAML bytes; a pack that loads is listed and
 * run on a small report, so fuzzed patterns meet the engine and its match limits. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "report.h"
#include "rules.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char S_report[] = "青禾县人民政府关于2024年度法治政府建设情况的报告\n"
                               "一、主要举措和成效\n"
                               "（一）强化组织领导。一是完善制度；二是落实责任。\n"
                               "全年办理行政复议案件12件，同比增长20%。\n"
                               "二、存在的不足和原因\n"
                               "执法队伍专业化水平不高，主要原因是培训不足。\n"
                               "三、2025年工作安排\n"
                               "2025年，我们将继续推进依法行政。\n"
                               "青禾县人民政府\n"
                               "2025年1月20日\n";

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    static fz_matcher m;
    static bool ready;
    if (!ready) {
        fz_matcher_init(&m);
        ready = true;
    }
    char *yaml = fz_xstrndup((const char *)data, size); /* the loader takes a C string */
    fz_ruleset *rs = fz_ruleset_new();
    fz_buf errors = {0};
    if (fz_ruleset_load_string(rs, "fuzz.yaml", yaml, &errors) == 0) {
        fz_buf out = {0};
        fz_ruleset_list(rs, &out);
        fz_buf_free(&out);
        fz_report rep;
        fz_report_check(&rep, "fuzz.txt", (const unsigned char *)S_report, strlen(S_report), rs, 0,
                        0, &m);
        fz_report_free(&rep);
    }
    fz_buf_free(&errors);
    fz_ruleset_free(rs);
    free(yaml);
    return 0;
}
