/* yamltree.c - libyaml events into a positioned tree, with bounded aliases. */
#include "yamltree.h"

#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <yaml.h>

/* Nodes that aliases may add to a document once expanded, and nesting depth.  A
 * real pack adds a few hundred (or none); an alias bomb adds billions.  Nodes written
 * out are not counted: the file size bounds them. */
#define FZ_Y_MAX_WEIGHT 200000
#define FZ_Y_MAX_DEPTH  64
#define FZ_Y_MAX_FILE   (16u << 20)
/* Scalar bytes the same, so one long message repeated by aliases is bounded too: twice
 * the largest file, when every string stands for itself. */
#define FZ_Y_MAX_BYTES ((size_t)FZ_Y_MAX_FILE * 2)

/* Names and keys looked up by hash (a pack may hold any number of anchors, and a
 * map any number of keys): open addressing, at most half full. */
typedef struct S_slot {
    const void *scope; /* anchors: NULL; keys: the map */
    const char *name;
    fz_ynode *node;
} S_slot;

typedef struct S_table {
    S_slot *v;
    size_t n, cap;
} S_table;

static size_t S_hash(const void *scope, const char *s) {
    uint64_t h = 0xCBF29CE484222325u ^ (uint64_t)(uintptr_t)scope;
    for (; *s; s++) h = (h ^ (unsigned char)*s) * 0x100000001B3u;
    return (size_t)(h ^ (h >> 29));
}

static S_slot *S_find(S_table *t, const void *scope, const char *name) {
    if (!t->cap) return NULL;
    for (size_t k = S_hash(scope, name) & (t->cap - 1);; k = (k + 1) & (t->cap - 1)) {
        S_slot *e = &t->v[k];
        if (!e->name) return NULL;
        if (e->scope == scope && strcmp(e->name, name) == 0) return e;
    }
}

/* Sets name (in scope) to node; a later anchor of the same name replaces the earlier. */
static void S_put(S_table *t, const void *scope, const char *name, fz_ynode *node) {
    S_slot *e = S_find(t, scope, name);
    if (e) {
        e->node = node;
        return;
    }
    if (2 * (t->n + 1) > t->cap) {
        S_table g = {fz_xcalloc(t->cap ? 2 * t->cap : 64, sizeof *g.v), 0,
                     t->cap ? 2 * t->cap : 64};
        for (size_t i = 0; i < t->cap; i++)
            if (t->v[i].name) S_put(&g, t->v[i].scope, t->v[i].name, t->v[i].node);
        free(t->v);
        *t = g;
    }
    size_t k = S_hash(scope, name) & (t->cap - 1);
    while (t->v[k].name) k = (k + 1) & (t->cap - 1);
    t->v[k] = (S_slot){scope, name, node};
    t->n++;
}

typedef struct S_frame {
    fz_ynode *node;
    char *anchor;
} S_frame;

const char *fz_ykind_name(fz_ynode_kind k) {
    return k == FZ_Y_SCALAR ? "标量" : k == FZ_Y_SEQ ? "列表" : "映射";
}

void fz_yerror(fz_buf *errors, const fz_ydoc *d, const fz_ynode *n, const char *fmt, ...) {
    fz_buf_printf(errors, "%s:%zu:%zu: error: ", d->path, n ? n->line : 1, n ? n->col : 1);
    va_list ap;
    va_start(ap, fmt);
    fz_buf_vprintf(errors, fmt, ap);
    va_end(ap);
    fz_buf_putc(errors, '\n');
}

static void S_error_at(fz_buf *errors, const fz_ydoc *d, yaml_mark_t mark, const char *fmt,
                       const char *arg) {
    fz_buf_printf(errors, "%s:%zu:%zu: error: ", d->path, mark.line + 1, mark.column + 1);
    fz_buf_printf(errors, fmt, arg);
    fz_buf_putc(errors, '\n');
}

static fz_ynode *S_node(fz_ydoc *d, fz_ynode_kind kind, yaml_mark_t mark) {
    fz_ynode *n = fz_xcalloc(1, sizeof *n);
    n->kind = kind;
    n->line = mark.line + 1; /* libyaml marks are 0-based */
    n->col = mark.column + 1;
    n->weight = 1;
    fz_vec_push(&d->all, n);
    return n;
}

static void S_append(fz_ynode *parent, fz_ynode *child) {
    if (parent->n == parent->cap) {
        parent->cap = parent->cap ? parent->cap * 2 : 8;
        parent->items = fz_xrealloc(parent->items, parent->cap * sizeof *parent->items);
    }
    parent->items[parent->n++] = child;
    parent->weight += child->weight;
    if (parent->weight > FZ_Y_MAX_WEIGHT) parent->weight = FZ_Y_MAX_WEIGHT + 1;
    parent->bytes += child->bytes;
    if (parent->bytes > FZ_Y_MAX_BYTES) parent->bytes = FZ_Y_MAX_BYTES + 1;
}

