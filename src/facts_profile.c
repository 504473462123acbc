/* facts_profile.c - the facts profile: a pack's `facts:` block (units, cue words,
 * indicators) and its sum/ratio/fact checks, validated, compiled and merged. */
#include <stdlib.h>
#include <string.h>

#include "facts_internal.h"

void fz_facts_profile_init(fz_facts_profile *p) {
    memset(p, 0, sizeof *p);
}

static void S_lits_free(struct fz_facts_lits *l) {
    for (int k = 0; k < l->n; k++) free(l->s[k]);
    free(l);
}

/* Forgets the literals of re, which is about to be freed. */
static void S_lits_drop(fz_facts_profile *p, const fz_regex *re) {
    for (size_t i = 0; re && i < p->lits.n; i++)
        if (p->lits.v[i]->re == re) {
            S_lits_free(p->lits.v[i]);
            p->lits.v[i] = p->lits.v[--p->lits.n];
            return;
        }
}

/* Records the literals of re, compiled from the alternatives values[0, n); none
 * when one alternative has none (it could match anywhere). */
static void S_lits_add(fz_facts_profile *p, const fz_regex *re, const char *const *values, size_t n,
                       bool anchored) {
    struct fz_facts_lits *l = fz_xcalloc(1, sizeof *l);
    l->re = re;
    l->prefix = true;
    l->anchored = anchored;
    for (size_t i = 0; i < n; i++) {
        fz_lits one;
        fz_lits_extract(values[i], &one);
        bool ok = one.n > 0 && l->n + one.n <= FZ_FACTS_MAX_LITS;
        for (int k = 0; ok && k < one.n; k++) {
            l->s[l->n] = fz_xstrndup(one.s[k], one.len[k]);
            l->len[l->n++] = one.len[k];
        }
        /* \G matches where the search starts: no skipping ahead to a literal */
        if (!one.prefix || strstr(values[i], "\\G")) l->prefix = false;
        fz_lits_free(&one);
        if (!ok) {
            S_lits_free(l);
            return;
        }
    }
    fz_vec_push(&p->lits, l);
}

static void S_regex_set(fz_regex **slot, fz_regex *re) {
    fz_regex_free(*slot);
    *slot = re;
}

void fz_facts_profile_free(fz_facts_profile *p) {
    for (size_t i = 0; i < p->units.n; i++) free(p->units.v[i]);
    fz_vec_free(&p->units);
    fz_regex **res[] = {&p->label_cut, &p->label_trim, &p->approx_before, &p->approx_after,
                        &p->total_cue, &p->part_cue,   &p->part_stop,     &p->rate_label,
                        &p->rate_word, &p->growth,     &p->scope_words,   &p->whole_cue,
                        &p->entity};
    for (size_t i = 0; i < sizeof res / sizeof *res; i++) S_regex_set(res[i], NULL);
    for (size_t i = 0; i < p->lits.n; i++) S_lits_free(p->lits.v[i]);
    fz_vec_free(&p->lits);
    for (size_t i = 0; i < p->ignore.n; i++) fz_regex_free(p->ignore.v[i]);
    fz_vec_free(&p->ignore);
    for (size_t i = 0; i < p->indicators.n; i++) {
        free(p->indicators.v[i].name);
        fz_regex_free(p->indicators.v[i].label);
    }
    fz_vec_free(&p->indicators);
    for (size_t i = 0; i < p->outcomes.n; i++) {
        fz_facts_outcomes *o = &p->outcomes.v[i];
        free(o->name);
        fz_regex *pats[] = {o->context, o->total, o->parts, o->aggregate, o->members};
        for (size_t k = 0; k < sizeof pats / sizeof *pats; k++) fz_regex_free(pats[k]);
    }
    fz_vec_free(&p->outcomes);
    for (size_t i = 0; i < p->rate_bases.n; i++) {
        free(p->rate_bases.v[i].list);
        fz_regex_free(p->rate_bases.v[i].rate);
    }
    fz_vec_free(&p->rate_bases);
    for (size_t i = 0; i < p->rules.n; i++) {
        fz_facts_rule *r = &p->rules.v[i];
        fz_regex_free(r->rate);
        fz_regex_free(r->numerator);
        fz_regex_free(r->denominator);
        fz_regex_free(r->numerator_from);
    }
    fz_vec_free(&p->rules);
    memset(p, 0, sizeof *p);
}

