/* emit_facts.c - `--facts`: the numbers of each report as JSON or CSV (docs/facts.md). */
#include <string.h>

#include "emit.h"
#include "facts.h"

static void S_json_str(fz_buf *out, const char *s, size_t len) {
    fz_buf_putc(out, '"');
    fz_emit_json_string(out, s, len);
    fz_buf_putc(out, '"');
}

/* A quantity's indicator: its name when named in the pack, else its label. */
static const char *S_indicator(const fz_quantity *q) {
    return q->indicator_name ? q->indicator_name : q->label;
}

static void S_role(fz_buf *out, const fz_facts *f, size_t i) {
    const fz_quantity *q = &f->quantities.v[i];
    const char *role = (q->flags & FZ_Q_RATE) ? "rate" : (q->flags & FZ_Q_TOTAL) ? "total" : NULL;
    for (size_t k = 0; !role && k < f->sums.n; k++)
        if (f->sums.v[k].total == i) role = "total";
    fz_buf_puts(out, ", \"role\": ");
    if (role)
        fz_buf_printf(out, "\"%s\"", role);
    else
        fz_buf_puts(out, "null");
}

void fz_facts_write_json(fz_buf *out, const fz_report *r, fz_colunit unit) {
    const fz_facts *f = r->facts;
    fz_buf_puts(out, "  {\"file\": ");
    S_json_str(out, r->path, strlen(r->path));
    fz_buf_puts(out, ",\n   \"quantities\": [");
    for (size_t i = 0; f && i < f->quantities.n; i++) {
        const fz_quantity *q = &f->quantities.v[i];
        size_t line, col;
        fz_emit_position(r, q->start, unit, &line, &col);
        fz_buf_puts(out, i ? ",\n    {" : "\n    {");
        fz_buf_printf(out, "\"id\": %zu, \"indicator\": ", i);
        S_json_str(out, S_indicator(q), strlen(S_indicator(q)));
        fz_buf_puts(out, ", \"label\": ");
        S_json_str(out, q->label, strlen(q->label));
        fz_buf_puts(out, ", \"value\": ");
        fz_number_format(out, q->value, q->decimals);
        fz_buf_puts(out, ", \"unit\": ");
        S_json_str(out, q->unit, strlen(q->unit));
        fz_buf_printf(out, ", \"approx\": %s, \"line\": %zu, \"column\": %zu, \"text\": ",
                      q->approx ? "true" : "false", line, col);
        S_json_str(out, r->text.src + q->start, q->end - q->start);
        S_role(out, f, i);
        fz_buf_putc(out, '}');
    }
    fz_buf_puts(out, f && f->quantities.n ? "\n   ],\n   \"sums\": [" : "],\n   \"sums\": [");
    for (size_t i = 0; f && i < f->sums.n; i++) {
        const fz_sum *s = &f->sums.v[i];
        fz_buf_printf(out, "%s{\"total\": %zu, \"parts\": [", i ? ",\n    " : "\n    ", s->total);
        for (size_t k = 0; k < s->nparts; k++)
            fz_buf_printf(out, "%s%zu", k ? ", " : "", s->parts[k]);
        fz_buf_puts(out, "], \"sum\": ");
        fz_number_format(out, s->sum, s->decimals);
        fz_buf_printf(out, ", \"bracketed\": %s", s->bracket ? "true" : "false");
        if (s->list) { /* only outcome lists have the key: other sums print as before */
            fz_buf_puts(out, ", \"list\": ");
            S_json_str(out, s->list, strlen(s->list));
        }
        fz_buf_putc(out, '}');
    }
    fz_buf_puts(out, f && f->sums.n ? "\n   ],\n   \"ratios\": [" : "],\n   \"ratios\": [");
    for (size_t i = 0; f && i < f->ratios.n; i++) {
        const fz_ratio *ra = &f->ratios.v[i];
        const fz_quantity *rate = &f->quantities.v[ra->rate];
        fz_buf_printf(out,
                      "%s{\"rate\": %zu, \"numerator\": %zu, \"denominator\": %zu, \"computed\": ",
                      i ? ",\n    " : "\n    ", ra->rate, ra->num, ra->den);
        fz_number_format(out, ra->computed, rate->decimals + 2);
        fz_buf_printf(out, ", \"agrees\": %s",
                      fz_rate_agrees(rate->value, rate->decimals, ra->numerator,
                                     f->quantities.v[ra->den].value)
                          ? "true"
                          : "false");
        if (ra->num_sum >= 0) { /* a numerator summed from parts: only these have the key */
            const fz_sum *sm = &f->sums.v[ra->num_sum];
            fz_buf_puts(out, ", \"numerator_parts\": [");
            for (size_t j = 0, k = 0; j < sm->nparts && j < 64; j++)
                if ((ra->num_parts >> j) & 1)
                    fz_buf_printf(out, "%s%zu", k++ ? ", " : "", sm->parts[j]);
            fz_buf_putc(out, ']');
        }
        fz_buf_putc(out, '}');
    }
    fz_buf_puts(out, f && f->ratios.n ? "\n   ]}" : "]}");
}

void fz_facts_write_csv_header(fz_buf *out) {
    fz_buf_puts(out, "file,indicator,label,value,unit,approx,line,column,text\n");
}

void fz_facts_write_csv(fz_buf *out, const fz_report *r, fz_colunit unit) {
    const fz_facts *f = r->facts;
    for (size_t i = 0; f && i < f->quantities.n; i++) {
        const fz_quantity *q = &f->quantities.v[i];
        size_t line, col;
        fz_emit_position(r, q->start, unit, &line, &col);
        fz_emit_csv_field(out, r->path, strlen(r->path));
        fz_buf_putc(out, ',');
        fz_emit_csv_field(out, S_indicator(q), strlen(S_indicator(q)));
        fz_buf_putc(out, ',');
        fz_emit_csv_field(out, q->label, strlen(q->label));
        fz_buf_putc(out, ',');
        fz_number_format(out, q->value, q->decimals);
        fz_buf_putc(out, ',');
        fz_emit_csv_field(out, q->unit, strlen(q->unit));
        fz_buf_printf(out, ",%s,%zu,%zu,", q->approx ? "true" : "false", line, col);
        fz_emit_csv_field(out, r->text.src + q->start, q->end - q->start);
        fz_buf_putc(out, '\n');
    }
}

static void S_json_begin(fz_buf *out, const fz_emit_ctx *c) {
    (void)c;
    fz_buf_puts(out, "[\n");
}
static void S_json_report(fz_buf *out, const fz_report *r, const fz_emit_ctx *c) {
    fz_facts_write_json(out, r, c->opts.unit);
}
static void S_json_end(fz_buf *out, const fz_emit_ctx *c) {
    fz_buf_puts(out, c->files ? "\n]\n" : "]\n");
}

static void S_csv_begin(fz_buf *out, const fz_emit_ctx *c) {
    (void)c;
    fz_facts_write_csv_header(out);
}
static void S_csv_report(fz_buf *out, const fz_report *r, const fz_emit_ctx *c) {
    fz_facts_write_csv(out, r, c->opts.unit);
}

const fz_emitter fz_emitter_facts_json = {.name = "facts",
                                          .begin = S_json_begin,
                                          .report = S_json_report,
                                          .end = S_json_end,
                                          .abort_tail = "\n]\n",
                                          .separator = ",\n",
                                          .upto = FZ_UPTO_FACTS};
const fz_emitter fz_emitter_facts_csv = {
    .name = "facts-csv", .begin = S_csv_begin, .report = S_csv_report, .upto = FZ_UPTO_FACTS};
