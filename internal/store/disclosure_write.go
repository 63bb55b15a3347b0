package store

// The one writer of disclosure records, used by the single-record methods
// (disclosure.go), the imports and the bulk loads (disclosure_bulk.go).
//
// It writes the record's workflow rows itself rather than through
// StartItem and Fire: a bulk load must chain its audit events in memory
// and insert rows many at a time, which the workflow core does not do. The
// rows are the ones the core writes (an item per record, a timer per
// statutory clock started and stopped on the same transitions, the
// transition checked by disclosure.Lifecycle), so the supervision scan,
// the warnings and the timer lists treat disclosures like any workflow.

import (
	"context"
	"database/sql"
	"fmt"
	"runtime"
	"slices"
	"strings"
	"sync"

	"fazhi/internal/apperr"
	"fazhi/internal/audit"
	"fazhi/internal/calendar"
	"fazhi/internal/disclosure"
	"fazhi/internal/org"
	"fazhi/internal/rule"
	"fazhi/internal/workflow"
)

// disWriter writes disclosures inside the transaction of its txWriter.
type disWriter struct {
	*txWriter
	cal *calendar.Calendar
	// bulk, when set, buffers rows for multi-row inserts and defers the
	// indexing to after the commit.
	bulk *disBatch
}

func (s *Store) disWriter(ctx context.Context, tx *sql.Tx) (*disWriter, error) {
	cal, err := s.calendarFrom(ctx, tx)
	if err != nil {
		return nil, err
	}
	return &disWriter{txWriter: s.writer(ctx, tx), cal: cal}, nil
}

// disInsertColumns are the columns a new record writes, in the order of
// disInsertValues.
var disInsertColumns = []string{"unit_id", "source_case_id", "party_name", "party_category", "credit_code",
	"registration_no", "org_code", "tax_no", "institution_no", "social_org_no", "legal_rep", "legal_rep_id_type",
	"legal_rep_id", "party_id_type", "party_id", "minor", "other_persons", "decision_number", "violation_type", "facts",
	"basis", "categories", "principal_category", "content", "fine", "confiscation", "licence", "decided_on",
	"penalty_valid_until", "display_until", "agency", "agency_code", "data_source", "data_source_code", "note",
	"public_party", "public_legal_rep", "public_facts", "public_basis", "public_content", "public_licence", "public_note",
	"status", "publish_due", "published_on", "published_late", "withheld_reason", "version", "created_at", "updated_at"}

func disInsertValues(r *disclosure.Record) []any {
	codes := make([]string, len(r.Categories))
	for i, c := range r.Categories {
		codes[i] = string(c)
	}
	var display any
	if !r.DisplayUntil.IsZero() {
		display = r.DisplayUntil
	}
	pub := make([]any, 7)
	if m := r.Masked; m != nil {
		for i, p := range [][2]string{{m.PartyName, r.PartyName}, {m.LegalRep, r.LegalRep}, {m.Facts, r.Facts},
			{m.Basis, r.Basis}, {m.Content, r.Content}, {m.Licence, r.Licence}, {m.Note, r.Note}} {
			if p[0] != p[1] {
				pub[i] = p[0]
			}
		}
	}
	return append([]any{r.UnitID, nullInt(r.SourceCaseID), r.PartyName, string(r.PartyCategory), r.CreditCode,
		r.RegistrationNo, r.OrgCode, r.TaxNo, r.InstitutionNo, r.SocialOrgNo, r.LegalRep, string(r.LegalRepIDType),
		r.LegalRepID, string(r.PartyIDType), r.PartyID, r.Minor, strings.Join(r.OtherPersons, "\n"), r.DecisionNumber,
		r.ViolationType, r.Facts, r.Basis, strings.Join(codes, ";"), string(r.Principal()), r.Content, int64(r.Fine),
		int64(r.Confiscation), r.Licence, r.DecidedOn, dateOrNil(r.PenaltyValidUntil), display, r.Agency, r.AgencyCode,
		r.DataSource, r.DataSourceCode, r.Note}, append(pub, string(r.Status), r.PublishDue, dateOrNil(r.PublishedOn),
		r.PublishedLate, r.WithheldReason, r.Version, r.CreatedAt, r.UpdatedAt)...)
}

// ---------- rules as of a day ----------

