/*
 * fuzz_query.c - fuzz target for the query path: a query string is
 * parsed (query language, thesaurus, entities, spelling) and run
 * against a small index built once from the sample bulletins in
 * corpus/, and every hit is read back.  The first input byte chooses
 * the options (sort order, exact, facets, new items only, offset); the
 * rest is the query.  The C front-end (query_tree.c) also parses the
 * query on its own, at any length (the lexdb path stops at 64 KiB, the
 * front-end at 1 MiB): its tree must be sound
 * (every column inside the query) and its refusals those lexdb gives.
 */
#define _XOPEN_SOURCE 700 /* mkdtemp */
#include <dirent.h>
#include <stdio.h>
#include <unistd.h>

#include "formats.h"
#include "fileio.h"
#include "fuzz_common.h"
#include "generations.h"
#include "lexdb.h"
#include "query_tree.h"
#include "tag.h"
#include "thesaurus.h"

#ifndef LEX_CORPUS_DIR
#error "LEX_CORPUS_DIR must name the sample corpus"
#endif

static lexdb_t *db;
static lex_thesaurus_t *thesaurus;
static lex_gazetteer_t *gazetteer;
static char index_dir[] = "/tmp/lexfuzz-index.XXXXXX";

/* atexit handler: closes the index and deletes its directory. */
static void
cleanup(void)
{
    lexdb_close(db);
    lex_thesaurus_free(thesaurus);
    lex_gazetteer_free(gazetteer);
    lex_remove_tree(index_dir);
}

/* Dies with a message: the harness cannot run without its index. */
static void
fail(const char *what, const char *msg)
{
    fprintf(stderr, "fuzz_query: %s: %s\n", what, msg);
    abort();
}

/* Parses one corpus file and writes its items into the index. */
static void
index_file(lexdb_t *w, const char *path)
{
    char *data;
    size_t len;
    lex_bulletin_t *b = NULL;
    lex_err_t err;
    if (lex_read_file(path, LEX_MAX_FILE_BYTES, &data, &len, &err) != LEX_OK ||
        lex_parse_any(path, data, len, NULL, &b, &err) != LEX_OK)
        fail(path, err.msg);
    if (gazetteer && lex_tag_bulletin(gazetteer, b, &err) != LEX_OK)
        fail(path, err.msg);
    if (lexdb_index_bulletin(w, b, path, &err) != LEXDB_OK)
        fail(path, err.msg);
    lex_bulletin_free(b);
    free(data);
}

/* Builds the index from the corpus .txt files, then opens it for reading. */
static void
build_index(void)
{
    lex_err_t err;
    lexdb_t *w;
    if (!mkdtemp(index_dir))
        fail(index_dir, "cannot create");
    atexit(cleanup);
    if (lexdb_open(index_dir, LEXDB_WRITE, &w, &err) != LEXDB_OK)
        fail(index_dir, err.msg);
    lexdb_set_gazetteer(w, gazetteer);
    if (lexdb_begin(w, &err) != LEXDB_OK)
        fail(index_dir, err.msg);
    DIR *d = opendir(LEX_CORPUS_DIR);
    struct dirent *e;
    char path[4096];
    while (d && (e = readdir(d)) != NULL) {
        size_t n = strlen(e->d_name);
        if (n < 4 || strcmp(e->d_name + n - 4, ".txt"))
            continue;
        snprintf(path, sizeof path, "%s/%s", LEX_CORPUS_DIR, e->d_name);
        index_file(w, path);
    }
    if (d)
        closedir(d);
    if (lexdb_commit(w, &err) != LEXDB_OK)
        fail(index_dir, err.msg);
    lexdb_close(w);
    if (lexdb_open(index_dir, LEXDB_READ, &db, &err) != LEXDB_OK)
        fail(index_dir, err.msg);
    lexdb_set_gazetteer(db, gazetteer);
}

/* libFuzzer calls this once before the first input. */
int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    lex_err_t err;
    if (lex_thesaurus_load_default(&thesaurus, &err) != LEX_OK)
        fail("thesaurus", err.msg);
    if (lex_gazetteer_load_default(&gazetteer, &err) != LEX_OK)
        fail("gazetteer", err.msg);
    build_index();
    return 0;
}

