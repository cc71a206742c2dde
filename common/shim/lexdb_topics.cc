/*
 * lexdb_topics.cc - thesaurus groups tagged at index time.
 *
 * A query phrase found in the legal thesaurus stands for its whole group
 * (lexsearch-query(7)).  Written out, a group is a dozen phrases; each
 * phrase of a query costs Xapian a position check in every item that has
 * its words, and "personal information" has them in a third of all items.
 * So lexindex evaluates each group once per item, while the item's terms
 * and positions are still in memory, and adds one term per group the
 * item matches (TOPIC_PREFIX and the group's number, a boolean term).
 * A query then reads that one posting list instead.
 *
 * The group is evaluated by exactly the query the query parser makes of
 * it, walked here over the new document, so that the term finds what the
 * written-out phrases would.  The term numbers mean something only with
 * the thesaurus they were made with: the index records its fingerprint,
 * and queries go back to the written-out phrases when it differs.
 */
#include "lexdb_private.h"

#include <algorithm>
#include <unordered_map>
#include <unordered_set>

namespace lexdb_internal
{

namespace
{

/* One node of a group's query: a term (by number), or an operator. */
struct TopicNode {
    Xapian::Query::op op;
    size_t term = 0; /* for LEAF_TERM: its number in Topics::terms */
    std::vector<TopicNode> kids;
};

/* Where each of the thesaurus's terms occurs in one document: NULL for
   a term it does not have. */
typedef std::vector<const std::vector<Xapian::termpos> *> doc_terms_t;

/* The number of term, adding it to ids when it is new. */
size_t
term_number(const std::string &term,
            std::unordered_map<std::string, size_t> *ids)
{
    return ids->emplace(term, ids->size()).first->second;
}

/*
 * Copies a parsed query into a tree of the operators the parser uses for
 * thesaurus phrases; false when it holds any other (the group is then
 * not taggable, and neither is the thesaurus).
 */
bool
compile_node(const Xapian::Query &q, TopicNode *out,
             std::unordered_map<std::string, size_t> *ids)
{
    out->op = q.get_type();
    switch (out->op) {
    case Xapian::Query::LEAF_TERM:
        out->term = term_number(*q.get_terms_begin(), ids);
        return true;
    case Xapian::Query::OP_OR:
    case Xapian::Query::OP_AND:
    case Xapian::Query::OP_PHRASE:
        for (size_t i = 0; i < q.get_num_subqueries(); i++) {
            out->kids.emplace_back();
            if (!compile_node(q.get_subquery(i), &out->kids.back(), ids))
                return false;
        }
        return !out->kids.empty() &&
               (out->op != Xapian::Query::OP_PHRASE ||
                std::all_of(out->kids.begin(), out->kids.end(),
                            [](const TopicNode &k) {
                                return k.op == Xapian::Query::LEAF_TERM;
                            }));
    default:
        return false;
    }
}

/* Every term number a node names, into terms. */
void
collect_terms(const TopicNode &n, std::unordered_set<size_t> *terms)
{
    if (n.op == Xapian::Query::LEAF_TERM)
        terms->insert(n.term);
    for (const TopicNode &k : n.kids)
        collect_terms(k, terms);
}

/* True when the words of a phrase follow each other in the document. */
bool
matches_phrase(const TopicNode &n, const doc_terms_t &doc)
{
    if (std::any_of(n.kids.begin(), n.kids.end(),
                    [&](const TopicNode &k) { return !doc[k.term]; }))
        return false;
    const std::vector<Xapian::termpos> &first = *doc[n.kids[0].term];
    auto follows = [&](Xapian::termpos start) {
        for (size_t i = 1; i < n.kids.size(); i++) {
            const std::vector<Xapian::termpos> &p = *doc[n.kids[i].term];
            if (!std::binary_search(p.begin(), p.end(), start + i))
                return false;
        }
        return true;
    };
    return std::any_of(first.begin(), first.end(), follows);
}

/* True when the document matches a node. */
bool
matches(const TopicNode &n, const doc_terms_t &doc)
{
    auto kid_matches = [&](const TopicNode &k) { return matches(k, doc); };
    switch (n.op) {
    case Xapian::Query::LEAF_TERM:
        return doc[n.term] != nullptr;
    case Xapian::Query::OP_PHRASE:
        return matches_phrase(n, doc);
    case Xapian::Query::OP_AND:
        return std::all_of(n.kids.begin(), n.kids.end(), kid_matches);
    default: /* OP_OR */
        return std::any_of(n.kids.begin(), n.kids.end(), kid_matches);
    }
}

} // namespace

/* The thesaurus compiled for tagging. */
struct Topics {
    std::string fingerprint;
    std::vector<TopicNode> groups;
    /* every term a group names, by number, and the groups naming each */
    std::unordered_map<std::string, size_t> terms;
    std::vector<std::vector<size_t>> groups_of;
};

/*
 * Identifies the thesaurus and the way groups are tagged: a change to
 * either gives another fingerprint.
 */
std::string
topics_fingerprint(const lex_thesaurus_t *th)
{
    char id[32];
    snprintf(id, sizeof id, "topics-2-%016llx",
             th ? (unsigned long long)th->hash : 0ULL);
    return id;
}

std::shared_ptr<const Topics>
compile_topics(const lex_thesaurus_t *th, const Xapian::Stem &stem)
{
    if (!th || th->n == 0)
        return nullptr;
    auto t = std::make_shared<Topics>();
    t->fingerprint = topics_fingerprint(th);
    for (size_t g = 0; g < th->n; g++) {
        t->groups.emplace_back();
        if (!compile_node(group_as_query(th->groups[g], stem),
                          &t->groups.back(), &t->terms))
            return nullptr;
        std::unordered_set<size_t> terms;
        collect_terms(t->groups.back(), &terms);
        t->groups_of.resize(t->terms.size());
        for (size_t term : terms)
            t->groups_of[term].push_back(g);
    }
    return t;
}

const std::string &
topics_id(const Topics &t)
{
    return t.fingerprint;
}

void
tag_topics(const Topics &t, Xapian::Document &doc)
{
    std::vector<std::vector<Xapian::termpos>> positions;
    std::vector<size_t> present;
    for (auto it = doc.termlist_begin(); it != doc.termlist_end(); ++it) {
        auto known = t.terms.find(*it);
        if (known == t.terms.end())
            continue;
        present.push_back(known->second);
        positions.emplace_back(it.positionlist_begin(), it.positionlist_end());
    }
    if (present.empty())
        return;
    doc_terms_t terms(t.terms.size());
    std::vector<bool> candidate(t.groups.size());
    for (size_t i = 0; i < present.size(); i++) {
        terms[present[i]] = &positions[i];
        for (size_t g : t.groups_of[present[i]])
            candidate[g] = true;
    }
    for (size_t g = 0; g < t.groups.size(); g++)
        if (candidate[g] && matches(t.groups[g], terms))
            doc.add_boolean_term(TOPIC_PREFIX + std::to_string(g));
}

} // namespace lexdb_internal
