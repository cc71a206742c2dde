/*
 * parse_pdf.c - PDF bulletins, read through poppler's GLib API.
 *
 * A PDF has no paragraphs or headings, only glyphs placed on pages.  This
 * file turns its text layer back into the plain-text newsletter layout
 * that parse_text.c reads, so that item cutting, sections, dates and
 * footnotes are decided in one place for every format:
 *
 *   1. each page's text, in poppler's reading order, is split into lines,
 *      each with its position, font size and weight (from the character
 *      boxes of poppler_page_get_text_layout and the runs of
 *      poppler_page_get_text_attributes);
 *   2. link annotations (poppler_page_get_link_mapping) on a footnote
 *      marker become reference entries, and those on a reference entry
 *      that prints no URL put theirs after it;
 *   3. running headers and footers (edge lines repeated on at least half
 *      the pages) and page numbers are dropped;
 *   4. the lines are written out as text: a blank line wherever the font
 *      changes or a gap opens between lines (so headlines and headings
 *      stand alone), a paragraph that goes on over a page break joined,
 *      and a word hyphenated at a line end joined again;
 *   5. lex_parse_text_mapped reads that text, and each item's rendered
 *      line is mapped to the page it came from.
 */
#include "parse_pdf.h"

#include <ctype.h>
#include <math.h>
#include <poppler.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "buf.h"
#include "parse.h"

typedef struct {
    char *text; /* UTF-8 as poppler gives it, no newline */
    unsigned page;
    double top, bottom, left, right; /* box of its glyphs, points */
    double size;                     /* font size of most of its glyphs */
    bool bold;
    bool drop; /* running header, footer or page number */
} line_t;

typedef struct {
    const char *path;
    line_t *lines;
    size_t n_lines, cap_lines;
    lex_buf_t notes; /* "N. URL" entries from links on footnote markers */
    unsigned notes_page;
    int n_pages;
    double body_size; /* the commonest font size: body text */
    bool body_bold;
} pdf_t;

/* ---- reading pages ------------------------------------------------- */

/* Seconds a PDF may take to read: LEXINDEX_PDF_SECONDS, or the default. */
static double
time_limit(void)
{
    const char *s = getenv("LEXINDEX_PDF_SECONDS");
    char *end;
    double v = s ? strtod(s, &end) : 0;
    if (!s || end == s || *end || !(v > 0))
        return LEX_PDF_SECONDS;
    return v;
}

/* Seconds on the monotonic clock. */
static double
now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/*
 * Appends a line; the text is copied (bytes that are not UTF-8 become
 * U+FFFD).  Returns it, or NULL on allocation failure.
 */
static line_t *
add_line(pdf_t *d, const char *text, size_t n, unsigned page)
{
    line_t *nl = lex_grow(d->lines, d->n_lines, &d->cap_lines, sizeof *nl);
    if (!nl)
        return NULL;
    d->lines = nl;
    char *valid = g_utf8_make_valid(text, (gssize)n);
    char *t = strdup(valid);
    g_free(valid);
    if (!t)
        return NULL;
    line_t *l = &d->lines[d->n_lines++];
    *l = (line_t){NULL,      page, INFINITY, -INFINITY, INFINITY,
                  -INFINITY, 0,    false,    false};
    l->text = t;
    return l;
}

/* True when a font name says bold ("DejaVuSerif-Bold", "Arial,Black"). */
static bool
is_bold_font(const char *name)
{
    static const char *const weights[] = {"bold", "black", "heavy", "semibold",
                                          "demi"};
    for (const char *p = name; p && *p; p++)
        for (size_t i = 0; i < sizeof weights / sizeof weights[0]; i++)
            if (!strncasecmp(p, weights[i], strlen(weights[i])))
                return true;
    return false;
}

/*
 * The per-character facts of one page: where each character starts in
 * the text, the line it belongs to, and its box.
 */
