package store

// Statistics and supervision figures of penalty cases (seed measure 4):
// cases by unit, state, matter and month, the on-time rate, amounts, the
// share of decisions that used a benchmark, warnings and flags raised and
// cleared; and the case warnings of the supervision scan.

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"fazhi/internal/calendar"
	"fazhi/internal/enforcement"
)

// CaseStatsFilter selects the cases counted: registered (source day) in
// the period, and decisions made in it.
type CaseStatsFilter struct {
	UnitIDs  []int64 // access scope; nil = all
	UnitID   int64
	From, To calendar.Date
}

// CaseStatRow is the figures of one unit (or the total).
type CaseStatRow struct {
	UnitID          int64             `json:"unit_id,omitempty"`
	UnitName        string            `json:"unit_name"`
	Registered      int               `json:"registered"`
	Filed           int               `json:"filed"`
	Simple          int               `json:"simple"`
	Open            int               `json:"open"`
	Decisions       int               `json:"decisions"` // penalty decisions in the period (both procedures)
	SimpleDecisions int               `json:"simple_decisions"`
	NoPenalty       int               `json:"no_penalty"`
	Transferred     int               `json:"transferred"`
	OnTime          int               `json:"on_time"` // ordinary decisions within the decision period
	Late            int               `json:"late"`
	WithBenchmark   int               `json:"with_benchmark"`
	Outside         int               `json:"outside_benchmark"`
	Fines           enforcement.Money `json:"fines"`
	Confiscations   enforcement.Money `json:"confiscations"`
	WarningsRaised  int               `json:"warnings_raised"`
	WarningsCleared int               `json:"warnings_cleared"`
	FlagsRaised     int               `json:"flags_raised"`
	FlagsCleared    int               `json:"flags_cleared"`
}

// OnTimeRate is the share (0 to 1) of ordinary decisions made in time.
func (r CaseStatRow) OnTimeRate() float64 { return share(r.OnTime, r.OnTime+r.Late) }

// BenchmarkShare is the share (0 to 1) of penalty decisions under the
// ordinary procedure that applied a benchmark (on-the-spot decisions
// apply the statutory limits of Art. 51).
func (r CaseStatRow) BenchmarkShare() float64 {
	return share(r.WithBenchmark, r.Decisions-r.SimpleDecisions)
}

func (r *CaseStatRow) add(o CaseStatRow) {
	r.Registered += o.Registered
	r.Filed += o.Filed
	r.Simple += o.Simple
	r.Open += o.Open
	r.Decisions += o.Decisions
	r.SimpleDecisions += o.SimpleDecisions
	r.NoPenalty += o.NoPenalty
	r.Transferred += o.Transferred
	r.OnTime += o.OnTime
	r.Late += o.Late
	r.WithBenchmark += o.WithBenchmark
	r.Outside += o.Outside
	r.Fines += o.Fines
	r.Confiscations += o.Confiscations
	r.WarningsRaised += o.WarningsRaised
	r.WarningsCleared += o.WarningsCleared
	r.FlagsRaised += o.FlagsRaised
	r.FlagsCleared += o.FlagsCleared
}

// Count is a label with a number (states, matters, months).
type Count struct {
	Key    string            `json:"key"`
	Label  string            `json:"label"`
	Count  int               `json:"count"`
	Amount enforcement.Money `json:"amount,omitempty"`
	Extra  int               `json:"extra,omitempty"`
}

// CaseStats is the statistics page.
type CaseStats struct {
	Units   []CaseStatRow `json:"units"`
	Total   CaseStatRow   `json:"total"`
	States  []Count       `json:"states"`  // cases registered in the period by their state now
	Matters []Count       `json:"matters"` // the most frequent matters (count, fines)
	Months  []Count       `json:"months"`  // registered (Count), decided (Extra) and fines (Amount) by month
}

