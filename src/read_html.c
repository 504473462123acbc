/*
 * read_html.c - portal pages.  The page is converted to UTF-8 here (charset from the BOM
 * or the <meta> prescan), parsed by libxml2's HTML parser without network, and its
 * article found by structure: the first of the pack's container names (id or class) that
 * holds text, else the densest block of text.  The article's blocks (<p>, <div>, <br>,
 * table rows ...) become lines; widget and footer lines of the pack's `html: chrome` and
 * lines that are mostly links are dropped.  The title, publication date and source come
 * from the meta tags 《政府网站发展指引》 asks for, else the article's <h1> or <title>
 * minus the site's suffix, and the visible 发布时间 line.  See docs/readers.md.
 */
#include <iconv.h>
#include <libxml/HTMLparser.h>
#include <libxml/parser.h>
#include <limits.h>
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <utf8proc.h>

#include "match.h"
#include "outline.h"
#include "read.h"
#include "text.h"
#include "utf8.h"

/* An article holds at least this many characters (not spaces, not link text): less is a
 * page without one (a list, an error page, a page that loads its text by script). */
#define ARTICLE_MIN_CHARS 40
/* A line longer than this is never widget or footer chrome. */
#define CHROME_MAX_CHARS 120
/* How far into the page the <meta charset> prescan looks. */
#define PRESCAN_BYTES 8192

/* ---- charset and conversion to UTF-8 ------------------------------------------------ */

static bool S_ieq_prefix(const unsigned char *p, size_t len, const char *lit) {
    size_t n = strlen(lit);
    return len >= n && !strncasecmp((const char *)p, lit, n);
}

/* The charset label of the first <meta charset=…> or <meta … content="…; charset=…"> in
 * the head of the page, in out (empty when none). */
static void S_meta_charset(const unsigned char *p, size_t len, char *out, size_t outsz) {
    out[0] = 0;
    if (len > PRESCAN_BYTES) len = PRESCAN_BYTES;
    for (size_t i = 0; i + 5 < len; i++) {
        if (p[i] != '<' || !S_ieq_prefix(p + i + 1, len - i - 1, "meta")) continue;
        size_t end = i + 5;
        while (end < len && p[end] != '>') end++;
        for (size_t j = i + 5; j + 7 <= end; j++) {
            if (!S_ieq_prefix(p + j, end - j, "charset")) continue;
            size_t k = j + 7;
            while (k < end && (p[k] == ' ' || p[k] == '\t' || p[k] == '\n' || p[k] == '\r')) k++;
            if (k == end || p[k] != '=') continue;
            k++;
            while (k < end && (p[k] == ' ' || p[k] == '"' || p[k] == '\'')) k++;
            size_t n = 0;
            while (k < end && n + 1 < outsz &&
                   (p[k] == '-' || p[k] == '_' || p[k] == '.' || p[k] == ':' ||
                    (p[k] >= '0' && p[k] <= '9') || ((p[k] | 0x20) >= 'a' && (p[k] | 0x20) <= 'z')))
                out[n++] = (char)p[k++];
            out[n] = 0;
            if (n) return;
        }
        i = end;
    }
}

/* The iconv name for a charset label.  Pages labelled GB2312 hold GBK characters as a
 * rule (browsers decode every GB label as GBK); GB18030 is the superset of both. */
static const char *S_charset(const char *label) {
    static const char *gb[] = {"gb2312",   "gbk",        "gb18030", "x-gbk",   "cp936",    "euc-cn",
                               "csgb2312", "gb_2312-80", "gb_2312", "chinese", "iso-ir-58"};
    static const char *utf8[] = {"utf-8", "utf8", "unicode-1-1-utf-8"};
    static const char *latin[] = {"iso-8859-1", "latin1", "us-ascii", "ascii", "windows-1252"};
    for (size_t i = 0; i < sizeof gb / sizeof *gb; i++)
        if (!strcasecmp(label, gb[i])) return "GB18030";
    for (size_t i = 0; i < sizeof utf8 / sizeof *utf8; i++)
        if (!strcasecmp(label, utf8[i])) return "UTF-8";
    for (size_t i = 0; i < sizeof latin / sizeof *latin; i++)
        if (!strcasecmp(label, latin[i])) return "WINDOWS-1252";
    if (!strcasecmp(label, "big5") || !strcasecmp(label, "big5-hkscs")) return "BIG5-HKSCS";
    return label;
}

