/*
 * The watch list, whose release histories are kept fresh (modvetd's
 * refresher; the report asks for them afresh):
 *
 *	GET /v1/watch		the list
 *	POST /v1/watch		add a module (body: its path, or JSON
 *				{"module": "..."}); one the upstreams prove
 *				absent is refused (404), one they cannot be
 *				asked about is added with a note
 *	DELETE /v1/watch/PATH	remove it (404 when it is not watched)
 *
 * Each answers the list, {"modules": [...]} (and "note"). The list lives
 * in the cache the source writes: modvetd's, or with --local the
 * client's (by default the same file).
 */

#include "config.h"

#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "util/util.h"
#include "gomod/gomod.h"
#include "cache/cache.h"
#include "engine/engine.h"

/* Longest module path taken (x/mod allows far less in practice). */
#define OP_WATCH_MAX_PATH	1024

static void	op_watch_list_run(struct op_call *);
static void	op_watch_add_run(struct op_call *);
static void	op_watch_remove_run(struct op_call *);

const struct op op_watch_list = {
	"GET", "/v1/watch", "watch", op_watch_list_run, 0, 0
};
const struct op op_watch_add = {
	"POST", "/v1/watch", "watch", op_watch_add_run, 0, 1
};
const struct op op_watch_remove = {
	"DELETE", "/v1/watch/", "watch", op_watch_remove_run, 0, 1
};

/* Answer status with the list (and a note, when there is one). */
static void
op_watch_answer(struct op_call *call, struct source *s, int status,
    const char *note)
{
	struct strv	 v;
	cJSON		*doc, *a;
	char		*cause = NULL;
	size_t		 i;

	if (cache_watch_list(s->cache, &v, &cause) != 0) {
		op_error(call, OP_INTERNAL, "cache-error", "%s", cause);
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
	op_answer(call, status, doc);
}

static void
op_watch_list_run(struct op_call *call)
{
	struct source	*s;

	if ((s = op_source(call)) != NULL)
		op_watch_answer(call, s, OP_OK, NULL);
}

/* The module path a POST names (caller frees), or NULL after answering. */
static char *
op_watch_path(struct op_call *call)
{
	cJSON	*j, *m;
	char	*path = NULL, *text, *cause = NULL;

	if (call->len > 0 && call->body[0] == '{') {
		j = cJSON_ParseWithLength(call->body, call->len);
		m = cJSON_GetObjectItem(j, "module");
		if (cJSON_IsString(m))
			path = xstrdup(m->valuestring);
		cJSON_Delete(j);
	} else if (call->len > 0 && call->len < OP_WATCH_MAX_PATH) {
		text = xstrndup(call->body, call->len);
		path = gostr_trim(text);
		free(text);
	}
	if (path == NULL) {
		op_error(call, OP_BAD_REQUEST, "invalid-json", "send a module "
		    "path, or {\"module\": \"PATH\"}");
		return (NULL);
	}
	if (modpath_check(path, &cause) != 0) {
		op_error(call, OP_BAD_REQUEST, "invalid-module", "%s", cause);
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
 * answering; *note (caller frees) is what to tell.
 */
static int
op_watch_exists(struct op_call *call, struct source *s, const char *path,
    char **note)
{
	struct source_req	 q, *qp = &q;
	int			 rc = 0;

	*note = NULL;
	source_req_init(&q, PROXY_LIST, path, NULL);
	source_fetch(s, &qp, 1);
	if (q.status == MV_ENOTFOUND) {
		op_error(call, OP_NOT_FOUND, "unknown-module", "%s: no such "
		    "module: %s", path, q.evidence != NULL ? q.evidence :
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

/* 201 and the list, with "note" when the module could not be confirmed
 * to exist; 404 when it is proven not to. */
static void
op_watch_add_run(struct op_call *call)
{
	struct source	*s;
	char		*path, *note = NULL, *cause = NULL;

	if ((path = op_watch_path(call)) == NULL)
		return;
	if ((s = op_source(call)) == NULL ||
	    op_watch_exists(call, s, path, &note) != 0) {
		free(path);
		return;
	}
	if (cache_watch_add(s->cache, path, &cause) == -1) {
		op_error(call, OP_INTERNAL, "cache-error", "%s", cause);
		free(cause);
	} else
		op_watch_answer(call, s, OP_CREATED, note);
	free(note);
	free(path);
}

static void
op_watch_remove_run(struct op_call *call)
{
	struct source	*s;
	char		*cause = NULL;

	if (modpath_check(call->rest, &cause) != 0) {
		op_error(call, OP_BAD_REQUEST, "invalid-module", "%s", cause);
		free(cause);
		return;
	}
	if ((s = op_source(call)) == NULL)
		return;
	switch (cache_watch_remove(s->cache, call->rest, &cause)) {
	case 0:
		op_watch_answer(call, s, OP_OK, NULL);
		break;
	case MV_ENOTFOUND:
		op_error(call, OP_NOT_FOUND, "not-watched", "%s is not on the "
		    "watch list", call->rest);
		break;
	default:
		op_error(call, OP_INTERNAL, "cache-error", "%s", cause);
		free(cause);
	}
}
