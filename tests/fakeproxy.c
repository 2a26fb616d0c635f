/*
 * fakeproxy: a module proxy for tests. It serves static GOPROXY trees
 * (shared/fixtures/goproxy-*, or trees a test builds) over HTTP on
 * 127.0.0.1 with libmicrohttpd, and injects faults on request, drawn from
 * a seeded generator so a run can be repeated:
 *
 *	--latency MS		add MS milliseconds to every answer
 *	--fail-rate P		answer 500, 503 or 429 to a fraction P
 *	--truncate-rate P	cut a fraction P of bodies short, then close
 *	--drop-rate P		close a fraction P of connections unanswered
 *	--slow-rate P		trickle a fraction P of bodies slowly
 *	--seed N		seed of the generator
 *	--root DIR		a tree to serve (repeatable; first match wins)
 *	--port N		port (0, the default, picks a free one)
 *	--log FILE		append "METHOD PATH STATUS" lines for each request
 *	--deny PREFIX		answer 403 to paths starting with PREFIX
 *				(repeatable), as a proxy that refuses a module
 *	--delay PREFIX=MS	answer paths starting with PREFIX MS
 *				milliseconds late (repeatable), as a proxy
 *				whose answer needs its origin
 *	--ranges MODE		HTTP Range requests (RFC 9110): "single"
 *				(the default, as proxy.golang.org: one range
 *				is a 206, several the whole body), "multi"
 *				(several ranges are one multipart/byteranges
 *				206) or "none" (always the whole body)
 *	--tls CERT KEY		serve HTTPS with the PEM certificate chain
 *				CERT and its key KEY (libmicrohttpd's GnuTLS);
 *				the log then counts each new connection as a
 *				"CONNECT" line
 *
 * The log's lines are "METHOD PATH STATUS BYTES RANGE": BYTES of body
 * sent, RANGE the Range header asked ("-" for none), so that a test can
 * count the requests and bytes a read cost.
 *
 * Missing files are 404 with a body saying so, as proxies answer. It
 * prints "fakeproxy listening on http://127.0.0.1:PORT" (https with --tls)
 * when ready and
 * serves until killed. A test tool, not part of the installed product.
 */

#include "config.h"

#include <sys/socket.h>
#include <sys/stat.h>

#include <netinet/in.h>
#include <arpa/inet.h>

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <microhttpd.h>

#include "util/util.h"

#define FAKEPROXY_MAX_ROOTS	16
#define FAKEPROXY_SLOW_CHUNK	256		/* bytes per slow write */
#define FAKEPROXY_SLOW_DELAY	20		/* ms between slow writes */

struct fakeproxy {
	const char	*roots[FAKEPROXY_MAX_ROOTS];
	int		 nroots;
	const char	*deny[FAKEPROXY_MAX_ROOTS];
	int		 ndeny;
	char		*delay[FAKEPROXY_MAX_ROOTS];	/* PREFIX */
	int		 delay_ms[FAKEPROXY_MAX_ROOTS];
	int		 ndelay;
	int		 latency_ms;
	double		 fail_rate;
	double		 truncate_rate;
	double		 drop_rate;
	double		 slow_rate;
	uint64_t	 rng;
	pthread_mutex_t	 lock;		/* rng and log */
	FILE		*log;
	int		 ranges;	/* 0 none, 1 single, 2 multi */
	char		*tls_cert;	/* PEM, with --tls */
	char		*tls_key;
};

#define FAKEPROXY_MAX_RANGES	64
#define FAKEPROXY_BOUNDARY	"fakeproxy-byteranges-7d1c"

/* One satisfiable byte range, [first, last]. */
struct fakeproxy_range {
	size_t	first, last;
};

/* A file's body, served by callback: whole, truncated or trickled. It
 * is logged when libmicrohttpd lets it go, with the bytes it handed to
 * the connection (a client that hangs up early is seen as such). */
