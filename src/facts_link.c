/* facts_link.c - the structures among a report's quantities: totals with their parts
 * (共…其中…, a bracketed breakdown) and rates with their numerator and denominator. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "facts_internal.h"
#include "text.h"

#define S_BRACKET_BYTES      600 /* a bracketed breakdown closes soon after it opens */
#define S_CONTEXT_BYTES      600 /* how far back an outcome list's context is looked for */
#define S_MAX_DEN_CANDIDATES 6
#define S_BASE_REACH         (4 * FZ_FACTS_REACH) /* quantities either side of a rate */

typedef struct S_scan {
    const char *t;
    size_t len;
    const fz_facts_profile *p;
    fz_matcher *m;
    fz_facts *f;
    bool valid;             /* the whole text is UTF-8 (the stage's always is) */
    size_t ss_pos, ss_last; /* S_sentence_start's walk: scanned up to, last start seen */
} S_scan;

static void S_push_sum(S_scan *sc, size_t total, const size_t *parts, size_t nparts, bool bracket,
                       size_t rest) {
    const fz_quantity *q = sc->f->quantities.v;
    fz_sum sm = {.total = total, .nparts = nparts, .bracket = bracket, .outcomes = -1};
    sm.parts = fz_xmalloc(nparts * sizeof *sm.parts);
    memcpy(sm.parts, parts, nparts * sizeof *parts);
    sm.approx = q[total].approx;
    sm.decimals = q[total].decimals;
    sm.tolerance = q[total].ulp / 2 + 1e-9;
    if (rest != (size_t)-1) {
        sm.has_rest = true;
        sm.rest = q[rest].value;
    }
    for (size_t k = 0; k < nparts; k++) {
        sm.sum += q[parts[k]].value;
        sm.tolerance += q[parts[k]].ulp / 2;
        sm.approx |= q[parts[k]].approx;
        if (q[parts[k]].decimals > sm.decimals) sm.decimals = q[parts[k]].decimals;
    }
    fz_vec_push(&sc->f->sums, sm);
}

enum { S_GAP_COMMA = 1, S_GAP_DUNHAO = 2 };

/* The separators between two quantities: a comma, an enumeration comma (、). */
static unsigned S_gap(const S_scan *sc, size_t from, size_t to) {
    unsigned g = 0;
    for (size_t i = from, n; i < to && i < sc->len; i += n) {
        int cp = fz_utf8_cp(sc->t + i, sc->len - i, &n);
        if (cp == ',' || cp == 0xFF0C) g |= S_GAP_COMMA;
        if (cp == 0x3001) g |= S_GAP_DUNHAO;
    }
    return g;
}

/* How many of the candidate parts are the parts: the first run that adds up to the
 * total; else, when all of them would exceed it, the list closed by a comma after
 * 、 (the counts after it are a new subject); else all of them. */
static size_t S_choose_parts(const fz_quantity *q, size_t total, const size_t *parts, size_t n,
                             size_t list_end) {
    double sum = 0, tol = q[total].ulp / 2 + 1e-9;
    for (size_t k = 0; k < n; k++) {
        sum += q[parts[k]].value;
        tol += q[parts[k]].ulp / 2;
        if (fabs(sum - q[total].value) <= tol) return k + 1;
    }
    if (list_end < n && sum > q[total].value + tol) return list_end;
    return n;
}

/* 共…52件，已办结50件，其中…16件…25件: the parts follow a part cue, the total is the
 * nearest count of the same unit before it (in the sentence, or the one before). */