static const char S_fffd[] = "\xEF\xBF\xBD";

/* Copies UTF-8, each ill-formed byte and each NUL as U+FFFD. */
static void S_utf8_clean(const unsigned char *p, size_t len, fz_buf *out) {
    if (fz_utf8_valid((const char *)p, len) && !memchr(p, 0, len)) {
        fz_buf_put(out, p, len);
        return;
    }
    for (size_t i = 0; i < len;) {
        utf8proc_int32_t cp;
        utf8proc_ssize_t n = utf8proc_iterate(p + i, (utf8proc_ssize_t)(len - i), &cp);
        if (n <= 0 || cp == 0) {
            fz_buf_puts(out, S_fffd);
            i++;
        } else {
            fz_buf_put(out, p + i, (size_t)n);
            i += (size_t)n;
        }
    }
}

/* Converts from `from` with iconv, each byte it rejects as U+FFFD; false if iconv does
 * not know the charset. */
static bool S_iconv_utf8(const char *from, const unsigned char *in, size_t len, fz_buf *out) {
    iconv_t cd = iconv_open("UTF-8", from);
    if (cd == (iconv_t)-1) return false;
    fz_buf mid = {0};
    char chunk[8192];
    char *ip = (char *)in;
    size_t ileft = len;
    while (ileft > 0) {
        char *op = chunk;
        size_t oleft = sizeof chunk;
        size_t r = iconv(cd, &ip, &ileft, &op, &oleft);
        fz_buf_put(&mid, chunk, (size_t)(op - chunk));
        if (r == (size_t)-1 && oleft == sizeof chunk && ileft > 0) {
            /* not output space: a byte iconv rejects (EILSEQ) or a cut-off end (EINVAL) */
            fz_buf_puts(&mid, S_fffd);
            ip++;
            ileft--;
            iconv(cd, NULL, NULL, NULL, NULL);
        }
    }
    iconv_close(cd);
    /* iconv's output is UTF-8; only NULs from the input remain to replace */
    S_utf8_clean((const unsigned char *)(mid.ptr ? mid.ptr : ""), mid.len, out);
    fz_buf_free(&mid);
    return true;
}

/* The page as UTF-8 (no BOM, no NUL, well-formed), whatever it was written in. */
static void S_page_utf8(const unsigned char *p, size_t len, fz_buf *out) {
    const char *from = NULL;
    char label[40]; /* S_charset may hand it back */
    if (len >= 3 && !memcmp(p, "\xEF\xBB\xBF", 3)) {
        p += 3, len -= 3, from = "UTF-8";
    } else if (len >= 2 && p[0] == 0xFF && p[1] == 0xFE) {
        p += 2, len -= 2, from = "UTF-16LE";
    } else if (len >= 2 && p[0] == 0xFE && p[1] == 0xFF) {
        p += 2, len -= 2, from = "UTF-16BE";
    } else {
        S_meta_charset(p, len, label, sizeof label);
        if (*label) from = S_charset(label);
        /* No declaration: UTF-8 if it is, else what Chinese portals wrote before UTF-8. */
        else
            from = fz_utf8_valid((const char *)p, len) ? "UTF-8" : "GB18030";
    }
    if (!strcmp(from, "UTF-8") || !S_iconv_utf8(from, p, len, out)) S_utf8_clean(p, len, out);
}

/* ---- the tree ------------------------------------------------------------------------ */

typedef enum { K_INLINE, K_SKIP, K_BLOCK, K_PARA, K_CELL, K_BREAK, K_LINK } S_kind;