// CaseStatistics computes the figures of f.
func (s *Store) CaseStatistics(ctx context.Context, f CaseStatsFilter) (CaseStats, error) {
	var st CaseStats
	w := newWhere()
	if f.UnitID != 0 {
		w.add("c.unit_id = ?", f.UnitID)
	}
	if !w.in("c.unit_id", f.UnitIDs) {
		return st, nil
	}
	from, to := f.From.String(), f.To.String()
	rows := map[int64]*CaseStatRow{}
	var order []int64
	row := func(id int64, name string) *CaseStatRow {
		if r, ok := rows[id]; ok {
			return r
		}
		r := &CaseStatRow{UnitID: id, UnitName: name}
		rows[id], order = r, append(order, id)
		return r
	}
	scope := w.sql()
	and := " AND "
	if scope == "" {
		and = " WHERE "
	}
	// Cases registered in the period.
	q := `SELECT c.unit_id, u.name, COUNT(*),
		SUM(CASE WHEN c.filed_on IS NOT NULL THEN 1 ELSE 0 END),
		SUM(CASE WHEN c.procedure = 'simple' THEN 1 ELSE 0 END),
		SUM(CASE WHEN i.state NOT IN ('closed', 'not_filed', 'no_penalty', 'not_established', 'transferred') THEN 1 ELSE 0 END)
		FROM enf_cases c JOIN units u ON u.id = c.unit_id
		JOIN workflow_items i ON i.record_kind = 'penalty_case' AND i.record_id = c.id` + scope + and +
		fmt.Sprintf(`c.source_on >= $%d AND c.source_on <= $%d GROUP BY c.unit_id, u.name, u.sort_order ORDER BY u.sort_order`, len(w.args)+1, len(w.args)+2)
	if err := s.scanStats(ctx, q, append(w.args, from, to), func(sc func(...any) error) error {
		var id int64
		var name string
		var r CaseStatRow
		if err := sc(&id, &name, &r.Registered, &r.Filed, &r.Simple, &r.Open); err != nil {
			return err
		}
		x := row(id, name)
		x.Registered, x.Filed, x.Simple, x.Open = r.Registered, r.Filed, r.Simple, r.Open
		return nil
	}); err != nil {
		return st, err
	}
	// Decisions made in the period, with timeliness against the decision clock.
	q = `SELECT c.unit_id, u.name,
		SUM(CASE WHEN c.outcome = 'penalty' THEN 1 ELSE 0 END),
		SUM(CASE WHEN c.outcome = 'penalty' AND c.procedure = 'simple' THEN 1 ELSE 0 END),
		SUM(CASE WHEN c.outcome IN ('no_penalty', 'not_established') THEN 1 ELSE 0 END),
		SUM(CASE WHEN c.outcome = 'transfer' THEN 1 ELSE 0 END),
		SUM(CASE WHEN c.procedure = 'ordinary' AND t.due_on IS NOT NULL AND c.decided_on <= t.due_on THEN 1 ELSE 0 END),
		SUM(CASE WHEN c.procedure = 'ordinary' AND t.due_on IS NOT NULL AND c.decided_on > t.due_on THEN 1 ELSE 0 END),
		SUM(CASE WHEN c.outcome = 'penalty' AND c.benchmark_id IS NOT NULL THEN 1 ELSE 0 END),
		SUM(CASE WHEN c.outcome = 'penalty' AND c.outside_benchmark THEN 1 ELSE 0 END),
		COALESCE(SUM(CASE WHEN c.outcome = 'penalty' THEN c.fine ELSE 0 END), 0),
		COALESCE(SUM(CASE WHEN c.outcome = 'penalty' THEN c.confiscation ELSE 0 END), 0)
		FROM enf_cases c JOIN units u ON u.id = c.unit_id
		JOIN workflow_items i ON i.record_kind = 'penalty_case' AND i.record_id = c.id
		LEFT JOIN workflow_timers t ON t.item_id = i.id AND t.name = 'decide'` + scope + and +
		fmt.Sprintf(`c.decided_on >= $%d AND c.decided_on <= $%d GROUP BY c.unit_id, u.name, u.sort_order ORDER BY u.sort_order`, len(w.args)+1, len(w.args)+2)
	if err := s.scanStats(ctx, q, append(w.args, from, to), func(sc func(...any) error) error {
		var id int64
		var name string
		var r CaseStatRow
		if err := sc(&id, &name, &r.Decisions, &r.SimpleDecisions, &r.NoPenalty, &r.Transferred, &r.OnTime, &r.Late, &r.WithBenchmark, &r.Outside,
			&r.Fines, &r.Confiscations); err != nil {
			return err
		}
		x := row(id, name)
		x.Decisions, x.SimpleDecisions, x.NoPenalty, x.Transferred = r.Decisions, r.SimpleDecisions, r.NoPenalty, r.Transferred
		x.OnTime, x.Late = r.OnTime, r.Late
		x.WithBenchmark, x.Outside, x.Fines, x.Confiscations = r.WithBenchmark, r.Outside, r.Fines, r.Confiscations
		return nil
	}); err != nil {
		return st, err
	}
	if err := s.supervisionCounts(ctx, w, from, to, row); err != nil {
		return st, err
	}
	for _, id := range order {
		st.Units = append(st.Units, *rows[id])
		st.Total.add(*rows[id])
	}
	st.Total.UnitName = "合计"
	var err error
	if st.States, err = s.caseStateCounts(ctx, w, from, to); err != nil {
		return st, err
	}
	if st.Matters, err = s.caseMatterCounts(ctx, w, from, to); err != nil {
		return st, err
	}
	st.Months, err = s.caseMonthCounts(ctx, w, from, to)
	return st, err
}

