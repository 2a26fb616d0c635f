/*
 * modvet buildlist [-C DIR] [go.mod]: the build list, as "go list -m all"
 * prints it: the main module's path, then "path version" for every
 * selected module (with " => replacement" where the main module replaces
 * it), in the go command's order.
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

static int	cmd_buildlist_exec(int, char **);

const struct client_cmd client_cmd_buildlist = {
	"buildlist", "[-C DIR] [--format text|json] [go.mod]",
	"the build list MVS selects (go list -m all)", cmd_buildlist_exec,
	CLIENT_CMD_DATA
};

/* Print the build list (either door's document) as go list -m all. */
static void
cmd_buildlist_print(const cJSON *doc)
{
	const cJSON	*m, *rep;
	const char	*v;

	cJSON_ArrayForEach(m, cJSON_GetObjectItem(doc, "modules")) {
		v = cJSON_GetStringValue(cJSON_GetObjectItem(m, "version"));
		if (v == NULL || *v == '\0') {
			printf("%s\n", cJSON_GetStringValue(
			    cJSON_GetObjectItem(m, "path")));
			continue;
		}
		printf("%s %s", cJSON_GetStringValue(cJSON_GetObjectItem(m,
		    "path")), v);
		if ((rep = cJSON_GetObjectItem(m, "replace")) != NULL) {
			v = cJSON_GetStringValue(cJSON_GetObjectItem(rep,
			    "version"));
			printf(" => %s%s%s", cJSON_GetStringValue(
			    cJSON_GetObjectItem(rep, "path")),
			    v != NULL && *v != '\0' ? " " : "",
			    v != NULL ? v : "");
		}
		printf("\n");
	}
}

/* Load the graph and print the build list. */
static int
cmd_buildlist_exec(int argc, char **argv)
{
	return (client_graph_run(&client_cmd_buildlist, argc, argv,
	    "/v1/buildlist", cmd_buildlist_print));
}
