/*
 * A main() for the fuzz targets without libFuzzer: runs the target on
 * every file named on the command line. make check uses it to replay the
 * regression inputs under the normal and sanitizer builds.
 */

#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "util/util.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

int
main(int argc, char **argv)
{
	struct buf	 b;
	char		 chunk[65536];
	size_t		 n;
	FILE		*fp;
	int		 i;

	for (i = 1; i < argc; i++) {
		if ((fp = fopen(argv[i], "rb")) == NULL) {
			perror(argv[i]);
			return (1);
		}
		buf_init(&b, 0);
		while ((n = fread(chunk, 1, sizeof chunk, fp)) > 0)
			buf_add(&b, chunk, n);
		fclose(fp);
		LLVMFuzzerTestOneInput((const uint8_t *)(b.data != NULL ?
		    b.data : ""), b.len);
		buf_free(&b);
	}
	printf("replayed %d inputs\n", argc - 1);
	return (0);
}
