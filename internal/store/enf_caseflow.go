package store

// Penalty case writes (seed measure 4): registration, the acts of the
// ordinary procedure through the workflow core with every statutory gate,
// on-the-spot decisions, and the supervision flags an act raises. Each
// write is a txWriter method so that the demo's bulk load runs exactly
// the same code as a clerk's click.

import (
	"context"
	"database/sql"
	"fmt"
	"reflect"
	"strings"

	"fazhi/internal/account"
	"fazhi/internal/apperr"
	"fazhi/internal/audit"
	"fazhi/internal/calendar"
	"fazhi/internal/certificate"
	"fazhi/internal/enforcement"
	"fazhi/internal/rule"
	"fazhi/internal/workflow"
)

// enfCache holds what case writes read repeatedly in one transaction:
// matters, benchmark versions and officers' certificates do not change
// while a case is written (createBenchmark drops its matter's entry).
type enfCache struct {
	matters    map[int64]enforcement.Matter
	benchmarks map[int64][]enforcement.Benchmark
	held       map[int64][]certificate.Held
	names      map[int64]string
	numbers    map[string]int // numbers issued per unit, kind, year and procedure
	// cases and items hold each case (with its officers) and its workflow
	// item as this writer last wrote them: a case is read once per
	// transaction however many acts the transaction applies to it.
	cases map[int64]enforcement.Case
	items map[int64]workflow.Item
}

func (w *txWriter) cache() *enfCache {
	if w.enf == nil {
		w.enf = &enfCache{matters: map[int64]enforcement.Matter{}, benchmarks: map[int64][]enforcement.Benchmark{},
			held: map[int64][]certificate.Held{}, names: map[int64]string{}, numbers: map[string]int{},
			cases: map[int64]enforcement.Case{}, items: map[int64]workflow.Item{}}
	}
	return w.enf
}

// caseFor is s.caseByID, from memory for a case this writer wrote.
func (w *txWriter) caseFor(id int64) (enforcement.Case, error) {
	if c, ok := w.cache().cases[id]; ok {
		return c, nil
	}
	c, err := w.s.caseByID(w.ctx, w.q, id)
	if err == nil {
		w.cache().cases[id] = c
	}
	return c, err
}

// caseItem is the workflow item of a case, from memory once read.
func (w *txWriter) caseItem(caseID int64) (workflow.Item, error) {
	if it, ok := w.cache().items[caseID]; ok {
		return it, nil
	}
	it, err := w.s.item(w.ctx, w.q, enforcement.RecordKind, caseID)
	if err == nil {
		w.cache().items[caseID] = it
	}
	return it, err
}

// remember keeps what the writer wrote of a case and its item.
func (w *txWriter) remember(c enforcement.Case, it *workflow.Item) {
	if it != nil {
		c.State, c.ItemVersion, c.StateLabel = it.State, it.Version, enforcement.StateLabel(c.Procedure, it.State)
		w.cache().items[c.ID] = *it
	}
	w.cache().cases[c.ID] = c
}

func (w *txWriter) matterOf(id int64) (enforcement.Matter, error) {
	c := w.cache()
	if m, ok := c.matters[id]; ok {
		return m, nil
	}
	m, err := w.s.matter(w.ctx, w.q, id)
	if err == nil {
		c.matters[id] = m
	}
	return m, err
}

// benchmarkFor is the version of a matter's benchmark in force on d, nil
// when the matter has none.
func (w *txWriter) benchmarkFor(matterID int64, d calendar.Date) (*enforcement.Benchmark, error) {
	c := w.cache()
	versions, ok := c.benchmarks[matterID]
	if !ok {
		rows, err := w.q.QueryContext(w.ctx, `SELECT `+benchmarkColumns+benchmarkFrom+` WHERE b.matter_id = $1`, matterID)
		if err != nil {
			return nil, err
		}
		for rows.Next() {
			b, err := scanBenchmark(rows)
			if err != nil {
				rows.Close()
				return nil, err
			}
			versions = append(versions, b)
		}
		rows.Close()
		if err := w.s.attachTiers(w.ctx, w.q, versions); err != nil {
			return nil, err
		}
		c.benchmarks[matterID] = versions
	}
	if b, ok := enforcement.PickBenchmark(versions, d); ok {
		return &b, nil
	}
	return nil, nil
}

