package store

// Penalty disclosure (seed measure 4): reading records for the internal
// pages, the public pages and the search results; publishing, recording a
// change of the decision, withdrawing and expiring. Every write goes
// through the one writer in disclosure_write.go, which also serves the
// bulk loads (disclosure_bulk.go).

import (
	"context"
	"database/sql"
	"fmt"
	"strconv"
	"strings"

	"fazhi/internal/account"
	"fazhi/internal/apperr"
	"fazhi/internal/audit"
	"fazhi/internal/calendar"
	"fazhi/internal/disclosure"
	"fazhi/internal/search"
	"fazhi/internal/workflow"
)

const disColumns = `d.id, d.unit_id, COALESCE(d.source_case_id, 0), d.party_name, d.party_category, d.credit_code,
	d.registration_no, d.org_code, d.tax_no, d.institution_no, d.social_org_no, d.legal_rep, d.legal_rep_id_type,
	d.legal_rep_id, d.party_id_type, d.party_id, d.minor, d.other_persons, d.decision_number, d.violation_type, d.facts,
	d.basis, d.categories, d.content, d.fine, d.confiscation, d.licence, d.decided_on, d.penalty_valid_until,
	d.display_until, d.agency, d.agency_code, d.data_source, d.data_source_code, d.note, d.public_party,
	d.public_legal_rep, d.public_facts, d.public_basis, d.public_content, d.public_licence, d.public_note, d.status,
	d.publish_due, d.published_on, d.published_late, d.withheld_reason, d.changed_on, d.withdraw_due, d.withdrawn_on,
	d.withdraw_reason, d.withdrawn_late, d.expired_on, d.version, d.created_at, d.updated_at`

const disFrom = ` FROM disclosures d`

// nullDate scans a nullable date column.
type nullDate struct{ d **calendar.Date }

func (o nullDate) Scan(src any) error {
	*o.d = nil
	if src == nil {
		return nil
	}
	var d calendar.Date
	if err := d.Scan(src); err != nil {
		return err
	}
	*o.d = &d
	return nil
}

// nullText scans a nullable text column ("" for NULL).
type nullText struct{ s *string }

func (o nullText) Scan(src any) error {
	var ns sql.NullString
	if err := ns.Scan(src); err != nil {
		return err
	}
	*o.s = ns.String
	return nil
}

func scanDisclosure(row interface{ Scan(...any) error }) (disclosure.Record, error) {
	var r disclosure.Record
	var others, cats string
	var display *calendar.Date
	var pub [7]string
	err := row.Scan(&r.ID, &r.UnitID, &r.SourceCaseID, &r.PartyName, &r.PartyCategory, &r.CreditCode, &r.RegistrationNo,
		&r.OrgCode, &r.TaxNo, &r.InstitutionNo, &r.SocialOrgNo, &r.LegalRep, &r.LegalRepIDType, &r.LegalRepID,
		&r.PartyIDType, &r.PartyID, &r.Minor, &others, &r.DecisionNumber, &r.ViolationType, &r.Facts, &r.Basis, &cats,
		&r.Content, &r.Fine, &r.Confiscation, &r.Licence, &r.DecidedOn, nullDate{&r.PenaltyValidUntil}, nullDate{&display},
		&r.Agency, &r.AgencyCode, &r.DataSource, &r.DataSourceCode, &r.Note, nullText{&pub[0]}, nullText{&pub[1]},
		nullText{&pub[2]}, nullText{&pub[3]}, nullText{&pub[4]}, nullText{&pub[5]}, nullText{&pub[6]}, &r.Status,
		&r.PublishDue, nullDate{&r.PublishedOn}, &r.PublishedLate, &r.WithheldReason, nullDate{&r.ChangedOn},
		nullDate{&r.WithdrawDue}, nullDate{&r.WithdrawnOn}, &r.WithdrawReason, &r.WithdrawnLate, nullDate{&r.ExpiredOn},
		&r.Version, &r.CreatedAt, &r.UpdatedAt)
	if err != nil {
		return r, err
	}
	if display != nil {
		r.DisplayUntil = *display
	}
	if others != "" {
		r.OtherPersons = strings.Split(others, "\n")
	}
	for _, c := range strings.Split(cats, ";") {
		if c != "" {
			r.Categories = append(r.Categories, disclosure.Category(c))
		}
	}
	if r.PublishedOn != nil {
		or := func(p, orig string) string {
			if p == "" {
				return orig
			}
			return p
		}
		r.Masked = &disclosure.Masked{PartyName: or(pub[0], r.PartyName), LegalRep: or(pub[1], r.LegalRep),
			Facts: or(pub[2], r.Facts), Basis: or(pub[3], r.Basis), Content: or(pub[4], r.Content),
			Licence: or(pub[5], r.Licence), Note: or(pub[6], r.Note)}
	}
	r.CreatedAt, r.UpdatedAt = r.CreatedAt.UTC(), r.UpdatedAt.UTC()
	return r, nil
}

