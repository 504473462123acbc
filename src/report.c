/* report.c - one report through the pipeline: text -> outline -> facts -> sections -> rules ->
 * diagnostics. */
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

_Static_assert(FZ_DOC_STYLE_TITLE == FZ_STYLE_TITLE, "read.h and outline.h agree on Title");

/* Outline and properties: the text is decoded. */
static void S_outline(fz_report *r, const fz_ruleset *rs, bool rules, int year_override,
                      fz_matcher *m) {
    static const fz_profile no_profile;
    r->rs = rs;
    fz_report_lits(r, rs, rules, m); /* the one literal index, for the outline and the rules */
    const fz_profile *prof = rs ? fz_ruleset_profile(rs) : &no_profile;
    const fz_doc *doc = &r->doc;
    m->limited = NULL;
    fz_matcher_budget(m, r->text.src_len);
    if (doc->anchors.n && doc->anchors.n == r->text.nlines) {
        int *styles = fz_xmalloc(doc->anchors.n * sizeof *styles);
        for (size_t i = 0; i < doc->anchors.n; i++) styles[i] = doc->anchors.v[i].style;
        fz_outline_build_styled(&r->outline, &r->text, prof, styles, &r->lits[1], m);
        free(styles);
    } else {
        fz_outline_build_styled(&r->outline, &r->text, prof, NULL, &r->lits[1], m);
    }
    fz_matcher_budget(m, SIZE_MAX);
    if (m->limited) {
        const char *at = m->limited_at, *norm = r->text.norm;
        size_t off = at >= norm && at <= norm + r->text.norm_len ? (size_t)(at - norm) : 0;
        fz_report_limit(r, "document", fz_profile_key(prof, m->limited),
                        fz_text_to_src(&r->text, off));
    }
    bool had_title = r->outline.title != NULL;
    fz_outline_adopt(&r->outline, doc->title, doc->published);
    /* the kind is read from the title too: again, with the one the reader supplied */
    if (!had_title && r->outline.title) fz_outline_kind(&r->outline, &r->text, prof, m);
    r->report_year = year_override ? year_override : r->outline.report_year;
    /* a configuration's `kind:` (checked against the kinds when the rule set was built) */
    if (rs && rs->kind) fz_outline_set_kind(&r->outline, fz_ruleset_profile(rs), rs->kind);
}

/* Outline, properties, rules: the text is decoded. */
static void S_check(fz_report *r, const fz_ruleset *rs, int year_override, size_t max_per_rule,
                    fz_matcher *m) {
    fz_diags_cap(&r->diags, max_per_rule); /* what is past the cap is counted, not kept */
    S_outline(r, rs, true, year_override, m);
    const fz_doc *doc = &r->doc;
    if (doc->unreadable) {
        fz_diag_add(&r->diags, FZ_LEVEL_ERROR, FZ_RULE_UNREADABLE, NULL, 0, 0, "%s",
                    doc->unreadable);
        fz_diags_finish(&r->diags, max_per_rule);
        return;
    }
    /* Rules on these would only say that every part is missing. */
    if (r->text.binary || S_blank(&r->text)) {
        const fz_tool_rule *t = &fz_tool_rules[r->text.binary ? FZ_MSG_BINARY : FZ_MSG_EMPTY];
        fz_diag_add(&r->diags, t->level, t->id, NULL, 0, 0, "%s", t->format);
        fz_diags_finish(&r->diags, max_per_rule);
        return;
    }
    for (size_t i = 0; i < r->text.nbad; i++) {
        const fz_bad_byte *b = &r->text.bad[i];
        const fz_tool_rule *t = &fz_tool_rules[FZ_MSG_ENCODING];
        if (!strncmp(r->text.encoding, "UTF-16", 6)) { /* a code unit, not a byte */
            bool surrogate = b->byte >= 0xD800 && b->byte <= 0xDFFF;
            fz_diag_add(&r->diags, t->level, t->id, NULL, b->off, b->off + 3,
                        fz_tool_rules[FZ_MSG_ENCODING_UNIT].format, r->text.encoding, b->byte,
                        surrogate ? "（不成对的代理项）" : "");
        } else {
            fz_diag_add(&r->diags, t->level, t->id, NULL, b->off, b->off + 3, t->format,
                        r->text.encoding, b->byte);
        }
    }
    if (rs && rs->rules.n) {
        fz_facts_stage(r, &rs->facts, m); /* the figures, before any rule (--facts prints them) */
        fz_eng e;
        fz_eng_begin(&e, rs, r, m); /* where the rules' literals are */
        fz_sections_find(&e);       /* the parts section rules name */
        fz_eng_run(&e);             /* every enabled rule */
        fz_eng_end(&e);
    }
    for (int v = 0; v < 2; v++) fz_viewlits_free(&r->lits[v]); /* not needed to render */
    fz_diags_finish(&r->diags, max_per_rule);
}

