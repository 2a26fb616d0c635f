/*
 * stopwatch: the wall time of one run of a command, from fork to its
 * exit, in milliseconds with microseconds (a shell's "date" around it
 * adds a process of its own, as much as a warm check costs). The
 * command's output goes to FILE; its exit status is not judged.
 *
 *	stopwatch FILE COMMAND [ARG...]
 */

#include "config.h"

#include <sys/wait.h>

#include <fcntl.h>
#include <stdio.h>
#include <time.h>
#include <unistd.h>

int
main(int argc, char **argv)
{
	struct timespec	a, b;
	pid_t		pid;
	int		fd, status;

	if (argc < 3) {
		fprintf(stderr, "usage: stopwatch FILE COMMAND [ARG...]\n");
		return (2);
	}
	if ((fd = open(argv[1], O_WRONLY | O_CREAT | O_TRUNC, 0644)) == -1) {
		perror(argv[1]);
		return (2);
	}
	clock_gettime(CLOCK_MONOTONIC, &a);
	if ((pid = fork()) == -1) {
		perror("fork");
		return (2);
	}
	if (pid == 0) {
		dup2(fd, 1);
		dup2(fd, 2);
		execvp(argv[2], argv + 2);
		_exit(127);
	}
	waitpid(pid, &status, 0);
	clock_gettime(CLOCK_MONOTONIC, &b);
	printf("%.3f\n", (double)(b.tv_sec - a.tv_sec) * 1e3 +
	    (double)(b.tv_nsec - a.tv_nsec) / 1e6);
	return (0);
}
