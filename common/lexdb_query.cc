/*
 * lexdb_query.cc - the query language of lexsearch-query(7).
 *
 * Xapian's QueryParser does the heavy lifting (words, stemming, phrases,
 * boolean operators, NEAR/ADJ, wildcards, CJK n-grams, synonyms and
 * spelling correction); this file adds what it does not know: the exact
 * filter fields (section:, bulletin:, site:), dates (date:), the legal
 * connectors /s and /p, and a strict check that refuses what the parser
 * would silently reinterpret: unknown fields, unbalanced quotes or
 * parentheses, bad dates.  Refusals are QueryParserErrors whose message
 * gives the column, which the shim reports as a query syntax error.
 */
#include "lexdb_private.h"

#include <cctype>
#include <cstring>
#include <sstream>

using namespace lexdb_internal;

namespace
{

/* The fields a query may name, and what each is. */
const char *const FREE_FIELDS[] = {"title", "body"};
const char *const FILTER_FIELDS[] = {"section", "bulletin", "site", "date"};

/* A refusal pointing at a 1-based column of the query. */
[[noreturn]] void
refuse(const std::string &what, size_t column)
{
    throw Xapian::QueryParserError(what + " at column " +
                                   std::to_string(column));
}

bool
is_field(const std::string &name)
{
    for (const char *f : FREE_FIELDS)
        if (name == f)
            return true;
    for (const char *f : FILTER_FIELDS)
        if (name == f)
            return true;
    return false;
}

bool parse_dates(const std::string &v, std::string *lo, std::string *hi);
extern const char DATE_HELP[];

/*
 * Refuses unbalanced quotes and parentheses and unknown fields, with the
 * column of the fault.  Runs before the QueryParser, which would
 * otherwise guess.
 */
void
check_syntax(const std::string &q)
{
    size_t open_quote = 0, depth = 0;
    std::vector<size_t> parens;
    bool in_quote = false;
    for (size_t i = 0; i < q.size(); i++) {
        char c = q[i];
        if (c == '"') {
            in_quote = !in_quote;
            open_quote = i + 1;
            continue;
        }
        if (in_quote)
            continue;
        if (c == '(') {
            parens.push_back(i + 1);
            depth++;
        } else if (c == ')') {
            if (depth == 0)
                refuse("unmatched ')'", i + 1);
            depth--;
            parens.pop_back();
        } else if (c == ':' && i > 0 && isalpha((unsigned char)q[i - 1])) {
            size_t w = i;
            while (w > 0 && isalpha((unsigned char)q[w - 1]))
                w--;
            if (w > 0 && !strchr(" (+-\"", q[w - 1]))
                continue; /* inside a word, such as "12:30" */
            std::string name = q.substr(w, i - w);
            for (char &ch : name)
                ch = char(tolower((unsigned char)ch));
            if (name == "http" || name == "https")
                refuse("a URL is not a query; search its domain with "
                       "site:DOMAIN",
                       w + 1);
            if (!is_field(name))
                refuse("unknown field '" + q.substr(w, i - w + 1) +
                           "' (fields: title, body, section, bulletin, "
                           "site, date)",
                       w + 1);
            std::string lo, hi;
            std::string value =
                q.substr(i + 1, q.find_first_of(" )", i) - (i + 1));
            if (name == "date" && !parse_dates(value, &lo, &hi))
                refuse("bad date '" + q.substr(w, i - w + 1) + value + "' " +
                           DATE_HELP,
                       w + 1);
        }
    }
    if (in_quote)
        refuse("unclosed quote", open_quote);
    if (!parens.empty())
        refuse("unclosed '('", parens.back());
}

/* Replaces the connectors /s and /p (outside quotes) by NEAR windows. */
std::string
expand_connectors(const std::string &q)
{
    std::string out;
    bool in_quote = false;
    for (size_t i = 0; i < q.size(); i++) {
        if (q[i] == '"')
            in_quote = !in_quote;
        bool starts = i == 0 || q[i - 1] == ' ';
        bool ends = i + 2 == q.size() || (i + 2 < q.size() && q[i + 2] == ' ');
        if (!in_quote && q[i] == '/' && i + 1 < q.size() && starts && ends &&
            (q[i + 1] == 's' || q[i + 1] == 'p' || q[i + 1] == 'S' ||
             q[i + 1] == 'P')) {
            bool sentence = tolower((unsigned char)q[i + 1]) == 's';
            out += "NEAR/" + std::to_string(sentence ? SENTENCE_WINDOW
                                                     : PARAGRAPH_WINDOW);
            i++;
            continue;
        }
        out += q[i];
    }
    return out;
}

/* One end of a date: YYYY, YYYY-MM or YYYY-MM-DD as a YYYYMMDD bound. */
bool
date_bound(const std::string &s, bool upper, std::string *out)
{
    int y, m = 0, d = 0, n = 0;
    if (sscanf(s.c_str(), "%4d-%2d-%2d%n", &y, &m, &d, &n) == 3 &&
        size_t(n) == s.size()) {
        if (m < 1 || m > 12 || d < 1 || d > 31)
            return false;
    } else if (sscanf(s.c_str(), "%4d-%2d%n", &y, &m, &n) == 2 &&
               size_t(n) == s.size()) {
        if (m < 1 || m > 12)
            return false;
        d = 0;
    } else if (sscanf(s.c_str(), "%4d%n", &y, &n) == 1 &&
               size_t(n) == s.size() && s.size() == 4) {
        m = d = 0;
    } else {
        return false;
    }
    char buf[16];
    /* an unknown month or day spans the whole year or month: 00..99 */
    snprintf(buf, sizeof buf, "%04d%02d%02d", y, m ? m : (upper ? 99 : 0),
             d ? d : (upper ? 99 : 0));
    *out = buf;
    return true;
}

/* Reads A..B, A.., ..B or A into bounds ("" for an open end). */
bool
parse_dates(const std::string &v, std::string *lo, std::string *hi)
{
    size_t dots = v.find("..");
    std::string a = dots == std::string::npos ? v : v.substr(0, dots);
    std::string b = dots == std::string::npos ? v : v.substr(dots + 2);
    return (a.empty() || date_bound(a, false, lo)) &&
           (b.empty() || date_bound(b, true, hi)) && !(a.empty() && b.empty());
}

const char DATE_HELP[] = "(use YYYY, YYYY-MM or YYYY-MM-DD, and A..B, A.. or "
                         "..B for ranges)";

/* date:A..B, date:A.., date:..B and date:A, over the date value. */
class DateField : public Xapian::FieldProcessor
{
  public:
    Xapian::Query operator()(const std::string &v) override
    {
        std::string lo, hi;
        if (!parse_dates(v, &lo, &hi))
            throw Xapian::QueryParserError("bad date 'date:" + v + "' " +
                                           DATE_HELP);
        if (lo.empty())
            return Xapian::Query(Xapian::Query::OP_VALUE_LE, SLOT_DATE, hi);
        if (hi.empty())
            return Xapian::Query(Xapian::Query::OP_VALUE_GE, SLOT_DATE, lo);
        return Xapian::Query(Xapian::Query::OP_VALUE_RANGE, SLOT_DATE, lo, hi);
    }
};

/*
 * section:, bulletin:, site:: the folded value as an exact term, or, when
 * no item has it, as a prefix ("section:enforcement" matches both
 * Enforcement sections).
 */
class NameField : public Xapian::FieldProcessor
{
    Xapian::Database db;
    std::string prefix;
    bool fold;

