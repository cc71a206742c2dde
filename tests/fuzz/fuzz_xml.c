/*
 * fuzz_xml.c - fuzz target for the parser of XML bulletins (the lexsearch
 * format, validated by its schema).
 *
 * Any bytes must give either a bulletin that keeps the model's promises
 * or an error with a one-line message; never a crash, hang or leak.
 */
#include "fuzz_common.h"

/* Parses one input as a whole xml file and checks the outcome. */
int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    return fuzz_parse_as("fuzz.xml", data, size);
}
