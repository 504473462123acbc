/* fix.c - --fix and --diff: fixes applied, encoded back, diffed, and written atomically. */
#include "fix.h"

#include <errno.h>
#include <fcntl.h>
#include <iconv.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "rules.h"

typedef struct S_edit {
    size_t start, end;
    const char *with;
} S_edit;

static int S_cmp_edit(const void *a, const void *b) {
    const S_edit *x = a, *y = b;
    if (x->start != y->start) return x->start < y->start ? -1 : 1;
    return x->end < y->end ? -1 : x->end > y->end;
}

static bool S_fixable(const fz_diag *d, const fz_ruleset *rs, const fz_report *r) {
    if (!d->fix || d->suppressed || d->end > r->text.src_len) return false;
    const fz_rule *rule = rs ? fz_ruleset_find(rs, d->rule_id) : NULL;
    if (!rule || !rule->fix) return false;
    const char *s = r->text.src + d->start;
    size_t n = d->end - d->start;
    if (memchr(s, '\n', n) || memchr(s, '\r', n) || strchr(d->fix, '\n') || strchr(d->fix, '\r'))
        return false; /* a fix never adds, removes or joins lines */
    return strlen(d->fix) != n || memcmp(s, d->fix, n) != 0;
}

size_t fz_fix_apply(const fz_report *r, const fz_ruleset *rs, fz_buf *out) {
    FZ_VEC(S_edit) edits = {0};
    for (size_t i = 0; i < r->diags.n; i++) {
        const fz_diag *d = &r->diags.v[i];
        if (S_fixable(d, rs, r)) fz_vec_push(&edits, ((S_edit){d->start, d->end, d->fix}));
    }
    if (edits.n) qsort(edits.v, edits.n, sizeof *edits.v, S_cmp_edit);
    out->len = 0;
    size_t at = 0, applied = 0, last_start = SIZE_MAX;
    for (size_t i = 0; i < edits.n; i++) {
        const S_edit *e = &edits.v[i];
        /* the first fix by position wins; the same insertion point is taken once */
        if (e->start < at || (e->start == e->end && e->start == last_start)) continue;
        last_start = e->start;
        fz_buf_put(out, r->text.src + at, e->start - at);
        fz_buf_puts(out, e->with);
        at = e->end;
        applied++;
    }
    fz_buf_put(out, r->text.src + at, r->text.src_len - at);
    fz_vec_free(&edits);
    return applied;
}

static const struct {
    const char *name, *iconv_name, *bom;
    size_t bom_len;
} S_encodings[] = {
    {"UTF-8", NULL, "", 0},
    {"UTF-8 (BOM)", NULL, "\xEF\xBB\xBF", 3},
    {"UTF-16LE", "UTF-16LE", "\xFF\xFE", 2},
    {"UTF-16BE", "UTF-16BE", "\xFE\xFF", 2},
    {"GB18030", "GB18030", "", 0},
};

int fz_fix_encode(const char *encoding, const char *s, size_t len, fz_buf *out) {
    size_t k = 0, n = sizeof S_encodings / sizeof *S_encodings;
    while (k < n && strcmp(S_encodings[k].name, encoding ? encoding : "")) k++;
    if (k == n) return -1;
    out->len = 0;
    fz_buf_put(out, S_encodings[k].bom, S_encodings[k].bom_len);
    if (!S_encodings[k].iconv_name) {
        fz_buf_put(out, s, len);
        return 0;
    }
    iconv_t cd = iconv_open(S_encodings[k].iconv_name, "UTF-8");
    if (cd == (iconv_t)-1) return -1;
    char *ip = (char *)s;
    size_t ileft = len;
    int rc = 0;
    while (ileft > 0) {
        char chunk[4096], *op = chunk;
        size_t oleft = sizeof chunk;
        size_t got = iconv(cd, &ip, &ileft, &op, &oleft);
        fz_buf_put(out, chunk, sizeof chunk - oleft);
        if (got == (size_t)-1 && errno != E2BIG) {
            rc = -1;
            break;
        }
    }
    iconv_close(cd);
    return rc;
}

