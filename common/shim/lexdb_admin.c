/*
 * lexdb_admin.c - the index's life cycle, in order: the first
 * generation, rebuild, bulk builds, compaction, --check and --stats,
 * behind lexdb.h.
 *
 * An index directory holds a Xapian stub file (XAPIANDB) naming the
 * live generation, a glass database in gen-NNNNNN; generations.c owns
 * that layout (numbering, the stub, the atomic swap, deleting what is
 * stale).  A rebuild or compaction writes a new generation while the
 * live one stays locked and readable, then has generations.c replace
 * the stub: readers see the old generation or the new one, never a mix.
 * --compact and a bulk build's merge of its parts are one Xapian
 * compaction into the next generation (compact_in).
 *
 * This file decides which generation, when to swap and what to delete;
 * the databases themselves are made, sealed, compacted and checked by
 * the Xapian steps of lexdb_admin.cc (lexdb_steps.h).  It is C inside
 * liblexdb: it may call liblexcore and those steps, and no Xapian.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analysis.h"
#include "generations.h"
#include "lexdb_steps.h"

lexdb_status_t
lexdb_failed(lex_status_t st, const char *what, const lex_err_t *e,
             lex_err_t *err)
{
    if (st == LEX_OK)
        return LEXDB_OK;
    lex_err_t said = *e; /* err may be e */
    if (st == LEX_ENOMEM) {
        lex_err_set(err, st, "%s: out of memory", what);
        return LEXDB_NOMEM;
    }
    if (st == LEX_EUSAGE) {
        lex_err_set(err, st, "%s: DatabaseOpeningError: %s", what, said.msg);
        return LEXDB_CORRUPT;
    }
    lex_err_set(err, st, "%s: DatabaseError: %s", what, said.msg);
    return LEXDB_IO;
}

lexdb_status_t
lexdb_no_memory(const char *what, lex_err_t *err)
{
    lex_err_t e = {""};
    return lexdb_failed(LEX_ENOMEM, what, &e, err);
}

/*
 * Makes generation 1 of a new index: Xapian creates and commits it under
 * a name of this process's own, and generations.c moves it into place
 * and points the stub at it.
 */
static lexdb_status_t
make_first_generation(const char *dir, lex_err_t *err)
{
    char *scratch = lex_gen_first_scratch(dir);
    if (!scratch)
        return lexdb_no_memory(dir, err);
    lexdb_status_t st = lexdb_step_create(scratch, dir, err);
    lex_err_t e;
    if (st == LEXDB_OK)
        st =
            lexdb_failed(lex_gen_install_first(dir, scratch, &e), dir, &e, err);
    free(scratch);
    return st;
}

lexdb_status_t
lexdb_ensure_layout(const char *dir, lex_err_t *err)
{
    bool needed;
    lex_err_t e;
    lexdb_status_t st =
        lexdb_failed(lex_gen_first_needed(dir, &needed, &e), dir, &e, err);
    if (st == LEXDB_OK && needed)
        st = make_first_generation(dir, err);
    return st;
}

/* Points dir's stub at gen, closes live (whose lock the old generation
   holds) and deletes the old generation; live is closed in all cases. */
static lexdb_status_t
swap_in(const char *dir, lexdb_t *live, unsigned long gen, lex_err_t *err)
{
    unsigned long old = lex_gen_live(dir);
    lex_err_t e;
    lexdb_status_t st =
        lexdb_failed(lex_gen_make_live(dir, gen, &e), dir, &e, err);
    lexdb_close(live);
    if (st == LEXDB_OK && old && old != gen)
        lex_gen_remove(dir, old);
    return st;
}

/*
 * Compacts live's database, or with parts (n of them) the parts' merged
 * segments, into the next generation of dir, and swaps that in; a failed
 * compaction leaves nothing behind.  live is closed in all cases; *gen
 * gets the generation.
 */
static lexdb_status_t
compact_in(const char *dir, lexdb_t *live, lexdb_t *const *parts, size_t n,
           unsigned long *gen, lex_err_t *err)
{
    *gen = lex_gen_next(dir);
    char *dest = lex_gen_path(dir, *gen);
    lexdb_status_t st = !dest   ? lexdb_no_memory(dir, err)
                        : parts ? lexdb_step_merge(parts, n, dest, err)
                                : lexdb_step_compact(live, dest, err);
    if (dest && st != LEXDB_OK)
        lex_remove_tree(dest);
    free(dest);
    if (st != LEXDB_OK) {
        lexdb_close(live);
        return st;
    }
    return swap_in(dir, live, *gen, err);
}

/* A heap copy of s (NULL for NULL, or when out of memory). */
static char *
copy_of(const char *s)
{
    return s ? strdup(s) : NULL;
}

