/*
 * parse_text.c - the newsletter plain-text layout.
 *
 * A bulletin in this layout is a sequence of blocks separated by blank
 * lines: an optional title, section headings, and items made of a
 * headline block followed by a paragraph that ends in a footnote number.
 * A numbered list of source URLs ("13. https://...") closes the bulletin,
 * followed perhaps by a disclaimer.  lexsearch-corpus(5) documents the
 * layout; this file is its only implementation.
 *
 * The parser works in three passes: validate the bytes (UTF-8, no NULs),
 * clean and group lines into blocks, then classify the blocks and join
 * footnotes to the reference list.  Dates are resolved last, once the
 * issue month and year are known from the whole file.
 */
#include <ctype.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "buf.h"
#include "dates.h"
#include "parse.h"
#include "sentence.h"
#include "textlines.h"
#include "utf8.h"

_Static_assert(LEX_MAX_LINE_BYTES == 1u << 20, "messages say 1 MiB");
_Static_assert(LEX_MAX_ITEMS == 10000 && LEX_MAX_BLOCKS == 1000000,
               "messages name the limits");

typedef struct {
    char *text;    /* cleaned, lines joined by single spaces */
    unsigned line; /* first line of the block in the file */
    unsigned n_lines;
    size_t first_len; /* bytes of text that came from the first line */
    lex_date_t hint;  /* a date written in a numbered headline, if any */
    bool glued;       /* no blank line above it */
    bool bullet;      /* came from a bulleted line */
    bool numbered;    /* opened with list numbering ("1.", "（一）") */
    bool after_more;  /* first block after a "Continue reading" line */
} block_t;

typedef struct {
    int number;
    size_t seq; /* position in the reference list */
    char *url;
} ref_t;

typedef struct {
    block_t *blocks;
    size_t n_blocks, cap_blocks;
    ref_t *refs;
    size_t n_refs, cap_refs;
    lex_bulletin_t *b;
    const unsigned *src_lines; /* rendered line -> original line, or NULL */
    size_t n_src;
    lex_date_t page_date;  /* from a " date YYYY-MM-DD" prefix, if any */
    lex_date_t text_month; /* the first "Month YYYY" anywhere in the text */
    int cjk_year;          /* a Chinese page's year (lex_find_chinese_year) */
    size_t n_more;         /* "Continue reading" lines: entry ends */
    unsigned lead_end;     /* line of "Follow the links below", or 0 */
    bool more_pending;     /* the next block follows such a line */
    const bool *labels;    /* blocks whose "Topic:" lead-in the page repeats */
    const char *limit; /* which limit was exceeded (LEX_ELIMIT), and where */
    unsigned limit_line;
} parser_t;

/* Section headings recognised by name wherever they appear. */
static const char *const known_sections[] = {
    "Legislation",
    "Legislative Developments",
    "Regulatory Developments",
    "Enforcement",
    "Enforcement Authority",
    "Enforcement Authorities",
    "Enforcement Cases",
    "Enforcement Developments",
    "Courts Litigation",
    "Court Litigation",
    "Courts and Litigation",
    "Litigation",
    "Judicial Developments",
    "Key Highlights",
    "Our View",
    "Industry News",
    "Industry Developments",
    "Industry Updates",
    "Policy Developments",
    "Other Developments",
    "Regulatory Updates",
    "Legislative Updates",
    "Enforcement Updates",
    "Other News",
};

/* ---- pass 1: bytes ------------------------------------------------- */

/* The line of the original file that line came from (see src_lines). */
static unsigned
source_line(const parser_t *p, unsigned line)
{
    if (!p->src_lines)
        return line;
    return line < p->n_src ? p->src_lines[line] : 0;
}

/* The first line longer than LEX_MAX_LINE_BYTES; 0 when there is none. */
static unsigned
overlong_line(const char *data, size_t len)
{
    unsigned line = 1;
    for (size_t pos = 0; pos < len; line++) {
        const char *nl = memchr(data + pos, '\n', len - pos);
        size_t end = nl ? (size_t)(nl - data) : len;
        if (end - pos > LEX_MAX_LINE_BYTES)
            return line;
        pos = end + 1;
    }
    return 0;
}

/* Formats "path:line: message" or, with no known line, "path: message". */
static lex_status_t
located_error(lex_err_t *err, lex_status_t st, const char *path, unsigned line,
              const char *message)
{
    if (line)
        return lex_err_set(err, st, "%s:%u: %s", path, line, message);
    return lex_err_set(err, st, "%s: %s", path, message);
}

/*
 * Refuses empty, UTF-16, binary and non-UTF-8 input, and lines over the
 * length limit, with a precise message.
 */
static lex_status_t
check_bytes(const parser_t *p, const char *path, const char *data, size_t len,
            lex_err_t *err)
{
    const unsigned char *u = (const unsigned char *)data;

    if (lex_utf16_bom(data, len))
        return lex_err_set(err, LEX_EENCODING,
                           "%s: UTF-16 text is not supported; convert it to "
                           "UTF-8 (iconv -f UTF-16 -t UTF-8)",
                           path);
    unsigned long_line = overlong_line(data, len);
    lex_status_t st = lex_utf8_check_input(path, data, len, "", err);
    if (st != LEX_OK)
        return st;
    if (long_line)
        return located_error(err, LEX_ELIMIT, path, source_line(p, long_line),
                             "line longer than the 1 MiB limit");
    for (size_t i = 0; i < len; i++)
        if (!isspace(u[i]))
            return LEX_OK;
    return lex_err_set(err, LEX_EPARSE, "%s: empty file", path);
}

/* ---- pass 2: lines and blocks -------------------------------------- */

/* The length of the run of printable ASCII (no space, no control) that
   s[0..n) opens with. */
static size_t
printable_ascii_run(const char *s, size_t n)
{
    size_t i = 0;
    while (i < n && s[i] > ' ' && s[i] < 0x7F)
        i++;
    return i;
}

/*
 * Appends one raw line to out with controls removed, tabs and odd spaces
 * turned into plain spaces, runs of spaces collapsed and no trailing
 * space.  The bytes are known to be valid UTF-8.
 */
static void
append_clean_line(lex_buf_t *out, const char *s, size_t n)
{
    bool pending_space = out->len > 0;
    size_t i = 0;
    while (i < n) {
        size_t run = printable_ascii_run(s + i, n - i);
        if (run > 0) { /* most of most lines: copied as they are */
            if (pending_space && out->len > 0 && out->data[out->len - 1] != ' ')
                lex_buf_putc(out, ' ');
            pending_space = false;
            lex_buf_append(out, s + i, run);
            i += run;
            continue;
        }
        unsigned cp;
        size_t len = lex_utf8_decode(s + i, n - i, &cp);
        bool space = cp == ' ' || cp == '\t' || cp == 0xA0 || cp == 0x3000 ||
                     (cp >= 0x2000 && cp <= 0x200A) || cp == 0x202F;
        if (space || lex_utf8_is_control(cp) || cp == 0xFEFF) {
            if (space || cp == '\r')
                pending_space = out->len > 0;
            i += len;
            continue;
        }
        if (pending_space && out->len > 0 && out->data[out->len - 1] != ' ')
            lex_buf_putc(out, ' ');
        pending_space = false;
        if (cp == 0x2010 || cp == 0x2011) /* typographic hyphens */
            lex_buf_putc(out, '-');
        else
            lex_buf_append(out, s + i, len);
        i += len;
    }
}

/* Ends the block being collected, if any, and stores it. */
static lex_status_t
flush_block(parser_t *p, lex_buf_t *text, unsigned first, unsigned n_lines,
            size_t first_len, bool glued)
{
    if (text->len == 0)
        return LEX_OK;
    if (p->n_blocks >= LEX_MAX_BLOCKS) {
        p->limit = "more paragraphs than the limit of 1000000 per file";
        p->limit_line = first;
        return LEX_ELIMIT;
    }
    block_t *nb = lex_grow(p->blocks, p->n_blocks, &p->cap_blocks, sizeof *nb);
    if (!nb)
        return LEX_ENOMEM;
    p->blocks = nb;
    char *s = lex_buf_steal(text);
    if (!s)
        return LEX_ENOMEM;
    p->blocks[p->n_blocks++] =
        (block_t){s,     first, n_lines, first_len,      {0},
                  glued, false, false,   p->more_pending};
    p->more_pending = false;
    return LEX_OK;
}

/* True when a raw line opens with a bullet: "•", "·" or "▪". */
static bool
starts_with_bullet(const char *s, size_t n)
{
    while (n > 0 && (*s == ' ' || *s == '\t'))
        s++, n--;
    return (n >= 2 && !memcmp(s, "\xC2\xB7", 2)) ||
           (n >= 3 &&
            (!memcmp(s, "\xE2\x80\xA2", 3) || !memcmp(s, "\xE2\x96\xAA", 3)));
}

/*
 * True when the line ln continues the line prev of a paragraph wrapped
 * by hand rather than starting a block of its own: it opens in lower
 * case ("... and\ncontinues here"), or prev breaks off after a comma,
 * a hyphen, an opening bracket or a small word.
 */
static bool
continues_line(const char *prev, size_t n, const char *ln)
{
    static const char *const small[] = {" the", " of",  " and", " to",   " a",
                                        " in",  " for", " on",  " with", " by"};
    if (n == 0 || starts_with_bullet(ln, strlen(ln)))
        return false;
    if (islower((unsigned char)ln[0]))
        return true;
    if (strchr(",;-(", prev[n - 1]))
        return true;
    for (size_t i = 0; i < sizeof small / sizeof small[0]; i++) {
        size_t k = strlen(small[i]);
        if (n > k && !strncasecmp(prev + n - k, small[i], k))
            return true;
    }
    return false;
}

/*
 * Saved pages may open a line with the page's date as " date 2023-02-14 "
 * before its text: stores the date as the page's and removes the prefix
 * from the cleaned line ln.
 */
static void
take_page_date(parser_t *p, lex_buf_t *ln)
{
    int y, m, d;
    if (ln->len < 16 || strncmp(ln->data, "date ", 5) ||
        !lex_leading_date(ln->data + 5, &y, &m, &d) || !y)
        return;
    size_t k = 5 + strcspn(ln->data + 5, " ");
    while (k < ln->len && ln->data[k] == ' ')
        k++;
    if (!p->page_date.year)
        p->page_date = (lex_date_t){y, m, d, false};
    memmove(ln->data, ln->data + k, ln->len - k + 1);
    ln->len -= k;
}

/*
 * Splits the text into blocks of cleaned text.  A block is one line, or
 * several when later lines continue a paragraph wrapped by hand (see
 * continues_line); a blank line always ends a block.  Lines of page
 * furniture (lex_line_is_chrome) are dropped as if they were blank.
 */
