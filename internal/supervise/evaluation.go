package supervise

import (
	"cmp"
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"time"

	"fazhi/internal/apperr"
	"fazhi/internal/calendar"
)

// Scoring sheets (评查评分表) are versioned: a version is fixed once a batch
// uses it, and changes make the next version, so every score is read
// against the items it was given for.

// Sheet is one version of a scoring sheet.
type Sheet struct {
	ID            int64         `json:"id"`
	Name          string        `json:"name"`
	Version       int           `json:"version"`
	EffectiveFrom calendar.Date `json:"effective_from"`
	Note          string        `json:"note,omitempty"`
	Items         []SheetItem   `json:"items"`
	InUse         bool          `json:"in_use"` // a batch uses it: it can no longer change
	CreatedAt     time.Time     `json:"created_at"`
}

// SheetItem is one scored item of a sheet.
type SheetItem struct {
	ID       int64  `json:"id"`
	Seq      int    `json:"seq"`
	Category string `json:"category"` // e.g. 执法主体、事实证据、法律适用、执法程序、文书制作
	Text     string `json:"text"`
	Points   int    `json:"points"` // the item's full marks
}

// FullMarks is the total a sheet's items give.
const FullMarks = 100

// Total is the sum of the items' points.
func (s Sheet) Total() int {
	n := 0
	for _, it := range s.Items {
		n += it.Points
	}
	return n
}

// Prepare trims and validates a sheet version: named, effective, with
// items whose points add up to the full marks.
func (s *Sheet) Prepare() error {
	s.Name, s.Note = strings.TrimSpace(s.Name), strings.TrimSpace(s.Note)
	var f apperr.Fields
	f.Required("name", "评分表名称", s.Name)
	if s.EffectiveFrom.IsZero() {
		f.Add("effective_from", "启用日期", "必填项为空")
	}
	var items []SheetItem
	for _, it := range s.Items {
		it.Category, it.Text = strings.TrimSpace(it.Category), strings.TrimSpace(it.Text)
		if it.Category == "" && it.Text == "" && it.Points == 0 {
			continue
		}
		items = append(items, it)
	}
	s.Items = items
	for i := range s.Items {
		s.Items[i].Seq = i + 1
		it := s.Items[i]
		if it.Category == "" || it.Text == "" || it.Points <= 0 {
			f.Add("items", "评查项目", fmt.Sprintf("第 %d 项须写明类别、内容和大于零的分值", i+1))
			break
		}
	}
	switch {
	case len(s.Items) == 0:
		f.Add("items", "评查项目", "至少要有一个评查项目")
	case !f.Has("items") && s.Total() != FullMarks:
		f.Add("items", "评查项目", fmt.Sprintf("各项分值合计应为 %d 分，现为 %d 分", FullMarks, s.Total()))
	}
	return f.Err()
}

// Score is the points a case got on one item of the sheet.
type Score struct {
	ItemID int64  `json:"item_id"`
	Points int    `json:"points"`
	Note   string `json:"note,omitempty"` // 扣分理由
}

// CheckScores validates a case's scores against its sheet: every item
// scored once, between zero and its full marks, and a reason wherever
// points were taken off. It returns the total.
func CheckScores(sheet Sheet, scores []Score) (int, error) {
	var f apperr.Fields
	byItem := map[int64]Score{}
	for _, sc := range scores {
		if _, dup := byItem[sc.ItemID]; dup {
			f.Add("scores", "评分", "同一项目只能评一次分")
			return 0, f.Err()
		}
		byItem[sc.ItemID] = sc
	}
	total := 0
	for _, it := range sheet.Items {
		sc, ok := byItem[it.ID]
		field := fmt.Sprintf("score_%d", it.ID)
		label := fmt.Sprintf("第 %d 项", it.Seq)
		switch {
		case !ok:
			f.Add(field, label, "未评分")
		case sc.Points < 0 || sc.Points > it.Points:
			f.Add(field, label, fmt.Sprintf("应为 0 至 %d 分", it.Points))
		case sc.Points < it.Points && strings.TrimSpace(sc.Note) == "":
			f.Add(field, label, "扣分须写明理由")
		default:
			total += sc.Points
		}
		delete(byItem, it.ID)
	}
	if len(byItem) > 0 {
		f.Add("scores", "评分", "评分中有不属于该评分表版本的项目")
	}
	return total, f.Err()
}

