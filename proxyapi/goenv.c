/*
 * The go command's environment: a variable is taken from the process
 * environment when set and non-empty, else from the go env file ($GOENV,
 * else $XDG_CONFIG_HOME/go/env or ~/.config/go/env, as "go env -w" writes
 * it), else the go command's default. modvet reads upstreams exactly as go
 * would on the same machine.
 */

#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "util/util.h"
#include "gomod/gomod.h"
#include "proxyapi/proxyapi.h"

#define GOENV_MAX_FILE	(1 << 20)	/* bytes of a go env file */
#define GOENV_DEFAULT_PROXY "https://proxy.golang.org,direct"

/* The go env file's path, or NULL ("GOENV=off" or no home). */
static char *
goenv_file(void)
{
	const char	*e, *home;
	char		*p;

	if ((e = getenv("GOENV")) != NULL && *e != '\0') {
		if (strcmp(e, "off") == 0)
			return (NULL);
		return (xstrdup(e));
	}
	if ((e = getenv("XDG_CONFIG_HOME")) != NULL && *e == '/') {
		xasprintf(&p, "%s/go/env", e);
		return (p);
	}
	if ((home = getenv("HOME")) == NULL || *home == '\0')
		return (NULL);
	xasprintf(&p, "%s/.config/go/env", home);
	return (p);
}

/* The variables of an env file (cfg.readEnvFile rules: "NAME=value"
 * lines, the last of a name winning; others are ignored) into vars:
 * name -> value (owned). Read once for all the variables asked. */
static void
goenv_read_vars(const char *file, struct strmap *vars)
{
	FILE	*fp;
	char	*line = NULL, *eq;
	size_t	 cap = 0, total = 0;
	ssize_t	 len;

	strmap_init(vars);
	if (file == NULL || (fp = fopen(file, "r")) == NULL)
		return;
	while ((len = getline(&line, &cap, fp)) != -1) {
		if ((total += len) > GOENV_MAX_FILE)
			break;
		if (len > 0 && line[len - 1] == '\n')
			line[--len] = '\0';
		if (line[0] < 'A' || line[0] > 'Z' ||
		    (eq = strchr(line, '=')) == NULL)
			continue;
		*eq = '\0';
		free(strmap_set(vars, line, xstrdup(eq + 1)));
	}
	free(line);
	fclose(fp);
}

static void
goenv_free_var(const char *name, void *value, void *arg)
{
	(void)name;
	(void)arg;
	free(value);
}

static void
goenv_free_vars(struct strmap *vars)
{
	strmap_each(vars, goenv_free_var, NULL);
	strmap_free(vars);
}

/* The value of name in an env file, or NULL. */
static char *
goenv_from_file(const char *file, const char *name)
{
	struct strmap	 vars;
	char		*v;

	goenv_read_vars(file, &vars);
	v = strmap_get(&vars, name, NULL);
	v = v != NULL ? xstrdup(v) : NULL;
	goenv_free_vars(&vars);
	return (v);
}

/* A variable as go sees it: environment, then the env file's variables
 * (vars, or NULL for none); NULL if unset. */
static char *
goenv_get(const char *name, const struct strmap *vars)
{
	const char	*e;

	if ((e = getenv(name)) != NULL && *e != '\0')
		return (xstrdup(e));
	if (vars != NULL && (e = strmap_get(vars, name, NULL)) != NULL)
		return (xstrdup(e));
	return (NULL);
}

/* The GOROOT of the go command: $GOROOT, else the directory above the
 * bin/ of the first "go" on PATH, symbolic links resolved. NULL if there
 * is none. */
static char *
goenv_goroot(void)
{
	const char	*e, *p, *end;
	char		*dir, *go, *real, *slash;

	if ((e = getenv("GOROOT")) != NULL && *e == '/')
		return (xstrdup(e));
	if ((e = getenv("PATH")) == NULL)
		return (NULL);
	for (p = e; *p != '\0'; p = *end == ':' ? end + 1 : end) {
		end = p + strcspn(p, ":");
		if (*p != '/')
			continue;
		dir = xstrndup(p, (size_t)(end - p));
		xasprintf(&go, "%s/go", dir);
		free(dir);
		real = access(go, X_OK) == 0 ? realpath(go, NULL) : NULL;
		free(go);
		if (real == NULL)
			continue;
		/* .../bin/go: GOROOT is two levels up. */
		if ((slash = strrchr(real, '/')) != NULL && slash - real >= 4 &&
		    strncmp(slash - 4, "/bin", 4) == 0) {
			slash[-4] = '\0';
			return (real);
		}
		free(real);
	}
	return (NULL);
}

/* The version of the Go installed in goroot ("1.26.8", from the
 * "go1.26.8" first line of its VERSION file), or NULL. */
