package store

// Bulk and import variants of the officer and certificate writes (seed
// measure 5), for loaders that write thousands of records: the demo data
// and spreadsheet imports.
//
// txWriter does each write inside a transaction the caller holds, with the
// same validation, the same rows and the same audit event as the
// single-record method of the same name in officer.go, exam.go,
// certificate.go, review.go, anomaly.go or person.go (the read-only
// helpers there — checkEligible, reviewOne, snapshots… — are shared).
// Those methods could delegate to the writer (s.inTx(ctx, func(tx) {
// return s.writer(ctx, tx).x(…) })) so that the two cannot drift apart.
//
// A Bulk runs a writer whose audit events are chained in memory and
// inserted a hundred at a time: the chain is the same, event for event, as
// if each had gone through s.record, but a write costs one or two round
// trips to the database instead of four or five. Every writer prepares
// each statement once, and reads back neither what cannot change inside
// its transaction (rules, units, exam terms) nor the rows it wrote itself.

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"

	"fazhi/internal/apperr"
	"fazhi/internal/audit"
	"fazhi/internal/calendar"
	"fazhi/internal/certificate"
	"fazhi/internal/ident"
	"fazhi/internal/legalreview"
	"fazhi/internal/org"
	"fazhi/internal/rule"
	"fazhi/internal/sqldb"
)

// Bulk is a run of store writes in one transaction. Its methods validate
// and audit exactly as the Store methods of the same names do; everything
// commits when the function given to InBulk returns nil, or nothing does.
// A Bulk must not be used after that function returns, nor be mixed with
// Store methods that open their own transaction: on SQLite they would wait
// for the bulk's write lock.
type Bulk struct{ w *txWriter }

// InBulk runs fn with a Bulk in one transaction.
func (s *Store) InBulk(ctx context.Context, fn func(b *Bulk) error) error {
	return s.inTx(ctx, func(tx *sql.Tx) error {
		w := s.writer(ctx, tx)
		w.chain = &auditBuffer{}
		if s.DB.Engine == sqldb.SQLite {
			if _, err := tx.ExecContext(ctx, `PRAGMA cache_size = -65536`); err != nil {
				return err
			}
		}
		if err := fn(&Bulk{w}); err != nil {
			return err
		}
		return w.chain.flush(w)
	})
}

// CreatePerson is Store.CreatePerson inside the bulk.
func (b *Bulk) CreatePerson(actor audit.Actor, p *org.Person) error {
	return b.w.createPerson(actor, p)
}

// UpdatePerson is Store.UpdatePerson inside the bulk.
func (b *Bulk) UpdatePerson(actor audit.Actor, p *org.Person, reason string) error {
	return b.w.updatePerson(actor, p, reason)
}

// SaveOfficer is Store.SaveOfficer inside the bulk.
func (b *Bulk) SaveOfficer(actor audit.Actor, o *certificate.Officer, reason string) error {
	return b.w.saveOfficer(actor, o, reason)
}

// SetTrainingHours is Store.SetTrainingHours inside the bulk.
func (b *Bulk) SetTrainingHours(actor audit.Actor, personID int64, year, hours int) error {
	return b.w.setTrainingHours(actor, personID, year, hours)
}

// AddOfficerRecord is Store.AddOfficerRecord inside the bulk.
func (b *Bulk) AddOfficerRecord(actor audit.Actor, r *OfficerRecord) error {
	return b.w.addOfficerRecord(actor, r)
}

// Register enters one person into an exam session as
// Store.RegisterForExam does for each of its people. It returns the
// registration's id and whether it is new (false: already registered).
func (b *Bulk) Register(actor audit.Actor, sessionID, personID int64) (int64, bool, error) {
	return b.w.register(actor, sessionID, personID)
}

// RecordScores is Store.RecordScores inside the bulk.
func (b *Bulk) RecordScores(actor audit.Actor, registrationID int64, general, special int) (Registration, error) {
	return b.w.recordScores(actor, registrationID, general, special)
}

// IssueCertificate is Store.IssueCertificate inside the bulk.
func (b *Bulk) IssueCertificate(actor audit.Actor, c *certificate.Certificate) error {
	return b.w.issue(actor, c, 0)
}

// ChangeStatus is Store.ChangeStatus inside the bulk.
func (b *Bulk) ChangeStatus(actor audit.Actor, certID int64, req StatusRequest) (*certificate.Certificate, error) {
	return b.w.changeStatus(actor, certID, req)
}

// RunAnnualReview is Store.RunAnnualReview inside the bulk.
func (b *Bulk) RunAnnualReview(actor audit.Actor, unitID int64, year int, batch string, on calendar.Date) ([]AnnualReview, error) {
	return b.w.runAnnualReview(actor, unitID, year, batch, on)
}

// DetectAnomalies is Store.DetectAnomalies inside the bulk.
func (b *Bulk) DetectAnomalies(actor audit.Actor, year int, today calendar.Date) (int, error) {
	return b.w.detectAnomalies(actor, year, today)
}

