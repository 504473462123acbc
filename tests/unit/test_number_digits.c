/* test_number_digits.c - figures with more digits than a double holds: a rate of
 * 1234567890123456% or 100.0000001% is still over 100%, and rounding agreement of a
 * long-written rate is not broken by the digits past the sixth decimal. */
#include <check.h>

#include "check_main.h"
#include <string.h>

#include "number.h"

/* s parsed: the number must take its first `used` bytes (all of s when used is 0) */
static fz_number S_parse_n(const char *s, size_t used) {
    fz_number n;
    ck_assert_uint_eq(fz_number_parse(s, strlen(s), &n), used ? used : strlen(s));
    return n;
}
#define S_parse(s) S_parse_n((s), 0)

START_TEST(test_integer_digits) {
    fz_number n = S_parse("123456789012345"); /* 15 digits: exact */
    ck_assert(!n.approx);
    ck_assert(n.value == 123456789012345.0);
    n = S_parse_n("1234567890123456%", 16); /* 16 before a %: an approximate rate */
    ck_assert(n.approx);
    ck_assert(n.value > 1.2e15);
    n = S_parse_n("1,234,567,890,123,456％", 21);
    ck_assert(n.approx);
    fz_number m;
    /* without a %, a long run is an identifier, not a figure */
    ck_assert_uint_eq(fz_number_parse("1234567890123456", 16, &m), 0);
    ck_assert_uint_eq(fz_number_parse("1234567890123456件", 19, &m), 0);
    fz_buf b = {0};
    for (int i = 0; i < 300; i++) fz_buf_putc(&b, '9');
    fz_buf_putc(&b, '%');
    n = S_parse_n(b.ptr, 300); /* 300 digits: still a (huge) rate */
    ck_assert(n.value > 1e299);
    b.ptr[300] = '9';
    fz_buf_putc(&b, '%');
    ck_assert_uint_eq(fz_number_parse(b.ptr, b.len, &m), 0); /* 301: none */
    fz_buf_free(&b);
}
END_TEST

START_TEST(test_decimals_past_the_sixth) {
    fz_number n = S_parse("100.0000001");
    ck_assert_int_eq(n.decimals, 6);
    ck_assert(n.value > 100);
    n = S_parse("100.0000000000000000000001");
    ck_assert(n.value > 100);
    n = S_parse("100.0000000"); /* only zeros past the sixth: exactly 100 */
    ck_assert(n.value == 100);
    n = S_parse("99.99999999999999999");
    ck_assert(n.value < 100);
    /* 33.33333333% of 1/3 agrees as before */
    n = S_parse("33.33333333");
    ck_assert(fz_rate_agrees(n.value, n.decimals, 1, 3));
}
END_TEST

FZ_CHECK_MAIN("number_digits", test_integer_digits, test_decimals_past_the_sixth)
