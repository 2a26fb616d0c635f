/*
 * Single flight: one fetch of an upstream object at a time in a process.
 * The first caller for a key fetches; callers arriving meanwhile wait on
 * a condition variable and then read what the first one stored in the
 * cache. Keys are strings like "mod github.com/x/y v1.2.3".
 */

#include "config.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "util/util.h"
#include "cache/cache.h"

static pthread_mutex_t	flight_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t	flight_done = PTHREAD_COND_INITIALIZER;
static struct strmap	flight_keys;	/* keys being fetched */

/* Try to claim a key: 1 if the caller now fetches it (and must call
 * flight_end), 0 if another caller is fetching it. Never blocks, so a
 * caller holding keys cannot deadlock with another. */
int
flight_try(const char *key)
{
	int	found;

	pthread_mutex_lock(&flight_lock);
	strmap_get(&flight_keys, key, &found);
	if (!found)
		strmap_set(&flight_keys, key, (void *)1);
	pthread_mutex_unlock(&flight_lock);
	return (!found);
}

/* Wait until nobody is fetching key (call holding no keys). */
void
flight_wait(const char *key)
{
	int	found;

	pthread_mutex_lock(&flight_lock);
	for (;;) {
		strmap_get(&flight_keys, key, &found);
		if (!found)
			break;
		pthread_cond_wait(&flight_done, &flight_lock);
	}
	pthread_mutex_unlock(&flight_lock);
}

/* Release a claimed key and wake the waiters. */
void
flight_end(const char *key)
{
	pthread_mutex_lock(&flight_lock);
	strmap_remove(&flight_keys, key);
	pthread_cond_broadcast(&flight_done);
	pthread_mutex_unlock(&flight_lock);
}
