/*
 * POST /v1/check and POST /v1/fix: a go.mod as the raw body, or JSON
 * {"gomod": "...", "gosum": "...", "file": "go.mod"} (Content-Type
 * application/json). check answers the findings (engine/json.c); fix
 * answers {"gomod", "gosum", "diff"} (null where nothing changes) and the
 * findings that remain. A go.mod that does not parse is a 422 naming the
 * file, line and column. check also takes a workspace ({"gowork",
 * "modules", "replacements", "file"}, as /v1/graph) and answers the
 * go.work's own findings (check_workspace). Local directory replacements
 * are read from what the request carries, never from a disk.
 *
 * check?format=text|json|github (&color=1) answers the findings rendered
 * as `modvet check -f FORMAT` prints them (render/render.c), with their
 * counts for the X-Modvet-Findings header: the thin client copies the
 * bytes.
 */

#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "util/util.h"
#include "engine/engine.h"
#include "render/render.h"

static void	op_check_run(struct op_call *);
static void	op_fix_run(struct op_call *);

const struct op op_check = {
	"POST", "/v1/check", "check", op_check_run, 1, 0
};
const struct op op_fix = {
	"POST", "/v1/fix", "fix", op_fix_run, 1, 0
};

/*
 * Answer findings about file: the API's JSON, or, when the call asks
 * for a format, the findings rendered in it (with colour when color=1)
 * and counted. The format was checked before the work (op_check_format).
 */
static void
op_check_answer(struct op_call *call, const struct findings *fs,
    const char *file)
{
	const char	*format = op_arg(call, "format");
	struct buf	 b;

	if (format == NULL) {
		op_answer(call, OP_OK, findings_to_json(fs, file));
		return;
	}
	buf_init(&b, 0);
	render_findings(&b, fs, file, format, op_flag(call, "color"));
	snprintf(call->findings, sizeof call->findings, "%zu %zu %zu",
	    findings_count(fs, FINDING_ERROR),
	    findings_count(fs, FINDING_WARNING),
	    findings_count(fs, FINDING_INFO));
	op_answer_text(call, OP_OK, strcmp(format, "json") == 0 ?
	    "application/json" : "text/plain; charset=utf-8", b.data, b.len);
	buf_free(&b);
}

/* Is the format asked for (if any) one the engine renders? Answers 422
 * and returns -1 when not. */
static int
op_check_format(struct op_call *call)
{
	const char	*format = op_arg(call, "format");
	const char	*colour = op_arg(call, "color");

	if (format != NULL && !render_format_ok(format)) {
		op_error(call, OP_UNPROCESSABLE, "invalid-format",
		    "format: \"%s\" is not text, json or github (sarif names "
		    "the client's files: the client renders it)", format);
		return (-1);
	}
	if (colour != NULL && strcmp(colour, "0") != 0 &&
	    strcmp(colour, "1") != 0) {
		op_error(call, OP_UNPROCESSABLE, "invalid-color",
		    "color: \"%s\" is not 0 or 1", colour);
		return (-1);
	}
	return (0);
}

/* The go.work's own check (check_workspace), answered. A workspace the
 * go command refuses is a finding, not a 422. */
static void
op_check_workspace(struct op_call *call, const struct gomod_input *in)
{
	struct workspace	 ws;
	struct check		 c;
	struct source		*src;
	char			*why = NULL, *cause = NULL;

	if ((src = op_source(call)) == NULL)
		return;
	if (workspace_open(&ws, in->file, in->gowork, strlen(in->gowork),
	    &in->modules, &why) != 0 && why == NULL)
		why = xstrdup("the workspace could not be read");
	if (check_workspace(&c, src, &ws, why, in->gowork,
	    strlen(in->gowork), &in->where, &cause) != 0) {
		op_error(call, OP_UNPROCESSABLE, "invalid-gowork", "%s", cause);
		free(cause);
	} else {
		op_check_answer(call, &c.findings, in->file);
		check_free(&c);	/* before the workspace its graph read */
	}
	workspace_free(&ws);
	free(why);
}

/* POST /v1/check: a go.mod, or a workspace (the go.work's findings). */
static void
op_check_run(struct op_call *call)
{
	struct gomod_input	 in;
	struct source		*src;
	struct check		 c;
	char			*cause = NULL;

	if (op_check_format(call) != 0)
		return;
	if (op_input(call, &in, 1) != 0)
		;
	else if (in.gowork != NULL)
		op_check_workspace(call, &in);
	else if ((src = op_source(call)) == NULL)
		;
	else if (check_run(&c, src, in.file, in.gomod, in.gomod_len,
	    &in.where, in.gosum, in.gosum_len, 1, &cause) != 0) {
		op_error(call, OP_UNPROCESSABLE, "invalid-gomod", "%s", cause);
		free(cause);
	} else {
		op_check_answer(call, &c.findings, in.file);
		check_free(&c);
	}
	gomod_input_free(&in);
}

/* Add a string or null. */
static void
op_fix_text(cJSON *doc, const char *name, const char *s)
{
	if (s != NULL)
		cJSON_AddStringToObject(doc, name, s);
	else
		cJSON_AddNullToObject(doc, name);
}

/* Add the diff of a file the fix changed (now: NULL when it did not). */
static void
op_fix_diff(struct buf *diffs, const char *name, const char *was,
    size_t was_len, const char *now, size_t now_len)
{
	char	*a, *b, *d;

	if (now == NULL)
		return;
	xasprintf(&a, "a/%s", name);
	xasprintf(&b, "b/%s", name);
	d = diff_unified(a, was, was_len, b, now, now_len);
	buf_adds(diffs, d);
	free(d);
	free(b);
	free(a);
}

/* POST /v1/fix: the fix, then the check of the result. */
static void
op_fix_run(struct op_call *call)
{
	struct gomod_input	 in;
	struct fix_result	 fx;
	struct source		*src;
	struct buf		 diffs;
	cJSON			*doc;
	char			*cause = NULL;

	if (op_input(call, &in, 0) != 0 ||
	    (src = op_source(call)) == NULL)
		goto out;
	if (fix_run(&fx, src, in.file, in.gomod, in.gomod_len, &in.where,
	    in.gosum, in.gosum_len, &cause) != 0) {
		op_error(call, OP_UNPROCESSABLE, "invalid-gomod", "%s", cause);
		free(cause);
		goto out;
	}
	buf_init(&diffs, 0);
	op_fix_diff(&diffs, "go.mod", in.gomod, in.gomod_len, fx.gomod,
	    fx.gomod_len);
	op_fix_diff(&diffs, "go.sum", in.gosum, in.gosum_len, fx.gosum,
	    fx.gosum_len);
	doc = findings_to_json(&fx.after.findings, in.file);
	op_fix_text(doc, "gomod", fx.gomod);
	op_fix_text(doc, "gosum", fx.gosum);
	op_fix_text(doc, "diff", diffs.len > 0 ? diffs.data : NULL);
	op_answer(call, OP_OK, doc);
	buf_free(&diffs);
	fix_result_free(&fx);
out:
	gomod_input_free(&in);
}
