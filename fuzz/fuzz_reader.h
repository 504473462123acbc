/* fuzz_reader.h - the body of a reader's fuzz target: the reader on any bytes, then the
 * whole pipeline on what it read (outline, the built-in rules, the gcc emitter). */
#ifndef FZ_FUZZ_READER_H
#define FZ_FUZZ_READER_H

#include <stdint.h>
#include <stdlib.h>

#include "emit.h"
#include "read.h"
#include "report.h"
#include "rules.h"

static fz_ruleset *S_rs;
static fz_matcher S_m;

static int S_fuzz_reader(const fz_reader *reader, const char *path, const uint8_t *data,
                         size_t size) {
    if (!S_rs) {
        fz_buf errors = {0};
        S_rs = fz_ruleset_new();
        if (fz_ruleset_load_builtin(S_rs, &errors) != 0) abort(); /* the packs must load */
        fz_buf_free(&errors);
        fz_matcher_init(&S_m);
    }
    fz_doc doc = {0};
    fz_buf err = {0};
    fz_read_opts opts = {.profile = fz_ruleset_profile(S_rs)};
    reader->sniff(data, size, path);
    if (reader->read(data, size, path, &opts, &doc, &err) == 0) {
        fz_report rep;
        fz_report_check_doc(&rep, path, &doc, S_rs, 0, 5, &S_m);
        fz_emit_ctx ctx = {.opts = {.unit = FZ_COL_DISPLAY}, .rs = S_rs};
        fz_buf out = {0};
        fz_emitter_gcc.report(&out, &rep, &ctx);
        fz_buf_free(&out);
        fz_report_free(&rep);
    } else if (!err.len) {
        abort(); /* a failing reader says why */
    }
    fz_doc_free(&doc);
    fz_buf_free(&err);
    return 0;
}

#endif
