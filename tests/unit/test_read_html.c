/* Unit tests of the portal page reader (read_html.c) with the built-in pack's document
 * block: charsets, the article by container and by density, chrome, lines, properties,
 * and pages that are broken, empty or hostile. */
#include <check.h>

#include "check_main.h"
#include <iconv.h>
#include <stdlib.h>
#include <string.h>

#include "read.h"
#include "rules.h"

extern const fz_reader fz_reader_html;

static fz_ruleset *S_rs;

static const fz_profile *S_profile(void) {
    if (!S_rs) {
        fz_buf err = {0};
        S_rs = fz_ruleset_new();
        ck_assert_msg(fz_ruleset_load_builtin(S_rs, &err) == 0, "%s", err.ptr);
        fz_buf_free(&err);
    }
    return fz_ruleset_profile(S_rs);
}

static void S_doc_clear(fz_doc *d) {
    fz_doc_free(d);
}

static int S_read_bytes(const char *bytes, size_t len, fz_doc *d, fz_buf *err) {
    memset(d, 0, sizeof *d);
    fz_read_opts o = {.profile = S_profile()};
    return fz_reader_html.read((const unsigned char *)bytes, len, "page.html", &o, d, err);
}

static void S_read(const char *html, fz_doc *d) {
    fz_buf err = {0};
    int rc = S_read_bytes(html, strlen(html), d, &err);
    ck_assert_msg(rc == 0, "read failed: %s", err.ptr);
    fz_buf_free(&err);
}

#define EXPECT_TEXT(d, want) ck_assert_str_eq((d)->text.ptr ? (d)->text.ptr : "", want)

/* A portal page as the TRS-based government sites write it. */
static const char S_portal[] =
    "<!DOCTYPE html><html><head>\n"
    "<meta http-equiv=\"Content-Type\" content=\"text/html; charset=utf-8\">\n"
    "<title>青禾县人民政府关于2025年度法治政府建设情况的报告_青禾县人民政府</title>\n"
    "<meta name=\"ArticleTitle\" content=\"青禾县人民政府关于2025年度法治政府建设情况的报告\">\n"
    "<meta name=\"PubDate\" content=\"2026-03-20 09:30\">\n"
    "<meta name=\"ContentSource\" content=\"青禾县司法局\">\n"
    "<style>p{text-indent:2em}</style><script>var s=\"脚本里的字\";</script></head><body>\n"
    "<div class=\"nav\"><ul><li><a href=\"/\">首页</a></li><li><a href=\"/zw\">政务公开</a></li>"
    "</ul></div>\n"
    "<div class=\"bread\">当前位置：<a href=\"/\">首页</a> &gt; <a "
    "href=\"/zw\">政务公开</a></div>\n"
    "<h1>青禾县人民政府关于2025年度法治政府建设情况的报告</h1>\n"
    "<div class=\"info\">发布时间：2026-03-20 来源：青禾县司法局 "
    "【字体：<a>大</a> <a>中</a> <a>小</a>】</div>\n"
    "<div class=\"TRS_Editor\"><p>　　2025年是纲要的收官之年。一年来，县政府坚持依法行政，推动\n"
    "法治政府建设各项任务落地见效。</p>\n<p>一、主要举措和成效</p><p>&nbsp;</p>\n"
    "<table><tr><td>项目</td><td>数量</td></tr><tr><td>复议</td><td>48件</td></tr></table>\n"
    "<p>第一行<br>第二行 with  English\nwords</p>\n"
    "<p>【字体：大 中 小】</p></div>\n"
    "<div class=\"tools\">【<a "
    "href=\"javascript:print()\">打印本页</a>】【<a>关闭窗口</a>】</div>\n"
    "<div class=\"footer\"><p>主办：青禾县人民政府办公室</p>"
    "<p>网站标识码：3400000001 皖ICP备12345678号</p></div>\n"
    "<script>document.write(\"x\")</script></body></html>\n";

static const char S_portal_text[] =
    "青禾县人民政府关于2025年度法治政府建设情况的报告\n"
    "2025年是纲要的收官之年。一年来，县政府坚持依法行政，推动法治政府建设各项任务落地见效。\n"
    "一、主要举措和成效\n"
    "项目\t数量\n"
    "复议\t48件\n"
    "第一行\n"
    "第二行 with English words\n";

