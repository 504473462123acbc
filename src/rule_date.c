/* rule_date.c - the sign-off or publication date: present, well-formed, on time. */
#include <stdio.h>
#include <stdlib.h>

#include "engine.h"

static void S_ymd(char *buf, size_t n, int y, int m, int d) {
    if (m && d)
        snprintf(buf, n, "%d年%d月%d日", y, m, d);
    else if (m)
        snprintf(buf, n, "%d年%d月", y, m);
    else
        snprintf(buf, n, "%d年", y);
}

void fz_rule_date(fz_eng *e, const fz_rule *rule) {
    const fz_outline *o = &e->r->outline;
    const fz_date *d = rule->date_which == FZ_DATE_SIGNED ? &o->signed_on : &o->published;
    fz_span at = {d->start, d->end};
    char value[48] = "", expected[48] = "";
    if (d->year) S_ymd(value, sizeof value, d->year, d->month, d->day);
    char *match = d->year ? fz_eng_src(e, at) : NULL;
    fz_msgargs a = {.match = match, .value = value, .expected = expected, .count = -1};
    switch (rule->date_check) {
    case FZ_DATE_PRESENT:
        if (!d->year) {
            /* a missing sign-off belongs at the end, a missing publication date at the head */
            fz_span where = fz_eng_head_locus(e);
            if (rule->date_which == FZ_DATE_SIGNED && e->r->text.nlines) {
                size_t li = o->nlines;
                while (li > 0 && o->lines[li - 1].kind == FZ_LINE_BLANK) li--;
                while (li > 0 && o->lines[li - 1].kind == FZ_LINE_CHROME) li--;
                if (li > 0) where = (fz_span){o->lines[li - 1].start, o->lines[li - 1].end};
            }
            fz_eng_report(e, rule, rule->level, where, NULL, &a);
        }
        break;
    case FZ_DATE_WELL_FORMED:
        if (d->year && !d->well_formed) {
            fz_diag *dg = fz_eng_report(e, rule, rule->level, at, NULL, &a);
            /* the date as GB/T 9704 writes it, when all three parts were read */
            if (d->month && d->day) dg->fix = fz_xstrdup(value);
        }
        break;
    case FZ_DATE_DEADLINE: {
        int ry = e->r->report_year;
        if (!d->year || !ry) break;
        int y = ry + rule->deadline_year, m = rule->deadline_month, dd = rule->deadline_day;
        S_ymd(expected, sizeof expected, y, m, dd);
        long have = d->year * 10000L + (d->month ? d->month : 1) * 100L + (d->day ? d->day : 1);
        if (have > y * 10000L + m * 100L + dd) fz_eng_report(e, rule, rule->level, at, NULL, &a);
        break;
    }
    }
    free(match);
}
