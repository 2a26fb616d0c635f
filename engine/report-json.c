/*
 * The report as data: what POST /v1/reports answers through either door
 * and the history keeps (GET /v1/reports/ID), and the way back, with
 * which the client renders what it was answered (render/report-*.c):
 *
 *	{"ran", "previous"?, "needs_attention",
 *	 "projects": [{"name", "source", "error"?, "file", "findings",
 *	     "summary", "pins": ["path version"], "new_findings", "fixed"}],
 *	 "modules": [{"module", "stale", "failed", "new_releases",
 *	     "releases": [{"version", "time"}]}]}
 *
 * Times are RFC 3339, to the second.
 */

#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cjson/cJSON.h>

#include "util/util.h"
#include "engine/engine.h"

/* Add an RFC 3339 time of milliseconds. */
static void
report_json_time(cJSON *o, const char *name, int64_t ms)
{
	char	buf[32];

	cJSON_AddStringToObject(o, name, util_format_rfc3339((time_t)(ms /
	    1000), buf));
}

static cJSON *
report_json_project(const struct report_project *p)
{
	cJSON	*o;

	o = findings_to_json(&p->findings, "go.mod");
	cJSON_AddStringToObject(o, "name", p->name);
	cJSON_AddStringToObject(o, "source", p->source);
	if (p->error != NULL)
		cJSON_AddStringToObject(o, "error", p->error);
	json_add_strv(o, "pins", &p->pins);
	json_add_strv(o, "new_findings", &p->new_findings);
	json_add_strv(o, "fixed", &p->fixed);
	return (o);
}

static cJSON *
report_json_module(const struct report_module *m)
{
	cJSON	*o, *a, *v;
	size_t	 i;

	o = cJSON_CreateObject();
	cJSON_AddStringToObject(o, "module", m->path);
	cJSON_AddBoolToObject(o, "stale", m->stale);
	cJSON_AddBoolToObject(o, "failed", m->failed);
	json_add_strv(o, "new_releases", &m->new_releases);
	a = cJSON_AddArrayToObject(o, "releases");
	for (i = 0; i < m->versions.n; i++) {
		v = cJSON_CreateObject();
		cJSON_AddStringToObject(v, "version", m->versions.v[i]);
		cJSON_AddStringToObject(v, "time", m->times.v[i]);
		cJSON_AddItemToArray(a, v);
	}
	return (o);
}

cJSON *
report_to_json(const struct report *r)
{
	cJSON	*doc, *a;
	size_t	 i;

	doc = cJSON_CreateObject();
	report_json_time(doc, "ran", r->ran_ms);
	if (r->previous_ms != 0)
		report_json_time(doc, "previous", r->previous_ms);
	cJSON_AddBoolToObject(doc, "needs_attention", r->needs_attention);
	a = cJSON_AddArrayToObject(doc, "projects");
	for (i = 0; i < r->nprojects; i++)
		cJSON_AddItemToArray(a, report_json_project(&r->projects[i]));
	a = cJSON_AddArrayToObject(doc, "modules");
	for (i = 0; i < r->nmodules; i++)
		cJSON_AddItemToArray(a, report_json_module(&r->modules[i]));
	return (doc);
}

/* A string field, or NULL. */
static const char *
report_json_str(const cJSON *o, const char *name)
{
	return (cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(o,
	    name)));
}

/* A time field into milliseconds: 0 when absent, -1 when malformed. */
static int
report_json_read_time(const cJSON *o, const char *name, int64_t *ms)
{
	const char	*s = report_json_str(o, name);
	time_t		 t;

	*ms = 0;
	if (s == NULL)
		return (cJSON_GetObjectItemCaseSensitive(o, name) == NULL ? 0 :
		    -1);
	if ((t = util_parse_rfc3339(s)) == (time_t)-1)
		return (-1);
	*ms = (int64_t)t * 1000;
	return (0);
}

static int
report_json_read_project(const cJSON *o, struct report_project *p,
    const char **what)
{
	const char	*s;

	*what = "a project's name or source";
	if (report_json_str(o, "name") == NULL ||
	    report_json_str(o, "source") == NULL)
		return (-1);
	p->name = xstrdup(report_json_str(o, "name"));
	p->source = xstrdup(report_json_str(o, "source"));
	if ((s = report_json_str(o, "error")) != NULL)
		p->error = xstrdup(s);
	*what = "a project's findings";
	if (findings_from_json(o, &p->findings) != 0)
		return (-1);
	json_get_strv(o, "pins", &p->pins);
	json_get_strv(o, "new_findings", &p->new_findings);
	json_get_strv(o, "fixed", &p->fixed);
	return (0);
}

static int
report_json_read_module(const cJSON *o, struct report_module *m,
    const char **what)
{
	const cJSON	*a, *v;

	*what = "a watched module";
	a = cJSON_GetObjectItemCaseSensitive(o, "releases");
	if (report_json_str(o, "module") == NULL || !cJSON_IsArray(a))
		return (-1);
	m->path = xstrdup(report_json_str(o, "module"));
	m->stale = cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(o, "stale"));
	m->failed = cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(o,
	    "failed"));
	json_get_strv(o, "new_releases", &m->new_releases);
	cJSON_ArrayForEach(v, a) {
		if (report_json_str(v, "version") == NULL ||
		    report_json_str(v, "time") == NULL)
			return (-1);
		strv_push(&m->versions, report_json_str(v, "version"));
		strv_push(&m->times, report_json_str(v, "time"));
	}
	return (0);
}

/* The report of a report_to_json document into r (made here); -1 with
 * *cause (caller frees) when malformed, r then empty. */
int
report_from_json(const cJSON *doc, struct report *r, char **cause)
{
	const cJSON	*ps, *ms, *o;
	const char	*what = "ran or previous";
	size_t		 n;

	memset(r, 0, sizeof *r);
	ps = cJSON_GetObjectItemCaseSensitive(doc, "projects");
	ms = cJSON_GetObjectItemCaseSensitive(doc, "modules");
	if (report_json_read_time(doc, "ran", &r->ran_ms) != 0 ||
	    report_json_read_time(doc, "previous", &r->previous_ms) != 0)
		goto bad;
	what = "projects or modules";
	if (!cJSON_IsArray(ps) || !cJSON_IsArray(ms))
		goto bad;
	r->needs_attention = cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(
	    doc, "needs_attention"));
	n = (size_t)cJSON_GetArraySize(ps);
	r->projects = xcalloc(n + 1, sizeof *r->projects);
	cJSON_ArrayForEach(o, ps)
		if (report_json_read_project(o, &r->projects[r->nprojects++],
		    &what) != 0)
			goto bad;
	n = (size_t)cJSON_GetArraySize(ms);
	r->modules = xcalloc(n + 1, sizeof *r->modules);
	cJSON_ArrayForEach(o, ms)
		if (report_json_read_module(o, &r->modules[r->nmodules++],
		    &what) != 0)
			goto bad;
	return (0);
bad:
	xasprintf(cause, "the report is malformed: %s", what);
	report_free(r);
	return (-1);
}
