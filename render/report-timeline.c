/*
 * The report's release timeline, as HTML and CSS with no script: one lane
 * per watched module that has releases, a dot per release (new ones
 * marked), and a marker per project pin, pins to versions that do not
 * exist drawn apart.
 *
 * Positions are percentages of the lane, so the timeline fits any width.
 * Labels are laid out once, here, for the narrowest lane the page allows
 * (TIMELINE_MIN_PX): labels that would touch there go on separate rows.
 * A wider lane only moves labels further apart, so they never overlap at
 * any width (the label font is monospace, so its width is known).
 */

#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "util/util.h"
#include "gomod/gomod.h"
#include "engine/engine.h"
#include "render/render.h"

#define TIMELINE_MIN_PX	300	/* the narrowest lane (a 390 px phone) */
#define LABEL_CHAR_PX	7	/* 11 px monospace: 0.6 em, rounded up */
#define LABEL_PAD_PX	8	/* gap between two labels on a row */
#define LABEL_MAX_CHARS	28	/* longer labels are cut, whole in title */
#define LABEL_ROW_PX	15
#define TRACK_PX	22	/* the lane's line, dots and pin markers */
#define YEAR_GAP_PX	40	/* "2024" and room around it */
#define MONTH_GAP_PX	60	/* "2024-06" and room around it */

/* One mark on a lane: a release or a pin. */
struct timeline_mark {
	double		 x;		/* percent of the lane */
	const char	*version;
	const char	*project;	/* a pin's project, or NULL */
	const char	*date;		/* a release's day, "" if unknown */
	int		 isnew;
	int		 missing;	/* a pin to a version that is not */
	int		 row;		/* the label's row */
	int		 right;		/* label anchored at its right end */
};

/* The span of release times of the watched modules. */
static void
timeline_span(const struct report *r, time_t *lo, time_t *hi)
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

/* Where a time lies on the lane, in percent (1% kept free at each end
 * so that a dot at either end is whole). */
static double
timeline_x(time_t t, time_t lo, time_t hi)
{
	return (1.0 + 98.0 * (double)(t - lo) / (double)(hi - lo));
}

/* Did the project's check prove that path@version does not exist? */
static int
timeline_pin_missing(const struct report_project *p, const char *path,
    const char *version)
{
	const struct finding	*f;
	size_t			 k;

	for (k = 0; k < p->findings.n; k++) {
		f = &p->findings.v[k];
		if (strcmp(f->code, "unknown-version") == 0 &&
		    f->path != NULL && f->version != NULL &&
		    strcmp(f->path, path) == 0 &&
		    strcmp(f->version, version) == 0)
			return (1);
	}
	return (0);
}

/*
 * Where a pin lies: on its release, or, for a version the list does not
 * have (one that does not exist, or a pseudo-version), just after the
 * highest release below it by semver; at the lane's start when no
 * release lies below it.
 */
static double
timeline_pin_x(const struct report_module *m, const char *version,
    time_t lo, time_t hi)
{
	time_t	t, best_t = -1;
	size_t	k;
	const char *best = NULL;

	for (k = 0; k < m->versions.n; k++) {
		if ((t = util_parse_rfc3339(m->times.v[k])) == -1)
			continue;
		if (strcmp(m->versions.v[k], version) == 0)
			return (timeline_x(t, lo, hi));
		if (semver_compare(m->versions.v[k], version) < 0 &&
		    (best == NULL || semver_compare(m->versions.v[k], best) > 0)) {
			best = m->versions.v[k];
			best_t = t;
		}
	}
	if (best == NULL)
		return (1.0);
	return (timeline_x(best_t, lo, hi) + 0.5);
}

/* A label's text: the project, and for a missing version what it is. */
static char *
timeline_label(const struct timeline_mark *mk)
{
	char	*s;

	if (mk->missing)
		xasprintf(&s, "%s %s missing", mk->project, mk->version);
	else
		s = xstrdup(mk->project);
	if (strlen(s) > LABEL_MAX_CHARS)
		memcpy(s + LABEL_MAX_CHARS - 3, "...", 4);
	return (s);
}

