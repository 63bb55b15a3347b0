package web

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"fazhi/internal/calendar"
	"fazhi/internal/enforcement"
	"fazhi/internal/store"
)

// testParty marks the cases the web tests create, so the demo figures
// can be told apart from them.
const testParty = "【测试】"

// enfSetup finds, in the demo, a matter of the market regulator with a
// benchmark in force today, a tier with a bounded range, and officers
// entitled for the matter today.
type enfSetup struct {
	unit     int64
	matter   enforcement.Matter
	tier     enforcement.Tier
	officers []int64
	today    calendar.Date
}

func (f *fixture) enfSetup(t *testing.T) enfSetup {
	t.Helper()
	ctx := t.Context()
	today := calendar.DateOf(f.store.Now().In(beijing))
	unit := f.unitID(t, "慈溪市市场监督管理局")
	matters, _, err := f.store.Matters(ctx, store.MatterFilter{UnitID: unit, Active: true, Page: store.Page{Limit: 500}})
	if err != nil {
		t.Fatal(err)
	}
	officers, _, err := f.store.Officers(ctx, store.OfficerFilter{UnitID: unit, Page: store.Page{Limit: 500}})
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range matters {
		b, ok, err := f.store.BenchmarkInForce(ctx, m.ID, today)
		if err != nil || !ok {
			continue
		}
		var tier *enforcement.Tier
		for i, x := range b.Tiers {
			if !x.NoPenalty && x.MaxFine != nil && x.MinFine > 0 && *x.MaxFine < enforcement.Yuan(100000) {
				tier = &b.Tiers[i]
				break
			}
		}
		if tier == nil {
			continue
		}
		var ids []int64
		for _, o := range officers {
			if e, err := f.store.Entitled(ctx, o.PersonID, unit, m.Category, today); err == nil && e.Entitled {
				ids = append(ids, o.PersonID)
			}
			if len(ids) == 2 {
				return enfSetup{unit: unit, matter: m, tier: *tier, officers: ids, today: today}
			}
		}
	}
	t.Fatal("no matter of the market regulator with a benchmark and two entitled officers")
	return enfSetup{}
}

// TestEnforcementDemoFigures checks the demo at Cixi's scale from the
// platform's own statistics: over 2,000 benchmark tiers in force, the
// cases of the demo in every state, live warnings and flags.
func TestEnforcementDemoFigures(t *testing.T) {
	forEachEngine(t, func(t *testing.T, f *fixture) {
		ctx := t.Context()
		today := calendar.Date{Year: 2026, Month: 11, Day: 27}
		tiers, err := f.store.TierCount(ctx, store.BenchmarkFilter{InForceOn: &today, Published: true})
		if err != nil || tiers <= 2000 {
			t.Errorf("benchmark tiers in force: %d, %v; want over 2,000", tiers, err)
		}
		st, err := f.store.CaseStatistics(ctx, store.CaseStatsFilter{From: calendar.Date{Year: 2025, Month: 1, Day: 1}, To: today})
		if err != nil {
			t.Fatal(err)
		}
		_, mine, _ := f.store.Cases(ctx, store.CaseFilter{Query: testParty, Page: store.Page{Limit: 1}})
		if got := st.Total.Registered - mine; got < 3000 {
			t.Errorf("demo cases registered: %d, want several thousand", got)
		}
		if len(st.Units) < 27 {
			t.Errorf("%d units with cases, want the 27 enforcement units", len(st.Units))
		}
		for _, s := range st.States {
			if s.Count == 0 {
				t.Errorf("no demo case in state %s", s.Label)
			}
		}
		tot := st.Total
		if tot.Decisions < 1000 || tot.OnTime == 0 || tot.Late == 0 || tot.WithBenchmark == 0 || tot.Outside == 0 || tot.Fines == 0 ||
			tot.WarningsRaised == 0 || tot.WarningsCleared == 0 || tot.FlagsRaised == 0 || tot.FlagsCleared == 0 {
			t.Errorf("totals %+v", tot)
		}
		if r := tot.BenchmarkShare(); r < 0.8 {
			t.Errorf("share of decisions with a benchmark %.2f", r)
		}
		units, err := f.store.SupervisionUnits(ctx, nil)
		if err != nil {
			t.Fatal(err)
		}
		var red, yellow, flags int
		for _, u := range units {
			red, yellow = red+u.Red, yellow+u.Yellow
			for _, n := range u.Flags {
				flags += n
			}
		}
		if red == 0 || yellow == 0 || flags == 0 {
			t.Errorf("supervision: %d red, %d yellow, %d open flags", red, yellow, flags)
		}
	})
}

