/*
 * GET /v1/modules/PATH/versions: a module's release history: every
 * version with its time, whether its latest go.mod retracts it (and why),
 * the module's deprecation, which upstream answered, when, and whether
 * the answer is stale (every upstream failing). With ?details=1, also
 * each version's go line and what it requires of the watched modules
 * (its go.mod, fetched once and kept).
 *
 * GET /v1/modules/PATH/@v/VERSION: one version: its .info, its go line
 * and requirements, and its h1 hashes (the go.mod's always, the zip's when
 * known or, with ?zip=1, downloaded to be known).
 *
 * The module path is checked (module.CheckPath) before it reaches an
 * upstream URL or the cache.
 */

#include "config.h"

#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>
#include <microhttpd.h>

#include "util/util.h"
#include "gomod/gomod.h"
#include "cache/cache.h"
#include "verify/verify.h"
#include "daemon/daemon.h"

static void	route_modules_handle(struct request *, const char *);

const struct route route_modules = {
	"GET", "/v1/modules/", "modules", route_modules_handle, 1
};

/* Reply with the release history of path. */
static void
route_versions(struct request *r, struct source *src, const char *path)
{
	const char	*details = request_arg(r, "details");
	cJSON		*doc;

	doc = result_versions(src, path, details != NULL &&
	    strcmp(details, "1") == 0);
	if (doc == NULL) {
		reply_error(r, MHD_HTTP_BAD_GATEWAY, "upstream-unavailable",
		    "%s: every upstream failed and the cache has no list",
		    path);
		return;
	}
	reply_json(r, MHD_HTTP_OK, doc);
}

/* The requirements and go line of a go.mod text into doc. */
static void
route_add_gomod(cJSON *doc, const char *path, const char *data, size_t len)
{
	struct modfile_errors	 errs;
	struct modfile		*f;
	cJSON			*a, *o;
	size_t			 i;

	modfile_errors_init(&errs, path);
	f = modfile_parse(path, data, len, MODFILE_LAX, NULL, NULL, &errs);
	modfile_errors_free(&errs);
	if (f == NULL)
		return;
	if (f->go != NULL)
		cJSON_AddStringToObject(doc, "go", f->go->version);
	a = cJSON_AddArrayToObject(doc, "requires");
	for (i = 0; i < f->require.n; i++) {
		o = cJSON_CreateObject();
		cJSON_AddStringToObject(o, "module", f->require.v[i]->mod.path);
		cJSON_AddStringToObject(o, "version",
		    f->require.v[i]->mod.version);
		cJSON_AddBoolToObject(o, "indirect", f->require.v[i]->indirect);
		cJSON_AddItemToArray(a, o);
	}
	modfile_free(f);
}

/* Reply with one version of path. */
static void
route_info(struct request *r, struct source *src, const char *path,
    const char *version)
{
	struct source_req	 info, mod, *rs[2] = { &info, &mod };
	cJSON			*doc;
	char			*h1, *t, *cause = NULL;

	source_req_init(&info, PROXY_INFO, path, version);
	source_req_init(&mod, PROXY_MOD, path, version);
	source_fetch(src, rs, 2);
	if (info.status == MV_ENOTFOUND)
		reply_error(r, MHD_HTTP_NOT_FOUND, "unknown-version",
		    "%s %s does not exist: %s", path, version, info.evidence);
	else if (info.status != 0 || mod.status != 0)
		reply_error(r, MHD_HTTP_BAD_GATEWAY, "upstream-unavailable",
		    "%s %s could not be read: %s", path, version,
		    info.status != 0 ? source_status_name(info.status) :
		    source_status_name(mod.status));
	else {
		doc = cJSON_CreateObject();
		cJSON_AddStringToObject(doc, "module", path);
		cJSON_AddStringToObject(doc, "version", version);
		if ((t = result_info_time(info.data, info.len)) != NULL) {
			cJSON_AddStringToObject(doc, "time", t);
			free(t);
		}
		if (info.origin != NULL)
			cJSON_AddStringToObject(doc, "origin", info.origin);
		route_add_gomod(doc, path, mod.data, mod.len);
		h1 = dirhash_gomod(mod.data, mod.len);
		cJSON_AddStringToObject(doc, "h1_mod", h1);
		free(h1);
		/* The zip's hash when known, or when asked (?zip=1: the zip
		 * is downloaded once, then the cache knows it). */
		if ((request_arg(r, "zip") != NULL &&
		    strcmp(request_arg(r, "zip"), "1") == 0 ? sum_zip(src,
		    path, version, &h1, &cause) : cache_get_hash(src->cache,
		    path, version, "zip", &h1, &cause)) == 0) {
			cJSON_AddStringToObject(doc, "h1_zip", h1);
			free(h1);
		} else if (cause != NULL)
			cJSON_AddStringToObject(doc, "h1_zip_error", cause);
		free(cause);
		reply_json(r, MHD_HTTP_OK, doc);
	}
	source_req_free(&info);
	source_req_free(&mod);
}

/* Split "PATH/versions" or "PATH/@v/VERSION", check, and answer. */
static void
route_modules_handle(struct request *r, const char *rest)
{
	struct worker	*w;
	const char	*at, *version = NULL;
	char		*path, *cause = NULL;
	size_t		 n = strlen(rest);

	if ((at = strstr(rest, "/@v/")) != NULL) {
		path = xstrndup(rest, at - rest);
		version = at + 4;
	} else if (n > 9 && strcmp(rest + n - 9, "/versions") == 0)
		path = xstrndup(rest, n - 9);
	else {
		reply_error(r, MHD_HTTP_NOT_FOUND, "not-found", "expected "
		    "/v1/modules/PATH/versions or /v1/modules/PATH/@v/VERSION");
		return;
	}
	if (modpath_check(path, &cause) != 0 || (version != NULL &&
	    modpath_check_version(path, version, &cause) != 0)) {
		reply_error(r, MHD_HTTP_BAD_REQUEST, "invalid-module", "%s",
		    cause);
		free(cause);
		free(path);
		return;
	}
	if ((w = request_worker(r)) == NULL)
		;	/* replied */
	else if (version != NULL)
		route_info(r, worker_source(w), path, version);
	else
		route_versions(r, worker_source(w), path);
	if (w != NULL)
		metrics_upstream(worker_source(w));
	free(path);
}
