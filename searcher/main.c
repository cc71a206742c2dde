/*
 * main.c - lexsearch: options, the query string, and exit statuses.
 *
 * Exit statuses (documented in lexsearch(1)):
 *   0  at least one hit        1  no hits
 *   2  usage or query error    3  index missing, unreadable or corrupt
 */
#include <getopt.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "buf.h"
#include "dates.h"
#include "lexdb.h"
#include "numbers.h"
#include "paths.h"
#include "printer.h"
#include "sanitize.h"
#include "tag.h"
#include "thesaurus.h"
#include "version.h"

enum { EXIT_HITS = 0, EXIT_NO_HITS = 1, EXIT_USAGE = 2, EXIT_INDEX = 3 };

#define DEFAULT_LIMIT 10
#define MAX_LIMIT 10000

typedef enum { FORMAT_TEXT, FORMAT_JSON, FORMAT_NDJSON } format_t;
typedef enum { COLOR_AUTO, COLOR_ALWAYS, COLOR_NEVER } color_t;

typedef struct {
    const char *index_dir;
    unsigned limit;
    format_t format;
    color_t color;
    bool new_only;
    bool exact;
    bool facets;
    bool count;
    bool explain;
    bool partial;        /* skip shards that are down, with a warning */
    unsigned timeout_ms; /* remote shards; 0 for the default */
    unsigned offset;
    lexdb_sort_t sort;
    const char *like;
    const char *since;
    const char *until;
    const char *section;
    const char *agency;
    char *query;
    char *filter; /* --since, --until, --section as query filters */
} options_t;

/* Prints the short usage text that points to the manuals. */
static void
usage(FILE *f)
{
    fputs(
        "usage: lexsearch [options] QUERY...\n"
        "       lexsearch --new [options] [QUERY...]\n"
        "       lexsearch --like ID [options] [QUERY...]\n"
        "       lexsearch -h | --help | -V | --version\n"
        "Search the lexsearch index of legal bulletins; results are ranked\n"
        "by relevance, each with its date, section, snippet and source.\n"
        "  --index DIR      index directory (default $LEXSEARCH_INDEX, else\n"
        "                   $XDG_DATA_HOME/lexsearch/index, else\n"
        "                   ~/.local/share/lexsearch/index)\n"
        "  -n, --limit N    show at most N hits (default 10)\n"
        "  --offset N       skip the first N hits\n"
        "  --sort ORDER     relevance (default), newest or oldest\n"
        "  --count          print only the number of matching items\n"
        "  --facets         also count all matches by section and month\n"
        "  --since DATE     only items dated DATE or later (DATE: YYYY,\n"
        "                   YYYY-MM or YYYY-MM-DD)\n"
        "  --until DATE     only items dated DATE or earlier\n"
        "  --section NAME   only items of that section (prefix allowed)\n"
        "  --agency NAME    only items naming that agency or its branches\n"
        "  --like ID        items similar to item ID (an id from json)\n"
        "  --exact          no synonyms from the legal thesaurus, no\n"
        "                   spelling fallback\n"
        "  --explain        print how the query is understood, then exit\n"
        "  --format FORMAT  text (default), json or ndjson\n"
        "  --color WHEN     highlight matches: auto (default), always, never\n"
        "  --new            only items written by the last lexindex run;\n"
        "                   QUERY may then be omitted (newest first)\n"
        "  --partial        with shards, answer from those that are up\n"
        "                   (with a warning) when some are down\n"
        "  --timeout SECS   how long a remote shard may take to connect\n"
        "                   or answer (default $LEXSEARCH_TIMEOUT, else 10)\n"
        "  -h, --help       print this help\n"
        "  -V, --version    print the version\n"
        "See lexsearch(1) and, for the query language, lexsearch-query(7).\n",
        f);
}

/* Parses a positive hit limit; false when arg is not one. */
static bool
parse_limit(const char *arg, unsigned *out)
{
    return lex_parse_uint(arg, 1, MAX_LIMIT, out);
}

/* Joins the QUERY words with spaces; NULL if it is empty or blank. */
static char *
join_query(char **words, int n)
{
    lex_buf_t b = LEX_BUF_INIT;
    for (int i = 0; i < n; i++) {
        if (i)
            lex_buf_putc(&b, ' ');
        lex_buf_puts(&b, words[i]);
    }
    char *q = lex_buf_steal(&b);
    if (q && strspn(q, " \t\n") == strlen(q)) {
        free(q);
        return NULL;
    }
    return q;
}