// Grades of an evaluated case.
const (
	Excellent = "excellent" // 优秀
	Pass      = "pass"      // 合格
	Fail      = "fail"      // 不合格
)

// Grade is the grade of total against the batch's marks.
func Grade(total, pass, excellent int) string {
	switch {
	case total >= excellent:
		return Excellent
	case total >= pass:
		return Pass
	}
	return Fail
}

// GradeLabel is the Chinese name of a grade.
func GradeLabel(g string) string {
	switch g {
	case Excellent:
		return "优秀"
	case Pass:
		return "合格"
	case Fail:
		return "不合格"
	}
	return "未评分"
}

// Batch is an evaluation batch (评查批次): the closed cases of a period,
// drawn at random per unit and scored against one sheet version.
type Batch struct {
	ID           int64          `json:"id"`
	Name         string         `json:"name"`
	Year         int            `json:"year"`
	SheetID      int64          `json:"sheet_id"`
	SheetName    string         `json:"sheet_name"`
	SheetVersion int            `json:"sheet_version"`
	ClosedFrom   calendar.Date  `json:"closed_from"` // cases closed in [ClosedFrom, ClosedTo]
	ClosedTo     calendar.Date  `json:"closed_to"`
	PerUnit      int            `json:"per_unit"`
	Seed         int64          `json:"seed"` // the draw's seed: the same seed draws the same cases
	PassMark     int            `json:"pass_mark"`
	ExcellentMk  int            `json:"excellent_mark"`
	Citation     string         `json:"citation"` // of the marks
	State        string         `json:"state"`
	StartedOn    calendar.Date  `json:"started_on"`
	CompletedOn  *calendar.Date `json:"completed_on,omitempty"`
	Sampled      int            `json:"sampled"`
	Scored       int            `json:"scored"`
	Version      int            `json:"version"`
	CreatedAt    time.Time      `json:"created_at"`
}

// Batch states.
const (
	Scoring   = "scoring"   // 评查中
	Completed = "completed" // 已完成（结果向各单位公开）
)

// BatchStateLabel is the Chinese name of a batch state.
func BatchStateLabel(s string) string {
	switch s {
	case Scoring:
		return "评查中"
	case Completed:
		return "已完成"
	}
	return s
}

// Prepare trims and validates a batch before its cases are drawn.
func (b *Batch) Prepare() error {
	b.Name = strings.TrimSpace(b.Name)
	var f apperr.Fields
	f.Required("name", "批次名称", b.Name)
	if b.Year < 2000 || b.Year > 2100 {
		f.Add("year", "年度", "应为四位年份")
	}
	if b.SheetID == 0 {
		f.Add("sheet_id", "评分表", "请选择评分表版本")
	}
	if b.ClosedFrom.IsZero() {
		f.Add("closed_from", "结案日期自", "必填项为空")
	}
	if b.ClosedTo.IsZero() {
		f.Add("closed_to", "结案日期至", "必填项为空")
	}
	if !b.ClosedFrom.IsZero() && !b.ClosedTo.IsZero() && b.ClosedTo.Before(b.ClosedFrom) {
		f.Add("closed_to", "结案日期至", "不能早于起始日期")
	}
	if b.PerUnit < 1 || b.PerUnit > 100 {
		f.Add("per_unit", "每单位抽取件数", "应为 1 至 100")
	}
	return f.Err()
}

// Candidate is a closed case that may be drawn.
type Candidate struct {
	CaseID int64
	UnitID int64
}

