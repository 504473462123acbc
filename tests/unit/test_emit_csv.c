/* test_emit_csv.c - RFC 4180 fields (summary-csv, facts-csv): what is quoted and how. */
#include <check.h>

#include "check_main.h"
#include <string.h>

#include "emit.h"

static void S_field(const char *in, const char *want) {
    fz_buf b = {0};
    fz_emit_csv_field(&b, in, strlen(in));
    ck_assert_msg(b.ptr ? strcmp(b.ptr, want) == 0 : want[0] == '\0', "%s -> %s, want %s", in,
                  b.ptr ? b.ptr : "", want);
    fz_buf_free(&b);
}

START_TEST(quoting) {
    S_field("", "");
    S_field("青禾县", "青禾县");
    S_field("a b;c", "a b;c");
    S_field("a,b", "\"a,b\"");
    S_field("a\"b", "\"a\"\"b\"");
    S_field("a\nb", "\"a\nb\""); /* a line break inside a field keeps it one field */
    S_field("a\rb", "\"a\rb\"");
    S_field("\r\n", "\"\r\n\"");
    S_field("“全角”，", "“全角”，"); /* full-width marks are text, not CSV syntax */
}
END_TEST

FZ_CHECK_MAIN("emit_csv", quoting)