static lex_status_t
collect_blocks(parser_t *p, const char *data, size_t len)
{
    lex_buf_t text = LEX_BUF_INIT, ln = LEX_BUF_INIT;
    unsigned line = 0, first = 0, n_lines = 0;
    size_t pos = 0, first_len = 0, last_start = 0;
    bool glued = false, blank = true;
    lex_status_t st = LEX_OK;

    if (len >= 3 && !memcmp(data, "\xEF\xBB\xBF", 3))
        pos = 3;
    while (pos < len && st == LEX_OK) {
        const char *nl = memchr(data + pos, '\n', len - pos);
        size_t end = nl ? (size_t)(nl - data) : len;
        line++;
        ln.len = 0;
        append_clean_line(&ln, data + pos, end - pos);
        pos = end + 1;
        if (lex_buf_failed(&ln))
            break;
        if (ln.len)
            take_page_date(p, &ln);
        size_t box = ln.len ? lex_inline_chrome_at(ln.data) : 0;
        if (box) { /* "Digest, 29 July 2022 Related reading: ..." */
            ln.len = box;
            ln.data[box] = '\0';
        }
        if (ln.len == 0 || lex_line_is_chrome(ln.data)) {
            st = flush_block(p, &text, first, n_lines, first_len, glued);
            if (ln.len && !p->lead_end &&
                !strncasecmp(ln.data, "Follow the links below", 22))
                p->lead_end = line; /* the lead of the page ends here */
            if (ln.len && lex_line_ends_entry(ln.data)) {
                p->n_more++;
                p->more_pending = true;
            }
            n_lines = 0;
            blank = blank || ln.len == 0;
            continue;
        }
        if (n_lines > 0 && continues_line(text.data + last_start,
                                          text.len - last_start, ln.data)) {
            last_start = text.len + 1;
            lex_buf_putc(&text, ' ');
            lex_buf_append(&text, ln.data, ln.len);
            n_lines++;
            continue;
        }
        st = flush_block(p, &text, first, n_lines, first_len, glued);
        glued = !blank;
        blank = false;
        first = line;
        n_lines = 1;
        last_start = 0;
        lex_buf_append(&text, ln.data, ln.len);
        first_len = text.len;
    }
    if (st == LEX_OK)
        st = flush_block(p, &text, first, n_lines, first_len, glued);
    if (lex_buf_failed(&text) || lex_buf_failed(&ln))
        st = LEX_ENOMEM;
    lex_buf_free(&text);
    lex_buf_free(&ln);
    return st;
}

/* ---- pass 3: classifying blocks ------------------------------------ */

/*
 * Finds a footnote number at the end of a paragraph: "... capacity. 1",
 * "... capacity.1" or "... capacity [1]".  Stores the number and the
 * length of the text without it; false when there is none.
 */
static bool
trailing_footnote(const char *s, int *number, size_t *text_len)
{
    size_t n = strlen(s), end = n;
    bool bracket = n > 0 && s[n - 1] == ']';
    if (bracket)
        end--;
    size_t d = end;
    while (d > 0 && end - d < 3 && isdigit((unsigned char)s[d - 1]))
        d--;
    if (d == end || d == 0 || isdigit((unsigned char)s[d - 1]))
        return false;
    size_t t = d;
    if (bracket) {
        if (s[t - 1] != '[' || t == 1)
            return false; /* "[1]" alone is no paragraph's footnote */
        t--;
    }
    bool spaced = s[t - 1] == ' ';
    while (t > 0 && s[t - 1] == ' ')
        t--;
    if (t == 0)
        return false;
    /* "in 2022 1" is fine, but a bare "... Article 5" is not a footnote */
    if (!bracket && !lex_ends_sentence(s, t))
        return false;
    /* "capacity.1" needs a letter or closer before the stop */
    if (!bracket && !spaced && t >= 2 && isdigit((unsigned char)s[t - 2]))
        return false;
    /* "Order No.6" and "Art.5" number a document, not a footnote */
    if (!bracket && !spaced && t >= 3 &&
        (!strncasecmp(s + t - 3, "No.", 3) ||
         (t >= 4 && !strncasecmp(s + t - 4, "Art.", 4))))
        return false;
    *number = atoi(s + d);
    *text_len = t;
    return *number > 0;
}

/* True when s holds CJK ideographs (UTF-8 lead bytes E3-E9). */
static bool
has_cjk(const char *s)
{
    for (const unsigned char *u = (const unsigned char *)s; *u; u++)
        if (*u >= 0xE3 && *u <= 0xE9)
            return true;
    return false;
}

/* A paragraph: dated, footnoted, or a long run of sentences. */
static bool
is_paragraph(const block_t *bl)
{
    int fn, y, m, d;
    size_t tl, n = strlen(bl->text);
    if (trailing_footnote(bl->text, &fn, &tl))
        return true;
    /* a dated opening makes a paragraph, unless it is headline-short */
    if ((lex_leading_date(bl->text, &y, &m, &d) ||
         !strncmp(bl->text, "Recently,", 9)) &&
        lex_count_words(bl->text) >= 8)
        return true;
    if (n >= 300)
        return true;
    if (has_cjk(bl->text)) /* Chinese: no spaces to count words by */
        return (lex_ends_sentence(bl->text, n) && n >= 45) || n >= 150;
    /* thirty words are prose even when a teaser breaks off unfinished */
    return (lex_ends_sentence(bl->text, n) &&
            lex_count_words(bl->text) >= 12) ||
           lex_count_words(bl->text) >= 30;
}

static bool
is_known_section(const char *s)
{
    size_t n = strlen(s);
    if (n > 0 && s[n - 1] == ':')
        n--;
    for (size_t i = 0; i < sizeof known_sections / sizeof known_sections[0];
         i++)
        if (strlen(known_sections[i]) == n &&
            !strncasecmp(s, known_sections[i], n))
            return true;
    return false;
}

/* Drops the colon some bulletins put after a heading ("Enforcement:"). */
static const char *
strip_colon(char *heading)
{
    size_t n = strlen(heading);
    if (n > 1 && heading[n - 1] == ':')
        heading[n - 1] = '\0';
    return heading;
}

/* The closing legal boilerplate, which is not news. */
static bool
is_disclaimer(const char *s)
{
    return !strncasecmp(s, "Disclaimer", 10) ||
           !strncasecmp(s, "The content of this article is intended", 39) ||
           strstr(s, "general guide to the subject matter") != NULL;
}

/* Length of the URL starting at s, without trailing punctuation. */
static size_t
url_len(const char *s)
{
    size_t n = 0;
    while (s[n] && s[n] != ' ')
        n++;
    while (n > 0 && strchr(".,;:>\"'", s[n - 1]))
        n--;
    if (n > 0 && s[n - 1] == ')' && !memchr(s, '(', n))
        n--;
    return n;
}

static const char *
find_url(const char *s)
{
    const char *a = strstr(s, "http://"), *b = strstr(s, "https://");
    if (!a)
        return b;
    if (!b)
        return a;
    return a < b ? a : b;
}

/* "13. https://..." or "[13] https://...": the number, 0 if not a ref. */
static int
reference_number(const char *s)
{
    const char *p = s;
    bool bracket = *p == '[';
    if (bracket)
        p++;
    int v = 0, digits = 0;
    while (isdigit((unsigned char)*p) && digits < 4) {
        v = v * 10 + (*p++ - '0');
        digits++;
    }
    if (!digits)
        return 0;
    if (!bracket && *p == ' ' &&
        (!strncmp(p + 1, "http://", 7) || !strncmp(p + 1, "https://", 8)))
        return v; /* "7 http://...": the number and the link alone */
    if (bracket ? *p != ']' : (*p != '.' && *p != ')'))
        return 0;
    p++;
    if (*p != ' ' && *p != '\0')
        return 0;
    return find_url(p) ? v : 0;
}

/* Appends a reference entry's URL (n bytes at url) for footnote number. */
static lex_status_t
add_ref(parser_t *p, int number, const char *url, size_t n)
{
    if (p->n_refs >= LEX_MAX_BLOCKS) {
        p->limit = "more reference entries than the limit of 1000000 per file";
        return LEX_ELIMIT;
    }
    ref_t *nr = lex_grow(p->refs, p->n_refs, &p->cap_refs, sizeof *nr);
    if (!nr)
        return LEX_ENOMEM;
    p->refs = nr;
    char *u = strndup(url, n);
    if (!u)
        return LEX_ENOMEM;
    p->refs[p->n_refs] = (ref_t){number, p->n_refs, u};
    p->n_refs++;
    return LEX_OK;
}

/*
 * Reads the URLs of a reference block.  A block whose lines were joined
 * may hold several entries ("1. url 2. url"), so the text is scanned for
 * entry numbers; URLs after an entry belong to it.
 */
static lex_status_t
read_references(parser_t *p, const char *s)
{
    int current = 0;
    while (*s) {
        while (*s == ' ')
            s++;
        int num = reference_number(s);
        if (num) {
            current = num;
            s = strchr(s, ' ');
            if (!s)
                break;
            continue;
        }
        if (current &&
            (!strncmp(s, "http://", 7) || !strncmp(s, "https://", 8))) {
            size_t n = url_len(s);
            lex_status_t st = add_ref(p, current, s, n);
            if (st != LEX_OK)
                return st;
        }
        const char *sp = strchr(s, ' ');
        if (!sp)
            break;
        s = sp;
    }
    return LEX_OK;
}

/* True when s names a month and year ("April 2023") or has one of words. */
static bool
names_month_or_word(const char *s, const char *const *words, size_t n)
{
    int y, m;
    if (lex_find_month_year(s, &y, &m))
        return true;
    for (size_t i = 0; i < n; i++)
        if (lex_has_word(s, words[i]))
            return true;
    return false;
}

/* A leading block that names the bulletin rather than a section. */
static bool
looks_like_title(const char *s)
{
    static const char *const words[] = {"bulletin", "newsletter", "digest",
                                        "update",   "issue",      "review"};
    return names_month_or_word(s, words, sizeof words / sizeof words[0]);
}

static size_t topic_len(const char *s);

/*
 * Stricter than looks_like_title, for a line that could be a headline:
 * it names a month and year ("April 2023") or calls itself a newsletter,
 * bulletin, digest, roundup or brief.
 */
static bool
names_the_issue(const char *s)
{
    static const char *const words[] = {"newsletter", "bulletin", "digest",
                                        "roundup",    "round-up", "monthly",
                                        "weekly",     "quarterly"};
    return names_month_or_word(s, words, sizeof words / sizeof words[0]);
}

/*
 * The headline of an item that has none: a "Topic:" lead-in, else the
 * first sentence (cut at a word after 150 bytes).
 */
