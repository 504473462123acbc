/* prefilter.c - required literals of a pattern and the scan that uses them. */
#include "prefilter.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"

#define S_SET_MAX 16         /* strings in a working set */
#define S_STR_MAX 48         /* bytes in one string */
#define S_FAR     (1L << 24) /* lengths and offsets past this count as unbounded */

/* A finite set of strings; n < 0: unknown.  back: in a match of the fragment, one
 * member starts at most this many bytes after the match's start (-1: anywhere). */
typedef struct S_set {
    int n;
    long back;
    unsigned char len[S_SET_MAX];
    char s[S_SET_MAX][S_STR_MAX];
} S_set;

/* What a fragment of a pattern tells (each may be unknown): exact = everything it
 * can match; need = every match contains one; first = every match starts with one;
 * maxlen = the most bytes a match spans (-1: unbounded). */
typedef struct S_info {
    S_set exact, need, first;
    long maxlen;
    bool anchored; /* every match starts at the start of the subject (^, \A) */
} S_info;

typedef struct S_parser {
    const char *p;
    size_t i;
    bool fail;     /* a construct the reader does not handle: no prefilter */
    bool at_start; /* \G seen: a match depends on where the search starts */
} S_parser;

/* a + b for lengths and offsets, -1 standing for unbounded. */
static long S_plus(long a, long b) {
    return a < 0 || b < 0 || a + b > S_FAR ? -1 : a + b;
}

static long S_max(long a, long b) {
    return a < 0 || b < 0 ? -1 : a > b ? a : b;
}

static void S_unknown(S_set *s) {
    s->n = -1;
    s->back = -1;
}

static void S_one(S_set *s, const char *str, size_t len) {
    s->n = 1;
    s->back = 0;
    s->len[0] = (unsigned char)len;
    memcpy(s->s[0], str, len);
}

static void S_unknown_info(S_info *x) {
    S_unknown(&x->exact);
    S_unknown(&x->need);
    S_unknown(&x->first);
    x->maxlen = -1;
    x->anchored = false;
}

/* Zero-width: anchors and lookarounds match the empty string. */
static void S_empty_info(S_info *x) {
    S_unknown_info(x);
    S_one(&x->exact, "", 0);
    x->maxlen = 0;
}

static bool S_has(const S_set *s, const char *str, size_t len) {
    for (int k = 0; k < s->n; k++)
        if (s->len[k] == len && !memcmp(s->s[k], str, len)) return true;
    return false;
}

/* Adds str to s; false when there is no room. */
static bool S_add(S_set *s, const char *str, size_t len) {
    if (S_has(s, str, len)) return true;
    if (s->n >= S_SET_MAX || len > S_STR_MAX) return false;
    s->len[s->n] = (unsigned char)len;
    memcpy(s->s[s->n++], str, len);
    return true;
}

static void S_union(const S_set *a, const S_set *b, S_set *out) {
    S_set r = *a;
    if (a->n < 0 || b->n < 0) return S_unknown(out);
    for (int k = 0; k < b->n; k++)
        if (!S_add(&r, b->s[k], b->len[k])) return S_unknown(out);
    r.back = S_max(a->back, b->back);
    *out = r;
}

/* Every a followed by every b: the results start where a's members do. */
static void S_cross(const S_set *a, const S_set *b, S_set *out) {
    S_set r = {.back = a->back};
    if (a->n < 0 || b->n < 0) return S_unknown(out);
    for (int i = 0; i < a->n; i++)
        for (int j = 0; j < b->n; j++) {
            size_t la = a->len[i], lb = b->len[j];
            if (la + lb > S_STR_MAX) return S_unknown(out);
            char buf[S_STR_MAX];
            memcpy(buf, a->s[i], la);
            memcpy(buf + la, b->s[j], lb);
            if (!S_add(&r, buf, la + lb)) return S_unknown(out);
        }
    *out = r;
}

/* How good a set is as a filter (< 0: unusable): longer shortest member, then fewer. */
static int S_score(const S_set *s) {
    if (s->n <= 0 || s->n > FZ_MAX_LITS) return -1;
    int min = S_STR_MAX;
    for (int k = 0; k < s->n; k++)
        if (s->len[k] < min) min = s->len[k];
    return min == 0 ? -1 : min * 32 - s->n;
}

/* The better filter; of two as good, the one found nearer the start of a match. */
static void S_better(S_set *best, const S_set *cand) {
    int c = S_score(cand), b = S_score(best);
    if (c > b ||
        (c == b && c >= 0 && cand->back >= 0 && (best->back < 0 || cand->back < best->back)))
        *best = *cand;
}

static void S_first_of(const S_info *x, S_set *out) {
    *out = x->first;
    if (S_score(out) < 0) *out = x->exact;
    if (S_score(out) < 0) S_unknown(out);
}

static void S_need_of(const S_info *x, S_set *out) {
    *out = x->need;
    S_better(out, &x->exact);
    S_better(out, &x->first);
    if (S_score(out) < 0) S_unknown(out);
}

static S_info S_alt(S_parser *ps);

/* Length of the UTF-8 character at p, 0 if it is not one. */
static size_t S_char_len(const char *p) {
    unsigned char b = (unsigned char)p[0];
    size_t n = b < 0x80                ? 1
               : b >= 0xC2 && b < 0xE0 ? 2
               : b >= 0xE0 && b < 0xF0 ? 3
               : b >= 0xF0 && b < 0xF5 ? 4
                                       : 0;
    for (size_t k = 1; k < n; k++)
        if (((unsigned char)p[k] & 0xC0) != 0x80) return 0;
    return b ? n : 0;
}

