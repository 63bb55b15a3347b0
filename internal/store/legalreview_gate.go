package store

// What the law and a unit's catalogues require of a case's decision, and
// the hook through which the case workflow's decision gate learns it.

import (
	"context"
	"database/sql"
	"slices"

	"fazhi/internal/calendar"
	"fazhi/internal/enforcement"
	"fazhi/internal/legalreview"
)

// Requirement is what the catalogues in force on a day require of a
// case's decision, with the review and approval the case has.
type Requirement struct {
	CaseID int64                 `json:"case_id"`
	On     calendar.Date         `json:"on"`
	Flags  legalreview.CaseFlags `json:"flags"`
	// Catalog is the unit's review catalogue in force on On (nil: none);
	// Matches its rules the case meets, with the statutory hearing case.
	Catalog *legalreview.Catalog `json:"catalog,omitempty"`
	Matches []legalreview.Match  `json:"matches"`
	// Other are the case workflow's own grounds not already matched (a
	// deviation from the benchmark, a case for collective discussion).
	Other []string `json:"other"`
	// ApprovalCatalog and Approval are the same for the catalogue of
	// decisions reported to the city government.
	ApprovalCatalog *legalreview.Catalog `json:"approval_catalog,omitempty"`
	Approval        []legalreview.Match  `json:"approval"`
	// PassedOn is the day the case's review passed; GrantedOn the day the
	// city government approved the decision.
	PassedOn  *calendar.Date `json:"passed_on,omitempty"`
	GrantedOn *calendar.Date `json:"granted_on,omitempty"`
}

// ReviewRequired reports whether the decision needs a passed review.
func (r Requirement) ReviewRequired() bool { return len(r.Matches)+len(r.Other) > 0 }

// ApprovalRequired reports whether the decision needs the city
// government's approval.
func (r Requirement) ApprovalRequired() bool { return len(r.Approval) > 0 }

// Reasons are the grounds for review as sentences.
func (r Requirement) Reasons() []string { return append(legalreview.Reasons(r.Matches), r.Other...) }

// ApprovalReasons are the grounds for approval as sentences.
func (r Requirement) ApprovalReasons() []string { return legalreview.Reasons(r.Approval) }

// CaseRequirement evaluates a case against the catalogues in force on
// day on (the intended decision date).
func (s *Store) CaseRequirement(ctx context.Context, caseID int64, on calendar.Date) (Requirement, error) {
	c, err := s.Case(ctx, caseID)
	if err != nil {
		return Requirement{}, err
	}
	return s.requirement(ctx, s.DB, c, on, func(unit int64, p legalreview.Purpose) ([]legalreview.Catalog, error) {
		return s.publishedCatalogs(ctx, s.DB, unit, p)
	})
}

// requirement is CaseRequirement inside the writer's transaction.
func (w *txWriter) requirement(c enforcement.Case, on calendar.Date) (Requirement, error) {
	return w.s.requirement(w.ctx, w.q, c, on, w.publishedCatalogs)
}

// requirement evaluates c with the published catalogues versions gives.
func (s *Store) requirement(ctx context.Context, q querier, c enforcement.Case, on calendar.Date,
	versions func(unit int64, p legalreview.Purpose) ([]legalreview.Catalog, error)) (Requirement, error) {
	req := Requirement{CaseID: c.ID, On: on, PassedOn: c.ReviewPassedOn}
	var err error
	if req.Flags, err = s.caseFlags(ctx, q, c.ID); err != nil {
		return req, err
	}
	facts := legalreview.FactsOf(c, req.Flags)
	review, err := versions(c.UnitID, legalreview.Review)
	if err != nil {
		return req, err
	}
	req.Catalog = inForce(review, on)
	req.Matches = legalreview.Required(req.Catalog, facts)
	req.Other = otherGrounds(c, req.Matches)
	approval, err := versions(c.UnitID, legalreview.Approval)
	if err != nil {
		return req, err
	}
	if req.ApprovalCatalog = inForce(approval, on); req.ApprovalCatalog != nil {
		req.Approval = req.ApprovalCatalog.Applies(facts)
	}
	if req.PassedOn == nil {
		if req.PassedOn, err = s.reviewPassed(ctx, q, c.ID); err != nil {
			return req, err
		}
	}
	if len(req.Approval) > 0 {
		req.GrantedOn, err = s.approvalGranted(ctx, q, c.ID)
	}
	return req, err
}