static char *
untitled_headline(char *body)
{
    size_t topic = topic_len(body);
    if (topic) {
        char *h = strndup(body, topic - 2);
        memmove(body, body + topic, strlen(body + topic) + 1);
        return h;
    }
    size_t n = strlen(body), cut = n;
    for (size_t i = 0; i < n; i++)
        if ((strchr(".!?", body[i]) && (body[i + 1] == ' ' || !body[i + 1]) &&
             i > 20) ||
            !strncmp(body + i, "\xE3\x80\x82", 3)) {
            cut = i + (body[i] == '\xE3' ? 3 : 1);
            break;
        }
    if (cut > 150) {
        cut = 150;
        while (cut > 0 && body[cut] != ' ')
            cut--;
        if (cut == 0)
            for (cut = 150; (body[cut] & 0xC0) == 0x80; cut--)
                ;
    }
    lex_buf_t h = LEX_BUF_INIT;
    lex_buf_append(&h, body, cut);
    if (cut < n && body[cut - 1] != '.' && body[cut - 1] != '?' &&
        body[cut - 1] != '!')
        lex_buf_puts(&h, "...");
    return lex_buf_steal(&h);
}

/*
 * Cuts the site's name off a Chinese headline saved from a page title,
 * "国家网信办发布……征求意见｜科技资讯频道": after the last "｜" or " | ",
 * at most ten ideographs and nothing else.
 */
static void
drop_site_name(char *h)
{
    char *bar = NULL;
    for (char *c = h; (c = strstr(c, "\xEF\xBD\x9C")) != NULL; c += 3)
        bar = c; /* ｜ */
    char *ascii = strstr(h, " | ");
    if (!bar && ascii && !strstr(ascii + 3, " | "))
        bar = ascii; /* both separators are three bytes long */
    if (!bar || bar == h || !has_cjk(h))
        return;
    const unsigned char *t = (const unsigned char *)bar + 3;
    size_t n = 0;
    while (t[0] >= 0xE4 && t[0] <= 0xE9 && t[1] && t[2] && n < 11) {
        t += 3;
        n++;
    }
    if (*t || n == 0 || n > 10)
        return;
    while (bar > h && bar[-1] == ' ')
        bar--;
    *bar = '\0';
}

/* Adds an item from a headline (may be NULL) and a body block. */
static lex_status_t
add_item(parser_t *p, const block_t *head, const block_t *body,
         const char *section)
{
    if (p->b->n_items >= LEX_MAX_ITEMS) {
        p->limit = "more items than the limit of 10000 per file";
        p->limit_line = head ? head->line : body->line;
        return LEX_ELIMIT;
    }
    lex_item_t *it = lex_bulletin_add_item(p->b);
    if (!it)
        return LEX_ENOMEM;
    int fn = 0;
    size_t tl = strlen(body->text);
    if (trailing_footnote(body->text, &fn, &tl))
        it->footnote = fn;
    it->line = head ? head->line : body->line;
    it->body = strndup(body->text, tl);
    it->section = strdup(section);
    if (head) {
        it->headline = strdup(head->text);
        if (it->headline)
            drop_site_name(it->headline);
        if (head->hint.month)
            it->date = head->hint;
    } else if (it->body) {
        int y, m, d;
        it->headline = untitled_headline(it->body);
        /* a note without a headline is dated by the first date of its
           prose: "... took effect 19 April", "On to X: on 27 July ..." */
        if (!lex_leading_date(it->body, &y, &m, &d) &&
            lex_find_prose_date(it->body, &y, &m, &d))
            it->date = (lex_date_t){y, m, d, false};
    }
    if (!it->body || !it->section || !it->headline)
        return LEX_ENOMEM;
    return LEX_OK;
}

/*
 * Appends a continuation paragraph to the previous item's body; a link
 * alone on its line becomes one of the item's links instead.
 */
static lex_status_t
extend_item(parser_t *p, lex_item_t *it, const block_t *body)
{
    int fn = 0;
    size_t tl = strlen(body->text);
    if (find_url(body->text) == body->text && !strchr(body->text, ' ') &&
        it->n_urls < LEX_MAX_URLS) {
        /* a link printed on its own line under the item is its source */
        char *u = strndup(body->text, url_len(body->text));
        bool ok = u && lex_item_add_url(it, u);
        free(u);
        return ok ? LEX_OK : LEX_ENOMEM;
    }
    if (trailing_footnote(body->text, &fn, &tl) && !it->footnote)
        it->footnote = fn;
    size_t old = strlen(it->body);
    if (old + 1 + tl > LEX_MAX_LINE_BYTES) {
        p->limit = "item text longer than the 1 MiB limit";
        p->limit_line = body->line;
        return LEX_ELIMIT;
    }
    char *nb = realloc(it->body, old + 1 + tl + 1);
    if (!nb)
        return LEX_ENOMEM;
    nb[old] = ' ';
    memcpy(nb + old + 1, body->text, tl);
    nb[old + 1 + tl] = '\0';
    it->body = nb;
    return LEX_OK;
}

/* Appends a block made of n bytes of text, owning a copy. */
static bool
push_block(block_t **out, size_t *n, size_t *cap, const char *text, size_t len,
           unsigned line, lex_date_t hint)
{
    block_t *nb = lex_grow(*out, *n, cap, sizeof *nb);
    if (!nb)
        return false;
    *out = nb;
    while (len > 0 && text[len - 1] == ' ')
        len--;
    char *t = strndup(text, len);
    if (!t)
        return false;
    (*out)[(*n)++] =
        (block_t){t, line, 1, len, hint, false, false, false, false};
    return true;
}

/* Length of a bullet marker ("• ", "- ", "* ") at s, 0 if none. */
static size_t
bullet_len(const char *s)
{
    static const char *const bullets[] = {"\xE2\x80\xA2 ", "\xC2\xB7 ",
                                          "\xE2\x96\xAA ", "- ", "* "};
    for (size_t i = 0; i < sizeof bullets / sizeof bullets[0]; i++)
        if (!strncmp(s, bullets[i], strlen(bullets[i])))
            return strlen(bullets[i]);
    return 0;
}

/*
 * The length of a "Topic: " lead-in at s (up to and including ": "), or
 * 0: a topic is short, has no sentence inside it, and is followed by a
 * real paragraph.
 */
static size_t
topic_len(const char *s)
{
    const char *colon = strstr(s, ": ");
    if (!colon || colon - s > 120 || colon == s || islower((unsigned char)*s))
        return 0; /* "civil law: ..." is a point of a list, not a topic */
    size_t n = (size_t)(colon - s);
    char head[128];
    memcpy(head, s, n);
    head[n] = '\0';
    int y, m, d;
    if (lex_count_words(head) > 12 || memchr(head, '.', n) ||
        memchr(head, ',', n) || lex_leading_date(head, &y, &m, &d))
        return 0;
    block_t rest = {
        (char *)colon + 2, 0, 1, 0, {0}, false, false, false, false};
    return is_paragraph(&rest) ? n + 2 : 0;
}

/*
 * The date in brackets that ends a headline, "(5 February)" or
 * "（2024年3月22日）": stores it in *hint and returns where the bracket
 * opens, or NULL when the text does not end that way.
 */
static const char *
trailing_date(const char *p, size_t n, lex_date_t *hint)
{
    static const char *const pairs[][2] = {{"(", ")"},
                                           {"\xEF\xBC\x88", "\xEF\xBC\x89"}};
    int y, m, d;
    for (size_t i = 0; i < 2; i++) {
        size_t ko = strlen(pairs[i][0]), kc = strlen(pairs[i][1]);
        if (n < kc || memcmp(p + n - kc, pairs[i][1], kc))
            continue;
        const char *open = NULL;
        for (const char *c = p; c + ko <= p + n - kc; c++)
            if (!memcmp(c, pairs[i][0], ko))
                open = c;
        size_t k = open ? (size_t)(p + n - kc - open - ko) : 0;
        char inner[64];
        if (!open || k >= sizeof inner)
            continue;
        memcpy(inner, open + ko, k);
        inner[k] = '\0';
        if (lex_leading_date(inner, &y, &m, &d) && strlen(inner) <= 24) {
            *hint = (lex_date_t){y, m, d, false};
            return open;
        }
    }
    return NULL;
}

/*
 * "1. Headline (5 February)", "（一）标题", "(2) Headline": strips the
 * list number and, from a line short enough to be a headline, the date
 * in brackets at its end, which it stores in *hint.  Returns the length
 * of the text left at *s.
 */
static size_t
numbered_headline(const char **s, lex_date_t *hint)
{
    const char *p = *s;
    if (find_url(p))
        return strlen(p); /* a reference entry keeps its number */
    p += lex_list_marker_len(p);
    size_t n = strlen(p);
    const char *open;
    if (lex_count_words(p) <= 40 && !lex_ends_sentence(p, n) &&
        (open = trailing_date(p, n, hint)) != NULL) {
        n = (size_t)(open - p);
        while (n > 0 && p[n - 1] == ' ')
            n--;
    }
    *s = p;
    return n;
}

/*
 * Copies the n bytes at s into buf (size bytes) as a C string, for the
 * line tests that take one; false when they are empty or do not fit.
 */
static bool
copy_span(char *buf, size_t size, const char *s, size_t n)
{
    if (n == 0 || n >= size)
        return false;
    memcpy(buf, s, n);
    buf[n] = '\0';
    return true;
}

/* True when a one-line text reads like a headline rather than prose. */
static bool
headline_like(const char *s, size_t n)
{
    char buf[512];
    if (!copy_span(buf, sizeof buf, s, n))
        return false;
    int y, m, d;
    return !lex_ends_sentence(buf, n) && lex_count_words(buf) <= 25 &&
           !lex_leading_date(buf, &y, &m, &d) && !reference_number(buf);
}

/*
 * Splits blocks that hold more than one part of an item: a bullet
 * "• Topic: text", a headline directly above its paragraph with no blank
 * line, and numbered headlines with their date in brackets.
 */
static lex_status_t
normalize_blocks(parser_t *p)
{
    block_t *out = NULL;
    size_t n = 0, cap = 0;
    bool ok = true;
    for (size_t i = 0; i < p->n_blocks && ok; i++) {
        block_t *bl = &p->blocks[i];
        const char *t = bl->text;
        lex_date_t hint = {0};
        size_t b = bullet_len(t), topic;
        if (b && (topic = topic_len(t + b)) > 0 &&
            !islower((unsigned char)t[b])) {
            ok = push_block(&out, &n, &cap, t + b, topic - 2, bl->line, hint) &&
                 push_block(&out, &n, &cap, t + b + topic,
                            strlen(t + b + topic), bl->line, hint);
            if (ok) {
                out[n - 1].bullet = out[n - 2].bullet = true;
                out[n - 2].after_more = bl->after_more;
            }
            continue;
        }
        if (b)
            t += b;
        const char *h = t;
        size_t hl = numbered_headline(&h, &hint);
        size_t first = bl->first_len - (size_t)(t - bl->text);
        if (bl->n_lines >= 2 && first < strlen(t) && headline_like(t, first)) {
            block_t rest = {(char *)t + first + 1,
                            0,
                            1,
                            0,
                            {0},
                            false,
                            false,
                            false,
                            false};
            if (is_paragraph(&rest)) {
                h = t;
                hl = numbered_headline(&h, &hint);
                if (hl > first - (size_t)(h - t))
                    hl = first - (size_t)(h - t);
                ok = push_block(&out, &n, &cap, h, hl, bl->line, hint) &&
                     push_block(&out, &n, &cap, rest.text, strlen(rest.text),
                                bl->line + 1, (lex_date_t){0});
                if (ok)
                    out[n - 2].after_more = bl->after_more;
                continue;
            }
        }
        ok = push_block(&out, &n, &cap, h, hl, bl->line, hint);
        if (ok) {
            out[n - 1].n_lines = bl->n_lines;
            out[n - 1].bullet = b > 0;
            out[n - 1].glued = bl->glued;
            out[n - 1].numbered = h != t && !find_url(t);
            out[n - 1].after_more = bl->after_more;
        }
    }
    for (size_t i = 0; i < p->n_blocks; i++)
        free(p->blocks[i].text);
    free(p->blocks);
    p->blocks = out;
    p->n_blocks = n;
    p->cap_blocks = cap;
    return ok ? LEX_OK : LEX_ENOMEM;
}

