package store_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"fazhi/internal/apperr"
	"fazhi/internal/calendar"
	"fazhi/internal/certificate"
	"fazhi/internal/ident"
	"fazhi/internal/org"
	"fazhi/internal/sqldb"
	"fazhi/internal/sqldb/dbtest"
	"fazhi/internal/store"
)

func d(s string) calendar.Date {
	v, err := calendar.ParseDate(s)
	if err != nil {
		panic(err)
	}
	return v
}

// certWorld is a small organisation with one qualified officer.
type certWorld struct {
	s       *store.Store
	market  org.Unit
	traffic org.Unit
	person  org.Person
	seq     int
	examID  int64
}

func newCertWorld(t *testing.T, db *sqldb.DB) *certWorld {
	t.Helper()
	ctx := context.Background()
	w := &certWorld{s: newStore(t, db)}
	w.market = org.Unit{Name: "慈溪市市场监督管理局", Kind: org.Department, Enforcement: true}
	w.traffic = org.Unit{Name: "慈溪市交通运输局", Kind: org.Department, Enforcement: true}
	for _, u := range []*org.Unit{&w.market, &w.traffic} {
		if err := w.s.CreateUnit(ctx, admin, u); err != nil {
			t.Fatal(err)
		}
	}
	e := store.ExamSession{Name: "2015年第一次行政执法资格考试", HeldOn: d("2015-05-16")}
	if err := w.s.CreateExamSession(ctx, admin, &e); err != nil {
		t.Fatal(err)
	}
	w.examID = e.ID
	w.person = w.officer(t, "张执法", w.market.ID, certificate.Administrative, 80)
	return w
}

// officer registers a person as an officer who sat the exam with score.
func (w *certWorld) officer(t *testing.T, name string, unit int64, est certificate.Establishment, score int) org.Person {
	t.Helper()
	ctx := context.Background()
	w.seq++
	p := org.Person{Name: name, ResidentID: ident.MakeResidentID("330282", d("1980-01-01").Time(), w.seq), UnitID: unit}
	if err := w.s.CreatePerson(ctx, admin, &p); err != nil {
		t.Fatal(err)
	}
	o := certificate.Officer{PersonID: p.ID, Establishment: est, EnforcementPost: true}
	if err := w.s.SaveOfficer(ctx, admin, &o, ""); err != nil {
		t.Fatal(err)
	}
	if _, err := w.s.RegisterForExam(ctx, admin, w.examID, []int64{p.ID}); err != nil {
		t.Fatal(err)
	}
	regs, _ := w.s.Registrations(ctx, w.examID, nil)
	for _, r := range regs {
		if r.PersonID == p.ID {
			if _, err := w.s.RecordScores(ctx, admin, r.ID, score, score); err != nil {
				t.Fatal(err)
			}
		}
	}
	return p
}

func (w *certWorld) issue(t *testing.T, p org.Person, on string) certificate.Certificate {
	t.Helper()
	c := certificate.Certificate{PersonID: p.ID, UnitID: p.UnitID, Area: "慈溪市", Categories: []string{"市场监管"},
		PowerSource: certificate.Statutory, IssuedOn: d(on)}
	if err := w.s.IssueCertificate(context.Background(), admin, &c); err != nil {
		t.Fatalf("issue: %v", err)
	}
	return c
}

