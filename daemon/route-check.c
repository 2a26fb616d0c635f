/*
 * POST /v1/check and POST /v1/fix: a go.mod as the raw body, or JSON
 * {"gomod": "...", "gosum": "...", "file": "go.mod"} (Content-Type
 * application/json). check answers the findings (verify/json.c); fix
 * answers {"gomod", "gosum", "diff"} (null where nothing changes) and the
 * findings that remain. A go.mod that does not parse is a 422 naming the
 * file, line and column. check also takes a workspace ({"gowork",
 * "modules", "replacements", "file"}, as /v1/graph) and answers the
 * go.work's own findings (check_workspace). Local directory replacements
 * are not read: the daemon's files are not the client's.
 *
 * check?format=text|json|github (&color=1) answers the findings rendered
 * as `modvet check -f FORMAT` prints them (verify/render.c), with their
 * counts in the X-Modvet-Findings header: the client copies the bytes.
 */

#include "config.h"

#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>
#include <microhttpd.h>

#include "util/util.h"
#include "verify/verify.h"
#include "daemon/daemon.h"

static void	route_check_handle(struct request *, const char *);
static void	route_fix_handle(struct request *, const char *);

const struct route route_check = {
	"POST", "/v1/check", "check", route_check_handle, 1
};
const struct route route_fix = {
	"POST", "/v1/fix", "fix", route_fix_handle, 1
};

/* Run the check; replies and returns -1 on failure. */
static int
route_run(struct request *r, const struct gomod_input *in, struct check *c,
    struct worker **w)
{
	char	*cause = NULL;

	if ((*w = request_worker(r)) == NULL)
		return (-1);
	if (check_run(c, worker_source(*w), in->file, in->gomod,
	    in->gomod_len, &in->where, in->gosum, in->gosum_len, 1,
	    &cause) != 0) {
		reply_error(r, MHD_HTTP_UNPROCESSABLE_CONTENT, "invalid-gomod",
		    "%s", cause);
		free(cause);
		return (-1);
	}
	return (0);
}

/*
 * Answer findings about file: the API's JSON, or, when the request asks
 * for a format, the findings rendered in it (with colour when color=1)
 * and counted in the findings header. The format was checked before the
 * work (route_format).
 */
static void
route_reply_findings(struct request *r, const struct findings *fs,
    const char *file)
{
	const char	*format = request_arg(r, "format"), *colour;
	struct buf	 b;

	if (format == NULL) {
		reply_json(r, MHD_HTTP_OK, findings_to_json(fs, file));
		return;
	}
	colour = request_arg(r, "color");
	buf_init(&b, 0);
	render_findings(&b, fs, file, format, colour != NULL &&
	    strcmp(colour, "1") == 0);
	snprintf(r->findings, sizeof r->findings, "%zu %zu %zu",
	    findings_count(fs, FINDING_ERROR),
	    findings_count(fs, FINDING_WARNING),
	    findings_count(fs, FINDING_INFO));
	reply_text(r, MHD_HTTP_OK, strcmp(format, "json") == 0 ?
	    "application/json" : "text/plain; charset=utf-8", b.data, b.len);
	buf_free(&b);
}

/* Is the format asked for (if any) one the daemon renders? Replies 422
 * and returns -1 when not. */
static int
route_format(struct request *r)
{
	const char	*format = request_arg(r, "format");
	const char	*colour = request_arg(r, "color");

	if (format != NULL && !render_format_ok(format)) {
		reply_error(r, MHD_HTTP_UNPROCESSABLE_CONTENT, "invalid-format",
		    "format: \"%s\" is not text, json or github (sarif names "
		    "the client's files: the client renders it)", format);
		return (-1);
	}
	if (colour != NULL && strcmp(colour, "0") != 0 &&
	    strcmp(colour, "1") != 0) {
		reply_error(r, MHD_HTTP_UNPROCESSABLE_CONTENT, "invalid-color",
		    "color: \"%s\" is not 0 or 1", colour);
		return (-1);
	}
	return (0);
}

