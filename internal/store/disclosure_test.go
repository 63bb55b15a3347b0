package store_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"fazhi/internal/account"
	"fazhi/internal/apperr"
	"fazhi/internal/audit"
	"fazhi/internal/disclosure"
	"fazhi/internal/ident"
	"fazhi/internal/org"
	"fazhi/internal/search"
	"fazhi/internal/sqldb"
	"fazhi/internal/sqldb/dbtest"
	"fazhi/internal/store"
)

// disWorld is two enforcement units and a clock on 2026-11-27.
type disWorld struct {
	s       *store.Store
	market  org.Unit
	traffic org.Unit
	clerk   account.Actor // the market unit's clerk
	seq     int
}

var disToday = d("2026-11-27")

func newDisWorld(t *testing.T, db *sqldb.DB) *disWorld {
	t.Helper()
	w := &disWorld{s: newStore(t, db)}
	w.s.Now = func() time.Time { return time.Date(2026, 11, 27, 2, 0, 0, 0, time.UTC) }
	w.market = org.Unit{Name: "慈溪市市场监督管理局", Kind: org.Department, Enforcement: true, CreditCode: agencyCode}
	w.traffic = org.Unit{Name: "慈溪市交通运输局", Kind: org.Department, Enforcement: true}
	for _, u := range []*org.Unit{&w.market, &w.traffic} {
		if err := w.s.CreateUnit(context.Background(), admin, u); err != nil {
			t.Fatal(err)
		}
	}
	w.clerk = account.Actor{UserID: 7, Name: "沈经办", UnitID: w.market.ID, Roles: []account.Role{account.Clerk}}
	return w
}

var (
	otherID    = ident.MakeResidentID("330282", time.Date(1990, 1, 1, 0, 0, 0, 0, time.UTC), 8)
	adultID    = ident.MakeResidentID("330282", time.Date(1980, 5, 6, 0, 0, 0, 0, time.UTC), 31)
	minorID    = ident.MakeResidentID("330282", time.Date(2010, 8, 1, 0, 0, 0, 0, time.UTC), 44)
	firmCode   = func() string { c, _ := ident.MakeCreditCode("91330282MA2H8X5Q1"); return c }()
	agencyCode = func() string { c, _ := ident.MakeCreditCode("11330282002576046"); return c }()
)

// company is a valid record of a company fined on decided.
func (w *disWorld) company(decided string) *disclosure.Record {
	w.seq++
	return &disclosure.Record{UnitID: w.market.ID, PartyName: "慈溪市鑫源电器有限公司", PartyCategory: disclosure.Organisation,
		CreditCode: firmCode, LegalRep: "王海峰", DecisionNumber: fmt.Sprintf("慈市监罚〔2026〕%d号", w.seq),
		ViolationType: "销售不合格电热水壶", Facts: "经查，当事人销售的电热水壶经抽检不合格。消费者李小红（身份证号" + otherID +
			"，电话13805741234）投诉后，员工赵丽华称货源来自宁波。",
		Basis: "《中华人民共和国产品质量法》第四十九条", Categories: []disclosure.Category{disclosure.Fine, disclosure.ConfiscateGains},
		Content: "罚款人民币15000元，没收违法所得2000元", Fine: 1_500_000, Confiscation: 200_000, DecidedOn: d(decided)}
}

// person is a record of a natural person with resident ID id.
func (w *disWorld) person(id, decided string) *disclosure.Record {
	w.seq++
	return &disclosure.Record{UnitID: w.traffic.ID, PartyName: "张建国", PartyCategory: disclosure.Person,
		PartyIDType: disclosure.ResidentIDCard, PartyID: id, DecisionNumber: fmt.Sprintf("慈交罚〔2026〕%d号", w.seq),
		ViolationType: "未取得道路运输经营许可擅自从事道路运输经营", Facts: "当事人住慈溪市浒山街道孙塘北路88号，驾驶浙B12345非法营运。",
		Basis: "《中华人民共和国道路运输条例》第六十三条", Categories: []disclosure.Category{disclosure.Warning},
		Content: "警告", DecidedOn: d(decided)}
}

func (w *disWorld) search(t *testing.T, text string) search.Result {
	t.Helper()
	res, err := w.s.SearchDisclosures(context.Background(), search.Query{Text: text})
	if err != nil {
		t.Fatal(err)
	}
	return res
}

