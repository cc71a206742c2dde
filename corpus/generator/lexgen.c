/*
 * lexgen.c - deterministic synthetic bulletins for benchmarks and crash
 * tests.
 *
 * lexgen writes a corpus of plain-text bulletins in the layout that
 * common/parse_text.c reads (see lexsearch-corpus(5)): a title, items made
 * of a headline and a dated, footnoted paragraph, section headings, a
 * numbered reference list and a disclaimer.  The text is assembled from
 * small word lists of Chinese data-regulation vocabulary, so queries such
 * as "cross-border transfer", "facial recognition" or CAC have many hits
 * with varied term frequencies.  None of it describes real events.
 *
 * Every file is a pure function of (seed, items per file, file index):
 * the same arguments always give byte-identical files, and the first N
 * files of a larger corpus are the files of a smaller one.  With --change,
 * lexgen rewrites a deterministic PERCENT of an existing corpus, adding
 * one sentence to one item of each chosen file, to exercise incremental
 * indexing.  It uses plain libc only; it does not link Xapian.
 */
#ifndef _POSIX_C_SOURCE
#define _POSIX_C_SOURCE 200809L
#endif

#include <errno.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>

#define EXIT_IO 1
#define EXIT_USAGE 2
#define MAX_FILES 100000u
#define MAX_ITEMS 999u
#define FIRST_YEAR 2015
#define N_YEARS 10

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

/* ---- word lists ------------------------------------------------------ */

typedef struct {
    const char *abbr, *name, *zh; /* zh may be NULL */
} agency_t;

/* Most often picked first: the skewed choice favours the early entries. */
static const agency_t agencies[] = {
    {"CAC", "Cyberspace Administration of China",
     "\xE5\x9B\xBD\xE5\xAE\xB6\xE4\xBA\x92\xE8\x81\x94\xE7\xBD\x91\xE4\xBF"
     "\xA1\xE6\x81\xAF\xE5\x8A\x9E\xE5\x85\xAC\xE5\xAE\xA4"},
    {"MIIT", "Ministry of Industry and Information Technology",
     "\xE5\xB7\xA5\xE4\xB8\x9A\xE5\x92\x8C\xE4\xBF\xA1\xE6\x81\xAF\xE5\x8C"
     "\x96\xE9\x83\xA8"},
    {"SAMR", "State Administration for Market Regulation",
     "\xE5\x9B\xBD\xE5\xAE\xB6\xE5\xB8\x82\xE5\x9C\xBA\xE7\x9B\x91\xE7\x9D"
     "\xA3\xE7\xAE\xA1\xE7\x90\x86\xE6\x80\xBB\xE5\xB1\x80"},
    {"MPS", "Ministry of Public Security",
     "\xE5\x85\xAC\xE5\xAE\x89\xE9\x83\xA8"},
    {"PBOC", "People's Bank of China",
     "\xE4\xB8\xAD\xE5\x9B\xBD\xE4\xBA\xBA\xE6\xB0\x91\xE9\x93\xB6\xE8\xA1"
     "\x8C"},
    {"CSRC", "China Securities Regulatory Commission", NULL},
    {"NDRC", "National Development and Reform Commission", NULL},
    {"TC260",
     "National Information Security Standardization Technical "
     "Committee",
     NULL},
    {"SPC", "Supreme People's Court",
     "\xE6\x9C\x80\xE9\xAB\x98\xE4\xBA\xBA\xE6\xB0\x91\xE6\xB3\x95\xE9\x99"
     "\xA2"},
    {"SPP", "Supreme People's Procuratorate", NULL},
};
#define AGENCY_SPC 8u

typedef struct {
    const char *lower, *title;
} phrase_t;

static const phrase_t subjects[] = {
    {"personal information protection", "Personal Information Protection"},
    {"cross-border transfer of data", "Cross-border Transfer of Data"},
    {"data security", "Data Security"},
    {"generative artificial intelligence",
     "Generative Artificial Intelligence"},
    {"protection of minors online", "Protection of Minors Online"},
    {"facial recognition", "Facial Recognition"},
    {"app rectification", "App Rectification"},
    {"critical information infrastructure",
     "Critical Information Infrastructure"},
    {"algorithm recommendation", "Algorithm Recommendation"},
    {"data export security assessment", "Data Export Security Assessment"},
};

