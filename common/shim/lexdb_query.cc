/*
 * lexdb_query.cc - queries and searches over Xapian: the steps the C
 * search driver (query/search.h) takes, and the query language's index.
 *
 * How a search goes (its plans, sort, paging, tiers, totals, snippets,
 * spelling retry) is decided in C; each step here touches Xapian once:
 * a plan as a Xapian::Query, one Enquire's match set (its docids and
 * weights handed over whole), a match's value or record, a metadata
 * value of each shard, a query's facets, terms or description, a snippet.
 *
 * The C query layer parses the query into a tree (query_tree.c),
 * refusing what the language does not allow with the column at fault,
 * expands it (query_expand.c) and lowers it into a plan of Xapian
 * operations (query_lower.c).  This file only gives that layer what
 * needs the index (the stemmer, whether a term exists, the spelling
 * suggestion, the words and terms beginning with a prefix) and turns
 * the plans into Xapian::Query (query_of_plan).  No exception crosses
 * the C driver: the first failure of a step is kept as a status and
 * message (Search::keep), and the driver's refusals, whose message gives
 * the column, are reported as query syntax errors (lexdb_search_outcome).
 */
#include "lexdb_private.h"

#include <cstring>
#include <exception>
#include <memory>
#include <new>
#include <utility>

extern "C" {
#include "hits.h"
#include "index_terms.h"
#include "query_lower.h"
#include "search.h"
#include "snippet.h"
}

using namespace lexdb_internal;

namespace lexdb_internal
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

} // namespace lexdb_internal

namespace
{

/*
 * The weighting of every ranked query: BM25 without length normalisation
 * (b = 0).  With it, Xapian reads the length of every matching item, a
 * walk through the whole document-length list for a word spread over
 * the index: 80% of a rare word's query at a million items (9.6 ms of
 * 11; 2.0 ms without).  Bulletin items are paragraphs of much the same
 * length, and the judged queries score the same either way (nDCG@10
 * 0.795, tests/relevance); items of equal weight come newest first.
 */
Xapian::BM25Weight
ranking_weight()
{
    return Xapian::BM25Weight(1, 0, 1, 0, 0.5);
}

/*
 * Copies a match spy's counts into a facet list, most frequent first.
 * A multi-valued slot (agencies, laws: ids joined by TABs) has every
 * distinct joined value counted, which splitting them (lex_facets_merge)
 * turns into each id's exact count: only Xapian's own spy crosses the
 * remote protocol, hence this detour.
 */
void
collect_facets(const Xapian::ValueCountMatchSpy &spy, bool multi,
               lex_facets_t *list)
{
    auto end = multi ? spy.values_end() : spy.top_values_end(1000);
    for (auto v = multi ? spy.values_begin() : spy.top_values_begin(1000);
         v != end; ++v) {
        const std::string value = *v;
        if (!(multi ? lex_facets_add_each : lex_facets_add)(
                list, value.data(), value.size(), v.get_termfreq()))
            throw std::bad_alloc();
    }
    if (multi)
        lex_facets_merge(list);
}

/*
 * Notes in seen the docid and weight of each match the matcher weighs
 * (a match set's own spy, which lives as long as its list): Xapian
 * hands a spy every match whose weight reaches the lowest of the MSet
 * being filled, before ranking it, so after an MSet of the top n every
 * item weighing as much as its n-th has been seen, the whole run of
 * ties at its end included.  In-process only (a remote shard would
 * need the spy serialised).
 */
struct SeenSpy : public Xapian::MatchSpy {
    std::vector<lex_seen_t> seen;
    void operator()(const Xapian::Document &doc, double wt) override
    {
        seen.push_back({doc.get_docid(), wt});
    }
};

} // namespace

/* A plan as a Xapian query (search.h). */
struct lex_xquery {
    Xapian::Query q;
};

namespace
{

/*
 * The stemmer of the snippets of one match set: it stems only the words
 * whose first byte begins a stemmed term ("Z" + stem) of the match set's
 * query, and gives any other word back as it is.  Xapian's snippet looks
 * the stem of a word up among those terms and uses it for nothing else
 * (no SNIPPET_BACKGROUND_MODEL); an English stem keeps its word's first
 * letter, as does the acronym rule (sdks, sdk), so such a word's stem is
 * no query term, and neither is the word.  The same words are marked,
 * without stemming most of them (a fifth of a snippet's instructions).
 */
class SnippetStem : public Xapian::StemImplementation
{
    Xapian::Stem stem;
    bool first_byte[256] = {};