bool fz_fix_roundtrips(const fz_report *r, const unsigned char *bytes, size_t len,
                       const char **why) {
    if (r->text.binary || r->text.nbad) {
        *why = "含有无法解码的字节，修改会丢失它们";
        return false;
    }
    fz_buf again = {0};
    bool same = fz_fix_encode(r->text.encoding, r->text.src, r->text.src_len, &again) == 0 &&
                again.len == len && memcmp(again.ptr ? again.ptr : "", bytes, len) == 0;
    fz_buf_free(&again);
    if (!same) *why = "按原编码写回时不能逐字节还原未修改的部分";
    return same;
}

/* ---- the diff ------------------------------------------------------------------------ */

typedef FZ_VEC(size_t) S_lines;

static void S_split(const char *s, size_t n, S_lines *starts) {
    fz_vec_push(starts, (size_t)0);
    for (size_t i = 0; i < n; i++)
        if (s[i] == '\n' && i + 1 < n) fz_vec_push(starts, i + 1);
    if (n == 0) starts->n = 0;
}

static void S_line(fz_buf *out, char tag, const char *s, const S_lines *ls, size_t total,
                   size_t i) {
    size_t a = ls->v[i], b = i + 1 < ls->n ? ls->v[i + 1] : total;
    fz_buf_putc(out, tag);
    fz_buf_put(out, s + a, b - a);
    if (b == a || s[b - 1] != '\n') fz_buf_puts(out, "\n\\ No newline at end of file\n");
}

typedef struct S_side {
    const char *s;
    size_t len;
    S_lines ls;
} S_side;

static bool S_same(const S_side *o, const S_side *n, size_t i) {
    size_t oa = o->ls.v[i], ob = i + 1 < o->ls.n ? o->ls.v[i + 1] : o->len;
    size_t na = n->ls.v[i], nb = i + 1 < n->ls.n ? n->ls.v[i + 1] : n->len;
    return ob - oa == nb - na && !memcmp(o->s + oa, n->s + na, ob - oa);
}

void fz_fix_diff(const char *path, const char *old_text, size_t old_len, const char *new_text,
                 size_t new_len, fz_buf *out) {
    S_side o = {old_text, old_len, {0}}, n = {new_text, new_len, {0}};
    S_split(old_text, old_len, &o.ls);
    S_split(new_text, new_len, &n.ls);
    size_t lines = o.ls.n < n.ls.n ? o.ls.n : n.ls.n, ctx = 3;
    bool header = false;
    for (size_t i = 0; i < lines;) {
        if (S_same(&o, &n, i)) {
            i++;
            continue;
        }
        /* a hunk: changed lines closer than 2 * ctx apart share one */
        size_t last = i, same_run = 0;
        for (size_t j = i + 1; j < lines && same_run <= 2 * ctx; j++) {
            if (S_same(&o, &n, j)) {
                same_run++;
            } else {
                last = j;
                same_run = 0;
            }
        }
        size_t from = i >= ctx ? i - ctx : 0, to = last + ctx + 1 < lines ? last + ctx + 1 : lines;
        if (!header) {
            fz_buf_printf(out, "--- %s\n+++ %s\n", path, path);
            header = true;
        }
        fz_buf_printf(out, "@@ -%zu,%zu +%zu,%zu @@\n", from + 1, to - from, from + 1, to - from);
        for (size_t k = from; k < to; k++) {
            if (S_same(&o, &n, k)) {
                S_line(out, ' ', old_text, &o.ls, old_len, k);
            } else {
                S_line(out, '-', old_text, &o.ls, old_len, k);
                S_line(out, '+', new_text, &n.ls, new_len, k);
            }
        }
        i = to;
    }
    fz_vec_free(&o.ls);
    fz_vec_free(&n.ls);
}

/* ---- writing ------------------------------------------------------------------------- */

