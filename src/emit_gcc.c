/* emit_gcc.c - compiler-style diagnostics, as GCC prints them, for terminals and editors. */
#include "emit.h"
#include "utf8.h"

#include <stdint.h>
#include <stdio.h>
#include <string.h>

/* Reports put a whole paragraph on one line: show a window of it around the span. */
#define WINDOW_COLS  72
#define CONTEXT_COLS 24

static const char *S_level_color(fz_level l) {
    static const char *colors[] = {"\033[1;36m", "\033[1;35m", "\033[1;31m"};
    return colors[l];
}

/* Appends n in decimal (printf is most of a finding's cost). */
static void S_put_num(fz_buf *b, size_t n) {
    char d[24];
    size_t k = sizeof d;
    do d[--k] = (char)('0' + n % 10);
    while (n /= 10);
    fz_buf_put(b, d + k, sizeof d - k);
}

/* Copies n bytes of s to buf at k (the caller's buffer has room); the new end. */
static size_t S_cat(char *buf, size_t k, const char *s, size_t n) {
    memcpy(buf + k, s, n);
    return k + n;
}

/* Writes n in decimal to buf at k; the new end. */
static size_t S_cat_num(char *buf, size_t k, size_t n) {
    char d[24];
    size_t m = sizeof d;
    do d[--m] = (char)('0' + n % 10);
    while (n /= 10);
    return S_cat(buf, k, d + m, sizeof d - m);
}

/* Appends a string literal. */
#define S_PUTL(b, lit) fz_buf_put(b, lit, sizeof lit - 1)

/* Appends n copies of c in a few puts. */
static void S_put_run(fz_buf *b, char c, size_t n) {
    char chunk[64];
    memset(chunk, c, n < sizeof chunk ? n : sizeof chunk);
    for (; n > sizeof chunk; n -= sizeof chunk) fz_buf_put(b, chunk, sizeof chunk);
    fz_buf_put(b, chunk, n);
}

static void S_put_spaces(fz_buf *b, size_t n) {
    S_put_run(b, ' ', n);
}

/* UTF-8 sequence length by lead byte (src is valid UTF-8). */
static inline size_t S_char_len(const char *s) {
    unsigned char c = (unsigned char)s[0];
    return c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
}

/* The columns of a character that is not printable ASCII or U+4E00..U+9FFF. */
static size_t S_rare_char_width(const char *s, size_t cl) {
    const unsigned char *p = (const unsigned char *)s;
    if (cl != 3) return fz_display_width(s, cl);
    /* punctuation (。、“”《》) would go through utf8proc each time: remember it */
    static _Thread_local uint32_t seen[256]; /* the three bytes, or 0 */
    static _Thread_local unsigned char seen_width[256];
    uint32_t key = (uint32_t)p[0] << 16 | (uint32_t)p[1] << 8 | p[2];
    unsigned slot = (p[1] << 2 ^ p[2]) & 255;
    if (seen[slot] != key) {
        seen[slot] = key;
        seen_width[slot] = (unsigned char)fz_display_width(s, cl);
    }
    return seen_width[slot];
}

/* The columns of one character (not a tab) of valid UTF-8: fz_display_width's own fast
 * paths inline. */
static inline size_t S_char_width(const char *s, size_t cl) {
    const unsigned char *p = (const unsigned char *)s;
    if (cl == 1 && p[0] >= 0x20 && p[0] < 0x7F) return 1;
    if (cl == 3 && ((p[0] == 0xE4 && p[1] >= 0xB8) || (p[0] > 0xE4 && p[0] <= 0xE9))) return 2;
    return S_rare_char_width(s, cl);
}

/* The display width of s[from,to) starting at column col, tabs to the next multiple
 * of 8: fz_display_width of a line's prefix, as fz_text_column counts. */
static size_t S_cols(const char *s, size_t from, size_t to, size_t col) {
    for (size_t i = from, cl; i < to; i += cl) {
        cl = S_char_len(s + i);
        col += s[i] == '\t' ? 8 - col % 8 : S_char_width(s + i, cl);
    }
    return col;
}

/* A control character from a report or a file name is shown as a visible one-cell glyph
 * (fz_buf_put_visible): an ESC must not reach the terminal, and the column arithmetic
 * counts controls as one cell. */

/* Appends a string (a path, a message) with its control characters made visible. */
static void S_put_safe(fz_buf *b, const char *s) {
    fz_buf_put_visible(b, s, strlen(s));
}

/* Appends src[from,to) with tabs expanded (tab stops every 8 columns from col0); with no
 * b, only counts the columns. */
static size_t S_put_window(fz_buf *b, const char *s, size_t from, size_t to, size_t col,
                           size_t limit, size_t *end);

static size_t S_put_expanded(fz_buf *b, const char *s, size_t from, size_t to, size_t col) {
    size_t end;
    return S_put_window(b, s, from, to, col, SIZE_MAX, &end);
}

