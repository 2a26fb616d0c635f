/*
 * HTTP fetching with libcurl's multi interface.
 *
 * Design: fetch_run takes a batch of requests and keeps up to max_inflight
 * of them on the wire at once, on one multi handle whose connection cache
 * gives keep-alive and, where the server offers it, HTTP/2 multiplexing.
 * Every request ends in one of four classes: OK, MV_ENOTFOUND (404 or 410:
 * the server says the object does not exist), MV_EUNAVAIL (timeouts,
 * resets, truncated bodies, 5xx, 429: worth retrying, never proof of
 * anything) and -1 (refusals such as 401/403, oversized bodies). Only the
 * transient class is retried, after a jittered exponential backoff.
 *
 * Threads: a struct fetch, and so its multi handle, belongs to one thread
 * at a time. CURLcode and HTTP details never leave this file except as
 * words in the request's error text.
 */

#include "config.h"

#include <errno.h>
#include <inttypes.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include <curl/curl.h>

#include "util/util.h"
#include "proxyapi/fetch-trust.h"
#include "proxyapi/proxyapi.h"

#define FETCH_BODY_EXCERPT	200	/* bytes of an error body kept */

/* Requests asked ahead that a batch may take (fetch_ahead): a check asks
 * for a few per requirement and per module version of its go.sum; past
 * the bound, a request is asked when its batch comes. */
#define FETCH_MAX_AHEAD		2048

/* Connections to one host once it has answered over HTTP/2: a server
 * takes 100 streams or so on each, so a few carry a whole round. Without
 * a bound, libcurl opens a new connection (and TLS handshake) for every
 * request past the streams of those it has: 256 in a cold check of the
 * seed program against proxy.golang.org, 87 against nginx with 8 streams
 * a connection. Over HTTPS the bound holds from the first request, until
 * an answer says which HTTP it is: before any connection is up, PIPEWAIT
 * alone did not keep libcurl from opening one for each of a first round's
 * requests (157 to 256 TLS handshakes in a cold check of a Pulumi SDK's
 * go.mod, a third of the check's CPU). An HTTP/1.1 answer lifts it: there
 * requests waiting for a connection under it would be let go one per
 * finished transfer (a connection a request), four at a time. Cleartext
 * is HTTP/1.1 and never bounded. */
#define FETCH_H2_CONNECTIONS	4

struct fetch {
	struct fetch_opts	 opts;
	CURLM			*multi;
	struct fetch_trust	*trust;		/* its HTTPS trust anchors */
	int			 tls_bounded;	/* bounded until the first
						   HTTPS answer says which
						   HTTP it speaks */
	int			 multiplexed;	/* HTTP/2 seen: connections
						   bounded */
	struct fetch_req	**ahead;	/* asked ahead, not yet taken */
	size_t			  nahead;
	struct strmap		  ahead_by_url;	/* of them, by URL */
	size_t			  ahead_running; /* of them on the wire */
	size_t			  ahead_waiting; /* not started yet */
};

static void	fetch_ahead_free(struct fetch *, struct fetch_req *);

static pthread_once_t	fetch_once = PTHREAD_ONCE_INIT;
static int		fetch_aborting;	/* set once, never cleared */

/* Initialise libcurl once per process. */
static void
fetch_global_init(void)
{
	if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK)
		fatalx("curl_global_init failed");
	fetch_trust_init();
}

/* The defaults (unbound's config_create: all in one place, with units). */
void
fetch_opts_default(struct fetch_opts *o)
{
	memset(o, 0, sizeof *o);
	o->max_inflight = 256;			/* requests on the wire: a
						   cold graph is ~2,000 of
						   them, ~13 levels deep */
	o->connect_timeout_ms = 10 * 1000;	/* 10s */
	o->timeout_ms = 120 * 1000;		/* 2min, whole transfer */
	o->low_speed_time_s = 30;		/* 30s below 1 byte/s */
	o->max_attempts = 4;			/* first try + 3 retries */
	o->backoff_ms = 250;			/* doubled per retry, +-50% */
	o->user_agent = "modvet/" PACKAGE_VERSION;
}

