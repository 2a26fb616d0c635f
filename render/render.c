/*
 * Findings as people and machines read them, into a buffer: text ("file:
 * line:col: severity code: message", then evidence and suggestion, then
 * a summary line), json (engine/json.c's document) and github (workflow
 * annotations). The one place both doors print findings: the client for
 * a check it ran in-process, and modvetd for a check it answers rendered
 * (POST /v1/check?format=text), so that a client copies bytes. SARIF,
 * whose URIs name the client's repository, is the client's
 * (client/output.c), built from render_where and render_suggestion.
 */

#include "config.h"

#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "util/util.h"
#include "gomod/gomod.h"
#include "engine/engine.h"
#include "render/render.h"

static void	render_text(struct buf *, const struct findings *,
		    const char *, int);
static void	render_json(struct buf *, const struct findings *,
		    const char *, int);
static void	render_github(struct buf *, const struct findings *,
		    const char *, int);

static const struct {
	const char	*name;
	void		(*render)(struct buf *, const struct findings *,
			    const char *, int);
} render_formats[] = {
	{ "text", render_text },
	{ "json", render_json },
	{ "github", render_github },
};

/* Can findings be rendered in the format called name? */
int
render_format_ok(const char *name)
{
	size_t	i;

	for (i = 0; i < nitems(render_formats); i++)
		if (strcmp(render_formats[i].name, name) == 0)
			return (1);
	return (0);
}

/* Append findings about file in a format (render_format_ok); colour:
 * SGR colours on the severities of text. */
void
render_findings(struct buf *b, const struct findings *fs, const char *file,
    const char *format, int colour)
{
	size_t	i;

	for (i = 0; i < nitems(render_formats); i++) {
		if (strcmp(render_formats[i].name, format) == 0) {
			render_formats[i].render(b, fs, file, colour);
			return;
		}
	}
}

/* The suggestion of a finding in words (caller frees), or NULL. */
char *
render_suggestion(const struct finding *f)
{
	struct buf	b;
	size_t		i;

	if (f->suggested == NULL && f->suggested_go == NULL &&
	    f->alternatives.n == 0 && f->requires.n == 0)
		return (NULL);
	buf_init(&b, 0);
	if (f->requires.n == 1)
		buf_printf(&b, "require %s (modvet fix adds it)",
		    f->requires.v[0]);
	else if (f->requires.n > 1)
		buf_printf(&b, "add %zu require lines (modvet fix does, as go "
		    "mod tidy would)", f->requires.n);
	for (i = 0; i < f->alternatives.n; i++)
		buf_printf(&b, "%s%s", i == 0 ? "use " : i == 1 ? " (or " :
		    ", ", f->alternatives.v[i]);
	if (f->alternatives.n > 1)
		buf_addc(&b, ')');
	if (f->suggested != NULL)
		buf_printf(&b, "pin %s %s", f->path, f->suggested);
	for (i = 0; i < f->companions.n; i++)
		buf_printf(&b, "%s%s", i == 0 ? ", which needs " : ", ",
		    f->companions.v[i]);
	if (f->suggested_go != NULL)
		buf_printf(&b, "%sgo %s", b.len > 0 ? (f->companions.n > 0 ?
		    " and " : ", which needs ") : "raise the go line to ",
		    f->suggested_go);
	return (buf_steal(&b));
}

/* The file a finding is in: the go.mod, or a source file beside it
 * (caller frees). */
char *
render_where(const struct finding *f, const char *gomod)
{
	const char	*slash;
	char		*s;

	if (f->file == NULL)
		return (xstrdup(gomod));
	if ((slash = strrchr(gomod, '/')) == NULL)
		return (xstrdup(f->file));
	xasprintf(&s, "%.*s/%s", (int)(slash - gomod), gomod, f->file);
	return (s);
}

/* SGR colour of a severity on a terminal. */
static const char *
render_colour(enum finding_severity sev, int on)
{
	if (!on)
		return ("");
	return (sev == FINDING_ERROR ? "\033[1;31m" :
	    sev == FINDING_WARNING ? "\033[1;33m" : "\033[1;36m");
}

/* Untrusted text (module paths, upstream answers) with control bytes
 * written as \xNN: an ESC or BEL from a go.mod or a proxy never reaches
 * the terminal raw (tmux's log.c escapes with stravis). */
static void
render_safe(struct buf *b, const char *s)
{
	size_t	n;

	while (*s != '\0') {
		for (n = 0; s[n] != '\0' && (unsigned char)s[n] >= 0x20 &&
		    s[n] != 0x7f; n++)
			;
		buf_add(b, s, n);	/* a run of printable bytes */
		if (s[n] == '\0')
			break;
		buf_printf(b, "\\x%02x", (unsigned char)s[n]);
		s += n + 1;
	}
}

