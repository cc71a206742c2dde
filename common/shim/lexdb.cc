/*
 * lexdb.cc - the Xapian shim (common/shim/, the only C++ of lexsearch),
 * behind lexdb.h: opening, indexing and searching.
 *
 * Every entry point is wrapped in guarded(), which catches Xapian::Error
 * (and std::bad_alloc) and turns it into a lexdb_status_t and a one-line
 * message, so no exception ever crosses into C.
 *
 * What an item adds to the index is computed in C (analysis.c, whose
 * header describes the index layout); this file hands it to Xapian's
 * term generators and document.  What opening a path means and what a
 * commit records are decided in C too (indexmeta.c).
 */
#include <xapian.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <functional>
#include <memory>
#include <new>
#include <set>
#include <string>
#include <unordered_map>
#include <vector>

#include <time.h>

#include "lexdb_private.h"

extern "C" {
#include "analysis.h"
#include "dates.h"
#include "generations.h"
#include "hash.h"
#include "hit_order.h"
#include "hit_record.h"
#include "hits.h"
#include "index_terms.h"
#include "record.h"
#include "snippet.h"
#include "stub.h"
#include "utf8.h"
}

using namespace lexdb_internal;

/* Hits built and freed in C (hits.c), released when they go out of scope. */
using hits_ptr = std::unique_ptr<lexdb_hits_t, void (*)(lexdb_hits_t *)>;
/* A query plan built in C (query_plan.h), likewise. */
using plan_ptr = std::unique_ptr<lex_plan_t, void (*)(lex_plan_t *)>;

namespace lexdb_internal
{

/* Sets err to msg and returns st. */
lexdb_status_t
fail(lex_err_t *err, lexdb_status_t st, const std::string &msg)
{
    if (err)
        snprintf(err->msg, sizeof err->msg, "%s", msg.c_str());
    return st;
}

/*
 * Runs fn, mapping exceptions to statuses; what names the object of the
 * operation (the index path, or the query) for the message.  Xapian 1.4's
 * exception classes are not polymorphic, so they are told apart by catch
 * clauses, most derived first.
 */
lexdb_status_t
guarded(lex_err_t *err, const std::string &what,
        const std::function<lexdb_status_t()> &fn)
{
    try {
        return fn();
    } catch (const Xapian::DatabaseLockError &e) {
        /* only "already locked" is another writer; a lock file that
           cannot be made (read-only directory, no space) is an I/O error */
        bool held = e.get_msg().find("already locked") != std::string::npos;
        return fail(err, held ? LEXDB_LOCKED : LEXDB_IO,
                    what + ": " + e.get_description());
    } catch (const Xapian::DatabaseCorruptError &e) {
        return fail(err, LEXDB_CORRUPT, what + ": " + e.get_description());
    } catch (const Xapian::DatabaseNotFoundError &e) {
        return fail(err, LEXDB_NOT_FOUND, what + ": " + e.get_description());
    } catch (const Xapian::DatabaseVersionError &e) {
        return fail(err, LEXDB_VERSION, what + ": " + e.get_description());
    } catch (const Xapian::DatabaseOpeningError &e) {
        return fail(err, LEXDB_CORRUPT, what + ": " + e.get_description());
    } catch (const Xapian::DatabaseModifiedError &e) {
        return fail(err, LEXDB_MODIFIED, what + ": " + e.get_description());
    } catch (const Xapian::QueryParserError &e) {
        return fail(err, LEXDB_QUERY_SYNTAX, what + ": " + e.get_msg());
    } catch (const Xapian::DatabaseError &e) {
        return fail(err, LEXDB_IO, what + ": " + e.get_description());
    } catch (const Xapian::NetworkError &e) {
        return fail(err, LEXDB_SHARD_DOWN, what + ": " + e.get_description());
    } catch (const Xapian::Error &e) {
        return fail(err, LEXDB_XAPIAN_ERROR, what + ": " + e.get_description());
    } catch (const std::bad_alloc &) {
        return fail(err, LEXDB_NOMEM, what + ": out of memory");
    } catch (const std::exception &e) {
        return fail(err, LEXDB_XAPIAN_ERROR, what + ": " + e.what());
    }
}

/*
 * Snowball's English stemmer, plus plurals of vowelless acronyms.  Stems
 * are remembered per thread: indexing and snippets stem every word of
 * every item, and a corpus has a few thousand distinct words, so the
 * Snowball run was 8% of a build and 11% of a rare word's query.
 */
class AcronymStem : public Xapian::StemImplementation
{
    Xapian::Stem english{"english"};

    std::string stem_of(const std::string &word)
    {
        std::string s = english(word);
        if (s == word && lex_acronym_plural(word.data(), word.size()))
            return word.substr(0, word.size() - 1); /* sdks -> sdk */
        return s;
    }

  public:
    std::string operator()(const std::string &word) override
    {
        /* bounded: a corpus of unusual words must not grow it forever */
        const size_t MAX_REMEMBERED = 1 << 16;
        thread_local std::unordered_map<std::string, std::string> known;
        auto hit = known.find(word);
        if (hit != known.end())
            return hit->second;
        if (known.size() >= MAX_REMEMBERED)
            known.clear();
        return known.emplace(word, stem_of(word)).first->second;
    }

    std::string get_description() const override
    {
        return "english+acronyms";
    }
};

Xapian::Stem
make_stemmer()
{
    return Xapian::Stem(new AcronymStem);
}

/* The heap string a C helper returned, freed (NULL: out of memory). */
std::string
taken(char *heap)
{
    if (!heap)
        throw std::bad_alloc();
    std::string s(heap);
    free(heap);
    return s;
}

/* Checks the schema recorded in a database (or shard) against ours. */
lexdb_status_t
check_schema_of(const Xapian::Database &x, const std::string &name,
                lex_err_t *err)
{
    return lex_schema_check(x.get_metadata(LEX_META_SCHEMA).c_str(),
                            name.c_str(), err);
}

} // namespace lexdb_internal

