/*
 * A build list: the module versions Minimal Version Selection chose, in
 * the order the go command lists them. engine/graph.c selects them as
 * cmd/go/internal/modload and mvs do (tests/mvs-vectors.sh runs the mvs
 * conformance vectors through it) and hands its result over in this form.
 */

#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "util/util.h"
#include "gomod/gomod.h"

/* Append a module to a list. */
void
mvs_list_add(struct mvs_list *l, const char *path, const char *version)
{
	if (l->n == l->cap) {
		l->cap = l->cap == 0 ? 16 : l->cap * 2;
		l->v = xreallocarray(l->v, l->cap, sizeof *l->v);
	}
	l->v[l->n].path = path;
	l->v[l->n].version = version;
	l->n++;
}

/* Free a list (not the strings, which belong to the list's maker). */
void
mvs_list_free(struct mvs_list *l)
{
	free(l->v);
	memset(l, 0, sizeof *l);
}
