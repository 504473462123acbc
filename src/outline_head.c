/* outline_head.c - the lines around the title that are not the title (document
 * number, addressee, 题注: the meeting, the speaker, the dateline), and the kind of
 * report read from the title, the sign-off and those lines.  What each looks like is
 * the packs' (document: docno, addressee, note, kinds); this file only walks lines. */
#define _GNU_SOURCE /* memmem */
#include <stdlib.h>
#include <string.h>

#include "outline.h"

#define HEAD_LINES     30 /* the head of a report: its first lines after the chrome */
#define HEAD_LINE_COLS 90 /* a head line is short; a longer one is body text */

static bool S_test(fz_matcher *m, const fz_regex *re, const fz_text *t, size_t ns, size_t ne) {
    return re && ne > ns && fz_regex_test(m, re, t->norm + ns, ne - ns);
}

void fz_outline_head_lines(fz_outline *o, const fz_text *t, const fz_profile *p, fz_matcher *m) {
    if (!p->docno && !p->addressee && !p->note) return;
    for (size_t i = 0, seen = 0; i < o->nlines && seen < HEAD_LINES; i++) {
        fz_line *l = fz_outline_mut(o, i);
        if (!l) continue; /* blank */
        if (l->kind == FZ_LINE_BLANK || l->kind == FZ_LINE_CHROME) continue;
        if (l->kind != FZ_LINE_PARA) break; /* a heading: the body has begun */
        seen++;
        size_t ns = l->nstart, ne = l->nend;
        bool is_short =
            fz_display_width_upto(t->norm + ns, ne - ns, HEAD_LINE_COLS) <= HEAD_LINE_COLS;
        if (is_short && S_test(m, p->docno, t, ns, ne))
            l->kind = FZ_LINE_DOCNO;
        else if (is_short && S_test(m, p->addressee, t, ns, ne))
            l->kind = FZ_LINE_ADDRESSEE;
        else if (is_short && S_test(m, p->note, t, ns, ne))
            l->kind = FZ_LINE_NOTE;
        else if (!is_short || memmem(t->norm + ns, ne - ns, "。", 3))
            break; /* the first paragraph of the body */
    }
}

int fz_profile_kind(const fz_profile *p, const char *name) {
    for (size_t i = 0; i < p->kinds.n; i++)
        if (p->kinds.v[i].name && !strcmp(p->kinds.v[i].name, name)) return (int)i;
    return -1;
}

static void S_take(fz_outline *o, const fz_profile *p, int k) {
    free(o->kind_name);
    free(o->kind_label);
    o->kind = k;
    o->kind_name = fz_xstrdup(p->kinds.v[k].name);
    o->kind_label = p->kinds.v[k].label ? fz_xstrdup(p->kinds.v[k].label) : NULL;
}

bool fz_outline_set_kind(fz_outline *o, const fz_profile *p, const char *name) {
    int k = fz_profile_kind(p, name);
    if (k < 0) return false;
    S_take(o, p, k);
    o->kind_stated = true;
    return true;
}

void fz_outline_kind(fz_outline *o, const fz_text *t, const fz_profile *p, fz_matcher *m) {
    o->kind = -1;
    free(o->kind_name);
    free(o->kind_label);
    o->kind_name = o->kind_label = NULL;
    if (!p->kinds.n) return;
    /* the organ lines of the sign-off, joined: 中共××县委 and ××县人民政府 may stand on
     * two lines */
    char *signers = o->signer ? fz_read_norm(o->signer, strlen(o->signer)) : NULL;
    /* a title the reader took from the document's properties (no line of the text) */
    char *adopted = o->title_line < 0 && o->title ? fz_read_norm(o->title, strlen(o->title)) : NULL;
    for (size_t k = 0; k < p->kinds.n && o->kind < 0; k++) {
        const fz_kind *kd = &p->kinds.v[k];
        bool hit = false;
        int heads[3] = {o->issuer_line, o->title_line, o->title_last};
        for (int h = 0; h < 3 && !hit; h++)
            if (heads[h] >= 0)
                hit = S_test(m, kd->title, t, fz_outline_at(o, heads[h])->nstart,
                             fz_outline_at(o, heads[h])->nend);
        if (!hit && kd->title && adopted)
            hit = fz_regex_test(m, kd->title, adopted, strlen(adopted));
        if (!hit && kd->signer && signers)
            hit = fz_regex_test(m, kd->signer, signers, strlen(signers));
        for (size_t i = 0; i < o->nlines && !hit && kd->head; i++) {
            const fz_line *l = fz_outline_at(o, i);
            if (l->kind == FZ_LINE_NOTE || l->kind == FZ_LINE_ADDRESSEE)
                hit = S_test(m, kd->head, t, l->nstart, l->nend);
        }
        if (hit) S_take(o, p, (int)k);
    }
    free(signers);
    free(adopted);
}

bool fz_outline_mirror(fz_outline *o, const fz_text *t, const fz_profile *p, fz_matcher *m) {
    if (!p->mirror) return false;
    bool mirror = false;
    for (size_t i = 0; i < o->nlines; i++) {
        fz_line *l = fz_outline_mut(o, i);
        if (!l) continue; /* blank */
        if (l->kind != FZ_LINE_PARA && l->kind != FZ_LINE_CHROME) continue;
        size_t ns = l->nstart, ne = l->nend;
        if (fz_display_width_upto(t->norm + ns, ne - ns, 2 * HEAD_LINE_COLS) > 2 * HEAD_LINE_COLS ||
            !S_test(m, p->mirror, t, ns, ne))
            continue;
        l->kind = FZ_LINE_CHROME;
        mirror = true;
    }
    return mirror;
}
