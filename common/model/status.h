/*
 * status.h - status codes and error messages shared by the C code.
 *
 * Every fallible function in common/, indexer/ and searcher/ returns a
 * lex_status_t and, on failure, fills a caller-supplied lex_err_t with a
 * one-line message that names the file (and line) or the query at fault.
 * Nothing below main() prints or exits: the status travels up the stack
 * and main() maps it to an exit code.
 */
#ifndef LEX_STATUS_H
#define LEX_STATUS_H

#include <stddef.h>

typedef enum {
    LEX_OK = 0,
    LEX_ENOMEM,    /* allocation failed */
    LEX_EIO,       /* a file could not be read or written */
    LEX_EPARSE,    /* input is not a bulletin we can read */
    LEX_EENCODING, /* input is not valid UTF-8 text */
    LEX_ELIMIT,    /* input exceeds a documented limit */
    LEX_EUSAGE,    /* bad arguments from the caller */
    LEX_EINDEX,    /* the index refused an operation */
    LEX_STATUS_LAST
} lex_status_t;

/* A one-line error message; always NUL-terminated, possibly truncated. */
typedef struct {
    char msg[1024];
} lex_err_t;

/* Returns a short constant description of a status code. */
const char *lex_status_string(lex_status_t st);

/*
 * Formats a message into err (if err is not NULL) and returns st, so that
 * callers can write "return lex_err_set(err, LEX_EPARSE, ...)".
 */
lex_status_t lex_err_set(lex_err_t *err, lex_status_t st, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

#endif
