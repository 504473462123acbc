/* Unit tests of the public interface (include/fzlint.h) alone: options at their bounds,
 * packs from memory and their errors, the walk of the findings in each column unit,
 * the cap and the fail level, rendering and its refusals. */
#include <check.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "check_main.h"
#include "fzlint.h"

/* one warning rule that fires on every 布署 and suggests 部署 */
static const char PACK[] = "pack: t\n"
                           "rules:\n"
                           "  - id: w\n"
                           "    type: forbid\n"
                           "    level: warning\n"
                           "    message: 用词不当\n"
                           "    authority: 某规定第一条\n"
                           "    scope: document\n"
                           "    pattern: '布署'\n"
                           "    suggest: '部署'\n";
static const char REPORT[] = "关于2025年度法治政府建设情况的报告\n布署一。布署二。布署三。\n";

static fzlint_rules *S_rules(void) {
    fzlint_rules *r = fzlint_rules_new();
    ck_assert_int_eq(fzlint_rules_load_string(r, "t.yaml", PACK), 0);
    ck_assert_str_eq(fzlint_rules_error(r), "");
    ck_assert_uint_eq(fzlint_rules_count(r), 1);
    return r;
}

static fzlint_report *S_check(const fzlint_rules *r, const fzlint_options *o) {
    char *error = NULL;
    fzlint_report *rep = fzlint_check_buffer(r, o, "r.txt", REPORT, strlen(REPORT), &error);
    ck_assert_ptr_nonnull(rep);
    ck_assert_ptr_null(error);
    return rep;
}

START_TEST(version) {
    ck_assert_str_eq(fzlint_version(), FZLINT_VERSION);
    ck_assert_int_eq(fzlint_version_number(), FZLINT_VERSION_NUMBER);
    ck_assert_int_eq(FZLINT_VERSION_NUMBER >> 16, FZLINT_VERSION_MAJOR);
}
END_TEST

START_TEST(options_bounds) {
    fzlint_options *o = fzlint_options_new();
    ck_assert_int_eq(fzlint_options_set_report_year(o, 1989), -1);
    ck_assert_int_eq(fzlint_options_set_report_year(o, 1990), 0);
    ck_assert_int_eq(fzlint_options_set_report_year(o, 2200), 0);
    ck_assert_int_eq(fzlint_options_set_report_year(o, 2201), -1);
    ck_assert_int_eq(fzlint_options_set_report_year(o, 0), 0);
    ck_assert_int_eq(fzlint_options_set_unit(o, FZLINT_UNIT_UTF16), 0);
    ck_assert_int_eq(fzlint_options_set_unit(o, (fzlint_unit)(FZLINT_UNIT_UTF16 + 1)), -1);
    ck_assert_int_eq(fzlint_options_set_fail_level(o, FZLINT_LEVEL_ERROR), 0);
    ck_assert_int_eq(fzlint_options_set_fail_level(o, (fzlint_level)(FZLINT_LEVEL_ERROR + 1)), -1);
    ck_assert_int_eq(fzlint_options_set_min_level(o, (fzlint_level)-1), -1);
    fzlint_options_free(o);
    fzlint_options_free(NULL);
    fzlint_rules_free(NULL);
    fzlint_report_free(NULL);
}
END_TEST

START_TEST(report_year) {
    fzlint_rules *r = S_rules();
    fzlint_options *o = fzlint_options_new();
    fzlint_report *rep = S_check(r, o);
    ck_assert_int_eq(fzlint_report_year(rep), 2025); /* from the title */
    fzlint_report_free(rep);
    fzlint_options_set_report_year(o, 2024);
    rep = S_check(r, o);
    ck_assert_int_eq(fzlint_report_year(rep), 2024);
    fzlint_report_free(rep);
    fzlint_options_free(o);
    fzlint_rules_free(r);
}
END_TEST

/* the three findings of line 2 at the columns each unit counts: 布署一。 is 4 characters,
 * 8 display cells, 12 bytes, 4 UTF-16 units */
