/*
 * fuzz_feed.c - fuzz target for the parser of RSS and Atom feeds (the XML
 * parser, seeded with feeds).
 *
 * Any bytes must give either a bulletin that keeps the model's promises
 * or an error with a one-line message; never a crash, hang or leak.
 */
#include "fuzz_common.h"

/* Parses one input as a whole rss file and checks the outcome. */
int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    return fuzz_parse_as("fuzz.rss", data, size);
}
