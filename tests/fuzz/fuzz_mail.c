/*
 * fuzz_mail.c - fuzz target for the MIME entry points: one message (a
 * .eml or Maildir file) and, when the input opens like one, an mbox.
 *
 * Any bytes must give either a bulletin that keeps the model's promises
 * (Subjects and Message-IDs included) or an error with a one-line
 * message; never a crash, hang or leak.
 */
#include "fuzz_common.h"

/* Parses one input as a message, and as an mbox when it opens so. */
int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fuzz_parse_as("fuzz.eml", data, size);
    if (size >= 5 && !memcmp(data, "From ", 5))
        fuzz_parse_as("fuzz.mbox", data, size);
    return 0;
}
