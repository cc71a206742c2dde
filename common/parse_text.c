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
    "Other News",
};

/* ---- pass 1: bytes ------------------------------------------------- */

/* The 1-based line number of byte offset off. */
static unsigned
line_of(const char *data, size_t off)
{
    unsigned line = 1;
    for (size_t i = 0; i < off; i++)
        if (data[i] == '\n')
            line++;
    return line;
}

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
    size_t bad;

    if (len >= 2 &&
        ((u[0] == 0xFF && u[1] == 0xFE) || (u[0] == 0xFE && u[1] == 0xFF)))
        return lex_err_set(err, LEX_EENCODING,
                           "%s: UTF-16 text is not supported; convert it to "
                           "UTF-8 (iconv -f UTF-16 -t UTF-8)",
                           path);
    unsigned long_line = overlong_line(data, len);
    const char *nul = memchr(data, '\0', len);
    if (nul)
        return lex_err_set(err, LEX_EENCODING,
                           "%s:%u: NUL byte at offset %zu; this looks like a "
                           "binary file, not a bulletin",
                           path, line_of(data, (size_t)(nul - data)),
                           (size_t)(nul - data));
    if (!lex_utf8_valid(data, len, &bad))
        return lex_err_set(err, LEX_EENCODING,
                           "%s:%u: invalid UTF-8 (byte offset %zu); convert "
                           "the file to UTF-8",
                           path, line_of(data, bad), bad);
    if (long_line)
        return located_error(err, LEX_ELIMIT, path, source_line(p, long_line),
                             "line longer than the 1 MiB limit");
    for (size_t i = 0; i < len; i++)
        if (!isspace(u[i]))
            return LEX_OK;
    return lex_err_set(err, LEX_EPARSE, "%s: empty file", path);
}

/* ---- pass 2: lines and blocks -------------------------------------- */

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
            size_t first_len)
{
    if (text->len == 0)
        return LEX_OK;
    if (p->n_blocks >= LEX_MAX_BLOCKS) {
        p->limit = "more paragraphs than the limit of 1000000 per file";
        p->limit_line = first;
        return LEX_ELIMIT;
    }
    if (p->n_blocks == p->cap_blocks) {
        size_t cap = p->cap_blocks ? p->cap_blocks * 2 : 64;
        block_t *nb = realloc(p->blocks, cap * sizeof *nb);
        if (!nb)
            return LEX_ENOMEM;
        p->blocks = nb;
        p->cap_blocks = cap;
    }
    char *s = lex_buf_steal(text);
    if (!s)
        return LEX_ENOMEM;
    p->blocks[p->n_blocks++] = (block_t){s, first, n_lines, first_len, {0}};
    return LEX_OK;
}

/*
 * True for the furniture of saved web pages and newsletters that is not
 * bulletin text: print and share prompts, menus ("Home | About |
 * Contact"), and a mail's "view in browser" and unsubscribe lines.
 */