static void S_find_sums(S_scan *sc, const fz_facts_cue *cues, size_t ncues) {
    const fz_quantity *q = sc->f->quantities.v;
    size_t nq = sc->f->quantities.n;
    FZ_VEC(size_t) parts = {0};
    for (size_t c = 0; c < ncues; c++) {
        const fz_facts_cue *cue = &cues[c];
        if (cue->sentence < 0 || cue->depth > 0) continue; /* bracketed: see below */
        size_t j = cue->qidx;
        while (j < nq && j < cue->qidx + FZ_FACTS_REACH && q[j].sentence == cue->sentence &&
               (q[j].depth != 0 || (q[j].flags & FZ_Q_PERCENT)))
            j++;
        if (j >= nq || q[j].sentence != cue->sentence) continue;
        size_t next_cue = c + 1 < ncues ? cues[c + 1].s : (size_t)-1, rest = (size_t)-1;
        parts.n = 0;
        /* parts joined by 、 end at a comma; the counts after it are kept as a
         * possible continuation (…驳回9件，经调解终止6件) */
        bool listed = false;
        size_t list_end = (size_t)-1;
        for (size_t k = j; k < nq && k < j + FZ_FACTS_REACH && q[k].sentence == cue->sentence;
             k++) {
            if (q[k].nstart >= next_cue) break;
            if (q[k].depth != 0) continue;
            if (q[k].flags & FZ_Q_PERCENT) break;
            if (parts.n && list_end == (size_t)-1) {
                unsigned gap = S_gap(sc, q[parts.v[parts.n - 1]].nend, q[k].nstart);
                if (listed && (gap & S_GAP_COMMA)) list_end = parts.n;
                listed |= (gap & S_GAP_DUNHAO) != 0;
            }
            if (k > j && (q[k].flags & FZ_Q_STOP) && fz_facts_same_unit(&q[k], &q[j])) rest = k;
            if (k > j && (q[k].flags & (FZ_Q_TOTAL | FZ_Q_STOP))) break;
            if (!fz_facts_same_unit(&q[k], &q[j])) continue;
            fz_vec_push(&parts, k);
        }
        if (!parts.n || (q[j].flags & FZ_Q_STOP)) continue;
        /* the total is in the cue's sentence; in the one before only when the cue
         * opens its sentence (共…52件。其中…) */
        bool own = cue->qidx > 0 && q[cue->qidx - 1].sentence == cue->sentence;
        size_t total = (size_t)-1;
        for (size_t t = cue->qidx; t-- > 0 && t + FZ_FACTS_REACH > cue->qidx;) {
            if (q[t].para != cue->para || q[t].sentence < cue->sentence - 1) break;
            if (q[t].sentence != cue->sentence && own) break;
            /* 另有3件仍在审理 is what a total leaves out, never a total */
            if (q[t].depth != 0 || (q[t].flags & (FZ_Q_PERCENT | FZ_Q_STOP)) ||
                !fz_facts_same_unit(&q[t], &q[j]))
                continue;
            total = t;
            break;
        }
        if (total == (size_t)-1) continue;
        size_t n = S_choose_parts(q, total, parts.v, parts.n, list_end);
        S_push_sum(sc, total, parts.v, n, false, n == parts.n ? rest : (size_t)-1);
    }
    fz_vec_free(&parts);
}

