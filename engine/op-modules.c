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

#include "util/util.h"
#include "gomod/gomod.h"
#include "cache/cache.h"
#include "engine/engine.h"

static void	op_modules_run(struct op_call *);

const struct op op_modules = {
	"GET", "/v1/modules/", "modules", op_modules_run, 1, 0
};

/* Answer with the release history of path. */
static void
op_versions(struct op_call *call, struct source *src, const char *path)
{
	cJSON	*doc;

	doc = result_versions(src, path, op_flag(call, "details"));
	if (doc == NULL) {
		op_error(call, OP_BAD_GATEWAY, "upstream-unavailable",
		    "%s: every upstream failed and the cache has no list",
		    path);
		return;
	}
	op_answer(call, OP_OK, doc);
}

/* The requirements and go line of a go.mod text into doc. */
static void
op_modules_gomod(cJSON *doc, const char *path, const char *data, size_t len)
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

/* Answer with one version of path. */
static void
op_info(struct op_call *call, struct source *src, const char *path,
    const char *version)
{
	struct source_req	 info, mod, *rs[2] = { &info, &mod };
	cJSON			*doc;
	char			*h1, *t, *cause = NULL;

	source_req_init(&info, PROXY_INFO, path, version);
	source_req_init(&mod, PROXY_MOD, path, version);
	source_fetch(src, rs, 2);
	if (info.status == MV_ENOTFOUND)
		op_error(call, OP_NOT_FOUND, "unknown-version",
		    "%s %s does not exist: %s", path, version, info.evidence);
	else if (info.status != 0 || mod.status != 0)
		op_error(call, OP_BAD_GATEWAY, "upstream-unavailable",
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
		op_modules_gomod(doc, path, mod.data, mod.len);
		h1 = dirhash_gomod(mod.data, mod.len);
		cJSON_AddStringToObject(doc, "h1_mod", h1);
		free(h1);
		/* The zip's hash when known, or when asked (?zip=1: the zip
		 * is downloaded once, then the cache knows it). */
		if ((op_flag(call, "zip") ? sum_zip(src, path,
		    version, &h1, &cause) : cache_get_hash(src->cache, path,
		    version, "zip", &h1, &cause)) == 0) {
			cJSON_AddStringToObject(doc, "h1_zip", h1);
			free(h1);
		} else if (cause != NULL)
			cJSON_AddStringToObject(doc, "h1_zip_error", cause);
		free(cause);
		op_answer(call, OP_OK, doc);
	}
	source_req_free(&info);
	source_req_free(&mod);
}

/* Split "PATH/versions" or "PATH/@v/VERSION", check, and answer. */
static void
op_modules_run(struct op_call *call)
{
	struct source	*src;
	const char	*at, *version = NULL, *rest = call->rest;
	char		*path, *cause = NULL;
	size_t		 n = strlen(rest);

	if ((at = strstr(rest, "/@v/")) != NULL) {
		path = xstrndup(rest, at - rest);
		version = at + 4;
	} else if (n > 9 && strcmp(rest + n - 9, "/versions") == 0)
		path = xstrndup(rest, n - 9);
	else {
		op_error(call, OP_NOT_FOUND, "not-found", "expected "
		    "/v1/modules/PATH/versions or /v1/modules/PATH/@v/VERSION");
		return;
	}
	if (modpath_check(path, &cause) != 0 || (version != NULL &&
	    modpath_check_version(path, version, &cause) != 0)) {
		op_error(call, OP_BAD_REQUEST, "invalid-module", "%s", cause);
		free(cause);
	} else if ((src = op_source(call)) == NULL)
		;	/* answered */
	else if (version != NULL)
		op_info(call, src, path, version);
	else
		op_versions(call, src, path);
	free(path);
}
