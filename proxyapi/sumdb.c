/*
 * The checksum database over the network, as the go command reaches it
 * (cmd/go/internal/modfetch/sumdb.go): GOSUMDB names the database ("off",
 * a known name, "name+key" or "name+key URL"); GONOSUMDB (else GOPRIVATE)
 * names modules it is not asked about. Unless GOSUMDB gives a URL, each
 * proxy of GOPROXY is asked for /sumdb/NAME/supported in turn: a 200 means
 * every request goes through that proxy; 404 or 410 (or any error after a
 * '|') moves to the next; "direct", or the end of the list, means the
 * database itself (https://NAME). Any other failure makes the database
 * unavailable: never a reason to say a version does not exist.
 *
 * GOINSECURE does not turn the database off (it only allows plain HTTP
 * for module fetches), as for the go command. GOPROXY=off makes modvet ask
 * nothing at all, the database included.
 */

#include "config.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "util/util.h"
#include "gomod/gomod.h"
#include "gomod/sumdb.h"
#include "proxyapi/proxyapi.h"

#define SUMDB_MAX_BODY	(1 << 20)	/* a lookup or a tile */

/* The go command's knownGOSUMDB. */
static const char sumdb_known_name[] = "sum.golang.org";
static const char sumdb_known_key[] =
    "sum.golang.org+033de0ae+Ac4zctda0e5eza+HJyk9SxEdh+s3Ux18htTTAD8OuAn8";

void
sumdb_conf_free(struct sumdb_conf *c)
{
	free(c->key);
	free(c->name);
	free(c->url);
	free(c->nosumdb);
	memset(c, 0, sizeof *c);
}

/* A database name is host[/path]: nothing a URL would read otherwise. */
static int
sumdb_name_ok(const char *name)
{
	const char	*p;

	if (*name == '\0' || *name == '/' || name[strlen(name) - 1] == '/')
		return (0);
	for (p = name; *p != '\0'; p++) {
		if (!isalnum((unsigned char)*p) && strchr(".-_/:~", *p) == NULL)
			return (0);
	}
	return (1);
}

int
sumdb_conf_parse(const struct goenv *env, struct sumdb_conf *c, char **cause)
{
	struct note_verifier	 v;
	const char		*gosumdb = env->gosumdb;
	char			*copy, *field[3], *save = NULL, *err = NULL;
	size_t			 n = 0;

	memset(c, 0, sizeof *c);
	if (gosumdb == NULL || *gosumdb == '\0')
		gosumdb = sumdb_known_name;
	if (strcmp(gosumdb, "off") == 0) {
		c->off = 1;
		return (0);
	}
	/* An alias reachable inside mainland China. */
	if (strcmp(gosumdb, "sum.golang.google.cn") == 0)
		gosumdb = "sum.golang.org https://sum.golang.google.cn";
	copy = xstrdup(gosumdb);
	for (char *f = strtok_r(copy, " \t\n\r\v\f", &save); f != NULL;
	    f = strtok_r(NULL, " \t\n\r\v\f", &save)) {
		if (n == 2) {
			free(copy);
			*cause = xstrdup("invalid GOSUMDB: too many fields");
			return (-1);
		}
		field[n++] = f;
	}
	if (n == 0) {
		free(copy);
		*cause = xstrdup("missing GOSUMDB");
		return (-1);
	}
	if (strcmp(field[0], sumdb_known_name) == 0)
		field[0] = (char *)sumdb_known_key;
	if (note_verifier_parse(field[0], &v, &err) != 0) {
		xasprintf(cause, "invalid GOSUMDB: %s", err);
		free(err);
		free(copy);
		return (-1);
	}
	if (!sumdb_name_ok(v.name)) {
		xasprintf(cause, "invalid sumdb name (must be host[/path]): %s",
		    v.name);
		note_verifier_free(&v);
		free(copy);
		return (-1);
	}
	if (n == 2 && strncmp(field[1], "https://", 8) != 0 &&
	    strncmp(field[1], "http://", 7) != 0) {
		xasprintf(cause, "invalid GOSUMDB URL: %s (want http:// or "
		    "https://)", field[1]);
		note_verifier_free(&v);
		free(copy);
		return (-1);
	}
	c->key = xstrdup(field[0]);
	c->name = v.name;
	if (n == 2) {
		c->url = xstrdup(field[1]);
		/* web.Join: no doubled slash. */
		if (c->url[strlen(c->url) - 1] == '/')
			c->url[strlen(c->url) - 1] = '\0';
	}
	if (env->gonosumdb != NULL && *env->gonosumdb != '\0')
		c->nosumdb = xstrdup(env->gonosumdb);
	free(copy);
	return (0);
}

