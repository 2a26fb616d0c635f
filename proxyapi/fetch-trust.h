/*
 * fetch-trust.h: the trust anchors of a fetcher's HTTPS connections,
 * parsed once per fetcher (fetch-trust.c says why). Only fetch.c uses it.
 */
#ifndef FETCH_TRUST_H
#define FETCH_TRUST_H

#include <curl/curl.h>

struct fetch_trust;

void			 fetch_trust_init(void);
struct fetch_trust	*fetch_trust_new(void);
void			 fetch_trust_free(struct fetch_trust *);
void			 fetch_trust_use(struct fetch_trust *, CURL *);

#endif /* FETCH_TRUST_H */
