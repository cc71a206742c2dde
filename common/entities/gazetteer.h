/*
 * gazetteer.h - the gazetteer of Chinese agencies and laws.
 *
 * corpus/agencies.tsv and corpus/laws.tsv list every agency (CAC, MIIT,
 * the Beijing Internet Court, ...) and law (PIPL, CSL, ...) that lexsearch
 * knows, each under a stable upper-case id with all the spellings that
 * bulletins use: abbreviations, English names and Chinese names.  The
 * indexer tags items with the ids mentioned in them; the searcher
 * rewrites a query naming an entity into its id, and offers the
 * spellings for completion.  The file format is documented in the header
 * of each file.
 *
 * Matching rules: abbreviations are case-sensitive ("CAC", never "cac"),
 * English names are case-insensitive; both must stand at ASCII word
 * boundaries ("CAC" is not found in "CACHE").  Runs of white space in
 * the text match one space, and curly apostrophes match straight ones.
 * Chinese names match anywhere (Chinese has no word boundaries).  At
 * each position the longest alias wins ("Shanghai CA", not "CA").
 */
#ifndef LEX_GAZETTEER_H
#define LEX_GAZETTEER_H

#include <stdbool.h>
#include <stddef.h>

#include "status.h"

typedef struct lex_gazetteer lex_gazetteer_t;

typedef enum { LEX_ENTITY_AGENCY, LEX_ENTITY_LAW } lex_entity_kind_t;

/* The spellings a line of the files lists, in their column order. */
typedef enum {
    LEX_NAME_ABBR,
    LEX_NAME_ENGLISH,
    LEX_NAME_CHINESE
} lex_name_kind_t;

/*
 * Reads and validates both files.  Bad lines (wrong column count, bad id
 * or level, unknown parent, an alias already used by another entity, an
 * entity without an English or Chinese name, ...) are refused with
 * "path:line: reason" and LEX_EPARSE.
 */
lex_status_t lex_gazetteer_load(const char *agencies_path,
                                const char *laws_path, lex_gazetteer_t **out,
                                lex_err_t *err);

/*
 * A gazetteer that reads and checks both files only when first needed,
 * for a program that may need none of it (lexsearch: most queries name
 * no agency or law).  A lookup reads the files and answers 0 without
 * parsing them when some word of the alias is in neither file (case
 * aside); any other use parses them as lex_gazetteer_load does.  When
 * reading or parsing fails, g then acts as a gazetteer without entities
 * and lex_gazetteer_status gives the error.  Only out of memory fails
 * here.
 */
lex_status_t lex_gazetteer_open(const char *agencies_path,
                                const char *laws_path, lex_gazetteer_t **out,
                                lex_err_t *err);

/*
 * LEX_OK, or when loading lex_gazetteer_open's g failed, that error
 * ("path:line: reason") in err and its status.
 */
lex_status_t lex_gazetteer_status(const lex_gazetteer_t *g, lex_err_t *err);

/* Frees a gazetteer; NULL is a no-op. */
void lex_gazetteer_free(lex_gazetteer_t *g);

/* Number of entities of the given kind. */
size_t lex_gazetteer_count(const lex_gazetteer_t *g, lex_entity_kind_t kind);

/*
 * Finds the entities of the given kind mentioned in the UTF-8 text, in
 * any spelling.  Returns how many distinct ids there are and stores them,
 * in order of first mention, in *ids_out: a malloc'd array (free it, not
 * the strings, which belong to g).  With no mention (or out of memory)
 * returns 0 and stores NULL.
 */
size_t lex_gazetteer_tag(const lex_gazetteer_t *g, lex_entity_kind_t kind,
                         const char *text, const char ***ids_out);

/* The id of the parent agency of id, or NULL if none (or unknown id). */
const char *lex_gazetteer_parent(const lex_gazetteer_t *g, const char *id);

/*
 * If the whole of alias (surrounding white space aside) is a spelling of
 * an entity, under the matching rules above, stores its kind and id and
 * returns 1; otherwise returns 0.  kind may be NULL.
 */
size_t lex_gazetteer_lookup(const lex_gazetteer_t *g, const char *alias,
                            lex_entity_kind_t *kind, const char **id);

/*
 * Every spelling of the entity id, as written in the file: abbreviations,
 * English names, Chinese names.  Returns the count and a malloc'd array
 * of strings owned by g in *out; 0 and NULL for an unknown id.
 */
size_t lex_gazetteer_aliases(const lex_gazetteer_t *g, const char *id,
                             const char ***out);

/*
 * The id of the i-th entity of the given kind, counting from 0 in the
 * order of the file, or NULL when there are not that many.  With
 * lex_gazetteer_names, this lets lexgen draw entities by their rank.
 */
const char *lex_gazetteer_id_at(const lex_gazetteer_t *g,
                                lex_entity_kind_t kind, size_t i);

/*
 * The spellings of one kind (abbreviations, English or Chinese names) of
 * the entity id, as written in the file and in its order.  Stores g's own
 * array in *out (do not free it) and returns the count; 0 and NULL for
 * an unknown id or an entity with none of that kind.
 */
size_t lex_gazetteer_names(const lex_gazetteer_t *g, const char *id,
                           lex_name_kind_t which, char *const **out);

/*
 * If the whole of words (surrounding white space aside, compared
 * case-insensitively) names a role that some agency has ("police",
 * "public security", "公安", "market regulator", ...: the words of each
 * role are listed in gazetteer.c and lexsearch-query(7)), returns the
 * role's name ("police", "market"); otherwise NULL.  The query expands
 * such words into the items of the role's agencies.
 */
const char *lex_gazetteer_role_named(const lex_gazetteer_t *g,
                                     const char *words);

/*
 * False when no agency's or law's name and no role's words begin with
 * words, ending at a word's end (compared as lex_gazetteer_lookup and
 * lex_gazetteer_role_named compare: normalised, case-insensitively):
 * then neither words nor any longer run of words starting with them
 * names anything.  True says only that they may: a hash of each such
 * beginning is all g keeps (built on the first call), so a lookup
 * decides.  The query's entity pass stops lengthening a run with it.
 */
bool lex_gazetteer_begins_name(const lex_gazetteer_t *g, const char *words);

/*
 * The agencies whose roles column holds role (its name, "police", or any
 * of its words, "public security"), in file order.  Returns the count
 * and a malloc'd array of ids owned by g in *ids_out (free the array);
 * 0 and NULL for an unknown role, one no agency has, or no memory.
 */
size_t lex_gazetteer_role_agencies(const lex_gazetteer_t *g, const char *role,
                                   const char ***ids_out);

/*
 * Calls fn(name, arg) for every Chinese name, normalised as matching
 * sees it (lex_gazetteer_norm_step), and for the Chinese words of every
 * role some agency has, until fn returns false; returns false then,
 * true when every name was seen.  The CJK query segmenter builds its
 * trie from these.
 */
bool lex_gazetteer_each_chinese(const lex_gazetteer_t *g,
                                bool (*fn)(const char *name, void *arg),
                                void *arg);

/*
 * Reads one normalised byte of s at i into *out and returns how many
 * bytes of s it stands for (0 at the NUL): a run of white space
 * (including U+00A0) gives one ' ', U+2018 and U+2019 give '\'', and
 * ASCII letters fold to lower case when fold.  Aliases and the text
 * they are found in are both read through it.
 */
size_t lex_gazetteer_norm_step(const char *s, size_t i, bool fold, char *out);

#endif
