/*
 * lexdb_topics.cc - thesaurus groups tagged at index time (topics.h).
 *
 * The groups are planned and matched in C (topics.c), compiled with
 * Xapian's stemmer (lexdb_set_thesaurus, lexdb.cc); this file gives
 * the tagger each new item's terms and positions, and adds
 * to the item the term of each group it matches (LEX_PREFIX_TOPIC and
 * the group's number, a boolean term).
 */
#include "lexdb_private.h"

#include <deque>
#include <new>
#include <string>
#include <vector>

namespace lexdb_internal
{

void
tag_topics(const lex_topics_t &t, Xapian::Document &doc)
{
    std::deque<std::vector<Xapian::termpos>> positions; /* stay in place */
    std::vector<lex_topic_term_t> terms;
    for (auto it = doc.termlist_begin(); it != doc.termlist_end(); ++it) {
        std::string term = *it;
        size_t id = lex_topics_term(&t, term.data(), term.size());
        if (id == LEX_TOPICS_NO_TERM)
            continue;
        const auto &pos = positions.emplace_back(it.positionlist_begin(),
                                                 it.positionlist_end());
        terms.push_back({id, pos.data(), pos.size()});
    }
    if (terms.empty())
        return;
    std::vector<size_t> groups(lex_topics_n_groups(&t));
    size_t n = 0;
    if (lex_topics_match(&t, terms.data(), terms.size(), groups.data(), &n) !=
        LEX_OK)
        throw std::bad_alloc();
    for (size_t i = 0; i < n; i++)
        doc.add_boolean_term(LEX_PREFIX_TOPIC + std::to_string(groups[i]));
}

} // namespace lexdb_internal
