-- Transfers of suspected crimes to public security (国务院令第310号,
-- 两法衔接), supervision orders (督办) and case evaluation (案卷评查).
-- Lifecycle states live in workflow_items (record kinds 'transfer' and
-- 'supervision_order'); amounts are in fen; dates are 'YYYY-MM-DD' text.

-- A transfer. The party and facts are the snapshot the case team reported:
-- what the public security organ and the procuratorate see of the case.
CREATE TABLE transfers (
	id {{id}},
	number TEXT UNIQUE,
	unit_id {{bigint}} NOT NULL REFERENCES units(id),
	case_id {{bigint}} REFERENCES enf_cases(id),
	case_number TEXT NOT NULL DEFAULT '',
	party_kind TEXT NOT NULL,
	party_name TEXT NOT NULL,
	party_code TEXT NOT NULL DEFAULT '',
	matter TEXT NOT NULL,
	facts TEXT NOT NULL,
	suspected_crime TEXT NOT NULL,
	amount {{bigint}} NOT NULL DEFAULT 0,
	standard TEXT NOT NULL DEFAULT '',
	reported_on TEXT NOT NULL,
	police_unit_id {{bigint}} NOT NULL REFERENCES units(id),
	procuratorate_unit_id {{bigint}} REFERENCES units(id),
	no_items BOOLEAN NOT NULL DEFAULT FALSE,
	-- attached materials (Art. 6), comma-separated kinds
	materials TEXT NOT NULL DEFAULT '',
	sent_on TEXT,
	receipt_no TEXT NOT NULL DEFAULT '',
	forwarded_to TEXT NOT NULL DEFAULT '',
	closed_on TEXT,
	version INTEGER NOT NULL DEFAULT 1,
	created_at {{timestamp}} NOT NULL,
	updated_at {{timestamp}} NOT NULL
);
CREATE INDEX transfers_unit ON transfers(unit_id, reported_on);
CREATE INDEX transfers_police ON transfers(police_unit_id);
CREATE INDEX transfers_procuratorate ON transfers(procuratorate_unit_id);
CREATE INDEX transfers_case ON transfers(case_id);

-- The case team of at least two officers (Art. 5).
CREATE TABLE transfer_team (
	transfer_id {{bigint}} NOT NULL REFERENCES transfers(id),
	person_id {{bigint}} NOT NULL REFERENCES people(id),
	name TEXT NOT NULL,
	PRIMARY KEY (transfer_id, person_id)
);

-- The inventory of seized items (涉案物品清单, Art. 4).
CREATE TABLE transfer_items (
	id {{id}},
	transfer_id {{bigint}} NOT NULL REFERENCES transfers(id),
	seq INTEGER NOT NULL,
	name TEXT NOT NULL,
	quantity TEXT NOT NULL,
	note TEXT NOT NULL DEFAULT '',
	UNIQUE (transfer_id, seq)
);

-- Every act on a transfer in order: each transition with its legal date
-- and the side that acted, and the procuratorate's opinions.
CREATE TABLE transfer_steps (
	id {{id}},
	transfer_id {{bigint}} NOT NULL REFERENCES transfers(id),
	action TEXT NOT NULL,
	label TEXT NOT NULL,
	on_date TEXT NOT NULL,
	party TEXT NOT NULL,
	actor_id {{bigint}} REFERENCES users(id),
	actor_name TEXT NOT NULL,
	unit_name TEXT NOT NULL DEFAULT '',
	note TEXT NOT NULL DEFAULT '',
	at {{timestamp}} NOT NULL
);
CREATE INDEX transfer_steps_transfer ON transfer_steps(transfer_id, id);

