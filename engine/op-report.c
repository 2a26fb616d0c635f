/*
 * The cron report as operations, the same through either door:
 *
 *	POST /v1/reports	run one now: a projects file ("NAME PATH",
 *				"NAME git URL REF [DIR]", "watch MODULE"
 *				lines) as the raw body, or JSON {"projects":
 *				"...", "name": "projects", "inputs": {NAME:
 *				{"gomod", "gosum", "replacements", "sources"}
 *				or {"error"}}}: what the client read for
 *				each project on its disk (engine/engine.h,
 *				struct report_request). An empty body runs
 *				the door's own projects file (modvetd.conf's
 *				projects-file). Answers 201 with the report
 *				(engine/report-json.c) and its "id".
 *	GET /v1/reports		the history, newest first (?limit=N, <= 100)
 *	GET /v1/reports/ID	one of them, or "latest" (?format=json|md|html)
 *
 * The door says which git hosts a caller's URLs may name and where its
 * projects file is (struct op_call): the operations read no path a
 * caller names.
 */

#include "config.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "util/util.h"
#include "gomod/gomod.h"
#include "cache/cache.h"
#include "engine/engine.h"

#define OP_REPORT_MAX_FILE	(1 << 20)	/* bytes of a projects file */
#define OP_REPORT_LIMIT		100		/* rows of the history */

static void	op_report_run(struct op_call *);
static void	op_reports_run(struct op_call *);
static void	op_report_get_run(struct op_call *);

const struct op op_report = {
	"POST", "/v1/reports", "reports", op_report_run, 0, 1
};
const struct op op_reports = {
	"GET", "/v1/reports", "reports", op_reports_run, 0, 0
};
const struct op op_report_get = {
	"GET", "/v1/reports/", "reports", op_report_get_run, 0, 0
};

/* The door's own projects file into req (text and base to free);
 * -1 after answering why not. */
static int
op_report_own_file(struct op_call *call, struct report_request *req,
    char **text, char **base)
{
	if (call->projects_file == NULL) {
		op_error(call, OP_BAD_REQUEST, "no-projects", "send a projects "
		    "file (\"NAME git URL REF [DIR]\" and \"watch MODULE\" "
		    "lines), or set projects-file in modvetd.conf");
		return (-1);
	}
	if (util_read_file(call->projects_file, OP_REPORT_MAX_FILE, text,
	    &req->len) != 0) {
		op_error(call, OP_INTERNAL, "projects-file", "projects-file "
		    "%s: %s", call->projects_file, strerror(errno));
		return (-1);
	}
	*base = gopath_dir(call->projects_file);	/* "." for a bare name */
	req->name = call->projects_file;
	req->text = *text;
	req->base = *base;
	return (0);
}

/* The request the body holds (a caller's: no base); -1 after answering
 * why not. *json is the parsed body, to delete. */
static int
op_report_body(struct op_call *call, struct report_request *req,
    cJSON **json)
{
	const cJSON	*v;

	req->name = "projects";
	if (call->type == NULL || strncmp(call->type, "application/json",
	    16) != 0) {
		req->text = call->body;
		req->len = call->len;
		return (0);
	}
	if ((*json = cJSON_ParseWithLength(call->body, call->len)) == NULL ||
	    !cJSON_IsObject(*json) || !cJSON_IsString(v =
	    cJSON_GetObjectItemCaseSensitive(*json, "projects"))) {
		op_error(call, OP_BAD_REQUEST, "invalid-json", "expected "
		    "{\"projects\": \"the projects file\", \"name\": \"...\", "
		    "\"inputs\": {...}}");
		return (-1);
	}
	req->text = v->valuestring;
	req->len = strlen(v->valuestring);
	if (cJSON_IsString(v = cJSON_GetObjectItemCaseSensitive(*json,
	    "name")))
		req->name = v->valuestring;
	v = cJSON_GetObjectItemCaseSensitive(*json, "inputs");
	if (v != NULL && !cJSON_IsObject(v)) {
		op_error(call, OP_BAD_REQUEST, "invalid-json", "field \"inputs\" "
		    "must map each project's name to its go.mod input");
		return (-1);
	}
	req->inputs = v;
	return (0);
}