func TestIssueCertificate(t *testing.T) {
	dbtest.Run(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		w := newCertWorld(t, db)
		c := w.issue(t, w.person, "2015-07-01")
		if c.Number != "浙330282201500001" || c.Issuer != "慈溪市人民政府" || c.ValidUntil.String() != "2020-06-30" {
			t.Fatalf("issued %+v", c)
		}
		if c2 := w.issue(t, w.officer(t, "李执法", w.market.ID, certificate.CivilService, 75), "2015-08-01"); c2.Number != "浙330282201500002" {
			t.Fatalf("second number %s", c2.Number)
		}
		for _, tc := range []struct {
			name   string
			person func() org.Person
			unit   int64
			on     string
			want   string
		}{
			{"already holds one", func() org.Person { return w.person }, w.market.ID, "2015-09-01", "已持有有效"},
			{"failed the exam", func() org.Person { return w.officer(t, "王未过", w.market.ID, certificate.Administrative, 50) }, w.market.ID, "2015-09-01", "考试合格"},
			{"not on the establishment", func() org.Person { return w.officer(t, "赵编外", w.market.ID, certificate.OtherStaff, 90) }, w.market.ID, "2015-09-01", "不在编制"},
			{"before the exam", func() org.Person { return w.officer(t, "钱提前", w.market.ID, certificate.Administrative, 90) }, w.market.ID, "2015-01-01", "考试合格"},
			{"qualification lapsed", func() org.Person { return w.officer(t, "孙过期", w.market.ID, certificate.Administrative, 90) }, w.market.ID, "2020-05-16", "考试合格"},
			{"other unit", func() org.Person { return w.officer(t, "周他单位", w.market.ID, certificate.Administrative, 90) }, w.traffic.ID, "2015-09-01", "不在该单位"},
		} {
			t.Run(tc.name, func(t *testing.T) {
				p := tc.person()
				c := certificate.Certificate{PersonID: p.ID, UnitID: tc.unit, Area: "慈溪市", Categories: []string{"市场监管"},
					PowerSource: certificate.Statutory, IssuedOn: d(tc.on)}
				err := w.s.IssueCertificate(ctx, admin, &c)
				if apperr.KindOf(err) != apperr.Invalid || !strings.Contains(apperr.Message(err), tc.want) {
					t.Fatalf("err = %v, want %q", err, tc.want)
				}
			})
		}
	})
}

func TestCertificateStatusAndEntitlement(t *testing.T) {
	dbtest.Run(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		w := newCertWorld(t, db)
		c := w.issue(t, w.person, "2015-07-01")
		// Withhold, then restore; a stale version conflicts; a final status cannot be left.
		if _, err := w.s.ChangeStatus(ctx, admin, c.ID, store.StatusRequest{Action: certificate.Withhold, Version: c.Version, On: d("2016-03-01"), Reason: "违规执法"}); err != nil {
			t.Fatal(err)
		}
		if _, err := w.s.ChangeStatus(ctx, admin, c.ID, store.StatusRequest{Action: certificate.Restore, Version: c.Version, On: d("2016-04-01"), Reason: "整改完毕"}); apperr.KindOf(err) != apperr.Conflict {
			t.Fatalf("stale version: %v", err)
		}
		if _, err := w.s.ChangeStatus(ctx, admin, c.ID, store.StatusRequest{Action: certificate.Restore, Version: c.Version + 1, On: d("2016-04-01"), Reason: "整改完毕"}); err != nil {
			t.Fatal(err)
		}
		if _, err := w.s.ChangeStatus(ctx, admin, c.ID, store.StatusRequest{Action: certificate.Restore, Version: c.Version + 2, On: d("2016-05-01"), Reason: "x"}); apperr.KindOf(err) != apperr.Conflict {
			t.Fatalf("restore a valid card: %v", err)
		}
		for _, tc := range []struct {
			name, matter, on string
			unit             int64
			want             bool
			why              string
		}{
			{"valid", "市场监管", "2015-12-01", w.market.ID, true, "持有效"},
			{"before issue", "", "2015-06-30", w.market.ID, false, "才发证"},
			{"withheld at the time", "", "2016-03-15", w.market.ID, false, "暂扣"},
			{"restored", "", "2016-04-02", w.market.ID, true, ""},
			{"other unit", "", "2016-04-02", w.traffic.ID, false, "不是本执法单位"},
			{"matter not covered", "交通运输", "2016-04-02", w.market.ID, false, "执法类别不含"},
			{"expired", "", "2020-07-01", w.market.ID, false, "到期"},
		} {
			t.Run(tc.name, func(t *testing.T) {
				e, err := w.s.Entitled(ctx, w.person.ID, tc.unit, tc.matter, d(tc.on))
				if err != nil || e.Entitled != tc.want || !strings.Contains(e.Reason, tc.why) {
					t.Fatalf("Entitled = %+v, %v; want %v (%s)", e, err, tc.want, tc.why)
				}
			})
		}
		// A transfer voids the card and issues one in the new unit.
		p := w.person
		p.UnitID = w.traffic.ID
		if err := w.s.UpdatePerson(ctx, admin, &p, "调动"); err != nil {
			t.Fatal(err)
		}
		cur, _ := w.s.Certificate(ctx, c.ID)
		next, err := w.s.ChangeStatus(ctx, admin, c.ID, store.StatusRequest{Action: certificate.Transfer, Version: cur.Version,
			On: d("2016-06-01"), Reason: "调往交通运输局", NewUnitID: w.traffic.ID})
		if err != nil {
			t.Fatal(err)
		}
		old, _ := w.s.Certificate(ctx, c.ID)
		if old.Status != certificate.Replaced || next.UnitID != w.traffic.ID || next.ReplacesID != c.ID || next.Number == c.Number {
			t.Fatalf("transfer: old %s, new %+v", old.Status, next)
		}
		if e, _ := w.s.Entitled(ctx, w.person.ID, w.traffic.ID, "", d("2016-06-02")); !e.Entitled {
			t.Fatalf("after transfer: %+v", e)
		}
		if e, _ := w.s.Entitled(ctx, w.person.ID, w.market.ID, "", d("2016-06-02")); e.Entitled {
			t.Fatal("still entitled in the old unit")
		}
	})
}

