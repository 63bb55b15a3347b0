package web

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"encoding/xml"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/xuri/excelize/v2"

	"fazhi/internal/disclosure"
	"fazhi/internal/search"
	"fazhi/internal/sqldb"
	"fazhi/internal/store"
)

// searchJSON is /api/v1/penalties as a client reads it.
type searchJSON struct {
	Items []struct {
		disclosure.Public
		URL     string           `json:"url"`
		Snippet []search.Segment `json:"snippet"`
	} `json:"items"`
	Total     int    `json:"total"`
	Capped    bool   `json:"capped"`
	CountText string `json:"count_text"`
	Exact     string `json:"exact"`
}

func (c *client) penalties(query string) searchJSON {
	c.t.Helper()
	resp := c.do("GET", "/api/v1/penalties?"+query, nil)
	if resp.StatusCode != http.StatusOK {
		c.t.Fatalf("search %s: %d %s", query, resp.StatusCode, resp.body)
	}
	var out searchJSON
	if err := json.Unmarshal([]byte(resp.body), &out); err != nil {
		c.t.Fatal(err)
	}
	return out
}

// disclosureWhere finds a demo record that pred selects among those f lists.
func (f *fixture) disclosureWhere(t *testing.T, filter store.DisclosureFilter, pred func(disclosure.Record) bool) disclosure.Record {
	t.Helper()
	filter.Page = store.Page{Limit: 500}
	recs, _, err := f.store.Disclosures(t.Context(), filter)
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range recs {
		if pred(r) {
			return r
		}
	}
	t.Fatalf("no demo disclosure fits %+v", filter)
	return disclosure.Record{}
}

var idNumber = regexp.MustCompile(`\d{17}[\dX]`)

