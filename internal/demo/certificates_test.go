package demo_test

import (
	"context"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"testing"

	"fazhi/internal/calendar"
	"fazhi/internal/certificate"
	"fazhi/internal/demo"
	"fazhi/internal/demo/demotest"
	"fazhi/internal/ident"
	"fazhi/internal/org"
	"fazhi/internal/sqldb"
	"fazhi/internal/sqldb/dbtest"
	"fazhi/internal/store"
)

func day(t *testing.T, s string) calendar.Date {
	t.Helper()
	d, err := calendar.ParseDate(s)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

// certSnapshot is what must be identical across full loads.
type certSnapshot struct {
	certs     []string // number|holder|unit|status|issued|valid|status day|replaces
	anomalies []string // rule|holder|number|state|resolution|handled|confirmed, sorted
	stats     []store.CertUnitStats
}

func allCerts(t *testing.T, s *store.Store) []certificate.Certificate {
	t.Helper()
	return must[certificate.Certificate](t)(store.Collect(func(p store.Page) ([]certificate.Certificate, int, error) {
		return s.Certificates(context.Background(), store.CertFilter{Page: p})
	}))
}

func allAnomalies(t *testing.T, s *store.Store) []store.Anomaly {
	t.Helper()
	return must[store.Anomaly](t)(store.Collect(func(p store.Page) ([]store.Anomaly, int, error) {
		return s.Anomalies(context.Background(), store.AnomalyFilter{Page: p})
	}))
}

func certSnap(t *testing.T, s *store.Store, today calendar.Date) certSnapshot {
	t.Helper()
	var sn certSnapshot
	for _, c := range allCerts(t, s) {
		sn.certs = append(sn.certs, fmt.Sprintf("%s|%s|%s|%s|%s|%s|%s|%d", c.Number, c.HolderName, c.UnitName, c.Status,
			c.IssuedOn, c.ValidUntil, c.StatusOn, c.ReplacesID))
	}
	for _, a := range allAnomalies(t, s) {
		sn.anomalies = append(sn.anomalies, fmt.Sprintf("%s|%s|%s|%s|%s|%v|%v", a.Rule, a.HolderName, a.Number, a.State,
			a.Resolution, a.HandledOn, a.ConfirmedOn))
	}
	slices.Sort(sn.anomalies)
	var err error
	if sn.stats, _, err = s.CertStats(context.Background(), 2016, nil, today); err != nil {
		t.Fatal(err)
	}
	return sn
}

// TestLoad loads all the demo data and checks that the records reproduce
// the seed's 2016 figures exactly, that the history is plausible, that
// every write is on a sound audit chain, and that a second load gives the
// same records.
func TestLoad(t *testing.T) {
	for _, engine := range dbtest.Engines() {
		t.Run(string(engine), func(t *testing.T) {
			// The engines, and the two loads on SQLite, run side by side: a
			// full load takes a while under the race detector.
			t.Parallel()
			testLoad(t, engine)
		})
	}
}

func testLoad(t *testing.T, engine sqldb.Engine) {
	ctx := context.Background()
	// The load is the shared demo database that the other packages'
	// tests copy (demotest): loaded once per machine and source version,
	// so this checks what they all test against.
	s, sum := demotest.Open(t, engine)
	// Determinism: the SQLite load must give the records of another,
	// independent load — the PostgreSQL one, which the suite makes anyway
	// (so it also proves the demo the same on both engines); a second
	// SQLite load when PostgreSQL is not among the engines.
	var s2 *store.Store
	if engine == sqldb.SQLite {
		if slices.Contains(dbtest.Engines(), sqldb.Postgres) {
			s2, _ = demotest.Open(t, sqldb.Postgres)
		} else {
			s2 = store.New(dbtest.Open(t, engine))
			if _, err := demo.Load(ctx, s2); err != nil {
				t.Fatalf("second Load: %v", err)
			}
		}
	}
	today := day(t, "2017-06-30")

	// Seed measure 5: 2 exams, 252 new certificates, 2,665 annual
	// reviews, 1,140 anomalies found and confirmed — from the records.
	rows, tot, err := s.CertStats(ctx, 2016, nil, today)
	if err != nil {
		t.Fatal(err)
	}
	want := demo.Seed2016
	if tot.ExamSessions != want.ExamSessions || tot.Issued != want.Issued || tot.Reviews != want.Reviews ||
		tot.AnomaliesDone != want.AnomaliesDone {
		t.Errorf("2016 totals: exams %d, issued %d, reviews %d, anomalies done %d; want %+v",
			tot.ExamSessions, tot.Issued, tot.Reviews, tot.AnomaliesDone, want)
	}
	if tot.Anomalies != tot.AnomaliesDone || tot.OpenAnomalies != 0 {
		t.Errorf("anomalies %d, confirmed %d, open %d: every 2016 anomaly must be confirmed", tot.Anomalies,
			tot.AnomaliesDone, tot.OpenAnomalies)
	}
	if tot.ExamPassed != want.Issued || tot.ExamRegistered <= tot.ExamPassed || tot.ReviewsFailed == 0 ||
		tot.ReviewsFailed > tot.Reviews/3 {
		t.Errorf("2016 exams %d registered, %d passed; reviews failed %d", tot.ExamRegistered, tot.ExamPassed, tot.ReviewsFailed)
	}
	if len(rows) != 27 {
		t.Errorf("%d enforcement units in the statistics, want 27", len(rows))
	}
	big := map[string]int{}
	for _, r := range rows {
		if r.Reviews == 0 || r.Officers == 0 {
			t.Errorf("%s: %d reviews, %d officers", r.UnitName, r.Reviews, r.Officers)
		}
		big[r.UnitName] = r.Reviews
	}
	if big["慈溪市综合行政执法局"] < 5*big["慈溪市统计局"] || big["慈溪市市场监督管理局"] < 5*big["慈溪市审计局"] {
		t.Errorf("reviews per unit not weighted by size: %v", big)
	}
	if sum.ExamSessions != 12 || sum.Reviews != want.Reviews || sum.Anomalies != want.AnomaliesDone ||
		sum.Certificates <= want.Reviews || sum.Officers < 2700 {
		t.Errorf("summary = %+v", sum)
	}

	// A plausible history: every kind of anomaly the history plants,
	// cancellations, exchanges, reissues and renewals.
	byRule, _, err := s.AnomalyCounts(ctx, 2016, nil)
	if err != nil {
		t.Fatal(err)
	}
	rules := map[string]int{}
	for _, r := range byRule {
		rules[r.Key] = r.Total
	}
	for _, r := range []certificate.Rule{certificate.HolderLeft, certificate.HolderRetired, certificate.HolderDeceased,
		certificate.ExpiredInUse, certificate.NotOnEstablishment, certificate.NoAnnualReview, certificate.QualificationLapsed} {
		if rules[string(r)] == 0 {
			t.Errorf("no %s anomaly in 2016 (%v)", r, rules)
		}
	}
	number := regexp.MustCompile(`^浙330282(20[12]\d)\d{5}$`) // issued 2011–2016, renewed up to the present
	statuses := map[certificate.Status]int{}
	certs := allCerts(t, s)
	for _, c := range certs {
		statuses[c.Status]++
		if !number.MatchString(c.Number) || c.Issuer != "慈溪市人民政府" || len(c.Categories) == 0 {
			t.Errorf("certificate %+v", c)
			break
		}
	}
	if len(certs) != sum.Certificates || statuses[certificate.Cancelled] < 500 || statuses[certificate.Replaced] == 0 ||
		statuses[certificate.Reissued] == 0 || statuses[certificate.Valid] < 1500 {
		t.Errorf("%d certificates (summary %d) by status: %v", len(certs), sum.Certificates, statuses)
	}

	// People: unique valid ID numbers, some who left, retired or died.
	people := allPeople(t, s)
	if len(people) != sum.People {
		t.Errorf("people = %d, summary %d", len(people), sum.People)
	}
	ids, status := map[string]bool{}, map[org.PersonStatus]int{}
	for _, p := range people {
		status[p.Status]++
		if ids[p.ResidentID] {
			t.Errorf("duplicate resident ID %s", p.ResidentID)
		}
		ids[p.ResidentID] = true
		if _, err := ident.ParseResidentID(p.ResidentID); err != nil || p.ResidentID[:6] != "330282" {
			t.Errorf("%s: ID %s: %v", p.Name, p.ResidentID, err)
		}
	}
	if status[org.Deceased] == 0 || status[org.Retired] < 100 || status[org.Left] < 100 {
		t.Errorf("people by status: %v", status)
	}

	// The demo officer holds a certificate of their unit.
	users, err := s.Users(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for _, u := range users {
		if u.Username != "officer" {
			continue
		}
		e, err := s.Entitled(ctx, u.PersonID, u.UnitID, "食品药品安全", day(t, "2016-06-01"))
		if err != nil || !e.Entitled {
			t.Errorf("demo officer entitlement = %+v, %v", e, err)
		}
	}

	// Every write is on the audit chain, and the chain holds.
	rep, err := s.VerifyChain(ctx)
	if err != nil {
		t.Fatalf("VerifyChain: %v", err)
	}
	if min := int64(sum.People + sum.Officers + sum.Certificates + sum.Reviews + 3*sum.Anomalies); rep.Events < min {
		t.Errorf("chain has %d events, want at least %d", rep.Events, min)
	}

	if s2 == nil {
		return
	}
	// The other load gave the same records.
	a, b := certSnap(t, s, today), certSnap(t, s2, today)
	if !slices.Equal(a.certs, b.certs) {
		t.Errorf("certificates differ between loads (%d, %d)", len(a.certs), len(b.certs))
	}
	if !slices.Equal(a.anomalies, b.anomalies) {
		t.Errorf("anomalies differ between loads (%d, %d)", len(a.anomalies), len(b.anomalies))
	}
	if !slices.Equal(a.stats, b.stats) {
		t.Errorf("statistics differ between loads")
	}
	if p1, p2 := snap(t, s).people, snap(t, s2).people; !slices.Equal(p1, p2) {
		t.Errorf("people differ between loads")
	}
	if !strings.HasPrefix(a.certs[len(a.certs)-1], "浙3302822011") {
		t.Errorf("oldest certificate %s, want one of 2011", a.certs[len(a.certs)-1])
	}
}
