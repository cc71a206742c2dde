/*
 * tag.c - tagging items with gazetteer entities.
 */
#include "tag.h"

#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "thesaurus.h"

/* Adds every entity of one kind that text mentions to list. */
static bool
tag_kind(const lex_gazetteer_t *g, lex_entity_kind_t kind, const char *text,
         char ***list, size_t *n)
{
    const char **ids = NULL;
    size_t found = lex_gazetteer_tag(g, kind, text, &ids);
    bool ok = true;
    for (size_t i = 0; i < found && ok; i++)
        ok = lex_item_add_id(list, n, ids[i]);
    free(ids);
    return ok;
}

/* Tags each item from its headline and body together. */
lex_status_t
lex_tag_bulletin(const lex_gazetteer_t *g, lex_bulletin_t *b, lex_err_t *err)
{
    for (size_t i = 0; i < b->n_items; i++) {
        lex_item_t *it = &b->items[i];
        lex_buf_t text = LEX_BUF_INIT;
        lex_buf_printf(&text, "%s\n%s", it->headline ? it->headline : "",
                       it->body ? it->body : "");
        bool ok = !lex_buf_failed(&text) &&
                  tag_kind(g, LEX_ENTITY_AGENCY, lex_buf_str(&text),
                           &it->agencies, &it->n_agencies) &&
                  tag_kind(g, LEX_ENTITY_LAW, lex_buf_str(&text), &it->laws,
                           &it->n_laws);
        lex_buf_free(&text);
        if (!ok)
            return lex_err_set(err, LEX_ENOMEM, "%s: out of memory", b->path);
    }
    return LEX_OK;
}

typedef lex_status_t (*gazetteer_opener_t)(const char *agencies,
                                           const char *laws,
                                           lex_gazetteer_t **out,
                                           lex_err_t *err);

/* Finds agencies.tsv and laws.tsv and gives their paths to open. */
static lex_status_t
open_shipped(gazetteer_opener_t open, lex_gazetteer_t **out, lex_err_t *err)
{
    char *agencies = NULL, *laws = NULL;
    *out = NULL;
    lex_status_t st = lex_data_file("agencies.tsv", &agencies, err);
    if (st == LEX_OK)
        st = lex_data_file("laws.tsv", &laws, err);
    if (st == LEX_OK)
        st = open(agencies, laws, out, err);
    free(agencies);
    free(laws);
    return st;
}

/* Finds and loads agencies.tsv and laws.tsv. */
lex_status_t
lex_gazetteer_load_default(lex_gazetteer_t **out, lex_err_t *err)
{
    return open_shipped(lex_gazetteer_load, out, err);
}

/* Finds agencies.tsv and laws.tsv, to be read on first need. */
lex_status_t
lex_gazetteer_open_default(lex_gazetteer_t **out, lex_err_t *err)
{
    return open_shipped(lex_gazetteer_open, out, err);
}
