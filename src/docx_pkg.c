/* docx_pkg.c - a .docx as a ZIP package: parts inflated under size and ratio limits,
 * parsed by libxml2 with no DTD, no network and no entity expansion. */
#define _GNU_SOURCE /* memmem */
#include <libxml/parser.h>
#include <string.h>

#include "docx.h"

static const char *const S_wml[] = {"http://schemas.openxmlformats.org/wordprocessingml/2006/main",
                                    "http://purl.oclc.org/ooxml/wordprocessingml/main"};

int docx_open(docx_pkg *p, const unsigned char *bytes, size_t len, const char *path, fz_buf *err) {
    memset(p, 0, sizeof *p);
    p->path = path;
    zip_error_t ze;
    zip_error_init(&ze);
    zip_source_t *src = zip_source_buffer_create(bytes, len, 0, &ze);
    if (src) {
        p->zip = zip_open_from_source(src, ZIP_RDONLY, &ze);
        if (!p->zip) zip_source_free(src);
    }
    if (!p->zip) {
        fz_buf_printf(err, "fzlint: '%s': 不是完整的 Word 文件（ZIP 结构损坏：%s），未读取\n", path,
                      zip_error_strerror(&ze));
        zip_error_fini(&ze);
        return -1;
    }
    zip_error_fini(&ze);
    return 0;
}

void docx_close(docx_pkg *p) {
    if (p->zip) zip_discard(p->zip);
    p->zip = NULL;
}

int docx_part(docx_pkg *p, const char *name, fz_buf *out, fz_buf *err) {
    out->len = 0;
    zip_int64_t idx = zip_name_locate(p->zip, name, 0);
    if (idx < 0) return 0;
    zip_stat_t st;
    zip_stat_init(&st);
    if (zip_stat_index(p->zip, (zip_uint64_t)idx, 0, &st) != 0) {
        fz_buf_printf(err, "fzlint: '%s': 无法读取其中的 %s（%s），未读取\n", p->path, name,
                      zip_strerror(p->zip));
        return -1;
    }
    if (st.valid & ZIP_STAT_ENCRYPTION_METHOD && st.encryption_method != ZIP_EM_NONE) {
        fz_buf_printf(err, "fzlint: '%s': %s 已加密，无法读取；请去掉密码后另存再检查\n", p->path,
                      name);
        return -1;
    }
    /* The sizes the archive states are checked first, the bytes inflated after. */
    size_t limit = DOCX_MAX_PART;
    if (st.valid & ZIP_STAT_COMP_SIZE) {
        size_t by_ratio = (size_t)st.comp_size * DOCX_MAX_RATIO;
        if (by_ratio < DOCX_RATIO_FLOOR) by_ratio = DOCX_RATIO_FLOOR;
        if (by_ratio < limit) limit = by_ratio;
    }
    if (DOCX_MAX_TOTAL - p->total < limit) limit = DOCX_MAX_TOTAL - p->total;
    bool bomb = (st.valid & ZIP_STAT_SIZE) && st.size > limit;
    zip_file_t *f = bomb ? NULL : zip_fopen_index(p->zip, (zip_uint64_t)idx, 0);
    if (!bomb && !f) {
        fz_buf_printf(err, "fzlint: '%s': 无法读取其中的 %s（%s），未读取\n", p->path, name,
                      zip_strerror(p->zip));
        return -1;
    }
    char chunk[65536];
    zip_int64_t n = 0;
    while (!bomb && (n = zip_fread(f, chunk, sizeof chunk)) > 0) {
        if ((size_t)n > limit - out->len) {
            bomb = true;
            break;
        }
        fz_buf_put(out, chunk, (size_t)n);
    }
    if (bomb) {
        fz_buf_printf(err,
                      "fzlint: '%s': %s 解压后过大（超过 %zu MiB 或压缩比超过 %d:1，疑似 ZIP "
                      "炸弹），未读取\n",
                      p->path, name, limit >> 20, DOCX_MAX_RATIO);
    } else if (n < 0) {
        fz_buf_printf(err, "fzlint: '%s': 其中的 %s 已损坏（%s），未读取\n", p->path, name,
                      zip_file_strerror(f));
    }
    if (f) zip_fclose(f);
    if (bomb || n < 0) return -1;
    p->total += out->len;
    if (!out->ptr) fz_buf_put(out, "", 0);
    return 1;
}

