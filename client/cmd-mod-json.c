/* modvet mod-json FILE: the go.mod as "go mod edit -json" prints it. */

#include "config.h"

#include <stdio.h>
#include <stdlib.h>

#include "util/util.h"
#include "gomod/gomod.h"
#include "client/client.h"

static int	cmd_mod_json_exec(int, char **);

const struct client_cmd client_cmd_mod_json = {
	"mod-json", "FILE", "print a go.mod as JSON (go mod edit -json)",
	cmd_mod_json_exec, 0
};

/* Print the JSON form of the go.mod named by argv[1]. */
static int
cmd_mod_json_exec(int argc, char **argv)
{
	struct modfile	*f;
	char		*out;

	if (argc != 2)
		client_usage_error(&client_cmd_mod_json, "expected one file");
	if ((f = client_parse_gomod(argv[1])) == NULL)
		return (CLIENT_EXIT_FINDINGS);
	out = modjson_edit_json(f);
	fputs(out, stdout);
	free(out);
	modfile_free(f);
	return (CLIENT_EXIT_OK);
}