static const phrase_t companies[] = {
    {"ride-hailing platform", "Ride-hailing Platform"},
    {"online retailer", "Online Retailer"},
    {"fintech company", "Fintech Company"},
    {"car maker", "Car Maker"},
    {"social media platform", "Social Media Platform"},
    {"hotel chain", "Hotel Chain"},
    {"education app operator", "Education App Operator"},
    {"property management company", "Property Management Company"},
    {"logistics firm", "Logistics Firm"},
    {"gaming company", "Gaming Company"},
    {"private hospital", "Private Hospital"},
    {"smart device maker", "Smart Device Maker"},
};

static const char *const places[] = {
    "Beijing", "Shanghai", "Shenzhen", "Hangzhou",  "Guangzhou", "Chengdu",
    "Nanjing", "Wuhan",    "Tianjin",  "Chongqing", "Suzhou",    "Xiamen",
};

static const char *const doc_types[] = {
    "Measures",
    "Provisions",
    "Rules",
    "Guidelines",
    "Interim Measures",
    "Implementing Rules",
    "Administrative Measures",
};

static const char *const legislative_verbs[] = {
    "issued", "released", "published", "finalised", "adopted",
};

static const char *const month_names[] = {
    "January", "February", "March",     "April",   "May",      "June",
    "July",    "August",   "September", "October", "November", "December",
};

/* Section headings of item groups 1-3; group 0 has none (Legislation). */
static const char *const section_names[] = {
    NULL,
    "Enforcement Authority",
    "Enforcement Cases",
    "Courts Litigation",
};

/*
 * Templates.  Keys in braces: {A} agency abbreviation, {F} agency full
 * name with abbreviation (first mention), {O} another agency, {s}/{S}
 * subject (lower/title case), {t} second subject, {p}/{q} places, {c}/{C}
 * company, {a} company with "a" or "an", {D} document type, {v} legislative
 * verb, {n} small number, {m} fine amount, {y} issue year, {r} change round.
 */
/* Pairs: openings[g][k] is the first sentence under headlines[g][k][*]. */
static const char *const headlines[4][3][2] = {
    {{"{A} Issues {D} on {S}", "New {D} on {S} Take Effect"},
     {"{A} and {O} Jointly Release {D} on {S}",
      "Joint {D} on {S} Announced by {A} and {O}"},
     {"{A} Releases Draft {D} on {S} for Comment",
      "{A} Seeks Comments on {S} {D}"}},
    {{"{A} Fines {C} over {S} Failures", "{C} Penalised by {A} over {S}"},
     {"{A} Names {n} Apps in {S} Campaign",
      "{A} Orders App Rectification After {S} Review"},
     {"{p} Regulators Launch {S} Inspections",
      "{A} Office in {p} Flags {S} Problems"}},
    {{"{C} in {p} Fined for {S} Violations",
      "{p} Authorities Penalise {C} over {S}"},
     {"{A} Investigates {C} in {p} over {S}",
      "{A} Discloses {S} Case Involving {C}"},
     {"{C} in {p} Fined After {S} Complaint", "{p} Case Highlights {S} Risks"}},
    {{"{p} Internet Court Rules on {S}",
      "Court in {p} Awards Damages over {S}"},
     {"{A} Releases Typical Cases on {S}", "{A} Publishes {S} Case Digest"},
     {"{A} Backs Public Interest Suit on {S}",
      "Public Interest Litigation over {S} Filed in {p}"}},
};

static const char *const openings[4][3] = {
    {"the {F} {v} the {D} on {S}.",
     "the {F} and the {O} jointly released the {D} on {S}, which will take "
     "effect in {n} days.",
     "the {F} solicited comments on draft {D} on {s}, with comments due "
     "within {n} days."},
    {"the {F} fined {a} {m} for failing to meet {s} requirements.",
     "the {F} notified {n} apps that had breached rules on {s} and ordered "
     "app rectification within {n} working days.",
     "the {p} office of the {F} notified {a} of problems found during an "
     "inspection of its {s} practices."},
    {"{a} based in {p} was fined {m} by the local office of the {F} for "
     "violating {s} rules.",
     "the {F} disclosed a case in which {a} in {p} collected data for {s} "
     "without consent.",
     "authorities in {p} fined {a} {m} after a complaint about {s} was "
     "passed on by the {F}."},
    {"the {p} Internet Court ruled that {a} had violated rules on {s} and "
     "ordered it to pay {m} in damages, citing typical cases published by "
     "the {F}.",
     "the {F} released typical cases on {s}, covering {n} disputes heard by "
     "courts in {p} and {q}.",
     "the {F} supported a public interest lawsuit against {a} in {p} over "
     "{s}."},
};

