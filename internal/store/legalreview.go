package store

// Legal reviews of major enforcement decisions (seed measure 8): the
// submission with its package, assignment to a qualified reviewer who did
// not investigate the case, the opinion of each round, resubmissions,
// collective discussion, and the review's workflow. Reads are here; the
// writes are in legalreview_flow.go.

import (
	"context"
	"fmt"
	"strings"

	"fazhi/internal/calendar"
	"fazhi/internal/legalreview"
)

const reviewColumns = `r.id, r.case_id, COALESCE(c.decision_number, c.filing_number, ''), c.party_name, m.name, r.unit_id, u.name,
	r.number, i.state, i.id, i.version, r.reasons, COALESCE(r.catalog_id, 0), COALESCE(k.catalog_version, 0), r.decision_on,
	r.submitted_on, r.submitter, r.round, COALESCE(r.reviewer_id, 0), COALESCE(p.name, ''), COALESCE(r.reviewer_unit_id, 0),
	COALESCE(ru.name, ''), r.invited, r.invite_reason, r.assigned_on, r.round_on, r.passed_on, r.closed_on, r.discussion,
	r.created_at, r.updated_at`

const reviewFrom = ` FROM legal_reviews r JOIN enf_cases c ON c.id = r.case_id JOIN enf_matters m ON m.id = c.matter_id
	JOIN units u ON u.id = r.unit_id JOIN workflow_items i ON i.record_kind = 'legal_review' AND i.record_id = r.id
	LEFT JOIN review_catalogs k ON k.id = r.catalog_id LEFT JOIN people p ON p.id = r.reviewer_id
	LEFT JOIN units ru ON ru.id = r.reviewer_unit_id`

func scanReview(row interface{ Scan(...any) error }) (legalreview.Submission, error) {
	var r legalreview.Submission
	var party, matter, reasons string
	err := row.Scan(&r.ID, &r.CaseID, &r.CaseNumber, &party, &matter, &r.UnitID, &r.UnitName, &r.Number, &r.State, &r.ItemID,
		&r.ItemVersion, &reasons, &r.CatalogID, &r.CatalogVersion, &r.DecisionOn, &r.SubmittedOn, &r.Submitter, &r.Round,
		&r.ReviewerID, &r.ReviewerName, &r.ReviewerUnitID, &r.ReviewerUnit, &r.Invited, &r.InviteReason,
		dateInto{&r.AssignedOn}, dateInto{&r.RoundOn}, dateInto{&r.PassedOn}, dateInto{&r.ClosedOn}, &r.Discussion,
		&r.CreatedAt, &r.UpdatedAt)
	r.CaseTitle = strings.TrimSpace(party + " " + matter)
	r.Reasons = splitLines(reasons)
	r.StateLabel = legalreview.Flow.StateLabel(r.State)
	return r, err
}

func splitLines(s string) []string {
	var out []string
	for _, l := range strings.Split(s, "\n") {
		if l = strings.TrimSpace(l); l != "" {
			out = append(out, l)
		}
	}
	return out
}

// LegalReview returns one review.
func (s *Store) LegalReview(ctx context.Context, id int64) (legalreview.Submission, error) {
	return s.legalReview(ctx, s.DB, id)
}

func (s *Store) legalReview(ctx context.Context, q querier, id int64) (legalreview.Submission, error) {
	r, err := scanReview(q.QueryRowContext(ctx, `SELECT `+reviewColumns+reviewFrom+` WHERE r.id = $1`, id))
	return r, notFound(err, "法制审核记录不存在")
}

// LegalReviewFilter selects reviews.
type LegalReviewFilter struct {
	Query      string  // review number, case number or party
	UnitID     int64   // the case unit
	UnitIDs    []int64 // access scope; nil = all
	PersonID   int64   // the viewer's person: reviews they were invited to are in scope too
	ReviewerID int64   // reviews assigned to this person
	CaseID     int64
	States     []string
	Year       int  // submitted in the year
	Invited    bool // cross-department reviews only
	Overdue    bool // with an opinion period run out, as of Today
	Today      calendar.Date
	Sort       string
	Page       Page
}

