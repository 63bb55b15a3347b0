package demo_test

import (
	"context"
	"slices"
	"strings"
	"testing"

	"fazhi/internal/account"
	"fazhi/internal/apperr"
	"fazhi/internal/demo"
	"fazhi/internal/ident"
	"fazhi/internal/org"
	"fazhi/internal/sqldb"
	"fazhi/internal/sqldb/dbtest"
	"fazhi/internal/store"
)

// snapshot is what must be identical across loads.
type snapshot struct {
	units  []string // name|credit code|kind|enforcement|address|phone
	people []string // unit|name|resident ID|post|status|phone
}

// loadOrg loads the organisation only: the foundation tests need no
// certificates and run much faster without them.
func loadOrg(t *testing.T, db *sqldb.DB) (*store.Store, demo.Summary) {
	t.Helper()
	s := store.New(db)
	sum, err := demo.LoadOrganisation(context.Background(), s)
	if err != nil {
		t.Fatalf("LoadOrganisation: %v", err)
	}
	return s, sum
}

func allUnits(t *testing.T, s *store.Store, f store.UnitFilter) []org.Unit {
	t.Helper()
	return must[org.Unit](t)(store.Collect(func(p store.Page) ([]org.Unit, int, error) {
		f.Page = p
		return s.Units(context.Background(), f)
	}))
}

func allPeople(t *testing.T, s *store.Store) []org.Person {
	t.Helper()
	return must[org.Person](t)(store.Collect(func(p store.Page) ([]org.Person, int, error) {
		return s.People(context.Background(), store.PersonFilter{Page: p})
	}))
}

func snap(t *testing.T, s *store.Store) snapshot {
	t.Helper()
	var sn snapshot
	for _, u := range allUnits(t, s, store.UnitFilter{}) {
		sn.units = append(sn.units, strings.Join([]string{u.Name, u.CreditCode, string(u.Kind),
			map[bool]string{true: "E", false: "-"}[u.Enforcement], u.Address, u.Phone}, "|"))
	}
	for _, p := range allPeople(t, s) {
		sn.people = append(sn.people, strings.Join([]string{p.UnitName, p.Name, p.ResidentID, p.Post,
			string(p.Status), p.Phone}, "|"))
	}
	return sn
}

func count(t *testing.T, s *store.Store, f store.UnitFilter) int {
	t.Helper()
	f.Page = store.Page{Limit: 1}
	_, n, err := s.Units(context.Background(), f)
	if err != nil {
		t.Fatal(err)
	}
	return n
}