/* S_put_expanded, but stops before a character that starts at column limit or later;
 * *end gets where it stopped. */
static size_t S_put_window(fz_buf *b, const char *s, size_t from, size_t to, size_t col,
                           size_t limit, size_t *end) {
    size_t run = from, i = from; /* s[run, i) is copied as it is, in one put */
    while (i < to && col < limit) {
        size_t cl = S_char_len(s + i);
        if (s[i] == '\t') {
            size_t next = (col / 8 + 1) * 8;
            if (b) fz_buf_put(b, s + run, i - run), S_put_spaces(b, next - col);
            col = next;
            run = i + cl;
        } else {
            if (b && fz_is_control(s + i, cl)) {
                fz_buf_put(b, s + run, i - run);
                fz_put_visible_char(b, s + i, cl);
                run = i + cl;
            }
            col += S_char_width(s + i, cl);
        }
        i += cl;
    }
    if (b) fz_buf_put(b, s + run, i - run);
    *end = i;
    return col;
}

/* S_cols, but stops once past max. */
static size_t S_cols_upto(const char *s, size_t from, size_t to, size_t col, size_t max) {
    for (size_t i = from, cl; i < to && col <= max; i += cl) {
        cl = S_char_len(s + i);
        col += s[i] == '\t' ? 8 - col % 8 : S_char_width(s + i, cl);
    }
    return col;
}

/* Moves forward from `from` over whole characters until `cols` display columns are passed. */
static size_t S_advance_cols(const char *s, size_t from, size_t to, size_t cols) {
    size_t i = from, c = 0;
    while (i < to && c < cols) {
        size_t cl = S_char_len(s + i);
        c += s[i] == '\t' ? 8 : S_char_width(s + i, cl);
        i += cl;
    }
    return i;
}

/* before: the display width of the line up to the span's start. */
/* Without tabs, the same as S_advance_cols(s, ls, ds, width(ls..ds) - cols) walking
 * back from ds: the first boundary with at most cols columns between it and ds. */
static size_t S_back_cols(const char *s, size_t ls, size_t ds, size_t cols) {
    size_t i = ds, back = 0;
    while (i > ls) {
        size_t p = fz_utf8_back(s, ls, i - 1);
        size_t w = S_char_width(s + p, i - p);
        if (back + w > cols) break;
        back += w;
        i = p;
    }
    return i;
}

/* tabs: whether the line holds a tab (asked once per line, not per finding) */
static void S_excerpt(fz_buf *b, const fz_text *t, const fz_diag *d, size_t line, size_t before,
                      bool tabs, bool color, fz_level lvl) {
    const char *s = t->src;
    size_t ls = t->line_start[line], le = fz_text_line_end(t, line);
    size_t ds = d->start < ls ? ls : d->start;
    size_t de = d->end > le ? le : d->end;
    if (de < ds) de = ds;
    /* the window: start CONTEXT_COLS before the span when the line is too long */
    size_t from = ls, to = le;
    bool long_line;
    if (ds > le)
        long_line = fz_display_width_upto(s + ls, le - ls, WINDOW_COLS) > WINDOW_COLS;
    else if (le - ls <= WINDOW_COLS && !tabs)
        long_line = false; /* no character is wider than its bytes but a tab */
    else
        long_line = S_cols_upto(s, ds, le, before, WINDOW_COLS) > WINDOW_COLS;
    /* Without tabs the walks count as the excerpt does: the window's start is found
     * walking back from the span, its end while the excerpt is put. */
    bool plain = long_line && !tabs && ds <= le;
    if (long_line) {
        if (before > CONTEXT_COLS && plain)
            from = S_back_cols(s, ls, ds, CONTEXT_COLS);
        else if (before > CONTEXT_COLS)
            from = S_advance_cols(s, ls, ds, before - CONTEXT_COLS);
        if (!plain) to = S_advance_cols(s, from, le, WINDOW_COLS);
    }
    size_t gw = 1;
    for (size_t n = line + 1; n >= 10; n /= 10) gw++;
    if (gw < 5) S_put_spaces(b, 5 - gw), gw = 5; /* as printf's %5zu */
    S_put_num(b, line + 1);
    if (from > ls)
        S_PUTL(b, " | …");
    else
        S_PUTL(b, " | ");
    size_t col0 = from > ls ? 2 : 0; /* … is ambiguous width, printed as 1 column + padding */
    if (from > ls) fz_buf_putc(b, ' ');
    size_t col_ds = S_put_expanded(b, s, from, ds, col0);
    if (plain)
        S_put_window(b, s, ds, le, col_ds, col0 + WINDOW_COLS, &to);
    else
        S_put_expanded(b, s, ds, to, col_ds);
    if (to < de) de = to;
    if (to < le)
        S_PUTL(b, " …\n");
    else
        S_PUTL(b, "\n");
    /* caret line */
    S_put_spaces(b, gw);
    S_PUTL(b, " | ");
    S_put_spaces(b, col_ds);
    if (color) fz_buf_puts(b, S_level_color(lvl));
    fz_buf_putc(b, '^');
    size_t w = S_put_expanded(NULL, s, ds, de, col_ds) - col_ds;
    if (w > 1) S_put_run(b, '~', w - 1);
    if (color) S_PUTL(b, "\033[0m");
    fz_buf_putc(b, '\n');
    if (d->fix && d->fix[0]) { /* a deletion shows as the underline alone */
        S_put_spaces(b, gw);
        S_PUTL(b, " | ");
        S_put_spaces(b, col_ds);
        if (color) S_PUTL(b, "\033[32m");
        S_put_safe(b, d->fix);
        if (color) S_PUTL(b, "\033[0m");
        fz_buf_putc(b, '\n');
    }
}

