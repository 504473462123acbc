/* Unit tests of literal prefilters: what is extracted, what is refused, and that a
 * walk with the prefilter finds exactly the matches a plain walk finds. */
#include <check.h>

#include "check_main.h"
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "match.h"

/* The literals of pattern, sorted and joined with '|', prefixed "^" for a prefix set. */
static char *S_lits(const char *pattern) {
    fz_lits l;
    fz_lits_extract(pattern, &l);
    char *v[FZ_MAX_LITS];
    for (int k = 0; k < l.n; k++) v[k] = fz_xstrndup(l.s[k], l.len[k]);
    for (int i = 1; i < l.n; i++)
        for (int j = i; j > 0 && strcmp(v[j - 1], v[j]) > 0; j--) {
            char *t = v[j];
            v[j] = v[j - 1];
            v[j - 1] = t;
        }
    fz_buf b = {0};
    fz_buf_puts(&b, l.n && l.prefix ? "^" : "");
    for (int k = 0; k < l.n; k++) {
        fz_buf_puts(&b, k ? "|" : "");
        fz_buf_puts(&b, v[k]);
        free(v[k]);
    }
    fz_lits_free(&l);
    return fz_buf_detach(&b);
}

#define ck_lits(pattern, expected)                                                                 \
    do {                                                                                           \
        char *got = S_lits(pattern);                                                               \
        ck_assert_str_eq(got, expected);                                                           \
        free(got);                                                                                 \
    } while (0)

START_TEST(extracts_literals) {
    ck_lits("出庭应诉", "^出庭应诉");
    ck_lits("法律顾问|公职律师", "^公职律师|法律顾问");
    ck_lits("(?:行政)?复议.{0,40}?[0-9]+件", "复议");
    ck_lits("(?<![0-9])(?<y>(?:19|20)[0-9]{2})年", "年");
    ck_lits("(?:19|20)[0-9]{2}", "^19|20");
    ck_lits("(?<=\\p{Han})[,;:]", "^,|:|;");
    ck_lits("[Xx]{2,}|×{2,}", "^XX|Xx|xX|xx|××");
    ck_lits("\\x{3000}+", "^\xE3\x80\x80");
    ck_lits("^\\((?:[一二]+|[0-9])\\)", "^(");
    ck_lits("[0-9]+\\s*(?:次|人次)", "次");
    ck_lits("(?:政府)?法制办(?:公室)?(?!法)", "法制办");
    /* nine branches: cut to the first two characters, not to one (不 is everywhere) */
    ck_lits("绝密|机密(?:★|\\*)|秘密(?:★|\\*)|内部资料|内部文件|不得外传|注意保密",
            "^不得|内部|机密|注意|秘密|绝密");
}
END_TEST

/* How far into a match its literal may start. */
static size_t S_back(const char *pattern) {
    fz_lits l;
    fz_lits_extract(pattern, &l);
    size_t back = l.back;
    fz_lits_free(&l);
    return back;
}

START_TEST(bounds_where_the_literal_starts) {
    ck_assert_uint_eq(S_back("出庭应诉"), 0);
    ck_assert_uint_eq(S_back("(?:政府)?法制办(?:公室)?(?!法)|(?<![政府])法制局"), 6);
    ck_assert_uint_eq(S_back("(?<![0-9])[0-9]{2}年(?=度)"), 8); /* a class: 4 bytes */
    ck_assert_uint_eq(S_back("(?:19|20)[0-9]{2}年"), 10);
    ck_assert_uint_eq(S_back("\\s?.{0,20}(?:法治|依法)"), 84);
    ck_assert_uint_eq(S_back("[0-9]+\\s*(?:次|人次)"), SIZE_MAX);
    ck_assert_uint_eq(S_back("(?:行政)?复议.{0,4}件|[0-9]+件[^。]{0,10}复议"), SIZE_MAX);
    /* 一二三 is dropped for 二, which starts 3 bytes into it */
    ck_assert_uint_eq(S_back("x{0,2}(?:一二三|二)"), 5);
}
END_TEST

START_TEST(refuses_what_it_does_not_read) {
    const char *none[] = {".",     "\\d+",    "(?i)abc", "a\\1",    "\\Qab\\E",
                          "a{,3}", "[^a]",    "a|\\d",   "(*UTF)a", "(?>ab)",
                          "a*",    "(?:ab)?", "\\Kab",   "[a-z]",   "\\N{U+4E00}"};
    for (size_t i = 0; i < sizeof none / sizeof *none; i++) {
        fz_lits l;
        fz_lits_extract(none[i], &l);
        ck_assert_msg(l.n == 0, "%s got %d literals", none[i], l.n);
    }
}
END_TEST

