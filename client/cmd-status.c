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
	"status", "[--format text|json]", "is modvetd running: its version, socket and watch list",
	cmd_status_exec, CLIENT_CMD_DATA
};

/* Print the status document as text. */
static void
cmd_status_print(const cJSON *doc)
{
	const cJSON	*m;
	int		 n = 0;

	if (!cJSON_IsTrue(cJSON_GetObjectItem(doc, "running"))) {
		printf("modvetd is not running (nothing answers on %s; modvet "
		    "check starts it, or run modvetd)\n", cJSON_GetStringValue(
		    cJSON_GetObjectItem(doc, "socket")));
		return;
	}
	m = cJSON_GetObjectItem(doc, "protocol");
	printf("modvetd %s (protocol %d) on %s\n",
	    cJSON_GetStringValue(cJSON_GetObjectItem(doc, "version")),
	    cJSON_IsNumber(m) ? m->valueint : 0,
	    cJSON_GetStringValue(cJSON_GetObjectItem(doc, "socket")));
	if (cJSON_IsNumber(m = cJSON_GetObjectItem(doc, "pid")))
		printf("pid      %d\n", m->valueint);
	if (cJSON_IsString(m = cJSON_GetObjectItem(doc, "cache")))
		printf("cache    %s\n", m->valuestring);
	cJSON_ArrayForEach(m, cJSON_GetObjectItem(doc, "watching"))
		printf("%s %s\n", n++ == 0 ? "watching" : "        ",
		    cJSON_GetStringValue(m));
}

/* Ask the daemon: {"running", "socket", "version", "protocol", "pid",
 * "cache", "watching"}, from /v1/version, /v1/health and /v1/watch. */
static int
cmd_status_exec(int argc, char **argv)
{
	struct client_remote	 r;
	struct client_opts	 opts;
	cJSON			*doc, *got, *m;
	char			*sock;
	long			 st;

	if (argc != 1)
		client_usage_error(&client_cmd_status, "takes no arguments");
	doc = cJSON_CreateObject();
	if (!client_remote_running(&client_opts, &sock)) {
		cJSON_AddBoolToObject(doc, "running", 0);
		cJSON_AddStringToObject(doc, "socket", sock);
		free(sock);
		client_print_data(doc, cmd_status_print);
		return (CLIENT_EXIT_FINDINGS);
	}
	free(sock);
	opts = client_opts;
	opts.no_autostart = 1;	/* it was there a moment ago */
	if (client_remote_open(&r, &opts) != 0) {
		cJSON_Delete(doc);
		return (CLIENT_EXIT_FAILURE);
	}
	if ((got = client_remote_call(&r, "GET", "/v1/version", NULL, NULL, 0,
	    &st)) == NULL) {
		client_remote_close(&r);
		cJSON_Delete(doc);
		return (CLIENT_EXIT_FAILURE);
	}
	cJSON_AddBoolToObject(doc, "running", 1);
	cJSON_AddStringToObject(doc, "socket", r.server != NULL ? r.server :
	    r.socket);
	cJSON_AddStringToObject(doc, "version", cJSON_GetStringValue(
	    cJSON_GetObjectItem(got, "version")) != NULL ?
	    cJSON_GetStringValue(cJSON_GetObjectItem(got, "version")) : "");
	m = cJSON_GetObjectItem(got, "protocol");
	cJSON_AddNumberToObject(doc, "protocol", cJSON_IsNumber(m) ?
	    m->valueint : 0);
	if (cJSON_IsNumber(m = cJSON_GetObjectItem(got, "pid")))
		cJSON_AddNumberToObject(doc, "pid", m->valueint);
	cJSON_Delete(got);
	if ((got = client_remote_call(&r, "GET", "/v1/health", NULL, NULL, 0,
	    &st)) != NULL) {
		if (cJSON_IsString(m = cJSON_GetObjectItem(got, "cache")))
			cJSON_AddStringToObject(doc, "cache", m->valuestring);
		cJSON_Delete(got);
	}
	if ((got = client_remote_call(&r, "GET", "/v1/watch", NULL, NULL, 0,
	    &st)) != NULL) {
		if ((m = cJSON_DetachItemFromObject(got, "modules")) != NULL)
			cJSON_AddItemToObject(doc, "watching", m);
		cJSON_Delete(got);
	}
	client_remote_close(&r);
	client_print_data(doc, cmd_status_print);
	return (CLIENT_EXIT_OK);
}