func TestAnnualReviewChecks(t *testing.T) {
	dbtest.Run(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		w := newCertWorld(t, db)
		good := w.issue(t, w.person, "2015-07-01")
		w.s.SetTrainingHours(ctx, admin, w.person.ID, 2016, 48)
		short := w.officer(t, "学时不足", w.market.ID, certificate.Administrative, 80)
		w.issue(t, short, "2015-07-01")
		w.s.SetTrainingHours(ctx, admin, short.ID, 2016, 12)
		punished := w.officer(t, "受处分", w.market.ID, certificate.Administrative, 80)
		w.issue(t, punished, "2015-07-01")
		w.s.SetTrainingHours(ctx, admin, punished.ID, 2016, 60)
		w.s.AddOfficerRecord(ctx, admin, &store.OfficerRecord{PersonID: punished.ID, Kind: "discipline", OnDate: "2016-05-01", Note: "警告"})
		renamed := w.officer(t, "原名", w.market.ID, certificate.Administrative, 80)
		w.issue(t, renamed, "2015-07-01")
		w.s.SetTrainingHours(ctx, admin, renamed.ID, 2016, 60)
		renamed.Name = "改名"
		w.s.UpdatePerson(ctx, admin, &renamed, "更名")

		got, err := w.s.RunAnnualReview(ctx, admin, w.market.ID, 2016, "", d("2016-12-20"))
		if err != nil || len(got) != 4 {
			t.Fatalf("reviews = %d, %v", len(got), err)
		}
		byName := map[string]store.AnnualReview{}
		for _, r := range got {
			byName[r.HolderName] = r
		}
		for name, check := range map[string]func(store.AnnualReview) bool{
			"张执法":  func(r store.AnnualReview) bool { return r.Passed },
			"学时不足": func(r store.AnnualReview) bool { return !r.Passed && !r.TrainingOK && r.TrainingMin == 40 },
			"受处分":  func(r store.AnnualReview) bool { return !r.Passed && !r.CleanRecord },
			"原名":   func(r store.AnnualReview) bool { return !r.Passed && !r.ParticularsUnchanged },
		} {
			if !check(byName[name]) {
				t.Errorf("%s: %+v", name, byName[name])
			}
		}
		if again, _ := w.s.RunAnnualReview(ctx, admin, w.market.ID, 2016, "", d("2016-12-21")); len(again) != 0 {
			t.Fatalf("a second batch reviewed %d again", len(again))
		}
		list, total, _ := w.s.AnnualReviews(ctx, store.ReviewFilter{Year: 2016, Failed: true})
		if total != 3 || len(list) != 3 {
			t.Fatalf("failed reviews = %d", total)
		}
		_ = good
	})
}

