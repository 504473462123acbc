/* Unit tests of the gcc emitter: its column and excerpt window (counted with inline
 * fast paths, the window's start found walking back from the span) against a plain
 * reference written from fz_text_column and fz_display_width, on random reports. */
#include <check.h>

#include "check_main.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "emit.h"

static size_t S_len(const char *s) {
    unsigned char c = (unsigned char)s[0];
    return c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
}

/* The reference: the emitter as it was, one fz_display_width per character. */
static size_t S_advance(const char *s, size_t from, size_t to, size_t cols) {
    size_t i = from, c = 0;
    while (i < to && c < cols) {
        size_t cl = S_len(s + i);
        c += s[i] == '\t' ? 8 : fz_display_width(s + i, cl);
        i += cl;
    }
    return i;
}

static size_t S_expand(fz_buf *b, const char *s, size_t from, size_t to, size_t col) {
    for (size_t i = from, cl; i < to; i += cl) {
        cl = S_len(s + i);
        if (s[i] == '\t') {
            size_t next = (col / 8 + 1) * 8;
            while (col < next) col++, b ? fz_buf_putc(b, ' ') : (void)0;
        } else {
            if (b) fz_buf_put(b, s + i, cl);
            col += fz_display_width(s + i, cl);
        }
    }
    return col;
}

static void S_expected(fz_buf *b, const fz_report *r, const fz_diag *d) {
    const fz_text *t = &r->text;
    const char *s = t->src;
    size_t line = fz_text_line_of(t, d->start);
    size_t ls = t->line_start[line], le = fz_text_line_end(t, line);
    size_t ds = d->start, de = d->end > le ? le : d->end;
    if (de < ds) de = ds;
    char head[64];
    snprintf(head, sizeof head, "%zu:%zu: warning: m [t/r]\n", line + 1,
             fz_text_column(t, d->start, FZ_COL_DISPLAY));
    fz_buf_puts(b, r->path);
    fz_buf_putc(b, ':');
    fz_buf_puts(b, head);
    size_t from = ls, to = le;
    if (fz_display_width_upto(s + ls, le - ls, 72) > 72) {
        size_t before = fz_display_width(s + ls, ds - ls);
        if (before > 24) from = S_advance(s, ls, ds, before - 24);
        to = S_advance(s, from, le, 72);
        if (to < de) de = to;
    }
    char gutter[32];
    snprintf(gutter, sizeof gutter, "%5zu | %s", line + 1, from > ls ? "… " : "");
    fz_buf_puts(b, gutter);
    size_t col_ds = S_expand(b, s, from, ds, from > ls ? 2 : 0);
    S_expand(b, s, ds, to, col_ds);
    fz_buf_puts(b, to < le ? " …\n" : "\n");
    fz_buf_puts(b, "      | ");
    for (size_t c = 0; c < col_ds; c++) fz_buf_putc(b, ' ');
    fz_buf_putc(b, '^');
    size_t w = S_expand(NULL, s, ds, de, col_ds) - col_ds;
    for (size_t c = 1; c < w; c++) fz_buf_putc(b, '~');
    fz_buf_putc(b, '\n');
}

