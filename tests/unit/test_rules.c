/* test_rules.c - the pack loader, config settings, waivers and the engine's matching. */
#include <check.h>

#include "check_main.h"
#include <stdlib.h>
#include <string.h>

#include "config.h"
#include "report.h"
#include "rules.h"

static const char *PACK = "pack: u\n"
                          "rules:\n"
                          "  - id: word\n"
                          "    type: forbid\n"
                          "    level: error\n"
                          "    message: '出现“{match}”，应为“{expected}”（{w}）'\n"
                          "    pattern: '(?<w>XX)'\n"
                          "    suggest: 实数\n"
                          "  - id: rate\n"
                          "    type: metric\n"
                          "    message: 未写明比率\n"
                          "    pattern: '比率(?<value>[0-9]+)%'\n"
                          "    min: {value: 50, level: info, message: 'low {value}<{expected}'}\n";

static fz_ruleset *S_load(const char *yaml, fz_buf *err) {
    fz_ruleset *rs = fz_ruleset_new();
    ck_assert_int_eq(fz_ruleset_load_string(rs, "u.yaml", yaml, err), 0);
    return rs;
}

static void S_check(fz_report *r, const fz_ruleset *rs, const char *text) {
    fz_matcher m;
    fz_matcher_init(&m);
    fz_report_check(r, "mem.txt", (const unsigned char *)text, strlen(text), rs, 0, 0, &m);
    fz_matcher_free(&m);
}

START_TEST(test_load_ok) {
    fz_buf err = {0};
    fz_ruleset *rs = S_load(PACK, &err);
    ck_assert_ptr_null(err.ptr);
    ck_assert_uint_eq(rs->rules.n, 2);
    ck_assert_str_eq(rs->rules.v[0]->id, "u/word");
    ck_assert_ptr_eq(fz_ruleset_find(rs, "rate"), rs->rules.v[1]);
    ck_assert_ptr_null(fz_ruleset_find(rs, "nope"));
    /* the bound is set: 40 < 50 is a finding at the bound's own level and message */
    fz_report r;
    S_check(&r, rs, "比率40%。");
    ck_assert_uint_eq(r.diags.n, 1);
    ck_assert_int_eq(r.diags.v[0].level, FZ_LEVEL_INFO);
    ck_assert_str_eq(r.diags.v[0].message, "low 40<50");
    fz_report_free(&r);
    fz_ruleset_free(rs);
}
END_TEST

/* A broken pack keeps nothing: not its rules, not its profile, not its name. */
START_TEST(test_load_atomic) {
    fz_buf err = {0};
    fz_ruleset *rs = fz_ruleset_new();
    const char *bad = "pack: b\n"
                      "document:\n"
                      "  chrome: ['^x']\n"
                      "rules:\n"
                      "  - {id: ok, type: forbid, message: m, pattern: y}\n"
                      "  - {id: no, type: forbid, message: m, pattern: '(z'}\n";
    ck_assert_int_eq(fz_ruleset_load_string(rs, "b.yaml", bad, &err), -1);
    ck_assert_uint_eq(rs->rules.n, 0);
    ck_assert_uint_eq(rs->profile.chrome.n, 0);
    ck_assert_ptr_nonnull(strstr(err.ptr, "b.yaml:6:"));
    fz_buf_free(&err);
    /* the name is free again, and a good pack loads after */
    ck_assert_int_eq(fz_ruleset_load_string(rs, "b.yaml", PACK, &err), 0);
    ck_assert_int_eq(fz_ruleset_load_string(rs, "c.yaml", PACK, &err), -1);
    ck_assert_ptr_nonnull(strstr(err.ptr, "已经加载过"));
    fz_buf_free(&err);
    fz_ruleset_free(rs);
}
END_TEST

START_TEST(test_errors_all_reported) {
    fz_buf err = {0};
    fz_ruleset *rs = fz_ruleset_new();
    const char *bad = "rules:\n"
                      "  - {type: forbid, message: m, pattern: y}\n"
                      "  - {id: a, type: nope, message: m}\n"
                      "  - {id: b, type: forbid, message: m, pattern: y, scope: section:zz}\n";
    ck_assert_int_eq(fz_ruleset_load_string(rs, "e.yaml", bad, &err), -1);
    ck_assert_ptr_nonnull(strstr(err.ptr, "e.yaml:2:5: error: 规则缺少“id”"));
    ck_assert_ptr_nonnull(strstr(err.ptr, "e.yaml:3:19: error: 未知的规则类型“nope”"));
    ck_assert_ptr_nonnull(strstr(err.ptr, "e.yaml:4:58: error: 引用了不存在的规则“zz”"));
    fz_buf_free(&err);
    fz_ruleset_free(rs);
}
END_TEST

START_TEST(test_alias_bomb) {
    fz_buf yaml = {0}, err = {0};
    fz_buf_puts(&yaml, "a0: &a0 [x, x, x, x, x, x, x, x]\n");
    for (int i = 1; i < 12; i++) {
        fz_buf_printf(&yaml, "a%d: &a%d [", i, i);
        for (int k = 0; k < 8; k++) fz_buf_printf(&yaml, "%s*a%d", k ? ", " : "", i - 1);
        fz_buf_puts(&yaml, "]\n");
    }
    fz_ruleset *rs = fz_ruleset_new();
    ck_assert_int_eq(fz_ruleset_load_string(rs, "bomb.yaml", yaml.ptr, &err), -1);
    ck_assert_ptr_nonnull(strstr(err.ptr, "别名炸弹"));
    fz_buf_free(&yaml);
    fz_buf_free(&err);
    fz_ruleset_free(rs);
}
END_TEST

