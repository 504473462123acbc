/* rules_selftest.c - --test-rules: every rule against its own examples. */
#include <string.h>
#include <stdlib.h>

#include "fix.h"
#include "compare.h"
#include "report.h"
#include "rules.h"

#define S_SEPARATOR "\n====\n"

/* A compare rule's example is two reports separated by a line "====": the first is
 * the other one (the year before, or another issuer's), the rule is checked on the
 * second through the second phase, as a run over both files would. */
static size_t S_compare_hits(fz_ruleset *rs, const fz_rule *rule, const char *text, fz_matcher *m) {
    const char *sep = strstr(text, S_SEPARATOR);
    if (!sep) return 0;
    const char *second = sep + strlen(S_SEPARATOR);
    fz_digest d[2];
    fz_digest_bytes(&d[0], "<example-1>", (const unsigned char *)text, (size_t)(sep - text) + 1, rs,
                    0, FZ_COL_DISPLAY, m);
    fz_digest_bytes(&d[1], "<example-2>", (const unsigned char *)second, strlen(second), rs, 0,
                    FZ_COL_DISPLAY, m);
    const fz_ruleset *sets[2] = {rs, rs};
    fz_compare_result res[2];
    memset(res, 0, sizeof res);
    fz_batch b = {.d = d, .n = 2, .ntargets = 2, .rs = sets, .previous = -1};
    fz_compare_batch(&b, res);
    size_t n = 0;
    for (size_t i = 0; i < res[1].diags.n; i++)
        if (!strcmp(res[1].diags.v[i].rule_id, rule->id)) n++;
    for (int i = 0; i < 2; i++) {
        fz_compare_result_free(&res[i]);
        fz_digest_free(&d[i]);
    }
    return n;
}

static size_t S_hits(fz_ruleset *rs, const fz_rule *rule, const char *text, fz_matcher *m) {
    if (rule->type == FZ_RULE_COMPARE) return S_compare_hits(rs, rule, text, m);
    fz_report r;
    memset(&r, 0, sizeof r);
    fz_report_check(&r, "<example>", (const unsigned char *)text, strlen(text), rs, 0, 0, m);
    size_t n = 0;
    for (size_t i = 0; i < r.diags.n; i++)
        if (!strcmp(r.diags.v[i].rule_id, rule->id)) n++;
    fz_report_free(&r);
    return n;
}

/* A fixable rule's bad example, fixed: the rule must be silent on it (and so a second --fix
 * changes nothing).  Returns -1 when the example had nothing to fix. */
static long S_hits_after_fix(fz_ruleset *rs, const fz_rule *rule, const char *text, fz_matcher *m) {
    fz_report r;
    fz_report_check_every(&r, "<example>", (const unsigned char *)text, strlen(text), rs, 0, m);
    fz_buf fixed = {0};
    size_t applied = fz_fix_apply(&r, rs, &fixed);
    fz_report_free(&r);
    long hits = applied ? (long)S_hits(rs, rule, fixed.ptr, m) : -1;
    fz_buf_free(&fixed);
    return hits;
}

size_t fz_ruleset_selftest(fz_ruleset *rs, const char *pack, fz_buf *out) {
    bool *was = fz_xcalloc(rs->rules.n, sizeof *was);
    for (size_t i = 0; i < rs->rules.n; i++) was[i] = rs->rules.v[i]->enabled;
    fz_matcher m;
    fz_matcher_init(&m);
    size_t failures = 0, rules = 0, examples = 0;
    for (size_t i = 0; i < rs->rules.n; i++) {
        fz_rule *rule = rs->rules.v[i];
        if (pack && strcmp(rule->pack, pack)) continue;
        rules++;
        for (size_t k = 0; k < rs->rules.n; k++) rs->rules.v[k]->enabled = k == i;
        for (int good = 0; good < 2; good++) {
            size_t n = good ? rule->good.n : rule->bad.n;
            for (size_t j = 0; j < n; j++, examples++) {
                size_t hits = S_hits(rs, rule, good ? rule->good.v[j] : rule->bad.v[j], &m);
                long after = !good && hits > 0 && fz_rule_fixable(rule)
                                 ? S_hits_after_fix(rs, rule, rule->bad.v[j], &m)
                                 : 0;
                if (after > 0) {
                    failures++;
                    fz_buf_printf(
                        out, "%s:%zu:%zu: error: [%s] 反例第 %zu 个按 --fix 修复后仍触发该规则\n",
                        rule->file, rule->line, rule->col, rule->id, j + 1);
                    continue;
                }
                if (good ? hits == 0 : hits > 0) continue;
                failures++;
                fz_buf_printf(out, "%s:%zu:%zu: error: [%s] %s第 %zu 个%s\n", rule->file,
                              rule->line, rule->col, rule->id, good ? "正例" : "反例", j + 1,
                              good ? "不应触发该规则，却触发了" : "应触发该规则，却没有触发");
            }
        }
        if (!rule->good.n || !rule->bad.n)
            fz_buf_printf(out, "%s:%zu:%zu: warning: [%s] 规则缺少%s\n", rule->file, rule->line,
                          rule->col, rule->id,
                          !rule->good.n && !rule->bad.n ? " examples"
                          : !rule->good.n               ? "正例（examples.good）"
                                                        : "反例（examples.bad）");
        /* code scanning shows the description atop every alert: a sentence, no template */
        if (!rule->description || strchr(rule->description, '{'))
            fz_buf_printf(out, "%s:%zu:%zu: warning: [%s] 规则%s\n", rule->file, rule->line,
                          rule->col, rule->id,
                          rule->description ? "的 description 不应含占位符 {…}"
                                            : "缺少一句话说明（description）");
    }
    for (size_t i = 0; i < rs->rules.n; i++) rs->rules.v[i]->enabled = was[i];
    free(was);
    fz_matcher_free(&m);
    fz_buf_printf(out, "规则自检：%zu 条规则，%zu 个例子，%zu 个失败\n", rules, examples, failures);
    return failures;
}