func TestPenaltySearch(t *testing.T) {
	forEachEngine(t, func(t *testing.T, f *fixture) {
		c := f.anon(t)
		all := c.penalties("")
		if !all.Capped || all.CountText != "10,000+" || len(all.Items) != penaltyPageSize {
			t.Fatalf("empty query: capped %v %q, %d items", all.Capped, all.CountText, len(all.Items))
		}
		for i := 1; i < len(all.Items); i++ {
			if all.Items[i].DecidedOn.After(all.Items[i-1].DecidedOn) {
				t.Fatalf("not newest first at %d", i)
			}
		}
		res := c.penalties("q=" + url.QueryEscape("食品安全"))
		if res.Total == 0 || len(res.Items) == 0 {
			t.Fatal("no hits for 食品安全")
		}
		for _, it := range res.Items {
			text := strings.Join([]string{it.PartyName, it.ViolationType, it.Facts, it.Basis, it.Content, it.Agency}, "\n")
			if !strings.Contains(text, "食品安全") {
				t.Errorf("hit %s does not contain the query", it.DecisionNumber)
			}
		}
		marked := false
		for _, it := range res.Items {
			for _, s := range it.Snippet {
				marked = marked || (s.Mark && strings.Contains(s.Text, "食品"))
			}
		}
		if !marked {
			t.Error("no highlighted snippet")
		}
		if page := c.penalties("q=" + url.QueryEscape("食品安全") + "&offset=20"); len(page.Items) > 0 && page.Items[0].ID == res.Items[0].ID {
			t.Error("the second page repeats the first")
		}
		if rel := c.penalties("q=" + url.QueryEscape("食品安全") + "&order=relevance"); rel.Total != res.Total {
			t.Errorf("relevance total %d, newest %d", rel.Total, res.Total)
		}

		// Exact look-ups: a credit code, a decision number typed with [].
		firm := f.disclosureWhere(t, store.DisclosureFilter{Status: disclosure.Published}, func(r disclosure.Record) bool {
			return r.PartyCategory == disclosure.Organisation
		})
		byCode := c.penalties("q=" + firm.CreditCode)
		if byCode.Exact != "统一社会信用代码" || byCode.Total == 0 {
			t.Fatalf("credit code look-up: %+v", byCode)
		}
		for _, it := range byCode.Items {
			if it.CreditCode != firm.CreditCode {
				t.Errorf("credit code look-up found %s", it.CreditCode)
			}
		}
		typed := strings.NewReplacer("〔", "[", "〕", "]").Replace(firm.DecisionNumber)
		byNumber := c.penalties("q=" + url.QueryEscape(typed))
		if byNumber.Exact != "行政处罚决定书文号" || byNumber.Total < 1 || byNumber.Items[0].DecisionNumber != firm.DecisionNumber {
			t.Errorf("number look-up %q: %+v", typed, byNumber.Total)
		}

		// Filters narrow the results.
		market := f.unitID(t, "慈溪市市场监督管理局")
		filtered := c.penalties(fmt.Sprintf("agency=%d&category=fine&party=org&from=2025-01-01&to=2025-12-31", market))
		if filtered.Total == 0 {
			t.Fatal("no fined company of the market bureau in 2025")
		}
		for _, it := range filtered.Items {
			if it.Agency != "慈溪市市场监督管理局" || it.Category != disclosure.Fine || it.PartyType != disclosure.Organisation ||
				it.DecidedOn.Year != 2025 {
				t.Errorf("filter let through %s %s %s %s", it.Agency, it.Category, it.PartyType, it.DecidedOn)
			}
		}
		if resp := c.do("GET", "/api/v1/penalties?from=2025-13-01", nil); resp.StatusCode != http.StatusUnprocessableEntity {
			t.Errorf("bad date: %d", resp.StatusCode)
		}

		// Personal data in the internal facts is not searchable.
		masked := f.disclosureWhere(t, store.DisclosureFilter{Status: disclosure.Published, Query: ""}, func(r disclosure.Record) bool {
			return idNumber.MatchString(r.Facts) && r.Masked != nil && !idNumber.MatchString(r.Masked.Facts)
		})
		if got := c.penalties("q=" + idNumber.FindString(masked.Facts)); got.Total != 0 {
			t.Errorf("an ID number from internal facts finds %d records", got.Total)
		}

		// The page shows the same search with highlights.
		page := c.do("GET", "/penalties?q="+url.QueryEscape("食品安全"), nil)
		if page.StatusCode != http.StatusOK || !strings.Contains(page.body, "<mark>食品安全</mark>") ||
			!strings.Contains(page.body, "/penalties/feed?q=") {
			t.Errorf("search page %d lacks highlights or the feed link", page.StatusCode)
		}
	})
}

