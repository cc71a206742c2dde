/*
 * fuzz_common.h - helpers shared by the fuzz harnesses.
 *
 * Each harness (fuzz_*.c) defines LLVMFuzzerTestOneInput.  Built with
 * clang -fsanitize=fuzzer it is a libFuzzer target; built with replay.c
 * (any compiler) it replays saved inputs, so the regression files run
 * in every ctest.  Besides "no crash", the harnesses check the bulletin
 * model's promise (bulletin.h): every string is valid UTF-8 free of
 * control characters; a broken promise aborts, which the fuzzer reports.
 */
#ifndef LEX_FUZZ_COMMON_H
#define LEX_FUZZ_COMMON_H

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "bulletin.h"
#include "formats.h"
#include "utf8.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* A NUL-terminated heap copy of the input, as lex_read_file gives. */
static inline char *
fuzz_copy(const uint8_t *data, size_t size)
{
    char *s = malloc(size + 1);
    if (!s)
        abort();
    if (size)
        memcpy(s, data, size);
    s[size] = '\0';
    return s;
}

/* Aborts unless s is NULL or clean UTF-8 text without control characters. */
static inline void
fuzz_check_clean(const char *s)
{
    if (!s)
        return;
    size_t n = strlen(s), i = 0;
    while (i < n) {
        unsigned cp;
        size_t k = lex_utf8_decode(s + i, n - i, &cp);
        if (k == 0 || lex_utf8_is_control(cp))
            abort();
        i += k;
    }
}

/* Aborts when a parsed bulletin breaks the model's promises. */
static inline void
fuzz_check_bulletin(const lex_bulletin_t *b)
{
    fuzz_check_clean(b->title);
    for (size_t i = 0; i < b->n_items; i++) {
        const lex_item_t *it = &b->items[i];
        if (!it->headline || !it->body || !it->section)
            abort();
        fuzz_check_clean(it->headline);
        fuzz_check_clean(it->body);
        fuzz_check_clean(it->section);
        fuzz_check_clean(it->title);
        fuzz_check_clean(it->message_id);
        if (it->message_id && strchr(it->message_id, ' '))
            abort(); /* ids are one word: "MESSAGE-ID#N" */
        for (size_t u = 0; u < it->n_urls; u++)
            fuzz_check_clean(it->urls[u]);
        if (it->date.month < 0 || it->date.month > 12 || it->date.day < 0 ||
            it->date.day > 31)
            abort();
    }
}

/* Aborts when an error message holds a control character or no text. */
static inline void
fuzz_check_message(const char *msg)
{
    if (!msg[0])
        abort();
    for (const unsigned char *p = (const unsigned char *)msg; *p; p++)
        if (*p < 0x20 || *p == 0x7F)
            abort();
}

/*
 * Parses one input as a whole file called name, through the dispatcher
 * lexindex uses (its extension picks the parser), and checks the
 * outcome: a bulletin that keeps the model's promises, or a one-line
 * error.  The body of every file-parser harness.
 */
static inline int
fuzz_parse_as(const char *name, const uint8_t *data, size_t size)
{
    char *text = fuzz_copy(data, size);
    lex_bulletin_t *b = NULL;
    lex_err_t err;
    if (lex_parse_any(name, text, size, NULL, &b, &err) == LEX_OK) {
        fuzz_check_bulletin(b);
        lex_bulletin_free(b);
    } else {
        fuzz_check_message(err.msg);
    }
    free(text);
    return 0;
}

#endif
