/*
 * read_pdf.c - PDF files through poppler-glib.  Each page's text comes with the box of
 * every character; printed lines are joined back into the paragraphs they were cut from
 * (a line that runs to the right margin and does not end a sentence continues on the
 * next; a first-line indent, a heading marker, a short line or a wider gap starts a new
 * one).  Lines in the top and bottom margins that the pack's `pdf: running` patterns name
 * (page numbers), or that repeat on most pages (running headers), are dropped, and the
 * spaces some producers put between all the CJK characters of a line are removed.  A PDF
 * without a text layer (a scan) is unreadable.  See docs/readers.md.
 */
#include <glib.h>
#include <limits.h>
#include <math.h>
#include <poppler.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <utf8proc.h>

#include "match.h"
#include "outline.h"
#include "read.h"
#include "utf8.h"

/* Fewer characters than this (not spaces) in the whole file after the margins are
 * dropped: no text layer, a scan. */
#define PDF_MIN_CHARS 20
/* Lines at the top and at the bottom of a page that may be running headers or footers. */
#define MARGIN_LINES 2

typedef struct S_line {
    char *s;                /* UTF-8, trimmed */
    double x1, y1, x2, y2;  /* its box (points from the top left); all 0 when unknown */
    int page, index;        /* page (0-based) and printed line on that page */
    bool geometry, dropped; /* the box is known; a margin line */
} S_line;

typedef FZ_VEC(S_line) S_lines;

/* ---- characters ---------------------------------------------------------------------- */

static int32_t S_cp_at(const char *s, size_t len, size_t *n) {
    utf8proc_int32_t cp;
    utf8proc_ssize_t k = utf8proc_iterate((const utf8proc_uint8_t *)s, (utf8proc_ssize_t)len, &cp);
    *n = k > 0 ? (size_t)k : 1;
    return k > 0 ? cp : 0xFFFD;
}

static bool S_wide(int32_t cp) {
    return utf8proc_charwidth(cp) == 2;
}

static int32_t S_last_cp(const char *s) {
    size_t len = strlen(s);
    if (!len) return 0;
    size_t b = fz_utf8_back(s, 0, len - 1);
    size_t n;
    return S_cp_at(s + b, len - b, &n);
}

static int32_t S_first_cp(const char *s) {
    size_t n;
    return *s ? S_cp_at(s, strlen(s), &n) : 0;
}

/* Ends a paragraph's last line: a sentence end (utf8.h), or ；： … . ; :, also behind a
 * closing quote or bracket. */
static bool S_ends_sentence(const char *s) {
    size_t len = strlen(s);
    while (len) {
        size_t b = fz_utf8_back(s, 0, len - 1);
        size_t n;
        int32_t cp = S_cp_at(s + b, len - b, &n);
        if (cp == 0x201D || cp == 0x2019 || cp == 0xFF09 || cp == ')' || cp == 0x300B ||
            cp == 0x300D || cp == '"') {
            len = b;
            continue;
        }
        return fz_sentence_end(cp) || cp == 0xFF1B || cp == 0xFF1A || cp == 0x2026 || cp == '.' ||
               cp == ';' || cp == ':';
    }
    return false;
}

static bool S_closing_punct(int32_t cp) {
    static const int32_t cps[] = {0xFF0C, 0x3002, 0x3001, 0xFF1B, 0xFF1A, 0xFF01, 0xFF1F,
                                  0x201D, 0x2019, 0xFF09, 0x300B, 0x300D, 0x3011, 0xFF05};
    for (size_t i = 0; i < sizeof cps / sizeof *cps; i++)
        if (cp == cps[i]) return true;
    return false;
}

static bool S_opening_punct(int32_t cp) {
    return cp == 0x300A || cp == 0x201C || cp == 0xFF08 || cp == 0x3010 || cp == 0x2018 ||
           cp == 0x300C;
}

