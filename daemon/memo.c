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
 */

#include "config.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "util/util.h"
#include "gomod/gomod.h"
#include "daemon/daemon.h"

#define MEMO_MAX	256			/* answers kept */
#define MEMO_MAX_BYTES	(32 << 20)		/* bytes of answers kept */
#define MEMO_MAX_ONE	(4 << 20)		/* larger answers: not kept */

struct memo_entry {
	unsigned char	 key[32];
	char		*data;
	size_t		 len;
	char		*type;
	int		 status;
	uint64_t	 expires_ms;
	uint64_t	 used;			/* LRU clock */
};

static pthread_mutex_t	 memo_lock = PTHREAD_MUTEX_INITIALIZER;
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

/* The answer memoized under key, copied into *out (caller frees data and
 * type); 0 when there is one, -1 when not. */
int
memo_get(const unsigned char *key, struct memo_answer *out)
{
	struct memo_entry	*e;
	uint64_t		 now = util_now_ms();
	size_t			 i;
	int			 rc = -1;

	pthread_mutex_lock(&memo_lock);
	for (i = 0; i < MEMO_MAX; i++) {
		e = &memo_table[i];
		if (e->data == NULL || memcmp(e->key, key, 32) != 0)
			continue;
		if (e->expires_ms <= now) {
			memo_drop(e);
			break;
		}
		e->used = ++memo_clock;
		out->data = xmemdup(e->data, e->len);
		out->len = e->len;
		out->type = xstrdup(e->type);
		out->status = e->status;
		rc = 0;
		break;
	}
	pthread_mutex_unlock(&memo_lock);
	return (rc);
}

/* Keep an answer under key for ttl_ms. */
void
memo_put(const unsigned char *key, const struct memo_answer *a,
    uint64_t ttl_ms)
{
	struct memo_entry	*e, *victim = NULL;
	size_t			 i;

	if (ttl_ms == 0 || a->len > MEMO_MAX_ONE)
		return;
	pthread_mutex_lock(&memo_lock);
	for (i = 0; i < MEMO_MAX; i++) {
		e = &memo_table[i];
		if (e->data != NULL && memcmp(e->key, key, 32) == 0) {
			victim = e;
			break;
		}
		if (victim == NULL || e->data == NULL ||
		    (victim->data != NULL && e->used < victim->used))
			victim = e;
	}
	if (victim->data != NULL)
		memo_drop(victim);
	while (memo_bytes + a->len > MEMO_MAX_BYTES) {
		for (e = NULL, i = 0; i < MEMO_MAX; i++)
			if (memo_table[i].data != NULL && (e == NULL ||
			    memo_table[i].used < e->used))
				e = &memo_table[i];
		memo_drop(e);
	}
	memcpy(victim->key, key, 32);
	victim->data = xmemdup(a->data, a->len);
	victim->len = a->len;
	victim->type = xstrdup(a->type);
	victim->status = a->status;
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
