/*
 * test_gazetteer.c - the agency and law gazetteer: the real data files
 * in corpus/, tagging and lookup in every spelling, and the validation
 * of small bad files written to a temporary directory.
 */
#include <check.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "gazetteer.h"
#include "unit_cases.h"
#include "unit_util.h"

static lex_err_t err;
static lex_gazetteer_t *gaz;

/* Loads the real files from the source tree before each test. */
static void
load_real(void)
{
    lex_status_t st = lex_gazetteer_load(
        LEX_CORPUS_DIR "/agencies.tsv", LEX_CORPUS_DIR "/laws.tsv", &gaz, &err);
    ck_assert_msg(st == LEX_OK, "%s", err.msg);
}

/* Frees the gazetteer after each test. */
static void
free_real(void)
{
    lex_gazetteer_free(gaz);
    gaz = NULL;
}

/* The n ids joined by spaces ("" if none) in static storage; frees ids,
   which must be NULL when n is 0. */
static const char *
joined(const char **ids, size_t n)
{
    static char out[1024];
    out[0] = '\0';
    for (size_t i = 0; i < n; i++) {
        if (i)
            strcat(out, " ");
        strcat(out, ids[i]);
    }
    if (n == 0)
        ck_assert_ptr_null(ids);
    free(ids);
    return out;
}

/* Tags text for kind and returns the ids joined by spaces ("" if none). */
static const char *
tag(lex_entity_kind_t kind, const char *text)
{
    const char **ids;
    size_t n = lex_gazetteer_tag(gaz, kind, text, &ids);
    return joined(ids, n);
}

START_TEST(real_files_load_with_enough_entries)
{
    ck_assert_uint_ge(lex_gazetteer_count(gaz, LEX_ENTITY_AGENCY), 60);
    ck_assert_uint_ge(lex_gazetteer_count(gaz, LEX_ENTITY_LAW), 30);
}
END_TEST

/* Text the tagger reads and the ids it must find in it, in order. */
typedef struct {
    lex_entity_kind_t kind;
    const char *text;
    const char *ids; /* joined by spaces; "" for none */
} tagged_t;

#define AGENCY LEX_ENTITY_AGENCY
#define LAW LEX_ENTITY_LAW

/* clang-format off */
static const tagged_t tagged[] = {
    /* CAC in every spelling */
    {AGENCY, "the Cyberspace Administration of China said", "CAC"},
    {AGENCY, "Cybersecurity Administration of China", "CAC"},
    {AGENCY, "the CYBERSPACE administration  of\nChina", "CAC"},
    {AGENCY, "国家互联网信息办公室发布", "CAC"},
    {AGENCY, "the CAC", "CAC"},
    {AGENCY, "(CAC).", "CAC"},
    {AGENCY, "CAC's rules", "CAC"},
    /* abbreviations need their case and word boundaries */
    {AGENCY, "CACHE", ""},
    {AGENCY, "cache", ""},
    {AGENCY, "the cac said", ""},
    {AGENCY, "XCAC and CAC2", ""},
    {AGENCY, "a CA certificate", ""},
    /* variant abbreviations */
    {AGENCY, "NISSTC", "TC260"},
    {AGENCY, "the NISTC issued", "TC260"},
    {AGENCY, "TC 260 released", "TC260"},
    {AGENCY, "TC260", "TC260"},
    {AGENCY, "the MOPS", "MPS"},
    {AGENCY, "the MITT", "MIIT"},
    /* the longest match wins */
    {AGENCY, "the Shanghai CA held", "SHANGHAI_CA"},
    {AGENCY, "the State Council Information Office", "SCIO"},
    {AGENCY, "Suzhou Municipal CA", "SUZHOU_CA"},
    /* apostrophes and Chinese departments */
    {AGENCY, "Supreme People\xE2\x80\x99s Court", "SPC"},
    {AGENCY, "Supreme People's Procuratorate", "SPP"},
    {AGENCY, "公安部发布", "MPS"},
    {AGENCY, "各地公安部门", ""},
    /* laws in English and Chinese */
    {LAW, "the Personal Information Protection Law", "PIPL"},
    {LAW, "《个人信息保护法》", "PIPL"},
    {LAW, "中华人民共和国个人信息保护法", "PIPL"},
    {LAW, "under the PIPL", "PIPL"},
    {AGENCY, "under the PIPL", ""},
    /* several entities, each once, in the order they first appear */
    {AGENCY, "The MIIT and the Cyberspace Administration of China (CAC), "
             "with the 公安部 and the MIIT again, cited the DSL, the PIPL "
             "and the Cybersecurity Law.", "MIIT CAC MPS"},
    {LAW, "The MIIT and the Cyberspace Administration of China (CAC), "
          "with the 公安部 and the MIIT again, cited the DSL, the PIPL "
          "and the Cybersecurity Law.", "DSL PIPL CSL"},
};
/* clang-format on */

