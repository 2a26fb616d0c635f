/*
 * The listening sockets. The Unix socket's directory is made 0700 and
 * must be ours with no group or other bits (tmux's make_label); a socket
 * that answers belongs to a live daemon and is never taken; one that does
 * not is stale and replaced; the socket is bound under a tight umask and
 * left 0600. With a socket group (a shared machine), the directory is
 * 0750 and the socket 0660, both of that group, and nothing more: the
 * mode is the only gate, as for the owner.
 */

#include "config.h"

#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>

#include <netinet/in.h>
#include <arpa/inet.h>
#include <netdb.h>

#include <errno.h>
#include <grp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "util/util.h"
#include "daemon/daemon.h"

/* Make the socket's directory, or check the one that is there: ours,
 * 0700, or 0750 of the socket group (gid; -1: none). */
static int
listen_check_dir(const char *path, gid_t gid, char **cause)
{
	struct stat	 sb;
	char		*dir, *slash;
	int		 rc = -1;
	mode_t		 want = gid != (gid_t)-1 ? 0750 : 0700;

	dir = xstrdup(path);
	if ((slash = strrchr(dir, '/')) == NULL || slash == dir) {
		free(dir);
		return (0);
	}
	*slash = '\0';
	if (mkdir(dir, 0700) == -1 && errno != EEXIST)
		xasprintf(cause, "mkdir %s: %s", dir, strerror(errno));
	else if (lstat(dir, &sb) == -1)
		xasprintf(cause, "%s: %s", dir, strerror(errno));
	else if (!S_ISDIR(sb.st_mode))
		xasprintf(cause, "%s is not a directory", dir);
	else if (sb.st_uid != getuid())
		xasprintf(cause, "directory %s is not yours", dir);
	else if (gid != (gid_t)-1 && (chown(dir, (uid_t)-1, gid) == -1 ||
	    chmod(dir, want) == -1))
		xasprintf(cause, "%s: %s", dir, strerror(errno));
	else if (gid != (gid_t)-1)
		rc = 0;		/* made ours and the group's, just now */
	else if ((sb.st_mode & 077) != 0)
		xasprintf(cause, "directory %s has unsafe permissions (it "
		    "must be yours and mode 0700: chmod 700 %s)", dir, dir);
	else
		rc = 0;
	free(dir);
	return (rc);
}

/* Fill a sockaddr_un; -1 if the path is too long. */
static int
listen_sun(const char *path, struct sockaddr_un *sun, char **cause)
{
	memset(sun, 0, sizeof *sun);
	sun->sun_family = AF_UNIX;
	if (strlcpy(sun->sun_path, path, sizeof sun->sun_path) >=
	    sizeof sun->sun_path) {
		xasprintf(cause, "socket path %s is too long", path);
		return (-1);
	}
	return (0);
}

/* Make the Unix socket (group: the socket group, or NULL). */
int
listen_unix(const char *path, const char *group, char **cause)
{
	struct sockaddr_un	 sun;
	struct group		*gr;
	mode_t			 mask;
	gid_t			 gid = (gid_t)-1;
	int			 fd, probe;

	if (group != NULL) {
		/* At startup, before any thread: getgrnam is safe here. */
		if ((gr = getgrnam(group)) == NULL) {
			xasprintf(cause, "socket-group %s: no such group",
			    group);
			return (-1);
		}
		gid = gr->gr_gid;
	}
	if (listen_check_dir(path, gid, cause) != 0 ||
	    listen_sun(path, &sun, cause) != 0)
		return (-1);
	/* Connect first: never take a live daemon's socket. */
	if ((probe = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0)) != -1) {
		if (connect(probe, (struct sockaddr *)&sun, sizeof sun) == 0) {
			close(probe);
			xasprintf(cause, "%s: another modvetd is serving this "
			    "socket (stop it first, or use --socket)", path);
			return (-1);
		}
		close(probe);
	}
	if (unlink(path) == -1 && errno != ENOENT) {
		xasprintf(cause, "unlink %s: %s", path, strerror(errno));
		return (-1);
	}
	if ((fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0)) == -1) {
		xasprintf(cause, "socket: %s", strerror(errno));
		return (-1);
	}
	mask = umask(S_IXUSR | S_IRWXG | S_IRWXO);
	if (bind(fd, (struct sockaddr *)&sun, sizeof sun) == -1) {
		xasprintf(cause, "bind %s: %s", path, strerror(errno));
		umask(mask);
		close(fd);
		return (-1);
	}
	umask(mask);
	if ((gid != (gid_t)-1 && chown(path, (uid_t)-1, gid) == -1) ||
	    chmod(path, gid != (gid_t)-1 ? 0660 : 0600) == -1 ||
	    listen(fd, 128) == -1) {
		xasprintf(cause, "%s: %s", path, strerror(errno));
		close(fd);
		return (-1);
	}
	return (fd);
}