static const char *const follow_ups[] = {
    "The {D} require handlers to assess the impact of {s} before "
    "processing begins.",
    "Companies in {p} and {q} are expected to review their {s} practices in "
    "response.",
    "The {A} said that {s} will remain an enforcement priority in {y}.",
    "According to the {A}, {n} companies have already made filings "
    "concerning {s}.",
    "Under the new requirements, {a} that engages in {t} must also appoint "
    "a person responsible for {s}.",
    "The notice also addresses {t}, an area the {O} examined earlier this "
    "year.",
    "Local offices in {p} will carry out spot checks on {s} over the next "
    "{n} months.",
    "Repeat violations may lead to fines of up to {m} and the suspension of "
    "related services.",
    "Industry groups welcomed the guidance on {s}, while noting open "
    "questions about {t}.",
    "The approach follows a national standard on {s} drafted by TC260.",
    "Operators of critical information infrastructure face stricter duties "
    "under the same framework.",
    "The {A} plans to publish further typical cases on {s} to guide "
    "compliance.",
    "Legal advisers in {p} note that {s} and {t} obligations increasingly "
    "overlap.",
    "A data export security assessment remains mandatory where important "
    "data about {s} leaves the country.",
    "The decision cites the Personal Information Protection Law and the Data "
    "Security Law.",
    "Handlers must keep records of {s} activities for at least {n} months.",
    "The {A} also reminded app operators that facial recognition may not be "
    "the only way to verify identity.",
    "Observers expect the {O} to issue supporting rules on {t} later in {y}.",
    "A cross-border transfer of personal information linked to {s} now needs "
    "a standard contract or certification.",
    "The {A} stressed that {s} rules apply equally to {a} in {p}.",
};

_Static_assert(COUNT(follow_ups) <= 32, "the used-sentence mask has 32 bits");

/* Sentences added by --change; {r} makes every round's text distinct. */
static const char *const change_sentences[] = {
    "In a supplementary notice (revision {r}), the {A} added that {s} "
    "filings from {p} will be reviewed within {n} working days.",
    "Update {r}: the {A} later clarified how the rules on {s} apply to "
    "{a}.",
    "A later statement (revision {r}) from the {O} confirmed that {t} is "
    "also covered.",
};

/* ---- random numbers --------------------------------------------------- */

typedef struct {
    uint64_t state;
} rng_t;

/* One splitmix64 step: spreads related seeds (0, 1, 2...) far apart. */
static uint64_t
splitmix64(uint64_t x)
{
    x += 0x9E3779B97F4A7C15u;
    x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9u;
    x = (x ^ (x >> 27)) * 0x94D049BB133111EBu;
    return x ^ (x >> 31);
}

/* Seeds a generator from up to three numbers, so each stream is separate. */
static void
rng_seed(rng_t *r, uint64_t a, uint64_t b, uint64_t c)
{
    uint64_t s = splitmix64(splitmix64(splitmix64(a) ^ b) ^ c);
    r->state = s ? s : 0x2545F4914F6CDD1Du; /* xorshift must not be 0 */
}

/* xorshift64*: small, fast and the same on every platform. */
static uint64_t
rng_next(rng_t *r)
{
    r->state ^= r->state >> 12;
    r->state ^= r->state << 25;
    r->state ^= r->state >> 27;
    return r->state * 0x2545F4914F6CDD1Du;
}

/* A number in [0, n); the high bits are the best of xorshift64*. */
static unsigned
rng_below(rng_t *r, unsigned n)
{
    return (unsigned)((rng_next(r) >> 32) % n);
}

/* A number in [0, n) skewed towards 0, for Zipf-like term frequencies. */
static unsigned
rng_skewed(rng_t *r, unsigned n)
{
    unsigned a = rng_below(r, n), b = rng_below(r, n);
    return a < b ? a : b;
}

/* ---- growing string buffer -------------------------------------------- */

typedef struct {
    char *data;
    size_t len, cap;
    bool failed; /* out of memory: later appends are ignored */
} sbuf_t;

/* Makes room for extra more bytes plus a NUL; false when out of memory. */
static bool
sb_reserve(sbuf_t *b, size_t extra)
{
    if (b->failed)
        return false;
    if (b->len + extra + 1 <= b->cap)
        return true;
    size_t cap = b->cap ? b->cap : 4096;
    while (cap < b->len + extra + 1)
        cap *= 2;
    char *p = realloc(b->data, cap);
    if (!p) {
        b->failed = true;
        return false;
    }
    b->data = p;
    b->cap = cap;
    return true;
}

