package web

// Penalty cases (seed measure 4): the list, registration of a case
// source, on-the-spot decisions, one case with its clocks and the acts
// the viewer may take (each refused by its statutory gate with the rule
// and citation), the case file and the decision and notice documents.

import (
	"context"
	"fmt"
	"net/http"
	"slices"
	"strings"

	"fazhi/internal/account"
	"fazhi/internal/apperr"
	"fazhi/internal/enforcement"
	"fazhi/internal/org"
	"fazhi/internal/store"
	"fazhi/internal/workflow"
)

// caseHandlers are the roles that register and handle cases in a unit.
var caseHandlers = []account.Role{account.Officer, account.Clerk, account.Leader}

// canHandle reports whether the actor registers and handles the cases of unit.
func canHandle(a account.Actor, unit int64) bool { return a.UnitID == unit && a.Has(caseHandlers...) }

// pathCase loads the case of the path the actor may see; other units'
// cases are "not found", so ids reveal nothing.
func (s *Server) pathCase(r *http.Request) (enforcement.Case, error) {
	id, err := pathID(r)
	if err != nil {
		return enforcement.Case{}, err
	}
	c, err := s.store.Case(r.Context(), id)
	if err != nil {
		return c, err
	}
	if !actorOf(r).CanViewUnitRecords(c.UnitID) {
		return enforcement.Case{}, apperr.New(apperr.NotFound, "案件不存在或您无权查看")
	}
	return c, nil
}

// ---------- list ----------

type caseListPage struct {
	basePage
	Cases       []caseRow
	Units       []org.Unit
	Matters     []enforcement.Matter
	Filter      store.CaseFilter
	State       string
	Tabs        []statusCount
	Procedures  []enforcement.Option
	Sorts       []kindOption
	Pager       pager
	CanRegister bool
}

// caseRow is a case with its nearest running clock.
type caseRow struct {
	enforcement.Case
	Clock *store.Timer
}

// caseTabs are the state groups of the list's tabs.
var caseTabs = []struct{ key, label string }{
	{"", "全部"}, {"open", "办理中"}, {enforcement.Registered, "待立案"}, {enforcement.Filed, "调查取证"},
	{enforcement.Investigated, "调查终结"}, {"notice", "告知与听证"}, {enforcement.Decided, "待送达"},
	{enforcement.Executing, "执行中"}, {"closed", "已结案"}, {"other", "不予处罚等"}, {enforcement.OnTheSpot, "当场处罚待备案"},
}

func tabStates(key string) ([]string, bool) {
	switch key {
	case "", "open":
		return nil, key == "open"
	case "notice":
		return []string{enforcement.Notified, enforcement.Hearing, enforcement.Heard}, false
	case "closed":
		return []string{enforcement.Executed, enforcement.Closed}, false
	case "other":
		return []string{enforcement.NotFiled, enforcement.NoPenaltyEnd, enforcement.NotEstabEnd, enforcement.TransferEnd}, false
	}
	return []string{key}, false
}

func (s *Server) caseFilterOf(r *http.Request) (store.CaseFilter, string, error) {
	q := r.URL.Query()
	a := actorOf(r)
	f := store.CaseFilter{Query: q.Get("q"), UnitID: queryInt(r, "unit_id"), UnitIDs: a.Scope(), MatterID: queryInt(r, "matter_id"),
		Procedure: enforcement.Procedure(q.Get("procedure")), Flagged: q.Get("flagged") == "1", Sort: q.Get("sort"), Page: pageOf(r)}
	if f.Procedure != enforcement.Ordinary && f.Procedure != enforcement.Simple {
		f.Procedure = ""
	}
	if !slices.Contains(store.CaseSortKeys(), f.Sort) {
		f.Sort = ""
	}
	state := q.Get("state")
	f.States, f.Open = tabStates(state)
	var e apperr.Fields
	f.FiledFrom = formDate(r, "from", "立案日期起", &e)
	f.FiledTo = formDate(r, "to", "立案日期止", &e)
	if err := scopedUnit(a, f.UnitID); err != nil {
		return f, state, err
	}
	return f, state, e.Err()
}