START_TEST(portal_page_article_and_properties) {
    fz_doc d;
    S_read(S_portal, &d);
    ck_assert_str_eq(d.format, "html");
    EXPECT_TEXT(&d, S_portal_text);
    ck_assert_str_eq(d.title, "青禾县人民政府关于2025年度法治政府建设情况的报告");
    ck_assert_str_eq(d.published, "2026-03-20 09:30");
    ck_assert_str_eq(d.source, "青禾县司法局");
    ck_assert_ptr_null(d.unreadable);
    S_doc_clear(&d);
}
END_TEST

static char *S_to_gb(const char *utf8, size_t *outlen) {
    iconv_t cd = iconv_open("GB18030", "UTF-8");
    ck_assert(cd != (iconv_t)-1);
    size_t len = strlen(utf8), cap = len * 2 + 16;
    char *out = malloc(cap), *op = out, *ip = (char *)utf8;
    size_t ileft = len, oleft = cap;
    ck_assert(iconv(cd, &ip, &ileft, &op, &oleft) != (size_t)-1);
    iconv_close(cd);
    *outlen = cap - oleft;
    return out;
}

static char *S_replace(const char *s, const char *from, const char *to) {
    const char *at = strstr(s, from);
    ck_assert(at);
    size_t n = strlen(s) - strlen(from) + strlen(to) + 1;
    char *out = malloc(n);
    memcpy(out, s, (size_t)(at - s));
    strcpy(out + (at - s), to);
    strcat(out, at + strlen(from));
    return out;
}

/* GB2312 by http-equiv, by <meta charset>, and undeclared: the same text. */
START_TEST(gb2312_pages) {
    const char *decls[] = {"content=\"text/html; charset=gb2312\"", "charset=\"GBK\"",
                           "content=\"text/html\""};
    for (size_t i = 0; i < 3; i++) {
        char *page = S_replace(S_portal, "content=\"text/html; charset=utf-8\"", decls[i]);
        size_t len;
        char *gb = S_to_gb(page, &len);
        fz_doc d;
        fz_buf err = {0};
        ck_assert_int_eq(S_read_bytes(gb, len, &d, &err), 0);
        EXPECT_TEXT(&d, S_portal_text);
        ck_assert_str_eq(d.source, "青禾县司法局");
        S_doc_clear(&d);
        free(gb);
        free(page);
    }
}
END_TEST

/* A declared charset wins over the bytes; a UTF-8 BOM over the declaration; a byte the
 * charset rejects is one U+FFFD and the page is still read. */
START_TEST(charset_declaration_bom_and_bad_bytes) {
    char *page = S_replace(S_portal, "charset=utf-8", "charset=gb2312");
    size_t plen = strlen(page);
    char *bom = malloc(plen + 4);
    memcpy(bom, "\xEF\xBB\xBF", 3);
    memcpy(bom + 3, page, plen + 1);
    fz_doc d;
    fz_buf err = {0};
    ck_assert_int_eq(S_read_bytes(bom, plen + 3, &d, &err), 0);
    EXPECT_TEXT(&d, S_portal_text); /* UTF-8 by the BOM despite the gb2312 label */
    S_doc_clear(&d);
    free(bom);
    free(page);

    const char bad[] =
        "<html><head><meta charset=\"utf-8\"></head><body><div class=\"zoom\">"
        "<p>全年办理行政复议案件四十八件，\xFF全部在法定期限内审结，纠错率保持稳定。"
        "行政诉讼案件三十七件，负责人出庭应诉率达到百分之百。</p></div></body></html>";
    ck_assert_int_eq(S_read_bytes(bad, strlen(bad), &d, &err), 0);
    ck_assert_ptr_nonnull(strstr(d.text.ptr, "四十八件，\xEF\xBF\xBD全部"));
    S_doc_clear(&d);

    /* a label iconv knows by its own name, one it does not know (read as UTF-8) */
    const char *labels[] = {"Shift_JIS", "x-no-such-charset"};
    for (size_t i = 0; i < 2; i++) {
        fz_buf pg = {0};
        fz_buf_printf(&pg,
                      "<html><head><meta charset=\"%s\"></head><body><div id=\"zoom\">"
                      "<p>The administrative review office received forty-eight cases "
                      "this year.</p></div></body></html>",
                      labels[i]);
        ck_assert_int_eq(S_read_bytes(pg.ptr, pg.len, &d, &err), 0);
        EXPECT_TEXT(&d, "The administrative review office received forty-eight cases this year.\n");
        S_doc_clear(&d);
        fz_buf_free(&pg);
    }
}
END_TEST