-- A supervision order of the legal affairs office to a unit.
CREATE TABLE supervision_orders (
	id {{id}},
	number TEXT NOT NULL UNIQUE,
	unit_id {{bigint}} NOT NULL REFERENCES units(id),
	subject TEXT NOT NULL,
	case_id {{bigint}} REFERENCES enf_cases(id),
	case_number TEXT NOT NULL DEFAULT '',
	transfer_id {{bigint}} REFERENCES transfers(id),
	title TEXT NOT NULL,
	content TEXT NOT NULL,
	issued_on TEXT NOT NULL,
	issued_by TEXT NOT NULL,
	closed_on TEXT,
	version INTEGER NOT NULL DEFAULT 1,
	created_at {{timestamp}} NOT NULL,
	updated_at {{timestamp}} NOT NULL
);
CREATE INDEX supervision_orders_unit ON supervision_orders(unit_id, issued_on);

-- Each round of the unit's reply and the office's review.
CREATE TABLE supervision_order_replies (
	id {{id}},
	order_id {{bigint}} NOT NULL REFERENCES supervision_orders(id),
	round INTEGER NOT NULL,
	reply TEXT NOT NULL,
	replied_on TEXT NOT NULL,
	replied_by TEXT NOT NULL,
	outcome TEXT NOT NULL DEFAULT '',
	comment TEXT NOT NULL DEFAULT '',
	reviewed_on TEXT,
	reviewed_by TEXT NOT NULL DEFAULT '',
	UNIQUE (order_id, round)
);

-- Scoring sheets, one row per version; a version used by a batch is fixed.
CREATE TABLE evaluation_sheets (
	id {{id}},
	name TEXT NOT NULL,
	version INTEGER NOT NULL,
	effective_from TEXT NOT NULL,
	note TEXT NOT NULL DEFAULT '',
	created_at {{timestamp}} NOT NULL,
	UNIQUE (name, version)
);

CREATE TABLE evaluation_sheet_items (
	id {{id}},
	sheet_id {{bigint}} NOT NULL REFERENCES evaluation_sheets(id),
	seq INTEGER NOT NULL,
	category TEXT NOT NULL,
	content TEXT NOT NULL,
	points INTEGER NOT NULL,
	UNIQUE (sheet_id, seq)
);

-- An evaluation batch: the draw's parameters and seed, and the marks in
-- force when it started.
CREATE TABLE evaluation_batches (
	id {{id}},
	name TEXT NOT NULL UNIQUE,
	year INTEGER NOT NULL,
	sheet_id {{bigint}} NOT NULL REFERENCES evaluation_sheets(id),
	closed_from TEXT NOT NULL,
	closed_to TEXT NOT NULL,
	per_unit INTEGER NOT NULL,
	seed {{bigint}} NOT NULL,
	pass_mark INTEGER NOT NULL,
	excellent_mark INTEGER NOT NULL,
	citation TEXT NOT NULL,
	state TEXT NOT NULL,
	started_on TEXT NOT NULL,
	completed_on TEXT,
	version INTEGER NOT NULL DEFAULT 1,
	created_at {{timestamp}} NOT NULL
);

-- A drawn case and its evaluation (total NULL until scored).
CREATE TABLE evaluation_cases (
	id {{id}},
	batch_id {{bigint}} NOT NULL REFERENCES evaluation_batches(id),
	case_id {{bigint}} NOT NULL REFERENCES enf_cases(id),
	unit_id {{bigint}} NOT NULL REFERENCES units(id),
	case_number TEXT NOT NULL,
	case_title TEXT NOT NULL,
	closed_on TEXT NOT NULL,
	total INTEGER,
	grade TEXT NOT NULL DEFAULT '',
	comment TEXT NOT NULL DEFAULT '',
	evaluator TEXT NOT NULL DEFAULT '',
	evaluated_on TEXT,
	version INTEGER NOT NULL DEFAULT 1,
	UNIQUE (batch_id, case_id)
);
CREATE INDEX evaluation_cases_unit ON evaluation_cases(unit_id, batch_id);

CREATE TABLE evaluation_scores (
	evaluation_case_id {{bigint}} NOT NULL REFERENCES evaluation_cases(id),
	item_id {{bigint}} NOT NULL REFERENCES evaluation_sheet_items(id),
	points INTEGER NOT NULL,
	note TEXT NOT NULL DEFAULT '',
	PRIMARY KEY (evaluation_case_id, item_id)
);