  public:
    SnippetStem(const Xapian::Stem &s, const Xapian::Query &q) : stem(s)
    {
        for (auto t = q.get_unique_terms_begin(); t != q.get_unique_terms_end();
             ++t)
            if ((*t).size() > 1 && (*t)[0] == 'Z')
                first_byte[(unsigned char)(*t)[1]] = true;
    }

    std::string operator()(const std::string &word) override
    {
        if (word.empty() || !first_byte[(unsigned char)word[0]])
            return word;
        return stem(word);
    }

    std::string get_description() const override
    {
        return "snippet " + stem.get_description();
    }
};

/* A match set as search.h shows it, Xapian's own beside it, and the
   query it matched with its snippet stemmer (made at the first
   snippet). */
struct Matches : lex_matches_t {
    Xapian::MSet ms;
    std::vector<lex_ranked_t> all;
    SeenSpy noted; /* lex_run_t's note_seen */
    Xapian::Query query;
    mutable Xapian::Stem snippet_stem;
};

/*
 * A search over db: the index as the C query layer asks it (ix) and the
 * steps of the search driver (ops), each touching Xapian once.  No
 * exception may cross C's frames: the first one a step or an index
 * callback meets is kept as a status, its message in err (keep); the
 * steps after it do nothing, and the search returns it once back from
 * C (lexdb_search_outcome).
 */
struct Search {
    lexdb_t *db;
    const char *what; /* the query, for messages */
    lex_err_t *err;
    lexdb_status_t failed = LEXDB_OK;
    lex_qindex_t ix;
    lex_searcher_t ops;

    Search(lexdb_t *d, const char *w, lex_err_t *e)
        : db(d), what(w),
          err(e), ix{this,    stem_of,   term_exists,
                     suggest, starting,  d->x->db().size() ? term_freq : NULL,
                     lower,   char_class},
          ops{this,           &ix,           d->c.gazetteer,
              d->c.remote,    d->c.n_remote, stemmed_of,
              metadata,       ordered,       items,
              like,           prepare,       is_empty,
              release,        run,           of_match<false>,
              of_match<true>, values_of,     free_matches,
              facets,         terms,         describe,
              highlight,      false}
    {
        ops.one_database = d->x->shards.size() <= 1 && !d->c.n_remote;
    }

    /* Runs fn on the search of ctx unless a failure was kept before: its
       value (LEX_OK when it returns nothing), or fallback with the
       failure of what it threw kept. */
    template <typename T, typename F> static T keep(void *ctx, T fallback, F fn)
    {
        Search *s = static_cast<Search *>(ctx);
        T out = fallback;
        if (s->failed == LEXDB_OK)
            s->failed = guard(s->err, s->what, [&] {
                if constexpr (std::is_void_v<decltype(fn(*s))>) {
                    fn(*s);
                    out = T(LEX_OK);
                } else {
                    out = fn(*s);
                }
            });
        return out;
    }

    /* Appends the stem of w to out. */
    static void stem_of(void *ctx, const char *w, size_t n, lex_buf_t *out)
    {
        stem_into(&static_cast<Search *>(ctx)->db->x->stem, w, n, out);
    }

    /* How many items hold the term t (1 after an error). */
    static unsigned long term_freq(void *ctx, const char *t, size_t n)
    {
        return keep(ctx, 1UL, [&](const Search &s) -> unsigned long {
            return s.db->x->db().get_termfreq(std::string(t, n));
        });
    }

    /* True when some item has the term t (true after an error: a known
       word is not respelled). */
    static bool term_exists(void *ctx, const char *t, size_t n)
    {
        return keep(ctx, true, [&](const Search &s) {
            return s.db->x->db().term_exists(std::string(t, n));
        });
    }

    /* The index's nearest spelling of w (none after an error). */
    static void suggest(void *ctx, const char *w, size_t n, lex_buf_t *out)
    {
        keep(ctx, LEX_EINDEX, [&](const Search &s) {
            std::string r = s.db->x->db().get_spelling_suggestion({w, n});
            lex_buf_append(out, r.data(), r.size());
        });
    }