func (w *disWriter) intRule(key string, d calendar.Date, def int) int {
	if r, err := w.ruleAsOf(key, d); err == nil {
		if n, err := r.Int(); err == nil {
			return n
		}
	}
	return def
}

// policy is the masking policy in force on day d; without a rule row the
// Zhejiang list applies (masking too much is the safe mistake).
func (w *disWriter) policy(d calendar.Date) (disclosure.Policy, error) {
	r, err := w.ruleAsOf(disclosure.RuleMask, d)
	if apperr.KindOf(err) == apperr.NotFound {
		return disclosure.DefaultPolicy, nil
	}
	if err != nil {
		return disclosure.Policy{}, err
	}
	p, err := disclosure.ParsePolicy(r.Value)
	if err != nil {
		return p, apperr.Wrap(apperr.Invalid, "规则 "+r.Key+" 有误，无法公示："+err.Error(), err)
	}
	return p, nil
}

// displayUntil is the last day on display of r published on day on, by
// the periods in force on the decision day.
func (w *disWriter) displayUntil(r *disclosure.Record, on calendar.Date) (calendar.Date, error) {
	periods := map[disclosure.Category]rule.Rule{}
	for _, c := range r.Categories {
		p, err := w.ruleAsOf(disclosure.DisplayKey(c), r.DecidedOn)
		if err != nil {
			return calendar.Date{}, err
		}
		periods[c] = p
	}
	return disclosure.DisplayUntil(on, periods, r.Categories, r.PenaltyValidUntil)
}

// ---------- publish ----------

func (w *disWriter) publish(actor audit.Actor, r *disclosure.Record) error {
	p, err := w.check(actor, r)
	if err != nil {
		return err
	}
	if err := p.prepare(); err != nil {
		return err
	}
	return w.write(p)
}

// publishAll publishes records in order; the masking and the audit
// snapshots, which need no database, run on all cores between the checks
// and the writes (a bulk load spends much of its time there).
func (w *disWriter) publishAll(actor audit.Actor, recs []*disclosure.Record) error {
	ps := make([]*pending, len(recs))
	for i, r := range recs {
		p, err := w.check(actor, r)
		if err != nil {
			return fmt.Errorf("%s：%w", r.DecisionNumber, err)
		}
		ps[i] = p
	}
	errs := make([]error, len(ps))
	workers := runtime.GOMAXPROCS(0)
	var wg sync.WaitGroup
	for k := range workers {
		wg.Go(func() {
			for i := k; i < len(ps); i += workers {
				errs[i] = ps[i].prepare()
			}
		})
	}
	wg.Wait()
	for i, p := range ps {
		if errs[i] != nil {
			return errs[i]
		}
		if err := w.write(p); err != nil {
			return fmt.Errorf("%s：%w", p.r.DecisionNumber, err)
		}
	}
	return nil
}

// pending is a record between its checks and its rows.
type pending struct {
	actor  audit.Actor
	r      *disclosure.Record
	timer  workflow.Timer
	terms  timerTerms
	policy *disclosure.Policy // nil: withheld, nothing to mask
	reason string             // why it is withheld
	event  *audit.Event       // the create event, built ahead when the id is known
}

// check validates r and decides everything that needs the database: the
// unit, the clocks, whether the party is a minor, the masking policy and
// the display period in force. In a bulk load it also reserves the id.
func (w *disWriter) check(actor audit.Actor, r *disclosure.Record) (*pending, error) {
	today := w.s.today()
	if err := r.Prepare(today); err != nil {
		return nil, err
	}
	on, err := w.prepareSource(r, today)
	if err != nil {
		return nil, err
	}
	p := &pending{actor: actor, r: r}
	p.timer, _ = disclosure.Lifecycle.Timer(disclosure.TimerPublish)
	if p.terms, err = w.timerTerms(p.timer, r.DecidedOn); err != nil {
		return nil, err
	}
	now := w.s.now()
	r.ID, r.Status, r.PublishDue, r.Version, r.CreatedAt, r.UpdatedAt = 0, disclosure.Published, p.terms.due, 1, now, now
	r.PublishedOn, r.Masked, r.PublishedLate = nil, nil, false
	r.ChangedOn, r.WithdrawDue, r.WithdrawnOn, r.ExpiredOn = nil, nil, nil, nil
	if minor, why := r.MinorOn(r.DecidedOn, w.intRule(disclosure.RuleAdultAge, r.DecidedOn, 18)); minor {
		p.reason = "当事人为未成年人，依法不予公示（" + why + "）"
		r.Status, r.WithheldReason, r.DisplayUntil = disclosure.Withheld, p.reason, calendar.Date{}
	} else {
		policy, err := w.policy(on)
		if err != nil {
			return nil, err
		}
		until, err := w.displayUntil(r, on)
		if err != nil {
			return nil, apperr.Wrap(apperr.Invalid, err.Error(), err)
		}
		p.policy = &policy
		r.PublishedOn, r.DisplayUntil, r.PublishedLate = &on, until, on.After(r.PublishDue)
	}
	if w.bulk != nil {
		if r.ID, err = w.bulk.next(w, "disclosures"); err != nil {
			return nil, err
		}
	}
	return p, nil
}

