/*
 * analysis.h - what the index stores about one item, computed in C.
 *
 * Before the shim (lexdb.cc) hands an item to Xapian, everything it
 * stores is decided here: the headline and body cut into sentences,
 * each sentence into runs of CJK and other text, with the position each
 * sentence starts at; the hyphenated words joined ("crossborder"); the
 * boolean terms (unique id, file, run, bulletin, section, site, agency,
 * law); the values (date, item number, section, month, entity ids, the
 * order and content hashes) and the display record; and the texts, in
 * order, to hand the term generators, with their places, weights and
 * prefixes.  The shim then only feeds the texts to Xapian's term
 * generators and adds the terms and values as they are, so the index
 * layout can be read, and tested, without Xapian.
 *
 * The index layout (schema LEXDB_SCHEMA_VERSION; the names below are
 * the ones the shim's constants take):
 *   terms     unprefixed  stems of the headline (weight 3) and body,
 *                         with positions (plain words and body:)
 *             S           stems of the headline   (title: in queries)
 *             Q           hash of the item id "FILE#N", hex (boolean)
 *             F           bulletin file           (boolean)
 *             XR          run that wrote the item (boolean, --new)
 *             XS          section, folded         (boolean)
 *             XN          bulletin name           (boolean)
 *             XD          each domain of a citation (boolean)
 *             XA / XL     agency ids with parents / law ids (boolean)
 *             XT          thesaurus group the item matches (lexdb_topics.cc)
 *   values    0           date as YYYYMMDD (YYYYMM00 when no day)
 *             1           item number, decimal
 *             2 / 3       section as written / YYYY-MM, for facets
 *             4 / 5       agency / law ids, TAB-separated, for facets
 *             6           date and item hash, binary: the tiebreak
 *             7           hash of the record: an unchanged item is
 *                         not rewritten
 *   data      the display record (record.h)
 *   spelling  every word as written (corrections, wildcards)
 *   metadata  indexmeta.h's keys (schema, last run, file:KEY = "SIZE
 *             MTIME_NS HASH ITEMS KEY" per file) and lexsearch.topics
 * Long ids and file keys are replaced in terms by a 64-bit hash.
 */
#ifndef LEX_ANALYSIS_H
#define LEX_ANALYSIS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "buf.h"
#include "bulletin.h"
#include "gazetteer.h"
#include "status.h"

/* Term prefixes of the index's boolean terms. */
#define LEX_PREFIX_ID "Q"        /* hash of the item's id, hex */
#define LEX_PREFIX_FILE "F"      /* the bulletin file's key */
#define LEX_PREFIX_RUN "XR"      /* the run that wrote the item */
#define LEX_PREFIX_SECTION "XS"  /* section: folded full name */
#define LEX_PREFIX_BULLETIN "XN" /* bulletin: file name, no extension */
#define LEX_PREFIX_SITE "XD"     /* each domain of a citation */
#define LEX_PREFIX_AGENCY "XA"   /* an agency and its parents */
#define LEX_PREFIX_LAW "XL"      /* a law */
#define LEX_PREFIX_TITLE "S"     /* headline words, for title: */
#define LEX_PREFIX_TOPIC "XT"    /* a thesaurus group's number (topics.h) */

/* Value slots. */
enum {
    LEX_SLOT_DATE = 0,     /* YYYYMMDD, 00 for unknown parts */
    LEX_SLOT_ITEM = 1,     /* item number, decimal */
    LEX_SLOT_SECTION = 2,  /* section as written, for facets */
    LEX_SLOT_MONTH = 3,    /* YYYY-MM, for facets */
    LEX_SLOT_AGENCIES = 4, /* agency ids, TAB-separated */
    LEX_SLOT_LAWS = 5,     /* law ids, TAB-separated */
    LEX_SLOT_ORDER = 6,    /* date and item hash: a unique order for ties */
    LEX_SLOT_CONTENT = 7   /* hash of the record: unchanged? */
};

/* Term positions: each sentence starts LEX_SENTENCE_STRIDE after the
   last, the body LEX_PARAGRAPH_STRIDE after the headline, so that
   windows below the strides mean "same sentence", "same paragraph". */
#define LEX_SENTENCE_STRIDE 1000u
#define LEX_PARAGRAPH_STRIDE 1000000u
#define LEX_HEADLINE_WEIGHT 3u
/* Longest key kept as written in a term; longer ones are hashed
   (Xapian's limit is 245 bytes). */
#define LEX_MAX_TERM_BYTES 200
/* Bytes of an SLOT_ORDER value. */
#define LEX_ORDER_BYTES 12
/* Bytes of an id term ("Q" and 16 hex digits) with its NUL. */
#define LEX_ID_TERM_SIZE 18

/* Bytes: a string that may hold NULs (an order value) or not. */
typedef struct {
    const char *data;
    size_t len;
} lex_bytes_t;

/* A run of a sentence: CJK text, or any other, indexed one after another. */
typedef struct {
    const char *text; /* into the item's headline or body */
    size_t len;
    bool cjk; /* CJK text: indexed as characters and bigrams, unstemmed */
} lex_text_run_t;

/* A sentence: the runs runs[first .. first + n_runs) from position pos. */
typedef struct {
    unsigned pos;
    size_t first;
    size_t n_runs;
} lex_sentence_t;

