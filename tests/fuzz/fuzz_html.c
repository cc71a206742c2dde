/*
 * fuzz_html.c - fuzz target for the parser of HTML pages.
 *
 * Any bytes must give either a bulletin that keeps the model's promises
 * or an error with a one-line message; never a crash, hang or leak.
 */
#include "fuzz_common.h"
#include "parse_html.h"

/* Parses one input as a whole file and checks the outcome. */
int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *text = fuzz_copy(data, size);
    lex_bulletin_t *b = NULL;
    lex_err_t err;
    if (lex_parse_html("fuzz.html", text, size, &b, &err) == LEX_OK) {
        fuzz_check_bulletin(b);
        lex_bulletin_free(b);
    } else {
        fuzz_check_message(err.msg);
    }
    free(text);
    return 0;
}
