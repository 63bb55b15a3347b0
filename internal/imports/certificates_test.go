package imports_test

import (
	"bytes"
	"context"
	"strconv"
	"strings"
	"testing"
	"time"

	"fazhi/internal/account"
	"fazhi/internal/calendar"
	"fazhi/internal/certificate"
	"fazhi/internal/ident"
	"fazhi/internal/imports"
	"fazhi/internal/org"
	"fazhi/internal/sqldb"
	"fazhi/internal/sqldb/dbtest"
	"fazhi/internal/store"
)

// certWorld is a small registry for the measure-5 imports: an
// enforcement unit with three people, and a town with one.
type certWorld struct {
	s              *store.Store
	market, town   org.Unit
	ids            []string // resident IDs: 0–2 in the market bureau, 3 in the town
	names          []string
	clerk          account.Actor // clerk of the market bureau
	examName       string
	examDay, issue calendar.Date
}

func id(t *testing.T, year int, seq int) string {
	t.Helper()
	return ident.MakeResidentID("330282", time.Date(year, 5, 17, 0, 0, 0, 0, time.UTC), seq)
}

func newCertWorld(t *testing.T, db *sqldb.DB) *certWorld {
	t.Helper()
	ctx := context.Background()
	w := &certWorld{s: store.New(db), names: []string{"张晓东", "李丽", "王建国", "陈芳"},
		examName: "2016年第一次行政执法人员资格考试"}
	w.ids = []string{id(t, 1980, 11), id(t, 1985, 22), id(t, 1978, 33), id(t, 1990, 44)}
	w.examDay, _ = calendar.ParseDate("2016-04-16")
	w.issue, _ = calendar.ParseDate("2016-06-13")
	if _, err := w.s.SeedRules(ctx); err != nil {
		t.Fatal(err)
	}
	if _, err := imports.Run(ctx, w.s, office, mustKind(t, "units"), "u.csv", strings.NewReader(goodUnits), false); err != nil {
		t.Fatal(err)
	}
	w.market, _ = w.s.UnitByName(ctx, "慈溪市市场监督管理局")
	w.town, _ = w.s.UnitByName(ctx, "浒山街道")
	people := "姓名,公民身份号码,所在单位,职务\n"
	for i, n := range w.names {
		unit := w.market.Name
		if i == 3 {
			unit = w.town.Name
		}
		people += n + "," + w.ids[i] + "," + unit + ",执法队员\n"
	}
	res, err := imports.Run(ctx, w.s, office, mustKind(t, "people"), "p.csv", strings.NewReader(people), false)
	if err != nil || !res.OK() {
		t.Fatalf("people: %v %v", res.Report, err)
	}
	w.clerk = account.Actor{UserID: 0, Name: "经办人", UnitID: w.market.ID, Roles: []account.Role{account.Clerk}}
	e := store.ExamSession{Name: w.examName, HeldOn: w.examDay}
	if err := w.s.CreateExamSession(ctx, admin, &e); err != nil {
		t.Fatal(err)
	}
	return w
}

var admin = office.Audit()

func mustKind(t *testing.T, name string) imports.Kind {
	t.Helper()
	k, ok := imports.KindByName(name)
	if !ok {
		t.Fatalf("no import kind %s", name)
	}
	return k
}

// importErrs runs an import and returns "line:column" of each error.
func importErrs(t *testing.T, s *store.Store, actor account.Actor, kind, file string, dryRun bool) (imports.Result, []string) {
	t.Helper()
	res, err := imports.Run(context.Background(), s, actor, mustKind(t, kind), kind+".csv", bytes.NewReader([]byte(file)), dryRun)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, e := range res.Report.Sorted() {
		got = append(got, strconv.Itoa(e.Line)+":"+e.Column)
	}
	return res, got
}