/*
 * The index directory of db, a handle open for writing (valid while db
 * is), and in *gen (when not NULL) the generation it writes: a
 * rebuild's, or 0.  NULL when db is not open for writing, with the
 * message "DIR: not open for writing" in err (when not NULL).
 */
static const char *
writer_dir(const lexdb_t *db, unsigned long *gen, lex_err_t *err)
{
    const lexdb_state_t *s = &db->c;
    if (gen)
        *gen = s->generation;
    if (s->mode != LEXDB_READ)
        return s->path;
    lexdb_invalid(db, "not open for writing", err);
    return NULL;
}

/*
 * Opens *out, a writer of live's run with its gazetteer and thesaurus,
 * on an empty glass database made for it: generation gen of live's
 * directory or, for gen 0, the first segment of part `part` of a bulk
 * build (lexdb_step_fresh).  Every item written through it is new.
 */
static lexdb_status_t
open_fresh(const lexdb_t *live, unsigned long gen, size_t part, lexdb_t **out,
           lex_err_t *err)
{
    const lexdb_state_t *ls = &live->c;
    lexdb_status_t st = lexdb_handle_new(ls->path, LEXDB_WRITE, out, err);
    if (st != LEXDB_OK)
        return st;
    lexdb_state_t *fs = &(*out)->c;
    fs->run = ls->run;
    fs->gazetteer = ls->gazetteer;
    fs->generation = gen;
    fs->fresh = true;
    fs->topics = ls->topics; /* lexdb_step_fresh shares live's thesaurus */
    char *dest = gen ? lex_gen_path(ls->path, gen) : NULL;
    st = gen && !dest ? lexdb_no_memory(ls->path, err)
                      : lexdb_step_fresh(live, *out, dest, part, err);
    free(dest);
    if (st != LEXDB_OK) {
        lexdb_close(*out);
        *out = NULL;
    }
    return st;
}

/* A heap copy of the directory of db, a writer, and its generation
   (writer_dir); NULL with LEXDB_NOMEM's message when out of
   memory, or when db is not a writer, with that message. */
static char *
dir_of(const lexdb_t *db, unsigned long *gen, lex_err_t *err)
{
    const char *dir = writer_dir(db, gen, err);
    char *copy = copy_of(dir);
    if (dir && !copy)
        lexdb_no_memory(dir, err);
    return copy;
}

/* Commits what a fresh handle holds (its open transaction, if any), then
   seals its database (lexdb_step_seal). */
static lexdb_status_t
commit_and_seal(lexdb_t *fresh, lex_err_t *err)
{
    lexdb_status_t st = LEXDB_OK;
    if (fresh->c.in_transaction)
        st = lexdb_commit(fresh, err);
    return st == LEXDB_OK ? lexdb_step_seal(fresh, err) : st;
}

lexdb_status_t
lexdb_rebuild_begin(lexdb_t *live, lexdb_t **fresh, lex_err_t *err)
{
    *fresh = NULL;
    const char *dir = writer_dir(live, NULL, err);
    if (!dir || lex_gen_require(dir, err) != LEX_OK)
        return LEXDB_INVALID;
    return open_fresh(live, lex_gen_next(dir), 0, fresh, err);
}

lexdb_status_t
lexdb_rebuild_finish(lexdb_t *live, lexdb_t *fresh, lex_err_t *err)
{
    unsigned long gen;
    char *dir = dir_of(fresh, &gen, err);
    lexdb_status_t st = !dir ? LEXDB_NOMEM : commit_and_seal(fresh, err);
    if (st == LEXDB_OK)
        st = swap_in(dir, live, gen, err);
    else
        lexdb_close(live);
    if (st != LEXDB_OK)
        lexdb_rebuild_abandon(fresh);
    else
        lexdb_close(fresh);
    free(dir);
    return st;
}

void
lexdb_rebuild_abandon(lexdb_t *fresh)
{
    if (!fresh)
        return;
    unsigned long gen;
    char *dir = dir_of(fresh, &gen, NULL);
    lexdb_close(fresh);
    if (dir && gen)
        lex_gen_remove(dir, gen);
    free(dir);
}

lexdb_status_t
lexdb_bulk_begin(lexdb_t *live, size_t n, lexdb_t **parts, lex_err_t *err)
{
    for (size_t i = 0; i < n; i++)
        parts[i] = NULL;
    const char *dir = writer_dir(live, NULL, err);
    if (!dir || n == 0) {
        if (dir)
            lexdb_invalid(live, "not open for writing", err);
        return LEXDB_INVALID;
    }
    if (lex_gen_require(dir, err) != LEX_OK)
        return LEXDB_INVALID;
    /* if this run dies, the next writer deletes the parts along with
       stale generations */
    lex_err_t e;
    lexdb_status_t st =
        lexdb_failed(lex_gen_scratch_create(dir, &e), dir, &e, err);
    for (size_t i = 0; i < n && st == LEXDB_OK; i++) /* each its own */
        st = open_fresh(live, 0, i, &parts[i], err);
    if (st != LEXDB_OK)
        lexdb_bulk_abandon(parts, n);
    return st;
}

