/*
 * gazetteer.c - loading the agency and law gazetteer and finding its
 * entities in text.
 *
 * Every alias is normalised (ASCII folded to lower case, white-space runs
 * made one space, curly apostrophes made straight) and filed in a hash
 * table by its normalised text: loading checks clashes there, and a
 * lookup of a whole name is one probe.  Tagging walks a byte trie of the
 * same texts from each word start (and each character of non-ASCII
 * text), normalising the text on the fly, and keeps the longest alias
 * that also passes its own checks: case for abbreviations, a word
 * boundary after ASCII aliases.  The cost per position is the length of
 * the longest common prefix with some alias, usually one byte.
 *
 * Loading is what every lexsearch process pays before it searches, so it
 * is kept cheap: the files stay in memory, split in place, and ids and
 * aliases point into them; each alias's bytes are classified once
 * through a table, and an alias that normalising leaves unchanged is its
 * own key text (the others go to one arena per file); ids are found
 * through a second hash table; and the trie is built on the first
 * tagging (the indexer's), never by lexsearch, which only looks names
 * up.  A query's entity pass looks up every run of up to eight words:
 * on its first call, the role words are filed in a table and a bit is
 * set for the hash of each beginning of a name, so that most runs are
 * dropped after one probe (lex_gazetteer_begins_name).
 * lexsearch does not even parse the files unless a query may name
 * an entity (lex_gazetteer_open, at the end of this file): a lookup
 * first searches the files' text for the alias's words, and most
 * queries name no agency or law.  Once those searches have read about
 * twice what a parse costs, the files are parsed, so that a long query
 * does not search them for each of its runs of words.
 */
#include "gazetteer.h"

#include <pthread.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "fileio.h"
#include "hash.h"
#include "trie.h"
#include "tsv.h"
#include "utf8.h"

#define MAX_GAZ_BYTES (4u << 20)
#define NO_NODE UINT32_MAX
#define MAX_COLS 7

typedef enum { KEY_ABBR, KEY_ENGLISH, KEY_CHINESE } key_type_t;

typedef struct {
    char *id;     /* in the file's text, as every string of an entity */
    char *parent; /* NULL for none */
    lex_entity_kind_t kind;
    unsigned line;
    size_t first_alias; /* its aliases, as written: g->aliases[first..] */
    size_t n_aliases;
    size_t n_names[3]; /* how many aliases of each key_type_t, in order */
    uint32_t roles;    /* agencies: bit r for ROLES[r] */
} entity_t;

/*
 * The roles an agency may have (the roles column of agencies.tsv), each
 * with the words that name it in a query, '|'-separated: English ones
 * (matched case-insensitively as the whole phrase) and Chinese ones.
 * "police data" then also finds the items of the Ministry of Public
 * Security and the public security bureaus (lexsearch-query(7)).
 */
typedef struct {
    const char *name;
    const char *words;
} role_t;

static const role_t ROLES[] = {
    {"police", "police|the police|public security|public security organs|"
               "public security authorities|public security bureaus|"
               "公安|公安机关|警方"},
    {"courts", "court|courts|the courts|judiciary|people's courts|法院|"
               "人民法院"},
    {"procuratorates", "procuratorate|procuratorates|prosecutor|prosecutors|"
                       "prosecution|prosecution service|检察院|检察机关|"
                       "人民检察院"},
    {"financial", "financial regulator|financial regulators|"
                  "financial regulation|financial supervisor|"
                  "financial supervisors|financial authorities|"
                  "banking regulator|banking regulators|"
                  "securities regulator|金融监管|金融监管部门"},
    {"telecom", "telecom regulator|telecom regulators|telecoms regulator|"
                "telecoms regulators|telecommunications regulator|"
                "telecommunications regulators|telecom authorities|"
                "communications administrations|电信主管部门|通信管理部门"},
    {"market", "market regulator|market regulators|market regulation|"
               "market supervision|market regulation authorities|"
               "market supervision authorities|市场监管|市场监管部门|"
               "市场监督管理部门"},
    {"standards", "standards body|standards bodies|standard-setting body|"
                  "standardization body|standardisation body|"
                  "standards committee|standards organisation|"
                  "standards organization|标准化机构|标准化组织"},
    {"cyberspace", "cyberspace regulator|cyberspace regulators|"
                   "cyberspace authorities|cyberspace authority|"
                   "internet regulator|internet regulators|网信部门"},
    {"data", "data regulator|data regulators|data authority|"
             "data authorities|data protection authority|"
             "data protection regulator|数据主管部门"},
    {"legislature", "legislature|legislators|lawmakers|the legislature|"
                    "立法机关"},
    {"consumer", "consumer association|consumer associations|"
                 "consumer protection body|consumer organisations|"
                 "consumer organizations|消费者组织"},
    {"health", "health regulator|health regulators|health authorities|"
               "卫生健康部门"},
};

#define N_ROLES (sizeof ROLES / sizeof ROLES[0])

typedef struct {
    const char *norm;  /* normalised, folded */
    const char *exact; /* normalised, case kept (abbreviations only) */
    key_type_t type;
    size_t entity;
    uint32_t next; /* next key with the same normalised text */
} gkey_t;

/* How many bits the beginnings of names hash into (a power of two). */
#define BEGIN_BITS (1u << 16)

/*
 * What query expansion looks names up by, built on a query's first need
 * (lexsearch reads a few words, the indexer none): the words of the roles
 * some agency has, filed by their text, so that a role is one probe; and
 * a bit for the hash of each beginning of a name or of role words that
 * ends at a word's end ("cyberspace", "cyberspace administration", ...),
 * so that a run of query words no name begins with is dropped after one
 * probe instead of being looked up eight words long.
 */
typedef struct {
    char *text;          /* the roles' word lists, '|' made NUL */
    const char **words;  /* each word, in text */
    unsigned char *role; /* the index in ROLES of each word's role */
    size_t n_words;
    uint32_t used; /* bit r: some agency has role r */
    lex_table_t by_word;
    uint64_t *begins; /* BEGIN_BITS bits; NULL until a long query's need */
} query_words_t;

/* The trie of the normalised texts and the query words, each built on
   first need (see above); the lock makes that safe from the indexer's
   threads. */
typedef struct {
    pthread_mutex_t lock;
    atomic_int state; /* TRIE_NONE, TRIE_READY or TRIE_FAILED */
    lex_trie_t trie;  /* a node's value: its first key, NO_NODE for none */
    atomic_int words_state;  /* the same, for words */
    atomic_int begins_state; /* and for their beginnings */
    query_words_t *words;
} lazy_trie_t;

enum { TRIE_NONE, TRIE_READY, TRIE_FAILED };

struct lex_gazetteer {
    char *text[2]; /* agencies.tsv and laws.tsv, split in place */
    entity_t *ents;
    size_t n_ents, cap_ents;
    char **aliases; /* every alias as written, entity by entity */
    size_t n_aliases, cap_aliases;
    gkey_t *keys;
    size_t n_keys, cap_keys;
    char *arena[2]; /* per file: the normalised texts that are not the
                       alias itself, NUL-terminated */
    size_t arena_used;
    lex_table_t by_norm; /* for each normalised text, the last key filed
                           with it, whose next links the others */
    lex_table_t by_id;   /* entities by id */
    lazy_trie_t *lazy;
    struct deferred *deferred; /* lex_gazetteer_open's: the files to read
                                  on first need (then the rest is unused) */
};

static const lex_gazetteer_t *ready(const lex_gazetteer_t *g);
static const lex_gazetteer_t *parsed(const lex_gazetteer_t *g);
static bool could_name(const lex_gazetteer_t *g, const char *alias, size_t len);

/* A file being read: for messages. */
typedef struct {
    const char *path;
    unsigned line;
    lex_err_t *err;
} src_t;

/* True for ASCII letters and digits: what a word boundary separates. */
static bool
is_alnum(unsigned char c)
{
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') ||
           (c >= 'A' && c <= 'Z');
}

/* True for the ASCII white space that collapses to one space. */
static bool
is_space(unsigned char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' ||
           c == '\v';
}

/*
 * Reads one normalised byte from s at i into *out and returns how many
 * bytes of s it stands for (0 at the NUL).  White-space runs (including
 * U+00A0) give one ' ', U+2018/U+2019 give '\'', ASCII folds when asked.
 */
