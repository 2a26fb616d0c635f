/*
 * toolchain: the Go that builds is older than a go line needs, said as
 * the go command says it (gover.TooNewError in cmd/go/internal/gover/
 * toolchain.go: "go.mod requires go >= 1.99 (running go 1.26.8;
 * GOTOOLCHAIN=local)", "module M@V requires go >= X (running go Y)").
 *
 * The Go that builds is the caller's: GOVERSION when it names one, else
 * its go command's version. GOTOOLCHAIN says whether that Go may switch
 * to a newer one (cmd/go/internal/toolchain/select.go): "local" and
 * "goX" never do, so a main go line newer than it stops every go
 * command; "auto", "path" and "goX+auto"/"goX+path" run the toolchain
 * the main module's go or toolchain line names when it is newer. Then
 * every go.mod the graph reads with a go line of 1.21 or later newer
 * than the Go that runs is an error (modload/modfile.go, rawGoModSummary),
 * whatever the mode: the go command switches for the main module only.
 * With no version known nothing is said: nothing here guesses.
 */

#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "util/util.h"
#include "gomod/gomod.h"
#include "engine/engine.h"

/* The Go that runs, as select.go decides it. */
struct toolchain_run {
	const char	*gotoolchain;	/* as set ("auto" when unset) */
	char		*min;		/* the default toolchain's version */
	int		 switches;	/* +auto, +path, auto, path */
	char		*version;	/* what runs for this main module */
	char		*set_what;	/* "go X" or "toolchain goX": the line
					   it switched for, or NULL */
	char		*name;		/* then the toolchain it runs
					   ("go1.99.0") */
	int		 path_only;	/* path, +path: never downloads */
};

static void
toolchain_run_free(struct toolchain_run *t)
{
	free(t->min);
	free(t->version);
	free(t->set_what);
	free(t->name);
}

/* Decide what runs; -1 when the version is not known (nothing is said
 * then), -2 when GOTOOLCHAIN is not valid. */
static int
toolchain_run(const struct check *c, struct toolchain_run *t)
{
	const struct source	*src = c->source;
	const char		*g, *plus, *tl, *gl;
	char			*min, *tv = NULL;

	memset(t, 0, sizeof *t);
	if (src == NULL || src->goversion == NULL ||
	    !gover_is_valid(src->goversion))
		return (-1);
	g = t->gotoolchain = src->gotoolchain != NULL ? src->gotoolchain :
	    "auto";
	if (strcmp(g, "auto") == 0 || strcmp(g, "path") == 0) {
		t->switches = 1;
		t->path_only = strcmp(g, "path") == 0;
		t->min = xstrdup(src->goversion);
	} else {
		plus = strchr(g, '+');
		min = plus != NULL ? xstrndup(g, (size_t)(plus - g)) :
		    xstrdup(g);
		if (plus != NULL && strcmp(plus, "+auto") != 0 &&
		    strcmp(plus, "+path") != 0) {
			free(min);
			return (-2);
		}
		t->switches = plus != NULL;
		t->path_only = plus != NULL && strcmp(plus, "+path") == 0;
		if (strcmp(min, "local") == 0)
			t->min = xstrdup(src->goversion);
		else if ((t->min = gover_from_toolchain(min)) == NULL ||
		    *t->min == '\0') {
			free(min);
			toolchain_run_free(t);
			return (-2);
		}
		free(min);
	}
	t->version = xstrdup(t->min);
	if (!t->switches)
		return (0);
	/* The toolchain line when newer, then the go line when newer. */
	tl = c->mf->toolchain != NULL ? c->mf->toolchain->name : NULL;
	if (tl != NULL && strcmp(tl, "default") != 0)
		tv = gover_from_toolchain(tl);
	if (tv != NULL && *tv != '\0' && gover_compare(tv, t->version) > 0) {
		free(t->version);
		t->version = tv;
		xasprintf(&t->set_what, "toolchain %s", tl);
		t->name = xstrdup(tl);
	} else
		free(tv);
	gl = c->mf->go != NULL ? c->mf->go->version : NULL;
	if (gl != NULL && gover_compare(gl, t->version) > 0) {
		free(t->version);
		t->version = xstrdup(gl);
		free(t->set_what);
		xasprintf(&t->set_what, "go %s", gl);
		/* A language version names its first release (1.22:
		 * go1.22.0; golang.org/issue/62278). */
		free(t->name);
		xasprintf(&t->name, "go%s%s", gl, gover_is_lang(gl) &&
		    gover_compare(gl, "1.21") >= 0 ? ".0" : "");
	}
	return (0);
}

