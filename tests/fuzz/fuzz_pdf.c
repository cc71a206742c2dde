/*
 * fuzz_pdf.c - fuzz target for PDF bulletins: poppler's reading of the
 * bytes, then the layout of its text layer as the plain-text layout.
 *
 * Any bytes must give either a bulletin that keeps the model's promises
 * or an error with a one-line message; never a crash, hang or leak.
 */
#include "fuzz_common.h"

/* Parses one input as a whole .pdf file and checks the outcome. */
int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    return fuzz_parse_as("fuzz.pdf", data, size);
}