// entitled is Store.Entitled inside the transaction, reading each
// officer's certificates once.
func (w *txWriter) entitled(personID, unitID int64, matter string, d calendar.Date) (certificate.Entitlement, error) {
	c := w.cache()
	held, ok := c.held[personID]
	if !ok {
		rows, err := w.q.QueryContext(w.ctx, `SELECT `+certColumns+certFrom+` WHERE c.person_id = $1`, personID)
		if err != nil {
			return certificate.Entitlement{}, err
		}
		var certs []certificate.Certificate
		for rows.Next() {
			cert, err := scanCert(rows)
			if err != nil {
				rows.Close()
				return certificate.Entitlement{}, err
			}
			certs = append(certs, cert)
		}
		rows.Close()
		for _, cert := range certs {
			h, err := w.s.statusHistory(w.ctx, w.q, cert.ID)
			if err != nil {
				return certificate.Entitlement{}, err
			}
			held = append(held, certificate.Held{Certificate: cert, History: h})
		}
		c.held[personID] = held
	}
	return certificate.Entitled(held, unitID, matter, d), nil
}

func (w *txWriter) personName(id int64) string {
	c := w.cache()
	if n, ok := c.names[id]; ok {
		return n
	}
	p, err := w.person(id)
	if err != nil {
		return fmt.Sprintf("人员 %d", id)
	}
	c.names[id] = p.Name
	return p.Name
}

// ---------- the case row ----------

// caseWriteColumns are every column a case write sets, in the order of
// caseValues.
var caseWriteColumns = []string{"unit_id", "matter_id", "procedure", "filing_number", "decision_number", "source", "source_on",
	"source_note", "party_kind", "party_name", "party_category", "party_code", "party_id_type", "party_address", "party_phone",
	"legal_rep", "legal_rep_id_type", "legal_rep_id", "party_minor", "violation_type", "facts", "evidence_summary",
	"violation_on", "amount_involved", "illegal_gains", "filed_on", "report_on", "benchmark_id", "benchmark_version", "tier_id",
	"outside_benchmark", "deviation_reason", "notice_on", "notice_fine", "notice_confiscation", "notice_kinds", "hearing_right",
	"defence_on", "defence_note", "hearing_requested_on", "hearing_notice_on", "hearing_on", "hearing_held", "review_required",
	"review_catalog", "review_passed_on", "collective_required", "collective_on", "outcome", "no_penalty_reason", "decided_on",
	"penalty_kinds", "fine", "confiscation", "licence_affected", "basis", "party_present", "electronic_consent", "delivered_on",
	"delivery_method", "payment_due", "deferred_until", "instalments", "paid_on", "paid", "surcharge", "cash_collected",
	"closed_on", "disclosed_on"}

func caseValues(c *enforcement.Case) []any {
	p := c.Party
	d := dateOrNil
	return []any{c.UnitID, c.MatterID, string(c.Procedure), nullStr(c.FilingNumber), nullStr(c.DecisionNumber), c.Source,
		c.SourceOn, c.SourceNote, string(p.Kind), p.Name, p.Category, p.Code, p.IDType, p.Address, p.Phone, p.LegalRep,
		p.LegalRepIDTyp, p.LegalRepID, p.Minor, c.ViolationType, c.Facts, c.EvidenceSummary, d(c.ViolationOn),
		int64(c.AmountInvolved), int64(c.IllegalGains), d(c.FiledOn), d(c.ReportOn), nullInt(c.BenchmarkID), c.BenchmarkVersion,
		nullInt(c.TierID), c.OutsideBenchmark, c.DeviationReason, d(c.NoticeOn), int64(c.NoticeFine), int64(c.NoticeConfiscation),
		c.NoticeKinds, c.HearingRight, d(c.DefenceOn), c.DefenceNote, d(c.HearingRequestedOn), d(c.HearingNoticeOn),
		d(c.HearingOn), c.HearingHeld, c.ReviewRequired, c.ReviewCatalog, d(c.ReviewPassedOn), c.CollectiveRequired,
		d(c.CollectiveOn), string(c.Outcome), c.NoPenaltyReason, d(c.DecidedOn), c.PenaltyKinds, int64(c.Fine),
		int64(c.Confiscation), c.LicenceAffected, c.Basis, c.PartyPresent, c.ElectronicConsent, d(c.DeliveredOn),
		c.DeliveryMethod, d(c.PaymentDue), d(c.DeferredUntil), c.Instalments, d(c.PaidOn), int64(c.Paid), int64(c.Surcharge),
		c.CashCollected, d(c.ClosedOn), d(c.DisclosedOn)}
}

var caseInsertSQL = func() string {
	marks := make([]string, len(caseWriteColumns))
	for i := range caseWriteColumns {
		marks[i] = fmt.Sprintf("$%d", i+1)
	}
	return fmt.Sprintf(`INSERT INTO enf_cases (%s, version, created_at, updated_at) VALUES (%s, 1, $%d, $%d) RETURNING id`,
		strings.Join(caseWriteColumns, ", "), strings.Join(marks, ", "), len(marks)+1, len(marks)+1)
}()

