/*
 * lexdb_query.cc - the query language of lexsearch-query(7), over Xapian.
 *
 * The C front-end parses the query into a tree (query_tree.c), refusing
 * what the language does not allow with the column at fault, and its
 * passes expand the tree (query_expand.c): connectors, entities,
 * thesaurus groups, hyphen forms, Chinese segments.  This file builds
 * the Xapian::Query from the expanded tree node by node (Parser::build):
 * stems, phrases, Chinese n-grams, alternatives, groups and clauses are
 * made here; Xapian's QueryParser reads only the nodes where its own
 * parsing still helps (fields, filters, dates, operators, wildcards),
 * through the field processors below.  The recall tiers (recall_first),
 * the proximity boost and the spelling suggestion are fed from the tree
 * and the C passes.  Refusals are QueryParserErrors whose message gives
 * the column, which the shim reports as a query syntax error.
 */
#include "lexdb_private.h"

#include <algorithm>
#include <cctype>
#include <iterator>
#include <memory>
#include <new>
#include <cstdlib>
#include <cstring>
#include <exception>
#include <sstream>
#include <set>
#include <unordered_set>

extern "C" {
#include "query_cjk.h"
#include "query_expand.h"
#include "query_tree.h"
#include "thesaurus.h"
}

using namespace lexdb_internal;

namespace
{

/* How much a match through the thesaurus counts against a literal one. */
const double SYNONYM_WEIGHT = 0.5;

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
        lex_buf_t t = LEX_BUF_INIT;
        lex_name_term(prefix.c_str(), v.data(), v.size(), fold, &t);
        std::string term = taken(lex_buf_steal(&t));
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
 * The entity pass (query_expand.c) writes role words as (words OR
 * role:NAME).
 */
const double ROLE_WEIGHT = 0.5;

/* The items of the agencies in role (its name or one of its words), a
   match weighing ROLE_WEIGHT; an empty query for an unknown role. */
Xapian::Query
role_query(const lex_gazetteer_t *gz, const std::string &role)
{
    const char **ids = NULL;
    size_t n = gz ? lex_gazetteer_role_agencies(gz, role.c_str(), &ids) : 0;
    std::vector<Xapian::Query> terms;
    for (size_t i = 0; i < n; i++)
        terms.emplace_back(AGENCY_PREFIX + std::string(ids[i]));
    free(ids);
    if (terms.empty())
        return Xapian::Query();
    return Xapian::Query(
        Xapian::Query::OP_FILTER,
        Xapian::Query(
            (new Xapian::FixedWeightPostingSource(ROLE_WEIGHT))->release()),
        Xapian::Query(Xapian::Query::OP_OR, terms.begin(), terms.end()));
}

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
        Xapian::Query q = role_query(gz, v);
        if (q.empty())
            return field_failed(error, "unknown role '" + v +
                                           "' (see the roles of "
                                           "agencies.tsv in "
                                           "lexsearch-corpus(5))");
        return q;
    }
};

/*
 * topic:N, made by the thesaurus pass only (query_expand.c): items tagged with
 * thesaurus group N.  The tag is a boolean term (a weighted one would lengthen
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

Xapian::Query
topic_query(unsigned g)
{
    return TopicField()(std::to_string(g));
}

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
    std::vector<Xapian::Query> each(qs.size());
    std::transform(
        qs.begin(), qs.end(), each.begin(), [](const Xapian::Query &q) {
            return Xapian::Query(
                Xapian::Query::OP_FILTER,
                Xapian::Query(
                    (new Xapian::FixedWeightPostingSource(CLAUSE_COUNT_BOOST))
                        ->release()),
                q);
        });
    return Xapian::Query(Xapian::Query::OP_OR, each.begin(), each.end());
}
/* How much a proximity match of two neighbouring query words counts. */
const double PROXIMITY_WEIGHT = 1.0;
/* Window within which two neighbouring query words count as near. */
const unsigned PROXIMITY_WINDOW = 4;

/* Stems and adds a NEAR pair of neighbouring words (lex_pair_fn). */
void
add_near_pair(void *ctx, const char *a, size_t an, const char *b, size_t bn)
{
    auto *c = static_cast<
        std::pair<const Xapian::Stem *, std::vector<Xapian::Query>> *>(ctx);
    Xapian::Query terms[] = {Xapian::Query((*c->first)(std::string(a, an))),
                             Xapian::Query((*c->first)(std::string(b, bn)))};
    c->second.emplace_back(Xapian::Query::OP_NEAR, terms, terms + 2,
                           PROXIMITY_WINDOW);
}

