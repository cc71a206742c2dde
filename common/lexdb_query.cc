/*
 * lexdb_query.cc - the query language of lexsearch-query(7), over Xapian.
 *
 * The C front-end (query_tree.c) parses the query first and refuses what
 * the language does not allow, with the column at fault (parse_tree),
 * and expands the connectors /s and /p (with_connectors); --explain
 * prints its tree.  Xapian's QueryParser then does the heavy
 * lifting (words, stemming, phrases, boolean operators, NEAR/ADJ,
 * wildcards, CJK n-grams, synonyms and spelling correction) on the query
 * as rewritten here: the exact filter fields (section:, bulletin:,
 * site:), dates (date:), entities and thesaurus groups.  Refusals are
 * QueryParserErrors whose message gives the column, which the shim reports as a
 * query syntax error.
 */
#include "lexdb_private.h"

#include <algorithm>
#include <cctype>
#include <iterator>
#include <memory>
#include <new>
#include <cstdlib>
#include <cstring>
#include <sstream>
#include <set>
#include <unordered_set>

extern "C" {
#include "cjk_segment.h"
#include "query_tree.h"
#include "thesaurus.h"
}

using namespace lexdb_internal;

namespace
{

/* True for the query language's operators, which are never expanded. */
bool
is_operator(const std::string &w)
{
    static const char *const ops[] = {"AND", "OR", "NOT", "XOR", "NEAR", "ADJ"};
    for (const char *op : ops)
        if (w == op ||
            (w.compare(0, strlen(op) + 1, std::string(op) + "/") == 0))
            return true;
    return false;
}

/* A plain query word: letters, digits, hyphens and apostrophes only. */
bool
is_plain_word(const std::string &w)
{
    if (w.empty() || is_operator(w))
        return false;
    for (unsigned char c : w)
        if (!(isalnum(c) || c == '-' || c == '\'' || c >= 0x80))
            return false;
    return true;
}

/* The stem of a lower-cased word, for matching thesaurus phrases. */
std::string
stem_word(const Xapian::Stem &stem, std::string w)
{
    for (char &c : w)
        c = char(tolower((unsigned char)c));
    return stem(w);
}

/* True when token t is an operand of NEAR or ADJ, which take words only. */
bool
next_to_proximity(const std::vector<std::string> &tokens, size_t t)
{
    auto is_prox = [](const std::string &w) {
        return w.compare(0, 4, "NEAR") == 0 || w.compare(0, 3, "ADJ") == 0;
    };
    size_t a = t, b = t + 1;
    while (a > 0 && tokens[a - 1] == " ")
        a--;
    while (b < tokens.size() && tokens[b] == " ")
        b++;
    return (a > 0 && is_prox(tokens[a - 1])) ||
           (b < tokens.size() && is_prox(tokens[b]));
}

/*
 * A thesaurus group as a query: ("a b" OR c OR ...).  Words in phrases
 * match by stem, as everywhere (the index has only stems), so "app
 * store" also finds "app stores".
 */
std::string
group_query(const lex_syn_group_t &g)
{
    std::string out = "(";
    for (size_t i = 0; i < g.n; i++) {
        std::string p = g.phrases[i];
        if (i)
            out += " OR ";
        if (p.find(' ') == std::string::npos)
            out += p;
        else
            out += "\"" + p + "\"";
    }
    return out + ")";
}

/* The thesaurus as stems: its phrases as word lists, with their group,
   and every word of it. */
struct StemmedThesaurus {
    bool made = false;
    uint64_t hash = 0; /* of the thesaurus it was made from */
    std::vector<std::pair<std::vector<std::string>, size_t>> phrases;
    std::unordered_set<std::string> words;
};

/*
 * th as stems, made once per thesaurus rather than for each query: a
 * query compares each of its words with every phrase.
 */
const StemmedThesaurus &
stemmed_thesaurus(const lex_thesaurus_t *th, const Xapian::Stem &stem)
{
    thread_local StemmedThesaurus cache;
    if (cache.made && cache.hash == th->hash)
        return cache;
    cache = StemmedThesaurus();
    for (size_t g = 0; g < th->n; g++)
        for (size_t i = 0; i < th->groups[g].n; i++) {
            std::vector<std::string> words;
            std::istringstream in(th->groups[g].phrases[i]);
            std::string w;
            while (in >> w)
                words.push_back(stem_word(stem, w));
            cache.words.insert(words.begin(), words.end());
            cache.phrases.push_back({words, g});
        }
    cache.made = true;
    cache.hash = th->hash;
    return cache;
}

/*
 * Rewrites runs of plain words (outside quotes, fields and operators) so
 * that each longest phrase found in the thesaurus becomes its whole
 * group.  Words are compared by stem, so "transfers" matches "transfer".
 * With topics (the index is tagged with this thesaurus: lexdb_topics.cc)
 * the group is its one term instead, through the internal field topic:.
 */
std::string
expand_synonyms(const std::string &q, const lex_thesaurus_t *th,
                const Xapian::Stem &stem, bool topics)
{
    if (!th)
        return q;
    const auto &phrases = stemmed_thesaurus(th, stem).phrases;
    /* split into tokens, keeping quoted phrases and separators whole */
    std::vector<std::string> tokens;
    for (size_t i = 0; i < q.size();) {
        size_t j = i;
        if (q[i] == '"') {
            j = q.find('"', i + 1);
            j = j == std::string::npos ? q.size() : j + 1;
        } else if (q[i] == ' ' || q[i] == '(' || q[i] == ')') {
            j = i + 1;
        } else {
            while (j < q.size() && !strchr(" ()\"", q[j]))
                j++;
        }
        tokens.push_back(q.substr(i, j - i));
        i = j;
    }
    /* once per token, not once per token and phrase: a long query of
       long tokens would be quadratic */
    std::vector<std::string> stems(tokens.size());
    std::vector<bool> plain(tokens.size());
    for (size_t t = 0; t < tokens.size(); t++)
        if ((plain[t] = is_plain_word(tokens[t])))
            stems[t] = stem_word(stem, tokens[t]);
    std::string out;
    for (size_t t = 0; t < tokens.size(); t++) {
        size_t best_end = 0, best_group = 0;
        if (plain[t] && !next_to_proximity(tokens, t)) {
            for (const auto &ph : phrases) {
                size_t k = t, n = 0;
                while (n < ph.first.size() && k < tokens.size() && plain[k] &&
                       stems[k] == ph.first[n]) {
                    n++;
                    k++;
                    if (n < ph.first.size()) {
                        if (k >= tokens.size() || tokens[k] != " ")
                            break;
                        k++;
                    }
                }
                if (n == ph.first.size() && k > best_end &&
                    !next_to_proximity(tokens, k - 1)) {
                    best_end = k;
                    best_group = ph.second;
                }
            }
        }
        if (best_end) {
            out += topics ? "topic:" + std::to_string(best_group)
                          : group_query(th->groups[best_group]);
            t = best_end - 1;
        } else {
            out += tokens[t];
        }
    }
    return out;
}

/* How much a match through the thesaurus counts against a literal one. */
const double SYNONYM_WEIGHT = 0.5;

/* The filter fields, whose clauses are required (is_required_clause). */
const char *const FILTER_FIELDS[] = {"section", "bulletin", "site", "date",
                                     "agency",  "law",      "role"};

/* A refusal pointing at a 1-based column of the query. */
[[noreturn]] void
refuse(const std::string &what, size_t column)
{
    throw Xapian::QueryParserError(what + " at column " +
                                   std::to_string(column));
}

/*
 * Parses the query with the C front-end (query_tree.c), which refuses
 * what the language does not allow (unbalanced quotes and parentheses,
 * unknown fields, bad dates, operators with nothing to join, wildcards
 * next to NEAR or ADJ, connectors between anything but two words) with
 * the column at fault.  Runs before any rewriting.  The caller frees the
 * tree; a refusal is a QueryParserError, as Xapian's own.
 */
lex_query_t *
parse_tree(const std::string &q)
{
    lex_query_t *tree = NULL;
    lex_err_t err;
    lex_status_t st = lex_query_parse(q.data(), q.size(), &tree, &err);
    if (st == LEX_ENOMEM)
        throw std::bad_alloc();
    if (st != LEX_OK)
        throw Xapian::QueryParserError(err.msg);
    return tree;
}

/* The tree as lexsearch --explain shows it: lex_query_print's lines,
   indented by four spaces. */
std::string
printed_tree(const lex_query_t *tree)
{
    lex_buf_t b = LEX_BUF_INIT;
    lex_query_print(tree, &b);
    if (lex_buf_failed(&b)) {
        lex_buf_free(&b);
        throw std::bad_alloc();
    }
    std::string out;
    std::istringstream lines(lex_buf_str(&b));
    lex_buf_free(&b);
    for (std::string line; std::getline(lines, line);)
        out += "    " + line + "\n";
    return out;
}

/* A parsed query, freed with its scope. */
typedef std::unique_ptr<lex_query_t, void (*)(lex_query_t *)> tree_ptr;

tree_ptr
parsed(const std::string &q)
{
    return tree_ptr(parse_tree(q), lex_query_free);
}

/*
 * The query as Xapian's parser gets it before the other rewrites: its
 * text with the connectors /s and /p of the tree as NEAR windows.
 */
std::string
with_connectors(const lex_query_t *tree)
{
    lex_buf_t b = LEX_BUF_INIT;
    lex_query_expand_connectors(tree, SENTENCE_WINDOW, PARAGRAPH_WINDOW, &b);
    if (lex_buf_failed(&b)) {
        lex_buf_free(&b);
        throw std::bad_alloc();
    }
    std::string out(lex_buf_str(&b), b.len);
    lex_buf_free(&b);
    return out;
}

/* For a phrase of exactly two plain words, their concatenation. */
bool
two_words_joined(const std::string &phrase, std::string *joined)
{
    size_t sp = phrase.find(' ');
    if (sp == std::string::npos || sp == 0 || sp + 1 >= phrase.size() ||
        phrase.find(' ', sp + 1) != std::string::npos)
        return false;
    for (unsigned char c : phrase)
        if (!isalnum(c) && c != ' ')
            return false;
    *joined = phrase.substr(0, sp) + phrase.substr(sp + 1);
    return true;
}

/*
 * "cross-border" (outside quotes and fields) also matches "crossborder":
 * each hyphenated word becomes (cross-border OR crossborder).
 */
std::string
expand_hyphenations(const std::string &q)
{
    std::string out;
    bool in_quote = false;
    size_t i = 0;
    while (i < q.size()) {
        size_t close;
        std::string joined_pair;
        if (!in_quote && q[i] == '"' && (i == 0 || q[i - 1] != ':') &&
            (close = q.find('"', i + 1)) != std::string::npos &&
            two_words_joined(q.substr(i + 1, close - i - 1), &joined_pair)) {
            /* "cross border" also matches crossborder */
            out +=
                "(" + q.substr(i, close - i + 1) + " OR " + joined_pair + ")";
            i = close + 1;
            continue;
        }
        if (q[i] == '"')
            in_quote = !in_quote;
        bool word_start = i == 0 || strchr(" (", q[i - 1]);
        if (in_quote || !word_start || !isalnum((unsigned char)q[i])) {
            out += q[i++];
            continue;
        }
        size_t j = i;
        while (j < q.size() && !strchr(" ()\"", q[j]))
            j++;
        std::string w = q.substr(i, j - i), joined;
        bool hyphenated = w.find('-') != std::string::npos &&
                          w.find(':') == std::string::npos &&
                          w.find('/') == std::string::npos;
        for (char c : w) {
            if (c == '-')
                continue;
            if (!isalnum((unsigned char)c))
                hyphenated = false;
            joined += c;
        }
        bool near = j < q.size() && (q.compare(j, 6, " NEAR/") == 0 ||
                                     q.compare(j, 5, " ADJ/") == 0);
        bool after_near =
            i >= 2 && out.size() >= 2 &&
            out.find_last_of('/') != std::string::npos &&
            (out.rfind("NEAR/") != std::string::npos ||
             out.rfind("ADJ/") != std::string::npos) &&
            out.find_last_not_of("0123456789 ") == out.find_last_of('/');
        if (hyphenated && !near && !after_near && w.front() != '-' &&
            w.back() != '-')
            out += "(" + w + " OR " + joined + ")";
        else
            out += w;
        i = j;
    }
    return out;
}

/*
 * The first error a field processor met while the QueryParser ran.
 * Xapian 1.4's parser leaks its state when a FieldProcessor throws, so
 * the processors record the error here and match nothing; Parser::parse
 * throws it once parse_query has returned.
 */
typedef std::shared_ptr<std::string> field_error_t;

/* Records msg as the field error (the first one wins); matches nothing. */
Xapian::Query
field_failed(const field_error_t &error, const std::string &msg)
{
    if (error->empty())
        *error = msg;
    return Xapian::Query::MatchNothing;
}

/* date:A..B, date:A.., date:..B and date:A, over the date value. */
class DateField : public Xapian::FieldProcessor
{
    field_error_t error;

