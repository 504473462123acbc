/* rules.c - loading and validating rule packs (YAML) into the rule model. */
#define _GNU_SOURCE /* dladdr: where the shared library is */
#include "rules.h"

#include <dlfcn.h>
#include <dirent.h>
#include <limits.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "pack.h"
#include "yamltree.h"

const char *fz_rule_type_name(fz_rule_type t) {
    return (size_t)t < fz_rule_ndefs ? fz_rule_defs[t]->name : "?";
}

/* ---- rule keys -------------------------------------------------------------------- */

static void S_k_level(fz_pack *c, fz_rule *r, const fz_ynode *v) {
    fz_pack_level(c, v, &r->level);
}
static void S_k_message(fz_pack *c, fz_rule *r, const fz_ynode *v) {
    fz_pack_set_str(c, v, "message", &r->message);
}
static void S_k_authority(fz_pack *c, fz_rule *r, const fz_ynode *v) {
    fz_pack_set_str(c, v, "authority", &r->authority);
}
static void S_k_description(fz_pack *c, fz_rule *r, const fz_ynode *v) {
    fz_pack_set_str(c, v, "description", &r->description);
}
static void S_k_enabled(fz_pack *c, fz_rule *r, const fz_ynode *v) {
    fz_pack_bool(c, v, "enabled", &r->enabled);
}
static void S_k_normalize(fz_pack *c, fz_rule *r, const fz_ynode *v) {
    fz_pack_bool(c, v, "normalize", &r->normalize);
}

static void S_k_scope(fz_pack *c, fz_rule *r, const fz_ynode *v) {
    static const char *names[] = {"document", "title", "body", "heading", "paragraph", "sentence"};
    const char *s = fz_pack_str(c, v, "scope");
    if (!s) return;
    for (size_t i = 0; i < sizeof names / sizeof *names; i++)
        if (!strcmp(s, names[i])) {
            r->scope.kind = (fz_scope_kind)i;
            return;
        }
    if (!strncmp(s, "section:", 8) && s[8]) {
        r->scope.kind = FZ_SCOPE_SECTION;
        fz_pack_ref ref = {r, fz_xstrdup(s + 8), v, NULL};
        fz_vec_push(&c->refs, ref);
        return;
    }
    FZ_PACK_ERR(c, v,
                "未知的范围“%s”（可用：document、title、body、heading、paragraph、sentence、"
                "section:规则id）",
                s);
}

static void S_strings(fz_pack *c, const fz_ynode *v, const char *what, void *vec_) {
    FZ_VEC(char *) *vec = vec_;
    if (v->kind == FZ_Y_SCALAR) {
        fz_vec_push(vec, fz_xstrdup(v->str));
        return;
    }
    if (v->kind != FZ_Y_SEQ) {
        FZ_PACK_ERR(c, v, "“%s”应为字符串或字符串列表", what);
        return;
    }
    for (size_t i = 0; i < v->n; i++) {
        const char *s = fz_pack_str(c, v->items[i], what);
        if (s) fz_vec_push(vec, fz_xstrdup(s));
    }
}

static void S_k_examples(fz_pack *c, fz_rule *r, const fz_ynode *v) {
    if (v->kind != FZ_Y_MAP) {
        FZ_PACK_ERR(c, v, "“examples”应为含 good 和 bad 的映射");
        return;
    }
    for (size_t i = 0; i + 1 < v->n; i += 2) {
        const char *k = v->items[i]->str;
        if (!strcmp(k, "good"))
            S_strings(c, v->items[i + 1], "good", &r->good);
        else if (!strcmp(k, "bad"))
            S_strings(c, v->items[i + 1], "bad", &r->bad);
        else
            FZ_PACK_ERR(c, v->items[i], "“examples”中未知的键“%s”（可用：good、bad）", k);
    }
}