// TestCaseScope: a unit's staff never see another unit's cases (404),
// the legal affairs office sees all, partners and the public none.
func TestCaseScope(t *testing.T) {
	forEachEngine(t, func(t *testing.T, f *fixture) {
		ctx := t.Context()
		market, education := f.unitID(t, "慈溪市市场监督管理局"), f.unitID(t, "慈溪市教育局")
		own, _, _ := f.store.Cases(ctx, store.CaseFilter{UnitID: market, Page: store.Page{Limit: 1}})
		other, _, _ := f.store.Cases(ctx, store.CaseFilter{UnitID: education, Page: store.Page{Limit: 1}})
		if len(own) == 0 || len(other) == 0 {
			t.Fatal("demo lacks cases of the market regulator or the education bureau")
		}
		for _, tc := range []struct {
			user          string
			seeOwn, other bool
		}{{"clerk", true, false}, {"officer", true, false}, {"leader", true, false}, {"fazhiban", true, true}, {"admin", true, true}} {
			c := f.login(t, tc.user)
			for _, path := range []string{"/cases/%d", "/api/v1/cases/%d", "/cases/%d/file", "/api/v1/cases/%d/file"} {
				for _, target := range []struct {
					id   int64
					want bool
				}{{own[0].ID, tc.seeOwn}, {other[0].ID, tc.other}} {
					resp := c.do("GET", fmt.Sprintf(path, target.id), nil)
					if target.want && resp.StatusCode != http.StatusOK || !target.want && resp.StatusCode != http.StatusNotFound {
						t.Errorf("%s GET %s: %d, want visible=%v", tc.user, fmt.Sprintf(path, target.id), resp.StatusCode, target.want)
					}
				}
			}
			// Acting on another unit's case is "not found", and writes nothing.
			resp := c.do("POST", fmt.Sprintf("/api/v1/cases/%d/acts", other[0].ID), map[string]any{"action": "close", "on": "2026-11-27"})
			if tc.other == (resp.StatusCode == http.StatusNotFound) {
				t.Errorf("%s act on another unit's case: %d", tc.user, resp.StatusCode)
			}
			resp = c.do("GET", fmt.Sprintf("/api/v1/cases?unit_id=%d", education), nil)
			if !tc.other && resp.StatusCode != http.StatusNotFound {
				t.Errorf("%s lists another unit's cases: %d", tc.user, resp.StatusCode)
			}
			resp = c.do("GET", "/api/v1/cases?limit=200", nil)
			if !tc.other && strings.Contains(resp.body, `"unit_name":"慈溪市教育局"`) {
				t.Errorf("%s's case list includes another unit's cases", tc.user)
			}
		}
		court := f.login(t, "court")
		if resp := court.do("GET", fmt.Sprintf("/api/v1/cases/%d", own[0].ID), nil); resp.StatusCode != http.StatusForbidden {
			t.Errorf("court reads a case: %d", resp.StatusCode)
		}
		if resp := f.anon(t).do("GET", "/api/v1/cases", nil); resp.StatusCode != http.StatusUnauthorized {
			t.Errorf("public lists cases: %d", resp.StatusCode)
		}
	})
}

