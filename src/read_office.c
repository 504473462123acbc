/* read_office.c - .doc, .wps, .odt and .rtf: converted to .docx by LibreOffice
 * (soffice --headless --convert-to docx) in a private temporary folder with its own
 * profile and a time limit, then read by the .docx reader.  Without soffice on PATH,
 * the message says how to install it or convert the file. */
#define _GNU_SOURCE /* memmem */
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "docx.h"

extern char **environ;
extern const fz_reader fz_reader_docx;

#define DEFAULT_TIMEOUT 120 /* seconds: a long .doc on a busy machine takes 10-20 */

static const char *S_kind(const unsigned char *b, size_t len) {
    static const char odt[] = "mimetypeapplication/vnd.oasis.opendocument.text";
    if (docx_is_ole(b, len) && !docx_ole_encrypted(b, len)) return "doc";
    if (len > 30 + sizeof odt && b[0] == 'P' && b[1] == 'K' &&
        memmem(b, len < 200 ? len : 200, odt, sizeof odt - 1))
        return "odt";
    if (len >= 5 && !memcmp(b, "{\\rtf", 5)) return "rtf";
    return NULL;
}

static bool S_sniff(const unsigned char *bytes, size_t len, const char *path) {
    (void)path;
    return S_kind(bytes, len) != NULL;
}

/* The full path of an executable on PATH, or NULL. */
static char *S_which(const char *name) {
    const char *path = getenv("PATH");
    if (!path) return NULL;
    fz_buf b = {0};
    for (const char *p = path;; p++) {
        const char *e = strchr(p, ':');
        size_t n = e ? (size_t)(e - p) : strlen(p);
        b.len = 0;
        fz_buf_printf(&b, "%.*s/%s", (int)n, n ? p : ".", name);
        struct stat st;
        if (stat(b.ptr, &st) == 0 && S_ISREG(st.st_mode) && access(b.ptr, X_OK) == 0)
            return fz_buf_detach(&b);
        if (!e) break;
        p = e;
    }
    fz_buf_free(&b);
    return NULL;
}

static int S_rm(const char *path, const struct stat *st, int flag, struct FTW *ftw) {
    (void)st, (void)flag, (void)ftw;
    remove(path);
    return 0;
}

static int S_write_file(const char *path, const unsigned char *b, size_t len) {
    int fd = open(path, O_WRONLY | O_CREAT | O_EXCL, 0600);
    if (fd < 0) return -1;
    size_t off = 0;
    while (off < len) {
        ssize_t n = write(fd, b + off, len - off);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) break;
        off += (size_t)n;
    }
    return close(fd) == 0 && off == len ? 0 : -1;
}

static int S_read_file(const char *path, fz_buf *out) {
    FILE *f = fopen(path, "rb");
    if (!f) return -1;
    char chunk[65536];
    size_t n;
    while ((n = fread(chunk, 1, sizeof chunk, f)) > 0) fz_buf_put(out, chunk, n);
    int rc = ferror(f) ? -1 : 0;
    fclose(f);
    return rc;
}

/* file:// URL of a local path, percent-encoding what is not unreserved. */
static void S_file_url(fz_buf *b, const char *path) {
    fz_buf_puts(b, "file://");
    fz_buf_put_percent(b, path);
}