  public:
    explicit DateField(const field_error_t &e) : error(e)
    {
    }

    Xapian::Query operator()(const std::string &v) override
    {
        char lo_bound[16], hi_bound[16];
        if (!lex_query_date_range(v.data(), v.size(), lo_bound, hi_bound))
            return field_failed(error, "bad date 'date:" + v + "' " +
                                           LEX_QUERY_DATE_HELP);
        std::string lo = lo_bound, hi = hi_bound;
        if (lo.empty())
            return Xapian::Query(Xapian::Query::OP_VALUE_LE, SLOT_DATE, hi);
        if (hi.empty())
            return Xapian::Query(Xapian::Query::OP_VALUE_GE, SLOT_DATE, lo);
        return Xapian::Query(Xapian::Query::OP_VALUE_RANGE, SLOT_DATE, lo, hi);
    }
};

/*
 * section:, bulletin:, site:: the folded value as an exact term, or, when
 * no item has it, as a prefix ("section:enforcement" matches both
 * Enforcement sections).
 */
class NameField : public Xapian::FieldProcessor
{
    Xapian::Database db;
    std::string prefix;
    bool fold;

  public:
    NameField(const Xapian::Database &d, const char *p, bool f)
        : db(d), prefix(p), fold(f)
    {
    }

    Xapian::Query operator()(const std::string &v) override
    {
        std::string key = fold ? fold_name(v) : v;
        for (char &c : key)
            c = char(tolower((unsigned char)c));
        std::string term = prefix + key;
        if (db.term_exists(term))
            return Xapian::Query(term);
        return Xapian::Query(Xapian::Query::OP_WILDCARD, term);
    }
};

/*
 * agency: and law:: any spelling the gazetteer knows (CAC, Cyberspace
 * Administration of China, 国家互联网信息办公室) or the id, as the entity's
 * term.  An agency term also matches items of its local branches.
 */
class EntityField : public Xapian::FieldProcessor
{
    const lex_gazetteer_t *gz;
    lex_entity_kind_t kind;
    field_error_t error;