func (w *txWriter) insertCase(c *enforcement.Case) error {
	now := w.s.now()
	c.CreatedAt, c.UpdatedAt, c.Version = now, now, 1
	err := w.q.QueryRowContext(w.ctx, caseInsertSQL, append(caseValues(c), now)...).Scan(&c.ID)
	return caseWriteError(err)
}

// updateCase writes next over before (version checked) and audits it.
func (w *txWriter) updateCase(actor audit.Actor, before enforcement.Case, next *enforcement.Case, action, reason string) error {
	old, changed, err := w.writeCase(before, next)
	if err != nil {
		return err
	}
	return w.record(actor, enforcement.RecordKind, next.ID, action, reason, old, changed)
}

// writeCase writes the columns of next that differ from before (version
// checked) and returns the changed fields for the audit event.
func (w *txWriter) writeCase(before enforcement.Case, next *enforcement.Case) (old, changed map[string]any, err error) {
	now := w.s.now()
	was, is := caseValues(&before), caseValues(next)
	var sets []string
	var args []any
	for i, col := range caseWriteColumns {
		if was[i] != is[i] {
			args = append(args, is[i])
			sets = append(sets, fmt.Sprintf("%s=$%d", col, len(args)))
		}
	}
	n := len(args)
	q := fmt.Sprintf(`UPDATE enf_cases SET %sversion=version+1, updated_at=$%d WHERE id=$%d AND version=$%d`,
		strings.Join(append(sets, ""), ", "), n+1, n+2, n+3)
	res, err := w.q.ExecContext(w.ctx, q, append(args, now, next.ID, before.Version)...)
	if err != nil {
		return nil, nil, caseWriteError(err)
	}
	if k, _ := res.RowsAffected(); k == 0 {
		return nil, nil, conflict("案件“" + before.Title() + "”")
	}
	next.Version, next.UpdatedAt = before.Version+1, now
	w.remember(*next, nil)
	old, changed = fieldChanges(caseSnapshot(before), caseSnapshot(*next))
	return old, changed, nil
}

// caseSnapshot is what the audit chain keeps of a case: the case without
// the read-only joins and the workflow state (the transition event has it).
func caseSnapshot(c enforcement.Case) enforcement.Case {
	c.State, c.StateLabel, c.ItemVersion, c.Officers = "", "", 0, nil
	return c
}

// fieldChanges returns the fields (by JSON name) whose values differ
// between two values of one struct type: an act changes a few of a
// case's seventy fields, and the audit chain keeps just those.
func fieldChanges(before, after any) (old, changed map[string]any) {
	b, a := reflect.ValueOf(before), reflect.ValueOf(after)
	old, changed = map[string]any{}, map[string]any{}
	for i := range b.NumField() {
		f := b.Type().Field(i)
		name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
		if name == "" || name == "-" || name == "updated_at" {
			continue
		}
		x, y := b.Field(i).Interface(), a.Field(i).Interface()
		if !reflect.DeepEqual(x, y) {
			old[name], changed[name] = x, y
		}
	}
	return old, changed
}

func caseWriteError(err error) error {
	if isUnique(err) {
		return apperr.New(apperr.Conflict, "案件编号与已有案件重复（可能有人同时登记），请重试")
	}
	return err
}

// ---------- registration ----------

// RegisterCase registers a case source (案件来源) under the ordinary
// procedure: the case starts in "待立案" with the filing clock running.
func (s *Store) RegisterCase(ctx context.Context, actor audit.Actor, c *enforcement.Case) error {
	return s.inTx(ctx, func(tx *sql.Tx) error { return s.writer(ctx, tx).registerCase(actor, c) })
}

func (w *txWriter) registerCase(actor audit.Actor, c *enforcement.Case) error {
	c.Procedure, c.PartyPresent = enforcement.Ordinary, true
	if err := c.PrepareRegistration(); err != nil {
		return err
	}
	if err := w.fillMatter(c); err != nil {
		return err
	}
	if err := w.insertCase(c); err != nil {
		return err
	}
	if err := w.record(actor, enforcement.RecordKind, c.ID, audit.Create, "", nil, caseSnapshot(*c)); err != nil {
		return err
	}
	return w.startCaseItem(actor, c, enforcement.OrdinaryProcedure, c.SourceOn)
}

// fillMatter checks the case's matter belongs to its unit and copies
// what the case shows of it.
func (w *txWriter) fillMatter(c *enforcement.Case) error {
	m, err := w.matterOf(c.MatterID)
	if err != nil || m.UnitID != c.UnitID || !m.Active {
		var f apperr.Fields
		f.Add("matter_id", "执法事项", "所选执法事项不存在、不属于本单位或已停用")
		return f.Err()
	}
	u, err := w.unit(c.UnitID)
	if err != nil {
		return err
	}
	c.UnitName, c.MatterCode, c.MatterName, c.MatterCategory = u.Name, m.Code, m.Name, m.Category
	return nil
}

