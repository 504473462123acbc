/* read_profile.c - the part of a pack's `document:` block that the readers of portal
 * pages and PDF files use (outline.h, fz_read_profile): merging packs and freeing. */
#include <stdlib.h>
#include <string.h>

#include "outline.h"

static void S_strs_move(fz_strvec *dst, fz_strvec *src) {
    for (size_t i = 0; i < src->n; i++) fz_vec_push(dst, src->v[i]);
    fz_vec_free(src);
}

static void S_res_move(fz_regexvec *dst, fz_regexvec *src) {
    for (size_t i = 0; i < src->n; i++) fz_vec_push(dst, src->v[i]);
    fz_vec_free(src);
}

void fz_read_profile_merge(fz_read_profile *dst, fz_read_profile *src) {
    S_strs_move(&dst->containers, &src->containers);
    S_strs_move(&dst->title_meta, &src->title_meta);
    S_strs_move(&dst->published_meta, &src->published_meta);
    S_strs_move(&dst->source_meta, &src->source_meta);
    S_res_move(&dst->chrome, &src->chrome);
    S_res_move(&dst->running, &src->running);
    if (src->title_suffix) {
        fz_regex_free(dst->title_suffix);
        dst->title_suffix = src->title_suffix;
        src->title_suffix = NULL;
    }
}

static void S_strs_free(fz_strvec *v) {
    for (size_t i = 0; i < v->n; i++) free(v->v[i]);
    fz_vec_free(v);
}

static void S_res_free(fz_regexvec *v) {
    for (size_t i = 0; i < v->n; i++) fz_regex_free(v->v[i]);
    fz_vec_free(v);
}

void fz_read_profile_free(fz_read_profile *p) {
    S_strs_free(&p->containers);
    S_strs_free(&p->title_meta);
    S_strs_free(&p->published_meta);
    S_strs_free(&p->source_meta);
    S_res_free(&p->chrome);
    S_res_free(&p->running);
    fz_regex_free(p->title_suffix);
    memset(p, 0, sizeof *p);
}
