/*
 * The report as JSON (also what the history keeps), Markdown, or one
 * self-contained HTML page: a summary, a table per project, the watched
 * modules' new releases, and an SVG timeline of their releases with each
 * project's pins marked. No script, no external resource.
 */

#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cjson/cJSON.h>

#include "util/util.h"
#include "verify/verify.h"

#define SVG_WIDTH	960	/* px */
#define SVG_LANE	40	/* px per watched module */
#define SVG_LEFT	250	/* px for the module names */
#define SVG_RIGHT	20

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

/* Append s escaped for HTML text and attributes. */
static void
render_esc(struct buf *b, const char *s)
{
	for (; s != NULL && *s != '\0'; s++) {
		switch (*s) {
		case '<':
			buf_adds(b, "&lt;");
			break;
		case '>':
			buf_adds(b, "&gt;");
			break;
		case '&':
			buf_adds(b, "&amp;");
			break;
		case '"':
			buf_adds(b, "&quot;");
			break;
		default:
			buf_addc(b, *s);
		}
	}
}

/* Is v among the strings of l? */
static int
render_in(const struct strv *l, const char *v)
{
	size_t	i;

	for (i = 0; i < l->n; i++) {
		if (strcmp(l->v[i], v) == 0)
			return (1);
	}
	return (0);
}

/* The earliest and latest release times of the watched modules. */
static void
render_span(const struct report *r, time_t *lo, time_t *hi)
{
	time_t	t;
	size_t	i, k;

	*lo = *hi = 0;
	for (i = 0; i < r->nmodules; i++) {
		for (k = 0; k < r->modules[i].times.n; k++) {
			if ((t = util_parse_rfc3339(r->modules[i].times.v[k])) ==
			    -1)
				continue;
			if (*lo == 0 || t < *lo)
				*lo = t;
			if (t > *hi)
				*hi = t;
		}
	}
	if (*hi <= *lo)
		*hi = *lo + 86400;
}

/* The x of a time on the timeline. */
static double
render_x(time_t t, time_t lo, time_t hi)
{
	return (SVG_LEFT + (double)(t - lo) * (SVG_WIDTH - SVG_LEFT -
	    SVG_RIGHT) / (double)(hi - lo));
}

/* Year ticks along the top. */
static void
render_svg_axis(struct buf *b, time_t lo, time_t hi, int height)
{
	struct tm	tm;
	time_t		t;
	int		year;

	gmtime_r(&lo, &tm);
	for (year = tm.tm_year + 1901;; year++) {
		memset(&tm, 0, sizeof tm);
		tm.tm_year = year - 1900;
		tm.tm_mday = 1;
		if ((t = timegm(&tm)) > hi)
			break;
		buf_printf(b, "<line x1=\"%.1f\" y1=\"16\" x2=\"%.1f\" y2=\"%d\" "
		    "class=\"tick\"/><text x=\"%.1f\" y=\"12\" class=\"year\">"
		    "%d</text>\n", render_x(t, lo, hi), render_x(t, lo, hi),
		    height, render_x(t, lo, hi) + 2, year);
	}
}

/* One module's lane: its releases, the new ones marked, and the pins of
 * the projects on it. */