func TestDisclosurePermissions(t *testing.T) {
	forEachEngine(t, func(t *testing.T, f *fixture) {
		market := f.unitID(t, "慈溪市市场监督管理局")
		minor := f.disclosureWhere(t, store.DisclosureFilter{Status: disclosure.Withheld}, func(disclosure.Record) bool { return true })
		own := f.disclosureWhere(t, store.DisclosureFilter{UnitID: market, Status: disclosure.Published}, func(r disclosure.Record) bool {
			return r.LegalRepID != ""
		})
		other := f.disclosureWhere(t, store.DisclosureFilter{Status: disclosure.Published}, func(r disclosure.Record) bool {
			return r.UnitID != market && r.PartyCategory == disclosure.Person
		})
		anon, clerk, court, office := f.anon(t), f.login(t, "clerk"), f.login(t, "court"), f.login(t, "fazhiban")

		// A minor's record does not exist for the public, nor for another unit.
		for _, c := range []*client{anon, court} {
			for _, path := range []string{"/penalties/%d", "/api/v1/penalties/%d"} {
				if resp := c.do("GET", fmt.Sprintf(path, minor.ID), nil); resp.StatusCode != http.StatusNotFound {
					t.Errorf("minor's record %s: %d", path, resp.StatusCode)
				}
			}
		}
		if resp := office.do("GET", fmt.Sprintf("/disclosures/%d", minor.ID), nil); resp.StatusCode != http.StatusOK ||
			!strings.Contains(resp.body, "不予公示") {
			t.Errorf("legal office on a minor's record: %d", resp.StatusCode)
		}

		// The public and partners get the masked view without identifiers.
		for _, c := range []*client{anon, court} {
			resp := c.do("GET", fmt.Sprintf("/api/v1/penalties/%d", other.ID), nil)
			if resp.StatusCode != http.StatusOK || strings.Contains(resp.body, other.PartyID) || strings.Contains(resp.body, `"party_id"`) {
				t.Errorf("public record: %d leaks the ID: %.300s", resp.StatusCode, resp.body)
			}
			page := c.do("GET", fmt.Sprintf("/penalties/%d", own.ID), nil)
			if page.StatusCode != http.StatusOK || strings.Contains(page.body, own.LegalRepID) || strings.Contains(page.body, "/disclosures/") {
				t.Errorf("public page of %d: %d, shows the legal rep's ID or an internal link", own.ID, page.StatusCode)
			}
			if resp := c.do("GET", fmt.Sprintf("/api/v1/disclosures/%d", own.ID), nil); !refused(resp) {
				t.Errorf("internal API open to a non-staff viewer: %d", resp.StatusCode)
			}
		}

		// A unit's staff see their own unit's record unmasked, not another's.
		for _, user := range []string{"clerk", "leader"} {
			c := f.login(t, user)
			resp := c.do("GET", fmt.Sprintf("/api/v1/disclosures/%d", own.ID), nil)
			if resp.StatusCode != http.StatusOK || !strings.Contains(resp.body, own.LegalRepID) {
				t.Errorf("%s own record: %d", user, resp.StatusCode)
			}
			for _, path := range []string{"/disclosures/%d", "/api/v1/disclosures/%d"} {
				if resp := c.do("GET", fmt.Sprintf(path, other.ID), nil); resp.StatusCode != http.StatusNotFound {
					t.Errorf("%s another unit's record %s: %d", user, path, resp.StatusCode)
				}
			}
		}
		if resp := clerk.do("GET", fmt.Sprintf("/disclosures/%d", own.ID), nil); !strings.Contains(resp.body, own.LegalRepID) ||
			!strings.Contains(resp.body, "公众看到的内容") {
			t.Errorf("clerk's internal page lacks the unmasked record")
		}
		if resp := clerk.do("GET", fmt.Sprintf("/api/v1/disclosures?unit_id=%d", other.UnitID), nil); resp.StatusCode != http.StatusNotFound {
			t.Errorf("clerk lists another unit: %d", resp.StatusCode)
		}
		var mine list[disclosure.Record]
		json.Unmarshal([]byte(clerk.do("GET", "/api/v1/disclosures?limit=100", nil).body), &mine)
		for _, r := range mine.Items {
			if r.UnitID != market {
				t.Fatalf("clerk's list holds unit %d", r.UnitID)
			}
		}
		if resp := office.do("GET", fmt.Sprintf("/api/v1/disclosures/%d", other.ID), nil); resp.StatusCode != http.StatusOK {
			t.Errorf("legal office on another unit: %d", resp.StatusCode)
		}
	})
}