/* Starts with a GB/T 9704 heading marker: 一、 （一） 1. 1、 （1） ①. */
static bool S_heading_marker(const char *s) {
    size_t len = strlen(s), i = 0, n;
    int32_t cp = S_cp_at(s, len, &n);
    if (cp >= 0x2460 && cp <= 0x2473) return true; /* ① … ⑳ */
    bool paren = cp == 0xFF08 || cp == '(';
    if (paren) i += n;
    size_t start = i, count = 0;
    while (i < len && count <= 4) {
        cp = S_cp_at(s + i, len - i, &n);
        if (!(cp >= '0' && cp <= '9') && fz_parse_numeral(s + i, n) < 0) break;
        i += n, count++;
    }
    if (!count || count > 4 || i >= len || fz_parse_numeral(s + start, i - start) < 0) return false;
    cp = S_cp_at(s + i, len - i, &n);
    if (paren) return cp == 0xFF09 || cp == ')';
    return cp == 0x3001 || cp == '.' || cp == 0xFF0E;
}

static bool S_alnum(int32_t cp) {
    return cp < 128 && ((cp >= '0' && cp <= '9') || ((cp | 0x20) >= 'a' && (cp | 0x20) <= 'z'));
}

/* Removes the spaces PDF producers put into CJK text.  Between a CJK character and a
 * Latin letter or digit a space is always removed: Word, WPS and LibreOffice leave a gap
 * there ("Asian/Western spacing") that text extraction cannot tell from a typed space,
 * and no Chinese text wants one (2025 年 is 2025年).  Between two CJK characters spaces
 * are removed when the line has them between most CJK neighbours (letter-spaced or
 * glyph-by-glyph output); a single stray space that an author typed stays for the rules. */
static void S_unspace(char *s) {
    size_t len = strlen(s), pairs = 0, spaced = 0;
    int32_t prev = 0;
    bool gap = false;
    for (size_t i = 0; i < len;) {
        size_t n;
        int32_t cp = S_cp_at(s + i, len - i, &n);
        if (cp == ' ' || cp == 0xA0) {
            gap = true;
        } else {
            if (prev && S_wide(prev) && S_wide(cp)) pairs++, spaced += gap;
            prev = cp;
            gap = false;
        }
        i += n;
    }
    bool cjk_spaced = spaced >= 2 && spaced * 2 >= pairs;
    size_t o = 0;
    prev = 0;
    for (size_t i = 0; i < len;) {
        size_t n;
        int32_t cp = S_cp_at(s + i, len - i, &n);
        if (cp == ' ' || cp == 0xA0) {
            size_t j = i, m, run = 0;
            while (j < len && (s[j] == ' ' || !strncmp(s + j, "\xC2\xA0", 2)))
                j += s[j] == ' ' ? 1 : 2, run++;
            int32_t next = j < len ? S_cp_at(s + j, len - j, &m) : 0;
            bool wide_prev = prev && S_wide(prev), wide_next = next && S_wide(next);
            if ((wide_prev && wide_next && cjk_spaced) ||
                (run == 1 && ((wide_prev && S_alnum(next)) || (S_alnum(prev) && wide_next)))) {
                i = j;
                continue;
            }
            memmove(s + o, s + i, j - i);
            o += j - i;
            i = j;
            continue;
        }
        prev = cp;
        memmove(s + o, s + i, n);
        o += n;
        i += n;
    }
    s[o] = 0;
}

/* ---- pages to lines ------------------------------------------------------------------ */

static bool S_trim_cp(int32_t cp) {
    return cp == ' ' || cp == '\t' || cp == '\r' || cp == 0xA0 || cp == 0x3000 || cp == '\f';
}

/* Cuts one page's text into lines with their boxes (rects: one per character of text,
 * as poppler gives them; geometry is off when the counts disagree). */
static void S_page_lines(const char *text, const PopplerRectangle *rects, size_t nrects, int page,
                         S_lines *out) {
    size_t len = strlen(text), nchars = 0;
    nchars = fz_utf8_count(text, len);
    bool geo = rects && nrects == nchars;
    size_t ci = 0; /* character index of text[i] */
    int index = 0;
    for (size_t i = 0; i <= len;) {
        size_t start = i, cstart = ci;
        while (i < len && text[i] != '\n') {
            ci += !fz_utf8_cont((unsigned char)text[i]);
            i++;
        }
        size_t end = i, cend = ci;
        S_line L = {.page = page, .index = index++};
        /* trim, keeping the character indices of what remains for the box */
        size_t a = start, ca = cstart;
        while (a < end) {
            size_t n;
            int32_t cp = S_cp_at(text + a, end - a, &n);
            if (!S_trim_cp(cp)) break;
            a += n, ca++;
        }
        size_t b = end, cb = cend;
        while (b > a) {
            size_t k = fz_utf8_back(text, a, b - 1);
            size_t n;
            if (!S_trim_cp(S_cp_at(text + k, b - k, &n))) break;
            b = k, cb--;
        }
        if (b > a) {
            L.s = fz_xstrndup(text + a, b - a);
            if (geo && cb > ca) {
                L.geometry = true;
                L.x1 = L.y1 = 1e9;
                for (size_t k = ca; k < cb; k++) {
                    const PopplerRectangle *r = &rects[k];
                    if (r->x1 < L.x1) L.x1 = r->x1;
                    if (r->y1 < L.y1) L.y1 = r->y1;
                    if (r->x2 > L.x2) L.x2 = r->x2;
                    if (r->y2 > L.y2) L.y2 = r->y2;
                }
            }
            fz_vec_push(out, L);
        }
        if (i < len) {
            ci++; /* the '\n' has a box of its own */
            i++;
        } else {
            break;
        }
    }
}