// Anomalies lists, inside the bulk, every anomaly f selects (f.Page is
// ignored), oldest first.
func (b *Bulk) Anomalies(f AnomalyFilter) ([]Anomaly, error) {
	w, ok := f.where()
	if !ok {
		return nil, nil
	}
	rows, err := b.w.q.QueryContext(b.w.ctx, `SELECT `+anomalyColumns+anomalyFrom+w.sql()+` ORDER BY a.id`, w.args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Anomaly
	for rows.Next() {
		a, err := scanAnomaly(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, a)
	}
	return out, rows.Err()
}

// HandleAnomaly is Store.HandleAnomaly inside the bulk.
func (b *Bulk) HandleAnomaly(actor audit.Actor, id int64, version int, r certificate.Resolution, explanation string,
	on calendar.Date) (Anomaly, error) {
	return b.w.handleAnomaly(actor, id, version, r, explanation, on)
}

// ConfirmAnomaly is Store.ConfirmAnomaly inside the bulk.
func (b *Bulk) ConfirmAnomaly(actor audit.Actor, id int64, version int, accept bool, comment string,
	on calendar.Date) (Anomaly, error) {
	return b.w.confirmAnomaly(actor, id, version, accept, comment, on)
}

// txWriter writes officers, exams, certificates, reviews and anomalies
// inside tx.
type txWriter struct {
	s   *Store
	ctx context.Context
	tx  *sql.Tx
	// q runs the writer's statements, each prepared once.
	q *stmtCache
	// chain buffers the audit events; nil appends each through s.record
	// at once (as savepoint-based imports need).
	chain *auditBuffer
	// rules, units and exams cache what the writer never changes;
	// regs, people and officers hold the rows it wrote, as stored (an
	// officer nil when known not to exist), so it need not read them back.
	rules    map[string][]rule.Rule
	units    map[int64]org.Unit
	exams    map[int64]examTerms
	regs     map[int64]Registration
	people   map[int64]org.Person
	officers map[int64]*certificate.Officer
	// cal is the working-day calendar, read on first use (workflow timers).
	cal *calendar.Calendar
	// enf caches what penalty-case writes read repeatedly (enf_caseflow.go).
	enf *enfCache
	// catalogs caches the published review catalogues by unit and purpose
	// (legalreview_catalog.go).
	catalogs map[string][]legalreview.Catalog
}

// examTerms is what scoring needs of a session.
type examTerms struct {
	heldOn      calendar.Date
	mark, years int
}

func (s *Store) writer(ctx context.Context, tx *sql.Tx) *txWriter {
	return &txWriter{s: s, ctx: ctx, tx: tx, q: &stmtCache{tx: tx, stmts: map[string]*sql.Stmt{}},
		rules: map[string][]rule.Rule{}, units: map[int64]org.Unit{}, exams: map[int64]examTerms{},
		regs: map[int64]Registration{}, people: map[int64]org.Person{}, officers: map[int64]*certificate.Officer{}}
}

// person is s.person, from memory for a row the writer wrote.
func (w *txWriter) person(id int64) (org.Person, error) {
	if p, ok := w.people[id]; ok {
		return p, nil
	}
	return w.s.person(w.ctx, w.q, id)
}

// officer is s.officer, from memory for a row the writer wrote.
func (w *txWriter) officer(personID int64) (certificate.Officer, error) {
	if o, ok := w.officers[personID]; ok {
		if o == nil {
			return certificate.Officer{}, apperr.New(apperr.NotFound, fmt.Sprintf("人员 %d 不是执法人员", personID))
		}
		return *o, nil
	}
	return w.s.officer(w.ctx, w.q, personID)
}

// rowWriter returns, for one row of an import batch, a writer sharing the
// prepared statements and the caches of what the batch never changes; the
// registrations it writes are its own, since a row rolled back to its
// savepoint takes them along.
func (s *Store) rowWriter(ctx context.Context, tx *sql.Tx, shared **txWriter) *txWriter {
	if *shared == nil {
		*shared = s.writer(ctx, tx)
	}
	w := **shared
	w.regs, w.people, w.officers = map[int64]Registration{}, map[int64]org.Person{}, map[int64]*certificate.Officer{}
	return &w
}

// stmtCache prepares each distinct statement once per transaction and
// reuses it, as the querier of the store's read helpers too: the SQLite
// driver parses afresh every statement it is given, which dominates a bulk
// load (and grows twentyfold under the race detector).
type stmtCache struct {
	tx    *sql.Tx
	stmts map[string]*sql.Stmt
}

func (c *stmtCache) stmt(ctx context.Context, query string) (*sql.Stmt, error) {
	if st, ok := c.stmts[query]; ok {
		return st, nil
	}
	st, err := c.tx.PrepareContext(ctx, query)
	if err != nil {
		return nil, err
	}
	c.stmts[query] = st
	return st, nil
}

func (c *stmtCache) ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error) {
	st, err := c.stmt(ctx, query)
	if err != nil {
		return nil, err
	}
	return st.ExecContext(ctx, args...)
}

func (c *stmtCache) QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	st, err := c.stmt(ctx, query)
	if err != nil {
		return nil, err
	}
	return st.QueryContext(ctx, args...)
}

func (c *stmtCache) QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row {
	st, err := c.stmt(ctx, query)
	if err != nil {
		return c.tx.QueryRowContext(ctx, query, args...) // reports the same failure
	}
	return st.QueryRowContext(ctx, args...)
}

// unit is s.unit reading each unit once per transaction.
func (w *txWriter) unit(id int64) (org.Unit, error) {
	if u, ok := w.units[id]; ok {
		return u, nil
	}
	u, err := w.s.unit(w.ctx, w.q, id)
	if err == nil {
		w.units[id] = u
	}
	return u, err
}

func (w *txWriter) record(actor audit.Actor, kind string, id int64, action, reason string, before, after any) error {
	if w.chain == nil {
		return w.s.record(w.ctx, w.tx, actor, kind, id, action, reason, before, after)
	}
	ev, err := audit.New(actor, kind, id, action, reason, before, after)
	if err != nil {
		return err
	}
	return w.chain.add(w, ev)
}

// ruleAsOf is s.ruleAsOf reading each key's rows once per transaction.
func (w *txWriter) ruleAsOf(key string, d calendar.Date) (rule.Rule, error) {
	rows, ok := w.rules[key]
	if !ok {
		var err error
		rows, err = w.s.queryRules(w.ctx, w.q, `SELECT `+ruleColumns+` FROM rules WHERE rule_key = $1`, key)
		if err != nil {
			return rule.Rule{}, err
		}
		w.rules[key] = rows
	}
	r, ok := rule.Pick(rows, d)
	if !ok {
		return r, rule.NotFoundError(key, d)
	}
	return r, nil
}

