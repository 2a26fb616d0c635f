/* GET /v1/health and GET /v1/version. */

#include "config.h"

#include <cjson/cJSON.h>
#include <microhttpd.h>

#include "util/util.h"
#include "daemon/daemon.h"

static void	route_health_handle(struct request *, const char *);
static void	route_version_handle(struct request *, const char *);

const struct route route_health = {
	"GET", "/v1/health", "health", route_health_handle
};
const struct route route_version = {
	"GET", "/v1/version", "version", route_version_handle
};

/* The daemon answers, and can open its cache. */
static void
route_health_handle(struct request *r, const char *rest)
{
	cJSON	*doc;

	if (request_worker(r) == NULL)
		return;
	doc = cJSON_CreateObject();
	cJSON_AddStringToObject(doc, "status", "ok");
	cJSON_AddNumberToObject(doc, "protocol", MODVET_PROTOCOL_VERSION);
	cJSON_AddStringToObject(doc, "version", PACKAGE_VERSION);
	reply_json(r, MHD_HTTP_OK, doc);
}

/* The daemon's version and protocol. */
static void
route_version_handle(struct request *r, const char *rest)
{
	cJSON	*doc;

	doc = cJSON_CreateObject();
	cJSON_AddStringToObject(doc, "version", PACKAGE_VERSION);
	cJSON_AddNumberToObject(doc, "protocol", MODVET_PROTOCOL_VERSION);
	reply_json(r, MHD_HTTP_OK, doc);
}
