/*
 * lexdb_shards.cc - searching many shards at once: local indexes and
 * remote ones served by xapian-tcpsrv, listed in a Xapian stub file.
 *
 * The stub has Xapian's own syntax ("auto PATH", "glass PATH",
 * "remote HOST:PORT", "remote :PROGRAM ARGS", '#' comments; relative
 * paths are relative to the stub's directory), and Xapian could open it
 * by itself.  It is read here instead so that each shard is opened on its
 * own: a shard that is down is named in the error or, with --partial,
 * left out with a notice, and remote shards get the configured timeout,
 * which a stub line cannot carry.  The shards are then joined with
 * Database::add_database, so that the search runs on Xapian's remote
 * protocol with its global statistics: weights and ranks are those of a
 * single index holding every item.
 */
#include "lexdb_private.h"

#include <fstream>
#include <sstream>

#include <sys/stat.h>

using namespace lexdb_internal;

namespace
{

enum shard_kind { SHARD_LOCAL, SHARD_TCP, SHARD_PROGRAM };

/* One line of a stub: where a shard is. */
struct shard_spec {
    shard_kind kind;
    std::string name; /* path, HOST:PORT, or the program */
    std::string host_or_args;
    unsigned port;
};

/* Makes a relative path in a stub relative to the stub's directory. */
std::string
resolve(const std::string &path, const std::string &stub)
{
    if (!path.empty() && path[0] == '/')
        return path;
    size_t slash = stub.rfind('/');
    return slash == std::string::npos ? path : stub.substr(0, slash + 1) + path;
}

/* Parses "HOST:PORT" (HOST may be [IPv6]); false when it is not that. */
bool
parse_host_port(const std::string &s, std::string *host, unsigned *port)
{
    size_t colon = s.rfind(':');
    if (colon == std::string::npos || colon == 0 || colon + 1 == s.size())
        return false;
    char *end;
    unsigned long p = strtoul(s.c_str() + colon + 1, &end, 10);
    if (*end || p == 0 || p > 65535)
        return false;
    *host = s.substr(0, colon);
    if (host->size() > 2 && (*host)[0] == '[' && host->back() == ']')
        *host = host->substr(1, host->size() - 2);
    *port = static_cast<unsigned>(p);
    return true;
}

/* Reads one stub line into spec; false when Xapian would not accept it. */
bool
parse_stub_line(const std::string &line, const std::string &stub,
                shard_spec *spec)
{
    size_t space = line.find(' ');
    if (space == std::string::npos || space + 1 == line.size())
        return false;
    std::string type = line.substr(0, space), rest = line.substr(space + 1);
    if (type == "auto" || type == "glass") {
        *spec = {SHARD_LOCAL, resolve(rest, stub), "", 0};
        return true;
    }
    if (type != "remote")
        return false;
    if (rest[0] == ':') {
        size_t sp = rest.find(' ');
        std::string prog =
            rest.substr(1, sp == std::string::npos ? sp : sp - 1);
        std::string args = sp == std::string::npos ? "" : rest.substr(sp + 1);
        *spec = {SHARD_PROGRAM, prog, args, 0};
        return !prog.empty();
    }
    spec->kind = SHARD_TCP;
    spec->name = rest;
    return parse_host_port(rest, &spec->host_or_args, &spec->port);
}

/* Reads every shard line of a stub file. */
std::vector<shard_spec>
read_stub(const std::string &stub)
{
    std::ifstream f(stub);
    if (!f)
        throw Xapian::DatabaseNotFoundError(stub + ": cannot read the stub");
    std::vector<shard_spec> specs;
    std::string line;
    for (unsigned n = 1; std::getline(f, line); n++) {
        if (line.empty() || line[0] == '#')
            continue;
        shard_spec spec;
        if (!parse_stub_line(line, stub, &spec))
            throw Xapian::DatabaseOpeningError(
                stub + ":" + std::to_string(n) +
                ": bad line (expected 'auto PATH' or 'remote HOST:PORT')");
        specs.push_back(spec);
    }
    if (specs.empty())
        throw Xapian::DatabaseNotFoundError(stub +
                                            ": the stub lists no shards");
    return specs;
}

/* Opens one shard: a local index, or a remote one with the timeout. */
Xapian::Database
open_spec(const shard_spec &s, unsigned timeout_ms)
{
    if (s.kind == SHARD_TCP)
        return Xapian::Remote::open(s.host_or_args, s.port, timeout_ms,
                                    timeout_ms);
    if (s.kind == SHARD_PROGRAM)
        return Xapian::Remote::open(s.name, s.host_or_args, timeout_ms);
    struct stat sb;
    if (stat(s.name.c_str(), &sb) != 0)
        throw Xapian::DatabaseNotFoundError(
            "no index here; create it with lexindex");
    return Xapian::Database(s.name);
}

/* Opens shard s into out and checks its schema; names it on failure. */
lexdb_status_t
open_one(const shard_spec &s, unsigned timeout_ms, lexdb_shard *out,
         lex_err_t *err)
{
    std::string what = "shard " + s.name;
    return guarded(err, what, [&]() {
        out->name = s.name;
        out->remote = s.kind != SHARD_LOCAL;
        out->db = open_spec(s, timeout_ms);
        return check_schema_of(out->db, what, err);
    });
}

} // namespace

namespace lexdb_internal
{

std::string
shard_stub(const std::string &path)
{
    struct stat sb;
    if (stat(path.c_str(), &sb) != 0)
        return "";
    if (S_ISREG(sb.st_mode))
        return path;
    std::string stub = path + "/" + SHARDS_STUB_NAME;
    if (S_ISDIR(sb.st_mode) && stat(stub.c_str(), &sb) == 0)
        return stub;
    return "";
}

lexdb_status_t
open_shards(lexdb_t *db, lex_err_t *err)
{
    std::vector<shard_spec> specs;
    lexdb_status_t st = guarded(err, db->stub, [&]() {
        specs = read_stub(db->stub);
        return LEXDB_OK;
    });
    if (st != LEXDB_OK)
        return st;
    unsigned timeout = db->read_opts.timeout_ms ? db->read_opts.timeout_ms
                                                : LEXDB_DEFAULT_TIMEOUT_MS;
    db->shards.clear();
    db->notices.clear();
    for (const shard_spec &s : specs) {
        lexdb_shard shard;
        lex_err_t e;
        st = open_one(s, timeout, &shard, &e);
        if (st == LEXDB_OK) {
            db->shards.push_back(shard);
            continue;
        }
        if (!db->read_opts.partial)
            return fail(err, st,
                        std::string(e.msg) +
                            " (with --partial, the other shards answer)");
        db->notices.push_back(std::string(e.msg) +
                              "; results are from the other shards only");
    }
    if (db->shards.empty())
        return fail(err, LEXDB_SHARD_DOWN,
                    db->stub +
                        ": no shard could be opened: " + db->notices.back());
    return guarded(err, db->stub, [&]() {
        db->rdb = Xapian::Database();
        for (lexdb_shard &s : db->shards)
            db->rdb.add_database(s.db);
        return LEXDB_OK;
    });
}

} // namespace lexdb_internal
