-- Normative documents (seed measures 1 and 3): the registry, its effects
-- ledger, attachments, evaluations before expiry, cleanup campaigns and the
-- published catalogs.

CREATE TABLE normdocs (
	id {{id}},
	title TEXT NOT NULL,
	-- the document number (文号) in canonical form; '' until numbered
	doc_number TEXT NOT NULL DEFAULT '',
	-- the unified registration number (三统一); NULL until registered
	reg_number TEXT UNIQUE,
	lead_unit_id {{bigint}} NOT NULL REFERENCES units(id),
	implementer_id {{bigint}} REFERENCES units(id),
	signed_on TEXT,
	published_on TEXT,
	effective_on TEXT,
	expiry_on TEXT,
	expiry_fixed BOOLEAN NOT NULL DEFAULT FALSE,
	legal_basis TEXT NOT NULL DEFAULT '',
	subjects TEXT NOT NULL DEFAULT '',
	reform_tags TEXT NOT NULL DEFAULT '',
	full_text TEXT NOT NULL DEFAULT '',
	publication_url TEXT NOT NULL DEFAULT '',
	version INTEGER NOT NULL DEFAULT 1,
	created_at {{timestamp}} NOT NULL,
	updated_at {{timestamp}} NOT NULL
);
CREATE UNIQUE INDEX normdocs_number ON normdocs(doc_number) WHERE doc_number <> '';
CREATE INDEX normdocs_lead ON normdocs(lead_unit_id);
CREATE INDEX normdocs_effective ON normdocs(effective_on);
CREATE INDEX normdocs_expiry ON normdocs(expiry_on);

-- Issuing units: the lead and, for joint documents, the co-issuers.
CREATE TABLE normdoc_issuers (
	doc_id {{bigint}} NOT NULL REFERENCES normdocs(id),
	unit_id {{bigint}} NOT NULL REFERENCES units(id),
	lead BOOLEAN NOT NULL,
	PRIMARY KEY (doc_id, unit_id)
);
CREATE INDEX normdoc_issuers_unit ON normdoc_issuers(unit_id);

CREATE TABLE cleanup_campaigns (
	id {{id}},
	name TEXT NOT NULL UNIQUE,
	kind TEXT NOT NULL,
	basis TEXT NOT NULL DEFAULT '',
	-- the saved filter over the registry, as JSON
	scope_json TEXT NOT NULL,
	deadline TEXT NOT NULL,
	state TEXT NOT NULL,
	launched_on TEXT,
	decision_number TEXT NOT NULL DEFAULT '',
	decided_on TEXT,
	note TEXT NOT NULL DEFAULT '',
	version INTEGER NOT NULL DEFAULT 1,
	created_at {{timestamp}} NOT NULL,
	updated_at {{timestamp}} NOT NULL
);

-- The effects ledger: what changed the status of which document, from
-- which day. A document's status on any day, its timeline and the catalogs
-- derive from it. status_after is the status the effect leaves.
CREATE TABLE normdoc_effects (
	id {{id}},
	kind TEXT NOT NULL,
	doc_id {{bigint}} NOT NULL REFERENCES normdocs(id),
	affecting_id {{bigint}} REFERENCES normdocs(id),
	effective_on TEXT NOT NULL,
	status_after TEXT NOT NULL,
	decision_number TEXT NOT NULL DEFAULT '',
	campaign_id {{bigint}} REFERENCES cleanup_campaigns(id),
	new_expiry TEXT,
	note TEXT NOT NULL DEFAULT '',
	created_at {{timestamp}} NOT NULL
);
CREATE INDEX normdoc_effects_doc ON normdoc_effects(doc_id, effective_on);
CREATE INDEX normdoc_effects_campaign ON normdoc_effects(campaign_id);