func wantErrs(t *testing.T, res imports.Result, got []string, want ...string) {
	t.Helper()
	if strings.Join(got, ",") != strings.Join(want, ",") {
		t.Fatalf("errors = %v (%s), want %v", got, res.Report.Error(), want)
	}
	if len(want) > 0 && res.Written != 0 {
		t.Fatalf("written = %d with errors", res.Written)
	}
}

func (w *certWorld) officers(t *testing.T) int {
	t.Helper()
	_, n, err := w.s.Officers(context.Background(), store.OfficerFilter{})
	if err != nil {
		t.Fatal(err)
	}
	return n
}

func TestImportOfficers(t *testing.T) {
	dbtest.Run(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		w := newCertWorld(t, db)
		head := "姓名,公民身份号码,编制类别,学历,法律职业资格,执法岗位,年度,培训学时\n"
		good := head + w.names[0] + "," + w.ids[0] + ",行政编制,大学本科,否,是,2016,48\n" +
			w.names[1] + "," + strings.ToLower(w.ids[1]) + ",参公,硕士研究生,是,是,,\n" +
			w.names[2] + "," + w.ids[2] + ",事业编制,大专,,否,2016,36\n"

		res, errs := importErrs(t, w.s, office, "officers", good, true)
		wantErrs(t, res, errs)
		if n := w.officers(t); n != 0 || res.Written != 0 {
			t.Fatalf("dry run wrote %d officers (written %d)", n, res.Written)
		}

		// One bad row (found by the importer or by the store) writes nothing.
		bad := strings.Replace(good, "参公", "临时工", 1)
		res, errs = importErrs(t, w.s, office, "officers", bad, false)
		wantErrs(t, res, errs, "3:编制类别")
		unknown := strings.Replace(good, w.ids[2], id(t, 1970, 99), 1)
		res, errs = importErrs(t, w.s, office, "officers", unknown, false)
		wantErrs(t, res, errs, "4:公民身份号码")
		misnamed := strings.Replace(good, w.names[0], "张小东", 1)
		res, errs = importErrs(t, w.s, office, "officers", misnamed, false)
		wantErrs(t, res, errs, "2:姓名")
		res, errs = importErrs(t, w.s, office, "officers", good+w.names[0]+","+w.ids[0]+",行政编制,,,,2016,\n", false)
		wantErrs(t, res, errs, "5:公民身份号码", "5:培训学时")
		if n := w.officers(t); n != 0 {
			t.Fatalf("failed imports wrote %d officers", n)
		}

		// A clerk imports only their own unit's officers.
		res, errs = importErrs(t, w.s, w.clerk, "officers", head+w.names[3]+","+w.ids[3]+",行政编制,,,,,\n", false)
		wantErrs(t, res, errs, "2:公民身份号码")

		// A good file writes every row, training hours included.
		res, errs = importErrs(t, w.s, w.clerk, "officers", good, false)
		wantErrs(t, res, errs)
		if n := w.officers(t); n != 3 || res.Written != 3 {
			t.Fatalf("officers = %d, written %d; want 3", n, res.Written)
		}
		p, _, _ := w.s.People(ctx, store.PersonFilter{Query: w.ids[1]})
		o, err := w.s.Officer(ctx, p[0].ID)
		if err != nil || o.Establishment != certificate.CivilService || !o.LegalQualification || !o.EnforcementPost ||
			o.Education != "硕士研究生" {
			t.Fatalf("officer = %+v, %v", o, err)
		}
		p, _, _ = w.s.People(ctx, store.PersonFilter{Query: w.ids[2]})
		if o, _ := w.s.Officer(ctx, p[0].ID); o.EnforcementPost {
			t.Errorf("执法岗位 否 imported as %+v", o)
		}
		if h, _ := w.s.TrainingHours(ctx, p[0].ID, 2016); h != 36 {
			t.Errorf("training hours = %d, want 36", h)
		}

		// Importing again updates the records (a new version, audited).
		res, errs = importErrs(t, w.s, office, "officers", strings.Replace(good, ",大专,", ",大学本科,", 1), false)
		wantErrs(t, res, errs)
		if o, _ := w.s.Officer(ctx, p[0].ID); o.Education != "大学本科" || o.Version != 2 {
			t.Errorf("re-imported officer = %+v", o)
		}
		if ev, _ := w.s.History(ctx, "officer", p[0].ID); len(ev) != 4 { // create, training, update, training
			t.Errorf("officer history has %d events, want 4", len(ev))
		}
	})
}

