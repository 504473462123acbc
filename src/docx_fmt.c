/* docx_fmt.c - paragraph styles and automatic numbering of a .docx: what a paragraph's
 * style says it is (Title, a heading level) and the list label Word displays before
 * it, rendered from numbering.xml (w:abstractNum levels, w:num overrides, counters). */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "docx.h"

#define NLVL 9

typedef struct S_lvl {
    bool defined;
    int start;
    char fmt[32];
    char *text;   /* lvlText, or NULL */
    int restart;  /* lvlRestart: -1 absent (restart after any higher level), 0 never */
    bool legal;   /* isLgl: the levels it shows are decimal */
    int suff;     /* 0 tab, 1 space, 2 nothing */
    char *pstyle; /* the paragraph style tied to this level, or NULL */
} S_lvl;

typedef struct S_abs {
    int id;
    S_lvl lvl[NLVL];
    int count[NLVL];
    bool set[NLVL];
    char *num_style_link; /* the abstractNum's levels come from a numbering style */
} S_abs;

typedef struct S_num {
    int id;
    int abs_id;
    int start_over[NLVL]; /* -1 none */
    S_lvl over[NLVL];     /* a w:lvlOverride's own w:lvl */
    bool used;
} S_num;

typedef struct S_style {
    char *id, *name, *based;
    int num_id, ilvl; /* -1 absent */
    int outline;      /* outlineLvl 0..9, -1 absent */
    bool is_default;
} S_style;

struct docx_fmt {
    FZ_VEC(S_abs) abs;
    FZ_VEC(S_num) nums;
    FZ_VEC(S_style) styles;
};

static int S_int(const char *s, int dflt) {
    if (!s) return dflt;
    char *end;
    long v = strtol(s, &end, 10);
    if (end == s || v < -1000000 || v > 1000000) return dflt;
    return (int)v;
}

static int S_int_child(const xmlNode *n, const char *local, int dflt) {
    return S_int(docx_attr(docx_child(n, local), "val"), dflt);
}

static void S_read_lvl(S_lvl *l, const xmlNode *n) {
    l->defined = true;
    l->start = S_int_child(n, "start", 1);
    const char *f = docx_attr(docx_child(n, "numFmt"), "val");
    snprintf(l->fmt, sizeof l->fmt, "%s", f ? f : "decimal");
    const char *t = docx_attr(docx_child(n, "lvlText"), "val");
    free(l->text);
    l->text = t ? fz_xstrdup(t) : NULL;
    l->restart = S_int_child(n, "lvlRestart", -1);
    const xmlNode *lg = docx_child(n, "isLgl");
    const char *lgv = docx_attr(lg, "val");
    l->legal = lg && (!lgv || (strcmp(lgv, "0") && strcmp(lgv, "false")));
    const char *s = docx_attr(docx_child(n, "suff"), "val");
    l->suff = s && !strcmp(s, "space") ? 1 : s && !strcmp(s, "nothing") ? 2 : 0;
    const char *ps = docx_attr(docx_child(n, "pStyle"), "val");
    free(l->pstyle);
    l->pstyle = ps ? fz_xstrdup(ps) : NULL;
}

static void S_free_lvl(S_lvl *l) {
    free(l->text);
    free(l->pstyle);
}

static void S_read_numbering(docx_fmt *f, const xmlNode *root) {
    for (const xmlNode *n = root ? root->children : NULL; n; n = n->next) {
        if (docx_is(n, "abstractNum")) {
            S_abs a = {.id = S_int(docx_attr(n, "abstractNumId"), -1)};
            const char *link = docx_attr(docx_child(n, "numStyleLink"), "val");
            a.num_style_link = link ? fz_xstrdup(link) : NULL;
            for (const xmlNode *l = n->children; l; l = l->next) {
                int k = docx_is(l, "lvl") ? S_int(docx_attr(l, "ilvl"), -1) : -1;
                if (k >= 0 && k < NLVL) S_read_lvl(&a.lvl[k], l);
            }
            fz_vec_push(&f->abs, a);
        } else if (docx_is(n, "num")) {
            S_num u = {.id = S_int(docx_attr(n, "numId"), -1),
                       .abs_id = S_int_child(n, "abstractNumId", -1)};
            for (int k = 0; k < NLVL; k++) u.start_over[k] = -1;
            for (const xmlNode *o = n->children; o; o = o->next) {
                int k = docx_is(o, "lvlOverride") ? S_int(docx_attr(o, "ilvl"), -1) : -1;
                if (k < 0 || k >= NLVL) continue;
                u.start_over[k] = S_int_child(o, "startOverride", -1);
                const xmlNode *l = docx_child(o, "lvl");
                if (l) S_read_lvl(&u.over[k], l);
            }
            fz_vec_push(&f->nums, u);
        }
    }
}