    /* Appends w lower-cased by Xapian's Unicode tables, as Xapian
       lowers a term. */
    static void lower(void *ctx, const char *w, size_t n, lex_buf_t *out)
    {
        (void)ctx;
        std::string low = Xapian::Unicode::tolower(std::string(w, n));
        lex_buf_append(out, low.data(), low.size());
    }

    /* What Xapian takes the code point cp for: a word
       character, a decimal digit, white space (LEX_QCHAR_ bits). */
    static unsigned char_class(void *ctx, unsigned cp)
    {
        (void)ctx;
        unsigned cls = 0;
        if (Xapian::Unicode::is_wordchar(cp))
            cls |= LEX_QCHAR_WORD;
        if (Xapian::Unicode::get_category(cp) ==
            Xapian::Unicode::DECIMAL_DIGIT_NUMBER)
            cls |= LEX_QCHAR_DIGIT;
        if (Xapian::Unicode::is_whitespace(cp))
            cls |= LEX_QCHAR_SPACE;
        return cls;
    }

    /* The words of the spelling table, or the terms, beginning with p. */
    static void starting(void *ctx, bool spelling, const char *p, size_t n,
                         lex_word_fn each, void *each_ctx)
    {
        keep(ctx, LEX_EINDEX, [&](const Search &s) {
            const Xapian::Database &db = s.db->x->db();
            std::string prefix(p, n);
            if (!spelling) {
                for (auto t = db.allterms_begin(prefix);
                     t != db.allterms_end(prefix); ++t)
                    each(each_ctx, (*t).data(), (*t).size());
                return;
            }
            Xapian::TermIterator w = db.spellings_begin();
            if (w != db.spellings_end())
                w.skip_to(prefix);
            for (; w != db.spellings_end() && (*w).compare(0, n, prefix) == 0;
                 ++w)
                each(each_ctx, (*w).data(), (*w).size());
        });
    }

    static lex_status_t stemmed_of(void *ctx, const lex_thesaurus_t *th,
                                   const lex_stemmed_thesaurus_t **out)
    {
        return keep(ctx, LEX_EINDEX, [&](const Search &s) {
            if (lexdb_stemmed(s.db, th, stem_into, &s.db->x->stem, out) !=
                LEX_OK)
                throw std::bad_alloc();
        });
    }

    /* A multi-database's metadata is its first shard's: each shard's is
       read. */
    static lex_status_t metadata(void *ctx, const char *key, lex_word_fn each,
                                 void *each_ctx)
    {
        return keep(ctx, LEX_EINDEX, [&](const Search &s) {
            auto one = [&](const Xapian::Database &x) {
                std::string v = x.get_metadata(key);
                each(each_ctx, v.data(), v.size());
            };
            if (s.db->x->shards.empty())
                one(s.db->x->db());
            for (const Xapian::Database &sh : s.db->x->shards)
                one(sh);
        });
    }

    /* Indexes older than the order value keep the docid order. */
    static lex_status_t ordered(void *ctx, bool *out)
    {
        return keep(ctx, LEX_EINDEX, [&](const Search &s) {
            *out = !s.db->x->db().get_value_upper_bound(LEX_SLOT_ORDER).empty();
        });
    }

    static lex_status_t items(void *ctx, unsigned long *out)
    {
        return keep(ctx, LEX_EINDEX, [&](const Search &s) {
            *out = s.db->x->db().get_doccount();
        });
    }

    /* Exact term frequencies, which Xapian would estimate over shards;
       and the 20 best words by expand weight rather than OP_ELITE_SET,
       whose choice depends on each shard's own bounds. */
    static lex_status_t like(void *ctx, const char *qterm, lex_plan_t **out)
    {
        return keep(ctx, LEX_EINDEX, [&](const Search &s) {
            Xapian::Database &x = s.db->x->db();
            Xapian::PostingIterator p = x.postlist_begin(qterm);
            if (p == x.postlist_end(qterm))
                return;
            Xapian::RSet rset;
            rset.add_document(*p);
            struct WordsOnly : public Xapian::ExpandDecider {
                bool operator()(const std::string &t) const override
                {
                    return lex_term_is_word(t.data(), t.size(), 0);
                }
            } words;
            Xapian::ESet eset = Xapian::Enquire(x).get_eset(
                20, rset, Xapian::Enquire::USE_EXACT_TERMFREQ, &words);
            lex_plan_t *similar = lex_plan_new(LEX_P_OR);
            for (auto t = eset.begin(); t != eset.end(); ++t)
                similar = lex_plan_add(similar,
                                       lex_plan_term((*t).data(), (*t).size()));
            if (!(*out = similar))
                throw std::bad_alloc();
        });
    }

