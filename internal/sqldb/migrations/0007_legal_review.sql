-- Legal review of major enforcement decisions (seed measure 8; 行政处罚法
-- 第五十八条, 国办发〔2018〕118号): the units' review catalogues and the
-- catalogue of decisions reported to the city government, the reviewer
-- pool, the reviews in rounds with their materials and opinions, and the
-- approvals. Dates are 'YYYY-MM-DD' text; amounts in catalogues are whole
-- yuan, as catalogues write them.

-- One version of a unit's catalogue. purpose 'review' is the review
-- catalogue, 'approval' the decisions reported for approval. A draft
-- (published FALSE) may be edited; a published version is frozen and a
-- change is the next catalog_version. version is the optimistic lock.
CREATE TABLE review_catalogs (
	id {{id}},
	unit_id {{bigint}} NOT NULL REFERENCES units(id),
	purpose TEXT NOT NULL,
	catalog_version INTEGER NOT NULL,
	effective_from TEXT NOT NULL,
	basis TEXT NOT NULL,
	published BOOLEAN NOT NULL DEFAULT FALSE,
	published_on TEXT,
	version INTEGER NOT NULL DEFAULT 1,
	created_at {{timestamp}} NOT NULL,
	updated_at {{timestamp}} NOT NULL,
	UNIQUE (unit_id, purpose, catalog_version)
);

-- The lines of a catalogue version, in order.
CREATE TABLE review_catalog_rules (
	catalog_id {{bigint}} NOT NULL REFERENCES review_catalogs(id),
	seq INTEGER NOT NULL,
	kind TEXT NOT NULL,
	party_type TEXT NOT NULL DEFAULT '',
	amount {{bigint}} NOT NULL DEFAULT 0,
	note TEXT NOT NULL DEFAULT '',
	PRIMARY KEY (catalog_id, seq)
);

-- What a catalogue tests that the case record does not hold: declared by
-- the handling unit, or a referral by the handling head.
CREATE TABLE review_case_flags (
	case_id {{bigint}} PRIMARY KEY REFERENCES enf_cases(id),
	unit_id {{bigint}} NOT NULL REFERENCES units(id),
	major_public_interest BOOLEAN NOT NULL DEFAULT FALSE,
	complex BOOLEAN NOT NULL DEFAULT FALSE,
	referred BOOLEAN NOT NULL DEFAULT FALSE,
	note TEXT NOT NULL DEFAULT '',
	version INTEGER NOT NULL DEFAULT 1,
	updated_at {{timestamp}} NOT NULL
);

-- The reviewer pool: people designated as their unit's legal reviewers
-- (counted against the staffing target). The legal qualification is read
-- from the officer record; prior_reviews counts reviews done before the
-- platform, which exempt from the qualification (Art. 58: first-time
-- reviewers only).
CREATE TABLE review_reviewers (
	person_id {{bigint}} PRIMARY KEY REFERENCES people(id),
	unit_id {{bigint}} NOT NULL REFERENCES units(id),
	since TEXT NOT NULL,
	active BOOLEAN NOT NULL DEFAULT TRUE,
	prior_reviews INTEGER NOT NULL DEFAULT 0,
	note TEXT NOT NULL DEFAULT '',
	version INTEGER NOT NULL DEFAULT 1,
	created_at {{timestamp}} NOT NULL,
	updated_at {{timestamp}} NOT NULL
);
CREATE INDEX review_reviewers_unit ON review_reviewers(unit_id);

-- A legal review of a case. Its state lives in workflow_items
-- (record_kind 'legal_review'); round counts the submissions.
CREATE TABLE legal_reviews (
	id {{id}},
	case_id {{bigint}} NOT NULL REFERENCES enf_cases(id),
	unit_id {{bigint}} NOT NULL REFERENCES units(id),
	number TEXT NOT NULL UNIQUE,
	catalog_id {{bigint}} REFERENCES review_catalogs(id),
	-- the matching rules at submission, one sentence a line
	reasons TEXT NOT NULL,
	decision_on TEXT NOT NULL,
	submitted_on TEXT NOT NULL,
	submitter TEXT NOT NULL,
	round INTEGER NOT NULL DEFAULT 1,
	reviewer_id {{bigint}} REFERENCES people(id),
	reviewer_unit_id {{bigint}} REFERENCES units(id),
	invited BOOLEAN NOT NULL DEFAULT FALSE,
	invite_reason TEXT NOT NULL DEFAULT '',
	assigned_on TEXT,
	round_on TEXT,
	passed_on TEXT,
	closed_on TEXT,
	discussion TEXT NOT NULL DEFAULT '',
	version INTEGER NOT NULL DEFAULT 1,
	created_at {{timestamp}} NOT NULL,
	updated_at {{timestamp}} NOT NULL
);
CREATE INDEX legal_reviews_case ON legal_reviews(case_id);
CREATE INDEX legal_reviews_unit ON legal_reviews(unit_id, submitted_on);
CREATE INDEX legal_reviews_reviewer ON legal_reviews(reviewer_id);