/* "-n" or "-n5": the limit option, unlike the query word "-nuclear". */
static bool
is_limit_option(const char *a)
{
    if (strncmp(a, "-n", 2) != 0)
        return false;
    for (a += 2; *a; a++)
        if (*a < '0' || *a > '9')
            return false;
    return true;
}

/* Parses --offset's argument. */
static bool
parse_offset(const char *arg, unsigned *out)
{
    return lex_parse_uint(arg, 0, 1000000, out);
}

/* Parses a timeout in seconds (fractions allowed) into milliseconds. */
static bool
parse_timeout(const char *arg, unsigned *ms)
{
    char *end;
    double v = strtod(arg, &end);
    if (*arg == '\0' || *end != '\0' || !(v >= 0.001 && v <= 3600))
        return false;
    *ms = (unsigned)(v * 1000 + 0.5);
    return true;
}

/* YYYY, YYYY-MM or YYYY-MM-DD, as --since and --until take. */
static bool
is_date_arg(const char *s)
{
    int y, m, d;
    return lex_iso_date_parse(s, &y, &m, &d);
}

/* Appends field:"value" (quotes inside value dropped) and a space. */
static void
put_quoted_filter(lex_buf_t *b, const char *field, const char *value)
{
    lex_buf_printf(b, "%s:\"", field);
    for (const char *p = value; *p; p++)
        if (*p != '"')
            lex_buf_putc(b, *p);
    lex_buf_puts(b, "\" ");
}

/*
 * The command-line filters as a query of boolean filters: dates as one
 * range (two date: filters would be ORed), the section quoted.
 */
static char *
filter_query(const options_t *o)
{
    lex_buf_t b = LEX_BUF_INIT;
    if (o->since || o->until)
        lex_buf_printf(&b, "date:%s..%s ", o->since ? o->since : "",
                       o->until ? o->until : "");
    if (o->section)
        put_quoted_filter(&b, "section", o->section);
    if (o->agency)
        put_quoted_filter(&b, "agency", o->agency);
    return b.len ? lex_buf_steal(&b) : (lex_buf_free(&b), NULL);
}

/* True for a long option of lexsearch that takes an argument. */
static bool
long_option_takes_argument(const char *arg)
{
    static const char *const with_arg[] = {
        "--index", "--limit", "--format",  "--color", "--offset", "--sort",
        "--since", "--until", "--section", "--like",  "--agency", "--timeout"};
    for (size_t i = 0; i < sizeof with_arg / sizeof with_arg[0]; i++)
        if (!strcmp(arg, with_arg[i]))
            return true;
    return false;
}

/*
 * Moves query words that begin with '-' ("-fine", the query language's
 * exclusion) behind a "--", so that getopt does not take them for
 * options: `lexsearch courier -fine` then means what it says.  Fills
 * out (argc + 2 slots) and returns the new count.
 */
static int
separate_query_words(int argc, char **argv, char **out)
{
    int n = 0, w = 0;
    char **words = out + argc + 1; /* scratch space at the end */
    out[n++] = argv[0];
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (!strcmp(a, "--")) {
            while (++i < argc)
                words[w++] = argv[i];
            break;
        }
        bool option = a[0] == '-' && a[1] != '\0' &&
                      (a[1] == '-' || !strcmp(a, "-h") || !strcmp(a, "-V") ||
                       is_limit_option(a));
        if (!option) {
            words[w++] = argv[i];
            continue;
        }
        out[n++] = argv[i];
        if ((!strcmp(a, "-n") || long_option_takes_argument(a)) && i + 1 < argc)
            out[n++] = argv[++i];
    }
    static char end_of_options[] = "--";
    out[n++] = end_of_options;
    memmove(out + n, words, (size_t)w * sizeof *out);
    return n + w;
}

