/*
 * fileio.c - whole-file reads with a size limit and errors naming the file.
 */
#include "fileio.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "buf.h"

/* Reads at most max_bytes + 1 bytes so an oversized file is detected. */
lex_status_t
lex_read_file(const char *path, size_t max_bytes, char **data, size_t *len,
              lex_err_t *err)
{
    *data = NULL;
    *len = 0;
    FILE *f = fopen(path, "rb");
    if (!f)
        return lex_err_set(err, LEX_EIO, "%s: %s", path, strerror(errno));
    struct stat sb;
    if (fstat(fileno(f), &sb) == 0 && !S_ISREG(sb.st_mode)) {
        fclose(f);
        return lex_err_set(err, LEX_EIO, "%s: not a regular file", path);
    }
    if (sb.st_size > 0 && (unsigned long long)sb.st_size > max_bytes) {
        fclose(f);
        return lex_err_set(err, LEX_ELIMIT,
                           "%s: file is larger than the %zu MiB limit", path,
                           max_bytes >> 20);
    }
    /* cap bytes allocated, the last kept for the NUL */
    size_t cap = (sb.st_size > 0 ? (size_t)sb.st_size + 1 : 4096) + 1, n = 0;
    char *buf = malloc(cap);
    while (buf) {
        size_t got = fread(buf + n, 1, cap - 1 - n, f);
        n += got;
        if (n > max_bytes || got == 0 || n < cap - 1)
            break;
        char *bigger = lex_grow(buf, cap, &cap, 1); /* full: doubles */
        if (!bigger)
            free(buf);
        buf = bigger;
    }
    int read_error = ferror(f);
    fclose(f);
    if (!buf)
        return lex_err_set(err, LEX_ENOMEM, "%s: out of memory", path);
    if (read_error) {
        free(buf);
        return lex_err_set(err, LEX_EIO, "%s: read error", path);
    }
    if (n > max_bytes) {
        free(buf);
        return lex_err_set(err, LEX_ELIMIT,
                           "%s: file is larger than the %zu MiB limit", path,
                           max_bytes >> 20);
    }
    buf[n] = '\0';
    *data = buf;
    *len = n;
    return LEX_OK;
}

lex_status_t
lex_sync_path(const char *path, lex_err_t *err)
{
    int fd = open(path, O_RDONLY);
    if (fd < 0)
        return lex_err_set(err, LEX_EIO, "cannot open %s: %s", path,
                           strerror(errno));
    lex_status_t st = LEX_OK;
    if (fsync(fd) != 0)
        st = lex_err_set(err, LEX_EIO, "cannot sync %s: %s", path,
                         strerror(errno));
    close(fd);
    return st;
}
