/* main.c - the fzlint command line: rule sets per configuration, the run over the files on
 * the worker pool, output in input order, exit status.  Options, inputs, --fix and the
 * comparison driver are the src/cli_*.c files. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "annotate.h"
#include "api.h"
#include "cli.h"
#include "pool.h"
#include "report.h"
#include "rules.h"

/* The reason the first write to stdout failed (stdio forgets it), or 0. */
static int S_out_errno;

void fz_cli_out(const void *p, size_t n) {
    if (fwrite(p, 1, n, stdout) < n && !S_out_errno) S_out_errno = errno ? errno : EIO;
}

/* Flushes stdout: 0, or the reason it could not be written (a full disk, a closed
 * pipe), said on stderr.  Output that is lost must not exit 0. */
int fz_cli_flush_stdout(void) {
    errno = 0;
    if (fflush(stdout) == 0 && !ferror(stdout)) return 0;
    int e = S_out_errno ? S_out_errno : errno ? errno : EIO;
    fprintf(stderr, "fzlint: writing output failed: %s\n", strerror(e));
    return e;
}

typedef struct run {
    const options *o;
    const ruleset_entry **file_rules; /* per file */
    fz_emit_ctx ctx;
    bool wrote;  /* a report's output was written: the next one gets the separator */
    fz_buf rows; /* the format's row() outputs, in input order, for end() */
    const path_list *files;
    const bool *walked; /* per file: found by the folder walk */
    job *jobs;
    fz_compare_result *cmp; /* per file: the second phase's findings, or NULL */
    size_t counts[3], checked;
    bool trouble, failed;
    size_t fixes, fixed_files;
} run;

static void S_work(size_t i, fz_matcher *m, void *ctx) {
    run *r = ctx;
    job *j = &r->jobs[i];
    const char *path = r->files->v[i];
    const ruleset_entry *rules = r->file_rules[i];
    if ((r->o->fix || r->o->diff) &&
        (fz_cli_fix(r->o, j, path, r->walked[i], rules, m) != 0 || r->o->diff))
        return;
    fz_doc doc = {0};
    fz_buf bytes = {0};
    int got = fz_cli_read_doc(path, r->walked[i], rules->rs, &doc, r->o->annotate ? &bytes : NULL,
                              &j->err);
    if (got != 0) {
        j->trouble = got < 0; /* as in the walk, a file that is not regular is no error */
        fz_doc_free(&doc);
        fz_buf_free(&bytes);
        return;
    }
    /* the check through the library's (src/api.c); --outline and --facts run what they
     * print, no rule */
    fzlint_options opts = FZ_API_OPTIONS_DEFAULT;
    opts.report_year = r->o->report_year ? r->o->report_year : rules->report_year;
    opts.max_per_rule = r->o->max_per_rule;
    opts.upto = r->o->format->upto;
    fzlint_report *checked = fz_api_check_doc(rules->rs, &opts, path, &doc, m);
    fz_report *rep = &checked->rep;
    if (r->cmp) {
        fz_compare_apply(rep, &r->cmp[i], rules->rs, r->o->max_per_rule);
        fz_api_sync(checked);
    }
    if (r->o->annotate) {
        int n = fz_annotate_docx((const unsigned char *)bytes.ptr, bytes.len, path, rep,
                                 r->o->emit.min_level, r->o->annotate, &j->err);
        if (n < 0)
            j->trouble = true;
        else
            fz_buf_printf(&j->err, "fzlint: 批注版已写入 '%s'（%d 条批注）\n", r->o->annotate, n);
    }
    fz_buf_free(&bytes);
    /* one document for the whole run: the report's part of it, with the run's context */
    r->o->format->report(&j->out, rep, &r->ctx);
    if (r->o->format->row) r->o->format->row(&j->row, rep, &r->ctx);
    for (int l = 0; l < 3; l++) j->counts[l] = fz_report_count(rep, (fz_level)l);
    j->checked = true;
    fzlint_report_free(checked);
}