/* Reads the command line into opts; returns an exit status or -1. */
static int
parse_options(int argc, char **argv, options_t *opts)
{
    static const struct option longopts[] = {
        {"index", required_argument, NULL, 'i'},
        {"limit", required_argument, NULL, 'n'},
        {"format", required_argument, NULL, 'f'},
        {"color", required_argument, NULL, 'c'},
        {"new", no_argument, NULL, 'N'},
        {"offset", required_argument, NULL, 'o'},
        {"sort", required_argument, NULL, 's'},
        {"count", no_argument, NULL, 'C'},
        {"facets", no_argument, NULL, 'F'},
        {"since", required_argument, NULL, 'S'},
        {"until", required_argument, NULL, 'U'},
        {"section", required_argument, NULL, 'T'},
        {"agency", required_argument, NULL, 'A'},
        {"like", required_argument, NULL, 'L'},
        {"exact", no_argument, NULL, 'E'},
        {"explain", no_argument, NULL, 'X'},
        {"partial", no_argument, NULL, 'P'},
        {"timeout", required_argument, NULL, 'W'},
        {"help", no_argument, NULL, 'h'},
        {"version", no_argument, NULL, 'V'},
        {NULL, 0, NULL, 0},
    };
    int c;
    while ((c = getopt_long(argc, argv, "n:hV", longopts, NULL)) != -1) {
        switch (c) {
        case 'i':
            opts->index_dir = optarg;
            break;
        case 'n':
            if (!parse_limit(optarg, &opts->limit)) {
                fprintf(stderr,
                        "lexsearch: --limit: '%s' is not a number "
                        "from 1 to %d\n",
                        optarg, MAX_LIMIT);
                return EXIT_USAGE;
            }
            break;
        case 'f':
            if (!strcmp(optarg, "text"))
                opts->format = FORMAT_TEXT;
            else if (!strcmp(optarg, "json"))
                opts->format = FORMAT_JSON;
            else if (!strcmp(optarg, "ndjson"))
                opts->format = FORMAT_NDJSON;
            else {
                fprintf(stderr,
                        "lexsearch: --format: unknown format '%s' "
                        "(text, json or ndjson)\n",
                        optarg);
                return EXIT_USAGE;
            }
            break;
        case 'c':
            if (!strcmp(optarg, "auto"))
                opts->color = COLOR_AUTO;
            else if (!strcmp(optarg, "always"))
                opts->color = COLOR_ALWAYS;
            else if (!strcmp(optarg, "never"))
                opts->color = COLOR_NEVER;
            else {
                fprintf(stderr,
                        "lexsearch: --color: '%s' is not auto, "
                        "always or never\n",
                        optarg);
                return EXIT_USAGE;
            }
            break;
        case 'N':
            opts->new_only = true;
            break;
        case 'o':
            if (!parse_offset(optarg, &opts->offset)) {
                fprintf(stderr,
                        "lexsearch: --offset: '%s' is not a number "
                        "from 0 to 1000000\n",
                        optarg);
                return EXIT_USAGE;
            }
            break;
        case 's':
            if (!strcmp(optarg, "relevance"))
                opts->sort = LEXDB_SORT_RELEVANCE;
            else if (!strcmp(optarg, "newest"))
                opts->sort = LEXDB_SORT_NEWEST;
            else if (!strcmp(optarg, "oldest"))
                opts->sort = LEXDB_SORT_OLDEST;
            else {
                fprintf(stderr,
                        "lexsearch: --sort: '%s' is not relevance, newest "
                        "or oldest\n",
                        optarg);
                return EXIT_USAGE;
            }
            break;
        case 'C':
            opts->count = true;
            break;
        case 'F':
            opts->facets = true;
            break;
        case 'S':
        case 'U':
            if (!is_date_arg(optarg)) {
                fprintf(stderr,
                        "lexsearch: --%s: '%s' is not a date (YYYY, "
                        "YYYY-MM or YYYY-MM-DD)\n",
                        c == 'S' ? "since" : "until", optarg);
                return EXIT_USAGE;
            }
            *(c == 'S' ? &opts->since : &opts->until) = optarg;
            break;
        case 'T':
            opts->section = optarg;
            break;
        case 'A':
            opts->agency = optarg;
            break;
        case 'L':
            opts->like = optarg;
            break;
        case 'E':
            opts->exact = true;
            break;
        case 'X':
            opts->explain = true;
            break;
        case 'P':
            opts->partial = true;
            break;
        case 'W':
            if (!parse_timeout(optarg, &opts->timeout_ms)) {
                fprintf(stderr,
                        "lexsearch: --timeout: '%s' is not a number of "
                        "seconds (0.001 to 3600)\n",
                        optarg);
                return EXIT_USAGE;
            }
            break;
        case 'h':
            usage(stdout);
            return EXIT_HITS;
        case 'V':
            printf("lexsearch %s (Xapian %s)\n", lex_version(),
                   lexdb_xapian_version());
            return EXIT_HITS;
        default:
            usage(stderr);
            return EXIT_USAGE;
        }
    }
    opts->query = join_query(argv + optind, argc - optind);
    if (!opts->query && (opts->new_only || opts->like) && optind == argc)
        opts->query = strdup("");
    if (!opts->query) {
        fputs("lexsearch: empty query: give words to search for "
              "(see lexsearch-query(7))\n",
              stderr);
        return EXIT_USAGE;
    }
    return -1;
}

