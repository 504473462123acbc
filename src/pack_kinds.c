/* pack_kinds.c - who wrote a report, as a pack says it: the `kinds:` list of the
 * document block, a rule's `kinds:` and `silent-if:` keys checked when its pack is
 * read, and the kinds merged into the rule set's profile. */
#include <stdlib.h>
#include <string.h>

#include "pack.h"

static bool S_valid_name(const char *s) {
    if (!*s) return false;
    for (; *s; s++)
        if (!((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') || (*s >= '0' && *s <= '9') ||
              *s == '-' || *s == '_' || *s == '.'))
            return false;
    return true;
}

/* signed-by: {year, month, day}, year relative to the report year (default +1). */
static void S_signed_by(fz_pack *c, const fz_ynode *v, fz_kind *k) {
    k->signed_by_year = 1;
    k->signed_by_month = k->signed_by_day = 0;
    fz_pack_deadline(c, v, "signed-by", &k->signed_by_year, &k->signed_by_month, &k->signed_by_day);
    if (v->kind == FZ_Y_MAP && (!k->signed_by_month || !k->signed_by_day))
        FZ_PACK_ERR(c, v, "“signed-by”需要 month 和 day");
}

/* document.kinds: a list of {name, label, title, signer, head, signed-by}; at least one
 * pattern, unless the entry names a kind a loaded pack has. */
void fz_pack_document_kinds(fz_pack *c, const fz_ynode *v, fz_profile *d) {
    if (v->kind != FZ_Y_SEQ) {
        FZ_PACK_ERR(c, v, "“kinds”应为列表，每项含 name、label 和 title、signer、head 中的模式");
        return;
    }
    for (size_t i = 0; i < v->n; i++) {
        const fz_ynode *it = v->items[i];
        if (it->kind != FZ_Y_MAP) {
            FZ_PACK_ERR(c, it, "“kinds”的每一项应为映射（name、label、title、signer、head）");
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
                *slot = fz_pack_regex(c, val, true);
            } else if (!strcmp(key, "signed-by")) {
                S_signed_by(c, val, &k);
            } else if (!strcmp(key, "name") || !strcmp(key, "label")) {
                const char *str = fz_pack_str(c, val, key);
                char **dst = !strcmp(key, "name") ? &k.name : &k.label;
                free(*dst);
                *dst = str ? fz_xstrdup(str) : NULL;
                if (str && dst == &k.name && !S_valid_name(str))
                    FZ_PACK_ERR(c, val, "报告类型名“%s”只能含英文字母、数字、-、_、.", str);
            } else {
                FZ_PACK_ERR(c, it->items[j],
                            "“kinds”中未知的键“%s”（可用：name、label、title、signer、head、"
                            "signed-by）",
                            key);
            }
        }
        /* a kind a loaded pack has may be named again to change its label or deadline */
        bool known = k.name && fz_profile_kind(&c->rs->profile, k.name) >= 0;
        if (!k.name || (!k.title && !k.signer && !k.head && !known))
            FZ_PACK_ERR(c, it,
                        "“kinds”的每一项应有 name，并至少有 title、signer、head 中的一个模式"
                        "（已加载的类型可只写 name 和 label、signed-by）");
        else if (fz_profile_kind(d, k.name) >= 0)
            FZ_PACK_ERR(c, it, "重复的报告类型“%s”", k.name);
        fz_vec_push(&d->kinds, k); /* freed with the profile, kept or not */
    }
}

/* A rule's kinds name kinds of document.kinds (this pack's or a loaded pack's); its
 * silent-if names a rule of this pack or a loaded one, and becomes that rule's full id.
 * rules: the pack's rule list (for the error positions), parallel to mine. */
void fz_pack_resolve_kinds(fz_pack *c, fz_rule **mine, size_t nmine, const fz_profile *d,
                           const fz_ynode *rules) {
    for (size_t i = 0; i < nmine; i++) {
        fz_rule *r = mine[i];
        const fz_ynode *rn =
            rules && rules->kind == FZ_Y_SEQ && i < rules->n ? rules->items[i] : NULL;
        for (size_t k = 0; k < r->kinds.n; k++)
            if (fz_profile_kind(d, r->kinds.v[k]) < 0 &&
                fz_profile_kind(&c->rs->profile, r->kinds.v[k]) < 0)
                FZ_PACK_ERR(c, rn ? fz_ymap_get(rn, "kinds") : NULL,
                            "未知的报告类型“%s”（应为 document.kinds 中的 name）", r->kinds.v[k]);
        if (!r->silent_if) continue;
        const fz_rule *target = NULL;
        for (size_t j = 0; j < nmine && !target; j++)
            if (!strcmp(mine[j]->short_id, r->silent_if) || !strcmp(mine[j]->id, r->silent_if))
                target = mine[j];
        for (size_t j = 0; j < c->rs->rules.n && !target; j++)
            if (!strcmp(c->rs->rules.v[j]->id, r->silent_if)) target = c->rs->rules.v[j];
        if (!target || target == r) {
            FZ_PACK_ERR(c, rn ? fz_ymap_get(rn, "silent-if") : NULL, "“silent-if”引用了%s“%s”",
                        target ? "规则自己" : "不存在的规则", r->silent_if);
            continue;
        }
        free(r->silent_if);
        r->silent_if = fz_xstrdup(target->id);
    }
}

/* Kinds append; a later pack's kind of the same name replaces the earlier one.  The
 * patterns and names move to the rule set, which frees them. */
void fz_ruleset_keep_kinds(fz_ruleset *rs, fz_profile *d) {
    fz_profile *p = &rs->profile;
    for (size_t i = 0; i < d->kinds.n; i++) {
        fz_kind *k = &d->kinds.v[i];
        fz_regex *res[] = {k->title, k->signer, k->head};
        for (int r = 0; r < 3; r++)
            if (res[r]) fz_vec_push(&rs->owned, res[r]);
        fz_vec_push(&rs->owned_names, k->name);
        if (k->label) fz_vec_push(&rs->owned_names, k->label);
        int old = fz_profile_kind(p, k->name);
        if (old >= 0 && !k->title && !k->signer && !k->head) {
            /* named again to change its label or deadline: the patterns stay */
            fz_kind *o = &p->kinds.v[old];
            if (k->label) o->label = k->label;
            if (k->signed_by_month) {
                o->signed_by_year = k->signed_by_year;
                o->signed_by_month = k->signed_by_month;
                o->signed_by_day = k->signed_by_day;
            }
        } else if (old >= 0)
            p->kinds.v[old] = *k;
        else
            fz_vec_push(&p->kinds, *k);
    }
    fz_vec_free(&d->kinds);
}

void fz_rule_key_kinds(fz_pack *c, fz_rule *r, const fz_ynode *v) {
    const fz_ynode *one[1] = {v};
    const fz_ynode *const *items = v->kind == FZ_Y_SEQ ? (const fz_ynode *const *)v->items : one;
    size_t n = v->kind == FZ_Y_SEQ ? v->n : 1;
    for (size_t i = 0; i < n; i++) {
        const char *k = fz_pack_str(c, items[i], "kinds");
        if (k) fz_vec_push(&r->kinds, fz_xstrdup(k));
    }
}

void fz_rule_key_silent_if(fz_pack *c, fz_rule *r, const fz_ynode *v) {
    fz_pack_set_str(c, v, "silent-if", &r->silent_if);
}

void fz_rule_kinds_free(fz_rule *r) {
    for (size_t i = 0; i < r->kinds.n; i++) free(r->kinds.v[i]);
    fz_vec_free(&r->kinds);
    free(r->silent_if);
}
