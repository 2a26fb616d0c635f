/*
 * modvet versions MODULE: the versions of a module, as "go list -m
 * -versions MODULE" prints them: one line, the path then the versions in
 * semantic order, without pseudo-versions and without the versions the
 * module's latest go.mod retracts (check_module reads those).
 */

#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "util/util.h"
#include "gomod/gomod.h"
#include "proxyapi/proxyapi.h"
#include "cache/cache.h"
#include "verify/verify.h"
#include "client/client.h"

static int	cmd_versions_exec(int, char **);

const struct client_cmd client_cmd_versions = {
	"versions", "MODULE", "list a module's versions (go list -m -versions)",
	cmd_versions_exec
};

/* The same, through the daemon: its history, less what is retracted. */
static int
cmd_versions_remote(const char *path)
{
	struct client_remote	 r;
	const cJSON		*v;
	cJSON			*doc;
	char			*route;
	long			 st;

	if (client_remote_open(&r, &client_opts) != 0)
		return (CLIENT_EXIT_FAILURE);
	xasprintf(&route, "/v1/modules/%s/versions", path);
	doc = client_remote_call(&r, "GET", route, NULL, NULL, 0, &st);
	free(route);
	client_remote_close(&r);
	if (doc == NULL)
		return (CLIENT_EXIT_FAILURE);
	printf("%s", path);
	cJSON_ArrayForEach(v, cJSON_GetObjectItem(doc, "versions")) {
		if (!cJSON_IsTrue(cJSON_GetObjectItem(v, "retracted")))
			printf(" %s", cJSON_GetStringValue(
			    cJSON_GetObjectItem(v, "version")));
	}
	printf("\n");
	cJSON_Delete(doc);
	return (CLIENT_EXIT_OK);
}

/* List the versions of argv[1]. */
static int
cmd_versions_exec(int argc, char **argv)
{
	struct client_local	 l;
	struct check_pin	 p;
	char			*cause = NULL;
	size_t			 i;
	int			 rc = CLIENT_EXIT_OK;

	if (argc != 2)
		client_usage_error(&client_cmd_versions, "expected one module");
	if (modpath_check(argv[1], &cause) != 0) {
		fprintf(stderr, "modvet: %s\n", cause);
		free(cause);
		return (CLIENT_EXIT_FAILURE);
	}
	if (!client_opts.local)
		return (cmd_versions_remote(argv[1]));
	client_local_open(&l);
	check_module(&l.source, argv[1], &p);
	if (p.list_status != 0 && p.list_status != MV_ENOTFOUND) {
		fprintf(stderr, "modvet: %s: %s (%s)\n", argv[1],
		    p.list_evidence != NULL ? p.list_evidence : "no answer",
		    source_status_name(p.list_status));
		rc = CLIENT_EXIT_FAILURE;
	} else {
		printf("%s", argv[1]);
		for (i = 0; i < p.versions.n; i++) {
			if (!check_is_retracted(&p, p.versions.v[i]))
				printf(" %s", p.versions.v[i]);
		}
		printf("\n");
	}
	check_pin_free(&p);
	client_local_close(&l);
	return (rc);
}