/* True when matches should be highlighted with terminal escapes. */
static bool
use_color(color_t color)
{
    if (color != COLOR_AUTO)
        return color == COLOR_ALWAYS;
    const char *no_color = getenv("NO_COLOR");
    return isatty(STDOUT_FILENO) && !(no_color && *no_color);
}

/* Maps an index or query failure to the documented exit status. */
static int
exit_for_status(lexdb_status_t st)
{
    return st == LEXDB_QUERY_SYNTAX ? EXIT_USAGE : EXIT_INDEX;
}

/* Prints "lexsearch: MESSAGE" safely. */
static void
print_error(const char *msg)
{
    fputs("lexsearch: ", stderr);
    lex_fputs_safe(stderr, msg);
    fputc('\n', stderr);
}

/*
 * Loads the legal thesaurus; without it, searching goes on without
 * synonyms, after a warning (never silently).
 */
static lex_thesaurus_t *
load_thesaurus(void)
{
    lex_thesaurus_t *th = NULL;
    lex_err_t err;
    if (lex_thesaurus_load_default(&th, &err) != LEX_OK) {
        fputs("lexsearch: warning: ", stderr);
        lex_fputs_safe(stderr, err.msg);
        fputs("; searching without synonyms\n", stderr);
    }
    return th;
}

/* Warns that the gazetteer is missing or broken (err's reason). */
static void
warn_gazetteer(const lex_err_t *err)
{
    fputs("lexsearch: warning: ", stderr);
    lex_fputs_safe(stderr, err->msg);
    fputs("; agency and law names are searched as words\n", stderr);
}

/*
 * Finds the gazetteer, which is read only when the query may name an
 * agency or law (lex_gazetteer_open); without it, entity names are
 * plain words.
 */
static lex_gazetteer_t *
open_gazetteer(void)
{
    lex_gazetteer_t *g = NULL;
    lex_err_t err;
    if (lex_gazetteer_open_default(&g, &err) != LEX_OK)
        warn_gazetteer(&err);
    return g;
}

/* Warns, once the query was built, when reading the gazetteer failed. */
static void
check_gazetteer(const lex_gazetteer_t *g)
{
    lex_err_t err;
    if (g && lex_gazetteer_status(g, &err) != LEX_OK)
        warn_gazetteer(&err);
}

/*
 * Warns on stderr of what the search could not do (shards left out,
 * spelling unchecked), whatever the format; JSON carries them too.
 */
static void
print_notices(const lexdb_hits_t *hits)
{
    const char *const *notices;
    size_t n = lexdb_hits_notices(hits, &notices);
    for (size_t i = 0; i < n; i++) {
        fputs("lexsearch: warning: ", stderr);
        lex_fputs_safe(stderr, notices[i]);
        fputc('\n', stderr);
    }
}

