/*
 * lexdb.cc - the Xapian shim (common/shim/, the only C++ of lexsearch),
 * behind lexdb.h: indexing, and the steps of opening an index, whose
 * order is C (lexdb_open.c, lexdb_steps.h); a search is driven in C
 * (query/search.h) over the steps of lexdb_query.cc, and retried by
 * lexdb_search.c when the index changed under it.
 *
 * Every entry point is one guard() (lexdb_private.h), which catches
 * Xapian::Error (and std::bad_alloc) and turns it into a lexdb_status_t
 * and a one-line message (failure(), here), so no exception ever
 * crosses into C.  The thesaurus groups are compiled here too, with
 * Xapian's stemmer (lexdb_set_thesaurus).
 *
 * What an item adds to the index is computed in C (analysis.c, whose
 * header describes the index layout); this file hands it to Xapian's
 * term generators and document.  What opening a path means, what a
 * commit records and each file's recorded state are decided in C too
 * (indexmeta.c, lexdb_open.c, lexdb_files.c).
 */
#include <new>
#include <set>
#include <string>
#include <unordered_map>
#include <vector>

#include "lexdb_private.h"

using namespace lexdb_internal;

namespace lexdb_internal
{

/* Rethrows the exception being handled to tell its kind: a
   Xapian::Error's status lex_xapian_failure decides from its class. */
lexdb_status_t
failure(const char *what, lex_err_t *err)
{
    try {
        throw;
    } catch (const Xapian::Error &e) {
        return lex_xapian_failure(what, e.get_type(), e.get_msg().c_str(),
                                  e.get_description().c_str(), err);
    } catch (const std::bad_alloc &) {
        lex_err_set(err, LEX_ENOMEM, "%s: out of memory", what);
        return LEXDB_NOMEM;
    } catch (const std::exception &e) {
        lex_err_set(err, LEX_EINDEX, "%s: %s", what, e.what());
        return LEXDB_XAPIAN_ERROR;
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
        std::string s = english(word);
        if (s == word && lex_acronym_plural(word.data(), word.size()))
            s.pop_back(); /* sdks -> sdk */
        return known.emplace(word, s).first->second;
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

} // namespace lexdb_internal

namespace
{

/*
 * The two term generators of an item's texts.  English goes through
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

/* The document of an item: the texts, terms, values and record that
   analysis.c computed, handed to Xapian as they are. */
Xapian::Document
item_document(const lex_analysis_t &a, WordIndexer &wi)
{
    Xapian::Document doc;
    wi.words.set_document(doc);
    wi.cjk.set_document(doc);
    Xapian::termpos pos = 0;
    for (const lex_text_t *t = a.texts; t < a.texts + a.n_texts; t++) {
        Xapian::TermGenerator &tg = t->cjk ? wi.cjk : wi.words;
        std::string text(t->text, t->len);
        if (t->place == LEX_TEXT_UNPLACED) {
            tg.index_text_without_positions(text, t->weight, t->prefix);
            continue;
        }
        tg.set_termpos(t->place == LEX_TEXT_AT ? t->pos : pos);
        tg.index_text(text, t->weight, t->prefix);
        pos = tg.get_termpos();
    }
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
    return wdb.get_document(*p).get_value(LEX_SLOT_CONTENT) == record_hash;
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
    wi.words.set_stemmer(db->x->stem);
    wi.words.set_stemming_strategy(Xapian::TermGenerator::STEM_ALL);
    wi.words.set_flags(Xapian::TermGenerator::FLAG_CJK_NGRAM |
                       Xapian::TermGenerator::FLAG_SPELLING);
    wi.cjk.set_stemming_strategy(Xapian::TermGenerator::STEM_NONE);
    wi.cjk.set_flags(Xapian::TermGenerator::FLAG_CJK_NGRAM);
    if (db->x->wdb)
        wi.words.set_database(*db->x->wdb);
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
        std::string order = wdb.get_document(*p).get_value(LEX_SLOT_ORDER);
        char qterm[LEX_ID_TERM_SIZE];
        if (!lex_item_id_term_of_order(order.data(), order.size(), qterm) ||
            !kept.count(qterm))
            stale.push_back(*p);
    }
    for (Xapian::docid id : stale)
        wdb.delete_document(id);
}

} // namespace

extern "C" {

const char *
lexdb_xapian_version(void)
{
    return Xapian::version_string();
}

struct lexdb_xapian *
lexdb_step_xapian(void)
{
    lexdb_xapian *x = NULL; /* its stemmer's construction may throw too */
    guard(NULL, "", [&] { x = new lexdb_xapian; });
    return x;
}

void
lexdb_step_close(lexdb_t *db)
{
    lex_err_t ignored;
    guard(&ignored, db->c.path ? db->c.path : "", [&] {
        if (db->x->wdb && db->c.in_transaction)
            db->x->wdb->cancel_transaction();
        db->x->db().close();
    });
    delete db->x;
    db->x = NULL;
}

lexdb_status_t
lexdb_step_open(lexdb_t *db, lex_err_t *err)
{
    return guard(err, db->c.path, [&] {
        if (db->c.mode == LEXDB_READ)
            db->x->rdb = Xapian::Database(db->c.path);
        else
            db->x->wdb.reset(
                new Xapian::WritableDatabase(db->c.path, Xapian::DB_OPEN));
    });
}

lexdb_status_t
lexdb_step_reopen(lexdb_t *db, lex_err_t *err)
{
    return guard(err, db->c.path, [&] { db->x->db().reopen(); });
}

lexdb_status_t
lexdb_set_thesaurus(lexdb_t *db, const lex_thesaurus_t *th, lex_err_t *warning,
                    lex_err_t *err)
{
    lex_err_set(warning, LEX_OK, "%s", "");
    return guard(err, db->c.path, [&] {
        lex_topics_t *t = NULL; /* NULL: items are not tagged */
        if (lex_topics_compile(th, stem_into, &db->x->stem, &t, warning) !=
            LEX_OK)
            throw std::bad_alloc();
        db->x->topics.reset(t, lex_topics_free);
        db->c.topics = t ? lex_topics_id(t) : NULL;
    });
}

lexdb_status_t
lexdb_step_begin(lexdb_t *db, lex_err_t *err)
{
    return guard(err, db->c.path, [&] { db->x->wdb->begin_transaction(true); });
}

lexdb_status_t
lexdb_index_bulletin(lexdb_t *db, const lex_bulletin_t *b, const char *file_key,
                     lex_err_t *err)
{
    if (!db->x->wdb)
        return lexdb_invalid(db, "index is open read-only", err);
    lex_analysis_t a = lex_analysis_t(); /* freed however the loop ends */
    lexdb_status_t st = guard(err, db->c.path, [&] {
        WordIndexer wi = make_word_indexer(db);
        bool fresh = !db->x->segments.empty(); /* a bulk build's part */
        std::set<std::string> written;
        for (size_t i = 0; i < b->n_items; i++) {
            lex_analysis_free(&a);
            if (lex_analyse_item(b, &b->items[i], file_key, db->c.run,
                                 db->c.gazetteer, &a) != LEX_OK)
                throw std::bad_alloc();
            written.insert(a.id_term);
            if (!fresh && item_unchanged(*db->x->wdb, a.id_term, a.record_hash))
                continue;
            Xapian::Document doc = item_document(a, wi);
            if (db->x->topics)
                tag_topics(*db->x->topics, doc);
            db->x->wdb->replace_document(a.id_term, doc);
            db->c.wrote = true;
        }
        char fterm[LEX_KEY_TERM_SIZE];
        lex_key_term(LEX_PREFIX_FILE, file_key, fterm);
        delete_stale_items(*db->x->wdb, fterm, written);
    });
    lex_analysis_free(&a);
    return st;
}

lexdb_status_t
lexdb_step_set_metadata(lexdb_t *db, const char *key, const char *value,
                        lex_err_t *err)
{
    return guard(err, db->c.path,
                 [&] { db->x->wdb->set_metadata(key, value); });
}

lexdb_status_t
lexdb_step_each_metadata(lexdb_t *db, const char *key, bool prefix,
                         lexdb_value_fn each, void *ctx, lex_err_t *err)
{
    return guard(err, db->c.path, [&] {
        Xapian::Database &x = db->x->db();
        if (!prefix) {
            std::string v = x.get_metadata(key);
            return each(ctx, v.c_str(), v.size());
        }
        for (auto k = x.metadata_keys_begin(key); k != x.metadata_keys_end(key);
             ++k) {
            std::string v = x.get_metadata(*k);
            each(ctx, v.c_str(), v.size());
        }
    });
}

lexdb_status_t
lexdb_step_delete_term(lexdb_t *db, const char *term, lex_err_t *err)
{
    return guard(err, db->c.path, [&] { db->x->wdb->delete_document(term); });
}

lexdb_status_t
lexdb_item_count(lexdb_t *db, unsigned long *count, lex_err_t *err)
{
    return guard(err, db->c.path, [&] { *count = db->x->db().get_doccount(); });
}

} /* extern "C" */