size_t
lex_gazetteer_norm_step(const char *s, size_t i, bool fold, char *out)
{
    const unsigned char *u = (const unsigned char *)s + i;
    size_t n = 0;
    while (is_space(u[n]) || (u[n] == 0xC2 && u[n + 1] == 0xA0))
        n += u[n] == 0xC2 ? 2 : 1;
    if (n) {
        *out = ' ';
        return n;
    }
    if (u[0] == 0xE2 && u[1] == 0x80 && (u[2] == 0x98 || u[2] == 0x99)) {
        *out = '\'';
        return 3;
    }
    *out = (char)(fold && u[0] >= 'A' && u[0] <= 'Z' ? u[0] + 32 : u[0]);
    return u[0] ? 1 : 0;
}

/*
 * What a byte is to the alias checks and to normalising: a table, as
 * loading looks at every byte of every alias.  B_SPACE marks the bytes
 * lex_gazetteer_norm_step may turn into something else: ASCII white
 * space but the space itself (which only changes in a run: see
 * needs_normalising), and the lead bytes of U+00A0 and U+2018/U+2019.
 */
enum { B_CTRL = 1, B_SPACE = 2, B_UPPER = 4, B_ALNUM = 8, B_HIGH = 16 };
#define B_CS (B_CTRL | B_SPACE)
#define B_UA (B_UPPER | B_ALNUM)
#define B_A B_ALNUM
#define B_H B_HIGH
#define B_HS (B_HIGH | B_SPACE)
#define SIXTEEN(c) c, c, c, c, c, c, c, c, c, c, c, c, c, c, c, c
static const unsigned char BYTE_CLASS[256] = {
    /* 0x00: controls; \t \n \v \f \r are white space too */
    B_CTRL, B_CTRL, B_CTRL, B_CTRL, B_CTRL, B_CTRL, B_CTRL, B_CTRL, B_CTRL,
    B_CS, B_CS, B_CS, B_CS, B_CS, B_CTRL, B_CTRL, SIXTEEN(B_CTRL),
    /* 0x20: space, punctuation */
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    /* 0x30: digits, punctuation */
    B_A, B_A, B_A, B_A, B_A, B_A, B_A, B_A, B_A, B_A, 0, 0, 0, 0, 0, 0,
    /* 0x40: @, A-Z, punctuation */
    0, B_UA, B_UA, B_UA, B_UA, B_UA, B_UA, B_UA, B_UA, B_UA, B_UA, B_UA, B_UA,
    B_UA, B_UA, B_UA, B_UA, B_UA, B_UA, B_UA, B_UA, B_UA, B_UA, B_UA, B_UA,
    B_UA, B_UA, 0, 0, 0, 0, 0,
    /* 0x60: `, a-z, punctuation, DEL */
    0, B_A, B_A, B_A, B_A, B_A, B_A, B_A, B_A, B_A, B_A, B_A, B_A, B_A, B_A,
    B_A, B_A, B_A, B_A, B_A, B_A, B_A, B_A, B_A, B_A, B_A, B_A, 0, 0, 0, 0,
    B_CTRL,
    /* 0x80: the bytes of non-ASCII characters; 0xC2 and 0xE2 may start
       U+00A0 and U+2018/U+2019 */
    SIXTEEN(B_H), SIXTEEN(B_H), SIXTEEN(B_H), SIXTEEN(B_H), B_H, B_H, B_HS, B_H,
    B_H, B_H, B_H, B_H, B_H, B_H, B_H, B_H, B_H, B_H, B_H, B_H, SIXTEEN(B_H),
    B_H, B_H, B_HS, B_H, B_H, B_H, B_H, B_H, B_H, B_H, B_H, B_H, B_H, B_H, B_H,
    B_H, SIXTEEN(B_H)};

/*
 * The classes of the bytes of s[0..n), or'ed together; folded gets s with
 * its ASCII letters in lower case on the way (room for n + 1 bytes), as
 * most English names need just that.
 */
static unsigned
classes_of(const char *s, size_t n, char *folded)
{
    unsigned seen = 0;
    for (size_t i = 0; i < n; i++) {
        unsigned char b = (unsigned char)s[i];
        unsigned cls = BYTE_CLASS[b];
        seen |= cls;
        folded[i] = (char)(cls & B_UPPER ? b + ('a' - 'A') : b);
    }
    folded[n] = '\0';
    return seen;
}

/*
 * Normalises s[0..n) into out, which has room for n + 1 bytes (the
 * normalised text is never longer); returns its length.  Bytes that are
 * not B_SPACE, but a space in a run, stand for themselves (folded); the
 * others are read by lex_gazetteer_norm_step.
 */
static size_t
normalise_into(char *out, const char *s, size_t n, bool fold)
{
    const unsigned char *u = (const unsigned char *)s;
    size_t o = 0, i = 0, step;
    char c;
    while (i < n) {
        unsigned cls = BYTE_CLASS[u[i]];
        bool lone_space = u[i] == ' ' && i + 1 < n && u[i + 1] != ' ' &&
                          !(BYTE_CLASS[u[i + 1]] & B_SPACE);
        if ((!(cls & B_SPACE) && u[i] != ' ') || lone_space) {
            out[o++] =
                (char)(fold && (cls & B_UPPER) ? u[i] + ('a' - 'A') : u[i]);
            i++;
            continue;
        }
        if (!(step = lex_gazetteer_norm_step(s, i, fold, &c)))
            break;
        out[o++] = c;
        i += step;
    }
    out[o] = '\0';
    return o;
}

/* Returns the normalised, heap-allocated copy of s[0..n) (NULL if no
   memory). */
static char *
normalise(const char *s, size_t n, bool fold)
{
    char *out = malloc(n + 1);
    if (out)
        normalise_into(out, s, n, fold);
    return out;
}

/* --- hash tables -------------------------------------------------------- */

/* The normalised text of key i of gazetteer ctx. */
static const char *
norm_of_key(const void *ctx, uint32_t i)
{
    const lex_gazetteer_t *g = ctx;
    return g->keys[i].norm;
}

/* The id of entity i of gazetteer ctx. */
static const char *
id_of_entity(const void *ctx, uint32_t i)
{
    return ((const lex_gazetteer_t *)ctx)->ents[i].id;
}

/* The entity with the given id, or NULL (also when g failed to load). */
static const entity_t *
find_entity(const lex_gazetteer_t *g, const char *id)
{
    if (!(g = ready(g)))
        return NULL;
    uint32_t e = *lex_table_slot(&g->by_id, id, strlen(id));
    return e == NO_NODE ? NULL : &g->ents[e];
}

/* The first of the keys whose normalised text is norm, or NO_NODE. */
static uint32_t
keys_named(const lex_gazetteer_t *g, const char *norm)
{
    return *lex_table_slot(&g->by_norm, norm, strlen(norm));
}

/* --- the trie, for tagging ----------------------------------------------- */

/* Files every normalised text in the trie, its node's value the first of
   its keys; false if no memory. */
static bool
build_trie(const lex_gazetteer_t *g, lex_trie_t *trie)
{
    for (size_t i = 0; i <= g->by_norm.mask; i++) {
        uint32_t k = g->by_norm.slots[i];
        if (k == NO_NODE)
            continue;
        uint32_t node = lex_trie_node(trie, g->keys[k].norm, true);
        if (node == NO_NODE)
            return false;
        trie->nodes[node].value = k;
    }
    return true;
}

/*
 * Runs build(g) once, for the first caller to find *state TRIE_NONE
 * (under the lock, so that the indexer's threads may tag at once), and
 * returns true when it succeeded.
 */
static bool
built_once(const lex_gazetteer_t *g, atomic_int *state,
           bool (*build)(const lex_gazetteer_t *g))
{
    lazy_trie_t *lz = g->lazy;
    int now = atomic_load_explicit(state, memory_order_acquire);
    if (now == TRIE_NONE) {
        pthread_mutex_lock(&lz->lock);
        now = atomic_load_explicit(state, memory_order_relaxed);
        if (now == TRIE_NONE) {
            now = build(g) ? TRIE_READY : TRIE_FAILED;
            atomic_store_explicit(state, now, memory_order_release);
        }
        pthread_mutex_unlock(&lz->lock);
    }
    return now == TRIE_READY;
}

