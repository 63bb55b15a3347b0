package web

// The enforcement JSON API under /api/v1 (seed measure 4): what the
// pages do, over the same access checks. Amounts are in fen (分).

import (
	"net/http"

	"fazhi/internal/apperr"
	"fazhi/internal/calendar"
	"fazhi/internal/enforcement"
	"fazhi/internal/store"
)

// ---------- matters and benchmarks ----------

func (s *Server) apiMatterList(w http.ResponseWriter, r *http.Request) error {
	f := matterFilterOf(r)
	matters, total, err := s.store.Matters(r.Context(), f)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, list[enforcement.Matter]{items(matters), total, f.Page.Limit, f.Page.Offset})
}

func (s *Server) apiMatterShow(w http.ResponseWriter, r *http.Request) error {
	m, err := s.visibleMatter(r)
	if err != nil {
		return err
	}
	versions, _, err := s.store.Benchmarks(r.Context(), store.BenchmarkFilter{MatterID: m.ID,
		Published: !actorOf(r).CanViewUnitRecords(m.UnitID), Page: store.Page{Limit: 100}})
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, map[string]any{"matter": m, "benchmarks": items(versions)})
}

func (s *Server) apiMatterCreate(w http.ResponseWriter, r *http.Request) error {
	var m enforcement.Matter
	if err := decode(r, &m); err != nil {
		return err
	}
	m.ID = 0
	if err := checkUnitEdit(actorOf(r), m.UnitID); err != nil {
		return err
	}
	if err := s.store.SaveMatter(r.Context(), actorOf(r).Audit(), &m, ""); err != nil {
		return err
	}
	return writeJSON(w, http.StatusCreated, m)
}

func (s *Server) apiMatterUpdate(w http.ResponseWriter, r *http.Request) error {
	old, err := s.editableMatter(r)
	if err != nil {
		return err
	}
	var in struct {
		enforcement.Matter
		Reason string `json:"reason"`
	}
	if err := decode(r, &in); err != nil {
		return err
	}
	m := in.Matter
	m.ID = old.ID
	if err := checkUnitEdit(actorOf(r), m.UnitID); err != nil {
		return err
	}
	if err := s.store.SaveMatter(r.Context(), actorOf(r).Audit(), &m, in.Reason); err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, m)
}

func (s *Server) apiBenchmarkList(w http.ResponseWriter, r *http.Request) error {
	f, _, _ := s.benchmarkFilterOf(r)
	list_, total, err := s.store.Benchmarks(r.Context(), f)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, list[enforcement.Benchmark]{items(list_), total, f.Page.Limit, f.Page.Offset})
}

func (s *Server) apiBenchmarkShow(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	b, err := s.store.Benchmark(r.Context(), id)
	if err != nil {
		return err
	}
	m, err := s.store.Matter(r.Context(), b.MatterID)
	if err != nil {
		return err
	}
	if (!b.Published || !m.Published) && !actorOf(r).CanViewUnitRecords(m.UnitID) {
		return apperr.New(apperr.NotFound, "裁量基准不存在或尚未公布")
	}
	return writeJSON(w, http.StatusOK, b)
}

func (s *Server) apiBenchmarkCreate(w http.ResponseWriter, r *http.Request) error {
	var b enforcement.Benchmark
	if err := decode(r, &b); err != nil {
		return err
	}
	b.ID, b.Version = 0, 0
	if m, err := s.store.Matter(r.Context(), b.MatterID); err == nil {
		if err := checkUnitEdit(actorOf(r), m.UnitID); err != nil {
			return err
		}
	}
	if err := s.store.CreateBenchmark(r.Context(), actorOf(r).Audit(), &b); err != nil {
		return err
	}
	return writeJSON(w, http.StatusCreated, b)
}

// ---------- cases ----------

func (s *Server) apiCaseList(w http.ResponseWriter, r *http.Request) error {
	f, _, err := s.caseFilterOf(r)
	if err != nil {
		return err
	}
	cases, total, err := s.store.Cases(r.Context(), f)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, list[enforcement.Case]{items(cases), total, f.Page.Limit, f.Page.Offset})
}

