/* rule_pair.c - paired marks (《》 “” （）) balance within each unit of a scope. */
#include <stdlib.h>
#include <string.h>

#include "rule_type.h"
#include "utf8.h"

typedef struct fz_pair {
    char open[8], close[8];
} fz_pair;

typedef struct S_set {
    FZ_VEC(fz_pair) pairs;
} S_set;

static inline const S_set *S_of(const fz_rule *r) {
    return r->set;
}

/* One open mark: every one of a text may stay open to its end, so 8 bytes (32-bit
 * offsets, text.h) */
typedef struct S_open {
    uint32_t pair, at; /* at: offset in the subject */
} S_open;

static void S_unmatched(fz_eng *e, const fz_rule *rule, const fz_cursor *c, size_t at,
                        const char *mark, const char *partner) {
    size_t len = strlen(mark);
    fz_span s = {fz_cursor_to_src(e, c, at), fz_cursor_to_src(e, c, at + len)};
    fz_msgargs a = {.match = mark, .expected = partner, .count = -1};
    fz_eng_report(e, rule, rule->level, s, NULL, &a);
}

/* The marks of a rule, measured once: the per-character scan only compares
 * characters whose first byte starts some mark and whose last byte ends one (。 and 、
 * share 《's lead byte, not its last). */
typedef struct S_marks {
    bool lead[256], last[256];
    /* 0 for a byte that starts some mark, else the bytes to the next character (the
     * UTF-8 length; 1 everywhere when a mark starts with a continuation byte) */
    unsigned char skip[256];
    /* for a byte that starts some mark: its character's length (text is valid UTF-8),
     * or 0 to count the continuation bytes (a mark began with one) */
    unsigned char stop_len[256];
    size_t *len; /* per pair: open, close */
} S_marks;

static void S_marks_init(const fz_rule *rule, S_marks *mk) {
    memset(mk, 0, sizeof *mk);
    mk->len = fz_xcalloc(2 * S_of(rule)->pairs.n + 1, sizeof *mk->len);
    for (size_t p = 0; p < S_of(rule)->pairs.n; p++) {
        const fz_pair *pr = &S_of(rule)->pairs.v[p];
        mk->len[2 * p] = strlen(pr->open);
        mk->len[2 * p + 1] = strlen(pr->close);
        mk->lead[(unsigned char)pr->open[0]] = mk->lead[(unsigned char)pr->close[0]] = true;
        if (mk->len[2 * p]) mk->last[(unsigned char)pr->open[mk->len[2 * p] - 1]] = true;
        if (mk->len[2 * p + 1]) mk->last[(unsigned char)pr->close[mk->len[2 * p + 1] - 1]] = true;
    }
    bool by_char = true;
    for (int c = 0x80; c < 0xC0; c++) by_char = by_char && !mk->lead[c];
    for (int c = 0; c < 256; c++)
        mk->skip[c] = mk->lead[c] ? 0 : !by_char || c < 0xC0 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
    for (int c = 0; c < 256; c++)
        mk->stop_len[c] = !mk->lead[c] || !by_char ? 0
                          : c < 0xC0               ? 1
                          : c < 0xE0               ? 2
                          : c < 0xF0               ? 3
                                                   : 4;
}

/* explicit stack: nesting depth is the report's to choose */
typedef FZ_VEC(S_open) S_stack;

/* A unit that ends without a full stop, a closing mark or other final punctuation:
 * the last one of a page cut off mid-sentence. */
static bool S_cut_off(const fz_cursor *c) {
    static const char *const ends[] = {"。", "！", "？", "…", "”", "》", "）", "；", "：",
                                       ".",  "!",  "?",  ")", ";", ":",  "\"", "】", "〉"};
    size_t n = c->len;
    while (n > 0 && (c->subj[n - 1] == ' ' || c->subj[n - 1] == '\t')) n--;
    for (size_t k = 0; k < sizeof ends / sizeof *ends; k++) {
        size_t l = strlen(ends[k]);
        if (n >= l && !memcmp(c->subj + n - l, ends[k], l)) return false;
    }
    return n > 0;
}