func (w *txWriter) startCaseItem(actor audit.Actor, c *enforcement.Case, def *workflow.Definition, on calendar.Date) error {
	item := workflow.Item{RecordKind: enforcement.RecordKind, RecordID: c.ID, UnitID: c.UnitID, Title: c.Title()}
	if err := w.startItem(def, actor, &item, on); err != nil {
		return err
	}
	c.State, c.ItemVersion, c.StateLabel = item.State, item.Version, def.StateLabel(item.State)
	w.remember(*c, &item)
	return nil
}

// ---------- acts ----------

// ActOnCase applies an act of the case's workflow. A statutory gate that
// refuses it writes nothing of the act, and the refusal is recorded as a
// supervision flag (a blocked attempt) before the error is returned.
func (s *Store) ActOnCase(ctx context.Context, actor account.Actor, caseID int64, a enforcement.Act) (enforcement.Case, error) {
	var out enforcement.Case
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		var err error
		out, err = s.writer(ctx, tx).act(actor, actor.Audit(), caseID, a)
		return err
	})
	if r, ok := enforcement.AsRefusal(err); ok {
		ferr := s.inTx(ctx, func(tx *sql.Tx) error {
			return s.writer(ctx, tx).flagRefusal(actor.Audit(), caseID, a.Name, r, a.On)
		})
		if ferr != nil {
			return out, ferr
		}
	}
	return out, err
}

// act applies a; perm decides who may fire the transition, who is the
// audit actor.
func (w *txWriter) act(perm account.Actor, who audit.Actor, caseID int64, a enforcement.Act) (enforcement.Case, error) {
	if err := a.Validate(); err != nil {
		return enforcement.Case{}, err
	}
	c, err := w.caseFor(caseID)
	if err != nil {
		return c, err
	}
	def := enforcement.DefinitionOf(c.Procedure)
	it, err := w.caseItem(caseID)
	if err != nil {
		return c, err
	}
	if it.Version != a.Version {
		return c, conflict("案件“" + c.Title() + "”")
	}
	next := enforcement.Apply(c, a)
	g, err := w.gate(c, &next, a)
	if err != nil {
		return c, err
	}
	t, err := def.Check(it, a.Name, perm, a.Reason, g)
	if err != nil {
		return c, err
	}
	if err := w.beforeWrite(&next, a, g); err != nil {
		return c, err
	}
	if err := w.moveCase(def, who, c, &next, &it, t, a); err != nil {
		return c, err
	}
	if err := w.afterAct(who, def, it, &next, a, g); err != nil {
		return c, err
	}
	next.State, next.ItemVersion, next.StateLabel = it.State, it.Version, def.StateLabel(it.State)
	w.remember(next, &it)
	return next, nil
}

// moveCase writes what the act changed and moves the workflow item, in
// one audit event: the transition with the case's changed fields and
// its state before and after.
func (w *txWriter) moveCase(def *workflow.Definition, who audit.Actor, c enforcement.Case, next *enforcement.Case,
	it *workflow.Item, t workflow.Transition, a enforcement.Act) error {
	old, changed, err := w.writeCase(c, next)
	if err != nil {
		return err
	}
	from := it.State
	if err := w.moveItem(def, it, t, a.On); err != nil {
		return err
	}
	old["state"], changed["state"] = def.StateLabel(from), def.StateLabel(it.State)
	return w.record(who, enforcement.RecordKind, c.ID, "transition:"+t.Label, a.Reason, old, changed)
}

// gateRules are the rows the gates cite or compute with.
var gateRules = []string{"penalty.min_officers", "penalty.limitation", "penalty.filing_decision", "penalty.decide",
	"penalty.prior_notice", "penalty.no_increase", "penalty.legal_review", "penalty.collective", "penalty.benchmark_deviation",
	"penalty.hearing_request", "penalty.hearing_notice", "penalty.hearing_fine_person", "penalty.hearing_fine_org",
	"penalty.hearing_confiscation_person", "penalty.hearing_confiscation_org", "penalty.preservation_decision",
	"penalty.delivery_absent", "penalty.electronic_delivery", "penalty.payment", "penalty.late_surcharge_rate",
	"penalty.simple_max_person", "penalty.simple_max_org", "review.approval_government"}

