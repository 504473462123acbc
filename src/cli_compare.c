/* cli_compare.c - the comparison driver: every report digested on the worker pool, then the
 * second phase over the batch (compare.h), before the reports are checked. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "pool.h"

/* The first phase of a comparing run: every report's digest, --previous's last. */
typedef struct digest_run {
    const path_list *files;
    const bool *walked; /* per file: found by the folder walk */
    const char *previous;
    const ruleset_entry **rules; /* per digest */
    const options *o;
    fz_digest *d;
    fz_buf err; /* --previous could not be read */
} digest_run;

static void S_digest_work(size_t i, fz_matcher *m, void *ctx) {
    digest_run *dr = ctx;
    const char *path = i < dr->files->n ? dr->files->v[i] : dr->previous;
    fz_buf err = {0};
    fz_doc doc = {0};
    const ruleset_entry *e = dr->rules[i];
    /* standard input can be read once only: by the check, which then compares nothing */
    bool walked = i < dr->files->n && dr->walked[i];
    if (strcmp(path, "-") == 0 || fz_cli_read_doc(path, walked, e->rs, &doc, NULL, &err) != 0) {
        dr->d[i].path = fz_xstrdup(path);
        dr->d[i].text_len = SIZE_MAX;
        if (i == dr->files->n && err.len) fz_buf_put(&dr->err, err.ptr, err.len);
        fz_doc_free(&doc);
    } else {
        fz_digest_doc(&dr->d[i], path, &doc, e->rs,
                      dr->o->report_year ? dr->o->report_year : e->report_year, dr->o->emit.unit,
                      m);
    }
    fz_buf_free(&err);
}

static void S_digest_deliver(size_t i, void *ctx) {
    (void)i, (void)ctx; /* nothing is printed before the second phase */
}

fz_compare_result *fz_cli_compare(const options *o, const path_list *files, const bool *walked,
                                  const ruleset_entry **file_rules, const ruleset_entry *prev_rules,
                                  bool *failed) {
    bool wanted = false;
    for (size_t i = 0; i < files->n && !wanted; i++) wanted = fz_compare_wanted(file_rules[i]->rs);
    if (o->no_compare || !wanted || (files->n < 2 && !o->previous) ||
        o->format == &fz_emitter_outline || o->format == &fz_emitter_facts_json ||
        o->format == &fz_emitter_facts_csv)
        return NULL;
    size_t n = files->n + (o->previous ? 1 : 0);
    digest_run dr = {.files = files, .walked = walked, .previous = o->previous, .o = o};
    dr.rules = fz_xcalloc(n, sizeof *dr.rules);
    memcpy(dr.rules, file_rules, files->n * sizeof *dr.rules);
    if (o->previous) dr.rules[files->n] = prev_rules;
    dr.d = fz_xcalloc(n, sizeof *dr.d);
    fz_pool_run(n, o->threads, S_digest_work, S_digest_deliver, &dr);
    const fz_ruleset **rs = fz_xcalloc(n, sizeof *rs);
    for (size_t i = 0; i < n; i++) rs[i] = dr.rules[i]->rs;
    fz_compare_result *cmp = fz_xcalloc(files->n ? files->n : 1, sizeof *cmp);
    if (dr.err.len) {
        fwrite(dr.err.ptr, 1, dr.err.len, stderr);
        *failed = true;
    } else {
        fz_batch b = {.d = dr.d,
                      .n = n,
                      .ntargets = files->n,
                      .rs = rs,
                      .previous = o->previous ? (long)files->n : -1};
        fz_compare_batch(&b, cmp);
    }
    for (size_t i = 0; i < n; i++) fz_digest_free(&dr.d[i]);
    free(dr.d);
    free(rs);
    free(dr.rules);
    fz_buf_free(&dr.err);
    return cmp;
}