func TestAnomalyRulesAndCleanup(t *testing.T) {
	dbtest.Run(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		w := newCertWorld(t, db)
		// One holder per rule the store can produce from records.
		w.issue(t, w.person, "2015-07-01") // reviewed below: no anomaly
		left := w.officer(t, "已调离", w.market.ID, certificate.Administrative, 80)
		leftCert := w.issue(t, left, "2015-07-01")
		retired := w.officer(t, "已退休", w.market.ID, certificate.Administrative, 80)
		w.issue(t, retired, "2015-07-01")
		unreviewed := w.officer(t, "未年审", w.traffic.ID, certificate.Administrative, 80)
		w.issue(t, unreviewed, "2015-07-01")
		lapsed := w.officer(t, "资格过期", w.market.ID, certificate.Administrative, 80)
		w.s.RunAnnualReview(ctx, admin, w.market.ID, 2016, "", d("2016-12-20"))
		for _, ch := range []struct {
			p      org.Person
			status org.PersonStatus
		}{{left, org.Left}, {retired, org.Retired}} {
			p := ch.p
			p.Status = ch.status
			if err := w.s.UpdatePerson(ctx, admin, &p, "人事变动"); err != nil {
				t.Fatal(err)
			}
		}
		n, err := w.s.DetectAnomalies(ctx, admin, 2016, d("2017-01-10"))
		if err != nil {
			t.Fatal(err)
		}
		byRule, byUnit, err := w.s.AnomalyCounts(ctx, 2016, nil)
		if err != nil {
			t.Fatal(err)
		}
		got := map[string]int{}
		for _, r := range byRule {
			got[r.Key] = r.Total
		}
		want := map[string]int{"holder_left": 1, "holder_retired": 1, "no_annual_review": 1}
		for k, v := range want {
			if got[k] != v {
				t.Errorf("rule %s: %d, want %d (all: %v)", k, got[k], v, got)
			}
		}
		if n != len(byRule) && n < 3 {
			t.Errorf("detected %d", n)
		}
		if len(byUnit) != 2 {
			t.Errorf("by unit = %+v", byUnit)
		}
		// The qualification of 资格过期 lapses in 2020 without a certificate.
		if _, err := w.s.DetectAnomalies(ctx, admin, 2020, d("2020-06-01")); err != nil {
			t.Fatal(err)
		}
		lap, _, _ := w.s.Anomalies(ctx, store.AnomalyFilter{Rule: certificate.QualificationLapsed})
		if len(lap) != 1 || lap[0].PersonID != lapsed.ID {
			t.Fatalf("lapsed = %+v", lap)
		}
		// Detection twice records nothing new.
		if again, _ := w.s.DetectAnomalies(ctx, admin, 2016, d("2017-01-11")); again != 0 {
			t.Fatalf("second detection added %d", again)
		}
		// Clean-up: the unit cancels, the office returns once, then confirms; the certificate is cancelled.
		list, _, _ := w.s.Anomalies(ctx, store.AnomalyFilter{Year: 2016, Rule: certificate.HolderLeft})
		a := list[0]
		if _, err := w.s.ConfirmAnomaly(ctx, admin, a.ID, a.Version, true, "", d("2017-01-12")); apperr.KindOf(err) != apperr.Conflict {
			t.Fatalf("confirm before handling: %v", err)
		}
		if _, err := w.s.HandleAnomaly(ctx, admin, a.ID, a.Version, certificate.CancelCert, "", d("2017-01-12")); apperr.KindOf(err) != apperr.Invalid {
			t.Fatalf("handling without explanation: %v", err)
		}
		a, err = w.s.HandleAnomaly(ctx, admin, a.ID, a.Version, certificate.CancelCert, "已调往外地，申请注销", d("2017-01-12"))
		if err != nil {
			t.Fatal(err)
		}
		a, err = w.s.ConfirmAnomaly(ctx, admin, a.ID, a.Version, false, "请附调令", d("2017-01-13"))
		if err != nil || a.State != certificate.Open {
			t.Fatalf("return: %+v %v", a, err)
		}
		a, _ = w.s.HandleAnomaly(ctx, admin, a.ID, a.Version, certificate.CancelCert, "附调令，申请注销", d("2017-01-14"))
		a, err = w.s.ConfirmAnomaly(ctx, admin, a.ID, a.Version, true, "", d("2017-01-15"))
		if err != nil || a.State != certificate.Confirmed {
			t.Fatalf("confirm: %+v %v", a, err)
		}
		if c, _ := w.s.Certificate(ctx, leftCert.ID); c.Status != certificate.Cancelled {
			t.Fatalf("certificate after confirmed cancellation: %s", c.Status)
		}
		stats, tot, err := w.s.CertStats(ctx, 2016, nil, d("2017-01-15"))
		if err != nil || len(stats) != 2 || tot.AnomaliesDone != 1 || tot.Reviews != 3 || tot.ExamSessions != 0 {
			t.Fatalf("stats %+v %+v %v", stats, tot, err)
		}
	})
}