static bool S_norm_matches(const fz_regexvec *res, fz_matcher *m, const char *s) {
    if (!res->n) return false;
    char *norm = fz_read_norm(s, strlen(s));
    if (!norm) return false;
    bool hit = false;
    for (size_t i = 0; i < res->n && !hit; i++)
        hit = fz_regex_test(m, res->v[i], norm, strlen(norm));
    free(norm);
    return hit;
}

/* A margin line with its digits as '#': 第3页 and 第4页 are the same running footer. */
typedef struct S_shape {
    char *shape;
    long y; /* the line's top, to 2 points; LONG_MIN when the box is unknown */
    size_t line;
} S_shape;

static int S_shape_cmp(const void *a, const void *b) {
    const S_shape *x = a, *y = b;
    int c = strcmp(x->shape, y->shape);
    if (!c) c = (x->y > y->y) - (x->y < y->y);
    return c ? c : (x->line > y->line) - (x->line < y->line);
}

/* Marks the running headers, footers and page numbers among the first and last
 * MARGIN_LINES lines of each page: the pack's patterns, and any line that stands (digits
 * aside) at the same height in the margins of at least half the pages of a file of
 * three pages or more. */
static void S_drop_margins(S_lines *ls, int pages, const fz_read_profile *rp, fz_matcher *m) {
    FZ_VEC(S_shape) shapes = {0};
    for (size_t first = 0, last; first < ls->n; first = last + 1) {
        last = first;
        while (last + 1 < ls->n && ls->v[last + 1].page == ls->v[first].page) last++;
        for (size_t i = first; i <= last; i++) {
            if (!(i < first + MARGIN_LINES || i + MARGIN_LINES > last)) continue;
            if (S_norm_matches(&rp->running, m, ls->v[i].s)) ls->v[i].dropped = true;
            char *t = fz_xstrdup(ls->v[i].s);
            for (char *p = t; *p; p++)
                if (*p >= '0' && *p <= '9') *p = '#';
            long y = ls->v[i].geometry ? lround(ls->v[i].y1 / 2) : LONG_MIN;
            fz_vec_push(&shapes, ((S_shape){t, y, i}));
        }
    }
    if (shapes.n) qsort(shapes.v, shapes.n, sizeof *shapes.v, S_shape_cmp);
    for (size_t i = 0, j; i < shapes.n; i = j) {
        int npages = 0, page = -1;
        for (j = i; j < shapes.n && !strcmp(shapes.v[j].shape, shapes.v[i].shape) &&
                    shapes.v[j].y == shapes.v[i].y;
             j++)
            if (ls->v[shapes.v[j].line].page != page) npages++, page = ls->v[shapes.v[j].line].page;
        if (pages >= 3 && npages * 2 >= pages)
            for (size_t k = i; k < j; k++) ls->v[shapes.v[k].line].dropped = true;
    }
    for (size_t i = 0; i < shapes.n; i++) free(shapes.v[i].shape);
    fz_vec_free(&shapes);
}

/* ---- lines to paragraphs ------------------------------------------------------------- */

/* What a page's body lines look like: margins, line height, line pitch. */
typedef struct S_frame {
    double left, right, height, pitch;
    double widest; /* display columns of the widest line: the fallback without boxes */
} S_frame;

