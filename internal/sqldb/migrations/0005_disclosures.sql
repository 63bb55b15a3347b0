-- Public disclosure of penalty decisions (seed measure 4): one row per
-- decision with the fields of the national penalty data set, the masked
-- public text frozen at publication, and the lifecycle dates that prove
-- the statutory periods were kept (publication within 7 working days,
-- withdrawal within 3 working days of a change, display until the end of
-- the period of its category). The workflow item of each record carries
-- its state and timers; status here mirrors it for filtering.
CREATE TABLE disclosures (
	id {{id}},
	unit_id {{bigint}} NOT NULL REFERENCES units(id),
	-- the decided case it came from (enforcement area); no foreign key so
	-- that imports from other systems need no case
	source_case_id {{bigint}},

	party_name TEXT NOT NULL,
	party_category TEXT NOT NULL,
	credit_code TEXT NOT NULL DEFAULT '',
	registration_no TEXT NOT NULL DEFAULT '',
	org_code TEXT NOT NULL DEFAULT '',
	tax_no TEXT NOT NULL DEFAULT '',
	institution_no TEXT NOT NULL DEFAULT '',
	social_org_no TEXT NOT NULL DEFAULT '',
	legal_rep TEXT NOT NULL DEFAULT '',
	legal_rep_id_type TEXT NOT NULL DEFAULT '',
	legal_rep_id TEXT NOT NULL DEFAULT '',
	party_id_type TEXT NOT NULL DEFAULT '',
	party_id TEXT NOT NULL DEFAULT '',
	minor BOOLEAN NOT NULL DEFAULT FALSE,
	-- names of other natural persons in the texts, one per line
	other_persons TEXT NOT NULL DEFAULT '',

	decision_number TEXT NOT NULL,
	violation_type TEXT NOT NULL,
	facts TEXT NOT NULL,
	basis TEXT NOT NULL,
	-- category codes joined by ';', and the heaviest one for filters
	categories TEXT NOT NULL,
	principal_category TEXT NOT NULL,
	content TEXT NOT NULL,
	-- amounts in fen (0.01 yuan); the data set states them in 万元
	fine {{bigint}} NOT NULL DEFAULT 0,
	confiscation {{bigint}} NOT NULL DEFAULT 0,
	licence TEXT NOT NULL DEFAULT '',
	decided_on TEXT NOT NULL,
	penalty_valid_until TEXT,
	display_until TEXT,
	agency TEXT NOT NULL,
	agency_code TEXT NOT NULL DEFAULT '',
	data_source TEXT NOT NULL,
	data_source_code TEXT NOT NULL DEFAULT '',
	note TEXT NOT NULL DEFAULT '',

	-- the public text under the masking policy at publication; NULL where
	-- it equals the original (most texts hold no personal data)
	public_party TEXT,
	public_legal_rep TEXT,
	public_facts TEXT,
	public_basis TEXT,
	public_content TEXT,
	public_licence TEXT,
	public_note TEXT,

	status TEXT NOT NULL,
	publish_due TEXT NOT NULL,
	published_on TEXT,
	published_late BOOLEAN NOT NULL DEFAULT FALSE,
	withheld_reason TEXT NOT NULL DEFAULT '',
	changed_on TEXT,
	withdraw_due TEXT,
	withdrawn_on TEXT,
	withdraw_reason TEXT NOT NULL DEFAULT '',
	withdrawn_late BOOLEAN NOT NULL DEFAULT FALSE,
	expired_on TEXT,

	version INTEGER NOT NULL DEFAULT 1,
	created_at {{timestamp}} NOT NULL,
	updated_at {{timestamp}} NOT NULL,
	-- an agency numbers its decisions once
	UNIQUE (unit_id, decision_number)
);
-- A unit's list by date; the daily expiry and the withdrawal log by status.
-- The public search has its own index (0006).
CREATE INDEX disclosures_unit ON disclosures(unit_id, decided_on);
CREATE INDEX disclosures_display ON disclosures(status, display_until);
