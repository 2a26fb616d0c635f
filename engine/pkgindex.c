/*
 * The package index of a module version (gosrc/index.c), kept in the
 * cache: immutable, like every answer about a released version, and read
 * as a check needs it.
 *
 * Where the first upstream of the module's route is a module proxy, the
 * zip is read by HTTP Range: its last 64 KB (the end of its central
 * directory), the rest of the directory if longer, then only the entries
 * of the directories asked for, in one request where the proxy answers
 * several ranges at once. The bytes land at their offsets in a sparse
 * local file of the zip's size, which libzip reads as any zip (it checks
 * each entry's CRC-32); the holes are never read. The index then names the
 * directories it has not read (with their files' names), and a later
 * need reads them the same way. A partial read is not the zip's go.sum
 * hash: that needs the whole zip (sum_zip), downloaded only when a
 * finding must print the hash.
 *
 * Anything else (direct, file://, a proxy that refuses ranges or fails)
 * downloads the whole zip once, as before, through proxy_run and the go
 * command's fall-through rules: the index is whole, and the same bytes
 * give the zip's h1.
 */

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "util/util.h"
#include "gomod/gomod.h"
#include "gosrc/gosrc.h"
#include "proxyapi/proxyapi.h"
#include "cache/cache.h"
#include "engine/engine.h"

/* The first read of a zip: its last 512 KB hold the central directory
 * of all but the largest modules (pulumi-aws v6's, 2,476 files, is 297
 * KB), and a round trip costs more than the bytes. */
#define PKGINDEX_TAIL		(512 << 10)
/* A zip up to this size is read whole (the rest in one more request),
 * which gives its go.sum hash too: its packages would cost about as
 * much, in more round trips, one per level of the import graph. */
#define PKGINDEX_WHOLE_MAX	(4 << 20)
#define PKGINDEX_MAX_CD		(64 << 20)	/* a central directory */
#define PKGINDEX_JOIN_GAP	(16 << 10)	/* spans closer are one */

static int
cmp_str(const void *a, const void *b)
{
	return (strcmp(*(char *const *)a, *(char *const *)b));
}

void
pkgindex_init(struct pkgindex *pi, struct source *s, const char *path,
    const char *version)
{
	memset(pi, 0, sizeof *pi);
	pi->s = s;
	pi->path = xstrdup(path);
	pi->version = xstrdup(version);
	go_index_init(&pi->idx);
	pi->sparse_fd = -1;
}

void
pkgindex_free(struct pkgindex *pi)
{
	go_index_free(&pi->idx);
	zipdir_free(&pi->zd);
	zip_ranges_free(&pi->zr);
	if (pi->sparse_fd != -1)
		close(pi->sparse_fd);
	if (pi->sparse != NULL)
		unlink(pi->sparse);
	free(pi->sparse);
	free(pi->path);
	free(pi->version);
	free(pi->error);
	memset(pi, 0, sizeof *pi);
	pi->sparse_fd = -1;
}

/* Keep the index in the cache (a partial one too: the next check reads
 * what it lacks). */
static void
pkgindex_keep(struct pkgindex *pi)
{
	char	*text, *why = NULL;

	text = go_index_encode(&pi->idx);
	if (cache_put_pkgindex(pi->s->cache, pi->path, pi->version, text,
	    &why) != 0) {
		log_warnx("%s", why);	/* only not kept */
		free(why);
	}
	free(text);
}

/* The whole zip (local, already checked; else downloaded): a whole
 * index, and the zip's h1. */
static int
pkgindex_whole(struct pkgindex *pi, const char *local, char **cause)
{
	char	*tmp, *why = NULL, *h1 = NULL;
	int	 rc;

	if (local != NULL)
		tmp = xstrdup(local);
	else if ((rc = sum_fetch_zip(pi->s, pi->path, pi->version, &tmp,
	    cause)) != 0)
		return (rc);
	go_index_free(&pi->idx);
	go_index_init(&pi->idx);
	if ((rc = go_index_from_zip(tmp, pi->path, pi->version, NULL,
	    &pi->idx, cause)) == 0) {
		pi->loaded = 1;
		pkgindex_keep(pi);
		/* The same bytes give the zip's go.sum hash. */
		if (sum_hash_zip(pi->s, pi->path, pi->version, tmp, &h1,
		    &why) != 0) {
			log_warnx("%s", why);
			free(why);
		}
		free(h1);
	}
	if (local == NULL)
		unlink(tmp);
	free(tmp);
	return (rc);
}

