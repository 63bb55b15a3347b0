package store

import (
	"context"
	"database/sql"
	"fmt"

	"fazhi/internal/apperr"
	"fazhi/internal/audit"
	"fazhi/internal/calendar"
	"fazhi/internal/rule"
)

const ruleColumns = `id, rule_key, title, value, value_unit, citation, verification, jurisdiction,
	effective_from, effective_to, note, version`

func scanRule(row interface{ Scan(...any) error }) (rule.Rule, error) {
	var r rule.Rule
	var to sql.NullString
	err := row.Scan(&r.ID, &r.Key, &r.Title, &r.Value, &r.Unit, &r.Citation, &r.Verification, &r.Jurisdiction,
		&r.EffectiveFrom, &to, &r.Note, &r.Version)
	if err == nil && to.Valid {
		d, perr := calendar.ParseDate(to.String)
		r.EffectiveTo, err = &d, perr
	}
	return r, err
}

// Rules lists every row, by key and start date.
func (s *Store) Rules(ctx context.Context) ([]rule.Rule, error) {
	return s.queryRules(ctx, s.DB, `SELECT `+ruleColumns+` FROM rules ORDER BY rule_key, effective_from, jurisdiction`)
}

func (s *Store) queryRules(ctx context.Context, q querier, query string, args ...any) ([]rule.Rule, error) {
	rows, err := q.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []rule.Rule
	for rows.Next() {
		r, err := scanRule(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

// RuleByID returns one row.
func (s *Store) RuleByID(ctx context.Context, id int64) (rule.Rule, error) {
	return s.ruleByID(ctx, s.DB, id)
}

func (s *Store) ruleByID(ctx context.Context, q querier, id int64) (rule.Rule, error) {
	r, err := scanRule(q.QueryRowContext(ctx, `SELECT `+ruleColumns+` FROM rules WHERE id = $1`, id))
	return r, notFound(err, fmt.Sprintf("规则 %d 不存在", id))
}

// Rule returns the row of key that applies on day d.
func (s *Store) Rule(ctx context.Context, key string, d calendar.Date) (rule.Rule, error) {
	return s.ruleAsOf(ctx, s.DB, key, d)
}

func (s *Store) ruleAsOf(ctx context.Context, q querier, key string, d calendar.Date) (rule.Rule, error) {
	rows, err := s.queryRules(ctx, q, `SELECT `+ruleColumns+` FROM rules WHERE rule_key = $1`, key)
	if err != nil {
		return rule.Rule{}, err
	}
	r, ok := rule.Pick(rows, d)
	if !ok {
		return r, rule.NotFoundError(key, d)
	}
	return r, nil
}

// CreateRule adds a row (a new rule, or a new period of an existing one).
func (s *Store) CreateRule(ctx context.Context, actor audit.Actor, r *rule.Rule) error {
	if err := r.Validate(); err != nil {
		return err
	}
	return s.inTx(ctx, func(tx *sql.Tx) error { return s.insertRule(ctx, tx, actor, r) })
}

func (s *Store) insertRule(ctx context.Context, tx *sql.Tx, actor audit.Actor, r *rule.Rule) error {
	r.Version = 1
	err := tx.QueryRowContext(ctx, `INSERT INTO rules (rule_key, title, value, value_unit, citation, verification,
		jurisdiction, effective_from, effective_to, note, version, updated_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, 1, $11) RETURNING id`,
		r.Key, r.Title, r.Value, string(r.Unit), r.Citation, r.Verification, r.Jurisdiction, r.EffectiveFrom,
		dateOrNil(r.EffectiveTo), r.Note, s.now()).Scan(&r.ID)
	if isUnique(err) {
		var f apperr.Fields
		f.Add("effective_from", "生效日期", "同一规则在同一地域已有自该日起生效的条目")
		return f.Err()
	}
	if err != nil {
		return err
	}
	return s.record(ctx, tx, actor, "rule", r.ID, audit.Create, "", nil, r)
}

// UpdateRule amends a row; the reason is required and kept in the audit chain.
func (s *Store) UpdateRule(ctx context.Context, actor audit.Actor, r *rule.Rule, reason string) error {
	if err := r.Validate(); err != nil {
		return err
	}
	if reason == "" {
		var f apperr.Fields
		f.Add("reason", "修改理由", "修改规则须说明理由（如新法施行、上级文件调整）")
		return f.Err()
	}
	return s.inTx(ctx, func(tx *sql.Tx) error {
		before, err := s.ruleByID(ctx, tx, r.ID)
		if err != nil {
			return err
		}
		res, err := tx.ExecContext(ctx, `UPDATE rules SET title=$1, value=$2, value_unit=$3, citation=$4, verification=$5,
			jurisdiction=$6, effective_from=$7, effective_to=$8, note=$9, version=version+1, updated_at=$10
			WHERE id=$11 AND version=$12`,
			r.Title, r.Value, string(r.Unit), r.Citation, r.Verification, r.Jurisdiction, r.EffectiveFrom,
			dateOrNil(r.EffectiveTo), r.Note, s.now(), r.ID, r.Version)
		if isUnique(err) {
			var f apperr.Fields
			f.Add("effective_from", "生效日期", "同一规则在同一地域已有自该日起生效的条目")
			return f.Err()
		}
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return conflict("规则“" + before.Title + "”")
		}
		r.Key = before.Key
		r.Version++
		return s.record(ctx, tx, actor, "rule", r.ID, audit.Update, reason, before, r)
	})
}

// SeedRules inserts the default rows that are missing (by key,
// jurisdiction and start date); it never changes an existing row.
func (s *Store) SeedRules(ctx context.Context) (int, error) {
	added := 0
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		for _, r := range rule.Defaults() {
			var n int
			if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM rules WHERE rule_key=$1 AND jurisdiction=$2 AND effective_from=$3`,
				r.Key, r.Jurisdiction, r.EffectiveFrom).Scan(&n); err != nil {
				return err
			}
			if n > 0 {
				continue
			}
			if err := s.insertRule(ctx, tx, audit.System, &r); err != nil {
				return fmt.Errorf("seed rule %s: %w", r.Key, err)
			}
			added++
		}
		return nil
	})
	return added, err
}
