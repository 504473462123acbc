/* util.c - allocation, fz_buf and UTF-8 helpers shared by every stage. */
#include "util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "utf8.h"

static void (*S_oom_handler)(void);

void fz_set_oom_handler(void (*handler)(void)) {
    S_oom_handler = handler;
}

static void *S_check(void *p) {
    if (!p) {
        if (S_oom_handler) S_oom_handler();
        fputs("fzlint: out of memory\n", stderr);
        abort();
    }
    return p;
}

void *fz_xmalloc(size_t size) {
    return S_check(malloc(size ? size : 1));
}
void *fz_xcalloc(size_t count, size_t size) {
    return S_check(calloc(count ? count : 1, size ? size : 1));
}
void *fz_xrealloc(void *ptr, size_t size) {
    return S_check(realloc(ptr, size ? size : 1));
}
char *fz_xstrdup(const char *s) {
    return fz_xstrndup(s, strlen(s));
}

char *fz_xstrndup(const char *s, size_t n) {
    char *p = fz_xmalloc(n + 1);
    memcpy(p, s, n);
    p[n] = '\0';
    return p;
}

/* Grows b to hold extra more bytes and the NUL; doubling keeps the reallocs of a
 * growing buffer (an output, a file read in chunks) few. */
static void S_grow(fz_buf *b, size_t extra) {
    size_t cap = b->cap ? b->cap : 64;
    while (cap < b->len + extra + 1) cap *= 2;
    b->ptr = fz_xrealloc(b->ptr, cap);
    b->cap = cap;
}

static inline void S_reserve(fz_buf *b, size_t extra) {
    if (b->len + extra + 1 > b->cap) S_grow(b, extra);
}

void fz_buf_put(fz_buf *b, const void *data, size_t len) {
    S_reserve(b, len);
    if (len) memcpy(b->ptr + b->len, data, len);
    b->len += len;
    b->ptr[b->len] = '\0';
}

void fz_buf_puts(fz_buf *b, const char *s) {
    fz_buf_put(b, s, strlen(s));
}
void fz_buf_putc(fz_buf *b, char c) {
    S_reserve(b, 1);
    b->ptr[b->len++] = c;
    b->ptr[b->len] = '\0';
}

void fz_buf_vprintf(fz_buf *b, const char *fmt, va_list ap) {
    va_list ap2;
    va_copy(ap2, ap);
    int n = vsnprintf(NULL, 0, fmt, ap2);
    va_end(ap2);
    if (n < 0) return;
    S_reserve(b, (size_t)n);
    vsnprintf(b->ptr + b->len, (size_t)n + 1, fmt, ap);
    b->len += (size_t)n;
}

void fz_buf_printf(fz_buf *b, const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    fz_buf_vprintf(b, fmt, ap);
    va_end(ap);
}

char *fz_buf_detach(fz_buf *b) {
    char *p = b->ptr ? b->ptr : fz_xstrdup("");
    b->ptr = NULL;
    b->len = b->cap = 0;
    return p;
}

void fz_buf_free(fz_buf *b) {
    free(b->ptr);
    b->ptr = NULL;
    b->len = b->cap = 0;
}

int fz_utf8_decode(const char *str, size_t *len) {
    /* a NUL is no continuation byte: the decoder stops there */
    return fz_utf8_cp(str, 4, len);
}

size_t fz_utf8_encode(int cp, char *out) {
    unsigned char *o = (unsigned char *)out;
    if (cp < 0x80) return o[0] = (unsigned char)cp, 1;
    if (cp < 0x800) {
        o[0] = (unsigned char)(0xC0 | (cp >> 6));
        o[1] = (unsigned char)(0x80 | (cp & 0x3F));
        return 2;
    }
    if (cp < 0x10000) {
        o[0] = (unsigned char)(0xE0 | (cp >> 12));
        o[1] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
        o[2] = (unsigned char)(0x80 | (cp & 0x3F));
        return 3;
    }
    o[0] = (unsigned char)(0xF0 | (cp >> 18));
    o[1] = (unsigned char)(0x80 | ((cp >> 12) & 0x3F));
    o[2] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
    o[3] = (unsigned char)(0x80 | (cp & 0x3F));
    return 4;
}

bool fz_is_control(const char *s, size_t cl) {
    unsigned char c = (unsigned char)s[0];
    return (cl == 1 && (c < 0x20 || c == 0x7F)) ||
           (cl == 2 && c == 0xC2 && (unsigned char)s[1] < 0xA0);
}

void fz_put_visible_char(fz_buf *b, const char *s, size_t cl) {
    unsigned char c = (unsigned char)s[0];
    char pic[4];
    if (cl == 1 && (c < 0x20 || c == 0x7F))
        fz_buf_put(b, pic, fz_utf8_encode(c == 0x7F ? 0x2421 : 0x2400 + c, pic));
    else if (cl == 2 && c == 0xC2 && (unsigned char)s[1] < 0xA0)
        fz_buf_put(b, "\xEF\xBF\xBD", 3);
    else
        fz_buf_put(b, s, cl);
}

void fz_buf_put_visible(fz_buf *b, const char *s, size_t n) {
    size_t run = 0; /* s[run, i) is copied as it is, in one put */
    for (size_t i = 0; i < n;) {
        /* paths may hold any bytes: an ill-formed one is copied as a single byte */
        unsigned char c = (unsigned char)s[i];
        size_t cl = c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
        if (i + cl > n) cl = n - i;
        if (fz_is_control(s + i, cl)) {
            fz_buf_put(b, s + run, i - run);
            fz_put_visible_char(b, s + i, cl);
            run = i + cl;
        }
        i += cl;
    }
    fz_buf_put(b, s + run, n - run);
}

void fz_expand(fz_buf *out, const char *tmpl, fz_expand_fn lookup, void *ctx) {
    fz_buf_puts(out, "");
    for (const char *s = tmpl; *s;) {
        const char *open = strchr(s, '{'), *close = open ? strchr(open, '}') : NULL;
        if (!open) {
            fz_buf_puts(out, s);
            break;
        }
        fz_buf_put(out, s, (size_t)(open - s));
        if (close && lookup(ctx, open + 1, (size_t)(close - open - 1), out)) {
            s = close + 1;
        } else {
            fz_buf_putc(out, '{');
            s = open + 1;
        }
    }
}

bool fz_vars_lookup(void *vars, const char *name, size_t len, fz_buf *out) {
    const fz_vars *vs = vars;
    for (size_t k = 0; k < vs->n; k++)
        if (strlen(vs->v[k].key) == len && memcmp(name, vs->v[k].key, len) == 0) {
            if (vs->v[k].val) fz_buf_puts(out, vs->v[k].val);
            return true;
        }
    return false;
}

void fz_buf_put_percent(fz_buf *b, const char *path) {
    for (const unsigned char *p = (const unsigned char *)path; *p; p++) {
        if ((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') ||
            strchr("-._~/", *p))
            fz_buf_putc(b, (char)*p);
        else
            fz_buf_printf(b, "%%%02X", *p);
    }
}
