/*
 * hit_record.c - decoding a hit's stored record (see hit_record.h).
 */
#include "hit_record.h"

#include "analysis.h"
#include "buf.h"
#include "record.h"

lex_status_t
lex_hit_from_record(lexdb_hit_t *hit, const char *data, size_t len,
                    unsigned rank, double score, int percent, lex_err_t *err)
{
    lex_status_t st = lex_record_decode(data, len, &hit->bulletin, err);
    if (st != LEX_OK)
        return st;
    hit->item = &hit->bulletin->items[0];
    hit->rank = rank;
    hit->score = score;
    hit->percent = percent;
    lex_buf_t id = LEX_BUF_INIT;
    lex_item_id(lex_item_id_base(hit->bulletin->path, hit->item),
                hit->item->number, &id);
    hit->id = lex_buf_steal(&id);
    return hit->id ? LEX_OK : LEX_ENOMEM;
}
