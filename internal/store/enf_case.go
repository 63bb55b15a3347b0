package store

// Penalty cases (seed measure 4): reading cases and their officers. The
// writes are in enf_caseflow.go, the case file in enf_casefile.go.

import (
	"context"
	"fmt"
	"strings"

	"fazhi/internal/calendar"
	"fazhi/internal/enforcement"
)

// dateInto scans a nullable date column into a *calendar.Date (nil for
// NULL): a case has some twenty optional dates.
type dateInto struct{ p **calendar.Date }

func (o dateInto) Scan(src any) error {
	if src == nil {
		*o.p = nil
		return nil
	}
	var d calendar.Date
	if err := d.Scan(src); err != nil {
		return err
	}
	*o.p = &d
	return nil
}

const caseColumns = `c.id, c.unit_id, u.name, c.matter_id, m.code, m.name, m.category, c.procedure, i.state, i.version,
	COALESCE(c.filing_number, ''), COALESCE(c.decision_number, ''), c.source, c.source_on, c.source_note,
	c.party_kind, c.party_name, c.party_category, c.party_code, c.party_id_type, c.party_address, c.party_phone,
	c.legal_rep, c.legal_rep_id_type, c.legal_rep_id, c.party_minor,
	c.violation_type, c.facts, c.evidence_summary, c.violation_on, c.amount_involved, c.illegal_gains, c.filed_on, c.report_on,
	COALESCE(c.benchmark_id, 0), c.benchmark_version, COALESCE(c.tier_id, 0), COALESCE(t.tier, ''), c.outside_benchmark,
	c.deviation_reason, c.notice_on, c.notice_fine, c.notice_confiscation, c.notice_kinds, c.hearing_right,
	c.defence_on, c.defence_note, c.hearing_requested_on, c.hearing_notice_on, c.hearing_on, c.hearing_held,
	c.review_required, c.review_catalog, c.review_passed_on, c.collective_required, c.collective_on,
	c.outcome, c.no_penalty_reason, c.decided_on, c.penalty_kinds, c.fine, c.confiscation, c.licence_affected, c.basis,
	c.party_present, c.electronic_consent, c.delivered_on, c.delivery_method,
	c.payment_due, c.deferred_until, c.instalments, c.paid_on, c.paid, c.surcharge, c.cash_collected, c.closed_on,
	c.disclosed_on, c.version, c.created_at, c.updated_at`

const caseFrom = ` FROM enf_cases c JOIN units u ON u.id = c.unit_id JOIN enf_matters m ON m.id = c.matter_id
	JOIN workflow_items i ON i.record_kind = 'penalty_case' AND i.record_id = c.id
	LEFT JOIN enf_benchmark_tiers t ON t.id = c.tier_id`

