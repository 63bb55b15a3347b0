package web

// Certificate statistics per unit and year, the dynamic-supervision
// dashboard of one unit, and the summary block of the signed-in home page.

import (
	"context"
	"fmt"
	"net/http"
	"strconv"

	"fazhi/internal/account"
	"fazhi/internal/org"
	"fazhi/internal/store"
)

type statsPage struct {
	basePage
	Year     int
	Years    []int
	Rows     []store.CertUnitStats
	Totals   store.CertTotals
	Units    []org.Unit
	UnitID   int64
	Unit     *store.CertUnitStats // one unit's dashboard
	WarnDays int
	Query    string // the current filter, for the export links
}

func (s *Server) handleCertStats(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	a := actorOf(r)
	today := s.today()
	p := &statsPage{Year: queryYear(r, today.Year), Years: years(today), UnitID: queryInt(r, "unit_id"),
		WarnDays: s.warnDays(ctx, today), Query: r.URL.RawQuery}
	if err := scopedUnit(a, p.UnitID); err != nil {
		return err
	}
	scope := a.Scope()
	if p.UnitID != 0 {
		scope = []int64{p.UnitID}
	}
	var err error
	if p.Rows, p.Totals, err = s.store.CertStats(ctx, p.Year, scope, today); err != nil {
		return err
	}
	if format := r.URL.Query().Get("format"); format != "" {
		return exportStats(w, format, p.Rows, p.Totals)
	}
	if len(p.Rows) == 1 {
		p.Unit = &p.Rows[0]
	}
	if p.Units, err = s.enforcementUnits(r); err != nil {
		return err
	}
	s.render(w, r, "cert_stats", p)
	return nil
}

func pct(f float64) string { return fmt.Sprintf("%.1f%%", f*100) }

func statsRow(name string, r store.CertUnitStats) []string {
	n := strconv.Itoa
	return []string{name, n(r.Officers), n(r.Certified), pct(r.CertifiedShare), n(r.ExamRegistered), n(r.ExamPassed), n(r.Issued),
		n(r.Reviews), n(r.ReviewsFailed), n(r.Anomalies), n(r.AnomaliesDone), n(r.Expiring), n(r.OpenAnomalies)}
}

func exportStats(w http.ResponseWriter, format string, rows []store.CertUnitStats, tot store.CertTotals) error {
	out := make([][]string, 0, len(rows)+1)
	for _, r := range rows {
		out = append(out, statsRow(r.UnitName, r))
	}
	out = append(out, statsRow("合计", tot.CertUnitStats))
	return writeTable(w, format, fmt.Sprintf("执法证件统计-%d年度", tot.Year), []string{"执法单位", "执法岗位人员", "持证人数", "持证率",
		"考试报名", "考试合格", "新发证", "年审人次", "年审未通过", "发现异常", "异常已处理", "即将到期", "未办结异常"}, out)
}

// certSummary is the home page's block: the actor's scope at a glance.
type certSummary struct {
	Scope         string // 全部执法单位 or the unit name
	UnitID        int64  // when one unit
	Officers      int
	Certified     int
	Share         string
	Expiring      int
	OpenAnomalies int
	WarnDays      int
}

// homeCerts summarises the certificates of the actor's scope; nil for
// those who see no unit's records.
func (s *Server) homeCerts(ctx context.Context, a account.Actor, unitName string) (*certSummary, error) {
	if !a.Internal() {
		return nil, nil
	}
	today := s.today()
	rows, tot, err := s.store.CertStats(ctx, today.Year, a.Scope(), today)
	if err != nil {
		return nil, err
	}
	sum := &certSummary{Scope: "全部执法单位", Officers: tot.Officers, Certified: tot.Certified, Share: pct(tot.CertifiedShare),
		Expiring: tot.Expiring, OpenAnomalies: tot.OpenAnomalies, WarnDays: s.warnDays(ctx, today)}
	if !a.SeesAll() {
		if len(rows) == 0 {
			return nil, nil // not an enforcement unit: nothing to supervise
		}
		sum.Scope, sum.UnitID = unitName, a.UnitID
	}
	return sum, nil
}