static S_kind S_kind_of(const xmlNode *n) {
    static const char *skip[] = {"script", "style",  "noscript", "template", "iframe",
                                 "object", "embed",  "select",   "textarea", "button",
                                 "svg",    "math",   "head",     "title",    "nav",
                                 "input",  "canvas", "audio",    "video",    "map"};
    /* blocks whose text is one paragraph: their container is their parent block */
    static const char *para[] = {"p",  "h1", "h2", "h3",  "h4",         "h5",     "h6",
                                 "li", "dt", "dd", "pre", "blockquote", "caption"};
    static const char *block[] = {
        "div",        "tr",      "ul",      "ol",       "dl",     "table",   "thead",
        "tbody",      "tfoot",   "section", "article",  "header", "footer",  "aside",
        "main",       "center",  "form",    "fieldset", "hr",     "address", "figure",
        "figcaption", "details", "summary", "body",     "html"};
    const char *name = (const char *)n->name;
    if (!strcmp(name, "br")) return K_BREAK;
    if (!strcmp(name, "a")) return K_LINK;
    if (!strcmp(name, "td") || !strcmp(name, "th")) return K_CELL;
    for (size_t i = 0; i < sizeof skip / sizeof *skip; i++)
        if (!strcmp(name, skip[i])) return K_SKIP;
    for (size_t i = 0; i < sizeof para / sizeof *para; i++)
        if (!strcmp(name, para[i])) return K_PARA;
    for (size_t i = 0; i < sizeof block / sizeof *block; i++)
        if (!strcmp(name, block[i])) return K_BLOCK;
    return K_INLINE;
}

static char *S_attr(const xmlNode *n, const char *name) {
    for (const xmlAttr *a = n->properties; a; a = a->next)
        if (a->name && !strcasecmp((const char *)a->name, name) && a->children &&
            a->children->content)
            return (char *)a->children->content;
    return NULL;
}

/* Elements the page hides (display:none, hidden) show nothing. */
static bool S_hidden(const xmlNode *n) {
    if (S_attr(n, "hidden")) return true;
    const char *st = S_attr(n, "style");
    if (!st) return false;
    char squeezed[64];
    for (const char *s = st; *s;) {
        size_t k = 0;
        while (*s && *s != ';' && k + 1 < sizeof squeezed) {
            if (*s != ' ' && *s != '\t') squeezed[k++] = (char)(*s | 0x20);
            s++;
        }
        squeezed[k] = 0;
        if (!strcmp(squeezed, "display:none") || !strcmp(squeezed, "visibility:hidden"))
            return true;
        while (*s && *s != ';') s++;
        if (*s) s++;
    }
    return false;
}

static S_kind S_kind_shown(const xmlNode *n) {
    S_kind k = S_kind_of(n);
    return k != K_SKIP && S_hidden(n) ? K_SKIP : k;
}

/* ---- lines --------------------------------------------------------------------------- */

typedef struct S_lines {
    fz_buf out;                /* finished lines, each ending in '\n' */
    fz_buf line;               /* the line being built */
    size_t chars, link_chars;  /* its characters (not spaces), those inside <a> */
    int ws;                    /* pending white space: 0 none, 1 blanks, 2 with a line break */
    int32_t last;              /* the line's last character */
    int in_link;               /* depth of <a> elements */
    const fz_regexvec *chrome; /* lines to drop (html: chrome), or NULL */
    const struct S_el *els;    /* the page scan's elements (their kinds), or NULL */
    fz_matcher *m;
    size_t nlines;
} S_lines;

static bool S_space_cp(int32_t cp) {
    return cp == ' ' || cp == '\t' || cp == '\n' || cp == '\r' || cp == '\f' || cp == 0xA0 ||
           cp == 0x3000;
}

static bool S_is_chrome(S_lines *L, const char *line) {
    if (!L->chrome || !L->chrome->n || L->chars > CHROME_MAX_CHARS) return false;
    char *norm = fz_read_norm(line, strlen(line));
    if (!norm) return false;
    bool hit = false;
    for (size_t i = 0; i < L->chrome->n && !hit; i++)
        hit = fz_regex_test(L->m, L->chrome->v[i], norm, strlen(norm));
    free(norm);
    return hit;
}

/* Ends the line: trimmed of white space (indents of 　 or &nbsp; too), dropped when it
 * has no characters, is mostly link text (navigation, related links) or is chrome. */
static void S_flush(S_lines *L) {
    char *s = L->line.ptr;
    size_t len = L->line.len;
    size_t a = 0;
    while (a < len) {
        utf8proc_int32_t cp;
        utf8proc_ssize_t n =
            utf8proc_iterate((const utf8proc_uint8_t *)s + a, (utf8proc_ssize_t)(len - a), &cp);
        if (n <= 0 || !S_space_cp(cp)) break;
        a += (size_t)n;
    }
    while (len > a) {
        size_t b = fz_utf8_back(s, a, len - 1);
        utf8proc_int32_t cp;
        utf8proc_ssize_t n =
            utf8proc_iterate((const utf8proc_uint8_t *)s + b, (utf8proc_ssize_t)(len - b), &cp);
        if (n <= 0 || !S_space_cp(cp)) break;
        len = b;
    }
    if (L->chars && L->link_chars * 2 <= L->chars) {
        s[len] = 0;
        if (!S_is_chrome(L, s + a)) {
            fz_buf_put(&L->out, s + a, len - a);
            fz_buf_putc(&L->out, '\n');
            L->nlines++;
        }
    }
    L->line.len = 0;
    if (L->line.ptr) L->line.ptr[0] = 0;
    L->chars = L->link_chars = 0;
    L->ws = 0;
    L->last = 0;
}

