/*
 * What a process has proven of a checksum database, kept from one client
 * to the next (the daemon's checks each make one): the tree notes proven
 * to be prefixes of the latest tree (their signatures verified), and the
 * records found in that tree. Both hold for one latest note only: a
 * client that starts from the same latest note, byte for byte, takes
 * them as its own; one that moved the latest on replaces them. Without
 * it every check verified again the signature of each note its cached
 * lookups carry and read the tiles of each record: 88% of a check of a
 * go.mod with no go.sum (836 lines to look up) against sum.golang.org.
 *
 * Bounded: at most SUMDB_MEMO_MAX_NOTES notes and SUMDB_MEMO_MAX_RECORDS
 * records; past that, nothing more is kept (the rest is proven each
 * time, as before).
 */

#include "config.h"

#include <inttypes.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/util.h"
#include "gomod/gomod.h"
#include "gomod/sumdb.h"

#define SUMDB_MEMO_MAX_NOTES	1024
#define SUMDB_MEMO_MAX_RECORDS	20000

static pthread_mutex_t	 memo_lock = PTHREAD_MUTEX_INITIALIZER;
static char		*memo_vkey;	/* the database (its verifier key) */
static char		*memo_latest;	/* the latest note the facts hold for */
static size_t		 memo_latest_len;
static struct strmap	 memo_notes;	/* note -> its tree size */
static struct strmap	 memo_records;	/* "id hash" -> NULL */
static int		 memo_ready;

/* Do the facts hold for this database and latest note? (locked) */
static int
memo_holds(const char *vkey, const char *latest, size_t len)
{
	return (memo_ready && memo_vkey != NULL && strcmp(memo_vkey, vkey) == 0 &&
	    memo_latest_len == len && memcmp(memo_latest, latest, len) == 0);
}

static void
free_value(const char *key, void *value, void *arg)
{
	(void)key;
	(void)arg;
	free(value);
}

/* Forget every fact, for a new latest note (locked). */
static void
memo_reset(const char *vkey, const char *latest, size_t len)
{
	if (memo_ready) {
		strmap_each(&memo_notes, free_value, NULL);
		strmap_free(&memo_notes);
		strmap_free(&memo_records);
	}
	strmap_init(&memo_notes);
	strmap_init(&memo_records);
	free(memo_vkey);
	free(memo_latest);
	memo_vkey = xstrdup(vkey);
	memo_latest = xmemdup(latest, len);
	memo_latest_len = len;
	memo_ready = 1;
}

/* The key of a record: its number and its hash in hex (a check of a
 * go.mod with no go.sum asks for some 800 of them). */
static void
record_key(int64_t id, const struct tlog_hash *h, char *out, size_t size)
{
	static const char	hex[] = "0123456789abcdef";
	size_t			i, at;

	at = (size_t)snprintf(out, size, "%" PRId64 " ", id);
	for (i = 0; i < TLOG_HASH_SIZE && at + 2 < size; i++) {
		out[at++] = hex[h->b[i] >> 4];
		out[at++] = hex[h->b[i] & 0xf];
	}
	out[at] = '\0';
}

struct copy {
	struct strmap	*to;
};

static void
copy_note(const char *key, void *value, void *arg)
{
	struct copy	*c = arg;
	int		 found;

	strmap_get(c->to, key, &found);
	if (!found)
		strmap_set(c->to, key, xmemdup(value, sizeof(int64_t)));
}

void
sumdb_memo_import(const char *vkey, const char *latest, size_t len,
    struct strmap *merged)
{
	struct copy	c = { merged };

	pthread_mutex_lock(&memo_lock);
	if (memo_holds(vkey, latest, len))
		strmap_each(&memo_notes, copy_note, &c);
	pthread_mutex_unlock(&memo_lock);
}

int
sumdb_memo_has_record(const char *vkey, const char *latest, size_t len,
    int64_t id, const struct tlog_hash *h)
{
	char	key[32 + 2 * TLOG_HASH_SIZE];
	int	found = 0;

	record_key(id, h, key, sizeof key);
	pthread_mutex_lock(&memo_lock);
	if (memo_holds(vkey, latest, len))
		strmap_get(&memo_records, key, &found);
	pthread_mutex_unlock(&memo_lock);
	return (found);
}

/* Is the note (msg, len) the latest note of the database whose facts
 * are kept, verified by a client of this process before? */
int
sumdb_memo_is_latest(const char *vkey, const char *msg, size_t len)
{
	int	yes;

	pthread_mutex_lock(&memo_lock);
	yes = memo_holds(vkey, msg, len);
	pthread_mutex_unlock(&memo_lock);
	return (yes);
}

void
sumdb_memo_export(const char *vkey, const char *latest, size_t len,
    const struct strmap *merged, const int64_t *ids,
    const struct tlog_hash *hashes, size_t n)
{
	struct copy	c = { &memo_notes };
	char		key[32 + 2 * TLOG_HASH_SIZE];
	size_t		i;

	pthread_mutex_lock(&memo_lock);
	if (!memo_holds(vkey, latest, len))
		memo_reset(vkey, latest, len);
	if (memo_notes.n + merged->n <= SUMDB_MEMO_MAX_NOTES)
		strmap_each(merged, copy_note, &c);
	for (i = 0; i < n && memo_records.n < SUMDB_MEMO_MAX_RECORDS; i++) {
		record_key(ids[i], &hashes[i], key, sizeof key);
		strmap_set(&memo_records, key, NULL);
	}
	pthread_mutex_unlock(&memo_lock);
}
