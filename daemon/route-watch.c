/*
 * The watch list, whose release histories the refresher keeps fresh:
 * GET /v1/watch (the list), POST /v1/watch (body: a module path, or JSON
 * {"module": "..."}; a module the upstreams prove absent is refused),
 * DELETE /v1/watch/PATH (404 when it is not watched).
 */

#include "config.h"

#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>
#include <microhttpd.h>

#include "util/util.h"
#include "gomod/gomod.h"
#include "cache/cache.h"
#include "daemon/daemon.h"

/* Longest module path taken (x/mod allows far less in practice). */
#define ROUTE_WATCH_MAX_PATH	1024

static void	route_watch_list_handle(struct request *, const char *);
static void	route_watch_add_handle(struct request *, const char *);
static void	route_watch_remove_handle(struct request *, const char *);

const struct route route_watch_list = {
	"GET", "/v1/watch", "watch", route_watch_list_handle, 0
};
const struct route route_watch_add = {
	"POST", "/v1/watch", "watch", route_watch_add_handle, 0
};
const struct route route_watch_remove = {
	"DELETE", "/v1/watch/", "watch", route_watch_remove_handle, 0
};

/* This thread's cache, or NULL after replying. */
static struct cache *
route_watch_cache(struct request *r)
{
	struct worker	*w;

	if ((w = request_worker(r)) == NULL)
		return (NULL);
	return (worker_cache(w));
}

/* Reply with the list (and a note, when there is one). */
static void
route_watch_reply(struct request *r, struct cache *c, int status,
    const char *note)
{
	struct strv	 v;
	cJSON		*doc, *a;
	char		*cause = NULL;
	size_t		 i;

	if (cache_watch_list(c, &v, &cause) != 0) {
		reply_error(r, MHD_HTTP_INTERNAL_SERVER_ERROR, "cache-error",
		    "%s", cause);
		free(cause);
		return;
	}
	doc = cJSON_CreateObject();
	a = cJSON_AddArrayToObject(doc, "modules");
	for (i = 0; i < v.n; i++)
		cJSON_AddItemToArray(a, cJSON_CreateString(v.v[i]));
	strv_free(&v);
	if (note != NULL)
		cJSON_AddStringToObject(doc, "note", note);
	reply_json(r, status, doc);
}

/* GET /v1/watch */
static void
route_watch_list_handle(struct request *r, const char *rest)
{
	struct cache	*c;

	if ((c = route_watch_cache(r)) != NULL)
		route_watch_reply(r, c, MHD_HTTP_OK, NULL);
}

/* The module path a POST names (caller frees), or NULL after replying. */
static char *
route_watch_path(struct request *r)
{
	cJSON	*j, *m;
	char	*path = NULL, *cause = NULL;

	if (r->body.len > 0 && r->body.data[0] == '{') {
		j = cJSON_ParseWithLength(r->body.data, r->body.len);
		m = cJSON_GetObjectItem(j, "module");
		if (cJSON_IsString(m))
			path = xstrdup(m->valuestring);
		cJSON_Delete(j);
	} else if (r->body.len > 0 && r->body.len < ROUTE_WATCH_MAX_PATH)
		path = gostr_trim(r->body.data);
	if (path == NULL) {
		reply_error(r, MHD_HTTP_BAD_REQUEST, "invalid-json", "send a "
		    "module path, or {\"module\": \"PATH\"}");
		return (NULL);
	}
	if (modpath_check(path, &cause) != 0) {
		reply_error(r, MHD_HTTP_BAD_REQUEST, "invalid-module", "%s",
		    cause);
		free(cause);
		free(path);
		return (NULL);
	}
	return (path);
}

/*
 * Does the module exist? Its version list, asked of the upstreams: a
 * module they prove absent (404/410 for the list) is not watched; one
 * they cannot be asked about is watched, and the answer says it was not
 * confirmed (never "absent" for a network error). 0, or -1 after
 * replying; *note (caller frees) is what to tell.
 */
static int
route_watch_exists(struct request *r, struct worker *w, const char *path,
    char **note)
{
	struct source_req	 q, *qp = &q;
	int			 rc = 0;

	*note = NULL;
	source_req_init(&q, PROXY_LIST, path, NULL);
	source_fetch(worker_source(w), &qp, 1);
	if (q.status == MV_ENOTFOUND) {
		reply_error(r, MHD_HTTP_NOT_FOUND, "unknown-module", "%s: no "
		    "such module: %s", path, q.evidence != NULL ? q.evidence :
		    "the upstreams have no version list for it");
		rc = -1;
	} else if (q.status != 0)
		xasprintf(note, "%s could not be confirmed to exist (%s); it "
		    "is watched, and its history is filled in when an upstream "
		    "answers", path, q.evidence != NULL && *q.evidence != '\0' ?
		    q.evidence : "every upstream failed");
	source_req_free(&q);
	return (rc);
}

/* POST /v1/watch: 201 and the list, with "note" when the module could
 * not be confirmed to exist; 404 when it is proven not to. */
static void
route_watch_add_handle(struct request *r, const char *rest)
{
	struct worker	*w;
	struct cache	*c;
	char		*path, *note = NULL, *cause = NULL;
	int		 rc;

	if ((path = route_watch_path(r)) == NULL ||
	    (w = request_worker(r)) == NULL) {
		free(path);
		return;
	}
	c = worker_cache(w);
	rc = route_watch_exists(r, w, path, &note);
	metrics_upstream(worker_source(w));
	if (rc != 0) {
		free(path);
		return;
	}
	if (cache_watch_add(c, path, &cause) == -1) {
		reply_error(r, MHD_HTTP_INTERNAL_SERVER_ERROR, "cache-error",
		    "%s", cause);
		free(cause);
	} else {
		memo_clear();	/* histories name watched modules */
		route_watch_reply(r, c, MHD_HTTP_CREATED, note);
		refresh_kick();
	}
	free(note);
	free(path);
}

/* DELETE /v1/watch/PATH */
static void
route_watch_remove_handle(struct request *r, const char *rest)
{
	struct cache	*c;
	char		*cause = NULL;

	if (modpath_check(rest, &cause) != 0) {
		reply_error(r, MHD_HTTP_BAD_REQUEST, "invalid-module", "%s",
		    cause);
		free(cause);
		return;
	}
	if ((c = route_watch_cache(r)) == NULL)
		return;
	switch (cache_watch_remove(c, rest, &cause)) {
	case 0:
		memo_clear();
		route_watch_reply(r, c, MHD_HTTP_OK, NULL);
		break;
	case MV_ENOTFOUND:
		reply_error(r, MHD_HTTP_NOT_FOUND, "not-watched", "%s is not "
		    "on the watch list", rest);
		break;
	default:
		reply_error(r, MHD_HTTP_INTERNAL_SERVER_ERROR, "cache-error",
		    "%s", cause);
		free(cause);
	}
}
