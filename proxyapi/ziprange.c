/*
 * Byte ranges of a module zip from a module proxy (RFC 9110's Range and
 * 206 Partial Content, multipart/byteranges for several ranges at once).
 * The package index reads a zip's central directory and then only the
 * entries of the packages it needs: for pulumi-aws, a few hundred KB of a
 * 10 MB zip. proxy.golang.org answers one range with a 206 and several
 * with the whole body (200); that answer is cut at its status line
 * (fetch.c) and the spans are then asked one by one, in parallel.
 */

#include "config.h"

#include <inttypes.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "util/util.h"
#include "proxyapi/proxyapi.h"

#define ZIP_RANGES_PART_SLACK	256	/* a multipart part's headers */
#define ZIP_RANGES_MAX_PARTS	64	/* ranges in one request */

/* The origins (scheme://host[:port]) that answered several ranges with
 * the whole body: asked one range at a time from then on, in every
 * thread, for the life of the process. */
static pthread_mutex_t	 single_lock = PTHREAD_MUTEX_INITIALIZER;
static struct strv	 single_origins;

static char *
origin_of(const char *url)
{
	const char	*p = strstr(url, "://");

	p = p != NULL ? p + 3 : url;
	return (xstrndup(url, (size_t)(p - url) + strcspn(p, "/")));
}

static int
origin_single(const char *url)
{
	char	*o = origin_of(url);
	size_t	 i;
	int	 found = 0;

	pthread_mutex_lock(&single_lock);
	for (i = 0; i < single_origins.n && !found; i++)
		found = strcmp(single_origins.v[i], o) == 0;
	pthread_mutex_unlock(&single_lock);
	free(o);
	return (found);
}

static void
origin_set_single(const char *url)
{
	if (origin_single(url))
		return;
	pthread_mutex_lock(&single_lock);
	if (single_origins.n < 64)	/* a few proxies, never a leak */
		strv_push_owned(&single_origins, origin_of(url));
	pthread_mutex_unlock(&single_lock);
}

/* Bytes [first, last] of the zip, somewhere in a body. */
struct piece {
	uint64_t	 first, last;
	const char	*data;
};

int
zip_ranges_open(struct proxy *px, const char *path, const char *version,
    struct zip_ranges *zr)
{
	memset(zr, 0, sizeof *zr);
	zr->multi = -1;
	if ((zr->url = proxy_zip_url(px, path, version)) == NULL)
		return (-1);
	if (origin_single(zr->url))
		zr->multi = 0;
	return (0);
}

void
zip_ranges_free(struct zip_ranges *zr)
{
	free(zr->url);
	zr->url = NULL;
}

/* "bytes FIRST-LAST/SIZE": 0, or -1 when it is not that. */
static int
parse_content_range(const char *s, uint64_t *first, uint64_t *last,
    uint64_t *size)
{
	if (s == NULL || sscanf(s, "bytes %" SCNu64 "-%" SCNu64 "/%" SCNu64,
	    first, last, size) != 3 || *last < *first || *last >= *size)
		return (-1);
	return (0);
}

/* One request's 206, counted and checked: 0, or -1 with *cause. */
static int
ranged_answer(struct zip_ranges *zr, struct fetch_req *r, char **cause)
{
	zr->requests++;
	zr->bytes += r->body.len;
	if (r->status != 0 || r->http_code != 206) {
		xasprintf(cause, "%s", r->error != NULL ? r->error :
		    "a Range request was not answered with 206");
		return (-1);
	}
	return (0);
}

/* The boundary of a multipart/byteranges Content-Type, or NULL. */
static char *
multipart_boundary(const char *ct)
{
	const char	*b;
	size_t		 n;

	if (ct == NULL || strncasecmp(ct, "multipart/byteranges", 20) != 0 ||
	    (b = strstr(ct, "boundary=")) == NULL)
		return (NULL);
	b += 9;
	if (*b == '"') {
		b++;
		n = strcspn(b, "\"");
	} else
		n = strcspn(b, "; \t");
	return (n > 0 && n < 71 ? xstrndup(b, n) : NULL);	/* RFC 2046 */
}

/* The parts of a multipart/byteranges body: their number, or -1. Each
 * part's length is its Content-Range's, never found by searching (the
 * bytes of a zip may hold the boundary). */
static int
multipart_pieces(const struct buf *body, const char *boundary,
    struct piece *v, size_t max)
{
	const char	*p = body->data, *end = body->data + body->len;
	const char	*hdr_end, *cr;
	char		*hdrs;
	size_t		 blen = strlen(boundary), n = 0;
	uint64_t	 size;