/* One row of tagged[]: the tagger finds its ids in its text. */
START_TEST(tagging)
{
    const tagged_t *t = &tagged[_i];
    const char *got = tag(t->kind, t->text);
    ck_assert_msg(!strcmp(got, t->ids), "'%s': tagged '%s', want '%s'", t->text,
                  got, t->ids);
}
END_TEST

START_TEST(parents)
{
    ck_assert_str_eq(lex_gazetteer_parent(gaz, "SHANGHAI_CA"), "CAC");
    ck_assert_str_eq(lex_gazetteer_parent(gaz, "JIANGSU_COMMS"), "MIIT");
    ck_assert_ptr_null(lex_gazetteer_parent(gaz, "CAC"));
    ck_assert_ptr_null(lex_gazetteer_parent(gaz, "NO_SUCH_ID"));
}
END_TEST

START_TEST(lookup_whole_aliases)
{
    lex_entity_kind_t kind = LEX_ENTITY_LAW;
    const char *id = NULL;
    ck_assert_uint_eq(lex_gazetteer_lookup(gaz,
                                           "Cyberspace Administration of China",
                                           &kind, &id),
                      1);
    ck_assert_str_eq(id, "CAC");
    ck_assert_int_eq(kind, LEX_ENTITY_AGENCY);
    ck_assert_uint_eq(lex_gazetteer_lookup(gaz, " 个人信息保护法 ", &kind, &id),
                      1);
    ck_assert_str_eq(id, "PIPL");
    ck_assert_int_eq(kind, LEX_ENTITY_LAW);
    ck_assert_uint_eq(lex_gazetteer_lookup(gaz, "tc 260", &kind, &id), 0);
    ck_assert_uint_eq(lex_gazetteer_lookup(gaz, "the CAC", &kind, &id), 0);
    ck_assert_uint_eq(lex_gazetteer_lookup(gaz, "", &kind, &id), 0);
}
END_TEST

START_TEST(aliases_list_every_spelling)
{
    const char **a;
    size_t n = lex_gazetteer_aliases(gaz, "TC260", &a);
    ck_assert_uint_ge(n, 6);
    bool found = false;
    for (size_t i = 0; i < n; i++)
        found = found || !strcmp(a[i], "TC 260");
    ck_assert(found);
    free(a);
    ck_assert_uint_eq(lex_gazetteer_aliases(gaz, "NOPE", &a), 0);
    ck_assert_ptr_null(a);
}
END_TEST

START_TEST(names_by_kind_in_file_order)
{
    ck_assert_str_eq(lex_gazetteer_id_at(gaz, LEX_ENTITY_AGENCY, 0), "CAC");
    ck_assert_str_eq(lex_gazetteer_id_at(gaz, LEX_ENTITY_LAW, 0), "PIPL");
    ck_assert_str_eq(lex_gazetteer_id_at(gaz, LEX_ENTITY_LAW, 1), "CSL");
    size_t n = lex_gazetteer_count(gaz, LEX_ENTITY_LAW);
    ck_assert_ptr_nonnull(lex_gazetteer_id_at(gaz, LEX_ENTITY_LAW, n - 1));
    ck_assert_ptr_null(lex_gazetteer_id_at(gaz, LEX_ENTITY_LAW, n));
    char *const *a;
    ck_assert_uint_eq(lex_gazetteer_names(gaz, "CAC", LEX_NAME_ABBR, &a), 1);
    ck_assert_str_eq(a[0], "CAC");
    ck_assert_uint_eq(lex_gazetteer_names(gaz, "CAC", LEX_NAME_ENGLISH, &a), 4);
    ck_assert_str_eq(a[0], "Cyberspace Administration of China");
    ck_assert_str_eq(a[3], "Central Cyberspace Affairs Commission");
    ck_assert_uint_eq(lex_gazetteer_names(gaz, "CAC", LEX_NAME_CHINESE, &a), 6);
    ck_assert_str_eq(a[0], "国家互联网信息办公室");
    ck_assert_str_eq(a[5], "网信办");
    ck_assert_uint_eq(
        lex_gazetteer_names(gaz, "STATE_COUNCIL", LEX_NAME_ABBR, &a), 0);
    ck_assert_ptr_null(a);
    ck_assert_uint_eq(
        lex_gazetteer_names(gaz, "STATE_COUNCIL", LEX_NAME_ENGLISH, &a), 2);
    ck_assert_str_eq(a[0], "State Council");
    ck_assert_uint_eq(lex_gazetteer_names(gaz, "NOPE", LEX_NAME_ENGLISH, &a),
                      0);
    ck_assert_ptr_null(a);
}
END_TEST

