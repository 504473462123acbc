/*
 * emit_html.c - `--format=html`: one self-contained page for a reviewer.  A summary
 * table (one row per report), then each report's text with every finding
 * highlighted and explained beside its line; filters by level and rule.
 *
 * Safety: report text, paths, messages and rule fields only ever reach HTML text and
 * double-quoted attribute values, through S_esc; never a script, style or URL.  The
 * page's one script and one stylesheet are fixed (contrib/html/, embedded at build
 * time) and pinned by hash in a Content-Security-Policy, so even a bug in escaping
 * could not run injected code.
 */
#include "emit.h"
#include "fzlint.h" /* FZLINT_VERSION */

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "html_assets.h"
#include "outline.h"
#include "rules.h"
#include "utf8.h"

static const char *const LEVEL_LABEL[] = {"提示", "警告", "错误"};

/* Appends s[0,len) for HTML text or a double-quoted attribute value: markup characters
 * as references, C0 controls as their visible pictures (U+2400...), invalid UTF-8
 * (paths may be any bytes) as U+FFFD. */
static void S_esc(fz_buf *b, const char *s, size_t len) {
    const unsigned char *u = (const unsigned char *)s;
    size_t i = 0, plain = 0;
    while (i < len) {
        unsigned char c = u[i];
        const char *rep = NULL;
        char pic[4];
        size_t cl = 1;
        if (c == '&')
            rep = "&amp;";
        else if (c == '<')
            rep = "&lt;";
        else if (c == '>')
            rep = "&gt;";
        else if (c == '"')
            rep = "&quot;";
        else if (c == '\'')
            rep = "&#39;";
        else if ((c < 0x20 && c != '\t' && c != '\n') || c == 0x7F) {
            size_t pl = fz_utf8_encode(c == 0x7F ? 0x2421 : 0x2400 + c, pic);
            pic[pl] = '\0';
            rep = pic;
        } else if (c >= 0x80 && !(cl = fz_utf8_seq_len((const char *)u + i, len - i))) {
            rep = "\xEF\xBF\xBD";
            cl = 1;
        }
        if (rep) {
            fz_buf_put(b, s + plain, i - plain);
            fz_buf_puts(b, rep);
            plain = i + cl;
        }
        i += cl;
    }
    fz_buf_put(b, s + plain, len - plain);
}

static void S_esc_str(fz_buf *b, const char *s) {
    if (s) S_esc(b, s, strlen(s));
}

/* A page-wide id for a report, from its path: stable output, no shared counter. */
static void S_path_id(const char *path, char out[20]) {
    uint64_t h = 0xcbf29ce484222325u;
    for (const unsigned char *p = (const unsigned char *)path; *p; p++)
        h = (h ^ *p) * 0x100000001b3u;
    snprintf(out, 20, "r%016llx", (unsigned long long)h);
}

static void S_report_id(const fz_report *r, char out[20]) {
    S_path_id(r->path, out);
}

/* A diagnostic as placed on the page. */
typedef struct item {
    const fz_diag *d;
    size_t k;           /* 1-based number within the report */
    size_t s, e;        /* span in src, clamped to the text and to character starts */
    size_t line;        /* the line it starts on (the pseudo-line 0 for an empty text) */
    size_t col, lineno; /* position as the other formats print it */
} item;

/* One item's part on one line. */
typedef struct piece {
    const item *it;
    size_t s, e;
    bool first; /* on the item's own line: carries the number and an empty span's mark */
} piece;

/* By line, then position, then the diagnostics' order (a per-rule summary line sits
 * after the findings it follows, not at its own position). */
static int S_cmp_item(const void *a, const void *b) {
    const item *x = a, *y = b;
    if (x->line != y->line) return x->line < y->line ? -1 : 1;
    if (x->s != y->s) return x->s < y->s ? -1 : 1;
    return x->d < y->d ? -1 : x->d > y->d;
}

static size_t S_char_start(const fz_text *t, size_t off) {
    if (off > t->src_len) off = t->src_len;
    return fz_utf8_fwd(t->src, t->src_len, off);
}

