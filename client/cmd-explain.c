/*
 * modvet explain [RULE]: what a rule means and how to fix what it finds,
 * from the rule table; with no RULE, the list of rules.
 */

#include "config.h"

#include <stdio.h>
#include <string.h>

#include "util/util.h"
#include "engine/engine.h"
#include "client/client.h"

static int	cmd_explain_exec(int, char **);

const struct client_cmd client_cmd_explain = {
	"explain", "[RULE]",
	"what a rule means and how to fix what it finds (all rules: no RULE)",
	cmd_explain_exec, 0
};

/* Print one paragraph folded at 72 columns, indented by ind. */
static void
cmd_explain_fold(const char *text, int ind)
{
	const char	*p = text, *sp;
	int		 col = 0, n;

	while (*p != '\0') {
		sp = p + strcspn(p, " ");
		n = (int)(sp - p);
		if (col > 0 && col + 1 + n > 72 - ind) {
			printf("\n");
			col = 0;
		}
		printf("%*s%.*s", col == 0 ? ind : 1, "", n, p);
		col += (col == 0 ? 0 : 1) + n;
		p = *sp == ' ' ? sp + 1 : sp;
	}
	printf("\n");
}

static int
cmd_explain_exec(int argc, char **argv)
{
	const struct rule	*r, *all;
	size_t			 n, i;

	if (argc > 2)
		client_usage_error(&client_cmd_explain, "takes one rule at most");
	if (argc == 1) {
		all = rule_all(&n);
		for (i = 0; i < n; i++)
			printf("%-22s %-8s %s\n", all[i].code,
			    finding_severity_name(all[i].severity),
			    all[i].summary);
		return (CLIENT_EXIT_OK);
	}
	if ((r = rule_find(argv[1])) == NULL) {
		fprintf(stderr, "modvet explain: no rule \"%s\" (modvet explain "
		    "lists them)\n", argv[1]);
		return (CLIENT_EXIT_FAILURE);
	}
	printf("%s (%s): %s\n\n", r->code, finding_severity_name(r->severity),
	    r->summary);
	cmd_explain_fold(r->help, 2);
	return (CLIENT_EXIT_OK);
}
