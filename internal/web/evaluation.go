package web

// Case evaluation (案卷评查): batches with their draw and results per
// unit, the scoring of one drawn case, the versioned scoring sheets, and
// the API. The legal affairs office runs it; a unit sees its own drawn
// cases, and their scores once the batch is completed.

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"fazhi/internal/apperr"
	"fazhi/internal/calendar"
	"fazhi/internal/store"
	"fazhi/internal/supervise"
)

var evaluationFieldLabels = map[string]string{
	"total": "总分", "grade": "等次", "comment": "评查意见", "evaluator": "评查人", "evaluated_on": "评查日期",
	"scores": "各项得分", "completed_on": "完成日期", "per_unit": "每单位抽取件数", "seed": "随机种子",
	"closed_from": "结案日期自", "closed_to": "结案日期至", "sheet_id": "评分表",
}

func init() {
	for k, v := range evaluationFieldLabels {
		if _, ok := fieldLabels[k]; !ok {
			fieldLabels[k] = v
		}
	}
}

// ---------- batches ----------

type evaListPage struct {
	basePage
	Batches []supervise.Batch
	CanNew  bool
}

func (p *evaListPage) StateLabel(s string) string { return supervise.BatchStateLabel(s) }

func (s *Server) handleBatchList(w http.ResponseWriter, r *http.Request) error {
	batches, err := s.store.Batches(r.Context())
	if err != nil {
		return err
	}
	s.render(w, r, "eva_list", &evaListPage{Batches: batches, CanNew: actorOf(r).SeesAll()})
	return nil
}

type evaShowPage struct {
	basePage
	B       supervise.Batch
	Results []supervise.UnitResult
	Cases   []supervise.Sampled
	// ShowScores is false for a unit while the batch is being scored.
	ShowScores  bool
	CanScore    bool
	CanComplete bool
	CompleteOn  string
	formState
}

func (p *evaShowPage) GradeLabel(g string) string { return supervise.GradeLabel(g) }
func (p *evaShowPage) StateLabel(s string) string { return supervise.BatchStateLabel(s) }
func (p *evaShowPage) Avg(v float64) string       { return strconv.FormatFloat(v, 'f', 1, 64) }
func (p *evaShowPage) Completed() bool            { return p.B.State == supervise.Completed }
func (p *evaShowPage) Unscored() int              { return p.B.Sampled - p.B.Scored }
func (p *evaShowPage) SampleNote() string {
	return fmt.Sprintf("每单位随机抽取 %d 件", p.B.PerUnit)
}
func (p *evaShowPage) Period() string {
	return p.B.ClosedFrom.String() + " 至 " + p.B.ClosedTo.String()
}
func (p *evaShowPage) Marks() string {
	return fmt.Sprintf("合格 %d 分，优秀 %d 分", p.B.PassMark, p.B.ExcellentMk)
}
func (p *evaShowPage) SheetHref() string {
	return fmt.Sprintf("/evaluations/sheets#sheet-%d", p.B.SheetID)
}
func (p *evaShowPage) Export(what, f string) string {
	return fmt.Sprintf("?export=%s&format=%s", what, f)
}

func (s *Server) visibleBatch(r *http.Request) (supervise.Batch, error) {
	id, err := pathID(r)
	if err != nil {
		return supervise.Batch{}, err
	}
	return s.store.Batch(r.Context(), id)
}

func (s *Server) handleBatchShow(w http.ResponseWriter, r *http.Request) error {
	b, err := s.visibleBatch(r)
	if err != nil {
		return err
	}
	return s.batchShow(w, r, b, s.today().String(), nil)
}

// batchCases lists the drawn cases the actor may see: all for the office,
// the own unit's for unit staff (without scores until completion).
func (s *Server) batchCases(r *http.Request, b supervise.Batch) ([]supervise.Sampled, bool, error) {
	a := actorOf(r)
	cases, err := s.store.EvaluationCases(r.Context(), b.ID, a.Scope())
	if err != nil {
		return nil, false, err
	}
	show := a.SeesAll() || b.State == supervise.Completed
	if !show {
		for i := range cases {
			cases[i].Total, cases[i].Grade, cases[i].Scores, cases[i].Comment = nil, "", nil, ""
		}
	}
	return cases, show, nil
}

