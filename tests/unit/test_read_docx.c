/* Unit tests of the .docx reader: the text a paragraph per line as Word prints it
 * (numbering labels, fields, tracked changes, tables), styles, notes, and bad packages. */
#include <check.h>

#include "check_main.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zip.h>

#include "docx.h"
#include "read.h"
#include "report.h"

extern const fz_reader fz_reader_docx;

#define WNS "xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\""

/* A ZIP in memory holding the given parts (name, content pairs, NULL-terminated). */
static fz_buf S_zip(const char *const *parts) {
    zip_error_t ze;
    zip_error_init(&ze);
    zip_source_t *src = zip_source_buffer_create(NULL, 0, 0, &ze);
    zip_source_keep(src);
    zip_t *za = zip_open_from_source(src, ZIP_TRUNCATE, &ze);
    ck_assert_ptr_nonnull(za);
    for (size_t i = 0; parts[i]; i += 2) {
        zip_source_t *s = zip_source_buffer(za, parts[i + 1], strlen(parts[i + 1]), 0);
        ck_assert_int_ge(zip_file_add(za, parts[i], s, ZIP_FL_OVERWRITE), 0);
    }
    ck_assert_int_eq(zip_close(za), 0);
    fz_buf out = {0};
    ck_assert_int_eq(zip_source_open(src), 0);
    char chunk[4096];
    zip_int64_t n;
    while ((n = zip_source_read(src, chunk, sizeof chunk)) > 0) fz_buf_put(&out, chunk, (size_t)n);
    zip_source_close(src);
    zip_source_free(src);
    zip_error_fini(&ze);
    return out;
}

static char *S_body(const char *xml) {
    fz_buf b = {0};
    fz_buf_printf(&b,
                  "<?xml version=\"1.0\" encoding=\"UTF-8\"?><w:document " WNS
                  "><w:body>%s</w:body></w:document>",
                  xml);
    return fz_buf_detach(&b);
}

/* Reads a package made of document body xml (+ numbering, styles: or NULL). */
static int S_read(const char *body, const char *numbering, const char *styles, fz_doc *doc,
                  fz_buf *err) {
    char *document = S_body(body);
    fz_buf nb = {0}, sb = {0};
    if (numbering) fz_buf_printf(&nb, "<w:numbering " WNS ">%s</w:numbering>", numbering);
    if (styles) fz_buf_printf(&sb, "<w:styles " WNS ">%s</w:styles>", styles);
    const char *parts[9] = {"word/document.xml", document};
    size_t k = 2;
    if (numbering) parts[k++] = "word/numbering.xml", parts[k++] = nb.ptr;
    if (styles) parts[k++] = "word/styles.xml", parts[k++] = sb.ptr;
    fz_buf zip = S_zip(parts);
    memset(doc, 0, sizeof *doc);
    ck_assert(fz_reader_docx.sniff((const unsigned char *)zip.ptr, zip.len, "x"));
    int rc = fz_reader_docx.read((const unsigned char *)zip.ptr, zip.len, "t.docx", NULL, doc, err);
    fz_buf_free(&zip);
    fz_buf_free(&nb);
    fz_buf_free(&sb);
    free(document);
    return rc;
}

static void S_expect(const char *body, const char *numbering, const char *styles,
                     const char *want) {
    fz_doc doc;
    fz_buf err = {0};
    ck_assert_msg(S_read(body, numbering, styles, &doc, &err) == 0, "%s", err.ptr);
    ck_assert_str_eq(doc.text.ptr ? doc.text.ptr : "", want);
    fz_doc_free(&doc);
    fz_buf_free(&err);
}

#define P(x) "<w:p><w:r><w:t>" x "</w:t></w:r></w:p>"
#define NP(id, lvl, x)                                                                             \
    "<w:p><w:pPr><w:numPr><w:ilvl w:val=\"" #lvl "\"/><w:numId w:val=\"" #id                       \
    "\"/></w:numPr></w:pPr><w:r><w:t>" x "</w:t></w:r></w:p>"
