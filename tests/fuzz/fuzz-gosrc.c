/*
 * libFuzzer target for the Go source reader (gosrc/): any bytes read to
 * the end with no crash, no leak and no hang; every token the scanner
 * gives lies inside the input and advances; the package index of the
 * file (as a package and as a test file, for every build) reads back
 * from its text form to the same text.
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
	struct go_index		 idx, back;
	const char		*src = (const char *)data, *last = NULL;
	char			*text, *again;

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
	go_index_init(&idx);
	go_index_add(&idx, "a/x.go", src, size);
	go_index_add(&idx, "a/x_test.go", src, size);
	go_index_add(&idx, "b/x_windows.go", src, size);
	go_index_finish(&idx);
	text = go_index_encode(&idx);
	if (go_index_decode(text, &back) != 0)
		abort();
	again = go_index_encode(&back);
	if (strcmp(text, again) != 0)
		abort();
	free(again);
	free(text);
	go_index_free(&back);
	go_index_free(&idx);
	return (0);
}