  public:
    EntityField(const lex_gazetteer_t *g, lex_entity_kind_t k,
                const field_error_t &e)
        : gz(g), kind(k), error(e)
    {
    }

    Xapian::Query operator()(const std::string &v) override
    {
        const char *id = NULL;
        lex_entity_kind_t found;
        const char *prefix =
            kind == LEX_ENTITY_AGENCY ? AGENCY_PREFIX : LAW_PREFIX;
        if (gz && lex_gazetteer_lookup(gz, v.c_str(), &found, &id) &&
            found == kind)
            return Xapian::Query(prefix + std::string(id));
        std::string upper = v;
        for (char &c : upper)
            c = char(toupper((unsigned char)c));
        if (gz && lex_gazetteer_parent(gz, upper.c_str()) != NULL)
            return Xapian::Query(prefix + upper);
        const char **aliases = NULL;
        size_t n = gz ? lex_gazetteer_aliases(gz, upper.c_str(), &aliases) : 0;
        free(aliases);
        if (n)
            return Xapian::Query(prefix + upper);
        return field_failed(
            error,
            std::string("unknown ") +
                (kind == LEX_ENTITY_AGENCY ? "agency '" : "law '") + v +
                "' (see " +
                (kind == LEX_ENTITY_AGENCY ? "agencies.tsv" : "laws.tsv") +
                " in lexsearch-corpus(5))");
    }
};

/*
 * role:NAME (a role's name or any of its words, lexsearch-query(7)): the
 * items of every agency in that role (the roles column of agencies.tsv),
 * as their agency terms.  A match weighs ROLE_WEIGHT, as a thesaurus
 * group's does (TopicField): the agency terms themselves weigh nothing.
 * expand_entities writes role words as (words OR role:NAME).
 */
const double ROLE_WEIGHT = 0.5;

class RoleField : public Xapian::FieldProcessor
{
    const lex_gazetteer_t *gz;
    field_error_t error;

  public:
    RoleField(const lex_gazetteer_t *g, const field_error_t &e)
        : gz(g), error(e)
    {
    }