// prepare computes what needs no database: the public text and, when the
// id is known, the audit event. It only reads p.
func (p *pending) prepare() error {
	if p.policy != nil {
		m := disclosure.Mask(*p.policy, *p.r)
		p.r.Masked = &m
	}
	if p.r.ID == 0 {
		return nil
	}
	// Registration and publication (or withholding) are one step, so one
	// event records both: the record as created, in the state it reached.
	ev, err := audit.New(p.actor, disclosure.RecordKind, p.r.ID, audit.Create, p.reason, nil, p.r)
	p.event = &ev
	return err
}

// write inserts the record, its workflow item and clock, its audit event,
// and indexes it when published.
func (w *disWriter) write(p *pending) error {
	r := p.r
	if err := w.insertDisclosure(r); err != nil {
		return err
	}
	itemID, err := w.insertItem(r)
	if err != nil {
		return err
	}
	if err := w.insertTimer(itemID, p.timer, p.terms, false); err != nil {
		return err
	}
	if p.event != nil && w.chain != nil {
		err = w.chain.add(w.txWriter, *p.event)
	} else {
		err = w.record(p.actor, disclosure.RecordKind, r.ID, audit.Create, p.reason, nil, r)
	}
	if err != nil || r.Status != disclosure.Published {
		return err
	}
	return w.index(r)
}

// prepareSource fills the agency and data source from the unit and
// returns the day of publication.
func (w *disWriter) prepareSource(r *disclosure.Record, today calendar.Date) (calendar.Date, error) {
	var f apperr.Fields
	u, err := w.unit(r.UnitID)
	switch {
	case err != nil:
		f.Add("unit_id", "处罚机关", "所选单位不存在")
	case !(u.Enforcement || u.Kind == org.Police) || !u.Active():
		f.Add("unit_id", "处罚机关", "“"+u.Name+"”不是现行行政执法主体")
	}
	on := today
	if r.PublishedOn != nil {
		on = *r.PublishedOn
		if on.Before(r.DecidedOn) || on.After(today) {
			f.Add("published_on", "公示日期", "应在处罚决定日期与今天之间")
		}
	}
	if err := f.Err(); err != nil {
		return on, err
	}
	if r.Agency == "" {
		r.Agency, r.AgencyCode = u.Name, u.CreditCode
	}
	if r.DataSource == "" {
		r.DataSource, r.DataSourceCode = r.Agency, r.AgencyCode
	}
	return on, nil
}

func (w *disWriter) insertDisclosure(r *disclosure.Record) error {
	vals := disInsertValues(r)
	if w.bulk != nil {
		return w.bulk.addDisclosure(w, append([]any{r.ID}, vals...))
	}
	marks := make([]string, len(vals))
	for i := range vals {
		marks[i] = fmt.Sprintf("$%d", i+1)
	}
	err := w.q.QueryRowContext(w.ctx, `INSERT INTO disclosures (`+strings.Join(disInsertColumns, ", ")+`) VALUES (`+
		strings.Join(marks, ", ")+`) RETURNING id`, vals...).Scan(&r.ID)
	if isUnique(err) {
		var f apperr.Fields
		f.Add("decision_number", "行政处罚决定书文号", "本机关已公示过文号为“"+r.DecisionNumber+"”的决定")
		return f.Err()
	}
	return err
}

