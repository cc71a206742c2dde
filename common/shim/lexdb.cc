/*
 * lexdb.cc - the Xapian shim (common/shim/, the only C++ of lexsearch),
 * behind lexdb.h: opening and indexing; a search is driven in C
 * (query/search.h) over the steps of lexdb_query.cc, and retried here
 * when the index changed under it.
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
#include "hits.h"
#include "record.h"
#include "stub.h"
#include "utf8.h"
}

using namespace lexdb_internal;

/* Tries of a search while the index changes under it, and of opening a
   generation a rebuild swaps out meanwhile. */
const int MODIFIED_RETRIES = 5;

/* Hits built and freed in C (hits.c), released when they go out of scope. */
using hits_ptr = std::unique_ptr<lexdb_hits_t, void (*)(lexdb_hits_t *)>;

namespace lexdb_internal
{

lexdb_status_t
fail(lex_err_t *err, lexdb_status_t st, const std::string &msg)
{
    if (err)
        snprintf(err->msg, sizeof err->msg, "%s", msg.c_str());
    return st;
}

/* Runs fn; what names the object of the operation (the index path, or
   the query) for the message of an exception, whose status
   lex_xapian_failure decides. */
lexdb_status_t
guarded(lex_err_t *err, const std::string &what,
        const std::function<lexdb_status_t()> &fn)
{
    try {
        return fn();
    } catch (const Xapian::Error &e) {
        return lex_xapian_failure(what.c_str(), e.get_type(),
                                  e.get_msg().c_str(),
                                  e.get_description().c_str(), err);
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

std::string
taken(char *heap)
{
    if (!heap)
        throw std::bad_alloc();
    std::string s(heap);
    free(heap);
    return s;
}

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
        std::string order = wdb.get_document(*p).get_value(LEX_SLOT_ORDER);
        char qterm[LEX_ID_TERM_SIZE];
        if (!lex_item_id_term_of_order(order.data(), order.size(), qterm) ||
            !kept.count(qterm))
            stale.push_back(*p);
    }
    for (Xapian::docid id : stale)
        wdb.delete_document(id);
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
        return lexdb_open_shards(db, db->stub.c_str(), NULL);
    return guarded(NULL, db->path, [&]() {
        open_live_generation(db);
        return LEXDB_OK;
    });
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
        lexdb_status_t made = lexdb_ensure_layout(path, err);
        if (made != LEXDB_OK)
            return made;
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
        st = lexdb_open_shards(db.get(), db->stub.c_str(), err);
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
        db->topics = compile_topics(th, db->stem, err);
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
            db->wdb->get_metadata(LEX_META_TOPICS).c_str(),
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
            search_once(db, q, hits.get());
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
            lexdb_status_t o = lexdb_open_shards(db, db->stub.c_str(), err);
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

} /* extern "C" */