static void S_read_styles(docx_fmt *f, const xmlNode *root) {
    for (const xmlNode *n = root ? root->children : NULL; n; n = n->next) {
        if (!docx_is(n, "style")) continue;
        const char *type = docx_attr(n, "type");
        const char *id = docx_attr(n, "styleId");
        if (!id || (type && strcmp(type, "paragraph") && strcmp(type, "numbering"))) continue;
        const char *name = docx_attr(docx_child(n, "name"), "val");
        const char *based = docx_attr(docx_child(n, "basedOn"), "val");
        const char *dflt = docx_attr(n, "default");
        const xmlNode *ppr = docx_child(n, "pPr");
        const xmlNode *numpr = docx_child(ppr, "numPr");
        S_style s = {.id = fz_xstrdup(id),
                     .name = name ? fz_xstrdup(name) : NULL,
                     .based = based ? fz_xstrdup(based) : NULL,
                     .num_id = S_int_child(numpr, "numId", -1),
                     .ilvl = S_int_child(numpr, "ilvl", -1),
                     .outline = S_int_child(ppr, "outlineLvl", -1),
                     .is_default = dflt && (!strcmp(dflt, "1") || !strcmp(dflt, "true"))};
        fz_vec_push(&f->styles, s);
    }
}

docx_fmt *docx_fmt_new(xmlDocPtr styles, xmlDocPtr numbering) {
    docx_fmt *f = fz_xcalloc(1, sizeof *f);
    if (styles) S_read_styles(f, xmlDocGetRootElement(styles));
    if (numbering) S_read_numbering(f, xmlDocGetRootElement(numbering));
    return f;
}

void docx_fmt_free(docx_fmt *f) {
    if (!f) return;
    for (size_t i = 0; i < f->abs.n; i++) {
        for (int k = 0; k < NLVL; k++) S_free_lvl(&f->abs.v[i].lvl[k]);
        free(f->abs.v[i].num_style_link);
    }
    for (size_t i = 0; i < f->nums.n; i++)
        for (int k = 0; k < NLVL; k++) S_free_lvl(&f->nums.v[i].over[k]);
    for (size_t i = 0; i < f->styles.n; i++) {
        free(f->styles.v[i].id);
        free(f->styles.v[i].name);
        free(f->styles.v[i].based);
    }
    fz_vec_free(&f->abs);
    fz_vec_free(&f->nums);
    fz_vec_free(&f->styles);
    free(f);
}

void docx_fmt_reset(docx_fmt *f) {
    for (size_t i = 0; i < f->abs.n; i++) {
        memset(f->abs.v[i].count, 0, sizeof f->abs.v[i].count);
        memset(f->abs.v[i].set, 0, sizeof f->abs.v[i].set);
    }
    for (size_t i = 0; i < f->nums.n; i++) f->nums.v[i].used = false;
}

static S_style *S_style_by_id(docx_fmt *f, const char *id) {
    for (size_t i = 0; id && i < f->styles.n; i++)
        if (!strcmp(f->styles.v[i].id, id)) return &f->styles.v[i];
    return NULL;
}

static S_num *S_num_by_id(docx_fmt *f, int id) {
    for (size_t i = 0; i < f->nums.n; i++)
        if (f->nums.v[i].id == id) return &f->nums.v[i];
    return NULL;
}

static S_abs *S_abs_by_id(docx_fmt *f, int id) {
    for (size_t i = 0; i < f->abs.n; i++)
        if (f->abs.v[i].id == id) return &f->abs.v[i];
    return NULL;
}

/* The abstractNum a w:num uses, through a numbering style's link when it has one. */
static S_abs *S_abs_of(docx_fmt *f, const S_num *u) {
    S_abs *a = S_abs_by_id(f, u->abs_id);
    for (int hop = 0; a && a->num_style_link && hop < 4; hop++) {
        const S_style *s = S_style_by_id(f, a->num_style_link);
        const S_num *lu = s && s->num_id > 0 ? S_num_by_id(f, s->num_id) : NULL;
        S_abs *la = lu ? S_abs_by_id(f, lu->abs_id) : NULL;
        if (!la || la == a) break;
        a = la;
    }
    return a;
}

static const S_lvl *S_lvl_of(const S_num *u, const S_abs *a, int k) {
    return u->over[k].defined ? &u->over[k] : &a->lvl[k];
}

static void S_put_cp(fz_buf *out, int cp) {
    char u[4];
    fz_buf_put(out, u, fz_utf8_encode(cp, u));
}

static const char *const S_cn_digit[] = {"〇", "一", "二", "三", "四",
                                         "五", "六", "七", "八", "九"};
static const char *const S_legal_digit[] = {"零", "壹", "贰", "叁", "肆",
                                            "伍", "陆", "柒", "捌", "玖"};

