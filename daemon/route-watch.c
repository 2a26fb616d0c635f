/*
 * The watch list, whose release histories the refresher keeps fresh:
 * GET /v1/watch (the list), POST /v1/watch (body: a module path, or JSON
 * {"module": "..."}), DELETE /v1/watch/PATH.
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

/* Reply with the list. */
static void
route_watch_reply(struct request *r, struct cache *c, int status)
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
	reply_json(r, status, doc);
}

/* GET /v1/watch */
static void
route_watch_list_handle(struct request *r, const char *rest)
{
	struct cache	*c;

	if ((c = route_watch_cache(r)) != NULL)
		route_watch_reply(r, c, MHD_HTTP_OK);
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

/* POST /v1/watch */
static void
route_watch_add_handle(struct request *r, const char *rest)
{
	struct cache	*c;
	char		*path, *cause = NULL;

	if ((path = route_watch_path(r)) == NULL ||
	    (c = route_watch_cache(r)) == NULL) {
		free(path);
		return;
	}
	if (cache_watch_add(c, path, &cause) != 0) {
		reply_error(r, MHD_HTTP_INTERNAL_SERVER_ERROR, "cache-error",
		    "%s", cause);
		free(cause);
	} else {
		memo_clear();	/* histories name watched modules */
		route_watch_reply(r, c, MHD_HTTP_CREATED);
		refresh_kick();
	}
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
	if (cache_watch_remove(c, rest, &cause) != 0) {
		reply_error(r, MHD_HTTP_INTERNAL_SERVER_ERROR, "cache-error",
		    "%s", cause);
		free(cause);
	} else {
		memo_clear();
		route_watch_reply(r, c, MHD_HTTP_OK);
	}
}
