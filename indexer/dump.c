/*
 * dump.c - lexindex --dump: what the parser made of a bulletin.
 *
 * "Why did my bulletin split like that?"  The dump answers with the
 * items exactly as an indexing run would store them: the same walk, the
 * same reading limits, lex_parse_any and the gazetteer tagging, then
 * one JSON object per item per line instead of an index write.  The
 * segmentation scorer (tests/segmentation/run) reads the same output.
 */
#include "dump.h"

#include <assert.h>
#include <stdbool.h>
#include <stdlib.h>

#include "fileio.h"
#include "formats.h"
#include "sanitize.h"
#include "sprinter.h"
#include "tag.h"
#include "walk.h"

enum { EXIT_OK = 0, EXIT_REJECTED = 1, EXIT_FAILED = 3 };

typedef struct {
    FILE *out;
    FILE *log;
    const lex_gazetteer_t *gazetteer; /* NULL when it could not be loaded */
    size_t rejected;
} dump_ctx_t;

/* Reports a file that cannot be dumped the way an indexing run does, and
   counts it (walk_problem_fn, so the walk reports through it too). */
static void
reject(void *ctx, const char *message)
{
    dump_ctx_t *d = ctx;
    fputs("lexindex: ", d->log);
    lex_fputs_safe(d->log, message);
    fputc('\n', d->log);
    d->rejected++;
}

/* Writes one item as a line of JSON. */
static void
write_item(FILE *out, const char *path, const lex_item_t *it)
{
    char date[16];
    lex_date_format(&it->date, date, sizeof date);
    lex_sprinter_t sp;
    lex_sp_init(&sp, out);
    lex_sp_begin_map(&sp);
    lex_sp_member_string(&sp, "file", path);
    lex_sp_member_int(&sp, "item", it->number);
    lex_sp_member_int(&sp, "line", (long)it->line);
    lex_sp_member_string(&sp, "headline", it->headline);
    lex_sp_member_string(&sp, "date", *date ? date : NULL);
    lex_sp_key(&sp, "date_approximate");
    lex_sp_bool(&sp, it->date.approximate);
    lex_sp_member_string(&sp, "section", it->section);
    lex_sp_member_int_or_null(&sp, "footnote", it->footnote > 0, it->footnote);
    lex_sp_member_strings(&sp, "urls", it->urls, it->n_urls);
    lex_sp_member_strings(&sp, "agencies", it->agencies, it->n_agencies);
    lex_sp_member_strings(&sp, "laws", it->laws, it->n_laws);
    lex_sp_member_string(&sp, "body", it->body);
    lex_sp_end_map(&sp);
    lex_sp_newline(&sp);
    assert(lex_sp_ok(&sp));
}

/*
 * Reads, parses and tags one file and writes its items.  A file the
 * parser refuses is rejected; only running out of memory fails.
 */
static lex_status_t
dump_file(dump_ctx_t *d, const char *path)
{
    char *data;
    size_t len;
    lex_err_t err;
    if (lex_read_file(path, LEX_MAX_FILE_BYTES, &data, &len, &err) != LEX_OK) {
        reject(d, err.msg);
        return LEX_OK;
    }
    lex_bulletin_t *b;
    lex_status_t st = lex_parse_any(path, data, len, NULL, &b, &err);
    free(data);
    if (st != LEX_OK) {
        if (st == LEX_ENOMEM)
            return st;
        reject(d, err.msg);
        return LEX_OK;
    }
    if (d->gazetteer &&
        (st = lex_tag_bulletin(d->gazetteer, b, &err)) != LEX_OK) {
        lex_bulletin_free(b);
        return st;
    }
    for (size_t i = 0; i < b->n_items; i++)
        write_item(d->out, path, &b->items[i]);
    lex_bulletin_free(b);
    return LEX_OK;
}

/* Loads the gazetteer as an indexing run does, warning when it cannot. */
static lex_gazetteer_t *
load_gazetteer(FILE *log)
{
    lex_gazetteer_t *g = NULL;
    lex_err_t err;
    if (lex_gazetteer_load_default(&g, &err) != LEX_OK) {
        fputs("lexindex: warning: ", log);
        lex_fputs_safe(log, err.msg);
        fputs("; items are not tagged with agencies and laws\n", log);
    }
    return g;
}

/* Dumps the items of every bulletin under the paths. */
int
dump_files(char *const *paths, size_t n_paths, FILE *out, FILE *log)
{
    lex_gazetteer_t *g = load_gazetteer(log);
    dump_ctx_t d = {out, log, g, 0};
    walk_list_t files = {0};
    lex_err_t err;
    lex_status_t st = walk_roots(paths, n_paths, &files, reject, &d, &err);
    for (size_t i = 0; i < files.n && st == LEX_OK; i++)
        st = dump_file(&d, files.paths[i]);
    walk_list_free(&files);
    lex_gazetteer_free(g);
    if (st != LEX_OK) {
        fputs("lexindex: out of memory\n", log);
        return EXIT_FAILED;
    }
    if (fflush(out) != 0 || ferror(out)) {
        perror("lexindex: writing the dump");
        return EXIT_FAILED;
    }
    return d.rejected ? EXIT_REJECTED : EXIT_OK;
}
