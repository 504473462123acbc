/* Unit tests of the PDF reader (read_pdf.c) on PDFs written here, line by line at known
 * positions (a CID font whose codes are the Unicode code points: 1 em per CJK character,
 * half an em per ASCII one), with the built-in pack's document block: paragraphs,
 * margins, spaces, files without text, damaged files. */
#include <check.h>

#include "check_main.h"
#include <stdlib.h>
#include <string.h>

#include "read.h"
#include "rules.h"

extern const fz_reader fz_reader_pdf;

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

/* ---- a small PDF writer ---------------------------------------------------------------- */

#define FONT   12.0 /* points: a CJK character is 12 pt wide */
#define LEFT   72.0
#define TOP    770.0
#define PITCH  18.0
#define COLS   20 /* CJK characters per full line */
#define PAGE_H 842

typedef struct S_pdf {
    fz_buf pages[8]; /* content streams */
    int npages;
    int line[8]; /* next line per page */
} S_pdf;

/* A line of text on page p at x = LEFT + indent (in characters), at line index `at`
 * (-1: the next one). */
static void S_put(S_pdf *pdf, int p, double indent, int at, const char *utf8) {
    if (p >= pdf->npages) pdf->npages = p + 1;
    int li = at >= 0 ? at : pdf->line[p]++;
    double y = TOP - li * PITCH;
    fz_buf *b = &pdf->pages[p];
    fz_buf_printf(b, "BT /F1 %.0f Tf %.2f %.2f Td <", FONT, LEFT + indent * FONT, y);
    for (size_t i = 0, n; utf8[i]; i += n) {
        int cp = fz_utf8_decode(utf8 + i, &n);
        fz_buf_printf(b, "%04X", cp & 0xFFFF);
    }
    fz_buf_puts(b, "> Tj ET\n");
}

static void S_obj(fz_buf *out, size_t *offs, int id, const char *body) {
    offs[id] = out->len;
    fz_buf_printf(out, "%d 0 obj\n%s\nendobj\n", id, body);
}

static char *S_write(S_pdf *pdf, size_t *len) {
    static const char cmap[] =
        "/CIDInit /ProcSet findresource begin 12 dict begin begincmap\n"
        "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n"
        "/CMapName /Adobe-Identity-UCS def /CMapType 2 def\n"
        "1 begincodespacerange <0000> <FFFF> endcodespacerange\n"
        "1 beginbfrange <0000> <FFFF> <0000> endbfrange\n"
        "endcmap CMapName currentdict /CMap defineresource pop end end\n";
    fz_buf out = {0};
    size_t offs[64] = {0};
    int n = 5 + 2 * pdf->npages;
    fz_buf_puts(&out, "%PDF-1.4\n");
    S_obj(&out, offs, 1, "<< /Type /Catalog /Pages 2 0 R >>");
    fz_buf kids = {0};
    fz_buf_puts(&kids, "<< /Type /Pages /Kids [");
    for (int p = 0; p < pdf->npages; p++) fz_buf_printf(&kids, " %d 0 R", 6 + 2 * p);
    fz_buf_printf(&kids, " ] /Count %d >>", pdf->npages);
    S_obj(&out, offs, 2, kids.ptr);
    fz_buf_free(&kids);
    S_obj(&out, offs, 3,
          "<< /Type /Font /Subtype /Type0 /BaseFont /NotoSerifCJKsc-Regular /Encoding "
          "/Identity-H /DescendantFonts [4 0 R] /ToUnicode 5 0 R >>");
    S_obj(&out, offs, 4,
          "<< /Type /Font /Subtype /CIDFontType2 /BaseFont /NotoSerifCJKsc-Regular "
          "/CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> "
          "/FontDescriptor << /Type /FontDescriptor /FontName /NotoSerifCJKsc-Regular /Flags 4 "
          "/FontBBox [0 -120 1000 880] /ItalicAngle 0 /Ascent 880 /Descent -120 /CapHeight 700 "
          "/StemV 80 >> /DW 1000 /W [32 [250] 33 126 500] >>");
    fz_buf s = {0};
    fz_buf_printf(&s, "<< /Length %zu >>\nstream\n%sendstream", strlen(cmap), cmap);
    S_obj(&out, offs, 5, s.ptr);
    s.len = 0;
    for (int p = 0; p < pdf->npages; p++) {
        fz_buf_printf(&s,
                      "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 %d] /Resources << /Font << "
                      "/F1 3 0 R >> >> /Contents %d 0 R >>",
                      PAGE_H, 7 + 2 * p);
        S_obj(&out, offs, 6 + 2 * p, s.ptr);
        s.len = 0;
        const char *c = pdf->pages[p].ptr ? pdf->pages[p].ptr : "";
        fz_buf_printf(&s, "<< /Length %zu >>\nstream\n%sendstream", strlen(c), c);
        S_obj(&out, offs, 7 + 2 * p, s.ptr);
        s.len = 0;
        fz_buf_free(&pdf->pages[p]);
    }
    fz_buf_free(&s);
    size_t xref = out.len;
    fz_buf_printf(&out, "xref\n0 %d\n0000000000 65535 f \n", n);
    for (int i = 1; i < n; i++) fz_buf_printf(&out, "%010zu 00000 n \n", offs[i]);
    fz_buf_printf(&out, "trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%zu\n%%%%EOF\n", n, xref);
    *len = out.len;
    memset(pdf, 0, sizeof *pdf);
    return fz_buf_detach(&out);
}