/* The agency ids of a role (by its name or one of its words), joined. */
static const char *
role(const char *name)
{
    const char **ids;
    size_t n = lex_gazetteer_role_agencies(gaz, name, &ids);
    return joined(ids, n);
}

START_TEST(roles_reach_agencies)
{
    ck_assert_str_eq(role("police"), "MPS BEIJING_PSB SHANGHAI_PSB");
    ck_assert_str_eq(role("public security"), role("police"));
    ck_assert_str_eq(role("market"), "SAMR BEIJING_AMR SHANGHAI_AMR");
    ck_assert_str_eq(role("procuratorates"),
                     "SPP SHANGHAI_PUTUO_PROCURATORATE");
    ck_assert_str_eq(role("legislature"), "NPC NPCSC");
    /* CAC has two roles; every local cyberspace administration one */
    ck_assert(strstr(role("data"), "CAC") && strstr(role("data"), "NDA"));
    ck_assert(strstr(role("cyberspace"), "CAC SHANGHAI_CA") ||
              strstr(role("cyberspace"), "SHANGHAI_CA"));
    ck_assert_str_eq(role("no such role"), "");
}
END_TEST

/* Words of a query and the role they name (NULL for none). */
typedef struct {
    const char *words, *role;
} role_word_t;

static const role_word_t role_words[] = {
    {"police", "police"},
    {" Public  Security ", "police"},
    {"公安", "police"},
    {"Market Regulators", "market"},
    {"市场监管", "market"},
    {"courts", "courts"},
    {"prosecutors", "procuratorates"},
    {"standards body", "standards"},
    {"financial regulators", "financial"},
    /* a role's name is not one of its query words: "data" and "market"
       are ordinary words */
    {"data", NULL},
    {"market", NULL},
    {"regulator", NULL},
    {"police data", NULL},
};

/* Every row of role_words: the words name that role, or none. */
START_TEST(role_words_in_queries)
{
    for (size_t i = 0; i < sizeof role_words / sizeof role_words[0]; i++) {
        const char *got = lex_gazetteer_role_named(gaz, role_words[i].words);
        const char *want = role_words[i].role;
        ck_assert_msg(want ? got && !strcmp(got, want) : !got,
                      "'%s' names role %s, want %s", role_words[i].words,
                      got ? got : "none", want ? want : "none");
    }
}
END_TEST

/* Runs of words that begin a name or a role's words, whole words,
   may be lengthened into one; the others are dropped at once. */
typedef struct {
    const char *words;
    bool begins;
} beginning_t;

static const beginning_t beginnings[] = {
    {"Cyberspace", true},
    {"cyberspace administration", true},
    {"CYBERSPACE Administration of China", true},
    {"public", true},
    {"Public Security", true},
    {"market regulation", true},
    {"公安", true},
    {"国家互联网信息办公室", true},
    /* white space it cannot reason about: it cannot tell */
    {"xyzzy\tplugh", true},
    {"xyzzy", false},
    {"cyberspace admin", false},
    {"cyberspace of", false},
    {"police data", false},
    {"公安局长", false},
};

