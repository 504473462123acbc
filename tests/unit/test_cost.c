/* test_cost.c - work that must stay linear in the input, counted by the code under
 * test (not timed): the literal walk over dense literals and columns deep in a long
 * line.  Each test also checks the answers against a plain reference. */
#include <check.h>

#include "check_main.h"
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "match.h"
#include "text.h"

/* Every match of pattern in text, walked as the engine walks it (index, stretches);
 * returns the number of matches and the walk's steps in *steps. */
static size_t S_walk_dense(const char *pattern, const char *text, size_t len, size_t *steps) {
    fz_matcher m;
    fz_matcher_init(&m);
    fz_buf err = {0};
    size_t off;
    fz_regex *re = fz_regex_new(pattern, &err, &off);
    ck_assert_ptr_nonnull(re);
    ck_assert_int_gt(re->lits.n, 0); /* the test is about the walk over its literals */
    fz_littable *tab = NULL;
    const fz_lits *sets[] = {&re->lits};
    fz_litindex x;
    fz_litindex_build(&x, fz_littable_get(&tab, sets, 1), text, len);
    fz_litwalk w;
    fz_litwalk_init(&w, &re->lits, &x, 0, 0, len);
    fz_litscan ls = {0};
    size_t pos = 0, n = 0, ms, me;
    while (fz_regex_search(&m, re, text, len, pos, &w, &ls, false, &ms, &me) == FZ_MATCH_OK) {
        ck_assert_uint_ge(ms, pos);
        n++;
        pos = me > ms ? me : me + 1;
    }
    *steps = w.steps;
    fz_litindex_free(&x);
    fz_littable_free(tab);
    fz_regex_free(re);
    fz_matcher_free(&m);
    return n;
}

static char *S_repeat(const char *piece, size_t times, size_t *len) {
    size_t pl = strlen(piece);
    char *s = malloc(pl * times + 1);
    for (size_t i = 0; i < times; i++) memcpy(s + i * pl, piece, pl);
    s[pl * times] = '\0';
    *len = pl * times;
    return s;
}

/* A match at every literal, the literals closer than a stretch's gap: the walk used to
 * chain the whole run again for every match (n^2 / 2 steps). */
START_TEST(dense_literals_walk_linear) {
    static const struct {
        const char *pattern, *piece;
    } shapes[] = {
        {"布署", "布署"},                          /* a prefix set, back 0 */
        {"[,;:]", "法治,政府,建设,工作。"},        /* one-character literals */
        {"(?:行政)?复议.{0,4}?件", "复议1件复议"}, /* a need set with a bounded back */
    };
    for (size_t s = 0; s < sizeof shapes / sizeof *shapes; s++) {
        size_t len, steps, times = 20000;
        char *text = S_repeat(shapes[s].piece, times, &len);
        size_t n = S_walk_dense(shapes[s].pattern, text, len, &steps);
        ck_assert_uint_ge(n, times);
        /* each occurrence is looked at a few times at most */
        ck_assert_msg(steps <= 8 * n + 16, "%s: %zu steps for %zu matches", shapes[s].pattern,
                      steps, n);
        free(text);
    }
}
END_TEST

/* The reference: every offset's column, counted from its line start one character at
 * a time (an offset inside a character gets the next character's column). */
static size_t *S_columns_ref(const fz_text *t, fz_colunit unit) {
    size_t *ref = malloc((t->src_len + 1) * sizeof *ref);
    for (size_t line = 0; line < t->nlines; line++) {
        size_t start = t->line_start[line], end = fz_text_line_end(t, line);
        size_t next = line + 1 < t->nlines ? t->line_start[line + 1] : t->src_len + 1;
        size_t col = 0, i = start;
        while (i < end) {
            size_t cl = 1;
            while (i + cl < end && ((unsigned char)t->src[i + cl] & 0xC0) == 0x80) cl++;
            ref[i] = col + 1;
            if (unit == FZ_COL_BYTE)
                for (size_t k = 1; k < cl; k++) ref[i + k] = col + 1 + k;
            else
                for (size_t k = 1; k < cl; k++) ref[i + k] = 0; /* set below */
            if (unit == FZ_COL_BYTE)
                col += cl;
            else if (unit == FZ_COL_CHAR)
                col++;
            else if (unit == FZ_COL_UTF16)
                col += cl == 4 ? 2 : 1;
            else if (t->src[i] == '\t')
                col += 8 - col % 8;
            else
                col += fz_display_width(t->src + i, cl);
            if (unit != FZ_COL_BYTE)
                for (size_t k = 1; k < cl; k++) ref[i + k] = col + 1;
            i += cl;
        }
        for (; i < next && i <= t->src_len; i++) ref[i] = col + 1; /* the line end, clamped */
    }
    return ref;
}

/* Columns asked all along a long line (as --max-per-rule=0 and --facts do) cost the
 * distance from a checkpoint, and equal the reference in every unit, across tabs,
 * wide, combining and 4-byte characters and checkpoints inside a character. */
