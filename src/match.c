/* match.c - PCRE2 compile (JIT) and match with bounded work. */
#include "match.h"

#include <stdlib.h>
#include <string.h>

/* Enough for any sane rule; a pathological pattern stops here instead of hanging. */
#define FZ_MATCH_LIMIT_STEPS 1000000
#define FZ_DEPTH_LIMIT       10000

fz_regex *fz_regex_new(const char *pattern, fz_buf *err, size_t *err_off) {
    int code;
    PCRE2_SIZE off;
    pcre2_code *re = pcre2_compile((PCRE2_SPTR)pattern, PCRE2_ZERO_TERMINATED,
                                   PCRE2_UTF | PCRE2_UCP | PCRE2_NO_UTF_CHECK, &code, &off, NULL);
    if (!re) {
        PCRE2_UCHAR msg[256];
        pcre2_get_error_message(code, msg, sizeof msg);
        fz_buf_puts(err, (const char *)msg);
        /* PCRE2 reports a byte offset; callers want a character column. */
        size_t chars = 0;
        for (size_t i = 0; i < off && pattern[i]; i++)
            if (((unsigned char)pattern[i] & 0xC0) != 0x80) chars++;
        *err_off = chars;
        return NULL;
    }
    uint32_t ncap = 0;
    pcre2_pattern_info(re, PCRE2_INFO_CAPTURECOUNT, &ncap);
    if (ncap >= FZ_MAX_GROUPS) {
        pcre2_code_free(re);
        fz_buf_printf(err, "too many capture groups (%u, at most %d)", ncap, FZ_MAX_GROUPS - 1);
        *err_off = 0;
        return NULL;
    }
    /* Falls back to the interpreter on failure.  FZLINT_NO_JIT: for valgrind, which
     * cannot see that JIT-compiled code only reads initialised memory. */
    const char *no_jit = getenv("FZLINT_NO_JIT");
    bool jit = (!no_jit || !*no_jit) && pcre2_jit_compile(re, PCRE2_JIT_COMPLETE) == 0;
    fz_regex *r = fz_xcalloc(1, sizeof *r);
    r->pattern = fz_xstrdup(pattern);
    r->code = re;
    r->jit = jit;
    fz_lits_extract(pattern, &r->lits);
    return r;
}

void fz_regex_free(fz_regex *re) {
    if (!re) return;
    pcre2_code_free(re->code);
    fz_lits_free(&re->lits);
    free(re->pattern);
    free(re);
}

int fz_regex_groups(const fz_regex *re) {
    uint32_t n = 0;
    pcre2_pattern_info(re->code, PCRE2_INFO_CAPTURECOUNT, &n);
    return (int)n;
}

int fz_regex_group_index(const fz_regex *re, const char *name) {
    int i = pcre2_substring_number_from_name(re->code, (PCRE2_SPTR)name);
    return i < 0 ? -1 : i;
}

void fz_matcher_init(fz_matcher *m) {
    memset(m, 0, sizeof *m);
    m->md = pcre2_match_data_create(FZ_MAX_GROUPS, NULL);
    m->mctx = pcre2_match_context_create(NULL);
    pcre2_set_match_limit(m->mctx, FZ_MATCH_LIMIT_STEPS);
    pcre2_set_depth_limit(m->mctx, FZ_DEPTH_LIMIT);
    m->jit = pcre2_jit_stack_create(32 * 1024, 1024 * 1024, NULL);
    pcre2_jit_stack_assign(m->mctx, NULL, m->jit);
    if (!m->md || !m->mctx || !m->jit) abort();
}

void fz_matcher_free(fz_matcher *m) {
    pcre2_match_data_free(m->md);
    pcre2_match_context_free(m->mctx);
    pcre2_jit_stack_free(m->jit);
    memset(m, 0, sizeof *m);
}

int fz_regex_match(fz_matcher *m, const fz_regex *re, const char *subject, size_t len, size_t start,
                   size_t *ms, size_t *me) {
    if (start > len) return FZ_MATCH_NONE;
    /* pcre2_jit_match skips pcre2_match's argument checks (~120 instructions a call);
     * the subject is valid UTF-8 and start within it. */
    int rc = re->jit ? pcre2_jit_match(re->code, (PCRE2_SPTR)subject, len, start,
                                       PCRE2_NO_UTF_CHECK, m->md, m->mctx)
                     : pcre2_match(re->code, (PCRE2_SPTR)subject, len, start, PCRE2_NO_UTF_CHECK,
                                   m->md, m->mctx);
    m->last = re;
    m->subject = subject;
    if (rc == PCRE2_ERROR_MATCHLIMIT || rc == PCRE2_ERROR_DEPTHLIMIT ||
        rc == PCRE2_ERROR_JIT_STACKLIMIT || rc == PCRE2_ERROR_HEAPLIMIT)
        return FZ_MATCH_LIMIT;
    if (rc < 0) return FZ_MATCH_NONE;
    PCRE2_SIZE *ov = pcre2_get_ovector_pointer(m->md);
    *ms = ov[0];
    *me = ov[1];
    return FZ_MATCH_OK;
}

bool fz_match_group(const fz_matcher *m, int i, size_t *gs, size_t *ge) {
    if (i < 0 || i >= FZ_MAX_GROUPS) return false;
    PCRE2_SIZE *ov = pcre2_get_ovector_pointer(m->md);
    if (ov[2 * i] == PCRE2_UNSET) return false;
    *gs = ov[2 * i];
    *ge = ov[2 * i + 1];
    return true;
}

bool fz_regex_test(fz_matcher *m, const fz_regex *re, const char *subject, size_t len) {
    size_t s, e;
    return fz_regex_match(m, re, subject, len, 0, &s, &e) == FZ_MATCH_OK;
}