/* Out of memory: what was delivered is flushed, closed by the format's abort tail when
 * its head was written.  The stdout lock is kept until the abort, so nothing follows;
 * a report is written under the same lock (S_deliver), so the tail comes after a whole one. */
static const char *S_oom_tail;
static void S_oom(void) {
    flockfile(stdout);
    static bool done; /* under the lock */
    if (!done) {
        done = true;
        if (S_oom_tail) fputs(S_oom_tail, stdout);
        fflush(stdout);
    }
}

static void S_deliver(size_t i, void *ctx) {
    run *r = ctx;
    job *j = &r->jobs[i];
    if (j->err.len) {
        fflush(stdout); /* in a 2>&1 capture the message must not land inside a finding */
        fwrite(j->err.ptr, 1, j->err.len, stderr);
    }
    if (j->out.len) {
        const char *sep = r->o->format->separator;
        flockfile(stdout); /* the separator and the report, or neither (S_oom) */
        if (r->wrote && sep) fz_cli_out(sep, strlen(sep));
        fz_cli_out(j->out.ptr, j->out.len);
        funlockfile(stdout);
        r->wrote = true;
    }
    for (int l = 0; l < 3; l++) {
        r->counts[l] += j->counts[l];
        if (l >= (int)r->o->fail_on && j->counts[l]) r->failed = true;
    }
    if (j->row.len) fz_buf_put(&r->rows, j->row.ptr, j->row.len);
    r->checked += j->checked;
    if (j->fixes > 0) {
        r->fixes += (size_t)j->fixes;
        r->fixed_files++;
        if (r->o->diff) r->failed = true;
    }
    r->trouble |= j->trouble;
    fz_buf_free(&j->out);
    fz_buf_free(&j->err);
    fz_buf_free(&j->row);
}

/* How far configs are trusted: a found one is checked again when opened. */
static fz_config_opts S_config_opts(const options *o) {
    return (fz_config_opts){
        .found = !o->config, .pack_dirs = o->pack_dirs.v, .npack_dirs = o->pack_dirs.n};
}

/* The rule set for a configuration (NULL: none), built once and cached in sets. */
static const ruleset_entry *S_rules_for(ruleset_list *sets, const char *config, const options *o,
                                        fz_buf *errors) {
    for (size_t i = 0; i < sets->n; i++)
        if ((!config && !sets->v[i]->config) ||
            (config && sets->v[i]->config && !strcmp(config, sets->v[i]->config)))
            return sets->v[i];
    fz_config cfg;
    bool have = config != NULL;
    fz_config_opts co = S_config_opts(o);
    if (have && fz_config_load(&cfg, config, &co, errors) != 0) {
        fz_config_free(&cfg);
        return NULL;
    }
    fz_ruleset *rs = fz_config_ruleset(have ? &cfg : NULL, &o->rules, errors);
    int year = have ? cfg.report_year : 0;
    if (have) fz_config_free(&cfg);
    if (!rs) return NULL;
    ruleset_entry *e = fz_xmalloc(sizeof *e);
    *e = (ruleset_entry){config ? fz_xstrdup(config) : NULL, rs, year};
    fz_vec_push(sets, e);
    return e;
}

static void S_free_sets(ruleset_list *sets) {
    for (size_t i = 0; i < sets->n; i++) {
        free(sets->v[i]->config);
        fz_ruleset_free(sets->v[i]->rs);
        free(sets->v[i]);
    }
    fz_vec_free(sets);
}

static void S_free_opts(options *o) {
    fz_rule_opts_free(&o->rules);
    for (size_t i = 0; i < o->pack_dirs.n; i++) free((char *)o->pack_dirs.v[i]);
    fz_vec_free(&o->pack_dirs);
}

/* Before the summary line (which stays the last line, for the tools that read it):
 * which config files and packs were used, when a config file was. */
