/*
 * modvet completion bash|zsh|fish: a shell completion script, made from
 * the command table (each command's argument synopsis says its options,
 * their values and its words), the options before the command and the
 * rule table, so that it never falls behind the commands. zsh uses the
 * bash function through bashcompinit.
 *
 *	bash:	eval "$(modvet completion bash)"   (in ~/.bashrc)
 *	zsh:	eval "$(modvet completion zsh)"    (in ~/.zshrc)
 *	fish:	modvet completion fish | source   (in config.fish)
 */

#include "config.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/util.h"
#include "engine/engine.h"
#include "client/client.h"

static int	cmd_completion_exec(int, char **);

const struct client_cmd client_cmd_completion = {
	"completion", "bash|zsh|fish",
	"a completion script for the shell (eval \"$(modvet completion bash)\")",
	cmd_completion_exec, 0
};

#define COMP_MAX_OPTS	8

/* What a command takes, read from its synopsis. */
struct comp_opt {
	char	*name;		/* "-f", "--format" */
	char	*value;		/* NULL: a flag; "DIR"; "FILE"; "a|b|c" */
};
struct comp_spec {
	struct comp_opt	 opts[COMP_MAX_OPTS];
	size_t		 nopts;
	struct strv	 words;		/* "add", "rm", "ls" */
	int		 files;		/* a file argument (go.mod, FILE) */
	int		 rules;		/* a rule argument (RULE) */
};

/* Is s a placeholder such as DIR or MODULE@VERSION? */
static int
comp_placeholder(const char *s)
{
	return (*s != '\0' && isupper((unsigned char)*s));
}

/* Read a synopsis ("[-C DIR] [-f text|json] [go.mod]") into sp. */
static void
comp_parse(const char *args, struct comp_spec *sp)
{
	char	*copy, *tok, *save = NULL, *alt = NULL, *next, *p;

	memset(sp, 0, sizeof *sp);
	strv_init(&sp->words);
	copy = xstrdup(args);
	for (p = copy; *p != '\0'; p++)
		if (*p == '[' || *p == ']')
			*p = ' ';
	tok = strtok_r(copy, " ", &save);
	while (tok != NULL) {
		next = strtok_r(NULL, " ", &save);
		if (*tok == '-' && sp->nopts < COMP_MAX_OPTS) {
			sp->opts[sp->nopts].name = xstrdup(tok);
			if (next != NULL && *next != '-' && *next != '|' &&
			    (comp_placeholder(next) || strchr(next, '|'))) {
				sp->opts[sp->nopts].value = xstrdup(next);
				next = strtok_r(NULL, " ", &save);
			}
			sp->nopts++;
		} else if (strcmp(tok, "|") == 0)
			;
		else if (strcmp(tok, "RULE") == 0)
			sp->rules = 1;
		else if (strcmp(tok, "FILE") == 0 || strchr(tok, '.') != NULL)
			sp->files = 1;	/* FILE, go.mod */
		else if (!comp_placeholder(tok)) {
			/* "add", or choices "bash|zsh|fish" */
			for (p = strtok_r(tok, "|", &alt); p != NULL;
			    p = strtok_r(NULL, "|", &alt))
				strv_push(&sp->words, p);
		}
		tok = next;
	}
	free(copy);
}

static void
comp_free(struct comp_spec *sp)
{
	size_t	i;

	for (i = 0; i < sp->nopts; i++) {
		free(sp->opts[i].name);
		free(sp->opts[i].value);
	}
	strv_free(&sp->words);
}

/* The choices of a value as words ("a|b" -> "a b"), caller frees. */
static char *
comp_choices(const char *value)
{
	char	*s = xstrdup(value), *p;

	for (p = s; *p != '\0'; p++)
		if (*p == '|')
			*p = ' ';
	return (s);
}

/* Every rule code, space-separated (caller frees). */
static char *
comp_rules(void)
{
	const struct rule	*all;
	struct buf		 b;
	size_t			 n, i;

	all = rule_all(&n);
	buf_init(&b, 0);
	for (i = 0; i < n; i++)
		buf_printf(&b, "%s%s", i > 0 ? " " : "", all[i].code);
	return (buf_steal(&b));
}

