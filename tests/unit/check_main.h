/* check_main.h - the main() every Check unit test needs: run one suite, exit with its verdict. */
#ifndef FZ_CHECK_MAIN_H
#define FZ_CHECK_MAIN_H

#include <check.h>
#include <stdlib.h>

static inline int fz_check_run(Suite *s) {
    SRunner *sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}

/* A suite with one test case holding the tests, in order. */
static inline Suite *fz_check_suite(const char *name, const TTest *const *tests, size_t n) {
    Suite *s = suite_create(name);
    TCase *tc = tcase_create(name);
    for (size_t i = 0; i < n; i++) tcase_add_test(tc, tests[i]);
    suite_add_tcase(s, tc);
    return s;
}

/* FZ_CHECK_MAIN("name", test1, test2, ...) defines main(). */
#define FZ_CHECK_MAIN(name, ...)                                                                   \
    int main(void) {                                                                               \
        const TTest *const tests[] = {__VA_ARGS__};                                                \
        return fz_check_run(fz_check_suite(name, tests, sizeof tests / sizeof *tests));            \
    }

#endif