/* The go.work's own check (check_workspace), answered. A workspace the
 * go command refuses is a finding, not a 422. */
static void
route_check_workspace(struct request *r, const struct gomod_input *in)
{
	struct workspace	 ws;
	struct check		 c;
	struct worker		*w;
	char			*why = NULL, *cause = NULL;

	if ((w = request_worker(r)) == NULL)
		return;
	if (workspace_open(&ws, in->file, in->gowork, strlen(in->gowork),
	    &in->modules, &why) != 0 && why == NULL)
		why = xstrdup("the workspace could not be read");
	if (check_workspace(&c, worker_source(w), &ws, why, in->gowork,
	    strlen(in->gowork), &in->where, &cause) != 0) {
		reply_error(r, MHD_HTTP_UNPROCESSABLE_CONTENT, "invalid-gowork",
		    "%s", cause);
		free(cause);
	} else {
		route_reply_findings(r, &c.findings, in->file);
		check_free(&c);	/* before the workspace its graph read */
	}
	metrics_upstream(worker_source(w));
	workspace_free(&ws);
	free(why);
}

/* POST /v1/check: a go.mod, or a workspace (the go.work's findings). */
static void
route_check_handle(struct request *r, const char *rest)
{
	struct gomod_input	 in;
	struct check		 c;
	struct worker		*w;

	if (route_format(r) != 0)
		return;
	if (request_gomod(r, &in, 1) != 0) {
		gomod_input_free(&in);
		return;
	}
	if (in.gowork != NULL) {
		route_check_workspace(r, &in);
		gomod_input_free(&in);
		return;
	}
	if (route_run(r, &in, &c, &w) == 0) {
		route_reply_findings(r, &c.findings, in.file);
		check_free(&c);
	}
	if (w != NULL)
		metrics_upstream(worker_source(w));
	gomod_input_free(&in);
}

/* Add a string or null. */
static void
route_add_text(cJSON *doc, const char *name, const char *s)
{
	if (s != NULL)
		cJSON_AddStringToObject(doc, name, s);
	else
		cJSON_AddNullToObject(doc, name);
}

/* POST /v1/fix: the fix, then the check of the result. */
static void
route_fix_handle(struct request *r, const char *rest)
{
	struct gomod_input	 in;
	struct fix_result	 fx;
	struct worker		*w = NULL;
	struct buf		 diffs;
	cJSON			*doc;
	char			*d, *cause = NULL;

	if (request_gomod(r, &in, 0) != 0 || (w = request_worker(r)) == NULL)
		goto out;
	if (fix_run(&fx, worker_source(w), in.file, in.gomod, in.gomod_len,
	    &in.where, in.gosum, in.gosum_len, &cause) != 0) {
		reply_error(r, MHD_HTTP_UNPROCESSABLE_CONTENT, "invalid-gomod",
		    "%s", cause);
		free(cause);
		goto out;
	}
	buf_init(&diffs, 0);
	if (fx.gomod != NULL) {
		d = diff_unified("a/go.mod", in.gomod, in.gomod_len, "b/go.mod",
		    fx.gomod, fx.gomod_len);
		buf_adds(&diffs, d);
		free(d);
	}
	if (fx.gosum != NULL) {
		d = diff_unified("a/go.sum", in.gosum, in.gosum_len, "b/go.sum",
		    fx.gosum, fx.gosum_len);
		buf_adds(&diffs, d);
		free(d);
	}
	doc = findings_to_json(&fx.after.findings, in.file);
	route_add_text(doc, "gomod", fx.gomod);
	route_add_text(doc, "gosum", fx.gosum);
	route_add_text(doc, "diff", diffs.len > 0 ? diffs.data : NULL);
	reply_json(r, MHD_HTTP_OK, doc);
	buf_free(&diffs);
	fix_result_free(&fx);
out:
	if (w != NULL)
		metrics_upstream(worker_source(w));
	gomod_input_free(&in);
}