static fz_regex *S_compile_jit(const char *pattern, bool jit, fz_buf *err) {
    fz_buf why = {0};
    size_t off = 0;
    fz_regex *re =
        jit ? fz_regex_new(pattern, &why, &off) : fz_regex_new_nojit(pattern, &why, &off);
    if (!re)
        fz_buf_printf(err, "无效的正则表达式（第 %zu 个字符）：%s", off + 1,
                      why.ptr ? why.ptr : "");
    fz_buf_free(&why);
    return re;
}

static fz_regex *S_compile(const char *pattern, fz_buf *err) {
    return S_compile_jit(pattern, true, err);
}

static int S_unit_cmp(const void *a, const void *b) {
    size_t la = strlen(*(char *const *)a), lb = strlen(*(char *const *)b);
    return la < lb ? 1 : la > lb ? -1 : strcmp(*(char *const *)a, *(char *const *)b);
}

int fz_facts_profile_set(fz_facts_profile *p, const char *key, const char *const *values, size_t n,
                         fz_buf *err, size_t *bad) {
    *bad = n;
    if (strcmp(key, "units") == 0) {
        for (size_t i = 0; i < n; i++) {
            if (!values[i][0] || strlen(values[i]) > 32) {
                fz_buf_puts(err, "单位应为不超过 32 字节的词");
                *bad = i;
                return -1;
            }
        }
        for (size_t i = 0; i < p->units.n; i++) free(p->units.v[i]);
        p->units.n = 0;
        for (size_t i = 0; i < n; i++) fz_vec_push(&p->units, fz_xstrdup(values[i]));
        qsort(p->units.v, p->units.n, sizeof *p->units.v, S_unit_cmp);
        return 0;
    }
    if (strcmp(key, "ignore") == 0) {
        FZ_VEC(fz_regex *) res = {0};
        for (size_t i = 0; i < n; i++) {
            fz_regex *re = S_compile(values[i], err);
            if (!re) {
                for (size_t k = 0; k < res.n; k++) fz_regex_free(res.v[k]);
                fz_vec_free(&res);
                *bad = i;
                return -1;
            }
            fz_vec_push(&res, re);
        }
        for (size_t k = 0; k < p->ignore.n; k++) {
            S_lits_drop(p, p->ignore.v[k]);
            fz_regex_free(p->ignore.v[k]);
        }
        for (size_t k = 0; k < res.n; k++) S_lits_add(p, res.v[k], &values[k], 1, false);
        fz_vec_free(&p->ignore);
        p->ignore.v = res.v, p->ignore.n = res.n, p->ignore.cap = res.cap;
        return 0;
    }
    static const struct {
        const char *key;
        size_t off;
        const char *before, *after; /* how the alternatives are anchored */
        bool linked; /* read by the linker on labels and short spans: not scanned for */
    } keys[] = {
        {"label-cut", offsetof(fz_facts_profile, label_cut), "", "", false},
        {"label-trim", offsetof(fz_facts_profile, label_trim), "(?:", ")\\z", false},
        {"approx-before", offsetof(fz_facts_profile, approx_before), "(?:", ")\\z", false},
        {"approx-after", offsetof(fz_facts_profile, approx_after), "\\G(?:", ")", false},
        {"total-cues", offsetof(fz_facts_profile, total_cue), "", "", false},
        {"part-cues", offsetof(fz_facts_profile, part_cue), "", "", false},
        {"part-stop", offsetof(fz_facts_profile, part_stop), "", "", false},
        {"rate-label", offsetof(fz_facts_profile, rate_label), "", "", false},
        {"rate-word", offsetof(fz_facts_profile, rate_word), "", "", false},
        {"growth", offsetof(fz_facts_profile, growth), "", "", false},
        {"scope-words", offsetof(fz_facts_profile, scope_words), "", "", true},
        {"whole-cues", offsetof(fz_facts_profile, whole_cue), "(?:", ")\\z", true},
        {"entities", offsetof(fz_facts_profile, entity), "\\G(?:", ")", true},
    };
    for (size_t k = 0; k < sizeof keys / sizeof *keys; k++) {
        if (strcmp(key, keys[k].key) != 0) continue;
        fz_regex **slot = (fz_regex **)((char *)p + keys[k].off);
        if (n == 0) {
            S_lits_drop(p, *slot);
            S_regex_set(slot, NULL);
            return 0;
        }
        fz_buf all = {0};
        fz_buf_puts(&all, keys[k].before);
        for (size_t i = 0; i < n; i++) {
            /* each alternative alone first, so an error names its value */
            fz_regex *one = S_compile_jit(values[i], false, err);
            if (!one) {
                *bad = i;
                fz_buf_free(&all);
                return -1;
            }
            fz_regex_free(one);
            fz_buf_printf(&all, "%s(?:%s)", i ? "|" : "", values[i]);
        }
        fz_buf_puts(&all, keys[k].after);
        fz_regex *re = S_compile(all.ptr, err);
        fz_buf_free(&all);
        if (!re) return -1;
        S_lits_drop(p, *slot);
        S_regex_set(slot, re);
        if (!keys[k].linked) S_lits_add(p, re, values, n, strncmp(keys[k].before, "\\G", 2) == 0);
        return 0;
    }
    fz_buf_printf(err, "“facts”中未知的键“%s”", key);
    return -1;
}