/*
 * True when the n bytes at s read as a page title with its date ("China
 * Data Update 12 May 2023"), not as a headline that happens to end in a
 * section's name ("... in market regulation law enforcement").
 */
static bool
title_before(const char *s, size_t n)
{
    char buf[256];
    return copy_span(buf, sizeof buf, s, n) && looks_like_title(buf);
}

/*
 * A block before the first item that ends in a known section heading
 * ("12 May 2023 LEGISLATION"): returns where the heading starts, or NULL.
 */
static char *
glued_section(char *s)
{
    for (char *sp = strchr(s, ' '); sp; sp = strchr(sp + 1, ' '))
        if (is_known_section(sp + 1) && isupper((unsigned char)sp[1]) &&
            title_before(s, (size_t)(sp - s)))
            return sp + 1;
    return NULL;
}

/*
 * True when a paragraph opens with a "Topic:" lead-in that names its own
 * subject.  A lead-in the page repeats ("Recommended actions:" under
 * every point) is a label inside each item, not the topic of a new one.
 */
static bool
opens_with_topic(const parser_t *p, const block_t *bl)
{
    return topic_len(bl->text) &&
           !(p->labels && p->labels[(size_t)(bl - p->blocks)]);
}

/*
 * True when s opens a division of a quoted legal text: "第一章 总则",
 * "第三条 ...", "第2节" (chapter, section, article or part, numbered in
 * Chinese numerals or digits).  A notice that prints a regulation in
 * full runs through such lines; they belong to the notice's item.
 */
static bool
is_legal_division(const char *s)
{
    static const char *const units[] = {"章", "节", "条", "编"};
    static const char digits[] = "一二三四五六七八九十百零〇两";
    if (strncmp(s, "第", strlen("第")))
        return false;
    const char *t = s + strlen("第");
    size_t n = 0;
    for (;; n++) {
        char one[8] = {0};
        unsigned cp;
        if (isdigit((unsigned char)*t)) {
            t++;
            continue;
        }
        size_t len = *t ? lex_utf8_decode(t, strnlen(t, 4), &cp) : 0;
        if (len < 3)
            break;
        memcpy(one, t, len);
        if (!strstr(digits, one))
            break;
        t += len;
    }
    for (size_t i = 0; n > 0 && i < sizeof units / sizeof units[0]; i++)
        if (!strncmp(t, units[i], strlen(units[i])))
            return true;
    return false;
}

/*
 * A paragraph with no headline above it is a new item, not more of the
 * last one, when it opens with its own date or "Topic:", or when both
 * it and the last item end in footnotes.
 */
static bool
starts_new_item(const parser_t *p, const block_t *bl)
{
    int y, m, d, fn;
    size_t tl;
    const lex_item_t *last = &p->b->items[p->b->n_items - 1];
    return lex_leading_date(bl->text, &y, &m, &d) || opens_with_topic(p, bl) ||
           (last->footnote && trailing_footnote(bl->text, &fn, &tl));
}

/*
 * A paragraph before any item that still opens an item of its own: it
 * opens with a date or "Topic:", or ends in a footnote.
 */
static bool
starts_new_item_here(const parser_t *p, const block_t *bl)
{
    int y, m, d, fn;
    size_t tl;
    return lex_leading_date(bl->text, &y, &m, &d) || opens_with_topic(p, bl) ||
           trailing_footnote(bl->text, &fn, &tl);
}

static bool opens_like_news(const char *s);

/*
 * On a page of notes, a paragraph continues the note above it rather
 * than starting one when it opens in lower case or with a word that
 * points back ("It", "This", "However", "In addition").
 */
static bool
continues_note(const parser_t *p, const block_t *bl)
{
    int fn;
    size_t tl;
    int y, m, d;
    if (p->n_more) /* entries end at "Continue reading", or at a date */
        return !bl->after_more && !lex_leading_date(bl->text, &y, &m, &d);
    if (p->b->items[p->b->n_items - 1].footnote &&
        !trailing_footnote(bl->text, &fn, &tl))
        return true;
    static const char *const back[] = {
        "It ",    "Its ",     "This ",       "These ",    "They ",
        "Their ", "However",  "In addition", "Moreover",  "Further",
        "Also,",  "The move", "The rules",   "The draft", "The measures",
        "Such ",  "Meanwhile"};
    static const char *const times[] = {"This year", "This week", "This month"};
    const char *t = bl->text;
    if (islower((unsigned char)*t))
        return true;
    for (size_t i = 0; i < sizeof times / sizeof times[0]; i++)
        if (!strncmp(t, times[i], strlen(times[i])))
            return false; /* "This year, 1 Oct. brought ...": a new note */
    for (size_t i = 0; i < sizeof back / sizeof back[0]; i++)
        if (!strncmp(t, back[i], strlen(back[i])))
            return true;
    return false;
}

/*
 * On a page of headlines, a paragraph with no headline above it belongs
 * to the last item when that item has no paragraph yet (only metadata
 * lines under its headline) and the paragraph does not open a note of
 * its own, or when the page ends each entry with "Continue reading" and
 * none came since the item's headline.
 */
static bool
continues_entry(const parser_t *p, const block_t *bl, bool headline_only)
{
    if (p->n_more >= 2)
        return !bl->after_more;
    return headline_only && !starts_new_item(p, bl);
}

/* The first block is a title when "Topic: text" paragraphs follow it. */
static bool
title_above_topics(const parser_t *p, size_t i)
{
    if (i != 0 || p->n_blocks < 2 || !looks_like_title(p->blocks[0].text))
        return false;
    return is_paragraph(&p->blocks[1]) && topic_len(p->blocks[1].text);
}

/* What a block is, decided over the whole file before items are built. */
typedef enum {
    ROLE_TEXT,     /* a paragraph, or text still to place */
    ROLE_HEAD,     /* a headline: the next text block is a paragraph */
    ROLE_SECTION,  /* a known section heading */
    ROLE_REF,      /* a reference list entry */
    ROLE_DATELINE, /* a line that is only a date */
    ROLE_SKIP,     /* trailer, disclaimer, byline, repeated line */
} role_t;

/* How the page lays its items out (see page_layout). */
typedef enum {
    PAGE_HEADLINES, /* headlines above paragraphs */
    PAGE_ARTICLE,   /* one title above body paragraphs: one item */
    PAGE_NOTES,     /* paragraphs with no headlines, each an item */
} layout_t;

/* "Footnotes", "References", "Sources" above a reference list. */
static bool
is_reference_heading(const char *s)
{
    static const char *const names[] = {"Footnotes", "References", "Sources",
                                        "Notes",     "Endnotes",   "Links"};
    return lex_line_names_one_of(s, names, sizeof names / sizeof names[0]);
}

/*
 * True when s opens the first of a page's end notes without links:
 * "[1] Personal Information Protection Law ...".
 */
static bool
opens_first_note(const char *s)
{
    return !strncmp(s, "[1] ", 4) || !strncmp(s, "1. ", 3) ||
           !strncmp(s, "1) ", 3);
}

/*
 * A span of a block's text (the whole line, or its "Topic:" lead-in) and
 * the block's position, sorted to find the blocks that repeat it.
 */
typedef struct {
    const char *text;
    size_t len, index;
} span_ref_t;

/* qsort comparison of span_ref_t by text, then length, then position. */
static int
compare_span_refs(const void *a, const void *b)
{
    const span_ref_t *x = a, *y = b;
    size_t n = x->len < y->len ? x->len : y->len;
    int c = memcmp(x->text, y->text, n);
    if (!c)
        c = (x->len > y->len) - (x->len < y->len);
    return c ? c : (x->index > y->index) - (x->index < y->index);
}

/* What a repeat marker sees of a block: its span, if it has one. */
typedef bool (*span_fn)(const char *text, size_t *len);

/* Sets marks for the n copies of one span, in the order of the page. */
typedef void (*mark_fn)(const parser_t *p, const span_ref_t *copies, size_t n,
                        bool *marks);

/*
 * Clears marks[] and then hands each group of blocks whose spans are the
 * same text to mark, in n log n (a sort, not a pairwise comparison: a
 * page may have a million blocks).  Returns false when out of memory.
 */
static bool
mark_copies(const parser_t *p, span_fn span, mark_fn mark, bool *marks)
{
    span_ref_t *order = malloc((p->n_blocks + 1) * sizeof *order);
    if (!order)
        return false;
    size_t n = 0, len;
    for (size_t i = 0; i < p->n_blocks; i++) {
        marks[i] = false;
        if (span(p->blocks[i].text, &len))
            order[n++] = (span_ref_t){p->blocks[i].text, len, i};
    }
    qsort(order, n, sizeof *order, compare_span_refs);
    for (size_t i = 0; i < n;) {
        size_t j = i + 1;
        while (j < n && order[j].len == order[i].len &&
               !memcmp(order[j].text, order[i].text, order[i].len))
            j++;
        mark(p, order + i, j - i, marks);
        i = j;
    }
    free(order);
    return true;
}

/* The whole line is the span: every block has one. */
static bool
whole_line(const char *text, size_t *len)
{
    *len = strlen(text);
    return true;
}

/*
 * True when block i is directly followed by a paragraph of prose (twenty
 * words or more): then it heads an item, even when
 * another item bears the same headline, and is no table-of-contents line.
 */
static bool
heads_prose(const parser_t *p, size_t i)
{
    if (i + 1 >= p->n_blocks)
        return false;
    const char *next = p->blocks[i + 1].text;
    return lex_count_words(next) >= 20; /* a footnote number may end it */
}

/*
 * Marks the copies of one short line that the page repeats: a line that
 * stands three times or more ("Recommended actions" under each item) is
 * a label, and of a line that stands twice or more the copies before the
 * last are a table of contents or a repeated page title, unless prose
 * follows the copy (two items with one headline).  Either way the block
 * is skipped; only the last copy of a line repeated fewer than three
 * times is read.
 */