	for (;;) {
		/* CRLF (optional before the first), "--", the boundary. */
		if (end - p >= 2 && p[0] == '\r' && p[1] == '\n')
			p += 2;
		if ((size_t)(end - p) < 2 + blen || p[0] != '-' ||
		    p[1] != '-' || memcmp(p + 2, boundary, blen) != 0)
			return (-1);
		p += 2 + blen;
		if (end - p >= 2 && p[0] == '-' && p[1] == '-')
			return ((int)n);	/* the close delimiter */
		if (n == max || (hdr_end = memmem(p, (size_t)(end - p),
		    "\r\n\r\n", 4)) == NULL)
			return (-1);
		hdrs = xstrndup(p, (size_t)(hdr_end - p));
		cr = strcasestr(hdrs, "\nContent-Range:");
		if (cr == NULL || parse_content_range(cr + 15 + strspn(cr + 15,
		    " \t"), &v[n].first, &v[n].last, &size) != 0) {
			free(hdrs);
			return (-1);
		}
		free(hdrs);
		p = hdr_end + 4;
		if ((uint64_t)(end - p) < v[n].last - v[n].first + 1)
			return (-1);
		v[n].data = p;
		p += v[n].last - v[n].first + 1;
		n++;
	}
}

/* Copy each span out of the pieces that hold it: 0, or -1 when one is
 * not held. */
static int
spans_from_pieces(const struct zip_span *s, size_t n, const struct piece *v,
    size_t nv, struct buf *out)
{
	size_t	i, k;

	for (i = 0; i < n; i++) {
		for (k = 0; k < nv; k++)
			if (v[k].first <= s[i].offset && s[i].len > 0 &&
			    s[i].offset + s[i].len - 1 <= v[k].last)
				break;
		if (k == nv)
			return (-1);
		buf_reset(&out[i]);
		buf_add(&out[i], v[k].data + (s[i].offset - v[k].first),
		    s[i].len);
	}
	return (0);
}

/* Every span in one request: 0, 1 when the server will not (then the
 * spans are asked one by one), or -1 with *cause. */
static int
get_multi(struct proxy *px, struct zip_ranges *zr, const struct zip_span *s,
    size_t n, struct buf *out, char **cause)
{
	struct fetch_req	 r, *rp = &r;
	struct piece		*v;
	struct buf		 range;
	uint64_t		 total = 0, size;
	char			*boundary = NULL;
	size_t			 i;
	int			 nv, rc = -1;

	buf_init(&range, 0);
	for (i = 0; i < n; i++) {
		buf_printf(&range, "%s%" PRIu64 "-%" PRIu64, i > 0 ? "," : "",
		    s[i].offset, s[i].offset + s[i].len - 1);
		total += s[i].len + ZIP_RANGES_PART_SLACK;
	}
	*cause = NULL;
	fetch_req_init(&r, zr->url, (size_t)total + 1024);
	r.range = range.data;
	fetch_run(proxy_fetch(px), &rp, 1);
	v = xcalloc(n + 1, sizeof *v);
	if (r.range_refused) {
		zr->requests++;
		zr->multi = 0;
		origin_set_single(zr->url);
		rc = 1;
	} else if (ranged_answer(zr, &r, cause) != 0)
		rc = -1;
	else if ((boundary = multipart_boundary(r.content_type)) != NULL) {
		/* Several parts, or fewer where the server joined some. */
		nv = multipart_pieces(&r.body, boundary, v, n);
		if (nv > 0 && spans_from_pieces(s, n, v, (size_t)nv, out) == 0) {
			zr->multi = 1;
			rc = 0;
		} else
			xasprintf(cause, "GET %s: a multipart/byteranges "
			    "answer that does not hold the ranges asked",
			    zr->url);
	} else if (parse_content_range(r.content_range, &v[0].first,
	    &v[0].last, &size) == 0 && r.body.len == v[0].last -
	    v[0].first + 1) {
		/* One range holding them all. */
		v[0].data = r.body.data;
		if (spans_from_pieces(s, n, v, 1, out) == 0)
			rc = 0;
		else
			xasprintf(cause, "GET %s: a 206 that does not hold the "
			    "ranges asked", zr->url);
	} else
		xasprintf(cause, "GET %s: a 206 with neither parts nor a "
		    "Content-Range", zr->url);
	free(v);
	free(boundary);
	buf_free(&range);
	fetch_req_free(&r);
	return (rc);
}

