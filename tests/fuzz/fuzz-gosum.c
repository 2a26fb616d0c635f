/*
 * libFuzzer target for the go.sum reader and writer: no crash, no leak,
 * and what modvet writes reads back to the same text.
 */

#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "util/util.h"
#include "gomod/gomod.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct modfile_errors	 errs;
	struct gosum		 s, t;
	char			*a, *b;

	gosum_init(&s);
	modfile_errors_init(&errs, "go.sum");
	gosum_parse((const char *)data, size, &s, &errs);
	a = gosum_format(&s);
	modfile_errors_free(&errs);
	gosum_init(&t);
	modfile_errors_init(&errs, "go.sum");
	if (gosum_parse(a, strlen(a), &t, &errs) != 0)
		abort();	/* modvet wrote a line it cannot read */
	b = gosum_format(&t);
	if (strcmp(a, b) != 0)
		abort();
	free(a);
	free(b);
	gosum_free(&s);
	gosum_free(&t);
	modfile_errors_free(&errs);
	return (0);
}
