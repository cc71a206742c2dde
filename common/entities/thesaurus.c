/*
 * thesaurus.c - reading the thesaurus file and finding data files.
 */
#include "thesaurus.h"

#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "buf.h"
#include "fileio.h"
#include "hash.h"
#include "tsv.h"

#define MAX_THESAURUS_BYTES (4u << 20)

/* What a byte of a phrase may be: in an English word, a space between
   words, or a byte of a Chinese (non-ASCII) phrase. */
enum { NOT_IN_PHRASE, WORD_BYTE, SPACE_BYTE, CHINESE_BYTE };

/* Every phrase byte is classified once through this table: the file is
   read by every lexsearch process. */
#define N NOT_IN_PHRASE
#define W WORD_BYTE
#define S SPACE_BYTE
#define C CHINESE_BYTE
static const unsigned char PHRASE_BYTE[256] = {
    /* 0x00 */ N, N, N, N, N, N, N, N, N, N, N, N, N, N, N, N,
    /* 0x10 */ N, N, N, N, N, N, N, N, N, N, N, N, N, N, N, N,
    /* 0x20 */ S, N, N, N, N, N, N, N, N, N, N, N, N, W, N, N,
    /* 0x30 */ W, W, W, W, W, W, W, W, W, W, N, N, N, N, N, N,
    /* 0x40 */ N, N, N, N, N, N, N, N, N, N, N, N, N, N, N, N,
    /* 0x50 */ N, N, N, N, N, N, N, N, N, N, N, N, N, N, N, N,
    /* 0x60 */ N, W, W, W, W, W, W, W, W, W, W, W, W, W, W, W,
    /* 0x70 */ W, W, W, W, W, W, W, W, W, W, W, N, N, N, N, N,
    /* 0x80 */ C, C, C, C, C, C, C, C, C, C, C, C, C, C, C, C,
    /* 0x90 */ C, C, C, C, C, C, C, C, C, C, C, C, C, C, C, C,
    /* 0xA0 */ C, C, C, C, C, C, C, C, C, C, C, C, C, C, C, C,
    /* 0xB0 */ C, C, C, C, C, C, C, C, C, C, C, C, C, C, C, C,
    /* 0xC0 */ C, C, C, C, C, C, C, C, C, C, C, C, C, C, C, C,
    /* 0xD0 */ C, C, C, C, C, C, C, C, C, C, C, C, C, C, C, C,
    /* 0xE0 */ C, C, C, C, C, C, C, C, C, C, C, C, C, C, C, C,
    /* 0xF0 */ C, C, C, C, C, C, C, C, C, C, C, C, C, C, C, C,
};
#undef N
#undef W
#undef S
#undef C

/* True when s (n bytes) is one run of non-ASCII (Chinese) characters,
   or 1-4 lower-case words of letters, digits and hyphens, one space
   apart. */
static bool
valid_phrase(const char *s, size_t n)
{
    const unsigned char *u = (const unsigned char *)s;
    size_t count[4] = {0, 0, 0, 0};
    bool spaced = n == 0 || u[0] == ' ' || u[n - 1] == ' ';
    for (size_t i = 0; i < n; i++) {
        unsigned c = PHRASE_BYTE[u[i]];
        count[c]++;
        spaced |= c == SPACE_BYTE && u[i + 1] == ' ';
    }
    if (n > 0 && count[CHINESE_BYTE] == n)
        return true;
    return !spaced && count[NOT_IN_PHRASE] + count[CHINESE_BYTE] == 0 &&
           count[SPACE_BYTE] < 4;
}

/*
 * A loaded thesaurus: the public part first, so that lex_thesaurus_free
 * finds the rest from it.  The phrases point into text, the file split
 * in place; each group's phrases are a slice of slots.
 */
typedef struct {
    lex_thesaurus_t th;
    char *text;
    char **slots;
} loaded_t;

/*
 * A file being read.  Its lines are split in place (a NUL for each TAB
 * and newline), so the phrases are pointers into the text; a group's
 * phrases are a slice of slots, which the groups are given once the
 * file is read and slots no longer moves.  seen finds a phrase of the
 * groups read so far in one probe, where a scan of every earlier group
 * made loading quadratic in the file's size.
 */
typedef struct {
    loaded_t *th;
    size_t n_slots, cap_slots, cap_groups;
    lex_table_t seen; /* indices into th->slots */
    uint64_t hash;    /* so far, of what th->hash is of */
    const char *path;
    lex_err_t *err;
} loader_t;