/* A label's extent in pixels on the narrowest lane. */
static void
timeline_extent(const struct timeline_mark *mk, double *a, double *b)
{
	char	*label = timeline_label(mk);
	size_t	 chars = strlen(label);
	double	 x = mk->x * TIMELINE_MIN_PX / 100.0;
	double	 w = (double)chars * LABEL_CHAR_PX + LABEL_PAD_PX;

	free(label);
	if (mk->right) {
		*a = x - w;
		*b = x;
	} else {
		*a = x;
		*b = x + w;
	}
}

/* Give each pin label the first row where it touches no other label on
 * the narrowest lane. Returns the number of rows. */
static int
timeline_rows(struct timeline_mark *mk, size_t n)
{
	double	 a, b, c, d;
	size_t	 i, j;
	int	 row, rows = 0, clash;

	for (i = 0; i < n; i++) {
		if (mk[i].project == NULL)
			continue;
		timeline_extent(&mk[i], &a, &b);
		/* Anchor at the right end where the left one would run off. */
		if (b > TIMELINE_MIN_PX && a - (b - a) >= 0) {
			mk[i].right = 1;
			timeline_extent(&mk[i], &a, &b);
		}
		for (row = 0;; row++) {
			clash = 0;
			for (j = 0; j < i && !clash; j++) {
				if (mk[j].project == NULL || mk[j].row != row)
					continue;
				timeline_extent(&mk[j], &c, &d);
				clash = a < d && c < b;
			}
			if (!clash)
				break;
		}
		mk[i].row = row;
		if (row + 1 > rows)
			rows = row + 1;
	}
	return (rows);
}

/* The marks of one module: its releases, then the projects' pins. */
static struct timeline_mark *
timeline_marks(const struct report *r, const struct report_module *m,
    time_t lo, time_t hi, size_t *np)
{
	struct timeline_mark	*mk;
	size_t			 k, j, q, n = 0, cap, plen = strlen(m->path);
	time_t			 t;

	cap = m->versions.n + 1;
	for (j = 0; j < r->nprojects; j++)
		cap += r->projects[j].pins.n;
	mk = xcalloc(cap, sizeof *mk);
	for (k = 0; k < m->versions.n; k++) {
		if ((t = util_parse_rfc3339(m->times.v[k])) == -1)
			continue;
		mk[n].x = timeline_x(t, lo, hi);
		mk[n].version = m->versions.v[k];
		mk[n].date = m->times.v[k];
		mk[n].isnew = strv_contains(&m->new_releases, m->versions.v[k]);
		n++;
	}
	for (j = 0; j < r->nprojects; j++) {
		const struct report_project *p = &r->projects[j];

		for (q = 0; q < p->pins.n; q++) {
			const char *pin = p->pins.v[q];

			if (strncmp(pin, m->path, plen) != 0 || pin[plen] != ' ')
				continue;
			mk[n].version = pin + plen + 1;
			mk[n].project = p->name;
			mk[n].missing = timeline_pin_missing(p, m->path,
			    mk[n].version);
			mk[n].x = timeline_pin_x(m, mk[n].version, lo, hi);
			n++;
		}
	}
	*np = n;
	return (mk);
}

/*
 * The axis: the first of each year where the releases span more than a
 * year, else the first of each month ("2024-06"), as many as fit the
 * narrowest lane.
 */
static void
timeline_axis(struct buf *b, time_t lo, time_t hi)
{
	struct tm	tm;
	double		x;
	int		first, last, step, k, yearly, gap;

	gmtime_r(&lo, &tm);
	first = (tm.tm_year + 1900) * 12 + tm.tm_mon;
	gmtime_r(&hi, &tm);
	last = (tm.tm_year + 1900) * 12 + tm.tm_mon;
	yearly = last - first >= 24;
	gap = yearly ? YEAR_GAP_PX : MONTH_GAP_PX;
	/* The first label falls on the first tick after lo. */
	first = yearly ? (first / 12 + 1) * 12 : first + 1;
	for (step = yearly ? 12 : 1; (last - first) / step + 1 >
	    TIMELINE_MIN_PX / gap; step += yearly ? 12 : 1)
		;
	buf_adds(b, "<div class=\"axis\" aria-hidden=\"true\">");
	for (k = first; k <= last; k += step) {
		memset(&tm, 0, sizeof tm);
		tm.tm_year = k / 12 - 1900;
		tm.tm_mon = k % 12;
		tm.tm_mday = 1;
		/* A label this near the end would run past it. */
		if ((x = timeline_x(timegm(&tm), lo, hi)) > 90.0)
			break;
		if (yearly)
			buf_printf(b, "<span class=\"year\" style=\"left:%.2f%%"
			    "\">%d</span>", x, k / 12);
		else
			buf_printf(b, "<span class=\"year\" style=\"left:%.2f%%"
			    "\">%d-%02d</span>", x, k / 12,
			    k % 12 + 1);
	}
	buf_adds(b, "</div>\n");
}