func (s *Server) handleCaseList(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	f, state, err := s.caseFilterOf(r)
	if err != nil {
		return err
	}
	if format := r.URL.Query().Get("format"); format != "" {
		return s.exportCases(w, r, f, format)
	}
	cases, total, err := s.store.Cases(ctx, f)
	if err != nil {
		return err
	}
	a := actorOf(r)
	p := &caseListPage{Filter: f, State: state, Pager: newPager(r, f.Page, total), Procedures: []enforcement.Option{
		{Value: string(enforcement.Ordinary), Label: enforcement.Ordinary.Label()}, {Value: string(enforcement.Simple), Label: enforcement.Simple.Label()}},
		Sorts:       []kindOption{{"", "最近登记"}, {"deadline", "期限最近"}, {"filed", "立案日期"}, {"decided", "决定日期"}, {"fine", "罚款金额"}, {"party", "当事人"}},
		CanRegister: a.Has(caseHandlers...)}
	if p.Cases, err = s.caseRows(ctx, cases); err != nil {
		return err
	}
	for _, t := range caseTabs {
		c := f
		c.States, c.Open = tabStates(t.key)
		c.Page = store.Page{Limit: 1}
		_, n, err := s.store.Cases(ctx, c)
		if err != nil {
			return err
		}
		p.Tabs = append(p.Tabs, statusCount{Label: t.label, Value: t.key, Count: n, Current: state == t.key})
	}
	if p.Units, err = s.enforcementUnits(r); err != nil {
		return err
	}
	if f.UnitID != 0 || !a.SeesAll() {
		unit := f.UnitID
		if unit == 0 {
			unit = a.UnitID
		}
		if p.Matters, _, err = s.store.Matters(ctx, store.MatterFilter{UnitID: unit, Page: store.Page{Limit: 500}}); err != nil {
			return err
		}
	}
	s.render(w, r, "enf_case_list", p)
	return nil
}

// caseRows adds each case's nearest running clock.
func (s *Server) caseRows(ctx context.Context, cases []enforcement.Case) ([]caseRow, error) {
	out := make([]caseRow, len(cases))
	for i, c := range cases {
		out[i].Case = c
		timers, err := s.caseTimers(ctx, c)
		if err != nil {
			return nil, err
		}
		for j := range timers {
			if t := &timers[j]; t.State == "running" && (out[i].Clock == nil || t.DueOn.Before(out[i].Clock.DueOn)) {
				out[i].Clock = t
			}
		}
	}
	return out, nil
}

// caseTimers are a case's timers with their Chinese labels.
func (s *Server) caseTimers(ctx context.Context, c enforcement.Case) ([]store.Timer, error) {
	it, err := s.store.Item(ctx, enforcement.RecordKind, c.ID)
	if err != nil {
		return nil, err
	}
	timers, err := s.store.Timers(ctx, it.ID)
	def := enforcement.DefinitionOf(c.Procedure)
	for i := range timers {
		if t, ok := def.Timer(timers[i].Name); ok {
			timers[i].Label = t.Label
		}
	}
	return timers, err
}

func (s *Server) exportCases(w http.ResponseWriter, r *http.Request, f store.CaseFilter, format string) error {
	all, err := store.Collect(func(p store.Page) ([]enforcement.Case, int, error) {
		f.Page = p
		return s.store.Cases(r.Context(), f)
	})
	if err != nil {
		return err
	}
	if len(all) > exportLimit {
		all = all[:exportLimit]
	}
	rows := make([][]string, len(all))
	for i, c := range all {
		rows[i] = []string{c.Number(), c.UnitName, c.Procedure.Label(), c.MatterCode, c.MatterName, c.Party.Name, c.Party.Kind.Label(),
			c.StateLabel, c.SourceOn.String(), dateText(c.FiledOn), dateText(c.DecidedOn), c.Outcome.Label(), enforcement.KindsLabel(c.PenaltyKinds),
			c.Fine.Plain(), c.Confiscation.Plain(), c.TierName, yesNo(c.OutsideBenchmark), dateText(c.ClosedOn)}
	}
	return writeTable(w, format, "行政处罚案件", []string{"案号", "执法单位", "程序", "事项代码", "执法事项", "当事人", "当事人类别", "状态",
		"发现日期", "立案日期", "决定日期", "处理结果", "处罚种类", "罚款（元）", "没收（元）", "裁量阶次", "超出裁量基准", "结案日期"}, rows)
}

