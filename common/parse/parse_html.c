/*
 * parse_html.c - bulletins saved as HTML pages.
 *
 * Rather than classifying HTML on its own, this parser renders the page
 * into the plain-text newsletter layout (blocks separated by blank lines,
 * paragraphs ending in " N" footnotes, "N. URL" reference lines) and
 * hands the result to lex_parse_text.  A saved page therefore yields
 * exactly the items of the text form of the same bulletin, and the text
 * layout's rules live in one place.
 *
 * libxml2's HTML parser builds the DOM (recovering from broken markup,
 * never touching the network); an iterative walk renders it, skipping
 * page furniture (navigation, cookie banners, share buttons, scripts).
 * For every rendered line the walk records the HTML source line of the
 * element it came from, so items point at their headline in the page
 * (libxml2 2.9's HTML parser stops counting at line 65535).
 */
#include "parse_html.h"

#include <ctype.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <libxml/HTMLparser.h>
#include <libxml/tree.h>
#include <libxml/xmlerror.h>

#include "buf.h"
#include "parse.h"
#include "parse_xml.h"
#include "utf8.h"

_Static_assert(LEX_MAX_DEPTH == 256, "libxml2's limit, and the message's");

/* The rendering in progress. */
typedef struct {
    lex_buf_t text;      /* the rendered plain-text bulletin */
    lex_buf_t block;     /* the block being assembled */
    unsigned *lines;     /* lines[i]: source line of rendered line i */
    size_t n_lines;      /* entries used in lines (index 0 is unused) */
    size_t cap_lines;    /* entries allocated */
    unsigned block_line; /* source line of the block being assembled */
    int footnote;        /* <sup> number waiting to end the block, or 0 */
    int bold;            /* depth of <strong>/<b> elements */
    bool all_bold;       /* every word of the block so far was bold */
    bool failed;         /* an allocation failed */
} render_t;

/* Elements whose content is never bulletin text. */
static const char *const skipped_tags[] = {
    "head",   "script", "style", "noscript", "template", "nav",
    "footer", "aside",  "form",  "button",   "iframe",   "svg",
    "select", "object", "embed", "textarea", "canvas",
};

/* Words in an id or class that mark page furniture rather than content. */
static const char *const furniture_words[] = {
    "nav",
    "menu",
    "share",
    "social",
    "print",
    "subscribe",
    "newsletter-signup",
    "cookie",
    "consent",
    "banner",
    "breadcrumb",
    "footer",
    "sidebar",
    "related",
    "comment",
    "advert",
};

/* Elements that start and end a text block. */
static const char *const block_tags[] = {
    "p",       "div",     "li",         "h1",         "h2",     "h3",
    "h4",      "h5",      "h6",         "blockquote", "td",     "th",
    "dt",      "dd",      "ul",         "ol",         "dl",     "table",
    "tr",      "section", "article",    "main",       "body",   "pre",
    "address", "figure",  "figcaption", "hr",         "center", "header",
};

/* ---- element classification ------------------------------------------ */

/* True when name is one of the n names in list. */
static bool
name_in(const xmlChar *name, const char *const *list, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (!strcmp((const char *)name, list[i]))
            return true;
    return false;
}

/* True for an element node with the given (lower-case) name. */
static bool
is_tag(const xmlNode *n, const char *name)
{
    return n && n->type == XML_ELEMENT_NODE &&
           !strcmp((const char *)n->name, name);
}

/* True when an element's id or class names page furniture. */
static bool
attr_is_furniture(xmlNode *n, const char *attr)
{
    xmlChar *v = xmlGetProp(n, (const xmlChar *)attr);
    bool hit = false;
    for (size_t i = 0;
         v && !hit && i < sizeof furniture_words / sizeof furniture_words[0];
         i++) {
        size_t k = strlen(furniture_words[i]);
        for (const xmlChar *p = v; *p && !hit; p++)
            hit = !strncasecmp((const char *)p, furniture_words[i], k);
    }
    xmlFree(v);
    return hit;
}

/* True when a <header> sits inside an article, where it holds headlines. */
static bool
in_article(const xmlNode *n)
{
    for (n = n->parent; n; n = n->parent)
        if (is_tag(n, "article"))
            return true;
    return false;
}

/*
 * True for elements skipped with everything inside them: non-content
 * tags, a page-level <header>, and anything whose id or class names
 * furniture (except the page's main containers, whose classes often
 * mention the sidebar or menu state of the whole layout).
 */
