/* report.c - one report through the pipeline: text -> outline -> rules -> diagnostics. */
#include "report.h"

#include <stdlib.h>
#include <string.h>

#include "engine.h"
#include "facts.h"
#include "rules.h"

static bool S_blank(const fz_text *t) {
    for (size_t i = 0; i < t->norm_len; i++)
        if (!strchr(" \t\n\r\f\v", t->norm[i])) return false;
    return true;
}

void fz_report_check(fz_report *r, const char *path, const unsigned char *bytes, size_t len,
                     const fz_ruleset *rs, int year_override, size_t max_per_rule, fz_matcher *m) {
    static const fz_profile no_profile;
    memset(r, 0, sizeof *r);
    r->path = fz_xstrdup(path);
    fz_text_decode(&r->text, bytes, len);
    fz_outline_build(&r->outline, &r->text, rs ? fz_ruleset_profile(rs) : &no_profile, m);
    r->report_year = year_override ? year_override : r->outline.report_year;
    /* a configuration's `kind:` (checked against the kinds when the rule set was built) */
    if (rs && rs->kind) fz_outline_set_kind(&r->outline, fz_ruleset_profile(rs), rs->kind);
    /* Rules on these would only say that every part is missing. */
    if (r->text.binary || S_blank(&r->text)) {
        if (r->text.binary)
            fz_diag_add(&r->diags, FZ_LEVEL_ERROR, FZ_RULE_BINARY, NULL, 0, 0,
                        "不像文本文件（超过十分之一的字符无法解码或是控制字符），未检查");
        else
            fz_diag_add(&r->diags, FZ_LEVEL_ERROR, FZ_RULE_EMPTY, NULL, 0, 0,
                        "报告为空（没有空白以外的文字），未检查");
        fz_diags_finish(&r->diags, max_per_rule);
        return;
    }
    for (size_t i = 0; i < r->text.nbad; i++) {
        const fz_bad_byte *b = &r->text.bad[i];
        fz_diag_add(&r->diags, FZ_LEVEL_WARNING, FZ_RULE_ENCODING, NULL, b->off, b->off + 3,
                    "无法按 %s 解码的字节 0x%02X，已替换为 U+FFFD", r->text.encoding, b->byte);
    }
    if (rs) fz_engine_check(rs, r, m);
    fz_diags_finish(&r->diags, max_per_rule);
}

void fz_report_free(fz_report *r) {
    free(r->path);
    fz_text_free(&r->text);
    fz_outline_free(&r->outline);
    fz_diags_free(&r->diags);
    if (r->facts) fz_facts_free(r->facts);
    free(r->facts);
    for (size_t i = 0; i < r->tallies.n; i++) free(r->tallies.v[i].value);
    fz_vec_free(&r->tallies);
    memset(r, 0, sizeof *r);
}

size_t fz_report_count(const fz_report *r, fz_level level) {
    size_t n = 0;
    for (size_t i = 0; i < r->diags.n; i++)
        if (r->diags.v[i].level == level)
            n += r->diags.v[i].suppressed ? r->diags.v[i].suppressed : 1;
    return n;
}