static void S_line_bounds(const fz_text *t, size_t i, size_t *ls, size_t *le) {
    if (t->nlines == 0) {
        *ls = *le = 0;
        return;
    }
    *ls = t->line_start[i];
    *le = fz_text_line_end(t, i);
}

static const char *S_line_class(const fz_report *r, size_t i) {
    if (r->outline.nlines != r->text.nlines || i >= r->outline.nlines) return "";
    const fz_line *l = fz_outline_at(&r->outline, i);
    switch (l->kind) {
    case FZ_LINE_BLANK:
        return " blank";
    case FZ_LINE_CHROME:
        return " k-chrome";
    case FZ_LINE_ISSUER:
        return " k-issuer";
    case FZ_LINE_TITLE:
        return " k-title";
    case FZ_LINE_HEADING:
        return l->level == 1 ? " k-h1" : l->level == 2 ? " k-h2" : " k-h3";
    case FZ_LINE_SIGNOFF:
        return " k-signoff";
    case FZ_LINE_DATE:
        return " k-date";
    default:
        return "";
    }
}

static bool S_selects(const piece *p, size_t a, size_t z, bool empty) {
    return empty ? p->first && p->s == p->e && p->s == a : p->s < p->e && p->s <= a && p->e >= z;
}

/* Writes src[a,z) (or, for empty, the mark of the empty spans at a) inside one
 * highlight element listing every item covering it, at the highest of their levels. */
static void S_segment(fz_buf *b, const fz_text *t, const piece *ps, size_t np, size_t a, size_t z,
                      bool empty) {
    int top = -1;
    size_t n = 0;
    for (size_t i = 0; i < np; i++)
        if (S_selects(&ps[i], a, z, empty)) {
            n++;
            if ((int)ps[i].it->d->level > top) top = (int)ps[i].it->d->level;
        }
    if (!n) {
        if (!empty) S_esc(b, t->src + a, z - a);
        return;
    }
    fz_buf_printf(b, "<span class=\"hl%s\" data-lv=\"%s\"%s data-d=\"", empty ? " empty" : "",
                  fz_level_name((fz_level)top), n > 1 ? " data-multi" : "");
    const char *sep = "";
    for (size_t i = 0; i < np; i++)
        if (S_selects(&ps[i], a, z, empty)) {
            fz_buf_printf(b, "%s%zu", sep, ps[i].it->k);
            sep = " ";
        }
    fz_buf_puts(b, "\">");
    if (!empty) S_esc(b, t->src + a, z - a);
    fz_buf_puts(b, "</span>");
}

static int S_cmp_size(const void *a, const void *b) {
    size_t x = *(const size_t *)a, y = *(const size_t *)b;
    return x < y ? -1 : x > y;
}

static void S_note(fz_buf *b, const char *rid, const item *it, const fz_report *r,
                   const fz_emit_ctx *c);

/* The text of line [ls,le) split at every piece boundary: each segment is one flat
 * element listing all items covering it, so overlapping and nested spans need no
 * nested (or mis-nested) markup.  A finding's note goes into the text where its span
 * starts, floated into the margin: it sits beside the screen or printed line it
 * annotates, however long the paragraph, and notes never overlap (fzlint.css). */
static void S_line_text(fz_buf *b, const fz_report *r, const fz_emit_ctx *c, const char *rid,
                        size_t ls, size_t le, const piece *ps, size_t np) {
    const fz_text *t = &r->text;
    size_t *pts = fz_xmalloc((2 * np + 2) * sizeof *pts), n = 0;
    pts[n++] = ls;
    pts[n++] = le;
    for (size_t i = 0; i < np; i++) pts[n++] = ps[i].s, pts[n++] = ps[i].e;
    qsort(pts, n, sizeof *pts, S_cmp_size);
    size_t u = 0;
    for (size_t i = 0; i < n; i++)
        if (!u || pts[i] != pts[u - 1]) pts[u++] = pts[i];
    for (size_t i = 0; i < u; i++) {
        size_t a = pts[i];
        for (size_t k = 0; k < np; k++)
            if (ps[k].first && ps[k].s == a) {
                /* note and mark unbreakable: a line break between them would hang the
                 * note beside the line before */
                fz_buf_puts(b, "<span class=\"at\">");
                S_note(b, rid, ps[k].it, r, c);
                fz_buf_printf(b, "<span class=\"ref\" data-d=\"%zu\" data-n=\"%zu\"></span></span>",
                              ps[k].it->k, ps[k].it->k);
            }
        S_segment(b, t, ps, np, a, a, true);
        if (i + 1 < u) S_segment(b, t, ps, np, a, pts[i + 1], false);
    }
    free(pts);
}

