/* test_config.c - the alias limit at its boundary, many plain rules, and which config
 * files are trusted (the rest of the trust model is in tests/config_trust.sh). */
#include <check.h>

#include "check_main.h"
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "config.h"
#include "match.h"
#include "rules.h"
#include "yamltree.h"

/* A document where aliases add exactly n nodes: n aliases of a one-node anchor. */
static int S_parse_aliases(size_t n, fz_buf *err) {
    fz_buf y = {0};
    fz_buf_puts(&y, "a: &a x\nb: [");
    for (size_t i = 0; i < n; i++) fz_buf_puts(&y, i ? ", *a" : "*a");
    fz_buf_puts(&y, "]\n");
    fz_ydoc d;
    int rc = fz_ydoc_parse(&d, "a.yaml", y.ptr, y.len, err);
    fz_ydoc_free(&d);
    fz_buf_free(&y);
    return rc;
}

START_TEST(test_alias_limit_boundary) {
    fz_buf err = {0};
    ck_assert_int_eq(S_parse_aliases(200000, &err), 0);
    ck_assert_ptr_null(err.ptr);
    ck_assert_int_eq(S_parse_aliases(200001, &err), -1);
    /* the message says which limit was hit, at the alias that passed it */
    ck_assert_ptr_nonnull(strstr(err.ptr, "a.yaml:2:"));
    ck_assert_ptr_nonnull(strstr(err.ptr, "超过 200000 个"));
    fz_buf_free(&err);
}
END_TEST

/* 15,500 rules of 13 nodes each are 201,500 nodes with no alias at all: not a bomb.
 * (Parsed only: compiling 15,500 patterns is the loader's business, and slow under ASan.) */
START_TEST(test_many_plain_rules) {
    fz_buf y = {0}, err = {0};
    fz_buf_puts(&y, "pack: many\nrules:\n");
    for (int i = 0; i < 15500; i++)
        fz_buf_printf(&y,
                      "  - {id: r%d, type: forbid, level: info, message: m, scope: document, "
                      "pattern: 'z%dq'}\n",
                      i, i);
    fz_ydoc d;
    ck_assert_int_eq(fz_ydoc_parse(&d, "many.yaml", y.ptr, y.len, &err), 0);
    ck_assert_ptr_null(err.ptr);
    ck_assert_uint_gt(d.all.n, 200000);
    fz_ydoc_free(&d);
    fz_buf_free(&y);
}
END_TEST

START_TEST(test_distrust) {
    struct stat st = {0};
    st.st_uid = geteuid();
    st.st_mode = S_IFREG | 0644;
    ck_assert_ptr_null(fz_config_distrust(&st));
    st.st_mode = S_IFREG | 0646;
    ck_assert_str_eq(fz_config_distrust(&st), "writable by everyone");
    st.st_mode = S_IFREG | 0644;
    st.st_uid = 0; /* root's own is trusted */
    ck_assert_ptr_null(fz_config_distrust(&st));
    st.st_uid = geteuid() == 12345 ? 12346 : 12345;
    ck_assert_str_eq(fz_config_distrust(&st), "owned by another user");
    /* group-writable, the group not the owner's primary one */
    st.st_uid = 0;
    st.st_gid = 54321;
    st.st_mode = S_IFREG | 0664;
    ck_assert_str_eq(fz_config_distrust(&st), "writable by its group");
}
END_TEST

/* A file that is not a pack is refused by name and position, nothing of it quoted. */
START_TEST(test_not_a_pack_unquoted) {
    const char *files[] = {"root:$6$SECRET:19000:0:99999:7:::\n", "token: SECRET\n", "- SECRET\n",
                           "pack: x\nrules: *SECRET\n", "pack: x\nSECRET: 1\nSECRET: 2\n"};
    for (size_t i = 0; i < sizeof files / sizeof *files; i++) {
        fz_buf err = {0};
        fz_ruleset *rs = fz_ruleset_new();
        ck_assert_int_eq(fz_ruleset_load_string(rs, "f.yaml", files[i], &err), -1);
        ck_assert_ptr_nonnull(strstr(err.ptr, "f.yaml:"));
        ck_assert_msg(!strstr(err.ptr, "SECRET"), "quoted: %s", err.ptr);
        fz_ruleset_free(rs);
        fz_buf_free(&err);
    }
}
END_TEST

/* Setting verbs at a pattern's start are refused; backtracking verbs are patterns. */
START_TEST(test_pattern_start_verbs) {
    const char *refused[] = {"(*NO_JIT)x", "(*LIMIT_MATCH=10)x", "(*UTF)x",
                             "(*CRLF)x",   "(*NOTEMPTY)x",       "(*LIMIT_HEAP=1)(*NO_JIT)x"};
    for (size_t i = 0; i < sizeof refused / sizeof *refused; i++) {
        fz_buf err = {0};
        size_t off = 99;
        ck_assert_ptr_null(fz_regex_new(refused[i], &err, &off));
        ck_assert_ptr_nonnull(strstr(err.ptr, "不允许模式开头的 (*"));
        ck_assert_uint_eq(off, 0);
        fz_buf_free(&err);
    }
    const char *kept[] = {"(*FAIL)|x", "(*MARK:a)x", "(*SKIP)x|y", "x(*NO_JIT)", "(?:x)"};
    for (size_t i = 0; i < sizeof kept / sizeof *kept; i++) {
        fz_buf err = {0};
        size_t off = 0;
        fz_regex *re = fz_regex_new(kept[i], &err, &off);
        /* "x(*NO_JIT)" is PCRE2's own error (a verb not at the start), not ours */
        if (!re) ck_assert_ptr_null(strstr(err.ptr, "不允许模式开头"));
        fz_regex_free(re);
        fz_buf_free(&err);
    }
}
END_TEST

FZ_CHECK_MAIN("config", test_alias_limit_boundary, test_many_plain_rules, test_distrust,
              test_not_a_pack_unquoted, test_pattern_start_verbs)