static bool S_html_space(unsigned char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f';
}

/* The length of the UTF-8 sequence at p (libxml2 hands on well-formed text), at most left. */
static size_t S_seq(const unsigned char *p, size_t left) {
    size_t n = p[0] < 0x80 ? 1 : p[0] < 0xE0 ? 2 : p[0] < 0xF0 ? 3 : 4;
    return n < left ? n : left;
}

static int32_t S_cp(const unsigned char *p, size_t n) {
    utf8proc_int32_t cp;
    return utf8proc_iterate(p, (utf8proc_ssize_t)n, &cp) > 0 ? cp : 0xFFFD;
}

/* Characters of s[0, len) that are not white space (NBSP and U+3000 are white here). */
static size_t S_chars(const unsigned char *p, size_t len) {
    size_t c = 0;
    for (size_t i = 0; i < len;) {
        size_t n = S_seq(p + i, len - i);
        if (!(n == 1 && S_html_space(p[i])) && !(n == 2 && p[i] == 0xC2 && p[i + 1] == 0xA0) &&
            !(n == 3 && p[i] == 0xE3 && p[i + 1] == 0x80 && p[i + 2] == 0x80))
            c++;
        i += n;
    }
    return c;
}

/* Text as HTML shows it: white space runs collapse to one space, and a line break
 * between two wide (CJK) characters disappears (CSS Text 3's segment break rule).
 * Runs without white space are copied whole. */
static void S_text(S_lines *L, const char *str) {
    const unsigned char *p = (const unsigned char *)str;
    size_t len = strlen(str);
    for (size_t i = 0; i < len;) {
        if (S_html_space(p[i])) {
            int w = p[i] == '\n' || p[i] == '\r' ? 2 : 1;
            if (w > L->ws) L->ws = w;
            i++;
            continue;
        }
        size_t j = i, last = i;
        while (j < len && !S_html_space(p[j])) last = j, j += S_seq(p + j, len - j);
        if (L->ws && L->line.len) {
            bool cjk_break = L->ws == 2 && utf8proc_charwidth(L->last) == 2 &&
                             utf8proc_charwidth(S_cp(p + i, j - i)) == 2;
            if (!cjk_break) fz_buf_putc(&L->line, ' ');
        }
        L->ws = 0;
        fz_buf_put(&L->line, p + i, j - i);
        L->last = S_cp(p + last, j - last);
        size_t c = S_chars(p + i, j - i);
        L->chars += c;
        if (L->in_link) L->link_chars += c;
        i = j;
    }
}

/* The next node after n in document order inside root, entering n's children when
 * descend; calls leave for every element it steps out of.  Iterative: any depth. */
static xmlNode *S_step(xmlNode *n, const xmlNode *root, bool descend,
                       void (*leave)(void *, xmlNode *), void *ctx) {
    if (descend && n->children) return n->children;
    for (;;) {
        if (n->type == XML_ELEMENT_NODE && leave) leave(ctx, n);
        if (n == root) return NULL;
        if (n->next) return n->next;
        n = n->parent;
        if (!n) return NULL;
    }
}

static S_kind S_kind_cached(const S_lines *L, const xmlNode *n);

static void S_lines_leave(void *ctx, xmlNode *n) {
    S_lines *L = ctx;
    S_kind k = S_kind_cached(L, n);
    if (k == K_LINK)
        L->in_link--;
    else if (k == K_BLOCK || k == K_PARA)
        S_flush(L);
}

