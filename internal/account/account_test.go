package account

import "testing"

func TestPassword(t *testing.T) {
	h, err := HashPassword("Fazhi-Demo-2026")
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		pw   string
		want bool
	}{{"Fazhi-Demo-2026", true}, {"fazhi-demo-2026", false}, {"", false}} {
		ok, err := CheckPassword(h, tc.pw)
		if err != nil || ok != tc.want {
			t.Errorf("CheckPassword(%q) = %v, %v; want %v", tc.pw, ok, err, tc.want)
		}
	}
}

func TestPasswordPolicy(t *testing.T) {
	for _, tc := range []struct {
		pw string
		ok bool
	}{{"short1A", false}, {"alllowercaseletters", false}, {"Lower-and-1", true}, {"NoSymbols123", true}} {
		if err := CheckPasswordPolicy(tc.pw); (err == nil) != tc.ok {
			t.Errorf("policy(%q) = %v, want ok=%v", tc.pw, err, tc.ok)
		}
	}
}

func TestScope(t *testing.T) {
	clerk := Actor{UserID: 1, UnitID: 10, Roles: []Role{Clerk}}
	officer := Actor{UserID: 2, UnitID: 10, Roles: []Role{Officer}}
	office := Actor{UserID: 3, UnitID: 99, Roles: []Role{LegalOffice}}
	partner := Actor{UserID: 4, UnitID: 50, Roles: []Role{Partner}}
	for _, tc := range []struct {
		name       string
		a          Actor
		unit       int64
		view, edit bool
	}{
		{"clerk own", clerk, 10, true, true},
		{"clerk other", clerk, 11, false, false},
		{"officer own", officer, 10, true, false},
		{"legal office any", office, 11, true, true},
		{"partner own unit", partner, 50, false, false},
		{"public", Actor{}, 10, false, false},
	} {
		if got := tc.a.CanViewUnitRecords(tc.unit); got != tc.view {
			t.Errorf("%s: view = %v", tc.name, got)
		}
		if got := tc.a.CanEditUnitRecords(tc.unit); got != tc.edit {
			t.Errorf("%s: edit = %v", tc.name, got)
		}
	}
}
