/*
 * The report as one self-contained HTML page (no script, no external
 * resource): a summary table of the projects, each project's findings
 * sorted by severity with links to the module on pkg.go.dev and to the
 * go.mod line where the project's git host has a web view, the watched
 * modules, and the release timeline (report-timeline.c). It follows the
 * reader's light or dark scheme and reflows down to a phone's width.
 */

#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "util/util.h"
#include "engine/engine.h"
#include "render/render.h"

/* Append s escaped for HTML text and attributes. */
void
report_html_esc(struct buf *b, const char *s)
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

/* A link to a module's versions on pkg.go.dev. */
static void
html_module_link(struct buf *b, const char *path)
{
	buf_adds(b, "<a href=\"https://pkg.go.dev/");
	buf_add_percent(b, path, "-._~/");
	buf_adds(b, "?tab=versions\">");
	report_html_esc(b, path);
	buf_adds(b, "</a>");
}

/*
 * The web address of a line of a project's file, for a project read from
 * GitHub or GitLab ("git URL REF [DIR]", URL by https, ssh or scp-like
 * syntax), or NULL. Other hosts have no address we can be sure of.
 */
static char *
html_line_url(const char *source, const char *file, int line)
{
	char		*copy, *rest, *tok, *f[4], *url = NULL;
	const char	*repo = NULL, *kind = NULL;
	struct buf	 b;
	size_t		 len;
	int		 nf = 0;

	if (line <= 0)
		return (NULL);
	rest = copy = xstrdup(source);
	while (nf < 4 && (tok = strsep(&rest, " ")) != NULL)
		if (*tok != '\0')
			f[nf++] = tok;
	if (nf < 3 || strcmp(f[0], "git") != 0)
		goto out;
	if (strncmp(f[1], "https://github.com/", 19) == 0)
		kind = "github", repo = f[1] + 19;
	else if (strncmp(f[1], "ssh://git@github.com/", 21) == 0)
		kind = "github", repo = f[1] + 21;
	else if (strncmp(f[1], "git@github.com:", 15) == 0)
		kind = "github", repo = f[1] + 15;
	else if (strncmp(f[1], "https://gitlab.com/", 19) == 0)
		kind = "gitlab", repo = f[1] + 19;
	else if (strncmp(f[1], "git@gitlab.com:", 15) == 0)
		kind = "gitlab", repo = f[1] + 15;
	if (kind == NULL || *repo == '\0')
		goto out;
	len = strlen(repo);
	if (len > 4 && strcmp(repo + len - 4, ".git") == 0)
		f[1][strlen(f[1]) - 4] = '\0';
	buf_init(&b, 0);
	buf_printf(&b, "https://%s.com/", kind);
	buf_add_percent(&b, repo, "-._~/");
	buf_adds(&b, strcmp(kind, "gitlab") == 0 ? "/-/blob/" : "/blob/");
	buf_add_percent(&b, f[2], "-._~/");
	buf_addc(&b, '/');
	if (nf == 4 && strcmp(f[3], ".") != 0) {
		buf_add_percent(&b, f[3], "-._~/");
		buf_addc(&b, '/');
	}
	buf_add_percent(&b, file, "-._~/");
	buf_printf(&b, "#L%d", line);
	url = buf_steal(&b);
out:
	free(copy);
	return (url);
}

/* Findings in the order a reader wants them: errors first, then by line. */
static int
html_finding_order(const void *a, const void *b)
{
	const struct finding *fa = *(const struct finding *const *)a;
	const struct finding *fb = *(const struct finding *const *)b;

	if (fa->severity != fb->severity)
		return (fa->severity < fb->severity ? -1 : 1);
	if (fa->line != fb->line)
		return (fa->line < fb->line ? -1 : 1);
	return (strcmp(fa->code, fb->code));
}

/* Is the finding new since the last report? */
static int
html_is_new(const struct report_project *p, const struct finding *f)
{
	char	*sub = report_subject(f);
	int	 isnew = strv_contains(&p->new_findings, sub);

	free(sub);
	return (isnew);
}

/* Does a project need a person: an error, a check that failed, or a
 * warning new since the last report? */
static int
html_needs_attention(const struct report_project *p)
{
	size_t	k;

	if (p->error != NULL)
		return (1);
	for (k = 0; k < p->findings.n; k++) {
		if (p->findings.v[k].severity == FINDING_ERROR ||
		    (p->findings.v[k].severity == FINDING_WARNING &&
		    html_is_new(p, &p->findings.v[k])))
			return (1);
	}
	return (0);
}

