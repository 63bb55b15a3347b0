package web

// The public portal of normative documents: the published catalog
// versions, one version's three catalogs with search and XLSX, CSV and
// printable PDF exports, and the page of a published document with its
// status timeline and text. The legal affairs office publishes versions
// from here.

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"time"

	"fazhi/internal/apperr"
	"fazhi/internal/calendar"
	"fazhi/internal/normdoc"
	"fazhi/internal/pdf"
	"fazhi/internal/store"
)

type catalogListPage struct {
	basePage
	Publications []normdoc.Publication
	Pager        pager
	Latest       *normdoc.Publication
	CanPublish   bool
	Campaigns    []store.CampaignRow // decided campaigns, for a campaign's publication
	Input        catalogInput
	formState
}

// catalogInput keeps the publication form.
type catalogInput struct {
	Title, AsOf, PublishedOn, Since, URL, Note string
	CampaignID                                 int64
}

func (s *Server) handleCatalogList(w http.ResponseWriter, r *http.Request) error {
	today := s.today().String()
	return s.catalogList(w, r, catalogInput{AsOf: today, PublishedOn: today, CampaignID: queryInt(r, "campaign_id")}, nil)
}

func (s *Server) catalogList(w http.ResponseWriter, r *http.Request, in catalogInput, ferr error) error {
	ctx := r.Context()
	p := &catalogListPage{CanPublish: actorOf(r).SeesAll(), Input: in}
	if ferr != nil {
		if err := p.fail(w, ferr); err != nil {
			return err
		}
	}
	f := pageOf(r)
	pubs, total, err := s.store.Publications(ctx, f)
	if err != nil {
		return err
	}
	p.Publications, p.Pager = pubs, newPager(r, f, total)
	if len(pubs) > 0 && f.Offset == 0 {
		p.Latest = &pubs[0]
	}
	if p.CanPublish {
		if p.Campaigns, _, err = s.store.Campaigns(ctx, store.CampaignFilter{State: normdoc.Decided, Page: store.Page{Limit: 100}}); err != nil {
			return err
		}
	}
	s.render(w, r, "normdoc_catalog_list", p)
	return nil
}

func (s *Server) handleCatalogPublish(w http.ResponseWriter, r *http.Request) error {
	in := catalogInput{Title: strings.TrimSpace(r.FormValue("title")), AsOf: r.FormValue("as_of"), PublishedOn: r.FormValue("published_on"),
		Since: r.FormValue("since"), URL: strings.TrimSpace(r.FormValue("url")), Note: strings.TrimSpace(r.FormValue("note")),
		CampaignID: formInt(r, "campaign_id")}
	p, err := publicationFromForm(r, in)
	if err == nil {
		err = s.store.PublishCatalogs(r.Context(), actorOf(r).Audit(), &p)
	}
	if err != nil {
		return s.catalogList(w, r, in, err)
	}
	flash(w, fmt.Sprintf("已公布目录：继续有效 %d 件，废止 %d 件，失效 %d 件", p.InForce, p.Abolished, p.Expired))
	http.Redirect(w, r, fmt.Sprintf("/catalogs/%d", p.ID), http.StatusSeeOther)
	return nil
}

func publicationFromForm(r *http.Request, in catalogInput) (normdoc.Publication, error) {
	var f apperr.Fields
	p := normdoc.Publication{Title: in.Title, URL: in.URL, Note: in.Note, CampaignID: in.CampaignID}
	p.AsOf = formDay(r, "as_of", "目录截止日", &f)
	p.PublishedOn = formDay(r, "published_on", "公布日期", &f)
	p.Since = formDate(r, "since", "变化起算日", &f)
	return p, f.Err()
}

// ---------- one version ----------

type catalogShowPage struct {
	basePage
	Pub     normdoc.Publication
	Catalog normdoc.Catalog
	Tabs    []catalogTab
	Entries []normdoc.Entry
	Filter  store.EntryFilter
	From    string
	To      string
	Levels  []kindOption
	Pager   pager
}