    Xapian::Query operator()(const std::string &v) override
    {
        const char **ids = NULL;
        size_t n = gz ? lex_gazetteer_role_agencies(gz, v.c_str(), &ids) : 0;
        std::vector<Xapian::Query> terms;
        for (size_t i = 0; i < n; i++)
            terms.emplace_back(AGENCY_PREFIX + std::string(ids[i]));
        free(ids);
        if (terms.empty())
            return field_failed(error, "unknown role '" + v +
                                           "' (see the roles of "
                                           "agencies.tsv in "
                                           "lexsearch-corpus(5))");
        return Xapian::Query(
            Xapian::Query::OP_FILTER,
            Xapian::Query(
                (new Xapian::FixedWeightPostingSource(ROLE_WEIGHT))->release()),
            Xapian::Query(Xapian::Query::OP_OR, terms.begin(), terms.end()));
    }
};

/*
 * Rewrites bare entity names into (name OR agency:ID): "CAC" then finds
 * items that only say 国家互联网信息办公室, and the other way round.  The
 * longest run of up to eight plain words (or one CJK token) that the
 * gazetteer knows is taken.  Words that name a role ("police", "market
 * regulator": lex_gazetteer_role_named) become (words OR role:NAME).
 */
/*
 * topic:N, made by expand_synonyms only: items tagged with thesaurus
 * group N.  The tag is a boolean term (a weighted one would lengthen
 * every tagged item and so change the ranking of every other query), so
 * a match gets a fixed weight; among the group's matches the words as
 * typed rank (build_query).
 */
const double TOPIC_WEIGHT = 1.0;

class TopicField : public Xapian::FieldProcessor
{
  public:
    Xapian::Query operator()(const std::string &v) override
    {
        return Xapian::Query(
            Xapian::Query::OP_FILTER,
            Xapian::Query((new Xapian::FixedWeightPostingSource(TOPIC_WEIGHT))
                              ->release()),
            Xapian::Query(TOPIC_PREFIX + v));
    }
};

/*
 * wild:WORD and wildtitle:WORD, made by expand_wildcards only: WORD* as
 * the stems of every word that starts with WORD.  The index holds stems
 * alone, and "regulat*" must find "regulations" (stem "regul"), so the
 * words come from the spelling table, which keeps every word as written.
 * The stems that themselves start with WORD are added: they are all that
 * remote shards, which have no spelling table, can give.
 */
class WildField : public Xapian::FieldProcessor
{
    Xapian::Database db;
    Xapian::Stem stem;
    std::string prefix;

  public:
    WildField(const Xapian::Database &d, const Xapian::Stem &s, const char *p)
        : db(d), stem(s), prefix(p)
    {
    }

