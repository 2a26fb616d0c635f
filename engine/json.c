/*
 * Findings as JSON, the form the HTTP API sends and the client reads
 * back: one encoder and one decoder, so the two ends cannot drift.
 *
 *	{"code", "severity", "module", "version", "line", "column",
 *	 "message", "evidence": [...],
 *	 "suggestion": {"version", "companions": [{"module", "version"}],
 *	                "go"}}
 */

#include "config.h"

#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "util/util.h"
#include "engine/engine.h"

/* Add a companion "path version" as an object. */
static void
json_companion(cJSON *a, const char *pv)
{
	cJSON	*o;
	char	*m;
	const char *sp;

	if ((sp = strchr(pv, ' ')) == NULL)
		return;
	o = cJSON_CreateObject();
	m = xstrndup(pv, sp - pv);
	cJSON_AddStringToObject(o, "module", m);
	cJSON_AddStringToObject(o, "version", sp + 1);
	free(m);
	cJSON_AddItemToArray(a, o);
}

/* One finding as a JSON object. */
/* A list of strings as an array member named name (empty too: cJSON's
 * string array wants a non-NULL list). */
void
json_add_strv(cJSON *o, const char *name, const struct strv *v)
{
	if (v->n == 0)
		cJSON_AddArrayToObject(o, name);
	else
		cJSON_AddItemToObject(o, name, cJSON_CreateStringArray(
		    (const char *const *)v->v, (int)v->n));
}

/* The strings of an array member named name, pushed onto v (other
 * items skipped). */
void
json_get_strv(const cJSON *o, const char *name, struct strv *v)
{
	const cJSON	*x;

	cJSON_ArrayForEach(x, cJSON_GetObjectItem(o, name)) {
		if (cJSON_IsString(x))
			strv_push(v, x->valuestring);
	}
}

static cJSON *
json_finding(const struct finding *f)
{
	cJSON	*o, *a, *s;
	size_t	 i;

	o = cJSON_CreateObject();
	cJSON_AddStringToObject(o, "code", f->code);
	cJSON_AddStringToObject(o, "severity",
	    finding_severity_name(f->severity));
	if (f->path != NULL)
		cJSON_AddStringToObject(o, "module", f->path);
	if (f->version != NULL)
		cJSON_AddStringToObject(o, "version", f->version);
	if (f->file != NULL)
		cJSON_AddStringToObject(o, "source", f->file);
	cJSON_AddNumberToObject(o, "line", f->line);
	cJSON_AddNumberToObject(o, "column", f->col);
	cJSON_AddStringToObject(o, "message", f->message);
	json_add_strv(o, "evidence", &f->evidence);
	if (f->sum_lines.n > 0)
		json_add_strv(o, "sum_lines", &f->sum_lines);
	if (f->alternatives.n > 0)
		json_add_strv(o, "alternatives", &f->alternatives);
	if (f->rewrite_path != NULL && f->rewrite_name != NULL &&
	    f->rewrite_from != NULL) {
		s = cJSON_AddObjectToObject(o, "rewrite");
		cJSON_AddStringToObject(s, "from", f->rewrite_from);
		cJSON_AddStringToObject(s, "import", f->rewrite_path);
		cJSON_AddStringToObject(s, "name", f->rewrite_name);
	}
	if (f->requires.n > 0)
		json_add_strv(o, "requires", &f->requires);
	if (f->suggested == NULL && f->suggested_go == NULL)
		return (o);
	s = cJSON_AddObjectToObject(o, "suggestion");
	if (f->suggested != NULL)
		cJSON_AddStringToObject(s, "version", f->suggested);
	a = cJSON_AddArrayToObject(s, "companions");
	for (i = 0; i < f->companions.n; i++)
		json_companion(a, f->companions.v[i]);
	if (f->suggested_go != NULL)
		cJSON_AddStringToObject(s, "go", f->suggested_go);
	return (o);
}

/* {"file", "findings": [...], "summary": {...}}; the caller deletes it. */
cJSON *
findings_to_json(const struct findings *fs, const char *file)
{
	struct rule_count	*rc;
	cJSON			*doc, *a, *sum, *rules;
	size_t			 i, n;

	doc = cJSON_CreateObject();
	cJSON_AddStringToObject(doc, "file", file);
	a = cJSON_AddArrayToObject(doc, "findings");
	for (i = 0; i < fs->n; i++)
		cJSON_AddItemToArray(a, json_finding(&fs->v[i]));
	sum = cJSON_AddObjectToObject(doc, "summary");
	cJSON_AddNumberToObject(sum, "errors", findings_count(fs, FINDING_ERROR));
	cJSON_AddNumberToObject(sum, "warnings",
	    findings_count(fs, FINDING_WARNING));
	cJSON_AddNumberToObject(sum, "notes", findings_count(fs, FINDING_INFO));
	n = findings_by_rule(fs, &rc);
	rules = cJSON_AddObjectToObject(sum, "rules");
	for (i = 0; i < n; i++)
		cJSON_AddNumberToObject(rules, rc[i].code, rc[i].count);
	free(rc);
	return (doc);
}

