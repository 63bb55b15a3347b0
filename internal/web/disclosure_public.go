package web

// The public penalty pages (seed measure 4): one search box with filters,
// highlighted snippets and counts capped at 10,000; a stable page per
// record; an Atom feed for any search (to follow a company or a keyword);
// the withdrawal log; a capped CSV/XLSX export. Everything shown here is
// the masked public text.

import (
	"context"
	"encoding/xml"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"fazhi/internal/apperr"
	"fazhi/internal/calendar"
	"fazhi/internal/disclosure"
	"fazhi/internal/ident"
	"fazhi/internal/org"
	"fazhi/internal/search"
	"fazhi/internal/store"
)

// penaltyPageSize is the number of hits per page.
const penaltyPageSize = 20

// penaltyForm is the search as the user typed it.
type penaltyForm struct {
	Q        string
	Agency   int64
	From, To string
	Category string
	Party    string
	Order    string // newest or relevance
	Offset   int
	Errors   map[string]string
	// Exact names the look-up the box was taken for ("" for full text).
	Exact string
}

// Searched reports whether any criterion is given.
func (f penaltyForm) Searched() bool {
	return f.Q != "" || f.Agency != 0 || f.From != "" || f.To != "" || f.Category != "" || f.Party != ""
}

// Query is the form as a query string (for the feed, export and paging).
func (f penaltyForm) Query() url.Values {
	v := url.Values{}
	for _, kv := range [][2]string{{"q", f.Q}, {"from", f.From}, {"to", f.To}, {"category", f.Category},
		{"party", f.Party}} {
		if kv[1] != "" {
			v.Set(kv[0], kv[1])
		}
	}
	if f.Agency != 0 {
		v.Set("agency", strconv.FormatInt(f.Agency, 10))
	}
	if f.Order == "relevance" {
		v.Set("order", "relevance")
	}
	return v
}

// penaltyQueryOf reads the search from the request. A query that is a
// valid credit code or a decision number is looked up exactly. Wrong
// filters are reported on the form and left out of the search.
func penaltyQueryOf(r *http.Request) (penaltyForm, search.Query) {
	v := r.URL.Query()
	f := penaltyForm{Q: strings.TrimSpace(v.Get("q")), Agency: queryInt(r, "agency"), From: strings.TrimSpace(v.Get("from")),
		To: strings.TrimSpace(v.Get("to")), Category: v.Get("category"), Party: v.Get("party"), Order: v.Get("order"),
		Errors: map[string]string{}}
	f.Offset, _ = strconv.Atoi(v.Get("offset"))
	f.Offset = max(0, min(f.Offset, search.CountCap-penaltyPageSize))
	if len([]rune(f.Q)) > 200 {
		f.Q = string([]rune(f.Q)[:200])
	}
	q := search.Query{Text: f.Q, AgencyID: f.Agency, Limit: penaltyPageSize, Offset: f.Offset}
	if f.Order == "relevance" {
		q.Order = search.Relevance
	} else {
		f.Order = "newest"
	}
	for _, d := range []struct {
		name, v string
		dst     *calendar.Date
	}{{"from", f.From, &q.From}, {"to", f.To, &q.To}} {
		if d.v == "" {
			continue
		}
		day, err := calendar.ParseDate(d.v)
		if err != nil {
			f.Errors[d.name] = err.Error()
			continue
		}
		*d.dst = day
	}
	if !q.From.IsZero() && !q.To.IsZero() && q.To.Before(q.From) {
		f.Errors["to"] = "截止日期不能早于起始日期"
		q.To = calendar.Date{}
	}
	if c := disclosure.Category(f.Category); f.Category != "" && !c.Valid() {
		f.Errors["category"], f.Category = "未知的处罚类别", ""
	}
	q.Category = f.Category
	if p := disclosure.PartyCategory(f.Party); f.Party != "" && !p.Valid() {
		f.Errors["party"], f.Party = "未知的当事人类别", ""
	}
	q.PartyType = f.Party
	if code := ident.NormalizeCreditCode(f.Q); len(code) == 18 && ident.CheckCreditCode(code) == nil {
		q.Text, q.CreditCode, f.Exact = "", code, "统一社会信用代码"
	} else if disclosure.LooksLikeDecisionNumber(f.Q) {
		q.Text, q.DecisionNumber, f.Exact = "", disclosure.NormalizeDecisionNumber(f.Q), "行政处罚决定书文号"
	}
	return f, q
}

// penaltyHit is one search result as the page and the API show it.
type penaltyHit struct {
	disclosure.Public
	URL     string           `json:"url"`
	Link    string           `json:"-"`       // URL carrying the query, to highlight it on the record page
	Title   []search.Segment `json:"title"`   // the party, highlighted
	Snippet []search.Segment `json:"snippet"` // from the facts, highlighted
}

