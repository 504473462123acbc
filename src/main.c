/* main.c - the fzlint command line: options, files and folders, exit status. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "compare.h"
#include "annotate.h"
#include "config.h"
#include "emit.h"
#include "fix.h"
#include "pool.h"
#include "fzlint.h"
#include "read.h"
#include "report.h"
#include "rules.h"

enum { EXIT_CLEAN = 0, EXIT_FINDINGS = 1, EXIT_TROUBLE = 2 };

#define MAX_FILE_BYTES ((size_t)512 << 20) /* larger inputs are refused with a message */
#define MAX_DIR_DEPTH  64                  /* folders nest no deeper (and loops end) */

typedef struct options {
    fz_emit_opts emit;
    const fz_emitter *format;
    bool unit_given;   /* --column-unit was given */
    const char *color; /* auto | always | never */
    bool quiet;
    fz_level fail_on;
    size_t max_per_rule;
    int report_year;
    int threads;
    fz_rule_opts rules;             /* --rules, --enable, --disable */
    const char *config;             /* --config FILE; else .fzlint.yaml found from each report */
    FZ_VEC(const char *) pack_dirs; /* --allow-pack-dir, resolved */
    bool print_config, print_here;  /* --print-config, with no FILE: for the current folder */
    bool list_rules, test_rules;
    bool fix, diff;      /* --fix: rewrite files; --diff: print what --fix would change */
    const char *explain; /* --explain RULE */
    const char *test_pack;
    const char *previous; /* --previous FILE: last year's report */
    bool no_compare;
    const char *annotate; /* --annotate=OUT.docx */
} options;

typedef FZ_VEC(char *) path_list;

static void S_usage(FILE *out) {
    fputs(
        "usage: fzlint [OPTION]... FILE|DIR|-...\n"
        "Checks 法治政府建设年度报告 against YAML rule packs and prints compiler-style "
        "diagnostics.\n"
        "\n"
        "  --outline              print each report's outline and properties (--format=outline)\n"
        "  --facts[=json|csv]     print each report's figures (indicator, value, unit, position) "
        "as JSON or CSV (--format=facts, facts-csv)\n"
        "  --format=FORMAT        gcc (default), json, sarif, summary, summary-csv, html, "
        "outline,\n"
        "                         facts, facts-csv\n"
        "  --column-unit=UNIT     display (default, CJK = 2) | char | byte | utf16 (sarif: char "
        "(default) | utf16)\n"
        "  --color=WHEN           auto (default: on a terminal, not TERM=dumb nor NO_COLOR) | "
        "always | "
        "never\n"
        "  -q, --quiet            show errors only\n"
        "  --fail-on=LEVEL        exit 1 when a diagnostic at LEVEL or above is found (error)\n"
        "  --max-per-rule=N       show at most N findings of one rule per file, then a summary (5; "
        "0 = all)\n"
        "  --annotate=OUT.docx    also write a copy of the .docx with a comment (批注) per "
        "finding\n"
        "  --report-year=YEAR     take YEAR as the report year instead of reading it from the "
        "title\n"
        "  --rules=FILE           load an additional rule pack\n"
        "  --previous=FILE        compare each report with last year's report FILE\n"
        "  --no-compare           do not compare reports with each other or with last year's\n"
        "  -j, --jobs=N           check N files at once (default: the number of processors)\n"
        "  --config=FILE          use FILE instead of the .fzlint.yaml found above each report\n"
        "  --allow-pack-dir=DIR   let a config load packs from DIR too (not only from its own "
        "folder)\n"
        "  --print-config         print the configuration in effect (for FILEs, or here) and exit\n"
        "  --enable=RULE          turn a rule on (RULE: pack/id, or id when unambiguous)\n"
        "  --disable=RULE         turn a rule off\n"
        "  --fix                  apply the fixes findings carry to each plain-text report (in "
        "place),\n"
        "                         then report what remains\n"
        "  --diff                 print a unified diff of what --fix would change; write nothing\n"
        "  --list-rules           list the rules (id, level, type, what it checks) and exit\n"
        "  --explain=RULE         show a rule's message, authority and examples and exit\n"
        "  --test-rules[=PACK]    run every rule's own examples (of PACK, or all) and exit\n"
        "  -h, --help             show this help\n"
        "  --version              show the version\n"
        "\n"
        "Folders are searched recursively for *.txt *.docx *.doc *.wps *.odt *.rtf *.html *.htm "
        "*.pdf;\n"
        "the format is recognised from the content; '-' reads standard input.\n"
        "Rule language and configuration: docs/rules.md.\n"
        "Exit status: 0 no finding at the --fail-on level, 1 findings, 2 usage, I/O or rule-file "
        "error.\n",
        out);
}