/* A string member, or NULL. */
static const char *
json_str(const cJSON *o, const char *name)
{
	const cJSON	*v = cJSON_GetObjectItemCaseSensitive(o, name);

	return (cJSON_IsString(v) ? v->valuestring : NULL);
}

/* Is s a well-formed rule code ("lower-case-words")? A newer daemon's
 * code is kept as it is; anything else is a malformed answer. */
static int
json_code_ok(const char *s)
{
	size_t	i;

	if (s == NULL || *s == '\0' || strlen(s) > 64)
		return (0);
	for (i = 0; s[i] != '\0'; i++)
		if (!((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= '0' &&
		    s[i] <= '9') || s[i] == '-'))
			return (0);
	return (1);
}

/* A line or column of a finding: a number from 0 to 10^8, else dflt (a
 * missing one, NaN or 1e300 from a daemon is never converted). */
static int
json_int(const cJSON *o, const char *name, int dflt)
{
	const cJSON	*v = cJSON_GetObjectItem(o, name);

	if (!cJSON_IsNumber(v) || !(v->valuedouble >= 0 &&
	    v->valuedouble <= 1e8))
		return (dflt);
	return ((int)v->valuedouble);
}

/* Read one finding back; -1 if it is malformed. */
static int
json_read_finding(const cJSON *o, struct findings *fs)
{
	const cJSON	*s, *c;
	const char	*code, *sev;
	struct finding	*f;
	char		*pv;

	if (!json_code_ok(code = json_str(o, "code")) ||
	    (sev = json_str(o, "severity")) == NULL ||
	    json_str(o, "message") == NULL)
		return (-1);
	/* A code of a newer modvet's rule is kept as it is. */
	f = findings_add(fs, code,
	    strcmp(sev, "error") == 0 ? FINDING_ERROR :
	    strcmp(sev, "warning") == 0 ? FINDING_WARNING : FINDING_INFO,
	    json_str(o, "module"), json_str(o, "version"),
	    json_int(o, "line", 0), "%s", json_str(o, "message"));
	f->col = json_int(o, "column", 1);
	json_get_strv(o, "evidence", &f->evidence);
	json_get_strv(o, "sum_lines", &f->sum_lines);
	if (json_str(o, "sum_line") != NULL)	/* an older daemon's one line */
		strv_push(&f->sum_lines, json_str(o, "sum_line"));
	if (json_str(o, "source") != NULL)
		f->file = xstrdup(json_str(o, "source"));
	json_get_strv(o, "alternatives", &f->alternatives);
	if ((s = cJSON_GetObjectItem(o, "rewrite")) != NULL &&
	    json_str(s, "import") != NULL && json_str(s, "name") != NULL &&
	    json_str(s, "from") != NULL) {
		f->rewrite_from = xstrdup(json_str(s, "from"));
		f->rewrite_path = xstrdup(json_str(s, "import"));
		f->rewrite_name = xstrdup(json_str(s, "name"));
	}
	json_get_strv(o, "requires", &f->requires);
	if ((s = cJSON_GetObjectItem(o, "suggestion")) == NULL)
		return (0);
	if (json_str(s, "version") != NULL)
		f->suggested = xstrdup(json_str(s, "version"));
	if (json_str(s, "go") != NULL)
		f->suggested_go = xstrdup(json_str(s, "go"));
	cJSON_ArrayForEach(c, cJSON_GetObjectItem(s, "companions")) {
		if (json_str(c, "module") != NULL &&
		    json_str(c, "version") != NULL) {
			xasprintf(&pv, "%s %s", json_str(c, "module"),
			    json_str(c, "version"));
			strv_push_owned(&f->companions, pv);
		}
	}
	return (0);
}

/* The findings of a findings_to_json document into fs (made here); -1
 * if malformed, fs then empty. */
int
findings_from_json(const cJSON *doc, struct findings *fs)
{
	const cJSON	*a, *o;

	memset(fs, 0, sizeof *fs);
	a = cJSON_GetObjectItem(doc, "findings");
	if (!cJSON_IsArray(a))
		return (-1);
	cJSON_ArrayForEach(o, a) {
		if (json_read_finding(o, fs) != 0) {
			findings_free(fs);
			return (-1);
		}
	}
	return (0);
}