/* Appends n bytes of s. */
static void
sb_putn(sbuf_t *b, const char *s, size_t n)
{
    if (!sb_reserve(b, n))
        return;
    memcpy(b->data + b->len, s, n);
    b->len += n;
    b->data[b->len] = '\0';
}

/* Appends a NUL-terminated string. */
static void
sb_puts(sbuf_t *b, const char *s)
{
    sb_putn(b, s, strlen(s));
}

/* Appends printf-formatted text (used for numbers and dates only). */
#if defined(__GNUC__)
__attribute__((format(printf, 2, 3)))
#endif
static void
sb_printf(sbuf_t *b, const char *fmt, ...)
{
    char tmp[256];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(tmp, sizeof tmp, fmt, ap);
    va_end(ap);
    if (n > 0)
        sb_putn(b, tmp, (size_t)n < sizeof tmp ? (size_t)n : sizeof tmp - 1);
}

/* ---- bulletin text ---------------------------------------------------- */

/* The choices that the sentences of one item share. */
typedef struct {
    rng_t *rng; /* draws numbers as templates ask for them */
    unsigned agency, other, subject, subject2, place, place2, company, doc;
    unsigned verb;
    int year;
    unsigned round;
    bool named; /* the agency's full name has been written once */
} item_ctx_t;

/* Writes a fine such as "RMB 350,000" or "RMB 1.2 million". */
static void
put_amount(sbuf_t *b, rng_t *r)
{
    unsigned k = 1 + rng_below(r, 99);
    if (rng_below(r, 4) == 0)
        sb_printf(b, "RMB %u.%u million", 1 + k / 10, k % 10);
    else
        sb_printf(b, "RMB %u0,000", k);
}

/* Expands one {key}; unknown keys are a bug in the tables, written as is. */
static void
put_key(sbuf_t *b, const char *key, size_t n, item_ctx_t *c)
{
    const agency_t *a = &agencies[c->agency];
    char k = n == 1 ? key[0] : '?';
    switch (k) {
    case 'A':
        sb_puts(b, a->abbr);
        break;
    case 'F':
        sb_puts(b, a->name);
        if (!c->named) {
            /* first mention: name the abbreviation, sometimes in Chinese */
            sb_printf(b, " (\"%s\"", a->abbr);
            if (a->zh && rng_below(c->rng, 3) == 0) {
                sb_puts(b, ", ");
                sb_puts(b, a->zh);
            }
            sb_puts(b, ")");
            c->named = true;
        }
        break;
    case 'O':
        sb_puts(b, agencies[c->other].abbr);
        break;
    case 's':
        sb_puts(b, subjects[c->subject].lower);
        break;
    case 'S':
        sb_puts(b, subjects[c->subject].title);
        break;
    case 't':
        sb_puts(b, subjects[c->subject2].lower);
        break;
    case 'p':
        sb_puts(b, places[c->place]);
        break;
    case 'q':
        sb_puts(b, places[c->place2]);
        break;
    case 'c':
        sb_puts(b, companies[c->company].lower);
        break;
    case 'C':
        sb_puts(b, companies[c->company].title);
        break;
    case 'a':
        sb_puts(b,
                strchr("aeiou", companies[c->company].lower[0]) ? "an " : "a ");
        sb_puts(b, companies[c->company].lower);
        break;
    case 'D':
        sb_puts(b, doc_types[c->doc]);
        break;
    case 'v':
        sb_puts(b, legislative_verbs[c->verb]);
        break;
    case 'n':
        sb_printf(b, "%u", 2 + rng_below(c->rng, 29));
        break;
    case 'm':
        put_amount(b, c->rng);
        break;
    case 'y':
        sb_printf(b, "%d", c->year);
        break;
    case 'r':
        sb_printf(b, "%u", c->round);
        break;
    default:
        sb_puts(b, "{");
        sb_putn(b, key, n);
        sb_puts(b, "}");
        break;
    }
}

/* Appends a template with its {keys} filled in from the item context. */
static void
expand(sbuf_t *b, const char *tmpl, item_ctx_t *c)
{
    const char *s = tmpl;
    while (*s) {
        const char *open = strchr(s, '{');
        const char *close = open ? strchr(open, '}') : NULL;
        if (!close) {
            sb_puts(b, s);
            return;
        }
        sb_putn(b, s, (size_t)(open - s));
        put_key(b, open + 1, (size_t)(close - open - 1), c);
        s = close + 1;
    }
}

