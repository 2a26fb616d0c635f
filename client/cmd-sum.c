/*
 * modvet sum MODULE@VERSION: the two go.sum lines of a module version, as
 * the go command writes them after "go mod download": the h1 hash of the
 * module zip and that of its go.mod: GET /v1/modules/PATH/@v/VERSION?zip=1
 * through either door (engine/op-modules.c), which downloads the zip to a
 * temporary file, hashes it with libzip and keeps its hash in the cache
 * (where "modvet check" finds it to judge go.sum's zip lines).
 */

#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "util/util.h"
#include "gomod/gomod.h"
#include "engine/engine.h"
#include "client/client.h"

static int	cmd_sum_exec(int, char **);

const struct client_cmd client_cmd_sum = {
	"sum", "MODULE@VERSION",
	"the go.sum lines of a module version (zip and go.mod h1 hashes)",
	cmd_sum_exec, 0
};

/* The two lines, from the version's answer (either door: the engine
 * downloads the zip once and keeps its hash). */
static int
cmd_sum_print(const char *path, const char *version)
{
	const char	*zh, *mh, *why;
	cJSON		*doc;
	char		*route;
	int		 rc = CLIENT_EXIT_FAILURE;

	xasprintf(&route, "/v1/modules/%s/@v/%s?zip=1", path, version);
	doc = client_call("GET", route, NULL, NULL, 0);
	free(route);
	if (doc == NULL)
		return (CLIENT_EXIT_FAILURE);
	zh = cJSON_GetStringValue(cJSON_GetObjectItem(doc, "h1_zip"));
	mh = cJSON_GetStringValue(cJSON_GetObjectItem(doc, "h1_mod"));
	why = cJSON_GetStringValue(cJSON_GetObjectItem(doc, "h1_zip_error"));
	if (zh != NULL && mh != NULL) {
		printf("%s %s %s\n%s %s/go.mod %s\n", path, version, zh, path,
		    version, mh);
		rc = CLIENT_EXIT_OK;
	} else if (why != NULL)
		fprintf(stderr, "modvet: %s\n", why);	/* it names them */
	else
		fprintf(stderr, "modvet: %s@%s: no zip hash\n", path, version);
	cJSON_Delete(doc);
	return (rc);
}

/* Print the two lines of argv[1]. */
static int
cmd_sum_exec(int argc, char **argv)
{
	char	*path, *at, *cause = NULL;
	int	 rc;

	if (argc != 2 || (at = strrchr(argv[1], '@')) == NULL)
		client_usage_error(&client_cmd_sum, "expected MODULE@VERSION");
	path = xstrndup(argv[1], at - argv[1]);
	if (modpath_check_version(path, at + 1, &cause) != 0) {
		fprintf(stderr, "modvet: %s\n", cause);
		free(cause);
		free(path);
		return (CLIENT_EXIT_FAILURE);
	}
	rc = cmd_sum_print(path, at + 1);
	free(path);
	return (rc);
}
