/* pack_blocks.c - a pack's `document:` and `facts:` blocks, read and checked. */
#include <stdlib.h>
#include <string.h>

#include "pack.h"
#include "yamltree.h"

/* ---- the document block ----------------------------------------------------------- */

/* A name or a list of names (html: containers, meta names). */
static void S_names(fz_pack *c, const fz_ynode *v, const char *what, fz_strvec *out) {
    if (v->kind == FZ_Y_SCALAR && *v->str) {
        fz_vec_push(out, fz_xstrdup(v->str));
        return;
    }
    if (v->kind != FZ_Y_SEQ) {
        FZ_PACK_ERR(c, v, "“%s”应为名称列表", what);
        return;
    }
    for (size_t j = 0; j < v->n; j++) {
        const char *s = fz_pack_str(c, v->items[j], what);
        if (s && *s) fz_vec_push(out, fz_xstrdup(s));
    }
}

/* `html:` and `pdf:`: where a report sits in a portal page or a printed PDF (read_html.c,
 * read_pdf.c).  Line patterns match the normalized text, the title suffix the text as
 * written. */
static void S_document_reader(fz_pack *c, const char *k, const fz_ynode *m, fz_read_profile *d) {
    if (m->kind != FZ_Y_MAP) {
        FZ_PACK_ERR(c, m, "“%s”应为映射", k);
        return;
    }
    bool html = !strcmp(k, "html");
    for (size_t i = 0; i + 1 < m->n; i += 2) {
        const char *key = m->items[i]->str;
        const fz_ynode *v = m->items[i + 1];
        fz_strvec *names = !html                            ? NULL
                           : !strcmp(key, "containers")     ? &d->containers
                           : !strcmp(key, "title-meta")     ? &d->title_meta
                           : !strcmp(key, "published-meta") ? &d->published_meta
                           : !strcmp(key, "source-meta")    ? &d->source_meta
                                                            : NULL;
        fz_regexvec *lines = html && !strcmp(key, "chrome")     ? &d->chrome
                             : !html && !strcmp(key, "running") ? &d->running
                                                                : NULL;
        if (names) {
            S_names(c, v, key, names);
        } else if (lines && v->kind != FZ_Y_SEQ) {
            FZ_PACK_ERR(c, v, "“%s”应为模式列表", key);
        } else if (lines) {
            for (size_t j = 0; j < v->n; j++) {
                fz_regex *re = fz_pack_regex(c, v->items[j], true);
                if (re) fz_vec_push(lines, re);
            }
        } else if (html && !strcmp(key, "title-suffix")) {
            fz_regex *re = fz_pack_regex(c, v, false);
            if (re) fz_regex_free(d->title_suffix), d->title_suffix = re;
        } else {
            FZ_PACK_ERR(
                c, m->items[i], "“%s”中未知的键“%s”（可用：%s）", k, key,
                html ? "containers、title-meta、published-meta、source-meta、title-suffix、chrome"
                     : "running");
        }
    }
}

/* The pack's own `document:` patterns, merged into the rule set's profile on success. */
void fz_pack_document_block(fz_pack *c, const fz_ynode *m, fz_profile *d) {
    if (m->kind != FZ_Y_MAP) {
        FZ_PACK_ERR(c, m, "“document”应为映射");
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
               {"mirror", &d->mirror, ""},
               {"title-issuer", &d->title_issuer, ""}};
    for (size_t i = 0; i + 1 < m->n; i += 2) {
        const char *k = m->items[i]->str;
        const fz_ynode *v = m->items[i + 1];
        if (!strcmp(k, "chrome")) {
            if (v->kind != FZ_Y_SEQ) {
                FZ_PACK_ERR(c, v, "“chrome”应为模式列表");
                continue;
            }
            for (size_t j = 0; j < v->n; j++) {
                fz_regex *re = fz_pack_regex(c, v->items[j], true);
                if (re) fz_vec_push(&d->chrome, re);
            }
            continue;
        }
        if (!strcmp(k, "html") || !strcmp(k, "pdf")) {
            S_document_reader(c, k, v, &d->read);
            continue;
        }
        if (!strcmp(k, "kinds")) {
            fz_pack_document_kinds(c, v, d);
            continue;
        }
        struct {
            const char *key;
            int *slot;
        } num[] = {{"title-max-cols", &d->title_max_cols},
                   {"signer-max-cols", &d->signer_max_cols},
                   {"chrome-max-cols", &d->chrome_max_cols},
                   {"head-lines", &d->head_lines}};
        size_t n = 0;
        while (n < sizeof num / sizeof *num && strcmp(k, num[n].key)) n++;
        if (n < sizeof num / sizeof *num) {
            fz_pack_int(c, v, k, 1, 100000, num[n].slot);
            continue;
        }
        if (!strcmp(k, "enumeration-after")) {
            const char *x = fz_pack_str(c, v, k);
            if (x && (!*x || strlen(x) >= sizeof d->enumeration_after))
                FZ_PACK_ERR(c, v, "“enumeration-after”应为 1 到 %zu 字节的字符列表",
                            sizeof d->enumeration_after - 1);
            else if (x)
                memcpy(d->enumeration_after, x, strlen(x) + 1);
            continue;
        }
        size_t j = 0;
        while (j < sizeof one / sizeof *one && strcmp(k, one[j].key)) j++;
        if (j == sizeof one / sizeof *one) {
            FZ_PACK_ERR(c, m->items[i],
                        "“document”中未知的键“%s”（可用：chrome、title、issuer、enumeration、"
                        "published、closing、signer、title-"
                        "issuer、html、pdf、docno、addressee、note、mirror、kinds、"
                        "title-max-cols、signer-max-cols、chrome-max-cols、head-lines、"
                        "enumeration-after）",
                        k);
            continue;
        }
        fz_regex *re = fz_pack_regex(c, v, true);
        if (!re) continue;
        for (const char *g = one[j].groups; *g; g++) {
            char name[2] = {*g, 0};
            if (!fz_pack_need_group(c, v, re, name)) break;
        }
        if (one[j].slot == &d->title_issuer) fz_pack_need_group(c, v, re, "issuer");
        *one[j].slot = re;
    }
}