void fz_report_check(fz_report *r, const char *path, const unsigned char *bytes, size_t len,
                     const fz_ruleset *rs, int year_override, size_t max_per_rule, fz_matcher *m) {
    memset(r, 0, sizeof *r);
    r->path = fz_xstrdup(path);
    r->doc.format = "txt";
    r->doc.raw = true;
    fz_text_decode(&r->text, bytes, len);
    S_check(r, rs, year_override, max_per_rule, m);
}

/* r takes over doc's text (decoded) and properties. */
static void S_take_doc(fz_report *r, const char *path, fz_doc *doc) {
    memset(r, 0, sizeof *r);
    r->path = fz_xstrdup(path);
    r->doc = *doc;
    memset(doc, 0, sizeof *doc);
    fz_text_decode(&r->text, (const unsigned char *)(r->doc.text.ptr ? r->doc.text.ptr : ""),
                   r->doc.text.len);
    fz_buf_free(&r->doc.text);
}

void fz_report_check_doc(fz_report *r, const char *path, fz_doc *doc, const fz_ruleset *rs,
                         int year_override, size_t max_per_rule, fz_matcher *m) {
    S_take_doc(r, path, doc);
    S_check(r, rs, year_override, max_per_rule, m);
}

void fz_report_read_doc(fz_report *r, const char *path, fz_doc *doc, const fz_ruleset *rs,
                        int year_override, fz_matcher *m) {
    S_take_doc(r, path, doc);
    S_outline(r, rs, false, year_override, m);
}

void fz_report_read_facts(fz_report *r, const char *path, fz_doc *doc, const fz_ruleset *rs,
                          int year_override, fz_matcher *m) {
    S_take_doc(r, path, doc);
    S_outline(r, rs, false, year_override, m);
    /* as in a full check: no figures in a binary or blank file, nor without rules */
    if (rs && rs->rules.n && !r->text.binary && !S_blank(&r->text))
        fz_facts_stage(r, &rs->facts, m);
}

/* What --fix applies: every finding of a plain-text report, none summarized or capped. */
void fz_report_check_every(fz_report *r, const char *path, const unsigned char *bytes, size_t len,
                           const fz_ruleset *rs, int year_override, fz_matcher *m) {
    memset(r, 0, sizeof *r);
    r->path = fz_xstrdup(path);
    r->doc.format = "txt";
    r->doc.raw = true;
    r->every_match = true;
    fz_text_decode(&r->text, bytes, len);
    S_check(r, rs, year_override, 0, m);
}

void fz_report_limit(fz_report *r, const char *block, const char *key, size_t at) {
    const fz_tool_rule *t = &fz_tool_rules[FZ_MSG_MATCH_LIMIT];
    fz_diag_add(&r->diags, t->level, t->id, NULL, at, at, t->format, block, key ? key : "?");
}

void fz_report_free(fz_report *r) {
    free(r->path);
    fz_doc_free(&r->doc);
    fz_text_free(&r->text);
    fz_outline_free(&r->outline);
    for (int v = 0; v < 2; v++) fz_viewlits_free(&r->lits[v]);
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