static void
skip_repeated_line(const parser_t *p, const span_ref_t *copies, size_t n,
                   bool *skip)
{
    const char *t = copies[0].text;
    bool short_line =
        lex_count_words(t) <= 30 && !lex_ends_sentence(t, copies[0].len);
    if (!short_line || n < 2)
        return;
    for (size_t k = 0; k < n; k++)
        skip[copies[k].index] =
            (k + 1 < n && !heads_prose(p, copies[k].index)) ||
            (n >= 3 && lex_count_words(t) <= 8);
}

/* Sets skip[i] for the copies of repeated short lines (skip_repeated_line). */
static bool
mark_repeats(const parser_t *p, bool *skip)
{
    return mark_copies(p, whole_line, skip_repeated_line, skip);
}

/* A block's "Topic:" lead-in is its span, when it has one (topic_len). */
static bool
topic_span(const char *text, size_t *len)
{
    *len = topic_len(text);
    return *len != 0;
}

/* Labels every paragraph that opens with a lead-in another one opens with. */
static void
label_repeated_topic(const parser_t *p, const span_ref_t *copies, size_t n,
                     bool *labels)
{
    (void)p;
    for (size_t k = 0; k < n && n >= 2; k++)
        labels[copies[k].index] = true;
}

/*
 * Marks (labels[i]) the paragraphs whose "Topic:" lead-in opens another
 * paragraph of the page too.  An item's topic names what it is about and
 * so differs from item to item; a lead-in that recurs ("Recommended
 * actions:", "Our view:") is a label of the page's template inside each
 * item.  Returns false when out of memory.
 */
static bool
mark_repeated_topics(const parser_t *p, bool *labels)
{
    return mark_copies(p, topic_span, label_repeated_topic, labels);
}

/* The role of block i from its own text (see role_t); refs set *in_refs. */
static role_t
own_role(const parser_t *p, size_t i, bool *in_refs)
{
    const char *t = p->blocks[i].text;
    int y, m, d;
    if (reference_number(t)) {
        *in_refs = true;
        return ROLE_REF;
    }
    if (*in_refs || is_disclaimer(t))
        return ROLE_SKIP;
    if (is_reference_heading(t) && i + 1 < p->n_blocks &&
        reference_number(p->blocks[i + 1].text))
        return ROLE_SKIP;
    if (is_reference_heading(t) && i + 1 < p->n_blocks &&
        opens_first_note(p->blocks[i + 1].text)) {
        *in_refs = true; /* "Notes" above "[1] ...": the end notes */
        return ROLE_SKIP;
    }
    if (is_known_section(t) || lex_is_lead_section(t))
        return ROLE_SECTION;
    if (lex_line_is_byline(t))
        return ROLE_SKIP;
    if (lex_line_is_dateline(t, &y, &m, &d))
        return ROLE_DATELINE;
    if (lex_line_is_metadata(t))
        return ROLE_SKIP;
    return ROLE_TEXT;
}

/* The next block after i that is text or a headline, or n_blocks. */
static size_t
next_text(const parser_t *p, const role_t *roles, size_t i)
{
    size_t j = i + 1;
    while (j < p->n_blocks &&
           (roles[j] == ROLE_SKIP || roles[j] == ROLE_DATELINE))
        j++;
    return j < p->n_blocks && (roles[j] == ROLE_TEXT || roles[j] == ROLE_HEAD)
               ? j
               : p->n_blocks;
}

/*
 * A line that introduces what follows rather than heading it: "Key
 * highlights from the webinar include:" (a colon after four words or
 * more).
 */
static bool
introduces_list(const char *s)
{
    size_t n = strlen(s);
    /* Chinese: "《规范》的制定目标主要有两个：", four ideographs or more */
    if (n >= 15 && !strcmp(s + n - 3, "\xEF\xBC\x9A") && has_cjk(s))
        return true;
    return n > 0 && s[n - 1] == ':' && lex_count_words(s) >= 4;
}

/* A short line that is no sentence: a list entry, a name, a label. */
static bool
is_list_entry(const block_t *bl)
{
    size_t n = strlen(bl->text);
    return lex_count_words(bl->text) <= 25 && !lex_ends_sentence(bl->text, n) &&
           (n == 0 || bl->text[n - 1] != ':') &&
           (!has_cjk(bl->text) || n <= 24 || bl->bullet);
}

/*
 * The title of a single article inside the run of short lines [i, j)
 * at the top of the page (no paragraph above it) that a paragraph, a
 * byline or a date line follows: the first line of the run that reads
 * like a headline of six words or more ("Tech / Policy" above it is a
 * breadcrumb, the bullets under it a summary).  n_blocks when there is
 * none.
 */
static size_t
title_in_top_run(const parser_t *p, const role_t *roles, const bool *para,
                 size_t i, size_t j)
{
    for (size_t k = 0; k < i; k++)
        if (para[k])
            return p->n_blocks;
    size_t after = j;
    while (after < p->n_blocks && roles[after] == ROLE_SKIP &&
           !lex_line_is_byline(p->blocks[after].text))
        after++; /* author names and other furniture under the title */
    if (after >= p->n_blocks ||
        !(para[after] || roles[after] == ROLE_DATELINE ||
          lex_line_is_byline(p->blocks[after].text)))
        return p->n_blocks;
    for (size_t k = i; k < j; k++)
        if (!p->blocks[k].bullet && lex_count_words(p->blocks[k].text) >= 6 &&
            lex_headline_score(p->blocks[k].text) > 0)
            return k;
    return p->n_blocks;
}

/*
 * Drops runs of two or more short lines that no paragraph follows: a
 * list of related articles, an author box (name, role, office), a table
 * of contents.  The first line of the page is spared when it names the
 * issue, as it is the title.
 */
static void
skip_lists(const parser_t *p, role_t *roles, const bool *para)
{
    size_t i = 0;
    while (i < p->n_blocks) {
        size_t j = i;
        while (j < p->n_blocks && roles[j] == ROLE_TEXT && !para[j] &&
               is_list_entry(&p->blocks[j]))
            j++;
        size_t title =
            j - i >= 2 ? title_in_top_run(p, roles, para, i, j) : p->n_blocks;
        if (j - i >= 2)
            for (size_t k = i; k < j; k++)
                if ((k > 0 || !looks_like_title(p->blocks[k].text)) &&
                    k != title)
                    roles[k] = ROLE_SKIP;
        i = j > i ? j : i + 1;
    }
}

/*
 * A numbered line that reads like a headline and is not one entry of a
 * list of numbered lines (the next block is not numbered too).
 */
static bool
numbered_headline_at(const parser_t *p, const role_t *roles, const bool *para,
                     size_t i)
{
    const block_t *bl = &p->blocks[i];
    if ((roles[i] != ROLE_TEXT && roles[i] != ROLE_HEAD) || para[i] ||
        !bl->numbered || bl->bullet || lex_headline_score(bl->text) <= 0)
        return false;
    bool para_next = i + 1 < p->n_blocks && para[i + 1];
    bool list_next = i + 1 < p->n_blocks && p->blocks[i + 1].numbered;
    bool list_before = i > 0 && p->blocks[i - 1].numbered && !para[i - 1];
    return para_next || (!list_next && !list_before);
}

/*
 * A page whose headlines are numbered ("1. CAC fines ... (5 July)",
 * "（一）", "二、") has two numbered lines or more that read like
 * headlines.  There each such line is a headline even with no paragraph
 * under it (metadata lines may follow); returns true for such a page.
 */
static bool
mark_numbered(const parser_t *p, role_t *roles, const bool *para)
{
    size_t n = 0;
    for (size_t i = 0; i < p->n_blocks; i++)
        n += numbered_headline_at(p, roles, para, i);
    if (n < 2)
        return false;
    for (size_t i = 0; i < p->n_blocks; i++)
        if (numbered_headline_at(p, roles, para, i))
            roles[i] = ROLE_HEAD;
    return true;
}

/*
 * next_text for every block at once, from the last block back, so that a
 * long run of skipped blocks is walked once rather than once per block.
 */
static void
fill_next_text(const parser_t *p, const role_t *roles, size_t *nexts)
{
    for (size_t i = p->n_blocks; i-- > 0;) {
        size_t j = i + 1;
        if (j >= p->n_blocks)
            nexts[i] = p->n_blocks;
        else if (roles[j] == ROLE_TEXT || roles[j] == ROLE_HEAD)
            nexts[i] = j;
        else if (roles[j] == ROLE_SKIP || roles[j] == ROLE_DATELINE)
            nexts[i] = nexts[j];
        else
            nexts[i] = p->n_blocks;
    }
}

/*
 * True when block i is a later entry of a bulleted list: it and the
 * block above are bullets on lines of their own with no blank line
 * between them ("  • first point" / "  • second point").  Such an
 * entry is a point of the text above, not a headline, even when a
 * paragraph follows the list.  (The two halves of a "• Topic: text"
 * bullet come from one line and do not count.)
 */
static bool
in_bullet_list(const parser_t *p, size_t i)
{
    const block_t *bl = &p->blocks[i];
    if (i == 0 || !bl->bullet || !bl->glued)
        return false;
    const block_t *above = &p->blocks[i - 1];
    bool split_above = i >= 2 && p->blocks[i - 2].line == above->line;
    return above->bullet && above->line != bl->line && !split_above;
}

/*
 * True when s is a person's name and nothing else: two or three words,
 * each a capital letter then lower-case letters (non-ASCII letters,
 * "-", "'" and "." allowed), as "Iris Deng" or "Marc Döring".
 */
/*
 * True when the page writes word (n bytes) in lower case somewhere, as
 * a word of its own: "notice" in a paragraph tells that "Short Older
 * Notice" is a headline, not a person's name.  People's names are
 * hardly ever written in lower case.
 */
static bool
page_writes_lower(const parser_t *p, const char *word, size_t n)
{
    for (size_t b = 0; b < p->n_blocks; b++) {
        const char *t = p->blocks[b].text;
        for (const char *h = t; *h; h++) {
            if (tolower((unsigned char)*word) != (unsigned char)*h ||
                strncmp(h + 1, word + 1, n - 1) != 0)
                continue;
            bool starts = h == t || !isalnum((unsigned char)h[-1]);
            bool ends = !isalnum((unsigned char)h[n]);
            if (starts && ends)
                return true;
        }
    }
    return false;
}

/* True when one of the words of s (a candidate name) is written in
   lower case elsewhere on the page. */
static bool
has_word_written_lower(const parser_t *p, const char *s)
{
    for (const char *w = s; *w;) {
        size_t n = strcspn(w, " ");
        if (n >= 2 && page_writes_lower(p, w, n))
            return true;
        w += n;
        while (*w == ' ')
            w++;
    }
    return false;
}

static bool
is_person_name(const char *s)
{
    size_t words = lex_count_words(s);
    if (words < 2 || words > 3 || strlen(s) > 40)
        return false;
    for (const char *w = s; *w;) {
        size_t n = strcspn(w, " ");
        if (!isupper((unsigned char)w[0]) || n < 2)
            return false;
        for (size_t k = 1; k < n; k++) {
            unsigned char c = (unsigned char)w[k];
            if (!(islower(c) || c >= 0x80 || strchr("-'.", c)))
                return false;
        }
        w += n;
        while (*w == ' ')
            w++;
    }
    return !is_known_section(s) && !lex_is_lead_section(s);
}