/* Every row of beginnings: the words begin a name or they do not. */
START_TEST(beginnings_of_names)
{
    for (size_t i = 0; i < sizeof beginnings / sizeof beginnings[0]; i++)
        ck_assert_msg(lex_gazetteer_begins_name(gaz, beginnings[i].words) ==
                          beginnings[i].begins,
                      "'%s' begins a name: want %d", beginnings[i].words,
                      beginnings[i].begins);
}
END_TEST

/* The Chinese role words reach the CJK segmenter with the names. */
static bool
spot_gongan(const char *name, void *arg)
{
    if (!strcmp(name, "公安"))
        *(bool *)arg = true;
    return true;
}

START_TEST(role_words_for_the_segmenter)
{
    bool seen = false;
    ck_assert(lex_gazetteer_each_chinese(gaz, spot_gongan, &seen));
    ck_assert(seen);
}
END_TEST

/* --- deferred loading (lex_gazetteer_open) ----------------------------- */

/* The lookup of alias by a fresh lex_gazetteer_open of the real files,
   which answers before parsing them when it can: the id, or "". */
static const char *
deferred_lookup(const char *alias)
{
    static char out[64];
    lex_gazetteer_t *g = NULL;
    const char *id = NULL;
    ck_assert_int_eq(lex_gazetteer_open(LEX_CORPUS_DIR "/agencies.tsv",
                                        LEX_CORPUS_DIR "/laws.tsv", &g, &err),
                     LEX_OK);
    snprintf(out, sizeof out, "%s",
             lex_gazetteer_lookup(g, alias, NULL, &id) ? id : "");
    ck_assert_int_eq(lex_gazetteer_status(g, &err), LEX_OK);
    lex_gazetteer_free(g);
    return out;
}

/* The lookup of alias by the loaded gazetteer: the id, or "". */
static const char *
loaded_lookup(const char *alias)
{
    const char *id = NULL;
    return lex_gazetteer_lookup(gaz, alias, NULL, &id) ? id : "";
}

/* Replaces every from in s (of room size) by to, in place. */
static void
replace_all(char *s, size_t size, const char *from, const char *to)
{
    char out[512] = "";
    size_t o = 0, nf = strlen(from), nt = strlen(to);
    for (const char *p = s; *p && o + nt < sizeof out;) {
        if (!strncmp(p, from, nf)) {
            memcpy(out + o, to, nt);
            o += nt;
            p += nf;
        } else {
            out[o++] = *p++;
        }
    }
    out[o] = '\0';
    snprintf(s, size, "%s", out);
}

/*
 * Checks the deferred and the loaded lookups agree on spelling, unless
 * it is alias itself (checked already).  When the loaded one finds
 * nothing, so does the deferred one whether it parses or not, so only
 * a name found needs a fresh deferred gazetteer (each reads the files).
 */
static void
lookups_agree(const char *spelling, const char *alias)
{
    char loaded[64];
    if (alias && !strcmp(spelling, alias))
        return;
    snprintf(loaded, sizeof loaded, "%s", loaded_lookup(spelling));
    if (!*loaded)
        return;
    ck_assert_msg(!strcmp(deferred_lookup(spelling), loaded),
                  "'%s': deferred '%s', loaded '%s'", spelling,
                  deferred_lookup(spelling), loaded);
}

/* Every spelling of every entity, and the forms normalising maps to it
   (upper case, runs of spaces, NBSP, curly and straight apostrophes),
   are found by the deferred gazetteer as by the loaded one; so are
   words in no file. */
