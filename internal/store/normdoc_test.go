package store_test

import (
	"context"
	"fmt"
	"slices"
	"testing"

	"fazhi/internal/account"
	"fazhi/internal/apperr"
	"fazhi/internal/calendar"
	"fazhi/internal/normdoc"
	"fazhi/internal/org"
	"fazhi/internal/sqldb"
	"fazhi/internal/sqldb/dbtest"
	"fazhi/internal/store"
)

// docWorld is a small organisation for the registry tests: the city
// government and its office, two departments, and the legal affairs
// office abolished in 2019 whose powers went to the justice bureau.
type docWorld struct {
	s                            *store.Store
	gov, office, market, justice org.Unit
	oldOffice                    org.Unit
	clerk, legal, leader         account.Actor
	seq                          int
}

func newDocWorld(t *testing.T, db *sqldb.DB) *docWorld {
	t.Helper()
	w := &docWorld{s: newStore(t, db)}
	w.gov = mustUnit(t, w.s, "慈溪市人民政府", org.Government)
	w.office = mustUnit(t, w.s, "慈溪市人民政府办公室", org.Office)
	w.market = mustUnit(t, w.s, "慈溪市市场监督管理局", org.Department)
	w.justice = mustUnit(t, w.s, "慈溪市司法局", org.Department)
	abolished := d("2019-03-01")
	w.oldOffice = org.Unit{Name: "慈溪市人民政府法制办公室", Kind: org.Department, SuccessorID: w.justice.ID, AbolishedOn: &abolished}
	if err := w.s.CreateUnit(context.Background(), admin, &w.oldOffice); err != nil {
		t.Fatal(err)
	}
	w.clerk = account.Actor{UserID: 11, Name: "沈经办", UnitID: w.market.ID, Roles: []account.Role{account.Clerk}}
	w.leader = account.Actor{UserID: 12, Name: "罗局长", UnitID: w.market.ID, Roles: []account.Role{account.Leader}}
	w.legal = account.Actor{UserID: 13, Name: "胡法制", UnitID: w.justice.ID, Roles: []account.Role{account.LegalOffice}}
	return w
}

// existing registers a document in force from effective (published a
// month before) issued by unit, with number and title made unique.
func (w *docWorld) existing(t *testing.T, unit int64, title, effective string) normdoc.Document {
	t.Helper()
	w.seq++
	eff := d(effective)
	pub := eff.AddDays(-30)
	doc := normdoc.Document{Title: fmt.Sprintf("%s（%d）", title, w.seq), Number: fmt.Sprintf("慈测发〔%d〕%d号", eff.Year, w.seq),
		LeadUnitID: unit, PublishedOn: &pub, EffectiveOn: &eff}
	if err := w.s.RegisterExisting(context.Background(), admin, &doc); err != nil {
		t.Fatalf("register %s: %v", doc.Title, err)
	}
	return doc
}

func (w *docWorld) effect(t *testing.T, doc int64, kind normdoc.EffectKind, on string) normdoc.Effect {
	t.Helper()
	e := normdoc.Effect{Kind: kind, DocID: doc, EffectiveOn: d(on), DecisionNumber: "慈政发[2017]80号"}
	if err := w.s.AddEffect(context.Background(), admin, &e, d("2026-03-02")); err != nil {
		t.Fatalf("effect %s on %d: %v", kind, doc, err)
	}
	return e
}