static void S_say_configs(const ruleset_list *sets) {
    fz_buf b = {0}, line = {0};
    for (size_t i = 0; i < sets->n; i++) {
        if (!sets->v[i]->config) continue;
        b.len = line.len = 0;
        fz_buf_printf(&b, "config %s: packs ", sets->v[i]->config);
        fz_config_packs_text(sets->v[i]->rs, &b);
        fz_buf_put_visible(&line, b.ptr, b.len); /* paths may hold escape sequences */
        fprintf(stderr, "fzlint: %s\n", line.ptr);
    }
    fz_buf_free(&b);
    fz_buf_free(&line);
}

/* --print-config: one YAML document per configuration in play, in input order. */
static int S_print_config(const options *o, const ruleset_list *sets,
                          const ruleset_entry **file_rules, size_t nfiles) {
    fz_config_opts co = S_config_opts(o);
    fz_buf out = {0}, errors = {0};
    int rc = EXIT_CLEAN;
    for (size_t i = 0; i < sets->n && rc == EXIT_CLEAN; i++) {
        size_t n = 0;
        for (size_t k = 0; k < nfiles; k++) n += file_rules[k] == sets->v[i];
        if (i) fz_buf_puts(&out, "---\n");
        if (fz_config_print(sets->v[i]->config, &co, &o->rules, o->report_year,
                            o->print_here ? 0 : n, &out, &errors) != 0)
            rc = EXIT_TROUBLE;
    }
    if (out.len) fz_cli_out(out.ptr, out.len);
    if (errors.len) fputs(errors.ptr, stderr);
    fz_buf_free(&out);
    fz_buf_free(&errors);
    return rc;
}

/* --list-rules, --explain, --test-rules. */
static int S_rule_command(const options *o, fz_ruleset *rs) {
    fz_buf out = {0};
    int rc = EXIT_CLEAN;
    if (o->list_rules) fz_ruleset_list(rs, &out);
    if (o->explain && fz_ruleset_explain(rs, o->explain, &out) != 0) {
        fprintf(stderr, "fzlint: unknown rule '%s' (see --list-rules)\n", o->explain);
        rc = EXIT_TROUBLE;
    }
    if (o->test_rules && rc == EXIT_CLEAN) {
        bool known = !o->test_pack;
        for (size_t i = 0; i < rs->packs.n && !known; i++)
            known = !strcmp(rs->packs.v[i], o->test_pack);
        if (!known) {
            fprintf(stderr, "fzlint: no loaded pack is named '%s'\n", o->test_pack);
            rc = EXIT_TROUBLE;
        } else if (fz_ruleset_selftest(rs, o->test_pack, &out) > 0) {
            rc = EXIT_FINDINGS;
        }
    }
    if (out.len) fz_cli_out(out.ptr, out.len);
    fz_buf_free(&out);
    return rc;
}

/* --color=auto: a terminal that shows colour (not TERM=dumb, Emacs's M-x compile; TERM
 * unset, as GCC), and no NO_COLOR with a value (no-color.org: empty does not count). */
static bool S_color_terminal(void) {
    const char *term = getenv("TERM"), *no = getenv("NO_COLOR");
    return isatty(STDOUT_FILENO) && term && *term && strcmp(term, "dumb") != 0 && !(no && *no);
}

