/* rules_cli.c - what --list-rules and --explain print about the loaded rules. */
#include <string.h>

#include "rule_type.h"
#include "rules.h"

static const char *S_scope_name(const fz_ruleset *rs, const fz_rule *r, fz_buf *tmp) {
    static const char *names[] = {"document",  "title",    "body",   "heading",
                                  "paragraph", "sentence", "section"};
    if (r->scope.kind != FZ_SCOPE_SECTION) return names[r->scope.kind];
    tmp->len = 0;
    fz_buf_printf(tmp, "section:%s", rs->rules.v[r->scope.section]->id);
    return tmp->ptr;
}

bool fz_rule_fixable(const fz_rule *r) {
    return r->fix && r->def->fix_how && r->def->fix_how(r, NULL);
}

void fz_ruleset_list(const fz_ruleset *rs, fz_buf *out) {
    for (size_t i = 0; i < rs->rules.n; i++) {
        const fz_rule *r = rs->rules.v[i];
        const char *line = r->description ? r->description : r->message;
        fz_buf_printf(out, "%-40s %-7s %-8s %-3s ", r->id,
                      r->enabled ? fz_level_name(r->level) : "off", fz_rule_type_name(r->type),
                      fz_rule_fixable(r) ? "fix" : "");
        /* one line: stop at the first newline */
        const char *nl = strchr(line, '\n');
        fz_buf_put_visible(out, line, nl ? (size_t)(nl - line) : strlen(line));
        fz_buf_putc(out, '\n');
    }
}

static void S_block(fz_buf *out, const char *label, const char *text) {
    fz_buf_printf(out, "%s\n", label);
    const char *p = text;
    while (*p) {
        const char *nl = strchr(p, '\n');
        size_t n = nl ? (size_t)(nl - p) : strlen(p);
        fz_buf_puts(out, "    | ");
        fz_buf_put_visible(out, p, n);
        fz_buf_putc(out, '\n');
        p += n + (nl ? 1 : 0);
    }
}

/* label and text on one line; a pack's text with its control characters made visible */
static void S_line(fz_buf *out, const char *label, const char *text) {
    fz_buf_puts(out, label);
    for (const char *nl; (nl = strchr(text, '\n')); text = nl + 1) {
        fz_buf_put_visible(out, text, (size_t)(nl - text));
        fz_buf_putc(out, '\n');
    }
    fz_buf_put_visible(out, text, strlen(text));
    fz_buf_putc(out, '\n');
}

int fz_ruleset_explain(const fz_ruleset *rs, const char *id, fz_buf *out) {
    const fz_rule *r = fz_ruleset_find(rs, id);
    if (!r) return -1;
    fz_buf tmp = {0};
    fz_buf_printf(out, "%s（%s，%s%s）\n", r->id, fz_rule_type_name(r->type),
                  fz_level_name(r->level), r->enabled ? "" : "，默认关闭");
    if (r->description) S_line(out, "说明：", r->description);
    S_line(out, "提示：", r->message);
    if (r->authority) S_line(out, "依据：", r->authority);
    if (r->def->scoped)
        fz_buf_printf(out, "范围：%s%s\n", S_scope_name(rs, r, &tmp),
                      r->normalize ? "" : "（按原文匹配，不作规范化）");
    if (fz_rule_fixable(r)) {
        fz_buf_puts(out, "修复：--fix 自动");
        r->def->fix_how(r, out);
    }
    if (r->year_min || r->year_max)
        fz_buf_printf(out, "适用年度：%d—%d\n", r->year_min, r->year_max);
    fz_buf_puts(out, "定义于：");
    fz_buf_put_visible(out, r->file, strlen(r->file));
    fz_buf_printf(out, ":%zu:%zu\n", r->line, r->col);
    for (size_t i = 0; i < r->bad.n; i++) S_block(out, "反例（应当报告）：", r->bad.v[i]);
    for (size_t i = 0; i < r->good.n; i++) S_block(out, "正例（不应报告）：", r->good.v[i]);
    fz_buf_free(&tmp);
    return 0;
}