/* A fetcher; its multi handle is owned by the caller's thread. */
struct fetch *
fetch_create(const struct fetch_opts *opts)
{
	struct fetch	*f;

	pthread_once(&fetch_once, fetch_global_init);
	f = xcalloc(1, sizeof *f);
	f->opts = *opts;
	if (f->opts.max_inflight < 1)
		f->opts.max_inflight = 1;
	if ((f->multi = curl_multi_init()) == NULL)
		fatalx("curl_multi_init failed");
	f->trust = fetch_trust_new();
	strmap_init(&f->ahead_by_url);
	curl_multi_setopt(f->multi, CURLMOPT_PIPELINING, CURLPIPE_MULTIPLEX);
	curl_multi_setopt(f->multi, CURLMOPT_MAX_TOTAL_CONNECTIONS,
	    (long)f->opts.max_inflight);
	return (f);
}

/* Free a fetcher. */
void
fetch_free(struct fetch *f)
{
	if (f == NULL)
		return;
	fetch_forget_ahead(f);
	free(f->ahead);
	strmap_free(&f->ahead_by_url);
	curl_multi_cleanup(f->multi);
	fetch_trust_free(f->trust);
	free(f);
}

/* Prepare a request for url, keeping at most max bytes of body. */
void
fetch_req_init(struct fetch_req *r, const char *url, size_t max)
{
	memset(r, 0, sizeof *r);
	r->url = xstrdup(url);
	r->max_bytes = max;
	r->sink_fd = -1;
	buf_init(&r->body, max);
}

/* Reset a request's results (it may be run again). */
static void
fetch_req_reset(struct fetch_req *r)
{
	buf_free(&r->body);
	buf_init(&r->body, r->max_bytes);
	free(r->error);
	r->error = NULL;
	free(r->content_type);
	free(r->content_range);
	r->content_type = r->content_range = NULL;
	r->range_refused = 0;
	r->status = MV_EUNAVAIL;
	r->http_code = 0;
	r->attempts = 0;
	r->sink_bytes = 0;
	r->retry_at = 0;
	r->state = FETCH_PENDING;
}

/* Free a request's memory. */
void
fetch_req_free(struct fetch_req *r)
{
	buf_free(&r->body);
	free(r->error);
	free(r->url);
	free(r->content_type);
	free(r->content_range);
	r->error = r->url = r->content_type = r->content_range = NULL;
}

/* Header callback: keep the Content-Type and Content-Range of the last
 * answer (a redirect's are forgotten at its successor's status line). */
static size_t
fetch_header_cb(char *data, size_t size, size_t nmemb, void *arg)
{
	struct fetch_req	*r = arg;
	size_t			 n = size * nmemb, len;
	char			**slot = NULL;
	const char		*v;

	if (n >= 5 && strncmp(data, "HTTP/", 5) == 0) {
		free(r->content_type);
		free(r->content_range);
		r->content_type = r->content_range = NULL;
	} else if (n > 13 && strncasecmp(data, "Content-Type:", 13) == 0)
		slot = &r->content_type;
	else if (n > 14 && strncasecmp(data, "Content-Range:", 14) == 0)
		slot = &r->content_range;
	if (slot != NULL) {
		v = (const char *)memchr(data, ':', n) + 1;
		len = n - (size_t)(v - data);
		while (len > 0 && (*v == ' ' || *v == '\t'))
			v++, len--;
		while (len > 0 && (v[len - 1] == '\r' || v[len - 1] == '\n' ||
		    v[len - 1] == ' '))
			len--;
		free(*slot);
		*slot = xstrndup(v, len);
	}
	return (n);
}

