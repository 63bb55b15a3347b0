package web

import (
	"bytes"
	"fmt"
	"mime/multipart"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"testing"

	"github.com/xuri/excelize/v2"

	"fazhi/internal/audit"
	"fazhi/internal/normdoc"
	"fazhi/internal/pdf"
	"fazhi/internal/store"
)

// The normative-document tests make their own documents (titles carrying
// a per-run mark) on the shared demo fixture, so that campaigns scoped by
// that mark touch nothing the demo or other tests read.

var (
	ndSeqMu sync.Mutex
	ndSeq   = map[string]int{}
)

// ndMark is a title mark unique to one test on one engine.
func (f *fixture) ndMark() string {
	ndSeqMu.Lock()
	defer ndSeqMu.Unlock()
	ndSeq[string(f.engine)]++
	return fmt.Sprintf("网测%d号", ndSeq[string(f.engine)])
}

// ndSerial numbers the documents a test makes on one engine.
func (f *fixture) ndSerial() int {
	ndSeqMu.Lock()
	defer ndSeqMu.Unlock()
	ndSeq["num"+string(f.engine)]++
	return ndSeq["num"+string(f.engine)]
}

// ndDoc registers a document in force, issued by unit (and co-issued by
// co when not empty), with a fresh number.
func (f *fixture) ndDoc(t *testing.T, mark, title, unit, co string) normdoc.Document {
	t.Helper()
	d := normdoc.Document{Title: title + mark, Number: fmt.Sprintf("慈网测发〔2020〕%d号", f.ndSerial()), LeadUnitID: f.unitID(t, unit),
		PublishedOn: ndPtr("2020-03-01"), EffectiveOn: ndPtr("2020-04-01"), ExpiryOn: ndPtr("2030-03-31"), ExpiryFixed: true,
		FullText: "第一条　测试正文。"}
	if co != "" {
		d.Issuers = []normdoc.Issuer{{UnitID: f.unitID(t, co)}}
	}
	if err := f.store.RegisterExisting(t.Context(), audit.System, &d); err != nil {
		t.Fatalf("register %s: %v", d.Title, err)
	}
	return d
}

func TestNormdocScope(t *testing.T) {
	forEachEngine(t, func(t *testing.T, f *fixture) {
		mark := f.ndMark()
		own := f.ndDoc(t, mark, "市场监管局文件", marketUnitName, "")
		joint := f.ndDoc(t, mark, "教育局牵头联合文件", "慈溪市教育局", marketUnitName)
		other := f.ndDoc(t, mark, "教育局文件", "慈溪市教育局", "")
		for _, tc := range []struct {
			user, path string
			want       int
		}{
			{"clerk", fmt.Sprintf("/normdocs/%d", own.ID), http.StatusOK},
			{"clerk", fmt.Sprintf("/normdocs/%d", joint.ID), http.StatusOK},
			{"clerk", fmt.Sprintf("/normdocs/%d", other.ID), http.StatusNotFound},
			{"clerk", fmt.Sprintf("/api/v1/normdocs/%d", other.ID), http.StatusNotFound},
			{"clerk", fmt.Sprintf("/normdocs/%d/edit", own.ID), http.StatusOK},
			{"clerk", fmt.Sprintf("/normdocs/%d/edit", joint.ID), http.StatusForbidden},
			{"leader", fmt.Sprintf("/normdocs/%d", own.ID), http.StatusOK},
			{"fazhiban", fmt.Sprintf("/normdocs/%d", other.ID), http.StatusOK},
			{"court", fmt.Sprintf("/normdocs/%d", own.ID), http.StatusForbidden},
			// Not yet in a published catalog: not public.
			{"", fmt.Sprintf("/catalogs/documents/%d", own.ID), http.StatusNotFound},
			{"court", fmt.Sprintf("/api/v1/catalogs/documents/%d", own.ID), http.StatusNotFound},
		} {
			c := f.anon(t)
			if tc.user != "" {
				c = f.login(t, tc.user)
			}
			if resp := c.do("GET", tc.path, nil); resp.StatusCode != tc.want {
				t.Errorf("%s GET %s: %d, want %d", tc.user, tc.path, resp.StatusCode, tc.want)
			}
		}
		// A co-issuer may not change the document; the lead's clerk may.
		clerk := f.login(t, "clerk")
		resp := clerk.do("PUT", fmt.Sprintf("/api/v1/normdocs/%d", joint.ID), map[string]any{"legal_basis": "x", "version": joint.Version})
		if resp.StatusCode != http.StatusForbidden {
			t.Errorf("co-issuer update: %d %s", resp.StatusCode, resp.body)
		}
		resp = clerk.do("PUT", fmt.Sprintf("/api/v1/normdocs/%d", own.ID), map[string]any{"legal_basis": "《中华人民共和国广告法》",
			"version": own.Version, "reason": "补充依据"})
		if resp.StatusCode != http.StatusOK {
			t.Errorf("lead update: %d %s", resp.StatusCode, resp.body)
		}
		// The list of a unit's staff never shows another unit's document.
		list := clerk.do("GET", "/api/v1/normdocs?q="+url.QueryEscape(mark), nil)
		if !strings.Contains(list.body, own.Title) || !strings.Contains(list.body, joint.Title) || strings.Contains(list.body, other.Title) {
			t.Errorf("clerk list: %s", list.body)
		}
		// A clerk registers only documents led by their unit.
		resp = clerk.do("POST", "/api/v1/normdocs", map[string]any{"title": "越权登记" + mark, "lead_unit_id": f.unitID(t, "慈溪市教育局")})
		if resp.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(resp.body, "lead_unit_id") {
			t.Errorf("registering another unit's document: %d %s", resp.StatusCode, resp.body)
		}
	})
}