START_TEST(columns_from_checkpoints) {
    fz_buf b = {0};
    fz_buf_puts(&b, "标题\n");
    static const char *pieces[] = {"法治", "\t", "a", "e\xCC\x81", "\xF0\x9F\x98\x80", "，", "12"};
    unsigned seed = 7;
    size_t line_start = b.len;
    while (b.len - line_start < 300000) {
        seed = seed * 1103515245u + 12345u;
        fz_buf_puts(&b, pieces[(seed >> 16) % (sizeof pieces / sizeof *pieces)]);
    }
    fz_buf_puts(&b, "\n短行\n");
    fz_text t;
    fz_text_decode(&t, (const unsigned char *)b.ptr, b.len);
    static const fz_colunit units[] = {FZ_COL_DISPLAY, FZ_COL_CHAR, FZ_COL_BYTE, FZ_COL_UTF16};
    for (size_t u = 0; u < 4; u++) {
        size_t asked = 0, before = t.column_steps, *ref = S_columns_ref(&t, units[u]);
        for (size_t off = 0; off < t.src_len; off += 97 + (off % 5)) {
            ck_assert_msg(fz_text_column(&t, off, units[u]) == ref[off],
                          "unit %zu at %zu: %zu, not %zu", u, off,
                          fz_text_column(&t, off, units[u]), ref[off]);
            asked++;
        }
        free(ref);
        /* one pass to build the checkpoints, then at most 2 KB per column */
        size_t steps = t.column_steps - before;
        ck_assert_msg(steps <= t.src_len + asked * 2 * ((size_t)1 << FZ_COLMARK_BITS),
                      "unit %zu: %zu steps for %zu columns", u, steps, asked);
    }
    /* far fewer than from the line start each time (~asked * len / 2) */
    size_t before = t.column_steps, asked = 0;
    for (size_t off = line_start; off < t.src_len; off += 1000, asked++)
        fz_text_column(&t, off, FZ_COL_DISPLAY);
    ck_assert_uint_le(t.column_steps - before, asked * 2 * ((size_t)1 << FZ_COLMARK_BITS));
    fz_text_free(&t);
    fz_buf_free(&b);
}
END_TEST

/* Which patterns have their steps counted: a repeated group holding a repeat or an
 * alternation, and nothing that only looks like one. */
START_TEST(nested_repeats_counted) {
    static const struct {
        const char *pattern;
        bool counted;
    } cases[] = {
        {"(a+)+$", true},       {"(?:a|aa)+", true},       {"(a*)*b", true},
        {"((ab)*c){2,}", true}, {"(?:x(?:a|b)y)+", true},  {"(a+){2}", false},
        {"(a+)?", false},       {"(?:ab)+", false},        {"a+b*", false},
        {"[(a+)+]", false},     {"\\(a+\\)+", false},      {"\\Q(a+)+\\E", false},
        {"(?:[+*]|x)", false},  {"(?:ab)+(?:a|b)", false}, {"(?:a{2,})+", true},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        fz_buf err = {0};
        size_t off;
        fz_regex *re = fz_regex_new(cases[i].pattern, &err, &off);
        ck_assert_msg(re != NULL, "%s: %s", cases[i].pattern, err.ptr);
        ck_assert_msg(re->counted == cases[i].counted, "%s", cases[i].pattern);
        fz_regex_free(re);
    }
}
END_TEST

/* (a+)+$ on runs of a that end otherwise: each search stays under PCRE2's limit, each run
 * costs 2^n steps.  Under a budget the rule stops, having done at most the budget. */
START_TEST(nested_repeat_budget) {
    fz_matcher m;
    fz_matcher_init(&m);
    fz_buf err = {0};
    size_t off, ms, me;
    fz_regex *re = fz_regex_new("(a+)+$", &err, &off);
    ck_assert_ptr_nonnull(re);
    size_t len, runs = 3000;
    char *text = S_repeat("aaaaaaaaaaaaaa!", runs, &len);
    /* the steps of one run, without a budget (the limit is per call; each run is one) */
    size_t one_len = len / runs;
    ck_assert_int_eq(fz_regex_match(&m, re, text, one_len, 0, &ms, &me), FZ_MATCH_NONE);
    uint64_t per_run = m.steps;
    uint64_t budget = 1000000 + (uint64_t)len * FZ_MATCH_BUDGET_PER_BYTE;
    ck_assert_uint_gt(per_run * runs, 2 * budget); /* the text needs more than the budget */
    /* run by run, as a rule walks its units */
    fz_matcher_budget(&m, len);
    int rc = FZ_MATCH_NONE;
    size_t done = 0;
    for (; done < runs && rc == FZ_MATCH_NONE; done++)
        rc = fz_regex_match(&m, re, text + done * one_len, one_len, 0, &ms, &me);
    ck_assert_int_eq(rc, FZ_MATCH_LIMIT);
    ck_assert_ptr_eq(m.limited, re);
    ck_assert_uint_le(m.steps, budget + 1);
    ck_assert_uint_lt(done, runs);
    /* a counted pattern still matches as PCRE2 does */
    fz_matcher_budget(&m, SIZE_MAX);
    ck_assert_int_eq(fz_regex_match(&m, re, "xaaa", 4, 0, &ms, &me), FZ_MATCH_OK);
    ck_assert_uint_eq(ms, 1);
    ck_assert_uint_eq(me, 4);
    free(text);
    fz_regex_free(re);
    fz_matcher_free(&m);
}
END_TEST

FZ_CHECK_MAIN("cost", dense_literals_walk_linear, columns_from_checkpoints, nested_repeats_counted,
              nested_repeat_budget)