// penaltyResults runs a search and loads the hits' public records.
func (s *Server) penaltyResults(ctx context.Context, q search.Query, text string) ([]penaltyHit, search.Result, error) {
	res, err := s.store.SearchDisclosures(ctx, q)
	if err != nil {
		return nil, res, err
	}
	ids := make([]int64, len(res.Hits))
	for i, h := range res.Hits {
		ids[i] = h.ID
	}
	recs, err := s.store.PublicDisclosures(ctx, ids)
	if err != nil {
		return nil, res, err
	}
	hits := make([]penaltyHit, len(recs))
	for i, r := range recs {
		p := r.Public()
		hits[i] = penaltyHit{Public: p, URL: fmt.Sprintf("/penalties/%d", r.ID),
			Title: search.Snippet(p.PartyName, text, 80), Snippet: search.Snippet(p.Facts, text, 120)}
		hits[i].Link = hits[i].URL
		if text != "" {
			hits[i].Link += "?q=" + url.QueryEscape(text)
		}
	}
	return hits, res, nil
}

// countText is a count as the page says it: exact up to 10,000, then "10,000+".
func countText(res search.Result) string {
	if res.Capped {
		return "10,000+"
	}
	return groupThousands(res.Total)
}

func groupThousands(n int) string {
	s := strconv.Itoa(n)
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}

// ---------- search page ----------

type penaltySearchPage struct {
	basePage
	Form        penaltyForm
	Hits        []penaltyHit
	Total       int
	CountText   string
	Capped      bool
	Pager       pager
	Agencies    []org.Unit
	Categories  []kindOption
	Parties     []kindOption
	FeedHref    string
	CSVHref     string
	XLSXHref    string
	ExportLimit int
}

func (s *Server) handlePenaltySearch(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	f, q := penaltyQueryOf(r)
	hits, res, err := s.penaltyResults(ctx, q, q.Text)
	if err != nil {
		if apperr.KindOf(err) != apperr.Invalid {
			return err
		}
		f.Errors["q"] = apperr.Message(err)
	}
	agencies, err := s.penaltyAgencies(ctx)
	if err != nil {
		return err
	}
	p := &penaltySearchPage{Form: f, Hits: hits, Total: res.Total, CountText: countText(res), Capped: res.Capped,
		Pager:    pager{Total: res.Total, Limit: penaltyPageSize, Offset: f.Offset, Query: pageQuery(f)},
		Agencies: agencies, Categories: categoryOptions(), Parties: partyOptions(), ExportLimit: s.exportCap(ctx)}
	p.FeedHref, p.CSVHref, p.XLSXHref = "/penalties/feed", withFormat(f, "csv"), withFormat(f, "xlsx")
	if q := f.Query().Encode(); q != "" {
		p.FeedHref += "?" + q
	}
	s.render(w, r, "dis_search", p)
	return nil
}

// withFormat is the export link of the search in format.
func withFormat(f penaltyForm, format string) string {
	v := f.Query()
	v.Set("format", format)
	return "/penalties/export?" + v.Encode()
}

// pageQuery is the query string of the search for the pager's links.
func pageQuery(f penaltyForm) url.Values {
	v := f.Query()
	if f.Order == "newest" {
		v.Set("order", "newest")
	}
	return v
}

// penaltyAgencies are the enforcement units, for the agency filter.
func (s *Server) penaltyAgencies(ctx context.Context) ([]org.Unit, error) {
	units, _, err := s.store.Units(ctx, store.UnitFilter{Enforcement: true, Page: store.Page{Limit: 500}})
	return units, err
}

func categoryOptions() []kindOption {
	out := make([]kindOption, len(disclosure.Categories))
	for i, c := range disclosure.Categories {
		out[i] = kindOption{string(c.Value), c.Label}
	}
	return out
}

func partyOptions() []kindOption {
	out := make([]kindOption, len(disclosure.PartyCategories))
	for i, c := range disclosure.PartyCategories {
		out[i] = kindOption{string(c.Value), c.Label}
	}
	return out
}

// exportCap is the most records one public export holds (rule
// disclosure.export_limit; 5,000 without it).
func (s *Server) exportCap(ctx context.Context) int {
	if r, err := s.store.Rule(ctx, disclosure.RuleExportCap, s.today()); err == nil {
		if n, err := r.Int(); err == nil && n > 0 {
			return min(n, search.CountCap)
		}
	}
	return 5000
}

// ---------- one record ----------

type penaltyRecordPage struct {
	basePage
	Rec       disclosure.Public
	Facts     []search.Segment
	Q         string
	OnDisplay bool
	Internal  bool // the viewer may open the internal record
}

