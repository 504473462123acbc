/*
 * util.h - allocation that aborts on exhaustion, a growable byte buffer and a
 * growable vector.  Every stage builds strings with fz_buf and arrays with FZ_VEC.
 */
#ifndef FZ_UTIL_H
#define FZ_UTIL_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>

void *fz_xmalloc(size_t size);
/* Called (on the thread that ran out) before an allocation failure aborts the process:
 * the CLI closes its output there.  Several threads may call it. */
void fz_set_oom_handler(void (*handler)(void));
void *fz_xcalloc(size_t count, size_t size);
void *fz_xrealloc(void *ptr, size_t size);
char *fz_xstrdup(const char *s);
char *fz_xstrndup(const char *s, size_t n);

/* Growable byte buffer; ptr is NULL until the first put, then always NUL-terminated. */
typedef struct fz_buf {
    char *ptr;
    size_t len, cap;
} fz_buf;

void fz_buf_put(fz_buf *b, const void *data, size_t len);
void fz_buf_puts(fz_buf *b, const char *s);
void fz_buf_putc(fz_buf *b, char c);
void fz_buf_printf(fz_buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void fz_buf_vprintf(fz_buf *b, const char *fmt, va_list ap);
/* Hands the bytes to the caller (never NULL) and resets the buffer. */
char *fz_buf_detach(fz_buf *b);
void fz_buf_free(fz_buf *b);

/* A growable array of T: declare with FZ_VEC(T) name; zero-initialise. */
#define FZ_VEC(T)                                                                                  \
    struct {                                                                                       \
        T *v;                                                                                      \
        size_t n, cap;                                                                             \
    }
#define fz_vec_grow(vec)                                                                           \
    ((vec)->n == (vec)->cap ? ((vec)->cap = (vec)->cap ? (vec)->cap * 2 : 8,                       \
                               (vec)->v = fz_xrealloc((vec)->v, (vec)->cap * sizeof *(vec)->v))    \
                            : (vec)->v)
/* Appends x (an expression of type T) and evaluates to a pointer to the new slot. */
#define fz_vec_push(vec, x) (fz_vec_grow(vec), (vec)->v[(vec)->n] = (x), &(vec)->v[(vec)->n++])
#define fz_vec_free(vec)    (free((vec)->v), (vec)->v = NULL, (vec)->n = (vec)->cap = 0)

/* Message templates: {name} placeholders.  lookup appends the text of a name it knows
 * and returns true; a '{' that opens no known name stays as written. */
typedef bool (*fz_expand_fn)(void *ctx, const char *name, size_t len, fz_buf *out);
void fz_expand(fz_buf *out, const char *tmpl, fz_expand_fn lookup, void *ctx);
/* Named values for a template; fz_vars_lookup is an fz_expand_fn over a fz_vars. */
typedef struct fz_var {
    const char *key;
    char *val; /* NULL: empty */
} fz_var;
typedef struct fz_vars {
    const fz_var *v;
    size_t n;
} fz_vars;
bool fz_vars_lookup(void *vars, const char *name, size_t len, fz_buf *out);

/* Decodes one UTF-8 sequence of valid UTF-8 at s; stores its length in *len. */
int fz_utf8_decode(const char *s, size_t *len);
/* Encodes cp as UTF-8 into out (4 bytes room); returns the length. */
size_t fz_utf8_encode(int cp, char *out);

/* Control characters (C0, DEL, C1) must never reach a terminal from a report, a file
 * name or a pack: every text output shows them as one-cell pictures (U+2400 + code,
 * U+2421 for DEL, U+FFFD for C1).  s holds one character of cl bytes. */
bool fz_is_control(const char *s, size_t cl);
void fz_put_visible_char(fz_buf *b, const char *s, size_t cl);
/* Appends path with every byte outside RFC 3986 unreserved and '/' percent-encoded:
 * any bytes, a file name that is not UTF-8 too, survive exactly (file:// URLs, SARIF
 * URIs, JSON pathBytes). */
void fz_buf_put_percent(fz_buf *b, const char *path);
/* Appends s[0,n) (any bytes) with its control characters made visible. */
void fz_buf_put_visible(fz_buf *b, const char *s, size_t n);

#endif
