/*
 * What the module graph needs of a published go.mod (modload's
 * goModSummary: the path it declares, its go line, its requirements),
 * parsed once and kept. A module version's go.mod never changes, and the
 * cache answers it the same whoever asks, so a summary stays true for
 * every request a worker serves: a check loads the graph again for each
 * suggestion it tries, and a check of the same project a minute later
 * loads the same go.mod files, and each was a SQLite read and a parse.
 * Bounded in bytes: past the bound the table starts again empty (a graph
 * larger than the bound costs what it cost without it).
 */

#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "util/util.h"
#include "gomod/gomod.h"
#include "engine/engine.h"

/* Bytes of a string and its NUL; 0 for NULL. */
static size_t
modsum_len(const char *s)
{
	return (s != NULL ? strlen(s) + 1 : 0);
}

/* Copy a string (NULL: none) to *p, advancing it. */
static const char *
modsum_copy(char **p, const char *s)
{
	char	*out = *p;
	size_t	 len;

	if (s == NULL)
		return (NULL);
	len = strlen(s) + 1;
	memcpy(out, s, len);
	*p += len;
	return (out);
}

/* The summary of a parsed go.mod, in one allocation: the requirement
 * and retraction arrays, then every string; h1: the hash of its text, or
 * NULL. */
struct modsum *
modsum_from_modfile(const struct modfile *f, const char *h1)
{
	struct modsum	*s;
	const char	*module = f->module != NULL ? f->module->mod.path : "";
	const char	*deprecated = NULL;
	size_t		 i, size, nreq = f->require.n, nret = f->retract.n;
	char		*p;

	if (f->module != NULL && f->module->deprecated != NULL &&
	    *f->module->deprecated != '\0')
		deprecated = f->module->deprecated;
	size = sizeof *s + nreq * sizeof s->req[0] +
	    nret * sizeof *s->retract + modsum_len(module) +
	    modsum_len(deprecated) +
	    modsum_len(f->go != NULL ? f->go->version : NULL);
	for (i = 0; i < nreq; i++)
		size += modsum_len(f->require.v[i]->mod.path) +
		    modsum_len(f->require.v[i]->mod.version);
	for (i = 0; i < nret; i++)
		size += modsum_len(f->retract.v[i]->low) +
		    modsum_len(f->retract.v[i]->high) +
		    modsum_len(f->retract.v[i]->rationale != NULL ?
		    f->retract.v[i]->rationale : "");
	s = xmalloc(size);
	s->size = size;
	if (h1 == NULL || strlcpy(s->h1, h1, sizeof s->h1) >= sizeof s->h1)
		s->h1[0] = '\0';
	s->nreq = nreq;
	s->nretract = nret;
	s->retract = (struct modsum_retract *)(void *)&s->req[nreq];
	p = (char *)&s->retract[nret];
	s->module = modsum_copy(&p, module);
	s->deprecated = modsum_copy(&p, deprecated);
	s->go = modsum_copy(&p, f->go != NULL ? f->go->version : NULL);
	for (i = 0; i < nreq; i++) {
		s->req[i].path = modsum_copy(&p, f->require.v[i]->mod.path);
		s->req[i].version = modsum_copy(&p,
		    f->require.v[i]->mod.version);
		s->req[i].hash = strmap_hash_pair(s->req[i].path,
		    s->req[i].version);
	}
	for (i = 0; i < nret; i++) {
		s->retract[i].low = modsum_copy(&p, f->retract.v[i]->low);
		s->retract[i].high = modsum_copy(&p, f->retract.v[i]->high);
		s->retract[i].rationale = modsum_copy(&p,
		    f->retract.v[i]->rationale != NULL ?
		    f->retract.v[i]->rationale : "");
	}
	return (s);
}

/* Parse a go.mod's text (named name in errors) as the graph reads one
 * (lax: a dependency's go.mod) into its summary (caller frees), with the
 * hash of the text when with_h1 (a published go.mod); NULL and the
 * errors in *why (caller frees) when it does not parse. */
struct modsum *
modsum_parse(const char *name, const char *data, size_t len, int with_h1,
    char **why)
{
	struct modfile_errors	 errs;
	struct modfile		*f;
	struct modsum		*s;
	char			*h1;

	*why = NULL;
	modfile_errors_init(&errs, name);
	f = modfile_parse(name, data, len, MODFILE_LAX, NULL, NULL, &errs);
	if (f == NULL) {
		*why = modfile_errors_string(&errs);
		modfile_errors_free(&errs);
		return (NULL);
	}
	modfile_errors_free(&errs);
	h1 = with_h1 ? dirhash_gomod(data, len) : NULL;
	s = modsum_from_modfile(f, h1);
	free(h1);
	modfile_free(f);
	return (s);
}

void
modsums_init(struct modsums *t, size_t max_bytes)
{
	strmap_init(&t->map);
	t->bytes = 0;
	t->max_bytes = max_bytes;
	t->hits = t->misses = 0;
}

static void
modsums_free_one(const char *key, void *value, void *arg)
{
	(void)key;
	(void)arg;
	free(value);
}

/* Forget every summary. */
static void
modsums_clear(struct modsums *t)
{
	strmap_each(&t->map, modsums_free_one, NULL);
	strmap_free(&t->map);	/* and empty again */
	t->bytes = 0;
}

void
modsums_free(struct modsums *t)
{
	modsums_clear(t);
}

/* The summary of path@version's go.mod, or NULL. Valid until the next
 * modsums_put or modsums_clear. */
const struct modsum *
modsums_get(struct modsums *t, const char *path, const char *version)
{
	const struct modsum	*s;

	s = strmap_get_pair(&t->map, path, version);
	if (s != NULL)
		t->hits++;
	else
		t->misses++;
	return (s);
}

/* Keep s (taken) as the summary of path@version's go.mod, and return it;
 * NULL when it is larger than the table (the caller keeps it). */
const struct modsum *
modsums_put(struct modsums *t, const char *path, const char *version,
    struct modsum *s)
{
	struct modsum	*old;
	char		*key;

	if (s->size > t->max_bytes)
		return (NULL);
	if (t->bytes + s->size > t->max_bytes)
		modsums_clear(t);
	xasprintf(&key, "%s@%s", path, version);
	if ((old = strmap_set(&t->map, key, s)) != NULL) {
		t->bytes -= old->size;
		free(old);
	}
	free(key);
	t->bytes += s->size;
	return (s);
}
