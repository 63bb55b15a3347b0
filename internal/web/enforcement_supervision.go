package web

// Real-time supervision of penalty cases and their statistics (seed
// measure 4): for the legal affairs office, every unit's open warnings
// and flags with filters and counts; for a unit, its own dashboard.

import (
	"net/http"
	"strconv"

	"fazhi/internal/apperr"
	"fazhi/internal/calendar"
	"fazhi/internal/enforcement"
	"fazhi/internal/org"
	"fazhi/internal/store"
)

type supervisionPage struct {
	basePage
	Units    []store.SupervisionUnit
	Unit     *store.SupervisionUnit // one unit's dashboard
	Total    store.SupervisionUnit
	Warnings []store.CaseWarning
	WarnPage pager
	Flags    []enforcement.Flag
	FlagPage pager
	Kinds    []enforcement.Option
	Timers   []kindOption
	Filter   supervisionFilter
	Stats    *store.CaseStatRow // the unit's figures this year
	CanClear bool
}

// supervisionFilter is the page's filter.
type supervisionFilter struct {
	UnitID int64
	Kind   string // a flag kind, or "warnings" for timer warnings only
	Level  string
	Timer  string
	Open   string // "1" open (default), "0" cleared, "all"
}

func supervisionFilterOf(r *http.Request) supervisionFilter {
	q := r.URL.Query()
	f := supervisionFilter{UnitID: queryInt(r, "unit_id"), Kind: q.Get("kind"), Level: q.Get("level"), Timer: q.Get("timer"), Open: q.Get("open")}
	if f.Open == "" {
		f.Open = "1"
	}
	if f.Level != store.Yellow && f.Level != store.Red {
		f.Level = ""
	}
	return f
}

func (s *Server) handleSupervision(w http.ResponseWriter, r *http.Request) error {
	a := actorOf(r)
	f := supervisionFilterOf(r)
	if !a.SeesAll() {
		f.UnitID = a.UnitID
	}
	return s.supervision(w, r, f)
}

func (s *Server) handleSupervisionUnit(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	if !actorOf(r).CanViewUnitRecords(id) {
		return apperr.New(apperr.NotFound, "单位不存在或您无权查看其监督信息")
	}
	f := supervisionFilterOf(r)
	f.UnitID = id
	return s.supervision(w, r, f)
}

func (s *Server) supervision(w http.ResponseWriter, r *http.Request, f supervisionFilter) error {
	ctx := r.Context()
	a := actorOf(r)
	if err := scopedUnit(a, f.UnitID); err != nil {
		return err
	}
	p := &supervisionPage{Filter: f, Kinds: enforcement.FlagKinds, CanClear: a.CanManageUnits()}
	for _, t := range enforcement.OrdinaryProcedure.Timers {
		p.Timers = append(p.Timers, kindOption{t.Name, t.Label})
	}
	scope := a.Scope()
	if f.UnitID != 0 {
		scope = []int64{f.UnitID}
	}
	var err error
	if p.Units, err = s.store.SupervisionUnits(ctx, scope); err != nil {
		return err
	}
	for _, u := range p.Units {
		p.Total.Yellow += u.Yellow
		p.Total.Red += u.Red
		p.Total.Open += u.Open
		if p.Total.Flags == nil {
			p.Total.Flags = map[string]int{}
		}
		for k, v := range u.Flags {
			p.Total.Flags[k] += v
		}
	}
	if f.UnitID != 0 && len(p.Units) == 1 {
		p.Unit = &p.Units[0]
		today := s.today()
		st, err := s.store.CaseStatistics(ctx, store.CaseStatsFilter{UnitIDs: scope, From: calendar.Date{Year: today.Year, Month: 1, Day: 1}, To: today})
		if err != nil {
			return err
		}
		p.Stats = &st.Total
	}
	if f.Kind == "" || f.Kind == "warnings" {
		wf := store.CaseWarningFilter{UnitIDs: scope, Level: f.Level, Timer: f.Timer, Page: pageOf(r)}
		var total int
		if p.Warnings, total, err = s.store.CaseWarnings(ctx, wf); err != nil {
			return err
		}
		p.WarnPage = newPager(r, wf.Page, total)
	}
	if f.Kind != "warnings" {
		ff := store.FlagFilter{UnitIDs: scope, Kind: f.Kind, Page: pageOf(r)}
		if f.Open != "all" {
			open := f.Open == "1"
			ff.Open = &open
		}
		if r.URL.Query().Get("format") != "" {
			return s.exportFlags(w, r, ff)
		}
		var total int
		if p.Flags, total, err = s.store.Flags(ctx, ff); err != nil {
			return err
		}
		p.FlagPage = newPager(r, ff.Page, total)
	}
	s.render(w, r, "enf_supervision", p)
	return nil
}