int fz_facts_profile_add_indicator(fz_facts_profile *p, const char *name, const char *label,
                                   fz_buf *err) {
    if (!name || !*name) {
        fz_buf_puts(err, "指标缺少“name”");
        return -1;
    }
    if (!label || !*label) {
        fz_buf_puts(err, "指标缺少“label”");
        return -1;
    }
    fz_regex *re = S_compile(label, err);
    if (!re) return -1;
    fz_facts_indicator ind = {fz_xstrdup(name), re};
    fz_vec_push(&p->indicators, ind);
    S_lits_add(p, re, &label, 1, false);
    return 0;
}

int fz_facts_profile_add_outcomes(fz_facts_profile *p, const char *const fields[6], fz_buf *err) {
    static const char *const names[] = {"name",  "context",   "total",
                                        "parts", "aggregate", "members"};
    for (int i = 0; i < 4; i++)
        if (!fields[i] || !*fields[i]) {
            fz_buf_printf(err, "结果列表缺少“%s”", names[i]);
            return -1;
        }
    fz_facts_outcomes o = {.name = fz_xstrdup(fields[0])};
    fz_regex **slots[] = {NULL, &o.context, &o.total, &o.parts, &o.aggregate, &o.members};
    for (int i = 1; i < 6; i++) {
        if (!fields[i]) continue;
        fz_buf why = {0};
        *slots[i] = S_compile(fields[i], &why);
        if (!*slots[i]) {
            fz_buf_printf(err, "结果列表 %s 的 %s：%s", fields[0], names[i], why.ptr);
            fz_buf_free(&why);
            for (int k = 1; k < i; k++) fz_regex_free(*slots[k]);
            free(o.name);
            return -1;
        }
    }
    fz_vec_push(&p->outcomes, o);
    return 0;
}

