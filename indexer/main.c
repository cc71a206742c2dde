/*
 * main.c - lexindex: options, the index location, and exit statuses.
 *
 * Exit statuses (documented in lexindex(1)):
 *   0  every file indexed          1  some files rejected, the rest indexed
 *   2  usage error                 3  the index could not be opened/written
 *   75 another lexindex holds the index lock (EX_TEMPFAIL)
 * --check exits 3 when it finds damage; --dump exits 0, 1 or 2 as an
 * indexing run does, and 3 when its output cannot be written.
 */
#include <getopt.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <unistd.h>

#include "dump.h"
#include "charset.h"
#include "lexdb.h"
#include "maint.h"
#include "numbers.h"
#include "paths.h"
#include "run.h"
#include "sanitize.h"
#include "shards.h"
#include "version.h"

enum {
    EXIT_OK = 0,
    EXIT_REJECTED = 1,
    EXIT_USAGE = 2,
    EXIT_INDEX = 3,
    EXIT_LOCKED = 75
};

/* Prints the short usage text that points to the manual. */
static void
usage(FILE *f)
{
    fputs(
        "usage: lexindex [--index DIR] [--wait SECONDS] [-q | --quiet]\n"
        "                [-v | --verbose] [--encoding NAME] PATH...\n"
        "       lexindex [--index DIR] --rebuild [PATH...]\n"
        "       lexindex --index DIR --shards N PATH...\n"
        "       lexindex [--index DIR] --check | --compact | --stats\n"
        "       lexindex --dump PATH...\n"
        "       lexindex -h | --help | -V | --version\n"
        "Bring the lexsearch index up to date with the bulletin files under\n"
        "each PATH (directories are walked recursively): new and changed\n"
        "files are indexed, unchanged ones passed over, vanished ones "
        "removed.\n"
        "  --index DIR    index directory (default $LEXSEARCH_INDEX, else\n"
        "                 $XDG_DATA_HOME/lexsearch/index, else\n"
        "                 ~/.local/share/lexsearch/index)\n"
        "  --wait SECONDS if another lexindex holds the index, wait up to\n"
        "                 SECONDS for it (default 0: exit at once, status 75)\n"
        "  --rebuild      build a fresh index beside the live one and swap\n"
        "                 it in atomically (no PATH: the files it holds)\n"
        "  --check        verify the index's integrity\n"
        "  --compact      compact the index (swapped in atomically)\n"
        "  --stats        print items, bulletins, date span and size\n"
        "  --dump         parse the bulletins under PATHs and print their\n"
        "                 items as JSON lines, without touching an index\n"
        "  --batch N      commit every N files (default 500)\n"
        "  --jobs N       threads for a rebuild or a first run (default: one\n"
        "                 per CPU)\n"
        "  --shards N     make DIR a sharded index of N shards, DIR/shard-K,\n"
        "                 files going by the year in their path (1 to 64)\n"
        "  --encoding NAME  read plain text that is not UTF-8 as NAME\n"
        "                 (e.g. GBK, BIG5; default: detect GB18030, Big5,\n"
        "                 UTF-16)\n"
        "  -q, --quiet    print only errors\n"
        "  -v, --verbose  print each file added, changed or removed\n"
        "  -h, --help     print this help\n"
        "  -V, --version  print the version\n"
        "See lexindex(1) and lexsearch-corpus(5).\n",
        f);
}

/* Maps an index failure to the documented exit status. */
static int
exit_for_index_status(lexdb_status_t st)
{
    return st == LEXDB_LOCKED ? EXIT_LOCKED : EXIT_INDEX;
}

/* Prints the end-of-run summary line. */
static void
print_summary(const run_stats_t *s, const char *index_dir)
{
    fprintf(stderr,
            "lexindex: %s: %zu added, %zu changed, %zu removed, "
            "%zu unchanged, %zu rejected; %zu items written in %.2f s\n",
            index_dir, s->added, s->changed, s->removed, s->unchanged,
            s->rejected, s->items, s->seconds);
}

/* Parses --wait's argument, a whole number of seconds. */
static bool
parse_seconds(const char *arg, unsigned *out)
{
    return lex_parse_uint(arg, 0, 86400, out);
}

