/*
 * POST /v1/graph and POST /v1/buildlist: the module graph of a go.mod
 * (the raw body, or JSON {"gomod"}), loaded as "go mod graph" and "go
 * list -m all" load it (-mod=mod: roots raised to what MVS selects):
 *
 *	graph:     {"edges": [["from", "to"], ...]}  breadth first
 *	buildlist: {"modules": [{"path", "version", "replace": {"path",
 *	            "version"}}]}  the main module first
 *
 * A go.mod of the graph that cannot be read is a 502 naming it, and for
 * the build list a selected version's .info too (go list -m all reads
 * them all); local directory replacements are not read.
 */

#include "config.h"

#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>
#include <microhttpd.h>

#include "util/util.h"
#include "gomod/gomod.h"
#include "verify/verify.h"
#include "daemon/daemon.h"

static void	route_graph_handle(struct request *, const char *);
static void	route_buildlist_handle(struct request *, const char *);

const struct route route_graph = {
	"POST", "/v1/graph", "graph", route_graph_handle, 1
};
const struct route route_buildlist = {
	"POST", "/v1/buildlist", "buildlist", route_buildlist_handle, 1
};

/* Every required path is one the go command accepts (a malformed one is
 * never sent upstream); replies 422 naming the line otherwise. */
static int
route_graph_paths_ok(struct request *r, const struct modfile *mf)
{
	char	*cause = NULL;
	size_t	 i;

	for (i = 0; i < mf->require.n; i++) {
		/* "go" and "toolchain" are the go command's own nodes. */
		if (gover_is_toolchain(mf->require.v[i]->mod.path) ||
		    modpath_check(mf->require.v[i]->mod.path, &cause) == 0)
			continue;
		reply_error(r, MHD_HTTP_UNPROCESSABLE_CONTENT, "invalid-path",
		    "go.mod:%d: %s", mf->require.v[i]->syntax != NULL ?
		    mf->require.v[i]->syntax->start.line : 0, cause);
		free(cause);
		return (-1);
	}
	return (0);
}

/* Answer with a loaded graph (mf: its replacements). */
static void
route_graph_answer(struct request *r, const struct graph *g,
    const struct modfile *mf, int buildlist)
{
	struct strv	 why;

	/* The lines are all of go.mod files, or all of .info files. */
	if (graph_unreadable(g, buildlist, &why) > 0)
		reply_error(r, MHD_HTTP_BAD_GATEWAY, strstr(why.v[0],
		    ": reading .info: ") != NULL ? "unreadable-info" :
		    "unreadable-gomod", "%s", why.v[0]);
	else if (buildlist)
		reply_json(r, MHD_HTTP_OK, result_buildlist(g, mf));
	else
		reply_json(r, MHD_HTTP_OK, result_graph(g));
	strv_free(&why);
}

/* The workspace a request carries, loaded; -1 after replying why. */
static int
route_graph_workspace(struct request *r, struct gomod_input *in,
    struct workspace *ws)
{
	char	*cause = NULL;

	if (workspace_open(ws, in->file, in->gowork, strlen(in->gowork),
	    &in->modules, &cause) != 0) {
		reply_error(r, MHD_HTTP_UNPROCESSABLE_CONTENT, "invalid-gowork",
		    "%s", cause);
		free(cause);
		return (-1);
	}
	switch (workspace_lines_ok(ws, &cause)) {
	case 0:
		break;
	case -1:
		reply_error(r, MHD_HTTP_CONTENT_TOO_LARGE, "too-large", "%s",
		    cause);
		free(cause);
		return (-1);
	default:
		reply_error(r, MHD_HTTP_UNPROCESSABLE_CONTENT, "invalid-path",
		    "%s", cause);
		free(cause);
		return (-1);
	}
	return (0);
}

/* Load the graph of the request's go.mod (or workspace) and answer with
 * it. */
static void
route_graph_run(struct request *r, int buildlist)
{
	struct gomod_input	 in;
	struct modfile_errors	 errs;
	struct modfile		*mf = NULL;
	struct workspace	 ws;
	struct worker		*w;
	struct graph		 g;
	char			*msg;

	memset(&ws, 0, sizeof ws);
	if (request_gomod(r, &in, 1) != 0 || (w = request_worker(r)) == NULL)
		goto out;
	if (in.gowork != NULL) {
		if (route_graph_workspace(r, &in, &ws) != 0)
			goto out;
		graph_load_workspace(&g, worker_source(w), &ws, &in.where);
		route_graph_answer(r, &g, ws.merged, buildlist);
		graph_free(&g);
		metrics_upstream(worker_source(w));
		goto out;
	}
	modfile_errors_init(&errs, in.file);
	mf = modfile_parse(in.file, in.gomod, in.gomod_len, MODFILE_STRICT,
	    NULL, NULL, &errs);
	if (mf == NULL) {
		msg = modfile_errors_string(&errs);
		reply_error(r, MHD_HTTP_UNPROCESSABLE_CONTENT, "invalid-gomod",
		    "%s", msg);
		free(msg);
		modfile_errors_free(&errs);
		goto out;
	}
	modfile_errors_free(&errs);
	if (check_limits(mf, in.file, &msg) != 0) {
		reply_error(r, MHD_HTTP_CONTENT_TOO_LARGE, "too-large", "%s",
		    msg);
		free(msg);
		goto out;
	}
	if (route_graph_paths_ok(r, mf) != 0)
		goto out;
	graph_load(&g, worker_source(w), mf, &in.where, 1);
	route_graph_answer(r, &g, mf, buildlist);
	graph_free(&g);
	metrics_upstream(worker_source(w));
out:
	modfile_free(mf);
	workspace_free(&ws);
	gomod_input_free(&in);
}

/* POST /v1/graph */
static void
route_graph_handle(struct request *r, const char *rest)
{
	route_graph_run(r, 0);
}

/* POST /v1/buildlist */
static void
route_buildlist_handle(struct request *r, const char *rest)
{
	route_graph_run(r, 1);
}
