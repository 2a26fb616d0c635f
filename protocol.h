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

/* The header of a check answered rendered (?format=): how many errors,
 * warnings and notes it found, "E W N", from which a client that copies
 * the bytes takes its exit status. */
#define MODVET_FINDINGS_HEADER	"X-Modvet-Findings"
#define MODVET_FINDINGS_MAX	64	/* bytes of its value */

#endif