static int S_hex(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

/* \x{H..} or \xHH after the 'x'; writes the character as UTF-8. */
static size_t S_hex_char(S_parser *ps, char *out) {
    long cp = 0;
    int digits = 0;
    if (ps->p[ps->i] == '{') {
        ps->i++;
        for (; S_hex(ps->p[ps->i]) >= 0 && digits < 8; ps->i++, digits++)
            cp = cp * 16 + S_hex(ps->p[ps->i]);
        if (ps->p[ps->i] != '}' || !digits) return ps->fail = true, 0;
        ps->i++;
    } else {
        for (; S_hex(ps->p[ps->i]) >= 0 && digits < 2; ps->i++, digits++)
            cp = cp * 16 + S_hex(ps->p[ps->i]);
    }
    if (cp == 0 || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return ps->fail = true, 0;
    return fz_utf8_encode((int)cp, out);
}

static bool S_is_alnum(char c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

/* Skips \p{..} or \pL after the 'p'. */
static void S_skip_property(S_parser *ps) {
    if (ps->p[ps->i] != '{') {
        if (!ps->p[ps->i])
            ps->fail = true;
        else
            ps->i++;
        return;
    }
    const char *close = strchr(ps->p + ps->i, '}');
    if (!close)
        ps->fail = true;
    else
        ps->i = (size_t)(close - ps->p) + 1;
}

/* One escape after the backslash, outside or inside a class.  Returns the length of
 * the literal character written to out, or 0 for a class (\d, \p{Han}) or an
 * assertion (*zero_width set). */
static size_t S_escape(S_parser *ps, char *out, bool in_class, bool *zero_width) {
    char c = ps->p[ps->i++];
    *zero_width = false;
    switch (c) {
    case 'd':
    case 'D':
    case 's':
    case 'S':
    case 'w':
    case 'W':
    case 'h':
    case 'H':
    case 'v':
    case 'V':
    case 'R':
        return 0;
    case 'p':
    case 'P':
        S_skip_property(ps);
        return 0;
    case 'x':
        return S_hex_char(ps, out);
    case 'n':
        *out = '\n';
        return 1;
    case 't':
        *out = '\t';
        return 1;
    case 'r':
        *out = '\r';
        return 1;
    case 'f':
        *out = '\f';
        return 1;
    case 'e':
        *out = 0x1B;
        return 1;
    case 'a':
        *out = 0x07;
        return 1;
    case 'b':
        if (in_class) return *out = 0x08, 1;
        return *zero_width = true, 0;
    case 'G':
        if (!in_class) ps->at_start = true;
        /* fall through */
    case 'B':
    case 'A':
    case 'z':
    case 'Z':
        if (in_class) break;
        return *zero_width = true, 0;
    default:
        if (c && (unsigned char)c < 0x80 && !S_is_alnum(c)) return *out = c, 1;
        break;
    }
    ps->fail = true; /* back-references, \Q, \K, \N, octal, non-ASCII ... */
    return 0;
}

/* A bracketed class: a small set of literal characters, or unknown. */
static S_info S_class(S_parser *ps) {
    S_info x;
    S_unknown_info(&x);
    S_set members = {0};
    bool literal = true;
    if (ps->p[ps->i] == '^') ps->i++, literal = false;
    for (bool first = true;; first = false) {
        const char *p = ps->p;
        if (!p[ps->i]) return ps->fail = true, x;
        if (p[ps->i] == ']' && !first) {
            ps->i++;
            break;
        }
        if (p[ps->i] == '[' && p[ps->i + 1] == ':') {
            const char *close = strstr(p + ps->i, ":]");
            if (!close) return ps->fail = true, x;
            ps->i = (size_t)(close - p) + 2;
            literal = false;
            continue;
        }
        for (int side = 0; side < 2; side++) { /* a character, and the end of a range */
            char ch[4];
            size_t n;
            if (p[ps->i] == '\\') {
                bool zw;
                ps->i++;
                n = S_escape(ps, ch, true, &zw);
                if (ps->fail) return x;
            } else {
                n = S_char_len(p + ps->i);
                if (!n) return ps->fail = true, x;
                memcpy(ch, p + ps->i, n);
                ps->i += n;
            }
            if (!n) literal = false;
            if (side == 0 && n && literal && !S_add(&members, ch, n)) literal = false;
            if (side == 1 || p[ps->i] != '-' || p[ps->i + 1] == ']') break;
            ps->i++; /* a range */
            literal = false;
        }
    }
    if (literal) x.exact = members;
    x.maxlen = 4; /* one character */
    return x;
}

/* A group after its '('. */
static S_info S_group(S_parser *ps) {
    const char *p = ps->p;
    S_info x;
    S_unknown_info(&x);
    bool look = false;
    if (p[ps->i] == '?') {
        char c = p[ps->i + 1];
        if (c == ':') {
            ps->i += 2;
        } else if (c == '=' || c == '!') {
            ps->i += 2, look = true;
        } else if (c == '<' && (p[ps->i + 2] == '=' || p[ps->i + 2] == '!')) {
            ps->i += 3, look = true;
        } else if (c == '<' || (c == 'P' && p[ps->i + 2] == '<') || c == '\'') {
            const char *close = strchr(p + ps->i + 2, c == '\'' ? '\'' : '>');
            if (!close) return ps->fail = true, x;
            ps->i = (size_t)(close - p) + 1;
        } else {
            return ps->fail = true, x; /* options, atomic groups, conditionals ... */
        }
    } else if (p[ps->i] == '*') {
        return ps->fail = true, x;
    }
    S_info in = S_alt(ps);
    if (ps->fail || p[ps->i] != ')') return ps->fail = true, x;
    ps->i++;
    if (look) S_empty_info(&in); /* consumes nothing */
    return in;
}

static S_info S_atom(S_parser *ps) {
    const char *p = ps->p;
    S_info x;
    S_unknown_info(&x);
    char c = p[ps->i];
    switch (c) {
    case '(':
        ps->i++;
        return S_group(ps);
    case '[':
        ps->i++;
        return S_class(ps);
    case '.':
        ps->i++;
        x.maxlen = 4;
        return x;
    case '^':
    case '$':
        ps->i++;
        S_empty_info(&x);
        x.anchored = c == '^'; /* no multiline option: the start of the subject only */
        return x;
    case '\\': {
        char ch[4];
        bool zw;
        ps->i++;
        size_t n = S_escape(ps, ch, false, &zw);
        if (zw)
            S_empty_info(&x), x.anchored = ps->p[ps->i - 1] == 'A';
        else if (n)
            S_one(&x.exact, ch, n), x.maxlen = (long)n;
        else
            x.maxlen = ps->p[ps->i - 1] == 'R' ? 8 : 4; /* \R: CR LF */
        return x;
    }
    case '*':
    case '+':
    case '?':
    case '{':
        ps->fail = true;
        return x;
    default: {
        size_t n = S_char_len(p + ps->i);
        if (!n) return ps->fail = true, x;
        S_one(&x.exact, p + ps->i, n);
        x.maxlen = (long)n;
        ps->i += n;
        return x;
    }
    }
}

/* {n}, {n,} or {n,m} after the '{'; false for anything else. */
static bool S_braces(S_parser *ps, long *lo, long *hi) {
    const char *p = ps->p + ps->i;
    char *end;
    if (*p < '0' || *p > '9') return false;
    *lo = strtol(p, &end, 10);
    *hi = *lo;
    if (*end == ',') {
        end++;
        if (*end == '}')
            *hi = -1;
        else if (*end >= '0' && *end <= '9')
            *hi = strtol(end, &end, 10);
        else
            return false;
    }
    if (*end != '}') return false;
    ps->i = (size_t)(end - ps->p) + 1;
    return true;
}

static S_info S_quantified(S_parser *ps) {
    S_info a = S_atom(ps);
    if (ps->fail) return a;
    long lo, hi;
    char c = ps->p[ps->i];
    if (c == '?')
        lo = 0, hi = 1, ps->i++;
    else if (c == '*')
        lo = 0, hi = -1, ps->i++;
    else if (c == '+')
        lo = 1, hi = -1, ps->i++;
    else if (c == '{') {
        ps->i++;
        if (!S_braces(ps, &lo, &hi)) return ps->fail = true, a;
    } else
        return a;
    if (ps->p[ps->i] == '?' || ps->p[ps->i] == '+') ps->i++; /* lazy, possessive */
    S_info r;
    S_unknown_info(&r);
    r.maxlen = hi < 0 || a.maxlen < 0 || hi > S_FAR ? -1 : a.maxlen * hi;
    r.anchored = lo > 0 && a.anchored;
    if (r.maxlen > S_FAR) r.maxlen = -1;
    if (lo == 0) {
        if (hi == 1 && a.exact.n >= 0) {
            S_set empty;
            S_one(&empty, "", 0);
            S_union(&a.exact, &empty, &r.exact);
        }
        return r;
    }
    S_need_of(&a, &r.need);
    S_first_of(&a, &r.first);
    if (a.exact.n >= 0) { /* at least lo copies in a row */
        S_set rep = a.exact;
        for (long k = 1; k < lo && k < 4 && rep.n >= 0; k++) S_cross(&rep, &a.exact, &rep);
        if (rep.n >= 0 && lo == hi && lo <= 4) r.exact = rep;
        S_better(&r.need, &rep);
        S_better(&r.first, &rep);
    }
    return r;
}

static S_info S_concat(S_parser *ps) {
    S_info x;
    S_unknown_info(&x);
    S_set run; /* the exact strings of the literal run being read */
    S_one(&run, "", 0);
    long off = 0; /* the furthest the next element can start from the fragment's start */
    int elements = 0;
    bool at_start = true, all_exact = true;
    while (!ps->fail && ps->p[ps->i] && ps->p[ps->i] != '|' && ps->p[ps->i] != ')') {
        S_info a = S_quantified(ps);
        if (ps->fail) break;
        if (elements++ == 0) x.anchored = a.anchored;
        long a_off = off;
        off = S_plus(off, a.maxlen);
        S_set joined;
        if (a.exact.n >= 0) {
            S_cross(&run, &a.exact, &joined);
            /* keep a usable run rather than grow it past use */
            if (joined.n >= 0 && (joined.n <= FZ_MAX_LITS || S_score(&run) < 0)) {
                run = joined;
                continue;
            }
            /* too many or too long: the run so far still counts, then a new one */
            all_exact = false;
            S_better(&x.need, &run);
            if (at_start && S_score(&run) >= 0) x.first = run;
            at_start = false;
            run = a.exact;
            run.back = a_off;
            continue;
        }
        all_exact = false;
        S_set need, first;
        S_need_of(&a, &need);
        need.back = S_plus(a_off, need.back);
        S_first_of(&a, &first);
        S_cross(&run, &first, &joined);
        S_better(&x.need, &run);
        S_better(&x.need, &need);
        S_better(&x.need, &joined);
        if (at_start) {
            if (S_score(&joined) >= 0)
                x.first = joined;
            else if (S_score(&run) >= 0)
                x.first = run;
        }
        at_start = false;
        S_one(&run, "", 0);
        run.back = off;
    }
    S_better(&x.need, &run);
    if (at_start && S_score(&run) >= 0) x.first = run;
    if (all_exact) x.exact = run;
    x.maxlen = off;
    return x;
}

/* Drops members that contain (prefix: start with) another member: a weaker but
 * equally valid filter with fewer searches.  The member kept may start inside the
 * one dropped, so back grows by that offset. */
static void S_reduce(S_set *s, bool prefix) {
    int kept = 0;
    long inside = 0;
    for (int i = 0; i < s->n; i++) {
        bool covered = false;
        for (int j = 0; j < s->n && !covered; j++) {
            if (j == i || s->len[j] > s->len[i] || (s->len[j] == s->len[i] && j > i)) continue;
            if (prefix)
                covered = !memcmp(s->s[i], s->s[j], s->len[j]);
            else
                for (size_t o = 0; o + s->len[j] <= s->len[i] && !covered; o++)
                    if (!memcmp(s->s[i] + o, s->s[j], s->len[j])) {
                        covered = true;
                        if ((long)o > inside) inside = (long)o;
                    }
        }
        if (!covered) {
            s->len[kept] = s->len[i];
            memmove(s->s[kept], s->s[i], s->len[i]);
            kept++;
        }
    }
    s->n = kept;
    s->back = S_plus(s->back, inside);
}

/* Cuts every member to its first `chars` characters: still valid, and fewer. */
static void S_cut(const S_set *s, int chars, S_set *out) {
    S_set r = {.back = s->back};
    for (int k = 0; k < s->n; k++) {
        size_t n = 0;
        for (int c = 0; c < chars && n < s->len[k]; c++) {
            size_t step = S_char_len(s->s[k] + n);
            n += step && n + step <= s->len[k] ? step : s->len[k] - n;
        }
        S_add(&r, s->s[k], n);
    }
    *out = r;
}

/* The union of two branches' sets, made small enough when it can be: members cut
 * to as many first characters as keep the union usable. */
static void S_branches(S_set *a, S_set *b, bool prefix, S_set *out) {
    if (a->n >= 0) S_reduce(a, prefix);
    if (b->n >= 0) S_reduce(b, prefix);
    S_union(a, b, out);
    if (S_score(out) >= 0 || a->n < 0 || b->n < 0) return;
    int most = 0; /* characters in the longest member: cutting below it is what helps */
    for (int side = 0; side < 2; side++) {
        const S_set *x = side ? b : a;
        for (int k = 0; k < x->n; k++) {
            int c = 0;
            for (size_t i = 0, step; i < x->len[k]; i += step ? step : 1, c++)
                step = S_char_len(x->s[k] + i);
            if (c > most) most = c;
        }
    }
    for (int chars = most - 1; chars > 0; chars--) {
        S_set ca, cb;
        S_cut(a, chars, &ca);
        S_cut(b, chars, &cb);
        S_reduce(&ca, prefix);
        S_reduce(&cb, prefix);
        S_union(&ca, &cb, out);
        if (S_score(out) >= 0) return;
    }
}

static S_info S_alt(S_parser *ps) {
    S_info x = S_concat(ps);
    while (!ps->fail && ps->p[ps->i] == '|') {
        ps->i++;
        S_info b = S_concat(ps);
        S_set xn, bn;
        S_union(&x.exact, &b.exact, &x.exact);
        S_need_of(&x, &xn);
        S_need_of(&b, &bn);
        S_branches(&xn, &bn, false, &x.need);
        S_first_of(&x, &xn);
        S_first_of(&b, &bn);
        S_branches(&xn, &bn, true, &x.first);
        x.maxlen = S_max(x.maxlen, b.maxlen);
        x.anchored = x.anchored && b.anchored;
    }
    return x;
}

void fz_lits_extract(const char *pattern, fz_lits *out) {
    memset(out, 0, sizeof *out);
    S_parser ps = {pattern, 0, false, false};
    S_info x = S_alt(&ps);
    if (ps.fail || pattern[ps.i]) return;
    out->at_search_start = ps.at_start;
    out->anchored = x.anchored;
    /* A prefix set also tells where to start; a rarer set anywhere may still win. */
    S_set set, need;
    S_first_of(&x, &set);
    S_need_of(&x, &need);
    if (set.n > 0) S_reduce(&set, true);
    if (need.n > 0) S_reduce(&need, false);
    out->prefix = S_score(&set) >= 0 && S_score(&set) >= S_score(&need);
    if (!out->prefix) set = need;
    if (S_score(&set) < 0) return;
    out->back = out->prefix ? 0 : set.back < 0 ? SIZE_MAX : (size_t)set.back;
    for (int k = 0; k < set.n; k++) {
        out->s[k] = fz_xstrndup(set.s[k], set.len[k]);
        out->len[k] = set.len[k];
    }
    out->n = set.n;
}

void fz_lits_free(fz_lits *l) {
    for (int k = 0; k < l->n; k++) free(l->s[k]);
    memset(l, 0, sizeof *l);
}

/* glibc's memmem is a scalar loop; memchr on the needle's last byte is vectorised, and
 * in Chinese text a UTF-8 trail byte is rare enough that few candidates need a memcmp. */
static size_t S_find(const char *subj, size_t len, size_t from, const char *lit, size_t n) {
    if (n > len - from) return SIZE_MAX;
    const char *p = subj + from + n - 1, *end = subj + len;
    while ((p = memchr(p, lit[n - 1], (size_t)(end - p)))) {
        const char *at = p - (n - 1);
        if (at[0] == lit[0] && !memcmp(at, lit, n - 1)) return (size_t)(at - subj);
        p++;
    }
    return SIZE_MAX;
}

size_t fz_lits_skip(const fz_lits *l, fz_litscan *ls, const char *subj, size_t len, size_t start) {
    if (l->n == 0) return start;
    if (start > len) return SIZE_MAX;
    bool fresh = !ls->ready || start < ls->from;
    size_t best = SIZE_MAX;
    for (int k = 0; k < l->n; k++) {
        /* An occurrence before start is stale; "none" stays none as start only grows. */
        if (fresh || (ls->next[k] != SIZE_MAX && ls->next[k] < start))
            ls->next[k] = S_find(subj, len, start, l->s[k], l->len[k]);
        if (ls->next[k] < best) best = ls->next[k];
    }
    ls->ready = true;
    ls->from = start;
    if (best == SIZE_MAX) return SIZE_MAX;
    return l->prefix ? best : start;
}

/* ---- the literal index ---- */

/* A distinct literal of the sets being indexed. */
typedef struct S_entry {
    const unsigned char *s;
    size_t len;
    int owners; /* the first of its S_owner links: the sets it belongs to */
} S_entry;

typedef struct S_owner {
    uint32_t set;
    int next;
} S_owner;

/* The literals that start with one character: ent[from, to). */
typedef struct S_firstchar {
    uint32_t cp;
    int next; /* the next group in the same bucket, -1 at the end */
    int from, to;
} S_firstchar;

/* An occurrence while scanning, before it is grouped by set. */
typedef struct S_hit {
    size_t at;
    uint32_t len, set;
} S_hit;

#define S_BUCKETS 256

static uint32_t S_bucket(uint32_t cp) {
    return (cp * 2654435761u) >> 24;
}

/* Bytes of the UTF-8 character a byte starts (1 for a stray continuation byte). */
static const unsigned char S_utf8_len[256] = {
#define S_1x16 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1
    S_1x16, S_1x16, S_1x16, S_1x16, S_1x16, S_1x16, S_1x16, S_1x16, /* 00-7F */
    S_1x16, S_1x16, S_1x16, S_1x16,                                 /* 80-BF */
    2,      2,      2,      2,      2,      2,      2,      2,      2, 2, 2, 2, 2, 2, 2, 2, 2,
    2,      2,      2,      2,      2,      2,      2,      2,      2, 2, 2, 2, 2, 2, 2, 3, 3,
    3,      3,      3,      3,      3,      3,      3,      3,      3, 3, 3, 3, 3, 3, 4, 4, 4,
    4,      4,      4,      4,      4,      1,      1,      1,      1, 1, 1, 1, 1
#undef S_1x16
};

/* The code point of the UTF-8 character at p, with its length in *n; a character cut
 * short by end, or a stray byte, is taken as one byte of that value. */
static inline uint32_t S_decode(const unsigned char *p, const unsigned char *end, size_t *n) {
    unsigned b = p[0];
    size_t l = S_utf8_len[b];
    if (l > (size_t)(end - p)) l = 1;
    *n = l;
    switch (l) {
    case 2:
        return ((b & 0x1Fu) << 6) | (p[1] & 0x3Fu);
    case 3:
        return ((b & 0x0Fu) << 12) | ((p[1] & 0x3Fu) << 6) | (p[2] & 0x3Fu);
    case 4:
        return ((b & 0x07u) << 18) | ((p[1] & 0x3Fu) << 12) | ((p[2] & 0x3Fu) << 6) |
               (p[3] & 0x3Fu);
    default:
        return b;
    }
}

typedef FZ_VEC(S_hit) S_hits;

struct fz_littable {
    char *key; /* the sets' literals, flattened: what the table was built for */
    size_t keylen, nsets;
    unsigned char kind[256]; /* what the scan does at a byte that starts a character */
    uint64_t bmp[1024];      /* first characters below U+10000 */
    int head[S_BUCKETS];     /* first character -> group, chained */
    S_firstchar *grp;
    S_entry *ent;
    S_owner *own;
    S_hits hits; /* scratch for fz_litindex_build (the table is per thread) */
};

enum { S_SKIP1, S_SKIP2, S_SKIP3, S_SKIP4, S_LEAD3, S_LEAD };

/* The sets' literals as one string: set sizes, lengths and bytes. */
static char *S_key(const fz_lits *const *sets, size_t n, size_t *keylen) {
    size_t len = 0;
    for (size_t i = 0; i < n; i++) {
        len += sizeof sets[i]->n;
        for (int k = 0; k < sets[i]->n; k++) len += sizeof sets[i]->len[k] + sets[i]->len[k];
    }
    char *key = fz_xmalloc(len ? len : 1), *kp = key;
    for (size_t i = 0; i < n; i++) {
        memcpy(kp, &sets[i]->n, sizeof sets[i]->n);
        kp += sizeof sets[i]->n;
        for (int k = 0; k < sets[i]->n; k++) {
            memcpy(kp, &sets[i]->len[k], sizeof sets[i]->len[k]);
            memcpy(kp + sizeof sets[i]->len[k], sets[i]->s[k], sets[i]->len[k]);
            kp += sizeof sets[i]->len[k] + sets[i]->len[k];
        }
    }
    *keylen = len;
    return key;
}

static fz_littable *S_table_new(const fz_lits *const *sets, size_t n) {
    fz_littable *t = fz_xcalloc(1, sizeof *t);
    t->key = S_key(sets, n, &t->keylen);
    t->nsets = n;
    size_t total = 0;
    for (size_t i = 0; i < n; i++) total += (size_t)sets[i]->n;
    t->ent = fz_xmalloc((total ? total : 1) * sizeof *t->ent);
    t->own = fz_xmalloc((total ? total : 1) * sizeof *t->own);
    t->grp = fz_xmalloc((total ? total : 1) * sizeof *t->grp);
    uint32_t *cps = fz_xmalloc((total ? total : 1) * sizeof *cps);
    for (int h = 0; h < S_BUCKETS; h++) t->head[h] = -1;
    for (int b = 0; b < 256; b++) t->kind[b] = (unsigned char)(S_utf8_len[b] - 1);
    /* the distinct literals (their bytes live in key), each with the sets it is in */
    int nent = 0, nown = 0;
    const char *kp = t->key;
    for (size_t i = 0; i < n; i++) {
        kp += sizeof sets[i]->n;
        for (int k = 0; k < sets[i]->n; k++) {
            size_t l;
            memcpy(&l, kp, sizeof l);
            const unsigned char *s = (const unsigned char *)kp + sizeof l;
            kp += sizeof l + l;
            int e = 0;
            while (e < nent && !(t->ent[e].len == l && !memcmp(t->ent[e].s, s, l))) e++;
            if (e == nent) {
                size_t cl;
                t->ent[nent] = (S_entry){s, l, -1};
                cps[nent++] = S_decode(s, s + l, &cl);
                t->kind[s[0]] = cl == 3 && t->kind[s[0]] != S_LEAD ? S_LEAD3 : S_LEAD;
            }
            t->own[nown] = (S_owner){(uint32_t)i, t->ent[e].owners};
            t->ent[e].owners = nown++;
        }
    }
    /* entries by first character, shorter first; then a group per first character */
    for (int i = 1; i < nent; i++)
        for (int j = i; j > 0 && (cps[j - 1] > cps[j] ||
                                  (cps[j - 1] == cps[j] && t->ent[j - 1].len > t->ent[j].len));
             j--) {
            S_entry te = t->ent[j];
            uint32_t tc = cps[j];
            t->ent[j] = t->ent[j - 1], cps[j] = cps[j - 1];
            t->ent[j - 1] = te, cps[j - 1] = tc;
        }
    int ngrp = 0;
    for (int e = 0; e < nent; e++) {
        if (e > 0 && cps[e] == cps[e - 1]) {
            t->grp[ngrp - 1].to = e + 1;
            continue;
        }
        uint32_t h = S_bucket(cps[e]);
        t->grp[ngrp] = (S_firstchar){cps[e], t->head[h], e, e + 1};
        t->head[h] = ngrp++;
        if (cps[e] < 0x10000) t->bmp[cps[e] >> 6] |= 1ULL << (cps[e] & 63);
    }
    free(cps);
    return t;
}

void fz_littable_free(fz_littable *t) {
    if (!t) return;
    fz_vec_free(&t->hits);
    free(t->grp);
    free(t->own);
    free(t->ent);
    free(t->key);
    free(t);
}

/* Whether key (from S_key) holds the literals of sets[0, n). */
static bool S_key_is(const char *key, size_t keylen, const fz_lits *const *sets, size_t n) {
    const char *kp = key, *end = key + keylen;
    for (size_t i = 0; i < n; i++) {
        if ((size_t)(end - kp) < sizeof sets[i]->n || memcmp(kp, &sets[i]->n, sizeof sets[i]->n))
            return false;
        kp += sizeof sets[i]->n;
        for (int k = 0; k < sets[i]->n; k++) {
            size_t l = sets[i]->len[k];
            if ((size_t)(end - kp) < sizeof l + l || memcmp(kp, &l, sizeof l) ||
                memcmp(kp + sizeof l, sets[i]->s[k], l))
                return false;
            kp += sizeof l + l;
        }
    }
    return kp == end;
}

fz_littable *fz_littable_get(fz_littable **cache, const fz_lits *const *sets, size_t n) {
    bool same =
        *cache && (*cache)->nsets == n && S_key_is((*cache)->key, (*cache)->keylen, sets, n);
    if (!same) {
        fz_littable_free(*cache);
        *cache = S_table_new(sets, n);
    }
    return *cache;
}

/* The literals of group g that occur at p (its first character, cl bytes, matched). */
static inline void S_hits_at(fz_littable *tab, const S_firstchar *g, const unsigned char *p,
                             size_t left, size_t at, size_t cl) {
    for (int e = g->from; e < g->to; e++) {
        const S_entry *en = &tab->ent[e];
        /* the last byte first: a CJK trail byte rejects nearly every near miss */
        if (en->len > cl && (en->len > left || p[en->len - 1] != en->s[en->len - 1] ||
                             memcmp(p + cl, en->s + cl, en->len - cl - 1)))
            continue;
        for (int o = en->owners; o >= 0; o = tab->own[o].next)
            fz_vec_push(&tab->hits, ((S_hit){at, (uint32_t)en->len, tab->own[o].set}));
    }
}

void fz_litindex_build(fz_litindex *x, fz_littable *tab, const char *text, size_t len) {
    size_t n = tab->nsets;
    x->nsets = n;
    x->first = fz_xcalloc(n + 1, sizeof *x->first);
    tab->hits.n = 0;
    const unsigned char *t = (const unsigned char *)text, *end = t + len, *p = t;
    while (p < end) {
        unsigned b = *p, k = tab->kind[b];
        if (k <= S_SKIP4) { /* no literal starts with this byte: the whole character */
            p += k + 1;
            continue;
        }
        uint32_t cp;
        size_t cl;
        if (k == S_LEAD3 && end - p >= 3)
            cp = ((b & 0x0Fu) << 12) | ((p[1] & 0x3Fu) << 6) | (p[2] & 0x3Fu), cl = 3;
        else
            cp = S_decode(p, end, &cl);
        if (cp >= 0x10000 || ((tab->bmp[cp >> 6] >> (cp & 63)) & 1))
            for (int g = tab->head[S_bucket(cp)]; g >= 0; g = tab->grp[g].next)
                if (tab->grp[g].cp == cp) {
                    S_hits_at(tab, &tab->grp[g], p, (size_t)(end - p), (size_t)(p - t), cl);
                    break;
                }
        p += cl;
    }
    /* grouped by set, each group still in text order */
    const S_hits *hits = &tab->hits;
    for (size_t i = 0; i < hits->n; i++) x->first[hits->v[i].set + 1]++;
    for (size_t i = 0; i < n; i++) x->first[i + 1] += x->first[i];
    x->occ = fz_xmalloc((hits->n ? hits->n : 1) * sizeof *x->occ);
    size_t *fill = fz_xmalloc((n ? n : 1) * sizeof *fill);
    memcpy(fill, x->first, n * sizeof *fill);
    for (size_t i = 0; i < hits->n; i++)
        x->occ[fill[hits->v[i].set]++] = (fz_occ){hits->v[i].at, hits->v[i].len};
    free(fill);
}

void fz_litindex_free(fz_litindex *x) {
    free(x->occ);
    free(x->first);
    memset(x, 0, sizeof *x);
}

void fz_litwalk_init(fz_litwalk *w, const fz_lits *l, const fz_litindex *x, size_t set, size_t base,
                     size_t len) {
    const fz_occ *o = x->occ + x->first[set];
    size_t lo = 0, hi = x->first[set + 1] - x->first[set];
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (o[mid].at < base)
            lo = mid + 1;
        else
            hi = mid;
    }
    *w = (fz_litwalk){.l = l,
                      .occ = o + lo,
                      .n = x->first[set + 1] - x->first[set] - lo,
                      .base = base,
                      .len = len,
                      .last = SIZE_MAX};
}

/* Whether occurrence k lies inside the subject; *end: it starts past the subject. */
static bool S_inside(const fz_litwalk *w, size_t k, bool *end) {
    size_t at = w->occ[k].at - w->base;
    *end = at >= w->len;
    return !*end && w->occ[k].len <= w->len - at;
}

bool fz_litwalk_next(fz_litwalk *w, size_t pos, size_t gap, size_t *from, size_t *last) {
    size_t k0 = w->k;
    while (w->k < w->n && w->occ[w->k].at - w->base < pos) w->k++;
    size_t k = w->k;
    bool end = false;
    while (k < w->n && !S_inside(w, k, &end) && !end) k++;
    w->steps += k - k0 + 1;
    if (k >= w->n || end) return false;
    size_t q = w->occ[k].at - w->base, back = w->l->back;
    *from = back == SIZE_MAX || q - pos <= back ? pos : q - back;
    if (back == SIZE_MAX) { /* anywhere before the last literal inside the subject */
        if (w->last == SIZE_MAX) {
            for (w->last = q; k < w->n; k++) {
                if (S_inside(w, k, &end))
                    w->last = w->occ[k].at - w->base;
                else if (end)
                    break;
            }
        }
        *last = w->last;
        return true;
    }
    if (k >= w->chain_start && k < w->chain_end &&
        gap == w->chain_gap) { /* inside the stretch found last */
        *last = w->chain_last;
        return true;
    }
    size_t k1 = k;
    for (k++; k < w->n && w->occ[k].at - w->base - q <= back + gap; k++)
        if (S_inside(w, k, &end)) q = w->occ[k].at - w->base;
    w->steps += k - k1;
    w->chain_start = w->k, w->chain_end = k, w->chain_last = q, w->chain_gap = gap;
    *last = q;
    return true;
}

bool fz_litwalk_near(const fz_litwalk *w, size_t *k, size_t near, size_t *from, size_t *last) {
    bool end = false;
    while (*k < w->n && !S_inside(w, *k, &end) && !end) ++*k;
    if (*k >= w->n || end) return false;
    size_t q = w->occ[*k].at - w->base;
    *from = q > near ? q - near : 0;
    for (++*k; *k < w->n && w->occ[*k].at - w->base - q <= near; ++*k)
        if (S_inside(w, *k, &end)) q = w->occ[*k].at - w->base;
    *last = q;
    return true;
}

/* ---- which of a few patterns have a literal in a short text (fz_lit_hits) ---- */

/* UTF-8 sequence length by lead byte (1 for continuation bytes, which valid text
 * never steps on). */
#define S_X16(n) n, n, n, n, n, n, n, n, n, n, n, n, n, n, n, n
static const unsigned char S_SEQ_LEN[256] = {
    S_X16(1), S_X16(1), S_X16(1), S_X16(1), S_X16(1), S_X16(1), S_X16(1), S_X16(1),
    S_X16(1), S_X16(1), S_X16(1), S_X16(1), S_X16(2), S_X16(2), S_X16(3), S_X16(4)};
#undef S_X16
static unsigned char S_seq_len(unsigned char c) {
    return S_SEQ_LEN[c];
}

/* The pair table's slot of a literal's last two bytes (the low 6 bits of each: exact
 * for the trail bytes of CJK text). */
static unsigned S_pair_slot(unsigned char a, unsigned char b) {
    return (unsigned)(a & 0x3F) << 6 | (b & 0x3F);
}

void fz_lit_hits_init(fz_lit_hits *h, const fz_lits *const *sets, size_t n) {
    memset(h, 0, sizeof *h);
    for (size_t r = 0; r < n; r++) {
        const fz_lits *l = sets[r];
        uint64_t bit = r < 64 ? 1ull << r : 0;
        bool whole = l->n > 0 && r < 64;
        for (int k = 0; k < l->n; k++) {
            const unsigned char *s = (const unsigned char *)l->s[k];
            size_t len = l->len[k], last = len;
            /* the scan looks at character ends: a literal must end with a whole character */
            while (last > 0 && (s[last - 1] & 0xC0) == 0x80) last--;
            if (len == 0 || last == 0 || last - 1 + S_seq_len(s[last - 1]) != len) whole = false;
        }
        if (!whole || (size_t)l->n > FZ_LIT_HITS_MAX - h->nlits) {
            h->always |= bit; /* it may match anywhere (or does not fit): always a candidate */
            if (r >= 64) h->overflow = true;
            continue;
        }
        for (int k = 0; k < l->n; k++) {
            const unsigned char *s = (const unsigned char *)l->s[k];
            size_t len = l->len[k];
            h->lit[h->nlits] = l->s[k];
            h->len[h->nlits] = len;
            h->pattern[h->nlits] = bit;
            h->next_by_last[h->nlits] = h->by_last[s[len - 1]];
            h->by_last[s[len - 1]] = (unsigned char)++h->nlits;
            h->last[s[len - 1]] = true;
            unsigned slot = len == 1 ? S_pair_slot(0, s[0]) : S_pair_slot(s[len - 2], s[len - 1]);
            h->pair[slot >> 6] |= 1ull << (slot & 63);
            if (len == 1) h->pair_any[s[0]] = true; /* any byte before a one-byte literal */
        }
    }
}

/* Whether a literal may end at s[i - 1] (a character end): its last two bytes. */
static inline bool S_may_end(const fz_lit_hits *h, const unsigned char *u, size_t i) {
    unsigned char c = u[i - 1];
    if (!h->last[c]) return false;
    if (h->pair_any[c]) return true;
    unsigned slot = S_pair_slot(i >= 2 ? u[i - 2] : 0, c);
    return h->pair[slot >> 6] >> (slot & 63) & 1;
}

/* The literals that do end at s[i - 1], added to *hits. */
static void S_hits_add(const fz_lit_hits *h, const char *s, size_t i, uint64_t *hits) {
    for (size_t k1 = h->by_last[(unsigned char)s[i - 1]]; k1; k1 = h->next_by_last[k1 - 1]) {
        size_t k = k1 - 1;
        if (!(*hits & h->pattern[k]) && h->len[k] <= i &&
            memcmp(s + i - h->len[k], h->lit[k], h->len[k]) == 0)
            *hits |= h->pattern[k];
    }
}

uint64_t fz_lit_hits_find(const fz_lit_hits *h, const char *s, size_t len) {
    uint64_t hits = h->always;
    const unsigned char *u = (const unsigned char *)s;
    size_t i = 0;
    /* a character is at most 4 bytes: two steps from i + 8 <= len stay inside */
    while (i + 8 <= len) {
        i += S_seq_len(u[i]);
        if (S_may_end(h, u, i)) S_hits_add(h, s, i, &hits);
        i += S_seq_len(u[i]);
        if (S_may_end(h, u, i)) S_hits_add(h, s, i, &hits);
    }
    while (i < len) {
        i += S_seq_len(u[i]);
        if (i > len) break; /* a cut character ends no literal */
        if (S_may_end(h, u, i)) S_hits_add(h, s, i, &hits);
    }
    return hits;
}