/* Neighbouring words of the query near each other in an item. */
Xapian::Query
proximity_query(const std::string &text, const Xapian::Stem &stem)
{
    std::pair<const Xapian::Stem *, std::vector<Xapian::Query>> pairs{&stem,
                                                                      {}};
    lex_query_neighbours(text.c_str(), add_near_pair, &pairs);
    if (pairs.second.empty())
        return Xapian::Query();
    return Xapian::Query(Xapian::Query::OP_SCALE_WEIGHT,
                         Xapian::Query(Xapian::Query::OP_OR,
                                       pairs.second.begin(),
                                       pairs.second.end()),
                         PROXIMITY_WEIGHT);
}

/* Appends the stem of w to out: the stemmer the C passes call. */
void
stem_into(void *ctx, const char *w, size_t n, lex_buf_t *out)
{
    std::string s =
        (*static_cast<const Xapian::Stem *>(ctx))(std::string(w, n));
    lex_buf_append(out, s.data(), s.size());
}

/*
 * th as stems (query_expand.h), made once per thesaurus rather than for
 * each query.
 */
const lex_stemmed_thesaurus_t *
stemmed(const lex_thesaurus_t *th, const Xapian::Stem &stem)
{
    struct Cache {
        const lex_thesaurus_t *th = NULL;
        uint64_t hash = 0;
        Xapian::Stem stem;
        lex_stemmed_thesaurus_t *st = NULL;
        ~Cache()
        {
            lex_stemmed_thesaurus_free(st);
        }
    };
    thread_local Cache cache;
    if (cache.st && cache.th == th && cache.hash == th->hash)
        return cache.st;
    lex_stemmed_thesaurus_free(cache.st);
    cache.st = NULL;
    cache.stem = stem;
    if (lex_stemmed_thesaurus_new(th, stem_into, &cache.stem, &cache.st) !=
        LEX_OK)
        throw std::bad_alloc();
    cache.th = th;
    cache.hash = th->hash;
    return cache.st;
}

/* The expanded tree as QueryParser text; wild: see lex_query_write. */
std::string
written(const lex_query_t *q, bool wild)
{
    lex_buf_t b = LEX_BUF_INIT;
    lex_query_write(q, wild, &b);
    if (lex_buf_failed(&b)) {
        lex_buf_free(&b);
        throw std::bad_alloc();
    }
    std::string out(b.data ? b.data : "", b.len);
    lex_buf_free(&b);
    return out;
}

/* What lex_cjk_plan asks the index through term_freq: the database,
   and a Xapian error to rethrow once back from C. */
struct FreqAsker {
    const Xapian::Database &db;
    std::exception_ptr error;
};

/* How many items hold the term t (n bytes); 1 after an error, which
   cjk_query rethrows (no exception crosses the C code). */
unsigned long
term_freq(void *ctx, const char *t, size_t n)
{
    FreqAsker *a = static_cast<FreqAsker *>(ctx);
    if (a->error)
        return 1;
    try {
        return a->db.get_termfreq(std::string(t, n));
    } catch (...) {
        a->error = std::current_exception();
        return 1;
    }
}

/*
 * A Chinese word as Xapian's parser reads it with FLAG_CJK_NGRAM: each
 * character and each pair of neighbours, all required; a long run as
 * lex_cjk_plan decides, asking db about its n-grams.  False for a word
 * with anything but ideographs (the parser reads it then).
 */
bool
cjk_query(const char *s, size_t n, const Xapian::Database &db,
          Xapian::Query *out)
{
    FreqAsker asker{db, nullptr};
    lex_plan_t *plan = NULL;
    if (lex_cjk_plan(s, n, db.size() ? term_freq : NULL, &asker, &plan) !=
        LEX_OK)
        throw std::bad_alloc();
    if (asker.error) {
        lex_plan_free(plan);
        std::rethrow_exception(asker.error);
    }
    if (!plan)
        return false;
    std::unique_ptr<lex_plan_t, void (*)(lex_plan_t *)> owned(plan,
                                                              lex_plan_free);
    *out = query_of_plan(plan);
    return true;
}

