package store_test

import (
	"context"
	"fmt"
	"slices"
	"testing"

	"fazhi/internal/apperr"
	"fazhi/internal/sqldb"
	"fazhi/internal/sqldb/dbtest"
	"fazhi/internal/store"
	"fazhi/internal/supervise"
)

// closedCases inserts n closed ordinary-procedure cases of unit (the
// penalty-case writes are another area's; the evaluation reads only the
// case table), closed on successive days from closedFrom.
func (w *supWorld) closedCases(t *testing.T, unit int64, n int, closedFrom string) []int64 {
	t.Helper()
	ctx := context.Background()
	var matter int64
	err := w.s.DB.QueryRowContext(ctx, `INSERT INTO enf_matters (unit_id, code, name, category, basis_law, power_source, created_at, updated_at)
		VALUES ($1, $2, '无照经营', '市场监管', '《无证无照经营查处办法》', 'statutory', $3, $3) RETURNING id`,
		unit, fmt.Sprintf("M%d", unit), w.now).Scan(&matter)
	if err != nil {
		t.Fatal(err)
	}
	var ids []int64
	for i := range n {
		var id int64
		err := w.s.DB.QueryRowContext(ctx, `INSERT INTO enf_cases (unit_id, matter_id, procedure, decision_number, source, source_on,
			party_kind, party_name, closed_on, created_at, updated_at)
			VALUES ($1, $2, 'ordinary', $3, 'inspection', '2025-01-02', 'person', $4, $5, $6, $6) RETURNING id`,
			unit, matter, fmt.Sprintf("慈罚〔2025〕%d-%d号", unit, i+1), fmt.Sprintf("当事人%d", i+1),
			d(closedFrom).AddDays(i), w.now).Scan(&id)
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, id)
	}
	return ids
}

func evalSheet() supervise.Sheet {
	return supervise.Sheet{Name: "行政处罚案卷评查评分表", EffectiveFrom: d("2025-01-01"), Items: []supervise.SheetItem{
		{Category: "执法主体", Text: "执法主体合法，执法人员持证", Points: 20},
		{Category: "事实证据", Text: "事实清楚，证据确凿充分", Points: 30},
		{Category: "执法程序", Text: "程序合法，告知、听证、审核到位", Points: 30},
		{Category: "文书制作", Text: "文书规范，归档完整", Points: 20},
	}}
}

func fullScores(sh supervise.Sheet) []supervise.Score {
	var out []supervise.Score
	for _, it := range sh.Items {
		out = append(out, supervise.Score{ItemID: it.ID, Points: it.Points})
	}
	return out
}