/* Builds g's trie (the lazy part is g's to fill, once). */
static bool
build_lazy_trie(const lex_gazetteer_t *g)
{
    return build_trie(g, &g->lazy->trie);
}

/* The trie, built by the first caller; NULL if there was no memory. */
static const lex_trie_t *
ready_trie(const lex_gazetteer_t *g)
{
    return built_once(g, &g->lazy->state, build_lazy_trie) ? &g->lazy->trie
                                                           : NULL;
}

/*
 * True when a Chinese name ending in 部 (ministry) is followed by 门:
 * "公安部门" means public security departments, not the Ministry.
 */
static bool
department_not_ministry(const gkey_t *k, const char *text, size_t end)
{
    const char *norm = k->norm;
    size_t len = strlen(norm);
    return k->type == KEY_CHINESE && len >= 3 &&
           !strcmp(norm + len - 3, "\xE9\x83\xA8") &&
           !strncmp(text + end, "\xE9\x97\xA8", 3);
}

/*
 * True when key k ends at text[end] after starting at text[start]: a
 * word boundary after an alias ending in a letter or digit, and the same
 * case as written for abbreviations.
 */
static bool
key_fits(const gkey_t *k, const char *text, size_t start, size_t end)
{
    const char *norm = k->norm;
    size_t len = strlen(norm);
    if (is_alnum((unsigned char)norm[len - 1]) &&
        is_alnum((unsigned char)text[end]))
        return false;
    if (k->type != KEY_ABBR)
        return !department_not_ministry(k, text, end);
    char c = '\0';
    size_t i = start;
    for (const char *e = k->exact; *e; e++) {
        i += lex_gazetteer_norm_step(text, i, false, &c);
        if (c != *e)
            return false;
    }
    return true;
}

/*
 * True when one of the keys from k on (a chain of one normalised text)
 * belongs to an entity of kind and fits text[start..end); stores the
 * last such key's entity in *ent.
 */
static bool
fitting_key(const lex_gazetteer_t *g, uint32_t k, lex_entity_kind_t kind,
            const char *text, size_t start, size_t end, size_t *ent)
{
    bool found = false;
    for (; k != NO_NODE; k = g->keys[k].next) {
        const gkey_t *key = &g->keys[k];
        if (g->ents[key->entity].kind == kind &&
            key_fits(key, text, start, end)) {
            found = true;
            *ent = key->entity;
        }
    }
    return found;
}

/*
 * Length in bytes of the longest alias of an entity of kind found at
 * text[start] (0 if none) by walking trie; stores that entity's index in
 * *ent.
 */
static size_t
longest_at(const lex_gazetteer_t *g, const lex_trie_t *trie,
           lex_entity_kind_t kind, const char *text, size_t start, size_t *ent)
{
    size_t best = 0, i = start, n;
    uint32_t node = NO_NODE;
    char c;
    while ((n = lex_gazetteer_norm_step(text, i, true, &c)) != 0) {
        node = lex_trie_child(trie, node, (unsigned char)c);
        if (node == NO_NODE)
            break;
        i += n;
        if (fitting_key(g, trie->nodes[node].value, kind, text, start, i, ent))
            best = i - start;
    }
    return best;
}

/* True when an alias may start at text[i]: a word or character start. */
static bool
may_start(const char *text, size_t i)
{
    unsigned char c = (unsigned char)text[i];
    if ((c & 0xC0) == 0x80)
        return false;
    return !(i > 0 && is_alnum(c) && is_alnum((unsigned char)text[i - 1]));
}

/* Appends entity e's id to ids unless there already; false if no memory. */
static bool
add_id(const lex_gazetteer_t *g, size_t e, const char ***ids, size_t *n)
{
    for (size_t i = 0; i < *n; i++)
        if ((*ids)[i] == g->ents[e].id)
            return true;
    const char **more = realloc(*ids, (*n + 1) * sizeof *more);
    if (!more)
        return false;
    more[(*n)++] = g->ents[e].id;
    *ids = more;
    return true;
}

/* Scans text once, keeping the longest alias at each possible start. */
size_t
lex_gazetteer_tag(const lex_gazetteer_t *g, lex_entity_kind_t kind,
                  const char *text, const char ***ids_out)
{
    const char **ids = NULL;
    size_t n = 0;
    const lex_trie_t *trie = (g = ready(g)) ? ready_trie(g) : NULL;
    for (size_t i = 0; trie && text[i];) {
        size_t e = 0;
        size_t len =
            may_start(text, i) ? longest_at(g, trie, kind, text, i, &e) : 0;
        if (len && !add_id(g, e, &ids, &n)) {
            free(ids);
            *ids_out = NULL;
            return 0;
        }
        i += len ? len : 1;
    }
    *ids_out = ids;
    return n;
}

/*
 * The whole alias (white space around it aside) is a name when its
 * normalised text is some key's and that key fits it: one probe of the
 * hash table, where tagging walks the trie.
 */
size_t
lex_gazetteer_lookup(const lex_gazetteer_t *g, const char *alias,
                     lex_entity_kind_t *kind, const char **id)
{
    while (is_space((unsigned char)*alias))
        alias++;
    size_t len = strlen(alias);
    while (len > 0 && is_space((unsigned char)alias[len - 1]))
        len--;
    if (!could_name(g, alias, len) || !(g = ready(g)))
        return 0;
    char *norm = len ? normalise(alias, len, true) : NULL;
    uint32_t first = norm ? keys_named(g, norm) : NO_NODE;
    free(norm);
    for (int k = LEX_ENTITY_AGENCY; k <= LEX_ENTITY_LAW; k++) {
        size_t e = 0;
        if (fitting_key(g, first, (lex_entity_kind_t)k, alias, 0, len, &e)) {
            if (kind)
                *kind = (lex_entity_kind_t)k;
            *id = g->ents[e].id;
            return 1;
        }
    }
    return 0;
}

/* Counts through the entities, which are kept in file order. */
const char *
lex_gazetteer_id_at(const lex_gazetteer_t *g, lex_entity_kind_t kind, size_t i)
{
    g = ready(g);
    for (size_t e = 0; g && e < g->n_ents; e++)
        if (g->ents[e].kind == kind && i-- == 0)
            return g->ents[e].id;
    return NULL;
}

/* The aliases are stored abbreviations first, then English names, then
   Chinese names, so each kind is a slice of the one array. */
size_t
lex_gazetteer_names(const lex_gazetteer_t *g, const char *id,
                    lex_name_kind_t which, char *const **out)
{
    _Static_assert((int)LEX_NAME_ABBR == (int)KEY_ABBR &&
                       (int)LEX_NAME_ENGLISH == (int)KEY_ENGLISH &&
                       (int)LEX_NAME_CHINESE == (int)KEY_CHINESE,
                   "name kinds are key types");
    const entity_t *e = find_entity(g, id);
    *out = NULL;
    if (!e || !e->n_names[which])
        return 0;
    size_t skip = 0;
    for (int k = 0; k < (int)which; k++)
        skip += e->n_names[k];
    g = ready(g);
    *out = g->aliases + e->first_alias + skip;
    return e->n_names[which];
}

/* See gazetteer.h. */
const char *
lex_gazetteer_parent(const lex_gazetteer_t *g, const char *id)
{
    const entity_t *e = find_entity(g, id);
    return e ? e->parent : NULL;
}

/* Copies the entity's alias pointers into a new array. */
size_t
lex_gazetteer_aliases(const lex_gazetteer_t *g, const char *id,
                      const char ***out)
{
    const entity_t *e = find_entity(g, id);
    *out = NULL;
    if (!e || !e->n_aliases)
        return 0;
    *out = malloc(e->n_aliases * sizeof **out);
    if (!*out)
        return 0;
    g = ready(g);
    for (size_t i = 0; i < e->n_aliases; i++)
        (*out)[i] = g->aliases[e->first_alias + i];
    return e->n_aliases;
}

/*
 * True when the '|'-separated list words holds want (normalised and
 * folded, as normalise(s, true) gives it).
 */