/* The summary table at the top. */
static void
html_summary(struct buf *b, const struct report *r)
{
	const struct report_project	*p;
	size_t				 i;
	int				 attention;

	buf_adds(b, "<table class=\"summary\"><caption>Projects</caption>"
	    "<thead><tr><th scope=\"col\">project</th><th scope=\"col\">"
	    "status</th><th scope=\"col\">errors</th><th scope=\"col\">"
	    "warnings</th><th scope=\"col\">notes</th><th scope=\"col\">new"
	    "</th><th scope=\"col\">fixed</th></tr></thead><tbody>\n");
	for (i = 0; i < r->nprojects; i++) {
		p = &r->projects[i];
		attention = html_needs_attention(p);
		buf_printf(b, "<tr><th scope=\"row\"><a href=\"#project-%zu\">",
		    i + 1);
		report_html_esc(b, p->name);
		buf_printf(b, "</a></th><td class=\"%s\">%s</td><td>%zu</td>"
		    "<td>%zu</td><td>%zu</td><td>%zu</td><td>%zu</td></tr>\n",
		    attention ? "attention" : "calm", p->error != NULL ?
		    "could not be checked" : attention ? "needs attention" :
		    "ok",
		    findings_count(&p->findings, FINDING_ERROR),
		    findings_count(&p->findings, FINDING_WARNING),
		    findings_count(&p->findings, FINDING_INFO),
		    p->new_findings.n, p->fixed.n);
	}
	buf_adds(b, "</tbody></table>\n");
}

/* One finding's row. */
static void
html_finding(struct buf *b, const struct report_project *p,
    const struct finding *f)
{
	const char	*sev = finding_severity_name(f->severity);
	char		*where, *url, *sugg;

	buf_printf(b, "<tr class=\"%s\"><td data-label=\"severity\">"
	    "<span class=\"sev\">%s</span>", sev, sev);
	if (html_is_new(p, f))
		buf_adds(b, " <span class=\"badge\">new</span>");
	buf_adds(b, "</td><td data-label=\"where\">");
	if (f->line > 0) {
		where = render_where(f, "go.mod");
		url = html_line_url(p->source, where, f->line);
		if (url != NULL) {
			buf_adds(b, "<a href=\"");
			report_html_esc(b, url);
			buf_adds(b, "\">");
		}
		report_html_esc(b, where);
		buf_printf(b, ":%d%s", f->line, url != NULL ? "</a>" : "");
		free(url);
		free(where);
	}
	buf_adds(b, "</td><td data-label=\"module\">");
	if (f->path != NULL) {
		html_module_link(b, f->path);
		if (f->version != NULL) {
			buf_addc(b, ' ');
			report_html_esc(b, f->version);
		}
	}
	buf_adds(b, "</td><td data-label=\"finding\"><code>");
	report_html_esc(b, f->code);
	buf_adds(b, "</code> ");
	report_html_esc(b, f->message);
	buf_adds(b, "</td><td data-label=\"suggestion\">");
	if ((sugg = render_suggestion(f)) != NULL) {
		report_html_esc(b, sugg);
		free(sugg);
	}
	buf_adds(b, "</td></tr>\n");
}

/* One project's section. */
static void
html_project(struct buf *b, const struct report_project *p, size_t idx)
{
	const struct finding	**order;
	size_t			  k;

	buf_printf(b, "<section id=\"project-%zu\"><h2>", idx + 1);
	report_html_esc(b, p->name);
	buf_adds(b, " <code>");
	report_html_esc(b, p->source);
	buf_adds(b, "</code></h2>\n");
	if (p->error != NULL) {
		buf_adds(b, "<p class=\"attention\">Could not be checked: ");
		report_html_esc(b, p->error);
		buf_adds(b, "</p>\n");
	}
	if (p->findings.n == 0 && p->fixed.n == 0) {
		buf_adds(b, p->error == NULL ? "<p class=\"calm\">No findings."
		    "</p>\n</section>\n" : "</section>\n");
		return;
	}
	order = xcalloc(p->findings.n + 1, sizeof *order);
	for (k = 0; k < p->findings.n; k++)
		order[k] = &p->findings.v[k];
	qsort(order, p->findings.n, sizeof *order, html_finding_order);
	buf_adds(b, "<table class=\"findings\"><thead><tr><th scope=\"col\">"
	    "severity</th><th scope=\"col\">where</th><th scope=\"col\">"
	    "module</th><th scope=\"col\">finding</th><th scope=\"col\">"
	    "suggestion</th></tr></thead><tbody>\n");
	for (k = 0; k < p->findings.n; k++)
		html_finding(b, p, order[k]);
	for (k = 0; k < p->fixed.n; k++) {
		buf_adds(b, "<tr class=\"fixed\"><td data-label=\"severity\">"
		    "fixed</td><td colspan=\"4\" data-label=\"finding\">");
		report_html_esc(b, p->fixed.v[k]);
		buf_adds(b, " (since the last report)</td></tr>\n");
	}
	buf_adds(b, "</tbody></table>\n</section>\n");
	free(order);
}

