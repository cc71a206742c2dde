/*
 * lexdb_plan.cc - a query plan (query_plan.h) as a Xapian::Query.
 *
 * How a query is searched is decided in C, as a plan of Xapian
 * operations; this file only names each operation in Xapian's terms,
 * node by node.  Nothing here chooses a term, a weight or an operator.
 */
#include "lexdb_private.h"

#include <new>
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

} // namespace

namespace lexdb_internal
{

Xapian::Query
query_of_plan(const lex_plan_t *p, const plan_parser_t &parse)
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
        return Xapian::Query(
            Xapian::Query::OP_SCALE_WEIGHT,
            query_of_plan(p->n_kids ? p->kids[0] : NULL, parse), p->factor);
    case LEX_P_PARSE:
        if (!parse)
            throw Xapian::InvalidArgumentError("a plan to parse, no parser");
        return parse(p);
    default:
        break;
    }
    std::vector<Xapian::Query> kids;
    kids.reserve(p->n_kids);
    for (size_t i = 0; i < p->n_kids; i++)
        kids.push_back(query_of_plan(p->kids[i], parse));
    return Xapian::Query(op_of(p->kind), kids.begin(), kids.end(), p->window);
}

} // namespace lexdb_internal