static char *
goenv_goroot_version(const char *goroot)
{
	FILE	*fp;
	char	*path, line[64], *v = NULL;

	xasprintf(&path, "%s/VERSION", goroot);
	fp = fopen(path, "r");
	free(path);
	if (fp == NULL)
		return (NULL);
	if (fgets(line, sizeof line, fp) != NULL) {
		line[strcspn(line, "\r\n")] = '\0';
		if (strncmp(line, "go", 2) == 0 && gover_is_valid(line + 2))
			v = xstrdup(line + 2);
	}
	fclose(fp);
	return (v);
}

/*
 * The Go that builds: its version (GOVERSION when the caller names one,
 * else the installed go command's) and GOTOOLCHAIN (environment, go env
 * file, then $GOROOT/go.env, where a distribution sets its default:
 * "auto" upstream, "local" in some packages).
 */
static void
goenv_load_toolchain(struct goenv *g, const struct strmap *vars)
{
	char	*goroot, *goenvfile;

	g->goversion = goenv_get("GOVERSION", NULL);
	g->gotoolchain = goenv_get("GOTOOLCHAIN", vars);
	if (g->goversion != NULL && g->gotoolchain != NULL)
		return;
	if ((goroot = goenv_goroot()) == NULL)
		return;
	if (g->goversion == NULL)
		g->goversion = goenv_goroot_version(goroot);
	if (g->gotoolchain == NULL) {
		xasprintf(&goenvfile, "%s/go.env", goroot);
		g->gotoolchain = goenv_from_file(goenvfile, "GOTOOLCHAIN");
		free(goenvfile);
	}
	free(goroot);
}

char *
goenv_lookup(const char *name)
{
	struct strmap	 vars;
	char		*file, *v;

	file = goenv_file();
	goenv_read_vars(file, &vars);
	v = goenv_get(name, &vars);
	goenv_free_vars(&vars);
	free(file);
	return (v);
}

/* Load the variables modvet uses. Returns 0 (nothing here can fail yet;
 * the signature leaves room for validation). */
int
goenv_load(struct goenv *g, char **cause)
{
	struct strmap	 vars;
	const char	*home;
	char		*netrc;

	memset(g, 0, sizeof *g);
	g->envfile = goenv_file();
	goenv_read_vars(g->envfile, &vars);
	g->goproxy = goenv_get("GOPROXY", &vars);
	if (g->goproxy == NULL)
		g->goproxy = xstrdup(GOENV_DEFAULT_PROXY);
	g->goprivate = goenv_get("GOPRIVATE", &vars);
	g->gonoproxy = goenv_get("GONOPROXY", &vars);
	if (g->gonoproxy == NULL && g->goprivate != NULL)
		g->gonoproxy = xstrdup(g->goprivate);
	g->goinsecure = goenv_get("GOINSECURE", &vars);
	g->goflags = goenv_get("GOFLAGS", &vars);
	g->gosumdb = goenv_get("GOSUMDB", &vars);
	g->gonosumdb = goenv_get("GONOSUMDB", &vars);
	if (g->gonosumdb == NULL && g->goprivate != NULL)
		g->gonosumdb = xstrdup(g->goprivate);
	goenv_load_toolchain(g, &vars);
	goenv_free_vars(&vars);
	if (g->goversion != NULL && !gover_is_valid(g->goversion)) {
		xasprintf(cause, "GOVERSION=%s is not a Go version (1.22, "
		    "1.22.3, 1.23rc1)", g->goversion);
		goenv_free(g);
		return (-1);
	}
	/* The go command (and so modvet) finds credentials in $NETRC, else
	 * ~/.netrc. */
	if ((netrc = getenv("NETRC")) != NULL && *netrc != '\0')
		g->netrc = xstrdup(netrc);
	else if ((home = getenv("HOME")) != NULL && *home != '\0')
		xasprintf(&g->netrc, "%s/.netrc", home);
	if (g->netrc != NULL && access(g->netrc, R_OK) != 0) {
		free(g->netrc);
		g->netrc = NULL;
	}
	return (0);
}

/* Free what goenv_load set. */
void
goenv_free(struct goenv *g)
{
	free(g->goproxy);
	free(g->goprivate);
	free(g->gonoproxy);
	free(g->goinsecure);
	free(g->goflags);
	free(g->gosumdb);
	free(g->gonosumdb);
	free(g->netrc);
	free(g->envfile);
	free(g->gotoolchain);
	free(g->goversion);
	memset(g, 0, sizeof *g);
}

/*
 * The caller's environment travels with a request to the daemon (the
 * X-Modvet-Env header): the variables that decide upstreams, as the
 * caller's go command would resolve them, in a query-string form,
 * "GOPROXY=...&GOPRIVATE=...", each value percent-encoded. Variables the
 * caller does not set are left out.
 */
#define GOENV_MAX_ENCODED	(16 * 1024)	/* bytes of the header */

static const char *goenv_wire_names[] = {
	"GOPROXY", "GOPRIVATE", "GONOPROXY", "GOINSECURE", "GOFLAGS",
	"GOSUMDB", "GONOSUMDB", "GOTOOLCHAIN", "GOVERSION"
};

