package org

import (
	"testing"
	"time"

	"fazhi/internal/apperr"
	"fazhi/internal/calendar"
)

func fieldOf(err error) string {
	if f := apperr.FieldsOf(err); len(f) > 0 {
		return f[0].Field
	}
	return ""
}

func TestUnitValidate(t *testing.T) {
	abolished := calendar.Date{Year: 2019, Month: 3, Day: 1}
	for _, tc := range []struct {
		name  string
		unit  Unit
		field string
	}{
		{"ok", Unit{Name: "慈溪市司法局", Kind: Department, CreditCode: "91512081MA62K0260E"}, ""},
		{"town defaults to 镇", Unit{Name: "周巷镇", Kind: Town}, ""},
		{"no name", Unit{Kind: Department}, "name"},
		{"bad kind", Unit{Name: "甲", Kind: "club"}, "kind"},
		{"bad code", Unit{Name: "甲", Kind: Department, CreditCode: "91512081MA62K0260F"}, "credit_code"},
		{"successor without abolition", Unit{Name: "甲", Kind: Department, SuccessorID: 3}, "abolished_on"},
		{"successor with abolition", Unit{Name: "甲", Kind: Department, SuccessorID: 3, AbolishedOn: &abolished}, ""},
		{"own parent", Unit{ID: 4, Name: "甲", Kind: Department, ParentID: 4}, "parent_id"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			u := tc.unit
			u.Normalize()
			if got := fieldOf(u.Validate()); got != tc.field {
				t.Fatalf("field = %q, want %q (%v)", got, tc.field, u.Validate())
			}
		})
	}
	u := Unit{Name: "浒山街道", Kind: Town, SubKind: SubSubdistrict}
	if u.KindLabel() != "街道" {
		t.Errorf("KindLabel = %s", u.KindLabel())
	}
}

func TestPersonPrepare(t *testing.T) {
	now := time.Date(2026, 11, 27, 0, 0, 0, 0, time.UTC)
	p := Person{Name: " 张三 ", ResidentID: "51310119820113001", UnitID: 1}
	if err := p.Prepare(now); err == nil {
		t.Fatal("a 17-digit number was accepted")
	}
	p.ResidentID = "513101820113001"
	if err := p.Prepare(now); err != nil || p.ResidentID != "513101198201130014" || p.Name != "张三" || p.Status != Active {
		t.Fatalf("Prepare = %+v, %v", p, err)
	}
	if p.MaskedResidentID() == p.ResidentID {
		t.Error("masked ID shows the whole number")
	}
}