static bool
is_skipped(xmlNode *n)
{
    static const char *const containers[] = {"html", "body", "main", "article"};
    if (n->type != XML_ELEMENT_NODE)
        return n->type != XML_TEXT_NODE && n->type != XML_CDATA_SECTION_NODE;
    if (name_in(n->name, skipped_tags,
                sizeof skipped_tags / sizeof skipped_tags[0]))
        return true;
    if (is_tag(n, "header") && !in_article(n))
        return true;
    if (name_in(n->name, containers, sizeof containers / sizeof containers[0]))
        return false;
    return attr_is_furniture(n, "id") || attr_is_furniture(n, "class");
}

/* True for elements that begin and end a text block. */
static bool
is_block(const xmlNode *n)
{
    return n->type == XML_ELEMENT_NODE &&
           name_in(n->name, block_tags,
                   sizeof block_tags / sizeof block_tags[0]);
}

/* The source line of the innermost block element around n. */
static unsigned
block_line_of(const xmlNode *n)
{
    for (; n; n = n->parent)
        if (is_block(n) || (n->parent && n->parent->type != XML_ELEMENT_NODE))
            break;
    long line = n ? xmlGetLineNo(n) : 0;
    return line > 0 && line <= (long)UINT_MAX ? (unsigned)line : 0;
}

/* The next node after n in document order, staying inside root. */
static xmlNode *
next_in(xmlNode *n, const xmlNode *root, bool descend)
{
    if (descend && n->children)
        return n->children;
    while (n != root && !n->next)
        n = n->parent;
    return n == root ? NULL : n->next;
}

/*
 * The URL a link prints as its text, trimmed, or NULL when its text is
 * not one URL; free with xmlFree.  Newsletters wrap their links in
 * tracking redirects but often print the real address.
 */
static xmlChar *
visible_url(xmlNode *n)
{
    xmlChar *text = xmlNodeGetContent(n);
    if (!text)
        return NULL;
    const char *s = (const char *)text;
    size_t skip = strspn(s, " \t\r\n");
    size_t len = strcspn(s + skip, " \t\r\n");
    bool url = (!strncasecmp(s + skip, "http://", 7) ||
                !strncasecmp(s + skip, "https://", 8)) &&
               s[skip + len + strspn(s + skip + len, " \t\r\n")] == '\0';
    xmlChar *out = url ? xmlStrndup(text + skip, (int)len) : NULL;
    xmlFree(text);
    return out;
}

/*
 * The URL of an http(s) link, trimmed, or NULL; free with xmlFree: the
 * URL its text prints when there is one, else its href, as it is.
 */
static xmlChar *
http_href(xmlNode *n)
{
    if (!is_tag(n, "a"))
        return NULL;
    xmlChar *v = xmlGetProp(n, (const xmlChar *)"href");
    if (!v)
        return NULL;
    const char *s = (const char *)v;
    size_t skip = strspn(s, " \t\r\n");
    size_t len = strcspn(s + skip, " \t\r\n");
    if (strncasecmp(s + skip, "http://", 7) &&
        strncasecmp(s + skip, "https://", 8)) {
        xmlFree(v);
        return NULL;
    }
    xmlChar *shown = visible_url(n);
    if (shown) {
        xmlFree(v);
        return shown;
    }
    memmove(v, v + skip, len);
    v[len] = '\0';
    return v;
}

/* ---- rendering --------------------------------------------------------- */

/* Records that the next rendered line came from source line src. */
static void
push_line(render_t *r, unsigned src)
{
    unsigned *nl = lex_grow(r->lines, r->n_lines, &r->cap_lines, sizeof *nl);
    if (!nl) {
        r->failed = true;
        return;
    }
    r->lines = nl;
    r->lines[r->n_lines++] = src;
}

/* Drops trailing spaces and line breaks from the block. */
static void
trim_block(render_t *r)
{
    while (r->block.len > 0 && (r->block.data[r->block.len - 1] == ' ' ||
                                r->block.data[r->block.len - 1] == '\n'))
        r->block.data[--r->block.len] = '\0';
}

/*
 * Ends the block being assembled: adds a pending footnote number, then
 * writes the block and a blank line to the rendered text, recording the
 * source line of each rendered line.
 */
