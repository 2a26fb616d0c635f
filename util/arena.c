/*
 * A region allocator: memory comes from large chunks and is released in
 * one arena_free. Used for data with one owner and one lifetime (a parsed
 * go.mod and its edits), where per-object ownership would only add bugs.
 */

#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/util.h"

#define ARENA_CHUNK_SIZE	(32 * 1024)	/* bytes per ordinary chunk */
#define ARENA_ALIGN		16

struct arena_chunk {
	struct arena_chunk	*next;
	size_t			 used;
	size_t			 size;
	/* data follows, aligned */
};

/* Prepare an empty arena. */
void
arena_init(struct arena *a)
{
	a->head = NULL;
}

/* Free every allocation made from the arena. */
void
arena_free(struct arena *a)
{
	struct arena_chunk	*c, *next;

	for (c = a->head; c != NULL; c = next) {
		next = c->next;
		free(c);
	}
	a->head = NULL;
}

/* The first usable byte of a chunk. */
static char *
arena_data(struct arena_chunk *c)
{
	return ((char *)c + ((sizeof *c + ARENA_ALIGN - 1) &
	    ~(size_t)(ARENA_ALIGN - 1)));
}

/* Allocate n zeroed bytes. */
void *
arena_alloc(struct arena *a, size_t n)
{
	struct arena_chunk	*c = a->head, *big;
	size_t			 hdr, size;
	char			*p;

	n = (n + ARENA_ALIGN - 1) & ~(size_t)(ARENA_ALIGN - 1);
	if (n == 0)
		n = ARENA_ALIGN;
	if (c != NULL && c->size - c->used >= n) {
		p = arena_data(c) + c->used;
		c->used += n;
		memset(p, 0, n);
		return (p);
	}
	hdr = (sizeof *c + ARENA_ALIGN - 1) & ~(size_t)(ARENA_ALIGN - 1);
	if (n > ARENA_CHUNK_SIZE / 4) {
		/* A large object gets a chunk of its own, behind the head so
		 * the head's free space is not wasted. */
		big = xcalloc(1, hdr + n);
		big->size = big->used = n;
		if (c != NULL) {
			big->next = c->next;
			c->next = big;
		} else
			a->head = big;
		return (arena_data(big));
	}
	size = ARENA_CHUNK_SIZE;
	c = xcalloc(1, hdr + size);
	c->size = size;
	c->used = n;
	c->next = a->head;
	a->head = c;
	return (arena_data(c));
}

/* Copy a string into the arena. */
char *
arena_strdup(struct arena *a, const char *s)
{
	return (arena_strndup(a, s, strlen(s)));
}

/* Copy n bytes into the arena as a NUL-terminated string. */
char *
arena_strndup(struct arena *a, const char *s, size_t n)
{
	char	*p;

	p = arena_alloc(a, n + 1);
	memcpy(p, s, n);
	p[n] = '\0';
	return (p);
}

/* Format a string into the arena. */
char *
arena_printf(struct arena *a, const char *fmt, ...)
{
	va_list	 ap;
	char	*s, *p;
	int	 n;

	va_start(ap, fmt);
	n = xvasprintf(&s, fmt, ap);
	va_end(ap);
	p = arena_strndup(a, s, n);
	free(s);
	return (p);
}

/* Grow an arena array: the old copy simply stays in the arena. */
void *
arena_grow(struct arena *a, const void *old, size_t *cap, size_t size)
{
	size_t	 ncap = *cap == 0 ? 4 : *cap * 2;
	void	*p;

	if (ncap > SIZE_MAX / size)
		fatalx("arena_grow: %zu elements of %zu bytes", ncap, size);
	p = arena_alloc(a, ncap * size);
	if (*cap != 0)
		memcpy(p, old, *cap * size);
	*cap = ncap;
	return (p);
}
