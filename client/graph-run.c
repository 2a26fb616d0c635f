/*
 * The commands that print a module graph (buildlist, graph): the
 * project's request, answered by the engine's operation (engine/
 * op-graph.c) through modvetd, or here with --local (client_call).
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

/* The shape of "modvet buildlist" and "modvet graph": read the project
 * (a workspace's, where the go command would use one), send it to route
 * (either door), and print the answer by print, or as JSON. */
int
client_graph_run(const struct client_cmd *cmd, int argc, char **argv,
    const char *route, void (*print)(const struct cJSON *))
{
	struct client_project	 p;
	char			*body;
	int			 rc = CLIENT_EXIT_FAILURE;

	client_project_args(cmd, argc, argv, &p);
	if (p.gowork != NULL) {
		/* The go command works on the workspace here. */
		rc = client_workspace_run(p.gowork, route, print);
		goto out;
	}
	if (client_project_read(&p) != 0)
		goto out;
	body = client_project_json(&p);
	rc = client_graph_call(route, body, print);
	free(body);
out:
	client_project_free(&p);
	return (rc);
}

/* Send a graph request's body to route and print the answer (print, or
 * JSON); the exit status. */
int
client_graph_call(const char *route, const char *body,
    void (*print)(const struct cJSON *))
{
	cJSON	*doc;

	doc = client_call("POST", route, "application/json", body,
	    strlen(body));
	if (doc == NULL)
		return (CLIENT_EXIT_FAILURE);
	client_print_data(doc, print);
	return (CLIENT_EXIT_OK);
}