struct fakeproxy_body {
	char	*data;
	size_t	 len;
	size_t	 stop;		/* bytes to send before failing */
	int	 slow;
	size_t	 sent;
	char	*line;		/* "METHOD PATH STATUS" */
	char	*range;		/* the Range asked, or "-" */
};

static struct fakeproxy	fp;

/* A uniform number in [0, 1) from the seeded generator (xorshift64*). */
static double
fakeproxy_random(void)
{
	uint64_t	x;

	pthread_mutex_lock(&fp.lock);
	x = fp.rng;
	x ^= x >> 12;
	x ^= x << 25;
	x ^= x >> 27;
	fp.rng = x;
	pthread_mutex_unlock(&fp.lock);
	return ((x * 2685821657736338717ULL >> 11) * (1.0 / 9007199254740992.0));
}

/* Sleep for ms milliseconds. */
static void
fakeproxy_sleep(int ms)
{
	struct timespec	ts;

	ts.tv_sec = ms / 1000;
	ts.tv_nsec = (long)(ms % 1000) * 1000000L;
	while (nanosleep(&ts, &ts) == -1 && errno == EINTR)
		;
}

/* Append a request to the log. */
static void
fakeproxy_log(struct MHD_Connection *c, const char *method,
    const char *url, int status, size_t bytes)
{
	const char	*range;

	if (fp.log == NULL)
		return;
	range = MHD_lookup_connection_value(c, MHD_HEADER_KIND,
	    MHD_HTTP_HEADER_RANGE);
	pthread_mutex_lock(&fp.lock);
	fprintf(fp.log, "%s %s %d %zu %s\n", method, url, status, bytes,
	    range != NULL && *range != '\0' ? range : "-");
	fflush(fp.log);
	pthread_mutex_unlock(&fp.lock);
}

/* Read a file below one of the roots; NULL if absent. Paths with ".."
 * elements or NUL bytes are refused. */
static char *
fakeproxy_read(const char *url, size_t *len)
{
	struct stat	 st;
	char		*path, *data;
	int		 i, fd;
	ssize_t		 n;

	if (url[0] != '/' || strstr(url, "/..") != NULL ||
	    strstr(url, "//") != NULL)
		return (NULL);
	for (i = 0; i < fp.nroots; i++) {
		xasprintf(&path, "%s%s", fp.roots[i], url);
		fd = open(path, O_RDONLY);
		free(path);
		if (fd == -1)
			continue;
		if (fstat(fd, &st) == -1 || !S_ISREG(st.st_mode)) {
			close(fd);
			continue;
		}
		data = xmalloc(st.st_size + 1);
		n = read(fd, data, st.st_size);
		close(fd);
		if (n != st.st_size) {
			free(data);
			return (NULL);
		}
		*len = n;
		return (data);
	}
	return (NULL);
}

/* Content reader of a file's body. */
static ssize_t
fakeproxy_reader(void *cls, uint64_t pos, char *buf, size_t max)
{
	struct fakeproxy_body	*b = cls;
	size_t			 n;

	if (pos >= b->stop)
		return (b->stop < b->len ? MHD_CONTENT_READER_END_WITH_ERROR :
		    MHD_CONTENT_READER_END_OF_STREAM);
	n = b->stop - pos;
	if (n > max)
		n = max;
	if (b->slow) {
		if (n > FAKEPROXY_SLOW_CHUNK)
			n = FAKEPROXY_SLOW_CHUNK;
		fakeproxy_sleep(FAKEPROXY_SLOW_DELAY);
	}
	memcpy(buf, b->data + pos, n);
	if (pos + n > b->sent)
		b->sent = pos + n;
	return (n);
}

/* Log and free a file's body. */
static void
fakeproxy_free_body(void *cls)
{
	struct fakeproxy_body	*b = cls;

	if (fp.log != NULL) {
		pthread_mutex_lock(&fp.lock);
		fprintf(fp.log, "%s %zu %s\n", b->line, b->sent, b->range);
		fflush(fp.log);
		pthread_mutex_unlock(&fp.lock);
	}
	free(b->line);
	free(b->range);
	free(b->data);
	free(b);
}