/* Body callback: append under the cap (or to the sink file). */
static size_t
fetch_write_cb(char *data, size_t size, size_t nmemb, void *arg)
{
	struct fetch_req	*r = arg;
	size_t			 n = size * nmemb;
	ssize_t			 w;
	size_t			 done;
	long			 code = 0;

	/* A server that ignores Range sends the whole body: it is cut
	 * here, before it costs a transfer the caller did not want. */
	if (r->range != NULL && r->easy != NULL &&
	    curl_easy_getinfo(r->easy, CURLINFO_RESPONSE_CODE, &code) ==
	    CURLE_OK && code == 200) {
		r->range_refused = 1;
		return (0);
	}
	if (r->sink_fd < 0)
		return (buf_add(&r->body, data, n) == 0 ? n : 0);
	if (r->sink_bytes + n > r->max_bytes)
		return (0);
	for (done = 0; done < n; done += w) {
		if ((w = write(r->sink_fd, data + done, n - done)) <= 0) {
			if (w == -1 && errno == EINTR) {
				w = 0;
				continue;
			}
			return (0);
		}
	}
	r->sink_bytes += n;
	return (n);
}

/* A short, printable excerpt of an error body. */
static char *
fetch_excerpt(const struct buf *b)
{
	char	*s;
	size_t	 n = b->len < FETCH_BODY_EXCERPT ? b->len : FETCH_BODY_EXCERPT;
	size_t	 i;

	s = xmemdup(b->data != NULL ? b->data : "", n);
	for (i = 0; i < n; i++) {
		if (s[i] == '\n' || s[i] == '\r' || s[i] == '\t')
			s[i] = ' ';
		else if ((unsigned char)s[i] < 0x20 || s[i] == 0x7f)
			s[i] = '?';
	}
	while (n > 0 && s[n - 1] == ' ')
		s[--n] = '\0';
	return (s);
}

/* Cut every transfer short from now on. */
void
fetch_abort_all(void)
{
	__atomic_store_n(&fetch_aborting, 1, __ATOMIC_SEQ_CST);
}

/* Is the process stopping? */
static int
fetch_aborted(void)
{
	return (__atomic_load_n(&fetch_aborting, __ATOMIC_SEQ_CST));
}

/* curl's progress callback: non-zero ends the transfer. */
static int
fetch_progress_cb(void *arg, curl_off_t dltotal, curl_off_t dlnow,
    curl_off_t ultotal, curl_off_t ulnow)
{
	return (fetch_aborted());
}

/* End a request without a transfer (it could not be started, or the
 * process is stopping): a transient failure, never proof of anything. */
static void
fetch_fail(struct fetch_req *r, const char *why)
{
	free(r->error);
	xasprintf(&r->error, "GET %s: %s", r->url, why);
	r->status = MV_EUNAVAIL;
	r->state = FETCH_DONE;
}

