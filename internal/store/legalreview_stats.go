package store

// Statistics of the legal review (seed measure 8, "statistics on the
// review work"), computed from the records: reviews per unit and month,
// the first-pass rate, the findings by checklist point, durations and
// overdue opinions, and the reviewers against the staffing target.

import (
	"context"
	"fmt"

	"fazhi/internal/calendar"
	"fazhi/internal/legalreview"
	"fazhi/internal/rule"
)

// UnitReviewStats is one unit's row for a year (or the totals).
type UnitReviewStats struct {
	UnitID    int64   `json:"unit_id"`
	UnitName  string  `json:"unit_name"`
	Months    [12]int `json:"months"`    // reviews submitted per month
	Submitted int     `json:"submitted"` // reviews submitted in the year
	// FirstOpinions are reviews with an opinion on their first round;
	// FirstPass those the first opinion agreed with.
	FirstOpinions int `json:"first_opinions"`
	FirstPass     int `json:"first_pass"`
	Returned      int `json:"returned"`  // returned at least once
	Discussed     int `json:"discussed"` // referred to collective discussion
	Passed        int `json:"passed"`
	Withdrawn     int `json:"withdrawn"`
	Open          int `json:"open"`
	Invited       int `json:"invited"` // cross-department reviews
	Opinions      int `json:"opinions"`
	// OverdueOpinions were given after their period; OverdueOpen are
	// periods that ran out with no opinion yet (as of the day asked).
	OverdueOpinions int `json:"overdue_opinions"`
	OverdueOpen     int `json:"overdue_open"`
	// AvgOpinionDays is the mean of working days from a round's start to
	// its opinion; AvgPassDays the mean of calendar days from submission
	// to passing.
	AvgOpinionDays float64 `json:"avg_opinion_days"`
	AvgPassDays    float64 `json:"avg_pass_days"`

	opinionDays, passDays int
}

// FirstPassRate is the share of first opinions that agreed (0..1).
func (u UnitReviewStats) FirstPassRate() float64 {
	if u.FirstOpinions == 0 {
		return 0
	}
	return float64(u.FirstPass) / float64(u.FirstOpinions)
}

// ItemCount is how often a checklist point was found wanting.
type ItemCount struct {
	Item  legalreview.Item `json:"item"`
	Label string           `json:"label"`
	Count int              `json:"count"`
}

// ReviewStats is a year's statistics for the units in scope.
type ReviewStats struct {
	Year     int               `json:"year"`
	Units    []UnitReviewStats `json:"units"`
	Totals   UnitReviewStats   `json:"totals"`
	Findings []ItemCount       `json:"findings"`
	Staffing []UnitStaffing    `json:"staffing"`
	Share    rule.Rule         `json:"share_rule"`
}

// LegalReviewStats computes the statistics of reviews submitted in year
// by the enforcement units in scope (nil = all); today decides which
// running periods have run out.
func (s *Store) LegalReviewStats(ctx context.Context, year int, scope []int64, today calendar.Date) (ReviewStats, error) {
	st := ReviewStats{Year: year, Totals: UnitReviewStats{UnitName: "合计"}}
	var err error
	if st.Staffing, st.Share, err = s.ReviewStaffing(ctx, scope, today); err != nil {
		return st, err
	}
	rows := map[int64]*UnitReviewStats{}
	for _, u := range st.Staffing {
		rows[u.UnitID] = &UnitReviewStats{UnitID: u.UnitID, UnitName: u.UnitName}
	}
	reviews, err := Collect(func(p Page) ([]legalreview.Submission, int, error) {
		return s.LegalReviews(ctx, LegalReviewFilter{UnitIDs: scope, Year: year, Sort: "oldest", Page: p})
	})
	if err != nil {
		return st, err
	}
	cal, err := s.Calendar(ctx)
	if err != nil {
		return st, err
	}
	byID := map[int64]*UnitReviewStats{}
	for _, r := range reviews {
		u := rows[r.UnitID]
		if u == nil {
			u = &UnitReviewStats{UnitID: r.UnitID, UnitName: r.UnitName}
			rows[r.UnitID] = u
		}
		byID[r.ID] = u
		countReview(u, r)
	}
	if err := s.countOpinions(ctx, year, scope, cal, byID, &st); err != nil {
		return st, err
	}
	if err := s.countOverdueOpen(ctx, year, today, byID); err != nil {
		return st, err
	}
	for _, u := range st.Staffing {
		st.Units = append(st.Units, *rows[u.UnitID])
		delete(rows, u.UnitID)
	}
	for _, u := range rows { // units no longer counted as enforcement units
		st.Units = append(st.Units, *u)
	}
	for i := range st.Units {
		finishAverages(&st.Units[i])
		addInto(&st.Totals, st.Units[i])
	}
	finishAverages(&st.Totals)
	return st, nil
}