func (s *Server) exportFlags(w http.ResponseWriter, r *http.Request, f store.FlagFilter) error {
	all, err := store.Collect(func(p store.Page) ([]enforcement.Flag, int, error) {
		f.Page = p
		return s.store.Flags(r.Context(), f)
	})
	if err != nil {
		return err
	}
	rows := make([][]string, len(all))
	for i, fl := range all {
		cleared := ""
		if fl.ClearedOn != nil {
			cleared = fl.ClearedOn.String()
		}
		rows[i] = []string{fl.RaisedOn.String(), fl.UnitName, fl.CaseTitle, fl.KindLabel, fl.Message, fl.Citation, fl.ActorName, cleared, fl.ClearNote}
	}
	return writeTable(w, r.URL.Query().Get("format"), "执法监督事项", []string{"发现日期", "执法单位", "案件", "类别", "情况", "依据",
		"操作人", "处理日期", "处理意见"}, rows)
}

func (s *Server) handleFlagClear(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	fl, err := s.store.Flag(r.Context(), id)
	if err != nil {
		return err
	}
	if err := s.store.ClearFlag(r.Context(), actorOf(r).Audit(), id, int(formInt(r, "version")), s.today(), r.FormValue("note")); err != nil {
		if apperr.KindOf(err) == apperr.Invalid || apperr.KindOf(err) == apperr.Conflict {
			flash(w, "未能处理："+apperr.Message(err))
			http.Redirect(w, r, "/supervision?unit_id="+strconv.FormatInt(fl.UnitID, 10), http.StatusSeeOther)
			return nil
		}
		return err
	}
	flash(w, "已处理监督事项："+fl.KindLabel)
	http.Redirect(w, r, "/supervision?unit_id="+strconv.FormatInt(fl.UnitID, 10), http.StatusSeeOther)
	return nil
}

// ---------- statistics ----------

type caseStatsPage struct {
	basePage
	Stats  store.CaseStats
	Units  []org.Unit
	UnitID int64
	From   string
	To     string
	Query  string
}

func (s *Server) caseStatsFilter(r *http.Request) (store.CaseStatsFilter, error) {
	a := actorOf(r)
	today := s.today()
	f := store.CaseStatsFilter{UnitIDs: a.Scope(), UnitID: queryInt(r, "unit_id"), From: calendar.Date{Year: today.Year, Month: 1, Day: 1}, To: today}
	var e apperr.Fields
	if d := formDate(r, "from", "起始日期", &e); d != nil {
		f.From = *d
	}
	if d := formDate(r, "to", "截止日期", &e); d != nil {
		f.To = *d
	}
	if f.To.Before(f.From) {
		e.Add("to", "截止日期", "不能早于起始日期")
	}
	if err := scopedUnit(a, f.UnitID); err != nil {
		return f, err
	}
	return f, e.Err()
}

func (s *Server) handleCaseStats(w http.ResponseWriter, r *http.Request) error {
	f, err := s.caseStatsFilter(r)
	if err != nil {
		return err
	}
	st, err := s.store.CaseStatistics(r.Context(), f)
	if err != nil {
		return err
	}
	if format := r.URL.Query().Get("format"); format != "" {
		return exportCaseStats(w, format, st)
	}
	p := &caseStatsPage{Stats: st, UnitID: f.UnitID, From: f.From.String(), To: f.To.String(), Query: r.URL.RawQuery}
	if p.Units, err = s.enforcementUnits(r); err != nil {
		return err
	}
	s.render(w, r, "enf_stats", p)
	return nil
}

func caseStatRow(r store.CaseStatRow) []string {
	n := strconv.Itoa
	return []string{r.UnitName, n(r.Registered), n(r.Filed), n(r.Simple), n(r.Open), n(r.Decisions), n(r.NoPenalty), n(r.Transferred),
		n(r.OnTime), n(r.Late), pct(r.OnTimeRate()), n(r.WithBenchmark), pct(r.BenchmarkShare()), n(r.Outside), r.Fines.Plain(),
		r.Confiscations.Plain(), n(r.WarningsRaised), n(r.WarningsCleared), n(r.FlagsRaised), n(r.FlagsCleared)}
}

func exportCaseStats(w http.ResponseWriter, format string, st store.CaseStats) error {
	rows := make([][]string, 0, len(st.Units)+1)
	for _, u := range st.Units {
		rows = append(rows, caseStatRow(u))
	}
	rows = append(rows, caseStatRow(st.Total))
	return writeTable(w, format, "行政处罚案件统计", []string{"执法单位", "登记案件", "立案", "简易程序", "办理中", "作出处罚决定", "不予处罚",
		"移送司法机关", "按期决定", "超期决定", "按期率", "适用裁量基准", "适用裁量基准比例", "超出裁量基准", "罚款（元）", "没收（元）",
		"期限预警", "预警已解除", "监督事项", "监督事项已处理"}, rows)
}