/* 1..9999 the way Chinese counts: 十一, 二十, 一百零五, 一千零一十. */
static void S_chinese(int n, const char *const *digit, const char *const *unit, fz_buf *out) {
    int parts[4] = {n / 1000, n / 100 % 10, n / 10 % 10, n % 10};
    bool zero = false, any = false;
    for (int k = 0; k < 4; k++) {
        int d = parts[k];
        if (!d) {
            zero = any;
            continue;
        }
        if (zero) fz_buf_puts(out, "零");
        zero = false;
        /* 十 alone for 10..19 at the head: 十一, not 一十一 */
        if (!(k == 2 && d == 1 && !any)) fz_buf_puts(out, digit[d]);
        if (unit[k][0]) fz_buf_puts(out, unit[k]);
        any = true;
    }
}

void docx_format_number(const char *fmt, int n, fz_buf *out) {
    static const char *const cn_unit[] = {"千", "百", "十", ""};
    static const char *const legal_unit[] = {"仟", "佰", "拾", ""};
    static const char *const gan[] = {"甲", "乙", "丙", "丁", "戊", "己", "庚", "辛", "壬", "癸"};
    static const char *const zhi[] = {"子", "丑", "寅", "卯", "辰", "巳",
                                      "午", "未", "申", "酉", "戌", "亥"};
    if (!strcmp(fmt, "none") || !strcmp(fmt, "bullet")) return;
    if (n >= 1 && n <= 9999 &&
        (!strcmp(fmt, "chineseCounting") || !strcmp(fmt, "chineseCountingThousand") ||
         !strcmp(fmt, "japaneseCounting") || !strcmp(fmt, "taiwaneseCounting") ||
         !strcmp(fmt, "taiwaneseCountingThousand"))) {
        S_chinese(n, S_cn_digit, cn_unit, out);
    } else if (n >= 1 && n <= 9999 && !strcmp(fmt, "chineseLegalSimplified")) {
        S_chinese(n, S_legal_digit, legal_unit, out);
    } else if (n >= 1 && !strcmp(fmt, "ideographTraditional")) {
        fz_buf_puts(out, gan[(n - 1) % 10]);
    } else if (n >= 1 && !strcmp(fmt, "ideographZodiac")) {
        fz_buf_puts(out, zhi[(n - 1) % 12]);
    } else if (n >= 0 && (!strcmp(fmt, "ideographDigital") || !strcmp(fmt, "taiwaneseDigital"))) {
        char d[16];
        snprintf(d, sizeof d, "%d", n);
        for (char *c = d; *c; c++) fz_buf_puts(out, S_cn_digit[*c - '0']);
    } else if (n >= 1 && n <= 50 &&
               (!strcmp(fmt, "decimalEnclosedCircle") ||
                !strcmp(fmt, "decimalEnclosedCircleChinese"))) {
        S_put_cp(out, n <= 20 ? 0x2460 + n - 1 : n <= 35 ? 0x3251 + n - 21 : 0x32B1 + n - 36);
    } else if (n >= 1 && n <= 20 && !strcmp(fmt, "decimalEnclosedParen")) {
        S_put_cp(out, 0x2474 + n - 1);
    } else if (n >= 1 && n <= 20 && !strcmp(fmt, "decimalEnclosedFullstop")) {
        S_put_cp(out, 0x2488 + n - 1);
    } else if (n >= 0 && (!strcmp(fmt, "decimalFullWidth") || !strcmp(fmt, "decimalFullWidth2"))) {
        char d[16];
        snprintf(d, sizeof d, "%d", n);
        for (char *c = d; *c; c++) S_put_cp(out, 0xFF10 + (*c - '0'));
    } else if (n >= 1 && (!strcmp(fmt, "lowerLetter") || !strcmp(fmt, "upperLetter"))) {
        char c = (char)((fmt[0] == 'l' ? 'a' : 'A') + (n - 1) % 26);
        for (int k = 0; k <= (n - 1) / 26 && k < 64; k++) fz_buf_putc(out, c);
    } else if (n >= 1 && n < 4000 && (!strcmp(fmt, "lowerRoman") || !strcmp(fmt, "upperRoman"))) {
        static const int val[] = {1000, 900, 500, 400, 100, 90, 50, 40, 10, 9, 5, 4, 1};
        static const char *const sym[] = {"m",  "cm", "d",  "cd", "c",  "xc", "l",
                                          "xl", "x",  "ix", "v",  "iv", "i"};
        for (int k = 0; k < 13; k++)
            for (; n >= val[k]; n -= val[k])
                for (const char *s = sym[k]; *s; s++)
                    fz_buf_putc(out, fmt[0] == 'u' ? (char)toupper((unsigned char)*s) : *s);
    } else if (!strcmp(fmt, "decimalZero") && n >= 0 && n < 10) {
        fz_buf_printf(out, "0%d", n);
    } else {
        fz_buf_printf(out, "%d", n);
    }
}

