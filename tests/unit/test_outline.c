/* Unit tests of the outline stage: numerals, heading markers and levels, title,
 * sign-off, enumerations.  The profile here is test data written for these texts. */
#include <check.h>

#include "check_main.h"
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "outline.h"

static fz_regex *S_re(const char *s) {
    fz_buf err = {0};
    size_t off;
    fz_regex *re = fz_regex_new(s, &err, &off);
    ck_assert_msg(re != NULL, "pattern %s: %s", s, err.ptr);
    return re;
}

typedef struct fixture {
    fz_text t;
    fz_outline o;
    fz_profile p;
    fz_matcher m;
} fixture;

static void S_build(fixture *f, const char *text) {
    memset(f, 0, sizeof *f);
    fz_vec_push(&f->p.chrome, S_re("^首页\\s*>"));
    fz_vec_push(&f->p.chrome, S_re("^扫一扫"));
    f->p.title = S_re("报告$");
    f->p.enumeration = S_re("(?<n>[一二三四五六七八九十]+)是");
    f->p.closing = S_re("^特此报告");
    fz_matcher_init(&f->m);
    fz_text_decode(&f->t, (const unsigned char *)text, strlen(text));
    fz_outline_build(&f->o, &f->t, &f->p, &f->m);
}

/* The same with the house style of a `document:` block (0 / NULL: the default). */
static void S_build_style(fixture *f, const char *text, int title, int signer, int chrome, int head,
                          const char *after) {
    memset(f, 0, sizeof *f);
    fz_vec_push(&f->p.chrome, S_re("^首页\\s*>"));
    f->p.title = S_re("报告$");
    f->p.enumeration = S_re("(?<n>[一二三四五六七八九十]+)是");
    f->p.title_max_cols = title, f->p.signer_max_cols = signer;
    f->p.chrome_max_cols = chrome, f->p.head_lines = head;
    if (after) snprintf(f->p.enumeration_after, sizeof f->p.enumeration_after, "%s", after);
    fz_matcher_init(&f->m);
    fz_text_decode(&f->t, (const unsigned char *)text, strlen(text));
    fz_outline_build(&f->o, &f->t, &f->p, &f->m);
}

/* n times the ASCII letter c, then tail (static buffer). */
static const char *S_line(char c, int n, const char *tail) {
    static char buf[8192];
    memset(buf, c, (size_t)n);
    snprintf(buf + n, sizeof buf - (size_t)n, "%s", tail);
    return buf;
}

static void S_free(fixture *f) {
    fz_outline_free(&f->o);
    fz_text_free(&f->t);
    fz_matcher_free(&f->m);
    fz_profile_free(&f->p);
}

START_TEST(numerals) {
    ck_assert_int_eq(fz_parse_numeral("一", 3), 1);
    ck_assert_int_eq(fz_parse_numeral("十", 3), 10);
    ck_assert_int_eq(fz_parse_numeral("十二", 6), 12);
    ck_assert_int_eq(fz_parse_numeral("二十", 6), 20);
    ck_assert_int_eq(fz_parse_numeral("二十三", 9), 23);
    ck_assert_int_eq(fz_parse_numeral("一百零五", 12), 105);
    ck_assert_int_eq(fz_parse_numeral("两", 3), 2);
    ck_assert_int_eq(fz_parse_numeral("二〇二六", 12), 2026);
    ck_assert_int_eq(fz_parse_numeral("42", 2), 42);
    ck_assert_int_eq(fz_parse_numeral("4a", 2), -1);
    ck_assert_int_eq(fz_parse_numeral("是", 3), -1);
    ck_assert_int_eq(fz_parse_numeral("", 0), -1);
}
END_TEST