/* The field of g named by a wire name. */
static char **
goenv_field(struct goenv *g, const char *name)
{
	if (strcmp(name, "GOPROXY") == 0)
		return (&g->goproxy);
	if (strcmp(name, "GOPRIVATE") == 0)
		return (&g->goprivate);
	if (strcmp(name, "GONOPROXY") == 0)
		return (&g->gonoproxy);
	if (strcmp(name, "GOINSECURE") == 0)
		return (&g->goinsecure);
	if (strcmp(name, "GOFLAGS") == 0)
		return (&g->goflags);
	if (strcmp(name, "GOSUMDB") == 0)
		return (&g->gosumdb);
	if (strcmp(name, "GONOSUMDB") == 0)
		return (&g->gonosumdb);
	if (strcmp(name, "GOTOOLCHAIN") == 0)
		return (&g->gotoolchain);
	if (strcmp(name, "GOVERSION") == 0)
		return (&g->goversion);
	return (NULL);
}

/* The wire form of g (caller frees). */
char *
goenv_encode(const struct goenv *g)
{
	struct goenv	 copy = *g;
	struct buf	 b;
	char		**v;
	size_t		 i;

	buf_init(&b, 0);
	for (i = 0; i < nitems(goenv_wire_names); i++) {
		v = goenv_field(&copy, goenv_wire_names[i]);
		if (*v == NULL)
			continue;
		if (b.len > 0)
			buf_addc(&b, '&');
		buf_printf(&b, "%s=", goenv_wire_names[i]);
		buf_add_percent(&b, *v, "-._~,/:|*");
	}
	return (buf_steal(&b));
}

/* Decode a percent-encoded value of n bytes (caller frees); NULL when
 * malformed or holding a control byte. */
static char *
goenv_unescape(const char *s, size_t n)
{
	char	*out, *o;
	size_t	 i;
	int	 hi, lo;

	o = out = xmalloc(n + 1);
	for (i = 0; i < n; i++) {
		if (s[i] != '%')
			*o++ = s[i];
		else if (i + 2 < n && (hi = strquote_unhex(s[i + 1])) >= 0 &&
		    (lo = strquote_unhex(s[i + 2])) >= 0) {
			*o++ = (char)(hi << 4 | lo);
			i += 2;
		} else
			goto bad;
		if ((unsigned char)o[-1] < 0x20 || o[-1] == 0x7f)
			goto bad;
	}
	*o = '\0';
	return (out);
bad:
	free(out);
	return (NULL);
}

/*
 * Build g from the wire form: the variables given, the go command's
 * defaults for the rest (GOPROXY's default, GONOPROXY from GOPRIVATE),
 * and base's .netrc (the daemon's, never a path the caller names).
 * Returns 0, or -1 with *cause naming the bad field.
 */
int
goenv_decode(struct goenv *g, const char *wire, const struct goenv *base,
    char **cause)
{
	const char	*p = wire, *eq, *end;
	char		**v, *name;

	memset(g, 0, sizeof *g);
	if (strlen(wire) > GOENV_MAX_ENCODED) {
		xasprintf(cause, "the environment is longer than %d bytes",
		    GOENV_MAX_ENCODED);
		return (-1);
	}
	while (*p != '\0') {
		end = p + strcspn(p, "&");
		if ((eq = memchr(p, '=', (size_t)(end - p))) == NULL)
			goto bad;
		name = xstrndup(p, (size_t)(eq - p));
		v = goenv_field(g, name);
		free(name);
		if (v == NULL || *v != NULL ||
		    (*v = goenv_unescape(eq + 1, (size_t)(end - eq - 1))) == NULL)
			goto bad;
		p = *end == '&' ? end + 1 : end;
	}
	if (g->goproxy == NULL)
		g->goproxy = xstrdup(GOENV_DEFAULT_PROXY);
	if (g->gonoproxy == NULL && g->goprivate != NULL)
		g->gonoproxy = xstrdup(g->goprivate);
	if (g->gonosumdb == NULL && g->goprivate != NULL)
		g->gonosumdb = xstrdup(g->goprivate);
	if (base != NULL && base->netrc != NULL)
		g->netrc = xstrdup(base->netrc);
	if (g->goversion != NULL && !gover_is_valid(g->goversion)) {
		xasprintf(cause, "GOVERSION=%.40s is not a Go version (1.22, "
		    "1.22.3, 1.23rc1)", g->goversion);
		goenv_free(g);
		return (-1);
	}
	return (0);
bad:
	xasprintf(cause, "malformed environment near \"%.40s\" (expected "
	    "NAME=VALUE&... with GOPROXY, GOPRIVATE, GONOPROXY, GOINSECURE, "
	    "GOFLAGS, GOSUMDB, GONOSUMDB, GOTOOLCHAIN, GOVERSION)", p);
	goenv_free(g);
	return (-1);
}