/* What an option's value completes to, whatever the shell. */
enum comp_value {
	COMP_CHOICES,	/* "a|b|c" */
	COMP_DIRS,	/* DIR */
	COMP_NOTHING,	/* URL: nothing to offer */
	COMP_FILES	/* FILE, PATH, OUT */
};

static enum comp_value
comp_value_kind(const char *value)
{
	if (strchr(value, '|') != NULL)
		return (COMP_CHOICES);
	if (strcmp(value, "DIR") == 0)
		return (COMP_DIRS);
	if (strcmp(value, "URL") == 0)
		return (COMP_NOTHING);
	return (COMP_FILES);
}

/* bash: the reply for an option's value (prev is the option). */
static void
comp_bash_value(const char *name, const char *value)
{
	char	*c;

	printf("\t\t%s)\n", name);
	switch (comp_value_kind(value)) {
	case COMP_CHOICES:
		c = comp_choices(value);
		printf("\t\t\tCOMPREPLY=($(compgen -W \"%s\" -- \"$cur\")); "
		    "return;;\n", c);
		free(c);
		break;
	case COMP_DIRS:
		printf("\t\t\tCOMPREPLY=($(compgen -d -- \"$cur\")); return;;\n");
		break;
	case COMP_NOTHING:
		printf("\t\t\treturn;;\n");
		break;
	case COMP_FILES:
		printf("\t\t\tCOMPREPLY=($(compgen -f -- \"$cur\")); return;;\n");
		break;
	}
}

/* The bash function (zsh runs it through bashcompinit). */
static void
comp_bash(void)
{
	const struct client_cmd *const	*cmds;
	const struct client_gopt	*g;
	struct comp_spec		 sp;
	char				*rules = comp_rules();
	size_t				 n, i, k;

	cmds = client_commands(&n);
	printf("# modvet completion (modvet completion bash)\n"
	    "_modvet()\n{\n"
	    "\tlocal cur=${COMP_WORDS[COMP_CWORD]} "
	    "prev=${COMP_WORDS[COMP_CWORD-1]} i=1 cmd=\n"
	    "\tCOMPREPLY=()\n"
	    "\twhile [ $i -lt $COMP_CWORD ]; do\n"
	    "\t\tcase ${COMP_WORDS[i]} in\n\t\t");
	for (g = client_gopts, k = 0; g->name != NULL; g++)
		if (g->value != NULL)
			printf("%s%s", k++ > 0 ? "|" : "", g->name);
	printf(") i=$((i + 2)); continue;;\n"
	    "\t\t-*) ;;\n"
	    "\t\t*) cmd=${COMP_WORDS[i]}; break;;\n"
	    "\t\tesac\n\t\ti=$((i + 1))\n\tdone\n"
	    "\tcase $cmd in\n\t\"\")\n\t\tcase $prev in\n");
	for (g = client_gopts; g->name != NULL; g++)
		if (g->value != NULL)
			comp_bash_value(g->name, g->value);
	printf("\t\tesac\n\t\tCOMPREPLY=($(compgen -W \"");
	for (g = client_gopts; g->name != NULL; g++)
		printf("%s ", g->name);
	for (i = 0; i < n; i++)
		printf("%s%s", i > 0 ? " " : "", cmds[i]->name);
	printf("\" -- \"$cur\"));;\n");
	for (i = 0; i < n; i++) {
		comp_parse(cmds[i]->args, &sp);
		printf("\t%s)\n\t\tcase $prev in\n", cmds[i]->name);
		for (k = 0; k < sp.nopts; k++)
			if (sp.opts[k].value != NULL)
				comp_bash_value(sp.opts[k].name,
				    sp.opts[k].value);
		printf("\t\tesac\n\t\tCOMPREPLY=($(compgen -W \"");
		for (k = 0; k < sp.nopts; k++)
			printf("%s ", sp.opts[k].name);
		for (k = 0; k < sp.words.n; k++)
			printf("%s ", sp.words.v[k]);
		printf("%s%s--help\" -- \"$cur\")%s);;\n", sp.rules ? rules : "",
		    sp.rules ? " " : "",
		    sp.files ? " $(compgen -f -- \"$cur\")" : "");
		comp_free(&sp);
	}
	printf("\tesac\n}\ncomplete -F _modvet modvet\n");
	free(rules);
}

