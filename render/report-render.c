/*
 * The report as JSON (also what the history keeps) and as Markdown. The
 * HTML page is report-html.c's.
 */

#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cjson/cJSON.h>

#include "util/util.h"
#include "engine/engine.h"
#include "render/render.h"

/* An RFC 3339 time of milliseconds. */
static const char *
render_time(int64_t ms, char *buf)
{
	return (util_format_rfc3339((time_t)(ms / 1000), buf));
}

/* Append a strv as a JSON array. */
static void
render_json_strv(cJSON *o, const char *name, const struct strv *v)
{
	cJSON	*a;
	size_t	 i;

	a = cJSON_AddArrayToObject(o, name);
	for (i = 0; i < v->n; i++)
		cJSON_AddItemToArray(a, cJSON_CreateString(v->v[i]));
}

/* One project as JSON. */
static cJSON *
render_json_project(const struct report_project *p)
{
	cJSON	*o;

	o = findings_to_json(&p->findings, "go.mod");
	cJSON_AddStringToObject(o, "name", p->name);
	cJSON_AddStringToObject(o, "source", p->source);
	if (p->error != NULL)
		cJSON_AddStringToObject(o, "error", p->error);
	render_json_strv(o, "new_findings", &p->new_findings);
	render_json_strv(o, "fixed", &p->fixed);
	return (o);
}

/* One watched module as JSON. */
static cJSON *
render_json_module(const struct report_module *m)
{
	cJSON	*o, *a, *v;
	size_t	 i;

	o = cJSON_CreateObject();
	cJSON_AddStringToObject(o, "module", m->path);
	cJSON_AddBoolToObject(o, "stale", m->stale);
	cJSON_AddBoolToObject(o, "failed", m->failed);
	render_json_strv(o, "new_releases", &m->new_releases);
	a = cJSON_AddArrayToObject(o, "releases");
	for (i = 0; i < m->versions.n; i++) {
		v = cJSON_CreateObject();
		cJSON_AddStringToObject(v, "version", m->versions.v[i]);
		cJSON_AddStringToObject(v, "time", m->times.v[i]);
		cJSON_AddItemToArray(a, v);
	}
	return (o);
}

/* The whole report as JSON. */
char *
report_render_json(const struct report *r)
{
	cJSON	*doc, *a;
	char	*text, *out, buf[32];
	size_t	 i;

	doc = cJSON_CreateObject();
	cJSON_AddStringToObject(doc, "ran", render_time(r->ran_ms, buf));
	if (r->previous_ms != 0)
		cJSON_AddStringToObject(doc, "previous",
		    render_time(r->previous_ms, buf));
	cJSON_AddBoolToObject(doc, "needs_attention", r->needs_attention);
	a = cJSON_AddArrayToObject(doc, "projects");
	for (i = 0; i < r->nprojects; i++)
		cJSON_AddItemToArray(a, render_json_project(&r->projects[i]));
	a = cJSON_AddArrayToObject(doc, "modules");
	for (i = 0; i < r->nmodules; i++)
		cJSON_AddItemToArray(a, render_json_module(&r->modules[i]));
	text = cJSON_Print(doc);
	xasprintf(&out, "%s\n", text);
	cJSON_free(text);
	cJSON_Delete(doc);
	return (out);
}

/* The latest version of a module, or "-". */
static const char *
render_latest(const struct report_module *m)
{
	return (m->versions.n > 0 ? m->versions.v[m->versions.n - 1] : "-");
}

/* The report as Markdown. */
char *
report_render_md(const struct report *r)
{
	struct buf	b;
	char		buf[32];
	size_t		i, k;

	buf_init(&b, 0);
	buf_printf(&b, "# modvet report, %s\n\n", render_time(r->ran_ms, buf));
	buf_printf(&b, "%s\n\n", r->needs_attention ? "**Needs attention.**" :
	    "Nothing needs attention.");
	buf_adds(&b, "| project | errors | warnings | notes | new | fixed |\n"
	    "|---|---:|---:|---:|---:|---:|\n");
	for (i = 0; i < r->nprojects; i++) {
		const struct report_project *p = &r->projects[i];

		buf_printf(&b, "| %s | %zu | %zu | %zu | %zu | %zu |\n",
		    p->name, findings_count(&p->findings, FINDING_ERROR),
		    findings_count(&p->findings, FINDING_WARNING),
		    findings_count(&p->findings, FINDING_INFO),
		    p->new_findings.n, p->fixed.n);
	}
	for (i = 0; i < r->nprojects; i++) {
		const struct report_project *p = &r->projects[i];

		buf_printf(&b, "\n## %s (`%s`)\n\n", p->name, p->source);
		if (p->error != NULL)
			buf_printf(&b, "Could not be checked: %s\n", p->error);
		for (k = 0; k < p->findings.n; k++)
			buf_printf(&b, "- line %d: **%s** %s: %s\n",
			    p->findings.v[k].line,
			    finding_severity_name(p->findings.v[k].severity),
			    p->findings.v[k].code, p->findings.v[k].message);
		for (k = 0; k < p->fixed.n; k++)
			buf_printf(&b, "- fixed since the last report: %s\n",
			    p->fixed.v[k]);
	}
	buf_adds(&b, "\n## Watched modules\n\n| module | latest | new since "
	    "the last report |\n|---|---|---|\n");
	for (i = 0; i < r->nmodules; i++) {
		buf_printf(&b, "| %s | %s |", r->modules[i].path,
		    render_latest(&r->modules[i]));
		for (k = 0; k < r->modules[i].new_releases.n; k++)
			buf_printf(&b, " %s", r->modules[i].new_releases.v[k]);
		buf_adds(&b, " |\n");
	}
	return (buf_steal(&b));
}
