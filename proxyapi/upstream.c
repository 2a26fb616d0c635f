/*
 * The list of upstreams in GOPROXY, parsed by the go command's rules
 * (modfetch/proxy.go proxyList): entries separated by ',' (fall through to
 * the next only when this one says "not found") or '|' (fall through on
 * any error); "direct" and "off" end the list; a bare host gets https://.
 */

#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "util/util.h"
#include "gomod/gomod.h"
#include "proxyapi/proxyapi.h"

/* Append one upstream. */
static void
upstream_add(struct upstream_spec **v, size_t *n, enum upstream_kind kind,
    const char *url, int fallback)
{
	*v = xreallocarray(*v, *n + 1, sizeof **v);
	(*v)[*n].kind = kind;
	(*v)[*n].url = xstrdup(url);
	(*v)[*n].fallback_on_error = fallback;
	(*n)++;
}

/* Free a list. */
void
upstream_free_list(struct upstream_spec *v, size_t n)
{
	size_t	i;

	for (i = 0; i < n; i++)
		free(v[i].url);
	free(v);
}

/* Classify and normalise one entry; -1 with *cause if it is not usable. */
static int
upstream_entry(const char *word, int fallback, struct upstream_spec **v,
    size_t *n, char **cause)
{
	char	*url;

	if (strcmp(word, "off") == 0) {
		upstream_add(v, n, UPSTREAM_OFF, "off", fallback);
		return (1);
	}
	if (strcmp(word, "direct") == 0) {
		upstream_add(v, n, UPSTREAM_DIRECT, "direct", fallback);
		return (1);
	}
	if (strpbrk(word, ".:/") != NULL && strstr(word, ":/") == NULL &&
	    word[0] != '/')
		xasprintf(&url, "https://%s", word);
	else
		url = xstrdup(word);
	if (strncmp(url, "file://", 7) == 0) {
		if (url[7] != '/') {
			xasprintf(cause, "invalid GOPROXY entry %s: file URLs "
			    "must be absolute (file:///dir)", word);
			free(url);
			return (-1);
		}
		upstream_add(v, n, UPSTREAM_FILE, url + 7, fallback);
	} else if (strncmp(url, "https://", 8) == 0 ||
	    strncmp(url, "http://", 7) == 0) {
		while (strlen(url) > 8 && url[strlen(url) - 1] == '/')
			url[strlen(url) - 1] = '\0';
		upstream_add(v, n, UPSTREAM_PROXY, url, fallback);
	} else {
		xasprintf(cause, "invalid GOPROXY entry %s: want https://, "
		    "http://, file://, direct or off", word);
		free(url);
		return (-1);
	}
	free(url);
	return (0);
}

/* Parse a GOPROXY value into upstreams. */
int
upstream_parse_list(const char *goproxy, struct upstream_spec **out,
    size_t *nout, char **cause)
{
	struct upstream_spec	*v = NULL;
	const char		*p = goproxy, *sep;
	char			*word, *trimmed;
	size_t			 n = 0, len;
	int			 fallback, rc;

	*out = NULL;
	*nout = 0;
	while (*p != '\0') {
		sep = p + strcspn(p, ",|");
		fallback = *sep == '|';
		word = xstrndup(p, sep - p);
		len = strlen(word);
		trimmed = xstrndup(gostr_trim_space(word, &len), len);
		free(word);
		p = *sep != '\0' ? sep + 1 : sep;
		if (*trimmed == '\0') {
			free(trimmed);
			continue;
		}
		rc = upstream_entry(trimmed, fallback, &v, &n, cause);
		free(trimmed);
		if (rc == -1) {
			upstream_free_list(v, n);
			return (-1);
		}
		if (rc == 1)
			break;	/* "direct" and "off" end the list */
	}
	if (n == 0) {
		xasprintf(cause, "GOPROXY list is not the empty string, but "
		    "contains no entries");
		return (-1);
	}
	*out = v;
	*nout = n;
	return (0);
}