/* The go command's "(running go Y; GOTOOLCHAIN=...; go.mod sets ...)";
 * file: "go.mod", or "go.work" in a workspace. */
static char *
toolchain_running(const struct toolchain_run *t, const char *file)
{
	char	*s;

	xasprintf(&s, "running go %s%s%s%s%s%s%s", t->version,
	    strcmp(t->gotoolchain, "auto") != 0 ? "; GOTOOLCHAIN=" : "",
	    strcmp(t->gotoolchain, "auto") != 0 ? t->gotoolchain : "",
	    t->set_what != NULL ? "; " : "", t->set_what != NULL ? file : "",
	    t->set_what != NULL ? " sets " : "",
	    t->set_what != NULL ? t->set_what : "");
	return (s);
}

/* The GOOS and GOARCH of the go command on this machine: the toolchain
 * it downloads is for itself (runtime.GOOS, runtime.GOARCH). Elsewhere
 * no download is asked about. */
#if defined(__linux__)
#define TOOLCHAIN_GOOS	"linux"
#elif defined(__APPLE__)
#define TOOLCHAIN_GOOS	"darwin"
#elif defined(__FreeBSD__)
#define TOOLCHAIN_GOOS	"freebsd"
#elif defined(__OpenBSD__)
#define TOOLCHAIN_GOOS	"openbsd"
#elif defined(__NetBSD__)
#define TOOLCHAIN_GOOS	"netbsd"
#endif
#if defined(__x86_64__)
#define TOOLCHAIN_GOARCH	"amd64"
#elif defined(__aarch64__)
#define TOOLCHAIN_GOARCH	"arm64"
#elif defined(__i386__)
#define TOOLCHAIN_GOARCH	"386"
#elif defined(__arm__)
#define TOOLCHAIN_GOARCH	"arm"
#elif defined(__riscv) && __riscv_xlen == 64
#define TOOLCHAIN_GOARCH	"riscv64"
#elif defined(__powerpc64__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
#define TOOLCHAIN_GOARCH	"ppc64le"
#elif defined(__s390x__)
#define TOOLCHAIN_GOARCH	"s390x"
#endif

/*
 * A switch the go command makes by downloading: golang.org/toolchain
 * v0.0.1-NAME.GOOS-GOARCH from the module proxy (select.go). When the
 * upstream proves it does not exist, every go command stops ("download
 * go1.99.0 for linux/amd64: toolchain not available"); a toolchain of
 * that name on PATH would be run instead (we cannot see the caller's
 * PATH: the evidence says so). When the upstreams fail, a warning says
 * the switch could not be confirmed, never that it fails.
 */
static void
toolchain_download(struct check *c, const struct toolchain_run *t)
{
#if defined(TOOLCHAIN_GOOS) && defined(TOOLCHAIN_GOARCH)
	struct source_req	 r, *rp = &r;
	struct finding		*f;
	const char		*file = c->work ? "go.work" : "go.mod";
	char			*version;
	int			 line = 0;

	if (!t->switches || t->path_only || t->name == NULL ||
	    gover_compare(t->version, t->min) <= 0)
		return;
	/* The line that asked for the switch. */
	if (strncmp(t->set_what, "go ", 3) == 0 && c->mf->go != NULL &&
	    c->mf->go->syntax != NULL)
		line = c->mf->go->syntax->start.line;
	else if (c->mf->toolchain != NULL && c->mf->toolchain->syntax != NULL)
		line = c->mf->toolchain->syntax->start.line;
	xasprintf(&version, "v0.0.1-%s.%s-%s", t->name, TOOLCHAIN_GOOS,
	    TOOLCHAIN_GOARCH);
	source_req_init(&r, PROXY_INFO, "golang.org/toolchain", version);
	source_fetch(c->source, &rp, 1);
	if (r.status == MV_ENOTFOUND) {
		f = findings_add(&c->findings, "toolchain", FINDING_ERROR, NULL,
		    NULL, line, "download %s for %s/%s: toolchain not "
		    "available", t->name, TOOLCHAIN_GOOS, TOOLCHAIN_GOARCH);
		finding_evidence(f, "%s sets %s, newer than go %s: "
		    "GOTOOLCHAIN=%s switches to %s, which it downloads as "
		    "golang.org/toolchain@%s unless %s is on PATH", file,
		    t->set_what, t->min, t->gotoolchain, t->name, version,
		    t->name);
		if (r.evidence != NULL)
			finding_evidence(f, "%s", r.evidence);
	} else if (r.status != 0) {
		f = findings_add(&c->findings, "upstream-unavailable",
		    FINDING_WARNING, NULL, NULL, line, "%s sets %s: "
		    "GOTOOLCHAIN=%s switches to %s, whose download "
		    "(golang.org/toolchain@%s) could not be asked about (every "
		    "upstream failed)", file, t->set_what, t->gotoolchain,
		    t->name, version);
		if (r.evidence != NULL)
			finding_evidence(f, "%s", r.evidence);
	}
	source_req_free(&r);
	free(version);
#else
	(void)c;
	(void)t;
#endif
}

