/*
 * printer.c - driving a printer over a result set.
 */
#include "printer.h"

/* Calls begin, hit for each result, then end. */
void
printer_run(printer_t *p, const lexdb_query_t *q, const lexdb_hits_t *hits)
{
    p->begin(p, q, hits);
    for (size_t i = 0; i < lexdb_hits_count(hits); i++)
        p->hit(p, lexdb_hits_get(hits, i));
    p->end(p, q, hits);
}