/* The title: ArticleTitle, else the article's <h1>, else <title> without the site. */
START_TEST(title_sources) {
    const char *body =
        "<div class=\"article\"><p>全年办理行政复议案件四十八件，全部在法定期限内审结。"
        "行政诉讼案件三十七件，负责人出庭应诉率达到百分之百，败诉二件。</p></div>";
    struct {
        const char *head, *before, *title, *first_line;
    } cases[] = {
        {"<title>甲_青禾县人民政府</title>", "<h1>乙报告</h1>", "乙报告", "乙报告\n"},
        {"<title>青禾县2024年度法治政府建设情况报告_政务公开_青禾县人民政府门户网站</title>", "",
         "青禾县2024年度法治政府建设情况报告_政务公开", NULL},
        {"<title>纲要（2021—2025年）实施情况的报告</title>", "",
         "纲要（2021—2025年）实施情况的报告", NULL},
        {"<title> 丙报告 - 青禾县司法局 </title>", "<h1><a href=\"/\">青禾县人民政府</a></h1>",
         "丙报告", NULL},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        fz_buf page = {0};
        fz_buf_printf(&page, "<html><head>%s</head><body>%s%s</body></html>", cases[i].head,
                      cases[i].before, body);
        fz_doc d;
        S_read(page.ptr, &d);
        ck_assert_str_eq(d.title, cases[i].title);
        /* the title is the first line of the text */
        ck_assert_msg(!strncmp(d.text.ptr, cases[i].title, strlen(cases[i].title)), "%s",
                      d.text.ptr);
        ck_assert_ptr_null(d.published);
        S_doc_clear(&d);
        fz_buf_free(&page);
    }
    /* an <h1> inside the article is its first line already: not repeated */
    fz_doc d;
    S_read("<html><body><div id=\"zoom\"><h1>丁报告</h1><p>全年办理行政复议案件四十八件，全部在法"
           "定期限内审结。行政诉讼案件三十七件，出庭应诉率达到百分之百。</p></div></body></html>",
           &d);
    ck_assert_str_eq(d.title, "丁报告");
    ck_assert_ptr_nonnull(strstr(d.text.ptr, "丁报告\n全年"));
    ck_assert_ptr_null(strstr(d.text.ptr + 1, "丁报告"));
    S_doc_clear(&d);
}
END_TEST

/* Without a PubDate meta the visible 发布时间 line gives the date (the pack's pattern). */
START_TEST(published_from_the_visible_line) {
    fz_doc d;
    S_read("<html><body><div class=\"info\">发布时间：2025-3-20 浏览次数：12</div>"
           "<div class=\"pages_content\"><p>全年办理行政复议案件四十八件，全部在法定期限内审结。"
           "行政诉讼案件三十七件，出庭应诉率达到百分之百。</p></div></body></html>",
           &d);
    ck_assert_str_eq(d.published, "2025-3-20");
    S_doc_clear(&d);
}
END_TEST

/* No known container: the block holding the most paragraph text; link lists, hidden
 * elements and widget lines produce nothing; a <div> of text only is a paragraph. */
START_TEST(densest_block_fallback) {
    fz_doc d;
    S_read("<html><body><div class=\"top\"><a href=\"/1\">机构设置</a> <a href=\"/2\">政务公开"
           "</a> <a href=\"/3\">办事服务</a> <a href=\"/4\">互动交流</a></div>"
           "<div class=\"side\"><div>热点：<a "
           "href=\"/5\">关于开展营商环境评价工作的通知全文</a></div></div>"
           "<div class=\"x1\"><div class=\"x2\">"
           "<div>全年办理行政复议案件四十八件，全部在法定期限内审结。</div>"
           "<div style=\"display: none\">隐藏的文字不是正文，不应出现在结果里。</div>"
           "<div>行政诉讼案件三十七件，负责人出庭应诉率达到百分之百。</div>"
           "<div>【打印本页】</div></div></div>"
           "<div class=\"ft\">版权所有：青禾县人民政府 <span>皖ICP备12345678号</span></div>"
           "</body></html>",
           &d);
    EXPECT_TEXT(&d, "全年办理行政复议案件四十八件，全部在法定期限内审结。\n"
                    "行政诉讼案件三十七件，负责人出庭应诉率达到百分之百。\n");
    ck_assert_ptr_null(d.title);
    S_doc_clear(&d);
}
END_TEST

