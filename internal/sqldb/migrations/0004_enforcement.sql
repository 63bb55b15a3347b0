-- Enforcement (seed measure 4): matters, discretion benchmarks, penalty
-- cases under the 2021 Administrative Penalty Law, and the supervision
-- flags the legal affairs office watches. Amounts are in fen (分) so that
-- a 3 % surcharge of any fine is exact. Dates are 'YYYY-MM-DD' text.

-- An enforcement matter (执法事项) of a unit: what it may penalise, on
-- which legal basis; the category is the certificate category that
-- entitles an officer to act on it.
CREATE TABLE enf_matters (
	id {{id}},
	unit_id {{bigint}} NOT NULL REFERENCES units(id),
	code TEXT NOT NULL,
	name TEXT NOT NULL,
	category TEXT NOT NULL,
	basis_law TEXT NOT NULL,
	basis_article TEXT NOT NULL DEFAULT '',
	penalty_basis TEXT NOT NULL DEFAULT '',
	power_source TEXT NOT NULL,
	-- the criminal prosecution standard (立案追诉标准) of the amount
	-- involved, 0 when the matter has none
	crime_threshold {{bigint}} NOT NULL DEFAULT 0,
	crime_basis TEXT NOT NULL DEFAULT '',
	published BOOLEAN NOT NULL DEFAULT TRUE,
	active BOOLEAN NOT NULL DEFAULT TRUE,
	version INTEGER NOT NULL DEFAULT 1,
	created_at {{timestamp}} NOT NULL,
	updated_at {{timestamp}} NOT NULL,
	UNIQUE (unit_id, code)
);
CREATE INDEX enf_matters_code ON enf_matters(code);

-- A version of a matter's discretion benchmark (裁量基准), in force from
-- effective_from to effective_to (NULL = open).
CREATE TABLE enf_benchmarks (
	id {{id}},
	matter_id {{bigint}} NOT NULL REFERENCES enf_matters(id),
	version INTEGER NOT NULL,
	effective_from TEXT NOT NULL,
	effective_to TEXT,
	source TEXT NOT NULL DEFAULT '',
	published BOOLEAN NOT NULL DEFAULT TRUE,
	created_at {{timestamp}} NOT NULL,
	UNIQUE (matter_id, version)
);

-- A tier (阶次) of a benchmark version with its conditions and range.
CREATE TABLE enf_benchmark_tiers (
	id {{id}},
	benchmark_id {{bigint}} NOT NULL REFERENCES enf_benchmarks(id),
	seq INTEGER NOT NULL,
	tier TEXT NOT NULL,
	conditions TEXT NOT NULL,
	penalty_kinds TEXT NOT NULL DEFAULT '',
	-- fine range in fen; NULL max = no upper figure (multiples only)
	min_fine {{bigint}} NOT NULL DEFAULT 0,
	max_fine {{bigint}},
	-- fine range as a multiple of illegal gains, in hundredths (150 = 1.5 times)
	min_multiple INTEGER NOT NULL DEFAULT 0,
	max_multiple INTEGER NOT NULL DEFAULT 0,
	no_penalty BOOLEAN NOT NULL DEFAULT FALSE,
	range_text TEXT NOT NULL DEFAULT '',
	UNIQUE (benchmark_id, seq)
);