/* 203宗（行政许可40宗、行政处罚163宗）: the parts are in the brackets after the total. */
static void S_find_bracket_sums(S_scan *sc) {
    const fz_quantity *q = sc->f->quantities.v;
    size_t nq = sc->f->quantities.n;
    FZ_VEC(size_t) parts = {0};
    for (size_t t = 0; t < nq; t++) {
        if (q[t].flags & FZ_Q_PERCENT) continue;
        size_t i = q[t].nend, n;
        int cp = fz_utf8_cp(sc->t + i, sc->len - i, &n);
        while (cp == ' ' && i + n < sc->len) i += n, cp = fz_utf8_cp(sc->t + i, sc->len - i, &n);
        if (!fz_facts_open(cp)) continue;
        size_t close = i + n, lim = i + S_BRACKET_BYTES;
        int depth = 1;
        while (close < sc->len && close < lim && depth > 0) {
            cp = fz_utf8_cp(sc->t + close, sc->len - close, &n);
            if (fz_facts_open(cp))
                depth++;
            else if (fz_facts_close(cp))
                depth--;
            else if (fz_facts_sentence_end(cp))
                break;
            close += n;
        }
        if (depth != 0) continue;
        parts.n = 0;
        size_t rest = (size_t)-1;
        for (size_t k = t + 1; k < nq && k <= t + FZ_FACTS_REACH && q[k].nstart < close; k++) {
            if (q[k].depth != q[t].depth + 1) continue;
            if (q[k].flags & FZ_Q_STOP) {
                if (fz_facts_same_unit(&q[k], &q[t])) rest = k;
                break;
            }
            if ((q[k].flags & FZ_Q_PERCENT) || !fz_facts_same_unit(&q[k], &q[t])) continue;
            fz_vec_push(&parts, k);
        }
        if (parts.n) S_push_sum(sc, t, parts.v, parts.n, true, rest);
    }
    fz_vec_free(&parts);
}

static bool S_label_matches(S_scan *sc, const fz_regex *re, const fz_quantity *q) {
    return re && fz_regex_test(sc->m, re, q->label, strlen(q->label));
}

/* Marks the total and the parts of every sum from the first in used. */
static void S_mark_sums(const fz_facts *f, size_t first, bool *used) {
    for (size_t k = first; k < f->sums.n; k++) {
        used[f->sums.v[k].total] = true;
        for (size_t j = 0; j < f->sums.v[k].nparts; j++) used[f->sums.v[k].parts[j]] = true;
    }
}

/* The outcome list whose total pattern the label of t matches and whose context is
 * nearest before it in its paragraph (复议 …审结21件: 行政复议), or -1. */
static int S_outcomes_of(S_scan *sc, const fz_quantity *t) {
    size_t from = t->label_nstart > S_CONTEXT_BYTES ? t->label_nstart - S_CONTEXT_BYTES : 0;
    for (size_t i = t->label_nstart; i > from; i--)
        if (sc->t[i - 1] == '\n') {
            from = i;
            break;
        }
    while (from < t->label_nstart && ((unsigned char)sc->t[from] & 0xC0) == 0x80) from++;
    if (!fz_utf8_valid(sc->t + from, t->label_nend - from)) return -1;
    int best = -1;
    size_t best_at = 0;
    for (size_t o = 0; o < sc->p->outcomes.n; o++) {
        const fz_facts_outcomes *oc = &sc->p->outcomes.v[o];
        if (!S_label_matches(sc, oc->total, t)) continue;
        size_t pos = from, s, e;
        while (pos < t->label_nend && fz_regex_match(sc->m, oc->context, sc->t, t->label_nend, pos,
                                                     &s, &e) == FZ_MATCH_OK) {
            if (best < 0 || s + 1 > best_at) best = (int)o, best_at = s + 1;
            size_t n = 1;
            if (e <= pos) fz_utf8_cp(sc->t + pos, sc->len - pos, &n);
            pos = e > pos ? e : pos + n;
        }
    }
    return best;
}

/* Whether a part cue stands in t[from, to). */
static bool S_cue_between(const fz_facts_cue *cues, size_t ncues, size_t from, size_t to) {
    for (size_t c = 0; c < ncues; c++)
        if (cues[c].s >= from && cues[c].s < to) return true;
    return false;
}

/* 审结30件，维持18件，驳回4件…: the counts after a total whose labels are outcomes of its
 * list are its parts, without a part cue.  An aggregate part (纠错) followed by members
 * (撤销, 变更 …) that add up to it keeps them out of the sum: they are its breakdown. */
