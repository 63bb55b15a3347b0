package workflow

import (
	"errors"
	"testing"

	"fazhi/internal/account"
	"fazhi/internal/apperr"
)

var def = &Definition{
	Name: "t", Label: "测试", Initial: "a",
	States: []State{{Name: "a", Label: "甲"}, {Name: "b", Label: "乙"}},
	Transitions: []Transition{
		{Name: "go", Label: "前进", From: []string{"a"}, To: "b", Roles: []account.Role{account.Clerk},
			Guard: func(it Item, in any) error {
				if in == "stop" {
					return apperr.New(apperr.Invalid, "条件不满足")
				}
				return nil
			}},
		{Name: "back", Label: "退回", From: []string{"b"}, To: "a", NeedReason: true},
	},
}

func TestCheck(t *testing.T) {
	if err := def.Validate(); err != nil {
		t.Fatal(err)
	}
	clerk := account.Actor{UserID: 1, UnitID: 5, Roles: []account.Role{account.Clerk}}
	other := account.Actor{UserID: 2, UnitID: 6, Roles: []account.Role{account.Clerk}}
	office := account.Actor{UserID: 3, UnitID: 9, Roles: []account.Role{account.LegalOffice}}
	officer := account.Actor{UserID: 4, UnitID: 5, Roles: []account.Role{account.Officer}}
	at := func(state string) Item { return Item{UnitID: 5, State: state} }
	for _, tc := range []struct {
		name   string
		item   Item
		tr     string
		actor  account.Actor
		reason string
		input  any
		want   apperr.Kind // -1 = allowed
	}{
		{"clerk of the unit", at("a"), "go", clerk, "", nil, -1},
		{"clerk of another unit", at("a"), "go", other, "", nil, apperr.Forbidden},
		{"wrong role", at("a"), "go", officer, "", nil, apperr.Forbidden},
		{"public", at("a"), "go", account.Actor{}, "", nil, apperr.Forbidden},
		{"wrong state", at("b"), "go", clerk, "", nil, apperr.Conflict},
		{"guard refuses", at("a"), "go", clerk, "", "stop", apperr.Invalid},
		{"unknown transition", at("a"), "fly", clerk, "", nil, apperr.Invalid},
		{"reason required", at("b"), "back", office, "", nil, apperr.Invalid},
		{"any internal user, with reason", at("b"), "back", officer, "补充材料", nil, -1},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := def.Check(tc.item, tc.tr, tc.actor, tc.reason, tc.input)
			if tc.want == -1 {
				if err != nil {
					t.Fatalf("refused: %v", err)
				}
				return
			}
			var e *apperr.Error
			if !errors.As(err, &e) || e.Kind != tc.want {
				t.Fatalf("err = %v, want kind %d", err, tc.want)
			}
		})
	}
	if got := def.Available(at("a"), clerk); len(got) != 1 || got[0].Name != "go" {
		t.Errorf("Available = %v", got)
	}
}

func TestValidateCatchesTypos(t *testing.T) {
	bad := &Definition{Name: "x", Initial: "a", States: []State{{Name: "a"}},
		Transitions: []Transition{{Name: "t", From: []string{"a"}, To: "zz"}}}
	if bad.Validate() == nil {
		t.Fatal("unknown target state accepted")
	}
}
