/* A string-keyed hash map (FNV-1a, linear probing, load <= 1/2). Each
 * slot keeps its key's hash: a probe compares strings only when the
 * hashes agree (a module graph's keys share long prefixes). */

#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "util/util.h"

struct strmap_slot {
	char		*key;		/* NULL: empty */
	void		*value;
	uint64_t	 hash;		/* strmap_hash(key) */
};

/* FNV-1a of a string. */
static uint64_t
strmap_hash(const char *s)
{
	return (fnv1a_str(FNV1A_INIT, s));
}

/* Prepare an empty map. */
void
strmap_init(struct strmap *m)
{
	m->slots = NULL;
	m->cap = 0;
	m->n = 0;
}

/* Free the map's keys and slots (not the values). */
void
strmap_free(struct strmap *m)
{
	size_t	i;

	for (i = 0; i < m->cap; i++)
		free(m->slots[i].key);
	free(m->slots);
	strmap_init(m);
}

/* The slot for key: where it is, or the empty slot where it would go. */
static struct strmap_slot *
strmap_find(const struct strmap *m, const char *key, uint64_t h)
{
	size_t	i = h & (m->cap - 1);

	while (m->slots[i].key != NULL && (m->slots[i].hash != h ||
	    strcmp(m->slots[i].key, key) != 0))
		i = (i + 1) & (m->cap - 1);
	return (&m->slots[i]);
}

/* Double the table. */
static void
strmap_grow(struct strmap *m)
{
	struct strmap_slot	*old = m->slots, *s;
	size_t			 oldcap = m->cap, i;

	m->cap = oldcap == 0 ? 16 : oldcap * 2;
	m->slots = xcalloc(m->cap, sizeof *m->slots);
	for (i = 0; i < oldcap; i++) {
		if (old[i].key == NULL)
			continue;
		s = strmap_find(m, old[i].key, old[i].hash);
		*s = old[i];
	}
	free(old);
}

/* Set a key's value. */
void *
strmap_set(struct strmap *m, const char *key, void *value)
{
	struct strmap_slot	*s;
	void			*prev;
	uint64_t		 h = strmap_hash(key);

	if (2 * (m->n + 1) > m->cap)
		strmap_grow(m);
	s = strmap_find(m, key, h);
	if (s->key != NULL) {
		prev = s->value;
		s->value = value;
		return (prev);
	}
	s->key = xstrdup(key);
	s->value = value;
	s->hash = h;
	m->n++;
	return (NULL);
}

/* Look a key up. */
void *
strmap_get(const struct strmap *m, const char *key, int *found)
{
	struct strmap_slot	*s;

	if (m->cap == 0) {
		if (found != NULL)
			*found = 0;
		return (NULL);
	}
	s = strmap_find(m, key, strmap_hash(key));
	if (found != NULL)
		*found = s->key != NULL;
	return (s->key != NULL ? s->value : NULL);
}

/* The hash strmap gives the key "a@b" (b NULL: the key a), computed
 * without making the key: module graphs and tables key their entries by
 * path@version, and making that key for each lookup was a copy each. */
uint64_t
strmap_hash_pair(const char *a, const char *b)
{
	uint64_t	 h = strmap_hash(a);

	if (b == NULL)
		return (h);
	return (fnv1a_str(fnv1a_mix(h, '@'), b));
}

/* Look up the key "a@b" without making it. */
void *
strmap_get_pair(const struct strmap *m, const char *a, const char *b)
{
	const struct strmap_slot	*s;
	uint64_t			 h;
	size_t				 alen, i;

	if (m->cap == 0)
		return (NULL);
	h = strmap_hash_pair(a, b);
	alen = strlen(a);
	for (i = h & (m->cap - 1); (s = &m->slots[i])->key != NULL;
	    i = (i + 1) & (m->cap - 1)) {
		if (s->hash == h && strncmp(s->key, a, alen) == 0 &&
		    s->key[alen] == '@' && strcmp(s->key + alen + 1, b) == 0)
			return (s->value);
	}
	return (NULL);
}

/* Call fn for every entry. */
void
strmap_each(const struct strmap *m, void (*fn)(const char *, void *, void *),
    void *arg)
{
	size_t	i;

	for (i = 0; i < m->cap; i++) {
		if (m->slots[i].key != NULL)
			fn(m->slots[i].key, m->slots[i].value, arg);
	}
}

/* Remove a key (backward-shift deletion keeps probing sequences whole). */
void
strmap_remove(struct strmap *m, const char *key)
{
	struct strmap_slot	*s;
	size_t			 i, j, k;

	if (m->cap == 0)
		return;
	s = strmap_find(m, key, strmap_hash(key));
	if (s->key == NULL)
		return;
	free(s->key);
	s->key = NULL;
	m->n--;
	i = s - m->slots;
	for (j = (i + 1) & (m->cap - 1); m->slots[j].key != NULL;
	    j = (j + 1) & (m->cap - 1)) {
		k = m->slots[j].hash & (m->cap - 1);
		/* Move j back into i if its home k is not in (i, j]. */
		if ((j > i && (k <= i || k > j)) ||
		    (j < i && (k <= i && k > j))) {
			m->slots[i] = m->slots[j];
			m->slots[j].key = NULL;
			i = j;
		}
	}
}
