/* mime.c — the MIME web-archive reader (load/mime.c: MHT pages, a DOCX's
 * altChunk parts): bytes → nsl_mime_html.  Properties: it never reads or
 * writes out of bounds (ASan), and an HTML part it gives is NUL-ended and
 * no longer than the input (quoted-printable and base64 only shrink). */
#include "fuzz.h"

#include "load/mime.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *out = NULL;
	size_t n = 0;
	int r = nsl_mime_html((const char *)data, size, &out, &n);
	FUZZ_CHECK(r >= -1 && r <= 1, "result %d", r);
	if (r == 1) {
		FUZZ_CHECK(out && out[n] == 0 && n <= size, "part of %zu bytes from %zu", n, size);
		FUZZ_CHECK(strlen(out) <= n, "NUL past the end");
	}
	free(out);
	return 0;
}