/* Start one attempt of a request; -1 when curl cannot. */
static int
fetch_start(struct fetch *f, struct fetch_req *r)
{
	CURL	*e;
	char	*why = NULL;

	/* A name that did not resolve a moment ago is not asked again. */
	if (unresolved_check(r->url, &why)) {
		fetch_fail(r, why);
		free(why);
		return (-1);
	}
	if ((e = curl_easy_init()) == NULL) {
		fetch_fail(r, "curl_easy_init failed");
		return (-1);
	}
	if (r->sink_fd >= 0) {
		if (ftruncate(r->sink_fd, 0) == -1 ||
		    lseek(r->sink_fd, 0, SEEK_SET) == -1)
			log_warn("fetch: rewinding the sink of %s", r->url);
		r->sink_bytes = 0;
	}
	buf_reset(&r->body);
	curl_easy_setopt(e, CURLOPT_URL, r->url);
	curl_easy_setopt(e, CURLOPT_PRIVATE, r);
	curl_easy_setopt(e, CURLOPT_WRITEFUNCTION, fetch_write_cb);
	curl_easy_setopt(e, CURLOPT_WRITEDATA, r);
	curl_easy_setopt(e, CURLOPT_FOLLOWLOCATION, 1L);
	curl_easy_setopt(e, CURLOPT_MAXREDIRS, 10L);
	curl_easy_setopt(e, CURLOPT_PROTOCOLS_STR, "http,https");
	curl_easy_setopt(e, CURLOPT_REDIR_PROTOCOLS_STR, "http,https");
	curl_easy_setopt(e, CURLOPT_CONNECTTIMEOUT_MS,
	    f->opts.connect_timeout_ms);
	curl_easy_setopt(e, CURLOPT_TIMEOUT_MS, f->opts.timeout_ms);
	curl_easy_setopt(e, CURLOPT_LOW_SPEED_LIMIT, 1L);
	curl_easy_setopt(e, CURLOPT_LOW_SPEED_TIME, f->opts.low_speed_time_s);
	curl_easy_setopt(e, CURLOPT_HTTP_VERSION, CURL_HTTP_VERSION_2TLS);
	/* Over TLS, wait for the handshake to say whether the connection
	 * multiplexes (HTTP/2) rather than open another. Cleartext is
	 * HTTP/1.1: waiting there held every request behind the first
	 * one's answer (a slow 404 asked ahead held up a whole round). */
	if (strncmp(r->url, "https://", 8) == 0) {
		curl_easy_setopt(e, CURLOPT_PIPEWAIT, 1L);
		if (!f->multiplexed && !f->tls_bounded) {
			f->tls_bounded = 1;
			curl_multi_setopt(f->multi,
			    CURLMOPT_MAX_HOST_CONNECTIONS,
			    (long)FETCH_H2_CONNECTIONS);
		}
	}
	curl_easy_setopt(e, CURLOPT_NOSIGNAL, 1L);
	/* Ranges are of the bytes as stored, never of an encoding. */
	if (r->range == NULL)
		curl_easy_setopt(e, CURLOPT_ACCEPT_ENCODING, "");
	else
		curl_easy_setopt(e, CURLOPT_RANGE, r->range);
	curl_easy_setopt(e, CURLOPT_HEADERFUNCTION, fetch_header_cb);
	curl_easy_setopt(e, CURLOPT_HEADERDATA, r);
	curl_easy_setopt(e, CURLOPT_USERAGENT, f->opts.user_agent);
	if (f->opts.netrc_file != NULL) {
		curl_easy_setopt(e, CURLOPT_NETRC, (long)CURL_NETRC_OPTIONAL);
		curl_easy_setopt(e, CURLOPT_NETRC_FILE, f->opts.netrc_file);
	}
	fetch_trust_use(f->trust, e);
	if (r->insecure) {
		curl_easy_setopt(e, CURLOPT_SSL_VERIFYPEER, 0L);
		curl_easy_setopt(e, CURLOPT_SSL_VERIFYHOST, 0L);
	}
	curl_easy_setopt(e, CURLOPT_NOPROGRESS, 0L);
	curl_easy_setopt(e, CURLOPT_XFERINFOFUNCTION, fetch_progress_cb);
	r->attempts++;
	if (curl_multi_add_handle(f->multi, e) != CURLM_OK) {
		curl_easy_cleanup(e);
		fetch_fail(r, "curl_multi_add_handle failed");
		return (-1);
	}
	r->easy = e;
	return (0);
}

/* Is a transport error worth another attempt? */
static int
fetch_transient(CURLcode rc)
{
	switch (rc) {
	case CURLE_COULDNT_RESOLVE_HOST:
	case CURLE_COULDNT_RESOLVE_PROXY:
	case CURLE_COULDNT_CONNECT:
	case CURLE_OPERATION_TIMEDOUT:
	case CURLE_PARTIAL_FILE:
	case CURLE_GOT_NOTHING:
	case CURLE_SEND_ERROR:
	case CURLE_RECV_ERROR:
	case CURLE_HTTP2:
	case CURLE_HTTP2_STREAM:
	case CURLE_SSL_CONNECT_ERROR:
	case CURLE_BAD_CONTENT_ENCODING:
	case CURLE_ABORTED_BY_CALLBACK:
		return (1);
	default:
		return (0);
	}
}