func TestNormdocLifecycle(t *testing.T) {
	dbtest.Run(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		w := newDocWorld(t, db)
		doc := normdoc.Document{Title: "慈溪市网络交易监督管理暂行办法", LeadUnitID: w.market.ID,
			Issuers: []normdoc.Issuer{{UnitID: w.justice.ID}}, ReformTags: []string{"commercial"}}
		if err := w.s.CreateNormdoc(ctx, w.clerk.Audit(), &doc, d("2026-03-02")); err != nil {
			t.Fatal(err)
		}
		fire := func(actor account.Actor, name, reason string, in store.FireInput, on string) error {
			t.Helper()
			it, err := w.s.Item(ctx, normdoc.RecordKind, doc.ID)
			if err != nil {
				t.Fatal(err)
			}
			got, err := w.s.FireNormdoc(ctx, actor, doc.ID, name, it.Version, reason, in, d(on))
			if err == nil {
				doc = got
			}
			return err
		}
		steps := []struct {
			actor  account.Actor
			name   string
			reason string
			in     store.FireInput
			on     string
			want   apperr.Kind // 0 = allowed
		}{
			{w.clerk, normdoc.TrSubmit, "", store.FireInput{}, "2026-03-02", 0},
			{w.clerk, normdoc.TrPass, "", store.FireInput{}, "2026-03-10", apperr.Forbidden},
			{w.legal, normdoc.TrReturn, "", store.FireInput{}, "2026-03-10", apperr.Invalid},
			{w.legal, normdoc.TrReturn, "第五条设定的备案义务缺乏上位法依据", store.FireInput{}, "2026-03-10", 0},
			{w.clerk, normdoc.TrSubmit, "", store.FireInput{}, "2026-03-12", 0},
			{w.legal, normdoc.TrPass, "", store.FireInput{}, "2026-03-20", 0},
			{w.clerk, normdoc.TrDeliberate, "", store.FireInput{}, "2026-03-25", 0},
			{w.clerk, normdoc.TrSign, "", store.FireInput{Number: "慈市监[2026]3号"}, "2026-03-26", apperr.Forbidden},
			{w.leader, normdoc.TrSign, "", store.FireInput{}, "2026-03-26", apperr.Invalid},
			{w.leader, normdoc.TrSign, "", store.FireInput{Number: "慈市监[2026]3号"}, "2026-03-26", 0},
			{w.legal, normdoc.TrRegister, "", store.FireInput{}, "2026-03-27", 0},
			{w.clerk, normdoc.TrPublish, "", store.FireInput{}, "2026-03-30", apperr.Invalid},
			{w.clerk, normdoc.TrPublish, "", store.FireInput{EffectiveOn: ptr(d("2026-05-01"))}, "2026-03-30", 0},
			{w.clerk, string(normdoc.Repeal), "", store.FireInput{}, "2026-04-01", apperr.Invalid},
		}
		for i, st := range steps {
			err := fire(st.actor, st.name, st.reason, st.in, st.on)
			if (st.want == 0) != (err == nil) || (err != nil && apperr.KindOf(err) != st.want) {
				t.Fatalf("step %d %s by %s: %v, want kind %d", i, st.name, st.actor.Name, err, st.want)
			}
		}
		if doc.Number != "慈市监〔2026〕3号" || doc.RegNumber != "CXSG—2026—1" || doc.State != normdoc.StPublished {
			t.Errorf("after publication: number %q reg %q state %s", doc.Number, doc.RegNumber, doc.State)
		}
		if doc.ExpiryOn == nil || *doc.ExpiryOn != d("2028-04-30") {
			t.Errorf("a provisional document is valid for 2 years: %v", doc.ExpiryOn)
		}
		it, _ := w.s.Item(ctx, normdoc.RecordKind, doc.ID)
		timers, err := w.s.Timers(ctx, it.ID)
		if err != nil || len(timers) < 2 || timers[0].Name != "filing" || timers[0].DueOn != d("2026-04-14") {
			t.Errorf("filing timer: %+v %v", timers, err)
		}
		// Once signed the particulars are fixed; descriptive fields are not.
		changed := doc
		changed.Title = "改名"
		if err := w.s.UpdateNormdoc(ctx, w.clerk.Audit(), &changed, "x"); apperr.KindOf(err) != apperr.Conflict {
			t.Errorf("renaming a published document: %v", err)
		}
		tagged := doc
		tagged.LegalBasis = "《中华人民共和国电子商务法》"
		if err := w.s.UpdateNormdoc(ctx, w.clerk.Audit(), &tagged, "补充依据"); err != nil {
			t.Errorf("legal basis of a published document: %v", err)
		}
		got, _ := w.s.Normdoc(ctx, doc.ID)
		if len(got.Issuers) != 2 || !got.Issuers[0].Lead || got.Issuers[1].UnitID != w.justice.ID || !got.Involves(w.justice.ID) {
			t.Errorf("issuers: %+v", got.Issuers)
		}
		// A second document cannot take the same number.
		other := normdoc.Document{Title: "另一文件", Number: "慈市监〔2026〕3号", LeadUnitID: w.market.ID}
		if err := w.s.CreateNormdoc(ctx, w.clerk.Audit(), &other, d("2026-04-01")); !apperr.Fields(apperr.FieldsOf(err)).Has("number") {
			t.Errorf("duplicate number: %v", err)
		}
		if err := fire(w.legal, normdoc.TrFile, "", store.FireInput{}, "2026-04-08"); err != nil || doc.State != normdoc.StFiled {
			t.Errorf("file: %v %s", err, doc.State)
		}
		history, _ := w.s.History(ctx, normdoc.RecordKind, doc.ID)
		if len(history) < 12 {
			t.Errorf("history has %d events", len(history))
		}
	})
}