/* A response serving data (taken) as a logged body. */
static struct MHD_Response *
fakeproxy_body_response(struct MHD_Connection *c, const char *method,
    const char *url, int status, char *data, size_t len, size_t stop,
    int slow)
{
	struct fakeproxy_body	*b;
	const char		*range;

	range = MHD_lookup_connection_value(c, MHD_HEADER_KIND,
	    MHD_HTTP_HEADER_RANGE);
	b = xcalloc(1, sizeof *b);
	b->data = data;
	b->len = len;
	b->stop = stop;
	b->slow = slow;
	xasprintf(&b->line, "%s %s %d", method, url, status);
	b->range = xstrdup(range != NULL && *range != '\0' ? range : "-");
	return (MHD_create_response_from_callback(len, 64 * 1024,
	    fakeproxy_reader, b, fakeproxy_free_body));
}

/* Queue a plain text answer. */
static enum MHD_Result
fakeproxy_text(struct MHD_Connection *c, unsigned int status,
    const char *text)
{
	struct MHD_Response	*r;
	enum MHD_Result		 ret;

	r = MHD_create_response_from_buffer(strlen(text), (void *)text,
	    MHD_RESPMEM_MUST_COPY);
	MHD_add_response_header(r, "Content-Type", "text/plain; charset=utf-8");
	ret = MHD_queue_response(c, status, r);
	MHD_destroy_response(r);
	return (ret);
}

/*
 * Parse a Range header of a body of len bytes into at most max ranges:
 * their number, 0 when none is satisfiable, or -1 when the header is
 * not one this server reads (then the whole body is the answer, as RFC
 * 9110 lets a server do).
 */
static int
fakeproxy_parse_range(const char *h, size_t len, struct fakeproxy_range *v,
    int max)
{
	const char		*p;
	char			*end;
	unsigned long long	 a, b;
	int			 n = 0;

	if (strncmp(h, "bytes=", 6) != 0)
		return (-1);
	for (p = h + 6; *p != '\0'; ) {
		while (*p == ' ' || *p == ',')
			p++;
		if (*p == '\0')
			break;
		if (n == max)
			return (-1);
		if (*p == '-') {		/* the last b bytes */
			b = strtoull(p + 1, &end, 10);
			if (end == p + 1 || b == 0)
				return (-1);
			if (len > 0) {
				v[n].first = b >= len ? 0 : len - b;
				v[n++].last = len - 1;
			}
		} else {
			a = strtoull(p, &end, 10);
			if (end == p || *end != '-')
				return (-1);
			p = end + 1;
			b = strtoull(p, &end, 10);
			if (end == p)
				b = ULLONG_MAX;	/* "a-": to the end */
			else if (b < a)
				return (-1);
			if (a < len) {
				v[n].first = a;
				v[n++].last = b >= len ? len - 1 : b;
			}
		}
		p = end;
		if (*p != '\0' && *p != ',' && *p != ' ')
			return (-1);
	}
	return (n);
}

