package web

// Statistics of the legal review per unit and year, with the export.

import (
	"fmt"
	"net/http"
	"strconv"

	"fazhi/internal/org"
	"fazhi/internal/store"
)

type lrStatsPage struct {
	basePage
	Year   int
	Years  []int
	UnitID int64
	Units  []org.Unit
	Stats  store.ReviewStats
	Months []int
}

func (s *Server) reviewStatsOf(r *http.Request) (store.ReviewStats, int64, error) {
	a := actorOf(r)
	today := s.today()
	year, unit := queryYear(r, today.Year), queryInt(r, "unit_id")
	if err := scopedUnit(a, unit); err != nil {
		return store.ReviewStats{}, 0, err
	}
	scope := a.Scope()
	if unit != 0 {
		scope = []int64{unit}
	}
	st, err := s.store.LegalReviewStats(r.Context(), year, scope, today)
	return st, unit, err
}

func (s *Server) handleLRStats(w http.ResponseWriter, r *http.Request) error {
	st, unit, err := s.reviewStatsOf(r)
	if err != nil {
		return err
	}
	if format := r.URL.Query().Get("format"); format != "" {
		return exportReviewStats(w, format, st)
	}
	p := &lrStatsPage{Year: st.Year, Years: years(s.today()), UnitID: unit, Stats: st, Months: []int{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12}}
	if p.Units, err = s.enforcementUnits(r); err != nil {
		return err
	}
	s.render(w, r, "lr_stats", p)
	return nil
}

func reviewStatsRow(u store.UnitReviewStats) []string {
	n := strconv.Itoa
	row := []string{u.UnitName}
	for _, m := range u.Months {
		row = append(row, n(m))
	}
	return append(row, n(u.Submitted), n(u.FirstOpinions), n(u.FirstPass), pct(u.FirstPassRate()), n(u.Returned), n(u.Discussed),
		n(u.Passed), n(u.Open), n(u.Withdrawn), n(u.Invited), fmt.Sprintf("%.1f", u.AvgOpinionDays), fmt.Sprintf("%.1f", u.AvgPassDays),
		n(u.OverdueOpinions), n(u.OverdueOpen))
}

func exportReviewStats(w http.ResponseWriter, format string, st store.ReviewStats) error {
	header := []string{"执法单位"}
	for m := 1; m <= 12; m++ {
		header = append(header, fmt.Sprintf("%d月", m))
	}
	header = append(header, "提交审核", "首轮出具意见", "首轮通过", "首轮通过率", "退回补正", "集体讨论", "审核通过", "办理中", "撤回",
		"跨部门协同审核", "平均出具意见（工作日）", "平均审结（日）", "超期出具意见", "已超期未出具")
	rows := make([][]string, 0, len(st.Units)+1)
	for _, u := range st.Units {
		rows = append(rows, reviewStatsRow(u))
	}
	rows = append(rows, reviewStatsRow(st.Totals))
	return writeTable(w, format, fmt.Sprintf("法制审核统计-%d年度", st.Year), header, rows)
}

func (s *Server) apiLRStats(w http.ResponseWriter, r *http.Request) error {
	st, _, err := s.reviewStatsOf(r)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, st)
}
