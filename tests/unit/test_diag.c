/* Unit tests of diagnostics: ordering, deduplication, capping per rule. */
#include <check.h>
#include <stdio.h>

#include "check_main.h"
#include <stdlib.h>

#include "diag.h"

START_TEST(sorted_and_deduplicated) {
    fz_diags d = {0};
    fz_diag_add(&d, FZ_LEVEL_WARNING, "p/b", NULL, 30, 33, "b");
    fz_diag_add(&d, FZ_LEVEL_ERROR, "p/a", NULL, 10, 12, "a");
    fz_diag_add(&d, FZ_LEVEL_ERROR, "p/a", NULL, 10, 12, "a");
    fz_diag_add(&d, FZ_LEVEL_INFO, "p/c", NULL, 10, 11, "c");
    fz_diags_finish(&d, 0);
    ck_assert_int_eq(d.n, 3);
    ck_assert_str_eq(d.v[0].rule_id, "p/a");
    ck_assert_str_eq(d.v[1].rule_id, "p/c");
    ck_assert_int_eq(d.v[2].start, 30);
    fz_diags_free(&d);
}
END_TEST

START_TEST(capped_per_rule_with_summary) {
    fz_diags d = {0};
    for (int i = 0; i < 10; i++)
        fz_diag_add(&d, FZ_LEVEL_WARNING, "p/x", NULL, 100 + i, 101 + i, "x%d", i);
    fz_diag_add(&d, FZ_LEVEL_ERROR, "p/y", NULL, 105, 106, "y");
    fz_diags_finish(&d, 3);
    /* three of p/x, its summary standing for 7 more, and p/y untouched */
    ck_assert_int_eq(d.n, 5);
    size_t x = 0, summaries = 0, y = 0;
    for (size_t i = 0; i < d.n; i++) {
        if (d.v[i].suppressed) {
            summaries++;
            ck_assert_int_eq(d.v[i].suppressed, 7);
            ck_assert_int_eq(d.v[i].start, 103);
            ck_assert_ptr_nonnull(d.v[i].message);
        } else if (d.v[i].rule_id[2] == 'x') {
            x++;
        } else {
            y++;
        }
    }
    ck_assert_int_eq(x, 3);
    ck_assert_int_eq(summaries, 1);
    ck_assert_int_eq(y, 1);
    ck_assert_str_eq(d.v[0].message, "x0");
    fz_diags_free(&d);
}
END_TEST

START_TEST(cap_equal_to_count_makes_no_summary) {
    fz_diags d = {0};
    for (int i = 0; i < 3; i++)
        fz_diag_add(&d, FZ_LEVEL_INFO, "p/z", NULL, (size_t)i, (size_t)i, "z");
    fz_diags_finish(&d, 3);
    ck_assert_int_eq(d.n, 3);
    for (size_t i = 0; i < d.n; i++) ck_assert_int_eq(d.v[i].suppressed, 0);
    fz_diags_free(&d);
}
END_TEST

/* A "%s" message is copied without printf: the same text as printf makes. */
START_TEST(plain_message_as_printf_makes_it) {
    static const char *const messages[] = {"“{match}”没有配对的“》”", "100%% done", "", "a\tb"};
    fz_diags d = {0};
    for (size_t i = 0; i < sizeof messages / sizeof *messages; i++) {
        fz_diag_add(&d, FZ_LEVEL_INFO, "p/a", NULL, i, i, "%s", messages[i]);
        char expected[64];
        snprintf(expected, sizeof expected, "%s", messages[i]);
        ck_assert_str_eq(d.v[i].message, expected);
    }
    fz_diag_add(&d, FZ_LEVEL_INFO, "p/a", NULL, 9, 9, "%s%%", "x");
    ck_assert_str_eq(d.v[d.n - 1].message, "x%");
    fz_diags_free(&d);
}
END_TEST

/* One random list of findings: several rules, repeats (exact duplicates of earlier ones,
 * as two patterns of a rule matching one span give), any order, mixed levels. */
static void S_random_findings(fz_diags *d, unsigned seed, size_t n, size_t rules) {
    static const char *ids[] = {"p/a", "p/b", "p/c", "p/d", "p/e"};
    size_t made = 0;
    unsigned remembered[64] = {0};
    for (size_t i = 0; i < n; i++) {
        seed = seed * 1103515245u + 12345u;
        unsigned x = seed >> 8;
        if (x % 5 == 0 && made) x = remembered[(x >> 3) % (made < 64 ? made : 64)]; /* a repeat */
        remembered[made++ % 64] = x;
        size_t start = (x >> 4) % 3000, end = start + (x >> 12) % 3;
        fz_diag *dg = fz_diag_add(d, (fz_level)((x >> 14) % 3), ids[(x >> 1) % rules], NULL, start,
                                  end, "m%u", (x >> 16) % 2);
        if (x % 7 == 0) dg->fix = fz_xstrdup("fix");
    }
}