static void
flush_block(render_t *r)
{
    trim_block(r);
    if (r->block.len > 0 && r->footnote > 0)
        lex_buf_printf(&r->block, " %d", r->footnote);
    if (r->block.len > 0) {
        lex_buf_append(&r->text, r->block.data, r->block.len);
        lex_buf_puts(&r->text, "\n\n");
        for (size_t i = 0; i < r->block.len; i++)
            if (r->block.data[i] == '\n')
                push_line(r, r->block_line);
        push_line(r, r->block_line);
        push_line(r, 0);
    }
    r->failed |= lex_buf_failed(&r->block);
    lex_buf_reset(&r->block);
    r->footnote = 0;
    r->all_bold = false;
}

/* True when the block so far is only an entry number: "13." "[13]" "13)". */
static bool
block_is_entry_number(const render_t *r)
{
    const char *s = lex_buf_str(&r->block);
    bool bracket = *s == '[';
    size_t d = strspn(s + bracket, "0123456789");
    if (d == 0 || d > 4)
        return false;
    const char *p = s + bracket + d;
    if (bracket ? *p != ']' : (*p != '.' && *p != ')'))
        return false;
    return p[1] == '\0' || (p[1] == ' ' && p[2] == '\0');
}

/*
 * Appends text to the block with whitespace runs collapsed to one space,
 * ASCII controls dropped and any byte that is not UTF-8 (from a page
 * whose declared charset was wrong) replaced by U+FFFD; the first text
 * of a block fixes its source line.  Text after a <sup> footnote means
 * the footnote was not at the end of the paragraph, so it is forgotten.
 */
static void
append_text(render_t *r, const char *s, const xmlNode *from)
{
    size_t n = strlen(s);
    for (size_t i = 0; i < n;) {
        unsigned char c = (unsigned char)s[i];
        unsigned cp;
        size_t k = lex_utf8_decode(s + i, n - i, &cp);
        if (isspace(c)) {
            if (r->block.len > 0 &&
                !strchr(" \n", r->block.data[r->block.len - 1]))
                lex_buf_putc(&r->block, ' ');
            i++;
            continue;
        }
        if (c < 0x20 || c == 0x7F) {
            i++;
            continue;
        }
        if (r->block.len == 0) {
            r->block_line = block_line_of(from);
            r->all_bold = r->bold > 0;
        }
        if (!r->bold)
            r->all_bold = false;
        r->footnote = 0;
        if (k)
            lex_buf_append(&r->block, s + i, k);
        else
            lex_buf_puts(&r->block, "\xEF\xBF\xBD");
        i += k ? k : 1;
    }
}

/* Breaks the block's line; two breaks in a row, or one after a bold
 * headline, end the block. */
static void
line_break(render_t *r)
{
    trim_block(r);
    if (r->block.len == 0)
        return;
    if (r->all_bold || r->block.data[r->block.len - 1] == '\n')
        flush_block(r);
    else
        lex_buf_putc(&r->block, '\n');
}

/*
 * Reads a <sup> footnote marker ("13" or "[13]") into the pending
 * footnote.  False when the <sup> holds anything else ("th" in "10th"),
 * which is then rendered as ordinary text.
 */
static bool
sup_footnote(render_t *r, xmlNode *n)
{
    xmlChar *v = xmlNodeGetContent(n);
    const char *s = v ? (const char *)v : "";
    s += strspn(s, " \t\r\n[");
    size_t d = strspn(s, "0123456789");
    const char *rest = s + d + strspn(s + d, " \t\r\n]");
    int number = d > 0 && d <= 4 && *rest == '\0' ? atoi(s) : 0;
    xmlFree(v);
    if (number <= 0)
        return false;
    trim_block(r);
    if (r->block.len > 0)
        r->footnote = number;
    return true;
}

/* True when every <li> of a list holds at least one http(s) link. */
static bool
is_reference_list(xmlNode *list)
{
    int items = 0;
    for (xmlNode *li = list->children; li; li = li->next) {
        if (li->type != XML_ELEMENT_NODE)
            continue;
        if (!is_tag(li, "li"))
            return false;
        bool linked = false;
        for (xmlNode *n = li; n && !linked; n = next_in(n, li, true)) {
            xmlChar *href = http_href(n);
            linked = href != NULL;
            xmlFree(href);
        }
        if (!linked)
            return false;
        items++;
    }
    return items > 0;
}