/* Write bytes at their offset in the sparse copy. */
static int
sparse_put(struct pkgindex *pi, uint64_t off, const char *p, size_t n,
    char **cause)
{
	ssize_t	w;

	while (n > 0) {
		if ((w = pwrite(pi->sparse_fd, p, n, (off_t)off)) == -1) {
			if (errno == EINTR)
				continue;
			xasprintf(cause, "%s: %s", pi->sparse, strerror(errno));
			return (-1);
		}
		p += w;
		off += (uint64_t)w;
		n -= (size_t)w;
	}
	return (0);
}

/*
 * Reading a zip's listing by ranges is two steps, so that many zips can
 * take each step together (pkgindex_prefetch): its last bytes, then at
 * most one span more (the rest of a small zip, or a central directory
 * longer than the tail), then the listing is parsed from the sparse
 * copy. Each step returns 0; 1 when the zip is small enough to be read
 * whole into the copy; -1 with *cause (the caller then reads the whole
 * zip the usual way); -2 when the go command would refuse the zip.
 */

/* After the tail: where the directory is, and the span still needed
 * (span->len 0: none). */
static int
listing_after_tail(struct pkgindex *pi, const struct buf *tail,
    struct zip_span *span, char **cause)
{
	uint64_t	tail_off;

	span->offset = span->len = 0;
	if (zipdir_locate(tail->data, tail->len, pi->zr.size, &pi->zd,
	    cause) != 0)
		return (-1);
	if (pi->zr.size > PROXY_MAX_ZIP) {
		xasprintf(cause, "%s@%s: the zip is %llu bytes, more than the "
		    "go command accepts (%d)", pi->path, pi->version,
		    (unsigned long long)pi->zr.size, PROXY_MAX_ZIP);
		return (-2);
	}
	if (pi->zd.cd_size > PKGINDEX_MAX_CD) {
		xasprintf(cause, "a central directory of %llu bytes",
		    (unsigned long long)pi->zd.cd_size);
		return (-1);
	}
	tail_off = pi->zr.size - tail->len;
	if (pi->zr.size <= PKGINDEX_WHOLE_MAX)
		span->len = tail_off;	/* small: the rest of it */
	else if (pi->zd.cd_offset < tail_off) {
		span->offset = pi->zd.cd_offset;
		span->len = tail_off - pi->zd.cd_offset;
	}
	return (0);
}

/* With the tail and the span it asked for: the listing, from the copy. */
static int
listing_finish(struct pkgindex *pi, const struct buf *tail,
    const struct zip_span *span, const struct buf *more, char **cause)
{
	const char	*tmpdir = getenv("TMPDIR");
	char		*cd;
	ssize_t		 got;
	int		 rc;

	xasprintf(&pi->sparse, "%s/modvet-zip.XXXXXX", tmpdir != NULL &&
	    *tmpdir ? tmpdir : "/tmp");
	if ((pi->sparse_fd = mkstemp(pi->sparse)) == -1 ||
	    ftruncate(pi->sparse_fd, (off_t)pi->zr.size) == -1) {
		xasprintf(cause, "%s: %s", pi->sparse, strerror(errno));
		return (-1);
	}
	if (sparse_put(pi, pi->zr.size - tail->len, tail->data, tail->len,
	    cause) != 0 || (span->len > 0 && sparse_put(pi, span->offset,
	    more->data, more->len, cause) != 0))
		return (-1);
	cd = xmalloc(pi->zd.cd_size + 1);
	got = pread(pi->sparse_fd, cd, (size_t)pi->zd.cd_size,
	    (off_t)pi->zd.cd_offset);
	if (got != (ssize_t)pi->zd.cd_size) {
		xasprintf(cause, "%s: reading its central directory back: %s",
		    pi->sparse, got == -1 ? strerror(errno) : "short");
		rc = -1;
	} else
		rc = zipdir_parse(&pi->zd, cd, (size_t)got, cause);
	free(cd);
	if (rc != 0)
		return (-1);
	if (sum_check_zip(pi->sparse, pi->path, pi->version, cause) != 0)
		return (-2);
	return (pi->zr.size <= PKGINDEX_WHOLE_MAX ? 1 : 0);
}

