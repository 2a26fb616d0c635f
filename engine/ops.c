/*
 * The table of the operations both doors run (engine/engine.h, "ops.c"), and
 * what every operation answers with. The daemon matches a request to an
 * entry and runs it on a worker's source (daemon/server.c); the client's
 * --local runs the same entry in its own process (client/call.c).
 */

#include "config.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "util/util.h"
#include "engine/engine.h"

const struct op *const op_table[] = {
	&op_check,
	&op_fix,
	&op_modules,
	&op_graph,
	&op_buildlist,
	&op_watch_list,
	&op_watch_add,
	&op_watch_remove,
	&op_report,
	&op_reports,
	&op_report_get,
	NULL
};

int
op_path_match(const char *pattern, const char *path, const char **rest)
{
	size_t	n = strlen(pattern);

	if (pattern[n - 1] == '/') {
		if (strncmp(path, pattern, n) != 0 || path[n] == '\0')
			return (0);
		*rest = path + n;
	} else {
		if (strcmp(path, pattern) != 0)
			return (0);
		*rest = "";
	}
	return (1);
}

const struct op *
op_find(const char *method, const char *path, const char **rest,
    int *path_known)
{
	size_t	i;

	for (i = 0; op_table[i] != NULL; i++) {
		if (!op_path_match(op_table[i]->path, path, rest))
			continue;
		*path_known = 1;
		if (strcmp(op_table[i]->method, method) == 0)
			return (op_table[i]);
	}
	return (NULL);
}

void
op_call_free(struct op_call *call)
{
	cJSON_Delete(call->doc);
	free(call->text);
	call->doc = NULL;
	call->text = NULL;
	call->text_len = 0;
}

void
op_answer(struct op_call *call, int status, cJSON *doc)
{
	op_call_free(call);
	call->status = status;
	call->doc = doc;
}

void
op_answer_text(struct op_call *call, int status, const char *type,
    const char *data, size_t len)
{
	op_call_free(call);
	call->status = status;
	call->text = xmalloc(len + 1);
	if (len > 0)
		memcpy(call->text, data, len);
	call->text[len] = '\0';
	call->text_len = len;
	call->text_type = type;
}

cJSON *
op_error_doc(const char *code, const char *message)
{
	cJSON	*doc, *e;

	doc = cJSON_CreateObject();
	e = cJSON_AddObjectToObject(doc, "error");
	cJSON_AddStringToObject(e, "code", code);
	cJSON_AddStringToObject(e, "message", message);
	return (doc);
}

void
op_error(struct op_call *call, int status, const char *code,
    const char *fmt, ...)
{
	va_list	 ap;
	char	*msg;

	va_start(ap, fmt);
	xvasprintf(&msg, fmt, ap);
	va_end(ap);
	op_answer(call, status, op_error_doc(code, msg));
	free(msg);
}

const char *
op_arg(struct op_call *call, const char *name)
{
	return (call->arg(call->arg_ctx, name));
}

int
op_flag(struct op_call *call, const char *name)
{
	const char	*v = op_arg(call, name);

	return (v != NULL && strcmp(v, "1") == 0);
}

/* The call's go.mod input; -1 after answering why it is refused. */
int
op_input(struct op_call *call, struct gomod_input *in,
    int workspace_ok)
{
	const char	*code;
	char		*why;

	if (gomod_input_decode(in, call->type, call->body, call->len,
	    workspace_ok, &code, &why) == 0)
		return (0);
	op_error(call, OP_BAD_REQUEST, code, "%s", why);
	free(why);
	return (-1);
}

struct source *
op_source(struct op_call *call)
{
	return (call->source(call->source_ctx));
}
