/*
 * POST /v1/graph and POST /v1/buildlist: the module graph of a go.mod
 * (the raw body, or JSON {"gomod"}), loaded as "go mod graph" and "go
 * list -m all" load it (-mod=mod: roots raised to what MVS selects):
 *
 *	graph:     {"edges": [["from", "to"], ...]}  breadth first
 *	buildlist: {"modules": [{"path", "version", "replace": {"path",
 *	            "version"}}]}  the main module first
 *
 * or of a workspace (JSON {"gowork", "modules"}). A go.mod of the graph
 * that cannot be read is a 502 naming it (every one, a line each), and
 * for the build list a selected version's .info too (go list -m all
 * reads them all). Local directory replacements are read from what the
 * request carries, never from a disk: in either door, the client read
 * them and sent their go.mod files.
 */

#include "config.h"

#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "util/util.h"
#include "gomod/gomod.h"
#include "engine/engine.h"

static void	op_graph_run(struct op_call *);
static void	op_buildlist_run(struct op_call *);

const struct op op_graph = {
	"POST", "/v1/graph", "graph", op_graph_run, 1, 0
};
const struct op op_buildlist = {
	"POST", "/v1/buildlist", "buildlist", op_buildlist_run, 1, 0
};

/* Every required path is one the go command accepts (a malformed one is
 * never sent upstream); answers 422 naming the line otherwise. */
static int
op_graph_paths_ok(struct op_call *call, const struct modfile *mf)
{
	char	*cause = NULL;
	size_t	 i;

	for (i = 0; i < mf->require.n; i++) {
		/* "go" and "toolchain" are the go command's own nodes. */
		if (gover_is_toolchain(mf->require.v[i]->mod.path) ||
		    modpath_check(mf->require.v[i]->mod.path, &cause) == 0)
			continue;
		op_error(call, OP_UNPROCESSABLE, "invalid-path",
		    "go.mod:%d: %s", mf->require.v[i]->syntax != NULL ?
		    mf->require.v[i]->syntax->start.line : 0, cause);
		free(cause);
		return (-1);
	}
	return (0);
}

/* Answer with a loaded graph (mf: its replacements). */
static void
op_graph_answer(struct op_call *call, const struct graph *g,
    const struct modfile *mf, int buildlist)
{
	struct strv	 why;
	struct buf	 b;
	size_t		 i;

	/* The lines are all of go.mod files, or all of .info files. */
	if (graph_unreadable(g, buildlist, &why) > 0) {
		buf_init(&b, 0);
		for (i = 0; i < why.n; i++)
			buf_printf(&b, "%s%s", i > 0 ? "\n" : "", why.v[i]);
		op_error(call, OP_BAD_GATEWAY, strstr(why.v[0],
		    ": reading .info: ") != NULL ? "unreadable-info" :
		    "unreadable-gomod", "%s", b.data);
		buf_free(&b);
	} else if (buildlist)
		op_answer(call, OP_OK, result_buildlist(g, mf));
	else
		op_answer(call, OP_OK, result_graph(g));
	strv_free(&why);
}

/* The workspace a request carries, loaded; -1 after answering why. */
static int
op_graph_workspace(struct op_call *call, struct gomod_input *in,
    struct workspace *ws)
{
	char	*cause = NULL;

	if (workspace_open(ws, in->file, in->gowork, strlen(in->gowork),
	    &in->modules, &cause) != 0) {
		op_error(call, OP_UNPROCESSABLE, "invalid-gowork", "%s",
		    cause);
		free(cause);
		return (-1);
	}
	switch (workspace_lines_ok(ws, &cause)) {
	case 0:
		break;
	case -1:
		op_error(call, OP_TOO_LARGE, "too-large", "%s", cause);
		free(cause);
		return (-1);
	default:
		op_error(call, OP_UNPROCESSABLE, "invalid-path", "%s", cause);
		free(cause);
		return (-1);
	}
	return (0);
}

/* The go.mod a request carries, parsed and within the limits; NULL
 * after answering why. */
static struct modfile *
op_graph_gomod(struct op_call *call, const struct gomod_input *in)
{
	struct modfile_errors	 errs;
	struct modfile		*mf;
	char			*msg;

	modfile_errors_init(&errs, in->file);
	mf = modfile_parse(in->file, in->gomod, in->gomod_len, MODFILE_STRICT,
	    NULL, NULL, &errs);
	if (mf == NULL) {
		msg = modfile_errors_string(&errs);
		op_error(call, OP_UNPROCESSABLE, "invalid-gomod", "%s", msg);
		free(msg);
		modfile_errors_free(&errs);
		return (NULL);
	}
	modfile_errors_free(&errs);
	if (check_limits(mf, in->file, &msg) != 0) {
		op_error(call, OP_TOO_LARGE, "too-large", "%s", msg);
		free(msg);
	} else if (op_graph_paths_ok(call, mf) == 0)
		return (mf);
	modfile_free(mf);
	return (NULL);
}

/* Load the graph of the request's go.mod (or workspace) and answer with
 * it. */
static void
op_graph_load(struct op_call *call, int buildlist)
{
	struct gomod_input	 in;
	struct modfile		*mf = NULL;
	struct workspace	 ws;
	struct source		*src;
	struct graph		 g;

	memset(&ws, 0, sizeof ws);
	if (op_input(call, &in, 1) != 0)
		goto out;
	if (in.gowork != NULL) {
		if (op_graph_workspace(call, &in, &ws) != 0 ||
		    (src = op_source(call)) == NULL)
			goto out;
		graph_load_workspace(&g, src, &ws, &in.where);
		op_graph_answer(call, &g, ws.merged, buildlist);
		graph_free(&g);
		goto out;
	}
	if ((mf = op_graph_gomod(call, &in)) == NULL ||
	    (src = op_source(call)) == NULL)
		goto out;
	graph_load(&g, src, mf, &in.where, GRAPH_TIDY);
	op_graph_answer(call, &g, mf, buildlist);
	graph_free(&g);
out:
	modfile_free(mf);
	workspace_free(&ws);
	gomod_input_free(&in);
}

/* POST /v1/graph */
static void
op_graph_run(struct op_call *call)
{
	op_graph_load(call, 0);
}

/* POST /v1/buildlist */
static void
op_buildlist_run(struct op_call *call)
{
	op_graph_load(call, 1);
}
