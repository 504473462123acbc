/* emit_summary_csv.c - `--format=summary-csv`: the summary as RFC 4180 CSV. */
#include "emit.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void S_csv(fz_buf *b, const char *s, bool last) {
    if (s) fz_emit_csv_field(b, s, strlen(s));
    fz_buf_puts(b, last ? "\r\n" : ",");
}

/* With a BOM, because Excel opens a BOM-less CSV in the ANSI code page (GBK on
 * Chinese Windows) and garbles every Chinese cell. */
static void S_begin(fz_buf *out, const fz_emit_ctx *c) {
    fz_emit_labels labels = {0};
    fz_emit_metric_labels(c, &labels);
    fz_buf_puts(out, "\xEF\xBB\xBF");
    S_csv(out, "文件", false);
    S_csv(out, "年度", false);
    S_csv(out, "类型", false);
    S_csv(out, "错误", false);
    S_csv(out, "警告", false);
    for (size_t i = 0; i < labels.n; i++) S_csv(out, labels.v[i], false);
    S_csv(out, "缺少的部分", true);
    fz_vec_free(&labels);
}

static void S_report(fz_buf *b, const fz_report *r, const fz_emit_ctx *c) {
    fz_emit_labels labels = {0};
    fz_emit_metric_labels(c, &labels);
    char num[32];
    S_csv(b, r->path, false);
    snprintf(num, sizeof num, "%d", r->report_year);
    S_csv(b, r->report_year ? num : NULL, false);
    S_csv(b, r->outline.kind_label, false);
    snprintf(num, sizeof num, "%zu", fz_report_count(r, FZ_LEVEL_ERROR));
    S_csv(b, num, false);
    snprintf(num, sizeof num, "%zu", fz_report_count(r, FZ_LEVEL_WARNING));
    S_csv(b, num, false);
    for (size_t i = 0; i < labels.n; i++) S_csv(b, fz_emit_metric_value(r, labels.v[i]), false);
    char *missing = fz_emit_missing_parts(r);
    S_csv(b, missing, true);
    free(missing);
    fz_vec_free(&labels);
}

const fz_emitter fz_emitter_summary_csv = {
    .name = "summary-csv", .begin = S_begin, .report = S_report};
