/*
 * The request-head judge (daemon/head.c): which bytes make a whole head,
 * which wait for more, and what each malformed one is told (status and
 * code). The grammar is RFC 9112's (2.2 empty lines before the request
 * line, 3 the request line, 5 field lines and obs-fold, 6.3 the body's
 * length, 7.1 chunks).
 */

#include "config.h"

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "daemon/head.h"

#define MAX_BODY	(1 << 20)

struct vector {
	const char		*what;
	const char		*bytes;
	enum head_verdict	 want;
	int			 status;	/* for HEAD_REFUSE */
	const char		*code;
};

static const struct vector vectors[] = {
	{ "a GET", "GET /v1/health HTTP/1.1\r\nHost: m\r\n\r\n", HEAD_OK,
	    0, NULL },
	{ "HTTP/1.0, no fields", "GET / HTTP/1.0\r\n\r\n", HEAD_OK, 0, NULL },
	{ "bare LF line ends", "GET / HTTP/1.1\nHost: m\n\n", HEAD_OK, 0,
	    NULL },
	{ "an empty line before the request line",
	    "\r\nGET / HTTP/1.1\r\nHost: m\r\n\r\n", HEAD_OK, 0, NULL },
	{ "a POST with its body behind",
	    "POST /v1/check HTTP/1.1\r\nContent-Length: 9\r\n\r\nmodule m\n",
	    HEAD_OK, 0, NULL },
	{ "a value with obs-text and a tab",
	    "GET / HTTP/1.1\r\nX-A: caf\xc3\xa9\tbar\r\n\r\n", HEAD_OK, 0,
	    NULL },
	{ "Content-Length with whitespace around it",
	    "POST / HTTP/1.1\r\nContent-Length:  0 \r\n\r\n", HEAD_OK, 0,
	    NULL },
	{ "chunked, first chunk whole",
	    "POST / HTTP/1.1\r\nTransfer-Encoding: Chunked\r\n\r\n"
	    "9;ext=1\r\nmodule m\n\r\n0\r\n\r\n", HEAD_OK, 0, NULL },
	{ "chunked, first chunk's data still coming",
	    "POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n10\r\nab",
	    HEAD_OK, 0, NULL },

	{ "nothing yet", "", HEAD_MORE, 0, NULL },
	{ "half a request line", "GET /v1/he", HEAD_MORE, 0, NULL },
	{ "no empty line yet", "GET / HTTP/1.1\r\nHost: m\r\n", HEAD_MORE, 0,
	    NULL },
	{ "chunked, no size line yet",
	    "POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n",
	    HEAD_MORE, 0, NULL },
	{ "chunked, waiting for 100 Continue before its chunks",
	    "POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n"
	    "Expect: 100-continue\r\n\r\n", HEAD_OK, 0, NULL },
	{ "chunked, half a size line",
	    "POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n1f",
	    HEAD_MORE, 0, NULL },

	{ "no version", "GET /v1/health\r\n\r\n", HEAD_REFUSE, 400,
	    "bad-request-line" },
	{ "two spaces", "GET  / HTTP/1.1\r\n\r\n", HEAD_REFUSE, 400,
	    "bad-request-line" },
	{ "a method that is no token", "G(T / HTTP/1.1\r\n\r\n", HEAD_REFUSE,
	    400, "bad-request-line" },
	{ "a control byte in the target", "GET /a\x01 HTTP/1.1\r\n\r\n",
	    HEAD_REFUSE, 400, "bad-request-line" },
	{ "binary garbage", "\x7f\x03garbage\r\n\r\n", HEAD_REFUSE,
	    400, "bad-request-line" },
	{ "a TLS hello, with no line end", "\x16\x03\x01\x02", HEAD_REFUSE,
	    400, "bad-request-line" },
	{ "a method, then a control byte", "GET\x01", HEAD_REFUSE, 400,
	    "bad-request-line" },
	{ "a bare CR in the request line", "GET /\r HTTP/1.1\r\n\r\n",
	    HEAD_REFUSE, 400, "bad-request-line" },
	{ "HTTP/2.0", "GET / HTTP/2.0\r\n\r\n", HEAD_REFUSE, 505,
	    "http-version" },
	{ "HTTP/1.2", "GET / HTTP/1.2\r\n\r\n", HEAD_REFUSE, 505,
	    "http-version" },
	{ "a field with no colon", "GET / HTTP/1.1\r\nno colon\r\n\r\n",
	    HEAD_REFUSE, 400, "bad-header" },
	{ "whitespace before the colon", "GET / HTTP/1.1\r\nHost : m\r\n\r\n",
	    HEAD_REFUSE, 400, "bad-header" },
	{ "obs-fold", "GET / HTTP/1.1\r\nX-A: a\r\n b\r\n\r\n", HEAD_REFUSE,
	    400, "bad-header" },
	{ "Content-Length: abc", "POST / HTTP/1.1\r\nContent-Length: abc\r\n"
	    "\r\n", HEAD_REFUSE, 400, "bad-length" },
	{ "Content-Length: -5", "POST / HTTP/1.1\r\nContent-Length: -5\r\n"
	    "\r\n", HEAD_REFUSE, 400, "bad-length" },
	{ "Content-Length of 2^64", "POST / HTTP/1.1\r\nContent-Length: "
	    "18446744073709551616\r\n\r\n", HEAD_REFUSE, 400, "bad-length" },
	{ "Transfer-Encoding: gzip", "POST / HTTP/1.1\r\nTransfer-Encoding: "
	    "gzip\r\n\r\n", HEAD_REFUSE, 501, "transfer-coding" },
	{ "Transfer-Encoding: gzip, chunked", "POST / HTTP/1.1\r\n"
	    "Transfer-Encoding: gzip, chunked\r\n\r\n", HEAD_REFUSE, 501,
	    "transfer-coding" },
	{ "a chunk size that is not hex", "POST / HTTP/1.1\r\n"
	    "Transfer-Encoding: chunked\r\n\r\nzz\r\nmodule m\r\n0\r\n\r\n",
	    HEAD_REFUSE, 400, "bad-chunk" },
	{ "a chunk size of 2^64", "POST / HTTP/1.1\r\n"
	    "Transfer-Encoding: chunked\r\n\r\n10000000000000000\r\nx\r\n",
	    HEAD_REFUSE, 413, "body-too-large" },
	{ "a chunk over max-body", "POST / HTTP/1.1\r\n"
	    "Transfer-Encoding: chunked\r\n\r\n100001\r\nx", HEAD_REFUSE, 413,
	    "body-too-large" },
	{ "chunk data not followed by CR LF", "POST / HTTP/1.1\r\n"
	    "Transfer-Encoding: chunked\r\n\r\n2\r\nabc\r\n0\r\n\r\n",
	    HEAD_REFUSE, 400, "bad-chunk" },
};