static const char *const S_patterns[] = {
    "(?:行政)?复议.{0,40}?[0-9]+\\s*(?:件|起|宗)|[0-9]+\\s*(?:件|起|宗)[^。]{0,10}(?:行政)?复议",
    "(?<![0-9])(?<year>(?:19|20)[0-9]{2})年(?!以来|[0-9])",
    "^(?<year>(?:19|20)[0-9]{2})年(?:度)?,",
    "(?<=\\p{Han})[,;:?!](?=\\p{Han}|[0-9“《(])|(?<=\\p{Han}|[。，、；：])\\((?=\\p{Han}|[0-9])",
    "[Xx]{2,}|×{2,}|某(?:县|市|区)(?![些种])|\\*\\s*(?:次|件)",
    "(?:政府)?法制办(?:公室)?(?!法)|(?<![政府])法制局",
    "(?<=\\p{Han})[ \\x{3000}\\x{a0}]+(?=\\p{Han}|[、，。])",
    "\"(?<q>[^\"\\n]{0,40}\\p{Han}[^\"\\n]{0,40})\"",
    "(?:仍|还|也|依然|仍然)(?:然)?存在(?:着)?.{0,15}(?:不足|问题)",
    "出庭(?:应诉)?率(?:为|达到?|达)?\\s*(?<value>[0-9]+(?:\\.[0-9]+)?)\\s*%",
    "^\\s*首页\\s*>",
    "\\b20\\d\\d\\b|(?=年)",
    "绝密|机密(?:★|\\*)|秘密(?:★|\\*)|内部资料|不得外传|注意保密",
    "(?:研究|听取)[^。]{0,3}(?:法治|依法)|依法.{0,2}行政",
    "x{0,2}(?:一二三|二)",
    "^(?<n>[一二三四五六七八九十]+)[.,]",
    "^\\((?:[一二三]+|[0-9]{1,2})\\)[、.,]",
    "[0-9]+\\s*(?:次|件)",
    "\\G[0-9]+件",
    "^,\\s*[0-9]",
    "(?i)^x{2}",
};

static const char *const S_pieces[] = {
    "复议",         "行政",   "件",   "12",   "2024", "1998", "年", "以来", "(",    ")",
    "，",           ",",      "。",   "某县", "某些", "XX",   "x",  "×",    "*",    " ",
    "\xE3\x80\x80", "法制办", "政府", "公室", "局",   "\"",   "仍", "存在", "不足", "出庭",
    "应诉率",       "为",     "100",  "%",    "首页", ">",    "\n", "法",   "中",   "a",
    "绝密",         "机密",   "★",    "不得", "研究", "听取", "治", "依",   "一二", "三",
    "一",           "、",     ".",    "二",   "次"};

typedef enum S_mode {
    S_PLAIN, /* PCRE2 from every position */
    S_SCAN,  /* the prefilter's scan per subject */
    S_INDEX  /* the literals found once in the whole text, searched stretch by stretch */
} S_mode;

/* Every match of re in the subject s[base, base + len), as (start, end) pairs.  x: the
 * index of re's literals over all of s. */
static size_t S_walk(fz_matcher *m, const fz_regex *re, const char *s, size_t base, size_t len,
                     S_mode mode, const fz_litindex *x, size_t *out, size_t max) {
    fz_litscan ls = {0};
    fz_litwalk w;
    fz_litwalk_init(&w, &re->lits, x, 0, base, len);
    const char *subj = s + base;
    size_t pos = 0, n = 0, ms, me;
    while (pos <= len && n + 2 <= max) {
        int rc = mode == S_PLAIN
                     ? fz_regex_match(m, re, subj, len, pos, &ms, &me)
                     : fz_regex_search(m, re, subj, len, pos, mode == S_INDEX ? &w : NULL, &ls,
                                       false, &ms, &me);
        if (rc != FZ_MATCH_OK) break;
        out[n++] = ms;
        out[n++] = me;
        pos = me > ms ? me : me + 1;
        while (pos < len && ((unsigned char)subj[pos] & 0xC0) == 0x80) pos++;
    }
    return n;
}

/* A character boundary of s at or after off. */
static size_t S_char_at(const char *s, size_t len, size_t off) {
    while (off < len && ((unsigned char)s[off] & 0xC0) == 0x80) off++;
    return off < len ? off : len;
}

/* Whether s[ms, me) holds one of l's literals starting at most l->back after ms. */
static bool S_holds_literal(const fz_lits *l, const char *s, size_t ms, size_t me) {
    if (l->n == 0) return true;
    for (size_t q = ms; q < me && q - ms <= l->back; q++)
        for (int k = 0; k < l->n; k++)
            if (l->len[k] <= me - q && !memcmp(s + q, l->s[k], l->len[k])) return true;
    return false;
}