// publicRecord loads a record the public may look up: on display, or
// withdrawn or expired (which then say so). Withheld and unpublished
// records do not exist for the public.
func (s *Server) publicRecord(r *http.Request) (disclosure.Record, error) {
	id, err := pathID(r)
	if err != nil {
		return disclosure.Record{}, err
	}
	rec, err := s.store.Disclosure(r.Context(), id)
	if err != nil || rec.PublishedOn == nil {
		return disclosure.Record{}, apperr.New(apperr.NotFound, "未找到该行政处罚公示")
	}
	return rec, nil
}

func (s *Server) handlePenaltyShow(w http.ResponseWriter, r *http.Request) error {
	rec, err := s.publicRecord(r)
	if err != nil {
		return err
	}
	p := rec.Public()
	q := strings.TrimSpace(r.URL.Query().Get("q"))
	page := &penaltyRecordPage{Rec: p, Q: q, OnDisplay: rec.Status.Public(),
		Internal: actorOf(r).CanViewUnitRecords(rec.UnitID)}
	if q != "" {
		page.Facts = search.Snippet(p.Facts, q, len([]rune(p.Facts))+1)
	} else if p.Facts != "" {
		page.Facts = []search.Segment{{Text: p.Facts}}
	}
	s.render(w, r, "dis_record", page)
	return nil
}

// ---------- withdrawal log ----------

type penaltyWithdrawnPage struct {
	basePage
	Rows  []disclosure.Public
	Pager pager
}

func (s *Server) withdrawnRows(r *http.Request) ([]disclosure.Public, store.Page, int, error) {
	p := pageOf(r)
	recs, total, err := s.store.WithdrawalLog(r.Context(), p)
	out := make([]disclosure.Public, len(recs))
	for i, rec := range recs {
		out[i] = rec.Public()
	}
	return out, p, total, err
}

func (s *Server) handlePenaltyWithdrawn(w http.ResponseWriter, r *http.Request) error {
	rows, p, total, err := s.withdrawnRows(r)
	if err != nil {
		return err
	}
	s.render(w, r, "dis_withdrawn", &penaltyWithdrawnPage{Rows: rows, Pager: newPager(r, p, total)})
	return nil
}

// ---------- Atom feed ----------

// atomFeed is an Atom 1.0 document (RFC 4287).
type atomFeed struct {
	XMLName xml.Name    `xml:"http://www.w3.org/2005/Atom feed"`
	Title   string      `xml:"title"`
	ID      string      `xml:"id"`
	Updated string      `xml:"updated"`
	Links   []atomLink  `xml:"link"`
	Author  atomPerson  `xml:"author"`
	Entries []atomEntry `xml:"entry"`
}

type atomLink struct {
	Rel  string `xml:"rel,attr,omitempty"`
	Type string `xml:"type,attr,omitempty"`
	Href string `xml:"href,attr"`
}

type atomPerson struct {
	Name string `xml:"name"`
}

type atomEntry struct {
	Title     string       `xml:"title"`
	ID        string       `xml:"id"`
	Updated   string       `xml:"updated"`
	Published string       `xml:"published"`
	Links     []atomLink   `xml:"link"`
	Category  atomCategory `xml:"category"`
	Summary   string       `xml:"summary"`
}

type atomCategory struct {
	Term  string `xml:"term,attr"`
	Label string `xml:"label,attr"`
}

// feedEntries is the number of entries of a feed: the newest decisions.
const feedEntries = 50

