/*
 * The body of a request about a go.mod (or a workspace), decoded apart
 * from the HTTP server so that it is one function of the bytes sent:
 * the operations decode their input with it in either door (ops.c),
 * the daemon's request_gomod answers its refusals, and
 * tests/fuzz/fuzz-request.c fuzzes it.
 */

#include "config.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "util/util.h"
#include "engine/engine.h"

static int	gomod_input_read(struct gomod_input *, const cJSON *, int,
    const char **, char **);

/* What most maps hold: "the text of its go.mod". */
#define GOMOD_INPUT_TEXT	"the text of its go.mod"

/* A JSON request's object named name: directory -> go.mod text (or,
 * for "unreadable", why not), each a string (borrowed from the JSON),
 * into m. -1 with *why when malformed. */
static int
gomod_input_map(const cJSON *obj, const char *name, const char *what,
    const char *to, struct strmap *m, char **why)
{
	cJSON	*o, *v;

	o = cJSON_GetObjectItem(obj, name);
	if (o == NULL)
		return (0);
	if (!cJSON_IsObject(o))
		goto bad;
	cJSON_ArrayForEach(v, o) {
		if (!cJSON_IsString(v) || v->string == NULL)
			goto bad;
		strmap_set(m, v->string, v->valuestring);
	}
	return (0);
bad:
	xasprintf(why, "field \"%s\" must map each %s to %s", name, what,
	    to);
	return (-1);
}

/* Refuse the body: -1 with *code and *why (caller frees). */
static int
gomod_input_refuse(const char **code, char **why, const char *c,
    const char *fmt, ...)
{
	va_list	ap;

	*code = c;
	va_start(ap, fmt);
	xvasprintf(why, fmt, ap);
	va_end(ap);
	return (-1);
}

/* An empty input, its maps ready. */
static void
gomod_input_init(struct gomod_input *in)
{
	memset(in, 0, sizeof *in);
	strmap_init(&in->sent);
	strmap_init(&in->unread);
	strmap_init(&in->modules);
	in->where.sent = &in->sent;
	in->where.unread = &in->unread;
	in->file = "go.mod";
}

/*
 * The go.mod (and go.sum) of a request body of Content-Type type (NULL:
 * none): the raw body, or JSON {"gomod", "gosum", "file", "replacements",
 * "unreadable", "sources"}, or with workspace_ok a workspace {"gowork",
 * "modules", ...}. 0, or -1 with an error code and *why (caller frees):
 * each a 400. The caller frees in with gomod_input_free in any case.
 */
int
gomod_input_decode(struct gomod_input *in, const char *type,
    const char *body, size_t len, int workspace_ok, const char **code,
    char **why)
{
	gomod_input_init(in);
	*code = NULL;
	*why = NULL;
	if (type == NULL || strncmp(type, "application/json", 16) != 0) {
		in->gomod = body != NULL ? body : "";
		in->gomod_len = body != NULL ? len : 0;
		if (in->gomod_len == 0)
			return (gomod_input_refuse(code, why, "empty-body",
			    "send the go.mod as the body (or JSON with "
			    "\"gomod\")"));
		return (0);
	}
	if ((in->json = cJSON_ParseWithLength(body != NULL ? body : "",
	    body != NULL ? len : 0)) == NULL || !cJSON_IsObject(in->json))
		return (gomod_input_refuse(code, why, "invalid-json",
		    "the body is not a JSON object: expected "
		    "{\"gomod\": \"...\", \"gosum\": \"...\"}"));
	return (gomod_input_read(in, in->json, workspace_ok, code, why));
}

/*
 * The input a JSON object holds (its strings borrowed: obj must outlive
 * in), as gomod_input_decode reads a JSON body: the report's "inputs"
 * are such objects. in need not be initialized; the caller frees it with
 * gomod_input_free in any case.
 */
int
gomod_input_from_json(struct gomod_input *in, const cJSON *obj,
    const char **code, char **why)
{
	gomod_input_init(in);
	*code = NULL;
	*why = NULL;
	if (!cJSON_IsObject(obj))
		return (gomod_input_refuse(code, why, "invalid-json",
		    "expected {\"gomod\": \"...\", \"gosum\": \"...\"}"));
	return (gomod_input_read(in, obj, 0, code, why));
}

/* The fields of a JSON input, into an initialized in. */
static int
gomod_input_read(struct gomod_input *in, const cJSON *obj, int workspace_ok,
    const char **code, char **why)
{
	cJSON	*v;
	char	*cause = NULL;

	if (cJSON_IsString(v = cJSON_GetObjectItem(obj, "gowork"))) {
		/* A workspace: its go.work, each module's go.mod. */
		if (!workspace_ok)
			return (gomod_input_refuse(code, why, "invalid-json",
			    "field \"gowork\": this route works on one "
			    "module's go.mod (a workspace: buildlist, graph "
			    "and check)"));
		in->gowork = v->valuestring;
		in->file = "go.work";	/* unless "file" names it */
		if (gomod_input_map(obj, "modules", "use line of the go.work",
		    GOMOD_INPUT_TEXT, &in->modules, why) != 0) {
			*code = "invalid-json";
			return (-1);
		}
	}
	v = cJSON_GetObjectItem(obj, "gomod");
	if (in->gowork != NULL && v == NULL)
		in->gomod = "";
	else if (!cJSON_IsString(v))
		return (gomod_input_refuse(code, why, "invalid-json",
		    "field \"gomod\" must be a string holding the go.mod"));
	else {
		in->gomod = v->valuestring;
		in->gomod_len = strlen(v->valuestring);
	}
	if (cJSON_IsString(v = cJSON_GetObjectItem(obj, "gosum"))) {
		in->gosum = v->valuestring;
		in->gosum_len = strlen(v->valuestring);
	}
	if (cJSON_IsString(v = cJSON_GetObjectItem(obj, "file")))
		in->file = v->valuestring;
	if (gomod_input_map(obj, "replacements", "local replacement "
	    "directory", GOMOD_INPUT_TEXT, &in->sent, why) != 0 ||
	    gomod_input_map(obj, "unreadable", "local replacement directory",
	    "why its go.mod could not be read", &in->unread, why) != 0) {
		*code = "invalid-json";
		return (-1);
	}
	if ((v = cJSON_GetObjectItem(obj, "sources")) != NULL) {
		if (sources_from_json(v, &in->sources, &cause) != 0) {
			*code = "invalid-json";
			*why = cause;
			return (-1);
		}
		in->where.sources = &in->sources;
	}
	if (in->gomod_len == 0 && in->gowork == NULL)
		return (gomod_input_refuse(code, why, "empty-body",
		    "send the go.mod as the body (or JSON with \"gomod\")"));
	return (0);
}

/* Free what gomod_input_decode made. */
void
gomod_input_free(struct gomod_input *in)
{
	cJSON_Delete(in->json);
	strmap_free(&in->sent);
	strmap_free(&in->unread);
	strmap_free(&in->modules);
	sources_free(&in->sources);
	in->where.sources = NULL;
	in->json = NULL;
}
