/*
 * replay.c - runs a fuzz harness over saved inputs, without libFuzzer.
 *
 * Linked with one fuzz_*.c, it feeds every file named on the command
 * line (directories: every file in them) to LLVMFuzzerTestOneInput, so
 * the seed corpus and the regression files of crashes and hangs are
 * replayed by every ctest run, in any build (gcc, ASan, valgrind).
 */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "fileio.h"
#include "fuzz_common.h"

int LLVMFuzzerInitialize(int *argc, char ***argv) __attribute__((weak));

/* Feeds one file to the harness; false when it cannot be read. */
static bool
replay_file(const char *path)
{
    char *data;
    size_t len;
    lex_err_t err;
    if (lex_read_file(path, LEX_MAX_FILE_BYTES, &data, &len, &err) != LEX_OK) {
        fprintf(stderr, "replay: %s\n", err.msg);
        return false;
    }
    LLVMFuzzerTestOneInput((const uint8_t *)data, len);
    free(data);
    return true;
}

/* Replays every regular file of a directory, in name order. */
static int
replay_dir(const char *dir, size_t *count)
{
    struct dirent **names;
    int n = scandir(dir, &names, NULL, alphasort);
    int failures = 0;
    if (n < 0) {
        perror(dir);
        return 1;
    }
    for (int i = 0; i < n; i++) {
        char path[4096];
        struct stat sb;
        snprintf(path, sizeof path, "%s/%s", dir, names[i]->d_name);
        if (names[i]->d_name[0] != '.' && stat(path, &sb) == 0 &&
            S_ISREG(sb.st_mode)) {
            failures += !replay_file(path);
            ++*count;
        }
        free(names[i]);
    }
    free(names);
    return failures;
}

/* Replays every file and directory named on the command line. */
int
main(int argc, char **argv)
{
    size_t count = 0;
    int failures = 0;
    if (LLVMFuzzerInitialize)
        LLVMFuzzerInitialize(&argc, &argv);
    for (int i = 1; i < argc; i++) {
        struct stat sb;
        if (stat(argv[i], &sb) == 0 && S_ISDIR(sb.st_mode))
            failures += replay_dir(argv[i], &count);
        else {
            failures += !replay_file(argv[i]);
            count++;
        }
    }
    printf("replayed %zu inputs, %d unreadable\n", count, failures);
    return failures ? 1 : 0;
}
