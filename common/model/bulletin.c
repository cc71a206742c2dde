/*
 * bulletin.c - building and freeing the bulletin model.
 */
#include "bulletin.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"

/* Allocates an empty bulletin for path. */
lex_bulletin_t *
lex_bulletin_new(const char *path)
{
    lex_bulletin_t *b = calloc(1, sizeof *b);
    if (!b)
        return NULL;
    b->path = strdup(path ? path : "");
    if (!b->path) {
        free(b);
        return NULL;
    }
    return b;
}

/* Appends a zeroed item, numbering it by its position. */
lex_item_t *
lex_bulletin_add_item(lex_bulletin_t *b)
{
    lex_item_t *items =
        lex_grow(b->items, b->n_items, &b->cap_items, sizeof *items);
    if (!items)
        return NULL;
    b->items = items;
    lex_item_t *it = &b->items[b->n_items++];
    memset(it, 0, sizeof *it);
    it->number = (int)b->n_items;
    return it;
}

/* Adds a copy of url to the item's citation list. */
bool
lex_item_add_url(lex_item_t *it, const char *url)
{
    return lex_strings_add(&it->urls, &it->n_urls, url, strlen(url));
}

/* Frees one item's strings. */
static void
item_free(lex_item_t *it)
{
    free(it->headline);
    free(it->body);
    free(it->section);
    lex_strings_free(it->urls, it->n_urls);
    lex_strings_free(it->agencies, it->n_agencies);
    lex_strings_free(it->laws, it->n_laws);
    free(it->message_id);
    free(it->title);
}

/* Appends an id once; entity lists are short, so a scan is enough. */
bool
lex_item_add_id(char ***list, size_t *n, const char *id)
{
    for (size_t i = 0; i < *n; i++)
        if (!strcmp((*list)[i], id))
            return true;
    return lex_strings_add(list, n, id, strlen(id));
}

/* Appends a copy of notice to the bulletin's notices. */
bool
lex_bulletin_add_notice(lex_bulletin_t *b, const char *notice)
{
    return lex_strings_add(&b->notices, &b->n_notices, notice, strlen(notice));
}

/* Frees a bulletin and everything it owns. */
void
lex_bulletin_free(lex_bulletin_t *b)
{
    if (!b)
        return;
    for (size_t i = 0; i < b->n_items; i++)
        item_free(&b->items[i]);
    free(b->items);
    free(b->path);
    free(b->title);
    lex_strings_free(b->notices, b->n_notices);
    free(b);
}

/* Formats a date with as much precision as it has. */
void
lex_date_format(const lex_date_t *d, char *out, size_t outlen)
{
    if (!outlen)
        return;
    if (d->year <= 0)
        out[0] = '\0';
    else if (d->month <= 0)
        snprintf(out, outlen, "%04d", d->year);
    else if (d->day <= 0)
        snprintf(out, outlen, "%04d-%02d", d->year, d->month);
    else
        snprintf(out, outlen, "%04d-%02d-%02d", d->year, d->month, d->day);
}

/* The number written by the n decimal digits at s. */
static int
digits_value(const char *s, size_t n)
{
    int v = 0;
    for (size_t i = 0; i < n; i++)
        v = v * 10 + (s[i] - '0');
    return v;
}

void
lex_date_format_value(const char *v, size_t n, char *out, size_t outlen)
{
    lex_date_t d = {0, 0, 0, false};
    bool digits = n == 8;
    for (size_t i = 0; digits && i < n; i++)
        digits = v[i] >= '0' && v[i] <= '9';
    if (digits) {
        d.year = digits_value(v, 4);
        d.month = digits_value(v + 4, 2);
        d.day = digits_value(v + 6, 2);
    }
    lex_date_format(&d, out, outlen);
}
