/*
 * modvet status: is modvetd answering, which version and protocol, and
 * its watch list. It never starts one to say that one runs: with nothing
 * on the socket it says so and exits 1.
 */

#include "config.h"

#include <stdio.h>
#include <stdlib.h>

#include <cjson/cJSON.h>

#include "util/util.h"
#include "client/client.h"

static int	cmd_status_exec(int, char **);

const struct client_cmd client_cmd_status = {
	"status", "", "is modvetd running: its version, socket and watch list",
	cmd_status_exec
};

/* Ask the daemon. */
static int
cmd_status_exec(int argc, char **argv)
{
	struct client_remote	 r;
	struct client_opts	 opts;
	cJSON			*doc, *m;
	char			*sock;
	long			 st;
	int			 n = 0;

	if (argc != 1)
		client_usage_error(&client_cmd_status, "takes no arguments");
	if (!client_remote_running(&client_opts, &sock)) {
		printf("modvetd is not running (nothing answers on %s; modvet "
		    "check starts it, or run modvetd)\n", sock);
		free(sock);
		return (CLIENT_EXIT_FINDINGS);
	}
	free(sock);
	opts = client_opts;
	opts.no_autostart = 1;	/* it was there a moment ago */
	if (client_remote_open(&r, &opts) != 0)
		return (CLIENT_EXIT_FAILURE);
	if ((doc = client_remote_call(&r, "GET", "/v1/version", NULL, NULL, 0,
	    &st)) == NULL) {
		client_remote_close(&r);
		return (CLIENT_EXIT_FAILURE);
	}
	m = cJSON_GetObjectItem(doc, "protocol");
	printf("modvetd %s (protocol %d) on %s\n",
	    cJSON_GetStringValue(cJSON_GetObjectItem(doc, "version")),
	    cJSON_IsNumber(m) ? m->valueint : 0,
	    r.server != NULL ? r.server : r.socket);
	if (cJSON_IsNumber(m = cJSON_GetObjectItem(doc, "pid")))
		printf("pid      %d\n", m->valueint);
	cJSON_Delete(doc);
	if ((doc = client_remote_call(&r, "GET", "/v1/health", NULL, NULL, 0,
	    &st)) != NULL) {
		if (cJSON_IsString(m = cJSON_GetObjectItem(doc, "cache")))
			printf("cache    %s\n", m->valuestring);
		cJSON_Delete(doc);
	}
	if ((doc = client_remote_call(&r, "GET", "/v1/watch", NULL, NULL, 0,
	    &st)) != NULL) {
		cJSON_ArrayForEach(m, cJSON_GetObjectItem(doc, "modules")) {
			printf("%s %s\n", n++ == 0 ? "watching" : "        ",
			    cJSON_GetStringValue(m));
		}
		cJSON_Delete(doc);
	}
	client_remote_close(&r);
	return (CLIENT_EXIT_OK);
}
