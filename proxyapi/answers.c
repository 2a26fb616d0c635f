/*
 * The answers of a GOPROXY read as the go command reads them
 * (cmd/go/internal/modfetch/proxy.go): a .info or @latest document, and
 * an @v/list. Pure functions of the bytes served, apart from the
 * fetching, so that they can be fuzzed (tests/fuzz/fuzz-upstream.c).
 */

#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cjson/cJSON.h>

#include "util/util.h"
#include "gomod/gomod.h"
#include "proxyapi/proxyapi.h"

/* The Version and Time of a .info (or @latest) answer, each NULL when
 * absent or not a string; -1 when it is not JSON. */
int
proxy_info_parse(const char *data, size_t len, char **version, char **time)
{
	cJSON		*j;
	const cJSON	*v, *t;

	*version = *time = NULL;
	if ((j = cJSON_ParseWithLength(data != NULL ? data : "", len)) == NULL)
		return (-1);
	v = cJSON_GetObjectItemCaseSensitive(j, "Version");
	t = cJSON_GetObjectItemCaseSensitive(j, "Time");
	if (cJSON_IsString(v))
		*version = xstrdup(v->valuestring);
	if (cJSON_IsString(t))
		*time = xstrdup(t->valuestring);
	cJSON_Delete(j);
	return (0);
}

/* The next line of an @v/list body at *p (before end) into line (a
 * buffer the caller reuses: a list can hold thousands of lines); NULL at
 * the end. */
static char *
proxy_list_line(const char **p, const char *end, struct buf *line)
{
	const char	*nl;
	size_t		 n;

	if (*p >= end)
		return (NULL);
	nl = memchr(*p, '\n', end - *p);
	n = nl != NULL ? (size_t)(nl - *p) : (size_t)(end - *p);
	buf_reset(line);
	buf_add(line, *p, n);
	*p += nl != NULL ? n + 1 : n;
	return (line->data != NULL ? line->data : (char *)"");
}

/* The next field of a line (gostr_next_field), as a string the caller
 * frees; NULL when none is left. */
static char *
proxy_list_field(char **cur)
{
	const char	*f;
	size_t		 fl;

	if ((f = gostr_next_field((const char **)cur, &fl)) == NULL)
		return (NULL);
	return (xstrndup(f, fl));
}

/*
 * The module's latest version from its @v/list when the proxy has no
 * @latest (proxyRepo.latestFromList): the line with the latest time, from
 * its second field where the proxy gives one, else from a pseudo-version
 * itself (a tagged version without a time is left out). NULL when none;
 * its time in *when. Caller frees.
 */
char *
proxy_list_latest(const char *data, size_t len, time_t *when)
{
	const char	*p = data, *end = data + len;
	char		*line, *cur, *v, *ts, *best = NULL;
	struct buf	 b;
	time_t		 t;

	*when = (time_t)-1;
	buf_init(&b, 0);
	while ((line = proxy_list_line(&p, end, &b)) != NULL) {
		cur = line;
		if ((v = proxy_list_field(&cur)) != NULL) {
			t = (time_t)-1;
			if (!semver_is_valid(v))
				;
			else if ((ts = proxy_list_field(&cur)) != NULL) {
				t = util_parse_rfc3339(ts);
				free(ts);
			} else if (pseudo_is_pseudo(v) &&
			    pseudo_time(v, &t, NULL) != 0)
				t = (time_t)-1;
			if (t != (time_t)-1 && (*when == (time_t)-1 ||
			    t > *when)) {
				free(best);
				best = v;
				*when = t;
			} else
				free(v);
		}
	}
	buf_free(&b);
	return (best);
}

/* The versions of an @v/list the go command uses: valid semantic versions
 * that are not pseudo-versions, sorted (proxyRepo.Versions). */
void
proxy_parse_list(const char *data, size_t len, struct strv *out)
{
	const char	*p = data, *end = data + len;
	char		*line, *cur, *v;
	struct buf	 b;

	strv_init(out);
	buf_init(&b, 0);
	while ((line = proxy_list_line(&p, end, &b)) != NULL) {
		cur = line;
		if ((v = proxy_list_field(&cur)) != NULL) {
			if (semver_is_valid(v) && !pseudo_is_pseudo(v))
				strv_push_owned(out, v);
			else
				free(v);
		}
	}
	buf_free(&b);
	semver_sort(out->v, out->n);
}
