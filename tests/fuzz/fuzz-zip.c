/*
 * libFuzzer target for module zips as an upstream serves them: any bytes
 * are checked as the go command checks a zip (x/mod's CheckZip, which
 * bounds what is unpacked), and only a zip that passes is hashed (its
 * go.sum h1) and indexed (gosrc/zipindex.c), as engine/sum.c does. The
 * same bytes are read as the end of a zip whose central directory is
 * located and parsed from them (gosrc/zipdir.c), as the package index's
 * HTTP Range reads do: every entry it gives lies inside the zip. No
 * crash, no leak, no hang; a refused zip says why.
 */

#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "util/util.h"
#include "gomod/gomod.h"
#include "gosrc/gosrc.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

/* The bytes as a whole zip's last bytes: its directory, where it is. */
static void
fuzz_zipdir(const char *data, size_t size)
{
	struct zipdir	 zd;
	char		*cause = NULL;
	size_t		 i;

	if (zipdir_locate(data, size, size, &zd, &cause) != 0) {
		if (cause == NULL)
			abort();
		free(cause);
		return;
	}
	if (zd.cd_offset + zd.cd_size > size)
		abort();
	if (zipdir_parse(&zd, data + zd.cd_offset, (size_t)zd.cd_size,
	    &cause) != 0) {
		if (cause == NULL)
			abort();
		free(cause);
		return;
	}
	for (i = 0; i < zd.n; i++)
		if (zd.v[i].end > zd.cd_offset || zd.v[i].offset >
		    zd.v[i].end || zd.v[i].csize > zd.cd_offset -
		    zd.v[i].offset)
			abort();
	zipdir_free(&zd);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static char		 path[] = "/tmp/fuzz-zip.XXXXXX";
	static int		 fd = -1;
	struct modzip_check	 cf;
	struct go_index		 idx;
	char			*cause = NULL, *h1 = NULL;

	if (fd == -1 && (fd = mkstemp(path)) == -1)
		abort();
	if (ftruncate(fd, 0) != 0 || pwrite(fd, data, size, 0) !=
	    (ssize_t)size)
		abort();
	modzip_check_init(&cf);
	if (modzip_check_zip(path, "example.com/m", "v1.0.0", &cf,
	    &cause) == 0) {
		if (dirhash_zip(path, &h1, &cause) == 0 &&
		    strncmp(h1, "h1:", 3) != 0)
			abort();
		free(h1);
		free(cause);
		cause = NULL;
		go_index_init(&idx);
		if (go_index_from_zip(path, "example.com/m", "v1.0.0", NULL,
		    &idx, &cause) == 0)
			go_index_free(&idx);
	} else if (cause == NULL || *cause == '\0')
		abort();	/* refused without a reason */
	free(cause);
	modzip_check_free(&cf);
	fuzz_zipdir((const char *)data, size);
	return (0);
}