// ---------- registration ----------

type caseFormPage struct {
	basePage
	Case        enforcement.Case
	Units       []org.Unit
	Matters     []enforcement.Matter
	Officers    []officerChoice
	Sources     []enforcement.Option
	PartyKinds  []enforcement.Option
	Kinds       []enforcement.Option
	CanRegister bool
	Simple      bool
	Money       map[string]string // amounts as typed
	formState
}

// officerChoice is an officer of the unit with what entitles (or not)
// them today, for the forms that name officers.
type officerChoice struct {
	PersonID    int64
	Name        string
	Certificate string
	Checked     bool
}

// unitOfficers lists the unit's officers with their valid certificate.
func (s *Server) unitOfficers(ctx context.Context, unit int64, checked []int64) ([]officerChoice, error) {
	officers, _, err := s.store.Officers(ctx, store.OfficerFilter{UnitID: unit, Page: store.Page{Limit: 500}})
	if err != nil {
		return nil, err
	}
	ids := make([]int64, len(officers))
	for i, o := range officers {
		ids[i] = o.PersonID
	}
	held, err := s.store.ValidCertificates(ctx, ids)
	if err != nil {
		return nil, err
	}
	var out []officerChoice
	for _, o := range officers {
		if o.PersonStatus != string(org.Active) {
			continue
		}
		out = append(out, officerChoice{PersonID: o.PersonID, Name: o.Name, Certificate: held[o.PersonID].Number,
			Checked: slices.Contains(checked, o.PersonID)})
	}
	slices.SortStableFunc(out, func(a, b officerChoice) int {
		return strings.Compare(fmt.Sprint(a.Certificate == ""), fmt.Sprint(b.Certificate == ""))
	})
	return out, nil
}

func (s *Server) caseForm(w http.ResponseWriter, r *http.Request, p *caseFormPage, ferr error) error {
	if ferr != nil {
		if err := p.fail(w, ferr); err != nil {
			return err
		}
	}
	a := actorOf(r)
	p.Sources, p.PartyKinds, p.Kinds = enforcement.Sources, enforcement.PartyKinds, enforcement.PenaltyKinds[:3]
	p.Case.UnitID = a.UnitID
	p.CanRegister = canHandle(a, a.UnitID)
	if p.Money == nil {
		p.Money = map[string]string{}
	}
	if !p.CanRegister {
		s.render(w, r, pageFor(p.Simple), p)
		return nil
	}
	var err error
	if p.Matters, _, err = s.store.Matters(r.Context(), store.MatterFilter{UnitID: a.UnitID, Active: true, Page: store.Page{Limit: 500}}); err != nil {
		return err
	}
	if p.Simple {
		if p.Officers, err = s.unitOfficers(r.Context(), a.UnitID, officerIDsOf(r)); err != nil {
			return err
		}
	}
	s.render(w, r, pageFor(p.Simple), p)
	return nil
}

func pageFor(simple bool) string {
	if simple {
		return "enf_simple_form"
	}
	return "enf_case_form"
}

func (s *Server) handleCaseNew(w http.ResponseWriter, r *http.Request) error {
	c := enforcement.Case{SourceOn: s.today(), Source: "inspection", Party: enforcement.Party{Kind: enforcement.Organisation},
		MatterID: queryInt(r, "matter_id")}
	return s.caseForm(w, r, &caseFormPage{Case: c}, nil)
}

// partyFromForm reads the party fields of the case forms.
func partyFromForm(r *http.Request) enforcement.Party {
	return enforcement.Party{Kind: enforcement.PartyKind(r.FormValue("party_kind")), Name: r.FormValue("party_name"),
		Code: r.FormValue("party_code"), Address: strings.TrimSpace(r.FormValue("party_address")),
		Phone: strings.TrimSpace(r.FormValue("party_phone")), LegalRep: r.FormValue("legal_rep"),
		LegalRepID: strings.TrimSpace(r.FormValue("legal_rep_id")), Minor: r.FormValue("party_minor") == "1"}
}