START_TEST(deferred_lookup_finds_what_loading_finds)
{
    static const char *const others[] = {"zqxjvw",
                                         "data",
                                         "the CAC",
                                         "cac",
                                         "CAC ",
                                         "tc 260",
                                         "",
                                         "'",
                                         "People\xe2\x80\x99s Bank of China",
                                         "数据",
                                         "Ministry of Zqx",
                                         "security",
                                         "Personal Information",
                                         "Protection Law",
                                         "information protection",
                                         "网信办",
                                         "互联网信息"};
    size_t checked = 0;
    for (int k = LEX_ENTITY_AGENCY; k <= LEX_ENTITY_LAW; k++) {
        const char *id;
        for (size_t i = 0; (id = lex_gazetteer_id_at(gaz, k, i)); i++) {
            const char **names;
            size_t n = lex_gazetteer_aliases(gaz, id, &names);
            for (size_t a = 0; a < n; a++) {
                char form[256];
                ck_assert_str_eq(deferred_lookup(names[a]), id);
                snprintf(form, sizeof form, "%s", names[a]);
                for (char *p = form; *p; p++)
                    *p = (char)(*p >= 'a' && *p <= 'z' ? *p - 32 : *p);
                lookups_agree(form, names[a]);
                snprintf(form, sizeof form, "%s", names[a]);
                replace_all(form, sizeof form, " ", " \t\xc2\xa0");
                lookups_agree(form, names[a]);
                snprintf(form, sizeof form, "%s", names[a]);
                replace_all(form, sizeof form, "'", "\xe2\x80\x98");
                lookups_agree(form, names[a]);
                snprintf(form, sizeof form, "%s", names[a]);
                replace_all(form, sizeof form, "\xe2\x80\x99", "'");
                lookups_agree(form, names[a]);
                checked++;
            }
            free(names);
        }
    }
    ck_assert_uint_gt(checked, 500);
    for (size_t i = 0; i < sizeof others / sizeof others[0]; i++)
        ck_assert_str_eq(deferred_lookup(others[i]), loaded_lookup(others[i]));
}
END_TEST

/*
 * A long query's misses make a deferred gazetteer parse its files (the
 * text searches would cost more): from then on it answers every
 * spelling as the loaded one does.
 */
START_TEST(deferred_lookup_after_many_misses)
{
    lex_gazetteer_t *g = NULL;
    const char *id = NULL;
    ck_assert_int_eq(lex_gazetteer_open(LEX_CORPUS_DIR "/agencies.tsv",
                                        LEX_CORPUS_DIR "/laws.tsv", &g, &err),
                     LEX_OK);
    for (int i = 0; i < 100; i++)
        ck_assert_uint_eq(lex_gazetteer_lookup(g, "zqxjvw of the", NULL, &id),
                          0);
    size_t checked = 0;
    for (int k = LEX_ENTITY_AGENCY; k <= LEX_ENTITY_LAW; k++)
        for (size_t i = 0; (id = lex_gazetteer_id_at(gaz, k, i)); i++) {
            const char **names, *found = NULL;
            size_t n = lex_gazetteer_aliases(gaz, id, &names);
            for (size_t a = 0; a < n; a++, checked++) {
                ck_assert_uint_eq(
                    lex_gazetteer_lookup(g, names[a], NULL, &found), 1);
                ck_assert_str_eq(found, loaded_lookup(names[a]));
            }
            free(names);
        }
    ck_assert_uint_gt(checked, 500);
    ck_assert_int_eq(lex_gazetteer_status(g, &err), LEX_OK);
    lex_gazetteer_free(g);
}
END_TEST

/* --- validation on small files ---------------------------------------- */

static char tmpdir[64];

/* Makes a fresh temporary directory for each validation test. */
static void
make_tmpdir(void)
{
    strcpy(tmpdir, "/tmp/test_gazetteer.XXXXXX");
    ck_assert_ptr_nonnull(mkdtemp(tmpdir));
}

/* Removes the files the tests wrote and the directory. */
static void
remove_tmpdir(void)
{
    char path[128];
    snprintf(path, sizeof path, "%s/agencies.tsv", tmpdir);
    unlink(path);
    snprintf(path, sizeof path, "%s/laws.tsv", tmpdir);
    unlink(path);
    rmdir(tmpdir);
}

/* Writes text to tmpdir/name and returns the path (static storage). */
static const char *
write_file(const char *name, const char *text, char *path, size_t size)
{
    snprintf(path, size, "%s/%s", tmpdir, name);
    FILE *f = fopen(path, "w");
    ck_assert_ptr_nonnull(f);
    fputs(text, f);
    fclose(f);
    return path;
}

#define GOOD_AGENCIES                                                          \
    "# header\n"                                                               \
    "CAC\tnational\t-\tCAC\tCyberspace Administration of China\t"              \
    "国家互联网信息办公室\tcyberspace\n"
#define GOOD_LAWS "PIPL\tPIPL\tPersonal Information Protection Law\t-\n"

