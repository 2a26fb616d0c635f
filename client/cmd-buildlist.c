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
#include "verify/verify.h"
#include "client/client.h"

static int	cmd_buildlist_exec(int, char **);

const struct client_cmd client_cmd_buildlist = {
	"buildlist", "[-C DIR] [go.mod]",
	"the build list MVS selects (go list -m all)", cmd_buildlist_exec
};

/* Print one module of the build list. */
static void
cmd_buildlist_print(const struct modfile *mf, const struct mvs_mod *m)
{
	const struct modfile_replace	*r;

	if (*m->version == '\0') {
		printf("%s\n", m->path);
		return;
	}
	printf("%s %s", m->path, m->version);
	if ((r = graph_replacement(mf, m->path, m->version)) != NULL) {
		printf(" => %s", r->new.path);
		if (*r->new.version != '\0')
			printf(" %s", r->new.version);
	}
	printf("\n");
}

/* Print the build list of a graph. */
static void
cmd_buildlist_graph(const struct graph *g, const struct modfile *mf)
{
	struct mvs_list	list;
	size_t		i;

	graph_build_list(g, &list);
	for (i = 0; i < list.n; i++) {
		if (strcmp(list.v[i].path, "go") != 0 &&
		    strcmp(list.v[i].path, "toolchain") != 0)
			cmd_buildlist_print(mf, &list.v[i]);
	}
	mvs_list_free(&list);
}

/* Print the build list the daemon answered. */
static void
cmd_buildlist_remote(const cJSON *doc)
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
	    cmd_buildlist_graph, "/v1/buildlist", cmd_buildlist_remote, 1));
}