START_TEST(headings_and_levels) {
    fixture f;
    S_build(&f, "首页 > 政务公开\n"
                "某县人民政府关于2025年度法治政府建设情况的报告\n"
                "\n"
                "2025年，我县扎实推进法治政府建设。\n"
                "一、主要举措和成效\n"
                "（一）强化组织领导。一是健全机制。二是压实责任。\n"
                "1.完善制度\n"
                "2、规范执法\n"
                "（1）细化清单\n"
                "二、存在的不足和原因\n"
                "（二）、格式有误\n"
                "1.5亿元的投入不是标题。\n");
    ck_assert_int_eq(f.o.nlines, 12);
    ck_assert_int_eq(fz_outline_at(&f.o, 0)->kind, FZ_LINE_CHROME);
    ck_assert_int_eq(f.o.title_line, 1);
    ck_assert_int_eq(f.o.report_year, 2025);
    ck_assert_int_eq(fz_outline_at(&f.o, 2)->kind, FZ_LINE_BLANK);
    ck_assert_int_eq(fz_outline_at(&f.o, 3)->kind, FZ_LINE_PARA);
    ck_assert_int_eq(f.o.first_body_line, 3);
    const struct {
        int line, level, number, parent;
        fz_marker marker;
    } want[] = {{4, 1, 1, -1, FZ_MARK_CN_DUNHAO},   {5, 2, 1, 4, FZ_MARK_CN_PAREN},
                {6, 3, 1, 5, FZ_MARK_AR_DOT},       {7, 3, 2, 5, FZ_MARK_AR_DUNHAO},
                {8, 4, 1, 7, FZ_MARK_AR_PAREN},     {9, 1, 2, -1, FZ_MARK_CN_DUNHAO},
                {10, 2, 2, 9, FZ_MARK_CN_PAREN_DUN}};
    for (size_t i = 0; i < sizeof want / sizeof *want; i++) {
        const fz_line *l = fz_outline_at(&f.o, want[i].line);
        ck_assert_msg(l->kind == FZ_LINE_HEADING, "line %d is a heading", want[i].line + 1);
        ck_assert_int_eq(l->level, want[i].level);
        ck_assert_int_eq(l->number, want[i].number);
        ck_assert_int_eq(l->parent, want[i].parent);
        ck_assert_int_eq(l->marker, want[i].marker);
    }
    ck_assert_int_eq(fz_outline_at(&f.o, 11)->kind, FZ_LINE_PARA);
    /* the run-in heading text ends at the first 。 */
    const fz_line *h = fz_outline_at(&f.o, 5);
    char *text = fz_xstrndup(f.t.src + h->marker_end, h->heading_end - h->marker_end);
    ck_assert_str_eq(text, "强化组织领导");
    free(text);
    S_free(&f);
}
END_TEST

START_TEST(enumerations_and_groups) {
    fixture f;
    S_build(&f, "甲报告\n"
                "工作有序推进。一是抓学习；二是抓落实。统一是原则。四是抓监督。\n"
                "二是另起一段，三是继续。\n");
    ck_assert_int_eq(f.o.items.n, 5);
    int numbers[] = {1, 2, 4, 2, 3};
    for (int i = 0; i < 5; i++) ck_assert_int_eq(f.o.items.v[i].number, numbers[i]);
    /* 统一是 is no marker: 一 follows a Han character */
    ck_assert_int_eq(f.o.items.v[0].group, f.o.items.v[2].group);
    ck_assert_int_ne(f.o.items.v[2].group, f.o.items.v[3].group);
    ck_assert_int_eq(f.o.items.v[0].line, 1);
    ck_assert_int_eq(f.o.items.v[3].line, 2);
    S_free(&f);
}
END_TEST

START_TEST(enumeration_runs_across_paragraphs_of_a_section) {
    fixture f;
    S_build(&f, "甲报告\n"
                "一、主要举措\n"
                "一是抓学习。\n"
                "二是抓落实。\n"
                "（一）细化措施\n"
                "二是另一组。\n");
    ck_assert_int_eq(f.o.items.n, 3);
    ck_assert_int_eq(f.o.items.v[0].group, f.o.items.v[1].group);
    ck_assert_int_ne(f.o.items.v[1].group, f.o.items.v[2].group);
    ck_assert_int_eq(f.o.items.v[2].number, 2);
    S_free(&f);
}
END_TEST