/* ---- the facts block -------------------------------------------------------------- */

/* A list of maps with string fields (indicators, outcomes): fields[0] is a name, the
 * others patterns; the first nreq are required.  Each item goes to add(). */
static void S_facts_maps(fz_pack *c, const fz_ynode *v, const char *key, const char *const *fields,
                         size_t nf, size_t nreq, const char *usage,
                         int (*add)(fz_facts_profile *, const char *const *, fz_buf *)) {
    if (v->kind != FZ_Y_SEQ) {
        FZ_PACK_ERR(c, v, "“%s”应为列表，每项含 %s", key, usage);
        return;
    }
    for (size_t i = 0; i < v->n; i++) {
        const fz_ynode *it = v->items[i];
        const char *vals[8] = {0};
        bool ok = it->kind == FZ_Y_MAP, bad = false;
        for (size_t f = 0; ok && f < nf; f++) {
            const fz_ynode *n = fz_ymap_get(it, fields[f]);
            if (!n && f < nreq) ok = false;
            if (n && f == 0) vals[f] = fz_pack_str(c, n, fields[f]);
            if (n && f > 0) vals[f] = fz_pack_regex_ok(c, n, true) ? n->str : NULL;
            if (n && !vals[f]) bad = true; /* reported */
        }
        if (!ok) {
            FZ_PACK_ERR(c, it, "“%s”的每一项应为含 %s 的映射", key, usage);
            continue;
        }
        for (size_t k = 0; k + 1 < it->n; k += 2) {
            size_t f = 0;
            while (f < nf && strcmp(it->items[k]->str, fields[f])) f++;
            if (f == nf)
                FZ_PACK_ERR(c, it->items[k], "“%s”中未知的键“%s”（可用：%s）", key,
                            it->items[k]->str, usage);
        }
        fz_buf why = {0};
        if (!bad && add(c->facts, vals, &why) != 0)
            FZ_PACK_ERR(c, it, "%s", why.ptr ? why.ptr : "");
        fz_buf_free(&why);
    }
}

static int S_add_indicator(fz_facts_profile *p, const char *const *v, fz_buf *err) {
    return fz_facts_profile_add_indicator(p, v[0], v[1], err);
}

/* units: words; indicators: a list of maps; every other key: one pattern or a list. */
void fz_pack_facts_block(fz_pack *c, const fz_ynode *m) {
    if (m->kind != FZ_Y_MAP) {
        FZ_PACK_ERR(c, m, "“facts”应为映射");
        return;
    }
    for (size_t i = 0; i + 1 < m->n; i += 2) {
        const char *k = m->items[i]->str;
        const fz_ynode *v = m->items[i + 1];
        if (!strcmp(k, "indicators")) {
            static const char *const f[] = {"name", "label"};
            S_facts_maps(c, v, k, f, 2, 2, "name、label", S_add_indicator);
            continue;
        }
        if (!strcmp(k, "outcomes")) {
            static const char *const f[] = {"name",  "context",   "total",
                                            "parts", "aggregate", "members"};
            S_facts_maps(c, v, k, f, 6, 4, "name、context、total、parts、aggregate、members",
                         fz_facts_profile_add_outcomes);
            continue;
        }
        if (!strcmp(k, "rate-bases")) {
            static const char *const f[] = {"list", "rate"};
            S_facts_maps(c, v, k, f, 2, 2, "list、rate", fz_facts_profile_add_rate_base);
            continue;
        }
        const fz_ynode *one[1] = {v};
        const fz_ynode *const *items =
            v->kind == FZ_Y_SEQ ? (const fz_ynode *const *)v->items : one;
        size_t n = v->kind == FZ_Y_SEQ ? v->n : 1;
        const char **vals = fz_xcalloc(n ? n : 1, sizeof *vals);
        bool ok = true, words = !strcmp(k, "units");
        for (size_t j = 0; j < n; j++) {
            vals[j] = fz_pack_str(c, items[j], k);
            if (!vals[j]) {
                ok = false;
            } else if (!words) { /* position and normalized-view checks of the engine */
                ok = fz_pack_regex_ok(c, items[j], true) && ok;
            }
        }
        fz_buf why = {0};
        size_t bad = 0;
        if (ok && fz_facts_profile_set(c->facts, k, vals, n, &why, &bad) != 0) {
            if (bad >= n)
                FZ_PACK_ERR(
                    c, m->items[i],
                    "“facts”中未知的键“%s”（可用：units、label-cut、label-trim、approx-before、"
                    "approx-after、total-cues、part-cues、part-stop、rate-label、rate-word、"
                    "growth、ignore、scope-words、whole-cues、entities、indicators、outcomes、rate-"
                    "bases）",
                    k);
            else
                FZ_PACK_ERR(c, items[bad], "%s", why.ptr ? why.ptr : "");
        }
        fz_buf_free(&why);
        free(vals);
    }
}