/* Classify a finished attempt into the request. Returns 1 when it should
 * be tried again. */
static int
fetch_classify(struct fetch *f, struct fetch_req *r, CURLcode rc)
{
	char	*ex;

	free(r->error);
	r->error = NULL;
	if (rc != CURLE_OK) {
		if (rc == CURLE_WRITE_ERROR && r->range_refused) {
			r->status = -1;
			xasprintf(&r->error, "GET %s: the whole body answered "
			    "to Range: %s", r->url, r->range);
			return (0);
		}
		if (rc == CURLE_WRITE_ERROR) {
			r->status = -1;
			xasprintf(&r->error, "GET %s: response larger than %zu "
			    "bytes", r->url, r->max_bytes);
			return (0);
		}
		r->status = fetch_transient(rc) ? MV_EUNAVAIL : -1;
		xasprintf(&r->error, "GET %s: %s", r->url, curl_easy_strerror(rc));
		if (rc == CURLE_COULDNT_RESOLVE_HOST) {
			/* The resolver has tried already: the name is not
			 * asked again for a while, this request included. */
			unresolved_note(r->url, curl_easy_strerror(rc));
			return (0);
		}
		return (r->status == MV_EUNAVAIL);
	}
	if (r->http_code >= 200 && r->http_code < 300) {
		r->status = 0;
		return (0);
	}
	ex = fetch_excerpt(&r->body);
	xasprintf(&r->error, "GET %s: %ld%s%s", r->url, r->http_code,
	    *ex != '\0' ? ": " : "", ex);
	free(ex);
	if (r->http_code == 404 || r->http_code == 410)
		r->status = MV_ENOTFOUND;
	else if (r->http_code == 429 || r->http_code >= 500)
		r->status = MV_EUNAVAIL;
	else
		r->status = -1;
	return (r->status == MV_EUNAVAIL);
}

/* When to try again: backoff * 2^(attempt-1), jittered by +-50%. */
static uint64_t
fetch_backoff(const struct fetch *f, const struct fetch_req *r)
{
	uint64_t	base = f->opts.backoff_ms, jitter;
	int		i;

	for (i = 1; i < r->attempts && base < 60000; i++)
		base *= 2;
	jitter = base > 0 ? arc4random_uniform((uint32_t)base + 1) : 0;
	return (util_now_ms() + base / 2 + jitter);
}

/* At log level debug, each answer: when it was asked (ms of the
 * process's clock), how long it took, and what came back; an operator
 * sees a check's rounds of requests in the log. */
static void
fetch_log_answer(CURL *e, const struct fetch_req *r)
{
	curl_off_t	total_us = 0;
	uint64_t	now = util_now_ms();

	curl_easy_getinfo(e, CURLINFO_TOTAL_TIME_T, &total_us);
	log_debug("fetch: asked at %" PRIu64 " ms, %.1f ms: %s: HTTP %ld, "
	    "%zu bytes%s%s", now - (uint64_t)(total_us / 1000),
	    (double)total_us / 1000, r->url, r->http_code, r->body.len,
	    r->error != NULL ? ": " : "", r->error != NULL ? r->error : "");
}

