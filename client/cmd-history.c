/*
 * modvet history MODULE: the release history modvetd keeps: a line per
 * version, oldest first: version, date, go line, what it requires of the
 * watched modules, and "retracted" (with the rationale) where the module's
 * latest go.mod says so.
 */

#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "util/util.h"
#include "gomod/gomod.h"
#include "client/client.h"

static int	cmd_history_exec(int, char **);

const struct client_cmd client_cmd_history = {
	"history", "[--format text|json] MODULE",
	"release history: dates, go lines, watched requirements, retractions",
	cmd_history_exec, CLIENT_CMD_DATA
};

/* A string member, or "". */
static const char *
cmd_history_str(const cJSON *o, const char *name)
{
	const char	*s = cJSON_GetStringValue(cJSON_GetObjectItem(o, name));

	return (s != NULL ? s : "");
}

/* Print one version's line. */
static void
cmd_history_line(const cJSON *v)
{
	const cJSON	*req;
	char		 date[11];

	strlcpy(date, cmd_history_str(v, "time"), sizeof date);
	printf("%-28s %-10s go %-7s", cmd_history_str(v, "version"),
	    *date != '\0' ? date : "?", *cmd_history_str(v, "go") != '\0' ?
	    cmd_history_str(v, "go") : "-");
	cJSON_ArrayForEach(req, cJSON_GetObjectItem(v, "requires"))
		printf(" %s>=%s", req->string, cJSON_GetStringValue(req));
	if (cJSON_IsTrue(cJSON_GetObjectItem(v, "retracted")))
		printf(" retracted%s%s", *cmd_history_str(v, "rationale") ?
		    ": " : "", cmd_history_str(v, "rationale"));
	printf("\n");
}

/* Every version's line, then the deprecation and where it came from. */
static void
cmd_history_print(const cJSON *doc)
{
	const cJSON	*v;

	cJSON_ArrayForEach(v, cJSON_GetObjectItem(doc, "versions"))
		cmd_history_line(v);
	if (cJSON_GetStringValue(cJSON_GetObjectItem(doc, "deprecated")))
		printf("deprecated: %s\n", cmd_history_str(doc, "deprecated"));
	printf("(%s, %s%s)\n", cmd_history_str(doc, "origin"),
	    cmd_history_str(doc, "fetched"), cJSON_IsTrue(cJSON_GetObjectItem(
	    doc, "stale")) ? ", stale: every upstream failing" : "");
}

/* Ask for the details and print them. */
static int
cmd_history_exec(int argc, char **argv)
{
	cJSON	*doc;

	if (argc != 2)
		client_usage_error(&client_cmd_history, "expected one module");
	if ((doc = client_versions_doc(&client_cmd_history, argv[1], 1)) ==
	    NULL)
		return (CLIENT_EXIT_FAILURE);
	client_print_data(doc, cmd_history_print);
	return (CLIENT_EXIT_OK);
}