typedef struct {
    size_t *offset; /* byte offset in the page text, n_chars + 1 */
    size_t *line;   /* index in pdf_t.lines, or SIZE_MAX for newlines */
    PopplerRectangle *rects;
    guint n_rects;
    size_t n_chars;
} page_chars_t;

/*
 * Splits one page's text into lines, giving each the box of its glyphs
 * and the font of its longest run of one attribute.
 */
static bool
read_lines(pdf_t *d, PopplerPage *page, unsigned number, const char *text,
           page_chars_t *pc)
{
    GList *attrs = poppler_page_get_text_attributes(page);
    GList *a = attrs;
    size_t c = 0, start = 0;
    line_t *line = NULL;
    int best_run = 0;
    bool ok = true;
    size_t first = d->n_lines;

    for (const char *p = text;; p = g_utf8_next_char(p), c++) {
        pc->offset[c] = (size_t)(p - text);
        if (!*p || *p == '\n') {
            pc->line[c] = SIZE_MAX;
            if (!*p)
                break;
            line = NULL;
            start = (size_t)(p + 1 - text);
            continue;
        }
        if (!line) {
            const char *nl = strchr(p, '\n');
            size_t n = nl ? (size_t)(nl - p) : strlen(p);
            line = add_line(d, text + start, n, number);
            if (!line) {
                ok = false;
                break;
            }
            best_run = 0;
        }
        pc->line[c] = (size_t)(line - d->lines);
        while (a && ((PopplerTextAttributes *)a->data)->end_index < (int)c)
            a = a->next;
        PopplerTextAttributes *at = a ? a->data : NULL;
        if (at && at->start_index <= (int)c) {
            int run = at->end_index - at->start_index + 1;
            if (run > best_run) { /* the line's font: its longest run */
                best_run = run;
                line->size = at->font_size;
                line->bold = is_bold_font(at->font_name);
            }
        }
        if (c < pc->n_rects && !g_unichar_isspace(g_utf8_get_char(p))) {
            const PopplerRectangle *r = &pc->rects[c];
            line->top = fmin(line->top, r->y1);
            line->bottom = fmax(line->bottom, r->y2);
            line->left = fmin(line->left, r->x1);
            line->right = fmax(line->right, r->x2);
        }
    }
    pc->n_chars = c;
    poppler_page_free_text_attributes(attrs);
    for (size_t i = first; pc->n_rects && i < d->n_lines; i++)
        if (d->lines[i].top == INFINITY)
            d->lines[i].drop = true; /* spaces only: no glyph to place */
    return ok;
}

/* The footnote number a link's text is ("3", "[3]", "(3)"), or 0. */
static int
marker_number(const char *s)
{
    while (*s == ' ' || *s == '[' || *s == '(')
        s++;
    int v = 0, digits = 0;
    while (isdigit((unsigned char)*s) && digits < 3)
        v = v * 10 + (*s++ - '0'), digits++;
    while (*s == ' ' || *s == ']' || *s == ')')
        s++;
    return digits && !*s ? v : 0;
}

/* True when a line opens as a reference entry: "3. ", "3) " or "[3] ". */
static bool
opens_reference(const char *s)
{
    bool bracket = *s == '[';
    const char *p = s + bracket;
    const char *digits = p;
    while (isdigit((unsigned char)*p))
        p++;
    if (p == digits || p - digits > 4)
        return false;
    if (bracket ? *p != ']' : (*p != '.' && *p != ')'))
        return false;
    return p[1] == ' ' || p[1] == '\0';
}

/* Appends " url" to a line's text. */
static bool
append_url(line_t *l, const char *url)
{
    size_t n = strlen(l->text), u = strlen(url);
    char *t = realloc(l->text, n + 1 + u + 1);
    if (!t)
        return false;
    t[n] = ' ';
    memcpy(t + n + 1, url, u + 1);
    l->text = t;
    return true;
}

/*
 * Adds "number. url" to the reference entries made from links, once: a
 * marker linked twice, or in two places, gives its URL once.
 */