/* The lines of root's subtree, appended to L->out. */
static void S_lines_of(S_lines *L, xmlNode *root) {
    for (xmlNode *n = root; n;) {
        bool descend = n->type == XML_ELEMENT_NODE;
        if (n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE) {
            if (n->content) S_text(L, (const char *)n->content);
        } else if (descend) {
            switch (S_kind_cached(L, n)) {
            case K_SKIP:
                descend = false;
                break;
            case K_LINK:
                L->in_link++;
                break;
            case K_CELL:
                if (L->line.len) fz_buf_putc(&L->line, '\t'), L->ws = 0;
                break;
            case K_BREAK:
            case K_BLOCK:
            case K_PARA:
                S_flush(L);
                break;
            case K_INLINE:
                break;
            }
        }
        n = S_step(n, root, descend, S_lines_leave, L);
    }
    S_flush(L);
}

/* ---- the page: meta tags, title, candidates, text density -------------------------- */

typedef struct S_el {
    xmlNode *node;
    size_t total;  /* characters of the subtree, not spaces, not link text */
    size_t credit; /* text of the paragraphs this element holds (the density fallback) */
    size_t end;    /* index of the last element of the subtree */
    S_kind kind;
    bool skips, links; /* entering it raised in_skip, in_link */
    bool has_block;    /* a block, paragraph or cell element inside */
} S_el;

typedef struct S_scan {
    FZ_VEC(S_el) els;         /* elements in document order; node->_private = index + 1 */
    FZ_VEC(size_t) blocks;    /* the open block, paragraph and cell elements */
    FZ_VEC(size_t) h1s;       /* shown <h1> elements not inside a link */
    FZ_VEC(size_t) cands;     /* elements that carry a container name */
    FZ_VEC(size_t) cand_rank; /* its position in the pack's list */
    int in_link, in_skip;     /* depths */
    xmlNode *title;           /* the first <title> */
    const char *meta[3];      /* title, published, source: content of the best meta tag */
    size_t meta_rank[3];
    const fz_read_profile *rp;
} S_scan;

#define S_IDX(n) ((size_t)(uintptr_t)(n)->_private - 1)

static S_kind S_kind_cached(const S_lines *L, const xmlNode *n) {
    return L->els && n->_private ? L->els[S_IDX(n)].kind : S_kind_shown(n);
}

static size_t S_rank(const fz_strvec *names, const char *s) {
    for (size_t i = 0; s && i < names->n; i++)
        if (!strcasecmp(names->v[i], s)) return i;
    return SIZE_MAX;
}

/* The best rank among the element's id and class names. */
static size_t S_container_rank(const fz_strvec *names, const xmlNode *n) {
    size_t best = S_rank(names, S_attr(n, "id"));
    const char *cls = S_attr(n, "class");
    while (cls && *cls) {
        while (*cls == ' ' || *cls == '\t' || *cls == '\n' || *cls == '\r') cls++;
        size_t len = strcspn(cls, " \t\n\r");
        if (!len) break;
        char tok[64];
        if (len < sizeof tok) {
            memcpy(tok, cls, len);
            tok[len] = 0;
            size_t r = S_rank(names, tok);
            if (r < best) best = r;
        }
        cls += len;
    }
    return best;
}

static void S_scan_leave(void *ctx, xmlNode *n) {
    S_scan *s = ctx;
    size_t i = S_IDX(n);
    S_el *e = &s->els.v[i];
    e->end = s->els.n - 1;
    if (e->links) s->in_link--;
    if (e->skips) s->in_skip--;
    if (s->blocks.n && s->blocks.v[s->blocks.n - 1] == i) {
        s->blocks.n--;
        /* A <div> of text only is a paragraph too (CMSs that write no <p>): its text
         * counts for the block around it. */
        if (e->kind == K_BLOCK && !e->has_block && s->blocks.n) {
            s->els.v[s->blocks.v[s->blocks.n - 1]].credit += e->credit;
            e->credit = 0;
        }
    }
    if (n->parent && n->parent->type == XML_ELEMENT_NODE && n->parent->_private)
        s->els.v[S_IDX(n->parent)].total += e->total;
}

static size_t S_count_chars(const char *t) {
    return S_chars((const unsigned char *)t, strlen(t));
}

/* A text node: its characters count for its element's subtree and for the block that
 * holds its paragraph. */
static void S_scan_text(S_scan *s, xmlNode *n) {
    if (s->in_skip || s->in_link || !n->content || !n->parent || !n->parent->_private) return;
    size_t c = S_count_chars((const char *)n->content);
    if (!c) return;
    s->els.v[S_IDX(n->parent)].total += c;
    size_t k = s->blocks.n;
    if (!k) return;
    /* the paragraph's container: the nearest open block that is not a paragraph */
    size_t limit = k > 8 ? k - 8 : 0;
    while (k > limit + 1 && s->els.v[s->blocks.v[k - 1]].kind == K_PARA) k--;
    s->els.v[s->blocks.v[k - 1]].credit += c;
}

