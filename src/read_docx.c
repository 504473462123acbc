/* read_docx.c - the .docx reader: word/document.xml's body a paragraph per line
 * (docx_walk.c), Title/heading styles, headers, footers, notes and comments as notes
 * for --outline, the core title as a property. */
#define _GNU_SOURCE /* memmem */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "docx.h"

#define DOCUMENT_PART "word/document.xml"

static bool S_is_zip(const unsigned char *b, size_t len) {
    return len >= 4 && b[0] == 'P' && b[1] == 'K' && b[2] == 3 && b[3] == 4;
}

static bool S_sniff(const unsigned char *bytes, size_t len, const char *path) {
    if (docx_ole_encrypted(bytes, len)) return true;
    if (!S_is_zip(bytes, len)) return false;
    /* the name breaks the tie: a .docx without its main part is a broken Word file */
    static const char odf[] = "mimetypeapplication/vnd.oasis.opendocument";
    size_t n = path ? strlen(path) : 0;
    if (n >= 5 && !strcasecmp(path + n - 5, ".docx") &&
        !memmem(bytes, len < 200 ? len : 200, odf, sizeof odf - 1))
        return true;
    return memmem(bytes, len, DOCUMENT_PART, sizeof DOCUMENT_PART - 1) != NULL;
}

void docx_encrypted_message(const char *path, fz_buf *err) {
    fz_buf_printf(err,
                  "fzlint: '%s': Word 文件已加密（设有打开密码），无法读取；请在 Word 或 WPS "
                  "中取消密码后另存，再检查\n",
                  path);
}

/* An optional part, parsed: NULL when absent; *failed on an error. */
static xmlDocPtr S_optional(docx_pkg *p, const char *name, bool *failed, fz_buf *err) {
    fz_buf data = {0};
    int got = docx_part(p, name, &data, err);
    xmlDocPtr d = got > 0 ? docx_parse(&data, p->path, name, err) : NULL;
    if (got < 0 || (got > 0 && !d)) *failed = true;
    fz_buf_free(&data);
    return d;
}

/* styles.xml holds table, character and latent styles too (python-docx's template: 350 KB,
 * 45 M instructions to parse whole).  Only the paragraph and numbering styles are read:
 * their <w:style> elements are cut out by their bytes (styles do not nest) and parsed as
 * one small part.  Anything unusual (another prefix, a DTD) parses the whole part. */
static bool S_slim_styles(const fz_buf *in, fz_buf *out) {
    static const char open[] = "<w:style ", close[] = "</w:style>";
    const char *s = in->ptr, *end = in->ptr + in->len;
    const char *root = memmem(s, in->len, "<w:styles", 9);
    const char *root_end = root ? memchr(root, '>', (size_t)(end - root)) : NULL;
    if (!root_end || memmem(s, (size_t)(root - s), "<!", 2)) return false;
    fz_buf_put(out, root, (size_t)(root_end - root) + 1);
    if (root_end[-1] == '/') return true; /* <w:styles/> */
    for (const char *p = root_end; (p = memmem(p, (size_t)(end - p), open, sizeof open - 1));) {
        const char *tag_end = memchr(p, '>', (size_t)(end - p));
        if (!tag_end) return false;
        const char *stop = tag_end[-1] == '/'
                               ? tag_end + 1
                               : memmem(tag_end, (size_t)(end - tag_end), close, sizeof close - 1);
        if (!stop) return false;
        if (stop != tag_end + 1) stop += sizeof close - 1;
        size_t tag_len = (size_t)(tag_end - p);
        bool wanted = !memmem(p, tag_len, "w:type=", 7) ||
                      memmem(p, tag_len, "w:type=\"paragraph\"", 18) ||
                      memmem(p, tag_len, "w:type=\"numbering\"", 18);
        if (wanted) fz_buf_put(out, p, (size_t)(stop - p));
        p = stop;
    }
    fz_buf_puts(out, "</w:styles>");
    return true;
}

static xmlDocPtr S_styles(docx_pkg *p, bool *failed, fz_buf *err) {
    fz_buf data = {0}, slim = {0};
    int got = docx_part(p, "word/styles.xml", &data, err);
    xmlDocPtr d = NULL;
    if (got > 0) {
        bool cut = S_slim_styles(&data, &slim);
        d = docx_parse(cut ? &slim : &data, p->path, "word/styles.xml", err);
    }
    if (got < 0 || (got > 0 && !d)) *failed = true;
    fz_buf_free(&data);
    fz_buf_free(&slim);
    return d;
}

int docx_load(docx_pkg *p, xmlDocPtr *doc, docx_fmt **fmt, fz_buf *err) {
    *doc = NULL;
    *fmt = NULL;
    bool failed = false;
    xmlDocPtr document = S_optional(p, DOCUMENT_PART, &failed, err);
    if (!document) {
        if (!failed)
            fz_buf_printf(err, "fzlint: '%s': ZIP 文件中没有 %s，不是 Word 文件，未读取\n", p->path,
                          DOCUMENT_PART);
        return -1;
    }
    xmlDocPtr styles = S_styles(p, &failed, err);
    xmlDocPtr numbering = failed ? NULL : S_optional(p, "word/numbering.xml", &failed, err);
    if (!failed) *fmt = docx_fmt_new(styles, numbering);
    if (styles) xmlFreeDoc(styles);
    if (numbering) xmlFreeDoc(numbering);
    if (failed) {
        xmlFreeDoc(document);
        return -1;
    }
    *doc = document;
    return 0;
}