-- Each submission of a review: the first, and every resubmission after a
-- return with what was corrected.
CREATE TABLE legal_review_rounds (
	review_id {{bigint}} NOT NULL REFERENCES legal_reviews(id),
	round INTEGER NOT NULL,
	submitted_on TEXT NOT NULL,
	submitter TEXT NOT NULL,
	note TEXT NOT NULL DEFAULT '',
	PRIMARY KEY (review_id, round)
);

-- The documents of a submission package, each round's own. The content
-- is in the database so that every instance serves it.
CREATE TABLE legal_review_materials (
	id {{id}},
	review_id {{bigint}} NOT NULL REFERENCES legal_reviews(id),
	round INTEGER NOT NULL,
	kind TEXT NOT NULL,
	filename TEXT NOT NULL,
	content_type TEXT NOT NULL,
	size {{bigint}} NOT NULL,
	sha256 TEXT NOT NULL,
	content {{blob}} NOT NULL,
	uploaded_on TEXT NOT NULL,
	uploaded_by TEXT NOT NULL,
	created_at {{timestamp}} NOT NULL
);
CREATE INDEX legal_review_materials_review ON legal_review_materials(review_id, round);

-- The opinion of each round (法制审核意见书): the verdict, the summary,
-- and the period it ran against.
CREATE TABLE legal_review_opinions (
	id {{id}},
	review_id {{bigint}} NOT NULL REFERENCES legal_reviews(id),
	round INTEGER NOT NULL,
	reviewer_id {{bigint}} NOT NULL REFERENCES people(id),
	reviewer_name TEXT NOT NULL,
	conclusion TEXT NOT NULL,
	summary TEXT NOT NULL DEFAULT '',
	started_on TEXT NOT NULL,
	due_on TEXT,
	given_on TEXT NOT NULL,
	created_at {{timestamp}} NOT NULL,
	UNIQUE (review_id, round)
);
CREATE INDEX legal_review_opinions_reviewer ON legal_review_opinions(reviewer_id);

-- The itemised findings of an opinion, one per checklist point.
CREATE TABLE legal_review_findings (
	opinion_id {{bigint}} NOT NULL REFERENCES legal_review_opinions(id),
	item TEXT NOT NULL,
	ok BOOLEAN NOT NULL,
	comment TEXT NOT NULL DEFAULT '',
	PRIMARY KEY (opinion_id, item)
);

-- A decision reported to the city government for approval. Its state
-- lives in workflow_items (record_kind 'gov_approval').
CREATE TABLE gov_approvals (
	id {{id}},
	case_id {{bigint}} NOT NULL REFERENCES enf_cases(id),
	unit_id {{bigint}} NOT NULL REFERENCES units(id),
	number TEXT NOT NULL UNIQUE,
	catalog_id {{bigint}} REFERENCES review_catalogs(id),
	reasons TEXT NOT NULL,
	summary TEXT NOT NULL,
	drafted_on TEXT NOT NULL,
	sent_on TEXT,
	forwarded_on TEXT,
	decided_on TEXT,
	office_opinion TEXT NOT NULL DEFAULT '',
	government_ref TEXT NOT NULL DEFAULT '',
	version INTEGER NOT NULL DEFAULT 1,
	created_at {{timestamp}} NOT NULL,
	updated_at {{timestamp}} NOT NULL
);
CREATE INDEX gov_approvals_case ON gov_approvals(case_id);
CREATE INDEX gov_approvals_unit ON gov_approvals(unit_id, drafted_on);