/* A fish -d description: single-quoted, with ' and \ escaped. */
static void
comp_fish_quoted(const char *s)
{
	putchar('\'');
	for (; *s != '\0'; s++) {
		if (*s == '\'' || *s == '\\')
			putchar('\\');
		putchar(*s);
	}
	putchar('\'');
}

/* One fish option line under condition cond. */
static void
comp_fish_opt(const char *cond, const char *name, const char *value)
{
	char	*c;

	printf("complete -c modvet -n %s ", cond);
	if (name[1] == '-')
		printf("-l %s", name + 2);
	else
		printf("-s %s", name + 1);
	if (value != NULL) {
		switch (comp_value_kind(value)) {
		case COMP_CHOICES:
			c = comp_choices(value);
			printf(" -x -a '%s'", c);
			free(c);
			break;
		case COMP_DIRS:
			printf(" -x -a '(__fish_complete_directories)'");
			break;
		case COMP_NOTHING:
			printf(" -x");
			break;
		case COMP_FILES:
			printf(" -r -F");
			break;
		}
	}
	putchar('\n');
}

/* fish: complete lines, by condition. */
static void
comp_fish(void)
{
	const struct client_cmd *const	*cmds;
	const struct client_gopt	*g;
	struct comp_spec		 sp;
	char				*rules = comp_rules(), *cond;
	size_t				 n, i, k;

	cmds = client_commands(&n);
	printf("# modvet completion (modvet completion fish)\n"
	    "complete -c modvet -f\n");
	for (g = client_gopts; g->name != NULL; g++)
		comp_fish_opt("__fish_use_subcommand", g->name, g->value);
	for (i = 0; i < n; i++) {
		printf("complete -c modvet -n __fish_use_subcommand -a %s -d ",
		    cmds[i]->name);
		comp_fish_quoted(cmds[i]->help);
		putchar('\n');
	}
	for (i = 0; i < n; i++) {
		comp_parse(cmds[i]->args, &sp);
		xasprintf(&cond, "'__fish_seen_subcommand_from %s'",
		    cmds[i]->name);
		for (k = 0; k < sp.nopts; k++)
			comp_fish_opt(cond, sp.opts[k].name, sp.opts[k].value);
		if (sp.words.n > 0) {
			printf("complete -c modvet -n %s -a '", cond);
			for (k = 0; k < sp.words.n; k++)
				printf("%s%s", k > 0 ? " " : "", sp.words.v[k]);
			printf("'\n");
		}
		if (sp.rules)
			printf("complete -c modvet -n %s -a '%s'\n", cond, rules);
		if (sp.files)
			printf("complete -c modvet -n %s -F\n", cond);
		free(cond);
		comp_free(&sp);
	}
	free(rules);
}

static int
cmd_completion_exec(int argc, char **argv)
{
	if (argc != 2)
		client_usage_error(&client_cmd_completion, "name the shell");
	if (strcmp(argv[1], "bash") == 0)
		comp_bash();
	else if (strcmp(argv[1], "zsh") == 0) {
		printf("# (zsh runs the bash completion through bashcompinit)\n"
		    "autoload -U +X compinit && compinit -u\n"
		    "autoload -U +X bashcompinit && bashcompinit\n");
		comp_bash();
	} else if (strcmp(argv[1], "fish") == 0)
		comp_fish();
	else
		client_usage_error(&client_cmd_completion, "no completion for "
		    "\"%s\": bash, zsh or fish", argv[1]);
	return (CLIENT_EXIT_OK);
}
