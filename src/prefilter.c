/* prefilter.c - the literals every match of a pattern must contain, read from the pattern. */
#include "prefilter.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"
#include "utf8.h"

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
    return fz_utf8_seq_len(p, strnlen(p, 4));
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