func (s *Server) batchShow(w http.ResponseWriter, r *http.Request, b supervise.Batch, completeOn string, ferr error) error {
	a := actorOf(r)
	cases, show, err := s.batchCases(r, b)
	if err != nil {
		return err
	}
	if format := r.URL.Query().Get("format"); format != "" {
		return exportBatch(w, b, cases, r.URL.Query().Get("export"), format)
	}
	p := &evaShowPage{B: b, Cases: cases, ShowScores: show, CanScore: a.SeesAll() && b.State == supervise.Scoring,
		CanComplete: a.SeesAll() && b.State == supervise.Scoring, CompleteOn: completeOn}
	if show {
		p.Results = supervise.Results(cases)
	}
	if ferr != nil {
		if err := p.fail(w, ferr); err != nil {
			return err
		}
	}
	s.render(w, r, "eva_show", p)
	return nil
}

func exportBatch(w http.ResponseWriter, b supervise.Batch, cases []supervise.Sampled, what, format string) error {
	if what == "cases" {
		rows := make([][]string, len(cases))
		for i, c := range cases {
			total := ""
			if c.Total != nil {
				total = strconv.Itoa(*c.Total)
			}
			rows[i] = []string{c.UnitName, c.CaseNumber, c.CaseTitle, c.ClosedOn.String(), total, supervise.GradeLabel(c.Grade),
				c.Comment, c.Evaluator}
		}
		return writeTable(w, format, b.Name+"-案卷", []string{"单位", "案件编号", "案件", "结案日期", "得分", "等次", "评查意见", "评查人"}, rows)
	}
	results := supervise.Results(cases)
	rows := make([][]string, len(results))
	for i, r := range results {
		rows[i] = []string{r.UnitName, strconv.Itoa(r.Sampled), strconv.Itoa(r.Scored), strconv.FormatFloat(r.Average, 'f', 1, 64),
			strconv.Itoa(r.Min), strconv.Itoa(r.Max), strconv.Itoa(r.Excellent), strconv.Itoa(r.Pass), strconv.Itoa(r.Fail)}
	}
	return writeTable(w, format, b.Name+"-结果", []string{"单位", "抽取案卷", "已评", "平均分", "最低分", "最高分", "优秀", "合格", "不合格"}, rows)
}

func (s *Server) handleBatchComplete(w http.ResponseWriter, r *http.Request) error {
	b, err := s.visibleBatch(r)
	if err != nil {
		return err
	}
	var f apperr.Fields
	on := calendar.Date{}
	if d := formDate(r, "on", "完成日期", &f); d != nil {
		on = *d
	}
	err = f.Err()
	if err == nil {
		err = s.store.CompleteBatch(r.Context(), actorOf(r), b.ID, int(formInt(r, "version")), on)
	}
	if err != nil {
		if fresh, ferr := s.store.Batch(r.Context(), b.ID); ferr == nil {
			b = fresh
		}
		return s.batchShow(w, r, b, r.FormValue("on"), err)
	}
	flash(w, "评查批次“"+b.Name+"”已完成，结果已向各单位公开")
	http.Redirect(w, r, fmt.Sprintf("/evaluations/%d", b.ID), http.StatusSeeOther)
	return nil
}

type evaFormPage struct {
	basePage
	B      supervise.Batch
	Sheets []supervise.Sheet
	Seed   string
	formState
}

func (s *Server) batchForm(w http.ResponseWriter, r *http.Request, b supervise.Batch, seed string, ferr error) error {
	p := &evaFormPage{B: b, Seed: seed}
	if ferr != nil {
		if err := p.fail(w, ferr); err != nil {
			return err
		}
	}
	var err error
	if p.Sheets, err = s.store.Sheets(r.Context()); err != nil {
		return err
	}
	s.render(w, r, "eva_form", p)
	return nil
}