func hitIDs(res search.Result) []int64 {
	out := make([]int64, len(res.Hits))
	for i, h := range res.Hits {
		out[i] = h.ID
	}
	return out
}

func TestPublishDisclosure(t *testing.T) {
	dbtest.Run(t, func(t *testing.T, db *sqldb.DB) {
		w := newDisWorld(t, db)
		ctx := context.Background()
		r := w.company("2026-11-16")
		if err := w.s.PublishDisclosure(ctx, admin, r); err != nil {
			t.Fatal(err)
		}
		got, err := w.s.Disclosure(ctx, r.ID)
		if err != nil {
			t.Fatal(err)
		}
		if got.Status != disclosure.Published || got.PublishedOn == nil || *got.PublishedOn != disToday {
			t.Errorf("status %s published %v", got.Status, got.PublishedOn)
		}
		// 7 working days from Monday 2026-11-16: Wednesday 2026-11-25; published on the 27th: late.
		if got.PublishDue != d("2026-11-25") || !got.PublishedLate {
			t.Errorf("due %s late %v", got.PublishDue, got.PublishedLate)
		}
		if got.Agency != w.market.Name || got.AgencyCode != w.market.CreditCode || got.DataSource != w.market.Name {
			t.Errorf("agency filled as %q %q %q", got.Agency, got.AgencyCode, got.DataSource)
		}
		// Fines decided after 2026-04-01: one year on display (credit-repair measures).
		if got.DisplayUntil != d("2027-11-27") {
			t.Errorf("display until %s", got.DisplayUntil)
		}
		if got.Facts != r.Facts || !strings.Contains(got.Masked.Facts, "消费者李某某") || strings.Contains(got.Masked.Facts, otherID) ||
			strings.Contains(got.Masked.Facts, "13805741234") || !strings.Contains(got.Masked.Facts, "员工赵某某") {
			t.Errorf("internal %q / public %q", got.Facts, got.Masked.Facts)
		}
		pub := got.Public()
		if pub.CreditCode != firmCode || pub.LegalRep != "王海峰" || pub.Fine.Wan() != "1.5" {
			t.Errorf("public view %+v", pub)
		}
		// The search finds the public text, never the personal data.
		for _, q := range []string{"鑫源电器", "电热水壶", firmCode, "李某某", "慈市监罚〔2026〕1号"} {
			if res := w.search(t, q); len(res.Hits) != 1 || res.Hits[0].ID != r.ID {
				t.Errorf("search %q: %v", q, hitIDs(res))
			}
		}
		for _, q := range []string{otherID, "13805741234", "李小红", "赵丽华"} {
			if res := w.search(t, q); len(res.Hits) != 0 {
				t.Errorf("search %q finds masked data: %v", q, hitIDs(res))
			}
		}
		timers, err := w.s.DisclosureTimers(ctx, r.ID)
		if err != nil || len(timers) != 1 || timers[0].State != "stopped" || timers[0].DueOn != d("2026-11-25") {
			t.Errorf("timers %+v %v", timers, err)
		}
		hist, err := w.s.History(ctx, disclosure.RecordKind, r.ID)
		if err != nil || len(hist) != 1 || hist[0].Action != audit.Create || !strings.Contains(hist[0].After, `"status":"published"`) {
			t.Errorf("history %+v %v", hist, err)
		}
		if strings.Contains(hist[0].After, "public_") {
			t.Error("the audit snapshot carries the derived public text")
		}
		// The same number again in the same unit is refused, and nothing is written.
		dup := w.company("2026-11-16")
		dup.DecisionNumber = r.DecisionNumber
		if err := w.s.PublishDisclosure(ctx, admin, dup); apperr.KindOf(err) != apperr.Invalid || !strings.Contains(err.Error(), "已公示过") {
			t.Errorf("duplicate number: %v", err)
		}
		if n, _ := w.s.SearchableDisclosures(ctx); n != 1 {
			t.Errorf("searchable %d", n)
		}
	})
}