func ptr[T any](v T) *T { return &v }

// TestPointInTime checks the one query "what was in force on day D"
// against the domain's StatusAt, on both engines, for documents with
// every kind of ledger.
func TestPointInTime(t *testing.T) {
	dbtest.Run(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		w := newDocWorld(t, db)
		plain := w.existing(t, w.market.ID, "慈溪市户外广告管理办法", "2014-03-01")
		repealed := w.existing(t, w.gov.ID, "慈溪市城市道路挖掘管理办法", "2013-01-01")
		w.effect(t, repealed.ID, normdoc.Repeal, "2016-06-30")
		amended := w.existing(t, w.office.ID, "慈溪市政府投资项目管理办法", "2015-05-01")
		w.effect(t, amended.ID, normdoc.Amend, "2016-01-01")
		suspended := w.existing(t, w.market.ID, "慈溪市菜市场管理办法", "2015-01-01")
		w.effect(t, suspended.ID, normdoc.Suspend, "2016-03-01")
		w.effect(t, suspended.ID, normdoc.Resume, "2016-07-01")
		declared := w.existing(t, w.oldOffice.ID, "慈溪市行政执法证件管理办法", "2012-06-01")
		w.effect(t, declared.ID, normdoc.DeclareExpired, "2016-06-30")
		replacement := w.existing(t, w.market.ID, "慈溪市广告管理办法", "2016-06-01")
		replaced := w.existing(t, w.market.ID, "慈溪市广告暂行规定", "2015-06-01")
		e := normdoc.Effect{Kind: normdoc.Replace, DocID: replaced.ID, AffectingID: replacement.ID, EffectiveOn: d("2016-06-01")}
		if err := w.s.AddEffect(ctx, admin, &e, d("2026-03-02")); err != nil {
			t.Fatal(err)
		}
		future := w.existing(t, w.market.ID, "慈溪市尚未施行的办法", "2016-08-01")
		docs := []normdoc.Document{plain, repealed, amended, suspended, declared, replacement, replaced, future}
		for _, tc := range []struct {
			on   string
			want []int64
		}{
			{"2012-12-31", []int64{declared.ID}},
			{"2016-06-29", []int64{plain.ID, repealed.ID, amended.ID, declared.ID, replacement.ID}},
			{"2016-06-30", []int64{plain.ID, amended.ID, replacement.ID}},
			{"2016-07-01", []int64{plain.ID, amended.ID, suspended.ID, replacement.ID}},
			{"2017-01-01", []int64{plain.ID, amended.ID, suspended.ID, replacement.ID, future.ID}},
		} {
			on := d(tc.on)
			rows, total, err := w.s.InForceOn(ctx, on, nil, store.Page{Limit: 100})
			if err != nil {
				t.Fatal(err)
			}
			var got []int64
			for _, r := range rows {
				got = append(got, r.ID)
			}
			slices.Sort(got)
			want := slices.Clone(tc.want)
			slices.Sort(want)
			if !slices.Equal(got, want) || total != len(want) {
				t.Errorf("in force on %s: %v (total %d), want %v", tc.on, got, total, want)
			}
			// Each row's status is the domain's answer.
			all, _, err := w.s.Normdocs(ctx, store.NormdocFilter{AsOf: on, Page: store.Page{Limit: 100}})
			if err != nil {
				t.Fatal(err)
			}
			for _, r := range all {
				ledger, _ := w.s.Effects(ctx, r.ID)
				if want := normdoc.StatusAt(r.Dates(), ledger, on); r.Status != want {
					t.Errorf("%s on %s: SQL %s, StatusAt %s", r.Title, tc.on, r.Status, want)
				}
			}
		}
		_ = docs
		counts, err := w.s.NormdocStatusCounts(ctx, store.NormdocFilter{AsOf: d("2016-06-30")})
		if err != nil {
			t.Fatal(err)
		}
		byStatus := map[normdoc.Status]int{}
		for _, c := range counts {
			byStatus[c.Status] = c.Count
		}
		if byStatus[normdoc.Suspended] != 1 || byStatus[normdoc.Abolished] != 1 || byStatus[normdoc.Replaced] != 1 ||
			byStatus[normdoc.DeclaredExpired] != 1 || byStatus[normdoc.Unpublished] != 1 || byStatus[normdoc.InForce] != 2 {
			t.Errorf("counts on 2016-06-30: %v", byStatus)
		}
		catalog, _, _ := w.s.Normdocs(ctx, store.NormdocFilter{AsOf: d("2016-07-01"), Catalog: normdoc.AbolishedCatalog, Page: store.Page{Limit: 100}})
		if len(catalog) != 2 {
			t.Errorf("abolished catalog on 2016-07-01: %d", len(catalog))
		}
		// The lifecycle follows the ledger.
		for _, tc := range []struct {
			doc   int64
			state string
		}{{repealed.ID, "abolished"}, {amended.ID, "amended"}, {suspended.ID, normdoc.StFiled}, {replaced.ID, "replaced"}, {plain.ID, normdoc.StFiled}} {
			it, _ := w.s.Item(ctx, normdoc.RecordKind, tc.doc)
			if it.State != tc.state {
				t.Errorf("doc %d lifecycle %s, want %s", tc.doc, it.State, tc.state)
			}
		}
		// A unit's staff see only documents their unit issued or implements.
		own, _, _ := w.s.Normdocs(ctx, store.NormdocFilter{UnitIDs: []int64{w.office.ID}, Page: store.Page{Limit: 100}})
		if len(own) != 1 || own[0].ID != amended.ID {
			t.Errorf("office scope: %d documents", len(own))
		}
	})
}