  public:
    NameField(const Xapian::Database &d, const char *p, bool f)
        : db(d), prefix(p), fold(f)
    {
    }

    Xapian::Query operator()(const std::string &v) override
    {
        std::string key = fold ? fold_name(v) : v;
        for (char &c : key)
            c = char(tolower((unsigned char)c));
        std::string term = prefix + key;
        if (db.term_exists(term))
            return Xapian::Query(term);
        return Xapian::Query(Xapian::Query::OP_WILDCARD, term);
    }
};

/* The parser, configured for lexsearch-query(7). */
struct Parser {
    Xapian::QueryParser qp;
    Xapian::Stem stem;
    unsigned flags;

    Parser(const Xapian::Database &db, const Xapian::Stem &s, bool exact)
        : stem(s)
    {
        qp.set_database(db);
        qp.set_stemmer(stem);
        qp.set_stemming_strategy(Xapian::QueryParser::STEM_SOME);
        qp.set_default_op(Xapian::Query::OP_AND);
        qp.add_prefix("title", TITLE_PREFIX);
        qp.add_prefix("body", BODY_PREFIX);
        qp.add_boolean_prefix("date", (new DateField)->release());
        qp.add_boolean_prefix(
            "section", (new NameField(db, SECTION_PREFIX, true))->release());
        qp.add_boolean_prefix(
            "bulletin", (new NameField(db, BULLETIN_PREFIX, true))->release());
        qp.add_boolean_prefix(
            "site", (new NameField(db, SITE_PREFIX, false))->release());
        flags = Xapian::QueryParser::FLAG_PHRASE |
                Xapian::QueryParser::FLAG_BOOLEAN |
                Xapian::QueryParser::FLAG_LOVEHATE |
                Xapian::QueryParser::FLAG_WILDCARD |
                Xapian::QueryParser::FLAG_PURE_NOT |
                Xapian::QueryParser::FLAG_CJK_NGRAM |
                Xapian::QueryParser::FLAG_SPELLING_CORRECTION;
        if (!exact)
            flags |= Xapian::QueryParser::FLAG_AUTO_MULTIWORD_SYNONYMS;
    }

    Xapian::Query parse(const std::string &text)
    {
        check_syntax(text);
        return qp.parse_query(expand_connectors(text), flags);
    }
};

} // namespace

namespace lexdb_internal
{

Xapian::Query
build_query(const Xapian::Database &db, const Xapian::Stem &stem,
            const std::string &text, bool exact, std::string *corrected)
{
    Parser p(db, stem, exact);
    Xapian::Query q = p.parse(text);
    if (corrected)
        *corrected = p.qp.get_corrected_query_string();
    return q;
}

std::string
explain_query(const Xapian::Database &db, const Xapian::Stem &stem,
              const std::string &text, bool exact)
{
    Parser p(db, stem, exact);
    Xapian::Query q = p.parse(text);
    std::ostringstream out;
    out << "query:     " << text << "\n";
    std::string expanded = expand_connectors(text);
    if (expanded != text)
        out << "connectors: " << expanded << "\n";
    out << "synonyms:  " << (exact ? "off (--exact)" : "on") << "\n";
    std::string corrected = p.qp.get_corrected_query_string();
    if (!corrected.empty())
        out << "spelling:  did you mean '" << corrected << "'?\n";
    out << "terms:    ";
    for (auto t = q.get_unique_terms_begin(); t != q.get_unique_terms_end();
         ++t)
        out << " " << *t;
    out << "\n";
    out << "xapian:    " << q.get_description() << "\n";
    return out.str();
}

} // namespace lexdb_internal