fz_ynode *fz_ymap_get(const fz_ynode *m, const char *key) {
    if (!m || m->kind != FZ_Y_MAP) return NULL;
    for (size_t i = 0; i + 1 < m->n; i += 2)
        if (m->items[i]->kind == FZ_Y_SCALAR && strcmp(m->items[i]->str, key) == 0)
            return m->items[i + 1];
    return NULL;
}

/* Adds a finished node to the open collection on top of the stack (or makes it the root).
 * Returns false (with an error) on a duplicate or non-scalar map key. */
static bool S_attach(fz_ydoc *d, S_frame *stack, size_t depth, fz_ynode *n, S_table *keys,
                     fz_buf *errors) {
    if (depth == 0) {
        if (!d->root) d->root = n;
        return true;
    }
    fz_ynode *p = stack[depth - 1].node;
    if (p->kind == FZ_Y_MAP && p->n % 2 == 0) {
        if (n->kind != FZ_Y_SCALAR) {
            fz_yerror(errors, d, n, "映射的键必须是标量");
            return false;
        }
        if (S_find(keys, p, n->str)) {
            /* the key itself is not quoted: a file that is not a pack must not be
             * shown beyond its name and position (docs/robustness.md) */
            fz_yerror(errors, d, n, "重复的键");
            return false;
        }
        S_put(keys, p, n->str, n);
    }
    S_append(p, n);
    return true;
}

int fz_ydoc_parse(fz_ydoc *d, const char *name, const char *data, size_t len, fz_buf *errors) {
    memset(d, 0, sizeof *d);
    d->path = fz_xstrdup(name);
    yaml_parser_t parser;
    if (!yaml_parser_initialize(&parser)) abort();
    yaml_parser_set_input_string(&parser, (const unsigned char *)data, len);

    S_frame stack[FZ_Y_MAX_DEPTH];
    size_t depth = 0, ndocs = 0, added = 0; /* added: nodes the aliases stand for */
    size_t added_bytes = 0;                 /* and their scalars' bytes */
    S_table anchors = {0}, keys = {0};
    FZ_VEC(char *) names = {0}; /* the anchors' names, owned */
    bool ok = true, done = false;
    while (ok && !done) {
        yaml_event_t ev;
        if (!yaml_parser_parse(&parser, &ev)) {
            fz_buf_printf(errors, "%s:%zu:%zu: error: YAML 语法错误：%s", d->path,
                          parser.problem_mark.line + 1, parser.problem_mark.column + 1,
                          parser.problem ? parser.problem : "无法解析");
            if (parser.context) fz_buf_printf(errors, "（%s）", parser.context);
            fz_buf_putc(errors, '\n');
            ok = false;
            break;
        }
        fz_ynode *n = NULL;
        const char *anchor = NULL;
        switch (ev.type) {
        case YAML_STREAM_END_EVENT:
            done = true;
            break;
        case YAML_DOCUMENT_START_EVENT:
            if (++ndocs > 1) {
                S_error_at(errors, d, ev.start_mark, "%s", "一个文件只能有一个 YAML 文档");
                ok = false;
            }
            break;
        case YAML_SCALAR_EVENT:
            n = S_node(d, FZ_Y_SCALAR, ev.start_mark);
            n->str = fz_xstrndup((const char *)ev.data.scalar.value, ev.data.scalar.length);
            n->bytes = ev.data.scalar.length;
            n->plain = ev.data.scalar.style == YAML_PLAIN_SCALAR_STYLE;
            switch (ev.data.scalar.style) {
            case YAML_SINGLE_QUOTED_SCALAR_STYLE:
                n->style = '\'';
                break;
            case YAML_DOUBLE_QUOTED_SCALAR_STYLE:
                n->style = '"';
                break;
            case YAML_LITERAL_SCALAR_STYLE:
                n->style = '|';
                break;
            case YAML_FOLDED_SCALAR_STYLE:
                n->style = '>';
                break;
            default:
                n->style = 'p';
                break;
            }
            anchor = (const char *)ev.data.scalar.anchor;
            break;
        case YAML_SEQUENCE_START_EVENT:
        case YAML_MAPPING_START_EVENT:
            if (depth == FZ_Y_MAX_DEPTH) {
                S_error_at(errors, d, ev.start_mark, "嵌套超过 %s 层", "64");
                ok = false;
                break;
            }
            stack[depth].node = S_node(
                d, ev.type == YAML_SEQUENCE_START_EVENT ? FZ_Y_SEQ : FZ_Y_MAP, ev.start_mark);
            anchor = ev.type == YAML_SEQUENCE_START_EVENT
                         ? (const char *)ev.data.sequence_start.anchor
                         : (const char *)ev.data.mapping_start.anchor;
            stack[depth].anchor = anchor ? fz_xstrdup(anchor) : NULL;
            depth++;
            anchor = NULL;
            break;
        case YAML_SEQUENCE_END_EVENT:
        case YAML_MAPPING_END_EVENT:
            depth--;
            n = stack[depth].node;
            if (stack[depth].anchor) {
                fz_vec_push(&names, stack[depth].anchor);
                S_put(&anchors, NULL, stack[depth].anchor, n);
                stack[depth].anchor = NULL;
            }
            break;
        case YAML_ALIAS_EVENT: {
            const char *want = (const char *)ev.data.alias.anchor;
            S_slot *a = S_find(&anchors, NULL, want);
            if (a) n = a->node;
            if (!n) {
                S_error_at(errors, d, ev.start_mark, "%s", "未定义的锚点");
                ok = false;
            } else if ((added += n->weight) > FZ_Y_MAX_WEIGHT) {
                S_error_at(errors, d, ev.start_mark, "%s",
                           "别名展开后增加的节点超过 200000 个（疑似“别名炸弹”），拒绝加载");
                ok = false;
            } else if ((added_bytes += n->bytes) > FZ_Y_MAX_BYTES) {
                S_error_at(errors, d, ev.start_mark, "%s",
                           "别名展开后增加的文字超过 32 MiB（疑似“别名炸弹”），拒绝加载");
                ok = false;
            }
            break;
        }
        default:
            break;
        }
        if (ok && n) {
            if (anchor) {
                fz_vec_push(&names, fz_xstrdup(anchor));
                S_put(&anchors, NULL, names.v[names.n - 1], n);
            }
            if (!S_attach(d, stack, depth, n, &keys, errors)) ok = false;
        }
        yaml_event_delete(&ev);
    }
    while (depth) free(stack[--depth].anchor);
    for (size_t i = 0; i < names.n; i++) free(names.v[i]);
    fz_vec_free(&names);
    free(anchors.v);
    free(keys.v);
    yaml_parser_delete(&parser);
    return ok ? 0 : -1;
}

