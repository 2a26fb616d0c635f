/*
 * One call of an engine operation (engine/engine.h, "ops.c"), through either
 * door: posted to modvetd, or with --local run in this process by the
 * same function modvetd would run, on the same request. Both answers are
 * a status and a JSON document, read here by one function: what a
 * command prints cannot depend on the door.
 */

#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "util/util.h"
#include "engine/engine.h"
#include "client/client.h"

/* The stack the operations run on here: opened when the first asks for
 * a source (as modvetd takes a worker), and kept for the calls after it
 * (a workspace's modules), as modvetd keeps its workers. */
static struct client_local	call_stack;
static int			call_stack_open;

static void
call_stack_close(void)
{
	if (call_stack_open)
		client_local_close(&call_stack);
	call_stack_open = 0;
}

/* A query argument of the route, or NULL; arg: the query, its pairs
 * each NUL-terminated, then an empty one (or NULL: no query). */
static const char *
call_local_arg(void *arg, const char *name)
{
	const char	*p = arg;
	size_t		 n = strlen(name);

	while (p != NULL && *p != '\0') {
		if (strncmp(p, name, n) == 0 && p[n] == '=')
			return (p + n + 1);
		p += strlen(p) + 1;
	}
	return (NULL);
}

static struct source *
call_local_source(void *arg)
{
	(void)arg;
	if (!call_stack_open) {
		client_local_open(&call_stack);
		call_stack_open = 1;
		atexit(call_stack_close);
	}
	return (&call_stack.source);
}

/* Run route's operation here: its status and document. */
static cJSON *
call_local(const char *method, const char *route, const char *type,
    const char *body, size_t len, long *status)
{
	struct op_call		 call;
	const struct op		*op;
	const char		*rest;
	char			*path, *q, *query = NULL, *amp;
	int			 known = 0;

	path = xstrdup(route);
	if ((q = strchr(path, '?')) != NULL) {
		*q++ = '\0';
		query = xcalloc(1, strlen(q) + 2);
		memcpy(query, q, strlen(q));
		for (amp = query; (amp = strchr(amp, '&')) != NULL; )
			*amp++ = '\0';
	}
	memset(&call, 0, sizeof call);
	if ((op = op_find(method, path, &rest, &known)) == NULL) {
		/* Only a client's mistake: the commands call the table's
		 * routes. */
		op_error(&call, known ? 405 : OP_NOT_FOUND, known ?
		    "method-not-allowed" : "not-found", "no operation %s %s",
		    method, path);
	} else {
		call.rest = rest;
		call.arg = call_local_arg;
		call.arg_ctx = query;
		call.type = type;
		call.body = body;
		call.len = len;
		call.source = call_local_source;
		/* The caller's own process: any network git host, as
		 * through the daemon's Unix socket; no projects file of
		 * the door's own. */
		call.git_hosts = "*";
		op->run(&call);
	}
	free(query);
	free(path);
	*status = call.status;
	if (call.text != NULL) {
		/* The commands ask for documents, never renderings. */
		op_call_free(&call);
		op_error(&call, 500, "not-json", "%s answered text", route);
		*status = 500;
	}
	return (call.doc);
}

/*
 * An operation's answer, from either door: the document of a success
 * (the caller deletes it), or NULL after printing the error it carries,
 * as "modvet: MESSAGE".
 */
cJSON *
client_answer(const char *route, long status, cJSON *doc)
{
	cJSON	*e;

	if (doc == NULL) {
		fprintf(stderr, "modvet: %s answered HTTP %ld with no JSON\n",
		    route, status);
		return (NULL);
	}
	if (status >= 400 && (e = cJSON_GetObjectItem(doc, "error")) != NULL) {
		fprintf(stderr, "modvet: %s\n", cJSON_GetStringValue(
		    cJSON_GetObjectItem(e, "message")));
		cJSON_Delete(doc);
		return (NULL);
	}
	return (doc);
}

cJSON *
client_call(const char *method, const char *route, const char *type,
    const char *body, size_t len)
{
	struct client_remote	 r;
	cJSON			*doc;
	long			 status;

	if (client_opts.local) {
		doc = call_local(method, route, type, body, len, &status);
		return (client_answer(route, status, doc));
	}
	if (client_remote_open(&r, &client_opts) != 0)
		return (NULL);
	doc = client_remote_call(&r, method, route, type, body, len, &status);
	client_remote_close(&r);
	return (doc);
}

/* POST a JSON body (label: what it is, for the progress line) to route
 * through either door; the answer with its findings read into fs (the
 * caller frees both), or NULL after printing why. */
cJSON *
client_call_findings(const char *route, const char *body, const char *label,
    struct findings *fs)
{
	cJSON	*doc;

	memset(fs, 0, sizeof *fs);
	client_progress("%s %s", route + 4, label);
	doc = client_call("POST", route, "application/json", body,
	    strlen(body));
	client_progress_done();
	if (doc != NULL && findings_from_json(doc, fs) != 0) {
		fprintf(stderr, "modvet: %s: the answer has no findings\n",
		    route);
		findings_free(fs);
		cJSON_Delete(doc);
		doc = NULL;
	}
	return (doc);
}