/*
 * Writes the date an item's paragraph opens with, mostly "On March 14, "
 * in the issue month, sometimes with the year, day-first, in the previous
 * month, or the undated "Recently, ".  Days stop at 28 so every date is
 * valid.
 */
static void
put_opening_date(sbuf_t *b, rng_t *r, int year, int month)
{
    unsigned form = rng_below(r, 40), day = 1 + rng_below(r, 28);
    if (form < 5) {
        sb_puts(b, "Recently, ");
        return;
    }
    if (form < 9) { /* the month before the issue, as real bulletins do */
        month = month == 1 ? 12 : month - 1;
        year = month == 12 ? year - 1 : year;
    }
    const char *name = month_names[month - 1];
    if (form < 30)
        sb_printf(b, "On %s %u, ", name, day);
    else if (form < 37)
        sb_printf(b, "On %s %u, %d, ", name, day, year);
    else
        sb_printf(b, "On %u %s %d, ", day, name, year);
}

/* Picks the shared choices of one item in group (0-3). */
static void
choose_item(item_ctx_t *c, rng_t *r, unsigned group)
{
    unsigned n_ag = (unsigned)COUNT(agencies);
    c->rng = r;
    c->agency =
        group == 3 ? AGENCY_SPC + rng_below(r, 2) : rng_skewed(r, AGENCY_SPC);
    c->other = rng_below(r, n_ag);
    if (c->other == c->agency)
        c->other = (c->other + 1) % n_ag;
    c->subject = rng_skewed(r, (unsigned)COUNT(subjects));
    c->subject2 = rng_below(r, (unsigned)COUNT(subjects));
    if (c->subject2 == c->subject)
        c->subject2 = (c->subject2 + 3) % (unsigned)COUNT(subjects);
    c->place = rng_skewed(r, (unsigned)COUNT(places));
    c->place2 = (c->place + 1 + rng_below(r, (unsigned)COUNT(places) - 1)) %
                (unsigned)COUNT(places);
    c->company = rng_below(r, (unsigned)COUNT(companies));
    c->doc = rng_below(r, (unsigned)COUNT(doc_types));
    c->verb = rng_below(r, (unsigned)COUNT(legislative_verbs));
    c->named = false;
}

/* The arguments every file depends on. */
typedef struct {
    uint64_t seed;
    unsigned items;
} gen_args_t;

/*
 * Writes bulletin number index into out and its issue month into *year
 * and *month.  When round is not 0, item alter (0-based) gets one extra
 * sentence drawn from a separate stream, so the rest of the file stays
 * byte-identical to the original.
 */
