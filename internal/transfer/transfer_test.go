package transfer

import (
	"errors"
	"slices"
	"testing"

	"fazhi/internal/account"
	"fazhi/internal/apperr"
	"fazhi/internal/calendar"
	"fazhi/internal/enforcement"
	"fazhi/internal/rule"
	"fazhi/internal/workflow"
)

const (
	unitID   = 21 // the transferring unit
	otherID  = 22 // another enforcement unit
	policeID = 60
	procID   = 59
	courtID  = 58
	officeID = 8
)

var (
	clerk    = account.Actor{UserID: 1, UnitID: unitID, Roles: []account.Role{account.Clerk}}
	leader   = account.Actor{UserID: 2, UnitID: unitID, Roles: []account.Role{account.Leader}}
	otherClk = account.Actor{UserID: 3, UnitID: otherID, Roles: []account.Role{account.Clerk}}
	office   = account.Actor{UserID: 4, UnitID: officeID, Roles: []account.Role{account.LegalOffice}}
	police   = account.Actor{UserID: 5, UnitID: policeID, Roles: []account.Role{account.Partner}}
	proc     = account.Actor{UserID: 6, UnitID: procID, Roles: []account.Role{account.Partner}}
	court    = account.Actor{UserID: 7, UnitID: courtID, Roles: []account.Role{account.Partner}}
)

func sample() Transfer {
	return Transfer{UnitID: unitID, PartyKind: "organisation", PartyName: "慈溪某食品有限公司", Matter: "生产销售不符合安全标准的食品",
		Facts: "经检验……", SuspectedCrime: "生产、销售不符合安全标准的食品罪", Amount: enforcement.Yuan(120_000),
		Team:       []Member{{PersonID: 1, Name: "甲"}, {PersonID: 2, Name: "乙"}},
		ReportedOn: calendar.Date{Year: 2026, Month: 3, Day: 2}, PoliceUnitID: policeID, ProcuratorateUnitID: procID,
		Items: []Item{{Name: "月饼", Quantity: "120 盒"}}, Materials: []string{Inventory, Report, Letter}}
}

func TestDefinitionIsValid(t *testing.T) {
	if err := Workflow.Validate(); err != nil {
		t.Fatal(err)
	}
	for _, tr := range Workflow.Transitions {
		if parties[tr.Name] == None {
			t.Errorf("transition %s has no side", tr.Name)
		}
		if tr.Guard == nil {
			t.Errorf("transition %s has no guard", tr.Name)
		}
	}
	// Every timer names a rule row that the defaults provide.
	keys := map[string]bool{}
	for _, r := range rule.Defaults() {
		keys[r.Key] = true
	}
	for _, tm := range Workflow.Timers {
		if !keys[tm.RuleKey] {
			t.Errorf("timer %s: no default rule %s", tm.Name, tm.RuleKey)
		}
	}
}

func TestPrepare(t *testing.T) {
	tr := sample()
	tr.Materials = []string{" report ", Letter, Letter}
	if err := tr.Prepare(); err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(tr.Materials, []string{Letter, Report}) {
		t.Errorf("materials = %v, want the order of Art. 6 without repeats", tr.Materials)
	}
	for _, tc := range []struct {
		name  string
		edit  func(*Transfer)
		field string
	}{
		{"one officer", func(t *Transfer) { t.Team = t.Team[:1] }, "team"},
		{"same officer twice", func(t *Transfer) { t.Team[1].PersonID = t.Team[0].PersonID }, "team"},
		{"no police", func(t *Transfer) { t.PoliceUnitID = 0 }, "police_unit_id"},
		{"no crime", func(t *Transfer) { t.SuspectedCrime = " " }, "suspected_crime"},
		{"item without quantity", func(t *Transfer) { t.Items = []Item{{Name: "月饼"}} }, "items"},
		{"items and none", func(t *Transfer) { t.NoItems = true }, "items"},
		{"unknown material", func(t *Transfer) { t.Materials = []string{"photo"} }, "materials"},
		{"negative amount", func(t *Transfer) { t.Amount = -1 }, "amount"},
		{"no report date", func(t *Transfer) { t.ReportedOn = calendar.Date{} }, "reported_on"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			tr := sample()
			tc.edit(&tr)
			if err := tr.Prepare(); !hasField(err, tc.field) {
				t.Errorf("err = %v, want a %s error", err, tc.field)
			}
		})
	}
}

func TestReadyToSend(t *testing.T) {
	for _, tc := range []struct {
		name  string
		edit  func(*Transfer)
		field string // "" = ready
	}{
		{"complete", func(*Transfer) {}, ""},
		{"no items declared", func(t *Transfer) { t.Items, t.NoItems, t.Materials = nil, true, []string{Letter, Report} }, ""},
		{"no letter", func(t *Transfer) { t.Materials = []string{Report, Inventory} }, "materials"},
		{"no inventory list", func(t *Transfer) { t.Materials = []string{Letter, Report} }, "materials"},
		{"items neither listed nor declared none", func(t *Transfer) { t.Items = nil }, "items"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			tr := sample()
			tc.edit(&tr)
			err := tr.ReadyToSend()
			if tc.field == "" && err != nil || tc.field != "" && !hasField(err, tc.field) {
				t.Errorf("err = %v, want field %q", err, tc.field)
			}
		})
	}
}

func hasField(err error, field string) bool {
	for _, f := range apperr.FieldsOf(err) {
		if f.Field == field {
			return true
		}
	}
	return false
}