func TestPublishRefusesBadInput(t *testing.T) {
	dbtest.Run(t, func(t *testing.T, db *sqldb.DB) {
		w := newDisWorld(t, db)
		ctx := context.Background()
		bad := w.company("2026-11-16")
		bad.CreditCode, bad.Facts = firmCode[:17]+"Z", ""
		err := w.s.PublishDisclosure(ctx, admin, bad)
		fields := map[string]bool{}
		for _, f := range apperr.FieldsOf(err) {
			fields[f.Field] = true
		}
		if !fields["credit_code"] || !fields["facts"] {
			t.Errorf("fields %v (%v)", fields, err)
		}
		court := org.Unit{Name: "慈溪市人民法院", Kind: org.Court}
		if err := w.s.CreateUnit(ctx, admin, &court); err != nil {
			t.Fatal(err)
		}
		r := w.company("2026-11-16")
		r.UnitID = court.ID
		if err := w.s.PublishDisclosure(ctx, admin, r); apperr.KindOf(err) != apperr.Invalid {
			t.Errorf("a court published a penalty: %v", err)
		}
		if _, n, _ := w.s.Disclosures(ctx, store.DisclosureFilter{}); n != 0 {
			t.Errorf("%d records written by refused input", n)
		}
	})
}

func TestMinorIsNeverPublished(t *testing.T) {
	dbtest.Run(t, func(t *testing.T, db *sqldb.DB) {
		w := newDisWorld(t, db)
		ctx := context.Background()
		r := w.person(minorID, "2026-11-20")
		if err := w.s.PublishDisclosure(ctx, admin, r); err != nil {
			t.Fatal(err)
		}
		got, _ := w.s.Disclosure(ctx, r.ID)
		if got.Status != disclosure.Withheld || got.PublishedOn != nil || !strings.Contains(got.WithheldReason, "未成年人") {
			t.Errorf("minor: %s %v %q", got.Status, got.PublishedOn, got.WithheldReason)
		}
		if res := w.search(t, "张建国"); len(res.Hits) != 0 {
			t.Errorf("a minor is searchable: %v", hitIDs(res))
		}
		if pub, _ := w.s.PublicDisclosures(ctx, []int64{r.ID}); len(pub) != 0 {
			t.Error("a minor's record is public")
		}
		declared := w.person(adultID, "2026-11-20")
		declared.PartyIDType, declared.PartyID, declared.Minor = disclosure.Passport, "E1234567", true
		if err := w.s.PublishDisclosure(ctx, admin, declared); err != nil {
			t.Fatal(err)
		}
		adult := w.person(adultID, "2026-11-20")
		if err := w.s.PublishDisclosure(ctx, admin, adult); err != nil {
			t.Fatal(err)
		}
		res := w.search(t, "张建国")
		if len(res.Hits) != 1 || res.Hits[0].ID != adult.ID {
			t.Errorf("search finds %v, want only the adult %d", hitIDs(res), adult.ID)
		}
		got, _ = w.s.Disclosure(ctx, adult.ID)
		if strings.Contains(got.Masked.Facts, "孙塘北路") || got.Public().CreditCode != "" {
			t.Errorf("adult's home address public: %s", got.Masked.Facts)
		}
	})
}