static void S_unit(fz_eng *e, const fz_rule *rule, const S_marks *mk, const fz_cursor *c,
                   S_stack *open, bool last) {
    S_stack stack = *open; /* reused from unit to unit */
    stack.n = 0;
    const fz_pair *pairs = S_of(rule)->pairs.v;
    const unsigned char *u = (const unsigned char *)c->subj;
    for (size_t i = 0; i < c->len;) {
        /* Marks start with a lead byte, so this lands on character boundaries. */
        if (mk->skip[u[i]]) {
            i += mk->skip[u[i]];
            continue;
        }
        size_t n = mk->stop_len[u[i]];
        if (!n || i + n > c->len) {
            n = fz_utf8_fwd(c->subj, c->len, i + 1) - i;
        }
        if (!mk->last[u[i + n - 1]]) {
            i += n;
            continue;
        }
        const char *ch = c->subj + i;
        for (size_t p = 0; p < S_of(rule)->pairs.n; p++) {
            /* the last bytes first: marks sharing a first byte differ there */
            bool is_open = mk->len[2 * p] == n && pairs[p].open[n - 1] == ch[n - 1] &&
                           !memcmp(ch, pairs[p].open, n);
            bool is_close = mk->len[2 * p + 1] == n && pairs[p].close[n - 1] == ch[n - 1] &&
                            !memcmp(ch, pairs[p].close, n);
            if (!is_open && !is_close) continue;
            /* a symmetric mark (ASCII ") closes when one is open */
            if (is_close && (!is_open || (stack.n && stack.v[stack.n - 1].pair == p))) {
                size_t k = stack.n;
                while (k > 0 && stack.v[k - 1].pair != p) k--;
                if (k == 0) {
                    S_unmatched(e, rule, c, i, pairs[p].close, pairs[p].open);
                } else {
                    for (size_t j = k; j < stack.n; j++)
                        S_unmatched(e, rule, c, stack.v[j].at, pairs[stack.v[j].pair].open,
                                    pairs[stack.v[j].pair].close);
                    stack.n = k - 1;
                }
            } else {
                fz_vec_push(&stack, ((S_open){(uint32_t)p, (uint32_t)i}));
            }
            break;
        }
        i += n;
    }
    /* marks still open where the text is cut off were closed on the part not given */
    bool cut = last && S_cut_off(c);
    for (size_t j = 0; j < stack.n && !cut; j++)
        S_unmatched(e, rule, c, stack.v[j].at, pairs[stack.v[j].pair].open,
                    pairs[stack.v[j].pair].close);
    *open = stack;
}

static void S_check(fz_eng *e, const fz_rule *rule) {
    fz_spans units = {0};
    fz_eng_units(e, &rule->scope, &units);
    S_marks mk;
    S_marks_init(rule, &mk);
    S_stack open = {0};
    for (size_t u = 0; u < units.n; u++) {
        fz_cursor c;
        fz_cursor_init(e, rule, units.v[u], NULL, &c);
        S_unit(e, rule, &mk, &c, &open, u + 1 == units.n);
    }
    fz_vec_free(&open);
    free(mk.len);
    fz_vec_free(&units);
}

static void S_k_pairs(fz_pack *c, fz_rule *r, const fz_ynode *v) {
    S_set *set = r->set;
    if (v->kind != FZ_Y_SEQ || v->n == 0) {
        fz_pack_error(c, v, "“pairs”应为非空列表，每项是一对标号，如 '《》'");
        return;
    }
    for (size_t i = 0; i < v->n; i++) {
        const char *s = fz_pack_str(c, v->items[i], "pairs");
        if (!s) continue;
        size_t l1 = 0, l2 = 0, n = strlen(s);
        if (n) fz_utf8_decode(s, &l1);
        if (l1 < n) fz_utf8_decode(s + l1, &l2);
        if (!n || l1 + l2 != n || l2 == 0) {
            fz_pack_error(c, v->items[i], "“%s”不是一对标号（应恰好两个字符，如 '《》'）", s);
            continue;
        }
        fz_pair p = {{0}, {0}};
        memcpy(p.open, s, l1);
        memcpy(p.close, s + l1, l2);
        fz_vec_push(&set->pairs, p);
    }
}

static void S_finish(fz_pack *c, fz_rule *r, const fz_ynode *m) {
    if (!fz_ymap_get(m, "pairs")) fz_pack_error(c, m, "规则 %s 缺少“pairs”", r->short_id);
}

static void S_free(fz_rule *r) {
    fz_vec_free(&((S_set *)r->set)->pairs);
}

static const fz_rule_key S_keys[] = {{"pairs", S_k_pairs, false}};

/* punctuation is checked as written: not normalized by default */
const fz_rule_def fz_rule_pair_def = {.name = "pair",
                                      .scoped = true,
                                      .normalize = false,
                                      .default_scope = FZ_SCOPE_PARAGRAPH,
                                      .keys = S_keys,
                                      .nkeys = sizeof S_keys / sizeof *S_keys,
                                      .size = sizeof(S_set),
                                      .finish = S_finish,
                                      .check = S_check,
                                      .free = S_free};
