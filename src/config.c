/* config.c - loading .fzlint.yaml (packs confined to its tree); building the run's rule set. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <fnmatch.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* Any kind of file: one that is not a regular file is refused when it is opened. */
static bool S_exists(const char *p) {
    struct stat st;
    return stat(p, &st) == 0;
}

/* Absolute folder of path; as given when it cannot be resolved (no pack is inside it). */
static char *S_abs_dir(const char *path) {
    char *res = fz_path_folder(path);
    if (res) return res;
    const char *slash = strrchr(path, '/');
    return slash ? fz_xstrndup(path, slash == path ? 1 : (size_t)(slash - path)) : fz_xstrdup(".");
}

#define S_ERR(ok, errors, doc, node, ...)                                                          \
    ((ok) = false, fz_yerror((errors), (doc), (node), __VA_ARGS__))

static bool S_inside(const char *real, const char *dir) {
    size_t n = strlen(dir);
    return !strcmp(dir, "/") || (!strncmp(real, dir, n) && (real[n] == '/' || !real[n]));
}

/* A pack the config names: a built-in pack's name, or a file that resolves (links
 * and `..` followed) inside the config's folder tree or a folder the command line
 * allows.  Returns the resolved path, or NULL with an error at the item. */
static char *S_pack(fz_config *c, const fz_ynode *item, const fz_config_opts *o, fz_buf *errors) {
    const fz_ydoc *d = &c->doc;
    char *p = fz_pack_path(item->str, c->dir);
    fz_buf builtin = {0};
    fz_buf_printf(&builtin, "%s/%s.yaml", fz_builtin_rules_dir(), item->str);
    bool is_builtin = !strcmp(p, builtin.ptr);
    fz_buf_free(&builtin);
    char buf[PATH_MAX];
    if (is_builtin && S_exists(p)) return p;
    if (is_builtin || !S_exists(p) || !realpath(p, buf)) {
        fz_yerror(errors, d, item, "找不到规则包“%s”（%s）", item->str, p);
        free(p);
        return NULL;
    }
    free(p);
    bool allowed = S_inside(buf, c->dir);
    for (size_t i = 0; !allowed && o && i < o->npack_dirs; i++)
        allowed = S_inside(buf, o->pack_dirs[i]);
    if (!allowed) {
        fz_yerror(
            errors, d, item,
            "规则包“%s”（%s）不在配置文件所在的目录之内，不予加载（可用 --allow-pack-dir=目录 "
            "或 --rules=文件 明确允许）",
            item->str, buf);
        return NULL;
    }
    return fz_xstrdup(buf);
}

static int S_interpret(fz_config *c, const fz_config_opts *o, fz_buf *errors);