static void S_scan_enter(S_scan *s, xmlNode *n, bool *descend) {
    S_el e = {.node = n, .kind = S_kind_shown(n)};
    fz_vec_push(&s->els, e);
    n->_private = (void *)(uintptr_t)s->els.n;
    size_t i = s->els.n - 1;
    const char *name = (const char *)n->name;
    if (!strcmp(name, "head")) { /* entered only for its meta tags and title */
        s->in_skip++;
        s->els.v[i].skips = true;
        return;
    }
    if (!strcmp(name, "title")) {
        if (!s->title) s->title = n;
    } else if (!strcmp(name, "meta")) {
        const char *mname = S_attr(n, "name"), *content = S_attr(n, "content");
        const fz_strvec *lists[3] = {&s->rp->title_meta, &s->rp->published_meta,
                                     &s->rp->source_meta};
        for (int j = 0; content && j < 3; j++) {
            size_t r = S_rank(lists[j], mname);
            if (r < s->meta_rank[j]) s->meta_rank[j] = r, s->meta[j] = content;
        }
    }
    if (e.kind == K_SKIP) {
        *descend = false;
        return;
    }
    if (s->in_skip) return;
    if (e.kind == K_LINK) s->in_link++, s->els.v[i].links = true;
    if (e.kind == K_BLOCK || e.kind == K_PARA || e.kind == K_CELL) {
        if (s->blocks.n) s->els.v[s->blocks.v[s->blocks.n - 1]].has_block = true;
        fz_vec_push(&s->blocks, i);
    }
    if (!strcmp(name, "h1") && !s->in_link) fz_vec_push(&s->h1s, i);
    size_t r = S_container_rank(&s->rp->containers, n);
    if (r != SIZE_MAX) {
        fz_vec_push(&s->cands, i);
        fz_vec_push(&s->cand_rank, r);
    }
}

static void S_scan_page(S_scan *s, xmlNode *root) {
    s->meta_rank[0] = s->meta_rank[1] = s->meta_rank[2] = SIZE_MAX;
    for (xmlNode *n = root; n;) {
        bool descend = n->type == XML_ELEMENT_NODE;
        if (descend)
            S_scan_enter(s, n, &descend);
        else if (n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE)
            S_scan_text(s, n);
        n = S_step(n, root, descend, S_scan_leave, s);
    }
}

/* The article: the best-ranked container with enough text (the bigger of two of one
 * rank), else the element holding the most paragraph text; -1 when neither has enough. */
static long S_article(const S_scan *s) {
    long best = -1;
    size_t best_rank = SIZE_MAX;
    for (size_t i = 0; i < s->cands.n; i++) {
        const S_el *e = &s->els.v[s->cands.v[i]];
        if (e->total < ARTICLE_MIN_CHARS) continue;
        if (s->cand_rank.v[i] < best_rank ||
            (s->cand_rank.v[i] == best_rank && e->total > s->els.v[best].total))
            best = (long)s->cands.v[i], best_rank = s->cand_rank.v[i];
    }
    if (best >= 0) return best;
    for (size_t i = 0; i < s->els.n; i++)
        if (s->els.v[i].credit && (best < 0 || s->els.v[i].credit > s->els.v[best].credit))
            best = (long)i;
    return best >= 0 && s->els.v[best].total >= ARTICLE_MIN_CHARS ? best : -1;
}

/* ---- properties ---------------------------------------------------------------------- */

/* An element's or a string's text on one line (white space collapsed, lines joined). */
static char *S_one_line(xmlNode *n, const char *str, fz_matcher *m) {
    S_lines L = {.m = m};
    if (n) {
        S_lines_of(&L, n);
    } else {
        S_text(&L, str);
        S_flush(&L);
    }
    fz_buf_free(&L.line);
    fz_buf out = {0};
    for (size_t i = 0; i < L.out.len; i++)
        if (L.out.ptr[i] != '\n') fz_buf_putc(&out, L.out.ptr[i]);
    fz_buf_free(&L.out);
    return out.len ? fz_buf_detach(&out) : NULL;
}

