package web

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"strings"
	"sync"
	"testing"

	"fazhi/internal/account"
	"fazhi/internal/audit"
	"fazhi/internal/enforcement"
	"fazhi/internal/legalreview"
	"fazhi/internal/pdf"
	"fazhi/internal/store"
)

// The legal review tests make their own cases in the market regulator
// (the clerk's unit) from a demo case's matter, tier and officers, and
// refer them to review by the handling head, so that the catalogue's
// amounts do not matter and no demo review is touched.

var lrSeqMu sync.Mutex
var lrSeq int

// lrCase registers, files, investigates and notifies a new case of the
// market regulator like a decided demo case, and refers it to review.
func (f *fixture) lrCase(t *testing.T) enforcement.Case {
	t.Helper()
	ctx := t.Context()
	market := f.unitID(t, reviewMarketUnitName)
	cases, _, err := f.store.Cases(ctx, store.CaseFilter{UnitID: market, Outcome: enforcement.Penalised, Page: store.Page{Limit: 200}})
	if err != nil {
		t.Fatal(err)
	}
	today := testToday()
	var tpl enforcement.Case
	for _, c := range cases {
		if c.NoticeOn != nil && !c.HearingRight && !c.OutsideBenchmark && !c.CollectiveRequired && c.TierID != 0 {
			if full, err := f.store.Case(ctx, c.ID); err == nil && len(full.Officers) >= 2 {
				tpl = full
				break
			}
		}
	}
	if tpl.ID == 0 {
		t.Fatal("no decided demo case of the market regulator to copy")
	}
	lrSeqMu.Lock()
	lrSeq++
	n := lrSeq
	lrSeqMu.Unlock()
	actor := account.Actor{UserID: -1, Name: "测试负责人", UnitID: market, Roles: []account.Role{account.Officer, account.Leader}}
	c := enforcement.Case{UnitID: market, MatterID: tpl.MatterID, Source: "inspection", SourceOn: today.AddDays(-12),
		Party: enforcement.Party{Kind: enforcement.Organisation, Name: fmt.Sprintf("审核测试%s%d号有限公司", f.engine, n), LegalRep: "王某"}}
	if err := f.store.RegisterCase(ctx, audit.System, &c); err != nil {
		t.Fatalf("register: %v", err)
	}
	act := func(a enforcement.Act) {
		t.Helper()
		cur, err := f.store.Case(ctx, c.ID)
		if err != nil {
			t.Fatal(err)
		}
		a.Version = cur.ItemVersion
		if _, err := f.store.ActOnCase(ctx, actor, c.ID, a); err != nil {
			t.Fatalf("%s: %v", a.Name, err)
		}
	}
	ids := []int64{tpl.Officers[0].PersonID, tpl.Officers[1].PersonID}
	act(enforcement.Act{Name: enforcement.ActFile, On: today.AddDays(-10), OfficerIDs: ids})
	rec := enforcement.CaseRecord{CaseID: c.ID, Kind: enforcement.RecRecord, Title: "现场检查笔录", OnDate: today.AddDays(-10)}
	if err := f.store.AddCaseRecord(ctx, audit.System, &rec); err != nil {
		t.Fatal(err)
	}
	violation := today.AddDays(-20)
	act(enforcement.Act{Name: enforcement.ActReport, On: today.AddDays(-6), Facts: "测试违法事实", ViolationOn: &violation,
		AmountInvolved: tpl.AmountInvolved, IllegalGains: tpl.IllegalGains})
	act(enforcement.Act{Name: enforcement.ActNotify, On: today.AddDays(-5), TierID: tpl.TierID, NoticeFine: tpl.NoticeFine,
		NoticeConfiscation: tpl.NoticeConfiscation, NoticeKinds: tpl.NoticeKinds})
	fl := legalreview.CaseFlags{CaseID: c.ID, Referred: true, Note: "案件涉及新型业态，负责人提交法制审核"}
	if err := f.store.SaveCaseFlags(ctx, audit.System, &fl, ""); err != nil {
		t.Fatal(err)
	}
	out, err := f.store.Case(ctx, c.ID)
	if err != nil {
		t.Fatal(err)
	}
	return out
}

