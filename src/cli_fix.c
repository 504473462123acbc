/* cli_fix.c - --fix and --diff for one file: its fixes applied in place or shown as a diff. */
#include <string.h>
#include <sys/stat.h>

#include "cli.h"
#include "fix.h"

/* The file's fixes written (then it is read again to lint what it says now) or diffed. */
int fz_cli_fix(const options *o, job *j, const char *path, bool walked, const ruleset_entry *rules,
               fz_matcher *m) {
    fz_buf bytes = {0};
    struct stat st;
    bool is_file = strcmp(path, "-") != 0 && stat(path, &st) == 0;
    int got = fz_cli_read(path, walked, &bytes, &j->err);
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
        int year = o->report_year ? o->report_year : rules->report_year;
        j->fixes = fz_fix_file(path, b, bytes.len, is_file ? &st : NULL, o->fix, rules->rs, year, m,
                               &j->out, &j->err);
    }
    fz_buf_free(&bytes);
    if (o->diff) j->checked = j->fixes >= 0;
    if (j->fixes >= 0) return 0;
    j->trouble = true;
    return -1;
}
