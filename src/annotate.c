/* annotate.c - `--annotate`: a copy of the .docx with a comment per finding.  The body is
 * walked as the reader walked it (docx_walk.c), runs are split at the findings' bounds,
 * and w:commentRangeStart/End and a w:commentReference run are put around each span;
 * word/comments.xml, its relationship and its content type are added when absent. */
#include "annotate.h"

#include <libxml/tree.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "docx.h"

#define W_NS         "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
#define REL_NS       "http://schemas.openxmlformats.org/package/2006/relationships"
#define CT_NS        "http://schemas.openxmlformats.org/package/2006/content-types"
#define REL_TYPE     "http://schemas.openxmlformats.org/officeDocument/2006/relationships/comments"
#define CT_COMMENTS  "application/vnd.openxmlformats-officedocument.wordprocessingml.comments+xml"
#define MAX_COMMENTS 100000

typedef struct S_span {
    size_t s, e; /* in the text; s == e: a point (an empty paragraph) */
    const fz_diag *d;
    int id;
} S_span;

static int S_cmp_desc(const void *a, const void *b) {
    size_t x = *(const size_t *)a, y = *(const size_t *)b;
    return x < y ? 1 : x > y ? -1 : 0;
}

/* The concatenated text of a w:t. */
static char *S_t_text(const xmlNode *t) {
    fz_buf b = {0};
    for (const xmlNode *k = t->children; k; k = k->next)
        if ((k->type == XML_TEXT_NODE || k->type == XML_CDATA_SECTION_NODE) && k->content)
            fz_buf_puts(&b, (const char *)k->content);
    if (!b.ptr) fz_buf_put(&b, "", 0);
    return fz_buf_detach(&b);
}

static void S_set_t_text(xmlNodePtr t, const char *s, size_t n) {
    while (t->children) {
        xmlNodePtr k = t->children;
        xmlUnlinkNode(k);
        xmlFreeNode(k);
    }
    xmlAddChild(t, xmlNewDocTextLen(t->doc, (const xmlChar *)s, (int)n));
    xmlNodeSetSpacePreserve(t, 1);
}

/* Splits the run holding w:t t so that a new run starts at byte k of t's text. */
static void S_split(xmlNodePtr t, size_t k) {
    xmlNodePtr run = t->parent;
    char *text = S_t_text(t);
    size_t n = strlen(text);
    if (k == 0 || k >= n || !run) {
        free(text);
        return;
    }
    xmlNodePtr r2 = xmlNewDocNode(run->doc, run->ns, (const xmlChar *)"r", NULL);
    xmlNodePtr rpr = docx_child(run, "rPr");
    if (rpr) xmlAddChild(r2, xmlDocCopyNode(rpr, run->doc, 1));
    xmlNodePtr t2 = xmlNewDocNode(run->doc, t->ns, (const xmlChar *)"t", NULL);
    xmlAddChild(r2, t2);
    S_set_t_text(t2, text + k, n - k);
    while (t->next) { /* what follows the w:t in its run moves to the new run */
        xmlNodePtr m = t->next;
        xmlUnlinkNode(m);
        xmlAddChild(r2, m);
    }
    S_set_t_text(t, text, k);
    xmlAddNextSibling(run, r2);
    free(text);
}

/* The ancestor of n that is a child of its w:p (markers go there: always valid). */
static xmlNodePtr S_in_para(xmlNodePtr n, xmlNodePtr para) {
    while (n && n->parent && n->parent != para) n = n->parent;
    return n;
}

static xmlNodePtr S_marker(xmlNodePtr para, const char *name, int id) {
    xmlNodePtr m = xmlNewDocNode(para->doc, para->ns, (const xmlChar *)name, NULL);
    char v[24];
    snprintf(v, sizeof v, "%d", id);
    xmlNewNsProp(m, para->ns, (const xmlChar *)"id", (const xmlChar *)v);
    return m;
}