static int S_read_bytes(const char *bytes, size_t len, fz_doc *d, fz_buf *err) {
    memset(d, 0, sizeof *d);
    fz_read_opts o = {.profile = S_profile()};
    return fz_reader_pdf.read((const unsigned char *)bytes, len, "report.pdf", &o, d, err);
}

static void S_read_pdf(S_pdf *pdf, fz_doc *d) {
    size_t len;
    char *bytes = S_write(pdf, &len);
    fz_buf err = {0};
    ck_assert_msg(S_read_bytes(bytes, len, d, &err) == 0, "%s", err.ptr);
    fz_buf_free(&err);
    free(bytes);
}

#define EXPECT_TEXT(d, want) ck_assert_str_eq((d)->text.ptr ? (d)->text.ptr : "", want)

/* 20 characters: a full line */
#define FULL1 "全年办理行政复议案件四十八件依法受理四十"
#define FULL2 "五件对不符合受理条件的三件依法告知申请人"
#define FULL3 "结四十三件其中维持二十一件撤销五件确认违"
/* 18 characters: a full first line after an indent of 2 */
#define IND1 "全年办理行政复议案件四十八件，依法受"

/* ---- tests ----------------------------------------------------------------------------- */

/* 公文 layout: first-line indents mark paragraphs; a full line continues even after 。 */
START_TEST(indented_paragraphs) {
    S_pdf pdf = {0};
    S_put(&pdf, 0, 3.5, -1, "关于法治政府建设情况的报告"); /* centred title */
    S_put(&pdf, 0, 2, -1, "全年办理行政复议案件四十八件，依法受");
    S_put(&pdf, 0, 0, -1, "理四十五件，对不符合受理条件的三件依法。");
    S_put(&pdf, 0, 0, -1, "告知申请人，维持二十一件。");
    S_put(&pdf, 0, 2, -1, "一、主要举措和成效");
    S_put(&pdf, 0, 2, -1, "二是规范行政应诉工作，全年新收案件四十");
    S_put(&pdf, 0, 0, -1, "一件。");
    fz_doc d;
    S_read_pdf(&pdf, &d);
    EXPECT_TEXT(&d, "关于法治政府建设情况的报告\n"
                    "全年办理行政复议案件四十八件，依法受理四十五件，对不符合受理条件的三件依法。"
                    "告知申请人，维持二十一件。\n"
                    "一、主要举措和成效\n"
                    "二是规范行政应诉工作，全年新收案件四十一件。\n");
    ck_assert_str_eq(d.format, "pdf");
    ck_assert_ptr_null(d.unreadable);
    ck_assert_uint_eq(d.anchors.n, 4); /* one per paragraph: page and printed line */
    ck_assert_uint_eq(d.anchors.v[3].part, 0);
    ck_assert_uint_eq(d.anchors.v[3].index, 5);
    S_doc_clear(&d);
}
END_TEST