/* Indexes into one index (or shard) and reports; returns the exit status. */
static int
index_one(run_options_t *opts, const char *index_dir)
{
    lex_err_t err;
    run_stats_t stats = {0};
    opts->index_dir = index_dir;
    lexdb_status_t st = index_run(opts, &stats, &err);
    if (st != LEXDB_OK) {
        if (st == LEXDB_LOCKED)
            fprintf(stderr,
                    "lexindex: %s: index is locked by another lexindex run; "
                    "try again later\n",
                    index_dir);
        else
            fprintf(stderr, "lexindex: %s\n", err.msg);
        return exit_for_index_status(st);
    }
    /* under cron, a run that changed nothing says nothing */
    bool news = stats.added || stats.changed || stats.removed ||
                stats.rejected || opts->rebuild;
    if (opts->verbosity == RUN_VERBOSE ||
        (opts->verbosity == RUN_NORMAL && (news || isatty(STDERR_FILENO))))
        print_summary(&stats, index_dir);
    return stats.rejected ? EXIT_REJECTED : EXIT_OK;
}

/* Runs a maintenance command ('C', 'K' or 'S') on one index. */
static int
command_one(int command, const char *index_dir, unsigned wait_seconds)
{
    return command == 'C'   ? maint_check(index_dir)
           : command == 'K' ? maint_compact(index_dir, wait_seconds)
                            : maint_stats(index_dir);
}

/*
 * Indexes, or runs the command on, each shard of a sharded index in
 * turn; each shard commits and swaps on its own.  Returns the worst
 * exit status.
 */
static int
each_shard(int command, run_options_t *opts, const char *dir, unsigned n)
{
    int worst = EXIT_OK;
    for (unsigned k = 1; k <= n; k++) {
        char *path = shard_path(dir, k);
        if (!path) {
            fputs("lexindex: out of memory\n", stderr);
            return EXIT_INDEX;
        }
        opts->shard = k;
        opts->n_shards = n;
        int status = command ? command_one(command, path, opts->wait_seconds)
                             : index_one(opts, path);
        if (status > worst)
            worst = status;
        free(path);
    }
    return worst;
}

/*
 * lexindex --dump PATH...: prints the items the bulletins parse into and
 * touches no index, so it is refused with the options that act on one.
 */
static int
dump_command(int n_paths, char **paths, const run_options_t *opts,
             unsigned shards)
{
    if (opts->rebuild || shards) {
        fputs("lexindex: --dump writes no index; it does not go with "
              "--rebuild or --shards\n",
              stderr);
        return EXIT_USAGE;
    }
    if (n_paths == 0) {
        fputs("lexindex: --dump: no PATH given: name the bulletin files or "
              "directories to parse\n",
              stderr);
        return EXIT_USAGE;
    }
    return dump_files(paths, (size_t)n_paths, stdout, stderr);
}

/* Parses --batch's argument, a positive number of files. */
static bool
parse_count(const char *arg, unsigned *out)
{
    return lex_parse_uint(arg, 1, 1000000, out);
}