/* What was fetched ahead (or already), by remote path. */
struct sumdb_got {
	int	 status;
	char	*data;
	size_t	 len;
	char	*error;
};

struct sumdb_remote {
	struct proxy		*proxy;
	char			*name;
	char			*url;		/* GOSUMDB's URL, or NULL */
	int			 resolved;
	char			*base;		/* where paths are asked */
	char			*base_error;	/* why there is none */
	struct strmap		 got;
	unsigned		 requests;
	size_t			 bytes;
};

struct sumdb_remote *
sumdb_remote_new(struct proxy *p, const struct sumdb_conf *c)
{
	struct sumdb_remote	*r;

	r = xcalloc(1, sizeof *r);
	r->proxy = p;
	r->name = xstrdup(c->name);
	r->url = c->url != NULL ? xstrdup(c->url) : NULL;
	strmap_init(&r->got);
	return (r);
}

static void
sumdb_got_free(const char *k, void *v, void *arg)
{
	struct sumdb_got	*g = v;

	(void)k;
	(void)arg;
	free(g->data);
	free(g->error);
	free(g);
}

void
sumdb_remote_free(struct sumdb_remote *r)
{
	if (r == NULL)
		return;
	strmap_each(&r->got, sumdb_got_free, NULL);
	strmap_free(&r->got);
	free(r->name);
	free(r->url);
	free(r->base);
	free(r->base_error);
	free(r);
}

void
sumdb_remote_stats(const struct sumdb_remote *r, unsigned *requests,
    size_t *bytes)
{
	*requests = r->requests;
	*bytes = r->bytes;
}

/* GET urls in parallel. */
static void
sumdb_get(struct sumdb_remote *r, struct fetch_req **reqs, size_t n)
{
	size_t	i;

	fetch_run(proxy_fetch(r->proxy), reqs, n);
	for (i = 0; i < n; i++) {
		r->requests++;
		r->bytes += reqs[i]->body.len;
	}
}

/* Decide where the database is asked, once (see the top of the file). */
static void
sumdb_resolve(struct sumdb_remote *r)
{
	const struct upstream_spec	*specs;
	struct fetch_req		 req, *rp = &req;
	size_t				 n, i;
	char				*url;

	if (r->resolved)
		return;
	r->resolved = 1;
	if (r->url != NULL) {
		r->base = xstrdup(r->url);
		return;
	}
	specs = proxy_specs(r->proxy, &n);
	if (n > 0 && specs[0].kind == UPSTREAM_OFF) {
		r->base_error = xstrdup("GOPROXY=off: the checksum database is "
		    "not asked");
		return;
	}
	for (i = 0; i < n; i++) {
		if (specs[i].kind == UPSTREAM_DIRECT ||
		    specs[i].kind == UPSTREAM_OFF)
			break;
		if (specs[i].kind != UPSTREAM_PROXY)
			continue;	/* file:// proxies serve no database */
		xasprintf(&url, "%s/sumdb/%s/supported", specs[i].url, r->name);
		fetch_req_init(&req, url, SUMDB_MAX_BODY);
		free(url);
		sumdb_get(r, &rp, 1);
		if (req.status == 0) {
			xasprintf(&r->base, "%s/sumdb/%s", specs[i].url,
			    r->name);
			fetch_req_free(&req);
			return;
		}
		if (req.status != MV_ENOTFOUND &&
		    !(i + 1 < n && specs[i + 1].fallback_on_error)) {
			xasprintf(&r->base_error, "checksum database %s "
			    "unavailable through %s: %s", r->name, specs[i].url,
			    req.error != NULL ? req.error : "failed");
			fetch_req_free(&req);
			return;
		}
		fetch_req_free(&req);
	}
	xasprintf(&r->base, "https://%s", r->name);
}

/*
 * Ask ahead (fetch_ahead) for files below the database that a check will
 * read ("/lookup/..."), at the base sumdb_resolve chooses when the first
 * proxy of GOPROXY supports the database, with that /supported asked
 * ahead too; GOSUMDB's URL, or the database itself when GOPROXY starts
 * with direct. Where the guess is wrong, no one takes the answers. Nothing
 * when the base is decided already (a warm check asks nothing ahead).
 */
