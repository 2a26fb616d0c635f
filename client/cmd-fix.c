/*
 * modvet fix [-C DIR] [-w] [-f FORMAT] [go.mod]: check, apply the
 * suggestions with the comment-preserving editor, and print the unified
 * diff (or, with -w, write the go.mod: temp file and rename). Then the new
 * go.mod is checked again and what remains is printed. Exit 0 when no
 * error remains, 1 when one does.
 */

#include "config.h"

#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "util/util.h"
#include "gomod/gomod.h"
#include "verify/verify.h"
#include "client/client.h"

static int	cmd_fix_exec(int, char **);

const struct client_cmd client_cmd_fix = {
	"fix", "[-C DIR] [-w] [-f text|json|sarif|github] [go.mod]",
	"apply the suggestions: print the diff, or write it with -w",
	cmd_fix_exec
};

/* Write data to path by temp file and rename. */
static int
cmd_fix_write(const char *path, const char *data, size_t len)
{
	char	*tmp;
	int	 fd, ok;

	xasprintf(&tmp, "%s.modvet.XXXXXX", path);
	if ((fd = mkstemp(tmp)) == -1) {
		fprintf(stderr, "modvet: %s: %s\n", tmp, strerror(errno));
		free(tmp);
		return (-1);
	}
	ok = write(fd, data, len) == (ssize_t)len && fchmod(fd, 0644) == 0 &&
	    fsync(fd) == 0;
	if (close(fd) != 0 || !ok || rename(tmp, path) != 0) {
		fprintf(stderr, "modvet: writing %s: %s\n", path,
		    strerror(errno));
		unlink(tmp);
		free(tmp);
		return (-1);
	}
	free(tmp);
	return (0);
}

/* Check the fixed text as the go.mod it will be, and print what
 * remains. Returns the exit status. */
static int
cmd_fix_recheck(struct client_project *p, struct client_local *l,
    char *text, size_t len)
{
	struct check	 c;
	int		 rc;

	free(p->data);
	p->data = text;
	p->len = len;
	if (client_check(p, l, &c) != 0)
		return (CLIENT_EXIT_FAILURE);
	if (p->format == NULL || strcmp(p->format, "text") == 0)
		printf("after the fix:\n");
	client_print_findings(&c, p->gomod, p->format);
	rc = findings_count(&c.findings, FINDING_ERROR) > 0 ?
	    CLIENT_EXIT_FINDINGS : CLIENT_EXIT_OK;
	check_free(&c);
	return (rc);
}

/* Fix, show, and check again. */
static int
cmd_fix_exec(int argc, char **argv)
{
	struct client_project	 p;
	struct client_local	 l;
	struct check		 c;
	char			*text, *diff, *a, *b;
	size_t			 len;
	int			 rc = CLIENT_EXIT_FAILURE;

	client_project_args(&client_cmd_fix, argc, argv, &p);
	if (p.format != NULL && !client_format_ok(p.format))
		client_usage_error(&client_cmd_fix, "unknown format \"%s\"",
		    p.format);
	if (client_project_read(&p) != 0)
		goto out;
	client_local_open(&l);
	if (client_check(&p, &l, &c) != 0)
		goto close;
	if ((text = fix_apply(&c, &len)) == NULL) {
		check_free(&c);
		fprintf(stderr, "modvet: nothing to change in %s\n", p.gomod);
		rc = cmd_fix_recheck(&p, &l, xmemdup(p.data, p.len + 1),
		    p.len);
		goto close;
	}
	check_free(&c);
	if (p.write) {
		if (cmd_fix_write(p.gomod, text, len) != 0) {
			free(text);
			goto close;
		}
		fprintf(stderr, "modvet: wrote %s\n", p.gomod);
	} else {
		xasprintf(&a, "a/%s", p.gomod);
		xasprintf(&b, "b/%s", p.gomod);
		diff = diff_unified(a, p.data, p.len, b, text, len);
		fputs(diff, stdout);
		free(diff);
		free(a);
		free(b);
	}
	rc = cmd_fix_recheck(&p, &l, text, len);
close:
	client_local_close(&l);
out:
	client_project_free(&p);
	return (rc);
}
