/* rule_require.c - the require type: patterns that must occur in a scope (at-least of them). */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rule_type.h"

typedef struct S_set {
    fz_regexes patterns;
    int at_least;   /* how many of the patterns must occur (default 1) */
    int if_missing; /* when the scope is absent: 1 report, 0 stay silent, -1 default */
    /* anchor: where a missing figure belongs.  The first heading that anchor_heading
     * matches, before any part of anchor_before; else anchor_part's heading. */
    fz_regex *anchor_heading;
    int anchor_part; /* section rule index, -1: none */
    FZ_VEC(int) anchor_before;
} S_set;

/* Where the finding of a missing figure goes: a point at the heading of the part it
 * belongs in, or false (the scope's first line, as without an anchor). */
static bool S_anchor(fz_eng *e, const fz_rule *rule, fz_span *at) {
    const S_set *s = rule->set;
    const fz_outline *o = &e->r->outline;
    size_t limit = SIZE_MAX; /* the plans or shortcomings start: no figure of the year there */
    for (size_t k = 0; k < s->anchor_before.n; k++) {
        const fz_found *f = &e->sections[s->anchor_before.v[k]];
        if (f->found && f->span.start < limit) limit = f->span.start;
    }
    for (size_t i = 0; s->anchor_heading && i < o->nlines; i++) {
        const fz_line *l = fz_outline_at(o, i);
        if (l->kind != FZ_LINE_HEADING) continue;
        if (l->start >= limit) break;
        fz_spans one = {0};
        fz_vec_push(&one, ((fz_span){l->marker_end, l->heading_end}));
        int rc = fz_eng_any_match(e, rule, &one, s->anchor_heading);
        fz_vec_free(&one);
        if (rc == FZ_MATCH_OK) return *at = (fz_span){l->start, l->start}, true;
    }
    if (s->anchor_part >= 0 && e->sections[s->anchor_part].found) {
        size_t start = e->sections[s->anchor_part].locus.start;
        return *at = (fz_span){start, start}, true;
    }
    return false;
}

static void S_check(fz_eng *e, const fz_rule *rule) {
    const S_set *s = rule->set;
    fz_spans units = {0};
    fz_eng_units(e, &rule->scope, &units);
    /* A missing section is the section rule's finding, not this one's. */
    bool report_missing = s->if_missing >= 0 ? s->if_missing : rule->scope.kind != FZ_SCOPE_SECTION;
    if (units.n == 0 && !report_missing) {
        fz_vec_free(&units);
        return;
    }
    long found = 0;
    for (size_t p = 0; p < s->patterns.n && found < s->at_least; p++) {
        int rc = fz_eng_any_match(e, rule, &units, s->patterns.v[p]);
        if (rc == FZ_MATCH_LIMIT) goto done;
        found += rc == FZ_MATCH_OK;
    }
    if (found < s->at_least) {
        fz_span at;
        if (!S_anchor(e, rule, &at)) at = fz_eng_scope_locus(e, &units);
        char expected[24];
        snprintf(expected, sizeof expected, "%d", s->at_least);
        fz_msgargs a = {.expected = expected, .count = found};
        fz_eng_report(e, rule, rule->level, at, NULL, &a);
    }
done:
    fz_vec_free(&units);
}

static void S_k_pattern(fz_pack *c, fz_rule *r, const fz_ynode *v) {
    fz_pack_patterns(c, r, v, &((S_set *)r->set)->patterns, false, NULL);
}
static void S_k_at_least(fz_pack *c, fz_rule *r, const fz_ynode *v) {
    fz_pack_int(c, v, "at-least", 1, 1000, &((S_set *)r->set)->at_least);
}
static void S_k_if_missing(fz_pack *c, fz_rule *r, const fz_ynode *v) {
    S_set *s = r->set;
    if (v->kind == FZ_Y_SCALAR && strcmp(v->str, "report") == 0)
        s->if_missing = 1;
    else if (v->kind == FZ_Y_SCALAR && strcmp(v->str, "skip") == 0)
        s->if_missing = 0;
    else
        fz_pack_error(c, v, "“if-missing”应为 report 或 skip");
}

static void S_anchor_part(fz_rule *r, int index, const char *id) {
    (void)id;
    ((S_set *)r->set)->anchor_part = index;
}
static void S_anchor_before(fz_rule *r, int index, const char *id) {
    (void)id;
    fz_vec_push(&((S_set *)r->set)->anchor_before, index);
}

/* anchor: {heading: pattern, part: section, before: section or list} */
static void S_k_anchor(fz_pack *c, fz_rule *r, const fz_ynode *v) {
    S_set *s = r->set;
    if (v->kind != FZ_Y_MAP) {
        fz_pack_error(c, v, "“anchor”应为映射（heading、part、before）");
        return;
    }
    for (size_t i = 0; i + 1 < v->n; i += 2) {
        const char *k = v->items[i]->str;
        const fz_ynode *x = v->items[i + 1];
        if (!strcmp(k, "heading")) {
            fz_regex_free(s->anchor_heading);
            s->anchor_heading = fz_pack_regex(c, x, r->normalize);
        } else if (!strcmp(k, "part") || !strcmp(k, "before")) {
            const fz_ynode *one[1] = {x};
            const fz_ynode *const *items =
                x->kind == FZ_Y_SEQ ? (const fz_ynode *const *)x->items : one;
            size_t n = x->kind == FZ_Y_SEQ ? x->n : 1;
            for (size_t j = 0; j < n; j++) {
                const char *id = fz_pack_str(c, items[j], k);
                if (id)
                    fz_pack_section_ref(c, r, id, items[j],
                                        !strcmp(k, "part") ? S_anchor_part : S_anchor_before);
            }
        } else {
            fz_pack_error(c, v->items[i], "“anchor”中未知的键“%s”（可用：heading、part、before）",
                          k);
        }
    }
}

static void S_init(fz_rule *r) {
    S_set *s = r->set;
    s->at_least = 1;
    s->if_missing = -1;
    s->anchor_part = -1;
}

static void S_finish(fz_pack *c, fz_rule *r, const fz_ynode *m) {
    const S_set *s = r->set;
    if (!fz_ymap_get(m, "pattern")) fz_pack_error(c, m, "规则 %s 缺少“pattern”", r->short_id);
    if (s->at_least > (int)s->patterns.n && s->patterns.n)
        fz_pack_error(c, fz_ymap_get(m, "at-least"), "“at-least”大于所列模式的个数");
}

static void S_patterns(const fz_rule *r, void (*add)(void *, const fz_regex *), void *ctx) {
    fz_regexes_each(&((const S_set *)r->set)->patterns, add, ctx);
}

static void S_free(fz_rule *r) {
    S_set *s = r->set;
    fz_regexes_free(&s->patterns);
    fz_regex_free(s->anchor_heading);
    fz_vec_free(&s->anchor_before);
}

static const fz_rule_key S_keys[] = {
    {"pattern", S_k_pattern, false},
    {"at-least", S_k_at_least, true},
    {"if-missing", S_k_if_missing, false},
    {"anchor", S_k_anchor, false},
};

const fz_rule_def fz_rule_require_def = {.name = "require",
                                         .scoped = true,
                                         .normalize = true,
                                         .default_scope = FZ_SCOPE_BODY,
                                         .keys = S_keys,
                                         .nkeys = sizeof S_keys / sizeof *S_keys,
                                         .size = sizeof(S_set),
                                         .init = S_init,
                                         .finish = S_finish,
                                         .check = S_check,
                                         .patterns = S_patterns,
                                         .free = S_free};
