package store

// The reviewer pool: who reviews for each unit, with what the
// qualification check reads (the officer record's legal professional
// qualification and the reviews done), and the staffing of each unit
// against the target share of its enforcement staff.

import (
	"context"
	"database/sql"
	"fmt"
	"strconv"
	"strings"

	"fazhi/internal/apperr"
	"fazhi/internal/audit"
	"fazhi/internal/calendar"
	"fazhi/internal/legalreview"
	"fazhi/internal/org"
	"fazhi/internal/rule"
)

const poolColumns = `r.person_id, p.name, r.unit_id, u.name, p.post, r.since, r.active, p.status = 'active',
	COALESCE(o.legal_qualification, FALSE), r.prior_reviews,
	(SELECT COUNT(*) FROM legal_review_opinions x WHERE x.reviewer_id = r.person_id), r.note, r.version`

const poolFrom = ` FROM review_reviewers r JOIN people p ON p.id = r.person_id JOIN units u ON u.id = r.unit_id
	LEFT JOIN officers o ON o.person_id = r.person_id`

func scanPoolMember(row interface{ Scan(...any) error }) (legalreview.PoolMember, error) {
	var m legalreview.PoolMember
	err := row.Scan(&m.PersonID, &m.Name, &m.UnitID, &m.UnitName, &m.Post, &m.Since, &m.Active, &m.PersonActive,
		&m.LegalQualification, &m.PriorReviews, &m.Reviews, &m.Note, &m.Version)
	return m, err
}

// PoolMember returns a person's entry in the reviewer pool.
func (s *Store) PoolMember(ctx context.Context, personID int64) (legalreview.PoolMember, error) {
	return s.poolMember(ctx, s.DB, personID)
}

func (s *Store) poolMember(ctx context.Context, q querier, personID int64) (legalreview.PoolMember, error) {
	m, err := scanPoolMember(q.QueryRowContext(ctx, `SELECT `+poolColumns+poolFrom+` WHERE r.person_id = $1`, personID))
	return m, notFound(err, "该人员不在法制审核人员名单中")
}

// PoolFilter selects reviewers.
type PoolFilter struct {
	Query      string
	UnitID     int64
	UnitIDs    []int64 // access scope; nil = all
	ActiveOnly bool
	Page       Page
}

// Pool lists the reviewer pool with the total count.
func (s *Store) Pool(ctx context.Context, f PoolFilter) ([]legalreview.PoolMember, int, error) {
	w := newWhere()
	if q := strings.TrimSpace(f.Query); q != "" {
		w.add("(p.name LIKE ? OR p.post LIKE ?)", "%"+q+"%", "%"+q+"%")
	}
	if f.UnitID != 0 {
		w.add("r.unit_id = ?", f.UnitID)
	}
	if f.ActiveOnly {
		w.add("r.active AND p.status = 'active'")
	}
	if !w.in("r.unit_id", f.UnitIDs) {
		return nil, 0, nil
	}
	var total int
	if err := s.DB.QueryRowContext(ctx, `SELECT COUNT(*)`+poolFrom+w.sql(), w.args...).Scan(&total); err != nil {
		return nil, 0, err
	}
	p := f.Page.Norm()
	rows, err := s.DB.QueryContext(ctx, fmt.Sprintf(`SELECT %s%s%s ORDER BY u.sort_order, r.active DESC, p.name, r.person_id
		LIMIT %d OFFSET %d`, poolColumns, poolFrom, w.sql(), p.Limit, p.Offset), w.args...)
	if err != nil {
		return nil, 0, err
	}
	defer rows.Close()
	var out []legalreview.PoolMember
	for rows.Next() {
		m, err := scanPoolMember(rows)
		if err != nil {
			return nil, 0, err
		}
		out = append(out, m)
	}
	return out, total, rows.Err()
}

// SavePoolMember adds a person to their unit's reviewer pool or changes
// the entry (m.Version 0 adds; otherwise the version the user saw). The
// unit is the person's.
func (s *Store) SavePoolMember(ctx context.Context, actor audit.Actor, m *legalreview.PoolMember, reason string) error {
	return s.inTx(ctx, func(tx *sql.Tx) error { return s.writer(ctx, tx).savePoolMember(actor, m, reason) })
}

// SavePoolMember is Store.SavePoolMember inside the bulk.
func (b *Bulk) SavePoolMember(actor audit.Actor, m *legalreview.PoolMember, reason string) error {
	return b.w.savePoolMember(actor, m, reason)
}

