/* rules.c - loading and validating rule packs (YAML) into the rule model. */
#include "rules.h"

#include <dirent.h>
#include <limits.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <utf8proc.h>

#include "yamltree.h"

#define T(x)     (1u << FZ_RULE_##x)
#define T_ALL    ((1u << FZ_RULE_NTYPES) - 1)
#define T_SCOPED (T(REQUIRE) | T(FORBID) | T(SWAP) | T(METRIC) | T(PAIR) | T(YEAR))

static const char *S_type_names[FZ_RULE_NTYPES] = {"section", "require",  "forbid", "swap",
                                                   "metric",  "sequence", "pair",   "year",
                                                   "date",    "sum",      "ratio",  "fact",
                                                   "compare"};
#define T_FACTS (T(SUM) | T(RATIO) | T(FACT))

const char *fz_rule_type_name(fz_rule_type t) {
    return t < FZ_RULE_NTYPES ? S_type_names[t] : "?";
}

/* A reference to a section rule, resolved once the whole pack is read. */
typedef struct S_ref {
    fz_rule *rule;
    char *name;
    const fz_ynode *node;
    bool is_scope;
} S_ref;

typedef struct S_ctx {
    fz_ruleset *rs;
    const fz_ydoc *doc;
    fz_buf *errors;
    bool ok;
    const char *pack;
    FZ_VEC(S_ref) refs;
    fz_facts_profile *facts; /* the pack's `facts:` block and facts rules, until kept */
} S_ctx;

#define S_ERR(c, node, ...) ((c)->ok = false, fz_yerror((c)->errors, (c)->doc, (node), __VA_ARGS__))

/* ---- scalars ---------------------------------------------------------------------- */

static const char *S_str(S_ctx *c, const fz_ynode *n, const char *what) {
    if (n->kind != FZ_Y_SCALAR) {
        S_ERR(c, n, "“%s”应为字符串，而不是%s", what, fz_ykind_name(n->kind));
        return NULL;
    }
    return n->str;
}

static bool S_int(S_ctx *c, const fz_ynode *n, const char *what, long lo, long hi, int *out) {
    const char *s = S_str(c, n, what);
    if (!s) return false;
    char *end;
    long v = strtol(s, &end, 10);
    if (!*s || *end || v < lo || v > hi) {
        S_ERR(c, n, "“%s”应为 %ld 到 %ld 之间的整数，而不是“%s”", what, lo, hi, s);
        return false;
    }
    *out = (int)v;
    return true;
}

static bool S_num(S_ctx *c, const fz_ynode *n, const char *what, double *out) {
    const char *s = S_str(c, n, what);
    if (!s) return false;
    char *end;
    double v = strtod(s, &end);
    if (!*s || *end || v != v) {
        S_ERR(c, n, "“%s”应为数字，而不是“%s”", what, s);
        return false;
    }
    *out = v;
    return true;
}

static bool S_bool(S_ctx *c, const fz_ynode *n, const char *what, bool *out) {
    const char *s = S_str(c, n, what);
    if (!s) return false;
    if (!strcmp(s, "true") || !strcmp(s, "yes") || !strcmp(s, "on")) return *out = true, true;
    if (!strcmp(s, "false") || !strcmp(s, "no") || !strcmp(s, "off")) return *out = false, true;
    S_ERR(c, n, "“%s”应为 true 或 false，而不是“%s”", what, s);
    return false;
}

static bool S_level(S_ctx *c, const fz_ynode *n, fz_level *out) {
    const char *s = S_str(c, n, "level");
    if (!s) return false;
    if (!strcmp(s, "error")) return *out = FZ_LEVEL_ERROR, true;
    if (!strcmp(s, "warning")) return *out = FZ_LEVEL_WARNING, true;
    if (!strcmp(s, "info")) return *out = FZ_LEVEL_INFO, true;
    S_ERR(c, n, "未知的级别“%s”（可用：error、warning、info）", s);
    return false;
}