// auditBuffer chains events in memory and inserts them in batches; it
// takes the audit lock and reads the head once per transaction.
type auditBuffer struct {
	seq     int64
	head    string
	known   bool
	pending []audit.Event
}

// auditBatch events go in one INSERT (13 parameters each, well under
// either engine's limit).
const auditBatch = 100

func (b *auditBuffer) add(w *txWriter, ev audit.Event) error {
	if !b.known {
		if err := w.s.DB.LockAudit(w.ctx, w.tx); err != nil {
			return err
		}
		b.seq, b.head = 0, audit.Genesis
		err := w.q.QueryRowContext(w.ctx, `SELECT seq, hash FROM audit_events ORDER BY seq DESC LIMIT 1`).Scan(&b.seq, &b.head)
		if err != nil && !errors.Is(err, sql.ErrNoRows) {
			return err
		}
		b.known = true
	}
	ev.Seal(b.seq+1, w.s.now(), b.head)
	b.seq, b.head = ev.Seq, ev.Hash
	b.pending = append(b.pending, ev)
	if len(b.pending) >= auditBatch {
		return b.flush(w)
	}
	return nil
}

func (b *auditBuffer) flush(w *txWriter) error {
	if len(b.pending) == 0 {
		return nil
	}
	const cols = 13
	// SQLite looks "$n" parameters up by name, in time growing with their
	// number; plain "?" are numbered in order (PostgreSQL needs "$n").
	mark := func(n int) string { return fmt.Sprintf("$%d", n) }
	if w.s.DB.Engine == sqldb.SQLite {
		mark = func(int) string { return "?" }
	}
	var q strings.Builder
	q.WriteString(`INSERT INTO audit_events
		(seq, at, actor_id, actor_name, unit_id, record_kind, record_id, action, reason, before_json, after_json, prev_hash, hash)
		VALUES `)
	args := make([]any, 0, cols*len(b.pending))
	for i, ev := range b.pending {
		if i > 0 {
			q.WriteString(", ")
		}
		q.WriteByte('(')
		for j := range cols {
			if j > 0 {
				q.WriteString(", ")
			}
			q.WriteString(mark(i*cols + j + 1))
		}
		q.WriteByte(')')
		args = append(args, ev.Seq, ev.At, nullInt(ev.ActorID), ev.ActorName, nullInt(ev.UnitID), ev.RecordKind, ev.RecordID,
			ev.Action, ev.Reason, ev.Before, ev.After, ev.PrevHash, ev.Hash)
	}
	b.pending = b.pending[:0]
	_, err := w.q.ExecContext(w.ctx, q.String(), args...)
	return err
}

// People (person.go).

// preparePerson is s.preparePerson with the unit read once.
func (w *txWriter) preparePerson(p *org.Person) error {
	if err := p.Prepare(w.s.Now()); err != nil {
		return err
	}
	u, err := w.unit(p.UnitID)
	if err != nil {
		var f apperr.Fields
		f.Add("unit_id", "所在单位", "所选单位不存在")
		return f.Err()
	}
	p.UnitName = u.Name
	return nil
}

func (w *txWriter) createPerson(actor audit.Actor, p *org.Person) error {
	if err := w.preparePerson(p); err != nil {
		return err
	}
	now := w.s.now()
	p.CreatedAt, p.UpdatedAt, p.Version = now, now, 1
	err := w.q.QueryRowContext(w.ctx, `INSERT INTO people (name, resident_id, gender, birth_date, unit_id, post, phone,
		status, version, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 1, $9, $9) RETURNING id`,
		p.Name, p.ResidentID, p.Gender, p.BirthDate, p.UnitID, p.Post, p.Phone, string(p.Status), now).Scan(&p.ID)
	if err != nil {
		return personWriteError(err)
	}
	w.people[p.ID], w.officers[p.ID] = *p, nil
	return w.record(actor, "person", p.ID, audit.Create, "", nil, p)
}

func (w *txWriter) updatePerson(actor audit.Actor, p *org.Person, reason string) error {
	before, err := w.person(p.ID)
	if err != nil {
		return err
	}
	if err := w.preparePerson(p); err != nil {
		return err
	}
	p.CreatedAt, p.UpdatedAt = before.CreatedAt, w.s.now()
	res, err := w.q.ExecContext(w.ctx, `UPDATE people SET name=$1, resident_id=$2, gender=$3, birth_date=$4,
		unit_id=$5, post=$6, phone=$7, status=$8, version=version+1, updated_at=$9 WHERE id=$10 AND version=$11`,
		p.Name, p.ResidentID, p.Gender, p.BirthDate, p.UnitID, p.Post, p.Phone, string(p.Status), p.UpdatedAt, p.ID, p.Version)
	if err != nil {
		return personWriteError(err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return conflict("人员“" + before.Name + "”")
	}
	p.Version++
	w.people[p.ID] = *p
	delete(w.officers, p.ID) // its person's particulars changed
	return w.record(actor, "person", p.ID, audit.Update, reason, before, p)
}

// Officers (officer.go).

func (w *txWriter) saveOfficer(actor audit.Actor, o *certificate.Officer, reason string) error {
	if err := o.Validate(); err != nil {
		return err
	}
	p, err := w.person(o.PersonID)
	if err != nil {
		var f apperr.Fields
		f.Add("person_id", "人员", "人员不存在")
		return f.Err()
	}
	before, err := w.officer(o.PersonID)
	now := w.s.now()
	switch {
	case apperr.KindOf(err) == apperr.NotFound:
		_, err = w.q.ExecContext(w.ctx, `INSERT INTO officers (person_id, establishment, education, legal_qualification,
			enforcement_post, version, updated_at) VALUES ($1, $2, $3, $4, $5, 1, $6)`,
			o.PersonID, string(o.Establishment), o.Education, o.LegalQualification, o.EnforcementPost, now)
		if err != nil {
			return err
		}
		o.Version = 1
		o.Name, o.UnitID, o.UnitName, o.Post, o.PersonStatus = p.Name, p.UnitID, p.UnitName, p.Post, string(p.Status)
		stored := *o
		w.officers[o.PersonID] = &stored
		return w.record(actor, "officer", o.PersonID, audit.Create, reason, nil, o)
	case err != nil:
		return err
	}
	res, err := w.q.ExecContext(w.ctx, `UPDATE officers SET establishment=$1, education=$2, legal_qualification=$3,
		enforcement_post=$4, version=version+1, updated_at=$5 WHERE person_id=$6 AND version=$7`,
		string(o.Establishment), o.Education, o.LegalQualification, o.EnforcementPost, now, o.PersonID, o.Version)
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return conflict("执法人员“" + before.Name + "”")
	}
	o.Version++
	o.Name, o.UnitID, o.UnitName, o.Post, o.PersonStatus = p.Name, p.UnitID, p.UnitName, p.Post, string(p.Status)
	stored := *o
	w.officers[o.PersonID] = &stored
	return w.record(actor, "officer", o.PersonID, audit.Update, reason, before, o)
}