/* The watched modules' table. */
static void
html_modules(struct buf *b, const struct report *r)
{
	const struct report_module	*m;
	size_t				 i, k;

	if (r->nmodules == 0)
		return;
	buf_adds(b, "<section><h2>Watched modules</h2>\n<table class=\"modules"
	    "\"><thead><tr><th scope=\"col\">module</th><th scope=\"col\">"
	    "releases</th><th scope=\"col\">latest</th><th scope=\"col\">"
	    "new since the last report</th></tr></thead><tbody>\n");
	for (i = 0; i < r->nmodules; i++) {
		m = &r->modules[i];
		buf_adds(b, "<tr><td data-label=\"module\">");
		html_module_link(b, m->path);
		buf_printf(b, "%s</td><td data-label=\"releases\">%zu</td>"
		    "<td data-label=\"latest\">", m->failed ?
		    " (upstreams failed)" : m->stale ? " (stale)" : "",
		    m->versions.n);
		report_html_esc(b, m->versions.n > 0 ?
		    m->versions.v[m->versions.n - 1] : "-");
		buf_adds(b, "</td><td class=\"newrel\" data-label=\"new\">");
		for (k = 0; k < m->new_releases.n; k++) {
			buf_adds(b, k > 0 ? ", " : "");
			report_html_esc(b, m->new_releases.v[k]);
		}
		buf_adds(b, "</td></tr>\n");
	}
	buf_adds(b, "</tbody></table>\n</section>\n");
}

/*
 * The style: the reader's light or dark scheme (colours chosen for WCAG
 * AA contrast on both), tables that become one card per row below 640 px,
 * and the timeline's lanes (positions in percent, labels in a monospace
 * font whose width report-timeline.c counts on).
 */