static void
render_svg_lane(struct buf *b, const struct report *r, size_t i,
    time_t lo, time_t hi)
{
	const struct report_module	*m = &r->modules[i];
	size_t				 k, j, plen = strlen(m->path);
	int				 y = 30 + (int)i * SVG_LANE;
	time_t				 t;
	int				 isnew;

	buf_printf(b, "<text x=\"4\" y=\"%d\" class=\"lane\">", y + 4);
	render_esc(b, m->path);
	buf_printf(b, "</text><line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" "
	    "class=\"lane\"/>\n", SVG_LEFT, y, SVG_WIDTH - SVG_RIGHT, y);
	for (k = 0; k < m->versions.n; k++) {
		if ((t = util_parse_rfc3339(m->times.v[k])) == -1)
			continue;
		isnew = render_in(&m->new_releases, m->versions.v[k]);
		buf_printf(b, "<circle cx=\"%.1f\" cy=\"%d\" r=\"%d\" class="
		    "\"%s\"><title>", render_x(t, lo, hi), y, isnew ? 5 : 3,
		    isnew ? "new" : "release");
		render_esc(b, m->versions.v[k]);
		buf_printf(b, " %.10s%s</title></circle>\n", m->times.v[k],
		    isnew ? " (new)" : "");
		/* Pins on this version. */
		for (j = 0; j < r->nprojects; j++) {
			const struct strv *pins = &r->projects[j].pins;
			size_t q;

			for (q = 0; q < pins->n; q++) {
				if (strncmp(pins->v[q], m->path, plen) != 0 ||
				    pins->v[q][plen] != ' ' ||
				    strcmp(pins->v[q] + plen + 1,
				    m->versions.v[k]) != 0)
					continue;
				buf_printf(b, "<path d=\"M%.1f %d l-5 -10 h10 z\" "
				    "class=\"pin\"><title>", render_x(t, lo, hi),
				    y - 4);
				render_esc(b, r->projects[j].name);
				buf_adds(b, " pins ");
				render_esc(b, m->versions.v[k]);
				/* Labels of several projects stack up. */
				buf_adds(b, "</title></path><text class=\"pin\" ");
				buf_printf(b, "x=\"%.1f\" y=\"%d\">",
				    render_x(t, lo, hi) + 6, y - 8 - 9 * (int)(j % 2));
				render_esc(b, r->projects[j].name);
				buf_adds(b, "</text>\n");
			}
		}
	}
}

/* The SVG timeline of the watched modules. */
static void
render_svg(struct buf *b, const struct report *r)
{
	time_t	lo, hi;
	int	height = 40 + (int)r->nmodules * SVG_LANE;
	size_t	i;

	render_span(r, &lo, &hi);
	buf_printf(b, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" "
	    "height=\"%d\" viewBox=\"0 0 %d %d\" role=\"img\" aria-label="
	    "\"release timeline\">\n", SVG_WIDTH, height, SVG_WIDTH, height);
	render_svg_axis(b, lo, hi, height);
	for (i = 0; i < r->nmodules; i++)
		render_svg_lane(b, r, i, lo, hi);
	buf_adds(b, "</svg>\n");
}

/* One project's section. */
static void
render_html_project(struct buf *b, const struct report_project *p)
{
	const struct finding	*f;
	char			*sub;
	size_t			 k;

	buf_adds(b, "<h2>");
	render_esc(b, p->name);
	buf_adds(b, " <code>");
	render_esc(b, p->source);
	buf_adds(b, "</code></h2>\n");
	if (p->error != NULL) {
		buf_adds(b, "<p class=\"error\">Could not be checked: ");
		render_esc(b, p->error);
		buf_adds(b, "</p>\n");
	}
	buf_adds(b, "<table><tr><th>line</th><th>severity</th><th>code</th>"
	    "<th>finding</th><th>suggestion</th></tr>\n");
	for (k = 0; k < p->findings.n; k++) {
		f = &p->findings.v[k];
		sub = report_subject(f);
		buf_printf(b, "<tr class=\"%s%s\"><td>%d</td><td>%s</td><td>",
		    finding_severity_name(f->severity),
		    render_in(&p->new_findings, sub) ? " newfinding" : "",
		    f->line, finding_severity_name(f->severity));
		render_esc(b, f->code);
		if (render_in(&p->new_findings, sub))
			buf_adds(b, " <span class=\"badge\">new</span>");
		buf_adds(b, "</td><td>");
		render_esc(b, f->message);
		buf_adds(b, "</td><td>");
		if (f->suggested != NULL) {
			render_esc(b, f->path);
			buf_adds(b, " ");
			render_esc(b, f->suggested);
		}
		buf_adds(b, "</td></tr>\n");
		free(sub);
	}
	for (k = 0; k < p->fixed.n; k++) {
		buf_adds(b, "<tr class=\"fixed\"><td></td><td>fixed</td><td "
		    "colspan=\"3\">");
		render_esc(b, p->fixed.v[k]);
		buf_adds(b, " (since the last report)</td></tr>\n");
	}
	buf_adds(b, "</table>\n");
}

