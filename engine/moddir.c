/*
 * The go.mod of a local (directory) replacement, by the path the client
 * reads it from: kept apart from the graph so that the thin client, which
 * sends these files and never builds a graph, reads them the same way.
 */

#include "config.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "util/util.h"
#include "gomod/gomod.h"
#include "engine/engine.h"

#define MODDIR_MAX_GOMOD	(16 << 20)	/* bytes of a replacement's
						   go.mod */

/* The go.mod of a local replacement: dir is relative to the main
 * module's directory (base) unless absolute. */
char *
moddir_gomod(const char *base, const char *dir)
{
	const char	*rel = strncmp(dir, "./", 2) == 0 ? dir + 2 : dir;
	char		*file;

	if (*dir == '/')
		xasprintf(&file, "%s/go.mod", dir);
	else if (base == NULL || strcmp(base, ".") == 0)
		xasprintf(&file, "%s/go.mod", rel);
	else
		xasprintf(&file, "%s/%s/go.mod", base, rel);
	return (file);
}

/* Read the go.mod of local replacement dir (moddir_gomod) into *data;
 * NULL, or why not ("reading FILE: ERROR"; the caller frees). The client
 * sends a directory's reason to modvetd, which tells it as this does. */
char *
moddir_read(const char *base, const char *dir, char **data, size_t *len)
{
	char	*file, *why = NULL;

	*data = NULL;
	file = moddir_gomod(base, dir);
	if (util_read_file(file, MODDIR_MAX_GOMOD, data, len) != 0) {
		xasprintf(&why, "reading %s: %s", file, strerror(errno));
		*data = NULL;
	}
	free(file);
	return (why);
}