/* The best-ranked container wins when it holds text; a container name on a short block
 * (a sidebar "content") does not take the article away. */
START_TEST(container_rank_and_emptiness) {
    fz_doc d;
    S_read("<html><body><div class=\"content\"><div class=\"side content\">公告</div>"
           "<div class=\"TRS_Editor\"><p>全年办理行政复议案件四十八件，全部在法定期限内审结。"
           "行政诉讼案件三十七件，出庭应诉率达到百分之百。</p></div><p>责任编辑：张三</p></div>"
           "</body></html>",
           &d);
    EXPECT_TEXT(&d, "全年办理行政复议案件四十八件，全部在法定期限内审结。行政诉讼案件三十七件，"
                    "出庭应诉率达到百分之百。\n");
    S_doc_clear(&d);
}
END_TEST

/* ARTICLE_MIN_CHARS = 40 characters (not spaces, not link text): 39 is no article. */
START_TEST(article_threshold_boundary) {
    for (int n = 39; n <= 40; n++) {
        for (int named = 0; named <= 1; named++) {
            fz_buf page = {0};
            fz_buf_printf(&page, "<html><body><div class=\"%s\"><p>", named ? "zoom" : "x");
            for (int i = 0; i < n; i++) fz_buf_puts(&page, i % 2 ? "法 " : "治");
            fz_buf_puts(&page, "<a href=\"/\">链接文字不算</a></p></div></body></html>");
            fz_doc d;
            S_read(page.ptr, &d);
            if (n == 39) {
                ck_assert_ptr_nonnull(d.unreadable);
                ck_assert_ptr_nonnull(strstr(d.unreadable, "正文"));
                EXPECT_TEXT(&d, "");
            } else {
                ck_assert_msg(d.unreadable == NULL, "%d named %d", n, named);
                ck_assert_ptr_nonnull(strstr(d.text.ptr, "治法 治"));
            }
            S_doc_clear(&d);
            fz_buf_free(&page);
        }
    }
}
END_TEST

/* Text as a browser shows it: spaces collapse, a line break between Chinese characters
 * vanishes, one between Latin words is a space; empty paragraphs are no lines. */
START_TEST(white_space_and_lines) {
    fz_doc d;
    S_read("<html><body><div id=\"content\"><p>　　执法\n  队伍 建设\tnew\nline</p><p></p>"
           "<p>&nbsp;&nbsp;</p><div>甲<br/><br/>乙</div><ul><li>一是培训</li><li>二是考核"
           "，全年培训执法人员三百人次，考核合格率百分之九十八。</li></ul></div></body></html>",
           &d);
    EXPECT_TEXT(&d, "执法队伍 建设 new line\n甲\n乙\n一是培训\n二是考核，全年培训执法人员三百人次，"
                    "考核合格率百分之九十八。\n");
    S_doc_clear(&d);
}
END_TEST

START_TEST(sniffing) {
    struct {
        const char *bytes, *path;
        bool want;
    } cases[] = {
        {"<!DOCTYPE html><html>", "x.txt", true},
        {"\xEF\xBB\xBF  <HTML lang=zh>", "-", true},
        {"<!-- saved -->\n<html>", "x", true},
        {"<p>半个页面</p>", "x.htm", true},
        {"<p>半个页面</p>", "x.txt", false},
        {"青禾县人民政府关于<html>的报告", "x.html", false},
        {"", "x.html", false},
        {"%PDF-1.7", "x.html", false},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++)
        ck_assert_msg(fz_reader_html.sniff((const unsigned char *)cases[i].bytes,
                                           strlen(cases[i].bytes), cases[i].path) == cases[i].want,
                      "case %zu", i);
}
END_TEST