func (s *Server) handleBatchNew(w http.ResponseWriter, r *http.Request) error {
	today := s.today()
	year := today.Year - 1
	b := supervise.Batch{Year: year, Name: fmt.Sprintf("%d年度行政处罚案卷评查", year),
		ClosedFrom: calendar.Date{Year: year, Month: 1, Day: 1}, ClosedTo: calendar.Date{Year: year, Month: 12, Day: 31}, PerUnit: 3}
	if rl, err := s.store.Rule(r.Context(), "evaluation.sample_per_unit", today); err == nil {
		if n, err := rl.Int(); err == nil {
			b.PerUnit = n
		}
	}
	return s.batchForm(w, r, b, "", nil)
}

func (s *Server) handleBatchCreate(w http.ResponseWriter, r *http.Request) error {
	var f apperr.Fields
	b := supervise.Batch{Name: r.FormValue("name"), Year: int(formInt(r, "year")), SheetID: formInt(r, "sheet_id"),
		PerUnit: int(formInt(r, "per_unit")), StartedOn: s.today()}
	for _, d := range []struct {
		name, label string
		into        *calendar.Date
	}{{"closed_from", "结案日期自", &b.ClosedFrom}, {"closed_to", "结案日期至", &b.ClosedTo}} {
		if v := formDate(r, d.name, d.label, &f); v != nil {
			*d.into = *v
		}
	}
	seed := strings.TrimSpace(r.FormValue("seed"))
	if seed != "" {
		n, err := strconv.ParseInt(seed, 10, 64)
		if err != nil || n <= 0 {
			f.Add("seed", "随机种子", "应为正整数，或留空由系统生成")
		}
		b.Seed = n
	}
	err := f.Err()
	if err == nil {
		err = s.store.StartBatch(r.Context(), actorOf(r), &b)
	} else {
		err = mergeFormErr(err, b.Prepare())
	}
	if err != nil {
		return s.batchForm(w, r, b, seed, err)
	}
	flash(w, fmt.Sprintf("已开始评查批次“%s”，随机抽取案卷 %d 件（随机种子 %d）", b.Name, b.Sampled, b.Seed))
	http.Redirect(w, r, fmt.Sprintf("/evaluations/%d", b.ID), http.StatusSeeOther)
	return nil
}

// ---------- one drawn case ----------

type evaScorePage struct {
	basePage
	C        supervise.Sampled
	B        supervise.Batch
	Sheet    supervise.Sheet
	CanScore bool
	Points   map[int64]string
	Notes    map[int64]string
	Comment  string
	On       string
	CaseHref string
	formState
}

func (p *evaScorePage) GradeLabel() string { return supervise.GradeLabel(p.C.Grade) }

// ScoreField and NoteField name an item's inputs; ScoreErr its error.
func (p *evaScorePage) ScoreField(id int64) string { return fmt.Sprintf("score_%d", id) }
func (p *evaScorePage) NoteField(id int64) string  { return fmt.Sprintf("note_%d", id) }
func (p *evaScorePage) ScoreErr(id int64) string   { return p.Errors[p.ScoreField(id)] }

func (s *Server) visibleEvalCase(r *http.Request) (supervise.Sampled, supervise.Batch, error) {
	id, err := pathID(r)
	if err != nil {
		return supervise.Sampled{}, supervise.Batch{}, err
	}
	c, err := s.store.EvaluationCase(r.Context(), id)
	if err != nil {
		return c, supervise.Batch{}, err
	}
	a := actorOf(r)
	if !a.CanViewUnitRecords(c.UnitID) {
		return supervise.Sampled{}, supervise.Batch{}, apperr.New(apperr.NotFound, "评查案卷不存在或您无权查看")
	}
	b, err := s.store.Batch(r.Context(), c.BatchID)
	if err != nil {
		return c, b, err
	}
	if !a.SeesAll() && b.State != supervise.Completed {
		c.Total, c.Grade, c.Scores, c.Comment = nil, "", nil, ""
	}
	return c, b, nil
}