func (f LegalReviewFilter) where() (*where, bool) {
	w := newWhere()
	if q := strings.TrimSpace(f.Query); q != "" {
		like := "%" + q + "%"
		w.add("(r.number LIKE ? OR c.filing_number LIKE ? OR c.decision_number LIKE ? OR c.party_name LIKE ?)", like, like, like, like)
	}
	for _, cond := range []struct {
		v    int64
		expr string
	}{{f.UnitID, "r.unit_id = ?"}, {f.ReviewerID, "r.reviewer_id = ?"}, {f.CaseID, "r.case_id = ?"}} {
		if cond.v != 0 {
			w.add(cond.expr, cond.v)
		}
	}
	if len(f.States) > 0 {
		marks := make([]string, len(f.States))
		args := make([]any, len(f.States))
		for i, st := range f.States {
			marks[i], args[i] = "?", st
		}
		w.add("i.state IN ("+strings.Join(marks, ",")+")", args...)
	}
	if f.Year != 0 {
		w.add("r.submitted_on LIKE ?", fmt.Sprintf("%04d-%%", f.Year))
	}
	if f.Invited {
		w.add("r.invited")
	}
	if f.Overdue {
		w.add("EXISTS (SELECT 1 FROM workflow_timers t WHERE t.item_id = i.id AND t.state = 'running' AND t.due_on < ?)", f.Today)
	}
	if f.UnitIDs == nil {
		return w, true
	}
	marks := make([]string, len(f.UnitIDs))
	args := make([]any, len(f.UnitIDs))
	for i, id := range f.UnitIDs {
		marks[i], args[i] = "?", id
	}
	scope := []string{}
	if len(marks) > 0 {
		scope = append(scope, "r.unit_id IN ("+strings.Join(marks, ",")+")")
	}
	if f.PersonID != 0 {
		scope = append(scope, "r.reviewer_id = ?")
		args = append(args, f.PersonID)
	}
	if len(scope) == 0 {
		return w, false
	}
	w.add("("+strings.Join(scope, " OR ")+")", args...)
	return w, true
}

// legalReviewSorts are the orders a review list offers.
var legalReviewSorts = map[string]string{
	"":         "r.submitted_on DESC, r.id DESC",
	"oldest":   "r.submitted_on, r.id",
	"unit":     "u.sort_order, r.submitted_on DESC, r.id DESC",
	"round":    "r.round DESC, r.submitted_on DESC, r.id DESC",
	"deadline": "(SELECT MIN(t.due_on) FROM workflow_timers t WHERE t.item_id = i.id AND t.state = 'running'), r.id",
}

// LegalReviewSortKeys lists the sort keys a review list accepts.
func LegalReviewSortKeys() []string { return []string{"", "oldest", "unit", "round", "deadline"} }

// LegalReviews lists reviews with the total count.
func (s *Store) LegalReviews(ctx context.Context, f LegalReviewFilter) ([]legalreview.Submission, int, error) {
	w, ok := f.where()
	if !ok {
		return nil, 0, nil
	}
	var total int
	if err := s.DB.QueryRowContext(ctx, `SELECT COUNT(*)`+reviewFrom+w.sql(), w.args...).Scan(&total); err != nil {
		return nil, 0, err
	}
	order, ok := legalReviewSorts[f.Sort]
	if !ok {
		order = legalReviewSorts[""]
	}
	p := f.Page.Norm()
	rows, err := s.DB.QueryContext(ctx, fmt.Sprintf(`SELECT %s%s%s ORDER BY %s LIMIT %d OFFSET %d`,
		reviewColumns, reviewFrom, w.sql(), order, p.Limit, p.Offset), w.args...)
	if err != nil {
		return nil, 0, err
	}
	defer rows.Close()
	var out []legalreview.Submission
	for rows.Next() {
		r, err := scanReview(rows)
		if err != nil {
			return nil, 0, err
		}
		out = append(out, r)
	}
	return out, total, rows.Err()
}

// LegalReviewStateCounts counts the reviews of f by state (f.States ignored).
func (s *Store) LegalReviewStateCounts(ctx context.Context, f LegalReviewFilter) (map[string]int, error) {
	f.States = nil
	w, ok := f.where()
	out := map[string]int{}
	if !ok {
		return out, nil
	}
	rows, err := s.DB.QueryContext(ctx, `SELECT i.state, COUNT(*)`+reviewFrom+w.sql()+` GROUP BY i.state`, w.args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var st string
		var n int
		if err := rows.Scan(&st, &n); err != nil {
			return nil, err
		}
		out[st] = n
	}
	return out, rows.Err()
}

// ReviewRounds returns a review's rounds, first first, each with its
// documents (without content) and its opinion.
func (s *Store) ReviewRounds(ctx context.Context, reviewID int64) ([]legalreview.Round, error) {
	return s.reviewRounds(ctx, s.DB, reviewID)
}

