/*
 * The cron-driven report: what cmd-report.c gathers and report-render.c
 * prints (html, md, json). Everything here is owned by the struct report
 * and freed by report_free.
 */
#ifndef REPORT_H
#define REPORT_H

#include <stddef.h>
#include <stdint.h>

#include "util/util.h"
#include "verify/verify.h"

/* One project of the projects file. */
struct report_project {
	char		*name;
	char		*source;	/* as written: a path, or git URL REF DIR */
	char		*error;		/* why it could not be checked */
	struct findings	 findings;
	struct strv	 pins;		/* "path version" of its requirements */
	struct strv	 new_findings;	/* subjects new since the last report */
	struct strv	 fixed;		/* subjects gone since the last report */
};

/* One watched module. */
struct report_module {
	char		*path;
	struct strv	 versions;	/* oldest first */
	struct strv	 times;		/* RFC 3339, or "" */
	struct strv	 new_releases;	/* since the last report */
	int		 stale;
	int		 failed;	/* no list at all */
};

struct report {
	int64_t			 ran_ms;
	int64_t			 previous_ms;	/* 0: this is the first */
	struct report_project	*projects;
	size_t			 nprojects;
	struct report_module	*modules;
	size_t			 nmodules;
	int			 needs_attention;
};

void	 report_free(struct report *);
/* The finding's subject in the history: "code module@version". */
char	*report_subject(const struct finding *);

/* report-render.c: the report as text (caller frees). */
char	*report_render_json(const struct report *);
char	*report_render_md(const struct report *);
char	*report_render_html(const struct report *);

#endif