type catalogTab struct {
	Value   normdoc.Catalog
	Label   string
	Count   int
	Current bool
}

func (s *Server) entryFilterOf(r *http.Request, pubID int64) (store.EntryFilter, string, string, error) {
	q := r.URL.Query()
	f := store.EntryFilter{PublicationID: pubID, Catalog: normdoc.Catalog(q.Get("catalog")), Query: q.Get("q"),
		Issuer: q.Get("issuer"), Level: normdoc.Level(q.Get("level")), Page: pageOf(r)}
	if f.Catalog.Label() == string(f.Catalog) {
		f.Catalog = normdoc.ValidCatalog
	}
	if f.Level.Label() == string(f.Level) {
		f.Level = ""
	}
	var fe apperr.Fields
	f.EffectiveFrom = queryDate(q, "from", "施行日期自", &fe)
	f.EffectiveTo = queryDate(q, "to", "施行日期至", &fe)
	return f, q.Get("from"), q.Get("to"), fe.Err()
}

func queryDate(q url.Values, name, label string, f *apperr.Fields) *calendar.Date {
	v := strings.TrimSpace(q.Get(name))
	if v == "" {
		return nil
	}
	d, err := calendar.ParseDate(v)
	if err != nil {
		f.Add(name, label, err.Error())
		return nil
	}
	return &d
}

func (s *Server) handleCatalogShow(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	id, err := pathID(r)
	if err != nil {
		return err
	}
	pub, err := s.store.Publication(ctx, id)
	if err != nil {
		return err
	}
	f, from, to, err := s.entryFilterOf(r, pub.ID)
	if err != nil {
		return err
	}
	switch format := r.URL.Query().Get("format"); format {
	case "":
	case "pdf":
		return s.catalogPDF(w, r, pub)
	default:
		return s.exportCatalog(w, r, pub, f, format)
	}
	p := &catalogShowPage{Pub: pub, Catalog: f.Catalog, Filter: f, From: from, To: to, Levels: levelOptions()}
	var total int
	if p.Entries, total, err = s.store.CatalogEntries(ctx, f); err != nil {
		return err
	}
	p.Pager = newPager(r, f.Page, total)
	for _, c := range normdoc.Catalogs {
		tf := f
		tf.Catalog, tf.Page = c.Value, store.Page{Limit: 1}
		_, n, err := s.store.CatalogEntries(ctx, tf)
		if err != nil {
			return err
		}
		p.Tabs = append(p.Tabs, catalogTab{c.Value, c.Label, n, c.Value == f.Catalog})
	}
	s.render(w, r, "normdoc_catalog_show", p)
	return nil
}

var catalogHeader = []string{"序号", "文件名称", "文号", "统一登记号", "制定机关", "公布日期", "施行日期", "有效期至", "效力状态", "状态变化日期", "决定文号"}

func entryRow(e normdoc.Entry) []string {
	return []string{fmt.Sprint(e.Seq), e.Title, e.Number, e.RegNumber, e.Issuers, dateText(e.PublishedOn), dateText(e.EffectiveOn),
		dateText(e.ExpiryOn), e.Status.Label(), dateText(e.StatusOn), e.Basis}
}

func (s *Server) exportCatalog(w http.ResponseWriter, r *http.Request, pub normdoc.Publication, f store.EntryFilter, format string) error {
	entries, err := s.store.AllCatalogEntries(r.Context(), f)
	if err != nil {
		return err
	}
	rows := make([][]string, len(entries))
	for i, e := range entries {
		rows[i] = entryRow(e)
	}
	return writeTable(w, format, f.Catalog.Label(), catalogHeader, rows)
}