// TestCaseThroughTheAPI takes a case through the API: the gates refuse
// with the rule and citation and the refusals appear in supervision.
func TestCaseThroughTheAPI(t *testing.T) {
	forEachEngine(t, func(t *testing.T, f *fixture) {
		x := f.enfSetup(t)
		c := f.login(t, "leader")
		day := x.today.String()
		resp := c.do("POST", "/api/v1/cases", map[string]any{"matter_id": x.matter.ID, "source": "complaint", "source_on": day,
			"party": map[string]any{"kind": "organisation", "name": testParty + "慈溪市某某商贸有限公司", "legal_rep": "赵某",
				"code": "91330282MA2H9XWQ77"}})
		if resp.StatusCode != http.StatusCreated {
			t.Fatalf("register: %d %s", resp.StatusCode, resp.body)
		}
		var created enforcement.Case
		json.Unmarshal([]byte(resp.body), &created)
		act := func(body map[string]any) response {
			t.Helper()
			var view struct {
				Case enforcement.Case `json:"case"`
			}
			json.Unmarshal([]byte(c.do("GET", fmt.Sprintf("/api/v1/cases/%d", created.ID), nil).body), &view)
			body["version"], body["on"] = view.Case.ItemVersion, day
			return c.do("POST", fmt.Sprintf("/api/v1/cases/%d/acts", created.ID), body)
		}
		// One officer is not enough (Art. 42).
		if resp := act(map[string]any{"action": "file", "officer_ids": x.officers[:1]}); resp.StatusCode != http.StatusUnprocessableEntity ||
			!strings.Contains(resp.body, "第四十二条") {
			t.Fatalf("filing with one officer: %d %s", resp.StatusCode, resp.body)
		}
		if resp := act(map[string]any{"action": "file", "officer_ids": x.officers}); resp.StatusCode != http.StatusOK {
			t.Fatalf("file: %d %s", resp.StatusCode, resp.body)
		}
		if resp := c.do("POST", fmt.Sprintf("/api/v1/cases/%d/records", created.ID), map[string]any{"kind": "record", "title": "现场检查笔录",
			"on_date": day}); resp.StatusCode != http.StatusCreated {
			t.Fatalf("record: %d %s", resp.StatusCode, resp.body)
		}
		if resp := act(map[string]any{"action": "report", "facts": "销售过期食品"}); resp.StatusCode != http.StatusOK {
			t.Fatalf("report: %d %s", resp.StatusCode, resp.body)
		}
		// No decision without prior notice (Art. 62): refused, cited and flagged.
		resp = act(map[string]any{"action": "decide", "penalty_kinds": "fine", "fine": int64(x.tier.MinFine), "tier_id": x.tier.ID})
		if resp.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(resp.body, "不得作出行政处罚决定") || !strings.Contains(resp.body, "第四十四条") {
			t.Fatalf("decide without notice: %d %s", resp.StatusCode, resp.body)
		}
		sup := c.do("GET", "/api/v1/supervision?kind=blocked", nil)
		if !strings.Contains(sup.body, testParty) || !strings.Contains(sup.body, "不得作出行政处罚决定") {
			t.Errorf("blocked attempt not in supervision: %.500s", sup.body)
		}
		// A fine outside the tier needs a written reason.
		resp = act(map[string]any{"action": "notify", "notice_kinds": "fine", "notice_fine": int64(*x.tier.MaxFine + 100), "tier_id": x.tier.ID})
		if resp.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(resp.body, "deviation_reason") {
			t.Fatalf("notice outside the tier: %d %s", resp.StatusCode, resp.body)
		}
		if resp := act(map[string]any{"action": "notify", "notice_kinds": "fine", "notice_fine": int64(x.tier.MinFine), "tier_id": x.tier.ID}); resp.StatusCode != http.StatusOK {
			t.Fatalf("notify: %d %s", resp.StatusCode, resp.body)
		}
		resp = act(map[string]any{"action": "decide", "penalty_kinds": "fine", "fine": int64(x.tier.MinFine), "tier_id": x.tier.ID, "party_present": true,
			"basis": x.matter.BasisLaw + x.matter.PenaltyBasis})
		if resp.StatusCode != http.StatusOK {
			t.Fatalf("decide: %d %s", resp.StatusCode, resp.body)
		}
		var decided enforcement.Case
		json.Unmarshal([]byte(resp.body), &decided)
		if decided.State != enforcement.Decided || decided.DecisionNumber == "" || decided.BenchmarkVersion == 0 {
			t.Fatalf("decided %+v", decided)
		}
		pdf := c.do("GET", fmt.Sprintf("/cases/%d/decision.pdf", created.ID), nil)
		if pdf.StatusCode != http.StatusOK || !strings.HasPrefix(pdf.body, "%PDF") {
			t.Errorf("decision PDF: %d %.20q", pdf.StatusCode, pdf.body)
		}
		disc := c.do("GET", fmt.Sprintf("/api/v1/cases/%d/disclosure", created.ID), nil)
		if disc.StatusCode != http.StatusOK || !strings.Contains(disc.body, `"CF_WSH":"`+decided.DecisionNumber+`"`) {
			t.Errorf("disclosure data: %d %s", disc.StatusCode, disc.body)
		}
		// The hand-off: the unit publishes the decision; the public finds it
		// by its number, and a second hand-off is refused.
		pub := c.do("POST", fmt.Sprintf("/api/v1/cases/%d/disclosure", created.ID), map[string]any{})
		if pub.StatusCode != http.StatusCreated || !strings.Contains(pub.body, `"status":"published"`) {
			t.Fatalf("publish: %d %s", pub.StatusCode, pub.body)
		}
		found := f.anon(t).do("GET", "/api/v1/penalties?q="+url.QueryEscape(decided.DecisionNumber), nil)
		if found.StatusCode != http.StatusOK || !strings.Contains(found.body, testParty) {
			t.Errorf("public search for %s: %d %.300s", decided.DecisionNumber, found.StatusCode, found.body)
		}
		if again := c.do("POST", fmt.Sprintf("/api/v1/cases/%d/disclosure", created.ID), map[string]any{}); again.StatusCode != http.StatusConflict {
			t.Errorf("second hand-off: %d %s", again.StatusCode, again.body)
		}
	})
}

// TestPublicCatalogue: the public reads published matters and
// benchmarks, never cases.
func TestPublicCatalogue(t *testing.T) {
	forEachEngine(t, func(t *testing.T, f *fixture) {
		pub := f.anon(t)
		for _, path := range []string{"/matters", "/benchmarks", "/api/v1/matters", "/api/v1/benchmarks"} {
			if resp := pub.do("GET", path, nil); resp.StatusCode != http.StatusOK || !strings.Contains(resp.body, "慈溪市") {
				t.Errorf("public %s: %d", path, resp.StatusCode)
			}
		}
		if resp := pub.do("GET", "/benchmarks?format=csv", nil); resp.StatusCode != http.StatusOK || !strings.Contains(resp.body, "裁量幅度") {
			t.Errorf("benchmark export: %d", resp.StatusCode)
		}
		if resp := pub.do("GET", "/cases", nil); resp.StatusCode != http.StatusSeeOther {
			t.Errorf("public /cases: %d", resp.StatusCode)
		}
	})
}