START_TEST(two_line_title_and_signoff) {
    fixture f;
    S_build(&f, "中共某县委 某县人民政府\n"
                "关于2024年度法治政府建设情况的报告\n"
                "2024年，全县上下共同努力。\n"
                "特此报告。\n"
                "\n"
                "某县人民政府\n"
                "2025年03月05日\n"
                "扫一扫在手机打开当前页\n");
    ck_assert_int_eq(f.o.issuer_line, 0);
    ck_assert_int_eq(f.o.title_line, 1);
    ck_assert_str_eq(f.o.issuer, "中共某县委 某县人民政府");
    ck_assert_int_eq(f.o.report_year, 2024);
    ck_assert_int_eq(fz_outline_at(&f.o, 3)->kind, FZ_LINE_SIGNOFF);
    ck_assert_int_eq(fz_outline_at(&f.o, 5)->kind, FZ_LINE_SIGNOFF);
    ck_assert_int_eq(fz_outline_at(&f.o, 6)->kind, FZ_LINE_DATE);
    ck_assert_int_eq(f.o.signed_on.year, 2025);
    ck_assert_int_eq(f.o.signed_on.month, 3);
    ck_assert_int_eq(f.o.signed_on.day, 5);
    ck_assert(!f.o.signed_on.well_formed); /* 03 has a leading zero */
    S_free(&f);
}
END_TEST

START_TEST(no_title_year_from_body) {
    fixture f;
    S_build(&f, "2023年，我局坚持依法行政，各项工作取得新进展，现将有关情况报告如下。\n"
                "一、主要做法\n");
    ck_assert_int_eq(f.o.title_line, -1);
    ck_assert_ptr_null(f.o.title);
    ck_assert_int_eq(f.o.report_year, 2023);
    S_free(&f);
}
END_TEST

START_TEST(empty_input) {
    fixture f;
    S_build(&f, "");
    ck_assert_int_eq(f.o.nlines, 0);
    ck_assert_int_eq(f.o.title_line, -1);
    ck_assert_int_eq(f.o.report_year, 0);
    S_free(&f);
}
END_TEST

/* The report's literal index (fz_viewlits, what the outline asks for chrome) must say
 * a line holds a pattern's literal exactly when the pattern's own prefilter finds one
 * in the line; with more patterns than any fixed table (no cap: 10 copies of each). */
START_TEST(literal_index_agrees_with_prefilter) {
    static const char *const patterns[] = {"^\\s*首页\\s*>",
                                           "^\\s*(?:您当前所在位置|当前位置)\\s*:",
                                           "门户网站\\s+(?:www\\.|来源)",
                                           "^\\s*【\\s*(?:关闭当前页面|打印本页|关闭窗口)\\s*】",
                                           "(?:来源|时间)\\s*:",
                                           "a.b",
                                           "页码",
                                           "x",
                                           "(?i)anything"};
    enum { NP = sizeof patterns / sizeof *patterns, COPIES = 10, NR = NP * COPIES };
    fz_regex *res[NR];
    fz_viewlits v = {0};
    for (size_t k = 0; k < NR; k++) {
        res[k] = S_re(patterns[k % NP]);
        fz_viewlits_add(&v, res[k], &res[k]->lits);
    }
    static const char *const pieces[] = {"首",   "页", "当前", "位置", "门户网站", "关闭",
                                         "窗口", ":",  "来源", "时",   "间",       "a",
                                         "b",    "x",  "页码", " ",    "。",       "é"};
    fz_littable *cache = NULL;
    unsigned seed = 7;
    for (int round = 0; round < 400; round++) {
        char text[64 * 100];
        size_t len = 0, starts[65], nl = 0;
        for (int line = 0; line < 64; line++) {
            starts[nl++] = len;
            int n = (int)((seed = seed * 1103515245u + 12345u) >> 16) % 12;
            for (int i = 0; i < n; i++) {
                const char *pc = pieces[((seed = seed * 1103515245u + 12345u) >> 16) %
                                        (sizeof pieces / sizeof *pieces)];
                memcpy(text + len, pc, strlen(pc));
                len += strlen(pc);
            }
            text[len++] = '\n';
        }
        starts[nl] = len;
        fz_litindex_free(&v.index);
        fz_viewlits_build(&v, &cache, text, len);
        size_t hint[NR] = {0};
        for (size_t i = 0; i < nl; i++) {
            size_t ls = starts[i], le = starts[i + 1] - 1;
            for (size_t k = 0; k < NR; k++) {
                fz_litscan sc = {0};
                bool may = fz_lits_skip(&res[k]->lits, &sc, text + ls, le - ls, 0) != SIZE_MAX;
                int set = fz_viewlits_set(&v, res[k]);
                ck_assert_msg(fz_viewlits_within(&v, set, ls, le, &hint[k]) == may,
                              "pattern %s on %.*s", patterns[k % NP], (int)(le - ls), text + ls);
                ck_assert(fz_viewlits_within(&v, set, ls, le, NULL) == may);
            }
        }
    }
    fz_viewlits_free(&v);
    fz_littable_free(cache);
    for (size_t k = 0; k < NR; k++) fz_regex_free(res[k]);
}
END_TEST