func scanCase(row interface{ Scan(...any) error }) (enforcement.Case, error) {
	var c enforcement.Case
	p := &c.Party
	err := row.Scan(&c.ID, &c.UnitID, &c.UnitName, &c.MatterID, &c.MatterCode, &c.MatterName, &c.MatterCategory,
		&c.Procedure, &c.State, &c.ItemVersion, &c.FilingNumber, &c.DecisionNumber, &c.Source, &c.SourceOn, &c.SourceNote,
		&p.Kind, &p.Name, &p.Category, &p.Code, &p.IDType, &p.Address, &p.Phone, &p.LegalRep, &p.LegalRepIDTyp, &p.LegalRepID, &p.Minor,
		&c.ViolationType, &c.Facts, &c.EvidenceSummary, dateInto{&c.ViolationOn}, &c.AmountInvolved, &c.IllegalGains,
		dateInto{&c.FiledOn}, dateInto{&c.ReportOn},
		&c.BenchmarkID, &c.BenchmarkVersion, &c.TierID, &c.TierName, &c.OutsideBenchmark,
		&c.DeviationReason, dateInto{&c.NoticeOn}, &c.NoticeFine, &c.NoticeConfiscation, &c.NoticeKinds, &c.HearingRight,
		dateInto{&c.DefenceOn}, &c.DefenceNote, dateInto{&c.HearingRequestedOn}, dateInto{&c.HearingNoticeOn}, dateInto{&c.HearingOn}, &c.HearingHeld,
		&c.ReviewRequired, &c.ReviewCatalog, dateInto{&c.ReviewPassedOn}, &c.CollectiveRequired, dateInto{&c.CollectiveOn},
		&c.Outcome, &c.NoPenaltyReason, dateInto{&c.DecidedOn}, &c.PenaltyKinds, &c.Fine, &c.Confiscation, &c.LicenceAffected, &c.Basis,
		&c.PartyPresent, &c.ElectronicConsent, dateInto{&c.DeliveredOn}, &c.DeliveryMethod,
		dateInto{&c.PaymentDue}, dateInto{&c.DeferredUntil}, &c.Instalments, dateInto{&c.PaidOn}, &c.Paid, &c.Surcharge, &c.CashCollected,
		dateInto{&c.ClosedOn}, dateInto{&c.DisclosedOn}, &c.Version, &c.CreatedAt, &c.UpdatedAt)
	c.StateLabel = enforcement.StateLabel(c.Procedure, c.State)
	return c, err
}

// Case returns one penalty case with its officers.
func (s *Store) Case(ctx context.Context, id int64) (enforcement.Case, error) {
	return s.caseByID(ctx, s.DB, id)
}

func (s *Store) caseByID(ctx context.Context, q querier, id int64) (enforcement.Case, error) {
	c, err := scanCase(q.QueryRowContext(ctx, `SELECT `+caseColumns+caseFrom+` WHERE c.id = $1`, id))
	if err != nil {
		return c, notFound(err, "案件不存在")
	}
	c.Officers, err = s.caseOfficers(ctx, q, id)
	return c, err
}

