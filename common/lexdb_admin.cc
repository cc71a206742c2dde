/*
 * lexdb_admin.cc - the index's life cycle: generations, rebuild,
 * compaction, integrity checks and statistics.
 *
 * An index directory holds a Xapian stub file (XAPIANDB) naming the live
 * generation, a glass database in gen-NNNNNN.  Xapian opens the stub
 * transparently, for reading and for writing; the write lock belongs to
 * the generation.  A rebuild or compaction writes a new generation while
 * the live one stays locked and readable, then replaces the stub with
 * rename(2): readers see the old generation or the new one, never a mix,
 * and a crash leaves one of them live.  Generations that are not live are
 * garbage and are deleted by the next writer.
 */
#include "lexdb_private.h"

#include <cerrno>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <sstream>

#include <dirent.h>
#include <fcntl.h>
#include <ftw.h>
#include <sys/stat.h>
#include <unistd.h>

extern "C" {
#include "record.h"
}

using namespace lexdb_internal;

namespace
{

/* Throws a DatabaseError describing errno for path. */
[[noreturn]] void
throw_errno(const std::string &what, const std::string &path)
{
    throw Xapian::DatabaseError(what + " " + path + ": " + strerror(errno));
}

/* fsyncs a file or directory so a rename survives a power cut. */
void
sync_path(const std::string &path)
{
    int fd = open(path.c_str(), O_RDONLY);
    if (fd < 0)
        throw_errno("cannot open", path);
    if (fsync(fd) != 0) {
        close(fd);
        throw_errno("cannot sync", path);
    }
    close(fd);
}

/* Points the stub of dir at generation gen, atomically and durably. */
void
write_stub(const std::string &dir, unsigned long gen)
{
    std::string stub = dir + "/" + STUB_NAME, tmp = stub + ".tmp";
    FILE *f = fopen(tmp.c_str(), "w");
    if (!f)
        throw_errno("cannot create", tmp);
    char name[32];
    snprintf(name, sizeof name, "%s%06lu", GEN_PREFIX, gen);
    bool ok = fprintf(f, "glass %s\n", name) > 0 && fflush(f) == 0 &&
              fsync(fileno(f)) == 0;
    if (fclose(f) != 0 || !ok)
        throw_errno("cannot write", tmp);
    if (rename(tmp.c_str(), stub.c_str()) != 0)
        throw_errno("cannot replace", stub);
    sync_path(dir);
}

/* The generation number in a "gen-NNNNNN" name, 0 if it is not one. */
unsigned long
generation_of(const char *name)
{
    size_t n = strlen(GEN_PREFIX);
    if (strncmp(name, GEN_PREFIX, n) != 0 || !name[n])
        return 0;
    char *end;
    unsigned long g = strtoul(name + n, &end, 10);
    return *end ? 0 : g;
}

/* Lists the generation numbers present in dir. */
std::vector<unsigned long>
generations(const std::string &dir)
{
    std::vector<unsigned long> gens;
    DIR *d = opendir(dir.c_str());
    if (!d)
        return gens;
    while (struct dirent *e = readdir(d))
        if (unsigned long g = generation_of(e->d_name))
            gens.push_back(g);
    closedir(d);
    return gens;
}

/* nftw callback deleting everything below a generation. */
int
remove_entry(const char *path, const struct stat *, int, struct FTW *)
{
    return remove(path);
}

/* Deletes a directory tree; failures are left for the next writer. */
void
remove_tree(const std::string &path)
{
    nftw(path.c_str(), remove_entry, 16, FTW_DEPTH | FTW_PHYS);
}

/* Sums the sizes of the files in a directory. */
unsigned long long
directory_bytes(const std::string &dir)
{
    unsigned long long total = 0;
    DIR *d = opendir(dir.c_str());
    if (!d)
        return 0;
    while (struct dirent *e = readdir(d)) {
        struct stat sb;
        std::string p = dir + "/" + e->d_name;
        if (stat(p.c_str(), &sb) == 0 && S_ISREG(sb.st_mode))
            total += static_cast<unsigned long long>(sb.st_size);
    }
    closedir(d);
    return total;
}

/* The next unused generation number in dir. */
unsigned long
next_generation(const std::string &dir)
{
    unsigned long next = live_generation(dir);
    for (unsigned long g : generations(dir))
        next = std::max(next, g);
    return next + 1;
}

/* Turns "20230416" into "2023-04-16" (or "2023-04" with no day), the
   value's parts written by lex_date_format as in every other place. */
void
format_date_value(const std::string &v, char *out, size_t outlen)
{
    lex_date_t d = {0, 0, 0, false};
    if (v.size() == 8 && v.find_first_not_of("0123456789") == std::string::npos)
        d = {std::stoi(v.substr(0, 4)), std::stoi(v.substr(4, 2)),
             std::stoi(v.substr(6, 2)), false};
    lex_date_format(&d, out, outlen);
}

/* The process id in a "first-PID.tmp" name, 0 if it is not one. */
long
first_run_pid(const char *name)
{
    size_t n = strlen(FIRST_PREFIX);
    if (strncmp(name, FIRST_PREFIX, n) != 0)
        return 0;
    char *end;
    long pid = strtol(name + n, &end, 10);
    return pid > 0 && strcmp(end, ".tmp") == 0 ? pid : 0;
}

/* Whether path holds a glass database that was committed at least once. */
bool
is_database(const std::string &path)
{
    struct stat sb;
    return stat((path + "/iamglass").c_str(), &sb) == 0;
}

/*
 * Makes generation 1 of a new index.  Xapian killed while creating a
 * database leaves a directory without its revision file, which it then
 * refuses to open or create again; so generation 1 is made under a name
 * of this process's own and renamed into place once committed.  A
 * directory named gen-000001 is then always a whole database, and when
 * two first runs race, the loser's copy is dropped.
 */
void
make_first_generation(const std::string &dir)
{
    std::string gen1 = generation_path(dir, 1);
    std::string tmp =
        dir + "/" + FIRST_PREFIX + std::to_string(getpid()) + ".tmp";
    remove_tree(tmp);
    {
        Xapian::WritableDatabase first(tmp, Xapian::DB_CREATE_OR_OVERWRITE |
                                                Xapian::DB_BACKEND_GLASS);
        first.commit();
        first.close();
    }
    if (rename(tmp.c_str(), gen1.c_str()) != 0) {
        if (errno != EEXIST && errno != ENOTEMPTY)
            throw_errno("cannot rename " + tmp + " to", gen1);
        if (is_database(gen1)) { /* another first run got there */
            remove_tree(tmp);
            return;
        }
        remove_tree(gen1); /* left half-made by an older lexindex */
        if (rename(tmp.c_str(), gen1.c_str()) != 0)
            throw_errno("cannot rename " + tmp + " to", gen1);
    }
    sync_path(dir);
}

/* Deletes the first-PID.tmp directories of first runs that were killed. */
void
remove_dead_first_runs(const std::string &dir)
{
    DIR *d = opendir(dir.c_str());
    if (!d)
        return;
    std::vector<std::string> dead;
    while (struct dirent *e = readdir(d))
        if (long pid = first_run_pid(e->d_name))
            if (kill(static_cast<pid_t>(pid), 0) != 0 && errno == ESRCH)
                dead.push_back(dir + "/" + e->d_name);
    closedir(d);
    for (const std::string &path : dead)
        remove_tree(path);
}

/* Makes fresh the live generation and drops live's (after closing it). */
void
swap_in(lexdb_t *live, unsigned long gen)
{
    unsigned long old = live_generation(live->path);
    write_stub(live->path, gen);
    live->wdb->close();
    live->wdb.reset();
    if (old && old != gen)
        remove_tree(generation_path(live->path, old));
}

/* dir/bulk.tmp: where a bulk build writes its parts. */
std::string
scratch_path(const std::string &dir)
{
    return dir + "/" + SCRATCH_NAME;
}

/* dir/bulk.tmp/part-I-S: segment s of part i of a bulk build. */
std::string
segment_path(const std::string &dir, size_t i, size_t s)
{
    return scratch_path(dir) + "/part-" + std::to_string(i) + "-" +
           std::to_string(s);
}

/* Creates the next segment of a part and makes it the open one. */
void
open_segment(lexdb_t *part)
{
    std::string path =
        segment_path(part->path, part->part_index, part->segments.size());
    part->wdb.reset(new Xapian::WritableDatabase(
        path, Xapian::DB_CREATE_OR_OVERWRITE | Xapian::DB_BACKEND_GLASS));
    part->segments.push_back(path);
}

/* Opens part i of a bulk build as a handle of its own. */
lexdb_t *
new_part(const lexdb_t *live, size_t i)
{
    std::unique_ptr<lexdb_t> p(new lexdb_t);
    p->path = live->path;
    p->mode = LEXDB_WRITE;
    p->run = live->run;
    p->gazetteer = live->gazetteer;
    p->topics = live->topics;
    p->fresh = true;
    p->part_index = i;
    open_segment(p.get());
    return p.release();
}

/* Marks a segment's schema and closes it, ready to be merged. */
void
close_segment(lexdb_t *part)
{
    part->wdb->set_metadata(SCHEMA_KEY, std::to_string(LEXDB_SCHEMA_VERSION));
    part->wdb->commit();
    part->wdb->close();
}

/* Commits what a part holds and closes it, ready to be merged. */
lexdb_status_t
close_part(lexdb_t *part, lex_err_t *err)
{
    lexdb_status_t st = LEXDB_OK;
    if (part->in_transaction)
        st = lexdb_commit(part, err);
    if (st != LEXDB_OK)
        return st;
    return guarded(err, part->path, [&]() {
        close_segment(part);
        return LEXDB_OK;
    });
}

/*
 * Merges the parts into one new database at dest.  Compaction writes
 * every table once, in order and full, so the merge also leaves the
 * index as small as lexindex --compact would.
 */
void
merge_parts(lexdb_t **parts, size_t n, const std::string &dest)
{
    Xapian::Database all;
    for (size_t i = 0; i < n; i++)
        for (const std::string &segment : parts[i]->segments)
            all.add_database(Xapian::Database(segment));
    try {
        all.compact(dest,
                    Xapian::Compactor::FULL | Xapian::DBCOMPACT_MULTIPASS);
    } catch (...) {
        remove_tree(dest);
        throw;
    }
}

/* lexsearch's own invariants over an open database. */
unsigned long
check_items(const Xapian::Database &db, std::ostream &report)
{
    unsigned long problems = 0, recorded = 0;
    std::string schema = db.get_metadata(SCHEMA_KEY);
    if (schema != std::to_string(LEXDB_SCHEMA_VERSION)) {
        report << "schema version is '" << schema << "', expected "
               << LEXDB_SCHEMA_VERSION << "\n";
        problems++;
    }
    for (auto k = db.metadata_keys_begin(FILE_STATE_PREFIX);
         k != db.metadata_keys_end(FILE_STATE_PREFIX); ++k) {
        unsigned long long size, hash;
        long long mtime;
        unsigned long items;
        if (sscanf(db.get_metadata(*k).c_str(), "%llu %lld %llx %lu", &size,
                   &mtime, &hash, &items) == 4)
            recorded += items;
        else {
            report << "unreadable file record " << *k << "\n";
            problems++;
        }
    }
    for (auto p = db.postlist_begin(""); p != db.postlist_end(""); ++p) {
        std::string data = db.get_document(*p).get_data();
        lex_bulletin_t *b = NULL;
        lex_err_t derr;
        if (lex_record_decode(data.data(), data.size(), &b, &derr) != LEX_OK) {
            report << "item " << *p << ": " << derr.msg << "\n";
            problems++;
        }
        lex_bulletin_free(b);
    }
    if (recorded != db.get_doccount()) {
        report << "the index holds " << db.get_doccount()
               << " items but its file records account for " << recorded
               << "\n";
        problems++;
    }
    return problems;
}

} // namespace

