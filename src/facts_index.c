/* facts_index.c - where the facts profile's literals and the extraction loop's events are. */
#include "facts_index.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

void fz_cpmap_init(fz_cpmap *m, size_t n) {
    m->cap = 64;
    while (m->cap < 2 * n) m->cap *= 2;
    m->key = fz_xmalloc(m->cap * sizeof *m->key);
    m->head = fz_xmalloc(m->cap * sizeof *m->head);
    for (size_t h = 0; h < m->cap; h++) m->key[h] = -1;
}

void fz_cpmap_free(fz_cpmap *m) {
    free(m->key);
    free(m->head);
}

void fz_facts_index_init(fz_facts_index *ix, const fz_facts_profile *p, const char *t, size_t len) {
    memset(ix, 0, sizeof *ix);
    ix->t = t, ix->len = len, ix->p = p;
    ix->nslots = p->lits.n;
    ix->slots = fz_xcalloc(ix->nslots ? ix->nslots : 1, sizeof *ix->slots);
    for (size_t k = 0; k < ix->nslots; k++) ix->slots[k].l = p->lits.v[k];
}

fz_facts_slot *fz_facts_slot_of(fz_facts_index *sc, const fz_regex *re) {
    for (size_t k = 0; re && k < sc->nslots; k++)
        if (sc->slots[k].l->re == re) {
            sc->slots[k].asked = true;
            return &sc->slots[k];
        }
    return NULL;
}

/* The characters the main loop acts on: line feeds, sentence and clause ends,
 * brackets, and those that may start a number.  It passes over every other one. */
static bool S_is_event(int cp) {
    return cp == '\n' || fz_facts_sentence_end(cp) || fz_facts_clause_end(cp) ||
           fz_facts_open(cp) || fz_facts_close(cp) || fz_digit(cp) >= 0 || fz_cn_digit(cp) >= 0 ||
           cp == 0x5341;
}

static uint64_t S_event_set[FZ_FACTS_SET_WORDS];

/* The per-report bitmaps, kept per thread: a report sets the bits of its literals'
 * first characters and clears their words when done (no 24 KB zeroed per report). */
static _Thread_local uint64_t S_tl_lit_first[FZ_FACTS_SET_WORDS],
    S_tl_win_first[FZ_FACTS_SET_WORDS], S_tl_stops[FZ_FACTS_SET_WORDS];
static _Thread_local bool S_tl_ready; /* S_tl_stops holds the events */
static pthread_once_t S_event_once = PTHREAD_ONCE_INIT;

static bool S_avx2;                /* the block scan may run */
static uint64_t S_event_third[64]; /* the 3-byte events by second and third byte */

static void S_event_init(void) {
#ifdef FZ_HAVE_BLOCKS
    S_avx2 = fz_block_scan_ok();
#endif
    for (int cp = 0; cp < FZ_FACTS_BMP; cp++)
        if (S_is_event(cp)) S_event_set[cp >> 6] |= 1ULL << (cp & 63);
    for (int cp = 0x800; cp < FZ_FACTS_BMP; cp++)
        if (fz_facts_in(S_event_set, cp)) S_event_third[cp >> 6 & 63] |= 1ULL << (cp & 63);
}

/* The bitmap word of a 3-byte character read little-endian in w: (lead & 0x0F) << 6 |
 * (second & 0x3F), gathered by one multiply (the two shifted copies do not overlap). */
static inline uint32_t S_bmp_word(uint32_t w) {
    return (w & 0x3F0F) * 0x100040u >> 14 & 0x3FF;
}