/* <title> without the site's name after it (at most three such parts). */
static char *S_title_tag(xmlNode *title, const fz_read_profile *rp, fz_matcher *m) {
    xmlChar *raw = xmlNodeGetContent(title);
    char *t = raw ? S_one_line(NULL, (const char *)raw, m) : NULL;
    xmlFree(raw);
    for (int k = 0; t && rp->title_suffix && k < 3; k++) {
        size_t len = strlen(t), ms, me;
        if (fz_regex_match(m, rp->title_suffix, t, len, 0, &ms, &me) != FZ_MATCH_OK || me != len ||
            ms == 0)
            break;
        t[ms] = 0;
    }
    return t;
}

/* The visible 发布时间 line's date (the pack's `published` pattern, groups y m d), as the
 * normalized text writes it, from the first short line of the page that has one. */
static char *S_published_line(const char *lines, const fz_regex *re, fz_matcher *m) {
    if (!re) return NULL;
    int gy = fz_regex_group_index(re, "y"), gd = fz_regex_group_index(re, "d");
    for (const char *s = lines; *s;) {
        const char *e = strchr(s, '\n');
        size_t len = e ? (size_t)(e - s) : strlen(s);
        char *line = fz_xstrndup(s, len);
        char *norm =
            S_count_chars(line) <= CHROME_MAX_CHARS ? fz_read_norm(line, strlen(line)) : NULL;
        free(line);
        char *found = NULL;
        size_t ms, me, ys, ye, ds, de;
        if (norm && fz_regex_match(m, re, norm, strlen(norm), 0, &ms, &me) == FZ_MATCH_OK &&
            fz_match_group(m, gy, &ys, &ye) && fz_match_group(m, gd, &ds, &de))
            found = fz_xstrndup(norm + ys, de - ys);
        free(norm);
        if (found) return found;
        s += len + (e ? 1 : 0);
    }
    return NULL;
}

/* ---- the reader ---------------------------------------------------------------------- */

static bool S_sniff(const unsigned char *p, size_t len, const char *path) {
    if (len >= 3 && !memcmp(p, "\xEF\xBB\xBF", 3)) p += 3, len -= 3;
    size_t i = 0;
    while (i < len && (p[i] == ' ' || p[i] == '\t' || p[i] == '\n' || p[i] == '\r')) i++;
    if (i == len || p[i] != '<') return false;
    size_t lim = len - i < 1024 ? len - i : 1024;
    for (size_t j = i; j + 5 <= i + lim; j++)
        if (p[j] == '<' && (S_ieq_prefix(p + j, i + lim - j, "<html") ||
                            S_ieq_prefix(p + j, i + lim - j, "<!doctype html")))
            return true;
    const char *dot = path ? strrchr(path, '.') : NULL;
    return dot && (!strcasecmp(dot, ".html") || !strcasecmp(dot, ".htm"));
}

static pthread_once_t S_once = PTHREAD_ONCE_INIT;
static void S_init(void) {
    xmlInitParser();
}
static void S_quiet(void *ctx, const char *msg, ...) {
    (void)ctx, (void)msg;
}
static void S_quiet_structured(void *ctx, xmlErrorPtr e) {
    (void)ctx, (void)e;
}

