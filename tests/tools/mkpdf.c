/*
 * mkpdf.c - typesets a plain-text bulletin as a PDF, for the PDF tests.
 *
 * The PDF fixtures are not committed: they are made at test time from
 * the words of a text fixture (the newsletter layout of
 * lexsearch-corpus(5)), so that the test can check that the PDF and the
 * text give the same items.  The PDF has what real PDF bulletins have
 * and the parser must undo: a running header and a "Page N of M" footer
 * on every page, the title, headings and headlines in a larger bold
 * font, paragraphs wrapped at the page width (one word hyphenated across
 * a line break), paragraphs that go on over a page break, superscript
 * footnote markers, and, with --annot N, footnote N's URL only in a link
 * annotation on its marker (its reference entry is left out); with
 * --link N, in the annotation and in the reference list as well.
 *
 *   mkpdf [--page-height PT] [--annot N | --link N] IN.txt OUT.pdf
 *   mkpdf --empty-pages N OUT.pdf       N pages with nothing on them
 *   mkpdf --no-text IN.txt OUT.pdf       lines drawn as grey bars (a "scan")
 *   mkpdf --encrypted OUT.pdf            a PDF that needs a user password
 *
 * Cairo (1.16 or later) writes the text, the fonts and the link tags.
 */
#include <cairo-pdf.h>
#include <cairo.h>
#include <ctype.h>
#include <fontconfig/fontconfig.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define PAGE_WIDTH 420.0
#define MARGIN 40.0
#define BODY_SIZE 10.0
#define HEAD_SIZE 13.0
#define TITLE_SIZE 16.0
#define REF_SIZE 8.0

typedef struct {
    cairo_surface_t *surface;
    cairo_t *cr;
    double height; /* page height */
    double y;      /* baseline of the next line */
    int page;
    bool no_text;    /* draw bars instead of glyphs */
    bool hyphenated; /* the one hyphenated line break is done */
    int annot;       /* footnote whose URL goes in an annotation */
    bool keep_entry; /* and in the reference list too (--link) */
    const char *annot_url;
} typesetter_t;

/* Reads a whole file into a NUL-terminated string; exits on failure. */
static char *
slurp(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        perror(path);
        exit(1);
    }
    size_t cap = 1 << 16, n = 0;
    char *s = malloc(cap);
    size_t k;
    while (s && (k = fread(s + n, 1, cap - n - 1, f)) > 0) {
        n += k;
        if (n + 1 == cap) {
            char *bigger = realloc(s, cap *= 2);
            if (!bigger)
                free(s);
            s = bigger;
        }
    }
    fclose(f);
    if (!s) {
        fputs("mkpdf: out of memory\n", stderr);
        exit(1);
    }
    s[n] = '\0';
    return s;
}

/* Draws the running header and footer of the current page. */
static void
draw_furniture(typesetter_t *t)
{
    cairo_t *cr = t->cr;
    char footer[64];
    cairo_save(cr);
    cairo_select_font_face(cr, "DejaVu Sans", CAIRO_FONT_SLANT_NORMAL,
                           CAIRO_FONT_WEIGHT_NORMAL);
    cairo_set_font_size(cr, 8);
    cairo_move_to(cr, MARGIN, 24);
    cairo_show_text(cr, "Example Law Firm | China Data Bulletin");
    snprintf(footer, sizeof footer, "Page %d", t->page);
    cairo_move_to(cr, PAGE_WIDTH / 2 - 12, t->height - 20);
    cairo_show_text(cr, footer);
    cairo_restore(cr);
}

/* Ends the page and starts the next one. */
static void
new_page(typesetter_t *t)
{
    cairo_show_page(t->cr);
    t->page++;
    t->y = MARGIN + 10;
    draw_furniture(t);
}