static bool
list_has(const char *words, const char *want)
{
    size_t len = strlen(want);
    for (const char *p = words; *p;) {
        const char *bar = strchr(p, '|');
        size_t n = bar ? (size_t)(bar - p) : strlen(p);
        if (n == len && !strncmp(p, want, n))
            return true;
        p += n + (bar != NULL);
    }
    return false;
}

/*
 * The index in ROLES of the role that words name (its name too when
 * by_name), or N_ROLES; words are compared normalised and folded.
 */
static size_t
role_index(const char *words, bool by_name)
{
    char *norm = normalise(words, strlen(words), true);
    size_t r = 0;
    if (!norm)
        return N_ROLES;
    char *start = norm;
    while (*start == ' ')
        start++;
    size_t len = strlen(start);
    while (len > 0 && start[len - 1] == ' ')
        start[--len] = '\0';
    while (r < N_ROLES && !(by_name && !strcmp(start, ROLES[r].name)) &&
           !list_has(ROLES[r].words, start))
        r++;
    free(norm);
    return r;
}

/* True when some agency of g has role r. */
static bool
role_used(const lex_gazetteer_t *g, size_t r)
{
    g = ready(g);
    for (size_t i = 0; g && i < g->n_ents; i++)
        if (g->ents[i].roles & (UINT32_C(1) << r))
            return true;
    return false;
}

/* --- the query words: roles by their words, beginnings of names ------ */

/* Word i of the query words ctx. */
static const char *
role_word_of(const void *ctx, uint32_t i)
{
    return ((const query_words_t *)ctx)->words[i];
}

/* The bit of w->begins for s[0..n), set when set, and whether it is. */
static bool
begin_bit(const query_words_t *w, const char *s, size_t n, bool set)
{
    uint64_t h = lex_hash64(s, n) & (BEGIN_BITS - 1);
    uint64_t bit = UINT64_C(1) << (h % 64);
    if (set)
        w->begins[h / 64] |= bit;
    return (w->begins[h / 64] & bit) != 0;
}

/* Sets the bits of every beginning of the normalised text s that ends
   at a word's end: before each space, and s whole. */
static void
mark_beginnings(query_words_t *w, const char *s)
{
    for (const char *sp = s; (sp = strchr(sp, ' ')) != NULL; sp++)
        begin_bit(w, s, (size_t)(sp - s), true);
    begin_bit(w, s, strlen(s), true);
}

/* Files word as role r's in w, unless an earlier role has it (as
   role_index reads the lists); false if no memory. */
static bool
file_role_word(query_words_t *w, char *word, size_t r)
{
    size_t len = strlen(word);
    uint32_t *slot = lex_table_slot(&w->by_word, word, len);
    if (*slot == LEX_TABLE_EMPTY) {
        if (!lex_table_reserve(&w->by_word))
            return false;
        slot = lex_table_slot(&w->by_word, word, len);
        w->words[w->n_words] = word;
        w->role[w->n_words] = (unsigned char)r;
        lex_table_fill(&w->by_word, slot, (uint32_t)w->n_words++);
    }
    return true;
}

/*
 * Files the words of every role in w (by_word, and their beginnings),
 * copied into w->text, and notes in w->used the roles some agency of g
 * has; false if no memory.
 */
static bool
file_role_words(const lex_gazetteer_t *g, query_words_t *w)
{
    size_t bytes = 0;
    for (size_t r = 0; r < N_ROLES; r++)
        bytes += strlen(ROLES[r].words) + 1;
    w->text = malloc(bytes);
    w->words = malloc(bytes * sizeof *w->words);
    w->role = malloc(bytes);
    if (!w->text || !w->words || !w->role ||
        !lex_table_init(&w->by_word, 8, role_word_of, w))
        return false;
    char *at = w->text;
    for (size_t r = 0; r < N_ROLES; r++) {
        w->used |= role_used(g, r) ? UINT32_C(1) << r : 0;
        char *word = strcpy(at, ROLES[r].words), *next;
        at += strlen(at) + 1;
        for (; word; word = next) {
            if ((next = strchr(word, '|')) != NULL)
                *next++ = '\0';
            if (!file_role_word(w, word, r))
                return false;
        }
    }
    return true;
}

/* Frees w and what it holds. */
static void
free_query_words(query_words_t *w)
{
    if (!w)
        return;
    free(w->text);
    free(w->words);
    free(w->role);
    free(w->begins);
    lex_table_free(&w->by_word);
    free(w);
}

/* Builds g's query words: the roles' words. */
static bool
build_query_words(const lex_gazetteer_t *g)
{
    query_words_t *w = calloc(1, sizeof *w);
    if (!w || !file_role_words(g, w)) {
        free_query_words(w);
        return false;
    }
    g->lazy->words = w;
    return true;
}

/* g's query words, built by the first caller; NULL if no memory. */
static const query_words_t *
ready_query_words(const lex_gazetteer_t *g)
{
    return built_once(g, &g->lazy->words_state, build_query_words)
               ? g->lazy->words
               : NULL;
}

/* Sets the bits of the beginnings of the role words and of the keys'
   texts in g's query words (which ready_query_words built). */
static bool
build_begins(const lex_gazetteer_t *g)
{
    query_words_t *w = g->lazy->words;
    w->begins = calloc(BEGIN_BITS / 64, sizeof *w->begins);
    if (!w->begins)
        return false;
    for (size_t i = 0; i < w->n_words; i++)
        mark_beginnings(w, w->words[i]);
    for (size_t k = 0; k < g->n_keys; k++)
        mark_beginnings(w, g->keys[k].norm);
    return true;
}

/* g's query words with the bits of the beginnings set, on the first
   call (a long query's); NULL if no memory. */
static const query_words_t *
ready_begins(const lex_gazetteer_t *g)
{
    if (!(g = ready(g))) /* a long query: worth parsing a deferred g */
        return NULL;
    return ready_query_words(g) &&
                   built_once(g, &g->lazy->begins_state, build_begins)
               ? g->lazy->words
               : NULL;
}

/*
 * words normalised and folded, the spaces around it cut: into buf (cap
 * bytes) when it fits, else into a malloc'd copy left in *heap (free it);
 * NULL if no memory.  Sets *len to its length.
 */
static const char *
normalised_words(const char *words, char *buf, size_t cap, char **heap,
                 size_t *len)
{
    size_t n = strlen(words);
    *heap = n < cap ? NULL : malloc(n + 1);
    char *out = n < cap ? buf : *heap;
    if (!out)
        return NULL;
    n = normalise_into(out, words, n, true);
    while (*out == ' ')
        out++, n--;
    while (n > 0 && out[n - 1] == ' ')
        out[--n] = '\0';
    *len = n;
    return out;
}

/* See gazetteer.h: one probe of the table of the roles' words. */
const char *
lex_gazetteer_role_named(const lex_gazetteer_t *g, const char *words)
{
    const lex_gazetteer_t *loaded = parsed(g);
    const query_words_t *w = loaded ? ready_query_words(loaded) : NULL;
    if (!w) { /* not parsed yet, or no memory for the table: the lists */
        size_t r = role_index(words, false);
        return r < N_ROLES && role_used(g, r) ? ROLES[r].name : NULL;
    }
    char buf[256], *heap;
    size_t len;
    const char *norm = normalised_words(words, buf, sizeof buf, &heap, &len);
    uint32_t i =
        norm ? *lex_table_slot(&w->by_word, norm, len) : LEX_TABLE_EMPTY;
    free(heap);
    return i != LEX_TABLE_EMPTY && (w->used & (UINT32_C(1) << w->role[i]))
               ? ROLES[w->role[i]].name
               : NULL;
}

/*
 * True when words hold white space that normalising may merge with the
 * space that joins them to the next word (anything but single spaces
 * between other bytes): lex_gazetteer_begins_name cannot tell then.
 */
static bool
odd_spacing(const char *words)
{
    const unsigned char *u = (const unsigned char *)words;
    if (*u == ' ')
        return true;
    for (size_t i = 0; u[i]; i++)
        if ((is_space(u[i]) && u[i] != ' ') ||
            (u[i] == 0xC2 && u[i + 1] == 0xA0) ||
            (u[i] == ' ' && (u[i + 1] == ' ' || !u[i + 1])))
            return true;
    return false;
}