/* A related location: a link to its line when that report is on the page. */
static void S_related(fz_buf *b, const fz_report *r, const fz_related *x, const fz_emit_ctx *c) {
    size_t line, col;
    const char *path = fz_emit_related(r, x, c->opts.unit, &line, &col);
    bool on_page = !x->path;
    for (size_t i = 0; i < c->ninputs && !on_page; i++) on_page = !strcmp(c->inputs[i], path);
    fz_buf_puts(b, "<span class=\"related\">");
    S_esc_str(b, x->message);
    fz_buf_puts(b, "：");
    if (on_page) {
        char id[20];
        S_path_id(path, id);
        fz_buf_printf(b, "<a href=\"#%s-L%zu\">", id, line);
    }
    S_esc_str(b, path);
    fz_buf_printf(b, ":%zu:%zu", line, col);
    if (on_page) fz_buf_puts(b, "</a>");
    fz_buf_puts(b, "</span>");
}

static void S_note(fz_buf *b, const char *rid, const item *it, const fz_report *r,
                   const fz_emit_ctx *c) {
    const fz_diag *d = it->d;
    const char *lv = fz_level_name(d->level);
    fz_buf_printf(b,
                  "<span class=\"note\" role=\"note\" id=\"%s-d%zu\" data-d=\"%zu\" "
                  "data-lv=\"%s\" data-rule=\"",
                  rid, it->k, it->k, lv);
    S_esc_str(b, d->rule_id);
    fz_buf_printf(b, "\"><span class=\"head\"><span class=\"badge %s\">%s</span>", lv,
                  LEVEL_LABEL[d->level]);
    /* characters, as a reader counts them (the page takes --column-unit=char only) */
    fz_buf_printf(b, "<span class=\"num\">%zu</span><span class=\"loc\">第 %zu 行第 %zu 字</span>",
                  it->k, it->lineno, it->col);
    fz_buf_puts(b, "<code class=\"rule\">");
    S_esc_str(b, d->rule_id);
    fz_buf_puts(b, "</code></span><span class=\"msg\">");
    S_esc_str(b, d->message);
    fz_buf_puts(b, "</span>");
    if (d->authority) {
        fz_buf_puts(b, "<span class=\"auth\">");
        S_esc_str(b, d->authority);
        fz_buf_puts(b, "</span>");
    }
    if (d->fix) {
        fz_buf_puts(b, "<span class=\"fix\">");
        if (d->fix[0])
            fz_buf_puts(b, "“"), S_esc_str(b, d->fix), fz_buf_puts(b, "”");
        else
            fz_buf_puts(b, "删除");
        fz_buf_puts(b, "</span>");
    }
    for (size_t k = 0; k < d->nrelated; k++) S_related(b, r, &d->related[k], c);
    fz_buf_puts(b, "</span>");
}

static void S_prop(fz_buf *b, const char *name, const char *value) {
    if (!value || !*value) return;
    fz_buf_printf(b, "<div><dt>%s</dt><dd>", name);
    S_esc_str(b, value);
    fz_buf_puts(b, "</dd></div>");
}

