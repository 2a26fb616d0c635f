/*
 * Pseudo-versions (golang.org/x/mod/module/pseudo.go): versions that name
 * an untagged commit, in three shapes:
 *	vX.0.0-yyyymmddhhmmss-abcdefabcdef		no earlier tag
 *	vX.Y.(Z+1)-0.yyyymmddhhmmss-abcdefabcdef	after release vX.Y.Z
 *	vX.Y.Z-pre.0.yyyymmddhhmmss-abcdefabcdef	after prerelease vX.Y.Z-pre
 * each optionally followed by +build (e.g. +incompatible).
 */

#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "util/util.h"
#include "gomod/gomod.h"

#define PSEUDO_TIMESTAMP_LEN	14

static size_t	pseudo_digits(const char *);
static int	pseudo_is_alnum(int);
static int	pseudo_match_build(const char *);
static int	pseudo_match_tail(const char *, size_t);
static int	pseudo_match(const char *);
static int	pseudo_parse(const char *, char **, char **, char **, char **,
		    char **);
static int	pseudo_fail(char **, const char *, const char *);

/* Number of leading ASCII digits. */
static size_t
pseudo_digits(const char *s)
{
	size_t	i = 0;

	while (s[i] >= '0' && s[i] <= '9')
		i++;
	return (i);
}