// catalogPDF prints a version's three catalogs (GB/T 9704 layout, Chinese
// text in the standard CID font).
func (s *Server) catalogPDF(w http.ResponseWriter, r *http.Request, pub normdoc.Publication) error {
	d := pdf.New()
	d.SetTitle(pub.Title)
	d.Title(pub.Title)
	d.Subtitle(fmt.Sprintf("截至 %s　公布日期 %s", pub.AsOf, pub.PublishedOn))
	if pub.Note != "" {
		d.Para(pub.Note)
	}
	for i, c := range normdoc.Catalogs {
		entries, err := s.store.AllCatalogEntries(r.Context(), store.EntryFilter{PublicationID: pub.ID, Catalog: c.Value})
		if err != nil {
			return err
		}
		if i > 0 {
			d.PageBreak()
		}
		d.Heading(fmt.Sprintf("%s、%s（%d 件）", []string{"一", "二", "三"}[i], c.Label, len(entries)))
		if len(entries) == 0 {
			d.Line("无。")
			continue
		}
		rows := make([][]string, len(entries))
		for j, e := range entries {
			when := dateText(e.EffectiveOn)
			if c.Value != normdoc.ValidCatalog {
				when = dateText(e.StatusOn)
			}
			rows[j] = []string{fmt.Sprint(e.Seq), e.Title, e.Number, e.Issuers, when}
		}
		dateHead := "施行日期"
		if c.Value != normdoc.ValidCatalog {
			dateHead = "变化日期"
		}
		d.Table([]string{"序号", "文件名称", "文号", "制定机关", dateHead}, rows, []float64{13, 56, 34, 28, 25})
	}
	d.Space(8)
	d.Right(fmt.Sprintf("慈溪市人民政府　%d年%d月%d日", pub.PublishedOn.Year, int(pub.PublishedOn.Month), pub.PublishedOn.Day))
	filename := fmt.Sprintf("%s-%s.pdf", pub.Title, time.Now().In(beijing).Format("20060102"))
	w.Header().Set("Content-Type", "application/pdf")
	w.Header().Set("Content-Disposition", "attachment; filename*=UTF-8''"+url.PathEscape(filename))
	w.Write(d.Bytes())
	return nil
}

// ---------- a published document ----------

type publicDocPage struct {
	basePage
	Doc         normdoc.Document
	Status      normdoc.Status
	Timeline    []normdoc.TimelineEntry
	Attachments []normdoc.Attachment
	Pub         normdoc.Publication
}

// publishedDoc loads a document of the path that a published catalog
// lists; everything else is "not found" for everyone here.
func (s *Server) publishedDoc(r *http.Request) (normdoc.Document, normdoc.Publication, error) {
	id, err := pathID(r)
	if err != nil {
		return normdoc.Document{}, normdoc.Publication{}, err
	}
	pub, err := s.store.PublishedIn(r.Context(), id)
	if err != nil {
		return normdoc.Document{}, pub, apperr.New(apperr.NotFound, "该文件不存在或未列入已公布的目录")
	}
	d, err := s.store.Normdoc(r.Context(), id)
	return d, pub, err
}

func (s *Server) handlePublicDoc(w http.ResponseWriter, r *http.Request) error {
	d, pub, err := s.publishedDoc(r)
	if err != nil {
		return err
	}
	effects, err := s.store.Effects(r.Context(), d.ID)
	if err != nil {
		return err
	}
	files, err := s.store.Attachments(r.Context(), d.ID)
	if err != nil {
		return err
	}
	s.render(w, r, "normdoc_public_doc", &publicDocPage{Doc: d, Status: normdoc.StatusAt(d.Dates(), effects, s.today()),
		Timeline: normdoc.Timeline(d.Dates(), effects), Attachments: files, Pub: pub})
	return nil
}

func (s *Server) handlePublicFile(w http.ResponseWriter, r *http.Request) error {
	d, _, err := s.publishedDoc(r)
	if err != nil {
		return err
	}
	return s.serveAttachment(w, r, d.ID)
}
