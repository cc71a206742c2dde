/*
 * status.c - descriptions of both status enums (lex_status_t and the
 * index's lexdb_status_t, see lexdb.h) and the error-message helper.
 */
#include "status.h"

#include <stdarg.h>
#include <stdio.h>

#include "lexdb.h"

/* Returns a short constant description of a status code. */
const char *
lex_status_string(lex_status_t st)
{
    switch (st) {
    case LEX_OK:
        return "success";
    case LEX_ENOMEM:
        return "out of memory";
    case LEX_EIO:
        return "input/output error";
    case LEX_EPARSE:
        return "not a readable bulletin";
    case LEX_EENCODING:
        return "invalid text encoding";
    case LEX_ELIMIT:
        return "input exceeds a limit";
    case LEX_EUSAGE:
        return "invalid arguments";
    case LEX_EINDEX:
        return "index error";
    case LEX_STATUS_LAST:
        break;
    }
    return "unknown status";
}

/* Formats a message into err and hands back st for a one-line return. */
lex_status_t
lex_err_set(lex_err_t *err, lex_status_t st, const char *fmt, ...)
{
    if (err) {
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(err->msg, sizeof err->msg, fmt, ap);
        va_end(ap);
    }
    return st;
}

const char *
lexdb_status_string(lexdb_status_t st)
{
    switch (st) {
    case LEXDB_OK:
        return "success";
    case LEXDB_NOT_FOUND:
        return "no index found";
    case LEXDB_LOCKED:
        return "index is locked by another writer";
    case LEXDB_CORRUPT:
        return "index is corrupt";
    case LEXDB_VERSION:
        return "index has another schema version";
    case LEXDB_QUERY_SYNTAX:
        return "query syntax error";
    case LEXDB_MODIFIED:
        return "index kept changing during the search";
    case LEXDB_IO:
        return "index input/output error";
    case LEXDB_NOMEM:
        return "out of memory";
    case LEXDB_INVALID:
        return "invalid use of the index API";
    case LEXDB_XAPIAN_ERROR:
        return "Xapian error";
    case LEXDB_SHARD_DOWN:
        return "a shard could not be reached";
    case LEXDB_STATUS_LAST:
        break;
    }
    return "unknown status";
}
