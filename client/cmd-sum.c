/*
 * modvet sum MODULE@VERSION: the two go.sum lines of a module version, as
 * the go command writes them after "go mod download": the h1 hash of the
 * module zip and that of its go.mod. The zip is downloaded to a temporary
 * file and hashed with libzip, and its hash kept in the cache (where
 * "modvet check" finds it to judge go.sum's zip lines); the go.mod comes
 * through the cache.
 */

#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "util/util.h"
#include "gomod/gomod.h"
#include "proxyapi/proxyapi.h"
#include "cache/cache.h"
#include "verify/verify.h"
#include "client/client.h"

static int	cmd_sum_exec(int, char **);

const struct client_cmd client_cmd_sum = {
	"sum", "MODULE@VERSION",
	"the go.sum lines of a module version (zip and go.mod h1 hashes)",
	cmd_sum_exec
};

/* The h1 of the version's zip; NULL after printing why. */
static char *
cmd_sum_zip(struct client_local *l, const char *path, const char *version)
{
	struct proxy_query	 q, *qp = &q;
	char			 tmp[] = "/tmp/modvet-zip.XXXXXX", *h1 = NULL;
	char			*cause = NULL;
	int			 fd;

	if ((fd = mkstemp(tmp)) == -1) {
		fprintf(stderr, "modvet: %s: %s\n", tmp, strerror(errno));
		return (NULL);
	}
	proxy_query_init(&q, PROXY_ZIP, path, version);
	q.zip_fd = fd;
	proxy_run(l->proxy, &qp, 1);
	close(fd);
	if (q.status != 0)
		fprintf(stderr, "modvet: %s@%s: zip: %s (%s)\n", path, version,
		    q.evidence != NULL ? q.evidence : "no answer",
		    source_status_name(q.status));
	else if (dirhash_zip(tmp, &h1, &cause) != 0) {
		fprintf(stderr, "modvet: %s@%s: zip: %s\n", path, version,
		    cause);
		free(cause);
	}
	unlink(tmp);
	proxy_query_free(&q);
	return (h1);
}

/* The h1 of the version's go.mod; NULL after printing why. */
static char *
cmd_sum_mod(struct client_local *l, const char *path, const char *version)
{
	struct source_req	 r, *rp = &r;
	char			*h1 = NULL;

	source_req_init(&r, PROXY_MOD, path, version);
	source_fetch(&l->source, &rp, 1);
	if (r.status == 0)
		h1 = dirhash_gomod(r.data, r.len);
	else
		fprintf(stderr, "modvet: %s@%s: go.mod: %s (%s)\n", path,
		    version, r.evidence != NULL ? r.evidence : "no answer",
		    source_status_name(r.status));
	source_req_free(&r);
	return (h1);
}

/* Print the two lines of argv[1]. */
static int
cmd_sum_exec(int argc, char **argv)
{
	struct client_local	 l;
	char			*path, *at, *cause = NULL, *zh, *mh;
	int			 rc = CLIENT_EXIT_FAILURE;

	if (argc != 2 || (at = strrchr(argv[1], '@')) == NULL)
		client_usage_error(&client_cmd_sum, "expected MODULE@VERSION");
	path = xstrndup(argv[1], at - argv[1]);
	if (modpath_check_version(path, at + 1, &cause) != 0) {
		fprintf(stderr, "modvet: %s\n", cause);
		free(cause);
		free(path);
		return (CLIENT_EXIT_FAILURE);
	}
	client_local_open(&l);
	zh = cmd_sum_zip(&l, path, at + 1);
	mh = cmd_sum_mod(&l, path, at + 1);
	/* Remembered, so that check compares go.sum's zip lines too. */
	if (zh != NULL && cache_put_hash(l.cache, path, at + 1, "zip", zh,
	    &cause) != 0) {
		fprintf(stderr, "modvet: %s\n", cause);
		free(cause);
	}
	if (zh != NULL && mh != NULL) {
		printf("%s %s %s\n%s %s/go.mod %s\n", path, at + 1, zh, path,
		    at + 1, mh);
		rc = CLIENT_EXIT_OK;
	}
	free(zh);
	free(mh);
	free(path);
	client_local_close(&l);
	return (rc);
}