/* The reason the first write to stdout failed (stdio forgets it), or 0. */
static int S_out_errno;

static void S_out(const void *p, size_t n) {
    if (fwrite(p, 1, n, stdout) < n && !S_out_errno) S_out_errno = errno ? errno : EIO;
}

/* Flushes stdout: 0, or the reason it could not be written (a full disk, a closed
 * pipe), said on stderr.  Output that is lost must not exit 0. */
static int S_flush_stdout(void) {
    errno = 0;
    if (fflush(stdout) == 0 && !ferror(stdout)) return 0;
    int e = S_out_errno ? S_out_errno : errno ? errno : EIO;
    fprintf(stderr, "fzlint: writing output failed: %s\n", strerror(e));
    return e;
}

static int S_bad_usage(const char *fmt, const char *arg) {
    fputs("fzlint: ", stderr);
    fprintf(stderr, fmt, arg);
    fputs("\nTry 'fzlint --help' for more information.\n", stderr);
    return EXIT_TROUBLE;
}

static int S_cmp_str(const void *a, const void *b) {
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static bool S_ends_with(const char *s, const char *suffix) {
    size_t n = strlen(s), k = strlen(suffix);
    return n >= k && strcmp(s + n - k, suffix) == 0;
}

/* Collects the files a reader wants (read.c) below dir in sorted order; symlinked folders are not
 * followed. */
static int S_walk(const char *dir, int depth, path_list *out) {
    if (depth > MAX_DIR_DEPTH) {
        fprintf(stderr, "fzlint: '%s': folders nested too deeply, skipped\n", dir);
        return -1;
    }
    DIR *d = opendir(dir);
    if (!d) {
        fprintf(stderr, "fzlint: cannot open '%s': %s\n", dir, strerror(errno));
        return -1;
    }
    path_list names = {0};
    struct dirent *e;
    while ((e = readdir(d)))
        if (e->d_name[0] != '.') fz_vec_push(&names, fz_xstrdup(e->d_name));
    closedir(d);
    qsort(names.v, names.n, sizeof *names.v, S_cmp_str);
    int rc = 0;
    for (size_t i = 0; i < names.n; i++) {
        fz_buf p = {0};
        fz_buf_printf(&p, "%s%s%s", dir, S_ends_with(dir, "/") ? "" : "/", names.v[i]);
        struct stat st;
        if (lstat(p.ptr, &st) != 0) {
            fprintf(stderr, "fzlint: cannot open '%s': %s\n", p.ptr, strerror(errno));
            rc = -1;
        } else if (S_ISDIR(st.st_mode)) {
            if (S_walk(p.ptr, depth + 1, out) != 0) rc = -1;
        } else if (fz_reader_wants(names.v[i])) {
            /* A link is judged by its target; a dangling or looping one is kept so that
             * reading it reports the error.  A FIFO would block the run forever. */
            struct stat target = st;
            if (S_ISLNK(st.st_mode) && stat(p.ptr, &target) != 0)
                fz_vec_push(out, fz_buf_detach(&p));
            else if (S_ISREG(target.st_mode))
                fz_vec_push(out, fz_buf_detach(&p));
            else
                fprintf(stderr, "fzlint: '%s': not a regular file, skipped\n", p.ptr);
        }
        fz_buf_free(&p);
        free(names.v[i]);
    }
    fz_vec_free(&names);
    return rc;
}

/* Opens a report without blocking (a FIFO blocks in open until someone writes), judges
 * what was opened: a file the folder walk found must still be a regular file, or a
 * FIFO swapped in after the walk would hang the run.  A FIFO named on the command line
 * (`fzlint <(iconv ...)`) is read as before, blocking.  NULL with errno, or with
 * *skipped set when a walked file is no longer a regular file, or *device for a
 * character or block device (no report is one). */
static FILE *S_open(const char *path, bool walked, bool *skipped, bool *device) {
    int fd = open(path, O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
    if (fd < 0) return NULL;
    struct stat st;
    bool known = fstat(fd, &st) == 0;
    if (walked && (!known || !S_ISREG(st.st_mode))) {
        close(fd);
        *skipped = true;
        return NULL;
    }
    /* /dev/zero or /dev/urandom would be read up to the size cap, a terminal waited on */
    if (known && (S_ISCHR(st.st_mode) || S_ISBLK(st.st_mode))) {
        close(fd);
        *device = true;
        return NULL;
    }
    int flags = fcntl(fd, F_GETFL);
    if (flags != -1) fcntl(fd, F_SETFL, flags & ~O_NONBLOCK);
    FILE *f = fdopen(fd, "rb");
    if (!f) close(fd);
    return f;
}

/* Reads a whole file (or stdin for "-"); writes the reason to err and returns -1 on
 * failure.  walked: found by the folder walk (see S_open). */
static int S_read(const char *path, bool walked, fz_buf *out, fz_buf *err) {
    bool skipped = false, device = false;
    FILE *f = strcmp(path, "-") == 0 ? stdin : S_open(path, walked, &skipped, &device);
    if (skipped) {
        fz_buf_printf(err, "fzlint: '%s': not a regular file, skipped\n", path);
        return 1;
    }
    if (device) {
        fz_buf_printf(err,
                      "fzlint: '%s': a device, not a report; skipped (use - for standard input)\n",
                      path);
        return -1;
    }
    if (!f) {
        fz_buf_printf(err, "fzlint: cannot open '%s': %s\n", path, strerror(errno));
        return -1;
    }
    char chunk[65536];
    size_t n;
    int rc = 0;
    /* A regular file's size is known: refuse a huge one before reading a byte of it. */
    struct stat st;
    bool regular = fstat(fileno(f), &st) == 0 && S_ISREG(st.st_mode);
    if (regular && (unsigned long long)st.st_size > MAX_FILE_BYTES) {
        fz_buf_printf(err, "fzlint: '%s': larger than %zu MiB, skipped\n", path,
                      MAX_FILE_BYTES >> 20);
        if (f != stdin) fclose(f);
        return -1;
    }
    /* A regular file goes straight into a buffer of its size (no copy from the chunk). */
    if (regular && st.st_size > 0 && !out->ptr) {
        out->cap = (size_t)st.st_size + 1;
        out->ptr = fz_xmalloc(out->cap);
        out->len = fread(out->ptr, 1, (size_t)st.st_size, f);
        out->ptr[out->len] = '\0';
    }
    while ((n = fread(chunk, 1, sizeof chunk, f)) > 0) {
        if (out->len + n > MAX_FILE_BYTES) {
            fz_buf_printf(err, "fzlint: '%s': larger than %zu MiB, skipped\n", path,
                          MAX_FILE_BYTES >> 20);
            rc = -1;
            break;
        }
        fz_buf_put(out, chunk, n);
    }
    if (rc == 0 && ferror(f)) {
        fz_buf_printf(err, "fzlint: cannot read '%s': %s\n", path, strerror(errno));
        rc = -1;
    }
    if (f != stdin) fclose(f);
    if (rc == 0 && !out->ptr) fz_buf_put(out, "", 0);
    return rc;
}

static bool S_parse_size(const char *s, size_t *out) {
    char *end;
    errno = 0;
    unsigned long long v = strtoull(s, &end, 10);
    if (errno || end == s || *end || s[0] == '-') return false;
    *out = (size_t)v;
    return true;
}

enum {
    OPT_OUTLINE = 256,
    OPT_FACTS,
    OPT_FORMAT,
    OPT_COLUMN_UNIT,
    OPT_COLOR,
    OPT_FAIL_ON,
    OPT_MAX_PER_RULE,
    OPT_REPORT_YEAR,
    OPT_RULES,
    OPT_CONFIG,
    OPT_ENABLE,
    OPT_DISABLE,
    OPT_LIST_RULES,
    OPT_EXPLAIN,
    OPT_TEST_RULES,
    OPT_ALLOW_PACK_DIR,
    OPT_PRINT_CONFIG,
    OPT_PREVIOUS,
    OPT_NO_COMPARE,
    OPT_VERSION,
    OPT_FIX,
    OPT_DIFF,
    OPT_ANNOTATE
};

/* A format that cannot express the chosen column unit: pick its own default when the
 * user chose none, else refuse rather than print positions in another unit. */
static int S_check_unit(options *o) {
    unsigned units = o->format->units;
    if (!units || (units & (1u << o->emit.unit))) return EXIT_CLEAN;
    if (o->unit_given) {
        fz_buf m = {0};
        fz_buf_printf(&m, "--format=%s cannot use --column-unit=%s; it takes", o->format->name,
                      fz_colunit_name(o->emit.unit));
        for (unsigned u = 0; u < 4; u++)
            if (units & (1u << u)) fz_buf_printf(&m, " %s", fz_colunit_name((fz_colunit)u));
        int rc = S_bad_usage("%s", m.ptr);
        fz_buf_free(&m);
        return rc;
    }
    for (unsigned u = 0; u < 4; u++)
        if (units & (1u << u)) {
            o->emit.unit = (fz_colunit)u;
            break;
        }
    return EXIT_CLEAN;
}

static int S_parse_args(int argc, char **argv, options *o) {
    static const struct option longopts[] = {
        {"outline", no_argument, NULL, OPT_OUTLINE},
        {"facts", optional_argument, NULL, OPT_FACTS},
        {"format", required_argument, NULL, OPT_FORMAT},
        {"column-unit", required_argument, NULL, OPT_COLUMN_UNIT},
        {"color", required_argument, NULL, OPT_COLOR},
        {"quiet", no_argument, NULL, 'q'},
        {"fail-on", required_argument, NULL, OPT_FAIL_ON},
        {"max-per-rule", required_argument, NULL, OPT_MAX_PER_RULE},
        {"report-year", required_argument, NULL, OPT_REPORT_YEAR},
        {"rules", required_argument, NULL, OPT_RULES},
        {"config", required_argument, NULL, OPT_CONFIG},
        {"enable", required_argument, NULL, OPT_ENABLE},
        {"disable", required_argument, NULL, OPT_DISABLE},
        {"list-rules", no_argument, NULL, OPT_LIST_RULES},
        {"explain", required_argument, NULL, OPT_EXPLAIN},
        {"test-rules", optional_argument, NULL, OPT_TEST_RULES},
        {"allow-pack-dir", required_argument, NULL, OPT_ALLOW_PACK_DIR},
        {"print-config", no_argument, NULL, OPT_PRINT_CONFIG},
        {"previous", required_argument, NULL, OPT_PREVIOUS},
        {"no-compare", no_argument, NULL, OPT_NO_COMPARE},
        {"jobs", required_argument, NULL, 'j'},
        {"help", no_argument, NULL, 'h'},
        {"version", no_argument, NULL, OPT_VERSION},
        {"fix", no_argument, NULL, OPT_FIX},
        {"diff", no_argument, NULL, OPT_DIFF},
        {"annotate", required_argument, NULL, OPT_ANNOTATE},
        {NULL, 0, NULL, 0}};
    opterr = 0;
    int c;
    while ((c = getopt_long(argc, argv, ":qhj:", longopts, NULL)) != -1) {
        switch (c) {
        case OPT_OUTLINE:
            o->format = &fz_emitter_outline;
            break;
        case OPT_FACTS:
            if (!optarg || strcmp(optarg, "json") == 0)
                o->format = &fz_emitter_facts_json;
            else if (strcmp(optarg, "csv") == 0)
                o->format = &fz_emitter_facts_csv;
            else
                return S_bad_usage("--facts takes json or csv, not '%s'", optarg);
            break;
        case OPT_FORMAT:
            if (!(o->format = fz_emitter_find(optarg)))
                return S_bad_usage("unknown format '%s'", optarg);
            break;
        case OPT_COLUMN_UNIT:
            o->unit_given = true;
            if (strcmp(optarg, "display") == 0)
                o->emit.unit = FZ_COL_DISPLAY;
            else if (strcmp(optarg, "char") == 0)
                o->emit.unit = FZ_COL_CHAR;
            else if (strcmp(optarg, "byte") == 0)
                o->emit.unit = FZ_COL_BYTE;
            else if (strcmp(optarg, "utf16") == 0)
                o->emit.unit = FZ_COL_UTF16;
            else
                return S_bad_usage("unknown column unit '%s' (display, char, byte, utf16)", optarg);
            break;
        case OPT_COLOR:
            if (strcmp(optarg, "auto") && strcmp(optarg, "always") && strcmp(optarg, "never"))
                return S_bad_usage("--color takes auto, always or never, not '%s'", optarg);
            o->color = optarg;
            break;
        case 'q':
            o->quiet = true;
            break;
        case OPT_FAIL_ON:
            if (!fz_level_parse(optarg, &o->fail_on))
                return S_bad_usage("--fail-on takes error, warning or info, not '%s'", optarg);
            break;
        case OPT_MAX_PER_RULE:
            if (!S_parse_size(optarg, &o->max_per_rule))
                return S_bad_usage("--max-per-rule takes a number, not '%s'", optarg);
            break;
        case OPT_REPORT_YEAR: {
            size_t y;
            if (!S_parse_size(optarg, &y) || y < 1990 || y > 2200)
                return S_bad_usage("--report-year takes a year such as 2025, not '%s'", optarg);
            o->report_year = (int)y;
            break;
        }
        case OPT_RULES:
            fz_vec_push(&o->rules.packs, optarg);
            break;
        case OPT_CONFIG:
            o->config = optarg;
            break;
        case OPT_ENABLE:
            fz_vec_push(&o->rules.enable, optarg);
            break;
        case OPT_DISABLE:
            fz_vec_push(&o->rules.disable, optarg);
            break;
        case OPT_LIST_RULES:
            o->list_rules = true;
            break;
        case OPT_EXPLAIN:
            o->explain = optarg;
            break;
        case OPT_TEST_RULES:
            o->test_rules = true;
            o->test_pack = optarg;
            break;
        case OPT_ALLOW_PACK_DIR: {
            char *real = realpath(optarg, NULL);
            if (!real) return S_bad_usage("--allow-pack-dir: cannot resolve '%s'", optarg);
            fz_vec_push(&o->pack_dirs, real);
            break;
        }
        case OPT_PRINT_CONFIG:
            o->print_config = true;
            break;
        case OPT_PREVIOUS:
            o->previous = optarg;
            break;
        case OPT_NO_COMPARE:
            o->no_compare = true;
            break;
        case 'j': {
            size_t n;
            if (!S_parse_size(optarg, &n) || n < 1 || n > 256)
                return S_bad_usage("--jobs takes a number from 1 to 256, not '%s'", optarg);
            o->threads = (int)n;
            break;
        }
        case 'h':
            S_usage(stdout);
            exit(S_flush_stdout() ? EXIT_TROUBLE : EXIT_CLEAN);
        case OPT_FIX:
            o->fix = true;
            break;
        case OPT_DIFF:
            o->diff = true;
            break;
        case OPT_ANNOTATE:
            if (!*optarg) return S_bad_usage("%s", "--annotate needs a file name");
            o->annotate = optarg;
            break;
        case OPT_VERSION:
            printf("fzlint %s\n", FZLINT_VERSION);
            exit(S_flush_stdout() ? EXIT_TROUBLE : EXIT_CLEAN);
        case ':':
            return S_bad_usage("option '%s' needs an argument", argv[optind - 1]);
        default:
            return S_bad_usage("unrecognized option '%s'", argv[optind - 1]);
        }
    }
    if (o->test_rules && !o->test_pack && optind < argc) o->test_pack = argv[optind++];
    if (o->print_config) return EXIT_CLEAN;
    if (o->list_rules || o->explain || o->test_rules) {
        if (optind < argc) return S_bad_usage("unexpected argument '%s'", argv[optind]);
        return EXIT_CLEAN;
    }
    if (optind >= argc) return S_bad_usage("%s", "no input files");
    if (o->fix && o->diff) return S_bad_usage("%s", "--fix and --diff exclude each other");
    if (o->diff) o->format = &fz_emitter_gcc; /* the diff is the output */
    /* comparing reads every file before any is fixed: its places would be stale */
    if (o->fix || o->diff) o->no_compare = true;
    if (o->annotate && optind + 1 != argc)
        return S_bad_usage("%s", "--annotate takes exactly one .docx file");
    return S_check_unit(o);
}

/* One file's result, rendered on a worker and delivered in input order. */
typedef struct job {
    fz_buf out, err, row;
    size_t counts[3];
    bool checked, trouble;
    long fixes; /* --fix, --diff: fixes applied (or that would be) */
} job;

/* The rule set of one configuration, shared by the files it governs. */
typedef struct ruleset_entry {
    char *config; /* path, or NULL: no config file */
    fz_ruleset *rs;
    int report_year;
} ruleset_entry;
/* Entries are allocated one by one: files keep pointers to them while the list grows. */
typedef FZ_VEC(ruleset_entry *) ruleset_list;

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

/* A file as its reader gives it: both phases read through here.  keep: NULL, or where
 * the file's bytes go (for --annotate; the caller frees them).  As S_read: 0, -1 on
 * failure, 1 for a walked file that is no longer a regular one. */
static int S_read_doc(const char *path, bool walked, const fz_ruleset *rs, fz_doc *doc,
                      fz_buf *keep, fz_buf *err) {
    fz_buf bytes = {0};
    int got = S_read(path, walked, &bytes, err);
    if (got != 0) {
        fz_buf_free(&bytes);
        return got;
    }
    const unsigned char *b = (const unsigned char *)bytes.ptr;
    const fz_reader *reader = fz_reader_for(b, bytes.len, path);
    fz_read_opts ropts = {.profile = fz_ruleset_profile(rs)};
    int rc = reader->read(b, bytes.len, path, &ropts, doc, err);
    if (keep)
        *keep = bytes;
    else
        fz_buf_free(&bytes);
    return rc;
}

/* --fix, --diff: the file's fixes written (then it is read again to lint what it says now)
 * or diffed.  -1: the file cannot be fixed (the reason in j->err). */
static int S_fix(run *r, job *j, const char *path, bool walked, const ruleset_entry *rules,
                 fz_matcher *m) {
    fz_buf bytes = {0};
    struct stat st;
    bool is_file = strcmp(path, "-") != 0 && stat(path, &st) == 0;
    int got = S_read(path, walked, &bytes, &j->err);
    if (got != 0) {
        j->trouble = got < 0; /* as in the walk, a file that is not regular is no error */
        fz_buf_free(&bytes);
        return -1;
    }
    const unsigned char *b = (const unsigned char *)bytes.ptr;
    const fz_reader *reader = fz_reader_for(b, bytes.len, path);
    if (strcmp(reader->name, "txt") != 0) {
        fz_buf_printf(&j->err,
                      "fzlint: cannot fix '%s': only plain-text reports can be fixed (this is %s); "
                      "left unchanged\n",
                      path, reader->name);
        j->fixes = -1;
    } else {
        int year = r->o->report_year ? r->o->report_year : rules->report_year;
        j->fixes = fz_fix_file(path, b, bytes.len, is_file ? &st : NULL, r->o->fix, rules->rs, year,
                               m, &j->out, &j->err);
    }
    fz_buf_free(&bytes);
    if (r->o->diff) j->checked = j->fixes >= 0;
    if (j->fixes >= 0) return 0;
    j->trouble = true;
    return -1;
}

static void S_work(size_t i, fz_matcher *m, void *ctx) {
    run *r = ctx;
    job *j = &r->jobs[i];
    const char *path = r->files->v[i];
    const ruleset_entry *rules = r->file_rules[i];
    if ((r->o->fix || r->o->diff) && (S_fix(r, j, path, r->walked[i], rules, m) != 0 || r->o->diff))
        return;
    fz_doc doc = {0};
    fz_buf bytes = {0};
    int got =
        S_read_doc(path, r->walked[i], rules->rs, &doc, r->o->annotate ? &bytes : NULL, &j->err);
    if (got != 0) {
        j->trouble = got < 0; /* as in the walk, a file that is not regular is no error */
        fz_doc_free(&doc);
        fz_buf_free(&bytes);
        return;
    }
    fz_report rep;
    int year = r->o->report_year ? r->o->report_year : rules->report_year;
    /* --outline and --facts run what they print, no rule */
    if (r->o->format->upto == FZ_UPTO_OUTLINE)
        fz_report_read_doc(&rep, path, &doc, rules->rs, year, m);
    else if (r->o->format->upto == FZ_UPTO_FACTS)
        fz_report_read_facts(&rep, path, &doc, rules->rs, year, m);
    else
        fz_report_check_doc(&rep, path, &doc, rules->rs, year, r->o->max_per_rule, m);
    if (r->cmp) fz_compare_apply(&rep, &r->cmp[i], rules->rs, r->o->max_per_rule);
    if (r->o->annotate) {
        int n = fz_annotate_docx((const unsigned char *)bytes.ptr, bytes.len, path, &rep,
                                 r->o->emit.min_level, r->o->annotate, &j->err);
        if (n < 0)
            j->trouble = true;
        else
            fz_buf_printf(&j->err, "fzlint: 批注版已写入 '%s'（%d 条批注）\n", r->o->annotate, n);
        fz_buf_free(&bytes);
    }
    r->o->format->report(&j->out, &rep, &r->ctx);
    if (r->o->format->row) r->o->format->row(&j->row, &rep, &r->ctx);
    for (int l = 0; l < 3; l++) j->counts[l] = fz_report_count(&rep, (fz_level)l);
    j->checked = true;
    fz_report_free(&rep);
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
        if (r->wrote && sep) S_out(sep, strlen(sep));
        S_out(j->out.ptr, j->out.len);
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
    if (out.len) S_out(out.ptr, out.len);
    if (errors.len) fputs(errors.ptr, stderr);
    fz_buf_free(&out);
    fz_buf_free(&errors);
    return rc;
}

/* The first phase of a comparing run: every report's digest, --previous's last. */
typedef struct digest_run {
    const path_list *files;
    const bool *walked; /* per file: found by the folder walk */
    const char *previous;
    const ruleset_entry **rules; /* per digest */
    const options *o;
    fz_digest *d;
    fz_buf err; /* --previous could not be read */
} digest_run;

static void S_digest_work(size_t i, fz_matcher *m, void *ctx) {
    digest_run *dr = ctx;
    const char *path = i < dr->files->n ? dr->files->v[i] : dr->previous;
    fz_buf err = {0};
    fz_doc doc = {0};
    const ruleset_entry *e = dr->rules[i];
    /* standard input can be read once only: by the check, which then compares nothing */
    bool walked = i < dr->files->n && dr->walked[i];
    if (strcmp(path, "-") == 0 || S_read_doc(path, walked, e->rs, &doc, NULL, &err) != 0) {
        dr->d[i].path = fz_xstrdup(path);
        dr->d[i].text_len = SIZE_MAX;
        if (i == dr->files->n && err.len) fz_buf_put(&dr->err, err.ptr, err.len);
        fz_doc_free(&doc);
    } else {
        fz_digest_doc(&dr->d[i], path, &doc, e->rs,
                      dr->o->report_year ? dr->o->report_year : e->report_year, dr->o->emit.unit,
                      m);
    }
    fz_buf_free(&err);
}

static void S_digest_deliver(size_t i, void *ctx) {
    (void)i, (void)ctx; /* nothing is printed before the second phase */
}

/* Digests, pairs and compares the reports (and --previous) before they are checked:
 * the findings per file, or NULL when no comparison is wanted; *failed when
 * --previous cannot be read. */
static fz_compare_result *S_compare(const options *o, const path_list *files, const bool *walked,
                                    const ruleset_entry **file_rules,
                                    const ruleset_entry *prev_rules, bool *failed) {
    bool wanted = false;
    for (size_t i = 0; i < files->n && !wanted; i++) wanted = fz_compare_wanted(file_rules[i]->rs);
    if (o->no_compare || !wanted || (files->n < 2 && !o->previous) ||
        o->format == &fz_emitter_outline || o->format == &fz_emitter_facts_json ||
        o->format == &fz_emitter_facts_csv)
        return NULL;
    size_t n = files->n + (o->previous ? 1 : 0);
    digest_run dr = {.files = files, .walked = walked, .previous = o->previous, .o = o};
    dr.rules = fz_xcalloc(n, sizeof *dr.rules);
    memcpy(dr.rules, file_rules, files->n * sizeof *dr.rules);
    if (o->previous) dr.rules[files->n] = prev_rules;
    dr.d = fz_xcalloc(n, sizeof *dr.d);
    fz_pool_run(n, o->threads, S_digest_work, S_digest_deliver, &dr);
    const fz_ruleset **rs = fz_xcalloc(n, sizeof *rs);
    for (size_t i = 0; i < n; i++) rs[i] = dr.rules[i]->rs;
    fz_compare_result *cmp = fz_xcalloc(files->n ? files->n : 1, sizeof *cmp);
    if (dr.err.len) {
        fwrite(dr.err.ptr, 1, dr.err.len, stderr);
        *failed = true;
    } else {
        fz_batch b = {.d = dr.d,
                      .n = n,
                      .ntargets = files->n,
                      .rs = rs,
                      .previous = o->previous ? (long)files->n : -1};
        fz_compare_batch(&b, cmp);
    }
    for (size_t i = 0; i < n; i++) fz_digest_free(&dr.d[i]);
    free(dr.d);
    free(rs);
    free(dr.rules);
    fz_buf_free(&dr.err);
    return cmp;
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
    if (out.len) S_out(out.ptr, out.len);
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
    int rc = S_parse_args(argc, argv, &o);
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
        if (S_flush_stdout()) rc = EXIT_TROUBLE;
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
                return S_bad_usage("--annotate takes one .docx file, not the folder '%s'", argv[i]);
            }
            if (S_walk(argv[i], 0, &files) != 0) trouble = true;
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
        if (S_flush_stdout()) rc = EXIT_TROUBLE;
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
        cmp_failed ? NULL : S_compare(&o, &files, walked.v, file_rules, prev_rules, &cmp_failed);
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
    if (edge.len) S_out(edge.ptr, edge.len);
    S_oom_tail = o.format->abort_tail; /* the head is out: a tail makes it whole */
    fz_set_oom_handler(S_oom);
    fz_pool_run(files.n, o.threads, S_work, S_deliver, &r);
    r.ctx.files = r.checked;
    memcpy(r.ctx.counts, r.counts, sizeof r.counts);
    r.ctx.rows = &r.rows;
    edge.len = 0;
    if (o.format->end) o.format->end(&edge, &r.ctx);
    if (edge.len) S_out(edge.ptr, edge.len);
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
    bool write_failed = S_flush_stdout() != 0;
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
    if (write_failed) return EXIT_TROUBLE; /* said by S_flush_stdout */
    if (trouble) return EXIT_TROUBLE;
    return failed ? EXIT_FINDINGS : EXIT_CLEAN;
}