func (s *Server) evalCaseShow(w http.ResponseWriter, r *http.Request, c supervise.Sampled, b supervise.Batch,
	points, notes map[int64]string, comment, on string, ferr error) error {
	p := &evaScorePage{C: c, B: b, CanScore: actorOf(r).SeesAll() && b.State == supervise.Scoring, Points: points,
		Notes: notes, Comment: comment, On: on, CaseHref: caseHref(c.CaseID)}
	if ferr != nil {
		if err := p.fail(w, ferr); err != nil {
			return err
		}
	}
	var err error
	if p.Sheet, err = s.store.Sheet(r.Context(), b.SheetID); err != nil {
		return err
	}
	s.render(w, r, "eva_score", p)
	return nil
}

func (s *Server) handleEvalCaseShow(w http.ResponseWriter, r *http.Request) error {
	c, b, err := s.visibleEvalCase(r)
	if err != nil {
		return err
	}
	points, notes := map[int64]string{}, map[int64]string{}
	for _, sc := range c.Scores {
		points[sc.ItemID], notes[sc.ItemID] = strconv.Itoa(sc.Points), sc.Note
	}
	on := s.today().String()
	if c.EvaluatedOn != nil {
		on = c.EvaluatedOn.String()
	}
	return s.evalCaseShow(w, r, c, b, points, notes, c.Comment, on, nil)
}

func (s *Server) handleEvalCaseScore(w http.ResponseWriter, r *http.Request) error {
	c, b, err := s.visibleEvalCase(r)
	if err != nil {
		return err
	}
	sheet, err := s.store.Sheet(r.Context(), b.SheetID)
	if err != nil {
		return err
	}
	var f apperr.Fields
	in := store.ScoreInput{Version: int(formInt(r, "version")), Comment: r.FormValue("comment")}
	points, notes := map[int64]string{}, map[int64]string{}
	for _, it := range sheet.Items {
		field := fmt.Sprintf("score_%d", it.ID)
		points[it.ID], notes[it.ID] = r.FormValue(field), r.FormValue(fmt.Sprintf("note_%d", it.ID))
		n, err := strconv.Atoi(strings.TrimSpace(points[it.ID]))
		if err != nil {
			f.Add(field, fmt.Sprintf("第 %d 项", it.Seq), fmt.Sprintf("应为 0 至 %d 的整数", it.Points))
			continue
		}
		in.Scores = append(in.Scores, supervise.Score{ItemID: it.ID, Points: n, Note: notes[it.ID]})
	}
	if d := formDate(r, "on", "评查日期", &f); d != nil {
		in.On = *d
	}
	err = f.Err()
	if err == nil {
		_, err = s.store.ScoreCase(r.Context(), actorOf(r), c.ID, in)
	}
	if err != nil {
		if apperr.KindOf(err) == apperr.Conflict {
			if fresh, ferr := s.store.EvaluationCase(r.Context(), c.ID); ferr == nil {
				c = fresh
			}
		}
		return s.evalCaseShow(w, r, c, b, points, notes, in.Comment, r.FormValue("on"), err)
	}
	flash(w, "已保存案卷 "+c.CaseNumber+" 的评分")
	http.Redirect(w, r, fmt.Sprintf("/evaluations/%d", b.ID), http.StatusSeeOther)
	return nil
}

// ---------- scoring sheets ----------

type evaSheetsPage struct {
	basePage
	Sheets  []supervise.Sheet
	CanEdit bool
}

func (s *Server) handleSheetList(w http.ResponseWriter, r *http.Request) error {
	sheets, err := s.store.Sheets(r.Context())
	if err != nil {
		return err
	}
	s.render(w, r, "eva_sheets", &evaSheetsPage{Sheets: sheets, CanEdit: actorOf(r).SeesAll()})
	return nil
}

type evaSheetFormPage struct {
	basePage
	Sheet  supervise.Sheet
	Rows   []supervise.SheetItem // the items and blank rows to fill
	FromID int64                 // the version a new version starts from
	Reason string
	formState
}

// sheetRows adds blank rows to a sheet's items for the form.
func sheetRows(items []supervise.SheetItem) []supervise.SheetItem {
	rows := append([]supervise.SheetItem{}, items...)
	for len(rows) < len(items)+4 || len(rows) < 8 {
		rows = append(rows, supervise.SheetItem{})
	}
	for i := range rows {
		rows[i].Seq = i + 1
	}
	return rows
}

