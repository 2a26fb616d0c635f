/*
 * modvet versions MODULE: the versions of a module, as "go list -m
 * -versions MODULE" prints them: one line, the path then the versions in
 * semantic order, without pseudo-versions and without the versions the
 * module's latest go.mod retracts.
 */

#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "util/util.h"
#include "gomod/gomod.h"
#include "proxyapi/proxyapi.h"
#include "cache/cache.h"
#include "verify/verify.h"
#include "client/client.h"

static int	cmd_versions_exec(int, char **);

const struct client_cmd client_cmd_versions = {
	"versions", "MODULE", "list a module's versions (go list -m -versions)",
	cmd_versions_exec
};

/* Is v inside one of the retracted intervals? */
static int
cmd_versions_retracted(const struct cache_retract *r, size_t n,
    const char *v)
{
	size_t	i;

	for (i = 0; i < n; i++) {
		if (semver_compare(r[i].low, v) <= 0 &&
		    semver_compare(v, r[i].high) <= 0)
			return (1);
	}
	return (0);
}

/* The same, through the daemon: its history, less what is retracted. */
static int
cmd_versions_remote(const char *path)
{
	struct client_remote	 r;
	const cJSON		*v;
	cJSON			*doc;
	char			*route;
	long			 st;

	if (client_remote_open(&r, &client_opts) != 0)
		return (CLIENT_EXIT_FAILURE);
	xasprintf(&route, "/v1/modules/%s/versions", path);
	doc = client_remote_call(&r, "GET", route, NULL, NULL, 0, &st);
	free(route);
	client_remote_close(&r);
	if (doc == NULL)
		return (CLIENT_EXIT_FAILURE);
	printf("%s", path);
	cJSON_ArrayForEach(v, cJSON_GetObjectItem(doc, "versions")) {
		if (!cJSON_IsTrue(cJSON_GetObjectItem(v, "retracted")))
			printf(" %s", cJSON_GetStringValue(
			    cJSON_GetObjectItem(v, "version")));
	}
	printf("\n");
	cJSON_Delete(doc);
	return (CLIENT_EXIT_OK);
}

/* List the versions of argv[1]. */
static int
cmd_versions_exec(int argc, char **argv)
{
	struct client_local	 l;
	struct source_req	 list, mod, *rp;
	struct strv		 v;
	struct cache_retract	*ret = NULL;
	const char		*latest;
	char			*cause = NULL;
	size_t			 i, nret = 0;
	int			 rc = CLIENT_EXIT_OK;

	if (argc != 2)
		client_usage_error(&client_cmd_versions, "expected one module");
	if (modpath_check(argv[1], &cause) != 0) {
		fprintf(stderr, "modvet: %s\n", cause);
		free(cause);
		return (CLIENT_EXIT_FAILURE);
	}
	if (!client_opts.local)
		return (cmd_versions_remote(argv[1]));
	client_local_open(&l);
	source_req_init(&list, PROXY_LIST, argv[1], NULL);
	rp = &list;
	source_fetch(&l.source, &rp, 1);
	if (list.status != 0 && list.status != MV_ENOTFOUND) {
		fprintf(stderr, "modvet: %s: %s (%s)\n", argv[1],
		    list.evidence, source_status_name(list.status));
		rc = CLIENT_EXIT_FAILURE;
		goto out;
	}
	proxy_parse_list(list.data != NULL ? list.data : "", list.len, &v);
	if ((latest = check_latest(&v)) != NULL) {
		source_req_init(&mod, PROXY_MOD, argv[1], latest);
		rp = &mod;
		source_fetch(&l.source, &rp, 1);
		if (mod.status == 0)
			cache_get_retractions(l.cache, argv[1], latest, &ret,
			    &nret, &cause);
		source_req_free(&mod);
	}
	printf("%s", argv[1]);
	for (i = 0; i < v.n; i++) {
		if (!cmd_versions_retracted(ret, nret, v.v[i]))
			printf(" %s", v.v[i]);
	}
	printf("\n");
	cache_retracts_free(ret, nret);
	strv_free(&v);
out:
	free(cause);
	source_req_free(&list);
	client_local_close(&l);
	return (rc);
}
