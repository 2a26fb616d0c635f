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

#include <cjson/cJSON.h>

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
	cmd_sum_exec, 0
};

/* The h1 of the version's zip; NULL after printing why. */
static char *
cmd_sum_zip(struct client_local *l, const char *path, const char *version)
{
	char	*h1, *cause = NULL;

	if (sum_zip(&l->source, path, version, &h1, &cause) != 0) {
		fprintf(stderr, "modvet: %s\n", cause);
		free(cause);
		return (NULL);
	}
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

/* The same, through the daemon (which downloads and keeps the hash). */
static int
cmd_sum_remote(const char *path, const char *version)
{
	struct client_remote	 r;
	const char		*zh, *mh;
	cJSON			*doc;
	char			*route;
	long			 st;
	int			 rc = CLIENT_EXIT_FAILURE;

	if (client_remote_open(&r, &client_opts) != 0)
		return (CLIENT_EXIT_FAILURE);
	xasprintf(&route, "/v1/modules/%s/@v/%s?zip=1", path, version);
	doc = client_remote_call(&r, "GET", route, NULL, NULL, 0, &st);
	free(route);
	client_remote_close(&r);
	if (doc == NULL)
		return (CLIENT_EXIT_FAILURE);
	zh = cJSON_GetStringValue(cJSON_GetObjectItem(doc, "h1_zip"));
	mh = cJSON_GetStringValue(cJSON_GetObjectItem(doc, "h1_mod"));
	if (zh != NULL && mh != NULL) {
		printf("%s %s %s\n%s %s/go.mod %s\n", path, version, zh, path,
		    version, mh);
		rc = CLIENT_EXIT_OK;
	} else
		fprintf(stderr, "modvet: %s@%s: %s\n", path, version,
		    cJSON_GetStringValue(cJSON_GetObjectItem(doc,
		    "h1_zip_error")) != NULL ? cJSON_GetStringValue(
		    cJSON_GetObjectItem(doc, "h1_zip_error")) : "no zip hash");
	cJSON_Delete(doc);
	return (rc);
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
	if (!client_opts.local) {
		rc = cmd_sum_remote(path, at + 1);
		free(path);
		return (rc);
	}
	client_local_open(&l);
	zh = cmd_sum_zip(&l, path, at + 1);
	mh = cmd_sum_mod(&l, path, at + 1);
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
