/*
 * slowclient: slowloris for load tests. It opens N connections to
 * 127.0.0.1:PORT, sends the start of a request on each, then one more
 * header line on each every few seconds, never finishing, for SECONDS;
 * connections the server closes are opened again. It prints
 * "slowclient holding N" once all are open, and at the end how many it
 * opened in all. A test tool, not part of the installed product.
 *
 *	slowclient PORT N SECONDS
 */

#include "config.h"

#include <sys/socket.h>

#include <netinet/in.h>
#include <arpa/inet.h>

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "util/util.h"

#define SLOW_MAX	4096		/* connections */
#define SLOW_EVERY	3		/* seconds between header lines */

/* Open one connection and send the start of a request; -1 on failure. */
static int
slow_open(unsigned short port)
{
	struct sockaddr_in	sin;
	const char		*start = "GET /v1/health HTTP/1.1\r\nHost: x\r\n";
	int			s;

	memset(&sin, 0, sizeof sin);
	sin.sin_family = AF_INET;
	sin.sin_port = htons(port);
	sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if ((s = socket(AF_INET, SOCK_STREAM, 0)) == -1)
		return (-1);
	if (connect(s, (struct sockaddr *)&sin, sizeof sin) != 0 ||
	    write(s, start, strlen(start)) < 0) {
		close(s);
		return (-1);
	}
	return (s);
}

int
main(int argc, char **argv)
{
	static int	 fds[SLOW_MAX];
	const char	*errstr;
	long long	 port, n, secs, i, opened = 0;
	time_t		 end;

	if (argc != 4) {
		fprintf(stderr, "usage: slowclient PORT N SECONDS\n");
		return (2);
	}
	port = strtonum(argv[1], 1, 65535, &errstr);
	n = errstr == NULL ? strtonum(argv[2], 1, SLOW_MAX, &errstr) : 0;
	secs = errstr == NULL ? strtonum(argv[3], 1, 3600, &errstr) : 0;
	if (errstr != NULL) {
		fprintf(stderr, "slowclient: %s\n", errstr);
		return (2);
	}
	signal(SIGPIPE, SIG_IGN);
	for (i = 0; i < n; i++)
		opened += (fds[i] = slow_open((unsigned short)port)) != -1;
	printf("slowclient holding %lld\n", opened);
	fflush(stdout);
	for (end = time(NULL) + secs; time(NULL) < end; ) {
		sleep(SLOW_EVERY);
		for (i = 0; i < n; i++) {
			if (fds[i] != -1 && write(fds[i], "X-a: b\r\n", 8) > 0)
				continue;
			if (fds[i] != -1)
				close(fds[i]);
			if ((fds[i] = slow_open((unsigned short)port)) != -1)
				opened++;
		}
	}
	printf("slowclient opened %lld connections in all\n", opened);
	return (0);
}