/* A failure that ends the index for this check. */
static void
pkgindex_fail(struct pkgindex *pi, int status, const char *cause)
{
	pi->status = status;
	free(pi->error);
	pi->error = xstrdup(cause);
}

/* The spans of the entries of dirs (sorted), joined where close. */
static size_t
pkgindex_spans(const struct pkgindex *pi, const struct strv *dirs,
    struct zip_span **out)
{
	struct zip_span	*v;
	const struct zipdir_entry *e, **by;
	char		*prefix, dir[PATH_MAX];
	const char	*rel, *key;
	size_t		 plen, i, n = 0, k = 0;

	xasprintf(&prefix, "%s@%s/", pi->path, pi->version);
	plen = strlen(prefix);
	by = xcalloc(pi->zd.n + 1, sizeof *by);
	for (i = 0; i < pi->zd.n; i++) {
		e = &pi->zd.v[i];
		if (strncmp(e->name, prefix, plen) != 0 ||
		    !go_path_is_source((rel = e->name + plen)))
			continue;
		go_path_dir(rel, dir, sizeof dir);
		key = dir;
		if (dirs->n > 0 && bsearch(&key, dirs->v, dirs->n,
		    sizeof *dirs->v, cmp_str) != NULL)
			by[k++] = e;
	}
	/* In file order, each span up to the next entry. */
	qsort(by, k, sizeof *by, zipdir_cmp_offset);
	v = xcalloc(k + 1, sizeof *v);
	for (i = 0; i < k; i++) {
		if (n > 0 && by[i]->offset <= v[n - 1].offset + v[n - 1].len +
		    PKGINDEX_JOIN_GAP && by[i]->end > by[i]->offset)
			v[n - 1].len = by[i]->end - v[n - 1].offset;
		else if (by[i]->end > by[i]->offset) {
			v[n].offset = by[i]->offset;
			v[n].len = by[i]->end - by[i]->offset;
			n++;
		}
	}
	free(by);
	free(prefix);
	*out = v;
	return (n);
}

static void	listing_many(struct pkgindex **, size_t);

/* The fetched spans into the copy, and the packages of dirs from it. */
static int
pkgindex_take(struct pkgindex *pi, const struct strv *dirs,
    const struct zip_span *spans, const struct buf *bodies, size_t n,
    char **cause)
{
	size_t	i;
	int	rc = 0;

	for (i = 0; rc == 0 && i < n; i++)
		rc = sparse_put(pi, spans[i].offset, bodies[i].data,
		    bodies[i].len, cause);
	if (rc == 0)
		rc = go_index_from_zip(pi->sparse, pi->path, pi->version,
		    dirs, &pi->idx, cause);
	if (rc == 0) {
		pi->loaded = pi->ranged = 1;
		pkgindex_keep(pi);
		log_debug("%s@%s: %zu directories read by HTTP Range, %zu left "
		    "unread; %u requests, %llu bytes of %llu so far", pi->path,
		    pi->version, dirs->n, pi->idx.unread.n, pi->zr.requests,
		    (unsigned long long)pi->zr.bytes,
		    (unsigned long long)pi->zr.size);
	}
	return (rc);
}

/* Read the packages of dirs by ranges: 0; -1 (then read the whole zip
 * the usual way; *cause, if set, says why); -2 with *cause when that
 * would fail too (pi->status says how). */
static int
pkgindex_ranged(struct pkgindex *pi, const struct strv *dirs, char **cause)
{
	struct zip_span	*spans;
	struct buf	*bodies;
	size_t		 n, i;
	int		 rc = 0;

	if (pi->zd.v == NULL) {
		listing_many(&pi, 1);
		if (pi->status != 0) {		/* refused, or unreadable */
			*cause = xstrdup(pi->error);
			return (-2);
		}
		if (pi->ranged < 0)
			return (-1);		/* said why (pkgindex_listed) */
		if (pi->loaded && pi->idx.unread.n == 0)
			return (0);		/* small: read whole */
	}
	n = pkgindex_spans(pi, dirs, &spans);
	bodies = xcalloc(n + 1, sizeof *bodies);
	for (i = 0; i < n; i++)
		buf_init(&bodies[i], 0);
	if (zip_ranges_get(pi->s->proxy, &pi->zr, spans, n, bodies,
	    cause) != 0)
		rc = -1;
	else
		rc = pkgindex_take(pi, dirs, spans, bodies, n, cause);
	for (i = 0; i < n; i++)
		buf_free(&bodies[i]);
	free(bodies);
	free(spans);
	return (rc);
}

