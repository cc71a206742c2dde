/*
 * test_generations.c - the index directory's layout in C: the Xapian
 * stub reader and writer (stub.c) and the generations (generations.c),
 * on files in a temporary directory.
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "generations.h"
#include "stub.h"
#include "unit_cases.h"
#include "unit_util.h"

static char tmp[64];

/* Makes a fresh temporary directory for each test. */
static void
setup(void)
{
    snprintf(tmp, sizeof tmp, "/tmp/test_generations.XXXXXX");
    ck_assert_ptr_nonnull(mkdtemp(tmp));
}

/* Deletes it. */
static void
teardown(void)
{
    lex_remove_tree(tmp);
}

/* TMP/name, in a static buffer. */
static const char *
at(const char *name)
{
    static char path[256];
    snprintf(path, sizeof path, "%s/%s", tmp, name);
    return path;
}

/* Writes text to TMP/name. */
static void
put(const char *name, const char *text)
{
    FILE *f = fopen(at(name), "w");
    ck_assert_ptr_nonnull(f);
    fputs(text, f);
    fclose(f);
}

/* The text of TMP/name, in a static buffer ("" when it is missing). */
static const char *
text_of(const char *name)
{
    static char text[1024];
    FILE *f = fopen(at(name), "r");
    size_t n = f ? fread(text, 1, sizeof text - 1, f) : 0;
    text[n] = '\0';
    if (f)
        fclose(f);
    return text;
}

/* Whether TMP/name exists. */
static bool
exists(const char *name)
{
    struct stat sb;
    return stat(at(name), &sb) == 0;
}

/* Makes the directory TMP/name. */
static void
make_dir(const char *name)
{
    ck_assert_int_eq(mkdir(at(name), 0777), 0);
}

/* Parses s as HOST:PORT: the host and port as "HOST|PORT", or "refused". */
static const char *
host_port(const char *s)
{
    static char out[128];
    char *host;
    unsigned port;
    bool nomem;
    if (!lex_parse_host_port(s, &host, &port, &nomem)) {
        ck_assert(!nomem);
        ck_assert_ptr_null(host);
        return "refused";
    }
    snprintf(out, sizeof out, "%s|%u", host, port);
    free(host);
    return out;
}

START_TEST(host_and_port)
{
    CK_STR_CASES(host_port,
                 {"search.example.org:8100", "search.example.org|8100"},
                 {"10.0.0.7:1", "10.0.0.7|1"}, {"[::1]:65535", "::1|65535"},
                 {"[fe80::2]:7000", "fe80::2|7000"},
                 /* no port, no host, a port out of range or not a number */
                 {"search.example.org", "refused"}, {":8100", "refused"},
                 {"host:", "refused"}, {"host:0", "refused"},
                 {"host:65536", "refused"}, {"host:80x", "refused"});
}
END_TEST

/* One stub line as "KIND NAME|ARG|PORT", or "bad" when refused. */
static const char *
line_of(const char *text, const char *stub_path)
{
    static char out[256];
    static const char *kinds[] = {"auto", "glass", "tcp", "program"};
    lex_stub_line_t l;
    lex_status_t st = lex_stub_parse_line(text, stub_path, &l);
    if (st != LEX_OK) {
        ck_assert_int_eq(st, LEX_EPARSE);
        return "bad";
    }
    snprintf(out, sizeof out, "%s %s|%s|%u", kinds[l.kind], l.name,
             l.arg ? l.arg : "-", l.port);
    free(l.name);
    free(l.arg);
    return out;
}

/* line_of a line of the stub "s" (in the working directory). */
static const char *
stub_line(const char *text)
{
    return line_of(text, "s");
}

START_TEST(stub_lines)
{
    /* a relative path is relative to the stub's directory */
    ck_assert_str_eq(line_of("auto shard-2", "/srv/idx/shards.stub"),
                     "auto /srv/idx/shard-2|-|0");
    ck_assert_str_eq(line_of("auto shard-2", "shards.stub"),
                     "auto shard-2|-|0");
    ck_assert_str_eq(line_of("glass /abs/gen-000004", "d/XAPIANDB"),
                     "glass /abs/gen-000004|-|0");
    CK_STR_CASES(stub_line, {"remote [::1]:7000", "tcp [::1]:7000|::1|7000"},
                 {"remote :xapian-progsrv /srv/a b",
                  "program xapian-progsrv|/srv/a b|0"},
                 {"remote :xapian-progsrv", "program xapian-progsrv||0"},
                 /* what Xapian would refuse */
                 {"remote 127.0.0.1", "bad"}, {"remote 127.0.0.1:70000", "bad"},
                 {"remote :", "bad"}, {"remote", "bad"}, {"auto", "bad"},
                 {"auto ", "bad"}, {"chert old", "bad"}, {" auto x", "bad"});
}
END_TEST