/* Whether the prolog (before the root element) declares a DTD. */
static bool S_has_doctype(const char *s, size_t len) {
    size_t i = 0;
    if (len >= 3 && !memcmp(s, "\xEF\xBB\xBF", 3)) i = 3;
    while (i < len) {
        if (strchr(" \t\r\n", s[i])) {
            i++;
        } else if (len - i >= 2 && !memcmp(s + i, "<?", 2)) {
            const char *e = memmem(s + i, len - i, "?>", 2);
            if (!e) return false;
            i = (size_t)(e - s) + 2;
        } else if (len - i >= 4 && !memcmp(s + i, "<!--", 4)) {
            const char *e = memmem(s + i, len - i, "-->", 3);
            if (!e) return false;
            i = (size_t)(e - s) + 3;
        } else {
            return len - i >= 9 && !memcmp(s + i, "<!DOCTYPE", 9);
        }
    }
    return false;
}

xmlDocPtr docx_parse(const fz_buf *data, const char *path, const char *part, fz_buf *err) {
    /* Word never writes a DTD; one here can only declare entities (billion laughs, XXE) */
    if (S_has_doctype(data->ptr ? data->ptr : "", data->len)) {
        fz_buf_printf(err,
                      "fzlint: '%s': %s 含有 DTD（Word 文件中不会有，可能是恶意构造），未读取\n",
                      path, part);
        return NULL;
    }
    if (data->len > (size_t)0x7fffffff) {
        fz_buf_printf(err, "fzlint: '%s': %s 过大，未读取\n", path, part);
        return NULL;
    }
    xmlParserCtxtPtr ctx = xmlNewParserCtxt();
    if (!ctx) {
        fz_buf_printf(err, "fzlint: '%s': 内存不足，未读取\n", path);
        return NULL;
    }
    /* No XML_PARSE_NOENT (entities are not substituted), no DTDLOAD/DTDATTR (nothing is
     * fetched), NONET, and the parser's own errors are not printed. */
    int opts = XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING | XML_PARSE_NOCDATA |
               XML_PARSE_COMPACT; /* small text nodes inline: fewer allocations */
    xmlDocPtr doc =
        xmlCtxtReadMemory(ctx, data->ptr ? data->ptr : "", (int)data->len, part, NULL, opts);
    if (!doc) {
        const xmlError *e = xmlCtxtGetLastError(ctx);
        const char *msg = e && e->message ? e->message : "?";
        fz_buf_printf(err, "fzlint: '%s': %s 不是合格的 XML（第 %d 行第 %d 列：%.*s），未读取\n",
                      path, part, e ? e->line : 0, e ? e->int2 : 0, (int)strcspn(msg, "\n"), msg);
    } else if (doc->intSubset || doc->extSubset) {
        fz_buf_printf(err,
                      "fzlint: '%s': %s 含有 DTD（Word 文件中不会有，可能是恶意构造），未读取\n",
                      path, part);
        xmlFreeDoc(doc);
        doc = NULL;
    }
    xmlFreeParserCtxt(ctx);
    return doc;
}

bool docx_is_ole(const unsigned char *b, size_t len) {
    static const unsigned char magic[8] = {0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1};
    return len >= 512 && memcmp(b, magic, 8) == 0;
}

bool docx_ole_encrypted(const unsigned char *b, size_t len) {
    /* The directory entry's name, UTF-16LE: E\0n\0c\0r\0y\0p\0t\0i\0o\0n\0I\0n\0f\0o\0 */
    static const char name[] = "EncryptionInfo";
    unsigned char u16[2 * (sizeof name - 1)];
    for (size_t i = 0; i + 1 < sizeof name; i++)
        u16[2 * i] = (unsigned char)name[i], u16[2 * i + 1] = 0;
    return docx_is_ole(b, len) && memmem(b, len, u16, sizeof u16) != NULL;
}

bool docx_is(const xmlNode *n, const char *local) {
    if (!n || n->type != XML_ELEMENT_NODE || strcmp((const char *)n->name, local) != 0)
        return false;
    if (!n->ns || !n->ns->href) return false;
    const char *href = (const char *)n->ns->href;
    return strcmp(href, S_wml[0]) == 0 || strcmp(href, S_wml[1]) == 0;
}

const char *docx_attr(const xmlNode *n, const char *local) {
    if (!n) return NULL;
    for (const xmlAttr *a = n->properties; a; a = a->next)
        if (strcmp((const char *)a->name, local) == 0 && a->children &&
            a->children->type == XML_TEXT_NODE)
            return (const char *)a->children->content;
    return NULL;
}

xmlNodePtr docx_child(const xmlNode *n, const char *local) {
    if (!n) return NULL;
    for (xmlNodePtr c = n->children; c; c = c->next)
        if (docx_is(c, local)) return c;
    return NULL;
}
