package web

// Annual reviews (年审) and the anomaly clean-up (异常数据清理).

import (
	"cmp"
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"fazhi/internal/apperr"
	"fazhi/internal/calendar"
	"fazhi/internal/certificate"
	"fazhi/internal/org"
	"fazhi/internal/store"
)

// ---------- annual reviews ----------

type reviewRow struct {
	store.AnnualReview
	UnitName string
}

type reviewPage struct {
	basePage
	Reviews  []reviewRow
	Filter   store.ReviewFilter
	Units    []org.Unit // filter choices
	RunUnits []org.Unit // units whose batch the actor may run
	Years    []int
	Pager    pager
	Run      reviewRun
	formState
}

// reviewRun is the batch form's values.
type reviewRun struct {
	UnitID int64
	Year   int
	Batch  string
	On     string
}

func reviewFilterOf(r *http.Request, today calendar.Date) (store.ReviewFilter, error) {
	a := actorOf(r)
	f := store.ReviewFilter{Year: queryYear(r, today.Year), UnitID: queryInt(r, "unit_id"), UnitIDs: a.Scope(),
		Failed: r.URL.Query().Get("failed") == "1", Page: pageOf(r)}
	if r.URL.Query().Get("year") == "all" {
		f.Year = 0
	}
	return f, scopedUnit(a, f.UnitID)
}

// years lists the years a picker offers: next year back to 2010.
func years(today calendar.Date) []int {
	var out []int
	for y := today.Year + 1; y >= 2010; y-- {
		out = append(out, y)
	}
	return out
}

func (s *Server) handleReviewList(w http.ResponseWriter, r *http.Request) error {
	today := s.today()
	f, err := reviewFilterOf(r, today)
	if err != nil {
		return err
	}
	run := reviewRun{UnitID: f.UnitID, Year: today.Year, On: today.String()}
	if f.Year != 0 {
		run.Year = f.Year
	}
	return s.reviewList(w, r, f, run, nil)
}

func (s *Server) reviewList(w http.ResponseWriter, r *http.Request, f store.ReviewFilter, run reviewRun, ferr error) error {
	ctx := r.Context()
	if format := r.URL.Query().Get("format"); format != "" && ferr == nil {
		return s.exportReviews(w, r, f, format)
	}
	p := &reviewPage{Filter: f, Run: run, Years: years(s.today())}
	if ferr != nil {
		if err := p.fail(w, ferr); err != nil {
			return err
		}
	}
	reviews, total, err := s.store.AnnualReviews(ctx, f)
	if err != nil {
		return err
	}
	names, err := s.unitNames(r)
	if err != nil {
		return err
	}
	for _, rv := range reviews {
		p.Reviews = append(p.Reviews, reviewRow{rv, names[rv.UnitID]})
	}
	p.Pager = newPager(r, f.Page, total)
	if p.Units, err = s.enforcementUnits(r); err != nil {
		return err
	}
	if p.RunUnits, err = s.editableUnits(r); err != nil {
		return err
	}
	s.render(w, r, "cert_review", p)
	return nil
}

func (s *Server) exportReviews(w http.ResponseWriter, r *http.Request, f store.ReviewFilter, format string) error {
	names, err := s.unitNames(r)
	if err != nil {
		return err
	}
	var rows [][]string
	for offset := 0; offset < exportLimit; offset += 500 {
		f.Page = store.Page{Limit: 500, Offset: offset}
		page, total, err := s.store.AnnualReviews(r.Context(), f)
		if err != nil {
			return err
		}
		for _, rv := range page {
			rows = append(rows, []string{strconv.Itoa(rv.Year), names[rv.UnitID], rv.Batch, rv.Number, rv.HolderName,
				yesNo(rv.InUnit), yesNo(rv.EnforcementPost), fmt.Sprintf("%d/%d", rv.TrainingHours, rv.TrainingMin),
				yesNo(rv.CleanRecord), yesNo(rv.ParticularsUnchanged), passLabel(rv.Passed), rv.Notes, rv.ReviewedOn.String()})
		}
		if len(page) < 500 || offset+500 >= total {
			break
		}
	}
	return writeTable(w, format, "年审结果", []string{"年度", "执法单位", "批次", "证件编号", "持证人", "在发证单位在岗", "在执法岗位",
		"培训学时/最低学时", "无处分或刑事处罚", "记载事项未变化", "年审结论", "未通过事项", "年审日期"}, rows)
}