// gate gathers the facts the guards need and derives what the act
// decides by rule: the benchmark version, whether the amount is outside
// it, the right to a hearing, whether legal review is required.
func (w *txWriter) gate(c enforcement.Case, next *enforcement.Case, a enforcement.Act) (*enforcement.Gate, error) {
	g := &enforcement.Gate{Before: c, On: a.On, Rules: map[string]rule.Rule{}}
	for _, key := range gateRules {
		if r, err := w.ruleAsOf(key, a.On); err == nil {
			g.Rules[key] = r
		}
	}
	cal, err := w.calendar()
	if err != nil {
		return nil, err
	}
	switch a.Name {
	case enforcement.ActFile:
		if g.Officers, err = w.checkOfficers(c, a.OfficerIDs, a.On); err != nil {
			return nil, err
		}
	case enforcement.ActReport:
		if err := w.q.QueryRowContext(w.ctx, `SELECT COUNT(*) FROM enf_case_records WHERE case_id = $1 AND kind IN ('evidence', 'record')`,
			c.ID).Scan(&g.Evidence); err != nil {
			return nil, err
		}
		if err := w.q.QueryRowContext(w.ctx, `SELECT COUNT(*) FROM enf_case_records WHERE case_id = $1 AND kind = 'preservation'
			AND decided_on IS NULL`, c.ID).Scan(&g.OpenPreservations); err != nil {
			return nil, err
		}
	case enforcement.ActNotify, enforcement.ActDecide:
		if err := w.applyBenchmark(g, next, a); err != nil {
			return nil, err
		}
	case enforcement.ActHoldHearing:
		if next.HearingNoticeOn != nil {
			if g.HearingEarliest, err = addRuleWorkdays(cal, g.Rules["penalty.hearing_notice"], *next.HearingNoticeOn); err != nil {
				return nil, err
			}
		}
	case enforcement.ActExecute:
		if g.Surcharge, err = w.surchargeDue(c, next); err != nil {
			return nil, err
		}
		next.Surcharge = g.Surcharge
	}
	if next.NoticeOn != nil {
		if g.HearingRequestDue, err = addRuleWorkdays(cal, g.Rules["penalty.hearing_request"], *next.NoticeOn); err != nil {
			return nil, err
		}
	}
	// The legal-review area's catalogues and approvals (issue 7).
	if err := w.applyLegalReview(next, a.On); err != nil {
		return nil, err
	}
	next.ReviewRequired = enforcement.ReviewRequired(*next)
	g.Case = *next
	return g, nil
}

// addRuleWorkdays is day d plus the working days of rule r.
func addRuleWorkdays(cal *calendar.Calendar, r rule.Rule, d calendar.Date) (calendar.Date, error) {
	n, err := r.Int()
	if err != nil {
		return calendar.Date{}, apperr.New(apperr.Internal, "规则表缺少期限条目 "+r.Key)
	}
	return cal.AddWorkdays(d, n)
}

// checkOfficers asks the certificates service about each officer named.
func (w *txWriter) checkOfficers(c enforcement.Case, ids []int64, on calendar.Date) ([]enforcement.OfficerCheck, error) {
	out := make([]enforcement.OfficerCheck, 0, len(ids))
	for _, id := range ids {
		e, err := w.entitled(id, c.UnitID, c.MatterCategory, on)
		if err != nil {
			return nil, err
		}
		out = append(out, enforcement.OfficerCheck{PersonID: id, Name: w.personName(id), Entitled: e.Entitled,
			Reason: e.Reason, Certificate: e.Certificate})
	}
	return out, nil
}

// applyBenchmark finds the version in force on the day of the violation
// (the act's day when unknown), records it on the case, and derives
// whether the amount lies outside the tier and whether the notice must
// state the right to a hearing.
func (w *txWriter) applyBenchmark(g *enforcement.Gate, next *enforcement.Case, a enforcement.Act) error {
	day := a.On
	if next.ViolationOn != nil {
		day = *next.ViolationOn
	}
	b, err := w.benchmarkFor(next.MatterID, day)
	if err != nil {
		return err
	}
	g.Benchmark = b
	if b != nil {
		next.BenchmarkID, next.BenchmarkVersion = b.ID, b.Version
		if t, ok := b.Tier(next.TierID); ok {
			next.TierName = t.Name
		}
	} else {
		next.BenchmarkID, next.BenchmarkVersion, next.TierID = 0, 0, 0
	}
	amount := next.Fine
	if a.Name == enforcement.ActNotify {
		amount = next.NoticeFine
		t := w.hearingThresholds(g, next.Party.Kind)
		next.HearingRight, _ = enforcement.HearingRight(*next, t)
	}
	next.OutsideBenchmark = enforcement.OutsideBenchmark(b, *next, amount)
	if !next.OutsideBenchmark && a.Name == enforcement.ActNotify {
		next.DeviationReason = ""
	}
	return nil
}

func (w *txWriter) hearingThresholds(g *enforcement.Gate, kind enforcement.PartyKind) enforcement.HearingThresholds {
	fine, conf := "penalty.hearing_fine_person", "penalty.hearing_confiscation_person"
	if kind.Organisational() {
		fine, conf = "penalty.hearing_fine_org", "penalty.hearing_confiscation_org"
	}
	yuan := func(key string) enforcement.Money {
		n, err := g.Rules[key].Int()
		if err != nil {
			return 0
		}
		return enforcement.Yuan(int64(n))
	}
	return enforcement.HearingThresholds{Fine: yuan(fine), Confiscation: yuan(conf)}
}