static bool
is_chrome(const char *line)
{
    static const char *const prompts[] = {
        "To print this article", "Print this article", "Share this article",
        "Share on ", "Follow us", "Subscribe to", "Click here to",
        "Back to top", "Read more", "Skip to content",
        /* newsletter mail */
        "View this email in", "View this e-mail in", "View in browser",
        "View it in your browser", "View online", "Unsubscribe",
        "Update your preferences", "Manage your preferences",
        "Manage your subscription", "You are receiving this",
        "You received this", "You have received this", "Forward to a friend",
        "Forward this email", "Our mailing address is",
        "Add us to your address book"};
    static const char *const lone_words[] = {
        "Share",   "Print",  "Email", "Tweet", "Like", "Facebook", "LinkedIn",
        "Twitter", "WeChat", "Weibo", "Menu",  "Home", "Search",   "Subscribe"};
    int bars = 0;
    for (size_t i = 0; i < sizeof prompts / sizeof prompts[0]; i++)
        if (!strncasecmp(line, prompts[i], strlen(prompts[i])))
            return true;
    for (size_t i = 0; i < sizeof lone_words / sizeof lone_words[0]; i++)
        if (!strcasecmp(line, lone_words[i]))
            return true;
    for (const char *c = line; (c = strstr(c, " | ")) != NULL; c += 3)
        bars++;
    return bars >= 2;
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

/* Splits the text into blank-line separated blocks of cleaned text. */
static lex_status_t
collect_blocks(parser_t *p, const char *data, size_t len)
{
    lex_buf_t text = LEX_BUF_INIT;
    unsigned line = 0, first = 0, n_lines = 0;
    size_t pos = 0, first_len = 0;
    lex_status_t st = LEX_OK;

    if (len >= 3 && !memcmp(data, "\xEF\xBB\xBF", 3))
        pos = 3;
    while (pos < len && st == LEX_OK) {
        const char *nl = memchr(data + pos, '\n', len - pos);
        size_t end = nl ? (size_t)(nl - data) : len;
        size_t before = text.len;
        line++;
        if (n_lines > 0 && starts_with_bullet(data + pos, end - pos)) {
            /* each bullet is a block of its own */
            st = flush_block(p, &text, first, n_lines, first_len);
            n_lines = 0;
            before = 0;
        }
        append_clean_line(&text, data + pos, end - pos);
        if (text.len > before && is_chrome(text.data + before))
            text.len = before; /* page furniture, as if the line were blank */
        if (text.len == before) {
            if (text.data)
                text.data[text.len] = '\0';
            st = flush_block(p, &text, first, n_lines, first_len);
            n_lines = 0;
        } else if (n_lines++ == 0) {
            first = line;
            first_len = text.len;
        }
        pos = end + 1;
    }
    if (st == LEX_OK)
        st = flush_block(p, &text, first, n_lines, first_len);
    if (lex_buf_failed(&text))
        st = LEX_ENOMEM;
    lex_buf_free(&text);
    return st;
}

/* ---- pass 3: classifying blocks ------------------------------------ */

static size_t
count_words(const char *s)
{
    size_t n = 0;
    bool in = false;
    for (; *s; s++) {
        bool sp = *s == ' ';
        if (!sp && !in)
            n++;
        in = !sp;
    }
    return n;
}

/* True when s ends with text that closes a sentence. */
static bool
ends_sentence(const char *s, size_t n)
{
    static const char *const closers[] = {"\"", ")", "'", "\xE2\x80\x9D",
                                          "\xE2\x80\x99"};
    static const char *const stops[] = {".", "!", "?", "\xE3\x80\x82"};
    for (int pass = 0; pass < 2; pass++) {
        for (size_t i = 0; i < sizeof stops / sizeof stops[0]; i++) {
            size_t k = strlen(stops[i]);
            if (n >= k && !memcmp(s + n - k, stops[i], k))
                return true;
        }
        /* allow one closing quote or bracket after the full stop */
        bool stripped = false;
        for (size_t i = 0; i < sizeof closers / sizeof closers[0] && !pass;
             i++) {
            size_t k = strlen(closers[i]);
            if (n >= k && !memcmp(s + n - k, closers[i], k)) {
                n -= k;
                stripped = true;
                break;
            }
        }
        if (!stripped)
            return false;
    }
    return false;
}

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
    if (!bracket && !ends_sentence(s, t))
        return false;
    /* "capacity.1" needs a letter or closer before the stop */
    if (!bracket && !spaced && t >= 2 && isdigit((unsigned char)s[t - 2]))
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
        count_words(bl->text) >= 8)
        return true;
    if (n >= 300)
        return true;
    if (has_cjk(bl->text)) /* Chinese: no spaces to count words by */
        return ends_sentence(bl->text, n) && n >= 45;
    return ends_sentence(bl->text, n) && count_words(bl->text) >= 12;
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
    if (p->n_refs == p->cap_refs) {
        size_t cap = p->cap_refs ? p->cap_refs * 2 : 32;
        ref_t *nr = realloc(p->refs, cap * sizeof *nr);
        if (!nr)
            return LEX_ENOMEM;
        p->refs = nr;
        p->cap_refs = cap;
    }
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

/* Case-insensitive ASCII substring test. */
static bool
contains_word(const char *s, const char *word)
{
    size_t n = strlen(word);
    for (; *s; s++)
        if (!strncasecmp(s, word, n))
            return true;
    return false;
}

/* A leading block that names the bulletin rather than a section. */
static bool
looks_like_title(const char *s)
{
    static const char *const words[] = {"bulletin", "newsletter", "digest",
                                        "update",   "issue",      "review"};
    int y, m;
    if (lex_find_month_year(s, &y, &m))
        return true;
    for (size_t i = 0; i < sizeof words / sizeof words[0]; i++)
        if (contains_word(s, words[i]))
            return true;
    return false;
}