/* Loads the two texts, expecting LEX_EPARSE; returns the message. */
static const char *
load_fails(const char *agencies_text, const char *laws_text)
{
    char a[128], l[128];
    lex_gazetteer_t *g = (lex_gazetteer_t *)1;
    lex_status_t st = lex_gazetteer_load(
        write_file("agencies.tsv", agencies_text, a, sizeof a),
        write_file("laws.tsv", laws_text, l, sizeof l), &g, &err);
    ck_assert_int_eq(st, LEX_EPARSE);
    ck_assert_ptr_null(g);
    return err.msg;
}

/* True when msg contains "tmpdir/name:line: " followed later by want. */
static bool
says(const char *msg, const char *name, unsigned line, const char *want)
{
    char prefix[160];
    snprintf(prefix, sizeof prefix, "%s/%s:%u: ", tmpdir, name, line);
    return !strncmp(msg, prefix, strlen(prefix)) && strstr(msg, want);
}

START_TEST(small_good_files_load)
{
    char a[128], l[128];
    lex_gazetteer_t *g = NULL;
    lex_status_t st = lex_gazetteer_load(
        write_file("agencies.tsv", GOOD_AGENCIES, a, sizeof a),
        write_file("laws.tsv", GOOD_LAWS, l, sizeof l), &g, &err);
    ck_assert_msg(st == LEX_OK, "%s", err.msg);
    ck_assert_uint_eq(lex_gazetteer_count(g, LEX_ENTITY_AGENCY), 1);
    ck_assert_uint_eq(lex_gazetteer_count(g, LEX_ENTITY_LAW), 1);
    lex_gazetteer_free(g);
}
END_TEST

START_TEST(roles_column)
{
    char a[128], l[128];
    lex_gazetteer_t *g = NULL;
    lex_status_t st = lex_gazetteer_load(
        write_file("agencies.tsv",
                   GOOD_AGENCIES "MPS\tnational\t-\tMPS\tMinistry of Public "
                                 "Security\t公安部\tpolice,data\n",
                   a, sizeof a),
        write_file("laws.tsv", GOOD_LAWS, l, sizeof l), &g, &err);
    ck_assert_msg(st == LEX_OK, "%s", err.msg);
    const char **ids;
    ck_assert_uint_eq(lex_gazetteer_role_agencies(g, "data", &ids), 1);
    ck_assert_str_eq(ids[0], "MPS");
    free(ids);
    ck_assert_uint_eq(lex_gazetteer_role_agencies(g, "cyberspace", &ids), 1);
    ck_assert_str_eq(ids[0], "CAC");
    free(ids);
    /* no agency of this file is a court: "courts" is an ordinary word */
    ck_assert_ptr_null(lex_gazetteer_role_named(g, "courts"));
    ck_assert_str_eq(lex_gazetteer_role_named(g, "police"), "police");
    lex_gazetteer_free(g);
}
END_TEST

/* Files the loader refuses, and where and why it says it does. */
typedef struct {
    const char *agencies, *laws; /* the two files' text */
    const char *file;            /* the file it names */
    unsigned line;
    const char *says;
} bad_files_t;

/* clang-format off */
static const bad_files_t bad_files[] = {
    /* the roles column */
    {GOOD_AGENCIES "MPS\tnational\t-\tMPS\tMinistry of Public Security\t-"
                   "\tpolice,lawyers\n", GOOD_LAWS,
     "agencies.tsv", 3, "unknown role 'lawyers'"},
    {GOOD_AGENCIES "MPS\tnational\t-\tMPS\tMinistry of Public Security\t-"
                   "\tpolice,police\n", GOOD_LAWS,
     "agencies.tsv", 3, "role 'police' is listed twice"},
    {GOOD_AGENCIES "MPS\tnational\t-\tMPS\tMinistry of Public Security\t-\n",
     GOOD_LAWS, "agencies.tsv", 3, "6 TAB-separated columns, want 7"},
    /* an unknown parent */
    {GOOD_AGENCIES "SH_CA\tprovincial\tCACC\tShanghai CA\t-\t上海市网信办\t-\n",
     GOOD_LAWS, "agencies.tsv", 3, "unknown parent 'CACC'"},
    /* an alias twice, in one file or across the two */
    {GOOD_AGENCIES "CAC2\tnational\t-\t-\tcyberspace administration OF "
                   "china\t-\t-\n", GOOD_LAWS,
     "agencies.tsv", 3, "already an alias of CAC"},
    {GOOD_AGENCIES, "# x\n\nCAC_LAW\tCAC\tCAC Law\t-\n",
     "laws.tsv", 3, "'CAC' is already an alias of CAC"},
    /* a bad level, id, column count or name */
    {GOOD_AGENCIES "MPS\tnationwide\t-\tMPS\tMinistry of Public Security"
                   "\t-\t-\n", GOOD_LAWS,
     "agencies.tsv", 3, "bad level 'nationwide'"},
    {"Cac\tnational\t-\t-\tCyberspace Administration\t-\t-\n", GOOD_LAWS,
     "agencies.tsv", 1, "bad id 'Cac'"},
    {GOOD_AGENCIES, "PIPL\tPIPL\tPersonal Information\n",
     "laws.tsv", 1, "3 TAB-separated columns"},
    {GOOD_AGENCIES, "PIPL\tPIPL\t-\t-\n",
     "laws.tsv", 1, "no English or Chinese name"},
    {GOOD_AGENCIES, "PIPL\tPIPL||P\tLaw\t-\n", "laws.tsv", 1, "empty alias"},
};
/* clang-format on */

