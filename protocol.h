/*
 * protocol.h: what modvet and modvetd agree on. Routes live under /v1/;
 * bump MODVET_PROTOCOL_VERSION when a route changes shape (don't forget),
 * and the client tells the user to restart the daemon when they differ.
 */
#ifndef PROTOCOL_H
#define PROTOCOL_H

#define MODVET_PROTOCOL_VERSION	1

/* The readiness line modvetd logs once every socket listens. */
#define MODVET_READY_LINE	"modvetd: ready"

/* Request bodies: the default cap (bytes). */
#define MODVET_MAX_BODY		(1024 * 1024)

/* The header carrying the protocol version of the daemon's replies. */
#define MODVET_PROTOCOL_HEADER	"X-Modvet-Protocol"

#endif
