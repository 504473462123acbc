/* docx_walk.c - a WordprocessingML part to text as Word prints it: body paragraphs in
 * reading order (table cells row by row), list labels rendered, field results shown and
 * field codes not, insertions in and deletions out, hidden text out; with the map from
 * every byte of the text back to the w:t it came from (for --annotate). */
#include <stdlib.h>
#include <string.h>

#include "docx.h"

/* A toggle property (w:vanish, w:b ...): present, and not switched off. */
static bool S_on(const xmlNode *prop) {
    if (!prop) return false;
    const char *v = docx_attr(prop, "val");
    return !v || (strcmp(v, "0") && strcmp(v, "false") && strcmp(v, "off"));
}

static void S_piece(docx_walk *w, const char *s, size_t n, xmlNodePtr t, size_t t_off,
                    xmlNodePtr para) {
    if (!n) return;
    if (w->want_pieces)
        fz_vec_push(&w->pieces,
                    ((docx_piece){w->text.len, n, t, t_off, t && docx_is(t, "t"), para}));
    fz_buf_put(&w->text, s, n);
}

static bool S_field_shows(const docx_walk *w) {
    int n = w->nfields < 16 ? w->nfields : 16;
    for (int k = 0; k < n; k++)
        if (w->fields[k] == 0) return false;
    return true;
}

/* The first w:txbxContent below n (mc:Choice comes before mc:Fallback). */
static const xmlNode *S_find_txbx(const xmlNode *n, int depth) {
    if (depth > DOCX_MAX_DEPTH) return NULL;
    for (const xmlNode *c = n->children; c; c = c->next) {
        if (c->type != XML_ELEMENT_NODE) continue;
        if (docx_is(c, "txbxContent")) return c;
        const xmlNode *f = S_find_txbx(c, depth + 1);
        if (f) return f;
    }
    return NULL;
}

static void S_textbox(docx_walk *w, const xmlNode *n) {
    const xmlNode *tx = S_find_txbx(n, 0);
    if (!tx || !w->fmt) return;
    fz_buf b = {0};
    docx_walk_flat(w->fmt, tx, &b);
    if (b.len) fz_vec_push(&w->notes, ((fz_doc_note){"textbox", fz_buf_detach(&b)}));
    fz_buf_free(&b);
}

static void S_run(docx_walk *w, xmlNodePtr r, xmlNodePtr para) {
    const xmlNode *rpr = docx_child(r, "rPr");
    bool hidden = S_on(docx_child(rpr, "vanish"));
    for (xmlNodePtr c = r->children; c; c = c->next) {
        if (c->type != XML_ELEMENT_NODE) continue;
        if (docx_is(c, "fldChar")) {
            const char *type = docx_attr(c, "fldCharType");
            if (!type) continue;
            if (!strcmp(type, "begin")) {
                if (w->nfields < 16) w->fields[w->nfields] = 0;
                if (w->nfields < 1000000) w->nfields++;
            } else if (!strcmp(type, "separate") && w->nfields > 0 && w->nfields <= 16) {
                w->fields[w->nfields - 1] = 1;
            } else if (!strcmp(type, "end") && w->nfields > 0) {
                w->nfields--;
            }
            continue;
        }
        if (hidden || !S_field_shows(w)) continue;
        if (docx_is(c, "t")) {
            size_t off = 0;
            for (xmlNodePtr k = c->children; k; k = k->next)
                if ((k->type == XML_TEXT_NODE || k->type == XML_CDATA_SECTION_NODE) && k->content) {
                    const char *txt = (const char *)k->content;
                    size_t n = strlen(txt);
                    if (strpbrk(txt, "\r\n")) { /* a line end would break line = paragraph */
                        char *copy = fz_xstrdup(txt);
                        for (char *q = copy; (q = strpbrk(q, "\r\n"));) *q = ' ';
                        S_piece(w, copy, n, c, off, para);
                        free(copy);
                    } else {
                        S_piece(w, txt, n, c, off, para);
                    }
                    off += n;
                }
        } else if (docx_is(c, "tab") || docx_is(c, "ptab")) {
            S_piece(w, "\t", 1, c, 0, para);
        } else if (docx_is(c, "noBreakHyphen")) {
            S_piece(w, "-", 1, c, 0, para);
        } else if (docx_is(c, "sym")) {
            const char *ch = docx_attr(c, "char");
            long cp = ch ? strtol(ch, NULL, 16) : 0;
            /* F000-F0FF: a glyph of a symbol font, not a character */
            if (cp >= 0x20 && cp < 0xF000 && !(cp >= 0xD800 && cp <= 0xDFFF)) {
                char u[4];
                S_piece(w, u, fz_utf8_encode((int)cp, u), c, 0, para);
            }
        } else if (docx_is(c, "drawing") || docx_is(c, "pict") ||
                   !strcmp((const char *)c->name, "AlternateContent")) {
            S_textbox(w, c);
        }
        /* w:br, w:cr: a line break inside a paragraph joins (Chinese needs no space);
         * note references, w:instrText, w:delText: not printed as body text */
    }
}