func TestPartyOf(t *testing.T) {
	draft := sample()
	sent := sample()
	d := calendar.Date{Year: 2026, Month: 3, Day: 3}
	sent.SentOn = &d
	for _, tc := range []struct {
		name  string
		a     account.Actor
		draft Party
		sent  Party
	}{
		{"unit clerk", clerk, Unit, Unit},
		{"unit leader", leader, Unit, Unit},
		{"clerk of another unit", otherClk, None, None},
		{"legal affairs office", office, Office, Office},
		{"police addressed", police, None, Police},
		{"procuratorate copied", proc, None, Procuratorate},
		{"court", court, None, None},
		{"public", account.Actor{}, None, None},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := PartyOf(tc.a, draft); got != tc.draft {
				t.Errorf("before sending: %q, want %q", got, tc.draft)
			}
			if got := PartyOf(tc.a, sent); got != tc.sent {
				t.Errorf("after sending: %q, want %q", got, tc.sent)
			}
		})
	}
	// A police account of the unit's own kind cannot act for a transfer
	// addressed to another police organ.
	elsewhere := sent
	elsewhere.PoliceUnitID = 61
	if PartyOf(police, elsewhere) != None {
		t.Error("police sees a transfer addressed to another organ")
	}
}

// TestStateMachine walks every transition from its states with each side
// and checks who the definition lets through.
func TestStateMachine(t *testing.T) {
	d := calendar.Date{Year: 2026, Month: 3, Day: 3}
	tr := sample()
	tr.SentOn = &d
	actors := map[Party]account.Actor{Unit: clerk, Office: office, Police: police, Procuratorate: proc}
	for _, x := range Workflow.Transitions {
		for _, from := range x.From {
			item := workflow.Item{UnitID: unitID, State: from}
			for side, a := range actors {
				if x.Name == "approve" || x.Name == "refuse" {
					if side == Unit {
						a = leader
					}
				}
				_, err := Workflow.Check(item, x.Name, Acting(a, tr), "理由", Input{Party: PartyOf(a, tr), Transfer: tr, ForwardedTo: "宁波市公安局"})
				if allowed := err == nil; allowed != (side == parties[x.Name]) {
					t.Errorf("%s from %s by %s: err = %v", x.Name, from, side, err)
				}
			}
		}
	}
	// The head decides; a clerk of the unit may not.
	item := workflow.Item{UnitID: unitID, State: Reported}
	if _, err := Workflow.Check(item, "approve", clerk, "", Input{Party: Unit, Transfer: tr}); apperr.KindOf(err) != apperr.Forbidden {
		t.Errorf("clerk approves: %v", err)
	}
	// The court, another unit and the public act on nothing.
	for _, a := range []account.Actor{court, otherClk, {}} {
		for _, x := range Workflow.Transitions {
			item := workflow.Item{UnitID: unitID, State: x.From[0]}
			if _, err := Workflow.Check(item, x.Name, Acting(a, tr), "理由", Input{Party: PartyOf(a, tr), Transfer: tr}); err == nil {
				t.Errorf("%v fires %s", a.Roles, x.Name)
			}
		}
	}
}

func TestGuards(t *testing.T) {
	tr := sample()
	tr.Materials = []string{Report}
	item := workflow.Item{UnitID: unitID, State: Approved}
	_, err := Workflow.Check(item, "send", clerk, "", Input{Party: Unit, Transfer: tr})
	if !hasField(err, "materials") {
		t.Errorf("send without the letter: %v", err)
	}
	d := calendar.Date{Year: 2026, Month: 3, Day: 3}
	tr.SentOn = &d
	item.State = Sent
	_, err = Workflow.Check(item, "forward", Acting(police, tr), "非本机关管辖", Input{Party: Police, Transfer: tr})
	if !hasField(err, "forwarded_to") {
		t.Errorf("forward without the organ: %v", err)
	}
	_, err = Workflow.Check(item, "forward", Acting(police, tr), "", Input{Party: Police, Transfer: tr, ForwardedTo: "x"})
	if !hasField(err, "reason") {
		t.Errorf("forward without a reason: %v", err)
	}
	var e *apperr.Error
	_, err = Workflow.Check(item, "accept", police, "", nil)
	if !errors.As(err, &e) {
		t.Errorf("accept checked as the police unit itself: %v", err)
	}
}

func TestActions(t *testing.T) {
	d := calendar.Date{Year: 2026, Month: 3, Day: 3}
	tr := sample()
	tr.SentOn = &d
	names := func(ts []workflow.Transition) []string {
		var out []string
		for _, x := range ts {
			out = append(out, x.Name)
		}
		return out
	}
	item := workflow.Item{UnitID: unitID, State: Sent}
	if got := names(Actions(police, tr, item)); !slices.Equal(got, []string{"accept", "forward"}) {
		t.Errorf("police on a sent transfer: %v", got)
	}
	for _, a := range []account.Actor{proc, clerk, office, court} {
		if got := Actions(a, tr, item); len(got) != 0 {
			t.Errorf("%v on a sent transfer: %v", a.Roles, names(got))
		}
	}
	item.State = Supervising
	if got := names(Actions(proc, tr, item)); !slices.Equal(got, []string{"order_filing", "confirm_not_filing"}) {
		t.Errorf("procuratorate supervising: %v", got)
	}
	item.State = NotFiled
	if got := names(Actions(clerk, tr, item)); !slices.Equal(got, []string{"request_reconsideration", "suggest_supervision", "handle_administratively"}) {
		t.Errorf("unit after non-filing: %v", got)
	}
}

func TestFormatNumber(t *testing.T) {
	if got := FormatNumber("{简称}移送〔{年}〕{序号}号", "市场监管局", 2026, 7); got != "市场监管局移送〔2026〕7号" {
		t.Errorf("got %s", got)
	}
}