func (w *txWriter) savePoolMember(actor audit.Actor, m *legalreview.PoolMember, reason string) error {
	var f apperr.Fields
	p, err := w.person(m.PersonID)
	if err != nil {
		f.Add("person_id", "人员", "请选择人员")
		return f.Err()
	}
	if m.Since.IsZero() {
		f.Add("since", "起始日期", "必填项为空")
	}
	if m.PriorReviews < 0 {
		f.Add("prior_reviews", "此前审核件数", "不能为负数")
	}
	if m.Version == 0 && p.Status != org.Active {
		f.Add("person_id", "人员", p.Name+"不在职，不能列入审核人员名单")
	}
	if err := f.Err(); err != nil {
		return err
	}
	m.UnitID, m.Name, m.Note = p.UnitID, p.Name, strings.TrimSpace(m.Note)
	now := w.s.now()
	if m.Version == 0 {
		_, err := w.q.ExecContext(w.ctx, `INSERT INTO review_reviewers (person_id, unit_id, since, active, prior_reviews, note,
			version, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, 1, $7, $7)`,
			m.PersonID, m.UnitID, m.Since, m.Active, m.PriorReviews, m.Note, now)
		if isUnique(err) {
			return apperr.New(apperr.Conflict, p.Name+"已在审核人员名单中")
		}
		if err != nil {
			return err
		}
		m.Version = 1
		return w.record(actor, legalreview.PoolKind, m.PersonID, audit.Create, reason, nil, m)
	}
	before, err := w.s.poolMember(w.ctx, w.q, m.PersonID)
	if err != nil {
		return err
	}
	res, err := w.q.ExecContext(w.ctx, `UPDATE review_reviewers SET unit_id=$1, since=$2, active=$3, prior_reviews=$4, note=$5,
		version=version+1, updated_at=$6 WHERE person_id=$7 AND version=$8`,
		m.UnitID, m.Since, m.Active, m.PriorReviews, m.Note, now, m.PersonID, m.Version)
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return conflict("审核人员“" + p.Name + "”")
	}
	m.Version++
	return w.record(actor, legalreview.PoolKind, m.PersonID, audit.Update, reason, before, m)
}

// UnitStaffing is a unit's reviewers against the target share of its
// enforcement staff.
type UnitStaffing struct {
	UnitID   int64  `json:"unit_id"`
	UnitName string `json:"unit_name"`
	legalreview.Staffing
}

// ReviewStaffing computes the staffing of the enforcement units in scope
// (nil = all) as of day on: active reviewers against officers in
// enforcement posts, with the target from review.reviewer_share.
func (s *Store) ReviewStaffing(ctx context.Context, scope []int64, on calendar.Date) ([]UnitStaffing, rule.Rule, error) {
	target, err := s.Rule(ctx, "review.reviewer_share", on)
	if err != nil {
		return nil, target, err
	}
	share, err := strconv.ParseFloat(strings.TrimSpace(target.Value), 64)
	if err != nil {
		return nil, target, fmt.Errorf("规则 %s 的值 %q 不是数字", target.Key, target.Value)
	}
	w := newWhere()
	w.add("u.enforcement AND u.abolished_on IS NULL")
	if !w.in("u.id", scope) {
		return nil, target, nil
	}
	rows, err := s.DB.QueryContext(ctx, `SELECT u.id, u.name,
		(SELECT COUNT(*) FROM review_reviewers r JOIN people p ON p.id = r.person_id
			WHERE r.unit_id = u.id AND r.active AND p.status = 'active'),
		(SELECT COUNT(*) FROM officers o JOIN people p ON p.id = o.person_id
			WHERE p.unit_id = u.id AND o.enforcement_post AND p.status = 'active')
		FROM units u`+w.sql()+` ORDER BY u.sort_order, u.id`, w.args...)
	if err != nil {
		return nil, target, err
	}
	defer rows.Close()
	var out []UnitStaffing
	for rows.Next() {
		var us UnitStaffing
		var reviewers, officers int
		if err := rows.Scan(&us.UnitID, &us.UnitName, &reviewers, &officers); err != nil {
			return nil, target, err
		}
		us.Staffing = legalreview.StaffingOf(reviewers, officers, share)
		out = append(out, us)
	}
	return out, target, rows.Err()
}