/* The cache's index, once: what is read of it is known without I/O. */
static void
pkgindex_cached(struct pkgindex *pi)
{
	char	*text = NULL, *why = NULL;

	if (pi->loaded || pi->cache_tried)
		return;
	pi->cache_tried = 1;
	if (cache_get_pkgindex(pi->s->cache, pi->path, pi->version, &text,
	    &why) == 0) {
		if (go_index_decode(text, &pi->idx) == 0)
			pi->loaded = 1;
		free(text);
	}
	free(why);
}

/*
 * A listing's outcome, worked out off the source's thread: its sparse
 * copy written and checked (listing_finish), and the index of what it
 * holds with, for a whole zip, its h1. Many run at once (util_parallel):
 * a cold check lists a hundred zips, each read whole costing its inflate
 * and scan; listing_take then keeps each outcome, on the source's thread.
 */
struct listing_job {
	struct pkgindex		*pi;
	const struct buf	*tail, *more;
	const struct zip_span	*span;
	char			*cause;		/* the requests', then ours */
	int			 rc;		/* listing_finish's */
	int			 indexed;	/* idx, irc and icause are set */
	struct go_index		 idx;
	int			 irc;
	char			*icause;
	char			*h1, *h1_why;
};

static void
listing_work(size_t i, void *arg)
{
	struct listing_job	*j = (struct listing_job *)arg + i;
	struct strv		 none;

	/* rc: listing_after_tail's (0: go on), or -1 for a failed
	 * request; a failed span request fails the listing too. */
	if (j->rc == 0)
		j->rc = j->cause == NULL ? listing_finish(j->pi, j->tail,
		    j->span, j->more, &j->cause) : -1;
	/* A whole zip: all of it. Else the listing alone, kept: a module
	 * asked about and not read (a shorter prefix of an import) is not
	 * asked again; a partial index from the cache has it already. */
	if (j->rc != 1 && (j->rc != 0 || j->pi->loaded))
		return;
	strv_init(&none);
	go_index_init(&j->idx);
	j->indexed = 1;
	j->irc = go_index_from_zip(j->pi->sparse, j->pi->path, j->pi->version,
	    j->rc == 1 ? NULL : &none, &j->idx, &j->icause);
	/* The same bytes give the zip's go.sum hash. */
	if (j->rc == 1 && j->irc == 0)
		(void)dirhash_zip(j->pi->sparse, &j->h1, &j->h1_why);
}

/* Keep a listing's outcome (pkgindex_listed's, with the work done). */
static void
listing_take(struct listing_job *j)
{
	struct pkgindex	*pi = j->pi;

	if (j->indexed && j->irc == 0) {
		go_index_free(&pi->idx);
		pi->idx = j->idx;
		pi->loaded = pi->ranged = 1;
		pkgindex_keep(pi);
		if (j->h1 != NULL)
			sum_keep_zip_hash(pi->s, pi->path, pi->version, j->h1);
		else if (j->h1_why != NULL)
			log_warnx("%s", j->h1_why);
	} else {
		if (j->indexed)
			go_index_free(&j->idx);
		if (j->rc == 1)
			pkgindex_fail(pi, j->irc, j->icause);
		else if (j->rc == 0 && j->indexed)
			log_debug("%s", j->icause);
		else if (j->rc == -2)
			pkgindex_fail(pi, -1, j->cause);
		else if (j->rc == -1) {
			log_debug("%s@%s: reading the zip by ranges: %s; the "
			    "whole zip is read instead", pi->path, pi->version,
			    j->cause);
			zipdir_free(&pi->zd);
			pi->ranged = -1;
		}
	}
	free(j->cause);
	free(j->icause);
	free(j->h1);
	free(j->h1_why);
}

/*
 * The listings of zips whose ranges are open (zr), all together: their
 * tails in one round of requests, the spans those ask for in another,
 * and each outcome taken (pkgindex_listed). go is reordered.
 */