func (s *Server) sheetForm(w http.ResponseWriter, r *http.Request, sh supervise.Sheet, from int64, reason string, ferr error) error {
	p := &evaSheetFormPage{Sheet: sh, Rows: sheetRows(sh.Items), FromID: from, Reason: reason}
	if ferr != nil {
		if err := p.fail(w, ferr); err != nil {
			return err
		}
	}
	s.render(w, r, "eva_sheet_form", p)
	return nil
}

// handleSheetNew opens a new sheet, or a new version of the sheet named
// by ?from= with its items.
func (s *Server) handleSheetNew(w http.ResponseWriter, r *http.Request) error {
	sh := supervise.Sheet{EffectiveFrom: s.today()}
	from := queryInt(r, "from")
	if from != 0 {
		prev, err := s.store.Sheet(r.Context(), from)
		if err != nil {
			return err
		}
		sh.Name, sh.Note, sh.Items = prev.Name, prev.Note, prev.Items
		for i := range sh.Items {
			sh.Items[i].ID = 0
		}
	}
	return s.sheetForm(w, r, sh, from, "", nil)
}

func (s *Server) handleSheetEdit(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	sh, err := s.store.Sheet(r.Context(), id)
	if err != nil {
		return err
	}
	if sh.InUse {
		return apperr.New(apperr.Conflict, fmt.Sprintf("“%s”第 %d 版已用于评查批次，不能修改；请另存为新版本", sh.Name, sh.Version))
	}
	return s.sheetForm(w, r, sh, 0, "", nil)
}

func sheetFromForm(r *http.Request) (supervise.Sheet, error) {
	var f apperr.Fields
	sh := supervise.Sheet{Name: r.FormValue("name"), Note: r.FormValue("note")}
	if d := formDate(r, "effective_from", "启用日期", &f); d != nil {
		sh.EffectiveFrom = *d
	}
	for i := 1; i <= 60; i++ {
		cat, text, pts := r.FormValue(fmt.Sprintf("category_%d", i)), r.FormValue(fmt.Sprintf("text_%d", i)), strings.TrimSpace(r.FormValue(fmt.Sprintf("points_%d", i)))
		if cat == "" && text == "" && pts == "" {
			continue
		}
		n, err := strconv.Atoi(pts)
		if err != nil && !f.Has("items") {
			f.Add("items", "评查项目", fmt.Sprintf("第 %d 行的分值应为整数", i))
		}
		sh.Items = append(sh.Items, supervise.SheetItem{Category: cat, Text: text, Points: n})
	}
	return sh, f.Err()
}

func (s *Server) handleSheetCreate(w http.ResponseWriter, r *http.Request) error {
	sh, ferr := sheetFromForm(r)
	var err error
	if ferr == nil {
		err = s.store.SaveSheet(r.Context(), actorOf(r), &sh, "")
	} else {
		err = mergeFormErr(ferr, sh.Prepare())
	}
	if err != nil {
		return s.sheetForm(w, r, sh, formInt(r, "from"), "", err)
	}
	flash(w, fmt.Sprintf("已保存评分表“%s”第 %d 版", sh.Name, sh.Version))
	http.Redirect(w, r, fmt.Sprintf("/evaluations/sheets#sheet-%d", sh.ID), http.StatusSeeOther)
	return nil
}

func (s *Server) handleSheetUpdate(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	sh, ferr := sheetFromForm(r)
	sh.ID = id
	reason := strings.TrimSpace(r.FormValue("reason"))
	if ferr == nil {
		err = s.store.SaveSheet(r.Context(), actorOf(r), &sh, reason)
	} else {
		err = mergeFormErr(ferr, sh.Prepare())
	}
	if err != nil {
		return s.sheetForm(w, r, sh, 0, reason, err)
	}
	flash(w, fmt.Sprintf("已修改评分表“%s”第 %d 版", sh.Name, sh.Version))
	http.Redirect(w, r, fmt.Sprintf("/evaluations/sheets#sheet-%d", sh.ID), http.StatusSeeOther)
	return nil
}

