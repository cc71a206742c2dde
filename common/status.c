/*
 * status.c - descriptions of status codes and the error-message helper.
 */
#include "status.h"

#include <stdarg.h>
#include <stdio.h>

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