#define LVL(i, fmt, text, extra)                                                                   \
    "<w:lvl w:ilvl=\"" #i "\"><w:start w:val=\"1\"/><w:numFmt w:val=\"" fmt                        \
    "\"/><w:lvlText w:val=\"" text "\"/>" extra "</w:lvl>"

/* The GB/T 9704 hierarchy as a multi-level list. */
static const char S_gb[] = "<w:abstractNum w:abstractNumId=\"3\">" LVL(0, "chineseCounting", "%1、",
                                                                       "")
    LVL(1, "chineseCounting", "（%2）", "") LVL(2, "decimal", "%3.", "")
        LVL(3, "decimal", "（%4）",
            "") "</w:abstractNum>"
                "<w:num w:numId=\"1\"><w:abstractNumId w:val=\"3\"/></w:num>"
                "<w:num w:numId=\"2\"><w:abstractNumId w:val=\"3\"/><w:lvlOverride w:ilvl=\"1\">"
                "<w:startOverride w:val=\"4\"/></w:lvlOverride></w:num>";

START_TEST(paragraphs_are_lines) {
    S_expect(P("甲") "<w:p/>" P("乙"), NULL, NULL, "甲\n\n乙\n");
    S_expect("", NULL, NULL, "");
    /* runs join; a tab stays; a line break inside a paragraph joins */
    S_expect("<w:p><w:r><w:t>一</w:t></w:r><w:r><w:t xml:space=\"preserve\"> 二</w:t><w:tab/>"
             "<w:t>三</w:t><w:br/><w:t>四</w:t></w:r></w:p>",
             NULL, NULL, "一 二\t三四\n");
    /* character references and the predefined entities are text */
    S_expect(P("&#x4E00;&amp;&lt;"), NULL, NULL, "一&<\n");
}
END_TEST

START_TEST(tables_row_by_row) {
    S_expect(P("前") "<w:tbl><w:tr><w:tc>" P("a1") P("a2") "</w:tc><w:tc>" P(
                 "b") "</w:tc></w:tr>"
                      "<w:tr><w:tc>" P("c") "</w:tc><w:tc><w:tbl><w:tr><w:tc>" P(
                          "d") "</w:tc></w:tr></w:tbl>"
                               "</w:tc></w:tr></w:tbl>" P("后"),
             NULL, NULL, "前\na1\na2\nb\nc\nd\n后\n");
    /* a deleted row is not printed; content controls are */
    S_expect("<w:tbl><w:tr><w:trPr><w:del w:id=\"1\"/></w:trPr><w:tc>" P(
                 "x") "</w:tc></w:tr>"
                      "<w:tr><w:tc>" P("y") "</w:tc></w:tr></w:tbl><w:sdt><w:sdtContent>" P(
                          "z") "</w:sdtContent></w:sdt>",
             NULL, NULL, "y\nz\n");
}
END_TEST

START_TEST(tracked_changes_as_printed) {
    S_expect("<w:p><w:r><w:t>保留</w:t></w:r><w:del w:id=\"1\"><w:r><w:delText>删除</w:delText>"
             "</w:r></w:del><w:ins w:id=\"2\"><w:r><w:t>插入</w:t></w:r></w:ins>"
             "<w:moveFrom w:id=\"3\"><w:r><w:t>移走</w:t></w:r></w:moveFrom>"
             "<w:moveTo w:id=\"4\"><w:r><w:t>移来</w:t></w:r></w:moveTo></w:p>",
             NULL, NULL, "保留插入移来\n");
    /* a deleted paragraph mark: the paragraph runs on into the next one */
    S_expect("<w:p><w:pPr><w:rPr><w:del w:id=\"5\"/></w:rPr></w:pPr><w:r><w:t>前半</w:t></w:r>"
             "</w:p>" P("后半") P("下一段"),
             NULL, NULL, "前半后半\n下一段\n");
}
END_TEST

