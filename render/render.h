/*
 * render/: every output format, from the engine's data: findings as
 * text, json, github annotations and SARIF, the fix's diff, and the
 * report as JSON, Markdown and HTML. Nothing else writes what a person or
 * a tool reads.
 */
#ifndef RENDER_H
#define RENDER_H

#include "engine/engine.h"

/* render.c: findings as text, json or github annotations, into a buffer
 * (the one printer of both doors). */
int	 render_format_ok(const char *);
void	 render_findings(struct buf *, const struct findings *, const char *,
	    const char *, int);
void	 render_json_doc(struct buf *, struct cJSON *);
char	*render_suggestion(const struct finding *);
char	*render_where(const struct finding *, const char *);

/* sarif.c: SARIF 2.1.0 documents, a run per go.mod. A locate function
 * gives a file's URI (relative to the root it sets in *root as a file:
 * URI, or NULL) as code scanning resolves it; both are freed here. */
typedef char	*(*render_locate_fn)(const char *, char **);
struct cJSON	*render_sarif_doc(void);
struct cJSON	*render_sarif_run(const struct findings *, const char *,
		    render_locate_fn);

/* diff.c: a unified diff of two texts (caller frees); "" if equal. */
char	*diff_unified(const char *, const char *, size_t, const char *,
	    const char *, size_t);

/* report-render.c: the report as text (caller frees). */
char	*report_render_json(const struct report *);
char	*report_render_md(const struct report *);
/* report-html.c, report-timeline.c: the page, and its timeline. */
char	*report_render_html(const struct report *);
void	 report_html_esc(struct buf *, const char *);
void	 report_timeline_html(struct buf *, const struct report *);

#endif
