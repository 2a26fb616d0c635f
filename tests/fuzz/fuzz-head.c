/*
 * libFuzzer target for the request-head judge (daemon/head.c), which
 * reads the first bytes every client sends, before any token is checked.
 * Whatever the bytes: no crash, no read past them, and a refusal always
 * has a 4xx or 5xx status, a code and a message. A head judged whole
 * stays whole when more bytes follow it (the gate hands it over at the
 * first verdict, so a later one must not contradict it), unless the
 * bytes that follow are a chunked body's, which are judged too.
 */

#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "daemon/head.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

/* Whether word (lower case) is in the bytes, in any case. */
static int
has_word(const char *b, size_t n, const char *word)
{
	size_t	i, k, w = strlen(word);

	for (i = 0; i + w <= n; i++) {
		for (k = 0; k < w && (b[i + k] | 0x20) == word[k]; k++)
			;
		if (k == w)
			return (1);
	}
	return (0);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct head_refusal	 why;
	enum head_verdict	 v;
	char			*copy, *more;

	/* An exact-size copy, so that ASan sees any read past the end. */
	copy = malloc(size > 0 ? size : 1);
	if (copy == NULL)
		return (0);
	memcpy(copy, data, size);
	memset(&why, 0, sizeof why);
	v = head_judge(copy, size, 1 << 20, &why);
	if (v == HEAD_REFUSE && (why.status < 400 || why.status > 599 ||
	    why.code == NULL || why.message[0] == '\0'))
		abort();
	if (v == HEAD_OK && !has_word(copy, size, "chunked")) {
		more = malloc(size + 7);
		if (more == NULL)
			abort();
		memcpy(more, copy, size);
		memcpy(more + size, "GET / H", 7);
		if (head_judge(more, size + 7, 1 << 20, &why) != HEAD_OK)
			abort();
		free(more);
	}
	free(copy);
	return (0);
}
