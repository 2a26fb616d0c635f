/*
 * The answer memo: a repeated request (the same route, body, content type,
 * caller environment and door) is answered with the bytes of the last
 * answer instead of running the engine again, for memo-ttl seconds. That
 * is the CI case: many jobs checking the same go.mod. An answer is then at
 * most list-ttl + memo-ttl old, where the engine's alone is list-ttl old.
 *
 * Keys are SHA-256 digests of what decides the answer; the table is a
 * small array searched linearly (MEMO_MAX entries, MEMO_MAX_BYTES in all),
 * the least recently used entry giving way. One mutex guards it. A reload
 * empties it: a new cache or upstream set may answer otherwise.
 *
 * Single flight: the first request to miss computes the answer, and the
 * same request arriving meanwhile waits for it instead of computing it
 * again (when an answer expires under load, 64 identical checks must not
 * become 64 checks). The one computing gives the answer (memo_put) or
 * gives up (memo_abandon), and either wakes the waiters.
 */

#include "config.h"

#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "util/util.h"
#include "gomod/gomod.h"
#include "daemon/daemon.h"

#define MEMO_MAX	256			/* answers kept */
#define MEMO_MAX_BYTES	(32 << 20)		/* bytes of answers kept */
#define MEMO_MAX_ONE	(4 << 20)		/* larger answers: not kept */
#define MEMO_MAX_FLIGHT	64			/* answers being computed */

struct memo_entry {
	unsigned char	 key[32];
	char		*data;
	size_t		 len;
	char		*type;
	int		 status;
	char		 findings[MODVET_FINDINGS_MAX];
	uint64_t	 expires_ms;
	uint64_t	 used;			/* LRU clock */
};

static pthread_mutex_t	 memo_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t	 memo_cond = PTHREAD_COND_INITIALIZER;
static unsigned char	 memo_flight[MEMO_MAX_FLIGHT][32];
static int		 memo_flying[MEMO_MAX_FLIGHT];
static struct memo_entry memo_table[MEMO_MAX];
static size_t		 memo_bytes;
static uint64_t		 memo_clock;

/* The key of a request: what the server says decides its answer (route,
 * arguments, door, content type, caller environment), and its body. */
void
memo_key(unsigned char *key, const struct buf *what, const void *body,
    size_t len)
{
	struct dirhash_sha256	h;

	dirhash_sha256_init(&h);
	dirhash_sha256_update(&h, what->data, what->len);
	dirhash_sha256_update(&h, "", 1);
	dirhash_sha256_update(&h, body != NULL ? body : "", len);
	dirhash_sha256_final(&h, key);
}

/* Empty an entry. */
static void
memo_drop(struct memo_entry *e)
{
	memo_bytes -= e->len;
	free(e->data);
	free(e->type);
	memset(e, 0, sizeof *e);
}

/* The slot of a key being computed, or -1. */
static int
memo_flight_find(const unsigned char *key)
{
	int	i;

	for (i = 0; i < MEMO_MAX_FLIGHT; i++)
		if (memo_flying[i] && memcmp(memo_flight[i], key, 32) == 0)
			return (i);
	return (-1);
}

/* Note that key is being computed (when there is room to). */
static void
memo_flight_add(const unsigned char *key)
{
	int	i;

	for (i = 0; i < MEMO_MAX_FLIGHT; i++) {
		if (!memo_flying[i]) {
			memcpy(memo_flight[i], key, 32);
			memo_flying[i] = 1;
			return;
		}
	}
}

/* Key is no longer being computed: wake who waits for it. */
static void
memo_flight_done(const unsigned char *key)
{
	int	i;

	if ((i = memo_flight_find(key)) != -1) {
		memo_flying[i] = 0;
		pthread_cond_broadcast(&memo_cond);
	}
}

/* The entry holding key, or NULL. */
static struct memo_entry *
memo_find(const unsigned char *key)
{
	size_t	i;

	for (i = 0; i < MEMO_MAX; i++)
		if (memo_table[i].data != NULL &&
		    memcmp(memo_table[i].key, key, 32) == 0)
			return (&memo_table[i]);
	return (NULL);
}

