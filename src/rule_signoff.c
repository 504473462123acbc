/* rule_signoff.c - the sign-off (落款): the signing organ and the date present, and
 * the organ the title names. */
#define _POSIX_C_SOURCE 200809L /* strtok_r */
#include <stdlib.h>
#include <string.h>

#include "rule_type.h"
#include "utf8.h"

typedef enum S_what { S_PRESENT, S_ISSUER } S_what;

typedef struct S_set {
    S_what check;
    bool has_page_level;
    fz_level page_level; /* present: on a published page, whose lines give issuer and date */
    char *signer_message, *date_message; /* present: only the organ, only the date missing */
    fz_regexes strip;                    /* issuer: removed from each organ before comparing */
} S_set;

static inline const S_set *S_of(const fz_rule *r) {
    return r->set;
}

/* The last line of a kind (the sign-off's bottom organ line, its date), else the end
 * of the report's last line: where a finding about the sign-off goes. */
static fz_span S_where(const fz_eng *e, bool find, fz_line_kind kind) {
    const fz_outline *o = &e->r->outline;
    for (size_t i = o->nlines; find && i-- > 0;)
        if (fz_outline_at(o, i)->kind == kind)
            return (fz_span){fz_outline_at(o, i)->start, fz_outline_at(o, i)->end};
    /* nothing there is wrong: the sign-off is missing after it */
    for (size_t i = o->nlines; i-- > 0;)
        if (fz_outline_at(o, i)->kind != FZ_LINE_BLANK &&
            fz_outline_at(o, i)->kind != FZ_LINE_CHROME)
            return (fz_span){fz_outline_at(o, i)->end, fz_outline_at(o, i)->end};
    return fz_eng_head_locus(e);
}

static void S_present(fz_eng *e, const fz_rule *rule) {
    const fz_outline *o = &e->r->outline;
    bool organ = o->signer != NULL, date = o->signed_on.year != 0;
    if (organ && date) return;
    const S_set *s = S_of(rule);
    const char *tmpl = organ ? s->date_message : date ? s->signer_message : NULL;
    fz_level level = s->has_page_level && o->published.year ? s->page_level : rule->level;
    fz_span at = S_where(e, organ || date, organ ? FZ_LINE_SIGNOFF : FZ_LINE_DATE);
    fz_msgargs a = {.count = -1};
    fz_eng_report(e, rule, level, at, tmpl, &a);
}

/* The organs of a name (split at blanks, the strip patterns removed), each NUL-ended. */
static void S_organs(fz_eng *e, const fz_rule *rule, const char *name, fz_strvec *out) {
    char *norm = fz_read_norm(name, strlen(name));
    char *save = NULL;
    for (char *tok = strtok_r(norm, " \t", &save); tok; tok = strtok_r(NULL, " \t", &save)) {
        char *cur = fz_xstrdup(tok);
        for (size_t k = 0; k < S_of(rule)->strip.n; k++) {
            size_t ms, me, n = strlen(cur);
            if (fz_regex_match(e->m, S_of(rule)->strip.v[k], cur, n, 0, &ms, &me) == FZ_MATCH_OK &&
                me > ms)
                memmove(cur + ms, cur + me, n - me + 1);
        }
        if (*cur)
            fz_vec_push(out, cur);
        else
            free(cur);
    }
    free(norm);
}

/* The last character of s (UTF-8), as a code point. */
static int S_last_cp(const char *s) {
    size_t n = strlen(s), i = n;
    while (i > 0 && ((unsigned char)s[i - 1] & 0xC0) == 0x80) i--;
    size_t cl;
    return i > 0 ? fz_utf8_cp(s + i - 1, n - i + 1, &cl) : -1;
}

/* Whether the characters of a appear in b in order (an abbreviation: 城管局 in
 * 城市管理局) and both end alike (an organ of the same sort: 局, 府, 委). */
static bool S_abbreviates(const char *a, const char *b) {
    if (S_last_cp(a) != S_last_cp(b)) return false;
    size_t na = strlen(a), nb = strlen(b), i = 0, j = 0;
    while (i < na && j < nb) {
        size_t ca, cb;
        fz_utf8_cp(a + i, na - i, &ca);
        fz_utf8_cp(b + j, nb - j, &cb);
        if (ca == cb && !memcmp(a + i, b + j, ca)) i += ca;
        j += cb;
    }
    return i == na;
}

