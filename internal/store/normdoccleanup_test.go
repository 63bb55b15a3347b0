package store_test

import (
	"context"
	"testing"

	"fazhi/internal/apperr"
	"fazhi/internal/normdoc"
	"fazhi/internal/sqldb"
	"fazhi/internal/sqldb/dbtest"
	"fazhi/internal/store"
)

// TestCleanupCampaign runs a campaign end to end: scope, assignment by
// 谁制定/谁实施 with a successor, proposals, a return and a bulk approval,
// the deadline, the decision writing the ledger, and the catalogs
// published after it, kept as versions.
func TestCleanupCampaign(t *testing.T) {
	dbtest.Run(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		w := newDocWorld(t, db)
		// A government document implemented by the market bureau, one of the
		// bureau's own, one of the abolished legal office (its powers went
		// to the justice bureau), one without the reform tag, one repealed
		// before the scope day.
		govDoc := w.existing(t, w.gov.ID, "慈溪市企业投资项目核准办法", "2016-03-01")
		if err := w.setImplementer(t, govDoc, w.market.ID, "approval"); err != nil {
			t.Fatal(err)
		}
		own := w.existing(t, w.market.ID, "慈溪市个体工商户登记办法", "2016-04-01")
		w.tag(t, own, "commercial")
		legal := w.existing(t, w.oldOffice.ID, "慈溪市行政审批中介服务管理办法", "2016-05-01")
		w.tag(t, legal, "intermediary")
		untagged := w.existing(t, w.market.ID, "慈溪市菜篮子工程办法", "2016-01-01")
		gone := w.existing(t, w.market.ID, "慈溪市旧审批办法", "2015-01-01")
		w.tag(t, gone, "approval")
		w.effect(t, gone.ID, normdoc.Repeal, "2020-01-01")

		c := normdoc.Campaign{Name: "2026年放管服专项清理", Kind: normdoc.Special, Basis: "慈政办发〔2026〕40号",
			Scope:    normdoc.Scope{AsOf: d("2026-07-01"), ReformTags: []string{"approval", "commercial", "intermediary"}},
			Deadline: d("2026-08-31")}
		if err := w.s.CreateCampaign(ctx, w.legal.Audit(), &c); err != nil {
			t.Fatal(err)
		}
		preview, n, err := w.s.ScopeDocuments(ctx, c.Scope, store.Page{Limit: 50})
		if err != nil || n != 3 || len(preview) != 3 {
			t.Fatalf("scope preview: %d %v", n, err)
		}
		if _, err := w.s.LaunchCampaign(ctx, w.legal.Audit(), c.ID, c.Version+1, d("2026-07-10")); apperr.KindOf(err) != apperr.Conflict {
			t.Errorf("launch with a stale version: %v", err)
		}
		if n, err := w.s.LaunchCampaign(ctx, w.legal.Audit(), c.ID, c.Version, d("2026-07-10")); err != nil || n != 3 {
			t.Fatalf("launch: %d %v", n, err)
		}
		items, total, err := w.s.CleanupItems(ctx, store.ItemFilter{CampaignID: c.ID})
		if err != nil || total != 3 {
			t.Fatalf("items: %d %v", total, err)
		}
		byDoc := map[int64]store.CleanupItem{}
		for _, it := range items {
			byDoc[it.DocID] = it
		}
		for _, tc := range []struct {
			doc   int64
			unit  int64
			basis normdoc.Basis
		}{{govDoc.ID, w.market.ID, normdoc.ByImplementation}, {own.ID, w.market.ID, normdoc.ByMaking},
			{legal.ID, w.justice.ID, normdoc.BySuccession}} {
			if it := byDoc[tc.doc]; it.UnitID != tc.unit || it.Basis != tc.basis {
				t.Errorf("doc %d assigned to %d (%s), want %d (%s)", tc.doc, it.UnitID, it.Basis, tc.unit, tc.basis)
			}
		}
		if _, ok := byDoc[untagged.ID]; ok {
			t.Error("a document without the reform tags is in scope")
		}
		// Past the deadline with nothing proposed, both units are overdue.
		progress, tot, err := w.s.CampaignProgress(ctx, c.ID, nil, d("2026-09-01"))
		if err != nil || len(progress) != 2 || !progress[0].Overdue || !progress[1].Overdue || tot.Awaiting != 3 {
			t.Errorf("progress: %+v %+v %v", progress, tot, err)
		}
		propose := func(doc int64, p normdoc.Proposal) (store.CleanupItem, error) {
			it, _ := w.s.CleanupItem(ctx, byDoc[doc].ID)
			p.Version = it.Version
			return w.s.SubmitProposal(ctx, w.clerk.Audit(), it.ID, p, d("2026-08-20"))
		}
		if _, err := propose(govDoc.ID, normdoc.Proposal{Outcome: normdoc.AbolishIt}); !apperr.Fields(apperr.FieldsOf(err)).Has("reason") {
			t.Errorf("abolition without a reason: %v", err)
		}
		if _, err := propose(govDoc.ID, normdoc.Proposal{Outcome: normdoc.AbolishIt, Reason: "approval", Detail: "核准事项已取消"}); err != nil {
			t.Fatal(err)
		}
		if _, err := propose(own.ID, normdoc.Proposal{Outcome: normdoc.AmendIt, Reason: "superior_law", Clause: "《个体工商户条例》第八条"}); err != nil {
			t.Fatal(err)
		}
		if _, err := propose(legal.ID, normdoc.Proposal{Outcome: normdoc.Continue}); err != nil {
			t.Fatal(err)
		}
		// A decision before every proposal is approved is refused.
		c, _ = w.s.Campaign(ctx, c.ID)
		if _, err := w.s.DecideCampaign(ctx, w.legal.Audit(), c.ID, c.Version, "慈政发〔2026〕50号", d("2026-09-20"), d("2026-09-20")); apperr.KindOf(err) != apperr.Conflict {
			t.Errorf("premature decision: %v", err)
		}
		ref := func(doc int64) store.ItemRef {
			it, _ := w.s.CleanupItem(ctx, byDoc[doc].ID)
			return store.ItemRef{ID: it.ID, Version: it.Version}
		}
		if _, err := w.s.ReviewItems(ctx, w.legal.Audit(), c.ID, []store.ItemRef{ref(own.ID)}, false, " ", d("2026-09-01")); !apperr.Fields(apperr.FieldsOf(err)).Has("comment") {
			t.Errorf("return without comment: %v", err)
		}
		if _, err := w.s.ReviewItems(ctx, w.legal.Audit(), c.ID, []store.ItemRef{ref(own.ID)}, false, "请写明修改内容", d("2026-09-01")); err != nil {
			t.Fatal(err)
		}
		returned, _ := w.s.CleanupItem(ctx, byDoc[own.ID].ID)
		if returned.State != normdoc.Returned || returned.ReviewComment != "请写明修改内容" {
			t.Errorf("returned item: %+v", returned)
		}
		progress, _, _ = w.s.CampaignProgress(ctx, c.ID, nil, d("2026-09-02"))
		for _, p := range progress {
			if p.Overdue != (p.UnitID == w.market.ID) {
				t.Errorf("%s overdue=%v", p.UnitName, p.Overdue)
			}
		}
		if _, err := propose(own.ID, normdoc.Proposal{Outcome: normdoc.AmendIt, Reason: "superior_law", Clause: "《个体工商户条例》第八条", Detail: "删除第五条"}); err != nil {
			t.Fatal(err)
		}
		// A stale version in a bulk approval changes nothing.
		stale := ref(govDoc.ID)
		stale.Version--
		if _, err := w.s.ReviewItems(ctx, w.legal.Audit(), c.ID, []store.ItemRef{ref(own.ID), stale}, true, "", d("2026-09-10")); apperr.KindOf(err) != apperr.Conflict {
			t.Errorf("stale bulk approval: %v", err)
		}
		if it, _ := w.s.CleanupItem(ctx, byDoc[own.ID].ID); it.State != normdoc.Submitted {
			t.Errorf("a refused bulk approval approved %s", it.Title)
		}
		if n, err := w.s.ReviewItems(ctx, w.legal.Audit(), c.ID, []store.ItemRef{ref(govDoc.ID), ref(own.ID), ref(legal.ID)}, true, "", d("2026-09-10")); err != nil || n != 3 {
			t.Fatalf("bulk approval: %d %v", n, err)
		}
		if _, err := propose(own.ID, normdoc.Proposal{Outcome: normdoc.Continue}); apperr.KindOf(err) != apperr.Conflict {
			t.Errorf("proposal after approval: %v", err)
		}
		c, _ = w.s.Campaign(ctx, c.ID)
		c, err = w.s.DecideCampaign(ctx, w.legal.Audit(), c.ID, c.Version, "慈政发[2026]50号", d("2026-09-20"), d("2026-09-20"))
		if err != nil || c.State != normdoc.Decided || c.DecisionNumber != "慈政发〔2026〕50号" {
			t.Fatalf("decision: %v %+v", err, c)
		}
		for _, tc := range []struct {
			doc  int64
			want normdoc.Status
		}{{govDoc.ID, normdoc.Abolished}, {own.ID, normdoc.Amended}, {legal.ID, normdoc.InForce}} {
			rows, _, _ := w.s.Normdocs(ctx, store.NormdocFilter{IDs: []int64{tc.doc}, AsOf: d("2026-09-20")})
			if len(rows) != 1 || rows[0].Status != tc.want {
				t.Errorf("doc %d after the decision: %+v", tc.doc, rows)
			}
		}
		ledger, _ := w.s.Effects(ctx, govDoc.ID)
		if len(ledger) != 1 || ledger[0].CampaignID != c.ID || ledger[0].DecisionNumber != "慈政发〔2026〕50号" {
			t.Errorf("ledger: %+v", ledger)
		}
		// Catalogs after the campaign, and a later version; the first
		// version keeps its rows when the registry changes.
		pub := normdoc.Publication{AsOf: d("2026-09-30"), PublishedOn: d("2026-10-08"), CampaignID: c.ID}
		if err := w.s.PublishCatalogs(ctx, w.legal.Audit(), &pub); err != nil {
			t.Fatal(err)
		}
		if pub.InForce != 3 || pub.Abolished != 1 || pub.Expired != 0 || pub.Since == nil || *pub.Since != d("2026-07-01") {
			t.Errorf("publication: %+v", pub)
		}
		w.effect(t, untagged.ID, normdoc.DeclareExpired, "2026-10-20")
		later := normdoc.Publication{AsOf: d("2026-10-31"), PublishedOn: d("2026-11-02"), Title: "慈溪市行政规范性文件目录（2026年10月）"}
		if err := w.s.PublishCatalogs(ctx, w.legal.Audit(), &later); err != nil {
			t.Fatal(err)
		}
		if later.InForce != 2 || later.Abolished != 2 || later.Expired != 1 {
			t.Errorf("later publication: %+v", later)
		}
		first, _, _ := w.s.CatalogEntries(ctx, store.EntryFilter{PublicationID: pub.ID, Catalog: normdoc.ValidCatalog})
		if len(first) != 3 || first[0].Issuers != "慈溪市市场监督管理局" {
			t.Errorf("first version's in-force catalog: %+v", first)
		}
		abolished, _, _ := w.s.CatalogEntries(ctx, store.EntryFilter{PublicationID: pub.ID, Catalog: normdoc.AbolishedCatalog})
		if len(abolished) != 1 || abolished[0].DocID != govDoc.ID || abolished[0].Basis != "慈政发〔2026〕50号" ||
			abolished[0].StatusOn == nil || *abolished[0].StatusOn != d("2026-09-20") {
			t.Errorf("abolished catalog: %+v", abolished)
		}
		found, n, _ := w.s.CatalogEntries(ctx, store.EntryFilter{PublicationID: later.ID, Query: "菜篮子"})
		if n != 1 || found[0].Catalog != normdoc.ExpiredCatalog {
			t.Errorf("search of the later version: %+v", found)
		}
		pubs, n, _ := w.s.Publications(ctx, store.Page{})
		if n != 2 || pubs[0].ID != later.ID {
			t.Errorf("versions: %+v", pubs)
		}
		if p, err := w.s.PublishedIn(ctx, untagged.ID); err != nil || p.ID != later.ID {
			t.Errorf("published in: %v %v", p, err)
		}
		draft := normdoc.Document{Title: "未公布的草稿", LeadUnitID: w.market.ID}
		if err := w.s.CreateNormdoc(ctx, w.clerk.Audit(), &draft, d("2026-10-01")); err != nil {
			t.Fatal(err)
		}
		if _, err := w.s.PublishedIn(ctx, draft.ID); apperr.KindOf(err) != apperr.NotFound {
			t.Errorf("a draft is public: %v", err)
		}
		// The statistics count the campaign and its abolition.
		tot2, camps, years, err := w.s.NormdocStats(ctx, d("2026-01-01"), d("2026-12-31"), d("2026-11-01"))
		if err != nil || tot2.Special != 1 || tot2.CleanupAbolished != 1 || tot2.Declared != 1 || len(camps) != 1 ||
			camps[0].Scope != 3 || camps[0].ScopeGov != 1 || len(years) != 1 {
			t.Errorf("stats: %+v %+v %v", tot2, camps, err)
		}
	})
}