static size_t topic_len(const char *s);

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
        if (head->hint.month)
            it->date = head->hint;
    } else if (it->body) {
        it->headline = untitled_headline(it->body);
    }
    if (!it->body || !it->section || !it->headline)
        return LEX_ENOMEM;
    return LEX_OK;
}

/* Appends a continuation paragraph to the previous item's body. */
static lex_status_t
extend_item(parser_t *p, lex_item_t *it, const block_t *body)
{
    int fn = 0;
    size_t tl = strlen(body->text);
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
    if (*n == *cap) {
        size_t c = *cap ? *cap * 2 : 64;
        block_t *nb = realloc(*out, c * sizeof *nb);
        if (!nb)
            return false;
        *out = nb;
        *cap = c;
    }
    while (len > 0 && text[len - 1] == ' ')
        len--;
    char *t = strndup(text, len);
    if (!t)
        return false;
    (*out)[(*n)++] = (block_t){t, line, 1, len, hint};
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
    if (!colon || colon - s > 120 || colon == s)
        return 0;
    size_t n = (size_t)(colon - s);
    char head[128];
    memcpy(head, s, n);
    head[n] = '\0';
    int y, m, d;
    if (count_words(head) > 12 || memchr(head, '.', n) ||
        memchr(head, ',', n) || lex_leading_date(head, &y, &m, &d))
        return 0;
    block_t rest = {(char *)colon + 2, 0, 1, 0, {0}};
    return is_paragraph(&rest) ? n + 2 : 0;
}

/*
 * "1. Headline (5 February)": strips the number and the date, which it
 * stores in *hint.  Returns the length of the headline left at *s.
 */
static size_t
numbered_headline(const char **s, lex_date_t *hint)
{
    const char *p = *s;
    size_t n = strlen(p);
    while (isdigit((unsigned char)*p))
        p++;
    if (p == *s || p - *s > 3 || *p != '.' || p[1] != ' ' || find_url(p))
        return n;
    p += 2;
    n = strlen(p);
    const char *open = strrchr(p, '(');
    int y, m, d;
    if (open && n > 0 && p[n - 1] == ')') {
        char inner[64];
        size_t k = (size_t)(p + n - 1 - open - 1);
        if (k < sizeof inner) {
            memcpy(inner, open + 1, k);
            inner[k] = '\0';
            if (lex_leading_date(inner, &y, &m, &d)) {
                *hint = (lex_date_t){y, m, d, false};
                n = (size_t)(open - p);
            }
        }
    }
    *s = p;
    return n;
}