const marketUnitName = "慈溪市市场监督管理局"

// TestNormdocPointInTime asks the API what was in force on a day and
// compares with the store's one query.
func TestNormdocPointInTime(t *testing.T) {
	forEachEngine(t, func(t *testing.T, f *fixture) {
		c := f.login(t, "fazhiban")
		for _, day := range []string{"2012-12-31", "2016-06-30", "2017-07-01", "2023-01-01"} {
			_, want, err := f.store.InForceOn(t.Context(), ndDay(day), nil, store.Page{Limit: 1})
			if err != nil {
				t.Fatal(err)
			}
			got := decodeJSON[struct{ Total int }](t, c.do("GET", "/api/v1/normdocs?limit=1&in_force_on="+day, nil).body)
			if got.Total != want || want == 0 {
				t.Errorf("in force on %s: API %d, store %d", day, got.Total, want)
			}
		}
		if got := decodeJSON[struct{ Total int }](t, c.do("GET", "/api/v1/normdocs?limit=1&in_force_on=2017-07-01&level=government", nil).body); got.Total != 392 {
			t.Errorf("documents of the city government in force on the 2017 scope day: %d", got.Total)
		}
		page := c.do("GET", "/normdocs?as_of=2016-06-30&in_force=1", nil)
		if page.StatusCode != http.StatusOK || !strings.Contains(page.body, "2016-06-30") {
			t.Errorf("point-in-time page: %d", page.StatusCode)
		}
		if bad := c.do("GET", "/api/v1/normdocs?as_of=2016-02-30", nil); bad.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(bad.body, "as_of") {
			t.Errorf("a bad day: %d %s", bad.StatusCode, bad.body)
		}
	})
}