static void
listing_many(struct pkgindex **go, size_t k)
{
	struct zip_ranges	**zrs;
	struct listing_job	 *jobs;
	struct buf		 *tail, *more;
	struct zip_span		 *span;
	char			**causes;
	size_t			  i, m;

	zrs = xcalloc(k + 1, sizeof *zrs);
	tail = xcalloc(k + 1, sizeof *tail);
	more = xcalloc(k + 1, sizeof *more);
	span = xcalloc(k + 1, sizeof *span);
	causes = xcalloc(k + 1, sizeof *causes);
	jobs = xcalloc(k + 1, sizeof *jobs);
	for (i = 0; i < k; i++) {
		zrs[i] = &go[i]->zr;
		buf_init(&tail[i], 0);
		buf_init(&more[i], 0);
	}
	/* The tails together, then the spans they ask for together. */
	if (k > 0)
		zip_ranges_tail_many(go[0]->s->proxy, zrs, k, PKGINDEX_TAIL,
		    tail, causes);
	for (i = 0, m = 0; i < k; i++) {
		jobs[i].rc = causes[i] == NULL ? listing_after_tail(go[i],
		    &tail[i], &span[i], &causes[i]) : -1;
		if (jobs[i].rc == 0 && span[i].len > 0) {
			/* Asked below: the spans' zips come first. */
			if (m != i) {
				struct pkgindex		*p = go[m];
				struct buf		 b = tail[m];
				struct zip_span		 z = span[m];
				char			*c = causes[m];
				int			 rc = jobs[m].rc;

				go[m] = go[i];
				go[i] = p;
				tail[m] = tail[i];
				tail[i] = b;
				span[m] = span[i];
				span[i] = z;
				causes[m] = causes[i];
				causes[i] = c;
				jobs[m].rc = jobs[i].rc;
				jobs[i].rc = rc;
				zrs[m] = &go[m]->zr;
				zrs[i] = &go[i]->zr;
			}
			m++;
		}
	}
	if (m > 0)
		zip_ranges_span_many(go[0]->s->proxy, zrs, span, m, more,
		    causes);
	for (i = 0; i < k; i++) {
		jobs[i].pi = go[i];
		jobs[i].tail = &tail[i];
		jobs[i].more = &more[i];
		jobs[i].span = &span[i];
		jobs[i].cause = causes[i];
	}
	util_parallel(k, listing_work, jobs);
	for (i = 0; i < k; i++) {
		listing_take(&jobs[i]);
		buf_free(&tail[i]);
		buf_free(&more[i]);
	}
	free(jobs);
	free(zrs);
	free(tail);
	free(more);
	free(span);
	free(causes);
}

void
pkgindex_prefetch(struct pkgindex **v, size_t n)
{
	struct pkgindex	**go;
	size_t		  i, k = 0;

	go = xcalloc(n + 1, sizeof *go);
	for (i = 0; i < n; i++) {
		pkgindex_cached(v[i]);
		if (!v[i]->loaded && v[i]->status == 0 && v[i]->ranged == 0 &&
		    v[i]->zd.v == NULL && (v[i]->zr.url != NULL ||
		    zip_ranges_open(v[i]->s->proxy, v[i]->path, v[i]->version,
		    &v[i]->zr) == 0))
			go[k++] = v[i];
		else if (!v[i]->loaded && v[i]->ranged == 0 &&
		    v[i]->zr.url == NULL)
			v[i]->ranged = -1;	/* not by ranges: whole */
	}
	listing_many(go, k);
	free(go);
}

/* What is asked and not read (sorted): a directory unread, or any when
 * nothing is known yet (nothing known and nothing asked: the listing
 * alone, an empty read). 0 when there is nothing to read. */
static int
pkgindex_want(struct pkgindex *pi, const struct strv *dirs, struct strv *want)
{
	size_t	i;

	strv_init(want);
	for (i = 0; dirs != NULL && i < dirs->n; i++) {
		if (!pi->loaded || go_index_unread(&pi->idx, dirs->v[i]))
			strv_push(want, dirs->v[i]);
	}
	if (pi->loaded && (dirs != NULL ? want->n == 0 :
	    pi->idx.unread.n == 0)) {
		strv_free(want);
		return (0);
	}
	strv_sort(want);
	return (1);
}