static int S_read(const unsigned char *bytes, size_t len, const char *path,
                  const fz_read_opts *opts, fz_doc *doc, fz_buf *err) {
    static const fz_read_profile no_profile;
    static const fz_profile no_doc_profile;
    const fz_profile *prof = opts && opts->profile ? opts->profile : &no_doc_profile;
    const fz_read_profile *rp = opts && opts->profile ? &opts->profile->read : &no_profile;
    doc->format = "html";
    fz_buf page = {0};
    S_page_utf8(bytes, len, &page);
    if (page.len > INT_MAX) {
        fz_buf_printf(err, "fzlint: '%s': 网页太大（超过 2 GB），未读取\n", path);
        fz_buf_free(&page);
        return -1;
    }
    pthread_once(&S_once, S_init);
    /* libxml2's error handlers are per thread: quiet for this parse, then as they were */
    xmlGenericErrorFunc old_generic = xmlGenericError;
    void *old_generic_ctx = xmlGenericErrorContext;
    xmlStructuredErrorFunc old_structured = xmlStructuredError;
    void *old_structured_ctx = xmlStructuredErrorContext;
    xmlSetGenericErrorFunc(NULL, S_quiet);
    xmlSetStructuredErrorFunc(NULL, S_quiet_structured);
    htmlDocPtr hd = page.len ? htmlReadMemory(page.ptr, (int)page.len, NULL, "UTF-8",
                                              HTML_PARSE_NONET | HTML_PARSE_NOERROR |
                                                  HTML_PARSE_NOWARNING | HTML_PARSE_COMPACT)
                             : NULL;
    xmlSetGenericErrorFunc(old_generic_ctx, old_generic);
    xmlSetStructuredErrorFunc(old_structured_ctx, old_structured);
    fz_buf_free(&page);
    xmlNode *root = hd ? xmlDocGetRootElement(hd) : NULL;
    if (!root) {
        if (hd) xmlFreeDoc(hd);
        fz_buf_printf(err, "fzlint: '%s': 无法解析为网页（没有 HTML 元素）\n", path);
        return -1;
    }
    fz_matcher m;
    fz_matcher_init(&m);
    S_scan s = {.rp = rp};
    S_scan_page(&s, root);
    long art = S_article(&s);

    if (s.meta[0]) doc->title = S_one_line(NULL, s.meta[0], &m);
    if (s.meta[1]) doc->published = S_one_line(NULL, s.meta[1], &m);
    if (s.meta[2]) doc->source = S_one_line(NULL, s.meta[2], &m);
    long h1_in = -1, h1_before = -1;
    for (size_t i = 0; art >= 0 && i < s.h1s.n; i++) {
        size_t h = s.h1s.v[i];
        if (h >= (size_t)art && h <= s.els.v[art].end) {
            h1_in = (long)h;
            break;
        }
        if (h < (size_t)art) h1_before = (long)h;
    }
    long h1 = h1_in >= 0 ? h1_in : h1_before;
    if (!doc->title && h1 >= 0) doc->title = S_one_line(s.els.v[h1].node, NULL, &m);
    if (!doc->title && s.title) doc->title = S_title_tag(s.title, rp, &m);

    if (art < 0) {
        doc->unreadable = fz_xstrdup("网页中找不到正文（没有成段文字的内容区），未检查");
    } else {
        S_lines L = {.chrome = &rp->chrome, .m = &m, .els = s.els.v};
        S_lines_of(&L, s.els.v[art].node);
        fz_buf_free(&L.line);
        /* The title sits above the article on portals: it is the report's first line. */
        const char *first_end = L.out.ptr ? strchr(L.out.ptr, '\n') : NULL;
        bool first_is_title = doc->title && first_end &&
                              (size_t)(first_end - L.out.ptr) == strlen(doc->title) &&
                              !memcmp(L.out.ptr, doc->title, strlen(doc->title));
        bool title_line = first_is_title;
        if (doc->title && h1_in < 0 && !first_is_title) {
            fz_buf_puts(&doc->text, doc->title);
            fz_buf_putc(&doc->text, '\n');
            title_line = true;
        }
        if (L.out.len) fz_buf_put(&doc->text, L.out.ptr, L.out.len);
        fz_buf_free(&L.out);
        /* The outline takes the page's title line as the title, whatever its wording. */
        for (size_t i = 0; title_line && i < doc->text.len; i++)
            if (doc->text.ptr[i] == '\n')
                fz_vec_push(
                    &doc->anchors,
                    ((fz_doc_anchor){.index = doc->anchors.n,
                                     .style = doc->anchors.n == 0 ? FZ_DOC_STYLE_TITLE : 0}));
        if (!L.nlines)
            doc->unreadable = fz_xstrdup("网页中找不到正文（没有成段文字的内容区），未检查");
    }
    if (!doc->published && prof->published) {
        S_lines all = {.m = &m};
        S_lines_of(&all, root);
        fz_buf_free(&all.line);
        if (all.out.ptr) doc->published = S_published_line(all.out.ptr, prof->published, &m);
        fz_buf_free(&all.out);
    }
    fz_vec_free(&s.els);
    fz_vec_free(&s.blocks);
    fz_vec_free(&s.h1s);
    fz_vec_free(&s.cands);
    fz_vec_free(&s.cand_rank);
    fz_matcher_free(&m);
    xmlFreeDoc(hd);
    if (!doc->text.ptr) fz_buf_puts(&doc->text, "");
    return 0;
}

const fz_reader fz_reader_html = {.name = "html", .sniff = S_sniff, .read = S_read};