static void S_set_str(S_ctx *c, const fz_ynode *n, const char *what, char **dst) {
    const char *s = S_str(c, n, what);
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

static fz_regex *S_regex_jit(S_ctx *c, const fz_ynode *n, bool normalize, bool jit) {
    const char *s = S_str(c, n, "pattern");
    if (!s) return NULL;
    if (!*s) {
        S_ERR(c, n, "模式不能为空");
        return NULL;
    }
    fz_buf why = {0};
    size_t off = 0;
    fz_regex *re = jit ? fz_regex_new(s, &why, &off) : fz_regex_new_nojit(s, &why, &off);
    if (!re) {
        fz_ynode at = *n;
        at.line = n->style == '|' || n->style == '>' ? n->line + 1 : n->line;
        at.col = S_pattern_col(n, off);
        S_ERR(c, &at, "无效的正则表达式：%s", why.ptr ? why.ptr : "");
        fz_buf_free(&why);
        return NULL;
    }
    fz_buf_free(&why);
    if (normalize) {
        size_t chars = 0;
        for (size_t i = 0; s[i];) {
            size_t l = 1;
            while (s[i + l] && ((unsigned char)s[i + l] & 0xC0) == 0x80) l++;
            if ((unsigned char)s[i] >= 0x80 && S_nfkc_changes(s + i, l)) {
                fz_ynode at = *n;
                at.col = S_pattern_col(n, chars);
                S_ERR(c, &at,
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

static fz_regex *S_regex(S_ctx *c, const fz_ynode *n, bool normalize) {
    return S_regex_jit(c, n, normalize, true);
}

/* A pattern checked here and compiled again elsewhere: no JIT for this copy. */
static bool S_regex_ok(S_ctx *c, const fz_ynode *n, bool normalize) {
    fz_regex *re = S_regex_jit(c, n, normalize, false);
    fz_regex_free(re);
    return re != NULL;
}

static bool S_need_group(S_ctx *c, const fz_ynode *n, const fz_regex *re, const char *group) {
    if (fz_regex_group_index(re, group) >= 0) return true;
    S_ERR(c, n, "模式必须含有命名捕获组 (?<%s>...)", group);
    return false;
}

/* ---- rule keys -------------------------------------------------------------------- */

typedef void (*S_keyfn)(S_ctx *c, fz_rule *r, const fz_ynode *v);

static void S_k_level(S_ctx *c, fz_rule *r, const fz_ynode *v) {
    S_level(c, v, &r->level);
}
static void S_k_message(S_ctx *c, fz_rule *r, const fz_ynode *v) {
    S_set_str(c, v, "message", &r->message);
}
static void S_k_authority(S_ctx *c, fz_rule *r, const fz_ynode *v) {
    S_set_str(c, v, "authority", &r->authority);
}
static void S_k_description(S_ctx *c, fz_rule *r, const fz_ynode *v) {
    S_set_str(c, v, "description", &r->description);
}
/* kinds: one kind name or a list (the names of document.kinds, checked when the
 * pack is read); silent-if: a rule id (resolved when the pack is read). */
static void S_k_kinds(S_ctx *c, fz_rule *r, const fz_ynode *v) {
    const fz_ynode *one[1] = {v};
    const fz_ynode *const *items = v->kind == FZ_Y_SEQ ? (const fz_ynode *const *)v->items : one;
    size_t n = v->kind == FZ_Y_SEQ ? v->n : 1;
    for (size_t i = 0; i < n; i++) {
        const char *k = S_str(c, items[i], "kinds");
        if (k) fz_vec_push(&r->kinds, fz_xstrdup(k));
    }
}
static void S_k_silent_if(S_ctx *c, fz_rule *r, const fz_ynode *v) {
    S_set_str(c, v, "silent-if", &r->silent_if);
}
static void S_k_enabled(S_ctx *c, fz_rule *r, const fz_ynode *v) {
    S_bool(c, v, "enabled", &r->enabled);
}
static void S_k_normalize(S_ctx *c, fz_rule *r, const fz_ynode *v) {
    S_bool(c, v, "normalize", &r->normalize);
}

static void S_k_scope(S_ctx *c, fz_rule *r, const fz_ynode *v) {
    static const char *names[] = {"document", "title", "body", "heading", "paragraph", "sentence"};
    const char *s = S_str(c, v, "scope");
    if (!s) return;
    for (size_t i = 0; i < sizeof names / sizeof *names; i++)
        if (!strcmp(s, names[i])) {
            r->scope.kind = (fz_scope_kind)i;
            return;
        }
    if (!strncmp(s, "section:", 8) && s[8]) {
        r->scope.kind = FZ_SCOPE_SECTION;
        S_ref ref = {r, fz_xstrdup(s + 8), v, true};
        fz_vec_push(&c->refs, ref);
        return;
    }
    S_ERR(c, v,
          "未知的范围“%s”（可用：document、title、body、heading、paragraph、sentence、"
          "section:规则id）",
          s);
}

static void S_strings(S_ctx *c, const fz_ynode *v, const char *what, void *vec_) {
    FZ_VEC(char *) *vec = vec_;
    if (v->kind == FZ_Y_SCALAR) {
        fz_vec_push(vec, fz_xstrdup(v->str));
        return;
    }
    if (v->kind != FZ_Y_SEQ) {
        S_ERR(c, v, "“%s”应为字符串或字符串列表", what);
        return;
    }
    for (size_t i = 0; i < v->n; i++) {
        const char *s = S_str(c, v->items[i], what);
        if (s) fz_vec_push(vec, fz_xstrdup(s));
    }
}

static void S_k_examples(S_ctx *c, fz_rule *r, const fz_ynode *v) {
    if (v->kind != FZ_Y_MAP) {
        S_ERR(c, v, "“examples”应为含 good 和 bad 的映射");
        return;
    }
    for (size_t i = 0; i + 1 < v->n; i += 2) {
        const char *k = v->items[i]->str;
        if (!strcmp(k, "good"))
            S_strings(c, v->items[i + 1], "good", &r->good);
        else if (!strcmp(k, "bad"))
            S_strings(c, v->items[i + 1], "bad", &r->bad);
        else
            S_ERR(c, v->items[i], "“examples”中未知的键“%s”（可用：good、bad）", k);
    }
}

static void S_k_years(S_ctx *c, fz_rule *r, const fz_ynode *v) {
    if (v->kind != FZ_Y_MAP) {
        S_ERR(c, v, "“report-years”应为含 min、max 的映射");
        return;
    }
    for (size_t i = 0; i + 1 < v->n; i += 2) {
        const char *k = v->items[i]->str;
        if (!strcmp(k, "min"))
            S_int(c, v->items[i + 1], "min", 1900, 2999, &r->year_min);
        else if (!strcmp(k, "max"))
            S_int(c, v->items[i + 1], "max", 1900, 2999, &r->year_max);
        else
            S_ERR(c, v->items[i], "“report-years”中未知的键“%s”（可用：min、max）", k);
    }
}

static void S_free_patterns(fz_rule *r) {
    for (size_t i = 0; i < r->patterns.n; i++) fz_regex_free(r->patterns.v[i]);
    r->patterns.n = 0;
}

static void S_k_pattern(S_ctx *c, fz_rule *r, const fz_ynode *v) {
    S_free_patterns(r);
    bool single = r->type == FZ_RULE_METRIC || r->type == FZ_RULE_YEAR;
    if (v->kind == FZ_Y_SEQ && !single) {
        if (v->n == 0) S_ERR(c, v, "“pattern”列表不能为空");
        for (size_t i = 0; i < v->n; i++) {
            fz_regex *re = S_regex(c, v->items[i], r->normalize);
            if (re) fz_vec_push(&r->patterns, re);
        }
        return;
    }
    fz_regex *re = S_regex(c, v, r->normalize);
    if (!re) return;
    fz_vec_push(&r->patterns, re);
    if (r->type == FZ_RULE_METRIC) S_need_group(c, v, re, "value");
    if (r->type == FZ_RULE_YEAR) S_need_group(c, v, re, "year");
}

static void S_k_at_least(S_ctx *c, fz_rule *r, const fz_ynode *v) {
    S_int(c, v, "at-least", 1, 1000, &r->at_least);
}
static void S_k_if_missing(S_ctx *c, fz_rule *r, const fz_ynode *v) {
    if (v->kind == FZ_Y_SCALAR && strcmp(v->str, "report") == 0)
        r->if_missing = 1;
    else if (v->kind == FZ_Y_SCALAR && strcmp(v->str, "skip") == 0)
        r->if_missing = 0;
    else
        S_ERR(c, v, "“if-missing”应为 report 或 skip");
}
static void S_k_suggest(S_ctx *c, fz_rule *r, const fz_ynode *v) {
    S_set_str(c, v, "suggest", &r->suggest);
}
static void S_k_fix(S_ctx *c, fz_rule *r, const fz_ynode *v) {
    S_bool(c, v, "fix", &r->fix);
}
/* suggest-map: {"半角": "全角", ...}; the suggestion is the match with each key replaced. */
static void S_k_suggest_map(S_ctx *c, fz_rule *r, const fz_ynode *v) {
    if (v->kind != FZ_Y_MAP || v->n == 0) {
        S_ERR(c, v, "“suggest-map”应为“原文: 改为”的非空映射");
        return;
    }
    for (size_t i = 0; i + 1 < v->n; i += 2) {
        const char *from = S_str(c, v->items[i], "suggest-map");
        const char *to = S_str(c, v->items[i + 1], "suggest-map");
        if (!from || !to) continue;
        if (!*from) {
            S_ERR(c, v->items[i], "“suggest-map”的键不能为空");
            continue;
        }
        fz_swap sw = {NULL, fz_xstrdup(to), fz_xstrdup(from)};
        fz_vec_push(&r->suggest_map, sw);
    }
}
static void S_k_summarize(S_ctx *c, fz_rule *r, const fz_ynode *v) {
    S_int(c, v, "summarize-over", 0, 1000000, &r->summarize_over);
}
static void S_k_summary(S_ctx *c, fz_rule *r, const fz_ynode *v) {
    S_set_str(c, v, "summary", &r->summary);
}
static void S_k_summary_message(S_ctx *c, fz_rule *r, const fz_ynode *v) {
    S_set_str(c, v, "summary-message", &r->summary_message);
}
static void S_k_summary_level(S_ctx *c, fz_rule *r, const fz_ynode *v) {
    r->has_summary_level = S_level(c, v, &r->summary_level);
}

static void S_k_swap(S_ctx *c, fz_rule *r, const fz_ynode *v) {
    if (v->kind != FZ_Y_MAP || v->n == 0) {
        S_ERR(c, v, "“swap”应为“错误写法: 正确写法”的非空映射");
        return;
    }
    for (size_t i = 0; i + 1 < v->n; i += 2) {
        const char *right = S_str(c, v->items[i + 1], "swap");
        fz_regex *re = S_regex(c, v->items[i], r->normalize);
        if (!re || !right) {
            fz_regex_free(re);
            continue;
        }
        fz_swap sw = {re, fz_xstrdup(right), NULL};
        fz_vec_push(&r->swaps, sw);
    }
}

static void S_k_heading(S_ctx *c, fz_rule *r, const fz_ynode *v) {
    fz_regex_free(r->heading);
    r->heading = S_regex(c, v, r->normalize);
}
static void S_k_paragraph(S_ctx *c, fz_rule *r, const fz_ynode *v) {
    fz_regex_free(r->cue);
    r->cue = S_regex(c, v, r->normalize);
}
static void S_k_heading_level(S_ctx *c, fz_rule *r, const fz_ynode *v) {
    S_int(c, v, "heading-level", 1, 5, &r->heading_level);
}
static void S_k_after(S_ctx *c, fz_rule *r, const fz_ynode *v) {
    const fz_ynode *one[1] = {v};
    const fz_ynode *const *items = v->kind == FZ_Y_SEQ ? (const fz_ynode *const *)v->items : one;
    size_t n = v->kind == FZ_Y_SEQ ? v->n : 1;
    for (size_t i = 0; i < n; i++) {
        const char *s = S_str(c, items[i], "after");
        if (!s) continue;
        S_ref ref = {r, fz_xstrdup(s), items[i], false};
        fz_vec_push(&c->refs, ref);
    }
}
static void S_k_order_message(S_ctx *c, fz_rule *r, const fz_ynode *v) {
    S_set_str(c, v, "order-message", &r->order_message);
}

/* {pattern, message, level} (must-contain) or {value, message, level} (bounds);
 * a bare scalar is the pattern or the value. */
static void S_check(S_ctx *c, fz_rule *r, const fz_ynode *v, fz_check *ck, bool bound,
                    const char *what) {
    const char *main = bound ? "value" : "pattern";
    if (v->kind == FZ_Y_SCALAR) {
        if (bound)
            ck->set = S_num(c, v, what, &ck->value) || ck->set;
        else
            ck->re = S_regex(c, v, r->normalize);
        return;
    }
    if (v->kind != FZ_Y_MAP) {
        S_ERR(c, v, "“%s”应为映射（%s、message、level）", what, main);
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
                ck->re = S_regex(c, x, r->normalize);
        } else if (!strcmp(k, "message")) {
            S_set_str(c, x, "message", &ck->message);
        } else if (!strcmp(k, "level")) {
            ck->has_level = S_level(c, x, &ck->level);
        } else {
            S_ERR(c, v->items[i], "“%s”中未知的键“%s”（可用：%s、message、level）", what, k, main);
        }
    }
    if (!has_main) S_ERR(c, v, "“%s”缺少“%s”", what, main);
}

static void S_free_check(fz_check *ck) {
    fz_regex_free(ck->re);
    free(ck->message);
    memset(ck, 0, sizeof *ck);
}

static void S_k_must(S_ctx *c, fz_rule *r, const fz_ynode *v) {
    if (v->kind != FZ_Y_SEQ) {
        S_ERR(c, v, "“must-contain”应为列表");
        return;
    }
    for (size_t i = 0; i < v->n; i++) {
        fz_check ck = {0};
        S_check(c, r, v->items[i], &ck, false, "must-contain");
        if (v->items[i]->kind == FZ_Y_MAP && !ck.message)
            S_ERR(c, v->items[i], "“must-contain”的每一项需要自己的“message”");
        else if (v->items[i]->kind == FZ_Y_SCALAR)
            S_ERR(c, v->items[i], "“must-contain”的每一项应为映射（pattern、message、level）");
        fz_vec_push(&r->must, ck);
    }
}

static void S_k_required(S_ctx *c, fz_rule *r, const fz_ynode *v) {
    S_bool(c, v, "required", &r->required);
}

/* A config may give a bare number to move a bound and keep its message and level. */
static void S_k_bound(S_ctx *c, fz_rule *r, const fz_ynode *v, fz_check *ck, const char *what) {
    if (v->kind == FZ_Y_SCALAR) {
        S_check(c, r, v, ck, true, what);
        return;
    }
    S_free_check(ck);
    S_check(c, r, v, ck, true, what);
}
static void S_k_min(S_ctx *c, fz_rule *r, const fz_ynode *v) {
    S_k_bound(c, r, v, &r->min, "min");
}
static void S_k_max(S_ctx *c, fz_rule *r, const fz_ynode *v) {
    S_k_bound(c, r, v, &r->max, "max");
}

static void S_k_of(S_ctx *c, fz_rule *r, const fz_ynode *v) {
    const char *s = S_str(c, v, "of");
    if (!s) return;
    if (!strcmp(s, "headings"))
        r->seq_of = FZ_SEQ_HEADINGS;
    else if (!strcmp(s, "items"))
        r->seq_of = FZ_SEQ_ITEMS;
    else if (!strcmp(s, "all"))
        r->seq_of = FZ_SEQ_HEADINGS | FZ_SEQ_ITEMS;
    else
        S_ERR(c, v, "未知的“of”取值“%s”（可用：headings、items、all）", s);
}

static const char *S_seq_checks[4] = {"gap", "repeat", "start", "mixed"};

static int S_seq_check(S_ctx *c, const fz_ynode *k) {
    for (int i = 0; i < 4; i++)
        if (!strcmp(k->str, S_seq_checks[i])) return i;
    S_ERR(c, k, "未知的编号检查“%s”（可用：gap、repeat、start、mixed）", k->str);
    return -1;
}

static void S_k_checks(S_ctx *c, fz_rule *r, const fz_ynode *v) {
    if (v->kind != FZ_Y_SEQ) {
        S_ERR(c, v, "“checks”应为列表（gap、repeat、start、mixed）");
        return;
    }
    r->seq_checks = 0;
    for (size_t i = 0; i < v->n; i++) {
        if (!S_str(c, v->items[i], "checks")) continue;
        int k = S_seq_check(c, v->items[i]);
        if (k >= 0) r->seq_checks |= 1 << k;
    }
}

static void S_k_messages(S_ctx *c, fz_rule *r, const fz_ynode *v) {
    if (v->kind != FZ_Y_MAP) {
        S_ERR(c, v, "“messages”应为映射（gap、repeat、start、mixed → 提示语）");
        return;
    }
    for (size_t i = 0; i + 1 < v->n; i += 2) {
        int k = S_seq_check(c, v->items[i]);
        if (k >= 0) S_set_str(c, v->items[i + 1], "messages", &r->seq_messages[k]);
    }
}

static void S_k_pairs(S_ctx *c, fz_rule *r, const fz_ynode *v) {
    if (v->kind != FZ_Y_SEQ || v->n == 0) {
        S_ERR(c, v, "“pairs”应为非空列表，每项是一对标号，如 '《》'");
        return;
    }
    for (size_t i = 0; i < v->n; i++) {
        const char *s = S_str(c, v->items[i], "pairs");
        if (!s) continue;
        size_t l1 = 0, l2 = 0, n = strlen(s);
        if (n) fz_utf8_decode(s, &l1);
        if (l1 < n) fz_utf8_decode(s + l1, &l2);
        if (!n || l1 + l2 != n || l2 == 0) {
            S_ERR(c, v->items[i], "“%s”不是一对标号（应恰好两个字符，如 '《》'）", s);
            continue;
        }
        fz_pair p = {{0}, {0}};
        memcpy(p.open, s, l1);
        memcpy(p.close, s + l1, l2);
        fz_vec_push(&r->pairs, p);
    }
}

static bool S_offset(S_ctx *c, const fz_ynode *v, int *out) {
    const char *s = S_str(c, v, "expect");
    if (!s) return false;
    if (!strcmp(s, "equal")) return *out = 0, true;
    if (!strcmp(s, "next")) return *out = 1, true;
    if (!strcmp(s, "previous")) return *out = -1, true;
    return S_int(c, v, "expect", -50, 50, out);
}

static void S_k_expect(S_ctx *c, fz_rule *r, const fz_ynode *v) {
    r->offsets.n = 0;
    int off;
    if (v->kind == FZ_Y_SEQ) {
        for (size_t i = 0; i < v->n; i++)
            if (S_offset(c, v->items[i], &off)) fz_vec_push(&r->offsets, off);
        if (v->n == 0) S_ERR(c, v, "“expect”不能为空");
    } else if (S_offset(c, v, &off)) {
        fz_vec_push(&r->offsets, off);
    }
}

static void S_k_date(S_ctx *c, fz_rule *r, const fz_ynode *v) {
    const char *s = S_str(c, v, "date");
    if (!s) return;
    if (!strcmp(s, "signed"))
        r->date_which = FZ_DATE_SIGNED;
    else if (!strcmp(s, "published"))
        r->date_which = FZ_DATE_PUBLISHED;
    else
        S_ERR(c, v, "未知的“date”取值“%s”（可用：signed、published）", s);
}

static void S_k_check(S_ctx *c, fz_rule *r, const fz_ynode *v) {
    const char *s = S_str(c, v, "check");
    if (!s) return;
    if (!strcmp(s, "deadline"))
        r->date_check = FZ_DATE_DEADLINE;
    else if (!strcmp(s, "well-formed"))
        r->date_check = FZ_DATE_WELL_FORMED;
    else if (!strcmp(s, "present"))
        r->date_check = FZ_DATE_PRESENT;
    else
        S_ERR(c, v, "未知的“check”取值“%s”（可用：deadline、well-formed、present）", s);
}

static void S_k_deadline(S_ctx *c, fz_rule *r, const fz_ynode *v) {
    if (v->kind != FZ_Y_MAP) {
        S_ERR(c, v, "“deadline”应为映射（year、month、day），如 {year: +1, month: 4, day: 1}");
        return;
    }
    for (size_t i = 0; i + 1 < v->n; i += 2) {
        const char *k = v->items[i]->str;
        const fz_ynode *x = v->items[i + 1];
        if (!strcmp(k, "year"))
            S_int(c, x, "year", -10, 10, &r->deadline_year);
        else if (!strcmp(k, "month"))
            S_int(c, x, "month", 1, 12, &r->deadline_month);
        else if (!strcmp(k, "day"))
            S_int(c, x, "day", 1, 31, &r->deadline_day);
        else
            S_ERR(c, v->items[i], "“deadline”中未知的键“%s”（可用：year、month、day）", k);
    }
}

static void S_k_facts_check(S_ctx *c, fz_rule *r, const fz_ynode *v) {
    S_set_str(c, v, "check", &r->facts_check);
}
static void S_k_rate(S_ctx *c, fz_rule *r, const fz_ynode *v) {
    fz_regex_free(r->rate);
    r->rate = S_regex(c, v, true);
}
static void S_k_numerator(S_ctx *c, fz_rule *r, const fz_ynode *v) {
    fz_regex_free(r->numerator);
    r->numerator = S_regex(c, v, true);
}
static void S_k_denominator(S_ctx *c, fz_rule *r, const fz_ynode *v) {
    fz_regex_free(r->denominator);
    r->denominator = S_regex(c, v, true);
}

static void S_k_cmp_check(S_ctx *c, fz_rule *r, const fz_ynode *v) {
    const char *s = S_str(c, v, "check");
    if (!s) return;
    if (!strcmp(s, "repeated-part"))
        r->cmp_check = FZ_CMP_REPEATED_PART;
    else if (!strcmp(s, "shared-paragraph"))
        r->cmp_check = FZ_CMP_SHARED_PARAGRAPH;
    else
        S_ERR(c, v, "未知的“check”取值“%s”（可用：repeated-part、shared-paragraph）", s);
}
static void S_k_part(S_ctx *c, fz_rule *r, const fz_ynode *v) {
    S_set_str(c, v, "part", &r->cmp_part);
}
static void S_k_min_share(S_ctx *c, fz_rule *r, const fz_ynode *v) {
    S_int(c, v, "min-share", 1, 100, &r->min_share);
}
static void S_k_min_chars(S_ctx *c, fz_rule *r, const fz_ynode *v) {
    S_int(c, v, "min-chars", 1, 100000, &r->min_chars);
}
static void S_k_note(S_ctx *c, fz_rule *r, const fz_ynode *v) {
    S_set_str(c, v, "note", &r->note);
}

typedef struct S_key {
    const char *key;
    unsigned types;
    S_keyfn fn;
    bool param; /* may be set per rule from a config file */
} S_key;

/* normalize comes first: patterns are checked against the view they match on. */
static const S_key S_keys[] = {
    {"normalize", T_SCOPED | T(SECTION), S_k_normalize, false},
    {"level", T_ALL, S_k_level, true},
    {"message", T_ALL, S_k_message, true},
    {"authority", T_ALL, S_k_authority, false},
    {"description", T_ALL, S_k_description, false},
    {"enabled", T_ALL, S_k_enabled, true},
    {"examples", T_ALL, S_k_examples, false},
    {"report-years", T_ALL, S_k_years, true},
    {"kinds", T_ALL, S_k_kinds, false},
    {"silent-if", T_ALL, S_k_silent_if, false},
    {"scope", T_SCOPED, S_k_scope, false},
    {"pattern", T(REQUIRE) | T(FORBID) | T(METRIC) | T(YEAR), S_k_pattern, false},
    {"at-least", T(REQUIRE), S_k_at_least, true},
    {"if-missing", T(REQUIRE), S_k_if_missing, false},
    {"suggest", T(FORBID), S_k_suggest, false},
    {"suggest-map", T(FORBID), S_k_suggest_map, false},
    {"fix", T(FORBID) | T(SWAP) | T(DATE), S_k_fix, true},
    {"summarize-over", T(FORBID), S_k_summarize, true},
    {"summary-message", T(FORBID), S_k_summary_message, false},
    {"summary-level", T(FORBID), S_k_summary_level, false},
    {"summary", T(SECTION) | T(METRIC) | T(COMPARE), S_k_summary, false},
    {"swap", T(SWAP), S_k_swap, false},
    {"heading", T(SECTION), S_k_heading, false},
    {"paragraph", T(SECTION), S_k_paragraph, false},
    {"heading-level", T(SECTION), S_k_heading_level, false},
    {"after", T(SECTION), S_k_after, false},
    {"order-message", T(SECTION), S_k_order_message, false},
    {"must-contain", T(SECTION), S_k_must, false},
    {"required", T(METRIC), S_k_required, true},
    {"min", T(METRIC), S_k_min, true},
    {"max", T(METRIC), S_k_max, true},
    {"of", T(SEQUENCE), S_k_of, false},
    {"checks", T(SEQUENCE), S_k_checks, true},
    {"messages", T(SEQUENCE), S_k_messages, false},
    {"pairs", T(PAIR), S_k_pairs, false},
    {"expect", T(YEAR), S_k_expect, true},
    {"date", T(DATE), S_k_date, false},
    {"check", T(DATE), S_k_check, false},
    {"deadline", T(DATE), S_k_deadline, true},
    {"check", T_FACTS, S_k_facts_check, false},
    {"rate", T(RATIO), S_k_rate, false},
    {"numerator", T(RATIO), S_k_numerator, false},
    {"denominator", T(RATIO), S_k_denominator, false},
    {"check", T(COMPARE), S_k_cmp_check, false},
    {"part", T(COMPARE), S_k_part, false},
    {"min-share", T(COMPARE), S_k_min_share, true},
    {"min-chars", T(COMPARE), S_k_min_chars, true},
    {"note", T(COMPARE), S_k_note, false},
};
#define S_NKEYS (sizeof S_keys / sizeof *S_keys)

static void S_list_keys(fz_buf *b, fz_rule_type t, bool params_only) {
    fz_buf_puts(b, params_only ? "off、on、error、warning、info 或映射：" : "id、type");
    bool first = params_only;
    for (size_t i = 0; i < S_NKEYS; i++) {
        if (!(S_keys[i].types & (1u << t)) || (params_only && !S_keys[i].param)) continue;
        fz_buf_printf(b, "%s%s", first ? "" : "、", S_keys[i].key);
        first = false;
    }
}

static void S_unknown_key(S_ctx *c, const fz_ynode *k, fz_rule_type t, bool params_only) {
    fz_buf keys = {0};
    S_list_keys(&keys, t, params_only);
    S_ERR(c, k, "%s规则（%s）中未知的键“%s”（可用：%s）", params_only ? "配置的" : "",
          fz_rule_type_name(t), k->str, keys.ptr);
    fz_buf_free(&keys);
}

/* ---- rules ------------------------------------------------------------------------ */

static void S_rule_free(fz_rule *r) {
    if (!r) return;
    free(r->id);
    free(r->message);
    free(r->authority);
    free(r->description);
    for (size_t i = 0; i < r->kinds.n; i++) free(r->kinds.v[i]);
    fz_vec_free(&r->kinds);
    free(r->silent_if);
    for (size_t i = 0; i < r->good.n; i++) free(r->good.v[i]);
    for (size_t i = 0; i < r->bad.n; i++) free(r->bad.v[i]);
    fz_vec_free(&r->good);
    fz_vec_free(&r->bad);
    S_free_patterns(r);
    fz_vec_free(&r->patterns);
    free(r->suggest);
    free(r->summary_message);
    free(r->summary);
    for (size_t i = 0; i < r->swaps.n; i++) {
        fz_regex_free(r->swaps.v[i].re);
        free(r->swaps.v[i].replacement);
    }
    fz_vec_free(&r->swaps);
    for (size_t i = 0; i < r->suggest_map.n; i++) {
        free(r->suggest_map.v[i].from);
        free(r->suggest_map.v[i].replacement);
    }
    fz_vec_free(&r->suggest_map);
    fz_regex_free(r->heading);
    fz_regex_free(r->cue);
    for (size_t i = 0; i < r->after_ids.n; i++) free(r->after_ids.v[i]);
    fz_vec_free(&r->after_ids);
    fz_vec_free(&r->after);
    free(r->order_message);
    for (size_t i = 0; i < r->must.n; i++) S_free_check(&r->must.v[i]);
    fz_vec_free(&r->must);
    S_free_check(&r->min);
    S_free_check(&r->max);
    for (int i = 0; i < 4; i++) free(r->seq_messages[i]);
    fz_vec_free(&r->pairs);
    fz_vec_free(&r->offsets);
    free(r->facts_check);
    free(r->cmp_part);
    free(r->note);
    fz_regex_free(r->rate);
    fz_regex_free(r->numerator);
    fz_regex_free(r->denominator);
    free(r);
}

static bool S_valid_id(const char *s) {
    if (!*s) return false;
    for (; *s; s++)
        if (!((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') || (*s >= '0' && *s <= '9') ||
              *s == '-' || *s == '_' || *s == '.'))
            return false;
    return true;
}

static fz_scope_kind S_default_scope(fz_rule_type t) {
    return t == FZ_RULE_PAIR ? FZ_SCOPE_PARAGRAPH : FZ_SCOPE_BODY;
}

/* A sum/ratio/fact rule's check is the facts profile's rule of index r->facts_rule. */
static void S_facts_rule(S_ctx *c, fz_rule *r, const fz_ynode *m) {
    if (!r->message) return; /* reported above */
    if (r->type == FZ_RULE_FACT && !r->facts_check) {
        S_ERR(c, m, "规则 %s 缺少“check”（fact 规则：over-100 或 conflict）", r->short_id);
        return;
    }
    fz_facts_rule_spec spec = {.id = r->id,
                               .type = fz_rule_type_name(r->type),
                               .check = r->facts_check,
                               .rate = r->rate ? r->rate->pattern : NULL,
                               .numerator = r->numerator ? r->numerator->pattern : NULL,
                               .denominator = r->denominator ? r->denominator->pattern : NULL};
    fz_buf why = {0};
    r->facts_rule = (int)c->facts->rules.n;
    if (fz_facts_profile_add_rule(c->facts, &spec, &why) != 0) {
        const fz_ynode *at = fz_ymap_get(m, "check");
        if (r->rate || r->numerator || r->denominator) at = m;
        S_ERR(c, at ? at : m, "%s", why.ptr ? why.ptr : "");
    } else if (!fz_ymap_get(m, "level")) {
        r->level = fz_facts_default_level(c->facts->rules.v[r->facts_rule].check);
    }
    fz_buf_free(&why);
}

static fz_rule *S_rule(S_ctx *c, const fz_ynode *m, const char *file) {
    if (m->kind != FZ_Y_MAP) {
        S_ERR(c, m, "每条规则应为映射（id、type、level、message ……）");
        return NULL;
    }
    const fz_ynode *idn = fz_ymap_get(m, "id"), *typen = fz_ymap_get(m, "type");
    const char *id = idn ? S_str(c, idn, "id") : NULL;
    if (!idn)
        S_ERR(c, m, "规则缺少“id”");
    else if (id && !S_valid_id(id))
        S_ERR(c, idn, "规则 id“%s”只能含英文字母、数字、-、_、.", id);
    const char *type = typen ? S_str(c, typen, "type") : NULL;
    if (!typen) S_ERR(c, m, "规则%s%s%s缺少“type”", id ? " " : "", id ? id : "", id ? " " : "");
    if (!type) return NULL;
    int t = -1;
    for (int i = 0; i < FZ_RULE_NTYPES; i++)
        if (!strcmp(type, S_type_names[i])) t = i;
    if (t < 0) {
        S_ERR(c, typen,
              "未知的规则类型“%s”（可用：section、require、forbid、swap、metric、sequence、"
              "pair、year、date、sum、ratio、fact、compare）",
              type);
        return NULL;
    }
    fz_rule *r = fz_xcalloc(1, sizeof *r);
    r->type = (fz_rule_type)t;
    r->level = FZ_LEVEL_WARNING;
    r->enabled = true;
    r->fix = true;
    r->normalize = r->type != FZ_RULE_PAIR; /* punctuation is checked as written */
    r->at_least = 1;
    r->if_missing = -1;
    r->required = true;
    r->scope.kind = S_default_scope(r->type);
    r->seq_of = FZ_SEQ_HEADINGS | FZ_SEQ_ITEMS;
    r->seq_checks = FZ_SEQ_GAP | FZ_SEQ_REPEAT | FZ_SEQ_START | FZ_SEQ_MIXED;
    r->date_check = FZ_DATE_DEADLINE;
    r->deadline_year = 1;
    r->deadline_month = 12;
    r->deadline_day = 31;
    r->min_share = 50;
    r->min_chars = 40;
    r->file = file;
    r->line = m->line;
    r->col = m->col;
    fz_buf full = {0};
    fz_buf_printf(&full, "%s/%s", c->pack, id ? id : "?");
    r->id = fz_buf_detach(&full);
    r->short_id = r->id + strlen(c->pack) + 1;

    for (size_t i = 0; i + 1 < m->n; i += 2) {
        const char *k = m->items[i]->str;
        if (!strcmp(k, "id") || !strcmp(k, "type")) continue;
        bool known = false;
        for (size_t j = 0; j < S_NKEYS; j++)
            if (!strcmp(k, S_keys[j].key) && (S_keys[j].types & (1u << r->type))) known = true;
        if (!known) S_unknown_key(c, m->items[i], r->type, false);
    }
    for (size_t j = 0; j < S_NKEYS; j++) {
        if (!(S_keys[j].types & (1u << r->type))) continue;
        const fz_ynode *v = fz_ymap_get(m, S_keys[j].key);
        if (v) S_keys[j].fn(c, r, v);
    }

    if (!r->message) S_ERR(c, m, "规则 %s 缺少“message”", r->short_id);
    switch (r->type) {
    case FZ_RULE_REQUIRE:
    case FZ_RULE_FORBID:
    case FZ_RULE_METRIC:
    case FZ_RULE_YEAR:
        if (!fz_ymap_get(m, "pattern")) S_ERR(c, m, "规则 %s 缺少“pattern”", r->short_id);
        if (r->type == FZ_RULE_REQUIRE && r->at_least > (int)r->patterns.n && r->patterns.n)
            S_ERR(c, fz_ymap_get(m, "at-least"), "“at-least”大于所列模式的个数");
        if (r->type == FZ_RULE_YEAR && r->offsets.n == 0) fz_vec_push(&r->offsets, 0);
        break;
    case FZ_RULE_SWAP:
        if (!fz_ymap_get(m, "swap")) S_ERR(c, m, "规则 %s 缺少“swap”", r->short_id);
        break;
    case FZ_RULE_SECTION:
        if (!fz_ymap_get(m, "heading") && !fz_ymap_get(m, "paragraph"))
            S_ERR(c, m, "规则 %s 需要“heading”或“paragraph”（或两者）", r->short_id);
        break;
    case FZ_RULE_PAIR:
        if (!fz_ymap_get(m, "pairs")) S_ERR(c, m, "规则 %s 缺少“pairs”", r->short_id);
        break;
    case FZ_RULE_DATE:
        if (!fz_ymap_get(m, "date")) S_ERR(c, m, "规则 %s 缺少“date”", r->short_id);
        break;
    case FZ_RULE_SUM:
    case FZ_RULE_RATIO:
    case FZ_RULE_FACT:
        S_facts_rule(c, r, m);
        break;
    case FZ_RULE_COMPARE:
        if (!fz_ymap_get(m, "check")) S_ERR(c, m, "规则 %s 缺少“check”", r->short_id);
        if (r->cmp_check == FZ_CMP_REPEATED_PART && !r->cmp_part)
            S_ERR(c, m, "规则 %s 缺少“part”（section 规则的 id）", r->short_id);
        break;
    default:
        break;
    }
    return r;
}

fz_rule *fz_ruleset_find(const fz_ruleset *rs, const char *id) {
    fz_rule *hit = NULL;
    int n = 0;
    for (size_t i = 0; i < rs->rules.n; i++) {
        fz_rule *r = rs->rules.v[i];
        if (!strcmp(r->id, id)) return r;
        if (!strcmp(r->short_id, id)) hit = r, n++;
    }
    return n == 1 ? hit : NULL;
}

/* Resolves section references against this pack first, then the loaded packs. */
static void S_resolve(S_ctx *c, fz_rule **mine, size_t nmine, size_t base) {
    for (size_t i = 0; i < c->refs.n; i++) {
        S_ref *ref = &c->refs.v[i];
        int idx = -1;
        const fz_rule *target = NULL;
        for (size_t j = 0; j < nmine && !target; j++)
            if (!strcmp(mine[j]->short_id, ref->name) || !strcmp(mine[j]->id, ref->name))
                target = mine[j], idx = (int)(base + j);
        for (size_t j = 0; j < c->rs->rules.n && !target; j++)
            if (!strcmp(c->rs->rules.v[j]->id, ref->name)) target = c->rs->rules.v[j], idx = (int)j;
        if (!target) {
            S_ERR(c, ref->node, "引用了不存在的规则“%s”", ref->name);
        } else if (target->type != FZ_RULE_SECTION) {
            S_ERR(c, ref->node, "“%s”不是 section 规则，不能用作部分引用", ref->name);
        } else if (target == ref->rule) {
            S_ERR(c, ref->node, "规则不能引用它自己");
        } else if (ref->is_scope) {
            ref->rule->scope.section = idx;
        } else {
            fz_vec_push(&ref->rule->after, idx);
            fz_vec_push(&ref->rule->after_ids, fz_xstrdup(target->id));
        }
    }
}

/* kinds name kinds of document.kinds (this pack's or a loaded pack's); silent-if
 * names a rule of this pack or a loaded one, and becomes its full id. */
static void S_resolve_kinds(S_ctx *c, fz_rule **mine, size_t nmine, const fz_profile *d,
                            const fz_ynode *rules) {
    for (size_t i = 0; i < nmine; i++) {
        fz_rule *r = mine[i];
        const fz_ynode *rn = rules && i < rules->n ? rules->items[i] : NULL;
        for (size_t k = 0; k < r->kinds.n; k++)
            if (fz_profile_kind(d, r->kinds.v[k]) < 0 &&
                fz_profile_kind(&c->rs->profile, r->kinds.v[k]) < 0)
                S_ERR(c, rn ? fz_ymap_get(rn, "kinds") : NULL,
                      "未知的报告类型“%s”（应为 document.kinds 中的 name）", r->kinds.v[k]);
        if (!r->silent_if) continue;
        const fz_rule *target = NULL;
        for (size_t j = 0; j < nmine && !target; j++)
            if (!strcmp(mine[j]->short_id, r->silent_if) || !strcmp(mine[j]->id, r->silent_if))
                target = mine[j];
        for (size_t j = 0; j < c->rs->rules.n && !target; j++)
            if (!strcmp(c->rs->rules.v[j]->id, r->silent_if)) target = c->rs->rules.v[j];
        if (!target || target == r) {
            S_ERR(c, rn ? fz_ymap_get(rn, "silent-if") : NULL, "“silent-if”引用了%s“%s”",
                  target ? "规则自己" : "不存在的规则", r->silent_if);
            continue;
        }
        free(r->silent_if);
        r->silent_if = fz_xstrdup(target->id);
    }
}

/* ---- the document block ----------------------------------------------------------- */

/* document.kinds: a list of {name, label, title, signer, head}; at least one pattern. */
static void S_document_kinds(S_ctx *c, const fz_ynode *v, fz_profile *d) {
    if (v->kind != FZ_Y_SEQ) {
        S_ERR(c, v, "“kinds”应为列表，每项含 name、label 和 title、signer、head 中的模式");
        return;
    }
    for (size_t i = 0; i < v->n; i++) {
        const fz_ynode *it = v->items[i];
        if (it->kind != FZ_Y_MAP) {
            S_ERR(c, it, "“kinds”的每一项应为映射（name、label、title、signer、head）");
            continue;
        }
        fz_kind k = {0};
        for (size_t j = 0; j + 1 < it->n; j += 2) {
            const char *key = it->items[j]->str;
            const fz_ynode *val = it->items[j + 1];
            fz_regex **slot = !strcmp(key, "title")    ? &k.title
                              : !strcmp(key, "signer") ? &k.signer
                              : !strcmp(key, "head")   ? &k.head
                                                       : NULL;
            if (slot) {
                fz_regex_free(*slot);
                *slot = S_regex(c, val, true);
            } else if (!strcmp(key, "name") || !strcmp(key, "label")) {
                const char *str = S_str(c, val, key);
                char **dst = !strcmp(key, "name") ? &k.name : &k.label;
                free(*dst);
                *dst = str ? fz_xstrdup(str) : NULL;
                if (str && dst == &k.name && !S_valid_id(str))
                    S_ERR(c, val, "报告类型名“%s”只能含英文字母、数字、-、_、.", str);
            } else {
                S_ERR(c, it->items[j], "“kinds”中未知的键“%s”（可用：name、label、title、signer、head）",
                      key);
            }
        }
        if (!k.name || (!k.title && !k.signer && !k.head))
            S_ERR(c, it, "“kinds”的每一项应有 name，并至少有 title、signer、head 中的一个模式");
        else if (fz_profile_kind(d, k.name) >= 0)
            S_ERR(c, it, "重复的报告类型“%s”", k.name);
        fz_vec_push(&d->kinds, k); /* freed with the profile, kept or not */
    }
}

/* The pack's own `document:` patterns, merged into the rule set's profile on success. */
static void S_document(S_ctx *c, const fz_ynode *m, fz_profile *d) {
    if (m->kind != FZ_Y_MAP) {
        S_ERR(c, m, "“document”应为映射");
        return;
    }
    struct {
        const char *key;
        fz_regex **slot;
        const char *groups;
    } one[] = {{"title", &d->title, ""},
               {"issuer", &d->issuer, ""},
               {"enumeration", &d->enumeration, "n"},
               {"published", &d->published, "ymd"},
               {"closing", &d->closing, ""},
               {"signer", &d->signer, ""},
               {"docno", &d->docno, ""},
               {"addressee", &d->addressee, ""},
               {"note", &d->note, ""},
               {"mirror", &d->mirror, ""}};
    for (size_t i = 0; i + 1 < m->n; i += 2) {
        const char *k = m->items[i]->str;
        const fz_ynode *v = m->items[i + 1];
        if (!strcmp(k, "chrome")) {
            if (v->kind != FZ_Y_SEQ) {
                S_ERR(c, v, "“chrome”应为模式列表");
                continue;
            }
            for (size_t j = 0; j < v->n; j++) {
                fz_regex *re = S_regex(c, v->items[j], true);
                if (re) fz_vec_push(&d->chrome, re);
            }
            continue;
        }
        if (!strcmp(k, "kinds")) {
            S_document_kinds(c, v, d);
            continue;
        }
        size_t j = 0;
        while (j < sizeof one / sizeof *one && strcmp(k, one[j].key)) j++;
        if (j == sizeof one / sizeof *one) {
            S_ERR(c, m->items[i],
                  "“document”中未知的键“%s”（可用：chrome、title、issuer、enumeration、"
                  "published、closing、signer、docno、addressee、note、mirror、kinds）",
                  k);
            continue;
        }
        fz_regex *re = S_regex(c, v, true);
        if (!re) continue;
        for (const char *g = one[j].groups; *g; g++) {
            char name[2] = {*g, 0};
            if (!S_need_group(c, v, re, name)) break;
        }
        *one[j].slot = re;
    }
}

/* ---- the facts block -------------------------------------------------------------- */

static void S_facts_indicators(S_ctx *c, const fz_ynode *v) {
    if (v->kind != FZ_Y_SEQ) {
        S_ERR(c, v, "“indicators”应为列表，每项含 name 和 label");
        return;
    }
    for (size_t i = 0; i < v->n; i++) {
        const fz_ynode *it = v->items[i];
        const fz_ynode *name = it->kind == FZ_Y_MAP ? fz_ymap_get(it, "name") : NULL;
        const fz_ynode *label = it->kind == FZ_Y_MAP ? fz_ymap_get(it, "label") : NULL;
        if (!name || !label) {
            S_ERR(c, it, "“indicators”的每一项应为含 name 和 label 的映射");
            continue;
        }
        for (size_t k = 0; k + 1 < it->n; k += 2)
            if (strcmp(it->items[k]->str, "name") && strcmp(it->items[k]->str, "label"))
                S_ERR(c, it->items[k], "“indicators”中未知的键“%s”（可用：name、label）",
                      it->items[k]->str);
        const char *ns = S_str(c, name, "name");
        const char *ls = S_regex_ok(c, label, true) ? label->str : NULL;
        fz_buf why = {0};
        if (ns && ls && fz_facts_profile_add_indicator(c->facts, ns, ls, &why) != 0)
            S_ERR(c, it, "%s", why.ptr ? why.ptr : "");
        fz_buf_free(&why);
    }
}

/* units: words; indicators: a list of maps; every other key: one pattern or a list. */
static void S_facts(S_ctx *c, const fz_ynode *m) {
    if (m->kind != FZ_Y_MAP) {
        S_ERR(c, m, "“facts”应为映射");
        return;
    }
    for (size_t i = 0; i + 1 < m->n; i += 2) {
        const char *k = m->items[i]->str;
        const fz_ynode *v = m->items[i + 1];
        if (!strcmp(k, "indicators")) {
            S_facts_indicators(c, v);
            continue;
        }
        const fz_ynode *one[1] = {v};
        const fz_ynode *const *items =
            v->kind == FZ_Y_SEQ ? (const fz_ynode *const *)v->items : one;
        size_t n = v->kind == FZ_Y_SEQ ? v->n : 1;
        const char **vals = fz_xcalloc(n ? n : 1, sizeof *vals);
        bool ok = true, words = !strcmp(k, "units");
        for (size_t j = 0; j < n; j++) {
            vals[j] = S_str(c, items[j], k);
            if (!vals[j]) {
                ok = false;
            } else if (!words) { /* position and normalized-view checks of the engine */
                ok = S_regex_ok(c, items[j], true) && ok;
            }
        }
        fz_buf why = {0};
        size_t bad = 0;
        if (ok && fz_facts_profile_set(c->facts, k, vals, n, &why, &bad) != 0) {
            if (bad >= n)
                S_ERR(c, m->items[i],
                      "“facts”中未知的键“%s”（可用：units、label-cut、label-trim、approx-before、"
                      "approx-after、total-cues、part-cues、part-stop、rate-label、rate-word、"
                      "growth、ignore、indicators）",
                      k);
            else
                S_ERR(c, items[bad], "%s", why.ptr ? why.ptr : "");
        }
        fz_buf_free(&why);
        free(vals);
    }
}

/* ---- packs ------------------------------------------------------------------------ */

static char *S_basename_noext(const char *path) {
    const char *b = strrchr(path, '/');
    b = b ? b + 1 : path;
    size_t n = strlen(b);
    if (n > 5 && !strcmp(b + n - 5, ".yaml"))
        n -= 5;
    else if (n > 4 && !strcmp(b + n - 4, ".yml"))
        n -= 4;
    return fz_xstrndup(b, n);
}

static int S_load(fz_ruleset *rs, fz_ydoc *doc, fz_buf *errors) {
    fz_facts_profile facts;
    fz_facts_profile_init(&facts);
    S_ctx c = {.rs = rs, .doc = doc, .errors = errors, .ok = true, .facts = &facts};
    const fz_ynode *root = doc->root;
    if (!root || root->kind != FZ_Y_MAP) {
        S_ERR(&c, root, "规则包应为映射（pack、authority、document、rules）");
        return -1;
    }
    char *pack = NULL;
    for (size_t i = 0; i + 1 < root->n; i += 2) {
        const char *k = root->items[i]->str;
        if (strcmp(k, "pack") && strcmp(k, "authority") && strcmp(k, "description") &&
            strcmp(k, "document") && strcmp(k, "facts") && strcmp(k, "compare") &&
            strcmp(k, "rules"))
            S_ERR(&c, root->items[i],
                  "规则包中未知的键“%s”（可用：pack、authority、description、document、facts、"
                  "compare、rules）",
                  k);
    }
    const fz_ynode *pn = fz_ymap_get(root, "pack");
    if (pn) {
        const char *s = S_str(&c, pn, "pack");
        if (s && !S_valid_id(s))
            S_ERR(&c, pn, "包名“%s”只能含英文字母、数字、-、_、.", s);
        else if (s)
            pack = fz_xstrdup(s);
    }
    if (!pack) pack = S_basename_noext(doc->path);
    for (size_t i = 0; i < rs->packs.n; i++)
        if (!strcmp(rs->packs.v[i], pack)) S_ERR(&c, pn, "规则包“%s”已经加载过", pack);
    c.pack = pack;
    const fz_ynode *an = fz_ymap_get(root, "authority");
    const char *pack_authority = an ? S_str(&c, an, "authority") : NULL;
    const fz_ynode *dn = fz_ymap_get(root, "description");
    if (dn) S_str(&c, dn, "description");

    fz_profile d = {0};
    const fz_ynode *docn = fz_ymap_get(root, "document");
    if (docn) S_document(&c, docn, &d);
    const fz_ynode *factsn = fz_ymap_get(root, "facts");
    if (factsn) S_facts(&c, factsn);
    fz_compare_profile cmp = {0};
    const fz_ynode *cmpn = fz_ymap_get(root, "compare");
    if (cmpn && fz_compare_block(&cmp, doc, cmpn, errors) > 0) c.ok = false;

    char *file = fz_xstrdup(doc->path);
    FZ_VEC(fz_rule *) mine = {0};
    const fz_ynode *rn = fz_ymap_get(root, "rules");
    if (rn && rn->kind != FZ_Y_SEQ) S_ERR(&c, rn, "“rules”应为规则列表");
    for (size_t i = 0; rn && rn->kind == FZ_Y_SEQ && i < rn->n; i++) {
        fz_rule *r = S_rule(&c, rn->items[i], file);
        if (!r) continue;
        if (!r->authority && pack_authority) r->authority = fz_xstrdup(pack_authority);
        const fz_ynode *idn = fz_ymap_get(rn->items[i], "id");
        for (size_t j = 0; j < mine.n; j++)
            if (!strcmp(mine.v[j]->id, r->id) && idn) {
                S_ERR(&c, idn, "重复的规则 id“%s”（第 %zu 行已定义）", r->short_id,
                      mine.v[j]->line);
                break;
            }
        fz_vec_push(&mine, r);
    }
    S_resolve(&c, mine.v, mine.n, rs->rules.n);
    S_resolve_kinds(&c, mine.v, mine.n, &d, rn);

    for (size_t i = 0; i < c.refs.n; i++) free(c.refs.v[i].name);
    fz_vec_free(&c.refs);
    if (!c.ok) {
        for (size_t i = 0; i < mine.n; i++) S_rule_free(mine.v[i]);
        fz_vec_free(&mine);
        fz_profile_free(&d);
        fz_facts_profile_free(&facts);
        fz_compare_profile_free(&cmp);
        free(pack);
        free(file);
        return -1;
    }
    int facts_base = (int)rs->facts.rules.n;
    for (size_t i = 0; i < mine.n; i++) {
        mine.v[i]->pack = pack;
        if (mine.v[i]->type == FZ_RULE_SUM || mine.v[i]->type == FZ_RULE_RATIO ||
            mine.v[i]->type == FZ_RULE_FACT)
            mine.v[i]->facts_rule += facts_base;
        fz_vec_push(&rs->rules, mine.v[i]);
    }
    fz_facts_profile_merge(&rs->facts, &facts);
    fz_compare_profile_merge(&rs->compare, &cmp);
    fz_vec_free(&mine);
    fz_vec_push(&rs->packs, pack);
    fz_vec_push(&rs->files, file);
    /* The profile merges: chrome lists append, a later pack's scalar wins. */
    fz_profile *p = &rs->profile;
    for (size_t i = 0; i < d.chrome.n; i++) {
        fz_vec_push(&p->chrome, d.chrome.v[i]);
        fz_vec_push(&rs->owned, d.chrome.v[i]);
    }
    fz_vec_free(&d.chrome);
    fz_regex **slots[] = {&d.title,  &d.issuer, &d.enumeration, &d.published, &d.closing,
                          &d.signer, &d.docno,  &d.addressee,   &d.note,      &d.mirror};
    fz_regex **dst[] = {&p->title,  &p->issuer, &p->enumeration, &p->published, &p->closing,
                        &p->signer, &p->docno,  &p->addressee,   &p->note,      &p->mirror};
    for (size_t i = 0; i < sizeof slots / sizeof *slots; i++)
        if (*slots[i]) {
            *dst[i] = *slots[i];
            fz_vec_push(&rs->owned, *slots[i]);
        }
    /* kinds append; a later pack's kind of the same name replaces the earlier one */
    for (size_t i = 0; i < d.kinds.n; i++) {
        fz_kind *k = &d.kinds.v[i];
        fz_regex *res[] = {k->title, k->signer, k->head};
        for (int r = 0; r < 3; r++)
            if (res[r]) fz_vec_push(&rs->owned, res[r]);
        fz_vec_push(&rs->owned_names, k->name);
        if (k->label) fz_vec_push(&rs->owned_names, k->label);
        int old = fz_profile_kind(p, k->name);
        if (old >= 0)
            p->kinds.v[old] = *k;
        else
            fz_vec_push(&p->kinds, *k);
    }
    fz_vec_free(&d.kinds);
    return 0;
}

int fz_ruleset_load_file(fz_ruleset *rs, const char *path, fz_buf *errors) {
    fz_ydoc doc;
    int rc = fz_ydoc_load(&doc, path, errors);
    if (rc == 0) rc = S_load(rs, &doc, errors);
    fz_ydoc_free(&doc);
    return rc;
}

int fz_ruleset_load_string(fz_ruleset *rs, const char *name, const char *yaml, fz_buf *errors) {
    fz_ydoc doc;
    int rc = fz_ydoc_parse(&doc, name, yaml, strlen(yaml), errors);
    if (rc == 0) rc = S_load(rs, &doc, errors);
    fz_ydoc_free(&doc);
    return rc;
}

/* A level set from a config is the rule's level everywhere: its bounds and
 * must-contain checks stop having levels of their own. */
static void S_level_everywhere(fz_rule *rule) {
    rule->min.has_level = rule->max.has_level = rule->has_summary_level = false;
    for (size_t i = 0; i < rule->must.n; i++) rule->must.v[i].has_level = false;
}

int fz_rule_override(fz_ruleset *rs, fz_rule *rule, const fz_ydoc *doc, const fz_ynode *v,
                     fz_buf *errors) {
    S_ctx c = {.rs = rs, .doc = doc, .errors = errors, .ok = true, .pack = rule->pack};
    if (v->kind == FZ_Y_SCALAR) {
        const char *s = v->str;
        if (!strcmp(s, "off") || !strcmp(s, "false"))
            rule->enabled = false;
        else if (!strcmp(s, "on") || !strcmp(s, "true"))
            rule->enabled = true;
        else if (S_level(&c, v, &rule->level)) {
            rule->enabled = true;
            S_level_everywhere(rule);
        }
        return c.ok ? 0 : -1;
    }
    if (v->kind != FZ_Y_MAP) {
        S_unknown_key(&c, v, rule->type, true);
        return -1;
    }
    for (size_t i = 0; i + 1 < v->n; i += 2) {
        const char *k = v->items[i]->str;
        size_t j = 0;
        while (j < S_NKEYS && !(S_keys[j].param && (S_keys[j].types & (1u << rule->type)) &&
                                !strcmp(S_keys[j].key, k)))
            j++;
        if (j == S_NKEYS)
            S_unknown_key(&c, v->items[i], rule->type, true);
        else
            S_keys[j].fn(&c, rule, v->items[i + 1]);
    }
    /* after the loop: a bound given in the same map does not bring its own level back */
    if (fz_ymap_get(v, "level")) S_level_everywhere(rule);
    return c.ok ? 0 : -1;
}

/* ---- the rule set ----------------------------------------------------------------- */

fz_ruleset *fz_ruleset_new(void) {
    return fz_xcalloc(1, sizeof(fz_ruleset));
}

void fz_ruleset_free(fz_ruleset *rs) {
    if (!rs) return;
    for (size_t i = 0; i < rs->rules.n; i++) S_rule_free(rs->rules.v[i]);
    fz_vec_free(&rs->rules);
    for (size_t i = 0; i < rs->packs.n; i++) free(rs->packs.v[i]);
    fz_vec_free(&rs->packs);
    for (size_t i = 0; i < rs->files.n; i++) free(rs->files.v[i]);
    fz_vec_free(&rs->files);
    for (size_t i = 0; i < rs->owned.n; i++) fz_regex_free(rs->owned.v[i]);
    fz_vec_free(&rs->owned);
    for (size_t i = 0; i < rs->waivers.n; i++) {
        free(rs->waivers.v[i].rule);
        free(rs->waivers.v[i].file);
        free(rs->waivers.v[i].base_dir);
    }
    fz_vec_free(&rs->waivers);
    fz_vec_free(&rs->profile.chrome);
    for (size_t i = 0; i < rs->owned_names.n; i++) free(rs->owned_names.v[i]);
    fz_vec_free(&rs->owned_names);
    fz_vec_free(&rs->profile.kinds);
    free(rs->kind);
    fz_facts_profile_free(&rs->facts);
    fz_compare_profile_free(&rs->compare);
    free(rs);
}

const fz_profile *fz_ruleset_profile(const fz_ruleset *rs) {
    return &rs->profile;
}

static bool S_is_dir(const char *p) {
    struct stat st;
    return p && *p && stat(p, &st) == 0 && S_ISDIR(st.st_mode);
}

static char S_rules_dir[PATH_MAX];

/* An installed binary must never read a source tree's rules, and a build-tree binary
 * must not read an older installed copy: look next to the executable first. */
static void S_find_rules_dir(void) {
    const char *found = NULL;
    char exe[PATH_MAX], built[PATH_MAX];
    ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
    if (n > 0) {
        exe[n] = '\0';
        char *slash = strrchr(exe, '/');
        if (slash) *slash = '\0';
        char rel[PATH_MAX];
        if (snprintf(rel, sizeof rel, "%s/%s", exe, FZ_RULES_RELATIVE_DIR) < (int)sizeof rel &&
            S_is_dir(rel) && realpath(rel, S_rules_dir))
            return;
        size_t bl = realpath(FZ_BUILD_ROOT, built) ? strlen(built) : 0;
        if (bl && !strncmp(exe, built, bl) && (exe[bl] == '/' || !exe[bl]) &&
            S_is_dir(FZ_RULES_BUILD_DIR))
            found = FZ_RULES_BUILD_DIR;
    }
    if (!found)
        found = S_is_dir(FZ_RULES_INSTALL_DIR) ? FZ_RULES_INSTALL_DIR
                : S_is_dir(FZ_RULES_BUILD_DIR) ? FZ_RULES_BUILD_DIR
                                               : FZ_RULES_INSTALL_DIR;
    snprintf(S_rules_dir, sizeof S_rules_dir, "%s", found);
}

const char *fz_builtin_rules_dir(void) {
    const char *env = getenv("FZLINT_RULES");
    if (env && *env) return env;
    static pthread_once_t once = PTHREAD_ONCE_INIT;
    pthread_once(&once, S_find_rules_dir);
    return S_rules_dir;
}

char *fz_pack_path(const char *ref, const char *base_dir) {
    size_t n = strlen(ref);
    bool is_path = strchr(ref, '/') || (n > 5 && !strcmp(ref + n - 5, ".yaml")) ||
                   (n > 4 && !strcmp(ref + n - 4, ".yml"));
    fz_buf b = {0};
    if (!is_path)
        fz_buf_printf(&b, "%s/%s.yaml", fz_builtin_rules_dir(), ref);
    else if (ref[0] == '/' || !base_dir)
        fz_buf_puts(&b, ref);
    else
        fz_buf_printf(&b, "%s/%s", base_dir, ref);
    return fz_buf_detach(&b);
}

static int S_strcmp(const void *a, const void *b) {
    return strcmp(*(char *const *)a, *(char *const *)b);
}

int fz_ruleset_load_builtin(fz_ruleset *rs, fz_buf *errors) {
    const char *dir = fz_builtin_rules_dir();
    DIR *dp = opendir(dir);
    if (!dp) {
        fz_buf_printf(errors,
                      "%s:1:1: error: 找不到内置规则目录（可用环境变量 FZLINT_RULES 指定）\n", dir);
        return -1;
    }
    FZ_VEC(char *) names = {0};
    struct dirent *e;
    while ((e = readdir(dp))) {
        size_t n = strlen(e->d_name);
        if (n > 5 && !strcmp(e->d_name + n - 5, ".yaml") && e->d_name[0] != '.')
            fz_vec_push(&names, fz_xstrdup(e->d_name));
    }
    closedir(dp);
    if (names.n) qsort(names.v, names.n, sizeof *names.v, S_strcmp);
    int rc = 0;
    for (size_t i = 0; i < names.n; i++) {
        fz_buf p = {0};
        fz_buf_printf(&p, "%s/%s", dir, names.v[i]);
        if (fz_ruleset_load_file(rs, p.ptr, errors) != 0) rc = -1;
        fz_buf_free(&p);
        free(names.v[i]);
    }
    fz_vec_free(&names);
    return rc;
}
