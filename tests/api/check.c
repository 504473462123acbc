/* check.c - a client of the installed library (tests/install.sh builds it with
 * `pkg-config --cflags --libs fzlint`): only <fzlint.h>.
 *   check REPORT [UNIT]     the findings of the built-in packs, one "RULE LINE COL" a line,
 *                           then the report rendered by fzlint_render as JSON after a "--"
 *   check --pack FILE       loads FILE as an extra pack and prints fzlint_rules_error */
#include <fzlint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int main(int argc, char **argv) {
    if (argc < 2) return 2;
    if (strcmp(fzlint_version(), FZLINT_VERSION) != 0 ||
        fzlint_version_number() != FZLINT_VERSION_NUMBER) {
        fprintf(stderr, "header %s, library %s\n", FZLINT_VERSION, fzlint_version());
        return 2;
    }
    fzlint_rules *rules = fzlint_rules_new();
    if (fzlint_rules_load_builtin(rules) != 0 || fzlint_rules_count(rules) == 0) {
        fprintf(stderr, "built-in packs: %s\n", fzlint_rules_error(rules));
        return 2;
    }
    if (strcmp(argv[1], "--pack") == 0 && argc == 3) {
        int rc = fzlint_rules_load_file(rules, argv[2]);
        fputs(fzlint_rules_error(rules), stdout);
        fzlint_rules_free(rules);
        return rc == 0 ? 0 : 1;
    }
    fzlint_options *o = fzlint_options_new();
    if (argc > 2 && strcmp(argv[2], "char") == 0) fzlint_options_set_unit(o, FZLINT_UNIT_CHAR);
    char *error = NULL;
    fzlint_report *r = fzlint_check_file(rules, o, argv[1], &error);
    if (!r) {
        fprintf(stderr, "%s", error ? error : "no report\n");
        fzlint_free(error);
        return 2;
    }
    for (size_t i = 0; i < fzlint_report_count(r); i++) {
        const fzlint_diag *d = fzlint_report_diag(r, i);
        size_t line, col;
        fzlint_diag_position(d, &line, &col);
        printf("%s %zu %zu\n", fzlint_diag_rule(d), line, col);
    }
    puts("--");
    size_t len = 0;
    char *json = fzlint_render_string(r, "json", &len);
    if (!json) return 2;
    fwrite(json, 1, len, stdout);
    fzlint_free(json);
    int failed = fzlint_report_failed(r);
    fzlint_report_free(r);
    fzlint_options_free(o);
    fzlint_rules_free(rules);
    return failed;
}
