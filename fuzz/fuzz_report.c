/* fuzz_report.c - the whole pipeline on report bytes: decode, outline, the built-in
 * rules, and both text emitters.  libFuzzer entry point; fuzz/replay.c replays files. */
#include <stdint.h>
#include <stdlib.h>

#include "emit.h"
#include "report.h"
#include "rules.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static fz_ruleset *S_rs;
static fz_matcher S_m;

static void S_init(void) {
    fz_buf errors = {0};
    S_rs = fz_ruleset_new();
    if (fz_ruleset_load_builtin(S_rs, &errors) != 0) abort(); /* the packs must load */
    fz_buf_free(&errors);
    fz_matcher_init(&S_m);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    if (!S_rs) S_init();
    fz_report rep;
    fz_report_check(&rep, "fuzz.txt", data, size, S_rs, 0, 5, &S_m);
    fz_emit_ctx ctx = {.opts = {.unit = FZ_COL_DISPLAY, .color = true}, .rs = S_rs};
    fz_buf out = {0};
    fz_emitter_gcc.report(&out, &rep, &ctx);
    ctx.opts.unit = FZ_COL_UTF16;
    fz_emitter_outline.report(&out, &rep, &ctx);
    fz_buf_free(&out);
    fz_report_free(&rep);
    return 0;
}