func (s *Server) handlePenaltyFeed(w http.ResponseWriter, r *http.Request) error {
	f, q := penaltyQueryOf(r)
	if len(f.Errors) > 0 {
		var fe apperr.Fields
		for k, v := range f.Errors {
			fe.Add(k, k, v)
		}
		return fe.Err()
	}
	q.Order, q.Limit, q.Offset = search.Newest, feedEntries, 0
	hits, _, err := s.penaltyResults(r.Context(), q, q.Text)
	if err != nil {
		return err
	}
	base := s.absURL(r, "")
	query := f.Query().Encode()
	if query != "" {
		query = "?" + query
	}
	feed := atomFeed{Title: "慈溪市行政处罚结果公示" + feedTitle(f), ID: base + "/penalties/feed" + query,
		Links: []atomLink{{Rel: "self", Type: "application/atom+xml", Href: base + "/penalties/feed" + query},
			{Rel: "alternate", Type: "text/html", Href: base + "/penalties" + query}},
		Author: atomPerson{Name: "慈溪市司法局（行政执法监督）"}}
	latest := time.Date(2000, 1, 1, 0, 0, 0, 0, beijing)
	for _, h := range hits {
		published := h.DecidedOn.Time()
		if h.PublishedOn != nil {
			published = h.PublishedOn.Time()
		}
		at := time.Date(published.Year(), published.Month(), published.Day(), 0, 0, 0, 0, beijing)
		if at.After(latest) {
			latest = at
		}
		feed.Entries = append(feed.Entries, atomEntry{Title: h.PartyName + " " + h.DecisionNumber,
			ID: base + h.URL, Updated: at.Format(time.RFC3339), Published: at.Format(time.RFC3339),
			Links:    []atomLink{{Rel: "alternate", Type: "text/html", Href: base + h.URL}},
			Category: atomCategory{Term: string(h.Category), Label: h.Category.Label()},
			Summary: fmt.Sprintf("%s（%s）：%s。处罚：%s。决定日期：%s。", h.Agency, h.DecisionNumber, h.ViolationType,
				h.Content, h.DecidedOn)})
	}
	feed.Updated = latest.Format(time.RFC3339)
	w.Header().Set("Content-Type", "application/atom+xml; charset=utf-8")
	w.Write([]byte(xml.Header))
	enc := xml.NewEncoder(w)
	enc.Indent("", "  ")
	return enc.Encode(feed)
}

// feedTitle names the search a feed follows.
func feedTitle(f penaltyForm) string {
	var parts []string
	if f.Q != "" {
		parts = append(parts, "“"+f.Q+"”")
	}
	if f.Category != "" {
		parts = append(parts, disclosure.Category(f.Category).Label())
	}
	if f.Party != "" {
		parts = append(parts, disclosure.PartyCategory(f.Party).Label())
	}
	if len(parts) == 0 {
		return ""
	}
	return "：" + strings.Join(parts, "，")
}

// absURL is path on this server as the client reached it (https when this
// server terminates TLS or runs behind an HTTPS proxy with secure cookies).
func (s *Server) absURL(r *http.Request, path string) string {
	scheme := "http"
	if r.TLS != nil || s.cfg.SecureCookies {
		scheme = "https"
	}
	return scheme + "://" + r.Host + path
}

// ---------- export ----------

func (s *Server) handlePenaltyExport(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	format := r.URL.Query().Get("format")
	if format != "csv" && format != "xlsx" {
		var f apperr.Fields
		f.Add("format", "导出格式", "应为 csv 或 xlsx")
		return f.Err()
	}
	f, q := penaltyQueryOf(r)
	limit := s.exportCap(ctx)
	var rows [][]string
	q.Limit, q.Offset = search.MaxLimit, 0
	for len(rows) < limit {
		q.Limit = min(search.MaxLimit, limit-len(rows))
		hits, res, err := s.penaltyResults(ctx, q, q.Text)
		if err != nil {
			return err
		}
		for _, h := range hits {
			rows = append(rows, exportRow(h.Public, s.absURL(r, h.URL)))
		}
		q.Offset += len(res.Hits)
		if len(res.Hits) < q.Limit {
			break
		}
	}
	if len(rows) > limit {
		rows = rows[:limit]
	}
	w.Header().Set("X-Export-Limit", strconv.Itoa(limit))
	return writeTable(w, format, "行政处罚公示"+exportName(f), exportHeader, rows)
}

func exportName(f penaltyForm) string {
	if f.Q == "" {
		return ""
	}
	return "-" + strings.Map(func(r rune) rune {
		if strings.ContainsRune(`/\:*?"<>|`, r) {
			return '_'
		}
		return r
	}, f.Q)
}

var exportHeader = []string{"行政相对人名称", "行政相对人类别", "统一社会信用代码", "法定代表人", "行政处罚决定书文号", "违法行为类型",
	"违法事实", "处罚依据", "处罚类别", "处罚内容", "罚款金额（万元）", "没收违法所得、没收非法财物的金额（万元）", "暂扣或吊销证照名称及编号",
	"处罚决定日期", "处罚有效期", "公示截止期", "处罚机关", "处罚机关统一社会信用代码", "数据来源单位", "数据来源单位统一社会信用代码", "备注", "链接"}

func exportRow(p disclosure.Public, link string) []string {
	valid := ""
	if p.PenaltyValidUntil != nil {
		valid = p.PenaltyValidUntil.String()
	}
	return []string{p.PartyName, p.PartyCategory, p.CreditCode, p.LegalRep, p.DecisionNumber, p.ViolationType, p.Facts,
		p.Basis, p.Categories, p.Content, p.Fine.Wan(), p.Confiscation.Wan(), p.Licence, p.DecidedOn.String(), valid,
		p.DisplayUntil.String(), p.Agency, p.AgencyCode, p.DataSource, p.DataSourceCode, p.Note, link}
}
