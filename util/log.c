/* Logging with levels, to stderr by default (systemd captures it) or to
 * syslog. The level is checked before anything is formatted. */

#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <syslog.h>
#include <time.h>

#include "util/util.h"

static enum log_level	log_level = LOG_LEVEL_INFO;
static int		log_syslog;

static void	log_vwrite(enum log_level, const char *, const char *, va_list)
		    __attribute__((format(printf, 2, 0)));

/* Set the most verbose level that is written (a reload does it while
 * other threads log: the level is read and written atomically). */
void
log_set_level(enum log_level level)
{
	__atomic_store_n(&log_level, level, __ATOMIC_RELAXED);
}

/* Is a message of this level written? */
int
log_enabled(enum log_level level)
{
	return (level <= __atomic_load_n(&log_level, __ATOMIC_RELAXED));
}

/* Send further messages to syslog under ident. */
void
log_open_syslog(const char *ident)
{
	openlog(ident, LOG_PID | LOG_NDELAY, LOG_DAEMON);
	log_syslog = 1;
}

/* Write one message; suffix, when not NULL, is appended after ": ". */
static void
log_vwrite(enum log_level level, const char *fmt, const char *suffix,
    va_list ap)
{
	static const char	*names[] = { "error", "warn", "info", "debug" };
	static const int	 prio[] = {
		LOG_ERR, LOG_WARNING, LOG_INFO, LOG_DEBUG
	};
	char			*msg;

	if (!log_enabled(level))
		return;
	if (vasprintf(&msg, fmt, ap) == -1)
		return;
	if (log_syslog) {
		if (suffix != NULL)
			syslog(prio[level], "%s: %s", msg, suffix);
		else
			syslog(prio[level], "%s", msg);
	} else if (suffix != NULL)
		fprintf(stderr, "%s: %s: %s\n", names[level], msg, suffix);
	else
		fprintf(stderr, "%s: %s\n", names[level], msg);
	free(msg);
}

/* Log a warning with strerror(errno). */
void
log_warn(const char *fmt, ...)
{
	va_list	ap;
	int	saved = errno;

	va_start(ap, fmt);
	log_vwrite(LOG_LEVEL_WARN, fmt, strerror(saved), ap);
	va_end(ap);
	errno = saved;
}

/* Log a warning. */
void
log_warnx(const char *fmt, ...)
{
	va_list	ap;

	va_start(ap, fmt);
	log_vwrite(LOG_LEVEL_WARN, fmt, NULL, ap);
	va_end(ap);
}

/* Log information. */
void
log_info(const char *fmt, ...)
{
	va_list	ap;

	va_start(ap, fmt);
	log_vwrite(LOG_LEVEL_INFO, fmt, NULL, ap);
	va_end(ap);
}

/* Log a debugging message. */
void
log_debug(const char *fmt, ...)
{
	va_list	ap;

	va_start(ap, fmt);
	log_vwrite(LOG_LEVEL_DEBUG, fmt, NULL, ap);
	va_end(ap);
}

/* Log an error with strerror(errno) and exit. */
void
fatal(const char *fmt, ...)
{
	va_list	ap;
	int	saved = errno;

	va_start(ap, fmt);
	log_vwrite(LOG_LEVEL_ERROR, fmt, strerror(saved), ap);
	va_end(ap);
	exit(2);
}

/* Log an error and exit. */
void
fatalx(const char *fmt, ...)
{
	va_list	ap;

	va_start(ap, fmt);
	log_vwrite(LOG_LEVEL_ERROR, fmt, NULL, ap);
	va_end(ap);
	exit(2);
}
