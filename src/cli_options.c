/* cli_options.c - the command line's options: --help, parsing, the checks between them. */
#include <errno.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "fzlint.h" /* fzlint_version */

static void fz_cli_usage(FILE *out) {
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

int fz_cli_bad_usage(const char *fmt, const char *arg) {
    fputs("fzlint: ", stderr);
    fprintf(stderr, fmt, arg);
    fputs("\nTry 'fzlint --help' for more information.\n", stderr);
    return EXIT_TROUBLE;
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
        int rc = fz_cli_bad_usage("%s", m.ptr);
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

int fz_cli_parse_args(int argc, char **argv, options *o) {
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
                return fz_cli_bad_usage("--facts takes json or csv, not '%s'", optarg);
            break;
        case OPT_FORMAT:
            if (!(o->format = fz_emitter_find(optarg)))
                return fz_cli_bad_usage("unknown format '%s'", optarg);
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
                return fz_cli_bad_usage("unknown column unit '%s' (display, char, byte, utf16)",
                                        optarg);
            break;
        case OPT_COLOR:
            if (strcmp(optarg, "auto") && strcmp(optarg, "always") && strcmp(optarg, "never"))
                return fz_cli_bad_usage("--color takes auto, always or never, not '%s'", optarg);
            o->color = optarg;
            break;
        case 'q':
            o->quiet = true;
            break;
        case OPT_FAIL_ON:
            if (!fz_level_parse(optarg, &o->fail_on))
                return fz_cli_bad_usage("--fail-on takes error, warning or info, not '%s'", optarg);
            break;
        case OPT_MAX_PER_RULE:
            if (!S_parse_size(optarg, &o->max_per_rule))
                return fz_cli_bad_usage("--max-per-rule takes a number, not '%s'", optarg);
            break;
        case OPT_REPORT_YEAR: {
            size_t y;
            if (!S_parse_size(optarg, &y) || y < 1990 || y > 2200)
                return fz_cli_bad_usage("--report-year takes a year such as 2025, not '%s'",
                                        optarg);
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
            if (!real) return fz_cli_bad_usage("--allow-pack-dir: cannot resolve '%s'", optarg);
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
                return fz_cli_bad_usage("--jobs takes a number from 1 to 256, not '%s'", optarg);
            o->threads = (int)n;
            break;
        }
        case 'h':
            fz_cli_usage(stdout);
            exit(fz_cli_flush_stdout() ? EXIT_TROUBLE : EXIT_CLEAN);
        case OPT_FIX:
            o->fix = true;
            break;
        case OPT_DIFF:
            o->diff = true;
            break;
        case OPT_ANNOTATE:
            if (!*optarg) return fz_cli_bad_usage("%s", "--annotate needs a file name");
            o->annotate = optarg;
            break;
        case OPT_VERSION:
            printf("fzlint %s\n", fzlint_version());
            exit(fz_cli_flush_stdout() ? EXIT_TROUBLE : EXIT_CLEAN);
        case ':':
            return fz_cli_bad_usage("option '%s' needs an argument", argv[optind - 1]);
        default:
            return fz_cli_bad_usage("unrecognized option '%s'", argv[optind - 1]);
        }
    }
    if (o->test_rules && !o->test_pack && optind < argc) o->test_pack = argv[optind++];
    if (o->print_config) return EXIT_CLEAN;
    if (o->list_rules || o->explain || o->test_rules) {
        if (optind < argc) return fz_cli_bad_usage("unexpected argument '%s'", argv[optind]);
        return EXIT_CLEAN;
    }
    if (optind >= argc) return fz_cli_bad_usage("%s", "no input files");
    if (o->fix && o->diff) return fz_cli_bad_usage("%s", "--fix and --diff exclude each other");
    if (o->diff) o->format = &fz_emitter_gcc; /* the diff is the output */
    /* comparing reads every file before any is fixed: its places would be stale */
    if (o->fix || o->diff) o->no_compare = true;
    if (o->annotate && optind + 1 != argc)
        return fz_cli_bad_usage("%s", "--annotate takes exactly one .docx file");
    return S_check_unit(o);
}
