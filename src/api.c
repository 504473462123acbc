/* api.c - the public interface (include/fzlint.h) over the pipeline: rule packs, options,
 * the check of one report, the walk of its findings, its rendering as one document. */
#include "api.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "emit.h"
#include "rules.h"

_Static_assert((int)FZLINT_LEVEL_INFO == (int)FZ_LEVEL_INFO &&
                   (int)FZLINT_LEVEL_WARNING == (int)FZ_LEVEL_WARNING &&
                   (int)FZLINT_LEVEL_ERROR == (int)FZ_LEVEL_ERROR,
               "fzlint.h and types.h agree on levels");
_Static_assert((int)FZLINT_UNIT_DISPLAY == (int)FZ_COL_DISPLAY &&
                   (int)FZLINT_UNIT_CHAR == (int)FZ_COL_CHAR &&
                   (int)FZLINT_UNIT_BYTE == (int)FZ_COL_BYTE &&
                   (int)FZLINT_UNIT_UTF16 == (int)FZ_COL_UTF16,
               "fzlint.h and types.h agree on column units");

const char *fzlint_version(void) {
    return FZLINT_VERSION;
}

int fzlint_version_number(void) {
    return FZLINT_VERSION_NUMBER;
}

void fzlint_free(void *p) {
    free(p);
}

/* ---- rule packs ---- */

fzlint_rules *fzlint_rules_new(void) {
    fzlint_rules *r = fz_xcalloc(1, sizeof *r);
    r->rs = fz_ruleset_new();
    return r;
}

/* A call's result: its messages replace the last call's. */
static int S_loaded(fzlint_rules *r, fz_buf *errors, int rc) {
    fz_buf_free(&r->error);
    r->error = *errors;
    return rc == 0 ? 0 : -1;
}

int fzlint_rules_load_builtin(fzlint_rules *rules) {
    fz_buf e = {0};
    return S_loaded(rules, &e, fz_ruleset_load_builtin(rules->rs, &e));
}

int fzlint_rules_load_file(fzlint_rules *rules, const char *path) {
    fz_buf e = {0};
    return S_loaded(rules, &e, fz_ruleset_load_file(rules->rs, path, &e));
}

int fzlint_rules_load_string(fzlint_rules *rules, const char *name, const char *yaml) {
    fz_buf e = {0};
    return S_loaded(rules, &e, fz_ruleset_load_string(rules->rs, name, yaml, &e));
}

int fzlint_rules_enable(fzlint_rules *rules, const char *id, int enabled) {
    fz_buf e = {0};
    fz_rule *rule = fz_ruleset_find(rules->rs, id);
    if (rule)
        rule->enabled = enabled != 0;
    else
        fz_buf_printf(&e, "fzlint: error: 未知的规则“%s”\n", id);
    return S_loaded(rules, &e, rule ? 0 : -1);
}

const char *fzlint_rules_error(const fzlint_rules *rules) {
    return rules->error.ptr ? rules->error.ptr : "";
}

size_t fzlint_rules_count(const fzlint_rules *rules) {
    return rules->rs->rules.n;
}

void fzlint_rules_free(fzlint_rules *rules) {
    if (!rules) return;
    fz_ruleset_free(rules->rs);
    fz_buf_free(&rules->error);
    free(rules);
}

/* ---- options ---- */

fzlint_options *fzlint_options_new(void) {
    fzlint_options *o = fz_xmalloc(sizeof *o);
    *o = FZ_API_OPTIONS_DEFAULT;
    return o;
}

int fzlint_options_set_report_year(fzlint_options *o, int year) {
    if (year != 0 && (year < 1990 || year > 2200)) return -1;
    o->report_year = year;
    return 0;
}

int fzlint_options_set_unit(fzlint_options *o, fzlint_unit unit) {
    if ((unsigned)unit > FZLINT_UNIT_UTF16) return -1;
    o->unit = (fz_colunit)unit;
    o->unit_set = true;
    return 0;
}

int fzlint_options_set_max_per_rule(fzlint_options *o, size_t n) {
    o->max_per_rule = n;
    return 0;
}

static bool S_level(fzlint_level level, fz_level *out) {
    if ((unsigned)level > FZLINT_LEVEL_ERROR) return false;
    *out = (fz_level)level;
    return true;
}

int fzlint_options_set_fail_level(fzlint_options *o, fzlint_level level) {
    return S_level(level, &o->fail_level) ? 0 : -1;
}

int fzlint_options_set_min_level(fzlint_options *o, fzlint_level level) {
    return S_level(level, &o->min_level) ? 0 : -1;
}

void fzlint_options_free(fzlint_options *o) {
    free(o);
}

/* ---- checking ---- */

void fz_api_sync(fzlint_report *r) {
    free(r->diags);
    r->ndiags = r->rep.diags.n;
    r->diags = fz_xcalloc(r->ndiags ? r->ndiags : 1, sizeof *r->diags);
    for (size_t i = 0; i < r->ndiags; i++) r->diags[i] = (fzlint_diag){r, &r->rep.diags.v[i]};
}