// TestCleanupEndToEnd runs a campaign through the pages and the API:
// the office scopes and launches it, the unit proposes, the office
// returns one, approves, decides; the catalogs published after it are
// public with XLSX and PDF.
func TestCleanupEndToEnd(t *testing.T) {
	forEachEngine(t, func(t *testing.T, f *fixture) {
		mark := f.ndMark()
		keep := f.ndDoc(t, mark, "慈溪市继续有效的办法", marketUnitName, "")
		drop := f.ndDoc(t, mark, "慈溪市应当废止的办法", marketUnitName, "")
		office := f.login(t, "fazhiban")
		clerk := f.login(t, "clerk")
		form := url.Values{"name": {"网页测试清理" + mark}, "kind": {"special"}, "as_of": {"2026-01-01"}, "deadline": {"2026-03-01"},
			"query": {mark}, "basis": {"慈政办发[2026]9号"}}
		resp := office.do("POST", "/cleanups", form.Encode()+"&csrf="+office.csrf)
		if resp.StatusCode != http.StatusSeeOther {
			t.Fatalf("create: %d %s", resp.StatusCode, resp.body)
		}
		path := resp.Header.Get("Location")
		camp := decodeJSON[struct{ Campaign normdoc.Campaign }](t, office.do("GET", "/api/v1"+path, nil).body).Campaign
		if camp.Basis != "慈政办发〔2026〕9号" || camp.State != normdoc.Draft {
			t.Fatalf("campaign: %+v", camp)
		}
		if page := office.do("GET", path, nil); !strings.Contains(page.body, "范围内的文件（2 件）") {
			t.Errorf("draft page: %s", page.body[:min(500, len(page.body))])
		}
		if resp := clerk.do("POST", "/api/v1"+path+"/launch", map[string]any{"version": camp.Version}); resp.StatusCode != http.StatusForbidden {
			t.Errorf("a clerk launched: %d", resp.StatusCode)
		}
		if resp := office.do("POST", "/api/v1"+path+"/launch", map[string]any{"version": camp.Version, "on": "2026-01-05"}); resp.StatusCode != http.StatusOK {
			t.Fatalf("launch: %d %s", resp.StatusCode, resp.body)
		}
		items := decodeJSON[struct{ Items []store.CleanupItem }](t, clerk.do("GET", "/api/v1"+path+"/items", nil).body).Items
		if len(items) != 2 {
			t.Fatalf("items: %+v", items)
		}
		byDoc := map[int64]store.CleanupItem{}
		for _, it := range items {
			byDoc[it.DocID] = it
		}
		ref := func(doc int64) map[string]any {
			return map[string]any{"id": byDoc[doc].ID, "version": byDoc[doc].Version}
		}
		// Abolition needs a reason; the unit then proposes both.
		if resp := clerk.do("POST", "/api/v1"+path+"/proposals", map[string]any{"items": []any{ref(drop.ID)}, "outcome": "abolish"}); resp.StatusCode != http.StatusUnprocessableEntity {
			t.Errorf("abolish without reason: %d %s", resp.StatusCode, resp.body)
		}
		if resp := clerk.do("POST", "/api/v1"+path+"/proposals", map[string]any{"items": []any{ref(drop.ID)}, "outcome": "abolish",
			"reason": "approval", "detail": "审批事项已取消"}); resp.StatusCode != http.StatusOK {
			t.Fatalf("propose abolition: %d %s", resp.StatusCode, resp.body)
		}
		// The page form: the clerk keeps the other.
		it := byDoc[keep.ID]
		resp = clerk.do("POST", path+"/proposals", fmt.Sprintf("csrf=%s&item=%d:%d&outcome=continue", clerk.csrf, it.ID, it.Version))
		if resp.StatusCode != http.StatusSeeOther {
			t.Fatalf("page proposal: %d %s", resp.StatusCode, resp.body)
		}
		// Another unit's clerk could not have; the office returns one and approves.
		items = decodeJSON[struct{ Items []store.CleanupItem }](t, office.do("GET", "/api/v1"+path+"/items", nil).body).Items
		for _, it := range items {
			byDoc[it.DocID] = it
		}
		if resp := office.do("POST", "/api/v1"+path+"/review", map[string]any{"items": []any{ref(drop.ID)}, "approve": false,
			"comment": "请写明与哪项改革决定不一致"}); resp.StatusCode != http.StatusOK {
			t.Fatalf("return: %d %s", resp.StatusCode, resp.body)
		}
		if page := clerk.do("GET", path, nil); !strings.Contains(page.body, "请写明与哪项改革决定不一致") || !strings.Contains(page.body, "已退回") {
			t.Error("the clerk does not see the office's comment")
		}
		items = decodeJSON[struct{ Items []store.CleanupItem }](t, clerk.do("GET", "/api/v1"+path+"/items", nil).body).Items
		for _, it := range items {
			byDoc[it.DocID] = it
		}
		if resp := clerk.do("POST", "/api/v1"+path+"/proposals", map[string]any{"items": []any{ref(drop.ID)}, "outcome": "abolish",
			"reason": "approval", "detail": "与国发〔2017〕46号取消的审批事项不一致"}); resp.StatusCode != http.StatusOK {
			t.Fatalf("resubmit: %d %s", resp.StatusCode, resp.body)
		}
		items = decodeJSON[struct{ Items []store.CleanupItem }](t, office.do("GET", "/api/v1"+path+"/items", nil).body).Items
		body := "csrf=" + office.csrf + "&decision=approve"
		for _, it := range items {
			body += fmt.Sprintf("&item=%d:%d", it.ID, it.Version)
		}
		if resp := office.do("POST", path+"/review", body); resp.StatusCode != http.StatusSeeOther {
			t.Fatalf("bulk approval: %d %s", resp.StatusCode, resp.body)
		}
		camp = decodeJSON[struct{ Campaign normdoc.Campaign }](t, office.do("GET", "/api/v1"+path, nil).body).Campaign
		resp = office.do("POST", "/api/v1"+path+"/decision", map[string]any{"version": camp.Version, "decision_number": "慈政发(2026)20号",
			"decided_on": "2026-03-20"})
		if resp.StatusCode != http.StatusOK {
			t.Fatalf("decide: %d %s", resp.StatusCode, resp.body)
		}
		detail := decodeJSON[docDetail](t, office.do("GET", fmt.Sprintf("/api/v1/normdocs/%d", drop.ID), nil).body)
		if detail.Status != normdoc.Abolished || len(detail.Effects) != 1 || detail.Effects[0].DecisionNumber != "慈政发〔2026〕20号" {
			t.Errorf("after the decision: %+v", detail)
		}
		// The catalogs after the campaign: public, with both documents.
		resp = office.do("POST", "/api/v1/catalogs", map[string]any{"campaign_id": camp.ID, "as_of": "2026-03-31", "published_on": "2026-04-08"})
		if resp.StatusCode != http.StatusCreated {
			t.Fatalf("publish: %d %s", resp.StatusCode, resp.body)
		}
		pub := decodeJSON[normdoc.Publication](t, resp.body)
		public := f.anon(t)
		abolished := public.do("GET", fmt.Sprintf("/catalogs/%d?catalog=abolished&q=%s", pub.ID, url.QueryEscape(mark)), nil)
		if abolished.StatusCode != http.StatusOK || !strings.Contains(abolished.body, drop.Title) || strings.Contains(abolished.body, keep.Title) {
			t.Errorf("public abolished catalog: %d", abolished.StatusCode)
		}
		docPage := public.do("GET", fmt.Sprintf("/catalogs/documents/%d", drop.ID), nil)
		if docPage.StatusCode != http.StatusOK || !strings.Contains(docPage.body, "被废止") || !strings.Contains(docPage.body, "测试正文") {
			t.Errorf("public document page: %d", docPage.StatusCode)
		}
		xlsx := public.do("GET", fmt.Sprintf("/catalogs/%d?catalog=in_force&format=xlsx&q=%s", pub.ID, url.QueryEscape(mark)), nil)
		book, err := excelize.OpenReader(strings.NewReader(xlsx.body))
		if err != nil {
			t.Fatalf("xlsx: %v", err)
		}
		rows, _ := book.GetRows(book.GetSheetName(0))
		if len(rows) != 2 || rows[1][1] != keep.Title || rows[1][2] != keep.Number {
			t.Errorf("xlsx rows: %v", rows)
		}
		printed := public.do("GET", fmt.Sprintf("/catalogs/%d?format=pdf", pub.ID), nil)
		if printed.Header.Get("Content-Type") != "application/pdf" || !strings.Contains(printed.Header.Get("Content-Disposition"), "attachment") {
			t.Fatalf("pdf headers: %v", printed.Header)
		}
		text, err := pdf.Text([]byte(printed.body))
		flat := strings.Join(strings.Fields(text), "")
		if err != nil || !strings.Contains(flat, "继续有效的规范性文件目录") || !strings.Contains(flat, "废止的规范性文件目录") ||
			!strings.Contains(flat, drop.Number) {
			t.Errorf("pdf text (%v): %.300s", err, text)
		}
		// The version keeps its rows when the registry changes later.
		e := normdoc.Effect{Kind: normdoc.DeclareExpired, DocID: keep.ID, EffectiveOn: ndDay("2026-05-01")}
		if err := f.store.AddEffect(t.Context(), audit.System, &e, ndDay("2026-05-01")); err != nil {
			t.Fatal(err)
		}
		again := public.do("GET", fmt.Sprintf("/api/v1/catalogs/%d?catalog=in_force&q=%s", pub.ID, url.QueryEscape(mark)), nil)
		if !strings.Contains(again.body, keep.Title) {
			t.Errorf("a published version changed: %s", again.body)
		}
	})
}

