package web

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"fazhi/internal/org"
	"fazhi/internal/pdf"
	"fazhi/internal/store"
	"fazhi/internal/supervise"
	"fazhi/internal/transfer"
)

// The transfer tests make their own transfers and orders in the clerk's
// unit (慈溪市市场监督管理局) through the API and the forms, as each side
// would; they also read the demo's, whatever their number.

const marketUnit = "慈溪市市场监督管理局"

// team returns two people of the clerk's unit for a case team.
func (f *fixture) team(t *testing.T) []int64 {
	t.Helper()
	people, _, err := f.store.People(t.Context(), store.PersonFilter{UnitID: f.unitID(t, marketUnit), Status: org.Active,
		Page: store.Page{Limit: 2}})
	if err != nil || len(people) < 2 {
		t.Fatalf("people: %v", err)
	}
	return []int64{people[0].ID, people[1].ID}
}

func decodeTransfer(t *testing.T, r response) transferView {
	t.Helper()
	var v transferView
	if err := json.Unmarshal([]byte(r.body), &v); err != nil {
		t.Fatalf("decode %d %s: %v", r.StatusCode, r.body, err)
	}
	return v
}

// newTransfer reports a transfer as the clerk through the API.
func (f *fixture) newTransfer(t *testing.T, clerk *client) transferView {
	t.Helper()
	police, procs := f.unitID(t, "慈溪市公安局"), f.unitID(t, "慈溪市人民检察院")
	r := clerk.do("POST", "/api/v1/transfers", map[string]any{"party_kind": "organisation", "party_name": "网页测试食品有限公司",
		"matter": "生产销售不符合食品安全标准的食品", "facts": "经检验，当事人生产的月饼菌落总数超标。", "suspected_crime": "生产、销售不符合安全标准的食品罪",
		"amount": 15000000, "team": f.team(t), "reported_on": testToday().String(), "police_unit_id": police,
		"procuratorate_unit_id": procs, "items": []map[string]string{{"name": "月饼", "quantity": "1200 盒"}},
		"materials": []string{"letter", "report", "inventory"}})
	if r.StatusCode != http.StatusCreated {
		t.Fatalf("create: %d %s", r.StatusCode, r.body)
	}
	return decodeTransfer(t, r)
}

func (c *client) fire(t *testing.T, id int64, version int, name, reason string) response {
	t.Helper()
	return c.do("POST", fmt.Sprintf("/api/v1/transfers/%d/transitions", id), map[string]any{"name": name, "item_version": version,
		"on": testToday().String(), "reason": reason})
}

