/*
 * holdport: a TCP listener for attack tests. It binds 127.0.0.1:PORT
 * (0: any free port), prints "holdport listening on PORT", then accepts
 * every connection, appends "accept" to the log file given, and holds the
 * connection open without ever answering (an upstream that hangs). It
 * serves until killed. With "close" as a third argument it closes each
 * connection at once instead (a port that is open, and refuses to talk).
 * A test tool, not part of the installed product.
 *
 *	holdport PORT LOGFILE [close]
 */

#include "config.h"

#include <sys/socket.h>

#include <netinet/in.h>
#include <arpa/inet.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "util/util.h"

#define HOLDPORT_MAX_HELD	1024	/* connections kept open */

int
main(int argc, char **argv)
{
	struct sockaddr_in	 sin;
	socklen_t		 len = sizeof sin;
	const char		*errstr;
	FILE			*log;
	int			 s, c, one = 1, held = 0;
	long long		 port;

	if (argc != 3 && (argc != 4 || strcmp(argv[3], "close") != 0)) {
		fprintf(stderr, "usage: holdport PORT LOGFILE [close]\n");
		return (2);
	}
	port = strtonum(argv[1], 0, 65535, &errstr);
	if (errstr != NULL) {
		fprintf(stderr, "holdport: port %s is %s\n", argv[1], errstr);
		return (2);
	}
	memset(&sin, 0, sizeof sin);
	sin.sin_family = AF_INET;
	sin.sin_port = htons((unsigned short)port);
	sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if ((s = socket(AF_INET, SOCK_STREAM, 0)) == -1 ||
	    setsockopt(s, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one) != 0 ||
	    bind(s, (struct sockaddr *)&sin, sizeof sin) != 0 ||
	    listen(s, 64) != 0 ||
	    getsockname(s, (struct sockaddr *)&sin, &len) != 0) {
		perror("holdport");
		return (1);
	}
	printf("holdport listening on %d\n", ntohs(sin.sin_port));
	fflush(stdout);
	for (;;) {
		if ((c = accept(s, NULL, NULL)) == -1)
			continue;
		if ((log = fopen(argv[2], "a")) != NULL) {
			fprintf(log, "accept\n");
			fclose(log);
		}
		if (argc == 4 || ++held > HOLDPORT_MAX_HELD)
			close(c);	/* never answered, either way */
	}
}