namespace
{

/*
 * The two term generators of an item's words.  English goes through
 * words (STEM_ALL: one stem per word, with positions).  Runs of CJK text
 * go through cjk, which stems nothing: under STEM_ALL, Xapian 1.4 gives
 * each CJK bigram a position of its own between the characters, so the
 * characters of a quoted Chinese phrase ("个人信息") would no longer
 * stand side by side; unstemmed, the characters have consecutive
 * positions and the bigrams none, which is what the query parser's
 * CJK phrases and n-gram searches expect.
 */
struct WordIndexer {
    Xapian::TermGenerator words, cjk;
};

/*
 * Indexes sentence k of paragraph p from its position: each run of CJK
 * text through the CJK generator, the rest through the English one.
 */
void
index_sentence(WordIndexer &wi, const lex_paragraph_t &p, size_t k,
               unsigned weight, const std::string &prefix)
{
    Xapian::termpos pos = p.sentences[k].pos;
    const lex_text_run_t *run = p.runs + p.sentences[k].first;
    for (size_t r = 0; r < p.sentences[k].n_runs; r++, run++) {
        Xapian::TermGenerator &tg = run->cjk ? wi.cjk : wi.words;
        tg.set_termpos(pos);
        tg.index_text(std::string(run->text, run->len), weight, prefix);
        pos = tg.get_termpos();
    }
}

/*
 * Indexes one paragraph (the headline, or the body) without prefix, for
 * plain queries and body:, and, when it is titled, again under
 * TITLE_PREFIX, for title:.  Only the short headline is indexed twice:
 * a second copy of the body would double the indexing work and the
 * index for a field that means little more than the plain words.
 */
void
index_paragraph(WordIndexer &wi, const lex_paragraph_t &p)
{
    if (*p.joined) {
        wi.words.index_text_without_positions(p.joined, p.weight);
        if (p.titled)
            wi.words.index_text_without_positions(p.joined, 1, TITLE_PREFIX);
    }
    for (size_t k = 0; k < p.n_sentences; k++) {
        index_sentence(wi, p, k, p.weight, "");
        if (p.titled)
            index_sentence(wi, p, k, 1, TITLE_PREFIX);
    }
}

/* The document of an item: its words, terms, values and record. */
Xapian::Document
item_document(const lex_analysis_t &a, WordIndexer &wi)
{
    Xapian::Document doc;
    wi.words.set_document(doc);
    wi.cjk.set_document(doc);
    index_paragraph(wi, a.headline);
    index_paragraph(wi, a.body);
    for (size_t i = 0; i < a.n_terms; i++)
        doc.add_boolean_term(std::string(a.terms[i].data, a.terms[i].len));
    for (const lex_value_t *v = a.values; v < a.values + a.n_values; v++)
        doc.add_value(v->slot, std::string(v->value.data, v->value.len));
    doc.set_data(std::string(a.record.data, a.record.len));
    return doc;
}

/*
 * True when the index already holds the item under qterm with the same
 * record (of that hash), so rewriting it would change nothing: a changed
 * bulletin is mostly unchanged items, and rewriting each would touch
 * blocks all over the index.
 */
bool
item_unchanged(Xapian::WritableDatabase &wdb, const std::string &qterm,
               const std::string &record_hash)
{
    Xapian::PostingIterator p = wdb.postlist_begin(qterm);
    if (p == wdb.postlist_end(qterm))
        return false;
    return wdb.get_document(*p).get_value(SLOT_CONTENT) == record_hash;
}

/*
 * The term generators configured the way the query parser expects: one
 * term per word, its stem, with positions (STEM_ALL), so that a word
 * costs one posting and one position list, not two terms (the word as
 * written with positions and its stem without); phrases then match by
 * stem.  The words as written go to the spelling table only, which
 * corrects queries and expands wildcards.
 */
WordIndexer
make_word_indexer(lexdb_t *db)
{
    WordIndexer wi;
    wi.words.set_stemmer(db->stem);
    wi.words.set_stemming_strategy(Xapian::TermGenerator::STEM_ALL);
    wi.words.set_flags(Xapian::TermGenerator::FLAG_CJK_NGRAM |
                       Xapian::TermGenerator::FLAG_SPELLING);
    wi.cjk.set_stemming_strategy(Xapian::TermGenerator::STEM_NONE);
    wi.cjk.set_flags(Xapian::TermGenerator::FLAG_CJK_NGRAM);
    if (db->wdb)
        wi.words.set_database(*db->wdb);
    return wi;
}

/*
 * Removes the items of file_key that are not among kept, the unique-id
 * terms of the items just written: those numbered past the bulletin's
 * end, and in an mbox those of messages that are gone.
 */
void
delete_stale_items(Xapian::WritableDatabase &wdb, const std::string &fterm,
                   const std::set<std::string> &kept)
{
    std::vector<Xapian::docid> stale;
    for (auto p = wdb.postlist_begin(fterm); p != wdb.postlist_end(fterm);
         ++p) {
        std::string order = wdb.get_document(*p).get_value(SLOT_ORDER);
        char qterm[LEX_ID_TERM_SIZE];
        if (!lex_item_id_term_of_order(order.data(), order.size(), qterm) ||
            !kept.count(qterm))
            stale.push_back(*p);
    }
    for (Xapian::docid id : stale)
        wdb.delete_document(id);
}

/*
 * Picks (at most length bytes of) text around the query's matches with
 * Xapian's snippet generator and turns its markers into spans.  With a
 * length past the end of the text, the whole text comes back marked.
 */
void
highlight(const Xapian::MSet &ms, lexdb_t *db, const std::string &text,
          size_t length, char **plain, lexdb_span_t **spans, size_t *n_spans)
{
    std::string marked = ms.snippet(text, length, db->stem,
                                    Xapian::MSet::SNIPPET_EXHAUSTIVE |
                                        Xapian::MSet::SNIPPET_CJK_NGRAM,
                                    LEX_HI_START, LEX_HI_END, "...");
    if (lex_snippet_unmark(marked.c_str(), plain, spans, n_spans) != LEX_OK)
        throw std::bad_alloc();
}

/* The hits of page as they are: each its match number in page, docid,
   weight and percentage (hit_order.h). */
std::vector<lex_ranked_t>
as_ranked(const std::vector<Xapian::MSetIterator> &page)
{
    std::vector<lex_ranked_t> out;
    for (size_t i = 0; i < page.size(); i++)
        out.push_back(
            {i, *page[i], page[i].get_weight(), page[i].get_percent()});
    return out;
}

/* Fills hit number rank (from 1) from match m, ranked as r, from its
   stored record (hit_record.h); snippets highlight the terms of words'
   query. */
void
fill_hit(lexdb_t *db, const Xapian::MSet &words, const Xapian::MSetIterator &m,
         const lex_ranked_t &r, unsigned rank, const lexdb_query_t *q,
         lexdb_hit_t &h)
{
    std::string data = m.get_document().get_data();
    lex_err_t derr;
    lex_status_t st = lex_hit_from_record(&h, data.data(), data.size(), rank,
                                          r.weight, r.percent, &derr);
    if (st == LEX_ENOMEM)
        throw std::bad_alloc();
    if (st != LEX_OK)
        throw Xapian::DatabaseCorruptError(
            std::string("item ") + std::to_string(*m) + ": " + derr.msg);
    highlight(words, db, h.item->body ? h.item->body : "",
              q->snippet_chars ? q->snippet_chars : 200, &h.snippet, &h.spans,
              &h.n_spans);
    char *headline = NULL;
    const std::string head = h.item->headline ? h.item->headline : "";
    highlight(words, db, head, head.size() + 1, &headline, &h.headline_spans,
              &h.n_headline_spans);
    free(headline); /* same text as item->headline, without the marks */
}

/*
 * Opens the generation the stub names for reading.  A rebuild or
 * compaction may swap the stub and delete the generation between our
 * reading the stub and opening its files: the open then fails, and is
 * tried again on the new generation.
 */
void
open_live_generation(lexdb_t *db)
{
    for (int attempt = 1;; attempt++) {
        db->generation = lex_gen_live(db->path.c_str());
        try {
            db->rdb = Xapian::Database(db->path);
            return;
        } catch (const Xapian::DatabaseOpeningError &) {
            if (attempt >= MODIFIED_RETRIES ||
                lex_gen_live(db->path.c_str()) == db->generation)
                throw;
        }
    }
}

/* Reopens a reader on whatever generation is live now. */
lexdb_status_t
reopen_reader(lexdb_t *db)
{
    if (!db->stub.empty())
        return open_shards(db, NULL);
    return guarded(NULL, db->path, [&]() {
        open_live_generation(db);
        return LEXDB_OK;
    });
}

/* The query for items similar to item id (relevance-set expansion). */
Xapian::Query
like_query(lexdb_t *db, const std::string &id)
{
    Xapian::Database &x = db->db();
    char t[LEX_ID_TERM_SIZE];
    std::string qterm = lex_item_id_term_of_id(id.c_str(), t) ? t : "";
    /* the term "" would be every item's */
    Xapian::PostingIterator p =
        qterm.empty() ? x.postlist_end("Q") : x.postlist_begin(qterm);
    if (qterm.empty() || p == x.postlist_end(qterm))
        throw Xapian::QueryParserError("--like: no item '" + id +
                                       "' in the index (use an id from "
                                       "--format json)");
    Xapian::RSet rset;
    rset.add_document(*p);
    Xapian::Enquire enquire(x);
    struct WordsOnly : public Xapian::ExpandDecider {
        bool operator()(const std::string &t) const override
        {
            return lex_term_is_word(t.data(), t.size(), 0);
        }
    } words;
    /* Exact term frequencies, which Xapian would estimate over shards;
       and the 20 best terms by expand weight rather than OP_ELITE_SET,
       whose choice depends on each shard's own bounds. */
    Xapian::ESet eset =
        enquire.get_eset(20, rset, Xapian::Enquire::USE_EXACT_TERMFREQ, &words);
    Xapian::Query similar(Xapian::Query::OP_OR, eset.begin(), eset.end());
    return Xapian::Query(Xapian::Query::OP_AND_NOT, similar,
                         Xapian::Query(qterm));
}

/*
 * The number of the last lexindex run.  A multi-database's metadata is
 * its first shard's, so over shards it is the latest run of any shard.
 */
std::string
last_run(lexdb_t *db)
{
    if (db->shards.empty())
        return db->db().get_metadata(LAST_RUN_KEY);
    unsigned long last = 0;
    for (lexdb_shard &s : db->shards)
        last = std::max(
            last, strtoul(s.db.get_metadata(LAST_RUN_KEY).c_str(), NULL, 10));
    return std::to_string(last);
}

/*
 * True when every item of db (of each of its shards) was tagged with the
 * groups of th, so that a query may read a group's term (lexdb_topics.cc).
 * A shard updated with another thesaurus than the others would number
 * the groups differently.
 */
bool
tagged_with(lexdb_t *db, const lex_thesaurus_t *th)
{
    if (!th)
        return false;
    char fingerprint[LEX_TOPICS_ID_SIZE];
    lex_topics_fingerprint(th, fingerprint);
    if (db->shards.empty())
        return db->db().get_metadata(TOPICS_KEY) == fingerprint;
    return std::all_of(db->shards.begin(), db->shards.end(),
                       [&](const lexdb_shard &s) {
                           return s.db.get_metadata(TOPICS_KEY) == fingerprint;
                       });
}

/* query restricted by the filters of q (--since, --section...) and --new. */
Xapian::Query
apply_filters(lexdb_t *db, const lexdb_query_t *q, Xapian::Query query)
{
    if (q->filter && *q->filter)
        query = Xapian::Query(Xapian::Query::OP_FILTER, query,
                              build_query(db->db(), db->stem, q->filter, NULL,
                                          db->gazetteer, true, false, NULL));
    if (q->new_only) {
        std::string last = last_run(db);
        query = Xapian::Query(Xapian::Query::OP_FILTER, query,
                              Xapian::Query(RUN_PREFIX + last));
    }
    return query;
}

/*
 * The first tier of a recall-first query (build_query): the query as it
 * is, with the items that match every word required instead of boosted.
 * Its matches are exactly those items, with the weights the whole query
 * gives them.  Empty if tiered is not of that shape.
 */
Xapian::Query
first_tier_of(const Xapian::Query &tiered)
{
    if (tiered.get_type() != Xapian::Query::OP_AND_MAYBE ||
        tiered.get_num_subqueries() != 2)
        return Xapian::Query();
    return Xapian::Query(Xapian::Query::OP_AND, tiered.get_subquery(0),
                         tiered.get_subquery(1));
}

/* query with similar (--like's items) ranked up, when there is one. */
Xapian::Query
with_similar(const Xapian::Query &query, const Xapian::Query &similar)
{
    if (similar.empty())
        return query;
    return Xapian::Query(Xapian::Query::OP_AND_MAYBE, query, similar);
}

/*
 * The whole query: the user's words, --like, filters and --new.
 * *all_words gets the query of the items matching every word, and
 * *first_tier the whole query's matches among them (both empty when that
 * is not a separate set).  With proximity given, the words' proximity
 * is left out of the query and put there (build_query).
 */
Xapian::Query
full_query(lexdb_t *db, const lexdb_query_t *q, const std::string &text,
           std::string *correction, Xapian::Query *all_words,
           Xapian::Query *first_tier, Xapian::Query *written_out,
           Xapian::Query *proximity)
{
    Xapian::Query similar =
        q->like && *q->like ? like_query(db, q->like) : Xapian::Query();
    if (text.empty())
        return apply_filters(
            db, q, similar.empty() ? Xapian::Query::MatchAll : similar);
    Xapian::Query query =
        build_query(db->db(), db->stem, text, q->thesaurus, db->gazetteer,
                    q->exact, tagged_with(db, q->thesaurus), correction,
                    all_words, written_out, proximity);
    if (!all_words->empty()) {
        *first_tier = first_tier_of(query);
        if (!first_tier->empty())
            *first_tier =
                apply_filters(db, q, with_similar(*first_tier, similar));
        *all_words = apply_filters(db, q, *all_words);
    }
    return apply_filters(db, q, with_similar(query, similar));
}

/*
 * The number of matches of query: exact up to check, Xapian's estimate
 * past it.
 */
Xapian::doccount
count_matches(lexdb_t *db, const Xapian::Query &query, Xapian::doccount check)
{
    Xapian::Enquire count(db->db());
    count.set_query(query);
    count.set_weighting_scheme(Xapian::BoolWeight());
    return count.get_mset(0, 0, check).get_matches_estimated();
}

/*
 * Copies the counts of a multi-valued slot (agencies, laws: ids joined
 * by TABs), most frequent first.  The spy counts each distinct joined
 * value; splitting them (lex_facets_merge) gives each id's count
 * exactly.  Only Xapian's own spy crosses the remote protocol, hence
 * this detour.
 */
void
collect_multi(const Xapian::ValueCountMatchSpy &spy, lex_facets_t *list)
{
    for (auto v = spy.values_begin(); v != spy.values_end(); ++v) {
        const std::string joined = *v;
        if (!lex_facets_add_each(list, joined.data(), joined.size(),
                                 v.get_termfreq()))
            throw std::bad_alloc();
    }
    lex_facets_merge(list);
}

/* Copies a match spy's counts into a facet list, most frequent first. */
void
collect_facets(const Xapian::ValueCountMatchSpy &spy, lex_facets_t *list)
{
    for (auto v = spy.top_values_begin(1000); v != spy.top_values_end(1000);
         ++v) {
        const std::string value = *v;
        if (!lex_facets_add(list, value.data(), value.size(), v.get_termfreq()))
            throw std::bad_alloc();
    }
}

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
 * Counts every match of query by section, month, agency and law.  A
 * match of its own, in plain relevance order: Xapian 1.4's match spies
 * count some items twice over remote shards when the hits are sorted
 * by relevance then value, and the hits' order does not matter here.
 */
void
count_facets(lexdb_t *db, const Xapian::Query &query, _lexdb_hits &out)
{
    Xapian::Enquire enquire(db->db());
    enquire.set_query(query);
    enquire.set_weighting_scheme(Xapian::BoolWeight()); /* counts only */
    Xapian::ValueCountMatchSpy sections(SLOT_SECTION), months(SLOT_MONTH);
    Xapian::ValueCountMatchSpy agencies(SLOT_AGENCIES), laws(SLOT_LAWS);
    enquire.add_matchspy(&sections);
    enquire.add_matchspy(&months);
    enquire.add_matchspy(&agencies);
    enquire.add_matchspy(&laws);
    enquire.get_mset(0, 0, db->db().get_doccount());
    collect_facets(sections, &out.facets[LEX_FACET_SECTION]);
    collect_facets(months, &out.facets[LEX_FACET_MONTH]);
    collect_multi(agencies, &out.facets[LEX_FACET_AGENCY]);
    collect_multi(laws, &out.facets[LEX_FACET_LAW]);
    lex_facets_sort_by_value_desc(&out.facets[LEX_FACET_MONTH]);
}

/*
 * Hits offset .. offset + limit - 1 of ms (matches in relevance order,
 * from the first, Xapian breaking ties by docid) into page, each run of
 * equal weights ordered by SLOT_ORDER, newest first (hit_order.h): the
 * order that
 * Enquire::set_sort_by_relevance_then_value gives, which fetches the
 * value of every match it considers, a random read each (a third of the
 * time of a rare word's query at a million items); here only the
 * fetched hits' are read.  False, with page empty, when the run of
 * equal weights at the page's end may go on past ms: only Xapian's sort
 * then knows which items belong on the page.
 */
bool
page_in_order(const Xapian::MSet &ms, size_t offset, size_t limit,
              std::vector<Xapian::MSetIterator> *page)
{
    std::vector<Xapian::MSetIterator> all;
    std::vector<double> w;
    for (auto m = ms.begin(); m != ms.end(); ++m) {
        all.push_back(m);
        w.push_back(m.get_weight());
    }
    size_t stop = lex_ties_extent(w.data(), w.size(), offset, limit, TIE_SLACK);
    if (stop == LEX_TIES_UNKNOWN)
        return false;
    std::vector<std::string> keys(stop);
    std::vector<const char *> key_at(stop);
    std::vector<size_t> key_len(stop), order(stop);
    for (size_t i = 0; i < stop; i++) {
        keys[i] = all[i].get_document().get_value(SLOT_ORDER);
        key_at[i] = keys[i].data();
        key_len[i] = keys[i].size();
        order[i] = i;
    }
    if (!lex_ties_order(w.data(), key_at.data(), key_len.data(), stop,
                        order.data()))
        throw std::bad_alloc();
    for (size_t i = offset; i < std::min(offset + limit, stop); i++)
        page->push_back(all[order[i]]);
    return true;
}

/*
 * The page of hits q->offset.. of enquire's query by relevance, ties
 * newest first, into page; returns the MSet they are in.  ms is the top
 * offset + limit + TIE_SLACK matches, already fetched.
 */
Xapian::MSet
relevance_page(Xapian::Enquire &enquire, Xapian::MSet ms,
               const lexdb_query_t *q, Xapian::doccount check,
               std::vector<Xapian::MSetIterator> *page)
{
    if (page_in_order(ms, q->offset, q->limit, page))
        return ms;
    enquire.set_sort_by_relevance_then_value(SLOT_ORDER, true);
    ms = enquire.get_mset(q->offset, q->limit, check);
    for (auto m = ms.begin(); m != ms.end(); ++m)
        page->push_back(m);
    return ms;
}

/*
 * Pages a recall-first query by its first tier alone when that tier has
 * more items than the page reaches: every item matching all the words
 * outranks every other (ALL_WORDS_BOOST), so the page is the same, and
 * the words' proximity and the rest are weighed for those items only
 * instead of for every item with any of the words.  False when the tier
 * is too small, page untouched.
 */
bool
page_first_tier(lexdb_t *db, const Xapian::Query &first_tier,
                const lexdb_query_t *q, Xapian::MSet *ms,
                std::vector<Xapian::MSetIterator> *page)
{
    Xapian::Enquire first(db->db());
    first.set_query(first_tier);
    first.set_weighting_scheme(ranking_weight());
    Xapian::doccount want = q->offset + q->limit + TIE_SLACK;
    Xapian::MSet top = first.get_mset(0, want);
    if (top.size() < want)
        return false;
    *ms = relevance_page(first, top, q, 0, page);
    return true;
}

/*
 * Ranks the first RERANK_WINDOW hits of top (a recall-first query's
 * matches in relevance order, without the proximity bonus) again with
 * the bonus added (lex_rerank_with_bonus); the rest keep their place.
 * The bonus is the weight of query near (the query's neighbouring words
 * near each other) in each of those items that has it; the items are
 * picked out by their unique-id terms, so that it is weighed with the
 * index's statistics, the same over remote shards as in one index, and
 * only their positions are read.  Weighing proximity for every match
 * read the positions of every item with two of the words (half the time
 * of such a query at a million items); past the window it would only
 * reorder hits nobody pages to.
 */
std::vector<lex_ranked_t>
proximity_rerank(lexdb_t *db, const Xapian::Query &near,
                 const std::vector<Xapian::MSetIterator> &top)
{
    std::vector<lex_ranked_t> all = as_ranked(top);
    size_t n = std::min<size_t>(RERANK_WINDOW, top.size());
    std::vector<Xapian::Query> ids;
    for (size_t i = 0; i < n; i++) {
        std::string order = top[i].get_document().get_value(SLOT_ORDER);
        char term[LEX_ID_TERM_SIZE];
        if (!lex_item_id_term_of_order(order.data(), order.size(), term))
            return all; /* an item without a valid order value */
        ids.emplace_back(term);
    }
    if (n == 0)
        return all;
    Xapian::Enquire enquire(db->db());
    enquire.set_query(Xapian::Query(
        Xapian::Query::OP_FILTER, near,
        Xapian::Query(Xapian::Query::OP_OR, ids.begin(), ids.end())));
    enquire.set_weighting_scheme(ranking_weight());
    Xapian::MSet ms = enquire.get_mset(0, Xapian::doccount(n));
    std::vector<unsigned> docids;
    std::vector<double> bonus;
    for (auto m = ms.begin(); m != ms.end(); ++m) {
        docids.push_back(*m);
        bonus.push_back(m.get_weight());
    }
    if (!docids.empty())
        lex_rerank_with_bonus(all.data(), n, docids.data(), bonus.data(),
                              docids.size(), all[0].weight, all[0].percent);
    return all;
}

/*
 * The words of q as MSet::snippet recognises them (lex_snippet_add_term:
 * the index holds only stems, which the snippet generator looks up under
 * "Z"); filter terms are left out.
 */
Xapian::Query
snippet_words(const Xapian::Query &q)
{
    plan_ptr words(lex_plan_new(LEX_P_OR), lex_plan_free);
    for (auto t = q.get_unique_terms_begin(); t != q.get_unique_terms_end();
         ++t) {
        const std::string &term = *t;
        words.reset(
            lex_snippet_add_term(words.release(), term.data(), term.size()));
    }
    return query_of_plan(words.get());
}

/* Runs text as the query, filling out. */
void
run_query(lexdb_t *db, const lexdb_query_t *q, const std::string &text,
          _lexdb_hits &out, std::string *correction)
{
    Xapian::Enquire enquire(db->db());
    Xapian::Query all_words, first_tier, written_out, near;
    lexdb_sort_t sort = q->sort;
    if (sort == LEXDB_SORT_RELEVANCE && text.empty() && !q->like)
        sort = LEXDB_SORT_NEWEST; /* nothing to rank by */
    /* Ties go by date and item hash (SLOT_ORDER), not by docid: the docids
       of shards interleave, so this keeps a sharded index's order that of
       one index.  Indexes older than SLOT_ORDER keep the docid order.
       Under relevance, the ties are ordered here (page_in_order). */
    bool ordered = !db->db().get_value_upper_bound(SLOT_ORDER).empty();
    bool relevance = sort == LEXDB_SORT_RELEVANCE;
    /* under relevance, proximity is weighed over the top hits only */
    enquire.set_query(full_query(db, q, text, correction, &all_words,
                                 &first_tier, &written_out,
                                 relevance && ordered ? &near : NULL));
    enquire.set_weighting_scheme(ranking_weight());
    if (sort != LEXDB_SORT_RELEVANCE) {
        if (ordered && text.empty() && !q->like) /* no relevance here */
            enquire.set_sort_by_value(SLOT_ORDER, sort == LEXDB_SORT_NEWEST);
        else
            enquire.set_sort_by_value_then_relevance(SLOT_DATE,
                                                     sort == LEXDB_SORT_NEWEST);
    }
    /* Count matches exactly up to COUNT_EXACTLY (all of them for facets),
       so "about N" is N for all but the broadest queries. */
    Xapian::doccount check =
        q->facets ? db->db().get_doccount() : COUNT_EXACTLY;
    Xapian::MSet ms;
    std::vector<Xapian::MSetIterator> top;
    /* with a proximity bonus to weigh, the page comes from the top
       RERANK_WINDOW hits (at least), ranked again */
    lexdb_query_t wide = *q;
    if (!near.empty()) {
        wide.offset = 0;
        wide.limit = std::max<size_t>(RERANK_WINDOW, q->offset + q->limit);
    }
    if (!relevance) {
        ms = enquire.get_mset(q->offset, q->limit, check);
        for (auto m = ms.begin(); m != ms.end(); ++m)
            top.push_back(m);
    } else if (first_tier.empty() ||
               !page_first_tier(db, first_tier, &wide, &ms, &top)) {
        /* a recall-first query is counted below, not by its page */
        Xapian::doccount page_check = first_tier.empty() ? check : 0;
        ms = relevance_page(
            enquire,
            enquire.get_mset(0, wide.offset + wide.limit + TIE_SLACK,
                             page_check),
            &wide, page_check, &top);
    }
    std::vector<lex_ranked_t> page;
    if (near.empty()) {
        page = as_ranked(top);
    } else {
        std::vector<lex_ranked_t> all = proximity_rerank(db, near, top);
        size_t from = std::min<size_t>(q->offset, all.size());
        size_t to = std::min<size_t>(from + q->limit, all.size());
        page.assign(all.begin() + from, all.begin() + to);
    }
    /* a recall-first query is counted apart, so that every page of it
       gives one total, whichever tier it was paged by */
    out.total = first_tier.empty()
                    ? ms.get_matches_estimated()
                    : count_matches(db, enquire.get_query(), check);
    if (!all_words.empty())
        out.all_words =
            static_cast<long>(count_matches(db, all_words, COUNT_EXACTLY));
    /* Snippets are picked by an MSet of no items under BoolWeight: every
       query word counts the same, so shards (whose MSets carry other
       term weights) pick the same stretch as one index, without
       Xapian's background model, whose term-frequency lookup for each
       word of each hit cost a third of a rare word's query at a million
       items.  A group tag lends its written-out words instead. */
    Xapian::MSet words = ms;
    if (!ms.empty()) {
        Xapian::Enquire highlighter(db->db());
        /* the written-out query has the proximity part already */
        Xapian::Query marked = written_out;
        if (marked.empty())
            marked = near.empty() ? enquire.get_query()
                                  : Xapian::Query(Xapian::Query::OP_AND_MAYBE,
                                                  enquire.get_query(), near);
        highlighter.set_query(snippet_words(marked));
        highlighter.set_weighting_scheme(Xapian::BoolWeight());
        words = highlighter.get_mset(0, 0);
    }
    for (size_t i = 0; i < page.size(); i++) {
        lexdb_hit_t *hit = lex_hits_add(&out);
        if (!hit)
            throw std::bad_alloc();
        fill_hit(db, words, top[page[i].match], page[i],
                 q->offset + unsigned(i) + 1, q, *hit);
    }
    if (q->facets)
        count_facets(db, enquire.get_query(), out);
}

/*
 * One attempt at a search against the current snapshot: the query as
 * typed, then its correction when there is one to try, whose hits are
 * kept whenever they find more items (lex_hits_settle_typed,
 * lex_hits_prefer_corrected say when and what the user is told).
 */
void
search_once(lexdb_t *db, const lexdb_query_t *q, _lexdb_hits &out)
{
    std::string text = q->query ? q->query : "";
    std::string correction;
    run_query(db, q, text, out, &correction);
    std::vector<const char *> remote;
    for (const lexdb_shard &s : db->shards)
        if (s.remote)
            remote.push_back(s.name.c_str());
    bool retry;
    if (!lex_hits_settle_typed(&out, correction.c_str(), remote.data(),
                               remote.size(),
                               !remote.empty() && has_wildcard(text), q->exact,
                               text.empty(), &retry))
        throw std::bad_alloc();
    if (!retry)
        return;
    hits_ptr corrected(lex_hits_new(), lexdb_hits_free);
    if (!corrected)
        throw std::bad_alloc();
    run_query(db, q, correction, *corrected, NULL);
    lex_hits_prefer_corrected(&out, corrected.get());
}

} // namespace

