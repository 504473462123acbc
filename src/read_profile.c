/* read_profile.c - the part of a pack's `document:` block that the readers of portal
 * pages and PDF files use (outline.h, fz_read_profile): merging packs and freeing. */
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#include "outline.h"
#include "utf8.h"

char *fz_read_norm(const char *s, size_t len) {
    fz_buf out = {0};
    const unsigned char *p = (const unsigned char *)s;
    for (size_t i = 0; i < len;) {
        size_t n = p[i] < 0x80 ? 1 : p[i] < 0xE0 ? 2 : p[i] < 0xF0 ? 3 : 4;
        if (n > len - i) n = len - i;
        size_t j = i;
        /* ASCII and U+4E00..U+9FFF (lead bytes E4..E9) are NFKC-stable: copied in runs */
        while (j < len && (p[j] < 0x80 || (p[j] >= 0xE4 && p[j] <= 0xE9 && j + 2 < len))) {
            if (p[j] >= 0x80 && (!fz_utf8_cont(p[j + 1]) || !fz_utf8_cont(p[j + 2]))) break;
            j += p[j] < 0x80 ? 1 : 3;
        }
        if (j > i) {
            fz_buf_put(&out, s + i, j - i);
            i = j;
            continue;
        }
        /* the usual punctuation of Chinese text, without asking utf8proc */
        int cp = n == 3 ? fz_utf8_decode(s + i, &n) : -1;
        if (cp >= 0xFF01 && cp <= 0xFF5E) { /* full-width forms: ASCII */
            fz_buf_putc(&out, (char)(cp - 0xFEE0));
            i += 3;
            continue;
        }
        if (cp == 0x3000) { /* ideographic space */
            fz_buf_putc(&out, ' ');
            i += 3;
            continue;
        }
        if ((cp >= 0x3001 && cp <= 0x3011) || (cp >= 0x2010 && cp <= 0x2027 && cp != 0x2024 &&
                                               cp != 0x2025 && cp != 0x2011 && cp != 0x2017)) {
            fz_buf_put(&out, s + i, 3); /* NFKC-stable (and … is kept) */
            i += 3;
            continue;
        }
        n = p[i] < 0x80 ? 1 : p[i] < 0xE0 ? 2 : p[i] < 0xF0 ? 3 : 4;
        if (n > len - i) n = len - i;
        utf8proc_uint8_t *m = NULL;
        utf8proc_ssize_t k = utf8proc_map(p + i, (utf8proc_ssize_t)n, &m,
                                          UTF8PROC_STABLE | UTF8PROC_COMPAT | UTF8PROC_COMPOSE);
        if (k > 0 && !(n == 3 && !memcmp(s + i, "\xE2\x80\xA6", 3))) /* … is kept */
            fz_buf_put(&out, m, (size_t)k);
        else
            fz_buf_put(&out, s + i, n);
        free(m);
        i += n;
    }
    return out.ptr ? fz_buf_detach(&out) : fz_xstrdup("");
}

static void S_strs_move(fz_strvec *dst, fz_strvec *src) {
    for (size_t i = 0; i < src->n; i++) fz_vec_push(dst, src->v[i]);
    fz_vec_free(src);
}

static void S_res_move(fz_regexvec *dst, fz_regexvec *src) {
    for (size_t i = 0; i < src->n; i++) fz_vec_push(dst, src->v[i]);
    fz_vec_free(src);
}

void fz_read_profile_merge(fz_read_profile *dst, fz_read_profile *src) {
    S_strs_move(&dst->containers, &src->containers);
    S_strs_move(&dst->title_meta, &src->title_meta);
    S_strs_move(&dst->published_meta, &src->published_meta);
    S_strs_move(&dst->source_meta, &src->source_meta);
    S_res_move(&dst->chrome, &src->chrome);
    S_res_move(&dst->running, &src->running);
    if (src->title_suffix) {
        fz_regex_free(dst->title_suffix);
        dst->title_suffix = src->title_suffix;
        src->title_suffix = NULL;
    }
}

static void S_strs_free(fz_strvec *v) {
    for (size_t i = 0; i < v->n; i++) free(v->v[i]);
    fz_vec_free(v);
}

static void S_res_free(fz_regexvec *v) {
    for (size_t i = 0; i < v->n; i++) fz_regex_free(v->v[i]);
    fz_vec_free(v);
}

void fz_read_profile_free(fz_read_profile *p) {
    S_strs_free(&p->containers);
    S_strs_free(&p->title_meta);
    S_strs_free(&p->published_meta);
    S_strs_free(&p->source_meta);
    S_res_free(&p->chrome);
    S_res_free(&p->running);
    fz_regex_free(p->title_suffix);
    memset(p, 0, sizeof *p);
}