static void S_find_outcome_sums(S_scan *sc, const fz_facts_cue *cues, size_t ncues) {
    const fz_quantity *q = sc->f->quantities.v;
    size_t nq = sc->f->quantities.n;
    FZ_VEC(size_t) parts = {0};
    bool *used = fz_xcalloc(nq ? nq : 1, sizeof *used); /* in a sum already */
    S_mark_sums(sc->f, 0, used);
    for (size_t t = 0; t < nq && sc->p->outcomes.n; t++) {
        if ((q[t].flags & FZ_Q_PERCENT) || q[t].depth != 0 || used[t]) continue;
        int o = S_outcomes_of(sc, &q[t]);
        if (o < 0) continue;
        const fz_facts_outcomes *oc = &sc->p->outcomes.v[o];
        if (S_label_matches(sc, oc->parts, &q[t])) continue; /* 调解结案22件: an outcome */
        parts.n = 0;
        size_t prev = t, rest = (size_t)-1;
        for (size_t k = t + 1; k < nq && k <= t + FZ_FACTS_REACH && q[k].sentence == q[t].sentence;
             k++) {
            if (q[k].depth != 0) continue;
            if ((q[k].flags & FZ_Q_STOP) && fz_facts_same_unit(&q[k], &q[t])) rest = k;
            if ((q[k].flags & (FZ_Q_PERCENT | FZ_Q_TOTAL | FZ_Q_STOP)) ||
                S_cue_between(cues, ncues, q[prev].nend, q[k].nstart))
                break;
            if (!fz_facts_same_unit(&q[k], &q[t])) continue;
            if (!S_label_matches(sc, oc->parts, &q[k])) break;
            fz_vec_push(&parts, k);
            prev = k;
        }
        /* 纠错5件，撤销3件，变更2件: members after an aggregate, as long as they fit in it,
         * are its breakdown (all of it or some: 纠错5件，撤销3件，驳回2件) */
        for (size_t a = 0; oc->aggregate && oc->members && a < parts.n; a++) {
            const fz_quantity *ag = &q[parts.v[a]];
            if (!S_label_matches(sc, oc->aggregate, ag)) continue;
            double sum = 0;
            size_t m = a + 1;
            while (m < parts.n && S_label_matches(sc, oc->members, &q[parts.v[m]]) &&
                   sum + q[parts.v[m]].value <= ag->value + ag->ulp / 2 + 1e-9)
                sum += q[parts.v[m++]].value;
            memmove(parts.v + a + 1, parts.v + m, (parts.n - m) * sizeof *parts.v);
            parts.n -= m - a - 1;
        }
        if (parts.n < 2) continue;
        S_push_sum(sc, t, parts.v, parts.n, false, rest);
        sc->f->sums.v[sc->f->sums.n - 1].outcomes = o;
        sc->f->sums.v[sc->f->sums.n - 1].list = oc->name;
        S_mark_sums(sc->f, sc->f->sums.n - 1, used);
        q = sc->f->quantities.v;
    }
    free(used);
    fz_vec_free(&parts);
}

#define S_SENTENCE_BYTES 600 /* how far back a figure's scope words are looked for */
#define S_MAX_SCOPES     8

static uint64_t S_hash(const char *s, size_t n) {
    uint64_t h = 1469598103934665603u;
    for (size_t i = 0; i < n; i++) h = (h ^ (unsigned char)s[i]) * 1099511628211u;
    return h;
}

static int S_u64_cmp(const void *a, const void *b) {
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return x < y ? -1 : x > y;
}

/* Where the sentence of the figure at `at` starts (600 bytes back at most). */
/* The start of the sentence at `at`, at most S_SENTENCE_BYTES back.  Quantities come in
 * text order: the walk goes on from the previous call's position instead of going back
 * (each byte decoded once, not once per figure after it). */