/* Selects the font of a kind of line. */
static void
set_font(typesetter_t *t, double size, bool bold)
{
    cairo_select_font_face(t->cr, "DejaVu Serif", CAIRO_FONT_SLANT_NORMAL,
                           bold ? CAIRO_FONT_WEIGHT_BOLD
                                : CAIRO_FONT_WEIGHT_NORMAL);
    cairo_set_font_size(t->cr, size);
}

/* Width of a string in the current font. */
static double
width_of(typesetter_t *t, const char *s)
{
    cairo_text_extents_t e;
    cairo_text_extents(t->cr, s, &e);
    return e.x_advance;
}

/* Shows s at the current point, or a grey bar as wide as it (--no-text). */
static void
show(typesetter_t *t, const char *s)
{
    if (!t->no_text) {
        cairo_show_text(t->cr, s);
        return;
    }
    double x, y, w = width_of(t, s);
    cairo_get_current_point(t->cr, &x, &y);
    cairo_rectangle(t->cr, x, y - 7, w, 7);
    cairo_set_source_rgb(t->cr, 0.6, 0.6, 0.6);
    cairo_fill(t->cr);
    cairo_set_source_rgb(t->cr, 0, 0, 0);
    cairo_move_to(t->cr, x + w, y);
}

/* Moves to the start of the next line, on a new page if this one is full. */
static void
next_line(typesetter_t *t, double leading)
{
    if (t->y + leading > t->height - MARGIN)
        new_page(t);
    cairo_move_to(t->cr, MARGIN, t->y);
    t->y += leading;
}

/* Draws the footnote marker as a raised small number, linked if wanted. */
static void
draw_marker(typesetter_t *t, int number, double size)
{
    char num[16];
    double x, y;
    snprintf(num, sizeof num, "%d", number);
    cairo_get_current_point(t->cr, &x, &y);
    set_font(t, size * 0.6, false);
    cairo_move_to(t->cr, x + 0.5, y - size * 0.35);
    if (number == t->annot && t->annot_url) {
        char attr[600];
        snprintf(attr, sizeof attr, "uri='%s'", t->annot_url);
        cairo_tag_begin(t->cr, CAIRO_TAG_LINK, attr);
        show(t, num);
        cairo_tag_end(t->cr, CAIRO_TAG_LINK);
    } else {
        show(t, num);
    }
    set_font(t, size, false);
}

/*
 * Splits word at a break point for the one hyphenated line of the
 * document: a long plain word is cut after its fourth letter.  Returns
 * the length of the first part (0: do not hyphenate this word).
 */
static size_t
hyphen_point(typesetter_t *t, const char *word)
{
    size_t n = strlen(word);
    if (t->hyphenated || n < 9)
        return 0;
    for (size_t i = 0; i < n; i++)
        if (!islower((unsigned char)word[i]))
            return 0;
    return 4;
}

/*
 * Wraps a paragraph at the page width.  A trailing footnote number
 * (" 3") is drawn as a superscript marker after the last word.
 */
static void
draw_paragraph(typesetter_t *t, char *text, double size, bool bold)
{
    int marker = 0;
    char *sp = strrchr(text, ' ');
    if (!bold && sp && sp[1] &&
        strspn(sp + 1, "0123456789") == strlen(sp + 1) && sp > text &&
        (sp[-1] == '.' || sp[-1] == ')' || sp[-1] == '"')) {
        marker = atoi(sp + 1);
        *sp = '\0';
    }
    set_font(t, size, bold);
    double leading = size * 1.3, room = PAGE_WIDTH - 2 * MARGIN;
    char line[4096] = "";
    char *save = NULL;
    for (char *w = strtok_r(text, " ", &save); w;
         w = strtok_r(NULL, " ", &save)) {
        char trial[sizeof line * 2];
        snprintf(trial, sizeof trial, "%s%s%s", line, *line ? " " : "", w);
        if (!*line || width_of(t, trial) <= room) {
            snprintf(line, sizeof line, "%.*s", (int)(sizeof line - 1), trial);
            continue;
        }
        size_t cut = hyphen_point(t, w);
        if (cut) {
            snprintf(trial, sizeof trial, "%s %.4s-", line, w);
            if (width_of(t, trial) <= room) {
                t->hyphenated = true;
                next_line(t, leading);
                show(t, trial);
                snprintf(line, sizeof line, "%s", w + cut);
                continue;
            }
        }
        next_line(t, leading);
        show(t, line);
        snprintf(line, sizeof line, "%s", w);
        while (width_of(t, line) > room && strlen(line) > 20) {
            /* a long URL: broken where the line is full, as PDFs do */
            size_t k = strlen(line);
            char rest[4096];
            while (k > 10 && width_of(t, line) > room)
                line[--k] = '\0';
            snprintf(rest, sizeof rest, "%s", w + k);
            next_line(t, leading);
            show(t, line);
            snprintf(line, sizeof line, "%s", rest);
            w += k;
        }
    }
    next_line(t, leading);
    show(t, line);
    if (marker)
        draw_marker(t, marker, size);
    t->y += leading * 0.8; /* paragraph space */
}

