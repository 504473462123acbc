/* rule_compare.c - the compare type: its keys; it is checked across reports, in the second phase
 * (compare.c). */
#include <stdlib.h>
#include <string.h>

#include "rule_compare.h"
#include "rule_type.h"

static void S_k_check(fz_pack *c, fz_rule *r, const fz_ynode *v) {
    fz_compare_rule *s = r->set;
    const char *x = fz_pack_str(c, v, "check");
    if (!x) return;
    if (!strcmp(x, "repeated-part"))
        s->check = FZ_CMP_REPEATED_PART;
    else if (!strcmp(x, "shared-paragraph"))
        s->check = FZ_CMP_SHARED_PARAGRAPH;
    else if (!strcmp(x, "dropped-name"))
        s->check = FZ_CMP_DROPPED_NAME;
    else
        fz_pack_error(
            c, v, "未知的“check”取值“%s”（可用：repeated-part、shared-paragraph、dropped-name）",
            x);
}
static void S_k_part(fz_pack *c, fz_rule *r, const fz_ynode *v) {
    fz_pack_set_str(c, v, "part", &((fz_compare_rule *)r->set)->part);
}
static void S_k_min_share(fz_pack *c, fz_rule *r, const fz_ynode *v) {
    fz_pack_int(c, v, "min-share", 1, 100, &((fz_compare_rule *)r->set)->min_share);
}
static void S_k_min_chars(fz_pack *c, fz_rule *r, const fz_ynode *v) {
    fz_pack_int(c, v, "min-chars", 1, 100000, &((fz_compare_rule *)r->set)->min_chars);
}
static void S_k_note(fz_pack *c, fz_rule *r, const fz_ynode *v) {
    fz_pack_set_str(c, v, "note", &((fz_compare_rule *)r->set)->note);
}

static void S_init(fz_rule *r) {
    fz_compare_rule *s = r->set;
    s->min_share = 50;
    s->min_chars = 40;
}

static void S_finish(fz_pack *c, fz_rule *r, const fz_ynode *m) {
    const fz_compare_rule *s = r->set;
    if (!fz_ymap_get(m, "check")) fz_pack_error(c, m, "规则 %s 缺少“check”", r->short_id);
    if (s->check != FZ_CMP_SHARED_PARAGRAPH && !s->part)
        fz_pack_error(c, m, "规则 %s 缺少“part”（section 规则的 id）", r->short_id);
}

static void S_free(fz_rule *r) {
    fz_compare_rule *s = r->set;
    free(s->part);
    free(s->note);
}

static const fz_rule_key S_keys[] = {
    {"summary", fz_pack_summary, false}, {"check", S_k_check, false},
    {"part", S_k_part, false},           {"min-share", S_k_min_share, true},
    {"min-chars", S_k_min_chars, true},  {"note", S_k_note, false},
};

const fz_rule_def fz_rule_compare_def = {.name = "compare",
                                         .normalize = true,
                                         .keys = S_keys,
                                         .nkeys = sizeof S_keys / sizeof *S_keys,
                                         .size = sizeof(fz_compare_rule),
                                         .init = S_init,
                                         .finish = S_finish,
                                         /* no check per report: the second phase's */
                                         .free = S_free};
