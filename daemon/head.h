/*
 * The request-head judge (head.c): is a connection's first request head
 * whole and well formed? libmicrohttpd would answer a bad one in HTML;
 * the gate (gate.c) answers it in JSON. No I/O, no other part of the
 * daemon: the fuzz target and the unit test link it alone.
 */

#ifndef MODVET_DAEMON_HEAD_H
#define MODVET_DAEMON_HEAD_H

#include <stddef.h>

#define HEAD_MAX_LINE	8192	/* bytes of the request line (414) */
#define HEAD_MAX	16384	/* bytes of the whole head (431) */
#define HEAD_MAX_FIELDS	100	/* header fields (431) */
#define HEAD_MAX_CHUNK_LINE 1024 /* bytes of a chunk's size line (400) */

enum head_verdict {
	HEAD_MORE,		/* not whole yet */
	HEAD_OK,
	HEAD_REFUSE		/* answer *why and close */
};

struct head_refusal {
	int		 status;
	const char	*code;
	char		 message[200];
};

/* Judge the bytes a connection has sent so far (buf, len; a chunked
 * body's sizes must stay within max_body). */
enum head_verdict head_judge(const char *, size_t, size_t,
		    struct head_refusal *);

#endif