/* Handle the transfers curl reports finished. */
static void
fetch_reap(struct fetch *f, size_t *inflight)
{
	struct fetch_req	*r;
	CURLMsg			*m;
	long			 version;
	int			 left, again;

	while ((m = curl_multi_info_read(f->multi, &left)) != NULL) {
		if (m->msg != CURLMSG_DONE)
			continue;
		curl_easy_getinfo(m->easy_handle, CURLINFO_PRIVATE, (char **)&r);
		curl_easy_getinfo(m->easy_handle, CURLINFO_RESPONSE_CODE,
		    &r->http_code);
		if (!f->multiplexed && r->http_code > 0 &&
		    curl_easy_getinfo(m->easy_handle, CURLINFO_HTTP_VERSION,
		    &version) == CURLE_OK) {
			if (version == CURL_HTTP_VERSION_2_0) {
				f->multiplexed = 1;
				curl_multi_setopt(f->multi,
				    CURLMOPT_MAX_HOST_CONNECTIONS,
				    (long)FETCH_H2_CONNECTIONS);
			} else if (f->tls_bounded == 1 &&
			    strncmp(r->url, "https://", 8) == 0) {
				/* HTTPS over HTTP/1.1: a connection a
				 * request, as many as max_inflight. */
				f->tls_bounded = 2;
				curl_multi_setopt(f->multi,
				    CURLMOPT_MAX_HOST_CONNECTIONS, 0L);
			}
		}
		again = fetch_classify(f, r, m->data.result);
		if (log_enabled(LOG_LEVEL_DEBUG))
			fetch_log_answer(m->easy_handle, r);
		curl_multi_remove_handle(f->multi, m->easy_handle);
		curl_easy_cleanup(m->easy_handle);
		r->easy = NULL;
		r->retryable = again;
		if (r->ahead) {
			/* Not retried here: the batch that takes it asks
			 * again itself (fetch_take_ahead). */
			r->state = FETCH_DONE;
			f->ahead_running--;
			continue;
		}
		(*inflight)--;
		if (again && r->attempts < f->opts.max_attempts &&
		    !fetch_aborted()) {
			r->retry_at = fetch_backoff(f, r);
			r->state = FETCH_PENDING;
			continue;
		}
		r->state = FETCH_DONE;
	}
}

/* Start the pending requests that are due, up to the in-flight limit;
 * returns when the next retry is due (UINT64_MAX: none waiting). */
static uint64_t
fetch_start_due(struct fetch *f, struct fetch_req **reqs, size_t n,
    size_t *inflight)
{
	uint64_t	now = util_now_ms(), wake = UINT64_MAX;
	size_t		i;

	for (i = 0; i < n; i++) {
		if (reqs[i]->state != FETCH_PENDING)
			continue;
		if (reqs[i]->retry_at > now) {
			if (reqs[i]->retry_at < wake)
				wake = reqs[i]->retry_at;
			continue;
		}
		if (*inflight >= (size_t)f->opts.max_inflight)
			break;
		if (fetch_start(f, reqs[i]) != 0)
			continue;
		reqs[i]->state = FETCH_RUNNING;
		(*inflight)++;
	}
	return (wake);
}

/* End every request of the batch that has not ended, removing what is on
 * the wire: curl's multi handle failed, or the process is stopping. */
static void
fetch_fail_all(struct fetch *f, struct fetch_req **reqs, size_t n,
    const char *why)
{
	size_t	i;

	for (i = 0; i < n; i++) {
		if (reqs[i]->state == FETCH_DONE)
			continue;
		if (reqs[i]->adopted != NULL) {
			fetch_ahead_free(f, reqs[i]->adopted);
			reqs[i]->adopted = NULL;
		}
		if (reqs[i]->easy != NULL) {
			curl_multi_remove_handle(f->multi, reqs[i]->easy);
			curl_easy_cleanup(reqs[i]->easy);
			reqs[i]->easy = NULL;
		}
		fetch_fail(reqs[i], why);
	}
}

/* Count the requests that have ended. */
static size_t
fetch_count_done(struct fetch_req **reqs, size_t n)
{
	size_t	i, done = 0;

	for (i = 0; i < n; i++)
		done += reqs[i]->state == FETCH_DONE;
	return (done);
}

/* Stop a request asked ahead (if still on the wire) and free it. */
static void
fetch_ahead_free(struct fetch *f, struct fetch_req *r)
{
	if (r->easy != NULL) {
		curl_multi_remove_handle(f->multi, r->easy);
		curl_easy_cleanup(r->easy);
		r->easy = NULL;
		f->ahead_running--;
	} else if (r->state == FETCH_PENDING)
		f->ahead_waiting--;
	fetch_req_free(r);
	free(r);
}