// caseInput is what the API accepts to register a case or decide one on
// the spot.
type caseInput struct {
	MatterID       int64             `json:"matter_id"`
	Source         string            `json:"source"`
	SourceOn       calendar.Date     `json:"source_on"`
	SourceNote     string            `json:"source_note"`
	Party          enforcement.Party `json:"party"`
	Facts          string            `json:"facts"`
	ViolationOn    *calendar.Date    `json:"violation_on"`
	AmountInvolved enforcement.Money `json:"amount_involved"`
	DecidedOn      *calendar.Date    `json:"decided_on"`
	PenaltyKinds   string            `json:"penalty_kinds"`
	Fine           enforcement.Money `json:"fine"`
	Basis          string            `json:"basis"`
	CashCollected  bool              `json:"cash_collected"`
	OfficerIDs     []int64           `json:"officer_ids"`
}

func (in caseInput) toCase(unit int64) enforcement.Case {
	return enforcement.Case{UnitID: unit, MatterID: in.MatterID, Source: in.Source, SourceOn: in.SourceOn, SourceNote: in.SourceNote,
		Party: in.Party, Facts: in.Facts, ViolationOn: in.ViolationOn, AmountInvolved: in.AmountInvolved, DecidedOn: in.DecidedOn,
		PenaltyKinds: in.PenaltyKinds, Fine: in.Fine, Basis: in.Basis, CashCollected: in.CashCollected}
}

func (s *Server) apiCaseCreate(w http.ResponseWriter, r *http.Request) error {
	var in caseInput
	if err := decode(r, &in); err != nil {
		return err
	}
	a := actorOf(r)
	c := in.toCase(a.UnitID)
	if err := validateThenHandle(a, c.UnitID, c.PrepareRegistration()); err != nil {
		return err
	}
	if err := s.store.RegisterCase(r.Context(), a.Audit(), &c); err != nil {
		return err
	}
	return writeJSON(w, http.StatusCreated, c)
}

func (s *Server) apiSimpleCreate(w http.ResponseWriter, r *http.Request) error {
	var in caseInput
	if err := decode(r, &in); err != nil {
		return err
	}
	a := actorOf(r)
	c := in.toCase(a.UnitID)
	if err := validateThenHandle(a, c.UnitID, c.PrepareRegistration()); err != nil {
		return err
	}
	if err := s.store.DecideOnTheSpot(r.Context(), a.Audit(), &c, in.OfficerIDs); err != nil {
		return err
	}
	return writeJSON(w, http.StatusCreated, c)
}

// caseView is a case as the API shows it: with its clocks and the acts
// the viewer may take.
type caseView struct {
	Case           enforcement.Case `json:"case"`
	Timers         []store.Timer    `json:"timers"`
	Actions        []caseActionView `json:"actions"`
	ReviewReasons  []string         `json:"review_reasons"`
	DocumentsLinks []caseDocument   `json:"documents"`
}

type caseActionView struct {
	Name  string `json:"name"`
	Label string `json:"label"`
}

func (s *Server) apiCaseShow(w http.ResponseWriter, r *http.Request) error {
	c, err := s.pathCase(r)
	if err != nil {
		return err
	}
	v := caseView{Case: c, ReviewReasons: items(enforcement.ReviewReasons(c)), DocumentsLinks: items(caseDocuments(c)), Actions: []caseActionView{}}
	if v.Timers, err = s.caseTimers(r.Context(), c); err != nil {
		return err
	}
	v.Timers = items(v.Timers)
	if a := actorOf(r); canHandle(a, c.UnitID) {
		it, err := s.store.Item(r.Context(), enforcement.RecordKind, c.ID)
		if err != nil {
			return err
		}
		for _, t := range enforcement.DefinitionOf(c.Procedure).Available(it, a) {
			v.Actions = append(v.Actions, caseActionView{t.Name, t.Label})
		}
	}
	return writeJSON(w, http.StatusOK, v)
}