// surchargeDue computes the late-payment surcharge on the payment day:
// the rule's rate from the day after the payment deadline (or the
// deferral), capped at the fine.
func (w *txWriter) surchargeDue(c enforcement.Case, next *enforcement.Case) (enforcement.Money, error) {
	if next.PaidOn == nil || c.PaymentDue == nil || c.Fine == 0 {
		return 0, nil
	}
	r, err := w.ruleAsOf("penalty.late_surcharge_rate", *c.PaymentDue)
	if err != nil {
		return 0, err
	}
	rate, err := r.Int()
	if err != nil {
		return 0, err
	}
	due := enforcement.PaymentDue(c, *c.PaymentDue)
	return enforcement.Surcharge(c.Fine, due, *next.PaidOn, rate, 0), nil
}

// beforeWrite sets what the act adds besides its fields: the numbers,
// the payment deadline.
func (w *txWriter) beforeWrite(next *enforcement.Case, a enforcement.Act, g *enforcement.Gate) error {
	var err error
	switch a.Name {
	case enforcement.ActFile:
		next.FilingNumber, err = w.nextNumber(next, "penalty.filing_number_format", *next.FiledOn, "filing_number", "filed_on")
	case enforcement.ActDecide:
		next.DecisionNumber, err = w.nextNumber(next, "penalty.decision_number_format", *next.DecidedOn, "decision_number", "decided_on")
	case enforcement.ActDeliver:
		if next.Fine+next.Confiscation > 0 {
			var due calendar.Date
			if due, err = w.ruleDue("penalty.payment", *next.DeliveredOn); err == nil {
				next.PaymentDue = &due
			}
		}
	}
	return err
}

// ruleDue is the last day of the period of rule key counted from d.
func (w *txWriter) ruleDue(key string, d calendar.Date) (calendar.Date, error) {
	r, err := w.ruleAsOf(key, d)
	if err != nil {
		return d, err
	}
	cal, err := w.calendar()
	if err != nil {
		return d, err
	}
	return r.Due(cal, d)
}

// nextNumber fills a number format of the rule table ({简称}, {年},
// {序号}) with the next number of the unit's year and procedure.
func (w *txWriter) nextNumber(c *enforcement.Case, key string, on calendar.Date, column, dateColumn string) (string, error) {
	r, err := w.ruleAsOf(key, on)
	if err != nil {
		return "", err
	}
	u, err := w.unit(c.UnitID)
	if err != nil {
		return "", err
	}
	counter := fmt.Sprintf("%d|%s|%d|%s", c.UnitID, column, on.Year, c.Procedure)
	n, ok := w.cache().numbers[counter]
	if !ok {
		if err := w.q.QueryRowContext(w.ctx, fmt.Sprintf(`SELECT COUNT(*) FROM enf_cases WHERE unit_id = $1 AND %s IS NOT NULL
			AND %s >= $2 AND %s <= $3 AND procedure = $4`, column, dateColumn, dateColumn), c.UnitID,
			fmt.Sprintf("%04d-01-01", on.Year), fmt.Sprintf("%04d-12-31", on.Year), string(c.Procedure)).Scan(&n); err != nil {
			return "", err
		}
	}
	// The writer numbers every case it writes, so the count it read stays
	// right for the rest of its transaction.
	w.cache().numbers[counter] = n + 1
	short := u.ShortName
	if short == "" {
		short = u.Name
	}
	return strings.NewReplacer("{简称}", short, "{年}", fmt.Sprint(on.Year), "{序号}", fmt.Sprint(n+1)).Replace(r.Value), nil
}

// afterAct starts the clocks that depend on the facts, records the pause
// of the decision period for a hearing, assigns the officers, and raises
// or clears supervision flags.
func (w *txWriter) afterAct(who audit.Actor, def *workflow.Definition, it workflow.Item, c *enforcement.Case,
	a enforcement.Act, g *enforcement.Gate) error {
	var err error
	switch a.Name {
	case enforcement.ActFile:
		err = w.assignOfficers(who, c, g.Officers, a.On)
	case enforcement.ActNotify:
		if c.HearingRight {
			err = w.startTimers(def, it.ID, []string{enforcement.TimerHearing}, *c.NoticeOn)
		}
		if err == nil && c.OutsideBenchmark {
			err = w.raiseOutside(who, c, g, a.On)
		}
	case enforcement.ActHoldHearing:
		err = w.pauseForHearing(who, it, c)
	case enforcement.ActDecide:
		if !c.PartyPresent {
			err = w.startTimers(def, it.ID, []string{enforcement.TimerDelivery}, *c.DecidedOn)
		}
		if err == nil && c.OutsideBenchmark {
			err = w.raiseOutside(who, c, g, a.On)
		}
		if err == nil {
			err = w.checkDecisionFlags(who, c, a.On)
		}
	case enforcement.ActNoPenalty, enforcement.ActNotEstablished:
		err = w.checkDecisionFlags(who, c, a.On)
	case enforcement.ActDeliver:
		if c.Fine+c.Confiscation > 0 {
			err = w.startTimers(def, it.ID, []string{enforcement.TimerPayment}, *c.DeliveredOn)
		}
	}
	if err != nil {
		return err
	}
	return w.clearFlags(who, c.ID, enforcement.FlagBlocked, a.Name, a.On, "此后已依法办理该环节")
}

