// Package search is the pure half of the public penalty search: the one
// tokenizer shared by the SQLite and PostgreSQL indexes, text
// normalisation, the query parser and highlighted snippets. The SQL half
// lives in internal/store/search*.go.
//
// Semantics: a record matches a query when every whitespace-separated
// term of the query, after Normalize, is a substring of one of the
// record's normalised fields (a term never spans two fields). Recall
// against a brute-force scan with the same rule is 100%; that is the
// correctness gate of the benchmark (cmd/searchbench).
//
// Contract changes (newest first; all backward compatible):
//   - Query.CreditCode and Query.DecisionNumber: optional exact look-ups.
package search

import "fazhi/internal/calendar"

// Field is one public, already masked text of a record: party, number,
// facts, basis, content, agency… Name selects the index column (see
// TitleFields); unknown names go to the body.
type Field struct{ Name, Text string }

// Doc is what the index holds for one published disclosure.
type Doc struct {
	ID                         int64         // the disclosure's id
	DecidedOn                  calendar.Date // newest-first order key
	AgencyID                   int64
	Category                   string // penalty category code
	PartyType                  string // e.g. "person", "legal", "other"
	CreditCode, DecisionNumber string // for exact lookup
	Fields                     []Field
}

// Order is the order of a result list.
type Order int

const (
	Newest    Order = iota // decision date, newest first (ties: higher id first)
	Relevance              // BM25 over the matching records, newest first among equals
)

// Query is one search: free text plus filters. Zero values mean "any".
type Query struct {
	Text      string
	AgencyID  int64
	From, To  calendar.Date // decision-date range, inclusive
	Category  string
	PartyType string
	// Exact look-ups (compared after Normalize); they narrow Text, not
	// replace it. A credit code or decision number typed into Text is
	// found as a substring anyway.
	CreditCode, DecisionNumber string
	Order                      Order
	Limit                      int // 0 means 20; at most MaxLimit
	Offset                     int
}

// MaxLimit bounds one page.
const MaxLimit = 500

// Hit is one matching record.
type Hit struct {
	ID    int64
	Score float64 // relevance (higher is better); 0 in newest-first order
}

// Result is one page of hits and the number of matches.
type Result struct {
	Hits   []Hit
	Total  int  // exact when !Capped; CountCap when Capped
	Capped bool // more than CountCap records match
}

// CountCap is where counting stops: the page then says "10,000+".
const CountCap = 10000

// Norm clamps the page of q to sane bounds.
func (q Query) Norm() Query {
	if q.Limit <= 0 {
		q.Limit = 20
	}
	if q.Limit > MaxLimit {
		q.Limit = MaxLimit
	}
	if q.Offset < 0 {
		q.Offset = 0
	}
	return q
}

// TitleField reports the fields that weigh as titles in relevance order
// (a match there counts five times a match in the facts).
func TitleField(name string) bool {
	switch name {
	case "party", "name", "number", "decision_number", "credit_code", "agency", "legal_rep":
		return true
	}
	return false
}