/* Records the literals that occur at t[i], whose first character is cp (n bytes). */
__attribute__((noinline)) static void S_lits_at(fz_facts_index *sc, const fz_cpmap *map, size_t i,
                                                int cp, size_t n) {
    int head = fz_cpmap_get(map, cp);
    if (head < 0) return;
    const char *at = sc->t + i;
    size_t room = sc->len - i;
    bool found = false;
    for (int x = head; x >= 0; x = sc->ent[x].next) {
        const fz_facts_ent *en = &sc->ent[x];
        if (!en->same) {
            /* the same first character in as many bytes (3 at most: one encoding) */
            size_t k = en->first == n && n <= 3 ? n : 0;
            found = en->len <= room;
            for (; found && k < en->len; k++) found = at[k] == en->s[k];
        }
        if (found) {
            fz_facts_range r = {i, i + en->len};
            fz_vec_push(&sc->slots[en->slot].occ, r);
            if (sc->slots[en->slot].indicator) fz_vec_push(&sc->ind_any.occ, r);
        }
    }
}

__attribute__((always_inline)) static inline void S_stop_at(fz_facts_index *sc, size_t i, int cp,
                                                            size_t n) {
    if (cp >= FZ_FACTS_BMP || fz_facts_in(sc->lit_first, cp)) S_lits_at(sc, &sc->lit_map, i, cp, n);
    if (cp < FZ_FACTS_BMP ? fz_facts_in(S_event_set, cp) : S_is_event(cp))
        fz_vec_push(&sc->events, (uint32_t)i);
}

/* The four bytes at p, the first in the low bits. */
static inline uint32_t S_load_le32(const unsigned char *p) {
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
    uint32_t w;
    memcpy(&w, p, 4);
    return w;
#else
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
#endif
}

/* Whether the 3-byte character read little-endian in x is in set (x's top byte aside). */
__attribute__((always_inline)) static inline unsigned S_bit3(const uint64_t *set, uint32_t x) {
    return (unsigned)(set[S_bmp_word(x)] >> (x >> 16 & 0x3F)) & 1;
}

__attribute__((always_inline)) static inline int S_cp3(uint32_t x) {
    return (int)((x & 0x0F) << 12 | (x >> 8 & 0x3F) << 6 | (x >> 16 & 0x3F));
}

#ifdef FZ_HAVE_BLOCKS
/* Scans t[i, to) 32 bytes at a time while they hold ASCII and 3-byte characters only:
 * the candidates of a block by its bytes (pshufb), each then tested against the bitmap
 * as one at a time would be; the rest need no look.  Returns where it stopped: a
 * character boundary, where the next 32 bytes hold some other byte (or fewer than 33
 * bytes are left).  (The windows' scans are short: there blocks cost more than they save.) */
__attribute__((target("avx2,bmi"))) static size_t S_blocks(fz_facts_index *sc, size_t i,
                                                           size_t to) {
    const uint64_t *set = sc->stops;
    const unsigned char *t = (const unsigned char *)sc->t;
    fz_block_tabs tb;
    fz_block_tabs_load(&sc->stop_pairs, &tb);
    uint64_t starts;
    unsigned e;
    /* two loads: at i and i + 1 */
    while (sc->len - i >= 33 && to - i >= 32 && fz_block_step(&tb, t + i, &starts, &e)) {
        for (; starts; starts &= starts - 1) {
            size_t at = i + (size_t)__builtin_ctzll(starts);
            int cp;
            size_t n;
            if (t[at] < 0x80) {
                if (!fz_facts_in(set, t[at])) continue;
                cp = t[at], n = 1;
            } else {
                uint32_t x = S_load_le32(t + at);
                if (!S_bit3(set, x)) continue;
                cp = S_cp3(x), n = 3;
            }
            S_stop_at(sc, at, cp, n);
        }
        i += e;
    }
    return i;
}
#else
static size_t S_blocks(fz_facts_index *sc, size_t i, size_t to) {
    (void)sc, (void)to;
    return i;
}
#endif

/* One pass over the text finds where the asked literals occur and where the main loop
 * has something to do.  Most characters are neither: a 3-byte character (nearly all
 * of a report) is tested against a bitmap of code points as soon as it is decoded, a
 * run of spaces (blanked chrome) is skipped a word at a time; anything else is decoded
 * as S_cp does.  The reference visits every character. */