func (w *docWorld) setImplementer(t *testing.T, doc normdoc.Document, unit int64, tag string) error {
	t.Helper()
	cur, _ := w.s.Normdoc(context.Background(), doc.ID)
	cur.ImplementerID, cur.ReformTags = unit, []string{tag}
	return w.s.UpdateNormdoc(context.Background(), admin, &cur, "组织实施单位")
}

func (w *docWorld) tag(t *testing.T, doc normdoc.Document, tag string) {
	t.Helper()
	cur, _ := w.s.Normdoc(context.Background(), doc.ID)
	cur.ReformTags = []string{tag}
	if err := w.s.UpdateNormdoc(context.Background(), admin, &cur, "改革事项"); err != nil {
		t.Fatal(err)
	}
}

func TestAttachments(t *testing.T) {
	dbtest.Run(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		w := newDocWorld(t, db)
		doc := w.existing(t, w.market.ID, "慈溪市某办法", "2020-01-01")
		pdf := []byte("%PDF-1.7\n正文")
		a, err := w.s.AddAttachment(ctx, w.clerk.Audit(), doc.ID, "正文", pdf)
		if err != nil || a.Filename != "正文.pdf" || a.ContentType != normdoc.PDFType || a.Size != len(pdf) {
			t.Fatalf("add: %+v %v", a, err)
		}
		if _, err := w.s.AddAttachment(ctx, w.clerk.Audit(), doc.ID, "x.pdf", []byte("<html>")); !apperr.Fields(apperr.FieldsOf(err)).Has("file") {
			t.Errorf("an HTML file named .pdf: %v", err)
		}
		list, _ := w.s.Attachments(ctx, doc.ID)
		if len(list) != 1 {
			t.Errorf("list: %+v", list)
		}
		got, data, err := w.s.AttachmentData(ctx, doc.ID, a.ID)
		if err != nil || string(data) != string(pdf) || got.SHA256 != a.SHA256 {
			t.Errorf("data: %v", err)
		}
		if _, _, err := w.s.AttachmentData(ctx, doc.ID+1, a.ID); apperr.KindOf(err) != apperr.NotFound {
			t.Errorf("another document's attachment: %v", err)
		}
	})
}