lexdb_status_t
lexdb_bulk_finish(lexdb_t *live, lexdb_t **parts, size_t n, lex_err_t *err)
{
    char *dir = dir_of(live, NULL, err);
    lexdb_status_t st = dir ? LEXDB_OK : LEXDB_NOMEM;
    for (size_t i = 0; i < n && st == LEXDB_OK; i++)
        st = commit_and_seal(parts[i], err);
    unsigned long gen;
    if (st == LEXDB_OK)
        st = compact_in(dir, live, parts, n, &gen, err);
    else
        lexdb_close(live);
    lexdb_bulk_abandon(parts, n);
    free(dir);
    return st;
}

void
lexdb_bulk_abandon(lexdb_t **parts, size_t n)
{
    if (n == 0 || !parts[0])
        return;
    char *dir = dir_of(parts[0], NULL, NULL);
    for (size_t i = 0; i < n; i++) {
        lexdb_close(parts[i]);
        parts[i] = NULL;
    }
    if (dir)
        lex_gen_scratch_remove(dir);
    free(dir);
}

lexdb_status_t
lexdb_compact(lexdb_t *live, unsigned long long *before,
              unsigned long long *after, lex_err_t *err)
{
    if (!writer_dir(live, NULL, err))
        return LEXDB_INVALID;
    char *dir = dir_of(live, NULL, err);
    lexdb_status_t st = !dir                                  ? LEXDB_NOMEM
                        : lex_gen_require(dir, err) != LEX_OK ? LEXDB_INVALID
                                                              : LEXDB_OK;
    if (st != LEXDB_OK) {
        lexdb_close(live);
        free(dir);
        return st;
    }
    unsigned long gen;
    *before = lex_gen_bytes(dir, lex_gen_live(dir));
    st = compact_in(dir, live, NULL, 0, &gen, err);
    if (st == LEXDB_OK)
        *after = lex_gen_bytes(dir, gen);
    free(dir);
    return st;
}

lexdb_status_t
lexdb_check(const char *path, FILE *report, unsigned long *problems,
            lex_err_t *err)
{
    *problems = 0;
    if (lex_gen_exists(path, err) != LEX_OK)
        return LEXDB_NOT_FOUND;
    unsigned long gen = lex_gen_live(path);
    char *target = gen ? lex_gen_path(path, gen) : copy_of(path);
    if (!target)
        return lexdb_no_memory(path, err);
    lex_check_t c = LEX_CHECK_INIT;
    lexdb_status_t st = lexdb_step_check(path, target, &c, err);
    if (st == LEXDB_OK)
        lex_check_print(&c, path, report);
    *problems = c.problems;
    lex_check_free(&c);
    free(target);
    return st;
}

/* Counts the calls in *ctx (unsigned long): one for each bulletin's
   recorded state. */
static void
count_one(void *ctx, const char *value, size_t n)
{
    (void)value;
    (void)n;
    ++*(unsigned long *)ctx;
}

/*
 * Xapian's item count, the bulletins recorded and the bounds of the
 * items' dates are read through the steps; the rest comes from the
 * metadata and the index directory (lex_stats_from_meta).
 */
lexdb_status_t
lexdb_stats(lexdb_t *db, lexdb_stats_t *s, lex_err_t *err)
{
    memset(s, 0, sizeof *s);
    static const char *const keys[] = {LEX_META_SCHEMA, LEX_META_LAST_RUN,
                                       LEX_META_LAST_RUN_TIME};
    char *meta[3] = {NULL, NULL, NULL};
    lex_buf_t first = LEX_BUF_INIT, last = LEX_BUF_INIT;
    lexdb_status_t st = lexdb_item_count(db, &s->items, err);
    if (st == LEXDB_OK)
        st = lexdb_step_each_metadata(db, LEX_META_FILE_STATE, true, count_one,
                                      &s->bulletins, err);
    if (st == LEXDB_OK)
        st = lexdb_step_value_bounds(db, LEX_SLOT_DATE, &first, &last, err);
    if (st == LEXDB_OK && (lex_buf_failed(&first) || lex_buf_failed(&last)))
        st = lexdb_no_memory(db->c.path, err);
    for (size_t i = 0; i < 3 && st == LEXDB_OK; i++)
        st = lexdb_metadata_copy(db, keys[i], &meta[i], err);
    if (st == LEXDB_OK) {
        lex_stats_dates(s, lex_buf_str(&first), first.len, lex_buf_str(&last),
                        last.len);
        lex_stats_from_meta(s, db->c.path, meta[0], meta[1], meta[2]);
    }
    lex_buf_free(&first);
    lex_buf_free(&last);
    for (size_t i = 0; i < 3; i++)
        free(meta[i]);
    return st;
}
