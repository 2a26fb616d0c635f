/*
 * libFuzzer target for the bodies modvetd decodes (gomod_input_decode:
 * a raw go.mod, JSON with replacements and Go sources, a workspace) and
 * for the answers the client decodes from a daemon it may not trust
 * (findings_from_json). The first byte chooses the Content-Type and
 * whether a workspace may come. A refusal always has a code and a
 * reason; an acceptance always has a go.mod or a go.work. No crash, no
 * leak.
 */

#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "util/util.h"
#include "engine/engine.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct gomod_input	 in;
	struct findings		 fs;
	const char		*code, *type;
	char			*why, *body;
	cJSON			*doc;
	int			 rc;

	if (size == 0)
		return (0);
	type = (data[0] & 1) ? "application/json" : (data[0] & 4) ?
	    "text/plain" : NULL;
	/* The server hands the body on NUL-terminated, as here (NUL bytes
	 * inside it included). */
	body = xmalloc(size);
	memcpy(body, data + 1, size - 1);
	body[size - 1] = '\0';
	rc = gomod_input_decode(&in, type, body, size - 1, (data[0] & 2) != 0,
	    &code, &why);
	if (rc != 0 && (code == NULL || why == NULL))
		abort();
	if (rc == 0 && in.gomod == NULL && in.gowork == NULL)
		abort();
	free(why);
	gomod_input_free(&in);
	if ((doc = cJSON_ParseWithLength(body, size - 1)) != NULL) {
		if (findings_from_json(doc, &fs) == 0)
			findings_free(&fs);
		cJSON_Delete(doc);
	}
	free(body);
	return (0);
}
