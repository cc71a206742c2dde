/*
 * lexdb_search.c - a search behind lexdb.h, tried again while the index
 * changes under it: a writer's commit (Xapian's DatabaseModifiedError:
 * reopen and retry), a rebuild or compaction that swapped in a new
 * generation and deleted the one a reader had open (reopen on the live
 * one, once), a shard gone since the open (reopen the stub's shards,
 * once, to name it or, with --partial, leave it out).  Then the notices
 * of the shards left out go with the hits, and an I/O or corruption
 * error names the index; the search driver's refusals and the damaged
 * records it met get the messages of the Xapian errors they stand for
 * (lexdb_search_outcome).  A handle keeps the thesaurus as stems for
 * its later searches.  --explain's plan is one try of the same step.
 *
 * One search is lexdb_step_search (lexdb_query.cc runs query/search.c's
 * driver over its Xapian steps).  C inside liblexdb: it may call
 * liblexcore and the steps of lexdb_steps.h, and no Xapian.
 */
#include <stdio.h>
#include <string.h>

#include "generations.h"
#include "hits.h"
#include "lexdb_steps.h"
#include "query_tree.h"
#include "utf8.h"

/*
 * What a search's try number attempt (from 0) that ended with st leads
 * to: LEXDB_MODIFIED when it is worth another try, db reopened for it,
 * or the status to return.
 */
static lexdb_status_t
after_try(lexdb_t *db, lexdb_status_t st, int attempt, lex_err_t *err)
{
    const lexdb_state_t *s = &db->c;
    bool reader = s->mode == LEXDB_READ;
    bool lost_generation =
        st == LEXDB_IO || st == LEXDB_CORRUPT || st == LEXDB_NOT_FOUND;
    if (st == LEXDB_MODIFIED)
        lexdb_step_reopen(db, err);
    else if (lost_generation && reader && attempt == 0 &&
             lexdb_reopen_reader(db, NULL) == LEXDB_OK)
        st = LEXDB_MODIFIED; /* swapped and removed under us: retry */
    else if (st == LEXDB_SHARD_DOWN && s->stub && attempt == 0) {
        /* a shard went away since the open: find out which one */
        lexdb_status_t o = lexdb_open_shards(db, s->stub, err);
        st = o == LEXDB_OK ? LEXDB_MODIFIED : o;
    }
    return st;
}

/* Adds the notices of the shards db left out to hits. */
static lexdb_status_t
add_notices(const lexdb_t *db, lexdb_hits_t *hits, lex_err_t *err)
{
    const lexdb_state_t *s = &db->c;
    for (size_t i = 0; i < s->n_notices; i++)
        if (!lex_hits_add_notice(hits, i, s->notices[i])) {
            lex_err_set(err, LEX_ENOMEM, "out of memory");
            return LEXDB_NOMEM;
        }
    return LEXDB_OK;
}

lexdb_status_t
lexdb_search(lexdb_t *db, const lexdb_query_t *q, lexdb_hits_t **out,
             lex_err_t *err)
{
    *out = NULL;
    lexdb_hits_t *hits = lex_hits_new();
    if (!hits) {
        lex_err_set(err, LEX_ENOMEM, "out of memory");
        return LEXDB_NOMEM;
    }
    const lexdb_state_t *s = &db->c;
    /* A long-running reader follows a rebuild or compaction swap. */
    if (s->mode == LEXDB_READ && lex_gen_live(s->path) != s->generation)
        lexdb_reopen_reader(db, NULL);
    lexdb_status_t st = LEXDB_MODIFIED;
    for (int attempt = 0; attempt < LEXDB_RETRIES && st == LEXDB_MODIFIED;
         attempt++) {
        lex_hits_clear(hits);
        st = after_try(db, lexdb_step_search(db, q, hits, NULL, err), attempt,
                       err);
    }
    if (st == LEXDB_OK)
        st = add_notices(db, hits, err);
    if (st == LEXDB_OK) {
        *out = hits;
        return st;
    }
    lexdb_hits_free(hits);
    if (err && (st == LEXDB_CORRUPT || st == LEXDB_IO)) {
        lex_err_t said = *err;
        lex_err_set(err, LEX_EIO, "%s: %s", s->path, said.msg);
    }
    return st;
}