/* A TCP socket for ADDR:PORT (port 0 picks one; getsockname tells). */
int
listen_tcp(const char *spec, int *loopback, char **cause)
{
	struct addrinfo	 hints, *res = NULL;
	char		*host, *port;
	int		 fd = -1, on = 1, rc;

	host = xstrdup(spec);
	if ((port = strrchr(host, ':')) == NULL) {
		xasprintf(cause, "listen %s: expected ADDR:PORT", spec);
		free(host);
		return (-1);
	}
	*port++ = '\0';
	if (host[0] == '[' && host[strlen(host) - 1] == ']') {
		memmove(host, host + 1, strlen(host));
		host[strlen(host) - 1] = '\0';
	}
	memset(&hints, 0, sizeof hints);
	hints.ai_socktype = SOCK_STREAM;
	hints.ai_flags = AI_PASSIVE | AI_NUMERICSERV;
	if ((rc = getaddrinfo(host, port, &hints, &res)) != 0) {
		xasprintf(cause, "listen %s: %s", spec, gai_strerror(rc));
		goto out;
	}
	*loopback = res->ai_family == AF_INET ? ((ntohl(((struct sockaddr_in *)
	    res->ai_addr)->sin_addr.s_addr) >> 24) == 127) :
	    IN6_IS_ADDR_LOOPBACK(&((struct sockaddr_in6 *)
	    res->ai_addr)->sin6_addr);
	if ((fd = socket(res->ai_family, SOCK_STREAM | SOCK_CLOEXEC, 0)) ==
	    -1 || setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &on, sizeof on) ==
	    -1 || bind(fd, res->ai_addr, res->ai_addrlen) == -1 ||
	    listen(fd, 128) == -1) {
		xasprintf(cause, "listen %s: %s", spec, strerror(errno));
		if (fd != -1)
			close(fd);
		fd = -1;
	}
out:
	if (res != NULL)
		freeaddrinfo(res);
	free(host);
	return (fd);
}

/* "ADDR:PORT" of a bound TCP socket, the port read back (caller frees). */
char *
listen_tcp_name(int fd)
{
	struct sockaddr_storage	 ss;
	socklen_t		 len = sizeof ss;
	char			 host[INET6_ADDRSTRLEN], *out;
	int			 port;

	if (getsockname(fd, (struct sockaddr *)&ss, &len) == -1)
		return (xstrdup("?"));
	if (ss.ss_family == AF_INET6) {
		inet_ntop(AF_INET6, &((struct sockaddr_in6 *)&ss)->sin6_addr,
		    host, sizeof host);
		port = ntohs(((struct sockaddr_in6 *)&ss)->sin6_port);
		xasprintf(&out, "[%s]:%d", host, port);
	} else {
		inet_ntop(AF_INET, &((struct sockaddr_in *)&ss)->sin_addr,
		    host, sizeof host);
		port = ntohs(((struct sockaddr_in *)&ss)->sin_port);
		xasprintf(&out, "%s:%d", host, port);
	}
	return (out);
}