func scanDisclosures(rows *sql.Rows) ([]disclosure.Record, error) {
	defer rows.Close()
	var out []disclosure.Record
	for rows.Next() {
		r, err := scanDisclosure(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

// Disclosure returns one record with everything (the internal view).
func (s *Store) Disclosure(ctx context.Context, id int64) (disclosure.Record, error) {
	return s.disclosure(ctx, s.DB, id)
}

func (s *Store) disclosure(ctx context.Context, q querier, id int64) (disclosure.Record, error) {
	r, err := scanDisclosure(q.QueryRowContext(ctx, `SELECT `+disColumns+disFrom+` WHERE d.id = $1`, id))
	return r, notFound(err, "公示记录不存在")
}

// DisclosureFilter selects records for the internal list.
type DisclosureFilter struct {
	Query    string  // party name, decision number or credit code
	UnitID   int64   // one unit
	UnitIDs  []int64 // access scope; nil = all
	Status   disclosure.Status
	Category disclosure.Category // principal category
	Year     int                 // decision year
	Late     bool                // published or withdrawn after the statutory period
	Page     Page
}

func (f DisclosureFilter) where() (*where, bool) {
	w := newWhere()
	if q := strings.TrimSpace(f.Query); q != "" {
		like := "%" + q + "%"
		w.add("(d.party_name LIKE ? OR d.decision_number LIKE ? OR d.credit_code = ?)", like,
			"%"+disclosure.NormalizeDecisionNumber(q)+"%", strings.ToUpper(q))
	}
	if f.UnitID != 0 {
		w.add("d.unit_id = ?", f.UnitID)
	}
	if f.Status != "" {
		w.add("d.status = ?", string(f.Status))
	}
	if f.Category != "" {
		w.add("d.principal_category = ?", string(f.Category))
	}
	if f.Year != 0 {
		w.add("d.decided_on LIKE ?", fmt.Sprintf("%04d-%%", f.Year))
	}
	if f.Late {
		w.add("(d.published_late OR d.withdrawn_late)")
	}
	return w, w.in("d.unit_id", f.UnitIDs)
}

// Disclosures lists records, newest decision first, with the total.
func (s *Store) Disclosures(ctx context.Context, f DisclosureFilter) ([]disclosure.Record, int, error) {
	w, ok := f.where()
	if !ok {
		return nil, 0, nil
	}
	var total int
	if err := s.DB.QueryRowContext(ctx, `SELECT COUNT(*)`+disFrom+w.sql(), w.args...).Scan(&total); err != nil {
		return nil, 0, err
	}
	p := f.Page.Norm()
	rows, err := s.DB.QueryContext(ctx, fmt.Sprintf(`SELECT %s%s%s ORDER BY d.decided_on DESC, d.id DESC LIMIT %d OFFSET %d`,
		disColumns, disFrom, w.sql(), p.Limit, p.Offset), w.args...)
	if err != nil {
		return nil, 0, err
	}
	out, err := scanDisclosures(rows)
	return out, total, err
}

// DisclosureCounts counts the records f selects (its Status ignored) by
// status.
func (s *Store) DisclosureCounts(ctx context.Context, f DisclosureFilter) (map[disclosure.Status]int, error) {
	f.Status = ""
	w, ok := f.where()
	out := map[disclosure.Status]int{}
	if !ok {
		return out, nil
	}
	rows, err := s.DB.QueryContext(ctx, `SELECT d.status, COUNT(*)`+disFrom+w.sql()+` GROUP BY d.status`, w.args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var st disclosure.Status
		var n int
		if err := rows.Scan(&st, &n); err != nil {
			return nil, err
		}
		out[st] = n
	}
	return out, rows.Err()
}

// SearchableDisclosures counts exactly the records the public search
// finds (on display: published, or changed and not yet withdrawn).
func (s *Store) SearchableDisclosures(ctx context.Context) (int, error) {
	var n int
	err := s.DB.QueryRowContext(ctx, `SELECT COUNT(*) FROM disclosures WHERE status IN ('published', 'changed')`).Scan(&n)
	return n, err
}

// PublicDisclosures returns the records of ids that are on display, in
// the order of ids (search hits); others are left out.
func (s *Store) PublicDisclosures(ctx context.Context, ids []int64) ([]disclosure.Record, error) {
	if len(ids) == 0 {
		return nil, nil
	}
	marks := make([]string, len(ids))
	args := make([]any, len(ids))
	for i, id := range ids {
		marks[i], args[i] = "$"+strconv.Itoa(i+1), id
	}
	// By id only, the status checked below: with a status condition in
	// the query SQLite chose the status index and read every record on
	// display (a million at the load test's scale) instead of twenty.
	rows, err := s.DB.QueryContext(ctx, `SELECT `+disColumns+disFrom+` WHERE d.id IN (`+strings.Join(marks, ",")+`)`, args...)
	if err != nil {
		return nil, err
	}
	recs, err := scanDisclosures(rows)
	if err != nil {
		return nil, err
	}
	byID := make(map[int64]disclosure.Record, len(recs))
	for _, r := range recs {
		if r.Status.Public() {
			byID[r.ID] = r
		}
	}
	out := make([]disclosure.Record, 0, len(recs))
	for _, id := range ids {
		if r, ok := byID[id]; ok {
			out = append(out, r)
		}
	}
	return out, nil
}

// WithdrawalLog lists withdrawn records, the latest withdrawal first: the
// public proof that changed decisions came off display in time.
func (s *Store) WithdrawalLog(ctx context.Context, p Page) ([]disclosure.Record, int, error) {
	var total int
	if err := s.DB.QueryRowContext(ctx, `SELECT COUNT(*) FROM disclosures WHERE status = 'withdrawn'`).Scan(&total); err != nil {
		return nil, 0, err
	}
	p = p.Norm()
	rows, err := s.DB.QueryContext(ctx, fmt.Sprintf(`SELECT %s%s WHERE d.status = 'withdrawn'
		ORDER BY d.withdrawn_on DESC, d.id DESC LIMIT %d OFFSET %d`, disColumns, disFrom, p.Limit, p.Offset))
	if err != nil {
		return nil, 0, err
	}
	out, err := scanDisclosures(rows)
	return out, total, err
}

// SearchDoc is what the index holds of a published record: its public
// (masked) text only.
func SearchDoc(r disclosure.Record) search.Doc {
	m := r.Masked
	if m == nil {
		m = &disclosure.Masked{}
	}
	d := search.Doc{ID: r.ID, DecidedOn: r.DecidedOn, AgencyID: r.UnitID, Category: string(r.Principal()),
		PartyType: string(r.PartyCategory), DecisionNumber: r.DecisionNumber}
	fields := []search.Field{{Name: "party", Text: m.PartyName}}
	if r.PartyCategory != disclosure.Person {
		d.CreditCode = r.CreditCode
		fields = append(fields, search.Field{Name: "legal_rep", Text: m.LegalRep})
	}
	fields = append(fields, search.Field{Name: "agency", Text: r.Agency}, search.Field{Name: "violation", Text: r.ViolationType},
		search.Field{Name: "facts", Text: m.Facts}, search.Field{Name: "basis", Text: m.Basis},
		search.Field{Name: "content", Text: m.Content}, search.Field{Name: "licence", Text: m.Licence})
	for _, f := range fields {
		if f.Text != "" {
			d.Fields = append(d.Fields, f)
		}
	}
	return d
}

// PublishDisclosure registers a penalty decision for disclosure and, in
// the same transaction, publishes it — masked under the policy in force,
// indexed for the public search — or withholds it when the party is a
// minor. It accepts a record from any source: the form, the API, an
// import, or a decided case (rec.SourceCaseID). The publication is due 7
// working days after the decision (rule disclosure.publish_penalty); a
// later one is flagged. rec.PublishedOn, when set, is the day it was
// published (records imported from an earlier system); otherwise today.
func (s *Store) PublishDisclosure(ctx context.Context, actor audit.Actor, rec *disclosure.Record) error {
	return s.inTx(ctx, func(tx *sql.Tx) error {
		w, err := s.disWriter(ctx, tx)
		if err != nil {
			return err
		}
		return w.publish(actor, rec)
	})
}

// ChangeRequest records that a published decision was changed or revoked
// (变更、撤销、确认违法或者确认无效): the withdrawal clock starts on On.
type ChangeRequest struct {
	Version int
	On      calendar.Date // the day the decision was changed
	Reason  string
}

// RecordDecisionChange starts the 3-working-day withdrawal clock of a
// published record (行政处罚法第四十八条). The record stays on display until
// it is withdrawn; the supervision scan warns before the clock runs out.
func (s *Store) RecordDecisionChange(ctx context.Context, actor account.Actor, id int64, req ChangeRequest) (disclosure.Record, error) {
	var r disclosure.Record
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		w, err := s.disWriter(ctx, tx)
		if err != nil {
			return err
		}
		r, err = w.change(actor.Audit(), id, req, checkBy(actor))
		return err
	})
	return r, err
}

// WithdrawRequest takes a record off display.
type WithdrawRequest struct {
	Version   int
	ChangedOn calendar.Date // when the decision was changed (for a record still published)
	On        calendar.Date // the day of withdrawal; zero = today
	Reason    string
}

// WithdrawDisclosure takes a record off display and out of the search,
// with its reason in the public withdrawal log. A record still published
// first has the change of its decision recorded (req.ChangedOn), so that
// the log proves whether the 3 working days were kept.
func (s *Store) WithdrawDisclosure(ctx context.Context, actor account.Actor, id int64, req WithdrawRequest) (disclosure.Record, error) {
	var r disclosure.Record
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		w, err := s.disWriter(ctx, tx)
		if err != nil {
			return err
		}
		r, err = w.withdraw(actor.Audit(), id, req, checkBy(actor))
		return err
	})
	return r, err
}