// stateSnap is what an expiry's audit event records of the record.
type stateSnap struct {
	Status         disclosure.Status `json:"status"`
	PublishedOn    *calendar.Date    `json:"published_on,omitempty"`
	DisplayUntil   *calendar.Date    `json:"display_until,omitempty"`
	WithheldReason string            `json:"withheld_reason,omitempty"`
	ChangedOn      *calendar.Date    `json:"changed_on,omitempty"`
	WithdrawDue    *calendar.Date    `json:"withdraw_due,omitempty"`
	WithdrawnOn    *calendar.Date    `json:"withdrawn_on,omitempty"`
	ExpiredOn      *calendar.Date    `json:"expired_on,omitempty"`
	Title          string            `json:"title,omitempty"`
}

// index puts a published record into the public search, or, in a bulk
// load, keeps it for indexing after the commit.
func (w *disWriter) index(r *disclosure.Record) error {
	doc := SearchDoc(*r)
	if w.bulk != nil {
		w.bulk.docs[r.ID] = doc
		return nil
	}
	return w.s.IndexDisclosure(w.ctx, w.tx, doc)
}

func (w *disWriter) unindex(id int64) error {
	if w.bulk != nil {
		if _, ok := w.bulk.docs[id]; ok {
			delete(w.bulk.docs, id)
			return nil
		}
	}
	return w.s.UnindexDisclosure(w.ctx, w.tx, id)
}

// ---------- workflow rows ----------

// timerTerms are a clock's period and days, from its rule as of start.
type timerTerms struct {
	rule             rule.Rule
	period           int
	start, due, warn calendar.Date
}

func (w *disWriter) timerTerms(t workflow.Timer, start calendar.Date) (timerTerms, error) {
	r, err := w.ruleAsOf(t.RuleKey, start)
	if err != nil {
		return timerTerms{}, err
	}
	period, err := r.Int()
	if err != nil {
		return timerTerms{}, err
	}
	due, err := r.Due(w.cal, start)
	if err != nil {
		return timerTerms{}, apperr.Wrap(apperr.Invalid, fmt.Sprintf("无法计算“%s”：%v", t.Label, err), err)
	}
	warn, err := rule.WarnDate(w.cal, due, w.intRule("supervision.warn_ahead", start, 0))
	if err != nil {
		return timerTerms{}, err
	}
	return timerTerms{rule: r, period: period, start: start, due: due, warn: warn}, nil
}

// insertItem writes the record's workflow item in the state the record
// reached (its registration and first transition are one step).
func (w *disWriter) insertItem(r *disclosure.Record) (int64, error) {
	now := w.s.now()
	vals := []any{disclosure.Lifecycle.Name, disclosure.RecordKind, r.ID, r.UnitID, r.Title(), string(r.Status), 2, now, now}
	if w.bulk != nil {
		id, err := w.bulk.next(w, "workflow_items")
		if err != nil {
			return 0, err
		}
		w.bulk.items = append(w.bulk.items, append([]any{id}, vals...))
		return id, nil
	}
	var id int64
	err := w.q.QueryRowContext(w.ctx, `INSERT INTO workflow_items (workflow, record_kind, record_id, unit_id, title, state,
		version, entered_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id`, vals...).Scan(&id)
	return id, err
}

func (w *disWriter) insertTimer(itemID int64, t workflow.Timer, tt timerTerms, running bool) error {
	state, stopped := "stopped", any(w.s.now())
	if running {
		state, stopped = "running", nil
	}
	vals := []any{itemID, t.Name, tt.rule.Key, tt.rule.Citation, string(tt.rule.Unit), tt.period, tt.start, tt.due, tt.warn,
		state, stopped}
	if w.bulk != nil && !running {
		w.bulk.timers = append(w.bulk.timers, vals)
		return nil
	}
	_, err := w.q.ExecContext(w.ctx, `INSERT INTO workflow_timers (item_id, name, rule_key, citation, period_unit, period,
		started_on, due_on, warn_on, state, stopped_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`, vals...)
	return err
}