int fz_fix_write(const char *path, const fz_buf *bytes, const struct stat *before, fz_buf *err) {
    char *real = realpath(path, NULL);
    struct stat st;
    if (!real || stat(real, &st) != 0) {
        fz_buf_printf(err, "fzlint: cannot fix '%s': %s\n", path, strerror(errno));
        free(real);
        return -1;
    }
    const char *refuse = NULL;
    if (!S_ISREG(st.st_mode))
        refuse = "not a regular file";
    else if (!(st.st_mode & (S_IWUSR | S_IWGRP | S_IWOTH)) || access(real, W_OK) != 0)
        refuse = "the file is read-only";
    else if (st.st_nlink > 1)
        refuse = "the file has several hard links (fix a copy)";
    else if (before && (st.st_size != before->st_size || st.st_ino != before->st_ino ||
                        st.st_mtim.tv_sec != before->st_mtim.tv_sec ||
                        st.st_mtim.tv_nsec != before->st_mtim.tv_nsec))
        refuse = "the file changed while it was checked";
    if (refuse) {
        fz_buf_printf(err, "fzlint: cannot fix '%s': %s; left unchanged\n", path, refuse);
        free(real);
        return -1;
    }
    fz_buf tmp = {0};
    fz_buf_printf(&tmp, "%s.fzlint-XXXXXX", real);
    int fd = mkstemp(tmp.ptr);
    int rc = -1;
    if (fd < 0) {
        fz_buf_printf(err, "fzlint: cannot fix '%s': cannot create a file beside it: %s\n", path,
                      strerror(errno));
        goto out;
    }
    const char *p = bytes->ptr ? bytes->ptr : "";
    size_t left = bytes->len;
    while (left > 0) {
        ssize_t w = write(fd, p, left);
        if (w < 0 && errno == EINTR) continue;
        if (w <= 0) break;
        p += w;
        left -= (size_t)w;
    }
    /* the owner first: fchown may clear set-id bits that fchmod then restores */
    if (fchown(fd, st.st_uid, st.st_gid) != 0) { /* not ours to give: keep our own */
    }
    if (left > 0 || fchmod(fd, st.st_mode & 07777) != 0 || fsync(fd) != 0) {
        fz_buf_printf(err, "fzlint: cannot fix '%s': writing failed: %s; left unchanged\n", path,
                      strerror(errno ? errno : EIO));
        close(fd);
        unlink(tmp.ptr);
        goto out;
    }
    if (close(fd) != 0 || rename(tmp.ptr, real) != 0) {
        fz_buf_printf(err, "fzlint: cannot fix '%s': %s; left unchanged\n", path, strerror(errno));
        unlink(tmp.ptr);
        goto out;
    }
    /* the rename itself made durable: flush the folder that holds it */
    char *slash = strrchr(real, '/');
    if (slash) {
        *slash = '\0';
        int dfd = open(slash == real ? "/" : real, O_RDONLY | O_DIRECTORY);
        if (dfd >= 0) {
            (void)fsync(dfd);
            close(dfd);
        }
    }
    rc = 0;
out:
    fz_buf_free(&tmp);
    free(real);
    return rc;
}

/* ---- one file ------------------------------------------------------------------------ */

long fz_fix_file(const char *path, const unsigned char *bytes, size_t len, const struct stat *st,
                 bool write, const fz_ruleset *rs, int year_override, fz_matcher *m, fz_buf *diff,
                 fz_buf *err) {
    if (write && !st) {
        fz_buf_printf(err, "fzlint: cannot fix standard input in place (use --diff)\n");
        return -1;
    }
    fz_report r;
    fz_report_check_every(&r, path, bytes, len, rs, year_override, m);
    fz_buf text = {0};
    size_t applied = fz_fix_apply(&r, rs, &text);
    const char *why = NULL;
    long rc = (long)applied;
    fz_buf encoded = {0};
    if (!fz_fix_roundtrips(&r, bytes, len, &why)) { /* even with nothing to fix: say so */
        fz_buf_printf(err, "fzlint: cannot fix '%s': %s; left unchanged\n", path, why);
        rc = -1;
    } else if (applied && fz_fix_encode(r.text.encoding, text.ptr, text.len, &encoded) != 0) {
        fz_buf_printf(err,
                      "fzlint: cannot fix '%s': the fixed text cannot be written as %s; "
                      "left unchanged\n",
                      path, r.text.encoding);
        rc = -1;
    } else if (applied && write) {
        if (fz_fix_write(path, &encoded, st, err) != 0) rc = -1;
    } else if (applied) {
        fz_fix_diff(path, r.text.src, r.text.src_len, text.ptr, text.len, diff);
    }
    fz_buf_free(&encoded);
    fz_buf_free(&text);
    fz_report_free(&r);
    return rc;
}
