/*
 * textlines.h - what one line of a bulletin copied from the web is.
 *
 * The plain-text parser (parse_text.c) decides where items start from
 * features of single lines: is it page furniture ("Share", "Subscribe to
 * our newsletter", a cart widget), a byline or a date standing alone, a
 * list number to strip ("1.", "(2)", "（一）", "二、"), a headline or a
 * sentence?  Those per-line judgements live here, apart from the walk
 * over the file, so that each can be tested and documented on its own.
 * Every function takes one cleaned line: valid UTF-8, single spaces, no
 * leading or trailing space.
 */
#ifndef LEX_TEXTLINES_H
#define LEX_TEXTLINES_H

#include <stdbool.h>
#include <stddef.h>

/*
 * True for a line of page furniture that is never bulletin text: share,
 * print and subscribe prompts, menus, cart widgets, "Related" boxes,
 * newsletter preambles ("This newsletter summarises ..."), copyright
 * lines.
 */
bool lex_line_is_chrome(const char *line);

/*
 * Where a "Related reading: ..." box that a page glued to the end of a
 * line starts (at its space), as in "Privacy Digest, 29 July 2022
 * Related reading: ..."; 0 when the line holds none.
 */
size_t lex_inline_chrome_at(const char *line);

/* Counts the space-separated words of s. */
size_t lex_count_words(const char *s);

/* Case-insensitive ASCII substring test. */
bool lex_has_word(const char *s, const char *word);

/* True when the line, less one final colon, is one of the n names. */
bool lex_line_names_one_of(const char *s, const char *const *names,
                           size_t n_names);

/*
 * True for a prompt that closes one entry of a listing page: "Continue
 * reading ...", "Read more".  Such a line is chrome too.
 */
bool lex_line_ends_entry(const char *line);

/* True for a Chinese "label：value" header line ("发文字号：..."). */
bool lex_line_is_metadata(const char *line);

/* True for an author line: "By Jane Doe", "Author: ...", "Posted by ...". */
bool lex_line_is_byline(const char *line);

/*
 * True for a line that is only a date, perhaps with a label or a time:
 * "March 3, 2024", "Published: 2024-03-03", "发布时间：2024年3月22日".
 * Stores the date (year 0 when the line has none).
 */
bool lex_line_is_dateline(const char *line, int *year, int *month, int *day);

/*
 * The bytes of list numbering that open s, space after it included:
 * "1. ", "12) ", "(3) ", "（一）", "二、", "3、"; 0 when there is none.
 */
size_t lex_list_marker_len(const char *s);

/* True when s names a lead section ("Key Highlights", "In this issue"). */
bool lex_is_lead_section(const char *s);

/*
 * How much a short line reads like a headline rather than a sentence of
 * prose, from its own features: positive for a headline (no closing full
 * stop, few words, most words capitalised), negative for prose.
 */
int lex_headline_score(const char *line);

#endif
