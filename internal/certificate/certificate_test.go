package certificate

import (
	"slices"
	"strings"
	"testing"

	"fazhi/internal/calendar"
)

func day(s string) calendar.Date {
	d, err := calendar.ParseDate(s)
	if err != nil {
		panic(err)
	}
	return d
}

// clean is a snapshot that no rule flags in 2016.
func clean() Snapshot {
	return Snapshot{CertificateID: 1, PersonID: 2, UnitID: 3, PersonStatus: "active", HolderUnitID: 3,
		Establishment: Administrative, ValidUntil: day("2019-12-31"), ReviewedYears: map[int]bool{2016: true},
		IssuedYear: 2014, ActiveCerts: 1, ResidentIDValid: true}
}

func TestDetectEachRule(t *testing.T) {
	today := day("2017-01-10")
	for _, tc := range []struct {
		name   string
		change func(*Snapshot)
		want   Rule
	}{
		{"left", func(s *Snapshot) { s.PersonStatus = "left" }, HolderLeft},
		{"moved to another unit", func(s *Snapshot) { s.HolderUnitID = 9 }, HolderLeft},
		{"retired", func(s *Snapshot) { s.PersonStatus = "retired" }, HolderRetired},
		{"deceased", func(s *Snapshot) { s.PersonStatus = "deceased" }, HolderDeceased},
		{"unit abolished", func(s *Snapshot) { s.UnitAbolished = true }, UnitAbolished},
		{"no annual review", func(s *Snapshot) { s.ReviewedYears = nil }, NoAnnualReview},
		{"expired", func(s *Snapshot) { s.ValidUntil = day("2016-12-31") }, ExpiredInUse},
		{"several active", func(s *Snapshot) { s.ActiveCerts = 2 }, MultipleActive},
		{"bad ID", func(s *Snapshot) { s.ResidentIDValid = false }, InvalidResidentID},
		{"duplicated ID", func(s *Snapshot) { s.ResidentIDDupe = true }, DuplicateResidentID},
		{"not on establishment", func(s *Snapshot) { s.Establishment = OtherStaff }, NotOnEstablishment},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := clean()
			tc.change(&s)
			got := Detect(s, 2016, today)
			if len(got) != 1 || got[0].Rule != tc.want || got[0].Detail == "" {
				t.Fatalf("Detect = %+v, want only %s", got, tc.want)
			}
		})
	}
	if got := Detect(clean(), 2016, today); len(got) != 0 {
		t.Fatalf("clean snapshot flagged: %+v", got)
	}
	// Issued during the year: no review due yet.
	s := clean()
	s.ReviewedYears, s.IssuedYear = nil, 2016
	if got := Detect(s, 2016, today); len(got) != 0 {
		t.Fatalf("new certificate flagged: %+v", got)
	}
	if _, ok := QualificationFinding(day("2016-05-15"), false, day("2016-05-16")); !ok {
		t.Error("lapsed qualification not flagged")
	}
	if _, ok := QualificationFinding(day("2016-05-15"), true, day("2016-05-16")); ok {
		t.Error("qualification used for a certificate flagged")
	}
	for _, r := range Rules {
		if r.Rule.Label() == string(r.Rule) {
			t.Errorf("rule %s has no label", r.Rule)
		}
	}
}

func TestTransitions(t *testing.T) {
	for _, tc := range []struct {
		from Status
		a    Action
		ok   bool
	}{
		{Valid, Withhold, true}, {Withheld, Restore, true}, {Valid, Restore, false}, {Withheld, Revoke, true},
		{Revoked, Restore, false}, {Cancelled, Withhold, false}, {Valid, Transfer, true}, {Expired, Renew, true},
		{Withheld, Reissue, false}, {Replaced, Cancel, false},
	} {
		_, err := TransitionFor(tc.from, tc.a)
		if (err == nil) != tc.ok {
			t.Errorf("%s from %s: %v", tc.a, tc.from, err)
		}
	}
	if acts := Available(Valid); slices.ContainsFunc(acts, func(t Transition) bool { return t.Action == Expire }) {
		t.Error("expiry is the system's, not a button")
	}
}

func TestReview(t *testing.T) {
	base := ReviewFacts{CertUnitID: 1, HolderUnitID: 1, HolderActive: true, EnforcementPost: true, TrainingHours: 40,
		TrainingMinimum: 40, NameOnCard: "甲", NameNow: "甲"}
	if r := Review(base); !r.Passed || r.Notes != "" {
		t.Fatalf("clean review: %+v", r)
	}
	for _, tc := range []struct {
		change func(*ReviewFacts)
		note   string
	}{
		{func(f *ReviewFacts) { f.HolderUnitID = 2 }, "不在发证单位"},
		{func(f *ReviewFacts) { f.EnforcementPost = false }, "不在执法岗位"},
		{func(f *ReviewFacts) { f.TrainingHours = 39 }, "39 学时"},
		{func(f *ReviewFacts) { f.Records = 1 }, "处分"},
		{func(f *ReviewFacts) { f.NameNow = "乙" }, "换发"},
	} {
		f := base
		tc.change(&f)
		if r := Review(f); r.Passed || !strings.Contains(r.Notes, tc.note) {
			t.Errorf("review %+v: %+v", f, r)
		}
	}
}

func TestNumbersAndExam(t *testing.T) {
	if got := FormatNumber("浙{地区码}{年}{序号}", "330282", 2016, 7); got != "浙330282201600007" {
		t.Errorf("FormatNumber = %s", got)
	}
	if !Passed(60, 75, 60) || Passed(59, 90, 60) {
		t.Error("pass rule")
	}
	if got := QualifiedUntil(day("2016-04-16"), 5); got.String() != "2021-04-15" {
		t.Errorf("QualifiedUntil = %s", got)
	}
	if got := SplitCategories("市场监管；食品安全, 价格、"); len(got) != 3 {
		t.Errorf("SplitCategories = %v", got)
	}
}

func TestEntitledPure(t *testing.T) {
	c := Held{Certificate: Certificate{Number: "浙1", UnitID: 1, UnitName: "甲局", Categories: []string{"全部"},
		IssuedOn: day("2015-01-01"), ValidUntil: day("2019-12-31"), Status: Cancelled},
		History: []StatusChange{{Valid, day("2015-01-01"), ""}, {Cancelled, day("2017-03-01"), "调离"}}}
	if e := Entitled([]Held{c}, 1, "市场", day("2016-06-01")); !e.Entitled {
		t.Fatalf("before cancellation: %+v", e)
	}
	if e := Entitled([]Held{c}, 1, "", day("2017-03-01")); e.Entitled || !strings.Contains(e.Reason, "注销") {
		t.Fatalf("after cancellation: %+v", e)
	}
	if e := Entitled(nil, 1, "", day("2016-06-01")); e.Entitled || !strings.Contains(e.Reason, "未取得") {
		t.Fatalf("no certificate: %+v", e)
	}
}