func countReview(u *UnitReviewStats, r legalreview.Submission) {
	u.Submitted++
	u.Months[r.SubmittedOn.Month-1]++
	switch r.State {
	case legalreview.Passed:
		u.Passed++
		if r.PassedOn != nil {
			u.passDays += int(r.PassedOn.Time().Sub(r.SubmittedOn.Time()).Hours() / 24)
		}
	case legalreview.Withdrawn:
		u.Withdrawn++
	default:
		u.Open++
	}
	if r.Invited {
		u.Invited++
	}
	if r.Discussion != "" || r.State == legalreview.Discussion {
		u.Discussed++
	}
}

// countOpinions adds the opinions of the year's reviews and their
// findings by checklist point.
func (s *Store) countOpinions(ctx context.Context, year int, scope []int64, cal *calendar.Calendar, byID map[int64]*UnitReviewStats,
	st *ReviewStats) error {
	w := newWhere()
	w.add("r.submitted_on LIKE ?", fmt.Sprintf("%04d-%%", year))
	if !w.in("r.unit_id", scope) {
		return nil
	}
	rows, err := s.DB.QueryContext(ctx, `SELECT o.review_id, o.round, o.conclusion, o.started_on, o.due_on, o.given_on
		FROM legal_review_opinions o JOIN legal_reviews r ON r.id = o.review_id`+w.sql()+` ORDER BY o.review_id, o.round`, w.args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	returned := map[int64]bool{}
	for rows.Next() {
		var op legalreview.Opinion
		var id int64
		if err := rows.Scan(&id, &op.Round, &op.Conclusion, &op.StartedOn, dateInto{&op.DueOn}, &op.GivenOn); err != nil {
			return err
		}
		u := byID[id]
		if u == nil {
			continue
		}
		u.Opinions++
		if op.Round == 1 {
			u.FirstOpinions++
			if op.Passed() {
				u.FirstPass++
			}
		}
		if !op.Passed() && !returned[id] {
			returned[id] = true
			u.Returned++
		}
		if op.Overdue() {
			u.OverdueOpinions++
		}
		if n, err := cal.WorkdaysBetween(op.StartedOn, op.GivenOn); err == nil {
			u.opinionDays += n
		}
	}
	if err := rows.Err(); err != nil {
		return err
	}
	return s.countFindings(ctx, w, st)
}

func (s *Store) countFindings(ctx context.Context, w *where, st *ReviewStats) error {
	rows, err := s.DB.QueryContext(ctx, `SELECT f.item, COUNT(*) FROM legal_review_findings f
		JOIN legal_review_opinions o ON o.id = f.opinion_id JOIN legal_reviews r ON r.id = o.review_id`+w.sql()+
		` AND NOT f.ok GROUP BY f.item`, w.args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	counts := map[legalreview.Item]int{}
	for rows.Next() {
		var it legalreview.Item
		var n int
		if err := rows.Scan(&it, &n); err != nil {
			return err
		}
		counts[it] = n
	}
	for _, it := range legalreview.Items() {
		st.Findings = append(st.Findings, ItemCount{Item: it, Label: it.Label(), Count: counts[it]})
	}
	return rows.Err()
}

// countOverdueOpen counts the year's reviews whose running opinion
// period ran out before today.
func (s *Store) countOverdueOpen(ctx context.Context, year int, today calendar.Date, byID map[int64]*UnitReviewStats) error {
	rows, err := s.DB.QueryContext(ctx, `SELECT i.record_id FROM workflow_timers t JOIN workflow_items i ON i.id = t.item_id
		WHERE i.record_kind = 'legal_review' AND t.state = 'running' AND t.due_on < $1`, today)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return err
		}
		if u := byID[id]; u != nil {
			u.OverdueOpen++
		}
	}
	return rows.Err()
}

func finishAverages(u *UnitReviewStats) {
	if u.Opinions > 0 {
		u.AvgOpinionDays = float64(u.opinionDays) / float64(u.Opinions)
	}
	if u.Passed > 0 {
		u.AvgPassDays = float64(u.passDays) / float64(u.Passed)
	}
}

func addInto(t *UnitReviewStats, u UnitReviewStats) {
	for m := range t.Months {
		t.Months[m] += u.Months[m]
	}
	t.Submitted += u.Submitted
	t.FirstOpinions += u.FirstOpinions
	t.FirstPass += u.FirstPass
	t.Returned += u.Returned
	t.Discussed += u.Discussed
	t.Passed += u.Passed
	t.Withdrawn += u.Withdrawn
	t.Open += u.Open
	t.Invited += u.Invited
	t.Opinions += u.Opinions
	t.OverdueOpinions += u.OverdueOpinions
	t.OverdueOpen += u.OverdueOpen
	t.opinionDays += u.opinionDays
	t.passDays += u.passDays
}
