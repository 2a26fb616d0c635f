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
#include "verify/verify.h"
#include "client/client.h"

static int	cmd_graph_exec(int, char **);

const struct client_cmd client_cmd_graph = {
	"graph", "[-C DIR] [go.mod]", "the requirement graph (go mod graph)",
	cmd_graph_exec
};

/* Print path@version, or the bare path of the main module. */
static void
cmd_graph_name(const struct graph_node *n)
{
	fputs(n->path, stdout);
	if (*n->version != '\0')
		printf("@%s", n->version);
}

/* Print a node's edges (graph_walk callback). */
static void
cmd_graph_node(const struct graph_node *n, void *arg)
{
	size_t	i;

	for (i = 0; i < n->nreqs; i++) {
		cmd_graph_name(n);
		putchar(' ');
		cmd_graph_name(n->reqs[i]);
		putchar('\n');
	}
}

/* Print every edge of a graph. */
static void
cmd_graph_graph(const struct graph *g, const struct modfile *mf)
{
	graph_walk(g, cmd_graph_node, NULL);
}

/* Print the edges the daemon answered. */
static void
cmd_graph_remote(const cJSON *doc)
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
	return (client_graph_run(&client_cmd_graph, argc, argv,
	    cmd_graph_graph, "/v1/graph", cmd_graph_remote, 0));
}
