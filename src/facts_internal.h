/*
 * facts_internal.h - what the files of the facts stage share and nobody else uses:
 * the literals of a profile pattern, the punctuation the stage reads, the part cues
 * extraction hands to the linker.  (facts_profile.c, facts_index.c, facts_extract.c,
 * facts_link.c, facts_check.c; the stage's interface is facts.h.)
 */
#ifndef FZ_FACTS_INTERNAL_H
#define FZ_FACTS_INTERNAL_H

#include "facts.h"
#include "number.h"
#include "utf8.h"

/* Literals one of which every match of a profile pattern contains: the union of its
 * alternatives' prefilters (prefilter.h), with room for a whole list of cue words.
 * Extraction looks them up once per report and skips PCRE2 in a window without one. */
#define FZ_FACTS_MAX_LITS 64

struct fz_facts_lits {
    const fz_regex *re;
    bool prefix;   /* every match starts with one of them */
    bool anchored; /* every match starts where the search starts (the \G of approx-after) */
    int n;
    char *s[FZ_FACTS_MAX_LITS];
    size_t len[FZ_FACTS_MAX_LITS];
};

/* How many quantities a structure (a sum, a ratio) looks across. */
#define FZ_FACTS_REACH 64

/* ---- punctuation ---- */

/* Where a figure's sentence ends: a sentence (utf8.h), and also a semicolon (figures
 * in two clauses of 一是……；二是…… belong to different statements) or a line end. */
__attribute__((always_inline)) static inline bool fz_facts_sentence_end(int cp) {
    return fz_sentence_end(cp) || cp == 0xFF1B || cp == ';' || cp == '\n' || cp == '\r';
}

__attribute__((always_inline)) static inline bool fz_facts_clause_end(int cp) {
    return cp == ',' || cp == 0xFF0C || cp == 0x3001 || cp == ':' || cp == 0xFF1A;
}

static inline bool fz_facts_open(int cp) {
    return cp == '(' || cp == 0xFF08;
}
static inline bool fz_facts_close(int cp) {
    return cp == ')' || cp == 0xFF09;
}

static inline bool fz_facts_same_unit(const fz_quantity *a, const fz_quantity *b) {
    return a->unit == b->unit;
}

/* ---- from extraction to the linker ---- */

typedef struct fz_facts_range {
    size_t s, e;
} fz_facts_range;

/* A part cue (其中) and the state of the text where it stands. */
typedef struct fz_facts_cue {
    size_t s, e;
    int sentence, para, depth; /* sentence -1: past the last character visited */
    size_t qidx;               /* quantities before it */
} fz_facts_cue;

/* Finds the sums (parts after a cue, parts in brackets) and the ratios among the
 * quantities of f, extracted from t[0, len). */
void fz_facts_link(fz_facts *f, const char *t, size_t len, const fz_facts_profile *p, fz_matcher *m,
                   const fz_facts_cue *cues, size_t ncues);

#endif