START_TEST(stub_read_errors)
{
    lex_stub_t s;
    lex_err_t err;
    char want[512];
    put("a.stub", "# two shards\n\nauto one\nremote nowhere\nauto two\n");
    ck_assert_int_eq(lex_stub_read(at("a.stub"), &s, &err), LEX_EPARSE);
    snprintf(want, sizeof want,
             "%s:4: bad line (expected 'auto PATH' or 'remote HOST:PORT')",
             at("a.stub"));
    ck_assert_str_eq(err.msg, want);
    ck_assert_uint_eq(s.n, 0);
    ck_assert_ptr_null(s.lines);

    ck_assert_int_eq(lex_stub_read(at("missing.stub"), &s, &err), LEX_EIO);
    snprintf(want, sizeof want, "%s: cannot read the stub", at("missing.stub"));
    ck_assert_str_eq(err.msg, want);

    put("empty.stub", "# nothing here yet\n\n");
    ck_assert_int_eq(lex_stub_read(at("empty.stub"), &s, &err), LEX_OK);
    ck_assert_uint_eq(s.n, 0);
}
END_TEST

START_TEST(stub_round_trip)
{
    lex_stub_line_t lines[] = {
        {LEX_STUB_AUTO, "shard-1", NULL, 0},
        {LEX_STUB_GLASS, "gen-000002", NULL, 0},
        {LEX_STUB_TCP, "[::1]:7000", "::1", 7000},
        {LEX_STUB_PROGRAM, "xapian-progsrv", "/srv/idx", 0},
    };
    lex_err_t err;
    ck_assert_int_eq(
        lex_stub_write(at("r.stub"), "# made by a test\n", lines, 4, &err),
        LEX_OK);
    ck_assert_str_eq(text_of("r.stub"),
                     "# made by a test\nauto shard-1\nglass gen-000002\n"
                     "remote [::1]:7000\nremote :xapian-progsrv /srv/idx\n");
    ck_assert(!exists("r.stub.tmp"));

    lex_stub_t s;
    ck_assert_int_eq(lex_stub_read(at("r.stub"), &s, &err), LEX_OK);
    ck_assert_uint_eq(s.n, 4);
    ck_assert_int_eq(s.lines[0].kind, LEX_STUB_AUTO);
    ck_assert_str_eq(s.lines[0].name, at("shard-1"));
    ck_assert_int_eq(s.lines[1].kind, LEX_STUB_GLASS);
    ck_assert_str_eq(s.lines[1].name, at("gen-000002"));
    ck_assert_int_eq(s.lines[2].kind, LEX_STUB_TCP);
    ck_assert_str_eq(s.lines[2].arg, "::1");
    ck_assert_uint_eq(s.lines[2].port, 7000);
    ck_assert_int_eq(s.lines[3].kind, LEX_STUB_PROGRAM);
    ck_assert_str_eq(s.lines[3].name, "xapian-progsrv");
    ck_assert_str_eq(s.lines[3].arg, "/srv/idx");
    lex_stub_free(&s);

    /* a stub that cannot be written says which file */
    ck_assert_int_eq(
        lex_stub_write(at("no/such/dir/x.stub"), NULL, lines, 1, &err),
        LEX_EIO);
    ck_assert_ptr_nonnull(strstr(err.msg, "cannot create "));
    ck_assert_ptr_nonnull(strstr(err.msg, "no/such/dir/x.stub.tmp: "));
}
END_TEST

START_TEST(index_or_stub)
{
    char *stub;
    lex_err_t err;
    /* nothing there, or a plain index directory: no stub */
    ck_assert_int_eq(lex_stub_of_index(at("none"), &stub, &err), LEX_OK);
    ck_assert_ptr_null(stub);
    make_dir("plain");
    ck_assert_int_eq(lex_stub_of_index(at("plain"), &stub, &err), LEX_OK);
    ck_assert_ptr_null(stub);
    /* a sharded index's directory, or a stub file named directly */
    make_dir("sharded");
    put("sharded/shards.stub", "auto shard-1\n");
    ck_assert_int_eq(lex_stub_of_index(at("sharded"), &stub, &err), LEX_OK);
    ck_assert_str_eq(stub, at("sharded/shards.stub"));
    free(stub);
    put("mine.stub", "remote h:1\n");
    ck_assert_int_eq(lex_stub_of_index(at("mine.stub"), &stub, &err), LEX_OK);
    ck_assert_str_eq(stub, at("mine.stub"));
    free(stub);
}
END_TEST