/* One row of bad_files: the load fails and says file:line: and why. */
START_TEST(bad_file_is_refused)
{
    const bad_files_t *f = &bad_files[_i];
    const char *m = load_fails(f->agencies, f->laws);
    ck_assert_msg(says(m, f->file, f->line, f->says), "%s", m);
}
END_TEST

/* lex_gazetteer_open of good laws and agencies with a bad level on line
   3 (MPS, with the role police), written to a and l (128 bytes each). */
static lex_gazetteer_t *
open_with_bad_level(char *a, char *l)
{
    lex_gazetteer_t *g = NULL;
    ck_assert_int_eq(
        lex_gazetteer_open(write_file("agencies.tsv",
                                      GOOD_AGENCIES
                                      "MPS\tnationwide\t-\tMPS\tMinistry of "
                                      "Public Security\t-\tpolice\n",
                                      a, 128),
                           write_file("laws.tsv", GOOD_LAWS, l, 128), &g, &err),
        LEX_OK);
    return g;
}

/* Asserts that g, from open_with_bad_level, has given no error yet, and
   that the first lookup needing the files ("CAC") gives the bad level
   with its file and line. */
static void
first_need_reports_bad_level(lex_gazetteer_t *g)
{
    const char *id = NULL;
    ck_assert_int_eq(lex_gazetteer_status(g, &err), LEX_OK);
    ck_assert_uint_eq(lex_gazetteer_lookup(g, "CAC", NULL, &id), 0);
    ck_assert_int_eq(lex_gazetteer_status(g, &err), LEX_EPARSE);
    ck_assert_msg(says(err.msg, "agencies.tsv", 3, "bad level 'nationwide'"),
                  "%s", err.msg);
}

/* A deferred gazetteer with an error answers words in neither file
   without parsing, so without the error; the first use that parses
   gives the error, with its line, to lex_gazetteer_status, and from then
   on acts as a gazetteer without entities. */
