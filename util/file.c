/* Reading whole files with a maximum size. */

#include "config.h"

#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "util/util.h"

/* Read an open file to its end, at most max bytes (0: no maximum); the
 * fd stays open. Returns 0 with *out (NUL-terminated, the caller frees
 * it) and *len, or -1 with errno set (EFBIG when it holds more). */
int
util_read_fd(int fd, size_t max, char **out, size_t *len)
{
	struct buf	b;
	char		chunk[65536];
	ssize_t		n;
	int		saved;

	buf_init(&b, max);
	for (;;) {
		n = read(fd, chunk, sizeof chunk);
		if (n == -1 && errno == EINTR)
			continue;
		if (n == -1)
			goto fail;
		if (n == 0)
			break;
		if (buf_add(&b, chunk, n) != 0) {
			errno = EFBIG;
			goto fail;
		}
	}
	*len = b.len;
	*out = buf_steal(&b);
	return (0);
fail:
	saved = errno;
	buf_free(&b);
	errno = saved;
	return (-1);
}

/* Read the file at path, at most max bytes (0: no maximum), as
 * util_read_fd does. */
int
util_read_file(const char *path, size_t max, char **out, size_t *len)
{
	int	fd, rc, saved;

	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) == -1)
		return (-1);
	rc = util_read_fd(fd, max, out, len);
	saved = errno;
	close(fd);
	errno = saved;
	return (rc);
}

/* The default path of modvetd's socket (DESIGN.md): under
 * $XDG_RUNTIME_DIR/modvet/, else /tmp/modvet-UID/. The caller frees it. */
char *
util_socket_path(void)
{
	const char	*rt = getenv("XDG_RUNTIME_DIR");
	char		*p;

	if (rt != NULL && *rt == '/')
		xasprintf(&p, "%s/modvet/modvetd.sock", rt);
	else
		xasprintf(&p, "/tmp/modvet-%ld/modvetd.sock", (long)getuid());
	return (p);
}

/* Write a whole file by a temporary file and rename, so that a reader
 * sees the old content or the new, never a part. 0, or -1 with errno. */
int
util_write_file(const char *path, const char *data, size_t len, int mode)
{
	char	*tmp;
	int	 fd, ok, saved;

	xasprintf(&tmp, "%s.XXXXXX", path);
	if ((fd = mkstemp(tmp)) == -1) {
		free(tmp);
		return (-1);
	}
	ok = write(fd, data, len) == (ssize_t)len && fchmod(fd, mode) == 0 &&
	    fsync(fd) == 0;
	saved = errno;
	if (close(fd) != 0 || !ok || rename(tmp, path) != 0) {
		if (ok)
			saved = errno;
		unlink(tmp);
		free(tmp);
		errno = saved;
		return (-1);
	}
	free(tmp);
	return (0);
}