func (s *Server) apiCaseAct(w http.ResponseWriter, r *http.Request) error {
	c, err := s.pathCase(r)
	if err != nil {
		return err
	}
	var a enforcement.Act
	if err := decode(r, &a); err != nil {
		return err
	}
	if err := validateThenHandle(actorOf(r), c.UnitID, a.Validate()); err != nil {
		return err
	}
	next, err := s.store.ActOnCase(r.Context(), actorOf(r), c.ID, a)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, next)
}

func (s *Server) apiCaseFile(w http.ResponseWriter, r *http.Request) error {
	c, err := s.pathCase(r)
	if err != nil {
		return err
	}
	ctx := r.Context()
	records, err := s.store.CaseRecords(ctx, c.ID)
	if err != nil {
		return err
	}
	periods, err := s.store.CasePeriods(ctx, c.ID)
	if err != nil {
		return err
	}
	flags, _, err := s.store.Flags(ctx, store.FlagFilter{CaseID: c.ID, Page: store.Page{Limit: 100}})
	if err != nil {
		return err
	}
	timers, err := s.caseTimers(ctx, c)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, map[string]any{"case_id": c.ID, "records": items(records), "periods": items(periods),
		"flags": items(flags), "timers": items(timers), "documents": items(caseDocuments(c))})
}

func (s *Server) apiCaseRecord(w http.ResponseWriter, r *http.Request) error {
	c, err := s.pathCase(r)
	if err != nil {
		return err
	}
	var rec enforcement.CaseRecord
	if err := decode(r, &rec); err != nil {
		return err
	}
	rec.ID, rec.CaseID, rec.DecidedOn = 0, c.ID, nil
	if err := validateThenHandle(actorOf(r), c.UnitID, rec.Prepare()); err != nil {
		return err
	}
	if err := s.store.AddCaseRecord(r.Context(), actorOf(r).Audit(), &rec); err != nil {
		return err
	}
	return writeJSON(w, http.StatusCreated, rec)
}

func (s *Server) apiCasePeriod(w http.ResponseWriter, r *http.Request) error {
	c, err := s.pathCase(r)
	if err != nil {
		return err
	}
	var p enforcement.Period
	if err := decode(r, &p); err != nil {
		return err
	}
	p.ID, p.CaseID = 0, c.ID
	var check error
	if p.RuleKey == "" {
		var f apperr.Fields
		f.Add("rule_key", "依据", "请选择规则表允许的延长或不计入期限的情形")
		check = f.Err()
	}
	if err := validateThenHandle(actorOf(r), c.UnitID, check); err != nil {
		return err
	}
	if err := s.store.AddCasePeriod(r.Context(), actorOf(r).Audit(), &p); err != nil {
		return err
	}
	return writeJSON(w, http.StatusCreated, p)
}

func (s *Server) apiCasePreservation(w http.ResponseWriter, r *http.Request) error {
	c, err := s.pathCase(r)
	if err != nil {
		return err
	}
	var in struct {
		RecordID int64         `json:"record_id"`
		On       calendar.Date `json:"on"`
		Decision string        `json:"decision"`
	}
	if err := decode(r, &in); err != nil {
		return err
	}
	var f apperr.Fields
	if in.On.IsZero() {
		f.Add("on", "决定日期", "必填项为空")
	}
	f.Required("decision", "处理决定", in.Decision)
	if err := validateThenHandle(actorOf(r), c.UnitID, f.Err()); err != nil {
		return err
	}
	if err := s.store.DecidePreservation(r.Context(), actorOf(r).Audit(), c.ID, in.RecordID, in.On, in.Decision); err != nil {
		return err
	}
	return s.apiCaseFile(w, r)
}