func passLabel(ok bool) string {
	if ok {
		return "通过"
	}
	return "未通过"
}

func (s *Server) handleReviewRun(w http.ResponseWriter, r *http.Request) error {
	today := s.today()
	a := actorOf(r)
	run := reviewRun{UnitID: formInt(r, "unit_id"), Batch: strings.TrimSpace(r.FormValue("batch")), On: r.FormValue("on")}
	var f apperr.Fields
	if run.UnitID == 0 {
		f.Add("unit_id", "执法单位", "请选择要年审的单位")
	} else if !a.CanEditUnitRecords(run.UnitID) {
		f.Add("unit_id", "执法单位", "您只能为本单位办理年审")
	}
	y, err := strconv.Atoi(strings.TrimSpace(r.FormValue("year")))
	if err != nil || y < 2000 || y > 2100 {
		f.Add("year", "年审年度", "应为四位年份")
	}
	run.Year = y
	on := today
	if d := formDate(r, "on", "年审日期", &f); d != nil {
		on = *d
	}
	var done []store.AnnualReview
	err = f.Err()
	if err == nil {
		done, err = s.store.RunAnnualReview(r.Context(), a.Audit(), run.UnitID, run.Year, run.Batch, on)
	}
	if err != nil {
		fl := store.ReviewFilter{Year: run.Year, UnitIDs: a.Scope(), Page: store.Page{Limit: 50}}
		if a.CanViewUnitRecords(run.UnitID) {
			fl.UnitID = run.UnitID
		}
		return s.reviewList(w, r, fl, run, err)
	}
	failed := 0
	for _, d := range done {
		if !d.Passed {
			failed++
		}
	}
	switch {
	case len(done) == 0:
		flash(w, fmt.Sprintf("%d 年度没有待年审的有效证件（本单位证件均已年审，或当年新发证）", run.Year))
	case failed == 0:
		flash(w, fmt.Sprintf("已年审 %d 本证件，全部通过", len(done)))
	default:
		flash(w, fmt.Sprintf("已年审 %d 本证件，其中 %d 本未通过，请核对下表中标 ✗ 的事项", len(done), failed))
	}
	http.Redirect(w, r, fmt.Sprintf("/reviews?year=%d&unit_id=%d", run.Year, run.UnitID), http.StatusSeeOther)
	return nil
}

// ---------- anomalies ----------

type anomalyRow struct {
	store.Anomaly
	CanHandle  bool
	CanConfirm bool
}

type anomalyPage struct {
	basePage
	Anomalies   []anomalyRow
	ByRule      []store.CountRow
	ByUnit      []store.CountRow
	Filter      store.AnomalyFilter
	Units       []org.Unit
	Rules       []kindOption
	States      []kindOption
	Resolutions []kindOption
	Years       []int
	Pager       pager
	CanDetect   bool
	DetectYear  int
	FailedID    int64 // the anomaly whose form failed
	Input       anomalyInput
	Back        string // the list to return to after a form
	formState
}

// anomalyInput keeps what was typed into a failed handling form.
type anomalyInput struct {
	Resolution  string
	Explanation string
	Comment     string
}

func anomalyRules() []kindOption {
	out := make([]kindOption, len(certificate.Rules))
	for i, r := range certificate.Rules {
		out[i] = kindOption{string(r.Rule), r.Label}
	}
	return out
}

func anomalyStates() []kindOption {
	var out []kindOption
	for _, s := range []certificate.AnomalyState{certificate.Open, certificate.Handled, certificate.Confirmed} {
		out = append(out, kindOption{string(s), s.Label()})
	}
	return out
}

func resolutions() []kindOption {
	var out []kindOption
	for _, r := range []certificate.Resolution{certificate.Explained, certificate.CancelCert, certificate.Corrected} {
		out = append(out, kindOption{string(r), r.Label()})
	}
	return out
}