static void S_issuer(fz_eng *e, const fz_rule *rule) {
    const fz_outline *o = &e->r->outline;
    if (!o->issuer || !o->signer) return;
    fz_strvec title = {0}, sign = {0};
    S_organs(e, rule, o->issuer, &title);
    S_organs(e, rule, o->signer, &sign);
    bool agree = !title.n || !sign.n; /* nothing left to compare: not ours to judge */
    for (size_t i = 0; i < title.n && !agree; i++)
        for (size_t j = 0; j < sign.n && !agree; j++)
            agree = strlen(title.v[i]) <= strlen(sign.v[j]) ? S_abbreviates(title.v[i], sign.v[j])
                                                            : S_abbreviates(sign.v[j], title.v[i]);
    if (!agree) {
        fz_msgargs a = {.value = o->signer, .expected = o->issuer, .count = -1};
        fz_eng_report(e, rule, rule->level, S_where(e, true, FZ_LINE_SIGNOFF), NULL, &a);
    }
    for (size_t i = 0; i < title.n; i++) free(title.v[i]);
    for (size_t i = 0; i < sign.n; i++) free(sign.v[i]);
    fz_vec_free(&title);
    fz_vec_free(&sign);
}

static void S_check(fz_eng *e, const fz_rule *rule) {
    if (S_of(rule)->check == S_PRESENT)
        S_present(e, rule);
    else
        S_issuer(e, rule);
}

static void S_k_check(fz_pack *c, fz_rule *r, const fz_ynode *v) {
    S_set *set = r->set;
    const char *s = fz_pack_str(c, v, "check");
    if (!s) return;
    if (!strcmp(s, "present"))
        set->check = S_PRESENT;
    else if (!strcmp(s, "issuer"))
        set->check = S_ISSUER;
    else
        fz_pack_error(c, v, "未知的“check”取值“%s”（可用：present、issuer）", s);
}

static void S_k_page_level(fz_pack *c, fz_rule *r, const fz_ynode *v) {
    S_set *set = r->set;
    set->has_page_level = fz_pack_level(c, v, &set->page_level);
}

static void S_k_signer_message(fz_pack *c, fz_rule *r, const fz_ynode *v) {
    fz_pack_set_str(c, v, "signer-message", &((S_set *)r->set)->signer_message);
}

static void S_k_date_message(fz_pack *c, fz_rule *r, const fz_ynode *v) {
    fz_pack_set_str(c, v, "date-message", &((S_set *)r->set)->date_message);
}

static void S_k_strip(fz_pack *c, fz_rule *r, const fz_ynode *v) {
    fz_pack_patterns(c, r, v, &((S_set *)r->set)->strip, false, NULL);
}

static void S_finish(fz_pack *c, fz_rule *r, const fz_ynode *m) {
    if (!fz_ymap_get(m, "check")) fz_pack_error(c, m, "规则 %s 缺少“check”", r->short_id);
}

/* a config's level is the level of every finding of the rule */
static void S_level_set(fz_rule *r) {
    ((S_set *)r->set)->has_page_level = false;
}

static void S_free(fz_rule *r) {
    S_set *set = r->set;
    free(set->signer_message);
    free(set->date_message);
    fz_regexes_free(&set->strip);
}

static const fz_rule_key S_keys[] = {{"check", S_k_check, false},
                                     {"page-level", S_k_page_level, true},
                                     {"signer-message", S_k_signer_message, false},
                                     {"date-message", S_k_date_message, false},
                                     {"strip", S_k_strip, false}};

const fz_rule_def fz_rule_signoff_def = {.name = "signoff",
                                         .normalize = true,
                                         .keys = S_keys,
                                         .nkeys = sizeof S_keys / sizeof *S_keys,
                                         .size = sizeof(S_set),
                                         .finish = S_finish,
                                         .check = S_check,
                                         .level_set = S_level_set,
                                         .free = S_free};