/*
 * One range of each zip of zrs, every request in parallel: the last
 * s[i].len bytes when tail[i] (and the zip's size from the answer), else
 * the span s[i]. Each answer is checked against what was asked; out[i]
 * has the bytes, or causes[i] says why not.
 */
static void
ask_each(struct proxy *px, struct zip_ranges **zrs, const struct zip_span *s,
    const int *tail, size_t n, struct buf *out, char **causes)
{
	struct fetch_req	*r, **rp;
	struct piece		 v;
	uint64_t		 size;
	char			**range;
	size_t			 i;

	r = xcalloc(n + 1, sizeof *r);
	rp = xcalloc(n + 1, sizeof *rp);
	range = xcalloc(n + 1, sizeof *range);
	for (i = 0; i < n; i++) {
		if (tail[i])
			xasprintf(&range[i], "-%" PRIu64, s[i].len);
		else
			xasprintf(&range[i], "%" PRIu64 "-%" PRIu64,
			    s[i].offset, s[i].offset + s[i].len - 1);
		fetch_req_init(&r[i], zrs[i]->url, (size_t)s[i].len);
		r[i].range = range[i];
		rp[i] = &r[i];
		causes[i] = NULL;
	}
	fetch_run(proxy_fetch(px), rp, n);
	for (i = 0; i < n; i++) {
		if (ranged_answer(zrs[i], &r[i], &causes[i]) != 0)
			;
		else if (parse_content_range(r[i].content_range, &v.first,
		    &v.last, &size) != 0 || v.last - v.first + 1 !=
		    r[i].body.len || (tail[i] ? v.last != size - 1 :
		    v.first != s[i].offset || r[i].body.len != s[i].len))
			xasprintf(&causes[i], "GET %s: Content-Range \"%s\" is "
			    "not the range asked, %s", zrs[i]->url,
			    r[i].content_range != NULL ? r[i].content_range :
			    "", range[i]);
		else {
			if (tail[i])
				zrs[i]->size = size;
			buf_reset(&out[i]);
			buf_add(&out[i], r[i].body.data, r[i].body.len);
		}
		fetch_req_free(&r[i]);
		free(range[i]);
	}
	free(r);
	free(rp);
	free(range);
}

void
zip_ranges_tail_many(struct proxy *px, struct zip_ranges **zrs, size_t n,
    size_t len, struct buf *out, char **causes)
{
	struct zip_span	*s = xcalloc(n + 1, sizeof *s);
	int		*tail = xcalloc(n + 1, sizeof *tail);
	size_t		 i;

	for (i = 0; i < n; i++) {
		s[i].len = len;
		tail[i] = 1;
	}
	ask_each(px, zrs, s, tail, n, out, causes);
	free(s);
	free(tail);
}

void
zip_ranges_span_many(struct proxy *px, struct zip_ranges **zrs,
    const struct zip_span *s, size_t n, struct buf *out, char **causes)
{
	int	*tail = xcalloc(n + 1, sizeof *tail);

	ask_each(px, zrs, s, tail, n, out, causes);
	free(tail);
}

/* Each span in a request of its own, in parallel. */
static int
get_each(struct proxy *px, struct zip_ranges *zr, const struct zip_span *s,
    size_t n, struct buf *out, char **cause)
{
	struct zip_ranges	**zrs = xcalloc(n + 1, sizeof *zrs);
	char			**causes = xcalloc(n + 1, sizeof *causes);
	size_t			  i;

	for (i = 0; i < n; i++)
		zrs[i] = zr;
	zip_ranges_span_many(px, zrs, s, n, out, causes);
	*cause = NULL;
	for (i = 0; i < n; i++) {
		if (*cause == NULL)
			*cause = causes[i];
		else
			free(causes[i]);
	}
	free(zrs);
	free(causes);
	return (*cause != NULL ? -1 : 0);
}

int
zip_ranges_get(struct proxy *px, struct zip_ranges *zr,
    const struct zip_span *s, size_t n, struct buf *out, char **cause)
{
	size_t	at, k;
	int	rc;

	/* Several ranges a request, a bounded number each (a Range header
	 * of a few KB, which every server reads). */
	for (at = 0; at < n && n - at > 1 && zr->multi != 0; at += k) {
		k = n - at < ZIP_RANGES_MAX_PARTS ? n - at :
		    ZIP_RANGES_MAX_PARTS;
		if ((rc = get_multi(px, zr, s + at, k, out + at, cause)) == 1)
			break;		/* not served: one at a time */
		if (rc != 0)
			return (rc);
	}
	if (at == n)
		return (0);
	return (get_each(px, zr, s + at, n - at, out + at, cause));
}