START_TEST(generation_names)
{
    /* a name and its generation, 0 for a name that is none */
    static const struct {
        const char *name;
        unsigned long gen;
    } names[] = {{"gen-000001", 1}, {"gen-123456", 123456}, {"gen-", 0},
                 {"gen-12x", 0},    {"XAPIANDB", 0},        {"agen-000001", 0}};
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
        ck_assert_msg(lex_gen_of_name(names[i].name) == names[i].gen,
                      "%s: generation %lu", names[i].name,
                      lex_gen_of_name(names[i].name));
}
END_TEST

START_TEST(live_and_next)
{
    lex_err_t err;
    ck_assert_uint_eq(lex_gen_live(tmp), 0);
    ck_assert_int_eq(lex_gen_exists(tmp, &err), LEX_OK);
    ck_assert_int_eq(lex_gen_exists(at("none"), &err), LEX_EIO);
    ck_assert_str_eq(strchr(err.msg, ':'),
                     ": no index here; create it with lexindex");
    ck_assert(!strncmp(err.msg, at("none"), strlen(at("none"))));
    /* an index older than generations cannot be rebuilt or compacted */
    ck_assert_int_eq(lex_gen_require(tmp, &err), LEX_EUSAGE);
    ck_assert_str_eq(strchr(err.msg, ':'), ": index predates generations; "
                                           "move it away and index again");
    ck_assert(!strncmp(err.msg, tmp, strlen(tmp)));
    ck_assert_uint_eq(lex_gen_next(tmp), 1);
    make_dir("gen-000003");
    ck_assert_int_eq(lex_gen_make_live(tmp, 3, &err), LEX_OK);
    ck_assert_str_eq(text_of("XAPIANDB"), "glass gen-000003\n");
    ck_assert_uint_eq(lex_gen_live(tmp), 3);
    ck_assert_int_eq(lex_gen_require(tmp, &err), LEX_OK);
    ck_assert_uint_eq(lex_gen_next(tmp), 4);
    /* a newer generation left by a crashed rebuild is not reused */
    make_dir("gen-000007");
    ck_assert_uint_eq(lex_gen_next(tmp), 8);
    ck_assert_uint_eq(lex_gen_live(tmp), 3);
    /* a stub naming something else names no generation */
    put("XAPIANDB", "glass /elsewhere/gen-000003\n");
    ck_assert_uint_eq(lex_gen_live(tmp), 0);
    put("XAPIANDB", "auto gen-000003\n");
    ck_assert_uint_eq(lex_gen_live(tmp), 0);
    put("XAPIANDB", "glass gen-000005\n");
    ck_assert_uint_eq(lex_gen_live(tmp), 5);
}
END_TEST

/* The id of a process that has exited. */
static long
dead_pid(void)
{
    pid_t pid = fork();
    if (pid == 0)
        _exit(0);
    ck_assert_int_gt(pid, 0);
    waitpid(pid, NULL, 0);
    return (long)pid;
}

START_TEST(stale_removal)
{
    lex_err_t err;
    char dead[64], alive[64];
    make_dir("gen-000001");
    make_dir("gen-000002");
    put("gen-000002/postlist.glass", "x");
    make_dir("gen-000004");
    make_dir("bulk.tmp");
    make_dir("bulk.tmp/part-0-0");
    snprintf(dead, sizeof dead, "first-%ld.tmp", dead_pid());
    snprintf(alive, sizeof alive, "first-%ld.tmp", (long)getpid());
    make_dir(dead);
    make_dir(alive);
    /* without a stub, nothing is known to be stale */
    lex_gen_remove_stale(tmp);
    ck_assert(exists("gen-000001"));
    ck_assert_int_eq(lex_gen_make_live(tmp, 2, &err), LEX_OK);
    lex_gen_remove_stale(tmp);
    ck_assert(exists("gen-000002/postlist.glass"));
    ck_assert(!exists("gen-000001"));
    ck_assert(!exists("gen-000004"));
    ck_assert(!exists("bulk.tmp"));
    ck_assert(!exists(dead));
    ck_assert(exists(alive)); /* a first run still at work */
    ck_assert(exists("XAPIANDB"));
}
END_TEST

