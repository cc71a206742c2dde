/*
 * parse_xml.c - XML bulletins: the lexsearch format, RSS 2.0 and Atom.
 *
 * The root element decides the vocabulary: <bulletin> in the lexsearch
 * namespace (documented and validated by corpus/bulletin.rng), <rss> or
 * an Atom <feed>.  Each is mapped onto the same bulletin model as the
 * plain-text layout, so nothing after this file knows the format.
 *
 * Bulletin files are untrusted.  libxml2 parses them without network
 * access, without loading DTDs and without substituting entities; its
 * own entity-amplification checks refuse "billion laughs" documents, and
 * references to external entities are refused here before any text is
 * read.  While a file is parsed, libxml2's error handlers are replaced so
 * that it never prints: the first error becomes "path:line: message".
 */
#include <limits.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <libxml/HTMLparser.h>
#include <libxml/parser.h>
#include <libxml/relaxng.h>
#include <libxml/tree.h>
#include <libxml/xmlerror.h>
#include <libxml/xmlschemastypes.h>

#include "buf.h"
#include "dates.h"
#include "parse.h"
#include "parse_xml.h"
#include "thesaurus.h"
#include "utf8.h"

#define BULLETIN_NS "https://lexsearch.example/ns/bulletin/1"
#define ATOM_NS "http://www.w3.org/2005/Atom"
#define XML_OPTIONS (XML_PARSE_NONET | XML_PARSE_BIG_LINES)
#define HTML_OPTIONS                                                           \
    (HTML_PARSE_RECOVER | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING |          \
     HTML_PARSE_NONET)
#define MAX_FIELD_BYTES LEX_MAX_LINE_BYTES /* a field's text, entities in */
#define MAX_ENTITY_DEPTH 8

/* The first error libxml2 reported while a file was being read. */
typedef struct {
    bool have;
    bool located; /* line is in the document, not inside an entity */
    bool muted;   /* ignore errors (while reading HTML fragments) */
    bool encoding;
    bool limit; /* a documented limit was exceeded */
    long line;
    char msg[512];
} xml_errors_t;

/* libxml2's error handlers as they were before lex_parse_xml. */
typedef struct {
    xmlStructuredErrorFunc serror;
    void *sctx;
    xmlGenericErrorFunc generic;
    void *gctx;
} handlers_t;

typedef struct {
    const char *path;
    xmlDocPtr doc;
    lex_bulletin_t *b;
    lex_err_t *err;
    xml_errors_t errs;
} xparser_t;

/* ---- text ------------------------------------------------------------ */

/*
 * Appends n bytes of s to out as bulletin text: white space runs become
 * one space, control characters and invalid bytes are dropped, and no
 * space leads or trails (the rules of the plain-text layout).
 */
static void
append_clean(lex_buf_t *out, const char *s, size_t n)
{
    bool pending = false;
    size_t i = 0;
    while (i < n) {
        unsigned cp;
        size_t k = lex_utf8_decode(s + i, n - i, &cp);
        if (k == 0) {
            i++;
            continue;
        }
        bool space = cp == ' ' || cp == '\t' || cp == '\n' || cp == '\r' ||
                     cp == 0xA0 || cp == 0x3000 ||
                     (cp >= 0x2000 && cp <= 0x200A) || cp == 0x202F;
        if (space) {
            pending = true;
        } else if (!lex_utf8_is_control(cp) && cp != 0xFEFF) {
            if (pending && out->len > 0)
                lex_buf_putc(out, ' ');
            pending = false;
            lex_buf_append(out, s + i, k);
        }
        i += k;
    }
}

/* A heap copy of s cleaned by append_clean; NULL when out of memory. */
static char *
clean_dup(const char *s)
{
    lex_buf_t b = LEX_BUF_INIT;
    append_clean(&b, s ? s : "", s ? strlen(s) : 0);
    if (b.len == 0 && !b.failed)
        lex_buf_puts(&b, "");
    return lex_buf_steal(&b);
}