START_TEST(test_messages_and_fix) {
    fz_buf err = {0};
    fz_ruleset *rs = S_load(PACK, &err);
    fz_report r;
    S_check(&r, rs, "关于2024年度法治政府建设情况的报告\n共ＸＸ件，比率40%。\n");
    ck_assert_uint_eq(r.diags.n, 2);
    const fz_diag *d = &r.diags.v[0];
    ck_assert_str_eq(d->rule_id, "u/word");
    ck_assert_str_eq(d->message, "出现“ＸＸ”，应为“实数”（ＸＸ）");
    ck_assert_str_eq(d->fix, "实数");
    /* matched on the normalized view, located in the raw text */
    ck_assert_uint_eq(d->end - d->start, strlen("ＸＸ"));
    ck_assert(memcmp(r.text.src + d->start, "ＸＸ", d->end - d->start) == 0);
    ck_assert_str_eq(r.diags.v[1].message, "low 40<50");
    ck_assert_int_eq(r.diags.v[1].level, FZ_LEVEL_INFO);
    fz_report_free(&r);
    fz_ruleset_free(rs);
}
END_TEST

/* Empty matches advance; a pattern that can match nothing does not loop. */
START_TEST(test_empty_matches) {
    fz_buf err = {0};
    fz_ruleset *rs =
        S_load("rules:\n"
               "  - {id: e, type: forbid, message: m, pattern: 'x*', scope: document}\n",
               &err);
    fz_report r;
    S_check(&r, rs, "ab中\n");
    /* one empty match per character boundary: a, b, 中, \n and the end */
    ck_assert_uint_eq(r.diags.n, 5);
    fz_report_free(&r);
    fz_ruleset_free(rs);
}
END_TEST

START_TEST(test_override) {
    fz_buf err = {0};
    fz_ruleset *rs = S_load(PACK, &err);
    fz_ydoc doc;
    const char *cfg = "a: {min: 70, level: error}\nb: off\nc: {minimum: 1}\n";
    ck_assert_int_eq(fz_ydoc_parse(&doc, "c.yaml", cfg, strlen(cfg), &err), 0);
    fz_rule *rate = fz_ruleset_find(rs, "u/rate"), *word = fz_ruleset_find(rs, "word");
    ck_assert_int_eq(fz_rule_override(rs, rate, &doc, doc.root->items[1], &err), 0);
    ck_assert_int_eq(rate->level, FZ_LEVEL_ERROR);
    /* the bound moved to 70, the config's level wins, the bound's message stays */
    fz_report r;
    S_check(&r, rs, "比率60%。");
    ck_assert_uint_eq(r.diags.n, 1);
    ck_assert_int_eq(r.diags.v[0].level, FZ_LEVEL_ERROR);
    ck_assert_str_eq(r.diags.v[0].message, "low 60<70");
    fz_report_free(&r);
    S_check(&r, rs, "比率70%。"); /* at the bound: no finding */
    ck_assert_uint_eq(r.diags.n, 0);
    fz_report_free(&r);
    ck_assert_int_eq(fz_rule_override(rs, word, &doc, doc.root->items[3], &err), 0);
    ck_assert_int_eq(word->enabled, 0);
    ck_assert_int_eq(fz_rule_override(rs, rate, &doc, doc.root->items[5], &err), -1);
    ck_assert_ptr_nonnull(
        strstr(err.ptr, "c.yaml:3:5: error: 配置的规则（metric）中未知的键“minimum”"));
    fz_buf_free(&err);
    fz_ydoc_free(&doc);
    fz_ruleset_free(rs);
}
END_TEST

START_TEST(test_waiver) {
    fz_ruleset *rs = fz_ruleset_new();
    fz_waiver w = {fz_xstrdup("u/x"), fz_xstrdup("*.txt"), fz_xstrdup("/nowhere"), 3, 5};
    fz_vec_push(&rs->waivers, w);
    ck_assert(fz_waived(rs, "u/x", "dir/a.txt", 4));
    ck_assert(!fz_waived(rs, "u/x", "dir/a.txt", 6));
    ck_assert(!fz_waived(rs, "u/y", "dir/a.txt", 4));
    ck_assert(!fz_waived(rs, "u/x", "dir/a.doc", 4));
    fz_ruleset_free(rs);
}
END_TEST

START_TEST(test_pack_path) {
    char *p = fz_pack_path("./house.yaml", "/etc/office");
    ck_assert_str_eq(p, "/etc/office/./house.yaml");
    free(p);
    setenv("FZLINT_RULES", "/opt/r", 1);
    p = fz_pack_path("national", "/etc/office");
    ck_assert_str_eq(p, "/opt/r/national.yaml");
    free(p);
    unsetenv("FZLINT_RULES");
}
END_TEST

FZ_CHECK_MAIN("rules", test_load_ok, test_load_atomic, test_errors_all_reported, test_alias_bomb,
              test_messages_and_fix, test_empty_matches, test_override, test_waiver, test_pack_path)