void
sumdb_remote_ask_ahead(struct sumdb_remote *r, const char *const *paths,
    size_t n)
{
	const struct upstream_spec	*specs;
	struct fetch			*f = proxy_fetch(r->proxy);
	size_t				 i, nspecs;
	char				*base = NULL, *url;

	if (r->resolved || n == 0)
		return;
	specs = proxy_specs(r->proxy, &nspecs);
	if (r->url != NULL)
		base = xstrdup(r->url);
	else if (nspecs > 0 && specs[0].kind == UPSTREAM_PROXY) {
		xasprintf(&base, "%s/sumdb/%s", specs[0].url, r->name);
		xasprintf(&url, "%s/supported", base);
		fetch_ahead(f, url, SUMDB_MAX_BODY);
		free(url);
	} else if (nspecs > 0 && specs[0].kind == UPSTREAM_DIRECT)
		xasprintf(&base, "https://%s", r->name);
	if (base == NULL)
		return;
	for (i = 0; i < n; i++) {
		xasprintf(&url, "%s%s", base, paths[i]);
		fetch_ahead(f, url, SUMDB_MAX_BODY);
		free(url);
	}
	free(base);
}

void
sumdb_remote_prefetch(struct sumdb_remote *r, const char *const *paths,
    size_t n)
{
	struct fetch_req	**reqs, *mem;
	struct sumdb_got	 *g;
	size_t			  i, k = 0;
	char			 *url;
	int			  found;

	if (n == 0)
		return;		/* nothing to ask: not even where */
	sumdb_resolve(r);
	if (r->base == NULL)
		return;
	mem = xcalloc(n, sizeof *mem);
	reqs = xcalloc(n, sizeof *reqs);
	for (i = 0; i < n; i++) {
		strmap_get(&r->got, paths[i], &found);
		if (found)
			continue;
		xasprintf(&url, "%s%s", r->base, paths[i]);
		fetch_req_init(&mem[k], url, SUMDB_MAX_BODY);
		mem[k].arg = (void *)paths[i];
		reqs[k] = &mem[k];
		free(url);
		k++;
	}
	sumdb_get(r, reqs, k);
	for (i = 0; i < k; i++) {
		/* Keep answers; a transient failure is asked again later. */
		if (mem[i].status == 0 || mem[i].status == MV_ENOTFOUND) {
			g = xcalloc(1, sizeof *g);
			g->status = mem[i].status;
			g->len = mem[i].body.len;
			g->data = xmemdup(mem[i].body.data != NULL ?
			    mem[i].body.data : "", g->len + 1);
			g->data[g->len] = '\0';
			g->error = mem[i].error != NULL ?
			    xstrdup(mem[i].error) : NULL;
			strmap_set(&r->got, mem[i].arg, g);
		}
		fetch_req_free(&mem[i]);
	}
	free(mem);
	free(reqs);
}

int
sumdb_remote_read(void *arg, const char *path, char **data, size_t *len,
    char **cause)
{
	struct sumdb_remote	*r = arg;
	struct sumdb_got	*g;
	int			 found;

	sumdb_resolve(r);
	if (r->base == NULL) {
		*cause = xstrdup(r->base_error);
		return (-1);
	}
	g = strmap_get(&r->got, path, &found);
	if (!found) {
		sumdb_remote_prefetch(r, &path, 1);
		g = strmap_get(&r->got, path, &found);
	}
	if (!found) {
		xasprintf(cause, "GET %s%s: the checksum database did not "
		    "answer", r->base, path);
		return (-1);
	}
	if (g->status != 0) {
		*cause = xstrdup(g->error != NULL ? g->error : "not found");
		return (-1);
	}
	*data = xmemdup(g->data, g->len + 1);
	*len = g->len;
	return (0);
}

int
sumdb_remote_not_found(struct sumdb_remote *r, const char *path)
{
	struct sumdb_got	*g;
	int			 found;

	g = strmap_get(&r->got, path, &found);
	return (found && g->status == MV_ENOTFOUND);
}

int
sumdb_remote_peek(struct sumdb_remote *r, const char *path, char **data,
    size_t *len)
{
	struct sumdb_got	*g;
	int			 found;

	g = strmap_get(&r->got, path, &found);
	if (!found || g->status != 0)
		return (-1);
	*data = xmemdup(g->data, g->len + 1);
	*len = g->len;
	return (0);
}
