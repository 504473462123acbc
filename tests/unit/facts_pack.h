/*
 * facts_pack.h - test helper: fills an fz_facts_profile from rules/facts.yaml with
 * libyaml directly, so the unit tests exercise the real pack without the rules
 * engine.  The production loader is src/rules.c.  `enabled:` is ignored here, so
 * every check (rate-over-100 too) is exercised.  The rules' ids, levels and messages
 * (the rule set's, in production) are kept in test_facts_rules; test_facts_check
 * reports with them.
 */
#ifndef FZ_TEST_FACTS_PACK_H
#define FZ_TEST_FACTS_PACK_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <yaml.h>

#include "facts.h"

/* Per profile rule: what the rule set holds in production. */
typedef struct test_facts_rule {
    char id[256];
    fz_level level;
    char message[1024];
    char authority[512];
    bool off;
} test_facts_rule;
static test_facts_rule test_facts_rules[64];
static size_t test_facts_nrules;

static bool S_test_on(void *ctx, size_t k) {
    (void)ctx;
    return k < test_facts_nrules && !test_facts_rules[k].off;
}

static void S_test_report(void *ctx, size_t k, const fz_quantity *at, const fz_var *vars,
                          size_t n) {
    fz_buf msg = {0};
    fz_vars vs = {vars, n};
    fz_expand(&msg, test_facts_rules[k].message, fz_vars_lookup, &vs);
    fz_diag_add(ctx, test_facts_rules[k].level, test_facts_rules[k].id,
                test_facts_rules[k].authority[0] ? test_facts_rules[k].authority : NULL, at->start,
                at->end, "%s", msg.ptr);
    fz_buf_free(&msg);
}

/* The checks of p on f, reported into d with test_facts_rules. */
static void test_facts_check(const fz_facts *f, const fz_facts_profile *p, fz_diags *d, int only) {
    fz_facts_reporter out = {.on = S_test_on, .report = S_test_report, .ctx = d};
    fz_facts_check(f, p, &out, only);
}

static const char *S_scalar(yaml_document_t *doc, yaml_node_t *map, const char *key) {
    if (!map || map->type != YAML_MAPPING_NODE) return NULL;
    for (yaml_node_pair_t *p = map->data.mapping.pairs.start; p < map->data.mapping.pairs.top;
         p++) {
        yaml_node_t *k = yaml_document_get_node(doc, p->key);
        yaml_node_t *v = yaml_document_get_node(doc, p->value);
        if (k->type == YAML_SCALAR_NODE && strcmp((char *)k->data.scalar.value, key) == 0)
            return v->type == YAML_SCALAR_NODE ? (const char *)v->data.scalar.value : NULL;
    }
    return NULL;
}

static yaml_node_t *S_child(yaml_document_t *doc, yaml_node_t *map, const char *key) {
    if (!map || map->type != YAML_MAPPING_NODE) return NULL;
    for (yaml_node_pair_t *p = map->data.mapping.pairs.start; p < map->data.mapping.pairs.top;
         p++) {
        yaml_node_t *k = yaml_document_get_node(doc, p->key);
        if (k->type == YAML_SCALAR_NODE && strcmp((char *)k->data.scalar.value, key) == 0)
            return yaml_document_get_node(doc, p->value);
    }
    return NULL;
}