/* Items tagged with thesaurus group g (TopicField). */
Xapian::Query topic_query(unsigned g);

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

    /* The expanded tree of tree (query_expand.h): th NULL for --exact,
       literal for the words as typed. */
    tree_ptr expand(const lex_query_t *tree, const lex_thesaurus_t *th,
                    bool topics, bool literal = false)
    {
        lex_qexpand_opts_t o = {gz,
                                th ? stemmed(th, stem) : NULL,
                                topics,
                                literal,
                                SENTENCE_WINDOW,
                                PARAGRAPH_WINDOW};
        lex_query_t *out = NULL;
        lex_err_t err;
        lex_status_t st = lex_query_expand(tree, &o, &out, &err);
        if (st == LEX_ENOMEM)
            throw std::bad_alloc();
        if (st != LEX_OK)
            throw Xapian::QueryParserError(err.msg);
        return tree_ptr(out, lex_query_free);
    }

    /* text as the QueryParser reads it (the internal fields wild: and
       wildtitle: with wild). */
    Xapian::Query parse(const std::string &text)
    {
        field_error->clear();
        Xapian::Query q = qp.parse_query(text, flags);
        if (!field_error->empty())
            throw Xapian::QueryParserError(*field_error);
        return q;
    }

    /* n as the QueryParser reads it alone: the forms built here do not
       need Xapian's parser, the others still go through it. */
    Xapian::Query parsed_alone(const lex_qnode_t *n)
    {
        lex_buf_t b = LEX_BUF_INIT;
        lex_query_write_node(n, true, &b);
        if (lex_buf_failed(&b)) {
            lex_buf_free(&b);
            throw std::bad_alloc();
        }
        std::string text(b.data ? b.data : "", b.len);
        lex_buf_free(&b);
        return parse(text);
    }

    /* The stemmed term of an ASCII word, as the parser makes it. */
    std::string term(const char *w, size_t n)
    {
        std::string lower(w, n);
        for (char &c : lower)
            c = char(tolower((unsigned char)c));
        return stem(lower);
    }

    /* The terms of a phrase of ASCII words side by side; false when it
       holds anything else (the parser reads it then). */
    bool phrase_query(const lex_qnode_t *n, Xapian::Query *out)
    {
        std::vector<Xapian::Query> terms;
        size_t i = 0;
        while (i < n->text_len) {
            size_t j = i;
            while (j < n->text_len && isalnum((unsigned char)n->text[j]))
                j++;
            if (j == i || (j < n->text_len && n->text[j] != ' '))
                return false;
            terms.emplace_back(term(n->text + i, j - i));
            i = j + 1;
        }
        if (terms.empty())
            return false;
        *out = terms.size() == 1
                   ? terms[0]
                   : Xapian::Query(Xapian::Query::OP_PHRASE, terms.begin(),
                                   terms.end(), terms.size());
        return true;
    }

    /* Built here, not by the parser: a kid of CLAUSES that the parser
       would not read as a filter, a + or a - (those change how it joins
       the clauses). */
    static bool joins_plainly(const lex_qnode_t *n)
    {
        switch (n->kind) {
        case LEX_Q_WORD:
        case LEX_Q_PHRASE:
        case LEX_Q_CJK:
        case LEX_Q_WILDCARD:
        case LEX_Q_ALT:
        case LEX_Q_SYNONYMS:
        case LEX_Q_TOPIC:
        case LEX_Q_ENTITY:
        case LEX_Q_FIELD:
            return true;
        case LEX_Q_FILTER: /* agency: and law: are plain terms */
            return n->name_len == 6 || n->name_len == 3
                       ? memcmp(n->name, "agency", n->name_len) == 0 ||
                             memcmp(n->name, "law", n->name_len) == 0
                       : false;
        default:
            return false;
        }
    }

    /* The kids of n joined by op; the parser's reading when a kid would
       change how it joins them. */
    Xapian::Query joined(const lex_qnode_t *n, Xapian::Query::op op)
    {
        std::vector<Xapian::Query> kids;
        for (size_t i = 0; i < n->n_kids; i++)
            if (!joins_plainly(n->kids[i]))
                return parsed_alone(n);
        for (size_t i = 0; i < n->n_kids; i++)
            kids.push_back(build(n->kids[i], op));
        return Xapian::Query(op, kids.begin(), kids.end());
    }

    /*
     * The Xapian query of a node of the expanded tree, built node by node
     * as Xapian's parser would read the node's text (so that ranking
     * does not change); op joins words side by side.
     */
    Xapian::Query build(const lex_qnode_t *n,
                        Xapian::Query::op op = Xapian::Query::OP_AND)
    {
        Xapian::Query q;
        switch (n->kind) {
        case LEX_Q_WORD:
            if (!lex_query_is_plain_word(n->text, n->text_len))
                break;
            for (size_t i = 0; i < n->text_len; i++)
                if (!isalnum((unsigned char)n->text[i]))
                    return parsed_alone(n);
            return Xapian::Query(term(n->text, n->text_len));
        case LEX_Q_PHRASE:
            if (phrase_query(n, &q))
                return q;
            break;
        case LEX_Q_CJK:
            if (cjk_query(n->text, n->text_len, qp_db, &q))
                return q;
            break;
        case LEX_Q_ALT:
        case LEX_Q_SYNONYMS: {
            std::vector<Xapian::Query> kids;
            for (size_t i = 0; i < n->n_kids; i++)
                kids.push_back(build(n->kids[i]));
            return Xapian::Query(Xapian::Query::OP_OR, kids.begin(),
                                 kids.end());
        }
        case LEX_Q_TOPIC:
            return topic_query(n->window);
        case LEX_Q_ENTITY:
            if (n->name[0] == 'r')
                return role_query(gz, std::string(n->text, n->text_len));
            return Xapian::Query(
                (n->name[0] == 'a' ? AGENCY_PREFIX : LAW_PREFIX) +
                std::string(n->text, n->text_len));
        case LEX_Q_CLAUSES:
            return joined(n, op);
        case LEX_Q_GROUP:
            if (n->n_kids == 1 && n->kids[0]->kind == LEX_Q_CLAUSES)
                return joined(n->kids[0], Xapian::Query::OP_AND);
            break;
        default:
            break;
        }
        return parsed_alone(n);
    }

    /* The query of a whole expanded tree, words side by side joined by
       op (the parser's default operator must be op too). */
    Xapian::Query build_root(const lex_query_t *tree, Xapian::Query::op op)
    {
        const lex_qnode_t *root = lex_query_root(tree);
        return root ? build(root, op) : Xapian::Query();
    }

    /* True when a word of a thesaurus phrase has w's stem. */
    bool in_thesaurus(const std::string &w, const lex_thesaurus_t *th)
    {
        return th &&
               lex_stemmed_thesaurus_has(stemmed(th, stem), w.data(), w.size());
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
        return lex_is_stopword(lower.data(), lower.size()) ||
               qp_db.term_exists(stem(lower)) ||
               (gz && lex_gazetteer_lookup(gz, w.c_str(), NULL, &id));
    }

    /* The index's nearest word to w when no item, thesaurus entry or
       gazetteer name has w (lex_respell_fn). */
    static bool respell(void *ctx, const char *w, size_t n, lex_buf_t *out)
    {
        auto *c =
            static_cast<std::pair<Parser *, const lex_thesaurus_t *> *>(ctx);
        std::string word(w, n), lower = word;
        for (char &ch : lower)
            ch = char(tolower((unsigned char)ch));
        if (c->first->known_word(word, c->second))
            return false;
        std::string s = c->first->qp_db.get_spelling_suggestion(lower);
        lex_buf_append(out, s.data(), s.size());
        return !s.empty();
    }

    /*
     * The user's query with each word that no item contains replaced by
     * the index's nearest word ("" when every word is known).  Works on
     * the text as typed, so that expansions never show up in it.
     */
    std::string correction(const std::string &text, const lex_thesaurus_t *th)
    {
        std::pair<Parser *, const lex_thesaurus_t *> ctx{this, th};
        lex_buf_t b = LEX_BUF_INIT;
        bool changed =
            lex_query_respell(text.data(), text.size(), respell, &ctx, &b);
        std::string out(b.data ? b.data : "", b.len);
        bool failed = lex_buf_failed(&b);
        lex_buf_free(&b);
        if (failed)
            throw std::bad_alloc();
        return changed ? out : "";
    }
};