func TestDisclosureRegisterAndWithdraw(t *testing.T) {
	forEachEngine(t, func(t *testing.T, f *fixture) {
		clerk, anon := f.login(t, "clerk"), f.anon(t)
		market := f.unitID(t, "慈溪市市场监督管理局")
		party := "慈溪市测试撤回电器有限公司" + string(f.engine)
		form := url.Values{"unit_id": {fmt.Sprint(market)}, "party_category": {"org"}, "party_name": {party},
			"credit_code": {"91350100M000100Y43"}, "legal_rep": {"王海峰"}, "decision_number": {"慈市监处罚[2026]9" + fmt.Sprint(len(f.engine)) + "01号"},
			"decided_on": {"2026-11-20"}, "violation_type": {"销售不合格产品"},
			"facts": {"经查，当事人销售不合格插座。消费者李小红（电话13805741234）投诉。"}, "basis": {"《中华人民共和国产品质量法》第五十条"},
			"categories": {"fine"}, "content": {"罚款人民币8000元"}, "fine": {"0.8"}}

		// Errors: nothing is written.
		bad := c2(form, "fine", "八千")
		if resp := clerk.do("POST", "/disclosures", bad.Encode()); resp.StatusCode != http.StatusUnprocessableEntity ||
			!strings.Contains(resp.body, "error-summary") {
			t.Fatalf("bad form: %d", resp.StatusCode)
		}
		elsewhere := c2(form, "unit_id", fmt.Sprint(f.unitID(t, "慈溪市交通运输局")))
		if resp := clerk.do("POST", "/disclosures", elsewhere.Encode()); resp.StatusCode != http.StatusUnprocessableEntity ||
			!strings.Contains(resp.body, "只能登记本单位") {
			t.Errorf("another unit's registration: %d", resp.StatusCode)
		}
		if got := anon.penalties("q=" + url.QueryEscape(party)); got.Total != 0 {
			t.Fatal("a refused registration was published")
		}

		resp := clerk.do("POST", "/disclosures", form.Encode())
		if resp.StatusCode != http.StatusSeeOther {
			t.Fatalf("register: %d %.500s", resp.StatusCode, resp.body)
		}
		var id int64
		fmt.Sscanf(resp.Header.Get("Location"), "/disclosures/%d", &id)
		found := anon.penalties("q=" + url.QueryEscape(party))
		if found.Total != 1 || found.Items[0].ID != id || !strings.Contains(found.Items[0].Facts, "李某某") ||
			strings.Contains(found.Items[0].Facts, "13805741234") {
			t.Fatalf("published record: %+v", found)
		}

		// A leader may read but not withdraw.
		leader := f.login(t, "leader")
		wd := url.Values{"version": {"1"}, "changed_on": {"2026-11-25"}, "reason": {"经行政复议，原行政处罚决定被撤销"}}
		if resp := leader.do("POST", fmt.Sprintf("/disclosures/%d/withdraw", id), wd.Encode()); !refused(resp) {
			t.Errorf("leader withdrew: %d", resp.StatusCode)
		}
		if resp := clerk.do("POST", fmt.Sprintf("/disclosures/%d/withdraw", id), c2(wd, "reason", "").Encode()); resp.StatusCode != http.StatusUnprocessableEntity {
			t.Errorf("withdrawal without reason: %d", resp.StatusCode)
		}
		if resp := clerk.do("POST", fmt.Sprintf("/disclosures/%d/withdraw", id), wd.Encode()); resp.StatusCode != http.StatusSeeOther {
			t.Fatalf("withdraw: %d %.500s", resp.StatusCode, resp.body)
		}
		if got := anon.penalties("q=" + url.QueryEscape(party)); got.Total != 0 {
			t.Error("a withdrawn record is still found")
		}
		log := anon.do("GET", "/penalties/withdrawn", nil)
		if !strings.Contains(log.body, fmt.Sprintf(`href="/penalties/%d"`, id)) || !strings.Contains(log.body, "经行政复议") {
			t.Error("withdrawal log lacks the record")
		}
		tomb := anon.do("GET", fmt.Sprintf("/penalties/%d", id), nil)
		if tomb.StatusCode != http.StatusOK || !strings.Contains(tomb.body, "已撤回") || strings.Contains(tomb.body, "不合格插座") {
			t.Errorf("withdrawn record page: %d", tomb.StatusCode)
		}

		// The API: a minor is withheld; a change starts the clock; a withdrawal ends it.
		minor := map[string]any{"unit_id": market, "party_name": "未成年测试" + string(f.engine), "party_category": "person",
			"party_id_type": "resident_id", "party_id": fixID("33028220100101123"), "decision_number": "慈市监处罚〔2026〕9" + fmt.Sprint(len(f.engine)) + "02号",
			"violation_type": "不按规定明码标价", "facts": "经查……", "basis": "《价格法》第十三条", "categories": []string{"warning"},
			"content": "警告", "decided_on": "2026-11-20"}
		api := clerk.do("POST", "/api/v1/disclosures", minor)
		if api.StatusCode != http.StatusCreated || !strings.Contains(api.body, `"status":"withheld"`) {
			t.Fatalf("API minor: %d %.400s", api.StatusCode, api.body)
		}
		adult := map[string]any{}
		for k, v := range form {
			adult[k] = v[0]
		}
		delete(adult, "fine")
		adult["unit_id"], adult["categories"], adult["fine"] = market, []string{"fine"}, "0.8"
		adult["decision_number"], adult["party_name"] = "慈市监处罚〔2026〕9"+fmt.Sprint(len(f.engine))+"03号", party+"二"
		created := clerk.do("POST", "/api/v1/disclosures", adult)
		var got disclosureJSON
		if err := json.Unmarshal([]byte(created.body), &got); err != nil || created.StatusCode != http.StatusCreated {
			t.Fatalf("API create: %d %s", created.StatusCode, created.body)
		}
		ch := clerk.do("POST", fmt.Sprintf("/api/v1/disclosures/%d/change", got.Record.ID), map[string]any{"version": 1, "on": "2026-11-26", "reason": "判决撤销"})
		if ch.StatusCode != http.StatusOK || !strings.Contains(ch.body, `"status":"changed"`) || !strings.Contains(ch.body, `"withdraw_due"`) {
			t.Fatalf("API change: %d %s", ch.StatusCode, ch.body)
		}
		done := clerk.do("POST", fmt.Sprintf("/api/v1/disclosures/%d/withdraw", got.Record.ID), map[string]any{"version": 2, "reason": "判决撤销"})
		if done.StatusCode != http.StatusOK || !strings.Contains(done.body, `"status":"withdrawn"`) {
			t.Fatalf("API withdraw: %d %s", done.StatusCode, done.body)
		}
	})
}