/* Where paragraph content starts: after w:pPr. */
static void S_put_first(xmlNodePtr para, xmlNodePtr m) {
    xmlNodePtr ppr = docx_child(para, "pPr");
    if (ppr)
        xmlAddNextSibling(ppr, m);
    else if (para->children)
        xmlAddPrevSibling(para->children, m);
    else
        xmlAddChild(para, m);
}

/* The piece holding text offset off (the first starting there when several touch it). */
static const docx_piece *S_piece_at(const docx_walk *w, size_t off) {
    size_t lo = 0, hi = w->pieces.n;
    while (lo < hi) { /* first piece ending after off */
        size_t mid = (lo + hi) / 2;
        const docx_piece *p = &w->pieces.v[mid];
        if (p->off + p->len <= off)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < w->pieces.n && w->pieces.v[lo].off <= off ? &w->pieces.v[lo] : NULL;
}

/* Puts the range markers and the reference run of one comment into the body. */
static void S_anchor(const docx_walk *w, const fz_text *t, const S_span *sp) {
    size_t ls = fz_text_line_of(t, sp->s), le = sp->e > sp->s ? fz_text_line_of(t, sp->e - 1) : ls;
    const docx_piece *a = S_piece_at(w, sp->s);
    const docx_piece *z = sp->e > sp->s ? S_piece_at(w, sp->e - 1) : NULL;
    xmlNodePtr apara = a ? a->para : w->paras.v[ls];
    xmlNodePtr zpara = z ? z->para : w->paras.v[le];
    xmlNodePtr start = S_marker(apara, "commentRangeStart", sp->id);
    if (a && a->t)
        xmlAddPrevSibling(S_in_para(a->t, a->para), start);
    else
        S_put_first(apara, start);
    xmlNodePtr end = S_marker(zpara, "commentRangeEnd", sp->id);
    if (z && z->t)
        xmlAddNextSibling(S_in_para(z->t, z->para), end);
    else if (zpara == apara || !z)
        xmlAddNextSibling(start, end); /* a label or an empty paragraph */
    else
        S_put_first(zpara, end);
    xmlNodePtr ref = xmlNewDocNode(zpara->doc, zpara->ns, (const xmlChar *)"r", NULL);
    xmlAddChild(ref, S_marker(zpara, "commentReference", sp->id));
    xmlAddNextSibling(end, ref);
}

static void S_comment_para(xmlNodePtr c, const char *text) {
    xmlNodePtr p = xmlNewChild(c, c->ns, (const xmlChar *)"p", NULL);
    xmlNodePtr r = xmlNewChild(p, c->ns, (const xmlChar *)"r", NULL);
    xmlNodePtr t = xmlNewDocNode(c->doc, c->ns, (const xmlChar *)"t", NULL);
    xmlAddChild(r, t);
    S_set_t_text(t, text, strlen(text));
}

static void S_add_comment(xmlNodePtr root, const S_span *sp) {
    const fz_diag *d = sp->d;
    xmlNodePtr c = xmlNewChild(root, root->ns, (const xmlChar *)"comment", NULL);
    char id[24];
    snprintf(id, sizeof id, "%d", sp->id);
    xmlNewNsProp(c, root->ns, (const xmlChar *)"id", (const xmlChar *)id);
    xmlNewNsProp(c, root->ns, (const xmlChar *)"author", (const xmlChar *)"fzlint");
    xmlNewNsProp(c, root->ns, (const xmlChar *)"initials", (const xmlChar *)"fz");
    static const char *const level[] = {"提示", "警告", "错误"};
    fz_buf b = {0};
    fz_buf_printf(&b, "【%s】%s（%s）", level[d->level], d->message ? d->message : "", d->rule_id);
    S_comment_para(c, b.ptr);
    if (d->authority) {
        b.len = 0;
        fz_buf_printf(&b, "依据：%s", d->authority);
        S_comment_para(c, b.ptr);
    }
    if (d->fix) {
        b.len = 0;
        fz_buf_printf(&b, "建议：改为“%s”", d->fix);
        S_comment_para(c, b.ptr);
    }
    fz_buf_free(&b);
}

/* The largest w:id among comments and comment ranges already there. */
static int S_max_id(const xmlNode *n, int depth, int max) {
    for (const xmlNode *c = n ? n->children : NULL; c && depth < 256; c = c->next) {
        if (c->type != XML_ELEMENT_NODE) continue;
        if (docx_is(c, "comment") || docx_is(c, "commentRangeStart") ||
            docx_is(c, "commentReference")) {
            const char *v = docx_attr(c, "id");
            long id = v ? strtol(v, NULL, 10) : 0;
            if (id > max && id < 1000000000) max = (int)id;
        }
        max = S_max_id(c, depth + 1, max);
    }
    return max;
}

static xmlDocPtr S_new_doc(const char *root, const char *ns) {
    xmlDocPtr d = xmlNewDoc((const xmlChar *)"1.0");
    xmlNodePtr r = xmlNewDocNode(d, NULL, (const xmlChar *)root, NULL);
    xmlNsPtr n =
        xmlNewNs(r, (const xmlChar *)ns, (const xmlChar *)(strcmp(root, "comments") ? NULL : "w"));
    xmlSetNs(r, n);
    xmlDocSetRootElement(d, r);
    d->standalone = 1;
    return d;
}

/* Adds the comments part's relationship and content type when they are absent. */
static void S_register(xmlDocPtr rels, xmlDocPtr types) {
    xmlNodePtr root = xmlDocGetRootElement(rels);
    bool have = false;
    int n = 0;
    for (xmlNodePtr c = root->children; c; c = c->next) {
        if (c->type != XML_ELEMENT_NODE) continue;
        n++;
        xmlChar *t = xmlGetProp(c, (const xmlChar *)"Type");
        if (t && !strcmp((const char *)t, REL_TYPE)) have = true;
        xmlFree(t);
    }
    if (!have) {
        xmlNodePtr r = xmlNewChild(root, root->ns, (const xmlChar *)"Relationship", NULL);
        char id[32];
        snprintf(id, sizeof id, "rIdFzlint%d", n + 1);
        xmlNewProp(r, (const xmlChar *)"Id", (const xmlChar *)id);
        xmlNewProp(r, (const xmlChar *)"Type", (const xmlChar *)REL_TYPE);
        xmlNewProp(r, (const xmlChar *)"Target", (const xmlChar *)"comments.xml");
    }
    root = xmlDocGetRootElement(types);
    for (xmlNodePtr c = root->children; c; c = c->next) {
        if (c->type != XML_ELEMENT_NODE) continue;
        xmlChar *part = xmlGetProp(c, (const xmlChar *)"PartName");
        bool found = part && !strcmp((const char *)part, "/word/comments.xml");
        xmlFree(part);
        if (found) return;
    }
    xmlNodePtr o = xmlNewChild(root, root->ns, (const xmlChar *)"Override", NULL);
    xmlNewProp(o, (const xmlChar *)"PartName", (const xmlChar *)"/word/comments.xml");
    xmlNewProp(o, (const xmlChar *)"ContentType", (const xmlChar *)CT_COMMENTS);
}

typedef struct S_out_part {
    const char *name;
    xmlChar *data;
    int len;
} S_out_part;

/* Writes the new package: changed parts replaced, new ones added, the rest copied. */
static int S_write(docx_pkg *p, S_out_part *parts, size_t nparts, const char *out_path,
                   const char *path, fz_buf *err) {
    int zerr = 0;
    zip_t *dst = zip_open(out_path, ZIP_CREATE | ZIP_TRUNCATE, &zerr);
    if (!dst) {
        zip_error_t ze;
        zip_error_init_with_code(&ze, zerr);
        fz_buf_printf(err, "fzlint: '%s': 无法写入批注版 '%s'：%s\n", path, out_path,
                      zip_error_strerror(&ze));
        zip_error_fini(&ze);
        return -1;
    }
    bool *done = fz_xcalloc(nparts ? nparts : 1, sizeof *done);
    zip_int64_t n = zip_get_num_entries(p->zip, 0);
    int rc = 0;
    for (zip_int64_t i = 0; i < n && rc == 0; i++) {
        const char *name = zip_get_name(p->zip, (zip_uint64_t)i, 0);
        if (!name) continue;
        zip_source_t *s = NULL;
        for (size_t k = 0; k < nparts; k++)
            if (!strcmp(parts[k].name, name)) {
                s = zip_source_buffer(dst, parts[k].data, (zip_uint64_t)parts[k].len, 0);
                done[k] = true;
            }
        if (!s) s = zip_source_zip(dst, p->zip, (zip_uint64_t)i, 0, 0, -1);
        if (!s || zip_file_add(dst, name, s, ZIP_FL_ENC_UTF_8) < 0) {
            if (s) zip_source_free(s);
            rc = -1;
        }
    }
    for (size_t k = 0; k < nparts && rc == 0; k++) {
        if (done[k]) continue;
        zip_source_t *s = zip_source_buffer(dst, parts[k].data, (zip_uint64_t)parts[k].len, 0);
        if (!s || zip_file_add(dst, parts[k].name, s, ZIP_FL_ENC_UTF_8) < 0) {
            if (s) zip_source_free(s);
            rc = -1;
        }
    }
    free(done);
    if (rc == 0 && zip_close(dst) != 0) rc = -1;
    if (rc != 0) {
        fz_buf_printf(err, "fzlint: '%s': 无法写入批注版 '%s'：%s\n", path, out_path,
                      zip_strerror(dst));
        zip_discard(dst);
    }
    return rc;
}

/* A part to change: parsed, or a new document when the package lacks it. */
static xmlDocPtr S_part(docx_pkg *p, const char *name, const char *root, const char *ns,
                        bool *failed, fz_buf *err) {
    fz_buf data = {0};
    int got = docx_part(p, name, &data, err);
    xmlDocPtr d = got > 0 ? docx_parse(&data, p->path, name, err) : NULL;
    fz_buf_free(&data);
    if (got < 0 || (got > 0 && !d)) *failed = true;
    xmlNodePtr r = d ? xmlDocGetRootElement(d) : NULL;
    if (d && (!r || strcmp((const char *)r->name, root))) {
        fz_buf_printf(err, "fzlint: '%s': %s 的根元素不是 %s，未写批注版\n", p->path, name, root);
        xmlFreeDoc(d);
        *failed = true;
        return NULL;
    }
    return d ? d : *failed ? NULL : S_new_doc(root, ns);
}

static bool S_same_file(const char *a, const char *b) {
    struct stat sa, sb;
    return strcmp(a, "-") && stat(a, &sa) == 0 && stat(b, &sb) == 0 && sa.st_dev == sb.st_dev &&
           sa.st_ino == sb.st_ino;
}

int fz_annotate_docx(const unsigned char *bytes, size_t len, const char *path, const fz_report *r,
                     fz_level min_level, const char *out_path, fz_buf *err) {
    /* a converted file: the copy is made of the .docx LibreOffice made */
    if (r->doc.package.ptr) {
        bytes = (const unsigned char *)r->doc.package.ptr;
        len = r->doc.package.len;
    } else if (!r->doc.format || strcmp(r->doc.format, "docx") != 0) {
        fz_buf_printf(err,
                      "fzlint: '%s': --annotate 只能为 Word 文件写批注版（此文件按 %s 读取）\n",
                      path, r->doc.format ? r->doc.format : "txt");
        return -1;
    }
    if (S_same_file(path, out_path)) {
        fz_buf_printf(err, "fzlint: '%s': --annotate 的输出不能是输入文件本身\n", path);
        return -1;
    }
    docx_pkg p;
    if (docx_open(&p, bytes, len, path, err) != 0) return -1;
    xmlDocPtr doc = NULL, comments = NULL, rels = NULL, types = NULL;
    docx_fmt *fmt = NULL;
    docx_walk w = {0};
    S_span *spans = NULL;
    size_t *bounds = NULL, nspans = 0;
    int rc = -1;
    bool failed = false;
    if (docx_load(&p, &doc, &fmt, err) != 0) goto out;
    comments = S_part(&p, "word/comments.xml", "comments", W_NS, &failed, err);
    if (!failed)
        rels = S_part(&p, "word/_rels/document.xml.rels", "Relationships", REL_NS, &failed, err);
    if (!failed) types = S_part(&p, "[Content_Types].xml", "Types", CT_NS, &failed, err);
    if (failed) goto out;
    w = (docx_walk){.fmt = fmt, .want_pieces = true};
    if (docx_walk_body(&w, doc) != 0 || w.text.len != r->text.src_len ||
        memcmp(w.text.ptr ? w.text.ptr : "", r->text.src, w.text.len) != 0 || !w.paras.n) {
        fz_buf_printf(err, "fzlint: '%s': 正文与检查时读到的不一致，未写批注版\n", path);
        goto out;
    }
    int base =
        S_max_id(xmlDocGetRootElement(doc), 0, S_max_id(xmlDocGetRootElement(comments), 0, -1)) + 1;
    spans = fz_xcalloc(r->diags.n + 1, sizeof *spans);
    bounds = fz_xcalloc(2 * r->diags.n + 1, sizeof *bounds);
    size_t nb = 0;
    for (size_t i = 0; i < r->diags.n && nspans < MAX_COMMENTS; i++) {
        const fz_diag *d = &r->diags.v[i];
        if (d->level < min_level || d->suppressed) continue;
        size_t s = d->start, e = d->end;
        if (s > w.text.len) s = w.text.len;
        if (e > w.text.len || e < s) e = s;
        if (e == s && r->text.nlines) { /* a point: the whole paragraph it is in */
            size_t li = fz_text_line_of(&r->text, s);
            s = r->text.line_start[li], e = fz_text_line_end(&r->text, li);
        }
        spans[nspans] = (S_span){s, e, d, base + (int)nspans};
        bounds[nb++] = s, bounds[nb++] = e;
        nspans++;
    }
    /* split from the end backwards: a split leaves earlier pieces where they were */
    qsort(bounds, nb, sizeof *bounds, S_cmp_desc);
    for (size_t i = 0; i < nb; i++) {
        if (i && bounds[i] == bounds[i - 1]) continue;
        const docx_piece *pc = S_piece_at(&w, bounds[i]);
        if (pc && pc->text && bounds[i] > pc->off) S_split(pc->t, pc->t_off + bounds[i] - pc->off);
    }
    /* walked again over the split runs, the list counters from the start */
    docx_walk_free(&w);
    docx_fmt_reset(fmt);
    w = (docx_walk){.fmt = fmt, .want_pieces = true};
    docx_walk_body(&w, doc);
    for (size_t i = 0; i < nspans; i++) S_anchor(&w, &r->text, &spans[i]);
    for (size_t i = 0; i < nspans; i++) S_add_comment(xmlDocGetRootElement(comments), &spans[i]);
    S_register(rels, types);
    S_out_part parts[4] = {{"word/document.xml", NULL, 0},
                           {"word/comments.xml", NULL, 0},
                           {"word/_rels/document.xml.rels", NULL, 0},
                           {"[Content_Types].xml", NULL, 0}};
    xmlDocPtr docs[4] = {doc, comments, rels, types};
    for (int k = 0; k < 4; k++)
        xmlDocDumpMemoryEnc(docs[k], &parts[k].data, &parts[k].len, "UTF-8");
    rc = S_write(&p, parts, 4, out_path, path, err) == 0 ? (int)nspans : -1;
    for (int k = 0; k < 4; k++) xmlFree(parts[k].data);
out:
    docx_walk_free(&w);
    free(spans);
    free(bounds);
    if (doc) xmlFreeDoc(doc);
    if (comments) xmlFreeDoc(comments);
    if (rels) xmlFreeDoc(rels);
    if (types) xmlFreeDoc(types);
    docx_fmt_free(fmt);
    docx_close(&p);
    return rc;
}