func caseFromForm(r *http.Request) (enforcement.Case, error) {
	var f apperr.Fields
	c := enforcement.Case{UnitID: actorOf(r).UnitID, MatterID: formInt(r, "matter_id"), Source: r.FormValue("source"),
		SourceNote: r.FormValue("source_note"), Party: partyFromForm(r), Facts: r.FormValue("facts")}
	if d := formDate(r, "source_on", "发现日期", &f); d != nil {
		c.SourceOn = *d
	}
	c.ViolationOn = formDate(r, "violation_on", "违法行为发生日期", &f)
	c.AmountInvolved = formMoney(r, "amount_involved", "涉案金额", &f)
	return c, f.Err()
}

// mustHandle refuses a write by someone who does not handle the unit's cases.
func mustHandle(a account.Actor, unit int64) error {
	if !canHandle(a, unit) {
		return apperr.New(apperr.Forbidden, "只有本单位的执法人员、经办人和负责人可以办理本单位的案件")
	}
	return nil
}

func (s *Server) handleCaseCreate(w http.ResponseWriter, r *http.Request) error {
	c, err := caseFromForm(r)
	if err == nil {
		err = c.PrepareRegistration()
	}
	if err == nil {
		err = mustHandle(actorOf(r), c.UnitID)
	}
	if err == nil {
		err = s.store.RegisterCase(r.Context(), actorOf(r).Audit(), &c)
	}
	if err != nil {
		return s.caseForm(w, r, &caseFormPage{Case: c, Money: map[string]string{"amount_involved": r.FormValue("amount_involved")}}, err)
	}
	flash(w, "已登记案件来源："+c.Title()+"，请在立案期限内决定是否立案")
	http.Redirect(w, r, fmt.Sprintf("/cases/%d", c.ID), http.StatusSeeOther)
	return nil
}

// ---------- simple procedure ----------

func (s *Server) handleSimpleNew(w http.ResponseWriter, r *http.Request) error {
	today := s.today()
	c := enforcement.Case{DecidedOn: &today, PenaltyKinds: "fine", Party: enforcement.Party{Kind: enforcement.Person}}
	return s.caseForm(w, r, &caseFormPage{Case: c, Simple: true}, nil)
}

func officerIDsOf(r *http.Request) []int64 {
	var out []int64
	for _, v := range r.Form["officer_ids"] {
		var id int64
		if _, err := fmt.Sscan(v, &id); err == nil && id > 0 {
			out = append(out, id)
		}
	}
	return out
}

func (s *Server) handleSimpleCreate(w http.ResponseWriter, r *http.Request) error {
	var f apperr.Fields
	c := enforcement.Case{UnitID: actorOf(r).UnitID, MatterID: formInt(r, "matter_id"), Party: partyFromForm(r), Facts: r.FormValue("facts"),
		Basis: r.FormValue("basis"), PenaltyKinds: strings.Join(r.Form["penalty_kinds"], ","), CashCollected: r.FormValue("cash_collected") == "1"}
	c.DecidedOn = formDate(r, "decided_on", "处罚日期", &f)
	if c.DecidedOn != nil {
		c.SourceOn = *c.DecidedOn
	}
	c.Fine = formMoney(r, "fine", "罚款金额", &f)
	err := f.Err()
	if err == nil {
		c.Source = "inspection"
		err = validateThenHandle(actorOf(r), c.UnitID, c.PrepareRegistration())
	}
	if err == nil {
		err = s.store.DecideOnTheSpot(r.Context(), actorOf(r).Audit(), &c, officerIDsOf(r))
	}
	if err != nil {
		return s.caseForm(w, r, &caseFormPage{Case: c, Simple: true, Money: map[string]string{"fine": r.FormValue("fine")}}, err)
	}
	flash(w, "已登记当场处罚决定 "+c.DecisionNumber+"，请按规定报所属行政机关备案")
	http.Redirect(w, r, fmt.Sprintf("/cases/%d", c.ID), http.StatusSeeOther)
	return nil
}

// ---------- one case ----------

