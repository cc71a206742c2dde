/*
 * lexdb_topics.cc - thesaurus groups tagged at index time (topics.h).
 *
 * The matching is C (topics.c); this file gives it each group's query
 * as the query parser makes it, as a plan, and each new item's terms and
 * positions, and adds to the item the term of each group it matches
 * (LEX_PREFIX_TOPIC and the group's number, a boolean term).
 */
#include "lexdb_private.h"

#include <new>

namespace lexdb_internal
{

namespace
{

typedef std::unique_ptr<lex_plan_t, decltype(&lex_plan_free)> plan_ptr;

/*
 * q as a plan, node for node: its terms and the operators the tagger
 * evaluates (OR, AND, PHRASE); any other node becomes NOTHING, which
 * lex_topics_add refuses.  NULL when memory ran out.
 */
plan_ptr
plan_of_query(const Xapian::Query &q)
{
    lex_pkind_t kind;
    switch (q.get_type()) {
    case Xapian::Query::LEAF_TERM: {
        std::string term = *q.get_terms_begin();
        return plan_ptr(lex_plan_term(term.data(), term.size()), lex_plan_free);
    }
    case Xapian::Query::OP_OR:
        kind = LEX_P_OR;
        break;
    case Xapian::Query::OP_AND:
        kind = LEX_P_AND;
        break;
    case Xapian::Query::OP_PHRASE:
        kind = LEX_P_PHRASE;
        break;
    default:
        kind = LEX_P_NOTHING;
        break;
    }
    plan_ptr p(lex_plan_new(kind), lex_plan_free);
    for (size_t i = 0; p && kind != LEX_P_NOTHING && i < q.get_num_subqueries();
         i++)
        p.reset(lex_plan_add(p.release(),
                             plan_of_query(q.get_subquery(i)).release()));
    return p;
}

} // namespace

std::shared_ptr<const Topics>
compile_topics(const lex_thesaurus_t *th, const Xapian::Stem &stem)
{
    if (!th || th->n == 0)
        return nullptr;
    std::shared_ptr<Topics> t(lex_topics_new(th), lex_topics_free);
    if (!t)
        throw std::bad_alloc();
    for (size_t g = 0; g < th->n; g++) {
        plan_ptr plan = plan_of_query(group_as_query(th->groups[g], stem));
        if (!plan)
            throw std::bad_alloc();
        lex_status_t st = lex_topics_add(t.get(), plan.get());
        if (st == LEX_EUSAGE)
            return nullptr;
        if (st != LEX_OK)
            throw std::bad_alloc();
    }
    return t;
}

void
tag_topics(const Topics &t, Xapian::Document &doc)
{
    std::vector<std::vector<Xapian::termpos>> positions;
    std::vector<lex_topic_term_t> terms;
    for (auto it = doc.termlist_begin(); it != doc.termlist_end(); ++it) {
        std::string term = *it;
        size_t id = lex_topics_term(&t, term.data(), term.size());
        if (id == LEX_TOPICS_NO_TERM)
            continue;
        positions.emplace_back(it.positionlist_begin(), it.positionlist_end());
        terms.push_back({id, nullptr, 0});
    }
    if (terms.empty())
        return;
    for (size_t i = 0; i < terms.size(); i++) {
        terms[i].pos = positions[i].data();
        terms[i].n_pos = positions[i].size();
    }
    std::vector<size_t> groups(lex_topics_n_groups(&t));
    size_t n = 0;
    if (lex_topics_match(&t, terms.data(), terms.size(), groups.data(), &n) !=
        LEX_OK)
        throw std::bad_alloc();
    for (size_t i = 0; i < n; i++)
        doc.add_boolean_term(LEX_PREFIX_TOPIC + std::to_string(groups[i]));
}

} // namespace lexdb_internal
