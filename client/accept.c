/*
 * modvet.accept, beside a go.mod: the findings a team has accepted
 * deliberately, each with a reason and the last day it holds. A line:
 *
 *	RULE MODULE[@VERSION] UNTIL REASON...
 *
 * RULE is a rule's code (modvet explain lists them) or "*"; MODULE a
 * module path, with @VERSION to accept that version only; UNTIL a date,
 * YYYY-MM-DD, the last day (UTC) the acceptance holds; REASON why, in
 * words (required). Blank lines and lines that start with "#" are
 * skipped.
 *
 * A finding an entry matches is left out while the entry holds. An entry
 * past its date leaves nothing out and is reported (accept-expired, at
 * its line of modvet.accept), so an acceptance cannot outlive the reason
 * for it unnoticed; a line that does not parse is invalid-accept. The
 * client applies the file to either door's findings: the daemon never
 * reads it.
 */

#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "util/util.h"
#include "gomod/gomod.h"
#include "engine/engine.h"
#include "client/client.h"

#define ACCEPT_FILE	"modvet.accept"
#define ACCEPT_MAX	(1 << 20)	/* bytes */

/* One entry. */
struct accept_entry {
	int		 line;
	char		*rule;
	char		*path;
	char		*version;	/* NULL: every version */
	char		 until[11];
	char		*reason;
};

/* Is s a date, YYYY-MM-DD, that exists? */
static int
accept_is_date(const char *s)
{
	struct tm	tm;
	const char	*end;

	if (strlen(s) != 10)
		return (0);
	memset(&tm, 0, sizeof tm);
	end = strptime(s, "%Y-%m-%d", &tm);
	return (end != NULL && *end == '\0');
}

/* Parse one line into e (0), or say why not (-1, *why static). */
static int
accept_parse_line(char *line, struct accept_entry *e, const char **why)
{
	char	*rule, *mod, *until, *reason, *at, *cause = NULL;

	rule = strsep(&line, " \t");
	while (line != NULL && (*line == ' ' || *line == '\t'))
		line++;
	mod = line != NULL ? strsep(&line, " \t") : NULL;
	while (line != NULL && (*line == ' ' || *line == '\t'))
		line++;
	until = line != NULL ? strsep(&line, " \t") : NULL;
	reason = line;
	while (reason != NULL && (*reason == ' ' || *reason == '\t'))
		reason++;
	if (mod == NULL || until == NULL || reason == NULL || *reason == '\0') {
		*why = "expected RULE MODULE[@VERSION] UNTIL REASON";
		return (-1);
	}
	if (strcmp(rule, "*") != 0 && rule_find(rule) == NULL) {
		*why = "no such rule (modvet explain lists them)";
		return (-1);
	}
	if ((at = strchr(mod, '@')) != NULL)
		*at++ = '\0';
	if (modpath_check(mod, &cause) != 0 ||
	    (at != NULL && !semver_is_valid(at))) {
		free(cause);
		*why = "not a module path, or not a version after @";
		return (-1);
	}
	if (!accept_is_date(until)) {
		*why = "UNTIL is not a date (YYYY-MM-DD)";
		return (-1);
	}
	e->rule = xstrdup(rule);
	e->path = xstrdup(mod);
	e->version = at != NULL ? xstrdup(at) : NULL;
	strlcpy(e->until, until, sizeof e->until);
	e->reason = xstrdup(reason);
	return (0);
}

/* Does the entry cover the finding? */
static int
accept_matches(const struct accept_entry *e, const struct finding *f)
{
	return ((strcmp(e->rule, "*") == 0 || strcmp(e->rule, f->code) == 0) &&
	    f->path != NULL && strcmp(e->path, f->path) == 0 &&
	    (e->version == NULL || (f->version != NULL &&
	    strcmp(e->version, f->version) == 0)));
}

/* Today, UTC, as YYYY-MM-DD (MODVET_NOW moves it, as every clock). */
static void
accept_today(char *buf, size_t size)
{
	time_t		t = (time_t)(util_wall_ms() / 1000);
	struct tm	tm;

	gmtime_r(&t, &tm);
	strftime(buf, size, "%Y-%m-%d", &tm);
}

/* Apply the modvet.accept of the go.mod's directory (NULL: none) to the
 * findings; returns how many were left out. */
size_t
client_accept_apply(const char *moddir, struct findings *fs)
{
	struct accept_entry	*ents = NULL;
	struct finding		*f;
	char			*path, *data = NULL, *line, *next, today[11];
	const char		*why;
	size_t			 n = 0, i, k, kept = 0, dropped = 0;
	size_t			 len;
	int			 lineno = 0;

	if (moddir == NULL)
		return (0);
	xasprintf(&path, "%s/%s", moddir, ACCEPT_FILE);
	if (util_read_file(path, ACCEPT_MAX, &data, &len) != 0) {
		if (errno != ENOENT)
			fprintf(stderr, "modvet: %s: %s\n", path,
			    strerror(errno));
		free(path);
		return (0);
	}
	accept_today(today, sizeof today);
	for (line = data; line != NULL; line = next) {
		lineno++;
		if ((next = strchr(line, '\n')) != NULL)
			*next++ = '\0';
		line[strcspn(line, "\r")] = '\0';
		while (*line == ' ' || *line == '\t')
			line++;
		/* A "#" inside a reason ("see #123") is the reason's. */
		if (*line == '\0' || *line == '#')
			continue;
		ents = xreallocarray(ents, n + 1, sizeof *ents);
		memset(&ents[n], 0, sizeof ents[n]);
		ents[n].line = lineno;
		if (accept_parse_line(line, &ents[n], &why) != 0) {
			f = findings_add(fs, "invalid-accept", FINDING_ERROR,
			    NULL, NULL, lineno, "%s", why);
			f->file = xstrdup(ACCEPT_FILE);
			continue;
		}
		n++;
	}
	/* The findings the entries that hold cover are left out. */
	for (i = 0; i < fs->n; i++) {
		for (k = 0; k < n; k++) {
			if (strcmp(ents[k].until, today) >= 0 &&
			    accept_matches(&ents[k], &fs->v[i]))
				break;
		}
		if (k < n) {
			finding_free(&fs->v[i]);
			dropped++;
		} else
			fs->v[kept++] = fs->v[i];
	}
	fs->n = kept;
	for (k = 0; k < n; k++) {
		if (strcmp(ents[k].until, today) < 0) {
			f = findings_add(fs, "accept-expired", FINDING_WARNING,
			    ents[k].path, ents[k].version, ents[k].line,
			    "the acceptance of %s %s%s%s ended on %s (it said: "
			    "%s); its findings are reported again",
			    ents[k].rule, ents[k].path, ents[k].version != NULL ?
			    "@" : "", ents[k].version != NULL ?
			    ents[k].version : "", ents[k].until, ents[k].reason);
			f->file = xstrdup(ACCEPT_FILE);
		}
		free(ents[k].rule);
		free(ents[k].path);
		free(ents[k].version);
		free(ents[k].reason);
	}
	if (dropped > 0)
		fprintf(stderr, "modvet: %s: %zu finding%s accepted until "
		    "the dates it gives\n", path, dropped, dropped == 1 ? "" :
		    "s");
	free(ents);
	free(data);
	free(path);
	return (dropped);
}