/* See gazetteer.h: one probe of the bits of the beginnings. */
bool
lex_gazetteer_begins_name(const lex_gazetteer_t *g, const char *words)
{
    const query_words_t *w = ready_begins(g);
    if (!w || !*words || odd_spacing(words))
        return true;
    char buf[256], *heap;
    size_t len;
    const char *norm = normalised_words(words, buf, sizeof buf, &heap, &len);
    bool may = !norm || begin_bit(w, norm, len, false);
    free(heap);
    return may;
}

/* Collects the ids of the agencies whose roles have the role's bit. */
size_t
lex_gazetteer_role_agencies(const lex_gazetteer_t *g, const char *role,
                            const char ***ids_out)
{
    size_t r = role_index(role, true), n = 0;
    const char **ids = NULL;
    g = r < N_ROLES ? ready(g) : NULL;
    for (size_t i = 0; g && i < g->n_ents; i++)
        if ((g->ents[i].roles & (UINT32_C(1) << r)) &&
            !add_id(g, i, &ids, &n)) {
            free(ids);
            n = 0;
            ids = NULL;
            break;
        }
    *ids_out = ids;
    return n;
}

/* Calls fn on each Chinese word of the list words; false when it does. */
static bool
each_chinese_word(const char *words, bool (*fn)(const char *name, void *arg),
                  void *arg)
{
    char word[128];
    for (const char *p = words; *p;) {
        const char *bar = strchr(p, '|');
        size_t n = bar ? (size_t)(bar - p) : strlen(p);
        if ((unsigned char)*p >= 0x80 && n < sizeof word) {
            memcpy(word, p, n);
            word[n] = '\0';
            if (!fn(word, arg))
                return false;
        }
        p += n + (bar != NULL);
    }
    return true;
}

/* Walks the keys, which hold the normalised spellings, then the Chinese
   words of the roles. */
bool
lex_gazetteer_each_chinese(const lex_gazetteer_t *g,
                           bool (*fn)(const char *name, void *arg), void *arg)
{
    if (!(g = ready(g)))
        return true;
    for (size_t i = 0; i < g->n_keys; i++)
        if (g->keys[i].type == KEY_CHINESE && !fn(g->keys[i].norm, arg))
            return false;
    for (size_t r = 0; r < N_ROLES; r++)
        if (role_used(g, r) && !each_chinese_word(ROLES[r].words, fn, arg))
            return false;
    return true;
}

/* Counts by scanning: the gazetteer holds a few hundred entities. */
size_t
lex_gazetteer_count(const lex_gazetteer_t *g, lex_entity_kind_t kind)
{
    size_t n = 0;
    g = ready(g);
    for (size_t i = 0; g && i < g->n_ents; i++)
        n += g->ents[i].kind == kind;
    return n;
}

static void free_deferred(struct deferred *d);

/* Frees the texts, the arrays, the tables and the trie. */
void
lex_gazetteer_free(lex_gazetteer_t *g)
{
    if (!g)
        return;
    if (g->deferred) {
        free_deferred(g->deferred);
        free(g);
        return;
    }
    free(g->text[0]);
    free(g->text[1]);
    free(g->ents);
    free(g->aliases);
    free(g->keys);
    free(g->arena[0]);
    free(g->arena[1]);
    lex_table_free(&g->by_norm);
    lex_table_free(&g->by_id);
    if (g->lazy) {
        lex_trie_free(&g->lazy->trie);
        free_query_words(g->lazy->words);
        pthread_mutex_destroy(&g->lazy->lock);
        free(g->lazy);
    }
    free(g);
}

/* --- loading ----------------------------------------------------------- */

/* Reports "path:line: reason" as a parse error; returns LEX_EPARSE. */
static lex_status_t __attribute__((format(printf, 2, 3)))
bad(const src_t *src, const char *fmt, ...)
{
    char why[768];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(why, sizeof why, fmt, ap);
    va_end(ap);
    return lex_err_set(src->err, LEX_EPARSE, "%s:%u: %s", src->path, src->line,
                       why);
}

/* Reports running out of memory while reading src. */
static lex_status_t
no_memory(const src_t *src)
{
    return lex_err_set(src->err, LEX_ENOMEM, "%s: out of memory", src->path);
}

/* True for ids of upper-case ASCII letters, digits and '_', letter first. */
static bool
valid_id(const char *s)
{
    if (!(*s >= 'A' && *s <= 'Z'))
        return false;
    for (; *s; s++)
        if (!((*s >= 'A' && *s <= 'Z') || (*s >= '0' && *s <= '9') ||
              *s == '_'))
            return false;
    return true;
}

/* Checks one alias of the given type; returns a reason or NULL if good. */
static const char *
alias_problem(const char *s, size_t len, key_type_t type, unsigned classes)
{
    if (!len)
        return "empty alias";
    if (is_space((unsigned char)s[0]) || is_space((unsigned char)s[len - 1]))
        return "alias with leading or trailing space";
    if (classes & B_CTRL)
        return "control character in alias";
    if (type == KEY_ABBR && ((classes & B_HIGH) || !(classes & B_ALNUM)))
        return "abbreviation must be ASCII with a letter or digit";
    if (type == KEY_ENGLISH && !(classes & B_ALNUM))
        return "English name without ASCII letters";
    if (type == KEY_CHINESE && !(classes & B_HIGH))
        return "Chinese name is plain ASCII";
    return NULL;
}

/* Appends s, in the file's text, to the last entity's aliases. */
static bool
add_alias_text(lex_gazetteer_t *g, char *s)
{
    char **a = lex_grow(g->aliases, g->n_aliases, &g->cap_aliases, sizeof *a);
    if (!a)
        return false;
    g->aliases = a;
    a[g->n_aliases++] = s;
    g->ents[g->n_ents - 1].n_aliases++;
    return true;
}

/*
 * The entity already owning an alias that clashes with key, whose
 * normalised text's keys start at first (same normalised text, unless
 * both are abbreviations differing in case), or SIZE_MAX if none.
 */
static size_t
clash(const lex_gazetteer_t *g, uint32_t first, const gkey_t *key)
{
    for (uint32_t k = first; k != NO_NODE; k = g->keys[k].next)
        if (key->type != KEY_ABBR || g->keys[k].type != KEY_ABBR ||
            strcmp(key->exact, g->keys[k].exact) == 0)
            return g->keys[k].entity;
    return SIZE_MAX;
}

/* Files key first in the chain of its normalised text, which starts
   at slot. */
static lex_status_t
insert_key(lex_gazetteer_t *g, uint32_t *slot, gkey_t *key, const src_t *src)
{
    gkey_t *keys = lex_grow(g->keys, g->n_keys, &g->cap_keys, sizeof *keys);
    if (!keys || g->n_keys >= NO_NODE)
        return no_memory(src);
    g->keys = keys;
    key->next = *slot;
    lex_table_fill(&g->by_norm, slot, (uint32_t)g->n_keys);
    g->keys[g->n_keys++] = *key;
    return LEX_OK;
}

/* Refuses key when another alias clashes with it, else files it. */
static lex_status_t
check_and_insert(lex_gazetteer_t *g, gkey_t *key, char *s, const src_t *src)
{
    if (!lex_table_reserve(&g->by_norm))
        return no_memory(src);
    const char *norm = key->norm;
    uint32_t *slot = lex_table_slot(&g->by_norm, norm, strlen(norm));
    size_t owner = clash(g, *slot, key);
    size_t me = g->n_ents - 1;
    if (owner == me)
        return bad(src, "'%s' is listed twice", s);
    if (owner != SIZE_MAX)
        return bad(src, "'%s' is already an alias of %s (line %u)", s,
                   g->ents[owner].id, g->ents[owner].line);
    if (!add_alias_text(g, s))
        return no_memory(src);
    return insert_key(g, slot, key, src);
}

/* True when normalising s, whose byte classes are classes, changes
   more than the case of its letters. */
static bool
needs_normalising(const char *s, unsigned classes)
{
    return (classes & B_SPACE) || strstr(s, "  ") != NULL;
}

/*
 * The normalised s (len bytes, whose byte classes are classes): s itself
 * when normalising changes nothing, as for most Chinese names, else a
 * copy in the arena of the file being read, where classes_of left s
 * folded.
 */
