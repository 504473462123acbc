/* text_decode.c - the text stage's decoders: bytes in any supported encoding to
 * well-formed UTF-8, each undecodable unit replaced and remembered. */
#include <errno.h>
#include <iconv.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "text_scan.h"

/* Stands in the iconv output for an undecodable unit; never produced by a valid conversion. */
#define S_MARK 0xFF

typedef FZ_VEC(unsigned short) S_byte_vec;

/* Whether p[0, len) is well-formed UTF-8 (NUL counts as well-formed); *has_nul tells. */
static bool S_utf8_valid(const unsigned char *p, size_t len, bool *has_nul) {
    bool nul = false;
    size_t i = 0;
    while (i < len) {
        unsigned char b = p[i];
        if (b < 0x80) {
            nul |= b == 0;
            i++;
            continue;
        }
        /* Hot path: E1..EC lead bytes (most of the BMP, all common Han) need no range check. */
        if (b >= 0xE1 && b <= 0xEC && len - i >= 3 && (p[i + 1] & 0xC0) == 0x80 &&
            (p[i + 2] & 0xC0) == 0x80) {
            i += 3;
            continue;
        }
        size_t l = fz_utf8_seq_len(p + i, len - i);
        if (!l) return false;
        i += l;
    }
    *has_nul = nul;
    return true;
}

bool fz_utf8_valid(const char *s, size_t len) {
    bool has_nul;
    return S_utf8_valid((const unsigned char *)s, len, &has_nul);
}

/* Whether ill-formed UTF-8 is still mostly UTF-8: well-formed multi-byte sequences
 * outnumber ill-formed bytes S_UTF8_MAJORITY to one.  GB18030 text holds a few valid
 * UTF-8 pairs by chance, but about five ill-formed bytes for each of them. */
#define S_UTF8_MAJORITY 8
static bool S_mostly_utf8(const unsigned char *p, size_t len) {
    size_t multi = 0, bad = 0;
    for (size_t i = 0; i < len;) {
        if (p[i] < 0x80) {
            i++;
            continue;
        }
        /* bytes that start no sequence (most GB18030 bytes are one of them) */
        size_t l = p[i] < 0xC2 || p[i] > 0xF4 ? 0 : fz_utf8_seq_len(p + i, len - i);
        if (l) {
            multi++;
            i += l;
        } else {
            bad++;
            i++;
        }
    }
    return multi >= S_UTF8_MAJORITY * bad;
}

/* Copies p[0, len) into t->src, replacing each ill-formed byte and each NUL by U+FFFD. */
static void S_sanitize(fz_text *t, fz_bad_vec *bad, const unsigned char *p, size_t len) {
    fz_buf out = {0};
    size_t i = 0, run = 0;
    while (i < len) {
        /* well-formed ASCII and Han without NUL, in blocks */
        if ((i = fz_scan_plain_run(p, i, len)) == len) break;
        size_t l = p[i] ? fz_utf8_seq_len(p + i, len - i) : 0;
        if (l) {
            i += l;
            continue;
        }
        fz_buf_put(&out, p + run, i - run);
        fz_vec_push(bad, ((fz_bad_byte){out.len, p[i]}));
        fz_buf_put(&out, "\xEF\xBF\xBD", 3);
        run = ++i;
    }
    fz_buf_put(&out, p + run, i - run);
    t->src_len = out.len;
    t->src = fz_buf_detach(&out);
}

/* Converts with iconv into *out; each undecodable unit of `unit` bytes becomes one
 * S_MARK byte and its first byte (a UTF-16 unit: its value) is pushed to marks.  False if iconv
 * lacks `from`. */