START_TEST(fields_show_their_result) {
    S_expect("<w:p><w:r><w:t>第</w:t></w:r><w:r><w:fldChar w:fldCharType=\"begin\"/></w:r>"
             "<w:r><w:instrText> PAGE </w:instrText></w:r><w:r><w:t>代码</w:t></w:r>"
             "<w:r><w:fldChar w:fldCharType=\"separate\"/></w:r><w:r><w:t>3</w:t></w:r>"
             "<w:r><w:fldChar w:fldCharType=\"end\"/></w:r><w:r><w:t>页</w:t></w:r></w:p>"
             "<w:p><w:fldSimple w:instr=\" DATE "
             "\"><w:r><w:t>2026年1月5日</w:t></w:r></w:fldSimple></w:p>",
             NULL, NULL, "第3页\n2026年1月5日\n");
    /* a field left open at the end of a paragraph hides what follows until it ends */
    S_expect("<w:p><w:r><w:fldChar w:fldCharType=\"begin\"/><w:t>x</w:t></w:r></w:p>" P(
                 "y") "<w:p><w:r><w:fldChar w:fldCharType=\"end\"/><w:t>z</w:t></w:r></w:p>",
             NULL, NULL, "\n\nz\n");
    /* hidden text is not printed */
    S_expect("<w:p><w:r><w:rPr><w:vanish/></w:rPr><w:t>藏</w:t></w:r><w:r><w:rPr><w:vanish "
             "w:val=\"0\"/></w:rPr><w:t>显</w:t></w:r></w:p>",
             NULL, NULL, "显\n");
}
END_TEST

START_TEST(numbering_rendered) {
    S_expect(NP(1, 0, "总体情况") NP(1, 1, "组织") NP(1, 1, "制度") NP(1, 2, "细则")
                 NP(1, 2, "清单") NP(1, 0, "问题") NP(1, 1, "不足") NP(1, 2, "重启")
                     NP(1, 3, "小项") P("正文") NP(2, 1, "跳号") NP(2, 1, "接续"),
             S_gb, NULL,
             "一、总体情况\n（一）组织\n（二）制度\n1.细则\n2.清单\n二、问题\n（一）不足\n1.重启\n"
             "（1）小项\n正文\n（四）跳号\n（五）接续\n");
    /* lvlRestart 0: level 1 never restarts; %1.%2 shows the parent's counter */
    S_expect(NP(5, 0, "a") NP(5, 1, "b") NP(5, 0, "c") NP(5, 1, "d"),
             "<w:abstractNum w:abstractNumId=\"0\">" LVL(0, "decimal", "第%1章", "") LVL(
                 1, "decimal", "%1.%2",
                 "<w:lvlRestart w:val=\"0\"/><w:suff w:val=\"space\"/>") "</w:abstractNum><w:num "
                                                                         "w:numId=\"5\"><w:"
                                                                         "abstractNumId "
                                                                         "w:val=\"0\"/></w:num>",
             NULL, "第1章a\n1.1 b\n第2章c\n2.2 d\n");
    /* numbering through the paragraph style; numId 0 switches it off; bullets add nothing */
    S_expect(
        "<w:p><w:pPr><w:pStyle w:val=\"h1\"/></w:pPr><w:r><w:t>甲</w:t></w:r></w:p>"
        "<w:p><w:pPr><w:pStyle w:val=\"h1\"/><w:numPr><w:numId w:val=\"0\"/></w:numPr>"
        "</w:pPr><w:r><w:t>乙</w:t></w:r></w:p>"
        "<w:p><w:pPr><w:pStyle w:val=\"h1\"/></w:pPr><w:r><w:t>丙</w:t></w:r></w:p>" NP(9, 0, "点"),
        "<w:abstractNum w:abstractNumId=\"1\">" LVL(
            0, "ideographTraditional", "%1.",
            "") "</w:abstractNum><w:abstractNum w:abstractNumId=\"2\">" LVL(0, "bullet", "",
                                                                            "") "</"
                                                                                "w:abstractNum><w:"
                                                                                "num "
                                                                                "w:numId=\"4\"><w:"
                                                                                "abstractNumId "
                                                                                "w:val=\"1\"/></"
                                                                                "w:num>"
                                                                                "<w:num "
                                                                                "w:numId=\"9\"><w:"
                                                                                "abstractNumId "
                                                                                "w:val=\"2\"/></"
                                                                                "w:num>",
        "<w:style w:type=\"paragraph\" w:styleId=\"h1\"><w:name w:val=\"heading 1\"/><w:pPr>"
        "<w:numPr><w:numId w:val=\"4\"/></w:numPr></w:pPr></w:style>",
        "甲.甲\n乙\n乙.丙\n点\n");
}
END_TEST