/* HTML elements that separate words, so "<p>a</p><p>b</p>" reads "a b". */
static bool
is_block_element(const char *name)
{
    static const char *const blocks[] = {
        "p",  "br",         "div", "li",    "ul",      "ol",      "h1", "h2",
        "h3", "h4",         "h5",  "h6",    "tr",      "td",      "th", "dd",
        "dt", "blockquote", "pre", "table", "section", "article", "hr"};
    for (size_t i = 0; i < sizeof blocks / sizeof blocks[0]; i++)
        if (!strcasecmp(name, blocks[i]))
            return true;
    return false;
}

static lex_status_t gather_text(xparser_t *p, xmlDocPtr doc, xmlNodePtr n,
                                lex_buf_t *out, int depth);

/*
 * Appends the replacement text of an internal entity.  External entities
 * were refused by check_entities and are never loaded; nesting is
 * bounded on top of libxml2's own amplification checks.
 */
static lex_status_t
gather_entity(xparser_t *p, xmlDocPtr doc, xmlNodePtr ref, lex_buf_t *out,
              int depth)
{
    xmlEntityPtr ent = xmlGetDocEntity(doc, ref->name);
    if (!ent || (ent->etype != XML_INTERNAL_GENERAL_ENTITY &&
                 ent->etype != XML_INTERNAL_PREDEFINED_ENTITY))
        return LEX_OK;
    if (depth >= MAX_ENTITY_DEPTH)
        return lex_err_set(p->err, LEX_EPARSE,
                           "%s:%ld: entities nested more than %d deep", p->path,
                           xmlGetLineNo(ref), MAX_ENTITY_DEPTH);
    if (ent->children)
        return gather_text(p, doc, ent->children, out, depth + 1);
    if (ent->content)
        lex_buf_puts(out, (const char *)ent->content);
    return LEX_OK;
}

/*
 * Appends the raw text under the node list n (text, CDATA, internal
 * entities; not scripts or styles) to out, refusing more than
 * MAX_FIELD_BYTES.
 */
static lex_status_t
gather_text(xparser_t *p, xmlDocPtr doc, xmlNodePtr n, lex_buf_t *out,
            int depth)
{
    for (; n; n = n->next) {
        lex_status_t st = LEX_OK;
        if (n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE) {
            if (n->content)
                lex_buf_puts(out, (const char *)n->content);
        } else if (n->type == XML_ENTITY_REF_NODE) {
            st = gather_entity(p, doc, n, out, depth);
        } else if (n->type == XML_ELEMENT_NODE &&
                   strcasecmp((const char *)n->name, "script") &&
                   strcasecmp((const char *)n->name, "style")) {
            bool block = is_block_element((const char *)n->name);
            if (block)
                lex_buf_putc(out, ' ');
            st = gather_text(p, doc, n->children, out, depth);
            if (block)
                lex_buf_putc(out, ' ');
        }
        if (st != LEX_OK)
            return st;
        if (out->len > MAX_FIELD_BYTES)
            return lex_err_set(p->err, LEX_ELIMIT,
                               "%s:%ld: text longer than the 1 MiB limit",
                               p->path, xmlGetLineNo(n));
    }
    return LEX_OK;
}

/* Reads an HTML fragment (an RSS description) and returns its text. */
static lex_status_t
html_to_text(xparser_t *p, const lex_buf_t *html, lex_buf_t *out)
{
    if (html->len == 0)
        return LEX_OK;
    p->errs.muted = true;
    htmlDocPtr doc =
        htmlReadMemory(html->data, (int)html->len, NULL, "UTF-8", HTML_OPTIONS);
    p->errs.muted = false;
    if (!doc) {
        lex_buf_append(out, html->data, html->len);
        return LEX_OK;
    }
    lex_status_t st = gather_text(p, doc, doc->children, out, 0);
    xmlFreeDoc(doc);
    return st;
}

/*
 * Stores in *out the cleaned text of node n ("" when n is NULL), read as
 * HTML when html is set.
 */
