package store

// The public penalty search index (see internal/search for the
// semantics). This first version scans normalised text with LIKE; it is
// correct but slow and is replaced by the token index.

import (
	"context"
	"database/sql"
	"fmt"
	"strings"

	"fazhi/internal/apperr"
	"fazhi/internal/search"
)

// IndexDisclosure inserts or replaces d in the index inside the caller's
// transaction. Only public (masked) text may be passed.
func (s *Store) IndexDisclosure(ctx context.Context, tx *sql.Tx, d search.Doc) error {
	if err := s.UnindexDisclosure(ctx, tx, d.ID); err != nil {
		return err
	}
	_, err := tx.ExecContext(ctx, `INSERT INTO search_docs (id, decided_on, agency_id, category, party_type,
		credit_code, decision_number, body) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
		d.ID, d.DecidedOn, d.AgencyID, d.Category, d.PartyType,
		search.Normalize(d.CreditCode), search.Normalize(d.DecisionNumber), searchBody(d))
	return err
}

// UnindexDisclosure removes a record from the index (withdrawn, expired).
func (s *Store) UnindexDisclosure(ctx context.Context, tx *sql.Tx, id int64) error {
	_, err := tx.ExecContext(ctx, `DELETE FROM search_docs WHERE id = $1`, id)
	return err
}

// BulkIndexDisclosures indexes many records in one transaction.
func (s *Store) BulkIndexDisclosures(ctx context.Context, docs []search.Doc) error {
	return s.inTx(ctx, func(tx *sql.Tx) error {
		for _, d := range docs {
			if err := s.IndexDisclosure(ctx, tx, d); err != nil {
				return err
			}
		}
		return nil
	})
}

// searchBody is the normalised text of every field, one field per line,
// so that a term (which never contains a line break) stays inside a field.
func searchBody(d search.Doc) string {
	parts := []string{d.CreditCode, d.DecisionNumber}
	for _, f := range d.Fields {
		parts = append(parts, f.Text)
	}
	return search.Normalize(strings.Join(parts, "\n"))
}

// SearchDisclosures runs q and returns one page and the capped count.
func (s *Store) SearchDisclosures(ctx context.Context, q search.Query) (search.Result, error) {
	q = q.Norm()
	p, err := search.Parse(q.Text)
	if err != nil {
		var f apperr.Fields
		f.Add("q", "检索词", err.Error())
		return search.Result{}, f.Err()
	}
	where, args := searchWhere(q, p)
	var res search.Result
	err = s.DB.QueryRowContext(ctx, `SELECT COUNT(*) FROM (SELECT 1 FROM search_docs WHERE `+where+
		fmt.Sprintf(` LIMIT %d) c`, search.CountCap+1), args...).Scan(&res.Total)
	if err != nil {
		return res, err
	}
	if res.Total > search.CountCap {
		res.Total, res.Capped = search.CountCap, true
	}
	rows, err := s.DB.QueryContext(ctx, `SELECT id FROM search_docs WHERE `+where+
		fmt.Sprintf(` ORDER BY decided_on DESC, id DESC LIMIT %d OFFSET %d`, q.Limit, q.Offset), args...)
	if err != nil {
		return res, err
	}
	defer rows.Close()
	for rows.Next() {
		var h search.Hit
		if err := rows.Scan(&h.ID); err != nil {
			return res, err
		}
		res.Hits = append(res.Hits, h)
	}
	return res, rows.Err()
}

func searchWhere(q search.Query, p search.Parsed) (string, []any) {
	conds := []string{"1=1"}
	var args []any
	add := func(cond string, v any) {
		args = append(args, v)
		conds = append(conds, strings.ReplaceAll(cond, "?", fmt.Sprintf("$%d", len(args))))
	}
	for _, t := range p.Terms {
		add(`body LIKE ? ESCAPE '\'`, "%"+likeEscape(t)+"%")
	}
	if q.AgencyID != 0 {
		add(`agency_id = ?`, q.AgencyID)
	}
	if !q.From.IsZero() {
		add(`decided_on >= ?`, q.From)
	}
	if !q.To.IsZero() {
		add(`decided_on <= ?`, q.To)
	}
	if q.Category != "" {
		add(`category = ?`, q.Category)
	}
	if q.PartyType != "" {
		add(`party_type = ?`, q.PartyType)
	}
	return strings.Join(conds, " AND "), args
}

func likeEscape(s string) string {
	return strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`).Replace(s)
}