static const char *
normalised(lex_gazetteer_t *g, lex_entity_kind_t kind, const char *s,
           size_t len, unsigned classes, bool fold)
{
    bool spaces = needs_normalising(s, classes);
    if (!spaces && !(fold && (classes & B_UPPER)))
        return s;
    char *out = g->arena[kind] + g->arena_used;
    g->arena_used += 1 + (spaces ? normalise_into(out, s, len, fold) : len);
    return out;
}

/* Adds alias s of the last entity, refusing a bad one or one another
   entity has. */
static lex_status_t
add_alias(lex_gazetteer_t *g, char *s, key_type_t type, const src_t *src)
{
    size_t me = g->n_ents - 1, len = strlen(s);
    lex_entity_kind_t kind = g->ents[me].kind;
    unsigned classes = classes_of(s, len, g->arena[kind] + g->arena_used);
    const char *why = alias_problem(s, len, type, classes);
    if (why)
        return bad(src, "%s: '%s'", why, s);
    gkey_t key = {normalised(g, kind, s, len, classes, true), NULL, type, me,
                  NO_NODE};
    if (type == KEY_ABBR) /* case kept: a copy only if spaces change */
        key.exact = normalised(g, kind, s, len, classes, false);
    return check_and_insert(g, &key, s, src);
}

/* Adds the '|'-separated aliases in col ("-" for none); counts them. */
static lex_status_t
add_aliases(lex_gazetteer_t *g, char *col, key_type_t type, const src_t *src,
            size_t *count)
{
    *count = 0;
    if (!strcmp(col, "-"))
        return LEX_OK;
    for (char *p = col;; p++) {
        char *bar = strchr(p, '|');
        if (bar)
            *bar = '\0';
        lex_status_t st = add_alias(g, p, type, src);
        if (st != LEX_OK)
            return st;
        ++*count;
        if (!bar)
            return LEX_OK;
        p = bar;
    }
}

/* Splits line at TABs into at most MAX_COLS columns; returns the count. */
static size_t
split_cols(char *line, char **cols)
{
    size_t n = 0, pos = 0, len = strlen(line), flen;
    const char *field;
    while (lex_tsv_next(line, len, &pos, &field, &flen)) {
        char *col = line + (field - line);
        col[flen] = '\0';
        if (n < MAX_COLS)
            cols[n] = col;
        n++;
    }
    return n;
}

/* Starts a new entity with the given id and parent column. */
static lex_status_t
new_entity(lex_gazetteer_t *g, lex_entity_kind_t kind, char *id, char *parent,
           const src_t *src)
{
    if (!valid_id(id))
        return bad(src, "bad id '%s' (want upper-case A-Z, 0-9, _)", id);
    if (!lex_table_reserve(&g->by_id))
        return no_memory(src);
    uint32_t *slot = lex_table_slot(&g->by_id, id, strlen(id));
    if (*slot != NO_NODE)
        return bad(src, "id %s already used on line %u", id,
                   g->ents[*slot].line);
    entity_t *ents = lex_grow(g->ents, g->n_ents, &g->cap_ents, sizeof *ents);
    if (!ents || g->n_ents >= NO_NODE)
        return no_memory(src);
    g->ents = ents;
    lex_table_fill(&g->by_id, slot, (uint32_t)g->n_ents);
    ents[g->n_ents++] =
        (entity_t){id,           parent && strcmp(parent, "-") ? parent : NULL,
                   kind,         src->line,
                   g->n_aliases, 0,
                   {0, 0, 0},    0};
    return LEX_OK;
}

/*
 * Reads the roles column of the last agency: ','-separated role names
 * from ROLES, or '-' for none.
 */
static lex_status_t
add_roles(lex_gazetteer_t *g, char *col, const src_t *src)
{
    entity_t *e = &g->ents[g->n_ents - 1];
    if (!strcmp(col, "-"))
        return LEX_OK;
    for (char *p = col;; p++) {
        char *comma = strchr(p, ',');
        if (comma)
            *comma = '\0';
        size_t r = 0;
        while (r < N_ROLES && strcmp(p, ROLES[r].name))
            r++;
        if (r == N_ROLES)
            return bad(src,
                       "unknown role '%s' (want police, courts, "
                       "procuratorates, financial, telecom, market, "
                       "standards, cyberspace, data, legislature, consumer "
                       "or health)",
                       p);
        if (e->roles & (UINT32_C(1) << r))
            return bad(src, "role '%s' is listed twice", p);
        e->roles |= UINT32_C(1) << r;
        if (!comma)
            return LEX_OK;
        p = comma;
    }
}

/* True for the levels an agency may have. */
static bool
valid_level(const char *s)
{
    return !strcmp(s, "national") || !strcmp(s, "provincial") ||
           !strcmp(s, "municipal") || !strcmp(s, "district");
}

/* Parses one line of either file (agencies have seven columns, laws
   four). */
static lex_status_t
parse_line(lex_gazetteer_t *g, lex_entity_kind_t kind, char *line,
           const src_t *src)
{
    char *cols[MAX_COLS];
    size_t want = kind == LEX_ENTITY_AGENCY ? 7 : 4;
    size_t names_at = kind == LEX_ENTITY_AGENCY ? 3 : 1;
    size_t n = split_cols(line, cols);
    if (n != want)
        return bad(src, "%zu TAB-separated columns, want %zu", n, want);
    if (kind == LEX_ENTITY_AGENCY && !valid_level(cols[1]))
        return bad(src,
                   "bad level '%s' (want national, provincial, "
                   "municipal or district)",
                   cols[1]);
    lex_status_t st = new_entity(
        g, kind, cols[0], kind == LEX_ENTITY_AGENCY ? cols[2] : NULL, src);
    size_t names[3] = {0, 0, 0};
    for (size_t c = 0; c < 3 && st == LEX_OK; c++)
        st = add_aliases(g, cols[names_at + c], (key_type_t)c, src, &names[c]);
    if (st == LEX_OK && names[KEY_ENGLISH] + names[KEY_CHINESE] == 0)
        st = bad(src, "%s has no English or Chinese name", cols[0]);
    if (st == LEX_OK)
        memcpy(g->ents[g->n_ents - 1].n_names, names, sizeof names);
    if (st == LEX_OK && kind == LEX_ENTITY_AGENCY)
        st = add_roles(g, cols[6], src);
    return st;
}

/* Checks that agencies first..last-1 have known, acyclic parents. */
static lex_status_t
check_parents(const lex_gazetteer_t *g, size_t first, src_t *src)
{
    for (size_t i = first; i < g->n_ents; i++) {
        const entity_t *e = &g->ents[i];
        src->line = e->line;
        const entity_t *p = e->parent ? find_entity(g, e->parent) : NULL;
        if (e->parent && (!p || p->kind != LEX_ENTITY_AGENCY))
            return bad(src, "unknown parent '%s'", e->parent);
        for (size_t steps = 0; p; steps++) {
            if (p == e || steps > g->n_ents)
                return bad(src, "%s is its own ancestor", e->id);
            p = p->parent ? find_entity(g, p->parent) : NULL;
        }
    }
    return LEX_OK;
}

/* Checks the whole file is UTF-8; reports the line of the first bad byte. */
static lex_status_t
check_utf8(const char *data, size_t len, src_t *src)
{
    size_t at;
    if (lex_utf8_valid(data, len, &at))
        return LEX_OK;
    src->line = lex_line_at(data, at);
    return lex_err_set(src->err, LEX_EENCODING, "%s:%u: invalid UTF-8",
                       src->path, src->line);
}

/* Parses one file's text (data, len bytes, NUL-terminated, which g now
   owns), line by line, into g. */