static bool
add_note(pdf_t *d, int number, const char *url, unsigned page)
{
    char entry[32];
    snprintf(entry, sizeof entry, "%d. ", number);
    for (const char *s = lex_buf_str(&d->notes); (s = strstr(s, entry));
         s += strlen(entry))
        if ((s == d->notes.data || s[-1] == '\n') &&
            !strncmp(s + strlen(entry), url, strlen(url)) &&
            s[strlen(entry) + strlen(url)] == '\n')
            return true;
    if (!d->notes.len)
        d->notes_page = page;
    lex_buf_printf(&d->notes, "%s%s\n", entry, url);
    return !lex_buf_failed(&d->notes);
}

/*
 * Reads one link annotation: a link on a footnote marker becomes a
 * reference entry (in d->notes), and a link on a reference entry that
 * prints no URL has its URL written after the entry's text.  Other
 * links, on words in the text, are left out, as the HTML parser does.
 */
static bool
read_link(pdf_t *d, const PopplerLinkMapping *m, double height,
          const char *text, const page_chars_t *pc, unsigned page)
{
    if (!m->action || m->action->type != POPPLER_ACTION_URI ||
        !m->action->uri.uri)
        return true;
    const char *url = m->action->uri.uri;
    if (strncmp(url, "http://", 7) && strncmp(url, "https://", 8))
        return true;
    for (const char *u = url; *u; u++)
        if (*u <= ' ' || *u >= 0x7F || u - url > 2048)
            return true; /* URLs are printable ASCII: leave this one out */
    /* link areas count y from the bottom of the page, glyph boxes from
       the top */
    double top = height - fmax(m->area.y1, m->area.y2);
    double bottom = height - fmin(m->area.y1, m->area.y2);
    double x1 = fmin(m->area.x1, m->area.x2), x2 = fmax(m->area.x1, m->area.x2);
    char linked[32];
    size_t n_linked = 0, line = SIZE_MAX;
    for (size_t c = 0; c < pc->n_chars && c < pc->n_rects; c++) {
        const PopplerRectangle *r = &pc->rects[c];
        double cx = (r->x1 + r->x2) / 2, cy = (r->y1 + r->y2) / 2;
        if (pc->line[c] == SIZE_MAX || cx < x1 || cx > x2 || cy < top ||
            cy > bottom)
            continue;
        if (line == SIZE_MAX)
            line = pc->line[c];
        size_t k = pc->offset[c + 1] - pc->offset[c];
        if (n_linked + k < sizeof linked) {
            memcpy(linked + n_linked, text + pc->offset[c], k);
            n_linked += k;
        }
    }
    if (line == SIZE_MAX)
        return true;
    linked[n_linked] = '\0';
    line_t *l = &d->lines[line];
    if (opens_reference(l->text)) {
        return strstr(l->text, url) || append_url(l, url);
    }
    int number = marker_number(linked);
    return !number || add_note(d, number, url, page);
}

/* Reads one page's lines and links into d. */
static bool
read_page(pdf_t *d, PopplerPage *page, unsigned number)
{
    char *text = poppler_page_get_text(page);
    page_chars_t pc = {0};
    bool ok;
    if (!text)
        return true; /* nothing on the page */
    size_t n = (size_t)g_utf8_strlen(text, -1);
    pc.offset = malloc((n + 1) * sizeof *pc.offset);
    pc.line = malloc((n + 1) * sizeof *pc.line);
    if (!poppler_page_get_text_layout(page, &pc.rects, &pc.n_rects))
        pc.rects = NULL, pc.n_rects = 0;
    if (!pc.offset || !pc.line)
        ok = false;
    else
        ok = read_lines(d, page, number, text, &pc);
    if (ok) {
        double width, height;
        poppler_page_get_size(page, &width, &height);
        GList *links = poppler_page_get_link_mapping(page);
        for (GList *l = links; l && ok; l = l->next)
            ok = read_link(d, l->data, height, text, &pc, number);
        poppler_page_free_link_mapping(links);
    }
    g_free(pc.rects);
    free(pc.offset);
    free(pc.line);
    g_free(text);
    return ok;
}

