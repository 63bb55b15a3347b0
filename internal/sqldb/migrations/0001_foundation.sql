-- Foundation: organisations, people, accounts, sessions, audit chain,
-- rule table, calendar overrides, workflow core, leases.
-- Dates are stored as 'YYYY-MM-DD' text on both engines (they sort and
-- compare correctly as text); instants are {{timestamp}} in UTC.

CREATE TABLE units (
	id {{id}},
	name TEXT NOT NULL UNIQUE,
	short_name TEXT NOT NULL DEFAULT '',
	kind TEXT NOT NULL,
	sub_kind TEXT NOT NULL DEFAULT '',
	parent_id {{bigint}} REFERENCES units(id),
	credit_code TEXT UNIQUE,
	enforcement BOOLEAN NOT NULL DEFAULT FALSE,
	successor_id {{bigint}} REFERENCES units(id),
	abolished_on TEXT,
	address TEXT NOT NULL DEFAULT '',
	phone TEXT NOT NULL DEFAULT '',
	sort_order INTEGER NOT NULL DEFAULT 0,
	version INTEGER NOT NULL DEFAULT 1,
	created_at {{timestamp}} NOT NULL,
	updated_at {{timestamp}} NOT NULL
);
CREATE INDEX units_parent ON units(parent_id);
CREATE INDEX units_kind ON units(kind);

CREATE TABLE people (
	id {{id}},
	name TEXT NOT NULL,
	resident_id TEXT NOT NULL UNIQUE,
	gender TEXT NOT NULL,
	birth_date TEXT NOT NULL,
	unit_id {{bigint}} NOT NULL REFERENCES units(id),
	post TEXT NOT NULL DEFAULT '',
	phone TEXT NOT NULL DEFAULT '',
	status TEXT NOT NULL DEFAULT 'active',
	version INTEGER NOT NULL DEFAULT 1,
	created_at {{timestamp}} NOT NULL,
	updated_at {{timestamp}} NOT NULL
);
CREATE INDEX people_unit ON people(unit_id);
CREATE INDEX people_name ON people(name);

CREATE TABLE users (
	id {{id}},
	username TEXT NOT NULL UNIQUE,
	display_name TEXT NOT NULL,
	password_hash TEXT NOT NULL,
	unit_id {{bigint}} NOT NULL REFERENCES units(id),
	person_id {{bigint}} REFERENCES people(id),
	disabled BOOLEAN NOT NULL DEFAULT FALSE,
	created_at {{timestamp}} NOT NULL,
	last_login_at {{timestamp}}
);

CREATE TABLE user_roles (
	user_id {{bigint}} NOT NULL REFERENCES users(id),
	role TEXT NOT NULL,
	PRIMARY KEY (user_id, role)
);

-- Sessions live here, not in memory, so that any instance serves any
-- request. The cookie carries a random token; only its SHA-256 is stored.
CREATE TABLE sessions (
	token_hash TEXT PRIMARY KEY,
	user_id {{bigint}} NOT NULL REFERENCES users(id),
	csrf_token TEXT NOT NULL,
	created_at {{timestamp}} NOT NULL,
	expires_at {{timestamp}} NOT NULL,
	last_seen_at {{timestamp}} NOT NULL,
	ip TEXT NOT NULL DEFAULT '',
	user_agent TEXT NOT NULL DEFAULT ''
);
CREATE INDEX sessions_user ON sessions(user_id);

CREATE TABLE login_attempts (
	id {{id}},
	username TEXT NOT NULL,
	ip TEXT NOT NULL,
	at {{timestamp}} NOT NULL,
	ok BOOLEAN NOT NULL
);
CREATE INDEX login_attempts_user ON login_attempts(username, at);
CREATE INDEX login_attempts_ip ON login_attempts(ip, at);