static lex_status_t
parse_file(lex_gazetteer_t *g, const char *path, lex_entity_kind_t kind,
           char *data, size_t len, lex_err_t *err)
{
    src_t src = {path, 0, err};
    lex_status_t st;
    g->text[kind] = data; /* the entities' strings point into it */
    /* each alias is followed by a byte of its own ('|', TAB, newline or
       the NUL), so its normalised texts (folded, and exact for an
       abbreviation) take at most twice the file */
    g->arena[kind] = malloc(2 * (len + 1));
    g->arena_used = 0;
    if (!g->arena[kind])
        return no_memory(&src);
    st = check_utf8(data, len, &src);
    size_t first = g->n_ents;
    for (char *line = data; st == LEX_OK && line && *line;) {
        char *nl = strchr(line, '\n');
        if (nl)
            *nl = '\0';
        size_t n = strlen(line);
        if (n > 0 && line[n - 1] == '\r')
            line[--n] = '\0';
        src.line++;
        if (n > 0 && line[0] != '#')
            st = parse_line(g, kind, line, &src);
        line = nl ? nl + 1 : NULL;
    }
    if (st == LEX_OK && kind == LEX_ENTITY_AGENCY)
        st = check_parents(g, first, &src);
    return st;
}

/* An empty gazetteer: its tables, its trie still to build. */
static lex_gazetteer_t *
new_gazetteer(void)
{
    lex_gazetteer_t *g = calloc(1, sizeof *g);
    if (!g)
        return NULL;
    g->lazy = calloc(1, sizeof *g->lazy);
    if (g->lazy) {
        lex_trie_init(&g->lazy->trie);
        atomic_init(&g->lazy->state, TRIE_NONE);
        atomic_init(&g->lazy->words_state, TRIE_NONE);
        atomic_init(&g->lazy->begins_state, TRIE_NONE);
        pthread_mutex_init(&g->lazy->lock, NULL);
    }
    /* room for the files lexsearch ships (about 200 entities, 700
       aliases) without growing, which copies */
    g->ents = malloc((g->cap_ents = 256) * sizeof *g->ents);
    g->aliases = malloc((g->cap_aliases = 1024) * sizeof *g->aliases);
    g->keys = malloc((g->cap_keys = 1024) * sizeof *g->keys);
    if (!g->lazy || !g->ents || !g->aliases || !g->keys ||
        !lex_table_init(&g->by_norm, 11, norm_of_key, g) ||
        !lex_table_init(&g->by_id, 9, id_of_entity, g)) {
        lex_gazetteer_free(g);
        return NULL;
    }
    return g;
}

/*
 * A new gazetteer of agencies.tsv and laws.tsv (path[0] and path[1]),
 * agencies first, so that parents are checked before laws are read:
 * each parsed from text[k] (len[k] bytes, NUL-terminated), which the
 * gazetteer takes (text[k] NULL from then on), or where text[k] is
 * NULL, read from path[k] first.  The one loop over the files of both
 * lex_gazetteer_load and a deferred gazetteer's first need.
 */
static lex_status_t
gazetteer_of(const char *const path[2], char *text[2], const size_t len[2],
             lex_gazetteer_t **out, lex_err_t *err)
{
    lex_gazetteer_t *g = new_gazetteer();
    lex_status_t st =
        g ? LEX_OK : lex_err_set(err, LEX_ENOMEM, "gazetteer: out of memory");
    *out = NULL;
    for (int k = 0; k < 2 && st == LEX_OK; k++) {
        char *data = text[k];
        size_t n = len[k];
        text[k] = NULL; /* g owns it from now */
        if (!data)
            st = lex_read_file(path[k], MAX_GAZ_BYTES, &data, &n, err);
        if (st == LEX_OK)
            st = parse_file(g, path[k], (lex_entity_kind_t)k, data, n, err);
    }
    if (st != LEX_OK) {
        lex_gazetteer_free(g);
        return st;
    }
    *out = g;
    return LEX_OK;
}

/* Reads both files now (gazetteer_of). */
lex_status_t
lex_gazetteer_load(const char *agencies_path, const char *laws_path,
                   lex_gazetteer_t **out, lex_err_t *err)
{
    const char *const path[2] = {agencies_path, laws_path};
    char *text[2] = {NULL, NULL};
    const size_t len[2] = {0, 0};
    return gazetteer_of(path, text, len, out, err);
}

/* --- deferred loading (lex_gazetteer_open) ------------------------------ */

/*
 * DEFER_SPOILT: parsed because the text searches had cost enough
 * (SEARCHES_PER_PARSE), and the parse failed, which no query has needed to know
 * yet: lookups go on searching the text, and the first one that needs
 * the files makes it DEFER_FAILED, as if it had parsed them itself.
 */
enum { DEFER_NONE, DEFER_READ, DEFER_LOADED, DEFER_SPOILT, DEFER_FAILED };

/*
 * How many times its files' bytes the text searches of could_name may
 * read before the files are parsed: a parse costs about 28 instructions
 * a byte, a search of the folded text about 1.4 (callgrind, Release), so
 * 48 searches cost about two parses.  A query of up to 8 words (36 runs
 * of words looked up) stays below that and never parses; a longer one
 * pays for about three parses at most, where it searched the files for
 * each of its runs.
 */
#define SEARCHES_PER_PARSE 48

/*
 * A gazetteer whose files are read on first need and parsed on the
 * first need that could_name cannot answer alone, or once its searches
 * of the text have read about twice what a parse costs
 * (SEARCHES_PER_PARSE), so that a long query does not search them for
 * each of its runs of words.  The state only moves
 * forward, under the lock.
 */
struct deferred {
    pthread_mutex_t lock;
    int state;           /* DEFER_* */
    char *path[2];       /* agencies.tsv and laws.tsv */
    size_t len[2];       /* their lengths */
    char *folded[2];     /* their text with ASCII letters in lower case */
    size_t searched;     /* bytes of folded the searches have read */
    lex_gazetteer_t *g;  /* DEFER_LOADED: the gazetteer */
    lex_status_t status; /* DEFER_FAILED: why, for lex_gazetteer_status */
    lex_err_t err;
};

/* Frees what d holds, whatever its state. */
static void
free_deferred(struct deferred *d)
{
    for (int k = 0; k < 2; k++) {
        free(d->path[k]);
        free(d->folded[k]);
    }
    lex_gazetteer_free(d->g);
    pthread_mutex_destroy(&d->lock);
    free(d);
}

/* Copies s[0..n) to out with ASCII letters in lower case: a loop
   without branches, which the compiler can vectorise. */
static void
fold_ascii(char *out, const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        out[i] = (char)(c + 32 * ((unsigned char)(c - 'A') < 26u));
    }
}

/*
 * Reads both files, each folded in place: the searches of could_name
 * need only the folded text, and most queries name no entity, so no
 * copy of the files as written is kept (parse_texts reads them again).
 * DEFER_READ or DEFER_FAILED.
 */
static void
read_texts(struct deferred *d)
{
    d->state = DEFER_READ;
    for (int k = 0; k < 2 && d->state == DEFER_READ; k++) {
        d->status = lex_read_file(d->path[k], MAX_GAZ_BYTES, &d->folded[k],
                                  &d->len[k], &d->err);
        if (d->status != LEX_OK)
            d->state = DEFER_FAILED;
        else
            fold_ascii(d->folded[k], d->folded[k], d->len[k] + 1);
    }
}

/* Parses the files, read again as written (read_texts kept them
   folded), as lex_gazetteer_load would have read them. */
static void
parse_texts(struct deferred *d)
{
    const char *const path[2] = {d->path[0], d->path[1]};
    char *text[2] = {NULL, NULL};
    const size_t len[2] = {0, 0};
    d->status = gazetteer_of(path, text, len, &d->g, &d->err);
    d->state = d->status == LEX_OK ? DEFER_LOADED : DEFER_FAILED;
}

/*
 * g itself, or lex_gazetteer_open's gazetteer once parsed; with load,
 * the files are read and parsed now unless they have been.  NULL while
 * they are not parsed, or when that failed.
 */
static const lex_gazetteer_t *
deferred_gazetteer(const lex_gazetteer_t *g, bool load)
{
    struct deferred *d = g->deferred;
    if (!d)
        return g;
    pthread_mutex_lock(&d->lock);
    if (load && d->state == DEFER_NONE)
        read_texts(d);
    if (load && d->state == DEFER_READ)
        parse_texts(d);
    if (load && d->state == DEFER_SPOILT)
        d->state = DEFER_FAILED;
    const lex_gazetteer_t *loaded = d->state == DEFER_LOADED ? d->g : NULL;
    pthread_mutex_unlock(&d->lock);
    return loaded;
}

/* g, its files parsed now if they are not yet (NULL if that failed). */
static const lex_gazetteer_t *
ready(const lex_gazetteer_t *g)
{
    return deferred_gazetteer(g, true);
}