// TestEvaluationBatch: the draw is per unit and deterministic with the
// seed; scores are checked against the batch's sheet version, which is
// fixed once used; results per unit; completion needs every case scored.
func TestEvaluationBatch(t *testing.T) {
	dbtest.Run(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		w := newSupWorld(t, db)
		w.at("2026-02-02")
		aCases := w.closedCases(t, w.a.ID, 8, "2025-03-01")
		bCases := w.closedCases(t, w.b.ID, 2, "2025-05-01")
		w.closedCases(t, w.office.ID, 3, "2026-01-10") // closed after the period
		sh := evalSheet()
		if err := w.s.SaveSheet(ctx, w.clerkA, &sh, ""); apperr.KindOf(err) != apperr.Forbidden {
			t.Errorf("a clerk makes a sheet: %v", err)
		}
		if err := w.s.SaveSheet(ctx, w.legal, &sh, ""); err != nil || sh.Version != 1 {
			t.Fatalf("sheet: %v v%d", err, sh.Version)
		}
		batch := func(name string, seed int64) supervise.Batch {
			b := supervise.Batch{Name: name, Year: 2025, SheetID: sh.ID, ClosedFrom: d("2025-01-01"), ClosedTo: d("2025-12-31"),
				PerUnit: 3, Seed: seed, StartedOn: d("2026-02-02")}
			if err := w.s.StartBatch(ctx, w.legal, &b); err != nil {
				t.Fatal(err)
			}
			return b
		}
		b1 := batch("2025年度第一批", 42)
		if b1.Sampled != 5 || b1.PassMark != 60 || b1.ExcellentMk != 90 || b1.State != supervise.Scoring {
			t.Errorf("batch: %+v", b1)
		}
		drawn := func(b supervise.Batch) []int64 {
			cs, err := w.s.EvaluationCases(ctx, b.ID, nil)
			if err != nil {
				t.Fatal(err)
			}
			var ids []int64
			for _, c := range cs {
				ids = append(ids, c.CaseID)
			}
			return ids
		}
		got := drawn(b1)
		// Same cases, same seed: same draw; B's two cases are both drawn.
		if again := drawn(batch("2025年度复核批", 42)); !slices.Equal(got, again) {
			t.Errorf("same seed drew %v then %v", got, again)
		}
		for _, id := range bCases {
			if !slices.Contains(got, id) {
				t.Errorf("unit B case %d not drawn from %v", id, got)
			}
		}
		nA := 0
		for _, id := range got {
			if slices.Contains(aCases, id) {
				nA++
			}
		}
		if nA != 3 {
			t.Errorf("%d of unit A's cases drawn, want 3", nA)
		}
		// The sheet version in use is fixed; a new version is made instead.
		sh.Note = "修改"
		if err := w.s.SaveSheet(ctx, w.legal, &sh, "调整分值"); apperr.KindOf(err) != apperr.Conflict {
			t.Errorf("change of a used version: %v", err)
		}
		v2 := evalSheet()
		v2.Items[0].Points, v2.Items[3].Points = 15, 25
		if err := w.s.SaveSheet(ctx, w.legal, &v2, ""); err != nil || v2.Version != 2 {
			t.Fatalf("v2: %v v%d", err, v2.Version)
		}
		// Scores are read against the batch's version (v1).
		cases, _ := w.s.EvaluationCases(ctx, b1.ID, nil)
		first := cases[0]
		_, err := w.s.ScoreCase(ctx, w.legal, first.ID, store.ScoreInput{Version: first.Version, Scores: fullScores(v2), On: d("2026-02-02")})
		wantField(t, err, "scores")
		if _, err := w.s.ScoreCase(ctx, w.clerkA, first.ID, store.ScoreInput{Version: first.Version, Scores: fullScores(sh), On: d("2026-02-02")}); apperr.KindOf(err) != apperr.Forbidden {
			t.Errorf("a clerk scores: %v", err)
		}
		for i, c := range cases {
			sc := fullScores(sh)
			if i > 0 { // totals 100, 90, 80, 70, 60
				sc[1].Points, sc[1].Note = 30-5*i, "证据链不完整"
				sc[2].Points, sc[2].Note = 30-5*i, "程序瑕疵"
			}
			e, err := w.s.ScoreCase(ctx, w.legal, c.ID, store.ScoreInput{Version: c.Version, Scores: sc, On: d("2026-02-02"), Comment: "评查意见"})
			if err != nil {
				t.Fatal(err)
			}
			if *e.Total != 100-10*i || len(e.Scores) != 4 {
				t.Errorf("case %d: total %v, %d scores", i, e.Total, len(e.Scores))
			}
		}
		if err := w.s.CompleteBatch(ctx, w.legal, b1.ID, b1.Version, d("2026-02-02")); err != nil {
			t.Fatal(err)
		}
		cases, _ = w.s.EvaluationCases(ctx, b1.ID, nil)
		res := supervise.Results(cases)
		if len(res) != 2 || res[0].UnitID != w.a.ID || res[0].Scored != 3 || res[0].Average != 90 || res[0].Excellent != 2 ||
			res[1].Sampled != 2 || res[1].Pass != 2 {
			t.Errorf("results %+v", res)
		}
		// After completion scores no longer change; a unit sees only its own.
		_, err = w.s.ScoreCase(ctx, w.legal, first.ID, store.ScoreInput{Version: first.Version + 1, Scores: fullScores(sh), On: d("2026-02-02")})
		if apperr.KindOf(err) != apperr.Conflict {
			t.Errorf("score after completion: %v", err)
		}
		own, _ := w.s.EvaluationCases(ctx, b1.ID, w.clerkB.Scope())
		if len(own) != 2 || own[0].UnitID != w.b.ID {
			t.Errorf("unit B sees %+v", own)
		}
		// A second batch over an empty period is refused.
		empty := supervise.Batch{Name: "空批次", Year: 2024, SheetID: sh.ID, ClosedFrom: d("2024-01-01"), ClosedTo: d("2024-12-31"), PerUnit: 3}
		wantField(t, w.s.StartBatch(ctx, w.legal, &empty), "closed_to")
	})
}

func TestEvaluationCompleteNeedsScores(t *testing.T) {
	dbtest.Run(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		w := newSupWorld(t, db)
		w.at("2026-02-02")
		w.closedCases(t, w.a.ID, 2, "2025-03-01")
		sh := evalSheet()
		if err := w.s.SaveSheet(ctx, w.legal, &sh, ""); err != nil {
			t.Fatal(err)
		}
		b := supervise.Batch{Name: "2025年度", Year: 2025, SheetID: sh.ID, ClosedFrom: d("2025-01-01"), ClosedTo: d("2025-12-31"), PerUnit: 5}
		if err := w.s.StartBatch(ctx, w.legal, &b); err != nil {
			t.Fatal(err)
		}
		if b.Seed == 0 || b.StartedOn.String() != "2026-02-02" {
			t.Errorf("seed %d started %s", b.Seed, b.StartedOn)
		}
		if err := w.s.CompleteBatch(ctx, w.legal, b.ID, b.Version, d("2026-02-02")); apperr.KindOf(err) != apperr.Invalid {
			t.Errorf("complete unscored: %v", err)
		}
	})
}
