/* fuzz_report.c - the whole pipeline on report bytes: decode, outline, the built-in
 * rules, the digest and the second phase (the report against a copy of itself as last
 * year's and as another issuer's), and the text emitters.  libFuzzer entry point; fuzz/replay.c
 * replays files. */
#include <stdint.h>
#include <stdlib.h>

#include "compare.h"
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
    fz_digest d[3];
    for (int i = 0; i < 3; i++)
        fz_digest_bytes(&d[i], i ? "other.txt" : "fuzz.txt", data, size, S_rs, 0, FZ_COL_DISPLAY,
                        &S_m);
    /* d[1]: the same issuer's year before; d[2]: another issuer */
    for (int i = 0; i < 2; i++)
        if (!d[i].issuer) d[i].issuer = fz_xstrdup("本机关");
    d[1].year = d[0].year - 1;
    free(d[2].issuer);
    d[2].issuer = fz_xstrdup("另一机关");
    const fz_ruleset *sets[3] = {S_rs, S_rs, S_rs};
    fz_compare_result res[3] = {0};
    fz_batch b = {.d = d, .n = 3, .ntargets = 3, .rs = sets, .previous = -1};
    fz_compare_batch(&b, res);
    fz_report rep;
    fz_report_check(&rep, "fuzz.txt", data, size, S_rs, 0, 5, &S_m);
    fz_compare_apply(&rep, &res[0], S_rs, 5);
    fz_emit_ctx ctx = {.opts = {.unit = FZ_COL_DISPLAY, .color = true}, .rs = S_rs};
    fz_buf out = {0};
    fz_emitter_gcc.report(&out, &rep, &ctx);
    ctx.opts.unit = FZ_COL_UTF16;
    fz_emitter_outline.report(&out, &rep, &ctx);
    fz_emitter_json.report(&out, &rep, &ctx);
    fz_buf_free(&out);
    fz_report_free(&rep);
    for (int i = 0; i < 3; i++) {
        fz_compare_result_free(&res[i]);
        fz_digest_free(&d[i]);
    }
    return 0;
}