// checkBy is the workflow's permission check for actor.
func checkBy(actor account.Actor) checkFunc {
	return func(it workflow.Item, name, reason string) error {
		_, err := disclosure.Lifecycle.Check(it, name, actor, reason, nil)
		return err
	}
}

// ExpireDisclosures takes off display every published record whose
// display period ended before today, each an audited transition, and
// removes it from the public search. The daily job calls it; it returns
// how many expired.
func (s *Store) ExpireDisclosures(ctx context.Context, today calendar.Date) (int, error) {
	n := 0
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		w, err := s.disWriter(ctx, tx)
		if err != nil {
			return err
		}
		w.chain = &auditBuffer{}
		if n, err = w.expire(today); err != nil {
			return err
		}
		return w.chain.flush(w.txWriter)
	})
	return n, err
}

// DisclosureTimers returns the statutory clocks of a record (publication,
// withdrawal), newest first.
func (s *Store) DisclosureTimers(ctx context.Context, id int64) ([]Timer, error) {
	it, err := s.Item(ctx, disclosure.RecordKind, id)
	if err != nil {
		if apperr.KindOf(err) == apperr.NotFound {
			return nil, nil
		}
		return nil, err
	}
	ts, err := s.Timers(ctx, it.ID)
	for i := range ts {
		if def, ok := disclosure.Lifecycle.Timer(ts[i].Name); ok {
			ts[i].Label = def.Label
		}
	}
	return ts, err
}