static void S_header(fz_buf *b, const fz_report *r, const char *rid) {
    fz_buf_printf(b, "<section class=\"report\" id=\"%s\"><header><h2><span class=\"path\">", rid);
    S_esc_str(b, r->path);
    fz_buf_puts(b, "</span></h2><dl class=\"props\">");
    S_prop(b, "标题", r->outline.title);
    char tmp[64];
    if (r->report_year) {
        snprintf(tmp, sizeof tmp, "%d", r->report_year);
        S_prop(b, "年度", tmp);
    }
    S_prop(b, "类型", r->outline.kind_label);
    S_prop(b, "发文机关", r->outline.issuer);
    const fz_date *sd = &r->outline.signed_on;
    if (sd->year) {
        snprintf(tmp, sizeof tmp, "%d年%d月%d日", sd->year, sd->month, sd->day);
        S_prop(b, "成文日期", tmp);
    }
    S_prop(b, "编码", r->text.encoding);
    char *missing = fz_emit_missing_parts(r);
    if (missing) {
        fz_buf_puts(b, "<div class=\"missing\"><dt>缺少的部分</dt><dd>");
        S_esc_str(b, missing);
        fz_buf_puts(b, "</dd></div>");
        free(missing);
    }
    snprintf(tmp, sizeof tmp, "%zu", r->text.nlines);
    S_prop(b, "行数", tmp);
    fz_buf_puts(b, "<div><dt>结果</dt><dd>");
    for (int l = FZ_LEVEL_ERROR; l >= FZ_LEVEL_INFO; l--) {
        size_t n = fz_report_count(r, (fz_level)l);
        fz_buf_printf(b, "<span class=\"n-%s%s\">%zu %s</span>%s", fz_level_name((fz_level)l),
                      n ? "" : " zero", n, LEVEL_LABEL[l], l ? " · " : "");
    }
    fz_buf_puts(b, "</dd></div></dl></header>");
}

static void S_report(fz_buf *out, const fz_report *r, const fz_emit_ctx *c) {
    const fz_text *t = &r->text;
    char rid[20];
    S_report_id(r, rid);

    FZ_VEC(item) items = {0};
    for (size_t i = 0; i < r->diags.n; i++) {
        const fz_diag *d = &r->diags.v[i];
        if (d->level < c->opts.min_level) continue;
        item it = {.d = d, .k = items.n + 1};
        it.s = S_char_start(t, d->start);
        it.e = S_char_start(t, d->end);
        if (it.e < it.s) it.e = it.s;
        if (t->nlines) {
            size_t ls, le;
            it.line = fz_text_line_of(t, it.s);
            S_line_bounds(t, it.line, &ls, &le);
            if (it.s > le) it.s = le; /* a start in a line end shows at the end of the line */
            if (it.e < it.s) it.e = it.s;
        }
        fz_emit_position(r, d->start, c->opts.unit, &it.lineno, &it.col);
        fz_vec_push(&items, it);
    }
    if (items.n) qsort(items.v, items.n, sizeof *items.v, S_cmp_item);
    for (size_t i = 0; i < items.n; i++) items.v[i].k = i + 1;

    fz_buf *b = out;
    S_header(b, r, rid);
    if (!items.n) fz_buf_puts(b, "<p class=\"clean\">未发现问题</p>");
    fz_buf_puts(b, "<div class=\"doc\">");
    FZ_VEC(piece) ps = {0};
    FZ_VEC(const item *) open = {0}; /* items running on past the previous line */
    size_t next = 0, nlines = t->nlines ? t->nlines : 1;
    for (size_t i = 0; i < nlines; i++) {
        size_t ls, le;
        S_line_bounds(t, i, &ls, &le);
        ps.n = 0;
        for (size_t k = 0; k < open.n; k++) {
            const item *it = open.v[k];
            fz_vec_push(&ps, ((piece){it, ls, it->e < le ? it->e : le, false}));
        }
        size_t first_new = next;
        while (next < items.n && items.v[next].line == i) {
            const item *it = &items.v[next++];
            fz_vec_push(&ps, ((piece){it, it->s, it->e < le ? it->e : le, true}));
        }
        /* what runs on into the next line */
        size_t next_ls = i + 1 < t->nlines ? t->line_start[i + 1] : SIZE_MAX;
        size_t o = 0;
        for (size_t k = 0; k < ps.n; k++)
            if (ps.v[k].it->e > next_ls) {
                if (o == open.n)
                    fz_vec_push(&open, ps.v[k].it);
                else
                    open.v[o] = ps.v[k].it;
                o++;
            }
        open.n = o;

        bool notes = next > first_new;
        fz_buf_printf(
            b, "<div class=\"ln%s%s\" id=\"%s-L%zu\"><a class=\"no\" href=\"#%s-L%zu\">%zu</a>",
            ps.n || le > ls ? S_line_class(r, i) : " blank", notes ? " has-notes" : "", rid, i + 1,
            rid, i + 1, i + 1);
        fz_buf_puts(b, "<div class=\"tx\">");
        S_line_text(b, r, c, rid, ls, le, ps.v, ps.n);
        fz_buf_puts(b, "</div></div>\n");
    }
    fz_buf_puts(b, "</div></section>\n");
    fz_vec_free(&open);
    fz_vec_free(&ps);
    fz_vec_free(&items);
}