/*
 * True when block i is an author's name printed under a title or
 * headline, above the text or date line it signs: the line above is a
 * short line (not a paragraph), and a paragraph or a date line comes
 * next.  Such a name is a byline, not a headline.
 */
static bool
author_under_title(const parser_t *p, const role_t *roles, const bool *para,
                   size_t i)
{
    if (roles[i] != ROLE_TEXT || para[i] || para[i - 1] ||
        !is_person_name(p->blocks[i].text) ||
        has_word_written_lower(p, p->blocks[i].text))
        return false;
    size_t j = i + 1;
    while (j < p->n_blocks && roles[j] == ROLE_SKIP)
        j++;
    return j < p->n_blocks && (para[j] || roles[j] == ROLE_DATELINE);
}

/*
 * Gives every block its role.  A headline is a block that is not a
 * paragraph and whose next text block, bylines and date lines aside, is
 * one.  Returns the number of headlines.
 */
static size_t
assign_roles(const parser_t *p, role_t *roles, bool *para, bool *numbered)
{
    bool in_refs = false;
    size_t heads = 0;
    bool repeats_known = mark_repeats(p, para); /* para: scratch here */
    for (size_t i = 0; i < p->n_blocks; i++) {
        bool repeated = repeats_known && para[i];
        roles[i] = own_role(p, i, &in_refs);
        if (repeated && roles[i] != ROLE_REF && roles[i] != ROLE_SECTION)
            roles[i] = ROLE_SKIP;
        para[i] = roles[i] == ROLE_TEXT && is_paragraph(&p->blocks[i]);
    }
    for (size_t i = 1; i < p->n_blocks; i++)
        if (author_under_title(p, roles, para, i))
            roles[i] = ROLE_SKIP;
    for (size_t i = p->n_blocks; i-- > 0;) {
        if (roles[i] != ROLE_TEXT || para[i] || in_bullet_list(p, i))
            continue;
        size_t j = next_text(p, roles, i);
        if (j < p->n_blocks && roles[j] == ROLE_TEXT && para[j] &&
            !introduces_list(p->blocks[i].text)) {
            roles[i] = ROLE_HEAD;
            heads++;
        }
    }
    *numbered = mark_numbered(p, roles, para);
    skip_lists(p, roles, para);
    return heads;
}

/*
 * How many text blocks article_title looks through: four, or up to
 * twelve on a Chinese page whose first date line is labelled ("日期：",
 * "发布时间：") and sits right under a short Chinese line: a firm's site
 * puts its menu blocks, a heading and a paragraph each, above the
 * article's title.  A bare "2025年11月21日" under an agency's name is
 * the signature at the end of a notice, not a title's date line.
 */
static size_t
cjk_title_reach(const parser_t *p, const role_t *roles, const bool *para,
                size_t first)
{
    for (size_t i = first + 1, seen = 0; i < p->n_blocks && seen < 12; i++) {
        if (roles[i] == ROLE_TEXT || roles[i] == ROLE_HEAD)
            seen++;
        else if (roles[i] == ROLE_DATELINE)
            return (roles[i - 1] == ROLE_TEXT || roles[i - 1] == ROLE_HEAD) &&
                           !para[i - 1] && has_cjk(p->blocks[i - 1].text) &&
                           !isdigit((unsigned char)p->blocks[i].text[0])
                       ? 12
                       : 4;
    }
    return 4;
}

/*
 * The title of a single article: the text block just above the first
 * byline or date line among the first blocks of the page (also when a
 * page repeats the title right under its date line, which makes the
 * first copy a skipped repeat); n_blocks when there is none.
 */
static size_t
article_title(const parser_t *p, const role_t *roles, const bool *para,
              size_t first)
{
    size_t title = p->n_blocks, seen = 0;
    size_t reach = cjk_title_reach(p, roles, para, first);
    for (size_t i = first; i < p->n_blocks && seen < reach; i++) {
        if (roles[i] == ROLE_TEXT || roles[i] == ROLE_HEAD) {
            title = i;
            seen++;
        } else if (roles[i] == ROLE_DATELINE && i > 0 && i + 1 < p->n_blocks &&
                   roles[i - 1] == ROLE_SKIP && roles[i + 1] != ROLE_SKIP &&
                   !para[i + 1] &&
                   !strcmp(p->blocks[i - 1].text, p->blocks[i + 1].text)) {
            return i - 1; /* the title, its date line, the title again */
        } else if ((roles[i] == ROLE_DATELINE ||
                    lex_line_is_byline(p->blocks[i].text)) &&
                   title < p->n_blocks && !para[title]) {
            return title;
        }
    }
    return p->n_blocks;
}

/*
 * True when a paragraph opens the way a news note does: with a date, a
 * "Topic:" lead-in, or an agency or place as its subject (an acronym
 * such as "CAC" or two capitalised words among its first words).
 */
static bool
opens_like_news(const char *s)
{
    int y, m, d;
    if (lex_leading_date(s, &y, &m, &d) || topic_len(s))
        return true;
    int words = 0, caps_run = 0;
    for (const char *w = s; *w && words < 6; words++) {
        size_t n = strcspn(w, " ");
        size_t upper = 0;
        for (size_t k = 0; k < n; k++)
            upper += isupper((unsigned char)w[k]) != 0;
        if (upper >= 2 && upper * 2 >= n)
            return true; /* an acronym: CAC, MIIT, TC260 */
        caps_run = isupper((unsigned char)*w) && !lex_month_from_name(w, n)
                       ? caps_run + 1
                       : 0;
        if (caps_run >= 2 ||
            (caps_run && ((n > 2 && !strncmp(w + n - 2, "'s", 2)) ||
                          (n > 4 && !strncmp(w + n - 4, "\xE2\x80\x99s", 4)))))
            return true; /* "Cyberspace Administration", "Guangdong's" */
        w += n;
        while (*w == ' ')
            w++;
    }
    return false;
}

/*
 * True when headline i looks like a news bulletin's: its paragraph opens
 * with a date or ends in a footnote, or it carries a date in brackets.
 */
static bool
headline_dated(const parser_t *p, const role_t *roles, size_t i)
{
    size_t j = next_text(p, roles, i);
    return p->blocks[i].hint.month ||
           (j < p->n_blocks && starts_new_item_here(p, &p->blocks[j]));
}

/*
 * Counts how many headlines look like those of a news bulletin: their
 * paragraph opens with a date or ends in a footnote, or the headline
 * carries a date in brackets.
 */
static size_t
dated_headlines(const parser_t *p, const role_t *roles, size_t *heads)
{
    size_t n = 0;
    *heads = 0;
    for (size_t i = 0; i < p->n_blocks; i++) {
        if (roles[i] != ROLE_HEAD)
            continue;
        (*heads)++;
        n += headline_dated(p, roles, i);
    }
    return n;
}

/*
 * Date lines right above a headline or a paragraph, as a listing puts
 * one above each entry.
 */
static size_t
dated_entries(const parser_t *p, const role_t *roles)
{
    size_t n = 0;
    for (size_t i = 0; i + 1 < p->n_blocks; i++)
        n += roles[i] == ROLE_DATELINE &&
             (roles[i + 1] == ROLE_HEAD || roles[i + 1] == ROLE_TEXT);
    return n;
}

/*
 * Decides how the page lays out its items, weighing the page's features
 * once rather than guessing block by block:
 *  - a single article: a title, then a byline or date line, then body
 *    paragraphs and perhaps subheadings whose paragraphs do not open
 *    with dates (no byline: the paragraphs do not read like news notes);
 *    *first becomes its title, and what comes before it is furniture;
 *  - a page of notes: no headlines, each paragraph an item;
 *  - otherwise a page of headlines above paragraphs.
 */
static layout_t
page_layout(const parser_t *p, const role_t *roles, const bool *para,
            size_t *first)
{
    int y, m, d;
    size_t heads, dated = dated_headlines(p, roles, &heads);
    size_t paras = 0, news = 0, dated_paras = 0, f = *first;
    if (f >= p->n_blocks)
        return PAGE_HEADLINES;
    size_t title = article_title(p, roles, para, f);
    for (size_t i = f + 1; i < p->n_blocks; i++)
        if (para[i]) {
            paras++;
            news += opens_like_news(p->blocks[i].text);
            dated_paras += lex_leading_date(p->blocks[i].text, &y, &m, &d);
        }
    bool titled = roles[f] == ROLE_HEAD || (roles[f] == ROLE_TEXT && !para[f]);
    int article = 0;
    if (title < p->n_blocks)
        article += 3;
    if (dated_entries(p, roles) >= 2)
        article -= 3; /* dates above each entry: a listing */
    if (heads >= 2 && dated >= 2 && dated * 2 >= heads)
        article -= 4; /* dated items under headlines: a bulletin */
    if (heads >= 2 && paras >= 3 * heads)
        article += 1; /* long stretches of prose under subheadings */
    if (titled && heads <= 1 && paras >= 1 && news * 2 < paras + 1)
        article += news && dated_paras ? 2 : 3; /* prose, not news notes */
    else if (titled && dated == 0 && heads >= 2 && news * 2 < paras)
        article += 2; /* subheadings over prose, none dated */
    size_t below = next_text(p, roles, f);
    if (titled && roles[f] == ROLE_TEXT && below < p->n_blocks &&
        roles[below] == ROLE_HEAD && dated == 0 && dated_paras == 0 &&
        paras >= 2 * heads)
        article += 3; /* a title above undated subheadings over prose */
    if (p->n_more >= 2)
        article -= 3; /* entries closed by "Continue reading": a listing */
    if (titled && has_cjk(p->blocks[f].text) &&
        dated == (roles[f] == ROLE_HEAD && headline_dated(p, roles, f)))
        article += 3; /* a Chinese notice or report under its title (only
                         the report's own "中新网11月21日电" dated) */
    if (names_the_issue(p->blocks[f].text))
        article -= 3; /* a newsletter's or digest's title */
    if (heads <= 1 && dated == 0 && p->page_date.year &&
        !names_the_issue(p->blocks[f].text))
        article += 3; /* a dated page of prose without headlines */
    if (article >= 3) {
        if (title < p->n_blocks)
            *first = title;
        return PAGE_ARTICLE;
    }
    if (heads == 0 || (heads == 1 && roles[f] == ROLE_HEAD &&
                       (names_the_issue(p->blocks[f].text) || paras >= 3)))
        return PAGE_NOTES; /* the one headline is the page's title */
    return PAGE_HEADLINES;
}

/* The date of a date line between blocks from and to, or of none. */
static lex_date_t
dateline_between(const parser_t *p, const role_t *roles, size_t from, size_t to)
{
    int y, m, d;
    for (size_t k = from; k < to && k < p->n_blocks; k++)
        if (roles[k] == ROLE_DATELINE &&
            lex_line_is_dateline(p->blocks[k].text, &y, &m, &d))
            return (lex_date_t){y, m, d, false};
    return (lex_date_t){0};
}