/* Phrase i of the file being read. */
static const char *
phrase_at(const void *ctx, uint32_t i)
{
    return ((const loader_t *)ctx)->th->slots[i];
}

/* Appends phrase p (NUL-terminated in the text) to the slots. */
static bool
add_slot(loader_t *ld, char *p)
{
    loaded_t *th = ld->th;
    char **slots =
        lex_grow(th->slots, ld->n_slots, &ld->cap_slots, sizeof *slots);
    if (!slots || ld->n_slots >= LEX_TABLE_EMPTY)
        return false;
    th->slots = slots;
    slots[ld->n_slots++] = p;
    return true;
}

typedef enum { FILED, IN_EARLIER_GROUP, NO_MEMORY } filing_t;

/*
 * Files slot i (phrase p, n bytes) in seen, unless p is already there;
 * says whether it was there from a group before the one that starts at
 * slot first (a phrase repeated within its own group is no error).
 */
static filing_t
file_phrase(loader_t *ld, size_t i, const char *p, size_t n, size_t first)
{
    if (!lex_table_reserve(&ld->seen))
        return NO_MEMORY;
    uint32_t *slot = lex_table_slot(&ld->seen, p, n);
    if (*slot == LEX_TABLE_EMPTY)
        lex_table_fill(&ld->seen, slot, (uint32_t)i);
    return *slot < first ? IN_EARLIER_GROUP : FILED;
}

/* Adds a group of the slots from first on; give_phrases points it at
   them once they no longer move. */
static bool
add_group(loader_t *ld, size_t first)
{
    lex_thesaurus_t *th = &ld->th->th;
    lex_syn_group_t *groups =
        lex_grow(th->groups, th->n, &ld->cap_groups, sizeof *groups);
    if (!groups)
        return false;
    th->groups = groups;
    groups[th->n++] = (lex_syn_group_t){NULL, ld->n_slots - first};
    return true;
}

/*
 * Parses one group line (line[0..len), which this splits in place) into
 * a new group of ld's thesaurus, and adds it to the text hashed.
 */
static lex_status_t
parse_group(loader_t *ld, char *line, size_t len, unsigned lineno)
{
    ld->hash = lex_hash64_more(ld->hash, "\n", 1);
    ld->hash = lex_hash64_more(ld->hash, line, len);
    ld->hash = lex_hash64_more(ld->hash, "\t", 1);
    size_t first = ld->n_slots, pos = 0, n;
    const char *field;
    while (lex_tsv_next(line, len, &pos, &field, &n)) {
        char *p = line + (field - line);
        p[n] = '\0';
        if (!add_slot(ld, p))
            return lex_err_set(ld->err, LEX_ENOMEM, "%s: out of memory",
                               ld->path);
        if (!valid_phrase(p, n))
            return lex_err_set(
                ld->err, LEX_EPARSE,
                "%s:%u: '%s' is not 1-4 lower-case words or a Chinese phrase",
                ld->path, lineno, p);
        filing_t filed = file_phrase(ld, ld->n_slots - 1, p, n, first);
        if (filed == NO_MEMORY)
            return lex_err_set(ld->err, LEX_ENOMEM, "%s: out of memory",
                               ld->path);
        if (filed == IN_EARLIER_GROUP)
            return lex_err_set(ld->err, LEX_EPARSE,
                               "%s:%u: '%s' is already in another group",
                               ld->path, lineno, p);
    }
    if (ld->n_slots - first < 2)
        return lex_err_set(ld->err, LEX_EPARSE,
                           "%s:%u: a group needs two or more TAB-separated "
                           "phrases",
                           ld->path, lineno);
    if (!add_group(ld, first))
        return lex_err_set(ld->err, LEX_ENOMEM, "%s: out of memory", ld->path);
    return LEX_OK;
}

/* Points each group at its slice of the slots, which no longer move:
   the groups' phrases follow each other there. */
static void
give_phrases(loaded_t *loaded)
{
    lex_thesaurus_t *th = &loaded->th;
    size_t at = 0;
    for (size_t g = 0; g < th->n; g++) {
        th->groups[g].phrases = loaded->slots + at;
        at += th->groups[g].n;
    }
}

/*
 * Reads the whole file, group by group.  th->hash is of the groups as
 * loaded, each "\n" then its phrases each followed by a TAB: the line
 * itself, as a group line is its phrases TAB-separated.
 */