func TestImportExamResults(t *testing.T) {
	dbtest.Run(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		w := newCertWorld(t, db)
		head := "考试名称,公民身份号码,姓名,通用法律知识成绩,专门法律知识成绩\n"
		good := head + w.examName + "," + w.ids[0] + "," + w.names[0] + ",86,72\n" +
			w.examName + "," + w.ids[1] + ",,58.0,90\n" +
			w.examName + "," + w.ids[3] + "," + w.names[3] + ",75,61\n"
		regs := func() (n, passed int) {
			sessions, err := w.s.ExamSessions(ctx)
			if err != nil || len(sessions) != 1 {
				t.Fatalf("sessions = %v, %v", sessions, err)
			}
			return sessions[0].Registered, sessions[0].Passed
		}

		res, errs := importErrs(t, w.s, office, "exam_results", good, true)
		wantErrs(t, res, errs)
		if n, _ := regs(); n != 0 {
			t.Fatalf("dry run registered %d", n)
		}

		res, errs = importErrs(t, w.s, office, "exam_results", strings.Replace(good, ",72\n", ",101\n", 1), false)
		wantErrs(t, res, errs, "2:专门法律知识成绩")
		res, errs = importErrs(t, w.s, office, "exam_results", good+"2015年第二次行政执法人员资格考试,"+w.ids[2]+",,80,80\n", false)
		wantErrs(t, res, errs, "5:考试名称")
		res, errs = importErrs(t, w.s, office, "exam_results", good+w.examName+","+w.ids[0]+",,80,80\n", false)
		wantErrs(t, res, errs, "5:公民身份号码")
		if n, _ := regs(); n != 0 {
			t.Fatalf("failed imports registered %d", n)
		}

		// Exam results are the legal affairs office's.
		res, errs = importErrs(t, w.s, w.clerk, "exam_results", good, false)
		wantErrs(t, res, errs, "2:", "3:", "4:")
		if mustKind(t, "exam_results").Permits(w.clerk) || !mustKind(t, "officers").Permits(w.clerk) ||
			!mustKind(t, "certificates").Permits(office) {
			t.Errorf("Permits disagrees with the import scopes")
		}

		res, errs = importErrs(t, w.s, office, "exam_results", good, false)
		wantErrs(t, res, errs)
		if n, passed := regs(); n != 3 || passed != 2 || res.Written != 3 {
			t.Fatalf("registered %d, passed %d, written %d; want 3, 2, 3", n, passed, res.Written)
		}
		// A corrected sheet updates the scores without registering twice.
		res, errs = importErrs(t, w.s, office, "exam_results", strings.Replace(good, ",58.0,", ",66,", 1), false)
		wantErrs(t, res, errs)
		if n, passed := regs(); n != 3 || passed != 3 {
			t.Fatalf("after correction registered %d, passed %d; want 3, 3", n, passed)
		}
	})
}

