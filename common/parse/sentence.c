/*
 * sentence.c - where a sentence ends, for the text parser and the index.
 */
#include "sentence.h"

#include <ctype.h>
#include <string.h>
#include <strings.h>

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

/* The ideographic full stop, U+3002. */
static const char IDEOGRAPHIC_STOP[] = "\xE3\x80\x82";
/* The horizontal ellipsis, U+2026. */
static const char ELLIPSIS[] = "\xE2\x80\xA6";

/* True when the n bytes at s (n > 0) are one of the words a '.' closes
   without ending a sentence. */
static bool
is_abbreviation(const char *s, size_t n)
{
    static const char *const abbreviations[] = {
        "mr",   "mrs",  "ms",   "dr",  "no",  "nos", "incl", "re",
        "art",  "arts", "para", "vs",  "st",  "co",  "ltd",  "inc",
        "jan",  "feb",  "mar",  "apr", "jun", "jul", "aug",  "sep",
        "sept", "oct",  "nov",  "dec", "etc"};
    for (size_t k = 0; k < COUNT(abbreviations); k++)
        if (strlen(abbreviations[k]) == n &&
            strncasecmp(s, abbreviations[k], n) == 0)
            return true;
    return false;
}

/* True when the '.' at s[i] closes an initial ("J.", "e.g.") or an
   abbreviation ("Mr.", "No.") rather than a sentence. */
static bool
closes_abbreviation(const char *s, size_t i)
{
    size_t w = i;
    while (w > 0 && isalpha((unsigned char)s[w - 1]))
        w--;
    return i - w == 1 || (i > w && is_abbreviation(s + w, i - w));
}

/* True when the n bytes at s[i] (of n bytes) are the string m. */
static bool
is_at(const char *s, size_t n, size_t i, const char *m)
{
    size_t k = strlen(m);
    return n - i >= k && memcmp(s + i, m, k) == 0;
}

/* The length of the mark closing a sentence at s[i] ('.', '!', '?', the
   ideographic full stop or an ellipsis), 0 when there is none. */
static size_t
stop_at(const char *s, size_t n, size_t i)
{
    if (s[i] == '.' || s[i] == '!' || s[i] == '?')
        return 1;
    if (is_at(s, n, i, IDEOGRAPHIC_STOP) || is_at(s, n, i, ELLIPSIS))
        return 3;
    return 0;
}

/* The length of the closing quote or bracket at s[i], 0 when none. */
static size_t
closer_at(const char *s, size_t n, size_t i)
{
    static const char *const closers[] = {"\"", ")", "'", "\xE2\x80\x9D",
                                          "\xE2\x80\x99"}; /* ” ’ */
    for (size_t k = 0; i < n && k < COUNT(closers); k++)
        if (is_at(s, n, i, closers[k]))
            return strlen(closers[k]);
    return 0;
}

size_t
lex_sentence_end(const char *s, size_t n, size_t i)
{
    size_t stop = stop_at(s, n, i);
    if (!stop)
        return 0;
    size_t end = i + stop;
    end += closer_at(s, n, end);
    /* Chinese puts no space after its full stop */
    if (is_at(s, n, i, IDEOGRAPHIC_STOP))
        return end;
    if (end == n)
        return end;
    if (s[end] != ' ')
        return 0;
    /* "Mr. Li": the text goes on after an abbreviation's full stop */
    return s[i] == '.' && closes_abbreviation(s, i) ? 0 : end;
}

size_t
lex_sentence_mark_from(const char *s, size_t n, size_t i)
{
    while (i < n && s[i] != '.' && s[i] != '!' && s[i] != '?' &&
           s[i] != IDEOGRAPHIC_STOP[0] && s[i] != ELLIPSIS[0])
        i++;
    return i;
}

bool
lex_ends_sentence(const char *s, size_t n)
{
    /* a teaser cut off by its page: "... audit its...more" */
    static const char *const teasers[] = {
        "...more",           "... more", "\xE2\x80\xA6more",
        "\xE2\x80\xA6 more", "[...]",    "[\xE2\x80\xA6]"};
    for (size_t i = 0; i < COUNT(teasers); i++)
        if (n >= strlen(teasers[i]) &&
            is_at(s, n, n - strlen(teasers[i]), teasers[i]))
            return true;
    /* a mark and a closer take at most six bytes */
    for (size_t i = n > 6 ? n - 6 : 0; i < n; i++)
        if (lex_sentence_end(s, n, i) == n)
            return true;
    return false;
}
