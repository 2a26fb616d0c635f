/*
 * The in-process stack the client uses when it works without the daemon:
 * the go command's upstream configuration, the SQLite cache and a source
 * over both.
 */

#include "config.h"

#include <stdio.h>
#include <stdlib.h>

#include "util/util.h"
#include "proxyapi/proxyapi.h"
#include "cache/cache.h"
#include "engine/engine.h"
#include "client/client.h"

/* The cache's path: MODVET_CACHE, or the default (caller frees). */
static char *
client_local_cache_path(void)
{
	const char	*env = getenv("MODVET_CACHE");

	return (env != NULL && *env != '\0' ? xstrdup(env) :
	    cache_default_path());
}

/* Where git mirrors live (for "direct" modules and the report's git
 * projects): MODVET_GITDIR, else beside the cache (caller frees). */
char *
client_local_git_dir(void)
{
	const char	*env = getenv("MODVET_GITDIR");
	char		*path, *dir;

	if (env != NULL && *env != '\0')
		return (xstrdup(env));
	path = client_local_cache_path();
	xasprintf(&dir, "%s.git", path);
	free(path);
	return (dir);
}

/* Open the stack; exits 2 with a message when it cannot. */
void
client_local_open(struct client_local *l)
{
	struct fetch_opts	 fo;
	char			*cause = NULL, *path, *gitdir;
	int			 rc;

	if (goenv_load(&l->env, &cause) != 0) {
		fprintf(stderr, "modvet: %s\n", cause);
		exit(CLIENT_EXIT_FAILURE);
	}
	fetch_opts_default(&fo);
	if ((l->proxy = proxy_create(&l->env, &fo, &cause)) == NULL) {
		fprintf(stderr, "modvet: %s\n", cause);
		exit(CLIENT_EXIT_FAILURE);
	}
	path = client_local_cache_path();
	if ((rc = cache_open(&l->cache, path, &cause)) == CACHE_EDISK &&
	    cache_open_memory(&l->cache, NULL) == 0) {
		/* As modvetd does: the answers are still given. */
		fprintf(stderr, "modvet: warning: %s: nothing learnt is kept "
		    "this time\n", cause);
		free(cause);
	} else if (rc != 0) {
		fprintf(stderr, "modvet: %s\n", cause);
		exit(CLIENT_EXIT_FAILURE);
	}
	gitdir = client_local_git_dir();
	proxy_set_git_dir(l->proxy, gitdir);
	free(gitdir);
	free(path);
	source_init(&l->source, l->cache, l->proxy, NULL);
	modsums_init(&l->modsums, CLIENT_MODSUMS_BYTES);
	l->source.modsums = &l->modsums;
	objmemo_init(&l->objmemo, CLIENT_OBJMEMO_BYTES);
	l->source.objmemo = &l->objmemo;
	l->source.goversion = l->env.goversion;
	l->source.gotoolchain = l->env.gotoolchain;
	l->source.progress = client_progress_source;	/* terminals only */
}

/* Close the stack. */
void
client_local_close(struct client_local *l)
{
	cache_close(l->cache);
	proxy_free(l->proxy);
	goenv_free(&l->env);
	modsums_free(&l->modsums);
	objmemo_clear(&l->objmemo);
}