func TestImportCertificates(t *testing.T) {
	dbtest.Run(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		w := newCertWorld(t, db)
		// The first two market people are qualified officers; the third
		// is an officer who never passed the exam.
		officers := "姓名,公民身份号码,编制类别\n" + w.names[0] + "," + w.ids[0] + ",行政编制\n" +
			w.names[1] + "," + w.ids[1] + ",参公\n" + w.names[2] + "," + w.ids[2] + ",事业编制\n"
		if res, errs := importErrs(t, w.s, office, "officers", officers, false); len(errs) != 0 {
			t.Fatalf("officers: %s", res.Report.Error())
		}
		exams := "考试名称,公民身份号码,通用法律知识成绩,专门法律知识成绩\n" + w.examName + "," + w.ids[0] + ",80,75\n" +
			w.examName + "," + w.ids[1] + ",70,66\n"
		if res, errs := importErrs(t, w.s, office, "exam_results", exams, false); len(errs) != 0 {
			t.Fatalf("exams: %s", res.Report.Error())
		}
		head := "公民身份号码,姓名,执法单位,执法区域,执法类别,执法权来源,发证日期,有效期至\n"
		good := head + w.ids[0] + "," + w.names[0] + "," + w.market.Name + ",慈溪市行政区域,市场监管；食品药品安全,法定,2016-06-13,\n" +
			w.ids[1] + ",," + w.market.Name + ",慈溪市行政区域,质量技术监督,委托,2016/6/14,2019-06-13\n"
		certs := func() []certificate.Certificate {
			cs, _, err := w.s.Certificates(ctx, store.CertFilter{})
			if err != nil {
				t.Fatal(err)
			}
			return cs
		}

		res, errs := importErrs(t, w.s, office, "certificates", good, true)
		wantErrs(t, res, errs)
		if n := len(certs()); n != 0 {
			t.Fatalf("dry run issued %d", n)
		}

		res, errs = importErrs(t, w.s, office, "certificates", good+w.ids[2]+",,"+w.market.Name+",慈溪市,市场监管,法定,2016-06-13,\n", false)
		wantErrs(t, res, errs, "4:公民身份号码") // no passed exam
		res, errs = importErrs(t, w.s, office, "certificates", strings.Replace(good, "委托", "聘用", 1), false)
		wantErrs(t, res, errs, "3:执法权来源")
		res, errs = importErrs(t, w.s, office, "certificates", strings.Replace(good, "2016/6/14", "2016-02-30", 1), false)
		wantErrs(t, res, errs, "3:发证日期")
		res, errs = importErrs(t, w.s, office, "certificates", strings.Replace(good, ","+w.market.Name+",", ","+w.town.Name+",", 1), false)
		wantErrs(t, res, errs, "2:执法单位", "2:执法单位") // not the holder's unit, not an enforcement unit
		if n := len(certs()); n != 0 {
			t.Fatalf("failed imports issued %d", n)
		}

		res, errs = importErrs(t, w.s, w.clerk, "certificates", good, false)
		wantErrs(t, res, errs, "2:", "3:")

		res, errs = importErrs(t, w.s, office, "certificates", good, false)
		wantErrs(t, res, errs)
		cs := certs()
		if len(cs) != 2 || res.Written != 2 {
			t.Fatalf("certificates = %d, written %d; want 2", len(cs), res.Written)
		}
		for _, c := range cs {
			if !strings.HasPrefix(c.Number, "浙3302822016") || c.Issuer != "慈溪市人民政府" || c.Status != certificate.Valid {
				t.Errorf("certificate %+v", c)
			}
			switch c.HolderName {
			case w.names[0]:
				if len(c.Categories) != 2 || c.ValidUntil.String() != "2021-06-12" || c.PowerSource != certificate.Statutory {
					t.Errorf("first certificate %+v", c)
				}
			case w.names[1]:
				if c.IssuedOn.String() != "2016-06-14" || c.ValidUntil.String() != "2019-06-13" || c.PowerSource != certificate.Entrusted {
					t.Errorf("second certificate %+v", c)
				}
			}
		}
		// A second card for the same holders is refused: exchange, don't issue.
		res, errs = importErrs(t, w.s, office, "certificates", good, false)
		wantErrs(t, res, errs, "2:公民身份号码", "3:公民身份号码")
		if rep, err := w.s.VerifyChain(ctx); err != nil {
			t.Fatalf("audit chain after imports: %v (%+v)", err, rep)
		}
	})
}