/* True for a kid of the top CLAUSES glued to the one before it, with no
   space between them ("(listed first);"): the two are one clause. */
bool
glued(const lex_qnode_t *top, size_t i, const char *text)
{
    const lex_qnode_t *k = top->kids[i];
    return i && k->start >= 2 && k->start != top->kids[i - 1]->start &&
           text[k->start - 2] != ' ';
}

/* True for an operator, which keeps its meaning: no recall tiers. */
bool
is_operator_node(const lex_qnode_t *n)
{
    switch (n->kind) {
    case LEX_Q_AND:
    case LEX_Q_OR:
    case LEX_Q_XOR:
    case LEX_Q_AND_NOT:
    case LEX_Q_NOT:
    case LEX_Q_NEAR:
    case LEX_Q_ADJ:
    case LEX_Q_CONNECTOR:
        return true;
    default:
        return false;
    }
}

/* A filter clause: section:, bulletin:, site:, agency:, law:, date:. */
bool
is_filter_node(const lex_qnode_t *n)
{
    return n->kind == LEX_Q_FILTER || n->kind == LEX_Q_DATE;
}

/* One clause of the top CLAUSES: kids [from, to) of top. */
struct Clause {
    const lex_qnode_t *first;
    Xapian::Query query;
};

/*
 * The clauses of the expanded tree side by side, each built alone
 * (signs and filters are the caller's); false when its top is not
 * clauses or holds an operator.
 */