type caseShowPage struct {
	basePage
	Case      enforcement.Case
	Timers    []store.Timer
	Acts      []workflow.Transition
	Records   []enforcement.CaseRecord
	Periods   []enforcement.Period
	Flags     []enforcement.Flag
	History   []historyEntry
	Officers  []officerChoice
	Benchmark *enforcement.Benchmark
	Reasons   []string // why legal review is required
	CanHandle bool
	Open      bool
	// What the forms offer.
	Kinds, NoPenaltyReasons, Delivery, RecordKinds []enforcement.Option
	PeriodRules                                    []enforcement.Option
	OpenPreservation                               *enforcement.CaseRecord
	OpenPause                                      *enforcement.Period
	Form                                           map[string]string // the failed form's values
	FormAct                                        string
	formState
}

func (s *Server) handleCaseShow(w http.ResponseWriter, r *http.Request) error {
	c, err := s.pathCase(r)
	if err != nil {
		return err
	}
	return s.caseShow(w, r, c, "", nil)
}

// caseShow renders a case; act and ferr are a failed form's.
func (s *Server) caseShow(w http.ResponseWriter, r *http.Request, c enforcement.Case, act string, ferr error) error {
	ctx := r.Context()
	a := actorOf(r)
	def := enforcement.DefinitionOf(c.Procedure)
	p := &caseShowPage{Case: c, CanHandle: canHandle(a, c.UnitID), Reasons: enforcement.ReviewReasons(c), FormAct: act,
		Kinds: enforcement.PenaltyKinds, NoPenaltyReasons: enforcement.NoPenaltyReasons, Delivery: enforcement.DeliveryMethods,
		Form: map[string]string{}}
	if ferr != nil {
		if err := p.fail(w, ferr); err != nil {
			return err
		}
		for k, v := range r.Form {
			p.Form[k] = strings.Join(v, ",")
		}
	}
	st, _ := def.State(c.State)
	p.Open = !st.Final
	for _, k := range enforcement.RecordKinds {
		if k.Entry {
			p.RecordKinds = append(p.RecordKinds, k.Option)
		}
	}
	for _, pr := range enforcement.PeriodRules {
		p.PeriodRules = append(p.PeriodRules, enforcement.Option{Value: pr.Key, Label: pr.Label})
	}
	var err error
	if p.Timers, err = s.caseTimers(ctx, c); err != nil {
		return err
	}
	if p.CanHandle {
		it, err := s.store.Item(ctx, enforcement.RecordKind, c.ID)
		if err != nil {
			return err
		}
		p.Acts = def.Available(it, a)
	}
	if p.Records, err = s.store.CaseRecords(ctx, c.ID); err != nil {
		return err
	}
	for i := range p.Records {
		if rec := p.Records[i]; rec.Kind == enforcement.RecPreservation && rec.DecidedOn == nil {
			p.OpenPreservation = &p.Records[i]
		}
	}
	if p.Periods, err = s.store.CasePeriods(ctx, c.ID); err != nil {
		return err
	}
	for i := range p.Periods {
		if pr := p.Periods[i]; pr.Kind == enforcement.PeriodPause && pr.To == nil {
			p.OpenPause = &p.Periods[i]
		}
	}
	if p.Flags, _, err = s.store.Flags(ctx, store.FlagFilter{CaseID: c.ID, Page: store.Page{Limit: 100}}); err != nil {
		return err
	}
	if p.History, err = s.history(r, enforcement.RecordKind, c.ID, map[string]bool{"party": true}); err != nil {
		return err
	}
	if err := s.caseFormData(ctx, p); err != nil {
		return err
	}
	s.render(w, r, "enf_case_show", p)
	return nil
}

// caseFormData loads what the act forms offer: the officers for the
// filing, the benchmark in force for the notice and the decision.
func (s *Server) caseFormData(ctx context.Context, p *caseShowPage) error {
	c := p.Case
	for _, t := range p.Acts {
		switch t.Name {
		case enforcement.ActFile:
			var err error
			if p.Officers, err = s.unitOfficers(ctx, c.UnitID, nil); err != nil {
				return err
			}
		case enforcement.ActNotify, enforcement.ActDecide:
			day := s.today()
			if c.ViolationOn != nil {
				day = *c.ViolationOn
			}
			if b, ok, err := s.store.BenchmarkInForce(ctx, c.MatterID, day); err != nil {
				return err
			} else if ok {
				p.Benchmark = &b
			}
		}
	}
	return nil
}