static size_t S_sentence_start(S_scan *sc, size_t at) {
    size_t from = at > S_SENTENCE_BYTES ? at - S_SENTENCE_BYTES : 0, n, i;
    while (from < at && ((unsigned char)sc->t[from] & 0xC0) == 0x80) from++;
    if (sc->ss_pos > at || sc->ss_pos < from) sc->ss_pos = sc->ss_last = from;
    for (i = sc->ss_pos; i < at; i += n) {
        int cp = fz_utf8_cp(sc->t + i, sc->len - i, &n);
        if (fz_facts_sentence_end(cp)) sc->ss_last = i + n;
    }
    sc->ss_pos = i;
    return sc->ss_last > from ? sc->ss_last : from;
}

/* What makes two statements the same thing (facts_check.c, `restated`): the nearest
 * earlier count of the sentence (the base a rate or a count is of), the set of scope
 * words before the figure in its sentence (2023年, 累计, 一审 …), and for a count of the
 * whole jurisdiction (全县15个乡镇) what it counts. */
static void S_find_statements(S_scan *sc) {
    fz_quantity *q = sc->f->quantities.v;
    size_t nq = sc->f->quantities.n;
    for (size_t i = 0; i < nq; i++) {
        q[i].base = SIZE_MAX;
        for (size_t k = i; k-- > 0 && k + FZ_FACTS_REACH > i && q[k].sentence == q[i].sentence;)
            if (!(q[k].flags & FZ_Q_PERCENT) && q[k].depth == q[i].depth) {
                q[i].base = k;
                break;
            }
        size_t start = S_sentence_start(sc, q[i].nstart), pos = start, s, e;
        /* the stage's text is well-formed; a caller's may not be, and PCRE2 does not check */
        size_t after = sc->len - q[i].nend < 64 ? sc->len : q[i].nend + 64;
        while (after > q[i].nend && after < sc->len && ((unsigned char)sc->t[after] & 0xC0) == 0x80)
            after--;
        bool valid = sc->valid || (fz_utf8_valid(sc->t + start, q[i].nstart - start) &&
                                   fz_utf8_valid(sc->t + q[i].nend, after - q[i].nend));
        uint64_t h[S_MAX_SCOPES];
        size_t nh = 0;
        while (valid && sc->p->scope_words && nh < S_MAX_SCOPES && pos < q[i].nstart &&
               fz_regex_match(sc->m, sc->p->scope_words, sc->t, q[i].nstart, pos, &s, &e) ==
                   FZ_MATCH_OK &&
               e > s) {
            h[nh++] = S_hash(sc->t + s, e - s);
            pos = e;
        }
        qsort(h, nh, sizeof *h, S_u64_cmp);
        q[i].scope = 0;
        for (size_t k = 0; k < nh; k++)
            if (!k || h[k] != h[k - 1]) q[i].scope = q[i].scope * 31 + h[k];
        q[i].entity[0] = '\0';
        if (!valid || !sc->p->entity || (q[i].flags & FZ_Q_PERCENT) ||
            fz_regex_match(sc->m, sc->p->entity, sc->t, after, q[i].nend, &s, &e) != FZ_MATCH_OK ||
            s != q[i].nend || e - s >= FZ_FACTS_ENTITY_BYTES)
            continue;
        memcpy(q[i].entity, sc->t + s, e - s);
        q[i].entity[e - s] = '\0';
        size_t from = start;
        if (sc->p->whole_cue && fz_regex_match(sc->m, sc->p->whole_cue, sc->t, q[i].nstart, from,
                                               &s, &e) == FZ_MATCH_OK)
            q[i].flags |= FZ_Q_WHOLE;
    }
    for (size_t k = 0; k < sc->f->sums.n; k++) /* a part is of its total */
        for (size_t j = 0; j < sc->f->sums.v[k].nparts; j++)
            q[sc->f->sums.v[k].parts[j]].base = sc->f->sums.v[k].total;
}

/* Whether the report counts cases of outcome list o: a count whose sentence names its
 * context before it (行政复议…3件, 共涉及行政案件18件), or a sum read as that list.  A
 * mention after the counts (…59件，处罚案件无行政复议) does not count them. */