fzlint_report *fz_api_check_doc(const fz_ruleset *rs, const fzlint_options *o, const char *path,
                                fz_doc *doc, fz_matcher *m) {
    fzlint_report *r = fz_xcalloc(1, sizeof *r);
    r->opts = *o;
    if (o->upto == FZ_UPTO_OUTLINE)
        fz_report_read_doc(&r->rep, path, doc, rs, o->report_year, m);
    else if (o->upto == FZ_UPTO_FACTS)
        fz_report_read_facts(&r->rep, path, doc, rs, o->report_year, m);
    else
        fz_report_check_doc(&r->rep, path, doc, rs, o->report_year, o->max_per_rule, m);
    fz_api_sync(r);
    return r;
}

/* The matcher of the calling thread, kept from one check to the next: the literal tables
 * it caches are built once per rule set, not once per report (a new matcher per check
 * cost a quarter of the time).  Freed when the thread ends; the main thread's stays. */
static pthread_key_t S_matcher_key;
static pthread_once_t S_matcher_once = PTHREAD_ONCE_INIT;

static void S_matcher_free(void *m) {
    fz_matcher_free(m);
    free(m);
}

static void S_matcher_key_init(void) {
    if (pthread_key_create(&S_matcher_key, S_matcher_free) != 0) abort();
}

static fz_matcher *S_matcher(void) {
    pthread_once(&S_matcher_once, S_matcher_key_init);
    fz_matcher *m = pthread_getspecific(S_matcher_key);
    if (!m) {
        m = fz_xmalloc(sizeof *m);
        fz_matcher_init(m);
        if (pthread_setspecific(S_matcher_key, m) != 0) abort();
    }
    return m;
}

/* The bytes read as their format and checked; bytes is freed as soon as it is read
 * when owned (a file's: the check does not keep two copies). */
static fzlint_report *S_check(const fzlint_rules *rules, const fzlint_options *options,
                              const char *name, fz_buf *bytes, bool owned, char **error) {
    fzlint_options defaults = FZ_API_OPTIONS_DEFAULT;
    fz_doc doc = {0};
    fz_buf err = {0};
    fzlint_report *r = NULL;
    int rc = fz_read_bytes((const unsigned char *)bytes->ptr, bytes->len, name,
                           fz_ruleset_profile(rules->rs), &doc, &err);
    if (owned) fz_buf_free(bytes);
    if (rc == 0)
        r = fz_api_check_doc(rules->rs, options ? options : &defaults, name, &doc, S_matcher());
    fz_doc_free(&doc);
    if (error) *error = r ? NULL : fz_buf_detach(&err);
    fz_buf_free(&err);
    return r;
}

fzlint_report *fzlint_check_buffer(const fzlint_rules *rules, const fzlint_options *options,
                                   const char *name, const void *bytes, size_t len, char **error) {
    fz_buf b = {.ptr = (char *)(bytes ? bytes : ""), .len = bytes ? len : 0};
    return S_check(rules, options, name ? name : "-", &b, false, error);
}

/* A regular file's bytes (a FIFO or a device is refused: it may never end), or -1 with
 * the reason in err. */
static int S_read_file(const char *path, fz_buf *out, fz_buf *err) {
    int fd = open(path, O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
    struct stat st;
    if (fd < 0 || fstat(fd, &st) != 0) {
        fz_buf_printf(err, "fzlint: cannot open '%s': %s\n", path, strerror(errno));
        if (fd >= 0) close(fd);
        return -1;
    }
    if (!S_ISREG(st.st_mode) || (unsigned long long)st.st_size > FZ_MAX_FILE_BYTES) {
        if (S_ISREG(st.st_mode))
            fz_buf_printf(err, "fzlint: '%s': larger than %zu MiB, skipped\n", path,
                          FZ_MAX_FILE_BYTES >> 20);
        else
            fz_buf_printf(err, "fzlint: '%s': not a regular file\n", path);
        close(fd);
        return -1;
    }
    out->cap = (size_t)st.st_size + 1;
    out->ptr = fz_xmalloc(out->cap);
    while (out->len < (size_t)st.st_size) {
        ssize_t n = read(fd, out->ptr + out->len, (size_t)st.st_size - out->len);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) break;
        out->len += (size_t)n;
    }
    out->ptr[out->len] = '\0';
    bool failed = out->len < (size_t)st.st_size;
    if (failed) fz_buf_printf(err, "fzlint: cannot read '%s': %s\n", path, strerror(errno));
    close(fd);
    return failed ? -1 : 0;
}

fzlint_report *fzlint_check_file(const fzlint_rules *rules, const fzlint_options *options,
                                 const char *path, char **error) {
    fz_buf bytes = {0}, err = {0};
    fzlint_report *r = NULL;
    if (S_read_file(path, &bytes, &err) == 0)
        r = S_check(rules, options, path, &bytes, true, error);
    else if (error)
        *error = fz_buf_detach(&err);
    fz_buf_free(&bytes);
    fz_buf_free(&err);
    return r;
}