// actFromForm reads an act's fields from the case page's form.
func actFromForm(r *http.Request) (enforcement.Act, error) {
	var f apperr.Fields
	a := enforcement.Act{Name: r.FormValue("action"), Version: int(formInt(r, "version")), Reason: strings.TrimSpace(r.FormValue("reason")),
		OfficerIDs: officerIDsOf(r), ViolationType: r.FormValue("violation_type"), Facts: r.FormValue("facts"),
		EvidenceSummary: r.FormValue("evidence_summary"), TierID: formInt(r, "tier_id"),
		NoticeKinds: strings.Join(r.Form["notice_kinds"], ","), DeviationReason: r.FormValue("deviation_reason"),
		CollectiveRequired: r.FormValue("collective_required") == "1", PenaltyKinds: strings.Join(r.Form["penalty_kinds"], ","),
		LicenceAffected: r.FormValue("licence_affected"), Basis: r.FormValue("basis"), NoPenaltyReason: r.FormValue("no_penalty_reason"),
		PartyPresent: r.FormValue("party_present") == "1", DeliveryMethod: r.FormValue("delivery_method"),
		ElectronicConsent: r.FormValue("electronic_consent") == "1"}
	if d := formDate(r, "on", "日期", &f); d != nil {
		a.On = *d
	}
	a.ViolationOn = formDate(r, "violation_on", "违法行为发生日期", &f)
	a.HearingNoticeOn = formDate(r, "hearing_notice_on", "听证通知送达日期", &f)
	for _, m := range []struct {
		name, label string
		dst         *enforcement.Money
	}{{"amount_involved", "涉案金额", &a.AmountInvolved}, {"illegal_gains", "违法所得", &a.IllegalGains},
		{"notice_fine", "拟罚款金额", &a.NoticeFine}, {"notice_confiscation", "拟没收金额", &a.NoticeConfiscation},
		{"fine", "罚款金额", &a.Fine}, {"confiscation", "没收金额", &a.Confiscation}, {"paid", "实缴金额", &a.Paid}} {
		*m.dst = formMoney(r, m.name, m.label, &f)
	}
	return a, f.Err()
}

func (s *Server) handleCaseAct(w http.ResponseWriter, r *http.Request) error {
	c, err := s.pathCase(r)
	if err != nil {
		return err
	}
	a, err := actFromForm(r)
	if err == nil {
		err = a.Validate()
	}
	if err == nil {
		err = mustHandle(actorOf(r), c.UnitID)
	}
	var next enforcement.Case
	if err == nil {
		next, err = s.store.ActOnCase(r.Context(), actorOf(r), c.ID, a)
	}
	if err != nil {
		if fresh, ferr := s.store.Case(r.Context(), c.ID); ferr == nil {
			c = fresh
		}
		return s.caseShow(w, r, c, a.Name, err)
	}
	t, _ := enforcement.DefinitionOf(c.Procedure).Transition(a.Name)
	flash(w, fmt.Sprintf("已办理“%s”，案件现为“%s”", t.Label, next.StateLabel))
	http.Redirect(w, r, fmt.Sprintf("/cases/%d", c.ID), http.StatusSeeOther)
	return nil
}

// caseWrite runs a case-file write for a handler of the case's unit and
// returns to the case page (with the error on it when refused).
func (s *Server) caseWrite(w http.ResponseWriter, r *http.Request, act, done string, write func(c enforcement.Case) error) error {
	c, err := s.pathCase(r)
	if err != nil {
		return err
	}
	err = write(c)
	if err == nil {
		err = mustHandle(actorOf(r), c.UnitID)
	}
	if err != nil {
		if apperr.KindOf(err) == apperr.Forbidden {
			return err
		}
		if fresh, ferr := s.store.Case(r.Context(), c.ID); ferr == nil {
			c = fresh
		}
		return s.caseShow(w, r, c, act, err)
	}
	flash(w, done)
	http.Redirect(w, r, fmt.Sprintf("/cases/%d#file", c.ID), http.StatusSeeOther)
	return nil
}

// validateThenHandle runs check (input validation) and then the handler
// check, so bad input is reported before anything else and nothing is
// written by someone who may not.
func validateThenHandle(a account.Actor, unit int64, check error) error {
	if check != nil {
		return check
	}
	return mustHandle(a, unit)
}