int fz_facts_profile_add_rate_base(fz_facts_profile *p, const char *const fields[2], fz_buf *err) {
    if (!fields[0] || !*fields[0] || !fields[1] || !*fields[1]) {
        fz_buf_puts(err, "“rate-bases”的每一项应含 list 和 rate");
        return -1;
    }
    fz_buf why = {0};
    fz_regex *re = S_compile(fields[1], &why);
    if (!re) {
        fz_buf_printf(err, "rate-bases %s 的 rate：%s", fields[0], why.ptr);
        fz_buf_free(&why);
        return -1;
    }
    fz_facts_rate_base b = {fz_xstrdup(fields[0]), re};
    fz_vec_push(&p->rate_bases, b);
    return 0;
}

static const char *const S_check_names[FZ_FACTS_NCHECKS] = {"exceed",   "short",    "mismatch",
                                                            "full",     "over-100", "conflict",
                                                            "restated", "baseless", "short-subset"};
static const char *const S_check_types[FZ_FACTS_NCHECKS] = {
    "sum", "sum", "ratio", "ratio", "fact", "fact", "fact", "fact", "sum"};

int fz_facts_profile_add_rule(fz_facts_profile *p, const fz_facts_rule_spec *spec, fz_buf *err) {
    if (!spec->id || !*spec->id) {
        fz_buf_puts(err, "规则缺少“id”");
        return -1;
    }
    const char *type = spec->type ? spec->type : "";
    int check = -1;
    if (spec->check) {
        for (int c = 0; c < FZ_FACTS_NCHECKS; c++)
            if (strcmp(spec->check, S_check_names[c]) == 0 && strcmp(type, S_check_types[c]) == 0)
                check = c;
    } else if (strcmp(type, "sum") == 0) {
        check = FZ_FACTS_SUM_EXCEED;
    } else if (strcmp(type, "ratio") == 0) {
        check = FZ_FACTS_RATE_MISMATCH;
    }
    if (check < 0) {
        fz_buf_printf(
            err,
            "规则 %s 的 check“%s”不适用于 %s 规则（sum：exceed、short、short-subset；ratio："
            "mismatch、full；fact：over-100、conflict、restated、baseless）",
            spec->id, spec->check ? spec->check : "", type);
        return -1;
    }
    bool named = spec->rate || spec->numerator || spec->denominator;
    if (named &&
        !(check == FZ_FACTS_RATE_MISMATCH && spec->rate && spec->numerator && spec->denominator)) {
        fz_buf_printf(err,
                      "规则 %s：rate、numerator、denominator 须同时给出，且只用于 check 为 "
                      "mismatch 的 ratio 规则",
                      spec->id);
        return -1;
    }
    if (spec->numerator_from && !named) {
        fz_buf_printf(
            err, "规则 %s：numerator-from 只用于给出 rate、numerator、denominator 的 ratio 规则",
            spec->id);
        return -1;
    }
    fz_facts_rule r = {.check = (fz_facts_kind)check};
    const char *pats[4] = {spec->rate, spec->numerator, spec->denominator, spec->numerator_from};
    fz_regex **slots[4] = {&r.rate, &r.numerator, &r.denominator, &r.numerator_from};
    for (int i = 0; i < 4; i++) {
        if (!pats[i]) continue;
        fz_buf why = {0};
        *slots[i] = S_compile(pats[i], &why);
        if (!*slots[i]) {
            static const char *const names[] = {"rate", "numerator", "denominator",
                                                "numerator-from"};
            fz_buf_printf(err, "规则 %s 的 %s：%s", spec->id, names[i], why.ptr);
            fz_buf_free(&why);
            for (int k = 0; k < i; k++) fz_regex_free(*slots[k]);
            return -1;
        }
    }
    fz_vec_push(&p->rules, r);
    return 0;
}

fz_level fz_facts_default_level(fz_facts_kind check) {
    if (check == FZ_FACTS_SUM_SHORT_SUBSET) return FZ_LEVEL_INFO;
    return check == FZ_FACTS_SUM_EXCEED || check == FZ_FACTS_RATE_OVER ? FZ_LEVEL_ERROR
                                                                       : FZ_LEVEL_WARNING;
}