/* A related location: its own FILE:LINE:COL: note: line, as GCC writes them. */
static void S_note(fz_buf *b, const fz_report *r, const fz_related *x, const fz_emit_opts *o) {
    size_t line, col;
    const char *path = fz_emit_related(r, x, o->unit, &line, &col);
    if (o->color) S_PUTL(b, "\033[1m");
    S_put_safe(b, path);
    fz_buf_printf(b, ":%zu:%zu: ", line, col);
    if (o->color) S_PUTL(b, "\033[1;36m");
    S_PUTL(b, "note:");
    if (o->color) S_PUTL(b, "\033[0m");
    fz_buf_putc(b, ' ');
    S_put_safe(b, x->message);
    fz_buf_putc(b, '\n');
}

static void S_report(fz_buf *out, const fz_report *r, const fz_emit_ctx *c) {
    const fz_emit_opts *o = &c->opts;
    const fz_text *t = &r->text;
    fz_buf *b = out;
    fz_buf path = {0}; /* the same for every finding */
    S_put_safe(&path, r->path);
    size_t tabs_line = 0; /* the line (1-based) tabs is known for */
    bool tabs = false;
    for (size_t i = 0; i < r->diags.n; i++) {
        const fz_diag *d = &r->diags.v[i];
        if (d->level < o->min_level) continue;
        size_t line, col, before = 0;
        fz_emit_position(r, d->start, o->unit == FZ_COL_DISPLAY ? FZ_COL_BYTE : o->unit, &line,
                         &col);
        if (t->nlines) {
            /* the display width up to the span: the column and the excerpt's window */
            size_t le = fz_text_line_end(t, line - 1);
            /* from text.c's column checkpoints: a long line is not walked from its
             * start for every finding (a span may start on the line end's \r) */
            size_t at_le = d->start <= le ? 0 : fz_text_column(t, le, FZ_COL_DISPLAY) - 1;
            before = d->start <= le ? fz_text_column(t, d->start, FZ_COL_DISPLAY) - 1
                                    : S_cols(t->src, le, d->start, at_le);
            if (o->unit == FZ_COL_DISPLAY) col = (d->start <= le ? before : at_le) + 1;
        }
        /* the head up to the message in one put (a dozen small puts cost more) */
        char head[128];
        size_t hn = 0;
        if (o->color) hn = S_cat(head, hn, "\033[1m", 4);
        head[hn++] = ':'; /* after the path, put first */
        hn = S_cat_num(head, hn, line);
        head[hn++] = ':';
        hn = S_cat_num(head, hn, col);
        hn = S_cat(head, hn, ": ", 2);
        if (o->color)
            hn = S_cat(head, hn, S_level_color(d->level), strlen(S_level_color(d->level)));
        hn = S_cat(head, hn, fz_level_name(d->level), strlen(fz_level_name(d->level)));
        head[hn++] = ':';
        if (o->color) hn = S_cat(head, hn, "\033[0m", 4);
        head[hn++] = ' ';
        size_t bold = o->color ? 4 : 0; /* \033[1m comes before the path */
        fz_buf_put(b, head, bold);
        fz_buf_put(b, path.ptr ? path.ptr : "", path.len);
        fz_buf_put(b, head + bold, hn - bold);
        S_put_safe(b, d->message);
        S_PUTL(b, " [");
        fz_buf_puts(b, d->rule_id);
        S_PUTL(b, "]\n");
        if (t->nlines && !d->suppressed) {
            if (line != tabs_line) {
                size_t ls = t->line_start[line - 1];
                tabs = memchr(t->src + ls, '\t', fz_text_line_end(t, line - 1) - ls) != NULL;
                tabs_line = line;
            }
            S_excerpt(b, t, d, line - 1, before, tabs, o->color, d->level);
        }
        if (d->authority && !d->suppressed) {
            S_PUTL(b, "      = 依据：");
            S_put_safe(b, d->authority);
            fz_buf_putc(b, '\n');
        }
        for (size_t k = 0; k < d->nrelated; k++) S_note(b, r, &d->related[k], o);
    }
    fz_buf_free(&path);
}

const fz_emitter fz_emitter_gcc = {.name = "gcc", .report = S_report};
