/*
 * gazetteer.c - loading the agency and law gazetteer and finding its
 * entities in text.
 *
 * Every alias is normalised (ASCII folded to lower case, white-space runs
 * made one space, curly apostrophes made straight) and put in one byte
 * trie.  Tagging walks the trie from each word start (and each character
 * of non-ASCII text), normalising the text on the fly, and keeps the
 * longest alias that also passes its own checks: case for abbreviations,
 * a word boundary after ASCII aliases.  The cost per position is the
 * length of the longest common prefix with some alias, usually one byte.
 */
#include "gazetteer.h"

#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "fileio.h"
#include "trie.h"
#include "tsv.h"
#include "utf8.h"

#define MAX_GAZ_BYTES (4u << 20)
#define NO_NODE UINT32_MAX
#define MAX_COLS 7

typedef enum { KEY_ABBR, KEY_ENGLISH, KEY_CHINESE } key_type_t;

typedef struct {
    char *id;
    char *parent; /* NULL for none */
    lex_entity_kind_t kind;
    unsigned line;
    char **aliases; /* as written in the file */
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
    char *norm;  /* normalised, folded */
    char *exact; /* normalised, case kept (abbreviations only) */
    key_type_t type;
    size_t entity;
    uint32_t next; /* next key ending at the same trie node */
} gkey_t;

struct lex_gazetteer {
    entity_t *ents;
    size_t n_ents, cap_ents;
    gkey_t *keys;
    size_t n_keys, cap_keys;
    lex_trie_t trie; /* a node's value: its first key, NO_NODE for none */
};

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

/* Returns the normalised, heap-allocated copy of s (NULL if no memory). */
static char *
normalise(const char *s, bool fold)
{
    char *out = malloc(strlen(s) + 1);
    size_t o = 0;
    char c;
    if (!out)
        return NULL;
    for (size_t i = 0, n; (n = lex_gazetteer_norm_step(s, i, fold, &c)) != 0;
         i += n)
        out[o++] = c;
    out[o] = '\0';
    return out;
}

/*
 * True when a Chinese name ending in 部 (ministry) is followed by 门:
 * "公安部门" means public security departments, not the Ministry.
 */