lex_status_t
lex_thesaurus_load(const char *path, lex_thesaurus_t **out, lex_err_t *err)
{
    char *data;
    size_t len;
    *out = NULL;
    lex_status_t st =
        lex_read_file(path, MAX_THESAURUS_BYTES, &data, &len, err);
    if (st != LEX_OK)
        return st;
    loaded_t *th = calloc(1, sizeof *th);
    loader_t ld = {th, 0, 0, 0, {0}, LEX_HASH64_EMPTY, path, err};
    if (!th || !lex_table_init(&ld.seen, 10, phrase_at, &ld)) {
        free(data);
        free(th);
        return lex_err_set(err, LEX_ENOMEM, "%s: out of memory", path);
    }
    th->text = data;
    unsigned lineno = 0;
    for (size_t pos = 0; pos < len && st == LEX_OK;) {
        char *nl = memchr(data + pos, '\n', len - pos);
        size_t end = nl ? (size_t)(nl - data) : len;
        size_t n = end - pos;
        lineno++;
        if (n > 0 && data[pos + n - 1] == '\r')
            n--;
        if (n > 0 && data[pos] != '#')
            st = parse_group(&ld, data + pos, n, lineno);
        pos = end + 1;
    }
    give_phrases(th);
    if (st == LEX_OK)
        th->th.hash = ld.hash;
    lex_table_free(&ld.seen);
    if (st != LEX_OK) {
        lex_thesaurus_free(&th->th);
        return st;
    }
    *out = &th->th;
    return LEX_OK;
}

lex_status_t
lex_thesaurus_load_default(lex_thesaurus_t **out, lex_err_t *err)
{
    char *path = NULL;
    *out = NULL;
    lex_status_t st = lex_data_file("thesaurus.tsv", &path, err);
    if (st == LEX_OK)
        st = lex_thesaurus_load(path, out, err);
    free(path);
    return st;
}

/* th is the first member of the loaded_t that lex_thesaurus_load made. */
void
lex_thesaurus_free(lex_thesaurus_t *th)
{
    if (!th)
        return;
    loaded_t *loaded = (loaded_t *)th;
    free(th->groups);
    free(loaded->slots);
    free(loaded->text);
    free(loaded);
}

/* Tries dir/name; on success stores the malloc'd path. */
static bool
try_dir(const char *dir, const char *name, char **out)
{
    lex_buf_t b = LEX_BUF_INIT;
    lex_buf_printf(&b, "%s/%s", dir, name);
    if (!lex_buf_failed(&b) && access(lex_buf_str(&b), R_OK) == 0) {
        *out = lex_buf_steal(&b);
        return *out != NULL;
    }
    lex_buf_free(&b);
    return false;
}

/* The data directories that exist, found once per process (a process
   looks for three or four data files): PROGRAM_DIR/../share/lexsearch,
   where cmake --install --prefix P puts the data for programs in P/bin
   wherever P is ("" when it is not there), and whether the install
   location is there. */
static char beside_program[4096 + sizeof "/../share/lexsearch"];
static bool install_dir_there;
static pthread_once_t data_dirs_once = PTHREAD_ONCE_INIT;

/* Fills beside_program and install_dir_there (pthread_once). */
static void
find_data_dirs(void)
{
    char exe[4096];
    ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
    char *slash = n > 0 ? (exe[n] = '\0', strrchr(exe, '/')) : NULL;
    if (slash) {
        *slash = '\0';
        snprintf(beside_program, sizeof beside_program, "%s/../share/lexsearch",
                 exe);
        if (access(beside_program, X_OK) != 0)
            beside_program[0] = '\0';
    }
    install_dir_there = access(LEX_INSTALL_DATADIR, X_OK) == 0;
}

/* $LEXSEARCH_DATADIR, the install location, then the source tree. */
lex_status_t
lex_data_file(const char *name, char **out, lex_err_t *err)
{
    const char *env = getenv("LEXSEARCH_DATADIR");
    *out = NULL;
    if (env && *env) {
        if (try_dir(env, name, out))
            return LEX_OK;
        return lex_err_set(err, LEX_EIO, "%s/%s: not found (LEXSEARCH_DATADIR)",
                           env, name);
    }
    pthread_once(&data_dirs_once, find_data_dirs);
    if ((beside_program[0] && try_dir(beside_program, name, out)) ||
        (install_dir_there && try_dir(LEX_INSTALL_DATADIR, name, out)) ||
        try_dir(LEX_SOURCE_DATADIR, name, out))
        return LEX_OK;
    return lex_err_set(err, LEX_EIO,
                       "%s: not found in %s (set LEXSEARCH_DATADIR)", name,
                       LEX_INSTALL_DATADIR);
}