int
main(int argc, char **argv)
{
    static const struct option longopts[] = {
        {"index", required_argument, NULL, 'i'},
        {"quiet", no_argument, NULL, 'q'},
        {"verbose", no_argument, NULL, 'v'},
        {"wait", required_argument, NULL, 'w'},
        {"rebuild", no_argument, NULL, 'R'},
        {"batch", required_argument, NULL, 'b'},
        {"jobs", required_argument, NULL, 'j'},
        {"check", no_argument, NULL, 'C'},
        {"compact", no_argument, NULL, 'K'},
        {"stats", no_argument, NULL, 'S'},
        {"dump", no_argument, NULL, 'D'},
        {"shards", required_argument, NULL, 'N'},
        {"encoding", required_argument, NULL, 'E'},
        {"help", no_argument, NULL, 'h'},
        {"version", no_argument, NULL, 'V'},
        {NULL, 0, NULL, 0},
    };
    run_options_t opts = {0};
    opts.verbosity = RUN_NORMAL;
    opts.log = stderr;
    const char *index_opt = NULL;
    unsigned shards = 0;
    int c, command = 0; /* 'C', 'K', 'S' or 0 for indexing */
    while ((c = getopt_long(argc, argv, "qvhV", longopts, NULL)) != -1) {
        switch (c) {
        case 'i':
            index_opt = optarg;
            break;
        case 'q':
            opts.verbosity = RUN_QUIET;
            break;
        case 'v':
            opts.verbosity = RUN_VERBOSE;
            break;
        case 'w':
            if (!parse_seconds(optarg, &opts.wait_seconds)) {
                fprintf(stderr,
                        "lexindex: --wait: '%s' is not a number of "
                        "seconds (0 to 86400)\n",
                        optarg);
                return EXIT_USAGE;
            }
            break;
        case 'R':
            opts.rebuild = true;
            break;
        case 'b':
            if (!parse_count(optarg, &opts.batch)) {
                fprintf(stderr,
                        "lexindex: --batch: '%s' is not a number of files "
                        "(1 to 1000000)\n",
                        optarg);
                return EXIT_USAGE;
            }
            break;
        case 'j':
            if (!parse_count(optarg, &opts.jobs) || opts.jobs > RUN_MAX_JOBS) {
                fprintf(stderr,
                        "lexindex: --jobs: '%s' is not a number of threads "
                        "(1 to %d)\n",
                        optarg, RUN_MAX_JOBS);
                return EXIT_USAGE;
            }
            break;
        case 'N':
            if (!parse_count(optarg, &shards) || shards > SHARDS_MAX) {
                fprintf(stderr,
                        "lexindex: --shards: '%s' is not a number of "
                        "shards (1 to %d)\n",
                        optarg, SHARDS_MAX);
                return EXIT_USAGE;
            }
            break;
        case 'E':
            if (!lex_charset_known(optarg)) {
                fputs("lexindex: --encoding: ", stderr);
                lex_fputs_safe(stderr, optarg);
                fputs(" is not a charset iconv knows (see iconv -l)\n", stderr);
                return EXIT_USAGE;
            }
            opts.encoding = optarg;
            break;
        case 'C':
        case 'K':
        case 'S':
        case 'D':
            if (command && command != c) {
                fputs("lexindex: --check, --compact, --stats and --dump go "
                      "alone\n",
                      stderr);
                return EXIT_USAGE;
            }
            command = c;
            break;
        case 'h':
            usage(stdout);
            return EXIT_OK;
        case 'V':
            printf("lexindex %s (Xapian %s)\n", lex_version(),
                   lexdb_xapian_version());
            return EXIT_OK;
        default:
            usage(stderr);
            return EXIT_USAGE;
        }
    }
    if (command == 'D')
        return dump_command(argc - optind, argv + optind, &opts, shards);
    if (shards && (command || !index_opt)) {
        fputs("lexindex: --shards makes the index that --index names; it "
              "goes with PATHs to index, not with --check, --compact or "
              "--stats\n",
              stderr);
        return EXIT_USAGE;
    }
    if (command && (optind < argc || opts.rebuild)) {
        fputs("lexindex: --check, --compact and --stats take no PATH\n",
              stderr);
        return EXIT_USAGE;
    }
    if (optind >= argc && !opts.rebuild && !command) {
        fputs("lexindex: no PATH given: name bulletin files or directories "
              "to index\n",
              stderr);
        usage(stderr);
        return EXIT_USAGE;
    }
    opts.roots = argv + optind;
    opts.n_roots = (size_t)(argc - optind);

    lex_err_t err;
    char *index_dir = NULL;
    if (index_opt)
        index_dir = strdup(index_opt);
    else if (lex_default_index_path(&index_dir, &err) != LEX_OK) {
        fprintf(stderr, "lexindex: %s\n", err.msg);
        return EXIT_USAGE;
    }
    unsigned n_shards = index_dir ? shards_count(index_dir) : 0;
    lex_status_t made = LEX_OK;
    if (shards && index_dir &&
        (made = shards_create(index_dir, shards, &err)) != LEX_OK) {
        fprintf(stderr, "lexindex: %s\n", err.msg);
        free(index_dir);
        return made == LEX_EUSAGE ? EXIT_USAGE : EXIT_INDEX;
    }
    if (shards)
        n_shards = shards;
    opts.progress = opts.verbosity == RUN_NORMAL && isatty(STDERR_FILENO);
    int status;
    if (!index_dir)
        status = EXIT_INDEX;
    else if (n_shards)
        status = each_shard(command, &opts, index_dir, n_shards);
    else if (command)
        status = command_one(command, index_dir, opts.wait_seconds);
    else if (lex_mkdir_p(index_dir, &err) != LEX_OK) {
        fprintf(stderr, "lexindex: %s\n", err.msg);
        status = EXIT_INDEX;
    } else
        status = index_one(&opts, index_dir);
    free(index_dir);
    return status;
}