func anomalyFilterOf(r *http.Request) (store.AnomalyFilter, error) {
	a := actorOf(r)
	q := r.URL.Query()
	// Without a year, every year: an anomaly left open from an earlier year
	// still needs handling.
	f := store.AnomalyFilter{Year: queryYear(r, 0), UnitID: queryInt(r, "unit_id"), UnitIDs: a.Scope(),
		Rule: certificate.Rule(q.Get("rule")), State: certificate.AnomalyState(q.Get("state")), Page: pageOf(r)}
	if f.State.Label() == "" {
		f.State = ""
	}
	return f, scopedUnit(a, f.UnitID)
}

func (s *Server) handleAnomalyList(w http.ResponseWriter, r *http.Request) error {
	f, err := anomalyFilterOf(r)
	if err != nil {
		return err
	}
	if format := r.URL.Query().Get("format"); format != "" {
		return s.exportAnomalies(w, r, f, format)
	}
	return s.anomalyList(w, r, f, 0, nil)
}

func (s *Server) anomalyList(w http.ResponseWriter, r *http.Request, f store.AnomalyFilter, failedID int64, ferr error) error {
	ctx := r.Context()
	a := actorOf(r)
	p := &anomalyPage{Filter: f, Rules: anomalyRules(), States: anomalyStates(), Resolutions: resolutions(),
		Years: years(s.today()), DetectYear: cmp.Or(f.Year, s.today().Year), CanDetect: a.SeesAll(), FailedID: failedID,
		Input: anomalyInput{Resolution: r.FormValue("resolution"), Explanation: r.FormValue("explanation"), Comment: r.FormValue("comment")}}
	p.Back = r.URL.RequestURI()
	if r.Method == http.MethodPost {
		p.Back = r.FormValue("back")
	}
	if ferr != nil {
		if err := p.fail(w, ferr); err != nil {
			return err
		}
	}
	list, total, err := s.store.Anomalies(ctx, f)
	if err != nil {
		return err
	}
	for _, an := range list {
		p.Anomalies = append(p.Anomalies, anomalyRow{Anomaly: an,
			CanHandle:  an.State == certificate.Open && a.CanEditUnitRecords(an.UnitID),
			CanConfirm: an.State == certificate.Handled && a.SeesAll()})
	}
	p.Pager = newPager(r, f.Page, total)
	scope := a.Scope()
	if f.UnitID != 0 {
		scope = []int64{f.UnitID}
	}
	if p.ByRule, p.ByUnit, err = s.store.AnomalyCounts(ctx, f.Year, scope); err != nil {
		return err
	}
	if p.Units, err = s.enforcementUnits(r); err != nil {
		return err
	}
	s.render(w, r, "cert_anomaly", p)
	return nil
}

func (s *Server) exportAnomalies(w http.ResponseWriter, r *http.Request, f store.AnomalyFilter, format string) error {
	var rows [][]string
	for offset := 0; offset < exportLimit; offset += 500 {
		f.Page = store.Page{Limit: 500, Offset: offset}
		page, total, err := s.store.Anomalies(r.Context(), f)
		if err != nil {
			return err
		}
		for _, a := range page {
			handled, confirmed := "", ""
			if a.HandledOn != nil {
				handled = a.HandledOn.String()
			}
			if a.ConfirmedOn != nil {
				confirmed = a.ConfirmedOn.String()
			}
			rows = append(rows, []string{strconv.Itoa(a.Year), a.UnitName, a.HolderName, a.Number, a.Rule.Label(), a.Detail,
				a.DetectedOn.String(), a.State.Label(), a.Resolution.Label(), a.Explanation, handled, confirmed})
		}
		if len(page) < 500 || offset+500 >= total {
			break
		}
	}
	return writeTable(w, format, "异常数据", []string{"年度", "执法单位", "人员", "证件编号", "异常类型", "异常情况", "发现日期",
		"处理状态", "处理方式", "处理说明", "单位处理日期", "法制办确认日期"}, rows)
}