func (w *txWriter) setTrainingHours(actor audit.Actor, personID int64, year, hours int) error {
	if hours < 0 || hours > 2000 {
		var f apperr.Fields
		f.Add("hours", "培训学时", "应在 0 至 2000 之间")
		return f.Err()
	}
	var before sql.NullInt64
	err := w.q.QueryRowContext(w.ctx, `SELECT hours FROM training_hours WHERE person_id=$1 AND year=$2`, personID, year).Scan(&before)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return err
	}
	if _, err := w.q.ExecContext(w.ctx, `INSERT INTO training_hours (person_id, year, hours) VALUES ($1, $2, $3)
		ON CONFLICT (person_id, year) DO UPDATE SET hours = excluded.hours`, personID, year, hours); err != nil {
		return err
	}
	type th struct {
		Year  int `json:"year"`
		Hours int `json:"hours"`
	}
	var b any
	if before.Valid {
		b = th{year, int(before.Int64)}
	}
	return w.record(actor, "officer", personID, "training", "", b, th{year, hours})
}

func (w *txWriter) addOfficerRecord(actor audit.Actor, r *OfficerRecord) error {
	var f apperr.Fields
	if r.Kind != "discipline" && r.Kind != "criminal" {
		f.Add("kind", "记录类别", "应为 discipline（处分）或 criminal（刑事处罚）")
	}
	f.Required("on_date", "日期", r.OnDate)
	if err := f.Err(); err != nil {
		return err
	}
	if err := w.q.QueryRowContext(w.ctx, `INSERT INTO officer_records (person_id, kind, on_date, note) VALUES ($1, $2, $3, $4)
		RETURNING id`, r.PersonID, r.Kind, r.OnDate, r.Note).Scan(&r.ID); err != nil {
		return err
	}
	return w.record(actor, "officer", r.PersonID, "record", r.Note, nil, r)
}

// Exams (exam.go).

func (w *txWriter) register(actor audit.Actor, sessionID, personID int64) (int64, bool, error) {
	p, err := w.person(personID)
	if err != nil {
		return 0, false, err
	}
	var id int64
	err = w.q.QueryRowContext(w.ctx, `INSERT INTO exam_registrations (session_id, person_id, unit_id) VALUES ($1, $2, $3)
		ON CONFLICT (session_id, person_id) DO NOTHING RETURNING id`, sessionID, personID, p.UnitID).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		err = w.q.QueryRowContext(w.ctx, `SELECT id FROM exam_registrations WHERE session_id = $1 AND person_id = $2`,
			sessionID, personID).Scan(&id)
		return id, false, err
	}
	if err != nil {
		return 0, false, err
	}
	w.regs[id] = Registration{ID: id, SessionID: sessionID, PersonID: personID, Name: p.Name, UnitID: p.UnitID, UnitName: p.UnitName}
	return id, true, w.record(actor, "exam", sessionID, "register", "", nil,
		map[string]any{"person_id": personID, "name": p.Name, "unit_id": p.UnitID})
}

func (w *txWriter) recordScores(actor audit.Actor, registrationID int64, general, special int) (Registration, error) {
	var f apperr.Fields
	for _, sc := range []struct {
		field, label string
		v            int
	}{{"general_score", "通用法律知识成绩", general}, {"special_score", "专门法律知识成绩", special}} {
		if sc.v < 0 || sc.v > 100 {
			f.Add(sc.field, sc.label, "应在 0 至 100 之间")
		}
	}
	if err := f.Err(); err != nil {
		return Registration{}, err
	}
	reg, ok := w.regs[registrationID]
	if !ok {
		var err error
		reg, err = scanRegistration(w.q.QueryRowContext(w.ctx, `SELECT `+registrationColumns+` FROM exam_registrations r
			JOIN people p ON p.id = r.person_id JOIN units u ON u.id = r.unit_id WHERE r.id = $1`, registrationID))
		if err != nil {
			return reg, notFound(err, "报名记录不存在")
		}
	}
	before := reg
	e, ok := w.exams[reg.SessionID]
	if !ok {
		if err := w.q.QueryRowContext(w.ctx, `SELECT held_on, pass_mark, validity_years FROM exam_sessions WHERE id = $1`,
			reg.SessionID).Scan(&e.heldOn, &e.mark, &e.years); err != nil {
			return reg, err
		}
		w.exams[reg.SessionID] = e
	}
	passed := certificate.Passed(general, special, e.mark)
	var until any
	reg.QualifiedUntil = nil
	if passed {
		d := certificate.QualifiedUntil(e.heldOn, e.years)
		until, reg.QualifiedUntil = d, &d
	}
	reg.GeneralScore, reg.SpecialScore, reg.Passed = &general, &special, &passed
	if _, err := w.q.ExecContext(w.ctx, `UPDATE exam_registrations SET general_score=$1, special_score=$2, passed=$3,
		qualified_until=$4 WHERE id=$5`, general, special, passed, until, reg.ID); err != nil {
		return reg, err
	}
	w.regs[reg.ID] = reg
	return reg, w.record(actor, "exam", reg.SessionID, "score", "", before, reg)
}