static void S_num(const char *fmt, int n, const char *want) {
    fz_buf b = {0};
    docx_format_number(fmt, n, &b);
    ck_assert_msg(strcmp(b.ptr ? b.ptr : "", want) == 0, "%s %d: %s, not %s", fmt, n,
                  b.ptr ? b.ptr : "", want);
    fz_buf_free(&b);
}

START_TEST(number_formats) {
    S_num("chineseCounting", 1, "一");
    S_num("chineseCounting", 10, "十");
    S_num("chineseCounting", 11, "十一");
    S_num("chineseCounting", 20, "二十");
    S_num("chineseCounting", 99, "九十九");
    S_num("chineseCountingThousand", 100, "一百");
    S_num("chineseCountingThousand", 105, "一百零五");
    S_num("chineseCountingThousand", 110, "一百一十");
    S_num("chineseCountingThousand", 1010, "一千零一十");
    S_num("chineseCountingThousand", 9999, "九千九百九十九");
    S_num("chineseCountingThousand", 10000, "10000");
    S_num("chineseLegalSimplified", 12, "拾贰");
    S_num("ideographTraditional", 1, "甲");
    S_num("ideographTraditional", 10, "癸");
    S_num("ideographTraditional", 11, "甲");
    S_num("ideographZodiac", 12, "亥");
    S_num("decimalEnclosedCircle", 1, "①");
    S_num("decimalEnclosedCircle", 20, "⑳");
    S_num("decimalEnclosedCircle", 21, "㉑");
    S_num("decimalEnclosedCircle", 50, "㊿");
    S_num("decimalEnclosedCircle", 51, "51");
    S_num("decimalEnclosedCircleChinese", 3, "③");
    S_num("decimalEnclosedParen", 2, "⑵");
    S_num("decimalFullWidth", 12, "１２");
    S_num("decimal", 0, "0");
    S_num("decimalZero", 7, "07");
    S_num("lowerLetter", 1, "a");
    S_num("lowerLetter", 27, "aa");
    S_num("upperLetter", 3, "C");
    S_num("lowerRoman", 4, "iv");
    S_num("upperRoman", 1994, "MCMXCIV");
    S_num("ideographDigital", 2026, "二〇二六");
    S_num("none", 3, "");
    S_num("bullet", 3, "");
    S_num("someFutureFormat", 3, "3");
}
END_TEST

START_TEST(styles_for_the_outline) {
    fz_doc doc;
    fz_buf err = {0};
    ck_assert(
        S_read(
            "<w:p><w:pPr><w:pStyle w:val=\"T\"/></w:pPr><w:r><w:t>标题</w:t></w:r></w:p>"
            "<w:p><w:pPr><w:pStyle w:val=\"H2\"/></w:pPr></w:p>"
            "<w:p><w:pPr><w:outlineLvl w:val=\"0\"/></w:pPr></w:p>"
            "<w:p><w:pPr><w:pStyle w:val=\"Mine\"/></w:pPr></w:p><w:p/>",
            NULL,
            "<w:style w:type=\"paragraph\" w:styleId=\"T\"><w:name w:val=\"Title\"/></w:style>"
            "<w:style w:type=\"paragraph\" w:styleId=\"H2\"><w:name w:val=\"heading 2\"/></w:style>"
            "<w:style w:type=\"paragraph\" w:styleId=\"Mine\"><w:name w:val=\"我的标题\"/>"
            "<w:basedOn w:val=\"H2\"/><w:pPr><w:outlineLvl w:val=\"3\"/></w:pPr></w:style>",
            &doc, &err) == 0);
    ck_assert_uint_eq(doc.anchors.n, 5);
    ck_assert_int_eq(doc.anchors.v[0].style, FZ_DOC_STYLE_TITLE);
    ck_assert_int_eq(doc.anchors.v[1].style, 2);
    ck_assert_int_eq(doc.anchors.v[2].style, 1);
    ck_assert_int_eq(doc.anchors.v[3].style, 4);
    ck_assert_int_eq(doc.anchors.v[4].style, 0);
    ck_assert_uint_eq(doc.anchors.v[4].index, 4);
    fz_doc_free(&doc);
    fz_buf_free(&err);
}
END_TEST