void
pkgindex_need_many(struct pkgindex **v, const struct strv **dirs, size_t n,
    int *rcs, char **causes)
{
	struct zip_ranges	**zrs = NULL;
	struct zip_span		 *spans = NULL, *one;
	struct buf		 *bodies = NULL;
	struct strv		 *want;
	size_t			 *first, *count, i, j, total = 0, k;
	char			**why = NULL;
	int			 *batch;

	want = xcalloc(n + 1, sizeof *want);
	first = xcalloc(n + 1, sizeof *first);
	count = xcalloc(n + 1, sizeof *count);
	batch = xcalloc(n + 1, sizeof *batch);
	/* Those whose listing is read and whose proxy answers one range a
	 * request: every span of theirs in one round of requests. */
	for (i = 0; i < n; i++) {
		pkgindex_cached(v[i]);
		if (v[i]->status != 0 || dirs[i] == NULL ||
		    v[i]->zd.v == NULL || v[i]->ranged < 0 ||
		    v[i]->zr.url == NULL || v[i]->zr.multi != 0 ||
		    !pkgindex_want(v[i], dirs[i], &want[i]))
			continue;
		batch[i] = 1;
		first[i] = total;
		count[i] = pkgindex_spans(v[i], &want[i], &one);
		spans = xreallocarray(spans, total + count[i] + 1,
		    sizeof *spans);
		zrs = xreallocarray(zrs, total + count[i] + 1, sizeof *zrs);
		for (j = 0; j < count[i]; j++) {
			spans[total + j] = one[j];
			zrs[total + j] = &v[i]->zr;
		}
		total += count[i];
		free(one);
	}
	bodies = xcalloc(total + 1, sizeof *bodies);
	why = xcalloc(total + 1, sizeof *why);
	for (k = 0; k < total; k++)
		buf_init(&bodies[k], 0);
	if (total > 0)
		zip_ranges_span_many(v[0]->s->proxy, zrs, spans, total,
		    bodies, why);
	for (i = 0; i < n; i++) {
		causes[i] = NULL;
		rcs[i] = -1;
		if (batch[i]) {
			for (j = 0; j < count[i] && why[first[i] + j] == NULL;
			    j++)
				;
			if (j == count[i])
				rcs[i] = pkgindex_take(v[i], &want[i],
				    spans + first[i], bodies + first[i],
				    count[i], &causes[i]);
			strv_free(&want[i]);
			if (rcs[i] == 0)
				continue;
			free(causes[i]);	/* again, the usual way */
			causes[i] = NULL;
		}
		rcs[i] = pkgindex_need(v[i], dirs[i], &causes[i]);
	}
	for (k = 0; k < total; k++) {
		buf_free(&bodies[k]);
		free(why[k]);
	}
	free(bodies);
	free(why);
	free(spans);
	free(zrs);
	free(want);
	free(first);
	free(count);
	free(batch);
}

int
pkgindex_need(struct pkgindex *pi, const struct strv *dirs, char **cause)
{
	struct strv	 want;
	int		 rc;

	*cause = NULL;
	if (pi->status != 0) {		/* it failed before: once a check */
		*cause = xstrdup(pi->error);
		return (pi->status);
	}
	pkgindex_cached(pi);
	if (!pkgindex_want(pi, dirs, &want))
		return (0);
	rc = -1;
	if (dirs != NULL && pi->ranged >= 0 && (pi->zr.url != NULL ||
	    zip_ranges_open(pi->s->proxy, pi->path, pi->version,
	    &pi->zr) == 0)) {
		if ((rc = pkgindex_ranged(pi, &want, cause)) == -1 &&
		    *cause != NULL) {
			log_debug("%s@%s: reading the zip by ranges: %s; the "
			    "whole zip is read instead", pi->path, pi->version,
			    *cause);
			free(*cause);
			*cause = NULL;
		}
	}
	strv_free(&want);
	if (rc == -1) {
		pi->ranged = -1;
		rc = pkgindex_whole(pi, NULL, cause);
	} else if (rc == -2)	/* refused: no use reading it whole */
		rc = pi->status != 0 ? pi->status : -1;
	if (rc != 0)
		pkgindex_fail(pi, rc, *cause);
	return (rc);
}

int
pkgindex_get(struct source *s, const char *path, const char *version,
    const struct strv *dirs, struct go_index *idx, char **cause)
{
	struct pkgindex	pi;
	int		rc;

	pkgindex_init(&pi, s, path, version);
	if ((rc = pkgindex_need(&pi, dirs, cause)) == 0) {
		*idx = pi.idx;
		go_index_init(&pi.idx);
	}
	pkgindex_free(&pi);
	return (rc);
}