// otherGrounds are the case workflow's reasons for review that the
// matches do not already state.
func otherGrounds(c enforcement.Case, ms []legalreview.Match) []string {
	has := func(k legalreview.Kind) bool {
		for _, m := range ms {
			if m.Rule.Kind == k {
				return true
			}
		}
		return false
	}
	c.ReviewCatalog = false
	if has(legalreview.OutsideBenchmark) {
		c.OutsideBenchmark = false
	}
	if has(legalreview.HearingHeld) {
		c.HearingHeld = false
	}
	if has(legalreview.ComplexCase) {
		c.CollectiveRequired = false
	}
	return enforcement.ReviewReasons(c)
}

// reviewPassed is the day the case's latest review passed, if it did.
func (s *Store) reviewPassed(ctx context.Context, q querier, caseID int64) (*calendar.Date, error) {
	var d *calendar.Date
	err := q.QueryRowContext(ctx, `SELECT MAX(passed_on) FROM legal_reviews WHERE case_id = $1 AND passed_on IS NOT NULL`,
		caseID).Scan(dateInto{&d})
	if err == sql.ErrNoRows {
		return nil, nil
	}
	return d, err
}

// approvalGranted is the day the city government approved the case's
// decision, if it did.
func (s *Store) approvalGranted(ctx context.Context, q querier, caseID int64) (*calendar.Date, error) {
	var d *calendar.Date
	err := q.QueryRowContext(ctx, `SELECT MAX(a.decided_on) FROM gov_approvals a JOIN workflow_items i
		ON i.record_kind = 'gov_approval' AND i.record_id = a.id WHERE a.case_id = $1 AND i.state = 'approved'`,
		caseID).Scan(dateInto{&d})
	if err == sql.ErrNoRows {
		return nil, nil
	}
	return d, err
}

// applyLegalReview is the case workflow's hook (its gate calls it before
// deciding whether review is required): it sets what the legal review
// knows of the case as of the act's day — the catalogue rules the case
// meets beyond the workflow's own grounds (ReviewCatalog and its
// reasons), the day its review passed, and whether the decision needs
// the city government's approval and has it.
func (w *txWriter) applyLegalReview(c *enforcement.Case, on calendar.Date) error {
	req, err := w.requirement(*c, on)
	if err != nil {
		return err
	}
	var own []legalreview.Match
	if req.Catalog != nil {
		own = req.Catalog.Applies(legalreview.FactsOf(*c, req.Flags))
	}
	c.ReviewCatalog = len(own) > 0
	c.ReviewCatalogReasons = legalreview.Reasons(slices.DeleteFunc(own, func(m legalreview.Match) bool {
		return coveredByCase(*c, m.Rule.Kind)
	}))
	c.ApprovalReasons, c.ApprovalGrantedOn = req.ApprovalReasons(), req.GrantedOn
	if c.ReviewPassedOn == nil {
		c.ReviewPassedOn = req.PassedOn
	}
	return nil
}

// coveredByCase reports a catalogue rule whose ground the case workflow
// already states in its own words (enforcement.ReviewReasons).
func coveredByCase(c enforcement.Case, k legalreview.Kind) bool {
	switch k {
	case legalreview.OutsideBenchmark:
		return c.OutsideBenchmark
	case legalreview.HearingHeld:
		return c.HearingHeld
	case legalreview.ComplexCase:
		return c.CollectiveRequired
	}
	return false
}

// CaseRequirement is Store.CaseRequirement inside the bulk, for a case
// the caller read.
func (b *Bulk) CaseRequirement(c enforcement.Case, on calendar.Date) (Requirement, error) {
	return b.w.requirement(c, on)
}
