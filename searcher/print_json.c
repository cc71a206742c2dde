/*
 * print_json.c - the JSON and NDJSON result formats (schema 2, see
 * lexsearch(1)).
 *
 * Field order is fixed and every field is always present (null when it
 * has no value), so scripts can rely on the shape.
 */
#include "json.h"
#include "printer.h"

#define JSON_SCHEMA 2

/* Opens the document: schema, query and totals, then the hits array. */
static void
json_begin(printer_t *p, const lexdb_query_t *q, const lexdb_hits_t *hits)
{
    bool used;
    const char *correction = lexdb_hits_correction(hits, &used);
    fprintf(p->out, "{\"schema\":%d,\"query\":", JSON_SCHEMA);
    lex_json_string(p->out, q->query);
    fputs(",\"correction\":", p->out);
    lex_json_string(p->out, correction);
    fprintf(p->out, ",\"correction_used\":%s,\"total\":%lu,",
            used ? "true" : "false", lexdb_hits_total(hits));
    long all_words = lexdb_hits_all_words(hits);
    if (all_words >= 0)
        fprintf(p->out, "\"all_words\":%ld,", all_words);
    else
        fputs("\"all_words\":null,", p->out);
    fprintf(p->out, "\"offset\":%u,\"limit\":%u,\"hits\":[", q->offset,
            q->limit);
}

/* Writes one facet as "kind":[{"value":..,"count":..},...]. */
static void
json_facet(FILE *f, const lexdb_hits_t *hits, const char *kind)
{
    const lexdb_facet_t *facets;
    size_t n = lexdb_hits_facets(hits, kind, &facets);
    fprintf(f, "\"%s\":[", kind);
    for (size_t i = 0; i < n; i++) {
        fputs(i ? ",{\"value\":" : "{\"value\":", f);
        lex_json_string(f, facets[i].value);
        fprintf(f, ",\"count\":%lu}", facets[i].count);
    }
    fputc(']', f);
}

/* Writes highlight spans as [{"start":..,"length":..},...] (UTF-8 bytes). */
static void
json_spans(FILE *f, const lexdb_span_t *spans, size_t n)
{
    fputc('[', f);
    for (size_t i = 0; i < n; i++)
        fprintf(f, "%s{\"start\":%zu,\"length\":%zu}", i ? "," : "",
                spans[i].start, spans[i].length);
    fputc(']', f);
}

/* Writes the citation URLs as an array and the first as "url". */
static void
json_urls(FILE *f, const lex_item_t *it)
{
    fputs(",\"urls\":[", f);
    for (size_t i = 0; i < it->n_urls; i++) {
        if (i)
            fputc(',', f);
        lex_json_string(f, it->urls[i]);
    }
    fputs("],\"url\":", f);
    lex_json_string(f, it->n_urls ? it->urls[0] : NULL);
}

/* Writes ,"key":["ID",...]. */
static void
json_ids(FILE *f, const char *key, char **ids, size_t n)
{
    fprintf(f, ",\"%s\":[", key);
    for (size_t i = 0; i < n; i++) {
        if (i)
            fputc(',', f);
        lex_json_string(f, ids[i]);
    }
    fputc(']', f);
}

/* Writes one hit object. */
static void
json_hit(printer_t *p, const lexdb_hit_t *h)
{
    FILE *f = p->out;
    const lex_item_t *it = h->item;
    char date[16];
    lex_date_format(&it->date, date, sizeof date);
    if (p->lines)
        fprintf(f, "{\"schema\":%d,", JSON_SCHEMA);
    else
        fputs(p->n_printed ? ",{" : "{", f);
    fprintf(f, "\"rank\":%u,\"score\":%.6g,\"percent\":%d,\"id\":", h->rank,
            h->score, h->percent);
    lex_json_string(f, h->id);
    fputs(",\"headline\":", f);
    lex_json_string(f, it->headline);
    fputs(",\"date\":", f);
    lex_json_string(f, *date ? date : NULL);
    fprintf(f, ",\"date_approximate\":%s,\"section\":",
            it->date.approximate ? "true" : "false");
    lex_json_string(f, it->section);
    fputs(",\"file\":", f);
    lex_json_string(f, h->bulletin->path);
    if (it->page) /* a PDF item has a page and no line */
        fprintf(f, ",\"line\":null,\"page\":%u", it->page);
    else
        fprintf(f, ",\"line\":%u,\"page\":null", it->line);
    fprintf(f, ",\"item\":%d,\"footnote\":", it->number);
    if (it->footnote > 0)
        fprintf(f, "%d", it->footnote);
    else
        fputs("null", f);
    if (it->message > 0) {
        fprintf(f, ",\"message\":%d,\"message_id\":", it->message);
        lex_json_string(f, it->message_id);
    }
    fputs(",\"bulletin_title\":", f);
    lex_json_string(f, h->bulletin->title);
    fputs(",\"snippet\":", f);
    lex_json_string(f, h->snippet);
    fputs(",\"highlights\":", f);
    json_spans(f, h->spans, h->n_spans);
    fputs(",\"headline_highlights\":", f);
    json_spans(f, h->headline_spans, h->n_headline_spans);
    json_ids(f, "agencies", it->agencies, it->n_agencies);
    json_ids(f, "laws", it->laws, it->n_laws);
    json_urls(f, it);
    fputs(p->lines ? "}\n" : "}", f);
    p->n_printed++;
}

/* Closes the hits array and the document. */
static void
json_end(printer_t *p, const lexdb_query_t *q, const lexdb_hits_t *hits)
{
    fputc(']', p->out);
    if (q->facets) {
        fputs(",\"facets\":{", p->out);
        json_facet(p->out, hits, "section");
        fputc(',', p->out);
        json_facet(p->out, hits, "month");
        fputc(',', p->out);
        json_facet(p->out, hits, "agency");
        fputc(',', p->out);
        json_facet(p->out, hits, "law");
        fputc('}', p->out);
    }
    const char *const *notices;
    size_t n = lexdb_hits_notices(hits, &notices);
    fputs(",\"notices\":[", p->out);
    for (size_t i = 0; i < n; i++) {
        if (i)
            fputc(',', p->out);
        lex_json_string(p->out, notices[i]);
    }
    fputs("]}\n", p->out);
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
    *p = (printer_t){json_begin, json_hit, json_end, out, false, false, 0};
}

/* Sets up the NDJSON printer: one hit object per line. */
void
printer_init_ndjson(printer_t *p, FILE *out)
{
    *p = (printer_t){ndjson_nothing, json_hit, ndjson_nothing, out, false,
                     true,           0};
}