/* An integer attribute of n, or fallback when absent or not a number. */
static int
int_attr(xmlNode *n, const char *name, int fallback)
{
    xmlChar *v = xmlGetProp(n, (const xmlChar *)name);
    int value = fallback;
    if (v) {
        char *end;
        long l = strtol((const char *)v, &end, 10);
        if (end != (char *)v && l > 0 && l < 100000)
            value = (int)l;
    }
    xmlFree(v);
    return value;
}

/*
 * Renders an <ol> of links as the reference list: one "N. URL" line per
 * entry, further URLs of the entry on their own lines, where N is the
 * entry's value attribute or its position counted from start.
 */
static void
render_reference_list(render_t *r, xmlNode *list)
{
    int number = int_attr(list, "start", 1);
    flush_block(r);
    for (xmlNode *li = list->children; li; li = li->next) {
        if (li->type != XML_ELEMENT_NODE)
            continue;
        number = int_attr(li, "value", number);
        line_break(r);
        if (r->block.len == 0)
            r->block_line = block_line_of(li);
        lex_buf_printf(&r->block, "%d.", number);
        for (xmlNode *n = li; n; n = next_in(n, li, true)) {
            xmlChar *href = http_href(n);
            if (href)
                lex_buf_printf(&r->block, " %s\n", (const char *)href);
            xmlFree(href);
        }
        number++;
    }
    flush_block(r);
}

/*
 * Handles entering node n; returns true when its children should be
 * walked.  Links after an entry number ("13. <a href=...>") render as
 * their URL, so a list of numbered links becomes reference lines.
 */
static bool
enter(render_t *r, xmlNode *n)
{
    if (is_skipped(n))
        return false;
    if (n->type != XML_ELEMENT_NODE) {
        append_text(r, (const char *)n->content, n);
        return false;
    }
    if (is_tag(n, "br")) {
        line_break(r);
        return false;
    }
    if (is_tag(n, "sup") && sup_footnote(r, n))
        return false;
    if (is_tag(n, "ol") && is_reference_list(n)) {
        render_reference_list(r, n);
        return false;
    }
    if (block_is_entry_number(r)) {
        xmlChar *href = http_href(n);
        if (href) {
            trim_block(r);
            lex_buf_printf(&r->block, " %s", (const char *)href);
            xmlFree(href);
            return false;
        }
    }
    if (is_block(n))
        flush_block(r);
    if (is_tag(n, "strong") || is_tag(n, "b"))
        r->bold++;
    return true;
}

/* Handles leaving element n after its children. */
static void
leave(render_t *r, xmlNode *n)
{
    if (n->type != XML_ELEMENT_NODE || is_skipped(n))
        return;
    if (is_block(n))
        flush_block(r);
    if ((is_tag(n, "strong") || is_tag(n, "b")) && r->bold > 0)
        r->bold--;
}

/* Walks the document without recursion, however deep the markup nests. */
static void
render_tree(render_t *r, xmlNode *root)
{
    xmlNode *n = root;
    while (n && !r->failed) {
        if (enter(r, n) && n->children) {
            n = n->children;
            continue;
        }
        leave(r, n);
        while (n != root && !n->next) {
            n = n->parent;
            leave(r, n);
        }
        n = n == root ? NULL : n->next;
    }
    flush_block(r);
    r->failed |= lex_buf_failed(&r->text);
}

/* ---- entry point --------------------------------------------------------- */

/* True when the start of the page declares a charset (<meta charset>). */
static bool
declares_charset(const char *data, size_t len)
{
    static const char key[] = "charset=";
    size_t n = len < 16384 ? len : 16384;
    for (size_t i = 0; i + sizeof key - 1 <= n; i++)
        if (!strncasecmp(data + i, key, sizeof key - 1))
            return true;
    return false;
}

/*
 * The encoding to parse with: NULL (let libxml2 read the BOM or the
 * document's meta charset) when there is one, UTF-8 otherwise, where
 * libxml2 would guess Latin-1.
 */
static const char *
choose_encoding(const char *data, size_t len)
{
    if (lex_utf16_bom(data, len) || declares_charset(data, len))
        return NULL;
    return "UTF-8";
}

/* True when the bytes are only ASCII whitespace. */
static bool
is_blank(const char *data, size_t len)
{
    for (size_t i = 0; i < len; i++)
        if (!isspace((unsigned char)data[i]))
            return false;
    return true;
}