/* Runs soffice on in, into outdir, within timeout seconds: 0, or -1 with why in err. */
static int S_convert(const char *soffice, const char *dir, const char *in, unsigned timeout,
                     const char *path, fz_buf *err) {
    fz_buf profile = {0}, outdir = {0};
    fz_buf_puts(&profile, "-env:UserInstallation=");
    fz_buf tmp = {0};
    fz_buf_printf(&tmp, "%s/profile", dir);
    S_file_url(&profile, tmp.ptr);
    fz_buf_free(&tmp);
    fz_buf_printf(&outdir, "%s/out", dir);
    char *argv[] = {(char *)soffice, profile.ptr,     "--headless",   "--norestore",
                    "--nologo",      "--nolockcheck", "--convert-to", "docx",
                    "--outdir",      outdir.ptr,      (char *)in,     NULL};
    posix_spawn_file_actions_t fa;
    posix_spawnattr_t attr;
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
    posix_spawn_file_actions_addopen(&fa, 1, "/dev/null", O_WRONLY, 0);
    posix_spawn_file_actions_addopen(&fa, 2, "/dev/null", O_WRONLY, 0);
    posix_spawnattr_init(&attr);
    /* its own process group: a timeout kills soffice.bin too */
    posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETPGROUP);
    posix_spawnattr_setpgroup(&attr, 0);
    pid_t pid;
    int rc = posix_spawn(&pid, soffice, &fa, &attr, argv, environ);
    posix_spawn_file_actions_destroy(&fa);
    posix_spawnattr_destroy(&attr);
    fz_buf_free(&profile);
    fz_buf_free(&outdir);
    if (rc != 0) {
        fz_buf_printf(err, "fzlint: '%s': 无法启动 LibreOffice（%s）：%s\n", path, soffice,
                      strerror(rc));
        return -1;
    }
    struct timespec start, now, nap = {0, 20 * 1000 * 1000};
    clock_gettime(CLOCK_MONOTONIC, &start);
    int status = 0;
    for (;;) {
        pid_t w = waitpid(pid, &status, WNOHANG);
        if (w == pid) break;
        if (w < 0 && errno != EINTR) {
            status = -1;
            break;
        }
        clock_gettime(CLOCK_MONOTONIC, &now);
        if (now.tv_sec - start.tv_sec >= (time_t)timeout) {
            kill(-pid, SIGKILL);
            kill(pid, SIGKILL);
            while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
            }
            fz_buf_printf(err, "fzlint: '%s': LibreOffice 转换超过 %u 秒未完成，已终止，未检查\n",
                          path, timeout);
            return -1;
        }
        nanosleep(&nap, NULL);
    }
    /* soffice.bin may have left helpers in the group */
    kill(-pid, SIGKILL);
    if (status == -1 || !WIFEXITED(status) || WEXITSTATUS(status) != 0) {
        fz_buf_printf(err, "fzlint: '%s': LibreOffice 转换失败（退出状态 %d），未检查\n", path,
                      WIFEXITED(status) ? WEXITSTATUS(status) : -1);
        return -1;
    }
    return 0;
}

static int S_read(const unsigned char *bytes, size_t len, const char *path,
                  const fz_read_opts *opts, fz_doc *doc, fz_buf *err) {
    const char *kind = S_kind(bytes, len);
    char *soffice = S_which("soffice");
    if (!soffice) soffice = S_which("libreoffice");
    if (!soffice) {
        fz_buf_printf(err,
                      "fzlint: '%s': .%s 文件要先由 LibreOffice 转换为 .docx 才能检查，但 PATH "
                      "中没有 soffice；请安装 LibreOffice（Debian/Ubuntu：sudo apt install "
                      "libreoffice-writer-nogui），或在 Word/WPS 中另存为 .docx 后再检查\n",
                      path, kind ? kind : "doc");
        return -1;
    }
    const char *tmpdir = getenv("TMPDIR");
    fz_buf dir = {0};
    fz_buf_printf(&dir, "%s/fzlint-office-XXXXXX", tmpdir && *tmpdir ? tmpdir : "/tmp");
    if (!mkdtemp(dir.ptr)) {
        fz_buf_printf(err, "fzlint: '%s': 无法创建临时文件夹 %s：%s\n", path, dir.ptr,
                      strerror(errno));
        fz_buf_free(&dir);
        free(soffice);
        return -1;
    }
    fz_buf in = {0}, out = {0}, converted = {0};
    fz_buf_printf(&in, "%s/input.%s", dir.ptr, kind ? kind : "doc");
    fz_buf_printf(&out, "%s/out/input.docx", dir.ptr);
    unsigned timeout = opts && opts->office_timeout ? opts->office_timeout : DEFAULT_TIMEOUT;
    int rc = -1;
    if (S_write_file(in.ptr, bytes, len) != 0)
        fz_buf_printf(err, "fzlint: '%s': 无法写入临时文件 %s：%s\n", path, in.ptr,
                      strerror(errno));
    else if (S_convert(soffice, dir.ptr, in.ptr, timeout, path, err) != 0)
        ;
    else if (S_read_file(out.ptr, &converted) != 0)
        fz_buf_printf(
            err, "fzlint: '%s': LibreOffice 未能转换此文件（文件可能已损坏或设有密码），未检查\n",
            path);
    else
        rc = fz_reader_docx.read((const unsigned char *)converted.ptr, converted.len, path, opts,
                                 doc, err);
    if (rc == 0) {
        static const char *const names[] = {"doc (LibreOffice)", "odt (LibreOffice)",
                                            "rtf (LibreOffice)"};
        doc->format = !strcmp(kind, "odt") ? names[1] : !strcmp(kind, "rtf") ? names[2] : names[0];
        doc->package = converted; /* --annotate writes from it */
        converted = (fz_buf){0};
    }
    nftw(dir.ptr, S_rm, 16, FTW_DEPTH | FTW_PHYS);
    fz_buf_free(&converted);
    fz_buf_free(&in);
    fz_buf_free(&out);
    fz_buf_free(&dir);
    free(soffice);
    return rc;
}

const fz_reader fz_reader_office = {.name = "office", .sniff = S_sniff, .read = S_read};