/* Broken, empty and hostile pages: a message or an unreadable page, never a crash. */
START_TEST(bad_pages) {
    fz_doc d;
    fz_buf err = {0};
    ck_assert_int_eq(S_read_bytes("", 0, &d, &err), -1);
    ck_assert_ptr_nonnull(strstr(err.ptr, "'page.html'"));
    S_doc_clear(&d);
    fz_buf_free(&err);

    /* unclosed tags, stray closers, a comment that never ends */
    S_read("<html><body><div class=zoom><p>全年办理行政复议案件四十八件<p>行政诉讼案件三十七件"
           "</span></td><b>负责人出庭应诉率达到百分之百，败诉案件二件，纠错率百分之七</div><!-- x",
           &d);
    ck_assert_ptr_null(d.unreadable);
    ck_assert_ptr_nonnull(strstr(d.text.ptr, "全年办理行政复议案件四十八件\n行政诉讼"));
    S_doc_clear(&d);

    /* a page of nothing but navigation */
    S_read("<html><body><ul><li><a href=\"/1\">首页</a></li><li><a href=\"/2\">政务公开"
           "</a></li></ul></body></html>",
           &d);
    ck_assert_ptr_nonnull(d.unreadable);
    S_doc_clear(&d);

    /* 200,000 nested elements: no recursion in the reader */
    fz_buf deep = {0};
    fz_buf_puts(&deep, "<html><body>");
    for (int i = 0; i < 200000; i++) fz_buf_puts(&deep, i % 2 ? "<div>" : "<span>");
    fz_buf_puts(&deep,
                "全年办理行政复议案件四十八件，全部在法定期限内审结，行政诉讼案件三十七件。");
    ck_assert_int_eq(S_read_bytes(deep.ptr, deep.len, &d, &err), 0);
    S_doc_clear(&d);
    fz_buf_free(&deep);
    fz_buf_free(&err);
}
END_TEST

/* The pack's html:/pdf: keys are checked like the rest of a pack. */
START_TEST(pack_keys_are_checked) {
    const char *bad[] = {
        "pack: t\ndocument:\n  html:\n    container: [x]\nrules: []\n",
        "pack: t\ndocument:\n  html:\n    containers: {a: b}\nrules: []\n",
        "pack: t\ndocument:\n  pdf:\n    running: '^x$'\nrules: []\n",
        "pack: t\ndocument:\n  html:\n    chrome: ['(']\nrules: []\n",
        "pack: t\ndocument:\n  pdf: [x]\nrules: []\n",
    };
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        fz_ruleset *rs = fz_ruleset_new();
        fz_buf err = {0};
        ck_assert_msg(fz_ruleset_load_string(rs, "t.yaml", bad[i], &err) != 0, "%s", bad[i]);
        ck_assert_ptr_nonnull(strstr(err.ptr, "t.yaml:"));
        fz_buf_free(&err);
        fz_ruleset_free(rs);
    }
    /* two packs: container lists append, a later title suffix wins */
    fz_ruleset *rs = fz_ruleset_new();
    fz_buf err = {0};
    ck_assert(fz_ruleset_load_string(rs, "a.yaml",
                                     "pack: a\ndocument:\n  html:\n    containers: x\n"
                                     "    title-suffix: '_A$'\nrules: []\n",
                                     &err) == 0);
    ck_assert(fz_ruleset_load_string(rs, "b.yaml",
                                     "pack: b\ndocument:\n  html:\n    containers: [y, z]\n"
                                     "    title-suffix: '_B$'\n  pdf:\n    running: ['^1$']\n"
                                     "rules: []\n",
                                     &err) == 0);
    const fz_read_profile *rp = &fz_ruleset_profile(rs)->read;
    ck_assert_uint_eq(rp->containers.n, 3);
    ck_assert_str_eq(rp->containers.v[2], "z");
    ck_assert_str_eq(rp->title_suffix->pattern, "_B$");
    ck_assert_uint_eq(rp->running.n, 1);
    fz_buf_free(&err);
    fz_ruleset_free(rs);
}
END_TEST

FZ_CHECK_MAIN("read_html", portal_page_article_and_properties, gb2312_pages,
              charset_declaration_bom_and_bad_bytes, title_sources, published_from_the_visible_line,
              densest_block_fallback, container_rank_and_emptiness, article_threshold_boundary,
              white_space_and_lines, sniffing, bad_pages, pack_keys_are_checked)