/* Take the request at index i off the list of those asked ahead (it is
 * the caller's then); the last one takes its place. */
static struct fetch_req *
fetch_ahead_take(struct fetch *f, size_t i)
{
	struct fetch_req	*r = f->ahead[i];

	strmap_remove(&f->ahead_by_url, r->url);
	if (i != --f->nahead) {
		f->ahead[i] = f->ahead[f->nahead];
		f->ahead[i]->ahead_at = i;
	}
	return (r);
}

/*
 * Start requests asked ahead, up to room of them (SIZE_MAX: all). Over
 * HTTP/1.1 (a connection a request, max_inflight connections in all) a
 * request asked ahead is started only where a batch's request would not
 * wait for its connection: asked ahead first, 229 next majors' 404s took
 * as many connections from a check's first round, which then needed five
 * round trips instead of three. Over HTTP/2 (or HTTPS not yet known to
 * be HTTP/1.1), streams are plenty and all start at once.
 */
static void
fetch_start_ahead(struct fetch *f, size_t room)
{
	struct fetch_req	*r;
	size_t			 i = 0;

	while (f->ahead_waiting > 0 && room > 0 && i < f->nahead) {
		r = f->ahead[i];
		if (r->state != FETCH_PENDING) {
			i++;
			continue;
		}
		f->ahead_waiting--;
		if (fetch_start(f, r) != 0) {
			/* Not asked: a batch asks for itself. */
			fetch_ahead_take(f, i);
			fetch_req_free(r);
			free(r);
			continue;
		}
		r->state = FETCH_RUNNING;
		f->ahead_running++;
		if (room != SIZE_MAX)
			room--;
		i++;
	}
}

/* Room on the wire for requests asked ahead, besides a batch's inflight
 * (fetch_start_ahead). */
static size_t
fetch_ahead_room(const struct fetch *f, size_t inflight)
{
	size_t	used = inflight + f->ahead_running;

	/* Multiplexed, or over HTTPS not yet known not to be: the
	 * connections are bounded, and libcurl lets a batch's requests,
	 * added first, take the streams first. */
	if (f->multiplexed || f->tls_bounded == 1)
		return (SIZE_MAX);
	return (used < (size_t)f->opts.max_inflight ?
	    (size_t)f->opts.max_inflight - used : 0);
}

void
fetch_ahead(struct fetch *f, const char *url, size_t max)
{
	struct fetch_req	*r;

	if (fetch_aborted() || f->nahead == FETCH_MAX_AHEAD ||
	    strmap_get(&f->ahead_by_url, url, NULL) != NULL)
		return;
	r = xmalloc(sizeof *r);
	fetch_req_init(r, url, max);
	fetch_req_reset(r);		/* FETCH_PENDING */
	r->ahead = 1;
	if (f->ahead == NULL)
		f->ahead = xcalloc(FETCH_MAX_AHEAD, sizeof *f->ahead);
	r->ahead_at = f->nahead;
	f->ahead[f->nahead++] = r;
	strmap_set(&f->ahead_by_url, r->url, r);
	f->ahead_waiting++;
	/* Started by the next batch (fetch_run), after its own requests
	 * unless the upstream multiplexes. */
}

void
fetch_forget_ahead(struct fetch *f)
{
	while (f->nahead > 0)
		fetch_ahead_free(f, fetch_ahead_take(f, f->nahead - 1));
}

/* Give a batch's request the request asked ahead for its URL, if any: a
 * plain GET into memory only (no Range, no file, no GOINSECURE). */
static void
fetch_adopt(struct fetch *f, struct fetch_req *r)
{
	struct fetch_req	*a;

	if (r->range != NULL || r->sink_fd >= 0 || r->insecure ||
	    (a = strmap_get(&f->ahead_by_url, r->url, NULL)) == NULL ||
	    a->max_bytes != r->max_bytes)
		return;
	fetch_ahead_take(f, a->ahead_at);
	if (a->state == FETCH_PENDING) {
		/* Never started: the batch asks for itself. */
		fetch_ahead_free(f, a);
		return;
	}
	r->adopted = a;
	r->state = FETCH_RUNNING;
}