// Certificates (certificate.go).

func (w *txWriter) issue(actor audit.Actor, c *certificate.Certificate, replaces int64) error {
	var holder *org.Person
	if c.PersonID != 0 {
		if p, err := w.person(c.PersonID); err == nil {
			holder = &p
		}
	}
	if err := w.fillIssueRules(c, holder); err != nil {
		return err
	}
	if err := c.Validate(); err != nil {
		return err
	}
	if err := w.checkEligible(c, holder, replaces); err != nil {
		return err
	}
	number, err := w.nextCertNumber(c.IssuedOn)
	if err != nil {
		return err
	}
	now := w.s.now()
	c.Number, c.Status, c.StatusOn, c.Version, c.ReplacesID = number, certificate.Valid, c.IssuedOn, 1, replaces
	c.CreatedAt, c.UpdatedAt = now, now
	err = w.q.QueryRowContext(w.ctx, `INSERT INTO certificates (number, person_id, holder_name, unit_id, issuer, area,
		categories, power_source, issued_on, valid_until, status, status_on, status_reason, replaces_id, registration_id,
		version, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, 'valid', $9, '', $11, $12, 1, $13, $13)
		RETURNING id`, c.Number, c.PersonID, c.HolderName, c.UnitID, c.Issuer, c.Area, certificate.JoinCategories(c.Categories),
		string(c.PowerSource), c.IssuedOn, c.ValidUntil, nullInt(replaces), nullInt(c.RegistrationID), now).Scan(&c.ID)
	if err != nil {
		return err
	}
	if err := w.addStatus(c.ID, certificate.Valid, c.IssuedOn, "发证"); err != nil {
		return err
	}
	return w.record(actor, "certificate", c.ID, audit.Create, "", nil, c)
}

// fillIssueRules is s.fillIssueRules given the holder as read (nil: none).
func (w *txWriter) fillIssueRules(c *certificate.Certificate, holder *org.Person) error {
	if c.IssuedOn.IsZero() {
		c.IssuedOn = w.s.today()
	}
	if c.Issuer == "" {
		if r, err := w.ruleAsOf("certificate.issuer", c.IssuedOn); err == nil {
			c.Issuer = r.Value
		}
	}
	if c.ValidUntil.IsZero() {
		r, err := w.ruleAsOf("certificate.validity", c.IssuedOn)
		if err != nil {
			return err
		}
		years, err := r.Int()
		if err != nil {
			return err
		}
		c.ValidUntil = calendar.DateOf(c.IssuedOn.Time().AddDate(years, 0, -1))
	}
	if holder != nil {
		c.HolderName = holder.Name
	}
	if c.UnitID != 0 {
		if u, err := w.unit(c.UnitID); err == nil {
			c.UnitName = u.Name
		}
	}
	return nil
}

// checkEligible is s.checkEligible given the holder as read (nil: none).
func (w *txWriter) checkEligible(c *certificate.Certificate, holder *org.Person, replaces int64) error {
	var f apperr.Fields
	if holder == nil {
		f.Add("person_id", "持证人", "人员不存在")
		return f.Err()
	}
	p := *holder
	o, err := w.officer(c.PersonID)
	switch {
	case err != nil:
		f.Add("person_id", "持证人", "尚未登记为执法人员")
	case !o.Establishment.OnEstablishment():
		f.Add("person_id", "持证人", "不在编制内（"+o.Establishment.Label()+"），不得申领行政执法证")
	case p.Status != org.Active:
		f.Add("person_id", "持证人", "人员状态为"+p.Status.Label()+"，不得发证")
	}
	if p.UnitID != c.UnitID {
		f.Add("unit_id", "执法单位", "持证人不在该单位")
	}
	u, err := w.unit(c.UnitID)
	if err == nil && (!u.Enforcement || !u.Active()) {
		f.Add("unit_id", "执法单位", "“"+u.Name+"”不是现行执法主体")
	}
	if replaces == 0 {
		reg, ok, err := w.s.qualification(w.ctx, w.q, c.PersonID, c.IssuedOn)
		if err != nil {
			return err
		}
		if !ok {
			f.Add("person_id", "持证人", "没有在发证日有效的行政执法资格考试合格记录")
		}
		c.RegistrationID = reg.ID
	}
	var active int
	if err := w.q.QueryRowContext(w.ctx, `SELECT COUNT(*) FROM certificates WHERE person_id = $1 AND status = 'valid' AND id <> $2`,
		c.PersonID, replaces).Scan(&active); err != nil {
		return err
	}
	if active > 0 {
		f.Add("person_id", "持证人", "已持有有效的行政执法证，应换发而非新发")
	}
	return f.Err()
}

func (w *txWriter) addStatus(certID int64, st certificate.Status, from calendar.Date, reason string) error {
	_, err := w.q.ExecContext(w.ctx, `INSERT INTO certificate_statuses (certificate_id, status, from_date, reason) VALUES ($1, $2, $3, $4)`,
		certID, string(st), from, reason)
	return err
}

func (w *txWriter) nextCertNumber(on calendar.Date) (string, error) {
	format, err := w.ruleAsOf("certificate.number_format", on)
	if err != nil {
		return "", err
	}
	region := ""
	if r, err := w.ruleAsOf("certificate.region_code", on); err == nil {
		region = r.Value
	}
	// s.nextSequence in one statement: the row lock serialises issuers.
	var seq int
	if err := w.q.QueryRowContext(w.ctx, `INSERT INTO number_sequences (name, year, last) VALUES ('certificate', $1, 1)
		ON CONFLICT (name, year) DO UPDATE SET last = number_sequences.last + 1 RETURNING last`, on.Year).Scan(&seq); err != nil {
		return "", err
	}
	return certificate.FormatNumber(format.Value, region, on.Year, seq), nil
}