/* One release dot. */
static void
timeline_dot(struct buf *b, const struct timeline_mark *mk)
{
	char	*desc;

	xasprintf(&desc, "%s released %.10s%s", mk->version, mk->date,
	    mk->isnew ? " (new)" : "");
	buf_printf(b, "<span class=\"dot%s\" style=\"left:%.2f%%\" "
	    "role=\"img\" aria-label=\"", mk->isnew ? " new" : "", mk->x);
	report_html_esc(b, desc);
	buf_adds(b, "\" title=\"");
	report_html_esc(b, desc);
	buf_adds(b, "\"></span>");
	free(desc);
}

/* One pin marker and its label. */
static void
timeline_pin(struct buf *b, const struct timeline_mark *mk)
{
	char	*desc, *label;

	xasprintf(&desc, "%s pins %s%s", mk->project, mk->version,
	    mk->missing ? ", a version that does not exist" : "");
	buf_printf(b, "<span class=\"pin%s\" style=\"left:%.2f%%\" "
	    "role=\"img\" aria-label=\"", mk->missing ? " missing" : "",
	    mk->x);
	report_html_esc(b, desc);
	buf_adds(b, "\" title=\"");
	report_html_esc(b, desc);
	buf_adds(b, "\"></span>");
	label = timeline_label(mk);
	buf_printf(b, "<span class=\"label%s%s\" style=\"left:%.2f%%;"
	    "top:%dpx\" aria-hidden=\"true\">", mk->right ? " right" : "",
	    mk->missing ? " missing" : "", mk->x,
	    TRACK_PX + mk->row * LABEL_ROW_PX);
	report_html_esc(b, label);
	buf_adds(b, "</span>");
	free(label);
	free(desc);
}

/* The timeline of the watched modules; nothing if none has a release. */
void
report_timeline_html(struct buf *b, const struct report *r)
{
	struct timeline_mark	*mk;
	time_t			 lo, hi;
	size_t			 i, k, n, lanes = 0;
	int			 rows;

	for (i = 0; i < r->nmodules; i++)
		lanes += r->modules[i].versions.n > 0;
	if (lanes == 0)
		return;
	timeline_span(r, &lo, &hi);
	buf_adds(b, "<section class=\"timeline\" aria-labelledby=\"timeline\">"
	    "\n<h2 id=\"timeline\">Release timeline</h2>\n<p class=\"legend\">"
	    "<span class=\"dot\"></span> a release "
	    "<span class=\"dot new\"></span> new since the last report "
	    "<span class=\"pin\"></span> a project's pin "
	    "<span class=\"pin missing\"></span> a pin to a version that "
	    "does not exist</p>\n");
	timeline_axis(b, lo, hi);
	for (i = 0; i < r->nmodules; i++) {
		const struct report_module *m = &r->modules[i];

		/* A module with no release has no lane: the modules table
		 * says why. */
		if (m->versions.n == 0)
			continue;
		mk = timeline_marks(r, m, lo, hi, &n);
		rows = timeline_rows(mk, n);
		buf_adds(b, "<div class=\"lane\"><div class=\"name\">");
		report_html_esc(b, m->path);
		buf_printf(b, "</div><div class=\"track\" style=\"height:%dpx\">"
		    "<span class=\"line\"></span>", TRACK_PX + rows *
		    LABEL_ROW_PX);
		for (k = 0; k < n; k++) {
			if (mk[k].project == NULL)
				timeline_dot(b, &mk[k]);
			else
				timeline_pin(b, &mk[k]);
		}
		buf_adds(b, "</div></div>\n");
		free(mk);
	}
	buf_adds(b, "</section>\n");
}