// assignOfficers records the entitled officers of a filing (the first is
// the lead) and flags each named officer who was not entitled.
func (w *txWriter) assignOfficers(who audit.Actor, c *enforcement.Case, checks []enforcement.OfficerCheck, on calendar.Date) error {
	c.Officers = nil
	for _, o := range checks {
		if !o.Entitled {
			msg := fmt.Sprintf("%s 被列为承办人员，但%s", o.Name, o.Reason)
			if err := w.raiseFlag(who, enforcement.Flag{UnitID: c.UnitID, CaseID: c.ID, Kind: enforcement.FlagNotEntitled,
				RuleKey: "penalty.min_officers", Message: msg}, on); err != nil {
				return err
			}
			continue
		}
		role := enforcement.SecondOfficer
		if len(c.Officers) == 0 {
			role = enforcement.LeadOfficer
		}
		if _, err := w.q.ExecContext(w.ctx, `INSERT INTO enf_case_officers (case_id, person_id, role, certificate, checked_on)
			VALUES ($1, $2, $3, $4, $5) ON CONFLICT (case_id, person_id) DO NOTHING`, c.ID, o.PersonID, role, o.Certificate, on); err != nil {
			return err
		}
		c.Officers = append(c.Officers, enforcement.CaseOfficer{PersonID: o.PersonID, Name: o.Name, Role: role,
			Certificate: o.Certificate, CheckedOn: on})
	}
	return w.record(who, enforcement.RecordKind, c.ID, "officers", "", nil, c.Officers)
}

// pauseForHearing records the hearing as a period not counted in the
// decision period (when the rule table allows it) and moves the
// decision deadline by as many days.
func (w *txWriter) pauseForHearing(who audit.Actor, it workflow.Item, c *enforcement.Case) error {
	if c.HearingRequestedOn == nil || c.HearingOn == nil {
		return nil
	}
	days := enforcement.PausedDays(*c.HearingRequestedOn, *c.HearingOn)
	p := enforcement.Period{CaseID: c.ID, Kind: enforcement.PeriodPause, RuleKey: "penalty.pause_hearing", From: *c.HearingRequestedOn,
		To: c.HearingOn, Days: days, Reason: "听证期间（自申请听证至举行听证）"}
	return w.addPeriod(who, it, &p)
}

// checkDecisionFlags raises the flags of a decision: a 以罚代刑 risk when
// the amount involved reaches the matter's crime threshold, and each case
// officer no longer entitled on the decision day.
func (w *txWriter) checkDecisionFlags(who audit.Actor, c *enforcement.Case, on calendar.Date) error {
	m, err := w.matterOf(c.MatterID)
	if err != nil {
		return err
	}
	if enforcement.CrimeRisk(*c, m) {
		msg := fmt.Sprintf("涉案金额 %s 元达到“%s”涉嫌犯罪移送标准 %s 元（%s），案件以“%s”办结，未移送司法机关",
			c.AmountInvolved, m.Name, m.CrimeThreshold, m.CrimeBasis, c.Outcome.Label())
		if err := w.raiseFlag(who, enforcement.Flag{UnitID: c.UnitID, CaseID: c.ID, Kind: enforcement.FlagCrimeRisk,
			RuleKey: "transfer.head_decision", Citation: "《中华人民共和国行政处罚法》第二十七条、第八十二条", Message: msg}, on); err != nil {
			return err
		}
	}
	officers := c.Officers
	if officers == nil {
		if officers, err = w.s.caseOfficers(w.ctx, w.q, c.ID); err != nil {
			return err
		}
	}
	for _, o := range officers {
		e, err := w.entitled(o.PersonID, c.UnitID, c.MatterCategory, on)
		if err != nil {
			return err
		}
		if !e.Entitled {
			if err := w.raiseFlag(who, enforcement.Flag{UnitID: c.UnitID, CaseID: c.ID, Kind: enforcement.FlagNotEntitled,
				RuleKey: "penalty.min_officers", Message: fmt.Sprintf("作出决定之日 %s，承办人员%s", o.Name, e.Reason)}, on); err != nil {
				return err
			}
		}
	}
	return nil
}