/* ---- page furniture ------------------------------------------------ */

/*
 * True for a page number: "7", "- 7 -", "Page 7", "Page 7 of 12",
 * "7 / 12", "p. 7"; the number must be a page of this document.  A
 * number in brackets ("[5]") is a reference entry's, not a page's.
 */
static bool
is_page_number(const char *s, int n_pages)
{
    long first = -1;
    while (*s) {
        if (!strncasecmp(s, "page", 4))
            s += 4;
        else if (!strncasecmp(s, "of", 2))
            s += 2;
        else if (!strncasecmp(s, "p.", 2))
            s += 2;
        else if (isdigit((unsigned char)*s)) {
            char *end;
            long v = strtol(s, &end, 10);
            if (first < 0)
                first = v;
            s = end;
        } else if (strchr(" -/|", *s))
            s++;
        else if (!strncmp(s, "\xE2\x80\x93", 3) ||
                 !strncmp(s, "\xE2\x80\x94", 3))
            s += 3; /* en and em dashes */
        else
            return false;
    }
    return first >= 1 && first <= n_pages;
}

typedef struct {
    char *key; /* the line with its digits as '#' */
    unsigned page;
    size_t line;
} edge_t;

/* qsort order of edge lines: by text, then page, so repeats are runs. */
static int
compare_edges(const void *a, const void *b)
{
    const edge_t *x = a, *y = b;
    int c = strcmp(x->key, y->key);
    if (c)
        return c;
    return x->page < y->page ? -1 : x->page > y->page;
}

/* Adds line i to the edge lines unless it is set in a heading's font. */
static bool
add_edge(pdf_t *d, edge_t *edges, size_t *n, size_t i)
{
    line_t *l = &d->lines[i];
    if (is_page_number(l->text, d->n_pages)) {
        l->drop = true;
        return true;
    }
    if (l->size > d->body_size * 1.15)
        return true;
    char *key = strdup(l->text);
    if (!key)
        return false;
    for (char *k = key; *k; k++)
        if (isdigit((unsigned char)*k))
            *k = '#';
    edges[(*n)++] = (edge_t){key, l->page, i};
    return true;
}

/*
 * Marks running headers and footers: among the first two and last two
 * lines of each page, those that recur (digits aside) on at least half
 * the pages and on two or more; and page numbers there.
 */
static bool
drop_furniture(pdf_t *d)
{
    edge_t *edges = malloc((d->n_lines + 1) * sizeof *edges);
    size_t n = 0;
    bool ok = edges != NULL;
    for (size_t i = 0; ok && i < d->n_lines;) {
        size_t j = i;
        while (j < d->n_lines && d->lines[j].page == d->lines[i].page)
            j++;
        for (size_t k = i; ok && k < j; k++)
            if (k < i + 2 || k + 2 >= j)
                ok = add_edge(d, edges, &n, k);
        i = j;
    }
    if (ok && n)
        qsort(edges, n, sizeof *edges, compare_edges);
    for (size_t i = 0; ok && i < n;) {
        size_t j = i, pages = 0;
        for (; j < n && !strcmp(edges[j].key, edges[i].key); j++)
            pages += j == i || edges[j].page != edges[j - 1].page;
        if (pages >= 2 && pages * 2 >= (size_t)d->n_pages)
            for (size_t k = i; k < j; k++)
                d->lines[edges[k].line].drop = true;
        i = j;
    }
    for (size_t i = 0; edges && i < n; i++)
        free(edges[i].key);
    free(edges);
    return ok;
}

/* A font size and weight, and how many characters are set in it. */
typedef struct {
    double size;
    bool bold;
    size_t chars;
} font_t;

/*
 * Finds the body text's font: the size (and weight) that most
 * characters are set in.  Documents use a handful of fonts, so a short
 * table of them is enough; lines in a font past the table's end are not
 * counted.
 */
