/*
 * Reports through the API:
 *
 *	POST /v1/reports		run one now: the body is a projects
 *					file (watch lines, and git projects
 *					on the operator's git-hosts only:
 *					the daemon reads no paths it is sent
 *					and reaches no host it was not told
 *					to), or empty for the configured
 *					projects-file
 *	GET /v1/reports			the history, newest first (?limit=N)
 *	GET /v1/reports/latest		the latest (?format=json|md|html)
 *	GET /v1/reports/ID		one of them
 */

#include "config.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>
#include <microhttpd.h>

#include "util/util.h"
#include "cache/cache.h"
#include "engine/engine.h"
#include "render/render.h"
#include "daemon/daemon.h"

#define ROUTE_REPORTS_MAX_FILE	(1 << 20)	/* bytes of projects-file */
#define ROUTE_REPORTS_LIMIT	100		/* rows of the history */

static void	route_reports_run_handle(struct request *, const char *);
static void	route_reports_list_handle(struct request *, const char *);
static void	route_reports_get_handle(struct request *, const char *);

const struct route route_reports_run = {
	"POST", "/v1/reports", "reports", route_reports_run_handle, 0
};
const struct route route_reports_list = {
	"GET", "/v1/reports", "reports", route_reports_list_handle, 0
};
const struct route route_reports_get = {
	"GET", "/v1/reports/", "reports", route_reports_get_handle, 0
};

/* The projects text: the body, or the configured file (caller frees);
 * NULL after replying. */
static char *
route_reports_input(struct request *r, size_t *len, int *allow_paths,
    const char **name)
{
	const struct daemon_config	*c = r->config;
	char				*data;

	if (r->body.len > 0) {
		*allow_paths = 0;
		*name = "body";
		*len = r->body.len;
		return (xmemdup(r->body.data, r->body.len + 1));
	}
	if (c->projects_file == NULL) {
		reply_error(r, MHD_HTTP_BAD_REQUEST, "no-projects", "send a "
		    "projects file (\"NAME git URL REF [DIR]\" and \"watch "
		    "MODULE\" lines), or set projects-file in modvetd.conf");
		return (NULL);
	}
	if (util_read_file(c->projects_file, ROUTE_REPORTS_MAX_FILE, &data,
	    len) != 0) {
		reply_error(r, MHD_HTTP_INTERNAL_SERVER_ERROR, "projects-file",
		    "projects-file %s: %s", c->projects_file, strerror(errno));
		return (NULL);
	}
	*allow_paths = 1;
	*name = c->projects_file;
	return (data);
}

/* POST /v1/reports */
static void
route_reports_run_handle(struct request *r, const char *rest)
{
	struct worker	*w;
	struct report	 rep;
	const char	*name;
	char		*text, *errors = NULL, *cause = NULL, *base, *json;
	size_t		 len;
	int		 allow;

	if ((w = request_worker(r)) == NULL ||
	    (text = route_reports_input(r, &len, &allow, &name)) == NULL)
		return;
	base = allow && strrchr(name, '/') != NULL ? xstrndup(name,
	    strrchr(name, '/') - name) : xstrdup(".");
	if (report_gather(&rep, worker_source(w), name, text, len, base, allow,
	    r->config->git_hosts, &errors) != 0)
		reply_error(r, MHD_HTTP_BAD_REQUEST, "invalid-projects", "%s",
		    errors);
	else if (report_store(&rep, worker_cache(w), &cause) != 0) {
		reply_error(r, MHD_HTTP_INTERNAL_SERVER_ERROR, "cache-error",
		    "%s", cause);
		free(cause);
	} else {
		json = report_render_json(&rep);
		reply_text(r, MHD_HTTP_CREATED, "application/json", json,
		    strlen(json));
		free(json);
	}
	metrics_upstream(worker_source(w));
	report_free(&rep);
	free(errors);
	free(base);
	free(text);
}

/* GET /v1/reports */
static void
route_reports_list_handle(struct request *r, const char *rest)
{
	struct worker		*w;
	struct cache_report_row	*rows;
	cJSON			*doc, *a, *o;
	char			*cause = NULL, when[32];
	size_t			 n, i;

	if ((w = request_worker(r)) == NULL)
		return;
	if (cache_report_list(worker_cache(w), ROUTE_REPORTS_LIMIT, &rows, &n,
	    &cause) != 0) {
		reply_error(r, MHD_HTTP_INTERNAL_SERVER_ERROR, "cache-error",
		    "%s", cause);
		free(cause);
		return;
	}
	doc = cJSON_CreateObject();
	a = cJSON_AddArrayToObject(doc, "reports");
	for (i = 0; i < n; i++) {
		o = cJSON_CreateObject();
		cJSON_AddNumberToObject(o, "id", (double)rows[i].id);
		cJSON_AddStringToObject(o, "ran", util_format_rfc3339(
		    rows[i].ran_ms / 1000, when));
		cJSON_AddBoolToObject(o, "needs_attention",
		    rows[i].needs_attention);
		cJSON_AddItemToArray(a, o);
	}
	free(rows);
	reply_json(r, MHD_HTTP_OK, doc);
}

/* GET /v1/reports/latest or /v1/reports/ID */
static void
route_reports_get_handle(struct request *r, const char *rest)
{
	struct worker	*w;
	const char	*format, *errstr = NULL, *type;
	char		*text, *cause = NULL;
	long long	 id = -1;
	int		 rc;

	format = request_arg(r, "format") != NULL ? request_arg(r, "format") :
	    "json";
	if (strcmp(format, "json") != 0 && strcmp(format, "md") != 0 &&
	    strcmp(format, "html") != 0) {
		reply_error(r, MHD_HTTP_BAD_REQUEST, "invalid-format",
		    "format must be json, md or html");
		return;
	}
	if (strcmp(rest, "latest") != 0)
		id = strtonum(rest, 1, INT64_MAX, &errstr);
	if (errstr != NULL) {
		reply_error(r, MHD_HTTP_BAD_REQUEST, "invalid-report",
		    "report id %s is %s", rest, errstr);
		return;
	}
	if ((w = request_worker(r)) == NULL)
		return;
	rc = cache_report_get(worker_cache(w), id, format, &text, &cause);
	if (rc == MV_ENOTFOUND)
		reply_error(r, MHD_HTTP_NOT_FOUND, "no-report", "no such report "
		    "(POST /v1/reports runs one)");
	else if (rc != 0) {
		reply_error(r, MHD_HTTP_INTERNAL_SERVER_ERROR, "cache-error",
		    "%s", cause);
		free(cause);
	} else {
		type = strcmp(format, "html") == 0 ? "text/html; charset=utf-8" :
		    strcmp(format, "md") == 0 ? "text/markdown; charset=utf-8" :
		    "application/json";
		reply_text(r, MHD_HTTP_OK, type, text, strlen(text));
		free(text);
	}
}