/* The modules table. */
static void
render_html_modules(struct buf *b, const struct report *r)
{
	size_t	i, k;

	buf_adds(b, "<h2>Watched modules</h2>\n<table><tr><th>module</th>"
	    "<th>releases</th><th>latest</th><th>new since the last report"
	    "</th></tr>\n");
	for (i = 0; i < r->nmodules; i++) {
		const struct report_module *m = &r->modules[i];

		buf_adds(b, "<tr><td>");
		render_esc(b, m->path);
		buf_printf(b, "%s</td><td>%zu</td><td>", m->failed ?
		    " (upstreams failed)" : m->stale ? " (stale)" : "",
		    m->versions.n);
		render_esc(b, render_latest(m));
		buf_adds(b, "</td><td class=\"newrel\">");
		for (k = 0; k < m->new_releases.n; k++) {
			buf_adds(b, k > 0 ? ", " : "");
			render_esc(b, m->new_releases.v[k]);
		}
		buf_adds(b, "</td></tr>\n");
	}
	buf_adds(b, "</table>\n");
}

static const char render_style[] =
    "body{font-family:system-ui,sans-serif;margin:2em;color:#222}"
    "table{border-collapse:collapse;margin:.5em 0 1.5em}"
    "td,th{border:1px solid #ccc;padding:.3em .6em;text-align:left;"
    "vertical-align:top}th{background:#f3f3f3}"
    "tr.error td:nth-child(2){color:#b00;font-weight:bold}"
    "tr.warning td:nth-child(2){color:#a60}"
    "tr.fixed{color:#070}.badge{background:#b00;color:#fff;"
    "border-radius:3px;padding:0 .3em;font-size:80%}"
    ".attention{color:#b00;font-weight:bold}.calm{color:#070}"
    "svg{border:1px solid #ddd;background:#fcfcfc}"
    "svg .lane{stroke:#bbb}svg text.lane{stroke:none;font-size:12px;"
    "fill:#333}svg .tick{stroke:#eee}svg .year{font-size:11px;fill:#888}"
    "svg .release{fill:#36c}svg .new{fill:#e60}svg .pin{fill:#b00;"
    "font-size:10px}";

/* The report as one HTML page. */
char *
report_render_html(const struct report *r)
{
	struct buf	b;
	char		buf[32];
	size_t		i;

	buf_init(&b, 0);
	buf_printf(&b, "<!DOCTYPE html>\n<html lang=\"en\"><head><meta "
	    "charset=\"utf-8\"><title>modvet report %s</title><style>%s"
	    "</style></head><body>\n<h1>modvet report</h1>\n<p>Run at %s",
	    render_time(r->ran_ms, buf), render_style,
	    render_time(r->ran_ms, buf));
	if (r->previous_ms != 0)
		buf_printf(&b, "; compared with the report of %s",
		    render_time(r->previous_ms, buf));
	buf_printf(&b, ".</p>\n<p class=\"%s\">%s</p>\n", r->needs_attention ?
	    "attention" : "calm", r->needs_attention ? "Needs attention." :
	    "Nothing needs attention.");
	for (i = 0; i < r->nprojects; i++)
		render_html_project(&b, &r->projects[i]);
	render_html_modules(&b, r);
	buf_adds(&b, "<h2>Release timeline</h2>\n<p>Dots are releases "
	    "(orange: new since the last report); red marks are the "
	    "projects' pins.</p>\n");
	render_svg(&b, r);
	buf_adds(&b, "</body></html>\n");
	return (buf_steal(&b));
}