/* Returns 0, or -1 with the reason printed to stderr. */
static int test_load_facts_pack(fz_facts_profile *p, const char *path) {
    test_facts_nrules = p->rules.n; /* the rules of a fresh profile come from here */
    FILE *fp = fopen(path, "rb");
    if (!fp) return -1;
    yaml_parser_t parser;
    yaml_document_t doc;
    yaml_parser_initialize(&parser);
    yaml_parser_set_input_file(&parser, fp);
    int rc = -1;
    if (!yaml_parser_load(&parser, &doc)) goto out_parser;
    yaml_node_t *root = yaml_document_get_root_node(&doc);
    const char *pack = S_scalar(&doc, root, "pack");
    yaml_node_t *facts = S_child(&doc, root, "facts");
    fz_buf err = {0};
    if (!pack || !facts || facts->type != YAML_MAPPING_NODE) goto out;
    for (yaml_node_pair_t *kv = facts->data.mapping.pairs.start; kv < facts->data.mapping.pairs.top;
         kv++) {
        const char *key = (char *)yaml_document_get_node(&doc, kv->key)->data.scalar.value;
        yaml_node_t *v = yaml_document_get_node(&doc, kv->value);
        if (strcmp(key, "indicators") == 0) {
            for (yaml_node_item_t *it = v->data.sequence.items.start;
                 it < v->data.sequence.items.top; it++) {
                yaml_node_t *ind = yaml_document_get_node(&doc, *it);
                if (fz_facts_profile_add_indicator(p, S_scalar(&doc, ind, "name"),
                                                   S_scalar(&doc, ind, "label"), &err))
                    goto out;
            }
            continue;
        }
        if (strcmp(key, "outcomes") == 0) {
            static const char *const f[] = {"name",  "context",   "total",
                                            "parts", "aggregate", "members"};
            for (yaml_node_item_t *it = v->data.sequence.items.start;
                 it < v->data.sequence.items.top; it++) {
                yaml_node_t *oc = yaml_document_get_node(&doc, *it);
                const char *vals[6];
                for (int k = 0; k < 6; k++) vals[k] = S_scalar(&doc, oc, f[k]);
                if (fz_facts_profile_add_outcomes(p, vals, &err)) goto out;
            }
            continue;
        }
        if (strcmp(key, "rate-bases") == 0) {
            for (yaml_node_item_t *it = v->data.sequence.items.start;
                 it < v->data.sequence.items.top; it++) {
                yaml_node_t *b = yaml_document_get_node(&doc, *it);
                const char *vals[2] = {S_scalar(&doc, b, "list"), S_scalar(&doc, b, "rate")};
                if (fz_facts_profile_add_rate_base(p, vals, &err)) goto out;
            }
            continue;
        }
        const char *vals[64];
        size_t n = 0, bad;
        if (v->type == YAML_SCALAR_NODE) {
            vals[n++] = (char *)v->data.scalar.value;
        } else {
            for (yaml_node_item_t *it = v->data.sequence.items.start;
                 it < v->data.sequence.items.top && n < 64; it++)
                vals[n++] = (char *)yaml_document_get_node(&doc, *it)->data.scalar.value;
        }
        if (fz_facts_profile_set(p, key, vals, n, &err, &bad)) goto out;
    }
    yaml_node_t *rules = S_child(&doc, root, "rules");
    for (yaml_node_item_t *it = rules ? rules->data.sequence.items.start : NULL;
         rules && it < rules->data.sequence.items.top; it++) {
        yaml_node_t *r = yaml_document_get_node(&doc, *it);
        const char *rid = S_scalar(&doc, r, "id");
        char id[256];
        snprintf(id, sizeof id, "%s/%s", pack, rid ? rid : "");
        fz_facts_rule_spec spec = {.id = id,
                                   .type = S_scalar(&doc, r, "type"),
                                   .check = S_scalar(&doc, r, "check"),
                                   .rate = S_scalar(&doc, r, "rate"),
                                   .numerator = S_scalar(&doc, r, "numerator"),
                                   .numerator_from = S_scalar(&doc, r, "numerator-from"),
                                   .denominator = S_scalar(&doc, r, "denominator")};
        if (test_facts_nrules != p->rules.n || p->rules.n >= 64) goto out;
        if (fz_facts_profile_add_rule(p, &spec, &err)) goto out;
        test_facts_rule *t = &test_facts_rules[test_facts_nrules++];
        memset(t, 0, sizeof *t);
        snprintf(t->id, sizeof t->id, "%s", id);
        const char *level = S_scalar(&doc, r, "level"), *msg = S_scalar(&doc, r, "message");
        const char *auth = S_scalar(&doc, r, "authority");
        t->level = fz_facts_default_level(p->rules.v[p->rules.n - 1].check);
        if (level && !fz_level_parse(level, &t->level)) goto out;
        snprintf(t->message, sizeof t->message, "%s", msg ? msg : "");
        snprintf(t->authority, sizeof t->authority, "%s", auth ? auth : "");
    }
    rc = 0;
out:
    if (rc) fprintf(stderr, "%s: %s\n", path, err.ptr ? err.ptr : "bad pack");
    fz_buf_free(&err);
    yaml_document_delete(&doc);
out_parser:
    yaml_parser_delete(&parser);
    fclose(fp);
    return rc;
}

#endif