func (w *txWriter) raiseOutside(who audit.Actor, c *enforcement.Case, g *enforcement.Gate, on calendar.Date) error {
	var open int
	if err := w.q.QueryRowContext(w.ctx, `SELECT COUNT(*) FROM enf_flags WHERE case_id = $1 AND kind = $2 AND cleared_on IS NULL`,
		c.ID, enforcement.FlagOutside).Scan(&open); err != nil || open > 0 {
		return err
	}
	amount := c.NoticeFine
	if c.DecidedOn != nil {
		amount = c.Fine
	}
	why := "拟处罚金额超出所选裁量阶次的幅度"
	if g.Benchmark != nil {
		if t, ok := g.Benchmark.Tier(c.TierID); ok {
			_, why = t.Within(amount, c.IllegalGains)
		}
	}
	r := g.Rules["penalty.benchmark_deviation"]
	return w.raiseFlag(who, enforcement.Flag{UnitID: c.UnitID, CaseID: c.ID, Kind: enforcement.FlagOutside,
		RuleKey: r.Key, Citation: r.Citation, Message: why + "。理由：" + c.DeviationReason}, on)
}

// ---------- simple procedure ----------

// DecideOnTheSpot records an on-the-spot decision under the simple
// procedure (Arts. 51-52): a warning or a fine within the rule's limit for
// the party's kind, by entitled officers, handed over on the spot; the
// case then awaits filing with the unit. A refusal is flagged as a
// blocked attempt of the unit.
func (s *Store) DecideOnTheSpot(ctx context.Context, actor audit.Actor, c *enforcement.Case, officerIDs []int64) error {
	err := s.inTx(ctx, func(tx *sql.Tx) error { return s.writer(ctx, tx).decideOnTheSpot(actor, c, officerIDs) })
	if r, ok := enforcement.AsRefusal(err); ok {
		on := calendar.DateOf(s.now())
		if c.DecidedOn != nil {
			on = *c.DecidedOn
		}
		ferr := s.inTx(ctx, func(tx *sql.Tx) error {
			f := enforcement.BlockedFlag(r, "on_the_spot")
			f.UnitID = c.UnitID
			return s.writer(ctx, tx).raiseFlag(actor, f, on)
		})
		if ferr != nil {
			return ferr
		}
	}
	return err
}

func (w *txWriter) decideOnTheSpot(actor audit.Actor, c *enforcement.Case, officerIDs []int64) error {
	c.Procedure, c.Outcome, c.PartyPresent = enforcement.Simple, enforcement.Penalised, true
	if c.Source == "" {
		c.Source = "inspection"
	}
	if c.DecidedOn != nil && c.SourceOn.IsZero() {
		c.SourceOn = *c.DecidedOn
	}
	if err := c.PrepareRegistration(); err != nil {
		return err
	}
	if err := w.fillMatter(c); err != nil {
		return err
	}
	c.PenaltyKinds = enforcement.NormKinds(c.PenaltyKinds)
	on := c.SourceOn
	if c.DecidedOn != nil {
		on = *c.DecidedOn
	}
	g := &enforcement.Gate{Case: *c, On: on, Rules: map[string]rule.Rule{}}
	for _, key := range gateRules {
		if r, err := w.ruleAsOf(key, on); err == nil {
			g.Rules[key] = r
		}
	}
	var err error
	if g.Officers, err = w.checkOfficers(*c, officerIDs, on); err != nil {
		return err
	}
	g.Case = *c
	if err := enforcement.CheckSimple(g); err != nil {
		return err
	}
	c.DeliveredOn, c.DeliveryMethod = c.DecidedOn, "direct"
	if c.CashCollected {
		c.PaidOn, c.Paid = c.DecidedOn, c.Fine
	}
	if c.DecisionNumber, err = w.nextNumber(c, "penalty.simple_number_format", on, "decision_number", "decided_on"); err != nil {
		return err
	}
	if err := w.insertCase(c); err != nil {
		return err
	}
	if err := w.record(actor, enforcement.RecordKind, c.ID, audit.Create, "当场作出行政处罚决定", nil, caseSnapshot(*c)); err != nil {
		return err
	}
	if err := w.startCaseItem(actor, c, enforcement.SimpleProcedure, on); err != nil {
		return err
	}
	if err := w.assignOfficers(actor, c, g.Officers, on); err != nil {
		return err
	}
	if !c.CashCollected {
		return nil
	}
	it, err := w.caseItem(c.ID)
	if err != nil {
		return err
	}
	return w.startTimers(enforcement.SimpleProcedure, it.ID, []string{enforcement.TimerCashHandIn}, on)
}
