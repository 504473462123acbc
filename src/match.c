/* match.c - PCRE2 compile (JIT) and match with bounded work. */
#include "match.h"
#include "utf8.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* Enough for any sane rule; a pathological pattern stops here instead of hanging. */
#define FZ_MATCH_LIMIT_STEPS 1000000
#define FZ_DEPTH_LIMIT       10000

/* What PCRE2 worked out about the first byte of every match: a set of bytes, or one
 * byte (taken only where no case folding can apply). */
static void S_first_bytes(fz_regex *r) {
    const uint8_t *bitmap = NULL;
    uint32_t type = 0, unit = 0, options = 0;
    if (pcre2_pattern_info(r->code, PCRE2_INFO_FIRSTBITMAP, &bitmap) == 0 && bitmap) {
        memcpy(r->first, bitmap, sizeof r->first);
        r->first_known = true;
        return;
    }
    if (pcre2_pattern_info(r->code, PCRE2_INFO_FIRSTCODETYPE, &type) != 0 || type != 1 ||
        pcre2_pattern_info(r->code, PCRE2_INFO_FIRSTCODEUNIT, &unit) != 0 ||
        pcre2_pattern_info(r->code, PCRE2_INFO_ALLOPTIONS, &options) != 0)
        return;
    bool letter = (unit | 0x20) >= 'a' && (unit | 0x20) <= 'z';
    if (unit > 0xFF || letter || unit >= 0x80 || (options & PCRE2_CASELESS) ||
        strstr(r->pattern, "(?i") || strstr(r->pattern, "(?^i"))
        return;
    r->first[unit >> 3] = (uint8_t)(1u << (unit & 7));
    r->first_known = true;
}

/* A verb at the start of a pattern, (*NO_JIT), (*LIMIT_MATCH=9), (*CRLF), (*UTF) and
 * the like, overrides how fzlint runs every match (JIT, limits, line ends, UTF): a
 * rule with one would silently behave unlike the others, or never match.  The
 * backtracking verbs ((*FAIL), (*SKIP) ...) are patterns, not settings.  Returns the
 * byte offset of the first setting verb, or -1. */
static long S_setting_verb(const char *p, size_t *len) {
    static const char *const pattern_verbs[] = {"ACCEPT", "FAIL", "F",    "COMMIT",
                                                "PRUNE",  "SKIP", "THEN", "MARK"};
    size_t i = 0;
    if (p[i] == '(' && p[i + 1] == '*') {
        size_t k = i + 2;
        while ((p[k] >= 'A' && p[k] <= 'Z') || (p[k] >= '0' && p[k] <= '9') || p[k] == '_') k++;
        size_t name_end = k;
        if (p[k] == '=')
            for (k++; p[k] >= '0' && p[k] <= '9'; k++) {
            }
        if (p[k] != ')' || name_end == i + 2) return -1; /* (*MARK:x), (*pla:...) */
        bool pattern_verb = false;
        for (size_t v = 0; v < sizeof pattern_verbs / sizeof *pattern_verbs; v++)
            pattern_verb |= strlen(pattern_verbs[v]) == name_end - i - 2 &&
                            !strncmp(p + i + 2, pattern_verbs[v], name_end - i - 2);
        if (!pattern_verb) return *len = k + 1 - i, (long)i;
    }
    return -1;
}

/* Whether a group repeated without bound holds a repeat or an alternation: (a+)+,
 * (?:a|aa)*, ((ab)*c){2,}.  Such a pattern may backtrack exponentially.  Escapes,
 * classes and \Q...\E hold no syntax. */
static bool S_nested_repeat(const char *p) {
    bool inner[64] = {false}; /* per open group: a repeat or | inside it */
    int depth = 0;
    bool closed = false, closed_inner = false; /* the item just before: a group */
    for (size_t i = 0; p[i]; i++) {
        char c = p[i];
        bool unbounded = c == '*' || c == '+';
        if (c == '{') {
            size_t k = i + 1;
            while (p[k] >= '0' && p[k] <= '9') k++;
            unbounded = k > i + 1 && p[k] == ',' && p[k + 1] == '}';
        }
        bool repeat = unbounded || c == '?' || c == '{';
        if (unbounded && closed && closed_inner) return true;
        if (repeat && depth > 0 && !(c == '?' && i > 0 && p[i - 1] == '(')) inner[depth - 1] = true;
        closed = false;
        if (c == '\\') {
            if (p[i + 1] == 'Q') {
                const char *e = strstr(p + i + 2, "\\E");
                if (!e) return false;
                i = (size_t)(e - p) + 1;
            } else if (p[i + 1]) {
                i++;
            }
        } else if (c == '[') {
            size_t k = i + 1;
            if (p[k] == '^') k++;
            if (p[k] == ']') k++;
            for (; p[k] && p[k] != ']'; k++)
                if (p[k] == '\\' && p[k + 1]) k++;
            if (!p[k]) return false;
            i = k;
        } else if (c == '(') {
            if (depth < 64) inner[depth] = false;
            depth++;
        } else if (c == ')' && depth > 0) {
            depth--;
            closed = true;
            closed_inner = depth < 64 && inner[depth];
            if (closed_inner && depth > 0 && depth - 1 < 64) inner[depth - 1] = true;
        } else if (c == '|' && depth > 0 && depth - 1 < 64) {
            inner[depth - 1] = true;
        }
    }
    return false;
}

