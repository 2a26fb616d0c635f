/* Clocks: a monotonic one for timeouts and backoff, the wall clock for
 * timestamps. A test build may pin the wall clock with MODVET_NOW (unix
 * seconds), as curl's tests pin time with CURL_TIME. */

#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "util/util.h"

/* Monotonic milliseconds. */
uint64_t
util_now_ms(void)
{
	struct timespec	ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ((uint64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000);
}

/* Monotonic microseconds. */
uint64_t
util_now_us(void)
{
	struct timespec	ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ((uint64_t)ts.tv_sec * 1000000 + ts.tv_nsec / 1000);
}

/* Wall-clock milliseconds since the epoch (MODVET_NOW overrides). */
int64_t
util_wall_ms(void)
{
	struct timespec	 ts;
	const char	*pin, *errstr;
	long long	 s;

	if ((pin = getenv("MODVET_NOW")) != NULL && *pin != '\0') {
		s = strtonum(pin, 0, 1LL << 40, &errstr);
		if (errstr == NULL)
			return (s * 1000);
	}
	clock_gettime(CLOCK_REALTIME, &ts);
	return ((int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000);
}

/* Parse RFC 3339 as Go's time.RFC3339Nano writes it: a date, 'T', a
 * time, optional fractional seconds, then 'Z' or an offset. */
time_t
util_parse_rfc3339(const char *s)
{
	struct tm	 tm;
	const char	*p;
	int		 sign, oh, om;
	time_t		 t;

	memset(&tm, 0, sizeof tm);
	if ((p = strptime(s, "%Y-%m-%dT%H:%M:%S", &tm)) == NULL)
		return ((time_t)-1);
	if (*p == '.') {
		for (p++; *p >= '0' && *p <= '9'; p++)
			;
	}
	t = timegm(&tm);
	if (*p == 'Z' && p[1] == '\0')
		return (t);
	if ((*p != '+' && *p != '-') || sscanf(p + 1, "%2d:%2d", &oh,
	    &om) != 2 || strlen(p) != 6)
		return ((time_t)-1);
	sign = *p == '+' ? 1 : -1;
	return (t - sign * (oh * 3600 + om * 60));
}

/* Format t as "2006-01-02T15:04:05Z". */
const char *
util_format_rfc3339(time_t t, char *buf)
{
	struct tm	tm;

	gmtime_r(&t, &tm);
	strftime(buf, 32, "%Y-%m-%dT%H:%M:%SZ", &tm);
	return (buf);
}

/* The CLOCK_REALTIME time wait_ms from now, for pthread_cond_timedwait. */
void
util_deadline(struct timespec *ts, uint64_t wait_ms)
{
	clock_gettime(CLOCK_REALTIME, ts);
	ts->tv_sec += (time_t)(wait_ms / 1000);
	ts->tv_nsec += (long)(wait_ms % 1000) * 1000000;
	if (ts->tv_nsec >= 1000000000) {
		ts->tv_sec++;
		ts->tv_nsec -= 1000000000;
	}
}