/* Move the answers of adopted requests that have ended into their
 * batch's requests; one that ended in a fault worth another attempt is
 * asked again by the batch. The count of adopted requests still on the
 * wire. */
static size_t
fetch_take_ahead(struct fetch *f, struct fetch_req **reqs, size_t n)
{
	struct fetch_req	*a;
	size_t			 i, running = 0;

	for (i = 0; i < n; i++) {
		if ((a = reqs[i]->adopted) == NULL)
			continue;
		if (a->state != FETCH_DONE) {
			running++;
			continue;
		}
		reqs[i]->adopted = NULL;
		if (a->retryable) {
			reqs[i]->state = FETCH_PENDING;
			fetch_ahead_free(f, a);
			continue;
		}
		buf_free(&reqs[i]->body);
		reqs[i]->body = a->body;
		buf_init(&a->body, 0);
		reqs[i]->status = a->status;
		reqs[i]->http_code = a->http_code;
		reqs[i]->attempts = a->attempts;
		reqs[i]->error = a->error;
		reqs[i]->content_type = a->content_type;
		reqs[i]->content_range = a->content_range;
		a->error = a->content_type = a->content_range = NULL;
		reqs[i]->state = FETCH_DONE;
		fetch_ahead_free(f, a);
	}
	return (running);
}

/* Is a request waiting that may start now (not for a retry later)? */
static int
fetch_any_due(struct fetch_req **reqs, size_t n, uint64_t now)
{
	size_t	i;

	for (i = 0; i < n; i++)
		if (reqs[i]->state == FETCH_PENDING && reqs[i]->retry_at <= now)
			return (1);
	return (0);
}

/*
 * Run a batch of requests to completion. Every request ends with a status
 * and, unless OK, an error text naming the URL and what went wrong.
 */
void
fetch_run(struct fetch *f, struct fetch_req **reqs, size_t n)
{
	size_t		 i, inflight = 0, adopted;
	uint64_t	 wake, now;
	int		 running, timeout;

	for (i = 0; i < n; i++) {
		fetch_req_reset(reqs[i]);
		if (f->nahead > 0)
			fetch_adopt(f, reqs[i]);
	}
	for (;;) {
		if (fetch_aborted()) {
			fetch_fail_all(f, reqs, n, "aborted: modvetd is stopping");
			break;
		}
		wake = fetch_start_due(f, reqs, n, &inflight);
		if (f->ahead_waiting > 0)
			fetch_start_ahead(f, fetch_ahead_room(f, inflight));
		if (curl_multi_perform(f->multi, &running) != CURLM_OK) {
			fetch_fail_all(f, reqs, n, "curl_multi_perform failed");
			break;
		}
		/* Reap before waiting: a transfer that ended inside perform
		 * has nothing left to wake the poll. */
		fetch_reap(f, &inflight);
		adopted = fetch_take_ahead(f, reqs, n);
		if (fetch_count_done(reqs, n) == n)
			break;
		now = util_now_ms();
		/* A wave that ended within one perform freed its slots:
		 * start what waits for one at once (this loop slept a whole
		 * second here when nothing was left on the wire). */
		if (inflight < (size_t)f->opts.max_inflight &&
		    fetch_any_due(reqs, n, now))
			continue;
		timeout = 1000;
		if (wake != UINT64_MAX && wake - now < 1000)
			timeout = wake > now ? (int)(wake - now) : 0;
		/* Nothing on the wire: what is left waits for its retry. */
		if (inflight + adopted > 0)
			curl_multi_poll(f->multi, NULL, 0, timeout, NULL);
		else if (timeout > 0)
			usleep((useconds_t)timeout * 1000);
	}
}