/* Block paragraphs (no indents, no gaps): a short line ends a paragraph; a full one
 * ending a sentence ends it only when the next opens as a paragraph does (a heading
 * marker, 一是, 特此报告); a line never starts with closing punctuation. */
START_TEST(block_paragraphs) {
    S_pdf pdf = {0};
    S_put(&pdf, 0, 0, -1, "全年办理行政复议案件四十八件，依法受理。"); /* full, 。 */
    S_put(&pdf, 0, 0, -1, "二是规范行政应诉工作，全年新收案件四十一");
    S_put(&pdf, 0, 0, -1, "件，审结三十七件，其中败诉二件依法履行。"); /* full, 。 */
    S_put(&pdf, 0, 0, -1, "全年负责人出庭三十七件，出庭应诉率达到");
    S_put(&pdf, 0, 0, -1, "100％。"); /* short only by the number the line could not hold */
    S_put(&pdf, 0, 0, -1, "特此报告。");
    fz_doc d;
    S_read_pdf(&pdf, &d);
    EXPECT_TEXT(&d,
                "全年办理行政复议案件四十八件，依法受理。\n"
                "二是规范行政应诉工作，全年新收案件四十一件，审结三十七件，其中败诉二件依法履行。"
                "全年负责人出庭三十七件，出庭应诉率达到100％。\n"
                "特此报告。\n");
    S_doc_clear(&d);
}
END_TEST

/* Page numbers and a running header on every page are dropped; a paragraph cut by the
 * page break is one paragraph.  Body lines that repeat are not headers: only lines at
 * the same place in the margins of at least half the pages are. */
START_TEST(running_headers_and_page_numbers) {
    S_pdf pdf = {0};
    const char *footers[] = {"— 1 —", "第2页 共3页", "- 3 -"};
    const char *tops[] = {IND1, FULL2, FULL3};
    const char *ends[] = {FULL1, FULL3, "全年审结四十三件。"};
    for (int p = 0; p < 3; p++) {
        S_put(&pdf, p, 5, 0, "青禾县人民政府办公室文件");
        S_put(&pdf, p, p == 0 ? 2 : 0, 2, tops[p]);
        S_put(&pdf, p, 0, 3, FULL1);
        S_put(&pdf, p, 0, 4, "告知申请人。"); /* the same body line on every page */
        S_put(&pdf, p, 2, 5, IND1);
        S_put(&pdf, p, 0, 6, ends[p]); /* continues overleaf */
        S_put(&pdf, p, 9, 40, footers[p]);
    }
    fz_doc d;
    S_read_pdf(&pdf, &d);
    EXPECT_TEXT(&d, IND1 FULL1 "告知申请人。\n" IND1 FULL1 FULL2 FULL1
                               "告知申请人。\n" IND1 FULL3 FULL3 FULL1 "告知申请人。\n" IND1
                               "全年审结四十三件。\n");
    S_doc_clear(&d);
}
END_TEST

/* A header on 1 page of 2 is not repeated enough; the patterns still drop page numbers. */
START_TEST(margins_of_short_files) {
    S_pdf pdf = {0};
    S_put(&pdf, 0, 5, 0, "青禾县人民政府办公室文件");
    S_put(&pdf, 0, 2, 2, IND1);
    S_put(&pdf, 0, 0, 3, FULL1);
    S_put(&pdf, 0, 9, 40, "1");
    S_put(&pdf, 1, 0, 2, FULL2);
    S_put(&pdf, 1, 2, 3, "全年审结四十三件，其中维持二十一件。");
    S_put(&pdf, 1, 9, 40, "2");
    fz_doc d;
    S_read_pdf(&pdf, &d);
    EXPECT_TEXT(&d, "青禾县人民政府办公室文件\n" IND1 FULL1 FULL2 "\n"
                    "全年审结四十三件，其中维持二十一件。\n");
    S_doc_clear(&d);
}
END_TEST

/* Spaces between CJK characters go when most neighbours have one; a stray one stays;
 * a space between CJK and a number always goes. */
