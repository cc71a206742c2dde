/*
 * print_json.c - the JSON result format (schema 1, see lexsearch(1)).
 *
 * Field order is fixed and every field is always present (null when it
 * has no value), so scripts can rely on the shape.
 */
#include "json.h"
#include "printer.h"

#define JSON_SCHEMA 1

/* Opens the document: schema, query and totals, then the hits array. */
static void
json_begin(printer_t *p, const lexdb_query_t *q, const lexdb_hits_t *hits)
{
    fprintf(p->out, "{\"schema\":%d,\"query\":", JSON_SCHEMA);
    lex_json_string(p->out, q->query);
    fprintf(p->out, ",\"total\":%lu,\"offset\":%u,\"limit\":%u,\"hits\":[",
            lexdb_hits_total(hits), q->offset, q->limit);
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

/* Writes one hit object. */
static void
json_hit(printer_t *p, const lexdb_hit_t *h)
{
    FILE *f = p->out;
    const lex_item_t *it = h->item;
    char date[16];
    lex_date_format(&it->date, date, sizeof date);
    fprintf(f, "%s{\"rank\":%u,\"score\":%.6g,\"percent\":%d,\"id\":",
            p->n_printed ? "," : "", h->rank, h->score, h->percent);
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
    fprintf(f, ",\"line\":%u,\"item\":%d,\"footnote\":", it->line, it->number);
    if (it->footnote > 0)
        fprintf(f, "%d", it->footnote);
    else
        fputs("null", f);
    fputs(",\"bulletin_title\":", f);
    lex_json_string(f, h->bulletin->title);
    fputs(",\"snippet\":", f);
    lex_json_string(f, h->snippet);
    fputs(",\"highlights\":", f);
    json_spans(f, h->spans, h->n_spans);
    fputs(",\"headline_highlights\":", f);
    json_spans(f, h->headline_spans, h->n_headline_spans);
    json_urls(f, it);
    fputc('}', f);
    p->n_printed++;
}

/* Closes the hits array and the document. */
static void
json_end(printer_t *p, const lexdb_query_t *q, const lexdb_hits_t *hits)
{
    (void)q;
    (void)hits;
    fputs("]}\n", p->out);
}

/* Sets up the JSON printer. */
void
printer_init_json(printer_t *p, FILE *out)
{
    *p = (printer_t){json_begin, json_hit, json_end, out, false, 0};
}
