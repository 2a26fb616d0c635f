/* modvet watch add|rm|ls [MODULE]: the watch list (engine/op-watch.c).
 * add refuses a module the upstreams prove absent, rm one that is not
 * watched. */

#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "util/util.h"
#include "gomod/gomod.h"
#include "client/client.h"

static int	cmd_watch_exec(int, char **);

const struct client_cmd client_cmd_watch = {
	"watch", "add MODULE | rm MODULE | ls",
	"the modules whose release history modvetd keeps fresh",
	cmd_watch_exec, 0
};

/* Change or show the list, and print it: the watch operation, through
 * modvetd (its cache) or with --local in this process (this client's
 * cache, by default the same file). */
static int
cmd_watch_exec(int argc, char **argv)
{
	cJSON	*doc, *m;
	char	*route = NULL, *cause = NULL;
	int	 add, rm;

	add = argc == 3 && strcmp(argv[1], "add") == 0;
	rm = argc == 3 && strcmp(argv[1], "rm") == 0;
	if (!add && !rm && !(argc == 2 && strcmp(argv[1], "ls") == 0))
		client_usage_error(&client_cmd_watch, "expected add, rm or ls");
	if ((add || rm) && modpath_check(argv[2], &cause) != 0) {
		fprintf(stderr, "modvet: %s\n", cause);
		free(cause);
		return (CLIENT_EXIT_FAILURE);
	}
	if (rm)
		xasprintf(&route, "/v1/watch/%s", argv[2]);
	doc = client_call(add ? "POST" : rm ? "DELETE" : "GET",
	    rm ? route : "/v1/watch", "text/plain", add ? argv[2] : NULL,
	    add ? strlen(argv[2]) : 0);
	free(route);
	if (doc == NULL)	/* a module proven absent, or not watched */
		return (CLIENT_EXIT_FAILURE);
	if (cJSON_IsString(m = cJSON_GetObjectItem(doc, "note")))
		fprintf(stderr, "modvet: note: %s\n", m->valuestring);
	cJSON_ArrayForEach(m, cJSON_GetObjectItem(doc, "modules"))
		printf("%s\n", cJSON_GetStringValue(m));
	cJSON_Delete(doc);
	return (CLIENT_EXIT_OK);
}