/* A Title-styled line is the title even where plain text would not take it (a comma);
 * without a title line, the core title fills in, with its year. */
START_TEST(styles_and_properties_inform_the_outline) {
    static const char styles[] =
        "<w:style w:type=\"paragraph\" w:styleId=\"T\"><w:name w:val=\"Title\"/></w:style>";
    fz_doc doc;
    fz_buf err = {0};
    ck_assert(
        S_read(P("正文第一段，没有标题样式。") "<w:p><w:pPr><w:pStyle "
                                               "w:val=\"T\"/></"
                                               "w:pPr><w:r><w:t>某县2024年法治政府建设情况，报告"
                                               "</w:t></w:r></w:p>" P("正文。"),
               NULL, styles, &doc, &err) == 0);
    fz_matcher m;
    fz_matcher_init(&m);
    fz_report r;
    fz_report_check_doc(&r, "t.docx", &doc, NULL, 0, 0, &m);
    ck_assert_int_eq(r.outline.title_line, 1);
    ck_assert_int_eq(r.outline.report_year, 2024);
    ck_assert_ptr_nonnull(r.outline.styles);
    fz_report_free(&r);

    /* no title line: the core property, marked as such */
    memset(&doc, 0, sizeof doc);
    fz_buf_put(&doc.text, "正文，一段。\n", strlen("正文，一段。\n"));
    doc.format = "docx";
    doc.title = fz_xstrdup("某市2023年度法治政府建设情况的报告");
    doc.published = fz_xstrdup("2024-03-05 10:00:00");
    fz_report_check_doc(&r, "t.docx", &doc, NULL, 0, 0, &m);
    ck_assert_int_eq(r.outline.title_line, -1);
    ck_assert_str_eq(r.outline.title, "某市2023年度法治政府建设情况的报告");
    ck_assert_int_eq(r.outline.report_year, 2023);
    ck_assert(r.outline.published.property);
    ck_assert_int_eq(r.outline.published.month, 3);
    fz_buf out = {0};
    fz_outline_print(&r.outline, &r.text, &out);
    ck_assert_ptr_nonnull(strstr(out.ptr, "(document property)"));
    fz_buf_free(&out);
    fz_report_free(&r);
    fz_matcher_free(&m);
    fz_buf_free(&err);
}
END_TEST

/* Reads raw bytes; returns the message (caller frees) or NULL on success. */
static char *S_fail(const unsigned char *bytes, size_t len) {
    fz_doc doc = {0};
    fz_buf err = {0};
    int rc = fz_reader_docx.read(bytes, len, "坏.docx", NULL, &doc, &err);
    fz_doc_free(&doc);
    if (rc == 0) {
        fz_buf_free(&err);
        return NULL;
    }
    ck_assert_ptr_nonnull(err.ptr);
    ck_assert_msg(strstr(err.ptr, "'坏.docx'") != NULL, "names the file: %s", err.ptr);
    ck_assert_msg(err.ptr[err.len - 1] == '\n', "one line: %s", err.ptr);
    return fz_buf_detach(&err);
}