static bool S_list_counted(S_scan *sc, int o) {
    const fz_quantity *q = sc->f->quantities.v;
    const fz_facts_outcomes *oc = &sc->p->outcomes.v[o];
    for (size_t k = 0; k < sc->f->sums.n; k++)
        if (sc->f->sums.v[k].outcomes == o) return true;
    for (size_t i = 0; i < sc->f->quantities.n; i++) {
        if (q[i].flags & FZ_Q_PERCENT) continue;
        size_t from = S_sentence_start(sc, q[i].nstart), to = q[i].nstart, s, e;
        if ((sc->valid || fz_utf8_valid(sc->t + from, to - from)) &&
            fz_regex_match(sc->m, oc->context, sc->t, to, from, &s, &e) == FZ_MATCH_OK)
            return true;
    }
    return false;
}

/* 行政复议维持率100% in a report that gives no 复议 case: rates of an outcome list's cases
 * (the pack's rate-bases) where the report never counts any. */
static void S_find_baseless(S_scan *sc) {
    const fz_quantity *q = sc->f->quantities.v;
    for (size_t b = 0; b < sc->p->rate_bases.n; b++) {
        const fz_facts_rate_base *rb = &sc->p->rate_bases.v[b];
        int o = -1, counted = -1; /* counted: unknown until a rate asks */
        for (size_t k = 0; k < sc->p->outcomes.n && o < 0; k++)
            if (strcmp(sc->p->outcomes.v[k].name, rb->list) == 0) o = (int)k;
        for (size_t r = 0; o >= 0 && r < sc->f->quantities.n; r++) {
            if (!(q[r].flags & FZ_Q_RATE) || (q[r].flags & FZ_Q_GROWTH) ||
                !S_label_matches(sc, rb->rate, &q[r]))
                continue;
            if (counted < 0) counted = S_list_counted(sc, o);
            if (counted) break;
            fz_baseless x = {r, (int)b};
            fz_vec_push(&sc->f->baseless, x);
        }
    }
}

/* Whether the characters of stem occur in label in order (调成 in 调解成功). */
static bool S_subsequence(const char *stem, size_t slen, const char *label, size_t llen) {
    size_t i = 0, j = 0;
    while (i < slen) {
        size_t n;
        int cp = fz_utf8_cp(stem + i, slen - i, &n);
        bool found = false;
        while (j < llen) {
            size_t n2;
            int c2 = fz_utf8_cp(label + j, llen - j, &n2);
            j += n2;
            if (c2 == cp) {
                found = true;
                break;
            }
        }
        if (!found) return false;
        i += n;
    }
    return true;
}

/* Whether label starts with the first two characters of stem. */
static bool S_starts_like(const char *stem, size_t slen, const char *label) {
    size_t n1, n2;
    if (fz_utf8_cp(stem, slen, &n1) < 0 || n1 >= slen || fz_utf8_cp(stem + n1, slen - n1, &n2) < 0)
        return false;
    return strncmp(stem, label, n1 + n2) == 0;
}

/* 审结30件，维持18件，…撤销5件，确认违法2件…，纠错率23.3%: the numerator of a rate after
 * an outcome list the rule names (nearest before it, in its sentence or the one before)
 * is the list's aggregate part (纠错5件) or else the sum of its members (撤销+变更+…), when
 * the list is complete (its parts add up to its total: a member left out would change the
 * sum).  Returns the sum's index (num: the aggregate or first member, *value), or -1. */