// supervisionCounts adds the warnings of case timers and the flags raised
// in the period, and how many of them are cleared.
func (s *Store) supervisionCounts(ctx context.Context, w *where, from, to string, row func(int64, string) *CaseStatRow) error {
	scope := strings.ReplaceAll(w.sql(), "c.unit_id", "i.unit_id")
	and := " AND "
	if scope == "" {
		and = " WHERE "
	}
	n := len(w.args)
	q := `SELECT i.unit_id, u.name, COUNT(*), SUM(CASE WHEN t.state = 'stopped' THEN 1 ELSE 0 END)
		FROM supervision_warnings sw JOIN workflow_timers t ON t.id = sw.timer_id
		JOIN workflow_items i ON i.id = t.item_id AND i.record_kind = 'penalty_case' JOIN units u ON u.id = i.unit_id` + scope + and +
		fmt.Sprintf(`t.due_on >= $%d AND t.warn_on <= $%d GROUP BY i.unit_id, u.name, u.sort_order ORDER BY u.sort_order`, n+1, n+2)
	if err := s.scanStats(ctx, q, append(w.args, from, to), func(sc func(...any) error) error {
		var id int64
		var name string
		var raised, cleared int
		if err := sc(&id, &name, &raised, &cleared); err != nil {
			return err
		}
		x := row(id, name)
		x.WarningsRaised, x.WarningsCleared = raised, cleared
		return nil
	}); err != nil {
		return err
	}
	scope = strings.ReplaceAll(w.sql(), "c.unit_id", "f.unit_id")
	q = `SELECT f.unit_id, u.name, COUNT(*), SUM(CASE WHEN f.cleared_on IS NOT NULL THEN 1 ELSE 0 END)
		FROM enf_flags f JOIN units u ON u.id = f.unit_id` + scope + and +
		fmt.Sprintf(`f.raised_on >= $%d AND f.raised_on <= $%d GROUP BY f.unit_id, u.name, u.sort_order ORDER BY u.sort_order`, n+1, n+2)
	return s.scanStats(ctx, q, append(w.args, from, to), func(sc func(...any) error) error {
		var id int64
		var name string
		var raised, cleared int
		if err := sc(&id, &name, &raised, &cleared); err != nil {
			return err
		}
		x := row(id, name)
		x.FlagsRaised, x.FlagsCleared = raised, cleared
		return nil
	})
}