// moveItem applies transition name to the record's workflow item: the
// state, the clocks it stops and starts (from day on), the version check.
func (w *disWriter) moveItem(it workflow.Item, name string, on calendar.Date) (*timerTerms, error) {
	t, _ := disclosure.Lifecycle.Transition(name)
	now := w.s.now()
	res, err := w.q.ExecContext(w.ctx, `UPDATE workflow_items SET state=$1, version=version+1, entered_at=$2, updated_at=$2
		WHERE id=$3 AND version=$4`, t.To, now, it.ID, it.Version)
	if err != nil {
		return nil, err
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return nil, conflict("“" + it.Title + "”")
	}
	for _, name := range t.StopTimers {
		if _, err := w.q.ExecContext(w.ctx, `UPDATE workflow_timers SET state='stopped', stopped_at=$1
			WHERE item_id=$2 AND name=$3 AND state='running'`, now, it.ID, name); err != nil {
			return nil, err
		}
	}
	var started *timerTerms
	for _, name := range t.StartTimers {
		def, _ := disclosure.Lifecycle.Timer(name)
		tt, err := w.timerTerms(def, on)
		if err != nil {
			return nil, err
		}
		if err := w.insertTimer(it.ID, def, tt, true); err != nil {
			return nil, err
		}
		started = &tt
	}
	return started, nil
}

// checkFunc decides whether a transition may be fired on the item; nil is
// the system (the transition need only be possible from the state).
type checkFunc func(it workflow.Item, name, reason string) error

func (w *disWriter) checkTransition(it workflow.Item, name, reason string, check checkFunc) error {
	if check != nil {
		return check(it, name, reason)
	}
	t, _ := disclosure.Lifecycle.Transition(name)
	if !slices.Contains(t.From, it.State) {
		return apperr.New(apperr.Conflict, fmt.Sprintf("当前状态为“%s”，不能执行“%s”",
			disclosure.Lifecycle.StateLabel(it.State), t.Label))
	}
	return nil
}

// ---------- change, withdraw, expire ----------

// loadForChange reads a record and its item, checking the version the
// user saw.
func (w *disWriter) loadForChange(id int64, version int) (disclosure.Record, workflow.Item, error) {
	r, err := w.s.disclosure(w.ctx, w.q, id)
	if err != nil {
		return r, workflow.Item{}, err
	}
	if r.Version != version {
		return r, workflow.Item{}, conflict("公示记录“" + r.DecisionNumber + "”")
	}
	it, err := w.s.item(w.ctx, w.q, disclosure.RecordKind, id)
	return r, it, err
}

func (w *disWriter) change(actor audit.Actor, id int64, req ChangeRequest, check checkFunc) (disclosure.Record, error) {
	if err := w.flushBulk(); err != nil {
		return disclosure.Record{}, err
	}
	r, it, err := w.loadForChange(id, req.Version)
	if err != nil {
		return r, err
	}
	req.Reason = strings.TrimSpace(req.Reason)
	var f apperr.Fields
	switch {
	case req.On.IsZero():
		f.Add("changed_on", "决定变更或撤销日期", "必填项为空")
	case req.On.Before(r.DecidedOn) || req.On.After(w.s.today()):
		f.Add("changed_on", "决定变更或撤销日期", "应在处罚决定日期与今天之间")
	}
	if err := f.Err(); err != nil {
		return r, err
	}
	if err := w.checkTransition(it, disclosure.ActChange, req.Reason, check); err != nil {
		return r, err
	}
	tt, err := w.moveItem(it, disclosure.ActChange, req.On)
	if err != nil {
		return r, err
	}
	before := r
	on, due := req.On, tt.due
	r.Status, r.ChangedOn, r.WithdrawDue, r.WithdrawReason = disclosure.Changed, &on, &due, req.Reason
	if err := w.updateState(&r, before.Version); err != nil {
		return r, err
	}
	return r, w.record(actor, disclosure.RecordKind, id, "transition:登记决定变更或撤销", req.Reason, before, r)
}

func (w *disWriter) withdraw(actor audit.Actor, id int64, req WithdrawRequest, check checkFunc) (disclosure.Record, error) {
	if err := w.flushBulk(); err != nil {
		return disclosure.Record{}, err
	}
	r, err := w.s.disclosure(w.ctx, w.q, id)
	if err != nil {
		return r, err
	}
	req.Reason = strings.TrimSpace(req.Reason)
	if r.Status == disclosure.Published && r.Version == req.Version {
		if r, err = w.change(actor, id, ChangeRequest{Version: req.Version, On: req.ChangedOn, Reason: req.Reason}, check); err != nil {
			return r, err
		}
		req.Version = r.Version
	}
	r, it, err := w.loadForChange(id, req.Version)
	if err != nil {
		return r, err
	}
	on := req.On
	if on.IsZero() {
		on = w.s.today()
	}
	if r.ChangedOn != nil && (on.Before(*r.ChangedOn) || on.After(w.s.today())) {
		var f apperr.Fields
		f.Add("on", "撤回日期", "应在决定变更或撤销之日与今天之间")
		return r, f.Err()
	}
	if err := w.checkTransition(it, disclosure.ActWithdraw, req.Reason, check); err != nil {
		return r, err
	}
	if _, err := w.moveItem(it, disclosure.ActWithdraw, on); err != nil {
		return r, err
	}
	before := r
	r.Status, r.WithdrawnOn, r.WithdrawReason = disclosure.Withdrawn, &on, req.Reason
	r.WithdrawnLate = r.WithdrawDue != nil && on.After(*r.WithdrawDue)
	if err := w.updateState(&r, before.Version); err != nil {
		return r, err
	}
	if err := w.record(actor, disclosure.RecordKind, id, "transition:撤回公示", req.Reason, before, r); err != nil {
		return r, err
	}
	return r, w.unindex(id)
}