func TestVerifyThrottle(t *testing.T) {
	dbtest.Run(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		w := newCertWorld(t, db)
		c := w.issue(t, w.person, "2015-07-01")
		v, err := w.s.Verify(ctx, c.Number, "1.2.3.4", d("2016-01-01"))
		if err != nil || !v.Valid || v.Name != "张执法" {
			t.Fatalf("verify = %+v, %v", v, err)
		}
		if v, _ := w.s.Verify(ctx, c.Number, "1.2.3.4", d("2021-01-01")); v.Valid || v.Status != "已过有效期" {
			t.Fatalf("expired: %+v", v)
		}
		if _, err := w.s.Verify(ctx, "浙000", "1.2.3.4", d("2016-01-01")); apperr.KindOf(err) != apperr.NotFound {
			t.Fatalf("unknown number: %v", err)
		}
		var last error
		for range 30 {
			_, last = w.s.Verify(ctx, c.Number, "1.2.3.4", d("2016-01-01"))
		}
		if apperr.KindOf(last) != apperr.TooMany {
			t.Fatalf("after the limit: %v", last)
		}
		if _, err := w.s.Verify(ctx, c.Number, "5.6.7.8", d("2016-01-01")); err != nil {
			t.Fatalf("another address is throttled: %v", err)
		}
		// An hour later the lookups are purged and the address may ask again.
		later := w.s.Now().Add(2 * time.Hour)
		w.s.Now = func() time.Time { return later }
		if err := w.s.PurgeExpired(ctx); err != nil {
			t.Fatal(err)
		}
		var left int
		db.QueryRowContext(ctx, `SELECT COUNT(*) FROM verification_hits`).Scan(&left)
		if left != 0 {
			t.Fatalf("%d verification lookups left after purge", left)
		}
	})
}

func TestExpireCertificates(t *testing.T) {
	dbtest.Run(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		w := newCertWorld(t, db)
		c := w.issue(t, w.person, "2015-07-01")
		if n, err := w.s.ExpireCertificates(ctx, d("2020-06-30")); err != nil || n != 0 {
			t.Fatalf("on the last valid day: %d %v", n, err)
		}
		if n, err := w.s.ExpireCertificates(ctx, d("2020-07-01")); err != nil || n != 1 {
			t.Fatalf("the day after: %d %v", n, err)
		}
		got, _ := w.s.Certificate(ctx, c.ID)
		hist, _ := w.s.StatusHistory(ctx, c.ID)
		if got.Status != certificate.Expired || hist[len(hist)-1].From.String() != "2020-07-01" {
			t.Fatalf("after expiry: %s %+v", got.Status, hist)
		}
	})
}

func TestCertificateListSort(t *testing.T) {
	dbtest.Run(t, func(t *testing.T, db *sqldb.DB) {
		w := newCertWorld(t, db)
		w.issue(t, w.person, "2015-07-01")                                                         // 张执法, 00001, until 2020-06-30
		w.issue(t, w.officer(t, "李执法", w.market.ID, certificate.Administrative, 80), "2015-06-20") // 00002, until 2020-06-19
		w.issue(t, w.officer(t, "艾执法", w.market.ID, certificate.Administrative, 80), "2015-08-01") // 00003, until 2020-07-31
		for _, c := range []struct{ sort, want string }{
			{"", "艾执法 张执法 李执法"},
			{"valid_until", "李执法 张执法 艾执法"},
			{"number", "张执法 李执法 艾执法"},
			{"bogus", "艾执法 张执法 李执法"},
		} {
			certs, n, err := w.s.Certificates(context.Background(), store.CertFilter{Sort: c.sort})
			if err != nil || n != 3 {
				t.Fatalf("sort %q: %d, %v", c.sort, n, err)
			}
			var names []string
			for _, x := range certs {
				names = append(names, x.HolderName)
			}
			if got := strings.Join(names, " "); got != c.want {
				t.Errorf("sort %q: %s, want %s", c.sort, got, c.want)
			}
		}
	})
}