/* The enumeration walk stops PCRE2 at the line's last 是/要 (S_last_lit): on random
 * paragraphs and run-in headings its items must be those of a plain search that tries
 * every start to the end of the line. */
START_TEST(enumeration_items_agree_with_plain_search) {
    static const char *const pieces[] = {"一是", "二要", "三",   "十",   "是", "要",   "。",
                                         ",",    ";",    " ",    "统一", "x",  "、",   "：",
                                         "是是", "\n",   "一、", "(二)", "1.", "四是", "八九"};
    enum { NPIECES = sizeof pieces / sizeof *pieces };
    unsigned seed = 11;
    for (int round = 0; round < 3000; round++) {
        char text[1024];
        size_t len = 0;
        int n = (int)((seed = seed * 1103515245u + 12345u) >> 16) % 60;
        for (int i = 0; i < n; i++) {
            const char *pc = pieces[((seed = seed * 1103515245u + 12345u) >> 16) % NPIECES];
            memcpy(text + len, pc, strlen(pc));
            len += strlen(pc);
        }
        text[len] = '\0';
        fixture f;
        S_build(&f, text);
        fz_regex_free(f.p.enumeration);
        f.p.enumeration = S_re("(?<=^|[。;,:\\s])(?<n>[一二三四五六七八九十]+)(?:是|要)");
        fz_outline_free(&f.o);
        fz_outline_build(&f.o, &f.t, &f.p, &f.m);
        int gn = fz_regex_group_index(f.p.enumeration, "n");
        size_t k = 0;
        for (size_t i = 0; i < f.o.nlines; i++) {
            const fz_line *l = fz_outline_at(&f.o, i);
            if (l->kind != FZ_LINE_PARA && l->kind != FZ_LINE_HEADING) continue;
            const char *s = f.t.norm + l->nstart;
            size_t sl = l->nend - l->nstart, ms, me, gs, ge;
            size_t mark = l->kind == FZ_LINE_HEADING ? fz_text_to_norm(&f.t, l->marker_end) : 0;
            size_t from = mark ? mark - l->nstart : 0;
            while (fz_regex_match(&f.m, f.p.enumeration, s, sl, from, &ms, &me) == FZ_MATCH_OK) {
                from = me > ms ? me : ms + 1;
                bool at_boundary =
                    ms == 0 || strchr(",.;:!?)", s[ms - 1]) ||
                    (ms >= 3 && (!memcmp(s + ms - 3, "。", 3) || !memcmp(s + ms - 3, "、", 3) ||
                                 !memcmp(s + ms - 3, "；", 3) || !memcmp(s + ms - 3, "：", 3))) ||
                    (mark && l->nstart + ms == mark);
                if (!at_boundary || !fz_match_group(&f.m, gn, &gs, &ge)) continue;
                int num = fz_parse_numeral(s + gs, ge - gs);
                if (num <= 0) continue;
                ck_assert_msg(k < f.o.items.n, "missing item in %s", text);
                const fz_item *it = &f.o.items.v[k++];
                ck_assert_msg(it->line == (int)i && it->number == num &&
                                  it->start == fz_text_to_src(&f.t, l->nstart + ms) &&
                                  it->end == fz_text_to_src(&f.t, l->nstart + me),
                              "item %zu differs in %s", k - 1, text);
            }
        }
        ck_assert_msg(k == f.o.items.n, "extra items in %s", text);
        S_free(&f);
    }
}
END_TEST