func (s *Server) handleAnomalyDetect(w http.ResponseWriter, r *http.Request) error {
	today := s.today()
	var f apperr.Fields
	y, err := strconv.Atoi(strings.TrimSpace(r.FormValue("year")))
	if err != nil || y < 2000 || y > 2100 {
		f.Add("year", "检测年度", "应为四位年份")
	}
	if err := f.Err(); err != nil {
		fl, _ := anomalyFilterOf(r)
		return s.anomalyList(w, r, fl, 0, err)
	}
	n, err := s.store.DetectAnomalies(r.Context(), actorOf(r).Audit(), y, today)
	if err != nil {
		return err
	}
	if n == 0 {
		flash(w, fmt.Sprintf("已完成 %d 年度异常检测，没有发现新的异常", y))
	} else {
		flash(w, fmt.Sprintf("已完成 %d 年度异常检测，新发现 %d 条异常，已分派到各单位处理", y, n))
	}
	http.Redirect(w, r, fmt.Sprintf("/anomalies?year=%d&state=open", y), http.StatusSeeOther)
	return nil
}

// visibleAnomaly loads the anomaly of the path the actor may see.
func (s *Server) visibleAnomaly(r *http.Request) (store.Anomaly, error) {
	id, err := pathID(r)
	if err != nil {
		return store.Anomaly{}, err
	}
	a, err := s.store.Anomaly(r.Context(), id)
	if err != nil {
		return a, err
	}
	if !actorOf(r).CanViewUnitRecords(a.UnitID) {
		return store.Anomaly{}, apperr.New(apperr.NotFound, "异常记录不存在或您无权查看")
	}
	return a, nil
}

// backToAnomalies is where a handling form returns: the list it came from.
func backToAnomalies(r *http.Request, a store.Anomaly) string {
	if back := r.FormValue("back"); strings.HasPrefix(back, "/anomalies") && !strings.HasPrefix(back, "//") {
		return back
	}
	return fmt.Sprintf("/anomalies?year=%d", a.Year)
}

func (s *Server) handleAnomalyHandle(w http.ResponseWriter, r *http.Request) error {
	an, err := s.visibleAnomaly(r)
	if err != nil {
		return err
	}
	a := actorOf(r)
	if !a.CanEditUnitRecords(an.UnitID) {
		return denied(a)
	}
	_, err = s.store.HandleAnomaly(r.Context(), a.Audit(), an.ID, int(formInt(r, "version")),
		certificate.Resolution(r.FormValue("resolution")), strings.TrimSpace(r.FormValue("explanation")), s.today())
	if err != nil {
		return s.anomalyList(w, r, store.AnomalyFilter{Year: an.Year, UnitID: an.UnitID, UnitIDs: a.Scope(), Page: store.Page{Limit: 50}}, an.ID, err)
	}
	flash(w, fmt.Sprintf("已提交%s（%s）的处理，待法制办确认", an.HolderName, an.Rule.Label()))
	http.Redirect(w, r, backToAnomalies(r, an), http.StatusSeeOther)
	return nil
}

func (s *Server) handleAnomalyConfirm(w http.ResponseWriter, r *http.Request) error {
	an, err := s.visibleAnomaly(r)
	if err != nil {
		return err
	}
	a := actorOf(r)
	decision := r.FormValue("decision")
	var f apperr.Fields
	if decision != "accept" && decision != "return" {
		f.Add("decision", "确认意见", "请选择“确认”或“退回单位”")
	}
	err = f.Err()
	if err == nil {
		_, err = s.store.ConfirmAnomaly(r.Context(), a.Audit(), an.ID, int(formInt(r, "version")), decision == "accept",
			strings.TrimSpace(r.FormValue("comment")), s.today())
	}
	if err != nil {
		return s.anomalyList(w, r, store.AnomalyFilter{Year: an.Year, UnitID: an.UnitID, Page: store.Page{Limit: 50}}, an.ID, err)
	}
	if decision == "accept" {
		msg := "已确认该异常的处理"
		if an.Resolution == certificate.CancelCert && an.CertificateID != 0 {
			msg += "，证件 " + an.Number + " 已注销"
		}
		flash(w, msg)
	} else {
		flash(w, "已退回"+an.UnitName+"重新处理")
	}
	http.Redirect(w, r, backToAnomalies(r, an), http.StatusSeeOther)
	return nil
}