/* Points each item's line at the source line of its rendered headline. */
static void
map_lines(lex_bulletin_t *b, const render_t *r)
{
    for (size_t i = 0; i < b->n_items; i++) {
        unsigned line = b->items[i].line;
        if (line < r->n_lines && r->lines[line] > 0)
            b->items[i].line = r->lines[line];
    }
}

/* Renders a parsed document and runs the text parser over the result. */
static lex_status_t
parse_rendered(const char *path, xmlDoc *doc, const lex_parse_opts_t *opts,
               lex_bulletin_t **out, lex_err_t *err)
{
    render_t r = {0};
    lex_status_t st;

    push_line(&r, 0); /* rendered lines count from 1 */
    render_tree(&r, xmlDocGetRootElement(doc));
    if (r.failed)
        st = lex_err_set(err, LEX_ENOMEM, "%s: out of memory", path);
    else if (r.text.len == 0)
        st = lex_err_set(err, LEX_EPARSE,
                         "%s: no bulletin items found (the HTML page holds "
                         "no text)",
                         path);
    else
        st = lex_parse_text_mapped(path, r.text.data, r.text.len, r.lines,
                                   r.n_lines, opts, out, err);
    if (st == LEX_OK)
        map_lines(*out, &r);
    lex_buf_free(&r.text);
    lex_buf_free(&r.block);
    free(r.lines);
    return st;
}

/*
 * libxml2's structured error handler while a page is parsed: keeps the
 * line of the "Excessive depth" error, raised when elements nest deeper
 * than LEX_MAX_DEPTH (libxml2 stops reading the page there).
 */
static void
note_depth_error(void *ctx, xmlErrorPtr e)
{
    long *line = ctx;
    if (e && e->message && strstr(e->message, "Excessive depth") && !*line)
        *line = e->line > 0 ? e->line : 1;
}

/*
 * Parses the page with libxml2's HTML parser; *depth_line is set when
 * the page nests elements too deeply.  libxml2 reports nothing else
 * (HTML_PARSE_NOERROR), and its handlers are put back afterwards.
 */
static xmlDoc *
read_html(const char *path, const char *data, size_t len, const char *encoding,
          long *depth_line)
{
    const int options = HTML_PARSE_RECOVER | HTML_PARSE_NONET |
                        HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING |
                        HTML_PARSE_NOBLANKS;
    xmlStructuredErrorFunc saved = xmlStructuredError;
    void *saved_ctx = xmlStructuredErrorContext;
    *depth_line = 0;
    xmlSetStructuredErrorFunc(depth_line, note_depth_error);
    xmlDoc *doc = htmlReadMemory(data, (int)len, path, encoding, options);
    xmlSetStructuredErrorFunc(saved_ctx, saved);
    return doc;
}

/*
 * Parses one HTML bulletin with what the caller knows of it: a page
 * already converted to UTF-8 (a mail part) is read as UTF-8 whatever
 * its <meta charset> says; any other page in the charset it declares.
 */
lex_status_t
lex_parse_html(const char *path, const char *data, size_t len,
               const lex_parse_opts_t *opts, lex_bulletin_t **out,
               lex_err_t *err)
{
    *out = NULL;
    if (is_blank(data, len))
        return lex_parse_text(path, data, len, opts, out, err);
    if (len > INT_MAX)
        return lex_err_set(err, LEX_ELIMIT, "%s: file too large for HTML",
                           path);
    const char *encoding =
        opts && opts->html_is_utf8 ? "UTF-8" : choose_encoding(data, len);
    /* refuses binary data and bytes that are not UTF-8 in a page read as
       UTF-8, as the text parser does: libxml2 would otherwise pass bad
       bytes through or stop at a NUL */
    lex_status_t st = encoding
                          ? lex_utf8_check_input(path, data, len,
                                                 " or declare its charset", err)
                          : LEX_OK;
    if (st != LEX_OK)
        return st;
    long depth_line;
    lex_libxml2_init();
    xmlDoc *doc = read_html(path, data, len, encoding, &depth_line);
    if (depth_line) {
        xmlFreeDoc(doc);
        return lex_err_set(err, LEX_ELIMIT,
                           "%s:%ld: elements nested deeper than the limit of "
                           "256",
                           path, depth_line);
    }
    if (!doc || !xmlDocGetRootElement(doc)) {
        xmlFreeDoc(doc);
        return lex_err_set(err, LEX_EPARSE, "%s: cannot parse HTML", path);
    }
    st = parse_rendered(path, doc, opts, out, err);
    xmlFreeDoc(doc);
    return st;
}