/* Answer a Range request for a file's bytes (data, len; freed here). */
static enum MHD_Result
fakeproxy_ranged(struct MHD_Connection *c, const char *method,
    const char *url, const char *header, char *data, size_t len)
{
	struct fakeproxy_range	 v[FAKEPROXY_MAX_RANGES];
	struct MHD_Response	*r;
	struct buf		 body;
	enum MHD_Result		 ret;
	char			 cr[96];
	int			 n, k;

	n = fakeproxy_parse_range(header, len, v, nitems(v));
	if (n < 0 || (n > 1 && fp.ranges == 1)) {
		/* Not read, or several where only one is served: the whole
		 * body, as proxy.golang.org answers several ranges. */
		r = fakeproxy_body_response(c, method, url, 200, data, len,
		    len, 0);
		ret = MHD_queue_response(c, 200, r);
		MHD_destroy_response(r);
		return (ret);
	}
	if (n == 0) {
		free(data);
		snprintf(cr, sizeof cr, "bytes */%zu", len);
		r = MHD_create_response_from_buffer(0, (void *)"",
		    MHD_RESPMEM_PERSISTENT);
		MHD_add_response_header(r, "Content-Range", cr);
		fakeproxy_log(c, method, url, 416, 0);
		ret = MHD_queue_response(c, 416, r);
		MHD_destroy_response(r);
		return (ret);
	}
	buf_init(&body, 0);
	if (n == 1) {
		buf_add(&body, data + v[0].first, v[0].last - v[0].first + 1);
		snprintf(cr, sizeof cr, "bytes %zu-%zu/%zu", v[0].first,
		    v[0].last, len);
	} else {
		for (k = 0; k < n; k++) {
			buf_printf(&body, "\r\n--%s\r\nContent-Type: "
			    "application/zip\r\nContent-Range: bytes "
			    "%zu-%zu/%zu\r\n\r\n", FAKEPROXY_BOUNDARY,
			    v[k].first, v[k].last, len);
			buf_add(&body, data + v[k].first,
			    v[k].last - v[k].first + 1);
		}
		buf_printf(&body, "\r\n--%s--\r\n", FAKEPROXY_BOUNDARY);
	}
	free(data);
	len = body.len;
	r = fakeproxy_body_response(c, method, url, 206, buf_steal(&body), len,
	    len, 0);
	if (n == 1)
		MHD_add_response_header(r, "Content-Range", cr);
	else
		MHD_add_response_header(r, "Content-Type", "multipart/"
		    "byteranges; boundary=" FAKEPROXY_BOUNDARY);
	ret = MHD_queue_response(c, 206, r);
	MHD_destroy_response(r);
	return (ret);
}

/* Answer one request. */
static enum MHD_Result
fakeproxy_handler(void *cls, struct MHD_Connection *c, const char *url,
    const char *method, const char *version, const char *upload,
    size_t *upload_size, void **req_cls)
{
	static const unsigned int	 fails[] = { 500, 503, 429 };
	struct MHD_Response		*r;
	enum MHD_Result			 ret;
	const char			*range;
	char				*data, *msg;
	size_t				 len;
	double				 x;
	int				 i, slow;

	if (*req_cls == NULL) {		/* headers only so far */
		*req_cls = (void *)1;
		return (MHD_YES);
	}
	if (strcmp(method, "GET") != 0 && strcmp(method, "HEAD") != 0) {
		fakeproxy_log(c, method, url, 405, 0);
		return (fakeproxy_text(c, 405, "method not allowed\n"));
	}
	if (fp.latency_ms > 0)
		fakeproxy_sleep(fp.latency_ms);
	for (i = 0; i < fp.ndelay; i++)
		if (strncmp(url, fp.delay[i], strlen(fp.delay[i])) == 0)
			fakeproxy_sleep(fp.delay_ms[i]);
	x = fakeproxy_random();
	if (x < fp.drop_rate) {
		fakeproxy_log(c, method, url, 0, 0);
		return (MHD_NO);	/* close without an answer */
	}
	x -= fp.drop_rate;
	if (x < fp.fail_rate) {
		len = (size_t)(fakeproxy_random() * nitems(fails));
		fakeproxy_log(c, method, url, fails[len], 0);
		return (fakeproxy_text(c, fails[len], "injected failure\n"));
	}
	x -= fp.fail_rate;
	for (i = 0; i < fp.ndeny; i++) {
		if (strncmp(url, fp.deny[i], strlen(fp.deny[i])) == 0) {
			fakeproxy_log(c, method, url, 403, 0);
			return (fakeproxy_text(c, 403, "forbidden\n"));
		}
	}
	if ((data = fakeproxy_read(url, &len)) == NULL) {
		fakeproxy_log(c, method, url, 404, 0);
		xasprintf(&msg, "not found: %s\n", url + 1);
		ret = fakeproxy_text(c, 404, msg);
		free(msg);
		return (ret);
	}
	if ((x < fp.truncate_rate && len > 0) ||
	    (x >= fp.truncate_rate && x < fp.truncate_rate + fp.slow_rate)) {
		slow = x >= fp.truncate_rate;
		/* A cut body is logged as 206, a slow one as 200. */
		r = fakeproxy_body_response(c, method, url, slow ? 200 : 206,
		    data, len, slow ? len : len / 2, slow);
	} else if (fp.ranges > 0 && (range = MHD_lookup_connection_value(c,
	    MHD_HEADER_KIND, MHD_HTTP_HEADER_RANGE)) != NULL)
		return (fakeproxy_ranged(c, method, url, range, data, len));
	else
		r = fakeproxy_body_response(c, method, url, 200, data, len, len,
		    0);
	ret = MHD_queue_response(c, 200, r);
	MHD_destroy_response(r);
	return (ret);
}