// updateState writes the lifecycle columns of r, checking version.
func (w *disWriter) updateState(r *disclosure.Record, version int) error {
	now := w.s.now()
	res, err := w.q.ExecContext(w.ctx, `UPDATE disclosures SET status=$1, changed_on=$2, withdraw_due=$3, withdrawn_on=$4,
		withdraw_reason=$5, withdrawn_late=$6, expired_on=$7, version=version+1, updated_at=$8 WHERE id=$9 AND version=$10`,
		string(r.Status), dateOrNil(r.ChangedOn), dateOrNil(r.WithdrawDue), dateOrNil(r.WithdrawnOn), r.WithdrawReason,
		r.WithdrawnLate, dateOrNil(r.ExpiredOn), now, r.ID, version)
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return conflict("公示记录“" + r.DecisionNumber + "”")
	}
	r.Version, r.UpdatedAt = version+1, now
	return nil
}

// expire takes off display every published record whose period ended
// before today; it is the first day off display that the record keeps.
func (w *disWriter) expire(today calendar.Date) (int, error) {
	if err := w.flushBulk(); err != nil {
		return 0, err
	}
	rows, err := w.q.QueryContext(w.ctx, `SELECT d.id, d.version, d.display_until, d.decision_number, d.party_name
		FROM disclosures d WHERE d.status = 'published' AND d.display_until < $1 ORDER BY d.id`, today)
	if err != nil {
		return 0, err
	}
	type due struct {
		id            int64
		version       int
		until         calendar.Date
		number, party string
	}
	var dues []due
	for rows.Next() {
		var d due
		if err := rows.Scan(&d.id, &d.version, &d.until, &d.number, &d.party); err != nil {
			rows.Close()
			return 0, err
		}
		dues = append(dues, d)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return 0, err
	}
	tr, _ := disclosure.Lifecycle.Transition(disclosure.ActExpire)
	now := w.s.now()
	for _, d := range dues {
		off := d.until.AddDays(1)
		if _, err := w.q.ExecContext(w.ctx, `UPDATE workflow_items SET state=$1, version=version+1, entered_at=$2, updated_at=$2
			WHERE record_kind=$3 AND record_id=$4 AND state=$5`, tr.To, now, disclosure.RecordKind, d.id, string(disclosure.Published)); err != nil {
			return 0, err
		}
		res, err := w.q.ExecContext(w.ctx, `UPDATE disclosures SET status=$1, expired_on=$2, version=version+1, updated_at=$3
			WHERE id=$4 AND version=$5`, tr.To, off, now, d.id, d.version)
		if err != nil {
			return 0, err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return 0, conflict("公示记录“" + d.number + "”")
		}
		until := d.until
		before := stateSnap{Status: disclosure.Published, DisplayUntil: &until, Title: d.number + " " + d.party}
		after := stateSnap{Status: disclosure.Expired, DisplayUntil: &until, ExpiredOn: &off, Title: before.Title}
		if err := w.record(audit.System, disclosure.RecordKind, d.id, "transition:"+tr.Label, "公示期限届满", before, after); err != nil {
			return 0, err
		}
		if err := w.unindex(d.id); err != nil {
			return 0, err
		}
	}
	return len(dues), nil
}

// flushBulk writes the rows a bulk load still holds (a no-op otherwise),
// so that reads and updates see them.
func (w *disWriter) flushBulk() error {
	if w.bulk == nil {
		return nil
	}
	return w.bulk.flush(w)
}