    Xapian::Query operator()(const std::string &v) override
    {
        std::string word = v;
        for (char &c : word)
            c = char(tolower((unsigned char)c));
        std::set<std::string> stems;
        Xapian::TermIterator w = db.spellings_begin();
        if (w != db.spellings_end())
            w.skip_to(word);
        for (;
             w != db.spellings_end() && (*w).compare(0, word.size(), word) == 0;
             ++w)
            stems.insert(prefix + stem(*w));
        /* each stem once: a synonym of two copies would count it twice */
        std::string start = prefix + word;
        for (auto t = db.allterms_begin(start); t != db.allterms_end(start);
             ++t)
            stems.insert(*t);
        if (stems.empty())
            return Xapian::Query::MatchNothing;
        return Xapian::Query(Xapian::Query::OP_SYNONYM, stems.begin(),
                             stems.end());
    }
};

/*
 * WORD* as WildField's internal field (wild:WORD, or wildtitle:WORD for
 * title:WORD*), with any + or - kept in front; "" when w is not such a
 * word.
 */
std::string
wildcard_field(const std::string &w)
{
    size_t sign = (w[0] == '+' || w[0] == '-') ? 1 : 0;
    std::string word = w.substr(sign), field = "wild:";
    if (word.compare(0, 6, "title:") == 0) {
        field = "wildtitle:";
        word.erase(0, 6);
    } else if (word.compare(0, 5, "body:") == 0) {
        word.erase(0, 5);
    }
    if (word.size() < 2 || word.back() != '*')
        return "";
    /* ASCII only: Xapian's parser hands no CJK text to a field
       processor, and reads 数据* as the n-grams of 数据 itself */
    for (size_t k = 0; k + 1 < word.size(); k++)
        if (!isalnum((unsigned char)word[k]))
            return "";
    return w.substr(0, sign) + field + word.substr(0, word.size() - 1);
}

/*
 * q with each word outside quotes (a run of characters between spaces,
 * brackets and quotes) replaced by f(word).
 */
template <class F>
std::string
map_words(const std::string &q, F f)
{
    std::string out;
    bool in_quote = false;
    for (size_t i = 0; i < q.size();) {
        if (q[i] == '"')
            in_quote = !in_quote;
        if (in_quote || strchr(" ()\"", q[i])) {
            out += q[i++];
            continue;
        }
        size_t j = q.find_first_of(" ()\"", i);
        if (j == std::string::npos)
            j = q.size();
        out += f(q.substr(i, j - i));
        i = j;
    }
    return out;
}

/* WORD*, body:WORD* and title:WORD* (outside quotes) as the internal
   fields of WildField: the query as the QueryParser gets it. */
std::string
expand_wildcards(const std::string &q)
{
    return map_words(q, [](const std::string &w) {
        std::string field = wildcard_field(w);
        return field.empty() ? w : field;
    });
}

std::string
expand_entities(const std::string &q, const lex_gazetteer_t *gz)
{
    if (!gz)
        return q;
    std::vector<std::string> tokens;
    for (size_t i = 0; i < q.size();) {
        size_t j = i;
        if (q[i] == '"') {
            j = q.find('"', i + 1);
            j = j == std::string::npos ? q.size() : j + 1;
        } else if (q[i] == ' ' || q[i] == '(' || q[i] == ')') {
            j = i + 1;
        } else {
            while (j < q.size() && !strchr(" ()\"", q[j]))
                j++;
        }
        tokens.push_back(q.substr(i, j - i));
        i = j;
    }
    std::string out;
    for (size_t t = 0; t < tokens.size(); t++) {
        if (!is_plain_word(tokens[t])) {
            out += tokens[t]; /* a name starts with a word, not a space */
            continue;
        }
        size_t best_end = 0;
        std::string best_field;
        std::string phrase;
        for (size_t k = t, words = 0; k < tokens.size() && words < 8; k++) {
            const std::string &tok = tokens[k];
            if (tok == " ") {
                phrase += ' ';
                continue;
            }
            if (!is_plain_word(tok) || next_to_proximity(tokens, k))
                break;
            phrase += tok;
            words++;
            const char *id;
            lex_entity_kind_t kind;
            if (lex_gazetteer_lookup(gz, phrase.c_str(), &kind, &id)) {
                best_end = k + 1;
                best_field = (kind == LEX_ENTITY_AGENCY ? "agency:" : "law:") +
                             std::string(id);
            } else if ((id = lex_gazetteer_role_named(gz, phrase.c_str()))) {
                best_end = k + 1;
                best_field = "role:" + std::string(id);
            }
        }
        if (best_field.empty()) {
            out += tokens[t];
            continue;
        }
        std::string words;
        for (size_t k = t; k < best_end; k++)
            words += tokens[k];
        if (words.find(' ') != std::string::npos)
            words = "\"" + words + "\"";
        out += "(" + words + " OR " + best_field + ")";
        t = best_end - 1;
    }
    return out;
}

/*
 * agency:"Cyberspace Administration of China" and law:"..." become
 * agency:ID and law:ID: the QueryParser does not hand quoted values of
 * probabilistic fields to their FieldProcessor.
 */
std::string
resolve_quoted_entities(const std::string &q, const lex_gazetteer_t *gz)
{
    std::string out;
    size_t i = 0;
    while (i < q.size()) {
        size_t field_len = q.compare(i, 8, "agency:\"") == 0 ? 7
                           : q.compare(i, 5, "law:\"") == 0  ? 4
                                                             : 0;
        size_t close =
            field_len ? q.find('"', i + field_len + 1) : std::string::npos;
        bool at_word = i == 0 || strchr(" (+-", q[i - 1]);
        if (!field_len || close == std::string::npos || !at_word) {
            out += q[i++];
            continue;
        }
        std::string value =
            q.substr(i + field_len + 1, close - i - field_len - 1);
        const char *id = NULL;
        lex_entity_kind_t kind;
        bool agency = field_len == 7;
        if (!gz || !lex_gazetteer_lookup(gz, value.c_str(), &kind, &id) ||
            kind != (agency ? LEX_ENTITY_AGENCY : LEX_ENTITY_LAW))
            refuse(std::string("unknown ") + (agency ? "agency" : "law") +
                       " '" + value + "'",
                   i + 1);
        out += q.substr(i, field_len) + id;
        i = close + 1;
    }
    return out;
}

/* English words that name no topic; a query need not match them. */
bool
is_stopword(const std::string &w)
{
    static const char *const words[] = {
        "a",     "about", "after", "against", "all",  "an",      "and",   "any",
        "are",   "as",    "at",    "be",      "been", "between", "by",    "can",
        "did",   "do",    "does",  "for",     "from", "has",     "have",  "how",
        "if",    "in",    "into",  "is",      "it",   "its",     "must",  "of",
        "on",    "or",    "over",  "should",  "so",   "than",    "that",  "the",
        "their", "them",  "there", "these",   "they", "this",    "those", "to",
        "under", "was",   "were",  "what",    "when", "where",   "which", "who",
        "why",   "will",  "with",  "would"};
    std::string lower = w;
    for (char &c : lower)
        c = char(tolower((unsigned char)c));
    return std::any_of(std::begin(words), std::end(words),
                       [&](const char *x) { return lower == x; });
}

/*
 * Chinese has no spaces: "网信办数据出境" becomes "网信办 数据出境" so that
 * entity and thesaurus expansion see each known phrase as a word.  The
 * segmenter (cjk_segment.c) is built once per query from the gazetteer
 * and the thesaurus (th NULL for --exact) and runs in linear time.
 */
std::string
segment_cjk(const std::string &q, const lex_thesaurus_t *th,
            const lex_gazetteer_t *gz)
{
    lex_cjk_segmenter_t *seg;
    if (lex_cjk_segmenter_new(gz, th, &seg) != LEX_OK)
        throw std::bad_alloc();
    lex_buf_t out = LEX_BUF_INIT;
    lex_cjk_segment_query(seg, q.c_str(), &out);
    lex_cjk_segmenter_free(seg);
    bool failed = lex_buf_failed(&out);
    std::string segmented = failed ? "" : lex_buf_str(&out);
    lex_buf_free(&out);
    if (failed)
        throw std::bad_alloc();
    return segmented;
}

/*
 * Splits a rewritten query into its top-level clauses: the words,
 * phrases, brackets and field:values that stand side by side.  False
 * when the query joins them with operators (AND, OR, NEAR...), whose
 * meaning the query then keeps.
 */
bool
split_clauses(const std::string &q, std::vector<std::string> *out)
{
    std::string cur;
    int depth = 0;
    bool in_quote = false;
    for (size_t i = 0; i <= q.size(); i++) {
        char c = i < q.size() ? q[i] : ' ';
        if (c == '"')
            in_quote = !in_quote;
        else if (!in_quote && c == '(')
            depth++;
        else if (!in_quote && c == ')')
            depth--;
        if (c != ' ' || in_quote || depth > 0) {
            cur += c;
            continue;
        }
        if (cur.empty())
            continue;
        if (is_operator(cur) || cur == "NEAR" || cur == "ADJ")
            return false;
        out->push_back(cur);
        cur.clear();
    }
    return true;
}

/* True for a clause that only filters: +word, section:, date:, agency:... */
bool
is_required_clause(const std::string &c)
{
    if (c[0] == '+')
        return true;
    size_t colon = c.find(':');
    if (colon == std::string::npos || c[0] == '(' || c[0] == '"')
        return false;
    std::string field = c.substr(0, colon);
    return std::any_of(std::begin(FILTER_FIELDS), std::end(FILTER_FIELDS),
                       [&](const char *f) { return field == f; });
}

/*
 * How many of n optional clauses an item must match to be returned: one
 * of one or two, two of three, and a third (rounded down, at least one)
 * of four or more.  Items rank by how many they match (clause_count), so
 * a low bar only adds items below the better ones: a question of seven
 * concepts whose relevant items each name two of them (the words of the
 * page differ from the query's) still finds them, where "more than half"
 * returned a single item.  Three clauses keep two: a typo in one of three
 * words would otherwise find as much as its correction, which is then
 * not applied (lexsearch's spelling rule).
 */
size_t
clauses_needed(size_t n)
{
    return n <= 2 ? 1 : n == 3 ? 2 : std::max<size_t>(1, n / 3);
}

/* n choose k, saturating at limit + 1. */
size_t
combinations(size_t n, size_t k, size_t limit)
{
    size_t c = 1;
    for (size_t i = 0; i < k; i++) {
        c = c * (n - i) / (i + 1);
        if (c > limit)
            return limit + 1;
    }
    return c;
}

/* Items matching at least k of the clauses (no weight of its own); of
   any one when that takes more than MAX_COMBINATIONS ANDs (k of twelve
   clauses or more). */
Xapian::Query
at_least(const std::vector<Xapian::Query> &qs, size_t k)
{
    const size_t MAX_COMBINATIONS = 256; /* 3 of 11; 4 of 12 is 495 */
    if (k <= 1 ||
        combinations(qs.size(), k, MAX_COMBINATIONS) > MAX_COMBINATIONS)
        return Xapian::Query(Xapian::Query::OP_OR, qs.begin(), qs.end());
    std::vector<Xapian::Query> ors;
    std::vector<size_t> pick(k);
    for (size_t i = 0; i < k; i++)
        pick[i] = i;
    for (;;) {
        std::vector<Xapian::Query> and_of(k);
        std::transform(pick.begin(), pick.end(), and_of.begin(),
                       [&](size_t i) { return qs[i]; });
        ors.emplace_back(Xapian::Query::OP_AND, and_of.begin(), and_of.end());
        size_t i = k;
        while (i > 0 && pick[i - 1] == qs.size() - k + i - 1)
            i--;
        if (i == 0)
            break;
        pick[i - 1]++;
        for (size_t j = i; j < k; j++)
            pick[j] = pick[j - 1] + 1;
    }
    return Xapian::Query(Xapian::Query::OP_OR, ors.begin(), ors.end());
}

/* Weight added to items that match every word, so that they rank first. */
const double ALL_WORDS_BOOST = 1000.0;
/* Weight added for each optional clause an item matches, so that items
   rank by how many they match (more than any BM25 weight of a clause). */
const double CLAUSE_COUNT_BOOST = 100.0;

/*
 * The weight CLAUSE_COUNT_BOOST times the number of the clauses qs that
 * an item matches: one fixed weight per clause, which OR adds up.  So
 * of a long query the items that match all clauses come first, then
 * those that match all but one, and so on, each by its BM25 weight.
 */
Xapian::Query
clause_count(const std::vector<Xapian::Query> &qs)
{
    std::vector<Xapian::Query> each;
    for (const Xapian::Query &q : qs)
        each.emplace_back(Xapian::Query::OP_FILTER,
                          Xapian::Query((new Xapian::FixedWeightPostingSource(
                                             CLAUSE_COUNT_BOOST))
                                            ->release()),
                          q);
    return Xapian::Query(Xapian::Query::OP_OR, each.begin(), each.end());
}
/* How much a proximity match of two neighbouring query words counts. */
const double PROXIMITY_WEIGHT = 1.0;
/* Window within which two neighbouring query words count as near. */
const unsigned PROXIMITY_WINDOW = 4;

/* The lower-case plain words of text outside quotes, brackets and fields,
   in order, with "" where something else stands between two words. */
std::vector<std::string>
plain_words(const std::string &text)
{
    std::vector<std::string> out;
    std::istringstream in(text);
    std::string w;
    while (in >> w) {
        bool plain = !w.empty() && !is_operator(w);
        for (unsigned char c : w)
            if (!isalnum(c))
                plain = false;
        for (char &c : w)
            c = char(tolower((unsigned char)c));
        if (plain && is_stopword(w))
            continue;
        out.push_back(plain ? w : "");
    }
    return out;
}

/* Neighbouring words of the query near each other in an item. */
Xapian::Query
proximity_query(const std::string &text, const Xapian::Stem &stem)
{
    std::vector<std::string> w = plain_words(text);
    std::vector<Xapian::Query> pairs;
    for (size_t i = 0; i + 1 < w.size(); i++)
        if (!w[i].empty() && !w[i + 1].empty()) {
            Xapian::Query terms[] = {Xapian::Query(stem(w[i])),
                                     Xapian::Query(stem(w[i + 1]))};
            pairs.emplace_back(Xapian::Query::OP_NEAR, terms, terms + 2,
                               PROXIMITY_WINDOW);
        }
    if (pairs.empty())
        return Xapian::Query();
    return Xapian::Query(
        Xapian::Query::OP_SCALE_WEIGHT,
        Xapian::Query(Xapian::Query::OP_OR, pairs.begin(), pairs.end()),
        PROXIMITY_WEIGHT);
}

/* The parser, configured for lexsearch-query(7). */
struct Parser {
    Xapian::QueryParser qp;
    Xapian::Stem stem;
    unsigned flags;