static void S_k_years(fz_pack *c, fz_rule *r, const fz_ynode *v) {
    if (v->kind != FZ_Y_MAP) {
        FZ_PACK_ERR(c, v, "“report-years”应为含 min、max 的映射");
        return;
    }
    for (size_t i = 0; i + 1 < v->n; i += 2) {
        const char *k = v->items[i]->str;
        if (!strcmp(k, "min"))
            fz_pack_int(c, v->items[i + 1], "min", 1900, 2999, &r->year_min);
        else if (!strcmp(k, "max"))
            fz_pack_int(c, v->items[i + 1], "max", 1900, 2999, &r->year_max);
        else
            FZ_PACK_ERR(c, v->items[i], "“report-years”中未知的键“%s”（可用：min、max）", k);
    }
}

/* The keys every rule has.  normalize comes first: patterns are checked against the
 * view they match on; then the type's own keys, in its order. */
static const fz_rule_key S_common[] = {
    {"normalize", S_k_normalize, false},
    {"level", S_k_level, true},
    {"message", S_k_message, true},
    {"authority", S_k_authority, false},
    {"description", S_k_description, false},
    {"enabled", S_k_enabled, true},
    {"examples", S_k_examples, false},
    {"report-years", S_k_years, true},
    {"kinds", fz_rule_key_kinds, false},
    {"silent-if", fz_rule_key_silent_if, false},
    {"scope", S_k_scope, false},
};
#define S_NCOMMON (sizeof S_common / sizeof *S_common)

static bool S_common_applies(const fz_rule_def *d, const fz_rule_key *k) {
    if (k == &S_common[0]) return d->scoped || d->normalize_key;
    if (k == &S_common[S_NCOMMON - 1]) return d->scoped;
    return true;
}

/* The i-th key a rule of type d takes (common ones first), or NULL past the last. */
static const fz_rule_key *S_key_at(const fz_rule_def *d, size_t i) {
    return i < S_NCOMMON ? &S_common[i] : i - S_NCOMMON < d->nkeys ? &d->keys[i - S_NCOMMON] : NULL;
}

static bool S_takes(const fz_rule_def *d, size_t i) {
    return i >= S_NCOMMON || S_common_applies(d, &S_common[i]);
}

static const fz_rule_key *S_find_key(const fz_rule_def *d, const char *key, bool params_only) {
    const fz_rule_key *k;
    for (size_t i = 0; (k = S_key_at(d, i)); i++)
        if (S_takes(d, i) && (!params_only || k->param) && !strcmp(k->key, key)) return k;
    return NULL;
}

static void S_list_keys(fz_buf *b, const fz_rule_def *d, bool params_only) {
    fz_buf_puts(b, params_only ? "off、on、error、warning、info 或映射：" : "id、type");
    bool first = params_only;
    const fz_rule_key *k;
    for (size_t i = 0; (k = S_key_at(d, i)); i++) {
        if (!S_takes(d, i) || (params_only && !k->param)) continue;
        fz_buf_printf(b, "%s%s", first ? "" : "、", k->key);
        first = false;
    }
}

static void S_unknown_key(fz_pack *c, const fz_ynode *k, const fz_rule *r, bool params_only) {
    fz_buf keys = {0};
    S_list_keys(&keys, r->def, params_only);
    FZ_PACK_ERR(c, k, "%s规则（%s）中未知的键“%s”（可用：%s）", params_only ? "配置的" : "",
                r->def->name, k->str, keys.ptr);
    fz_buf_free(&keys);
}

/* ---- rules ------------------------------------------------------------------------ */