static void
find_body_font(pdf_t *d)
{
    font_t fonts[64];
    size_t n = 0, best = 0;
    for (size_t i = 0; i < d->n_lines; i++) {
        const line_t *l = &d->lines[i];
        size_t k = 0;
        while (k < n && !(fabs(fonts[k].size - l->size) < 0.25 &&
                          fonts[k].bold == l->bold))
            k++;
        if (k == n && n < sizeof fonts / sizeof fonts[0])
            fonts[n++] = (font_t){l->size, l->bold, 0};
        if (k < n)
            fonts[k].chars += strlen(l->text);
    }
    for (size_t k = 0; k < n; k++)
        if (fonts[k].chars > best) {
            best = fonts[k].chars;
            d->body_size = fonts[k].size;
            d->body_bold = fonts[k].bold;
        }
}

/* ---- writing the text ---------------------------------------------- */

typedef struct {
    lex_buf_t text;
    unsigned *pages; /* rendered line (from 1) -> page */
    size_t n_pages, cap_pages;
    unsigned page; /* page of the line being written */
    bool failed;
} render_t;

/* Records the page of the rendered line just ended. */
static void
push_page(render_t *r)
{
    unsigned *np = lex_grow(r->pages, r->n_pages, &r->cap_pages, sizeof *np);
    if (!np) {
        r->failed = true;
        return;
    }
    r->pages = np;
    r->pages[r->n_pages++] = r->page;
}

/* Ends the rendered line being written. */
static void
end_line(render_t *r)
{
    lex_buf_putc(&r->text, '\n');
    push_page(r);
}

/* True when a line is set in a heading's font: larger, or bold. */
static bool
is_heading(const pdf_t *d, const line_t *l)
{
    return l->size > d->body_size * 1.15 || (l->bold && !d->body_bold);
}

/* True when two lines are set in the same font size and weight. */
static bool
same_font(const line_t *a, const line_t *b)
{
    return fabs(a->size - b->size) < 0.25 && a->bold == b->bold;
}

/*
 * True when a line ends a paragraph's text: a full stop, question or
 * exclamation mark, perhaps closed by a quote or bracket and followed
 * by a footnote number ("... in force. 3").
 */
static bool
ends_paragraph(const char *s)
{
    size_t n = strlen(s), digits = 0;
    while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == ']'))
        n--;
    while (n > 0 && isdigit((unsigned char)s[n - 1]) && digits < 3)
        n--, digits++;
    while (n > 0 && strchr(" [\"')", s[n - 1]))
        n--;
    if (n >= 3 && (!memcmp(s + n - 3, "\xE3\x80\x82", 3) ||
                   !memcmp(s + n - 3, "\xE2\x80\x9D", 3)))
        return true;
    return n > 0 && strchr(".!?", s[n - 1]);
}

/*
 * True when line b goes on with the paragraph of line a, the last line
 * kept on the page before: both in the body font, and a does not end
 * its sentence or fills its line (so the paragraph runs on).
 */
static bool
continues_over_page(const pdf_t *d, const line_t *a, const line_t *b,
                    double right_edge)
{
    if (is_heading(d, a) || is_heading(d, b) || !same_font(a, b))
        return false;
    if (opens_reference(a->text) && !strstr(a->text, "://"))
        return true; /* "22." at the foot of a page, its URL on the next */
    return !ends_paragraph(a->text) || a->right >= right_edge - a->size;
}

/*
 * True when the hyphen that ends a's text joins a word split across the
 * line break ("anon-" + "ymised"): a letter before it, a lower-case
 * letter after, and the hyphenated form ("anon-ymised") written nowhere
 * else in the document, which would show a real compound.
 */