-- The audit chain: append-only, each event hashing its predecessor.
CREATE TABLE audit_events (
	seq {{bigint}} PRIMARY KEY,
	at {{timestamp}} NOT NULL,
	actor_id {{bigint}},
	actor_name TEXT NOT NULL,
	unit_id {{bigint}},
	record_kind TEXT NOT NULL,
	record_id {{bigint}} NOT NULL,
	action TEXT NOT NULL,
	reason TEXT NOT NULL DEFAULT '',
	before_json TEXT NOT NULL DEFAULT '',
	after_json TEXT NOT NULL DEFAULT '',
	prev_hash TEXT NOT NULL,
	hash TEXT NOT NULL UNIQUE
);
CREATE INDEX audit_record ON audit_events(record_kind, record_id);

-- The rule table: every statutory period, threshold and format.
CREATE TABLE rules (
	id {{id}},
	rule_key TEXT NOT NULL,
	title TEXT NOT NULL,
	value TEXT NOT NULL,
	value_unit TEXT NOT NULL,
	citation TEXT NOT NULL,
	verification TEXT NOT NULL DEFAULT '',
	jurisdiction TEXT NOT NULL,
	effective_from TEXT NOT NULL,
	effective_to TEXT,
	note TEXT NOT NULL DEFAULT '',
	version INTEGER NOT NULL DEFAULT 1,
	updated_at {{timestamp}} NOT NULL,
	UNIQUE (rule_key, jurisdiction, effective_from)
);

CREATE TABLE calendar_overrides (
	id {{id}},
	day TEXT NOT NULL UNIQUE,
	kind TEXT NOT NULL,
	name TEXT NOT NULL DEFAULT '',
	reason TEXT NOT NULL,
	created_by {{bigint}},
	created_at {{timestamp}} NOT NULL
);

-- Workflow core: one row per record that runs a workflow, with the
-- version that makes concurrent transitions safe.
CREATE TABLE workflow_items (
	id {{id}},
	workflow TEXT NOT NULL,
	record_kind TEXT NOT NULL,
	record_id {{bigint}} NOT NULL,
	unit_id {{bigint}} NOT NULL REFERENCES units(id),
	title TEXT NOT NULL DEFAULT '',
	state TEXT NOT NULL,
	version INTEGER NOT NULL DEFAULT 1,
	entered_at {{timestamp}} NOT NULL,
	updated_at {{timestamp}} NOT NULL,
	UNIQUE (record_kind, record_id)
);
CREATE INDEX workflow_items_unit ON workflow_items(unit_id, state);

CREATE TABLE workflow_timers (
	id {{id}},
	item_id {{bigint}} NOT NULL REFERENCES workflow_items(id),
	name TEXT NOT NULL,
	rule_key TEXT NOT NULL,
	citation TEXT NOT NULL,
	period_unit TEXT NOT NULL,
	period INTEGER NOT NULL,
	started_on TEXT NOT NULL,
	due_on TEXT NOT NULL,
	warn_on TEXT NOT NULL,
	state TEXT NOT NULL DEFAULT 'running',
	stopped_at {{timestamp}}
);
CREATE INDEX workflow_timers_due ON workflow_timers(state, due_on);

-- Warnings raised by the supervision scan; the unique key makes a second
-- scan (or a second instance) a no-op.
CREATE TABLE supervision_warnings (
	id {{id}},
	timer_id {{bigint}} NOT NULL REFERENCES workflow_timers(id),
	level TEXT NOT NULL,
	raised_at {{timestamp}} NOT NULL,
	UNIQUE (timer_id, level)
);

-- Leases elect one instance for background work such as the supervision scan.
CREATE TABLE leases (
	name TEXT PRIMARY KEY,
	holder TEXT NOT NULL,
	expires_at {{timestamp}} NOT NULL
);

-- Each import keeps its file's name, counts and outcome.
CREATE TABLE import_runs (
	id {{id}},
	kind TEXT NOT NULL,
	filename TEXT NOT NULL,
	rows_read INTEGER NOT NULL,
	rows_written INTEGER NOT NULL,
	errors INTEGER NOT NULL,
	dry_run BOOLEAN NOT NULL,
	report_json TEXT NOT NULL DEFAULT '',
	actor_id {{bigint}},
	at {{timestamp}} NOT NULL
);
