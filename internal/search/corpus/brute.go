package corpus

import (
	"sort"
	"strings"

	"fazhi/internal/search"
)

// Brute is the ground truth: a scan of normalised field texts. A record
// matches when every term of the query is a substring of one of its
// fields (search package semantics).
type Brute struct {
	docs []bruteDoc
}

type bruteDoc struct {
	d      search.Doc
	fields []string
}

// NewBrute normalises docs for scanning.
func NewBrute(docs []search.Doc) *Brute {
	b := &Brute{docs: make([]bruteDoc, len(docs))}
	for i, d := range docs {
		f := []string{search.Normalize(d.CreditCode), search.Normalize(d.DecisionNumber)}
		for _, x := range d.Fields {
			f = append(f, search.Normalize(x.Text))
		}
		b.docs[i] = bruteDoc{d: d, fields: f}
	}
	return b
}

// Remove drops a record (as withdrawal would).
func (b *Brute) Remove(id int64) {
	for i := range b.docs {
		if b.docs[i].d.ID == id {
			b.docs = append(b.docs[:i], b.docs[i+1:]...)
			return
		}
	}
}

// Match returns the ids matching q, newest first (decision date, then id).
func (b *Brute) Match(q search.Query) []int64 {
	p, err := search.Parse(q.Text)
	if err != nil {
		return nil
	}
	var hits []search.Doc
	for _, bd := range b.docs {
		if b.accept(bd, q, p) {
			hits = append(hits, bd.d)
		}
	}
	sort.Slice(hits, func(i, j int) bool {
		if c := hits[i].DecidedOn.Compare(hits[j].DecidedOn); c != 0 {
			return c > 0
		}
		return hits[i].ID > hits[j].ID
	})
	ids := make([]int64, len(hits))
	for i, h := range hits {
		ids[i] = h.ID
	}
	return ids
}

func (b *Brute) accept(bd bruteDoc, q search.Query, p search.Parsed) bool {
	d := bd.d
	if q.AgencyID != 0 && d.AgencyID != q.AgencyID || q.Category != "" && d.Category != q.Category ||
		q.PartyType != "" && d.PartyType != q.PartyType ||
		!q.From.IsZero() && d.DecidedOn.Before(q.From) || !q.To.IsZero() && d.DecidedOn.After(q.To) ||
		q.CreditCode != "" && search.Normalize(d.CreditCode) != search.Normalize(q.CreditCode) ||
		q.DecisionNumber != "" && search.Normalize(d.DecisionNumber) != search.Normalize(q.DecisionNumber) {
		return false
	}
	for _, t := range p.Terms {
		found := false
		for _, f := range bd.fields {
			if strings.Contains(f, t) {
				found = true
				break
			}
		}
		if !found {
			return false
		}
	}
	return true
}
