/*
 * rule_compare.h - the settings of a `compare` rule, which the second phase reads
 * (compare.c, digest.c); the type's keys are read in rule_compare.c.
 */
#ifndef FZ_RULE_COMPARE_H
#define FZ_RULE_COMPARE_H

#include "rules.h"

typedef enum fz_cmp_check {
    FZ_CMP_REPEATED_PART,
    FZ_CMP_SHARED_PARAGRAPH,
    FZ_CMP_DROPPED_NAME
} fz_cmp_check;

typedef struct fz_compare_rule {
    fz_cmp_check check; /* what is compared */
    char *part;         /* repeated-part, dropped-name: a section rule's id */
    int min_share;      /* percent */
    int min_chars;
    char *note; /* the message of the related location, or NULL */
} fz_compare_rule;

/* The settings of r, a rule of type compare. */
static inline const fz_compare_rule *fz_compare_rule_of(const fz_rule *r) {
    return (const fz_compare_rule *)r->set;
}

#endif