static void
generate_bulletin(const gen_args_t *g, unsigned index, unsigned round,
                  sbuf_t *out, int *year, int *month)
{
    rng_t r, cr;
    unsigned agency_of[MAX_ITEMS];
    unsigned alter = 0;

    rng_seed(&r, g->seed, index, 0);
    rng_seed(&cr, g->seed, index, 0x100000000u + round);
    if (round)
        alter = rng_below(&cr, g->items);
    *year = FIRST_YEAR + (int)(index % N_YEARS);
    *month = 1 + (int)rng_below(&r, 12);

    out->len = 0;
    sb_printf(out, "Synthetic Data Bulletin - %s %d\n\n",
              month_names[*month - 1], *year);
    unsigned group = 0;
    for (unsigned i = 0; i < g->items; i++) {
        /* group k holds items [ceil(M*k/4), ceil(M*(k+1)/4)): never empty
           for k = 0, so the title is always followed by a headline */
        unsigned last = group;
        while ((g->items * (group + 1) + 3) / 4 <= i)
            group++;
        if (group != last)
            sb_printf(out, "%s\n\n", section_names[group]);

        item_ctx_t c;
        choose_item(&c, &r, group);
        c.year = *year;
        c.round = round;
        agency_of[i] = c.agency;

        unsigned kind = rng_below(&r, 3);
        expand(out, headlines[group][kind][rng_below(&r, 2)], &c);
        sb_puts(out, "\n\n");
        put_opening_date(out, &r, *year, *month);
        expand(out, openings[group][kind], &c);
        unsigned more = 2 + rng_below(&r, 4); /* 3-6 sentences in all */
        uint32_t used = 0; /* no sentence twice in one paragraph */
        for (unsigned k = 0; k < more; k++) {
            unsigned f = rng_below(&r, (unsigned)COUNT(follow_ups));
            while (used & (UINT32_C(1) << f))
                f = (f + 1) % (unsigned)COUNT(follow_ups);
            used |= UINT32_C(1) << f;
            sb_puts(out, " ");
            expand(out, follow_ups[f], &c);
        }
        if (round && i == alter) {
            item_ctx_t cc = c;
            cc.rng = &cr;
            sb_puts(out, " ");
            expand(out,
                   change_sentences[rng_below(
                       &cr, (unsigned)COUNT(change_sentences))],
                   &cc);
        }
        sb_printf(out, " %u\n\n", i + 1);
    }
    for (unsigned i = 0; i < g->items; i++) {
        unsigned id = 1000000000u + rng_below(&r, 1000000000u);
        if (rng_below(&r, 10) == 0)
            continue; /* about one footnote in ten has no source link */
        char lower[8];
        size_t n = 0;
        for (const char *a = agencies[agency_of[i]].abbr;
             *a && n < sizeof lower - 1; a++)
            lower[n++] = (char)(*a >= 'A' && *a <= 'Z' ? *a - 'A' + 'a' : *a);
        lower[n] = '\0';
        sb_printf(out,
                  "%u. https://www.example-agency.gov.cn/%s/%d-%02d/c_%u.htm"
                  "\n\n",
                  i + 1, lower, *year, *month, id);
    }
    sb_puts(out, "Disclaimer: This bulletin is synthetic text generated by "
                 "lexgen for benchmarks and tests. It describes no real "
                 "events, cases or documents and is not legal advice.\n");
}

/* ---- files ------------------------------------------------------------ */

/* mkdir -p: creates path and its parents; 0 or an exit status. */
static int
make_dirs(const char *path)
{
    size_t n = strlen(path);
    char *p = malloc(n + 1);
    int status = 0;
    if (!p) {
        fprintf(stderr, "lexgen: %s: out of memory\n", path);
        return EXIT_IO;
    }
    memcpy(p, path, n + 1);
    for (size_t i = 1; i <= n && !status; i++) {
        if (p[i] != '/' && p[i] != '\0')
            continue;
        char saved = p[i];
        p[i] = '\0';
        struct stat st;
        if (mkdir(p, 0777) != 0 &&
            (errno != EEXIST || stat(p, &st) != 0 || !S_ISDIR(st.st_mode))) {
            fprintf(stderr, "lexgen: %s: cannot create directory: %s\n", p,
                    errno == EEXIST ? "not a directory" : strerror(errno));
            status = EXIT_IO;
        }
        p[i] = saved;
    }
    free(p);
    return status;
}

/*
 * Writes data to path through a temporary file and a rename, so a reader
 * (or a crash) never sees a half-written bulletin.  0 or an exit status.
 */
static int
write_file(const char *path, const char *data, size_t len)
{
    char tmp[4200];
    if (snprintf(tmp, sizeof tmp, "%s.tmp", path) >= (int)sizeof tmp) {
        fprintf(stderr, "lexgen: %s: path too long\n", path);
        return EXIT_IO;
    }
    FILE *f = fopen(tmp, "wb");
    if (!f) {
        fprintf(stderr, "lexgen: %s: %s\n", tmp, strerror(errno));
        return EXIT_IO;
    }
    bool ok = fwrite(data, 1, len, f) == len;
    int saved = errno;
    if (fclose(f) != 0 && ok) {
        ok = false;
        saved = errno;
    }
    if (ok && rename(tmp, path) != 0) {
        ok = false;
        saved = errno;
    }
    if (!ok) {
        fprintf(stderr, "lexgen: %s: %s\n", path, strerror(saved));
        remove(tmp);
        return EXIT_IO;
    }
    return 0;
}

/* Reads a whole file into out; 0, or an exit status after a message. */
static int
read_file(const char *path, sbuf_t *out)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        fprintf(stderr, "lexgen: %s: %s (generate the corpus first)\n", path,
                strerror(errno));
        return EXIT_IO;
    }
    out->len = 0;
    char chunk[65536];
    size_t n;
    while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
        sb_putn(out, chunk, n);
    bool bad = ferror(f) != 0;
    fclose(f);
    if (bad || out->failed) {
        fprintf(stderr, "lexgen: %s: %s\n", path,
                out->failed ? "out of memory" : "read error");
        return EXIT_IO;
    }
    return 0;
}