/* True when a block reads like a heading: short, no closing full stop. */
static bool
is_heading(const char *s)
{
    size_t n = strlen(s), words = 1;
    for (const char *p = s; *p; p++)
        words += *p == ' ';
    return n > 0 && words <= 30 && !strchr(".!?", s[n - 1]) &&
           !isdigit((unsigned char)s[n - 1]);
}

/* The footnote number of a reference entry ("3. url", "[3] url"), or 0. */
static int
reference_number(const char *s)
{
    s += *s == '[';
    int n = atoi(s);
    return n > 0 && strstr(s, "http") ? n : 0;
}

/*
 * Splits the text into blank-line separated blocks, the lines of each
 * joined with spaces, except that each reference entry is a block.
 */
static size_t
split_blocks(char *text, char **blocks, size_t max)
{
    size_t n = 0;
    char *p = text;
    while (*p && n < max) {
        while (*p == '\n' || *p == '\r' || *p == ' ')
            p++;
        if (!*p)
            break;
        char *end = strstr(p, "\n\n");
        if (end)
            *end = '\0';
        char *next = end ? end + 2 : p + strlen(p);
        for (char *nl = strchr(p, '\n'); nl && reference_number(p);
             nl = strchr(nl + 1, '\n')) {
            if (!reference_number(nl + 1))
                continue; /* a further URL of the same entry */
            *nl = '\0';   /* one entry now, the next ones after it */
            if (end)
                *end = '\n';
            next = nl + 1;
            break;
        }
        for (char *q = p; *q; q++)
            if (*q == '\n' || *q == '\r')
                *q = ' ';
        for (char *q = p + strlen(p); q > p && q[-1] == ' ';)
            *--q = '\0';
        blocks[n++] = p;
        p = next;
    }
    return n;
}

/* Typesets a bulletin. */
static void
typeset(typesetter_t *t, char *text)
{
    static char *blocks[100000];
    size_t n = split_blocks(text, blocks, 100000);
    if (t->annot) /* the annotated footnote's URL, dropped from the list */
        for (size_t i = 0; i < n; i++)
            if (reference_number(blocks[i]) == t->annot) {
                t->annot_url = strstr(blocks[i], "http");
                if (!t->keep_entry)
                    blocks[i] = NULL;
            }
    draw_furniture(t);
    for (size_t i = 0; i < n; i++) {
        if (!blocks[i])
            continue;
        if (i > 0 && is_heading(blocks[i]) && !reference_number(blocks[i]) &&
            t->y + 80 > t->height - MARGIN)
            new_page(t); /* a heading stays with the text under it */
        if (i == 0)
            draw_paragraph(t, blocks[i], TITLE_SIZE, true);
        else if (reference_number(blocks[i]))
            draw_paragraph(t, blocks[i], REF_SIZE, false);
        else if (is_heading(blocks[i]))
            draw_paragraph(t, blocks[i], HEAD_SIZE, true);
        else
            draw_paragraph(t, blocks[i], BODY_SIZE, false);
    }
}