static lex_status_t
node_text(xparser_t *p, xmlNodePtr n, bool html, char **out)
{
    lex_buf_t raw = LEX_BUF_INIT, text = LEX_BUF_INIT;
    lex_status_t st = LEX_OK;

    *out = NULL;
    if (n)
        st = gather_text(p, p->doc, n->children, &raw, 0);
    if (st == LEX_OK && html)
        st = html_to_text(p, &raw, &text);
    if (st == LEX_OK) {
        const lex_buf_t *src = html ? &text : &raw;
        *out = clean_dup(lex_buf_str(src));
        if (!*out || lex_buf_failed(&raw) || lex_buf_failed(&text))
            st = LEX_ENOMEM;
    }
    lex_buf_free(&raw);
    lex_buf_free(&text);
    return st;
}

/* A cleaned copy of an attribute ("" when absent); NULL out of memory. */
static char *
attr_text(xmlNodePtr n, const char *name)
{
    xmlChar *v = xmlGetNoNsProp(n, (const xmlChar *)name);
    char *s = clean_dup((const char *)v);
    xmlFree(v);
    return s;
}

/* The first 80 bytes of body and "...", for an item without a title. */
static char *
excerpt(const char *body)
{
    lex_buf_t h = LEX_BUF_INIT;
    size_t n = strlen(body), cut = n < 80 ? n : 80;
    while (cut < n && cut > 0 && (body[cut] & 0xC0) == 0x80)
        cut--;
    lex_buf_append(&h, body, cut);
    lex_buf_puts(&h, cut < n ? "..." : "");
    return lex_buf_steal(&h);
}

/* ---- dates ----------------------------------------------------------- */

/* Reads exactly n digits at *s and advances; -1 when they are not there. */
static int
read_digits(const char **s, int n)
{
    int v = 0;
    for (int i = 0; i < n; i++) {
        char c = (*s)[i];
        if (c < '0' || c > '9')
            return -1;
        v = v * 10 + (c - '0');
    }
    *s += n;
    return v;
}

/*
 * Reads an ISO 8601 date, "YYYY-MM" or "YYYY-MM-DD", allowing a time
 * ("T08:00:00Z") after it when with_time is set.  False when s is not
 * such a date or names no real day.
 */
static bool
parse_iso_date(const char *s, bool with_time, lex_date_t *d)
{
    int y, m, day = 0;
    while (*s == ' ')
        s++;
    if ((y = read_digits(&s, 4)) < 0 || *s++ != '-' ||
        (m = read_digits(&s, 2)) < 1 || m > 12)
        return false;
    if (*s == '-' && (s++, (day = read_digits(&s, 2)) < 1))
        return false;
    if (day && !lex_date_valid(y, m, day))
        return false;
    if (*s && !(with_time && (*s == 'T' || *s == 't' || *s == ' ')))
        return false;
    *d = (lex_date_t){y, m, day, false};
    return true;
}

/*
 * Reads an RFC 822 date as RSS writes it, "Tue, 05 Mar 2024 08:00:00
 * GMT": the calendar day as written, the time and zone ignored.
 */
static bool
parse_rfc822_date(const char *s, lex_date_t *d)
{
    int day, month, year;
    size_t n = 0;
    if (strchr(s, ','))
        s = strchr(s, ',') + 1;
    while (*s == ' ')
        s++;
    day = read_digits(&s, 2);
    if (day < 0 && (day = read_digits(&s, 1)) < 0)
        return false;
    while (*s == ' ')
        s++;
    while (s[n] && s[n] != ' ')
        n++;
    if (!(month = lex_month_from_name(s, n)))
        return false;
    s += n;
    while (*s == ' ')
        s++;
    if ((year = read_digits(&s, 4)) < 0) {
        if ((year = read_digits(&s, 2)) < 0)
            return false;
        year += year < 50 ? 2000 : 1900;
    }
    if (!lex_date_valid(year, month, day))
        return false;
    *d = (lex_date_t){year, month, day, false};
    return true;
}

/* ---- errors ---------------------------------------------------------- */

