/* fuzz_docx.c - the .docx reader on arbitrary bytes: the package, its XML parts, the walk,
 * the numbering; when it reads, the pipeline, --outline and --annotate (into a temporary
 * file) on what it read.  libFuzzer entry point; fuzz/replay.c replays files. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "annotate.h"
#include "emit.h"
#include "read.h"
#include "report.h"
#include "rules.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

extern const fz_reader fz_reader_docx;

static fz_ruleset *S_rs;
static fz_matcher S_m;
static char S_out[64];

static void S_init(void) {
    fz_buf errors = {0};
    S_rs = fz_ruleset_new();
    if (fz_ruleset_load_builtin(S_rs, &errors) != 0) abort();
    fz_buf_free(&errors);
    fz_matcher_init(&S_m);
    snprintf(S_out, sizeof S_out, "/tmp/fuzz_docx_%ld.docx", (long)getpid());
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    if (!S_rs) S_init();
    fz_doc doc = {0};
    fz_buf err = {0};
    fz_reader_docx.sniff(data, size, "fuzz.docx");
    if (fz_reader_docx.read(data, size, "fuzz.docx", NULL, &doc, &err) != 0) {
        /* a failure is one line naming the file */
        if (!err.ptr || strncmp(err.ptr, "fzlint: 'fuzz.docx': ", 21) != 0 ||
            err.ptr[err.len - 1] != '\n')
            abort();
        fz_doc_free(&doc);
        fz_buf_free(&err);
        return 0;
    }
    fz_report rep;
    fz_report_check_doc(&rep, "fuzz.docx", &doc, S_rs, 0, 5, &S_m);
    fz_emit_ctx ctx = {.opts = {.unit = FZ_COL_CHAR}, .rs = S_rs};
    fz_buf out = {0};
    fz_emitter_outline.report(&out, &rep, &ctx);
    fz_emitter_gcc.report(&out, &rep, &ctx);
    err.len = 0;
    if (fz_annotate_docx(data, size, "fuzz.docx", &rep, FZ_LEVEL_INFO, S_out, &err) >= 0) {
        /* the copy must read as the original did */
        FILE *f = fopen(S_out, "rb");
        fz_buf copy = {0};
        char chunk[65536];
        size_t n;
        while (f && (n = fread(chunk, 1, sizeof chunk, f)) > 0) fz_buf_put(&copy, chunk, n);
        if (f) fclose(f);
        fz_doc again = {0};
        fz_buf err2 = {0};
        if (fz_reader_docx.read((const uint8_t *)copy.ptr, copy.len, "copy", NULL, &again, &err2) !=
            0)
            abort();
        if (again.text.len != rep.text.src_len ||
            memcmp(again.text.ptr ? again.text.ptr : "", rep.text.src, again.text.len) != 0)
            abort();
        fz_doc_free(&again);
        fz_buf_free(&err2);
        fz_buf_free(&copy);
        unlink(S_out);
    }
    fz_buf_free(&out);
    fz_buf_free(&err);
    fz_report_free(&rep);
    return 0;
}