// c2 is a copy of v with key set to value.
func c2(v url.Values, key, value string) url.Values {
	out := url.Values{}
	for k, vs := range v {
		out[k] = append([]string(nil), vs...)
	}
	out.Set(key, value)
	return out
}

// fixID completes 17 digits of a resident ID with its check character.
func fixID(body string) string {
	weights := []int{7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2}
	sum := 0
	for i, w := range weights {
		sum += int(body[i]-'0') * w
	}
	return body + string("10X98765432"[sum%11])
}

// atom is the subset of Atom 1.0 a feed reader needs.
type atom struct {
	XMLName xml.Name `xml:"http://www.w3.org/2005/Atom feed"`
	Title   string   `xml:"title"`
	ID      string   `xml:"id"`
	Updated string   `xml:"updated"`
	Links   []struct {
		Rel  string `xml:"rel,attr"`
		Href string `xml:"href,attr"`
	} `xml:"link"`
	Author struct {
		Name string `xml:"name"`
	} `xml:"author"`
	Entries []struct {
		Title   string `xml:"title"`
		ID      string `xml:"id"`
		Updated string `xml:"updated"`
		Link    struct {
			Href string `xml:"href,attr"`
		} `xml:"link"`
		Summary string `xml:"summary"`
	} `xml:"entry"`
}

