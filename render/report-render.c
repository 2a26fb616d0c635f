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

/* The whole report as JSON (engine/report-json.c), indented. */
char *
report_render_json(const struct report *r)
{
	cJSON	*doc;
	char	*text, *out;

	doc = report_to_json(r);
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
