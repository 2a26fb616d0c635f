/*
 * The commands that print a module graph (buildlist, graph): the
 * project's graph through modvetd, or built here with --local.
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

/* Print what in a graph could not be read, as the go command would
 * refuse to list it (infos: as go list -m all, which also reads every
 * selected version's .info). Returns the exit status. */
int
client_graph_errors(const struct graph *g, int infos)
{
	struct strv	why;
	size_t		i;

	graph_unreadable(g, infos, &why);
	for (i = 0; i < why.n; i++)
		fprintf(stderr, "modvet: %s\n", why.v[i]);
	i = why.n;
	strv_free(&why);
	return (i > 0 ? CLIENT_EXIT_FAILURE : CLIENT_EXIT_OK);
}

/* The shape of "modvet buildlist" and "modvet graph": read the project;
 * through the daemon (POST route), or here: load its graph as "go list
 * -m all" does (-mod=mod: roots raised to what MVS selects) and encode
 * it as the route does when every go.mod (and with infos, every selected
 * version's .info) could be read. Either door's document is printed by
 * print, or as JSON. */
int
client_graph_run(const struct client_cmd *cmd, int argc, char **argv,
    struct cJSON *(*encode)(const struct graph *, const struct modfile *),
    const char *route, void (*print)(const struct cJSON *), int infos)
{
	struct client_project	 p;
	struct client_local	 l;
	struct graph		 g;
	struct moddir		 where = { NULL, NULL, NULL, NULL };
	char			*body;
	int			 rc = CLIENT_EXIT_FAILURE;

	client_project_args(cmd, argc, argv, &p);
	if (p.gowork != NULL) {
		/* The go command works on the workspace here. */
		rc = client_workspace_run(p.gowork, encode, route, print,
		    infos);
		goto out;
	}
	if (client_project_read(&p) != 0)
		goto out;
	if (!client_project_local(&p)) {
		body = client_project_json(&p);
		rc = client_graph_remote(route, body, print);
		free(body);
		goto out;
	}
	if (client_project_parse(&p) != 0)
		goto out;
	client_local_open(&l);
	where.path = p.moddir;
	where.sent = NULL;
	graph_load(&g, &l.source, p.mf, &where, 1);
	if ((rc = client_graph_errors(&g, infos)) == CLIENT_EXIT_OK)
		client_print_data(encode(&g, p.mf), print);
	graph_free(&g);
	client_local_close(&l);
out:
	client_project_free(&p);
	return (rc);
}

/* POST a graph request's body to route and print the answer (print,
 * or JSON); the exit status. */
int
client_graph_remote(const char *route, const char *body,
    void (*print)(const struct cJSON *))
{
	struct client_remote	 r;
	cJSON			*doc;
	long			 st;
	int			 rc = CLIENT_EXIT_FAILURE;

	if (client_remote_open(&r, &client_opts) != 0)
		return (rc);
	doc = client_remote_call(&r, "POST", route, "application/json", body,
	    strlen(body), &st);
	if (doc != NULL) {
		client_print_data(doc, print);
		rc = CLIENT_EXIT_OK;
	}
	client_remote_close(&r);
	return (rc);
}

/* Check in this process (--local)? Else through the daemon, which gets
 * the go.mod files of local replacements with the request. */
