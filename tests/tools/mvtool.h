/* mvtool: the test helper's commands (see mvtool.c and mvstack.c). */
#ifndef MVTOOL_H
#define MVTOOL_H

#include <stddef.h>

char	*mvtool_read(const char *, size_t *);
int	 mvtool_readback(int, char **);
int	 mvtool_fetch_all(int, char **);
int	 mvtool_lookups(int, char **);
int	 mvtool_cache_writer(int, char **);
int	 mvtool_cache_verify(int, char **);
int	 mvtool_gitversions(int, char **);
int	 mvtool_info(int, char **);
int	 mvtool_sumdb_lookup(int, char **);
int	 mvtool_importgraph(int, char **);

#endif