static int S_numerator_sum(S_scan *sc, const fz_facts_rule *rule, size_t r, size_t *num,
                           double *value, uint64_t *mask) {
    const fz_quantity *q = sc->f->quantities.v;
    for (size_t k = sc->f->sums.n; k-- > 0;) {
        const fz_sum *sm = &sc->f->sums.v[k];
        const fz_quantity *t = &q[sm->total];
        if (sm->total > r || t->para != q[r].para || t->sentence + 1 < q[r].sentence) continue;
        /* a 其中 list is one when its total and every part are the list's (审结…其中维持…) */
        int o = sm->outcomes >= 0 ? sm->outcomes : sm->bracket ? -1 : S_outcomes_of(sc, t);
        if (o < 0) continue;
        const fz_facts_outcomes *oc = &sc->p->outcomes.v[o];
        bool all = true;
        for (size_t j = 0; j < sm->nparts && all; j++)
            all = S_label_matches(sc, oc->parts, &q[sm->parts[j]]);
        if (!all) continue;
        if (!oc->members || !fz_regex_test(sc->m, rule->numerator_from, oc->name, strlen(oc->name)))
            continue;
        if (sm->approx || t->approx || fabs(sm->sum - t->value) > sm->tolerance) return -1;
        double sum = 0;
        size_t first = (size_t)-1;
        *mask = 0;
        for (size_t j = 0; j < sm->nparts && j < 64; j++)
            if (S_label_matches(sc, oc->aggregate, &q[sm->parts[j]])) { /* 纠错5件: stated */
                *num = sm->parts[j];
                *value = q[sm->parts[j]].value;
                *mask = (uint64_t)1 << j;
                return (int)k;
            }
        for (size_t j = 0; j < sm->nparts && j < 64; j++)
            if (S_label_matches(sc, oc->members, &q[sm->parts[j]])) {
                if (first == (size_t)-1) first = sm->parts[j];
                sum += q[sm->parts[j]].value;
                *mask |= (uint64_t)1 << j;
            }
        if (first == (size_t)-1 || sm->nparts > 64) return -1;
        *num = first;
        *value = sum;
        return (int)k;
    }
    return -1;
}

/* 推送…548件，推送率69.89%: the numerator is the nearest earlier count of the
 * sentence whose label carries the rate's stem (or matches a named rule), the
 * denominator an earlier, larger count of the same unit. */