/* Keeps the first error libxml2 reports (and a line in the document). */
static void
capture_error(void *data, xmlErrorPtr e)
{
    xml_errors_t *x = data;
    if (x->muted || !e || e->level < XML_ERR_ERROR)
        return;
    if (x->have) {
        if (!x->located && e->file) {
            x->line = e->line;
            x->located = true;
        }
        return;
    }
    lex_buf_t m = LEX_BUF_INIT;
    const char *msg = e->message ? e->message : "XML error";
    if (strstr(msg, "Excessive depth")) {
        msg = "elements nested deeper than the limit of 256";
        x->limit = true;
    } else if (e->code == XML_ERR_ENTITY_LOOP) {
        msg = "entity expansion refused: the entities loop or expand too "
              "much";
    }
    append_clean(&m, msg, strlen(msg));
    snprintf(x->msg, sizeof x->msg, "%s", lex_buf_str(&m));
    lex_buf_free(&m);
    x->have = true;
    x->line = e->line;
    x->located = e->file != NULL;
    x->encoding =
        e->code == XML_ERR_INVALID_CHAR || e->code == XML_ERR_INVALID_ENCODING;
}

/* Swallows libxml2's unstructured messages. */
static void
ignore_generic(void *ctx, const char *msg, ...)
{
    (void)ctx;
    (void)msg;
}

/* Routes libxml2's errors to x, saving the handlers in place. */
static void
handlers_install(handlers_t *saved, xml_errors_t *x)
{
    saved->serror = xmlStructuredError;
    saved->sctx = xmlStructuredErrorContext;
    saved->generic = xmlGenericError;
    saved->gctx = xmlGenericErrorContext;
    xmlSetStructuredErrorFunc(x, capture_error);
    xmlSetGenericErrorFunc(NULL, ignore_generic);
}

/* Puts back the handlers handlers_install saved. */
static void
handlers_restore(const handlers_t *saved)
{
    xmlSetStructuredErrorFunc(saved->sctx, saved->serror);
    xmlSetGenericErrorFunc(saved->gctx, saved->generic);
}

/* Turns the first captured error into "path:line: message". */
static lex_status_t
report(xparser_t *p, const char *fallback)
{
    const xml_errors_t *x = &p->errs;
    lex_status_t st = x->encoding ? LEX_EENCODING
                      : x->limit  ? LEX_ELIMIT
                                  : LEX_EPARSE;
    const char *msg = x->have && x->msg[0] ? x->msg : fallback;
    if (x->have && x->line > 0)
        return lex_err_set(p->err, st, "%s:%ld: %s", p->path, x->line, msg);
    return lex_err_set(p->err, st, "%s: %s", p->path, msg);
}

/*
 * Refuses references to external or undeclared entities anywhere in the
 * tree, so their content is never looked for.
 */
static lex_status_t
check_entities(xparser_t *p, xmlNodePtr n)
{
    for (; n; n = n->next) {
        if (n->type == XML_ELEMENT_NODE) {
            lex_status_t st = check_entities(p, n->children);
            if (st != LEX_OK)
                return st;
        } else if (n->type == XML_ENTITY_REF_NODE) {
            xmlEntityPtr ent = xmlGetDocEntity(p->doc, n->name);
            if (!ent || (ent->etype != XML_INTERNAL_GENERAL_ENTITY &&
                         ent->etype != XML_INTERNAL_PREDEFINED_ENTITY))
                return lex_err_set(
                    p->err, LEX_EPARSE,
                    "%s:%ld: entity &%s; is %s; external entities are not "
                    "loaded",
                    p->path, xmlGetLineNo(n), (const char *)n->name,
                    ent ? "external" : "not declared");
        }
    }
    return LEX_OK;
}

/* ---- element helpers ------------------------------------------------- */

/* True when n is the element name in namespace ns (NULL: no namespace). */
static bool
is_elem(xmlNodePtr n, const char *ns, const char *name)
{
    if (!n || n->type != XML_ELEMENT_NODE ||
        strcmp((const char *)n->name, name))
        return false;
    if (!ns)
        return n->ns == NULL;
    return n->ns && n->ns->href && !strcmp((const char *)n->ns->href, ns);
}

/* The first element named name among n and its following siblings. */
static xmlNodePtr
next_elem(xmlNodePtr n, const char *ns, const char *name)
{
    for (; n; n = n->next)
        if (is_elem(n, ns, name))
            return n;
    return NULL;
}

