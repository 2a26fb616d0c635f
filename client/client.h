/*
 * client: the modvet command. Each command is a file cmd-*.c holding a
 * struct client_cmd; modvet.c dispatches through a table of them.
 */
#ifndef CLIENT_H
#define CLIENT_H

#include <stddef.h>

#include "gomod/gomod.h"
#include "proxyapi/proxyapi.h"
#include "engine/engine.h"

/* Exit statuses (DESIGN.md): no error findings, error findings, usage or
 * operational failure. */
#define CLIENT_EXIT_OK		0
#define CLIENT_EXIT_FINDINGS	1
#define CLIENT_EXIT_FAILURE	2

/* Largest go.mod or go.sum the client reads (x/mod/zip MaxGoMod). */
#define CLIENT_MAX_MODFILE	(16 * 1024 * 1024)
/* Bytes of parsed go.mod summaries a --local run keeps (engine/modsum.c). */
#define CLIENT_MODSUMS_BYTES	(16 << 20)
#define CLIENT_OBJMEMO_BYTES	(8 << 20)

struct client_cmd {
	const char	*name;
	const char	*args;		/* argument synopsis for usage */
	const char	*help;		/* one line */
	int		(*exec)(int, char **);
	int		 flags;
#define CLIENT_CMD_DATA		0x1	/* --format text|json (-f, -json) */
#define CLIENT_CMD_FINDINGS	0x2	/* --format is its -f (check, fix) */
#define CLIENT_CMD_OWN_OUTPUT	0x4	/* its own -o and --format (report) */
};
/* args.c: the options every command may carry (--opt=value, --format,
 * -json, --output), read before it runs; client_args_finish after. */
void	 client_args_common(const struct client_cmd *, int *, char ***);
int	 client_args_finish(int);
int	 client_args_json(void);

/* check's usage, which the thin client (thin.c) shares. */
#define CLIENT_CHECK_ARGS	"[-C DIR] [-f text|json|sarif|github] [go.mod]"
#define CLIENT_CHECK_HELP \
	"check every pin of a go.mod, with evidence and suggestions"

extern const struct client_cmd	client_cmd_mod_json;
extern const struct client_cmd	client_cmd_mod_fmt;
extern const struct client_cmd	client_cmd_versions;
extern const struct client_cmd	client_cmd_buildlist;
extern const struct client_cmd	client_cmd_graph;
extern const struct client_cmd	client_cmd_check;
extern const struct client_cmd	client_cmd_fix;
extern const struct client_cmd	client_cmd_sum;
extern const struct client_cmd	client_cmd_status;
extern const struct client_cmd	client_cmd_watch;
extern const struct client_cmd	client_cmd_explain;
extern const struct client_cmd	client_cmd_completion;
const struct client_cmd *const *client_commands(size_t *);
struct client_gopt {
	const char	*name;
	const char	*value;
};
extern const struct client_gopt	client_gopts[];
extern const struct client_cmd	client_cmd_history;
extern const struct client_cmd	client_cmd_report;

/* project.c: the go.mod (and go.sum) a command works on. */
struct client_project {
	const char	*dir;		/* -C, or NULL */
	int		 write;		/* -w */
	const char	*format;	/* -f, or NULL */
	char		*gomod;		/* the go.mod's path ("-": stdin) */
	int		 none_found;	/* no go.mod here or above */
	char		*moddir;	/* its directory */
	char		*data;
	size_t		 len;
	char		*gosum_path;	/* NULL when there is no go.sum */
	char		*gosum;
	size_t		 gosum_len;
	int		 sources;	/* send the Go files' imports */
	char		*gowork;	/* the workspace go would use, or
					   NULL */
};
/* Where the go command would use a workspace, say that the module is
 * fixed alone. */
void	 client_project_workspace_note(const struct client_project *);
/* workspace.c: the go.work's own findings (check_workspace) through
 * either door, and its use lines, -1 after printing why; buildlist or
 * graph of the workspace it makes. */
struct findings;
int	 client_workspace_check(const char *, struct findings *,
	    struct strv *);
/* Send a graph request body to a route (either door), print the
 * answer; the exit status. */
int	 client_graph_call(const char *, const char *,
	    void (*)(const struct cJSON *));
int	 client_workspace_run(const char *, const char *,
	    void (*)(const struct cJSON *));
int	 client_project_args(const struct client_cmd *, int, char **,
	    struct client_project *);
int	 client_project_read(struct client_project *);
/* The same, -1 with *why (caller frees) instead of printing it. */
int	 client_project_load(struct client_project *, char **);
/* The project as the API's JSON input (caller frees). */
char	*client_project_json(const struct client_project *);

/* output.c: findings as text, json, sarif or github annotations. */
struct check;
struct client_local;
struct findings;
int	 client_format_ok(const char *);
struct client_print_many {
	const char	*format;
	struct cJSON	*doc;		/* json, sarif: the one document */
};
void	 client_print_many_begin(struct client_print_many *, const char *);
void	 client_print_many_add(struct client_print_many *,
	    const struct findings *, const char *);
