/* Unit tests of the digest: what a fingerprint ignores and what it does not, issuers. */
#include <check.h>
#include <string.h>

#include "check_main.h"
#include "digest.h"
#include "rules.h"

static fz_ruleset *S_rs;
static fz_matcher S_m;

static void S_setup(void) {
    if (S_rs) return;
    fz_buf err = {0};
    S_rs = fz_ruleset_new();
    ck_assert_msg(fz_ruleset_load_builtin(S_rs, &err) == 0, "%s", err.ptr ? err.ptr : "");
    fz_buf_free(&err);
    fz_matcher_init(&S_m);
}

static void S_digest(fz_digest *d, const char *text) {
    S_setup();
    fz_digest_bytes(d, "t.txt", (const unsigned char *)text, strlen(text), S_rs, 0, FZ_COL_CHAR,
                    &S_m);
}

#define HEAD "青禾县人民政府关于2025年度法治政府建设情况的报告\n一、主要举措和成效\n"

/* The fingerprint of the one sentence of a one-paragraph body. */
static uint64_t S_one(const char *para) {
    fz_buf b = {0};
    fz_buf_printf(&b, HEAD "%s\n", para);
    fz_digest d;
    S_digest(&d, b.ptr);
    fz_buf_free(&b);
    ck_assert_msg(d.fps.n == 1, "%s: %zu sentences", para, d.fps.n);
    uint64_t h = d.fps.v[0].hash;
    fz_digest_free(&d);
    return h;
}

START_TEST(years_punctuation_and_markers_are_ignored) {
    uint64_t h = S_one("2025年，全县执法人员培训覆盖率达到规定要求。");
    ck_assert(S_one("2026年，全县执法人员培训覆盖率达到规定要求。") == h); /* year */
    ck_assert(S_one("2026年, 全县执法人员培训覆盖率达到规定要求。") == h); /* ASCII , and blank */
    ck_assert(S_one("一是2024年全县执法人员“培训覆盖率”达到规定要求。") == h); /* marker, quotes */
    ck_assert(S_one("2025年，全县执法人员培训覆盖率达到规定要求！") == h);     /* terminator */
    /* words and figures are not ignored */
    ck_assert(S_one("2025年，全县执法人员培训覆盖率达到上级要求。") != h);
    ck_assert(S_one("2025年，全县执法人员培训覆盖率达到规定要求95%。") != h);
    /* a number that is no year stays: 2025 masked, 3025 not */
    ck_assert(S_one("3025人参加全县执法人员培训并考试合格。") !=
              S_one("3026人参加全县执法人员培训并考试合格。"));
}
END_TEST

START_TEST(sentences_lengths_and_positions) {
    fz_digest d;
    /* 。 and ； end sentences; one shorter than min-sentence (8) is not kept */
    S_digest(&d, HEAD "全年办理行政复议案件十二件；审结其中的十件案件。仍需努力。\n");
    ck_assert_uint_eq(d.fps.n, 2);
    ck_assert_uint_eq(d.fps.v[0].chars, 13);
    ck_assert_uint_eq(d.fps.v[0].line, 3);
    ck_assert_uint_eq(d.fps.v[0].col, 1);
    ck_assert_uint_eq(d.fps.v[1].chars, 9); /* 审结其中的十件案件; 仍需努力 (4) is too short */
    ck_assert_uint_eq(d.fps.v[1].col, 15); /* in characters, after 13 and the ； */
    ck_assert_uint_eq(d.year, 2025);
    fz_digest_free(&d);
}
END_TEST

START_TEST(issuers_normalised) {
    fz_digest a, b, c;
    S_digest(&a, HEAD "全年办理行政复议案件十二件。\n");
    S_digest(&b, "中共青禾县委 青禾县人民政府关于2025年度法治政府建设情况的报告\n"
                 "一、主要举措和成效\n全年办理行政复议案件十二件。\n");
    S_digest(&c, "青禾县司法局关于2025年度法治政府建设情况的报告\n"
                 "一、主要举措和成效\n全年办理行政复议案件十二件。\n");
    ck_assert_ptr_nonnull(a.issuer);
    ck_assert_str_eq(a.issuer, "青禾县人民政府");
    ck_assert_str_eq(b.issuer, "青禾县人民政府");
    ck_assert_str_eq(c.issuer, "青禾县司法局");
    fz_digest_free(&a);
    fz_digest_free(&b);
    fz_digest_free(&c);
}
END_TEST

START_TEST(boilerplate_and_parts) {
    fz_digest d;
    S_digest(&d, HEAD "现将2025年度法治政府建设情况报告如下。\n二、存在的不足和原因\n"
                      "执法人员对法定程序掌握还不够熟练。\n");
    ck_assert_uint_eq(d.fps.n, 3); /* the heading 存在的不足和原因 is one too */
    ck_assert(d.fps.v[0].boilerplate);
    ck_assert(!d.fps.v[2].boilerplate);
    int k = fz_digest_part(&d, "national/problems-section");
    ck_assert_int_ge(k, 0);
    ck_assert(!(d.fps.v[1].parts >> k & 1)); /* the part's own heading is not in it */
    ck_assert(d.fps.v[2].parts >> k & 1);
    ck_assert(!(d.fps.v[0].parts >> k & 1));
    fz_digest_free(&d);
}
END_TEST

FZ_CHECK_MAIN("digest", years_punctuation_and_markers_are_ignored, sentences_lengths_and_positions,
              issuers_normalised, boilerplate_and_parts)