/* The first child element of parent named name. */
static xmlNodePtr
child(xmlNodePtr parent, const char *ns, const char *name)
{
    return parent ? next_elem(parent->children, ns, name) : NULL;
}

/* Sets b->title from node n; an empty title stays NULL. */
static lex_status_t
set_title(xparser_t *p, xmlNodePtr n, bool html)
{
    char *t = NULL;
    lex_status_t st = node_text(p, n, html, &t);
    if (st == LEX_OK && *t)
        p->b->title = t;
    else
        free(t);
    return st;
}

/*
 * Appends an item for element n to the bulletin, refusing one more than
 * LEX_MAX_ITEMS; NULL with *st set on failure.
 */
static lex_item_t *
new_item(xparser_t *p, xmlNodePtr n, lex_status_t *st)
{
    if (p->b->n_items >= LEX_MAX_ITEMS) {
        *st = lex_err_set(p->err, LEX_ELIMIT,
                          "%s:%ld: more items than the limit of 10000 per "
                          "file",
                          p->path, xmlGetLineNo(n));
        return NULL;
    }
    lex_item_t *it = lex_bulletin_add_item(p->b);
    *st = it ? LEX_OK : LEX_ENOMEM;
    if (it)
        it->line = (unsigned)xmlGetLineNo(n);
    return it;
}

/* ---- the lexsearch format -------------------------------------------- */

/*
 * Validates the document against corpus/bulletin.rng; the first
 * schema error becomes "path:line: reason".
 */
static lex_status_t
validate_bulletin(xparser_t *p)
{
    char *rng = NULL;
    xml_errors_t serrs = {0};
    lex_status_t st = lex_data_file("bulletin.rng", &rng, p->err);
    if (st != LEX_OK)
        return st;
    xmlRelaxNGParserCtxtPtr pc = xmlRelaxNGNewParserCtxt(rng);
    xmlRelaxNGPtr schema = NULL;
    if (pc) {
        xmlRelaxNGSetParserStructuredErrors(pc, capture_error, &serrs);
        schema = xmlRelaxNGParse(pc);
        xmlRelaxNGFreeParserCtxt(pc);
    }
    if (!schema) {
        st = lex_err_set(p->err, LEX_EIO, "%s:%ld: unusable schema: %s", rng,
                         serrs.line, serrs.have ? serrs.msg : "cannot read");
        free(rng);
        return st;
    }
    free(rng);
    p->errs = (xml_errors_t){0};
    xmlRelaxNGValidCtxtPtr vc = xmlRelaxNGNewValidCtxt(schema);
    int rc = -1;
    if (vc) {
        xmlRelaxNGSetValidStructuredErrors(vc, capture_error, &p->errs);
        rc = xmlRelaxNGValidateDoc(vc, p->doc);
        xmlRelaxNGFreeValidCtxt(vc);
    }
    xmlRelaxNGFree(schema);
    if (rc == 0)
        return LEX_OK;
    return report(p, "does not match the bulletin schema");
}

/* Reads an item's <date> element, with its approximate attribute. */
static lex_status_t
read_item_date(xparser_t *p, xmlNodePtr date, lex_item_t *it)
{
    char *text = NULL, *approx = NULL;
    lex_status_t st = node_text(p, date, false, &text);
    if (st == LEX_OK && !(approx = attr_text(date, "approximate")))
        st = LEX_ENOMEM;
    if (st == LEX_OK && !parse_iso_date(text, false, &it->date))
        st = lex_err_set(p->err, LEX_EPARSE, "%s:%ld: no such date \"%s\"",
                         p->path, xmlGetLineNo(date), text);
    if (st == LEX_OK)
        it->date.approximate = !strcmp(approx, "true");
    free(text);
    free(approx);
    return st;
}