void	 client_print_many_end(struct client_print_many *);
void	 client_print_findings(const struct findings *, const char *,
	    const char *);
void	 client_project_free(struct client_project *);
int	 client_graph_run(const struct client_cmd *, int, char **,
	    const char *, void (*)(const struct cJSON *));
/* output.c: a data command's document (either door's), printed as text
 * by print, or with --format json as JSON; deleted. */
void	 client_print_data(struct cJSON *, void (*)(const struct cJSON *));
/* accept.c: the go.mod directory's modvet.accept applied to findings
 * (accepted ones left out, expired entries reported); how many it left
 * out. */
size_t	 client_accept_apply(const char *, struct findings *);
/* cmd-versions.c: a module's release history, the versions route's
 * document, from either door (NULL after saying why). */
struct cJSON	*client_versions_doc(const struct client_cmd *, const char *,
		    int);

/* The options before the command. */
struct client_opts {
	const char	*server;	/* --server URL */
	const char	*token_file;	/* --token-file */
	const char	*socket;	/* --socket (else $MODVET_SOCKET) */
	int		 no_autostart;	/* --no-autostart */
	int		 local;		/* --local or MODVET_LOCAL=1 */
	int		 fail_on;	/* --fail-on: the finding_severity at
					   and above which the exit is 1, or
					   -1 (never) */
	int		 color;		/* --color: -1 auto, 0 never, 1
					   always */
	const char	*format;	/* a data command's --format, or
					   NULL (text) */
};
/* Colour on standard output? --color, else a terminal that is not
 * TERM=dumb, with no NO_COLOR (set and non-empty: no-color.org). */
int	 client_colour(void);
extern struct client_opts	client_opts;
/* filepath.Rel of two absolute paths (caller frees); NULL if not both
 * absolute. */
char	*client_rel(const char *, const char *);
/* options.c: the exit status for findings under --fail-on, from the
 * findings or from their counts by severity. */
struct findings;
int	 client_findings_status(const struct findings *);
int	 client_exit_status(const size_t *);
/* The options before the command (-C changes directory): the index of
 * the command; exits 2 on a usage error. */
int	 client_global_opts(int, char **);
/* The socket the options name: --socket, MODVET_SOCKET, or the default
 * one (caller frees). */
char	*client_socket_path(const struct client_opts *);
/* Our Go environment for the wire (server: a daemon over TCP, which is
 * sent only the Go version); -1 after printing why. */
int	 client_goenv_wire(int, char **);
/* A connection to a Unix socket: its descriptor, or -1. */
int	 client_unix_connect(const char *);

/* remote.c: the API over the socket or --server. */
struct client_remote {
	char	*server;
	char	*socket;
	char	*token;
	char	*env;		/* our Go environment, sent over the socket */
	int	 autostart;
};
struct cJSON;
int	 client_remote_open(struct client_remote *, const struct client_opts *);
void	 client_remote_close(struct client_remote *);
int	 client_remote_running(const struct client_opts *, char **);
struct cJSON *client_remote_call(struct client_remote *, const char *,
	    const char *, const char *, const char *, size_t, long *);

/* call.c: an engine operation (method, route with its query, Content-
 * Type, body) through modvetd or with --local here: the answer's
 * document (caller deletes), or NULL after printing why. client_answer
 * reads either door's status and document so. */
struct cJSON *client_call(const char *, const char *, const char *,
	    const char *, size_t);
struct cJSON *client_answer(const char *, long, struct cJSON *);
/* POST a JSON body (its label for the progress line) to route: the
 * answer, with its findings decoded into the struct findings. */
struct findings;
struct cJSON *client_call_findings(const char *, const char *, const char *,
	    struct findings *);

/* local.c: the upstreams, cache and source, in this process. */
struct client_local {
	struct goenv	 env;
	struct proxy	*proxy;
	struct cache	*cache;
	struct source	 source;
	struct modsums	 modsums;	/* for the graphs of this run */
	struct objmemo	 objmemo;	/* the .info and .mod it read */
};
void	 client_local_open(struct client_local *);
void	 client_local_close(struct client_local *);
/* Where the git mirrors live: MODVET_GITDIR, else beside the cache
 * (caller frees). */
char	*client_local_git_dir(void);

/* progress.c: a progress line on a terminal. */
void	 client_progress(const char *, ...)
	    __attribute__((format(printf, 1, 2)));
void	 client_progress_done(void);
void	 client_progress_source(void *, const char *, size_t, size_t);

/* modvet.c */
void	 client_usage_error(const struct client_cmd *, const char *, ...)
	    __attribute__((format(printf, 2, 3)));
int	 client_read_file(const char *, size_t, char **, size_t *);
/* Its words for the errno of a failed read (caller frees). */
char	*client_read_error(const char *, size_t);
/* Parse a go.mod named on the command line; NULL after printing the
 * errors the way the go command does. */
struct modfile *client_parse_gomod(const char *);

#endif
