/* facts_extract.c - the quantities of a report: number, unit, label, clause and flags. */
#include <stdlib.h>
#include <string.h>

#include "facts_index.h"
#include "text.h"

/* Bounds: a label is a short noun phrase; brackets nest a few levels deep. */
#define S_LABEL_CHARS  40
#define S_MAX_DEPTH    8
#define S_CLAUSE_BYTES 240 /* how far back a cue word is looked for */

#define S_CP_DI 0x7B2C /* 第: an ordinal, not a count */

typedef struct S_scan {
    fz_facts_index ix; /* where the profile's literals are */
    fz_facts_slot *cut, *trim, *before, *after, *rate, *total, *stop, *growth, *cue;
    fz_facts_slot **ind, **ign; /* per indicator, per ignore pattern */
    bool ind_all;               /* every indicator has literals: ix.ind_any holds them all */
    const char *t;
    size_t len;
    const fz_facts_profile *p;
    fz_matcher *m;
    fz_facts *f;
    size_t *ulen;         /* the units' lengths */
    int *unext;           /* the next unit (in order) with the same first character */
    fz_cpmap unit_map;    /* first character -> the first unit with it */
    bool unit_odd;        /* a unit without a first character: compare them all */
    size_t pct;           /* index of the unit "%", or SIZE_MAX */
    bool unit_first[256]; /* first bytes of the units (and of '％') */
    fz_buf labels;        /* the quantities' labels, each NUL-terminated, in order */
} S_scan;

static int S_cmp_range(const void *a, const void *b) {
    const fz_facts_range *x = a, *y = b;
    return x->s < y->s ? -1 : x->s > y->s ? 1 : (x->e < y->e ? -1 : x->e > y->e);
}