func (s *Store) scanStats(ctx context.Context, q string, args []any, each func(scan func(...any) error) error) error {
	rows, err := s.DB.QueryContext(ctx, q, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		if err := each(rows.Scan); err != nil {
			return err
		}
	}
	return rows.Err()
}

func (s *Store) caseStateCounts(ctx context.Context, w *where, from, to string) ([]Count, error) {
	scope, and := w.sql(), " AND "
	if scope == "" {
		and = " WHERE "
	}
	q := `SELECT c.procedure, i.state, COUNT(*) FROM enf_cases c
		JOIN workflow_items i ON i.record_kind = 'penalty_case' AND i.record_id = c.id` + scope + and +
		fmt.Sprintf(`c.source_on >= $%d AND c.source_on <= $%d GROUP BY c.procedure, i.state`, len(w.args)+1, len(w.args)+2)
	counts := map[string]int{}
	if err := s.scanStats(ctx, q, append(w.args, from, to), func(sc func(...any) error) error {
		var proc, state string
		var n int
		if err := sc(&proc, &state, &n); err != nil {
			return err
		}
		if proc == string(enforcement.Simple) {
			state = "simple:" + state
		}
		counts[state] += n
		return nil
	}); err != nil {
		return nil, err
	}
	var out []Count
	for _, st := range enforcement.OrdinaryStates() {
		out = append(out, Count{Key: st.Name, Label: st.Label, Count: counts[st.Name]})
	}
	for _, st := range enforcement.SimpleProcedure.States {
		out = append(out, Count{Key: "simple:" + st.Name, Label: "简易程序：" + st.Label, Count: counts["simple:"+st.Name]})
	}
	return out, nil
}

func (s *Store) caseMatterCounts(ctx context.Context, w *where, from, to string) ([]Count, error) {
	scope, and := w.sql(), " AND "
	if scope == "" {
		and = " WHERE "
	}
	q := `SELECT m.code, m.name, COUNT(*), COALESCE(SUM(c.fine), 0) FROM enf_cases c JOIN enf_matters m ON m.id = c.matter_id` +
		scope + and + fmt.Sprintf(`c.source_on >= $%d AND c.source_on <= $%d GROUP BY m.code, m.name ORDER BY COUNT(*) DESC, m.code LIMIT 20`,
		len(w.args)+1, len(w.args)+2)
	var out []Count
	err := s.scanStats(ctx, q, append(w.args, from, to), func(sc func(...any) error) error {
		var c Count
		if err := sc(&c.Key, &c.Label, &c.Count, &c.Amount); err != nil {
			return err
		}
		out = append(out, c)
		return nil
	})
	return out, err
}

func (s *Store) caseMonthCounts(ctx context.Context, w *where, from, to string) ([]Count, error) {
	scope, and := w.sql(), " AND "
	if scope == "" {
		and = " WHERE "
	}
	n := len(w.args)
	months := map[string]*Count{}
	var order []string
	month := func(key string) *Count {
		if c, ok := months[key]; ok {
			return c
		}
		c := &Count{Key: key, Label: key}
		months[key], order = c, append(order, key)
		return c
	}
	q := `SELECT SUBSTR(c.source_on, 1, 7), COUNT(*) FROM enf_cases c` + scope + and +
		fmt.Sprintf(`c.source_on >= $%d AND c.source_on <= $%d GROUP BY SUBSTR(c.source_on, 1, 7)`, n+1, n+2)
	if err := s.scanStats(ctx, q, append(w.args, from, to), func(sc func(...any) error) error {
		var key string
		var k int
		if err := sc(&key, &k); err != nil {
			return err
		}
		month(key).Count = k
		return nil
	}); err != nil {
		return nil, err
	}
	q = `SELECT SUBSTR(c.decided_on, 1, 7), COUNT(*), COALESCE(SUM(c.fine), 0) FROM enf_cases c` + scope + and +
		fmt.Sprintf(`c.outcome = 'penalty' AND c.decided_on >= $%d AND c.decided_on <= $%d GROUP BY SUBSTR(c.decided_on, 1, 7)`, n+1, n+2)
	if err := s.scanStats(ctx, q, append(w.args, from, to), func(sc func(...any) error) error {
		var key string
		var k int
		var amount enforcement.Money
		if err := sc(&key, &k, &amount); err != nil {
			return err
		}
		m := month(key)
		m.Extra, m.Amount = k, amount
		return nil
	}); err != nil {
		return nil, err
	}
	out := make([]Count, 0, len(order))
	for _, k := range sortedKeys(order) {
		out = append(out, *months[k])
	}
	return out, nil
}