func TestWithdrawDisclosure(t *testing.T) {
	dbtest.Run(t, func(t *testing.T, db *sqldb.DB) {
		w := newDisWorld(t, db)
		ctx := context.Background()
		r := w.company("2026-11-02")
		if err := w.s.PublishDisclosure(ctx, admin, r); err != nil {
			t.Fatal(err)
		}
		other := account.Actor{UserID: 8, Name: "交通经办", UnitID: w.traffic.ID, Roles: []account.Role{account.Clerk}}
		court := account.Actor{UserID: 9, Name: "法官", UnitID: w.traffic.ID, Roles: []account.Role{account.Partner}}
		req := store.WithdrawRequest{Version: 1, ChangedOn: d("2026-11-20"), Reason: "行政复议决定撤销原处罚决定"}
		for _, a := range []account.Actor{other, court} {
			if _, err := w.s.WithdrawDisclosure(ctx, a, r.ID, req); apperr.KindOf(err) != apperr.Forbidden {
				t.Errorf("%s withdrew: %v", a.Name, err)
			}
		}
		if _, err := w.s.WithdrawDisclosure(ctx, w.clerk, r.ID, store.WithdrawRequest{Version: 1, ChangedOn: d("2026-11-20")}); apperr.KindOf(err) != apperr.Invalid {
			t.Errorf("no reason: %v", err)
		}
		if _, err := w.s.WithdrawDisclosure(ctx, w.clerk, r.ID, store.WithdrawRequest{Version: 1, Reason: "x"}); apperr.KindOf(err) != apperr.Invalid {
			t.Errorf("no change date: %v", err)
		}
		got, err := w.s.WithdrawDisclosure(ctx, w.clerk, r.ID, req)
		if err != nil {
			t.Fatal(err)
		}
		// Changed on Friday 2026-11-20: due Wednesday 2026-11-25; withdrawn on the 27th: late.
		if got.Status != disclosure.Withdrawn || *got.WithdrawDue != d("2026-11-25") || *got.WithdrawnOn != disToday || !got.WithdrawnLate {
			t.Errorf("withdrawn %+v", got)
		}
		if res := w.search(t, "鑫源电器"); len(res.Hits) != 0 {
			t.Errorf("withdrawn record still found: %v", hitIDs(res))
		}
		log, n, err := w.s.WithdrawalLog(ctx, store.Page{})
		if err != nil || n != 1 || log[0].WithdrawReason != req.Reason {
			t.Errorf("log %v %d %v", log, n, err)
		}
		if pub := got.Public(); pub.Facts != "" || pub.WithdrawReason != req.Reason {
			t.Errorf("public view of a withdrawn record %+v", pub)
		}
		if _, err := w.s.WithdrawDisclosure(ctx, w.clerk, r.ID, store.WithdrawRequest{Version: got.Version, Reason: "again"}); apperr.KindOf(err) != apperr.Conflict {
			t.Errorf("second withdrawal: %v", err)
		}
		hist, _ := w.s.History(ctx, disclosure.RecordKind, r.ID)
		if len(hist) != 3 || hist[1].Action != "transition:登记决定变更或撤销" || hist[2].Action != "transition:撤回公示" {
			t.Errorf("history %d events", len(hist))
		}
	})
}

func TestDecisionChangeClockWarns(t *testing.T) {
	dbtest.Run(t, func(t *testing.T, db *sqldb.DB) {
		w := newDisWorld(t, db)
		ctx := context.Background()
		r := w.company("2026-11-02")
		if err := w.s.PublishDisclosure(ctx, admin, r); err != nil {
			t.Fatal(err)
		}
		if _, err := w.s.RecordDecisionChange(ctx, w.clerk, r.ID, store.ChangeRequest{Version: 1, On: d("2026-11-27"), Reason: "法院判决撤销"}); err != nil {
			t.Fatal(err)
		}
		// Still on display until withdrawn.
		if res := w.search(t, "鑫源电器"); len(res.Hits) != 1 {
			t.Errorf("changed record not found: %v", hitIDs(res))
		}
		if _, err := w.s.ScanTimers(ctx, d("2026-12-03")); err != nil {
			t.Fatal(err)
		}
		warns, err := w.s.OpenWarnings(ctx, store.WarningFilter{UnitIDs: []int64{w.market.ID}})
		if err != nil || len(warns) != 1 || warns[0].Level != store.Red || warns[0].Timer.RuleKey != disclosure.RuleWithdraw {
			t.Fatalf("warnings %+v %v", warns, err)
		}
		got, err := w.s.WithdrawDisclosure(ctx, w.clerk, r.ID, store.WithdrawRequest{Version: 2, Reason: "法院判决撤销"})
		if err != nil || got.WithdrawnLate {
			t.Fatalf("withdraw: %+v %v", got, err)
		}
		if warns, _ := w.s.OpenWarnings(ctx, store.WarningFilter{}); len(warns) != 0 {
			t.Errorf("warning still open after withdrawal: %+v", warns)
		}
	})
}

