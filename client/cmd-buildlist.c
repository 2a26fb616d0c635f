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

/* Load the graph and print the build list. */
static int
cmd_buildlist_exec(int argc, char **argv)
{
	struct client_project	 p;
	struct client_local	 l;
	struct graph		 g;
	struct mvs_list		 list;
	size_t			 i;
	int			 rc;

	client_project_args(&client_cmd_buildlist, argc, argv, &p);
	if (client_project_load(&p) != 0) {
		client_project_free(&p);
		return (CLIENT_EXIT_FAILURE);
	}
	client_local_open(&l);
	graph_load(&g, &l.source, p.mf, p.moddir, 1);
	if ((rc = client_graph_errors(&g)) == CLIENT_EXIT_OK) {
		graph_build_list(&g, &list);
		for (i = 0; i < list.n; i++) {
			if (strcmp(list.v[i].path, "go") != 0 &&
			    strcmp(list.v[i].path, "toolchain") != 0)
				cmd_buildlist_print(p.mf, &list.v[i]);
		}
		mvs_list_free(&list);
	}
	graph_free(&g);
	client_local_close(&l);
	client_project_free(&p);
	return (rc);
}