/*
 * True when items under headlines mostly have exactly one paragraph
 * (three headlines or more, half of them with one paragraph, or two in
 * three dated in brackets, as short notes are): on such a page
 * a second paragraph that opens like news is an item whose headline was
 * lost, not more of the item above.
 */
static bool
one_paragraph_items(const parser_t *p, const role_t *roles, const bool *para)
{
    size_t heads = 0, single = 0, dated = 0;
    for (size_t i = 0; i < p->n_blocks; i++) {
        if (roles[i] != ROLE_HEAD)
            continue;
        dated += p->blocks[i].hint.month != 0;
        size_t k = i + 1, n = 0;
        for (; k < p->n_blocks && roles[k] != ROLE_HEAD &&
               roles[k] != ROLE_SECTION && roles[k] != ROLE_REF;
             k++)
            n += para[k];
        heads++;
        single += n == 1;
    }
    return heads >= 3 && (single * 2 >= heads || dated * 3 >= heads * 2);
}

/* True when some paragraph of the page ends in a footnote number. */
static bool
has_footnotes(const parser_t *p, const bool *para)
{
    int fn;
    size_t tl;
    for (size_t i = 0; i < p->n_blocks; i++)
        if (para[i] && trailing_footnote(p->blocks[i].text, &fn, &tl))
            return true;
    return false;
}

/*
 * True when the last item is complete: on a page with footnotes, its
 * paragraph ended in one (a paragraph that brings the footnote still
 * belongs to it); on a page without, always.
 */
static bool
item_closed(const parser_t *p, bool footnotes)
{
    return !footnotes || p->b->items[p->b->n_items - 1].footnote;
}

/*
 * The item just added, whose first block is `at`, comes right after the
 * date line `dl`: the item starts at the date line, and takes its date
 * when it has none of its own.
 */
static void
date_from_line(parser_t *p, const role_t *roles, size_t dl, size_t at)
{
    lex_item_t *it = &p->b->items[p->b->n_items - 1];
    (void)roles;
    if (dl + 1 != at)
        return; /* only a date line right above the item heads it */
    lex_date_t d = dateline_between(p, roles, dl, dl + 1);
    it->line = p->blocks[dl].line;
    if (!it->date.month)
        it->date = d;
}

/*
 * Dates a single article: by the page's date when the saved page has
 * one, else by the first date line between its title and its first
 * paragraph.
 */
static void
article_date(parser_t *p, const role_t *roles, const bool *para, size_t at)
{
    lex_item_t *it = &p->b->items[p->b->n_items - 1];
    size_t end = at;
    while (end < p->n_blocks && !para[end])
        end++;
    lex_date_t d =
        p->page_date.year ? p->page_date : dateline_between(p, roles, at, end);
    if (d.year && d.month)
        it->date = d;
}

/*
 * The date of the first date line under headline `at` before its first
 * paragraph or the next headline ("Promulgation date: 12 June 2024"
 * among the metadata lines of a numbered headline), or of none.
 */
static lex_date_t
date_under_headline(const parser_t *p, const role_t *roles, const bool *para,
                    size_t at)
{
    size_t k = at + 1;
    /* under a numbered headline, unnumbered ones are its metadata */
    while (k < p->n_blocks && !para[k] &&
           (roles[k] != ROLE_HEAD ||
            (p->blocks[at].numbered && !p->blocks[k].numbered)) &&
           roles[k] != ROLE_SECTION && roles[k] != ROLE_DATELINE)
        k++;
    return k < p->n_blocks && roles[k] == ROLE_DATELINE
               ? dateline_between(p, roles, k, k + 1)
               : (lex_date_t){0};
}

/*
 * An item from a headline with no paragraph under it (a single article
 * whose title is followed by short text only): the headline is its body
 * too.
 */
static lex_status_t
add_headline_only(parser_t *p, const block_t *head, const char *section)
{
    lex_status_t st = add_item(p, head, head, section);
    return st;
}

/*
 * The year of a Chinese page, for items dated "3月22日": the year in its
 * first line when that is Chinese ("数据合规2024：回顾与展望"), else the
 * first "YYYY年" of the page.
 */
static void
find_chinese_year(parser_t *p)
{
    if (p->n_blocks == 0 || !has_cjk(p->blocks[0].text))
        return;
    p->cjk_year = lex_find_chinese_year(p->blocks[0].text, true);
    for (size_t i = 0; i < p->n_blocks && !p->cjk_year; i++)
        p->cjk_year = lex_find_chinese_year(p->blocks[i].text, false);
}

/* How the headlines of a page are marked, when they all are. */
typedef enum {
    STYLE_NONE,
    STYLE_NUMBERED, /* "1. CAC fines ...", "（一）" */
    STYLE_BULLETED, /* "• CAC fines ...", "• Topic: text" */
} head_style_t;

/* True when block bl carries the page's headline mark. */
static bool
in_style(const block_t *bl, head_style_t style)
{
    return style == STYLE_NUMBERED ? bl->numbered : bl->bullet;
}

/*
 * True when the page's headlines are bulleted: two or more bulleted
 * headlines, and no headline without a bullet after the first of them
 * (a plain headline above them is the page's title).  As on a page of
 * numbered headlines, what comes above the first is title and lead.
 */
static bool
bulleted_headlines(const parser_t *p, const role_t *roles)
{
    size_t bulleted = 0;
    for (size_t i = 0; i < p->n_blocks; i++) {
        if (roles[i] != ROLE_HEAD)
            continue;
        if (!p->blocks[i].bullet && bulleted)
            return false;
        bulleted += p->blocks[i].bullet;
    }
    return bulleted >= 2;
}

/* Walks the blocks, building items, sections, title and references. */
static lex_status_t
classify_blocks(parser_t *p)
{
    const char *section = "Legislation";
    lex_status_t st = LEX_OK;
    role_t *roles = malloc((p->n_blocks + 1) * sizeof *roles);
    bool *para = malloc((p->n_blocks + 1) * sizeof *para);
    if (!roles || !para) {
        free(roles);
        free(para);
        return LEX_ENOMEM;
    }
    for (size_t i = 0; i < p->n_blocks && !p->text_month.year; i++) {
        int y, m;
        if (lex_find_month_year(p->blocks[i].text, &y, &m))
            p->text_month = (lex_date_t){y, m, 0, true};
    }
    find_chinese_year(p);
    bool *labels = malloc((p->n_blocks + 1) * sizeof *labels);
    if (!labels || !mark_repeated_topics(p, labels)) {
        free(labels);
        free(roles);
        free(para);
        return LEX_ENOMEM;
    }
    p->labels = labels;
    bool numbered = false, seen_numbered = false;
    size_t heads = assign_roles(p, roles, para, &numbered), first = 0;
    (void)heads;
    while (first < p->n_blocks && roles[first] != ROLE_TEXT &&
           roles[first] != ROLE_HEAD)
        first++;
    layout_t layout = page_layout(p, roles, para, &first);
    if (layout == PAGE_ARTICLE && first < p->n_blocks &&
        roles[first] == ROLE_SKIP)
        roles[first] = ROLE_TEXT; /* a title the page repeats below */
    head_style_t style = numbered                       ? STYLE_NUMBERED
                         : bulleted_headlines(p, roles) ? STYLE_BULLETED
                                                        : STYLE_NONE;
    size_t *nexts = malloc((p->n_blocks + 1) * sizeof *nexts);
    if (!nexts) {
        free(roles);
        free(para);
        free(labels);
        p->labels = NULL;
        return LEX_ENOMEM;
    }
    fill_next_text(p, roles, nexts);
    bool in_lead = false, seen_head = false;
    bool one_para = one_paragraph_items(p, roles, para);
    bool footnotes = has_footnotes(p, para);
    size_t dateline = p->n_blocks; /* last date line not yet used */
    bool headline_only = false;    /* the last item had no paragraph yet */

    for (size_t i = 0; i < p->n_blocks && st == LEX_OK; i++) {
        block_t *bl = &p->blocks[i];
        size_t j = nexts[i];
        const block_t *next = j < p->n_blocks ? &p->blocks[j] : NULL;
        size_t items = p->b->n_items, at = i;
        if (roles[i] == ROLE_REF) {
            st = read_references(p, bl->text);
            p->limit_line = bl->line;
        } else if (roles[i] == ROLE_DATELINE) {
            if (!headline_only)
                dateline = i; /* else metadata of the item above */
        } else if (roles[i] == ROLE_SKIP ||
                   (layout == PAGE_ARTICLE && i < first)) {
            continue; /* furniture, and what comes above an article */
        } else if (roles[i] == ROLE_SECTION) {
            section = strip_colon(bl->text);
            in_lead = lex_is_lead_section(section);
        } else if (p->b->n_items == 0 && glued_section(bl->text)) {
            char *heading = glued_section(bl->text);
            heading[-1] = '\0';
            if (!p->b->title && !(p->b->title = strdup(bl->text)))
                st = LEX_ENOMEM;
            section = strip_colon(heading);
        } else if (title_above_topics(p, i)) {
            /* a title above "Topic: text" paragraphs, not a headline */
            if (!(p->b->title = strdup(bl->text)))
                st = LEX_ENOMEM;
        } else if (p->b->n_items > 0 &&
                   (layout == PAGE_ARTICLE || is_legal_division(bl->text))) {
            /* the body of an article, or a regulation quoted in full */
            st = extend_item(p, &p->b->items[p->b->n_items - 1], bl);
        } else if (in_lead && !seen_head && (bl->bullet || para[i])) {
            continue; /* the summary under "Key Highlights" */
        } else if (roles[i] == ROLE_HEAD && i == first &&
                   (layout == PAGE_NOTES ||
                    (layout == PAGE_HEADLINES && names_the_issue(bl->text)))) {
            /* the page's title, above a lead or the notes */
            if (!p->b->title && !(p->b->title = strdup(bl->text)))
                st = LEX_ENOMEM;
        } else if (layout == PAGE_HEADLINES && heads > 0 && !seen_head &&
                   bl->line < p->lead_end &&
                   (p->b->title || para[i] || !looks_like_title(bl->text))) {
            continue; /* above "Follow the links below": the lead */
        } else if (style && !in_style(bl, style) && !para[i] &&
                   layout == PAGE_HEADLINES &&
                   (seen_numbered || roles[i] == ROLE_HEAD)) {
            /* on a page of numbered headlines, other short lines are
               subheadings and metadata of the item above, or furniture
               before the first item */
            if (seen_numbered)
                st = extend_item(p, &p->b->items[p->b->n_items - 1], bl);
        } else if (roles[i] == ROLE_HEAD ||
                   (layout == PAGE_ARTICLE && i == first && !para[i])) {
            lex_date_t hint = bl->hint;
            if (!hint.month)
                hint = dateline_between(p, roles, i + 1, j);
            bl->hint = hint;
            headline_only = false;
            if (next && para[j]) {
                st = add_item(p, bl, next, section);
                i = j;
            } else {
                if (!bl->hint.month)
                    bl->hint = date_under_headline(p, roles, para, i);
                headline_only = true;
                st = add_headline_only(p, bl, section);
            }
            if (st == LEX_OK && layout == PAGE_ARTICLE)
                article_date(p, roles, para, i);
            seen_head = true;
            seen_numbered = seen_numbered || (style && in_style(bl, style));
            in_lead = false;
        } else if (layout == PAGE_HEADLINES && heads > 0 && !seen_head &&
                   (in_lead ||
                    (para[i] && (p->b->title || style) && !p->lead_end)) &&
                   (style || !starts_new_item_here(p, bl))) {
            continue; /* the lead of a page of headlines */
        } else if (para[i]) {
            if (p->b->n_items > 0 && dateline == p->n_blocks &&
                (layout == PAGE_NOTES
                     ? continues_note(p, bl)
                     : continues_entry(p, bl, headline_only) ||
                           (!starts_new_item(p, bl) &&
                            !(one_para && opens_like_news(bl->text) &&
                              !has_cjk(bl->text) &&
                              item_closed(p, footnotes)))))
                st = extend_item(p, &p->b->items[p->b->n_items - 1], bl);
            else
                st = add_item(p, NULL, bl, section);
            if (st == LEX_OK && layout == PAGE_ARTICLE && p->b->n_items == 1 &&
                p->page_date.year)
                p->b->items[0].date = p->page_date;
        } else if (p->b->n_items == 0 && !p->b->title &&
                   looks_like_title(bl->text)) {
            p->b->title = strdup(bl->text);
            if (!p->b->title)
                st = LEX_ENOMEM;
        } else if (p->b->n_items > 0 && (introduces_list(bl->text) ||
                                         (p->n_more >= 2 && !bl->after_more))) {
            /* a line that introduces a list, or a short line of an
               entry that "Continue reading" has not closed yet */
            st = extend_item(p, &p->b->items[p->b->n_items - 1], bl);
        } else if (lex_count_words(bl->text) <= 8 && next && !para[j]) {
            /* an unnamed heading above a headline */
            section = strip_colon(bl->text);
        } else {
            /* when in doubt, keep the text as an item of its own */
            st = add_item(p, NULL, bl, section);
        }
        if (st == LEX_OK && p->b->n_items > items && dateline < at)
            date_from_line(p, roles, dateline, at);
        if (roles[at] != ROLE_DATELINE && roles[at] != ROLE_SKIP)
            dateline = p->n_blocks;
        if (para[at] || roles[at] == ROLE_SECTION)
            headline_only = false;
    }
    free(nexts);
    free(roles);
    free(para);
    free(labels);
    p->labels = NULL;
    if (st == LEX_OK)
        for (size_t i = 0; i < p->b->n_items; i++) {
            char *s = strdup(p->b->items[i].section);
            if (!s)
                return LEX_ENOMEM;
            free(p->b->items[i].section);
            p->b->items[i].section = s;
        }
    return st;
}