-- Attachments are kept in the database so that every instance serves them.
CREATE TABLE normdoc_attachments (
	id {{id}},
	doc_id {{bigint}} NOT NULL REFERENCES normdocs(id),
	filename TEXT NOT NULL,
	content_type TEXT NOT NULL,
	size INTEGER NOT NULL,
	sha256 TEXT NOT NULL,
	data {{blob}} NOT NULL,
	uploaded_at {{timestamp}} NOT NULL,
	uploaded_by TEXT NOT NULL
);
CREATE INDEX normdoc_attachments_doc ON normdoc_attachments(doc_id);

-- Evaluation tasks before expiry, one per document and validity period
-- (the unique key makes the daily job idempotent).
CREATE TABLE normdoc_evaluations (
	id {{id}},
	doc_id {{bigint}} NOT NULL REFERENCES normdocs(id),
	unit_id {{bigint}} NOT NULL REFERENCES units(id),
	expiry_on TEXT NOT NULL,
	opened_on TEXT NOT NULL,
	state TEXT NOT NULL,
	outcome TEXT NOT NULL DEFAULT '',
	decided_on TEXT,
	note TEXT NOT NULL DEFAULT '',
	version INTEGER NOT NULL DEFAULT 1,
	UNIQUE (doc_id, expiry_on)
);
CREATE INDEX normdoc_evaluations_unit ON normdoc_evaluations(unit_id, state);

-- One row per document of a campaign: the responsible unit, its proposal
-- and the legal affairs office's review.
CREATE TABLE cleanup_items (
	id {{id}},
	campaign_id {{bigint}} NOT NULL REFERENCES cleanup_campaigns(id),
	doc_id {{bigint}} NOT NULL REFERENCES normdocs(id),
	unit_id {{bigint}} NOT NULL REFERENCES units(id),
	basis TEXT NOT NULL,
	state TEXT NOT NULL,
	outcome TEXT NOT NULL DEFAULT '',
	reason TEXT NOT NULL DEFAULT '',
	detail TEXT NOT NULL DEFAULT '',
	clause TEXT NOT NULL DEFAULT '',
	proposed_by TEXT NOT NULL DEFAULT '',
	proposed_on TEXT,
	review_comment TEXT NOT NULL DEFAULT '',
	reviewed_by TEXT NOT NULL DEFAULT '',
	reviewed_on TEXT,
	version INTEGER NOT NULL DEFAULT 1,
	UNIQUE (campaign_id, doc_id)
);
CREATE INDEX cleanup_items_unit ON cleanup_items(campaign_id, unit_id, state);

-- Published catalogs: each publication is a version with its date; its
-- rows are frozen copies, so a version reads the same forever.
CREATE TABLE catalog_publications (
	id {{id}},
	title TEXT NOT NULL,
	as_of TEXT NOT NULL,
	since TEXT,
	published_on TEXT NOT NULL,
	campaign_id {{bigint}} REFERENCES cleanup_campaigns(id),
	url TEXT NOT NULL DEFAULT '',
	note TEXT NOT NULL DEFAULT '',
	in_force INTEGER NOT NULL,
	abolished INTEGER NOT NULL,
	expired INTEGER NOT NULL,
	created_at {{timestamp}} NOT NULL
);

CREATE TABLE catalog_entries (
	publication_id {{bigint}} NOT NULL REFERENCES catalog_publications(id),
	catalog TEXT NOT NULL,
	seq INTEGER NOT NULL,
	doc_id {{bigint}} NOT NULL REFERENCES normdocs(id),
	title TEXT NOT NULL,
	doc_number TEXT NOT NULL,
	reg_number TEXT NOT NULL,
	issuers TEXT NOT NULL,
	level TEXT NOT NULL,
	published_on TEXT,
	effective_on TEXT,
	expiry_on TEXT,
	status TEXT NOT NULL,
	status_on TEXT,
	basis TEXT NOT NULL DEFAULT '',
	PRIMARY KEY (publication_id, catalog, seq)
);
CREATE INDEX catalog_entries_doc ON catalog_entries(doc_id);
