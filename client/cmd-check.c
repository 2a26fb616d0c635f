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
#include "engine/engine.h"
#include "client/client.h"

static int	cmd_check_exec(int, char **);

const struct client_cmd client_cmd_check = {
	"check", CLIENT_CHECK_ARGS, CLIENT_CHECK_HELP, cmd_check_exec,
	CLIENT_CMD_FINDINGS
};

/* The team's acceptances (modvet.accept beside the go.mod), whichever
 * door the findings came through; a go.mod from stdin has none. */
static void
cmd_check_accept(const struct client_project *p, struct findings *fs)
{
	if (strcmp(p->gomod, "-") != 0)
		client_accept_apply(p->moddir != NULL ? p->moddir : ".", fs);
}

/* The findings of a read project, from the check operation through
 * either door; 0, or -1 after printing why. */
static int
cmd_check_one(struct client_project *p, struct findings *fs)
{
	cJSON	*doc;
	char	*body;

	body = client_project_json(p);
	doc = client_call_findings("/v1/check", body, p->gomod, fs);
	free(body);
	if (doc == NULL)
		return (-1);
	cJSON_Delete(doc);
	cmd_check_accept(p, fs);
	return (0);
}

/*
 * A workspace: first the go.work's own lines as a build in the
 * workspace meets them (check_workspace: the workspace the go command
 * refuses, its replace lines, the graph of all its modules, its go and
 * toolchain lines), then every module of its use lines, each checked
 * alone with its own go.sum, as it is published and as GOWORK=off checks
 * it (a pin the workspace's other modules raise is still a pin of this
 * one). The exit status is the worst of them.
 */
static int
cmd_check_workspace(const struct client_project *ws_p)
{
	struct client_print_many m;
	struct client_project	 p;
	struct findings		 fs;
	struct strv		 dirs;
	const char		*use;
	char			*dir, *slash;
	size_t			 i;
	int			 rc = CLIENT_EXIT_OK, one;

	if (client_workspace_check(ws_p->gowork, &fs, &dirs) != 0) {
		strv_free(&dirs);
		return (CLIENT_EXIT_FAILURE);
	}
	dir = xstrdup(ws_p->gowork);
	if ((slash = strrchr(dir, '/')) != NULL)
		*slash = '\0';
	else
		strcpy(dir, ".");
	fprintf(stderr, "modvet: %s: checking it and its %zu modules, each "
	    "alone, as published\n", ws_p->gowork, dirs.n);
	client_print_many_begin(&m, ws_p->format);
	client_print_many_add(&m, &fs, ws_p->gowork);
	rc = client_findings_status(&fs);
	findings_free(&fs);
	for (i = 0; i < dirs.n; i++) {
		memset(&p, 0, sizeof p);
		p.format = ws_p->format;
		p.sources = 1;
		use = strncmp(dirs.v[i], "./", 2) == 0 ? dirs.v[i] + 2 :
		    dirs.v[i];
		if (*use == '/' || strcmp(dir, ".") == 0)
			xasprintf(&p.gomod, "%s/go.mod", use);
		else if (strcmp(use, ".") == 0 || *use == '\0')
			xasprintf(&p.gomod, "%s/go.mod", dir);
		else
			xasprintf(&p.gomod, "%s/%s/go.mod", dir, use);
		if (client_project_read(&p) != 0 ||
		    cmd_check_one(&p, &fs) != 0)
			one = CLIENT_EXIT_FAILURE;
		else {
			client_print_many_add(&m, &fs, p.gomod);
			one = client_findings_status(&fs);
			findings_free(&fs);
		}
		if (one > rc)
			rc = one;
		client_project_free(&p);
	}
	client_print_many_end(&m);
	free(dir);
	strv_free(&dirs);
	return (rc);
}

/* Check and print. */
static int
cmd_check_exec(int argc, char **argv)
{
	struct client_project	 p;
	struct findings		 fs;
	int			 rc = CLIENT_EXIT_FAILURE;

	client_project_args(&client_cmd_check, argc, argv, &p);
	p.sources = 1;
	if (p.format != NULL && !client_format_ok(p.format))
		client_usage_error(&client_cmd_check, "unknown format \"%s\"",
		    p.format);
	if (p.gowork != NULL)
		rc = cmd_check_workspace(&p);
	else if (client_project_read(&p) == 0 &&
	    cmd_check_one(&p, &fs) == 0) {
		client_print_findings(&fs, p.gomod, p.format);
		rc = client_findings_status(&fs);
		findings_free(&fs);
	}
	client_project_free(&p);
	return (rc);
}