    Xapian::Database qp_db;

    const lex_gazetteer_t *gz;
    field_error_t field_error = std::make_shared<std::string>();

    Parser(const Xapian::Database &db, const Xapian::Stem &s,
           const lex_gazetteer_t *g)
        : stem(s), qp_db(db), gz(g)
    {
        qp.set_database(db);
        qp.set_stemmer(stem);
        qp.set_stemming_strategy(Xapian::QueryParser::STEM_ALL);
        qp.set_default_op(Xapian::Query::OP_AND);
        qp.add_prefix("title", TITLE_PREFIX);
        qp.add_prefix("body", ""); /* the item's words: see index_paragraph */
        qp.add_boolean_prefix("date", (new DateField(field_error))->release());
        qp.add_boolean_prefix(
            "section", (new NameField(db, SECTION_PREFIX, true))->release());
        qp.add_boolean_prefix(
            "bulletin", (new NameField(db, BULLETIN_PREFIX, true))->release());
        qp.add_boolean_prefix(
            "site", (new NameField(db, SITE_PREFIX, false))->release());
        qp.add_prefix(
            "agency",
            (new EntityField(g, LEX_ENTITY_AGENCY, field_error))->release());
        qp.add_prefix(
            "law",
            (new EntityField(g, LEX_ENTITY_LAW, field_error))->release());
        qp.add_prefix("role", (new RoleField(g, field_error))->release());
        qp.add_prefix("topic", (new TopicField())->release());
        qp.add_prefix("wild", (new WildField(db, stem, ""))->release());
        qp.add_prefix("wildtitle",
                      (new WildField(db, stem, TITLE_PREFIX))->release());
        flags = Xapian::QueryParser::FLAG_PHRASE |
                Xapian::QueryParser::FLAG_BOOLEAN |
                Xapian::QueryParser::FLAG_LOVEHATE |
                Xapian::QueryParser::FLAG_WILDCARD |
                Xapian::QueryParser::FLAG_PURE_NOT |
                Xapian::QueryParser::FLAG_CJK_NGRAM;
    }