START_TEST(walk_in_every_unit) {
    static const struct {
        fzlint_unit unit;
        size_t step;
    } units[] = {{FZLINT_UNIT_DISPLAY, 8},
                 {FZLINT_UNIT_CHAR, 4},
                 {FZLINT_UNIT_BYTE, 12},
                 {FZLINT_UNIT_UTF16, 4}};
    fzlint_rules *r = S_rules();
    for (size_t u = 0; u < sizeof units / sizeof *units; u++) {
        fzlint_options *o = fzlint_options_new();
        fzlint_options_set_unit(o, units[u].unit);
        fzlint_report *rep = S_check(r, o);
        ck_assert_uint_eq(fzlint_report_count(rep), 3);
        ck_assert_ptr_null(fzlint_report_diag(rep, 3));
        size_t len;
        const char *text = fzlint_report_text(rep, &len);
        ck_assert_uint_eq(len, strlen(REPORT));
        for (size_t i = 0; i < 3; i++) {
            const fzlint_diag *d = fzlint_report_diag(rep, i);
            ck_assert_str_eq(fzlint_diag_rule(d), "t/w");
            ck_assert_int_eq(fzlint_diag_level(d), FZLINT_LEVEL_WARNING);
            ck_assert_str_eq(fzlint_diag_message(d), "用词不当");
            ck_assert_str_eq(fzlint_diag_authority(d), "某规定第一条");
            ck_assert_str_eq(fzlint_diag_fix(d), "部署");
            ck_assert_uint_eq(fzlint_diag_suppressed(d), 0);
            ck_assert_uint_eq(fzlint_diag_related_count(d), 0);
            ck_assert_int_eq(fzlint_diag_related(d, 0, NULL, NULL, NULL, NULL), -1);
            size_t s = fzlint_diag_start(d), e = fzlint_diag_end(d);
            ck_assert_uint_eq(e - s, strlen("布署"));
            ck_assert(memcmp(text + s, "布署", e - s) == 0);
            size_t line, col, eline, ecol;
            fzlint_diag_position(d, &line, &col);
            fzlint_diag_end_position(d, &eline, &ecol);
            ck_assert_uint_eq(line, 2);
            ck_assert_uint_eq(col, 1 + i * units[u].step);
            ck_assert_uint_eq(eline, 2);
            ck_assert_uint_eq(ecol, col + units[u].step / 2); /* 布署: half of 布署一。 */
        }
        fzlint_report_free(rep);
        fzlint_options_free(o);
    }
    fzlint_rules_free(r);
}
END_TEST

/* max-per-rule at the count (all kept) and one below it (two kept, one summary) */
START_TEST(cap_and_fail_level) {
    fzlint_rules *r = S_rules();
    fzlint_options *o = fzlint_options_new();
    fzlint_options_set_max_per_rule(o, 3);
    fzlint_report *rep = S_check(r, o);
    ck_assert_uint_eq(fzlint_report_count(rep), 3);
    ck_assert_int_eq(fzlint_report_failed(rep), 0); /* warnings; fails on errors */
    fzlint_report_free(rep);
    fzlint_options_set_max_per_rule(o, 2);
    fzlint_options_set_fail_level(o, FZLINT_LEVEL_WARNING);
    rep = S_check(r, o);
    ck_assert_uint_eq(fzlint_report_count(rep), 3);
    ck_assert_uint_eq(fzlint_diag_suppressed(fzlint_report_diag(rep, 2)), 1);
    ck_assert_uint_eq(fzlint_report_findings(rep, FZLINT_LEVEL_WARNING), 3);
    ck_assert_uint_eq(fzlint_report_findings(rep, FZLINT_LEVEL_ERROR), 0);
    ck_assert_int_eq(fzlint_report_failed(rep), 1);
    fzlint_report_free(rep);
    fzlint_options_free(o);
    fzlint_rules_free(r);
}
END_TEST

START_TEST(enable_and_errors) {
    fzlint_rules *r = S_rules();
    ck_assert_int_eq(fzlint_rules_enable(r, "nope", 0), -1);
    ck_assert_ptr_nonnull(strstr(fzlint_rules_error(r), "nope"));
    ck_assert_int_eq(fzlint_rules_enable(r, "w", 0), 0);
    ck_assert_str_eq(fzlint_rules_error(r), "");
    fzlint_report *rep = S_check(r, NULL);
    ck_assert_uint_eq(fzlint_report_count(rep), 0);
    fzlint_report_free(rep);
    /* a broken pack: nothing of it kept, the error at its place (line 5, after "level: ") */
    const char *bad = "pack: b\nrules:\n  - id: x\n    type: forbid\n    level: severe\n"
                      "    message: m\n    pattern: a\n";
    ck_assert_int_eq(fzlint_rules_load_string(r, "b.yaml", bad), -1);
    ck_assert_msg(strncmp(fzlint_rules_error(r), "b.yaml:5:12: error: ", 20) == 0, "%s",
                  fzlint_rules_error(r));
    ck_assert_uint_eq(fzlint_rules_count(r), 1);
    fzlint_rules_free(r);
}
END_TEST

