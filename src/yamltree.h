/*
 * yamltree.h - a YAML file read into a small tree that remembers where each node
 * came from (1-based line and column), for rule packs and config files.
 * Aliases point at their anchor's node (shared, never copied); their expanded size
 * is bounded so an alias bomb is an error, not an explosion.
 */
#ifndef FZ_YAMLTREE_H
#define FZ_YAMLTREE_H

#include <stdbool.h>
#include <stddef.h>

#include "util.h"

typedef enum fz_ynode_kind { FZ_Y_SCALAR, FZ_Y_SEQ, FZ_Y_MAP } fz_ynode_kind;

typedef struct fz_ynode fz_ynode;
struct fz_ynode {
    fz_ynode_kind kind;
    size_t line, col; /* 1-based */
    char *str;        /* scalars */
    bool plain;       /* an unquoted scalar (so `off` and `12` are not strings) */
    char style;       /* scalars: 'p' plain, '\'' or '"' quoted, '|' or '>' block */
    fz_ynode **items; /* sequences: items; maps: key, value, key, value ... */
    size_t n;         /* number of items (maps: twice the number of pairs) */
    size_t cap;
    size_t weight; /* nodes it stands for with aliases expanded (bounded) */
    size_t bytes;  /* scalar bytes it stands for with aliases expanded (bounded) */
};

typedef struct fz_ydoc {
    char *path;
    fz_ynode *root; /* NULL for an empty file */
    FZ_VEC(fz_ynode *) all;
} fz_ydoc;

/* Reads path; on error appends "PATH:LINE:COL: error: ..." lines and returns -1. */
int fz_ydoc_load(fz_ydoc *d, const char *path, fz_buf *errors);
/* Same from an open file descriptor (not closed); refuses what is not a regular file. */
int fz_ydoc_load_fd(fz_ydoc *d, int fd, const char *path, fz_buf *errors);
/* Same from memory (name is used in messages). */
int fz_ydoc_parse(fz_ydoc *d, const char *name, const char *data, size_t len, fz_buf *errors);
void fz_ydoc_free(fz_ydoc *d);

/* Appends "PATH:LINE:COL: error: MESSAGE\n" for node n (or 1:1 when n is NULL). */
void fz_yerror(fz_buf *errors, const fz_ydoc *d, const fz_ynode *n, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
/* Value of key in map m, or NULL. */
fz_ynode *fz_ymap_get(const fz_ynode *m, const char *key);
const char *fz_ykind_name(fz_ynode_kind k);

#endif