    /* The query string as the QueryParser gets it, from the query with
       its connectors expanded (with_connectors). */
    std::string rewrite(const std::string &connected, const lex_thesaurus_t *th,
                        bool exact, bool topics = false)
    {
        /* entities first: the thesaurus may rewrite their spellings */
        std::string q =
            expand_entities(segment_cjk(resolve_quoted_entities(connected, gz),
                                        exact ? NULL : th, gz),
                            gz);
        if (!exact)
            q = expand_synonyms(q, th, stem, topics);
        return expand_hyphenations(q);
    }

    Xapian::Query parse(const std::string &rewritten)
    {
        field_error->clear();
        Xapian::Query q = qp.parse_query(expand_wildcards(rewritten), flags);
        if (!field_error->empty())
            throw Xapian::QueryParserError(*field_error);
        return q;
    }

    /* True when a word of a thesaurus phrase has w's stem. */
    bool in_thesaurus(const std::string &w, const lex_thesaurus_t *th)
    {
        return th &&
               stemmed_thesaurus(th, stem).words.count(stem_word(stem, w));
    }

    /* True when the index has the word's stem, or the gazetteer or the
       thesaurus knows it: such a word is never "corrected". */
    bool known_word(const std::string &w, const lex_thesaurus_t *th)
    {
        if (in_thesaurus(w, th))
            return true;
        std::string lower = w;
        for (char &ch : lower)
            ch = char(tolower((unsigned char)ch));
        const char *id;
        return is_stopword(lower) || qp_db.term_exists(stem(lower)) ||
               (gz && lex_gazetteer_lookup(gz, w.c_str(), NULL, &id));
    }

    /*
     * The user's query with each word that no item contains replaced by
     * the index's nearest word ("" when every word is known).  Works on
     * the text as typed, so that expansions never show up in it.
     */
    std::string correction(const std::string &text, const lex_thesaurus_t *th)
    {
        std::string out;
        bool changed = false;
        for (size_t i = 0; i < text.size();) {
            size_t j = i;
            while (j < text.size() && !strchr(" ()\"", text[j]))
                j++;
            if (j == i) {
                out += text[i++];
                continue;
            }
            std::string w = text.substr(i, j - i);
            size_t sign = (w[0] == '+' || w[0] == '-') ? 1 : 0;
            std::string bare = w.substr(sign);
            bool alpha = bare.size() >= 3 && !is_operator(bare);
            for (unsigned char c : bare)
                if (!isalpha(c))
                    alpha = false;
            std::string s;
            if (alpha && !known_word(bare, th))
                s = qp_db.get_spelling_suggestion(stem_lower(bare));
            if (!s.empty()) {
                w.replace(sign, std::string::npos, s);
                changed = true;
            }
            out += w;
            i = j;
        }
        return changed ? out : "";
    }

    /* w in lower case (the spelling table's form). */
    static std::string stem_lower(std::string w)
    {
        for (char &c : w)
            c = char(tolower((unsigned char)c));
        return w;
    }
};

/*
 * The recall-first query of a query made of clauses side by side: items
 * that match enough of the optional clauses (clauses_needed), those
 * matching all of them first (ALL_WORDS_BOOST, in build_with), then by
 * how many they match (clause_count), +clauses and filters required,
 * -clauses excluded.  *all gets the query of the items that match every clause.
 * False when the query does not have that shape (operators), or has
 * fewer than two clauses that matter.
 */
bool
recall_first(Parser &p, const std::string &rewritten, Xapian::Query *ranked,
             Xapian::Query *all)
{
    std::vector<std::string> clauses;
    if (!split_clauses(rewritten, &clauses))
        return false;
    std::vector<Xapian::Query> optional, required, excluded;
    std::vector<Xapian::Query> stopped;
    for (const std::string &c : clauses) {
        if (c.size() > 1 && c[0] == '-')
            excluded.push_back(p.parse(c.substr(1)));
        else if (is_required_clause(c))
            required.push_back(p.parse(c[0] == '+' ? c.substr(1) : c));
        else if (is_plain_word(c) && is_stopword(c))
            stopped.push_back(p.parse(c));
        else
            optional.push_back(p.parse(c));
    }
    if (optional.empty())
        optional = stopped;
    if (optional.size() < 2)
        return false;
    Xapian::Query weighted(Xapian::Query::OP_OR, optional.begin(),
                           optional.end());
    Xapian::Query most(
        Xapian::Query::OP_AND_MAYBE,
        Xapian::Query(Xapian::Query::OP_FILTER, weighted,
                      at_least(optional, clauses_needed(optional.size()))),
        clause_count(optional));
    *all =
        Xapian::Query(Xapian::Query::OP_AND, optional.begin(), optional.end());
    for (const Xapian::Query &r : required) {
        most = Xapian::Query(Xapian::Query::OP_AND, most, r);
        *all = Xapian::Query(Xapian::Query::OP_AND, *all, r);
    }
    for (const Xapian::Query &x : excluded) {
        most = Xapian::Query(Xapian::Query::OP_AND_NOT, most, x);
        *all = Xapian::Query(Xapian::Query::OP_AND_NOT, *all, x);
    }
    *ranked = most;
    return true;
}

} // namespace

