/*
 * pack.h - the state of a pack being read, shared by the loader (rules.c) and the
 * value readers (pack.c).  Rule types see only rule_type.h's functions.
 */
#ifndef FZ_PACK_H
#define FZ_PACK_H

#include "rule_type.h"

/* A reference to a section rule, resolved once the whole pack is read. */
typedef struct fz_pack_ref {
    fz_rule *rule;
    char *name;
    const fz_ynode *node;
    void (*resolved)(fz_rule *r, int index, const char *id); /* NULL: the rule's scope */
} fz_pack_ref;

struct fz_pack {
    fz_ruleset *rs;
    const fz_ydoc *doc;
    fz_buf *errors;
    bool ok;
    const char *pack;
    FZ_VEC(fz_pack_ref) refs;
    fz_facts_profile *facts; /* the pack's `facts:` block and facts rules, until kept */
};

/* An error at node: the pack will not be kept. */
#define FZ_PACK_ERR(c, node, ...)                                                                  \
    ((c)->ok = false, fz_yerror((c)->errors, (c)->doc, (node), __VA_ARGS__))

/* Report kinds (pack_kinds.c): document.kinds, the rules' kinds and silent-if, the
 * merge into the rule set. */
void fz_pack_document_kinds(fz_pack *c, const fz_ynode *v, fz_profile *d);
void fz_pack_resolve_kinds(fz_pack *c, fz_rule **mine, size_t nmine, const fz_profile *d,
                           const fz_ynode *rules);
void fz_ruleset_keep_kinds(fz_ruleset *rs, fz_profile *d);
void fz_rule_key_kinds(fz_pack *c, fz_rule *r, const fz_ynode *v);
void fz_rule_key_silent_if(fz_pack *c, fz_rule *r, const fz_ynode *v);
void fz_rule_kinds_free(fz_rule *r);

/* The pack's own `document:` patterns and settings, merged into the rule set's profile
 * on success; its `facts:` block into c->facts (pack_blocks.c). */
void fz_pack_document_block(fz_pack *c, const fz_ynode *m, fz_profile *d);
void fz_pack_facts_block(fz_pack *c, const fz_ynode *m);

/* A pattern checked here (its position, its view) and compiled again elsewhere. */
bool fz_pack_regex_ok(fz_pack *c, const fz_ynode *n, bool normalize);

#endif
