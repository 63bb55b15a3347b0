-- Enforcement officers and certificates (seed measure 5).

-- An officer is a person of the registry with what enforcement needs.
CREATE TABLE officers (
	person_id {{bigint}} PRIMARY KEY REFERENCES people(id),
	establishment TEXT NOT NULL,
	education TEXT NOT NULL DEFAULT '',
	legal_qualification BOOLEAN NOT NULL DEFAULT FALSE,
	enforcement_post BOOLEAN NOT NULL DEFAULT TRUE,
	version INTEGER NOT NULL DEFAULT 1,
	updated_at {{timestamp}} NOT NULL
);

CREATE TABLE training_hours (
	person_id {{bigint}} NOT NULL REFERENCES people(id),
	year INTEGER NOT NULL,
	hours INTEGER NOT NULL,
	PRIMARY KEY (person_id, year)
);

-- Discipline and criminal records that bar registration.
CREATE TABLE officer_records (
	id {{id}},
	person_id {{bigint}} NOT NULL REFERENCES people(id),
	kind TEXT NOT NULL,
	on_date TEXT NOT NULL,
	note TEXT NOT NULL DEFAULT ''
);
CREATE INDEX officer_records_person ON officer_records(person_id);

CREATE TABLE exam_sessions (
	id {{id}},
	name TEXT NOT NULL UNIQUE,
	held_on TEXT NOT NULL,
	pass_mark INTEGER NOT NULL,
	pass_rule_citation TEXT NOT NULL,
	validity_years INTEGER NOT NULL,
	created_at {{timestamp}} NOT NULL
);

CREATE TABLE exam_registrations (
	id {{id}},
	session_id {{bigint}} NOT NULL REFERENCES exam_sessions(id),
	person_id {{bigint}} NOT NULL REFERENCES people(id),
	unit_id {{bigint}} NOT NULL REFERENCES units(id),
	general_score INTEGER,
	special_score INTEGER,
	passed BOOLEAN,
	qualified_until TEXT,
	UNIQUE (session_id, person_id)
);
CREATE INDEX exam_registrations_person ON exam_registrations(person_id);

CREATE TABLE certificates (
	id {{id}},
	number TEXT NOT NULL UNIQUE,
	person_id {{bigint}} NOT NULL REFERENCES people(id),
	-- the holder's name as printed on the card, to notice later changes
	holder_name TEXT NOT NULL,
	unit_id {{bigint}} NOT NULL REFERENCES units(id),
	issuer TEXT NOT NULL,
	area TEXT NOT NULL,
	categories TEXT NOT NULL,
	power_source TEXT NOT NULL,
	issued_on TEXT NOT NULL,
	valid_until TEXT NOT NULL,
	status TEXT NOT NULL,
	status_on TEXT NOT NULL,
	status_reason TEXT NOT NULL DEFAULT '',
	replaces_id {{bigint}} REFERENCES certificates(id),
	registration_id {{bigint}} REFERENCES exam_registrations(id),
	version INTEGER NOT NULL DEFAULT 1,
	created_at {{timestamp}} NOT NULL,
	updated_at {{timestamp}} NOT NULL
);
CREATE INDEX certificates_person ON certificates(person_id);
CREATE INDEX certificates_unit ON certificates(unit_id, status);

-- Every status a certificate has had, from the day it applied: the
-- entitlement service answers "on date D" from this history.
CREATE TABLE certificate_statuses (
	id {{id}},
	certificate_id {{bigint}} NOT NULL REFERENCES certificates(id),
	status TEXT NOT NULL,
	from_date TEXT NOT NULL,
	reason TEXT NOT NULL DEFAULT ''
);
CREATE INDEX certificate_statuses_cert ON certificate_statuses(certificate_id, from_date);

-- Per-year sequence of certificate numbers.
CREATE TABLE number_sequences (
	name TEXT NOT NULL,
	year INTEGER NOT NULL,
	last INTEGER NOT NULL,
	PRIMARY KEY (name, year)
);

CREATE TABLE annual_reviews (
	id {{id}},
	certificate_id {{bigint}} NOT NULL REFERENCES certificates(id),
	year INTEGER NOT NULL,
	unit_id {{bigint}} NOT NULL REFERENCES units(id),
	batch TEXT NOT NULL,
	in_unit BOOLEAN NOT NULL,
	enforcement_post BOOLEAN NOT NULL,
	training_hours INTEGER NOT NULL,
	training_minimum INTEGER NOT NULL,
	training_ok BOOLEAN NOT NULL,
	clean_record BOOLEAN NOT NULL,
	particulars_unchanged BOOLEAN NOT NULL,
	passed BOOLEAN NOT NULL,
	notes TEXT NOT NULL DEFAULT '',
	reviewed_on TEXT NOT NULL,
	UNIQUE (certificate_id, year)
);
CREATE INDEX annual_reviews_unit ON annual_reviews(unit_id, year);

CREATE TABLE anomalies (
	id {{id}},
	rule TEXT NOT NULL,
	-- 0 when the anomaly concerns a person without a certificate
	certificate_id {{bigint}} NOT NULL DEFAULT 0,
	person_id {{bigint}} NOT NULL REFERENCES people(id),
	unit_id {{bigint}} NOT NULL REFERENCES units(id),
	year INTEGER NOT NULL,
	detail TEXT NOT NULL DEFAULT '',
	detected_on TEXT NOT NULL,
	state TEXT NOT NULL,
	resolution TEXT NOT NULL DEFAULT '',
	explanation TEXT NOT NULL DEFAULT '',
	handled_on TEXT,
	confirmed_on TEXT,
	version INTEGER NOT NULL DEFAULT 1,
	UNIQUE (rule, person_id, certificate_id, year)
);
CREATE INDEX anomalies_unit ON anomalies(unit_id, state);

-- Public verification lookups, counted per address to stop enumeration
-- (in the database, so every instance sees every lookup).
CREATE TABLE verification_hits (
	id {{id}},
	ip TEXT NOT NULL,
	at {{timestamp}} NOT NULL
);
CREATE INDEX verification_hits_ip ON verification_hits(ip, at);