/*
 * qsort comparison of reference entries: by footnote number, then by
 * position in the file (qsort is not stable, so entries carry it).
 */
static int
compare_refs(const void *a, const void *b)
{
    const ref_t *x = a, *y = b;
    if (x->number != y->number)
        return x->number < y->number ? -1 : 1;
    return x->seq < y->seq ? -1 : x->seq > y->seq;
}

/*
 * Gives each footnoted item the URLs its reference entries list, in the
 * order of the file, at most LEX_MAX_URLS of them.  The entries are
 * sorted by number once, so a long list costs n log n, not items * n.
 */
static lex_status_t
join_references(parser_t *p)
{
    if (p->n_refs)
        qsort(p->refs, p->n_refs, sizeof *p->refs, compare_refs);
    for (size_t i = 0; i < p->b->n_items; i++) {
        lex_item_t *it = &p->b->items[i];
        size_t lo = 0, hi = p->n_refs;
        while (lo < hi) { /* the first entry numbered it->footnote or more */
            size_t mid = lo + (hi - lo) / 2;
            if (p->refs[mid].number < it->footnote)
                lo = mid + 1;
            else
                hi = mid;
        }
        for (size_t r = lo;
             it->footnote && r < p->n_refs &&
             p->refs[r].number == it->footnote && it->n_urls < LEX_MAX_URLS;
             r++)
            if (!lex_item_add_url(it, p->refs[r].url))
                return LEX_ENOMEM;
    }
    return LEX_OK;
}

/* ---- dates ---------------------------------------------------------- */

/*
 * Decides the issue month and year: from the title given from outside
 * (a message's Subject), else the text's title, else the issue given
 * from outside (a message's Date), else the file name, else the dates
 * the items open with (the most common month, and the most common year
 * written out in full).
 */
static void
find_issue_month(lex_bulletin_t *b, const lex_date_t *page_date,
                 const lex_date_t *text_month, const lex_parse_opts_t *o)
{
    int y, m, month_votes[13] = {0}, year_votes = 0, year = 0;
    const char *base = strrchr(b->path, '/');

    if (o && o->title && lex_find_month_year(o->title, &b->year, &b->month))
        return;
    if (b->title && lex_find_month_year(b->title, &b->year, &b->month))
        return;
    if (o && o->issue_year > 0 && o->issue_month >= 1 && o->issue_month <= 12) {
        b->year = o->issue_year;
        b->month = o->issue_month;
        return;
    }
    if (lex_name_month_year(base ? base + 1 : b->path, &b->year, &b->month))
        return;
    if (page_date->year) {
        b->year = page_date->year;
        b->month = page_date->month;
        return;
    }
    for (size_t i = 0; i < b->n_items; i++) {
        int d;
        if (lex_leading_date(b->items[i].body, &y, &m, &d))
            month_votes[m]++;
    }
    for (m = 1; m <= 12; m++)
        if (month_votes[m] >= month_votes[b->month] && month_votes[m] > 0)
            b->month = m;
    /* each explicit year gets a vote per item, two when in the issue
       month; years are few, so a small table is enough */
    int years[64] = {0}, counts[64] = {0}, n_years = 0;
    for (size_t i = 0; i < b->n_items; i++) {
        int d, k;
        if (!lex_leading_date(b->items[i].body, &y, &m, &d) || !y)
            continue;
        for (k = 0; k < n_years && years[k] != y; k++)
            ;
        if (k == n_years && n_years < 64)
            years[n_years++] = y;
        if (k < 64)
            counts[k] += 1 + (m == b->month);
    }
    for (int k = 0; k < n_years; k++)
        if (counts[k] > year_votes) {
            year_votes = counts[k];
            year = years[k];
        }
    b->year = year;
    if (!b->year && text_month->year) {
        /* no item writes a year: the first "Month YYYY" of the page */
        b->year = text_month->year;
        b->month = text_month->month;
    }
    if (!b->year)
        b->month = 0; /* a month without a year would mislead */
}

/*
 * Dates every item: its own date, or the issue month as an approximation;
 * a Chinese "3月22日" with no issue year takes the page's year, cjk_year.
 */
static void
date_items(lex_bulletin_t *b, const lex_date_t *page_date,
           const lex_date_t *text_month, int cjk_year,
           const lex_parse_opts_t *o)
{
    find_issue_month(b, page_date, text_month, o);
    for (size_t i = 0; i < b->n_items; i++) {
        lex_item_t *it = &b->items[i];
        int y, m, d;
        if (it->date.year && it->date.month && it->date.day)
            continue; /* a full date from a date line above the item */
        if (lex_leading_date(it->body, &y, &m, &d) || it->date.month) {
            if (!lex_leading_date(it->body, &y, &m, &d)) {
                y = it->date.year; /* from the headline: "(5 February)" */
                m = it->date.month;
                d = it->date.day;
            }
            if (!y)
                y = lex_infer_year(b->year, b->month, m);
            if (!y)
                y = cjk_year; /* "3月22日" on a page of 2024 */
            it->date = (lex_date_t){y, y ? m : 0, y ? d : 0, false};
        } else {
            it->date = (lex_date_t){b->year, b->month, 0, true};
        }
    }
}

/* ---- entry point ----------------------------------------------------- */

static void
parser_free(parser_t *p)
{
    for (size_t i = 0; i < p->n_blocks; i++)
        free(p->blocks[i].text);
    free(p->blocks);
    for (size_t i = 0; i < p->n_refs; i++)
        free(p->refs[i].url);
    free(p->refs);
}

/* Parses one plain-text bulletin (parse.h). */
lex_status_t
lex_parse_text(const char *path, const char *data, size_t len,
               const lex_parse_opts_t *opts, lex_bulletin_t **out,
               lex_err_t *err)
{
    return lex_parse_text_mapped(path, data, len, NULL, 0, opts, out, err);
}

/* Replaces the text's own title with the one given from outside. */
static lex_status_t
take_title(lex_bulletin_t *b, const lex_parse_opts_t *o)
{
    if (!o || !o->title)
        return LEX_OK;
    char *title = strdup(o->title);
    if (!title)
        return LEX_ENOMEM;
    free(b->title);
    b->title = title;
    return LEX_OK;
}

/*
 * Parses text, rendered from another format when src_lines is given,
 * with what the caller knows of it (parse.h).
 */
lex_status_t
lex_parse_text_mapped(const char *path, const char *data, size_t len,
                      const unsigned *src_lines, size_t n_src,
                      const lex_parse_opts_t *opts, lex_bulletin_t **out,
                      lex_err_t *err)
{
    parser_t p = {0};
    lex_status_t st;

    *out = NULL;
    p.src_lines = src_lines;
    p.n_src = n_src;
    st = check_bytes(&p, path, data, len, err);
    if (st != LEX_OK)
        return st;
    p.b = lex_bulletin_new(path);
    if (!p.b)
        return lex_err_set(err, LEX_ENOMEM, "%s: out of memory", path);
    st = collect_blocks(&p, data, len);
    if (st == LEX_OK)
        st = normalize_blocks(&p);
    if (st == LEX_OK)
        st = classify_blocks(&p);
    if (st == LEX_OK)
        st = join_references(&p);
    if (st == LEX_OK && p.b->n_items == 0)
        st = lex_err_set(err, LEX_EPARSE,
                         "%s: no bulletin items found (expected a headline "
                         "line, a blank line and a paragraph; see "
                         "lexsearch-corpus(5))",
                         path);
    else if (st == LEX_ELIMIT)
        located_error(err, st, path, source_line(&p, p.limit_line), p.limit);
    else if (st == LEX_ENOMEM)
        lex_err_set(err, st, "%s: out of memory", path);
    if (st == LEX_OK)
        date_items(p.b, &p.page_date, &p.text_month, p.cjk_year, opts);
    if (st == LEX_OK && (st = take_title(p.b, opts)) != LEX_OK)
        lex_err_set(err, st, "%s: out of memory", path);
    parser_free(&p);
    if (st != LEX_OK) {
        lex_bulletin_free(p.b);
        return st;
    }
    *out = p.b;
    return LEX_OK;
}