static fz_regex *S_new(const char *pattern, bool want_jit, fz_buf *err, size_t *err_off) {
    size_t verb_len = 0;
    long verb = S_setting_verb(pattern, &verb_len);
    if (verb >= 0) {
        fz_buf_printf(err, "不允许模式开头的 %.*s：它会改变 fzlint 对所有模式统一设定的匹配方式",
                      (int)verb_len, pattern + verb);
        *err_off = 0;
        *err_off += fz_utf8_count(pattern, (size_t)verb);
        return NULL;
    }
    int code;
    PCRE2_SIZE off;
    bool counted = S_nested_repeat(pattern);
    pcre2_code *re = pcre2_compile((PCRE2_SPTR)pattern, PCRE2_ZERO_TERMINATED,
                                   PCRE2_UTF | PCRE2_UCP | PCRE2_NO_UTF_CHECK |
                                       PCRE2_USE_OFFSET_LIMIT | (counted ? PCRE2_AUTO_CALLOUT : 0),
                                   &code, &off, NULL);
    if (!re) {
        PCRE2_UCHAR msg[256];
        pcre2_get_error_message(code, msg, sizeof msg);
        fz_buf_puts(err, (const char *)msg);
        /* PCRE2 reports a byte offset; callers want a character column. */
        size_t chars = 0;
        for (size_t i = 0; i < off && pattern[i]; i++)
            if (!fz_utf8_cont((unsigned char)pattern[i])) chars++;
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
    bool jit = want_jit && (!no_jit || !*no_jit) && pcre2_jit_compile(re, PCRE2_JIT_COMPLETE) == 0;
    fz_regex *r = fz_xcalloc(1, sizeof *r);
    r->pattern = fz_xstrdup(pattern);
    r->code = re;
    r->jit = jit;
    r->counted = counted;
    fz_lits_extract(pattern, &r->lits);
    S_first_bytes(r);
    return r;
}

fz_regex *fz_regex_new(const char *pattern, fz_buf *err, size_t *err_off) {
    return S_new(pattern, true, err, err_off);
}

fz_regex *fz_regex_new_nojit(const char *pattern, fz_buf *err, size_t *err_off) {
    return S_new(pattern, false, err, err_off);
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

/* Every item of a counted pattern: one step, and the budget's end stops the match. */
static int S_count_step(pcre2_callout_block *cb, void *data) {
    (void)cb;
    fz_matcher *m = data;
    return ++m->steps > m->budget ? PCRE2_ERROR_CALLOUT : 0;
}

void fz_matcher_budget(fz_matcher *m, size_t len) {
    m->budget = len == SIZE_MAX ? UINT64_MAX
                                : FZ_MATCH_LIMIT_STEPS + (uint64_t)len * FZ_MATCH_BUDGET_PER_BYTE;
    m->steps = 0;
}

void fz_matcher_init(fz_matcher *m) {
    memset(m, 0, sizeof *m);
    m->md = pcre2_match_data_create(FZ_MAX_GROUPS, NULL);
    m->mctx = pcre2_match_context_create(NULL);
    pcre2_set_match_limit(m->mctx, FZ_MATCH_LIMIT_STEPS);
    pcre2_set_depth_limit(m->mctx, FZ_DEPTH_LIMIT);
    pcre2_set_callout(m->mctx, S_count_step, m);
    m->budget = UINT64_MAX;
    m->jit = pcre2_jit_stack_create(32 * 1024, 1024 * 1024, NULL);
    pcre2_jit_stack_assign(m->mctx, NULL, m->jit);
    m->offset_limit = SIZE_MAX;
    if (!m->md || !m->mctx || !m->jit) abort();
}

void fz_matcher_free(fz_matcher *m) {
    fz_littable_free(m->lits[0]);
    fz_littable_free(m->lits[1]);
    pcre2_match_data_free(m->md);
    pcre2_match_context_free(m->mctx);
    pcre2_jit_stack_free(m->jit);
    memset(m, 0, sizeof *m);
}

int fz_regex_match(fz_matcher *m, const fz_regex *re, const char *subject, size_t len, size_t start,
                   size_t *ms, size_t *me) {
    return fz_regex_match_upto(m, re, subject, len, start, SIZE_MAX, ms, me);
}

int fz_regex_match_upto(fz_matcher *m, const fz_regex *re, const char *subject, size_t len,
                        size_t start, size_t last_start, size_t *ms, size_t *me) {
    if (start > len) return FZ_MATCH_NONE;
    if (last_start != m->offset_limit) {
        m->offset_limit = last_start;
        pcre2_set_offset_limit(m->mctx, last_start == SIZE_MAX ? PCRE2_UNSET : last_start);
    }
    /* pcre2_jit_match skips pcre2_match's argument checks (~120 instructions a call);
     * the subject is valid UTF-8 and start within it. */
    int rc = re->jit ? pcre2_jit_match(re->code, (PCRE2_SPTR)subject, len, start,
                                       PCRE2_NO_UTF_CHECK, m->md, m->mctx)
                     : pcre2_match(re->code, (PCRE2_SPTR)subject, len, start, PCRE2_NO_UTF_CHECK,
                                   m->md, m->mctx);
    m->last = re;
    m->subject = subject;
    if (rc == PCRE2_ERROR_MATCHLIMIT || rc == PCRE2_ERROR_DEPTHLIMIT || rc == PCRE2_ERROR_CALLOUT ||
        rc == PCRE2_ERROR_JIT_STACKLIMIT || rc == PCRE2_ERROR_HEAPLIMIT) {
        if (!m->limited) m->limited = re, m->limited_at = subject + start;
        return FZ_MATCH_LIMIT;
    }
    if (rc < 0) return FZ_MATCH_NONE;
    PCRE2_SIZE *ov = pcre2_get_ovector_pointer(m->md);
    *ms = ov[0];
    *me = ov[1];
    return FZ_MATCH_OK;
}

/* Literals closer than this (bytes) share one PCRE2 call: its own scan between them
 * costs less than another call. */
#define S_WINDOW_GAP 48
/* How far before its literal a match is looked for first when any will do and the
 * reader cannot bound the distance. */
#define S_NEAR 64

/* The first character boundary at or after off. */
static size_t S_boundary(const char *s, size_t len, size_t off) {
    return fz_utf8_fwd(s, len, off);
}

int fz_regex_search(fz_matcher *m, const fz_regex *re, const char *subject, size_t len, size_t pos,
                    fz_litwalk *walk, fz_litscan *ls, bool any, size_t *ms, size_t *me) {
    const fz_lits *l = &re->lits;
    size_t from, last;
    if (pos > len) return FZ_MATCH_NONE;
    if (l->n == 0 || l->at_search_start) walk = NULL; /* nothing to walk, or must start at pos */
    if (l->anchored) { /* ^ or \A: at the start of the subject only */
        if (pos > 0) return FZ_MATCH_NONE;
        if (re->first_known &&
            (len == 0 || !((re->first[(unsigned char)subject[0] >> 3] >> (subject[0] & 7)) & 1)))
            return FZ_MATCH_NONE;
        /* a literal within back bytes of the start, so within back + its length */
        size_t head = len;
        for (int k = 0; l->back != SIZE_MAX && k < l->n; k++)
            head =
                k ? (l->back + l->len[k] > head ? l->back + l->len[k] : head) : l->back + l->len[k];
        if (walk ? !fz_litwalk_next(walk, 0, 0, &from, &last) || from > 0
                 : fz_lits_skip(l, ls, subject, head < len ? head : len, 0) == SIZE_MAX)
            return FZ_MATCH_NONE;
        return fz_regex_match_upto(m, re, subject, len, 0, 0, ms, me);
    }
    if (!walk) {
        from = fz_lits_skip(l, ls, subject, len, pos);
        if (from == SIZE_MAX) return FZ_MATCH_NONE;
        return fz_regex_match(m, re, subject, len, l->at_search_start ? pos : from, ms, me);
    }
    int rc;
    if (any && l->back == SIZE_MAX) {
        /* Where a match starts is not bounded, but it is usually just before one of the
         * literals: look there first, then everywhere. */
        for (size_t k = 0; fz_litwalk_near(walk, &k, S_NEAR, &from, &last);) {
            if (last < pos) continue;
            from = S_boundary(subject, len, from > pos ? from : pos);
            rc = fz_regex_match_upto(m, re, subject, len, from, last, ms, me);
            if (rc != FZ_MATCH_NONE) return rc;
        }
    }
    do { /* stretch by stretch: what PCRE2 finds first is the leftmost match */
        if (!fz_litwalk_next(walk, pos, S_WINDOW_GAP, &from, &last)) return FZ_MATCH_NONE;
        rc = fz_regex_match_upto(m, re, subject, len, S_boundary(subject, len, from), last, ms, me);
        pos = S_boundary(subject, len, last + 1);
    } while (rc == FZ_MATCH_NONE && pos < len);
    return rc;
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