static void S_note(fz_doc *doc, const char *kind, const char *prefix, fz_buf *text) {
    if (!text->len) return;
    fz_buf b = {0};
    if (prefix) fz_buf_printf(&b, "%s: ", prefix);
    fz_buf_put(&b, text->ptr, text->len);
    fz_vec_push(&doc->notes, ((fz_doc_note){kind, fz_buf_detach(&b)}));
    text->len = 0;
}

static bool S_name_is(const char *name, const char *stem) {
    size_t n = strlen(stem);
    if (strncmp(name, stem, n)) return false;
    name += n;
    while (*name >= '0' && *name <= '9') name++;
    return !strcmp(name, ".xml");
}

/* Headers and footers (each part one note), footnotes, endnotes, comments (each one). */
static int S_notes(docx_pkg *p, docx_fmt *fmt, fz_doc *doc, fz_buf *err) {
    static const struct {
        const char *stem, *kind;
    } hf[] = {{"word/header", "header"}, {"word/footer", "footer"}};
    bool failed = false;
    fz_buf text = {0};
    zip_int64_t n = zip_get_num_entries(p->zip, 0);
    for (size_t k = 0; k < 2 && !failed; k++)
        for (zip_int64_t i = 0; i < n && !failed; i++) {
            const char *name = zip_get_name(p->zip, (zip_uint64_t)i, 0);
            if (!name || !S_name_is(name, hf[k].stem)) continue;
            xmlDocPtr d = S_optional(p, name, &failed, err);
            if (!d) continue;
            docx_walk_flat(fmt, xmlDocGetRootElement(d), &text);
            S_note(doc, hf[k].kind, NULL, &text);
            xmlFreeDoc(d);
        }
    static const struct {
        const char *part, *element, *kind;
    } notes[] = {{"word/footnotes.xml", "footnote", "footnote"},
                 {"word/endnotes.xml", "endnote", "endnote"},
                 {"word/comments.xml", "comment", "comment"}};
    for (size_t k = 0; k < 3 && !failed; k++) {
        xmlDocPtr d = S_optional(p, notes[k].part, &failed, err);
        xmlNodePtr root = d ? xmlDocGetRootElement(d) : NULL;
        for (xmlNodePtr c = root ? root->children : NULL; c; c = c->next) {
            if (!docx_is(c, notes[k].element)) continue;
            const char *type = docx_attr(c, "type"); /* separators are not notes */
            if (type && strcmp(type, "normal")) continue;
            docx_walk_flat(fmt, c, &text);
            S_note(doc, notes[k].kind, k == 2 ? docx_attr(c, "author") : NULL, &text);
        }
        if (d) xmlFreeDoc(d);
    }
    fz_buf_free(&text);
    return failed ? -1 : 0;
}

/* docProps/core.xml's dc:title. */
static int S_core_title(docx_pkg *p, fz_doc *doc, fz_buf *err) {
    bool failed = false;
    xmlDocPtr d = S_optional(p, "docProps/core.xml", &failed, err);
    xmlNodePtr root = d ? xmlDocGetRootElement(d) : NULL;
    for (xmlNodePtr c = root ? root->children : NULL; c; c = c->next) {
        if (c->type != XML_ELEMENT_NODE || strcmp((const char *)c->name, "title")) continue;
        xmlChar *t = xmlNodeGetContent(c);
        const char *s = (const char *)t;
        while (s && (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r')) s++;
        size_t len = s ? strlen(s) : 0;
        while (len && strchr(" \t\r\n", s[len - 1])) len--;
        if (len) doc->title = fz_xstrndup(s, len);
        xmlFree(t);
        break;
    }
    if (d) xmlFreeDoc(d);
    return failed ? -1 : 0;
}

static int S_read(const unsigned char *bytes, size_t len, const char *path,
                  const fz_read_opts *opts, fz_doc *doc, fz_buf *err) {
    (void)opts;
    if (docx_ole_encrypted(bytes, len)) {
        docx_encrypted_message(path, err);
        return -1;
    }
    docx_pkg p;
    if (docx_open(&p, bytes, len, path, err) != 0) return -1;
    xmlDocPtr document;
    docx_fmt *fmt;
    int rc = docx_load(&p, &document, &fmt, err);
    if (rc == 0) {
        docx_walk w = {.fmt = fmt};
        doc->format = "docx";
        if (docx_walk_body(&w, document) != 0)
            doc->unreadable =
                fz_xstrdup("Word 文件没有正文（word/document.xml 中没有 w:body），未检查");
        doc->text = w.text;
        w.text = (fz_buf){0};
        doc->anchors.v = w.anchors.v, doc->anchors.n = w.anchors.n,
        doc->anchors.cap = w.anchors.cap;
        w.anchors.v = NULL, w.anchors.n = w.anchors.cap = 0;
        for (size_t i = 0; i < w.notes.n; i++) fz_vec_push(&doc->notes, w.notes.v[i]);
        w.notes.n = 0;
        docx_walk_free(&w);
        rc = S_notes(&p, fmt, doc, err);
        if (rc == 0) rc = S_core_title(&p, doc, err);
        xmlFreeDoc(document);
        docx_fmt_free(fmt);
    }
    docx_close(&p);
    return rc;
}

const fz_reader fz_reader_docx = {.name = "docx", .sniff = S_sniff, .read = S_read};