func (s *Server) handleCaseRecord(w http.ResponseWriter, r *http.Request) error {
	return s.caseWrite(w, r, "record", "已登记案卷材料", func(c enforcement.Case) error {
		var f apperr.Fields
		rec := enforcement.CaseRecord{CaseID: c.ID, Kind: r.FormValue("kind"), Title: r.FormValue("title"), Detail: r.FormValue("detail")}
		if d := formDate(r, "on_date", "日期", &f); d != nil {
			rec.OnDate = *d
		}
		if err := f.Err(); err != nil {
			return err
		}
		if err := validateThenHandle(actorOf(r), c.UnitID, rec.Prepare()); err != nil {
			return err
		}
		return s.store.AddCaseRecord(r.Context(), actorOf(r).Audit(), &rec)
	})
}

func (s *Server) handleCasePreservation(w http.ResponseWriter, r *http.Request) error {
	return s.caseWrite(w, r, "preservation", "已作出先行登记保存处理决定", func(c enforcement.Case) error {
		var f apperr.Fields
		d := formDate(r, "on", "决定日期", &f)
		if d == nil && !f.Has("on") {
			f.Add("on", "决定日期", "必填项为空")
		}
		if err := validateThenHandle(actorOf(r), c.UnitID, f.Err()); err != nil {
			return err
		}
		return s.store.DecidePreservation(r.Context(), actorOf(r).Audit(), c.ID, formInt(r, "record_id"), *d, r.FormValue("decision"))
	})
}

func (s *Server) handleCaseNote(w http.ResponseWriter, r *http.Request) error {
	return s.caseWrite(w, r, "note", "已登记", func(c enforcement.Case) error {
		var f apperr.Fields
		n := store.CaseNote{CaseID: c.ID, Version: int(formInt(r, "case_version")), Note: r.FormValue("note")}
		if d := formDate(r, "on", "日期", &f); d != nil {
			n.On = *d
		}
		kind := r.FormValue("kind")
		if kind != enforcement.RecDefence && kind != enforcement.RecCollective {
			f.Add("kind", "类别", "应为陈述申辩或集体讨论")
		}
		if err := validateThenHandle(actorOf(r), c.UnitID, f.Err()); err != nil {
			return err
		}
		var err error
		if kind == enforcement.RecDefence {
			_, err = s.store.RecordDefence(r.Context(), actorOf(r).Audit(), n)
		} else {
			_, err = s.store.RecordCollective(r.Context(), actorOf(r).Audit(), n)
		}
		return err
	})
}

func (s *Server) handleCasePeriod(w http.ResponseWriter, r *http.Request) error {
	return s.caseWrite(w, r, "period", "已登记期间，处罚决定期限已重新计算", func(c enforcement.Case) error {
		var f apperr.Fields
		if id := formInt(r, "period_id"); id != 0 {
			to := formDate(r, "to", "结束日期", &f)
			if to == nil && !f.Has("to") {
				f.Add("to", "结束日期", "必填项为空")
			}
			if err := validateThenHandle(actorOf(r), c.UnitID, f.Err()); err != nil {
				return err
			}
			return s.store.EndCasePause(r.Context(), actorOf(r).Audit(), c.ID, id, *to)
		}
		p := enforcement.Period{CaseID: c.ID, RuleKey: r.FormValue("rule_key"), Reason: r.FormValue("reason"), Days: int(formInt(r, "days"))}
		if d := formDate(r, "from", "起始日期", &f); d != nil {
			p.From = *d
		} else if !f.Has("from") {
			f.Add("from", "起始日期", "必填项为空")
		}
		f.Required("reason", "理由", p.Reason)
		p.To = formDate(r, "to", "结束日期", &f)
		if err := validateThenHandle(actorOf(r), c.UnitID, f.Err()); err != nil {
			return err
		}
		return s.store.AddCasePeriod(r.Context(), actorOf(r).Audit(), &p)
	})
}