void fz_facts_index_build(fz_facts_index *sc) {
    const fz_facts_profile *p = sc->p;
    size_t total = 0;
    for (size_t k = 0; k < sc->nslots; k++)
        if (sc->slots[k].asked) total += (size_t)p->lits.v[k]->n;
    fz_cpmap_init(&sc->lit_map, total);
    fz_cpmap_init(&sc->win_map, total);
    sc->ent = fz_xmalloc((total ? total : 1) * sizeof *sc->ent);
    pthread_once(&S_event_once, S_event_init);
    if (!S_tl_ready) {
        memcpy(S_tl_stops, S_event_set, sizeof S_event_set);
        S_tl_ready = true;
    }
    sc->lit_first = S_tl_lit_first, sc->win_first = S_tl_win_first, sc->stops = S_tl_stops;
    int ne = 0;
    for (size_t k = 0; k < sc->nslots; k++) {
        const struct fz_facts_lits *l = sc->slots[k].l;
        for (int j = 0; sc->slots[k].asked && j < l->n; j++) {
            size_t n;
            int cp = fz_utf8_cp(l->s[j], l->len[j], &n);
            if (cp < 0) continue; /* no decoded character starts it: never found */
            bool lazy = sc->slots[k].lazy;
            fz_cpmap *m = lazy ? &sc->win_map : &sc->lit_map;
            size_t h = fz_cpmap_cell(m, cp);
            fz_facts_ent en = {cp, -1, (int)k, l->s[j], l->len[j], n, false};
            if (m->key[h] != cp) {
                m->key[h] = cp;
                m->head[h] = ne;
            } else { /* after the same string, else at the chain's end */
                int x = m->head[h];
                while (sc->ent[x].next >= 0 &&
                       !(sc->ent[x].len == en.len && memcmp(sc->ent[x].s, en.s, en.len) == 0))
                    x = sc->ent[x].next;
                en.same = sc->ent[x].len == en.len && memcmp(sc->ent[x].s, en.s, en.len) == 0;
                en.next = sc->ent[x].next;
                sc->ent[x].next = ne;
            }
            sc->ent[ne++] = en;
            sc->nent = ne;
            if (cp < FZ_FACTS_BMP && lazy) {
                sc->win_first[cp >> 6] |= 1ULL << (cp & 63);
            } else if (cp < FZ_FACTS_BMP) {
                sc->lit_first[cp >> 6] |= 1ULL << (cp & 63);
                sc->stops[cp >> 6] |= 1ULL << (cp & 63);
            }
        }
    }
    const unsigned char *t = (const unsigned char *)sc->t;
    size_t len = sc->len, i = 0, n;
    sc->blocks = S_avx2 && !p->reference_scan && !p->block_scan_off;
    if (sc->blocks) { /* the buckets change with the profile only: kept per thread */
        static _Thread_local uint64_t last[66];
        static _Thread_local fz_block_pairs last_pairs;
        static _Thread_local bool built;
        uint64_t key[66];
        memcpy(key, S_event_set, 2 * sizeof *S_event_set);
        memcpy(key + 2, S_event_third, sizeof S_event_third);
        for (int x = 0; x < ne; x++) {
            int cp = sc->ent[x].cp;
            if (sc->slots[sc->ent[x].slot].lazy) continue;
            if (cp < 0x80)
                key[cp >> 6] |= 1ULL << (cp & 63);
            else if (cp >= 0x800 && cp < FZ_FACTS_BMP)
                key[2 + (cp >> 6 & 63)] |= 1ULL << (cp & 63);
        }
        if (!built || memcmp(key, last, sizeof last) != 0) {
            fz_block_pairs_build(key, &last_pairs);
            memcpy(last, key, sizeof last);
        }
        built = true;
        sc->stop_pairs = last_pairs;
    }
    if (p->reference_scan) {
        for (; i < len; i += n) {
            int cp = fz_utf8_cp(sc->t + i, len - i, &n);
            fz_vec_push(&sc->events, (uint32_t)i);
            if (cp >= 0) S_lits_at(sc, &sc->lit_map, i, cp, n);
        }
        return;
    }
    const uint64_t *stops = sc->stops;
    const uint64_t spaces = 0x2020202020202020ULL;
    bool skip_spaces = !fz_facts_in(stops, ' ');
    /* by blocks where they can be read so; else (for 32 bytes at least) as below */
    size_t again = sc->blocks ? 0 : SIZE_MAX;
    while (i < len) {
        if (i >= again) {
            i = S_blocks(sc, i, len);
            again = i + 32;
        }
        /* a run of 3-byte characters: the bitmap's word from the first two bytes, the
         * bit from the third */
        for (size_t end = len > 3 ? len - 3 : 0; i < end;) { /* four bytes readable */
            uint32_t w = S_load_le32(t + i);
            if ((w & 0xC0C0F0) != 0x8080E0) break;
            uint32_t word = S_bmp_word(w), bit = w >> 16 & 0x3F;
            if ((stops[word] >> bit) & 1) S_stop_at(sc, i, (int)(word << 6 | bit), 3);
            i += 3;
        }
        if (i >= len) break;
        unsigned b = t[i];
        if (b < 0x80) {
            if (fz_facts_in(stops, (int)b)) {
                S_stop_at(sc, i, (int)b, 1);
            } else if (b == ' ' && skip_spaces) {
                uint64_t w;
                while (len - i >= 9 && (memcpy(&w, t + i + 1, 8), w == spaces)) i += 8;
            }
            i++;
        } else {
            int cp = fz_utf8_cp(sc->t + i, len - i, &n);
            if (cp >= 0 && (cp >= FZ_FACTS_BMP || fz_facts_in(stops, cp))) S_stop_at(sc, i, cp, n);
            i += n;
        }
    }
}