static const char html_style[] =
    ":root{color-scheme:light dark;--bg:#fff;--fg:#1f2328;--muted:#57606a;"
    "--line:#d0d7de;--head:#f6f8fa;--err:#b3261e;--warn:#8a5300;"
    "--note:#0b5cad;--ok:#116329;--link:#0550ae;--new:#c2410c;"
    "--dot:#0b5cad}"
    "@media (prefers-color-scheme:dark){:root{--bg:#0d1117;--fg:#e6edf3;"
    "--muted:#9198a1;--line:#30363d;--head:#161b22;--err:#ff7b72;"
    "--warn:#d29922;--note:#79c0ff;--ok:#56d364;--link:#58a6ff;"
    "--new:#ffa657;--dot:#79c0ff}}"
    "*{box-sizing:border-box}"
    "body{font-family:system-ui,sans-serif;margin:0 auto;padding:1em;"
    "max-width:1400px;background:var(--bg);color:var(--fg);"
    "line-height:1.4}"
    "a{color:var(--link)}h1{margin:.2em 0}h2{margin:1.4em 0 .4em;"
    "overflow-wrap:anywhere}h2 code{font-size:.7em;color:var(--muted);"
    "font-weight:normal}"
    "table{border-collapse:collapse;margin:.5em 0 1em;width:100%}"
    "caption{text-align:left;font-weight:bold;padding:.3em 0}"
    "td,th{border:1px solid var(--line);padding:.3em .6em;"
    "text-align:left;vertical-align:top}"
    "td[data-label=module],td[data-label=finding],"
    "td[data-label=suggestion]{overflow-wrap:anywhere}"
    "td[data-label=severity],td[data-label=where]{white-space:nowrap}"
    "thead th{background:var(--head)}"
    "tr.error .sev,.attention{color:var(--err);font-weight:bold}"
    "tr.warning .sev{color:var(--warn);font-weight:bold}"
    "tr.info .sev{color:var(--note)}"
    "tr.fixed,.calm{color:var(--ok)}"
    ".badge{border:1px solid var(--new);color:var(--new);"
    "border-radius:3px;padding:0 .3em;font-size:85%}"
    "@media (max-width:640px){table.summary{font-size:75%}"
    "table.summary td,table.summary th{padding:.2em .25em}"
    "table.findings,table.modules,"
    "table.findings tbody,table.modules tbody,table.findings tr,"
    "table.modules tr,table.findings td,table.modules td{display:block;"
    "width:100%}"
    "table.findings thead,table.modules thead{display:block;"
    "position:absolute;width:1px;height:1px;overflow:hidden;"
    "clip-path:inset(50%)}table.findings thead *,table.modules thead *"
    "{display:block}"
    "table.findings tr,table.modules tr{border:1px solid var(--line);"
    "margin-bottom:.6em}table.findings td,table.modules td{border:0}"
    "table.findings td:empty,table.modules td:empty{display:none}"
    "table.findings td::before,table.modules td::before{"
    "content:attr(data-label);display:block;font-size:80%;"
    "color:var(--muted)}}"
    ".timeline .legend{color:var(--muted)}"
    ".timeline .legend .dot,.timeline .legend .pin{position:relative;"
    "display:inline-block;margin:0 .2em 0 .8em;top:0}"
    ".axis{position:relative;height:1.2em;margin-top:.5em;"
    "font:11px monospace;color:var(--muted)}"
    ".axis .year{position:absolute;white-space:nowrap}"
    ".lane{margin:.3em 0 .6em}.lane .name{font-weight:bold;"
    "overflow-wrap:anywhere}"
    ".track{position:relative;min-width:300px}"
    ".track .line{position:absolute;left:0;right:0;top:10px;"
    "border-top:1px solid var(--line)}"
    ".dot{position:absolute;top:6px;width:9px;height:9px;"
    "margin-left:-4px;border-radius:50%;background:var(--dot)}"
    ".dot.new{background:var(--new);width:12px;height:12px;top:4px;"
    "margin-left:-6px}"
    ".pin{position:absolute;top:0;width:0;height:0;margin-left:-5px;"
    "border-left:5px solid transparent;border-right:5px solid transparent;"
    "border-top:9px solid var(--err)}"
    ".pin.missing{border-top-color:transparent;border-bottom:9px solid "
    "var(--err);top:12px}"
    ".label{position:absolute;font:11px monospace;white-space:nowrap;"
    "color:var(--err)}.label.right{transform:translateX(-100%)}"
    ".label.missing{font-weight:bold}";

/* The report as one HTML page. */
char *
report_render_html(const struct report *r)
{
	struct buf	b;
	char		buf[32];
	size_t		i;

	buf_init(&b, 0);
	buf_printf(&b, "<!DOCTYPE html>\n<html lang=\"en\"><head><meta "
	    "charset=\"utf-8\"><meta name=\"viewport\" content=\"width="
	    "device-width, initial-scale=1\"><meta name=\"color-scheme\" "
	    "content=\"light dark\"><title>modvet report %s</title><style>%s"
	    "</style></head><body>\n<main>\n<h1>modvet report</h1>\n<p>Run "
	    "at %s", util_format_rfc3339((time_t)(r->ran_ms / 1000), buf),
	    html_style, buf);
	if (r->previous_ms != 0)
		buf_printf(&b, "; compared with the report of %s",
		    util_format_rfc3339((time_t)(r->previous_ms / 1000), buf));
	buf_printf(&b, ".</p>\n<p class=\"%s\">%s</p>\n", r->needs_attention ?
	    "attention" : "calm", r->needs_attention ? "Needs attention." :
	    "Nothing needs attention.");
	if (r->nprojects > 0)
		html_summary(&b, r);
	for (i = 0; i < r->nprojects; i++)
		html_project(&b, &r->projects[i], i);
	html_modules(&b, r);
	report_timeline_html(&b, r);
	buf_adds(&b, "</main>\n</body></html>\n");
	return (buf_steal(&b));
}
