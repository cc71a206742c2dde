/*
 * print_json.c - the JSON and NDJSON result formats (schema 2, see
 * lexsearch(1)).
 *
 * Field order is fixed and every field is always present (null when it
 * has no value), so scripts can rely on the shape.  Everything is
 * written through the structured emitter (sprinter.h), which places the
 * punctuation.
 */
#include <assert.h>

#include "printer.h"
#include "sprinter.h"

#define JSON_SCHEMA 2

/* Opens the document: schema, query and totals, then the hits array. */
static void
json_begin(printer_t *p, const lexdb_query_t *q, const lexdb_hits_t *hits)
{
    lex_sprinter_t *sp = &p->json;
    bool used;
    const char *correction = lexdb_hits_correction(hits, &used);
    long all_words = lexdb_hits_all_words(hits);
    lex_sp_begin_map(sp);
    lex_sp_member_int(sp, "schema", JSON_SCHEMA);
    lex_sp_member_string(sp, "query", q->query);
    lex_sp_member_string(sp, "correction", correction);
    lex_sp_key(sp, "correction_used");
    lex_sp_bool(sp, used);
    lex_sp_key(sp, "total");
    lex_sp_uint(sp, lexdb_hits_total(hits));
    lex_sp_member_int_or_null(sp, "all_words", all_words >= 0, all_words);
    lex_sp_member_int(sp, "offset", q->offset);
    lex_sp_member_int(sp, "limit", q->limit);
    lex_sp_key(sp, "hits");
    lex_sp_begin_list(sp);
}

/* Writes one facet as "kind":[{"value":..,"count":..},...]. */
static void
json_facet(lex_sprinter_t *sp, const lexdb_hits_t *hits, const char *kind)
{
    const lexdb_facet_t *facets;
    size_t n = lexdb_hits_facets(hits, kind, &facets);
    lex_sp_key(sp, kind);
    lex_sp_begin_list(sp);
    for (size_t i = 0; i < n; i++) {
        lex_sp_begin_map(sp);
        lex_sp_member_string(sp, "value", facets[i].value);
        lex_sp_key(sp, "count");
        lex_sp_uint(sp, facets[i].count);
        lex_sp_end_map(sp);
    }
    lex_sp_end_list(sp);
}

/* Writes "key":[{"start":..,"length":..},...] (UTF-8 bytes). */
static void
json_spans(lex_sprinter_t *sp, const char *key, const lexdb_span_t *spans,
           size_t n)
{
    lex_sp_key(sp, key);
    lex_sp_begin_list(sp);
    for (size_t i = 0; i < n; i++) {
        lex_sp_begin_map(sp);
        lex_sp_key(sp, "start");
        lex_sp_uint(sp, spans[i].start);
        lex_sp_key(sp, "length");
        lex_sp_uint(sp, spans[i].length);
        lex_sp_end_map(sp);
    }
    lex_sp_end_list(sp);
}

/* Writes where the item is: a PDF item has a page and no line, a mail
   item a message and no line (line 0: a line of the decoded part means
   nothing to users); null where there is none. */
static void
json_place(lex_sprinter_t *sp, const lexdb_hit_t *h)
{
    const lex_item_t *it = h->item;
    lex_sp_member_string(sp, "file", h->bulletin->path);
    lex_sp_member_int_or_null(sp, "line", !it->page && it->line > 0, it->line);
    lex_sp_member_int_or_null(sp, "page", it->page, it->page);
    lex_sp_member_int(sp, "item", it->number);
    lex_sp_member_int_or_null(sp, "footnote", it->footnote > 0, it->footnote);
    if (it->message > 0) {
        lex_sp_member_int(sp, "message", it->message);
        lex_sp_member_string(sp, "message_id", it->message_id);
    }
}

/* Writes one hit object: a line of its own in NDJSON, with the schema. */
static void
json_hit(printer_t *p, const lexdb_hit_t *h)
{
    lex_sprinter_t *sp = &p->json;
    const lex_item_t *it = h->item;
    char date[16];
    lex_date_format(&it->date, date, sizeof date);
    lex_sp_begin_map(sp);
    if (p->lines)
        lex_sp_member_int(sp, "schema", JSON_SCHEMA);
    lex_sp_member_int(sp, "rank", h->rank);
    lex_sp_key(sp, "score");
    lex_sp_real(sp, h->score);
    lex_sp_member_int(sp, "percent", h->percent);
    lex_sp_member_string(sp, "id", h->id);
    lex_sp_member_string(sp, "headline", it->headline);
    lex_sp_member_string(sp, "date", *date ? date : NULL);
    lex_sp_key(sp, "date_approximate");
    lex_sp_bool(sp, it->date.approximate);
    lex_sp_member_string(sp, "section", it->section);
    json_place(sp, h);
    lex_sp_member_string(sp, "bulletin_title", h->bulletin->title);
    lex_sp_member_string(sp, "snippet", h->snippet);
    json_spans(sp, "highlights", h->spans, h->n_spans);
    json_spans(sp, "headline_highlights", h->headline_spans,
               h->n_headline_spans);
    lex_sp_member_strings(sp, "agencies", it->agencies, it->n_agencies);
    lex_sp_member_strings(sp, "laws", it->laws, it->n_laws);
    lex_sp_member_strings(sp, "urls", it->urls, it->n_urls);
    lex_sp_member_string(sp, "url", it->n_urls ? it->urls[0] : NULL);
    lex_sp_end_map(sp);
    if (p->lines)
        lex_sp_newline(sp);
    assert(lex_sp_ok(sp));
    p->n_printed++;
}

/* Closes the hits array, adds the facets asked for and the notices, and
   closes the document. */
static void
json_end(printer_t *p, const lexdb_query_t *q, const lexdb_hits_t *hits)
{
    lex_sprinter_t *sp = &p->json;
    lex_sp_end_list(sp);
    if (q->facets) {
        lex_sp_key(sp, "facets");
        lex_sp_begin_map(sp);
        json_facet(sp, hits, "section");
        json_facet(sp, hits, "month");
        json_facet(sp, hits, "agency");
        json_facet(sp, hits, "law");
        lex_sp_end_map(sp);
    }
    const char *const *notices;
    size_t n = lexdb_hits_notices(hits, &notices);
    lex_sp_key(sp, "notices");
    lex_sp_begin_list(sp);
    for (size_t i = 0; i < n; i++)
        lex_sp_string(sp, notices[i]);
    lex_sp_end_list(sp);
    lex_sp_end_map(sp);
    lex_sp_newline(sp);
    assert(lex_sp_ok(sp));
}

/* NDJSON has no envelope: each hit is a line of its own. */
static void
ndjson_nothing(printer_t *p, const lexdb_query_t *q, const lexdb_hits_t *hits)
{
    (void)p;
    (void)q;
    (void)hits;
}

/* Sets up the JSON printer. */
void
printer_init_json(printer_t *p, FILE *out)
{
    *p = (printer_t){
        .begin = json_begin, .hit = json_hit, .end = json_end, .out = out};
    lex_sp_init(&p->json, out);
}

/* Sets up the NDJSON printer: one hit object per line. */
void
printer_init_ndjson(printer_t *p, FILE *out)
{
    *p = (printer_t){.begin = ndjson_nothing,
                     .hit = json_hit,
                     .end = ndjson_nothing,
                     .out = out,
                     .lines = true};
    lex_sp_init(&p->json, out);
}