func TestNormdocAttachment(t *testing.T) {
	forEachEngine(t, func(t *testing.T, f *fixture) {
		mark := f.ndMark()
		d := f.ndDoc(t, mark, "带附件的办法", marketUnitName, "")
		clerk := f.login(t, "clerk")
		upload := func(name string, data []byte) response {
			var buf bytes.Buffer
			mw := multipart.NewWriter(&buf)
			mw.WriteField("csrf", clerk.csrf)
			fw, _ := mw.CreateFormFile("file", name)
			fw.Write(data)
			mw.Close()
			req, _ := http.NewRequest("POST", fmt.Sprintf("%s/api/v1/normdocs/%d/attachments", f.ts.URL, d.ID), &buf)
			req.Header.Set("Content-Type", mw.FormDataContentType())
			req.Header.Set("X-CSRF-Token", clerk.csrf)
			r, err := clerk.http.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			defer r.Body.Close()
			var b bytes.Buffer
			b.ReadFrom(r.Body)
			return response{r, b.String()}
		}
		if resp := upload("病毒.pdf", []byte("MZ\x90\x00not a pdf")); resp.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(resp.body, "PDF") {
			t.Errorf("a fake PDF: %d %s", resp.StatusCode, resp.body)
		}
		resp := upload("正文.pdf", []byte("%PDF-1.7\n正文"))
		if resp.StatusCode != http.StatusCreated {
			t.Fatalf("upload: %d %s", resp.StatusCode, resp.body)
		}
		a := decodeJSON[normdoc.Attachment](t, resp.body)
		got := clerk.do("GET", fmt.Sprintf("/normdocs/%d/attachments/%d", d.ID, a.ID), nil)
		if got.StatusCode != http.StatusOK || got.body != "%PDF-1.7\n正文" || got.Header.Get("Content-Type") != normdoc.PDFType ||
			!strings.Contains(got.Header.Get("Content-Disposition"), "attachment; filename*=UTF-8''") {
			t.Errorf("download: %d %v", got.StatusCode, got.Header)
		}
		// Another unit's staff, and the public before publication, cannot.
		if r := f.login(t, "court").do("GET", fmt.Sprintf("/normdocs/%d/attachments/%d", d.ID, a.ID), nil); r.StatusCode != http.StatusForbidden {
			t.Errorf("partner download: %d", r.StatusCode)
		}
		if r := f.anon(t).do("GET", fmt.Sprintf("/catalogs/documents/%d/attachments/%d", d.ID, a.ID), nil); r.StatusCode != http.StatusNotFound {
			t.Errorf("public download before publication: %d", r.StatusCode)
		}
	})
}

