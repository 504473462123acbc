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

FZ_CHECK_MAIN("diag", sorted_and_deduplicated, capped_per_rule_with_summary,
              cap_equal_to_count_makes_no_summary, plain_message_as_printf_makes_it)