// TestTransferByPolice takes a transfer from the unit's report through the
// head's approval to the police, who sign it on the page; the procuratorate
// adds an opinion; the letter carries the number. Each side sees only its
// own acts, and the court, the public and another unit see nothing.
func TestTransferByPolice(t *testing.T) {
	forEachEngine(t, func(t *testing.T, f *fixture) {
		clerk, leader, police, pros := f.login(t, "clerk"), f.login(t, "leader"), f.login(t, "police"), f.login(t, "procuratorate")
		v := f.newTransfer(t, clerk)
		path := fmt.Sprintf("/transfers/%d", v.ID)
		if v.State != transfer.Reported || len(v.Clocks) != 1 || !strings.Contains(v.Clocks[0].Citation, "第五条") {
			t.Fatalf("reported: %s %+v", v.State, v.Clocks)
		}
		// Not yet sent: the partners do not see it.
		for _, c := range []*client{police, pros} {
			if r := c.do("GET", path, nil); r.StatusCode != http.StatusNotFound {
				t.Errorf("partner sees an unsent transfer: %d", r.StatusCode)
			}
		}
		if r := clerk.fire(t, v.ID, v.ItemVersion, "approve", ""); r.StatusCode != http.StatusForbidden {
			t.Errorf("clerk approves: %d %s", r.StatusCode, r.body)
		}
		r := leader.fire(t, v.ID, v.ItemVersion, "approve", "同意移送")
		if r.StatusCode != http.StatusOK {
			t.Fatalf("approve: %d %s", r.StatusCode, r.body)
		}
		v = decodeTransfer(t, r)
		if r = clerk.fire(t, v.ID, v.ItemVersion, "send", ""); r.StatusCode != http.StatusOK {
			t.Fatalf("send: %d %s", r.StatusCode, r.body)
		}
		v = decodeTransfer(t, r)
		if v.Number == "" || v.State != transfer.Sent {
			t.Fatalf("sent: %+v", v.Transfer)
		}
		// The police see it with their acts and sign it with the form.
		page := police.do("GET", path, nil)
		for _, want := range []string{"签收受理", "转送有管辖权的机关", "信息共享", "网页测试食品有限公司", "月饼"} {
			if !strings.Contains(page.body, want) {
				t.Errorf("police page lacks %q", want)
			}
		}
		if strings.Contains(page.body, "变更记录") || strings.Contains(page.body, "/cases/") {
			t.Error("the police see the record's history or the case file link")
		}
		form := url.Values{"name": {"accept"}, "item_version": {fmt.Sprint(v.ItemVersion)}, "on": {testToday().String()},
			"receipt_no": {"慈公收测试1号"}}
		if r = police.do("POST", path+"/act", form.Encode()); r.StatusCode != http.StatusSeeOther {
			t.Fatalf("accept form: %d %s", r.StatusCode, r.body[:min(2000, len(r.body))])
		}
		v = decodeTransfer(t, police.do("GET", "/api/v1"+path, nil))
		if v.State != transfer.Accepted || v.ReceiptNo != "慈公收测试1号" || len(v.Clocks) != 1 ||
			!strings.Contains(v.Clocks[0].Citation, "第八条") {
			t.Errorf("accepted: %s %q %+v", v.State, v.ReceiptNo, v.Clocks)
		}
		if names := actionNamesOf(v.Actions); names != "file not_file" {
			t.Errorf("police actions now: %s", names)
		}
		// The procuratorate may not act for the police, but gives its opinion.
		if r = pros.fire(t, v.ID, v.ItemVersion, "file", ""); r.StatusCode != http.StatusForbidden {
			t.Errorf("procuratorate files: %d %s", r.StatusCode, r.body)
		}
		if r = pros.do("POST", "/api/v1"+path+"/opinions", map[string]any{"opinion": "请依法及时作出立案决定"}); r.StatusCode != http.StatusCreated {
			t.Errorf("opinion: %d %s", r.StatusCode, r.body)
		}
		// Lists: the partners find it; the court, the public and the
		// unit's own list behave.
		for who, c := range map[string]*client{"police": police, "procuratorate": pros, "clerk": clerk, "fazhiban": f.login(t, "fazhiban")} {
			if r := c.do("GET", "/api/v1/transfers?q="+url.QueryEscape(v.Number), nil); !strings.Contains(r.body, v.Number) {
				t.Errorf("%s does not find the transfer: %s", who, r.body[:min(300, len(r.body))])
			}
		}
		court := f.login(t, "court")
		if r = court.do("GET", path, nil); r.StatusCode != http.StatusNotFound {
			t.Errorf("court sees the transfer: %d", r.StatusCode)
		}
		if r = court.do("GET", "/api/v1/transfers", nil); !strings.Contains(r.body, `"total":0`) {
			t.Errorf("court's list: %s", r.body[:min(300, len(r.body))])
		}
		if r = f.anon(t).do("GET", path, nil); !refused(r) {
			t.Errorf("public: %d", r.StatusCode)
		}
		// The letter is the transfer letter with its number, inventory and receipt.
		r = police.do("GET", path+"/letter.pdf", nil)
		if r.StatusCode != http.StatusOK || r.Header.Get("Content-Type") != "application/pdf" {
			t.Fatalf("letter: %d %s", r.StatusCode, r.Header.Get("Content-Type"))
		}
		text, err := pdf.Text([]byte(r.body))
		if err != nil {
			t.Fatal(err)
		}
		for _, want := range []string{"涉嫌犯罪案件移送书", v.Number, "慈溪市公安局：", "涉案物品清单", "月饼", "回执", "抄送：慈溪市人民检察院"} {
			if !strings.Contains(strings.ReplaceAll(text, "\n", ""), want) {
				t.Errorf("letter lacks %q", want)
			}
		}
	})
}