/* The least recently used answer, or NULL when none is kept. */
static struct memo_entry *
memo_oldest(void)
{
	struct memo_entry	*e = NULL;
	size_t			 i;

	for (i = 0; i < MEMO_MAX; i++)
		if (memo_table[i].data != NULL && (e == NULL ||
		    memo_table[i].used < e->used))
			e = &memo_table[i];
	return (e);
}

/* An empty entry, or NULL when all are taken. */
static struct memo_entry *
memo_empty(void)
{
	size_t	i;

	for (i = 0; i < MEMO_MAX; i++)
		if (memo_table[i].data == NULL)
			return (&memo_table[i]);
	return (NULL);
}

/* The live answer kept under key, copied into *out; 0, or -1. */
static int
memo_lookup(const unsigned char *key, struct memo_answer *out)
{
	struct memo_entry	*e;

	if ((e = memo_find(key)) == NULL)
		return (-1);
	if (e->expires_ms <= util_now_ms()) {
		memo_drop(e);
		return (-1);
	}
	e->used = ++memo_clock;
	out->data = xmemdup(e->data, e->len);
	out->len = e->len;
	out->type = xstrdup(e->type);
	out->status = e->status;
	memcpy(out->findings, e->findings, sizeof out->findings);
	return (0);
}

/*
 * The answer memoized under key, copied into *out (caller frees data and
 * type): 0. When another request is computing it, wait for it up to
 * wait_ms. -1 when there is none: the caller computes it, and must then
 * memo_put or memo_abandon the key.
 */
int
memo_get(const unsigned char *key, struct memo_answer *out,
    uint64_t wait_ms)
{
	struct timespec	deadline;
	int		rc;

	util_deadline(&deadline, wait_ms);
	pthread_mutex_lock(&memo_lock);
	while ((rc = memo_lookup(key, out)) != 0 &&
	    memo_flight_find(key) != -1) {
		if (pthread_cond_timedwait(&memo_cond, &memo_lock,
		    &deadline) == ETIMEDOUT)
			break;
	}
	if (rc != 0 && memo_flight_find(key) == -1)
		memo_flight_add(key);
	pthread_mutex_unlock(&memo_lock);
	return (rc);
}

/* The request computing key gave up (its answer was not a 200). */
void
memo_abandon(const unsigned char *key)
{
	pthread_mutex_lock(&memo_lock);
	memo_flight_done(key);
	pthread_mutex_unlock(&memo_lock);
}

/* Keep an answer under key for ttl_ms. */
void
memo_put(const unsigned char *key, const struct memo_answer *a,
    uint64_t ttl_ms)
{
	struct memo_entry	*e, *victim;

	if (ttl_ms == 0 || a->len > MEMO_MAX_ONE) {
		memo_abandon(key);
		return;
	}
	pthread_mutex_lock(&memo_lock);
	memo_flight_done(key);
	if ((e = memo_find(key)) != NULL)
		memo_drop(e);
	/* Room: an empty entry, and the bytes; the oldest give way. */
	while ((victim = memo_empty()) == NULL ||
	    memo_bytes + a->len > MEMO_MAX_BYTES)
		memo_drop(memo_oldest());
	memcpy(victim->key, key, 32);
	victim->data = xmemdup(a->data, a->len);
	victim->len = a->len;
	victim->type = xstrdup(a->type);
	victim->status = a->status;
	memcpy(victim->findings, a->findings, sizeof victim->findings);
	victim->expires_ms = util_now_ms() + ttl_ms;
	victim->used = ++memo_clock;
	memo_bytes += a->len;
	pthread_mutex_unlock(&memo_lock);
}

/* Forget every answer (a reload, or exit). */
void
memo_clear(void)
{
	size_t	i;

	pthread_mutex_lock(&memo_lock);
	for (i = 0; i < MEMO_MAX; i++)
		if (memo_table[i].data != NULL)
			memo_drop(&memo_table[i]);
	pthread_mutex_unlock(&memo_lock);
}