func (w *txWriter) changeStatus(actor audit.Actor, certID int64, req StatusRequest) (*certificate.Certificate, error) {
	var f apperr.Fields
	f.Required("reason", "理由", req.Reason)
	if req.On.IsZero() {
		f.Add("on", "生效日期", "必填项为空")
	}
	if req.Action == certificate.Transfer && req.NewUnitID == 0 {
		f.Add("new_unit_id", "调入单位", "调动换发须选择调入单位")
	}
	if err := f.Err(); err != nil {
		return nil, err
	}
	c, err := w.s.cert(w.ctx, w.q, "c.id = $1", certID)
	if err != nil {
		return nil, err
	}
	if c.Version != req.Version {
		return nil, conflict("证件 " + c.Number)
	}
	t, err := certificate.TransitionFor(c.Status, req.Action)
	if err != nil {
		return nil, err
	}
	if err := w.setStatus(actor, c, t, req); err != nil {
		return nil, err
	}
	if !t.NewCertificate {
		return nil, nil
	}
	successor := successorOf(c, req)
	if err := w.issue(actor, successor, c.ID); err != nil {
		return nil, err
	}
	return successor, nil
}

func (w *txWriter) setStatus(actor audit.Actor, c certificate.Certificate, t certificate.Transition, req StatusRequest) error {
	res, err := w.q.ExecContext(w.ctx, `UPDATE certificates SET status=$1, status_on=$2, status_reason=$3, version=version+1,
		updated_at=$4 WHERE id=$5 AND version=$6`, string(t.To), req.On, req.Reason, w.s.now(), c.ID, c.Version)
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return conflict("证件 " + c.Number)
	}
	if err := w.addStatus(c.ID, t.To, req.On, req.Reason); err != nil {
		return err
	}
	after := c
	after.Status, after.StatusOn, after.StatusReason, after.Version = t.To, req.On, req.Reason, c.Version+1
	return w.record(actor, "certificate", c.ID, "transition:"+t.Label, req.Reason, c, after)
}

// Annual reviews and anomalies (review.go, anomaly.go).