/* A whole PEM file, NUL-terminated, as libmicrohttpd takes it. */
static char *
fakeproxy_pem(const char *path)
{
	struct buf	 b;
	char		 chunk[4096];
	ssize_t		 n;
	int		 fd;

	if ((fd = open(path, O_RDONLY)) == -1)
		fatal("%s", path);
	buf_init(&b, 1 << 20);
	while ((n = read(fd, chunk, sizeof chunk)) > 0)
		buf_add(&b, chunk, (size_t)n);
	if (n == -1)
		fatal("%s", path);
	close(fd);
	buf_add(&b, "", 1);
	return (b.data);
}

/* Each new connection, logged: a test counts the TLS handshakes. */
static void
fakeproxy_connected(void *cls, struct MHD_Connection *c, void **socket_ctx,
    enum MHD_ConnectionNotificationCode code)
{
	(void)cls;
	(void)c;
	(void)socket_ctx;
	if (code != MHD_CONNECTION_NOTIFY_STARTED || fp.log == NULL)
		return;
	pthread_mutex_lock(&fp.lock);
	fprintf(fp.log, "CONNECT - 0 0 -\n");
	fflush(fp.log);
	pthread_mutex_unlock(&fp.lock);
}

/* Parse a rate in [0, 1]. */
static double
fakeproxy_rate(const char *s)
{
	char	*end;
	double	 d;

	d = strtod(s, &end);
	if (*end != '\0' || d < 0 || d > 1)
		fatalx("bad rate %s (want 0..1)", s);
	return (d);
}

