/*
 * lexdb_plan.cc - a query plan (query_plan.h) as a Xapian::Query.
 *
 * How a query is searched is decided in C, as a plan of Xapian
 * operations; this file only names each operation in Xapian's terms,
 * node by node.  Nothing here chooses a term, a weight or an operator.
 */
#include "lexdb_private.h"

#include <algorithm>
#include <new>
#include <unordered_map>
#include <vector>

extern "C" {
#include "query_plan.h"
}

namespace
{

/* The Xapian operator of an operator node. */
Xapian::Query::op
op_of(lex_pkind_t kind)
{
    switch (kind) {
    case LEX_P_AND:
        return Xapian::Query::OP_AND;
    case LEX_P_OR:
        return Xapian::Query::OP_OR;
    case LEX_P_AND_NOT:
        return Xapian::Query::OP_AND_NOT;
    case LEX_P_XOR:
        return Xapian::Query::OP_XOR;
    case LEX_P_AND_MAYBE:
        return Xapian::Query::OP_AND_MAYBE;
    case LEX_P_FILTER:
        return Xapian::Query::OP_FILTER;
    case LEX_P_SYNONYM:
        return Xapian::Query::OP_SYNONYM;
    case LEX_P_MAX:
        return Xapian::Query::OP_MAX;
    case LEX_P_NEAR:
        return Xapian::Query::OP_NEAR;
    case LEX_P_PHRASE:
        return Xapian::Query::OP_PHRASE;
    default:
        return Xapian::Query::OP_ELITE_SET;
    }
}

/*
 * The items of a DOCIDS node (ascending), weighing nothing: one
 * database's known matches picked out without a posting list, and so a
 * B-tree cursor and its blocks, per item.
 */
class Docids : public Xapian::PostingSource
{
    std::vector<Xapian::docid> ids;
    size_t at = 0;
    bool started = false;

  public:
    explicit Docids(std::vector<Xapian::docid> docids) : ids(std::move(docids))
    {
    }
    Xapian::PostingSource *clone() const override
    {
        return new Docids(ids);
    }
    void init(const Xapian::Database &) override
    {
        at = 0;
        started = false;
    }
    Xapian::doccount get_termfreq_min() const override
    {
        return ids.size();
    }
    Xapian::doccount get_termfreq_est() const override
    {
        return ids.size();
    }
    Xapian::doccount get_termfreq_max() const override
    {
        return ids.size();
    }
    void next(double) override
    {
        at += started;
        started = true;
    }
    void skip_to(Xapian::docid did, double) override
    {
        started = true;
        at = size_t(std::lower_bound(ids.begin() + at, ids.end(), did) -
                    ids.begin());
    }
    bool at_end() const override
    {
        return started && at == ids.size();
    }
    Xapian::docid get_docid() const override
    {
        return ids[at];
    }
};

/* The queries of the shared nodes of a plan translated so far. */
typedef std::unordered_map<const lex_plan_t *, Xapian::Query> shared_t;

Xapian::Query node_of(const lex_plan_t *p, shared_t &shared);

/* The query of p, made once for a node with several owners. */
Xapian::Query
query_of(const lex_plan_t *p, shared_t &shared)
{
    if (!p || !p->shares)
        return node_of(p, shared);
    auto known = shared.find(p);
    if (known != shared.end())
        return known->second;
    Xapian::Query q = node_of(p, shared);
    shared.emplace(p, q);
    return q;
}

/* The query of the node p, its kids through query_of. */
Xapian::Query
node_of(const lex_plan_t *p, shared_t &shared)
{
    if (!p)
        throw std::bad_alloc();
    switch (p->kind) {
    case LEX_P_NOTHING:
        return Xapian::Query();
    case LEX_P_ALL:
        return Xapian::Query::MatchAll;
    case LEX_P_TERM:
        return Xapian::Query(std::string(p->term, p->term_len), p->wqf, p->pos);
    case LEX_P_WILDCARD:
        return Xapian::Query(Xapian::Query::OP_WILDCARD,
                             std::string(p->term, p->term_len));
    case LEX_P_FIXED_WEIGHT:
        return Xapian::Query(
            (new Xapian::FixedWeightPostingSource(p->factor))->release());
    case LEX_P_DOCIDS:
        return Xapian::Query(
            (new Docids({p->docids, p->docids + p->n_docids}))->release());
    case LEX_P_VALUE_RANGE:
        return Xapian::Query(Xapian::Query::OP_VALUE_RANGE, p->slot, p->lo,
                             p->hi);
    case LEX_P_VALUE_GE:
        return Xapian::Query(Xapian::Query::OP_VALUE_GE, p->slot,
                             p->lo ? p->lo : "");
    case LEX_P_VALUE_LE:
        return Xapian::Query(Xapian::Query::OP_VALUE_LE, p->slot,
                             p->hi ? p->hi : "");
    case LEX_P_SCALE_WEIGHT:
        return Xapian::Query(Xapian::Query::OP_SCALE_WEIGHT,
                             query_of(p->n_kids ? p->kids[0] : NULL, shared),
                             p->factor);
    default:
        break;
    }
    std::vector<Xapian::Query> kids;
    kids.reserve(p->n_kids);
    for (size_t i = 0; i < p->n_kids; i++)
        kids.push_back(query_of(p->kids[i], shared));
    return Xapian::Query(op_of(p->kind), kids.begin(), kids.end(), p->window);
}

} // namespace

namespace lexdb_internal
{

Xapian::Query
query_of_plan(const lex_plan_t *p)
{
    shared_t shared;
    return query_of(p, shared);
}

} // namespace lexdb_internal