func (s *Server) apiCaseNote(w http.ResponseWriter, r *http.Request) error {
	c, err := s.pathCase(r)
	if err != nil {
		return err
	}
	var in struct {
		Kind    string        `json:"kind"`
		On      calendar.Date `json:"on"`
		Note    string        `json:"note"`
		Version int           `json:"version"`
	}
	if err := decode(r, &in); err != nil {
		return err
	}
	var f apperr.Fields
	if in.Kind != enforcement.RecDefence && in.Kind != enforcement.RecCollective {
		f.Add("kind", "类别", "应为 defence（陈述申辩）或 collective（集体讨论）")
	}
	if err := validateThenHandle(actorOf(r), c.UnitID, f.Err()); err != nil {
		return err
	}
	n := store.CaseNote{CaseID: c.ID, Version: in.Version, On: in.On, Note: in.Note}
	var next enforcement.Case
	if in.Kind == enforcement.RecDefence {
		next, err = s.store.RecordDefence(r.Context(), actorOf(r).Audit(), n)
	} else {
		next, err = s.store.RecordCollective(r.Context(), actorOf(r).Audit(), n)
	}
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, next)
}

func (s *Server) apiCasePayment(w http.ResponseWriter, r *http.Request) error {
	c, err := s.pathCase(r)
	if err != nil {
		return err
	}
	var in struct {
		DeferredUntil *calendar.Date `json:"deferred_until"`
		Instalments   int            `json:"instalments"`
		Reason        string         `json:"reason"`
		Version       int            `json:"version"`
	}
	if err := decode(r, &in); err != nil {
		return err
	}
	var f apperr.Fields
	f.Required("reason", "理由", in.Reason)
	if err := validateThenHandle(actorOf(r), c.UnitID, f.Err()); err != nil {
		return err
	}
	next, err := s.store.SetPaymentTerms(r.Context(), actorOf(r).Audit(), store.PaymentTerms{CaseID: c.ID, Version: in.Version,
		DeferredUntil: in.DeferredUntil, Instalments: in.Instalments, On: s.today(), Reason: in.Reason})
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, next)
}

func (s *Server) apiCaseDisclosure(w http.ResponseWriter, r *http.Request) error {
	c, err := s.pathCase(r)
	if err != nil {
		return err
	}
	d, err := s.store.CaseDisclosureData(r.Context(), c.ID)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, d)
}

func (s *Server) apiCaseStats(w http.ResponseWriter, r *http.Request) error {
	f, err := s.caseStatsFilter(r)
	if err != nil {
		return err
	}
	st, err := s.store.CaseStatistics(r.Context(), f)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, map[string]any{"from": f.From, "to": f.To, "stats": st,
		"on_time_rate": st.Total.OnTimeRate(), "benchmark_share": st.Total.BenchmarkShare()})
}

// ---------- supervision ----------

func (s *Server) apiSupervision(w http.ResponseWriter, r *http.Request) error {
	a := actorOf(r)
	f := supervisionFilterOf(r)
	if !a.SeesAll() {
		f.UnitID = a.UnitID
	}
	if err := scopedUnit(a, f.UnitID); err != nil {
		return err
	}
	scope := a.Scope()
	if f.UnitID != 0 {
		scope = []int64{f.UnitID}
	}
	ctx := r.Context()
	units, err := s.store.SupervisionUnits(ctx, scope)
	if err != nil {
		return err
	}
	warnings, wTotal, err := s.store.CaseWarnings(ctx, store.CaseWarningFilter{UnitIDs: scope, Level: f.Level, Timer: f.Timer, Page: pageOf(r)})
	if err != nil {
		return err
	}
	ff := store.FlagFilter{UnitIDs: scope, Kind: f.Kind, Page: pageOf(r)}
	if f.Open != "all" {
		open := f.Open == "1"
		ff.Open = &open
	}
	flags, fTotal, err := s.store.Flags(ctx, ff)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, map[string]any{"units": items(units), "warnings": items(warnings), "warnings_total": wTotal,
		"flags": items(flags), "flags_total": fTotal})
}

func (s *Server) apiFlagClear(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	var in struct {
		Version int    `json:"version"`
		Note    string `json:"note"`
	}
	if err := decode(r, &in); err != nil {
		return err
	}
	if err := s.store.ClearFlag(r.Context(), actorOf(r).Audit(), id, in.Version, s.today(), in.Note); err != nil {
		return err
	}
	f, err := s.store.Flag(r.Context(), id)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, f)
}
