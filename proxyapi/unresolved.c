/*
 * Host names that did not resolve, remembered for a minute in this
 * process. With GOPROXY=...,direct on a machine that reaches the module
 * proxy and nothing else, every "direct" fetch starts with a DNS lookup
 * that fails (seconds each when the resolver times out), and a check asks
 * the same few origins (github.com, golang.org) dozens of times: after
 * the first name that does not resolve, the others fail at once with the
 * same error, said as such. A failure is only ever "unavailable", never
 * "does not exist", so nothing wrong can come of it; a name that resolves
 * again is asked after the minute.
 */

#include "config.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "util/util.h"
#include "proxyapi/proxyapi.h"

#define UNRESOLVED_TTL_MS	(60 * 1000)
#define UNRESOLVED_MAX		256	/* names kept */

struct unresolved {
	char		*host;
	char		*error;
	uint64_t	 at_ms;
};

static pthread_mutex_t	 unresolved_lock = PTHREAD_MUTEX_INITIALIZER;
static struct unresolved unresolved_v[UNRESOLVED_MAX];
static size_t		 unresolved_n;

/* The host of a URL ("scheme://host[:port]/..."), as a span of it; 0
 * when there is none. */
static size_t
unresolved_host(const char *url, const char **host)
{
	const char	*s;

	if ((s = strstr(url, "://")) == NULL)
		return (0);
	*host = s + 3;
	return (strcspn(*host, ":/?#"));
}

/* Did the host of url fail to resolve in the last minute? Then *why
 * (caller frees) says how, and when. */
int
unresolved_check(const char *url, char **why)
{
	const char	*host;
	uint64_t	 now = util_now_ms();
	size_t		 i, len;
	int		 found = 0;

	if ((len = unresolved_host(url, &host)) == 0)
		return (0);
	pthread_mutex_lock(&unresolved_lock);
	for (i = 0; i < unresolved_n; i++) {
		if (strncmp(unresolved_v[i].host, host, len) != 0 ||
		    unresolved_v[i].host[len] != '\0' ||
		    now - unresolved_v[i].at_ms >= UNRESOLVED_TTL_MS)
			continue;
		xasprintf(why, "%s did not resolve %llu ms ago (%s): not "
		    "asked again for a minute", unresolved_v[i].host,
		    (unsigned long long)(now - unresolved_v[i].at_ms),
		    unresolved_v[i].error);
		found = 1;
		break;
	}
	pthread_mutex_unlock(&unresolved_lock);
	return (found);
}

/* Remember that the host of url did not resolve, with the error. */
void
unresolved_note(const char *url, const char *error)
{
	struct unresolved	*u = NULL;
	const char		*host;
	size_t			 i, len, oldest = 0;

	if ((len = unresolved_host(url, &host)) == 0)
		return;
	pthread_mutex_lock(&unresolved_lock);
	for (i = 0; i < unresolved_n && u == NULL; i++) {
		if (strncmp(unresolved_v[i].host, host, len) == 0 &&
		    unresolved_v[i].host[len] == '\0')
			u = &unresolved_v[i];
		else if (unresolved_v[i].at_ms < unresolved_v[oldest].at_ms)
			oldest = i;
	}
	if (u == NULL && unresolved_n < UNRESOLVED_MAX)
		u = &unresolved_v[unresolved_n++];
	else if (u == NULL)
		u = &unresolved_v[oldest];
	free(u->host);
	free(u->error);
	u->host = xstrndup(host, len);
	u->error = xstrdup(error);
	u->at_ms = util_now_ms();
	pthread_mutex_unlock(&unresolved_lock);
}

/* Forget every name (at exit, and for tests). */
void
unresolved_reset(void)
{
	size_t	i;

	pthread_mutex_lock(&unresolved_lock);
	for (i = 0; i < unresolved_n; i++) {
		free(unresolved_v[i].host);
		free(unresolved_v[i].error);
	}
	memset(unresolved_v, 0, sizeof unresolved_v);
	unresolved_n = 0;
	pthread_mutex_unlock(&unresolved_lock);
}
