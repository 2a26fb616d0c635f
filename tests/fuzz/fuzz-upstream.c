/*
 * libFuzzer target for what an upstream serves, read as the go command
 * reads it: a .info or @latest document, an @v/list (the versions kept
 * are valid, not pseudo-versions, and sorted; the latest by time is a
 * valid version), and the go-import tags of a ?go-get=1 page (a root
 * found is a prefix of the path asked about, at an element boundary).
 * No crash, no leak, no read past the bytes served.
 */

#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "util/util.h"
#include "gomod/gomod.h"
#include "proxyapi/proxyapi.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

#define FUZZ_PATH	"example.com/org/repo/sub"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char	*text = (const char *)data;
	struct strv	 list;
	struct gitroot	 root;
	char		*v, *t;
	time_t		 when;
	size_t		 i, rl;

	if (proxy_info_parse(text, size, &v, &t) == 0) {
		free(v);
		free(t);
	}
	proxy_parse_list(text, size, &list);
	for (i = 0; i < list.n; i++) {
		if (!semver_is_valid(list.v[i]) || pseudo_is_pseudo(list.v[i]))
			abort();
		if (i > 0 && semver_compare(list.v[i - 1], list.v[i]) > 0)
			abort();
	}
	strv_free(&list);
	if ((v = proxy_list_latest(text, size, &when)) != NULL) {
		if (!semver_is_valid(v) || when == (time_t)-1)
			abort();
		free(v);
	}
	memset(&root, 0, sizeof root);
	if (gitroot_parse_meta(text, size, FUZZ_PATH, &root)) {
		rl = strlen(root.root);
		if (strncmp(FUZZ_PATH, root.root, rl) != 0 ||
		    (FUZZ_PATH[rl] != '\0' && FUZZ_PATH[rl] != '/') ||
		    root.url == NULL)
			abort();
		gitroot_free(&root);
	}
	return (0);
}