/* Opened without blocking (a FIFO named as a pack must not hang the run) and
 * judged on the opened file, so that what is checked is what is read. */
int fz_ydoc_load(fz_ydoc *d, const char *path, fz_buf *errors) {
    int fd = open(path, O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
    if (fd < 0) {
        memset(d, 0, sizeof *d);
        d->path = fz_xstrdup(path);
        fz_buf_printf(errors, "%s:1:1: error: 无法读取：%s\n", path, strerror(errno));
        return -1;
    }
    int rc = fz_ydoc_load_fd(d, fd, path, errors);
    close(fd);
    return rc;
}

int fz_ydoc_load_fd(fz_ydoc *d, int fd, const char *path, fz_buf *errors) {
    memset(d, 0, sizeof *d);
    struct stat st;
    if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
        d->path = fz_xstrdup(path);
        fz_buf_printf(errors, "%s:1:1: error: 不是普通文件\n", path);
        return -1;
    }
    fz_buf data = {0};
    char chunk[65536];
    ssize_t got = 0;
    while (data.len <= FZ_Y_MAX_FILE && (got = read(fd, chunk, sizeof chunk)) != 0) {
        if (got < 0 && errno == EINTR) continue;
        if (got < 0) break;
        fz_buf_put(&data, chunk, (size_t)got);
    }
    int read_errno = got < 0 ? errno : 0;
    int rc;
    if (read_errno) {
        d->path = fz_xstrdup(path);
        fz_buf_printf(errors, "%s:1:1: error: 无法读取：%s\n", path, strerror(read_errno));
        rc = -1;
    } else if (data.len > FZ_Y_MAX_FILE) {
        d->path = fz_xstrdup(path);
        fz_buf_printf(errors, "%s:1:1: error: 文件过大（超过 16 MiB）\n", path);
        rc = -1;
    } else {
        rc = fz_ydoc_parse(d, path, data.ptr ? data.ptr : "", data.len, errors);
    }
    fz_buf_free(&data);
    return rc;
}

void fz_ydoc_free(fz_ydoc *d) {
    for (size_t i = 0; i < d->all.n; i++) {
        free(d->all.v[i]->str);
        free(d->all.v[i]->items);
        free(d->all.v[i]);
    }
    fz_vec_free(&d->all);
    free(d->path);
    memset(d, 0, sizeof *d);
}
