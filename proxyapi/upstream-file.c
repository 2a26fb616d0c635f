/*
 * A file:// upstream: a GOPROXY tree on disk, read as a module proxy is
 * asked (a missing file is "not found").
 */

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "util/util.h"
#include "proxyapi/proxy-int.h"

static char *
upstream_file_origin(const struct upstream_spec *spec)
{
	char	*o;

	xasprintf(&o, "file://%s", spec->url);
	return (o);
}

/* Read the object obj of the tree dir into the query (a zip: into its
 * file). */
static int
upstream_file_read(struct proxy_query *q, const char *dir, const char *obj)
{
	char	*path, chunk[65536];
	ssize_t	 n;
	int	 fd, rc = 0;

	xasprintf(&path, "%s/%s", dir, obj);
	if ((fd = open(path, O_RDONLY)) == -1) {
		proxy_evidence_add(q, "file://%s: %s", path, strerror(errno));
		rc = errno == ENOENT || errno == ENOTDIR ? MV_ENOTFOUND : -1;
		free(path);
		return (rc);
	}
	buf_reset(&q->body);
	q->body.max = proxy_cap(q->kind);
	while ((n = read(fd, chunk, sizeof chunk)) > 0) {
		if (q->zip_fd >= 0 ? write(q->zip_fd, chunk, n) != n :
		    buf_add(&q->body, chunk, n) != 0) {
			proxy_evidence_add(q, "file://%s: larger than %zu bytes or "
			    "unwritable", path, proxy_cap(q->kind));
			rc = -1;
			break;
		}
	}
	if (n == -1) {
		proxy_evidence_add(q, "file://%s: %s", path, strerror(errno));
		rc = -1;
	}
	close(fd);
	free(path);
	return (rc);
}

static void
upstream_file_round(struct proxy *p, struct proxy_query **qs, size_t n)
{
	const struct upstream_spec	*spec;
	size_t				 i, nspecs;
	char				*obj, *origin;
	int				 status;

	for (i = 0; i < n; i++) {
		spec = proxy_query_spec(p, qs[i], &nspecs);
		if ((obj = proxy_object(qs[i])) == NULL)
			continue;	/* settled: it cannot be asked */
		origin = upstream_file_origin(spec);
		status = upstream_file_read(qs[i], spec->url, obj);
		if (status == 0)
			status = proxy_check_answer(qs[i], origin);
		proxy_settle(qs[i], spec, nspecs, status, origin);
		free(origin);
		free(obj);
	}
}

const struct upstream_kind_ops upstream_file_ops = {
	UPSTREAM_FILE, upstream_file_origin, upstream_file_round
};
