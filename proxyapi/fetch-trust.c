/*
 * The trust anchors of a fetcher's HTTPS connections, parsed once.
 *
 * Why: libcurl (7.88, OpenSSL) keeps a parsed CA bundle for later
 * connections only when no CA directory is set, and Debian's libcurl
 * sets one by default (/etc/ssl/certs), as SSL_CERT_DIR does. So every
 * new connection parsed the whole bundle again: about 30 ms of CPU each
 * under OpenSSL 3, 256 times (7 s) in a cold check of the seed program,
 * before its first answer. A fetcher (one thread's) keeps one X509_STORE
 * instead, hands it to each new connection's SSL_CTX, and tells libcurl
 * to load nothing itself.
 *
 * Which anchors: as the go command reads them (crypto/x509/root_unix.go):
 * the file SSL_CERT_FILE, else libcurl's built-in bundle; the directories
 * of SSL_CERT_DIR (colon-separated), else libcurl's built-in CA
 * directory, looked up by subject hash (OpenSSL reads a directory's
 * certificate only when a chain asks for it). As libcurl does, a
 * certificate of the store may end a chain (X509_V_FLAG_PARTIAL_CHAIN).
 *
 * Where libcurl is built with another TLS library, or is older than
 * 7.84 (no CURLINFO_CAINFO), libcurl loads the anchors as before.
 */

#include "config.h"

#include <sys/stat.h>

#include <stdlib.h>
#include <string.h>

#include <curl/curl.h>
#include <openssl/ssl.h>
#include <openssl/x509_vfy.h>

#include "util/util.h"
#include "proxyapi/fetch-trust.h"

struct fetch_trust {
	X509_STORE	*store;		/* NULL until a connection needs it */
	int		 failed;	/* no anchor could be read */
};

static char	*trust_file;	/* SSL_CERT_FILE, else libcurl's bundle */
static char	*trust_dirs;	/* SSL_CERT_DIR, else libcurl's directory */

/* Where the anchors are: read once per process (fetch_global_init, before
 * any thread fetches). */
void
fetch_trust_init(void)
{
#if LIBCURL_VERSION_NUM >= 0x075400	/* 7.84: CURLINFO_CAINFO */
	CURL		*e;
	const char	*v;

	if ((e = curl_easy_init()) == NULL)
		return;
	if ((v = getenv("SSL_CERT_FILE")) != NULL && *v != '\0')
		trust_file = xstrdup(v);
	else if (curl_easy_getinfo(e, CURLINFO_CAINFO, &v) == CURLE_OK &&
	    v != NULL)
		trust_file = xstrdup(v);
	if ((v = getenv("SSL_CERT_DIR")) != NULL && *v != '\0')
		trust_dirs = xstrdup(v);
	else if (curl_easy_getinfo(e, CURLINFO_CAPATH, &v) == CURLE_OK &&
	    v != NULL)
		trust_dirs = xstrdup(v);
	curl_easy_cleanup(e);
#endif
}

#if LIBCURL_VERSION_NUM >= 0x075400
/* Add the file's certificates (1), or the directories' lookup (1), or
 * nothing (0). */
static int
trust_add(X509_STORE *s, const char *file, const char *dirs)
{
#if OPENSSL_VERSION_NUMBER >= 0x30000000L
	if (file != NULL)
		return (X509_STORE_load_file(s, file) == 1);
	return (X509_STORE_load_path(s, dirs) == 1);
#else
	return (X509_STORE_load_locations(s, file, dirs) == 1);
#endif
}

/* The anchors, as the comment at the top says, or NULL when there is
 * none to read. */
static X509_STORE *
trust_load(void)
{
	X509_STORE	*s;
	struct stat	 sb;
	int		 any = 0;

	if ((s = X509_STORE_new()) == NULL)
		return (NULL);
	if (trust_file != NULL && trust_add(s, trust_file, NULL))
		any = 1;
	/* A directory is only remembered here (its files are read when a
	 * chain needs one of them): it counts when it exists. */
	if (trust_dirs != NULL && trust_add(s, NULL, trust_dirs) &&
	    (strchr(trust_dirs, ':') != NULL || stat(trust_dirs, &sb) == 0))
		any = 1;
	if (!any) {
		X509_STORE_free(s);
		return (NULL);
	}
	X509_STORE_set_flags(s, X509_V_FLAG_PARTIAL_CHAIN);
	return (s);
}

/* libcurl's SSL_CTX hook: give a new connection the fetcher's anchors,
 * reading them at the first connection. */
static CURLcode
trust_ssl_ctx(CURL *e, void *ssl_ctx, void *arg)
{
	struct fetch_trust	*t = arg;

	(void)e;
	if (t->store == NULL && !t->failed &&
	    (t->store = trust_load()) == NULL)
		t->failed = 1;
	if (t->store == NULL)
		return (CURLE_SSL_CACERT_BADFILE);
	X509_STORE_up_ref(t->store);	/* the SSL_CTX's reference */
	SSL_CTX_set_cert_store(ssl_ctx, t->store);
	return (CURLE_OK);
}
#endif

/* A fetcher's trust anchors: none read yet. */
struct fetch_trust *
fetch_trust_new(void)
{
	return (xcalloc(1, sizeof (struct fetch_trust)));
}

/* Free a fetcher's trust anchors (connections still open hold their
 * own reference to the store). */
void
fetch_trust_free(struct fetch_trust *t)
{
	if (t == NULL)
		return;
	X509_STORE_free(t->store);
	free(t);
}

/* Make an HTTPS request of e use t's anchors; where libcurl cannot take
 * the hook, it keeps reading its own. */
void
fetch_trust_use(struct fetch_trust *t, CURL *e)
{
#if LIBCURL_VERSION_NUM >= 0x075400
	if (trust_file == NULL && trust_dirs == NULL)
		return;
	if (curl_easy_setopt(e, CURLOPT_SSL_CTX_FUNCTION, trust_ssl_ctx) !=
	    CURLE_OK)
		return;
	curl_easy_setopt(e, CURLOPT_SSL_CTX_DATA, t);
	curl_easy_setopt(e, CURLOPT_CAINFO, NULL);
	curl_easy_setopt(e, CURLOPT_CAPATH, NULL);
#else
	(void)t;
	(void)e;
#endif
}