/* The paragraph's style and what it inherits, up the basedOn chain. */
typedef struct S_resolved {
    const S_style *style; /* the paragraph's own, or the default paragraph style */
    int num_id, ilvl, outline;
    bool title;
} S_resolved;

static S_resolved S_resolve(docx_fmt *f, const xmlNode *ppr) {
    S_resolved r = {.num_id = -1, .ilvl = -1, .outline = -1};
    const char *sid = docx_attr(docx_child(ppr, "pStyle"), "val");
    const S_style *s = S_style_by_id(f, sid);
    for (size_t i = 0; !s && !sid && i < f->styles.n; i++)
        if (f->styles.v[i].is_default) s = &f->styles.v[i];
    r.style = s;
    for (int hop = 0; s && hop < 16; hop++, s = S_style_by_id(f, s->based)) {
        if (s->name && !strcasecmp(s->name, "title")) r.title = true;
        if (r.num_id < 0 && s->num_id >= 0) r.num_id = s->num_id, r.ilvl = s->ilvl;
        if (r.outline < 0 && s->outline >= 0) r.outline = s->outline;
        if (r.outline < 0 && s->name && !strncasecmp(s->name, "heading ", 8)) {
            int lv = S_int(s->name + 8, 0);
            if (lv >= 1 && lv <= 9) r.outline = lv - 1;
        }
    }
    return r;
}

/* Level k of the list was used: deeper levels restart as their lvlRestart says. */
static void S_restart_below(S_abs *a, const S_num *u, int k) {
    for (int j = k + 1; j < NLVL; j++) {
        int rs = S_lvl_of(u, a, j)->restart;
        if (rs == 0) continue;
        if (rs < 0 || k <= rs - 1) a->set[j] = false;
    }
}

int docx_fmt_para(docx_fmt *f, const xmlNode *ppr, fz_buf *out) {
    S_resolved r = S_resolve(f, ppr);
    const xmlNode *numpr = docx_child(ppr, "numPr");
    int num_id = r.num_id, ilvl = r.ilvl;
    if (numpr && docx_child(numpr, "numId")) {
        num_id = S_int_child(numpr, "numId", -1);
        ilvl = S_int_child(numpr, "ilvl", 0);
    } else if (numpr && docx_child(numpr, "ilvl")) {
        ilvl = S_int_child(numpr, "ilvl", 0);
    }
    int outline = S_int_child(ppr, "outlineLvl", r.outline);
    int style = r.title ? FZ_DOC_STYLE_TITLE : outline >= 0 && outline <= 8 ? outline + 1 : 0;

    S_num *u = num_id > 0 ? S_num_by_id(f, num_id) : NULL;
    S_abs *a = u ? S_abs_of(f, u) : NULL;
    if (!a) return style;
    if (ilvl < 0) { /* a style's numbering without a level: the level tied to the style */
        ilvl = 0;
        for (int k = 0; r.style && k < NLVL; k++)
            if (S_lvl_of(u, a, k)->pstyle && !strcmp(S_lvl_of(u, a, k)->pstyle, r.style->id))
                ilvl = k;
    }
    if (ilvl >= NLVL) ilvl = NLVL - 1;
    if (!u->used) { /* a w:num that restarts its list does so where it is first used */
        u->used = true;
        for (int k = 0; k < NLVL; k++)
            if (u->start_over[k] >= 0) {
                a->count[k] = u->start_over[k] - 1;
                a->set[k] = true;
            }
    }
    const S_lvl *lv = S_lvl_of(u, a, ilvl);
    if (a->set[ilvl]) {
        if (a->count[ilvl] < 1000000) a->count[ilvl]++;
    } else {
        a->count[ilvl] = lv->start;
        a->set[ilvl] = true;
    }
    S_restart_below(a, u, ilvl);
    if (!lv->text || !strcmp(lv->fmt, "bullet")) return style; /* a bullet is a glyph */
    size_t before = out->len;
    for (const char *p = lv->text; *p; p++) {
        if (p[0] == '%' && p[1] >= '1' && p[1] <= '9') {
            int k = p[1] - '1';
            const S_lvl *kl = S_lvl_of(u, a, k);
            int value = a->set[k] ? a->count[k] : kl->start;
            docx_format_number(lv->legal && k < ilvl ? "decimal" : kl->fmt, value, out);
            p++;
        } else {
            fz_buf_putc(out, *p);
        }
    }
    if (out->len > before && lv->suff == 1) fz_buf_putc(out, ' ');
    return style;
}
