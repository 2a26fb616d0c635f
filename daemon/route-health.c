/* GET /v1/health and GET /v1/version. */

#include "config.h"

#include <stdlib.h>
#include <unistd.h>

#include <cjson/cJSON.h>
#include <microhttpd.h>

#include "util/util.h"
#include "daemon/daemon.h"

static void	route_health_handle(struct request *, const char *);
static void	route_version_handle(struct request *, const char *);

const struct route route_health = {
	"GET", "/v1/health", "health", route_health_handle, 0
};
const struct route route_version = {
	"GET", "/v1/version", "version", route_version_handle, 0
};

/* The daemon answers, and can open its cache (a worker is borrowed only
 * when one is idle or can be made: health never waits behind work). */
static void
route_health_handle(struct request *r, const char *rest)
{
	struct worker	*w;
	cJSON		*doc;
	char		*cause = NULL, *state;

	if ((w = worker_acquire(0, &cause)) == NULL && cause != NULL) {
		reply_error(r, MHD_HTTP_SERVICE_UNAVAILABLE, "cache-unavailable",
		    "modvetd cannot open its cache: %s", cause);
		free(cause);
		return;
	}
	if (w != NULL)		/* else every worker is busy: they opened it */
		worker_put(w);
	doc = cJSON_CreateObject();
	cJSON_AddStringToObject(doc, "status", "ok");
	if ((cause = worker_cache_problem()) != NULL) {
		xasprintf(&state, "in memory, answers not kept: %s", cause);
		free(cause);
	} else
		state = server_cache_state();
	cJSON_AddStringToObject(doc, "cache", state);
	free(state);
	cJSON_AddNumberToObject(doc, "protocol", MODVET_PROTOCOL_VERSION);
	cJSON_AddStringToObject(doc, "version", PACKAGE_VERSION);
	reply_json(r, MHD_HTTP_OK, doc);
}

/* The daemon's version and protocol. */
static void
route_version_handle(struct request *r, const char *rest)
{
	cJSON	*doc;
	pid_t	 pid = getpid();

	doc = cJSON_CreateObject();
	cJSON_AddStringToObject(doc, "version", PACKAGE_VERSION);
	cJSON_AddNumberToObject(doc, "protocol", MODVET_PROTOCOL_VERSION);
	if (!r->tcp)	/* a local user's; not for the network */
		cJSON_AddNumberToObject(doc, "pid", pid);
	reply_json(r, MHD_HTTP_OK, doc);
}
