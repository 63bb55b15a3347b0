-- The public penalty search index (issue 6; internal/search/index). It
-- references no other table: the disclosures (0005) feed it through
-- store.IndexDisclosure, and it can be dropped and rebuilt on its own.

-- One row per indexed (published, masked) record. doc_key orders newest
-- first: (days since 1900-01-01) << 32 | id. Records not yet in a segment
-- (segment_id 0) keep their normalised texts and are scanned; once in a
-- segment the texts are cleared.
CREATE TABLE search_docs (
	id INTEGER PRIMARY KEY,
	doc_key INTEGER NOT NULL,
	agency_id INTEGER NOT NULL,
	category TEXT NOT NULL,
	party_type TEXT NOT NULL,
	credit_code TEXT NOT NULL,
	decision_number TEXT NOT NULL,
	segment_id INTEGER NOT NULL DEFAULT 0,
	title TEXT NOT NULL DEFAULT '',
	body TEXT NOT NULL DEFAULT ''
);
CREATE INDEX search_docs_segment ON search_docs(segment_id);
CREATE INDEX search_docs_credit ON search_docs(credit_code);
CREATE INDEX search_docs_number ON search_docs(decision_number);

-- An immutable segment: its records' columns (index.EncodeDocs).
CREATE TABLE search_segments (
	id INTEGER PRIMARY KEY AUTOINCREMENT,
	ndocs INTEGER NOT NULL,
	docs BLOB NOT NULL
);

-- One posting list per token and segment (index.listWriter).
CREATE TABLE search_postings (
	token INTEGER NOT NULL,
	segment_id INTEGER NOT NULL,
	data BLOB NOT NULL,
	PRIMARY KEY (token, segment_id)
) WITHOUT ROWID;

-- Records removed from a segment (withdrawn, expired, replaced).
CREATE TABLE search_deleted (
	segment_id INTEGER NOT NULL,
	doc_key INTEGER NOT NULL,
	PRIMARY KEY (segment_id, doc_key)
);

-- Bumped by every index write, so that every instance's cache of the
-- segment list, the recent records and the deletions knows when to reload.
CREATE TABLE search_state (
	id INTEGER PRIMARY KEY,
	generation INTEGER NOT NULL
);
INSERT INTO search_state (id, generation) VALUES (1, 0);