static bool
joins_hyphenated(const pdf_t *d, const char *a, const char *b)
{
    size_t n = strlen(a);
    if (n < 2 || a[n - 1] != '-' || !isalpha((unsigned char)a[n - 2]) ||
        !islower((unsigned char)b[0]))
        return false;
    size_t w = n - 1, e = 0;
    while (w > 0 && isalpha((unsigned char)a[w - 1]))
        w--;
    while (isalpha((unsigned char)b[e]))
        e++;
    char word[128];
    if ((n - w) + e >= sizeof word)
        return true;
    memcpy(word, a + w, n - w);
    memcpy(word + (n - w), b, e);
    word[(n - w) + e] = '\0';
    /* a long document is not searched: a join is likelier than not */
    for (size_t i = 0; i < d->n_lines && d->n_lines <= 20000; i++) {
        const char *t = d->lines[i].text;
        if (t != a && t != b && strstr(t, word))
            return false;
    }
    return true;
}

/* True when a line opens with a bullet: "•", "·", "▪" or "- ". */
static bool
opens_bullet(const char *s)
{
    return !strncmp(s, "\xE2\x80\xA2", 3) || !strncmp(s, "\xC2\xB7", 2) ||
           !strncmp(s, "\xE2\x96\xAA", 3) || !strncmp(s, "- ", 2);
}

/*
 * True when line b goes on with a URL that line a ends with, broken at
 * the line's end ("https://example.org/a/" + "b.html"): b's first word
 * has the marks of a URL's path, or a fills its line to the right edge
 * (so the URL was broken for want of room).
 */
static bool
continues_url(const line_t *a, const line_t *b, double right_edge)
{
    const char *last = strrchr(a->text, ' ');
    last = last ? last + 1 : a->text;
    if (strncmp(last, "http://", 7) && strncmp(last, "https://", 8))
        return false;
    const char *t = b->text;
    if (!strncmp(t, "http://", 7) || !strncmp(t, "https://", 8))
        return false; /* a URL of its own */
    size_t n = strcspn(t, " ");
    return n > 0 &&
           (memchr(t, '/', n) || memchr(t, '=', n) || memchr(t, '_', n) ||
            memchr(t, '&', n) || isdigit((unsigned char)t[0]) ||
            a->right >= right_edge - a->size);
}

/*
 * True when line l starts a reference entry of a list that prev is in:
 * l opens as one ("3. "), and one of the two prints a URL.  A wrapped
 * paragraph's line may open with "2020. " too.
 */
static bool
starts_entry(const line_t *prev, const line_t *l)
{
    return opens_reference(l->text) &&
           (strstr(l->text, "://") || strstr(prev->text, "://"));
}

/* What goes between two kept lines in the text (see separation). */
typedef enum {
    JOIN_WORD,  /* nothing: a word or URL broken across the line end */
    JOIN_SPACE, /* a space: the same paragraph */
    NEW_LINE,   /* a line break: a bullet or reference entry */
    NEW_BLOCK   /* a blank line: a new paragraph, heading or headline */
} sep_t;

/*
 * Decides what goes between kept line prev and line l.  A paragraph is
 * written as one line, as the text layout has it, so that the text
 * parser does not take the first line of a wrapped paragraph for a
 * headline above it.
 */
static sep_t
separation(const pdf_t *d, const line_t *prev, const line_t *l,
           double right_edge)
{
    bool same_paragraph;
    if (prev->page != l->page)
        same_paragraph = continues_over_page(d, prev, l, right_edge);
    else if (!same_font(prev, l))
        same_paragraph = false;
    else /* a gap wider than half a line opens a new paragraph */
        same_paragraph = l->top - prev->bottom < 0.5 * prev->size;
    if (!same_paragraph)
        return NEW_BLOCK;
    if (opens_bullet(l->text) || starts_entry(prev, l))
        return NEW_LINE;
    if (joins_hyphenated(d, prev->text, l->text) ||
        continues_url(prev, l, right_edge))
        return JOIN_WORD;
    return JOIN_SPACE;
}

/*
 * The right edge of each page's body text (index: page number), which
 * tells a line that fills its line from one that ends its paragraph.
 */