/* Reads every field of every hit, as the printers do. */
static void
read_hits(const lexdb_hits_t *hits)
{
    for (size_t i = 0; i < lexdb_hits_count(hits); i++) {
        const lexdb_hit_t *h = lexdb_hits_get(hits, i);
        fuzz_check_bulletin(h->bulletin);
        size_t n = strlen(h->snippet);
        for (size_t s = 0; s < h->n_spans; s++)
            if (h->spans[s].start + h->spans[s].length > n)
                abort();
        n = strlen(h->item->headline);
        for (size_t s = 0; s < h->n_headline_spans; s++)
            if (h->headline_spans[s].start + h->headline_spans[s].length > n)
                abort();
    }
    const lexdb_facet_t *f;
    (void)lexdb_hits_facets(hits, "section", &f);
    (void)lexdb_hits_facets(hits, "month", &f);
    bool used;
    (void)lexdb_hits_correction(hits, &used);
}

/* Aborts unless every node of the tree lies inside a query of len bytes
   (walked with a stack: the tree may be deep). */
static void
check_tree(const lex_qnode_t *root, size_t len)
{
    size_t n = 0, cap = 16;
    const lex_qnode_t **stack = malloc(cap * sizeof *stack);
    if (!stack)
        abort();
    if (root)
        stack[n++] = root;
    while (n) {
        const lex_qnode_t *node = stack[--n];
        if (node->column < 1 || node->column > len || node->start < 1 ||
            node->start > node->column)
            abort();
        for (size_t i = 0; i < node->n_kids; i++) {
            if (n == cap) {
                cap *= 2;
                stack = realloc(stack, cap * sizeof *stack);
                if (!stack)
                    abort();
            }
            stack[n++] = node->kids[i];
        }
    }
    free(stack);
}

/*
 * Parses the query with the C front-end alone; returns its status and
 * leaves its message in err.  A parsed tree is checked and printed.
 */
static lex_status_t
parse_alone(const char *query, size_t len, lex_err_t *err)
{
    lex_query_t *tree;
    lex_status_t st = lex_query_parse(query, len, &tree, err);
    if (st == LEX_OK) {
        check_tree(lex_query_root(tree), len);
        lex_buf_t b = LEX_BUF_INIT;
        lex_query_print(tree, &b);
        if (lex_buf_failed(&b) || !b.len)
            abort();
        lex_buf_free(&b);
        lex_query_free(tree);
    } else if (st != LEX_EPARSE || !strstr(err->msg, " at column ")) {
        abort();
    }
    return st;
}

/* Runs one query (and its --explain) with options from the first byte. */
int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size == 0 || size > (1 << 20))
        return 0;
    char *query = fuzz_copy(data + 1, size - 1);
    lex_err_t tree_err;
    lex_status_t tree_st = parse_alone(query, strlen(query), &tree_err);
    if (size > 65536) {
        /* the rest runs up to run-fuzzer's -max_len: the CJK segmentation
           is linear now (cjk_segment.c), and a 4 KiB cap hid that it was
           not */
        free(query);
        return 0;
    }
    unsigned flags = data[0];
    lexdb_query_t q = {.query = query,
                       .offset = (flags >> 5) & 3,
                       .limit = 10,
                       .snippet_chars = 200,
                       .new_only = flags & 4,
                       .exact = flags & 8,
                       .facets = flags & 16,
                       .sort = (lexdb_sort_t)(flags % 3),
                       .thesaurus = flags & 8 ? NULL : thesaurus};
    lexdb_hits_t *hits = NULL;
    lex_err_t err;
    lexdb_status_t st = lexdb_search(db, &q, &hits, &err);
    /* a query the front-end refuses, lexdb refuses with its message,
       the column counted in characters */
    if (tree_st != LEX_OK)
        lex_query_column_in_characters(query, &tree_err);
    if (tree_st != LEX_OK &&
        (st != LEXDB_QUERY_SYNTAX || !strstr(err.msg, tree_err.msg)))
        abort();
    if (st == LEXDB_OK)
        read_hits(hits);
    else if (st != LEXDB_QUERY_SYNTAX)
        fail(query, err.msg);
    else if (!err.msg[0])
        abort(); /* the message quotes the query; lexsearch prints it safely */
    lexdb_hits_free(hits);
    if (flags & 128) {
        char *explained = NULL;
        if (lexdb_explain(db, &q, &explained, &err) == LEXDB_OK)
            free(explained);
    }
    free(query);
    return 0;
}