func TestEffectRules(t *testing.T) {
	dbtest.Run(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		w := newDocWorld(t, db)
		doc := w.existing(t, w.market.ID, "慈溪市某办法", "2015-01-01")
		w.effect(t, doc.ID, normdoc.Repeal, "2017-09-28")
		for _, tc := range []struct {
			name  string
			e     normdoc.Effect
			field string
			kind  apperr.Kind
		}{
			{"after repeal", normdoc.Effect{Kind: normdoc.Amend, DocID: doc.ID, EffectiveOn: d("2018-01-01")}, "", apperr.Conflict},
			{"expiry is the system's", normdoc.Effect{Kind: normdoc.Expire, DocID: doc.ID, EffectiveOn: d("2016-01-01")}, "kind", apperr.Invalid},
			{"before entry into force", normdoc.Effect{Kind: normdoc.Amend, DocID: doc.ID, EffectiveOn: d("2014-01-01")}, "effective_on", apperr.Invalid},
			{"replace names the new document", normdoc.Effect{Kind: normdoc.Replace, DocID: doc.ID, EffectiveOn: d("2016-01-01")}, "affecting_id", apperr.Invalid},
			{"bad decision number", normdoc.Effect{Kind: normdoc.Amend, DocID: doc.ID, EffectiveOn: d("2016-01-01"), DecisionNumber: "2016年3号"}, "decision_number", apperr.Invalid},
			{"no such document", normdoc.Effect{Kind: normdoc.Amend, DocID: 99999, EffectiveOn: d("2016-01-01")}, "", apperr.NotFound},
		} {
			err := w.s.AddEffect(ctx, admin, &tc.e, d("2026-03-02"))
			if apperr.KindOf(err) != tc.kind || (tc.field != "" && !apperr.Fields(apperr.FieldsOf(err)).Has(tc.field)) {
				t.Errorf("%s: %v", tc.name, err)
			}
		}
		ledger, _ := w.s.Effects(ctx, doc.ID)
		if len(ledger) != 1 || ledger[0].DecisionNumber != "慈政发〔2017〕80号" {
			t.Errorf("ledger: %+v", ledger)
		}
		// A repeal dated in the future applies when its day comes.
		later := w.existing(t, w.market.ID, "慈溪市另一办法", "2020-01-01")
		e := normdoc.Effect{Kind: normdoc.Repeal, DocID: later.ID, EffectiveOn: d("2026-06-01")}
		if err := w.s.AddEffect(ctx, admin, &e, d("2026-03-02")); err != nil {
			t.Fatal(err)
		}
		it, _ := w.s.Item(ctx, normdoc.RecordKind, later.ID)
		if it.State != normdoc.StFiled {
			t.Errorf("before its day: %s", it.State)
		}
		if n, err := w.s.SyncLifecycles(ctx, d("2026-06-01")); err != nil || n != 1 {
			t.Errorf("sync: %d %v", n, err)
		}
		if n, _ := w.s.SyncLifecycles(ctx, d("2026-06-02")); n != 0 {
			t.Errorf("second sync moved %d", n)
		}
		it, _ = w.s.Item(ctx, normdoc.RecordKind, later.ID)
		if it.State != "abolished" {
			t.Errorf("after its day: %s", it.State)
		}
	})
}

