/* rule_date.c - the sign-off or publication date: present, well-formed, on time. */
#include <stdio.h>
#include <stdlib.h>

#include <string.h>

#include "rule_type.h"

typedef enum S_which { S_SIGNED, S_PUBLISHED } S_which;
typedef enum S_what { S_DEADLINE, S_WELL_FORMED, S_PRESENT } S_what;

typedef struct S_set {
    S_which which;
    S_what check;
    int deadline_year, deadline_month, deadline_day; /* year relative to the report year */
} S_set;

static inline const S_set *S_of(const fz_rule *r) {
    return r->set;
}

static void S_ymd(char *buf, size_t n, int y, int m, int d) {
    if (m && d)
        snprintf(buf, n, "%d年%d月%d日", y, m, d);
    else if (m)
        snprintf(buf, n, "%d年%d月", y, m);
    else
        snprintf(buf, n, "%d年", y);
}

static void S_check(fz_eng *e, const fz_rule *rule) {
    const fz_outline *o = &e->r->outline;
    const fz_date *d = S_of(rule)->which == S_SIGNED ? &o->signed_on : &o->published;
    fz_span at = {d->start, d->end};
    char value[48] = "", expected[48] = "";
    if (d->year) S_ymd(value, sizeof value, d->year, d->month, d->day);
    char *match = d->year ? fz_eng_src(e, at) : NULL;
    fz_msgargs a = {.match = match, .value = value, .expected = expected, .count = -1};
    switch (S_of(rule)->check) {
    case S_PRESENT:
        if (!d->year) {
            /* a missing sign-off belongs at the end, a missing publication date at the head */
            fz_span where = fz_eng_head_locus(e);
            if (S_of(rule)->which == S_SIGNED && e->r->text.nlines) {
                size_t li = o->nlines;
                while (li > 0 && fz_outline_at(o, li - 1)->kind == FZ_LINE_BLANK) li--;
                while (li > 0 && fz_outline_at(o, li - 1)->kind == FZ_LINE_CHROME) li--;
                if (li > 0)
                    where =
                        (fz_span){fz_outline_at(o, li - 1)->start, fz_outline_at(o, li - 1)->end};
            }
            fz_eng_report(e, rule, rule->level, where, NULL, &a);
        }
        break;
    case S_WELL_FORMED:
        if (d->year && !d->well_formed) {
            fz_diag *dg = fz_eng_report(e, rule, rule->level, at, NULL, &a);
            /* the date as GB/T 9704 writes it, when all three parts were read */
            if (d->month && d->day) dg->fix = fz_xstrdup(value);
        }
        break;
    case S_DEADLINE: {
        int ry = e->r->report_year;
        if (!d->year || !ry) break;
        int y = ry + S_of(rule)->deadline_year, m = S_of(rule)->deadline_month,
            dd = S_of(rule)->deadline_day;
        /* the sign-off: the report's kind may have its own deadline (document.kinds) */
        const fz_profile *p = fz_ruleset_profile(e->rs);
        if (S_of(rule)->which == S_SIGNED && o->kind >= 0 && (size_t)o->kind < p->kinds.n &&
            p->kinds.v[o->kind].signed_by_month) {
            const fz_kind *k = &p->kinds.v[o->kind];
            y = ry + k->signed_by_year, m = k->signed_by_month, dd = k->signed_by_day;
        }
        S_ymd(expected, sizeof expected, y, m, dd);
        long have = d->year * 10000L + (d->month ? d->month : 1) * 100L + (d->day ? d->day : 1);
        if (have > y * 10000L + m * 100L + dd) fz_eng_report(e, rule, rule->level, at, NULL, &a);
        break;
    }
    }
    free(match);
}

static void S_k_date(fz_pack *c, fz_rule *r, const fz_ynode *v) {
    S_set *set = r->set;
    const char *s = fz_pack_str(c, v, "date");
    if (!s) return;
    if (!strcmp(s, "signed"))
        set->which = S_SIGNED;
    else if (!strcmp(s, "published"))
        set->which = S_PUBLISHED;
    else
        fz_pack_error(c, v, "未知的“date”取值“%s”（可用：signed、published）", s);
}

static void S_k_check(fz_pack *c, fz_rule *r, const fz_ynode *v) {
    S_set *set = r->set;
    const char *s = fz_pack_str(c, v, "check");
    if (!s) return;
    if (!strcmp(s, "deadline"))
        set->check = S_DEADLINE;
    else if (!strcmp(s, "well-formed"))
        set->check = S_WELL_FORMED;
    else if (!strcmp(s, "present"))
        set->check = S_PRESENT;
    else
        fz_pack_error(c, v, "未知的“check”取值“%s”（可用：deadline、well-formed、present）", s);
}

static void S_k_deadline(fz_pack *c, fz_rule *r, const fz_ynode *v) {
    S_set *set = r->set;
    fz_pack_deadline(c, v, "deadline", &set->deadline_year, &set->deadline_month,
                     &set->deadline_day);
}

void fz_pack_deadline(fz_pack *c, const fz_ynode *v, const char *what, int *year, int *month,
                      int *day) {
    if (v->kind != FZ_Y_MAP) {
        fz_pack_error(c, v, "“%s”应为映射（year、month、day），如 {year: +1, month: 4, day: 1}",
                      what);
        return;
    }
    for (size_t i = 0; i + 1 < v->n; i += 2) {
        const char *k = v->items[i]->str;
        const fz_ynode *x = v->items[i + 1];
        if (!strcmp(k, "year"))
            fz_pack_int(c, x, "year", -10, 10, year);
        else if (!strcmp(k, "month"))
            fz_pack_int(c, x, "month", 1, 12, month);
        else if (!strcmp(k, "day"))
            fz_pack_int(c, x, "day", 1, 31, day);
        else
            fz_pack_error(c, v->items[i], "“%s”中未知的键“%s”（可用：year、month、day）", what, k);
    }
}

static void S_init(fz_rule *r) {
    S_set *set = r->set;
    set->check = S_DEADLINE;
    set->deadline_year = 1;
    set->deadline_month = 12;
    set->deadline_day = 31;
}

static void S_finish(fz_pack *c, fz_rule *r, const fz_ynode *m) {
    if (!fz_ymap_get(m, "date")) fz_pack_error(c, m, "规则 %s 缺少“date”", r->short_id);
}

static bool S_fix_how(const fz_rule *r, fz_buf *out) {
    if (S_of(r)->check != S_WELL_FORMED) return false;
    if (out) fz_buf_puts(out, "改为“某年某月某日”（阿拉伯数字，不编虚位）\n");
    return true;
}

static const fz_rule_key S_keys[] = {{"fix", fz_pack_fix, true},
                                     {"date", S_k_date, false},
                                     {"check", S_k_check, false},
                                     {"deadline", S_k_deadline, true}};

const fz_rule_def fz_rule_date_def = {.name = "date",
                                      .normalize = true,
                                      .keys = S_keys,
                                      .nkeys = sizeof S_keys / sizeof *S_keys,
                                      .size = sizeof(S_set),
                                      .init = S_init,
                                      .finish = S_finish,
                                      .check = S_check,
                                      .fix_how = S_fix_how};
