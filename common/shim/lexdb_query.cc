/*
 * lexdb_query.cc - the query language of lexsearch-query(7), over Xapian.
 *
 * The C query layer parses the query into a tree (query_tree.c),
 * refusing what the language does not allow with the column at fault,
 * expands it (query_expand.c) and lowers it into a plan of Xapian
 * operations (query_lower.c).  This file only gives that layer what
 * needs the index (the stemmer, whether a term exists, the spelling
 * suggestion, the words and terms beginning with a prefix) and turns
 * the plans into Xapian::Query (query_of_plan).  The forms the C layer
 * does not plan yet are PARSE nodes, read here by Xapian's QueryParser,
 * whose field processors ask the C layer for the plan of each value
 * (lex_field_plan).  Refusals are QueryParserErrors whose message gives
 * the column, which the shim reports as a query syntax error.
 */
#include "lexdb_private.h"

#include <exception>
#include <map>
#include <memory>
#include <new>
#include <utility>

extern "C" {
#include "query_lower.h"
}

using namespace lexdb_internal;

namespace
{

/* Appends the stem of w to out: Xapian's stemmer for the C layer.  No
   exception may cross C's frames: one (bad_alloc) marks out as failed,
   which the C layer reports as out of memory. */
void
stem_into(void *ctx, const char *w, size_t n, lex_buf_t *out)
{
    try {
        std::string s =
            (*static_cast<const Xapian::Stem *>(ctx))(std::string(w, n));
        lex_buf_append(out, s.data(), s.size());
    } catch (...) {
        out->failed = true;
    }
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
    if (!th)
        return NULL;
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

/* Throws what a C query function's status stands for: bad_alloc, or a
   QueryParserError with its message (the column at fault). */
void
check(lex_status_t st, const lex_err_t &err)
{
    if (st == LEX_ENOMEM)
        throw std::bad_alloc();
    if (st != LEX_OK)
        throw Xapian::QueryParserError(err.msg);
}

/* The index as the C query layer asks it (lex_qindex_t). */
struct Index {
    Xapian::Database db;
    Xapian::Stem stem;

    /* Appends the stem of w to out. */
    static void stem_of(void *ctx, const char *w, size_t n, lex_buf_t *out)
    {
        stem_into(&static_cast<Index *>(ctx)->stem, w, n, out);
    }

    /* The first exception a callback met: no exception may cross C's
       frames, so each callback keeps it and returns its fallback, and
       the shim rethrows it once back from C (rethrow). */
    std::exception_ptr error;
    template <typename T, typename F>
    static T guard(void *ctx, T fallback, F fn)
    {
        Index *ix = static_cast<Index *>(ctx);
        if (ix->error)
            return fallback;
        try {
            return fn(*ix);
        } catch (...) {
            ix->error = std::current_exception();
            return fallback;
        }
    }

    /* Throws the exception a callback kept, if any. */
    void rethrow()
    {
        if (error)
            std::rethrow_exception(error);
    }

    /* How many items hold the term t (1 after an error). */
    static unsigned long term_freq(void *ctx, const char *t, size_t n)
    {
        return guard(ctx, 1UL, [&](Index &ix) -> unsigned long {
            return ix.db.get_termfreq(std::string(t, n));
        });
    }

    /* True when some item has the term t (true after an error: a known
       word is not respelled). */
    static bool term_exists(void *ctx, const char *t, size_t n)
    {
        return guard(ctx, true, [&](Index &ix) {
            return ix.db.term_exists(std::string(t, n));
        });
    }

    /* The index's nearest spelling of w (none after an error). */
    static void suggest(void *ctx, const char *w, size_t n, lex_buf_t *out)
    {
        guard(ctx, 0, [&](Index &ix) {
            std::string s = ix.db.get_spelling_suggestion(std::string(w, n));
            lex_buf_append(out, s.data(), s.size());
            return 0;
        });
    }

    /* The words of the spelling table, or the terms, beginning with p. */
    static void starting(void *ctx, bool spelling, const char *p, size_t n,
                         lex_word_fn each, void *each_ctx)
    {
        guard(ctx, 0, [&](const Index &ix) {
            each_starting(ix.db, spelling, std::string(p, n), each, each_ctx);
            return 0;
        });
    }

    /* starting's walk, which may throw. */
    static void each_starting(const Xapian::Database &db, bool spelling,
                              const std::string &prefix, lex_word_fn each,
                              void *each_ctx)
    {
        size_t n = prefix.size();
        if (!spelling) {
            for (auto t = db.allterms_begin(prefix);
                 t != db.allterms_end(prefix); ++t)
                each(each_ctx, (*t).data(), (*t).size());
            return;
        }
        Xapian::TermIterator w = db.spellings_begin();
        if (w != db.spellings_end())
            w.skip_to(prefix);
        for (; w != db.spellings_end() && (*w).compare(0, n, prefix) == 0; ++w)
            each(each_ctx, (*w).data(), (*w).size());
    }
};

/*
 * The first error a field processor met while the QueryParser ran.
 * Xapian 1.4's parser leaks its state when a FieldProcessor throws, so
 * the processor records the error here and matches nothing; Parser::parse
 * throws it once parse_query has returned.
 */
typedef std::shared_ptr<std::string> field_error_t;

/* A field of lexsearch-query(7) (date:, section:, agency:, wild:...):
   the plan the C layer makes of its value (lex_field_plan). */
class PlanField : public Xapian::FieldProcessor
{
    std::string name;
    const lex_qlower_opts_t *opts;
    field_error_t error;

  public:
    PlanField(const char *n, const lex_qlower_opts_t *o, const field_error_t &e)
        : name(n), opts(o), error(e)
    {
    }

    Xapian::Query operator()(const std::string &v) override
    {
        lex_plan_t *p = NULL;
        lex_err_t err;
        lex_status_t st =
            lex_field_plan(name.c_str(), v.data(), v.size(), opts, &p, &err);
        if (st == LEX_ENOMEM)
            throw std::bad_alloc();
        if (st != LEX_OK) {
            if (error->empty())
                *error = err.msg;
            return Xapian::Query::MatchNothing;
        }
        std::unique_ptr<lex_plan_t, void (*)(lex_plan_t *)> hold(p,
                                                                 lex_plan_free);
        return query_of_plan(hold.get());
    }
};

/* Plans as Xapian queries, PARSE nodes read by the QueryParser
   configured for lexsearch-query(7). */
struct Parser {
    Index index;
    lex_qindex_t ix;
    lex_qlower_opts_t opts;
    Xapian::QueryParser qp;
    field_error_t field_error = std::make_shared<std::string>();
    /* each text parsed once: a clause's copies in the recall tiers */
    std::map<std::pair<std::string, lex_pkind_t>, Xapian::Query> seen;

    Parser(const Xapian::Database &db, const Xapian::Stem &stem,
           const lex_gazetteer_t *gz, const lex_stemmed_thesaurus_t *st)
        : index{db, stem, nullptr}, ix{&index,
                                       Index::stem_of,
                                       Index::term_exists,
                                       Index::suggest,
                                       Index::starting,
                                       db.size() ? Index::term_freq : NULL},
          opts{&ix, gz, st, false, false, SENTENCE_WINDOW, PARAGRAPH_WINDOW}
    {
        qp.set_database(db);
        qp.set_stemmer(stem);
        qp.set_stemming_strategy(Xapian::QueryParser::STEM_ALL);
        qp.add_prefix("title", TITLE_PREFIX);
        qp.add_prefix("body", ""); /* the item's words: see index_paragraph */
        for (const char *f : {"date", "section", "bulletin", "site"})
            qp.add_boolean_prefix(f, field(f));
        for (const char *f :
             {"agency", "law", "role", "topic", "wild", "wildtitle"})
            qp.add_prefix(f, field(f));
    }

    Xapian::FieldProcessor *field(const char *name)
    {
        return (new PlanField(name, &opts, field_error))->release();
    }

    /* The text of a PARSE node as the QueryParser reads it. */
    Xapian::Query parse(const lex_plan_t *p)
    {
        auto key = std::make_pair(std::string(p->term, p->term_len), p->join);
        auto known = seen.find(key);
        if (known != seen.end())
            return known->second;
        field_error->clear();
        qp.set_default_op(p->join == LEX_P_OR ? Xapian::Query::OP_OR
                                              : Xapian::Query::OP_AND);
        Xapian::Query q =
            qp.parse_query(key.first, Xapian::QueryParser::FLAG_PHRASE |
                                          Xapian::QueryParser::FLAG_BOOLEAN |
                                          Xapian::QueryParser::FLAG_LOVEHATE |
                                          Xapian::QueryParser::FLAG_WILDCARD |
                                          Xapian::QueryParser::FLAG_PURE_NOT |
                                          Xapian::QueryParser::FLAG_CJK_NGRAM);
        if (!field_error->empty())
            throw Xapian::QueryParserError(*field_error);
        seen.emplace(key, q);
        return q;
    }

    /* The Xapian query of plan (an empty one for NULL with none). */
    Xapian::Query query(const lex_plan_t *plan)
    {
        Xapian::Query q = query_of_plan(
            plan, [this](const lex_plan_t *p) { return parse(p); });
        index.rethrow(); /* of a field's plan (PlanField) */
        return q;
    }
};

/* The user's query with each unknown word respelled ("" for none). */
std::string
correction(const std::string &text, Parser &p)
{
    lex_buf_t b = LEX_BUF_INIT;
    lex_query_correction(text.data(), text.size(), p.opts.thesaurus, p.opts.gz,
                         &p.ix, &b);
    std::string out(b.data ? b.data : "", b.len);
    bool failed = lex_buf_failed(&b);
    lex_buf_free(&b);
    p.index.rethrow();
    if (failed)
        throw std::bad_alloc();
    return out;
}

/* build_query, with thesaurus groups as their terms when topics. */
Xapian::Query
build_with(const Xapian::Database &db, const Xapian::Stem &stem,
           const std::string &text, const lex_thesaurus_t *th,
           const lex_gazetteer_t *gz, bool exact, bool topics,
           std::string *corrected, Xapian::Query *all_words,
           Xapian::Query *proximity, bool *read_topic = NULL)
{
    Parser p(db, stem, gz, exact ? NULL : stemmed(th, stem));
    p.opts.topics = topics;
    p.opts.proximity_apart = proximity != NULL;
    lex_qlowered_t low;
    lex_err_t err;
    check(lex_query_lower(text.data(), text.size(), &p.opts, &low, &err), err);
    std::unique_ptr<lex_qlowered_t, void (*)(lex_qlowered_t *)> hold(
        &low, lex_qlowered_free);
    p.index.rethrow();
    p.query(hold->clauses); /* their refusals first, as typed */
    Xapian::Query q = p.query(hold->query);
    if (read_topic)
        *read_topic = hold->read_topic;
    if (proximity && hold->proximity)
        *proximity = p.query(hold->proximity);
    if (all_words)
        *all_words =
            hold->all_words ? p.query(hold->all_words) : Xapian::Query();
    if (corrected)
        *corrected = exact ? "" : correction(text, p);
    return q;
}

} // namespace

namespace lexdb_internal
{

Xapian::Query
group_as_query(const lex_syn_group_t &g, const Xapian::Stem &stem)
{
    lex_thesaurus_t one = {const_cast<lex_syn_group_t *>(&g), 1, 0};
    lex_plan_t *plan = NULL;
    lex_err_t err = {};
    check(lex_group_plan(&one, 0, &plan, &err), err);
    std::unique_ptr<lex_plan_t, void (*)(lex_plan_t *)> hold(plan,
                                                             lex_plan_free);
    return Parser(Xapian::Database(), stem, NULL, NULL).query(hold.get());
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
    Parser p(db, stem, gz, exact ? NULL : stemmed(th, stem));
    lex_buf_t b = LEX_BUF_INIT;
    lex_plan_t *plan = NULL;
    lex_err_t err;
    lex_status_t st = lex_query_explain(text.data(), text.size(), &p.opts,
                                        exact, th && tagged, &b, &plan, &err);
    std::string out(b.data ? b.data : "", b.len);
    lex_buf_free(&b);
    std::unique_ptr<lex_plan_t, void (*)(lex_plan_t *)> hold(plan,
                                                             lex_plan_free);
    p.index.rethrow();
    check(st, err);
    Xapian::Query q = p.query(hold.get());
    out += "terms:    ";
    for (auto t = q.get_unique_terms_begin(); t != q.get_unique_terms_end();
         ++t)
        out += " " + *t;
    return out + "\nxapian:    " + q.get_description() + "\n";
}

} // namespace lexdb_internal