/* Punctuation, spaces and symbols end a label; so do digits. */
static bool S_is_stop(int cp) {
    if (cp < 0) return true;
    if (cp < 0x80) return !((cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z'));
    return (cp >= 0x2000 && cp <= 0x206F) || (cp >= 0x3000 && cp <= 0x303F && cp != 0x3007) ||
           (cp >= 0xFF00 && cp <= 0xFF20) || (cp >= 0xFF3B && cp <= 0xFF40) ||
           (cp >= 0xFF5B && cp <= 0xFF65) || (cp >= 0xFE30 && cp <= 0xFE4F) || cp == 0x00B7 ||
           cp == 0x00A0;
}

/* All matches of re in t, appended to out.  Empty matches advance by one character. */
static void S_all_matches(S_scan *sc, const fz_regex *re, fz_facts_slot *sl, void *outv,
                          bool cues) {
    size_t pos = 0, s, e;
    while (pos <= sc->len) {
        size_t start = pos;
        if (sl) { /* no literal left: no match; a prefix set: no match before the next */
            size_t k = fz_facts_occ_from(sl, pos);
            if (k == sl->occ.n) break;
            if (sl->l->prefix) start = sl->occ.v[k].s;
        }
        int rc = fz_regex_match(sc->m, re, sc->t, sc->len, start, &s, &e);
        if (rc != FZ_MATCH_OK) break;
        if (cues) {
            fz_facts_cue c = {.s = s, .e = e};
            fz_vec_push((FZ_VEC(fz_facts_cue) *)outv, c);
        } else if (e > s) {
            fz_facts_range r = {s, e};
            fz_vec_push((FZ_VEC(fz_facts_range) *)outv, r);
        }
        if (e > pos) {
            pos = e;
        } else {
            size_t n;
            fz_utf8_cp(sc->t + pos, sc->len - pos, &n);
            pos += n;
        }
    }
}

/* Unit at t[i]: the longest of the profile's units ('%' also as full-width '％').
 * Only units that begin with the character at t[i] are compared, in their order. */
static const char *S_unit_at(const S_scan *sc, size_t i, size_t *ulen) {
    if (i >= sc->len || !sc->unit_first[(unsigned char)sc->t[i]]) return NULL;
    size_t n, room = sc->len - i;
    int cp = fz_utf8_cp(sc->t + i, room, &n);
    if (sc->unit_odd || sc->p->reference_scan || cp == 0xFF05) {
        for (size_t k = 0; k < sc->p->units.n; k++) {
            const char *u = sc->p->units.v[k];
            size_t l = sc->ulen[k];
            if (l <= room && memcmp(sc->t + i, u, l) == 0) {
                *ulen = l;
                return u;
            }
            if (k == sc->pct && room >= 3 && memcmp(sc->t + i, "\xEF\xBC\x85", 3) == 0) {
                *ulen = 3; /* '％' */
                return u;
            }
        }
        return NULL;
    }
    for (int k = fz_cpmap_get(&sc->unit_map, cp); k >= 0; k = sc->unext[k]) {
        const char *u = sc->p->units.v[k], *at = sc->t + i;
        size_t l = sc->ulen[k], b = 0;
        if (l > room) continue;
        while (b < l && at[b] == u[b]) b++; /* units are short: no call to memcmp */
        if (b == l) {
            *ulen = l;
            return u;
        }
    }
    return NULL;
}

/* Whether re matches somewhere in t[from, to). */
static bool S_matches_in(S_scan *sc, const fz_regex *re, fz_facts_slot *sl, size_t from, size_t to,
                         size_t *ms, size_t *me) {
    if (!re || from >= to || !fz_facts_may_match(sl, from, to)) return false;
    size_t s, e;
    int rc = fz_regex_match(sc->m, re, sc->t, to, from, &s, &e);
    if (rc != FZ_MATCH_OK) return false;
    if (ms) *ms = s;
    if (me) *me = e;
    return true;
}

/* Drops link words (label-trim) from the end of t[w, *end). */
static void S_trim(S_scan *sc, size_t w, size_t *end) {
    size_t s, e;
    for (int guard = 0; guard < 4 && S_matches_in(sc, sc->p->label_trim, sc->trim, w, *end, &s, &e);
         guard++) {
        if (s >= *end) break;
        *end = s;
    }
}

/* The label: the noun phrase in t[floor, qstart) after the last cut word, link words
 * trimmed.  Also reports an approximation word right before the number. */
static void S_label(S_scan *sc, fz_quantity *q, size_t floor_off, bool *approx) {
    const unsigned char *t = (const unsigned char *)sc->t;
    size_t w = q->nstart, chars = 0;
    while (w > floor_off && chars < S_LABEL_CHARS) {
        size_t pw;
        /* an ideograph (lead byte E4..E9: U+4000..U+9FFF) is neither a stop nor a digit */
        if (w >= 3 && t[w - 3] - 0xE4u <= 5 && (t[w - 2] & 0xC0) == 0x80 &&
            (t[w - 1] & 0xC0) == 0x80) {
            pw = w - 3;
            if (pw < floor_off) break;
        } else {
            size_t n;
            pw = fz_utf8_prev(sc->t, w);
            if (pw < floor_off) break;
            int cp = fz_utf8_cp(sc->t + pw, sc->len - pw, &n);
            if (S_is_stop(cp) || fz_digit(cp) >= 0) break;
        }
        w = pw;
        chars++;
    }
    size_t end = q->nstart, s, e;
    if (S_matches_in(sc, sc->p->approx_before, sc->before, w, end, &s, &e)) {
        *approx = true;
        end = s;
    }
    /* label-cut: keep what follows its last match (bounded: each match moves forward);
     * when nothing follows (干部职工共200人), keep what precedes it */
    size_t from = w, cut_from = w, cut_at = end;
    for (int guard = 0;
         guard < S_LABEL_CHARS && S_matches_in(sc, sc->p->label_cut, sc->cut, from, end, &s, &e);
         guard++) {
        if (e <= from) break;
        cut_from = w, cut_at = s;
        w = e;
        from = e;
    }
    size_t keep_end = end;
    S_trim(sc, w, &end);
    if (end <= w && cut_at < keep_end) {
        w = cut_from;
        end = cut_at;
        S_trim(sc, w, &end);
    }
    q->label_nstart = w;
    q->label_nend = end;
    /* the labels share one block (no allocation each): q->label is set when it is
     * complete, after the main loop; the text is there already */
    fz_buf_put(&sc->labels, sc->t + w, end - w);
    fz_buf_putc(&sc->labels, '\0');
}

static bool S_number_start(const S_scan *sc, size_t i, int cp) {
    if (fz_digit(cp) < 0 && fz_cn_digit(cp) < 0 && cp != 0x5341) return false;
    int prev = -1;
    size_t n, pi = 0;
    if (i > 0) {
        pi = fz_utf8_prev(sc->t, i);
        prev = fz_utf8_cp(sc->t + pi, sc->len - pi, &n);
    }
    if (prev == S_CP_DI) return false; /* 第三次: an ordinal */
    if (fz_digit(cp) >= 0) {
        if (fz_digit(prev) >= 0 || (prev >= 'a' && prev <= 'z') || (prev >= 'A' && prev <= 'Z'))
            return false;
        if ((prev == '.' || prev == 0xFF0E) && pi > 0) {
            size_t ppi = fz_utf8_prev(sc->t, pi);
            if (fz_digit(fz_utf8_cp(sc->t + ppi, sc->len - ppi, &n)) >= 0) return false; /* 1.2.3 */
        }
        return true;
    }
    if (fz_cn_digit(cp) >= 0 || cp == 0x5341) return !fz_is_cn_numeral(prev);
    return false;
}

/* Whether a Chinese numeral ending at t[j] stands alone: nothing after it continues
 * the number (a numeral, 万, 亿, 余, 多) or starts a unit.  Read alone it is a number
 * without a unit, which the main loop passes over like any other character. */
static bool S_numeral_alone(const S_scan *sc, size_t j) {
    size_t n, ulen;
    int cp = fz_utf8_cp(sc->t + j, sc->len - j, &n);
    if (j < sc->len && (fz_is_cn_numeral(cp) || cp == FZ_CP_YU || cp == FZ_CP_DUO)) return false;
    return S_unit_at(sc, j, &ulen) == NULL;
}

/* Skips a run of digits or numerals that is not a quantity. */
static size_t S_skip_run(S_scan *sc, size_t i) {
    size_t n;
    int cp = fz_utf8_cp(sc->t + i, sc->len - i, &n);
    bool cn = fz_digit(cp) < 0;
    while (i < sc->len) {
        cp = fz_utf8_cp(sc->t + i, sc->len - i, &n);
        bool in = cn ? fz_is_cn_numeral(cp) : (fz_digit(cp) >= 0 || cp == '.' || cp == ',');
        if (!in) break;
        i += n;
    }
    return i;
}

void fz_facts_extract(fz_facts *f, const char *norm, size_t len, const fz_facts_profile *p,
                      fz_matcher *m) {
    if (!fz_facts_profile_ready(p) || !norm) return;
    S_scan sc = {.t = norm, .len = len, .p = p, .m = m, .f = f, .pct = SIZE_MAX};
    sc.ulen = fz_xmalloc(p->units.n * sizeof *sc.ulen);
    sc.unext = fz_xmalloc(p->units.n * sizeof *sc.unext);
    fz_cpmap_init(&sc.unit_map, p->units.n);
    for (size_t k = p->units.n; k-- > 0;) { /* chains in order: pushed from the back */
        size_t n, h;
        int cp = fz_utf8_cp(p->units.v[k], strlen(p->units.v[k]), &n);
        sc.unext[k] = -1;
        if (cp < 0) {
            sc.unit_odd = true;
        } else if (sc.unit_map.key[h = fz_cpmap_cell(&sc.unit_map, cp)] == cp) {
            sc.unext[k] = sc.unit_map.head[h];
            sc.unit_map.head[h] = (int)k;
        } else {
            sc.unit_map.key[h] = cp;
            sc.unit_map.head[h] = (int)k;
        }
    }
    for (size_t k = 0; k < p->units.n; k++) {
        sc.ulen[k] = strlen(p->units.v[k]);
        sc.unit_first[(unsigned char)p->units.v[k][0]] = true;
        if (strcmp(p->units.v[k], "%") == 0 && sc.pct == SIZE_MAX) {
            sc.pct = k;
            sc.unit_first[0xEF] = true;
        }
    }
    fz_facts_index_init(&sc.ix, p, norm, len);
    sc.cut = fz_facts_slot_of(&sc.ix, p->label_cut),
    sc.trim = fz_facts_slot_of(&sc.ix, p->label_trim);
    sc.before = fz_facts_slot_of(&sc.ix, p->approx_before),
    sc.after = fz_facts_slot_of(&sc.ix, p->approx_after);
    sc.rate = fz_facts_slot_of(&sc.ix, p->rate_label),
    sc.total = fz_facts_slot_of(&sc.ix, p->total_cue);
    sc.stop = fz_facts_slot_of(&sc.ix, p->part_stop),
    sc.growth = fz_facts_slot_of(&sc.ix, p->growth);
    sc.cue = fz_facts_slot_of(&sc.ix, p->part_cue);
    sc.ind = fz_xcalloc(p->indicators.n + 1, sizeof *sc.ind);
    for (size_t d = 0; d < p->indicators.n; d++)
        sc.ind[d] = fz_facts_slot_of(&sc.ix, p->indicators.v[d].label);
    sc.ign = fz_xcalloc(p->ignore.n + 1, sizeof *sc.ign);
    for (size_t k = 0; k < p->ignore.n; k++) sc.ign[k] = fz_facts_slot_of(&sc.ix, p->ignore.v[k]);
    /* a label without any indicator's literal names none: one lookup instead of one each */
    static const struct fz_facts_lits S_unanchored = {0};
    sc.ind_all = p->indicators.n > 0;
    sc.ix.ind_any.l = &S_unanchored;
    for (size_t d = 0; d < p->indicators.n; d++)
        if (!sc.ind[d] || sc.ind[d]->l->anchored)
            sc.ind_all = false;
        else
            sc.ind[d]->indicator = true;
    /* the patterns asked only in a number's clause and label: their literals are found
     * there, as numbers come (the reference finds them all in one pass) */
    fz_facts_slot *windows[] = {sc.cut, sc.trim, sc.before, sc.rate, sc.total, sc.stop, sc.growth};
    for (size_t k = 0; k < sizeof windows / sizeof *windows && !p->reference_scan; k++)
        if (windows[k]) windows[k]->lazy = true;
    for (size_t d = 0; d < p->indicators.n && !p->reference_scan; d++)
        if (sc.ind[d]) sc.ind[d]->lazy = true;
    /* room for what a report usually holds (~1 event per 20 bytes, 1 quantity per 130):
     * no copies while they grow */
    sc.ix.events.cap = len / 12 + 8;
    sc.ix.events.v = fz_xmalloc(sc.ix.events.cap * sizeof *sc.ix.events.v);
    if (!f->quantities.cap) {
        f->quantities.cap = len / 96 + 8;
        f->quantities.v = fz_xmalloc(f->quantities.cap * sizeof *f->quantities.v);
    }
    fz_facts_index_build(&sc.ix);

    FZ_VEC(fz_facts_range) ign = {0};
    for (size_t k = 0; k < p->ignore.n; k++)
        S_all_matches(&sc, p->ignore.v[k], sc.ign[k], &ign, false);
    if (ign.n) qsort(ign.v, ign.n, sizeof *ign.v, S_cmp_range);
    FZ_VEC(fz_facts_cue) cues = {0};
    if (p->part_cue) S_all_matches(&sc, p->part_cue, sc.cue, &cues, true);

    size_t i = 0, clause_start = 0, last_q_end = 0, ig = 0, ci = 0, ev = 0;
    int sentence = 0, clause = 0, para = 0, depth = 0;
    /* the characters between events would change nothing: the loop visits the events
     * (the reference visits every character) */
    for (;;) {
        while (ev < sc.ix.events.n && sc.ix.events.v[ev] < i) ev++;
        if (ev == sc.ix.events.n) break;
        i = sc.ix.events.v[ev++];
        size_t n;
        int cp = fz_utf8_cp(norm + i, len - i, &n);
        while (ci < cues.n && cues.v[ci].s <= i) {
            cues.v[ci].sentence = sentence, cues.v[ci].para = para, cues.v[ci].depth = depth;
            cues.v[ci].qidx = f->quantities.n;
            ci++;
        }
        /* most characters are ideographs that neither end a clause nor start a number */
        if (cp >= 0x4E00 && cp <= 0x9FFF && fz_cn_digit(cp) < 0 && cp != 0x5341) {
            i += n;
            continue;
        }
        if (cp == '\n') para++;
        if (fz_facts_sentence_end(cp)) {
            sentence++, clause++, depth = 0;
            clause_start = i + n;
        } else if (fz_facts_clause_end(cp)) {
            clause++;
            clause_start = i + n;
        } else if (fz_facts_open(cp)) {
            if (depth < S_MAX_DEPTH) depth++;
            clause_start = i + n;
        } else if (fz_facts_close(cp)) {
            if (depth > 0) depth--;
            clause_start = i + n;
        } else if ((fz_cn_digit(cp) >= 0 || cp == 0x5341) && !p->reference_scan &&
                   S_numeral_alone(&sc, i + n)) {
            i += n; /* a numeral in a word (统一, 一是): no number, no quantity */
            continue;
        } else if (S_number_start(&sc, i, cp)) {
            fz_number num;
            size_t k = fz_number_parse(norm + i, len - i, &num);
            if (k == 0) {
                i = S_skip_run(&sc, i);
                continue;
            }
            size_t ulen = 0, end;
            const char *unit = NULL;
            double value = num.value;
            int dec = num.decimals;
            bool approx = num.approx;
            if (num.digits_end < k) { /* 388.48万元: 万 belongs to the unit */
                unit = S_unit_at(&sc, i + num.digits_end, &ulen);
                if (unit && strncmp(unit, "\u4e07", 3) != 0 && strncmp(unit, "\u4ebf", 3) != 0)
                    unit = NULL; /* only 万元, 亿元 ... start with the multiplier */
                if (unit) {
                    value = num.mantissa;
                    dec = num.mantissa_decimals;
                    approx = false;
                    end = i + num.digits_end + ulen;
                }
            }
            if (!unit) {
                unit = i + k < len ? S_unit_at(&sc, i + k, &ulen) : NULL;
                end = i + k + ulen;
            }
            if (!unit) {
                i += k;
                continue;
            }
            /* ignored when an ignore span covers the number or starts at its unit, so a
             * pattern may begin at the unit: (?<=[一二三])项制度 is found by its literal */
            while (ig < ign.n && ign.v[ig].e <= i) ig++;
            bool ignored = false;
            for (size_t g = ig; g < ign.n && ign.v[g].s <= end - ulen; g++)
                if (ign.v[g].e > i) ignored = true;
            if (ignored || (num.chinese && num.value == 0)) {
                i = end;
                continue;
            }
            /* the rounding step of the figure as written: 3.7万 is rounded to 1000 */
            double ulp = dec > 0 ? 1 / fz_pow10(dec) : 0;
            if (value != num.mantissa || dec != num.mantissa_decimals)
                ulp = num.multiplier / fz_pow10(num.mantissa_decimals);
            fz_quantity q = {.value = value,
                             .decimals = dec,
                             .ulp = ulp,
                             .approx = approx,
                             .chinese = num.chinese,
                             .unit = unit,
                             .nstart = i,
                             .nend = end,
                             .start = i,
                             .end = end,
                             .indicator = -1,
                             .sentence = sentence,
                             .clause = clause,
                             .para = para,
                             .depth = depth};
            size_t cs = clause_start;
            if (i - cs > S_CLAUSE_BYTES) { /* a clause without punctuation: look nearby */
                cs = i - S_CLAUSE_BYTES;
                while (cs < i && ((unsigned char)norm[cs] & 0xC0) == 0x80) cs++;
            }
            /* the label lies in [cs, i): it is at most 40 characters long */
            fz_facts_index_upto(&sc.ix, cs, i);
            size_t floor_off = last_q_end > clause_start ? last_q_end : clause_start;
            S_label(&sc, &q, floor_off, &q.approx);
            size_t s, e;
            if (S_matches_in(&sc, p->approx_after, sc.after, end, len, &s, &e) && s == end)
                q.approx = true;
            if (strcmp(unit, "%") == 0) {
                q.flags |= FZ_Q_PERCENT;
                if (S_matches_in(&sc, p->rate_label, sc.rate, q.label_nstart, q.label_nend, NULL,
                                 NULL))
                    q.flags |= FZ_Q_RATE;
            }
            if (S_matches_in(&sc, p->total_cue, sc.total, cs, i, NULL, NULL)) q.flags |= FZ_Q_TOTAL;
            if (S_matches_in(&sc, p->part_stop, sc.stop, cs, i, NULL, NULL)) q.flags |= FZ_Q_STOP;
            if (S_matches_in(&sc, p->growth, sc.growth, cs, i, NULL, NULL)) q.flags |= FZ_Q_GROWTH;
            bool some = !sc.ind_all || p->reference_scan ||
                        fz_facts_may_match(&sc.ix.ind_any, q.label_nstart, q.label_nend);
            for (size_t d = 0; some && d < p->indicators.n; d++) {
                size_t ls = q.label_nend - q.label_nstart;
                const char *label = sc.labels.ptr + sc.labels.len - ls - 1;
                if (fz_facts_may_match(sc.ind[d], q.label_nstart, q.label_nend) &&
                    fz_regex_match(m, p->indicators.v[d].label, label, ls, 0, &s, &e) ==
                        FZ_MATCH_OK) {
                    q.indicator = (int)d;
                    q.indicator_name = p->indicators.v[d].name;
                    q.qual_len = s;
                    break;
                }
            }
            fz_vec_push(&f->quantities, q);
            last_q_end = end;
            i = end;
            continue;
        }
        i += n;
    }
    /* cues up to the last character a walk from i would visit take the final state */
    for (size_t n, last = (size_t)-1; ci < cues.n && i < len; i += n) {
        fz_utf8_cp(norm + i, len - i, &n);
        last = i;
        while (ci < cues.n && cues.v[ci].s <= last) {
            cues.v[ci].sentence = sentence, cues.v[ci].para = para, cues.v[ci].depth = depth;
            cues.v[ci].qidx = f->quantities.n;
            ci++;
        }
    }
    for (; ci < cues.n; ci++) cues.v[ci].sentence = -1;
    f->labels = fz_buf_detach(&sc.labels);
    for (size_t k = 0, at = 0; k < f->quantities.n; k++) {
        fz_quantity *q = &f->quantities.v[k];
        q->label = f->labels + at;
        at += q->label_nend - q->label_nstart + 1;
    }

    fz_facts_link(f, norm, len, p, m, cues.v, cues.n);
    fz_vec_free(&ign);
    fz_vec_free(&cues);
    free(sc.ulen);
    free(sc.unext);
    fz_cpmap_free(&sc.unit_map);
    fz_facts_index_free(&sc.ix);
    free(sc.ind);
    free(sc.ign);
}

void fz_facts_locate(fz_facts *f, const fz_text *t) {
    for (size_t i = 0; i < f->quantities.n; i++) {
        fz_quantity *q = &f->quantities.v[i];
        q->start = fz_text_to_src(t, q->nstart);
        q->end = fz_text_to_src(t, q->nend);
        if (q->end < q->start) q->end = q->start;
    }
}

void fz_facts_free(fz_facts *f) {
    free(f->labels);
    fz_vec_free(&f->quantities);
    for (size_t i = 0; i < f->sums.n; i++) free(f->sums.v[i].parts);
    fz_vec_free(&f->sums);
    fz_vec_free(&f->ratios);
    fz_vec_free(&f->baseless);
}