func TestExpireDisclosures(t *testing.T) {
	dbtest.Run(t, func(t *testing.T, db *sqldb.DB) {
		w := newDisWorld(t, db)
		ctx := context.Background()
		old := w.person(adultID, "2026-05-06")
		published := d("2026-05-12")
		old.PublishedOn = &published // a warning: three months on display
		fresh := w.company("2026-11-16")
		for _, r := range []*disclosure.Record{old, fresh} {
			if err := w.s.PublishDisclosure(ctx, admin, r); err != nil {
				t.Fatal(err)
			}
		}
		if res := w.search(t, "张建国"); len(res.Hits) != 1 {
			t.Fatalf("before expiry: %v", hitIDs(res))
		}
		n, err := w.s.ExpireDisclosures(ctx, disToday)
		if err != nil || n != 1 {
			t.Fatalf("expired %d, %v", n, err)
		}
		got, _ := w.s.Disclosure(ctx, old.ID)
		if got.Status != disclosure.Expired || *got.ExpiredOn != d("2026-08-13") {
			t.Errorf("expired %s on %v (display until %s)", got.Status, got.ExpiredOn, got.DisplayUntil)
		}
		if res := w.search(t, "张建国"); len(res.Hits) != 0 {
			t.Errorf("expired record still found: %v", hitIDs(res))
		}
		if res := w.search(t, "鑫源"); len(res.Hits) != 1 {
			t.Errorf("live record lost: %v", hitIDs(res))
		}
		if n, err := w.s.ExpireDisclosures(ctx, disToday); err != nil || n != 0 {
			t.Errorf("second run expired %d, %v", n, err)
		}
		if rep, err := w.s.VerifyChain(ctx); err != nil {
			t.Errorf("audit chain: %v (%+v)", err, rep)
		}
	})
}

func TestDisclosureBulk(t *testing.T) {
	dbtest.Run(t, func(t *testing.T, db *sqldb.DB) {
		w := newDisWorld(t, db)
		ctx := context.Background()
		// One record through the single path first: ids must continue after it.
		first := w.company("2026-10-08")
		if err := w.s.PublishDisclosure(ctx, admin, first); err != nil {
			t.Fatal(err)
		}
		var ids []int64
		err := w.s.InDisclosureBulk(ctx, func(b *store.DisclosureBulk) error {
			for i := range 450 {
				r := w.company("2026-10-08")
				if i%3 == 0 {
					r = w.person(adultID, "2026-03-02")
				}
				on := r.DecidedOn.AddDays(3)
				r.PublishedOn = &on
				if err := b.Publish(audit.System, r); err != nil {
					return err
				}
				ids = append(ids, r.ID)
			}
			if _, err := b.Withdraw(audit.System, ids[1], store.WithdrawRequest{Version: 1, ChangedOn: d("2026-11-20"),
				Reason: "复议撤销"}); err != nil {
				return err
			}
			_, err := b.Expire(disToday)
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		if ids[0] <= first.ID {
			t.Errorf("bulk ids start at %d after %d", ids[0], first.ID)
		}
		counts, err := w.s.DisclosureCounts(ctx, store.DisclosureFilter{})
		if err != nil {
			t.Fatal(err)
		}
		// 150 warnings of March expired in June; one company withdrawn.
		if counts[disclosure.Expired] != 150 || counts[disclosure.Withdrawn] != 1 || counts[disclosure.Published] != 300 {
			t.Errorf("counts %v", counts)
		}
		res, err := w.s.SearchDisclosures(ctx, search.Query{Text: "鑫源电器", Limit: 5})
		if err != nil || res.Total != 300 {
			t.Errorf("search total %d, %v", res.Total, err)
		}
		// A record written by the bulk behaves like any other.
		last := ids[len(ids)-1]
		if _, err := w.s.WithdrawDisclosure(ctx, w.clerk, last, store.WithdrawRequest{Version: 1, ChangedOn: disToday, Reason: "更正"}); err != nil {
			t.Fatal(err)
		}
		if res, _ := w.s.SearchDisclosures(ctx, search.Query{Text: "鑫源电器", Limit: 5}); res.Total != 299 {
			t.Errorf("after withdrawal: %d", res.Total)
		}
		after := w.company("2026-11-02")
		if err := w.s.PublishDisclosure(ctx, admin, after); err != nil || after.ID <= ids[len(ids)-1] {
			t.Errorf("single insert after bulk: id %d, %v", after.ID, err)
		}
		if _, err := w.s.VerifyChain(ctx); err != nil {
			t.Errorf("audit chain: %v", err)
		}
		timers, err := w.s.DisclosureTimers(ctx, ids[5])
		if err != nil || len(timers) != 1 {
			t.Errorf("bulk timers %v %v", timers, err)
		}
	})
}