static void S_num_cell(fz_buf *b, size_t n, const char *cls) {
    fz_buf_printf(b, "<td class=\"num\" data-v=\"%zu\"><span class=\"%s%s\">%zu</span></td>", n,
                  cls, n ? "" : " zero", n);
}

/* Whether a section rule in play has a `summary:` label (the 缺少的部分 column). */
static bool S_has_sections(const fz_emit_ctx *c) {
    for (size_t i = 0; i < c->rules.n; i++)
        if (c->rules.v[i]->type == FZ_RULE_SECTION && c->rules.v[i]->summary) return true;
    return false;
}

/* A metric as written, sorted by its number (thousands commas dropped, a Chinese
 * numeral read as such); a value that is no number sorts with the missing ones. */
static void S_metric_cell(fz_buf *b, const char *v) {
    if (!v) {
        fz_buf_puts(b, "<td class=\"num\" data-v=\"\">—</td>");
        return;
    }
    char num[64];
    size_t n = 0;
    for (const char *p = v; *p && n + 1 < sizeof num; p++)
        if (*p != ',' && *p != ' ') num[n++] = *p;
    num[n] = '\0';
    char *end;
    double d = strtod(num, &end);
    bool ok = n && !*end;
    if (!ok) {
        int cn = fz_parse_numeral(num, n);
        if ((ok = cn >= 0)) d = cn;
    }
    if (ok)
        fz_buf_printf(b, "<td class=\"num\" data-v=\"%.15g\">", d);
    else
        fz_buf_puts(b, "<td class=\"num\" data-v=\"\">");
    S_esc_str(b, v);
    fz_buf_puts(b, "</td>");
}

static void S_row(fz_buf *out, const fz_report *r, const fz_emit_ctx *c) {
    char rid[20];
    S_report_id(r, rid);
    fz_buf_printf(out, "<tr><td><a href=\"#%s\">", rid);
    S_esc_str(out, r->path);
    fz_buf_puts(out, "</a>");
    if (r->outline.title) {
        fz_buf_puts(out, "<div class=\"sub\">");
        S_esc_str(out, r->outline.title);
        fz_buf_puts(out, "</div>");
    }
    fz_buf_puts(out, "</td>");
    if (r->report_year)
        fz_buf_printf(out, "<td class=\"num\" data-v=\"%d\">%d</td>", r->report_year,
                      r->report_year);
    else
        fz_buf_puts(out, "<td class=\"num\" data-v=\"\">—</td>");
    fz_buf_puts(out, "<td>");
    S_esc_str(out, r->outline.kind_label ? r->outline.kind_label : "—");
    fz_buf_puts(out, "</td>");
    S_num_cell(out, fz_report_count(r, FZ_LEVEL_ERROR), "n-error");
    S_num_cell(out, fz_report_count(r, FZ_LEVEL_WARNING), "n-warning");
    S_num_cell(out, fz_report_count(r, FZ_LEVEL_INFO), "n-info");
    fz_emit_labels labels = {0};
    fz_emit_metric_labels(c, &labels);
    for (size_t i = 0; i < labels.n; i++) S_metric_cell(out, fz_emit_metric_value(r, labels.v[i]));
    fz_vec_free(&labels);
    if (S_has_sections(c)) {
        char *missing = fz_emit_missing_parts(r);
        if (missing) {
            fz_buf_puts(out, "<td class=\"missing\">");
            S_esc_str(out, missing);
            fz_buf_puts(out, "</td>");
            free(missing);
        } else {
            fz_buf_puts(out, "<td class=\"none\">—</td>");
        }
    }
    fz_buf_puts(out, "</tr>\n");
}