START_TEST(deferred_errors_on_first_need)
{
    char a[128], l[128];
    const char *id = NULL, **ids = NULL;
    lex_gazetteer_t *g = open_with_bad_level(a, l);
    ck_assert_uint_eq(lex_gazetteer_lookup(g, "zqxjvw", NULL, &id), 0);
    ck_assert_int_eq(lex_gazetteer_status(g, &err), LEX_OK);
    /* words of names, but no whole name: not parsed either */
    ck_assert_uint_eq(lex_gazetteer_lookup(g, "administration", NULL, &id), 0);
    ck_assert_uint_eq(lex_gazetteer_lookup(g, "of China", NULL, &id), 0);
    ck_assert_uint_eq(
        lex_gazetteer_lookup(g, "Cyberspace  Administration", NULL, &id), 0);
    ck_assert_uint_eq(lex_gazetteer_lookup(g, "互联网", NULL, &id), 0);
    ck_assert_uint_eq(lex_gazetteer_lookup(
                          g, "Cyber space Administration of China", NULL, &id),
                      0);
    /* a role in the roles column is no alias */
    ck_assert_uint_eq(lex_gazetteer_lookup(g, "cyberspace", NULL, &id), 0);
    first_need_reports_bad_level(g);
    ck_assert_ptr_null(lex_gazetteer_role_named(g, "police"));
    ck_assert_uint_eq(lex_gazetteer_role_agencies(g, "police", &ids), 0);
    ck_assert_ptr_null(lex_gazetteer_parent(g, "CAC"));
    ck_assert_uint_eq(lex_gazetteer_count(g, LEX_ENTITY_AGENCY), 0);
    lex_gazetteer_free(g);

    /* a role word parses the files too; a missing file is an error then */
    ck_assert_int_eq(lex_gazetteer_open(a, "/nonexistent/laws.tsv", &g, &err),
                     LEX_OK);
    ck_assert_int_eq(lex_gazetteer_status(g, &err), LEX_OK);
    ck_assert_ptr_null(lex_gazetteer_role_named(g, "police"));
    ck_assert_int_eq(lex_gazetteer_status(g, &err), LEX_EIO);
    ck_assert_msg(strstr(err.msg, "/nonexistent/laws.tsv"), "%s", err.msg);
    lex_gazetteer_free(g);

    /* good files: the role is found through the deferred load */
    write_file("agencies.tsv",
               GOOD_AGENCIES "MPS\tnational\t-\tMPS\tMinistry of Public "
                             "Security\t公安部\tpolice\n",
               a, sizeof a);
    ck_assert_int_eq(lex_gazetteer_open(a, l, &g, &err), LEX_OK);
    ck_assert_str_eq(lex_gazetteer_role_named(g, "police"), "police");
    ck_assert_uint_eq(lex_gazetteer_lookup(g, "公安部", NULL, &id), 1);
    ck_assert_str_eq(id, "MPS");
    ck_assert_int_eq(lex_gazetteer_status(g, &err), LEX_OK);
    lex_gazetteer_free(g);
}
END_TEST

/* After enough misses the files are parsed (a long query), but a bad line
   is still reported only by the first lookup that needs the files. */
START_TEST(deferred_errors_on_first_need_after_many_misses)
{
    char a[128], l[128];
    const char *id = NULL;
    lex_gazetteer_t *g = open_with_bad_level(a, l);
    for (int i = 0; i < 100; i++) {
        ck_assert_uint_eq(lex_gazetteer_lookup(g, "zqxjvw", NULL, &id), 0);
        ck_assert_uint_eq(lex_gazetteer_lookup(g, "of China", NULL, &id), 0);
    }
    first_need_reports_bad_level(g);
    ck_assert_uint_eq(lex_gazetteer_lookup(g, "zqxjvw", NULL, &id), 0);
    ck_assert_int_eq(lex_gazetteer_status(g, &err), LEX_EPARSE);
    lex_gazetteer_free(g);
}
END_TEST

/* The real-data tests share a loaded gazetteer; the others a tmpdir. */
static Suite *
gazetteer_suite(void)
{
    Suite *s = suite_create("gazetteer");
    TCase *tc = tcase_create("real");
    tcase_add_checked_fixture(tc, load_real, free_real);
    tcase_add_test(tc, real_files_load_with_enough_entries);
    ADD_ROW_TEST(tc, tagging, tagged);
    ADD_TESTS(tc, parents, lookup_whole_aliases, names_by_kind_in_file_order,
              aliases_list_every_spelling, roles_reach_agencies,
              role_words_in_queries, beginnings_of_names,
              role_words_for_the_segmenter,
              deferred_lookup_finds_what_loading_finds,
              deferred_lookup_after_many_misses);
    tcase_set_timeout(tc, 60); /* that one reads the files 2,000 times */
    suite_add_tcase(s, tc);
    tc = tcase_create("validation");
    tcase_add_checked_fixture(tc, make_tmpdir, remove_tmpdir);
    ADD_ROW_TEST(tc, bad_file_is_refused, bad_files);
    ADD_TESTS(tc, small_good_files_load, roles_column,
              deferred_errors_on_first_need,
              deferred_errors_on_first_need_after_many_misses);
    suite_add_tcase(s, tc);
    return s;
}

/* Runs the suite; fails when any test does. */
int
main(void)
{
    return run_suite(gazetteer_suite());
}