/* Capping while recording gives exactly what recording everything then capping gives:
 * the same findings, summaries, counts and levels, whatever the order of arrival. */
START_TEST(capped_while_recording_same_as_after) {
    static const size_t caps[] = {1, 3, 5, 40};
    for (unsigned round = 0; round < 80; round++)
        for (size_t c = 0; c < sizeof caps / sizeof *caps; c++) {
            size_t n = 1 + (round * 37) % 3000, rules = 1 + round % 5;
            fz_diags all = {0}, capped = {0};
            S_random_findings(&all, round, n, rules);
            fz_diags_cap(&capped, caps[c]);
            S_random_findings(&capped, round, n, rules);
            ck_assert_uint_le(fz_diags_whole(&capped), rules * (2 * (caps[c] + 1) + 31));
            fz_diags_finish(&all, caps[c]);
            fz_diags_finish(&capped, caps[c]);
            ck_assert_uint_eq(all.n, capped.n);
            for (size_t i = 0; i < all.n; i++) {
                const fz_diag *a = &all.v[i], *b = &capped.v[i];
                ck_assert_str_eq(a->rule_id, b->rule_id);
                ck_assert_uint_eq(a->start, b->start);
                ck_assert_uint_eq(a->end, b->end);
                ck_assert_uint_eq(a->suppressed, b->suppressed);
                ck_assert_str_eq(a->message, b->message);
                ck_assert_int_eq(a->level, b->level);
                ck_assert_int_eq(a->fix == NULL, b->fix == NULL);
            }
            fz_diags_free(&all);
            fz_diags_free(&capped);
        }
}
END_TEST

/* A rule with a million findings keeps a few whole, and counts the rest exactly. */
START_TEST(capped_recording_keeps_few) {
    fz_diags d = {0};
    fz_diags_cap(&d, 5);
    size_t most = 0;
    for (size_t i = 0; i < 1000000; i++) {
        fz_diag_add(&d, FZ_LEVEL_WARNING, "p/x", NULL, 1000000 - i, 1000000 - i + 1, "%s", "x");
        if (i % 1000 == 0) fz_diag_add(&d, FZ_LEVEL_WARNING, "p/x", NULL, 2000, 2001, "%s", "x");
        if (fz_diags_whole(&d) > most) most = fz_diags_whole(&d);
    }
    ck_assert_uint_le(most, 2 * 6 + 31);
    fz_diags_finish(&d, 5);
    ck_assert_uint_eq(d.n, 6);
    ck_assert_uint_eq(d.v[5].suppressed, 1000000 - 5); /* the repeats of 2000 are one */
    ck_assert_uint_eq(d.v[0].start, 1);
    fz_diags_free(&d);
}
END_TEST

/* Waived findings are left out as they come: they take no place under the cap. */
static bool S_waive_odd(const void *ctx, const char *rule_id, size_t start) {
    (void)ctx, (void)rule_id;
    return start % 2;
}

START_TEST(waived_before_the_cap) {
    fz_diags d = {0};
    fz_diags_cap(&d, 2);
    d.waived = S_waive_odd;
    for (size_t i = 0; i < 10; i++) {
        fz_diag *dg = fz_diag_add(&d, FZ_LEVEL_ERROR, "p/w", NULL, i, i, "w");
        dg->fix = fz_xstrdup("f"); /* freed with the finding, kept or not */
    }
    fz_diags_finish(&d, 2);
    ck_assert_uint_eq(d.n, 3);
    ck_assert_uint_eq(d.v[0].start, 0);
    ck_assert_uint_eq(d.v[1].start, 2);
    ck_assert_uint_eq(d.v[2].suppressed, 3); /* 4, 6, 8 */
    fz_diags_free(&d);
}
END_TEST

/* fz_diags_has answers the same with and without a cap while recording (silent-if). */
START_TEST(has_finding_of_rule) {
    for (size_t cap = 0; cap < 3; cap++) {
        fz_diags d = {0};
        if (cap) fz_diags_cap(&d, cap);
        ck_assert(!fz_diags_has(&d, "p/a"));
        for (int i = 0; i < 10; i++) fz_diag_add(&d, FZ_LEVEL_WARNING, "p/a", NULL, i, i + 1, "m");
        ck_assert(fz_diags_has(&d, "p/a"));
        ck_assert(!fz_diags_has(&d, "p/b"));
        fz_diags_finish(&d, cap);
        ck_assert(fz_diags_has(&d, "p/a"));
        ck_assert(!fz_diags_has(&d, "p/b"));
        fz_diags_free(&d);
    }
}
END_TEST

FZ_CHECK_MAIN("diag", has_finding_of_rule, sorted_and_deduplicated, capped_per_rule_with_summary,
              cap_equal_to_count_makes_no_summary, plain_message_as_printf_makes_it,
              capped_while_recording_same_as_after, capped_recording_keeps_few,
              waived_before_the_cap)
