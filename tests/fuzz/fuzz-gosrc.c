/*
 * libFuzzer target for the Go source reader (gosrc/): any bytes read to
 * the end with no crash, no leak and no hang; every token the scanner
 * gives lies inside the input and advances.
 */

#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "util/util.h"
#include "gosrc/gosrc.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct go_scanner	 s;
	struct go_token		 t;
	struct go_file		 f;
	const char		*src = (const char *)data, *last = NULL;

	go_scan_init(&s, src, size);
	for (;;) {
		go_scan(&s, &t);
		if (t.kind == GO_EOF)
			break;
		if (t.kind != GO_SEMI || *t.p != '\n') {
			if (t.p < src || t.p + t.len > src + size ||
			    (last != NULL && t.p + t.len <= last))
				abort();	/* outside, or not advancing */
			last = t.p + t.len;
		}
	}
	go_file_read(src, size, &f);
	go_file_free(&f);
	return (0);
}