/* Adds an item's <citation> URLs; the first footnote number is kept. */
static lex_status_t
read_citations(xmlNodePtr item, lex_item_t *it)
{
    for (xmlNodePtr c = child(item, BULLETIN_NS, "citation"); c;
         c = next_elem(c->next, BULLETIN_NS, "citation")) {
        char *href = attr_text(c, "href"), *fn = attr_text(c, "footnote");
        bool ok = href && fn && lex_item_add_url(it, href);
        if (ok && *fn && !it->footnote)
            it->footnote = atoi(fn);
        free(href);
        free(fn);
        if (!ok)
            return LEX_ENOMEM;
    }
    return LEX_OK;
}

/* Maps one <item> of section onto a bulletin item. */
static lex_status_t
read_bulletin_item(xparser_t *p, xmlNodePtr item, const char *section)
{
    lex_status_t st;
    lex_item_t *it = new_item(p, item, &st);
    if (!it)
        return st;
    it->section = strdup(section);
    if (!it->section)
        return LEX_ENOMEM;
    st = node_text(p, child(item, BULLETIN_NS, "headline"), false,
                   &it->headline);
    if (st == LEX_OK)
        st = node_text(p, child(item, BULLETIN_NS, "body"), false, &it->body);
    if (st == LEX_OK)
        st = read_item_date(p, child(item, BULLETIN_NS, "date"), it);
    if (st == LEX_OK)
        st = read_citations(item, it);
    return st;
}

/* Reads a <bulletin> document, which the schema has accepted. */
static lex_status_t
read_bulletin(xparser_t *p, xmlNodePtr root)
{
    lex_status_t st = validate_bulletin(p);
    if (st == LEX_OK)
        st = set_title(p, child(root, BULLETIN_NS, "title"), false);
    xmlChar *issue = xmlGetNoNsProp(root, (const xmlChar *)"issue");
    lex_date_t d;
    if (st == LEX_OK && issue &&
        parse_iso_date((const char *)issue, false, &d)) {
        p->b->year = d.year;
        p->b->month = d.month;
    }
    xmlFree(issue);
    for (xmlNodePtr sec = child(root, BULLETIN_NS, "section");
         sec && st == LEX_OK;
         sec = next_elem(sec->next, BULLETIN_NS, "section")) {
        char *name = attr_text(sec, "name");
        if (!name)
            return LEX_ENOMEM;
        for (xmlNodePtr it = child(sec, BULLETIN_NS, "item");
             it && st == LEX_OK; it = next_elem(it->next, BULLETIN_NS, "item"))
            st = read_bulletin_item(p, it, name);
        free(name);
    }
    return st;
}

/* ---- feeds ------------------------------------------------------------ */

/* Fills the parts every feed entry shares once its body is known. */
static lex_status_t
finish_feed_item(lex_item_t *it, const char *section)
{
    if (!*it->headline) {
        free(it->headline);
        it->headline = excerpt(it->body);
    }
    it->section = strdup(*section ? section : "Feed");
    return it->headline && it->section ? LEX_OK : LEX_ENOMEM;
}

/* Adds a copy of url to the item unless it is empty. */
static lex_status_t
add_link(lex_item_t *it, char *url)
{
    bool ok = url && (!*url || lex_item_add_url(it, url));
    free(url);
    return ok ? LEX_OK : LEX_ENOMEM;
}

/* The link of an RSS item: <link>, else a permalink <guid>; NULL on error. */
static char *
rss_link(xparser_t *p, xmlNodePtr item)
{
    char *url = NULL;
    xmlNodePtr guid = child(item, NULL, "guid");
    if (node_text(p, child(item, NULL, "link"), false, &url) != LEX_OK)
        return NULL;
    if (*url || !guid)
        return url;
    free(url);
    char *perma = attr_text(guid, "isPermaLink");
    if (!perma || node_text(p, guid, false, &url) != LEX_OK) {
        free(perma);
        return NULL;
    }
    if (!strcmp(perma, "false") ||
        (strncmp(url, "http://", 7) && strncmp(url, "https://", 8)))
        url[0] = '\0';
    free(perma);
    return url;
}

