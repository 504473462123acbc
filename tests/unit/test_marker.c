/* Unit tests of fz_marker_renumber: the numbering messages name the marker the series
 * should have in the series' own numerals. */
#include <check.h>

#include "check_main.h"
#include <stdlib.h>
#include <string.h>

#include "outline.h"

static void S_is(const char *marker, int n, const char *want) {
    char *got = fz_marker_renumber(marker, n);
    ck_assert_str_eq(got, want);
    free(got);
}

START_TEST(chinese_enumeration) {
    S_is("七是", 6, "六是");
    S_is("二是", 1, "一是");
    S_is("九要", 10, "十要");
    S_is("十二是", 11, "十一是");
    S_is("二十是", 21, "二十一是");
    S_is("九是", 20, "二十是");
}
END_TEST

START_TEST(heading_markers) {
    S_is("（三）", 2, "（二）");
    S_is("(三)", 4, "(四)");
    S_is("三、", 1, "一、");
    S_is("1、", 2, "2、");
    S_is("9.", 10, "10.");
    S_is("（12）", 3, "（3）");
}
END_TEST

START_TEST(fullwidth_and_circled) {
    S_is("３．", 4, "４．");
    S_is("１２．", 9, "９．");
    S_is("⑦", 6, "⑥");
    S_is("⑳", 21, "21"); /* no circled 21: digits */
}
END_TEST

START_TEST(no_numeral) {
    S_is("是", 3, "3");
    S_is("", 1, "1");
}
END_TEST

FZ_CHECK_MAIN("marker", chinese_enumeration, heading_markers, fullwidth_and_circled, no_numeral)
