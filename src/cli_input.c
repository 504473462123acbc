/* cli_input.c - the command line's inputs: folders walked in sorted order, files opened
 * without blocking on a FIFO or reading a device, read whole within a size cap. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"

#define MAX_DIR_DEPTH 64 /* folders nest no deeper (and loops end) */

static int S_cmp_str(const void *a, const void *b) {
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static bool S_ends_with(const char *s, const char *suffix) {
    size_t n = strlen(s), k = strlen(suffix);
    return n >= k && strcmp(s + n - k, suffix) == 0;
}

/* Collects the files a reader wants (read.c) below dir in sorted order; symlinked folders are not
 * followed. */
int fz_cli_walk(const char *dir, int depth, path_list *out) {
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
            if (fz_cli_walk(p.ptr, depth + 1, out) != 0) rc = -1;
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
int fz_cli_read(const char *path, bool walked, fz_buf *out, fz_buf *err) {
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
    if (regular && (unsigned long long)st.st_size > FZ_MAX_FILE_BYTES) {
        fz_buf_printf(err, "fzlint: '%s': larger than %zu MiB, skipped\n", path,
                      FZ_MAX_FILE_BYTES >> 20);
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
        if (out->len + n > FZ_MAX_FILE_BYTES) {
            fz_buf_printf(err, "fzlint: '%s': larger than %zu MiB, skipped\n", path,
                          FZ_MAX_FILE_BYTES >> 20);
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

int fz_cli_read_doc(const char *path, bool walked, const fz_ruleset *rs, fz_doc *doc, fz_buf *keep,
                    fz_buf *err) {
    fz_buf bytes = {0};
    int rc = fz_cli_read(path, walked, &bytes, err);
    if (rc == 0)
        rc = fz_read_bytes((const unsigned char *)bytes.ptr, bytes.len, path,
                           fz_ruleset_profile(rs), doc, err);
    if (keep && rc == 0)
        *keep = bytes;
    else
        fz_buf_free(&bytes);
    return rc;
}
