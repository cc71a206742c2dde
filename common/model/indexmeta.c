/*
 * indexmeta.c - the index's metadata and records read as facts (see
 * indexmeta.h): opening, a commit's metadata, the schema check, the
 * integrity check's findings and report, and the statistics.
 */
#include "indexmeta.h"

#include <stdlib.h>
#include <string.h>

#include "bulletin.h"
#include "dates.h"
#include "filestate.h"
#include "generations.h"
#include "record.h"
#include "stub.h"

/* The status of a Xapian error class other than a lock's or the query
   parser's, by its name. */
static lexdb_status_t
status_of_class(const char *type)
{
    static const struct {
        const char *type;
        lexdb_status_t st;
    } named[] = {{"DatabaseCorruptError", LEXDB_CORRUPT},
                 {"DatabaseNotFoundError", LEXDB_NOT_FOUND},
                 {"DatabaseVersionError", LEXDB_VERSION},
                 {"DatabaseOpeningError", LEXDB_CORRUPT},
                 {"DatabaseModifiedError", LEXDB_MODIFIED}};
    for (size_t i = 0; i < sizeof named / sizeof named[0]; i++)
        if (!strcmp(type, named[i].type))
            return named[i].st;
    if (!strncmp(type, "Database", 8))
        return LEXDB_IO;
    if (!strncmp(type, "Network", 7))
        return LEXDB_SHARD_DOWN;
    return LEXDB_XAPIAN_ERROR;
}

lexdb_status_t
lex_xapian_failure(const char *what, const char *type, const char *msg,
                   const char *description, lex_err_t *err)
{
    bool refused = !strcmp(type, "QueryParserError");
    lexdb_status_t st = status_of_class(type);
    if (refused)
        st = LEXDB_QUERY_SYNTAX;
    else if (!strcmp(type, "DatabaseLockError"))
        st = strstr(msg, "already locked") ? LEXDB_LOCKED : LEXDB_IO;
    if (err)
        snprintf(err->msg, sizeof err->msg, "%s: %s", what,
                 refused ? msg : description);
    return st;
}

lexdb_status_t
lex_schema_check(const char *recorded, const char *name, lex_err_t *err)
{
    if (!*recorded || !strcmp(recorded, LEX_SCHEMA_TEXT))
        return LEXDB_OK;
    if (err)
        snprintf(err->msg, sizeof err->msg,
                 "%s: index has schema version %s, this program uses "
                 "version %d; rebuild it with lexindex --rebuild",
                 name, recorded, LEXDB_SCHEMA_VERSION);
    return LEXDB_VERSION;
}

lexdb_status_t
lex_index_opening(const char *path, lexdb_mode_t mode, char **stub,
                  lex_err_t *err)
{
    lex_status_t found = lex_stub_of_index(path, stub, err);
    if (found != LEX_OK)
        return lexdb_status_from_lex(found);
    if (*stub && mode != LEXDB_READ) {
        free(*stub);
        *stub = NULL;
        lex_err_set(err, LEX_EUSAGE,
                    "%s: a set of shards; write to each shard's index", path);
        return LEXDB_INVALID;
    }
    if (!*stub && mode == LEXDB_READ && lex_gen_exists(path, err) != LEX_OK)
        return LEXDB_NOT_FOUND;
    return LEXDB_OK;
}

/* Adds key and value (cut to fit) to meta at *n. */
static void
put_meta(lex_meta_t *meta, size_t *n, const char *key, const char *value)
{
    meta[*n].key = key;
    snprintf(meta[*n].value, sizeof meta[*n].value, "%s", value);
    ++*n;
}

size_t
lex_commit_meta(unsigned long run, bool fresh, bool wrote, const char *recorded,
                const char *topics, lex_meta_t *meta)
{
    size_t n = 0;
    char text[sizeof meta->value];
    put_meta(meta, &n, LEX_META_SCHEMA, LEX_SCHEMA_TEXT);
    snprintf(text, sizeof text, "%lu", run);
    put_meta(meta, &n, LEX_META_LAST_RUN, text);
    lex_utc_timestamp(text, sizeof text);
    put_meta(meta, &n, LEX_META_LAST_RUN_TIME, text);
    if (fresh)
        put_meta(meta, &n, LEX_META_TOPICS, topics);
    else if (wrote && strcmp(recorded, topics))
        put_meta(meta, &n, LEX_META_TOPICS, "");
    return n;
}

void
lex_check_note(lex_check_t *c, const char *text)
{
    lex_buf_puts(&c->report, text);
}

void
lex_check_schema(lex_check_t *c, const char *recorded)
{
    if (!strcmp(recorded, LEX_SCHEMA_TEXT))
        return;
    lex_buf_printf(&c->report, "schema version is '%s', expected %d\n",
                   recorded, LEXDB_SCHEMA_VERSION);
    c->problems++;
}

void
lex_check_file_record(lex_check_t *c, const char *key, const char *value)
{
    lex_file_state_t st;
    if (lex_file_state_parse(value, &st, NULL)) {
        c->recorded += st.items;
        return;
    }
    lex_buf_printf(&c->report, "unreadable file record %s\n", key);
    c->problems++;
}

void
lex_check_item_record(lex_check_t *c, unsigned long id, const char *data,
                      size_t len)
{
    lex_bulletin_t *b = NULL;
    lex_err_t err;
    if (lex_record_decode(data, len, &b, &err) != LEX_OK) {
        lex_buf_printf(&c->report, "item %lu: %s\n", id, err.msg);
        c->problems++;
    }
    lex_bulletin_free(b);
}

void
lex_check_item_count(lex_check_t *c, unsigned long items)
{
    if (items == c->recorded)
        return;
    lex_buf_printf(&c->report,
                   "the index holds %lu items but its file records account "
                   "for %lu\n",
                   items, c->recorded);
    c->problems++;
}

/* True when line[0..n) is Xapian's word that a table is sound. */
static bool
checked_ok(const char *line, size_t n)
{
    static const char ok[] = "checked OK";
    for (size_t i = 0; i + sizeof ok - 1 <= n; i++)
        if (!memcmp(line + i, ok, sizeof ok - 1))
            return true;
    return false;
}

void
lex_check_print(const lex_check_t *c, const char *path, FILE *out)
{
    if (!c->problems)
        return;
    if (lex_buf_failed(&c->report)) {
        fprintf(out, "%s: out of memory while checking\n", path);
        return;
    }
    const char *line = lex_buf_str(&c->report);
    while (*line) {
        size_t n = strcspn(line, "\n");
        if (n && !checked_ok(line, n))
            fprintf(out, "%s: %.*s\n", path, (int)n, line);
        line += n + (line[n] == '\n');
    }
}

void
lex_check_free(lex_check_t *c)
{
    lex_buf_free(&c->report);
}

void
lex_stats_from_meta(lexdb_stats_t *s, const char *dir, const char *schema,
                    const char *last_run, const char *last_run_time)
{
    s->generation = lex_gen_live(dir);
    s->bytes = lex_gen_bytes(dir, s->generation);
    s->schema = strtoul(schema, NULL, 10);
    s->last_run = strtoul(last_run, NULL, 10);
    snprintf(s->last_run_time, sizeof s->last_run_time, "%s", last_run_time);
}

void
lex_stats_dates(lexdb_stats_t *s, const char *first, size_t first_len,
                const char *last, size_t last_len)
{
    if (!s->items)
        return;
    lex_date_format_value(first, first_len, s->first_date,
                          sizeof s->first_date);
    lex_date_format_value(last, last_len, s->last_date, sizeof s->last_date);
}
