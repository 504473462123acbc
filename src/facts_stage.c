/* facts_stage.c - the facts stage of a report: the figures of its body, read once before any rule.
 */
#include <stdlib.h>
#include <string.h>

#include "facts.h"
#include "report.h"

void fz_facts_stage(fz_report *r, const fz_facts_profile *p, fz_matcher *m) {
    if (r->facts || !fz_facts_profile_ready(p)) return;
    const fz_text *t = &r->text;
    const fz_outline *o = &r->outline;
    /* Only the report's own text counts: portal chrome, the title and the sign-off
     * are blanked (same length, so norm offsets stay valid). */
    char *view = fz_xmalloc(t->norm_len + 1);
    memcpy(view, t->norm, t->norm_len);
    view[t->norm_len] = '\0';
    for (size_t i = 0; i < o->nlines; i++) {
        fz_line_kind k = fz_outline_at(o, i)->kind;
        if (k == FZ_LINE_PARA || k == FZ_LINE_HEADING || k == FZ_LINE_BLANK) continue;
        size_t a = fz_text_to_norm(t, t->line_start[i]),
               b = fz_text_to_norm(t, fz_text_line_end(t, i));
        if (b > t->norm_len) b = t->norm_len;
        if (a < b) memset(view + a, ' ', b - a);
    }
    r->facts = fz_xcalloc(1, sizeof *r->facts);
    m->limited = NULL;
    fz_matcher_budget(m, t->norm_len);
    fz_facts_extract(r->facts, view, t->norm_len, p, m);
    fz_matcher_budget(m, SIZE_MAX);
    fz_facts_locate(r->facts, t);
    if (m->limited) { /* where the search started, when it was in the text (not a label) */
        const char *at = m->limited_at;
        size_t off = at >= view && at <= view + t->norm_len ? (size_t)(at - view) : 0;
        fz_report_limit(r, "facts", fz_facts_profile_key(p, m->limited), fz_text_to_src(t, off));
    }
    free(view);
}