/* A paragraph (the headline or the body) as the index takes it. */
typedef struct {
    unsigned weight;    /* within-document frequency of each word */
    bool titled;        /* indexed again, weight 1, under LEX_PREFIX_TITLE */
    const char *joined; /* its hyphenated words joined, spaced; "" if none */
    lex_sentence_t *sentences;
    size_t n_sentences;
    lex_text_run_t *runs;
    size_t n_runs;
    size_t cap_sentences_, cap_runs_; /* private */
} lex_paragraph_t;

/* Where the words of a text of the item are placed (lex_text_t). */
typedef enum {
    LEX_TEXT_AT,      /* with positions, the first at the text's pos */
    LEX_TEXT_AFTER,   /* with positions, after the text before it */
    LEX_TEXT_UNPLACED /* without positions: hyphen joins */
} lex_place_t;

/* One text to give a term generator, in the order they are given. */
typedef struct {
    const char *text; /* into a paragraph's text or hyphen joins */
    size_t len;
    lex_place_t place;
    unsigned pos;       /* for LEX_TEXT_AT */
    unsigned weight;    /* within-document frequency of each word */
    const char *prefix; /* "" or LEX_PREFIX_TITLE */
    bool cjk;           /* CJK text: characters and bigrams, unstemmed */
} lex_text_t;

/* A value and its slot. */
typedef struct {
    unsigned slot;
    lex_bytes_t value;
} lex_value_t;

/* What the index stores about one item (lex_analyse_item). */
typedef struct {
    lex_paragraph_t headline, body;
    lex_text_t *texts; /* the paragraphs as the term generators take them */
    size_t n_texts;
    char id_term[LEX_ID_TERM_SIZE]; /* the unique-id term, also in terms */
    lex_bytes_t *terms;             /* boolean terms, prefixes included */
    size_t n_terms;
    lex_value_t *values; /* non-empty values only */
    size_t n_values;
    lex_bytes_t record;   /* the display record (record.h) */
    char record_hash[17]; /* its hash, hex: the LEX_SLOT_CONTENT value */
    size_t cap_terms_, cap_values_, cap_texts_; /* private */
} lex_analysis_t;

/*
 * Analyses item it of bulletin b, read from the file of key file_key,
 * for writer run number run, with the agencies' parents from gz (NULL:
 * none), into *a, whose strings point into it (the runs into its
 * headline and body).  On LEX_ENOMEM *a holds nothing to free;
 * otherwise free it with lex_analysis_free.
 */
lex_status_t lex_analyse_item(const lex_bulletin_t *b, const lex_item_t *it,
                              const char *file_key, unsigned long run,
                              const lex_gazetteer_t *gz, lex_analysis_t *a);

/* Frees what lex_analyse_item stored in a, and clears it. */
void lex_analysis_free(lex_analysis_t *a);

/* ---- the pieces, for the shim's other uses and for tests ------------- */

/*
 * Appends s[0..n) folded for an exact-match term: ASCII lower case, and each
 * run of spaces, tabs, '-' and '_' as one space (none at either end).
 */
void lex_fold_name(const char *s, size_t n, lex_buf_t *out);

/* Room for a key term (lex_key_term), with its NUL. */
#define LEX_KEY_TERM_SIZE (LEX_MAX_TERM_BYTES + 1)

/* Stores in term (LEX_KEY_TERM_SIZE bytes) the boolean term of key under
   prefix (a few bytes); a key that would make the term longer than
   LEX_MAX_TERM_BYTES is replaced by "#" and its hash in hex. */
void lex_key_term(const char *prefix, const char *key, char *term);

/* Appends the term of a section:, bulletin: or site: query value v[0..n):
   prefix, then v in ASCII lower case, folded as lex_fold_name when fold. */
void lex_name_term(const char *prefix, const char *v, size_t n, bool fold,
                   lex_buf_t *out);

/*
 * True when word[0..n) is the plural of an acronym that Snowball leaves
 * alone: three bytes or more, ending in 's', and before it only ASCII
 * letters and digits, none a vowel ("sdks", whose stem is then "sdk").
 */
bool lex_acronym_plural(const char *word, size_t n);

/*
 * What the id of an item read from file_key is made of: its message's
 * Message-ID for mail (so the id survives a mail client moving the
 * message), else the file key.
 */
const char *lex_item_id_base(const char *file_key, const lex_item_t *it);

/* Appends the id of item number n of base, as users see it: "BASE#N". */
void lex_item_id(const char *base, int n, lex_buf_t *out);

/*
 * Stores in term (LEX_ID_TERM_SIZE bytes) the unique-id term of item
 * number n of base: "Q" and the hash of its id in hex, short enough for
 * a million posting lists and for an order value to name it.
 */
void lex_item_id_term(const char *base, int n, char *term);

/* Stores the id term of the item a user named by its id ("FILE#N");
   false when id is not of that form ("FILE#07" is no item's id). */
bool lex_item_id_term_of_id(const char *id, char *term);

/* Stores the id term of the item whose order value is order; false when
   the value is not LEX_ORDER_BYTES long. */
bool lex_item_id_term_of_order(const char *order, size_t len, char *term);

/*
 * Appends the hyphenated words of text[0..n) with their hyphens removed
 * ("cross-border" gives "crossborder"), each followed by a space;
 * U+2010 and U+2011 count as hyphens.  Appends nothing when there are
 * none.
 */
void lex_hyphen_joins(const char *text, size_t n, lex_buf_t *out);

/* True when code point cp is in a script Xapian 1.4's CJK n-grams cut
   (FLAG_CJK_NGRAM): the one table of the index and the query layer. */
bool lex_is_cjk_codepoint(unsigned cp);

#endif