/* Maps one RSS <item> onto a bulletin item. */
static lex_status_t
read_rss_item(xparser_t *p, xmlNodePtr item)
{
    lex_status_t st;
    lex_item_t *it = new_item(p, item, &st);
    char *date = NULL, *section = NULL;
    if (!it)
        return st;
    st = node_text(p, child(item, NULL, "title"), false, &it->headline);
    if (st == LEX_OK)
        st = node_text(p, child(item, NULL, "description"), true, &it->body);
    if (st == LEX_OK)
        st = node_text(p, child(item, NULL, "pubDate"), false, &date);
    if (st == LEX_OK && !parse_rfc822_date(date, &it->date))
        parse_iso_date(date, true, &it->date);
    if (st == LEX_OK)
        st = node_text(p, child(item, NULL, "category"), false, &section);
    if (st == LEX_OK)
        st = finish_feed_item(it, section);
    if (st == LEX_OK)
        st = add_link(it, rss_link(p, item));
    free(date);
    free(section);
    return st;
}

/* Reads an RSS 2.0 feed: the channel's title and its items. */
static lex_status_t
read_rss(xparser_t *p, xmlNodePtr root)
{
    xmlNodePtr channel = child(root, NULL, "channel");
    if (!channel)
        return lex_err_set(p->err, LEX_EPARSE,
                           "%s:%ld: <rss> without <channel>", p->path,
                           xmlGetLineNo(root));
    lex_status_t st = set_title(p, child(channel, NULL, "title"), false);
    for (xmlNodePtr it = child(channel, NULL, "item"); it && st == LEX_OK;
         it = next_elem(it->next, NULL, "item"))
        st = read_rss_item(p, it);
    return st;
}

/*
 * The text of an Atom text construct or content element: type "html"
 * (or text/html) is read as HTML, "xhtml" and plain text as they are;
 * other media types and out-of-line content (src=) give "".
 */
static lex_status_t
atom_text(xparser_t *p, xmlNodePtr n, char **out)
{
    char *type = n ? attr_text(n, "type") : clean_dup("");
    if (!type)
        return LEX_ENOMEM;
    bool html = !strcmp(type, "html") || !strcmp(type, "text/html");
    bool known = html || !*type || !strcmp(type, "text") ||
                 !strcmp(type, "xhtml") || !strncmp(type, "text/", 5);
    free(type);
    if (n && (!known || xmlHasProp(n, (const xmlChar *)"src")))
        n = NULL;
    return node_text(p, n, html, out);
}

/* The href of an entry's first link with no rel or rel="alternate". */
static char *
atom_link(xmlNodePtr entry)
{
    for (xmlNodePtr l = child(entry, ATOM_NS, "link"); l;
         l = next_elem(l->next, ATOM_NS, "link")) {
        char *rel = attr_text(l, "rel");
        bool alt = rel && (!*rel || !strcmp(rel, "alternate"));
        free(rel);
        if (alt)
            return attr_text(l, "href");
    }
    return clean_dup("");
}

/* Reads an Atom entry's date: updated, else published. */
static lex_status_t
atom_date(xparser_t *p, xmlNodePtr entry, lex_date_t *d)
{
    const char *names[] = {"updated", "published"};
    for (size_t i = 0; i < 2; i++) {
        char *s = NULL;
        xmlNodePtr n = child(entry, ATOM_NS, names[i]);
        if (!n)
            continue;
        if (node_text(p, n, false, &s) != LEX_OK)
            return LEX_ENOMEM;
        bool ok = parse_iso_date(s, true, d);
        free(s);
        if (ok)
            return LEX_OK;
    }
    return LEX_OK;
}

/* Maps one Atom <entry> onto a bulletin item. */
static lex_status_t
read_atom_entry(xparser_t *p, xmlNodePtr entry)
{
    lex_status_t st;
    lex_item_t *it = new_item(p, entry, &st);
    if (!it)
        return st;
    xmlNodePtr body = child(entry, ATOM_NS, "summary");
    if (!body)
        body = child(entry, ATOM_NS, "content");
    xmlNodePtr cat = child(entry, ATOM_NS, "category");
    char *section = cat ? attr_text(cat, "term") : clean_dup("");
    st = section ? LEX_OK : LEX_ENOMEM;
    if (st == LEX_OK)
        st = atom_text(p, child(entry, ATOM_NS, "title"), &it->headline);
    if (st == LEX_OK)
        st = atom_text(p, body, &it->body);
    if (st == LEX_OK)
        st = atom_date(p, entry, &it->date);
    if (st == LEX_OK)
        st = finish_feed_item(it, section);
    if (st == LEX_OK)
        st = add_link(it, atom_link(entry));
    free(section);
    return st;
}