START_TEST(producer_spaces) {
    S_pdf pdf = {0};
    S_put(&pdf, 0, 0, -1, FULL1); /* the right margin */
    S_put(&pdf, 0, 2, -1, "报 告 正 文 内 容");
    S_put(&pdf, 0, 2, -1, "组织综合行政 执法大队开展培训。");
    S_put(&pdf, 0, 2, -1, "2025 年办理 48 件，English stay。");
    S_put(&pdf, 0, 2, -1, "甲 乙 丙丁戊。"); /* 2 spaced pairs of 5 (戊。 is one): below half */
    S_put(&pdf, 0, 2, -1, "甲 乙 丙丁。");   /* 2 of 4: half, letter-spaced */
    fz_doc d;
    S_read_pdf(&pdf, &d);
    EXPECT_TEXT(&d, FULL1 "\n报告正文内容\n组织综合行政 执法大队开展培训。\n"
                          "2025年办理48件，English stay。\n甲 乙 丙丁戊。\n甲乙丙丁。\n");
    S_doc_clear(&d);
}
END_TEST

/* PDF_MIN_CHARS = 20: a file with fewer characters (page numbers aside) has no text
 * layer; one error sentence, no text. */
START_TEST(no_text_layer_boundary) {
    for (int n = 19; n <= 20; n++) {
        S_pdf pdf = {0};
        char line[128] = "";
        for (int i = 0; i < n; i++) strcat(line, "法");
        S_put(&pdf, 0, 2, 5, line);
        S_put(&pdf, 0, 9, 40, "— 1 —");
        fz_doc d;
        S_read_pdf(&pdf, &d);
        if (n == 19) {
            ck_assert_ptr_nonnull(d.unreadable);
            ck_assert_ptr_nonnull(strstr(d.unreadable, "扫描件"));
            EXPECT_TEXT(&d, "");
        } else {
            ck_assert_ptr_null(d.unreadable);
            ck_assert_uint_eq(d.text.len, 20 * 3 + 1);
        }
        S_doc_clear(&d);
    }
    /* pages without any text (what a scan without OCR is to a text extractor) */
    S_pdf pdf = {0};
    pdf.npages = 2;
    fz_doc d;
    S_read_pdf(&pdf, &d);
    ck_assert_ptr_nonnull(d.unreadable);
    S_doc_clear(&d);
}
END_TEST

START_TEST(damaged_files) {
    S_pdf pdf = {0};
    S_put(&pdf, 0, 2, -1, FULL1);
    size_t len;
    char *good = S_write(&pdf, &len);
    fz_doc d;
    fz_buf err = {0};
    const char junk[] = "%PDF-1.7\n1 0 obj << /Type /Catalog /Pages 9 0 R >> endobj\ntrailer <<>>";
    ck_assert_int_eq(S_read_bytes(junk, sizeof junk - 1, &d, &err), -1);
    ck_assert_ptr_nonnull(strstr(err.ptr, "'report.pdf'"));
    ck_assert_ptr_nonnull(strstr(err.ptr, "损坏"));
    S_doc_clear(&d);
    fz_buf_free(&err);
    ck_assert_int_eq(S_read_bytes("", 0, &d, &err), -1);
    S_doc_clear(&d);
    fz_buf_free(&err);
    /* every cut of the file: an error or some text, never a crash */
    for (size_t cut = 0; cut < len; cut += 7) {
        int rc = S_read_bytes(good, cut, &d, &err);
        ck_assert(rc == 0 || (rc == -1 && err.ptr && strstr(err.ptr, "report.pdf")));
        S_doc_clear(&d);
        fz_buf_free(&err);
    }
    free(good);
}
END_TEST

START_TEST(sniffing) {
    ck_assert(fz_reader_pdf.sniff((const unsigned char *)"%PDF-1.4\n", 9, "x.txt"));
    ck_assert(fz_reader_pdf.sniff((const unsigned char *)"\r\n\r\n%PDF-1.7", 13, "x"));
    ck_assert(!fz_reader_pdf.sniff((const unsigned char *)"报告 %PDF", 10, "x.pdf"));
    ck_assert(!fz_reader_pdf.sniff((const unsigned char *)"", 0, "x.pdf"));
}
END_TEST

FZ_CHECK_MAIN("read_pdf", indented_paragraphs, block_paragraphs, running_headers_and_page_numbers,
              margins_of_short_files, producer_spaces, no_text_layer_boundary, damaged_files,
              sniffing)