func sortedKeys(keys []string) []string {
	out := slices.Clone(keys)
	slices.Sort(out)
	return out
}

// ---------- warnings of case timers ----------

// CaseWarningFilter selects the open warnings of penalty-case timers.
type CaseWarningFilter struct {
	UnitID  int64
	UnitIDs []int64
	Level   string // "" = both
	Timer   string // a timer name, "" = any
	Page    Page
}

// CaseWarning is an open warning with its case.
type CaseWarning struct {
	Warning
	CaseID    int64  `json:"case_id"`
	UnitName  string `json:"unit_name"`
	CaseTitle string `json:"case_title"`
}

func (f CaseWarningFilter) where() (*where, bool) {
	w := newWhere()
	w.add("t.state = 'running' AND i.record_kind = 'penalty_case'")
	// Only the highest level of a timer shows.
	w.add("NOT (sw.level = 'yellow' AND EXISTS (SELECT 1 FROM supervision_warnings r WHERE r.timer_id = sw.timer_id AND r.level = 'red'))")
	if f.UnitID != 0 {
		w.add("i.unit_id = ?", f.UnitID)
	}
	if f.Level != "" {
		w.add("sw.level = ?", f.Level)
	}
	if f.Timer != "" {
		w.add("t.name = ?", f.Timer)
	}
	return w, w.in("i.unit_id", f.UnitIDs)
}

const caseWarningFrom = ` FROM supervision_warnings sw JOIN workflow_timers t ON t.id = sw.timer_id
	JOIN workflow_items i ON i.id = t.item_id JOIN units u ON u.id = i.unit_id`

// CaseWarnings lists open warnings of case timers, red and most overdue
// first, with the total count.
func (s *Store) CaseWarnings(ctx context.Context, f CaseWarningFilter) ([]CaseWarning, int, error) {
	w, ok := f.where()
	if !ok {
		return nil, 0, nil
	}
	var total int
	if err := s.DB.QueryRowContext(ctx, `SELECT COUNT(*)`+caseWarningFrom+w.sql(), w.args...).Scan(&total); err != nil {
		return nil, 0, err
	}
	p := f.Page.Norm()
	rows, err := s.DB.QueryContext(ctx, fmt.Sprintf(`SELECT sw.id, sw.level, sw.raised_at, %s, u.name %s%s
		ORDER BY CASE sw.level WHEN 'red' THEN 0 ELSE 1 END, t.due_on, sw.id LIMIT %d OFFSET %d`,
		timerColumns, caseWarningFrom, w.sql(), p.Limit, p.Offset), w.args...)
	if err != nil {
		return nil, 0, err
	}
	defer rows.Close()
	var out []CaseWarning
	for rows.Next() {
		var cw CaseWarning
		var i itemScan
		dest := append([]any{&cw.ID, &cw.Level, &cw.RaisedAt}, timerDest(&cw.Timer, &i)...)
		if err := rows.Scan(append(dest, &cw.UnitName)...); err != nil {
			return nil, 0, err
		}
		cw.Timer.Item = i.item()
		cw.CaseID, cw.CaseTitle = i.RecordID, i.Title
		if t, ok := enforcement.OrdinaryProcedure.Timer(cw.Timer.Name); ok {
			cw.Timer.Label = t.Label
		}
		out = append(out, cw)
	}
	return out, total, rows.Err()
}

