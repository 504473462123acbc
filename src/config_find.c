/*
 * config_find.c - which .fzlint.yaml governs a report, and whether to trust it.
 * The model follows git's safe.directory: a config decides what a CI gate lets
 * through, so it is taken only from folders and files the user (or root) owns,
 * that nobody else can write, and not from above the repository (docs/robustness.md).
 */
#include "config.h"

#include <errno.h>
#include <grp.h>
#include <limits.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* Debian and Ubuntu give each user a group of their own and a umask of 002, so a
 * group-writable file is common and harmless when nobody else is in its group
 * (the rule OpenSSH's StrictModes follows on Debian). */
static bool S_private_group(const struct stat *st) {
    char buf[16384];
    struct passwd pw, *pwp = NULL;
    struct group gr, *grp = NULL;
    if (getpwuid_r(st->st_uid, &pw, buf, sizeof buf, &pwp) != 0 || !pwp) return false;
    if (pw.pw_gid != st->st_gid) return false;
    char name[256];
    snprintf(name, sizeof name, "%s", pw.pw_name);
    if (getgrgid_r(st->st_gid, &gr, buf, sizeof buf, &grp) != 0 || !grp) return false;
    for (char **m = gr.gr_mem; m && *m; m++)
        if (strcmp(*m, name)) return false;
    return true;
}

static bool S_trusted_owner(uid_t uid) {
    return uid == geteuid() || uid == 0;
}

const char *fz_config_distrust(const struct stat *st) {
    if (!S_trusted_owner(st->st_uid)) return "owned by another user";
    if (st->st_mode & S_IWOTH) return "writable by everyone";
    if ((st->st_mode & S_IWGRP) && !S_private_group(st)) return "writable by its group";
    return NULL;
}

static void S_warn(fz_config_finder *f, const char *path, const char *why) {
    for (size_t i = 0; i < f->warned.n; i++)
        if (!strcmp(f->warned.v[i], path)) return;
    fz_vec_push(&f->warned, fz_xstrdup(path));
    fz_buf_puts(&f->warnings, "fzlint: warning: ignoring '");
    fz_buf_put_visible(&f->warnings, path, strlen(path));
    fz_buf_printf(&f->warnings, "': %s (name it with --config to use it anyway)\n", why);
}

char *fz_path_folder(const char *path) {
    char *copy = fz_xstrdup(strcmp(path, "-") ? path : "./-");
    char *slash = strrchr(copy, '/');
    const char *dir = ".";
    if (slash == copy)
        dir = "/";
    else if (slash)
        *slash = '\0', dir = copy;
    char buf[PATH_MAX];
    char *res = realpath(dir, buf) ? fz_xstrdup(buf) : NULL;
    int saved = errno;
    free(copy);
    errno = saved;
    return res;
}

/* One folder of the search: 1 = stop here (with *found set when a config was taken),
 * 0 = go on to the parent. */
static int S_visit(fz_config_finder *f, const char *dir, char **found) {
    struct stat ds, ls, st;
    fz_buf p = {0};
    fz_buf_printf(&p, "%s/%s", strcmp(dir, "/") ? dir : "", FZ_CONFIG_NAME);
    bool here = lstat(p.ptr, &ls) == 0;
    if (lstat(dir, &ds) != 0 || !S_trusted_owner(ds.st_uid)) {
        if (here) S_warn(f, p.ptr, "its folder is owned by another user");
        fz_buf_free(&p);
        return 1;
    }
    if (here) {
        const char *why = NULL;
        if (stat(p.ptr, &st) != 0)
            why = strerror(errno);
        else if (!S_ISREG(st.st_mode))
            why = "not a regular file";
        else if (S_ISLNK(ls.st_mode) && !S_trusted_owner(ls.st_uid))
            why = "a link owned by another user";
        else
            why = fz_config_distrust(&st);
        if (!why) {
            *found = fz_buf_detach(&p);
            return 1;
        }
        S_warn(f, p.ptr, why);
    }
    /* The repository root: a config above it belongs to someone else's tree. */
    p.len = 0;
    fz_buf_printf(&p, "%s/.git", strcmp(dir, "/") ? dir : "");
    bool root = lstat(p.ptr, &ls) == 0;
    fz_buf_free(&p);
    return root;
}

int fz_config_find(fz_config_finder *f, const char *report_path, char **found, fz_buf *errors) {
    *found = NULL;
    char *dir = fz_path_folder(report_path);
    if (!dir) {
        /* A missing folder fails when the report is read; a folder whose name is too
         * long to resolve must not quietly lose its configuration. */
        if (errno != ENAMETOOLONG) return 0;
        fz_buf_printf(errors,
                      "fzlint: cannot look for %s above '%s': %s (name one with --config)\n",
                      FZ_CONFIG_NAME, report_path, strerror(errno));
        return -1;
    }
    if (f->last_dir && !strcmp(f->last_dir, dir)) {
        *found = f->last_found ? fz_xstrdup(f->last_found) : NULL;
        free(dir);
        return 0;
    }
    free(f->last_dir);
    free(f->last_found);
    f->last_dir = fz_xstrdup(dir);
    for (;;) {
        if (S_visit(f, dir, found)) break;
        char *slash = strrchr(dir, '/');
        if (!slash || !strcmp(dir, "/")) break;
        if (slash == dir)
            slash[1] = '\0';
        else
            *slash = '\0';
    }
    free(dir);
    f->last_found = *found ? fz_xstrdup(*found) : NULL;
    return 0;
}

void fz_config_finder_free(fz_config_finder *f) {
    free(f->last_dir);
    free(f->last_found);
    for (size_t i = 0; i < f->warned.n; i++) free(f->warned.v[i]);
    fz_vec_free(&f->warned);
    fz_buf_free(&f->warnings);
    memset(f, 0, sizeof *f);
}
