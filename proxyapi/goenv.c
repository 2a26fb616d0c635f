/*
 * The go command's environment: a variable is taken from the process
 * environment when set and non-empty, else from the go env file ($GOENV,
 * else $XDG_CONFIG_HOME/go/env or ~/.config/go/env, as "go env -w" writes
 * it), else the go command's default. modvet reads upstreams exactly as go
 * would on the same machine.
 */

#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "util/util.h"
#include "proxyapi/proxyapi.h"

#define GOENV_MAX_FILE	(1 << 20)	/* bytes of a go env file */
#define GOENV_DEFAULT_PROXY "https://proxy.golang.org,direct"

/* The go env file's path, or NULL ("GOENV=off" or no home). */
static char *
goenv_file(void)
{
	const char	*e, *home;
	char		*p;

	if ((e = getenv("GOENV")) != NULL && *e != '\0') {
		if (strcmp(e, "off") == 0)
			return (NULL);
		return (xstrdup(e));
	}
	if ((e = getenv("XDG_CONFIG_HOME")) != NULL && *e == '/') {
		xasprintf(&p, "%s/go/env", e);
		return (p);
	}
	if ((home = getenv("HOME")) == NULL || *home == '\0')
		return (NULL);
	xasprintf(&p, "%s/.config/go/env", home);
	return (p);
}

/* The value of name in the env file, or NULL (cfg.readEnvFile rules:
 * "NAME=value" lines; others are ignored). */
static char *
goenv_from_file(const char *file, const char *name)
{
	FILE	*fp;
	char	*line = NULL, *value = NULL;
	size_t	 cap = 0, n = strlen(name);
	ssize_t	 len;
	size_t	 total = 0;

	if (file == NULL || (fp = fopen(file, "r")) == NULL)
		return (NULL);
	while ((len = getline(&line, &cap, fp)) != -1) {
		if ((total += len) > GOENV_MAX_FILE)
			break;
		if (len > 0 && line[len - 1] == '\n')
			line[--len] = '\0';
		if (line[0] < 'A' || line[0] > 'Z' || strchr(line, '=') == NULL)
			continue;
		if (strncmp(line, name, n) == 0 && line[n] == '=') {
			free(value);
			value = xstrdup(line + n + 1);
		}
	}
	free(line);
	fclose(fp);
	return (value);
}

/* A variable as go sees it: environment, then env file; NULL if unset. */
char *
goenv_get(const char *name, const char *file)
{
	const char	*e;

	if ((e = getenv(name)) != NULL && *e != '\0')
		return (xstrdup(e));
	return (goenv_from_file(file, name));
}

/* Load the variables modvet uses. Returns 0 (nothing here can fail yet;
 * the signature leaves room for validation). */
int
goenv_load(struct goenv *g, char **cause)
{
	const char	*home;
	char		*netrc;

	memset(g, 0, sizeof *g);
	g->envfile = goenv_file();
	g->goproxy = goenv_get("GOPROXY", g->envfile);
	if (g->goproxy == NULL)
		g->goproxy = xstrdup(GOENV_DEFAULT_PROXY);
	g->goprivate = goenv_get("GOPRIVATE", g->envfile);
	g->gonoproxy = goenv_get("GONOPROXY", g->envfile);
	if (g->gonoproxy == NULL && g->goprivate != NULL)
		g->gonoproxy = xstrdup(g->goprivate);
	g->goinsecure = goenv_get("GOINSECURE", g->envfile);
	g->goflags = goenv_get("GOFLAGS", g->envfile);
	/* The go command (and so modvet) finds credentials in $NETRC, else
	 * ~/.netrc. */
	if ((netrc = getenv("NETRC")) != NULL && *netrc != '\0')
		g->netrc = xstrdup(netrc);
	else if ((home = getenv("HOME")) != NULL && *home != '\0')
		xasprintf(&g->netrc, "%s/.netrc", home);
	if (g->netrc != NULL && access(g->netrc, R_OK) != 0) {
		free(g->netrc);
		g->netrc = NULL;
	}
	return (0);
}

/* Free what goenv_load set. */
void
goenv_free(struct goenv *g)
{
	free(g->goproxy);
	free(g->goprivate);
	free(g->gonoproxy);
	free(g->goinsecure);
	free(g->goflags);
	free(g->netrc);
	free(g->envfile);
	memset(g, 0, sizeof *g);
}