// SupervisionUnit is one unit's line on the supervision page: open
// warnings by level and open flags by kind.
type SupervisionUnit struct {
	UnitID   int64          `json:"unit_id"`
	UnitName string         `json:"unit_name"`
	Yellow   int            `json:"yellow"`
	Red      int            `json:"red"`
	Flags    map[string]int `json:"flags"`
	Open     int            `json:"open_cases"`
}

// Total is the unit's open items.
func (u SupervisionUnit) Total() int {
	n := u.Yellow + u.Red
	for _, v := range u.Flags {
		n += v
	}
	return n
}

// SupervisionUnits counts, per unit in scope, the open warnings of case
// timers and the open flags.
func (s *Store) SupervisionUnits(ctx context.Context, unitIDs []int64) ([]SupervisionUnit, error) {
	byID := map[int64]*SupervisionUnit{}
	var order []int64
	get := func(id int64, name string) *SupervisionUnit {
		if u, ok := byID[id]; ok {
			return u
		}
		u := &SupervisionUnit{UnitID: id, UnitName: name, Flags: map[string]int{}}
		byID[id], order = u, append(order, id)
		return u
	}
	// Every enforcement unit in scope has a line, even with nothing open.
	w := newWhere()
	w.add("u.enforcement = ?", true)
	if !w.in("u.id", unitIDs) {
		return nil, nil
	}
	if err := s.scanStats(ctx, `SELECT u.id, u.name FROM units u`+w.sql()+` AND u.abolished_on IS NULL ORDER BY u.sort_order`, w.args,
		func(sc func(...any) error) error {
			var id int64
			var name string
			if err := sc(&id, &name); err != nil {
				return err
			}
			get(id, name)
			return nil
		}); err != nil {
		return nil, err
	}
	wf, _ := CaseWarningFilter{UnitIDs: unitIDs}.where()
	if err := s.scanStats(ctx, `SELECT i.unit_id, u.name, sw.level, COUNT(*)`+caseWarningFrom+wf.sql()+` GROUP BY i.unit_id, u.name, sw.level`,
		wf.args, func(sc func(...any) error) error {
			var id int64
			var name, level string
			var n int
			if err := sc(&id, &name, &level, &n); err != nil {
				return err
			}
			if level == Red {
				get(id, name).Red = n
			} else {
				get(id, name).Yellow = n
			}
			return nil
		}); err != nil {
		return nil, err
	}
	open := true
	ff, _ := FlagFilter{UnitIDs: unitIDs, Open: &open}.where()
	if err := s.scanStats(ctx, `SELECT f.unit_id, u.name, f.kind, COUNT(*)`+flagFrom+ff.sql()+` GROUP BY f.unit_id, u.name, f.kind`,
		ff.args, func(sc func(...any) error) error {
			var id int64
			var name, kind string
			var n int
			if err := sc(&id, &name, &kind, &n); err != nil {
				return err
			}
			get(id, name).Flags[kind] = n
			return nil
		}); err != nil {
		return nil, err
	}
	cf, _ := CaseFilter{UnitIDs: unitIDs, Open: true}.where()
	if err := s.scanStats(ctx, `SELECT c.unit_id, u.name, COUNT(*)`+caseFrom+cf.sql()+` GROUP BY c.unit_id, u.name`, cf.args,
		func(sc func(...any) error) error {
			var id int64
			var name string
			var n int
			if err := sc(&id, &name, &n); err != nil {
				return err
			}
			get(id, name).Open = n
			return nil
		}); err != nil {
		return nil, err
	}
	out := make([]SupervisionUnit, 0, len(order))
	for _, id := range order {
		out = append(out, *byID[id])
	}
	return out, nil
}