/* True when a one-line text reads like a headline rather than prose. */
static bool
headline_like(const char *s, size_t n)
{
    char buf[512];
    if (n == 0 || n >= sizeof buf)
        return false;
    memcpy(buf, s, n);
    buf[n] = '\0';
    int y, m, d;
    return !ends_sentence(buf, n) && count_words(buf) <= 25 &&
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
        if (b && (topic = topic_len(t + b)) > 0) {
            ok = push_block(&out, &n, &cap, t + b, topic - 2, bl->line, hint) &&
                 push_block(&out, &n, &cap, t + b + topic,
                            strlen(t + b + topic), bl->line, hint);
            continue;
        }
        if (b)
            t += b;
        const char *h = t;
        size_t hl = numbered_headline(&h, &hint);
        size_t first = bl->first_len - (size_t)(t - bl->text);
        if (bl->n_lines >= 2 && first < strlen(t) && headline_like(t, first)) {
            block_t rest = {(char *)t + first + 1, 0, 1, 0, {0}};
            if (is_paragraph(&rest)) {
                h = t;
                hl = numbered_headline(&h, &hint);
                if (hl > first - (size_t)(h - t))
                    hl = first - (size_t)(h - t);
                ok = push_block(&out, &n, &cap, h, hl, bl->line, hint) &&
                     push_block(&out, &n, &cap, rest.text, strlen(rest.text),
                                bl->line + 1, (lex_date_t){0});
                continue;
            }
        }
        ok = push_block(&out, &n, &cap, h, hl, bl->line, hint);
        if (ok)
            out[n - 1].n_lines = bl->n_lines;
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
 * A block before the first item that ends in a known section heading
 * ("12 May 2023 LEGISLATION"): returns where the heading starts, or NULL.
 */
static char *
glued_section(char *s)
{
    for (char *sp = strchr(s, ' '); sp; sp = strchr(sp + 1, ' '))
        if (is_known_section(sp + 1))
            return sp + 1;
    return NULL;
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
    return lex_leading_date(bl->text, &y, &m, &d) || topic_len(bl->text) ||
           (last->footnote && trailing_footnote(bl->text, &fn, &tl));
}

/* The first block is a title when "Topic: text" paragraphs follow it. */
static bool
title_above_topics(const parser_t *p, size_t i)
{
    if (i != 0 || p->n_blocks < 2 || !looks_like_title(p->blocks[0].text))
        return false;
    return is_paragraph(&p->blocks[1]) && topic_len(p->blocks[1].text);
}

/* Walks the blocks, building items, sections, title and references. */
static lex_status_t
classify_blocks(parser_t *p)
{
    const char *section = "Legislation";
    bool in_refs = false;
    lex_status_t st = LEX_OK;

    for (size_t i = 0; i < p->n_blocks && st == LEX_OK; i++) {
        const block_t *bl = &p->blocks[i];
        const block_t *next = i + 1 < p->n_blocks ? &p->blocks[i + 1] : NULL;
        if (reference_number(bl->text)) {
            in_refs = true;
            st = read_references(p, bl->text);
            p->limit_line = bl->line;
        } else if (in_refs || is_disclaimer(bl->text)) {
            continue; /* trailer after the reference list */
        } else if (is_known_section(bl->text)) {
            section = strip_colon(bl->text);
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
        } else if (!is_paragraph(bl) && next && is_paragraph(next)) {
            st = add_item(p, bl, next, section);
            i++;
        } else if (is_paragraph(bl)) {
            if (p->b->n_items > 0 && !starts_new_item(p, bl))
                st = extend_item(p, &p->b->items[p->b->n_items - 1], bl);
            else
                st = add_item(p, NULL, bl, section);
        } else if (p->b->n_items == 0 && !p->b->title &&
                   looks_like_title(bl->text)) {
            p->b->title = strdup(bl->text);
            if (!p->b->title)
                st = LEX_ENOMEM;
        } else if (count_words(bl->text) <= 8 && next && !is_paragraph(next)) {
            /* an unnamed heading above a headline */
            section = strip_colon(bl->text);
        } else {
            /* when in doubt, keep the text as an item of its own */
            st = add_item(p, NULL, bl, section);
        }
    }
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
find_issue_month(lex_bulletin_t *b, const lex_parse_opts_t *o)
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
    if (!b->year)
        b->month = 0; /* a month without a year would mislead */
}

/* Dates every item: its own date, or the issue month as an approximation. */
static void
date_items(lex_bulletin_t *b, const lex_parse_opts_t *o)
{
    find_issue_month(b, o);
    for (size_t i = 0; i < b->n_items; i++) {
        lex_item_t *it = &b->items[i];
        int y, m, d;
        if (lex_leading_date(it->body, &y, &m, &d) || it->date.month) {
            if (!lex_leading_date(it->body, &y, &m, &d)) {
                y = it->date.year; /* from the headline: "(5 February)" */
                m = it->date.month;
                d = it->date.day;
            }
            if (!y)
                y = lex_infer_year(b->year, b->month, m);
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

/* Parses one plain-text bulletin. */
lex_status_t
lex_parse_text(const char *path, const char *data, size_t len,
               lex_bulletin_t **out, lex_err_t *err)
{
    return lex_parse_text_mapped(path, data, len, NULL, 0, out, err);
}

/* Parses text rendered from another format, naming original lines. */
lex_status_t
lex_parse_text_mapped(const char *path, const char *data, size_t len,
                      const unsigned *src_lines, size_t n_src,
                      lex_bulletin_t **out, lex_err_t *err)
{
    return lex_parse_text_with(path, data, len, src_lines, n_src, NULL, out,
                               err);
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

/* Parses text with what the caller knows of it (parse.h). */
lex_status_t
lex_parse_text_with(const char *path, const char *data, size_t len,
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
        date_items(p.b, opts);
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