START_TEST(same_matches_as_without) {
    fz_matcher m;
    fz_matcher_init(&m);
    fz_littable *tab = NULL;
    unsigned seed = 12345;
    for (size_t p = 0; p < sizeof S_patterns / sizeof *S_patterns; p++) {
        fz_buf err = {0};
        size_t off;
        fz_regex *re = fz_regex_new(S_patterns[p], &err, &off);
        ck_assert_msg(re != NULL, "%s: %s", S_patterns[p], err.ptr);
        for (int round = 0; round < 300; round++) {
            fz_buf s = {0};
            int pieces = 1 + round % 40;
            for (int k = 0; k < pieces; k++) {
                seed = seed * 1103515245u + 12345u;
                fz_buf_puts(&s, S_pieces[(seed >> 16) % (sizeof S_pieces / sizeof *S_pieces)]);
            }
            fz_litindex x;
            const fz_lits *sets[] = {&re->lits};
            fz_litindex_build(&x, fz_littable_get(&tab, sets, 1), s.ptr, s.len);
            /* the whole text, and a part of it as the subject */
            seed = seed * 1103515245u + 12345u;
            size_t base = round % 2 ? S_char_at(s.ptr, s.len, (seed >> 16) % (s.len + 1)) : 0;
            seed = seed * 1103515245u + 12345u;
            size_t end = round % 2
                             ? S_char_at(s.ptr, s.len, base + (seed >> 16) % (s.len - base + 1))
                             : s.len;
            size_t a[400], b[400], c[400];
            size_t na = S_walk(&m, re, s.ptr, base, end - base, S_PLAIN, &x, a, 400);
            size_t nb = S_walk(&m, re, s.ptr, base, end - base, S_SCAN, &x, b, 400);
            size_t nc = S_walk(&m, re, s.ptr, base, end - base, S_INDEX, &x, c, 400);
            ck_assert_msg(na == nb && !memcmp(a, b, na * sizeof *a), "%s on '%s' (scan)",
                          S_patterns[p], s.ptr + base);
            ck_assert_msg(na == nc && !memcmp(a, c, na * sizeof *a), "%s on '%s' (index)",
                          S_patterns[p], s.ptr + base);
            /* any match: there is one exactly when the walk found one */
            fz_litwalk w;
            fz_litwalk_init(&w, &re->lits, &x, 0, base, end - base);
            fz_litscan ls = {0};
            size_t ms, me;
            int any = fz_regex_search(&m, re, s.ptr + base, end - base, 0, &w, &ls, true, &ms, &me);
            ck_assert_msg((any == FZ_MATCH_OK) == (na > 0), "%s on '%s' (any)", S_patterns[p],
                          s.ptr + base);
            fz_litindex_free(&x);
            for (size_t k = 0; k < na; k += 2)
                ck_assert_msg(S_holds_literal(&re->lits, s.ptr + base, a[k], a[k + 1]),
                              "%s: no literal within %zu bytes of the start of '%.*s'",
                              S_patterns[p], re->lits.back, (int)(a[k + 1] - a[k]),
                              s.ptr + base + a[k]);
            fz_buf_free(&s);
        }
        fz_regex_free(re);
        fz_buf_free(&err);
    }
    fz_littable_free(tab);
    fz_matcher_free(&m);
}
END_TEST

/* Sets with the same literals share their occurrences; each set's are those it has
 * in an index of its own. */
START_TEST(same_literals_stored_once) {
    const char *pats[] = {"《[^》]*", "政府|法治", "《", "法治|政府", "政府|法治", "建设"};
    enum { N = sizeof pats / sizeof *pats };
    fz_regex *re[N];
    const fz_lits *sets[N];
    for (int i = 0; i < N; i++) {
        fz_buf err = {0};
        size_t off;
        re[i] = fz_regex_new(pats[i], &err, &off);
        ck_assert_msg(re[i] != NULL, "%s: %s", pats[i], err.ptr);
        sets[i] = &re[i]->lits;
        fz_buf_free(&err);
    }
    const char *text = "《法治政府《建设》政府法治，《《法治";
    size_t len = strlen(text);
    fz_littable *tab = NULL, *solo_tab = NULL;
    fz_litindex x;
    fz_litindex_build(&x, fz_littable_get(&tab, sets, N), text, len);
    ck_assert_uint_eq(x.same[2], 0); /* 《 */
    ck_assert_uint_eq(x.same[4], 1); /* 政府|法治 */
    ck_assert_uint_eq(x.same[3], 3); /* the same literals in another order: its own */
    ck_assert_uint_eq(x.same[5], 5);
    for (int i = 0; i < N; i++) {
        fz_litindex solo;
        fz_litindex_build(&solo, fz_littable_get(&solo_tab, &sets[i], 1), text, len);
        fz_litwalk a, b;
        fz_litwalk_init(&a, sets[i], &x, (size_t)i, 0, len);
        fz_litwalk_init(&b, sets[i], &solo, 0, 0, len);
        ck_assert_uint_gt(b.n, 0);
        ck_assert_uint_eq(a.n, b.n);
        for (size_t k = 0; k < a.n; k++) {
            ck_assert_uint_eq(a.occ[k].at, b.occ[k].at);
            ck_assert_uint_eq(a.occ[k].len, b.occ[k].len);
        }
        fz_litindex_free(&solo);
    }
    fz_litindex_free(&x);
    fz_littable_free(solo_tab);
    fz_littable_free(tab);
    for (int i = 0; i < N; i++) fz_regex_free(re[i]);
}
END_TEST

FZ_CHECK_MAIN("prefilter", extracts_literals, bounds_where_the_literal_starts,
              refuses_what_it_does_not_read, same_matches_as_without, same_literals_stored_once)