static void S_rule_free(fz_rule *r) {
    if (!r) return;
    if (r->def->free) r->def->free(r);
    free(r->set);
    free(r->id);
    free(r->message);
    free(r->authority);
    free(r->description);
    free(r->summary);
    fz_rule_kinds_free(r);
    for (size_t i = 0; i < r->good.n; i++) free(r->good.v[i]);
    for (size_t i = 0; i < r->bad.n; i++) free(r->bad.v[i]);
    fz_vec_free(&r->good);
    fz_vec_free(&r->bad);
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

static fz_rule *S_rule(fz_pack *c, const fz_ynode *m, const char *file) {
    if (m->kind != FZ_Y_MAP) {
        FZ_PACK_ERR(c, m, "每条规则应为映射（id、type、level、message ……）");
        return NULL;
    }
    const fz_ynode *idn = fz_ymap_get(m, "id"), *typen = fz_ymap_get(m, "type");
    const char *id = idn ? fz_pack_str(c, idn, "id") : NULL;
    if (!idn)
        FZ_PACK_ERR(c, m, "规则缺少“id”");
    else if (id && !S_valid_id(id))
        FZ_PACK_ERR(c, idn, "规则 id“%s”只能含英文字母、数字、-、_、.", id);
    const char *type = typen ? fz_pack_str(c, typen, "type") : NULL;
    if (!typen)
        FZ_PACK_ERR(c, m, "规则%s%s%s缺少“type”", id ? " " : "", id ? id : "", id ? " " : "");
    if (!type) return NULL;
    size_t t = 0;
    while (t < fz_rule_ndefs && strcmp(type, fz_rule_defs[t]->name)) t++;
    if (t == fz_rule_ndefs) {
        fz_buf names = {0};
        for (size_t i = 0; i < fz_rule_ndefs; i++)
            fz_buf_printf(&names, "%s%s", i ? "、" : "", fz_rule_defs[i]->name);
        FZ_PACK_ERR(c, typen, "未知的规则类型“%s”（可用：%s）", type, names.ptr);
        fz_buf_free(&names);
        return NULL;
    }
    const fz_rule_def *d = fz_rule_defs[t];
    fz_rule *r = fz_xcalloc(1, sizeof *r);
    r->type = (fz_rule_type)t;
    r->def = d;
    r->set = fz_xcalloc(1, d->size ? d->size : 1);
    if (d->init) d->init(r);
    r->level = FZ_LEVEL_WARNING;
    r->enabled = true;
    r->fix = true;
    r->normalize = d->normalize;
    r->scope.kind = d->scoped ? d->default_scope : FZ_SCOPE_BODY;
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
        if (!S_find_key(d, k, false)) S_unknown_key(c, m->items[i], r, false);
    }
    const fz_rule_key *k;
    for (size_t j = 0; (k = S_key_at(d, j)); j++) {
        if (!S_takes(d, j)) continue;
        const fz_ynode *v = fz_ymap_get(m, k->key);
        if (v) k->set(c, r, v);
    }

    if (!r->message) FZ_PACK_ERR(c, m, "规则 %s 缺少“message”", r->short_id);
    if (d->finish) d->finish(c, r, m);
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
static void S_resolve(fz_pack *c, fz_rule **mine, size_t nmine, size_t base) {
    for (size_t i = 0; i < c->refs.n; i++) {
        fz_pack_ref *ref = &c->refs.v[i];
        int idx = -1;
        const fz_rule *target = NULL;
        for (size_t j = 0; j < nmine && !target; j++)
            if (!strcmp(mine[j]->short_id, ref->name) || !strcmp(mine[j]->id, ref->name))
                target = mine[j], idx = (int)(base + j);
        for (size_t j = 0; j < c->rs->rules.n && !target; j++)
            if (!strcmp(c->rs->rules.v[j]->id, ref->name)) target = c->rs->rules.v[j], idx = (int)j;
        if (!target) {
            FZ_PACK_ERR(c, ref->node, "引用了不存在的规则“%s”", ref->name);
        } else if (target->type != FZ_RULE_SECTION) {
            FZ_PACK_ERR(c, ref->node, "“%s”不是 section 规则，不能用作部分引用", ref->name);
        } else if (target == ref->rule) {
            FZ_PACK_ERR(c, ref->node, "规则不能引用它自己");
        } else if (!ref->resolved) {
            ref->rule->scope.section = idx;
        } else {
            ref->resolved(ref->rule, idx, target->id);
        }
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
    fz_pack c = {.rs = rs, .doc = doc, .errors = errors, .ok = true, .facts = &facts};
    const fz_ynode *root = doc->root;
    /* A file that does not declare itself a pack is named, never quoted: a config
     * may point at any file, and its lines must not end up in a CI log. */
    if (!root || root->kind != FZ_Y_MAP ||
        (!fz_ymap_get(root, "pack") && !fz_ymap_get(root, "rules"))) {
        FZ_PACK_ERR(&c, NULL, "不是规则包（应为含“pack”或“rules”的映射）");
        return -1;
    }
    char *pack = NULL;
    for (size_t i = 0; i + 1 < root->n; i += 2) {
        const char *k = root->items[i]->str;
        if (strcmp(k, "pack") && strcmp(k, "authority") && strcmp(k, "description") &&
            strcmp(k, "document") && strcmp(k, "facts") && strcmp(k, "compare") &&
            strcmp(k, "rules"))
            FZ_PACK_ERR(&c, root->items[i],
                        "规则包中未知的键“%s”（可用：pack、authority、description、document、"
                        "facts、compare、rules）",
                        k);
    }
    const fz_ynode *pn = fz_ymap_get(root, "pack");
    if (pn) {
        const char *s = fz_pack_str(&c, pn, "pack");
        if (s && !S_valid_id(s))
            FZ_PACK_ERR(&c, pn, "包名“%s”只能含英文字母、数字、-、_、.", s);
        else if (s)
            pack = fz_xstrdup(s);
    }
    if (!pack) pack = S_basename_noext(doc->path);
    for (size_t i = 0; i < rs->packs.n; i++)
        if (!strcmp(rs->packs.v[i], pack)) FZ_PACK_ERR(&c, pn, "规则包“%s”已经加载过", pack);
    c.pack = pack;
    const fz_ynode *an = fz_ymap_get(root, "authority");
    const char *pack_authority = an ? fz_pack_str(&c, an, "authority") : NULL;
    const fz_ynode *dn = fz_ymap_get(root, "description");
    if (dn) fz_pack_str(&c, dn, "description");

    fz_profile d = {0};
    const fz_ynode *docn = fz_ymap_get(root, "document");
    if (docn) fz_pack_document_block(&c, docn, &d);
    const fz_ynode *factsn = fz_ymap_get(root, "facts");
    if (factsn) fz_pack_facts_block(&c, factsn);
    fz_compare_profile cmp = {0};
    const fz_ynode *cmpn = fz_ymap_get(root, "compare");
    if (cmpn && fz_compare_block(&cmp, doc, cmpn, errors) > 0) c.ok = false;

    char *file = fz_xstrdup(doc->path);
    FZ_VEC(fz_rule *) mine = {0};
    const fz_ynode *rn = fz_ymap_get(root, "rules");
    if (rn && rn->kind != FZ_Y_SEQ) FZ_PACK_ERR(&c, rn, "“rules”应为规则列表");
    for (size_t i = 0; rn && rn->kind == FZ_Y_SEQ && i < rn->n; i++) {
        fz_rule *r = S_rule(&c, rn->items[i], file);
        if (!r) continue;
        if (!r->authority && pack_authority) r->authority = fz_xstrdup(pack_authority);
        const fz_ynode *idn = fz_ymap_get(rn->items[i], "id");
        for (size_t j = 0; j < mine.n; j++)
            if (!strcmp(mine.v[j]->id, r->id) && idn) {
                FZ_PACK_ERR(&c, idn, "重复的规则 id“%s”（第 %zu 行已定义）", r->short_id,
                            mine.v[j]->line);
                break;
            }
        fz_vec_push(&mine, r);
    }
    S_resolve(&c, mine.v, mine.n, rs->rules.n);
    fz_pack_resolve_kinds(&c, mine.v, mine.n, &d, rn);

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
    for (size_t i = 0; i < mine.n; i++) {
        mine.v[i]->pack = pack;
        if (mine.v[i]->def->kept) mine.v[i]->def->kept(mine.v[i], rs);
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
    fz_read_profile_merge(&p->read, &d.read);
    fz_regex **slots[] = {&d.title,   &d.issuer, &d.enumeration, &d.published,
                          &d.closing, &d.signer, &d.docno,       &d.addressee,
                          &d.note,    &d.mirror, &d.title_issuer};
    fz_regex **dst[] = {&p->title,   &p->issuer, &p->enumeration, &p->published,
                        &p->closing, &p->signer, &p->docno,       &p->addressee,
                        &p->note,    &p->mirror, &p->title_issuer};
    for (size_t i = 0; i < sizeof slots / sizeof *slots; i++)
        if (*slots[i]) {
            *dst[i] = *slots[i];
            fz_vec_push(&rs->owned, *slots[i]);
        }
    int *nd[] = {&d.title_max_cols, &d.signer_max_cols, &d.chrome_max_cols, &d.head_lines};
    int *np[] = {&p->title_max_cols, &p->signer_max_cols, &p->chrome_max_cols, &p->head_lines};
    for (size_t i = 0; i < sizeof nd / sizeof *nd; i++)
        if (*nd[i]) *np[i] = *nd[i];
    if (d.enumeration_after[0])
        memcpy(p->enumeration_after, d.enumeration_after, sizeof p->enumeration_after);
    fz_ruleset_keep_kinds(rs, &d);
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
    if (rule->def->level_set) rule->def->level_set(rule);
}

int fz_rule_override(fz_ruleset *rs, fz_rule *rule, const fz_ydoc *doc, const fz_ynode *v,
                     fz_buf *errors) {
    fz_pack c = {.rs = rs, .doc = doc, .errors = errors, .ok = true, .pack = rule->pack};
    if (v->kind == FZ_Y_SCALAR) {
        const char *s = v->str;
        if (!strcmp(s, "off") || !strcmp(s, "false"))
            rule->enabled = false;
        else if (!strcmp(s, "on") || !strcmp(s, "true"))
            rule->enabled = true;
        else if (fz_pack_level(&c, v, &rule->level)) {
            rule->enabled = true;
            S_level_everywhere(rule);
        }
        return c.ok ? 0 : -1;
    }
    if (v->kind != FZ_Y_MAP) {
        S_unknown_key(&c, v, rule, true);
        return -1;
    }
    for (size_t i = 0; i + 1 < v->n; i += 2) {
        const fz_rule_key *k = S_find_key(rule->def, v->items[i]->str, true);
        if (!k)
            S_unknown_key(&c, v->items[i], rule, true);
        else
            k->set(&c, rule, v->items[i + 1]);
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
    free(rs->config);
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
    fz_read_profile_free(&rs->profile.read);
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
    char exe[PATH_MAX], built[PATH_MAX], exe_file[PATH_MAX];
    ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
    if (n > 0) {
        exe[n] = '\0';
        memcpy(exe_file, exe, (size_t)n + 1);
        char *slash = strrchr(exe, '/');
        if (slash) *slash = '\0';
        char rel[PATH_MAX];
        if (snprintf(rel, sizeof rel, "%s/%s", exe, FZ_RULES_RELATIVE_DIR) < (int)sizeof rel &&
            S_is_dir(rel) && realpath(rel, S_rules_dir))
            return;
        /* the shared library, installed apart from any executable that loads it */
        Dl_info lib;
        char so[PATH_MAX];
        if (dladdr((void *)S_find_rules_dir, &lib) && lib.dli_fname &&
            realpath(lib.dli_fname, so) && strcmp(so, exe_file) != 0) {
            char *s = strrchr(so, '/');
            if (s) *s = '\0';
            if (snprintf(rel, sizeof rel, "%s/%s", so, FZ_RULES_LIB_RELATIVE_DIR) <
                    (int)sizeof rel &&
                S_is_dir(rel) && realpath(rel, S_rules_dir))
                return;
        }
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