/* A line of at most N bytes and no tab is at most N columns: the chrome test skips
 * measuring such lines. */
START_TEST(no_character_is_wider_than_its_bytes) {
    /* every one- and two-byte character; above, no character is wider than 2 columns
     * (sampled: utf8proc is slow enough to time the test out) */
    for (int cp = 0; cp < 0x110000; cp += cp < 0x800 ? 1 : 61) {
        if (cp == '\t' || (cp >= 0xD800 && cp < 0xE000)) continue;
        char s[4];
        size_t n = fz_utf8_encode(cp, s);
        ck_assert_msg(fz_display_width(s, n) <= n, "U+%04X", cp);
    }
}
END_TEST

/* Every house-style threshold at its exact boundary, at its default and as a
 * `document:` key sets it. */
START_TEST(house_style_boundaries) {
    fixture f;
    char text[9000];
    /* a title at most title-max-cols wide (90) */
    for (int w = 89; w <= 91; w++) {
        snprintf(text, sizeof text, "%s\n正文。\n", S_line('x', w, ""));
        S_build_style(&f, text, 0, 0, 0, 0, NULL);
        ck_assert_msg((f.o.title_line == 0) == (w <= FZ_TITLE_MAX_COLS), "title %d", w);
        S_free(&f);
        S_build_style(&f, text, 20, 0, 0, 0, NULL);
        ck_assert_int_eq(f.o.title_line, -1);
        S_free(&f);
    }
    snprintf(text, sizeof text, "%s\n正文。\n", S_line('x', 20, ""));
    S_build_style(&f, text, 20, 0, 0, 0, NULL);
    ck_assert_int_eq(f.o.title_line, 0);
    S_free(&f);
    snprintf(text, sizeof text, "%s\n正文。\n", S_line('x', 21, ""));
    S_build_style(&f, text, 20, 0, 0, 0, NULL);
    ck_assert_int_eq(f.o.title_line, -1);
    S_free(&f);

    /* a chrome line at most chrome-max-cols wide (200): "首页 > " is 7 columns */
    for (int w = 199; w <= 201; w++) {
        snprintf(text, sizeof text, "首页 > %s\n", S_line('x', w - 7, ""));
        S_build_style(&f, text, 0, 0, 0, 0, NULL);
        ck_assert_msg((fz_outline_at(&f.o, 0)->kind == FZ_LINE_CHROME) == (w <= FZ_CHROME_MAX_COLS),
                      "chrome %d", w);
        S_free(&f);
    }
    for (int w = 9; w <= 11; w++) {
        snprintf(text, sizeof text, "首页 > %s\n", S_line('x', w - 7, ""));
        S_build_style(&f, text, 0, 0, 10, 0, NULL);
        ck_assert_msg((fz_outline_at(&f.o, 0)->kind == FZ_LINE_CHROME) == (w <= 10),
                      "chrome-max-cols %d", w);
        S_free(&f);
    }

    /* the title within the first head-lines lines (30): after 29 blank lines, not 30 */
    for (int blank = 28; blank <= 30; blank++) {
        snprintf(text, sizeof text, "%s某县人民政府关于2025年度法治政府建设情况的报告\n正文。\n",
                 S_line('\n', blank, ""));
        S_build_style(&f, text, 0, 0, 0, 0, NULL);
        ck_assert_msg((f.o.title_line == blank) == (blank < FZ_HEAD_LINES), "head %d", blank);
        S_free(&f);
        S_build_style(&f, text, 0, 0, 0, 29, NULL);
        ck_assert_msg((f.o.title_line == blank) == (blank < 29), "head-lines 29: %d", blank);
        S_free(&f);
    }

    /* an organ line of the sign-off at most signer-max-cols wide (50) */
    for (int w = 49; w <= 51; w++) {
        snprintf(text, sizeof text, "关于2025年的报告\n正文。\n%s\n2026年3月12日\n",
                 S_line('x', w, ""));
        S_build_style(&f, text, 0, 0, 0, 0, NULL);
        ck_assert_msg((fz_outline_at(&f.o, 2)->kind == FZ_LINE_SIGNOFF) ==
                          (w <= FZ_SIGNER_MAX_COLS),
                      "signer %d", w);
        S_free(&f);
        S_build_style(&f, text, 0, 50 - 1, 0, 0, NULL);
        ck_assert_msg((fz_outline_at(&f.o, 2)->kind == FZ_LINE_SIGNOFF) == (w <= 49),
                      "signer-max-cols %d", w);
        S_free(&f);
    }

    /* an enumeration marker counts after one of enumeration-after's characters */
    S_build_style(&f, "关于2025年的报告\n甲|一是乙，二是丙。\n", 0, 0, 0, 0, NULL);
    ck_assert_uint_eq(f.o.items.n, 1); /* 二是 after ， (, in the normalized view) */
    S_free(&f);
    S_build_style(&f, "关于2025年的报告\n甲|一是乙，二是丙。\n", 0, 0, 0, 0, "|");
    ck_assert_uint_eq(f.o.items.n, 1); /* now after | only: 一是 */
    ck_assert_int_eq(f.o.items.v[0].number, 1);
    S_free(&f);
    S_build_style(&f, "关于2025年的报告\n甲|一是乙，二是丙。\n", 0, 0, 0, 0, "|,");
    ck_assert_uint_eq(f.o.items.n, 2);
    S_free(&f);
}
END_TEST