/* The file name of bulletin index: DIR/YYYY/YYYY-MM-bulletin-NNNNN.txt. */
static bool
bulletin_path(char *buf, size_t size, const char *dir, int year, int month,
              unsigned index)
{
    int n = snprintf(buf, size, "%s/%d/%d-%02d-bulletin-%05u.txt", dir, year,
                     year, month, index);
    return n > 0 && (size_t)n < size;
}

/* ---- modes ------------------------------------------------------------ */

/* Writes files [0, n_files) into dir; 0 or an exit status. */
static int
create_corpus(const gen_args_t *g, unsigned n_files, const char *dir)
{
    sbuf_t text = {0};
    bool year_made[N_YEARS] = {false};
    char path[4096];
    int status = make_dirs(dir);
    unsigned written = 0;

    for (unsigned i = 0; i < n_files && !status; i++) {
        int year, month;
        generate_bulletin(g, i, 0, &text, &year, &month);
        if (text.failed) {
            fprintf(stderr, "lexgen: %s: out of memory\n", dir);
            status = EXIT_IO;
            break;
        }
        if (!year_made[year - FIRST_YEAR]) {
            snprintf(path, sizeof path, "%s/%d", dir, year);
            status = make_dirs(path);
            year_made[year - FIRST_YEAR] = true;
        }
        if (!status && !bulletin_path(path, sizeof path, dir, year, month, i)) {
            fprintf(stderr, "lexgen: %s: path too long\n", dir);
            status = EXIT_IO;
        }
        if (!status)
            status = write_file(path, text.data, text.len);
        if (!status)
            written++;
    }
    free(text.data);
    printf("lexgen: %s: %u files written, %lu items\n", dir, written,
           (unsigned long)written * g->items);
    return status;
}

/*
 * Rewrites the files that change round `round` picks: count of n_files,
 * chosen by selection sampling (Knuth's algorithm S) from a stream of its
 * own, so each round picks the same files every time it is run.  A file
 * that already holds this round's text is left alone.
 */
static int
change_corpus(const gen_args_t *g, unsigned n_files, const char *dir,
              unsigned count, unsigned round)
{
    sbuf_t text = {0}, old = {0};
    char path[4096];
    rng_t pick;
    unsigned changed = 0, current = 0, needed = count;
    int status = 0;
    struct stat st;

    if (stat(dir, &st) != 0 || !S_ISDIR(st.st_mode)) {
        fprintf(stderr,
                "lexgen: %s: not a directory (generate the corpus "
                "first)\n",
                dir);
        return EXIT_IO;
    }
    rng_seed(&pick, g->seed, 0xC4A46E00u, round);
    for (unsigned i = 0; i < n_files && needed > 0 && !status; i++) {
        if (rng_below(&pick, n_files - i) >= needed)
            continue;
        needed--;
        int year, month;
        generate_bulletin(g, i, round, &text, &year, &month);
        if (!bulletin_path(path, sizeof path, dir, year, month, i)) {
            fprintf(stderr, "lexgen: %s: path too long\n", dir);
            status = EXIT_IO;
            break;
        }
        status = read_file(path, &old);
        if (!status && text.failed) {
            fprintf(stderr, "lexgen: %s: out of memory\n", path);
            status = EXIT_IO;
        }
        if (status)
            break;
        if (old.len == text.len && !memcmp(old.data, text.data, text.len)) {
            current++;
            continue;
        }
        status = write_file(path, text.data, text.len);
        if (!status)
            changed++;
    }
    free(text.data);
    free(old.data);
    printf("lexgen: %s: %u of %u files changed (round %u)", dir, changed,
           n_files, round);
    if (current)
        printf(", %u already had this round's text", current);
    printf("\n");
    return status;
}

/* ---- command line ----------------------------------------------------- */

/* Prints the help text to f. */
static void
usage(FILE *f)
{
    fputs("usage: lexgen [--files N] [--items M] [--seed S] "
          "[--change PERCENT [--round R]] DIR\n"
          "Writes N synthetic bulletins (default 100) of M items (default 12)\n"
          "to DIR/YYYY/YYYY-MM-bulletin-NNNNN.txt, deterministically from S\n"
          "(default 1).  With --change, rewrites PERCENT% of the files of an\n"
          "existing corpus made with the same N, M and S, adding one "
          "sentence\n"
          "to one item each; R (default 1) selects which files and text.\n",
          f);
}