func TestPenaltyFeed(t *testing.T) {
	forEachEngine(t, func(t *testing.T, f *fixture) {
		c := f.anon(t)
		resp := c.do("GET", "/penalties/feed?q="+url.QueryEscape("食品"), nil)
		if resp.StatusCode != http.StatusOK || !strings.HasPrefix(resp.Header.Get("Content-Type"), "application/atom+xml") {
			t.Fatalf("feed: %d %s", resp.StatusCode, resp.Header.Get("Content-Type"))
		}
		var feed atom
		if err := xml.Unmarshal([]byte(resp.body), &feed); err != nil {
			t.Fatalf("feed is not Atom XML: %v", err)
		}
		if feed.Title == "" || !strings.Contains(feed.Title, "食品") || feed.ID == "" || feed.Author.Name == "" {
			t.Errorf("feed head: %q %q %q", feed.Title, feed.ID, feed.Author.Name)
		}
		if _, err := time.Parse(time.RFC3339, feed.Updated); err != nil {
			t.Errorf("feed updated %q: %v", feed.Updated, err)
		}
		self := false
		for _, l := range feed.Links {
			self = self || (l.Rel == "self" && strings.HasPrefix(l.Href, f.ts.URL+"/penalties/feed?"))
		}
		if !self {
			t.Error("no absolute self link")
		}
		if len(feed.Entries) != feedEntries {
			t.Fatalf("%d entries", len(feed.Entries))
		}
		ids := map[string]bool{}
		var last time.Time
		for i, e := range feed.Entries {
			at, err := time.Parse(time.RFC3339, e.Updated)
			if err != nil || e.Title == "" || e.Summary == "" || ids[e.ID] || !strings.HasPrefix(e.Link.Href, f.ts.URL+"/penalties/") {
				t.Fatalf("entry %d: %+v (%v)", i, e, err)
			}
			ids[e.ID] = true
			if at.After(last) {
				last = at
			}
		}
		if up, _ := time.Parse(time.RFC3339, feed.Updated); !up.Equal(last) {
			t.Errorf("feed updated %s, newest entry %s", feed.Updated, last)
		}
		// The linked record is the stable page of the entry.
		first := strings.TrimPrefix(feed.Entries[0].Link.Href, f.ts.URL)
		if page := c.do("GET", first, nil); page.StatusCode != http.StatusOK {
			t.Errorf("entry link %s: %d", first, page.StatusCode)
		}
		if resp := c.do("GET", "/penalties/feed?from=nonsense", nil); resp.StatusCode != http.StatusUnprocessableEntity {
			t.Errorf("feed with a bad date: %d", resp.StatusCode)
		}
	})
}

func TestPenaltyExport(t *testing.T) {
	forEachEngine(t, func(t *testing.T, f *fixture) {
		c := f.anon(t)
		limit := f.srv.exportCap(t.Context())
		resp := c.do("GET", "/penalties/export?format=csv", nil)
		if resp.StatusCode != http.StatusOK || !strings.Contains(resp.Header.Get("Content-Disposition"), ".csv") {
			t.Fatalf("csv: %d", resp.StatusCode)
		}
		rows, err := csv.NewReader(strings.NewReader(strings.TrimPrefix(resp.body, "\uFEFF"))).ReadAll()
		if err != nil {
			t.Fatal(err)
		}
		if len(rows)-1 != limit || rows[0][0] != "行政相对人名称" {
			t.Errorf("export of everything holds %d rows, want the cap %d", len(rows)-1, limit)
		}
		for _, r := range rows[1:] {
			if idNumber.MatchString(r[6]) {
				t.Fatalf("exported facts hold an ID number: %s", r[6])
			}
		}
		firm := f.disclosureWhere(t, store.DisclosureFilter{Status: disclosure.Published}, func(r disclosure.Record) bool {
			return r.PartyCategory == disclosure.Organisation
		})
		x := c.do("GET", "/penalties/export?format=xlsx&q="+firm.CreditCode, nil)
		book, err := excelize.OpenReader(bytes.NewReader([]byte(x.body)))
		if err != nil {
			t.Fatalf("xlsx: %d %v", x.StatusCode, err)
		}
		sheet, _ := book.GetRows(book.GetSheetName(0))
		want := c.penalties("q=" + firm.CreditCode).Total
		if len(sheet)-1 != want || sheet[1][2] != firm.CreditCode {
			t.Errorf("xlsx has %d rows, search %d", len(sheet)-1, want)
		}
		if resp := c.do("GET", "/penalties/export?format=pdf", nil); resp.StatusCode != http.StatusUnprocessableEntity {
			t.Errorf("pdf export: %d", resp.StatusCode)
		}
	})
}