START_TEST(bad_packages) {
    char *doc = S_body(P("x"));
    const char *parts[] = {"word/document.xml", doc, NULL};
    fz_buf zip = S_zip(parts);
    /* truncated at every length: an error or (never) a crash */
    for (size_t n = 0; n < zip.len; n += 7) {
        char *m = S_fail((const unsigned char *)zip.ptr, n);
        ck_assert_ptr_nonnull(m);
        free(m);
    }
    /* a corrupt byte in the compressed data */
    zip.ptr[40] ^= 0x55;
    free(S_fail((const unsigned char *)zip.ptr, zip.len));
    fz_buf_free(&zip);
    free(doc);

    /* a ZIP without word/document.xml */
    const char *other[] = {"a.txt", "x", NULL};
    zip = S_zip(other);
    char *m = S_fail((const unsigned char *)zip.ptr, zip.len);
    ck_assert_ptr_nonnull(strstr(m, "word/document.xml"));
    free(m);
    fz_buf_free(&zip);

    /* not XML */
    const char *broken[] = {"word/document.xml", "<w:document><w:body>", NULL};
    zip = S_zip(broken);
    m = S_fail((const unsigned char *)zip.ptr, zip.len);
    ck_assert_ptr_nonnull(strstr(m, "XML"));
    free(m);
    fz_buf_free(&zip);

    /* entity expansion and external entities: a DTD is refused before parsing */
    const char *laughs[] = {"word/document.xml",
                            "<?xml version=\"1.0\"?><!DOCTYPE d [<!ENTITY a \"aaaaaaaaaa\">"
                            "<!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;\">"
                            "<!ENTITY x SYSTEM \"file:///etc/passwd\">]>"
                            "<w:document " WNS "><w:body><w:p><w:r><w:t>&b;&x;</w:t></w:r></w:p>"
                            "</w:body></w:document>",
                            NULL};
    zip = S_zip(laughs);
    m = S_fail((const unsigned char *)zip.ptr, zip.len);
    ck_assert_ptr_nonnull(strstr(m, "DTD"));
    free(m);
    fz_buf_free(&zip);
}
END_TEST

START_TEST(zip_bomb) {
    /* 3 MiB of one byte deflates about 1000:1: over the ratio limit */
    size_t big = (size_t)3 << 20;
    char *xml = malloc(big + 1);
    memset(xml, ' ', big);
    xml[big] = '\0';
    const char *parts[] = {"word/document.xml", xml, NULL};
    fz_buf zip = S_zip(parts);
    char *m = S_fail((const unsigned char *)zip.ptr, zip.len);
    ck_assert_ptr_nonnull(m);
    ck_assert_ptr_nonnull(strstr(m, "ZIP 炸弹"));
    free(m);
    fz_buf_free(&zip);
    free(xml);
}
END_TEST

START_TEST(no_body_and_encrypted) {
    const char *parts[] = {"word/document.xml", "<w:document " WNS "/>", NULL};
    fz_buf zip = S_zip(parts);
    fz_doc doc = {0};
    fz_buf err = {0};
    ck_assert_int_eq(
        fz_reader_docx.read((const unsigned char *)zip.ptr, zip.len, "x", NULL, &doc, &err), 0);
    ck_assert_ptr_nonnull(doc.unreadable);
    fz_doc_free(&doc);
    fz_buf_free(&zip);

    /* an OLE compound file with an EncryptionInfo stream: a password-protected .docx */
    unsigned char ole[1024] = {0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1};
    const char *name = "EncryptionInfo";
    for (size_t i = 0; name[i]; i++) ole[600 + 2 * i] = (unsigned char)name[i];
    ck_assert(fz_reader_docx.sniff(ole, sizeof ole, "x"));
    char *m = S_fail(ole, sizeof ole);
    ck_assert_ptr_nonnull(strstr(m, "加密"));
    free(m);
    /* the same without the stream is not this reader's */
    memset(ole + 600, 0, 40);
    ck_assert(!fz_reader_docx.sniff(ole, sizeof ole, "x"));
    fz_buf_free(&err);
}
END_TEST

FZ_CHECK_MAIN("read_docx", paragraphs_are_lines, tables_row_by_row, tracked_changes_as_printed,
              fields_show_their_result, numbering_rendered, number_formats, styles_for_the_outline,
              styles_and_properties_inform_the_outline, bad_packages, zip_bomb,
              no_body_and_encrypted)