static double *
right_edges(const pdf_t *d)
{
    double *edge = calloc((size_t)d->n_pages + 1, sizeof *edge);
    for (size_t i = 0; edge && i < d->n_lines; i++) {
        const line_t *l = &d->lines[i];
        if (!l->drop && !is_heading(d, l) && l->page <= (unsigned)d->n_pages)
            edge[l->page] = fmax(edge[l->page], l->right);
    }
    return edge;
}

/* True when a kept line prints url: its reference entry is in the text. */
static bool
url_is_printed(const pdf_t *d, const char *url, size_t n)
{
    for (size_t i = 0; i < d->n_lines; i++) {
        const char *t = d->lines[i].text;
        while (!d->lines[i].drop && (t = strstr(t, url)) != NULL) {
            if (t[n] == '\0' || t[n] == ' ')
                return true;
            t++;
        }
    }
    return false;
}

/*
 * Writes the reference entries made from links on footnote markers, one
 * a line, leaving out those whose URL the text prints already, so that
 * an item does not cite the same URL twice.
 */
static void
write_notes(const pdf_t *d, render_t *r)
{
    char url[4096];
    for (const char *s = lex_buf_str(&d->notes); *s;) {
        const char *nl = strchr(s, '\n');
        const char *sp = strchr(s, ' ');
        size_t n = (size_t)(nl - sp - 1);
        if (n < sizeof url) {
            memcpy(url, sp + 1, n);
            url[n] = '\0';
            if (!url_is_printed(d, url, n)) {
                lex_buf_append(&r->text, s, (size_t)(nl - s));
                end_line(r);
            }
        }
        s = nl + 1;
    }
}

/* Writes the kept lines as the plain-text layout. */
static void
render(const pdf_t *d, render_t *r)
{
    const line_t *prev = NULL;
    double *edge = right_edges(d);
    r->failed = edge == NULL;
    r->page = 0;
    push_page(r); /* rendered lines count from 1: pages[0] is unused */
    for (size_t i = 0; i < d->n_lines && !r->failed; i++) {
        const line_t *l = &d->lines[i];
        if (l->drop)
            continue;
        sep_t sep = prev ? separation(d, prev, l, edge[prev->page]) : NEW_BLOCK;
        if (sep == JOIN_WORD && r->text.data[r->text.len - 1] == '-')
            r->text.data[--r->text.len] = '\0'; /* the hyphen */
        else if (sep == JOIN_SPACE)
            lex_buf_putc(&r->text, ' ');
        else if (sep != JOIN_WORD && prev) {
            end_line(r);
            r->page = l->page;
            if (sep == NEW_BLOCK)
                end_line(r);
        }
        if (!prev || sep >= NEW_LINE)
            r->page = l->page;
        lex_buf_puts(&r->text, l->text);
        prev = l;
    }
    if (prev)
        end_line(r);
    if (d->notes.len) { /* after a blank line, as a reference list */
        r->page = d->notes_page;
        end_line(r);
        write_notes(d, r);
    }
    free(edge);
    if (lex_buf_failed(&r->text))
        r->failed = true;
}

/* ---- entry point ----------------------------------------------------- */

/* Opens the document, or explains why it cannot be opened. */
static lex_status_t
open_document(const char *path, const char *data, size_t len,
              PopplerDocument **doc, lex_err_t *err)
{
    GError *gerr = NULL;
    GBytes *bytes = g_bytes_new_static(data, len);
    *doc = poppler_document_new_from_bytes(bytes, NULL, &gerr);
    g_bytes_unref(bytes);
    if (*doc)
        return LEX_OK;
    bool encrypted = gerr && gerr->domain == POPPLER_ERROR &&
                     gerr->code == POPPLER_ERROR_ENCRYPTED;
    g_clear_error(&gerr);
    if (encrypted)
        return lex_err_set(err, LEX_EPARSE,
                           "%s: encrypted PDF; lexindex cannot read it "
                           "without its password (save a copy without "
                           "encryption, e.g. qpdf --decrypt)",
                           path);
    return lex_err_set(err, LEX_EPARSE,
                       "%s: cannot read the PDF: it is damaged or truncated",
                       path);
}

