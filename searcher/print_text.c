/*
 * print_text.c - the human-readable result format.
 *
 *    1. Headline
 *       2023-03-16 | Legislation | /path/bulletin.txt:13 item 4
 *       ...snippet with the matched words in bold...
 *       https://source.example/...
 *
 * Every piece of bulletin text goes through lex_fput_safe(), so nothing
 * from a bulletin can reach the terminal as a control sequence.
 */
#include <string.h>

#include "printer.h"
#include "sanitize.h"

#define BOLD "\033[1m"
#define RESET "\033[0m"

/*
 * Says so first when the hits are those of the corrected spelling, and
 * how to search the words as typed.
 */
static void
text_begin(printer_t *p, const lexdb_query_t *q, const lexdb_hits_t *hits)
{
    bool used;
    const char *correction = lexdb_hits_correction(hits, &used);
    if (!correction || !used || lexdb_hits_count(hits) == 0)
        return;
    unsigned long typed = lexdb_hits_typed_total(hits);
    fputs("Showing results for '", p->out);
    lex_fputs_safe(p->out, correction);
    fputs("'; --exact searches as typed", p->out);
    if (typed)
        fprintf(p->out, " (%lu item%s match%s '", typed, typed == 1 ? "" : "s",
                typed == 1 ? "es" : "");
    else
        fputs(" (no items match '", p->out);
    lex_fputs_safe(p->out, q->query);
    fputs("').\n\n", p->out);
}

/* Prints one facet kind as "  kind: value (count), ...". */
static void
print_facet(printer_t *p, const lexdb_hits_t *hits, const char *kind)
{
    const lexdb_facet_t *facets;
    size_t n = lexdb_hits_facets(hits, kind, &facets);
    fprintf(p->out, "  %-8s", kind);
    for (size_t i = 0; i < n; i++) {
        fputs(i ? ", " : " ", p->out);
        lex_fputs_safe(p->out, facets[i].value);
        fprintf(p->out, " (%lu)", facets[i].count);
    }
    fputs(n ? "\n" : " none\n", p->out);
}

/* Prints the date, marking one inferred from the bulletin's month. */
static void
print_date(FILE *f, const lex_date_t *d)
{
    char date[16];
    lex_date_format(d, date, sizeof date);
    fputs(*date ? date : "undated", f);
    if (d->approximate)
        fputs(" (approximate)", f);
}

/* Prints text with its highlight spans in bold when colouring. */
static void
print_marked(printer_t *p, const char *s, const lexdb_span_t *spans,
             size_t n_spans)
{
    size_t pos = 0, len;
    if (!s)
        s = "";
    len = strlen(s);
    for (size_t i = 0; i < n_spans; i++) {
        const lexdb_span_t *sp = &spans[i];
        if (sp->start < pos || sp->start + sp->length > len)
            continue;
        lex_fput_safe(p->out, s + pos, sp->start - pos);
        if (p->color)
            fputs(BOLD, p->out);
        lex_fput_safe(p->out, s + sp->start, sp->length);
        if (p->color)
            fputs(RESET, p->out);
        pos = sp->start + sp->length;
    }
    lex_fput_safe(p->out, s + pos, len - pos);
}

/* Prints "    Agencies: CAC, MIIT | Laws: PIPL" when the item names any. */
static void
print_entities(FILE *f, const lex_item_t *it)
{
    if (!it->n_agencies && !it->n_laws)
        return;
    fputs("    ", f);
    for (size_t i = 0; i < it->n_agencies; i++) {
        fputs(i ? ", " : "Agencies: ", f);
        lex_fputs_safe(f, it->agencies[i]);
    }
    if (it->n_agencies && it->n_laws)
        fputs(" | ", f);
    for (size_t i = 0; i < it->n_laws; i++) {
        fputs(i ? ", " : "Laws: ", f);
        lex_fputs_safe(f, it->laws[i]);
    }
    fputc('\n', f);
}

/* Prints one hit as a four-line block. */
static void
text_hit(printer_t *p, const lexdb_hit_t *h)
{
    const lex_item_t *it = h->item;
    FILE *f = p->out;
    fprintf(f, "%2u. ", h->rank);
    print_marked(p, it->headline, h->headline_spans, h->n_headline_spans);
    fputs("\n    ", f);
    print_date(f, &it->date);
    fputs(" | ", f);
    lex_fputs_safe(f, it->section && *it->section ? it->section : "-");
    fputs(" | ", f);
    lex_fputs_safe(f, h->bulletin->path);
    if (it->message > 0) /* mail: the message in the file, not a line */
        fprintf(f, ":message %d item %d\n", it->message, it->number);
    else if (it->page) /* a PDF: the page, where a text file has its line */
        fprintf(f, " p. %u item %d\n", it->page, it->number);
    else
        fprintf(f, ":%u item %d\n", it->line, it->number);
    print_entities(f, it);
    fputs("    ", f);
    print_marked(p, h->snippet, h->spans, h->n_spans);
    fputc('\n', f);
    if (it->n_urls == 0)
        fputs("    (no source link)\n", f);
    for (size_t i = 0; i < it->n_urls; i++) {
        fputs("    ", f);
        lex_fputs_safe(f, it->urls[i]);
        fputc('\n', f);
    }
    fputc('\n', f);
    p->n_printed++;
}

/* Closes with the range shown and the estimated total. */
static void
text_end(printer_t *p, const lexdb_query_t *q, const lexdb_hits_t *hits)
{
    bool used;
    const char *correction = lexdb_hits_correction(hits, &used);
    long all_words = lexdb_hits_all_words(hits);
    if (p->n_printed)
        fprintf(p->out, "Showing %u-%zu of about %lu matching items.\n",
                q->offset + 1, q->offset + p->n_printed,
                lexdb_hits_total(hits));
    if (p->n_printed && all_words >= 0)
        fprintf(p->out,
                "%ld item%s match%s all words (listed first); the others "
                "match most of them.\n",
                all_words, all_words == 1 ? "" : "s",
                all_words == 1 ? "es" : "");
    if (correction && !used && p->n_printed) {
        fputs("Did you mean '", p->out);
        lex_fputs_safe(p->out, correction);
        fputs("'?\n", p->out);
    }
    if (q->facets && lexdb_hits_total(hits)) {
        fprintf(p->out, "Facets of all %lu matching items:\n",
                lexdb_hits_total(hits));
        print_facet(p, hits, "section");
        print_facet(p, hits, "month");
        print_facet(p, hits, "agency");
        print_facet(p, hits, "law");
    }
}

/* Sets up the text printer. */
void
printer_init_text(printer_t *p, FILE *out, bool color)
{
    *p = (printer_t){.begin = text_begin,
                     .hit = text_hit,
                     .end = text_end,
                     .out = out,
                     .color = color};
}