extern "C" {

const char *
lexdb_xapian_version(void)
{
    return Xapian::version_string();
}

lexdb_status_t
lexdb_open(const char *path, lexdb_mode_t mode, lexdb_t **out, lex_err_t *err)
{
    if (mode == LEXDB_READ)
        return lexdb_open_reader(path, NULL, out, err);
    *out = NULL;
    char *stub;
    lexdb_status_t st = lex_index_opening(path, mode, &stub, err);
    if (st != LEXDB_OK)
        return st; /* a writer never gets a stub */
    std::unique_ptr<lexdb_t> db(new (std::nothrow) lexdb_t);
    if (!db)
        return fail(err, LEXDB_NOMEM, "out of memory");
    db->path = path;
    db->mode = mode;
    st = guarded(err, path, [&]() {
        ensure_layout(path);
        db->wdb.reset(new Xapian::WritableDatabase(path, Xapian::DB_OPEN));
        /* holding the lock: leftovers of crashed rebuilds can go */
        lex_gen_remove_stale(path);
        db->run =
            strtoul(db->wdb->get_metadata(LAST_RUN_KEY).c_str(), NULL, 10) + 1;
        return mode == LEXDB_WRITE_ANY_SCHEMA
                   ? LEXDB_OK
                   : check_schema_of(db->db(), path, err);
    });
    if (st == LEXDB_OK)
        *out = db.release();
    return st;
}

lexdb_status_t
lexdb_open_reader(const char *path, const lexdb_read_opts_t *opts,
                  lexdb_t **out, lex_err_t *err)
{
    *out = NULL;
    char *stub;
    lexdb_status_t st = lex_index_opening(path, LEXDB_READ, &stub, err);
    if (st != LEXDB_OK)
        return st;
    std::unique_ptr<lexdb_t> db(new (std::nothrow) lexdb_t);
    if (db && stub)
        db->stub = stub;
    free(stub);
    if (!db)
        return fail(err, LEXDB_NOMEM, "out of memory");
    db->path = path;
    db->mode = LEXDB_READ;
    if (opts)
        db->read_opts = *opts;
    if (!db->stub.empty())
        st = open_shards(db.get(), err);
    else
        st = guarded(err, path, [&]() {
            open_live_generation(db.get());
            return check_schema_of(db->db(), path, err);
        });
    if (st == LEXDB_OK)
        *out = db.release();
    return st;
}

void
lexdb_set_gazetteer(lexdb_t *db, const lex_gazetteer_t *g)
{
    db->gazetteer = g;
}

lexdb_status_t
lexdb_set_thesaurus(lexdb_t *db, const lex_thesaurus_t *th, lex_err_t *err)
{
    return guarded(err, db->path, [&]() {
        db->topics = compile_topics(th, db->stem);
        return LEXDB_OK;
    });
}

void
lexdb_close(lexdb_t *db)
{
    if (!db)
        return;
    lex_err_t ignored;
    guarded(&ignored, db->path, [&]() {
        if (db->wdb && db->in_transaction)
            db->wdb->cancel_transaction();
        db->db().close();
        return LEXDB_OK;
    });
    delete db;
}

lexdb_status_t
lexdb_begin(lexdb_t *db, lex_err_t *err)
{
    if (!db->wdb || db->in_transaction)
        return fail(err, LEXDB_INVALID,
                    db->path + ": cannot begin a transaction");
    return guarded(err, db->path, [&]() {
        db->wdb->begin_transaction(true);
        db->in_transaction = true;
        return LEXDB_OK;
    });
}

lexdb_status_t
lexdb_commit(lexdb_t *db, lex_err_t *err)
{
    if (!db->wdb || !db->in_transaction)
        return fail(err, LEXDB_INVALID,
                    db->path + ": no transaction to commit");
    return guarded(err, db->path, [&]() {
        lex_meta_t meta[LEX_COMMIT_META];
        size_t n = lex_commit_meta(
            db->run, db->fresh, db->wrote,
            db->wdb->get_metadata(TOPICS_KEY).c_str(),
            db->topics ? lex_topics_id(db->topics.get()) : "", meta);
        for (size_t i = 0; i < n; i++)
            db->wdb->set_metadata(meta[i].key, meta[i].value);
        db->wdb->commit_transaction();
        db->in_transaction = false;
        roll_segment_if_full(db);
        return LEXDB_OK;
    });
}

lexdb_status_t
lexdb_index_bulletin(lexdb_t *db, const lex_bulletin_t *b, const char *file_key,
                     lex_err_t *err)
{
    if (!db->wdb)
        return fail(err, LEXDB_INVALID, db->path + ": index is open read-only");
    lex_analysis_t a = lex_analysis_t(); /* freed however the loop ends */
    lexdb_status_t st = guarded(err, db->path, [&]() {
        WordIndexer wi = make_word_indexer(db);
        bool fresh = !db->segments.empty(); /* a bulk build's part */
        std::set<std::string> written;
        for (size_t i = 0; i < b->n_items; i++) {
            lex_analysis_free(&a);
            if (lex_analyse_item(b, &b->items[i], file_key, db->run,
                                 db->gazetteer, &a) != LEX_OK)
                throw std::bad_alloc();
            written.insert(a.id_term);
            if (!fresh && item_unchanged(*db->wdb, a.id_term, a.record_hash))
                continue;
            Xapian::Document doc = item_document(a, wi);
            if (db->topics)
                tag_topics(*db->topics, doc);
            db->wdb->replace_document(a.id_term, doc);
            db->wrote = true;
        }
        char fterm[LEX_KEY_TERM_SIZE];
        lex_key_term(LEX_PREFIX_FILE, file_key, fterm);
        delete_stale_items(*db->wdb, fterm, written);
        return LEXDB_OK;
    });
    lex_analysis_free(&a);
    return st;
}

lexdb_status_t
lexdb_file_state(lexdb_t *db, const char *file_key, lexdb_file_state_t *state,
                 bool *found, lex_err_t *err)
{
    *found = false;
    return guarded(err, db->path, [&]() {
        char key[LEX_KEY_TERM_SIZE];
        lex_key_term(LEX_META_FILE_STATE, file_key, key);
        std::string v = db->db().get_metadata(key);
        if (!v.empty())
            *found = lex_file_state_parse(v.c_str(), state, NULL);
        return LEXDB_OK;
    });
}

lexdb_status_t
lexdb_set_file_state(lexdb_t *db, const char *file_key,
                     const lexdb_file_state_t *st, lex_err_t *err)
{
    if (!db->wdb)
        return fail(err, LEXDB_INVALID, db->path + ": index is open read-only");
    return guarded(err, db->path, [&]() {
        char key[LEX_KEY_TERM_SIZE], numbers[LEX_FILE_STATE_TEXT];
        lex_key_term(LEX_META_FILE_STATE, file_key, key);
        lex_file_state_format(st, numbers);
        db->wdb->set_metadata(key, numbers + std::string(file_key));
        return LEXDB_OK;
    });
}

lexdb_status_t
lexdb_remove_file(lexdb_t *db, const char *file_key, lex_err_t *err)
{
    if (!db->wdb)
        return fail(err, LEXDB_INVALID, db->path + ": index is open read-only");
    return guarded(err, db->path, [&]() {
        /* every item of the file carries its F term */
        char fterm[LEX_KEY_TERM_SIZE], key[LEX_KEY_TERM_SIZE];
        lex_key_term(LEX_PREFIX_FILE, file_key, fterm);
        lex_key_term(LEX_META_FILE_STATE, file_key, key);
        db->wdb->delete_document(fterm);
        db->wdb->set_metadata(key, "");
        return LEXDB_OK;
    });
}

lexdb_status_t
lexdb_each_file(lexdb_t *db, lexdb_file_fn fn, void *ctx, lex_err_t *err)
{
    return guarded(err, db->path, [&]() {
        Xapian::Database &xdb = db->db();
        std::vector<std::string> keys;
        for (auto k = xdb.metadata_keys_begin(LEX_META_FILE_STATE);
             k != xdb.metadata_keys_end(LEX_META_FILE_STATE); ++k) {
            std::string v = xdb.get_metadata(*k);
            lexdb_file_state_t st;
            size_t key_at;
            if (lex_file_state_parse(v.c_str(), &st, &key_at))
                keys.push_back(v.substr(key_at));
        }
        for (const std::string &k : keys)
            if (!fn(ctx, k.c_str()))
                break;
        return LEXDB_OK;
    });
}

lexdb_status_t
lexdb_item_count(lexdb_t *db, unsigned long *count, lex_err_t *err)
{
    return guarded(err, db->path, [&]() {
        *count = db->db().get_doccount();
        return LEXDB_OK;
    });
}

lexdb_status_t
lexdb_search(lexdb_t *db, const lexdb_query_t *q, lexdb_hits_t **out,
             lex_err_t *err)
{
    *out = NULL;
    hits_ptr hits(lex_hits_new(), lexdb_hits_free);
    if (!hits)
        return fail(err, LEXDB_NOMEM, "out of memory");
    std::string what = std::string("query '") + q->query + "'";
    /* A long-running reader follows a rebuild or compaction swap. */
    if (!db->wdb && lex_gen_live(db->path.c_str()) != db->generation)
        reopen_reader(db);
    lexdb_status_t st = LEXDB_MODIFIED;
    for (int attempt = 0; attempt < MODIFIED_RETRIES && st == LEXDB_MODIFIED;
         attempt++) {
        lex_hits_clear(hits.get());
        st = guarded(err, what, [&]() {
            search_once(db, q, *hits);
            return LEXDB_OK;
        });
        bool lost_generation =
            st == LEXDB_IO || st == LEXDB_CORRUPT || st == LEXDB_NOT_FOUND;
        if (st == LEXDB_MODIFIED)
            guarded(err, db->path, [&]() {
                db->db().reopen();
                return LEXDB_OK;
            });
        else if (lost_generation && !db->wdb && attempt == 0 &&
                 reopen_reader(db) == LEXDB_OK)
            st = LEXDB_MODIFIED; /* swapped and removed under us: retry */
        else if (st == LEXDB_SHARD_DOWN && !db->stub.empty() && attempt == 0) {
            /* a shard went away since the open: find out which one */
            lexdb_status_t o = open_shards(db, err);
            st = o == LEXDB_OK ? LEXDB_MODIFIED : o;
        }
    }
    if (st == LEXDB_QUERY_SYNTAX || st == LEXDB_OK) {
        for (size_t i = 0; st == LEXDB_OK && i < db->notices.size(); i++)
            if (!lex_hits_add_notice(hits.get(), i, db->notices[i].c_str()))
                st = fail(err, LEXDB_NOMEM, "out of memory");
        if (st == LEXDB_OK)
            *out = hits.release();
        return st;
    }
    if (err && (st == LEXDB_CORRUPT || st == LEXDB_IO))
        fail(err, st, db->path + ": " + err->msg);
    return st;
}

lexdb_status_t
lexdb_explain(lexdb_t *db, const lexdb_query_t *q, char **out, lex_err_t *err)
{
    *out = NULL;
    std::string what =
        std::string("query '") + (q->query ? q->query : "") + "'";
    return guarded(err, what, [&]() {
        std::string text = explain_query(
            db->db(), db->stem, q->query ? q->query : "", q->thesaurus,
            db->gazetteer, q->exact, tagged_with(db, q->thesaurus));
        if (!(*out = strdup(text.c_str())))
            throw std::bad_alloc();
        return LEXDB_OK;
    });
}

} /* extern "C" */