-- A penalty case. Its lifecycle state lives in workflow_items
-- (record_kind 'penalty_case'); the columns hold what the acts decided.
CREATE TABLE enf_cases (
	id {{id}},
	unit_id {{bigint}} NOT NULL REFERENCES units(id),
	matter_id {{bigint}} NOT NULL REFERENCES enf_matters(id),
	procedure TEXT NOT NULL,
	filing_number TEXT UNIQUE,
	decision_number TEXT UNIQUE,
	source TEXT NOT NULL,
	source_on TEXT NOT NULL,
	source_note TEXT NOT NULL DEFAULT '',
	party_kind TEXT NOT NULL,
	party_name TEXT NOT NULL,
	party_category TEXT NOT NULL DEFAULT '',
	party_code TEXT NOT NULL DEFAULT '',
	party_id_type TEXT NOT NULL DEFAULT '',
	party_address TEXT NOT NULL DEFAULT '',
	party_phone TEXT NOT NULL DEFAULT '',
	legal_rep TEXT NOT NULL DEFAULT '',
	legal_rep_id_type TEXT NOT NULL DEFAULT '',
	legal_rep_id TEXT NOT NULL DEFAULT '',
	party_minor BOOLEAN NOT NULL DEFAULT FALSE,
	violation_type TEXT NOT NULL DEFAULT '',
	facts TEXT NOT NULL DEFAULT '',
	evidence_summary TEXT NOT NULL DEFAULT '',
	violation_on TEXT,
	amount_involved {{bigint}} NOT NULL DEFAULT 0,
	illegal_gains {{bigint}} NOT NULL DEFAULT 0,
	filed_on TEXT,
	report_on TEXT,
	-- benchmark applied: the version in force and the tier chosen
	benchmark_id {{bigint}} REFERENCES enf_benchmarks(id),
	benchmark_version INTEGER NOT NULL DEFAULT 0,
	tier_id {{bigint}} REFERENCES enf_benchmark_tiers(id),
	outside_benchmark BOOLEAN NOT NULL DEFAULT FALSE,
	deviation_reason TEXT NOT NULL DEFAULT '',
	-- prior notice (告知)
	notice_on TEXT,
	notice_fine {{bigint}} NOT NULL DEFAULT 0,
	notice_confiscation {{bigint}} NOT NULL DEFAULT 0,
	notice_kinds TEXT NOT NULL DEFAULT '',
	hearing_right BOOLEAN NOT NULL DEFAULT FALSE,
	defence_on TEXT,
	defence_note TEXT NOT NULL DEFAULT '',
	hearing_requested_on TEXT,
	hearing_notice_on TEXT,
	hearing_on TEXT,
	hearing_held BOOLEAN NOT NULL DEFAULT FALSE,
	-- legal review (法制审核) and collective discussion (集体讨论)
	review_required BOOLEAN NOT NULL DEFAULT FALSE,
	review_catalog BOOLEAN NOT NULL DEFAULT FALSE,
	review_passed_on TEXT,
	collective_required BOOLEAN NOT NULL DEFAULT FALSE,
	collective_on TEXT,
	-- decision (决定)
	outcome TEXT NOT NULL DEFAULT '',
	no_penalty_reason TEXT NOT NULL DEFAULT '',
	decided_on TEXT,
	penalty_kinds TEXT NOT NULL DEFAULT '',
	fine {{bigint}} NOT NULL DEFAULT 0,
	confiscation {{bigint}} NOT NULL DEFAULT 0,
	licence_affected TEXT NOT NULL DEFAULT '',
	basis TEXT NOT NULL DEFAULT '',
	-- delivery (送达)
	party_present BOOLEAN NOT NULL DEFAULT TRUE,
	electronic_consent BOOLEAN NOT NULL DEFAULT FALSE,
	delivered_on TEXT,
	delivery_method TEXT NOT NULL DEFAULT '',
	-- execution (执行)
	payment_due TEXT,
	deferred_until TEXT,
	instalments INTEGER NOT NULL DEFAULT 0,
	paid_on TEXT,
	paid {{bigint}} NOT NULL DEFAULT 0,
	surcharge {{bigint}} NOT NULL DEFAULT 0,
	cash_collected BOOLEAN NOT NULL DEFAULT FALSE,
	closed_on TEXT,
	disclosed_on TEXT,
	version INTEGER NOT NULL DEFAULT 1,
	created_at {{timestamp}} NOT NULL,
	updated_at {{timestamp}} NOT NULL
);
CREATE INDEX enf_cases_unit ON enf_cases(unit_id, filed_on);
CREATE INDEX enf_cases_matter ON enf_cases(matter_id);
CREATE INDEX enf_cases_decided ON enf_cases(decided_on);

-- The officers of a case, with the entitlement found when they were
-- assigned (Art. 42: at least two).
CREATE TABLE enf_case_officers (
	case_id {{bigint}} NOT NULL REFERENCES enf_cases(id),
	person_id {{bigint}} NOT NULL REFERENCES people(id),
	role TEXT NOT NULL,
	certificate TEXT NOT NULL DEFAULT '',
	checked_on TEXT NOT NULL,
	PRIMARY KEY (case_id, person_id)
);
CREATE INDEX enf_case_officers_person ON enf_case_officers(person_id);

-- The case file: evidence items, written records (笔录), preservation
-- decisions, reports, discussions, documents issued and received.
CREATE TABLE enf_case_records (
	id {{id}},
	case_id {{bigint}} NOT NULL REFERENCES enf_cases(id),
	kind TEXT NOT NULL,
	title TEXT NOT NULL,
	on_date TEXT NOT NULL,
	detail TEXT NOT NULL DEFAULT '',
	-- for a preservation (先行登记保存): the day it was decided
	decided_on TEXT,
	created_at {{timestamp}} NOT NULL
);
CREATE INDEX enf_case_records_case ON enf_case_records(case_id, on_date);

-- Extensions of the decision period and pauses the rule table allows.
CREATE TABLE enf_case_periods (
	id {{id}},
	case_id {{bigint}} NOT NULL REFERENCES enf_cases(id),
	kind TEXT NOT NULL,
	rule_key TEXT NOT NULL,
	citation TEXT NOT NULL,
	from_on TEXT NOT NULL,
	to_on TEXT,
	days INTEGER NOT NULL DEFAULT 0,
	reason TEXT NOT NULL,
	created_at {{timestamp}} NOT NULL
);
CREATE INDEX enf_case_periods_case ON enf_case_periods(case_id);

-- Supervision flags: gates refused (blocked attempts), amounts outside
-- the benchmark, officers without entitlement, penalties where the amount
-- involved reaches a crime threshold (以罚代刑 risk).
CREATE TABLE enf_flags (
	id {{id}},
	unit_id {{bigint}} NOT NULL REFERENCES units(id),
	case_id {{bigint}} REFERENCES enf_cases(id),
	kind TEXT NOT NULL,
	-- for a blocked attempt: the act refused and the gate that refused it
	act TEXT NOT NULL DEFAULT '',
	gate TEXT NOT NULL DEFAULT '',
	rule_key TEXT NOT NULL DEFAULT '',
	citation TEXT NOT NULL DEFAULT '',
	message TEXT NOT NULL,
	raised_on TEXT NOT NULL,
	raised_at {{timestamp}} NOT NULL,
	actor_name TEXT NOT NULL DEFAULT '',
	cleared_on TEXT,
	cleared_by TEXT NOT NULL DEFAULT '',
	clear_note TEXT NOT NULL DEFAULT '',
	version INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX enf_flags_unit ON enf_flags(unit_id, kind, cleared_on);
CREATE INDEX enf_flags_case ON enf_flags(case_id);

-- Case acts stop and move timers by item; the foundation indexes timers
-- only by due day.
CREATE INDEX workflow_timers_item ON workflow_timers(item_id, name, state);
