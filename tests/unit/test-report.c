/* The report's HTML page from a report built here: the summary table,
 * findings sorted by severity, links to pkg.go.dev and to the go.mod
 * line on GitHub and GitLab (and none for other hosts), a pin to a
 * version that does not exist marked on the timeline, empty lanes
 * hidden, labels of pins that would touch on a phone put on separate
 * rows, and history subjects that survive a bump of an outdated pin. */

#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/util.h"
#include "engine/engine.h"
#include "render/render.h"
#include "tests/unit/testlib.h"

/* A project with its findings and pins. */
static void
add_project(struct report *r, const char *name, const char *source)
{
	r->projects = xreallocarray(r->projects, r->nprojects + 1,
	    sizeof *r->projects);
	memset(&r->projects[r->nprojects], 0, sizeof *r->projects);
	r->projects[r->nprojects].name = xstrdup(name);
	r->projects[r->nprojects].source = xstrdup(source);
	r->nprojects++;
}

/* A watched module and its releases ("version time" pairs). */
static void
add_module(struct report *r, const char *path, const char **rel, size_t n)
{
	struct report_module	*m;
	size_t			 i;

	r->modules = xreallocarray(r->modules, r->nmodules + 1,
	    sizeof *r->modules);
	m = &r->modules[r->nmodules++];
	memset(m, 0, sizeof *m);
	m->path = xstrdup(path);
	for (i = 0; i + 1 < n; i += 2) {
		strv_push(&m->versions, rel[i]);
		strv_push(&m->times, rel[i + 1]);
	}
	m->failed = n == 0;
}

/* The report of three projects and two watched modules. */
static void
build(struct report *r)
{
	static const char *aws[] = {
		"v6.19.0", "2024-01-10T00:00:00Z",
		"v6.20.1", "2024-02-01T00:00:00Z",
		"v6.58.0", "2024-11-01T00:00:00Z",
	};
	struct report_project	*p;
	struct finding		*f;

	memset(r, 0, sizeof *r);
	r->ran_ms = 1733200000000LL;
	add_project(r, "gitops", "git https://github.com/acme/infra.git main "
	    "deploy");
	p = &r->projects[0];
	findings_add(&p->findings, "outdated", FINDING_INFO,
	    "example.com/old", "v1.0.0", 9, "example.com/old v1.0.0: v1.2.0 "
	    "is out");
	f = findings_add(&p->findings, "unknown-version", FINDING_ERROR,
	    "github.com/pulumi/pulumi-aws/sdk/v6", "v6.20.0", 5, "%s",
	    "github.com/pulumi/pulumi-aws/sdk/v6 v6.20.0 does not exist");
	f->suggested = xstrdup("v6.20.1");
	strv_push(&f->companions, "github.com/pulumi/pulumi/sdk/v3 v3.104.2");
	findings_add(&p->findings, "missing-sum", FINDING_WARNING,
	    "example.com/w", "v1.0.0", 7, "no go.sum line");
	strv_push(&p->pins, "github.com/pulumi/pulumi-aws/sdk/v6 v6.20.0");
	add_project(r, "svc", "git https://gitlab.com/acme/svc main");
	p = &r->projects[1];
	findings_add(&p->findings, "retracted", FINDING_ERROR, "example.com/r",
	    "v1.1.0", 3, "retracted");
	strv_push(&p->pins, "github.com/pulumi/pulumi-aws/sdk/v6 v6.58.0");
	add_project(r, "web", "git https://git.example.org/web.git main");
	p = &r->projects[2];
	findings_add(&p->findings, "retracted", FINDING_ERROR, "example.com/r",
	    "v1.1.0", 4, "retracted");
	strv_push(&p->pins, "github.com/pulumi/pulumi-aws/sdk/v6 v6.58.0");
	add_module(r, "github.com/pulumi/pulumi-aws/sdk/v6", aws, 6);
	add_module(r, "example.com/gone", NULL, 0);
}

static void
test_report_page(void **state)
{
	struct report	 r;
	char		*html, *err, *warn, *info, *a, *b;

	(void)state;
	build(&r);
	html = report_render_html(&r);
	/* A viewport and both schemes. */
	assert_non_null(strstr(html, "name=\"viewport\""));
	assert_non_null(strstr(html, "prefers-color-scheme:dark"));
	/* The summary: one row a project, linked to its section. */
	assert_non_null(strstr(html, "<a href=\"#project-1\">gitops</a></th>"
	    "<td class=\"attention\">needs attention</td><td>1</td><td>1</td>"
	    "<td>1</td>"));
	assert_non_null(strstr(html, "id=\"project-3\""));
	/* Sorted by severity although added note, error, warning. */
	err = strstr(html, "unknown-version</code>");
	warn = strstr(html, "missing-sum</code>");
	info = strstr(html, "outdated</code>");
	assert_true(err != NULL && warn != NULL && info != NULL);
	assert_true(err < warn && warn < info);
	/* Links: the module, the go.mod line on GitHub (in the project's
	 * directory) and on GitLab; none for an unknown host. */
	assert_non_null(strstr(html, "<a href=\"https://pkg.go.dev/github.com"
	    "/pulumi/pulumi-aws/sdk/v6?tab=versions\">"));
	assert_non_null(strstr(html, "<a href=\"https://github.com/acme/infra/"
	    "blob/main/deploy/go.mod#L5\">go.mod:5</a>"));
	assert_non_null(strstr(html, "<a href=\"https://gitlab.com/acme/svc/-/"
	    "blob/main/go.mod#L3\">go.mod:3</a>"));
	assert_non_null(strstr(html, "<td data-label=\"where\">go.mod:4</td>"));
	/* The suggestion with its companion bump. */
	assert_non_null(strstr(html, "pin github.com/pulumi/pulumi-aws/sdk/v6 "
	    "v6.20.1, which needs github.com/pulumi/pulumi/sdk/v3 v3.104.2"));
	/* The missing pin, placed after v6.19.0 and marked; the module with
	 * no release has no lane. */
	assert_non_null(strstr(html, "class=\"pin missing\""));
	assert_non_null(strstr(html, "gitops pins v6.20.0, a version that does "
	    "not exist"));
	assert_null(strstr(html, "<div class=\"name\">example.com/gone"));
	/* svc and web pin the same release: their labels on two rows. */
	a = strstr(html, ">svc</span>");
	b = strstr(html, ">web</span>");
	assert_true(a != NULL && b != NULL);
	assert_non_null(strstr(html, "top:22px\" aria-hidden=\"true\">svc<"));
	assert_non_null(strstr(html, "top:37px\" aria-hidden=\"true\">web<"));
	free(html);
	report_free(&r);
}

static void
test_report_subject(void **state)
{
	struct findings	 fs = { NULL, 0, 0 };
	char		*s;

	(void)state;
	findings_add(&fs, "outdated", FINDING_INFO, "example.com/m", "v1.0.0",
	    1, "behind");
	findings_add(&fs, "retracted", FINDING_ERROR, "example.com/m",
	    "v1.0.0", 1, "retracted");
	s = report_subject(&fs.v[0]);
	assert_string_equal(s, "outdated example.com/m");
	free(s);
	s = report_subject(&fs.v[1]);
	assert_string_equal(s, "retracted example.com/m@v1.0.0");
	free(s);
	findings_free(&fs);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_report_page),
		cmocka_unit_test(test_report_subject),
	};

	return (cmocka_run_group_tests(tests, NULL, NULL));
}
