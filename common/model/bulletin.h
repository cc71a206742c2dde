/*
 * bulletin.h - the bulletin model every parser produces and the index
 * consumes.
 *
 * A bulletin is one file: a monthly issue of news items.  Each item has a
 * headline, a body paragraph, the section it sits in, a date (possibly
 * approximate), the footnote number that ends its paragraph and the
 * source URL(s) that footnote resolves to.  Nothing after the parser
 * knows which file format an item came from.
 *
 * All strings are NUL-terminated UTF-8 free of control characters; the
 * parsers guarantee that, so neither the index nor a terminal ever sees
 * raw escape sequences from bulletin text.
 */
#ifndef LEX_BULLETIN_H
#define LEX_BULLETIN_H

#include <stdbool.h>
#include <stddef.h>

#include "status.h"

/* A calendar date; day or month may be 0 when unknown. */
typedef struct {
    int year;
    int month;
    int day;
    bool approximate; /* inferred from the bulletin, not read in the item */
} lex_date_t;

typedef struct {
    int number;    /* 1-based position of the item in its bulletin */
    int footnote;  /* footnote number ending the paragraph, 0 if none */
    unsigned line; /* line in the file where the headline starts; 0 in a PDF */
    unsigned page; /* page of a PDF where the headline starts; else 0 */
    char *headline;
    char *body;
    char *section;
    lex_date_t date;
    char **urls; /* citation URLs the footnote resolves to */
    size_t n_urls;
    char **agencies; /* gazetteer ids of the agencies it mentions */
    size_t n_agencies;
    char **laws; /* gazetteer ids of the laws it mentions */
    size_t n_laws;
    /* Mail only (0 / NULL otherwise): the 1-based message of the file
       the item came from (always 1 for a single message), that
       message's Message-ID (the item's id is "MESSAGE-ID#N", stable
       across runs and folders) and its Subject, when the file holds
       many messages with a title each (an mbox). */
    int message;
    char *message_id;
    char *title;
} lex_item_t;

typedef struct {
    char *path;  /* the file as given on the command line */
    char *title; /* bulletin title, NULL when the file has none */
    int year;    /* issue year and month, 0 when unknown */
    int month;
    char **notices; /* one-line notes for the user, "path: what" (the
                       charset a file was converted from, a message
                       passed over); lexindex prints them */
    size_t n_notices;
    lex_item_t *items;
    size_t n_items;
    size_t cap_items;
} lex_bulletin_t;

/* Allocates an empty bulletin for path; NULL on allocation failure. */
lex_bulletin_t *lex_bulletin_new(const char *path);

/*
 * Appends a zeroed item numbered n_items + 1 and returns it (NULL on
 * allocation failure).  The pointer is valid until the next append.
 */
lex_item_t *lex_bulletin_add_item(lex_bulletin_t *b);

/* Adds a copy of url to the item's citations; false on allocation failure. */
bool lex_item_add_url(lex_item_t *it, const char *url);

/*
 * Adds a copy of id to a list of entity ids (item->agencies or ->laws)
 * unless it is there already; false on allocation failure.
 */
bool lex_item_add_id(char ***list, size_t *n, const char *id);

/* Adds a copy of a one-line notice; false on allocation failure. */
bool lex_bulletin_add_notice(lex_bulletin_t *b, const char *notice);

/* Frees a bulletin and everything it owns; NULL is a no-op. */
void lex_bulletin_free(lex_bulletin_t *b);

/* Formats a date as YYYY-MM-DD (or YYYY-MM, YYYY); "" if year is 0. */
void lex_date_format(const lex_date_t *d, char *out, size_t outlen);

/*
 * Formats a date as the index stores it in a value (the n bytes at v:
 * YYYYMMDD, 00 for an unknown month or day) like lex_date_format; ""
 * for anything else.
 */
void lex_date_format_value(const char *v, size_t n, char *out, size_t outlen);

#endif
