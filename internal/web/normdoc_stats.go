package web

// Statistics of normative documents, computed from the records: the
// cleanups of a period with their scope and outcomes, and the registry's
// movement year by year.

import (
	"fmt"
	"net/http"

	"fazhi/internal/calendar"
	"fazhi/internal/store"
)

type normdocStatsPage struct {
	basePage
	From, To  int
	Years     []int
	Totals    store.NormdocTotals
	Campaigns []store.CampaignStat
	ByYear    []store.YearStat
	Query     string
}

// normdocStatsYears reads from and to (years); 2011 to this year by default, as
// the seed counts "since 2011".
func normdocStatsYears(r *http.Request, today calendar.Date) (int, int) {
	from, to := int(queryInt(r, "from")), int(queryInt(r, "to"))
	if from < 2000 || from > today.Year {
		from = 2011
	}
	if to < from || to > today.Year {
		to = today.Year
	}
	return from, to
}

func (s *Server) normdocStats(r *http.Request) (*normdocStatsPage, error) {
	today := s.today()
	from, to := normdocStatsYears(r, today)
	p := &normdocStatsPage{From: from, To: to, Query: r.URL.RawQuery}
	for y := 2010; y <= today.Year; y++ {
		p.Years = append(p.Years, y)
	}
	var err error
	p.Totals, p.Campaigns, p.ByYear, err = s.store.NormdocStats(r.Context(), mustDay(fmt.Sprintf("%d-01-01", from)),
		mustDay(fmt.Sprintf("%d-12-31", to)), today)
	return p, err
}

func mustDay(s string) calendar.Date {
	d, _ := calendar.ParseDate(s)
	return d
}

func (s *Server) handleNormdocStats(w http.ResponseWriter, r *http.Request) error {
	p, err := s.normdocStats(r)
	if err != nil {
		return err
	}
	if format := r.URL.Query().Get("format"); format != "" {
		rows := make([][]string, len(p.Campaigns))
		for i, c := range p.Campaigns {
			rows[i] = []string{c.Name, c.Kind.Label(), c.Basis, fmt.Sprint(c.Scope), fmt.Sprint(c.ScopeGov), fmt.Sprint(c.ScopeUnit),
				fmt.Sprint(c.Continue), fmt.Sprint(c.Amend), fmt.Sprint(c.Abolish), fmt.Sprint(c.Declare), c.Deadline.String(),
				dateText(c.DecidedOn), c.DecisionNumber, c.State.Label()}
		}
		return writeTable(w, format, "规范性文件清理统计", []string{"清理", "类型", "通知文号", "范围（件）", "市政府及市府办", "各镇（街道）、各部门",
			"继续有效", "修改", "废止", "宣布失效", "报送截止日", "决定日期", "决定文号", "状态"}, rows)
	}
	s.render(w, r, "normdoc_stats", p)
	return nil
}
