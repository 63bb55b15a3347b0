-- The public penalty search index (issue 6). One row per published
-- disclosure; the disclosure table itself belongs to 0005 and is not
-- referenced, so the index can be rebuilt or dropped on its own.
CREATE TABLE search_docs (
	id {{bigint}} PRIMARY KEY,
	decided_on TEXT NOT NULL,
	agency_id {{bigint}} NOT NULL,
	category TEXT NOT NULL,
	party_type TEXT NOT NULL,
	credit_code TEXT NOT NULL,
	decision_number TEXT NOT NULL,
	body TEXT NOT NULL
);
CREATE INDEX search_docs_newest ON search_docs(decided_on DESC, id DESC);
CREATE INDEX search_docs_credit ON search_docs(credit_code);
CREATE INDEX search_docs_number ON search_docs(decision_number);