func actionNamesOf(as []actionView) string {
	var names []string
	for _, a := range as {
		names = append(names, a.Name)
	}
	return strings.Join(names, " ")
}

// TestTransferScopeOnDemo: on the demo's transfers every side sees only
// what it may.
func TestTransferScopeOnDemo(t *testing.T) {
	forEachEngine(t, func(t *testing.T, f *fixture) {
		ctx := t.Context()
		all, total, err := f.store.Transfers(ctx, store.TransferFilter{Scope: transfer.Scope{All: true}, Page: store.Page{Limit: 500}})
		if err != nil {
			t.Fatal(err)
		}
		market, police := f.unitID(t, marketUnit), f.unitID(t, "慈溪市公安局")
		for who, want := range map[string]func(transfer.Transfer) bool{
			"clerk":         func(x transfer.Transfer) bool { return x.UnitID == market },
			"police":        func(x transfer.Transfer) bool { return x.Sent() && x.PoliceUnitID == police },
			"procuratorate": func(x transfer.Transfer) bool { return x.Sent() && x.ProcuratorateUnitID != 0 },
			"court":         func(transfer.Transfer) bool { return false },
		} {
			c := f.login(t, who)
			var list struct {
				Items []transfer.Transfer `json:"items"`
				Total int                 `json:"total"`
			}
			r := c.do("GET", "/api/v1/transfers?limit=500", nil)
			if err := json.Unmarshal([]byte(r.body), &list); err != nil {
				t.Fatalf("%s: %v", who, err)
			}
			n := 0
			for _, x := range all {
				if want(x) {
					n++
				}
			}
			if list.Total != n {
				t.Errorf("%s sees %d transfers, want %d of %d", who, list.Total, n, total)
			}
			for _, x := range list.Items {
				if !want(x) {
					t.Errorf("%s sees transfer %d of %s (sent %v)", who, x.ID, x.UnitName, x.SentOn)
				}
			}
			// A transfer it may not see is "not found", page and API alike.
			for _, x := range all {
				if !want(x) {
					if r := c.do("GET", fmt.Sprintf("/api/v1/transfers/%d", x.ID), nil); r.StatusCode != http.StatusNotFound {
						t.Errorf("%s GET another's transfer %d: %d", who, x.ID, r.StatusCode)
					}
					break
				}
			}
		}
	})
}