const reviewMarketUnitName = "慈溪市市场监督管理局"

// decide tries the decision as the unit's head would.
func (f *fixture) lrDecide(t *testing.T, c enforcement.Case) (enforcement.Case, error) {
	t.Helper()
	cur, err := f.store.Case(t.Context(), c.ID)
	if err != nil {
		t.Fatal(err)
	}
	actor := account.Actor{UserID: -1, Name: "测试负责人", UnitID: c.UnitID, Roles: []account.Role{account.Leader}}
	return f.store.ActOnCase(t.Context(), actor, c.ID, enforcement.Act{Name: enforcement.ActDecide, On: testToday(), Version: cur.ItemVersion,
		PenaltyKinds: cur.NoticeKinds, Fine: cur.NoticeFine, Confiscation: cur.NoticeConfiscation, Basis: "测试依据"})
}

func (c *client) json(method, path string, body any, want int) map[string]any {
	c.t.Helper()
	resp := c.do(method, path, body)
	if resp.StatusCode != want {
		c.t.Fatalf("%s %s: %d, want %d: %s", method, path, resp.StatusCode, want, resp.body)
	}
	out := map[string]any{}
	json.Unmarshal([]byte(resp.body), &out)
	return out
}

// multipartDo sends fields and files (field name → file name) as a form.
func (c *client) multipartDo(method, path string, fields map[string]string, files map[string]string) response {
	c.t.Helper()
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	for k, v := range fields {
		mw.WriteField(k, v)
	}
	for field, name := range files {
		w, _ := mw.CreateFormFile(field, name)
		io.WriteString(w, "%PDF-1.4 测试材料 "+name)
	}
	mw.Close()
	req, _ := http.NewRequest(method, c.f.ts.URL+path, &buf)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	req.Header.Set("X-CSRF-Token", c.csrf)
	resp, err := c.http.Do(req)
	if err != nil {
		c.t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return response{resp, string(b)}
}

func version(m map[string]any) int {
	if r, ok := m["review"].(map[string]any); ok {
		m = r
	}
	v, _ := m["item_version"].(float64)
	return int(v)
}

func findings(problem legalreview.Item) []legalreview.Finding {
	var out []legalreview.Finding
	for _, it := range legalreview.Items() {
		f := legalreview.Finding{Item: it, OK: it != problem}
		if !f.OK {
			f.Comment = "违法所得计算依据不足"
		}
		out = append(out, f)
	}
	return out
}

// TestLegalReviewAPI takes a case through the API: the decision is
// refused without review, the package goes in as JSON, the reviewer
// returns it with a finding, the clerk resubmits (multipart), the
// reviewer agrees, the opinion document names both rounds' findings, and
// the decision goes through.
func TestLegalReviewAPI(t *testing.T) {
	forEachEngine(t, func(t *testing.T, f *fixture) {
		c := f.lrCase(t)
		if _, err := f.lrDecide(t, c); err == nil || !strings.Contains(err.Error(), "承办机构负责人") {
			t.Fatalf("decision without review: %v", err)
		}
		clerk, office, reviewer := f.login(t, "clerk"), f.login(t, "fazhiban"), f.login(t, "reviewer")
		req := clerk.json("GET", fmt.Sprintf("/api/v1/legal-reviews/requirement?case_id=%d", c.ID), nil, http.StatusOK)
		if req["review_required"] != true {
			t.Fatalf("requirement %v", req)
		}
		up := func(k legalreview.Material) map[string]any {
			return map[string]any{"kind": k, "filename": string(k) + ".pdf", "content_type": "application/pdf", "data": []byte("%PDF " + k)}
		}
		body := map[string]any{"case_id": c.ID, "decision_on": testToday().AddDays(7), "materials": []any{up(legalreview.Application),
			up(legalreview.DraftDecision), up(legalreview.InvestigationReport)}}
		if r := clerk.do("POST", "/api/v1/legal-reviews", body); r.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(r.body, "证据材料及清单") {
			t.Fatalf("incomplete package: %d %s", r.StatusCode, r.body)
		}
		body["materials"] = append(body["materials"].([]any), up(legalreview.EvidenceList))
		rv := clerk.json("POST", "/api/v1/legal-reviews", body, http.StatusCreated)
		id := int64(rv["id"].(float64))
		path := fmt.Sprintf("/api/v1/legal-reviews/%d", id)
		reviewerPerson := f.personOf(t, "reviewer")
		// The reviewer of the unit cannot assign to an investigator.
		investigator := c.Officers[0].PersonID
		if r := office.do("POST", path+"/assign", map[string]any{"version": version(rv), "reviewer_id": investigator, "on": testToday()}); r.StatusCode == http.StatusOK {
			t.Fatalf("an investigator assigned: %s", r.body)
		}
		rv = office.json("POST", path+"/assign", map[string]any{"version": version(rv), "reviewer_id": reviewerPerson, "on": testToday()}, http.StatusOK)
		if r := clerk.do("POST", path+"/opinion", map[string]any{"version": version(rv), "findings": findings(""), "conclusion": "agree", "on": testToday()}); r.StatusCode != http.StatusForbidden {
			t.Fatalf("the clerk gives the opinion: %d %s", r.StatusCode, r.body)
		}
		rv = reviewer.json("POST", path+"/opinion", map[string]any{"version": version(rv), "findings": findings(legalreview.FactsEvidence),
			"conclusion": "revise", "summary": "补充进货凭证", "on": testToday()}, http.StatusOK)
		if rv["state"] != legalreview.Returned {
			t.Fatalf("returned %v", rv)
		}
		r := clerk.multipartDo("POST", path+"/resubmit", map[string]string{"version": fmt.Sprint(version(rv)), "note": "已补充进货凭证",
			"on": testToday().String()}, map[string]string{"file_evidence_list": "补充证据.pdf"})
		if r.StatusCode != http.StatusOK || !strings.Contains(r.body, `"round":2`) {
			t.Fatalf("resubmit: %d %s", r.StatusCode, r.body)
		}
		rv = reviewer.json("GET", path, nil, http.StatusOK)
		rv = reviewer.json("POST", path+"/opinion", map[string]any{"version": version(rv), "findings": findings(""), "conclusion": "agree",
			"on": testToday()}, http.StatusOK)
		if rv["state"] != legalreview.Passed {
			t.Fatalf("passed %v", rv)
		}
		for round, want := range map[int]string{1: "违法所得计算依据不足", 2: "同意"} {
			resp := reviewer.do("GET", fmt.Sprintf("/legal-reviews/%d/opinion.pdf?round=%d", id, round), nil)
			text, err := pdf.Text([]byte(resp.body))
			if err != nil || !strings.Contains(text, "重大执法决定法制审核意见书") || !strings.Contains(text, want) {
				t.Errorf("round %d document (%v): %.300s", round, err, text)
			}
		}
		rounds, _ := f.store.ReviewRounds(t.Context(), id)
		if len(rounds) != 2 || len(rounds[1].Materials) != 1 {
			t.Fatalf("rounds %+v", rounds)
		}
		m := clerk.do("GET", fmt.Sprintf("/legal-reviews/%d/materials/%d", id, rounds[1].Materials[0].ID), nil)
		if m.StatusCode != http.StatusOK || !strings.Contains(m.body, "补充证据.pdf") {
			t.Errorf("material download: %d %q", m.StatusCode, m.body)
		}
		if got, err := f.lrDecide(t, c); err != nil || got.State != enforcement.Decided {
			t.Fatalf("decision after the review: %v", err)
		}
	})
}

func (f *fixture) personOf(t *testing.T, username string) int64 {
	t.Helper()
	users, err := f.store.Users(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	for _, u := range users {
		if u.Username == username {
			return u.PersonID
		}
	}
	t.Fatalf("no user %s", username)
	return 0
}

// TestLegalReviewScope: each unit sees its own reviews, the invited
// reviewer the one invited to, partners and the public none; the public
// sees published catalogues only.
func TestLegalReviewScope(t *testing.T) {
	forEachEngine(t, func(t *testing.T, f *fixture) {
		ctx := t.Context()
		market := f.unitID(t, reviewMarketUnitName)
		all, _, err := f.store.LegalReviews(ctx, store.LegalReviewFilter{Page: store.Page{Limit: 500}})
		if err != nil {
			t.Fatal(err)
		}
		reviewer := f.personOf(t, "reviewer")
		var own, other, invited int64
		for _, r := range all {
			switch {
			case r.UnitID == market && own == 0:
				own = r.ID
			case r.UnitID != market && r.ReviewerID == reviewer && invited == 0:
				invited = r.ID
			case r.UnitID != market && r.ReviewerID != reviewer && other == 0:
				other = r.ID
			}
		}
		if own == 0 || other == 0 || invited == 0 {
			t.Fatalf("demo lacks reviews: own %d other %d invited to the reviewer %d", own, other, invited)
		}
		for _, tc := range []struct {
			user                 string
			own, other, invitedS int
		}{
			{"clerk", 200, 404, 404}, {"reviewer", 200, 404, 200}, {"fazhiban", 200, 200, 200},
			{"court", 403, 403, 403}, {"", 303, 303, 303},
		} {
			c := f.anon(t)
			if tc.user != "" {
				c = f.login(t, tc.user)
			}
			for id, want := range map[int64]int{own: tc.own, other: tc.other, invited: tc.invitedS} {
				for _, p := range []string{"/legal-reviews/%d", "/api/v1/legal-reviews/%d"} {
					resp := c.do("GET", fmt.Sprintf(p, id), nil)
					got := resp.StatusCode
					if strings.HasPrefix(p, "/api/") && want == 303 {
						want = 401
					}
					if got != want {
						t.Errorf("%q GET %s: %d, want %d", tc.user, fmt.Sprintf(p, id), got, want)
					}
				}
			}
		}
		// Lists: the clerk sees the market unit's only; the reviewer also
		// the one she was invited to.
		for user, wantOther := range map[string]bool{"clerk": false, "reviewer": true} {
			var out list[lrJSON]
			resp := f.login(t, user).do("GET", "/api/v1/legal-reviews?limit=500", nil)
			json.Unmarshal([]byte(resp.body), &out)
			foreign := 0
			for _, r := range out.Items {
				if r.UnitID != market {
					foreign++
					if r.ReviewerID != reviewer {
						t.Errorf("%s lists review %s of %s", user, r.Number, r.UnitName)
					}
				}
			}
			if (foreign > 0) != wantOther {
				t.Errorf("%s lists %d reviews of other units", user, foreign)
			}
		}
		// Catalogues: the public sees the published, not the draft.
		drafts, _, _ := f.store.Catalogs(ctx, store.CatalogFilter{Drafts: true})
		if len(drafts) == 0 {
			t.Fatal("the demo has no draft catalogue")
		}
		pub := f.anon(t)
		if r := pub.do("GET", fmt.Sprintf("/review-catalogs/%d", drafts[0].ID), nil); r.StatusCode != http.StatusNotFound {
			t.Errorf("public sees a draft: %d", r.StatusCode)
		}
		if r := f.login(t, "clerk").do("GET", fmt.Sprintf("/review-catalogs/%d", drafts[0].ID), nil); (drafts[0].UnitID == market) != (r.StatusCode == http.StatusOK) {
			t.Errorf("clerk and the draft of unit %d: %d", drafts[0].UnitID, r.StatusCode)
		}
		var cats list[catalogJSON]
		r := pub.do("GET", "/api/v1/review-catalogs?limit=500", nil)
		json.Unmarshal([]byte(r.body), &cats)
		if r.StatusCode != http.StatusOK || cats.Total < 27 {
			t.Fatalf("public catalogues: %d, %d", r.StatusCode, cats.Total)
		}
		for _, c := range cats.Items {
			if !c.Published {
				t.Errorf("public API lists draft %d", c.ID)
			}
		}
		if page := pub.do("GET", "/review-catalogs", nil); !strings.Contains(page.body, "重大执法决定法制审核目录") || strings.Contains(page.body, "草稿") {
			t.Error("public catalogue page")
		}
	})
}

// TestLegalReviewDemo checks the demo's consistency: every decided case
// that the catalogue in force on its decision day sends to review passed
// one before the decision; reviews stand in every state; first passes,
// returns and cross-department reviews exist.
func TestLegalReviewDemo(t *testing.T) {
	forEachEngine(t, func(t *testing.T, f *fixture) {
		ctx := t.Context()
		cases, err := store.Collect(func(p store.Page) ([]enforcement.Case, int, error) {
			return f.store.Cases(ctx, store.CaseFilter{Procedure: enforcement.Ordinary, Outcome: enforcement.Penalised, Page: p})
		})
		if err != nil {
			t.Fatal(err)
		}
		checked := 0
		for _, c := range cases {
			if c.DecidedOn == nil || c.Party.Name == "" || strings.HasPrefix(c.Party.Name, "审核测试") {
				continue
			}
			req, err := f.store.CaseRequirement(ctx, c.ID, *c.DecidedOn)
			if err != nil {
				t.Fatal(err)
			}
			if !req.ReviewRequired() {
				continue
			}
			checked++
			if c.ReviewPassedOn == nil || c.ReviewPassedOn.After(*c.DecidedOn) {
				t.Errorf("case %d decided %s needs review (%v) but passed %v", c.ID, c.DecidedOn, req.Reasons(), c.ReviewPassedOn)
			}
		}
		counts, _ := f.store.LegalReviewStateCounts(ctx, store.LegalReviewFilter{})
		for _, st := range reviewStates {
			if counts[st] == 0 {
				t.Errorf("no demo review in state %s (%v)", st, counts)
			}
		}
		st, err := f.store.LegalReviewStats(ctx, testToday().Year, nil, testToday())
		if err != nil {
			t.Fatal(err)
		}
		warns, err := f.store.OpenWarnings(ctx, store.WarningFilter{Limit: 5000})
		if err != nil {
			t.Fatal(err)
		}
		warned := 0
		for _, w := range warns {
			if w.Timer.Item != nil && w.Timer.Item.RecordKind == legalreview.ReviewKind {
				warned++
			}
		}
		if warned == 0 {
			t.Error("no supervision warning on a review clock")
		}
		if checked < 100 || st.Totals.FirstPass == 0 || st.Totals.Returned == 0 || st.Totals.Invited == 0 || st.Totals.OverdueOpen == 0 {
			t.Errorf("checked %d decided cases; totals %+v", checked, st.Totals)
		}
	})
}

// TestLegalReviewPages renders the area's pages for the roles on the
// demo, with the export and the stats.
func TestLegalReviewPages(t *testing.T) {
	forEachEngine(t, func(t *testing.T, f *fixture) {
		clerk := f.login(t, "clerk")
		for path, want := range map[string]string{
			"/legal-reviews":                  "重大执法决定法制审核",
			"/legal-reviews/new":              "待审核案件",
			"/legal-reviews/stats":            "首轮通过率",
			"/legal-reviews/reviewers":        "岑丽萍",
			"/approvals":                      "报市政府批准",
			"/approvals/new":                  "拟稿报批",
			"/review-catalogs?current=1":      "现行有效",
			"/legal-reviews/stats?format=csv": "首轮通过率",
			"/legal-reviews?format=xlsx":      "",
		} {
			r := clerk.do("GET", path, nil)
			if r.StatusCode != http.StatusOK || !strings.Contains(r.body, want) {
				t.Errorf("GET %s: %d, lacks %q", path, r.StatusCode, want)
			}
		}
		stats := f.login(t, "fazhiban").json("GET", fmt.Sprintf("/api/v1/legal-reviews/stats?year=%d", testToday().Year), nil, http.StatusOK)
		if units, _ := stats["units"].([]any); len(units) < 27 {
			t.Errorf("stats for %d units", len(units))
		}
	})
}

// TestLegalReviewCatalogForm: the clerk drafts the next version of the
// unit's catalogue through the form, corrects it, publishes it, and the
// public finds it; bad input writes nothing; the approval catalogue is
// the office's.
func TestLegalReviewCatalogForm(t *testing.T) {
	forEachEngine(t, func(t *testing.T, f *fixture) {
		ctx := t.Context()
		market := f.unitID(t, reviewMarketUnitName)
		before, _, _ := f.store.Catalogs(ctx, store.CatalogFilter{UnitID: market})
		clerk := f.login(t, "clerk")
		if r := clerk.do("POST", "/review-catalogs", "x=1"); r.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(r.body, "审核情形") {
			t.Fatalf("empty form: %d", r.StatusCode)
		}
		form := fmt.Sprintf("unit_id=%d&purpose=review&effective_from=2027-06-01&basis=%s&kind_0=fine_at_least&party_0=person&amount_0=8000"+
			"&kind_1=hearing_held&kind_2=&kind_3=manual_referral", market, "慈市监〔2026〕99号")
		r := clerk.do("POST", "/review-catalogs", form)
		if r.StatusCode != http.StatusSeeOther {
			t.Fatalf("create: %d %s", r.StatusCode, r.body[:min(500, len(r.body))])
		}
		loc := r.Header.Get("Location")
		var id int64
		fmt.Sscanf(loc, "/review-catalogs/%d", &id)
		c, err := f.store.Catalog(ctx, id)
		if err != nil || c.Published || len(c.Rules) != 3 || c.Rules[0].Amount != 8000 || c.Rules[2].Kind != legalreview.ManualReferral {
			t.Fatalf("draft %+v %v", c, err)
		}
		if r := f.anon(t).do("GET", loc, nil); r.StatusCode != http.StatusNotFound {
			t.Errorf("public sees the draft: %d", r.StatusCode)
		}
		r = clerk.do("POST", loc, fmt.Sprintf("rev=%d&effective_from=2027-06-01&basis=%s&kind_0=fine_at_least&party_0=person&amount_0=10000&reason=%s",
			c.Rev, "慈市监〔2026〕99号", "调整金额"))
		if r.StatusCode != http.StatusSeeOther {
			t.Fatalf("update: %d", r.StatusCode)
		}
		c, _ = f.store.Catalog(ctx, id)
		if len(c.Rules) != 1 || c.Rules[0].Amount != 10000 {
			t.Fatalf("updated %+v", c)
		}
		if r := clerk.do("POST", loc+"/publish", fmt.Sprintf("rev=%d&on=%s", c.Rev, testToday())); r.StatusCode != http.StatusSeeOther {
			t.Fatalf("publish: %d %s", r.StatusCode, r.body[:min(500, len(r.body))])
		}
		if r := f.anon(t).do("GET", loc, nil); r.StatusCode != http.StatusOK || !strings.Contains(r.body, "尚未施行") {
			t.Errorf("public after publication: %d", r.StatusCode)
		}
		if r := clerk.do("POST", loc, fmt.Sprintf("rev=%d&effective_from=2027-06-01&basis=x&kind_0=hearing_held", c.Rev+1)); r.StatusCode != http.StatusConflict {
			t.Errorf("editing a published version: %d", r.StatusCode)
		}
		r = clerk.do("POST", "/review-catalogs", fmt.Sprintf("unit_id=%d&purpose=approval&effective_from=2027-06-01&basis=x&kind_0=hearing_held", market))
		if r.StatusCode != http.StatusUnprocessableEntity {
			t.Errorf("a clerk drafts the approval catalogue: %d", r.StatusCode)
		}
		after, _, _ := f.store.Catalogs(ctx, store.CatalogFilter{UnitID: market})
		if len(after) != len(before)+1 {
			t.Errorf("%d versions, want %d", len(after), len(before)+1)
		}
	})
}
