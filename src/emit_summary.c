/*
 * emit_summary.c - `--format=summary`: one row per report for an auditor, aligned
 * for a terminal by display width (CJK = 2).  Which parts are missing and which figures are shown
 * come from the rules that carry a `summary:` label (docs/formats.md), not from C.
 */
#include "emit.h"

#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rules.h"

#define COUNT_WIDTH  6  /* 错误 / 警告 columns */
#define KIND_WIDTH   16 /* 类型: the kind's label (党委政府联合报告) */
#define METRIC_WIDTH 8

static bool S_has_sections(const fz_emit_ctx *c) {
    for (size_t i = 0; i < c->rules.n; i++)
        if (c->rules.v[i]->type == FZ_RULE_SECTION && c->rules.v[i]->summary) return true;
    return false;
}

/* Display width as shown (control characters as one-cell pictures); a path need not
 * be UTF-8, then every byte is one column. */
static size_t S_width(const char *s) {
    size_t n = strlen(s), controls = 0;
    for (size_t i = 0; i < n; i++)
        controls += (unsigned char)s[i] < 0x20 || s[i] == 0x7F ||
                    ((unsigned char)s[i] == 0xC2 && i + 1 < n && (unsigned char)s[i + 1] < 0xA0);
    return fz_utf8_valid(s, n) ? fz_display_width(s, n) + controls : n;
}

static void S_cell(fz_buf *b, const char *s, size_t width, bool right) {
    size_t w = S_width(s);
    if (right)
        for (; w < width; w++) fz_buf_putc(b, ' ');
    fz_buf_put_visible(b, s, strlen(s));
    if (!right)
        for (; w < width; w++) fz_buf_putc(b, ' ');
    fz_buf_puts(b, "  ");
}

static size_t S_max(size_t a, size_t b) {
    return a > b ? a : b;
}

static size_t S_path_width(const fz_emit_ctx *c) {
    size_t known = atomic_load_explicit(&c->path_width, memory_order_relaxed);
    if (known) return known - 1;
    size_t w = S_width("合计 0000 个文件");
    for (size_t i = 0; i < c->ninputs; i++) w = S_max(w, S_width(c->inputs[i]));
    atomic_store_explicit(&((fz_emit_ctx *)c)->path_width, w + 1, memory_order_relaxed);
    return w;
}

static void S_row_end(fz_buf *b) {
    while (b->len && b->ptr[b->len - 1] == ' ') b->ptr[--b->len] = '\0';
    fz_buf_putc(b, '\n');
}

static void S_begin(fz_buf *out, const fz_emit_ctx *c) {
    fz_emit_labels labels = {0};
    fz_emit_metric_labels(c, &labels);
    S_cell(out, "文件", S_path_width(c), false);
    S_cell(out, "年度", 4, false);
    S_cell(out, "类型", KIND_WIDTH, false);
    S_cell(out, "错误", COUNT_WIDTH, true);
    S_cell(out, "警告", COUNT_WIDTH, true);
    for (size_t i = 0; i < labels.n; i++)
        S_cell(out, labels.v[i], S_max(METRIC_WIDTH, S_width(labels.v[i])), false);
    if (S_has_sections(c)) S_cell(out, "缺少的部分", 0, false);
    S_row_end(out);
    fz_vec_free(&labels);
}

static void S_report(fz_buf *b, const fz_report *r, const fz_emit_ctx *c) {
    fz_emit_labels labels = {0};
    fz_emit_metric_labels(c, &labels);
    char num[32];
    S_cell(b, r->path, S_path_width(c), false);
    snprintf(num, sizeof num, "%d", r->report_year);
    S_cell(b, r->report_year ? num : "—", 4, false);
    S_cell(b, r->outline.kind_label ? r->outline.kind_label : "—", KIND_WIDTH, false);
    snprintf(num, sizeof num, "%zu", fz_report_count(r, FZ_LEVEL_ERROR));
    S_cell(b, num, COUNT_WIDTH, true);
    snprintf(num, sizeof num, "%zu", fz_report_count(r, FZ_LEVEL_WARNING));
    S_cell(b, num, COUNT_WIDTH, true);
    for (size_t i = 0; i < labels.n; i++) {
        const char *v = fz_emit_metric_value(r, labels.v[i]);
        S_cell(b, v ? v : "—", S_max(METRIC_WIDTH, S_width(labels.v[i])), false);
    }
    if (S_has_sections(c)) {
        char *missing = fz_emit_missing_parts(r);
        S_cell(b, missing ? missing : "—", 0, false);
        free(missing);
    }
    S_row_end(b);
    fz_vec_free(&labels);
}

static void S_end(fz_buf *out, const fz_emit_ctx *c) {
    char text[64];
    snprintf(text, sizeof text, "合计 %zu 个文件", c->files);
    S_cell(out, text, S_path_width(c), false);
    S_cell(out, "", 4, false);
    S_cell(out, "", KIND_WIDTH, false);
    snprintf(text, sizeof text, "%zu", c->counts[FZ_LEVEL_ERROR]);
    S_cell(out, text, COUNT_WIDTH, true);
    snprintf(text, sizeof text, "%zu", c->counts[FZ_LEVEL_WARNING]);
    S_cell(out, text, COUNT_WIDTH, true);
    S_row_end(out);
}

const fz_emitter fz_emitter_summary = {
    .name = "summary", .begin = S_begin, .report = S_report, .end = S_end};