static void S_inline(docx_walk *w, xmlNodePtr n, xmlNodePtr para, int depth) {
    if (depth > DOCX_MAX_DEPTH) return;
    for (xmlNodePtr c = n->children; c; c = c->next) {
        if (c->type != XML_ELEMENT_NODE) continue;
        if (docx_is(c, "r"))
            S_run(w, c, para);
        else if (docx_is(c, "ins") || docx_is(c, "moveTo") || docx_is(c, "hyperlink") ||
                 docx_is(c, "smartTag") || docx_is(c, "customXml") || docx_is(c, "fldSimple") ||
                 docx_is(c, "dir") || docx_is(c, "bdo"))
            S_inline(w, c, para, depth + 1);
        else if (docx_is(c, "sdt"))
            S_inline(w, docx_child(c, "sdtContent") ? docx_child(c, "sdtContent") : c, para,
                     depth + 1);
        /* w:del, w:moveFrom: deleted, not printed */
    }
}

static void S_para(docx_walk *w, xmlNodePtr p) {
    const xmlNode *ppr = docx_child(p, "pPr");
    fz_buf label = {0};
    int style = w->fmt ? docx_fmt_para(w->fmt, ppr, &label) : 0;
    if (!w->joining) {
        fz_vec_push(&w->anchors, ((fz_doc_anchor){0, w->nparas, style}));
        fz_vec_push(&w->paras, p);
    } else {
        /* the merged paragraph keeps the mark that survives: the later one */
        w->anchors.v[w->anchors.n - 1].style = style;
    }
    w->nparas++;
    S_piece(w, label.ptr, label.len, NULL, 0, p);
    fz_buf_free(&label);
    S_inline(w, p, p, 0);
    /* a deleted paragraph mark: as printed, this paragraph runs on into the next */
    w->joining = docx_child(docx_child(ppr, "rPr"), "del") != NULL;
    if (!w->joining) fz_buf_putc(&w->text, '\n');
}

static void S_block(docx_walk *w, xmlNodePtr n, int depth);

static void S_rows(docx_walk *w, xmlNodePtr n, int depth) {
    if (depth > DOCX_MAX_DEPTH) return;
    for (xmlNodePtr tr = n->children; tr; tr = tr->next) {
        if (docx_is(tr, "sdt") || docx_is(tr, "customXml")) {
            xmlNodePtr inner = docx_child(tr, "sdtContent");
            S_rows(w, inner ? inner : tr, depth + 1);
            continue;
        }
        if (!docx_is(tr, "tr")) continue;
        if (docx_child(docx_child(tr, "trPr"), "del")) continue; /* a deleted row */
        for (xmlNodePtr tc = tr->children; tc; tc = tc->next) {
            if (docx_is(tc, "tc")) {
                S_block(w, tc, depth + 1);
            } else if (docx_is(tc, "sdt") || docx_is(tc, "customXml")) {
                xmlNodePtr inner = docx_child(tc, "sdtContent");
                for (xmlNodePtr k = (inner ? inner : tc)->children; k; k = k->next)
                    if (docx_is(k, "tc")) S_block(w, k, depth + 2);
            }
        }
    }
}

static void S_block(docx_walk *w, xmlNodePtr n, int depth) {
    if (depth > DOCX_MAX_DEPTH) return;
    for (xmlNodePtr c = n->children; c; c = c->next) {
        if (docx_is(c, "p"))
            S_para(w, c);
        else if (docx_is(c, "tbl"))
            S_rows(w, c, depth + 1);
        else if (docx_is(c, "sdt"))
            S_block(w, docx_child(c, "sdtContent") ? docx_child(c, "sdtContent") : c, depth + 1);
        else if (docx_is(c, "customXml"))
            S_block(w, c, depth + 1);
    }
}

int docx_walk_body(docx_walk *w, xmlDocPtr doc) {
    xmlNodePtr root = xmlDocGetRootElement(doc);
    xmlNodePtr body = docx_is(root, "document") ? docx_child(root, "body") : NULL;
    if (!body) return -1;
    S_block(w, body, 0);
    if (w->joining) fz_buf_putc(&w->text, '\n');
    w->joining = false;
    return 0;
}

void docx_walk_flat(docx_fmt *fmt, const xmlNode *n, fz_buf *out) {
    docx_walk t = {.fmt = fmt};
    S_block(&t, (xmlNodePtr)n, 0);
    /* lines joined by a space, blank ones dropped, ends trimmed */
    size_t i = 0;
    while (i < t.text.len) {
        size_t e = i;
        while (e < t.text.len && t.text.ptr[e] != '\n') e++;
        size_t s = i;
        while (s < e && (t.text.ptr[s] == ' ' || t.text.ptr[s] == '\t')) s++;
        size_t z = e;
        while (z > s && (t.text.ptr[z - 1] == ' ' || t.text.ptr[z - 1] == '\t')) z--;
        if (z > s) {
            if (out->len) fz_buf_putc(out, ' ');
            for (size_t k = s; k < z; k++)
                fz_buf_putc(out, t.text.ptr[k] == '\t' ? ' ' : t.text.ptr[k]);
        }
        i = e + 1;
    }
    for (size_t k = 0; k < t.notes.n; k++) {
        if (out->len) fz_buf_putc(out, ' ');
        fz_buf_puts(out, t.notes.v[k].text);
    }
    docx_walk_free(&t);
}

void docx_walk_free(docx_walk *w) {
    fz_buf_free(&w->text);
    fz_vec_free(&w->anchors);
    fz_vec_free(&w->paras);
    fz_vec_free(&w->pieces);
    for (size_t i = 0; i < w->notes.n; i++) free(w->notes.v[i].text);
    fz_vec_free(&w->notes);
}
