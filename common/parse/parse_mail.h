/*
 * parse_mail.h - bulletins received as email newsletters.
 *
 * A newsletter is a MIME message (GMime 3 parses it): its HTML part, or
 * else its text/plain part, decoded (quoted-printable, base64) and
 * converted from its MIME charset to UTF-8, is read by the HTML or text
 * parser, so a newsletter yields the items of the same bulletin saved as
 * a page or a text file.  The Subject is the bulletin's title and the
 * Date header anchors the years items leave out.  Every item records
 * its message's number in the file and its Message-ID, which makes its
 * id ("MESSAGE-ID#N") stable across runs, and across folders when a mail
 * client moves the message.
 */
#ifndef LEX_PARSE_MAIL_H
#define LEX_PARSE_MAIL_H

#include <stddef.h>

#include "bulletin.h"
#include "parse.h"
#include "status.h"

/* Limits on mail, documented in lexsearch-corpus(5) LIMITS. */
#define LEX_MAX_MESSAGES 10000           /* messages in one mbox file */
#define LEX_MAX_MIME_DEPTH 32            /* multiparts nested in a message */
#define LEX_MAX_PART_BYTES (16u << 20)   /* one text part, as encoded */
#define LEX_MAX_MBOX_BYTES (1024u << 20) /* an mbox file (1 GiB) */

/*
 * One message: a .eml file or a Maildir file; same contract as parse.h.
 * opts are not read: the message's Subject, Date and charsets say it.
 */
lex_parse_fn lex_parse_mail;

/*
 * An mbox file: every message's items in one bulletin, each item with
 * its message's number, Message-ID and Subject.  A message that holds
 * no bulletin items (a welcome or receipt mail) is passed over with a
 * notice; any other bad message rejects the file, "path:message N:
 * reason".  opts are not read, as for lex_parse_mail.
 */
lex_parse_fn lex_parse_mbox;

#endif