    static lex_status_t prepare(void *ctx, const lex_plan_t *p,
                                lex_xquery_t **out)
    {
        return keep(ctx, LEX_EINDEX,
                    [&](Search &) { *out = new lex_xquery{query_of_plan(p)}; });
    }

    static bool is_empty(const lex_xquery_t *q)
    {
        return q->q.empty();
    }

    static void release(lex_xquery_t *q)
    {
        delete q;
    }

    /* The Enquire of one match set, weighed and sorted as how says,
       with a SeenSpy when how notes the matches seen. */
    static lex_status_t run(void *ctx, const lex_xquery_t *q,
                            const lex_run_t *how, lex_matches_t **out)
    {
        return keep(ctx, LEX_EINDEX, [&](const Search &s) {
            std::unique_ptr<Matches> m(new Matches());
            Xapian::Enquire e(s.db->x->db());
            if (how->note_seen)
                e.add_matchspy(&m->noted);
            e.set_query(q->q);
            if (how->rank == LEX_BY_COUNT)
                e.set_weighting_scheme(Xapian::BoolWeight());
            else
                e.set_weighting_scheme(ranking_weight());
            if (how->rank == LEX_BY_RELEVANCE_THEN_ORDER)
                e.set_sort_by_relevance_then_value(LEX_SLOT_ORDER, true);
            else if (how->rank == LEX_BY_ORDER)
                e.set_sort_by_value(LEX_SLOT_ORDER, how->newest_first);
            else if (how->rank == LEX_BY_DATE_THEN_RELEVANCE)
                e.set_sort_by_value_then_relevance(LEX_SLOT_DATE,
                                                   how->newest_first);
            m->ms = e.get_mset(how->first, how->max, how->check);
            m->query = q->q;
            size_t i = 0;
            for (auto it = m->ms.begin(); it != m->ms.end(); ++it)
                m->all.push_back({i++, *it, it.get_weight(), it.get_percent()});
            m->ranked = m->all.data();
            m->n = m->all.size();
            m->estimated = m->ms.get_matches_estimated();
            m->fixed = m->ms.get_matches_lower_bound() ==
                       m->ms.get_matches_upper_bound();
            m->seen = m->noted.seen.data();
            m->n_seen = m->noted.seen.size();
            *out = m.release();
        });
    }

    /* Appends the order value of match i of m to out, or its record
       for RECORD. */
    template <bool RECORD>
    static lex_status_t of_match(void *ctx, const lex_matches_t *m, size_t i,
                                 lex_buf_t *out)
    {
        return keep(ctx, LEX_EINDEX, [&](Search &) {
            const Xapian::MSet &ms = static_cast<const Matches *>(m)->ms;
            Xapian::Document d = ms[Xapian::doccount(i)].get_document();
            std::string v = RECORD ? d.get_data() : d.get_value(LEX_SLOT_ORDER);
            lex_buf_append(out, v.data(), v.size());
        });
    }

    /* Along one value stream: docids ascending. */
    static lex_status_t values_of(void *ctx, const unsigned *docids, size_t n,
                                  lex_buf_t *keys, size_t *at, size_t *len)
    {
        return keep(ctx, LEX_EINDEX, [&](const Search &s) {
            Xapian::Database &x = s.db->x->db();
            Xapian::ValueIterator v = x.valuestream_begin(LEX_SLOT_ORDER);
            Xapian::ValueIterator end = x.valuestream_end(LEX_SLOT_ORDER);
            for (size_t i = 0; i < n; i++) {
                at[i] = keys->len;
                if (v != end)
                    v.skip_to(docids[i]);
                if (v != end && v.get_docid() == docids[i]) {
                    std::string k = *v;
                    lex_buf_append(keys, k.data(), k.size());
                }
                len[i] = keys->len - at[i];
            }
        });
    }