static bool S_iconv(const char *from, const unsigned char *in, size_t len, size_t unit, fz_buf *out,
                    S_byte_vec *marks) {
    iconv_t cd = iconv_open("UTF-8", from);
    if (cd == (iconv_t)-1) return false;
    char *ip = (char *)in;
    size_t ileft = len;
    while (ileft > 0) {
        size_t want = ileft + ileft / 2 + 16;
        if (out->cap - out->len < want + 1) {
            out->cap = out->len + want + 1;
            out->ptr = fz_xrealloc(out->ptr, out->cap);
        }
        char *op = out->ptr + out->len;
        size_t oleft = out->cap - out->len - 1;
        size_t r = iconv(cd, &ip, &ileft, &op, &oleft);
        out->len = (size_t)(op - out->ptr);
        if (r != (size_t)-1 || errno == E2BIG) continue;
        /* EILSEQ or EINVAL (truncated at the end): skip one unit and mark it. */
        size_t skip = ileft < unit ? ileft : unit;
        const unsigned char *u = (const unsigned char *)ip;
        /* a UTF-16 unit is named whole: 0xD800, not its first byte 0x00 */
        unsigned short value = skip < 2             ? u[0]
                               : strstr(from, "LE") ? u[0] | u[1] << 8
                                                    : u[0] << 8 | u[1];
        fz_vec_push(marks, unit == 2 ? value : u[0]);
        fz_buf_putc(out, (char)S_MARK);
        ip += skip;
        ileft -= skip;
        iconv(cd, NULL, NULL, NULL, NULL);
    }
    iconv_close(cd);
    if (out->ptr) out->ptr[out->len] = '\0';
    return true;
}

/* Decodes from `from` via iconv, each undecodable unit of `unit` bytes replaced, then
 * through the sanitizer for NULs and marks.  With majority, undecodable units must be
 * rare: multi-byte characters outnumber them S_UTF8_MAJORITY to one, or there are none.
 * Returns false (t untouched) when the conversion is unavailable or fails that test. */
static bool S_decode_iconv(fz_text *t, fz_bad_vec *bad, const char *from, const unsigned char *p,
                           size_t len, size_t unit, bool majority) {
    fz_buf mid = {0};
    S_byte_vec marks = {0};
    bool ok = S_iconv(from, p, len, unit, &mid, &marks);
    if (ok && majority && marks.n) {
        size_t multi = 0;
        for (size_t i = 0; i < mid.len; i++) {
            unsigned char b = (unsigned char)mid.ptr[i];
            multi += b >= 0xC0 && b != S_MARK;
        }
        ok = multi >= S_UTF8_MAJORITY * marks.n;
    }
    if (ok) {
        S_sanitize(t, bad, (const unsigned char *)mid.ptr, mid.len);
        /* iconv output is well-formed, so every 0xFF the sanitizer saw is one of our marks. */
        size_t k = 0;
        for (size_t i = 0; i < bad->n; i++)
            if (bad->v[i].byte == S_MARK && k < marks.n) bad->v[i].byte = marks.v[k++];
    }
    fz_buf_free(&mid);
    fz_vec_free(&marks);
    return ok;
}

void fz_text_transcode(fz_text *t, fz_bad_vec *bad, const unsigned char *p, size_t len) {
    bool has_nul = false;
    if (len >= 2 && ((p[0] == 0xFF && p[1] == 0xFE) || (p[0] == 0xFE && p[1] == 0xFF))) {
        const char *enc = p[0] == 0xFF ? "UTF-16LE" : "UTF-16BE";
        if (S_decode_iconv(t, bad, enc, p + 2, len - 2, 2, false)) {
            t->encoding = enc;
            return;
        }
    }
    if (len >= 3 && p[0] == 0xEF && p[1] == 0xBB && p[2] == 0xBF) {
        t->encoding = "UTF-8 (BOM)";
        S_sanitize(t, bad, p + 3, len - 3);
        return;
    }
    t->encoding = "UTF-8";
    if (S_utf8_valid(p, len, &has_nul)) {
        if (has_nul) {
            S_sanitize(t, bad, p, len);
        } else {
            t->src = fz_xstrndup((const char *)p, len);
            t->src_len = len;
        }
        return;
    }
    /* GB18030 accepts most byte soup, so a UTF-8 report with a few stray bytes would
     * otherwise decode as GB18030 mojibake. */
    if (S_mostly_utf8(p, len)) {
        S_sanitize(t, bad, p, len);
        return;
    }
    /* A GB18030 report with a pasted UTF-8 line keeps GB18030 for the rest. */
    if (S_decode_iconv(t, bad, "GB18030", p, len, 1, true)) {
        t->encoding = "GB18030";
        return;
    }
    S_sanitize(t, bad, p, len);
}