namespace lexdb_internal
{

Xapian::Query
group_as_query(const lex_syn_group_t &g, const Xapian::Stem &stem)
{
    Parser p(Xapian::Database(), stem, NULL);
    return p.parse(expand_hyphenations(group_query(g)));
}

/* build_query, with thesaurus groups as their terms when topics. */
Xapian::Query
build_with(const Xapian::Database &db, const Xapian::Stem &stem,
           const std::string &text, const lex_thesaurus_t *th,
           const lex_gazetteer_t *gz, bool exact, bool topics,
           std::string *corrected, Xapian::Query *all_words,
           Xapian::Query *proximity)
{
    std::string connected = with_connectors(parsed(text).get());
    Parser p(db, stem, gz);
    std::string rewritten = p.rewrite(connected, th, exact, topics);
    std::string literal = resolve_quoted_entities(connected, gz);
    Xapian::Query q, all;
    bool tiered = recall_first(p, rewritten, &q, &all);
    if (!tiered)
        q = p.parse(rewritten);
    /* Synonyms widen the match; the words as typed still rank first. */
    if (rewritten != literal) {
        p.qp.set_default_op(tiered ? Xapian::Query::OP_OR
                                   : Xapian::Query::OP_AND);
        q = Xapian::Query(
            Xapian::Query::OP_AND_MAYBE,
            Xapian::Query(Xapian::Query::OP_SCALE_WEIGHT, q, SYNONYM_WEIGHT),
            p.parse(literal));
        p.qp.set_default_op(Xapian::Query::OP_AND);
    }
    if (tiered) {
        /* neighbouring words near each other, then items with every word */
        Xapian::Query near = proximity_query(text, p.stem);
        if (proximity)
            *proximity = near;
        else if (!near.empty())
            q = Xapian::Query(Xapian::Query::OP_AND_MAYBE, q, near);
        Xapian::Query boost(
            (new Xapian::FixedWeightPostingSource(ALL_WORDS_BOOST))->release());
        q = Xapian::Query(Xapian::Query::OP_AND_MAYBE, q,
                          Xapian::Query(Xapian::Query::OP_FILTER, boost, all));
    }
    if (all_words)
        *all_words = tiered ? all : Xapian::Query();
    if (corrected)
        *corrected = exact ? "" : p.correction(text, th);
    return q;
}

bool
has_wildcard(const std::string &text)
{
    return expand_wildcards(text) != text;
}

/* True when q reads a thesaurus group's term. */
bool
names_topic(const Xapian::Query &q)
{
    const std::string prefix = TOPIC_PREFIX;
    for (auto t = q.get_unique_terms_begin(); t != q.get_unique_terms_end();
         ++t)
        if ((*t).compare(0, prefix.size(), prefix) == 0)
            return true;
    return false;
}

Xapian::Query
build_query(const Xapian::Database &db, const Xapian::Stem &stem,
            const std::string &text, const lex_thesaurus_t *th,
            const lex_gazetteer_t *gz, bool exact, bool tagged,
            std::string *corrected, Xapian::Query *all_words,
            Xapian::Query *written_out, Xapian::Query *proximity)
{
    bool topics = th && !exact && tagged;
    if (proximity)
        *proximity = Xapian::Query();
    Xapian::Query q = build_with(db, stem, text, th, gz, exact, topics,
                                 corrected, all_words, proximity);
    if (written_out)
        *written_out = topics && names_topic(q)
                           ? build_with(db, stem, text, th, gz, exact, false,
                                        NULL, NULL, NULL)
                           : Xapian::Query();
    return q;
}

std::string
explain_query(const Xapian::Database &db, const Xapian::Stem &stem,
              const std::string &text, const lex_thesaurus_t *th,
              const lex_gazetteer_t *gz, bool exact, bool tagged)
{
    tree_ptr tree = parsed(text);
    std::string connected = with_connectors(tree.get());
    Parser p(db, stem, gz);
    std::string rewritten = p.rewrite(connected, th, exact);
    Xapian::Query q = p.parse(rewritten);
    std::ostringstream out;
    out << "query:     " << text << "\n";
    out << "tree:\n" << printed_tree(tree.get());
    out << "rewritten: " << rewritten << "\n";
    out << "synonyms:  "
        << (exact                    ? "off (--exact)"
            : rewritten != connected ? "expanded above"
                                     : "none apply")
        << "\n";
    out << "stemming:  English, every word, in phrases too (the terms below "
           "are stems)\n";
    if (!exact && rewritten != connected) {
        bool tagged_here = th && tagged;
        out << "groups:    "
            << (tagged_here
                    ? "each synonym group above is searched as one term "
                      "the indexer tagged items with (XT)"
                    : "written out as above (the index was not tagged "
                      "with this thesaurus; lexindex --rebuild tags it)")
            << "\n";
    }
    std::string corrected = p.correction(text, exact ? NULL : th);
    if (!corrected.empty())
        out << "spelling:  did you mean '" << corrected << "'?\n";
    out << "terms:    ";
    for (auto t = q.get_unique_terms_begin(); t != q.get_unique_terms_end();
         ++t)
        out << " " << *t;
    out << "\n";
    out << "xapian:    " << q.get_description() << "\n";
    return out.str();
}

} // namespace lexdb_internal
