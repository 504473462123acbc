/* pack.c - reading a pack's values: scalars, levels, patterns checked against their view, located
 * errors. */
#include "pack.h"
#include "utf8.h"

#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

/* ---- scalars ---------------------------------------------------------------------- */

const char *fz_pack_str(fz_pack *c, const fz_ynode *n, const char *what) {
    if (n->kind != FZ_Y_SCALAR) {
        FZ_PACK_ERR(c, n, "“%s”应为字符串，而不是%s", what, fz_ykind_name(n->kind));
        return NULL;
    }
    return n->str;
}

bool fz_pack_int(fz_pack *c, const fz_ynode *n, const char *what, long lo, long hi, int *out) {
    const char *s = fz_pack_str(c, n, what);
    if (!s) return false;
    char *end;
    long v = strtol(s, &end, 10);
    if (!*s || *end || v < lo || v > hi) {
        FZ_PACK_ERR(c, n, "“%s”应为 %ld 到 %ld 之间的整数，而不是“%s”", what, lo, hi, s);
        return false;
    }
    *out = (int)v;
    return true;
}

static bool S_num(fz_pack *c, const fz_ynode *n, const char *what, double *out) {
    const char *s = fz_pack_str(c, n, what);
    if (!s) return false;
    char *end;
    double v = strtod(s, &end);
    if (!*s || *end || v != v) {
        FZ_PACK_ERR(c, n, "“%s”应为数字，而不是“%s”", what, s);
        return false;
    }
    *out = v;
    return true;
}

bool fz_pack_bool(fz_pack *c, const fz_ynode *n, const char *what, bool *out) {
    const char *s = fz_pack_str(c, n, what);
    if (!s) return false;
    if (!strcmp(s, "true") || !strcmp(s, "yes") || !strcmp(s, "on")) return *out = true, true;
    if (!strcmp(s, "false") || !strcmp(s, "no") || !strcmp(s, "off")) return *out = false, true;
    FZ_PACK_ERR(c, n, "“%s”应为 true 或 false，而不是“%s”", what, s);
    return false;
}

bool fz_pack_level(fz_pack *c, const fz_ynode *n, fz_level *out) {
    const char *s = fz_pack_str(c, n, "level");
    if (!s) return false;
    if (fz_level_parse(s, out)) return true;
    FZ_PACK_ERR(c, n, "未知的级别“%s”（可用：error、warning、info）", s);
    return false;
}

void fz_pack_set_str(fz_pack *c, const fz_ynode *n, const char *what, char **dst) {
    const char *s = fz_pack_str(c, n, what);
    if (!s) return;
    free(*dst);
    *dst = fz_xstrdup(s);
}

/* ---- patterns --------------------------------------------------------------------- */

/* A character NFKC changes can never occur in the normalized view (（ is ( there). */
static bool S_nfkc_changes(const char *p, size_t len) {
    if (len == 3 && !memcmp(p, "\xE2\x80\xA6", 3)) return false; /* … is kept */
    utf8proc_uint8_t *out = NULL;
    utf8proc_ssize_t n = utf8proc_map((const utf8proc_uint8_t *)p, (utf8proc_ssize_t)len, &out,
                                      UTF8PROC_COMPAT | UTF8PROC_COMPOSE);
    bool changed = n < 0 || (size_t)n != len || memcmp(out, p, len) != 0;
    free(out);
    return changed;
}

static size_t S_pattern_col(const fz_ynode *n, size_t off) {
    if (n->style == 'p') return n->col + off;
    if (n->style == '\'' || n->style == '"') return n->col + 1 + off;
    return n->col;
}

static fz_regex *S_regex_jit(fz_pack *c, const fz_ynode *n, bool normalize, bool jit) {
    const char *s = fz_pack_str(c, n, "pattern");
    if (!s) return NULL;
    if (!*s) {
        FZ_PACK_ERR(c, n, "模式不能为空");
        return NULL;
    }
    fz_buf why = {0};
    size_t off = 0;
    fz_regex *re = jit ? fz_regex_new(s, &why, &off) : fz_regex_new_nojit(s, &why, &off);
    if (!re) {
        fz_ynode at = *n;
        at.line = n->style == '|' || n->style == '>' ? n->line + 1 : n->line;
        at.col = S_pattern_col(n, off);
        FZ_PACK_ERR(c, &at, "无效的正则表达式：%s", why.ptr ? why.ptr : "");
        fz_buf_free(&why);
        return NULL;
    }
    fz_buf_free(&why);
    if (normalize) {
        size_t chars = 0;
        size_t slen = strlen(s);
        for (size_t i = 0; s[i];) {
            size_t l = fz_utf8_fwd(s, slen, i + 1) - i;
            if ((unsigned char)s[i] >= 0x80 && S_nfkc_changes(s + i, l)) {
                fz_ynode at = *n;
                at.col = S_pattern_col(n, chars);
                FZ_PACK_ERR(
                    c, &at,
                    "模式中的“%.*s”在规范化文本中不会出现（规范化后为半角形式）；请改写为半角，"
                    "或设置 normalize: false",
                    (int)l, s + i);
                fz_regex_free(re);
                return NULL;
            }
            i += l;
            chars++;
        }
    }
    return re;
}