static void
test_head_vectors(void **state)
{
	struct head_refusal	 why;
	enum head_verdict	 got;
	size_t			 i, len;
	int			 bad = 0;

	(void)state;
	for (i = 0; i < sizeof vectors / sizeof vectors[0]; i++) {
		const struct vector	*v = &vectors[i];

		len = strlen(v->bytes);
		memset(&why, 0, sizeof why);
		got = head_judge(v->bytes, len, MAX_BODY, &why);
		if (got != v->want || (got == HEAD_REFUSE &&
		    (why.status != v->status || strcmp(why.code, v->code) != 0 ||
		    why.message[0] == '\0'))) {
			fprintf(stderr, "%s: got verdict %d (%d %s: %s), want "
			    "%d (%d %s)\n", v->what, got, why.status,
			    why.code != NULL ? why.code : "-", why.message,
			    v->want, v->status, v->code != NULL ? v->code : "-");
			bad++;
		}
	}
	assert_int_equal(bad, 0);
}

/* A NUL inside a value (a C string would end there). */
static void
test_head_nul(void **state)
{
	static const char	 nul[] = "GET / HTTP/1.1\r\nX-A: a\0b\r\n\r\n";
	struct head_refusal	 why;

	(void)state;
	assert_int_equal(head_judge(nul, sizeof nul - 1, MAX_BODY, &why),
	    HEAD_REFUSE);
	assert_int_equal(why.status, 400);
	assert_string_equal(why.code, "bad-header");
}

/* The limits: a request line over HEAD_MAX_LINE is 414, a head over
 * HEAD_MAX or with more than HEAD_MAX_FIELDS fields is 431, and a head
 * just under each passes. */
static void
test_head_limits(void **state)
{
	struct head_refusal	 why;
	char			*b;
	size_t			 n, i;

	(void)state;
	b = malloc(HEAD_MAX * 2);
	assert_non_null(b);

	n = (size_t)snprintf(b, HEAD_MAX, "GET /");
	memset(b + n, 'a', HEAD_MAX_LINE);
	n += HEAD_MAX_LINE;
	assert_int_equal(head_judge(b, n, MAX_BODY, &why), HEAD_REFUSE);
	assert_int_equal(why.status, 414);
	n += (size_t)sprintf(b + n, " HTTP/1.1\r\n\r\n");
	assert_int_equal(head_judge(b, n, MAX_BODY, &why), HEAD_REFUSE);
	assert_int_equal(why.status, 414);

	n = (size_t)sprintf(b, "GET / HTTP/1.1\r\nX-Big: ");
	memset(b + n, 'a', HEAD_MAX - n - 4);
	n = HEAD_MAX - 4;
	memcpy(b + n, "\r\n\r\n", 4);
	assert_int_equal(head_judge(b, HEAD_MAX, MAX_BODY, &why), HEAD_OK);
	memmove(b + n + 1, b + n, 4);	/* one byte over */
	b[n] = 'a';
	assert_int_equal(head_judge(b, HEAD_MAX + 1, MAX_BODY, &why),
	    HEAD_REFUSE);
	assert_int_equal(why.status, 431);
	assert_int_equal(head_judge(b, HEAD_MAX - 100, MAX_BODY, &why),
	    HEAD_MORE);

	n = (size_t)sprintf(b, "GET / HTTP/1.1\r\n");
	for (i = 0; i < HEAD_MAX_FIELDS; i++)
		n += (size_t)sprintf(b + n, "X-%zu: v\r\n", i);
	n += (size_t)sprintf(b + n, "\r\n");
	assert_int_equal(head_judge(b, n, MAX_BODY, &why), HEAD_OK);
	n = (size_t)sprintf(b, "GET / HTTP/1.1\r\n");
	for (i = 0; i <= HEAD_MAX_FIELDS; i++)
		n += (size_t)sprintf(b + n, "X-%zu: v\r\n", i);
	n += (size_t)sprintf(b + n, "\r\n");
	assert_int_equal(head_judge(b, n, MAX_BODY, &why), HEAD_REFUSE);
	assert_int_equal(why.status, 431);
	free(b);
}

int
main(void)
{
	const struct CMUnitTest	tests[] = {
		cmocka_unit_test(test_head_vectors),
		cmocka_unit_test(test_head_nul),
		cmocka_unit_test(test_head_limits),
	};

	return (cmocka_run_group_tests(tests, NULL, NULL));
}
