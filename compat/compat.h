/* Functions some C libraries lack; compat/ provides them when configure
 * finds them missing (AC_REPLACE_FUNCS). */
#ifndef COMPAT_H
#define COMPAT_H

#include <stddef.h>

#ifndef HAVE_STRLCPY
/* Copy src into dst of size dsize, always NUL-terminating; returns strlen(src). */
size_t	strlcpy(char *, const char *, size_t);
#endif

#ifndef HAVE_STRTONUM
/* Parse a decimal number in [minval, maxval]; on failure returns 0 and
 * sets *errstr to "invalid", "too small" or "too large". */
long long strtonum(const char *, long long, long long, const char **);
#endif

#endif