static void
render_text(struct buf *b, const struct findings *fs, const char *file,
    int colour)
{
	const struct finding	*f;
	struct rule_count	*rc;
	const char		*reset = colour ? "\033[0m" : "";
	char			*s, *where;
	size_t			 i, j, n, e, w, in;

	for (i = 0; i < fs->n; i++) {
		f = &fs->v[i];
		where = render_where(f, file);
		if (f->line > 0)
			buf_printf(b, "%s:%d:%d: ", where, f->line, f->col);
		else
			buf_printf(b, "%s: ", where);
		free(where);
		buf_printf(b, "%s%s%s ", render_colour(f->severity, colour),
		    finding_severity_name(f->severity), reset);
		render_safe(b, f->code);
		buf_adds(b, ": ");
		render_safe(b, f->message);
		buf_addc(b, '\n');
		for (j = 0; j < f->evidence.n; j++) {
			buf_adds(b, "\tevidence: ");
			render_safe(b, f->evidence.v[j]);
			buf_addc(b, '\n');
		}
		if ((s = render_suggestion(f)) != NULL) {
			buf_adds(b, "\tsuggest: ");
			render_safe(b, s);
			buf_addc(b, '\n');
			free(s);
		}
	}
	e = findings_count(fs, FINDING_ERROR);
	w = findings_count(fs, FINDING_WARNING);
	in = findings_count(fs, FINDING_INFO);
	buf_printf(b, "%s: %zu error%s, %zu warning%s, %zu note%s", file,
	    e, e == 1 ? "" : "s", w, w == 1 ? "" : "s", in, in == 1 ? "" : "s");
	/* Then what they are, by rule: "(missing-sum 95, outdated 2)". */
	n = findings_by_rule(fs, &rc);
	for (i = 0; i < n; i++) {
		buf_adds(b, i == 0 ? " (" : ", ");
		render_safe(b, rc[i].code);
		buf_printf(b, " %zu", rc[i].count);
	}
	buf_adds(b, n > 0 ? ")\n" : "\n");
	free(rc);
}

/* A cJSON document as the client prints it (indented, a newline after),
 * deleted. */
void
render_json_doc(struct buf *b, cJSON *doc)
{
	char	*text;

	text = cJSON_Print(doc);
	buf_adds(b, text);
	buf_addc(b, '\n');
	cJSON_free(text);
	cJSON_Delete(doc);
}

/* json: {"file", "findings": [...], "summary": {...}} (engine/json.c). */
static void
render_json(struct buf *b, const struct findings *fs, const char *file,
    int colour)
{
	(void)colour;
	render_json_doc(b, findings_to_json(fs, file));
}

/* Escape an annotation's data (%, CR, LF) or property (also : and ,). */
static void
render_github_escape(struct buf *b, const char *s, int property)
{
	for (; *s != '\0'; s++) {
		if (*s == '%')
			buf_adds(b, "%25");
		else if (*s == '\r')
			buf_adds(b, "%0D");
		else if (*s == '\n')
			buf_adds(b, "%0A");
		else if (property && *s == ':')
			buf_adds(b, "%3A");
		else if (property && *s == ',')
			buf_adds(b, "%2C");
		else if ((unsigned char)*s < 0x20 || *s == 0x7f)
			buf_printf(b, "%%%02X", (unsigned char)*s);
		else
			buf_addc(b, *s);
	}
}

/* github: "::error file=F,line=L,col=C,title=CODE::message". */
static void
render_github(struct buf *b, const struct findings *fs, const char *file,
    int colour)
{
	const struct finding	*f;
	char			*s, *where;
	size_t			 i;

	(void)colour;
	for (i = 0; i < fs->n; i++) {
		f = &fs->v[i];
		buf_printf(b, "::%s file=", f->severity == FINDING_ERROR ?
		    "error" : f->severity == FINDING_WARNING ? "warning" :
		    "notice");
		where = render_where(f, file);
		render_github_escape(b, where, 1);
		free(where);
		if (f->line > 0)
			buf_printf(b, ",line=%d,col=%d", f->line, f->col);
		buf_adds(b, ",title=");
		render_github_escape(b, f->code, 1);
		buf_adds(b, "::");
		render_github_escape(b, f->message, 0);
		if ((s = render_suggestion(f)) != NULL) {
			buf_adds(b, "%0Asuggest: ");
			render_github_escape(b, s, 0);
			free(s);
		}
		buf_addc(b, '\n');
	}
}