    static void free_matches(lex_matches_t *m)
    {
        delete static_cast<Matches *>(m);
    }

    /* Counts every match of q by section, month, agency and law.  A
       match set of its own, in plain relevance order: Xapian 1.4's match
       spies count some items twice over remote shards when the hits are
       sorted by relevance then value. */
    static lex_status_t facets(void *ctx, const lex_xquery_t *q,
                               lexdb_hits_t *out)
    {
        return keep(ctx, LEX_EINDEX, [&](const Search &s) {
            Xapian::Enquire enquire(s.db->x->db());
            enquire.set_query(q->q);
            enquire.set_weighting_scheme(Xapian::BoolWeight());
            Xapian::ValueCountMatchSpy sections(LEX_SLOT_SECTION),
                months(LEX_SLOT_MONTH), agencies(LEX_SLOT_AGENCIES),
                laws(LEX_SLOT_LAWS);
            for (auto *spy : {&sections, &months, &agencies, &laws})
                enquire.add_matchspy(spy);
            enquire.get_mset(0, 0, s.db->x->db().get_doccount());
            collect_facets(sections, false, &out->facets[LEX_FACET_SECTION]);
            collect_facets(months, false, &out->facets[LEX_FACET_MONTH]);
            collect_facets(agencies, true, &out->facets[LEX_FACET_AGENCY]);
            collect_facets(laws, true, &out->facets[LEX_FACET_LAW]);
            lex_facets_sort_by_value_desc(&out->facets[LEX_FACET_MONTH]);
        });
    }

    static lex_status_t terms(void *ctx, const lex_xquery_t *q,
                              lex_word_fn each, void *each_ctx)
    {
        return keep(ctx, LEX_EINDEX, [&](Search &) {
            for (auto t = q->q.get_unique_terms_begin();
                 t != q->q.get_unique_terms_end(); ++t)
                each(each_ctx, (*t).data(), (*t).size());
        });
    }

    static lex_status_t describe(void *ctx, const lex_xquery_t *q,
                                 lex_buf_t *out)
    {
        return keep(ctx, LEX_EINDEX, [&](Search &) {
            std::string d = q->q.get_description();
            lex_buf_append(out, d.data(), d.size());
        });
    }

    /* Xapian's snippet generator; with a length past the end of the
       text, the whole text comes back marked. */
    static lex_status_t highlight(void *ctx, const lex_matches_t *words,
                                  const char *text, size_t length, char **plain,
                                  lexdb_span_t **spans, size_t *n_spans)
    {
        return keep(ctx, LEX_EINDEX, [&](const Search &s) {
            const Matches *m = static_cast<const Matches *>(words);
            if (m->snippet_stem.is_none())
                m->snippet_stem =
                    Xapian::Stem(new SnippetStem(s.db->x->stem, m->query));
            std::string marked =
                m->ms.snippet(text, length, m->snippet_stem,
                              Xapian::MSet::SNIPPET_EXHAUSTIVE |
                                  Xapian::MSet::SNIPPET_CJK_NGRAM,
                              LEX_HI_START, LEX_HI_END, "...");
            if (lex_snippet_unmark(marked.c_str(), plain, spans, n_spans) !=
                LEX_OK)
                throw std::bad_alloc();
        });
    }
};

} // namespace

extern "C" lexdb_status_t
lexdb_step_search(lexdb_t *db, const lexdb_query_t *q, lexdb_hits_t *out,
                  lex_buf_t *plan, lex_err_t *err)
{
    lex_buf_t name = LEX_BUF_INIT;
    lexdb_query_name(q->query ? q->query : "", &name);
    std::string what = lex_buf_str(&name);
    lex_buf_free(&name);
    return guard(err, what.c_str(), [&] {
        Search s(db, what.c_str(), err);
        lex_err_t e = {};
        lex_status_t st = out ? lex_search(&s.ops, q, out, &e)
                              : lex_search_explain(&s.ops, q, plan, &e);
        return lexdb_search_outcome(st, &e, s.failed, q->query ? q->query : "",
                                    what.c_str(), err);
    });
}