/*
 * Reads every page's lines, within the page limit and the time limit,
 * counted from start (before the document was opened).
 */
static lex_status_t
read_pages(pdf_t *d, PopplerDocument *doc, double start, lex_err_t *err)
{
    double limit = time_limit();
    d->n_pages = poppler_document_get_n_pages(doc);
    if (d->n_pages > LEX_MAX_PDF_PAGES)
        return lex_err_set(err, LEX_ELIMIT,
                           "%s: %d pages, more than the limit of %d pages per "
                           "PDF",
                           d->path, d->n_pages, LEX_MAX_PDF_PAGES);
    for (int i = 0; i < d->n_pages; i++) {
        if (now() - start > limit)
            return lex_err_set(err, LEX_ELIMIT,
                               "%s:%d: reading the PDF took longer than the "
                               "limit of %g seconds (stopped before page %d "
                               "of %d)",
                               d->path, i + 1, limit, i + 1, d->n_pages);
        PopplerPage *page = poppler_document_get_page(doc, i);
        if (!page)
            continue;
        bool ok = read_page(d, page, (unsigned)i + 1);
        g_object_unref(page);
        if (!ok)
            return lex_err_set(err, LEX_ENOMEM, "%s: out of memory", d->path);
    }
    return LEX_OK;
}

/* True when no kept line holds anything but spaces. */
static bool
has_no_text(const pdf_t *d)
{
    for (size_t i = 0; i < d->n_lines; i++)
        for (const char *s = d->lines[i].text; !d->lines[i].drop && *s; s++)
            if (!isspace((unsigned char)*s))
                return false;
    return true;
}

/* Lays the PDF out as text and cuts it into items with the text parser. */
static lex_status_t
parse_lines(pdf_t *d, const lex_parse_opts_t *opts, lex_bulletin_t **out,
            lex_err_t *err)
{
    find_body_font(d);
    if (!drop_furniture(d))
        return lex_err_set(err, LEX_ENOMEM, "%s: out of memory", d->path);
    if (has_no_text(d))
        return lex_err_set(err, LEX_EPARSE,
                           "%s: no text layer; run OCR first, e.g. ocrmypdf",
                           d->path);
    render_t r = {LEX_BUF_INIT, NULL, 0, 0, 1, false};
    render(d, &r);
    lex_status_t st;
    if (r.failed)
        st = lex_err_set(err, LEX_ENOMEM, "%s: out of memory", d->path);
    else
        st = lex_parse_text_mapped(d->path, r.text.data, r.text.len, r.pages,
                                   r.n_pages, opts, out, err);
    for (size_t i = 0; st == LEX_OK && i < (*out)->n_items; i++) {
        lex_item_t *it = &(*out)->items[i];
        it->page = it->line < r.n_pages ? r.pages[it->line] : 0;
        it->line = 0;
    }
    lex_buf_free(&r.text);
    free(r.pages);
    return st;
}

/* Parses one PDF bulletin (see parse_pdf.h). */
lex_status_t
lex_parse_pdf(const char *path, const char *data, size_t len,
              const lex_parse_opts_t *opts, lex_bulletin_t **out,
              lex_err_t *err)
{
    PopplerDocument *doc;
    pdf_t d = {0};
    double start = now();
    *out = NULL;
    d.path = path;
    d.notes = (lex_buf_t)LEX_BUF_INIT;
    lex_status_t st = open_document(path, data, len, &doc, err);
    if (st != LEX_OK)
        return st;
    st = read_pages(&d, doc, start, err);
    g_object_unref(doc);
    if (st == LEX_OK)
        st = parse_lines(&d, opts, out, err);
    for (size_t i = 0; i < d.n_lines; i++)
        free(d.lines[i].text);
    free(d.lines);
    lex_buf_free(&d.notes);
    return st;
}