// TestNormdocLifecycleWeb makes a document through the page forms: the
// clerk registers and submits it, the office passes the review, the
// leader signs with a mistyped number, the office registers it.
func TestNormdocLifecycleWeb(t *testing.T) {
	forEachEngine(t, func(t *testing.T, f *fixture) {
		mark := f.ndMark()
		clerk, leader, office := f.login(t, "clerk"), f.login(t, "leader"), f.login(t, "fazhiban")
		resp := clerk.do("POST", "/normdocs", url.Values{"csrf": {clerk.csrf}, "title": {"慈溪市网络交易监督暂行办法" + mark},
			"lead_unit_id": {fmt.Sprint(f.unitID(t, marketUnitName))}, "reform_tags": {"commercial"}}.Encode())
		if resp.StatusCode != http.StatusSeeOther {
			t.Fatalf("create: %d %s", resp.StatusCode, resp.body)
		}
		path := resp.Header.Get("Location")
		fire := func(c *client, name string, extra url.Values) response {
			t.Helper()
			detail := decodeJSON[docDetail](t, office.do("GET", "/api/v1"+path, nil).body)
			v := url.Values{"csrf": {c.csrf}, "name": {name}, "version": {fmt.Sprint(detail.LifeVersion)}, "on": {"2026-10-12"}}
			for k, vs := range extra {
				v[k] = vs
			}
			return c.do("POST", path+"/transition", v.Encode())
		}
		for _, step := range []struct {
			c      *client
			name   string
			extra  url.Values
			status int
		}{
			{clerk, normdoc.TrSubmit, nil, http.StatusSeeOther},
			{clerk, normdoc.TrPass, nil, http.StatusForbidden},
			{office, normdoc.TrPass, nil, http.StatusSeeOther},
			{clerk, normdoc.TrDeliberate, nil, http.StatusSeeOther},
			{leader, normdoc.TrSign, url.Values{"number": {"慈市监（2026）" + fmt.Sprint(900+len(mark)) + "号"}}, http.StatusSeeOther},
			{office, normdoc.TrRegister, nil, http.StatusSeeOther},
			{clerk, normdoc.TrPublish, nil, http.StatusUnprocessableEntity},
		} {
			if resp := fire(step.c, step.name, step.extra); resp.StatusCode != step.status {
				t.Fatalf("%s: %d, want %d: %.300s", step.name, resp.StatusCode, step.status, resp.body)
			}
		}
		detail := decodeJSON[docDetail](t, office.do("GET", "/api/v1"+path, nil).body)
		if !strings.HasPrefix(detail.Document.Number, "慈市监〔2026〕") || !strings.HasPrefix(detail.Document.RegNumber, "CXSG—2026—") ||
			detail.Document.State != normdoc.StRegistered {
			t.Errorf("after registration: %+v", detail.Document)
		}
		page := clerk.do("GET", path, nil)
		if !strings.Contains(page.body, "施行日期") || !strings.Contains(page.body, "已登记编号") {
			t.Errorf("document page after a failed publication: %d", page.StatusCode)
		}
	})
}