static bool
department_not_ministry(const gkey_t *k, const char *text, size_t end)
{
    size_t len = strlen(k->norm);
    return k->type == KEY_CHINESE && len >= 3 &&
           !strcmp(k->norm + len - 3, "\xE9\x83\xA8") &&
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
    size_t len = strlen(k->norm);
    if (is_alnum((unsigned char)k->norm[len - 1]) &&
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
 * Length in bytes of the longest alias of an entity of kind found at
 * text[start] (0 if none); stores that entity's index in *ent.
 */
static size_t
longest_at(const lex_gazetteer_t *g, lex_entity_kind_t kind, const char *text,
           size_t start, size_t *ent)
{
    size_t best = 0, i = start, n;
    uint32_t node = NO_NODE;
    char c;
    while ((n = lex_gazetteer_norm_step(text, i, true, &c)) != 0) {
        node = lex_trie_child(&g->trie, node, (unsigned char)c);
        if (node == NO_NODE)
            break;
        i += n;
        for (uint32_t k = g->trie.nodes[node].value; k != NO_NODE;
             k = g->keys[k].next) {
            const gkey_t *key = &g->keys[k];
            if (g->ents[key->entity].kind == kind &&
                key_fits(key, text, start, i)) {
                best = i - start;
                *ent = key->entity;
            }
        }
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
    for (size_t i = 0; text[i];) {
        size_t e = 0;
        size_t len = may_start(text, i) ? longest_at(g, kind, text, i, &e) : 0;
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

/* An alias is the whole string when its longest match spans it all. */
size_t
lex_gazetteer_lookup(const lex_gazetteer_t *g, const char *alias,
                     lex_entity_kind_t *kind, const char **id)
{
    while (is_space((unsigned char)*alias))
        alias++;
    size_t len = strlen(alias);
    while (len > 0 && is_space((unsigned char)alias[len - 1]))
        len--;
    for (int k = LEX_ENTITY_AGENCY; k <= LEX_ENTITY_LAW; k++) {
        size_t e = 0;
        if (len && longest_at(g, (lex_entity_kind_t)k, alias, 0, &e) == len) {
            if (kind)
                *kind = (lex_entity_kind_t)k;
            *id = g->ents[e].id;
            return 1;
        }
    }
    return 0;
}

/* The entity with the given id, or NULL. */
static const entity_t *
find_entity(const lex_gazetteer_t *g, const char *id)
{
    for (size_t i = 0; i < g->n_ents; i++)
        if (!strcmp(g->ents[i].id, id))
            return &g->ents[i];
    return NULL;
}

/* Counts through the entities, which are kept in file order. */
const char *
lex_gazetteer_id_at(const lex_gazetteer_t *g, lex_entity_kind_t kind, size_t i)
{
    for (size_t e = 0; e < g->n_ents; e++)
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
    *out = e->aliases + skip;
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
    for (size_t i = 0; i < e->n_aliases; i++)
        (*out)[i] = e->aliases[i];
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
    char *norm = normalise(words, true);
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
    for (size_t i = 0; i < g->n_ents; i++)
        if (g->ents[i].roles & (UINT32_C(1) << r))
            return true;
    return false;
}

/* See gazetteer.h: the words of a role some agency has. */
const char *
lex_gazetteer_role_named(const lex_gazetteer_t *g, const char *words)
{
    size_t r = role_index(words, false);
    return r < N_ROLES && role_used(g, r) ? ROLES[r].name : NULL;
}

/* Collects the ids of the agencies whose roles have the role's bit. */
size_t
lex_gazetteer_role_agencies(const lex_gazetteer_t *g, const char *role,
                            const char ***ids_out)
{
    size_t r = role_index(role, true), n = 0;
    const char **ids = NULL;
    for (size_t i = 0; r < N_ROLES && i < g->n_ents; i++)
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
    for (size_t i = 0; i < g->n_ents; i++)
        n += g->ents[i].kind == kind;
    return n;
}

/* Frees every string, the arrays and the trie. */
void
lex_gazetteer_free(lex_gazetteer_t *g)
{
    if (!g)
        return;
    for (size_t i = 0; i < g->n_ents; i++) {
        free(g->ents[i].id);
        free(g->ents[i].parent);
        lex_strings_free(g->ents[i].aliases, g->ents[i].n_aliases);
    }
    for (size_t i = 0; i < g->n_keys; i++) {
        free(g->keys[i].norm);
        free(g->keys[i].exact);
    }
    free(g->ents);
    free(g->keys);
    lex_trie_free(&g->trie);
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
alias_problem(const char *s, key_type_t type)
{
    size_t len = strlen(s);
    bool ascii = true, alnum = false;
    if (!len)
        return "empty alias";
    if (is_space((unsigned char)s[0]) || is_space((unsigned char)s[len - 1]))
        return "alias with leading or trailing space";
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        if (*p < 0x20 || *p == 0x7F)
            return "control character in alias";
        ascii = ascii && *p < 0x80;
        alnum = alnum || is_alnum(*p);
    }
    if (type == KEY_ABBR && !(ascii && alnum))
        return "abbreviation must be ASCII with a letter or digit";
    if (type == KEY_ENGLISH && !alnum)
        return "English name without ASCII letters";
    if (type == KEY_CHINESE && ascii)
        return "Chinese name is plain ASCII";
    return NULL;
}

/* Appends a copy of s to entity e's aliases. */
static bool
add_alias_text(entity_t *e, const char *s)
{
    return lex_strings_add(&e->aliases, &e->n_aliases, s, strlen(s));
}

/*
 * The entity already owning an alias that clashes with key, filed at
 * trie node (same normalised text, unless both are abbreviations
 * differing in case), or SIZE_MAX if none.
 */
static size_t
clash(const lex_gazetteer_t *g, uint32_t node, const gkey_t *key)
{
    for (uint32_t k = g->trie.nodes[node].value; k != NO_NODE;
         k = g->keys[k].next)
        if (key->type != KEY_ABBR || g->keys[k].type != KEY_ABBR ||
            !strcmp(key->exact, g->keys[k].exact))
            return g->keys[k].entity;
    return SIZE_MAX;
}

/*
 * Files the key (its strings now owned by g) under trie node, which
 * spells its normalised text.
 */
static lex_status_t
insert_key(lex_gazetteer_t *g, uint32_t node, gkey_t *key, const src_t *src)
{
    gkey_t *keys = lex_grow(g->keys, g->n_keys, &g->cap_keys, sizeof *keys);
    if (!keys) {
        free(key->norm);
        free(key->exact);
        return no_memory(src);
    }
    g->keys = keys;
    key->next = g->trie.nodes[node].value;
    g->trie.nodes[node].value = (uint32_t)g->n_keys;
    g->keys[g->n_keys++] = *key;
    return LEX_OK;
}

/*
 * Refuses key when another alias clashes with it, else files it: one
 * walk of the trie for both, which makes the key's node whether or not
 * it is filed (a refused key fails the whole load, trie and all).
 */
static lex_status_t
check_and_insert(lex_gazetteer_t *g, gkey_t *key, const char *s,
                 const src_t *src)
{
    uint32_t node = lex_trie_node(&g->trie, key->norm, true);
    size_t owner = node == NO_NODE ? SIZE_MAX : clash(g, node, key);
    size_t me = g->n_ents - 1;
    if (node == NO_NODE || owner != SIZE_MAX) {
        free(key->norm);
        free(key->exact);
    }
    if (node == NO_NODE)
        return no_memory(src);
    if (owner == me)
        return bad(src, "'%s' is listed twice", s);
    if (owner != SIZE_MAX)
        return bad(src, "'%s' is already an alias of %s (line %u)", s,
                   g->ents[owner].id, g->ents[owner].line);
    if (!add_alias_text(&g->ents[me], s)) {
        free(key->norm);
        free(key->exact);
        return no_memory(src);
    }
    return insert_key(g, node, key, src);
}

/* Adds alias s of the last entity, refusing one another entity has. */
static lex_status_t
add_alias(lex_gazetteer_t *g, const char *s, key_type_t type, const src_t *src)
{
    size_t me = g->n_ents - 1;
    const char *why = alias_problem(s, type);
    if (why)
        return bad(src, "%s: '%s'", why, s);
    gkey_t key = {normalise(s, true), NULL, type, me, NO_NODE};
    if (type == KEY_ABBR)
        key.exact = normalise(s, false);
    if (!key.norm || (type == KEY_ABBR && !key.exact)) {
        free(key.norm);
        free(key.exact);
        return no_memory(src);
    }
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
new_entity(lex_gazetteer_t *g, lex_entity_kind_t kind, const char *id,
           const char *parent, const src_t *src)
{
    if (!valid_id(id))
        return bad(src, "bad id '%s' (want upper-case A-Z, 0-9, _)", id);
    const entity_t *old = find_entity(g, id);
    if (old)
        return bad(src, "id %s already used on line %u", id, old->line);
    entity_t *ents = lex_grow(g->ents, g->n_ents, &g->cap_ents, sizeof *ents);
    if (!ents)
        return no_memory(src);
    g->ents = ents;
    entity_t *e = &ents[g->n_ents++];
    *e = (entity_t){strdup(id), NULL, kind, src->line, NULL, 0, {0, 0, 0}, 0};
    if (parent && strcmp(parent, "-"))
        e->parent = strdup(parent);
    if (!e->id || (parent && strcmp(parent, "-") && !e->parent))
        return no_memory(src);
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

/* Reads one file, line by line, into g. */
static lex_status_t
load_file(lex_gazetteer_t *g, const char *path, lex_entity_kind_t kind,
          lex_err_t *err)
{
    char *data;
    size_t len;
    src_t src = {path, 0, err};
    lex_status_t st = lex_read_file(path, MAX_GAZ_BYTES, &data, &len, err);
    if (st == LEX_OK)
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
    free(data);
    return st;
}

/* Agencies first, so that parents are checked before laws are read. */
lex_status_t
lex_gazetteer_load(const char *agencies_path, const char *laws_path,
                   lex_gazetteer_t **out, lex_err_t *err)
{
    *out = NULL;
    lex_gazetteer_t *g = calloc(1, sizeof *g);
    if (!g)
        return lex_err_set(err, LEX_ENOMEM, "gazetteer: out of memory");
    lex_trie_init(&g->trie);
    lex_status_t st = load_file(g, agencies_path, LEX_ENTITY_AGENCY, err);
    if (st == LEX_OK)
        st = load_file(g, laws_path, LEX_ENTITY_LAW, err);
    if (st != LEX_OK) {
        lex_gazetteer_free(g);
        return st;
    }
    *out = g;
    return LEX_OK;
}
