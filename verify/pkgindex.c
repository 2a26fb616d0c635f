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
#include "verify/verify.h"

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

static int
cmp_offset(const void *a, const void *b)
{
	const struct zipdir_entry *x = *(const struct zipdir_entry *const *)a;
	const struct zipdir_entry *y = *(const struct zipdir_entry *const *)b;

	return (x->offset < y->offset ? -1 : x->offset > y->offset);
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
 * The zip's central directory by ranges, into pi->zd and the sparse
 * copy, checked as the go command checks a zip's names and sizes: 0; 1
 * when the zip is small enough to have been read whole into the copy;
 * -1 with *cause (the caller then reads the whole zip the usual way);
 * -2 when the go command would refuse the zip.
 */
static int
pkgindex_listing(struct pkgindex *pi, char **cause)
{
	const char	*tmpdir = getenv("TMPDIR");
	struct buf	 tail, cd;
	struct zip_span	 span;
	uint64_t	 tail_off;
	int		 rc = -1;

	buf_init(&tail, 0);
	buf_init(&cd, 0);
	if (zip_ranges_tail(pi->s->proxy, &pi->zr, PKGINDEX_TAIL, &tail,
	    cause) != 0 || zipdir_locate(tail.data, tail.len, pi->zr.size,
	    &pi->zd, cause) != 0)
		goto done;
	if (pi->zd.cd_size > PKGINDEX_MAX_CD) {
		xasprintf(cause, "a central directory of %llu bytes",
		    (unsigned long long)pi->zd.cd_size);
		goto done;
	}
	tail_off = pi->zr.size - tail.len;
	if (pi->zd.cd_offset >= tail_off)
		buf_add(&cd, tail.data + (pi->zd.cd_offset - tail_off),
		    (size_t)pi->zd.cd_size);
	else {
		span.offset = pi->zd.cd_offset;
		span.len = pi->zd.cd_size;
		if (span.len > 0 && zip_ranges_get(pi->s->proxy, &pi->zr,
		    &span, 1, &cd, cause) != 0)
			goto done;
	}
	if (zipdir_parse(&pi->zd, cd.data != NULL ? cd.data : "", cd.len,
	    cause) != 0)
		goto done;
	xasprintf(&pi->sparse, "%s/modvet-zip.XXXXXX", tmpdir != NULL &&
	    *tmpdir ? tmpdir : "/tmp");
	if ((pi->sparse_fd = mkstemp(pi->sparse)) == -1 ||
	    ftruncate(pi->sparse_fd, (off_t)pi->zr.size) == -1) {
		xasprintf(cause, "%s: %s", pi->sparse, strerror(errno));
		goto done;
	}
	if (sparse_put(pi, tail_off, tail.data, tail.len, cause) != 0 ||
	    sparse_put(pi, pi->zd.cd_offset, cd.data != NULL ? cd.data : "",
	    cd.len, cause) != 0)
		goto done;
	if (sum_check_zip(pi->sparse, pi->path, pi->version, cause) != 0) {
		rc = -2;
		goto done;
	}
	rc = 0;
	if (pi->zr.size <= PKGINDEX_WHOLE_MAX) {
		/* Small: the rest of it, and the zip is whole. */
		buf_reset(&cd);
		span.offset = 0;
		span.len = tail_off;
		if (span.len > 0 && (zip_ranges_get(pi->s->proxy, &pi->zr,
		    &span, 1, &cd, cause) != 0 || sparse_put(pi, 0, cd.data,
		    cd.len, cause) != 0))
			rc = -1;
		else
			rc = 1;
	}
done:
	buf_free(&tail);
	buf_free(&cd);
	return (rc);
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
		if (bsearch(&key, dirs->v, dirs->n, sizeof *dirs->v,
		    cmp_str) != NULL)
			by[k++] = e;
	}
	/* In file order, each span up to the next entry. */
	qsort(by, k, sizeof *by, cmp_offset);
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

/* Read the packages of dirs by ranges: 0; -1 with *cause (then read the
 * whole zip the usual way); another status when that would fail too. */
static int
pkgindex_ranged(struct pkgindex *pi, const struct strv *dirs, char **cause)
{
	struct zip_span	*spans;
	struct buf	*bodies;
	size_t		 n, i;
	int		 rc = 0;

	if (pi->zd.v == NULL && (rc = pkgindex_listing(pi, cause)) != 0) {
		if (rc == 1 && (rc = pkgindex_whole(pi, pi->sparse,
		    cause)) == 0)
			pi->ranged = 1;
		return (rc);
	}
	n = pkgindex_spans(pi, dirs, &spans);
	bodies = xcalloc(n + 1, sizeof *bodies);
	for (i = 0; i < n; i++)
		buf_init(&bodies[i], 0);
	if (zip_ranges_get(pi->s->proxy, &pi->zr, spans, n, bodies,
	    cause) != 0)
		rc = -1;
	for (i = 0; rc == 0 && i < n; i++)
		rc = sparse_put(pi, spans[i].offset, bodies[i].data,
		    bodies[i].len, cause);
	if (rc == 0)
		rc = go_index_from_zip(pi->sparse, pi->path, pi->version,
		    dirs, &pi->idx, cause);
	for (i = 0; i < n; i++)
		buf_free(&bodies[i]);
	free(bodies);
	free(spans);
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

int
pkgindex_need(struct pkgindex *pi, const struct strv *dirs, char **cause)
{
	struct strv	 want;
	char		*text = NULL, *why = NULL;
	size_t		 i;
	int		 rc;

	*cause = NULL;
	if (pi->status != 0) {		/* it failed before: once a check */
		*cause = xstrdup(pi->error);
		return (pi->status);
	}
	if (!pi->loaded && cache_get_pkgindex(pi->s->cache, pi->path,
	    pi->version, &text, &why) == 0) {
		if (go_index_decode(text, &pi->idx) == 0)
			pi->loaded = 1;
		free(text);
	}
	free(why);
	/* What is asked and not read: a directory unread, or any when
	 * nothing is known yet. */
	strv_init(&want);
	for (i = 0; dirs != NULL && i < dirs->n; i++) {
		if (!pi->loaded || go_index_unread(&pi->idx, dirs->v[i]))
			strv_push(&want, dirs->v[i]);
	}
	if (pi->loaded && (dirs != NULL ? want.n == 0 :
	    pi->idx.unread.n == 0)) {
		strv_free(&want);
		return (0);
	}
	/* Nothing known and nothing asked: the listing alone, an empty
	 * read by ranges. */
	strv_sort(&want);
	rc = -1;
	if (dirs != NULL && pi->ranged >= 0 && (pi->ranged > 0 ||
	    zip_ranges_open(pi->s->proxy, pi->path, pi->version,
	    &pi->zr) == 0)) {
		if ((rc = pkgindex_ranged(pi, &want, cause)) == -1) {
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
	} else if (rc == -2)
		rc = -1;	/* the zip is refused: no use reading it */
	if (rc != 0) {
		pi->status = rc;
		pi->error = xstrdup(*cause);
	}
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
