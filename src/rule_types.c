/* rule_types.c - the table of rule types: one line per type (rule_type.h). */
#include "rule_type.h"

extern const fz_rule_def fz_rule_section_def, fz_rule_require_def, fz_rule_forbid_def,
    fz_rule_swap_def, fz_rule_metric_def, fz_rule_sequence_def, fz_rule_pair_def, fz_rule_year_def,
    fz_rule_date_def, fz_rule_sum_def, fz_rule_ratio_def, fz_rule_fact_def, fz_rule_compare_def,
    fz_rule_instrument_def, fz_rule_signoff_def;

/* Indexed by fz_rule_type for the built-in types; a new type needs no constant. */
const fz_rule_def *const fz_rule_defs[] = {
    [FZ_RULE_SECTION] = &fz_rule_section_def,
    [FZ_RULE_REQUIRE] = &fz_rule_require_def,
    [FZ_RULE_FORBID] = &fz_rule_forbid_def,
    [FZ_RULE_SWAP] = &fz_rule_swap_def,
    [FZ_RULE_METRIC] = &fz_rule_metric_def,
    [FZ_RULE_SEQUENCE] = &fz_rule_sequence_def,
    [FZ_RULE_PAIR] = &fz_rule_pair_def,
    [FZ_RULE_YEAR] = &fz_rule_year_def,
    [FZ_RULE_DATE] = &fz_rule_date_def,
    [FZ_RULE_SUM] = &fz_rule_sum_def,
    [FZ_RULE_RATIO] = &fz_rule_ratio_def,
    [FZ_RULE_FACT] = &fz_rule_fact_def,
    [FZ_RULE_COMPARE] = &fz_rule_compare_def,
    &fz_rule_instrument_def,
    &fz_rule_signoff_def,
};
const size_t fz_rule_ndefs = sizeof fz_rule_defs / sizeof *fz_rule_defs;
