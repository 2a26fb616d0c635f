/*
 * modvet graph [-C DIR] [go.mod]: the module requirement graph, as "go mod
 * graph" prints it: "from to" edges, breadth first from the main module,
 * each module's requirements in its go.mod's order.
 */

#include "config.h"

#include <stdio.h>
#include <stdlib.h>

#include <cjson/cJSON.h>

#include "util/util.h"
#include "gomod/gomod.h"
#include "engine/engine.h"
#include "client/client.h"

static int	cmd_graph_exec(int, char **);

const struct client_cmd client_cmd_graph = {
	"graph", "[-C DIR] [--format text|json] [go.mod]", "the requirement graph (go mod graph)",
	cmd_graph_exec, CLIENT_CMD_DATA
};

/* Print the edges (either door's document) as go mod graph. */
static void
cmd_graph_print(const cJSON *doc)
{
	const cJSON	*e;

	cJSON_ArrayForEach(e, cJSON_GetObjectItem(doc, "edges"))
		printf("%s %s\n", cJSON_GetStringValue(cJSON_GetArrayItem(e, 0)),
		    cJSON_GetStringValue(cJSON_GetArrayItem(e, 1)));
}

/* Load the graph and print its edges. */
static int
cmd_graph_exec(int argc, char **argv)
{
	return (client_graph_run(&client_cmd_graph, argc, argv, "/v1/graph",
	    cmd_graph_print));
}