START_TEST(first_generation)
{
    lex_err_t err;
    bool needed;
    char dir[256];
    snprintf(dir, sizeof dir, "%s", at("idx"));
    /* a missing directory is made and needs a first generation */
    ck_assert_int_eq(lex_gen_first_needed(dir, &needed, &err), LEX_OK);
    ck_assert(needed);
    ck_assert(exists("idx"));
    char *scratch = lex_gen_first_scratch(dir);
    ck_assert_ptr_nonnull(strstr(scratch, "/idx/first-"));
    ck_assert_int_eq(mkdir(scratch, 0777), 0);
    /* left half-made by an older lexindex: tables, no revision file */
    make_dir("idx/gen-000001");
    put("idx/gen-000001/postlist.glass", "");
    char rev[300];
    snprintf(rev, sizeof rev, "%s/iamglass", scratch);
    FILE *f = fopen(rev, "w");
    fclose(f);
    ck_assert_int_eq(lex_gen_install_first(dir, scratch, &err), LEX_OK);
    free(scratch);
    ck_assert(exists("idx/gen-000001/iamglass"));
    ck_assert_str_eq(text_of("idx/XAPIANDB"), "glass gen-000001\n");
    /* now an index: nothing to make */
    ck_assert_int_eq(lex_gen_first_needed(dir, &needed, &err), LEX_OK);
    ck_assert(!needed);
    /* a second first run that lost the race drops its copy */
    scratch = lex_gen_first_scratch(dir);
    ck_assert_int_eq(mkdir(scratch, 0777), 0);
    ck_assert_int_eq(lex_gen_install_first(dir, scratch, &err), LEX_OK);
    ck_assert_int_eq(access(scratch, F_OK), -1);
    free(scratch);
    ck_assert(exists("idx/gen-000001/iamglass"));
}
END_TEST

START_TEST(foreign_directory)
{
    lex_err_t err;
    bool needed;
    make_dir("docs");
    put("docs/notes.txt", "not an index\n");
    ck_assert_int_eq(lex_gen_first_needed(at("docs"), &needed, &err),
                     LEX_EUSAGE);
    ck_assert_str_eq(err.msg, "not a lexsearch index (no XAPIANDB) and not "
                              "empty; refusing to write into it");
    ck_assert(!needed);
    /* what a crashed first run leaves is not foreign */
    make_dir("crashed");
    make_dir("crashed/gen-000001");
    make_dir("crashed/bulk.tmp");
    put("crashed/XAPIANDB.tmp", "");
    ck_assert_int_eq(lex_gen_first_needed(at("crashed"), &needed, &err),
                     LEX_OK);
    ck_assert(needed);
}
END_TEST

START_TEST(bulk_scratch_and_sizes)
{
    lex_err_t err;
    ck_assert_int_eq(lex_gen_scratch_create(tmp, &err), LEX_OK);
    char *seg = lex_gen_segment_path(tmp, 2, 5);
    ck_assert_str_eq(seg, at("bulk.tmp/part-2-5"));
    ck_assert_int_eq(mkdir(seg, 0777), 0);
    free(seg);
    /* made anew: the old parts go */
    ck_assert_int_eq(lex_gen_scratch_create(tmp, &err), LEX_OK);
    ck_assert(exists("bulk.tmp"));
    ck_assert(!exists("bulk.tmp/part-2-5"));
    lex_gen_scratch_remove(tmp);
    ck_assert(!exists("bulk.tmp"));

    make_dir("gen-000001");
    put("gen-000001/a", "12345");
    put("gen-000001/b", "678");
    make_dir("gen-000001/sub"); /* directories do not count */
    ck_assert_uint_eq(lex_gen_bytes(tmp, 1), 8);
    /* generation 0: the files of the directory itself */
    put("iamglass", "1234");
    ck_assert_uint_eq(lex_gen_bytes(tmp, 0), 4);
}
END_TEST

/* Runs the tests. */
UNIT_MAIN("generations",
          UNIT_TCASE("stub", setup, teardown, host_and_port, stub_lines,
                     stub_read_errors, stub_round_trip, index_or_stub),
          UNIT_TCASE("generations", setup, teardown, generation_names,
                     live_and_next, stale_removal, first_generation,
                     foreign_directory, bulk_scratch_and_sizes))