static void S_begin(fz_buf *b, const fz_emit_ctx *c) {
    (void)c;
    fz_buf_puts(b, "<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head>\n<meta charset=\"utf-8\">\n"
                   "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
                   "style-src '" FZ_HTML_CSS_CSP "'; script-src '" FZ_HTML_JS_CSP
                   "'; base-uri 'none'; form-action 'none'\">\n"
                   "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
                   "<meta name=\"generator\" content=\"fzlint " FZLINT_VERSION "\">\n"
                   "<title>fzlint 审查结果</title>\n<style>");
    fz_buf_put(b, FZ_HTML_CSS, sizeof FZ_HTML_CSS);
    fz_buf_puts(b, "</style>\n</head>\n<body>\n<div class=\"page\">\n"
                   "<header class=\"top\"><h1>法治政府建设年度报告审查结果</h1>"
                   "<p class=\"meta\">fzlint " FZLINT_VERSION "</p></header>\n"
                   "<nav class=\"filters\" aria-label=\"筛选\"><span class=\"group\">"
                   "<span class=\"label\">级别</span>");
    for (int l = FZ_LEVEL_ERROR; l >= FZ_LEVEL_INFO; l--)
        fz_buf_printf(b,
                      "<label><input type=\"checkbox\" data-level=\"%s\" checked>"
                      "<span class=\"badge %s\">%s</span></label>",
                      fz_level_name((fz_level)l), fz_level_name((fz_level)l), LEVEL_LABEL[l]);
    fz_buf_puts(b, "</span><span class=\"group\"><span class=\"label\">规则</span>"
                   "<span class=\"group\" id=\"rule-filter\"></span></span></nav>\n"
                   "<div id=\"summary-slot\"></div>\n<main id=\"reports\">\n");
}

static void S_th(fz_buf *b, const char *label, bool num) {
    fz_buf_printf(b, "<th scope=\"col\"%s><button type=\"button\">", num ? " class=\"num\"" : "");
    S_esc_str(b, label);
    fz_buf_puts(b, "</button></th>");
}

static void S_end(fz_buf *b, const fz_emit_ctx *c) {
    fz_emit_labels labels = {0};
    fz_emit_metric_labels(c, &labels);
    bool sections = S_has_sections(c);
    fz_buf_puts(b, "</main>\n<section class=\"summary\" id=\"summary\"><h2>汇总</h2>"
                   "<table class=\"sum\"><thead><tr>");
    S_th(b, "报告", false);
    S_th(b, "年度", true);
    S_th(b, "类型", false);
    for (int l = FZ_LEVEL_ERROR; l >= FZ_LEVEL_INFO; l--) S_th(b, LEVEL_LABEL[l], true);
    for (size_t i = 0; i < labels.n; i++) S_th(b, labels.v[i], true);
    if (sections) S_th(b, "缺少的部分", false);
    fz_buf_puts(b, "</tr></thead>\n<tbody>\n");
    if (c->rows && c->rows->len) fz_buf_put(b, c->rows->ptr, c->rows->len);
    fz_buf_printf(b, "</tbody><tfoot><tr><td>%zu 份报告</td><td></td><td></td>", c->files);
    for (int l = FZ_LEVEL_ERROR; l >= FZ_LEVEL_INFO; l--)
        fz_buf_printf(b, "<td class=\"num\">%zu</td>", c->counts[l]);
    for (size_t i = 0; i < labels.n + sections; i++) fz_buf_puts(b, "<td></td>");
    fz_vec_free(&labels);
    fz_buf_puts(b, "</tr></tfoot></table></section>\n</div>\n<script>");
    fz_buf_put(b, FZ_HTML_JS, sizeof FZ_HTML_JS);
    fz_buf_puts(b, "</script>\n</body>\n</html>\n");
}

/* A reader counts characters, not display cells: positions on the page are in char. */
const fz_emitter fz_emitter_html = {.name = "html",
                                    .begin = S_begin,
                                    .report = S_report,
                                    .end = S_end,
                                    .row = S_row,
                                    .units = 1u << FZ_COL_CHAR,
                                    .abort_tail = "</main>\n</div>\n</body>\n</html>\n"};