/*
 * Writes a small PDF whose standard security handler wants a password
 * that is not empty: poppler can tell it is encrypted, and cannot open
 * it without the password.  Cairo cannot encrypt, so it is written out
 * by hand (the O and U entries are arbitrary: no password matches them).
 */
static void
write_encrypted(const char *path)
{
    FILE *f = fopen(path, "wb");
    if (!f) {
        perror(path);
        exit(1);
    }
    const char *objs[] = {
        "<< /Type /Catalog /Pages 2 0 R >>",
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] >>",
        "<< /Filter /Standard /V 1 /R 2 /P -4 /O "
        "<0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef>"
        " /U <fedcba9876543210fedcba9876543210fedcba9876543210fedcba9876543210"
        "> >>"};
    long off[4];
    fputs("%PDF-1.4\n", f);
    for (int i = 0; i < 4; i++) {
        off[i] = ftell(f);
        fprintf(f, "%d 0 obj\n%s\nendobj\n", i + 1, objs[i]);
    }
    long xref = ftell(f);
    fputs("xref\n0 5\n0000000000 65535 f \n", f);
    for (int i = 0; i < 4; i++)
        fprintf(f, "%010ld 00000 n \n", off[i]);
    fprintf(f,
            "trailer\n<< /Size 5 /Root 1 0 R /Encrypt 4 0 R /ID "
            "[<00112233445566778899aabbccddeeff> "
            "<00112233445566778899aabbccddeeff>] >>\nstartxref\n%ld\n%%%%EOF\n",
            xref);
    fclose(f);
}

static void
usage(void)
{
    fputs("usage: mkpdf [--page-height PT] [--annot N | --link N] "
          "[--no-text] IN.txt "
          "OUT.pdf\n       mkpdf --empty-pages N OUT.pdf\n"
          "       mkpdf --encrypted OUT.pdf\n",
          stderr);
    exit(2);
}

int
main(int argc, char **argv)
{
    typesetter_t t = {0};
    int empty = 0, i = 1;
    t.height = 595;
    for (; i < argc && !strncmp(argv[i], "--", 2); i++) {
        if (!strcmp(argv[i], "--page-height") && i + 1 < argc)
            t.height = atof(argv[++i]);
        else if (!strcmp(argv[i], "--annot") && i + 1 < argc)
            t.annot = atoi(argv[++i]);
        else if (!strcmp(argv[i], "--link") && i + 1 < argc) {
            t.annot = atoi(argv[++i]);
            t.keep_entry = true;
        } else if (!strcmp(argv[i], "--empty-pages") && i + 1 < argc)
            empty = atoi(argv[++i]);
        else if (!strcmp(argv[i], "--no-text"))
            t.no_text = true;
        else if (!strcmp(argv[i], "--encrypted") && i + 2 == argc) {
            write_encrypted(argv[i + 1]);
            return 0;
        } else
            usage();
    }
    if (argc - i != (empty ? 1 : 2) || t.height < 200)
        usage();
    char *text = empty ? NULL : slurp(argv[i]); /* before OUT is made */
    t.surface = cairo_pdf_surface_create(argv[argc - 1], PAGE_WIDTH, t.height);
    t.cr = cairo_create(t.surface);
    t.page = 1;
    t.y = MARGIN + 10;
    if (empty) {
        for (int p = 0; p < empty; p++)
            cairo_show_page(t.cr);
    } else {
        typeset(&t, text);
    }
    free(text);
    cairo_destroy(t.cr);
    cairo_surface_finish(t.surface);
    int bad = cairo_surface_status(t.surface) != CAIRO_STATUS_SUCCESS;
    if (bad)
        fprintf(stderr, "mkpdf: %s\n",
                cairo_status_to_string(cairo_surface_status(t.surface)));
    cairo_surface_destroy(t.surface);
    /* cairo's and fontconfig's caches, so that leak checkers see none */
    cairo_debug_reset_static_data();
    FcFini();
    return bad;
}