func (w *txWriter) runAnnualReview(actor audit.Actor, unitID int64, year int, batch string, on calendar.Date) ([]AnnualReview, error) {
	if batch == "" {
		batch = fmt.Sprintf("%d年度第1批", year)
	}
	minRule, err := w.ruleAsOf("certificate.training_hours", on)
	if err != nil {
		return nil, err
	}
	minimum, err := minRule.Int()
	if err != nil {
		return nil, err
	}
	certs, err := w.unreviewed(unitID, year)
	if err != nil {
		return nil, err
	}
	var out []AnnualReview
	for _, c := range certs {
		r, err := w.reviewOne(c, year, minimum, on)
		if err != nil {
			return nil, err
		}
		r.Batch = batch
		err = w.q.QueryRowContext(w.ctx, `INSERT INTO annual_reviews (certificate_id, year, unit_id, batch, in_unit,
			enforcement_post, training_hours, training_minimum, training_ok, clean_record, particulars_unchanged, passed, notes,
			reviewed_on) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14) RETURNING id`,
			r.CertificateID, r.Year, r.UnitID, r.Batch, r.InUnit, r.EnforcementPost, r.TrainingHours, r.TrainingMin,
			r.TrainingOK, r.CleanRecord, r.ParticularsUnchanged, r.Passed, r.Notes, r.ReviewedOn).Scan(&r.ID)
		if err != nil {
			return nil, err
		}
		if err := w.record(actor, "certificate", r.CertificateID, "annual_review", r.Notes, nil, r); err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, nil
}

// unreviewed is s.unreviewed.
func (w *txWriter) unreviewed(unitID int64, year int) ([]certificate.Certificate, error) {
	rows, err := w.q.QueryContext(w.ctx, `SELECT `+certColumns+certFrom+` WHERE c.unit_id = $1 AND c.status = 'valid'
		AND c.issued_on < $2 AND NOT EXISTS (SELECT 1 FROM annual_reviews r WHERE r.certificate_id = c.id AND r.year = $3)
		ORDER BY c.id`, unitID, fmt.Sprintf("%04d-12-31", year), year)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []certificate.Certificate
	for rows.Next() {
		c, err := scanCert(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	return out, rows.Err()
}

// reviewOne is s.reviewOne.
func (w *txWriter) reviewOne(c certificate.Certificate, year, minimum int, on calendar.Date) (AnnualReview, error) {
	p, err := w.person(c.PersonID)
	if err != nil {
		return AnnualReview{}, err
	}
	post := false
	if o, err := w.officer(c.PersonID); err == nil {
		post = o.EnforcementPost
	}
	hours, err := w.s.trainingHours(w.ctx, w.q, c.PersonID, year)
	if err != nil {
		return AnnualReview{}, err
	}
	var records int
	if err := w.q.QueryRowContext(w.ctx, `SELECT COUNT(*) FROM officer_records WHERE person_id = $1 AND on_date LIKE $2`,
		c.PersonID, fmt.Sprintf("%04d-%%", year)).Scan(&records); err != nil {
		return AnnualReview{}, err
	}
	res := certificate.Review(certificate.ReviewFacts{CertUnitID: c.UnitID, HolderUnitID: p.UnitID,
		HolderActive: p.Status == "active", EnforcementPost: post, TrainingHours: hours, TrainingMinimum: minimum,
		Records: records, NameOnCard: c.HolderName, NameNow: p.Name})
	return AnnualReview{CertificateID: c.ID, Number: c.Number, HolderName: c.HolderName, Year: year, UnitID: c.UnitID,
		TrainingHours: hours, TrainingMin: minimum, ReviewedOn: on, ReviewResult: res}, nil
}

func (w *txWriter) detectAnomalies(actor audit.Actor, year int, today calendar.Date) (int, error) {
	added := 0
	snaps, err := w.s.snapshots(w.ctx, w.tx)
	if err != nil {
		return 0, err
	}
	for _, sn := range snaps {
		for _, f := range certificate.Detect(sn.Snapshot, year, today) {
			n, err := w.addAnomaly(actor, f, sn.CertificateID, sn.PersonID, sn.UnitID, year, today)
			if err != nil {
				return added, err
			}
			added += n
		}
	}
	lapsed, err := w.s.lapsedQualifications(w.ctx, w.tx, today)
	if err != nil {
		return added, err
	}
	for _, l := range lapsed {
		n, err := w.addAnomaly(actor, l.finding, 0, l.personID, l.unitID, year, today)
		if err != nil {
			return added, err
		}
		added += n
	}
	return added, nil
}

func (w *txWriter) addAnomaly(actor audit.Actor, f certificate.Finding, certID, personID, unitID int64, year int, today calendar.Date) (int, error) {
	var id int64
	err := w.q.QueryRowContext(w.ctx, `INSERT INTO anomalies (rule, certificate_id, person_id, unit_id, year, detail, detected_on,
		state, version) VALUES ($1, $2, $3, $4, $5, $6, $7, 'open', 1)
		ON CONFLICT (rule, person_id, certificate_id, year) DO NOTHING RETURNING id`,
		string(f.Rule), certID, personID, unitID, year, f.Detail, today).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, nil
	}
	if err != nil {
		return 0, err
	}
	return 1, w.record(actor, "anomaly", id, audit.Create, f.Detail, nil,
		map[string]any{"rule": f.Rule, "certificate_id": certID, "person_id": personID, "year": year})
}

func (w *txWriter) handleAnomaly(actor audit.Actor, id int64, version int, r certificate.Resolution, explanation string,
	on calendar.Date) (Anomaly, error) {
	a, err := w.s.anomaly(w.ctx, w.q, id)
	if err != nil {
		return a, err
	}
	if err := certificate.CheckHandle(a.State, r, explanation); err != nil {
		return a, err
	}
	before := a
	a.State, a.Resolution, a.Explanation, a.HandledOn = certificate.Handled, r, explanation, &on
	return a, w.updateAnomaly(actor, before, &a, version, "transition:单位处理", explanation)
}

func (w *txWriter) confirmAnomaly(actor audit.Actor, id int64, version int, accept bool, comment string,
	on calendar.Date) (Anomaly, error) {
	a, err := w.s.anomaly(w.ctx, w.q, id)
	if err != nil {
		return a, err
	}
	if err := certificate.CheckConfirm(a.State, accept, comment); err != nil {
		return a, err
	}
	before := a
	if !accept {
		a.State, a.HandledOn = certificate.Open, nil
		return a, w.updateAnomaly(actor, before, &a, version, "transition:退回", comment)
	}
	a.State, a.ConfirmedOn = certificate.Confirmed, &on
	if err := w.updateAnomaly(actor, before, &a, version, "transition:确认", comment); err != nil {
		return a, err
	}
	if a.Resolution == certificate.CancelCert && a.CertificateID != 0 {
		return a, w.cancelFor(actor, a, on)
	}
	return a, nil
}

func (w *txWriter) cancelFor(actor audit.Actor, a Anomaly, on calendar.Date) error {
	c, err := w.s.cert(w.ctx, w.q, "c.id = $1", a.CertificateID)
	if err != nil {
		return err
	}
	t, err := certificate.TransitionFor(c.Status, certificate.Cancel)
	if err != nil {
		return nil // already voided: nothing to cancel
	}
	return w.setStatus(actor, c, t, StatusRequest{Action: certificate.Cancel, Version: c.Version, On: on,
		Reason: "异常清理：" + a.Rule.Label()})
}

func (w *txWriter) updateAnomaly(actor audit.Actor, before Anomaly, a *Anomaly, version int, action, reason string) error {
	if before.Version != version {
		return conflict("异常记录")
	}
	res, err := w.q.ExecContext(w.ctx, `UPDATE anomalies SET state=$1, resolution=$2, explanation=$3, handled_on=$4,
		confirmed_on=$5, version=version+1 WHERE id=$6 AND version=$7`, string(a.State), string(a.Resolution), a.Explanation,
		dateOrNil(a.HandledOn), dateOrNil(a.ConfirmedOn), a.ID, version)
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return conflict("异常记录")
	}
	a.Version = version + 1
	return w.record(actor, "anomaly", a.ID, action, reason, before, a)
}

// Imports of officers, exam results and certificates: all or nothing,
// every row's problems reported (see batch). Each event is appended at
// once, so that a row rolled back to its savepoint takes its events along.

// personByResidentID finds the person of an ID number as users type it
// (15 or 18 digits, lower-case x), with field errors on resident_id.
func (s *Store) personByResidentID(ctx context.Context, q querier, residentID string) (org.Person, error) {
	var f apperr.Fields
	id, err := ident.ParseResidentIDAt(residentID, s.Now())
	if err != nil {
		f.Add("resident_id", "公民身份号码", err.Error())
		return org.Person{}, f.Err()
	}
	p, err := scanPerson(q.QueryRowContext(ctx, `SELECT `+personColumns+personFrom+` WHERE p.resident_id = $1`, id.Number))
	if errors.Is(err, sql.ErrNoRows) {
		f.Add("resident_id", "公民身份号码", "人员库中没有该公民身份号码的人员，请先导入人员")
		return p, f.Err()
	}
	return p, err
}

// rowPerson finds the person of a row and checks the name, when the row
// gives one, against the registry. Field problems go into f; only a
// database failure is returned.
func (s *Store) rowPerson(ctx context.Context, q querier, residentID, name string, f *apperr.Fields) (org.Person, bool, error) {
	p, err := s.personByResidentID(ctx, q, residentID)
	if err != nil {
		if apperr.KindOf(err) == apperr.Internal {
			return p, false, err
		}
		*f = append(*f, apperr.FieldsOf(err)...)
		return p, false, nil
	}
	if name = strings.TrimSpace(name); name != "" && name != p.Name {
		f.Add("name", "姓名", fmt.Sprintf("与该公民身份号码登记的姓名“%s”不一致", p.Name))
		return p, false, nil
	}
	return p, true, nil
}

// OfficerRow is one officer to import: the person by ID number (and name,
// checked), the officer's particulars and optionally a year's training
// hours.
type OfficerRow struct {
	Line       int
	Name       string
	ResidentID string
	// Officer carries establishment, education, legal qualification and
	// enforcement post; PersonID and Version are filled in.
	Officer certificate.Officer
	// Year, when not 0, is the year whose training Hours are recorded.
	Year  int
	Hours int
}

// ImportOfficers creates or updates officer records all-or-nothing (an
// import overwrites the particulars it carries). allowed, when not nil,
// restricts whose records may be imported by the person's unit (a clerk
// imports only their own unit's officers).
func (s *Store) ImportOfficers(ctx context.Context, actor audit.Actor, rows []OfficerRow, allowed func(unitID int64) bool, dryRun bool) ([]RowError, error) {
	var shared *txWriter
	return s.batch(ctx, len(rows), dryRun, func(tx *sql.Tx, i int) (int, error) {
		r, w := rows[i], s.rowWriter(ctx, tx, &shared)
		var f apperr.Fields
		p, ok, err := s.rowPerson(ctx, tx, r.ResidentID, r.Name, &f)
		if err != nil {
			return r.Line, err
		}
		if ok && allowed != nil && !allowed(p.UnitID) {
			f.Add("resident_id", "公民身份号码", "“"+p.Name+"”属于"+p.UnitName+"，您只能导入本单位的执法人员")
		}
		if err := f.Err(); err != nil {
			return r.Line, err
		}
		o := r.Officer
		o.PersonID = p.ID
		cur, err := s.officer(ctx, tx, p.ID)
		switch {
		case err == nil:
			o.Version = cur.Version
		case apperr.KindOf(err) != apperr.NotFound:
			return r.Line, err
		}
		if err := w.saveOfficer(actor, &o, "批量导入"); err != nil {
			return r.Line, err
		}
		if r.Year != 0 {
			return r.Line, w.setTrainingHours(actor, p.ID, r.Year, r.Hours)
		}
		return r.Line, nil
	})
}

// ExamResultRow is one person's scores in an exam session named by its
// name.
type ExamResultRow struct {
	Line       int
	ExamName   string
	ResidentID string
	Name       string // optional, checked against the registry
	General    int
	Special    int
}

// ImportExamResults registers each row's person in the named session when
// not yet registered and records the scores (pass or fail by the
// session's pass mark), all-or-nothing.
func (s *Store) ImportExamResults(ctx context.Context, actor audit.Actor, rows []ExamResultRow, dryRun bool) ([]RowError, error) {
	var shared *txWriter
	return s.batch(ctx, len(rows), dryRun, func(tx *sql.Tx, i int) (int, error) {
		r, w := rows[i], s.rowWriter(ctx, tx, &shared)
		var f apperr.Fields
		name := strings.TrimSpace(r.ExamName)
		var sessionID int64
		err := tx.QueryRowContext(ctx, `SELECT id FROM exam_sessions WHERE name = $1`, name).Scan(&sessionID)
		switch {
		case errors.Is(err, sql.ErrNoRows):
			f.Add("exam", "考试名称", "考试“"+name+"”不存在，请先创建考试场次")
		case err != nil:
			return r.Line, err
		}
		p, _, err := s.rowPerson(ctx, tx, r.ResidentID, r.Name, &f)
		if err != nil {
			return r.Line, err
		}
		if err := f.Err(); err != nil {
			return r.Line, err
		}
		regID, _, err := w.register(actor, sessionID, p.ID)
		if err != nil {
			return r.Line, err
		}
		_, err = w.recordScores(actor, regID, r.General, r.Special)
		return r.Line, err
	})
}

// CertificateRow is one certificate to issue: the holder by ID number,
// the unit by name, and the card's particulars (number, issuer and, when
// empty, validity come from the rule table as of the issue day).
type CertificateRow struct {
	Line        int
	ResidentID  string
	Name        string // optional, checked against the registry
	UnitName    string
	Certificate certificate.Certificate
}

// ImportCertificates issues certificates all-or-nothing, each under the
// same conditions as IssueCertificate (a qualified officer on the
// establishment and in post, of that enforcement unit, with no other
// valid certificate).
func (s *Store) ImportCertificates(ctx context.Context, actor audit.Actor, rows []CertificateRow, dryRun bool) ([]RowError, error) {
	var shared *txWriter
	return s.batch(ctx, len(rows), dryRun, func(tx *sql.Tx, i int) (int, error) {
		r, w := rows[i], s.rowWriter(ctx, tx, &shared)
		var f apperr.Fields
		p, _, err := s.rowPerson(ctx, tx, r.ResidentID, r.Name, &f)
		if err != nil {
			return r.Line, err
		}
		c := r.Certificate
		c.PersonID = p.ID
		if id, ok := s.unitIDByName(ctx, tx, r.UnitName, &f, "unit_id", "执法单位"); ok {
			c.UnitID = id
		}
		if err := f.Err(); err != nil {
			return r.Line, err
		}
		return r.Line, w.issue(actor, &c, 0)
	})
}
