/*
 * floor: the least a client of modvetd can do, as the benchmarks' floor.
 * It posts a file to a route over the Unix socket with one write, reads
 * the whole answer, and exits 0 when the status is 200. No libraries, no
 * parsing: what "modvet check" costs above this is the client's own.
 * With ROUTE "-", FILE is a whole request, head and body (one that
 * bench/relay.py saw modvet send), written as it is.
 *
 *	floor SOCKET ROUTE FILE
 */

#include "config.h"

#include <sys/socket.h>
#include <sys/un.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define FLOOR_MAX_BODY	(4 << 20)	/* bytes of the file */

int
main(int argc, char **argv)
{
	struct sockaddr_un	 sun;
	static char		 body[FLOOR_MAX_BODY], buf[65536];
	char			 head[512];
	FILE			*fp;
	size_t			 len;
	ssize_t			 n;
	int			 s, hl, ok = 0, first = 1;

	if (argc != 4) {
		fprintf(stderr, "usage: floor SOCKET ROUTE FILE\n");
		return (2);
	}
	if ((fp = fopen(argv[3], "rb")) == NULL) {
		perror(argv[3]);
		return (2);
	}
	len = fread(body, 1, sizeof body, fp);
	fclose(fp);
	memset(&sun, 0, sizeof sun);
	sun.sun_family = AF_UNIX;
	if (strlen(argv[1]) >= sizeof sun.sun_path)
		return (2);
	strcpy(sun.sun_path, argv[1]);
	if ((s = socket(AF_UNIX, SOCK_STREAM, 0)) == -1 ||
	    connect(s, (struct sockaddr *)&sun, sizeof sun) != 0) {
		perror("floor: connect");
		return (1);
	}
	if (strcmp(argv[2], "-") == 0)
		hl = 0;
	else
		hl = snprintf(head, sizeof head, "POST %s HTTP/1.1\r\n"
		    "Host: m\r\nContent-Length: %zu\r\n"
		    "Connection: close\r\n\r\n", argv[2], len);
	if ((hl > 0 && write(s, head, (size_t)hl) != hl) ||
	    write(s, body, len) != (ssize_t)len)
		return (1);
	while ((n = read(s, buf, sizeof buf)) > 0) {
		if (first && n >= 12 && memcmp(buf + 9, "200", 3) == 0)
			ok = 1;
		first = 0;
	}
	close(s);
	return (ok ? 0 : 1);
}
