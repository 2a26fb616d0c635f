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
#include "engine/engine.h"
#include "client/client.h"

static int	cmd_versions_exec(int, char **);

const struct client_cmd client_cmd_versions = {
	"versions", "[--format text|json] MODULE", "list a module's versions (go list -m -versions)",
	cmd_versions_exec, CLIENT_CMD_DATA
};

/*
 * The release history of path as GET /v1/modules/PATH/versions answers it
 * (details: ?details=1), through either door (client_call). NULL after
 * saying why.
 */
cJSON *
client_versions_doc(const struct client_cmd *cmd, const char *path,
    int details)
{
	cJSON	*doc;
	char	*route, *cause = NULL;

	if (modpath_check(path, &cause) != 0) {
		fprintf(stderr, "modvet %s: %s\n", cmd->name, cause);
		free(cause);
		return (NULL);
	}
	xasprintf(&route, "/v1/modules/%s/versions%s", path, details ?
	    "?details=1" : "");
	doc = client_call("GET", route, NULL, NULL, 0);
	free(route);
	return (doc);
}

/* One line: the path, then every version not retracted. */
static void
cmd_versions_print(const cJSON *doc)
{
	const cJSON	*v;

	printf("%s", cJSON_GetStringValue(cJSON_GetObjectItem(doc, "module")));
	cJSON_ArrayForEach(v, cJSON_GetObjectItem(doc, "versions")) {
		if (!cJSON_IsTrue(cJSON_GetObjectItem(v, "retracted")))
			printf(" %s", cJSON_GetStringValue(
			    cJSON_GetObjectItem(v, "version")));
	}
	printf("\n");
}

/* List the versions of argv[1]. */
static int
cmd_versions_exec(int argc, char **argv)
{
	cJSON	*doc;

	if (argc != 2)
		client_usage_error(&client_cmd_versions, "expected one module");
	if ((doc = client_versions_doc(&client_cmd_versions, argv[1], 0)) ==
	    NULL)
		return (CLIENT_EXIT_FAILURE);
	client_print_data(doc, cmd_versions_print);
	return (CLIENT_EXIT_OK);
}
