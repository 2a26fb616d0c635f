/*
 * A progress line for long work, on a terminal only: one line on stderr
 * saying what is being done, erased when it is done, so that output and
 * pipes never see it.
 */

#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "util/util.h"
#include "client/client.h"

static int	progress_shown;

/* Is stderr a terminal that can erase a line? */
static int
progress_wanted(void)
{
	const char	*term = getenv("TERM");

	return (isatty(STDERR_FILENO) && term != NULL &&
	    strcmp(term, "dumb") != 0);
}

/* Show what is being done. */
void
client_progress(const char *fmt, ...)
{
	va_list	ap;

	if (!progress_wanted())
		return;
	fputs("\r\033[K", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputs("...", stderr);
	fflush(stderr);
	progress_shown = 1;
}

/* Erase the progress line, if one is shown. */
void
client_progress_done(void)
{
	if (!progress_shown)
		return;
	fputs("\r\033[K", stderr);
	fflush(stderr);
	progress_shown = 0;
}

/* The engine's progress (source.progress): its phase, and the upstream
 * requests made of those it has had to make, "graph level 7, 40 go.mod
 * files · fetching 312/1915". */
void
client_progress_source(void *arg, const char *phase, size_t asked,
    size_t to_ask)
{
	(void)arg;
	if (to_ask > 0)
		client_progress("%s · fetching %zu/%zu", *phase != '\0' ?
		    phase : "working", asked, to_ask);
	else
		client_progress("%s", *phase != '\0' ? phase : "working");
}