/* [A-Za-z0-9] */
static int
pseudo_is_alnum(int c)
{
	return ((c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') ||
	    (c >= 'a' && c <= 'z'));
}

/* Does s match (\+[0-9A-Za-z-]+(\.[0-9A-Za-z-]+)*)?$ ? */
static int
pseudo_match_build(const char *s)
{
	size_t	run = 0;

	if (*s == '\0')
		return (1);
	if (*s++ != '+')
		return (0);
	for (; *s != '\0'; s++) {
		if (*s == '.') {
			if (run == 0)
				return (0);
			run = 0;
		} else if (pseudo_is_alnum(*s) || *s == '-')
			run++;
		else
			return (0);
	}
	return (run > 0);
}

/* Does s[0..n) match \d{14}-[A-Za-z0-9]+ ? */
static int
pseudo_match_tail(const char *s, size_t n)
{
	size_t	i;

	if (n < PSEUDO_TIMESTAMP_LEN + 2)
		return (0);
	for (i = 0; i < PSEUDO_TIMESTAMP_LEN; i++) {
		if (s[i] < '0' || s[i] > '9')
			return (0);
	}
	if (s[i++] != '-')
		return (0);
	for (; i < n; i++) {
		if (!pseudo_is_alnum(s[i]))
			return (0);
	}
	return (1);
}

/*
 * The pseudo-version regular expression of x/mod:
 * ^v[0-9]+\.(0\.0-|\d+\.\d+-([^+]*\.)?0\.)\d{14}-[A-Za-z0-9]+(\+build)?$
 */
static int
pseudo_match(const char *v)
{
	const char	*p, *body, *plus, *dash;
	size_t		 n, bodylen, head;

	if (*v++ != 'v' || (n = pseudo_digits(v)) == 0 || v[n] != '.')
		return (0);
	p = v + n + 1;
	plus = strchr(p, '+');
	if (!pseudo_match_build(plus != NULL ? plus : ""))
		return (0);
	/* First alternative: 0.0-TIMESTAMP-REV */
	if (strncmp(p, "0.0-", 4) == 0 &&
	    pseudo_match_tail(p + 4, (plus != NULL ? plus : p + strlen(p)) -
	    (p + 4)))
		return (1);
	/* Second: \d+\.\d+-([^+]*\.)?0\.TIMESTAMP-REV */
	if ((n = pseudo_digits(p)) == 0 || p[n] != '.')
		return (0);
	p += n + 1;
	if ((n = pseudo_digits(p)) == 0 || p[n] != '-')
		return (0);
	body = p + n + 1;
	bodylen = (plus != NULL ? plus : body + strlen(body)) - body;
	/* REV has no '-', so TIMESTAMP starts 15 bytes before the last '-'. */
	dash = NULL;
	for (p = body; p < body + bodylen; p++) {
		if (*p == '-')
			dash = p;
	}
	if (dash == NULL || dash - body < PSEUDO_TIMESTAMP_LEN + 2)
		return (0);
	head = dash - body - PSEUDO_TIMESTAMP_LEN;	/* "...0." */
	if (!pseudo_match_tail(body + head, bodylen - head))
		return (0);
	if (head == 2)
		return (strncmp(body, "0.", 2) == 0);
	return (head > 2 && strncmp(body + head - 3, ".0.", 3) == 0);
}

/* IsPseudoVersion. */
int
pseudo_is_pseudo(const char *v)
{
	const char	*p;
	int		 dashes = 0;

	for (p = v; *p != '\0'; p++)
		dashes += *p == '-';
	return (dashes >= 2 && semver_is_valid(v) && pseudo_match(v));
}

/* Format "pseudo-version %q invalid: why" into *cause; returns -1. */
static int
pseudo_fail(char **cause, const char *v, const char *why)
{
	char	*q;

	if (cause != NULL) {
		q = strquote_quote(v);
		xasprintf(cause, "pseudo-version %s invalid: %s", q, why);
		free(q);
	}
	return (-1);
}

/* parsePseudoVersion: split v into base, timestamp, revision and build.
 * Each output may be NULL; results belong to the caller. */
static int
pseudo_parse(const char *v, char **base, char **timestamp, char **rev,
    char **build, char **cause)
{
	const char	*plus, *j, *i, *dot, *p;
	size_t		 len;

	if (!pseudo_is_pseudo(v))
		return (pseudo_fail(cause, v, "syntax error"));
	plus = strchr(v, '+');
	len = plus != NULL ? (size_t)(plus - v) : strlen(v);
	j = i = dot = NULL;
	for (p = v; p < v + len; p++) {
		if (*p == '-')
			j = p;
	}
	for (p = v; p < j; p++) {
		if (*p == '-')
			i = p;
		if (*p == '.')
			dot = p;
	}
	if (rev != NULL)
		*rev = xstrndup(j + 1, v + len - (j + 1));
	if (dot != NULL && dot > i)
		i = dot;	/* "vX.Y.Z-pre.0" or "vX.Y.(Z+1)-0" */
	if (base != NULL)
		*base = xstrndup(v, i - v);
	if (timestamp != NULL)
		*timestamp = xstrndup(i + 1, j - (i + 1));
	if (build != NULL)
		*build = xstrdup(plus != NULL ? plus : "");
	return (0);
}

/* Days in a month of a year, by the proleptic Gregorian calendar. */
static int
pseudo_days_in(int year, int month)
{
	static const int	days[] = {
		31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31
	};

	if (month == 2 && year % 4 == 0 && (year % 100 != 0 ||
	    year % 400 == 0))
		return (29);
	return (days[month - 1]);
}

/* PseudoVersionTime: the commit time a pseudo-version records. */
int
pseudo_time(const char *v, time_t *out, char **cause)
{
	struct tm	 tm;
	char		*ts, *why;
	int		 f[6], k;

	if (pseudo_parse(v, NULL, &ts, NULL, NULL, cause) != 0)
		return (-1);
	for (k = 0; k < 6; k++) {
		f[k] = k == 0 ? (ts[0] - '0') * 1000 + (ts[1] - '0') * 100 +
		    (ts[2] - '0') * 10 + (ts[3] - '0') :
		    (ts[2 + 2 * k] - '0') * 10 + (ts[3 + 2 * k] - '0');
	}
	if (f[1] < 1 || f[1] > 12 || f[2] < 1 ||
	    f[2] > pseudo_days_in(f[0], f[1]) || f[3] > 23 || f[4] > 59 ||
	    f[5] > 59) {
		xasprintf(&why, "malformed time \"%s\"", ts);
		free(ts);
		pseudo_fail(cause, v, why);
		free(why);
		return (-1);
	}
	free(ts);
	memset(&tm, 0, sizeof tm);
	tm.tm_year = f[0] - 1900;
	tm.tm_mon = f[1] - 1;
	tm.tm_mday = f[2];
	tm.tm_hour = f[3];
	tm.tm_min = f[4];
	tm.tm_sec = f[5];
	*out = timegm(&tm);
	return (0);
}

/* PseudoVersionRev: the revision identifier (a commit hash prefix). */
int
pseudo_rev(const char *v, char **out, char **cause)
{
	*out = NULL;
	return (pseudo_parse(v, NULL, NULL, out, NULL, cause));
}

/* PseudoVersionBase: the tag the pseudo-version was derived from, or ""
 * when it has none. */
int
pseudo_base(const char *v, char **out, char **cause)
{
	char	*base, *build, *pre, *patch, *why, *dot;
	size_t	 n;
	int	 rc = 0;

	*out = NULL;
	if (pseudo_parse(v, &base, NULL, NULL, &build, cause) != 0)
		return (-1);
	pre = semver_prerelease(base);
	if (*pre == '\0') {
		if (*build != '\0') {
			xasprintf(&why, "lacks base version, but has build "
			    "metadata \"%s\"", build);
			rc = pseudo_fail(cause, v, why);
			free(why);
		} else
			*out = xstrdup("");
	} else if (strcmp(pre, "-0") == 0) {
		n = strlen(base) - 2;
		base[n] = '\0';
		dot = strrchr(base, '.');
		patch = pseudo_dec_decimal(dot + 1);
		if (*patch == '\0') {
			xasprintf(&why, "version before %s would have "
			    "negative patch number", base);
			rc = pseudo_fail(cause, v, why);
			free(why);
		} else
			xasprintf(out, "%.*s%s%s", (int)(dot + 1 - base), base,
			    patch, build);
		free(patch);
	} else {
		n = strlen(base) - 2;	/* drop the ".0" before the date */
		xasprintf(out, "%.*s%s", (int)n, base, build);
	}
	free(pre);
	free(base);
	free(build);
	return (rc);
}

/* decDecimal: subtract one from a decimal string; "" for "0". */
char *
pseudo_dec_decimal(const char *d)
{
	char	*s;
	size_t	 n = strlen(d);
	ssize_t	 i;

	s = xstrdup(d);
	for (i = (ssize_t)n - 1; i >= 0 && s[i] == '0'; i--)
		s[i] = '9';
	if (i < 0) {
		s[0] = '\0';
		return (s);
	}
	if (i == 0 && s[i] == '1' && n > 1)
		memmove(s, s + 1, n);
	else
		s[i]--;
	return (s);
}
