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

/* True when the '.' at s[i] ends a sentence rather than "Mr." or "e.g.". */
static bool
full_stop_ends(const char *s, size_t n, size_t i)
{
    if (i + 1 < n && s[i + 1] != ' ')
        return false;
    size_t w = i;
    while (w > 0 && isalpha((unsigned char)s[w - 1]))
        w--;
    if (i - w == 1)
        return false; /* an initial, or "e.g." */
    return i == w || !is_abbreviation(s + w, i - w);
}

size_t
lex_sentence_end(const char *s, size_t n, size_t i)
{
    if (s[i] == '.')
        return full_stop_ends(s, n, i) ? i + 1 : 0;
    if (s[i] == '!' || s[i] == '?')
        return i + 1 == n || s[i + 1] == ' ' ? i + 1 : 0;
    if (n - i >= 3 && memcmp(s + i, IDEOGRAPHIC_STOP, 3) == 0)
        return i + 3;
    return 0;
}

/* True when s[0..n) ends with the string end. */
static bool
ends_with(const char *s, size_t n, const char *end)
{
    size_t k = strlen(end);
    return n >= k && memcmp(s + n - k, end, k) == 0;
}

bool
lex_ends_sentence(const char *s, size_t n)
{
    /* a teaser cut off by its page: "... audit its...more" */
    static const char *const teasers[] = {
        "...more",           "... more", "\xE2\x80\xA6more",
        "\xE2\x80\xA6 more", "[...]",    "[\xE2\x80\xA6]"};
    for (size_t i = 0; i < COUNT(teasers); i++)
        if (ends_with(s, n, teasers[i]))
            return true;
    static const char *const closers[] = {"\"", ")", "'", "\xE2\x80\x9D",
                                          "\xE2\x80\x99"};
    static const char *const stops[] = {".", "!", "?", IDEOGRAPHIC_STOP,
                                        "\xE2\x80\xA6"}; /* … */
    for (int pass = 0; pass < 2; pass++) {
        for (size_t i = 0; i < COUNT(stops); i++)
            if (ends_with(s, n, stops[i]))
                return true;
        /* allow one closing quote or bracket after the full stop */
        bool stripped = false;
        for (size_t i = 0; i < COUNT(closers) && !pass; i++) {
            if (ends_with(s, n, closers[i])) {
                n -= strlen(closers[i]);
                stripped = true;
                break;
            }
        }
        if (!stripped)
            return false;
    }
    return false;
}