const char *fz_facts_profile_key(const fz_facts_profile *p, const fz_regex *re) {
    const fz_regex *one[] = {p->label_cut, p->label_trim, p->approx_before, p->approx_after,
                             p->total_cue, p->part_cue,   p->part_stop,     p->rate_label,
                             p->rate_word, p->growth,     p->scope_words,   p->whole_cue,
                             p->entity};
    static const char *const names[] = {"label-cut",  "label-trim", "approx-before", "approx-after",
                                        "total-cues", "part-cues",  "part-stop",     "rate-label",
                                        "rate-word",  "growth",     "scope-words",   "whole-cues",
                                        "entities"};
    for (size_t i = 0; i < sizeof one / sizeof *one; i++)
        if (one[i] && one[i] == re) return names[i];
    for (size_t i = 0; i < p->ignore.n; i++)
        if (p->ignore.v[i] == re) return "ignore";
    for (size_t i = 0; i < p->indicators.n; i++)
        if (p->indicators.v[i].label == re) return "indicators";
    for (size_t i = 0; i < p->outcomes.n; i++) {
        const fz_facts_outcomes *o = &p->outcomes.v[i];
        if (o->context == re || o->total == re || o->parts == re || o->aggregate == re ||
            o->members == re)
            return "outcomes";
    }
    for (size_t i = 0; i < p->rate_bases.n; i++)
        if (p->rate_bases.v[i].rate == re) return "rate-bases";
    for (size_t i = 0; i < p->rules.n; i++) {
        const fz_facts_rule *r = &p->rules.v[i];
        if (r->rate == re) return "rate";
        if (r->numerator == re) return "numerator";
        if (r->denominator == re) return "denominator";
        if (r->numerator_from == re) return "numerator-from";
    }
    return NULL;
}

bool fz_facts_profile_ready(const fz_facts_profile *p) {
    return p->units.n > 0;
}

#define S_APPEND(dst, src)                                                                         \
    do {                                                                                           \
        for (size_t k_ = 0; k_ < (src)->n; k_++) fz_vec_push(dst, (src)->v[k_]);                   \
        fz_vec_free(src);                                                                          \
    } while (0)

void fz_facts_profile_merge(fz_facts_profile *dst, fz_facts_profile *src) {
    if (src->units.n) {
        S_APPEND(&dst->units, &src->units);
        qsort(dst->units.v, dst->units.n, sizeof *dst->units.v, S_unit_cmp);
    }
    S_APPEND(&dst->ignore, &src->ignore);
    S_APPEND(&dst->indicators, &src->indicators);
    S_APPEND(&dst->outcomes, &src->outcomes);
    S_APPEND(&dst->rate_bases, &src->rate_bases);
    S_APPEND(&dst->rules, &src->rules);
    S_APPEND(&dst->lits, &src->lits);
    fz_regex **d[] = {&dst->label_cut, &dst->label_trim, &dst->approx_before, &dst->approx_after,
                      &dst->total_cue, &dst->part_cue,   &dst->part_stop,     &dst->rate_label,
                      &dst->rate_word, &dst->growth,     &dst->scope_words,   &dst->whole_cue,
                      &dst->entity};
    fz_regex **s[] = {&src->label_cut, &src->label_trim, &src->approx_before, &src->approx_after,
                      &src->total_cue, &src->part_cue,   &src->part_stop,     &src->rate_label,
                      &src->rate_word, &src->growth,     &src->scope_words,   &src->whole_cue,
                      &src->entity};
    for (size_t i = 0; i < sizeof d / sizeof *d; i++)
        if (*s[i]) {
            S_lits_drop(dst, *d[i]);
            S_regex_set(d[i], *s[i]);
            *s[i] = NULL;
        }
    fz_facts_profile_free(src);
}