func (s *Store) caseOfficers(ctx context.Context, q querier, caseID int64) ([]enforcement.CaseOfficer, error) {
	rows, err := q.QueryContext(ctx, `SELECT o.person_id, p.name, o.role, o.certificate, o.checked_on
		FROM enf_case_officers o JOIN people p ON p.id = o.person_id WHERE o.case_id = $1
		ORDER BY CASE o.role WHEN '主办' THEN 0 ELSE 1 END, p.id`, caseID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []enforcement.CaseOfficer
	for rows.Next() {
		var o enforcement.CaseOfficer
		if err := rows.Scan(&o.PersonID, &o.Name, &o.Role, &o.Certificate, &o.CheckedOn); err != nil {
			return nil, err
		}
		out = append(out, o)
	}
	return out, rows.Err()
}

// CaseFilter selects penalty cases.
type CaseFilter struct {
	Query     string  // case number, party name or code
	UnitID    int64   // one unit
	UnitIDs   []int64 // access scope; nil = all
	MatterID  int64
	Procedure enforcement.Procedure
	States    []string // workflow states; empty = any
	Outcome   enforcement.Outcome
	// FiledFrom/FiledTo and DecidedFrom/DecidedTo bound the dates (inclusive).
	FiledFrom, FiledTo     *calendar.Date
	DecidedFrom, DecidedTo *calendar.Date
	OfficerID              int64 // cases an officer works on
	Open                   bool  // cases not in a final state
	Flagged                bool  // cases with an open supervision flag
	Sort                   string
	Page                   Page
}

func (f CaseFilter) where() (*where, bool) {
	w := newWhere()
	if q := strings.TrimSpace(f.Query); q != "" {
		like := "%" + q + "%"
		w.add("(c.filing_number LIKE ? OR c.decision_number LIKE ? OR c.party_name LIKE ? OR c.party_code = ?)", like, like, like, q)
	}
	if f.UnitID != 0 {
		w.add("c.unit_id = ?", f.UnitID)
	}
	if f.MatterID != 0 {
		w.add("c.matter_id = ?", f.MatterID)
	}
	if f.Procedure != "" {
		w.add("c.procedure = ?", string(f.Procedure))
	}
	if len(f.States) > 0 {
		marks := make([]string, len(f.States))
		args := make([]any, len(f.States))
		for i, st := range f.States {
			marks[i], args[i] = "?", st
		}
		w.add("i.state IN ("+strings.Join(marks, ",")+")", args...)
	}
	if f.Outcome != "" {
		w.add("c.outcome = ?", string(f.Outcome))
	}
	for _, b := range []struct {
		d    *calendar.Date
		cond string
	}{{f.FiledFrom, "c.filed_on >= ?"}, {f.FiledTo, "c.filed_on <= ?"}, {f.DecidedFrom, "c.decided_on >= ?"}, {f.DecidedTo, "c.decided_on <= ?"}} {
		if b.d != nil {
			w.add(b.cond, b.d.String())
		}
	}
	if f.OfficerID != 0 {
		w.add("EXISTS (SELECT 1 FROM enf_case_officers o WHERE o.case_id = c.id AND o.person_id = ?)", f.OfficerID)
	}
	if f.Open {
		w.add("i.state NOT IN ('closed', 'not_filed', 'no_penalty', 'not_established', 'transferred')")
	}
	if f.Flagged {
		w.add("EXISTS (SELECT 1 FROM enf_flags g WHERE g.case_id = c.id AND g.cleared_on IS NULL)")
	}
	return w, w.in("c.unit_id", f.UnitIDs)
}

// caseSorts are the orders a case list offers.
var caseSorts = map[string]string{
	"":         "c.source_on DESC, c.id DESC",
	"filed":    "c.filed_on DESC, c.id DESC",
	"decided":  "c.decided_on DESC, c.id DESC",
	"fine":     "c.fine DESC, c.id DESC",
	"party":    "c.party_name, c.id",
	"updated":  "c.updated_at DESC, c.id DESC",
	"oldest":   "c.source_on, c.id",
	"deadline": "(SELECT MIN(t.due_on) FROM workflow_timers t WHERE t.item_id = i.id AND t.state = 'running'), c.id",
}

// CaseSortKeys lists the sort keys a case list accepts.
func CaseSortKeys() []string {
	return []string{"", "filed", "decided", "fine", "party", "updated", "oldest", "deadline"}
}

// Cases lists penalty cases (without officers) with the total count.
func (s *Store) Cases(ctx context.Context, f CaseFilter) ([]enforcement.Case, int, error) {
	w, ok := f.where()
	if !ok {
		return nil, 0, nil
	}
	var total int
	if err := s.DB.QueryRowContext(ctx, `SELECT COUNT(*)`+caseFrom+w.sql(), w.args...).Scan(&total); err != nil {
		return nil, 0, err
	}
	order, ok := caseSorts[f.Sort]
	if !ok {
		order = caseSorts[""]
	}
	p := f.Page.Norm()
	rows, err := s.DB.QueryContext(ctx, fmt.Sprintf(`SELECT %s%s%s ORDER BY %s LIMIT %d OFFSET %d`,
		caseColumns, caseFrom, w.sql(), order, p.Limit, p.Offset), w.args...)
	if err != nil {
		return nil, 0, err
	}
	defer rows.Close()
	var out []enforcement.Case
	for rows.Next() {
		c, err := scanCase(rows)
		if err != nil {
			return nil, 0, err
		}
		out = append(out, c)
	}
	return out, total, rows.Err()
}

// caseUnit returns the unit of a case (for scope checks before loading it).
func (s *Store) caseUnit(ctx context.Context, q querier, id int64) (int64, error) {
	var unit int64
	err := q.QueryRowContext(ctx, `SELECT unit_id FROM enf_cases WHERE id = $1`, id).Scan(&unit)
	return unit, notFound(err, "案件不存在")
}