void fz_facts_index_free(fz_facts_index *sc) {
    fz_cpmap_free(&sc->lit_map);
    fz_cpmap_free(&sc->win_map);
    for (int x = 0; x < sc->nent; x++) { /* the thread's bitmaps back to events only */
        int w = sc->ent[x].cp >> 6;
        if (sc->ent[x].cp >= FZ_FACTS_BMP) continue;
        sc->lit_first[w] = sc->win_first[w] = 0;
        sc->stops[w] = S_event_set[w];
    }
    free(sc->ent);
    fz_vec_free(&sc->events);
    fz_vec_free(&sc->ind_any.occ);
    for (size_t k = 0; k < sc->nslots; k++) fz_vec_free(&sc->slots[k].occ);
    free(sc->slots);
}

/* Finds the windows' literals that start in t[from, to), up to which a number's windows
 * reach; what lies before from is never asked again (windows only move forward). */
void fz_facts_index_upto(fz_facts_index *sc, size_t from, size_t to) {
    const unsigned char *t = (const unsigned char *)sc->t;
    size_t i = from > sc->win_upto ? from : sc->win_upto, n;
    if (to > sc->win_upto) sc->win_upto = to;
    const uint64_t *first = sc->win_first;
    while (i < to) {
        for (size_t end = sc->len > 3 ? sc->len - 3 : 0; i < to && i < end; i += 3) {
            uint32_t w = S_load_le32(t + i);
            if ((w & 0xC0C0F0) != 0x8080E0) break;
            uint32_t word = S_bmp_word(w), bit = w >> 16 & 0x3F;
            if ((first[word] >> bit) & 1) S_lits_at(sc, &sc->win_map, i, (int)(word << 6 | bit), 3);
        }
        if (i >= to) break;
        int cp = fz_utf8_cp(sc->t + i, sc->len - i, &n);
        if (cp >= 0 && (cp >= FZ_FACTS_BMP || fz_facts_in(first, cp)))
            S_lits_at(sc, &sc->win_map, i, cp, n);
        i += n;
    }
}
