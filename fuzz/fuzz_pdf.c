/* fuzz_pdf.c - the PDF reader on any bytes, then the whole pipeline on what it
 * read (outline, the built-in rules, the gcc emitter).  libFuzzer entry point;
 * fuzz/replay.c replays files. */
#include "fuzz_reader.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
extern const fz_reader fz_reader_pdf;

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    return S_fuzz_reader(&fz_reader_pdf, "fuzz.pdf", data, size);
}