void fzlint_report_free(fzlint_report *report) {
    if (!report) return;
    fz_report_free(&report->rep);
    free(report->diags);
    free(report);
}

/* ---- the findings ---- */

size_t fzlint_report_count(const fzlint_report *report) {
    return report->ndiags;
}

const fzlint_diag *fzlint_report_diag(const fzlint_report *report, size_t i) {
    return i < report->ndiags ? &report->diags[i] : NULL;
}

size_t fzlint_report_findings(const fzlint_report *report, fzlint_level level) {
    return fz_report_count(&report->rep, (fz_level)level);
}

int fzlint_report_failed(const fzlint_report *report) {
    for (int l = (int)report->opts.fail_level; l <= FZ_LEVEL_ERROR; l++)
        if (fz_report_count(&report->rep, (fz_level)l)) return 1;
    return 0;
}

int fzlint_report_year(const fzlint_report *report) {
    return report->rep.report_year;
}

const char *fzlint_report_text(const fzlint_report *report, size_t *len) {
    if (len) *len = report->rep.text.src_len;
    return report->rep.text.src ? report->rep.text.src : "";
}

fzlint_level fzlint_diag_level(const fzlint_diag *d) {
    return (fzlint_level)d->d->level;
}

const char *fzlint_diag_rule(const fzlint_diag *d) {
    return d->d->rule_id;
}

const char *fzlint_diag_authority(const fzlint_diag *d) {
    return d->d->authority;
}

const char *fzlint_diag_message(const fzlint_diag *d) {
    return d->d->message;
}

const char *fzlint_diag_fix(const fzlint_diag *d) {
    return d->d->fix;
}

size_t fzlint_diag_start(const fzlint_diag *d) {
    return d->d->start;
}

size_t fzlint_diag_end(const fzlint_diag *d) {
    return d->d->end;
}

void fzlint_diag_position(const fzlint_diag *d, size_t *line, size_t *col) {
    fz_emit_position(&d->report->rep, d->d->start, d->report->opts.unit, line, col);
}

void fzlint_diag_end_position(const fzlint_diag *d, size_t *line, size_t *col) {
    fz_emit_position(&d->report->rep, d->d->end, d->report->opts.unit, line, col);
}

size_t fzlint_diag_suppressed(const fzlint_diag *d) {
    return d->d->suppressed;
}

size_t fzlint_diag_related_count(const fzlint_diag *d) {
    return d->d->nrelated;
}

int fzlint_diag_related(const fzlint_diag *d, size_t i, const char **path, size_t *line,
                        size_t *col, const char **message) {
    if (i >= d->d->nrelated) return -1;
    const fz_related *x = &d->d->related[i];
    size_t l, c;
    const char *p = fz_emit_related(&d->report->rep, x, d->report->opts.unit, &l, &c);
    if (path) *path = p;
    if (line) *line = l;
    if (col) *col = c;
    if (message) *message = x->message;
    return 0;
}

/* ---- rendering ---- */

const char *fzlint_formats(void) {
    return fz_emitter_names();
}

/* The report as one document: the format's head, the report, its row, the tail, as a
 * run of the CLI over this one file writes them.  -1: unknown format or unit. */
static int S_render(const fzlint_report *report, const char *format, fz_buf *out) {
    const fz_emitter *e = format ? fz_emitter_find(format) : NULL;
    if (!e) return -1;
    fz_colunit unit = report->opts.unit;
    if (e->units && !(e->units & (1u << unit))) {
        if (report->opts.unit_set) return -1;
        for (unit = FZ_COL_DISPLAY; !(e->units & (1u << unit)); unit++) continue;
    }
    const fz_report *rep = &report->rep;
    const char *const inputs[] = {rep->path};
    fz_emit_ctx c = {.opts = {.unit = unit, .min_level = report->opts.min_level},
                     .rs = rep->rs,
                     .inputs = inputs,
                     .ninputs = 1};
    fz_emit_ctx_add_rules(&c, rep->rs);
    fz_buf rows = {0};
    if (e->begin) e->begin(out, &c);
    e->report(out, rep, &c);
    if (e->row) e->row(&rows, rep, &c);
    c.files = 1;
    for (int l = 0; l < 3; l++) c.counts[l] = fz_report_count(rep, (fz_level)l);
    c.rows = &rows;
    if (e->end) e->end(out, &c);
    fz_buf_free(&rows);
    fz_emit_ctx_free(&c);
    if (!out->ptr) fz_buf_put(out, "", 0);
    return 0;
}

int fzlint_render(const fzlint_report *report, const char *format, FILE *out) {
    fz_buf b = {0};
    int rc = S_render(report, format, &b);
    if (rc == 0 && (fwrite(b.ptr, 1, b.len, out) < b.len || fflush(out) != 0)) rc = -1;
    fz_buf_free(&b);
    return rc;
}

char *fzlint_render_string(const fzlint_report *report, const char *format, size_t *len) {
    fz_buf b = {0};
    if (S_render(report, format, &b) != 0) {
        fz_buf_free(&b);
        return NULL;
    }
    if (len) *len = b.len;
    return fz_buf_detach(&b);
}