func TestLoadOrganisation(t *testing.T) {
	dbtest.Run(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		s, sum := loadOrg(t, db)
		if sum.Officers != 0 || sum.Certificates != 0 || sum.ExamSessions != 0 {
			t.Errorf("LoadOrganisation made certificate records: %+v", sum)
		}

		// The organisation at the seed's scale.
		counts := []struct {
			name string
			f    store.UnitFilter
			want int
		}{
			{"departments", store.UnitFilter{Kind: org.Department, Active: true}, 30},
			{"all departments incl. abolished", store.UnitFilter{Kind: org.Department}, 31},
			{"towns", store.UnitFilter{Kind: org.Town, Active: true}, 18},
			{"enforcement units", store.UnitFilter{Enforcement: true, Active: true}, 27},
			{"government", store.UnitFilter{Kind: org.Government}, 1},
			{"office", store.UnitFilter{Kind: org.Office}, 1},
		}
		for _, c := range counts {
			if got := count(t, s, c.f); got != c.want {
				t.Errorf("%s = %d, want %d", c.name, got, c.want)
			}
		}
		units := allUnits(t, s, store.UnitFilter{})
		if sum.Units != len(units) || sum.Units != 54 {
			t.Errorf("summary units = %d, stored %d, want 54", sum.Units, len(units))
		}
		partners, subdistricts, towns := 0, 0, 0
		codes := map[string]bool{}
		byName := map[string]org.Unit{}
		for _, u := range units {
			byName[u.Name] = u
			if u.Kind.Partner() {
				partners++
			}
			if u.Kind == org.Town && u.SubKind == org.SubSubdistrict {
				subdistricts++
			}
			if u.Kind == org.Town && u.SubKind == org.SubTown {
				towns++
			}
			if err := ident.CheckCreditCode(u.CreditCode); err != nil {
				t.Errorf("%s: %v", u.Name, err)
			}
			if w := ident.CreditCodeOrgCodeWarning(u.CreditCode); w != "" {
				t.Errorf("%s: %s", u.Name, w)
			}
			if codes[u.CreditCode] {
				t.Errorf("%s: duplicate credit code %s", u.Name, u.CreditCode)
			}
			codes[u.CreditCode] = true
			if !strings.HasPrefix(u.Address, "慈溪市") || !strings.HasPrefix(u.Phone, "0574-63") || len(u.Phone) != 13 {
				t.Errorf("%s: address %q, phone %q", u.Name, u.Address, u.Phone)
			}
		}
		if partners != 3 || subdistricts != 5 || towns != 13 {
			t.Errorf("partners, subdistricts, towns = %d, %d, %d; want 3, 5, 13", partners, subdistricts, towns)
		}
		gov := byName["慈溪市人民政府"]
		if byName["慈溪市司法局"].ParentID != gov.ID || byName["浒山街道"].ParentID != gov.ID {
			t.Errorf("departments and towns must report to the government")
		}
		old := byName["慈溪市人民政府法制办公室"]
		if old.Active() || old.AbolishedOn.String() != "2019-03-01" || old.SuccessorID != byName["慈溪市司法局"].ID || old.Enforcement {
			t.Errorf("abolished office = %+v", old)
		}

		// People.
		people := allPeople(t, s)
		if sum.People != len(people) || len(people) < 6*len(units) || len(people) > 10*len(units) {
			t.Errorf("people = %d (summary %d) for %d units", len(people), sum.People, len(units))
		}
		ids, perUnit := map[string]bool{}, map[string]int{}
		statuses := map[org.PersonStatus]int{}
		for _, p := range people {
			perUnit[p.UnitName]++
			statuses[p.Status]++
			if ids[p.ResidentID] {
				t.Errorf("duplicate resident ID %s", p.ResidentID)
			}
			ids[p.ResidentID] = true
			if p.ResidentID[:6] != "330282" || p.BirthDate.Year < 1965 || p.BirthDate.Year > 1998 {
				t.Errorf("%s: ID %s, born %s", p.Name, p.ResidentID, p.BirthDate)
			}
			if n := len([]rune(p.Name)); n < 2 || n > 3 {
				t.Errorf("odd name %q", p.Name)
			}
			if len(p.Phone) != 11 || p.Phone[:2] != "13" {
				t.Errorf("%s: phone %q", p.Name, p.Phone)
			}
		}
		for _, u := range units {
			if perUnit[u.Name] == 0 {
				t.Errorf("%s has no people", u.Name)
			}
		}
		if statuses[org.Retired] == 0 || statuses[org.Left] == 0 || statuses[org.Active] < len(people)*8/10 {
			t.Errorf("statuses = %v", statuses)
		}

		// Accounts: one per role, plus the public security and procuratorate
		// partners of the transfers; each signs in, each linked to a person
		// of its unit.
		users, err := s.Users(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if len(users) != 9 || sum.Users != 9 || len(demo.Accounts) != 9 {
			t.Fatalf("users = %d, summary %d, accounts %d; want 9", len(users), sum.Users, len(demo.Accounts))
		}
		var roles []account.Role
		for _, a := range demo.Accounts {
			if err := account.CheckPasswordPolicy(a.Password); err != nil {
				t.Errorf("%s: %v", a.Username, err)
			}
			u, err := s.Authenticate(ctx, a.Username, a.Password, "127.0.0.1", 5)
			if err != nil {
				t.Errorf("login %s: %v", a.Username, err)
				continue
			}
			roles = append(roles, u.Roles...)
			if u.UnitName != a.UnitName || u.DisplayName != a.DisplayName || !slices.Equal(u.Roles, []account.Role{a.Role}) {
				t.Errorf("%s = %+v, want %+v", a.Username, u, a)
			}
			p, err := s.Person(ctx, u.PersonID)
			if err != nil || p.UnitID != u.UnitID || p.Name != a.DisplayName || p.Status != org.Active {
				t.Errorf("%s: person %+v, %v", a.Username, p, err)
			}
		}
		for _, r := range account.Roles {
			if !slices.Contains(roles, r.Role) {
				t.Errorf("no demo account for role %s", r.Role)
			}
		}

		// Every write is on the audit chain, and the chain holds.
		rep, err := s.VerifyChain(ctx)
		if err != nil {
			t.Fatalf("VerifyChain: %v", err)
		}
		if rep.Events < int64(sum.Units+sum.People+sum.Users) {
			t.Errorf("chain has %d events, want at least %d", rep.Events, sum.Units+sum.People+sum.Users)
		}

		// A second load is refused and changes nothing.
		if _, err := demo.LoadOrganisation(ctx, s); apperr.KindOf(err) != apperr.Conflict {
			t.Fatalf("second LoadOrganisation err = %v, want a conflict", err)
		}
		if _, err := demo.Load(ctx, s); apperr.KindOf(err) != apperr.Conflict {
			t.Fatalf("Load after LoadOrganisation err = %v, want a conflict", err)
		}
		if n := count(t, s, store.UnitFilter{}); n != sum.Units {
			t.Errorf("units after refused load = %d, want %d", n, sum.Units)
		}
	})
}

func TestLoadOrganisationDeterministic(t *testing.T) {
	dbtest.Run(t, func(t *testing.T, db *sqldb.DB) {
		s1, _ := loadOrg(t, db)
		s2, _ := loadOrg(t, dbtest.Open(t, db.Engine))
		a, b := snap(t, s1), snap(t, s2)
		if !slices.Equal(a.units, b.units) {
			t.Errorf("units differ between loads:\n%v\n%v", a.units, b.units)
		}
		if !slices.Equal(a.people, b.people) {
			t.Errorf("people differ between loads")
		}
		if len(a.units) == 0 || len(a.people) == 0 {
			t.Errorf("empty snapshot")
		}
	})
}

// must fails the test on a collection error.
func must[T any](t *testing.T) func([]T, error) []T {
	return func(rows []T, err error) []T {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
		return rows
	}
}