func (s *Server) handleCasePayment(w http.ResponseWriter, r *http.Request) error {
	return s.caseWrite(w, r, "payment", "已批准暂缓或分期缴纳", func(c enforcement.Case) error {
		var f apperr.Fields
		t := store.PaymentTerms{CaseID: c.ID, Version: int(formInt(r, "case_version")), Instalments: int(formInt(r, "instalments")),
			Reason: strings.TrimSpace(r.FormValue("reason")), On: s.today()}
		t.DeferredUntil = formDate(r, "deferred_until", "暂缓至", &f)
		f.Required("reason", "理由", t.Reason)
		if err := validateThenHandle(actorOf(r), c.UnitID, f.Err()); err != nil {
			return err
		}
		_, err := s.store.SetPaymentTerms(r.Context(), actorOf(r).Audit(), t)
		return err
	})
}

// ---------- case file and documents ----------

type caseFilePage struct {
	basePage
	Case      enforcement.Case
	Records   []enforcement.CaseRecord
	Periods   []enforcement.Period
	Timers    []store.Timer
	Flags     []enforcement.Flag
	Documents []caseDocument
}

// caseDocument is a document the platform generates for a case.
type caseDocument struct {
	Title, Href, Note string
}

func caseDocuments(c enforcement.Case) []caseDocument {
	var out []caseDocument
	if c.NoticeOn != nil && c.FilingNumber != "" {
		out = append(out, caseDocument{"行政处罚事先告知书", fmt.Sprintf("/cases/%d/notice.pdf", c.ID), "告知日期 " + c.NoticeOn.String()})
	}
	if c.Outcome == enforcement.Penalised && c.DecisionNumber != "" && c.Procedure == enforcement.Ordinary {
		out = append(out, caseDocument{"行政处罚决定书 " + c.DecisionNumber, fmt.Sprintf("/cases/%d/decision.pdf", c.ID), "决定日期 " + c.DecidedOn.String()})
	}
	return out
}

func (s *Server) handleCaseFile(w http.ResponseWriter, r *http.Request) error {
	c, err := s.pathCase(r)
	if err != nil {
		return err
	}
	ctx := r.Context()
	p := &caseFilePage{Case: c, Documents: caseDocuments(c)}
	if p.Records, err = s.store.CaseRecords(ctx, c.ID); err != nil {
		return err
	}
	if p.Periods, err = s.store.CasePeriods(ctx, c.ID); err != nil {
		return err
	}
	if p.Timers, err = s.caseTimers(ctx, c); err != nil {
		return err
	}
	if p.Flags, _, err = s.store.Flags(ctx, store.FlagFilter{CaseID: c.ID, Page: store.Page{Limit: 100}}); err != nil {
		return err
	}
	s.render(w, r, "enf_case_file", p)
	return nil
}

// casePDF serves a generated document of a case.
func (s *Server) casePDF(w http.ResponseWriter, r *http.Request, name string, ready func(c enforcement.Case) bool,
	build func(c enforcement.Case, m enforcement.Matter, x enforcement.DocContext) []byte) error {
	c, err := s.pathCase(r)
	if err != nil {
		return err
	}
	if !ready(c) {
		return apperr.New(apperr.NotFound, "本案尚未形成"+name)
	}
	m, err := s.store.Matter(r.Context(), c.MatterID)
	if err != nil {
		return err
	}
	on := s.today()
	if c.DecidedOn != nil {
		on = *c.DecidedOn
	} else if c.NoticeOn != nil {
		on = *c.NoticeOn
	}
	x, err := s.store.CaseDocContext(r.Context(), c, on)
	if err != nil {
		return err
	}
	w.Header().Set("Content-Type", "application/pdf")
	w.Header().Set("Content-Disposition", "inline; filename*=UTF-8''"+strings.ReplaceAll(name, " ", "")+".pdf")
	w.Write(build(c, m, x))
	return nil
}

func (s *Server) handleDecisionPDF(w http.ResponseWriter, r *http.Request) error {
	return s.casePDF(w, r, "行政处罚决定书", func(c enforcement.Case) bool {
		return c.Outcome == enforcement.Penalised && c.DecisionNumber != "" && c.Procedure == enforcement.Ordinary
	}, enforcement.DecisionPDF)
}

func (s *Server) handleNoticePDF(w http.ResponseWriter, r *http.Request) error {
	return s.casePDF(w, r, "行政处罚事先告知书", func(c enforcement.Case) bool { return c.NoticeOn != nil && c.FilingNumber != "" },
		enforcement.NoticePDF)
}