namespace lexdb_internal
{

unsigned long
live_generation(const std::string &dir)
{
    std::ifstream f(dir + "/" + STUB_NAME);
    std::string backend, name;
    if (!(f >> backend >> name) || backend != "glass")
        return 0;
    return generation_of(name.c_str());
}

std::string
generation_path(const std::string &dir, unsigned long gen)
{
    char name[32];
    snprintf(name, sizeof name, "/%s%06lu", GEN_PREFIX, gen);
    return dir + name;
}

void
ensure_layout(const std::string &dir)
{
    struct stat sb;
    if (live_generation(dir) ||
        stat((dir + "/iamglass").c_str(), &sb) == 0) /* a plain database */
        return;
    if (mkdir(dir.c_str(), 0777) != 0 && errno != EEXIST)
        throw_errno("cannot create", dir);
    DIR *d = opendir(dir.c_str());
    if (!d)
        throw_errno("cannot read", dir);
    bool foreign = false;
    while (struct dirent *e = readdir(d))
        if (strcmp(e->d_name, ".") && strcmp(e->d_name, "..") &&
            !generation_of(e->d_name) && strcmp(e->d_name, SCRATCH_NAME) &&
            !first_run_pid(e->d_name) &&
            strcmp(e->d_name, (std::string(STUB_NAME) + ".tmp").c_str()))
            foreign = true;
    closedir(d);
    if (foreign)
        throw Xapian::DatabaseOpeningError(
            "not a lexsearch index (no " + std::string(STUB_NAME) +
            ") and not empty; refusing to write into it");
    make_first_generation(dir);
    write_stub(dir, 1);
}

void
roll_segment_if_full(lexdb_t *db)
{
    if (db->segments.empty() || db->wdb->get_doccount() < SEGMENT_ITEMS)
        return;
    close_segment(db);
    open_segment(db);
}

void
remove_stale_generations(const std::string &dir)
{
    unsigned long live = live_generation(dir);
    if (!live)
        return;
    for (unsigned long g : generations(dir))
        if (g != live)
            remove_tree(generation_path(dir, g));
    remove_tree(scratch_path(dir));
    remove_dead_first_runs(dir);
}

} // namespace lexdb_internal