int
main(int argc, char **argv)
{
	struct MHD_Daemon		*d;
	const union MHD_DaemonInfo	*info;
	struct sockaddr_in		 sin;
	const char			*errstr;
	sigset_t			 set;
	int				 i, port = 0, sig;

	memset(&fp, 0, sizeof fp);
	pthread_mutex_init(&fp.lock, NULL);
	fp.rng = 88172645463325252ULL;
	fp.ranges = 1;
	for (i = 1; i < argc; i++) {
		if (i + 1 >= argc)
			fatalx("option %s needs a value", argv[i]);
		if (strcmp(argv[i], "--root") == 0) {
			if (fp.nroots == FAKEPROXY_MAX_ROOTS)
				fatalx("too many roots");
			fp.roots[fp.nroots++] = argv[++i];
		} else if (strcmp(argv[i], "--deny") == 0) {
			if (fp.ndeny == FAKEPROXY_MAX_ROOTS)
				fatalx("too many --deny");
			fp.deny[fp.ndeny++] = argv[++i];
		} else if (strcmp(argv[i], "--delay") == 0) {
			char	*eq;

			if (fp.ndelay == FAKEPROXY_MAX_ROOTS ||
			    (eq = strrchr(argv[++i], '=')) == NULL)
				fatalx("--delay PREFIX=MS");
			fp.delay[fp.ndelay] = xstrndup(argv[i],
			    (size_t)(eq - argv[i]));
			fp.delay_ms[fp.ndelay++] = strtonum(eq + 1, 0, 600000,
			    &errstr);
			if (errstr != NULL)
				fatalx("delay %s", errstr);
		} else if (strcmp(argv[i], "--port") == 0) {
			port = strtonum(argv[++i], 0, 65535, &errstr);
			if (errstr != NULL)
				fatalx("port %s", errstr);
		} else if (strcmp(argv[i], "--latency") == 0) {
			fp.latency_ms = strtonum(argv[++i], 0, 600000, &errstr);
			if (errstr != NULL)
				fatalx("latency %s", errstr);
		} else if (strcmp(argv[i], "--seed") == 0) {
			fp.rng = (uint64_t)strtonum(argv[++i], 1, LLONG_MAX,
			    &errstr);
			if (errstr != NULL)
				fatalx("seed %s", errstr);
		} else if (strcmp(argv[i], "--fail-rate") == 0)
			fp.fail_rate = fakeproxy_rate(argv[++i]);
		else if (strcmp(argv[i], "--truncate-rate") == 0)
			fp.truncate_rate = fakeproxy_rate(argv[++i]);
		else if (strcmp(argv[i], "--drop-rate") == 0)
			fp.drop_rate = fakeproxy_rate(argv[++i]);
		else if (strcmp(argv[i], "--slow-rate") == 0)
			fp.slow_rate = fakeproxy_rate(argv[++i]);
		else if (strcmp(argv[i], "--log") == 0) {
			if ((fp.log = fopen(argv[++i], "a")) == NULL)
				fatal("%s", argv[i]);
		} else if (strcmp(argv[i], "--tls") == 0) {
			if (i + 2 >= argc)
				fatalx("--tls CERT KEY");
			fp.tls_cert = fakeproxy_pem(argv[++i]);
			fp.tls_key = fakeproxy_pem(argv[++i]);
		} else if (strcmp(argv[i], "--ranges") == 0) {
			i++;
			if (strcmp(argv[i], "none") == 0)
				fp.ranges = 0;
			else if (strcmp(argv[i], "single") == 0)
				fp.ranges = 1;
			else if (strcmp(argv[i], "multi") == 0)
				fp.ranges = 2;
			else
				fatalx("--ranges: none, single or multi");
		} else
			fatalx("unknown option %s", argv[i]);
	}
	if (fp.nroots == 0)
		fatalx("usage: fakeproxy --root DIR [options]");
	/* Block the signals before any thread starts, and wait for them. */
	sigemptyset(&set);
	sigaddset(&set, SIGINT);
	sigaddset(&set, SIGTERM);
	pthread_sigmask(SIG_BLOCK, &set, NULL);
	memset(&sin, 0, sizeof sin);
	sin.sin_family = AF_INET;
	sin.sin_port = htons(port);
	sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if (fp.tls_cert != NULL)
		d = MHD_start_daemon(MHD_USE_THREAD_PER_CONNECTION |
		    MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_ERROR_LOG |
		    MHD_USE_TLS, 0, NULL, NULL, fakeproxy_handler, NULL,
		    MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&sin,
		    MHD_OPTION_CONNECTION_TIMEOUT, (unsigned int)120,
		    MHD_OPTION_HTTPS_MEM_CERT, fp.tls_cert,
		    MHD_OPTION_HTTPS_MEM_KEY, fp.tls_key,
		    MHD_OPTION_NOTIFY_CONNECTION, fakeproxy_connected, NULL,
		    MHD_OPTION_END);
	else
		d = MHD_start_daemon(MHD_USE_THREAD_PER_CONNECTION |
		    MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_ERROR_LOG, 0,
		    NULL, NULL, fakeproxy_handler, NULL,
		    MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&sin,
		    MHD_OPTION_CONNECTION_TIMEOUT, (unsigned int)120,
		    MHD_OPTION_END);
	if (d == NULL)
		fatalx("cannot listen on 127.0.0.1:%d", port);
	info = MHD_get_daemon_info(d, MHD_DAEMON_INFO_BIND_PORT);
	printf("fakeproxy listening on %s://127.0.0.1:%u\n",
	    fp.tls_cert != NULL ? "https" : "http", (unsigned)info->port);
	fflush(stdout);
	sigwait(&set, &sig);
	MHD_stop_daemon(d);
	return (0);
}