int fz_config_load(fz_config *c, const char *path, const fz_config_opts *o, fz_buf *errors) {
    memset(c, 0, sizeof *c);
    c->path = fz_xstrdup(path);
    c->dir = S_abs_dir(path);
    int fd = open(path, O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
    if (fd < 0) {
        fz_buf_printf(errors, "%s:1:1: error: 无法读取：%s\n", path, strerror(errno));
        return -1;
    }
    /* The search judged the file by its name; judge again what was opened. */
    struct stat st;
    const char *why = NULL;
    if (o && o->found && fstat(fd, &st) == 0 && (why = fz_config_distrust(&st))) {
        fz_buf_printf(errors, "%s:1:1: error: 配置文件在查找之后被替换（%s）\n", path, why);
        close(fd);
        return -1;
    }
    int rc = fz_ydoc_load_fd(&c->doc, fd, path, errors);
    close(fd);
    return rc != 0 ? -1 : S_interpret(c, o, errors);
}

int fz_config_parse(fz_config *c, const char *path, const char *data, size_t len,
                    const fz_config_opts *o, fz_buf *errors) {
    memset(c, 0, sizeof *c);
    c->path = fz_xstrdup(path);
    c->dir = S_abs_dir(path);
    if (fz_ydoc_parse(&c->doc, path, data, len, errors) != 0) return -1;
    return S_interpret(c, o, errors);
}

static int S_interpret(fz_config *c, const fz_config_opts *o, fz_buf *errors) {
    bool ok = true;
    const fz_ydoc *d = &c->doc;
    const fz_ynode *root = d->root;
    if (!root) return 0; /* an empty config is the default */
    if (root->kind != FZ_Y_MAP) {
        S_ERR(ok, errors, d, root, "配置文件应为映射（packs、report-year、rules、waivers）");
        return -1;
    }
    for (size_t i = 0; i + 1 < root->n; i += 2) {
        const fz_ynode *k = root->items[i], *v = root->items[i + 1];
        if (!strcmp(k->str, "packs")) {
            c->has_packs = true;
            const fz_ynode *one[1] = {v};
            const fz_ynode *const *items =
                v->kind == FZ_Y_SEQ ? (const fz_ynode *const *)v->items : one;
            size_t n = v->kind == FZ_Y_SEQ ? v->n : 1;
            for (size_t j = 0; j < n; j++) {
                if (items[j]->kind != FZ_Y_SCALAR || !*items[j]->str) {
                    S_ERR(ok, errors, d, items[j], "“packs”应为包名或规则文件路径的列表");
                    continue;
                }
                char *p = S_pack(c, items[j], o, errors);
                if (!p) {
                    ok = false;
                    continue;
                }
                fz_vec_push(&c->packs, p);
                fz_vec_push(&c->pack_nodes, items[j]);
            }
        } else if (!strcmp(k->str, "report-year")) {
            char *end = NULL;
            long y = v->kind == FZ_Y_SCALAR ? strtol(v->str, &end, 10) : 0;
            if (v->kind == FZ_Y_SCALAR && !strcmp(v->str, "auto"))
                c->report_year = 0;
            else if (end && !*end && *v->str && y >= 1900 && y <= 2999)
                c->report_year = (int)y;
            else
                S_ERR(ok, errors, d, v, "“report-year”应为 auto 或四位年份");
        } else if (!strcmp(k->str, "kind")) {
            /* the kind of the reports it governs; checked against the packs' kinds */
            if (v->kind != FZ_Y_SCALAR)
                S_ERR(ok, errors, d, v, "“kind”应为报告类型名（如 department）");
            else
                c->kind = v;
        } else if (!strcmp(k->str, "rules")) {
            if (v->kind != FZ_Y_MAP)
                S_ERR(ok, errors, d, v, "“rules”应为“规则id: 设置”的映射");
            else
                c->rules = v;
        } else if (!strcmp(k->str, "waivers")) {
            if (v->kind != FZ_Y_SEQ)
                S_ERR(ok, errors, d, v, "“waivers”应为列表");
            else
                c->waivers = v;
        } else {
            S_ERR(ok, errors, d, k,
                  "配置中未知的键“%s”（可用：packs、report-year、kind、rules、waivers）", k->str);
        }
    }
    return ok ? 0 : -1;
}

void fz_config_free(fz_config *c) {
    if (!c) return;
    free(c->path);
    free(c->dir);
    fz_ydoc_free(&c->doc);
    for (size_t i = 0; i < c->packs.n; i++) free(c->packs.v[i]);
    fz_vec_free(&c->packs);
    fz_vec_free(&c->pack_nodes);
    memset(c, 0, sizeof *c);
}

void fz_rule_opts_free(fz_rule_opts *o) {
    fz_vec_free(&o->packs);
    fz_vec_free(&o->enable);
    fz_vec_free(&o->disable);
}

/* "12" or "10-20" */
static bool S_lines(const char *s, size_t *from, size_t *to) {
    char *end;
    long a = strtol(s, &end, 10), b = a;
    if (end == s || a < 1) return false;
    if (*end == '-') {
        const char *t = end + 1;
        b = strtol(t, &end, 10);
        if (end == t || b < a) return false;
    }
    if (*end) return false;
    *from = (size_t)a;
    *to = (size_t)b;
    return true;
}

static bool S_waivers(fz_ruleset *rs, const fz_config *c, fz_buf *errors) {
    bool ok = true;
    const fz_ydoc *d = &c->doc;
    for (size_t i = 0; c->waivers && i < c->waivers->n; i++) {
        const fz_ynode *w = c->waivers->items[i];
        if (w->kind != FZ_Y_MAP) {
            S_ERR(ok, errors, d, w, "每条豁免应为映射（rule、file、lines、reason）");
            continue;
        }
        fz_waiver wv = {0};
        for (size_t j = 0; j + 1 < w->n; j += 2) {
            const fz_ynode *k = w->items[j], *v = w->items[j + 1];
            const char *s = v->kind == FZ_Y_SCALAR ? v->str : NULL;
            if (!s && strcmp(k->str, "reason")) {
                S_ERR(ok, errors, d, v, "“%s”应为字符串", k->str);
                continue;
            }
            if (!strcmp(k->str, "rule")) {
                const fz_rule *r = fz_ruleset_find(rs, s);
                if (!r)
                    S_ERR(ok, errors, d, v, "豁免引用了不存在的规则“%s”", s);
                else
                    wv.rule = fz_xstrdup(r->id);
            } else if (!strcmp(k->str, "file")) {
                wv.file = fz_xstrdup(s);
            } else if (!strcmp(k->str, "lines") || !strcmp(k->str, "line")) {
                if (!S_lines(s, &wv.line_from, &wv.line_to))
                    S_ERR(ok, errors, d, v, "“%s”应为行号或行号范围，如 12 或 10-20", k->str);
            } else if (strcmp(k->str, "reason")) {
                S_ERR(ok, errors, d, k, "豁免中未知的键“%s”（可用：rule、file、lines、reason）",
                      k->str);
            }
        }
        if (!fz_ymap_get(w, "rule")) S_ERR(ok, errors, d, w, "豁免缺少“rule”");
        if (!fz_ymap_get(w, "file"))
            S_ERR(ok, errors, d, w, "豁免缺少“file”（纯文本报告无法就地豁免）");
        if (ok && wv.rule && wv.file) {
            wv.base_dir = fz_xstrdup(c->dir);
            fz_vec_push(&rs->waivers, wv);
        } else {
            free(wv.rule);
            free(wv.file);
        }
    }
    return ok;
}

static bool S_cli_rule(fz_ruleset *rs, const char *opt, const char *id, bool on, fz_buf *errors) {
    fz_rule *r = fz_ruleset_find(rs, id);
    if (!r) {
        fz_buf_printf(errors, "fzlint: error: %s：未知的规则“%s”（用 --list-rules 查看）\n", opt,
                      id);
        return false;
    }
    r->enabled = on;
    return true;
}

fz_ruleset *fz_config_ruleset(const fz_config *c, const fz_rule_opts *o, fz_buf *errors) {
    fz_ruleset *rs = fz_ruleset_new();
    if (c && c->path) rs->config = fz_xstrdup(c->path);
    bool ok = true;
    if (c && c->has_packs) {
        for (size_t i = 0; i < c->packs.n; i++)
            if (fz_ruleset_load_file(rs, c->packs.v[i], errors) != 0) ok = false;
    } else if (fz_ruleset_load_builtin(rs, errors) != 0) {
        ok = false;
    }
    for (size_t i = 0; o && i < o->packs.n; i++)
        if (fz_ruleset_load_file(rs, o->packs.v[i], errors) != 0) ok = false;
    if (ok && c && c->rules) {
        for (size_t i = 0; i + 1 < c->rules->n; i += 2) {
            const fz_ynode *k = c->rules->items[i];
            fz_rule *r = fz_ruleset_find(rs, k->str);
            if (!r) {
                S_ERR(ok, errors, &c->doc, k, "配置引用了不存在的规则“%s”", k->str);
                continue;
            }
            if (fz_rule_override(rs, r, &c->doc, c->rules->items[i + 1], errors) != 0) ok = false;
        }
    }
    if (ok && c && c->kind) {
        if (fz_profile_kind(fz_ruleset_profile(rs), c->kind->str) < 0)
            S_ERR(ok, errors, &c->doc, c->kind,
                  "未知的报告类型“%s”（规则包的 document.kinds 中没有）", c->kind->str);
        else
            rs->kind = fz_xstrdup(c->kind->str);
    }
    if (ok && c && !S_waivers(rs, c, errors)) ok = false;
    for (size_t i = 0; ok && o && i < o->enable.n; i++)
        if (!S_cli_rule(rs, "--enable", o->enable.v[i], true, errors)) ok = false;
    for (size_t i = 0; ok && o && i < o->disable.n; i++)
        if (!S_cli_rule(rs, "--disable", o->disable.v[i], false, errors)) ok = false;
    if (!ok) {
        fz_ruleset_free(rs);
        return NULL;
    }
    return rs;
}

bool fz_waived(const fz_ruleset *rs, const char *rule_id, const char *path, size_t line) {
    for (size_t i = 0; i < rs->waivers.n; i++) {
        const fz_waiver *w = &rs->waivers.v[i];
        if (strcmp(w->rule, rule_id)) continue;
        if (w->line_from && (line < w->line_from || line > w->line_to)) continue;
        const char *base = strrchr(path, '/');
        base = base ? base + 1 : path;
        if (!strchr(w->file, '/') && fnmatch(w->file, base, 0) == 0) return true;
        char buf[PATH_MAX];
        if (!realpath(path, buf)) continue;
        size_t n = strlen(w->base_dir);
        const char *rel = buf;
        if (!strncmp(buf, w->base_dir, n) && buf[n] == '/') rel = buf + n + 1;
        if (fnmatch(w->file, rel, FNM_PATHNAME) == 0) return true;
    }
    return false;
}