// TestOrderFlow: the office orders the clerk's unit; the clerk replies on
// the page; the office returns, then accepts; the court and another unit's
// staff are refused.
func TestOrderFlow(t *testing.T) {
	forEachEngine(t, func(t *testing.T, f *fixture) {
		office, clerk, officer := f.login(t, "fazhiban"), f.login(t, "clerk"), f.login(t, "officer")
		market := f.unitID(t, marketUnit)
		r := office.do("POST", "/api/v1/orders", map[string]any{"unit_id": market, "subject": "matter", "title": "网页测试督办",
			"content": "请报送执法公示情况。", "issued_on": testToday().String()})
		if r.StatusCode != http.StatusCreated {
			t.Fatalf("issue: %d %s", r.StatusCode, r.body)
		}
		var o supervise.Order
		json.Unmarshal([]byte(r.body), &o)
		if o.ReplyDue == nil || !o.ReplyDue.After(testToday()) || o.ReplyCitation == "" {
			t.Fatalf("reply due %v %q", o.ReplyDue, o.ReplyCitation)
		}
		path, api := fmt.Sprintf("/supervision/orders/%d", o.ID), fmt.Sprintf("/api/v1/orders/%d", o.ID)
		if r = clerk.do("POST", "/api/v1/orders", map[string]any{"unit_id": market}); r.StatusCode != http.StatusForbidden {
			t.Errorf("clerk issues: %d", r.StatusCode)
		}
		if r = officer.do("POST", path+"/act", url.Values{"name": {"reply"}, "item_version": {fmt.Sprint(o.ItemVersion)},
			"on": {testToday().String()}, "text": {"x"}}.Encode()); r.StatusCode != http.StatusForbidden {
			t.Errorf("officer replies: %d", r.StatusCode)
		}
		form := url.Values{"name": {"reply"}, "item_version": {fmt.Sprint(o.ItemVersion)}, "on": {testToday().String()}, "text": {"已在门户网站公示。"}}
		if r = clerk.do("POST", path+"/act", form.Encode()); r.StatusCode != http.StatusSeeOther {
			t.Fatalf("reply: %d %s", r.StatusCode, r.body[:min(1500, len(r.body))])
		}
		json.Unmarshal([]byte(office.do("GET", api, nil).body), &o)
		r = office.do("POST", api+"/transitions", map[string]any{"name": "return", "item_version": o.ItemVersion, "on": testToday().String()})
		if r.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(r.body, "reason") {
			t.Errorf("return without reason: %d %s", r.StatusCode, r.body)
		}
		r = office.do("POST", api+"/transitions", map[string]any{"name": "accept", "item_version": o.ItemVersion,
			"on": testToday().String(), "text": "同意办结"})
		json.Unmarshal([]byte(r.body), &o)
		if r.StatusCode != http.StatusOK || o.State != supervise.Closed || len(o.Replies) != 1 || o.Replies[0].Outcome != supervise.Accepted {
			t.Errorf("accept: %d %+v", r.StatusCode, o)
		}
		page := clerk.do("GET", path, nil)
		if !strings.Contains(page.body, "验收办结") || !strings.Contains(page.body, "已在门户网站公示。") {
			t.Error("the clerk's page lacks the accepted reply")
		}
		if r = f.login(t, "court").do("GET", path, nil); r.StatusCode != http.StatusForbidden {
			t.Errorf("court: %d", r.StatusCode)
		}
		if r = office.do("GET", path+"/document.pdf", nil); r.StatusCode != http.StatusOK {
			t.Errorf("document: %d", r.StatusCode)
		} else if text, err := pdf.Text([]byte(r.body)); err != nil || !strings.Contains(text, "督办通知书") {
			t.Errorf("document text: %v %.200s", err, text)
		}
	})
}

// TestEvaluationScope: a unit sees only its own drawn cases, and their
// scores only once the batch is completed; the office sees all.
func TestEvaluationScope(t *testing.T) {
	forEachEngine(t, func(t *testing.T, f *fixture) {
		batches, err := f.store.Batches(t.Context())
		if err != nil {
			t.Fatal(err)
		}
		market := f.unitID(t, marketUnit)
		clerk, office := f.login(t, "clerk"), f.login(t, "fazhiban")
		for _, b := range batches {
			var out struct {
				Cases []supervise.Sampled `json:"cases"`
			}
			json.Unmarshal([]byte(clerk.do("GET", fmt.Sprintf("/api/v1/evaluations/%d", b.ID), nil).body), &out)
			for _, c := range out.Cases {
				if c.UnitID != market {
					t.Errorf("batch %d: the clerk sees a case of unit %d", b.ID, c.UnitID)
				}
				if b.State != supervise.Completed && c.Total != nil {
					t.Errorf("batch %d: the clerk sees a score before completion", b.ID)
				}
			}
			all, _ := f.store.EvaluationCases(t.Context(), b.ID, nil)
			json.Unmarshal([]byte(office.do("GET", fmt.Sprintf("/api/v1/evaluations/%d", b.ID), nil).body), &out)
			if len(out.Cases) != len(all) {
				t.Errorf("batch %d: the office sees %d of %d", b.ID, len(out.Cases), len(all))
			}
			r := office.do("GET", fmt.Sprintf("/evaluations/%d?export=results&format=csv", b.ID), nil)
			if r.StatusCode != http.StatusOK || !strings.Contains(r.body, "平均分") {
				t.Errorf("export: %d", r.StatusCode)
			}
			for _, c := range all {
				if c.UnitID != market {
					if r := clerk.do("GET", fmt.Sprintf("/evaluations/cases/%d", c.ID), nil); r.StatusCode != http.StatusNotFound {
						t.Errorf("the clerk opens another unit's drawn case: %d", r.StatusCode)
					}
					break
				}
			}
		}
		if r := f.login(t, "police").do("GET", "/evaluations", nil); r.StatusCode != http.StatusForbidden {
			t.Errorf("police: %d", r.StatusCode)
		}
	})
}
