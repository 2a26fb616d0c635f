/* Allocation that never returns NULL: running out of memory is fatal here,
 * once, so no caller ever tests the result (tmux xmalloc.c). */

#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/util.h"

/* Allocate size bytes. */
void *
xmalloc(size_t size)
{
	void	*ptr;

	if (size == 0)
		size = 1;
	if ((ptr = malloc(size)) == NULL)
		fatal("xmalloc: allocating %zu bytes", size);
	return (ptr);
}

/* Allocate a zeroed array of nmemb elements of size bytes. */
void *
xcalloc(size_t nmemb, size_t size)
{
	void	*ptr;

	if (nmemb == 0 || size == 0)
		nmemb = size = 1;
	if ((ptr = calloc(nmemb, size)) == NULL)
		fatal("xcalloc: allocating %zu * %zu bytes", nmemb, size);
	return (ptr);
}

/* Resize ptr to nmemb elements of size bytes, checking for overflow. */
void *
xreallocarray(void *ptr, size_t nmemb, size_t size)
{
	void	*new_ptr;

	if (nmemb == 0 || size == 0)
		nmemb = size = 1;
	if ((new_ptr = reallocarray(ptr, nmemb, size)) == NULL)
		fatal("xreallocarray: allocating %zu * %zu bytes", nmemb, size);
	return (new_ptr);
}

/* Duplicate a string. */
char *
xstrdup(const char *str)
{
	char	*cp;

	if ((cp = strdup(str)) == NULL)
		fatal("xstrdup");
	return (cp);
}

/* Duplicate at most n bytes of a string. */
char *
xstrndup(const char *str, size_t n)
{
	char	*cp;

	if ((cp = strndup(str, n)) == NULL)
		fatal("xstrndup");
	return (cp);
}

/* Copy n bytes into a new allocation with a NUL after them. */
void *
xmemdup(const void *p, size_t n)
{
	char	*cp;

	cp = xmalloc(n + 1);
	if (n != 0)
		memcpy(cp, p, n);
	cp[n] = '\0';
	return (cp);
}

/* Format into a new string. */
int
xasprintf(char **ret, const char *fmt, ...)
{
	va_list	ap;
	int	i;

	va_start(ap, fmt);
	i = xvasprintf(ret, fmt, ap);
	va_end(ap);
	return (i);
}

/* Format into a new string, va_list version. */
int
xvasprintf(char **ret, const char *fmt, va_list ap)
{
	int	i;

	i = vasprintf(ret, fmt, ap);
	if (i == -1)
		fatal("xasprintf");
	return (i);
}