// TestNormdocEvaluationWeb: a document nearing its expiry gets an
// evaluation task for its unit; the unit's clerk continues it through the
// page, which re-registers it with a new validity.
func TestNormdocEvaluationWeb(t *testing.T) {
	forEachEngine(t, func(t *testing.T, f *fixture) {
		mark := f.ndMark()
		today := testToday()
		eff := today.AddDays(-5*365 + 60)
		pub := eff.AddDays(-10)
		d := normdoc.Document{Title: "慈溪市即将到期的办法" + mark, Number: fmt.Sprintf("慈网评发〔%d〕%d号", eff.Year, f.ndSerial()),
			LeadUnitID: f.unitID(t, marketUnitName), PublishedOn: &pub, EffectiveOn: &eff}
		if err := f.store.RegisterExisting(t.Context(), audit.System, &d); err != nil {
			t.Fatal(err)
		}
		if _, err := f.store.RunValidityEngine(t.Context(), today); err != nil {
			t.Fatal(err)
		}
		evs, _ := f.store.Evaluations(t.Context(), store.EvaluationFilter{DocID: d.ID, State: store.EvalOpen})
		if len(evs) != 1 {
			t.Fatalf("evaluations: %+v (expiry %v)", evs, d.ExpiryOn)
		}
		clerk := f.login(t, "clerk")
		if page := clerk.do("GET", fmt.Sprintf("/normdocs/%d", d.ID), nil); !strings.Contains(page.body, "评估结论") {
			t.Fatalf("no evaluation form on the page")
		}
		if court := f.login(t, "court").do("POST", fmt.Sprintf("/api/v1/normdocs/%d/evaluation", d.ID), map[string]any{}); court.StatusCode != http.StatusForbidden {
			t.Errorf("partner evaluation: %d", court.StatusCode)
		}
		resp := clerk.do("POST", fmt.Sprintf("/normdocs/%d/evaluation", d.ID), url.Values{"csrf": {clerk.csrf}, "outcome": {"continue"},
			"on": {today.String()}, "version": {fmt.Sprint(evs[0].Version)}, "note": {"仍符合实际"}}.Encode())
		if resp.StatusCode != http.StatusSeeOther {
			t.Fatalf("decide: %d %.500s", resp.StatusCode, resp.body)
		}
		got, _ := f.store.Normdoc(t.Context(), d.ID)
		if got.ExpiryOn == nil || !got.ExpiryOn.After(*d.ExpiryOn) || got.RegNumber == d.RegNumber {
			t.Errorf("after continuing: expiry %v reg %s (was %v %s)", got.ExpiryOn, got.RegNumber, d.ExpiryOn, d.RegNumber)
		}
	})
}