bool
clauses_of(Parser &p, const lex_query_t *tree, std::vector<Clause> *out)
{
    const lex_qnode_t *top = lex_query_root(tree);
    if (!top || top->kind != LEX_Q_CLAUSES)
        return false;
    const char *text = lex_query_text(tree);
    for (size_t i = 0; i < top->n_kids; i++)
        if (is_operator_node(top->kids[i]))
            return false;
    for (size_t i = 0; i < top->n_kids;) {
        size_t j = i + 1;
        while (j < top->n_kids && glued(top, j, text))
            j++;
        const lex_qnode_t *k = top->kids[i];
        bool signed_ = k->kind == LEX_Q_REQUIRED || k->kind == LEX_Q_EXCLUDED;
        Xapian::Query q;
        if (j == i + 1) {
            q = p.build(signed_ && k->n_kids ? k->kids[0] : k);
        } else { /* glued: the parser reads them as one clause */
            lex_buf_t b = LEX_BUF_INIT;
            for (size_t g = i; g < j; g++)
                lex_query_write_node(top->kids[g], true, &b);
            std::string c(b.data ? b.data : "", b.len);
            lex_buf_free(&b);
            q = p.parse(signed_ ? c.substr(1) : c);
        }
        out->push_back({k, q});
        i = j;
    }
    return true;
}

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
recall_first(Parser &p, const lex_query_t *tree, Xapian::Query *ranked,
             Xapian::Query *all)
{
    std::vector<Clause> clauses;
    if (!clauses_of(p, tree, &clauses))
        return false;
    std::vector<Xapian::Query> optional, required, excluded;
    std::vector<Xapian::Query> stopped;
    for (const Clause &c : clauses) {
        const lex_qnode_t *k = c.first;
        if (k->kind == LEX_Q_EXCLUDED)
            excluded.push_back(c.query);
        else if (k->kind == LEX_Q_REQUIRED || is_filter_node(k))
            required.push_back(c.query);
        else if (k->kind == LEX_Q_WORD &&
                 lex_query_is_plain_word(k->text, k->text_len) &&
                 lex_is_stopword(k->text, k->text_len))
            stopped.push_back(c.query);
        else
            optional.push_back(c.query);
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

/* True when the text at byte column (1-based) of text is Chinese. */
bool
typed_in_chinese(const char *text, size_t column)
{
    return column > 0 && (unsigned char)text[column - 1] >= 0x80;
}

/*
 * Adds to out the phrases of each thesaurus group under n (of the tree
 * with its groups written out) that are in the other script than the
 * words typed there: the Chinese phrases of a group typed in English,
 * the English ones of a group typed in Chinese.  These are the typed
 * words' translations: an item written in the other language can only
 * say them so, and must not rank as a mere synonym's match.
 */
void
collect_translations(Parser &p, const char *text, const lex_qnode_t *n,
                     std::vector<Xapian::Query> *out)
{
    if (n->kind == LEX_Q_SYNONYMS) {
        bool chinese = typed_in_chinese(text, n->column);
        for (size_t i = 0; i < n->n_kids; i++) {
            if ((n->kids[i]->kind == LEX_Q_CJK) == chinese)
                continue;
            Xapian::Query t = p.build(n->kids[i]);
            if (chinese)
                out->push_back(t);
            else /* its n-grams weigh as one word */
                out->emplace_back(Xapian::Query::OP_SYNONYM, &t, &t + 1);
        }
        return;
    }
    for (size_t i = 0; i < n->n_kids; i++)
        collect_translations(p, text, n->kids[i], out);
}

/*
 * The words as typed (as_typed, joined by op) or their translations
 * through the thesaurus (collect_translations), which rank a match in
 * either language first: of "protection of minors" a Chinese item
 * saying 未成年人 weighs as an English one saying "minors", not as one
 * saying "children".
 */
Xapian::Query
typed_or_translated(Parser &p, const lex_query_t *as_typed,
                    const lex_query_t *written_out, Xapian::Query::op op)
{
    Xapian::Query typed = p.build_root(as_typed, op);
    std::vector<Xapian::Query> translations;
    if (lex_query_root(written_out))
        collect_translations(p, lex_query_text(written_out),
                             lex_query_root(written_out), &translations);
    if (translations.empty())
        return typed;
    translations.push_back(typed);
    return Xapian::Query(Xapian::Query::OP_OR, translations.begin(),
                         translations.end());
}

} // namespace

namespace lexdb_internal
{

Xapian::Query
group_as_query(const lex_syn_group_t &g, const Xapian::Stem &stem)
{
    lex_thesaurus_t one = {const_cast<lex_syn_group_t *>(&g), 1, 0};
    lex_query_t *q = NULL;
    lex_err_t err = {};
    if (lex_query_of_group(&one, 0, &q, &err) != LEX_OK)
        throw std::bad_alloc();
    tree_ptr tree(q, lex_query_free);
    Parser p(Xapian::Database(), stem, NULL);
    return p.parse(written(tree.get(), true));
}

/* build_query, with thesaurus groups as their terms when topics. */
Xapian::Query
build_with(const Xapian::Database &db, const Xapian::Stem &stem,
           const std::string &text, const lex_thesaurus_t *th,
           const lex_gazetteer_t *gz, bool exact, bool topics,
           std::string *corrected, Xapian::Query *all_words,
           Xapian::Query *proximity, bool *read_topic = NULL)
{
    tree_ptr tree = parsed(text);
    Parser p(db, stem, gz);
    tree_ptr expanded = p.expand(tree.get(), exact ? NULL : th, topics);
    if (read_topic)
        *read_topic = lex_query_has_kind(expanded.get(), LEX_Q_TOPIC);
    tree_ptr as_typed = p.expand(tree.get(), NULL, false, true);
    tree_ptr groups = topics ? p.expand(tree.get(), exact ? NULL : th, false)
                             : tree_ptr(NULL, lex_query_free);
    const lex_query_t *written_out = topics ? groups.get() : expanded.get();
    std::string rewritten = written(expanded.get(), true);
    std::string literal = written(as_typed.get(), true);
    Xapian::Query q, all;
    bool tiered = recall_first(p, expanded.get(), &q, &all);
    if (!tiered)
        q = p.build_root(expanded.get(), Xapian::Query::OP_AND);
    /* Synonyms widen the match; the words as typed, or their
       translations, still rank first. */
    if (rewritten != literal) {
        Xapian::Query::op op =
            tiered ? Xapian::Query::OP_OR : Xapian::Query::OP_AND;
        p.qp.set_default_op(op);
        q = Xapian::Query(
            Xapian::Query::OP_AND_MAYBE,
            Xapian::Query(Xapian::Query::OP_SCALE_WEIGHT, q, SYNONYM_WEIGHT),
            typed_or_translated(p, as_typed.get(), written_out, op));
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
    lex_query_t *tree = NULL;
    lex_err_t err;
    if (lex_query_parse(text.data(), text.size(), &tree, &err) != LEX_OK)
        return false; /* build_query reports it */
    bool wild = lex_query_has_wildcard(tree);
    lex_query_free(tree);
    return wild;
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
    bool read_topic = false;
    Xapian::Query q = build_with(db, stem, text, th, gz, exact, topics,
                                 corrected, all_words, proximity, &read_topic);
    if (written_out)
        *written_out = read_topic ? build_with(db, stem, text, th, gz, exact,
                                               false, NULL, NULL, NULL)
                                  : Xapian::Query();
    return q;
}

std::string
explain_query(const Xapian::Database &db, const Xapian::Stem &stem,
              const std::string &text, const lex_thesaurus_t *th,
              const lex_gazetteer_t *gz, bool exact, bool tagged)
{
    tree_ptr tree = parsed(text);
    Parser p(db, stem, gz);
    tree_ptr expanded = p.expand(tree.get(), exact ? NULL : th, false);
    std::string rewritten = written(expanded.get(), false);
    std::string connected =
        written(p.expand(tree.get(), NULL, false, true).get(), false);
    Xapian::Query q = p.parse(written(expanded.get(), true));
    std::ostringstream out;
    out << "query:     " << text << "\n";
    out << "tree:\n" << printed_tree(tree.get());
    out << "expanded:\n" << printed_tree(expanded.get());
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