/* Is node n's go line too new for the Go that runs? */
static int
toolchain_too_new(const struct graph_node *n, const char *running)
{
	return (n->loaded && n->go != NULL && *n->version != '\0' &&
	    gover_compare(n->go, "1.21") >= 0 &&
	    gover_compare(n->go, running) > 0);
}

/* Every go.mod the graph read that the Go running refuses: one finding,
 * the newest go line first. */
static void
toolchain_graph(struct check *c, const struct toolchain_run *t,
    const char *running)
{
	const struct graph_node	**v, *top;
	const struct check_pin	 *p;
	struct finding		 *f;
	char			 *why;
	size_t			  i, count = 0;

	v = xcalloc(c->graph.nall + 1, sizeof *v);
	for (i = 0; i < c->graph.nall; i++)
		if (toolchain_too_new(c->graph.all[i], t->version))
			v[count++] = c->graph.all[i];
	if (count == 0) {
		free(v);
		return;
	}
	top = rules_go_newest(v, count);
	p = rules_via(c, top->path, top->version, &why);
	free(why);
	f = findings_add(&c->findings, "toolchain", FINDING_ERROR, top->path,
	    top->version, p != NULL ? p->line : 0, "module %s@%s requires go "
	    ">= %s (%s)%s", top->path, top->version, top->go, running,
	    count > 1 ? ": the newest of the go lines the Go that builds "
	    "refuses" : "");
	rules_go_evidence(c, f, top, v, count);
	if (p != NULL) {
		f->col = p->col;
		f->pin = p - c->pins;
	}
	free(v);
}

void
rules_toolchain(struct check *c)
{
	struct toolchain_run	 t;
	struct finding		*f;
	const char		*go;
	char			*running;

	switch (toolchain_run(c, &t)) {
	case 0:
		break;
	case -2:	/* toolchain/select.go: every go command stops */
		findings_add(&c->findings, "toolchain", FINDING_ERROR, NULL,
		    NULL, 0, "invalid GOTOOLCHAIN \"%s\" (local, auto, path, "
		    "a toolchain name such as go1.22.3, or one with +auto or "
		    "+path): every go command fails", c->source->gotoolchain);
		return;
	default:
		return;
	}
	running = toolchain_running(&t, c->work ? "go.work" : "go.mod");
	go = c->mf->go != NULL ? c->mf->go->version : NULL;
	if (go != NULL && gover_compare(go, t.version) > 0) {
		/* Every go command stops here (modload/init.go). */
		f = findings_add(&c->findings, "toolchain", FINDING_ERROR, NULL,
		    NULL, c->mf->go->syntax != NULL ?
		    c->mf->go->syntax->start.line : 0, "%s requires go >= "
		    "%s (%s)", c->work ? "go.work" : "go.mod", go, running);
		finding_evidence(f, "GOTOOLCHAIN=%s never switches to a newer "
		    "Go; GOTOOLCHAIN=auto would run go%s", t.gotoolchain, go);
	} else {
		toolchain_download(c, &t);
		if (c->have_graph)
			toolchain_graph(c, &t, running);
	}
	free(running);
	toolchain_run_free(&t);
}

/* The newest go line the Go that builds can write (caller frees), or
 * NULL when it may switch or is not known: the go command writes no go
 * line newer than itself ("updating go.mod requires go >= X"). */
char *
toolchain_max_go(const struct check *c)
{
	struct toolchain_run	 t;
	char			*max = NULL;

	if (toolchain_run(c, &t) != 0)
		return (NULL);
	if (!t.switches) {
		max = t.min;
		t.min = NULL;
	}
	toolchain_run_free(&t);
	return (max);
}