/* Blank lines (empty, spaces, U+3000, tabs) get no record: the records are the other lines,
 * each found at its line through the bitmap, across many 64-line words. */
START_TEST(blank_lines_have_no_record) {
    static const char *const shapes[] = {"", "  ", "\xe3\x80\x80", "\t \t"};
    fz_buf b = {0};
    size_t want = 0;
    for (size_t i = 0; i < 1000; i++) {
        bool blank = i % 7 != 3 && i % 64 != 63;
        if (blank)
            fz_buf_puts(&b, shapes[i % 4]);
        else
            fz_buf_printf(&b, "第%zu行文字", i), want++;
        fz_buf_putc(&b, '\n');
    }
    fixture f;
    S_build(&f, b.ptr);
    ck_assert_uint_eq(f.o.nlines, 1000);
    ck_assert_uint_eq(f.o.nrecs, want);
    for (size_t i = 0; i < 1000; i++) {
        bool blank = i % 7 != 3 && i % 64 != 63;
        const fz_line *l = fz_outline_at(&f.o, i);
        ck_assert_msg((l->kind == FZ_LINE_BLANK) == blank, "line %zu", i);
        ck_assert(blank == (fz_outline_mut(&f.o, i) == NULL));
        if (!blank) {
            char expect[32];
            snprintf(expect, sizeof expect, "第%zu行文字", i);
            ck_assert_uint_eq(l->start, f.t.line_start[i]);
            ck_assert_uint_eq(l->end - l->start, strlen(expect));
            ck_assert_mem_eq(f.t.src + l->start, expect, l->end - l->start);
        }
    }
    S_free(&f);
    fz_buf_free(&b);
}
END_TEST

FZ_CHECK_MAIN("outline", house_style_boundaries, literal_index_agrees_with_prefilter,
              enumeration_items_agree_with_plain_search, no_character_is_wider_than_its_bytes,
              numerals, headings_and_levels, enumerations_and_groups,
              enumeration_runs_across_paragraphs_of_a_section, two_line_title_and_signoff,
              no_title_year_from_body, empty_input, blank_lines_have_no_record)