/* POST /v1/reports */
static void
op_report_run(struct op_call *call)
{
	struct report_request	 req;
	struct report		 rep;
	struct source		*src;
	cJSON			*json = NULL, *doc;
	char			*text = NULL, *base = NULL, *errors = NULL;
	char			*cause = NULL;

	memset(&req, 0, sizeof req);
	req.git_hosts = call->git_hosts;
	if ((call->len == 0 ? op_report_own_file(call, &req, &text, &base) :
	    op_report_body(call, &req, &json)) != 0 ||
	    (src = op_source(call)) == NULL)
		goto out;
	if (report_gather(&rep, src, &req, &errors) != 0) {
		if (*errors != '\0' && errors[strlen(errors) - 1] == '\n')
			errors[strlen(errors) - 1] = '\0';
		op_error(call, OP_BAD_REQUEST, "invalid-projects", "%s",
		    errors);
	} else if (report_store(&rep, src->cache, &cause) != 0)
		op_error(call, OP_INTERNAL, "cache-error", "%s", cause);
	else {
		doc = report_to_json(&rep);
		cJSON_AddNumberToObject(doc, "id", (double)rep.id);
		op_answer(call, OP_CREATED, doc);
	}
	report_free(&rep);
out:
	cJSON_Delete(json);
	free(cause);
	free(errors);
	free(base);
	free(text);
}

/* GET /v1/reports */
static void
op_reports_run(struct op_call *call)
{
	struct cache_report_row	*rows;
	struct source		*src;
	cJSON			*doc, *a, *o;
	const char		*limit = op_arg(call, "limit"), *errstr = NULL;
	char			*cause = NULL, when[32];
	size_t			 n, i, max = OP_REPORT_LIMIT;

	if (limit != NULL)
		max = (size_t)strtonum(limit, 1, OP_REPORT_LIMIT, &errstr);
	if (errstr != NULL) {
		op_error(call, OP_BAD_REQUEST, "invalid-limit", "limit %s is "
		    "%s (1 to %d)", limit, errstr, OP_REPORT_LIMIT);
		return;
	}
	if ((src = op_source(call)) == NULL)
		return;
	if (cache_report_list(src->cache, max, &rows, &n, &cause) != 0) {
		op_error(call, OP_INTERNAL, "cache-error", "%s", cause);
		free(cause);
		return;
	}
	doc = cJSON_CreateObject();
	a = cJSON_AddArrayToObject(doc, "reports");
	for (i = 0; i < n; i++) {
		o = cJSON_CreateObject();
		cJSON_AddNumberToObject(o, "id", (double)rows[i].id);
		cJSON_AddStringToObject(o, "ran", util_format_rfc3339(
		    (time_t)(rows[i].ran_ms / 1000), when));
		cJSON_AddBoolToObject(o, "needs_attention",
		    rows[i].needs_attention);
		cJSON_AddItemToArray(a, o);
	}
	free(rows);
	op_answer(call, OP_OK, doc);
}

/* GET /v1/reports/latest or /v1/reports/ID */
static void
op_report_get_run(struct op_call *call)
{
	struct source	*src;
	const char	*format, *errstr = NULL, *type;
	char		*text, *cause = NULL;
	long long	 id = -1;
	int		 rc;

	format = op_arg(call, "format") != NULL ? op_arg(call, "format") :
	    "json";
	if (strcmp(format, "json") != 0 && strcmp(format, "md") != 0 &&
	    strcmp(format, "html") != 0) {
		op_error(call, OP_BAD_REQUEST, "invalid-format",
		    "format must be json, md or html");
		return;
	}
	if (strcmp(call->rest, "latest") != 0)
		id = strtonum(call->rest, 1, INT64_MAX, &errstr);
	if (errstr != NULL) {
		op_error(call, OP_BAD_REQUEST, "invalid-report",
		    "report id %s is %s", call->rest, errstr);
		return;
	}
	if ((src = op_source(call)) == NULL)
		return;
	rc = cache_report_get(src->cache, id, format, &text, &cause);
	if (rc == MV_ENOTFOUND)
		op_error(call, OP_NOT_FOUND, "no-report", "no such report "
		    "(POST /v1/reports runs one)");
	else if (rc != 0) {
		op_error(call, OP_INTERNAL, "cache-error", "%s", cause);
		free(cause);
	} else {
		type = strcmp(format, "html") == 0 ? "text/html; charset=utf-8" :
		    strcmp(format, "md") == 0 ? "text/markdown; charset=utf-8" :
		    "application/json";
		op_answer_text(call, OP_OK, type, text, strlen(text));
		free(text);
	}
}
