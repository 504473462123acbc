/* config_print.c - saying which configuration and packs a run uses: the packs
 * text of the summary and --outline, and --print-config. */
#include <stdlib.h>
#include <string.h>

#include "config.h"
#include "emit.h"

static bool S_builtin(const char *file) {
    const char *dir = fz_builtin_rules_dir();
    size_t n = strlen(dir);
    return !strncmp(file, dir, n) && file[n] == '/' && !strchr(file + n + 1, '/');
}

void fz_config_packs_text(const fz_ruleset *rs, fz_buf *out) {
    for (size_t i = 0; i < rs->packs.n; i++) {
        fz_buf_printf(out, "%s%s", i ? ", " : "", rs->packs.v[i]);
        if (!S_builtin(rs->files.v[i])) fz_buf_printf(out, " (%s)", rs->files.v[i]);
    }
    if (!rs->packs.n) fz_buf_puts(out, "none");
}

static bool S_plain_safe(const char *s) {
    if (!*s) return false;
    for (; *s; s++)
        if (!strchr("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-+", *s))
            return false;
    return true;
}

/* A node in YAML flow style: a plain scalar as written when it needs no quotes (off,
 * 95, warning), other strings as JSON strings (JSON is YAML). */
static void S_flow(fz_buf *out, const fz_ynode *n) {
    if (n->kind == FZ_Y_SCALAR) {
        if (n->plain && S_plain_safe(n->str))
            fz_buf_puts(out, n->str);
        else
            fz_emit_json_str(out, n->str);
        return;
    }
    fz_buf_putc(out, n->kind == FZ_Y_SEQ ? '[' : '{');
    for (size_t i = 0; i < n->n; i++) {
        if (i) fz_buf_puts(out, n->kind == FZ_Y_MAP && i % 2 ? ": " : ", ");
        S_flow(out, n->items[i]);
    }
    fz_buf_putc(out, n->kind == FZ_Y_SEQ ? ']' : '}');
}

static void S_list(fz_buf *out, const char *key, const char *const *v, size_t n) {
    fz_buf_printf(out, "%s: [", key);
    for (size_t i = 0; i < n; i++) {
        if (i) fz_buf_puts(out, ", ");
        fz_emit_json_str(out, v[i]);
    }
    fz_buf_puts(out, "]\n");
}

int fz_config_print(const char *config, const fz_config_opts *co, const fz_rule_opts *o,
                    int report_year, size_t nfiles, fz_buf *out, fz_buf *errors) {
    fz_config cfg;
    if (config && fz_config_load(&cfg, config, co, errors) != 0) {
        fz_config_free(&cfg);
        return -1;
    }
    fz_ruleset *rs = fz_config_ruleset(config ? &cfg : NULL, o, errors);
    if (!rs) {
        if (config) fz_config_free(&cfg);
        return -1;
    }
    fz_buf_puts(out, "config: ");
    if (config)
        fz_emit_json_str(out, config);
    else
        fz_buf_puts(out, "null  # none found: the built-in packs");
    fz_buf_putc(out, '\n');
    if (nfiles) fz_buf_printf(out, "files: %zu\n", nfiles);
    fz_buf_puts(out, "packs:\n");
    for (size_t i = 0; i < rs->packs.n; i++) {
        fz_buf_puts(out, "  - name: ");
        fz_emit_json_str(out, rs->packs.v[i]);
        fz_buf_puts(out, "\n    file: ");
        fz_emit_json_str(out, rs->files.v[i]);
        fz_buf_putc(out, '\n');
    }
    int year = config ? cfg.report_year : 0;
    if (report_year)
        fz_buf_printf(out, "report-year: %d  # --report-year\n", report_year);
    else if (year)
        fz_buf_printf(out, "report-year: %d\n", year);
    else
        fz_buf_puts(out, "report-year: auto  # from each report's title\n");
    fz_buf_puts(out, "rules:");
    size_t nrules = config && cfg.rules ? cfg.rules->n / 2 : 0;
    fz_buf_puts(out, nrules ? "\n" : " {}\n");
    for (size_t i = 0; i < nrules; i++) {
        const fz_ynode *k = cfg.rules->items[2 * i];
        const fz_rule *r = fz_ruleset_find(rs, k->str);
        fz_buf_puts(out, "  ");
        fz_emit_json_str(out, r ? r->id : k->str);
        fz_buf_puts(out, ": ");
        S_flow(out, cfg.rules->items[2 * i + 1]);
        fz_buf_putc(out, '\n');
    }
    S_list(out, "enable", o ? (const char *const *)o->enable.v : NULL, o ? o->enable.n : 0);
    S_list(out, "disable", o ? (const char *const *)o->disable.v : NULL, o ? o->disable.n : 0);
    fz_buf_puts(out, "waivers:");
    fz_buf_puts(out, rs->waivers.n ? "\n" : " []\n");
    for (size_t i = 0; i < rs->waivers.n; i++) {
        const fz_waiver *w = &rs->waivers.v[i];
        fz_buf_puts(out, "  - rule: ");
        fz_emit_json_str(out, w->rule);
        fz_buf_puts(out, "\n    file: ");
        fz_emit_json_str(out, w->file);
        if (w->line_from) fz_buf_printf(out, "\n    lines: \"%zu-%zu\"", w->line_from, w->line_to);
        fz_buf_putc(out, '\n');
    }
    fz_ruleset_free(rs);
    if (config) fz_config_free(&cfg);
    return 0;
}