// TestBrowserPenaltySearch types a query into the public search page in
// Chromium, sees highlighted results, and opens a record whose facts carry
// the highlight.
func TestBrowserPenaltySearch(t *testing.T) {
	f := getFixture(t, sqldb.SQLite)
	ctx := browser(t)
	err := chromedp.Do(ctx,
		chromedp.Navigate(f.ts.URL+"/penalties"),
		chromedp.WaitVisible(`#q`),
		chromedp.SendKeys(`#q`, "食品安全"),
		chromedp.Submit(`#q`),
		chromedp.WaitVisible(`.hits mark`),
	)
	if err != nil {
		body, _ := chromedp.Run(ctx, chromedp.OuterHTML(`body`))
		t.Fatalf("browser: %v\n%s", err, body[:min(3000, len(body))])
	}
	marks, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](`Array.from(document.querySelectorAll('.hits mark')).map(m => m.textContent)`))
	if err != nil || len(marks) == 0 {
		t.Fatalf("marks %v %v", marks, err)
	}
	for _, m := range marks {
		if !strings.Contains("食品安全", m) {
			t.Errorf("highlighted %q, not the query", m)
		}
	}
	count, _ := chromedp.Run(ctx, chromedp.Text(`.result-count`))
	if !strings.Contains(count, "共") {
		t.Errorf("count %q", count)
	}
	title, _ := chromedp.Run(ctx, chromedp.Text(`.hit-title a`))
	if err := chromedp.Do(ctx, chromedp.Click(`.hit-title a`), chromedp.WaitVisible(`#facts`)); err != nil {
		t.Fatal(err)
	}
	h1, _ := chromedp.Run(ctx, chromedp.Text(`h1`))
	if strings.TrimSpace(h1) == "" || !strings.Contains(title, strings.TrimSpace(h1)) {
		t.Errorf("record page h1 %q for hit %q", h1, title)
	}
	loc, _ := chromedp.Run(ctx, chromedp.Location())
	if !regexp.MustCompile(`/penalties/\d+\?q=`).MatchString(loc) {
		t.Errorf("record URL %s", loc)
	}
	body, _ := chromedp.Run(ctx, chromedp.Text(`main`))
	if idNumber.MatchString(body) {
		t.Error("the public record shows an ID number")
	}
}

// TestDemoDisclosures checks the demo the fixture loaded: over 40,000
// decisions of the 27 enforcement units on display, counted by the
// platform's own queries, and every stage of the lifecycle present.
func TestDemoDisclosures(t *testing.T) {
	forEachEngine(t, func(t *testing.T, f *fixture) {
		n, err := f.store.SearchableDisclosures(t.Context())
		if err != nil || n < 40000 {
			t.Fatalf("searchable disclosures %d, %v; want over 40,000", n, err)
		}
		if all := f.anon(t).penalties(""); !all.Capped || all.CountText != "10,000+" {
			t.Errorf("the public search counts %q", all.CountText)
		}
		counts, err := f.store.DisclosureCounts(t.Context(), store.DisclosureFilter{})
		if err != nil {
			t.Fatal(err)
		}
		for _, st := range []disclosure.Status{disclosure.Withdrawn, disclosure.Expired, disclosure.Withheld} {
			if counts[st] == 0 {
				t.Errorf("no %s record in the demo: %v", st, counts)
			}
		}
		units, _, err := f.store.Units(t.Context(), store.UnitFilter{Enforcement: true, Active: true, Page: store.Page{Limit: 100}})
		if err != nil || len(units) != 27 {
			t.Fatalf("%d enforcement units, %v", len(units), err)
		}
		for _, u := range units {
			if _, n, err := f.store.Disclosures(t.Context(), store.DisclosureFilter{UnitID: u.ID, Page: store.Page{Limit: 1}}); err != nil || n == 0 {
				t.Errorf("%s has no disclosures (%v)", u.Name, err)
			}
		}
	})
}
