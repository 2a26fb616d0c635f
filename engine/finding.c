/* Findings: what a rule says about a pin, with its evidence. */

#include "config.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "util/util.h"
#include "engine/engine.h"

/* Add a finding; the message is formatted, the strings copied. */
struct finding *
findings_add(struct findings *fs, const char *code,
    enum finding_severity sev, const char *path, const char *version,
    int line, const char *fmt, ...)
{
	const struct rule	*rule;
	struct finding		*f;
	va_list			 ap;

	if (fs->n == fs->cap) {
		fs->cap = fs->cap == 0 ? 16 : fs->cap * 2;
		fs->v = xreallocarray(fs->v, fs->cap, sizeof *fs->v);
	}
	f = &fs->v[fs->n++];
	memset(f, 0, sizeof *f);
	/* The rule table's string, else a copy: a finding borrows nothing
	 * from the check that made it. */
	if ((rule = rule_find(code)) != NULL)
		f->code = rule->code;
	else
		f->code = f->code_owned = xstrdup(code);
	f->severity = sev;
	f->path = path != NULL ? xstrdup(path) : NULL;
	f->version = version != NULL ? xstrdup(version) : NULL;
	f->line = line;
	f->col = 1;
	f->pin = -1;
	strv_init(&f->evidence);
	strv_init(&f->companions);
	strv_init(&f->alternatives);
	strv_init(&f->requires);
	strv_init(&f->sum_lines);
	va_start(ap, fmt);
	xvasprintf(&f->message, fmt, ap);
	va_end(ap);
	return (f);
}

/* Add a line of evidence to a finding. */
void
finding_evidence(struct finding *f, const char *fmt, ...)
{
	va_list	 ap;
	char	*s;

	va_start(ap, fmt);
	xvasprintf(&s, fmt, ap);
	va_end(ap);
	strv_push_owned(&f->evidence, s);
}

/* Set the one go.sum line a missing-sum finding's fix adds. */
void
finding_sum_line(struct finding *f, const char *fmt, ...)
{
	va_list	 ap;
	char	*s;

	va_start(ap, fmt);
	xvasprintf(&s, fmt, ap);
	va_end(ap);
	strv_free(&f->sum_lines);
	strv_init(&f->sum_lines);
	strv_push_owned(&f->sum_lines, s);
}

/* Free what one finding holds. */
void
finding_free(struct finding *f)
{
	free(f->code_owned);
	free(f->path);
	free(f->version);
	free(f->message);
	free(f->suggested);
	free(f->suggested_go);
	strv_free(&f->sum_lines);
	strv_free(&f->evidence);
	strv_free(&f->companions);
	strv_free(&f->alternatives);
	strv_free(&f->requires);
	free(f->rewrite_path);
	free(f->rewrite_name);
	free(f->rewrite_from);
	free(f->file);
	memset(f, 0, sizeof *f);
}

/* Free every finding. */
void
findings_free(struct findings *fs)
{
	size_t	i;

	for (i = 0; i < fs->n; i++)
		finding_free(&fs->v[i]);
	free(fs->v);
	memset(fs, 0, sizeof *fs);
}

/* Order by file (go.mod first), line, then severity, then code: the order
 * a person reads. */
static int
findings_cmp(const void *a, const void *b)
{
	const struct finding	*x = a, *y = b;
	int			 c;

	if ((x->file == NULL) != (y->file == NULL))
		return (x->file == NULL ? -1 : 1);
	if (x->file != NULL && (c = strcmp(x->file, y->file)) != 0)
		return (c);
	if (x->col != y->col && x->line == y->line && x->file != NULL)
		return (x->col < y->col ? -1 : 1);
	if (x->line != y->line)
		return (x->line < y->line ? -1 : 1);
	if (x->severity != y->severity)
		return (x->severity < y->severity ? -1 : 1);
	return (strcmp(x->code, y->code));
}

/* Sort the findings (stable enough: codes differ within a line). */
void
findings_sort(struct findings *fs)
{
	if (fs->n > 1)
		qsort(fs->v, fs->n, sizeof *fs->v, findings_cmp);
}

/* The severity as a word. */
const char *
finding_severity_name(enum finding_severity sev)
{
	switch (sev) {
	case FINDING_ERROR:
		return ("error");
	case FINDING_WARNING:
		return ("warning");
	default:
		return ("info");
	}
}

/* How many findings have a severity. */
size_t
findings_count(const struct findings *fs, enum finding_severity sev)
{
	size_t	i, n = 0;

	for (i = 0; i < fs->n; i++)
		n += fs->v[i].severity == sev;
	return (n);
}

/* How many findings each rule gave, the most first (then by code): a
 * check of thousands of findings says in one line what they are. */
size_t
findings_by_rule(const struct findings *fs, struct rule_count **out)
{
	struct rule_count	*rc = NULL, t;
	size_t			 i, j, n = 0;

	for (i = 0; i < fs->n; i++) {
		for (j = 0; j < n; j++)
			if (strcmp(rc[j].code, fs->v[i].code) == 0)
				break;
		if (j == n) {
			rc = xreallocarray(rc, n + 1, sizeof *rc);
			rc[n].code = fs->v[i].code;
			rc[n++].count = 0;
		}
		rc[j].count++;
	}
	for (i = 1; i < n; i++) {	/* few rules: insertion sort */
		for (j = i; j > 0 && (rc[j].count > rc[j - 1].count ||
		    (rc[j].count == rc[j - 1].count &&
		    strcmp(rc[j].code, rc[j - 1].code) < 0)); j--) {
			t = rc[j];
			rc[j] = rc[j - 1];
			rc[j - 1] = t;
		}
	}
	*out = rc;
	return (n);
}

/* Is there a finding with this code? */
int
findings_have(const struct findings *fs, const char *code)
{
	size_t	i;

	for (i = 0; i < fs->n; i++)
		if (strcmp(fs->v[i].code, code) == 0)
			return (1);
	return (0);
}