static void S_find_ratios(S_scan *sc) {
    const fz_facts_profile *p = sc->p;
    const fz_quantity *q = sc->f->quantities.v;
    size_t nq = sc->f->quantities.n;
    int generic = -1;
    for (size_t r = 0; r < p->rules.n; r++)
        if (p->rules.v[r].check == FZ_FACTS_RATE_MISMATCH && !p->rules.v[r].rate) {
            generic = (int)r;
            break;
        }
    for (size_t r = 0; r < nq; r++) {
        if (!(q[r].flags & FZ_Q_RATE) || q[r].approx || (q[r].flags & FZ_Q_GROWTH)) continue;
        int rule = -1;
        for (size_t k = 0; k < p->rules.n; k++)
            if (p->rules.v[k].rate && S_label_matches(sc, p->rules.v[k].rate, &q[r])) {
                rule = (int)k;
                break;
            }
        const fz_facts_rule *named = rule >= 0 ? &p->rules.v[rule] : NULL;
        /* the generic stem: the label up to its last rate word */
        size_t slen = 0;
        if (!named) {
            if (generic < 0) continue;
            rule = generic;
            size_t llen = strlen(q[r].label), from = 0, s, e;
            slen = llen;
            for (int guard = 0; guard < 8 && p->rate_word &&
                                fz_regex_match(sc->m, p->rate_word, q[r].label, llen, from, &s,
                                               &e) == FZ_MATCH_OK &&
                                e > s;
                 guard++)
                slen = s, from = e;
            size_t chars = 0;
            for (size_t b = 0; b < slen; b++)
                if (((unsigned char)q[r].label[b] & 0xC0) != 0x80) chars++;
            if (chars < 2) continue;
        }
        size_t num = (size_t)-1, den = (size_t)-1;
        double numerator = 0;
        int num_sum = -1;
        uint64_t mask = 0;
        if (named && named->numerator_from) {
            num_sum = S_numerator_sum(sc, named, r, &num, &numerator, &mask);
            if (num_sum >= 0) den = sc->f->sums.v[num_sum].total;
        }
        /* generic: first a label carrying the whole stem in order, then one that
         * starts like it (调处成功率 ~ 调处化解) */
        for (int pass = 0; pass < (named ? 1 : 2) && num == (size_t)-1; pass++) {
            for (size_t k = r;
                 k-- > 0 && k + FZ_FACTS_REACH > r && q[k].sentence == q[r].sentence;) {
                if (q[k].flags & FZ_Q_PERCENT) continue;
                bool ok = named ? S_label_matches(sc, named->numerator, &q[k])
                          : pass == 0
                              ? S_subsequence(q[r].label, slen, q[k].label, strlen(q[k].label))
                              : S_starts_like(q[r].label, slen, q[k].label);
                if (ok) {
                    num = k;
                    numerator = q[k].value;
                    break;
                }
            }
        }
        if (num == (size_t)-1 || q[num].approx) continue;
        size_t cand[S_MAX_DEN_CANDIDATES], nc = 0;
        for (size_t k = num; den == (size_t)-1 && k-- > 0 && k + FZ_FACTS_REACH > num &&
                             q[k].sentence == q[r].sentence && nc < S_MAX_DEN_CANDIDATES;) {
            if ((q[k].flags & FZ_Q_PERCENT) || !fz_facts_same_unit(&q[k], &q[num]) || q[k].approx)
                continue;
            if (q[k].value < numerator || q[k].value <= 0) continue;
            if (named && !S_label_matches(sc, named->denominator, &q[k])) continue;
            cand[nc++] = k;
        }
        if (den == (size_t)-1 && !nc) continue;
        if (den == (size_t)-1) den = cand[0];
        bool agrees = fz_rate_agrees(q[r].value, q[r].decimals, numerator, q[den].value);
        for (size_t c = 0; c < nc && !agrees; c++)
            if (fz_rate_agrees(q[r].value, q[r].decimals, numerator, q[cand[c]].value))
                den = cand[c], agrees = true;
        /* before it is called wrong, every count of its paragraph before it that could be
         * its base (within reach: a paragraph may be a whole report; a count after the
         * rate, 协议履行248件, is not what it was computed on) */
        size_t lo = r > S_BASE_REACH ? r - S_BASE_REACH : 0;
        for (size_t k = lo; k < r && !agrees; k++) {
            if (q[k].para != q[r].para || k == num || (q[k].flags & FZ_Q_PERCENT) || q[k].approx ||
                !fz_facts_same_unit(&q[k], &q[num]) || q[k].value < numerator || q[k].value <= 0)
                continue;
            if (fz_rate_agrees(q[r].value, q[r].decimals, numerator, q[k].value))
                den = k, agrees = true;
        }
        fz_ratio ra = {.rate = r,
                       .num = num,
                       .den = den,
                       .numerator = numerator,
                       .computed = numerator / q[den].value * 100,
                       .rule = rule,
                       .num_sum = num_sum,
                       .num_parts = mask};
        fz_vec_push(&sc->f->ratios, ra);
    }
}

void fz_facts_link(fz_facts *f, const char *t, size_t len, const fz_facts_profile *p, fz_matcher *m,
                   const fz_facts_cue *cues, size_t ncues) {
    S_scan sc = {.t = t, .len = len, .p = p, .m = m, .f = f, .valid = fz_utf8_valid(t, len)};
    S_find_sums(&sc, cues, ncues);
    S_find_bracket_sums(&sc);
    S_find_outcome_sums(&sc, cues, ncues);
    S_find_statements(&sc);
    S_find_ratios(&sc);
    for (size_t k = 0; k < f->ratios.n; k++) /* a paired rate is of its denominator */
        f->quantities.v[f->ratios.v[k].rate].base = f->ratios.v[k].den;
    S_find_baseless(&sc);
}
