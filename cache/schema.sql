-- modvet's cache: one SQLite file. Version 1 of the schema; a later
-- version adds numbered migrations and bumps PRAGMA user_version.
--
-- Immutable facts (a version's .info, .mod, hashes, requirements) are kept
-- forever. Lists and negative answers expire; when every upstream fails
-- they are still answered, marked stale with their age.

CREATE TABLE module (
	path		TEXT PRIMARY KEY NOT NULL,
	list		BLOB,			-- the @v/list body
	list_origin	TEXT,			-- which upstream gave it
	list_fetched	INTEGER			-- ms since the epoch
);

CREATE TABLE version (
	path		TEXT NOT NULL,
	version		TEXT NOT NULL,
	info		BLOB,			-- the .info body
	time		TEXT,			-- its Time
	info_origin	TEXT,
	info_fetched	INTEGER,
	mod		BLOB,			-- the .mod body
	mod_origin	TEXT,
	mod_fetched	INTEGER,
	go_line		TEXT,			-- "go" directive of the .mod
	h1_mod		TEXT,			-- go.sum hash of the .mod
	h1_zip		TEXT,			-- go.sum hash of the zip
	PRIMARY KEY (path, version)
);

-- The requirements of a version's go.mod (parsed as a dependency's).
-- This table, retraction, deprecation and version.go_line are schema 1's:
-- schema 8 drops them (cache/cache.c), for nothing read them.
CREATE TABLE requirement (
	path		TEXT NOT NULL,
	version		TEXT NOT NULL,
	seq		INTEGER NOT NULL,
	req_path	TEXT NOT NULL,
	req_version	TEXT NOT NULL,
	indirect	INTEGER NOT NULL DEFAULT 0,
	PRIMARY KEY (path, version, seq)
);

-- Retractions and deprecation declared by a version's go.mod; the
-- module's are those of its latest version.
CREATE TABLE retraction (
	path		TEXT NOT NULL,
	version		TEXT NOT NULL,		-- the go.mod declaring it
	seq		INTEGER NOT NULL,
	low		TEXT NOT NULL,
	high		TEXT NOT NULL,
	rationale	TEXT NOT NULL DEFAULT '',
	PRIMARY KEY (path, version, seq)
);

CREATE TABLE deprecation (
	path		TEXT NOT NULL,
	version		TEXT NOT NULL,
	message		TEXT NOT NULL,
	PRIMARY KEY (path, version)
);

-- "Does not exist" answers, with the evidence that proved them.
CREATE TABLE negative (
	path		TEXT NOT NULL,
	version		TEXT NOT NULL,		-- '' for the module itself
	kind		TEXT NOT NULL,		-- list, info, mod, zip
	evidence	TEXT NOT NULL,
	origin		TEXT NOT NULL,
	fetched		INTEGER NOT NULL,
	PRIMARY KEY (path, version, kind)
);

CREATE TABLE watch (
	path		TEXT PRIMARY KEY NOT NULL,
	added		INTEGER NOT NULL
);

CREATE TABLE report (
	id		INTEGER PRIMARY KEY AUTOINCREMENT,
	ran		INTEGER NOT NULL,
	summary		TEXT NOT NULL,		-- JSON
	needs_attention	INTEGER NOT NULL DEFAULT 0
);

-- What a report saw, so the next one can say what is new or fixed.
CREATE TABLE report_item (
	report		INTEGER NOT NULL REFERENCES report(id) ON DELETE CASCADE,
	kind		TEXT NOT NULL,		-- release, finding
	subject		TEXT NOT NULL,
	detail		TEXT NOT NULL DEFAULT '',
	PRIMARY KEY (report, kind, subject)
);