func TestValidityEngine(t *testing.T) {
	dbtest.Run(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		w := newDocWorld(t, db)
		// Effective 2021-12-01: valid five years, to 2026-11-30; evaluated from 2026-06-01.
		doc := w.existing(t, w.oldOffice.ID, "慈溪市行政规范性文件管理办法", "2021-12-01")
		renewed := w.existing(t, w.market.ID, "慈溪市集贸市场管理办法", "2021-12-01")
		if doc.ExpiryOn == nil || *doc.ExpiryOn != d("2026-11-30") {
			t.Fatalf("expiry %v", doc.ExpiryOn)
		}
		if n, err := w.s.RunValidityEngine(ctx, d("2026-05-31")); err != nil || n != 0 {
			t.Errorf("before the window: %d %v", n, err)
		}
		if n, err := w.s.RunValidityEngine(ctx, d("2026-06-01")); err != nil || n != 2 {
			t.Errorf("window opens: %d %v", n, err)
		}
		if n, _ := w.s.RunValidityEngine(ctx, d("2026-06-02")); n != 0 {
			t.Errorf("second run opened %d", n)
		}
		evs, err := w.s.Evaluations(ctx, store.EvaluationFilter{State: store.EvalOpen})
		if err != nil || len(evs) != 2 {
			t.Fatalf("evaluations: %v %v", evs, err)
		}
		var mine store.Evaluation
		for _, ev := range evs {
			if ev.DocID == doc.ID && ev.UnitID != w.justice.ID {
				t.Errorf("the abolished legal office's document is evaluated by %s, not its successor", ev.UnitName)
			}
			if ev.DocID == renewed.ID {
				mine = ev
			}
		}
		// The market bureau continues its document: re-registered, valid five years again.
		if _, err := w.s.DecideEvaluation(ctx, w.clerk.Audit(), mine.ID, store.EvaluationDecision{Outcome: normdoc.AbolishIt,
			On: d("2026-09-01"), Version: mine.Version}, d("2026-09-01")); !apperr.Fields(apperr.FieldsOf(err)).Has("number") {
			t.Errorf("abolition without a decision number: %v", err)
		}
		ev, err := w.s.DecideEvaluation(ctx, w.clerk.Audit(), mine.ID, store.EvaluationDecision{Outcome: normdoc.Continue,
			On: d("2026-09-01"), Number: "慈市监〔2026〕9号", Version: mine.Version}, d("2026-09-01"))
		if err != nil || ev.State != store.EvalDecided {
			t.Fatalf("continue: %v %+v", err, ev)
		}
		got, _ := w.s.Normdoc(ctx, renewed.ID)
		if got.ExpiryOn == nil || *got.ExpiryOn != d("2031-08-31") || got.RegNumber == renewed.RegNumber {
			t.Errorf("after renewal: expiry %v reg %s (was %s)", got.ExpiryOn, got.RegNumber, renewed.RegNumber)
		}
		// The other expires by itself the day after its last valid day.
		if n, err := w.s.RunValidityEngine(ctx, d("2026-11-30")); err != nil || n != 0 {
			t.Errorf("on the last valid day: %d %v", n, err)
		}
		if n, err := w.s.RunValidityEngine(ctx, d("2026-12-01")); err != nil || n != 1 {
			t.Errorf("expiry: %d %v", n, err)
		}
		if n, _ := w.s.RunValidityEngine(ctx, d("2026-12-02")); n != 0 {
			t.Errorf("second expiry run changed %d", n)
		}
		ledger, _ := w.s.Effects(ctx, doc.ID)
		if len(ledger) != 1 || ledger[0].Kind != normdoc.Expire || ledger[0].EffectiveOn != d("2026-12-01") {
			t.Errorf("ledger: %+v", ledger)
		}
		it, _ := w.s.Item(ctx, normdoc.RecordKind, doc.ID)
		if it.State != string(normdoc.Expired) {
			t.Errorf("lifecycle %s", it.State)
		}
		lapsed, _ := w.s.Evaluations(ctx, store.EvaluationFilter{DocID: doc.ID})
		if len(lapsed) != 1 || lapsed[0].State != store.EvalLapsed {
			t.Errorf("evaluation of the expired document: %+v", lapsed)
		}
		if rows, _, _ := w.s.InForceOn(ctx, d("2026-12-01"), nil, store.Page{Limit: 10}); len(rows) != 1 || rows[0].ID != renewed.ID {
			t.Errorf("in force after the expiry: %v", rows)
		}
	})
}

var _ = calendar.Date{}