/* g as parsed so far: unlike ready, it never reads or parses the files. */
static const lex_gazetteer_t *
parsed(const lex_gazetteer_t *g)
{
    return deferred_gazetteer(g, false);
}

/* The length of the separator at s[i] (of n bytes), or 0: the bytes
   that normalising may turn into others (white space, U+00A0, U+2018,
   U+2019) and the apostrophe they may turn into. */
static size_t
separator_at(const unsigned char *s, size_t i, size_t n)
{
    if (is_space(s[i]) || s[i] == '\'')
        return 1;
    if (s[i] == 0xC2 && i + 1 < n && s[i + 1] == 0xA0)
        return 2;
    if (s[i] == 0xE2 && i + 2 < n && s[i + 1] == 0x80 &&
        (s[i + 2] == 0x98 || s[i + 2] == 0x99))
        return 3;
    return 0;
}

/* True when c may end an alias in the files: the end of a column, of an
   alias in a '|' list, of a line or of the text. */
static bool
ends_alias(char c)
{
    return c == '\t' || c == '|' || c == '\n' || c == '\r' || c == '\0';
}

/* An alias being looked up, folded, as runs of bytes between separators. */
typedef struct {
    const char *folded; /* the alias with its ASCII letters in lower case */
    size_t len;
    size_t (*runs)[2]; /* start and end of each run */
    size_t n_runs;
} runs_t;

/*
 * True when the runs of a (from the second on) follow p in a file's
 * folded text, each after one or more separators, and when a ends with
 * its last run, the end of an alias follows.
 */
static bool
rest_follows(const runs_t *a, const char *p)
{
    const unsigned char *u = (const unsigned char *)p;
    size_t at = a->runs[0][1] - a->runs[0][0];
    for (size_t r = 1; r < a->n_runs; r++) {
        size_t n = a->runs[r][1] - a->runs[r][0];
        size_t sep = separator_at(u, at, SIZE_MAX);
        if (!sep)
            return false;
        for (; sep; sep = separator_at(u, at, SIZE_MAX))
            at += sep;
        if (strncmp(p + at, a->folded + a->runs[r][0], n) != 0)
            return false;
        at += n;
    }
    return a->runs[a->n_runs - 1][1] < a->len || ends_alias(p[at]);
}

/*
 * True when p, in text, is in a column of aliases of a file of kind:
 * abbreviations, English and Chinese names, the fourth to sixth columns
 * of agencies.tsv and the second to fourth of laws.tsv.  Adds the bytes
 * it reads back to the line's start to *searched.
 */
static bool
in_alias_column(const char *text, const char *p, lex_entity_kind_t kind,
                size_t *searched)
{
    size_t tabs = 0;
    const char *at = p;
    while (p > text && p[-1] != '\n')
        tabs += *--p == '\t';
    *searched += (size_t)(at - p);
    return kind == LEX_ENTITY_AGENCY ? tabs >= 3 && tabs <= 5
                                     : tabs >= 1 && tabs <= 3;
}

/*
 * True when the text of the file of kind (len bytes) holds the runs of a
 * in order, separated as rest_follows says, the first at the start of an
 * alias (a column of aliases, after a TAB or a '|') when a starts with
 * it.  Adds about how many bytes of text it read to *searched.
 */
static bool
runs_in_text(const runs_t *a, const char *text, size_t len,
             lex_entity_kind_t kind, size_t *searched)
{
    char first[256];
    size_t n = a->runs[0][1] - a->runs[0][0];
    if (n >= sizeof first)
        return true; /* longer than any alias word: loading will tell */
    memcpy(first, a->folded + a->runs[0][0], n);
    first[n] = '\0';
    bool at_start = a->runs[0][0] == 0;
    for (const char *p = text; (p = strstr(p, first)) != NULL; p++)
        if ((!at_start || (p > text && (p[-1] == '\t' || p[-1] == '|') &&
                           in_alias_column(text, p, kind, searched))) &&
            rest_follows(a, p)) {
            *searched += (size_t)(p - text);
            return true;
        }
    *searched += len;
    return false;
}

/*
 * False when alias[0..len) cannot be the spelling of any entity: its
 * runs of bytes between separators (white space, U+00A0, apostrophes)
 * are not, case aside, in one alias of either file, in order, with
 * separators between them (and the first at the start of an alias in a
 * column of aliases).  Normalising changes only separators and
 * case, and an alias stands alone in its column or '|' list, so a name
 * that matches is in the file's text in that form.
 */
static bool
runs_in_files(struct deferred *d, const char *alias, size_t len)
{
    const unsigned char *u = (const unsigned char *)alias;
    char *folded = malloc(len + 1);
    runs_t a = {folded, len, malloc((len / 2 + 1) * sizeof *a.runs), 0};
    bool could = true; /* without memory, loading will tell */
    if (folded && a.runs) {
        fold_ascii(folded, alias, len);
        folded[len] = '\0';
        for (size_t i = 0, sep = 0; i < len; i += sep) {
            size_t start = i;
            while (i < len && !(sep = separator_at(u, i, len)))
                i++;
            if (i > start) {
                a.runs[a.n_runs][0] = start;
                a.runs[a.n_runs++][1] = i;
            }
        }
        could = a.n_runs == 0 ||
                runs_in_text(&a, d->folded[0], d->len[0], LEX_ENTITY_AGENCY,
                             &d->searched) ||
                runs_in_text(&a, d->folded[1], d->len[1], LEX_ENTITY_LAW,
                             &d->searched);
    }
    free(folded);
    free(a.runs);
    return could;
}

/*
 * Parses d's texts once its searches have read SEARCHES_PER_PARSE times
 * their bytes;
 * a failure then is kept from lex_gazetteer_status (DEFER_SPOILT) until
 * a query needs the files.
 */
static void
parse_when_searches_cost_more(struct deferred *d)
{
    if (d->state != DEFER_READ ||
        d->searched / SEARCHES_PER_PARSE <= d->len[0] + d->len[1])
        return;
    parse_texts(d);
    if (d->state == DEFER_FAILED)
        d->state = DEFER_SPOILT;
}

/*
 * True unless g is lex_gazetteer_open's, not parsed yet, and the text of
 * its files shows that alias (len bytes) names no entity: lexsearch then
 * looks a word up without parsing the files, until the searches have
 * cost about two parses.
 */
static bool
could_name(const lex_gazetteer_t *g, const char *alias, size_t len)
{
    struct deferred *d = g->deferred;
    if (!d)
        return true;
    pthread_mutex_lock(&d->lock);
    if (d->state == DEFER_NONE)
        read_texts(d);
    parse_when_searches_cost_more(d);
    bool could = d->state == DEFER_LOADED ||
                 ((d->state == DEFER_READ || d->state == DEFER_SPOILT) &&
                  runs_in_files(d, alias, len));
    pthread_mutex_unlock(&d->lock);
    return could;
}

/* Keeps copies of the paths; reads nothing yet. */
lex_status_t
lex_gazetteer_open(const char *agencies_path, const char *laws_path,
                   lex_gazetteer_t **out, lex_err_t *err)
{
    lex_gazetteer_t *g = calloc(1, sizeof *g);
    struct deferred *d = calloc(1, sizeof *d);
    *out = NULL;
    if (d)
        pthread_mutex_init(&d->lock, NULL);
    if (!g || !d || !(d->path[0] = strdup(agencies_path)) ||
        !(d->path[1] = strdup(laws_path))) {
        free(g);
        if (d)
            free_deferred(d);
        return lex_err_set(err, LEX_ENOMEM, "gazetteer: out of memory");
    }
    d->state = DEFER_NONE;
    g->deferred = d;
    *out = g;
    return LEX_OK;
}

/* See gazetteer.h. */
lex_status_t
lex_gazetteer_status(const lex_gazetteer_t *g, lex_err_t *err)
{
    struct deferred *d = g->deferred;
    lex_status_t st = LEX_OK;
    if (!d)
        return LEX_OK;
    pthread_mutex_lock(&d->lock);
    if (d->state == DEFER_FAILED) {
        st = d->status;
        *err = d->err;
    }
    pthread_mutex_unlock(&d->lock);
    return st;
}