func (s *Store) reviewRounds(ctx context.Context, q querier, reviewID int64) ([]legalreview.Round, error) {
	rows, err := q.QueryContext(ctx, `SELECT round, submitted_on, submitter, note FROM legal_review_rounds
		WHERE review_id = $1 ORDER BY round`, reviewID)
	if err != nil {
		return nil, err
	}
	var out []legalreview.Round
	for rows.Next() {
		var r legalreview.Round
		if err := rows.Scan(&r.Round, &r.SubmittedOn, &r.Submitter, &r.Note); err != nil {
			rows.Close()
			return nil, err
		}
		out = append(out, r)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	materials, err := s.reviewMaterials(ctx, q, reviewID)
	if err != nil {
		return nil, err
	}
	opinions, err := s.reviewOpinions(ctx, q, reviewID)
	if err != nil {
		return nil, err
	}
	for i := range out {
		for _, m := range materials {
			if m.Round == out[i].Round {
				out[i].Materials = append(out[i].Materials, m)
			}
		}
		for j := range opinions {
			if opinions[j].Round == out[i].Round {
				out[i].Opinion = &opinions[j]
			}
		}
	}
	return out, nil
}

const materialColumns = `id, review_id, round, kind, filename, content_type, size, sha256, uploaded_on, uploaded_by`

func (s *Store) reviewMaterials(ctx context.Context, q querier, reviewID int64) ([]legalreview.MaterialFile, error) {
	rows, err := q.QueryContext(ctx, `SELECT `+materialColumns+` FROM legal_review_materials WHERE review_id = $1
		ORDER BY round, id`, reviewID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []legalreview.MaterialFile
	for rows.Next() {
		var m legalreview.MaterialFile
		if err := rows.Scan(&m.ID, &m.ReviewID, &m.Round, &m.Kind, &m.Filename, &m.ContentType, &m.Size, &m.SHA256,
			&m.UploadedOn, &m.UploadedBy); err != nil {
			return nil, err
		}
		m.KindLabel = m.Kind.Label()
		out = append(out, m)
	}
	return out, rows.Err()
}

// ReviewMaterial returns one document of a review with its content.
func (s *Store) ReviewMaterial(ctx context.Context, reviewID, id int64) (legalreview.MaterialFile, []byte, error) {
	var m legalreview.MaterialFile
	var data []byte
	err := s.DB.QueryRowContext(ctx, `SELECT `+materialColumns+`, content FROM legal_review_materials
		WHERE id = $1 AND review_id = $2`, id, reviewID).Scan(&m.ID, &m.ReviewID, &m.Round, &m.Kind, &m.Filename,
		&m.ContentType, &m.Size, &m.SHA256, &m.UploadedOn, &m.UploadedBy, &data)
	m.KindLabel = m.Kind.Label()
	return m, data, notFound(err, "材料不存在")
}

func (s *Store) reviewOpinions(ctx context.Context, q querier, reviewID int64) ([]legalreview.Opinion, error) {
	rows, err := q.QueryContext(ctx, `SELECT o.id, o.round, o.reviewer_id, o.reviewer_name, o.conclusion, o.summary,
		o.started_on, o.due_on, o.given_on FROM legal_review_opinions o WHERE o.review_id = $1 ORDER BY o.round`, reviewID)
	if err != nil {
		return nil, err
	}
	var ids []int64
	var out []legalreview.Opinion
	for rows.Next() {
		var o legalreview.Opinion
		var id int64
		if err := rows.Scan(&id, &o.Round, &o.ReviewerID, &o.Reviewer, &o.Conclusion, &o.Summary, &o.StartedOn,
			dateInto{&o.DueOn}, &o.GivenOn); err != nil {
			rows.Close()
			return nil, err
		}
		ids, out = append(ids, id), append(out, o)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	for i, id := range ids {
		if out[i].Findings, err = s.opinionFindings(ctx, q, id); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// opinionFindings returns an opinion's findings in checklist order.
func (s *Store) opinionFindings(ctx context.Context, q querier, opinionID int64) ([]legalreview.Finding, error) {
	rows, err := q.QueryContext(ctx, `SELECT item, ok, comment FROM legal_review_findings WHERE opinion_id = $1`, opinionID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	byItem := map[legalreview.Item]legalreview.Finding{}
	for rows.Next() {
		var f legalreview.Finding
		if err := rows.Scan(&f.Item, &f.OK, &f.Comment); err != nil {
			return nil, err
		}
		byItem[f.Item] = f
	}
	var out []legalreview.Finding
	for _, it := range legalreview.Items() {
		if f, ok := byItem[it]; ok {
			out = append(out, f)
		}
	}
	return out, rows.Err()
}

// CaseReviews lists the reviews of a case, newest first.
func (s *Store) CaseReviews(ctx context.Context, caseID int64) ([]legalreview.Submission, error) {
	out, _, err := s.LegalReviews(ctx, LegalReviewFilter{CaseID: caseID, Page: Page{Limit: 100}})
	return out, err
}