// Sample draws up to perUnit cases of each unit at random. The draw
// depends only on the candidates and the seed: each unit has its own
// stream (seed, unit), and candidates are put in case order first, so the
// same seed over the same cases draws the same sample whatever order the
// database returned them in, and one unit's cases never change another's
// draw. The result is ordered by unit, then case.
func Sample(cands []Candidate, perUnit int, seed int64) []Candidate {
	byUnit := map[int64][]Candidate{}
	for _, c := range cands {
		byUnit[c.UnitID] = append(byUnit[c.UnitID], c)
	}
	var out []Candidate
	for unit, cs := range byUnit {
		slices.SortFunc(cs, func(a, b Candidate) int { return cmp.Compare(a.CaseID, b.CaseID) })
		cs = slices.CompactFunc(cs, func(a, b Candidate) bool { return a.CaseID == b.CaseID })
		rng := rand.New(rand.NewPCG(uint64(seed), uint64(unit)))
		rng.Shuffle(len(cs), func(i, j int) { cs[i], cs[j] = cs[j], cs[i] })
		picked := cs[:min(perUnit, len(cs))]
		slices.SortFunc(picked, func(a, b Candidate) int { return cmp.Compare(a.CaseID, b.CaseID) })
		out = append(out, picked...)
	}
	slices.SortFunc(out, func(a, b Candidate) int {
		return cmp.Or(cmp.Compare(a.UnitID, b.UnitID), cmp.Compare(a.CaseID, b.CaseID))
	})
	return out
}

// Sampled is a drawn case with its evaluation.
type Sampled struct {
	ID          int64          `json:"id"`
	BatchID     int64          `json:"batch_id"`
	CaseID      int64          `json:"case_id"`
	UnitID      int64          `json:"unit_id"`
	UnitName    string         `json:"unit_name"`
	CaseNumber  string         `json:"case_number"`
	CaseTitle   string         `json:"case_title"`
	ClosedOn    calendar.Date  `json:"closed_on"`
	Total       *int           `json:"total,omitempty"` // nil until scored
	Grade       string         `json:"grade,omitempty"`
	Scores      []Score        `json:"scores,omitempty"`
	Comment     string         `json:"comment,omitempty"` // 评查意见
	Evaluator   string         `json:"evaluator,omitempty"`
	EvaluatedOn *calendar.Date `json:"evaluated_on,omitempty"`
	Version     int            `json:"version"`
}

// UnitResult is one unit's result in a batch.
type UnitResult struct {
	UnitID    int64   `json:"unit_id"`
	UnitName  string  `json:"unit_name"`
	Sampled   int     `json:"sampled"`
	Scored    int     `json:"scored"`
	Average   float64 `json:"average"` // of the scored cases
	Min       int     `json:"min"`
	Max       int     `json:"max"`
	Excellent int     `json:"excellent"`
	Pass      int     `json:"pass"`
	Fail      int     `json:"fail"`
}

// Results summarises a batch's cases per unit, in the order the units
// first appear (the store lists them in the units' order).
func Results(cases []Sampled) []UnitResult {
	var out []UnitResult
	index := map[int64]int{}
	for _, c := range cases {
		i, ok := index[c.UnitID]
		if !ok {
			i = len(out)
			index[c.UnitID] = i
			out = append(out, UnitResult{UnitID: c.UnitID, UnitName: c.UnitName})
		}
		r := &out[i]
		r.Sampled++
		if c.Total == nil {
			continue
		}
		t := *c.Total
		if r.Scored == 0 || t < r.Min {
			r.Min = t
		}
		r.Max = max(r.Max, t)
		r.Average = (r.Average*float64(r.Scored) + float64(t)) / float64(r.Scored+1)
		r.Scored++
		switch c.Grade {
		case Excellent:
			r.Excellent++
		case Pass:
			r.Pass++
		case Fail:
			r.Fail++
		}
	}
	return out
}