fz_regex *fz_pack_regex(fz_pack *c, const fz_ynode *n, bool normalize) {
    return S_regex_jit(c, n, normalize, true);
}

/* A pattern checked here and compiled again elsewhere: no JIT for this copy. */
bool fz_pack_regex_ok(fz_pack *c, const fz_ynode *n, bool normalize) {
    fz_regex *re = S_regex_jit(c, n, normalize, false);
    fz_regex_free(re);
    return re != NULL;
}

bool fz_pack_need_group(fz_pack *c, const fz_ynode *n, const fz_regex *re, const char *group) {
    if (fz_regex_group_index(re, group) >= 0) return true;
    FZ_PACK_ERR(c, n, "模式必须含有命名捕获组 (?<%s>...)", group);
    return false;
}

void fz_regexes_free(fz_regexes *pats) {
    for (size_t i = 0; i < pats->n; i++) fz_regex_free(pats->v[i]);
    fz_vec_free(pats);
}

void fz_pack_patterns(fz_pack *c, fz_rule *r, const fz_ynode *v, fz_regexes *pats, bool single,
                      const char *group) {
    for (size_t i = 0; i < pats->n; i++) fz_regex_free(pats->v[i]);
    pats->n = 0;
    if (v->kind == FZ_Y_SEQ && !single) {
        if (v->n == 0) FZ_PACK_ERR(c, v, "“pattern”列表不能为空");
        for (size_t i = 0; i < v->n; i++) {
            fz_regex *re = fz_pack_regex(c, v->items[i], r->normalize);
            if (re) fz_vec_push(pats, re);
        }
        return;
    }
    fz_regex *re = fz_pack_regex(c, v, r->normalize);
    if (!re) return;
    fz_vec_push(pats, re);
    if (group) fz_pack_need_group(c, v, re, group);
}

void fz_pack_summary(fz_pack *c, fz_rule *r, const fz_ynode *v) {
    fz_pack_set_str(c, v, "summary", &r->summary);
}

void fz_pack_fix(fz_pack *c, fz_rule *r, const fz_ynode *v) {
    fz_pack_bool(c, v, "fix", &r->fix);
}

void fz_pack_error(fz_pack *c, const fz_ynode *at, const char *fmt, ...) {
    fz_buf msg = {0};
    va_list ap;
    va_start(ap, fmt);
    fz_buf_vprintf(&msg, fmt, ap);
    va_end(ap);
    FZ_PACK_ERR(c, at, "%s", msg.ptr ? msg.ptr : "");
    fz_buf_free(&msg);
}

void fz_pack_section_ref(fz_pack *c, fz_rule *r, const char *name, const fz_ynode *at,
                         void (*resolved)(fz_rule *r, int index, const char *id)) {
    fz_pack_ref ref = {r, fz_xstrdup(name), at, resolved};
    fz_vec_push(&c->refs, ref);
}

fz_facts_profile *fz_pack_facts(fz_pack *c) {
    return c->facts;
}

void fz_pack_check(fz_pack *c, fz_rule *r, const fz_ynode *v, fz_check *ck, bool bound,
                   const char *what) {
    const char *main = bound ? "value" : "pattern";
    if (v->kind == FZ_Y_SCALAR) {
        if (bound)
            ck->set = S_num(c, v, what, &ck->value) || ck->set;
        else
            ck->re = fz_pack_regex(c, v, r->normalize);
        return;
    }
    if (v->kind != FZ_Y_MAP) {
        FZ_PACK_ERR(c, v, "“%s”应为映射（%s、message、level）", what, main);
        return;
    }
    bool has_main = false;
    for (size_t i = 0; i + 1 < v->n; i += 2) {
        const char *k = v->items[i]->str;
        const fz_ynode *x = v->items[i + 1];
        if (!strcmp(k, main)) {
            has_main = true;
            if (bound)
                ck->set = S_num(c, x, what, &ck->value);
            else
                ck->re = fz_pack_regex(c, x, r->normalize);
        } else if (!strcmp(k, "message")) {
            fz_pack_set_str(c, x, "message", &ck->message);
        } else if (!strcmp(k, "level")) {
            ck->has_level = fz_pack_level(c, x, &ck->level);
        } else {
            FZ_PACK_ERR(c, v->items[i], "“%s”中未知的键“%s”（可用：%s、message、level）", what, k,
                        main);
        }
    }
    if (!has_main) FZ_PACK_ERR(c, v, "“%s”缺少“%s”", what, main);
}

void fz_check_free(fz_check *ck) {
    fz_regex_free(ck->re);
    free(ck->message);
    memset(ck, 0, sizeof *ck);
}
