/*
 * xapianpeer.cc - the bare Xapian peer of tests/bench/run.  Benchmark
 * code, not part of lexsearch (whose only C++ is the shim in common/shim/):
 * it is the engine with nothing of ours added, written in C++ because
 * that is Xapian's API.
 *
 *   xapianpeer build DBDIR CORPUS
 *       Parses CORPUS with liblexparse's parsers (the items lexindex
 *       indexes) and adds one document per item to a new database:
 *       Xapian::TermGenerator with default settings (no stemmer) and
 *       positions, the headline then the body, the two as document data
 *       for snippets; one commit at the end.  Prints "items N ...".
 *   xapianpeer query DBDIR QUERIES [REPEAT]
 *       Runs each query of column 2 of QUERIES through
 *       Xapian::QueryParser with default settings for a top 10, with
 *       MSet::snippet() of 200 bytes for each hit, once untimed and
 *       REPEAT (default 5) timed passes; prints one line per query and
 *       the summary line.
 *   xapianpeer one DBDIR QUERY
 *       One query, its top 10 printed: what a whole process costs.
 *
 * Built a second time as xapianone, with XAPIANPEER_ONE_ONLY: the one
 * mode alone, linked with Xapian alone.  The whole program links
 * liblexparse's parsers for its build mode, and with them poppler, GMime
 * and glib (some sixty shared libraries to load at every start), which
 * a bare Xapian program does not carry: tests/bench/run times whole
 * processes of xapianone.
 */
#include <xapian.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

#ifndef XAPIANPEER_ONE_ONLY
#include "benchutil.h"
#endif

namespace
{

#ifndef XAPIANPEER_ONE_ONLY
/* The corpus walk's context: the database and the term generator. */
struct Builder {
    Xapian::WritableDatabase *db;
    Xapian::TermGenerator tg;
};

/* Adds one item as a document: the corpus walk's callback. */
extern "C" int
add_item(void *ctx, const lex_bulletin_t *, const lex_item_t *it)
{
    Builder *b = static_cast<Builder *>(ctx);
    try {
        Xapian::Document doc;
        std::string headline = it->headline ? it->headline : "";
        std::string body = it->body ? it->body : "";
        b->tg.set_document(doc);
        b->tg.index_text(headline);
        b->tg.increase_termpos();
        b->tg.index_text(body);
        doc.set_data(headline + "\n" + body);
        b->db->add_document(doc);
    } catch (const Xapian::Error &e) {
        std::fprintf(stderr, "xapianpeer: %s\n", e.get_description().c_str());
        return 1;
    }
    return 0;
}

/* The build mode; returns the exit status. */
int
build(const char *path, const char *corpus)
{
    try {
        Xapian::WritableDatabase db(path, Xapian::DB_CREATE_OR_OVERWRITE);
        Builder b{&db, Xapian::TermGenerator()};
        bench_counts_t c;
        if (bench_each_item(corpus, add_item, &b, &c) != 0)
            return 2;
        db.commit();
        std::printf("items %lu files %lu bytes %llu\n", c.items, c.files,
                    c.bytes);
    } catch (const Xapian::Error &e) {
        std::fprintf(stderr, "xapianpeer: %s\n", e.get_description().c_str());
        return 2;
    }
    return 0;
}

#endif

/*
 * Runs one query for its top 10 with snippets; returns the number of
 * matches (estimated, -1 on a query error) and prints the hits to out
 * when it is not NULL.
 */
long
top10(const Xapian::Database &db, const std::string &query, FILE *out)
{
    try {
        Xapian::QueryParser qp;
        qp.set_database(db);
        Xapian::Enquire enquire(db);
        enquire.set_query(qp.parse_query(query));
        Xapian::MSet mset = enquire.get_mset(0, 10);
        size_t bytes = 0;
        for (Xapian::MSetIterator m = mset.begin(); m != mset.end(); ++m) {
            std::string data = m.get_document().get_data();
            size_t nl = data.find('\n');
            std::string headline = data.substr(0, nl);
            std::string snippet = mset.snippet(
                nl == std::string::npos ? "" : data.substr(nl + 1), 200);
            bytes += headline.size() + snippet.size();
            if (out)
                std::fprintf(out, "%2u. %s\n    %s\n", m.get_rank() + 1,
                             headline.c_str(), snippet.c_str());
        }
        (void)bytes;
        return (long)mset.get_matches_estimated();
    } catch (const Xapian::Error &e) {
        std::fprintf(stderr, "xapianpeer: %s: %s\n", query.c_str(),
                     e.get_description().c_str());
        return -1;
    }
}

#ifndef XAPIANPEER_ONE_ONLY
/* The timed query mode; returns the exit status. */
int
query_all(const char *path, const char *query_file, int repeat)
{
    char **queries;
    size_t n;
    if (bench_read_queries(query_file, 2, &queries, &n) != 0)
        return 2;
    int status = 0;
    try {
        Xapian::Database db(path);
        std::vector<double> all, mine((size_t)repeat);
        unsigned errors = 0;
        for (size_t i = 0; i < n; i++) {
            top10(db, queries[i], NULL); /* warm-up */
            long total = 0;
            for (int r = 0; r < repeat; r++) {
                double t0 = bench_now();
                total = top10(db, queries[i], NULL);
                mine[(size_t)r] = (bench_now() - t0) * 1000.0;
                all.push_back(mine[(size_t)r]);
            }
            errors += total < 0;
            std::printf("query %zu hits %ld median_ms %.3f %s\n", i + 1, total,
                        bench_percentile(mine.data(), mine.size(), 50),
                        queries[i]);
        }
        bench_print_summary(all.data(), all.size());
        std::printf("errors=%u\n", errors);
    } catch (const Xapian::Error &e) {
        std::fprintf(stderr, "xapianpeer: %s\n", e.get_description().c_str());
        status = 2;
    }
    bench_free_queries(queries, n);
    return status;
}

#endif

/* The one-query mode; returns the exit status. */
int
query_one(const char *path, const char *query)
{
    try {
        Xapian::Database db(path);
        return top10(db, query, stdout) < 0 ? 2 : 0;
    } catch (const Xapian::Error &e) {
        std::fprintf(stderr, "xapianpeer: %s\n", e.get_description().c_str());
        return 2;
    }
}

} // namespace

/* Chooses the mode from the command line. */
int
main(int argc, char **argv)
{
#ifndef XAPIANPEER_ONE_ONLY
    if (argc == 4 && !std::strcmp(argv[1], "build"))
        return build(argv[2], argv[3]);
    if ((argc == 4 || argc == 5) && !std::strcmp(argv[1], "query")) {
        int repeat = argc == 5 ? bench_parse_repeat(argv[4]) : 5;
        if (repeat > 0)
            return query_all(argv[2], argv[3], repeat);
    }
#endif
    if (argc == 4 && !std::strcmp(argv[1], "one"))
        return query_one(argv[2], argv[3]);
    std::fputs("usage: xapianpeer build DBDIR CORPUS | query DBDIR QUERIES "
               "[REPEAT] | one DBDIR QUERY\n",
               stderr);
    return 2;
}