/* Reads an Atom feed: its title and its entries. */
static lex_status_t
read_atom(xparser_t *p, xmlNodePtr root)
{
    char *title = NULL;
    lex_status_t st = atom_text(p, child(root, ATOM_NS, "title"), &title);
    if (st == LEX_OK && *title)
        p->b->title = title;
    else
        free(title);
    for (xmlNodePtr e = child(root, ATOM_NS, "entry"); e && st == LEX_OK;
         e = next_elem(e->next, ATOM_NS, "entry"))
        st = read_atom_entry(p, e);
    return st;
}

/* ---- entry point ------------------------------------------------------ */

/* Parses the bytes and dispatches on the root element. */
static lex_status_t
parse_document(xparser_t *p, const char *data, size_t len)
{
    p->doc = xmlReadMemory(data, (int)len, p->path, NULL, XML_OPTIONS);
    if (!p->doc || p->errs.have)
        return report(p, "not well-formed XML");
    xmlNodePtr root = xmlDocGetRootElement(p->doc);
    if (!root)
        return lex_err_set(p->err, LEX_EPARSE, "%s: no root element", p->path);
    lex_status_t st = check_entities(p, root);
    if (st != LEX_OK)
        return st;
    if (is_elem(root, BULLETIN_NS, "bulletin"))
        return read_bulletin(p, root);
    if (is_elem(root, NULL, "rss"))
        return read_rss(p, root);
    if (is_elem(root, ATOM_NS, "feed"))
        return read_atom(p, root);
    bool prefixed = root->ns && root->ns->prefix;
    return lex_err_set(p->err, LEX_EPARSE,
                       "%s:%ld: not a lexsearch bulletin, RSS or Atom feed "
                       "(root element <%s%s%s>)",
                       p->path, xmlGetLineNo(root),
                       prefixed ? (const char *)root->ns->prefix : "",
                       prefixed ? ":" : "", (const char *)root->name);
}

/*
 * Initialises libxml2, its RELAX NG type library and the XML Schema
 * types those use, once per process.  libxml2 2.9 builds each on first
 * use, unguarded: two indexing threads parsing their first schema at
 * once each made the table and one copy leaked (LeakSanitizer,
 * t95-entities; the schema types from xmlSchemaGetPredefinedType in
 * about one run in six).
 */
static void
init_libxml2(void)
{
    xmlInitParser();
    xmlRelaxNGInitTypes();
    xmlSchemaInitTypes();
}

void
lex_libxml2_init(void)
{
    static pthread_once_t libxml2_ready = PTHREAD_ONCE_INIT;
    pthread_once(&libxml2_ready, init_libxml2);
}

/* Parses one XML bulletin, RSS 2.0 feed or Atom feed. */
lex_status_t
lex_parse_xml(const char *path, const char *data, size_t len,
              const lex_parse_opts_t *opts, lex_bulletin_t **out,
              lex_err_t *err)
{
    (void)opts; /* an XML bulletin or feed names its own title and dates */
    xparser_t p = {.path = path, .err = err};
    handlers_t saved;

    *out = NULL;
    if (len > INT_MAX)
        return lex_err_set(err, LEX_ELIMIT, "%s: file too large for XML", path);
    lex_libxml2_init();
    p.b = lex_bulletin_new(path);
    if (!p.b)
        return lex_err_set(err, LEX_ENOMEM, "%s: out of memory", path);
    handlers_install(&saved, &p.errs);
    lex_status_t st = parse_document(&p, data, len);
    handlers_restore(&saved);
    xmlFreeDoc(p.doc);
    if (st == LEX_ENOMEM)
        lex_err_set(err, st, "%s: out of memory", path);
    if (st != LEX_OK) {
        lex_bulletin_free(p.b);
        return st;
    }
    *out = p.b;
    return LEX_OK;
}
