/*
 * modvet check [-C DIR] [-f FORMAT] [go.mod]: every rule over a go.mod
 * (and the go.sum beside it), with evidence and suggestions, through
 * modvetd (started when none answers), or in this process with --local or
 * when the go.mod replaces modules by local directories. Exit 0 when no
 * finding is an error, 1 when one is, 2 when the check could not run.
 */

#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "util/util.h"
#include "gomod/gomod.h"
#include "verify/verify.h"
#include "client/client.h"

static int	cmd_check_exec(int, char **);

const struct client_cmd client_cmd_check = {
	"check", "[-C DIR] [-f text|json|sarif|github] [go.mod]",
	"check every pin of a go.mod, with evidence and suggestions",
	cmd_check_exec
};

/* Run the check of a project; 0, or -1 after printing why. */
int
client_check(struct client_project *p, struct client_local *l,
    struct check *c)
{
	struct moddir	 where = { p->moddir, NULL, NULL };
	struct go_sources src;
	char		*cause = NULL;
	int		 rc;

	client_progress("checking %s", p->gomod);
	if (strcmp(p->gomod, "-") == 0)
		;	/* a go.mod from stdin has no directory of its own */
	else if (sources_read_dir(p->moddir, &src, &cause) == 0)
		where.sources = &src;
	else {
		fprintf(stderr, "modvet: %s (imports not checked)\n", cause);
		free(cause);
		cause = NULL;
	}
	rc = check_run(c, &l->source, p->gomod, p->data, p->len, &where,
	    p->gosum, p->gosum_len, 1, &cause);
	if (where.sources != NULL)
		sources_free(&src);
	client_progress_done();
	if (rc != 0) {
		fprintf(stderr, "modvet: errors parsing %s:\n%s\n", p->gomod,
		    cause);
		free(cause);
		check_free(c);
		return (-1);
	}
	return (0);
}

/* Check through the daemon; the exit status. */
static int
cmd_check_remote(struct client_project *p)
{
	struct client_remote	 r;
	struct findings		 fs;
	cJSON			*doc;
	int			 rc = CLIENT_EXIT_FAILURE;

	if (client_remote_open(&r, &client_opts) != 0)
		return (CLIENT_EXIT_FAILURE);
	if ((doc = client_remote_project(&r, "/v1/check", p, &fs)) != NULL) {
		client_print_findings(&fs, p->gomod, p->format);
		rc = client_findings_status(&fs);
		findings_free(&fs);
		cJSON_Delete(doc);
	}
	client_remote_close(&r);
	return (rc);
}

/* Check and print. */
static int
cmd_check_exec(int argc, char **argv)
{
	struct client_project	 p;
	struct client_local	 l;
	struct check		 c;
	int			 rc = CLIENT_EXIT_FAILURE;

	client_project_args(&client_cmd_check, argc, argv, &p);
	p.sources = 1;
	if (p.format != NULL && !client_format_ok(p.format))
		client_usage_error(&client_cmd_check, "unknown format \"%s\"",
		    p.format);
	if (client_project_read(&p) != 0) {
		client_project_free(&p);
		return (CLIENT_EXIT_FAILURE);
	}
	client_project_workspace_note(&p);
	if (!client_project_local(&p)) {
		rc = cmd_check_remote(&p);
		client_project_free(&p);
		return (rc);
	}
	client_local_open(&l);
	if (client_check(&p, &l, &c) == 0) {
		client_print_findings(&c.findings, p.gomod, p.format);
		rc = client_findings_status(&c.findings);
		check_free(&c);
	}
	client_local_close(&l);
	client_project_free(&p);
	return (rc);
}