/* How many characters of a query its messages quote (lexdb_query_name). */
#define QUOTED_CHARS 80

void
lexdb_query_name(const char *query, lex_buf_t *out)
{
    size_t n = strlen(query), end = 0, chars = 0;
    for (; end < n && chars < QUOTED_CHARS; chars++)
        end = lex_utf8_next(query, n, end);
    lex_buf_puts(out, "query '");
    lex_buf_append(out, query, end);
    lex_buf_puts(out, end < n ? "...'" : "'");
}

/* One try, unlike a search: the plan is told, not retried. */
lexdb_status_t
lexdb_explain(lexdb_t *db, const lexdb_query_t *q, char **out, lex_err_t *err)
{
    lex_buf_t plan = LEX_BUF_INIT;
    lexdb_status_t st = lexdb_step_search(db, q, NULL, &plan, err);
    *out = st == LEXDB_OK ? lex_buf_steal(&plan) : NULL;
    lex_buf_free(&plan);
    if (st == LEXDB_OK && !*out) {
        lex_buf_t name = LEX_BUF_INIT;
        lexdb_query_name(q->query ? q->query : "", &name);
        lex_err_set(err, LEX_ENOMEM, "%s: out of memory", lex_buf_str(&name));
        lex_buf_free(&name);
        return LEXDB_NOMEM;
    }
    return st;
}

/* A refusal or a damaged record the driver met is worded as the Xapian
   error it stands for (lex_xapian_failure), as when the shim threw one:
   lexsearch(1) and its tests quote these messages. */
lexdb_status_t
lexdb_search_outcome(lex_status_t st, const lex_err_t *e, lexdb_status_t failed,
                     const char *text, const char *what, lex_err_t *err)
{
    if (st == LEX_ENOMEM) {
        lex_err_set(err, LEX_ENOMEM, "%s: out of memory", what);
        return LEXDB_NOMEM;
    }
    if (st == LEX_EIO) {
        char description[sizeof e->msg + 32];
        snprintf(description, sizeof description, "DatabaseCorruptError: %s",
                 e->msg);
        return lex_xapian_failure(what, "DatabaseCorruptError", e->msg,
                                  description, err);
    }
    if (st != LEX_OK && st != LEX_EINDEX) {
        lex_err_t refusal = *e;
        lex_query_column_in_characters(text, &refusal);
        return lex_xapian_failure(what, "QueryParserError", refusal.msg,
                                  refusal.msg, err);
    }
    return failed;
}

/*
 * The stemmed thesaurus is made once per handle rather than for each
 * query: stemming a letter's phrases costs more than a short search.  A
 * thesaurus reloaded in place (another hash) is stemmed again.  The
 * stemmer (ctx) lives as long as the handle.
 */
lex_status_t
lexdb_stemmed(lexdb_t *db, const lex_thesaurus_t *th, lex_stem_fn stem,
              void *ctx, const lex_stemmed_thesaurus_t **out)
{
    lexdb_state_t *c = &db->c;
    *out = NULL;
    if (!th)
        return LEX_OK;
    if (!c->stemmed || lex_stemmed_thesaurus_of(c->stemmed) != th ||
        c->stemmed_hash != th->hash) {
        lex_stemmed_thesaurus_free(c->stemmed);
        c->stemmed = NULL;
        lex_status_t r = lex_stemmed_thesaurus_new(th, stem, ctx, &c->stemmed);
        if (r != LEX_OK)
            return r;
        c->stemmed_hash = th->hash;
    }
    *out = c->stemmed;
    return LEX_OK;
}
