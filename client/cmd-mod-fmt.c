/* modvet mod-fmt FILE: the go.mod formatted as "go mod edit -print" does. */

#include "config.h"

#include <stdio.h>
#include <stdlib.h>

#include "util/util.h"
#include "gomod/gomod.h"
#include "client/client.h"

static int	cmd_mod_fmt_exec(int, char **);

const struct client_cmd client_cmd_mod_fmt = {
	"mod-fmt", "FILE", "print a go.mod formatted (go mod edit -print)",
	cmd_mod_fmt_exec, 0
};

/* Print the canonical form of the go.mod named by argv[1]. */
static int
cmd_mod_fmt_exec(int argc, char **argv)
{
	struct modfile	*f;
	char		*out;
	size_t		 len;

	if (argc != 2)
		client_usage_error(&client_cmd_mod_fmt, "expected one file");
	if ((f = client_parse_gomod(argv[1])) == NULL)
		return (CLIENT_EXIT_FINDINGS);
	out = modprint_edit_print(f, &len);
	fwrite(out, 1, len, stdout);
	free(out);
	modfile_free(f);
	return (CLIENT_EXIT_OK);
}