START_TEST(column_and_window_agree_with_reference) {
    /* wide, narrow, ambiguous, zero-width (combining acute) characters and tabs */
    static const char *const pieces[] = {"法", "治", "一", "。",       "、", "“",  "”", "a",  "1",
                                         " ",  "\t", "é",  "\xCC\x81", "《", "》", "…", "ｘ", "㐀"};
    enum { NP = sizeof pieces / sizeof *pieces };
    unsigned seed = 11;
#define RND(n) ((int)((seed = seed * 1103515245u + 12345u) >> 16) % (n))
    fz_emit_ctx ctx = {.opts = {.unit = FZ_COL_DISPLAY}};
    for (int round = 0; round < 400; round++) {
        fz_buf text = {0};
        int nlines = 1 + RND(3);
        for (int l = 0; l < nlines; l++) {
            int n = RND(4) == 0 ? RND(8) : 20 + RND(120);
            for (int i = 0; i < n; i++) fz_buf_puts(&text, pieces[RND(NP)]);
            fz_buf_puts(&text, "\n");
        }
        fz_report r;
        memset(&r, 0, sizeof r);
        r.path = fz_xstrdup("x.txt");
        fz_text_decode(&r.text, (const unsigned char *)text.ptr, text.len);
        /* spans from one character boundary of a line to a later one of it */
        for (int k = 0; k < 6 && r.text.nlines; k++) {
            size_t line = (size_t)RND((int)r.text.nlines);
            size_t ls = r.text.line_start[line], le = fz_text_line_end(&r.text, line);
            size_t bounds[1024], nb = 0;
            for (size_t i = ls; nb < 1024; i += S_len(r.text.src + i)) {
                bounds[nb++] = i;
                if (i >= le) break;
            }
            size_t a = (size_t)RND((int)nb), z = a + (size_t)RND((int)(nb - a));
            fz_diag_add(&r.diags, FZ_LEVEL_WARNING, "t/r", NULL, bounds[a], bounds[z], "m");
        }
        fz_buf got = {0}, want = {0};
        fz_emitter_gcc.report(&got, &r, &ctx);
        for (size_t i = 0; i < r.diags.n; i++) S_expected(&want, &r, &r.diags.v[i]);
        ck_assert_str_eq(got.ptr ? got.ptr : "", want.ptr ? want.ptr : "");
        fz_buf_free(&got);
        fz_buf_free(&want);
        fz_buf_free(&text);
        fz_report_free(&r);
    }
#undef RND
}
END_TEST

/* Related locations: a note line each, after the finding; one in another file keeps its
 * line and column, one in the same report (an offset) is placed in the run's unit. */
START_TEST(related_locations_are_note_lines) {
    fz_report r;
    memset(&r, 0, sizeof r);
    r.path = fz_xstrdup("this.txt");
    const char *text = "第一行\n法治建设。重复的句子。\n";
    fz_text_decode(&r.text, (const unsigned char *)text, strlen(text));
    size_t at = strlen("第一行\n法治建设。");
    fz_diag *d = fz_diag_add(&r.diags, FZ_LEVEL_WARNING, "t/r", NULL, at, at + 3, "复制");
    fz_diag_relate(d, "last.txt", 0, 7, 3, "上年");
    fz_diag_relate(d, NULL, strlen("第一行\n"), 0, 0, "本文");
    fz_emit_ctx ctx = {.opts = {.unit = FZ_COL_DISPLAY}};
    fz_buf got = {0};
    fz_emitter_gcc.report(&got, &r, &ctx);
    const char *n1 = strstr(got.ptr, "\nlast.txt:7:3: note: 上年\n");
    const char *n2 = strstr(got.ptr, "\nthis.txt:2:1: note: 本文\n");
    ck_assert_msg(n1 && n2 && n1 < n2, "%s", got.ptr);
    ck_assert(strstr(got.ptr, "this.txt:2:11: warning: 复制 [t/r]") == got.ptr);
    ctx.opts.unit = FZ_COL_CHAR; /* the other file's column is as the digest gave it */
    got.len = 0;
    fz_emitter_json.report(&got, &r, &ctx);
    ck_assert_msg(strstr(got.ptr,
                         "\"related\": [{\"path\": \"last.txt\", \"line\": 7, \"column\": 3, "
                         "\"message\": \"上年\"}, {\"path\": \"this.txt\", \"line\": 2, "
                         "\"column\": 1, \"message\": \"本文\"}]"),
                  "%s", got.ptr);
    fz_buf_free(&got);
    fz_report_free(&r);
}
END_TEST

FZ_CHECK_MAIN("emit_gcc", column_and_window_agree_with_reference, related_locations_are_note_lines)