// ---------- API ----------

func (s *Server) apiBatchList(w http.ResponseWriter, r *http.Request) error {
	batches, err := s.store.Batches(r.Context())
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, list[supervise.Batch]{items(batches), len(batches), len(batches), 0})
}

func (s *Server) apiBatchShow(w http.ResponseWriter, r *http.Request) error {
	b, err := s.visibleBatch(r)
	if err != nil {
		return err
	}
	cases, show, err := s.batchCases(r, b)
	if err != nil {
		return err
	}
	out := map[string]any{"batch": b, "cases": items(cases), "results": []supervise.UnitResult{}}
	if show {
		out["results"] = items(supervise.Results(cases))
	}
	return writeJSON(w, http.StatusOK, out)
}

func (s *Server) apiBatchCreate(w http.ResponseWriter, r *http.Request) error {
	var in struct {
		Name       string        `json:"name"`
		Year       int           `json:"year"`
		SheetID    int64         `json:"sheet_id"`
		ClosedFrom calendar.Date `json:"closed_from"`
		ClosedTo   calendar.Date `json:"closed_to"`
		PerUnit    int           `json:"per_unit"`
		Seed       int64         `json:"seed"`
	}
	if err := decode(r, &in); err != nil {
		return err
	}
	b := supervise.Batch{Name: in.Name, Year: in.Year, SheetID: in.SheetID, ClosedFrom: in.ClosedFrom, ClosedTo: in.ClosedTo,
		PerUnit: in.PerUnit, Seed: in.Seed, StartedOn: s.today()}
	if err := s.store.StartBatch(r.Context(), actorOf(r), &b); err != nil {
		return err
	}
	return writeJSON(w, http.StatusCreated, b)
}

func (s *Server) apiBatchComplete(w http.ResponseWriter, r *http.Request) error {
	b, err := s.visibleBatch(r)
	if err != nil {
		return err
	}
	var in struct {
		Version int           `json:"version"`
		On      calendar.Date `json:"on"`
	}
	if err := decode(r, &in); err != nil {
		return err
	}
	if in.On.IsZero() {
		in.On = s.today()
	}
	if err := s.store.CompleteBatch(r.Context(), actorOf(r), b.ID, in.Version, in.On); err != nil {
		return err
	}
	after, err := s.store.Batch(r.Context(), b.ID)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, after)
}

func (s *Server) apiSheetList(w http.ResponseWriter, r *http.Request) error {
	sheets, err := s.store.Sheets(r.Context())
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, list[supervise.Sheet]{items(sheets), len(sheets), len(sheets), 0})
}

func (s *Server) apiSheetCreate(w http.ResponseWriter, r *http.Request) error {
	var in struct {
		Name          string                `json:"name"`
		EffectiveFrom calendar.Date         `json:"effective_from"`
		Note          string                `json:"note"`
		Items         []supervise.SheetItem `json:"items"`
	}
	if err := decode(r, &in); err != nil {
		return err
	}
	sh := supervise.Sheet{Name: in.Name, EffectiveFrom: in.EffectiveFrom, Note: in.Note, Items: in.Items}
	for i := range sh.Items {
		sh.Items[i].ID = 0
	}
	if err := s.store.SaveSheet(r.Context(), actorOf(r), &sh, ""); err != nil {
		return err
	}
	return writeJSON(w, http.StatusCreated, sh)
}

func (s *Server) apiEvalCaseScore(w http.ResponseWriter, r *http.Request) error {
	c, _, err := s.visibleEvalCase(r)
	if err != nil {
		return err
	}
	var in struct {
		Version int               `json:"version"`
		Scores  []supervise.Score `json:"scores"`
		Comment string            `json:"comment"`
		On      calendar.Date     `json:"on"`
	}
	if err := decode(r, &in); err != nil {
		return err
	}
	if in.On.IsZero() {
		in.On = s.today()
	}
	after, err := s.store.ScoreCase(r.Context(), actorOf(r), c.ID, store.ScoreInput{Version: in.Version, Scores: in.Scores,
		Comment: in.Comment, On: in.On})
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, after)
}