/* Parses a whole decimal number in [lo, hi]; false if s is not one. */
static bool
parse_uint(const char *s, unsigned long long lo, unsigned long long hi,
           unsigned long long *out)
{
    char *end;
    if (*s < '0' || *s > '9')
        return false;
    errno = 0;
    unsigned long long v = strtoull(s, &end, 10);
    if (errno || *end || v < lo || v > hi)
        return false;
    *out = v;
    return true;
}

/* Parses a percentage greater than 0 and at most 100. */
static bool
parse_percent(const char *s, double *out)
{
    char *end;
    if ((*s < '0' || *s > '9') && *s != '.')
        return false;
    errno = 0;
    double v = strtod(s, &end);
    if (errno || *end || !(v > 0.0 && v <= 100.0))
        return false;
    *out = v;
    return true;
}

/* Parses the command line and runs the chosen mode. */
int
main(int argc, char **argv)
{
    gen_args_t g = {1, 12};
    unsigned long long files = 100, items = 12, seed = 1, round = 1;
    double percent = 0.0;
    bool change = false, round_given = false;
    const char *dir = NULL;

    for (int i = 1; i < argc; i++) {
        const char *opt = argv[i];
        if (!strcmp(opt, "-h") || !strcmp(opt, "--help")) {
            usage(stdout);
            return 0;
        }
        if (opt[0] != '-' || !strcmp(opt, "-")) {
            if (dir) {
                fprintf(stderr, "lexgen: %s: only one DIR may be given\n", opt);
                return EXIT_USAGE;
            }
            dir = opt;
            continue;
        }
        if (!strcmp(opt, "--")) {
            if (i + 2 != argc || dir) {
                fprintf(stderr, "lexgen: exactly one DIR must be given\n");
                return EXIT_USAGE;
            }
            dir = argv[++i];
            continue;
        }
        bool known = !strcmp(opt, "--files") || !strcmp(opt, "--items") ||
                     !strcmp(opt, "--seed") || !strcmp(opt, "--change") ||
                     !strcmp(opt, "--round");
        if (!known) {
            fprintf(stderr, "lexgen: %s: unknown option (see lexgen --help)\n",
                    opt);
            return EXIT_USAGE;
        }
        if (i + 1 >= argc) {
            fprintf(stderr, "lexgen: %s: missing value\n", opt);
            return EXIT_USAGE;
        }
        const char *val = argv[++i];
        bool ok;
        if (!strcmp(opt, "--files")) {
            ok = parse_uint(val, 1, MAX_FILES, &files);
        } else if (!strcmp(opt, "--items")) {
            ok = parse_uint(val, 1, MAX_ITEMS, &items);
        } else if (!strcmp(opt, "--seed")) {
            ok = parse_uint(val, 0, UINT64_MAX, &seed);
        } else if (!strcmp(opt, "--round")) {
            ok = parse_uint(val, 1, 1000000, &round);
            round_given = true;
        } else {
            ok = parse_percent(val, &percent);
            change = true;
        }
        if (!ok) {
            static const char *const ranges[][2] = {
                {"--files", "a whole number from 1 to 100000"},
                {"--items", "a whole number from 1 to 999"},
                {"--seed", "a whole number from 0 to 18446744073709551615"},
                {"--round", "a whole number from 1 to 1000000"},
                {"--change", "a percentage above 0 and at most 100"},
            };
            const char *want = "valid";
            for (size_t k = 0; k < COUNT(ranges); k++)
                if (!strcmp(opt, ranges[k][0]))
                    want = ranges[k][1];
            fprintf(stderr, "lexgen: %s: '%s' is not %s\n", opt, val, want);
            return EXIT_USAGE;
        }
    }
    if (!dir || !*dir) {
        fprintf(stderr, "lexgen: missing DIR (see lexgen --help)\n");
        return EXIT_USAGE;
    }
    if (round_given && !change) {
        fprintf(stderr, "lexgen: --round: only meaningful with --change\n");
        return EXIT_USAGE;
    }
    g.seed = (uint64_t)seed;
    g.items = (unsigned)items;
    if (!change)
        return create_corpus(&g, (unsigned)files, dir);
    unsigned count = (unsigned)((double)files * percent / 100.0 + 0.5);
    if (count == 0)
        count = 1;
    return change_corpus(&g, (unsigned)files, dir, count, (unsigned)round);
}