/* Opens the index, runs the query and prints the hits. */
static int
search_and_print(const options_t *opts, const char *index_dir)
{
    lex_err_t err;
    lexdb_t *db;
    lexdb_read_opts_t ro = {opts->timeout_ms, opts->partial};
    lexdb_status_t st = lexdb_open_reader(index_dir, &ro, &db, &err);
    if (st != LEXDB_OK) {
        fprintf(stderr, "lexsearch: %s\n", err.msg);
        return exit_for_status(st);
    }
    lex_thesaurus_t *th = opts->exact ? NULL : load_thesaurus();
    lex_gazetteer_t *gz = open_gazetteer();
    lexdb_set_gazetteer(db, gz);
    lexdb_query_t q = {.query = opts->query,
                       .filter = opts->filter,
                       .like = opts->like,
                       .offset = opts->offset,
                       .limit = opts->limit,
                       .snippet_chars = 200,
                       .new_only = opts->new_only,
                       .exact = opts->exact,
                       .facets = opts->facets,
                       .sort = opts->sort,
                       .thesaurus = th};
    if (opts->explain) {
        char *text = NULL;
        st = lexdb_explain(db, &q, &text, &err);
        check_gazetteer(gz);
        if (st == LEXDB_OK)
            lex_fputs_lines(stdout, text);
        else
            print_error(err.msg);
        free(text);
        lexdb_close(db);
        lex_thesaurus_free(th);
        lex_gazetteer_free(gz);
        return st == LEXDB_OK ? EXIT_HITS : exit_for_status(st);
    }
    lexdb_hits_t *hits;
    st = lexdb_search(db, &q, &hits, &err);
    check_gazetteer(gz);
    lex_thesaurus_free(th);
    if (st != LEXDB_OK) {
        print_error(err.msg);
        lexdb_close(db);
        lex_gazetteer_free(gz);
        return exit_for_status(st);
    }
    printer_t p;
    if (opts->count)
        printf("%lu\n", lexdb_hits_total(hits));
    else if (opts->format == FORMAT_JSON)
        printer_init_json(&p, stdout);
    else if (opts->format == FORMAT_NDJSON)
        printer_init_ndjson(&p, stdout);
    else
        printer_init_text(&p, stdout, use_color(opts->color));
    if (!opts->count)
        printer_run(&p, &q, hits);
    print_notices(hits);
    int status = lexdb_hits_total(hits) ? EXIT_HITS : EXIT_NO_HITS;
    if (status == EXIT_NO_HITS && !*opts->query) {
        fputs("lexsearch: the last lexindex run wrote no new items\n", stderr);
    } else if (status == EXIT_NO_HITS) {
        fprintf(stderr, "lexsearch: no %sitems match '",
                opts->new_only ? "new " : "");
        lex_fputs_safe(stderr, opts->query);
        fputs("'\n", stderr);
    }
    lexdb_hits_free(hits);
    lexdb_close(db);
    lex_gazetteer_free(gz);
    return status;
}

int
main(int argc, char **argv)
{
    options_t opts = {
        .limit = DEFAULT_LIMIT, .format = FORMAT_TEXT, .color = COLOR_AUTO};
    char **args = malloc((2 * (size_t)argc + 2) * sizeof *args);
    if (!args) {
        fputs("lexsearch: out of memory\n", stderr);
        return EXIT_INDEX;
    }
    int status =
        parse_options(separate_query_words(argc, argv, args), args, &opts);
    free(args); /* opts point into argv's strings, not into args */
    if (status < 0) {
        opts.filter = filter_query(&opts);
    }
    if (status >= 0) {
        free(opts.query);
        return status;
    }
    char *index_dir = NULL;
    lex_err_t err;
    const char *env_timeout = getenv("LEXSEARCH_TIMEOUT");
    if (!opts.timeout_ms && env_timeout && *env_timeout &&
        !parse_timeout(env_timeout, &opts.timeout_ms)) {
        fputs("lexsearch: LEXSEARCH_TIMEOUT: not a number of seconds "
              "(0.001 to 3600)\n",
              stderr);
        free(opts.query);
        free(opts.filter);
        return EXIT_USAGE;
    }
    if (opts.index_dir)
        index_dir = strdup(opts.index_dir);
    else if (lex_default_index_path(&index_dir, &err) != LEX_OK) {
        fprintf(stderr, "lexsearch: %s\n", err.msg);
        free(opts.query);
        free(opts.filter);
        return EXIT_USAGE;
    }
    status = index_dir ? search_and_print(&opts, index_dir) : EXIT_INDEX;
    free(index_dir);
    free(opts.query);
    free(opts.filter);
    if (fflush(stdout) != 0 && status <= EXIT_NO_HITS) {
        perror("lexsearch: writing results");
        status = EXIT_INDEX;
    }
    return status;
}
