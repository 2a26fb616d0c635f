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
	"check", CLIENT_CHECK_ARGS, CLIENT_CHECK_HELP, cmd_check_exec,
	CLIENT_CMD_FINDINGS
};

/* Run the check of a project; 0, or -1 after printing why. */
int
client_check(struct client_project *p, struct client_local *l,
    struct check *c)
{
	struct moddir	 where = { p->moddir, NULL, NULL, NULL };
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

/* The team's acceptances (modvet.accept beside the go.mod), whichever
 * door the findings came through; a go.mod from stdin has none. */
static void
cmd_check_accept(const struct client_project *p, struct findings *fs)
{
	if (strcmp(p->gomod, "-") != 0)
		client_accept_apply(p->moddir != NULL ? p->moddir : ".", fs);
}

/* The findings of a read project, through the daemon or in-process
 * (l: open on first use); 0, or -1 after printing why. */
static int
cmd_check_one(struct client_project *p, struct client_local *l,
    int *l_open, struct findings *fs)
{
	struct client_remote	 r;
	struct check		 c;
	cJSON			*doc;

	memset(fs, 0, sizeof *fs);
	if (!client_project_local(p)) {
		if (client_remote_open(&r, &client_opts) != 0)
			return (-1);
		doc = client_remote_project(&r, "/v1/check", p, fs);
		client_remote_close(&r);
		if (doc == NULL)
			return (-1);
		cJSON_Delete(doc);
		cmd_check_accept(p, fs);
		return (0);
	}
	if (!*l_open) {
		client_local_open(l);
		*l_open = 1;
	}
	if (client_check(p, l, &c) != 0)
		return (-1);
	*fs = c.findings;	/* moved out of the check */
	memset(&c.findings, 0, sizeof c.findings);
	check_free(&c);
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
cmd_check_workspace(const struct client_project *ws_p,
    struct client_local *l, int *l_open)
{
	struct client_print_many m;
	struct client_project	 p;
	struct findings		 fs;
	struct strv		 dirs;
	const char		*use;
	char			*dir, *slash;
	size_t			 i;
	int			 rc = CLIENT_EXIT_OK, one;

	if (client_workspace_check(ws_p->gowork, l, l_open, &fs, &dirs) != 0) {
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
		    cmd_check_one(&p, l, l_open, &fs) != 0)
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
	struct client_local	 l;
	struct findings		 fs;
	int			 rc = CLIENT_EXIT_FAILURE, l_open = 0;

	client_project_args(&client_cmd_check, argc, argv, &p);
	p.sources = 1;
	if (p.format != NULL && !client_format_ok(p.format))
		client_usage_error(&client_cmd_check, "unknown format \"%s\"",
		    p.format);
	if (p.gowork != NULL)
		rc = cmd_check_workspace(&p, &l, &l_open);
	else if (client_project_read(&p) == 0 &&
	    cmd_check_one(&p, &l, &l_open, &fs) == 0) {
		client_print_findings(&fs, p.gomod, p.format);
		rc = client_findings_status(&fs);
		findings_free(&fs);
	}
	if (l_open)
		client_local_close(&l);
	client_project_free(&p);
	return (rc);
}