static int S_dbl_cmp(const void *a, const void *b) {
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* The page's margins are where most lines start and end: one line that hangs out
 * (a quote mark, a long number) does not move them. */
static S_frame S_frame_of(const S_lines *ls, size_t first, size_t last) {
    S_frame f = {0};
    FZ_VEC(double) hs = {0};
    FZ_VEC(double) pitches = {0};
    FZ_VEC(double) lefts = {0};
    FZ_VEC(double) rights = {0};
    const S_line *prev = NULL;
    for (size_t i = first; i <= last; i++) {
        const S_line *L = &ls->v[i];
        if (L->dropped) continue;
        double w = (double)fz_display_width(L->s, strlen(L->s));
        if (w > f.widest) f.widest = w;
        if (!L->geometry) continue;
        fz_vec_push(&lefts, L->x1);
        fz_vec_push(&rights, L->x2);
        fz_vec_push(&hs, L->y2 - L->y1);
        if (prev && L->y1 > prev->y1) fz_vec_push(&pitches, L->y1 - prev->y1);
        prev = L;
    }
    if (hs.n) {
        qsort(hs.v, hs.n, sizeof *hs.v, S_dbl_cmp);
        f.height = hs.v[hs.n / 2];
        qsort(lefts.v, lefts.n, sizeof *lefts.v, S_dbl_cmp);
        qsort(rights.v, rights.n, sizeof *rights.v, S_dbl_cmp);
        f.left = lefts.v[lefts.n / 10];
        f.right = rights.v[rights.n - 1 - rights.n / 10];
    }
    fz_vec_free(&lefts);
    fz_vec_free(&rights);
    if (pitches.n) {
        qsort(pitches.v, pitches.n, sizeof *pitches.v, S_dbl_cmp);
        f.pitch = pitches.v[pitches.n / 2];
    }
    fz_vec_free(&hs);
    fz_vec_free(&pitches);
    return f;
}

/* Whether a line begins as a paragraph does: a heading marker, or the pack's
 * enumeration marker (一是) or closing formula (特此报告) at its start. */
static bool S_opens(const char *s, const fz_profile *p, fz_matcher *m) {
    if (S_heading_marker(s)) return true;
    if (!p->enumeration && !p->closing) return false;
    char *norm = fz_read_norm(s, strlen(s));
    if (!norm) return false;
    size_t len = strlen(norm), ms, me;
    bool hit =
        (p->enumeration &&
         fz_regex_match(m, p->enumeration, norm, len, 0, &ms, &me) == FZ_MATCH_OK && ms == 0) ||
        (p->closing && fz_regex_match(m, p->closing, norm, len, 0, &ms, &me) == FZ_MATCH_OK &&
         ms == 0);
    free(norm);
    return hit;
}

/* The width, in CJK characters, of what a line breaker cannot leave at the end of the
 * line before: a number or Latin word (about half as wide each character), the closing
 * punctuation after it, an opening one with the character it holds on to. */
static double S_piece(const char *s) {
    size_t len = strlen(s), i = 0, n;
    double w = 0;
    while (i < len && (unsigned char)s[i] > ' ' && (unsigned char)s[i] < 0x80) i++, w += 0.55;
    if (i == 0 && i < len) {
        int32_t cp = S_cp_at(s, len, &n);
        i += n, w += 1;
        while (S_opening_punct(cp) && i < len) cp = S_cp_at(s + i, len - i, &n), i += n, w += 1;
    }
    while (i < len) {
        int32_t cp = S_cp_at(s + i, len - i, &n);
        if (!S_closing_punct(cp) && !S_opening_punct(cp)) break;
        i += n, w += 1;
        if (S_opening_punct(cp) && i < len) S_cp_at(s + i, len - i, &n), i += n, w += 1;
    }
    return w;
}

/* A centred line: room on both sides, about as much left as right (w: a character). */
static bool S_centred(double indent, double short_by, double w) {
    return indent >= 2 * w && short_by >= 2 * w && fabs(indent - short_by) < 2 * w;
}

/* Whether line L starts a new paragraph after line P (P's page frame fp, L's fl).
 * A left-aligned CJK line ends up to about 1.5 characters short of the margin, as a
 * paragraph's last line may.  When the layout marks paragraphs (by_layout: first-line
 * indents or gaps between paragraphs), a line that does not show such a mark continues;
 * without such marks only the text can tell: a sentence end, then a line that opens as
 * a paragraph does. */
static bool S_breaks(const S_line *P, const S_frame *fp, const S_line *L, const S_frame *fl,
                     bool by_layout, const fz_profile *prof, fz_matcher *m) {
    /* no paragraph starts with closing punctuation (the line breaker moved it down) */
    if (S_closing_punct(S_first_cp(L->s))) return false;
    bool p_ends = S_ends_sentence(P->s);
    bool marker = p_ends && S_opens(L->s, prof, m);
    if (P->geometry && L->geometry && fp->height > 0 && fl->height > 0) {
        double w = fp->height; /* a CJK character is about as wide as the line is high */
        double p_short = fp->right - P->x2, l_indent = L->x1 - fl->left;
        double p_indent = P->x1 - fp->left, l_short = fl->right - L->x2;
        bool p_centred = S_centred(p_indent, p_short, w),
             l_centred = S_centred(l_indent, l_short, w);
        if (p_centred && l_centred && !p_ends) return false; /* a title on two lines */
        /* P stopped before the margin, by more than L's first unbreakable piece needs */
        if (p_short >= 2 * w && p_short > w * (S_piece(L->s) + 0.5)) return true;
        /* a first-line indent, after a continued line or after a first line that was
         * the whole paragraph (indented as much) */
        if (l_indent >= 1.5 * w && !l_centred &&
            (l_indent > p_indent + w || fabs(l_indent - p_indent) < 0.5 * w))
            return true;
        if (P->page == L->page && fp->pitch > 0 && L->y1 - P->y1 > 1.6 * fp->pitch) return true;
        return !by_layout && marker;
    }
    /* no boxes: a line much narrower than the page's widest ends its paragraph */
    double pw = (double)fz_display_width(P->s, strlen(P->s));
    if (pw < 0.8 * fp->widest) return true;
    return marker;
}

/* Appends L's text to the paragraph: no separator between CJK text, a space between
 * two Latin words cut at the line end. */
static void S_join(fz_buf *para, const char *s) {
    if (para->len) {
        int32_t a = S_last_cp(para->ptr), b = S_first_cp(s);
        bool latin_a = a < 128 && ((a | 0x20) >= 'a' && (a | 0x20) <= 'z'),
             latin_b = b < 128 && ((b | 0x20) >= 'a' && (b | 0x20) <= 'z');
        if (latin_a && latin_b) fz_buf_putc(para, ' ');
    }
    fz_buf_puts(para, s);
}

static void S_paragraphs(S_lines *ls, const fz_profile *prof, fz_matcher *m, fz_doc *doc) {
    FZ_VEC(S_frame) frames = {0};
    FZ_VEC(size_t) frame_of = {0};
    for (size_t first = 0, last; first < ls->n; first = last + 1) {
        last = first;
        while (last + 1 < ls->n && ls->v[last + 1].page == ls->v[first].page) last++;
        S_frame f = S_frame_of(ls, first, last);
        fz_vec_push(&frames, f);
        for (size_t i = first; i <= last; i++) fz_vec_push(&frame_of, frames.n - 1);
    }
    /* Does the layout mark paragraphs?  Lines with a first-line indent, or gaps wider
     * than the usual line pitch, in at least one pair of lines in 30. */
    size_t pairs = 0, marks = 0;
    for (size_t i = 1; i < ls->n; i++) {
        const S_line *P = &ls->v[i - 1], *L = &ls->v[i];
        const S_frame *f = &frames.v[frame_of.v[i]];
        if (P->dropped || L->dropped || !P->geometry || !L->geometry || P->page != L->page ||
            f->height <= 0)
            continue;
        pairs++;
        double indent = L->x1 - f->left;
        if ((indent >= 1.5 * f->height && !S_centred(indent, f->right - L->x2, f->height)) ||
            (f->pitch > 0 && L->y1 - P->y1 > 1.6 * f->pitch))
            marks++;
    }
    bool by_layout = marks >= 2 && marks * 30 >= pairs;
    fz_buf para = {0};
    const S_line *prev = NULL;
    size_t prev_i = 0;
    for (size_t i = 0; i < ls->n; i++) {
        S_line *L = &ls->v[i];
        if (L->dropped) continue;
        S_unspace(L->s);
        if (prev && S_breaks(prev, &frames.v[frame_of.v[prev_i]], L, &frames.v[frame_of.v[i]],
                             by_layout, prof, m)) {
            fz_buf_put(&doc->text, para.ptr, para.len);
            fz_buf_putc(&doc->text, '\n');
            para.len = 0;
        }
        if (!para.len)
            fz_vec_push(&doc->anchors,
                        ((fz_doc_anchor){.part = (size_t)L->page, .index = (size_t)L->index}));
        S_join(&para, L->s);
        prev = L;
        prev_i = i;
    }
    if (para.len) {
        fz_buf_put(&doc->text, para.ptr, para.len);
        fz_buf_putc(&doc->text, '\n');
    }
    fz_buf_free(&para);
    fz_vec_free(&frames);
    fz_vec_free(&frame_of);
}

/* ---- the reader ---------------------------------------------------------------------- */

static bool S_sniff(const unsigned char *p, size_t len, const char *path) {
    (void)path;
    size_t lim = len < 1024 ? len : 1024; /* the header may follow some junk */
    for (size_t i = 0; i + 5 <= lim; i++)
        if (p[i] == '%' && !memcmp(p + i, "%PDF-", 5)) return true;
    return false;
}

/* poppler and glib report through g_log; their warnings about a damaged file would
 * only confuse next to fzlint's own message. */
static void S_quiet(const gchar *domain, GLogLevelFlags level, const gchar *msg, gpointer data) {
    (void)domain, (void)level, (void)msg, (void)data;
}
static pthread_once_t S_once = PTHREAD_ONCE_INIT;
static void S_init(void) {
    g_log_set_handler("Poppler", G_LOG_LEVEL_MASK, S_quiet, NULL);
}

static size_t S_text_chars(const S_lines *ls) {
    size_t n = 0;
    for (size_t i = 0; i < ls->n; i++) {
        if (ls->v[i].dropped) continue;
        for (const char *s = ls->v[i].s; *s; s++)
            n += !fz_utf8_cont((unsigned char)*s) && *s != ' ';
    }
    return n;
}

static int S_read(const unsigned char *bytes, size_t len, const char *path,
                  const fz_read_opts *opts, fz_doc *doc, fz_buf *err) {
    static const fz_profile no_profile;
    const fz_profile *prof = opts && opts->profile ? opts->profile : &no_profile;
    const fz_read_profile *rp = &prof->read;
    doc->format = "pdf";
    pthread_once(&S_once, S_init);
    GBytes *gb = g_bytes_new_static(bytes, len);
    GError *ge = NULL;
    PopplerDocument *pd = poppler_document_new_from_bytes(gb, NULL, &ge);
    g_bytes_unref(gb);
    if (!pd) {
        if (ge && g_error_matches(ge, POPPLER_ERROR, POPPLER_ERROR_ENCRYPTED))
            fz_buf_printf(err, "fzlint: '%s': PDF 有打开密码，无法读取（请提供未加密的文件）\n",
                          path);
        else
            fz_buf_printf(err, "fzlint: '%s': 无法读取 PDF（文件已损坏或不完整）\n", path);
        if (ge) g_error_free(ge);
        return -1;
    }
    fz_matcher m;
    fz_matcher_init(&m);
    S_lines ls = {0};
    int pages = poppler_document_get_n_pages(pd);
    for (int i = 0; i < pages; i++) {
        PopplerPage *pg = poppler_document_get_page(pd, i);
        if (!pg) continue;
        char *text = poppler_page_get_text(pg);
        PopplerRectangle *rects = NULL;
        guint nrects = 0;
        if (text && *text && !poppler_page_get_text_layout(pg, &rects, &nrects)) rects = NULL;
        if (text) S_page_lines(text, rects, nrects, i, &ls);
        g_free(rects);
        g_free(text);
        g_object_unref(pg);
    }
    g_object_unref(pd);
    S_drop_margins(&ls, pages, rp, &m);
    if (S_text_chars(&ls) < PDF_MIN_CHARS)
        doc->unreadable =
            fz_xstrdup("PDF 没有文字层（可能是扫描件），未检查；请先做文字识别（OCR）或提供原文件");
    else
        S_paragraphs(&ls, prof, &m, doc);
    for (size_t i = 0; i < ls.n; i++) free(ls.v[i].s);
    fz_vec_free(&ls);
    fz_matcher_free(&m);
    if (!doc->text.ptr) fz_buf_puts(&doc->text, "");
    return 0;
}

const fz_reader fz_reader_pdf = {.name = "pdf", .sniff = S_sniff, .read = S_read};