int main(int argc, char **argv) {
    options o = {.format = &fz_emitter_gcc,
                 .color = "auto",
                 .fail_on = FZ_LEVEL_ERROR,
                 .max_per_rule = 5,
                 .threads = fz_pool_cpus()};
    int rc = fz_cli_parse_args(argc, argv, &o);
    if (rc != EXIT_CLEAN) return rc;
    o.emit.min_level = o.quiet ? FZ_LEVEL_ERROR : FZ_LEVEL_INFO;
    o.emit.color =
        strcmp(o.color, "always") == 0 || (strcmp(o.color, "auto") == 0 && S_color_terminal());

    ruleset_list sets = {0};
    fz_buf errors = {0};
    fz_config_finder finder = {0};
    /* --print-config alone: as for standard input, from the current folder */
    if (o.print_config && optind >= argc) o.print_here = true, argv[--optind] = "-";
    if (o.list_rules || o.explain || o.test_rules) {
        const char *cfg = o.config;
        char *found = NULL;
        const ruleset_entry *e = NULL;
        if (cfg || fz_config_find(&finder, "-", &found, &errors) == 0)
            e = S_rules_for(&sets, cfg ? cfg : found, &o, &errors);
        free(found);
        if (finder.warnings.len) fputs(finder.warnings.ptr, stderr);
        rc = e ? S_rule_command(&o, e->rs) : EXIT_TROUBLE;
        if (fz_cli_flush_stdout()) rc = EXIT_TROUBLE;
        if (errors.ptr) fputs(errors.ptr, stderr);
        S_free_sets(&sets);
        fz_buf_free(&errors);
        fz_config_finder_free(&finder);
        S_free_opts(&o);
        return rc;
    }

    path_list files = {0};
    FZ_VEC(bool) walked = {0}; /* per file: found by the folder walk */
    bool trouble = false;
    for (int i = optind; i < argc; i++) {
        struct stat st;
        if (strcmp(argv[i], "-") != 0 && stat(argv[i], &st) == 0 && S_ISDIR(st.st_mode)) {
            if (o.annotate) {
                fz_rule_opts_free(&o.rules);
                return fz_cli_bad_usage("--annotate takes one .docx file, not the folder '%s'",
                                        argv[i]);
            }
            if (fz_cli_walk(argv[i], 0, &files) != 0) trouble = true;
            while (walked.n < files.n) fz_vec_push(&walked, true);
        } else {
            fz_vec_push(&files, fz_xstrdup(argv[i]));
            fz_vec_push(&walked, false);
        }
    }

    /* Every configuration in play is loaded (and checked) before any report is. */
    const ruleset_entry **file_rules = fz_xcalloc(files.n ? files.n : 1, sizeof *file_rules);
    for (size_t i = 0; i < files.n; i++) {
        char *found = NULL;
        if (o.config || fz_config_find(&finder, files.v[i], &found, &errors) == 0)
            file_rules[i] = S_rules_for(&sets, o.config ? o.config : found, &o, &errors);
        free(found);
        if (finder.warnings.len) fputs(finder.warnings.ptr, stderr);
        finder.warnings.len = 0;
        if (!file_rules[i]) {
            if (errors.ptr) fputs(errors.ptr, stderr);
            for (size_t k = 0; k < files.n; k++) free(files.v[k]);
            fz_vec_free(&files);
            fz_vec_free(&walked);
            free(file_rules);
            S_free_sets(&sets);
            fz_buf_free(&errors);
            fz_config_finder_free(&finder);
            S_free_opts(&o);
            return EXIT_TROUBLE;
        }
    }
    if (o.print_config) {
        fz_config_finder_free(&finder);
        rc = S_print_config(&o, &sets, file_rules, files.n);
        if (fz_cli_flush_stdout()) rc = EXIT_TROUBLE;
        for (size_t k = 0; k < files.n; k++) free(files.v[k]);
        fz_vec_free(&files);
        fz_vec_free(&walked);
        free(file_rules);
        S_free_sets(&sets);
        fz_buf_free(&errors);
        S_free_opts(&o);
        return trouble ? EXIT_TROUBLE : rc;
    }

    const ruleset_entry *prev_rules = NULL;
    if (o.previous) {
        char *found = NULL;
        if (o.config || fz_config_find(&finder, o.previous, &found, &errors) == 0)
            prev_rules = S_rules_for(&sets, o.config ? o.config : found, &o, &errors);
        free(found);
        if (finder.warnings.len) fputs(finder.warnings.ptr, stderr);
    }
    fz_config_finder_free(&finder);
    bool cmp_failed = o.previous && !prev_rules;
    fz_compare_result *cmp =
        cmp_failed ? NULL
                   : fz_cli_compare(&o, &files, walked.v, file_rules, prev_rules, &cmp_failed);
    if (cmp_failed) {
        if (errors.ptr) fputs(errors.ptr, stderr);
        for (size_t i = 0; cmp && i < files.n; i++) fz_compare_result_free(&cmp[i]);
        free(cmp);
        for (size_t k = 0; k < files.n; k++) free(files.v[k]);
        fz_vec_free(&files);
        fz_vec_free(&walked);
        free(file_rules);
        S_free_sets(&sets);
        fz_buf_free(&errors);
        S_free_opts(&o);
        return EXIT_TROUBLE;
    }

    /* ctx.rs: the first file's rule set; ctx.rules: the rules of every set in play. */
    run r = {.o = &o,
             .walked = walked.v,
             .file_rules = file_rules,
             .cmp = cmp,
             .files = &files,
             .ctx = {.opts = o.emit,
                     .rs = files.n ? file_rules[0]->rs : NULL,
                     .inputs = (const char *const *)files.v,
                     .ninputs = files.n,
                     .compared = cmp != NULL}};
    for (size_t i = 0; i < sets.n; i++) fz_emit_ctx_add_rules(&r.ctx, sets.v[i]->rs);
    r.jobs = fz_xcalloc(files.n ? files.n : 1, sizeof *r.jobs);
    fz_buf edge = {0};
    if (o.format->begin) o.format->begin(&edge, &r.ctx);
    if (edge.len) fz_cli_out(edge.ptr, edge.len);
    S_oom_tail = o.format->abort_tail; /* the head is out: a tail makes it whole */
    fz_set_oom_handler(S_oom);
    fz_pool_run(files.n, o.threads, S_work, S_deliver, &r);
    r.ctx.files = r.checked;
    memcpy(r.ctx.counts, r.counts, sizeof r.counts);
    r.ctx.rows = &r.rows;
    edge.len = 0;
    if (o.format->end) o.format->end(&edge, &r.ctx);
    if (edge.len) fz_cli_out(edge.ptr, edge.len);
    fz_buf_free(&edge);
    fz_emit_ctx_free(&r.ctx);
    fz_buf_free(&r.rows);
    free(r.jobs);
    for (size_t i = 0; cmp && i < files.n; i++) fz_compare_result_free(&cmp[i]);
    free(cmp);
    free(file_rules);
    if (r.trouble) trouble = true;
    size_t *counts = r.counts, checked = r.checked;
    bool failed = r.failed;

    /* stdout first: the closing count comes after the last finding in a 2>&1 capture */
    bool write_failed = fz_cli_flush_stdout() != 0;
    if (o.fix || o.diff)
        fprintf(stderr, "fzlint: %s %zu fix%s in %zu file%s\n", o.fix ? "applied" : "would apply",
                r.fixes, r.fixes == 1 ? "" : "es", r.fixed_files, r.fixed_files == 1 ? "" : "s");
    if (o.diff) {
        /* the diff is the output: no findings, no count */
    } else if (o.format != &fz_emitter_outline) {
        S_say_configs(&sets);
        fz_buf count = {0};
        fz_buf_printf(&count, "%zu error%s, %zu warning%s", counts[2], counts[2] == 1 ? "" : "s",
                      counts[1], counts[1] == 1 ? "" : "s");
        if (counts[0]) fz_buf_printf(&count, ", %zu info", counts[0]);
        fz_buf_printf(&count, " in %zu file%s\n", checked, checked == 1 ? "" : "s");
        fputs(count.ptr, stderr);
        fz_buf_free(&count);
    }
    for (size_t i = 0; i < files.n; i++) free(files.v[i]);
    fz_vec_free(&files);
    fz_vec_free(&walked);
    S_free_opts(&o);
    fz_buf_free(&errors);
    S_free_sets(&sets);
    if (write_failed) return EXIT_TROUBLE; /* said by fz_cli_flush_stdout */
    if (trouble) return EXIT_TROUBLE;
    return failed ? EXIT_FINDINGS : EXIT_CLEAN;
}