START_TEST(unreadable_and_binary) {
    fzlint_rules *r = S_rules();
    char *error = NULL;
    ck_assert_ptr_null(fzlint_check_file(r, NULL, "/nonexistent/r.txt", &error));
    ck_assert_ptr_nonnull(error);
    ck_assert_ptr_nonnull(strstr(error, "'/nonexistent/r.txt'"));
    fzlint_free(error);
    /* a .docx by its signature that is no ZIP: the reader's reason, no report */
    static const char broken[] = "PK\003\004not a zip archive";
    ck_assert_ptr_null(fzlint_check_buffer(r, NULL, "b.docx", broken, sizeof broken - 1, &error));
    ck_assert_ptr_nonnull(error);
    ck_assert_ptr_nonnull(strstr(error, "'b.docx'"));
    fzlint_free(error);
    /* no name: reported as standard input */
    fzlint_report *in = fzlint_check_buffer(r, NULL, NULL, REPORT, strlen(REPORT), NULL);
    char *gcc = fzlint_render_string(in, "gcc", NULL);
    ck_assert_msg(strncmp(gcc, "-:2:1: warning: ", 16) == 0, "%s", gcc);
    fzlint_free(gcc);
    fzlint_report_free(in);
    static const char zeros[64];
    fzlint_report *rep = fzlint_check_buffer(r, NULL, "z.bin", zeros, sizeof zeros, NULL);
    ck_assert_uint_eq(fzlint_report_count(rep), 1);
    ck_assert_str_eq(fzlint_diag_rule(fzlint_report_diag(rep, 0)), "fzlint/binary");
    ck_assert_int_eq(fzlint_report_failed(rep), 1);
    fzlint_report_free(rep);
    fzlint_rules_free(r);
}
END_TEST

START_TEST(render) {
    fzlint_rules *r = S_rules();
    fzlint_options *o = fzlint_options_new();
    fzlint_report *rep = S_check(r, o);
    ck_assert_ptr_null(fzlint_render_string(rep, "nope", NULL));
    ck_assert_ptr_nonnull(strstr(fzlint_formats(), "sarif"));
    size_t len = 0;
    char *gcc = fzlint_render_string(rep, "gcc", &len);
    ck_assert_uint_eq(len, strlen(gcc));
    ck_assert_ptr_nonnull(strstr(gcc, "r.txt:2:9: warning: 用词不当"));
    fzlint_free(gcc);
    char *sarif = fzlint_render_string(rep, "sarif", NULL); /* no unit chosen: sarif's own */
    ck_assert_ptr_nonnull(sarif);
    fzlint_free(sarif);
    fzlint_report_free(rep);
    fzlint_options_set_unit(o, FZLINT_UNIT_DISPLAY); /* chosen, and sarif cannot say it */
    rep = S_check(r, o);
    ck_assert_ptr_null(fzlint_render_string(rep, "sarif", NULL));
    FILE *devnull = fopen("/dev/null", "w");
    ck_assert_int_eq(fzlint_render(rep, "sarif", devnull), -1);
    ck_assert_int_eq(fzlint_render(rep, "json", devnull), 0);
    fclose(devnull);
    fzlint_report_free(rep);
    fzlint_options_free(o);
    fzlint_rules_free(r);
}
END_TEST

/* one rule set and one options shared by threads checking at once (each thread's matcher
 * is the library's, freed when the thread ends): every rendering as the first */
typedef struct shared {
    const fzlint_rules *rules;
    const fzlint_options *o;
    const char *want;
    int bad;
} shared;

static void *S_thread(void *p) {
    shared *sh = p;
    for (int i = 0; i < 20; i++) {
        fzlint_report *rep =
            fzlint_check_buffer(sh->rules, sh->o, "r.txt", REPORT, strlen(REPORT), NULL);
        char *got = fzlint_render_string(rep, "json", NULL);
        if (!got || strcmp(got, sh->want) != 0) __atomic_add_fetch(&sh->bad, 1, __ATOMIC_RELAXED);
        fzlint_free(got);
        fzlint_report_free(rep);
    }
    return NULL;
}

START_TEST(threads_share_rules) {
    fzlint_rules *r = S_rules();
    fzlint_options *o = fzlint_options_new();
    fzlint_report *rep = S_check(r, o);
    char *want = fzlint_render_string(rep, "json", NULL);
    ck_assert_ptr_nonnull(strstr(want, "\"t/w\""));
    shared sh = {r, o, want, 0};
    pthread_t t[4];
    for (int i = 0; i < 4; i++) ck_assert_int_eq(pthread_create(&t[i], NULL, S_thread, &sh), 0);
    for (int i = 0; i < 4; i++) pthread_join(t[i], NULL);
    ck_assert_int_eq(sh.bad, 0);
    fzlint_free(want);
    fzlint_report_free(rep);
    fzlint_options_free(o);
    fzlint_rules_free(r);
}
END_TEST

FZ_CHECK_MAIN("api", version, options_bounds, report_year, walk_in_every_unit, cap_and_fail_level,
              enable_and_errors, unreadable_and_binary, render, threads_share_rules)
