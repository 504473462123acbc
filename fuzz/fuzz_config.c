/* fuzz_config.c - the .fzlint.yaml loader on YAML bytes: packs named (and confined to
 * the config's folder), the report year, per-rule settings and waivers; a config that
 * loads builds its rule set, which checks a small report (waivers, overrides). */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "config.h"
#include "report.h"
#include "rules.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* A config folder with one pack (and one in a subfolder) that fuzzed configs can name:
 * "p.yaml", "sub/q.yaml", "fz/..." rule ids.  Built once, removed at exit. */
static char S_dir[64], S_config[96], S_pack[96], S_sub[96], S_subpack[112];

static const char S_pack_yaml[] =
    "pack: fz\n"
    "rules:\n"
    "  - {id: word, type: forbid, level: error, message: '残留“{match}”', pattern: 'XX'}\n"
    "  - id: rate\n"
    "    type: metric\n"
    "    level: info\n"
    "    message: 未写明出庭应诉率\n"
    "    pattern: '出庭应诉率(?<value>[0-9]+(?:\\.[0-9]+)?)%'\n"
    "    min: {value: 80, level: warning, message: '出庭应诉率{value}%低于{expected}%'}\n";
static const char S_subpack_yaml[] =
    "pack: fzsub\n"
    "rules:\n"
    "  - {id: late, type: forbid, level: warning, message: m, pattern: '布署'}\n";

static const char S_report[] = "青禾县人民政府关于2024年度法治政府建设情况的报告\n"
                               "一、主要举措和成效\n"
                               "行政机关负责人出庭应诉率75%，XX件布署。\n"
                               "二、存在的不足和原因\n"
                               "培训不足。\n"
                               "青禾县人民政府\n"
                               "2025年1月20日\n";

static void S_cleanup(void) {
    unlink(S_subpack);
    rmdir(S_sub);
    unlink(S_pack);
    rmdir(S_dir);
}

static void S_write(const char *path, const char *text) {
    FILE *f = fopen(path, "w");
    if (!f || fputs(text, f) < 0 || fclose(f) != 0) abort();
}

static void S_setup(void) {
    snprintf(S_dir, sizeof S_dir, "/tmp/fuzz_config.XXXXXX");
    if (!mkdtemp(S_dir)) abort();
    snprintf(S_config, sizeof S_config, "%s/.fzlint.yaml", S_dir);
    snprintf(S_pack, sizeof S_pack, "%s/p.yaml", S_dir);
    snprintf(S_sub, sizeof S_sub, "%s/sub", S_dir);
    snprintf(S_subpack, sizeof S_subpack, "%s/q.yaml", S_sub);
    if (mkdir(S_sub, 0700) != 0) abort();
    S_write(S_pack, S_pack_yaml);
    S_write(S_subpack, S_subpack_yaml);
    atexit(S_cleanup);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    static fz_matcher m;
    static bool ready;
    if (!ready) {
        S_setup();
        fz_matcher_init(&m);
        ready = true;
    }
    fz_config c;
    fz_buf errors = {0};
    fz_config_opts o = {.found = false};
    if (fz_config_parse(&c, S_config, (const char *)data, size, &o, &errors) == 0) {
        /* the built-in packs cost a national pack's compile per input: use ours instead */
        if (!c.has_packs) {
            c.has_packs = true;
            fz_vec_push(&c.packs, fz_xstrdup(S_pack));
        }
        fz_ruleset *rs = fz_config_ruleset(&c, NULL, &errors);
        if (rs) {
            fz_buf out = {0};
            fz_config_packs_text(rs, &out);
            fz_report rep;
            char path[128];
            snprintf(path, sizeof path, "%s/r.txt", S_dir);
            fz_report_check(&rep, path, (const unsigned char *)S_report, strlen(S_report), rs,
                            c.report_year, 0, &m);
            fz_report_free(&rep);
            fz_buf_free(&out);
            fz_ruleset_free(rs);
        }
    }
    fz_config_free(&c);
    fz_buf_free(&errors);
    return 0;
}