extern "C" {

lexdb_status_t
lexdb_rebuild_begin(lexdb_t *live, lexdb_t **fresh, lex_err_t *err)
{
    *fresh = NULL;
    if (!live->wdb)
        return fail(err, LEXDB_INVALID, live->path + ": not open for writing");
    std::unique_ptr<lexdb_t> f(new (std::nothrow) lexdb_t);
    if (!f)
        return fail(err, LEXDB_NOMEM, "out of memory");
    lexdb_status_t st = guarded(err, live->path, [&]() {
        if (!live_generation(live->path))
            return fail(err, LEXDB_INVALID,
                        live->path + ": index predates generations; move it "
                                     "away and index again");
        f->path = live->path;
        f->mode = LEXDB_WRITE;
        f->generation = next_generation(live->path);
        f->run = live->run;
        f->gazetteer = live->gazetteer;
        f->topics = live->topics;
        f->fresh = true;
        f->wdb.reset(new Xapian::WritableDatabase(
            generation_path(live->path, f->generation),
            Xapian::DB_CREATE_OR_OVERWRITE | Xapian::DB_BACKEND_GLASS));
        return LEXDB_OK;
    });
    if (st == LEXDB_OK)
        *fresh = f.release();
    return st;
}

lexdb_status_t
lexdb_rebuild_finish(lexdb_t *live, lexdb_t *fresh, lex_err_t *err)
{
    lexdb_status_t st = LEXDB_OK;
    if (fresh->in_transaction)
        st = lexdb_commit(fresh, err);
    if (st == LEXDB_OK)
        st = guarded(err, live->path, [&]() {
            fresh->wdb->set_metadata(SCHEMA_KEY,
                                     std::to_string(LEXDB_SCHEMA_VERSION));
            fresh->wdb->commit();
            fresh->wdb->close();
            swap_in(live, fresh->generation);
            return LEXDB_OK;
        });
    if (st != LEXDB_OK)
        lexdb_rebuild_abandon(fresh);
    else
        delete fresh;
    lexdb_close(live);
    return st;
}

void
lexdb_rebuild_abandon(lexdb_t *fresh)
{
    if (!fresh)
        return;
    std::string gen = generation_path(fresh->path, fresh->generation);
    lex_err_t ignored;
    guarded(&ignored, fresh->path, [&]() {
        if (fresh->wdb)
            fresh->wdb->close();
        return LEXDB_OK;
    });
    delete fresh;
    remove_tree(gen);
}

lexdb_status_t
lexdb_bulk_begin(lexdb_t *live, size_t n, lexdb_t **parts, lex_err_t *err)
{
    for (size_t i = 0; i < n; i++)
        parts[i] = NULL;
    if (!live->wdb || n == 0)
        return fail(err, LEXDB_INVALID, live->path + ": not open for writing");
    lexdb_status_t st = guarded(err, live->path, [&]() {
        if (!live_generation(live->path))
            return fail(err, LEXDB_INVALID,
                        live->path + ": index predates generations; move it "
                                     "away and index again");
        /* if this run dies, the next writer deletes the parts along
           with stale generations */
        std::string dir = scratch_path(live->path);
        remove_tree(dir);
        if (mkdir(dir.c_str(), 0777) != 0)
            throw_errno("cannot create", dir);
        for (size_t i = 0; i < n; i++)
            parts[i] = new_part(live, i);
        return LEXDB_OK;
    });
    if (st != LEXDB_OK)
        lexdb_bulk_abandon(parts, n);
    return st;
}

lexdb_status_t
lexdb_bulk_finish(lexdb_t *live, lexdb_t **parts, size_t n, lex_err_t *err)
{
    lexdb_status_t st = LEXDB_OK;
    for (size_t i = 0; i < n && st == LEXDB_OK; i++)
        st = close_part(parts[i], err);
    if (st == LEXDB_OK)
        st = guarded(err, live->path, [&]() {
            unsigned long gen = next_generation(live->path);
            merge_parts(parts, n, generation_path(live->path, gen));
            swap_in(live, gen);
            return LEXDB_OK;
        });
    lexdb_bulk_abandon(parts, n);
    lexdb_close(live);
    return st;
}

void
lexdb_bulk_abandon(lexdb_t **parts, size_t n)
{
    if (n == 0 || !parts[0])
        return;
    std::string scratch = scratch_path(parts[0]->path);
    for (size_t i = 0; i < n; i++) {
        lexdb_close(parts[i]);
        parts[i] = NULL;
    }
    remove_tree(scratch);
}

lexdb_status_t
lexdb_compact(lexdb_t *live, unsigned long long *before,
              unsigned long long *after, lex_err_t *err)
{
    if (!live->wdb)
        return fail(err, LEXDB_INVALID, live->path + ": not open for writing");
    lexdb_status_t st = guarded(err, live->path, [&]() {
        unsigned long old = live_generation(live->path);
        if (!old)
            return fail(err, LEXDB_INVALID,
                        live->path + ": index predates generations; move it "
                                     "away and index again");
        unsigned long gen = next_generation(live->path);
        std::string dest = generation_path(live->path, gen);
        *before = directory_bytes(generation_path(live->path, old));
        try {
            live->wdb->compact(dest);
        } catch (...) {
            remove_tree(dest);
            throw;
        }
        *after = directory_bytes(dest);
        swap_in(live, gen);
        return LEXDB_OK;
    });
    lexdb_close(live);
    return st;
}

lexdb_status_t
lexdb_stats(lexdb_t *db, lexdb_stats_t *s, lex_err_t *err)
{
    *s = lexdb_stats_t();
    return guarded(err, db->path, [&]() {
        Xapian::Database &x = db->db();
        s->items = x.get_doccount();
        for (auto k = x.metadata_keys_begin(FILE_STATE_PREFIX);
             k != x.metadata_keys_end(FILE_STATE_PREFIX); ++k)
            s->bulletins++;
        if (s->items) {
            format_date_value(x.get_value_lower_bound(SLOT_DATE), s->first_date,
                              sizeof s->first_date);
            format_date_value(x.get_value_upper_bound(SLOT_DATE), s->last_date,
                              sizeof s->last_date);
        }
        s->generation = live_generation(db->path);
        s->bytes = directory_bytes(
            s->generation ? generation_path(db->path, s->generation)
                          : db->path);
        s->schema = strtoul(x.get_metadata(SCHEMA_KEY).c_str(), NULL, 10);
        s->last_run = strtoul(x.get_metadata(LAST_RUN_KEY).c_str(), NULL, 10);
        snprintf(s->last_run_time, sizeof s->last_run_time, "%s",
                 x.get_metadata(LAST_RUN_TIME_KEY).c_str());
        return LEXDB_OK;
    });
}

lexdb_status_t
lexdb_check(const char *path, FILE *report, unsigned long *problems,
            lex_err_t *err)
{
    *problems = 0;
    struct stat sb;
    if (stat(path, &sb) != 0)
        return fail(err, LEXDB_NOT_FOUND,
                    std::string(path) +
                        ": no index here; create it with lexindex");
    return guarded(err, path, [&]() {
        std::ostringstream out;
        unsigned long gen = live_generation(path);
        std::string target = gen ? generation_path(path, gen) : path;
        try {
            *problems += Xapian::Database::check(target, 0, &out);
            if (*problems == 0) {
                Xapian::Database db(path);
                *problems += check_items(db, out);
            }
        } catch (const Xapian::DatabaseError &e) {
            /* damage bad enough to stop the check is one more problem */
            out << e.get_description() << "\n";
            (*problems)++;
        }
        /* Xapian's check also narrates; show it only when it matters */
        std::istringstream lines(out.str());
        std::string line;
        while (*problems && std::getline(lines, line))
            if (!line.empty() && line.find("checked OK") == std::string::npos)
                fprintf(report, "%s: %s\n", path, line.c_str());
        return LEXDB_OK;
    });
}

} /* extern "C" */
