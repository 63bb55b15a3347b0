package web

// The transfer JSON API under /api/v1: what the transfer pages do, over
// the same access checks (each side sees and acts on what it may).

import (
	"net/http"
	"strings"

	"fazhi/internal/calendar"
	"fazhi/internal/enforcement"
	"fazhi/internal/store"
	"fazhi/internal/transfer"
	"fazhi/internal/workflow"
)

// transferView is a transfer as the API returns it: with its running
// clocks, and on the detail its steps and the acts open to the caller.
type transferView struct {
	transfer.Transfer
	Clocks  []clock         `json:"clocks"`
	Steps   []transfer.Step `json:"steps,omitempty"`
	Actions []actionView    `json:"actions,omitempty"`
	Party   transfer.Party  `json:"viewer_party,omitempty"`
}

// actionView is a transition the caller may fire.
type actionView struct {
	Name       string `json:"name"`
	Label      string `json:"label"`
	NeedReason bool   `json:"need_reason"`
}

func actionViews(ts []workflow.Transition) []actionView {
	out := []actionView{}
	for _, t := range ts {
		out = append(out, actionView{t.Name, t.Label, t.NeedReason})
	}
	return out
}

func (s *Server) apiTransferList(w http.ResponseWriter, r *http.Request) error {
	today := s.today()
	f := transferFilterOf(r, today)
	list, total, err := s.store.Transfers(r.Context(), f)
	if err != nil {
		return err
	}
	rows, err := s.transferRows(r.Context(), list, today)
	if err != nil {
		return err
	}
	out := make([]transferView, len(rows))
	for i, row := range rows {
		out[i] = transferView{Transfer: row.Transfer, Clocks: []clock{}}
		if row.Clock != nil {
			out[i].Clocks = []clock{*row.Clock}
		}
	}
	return writeJSON(w, http.StatusOK, list2(out, total, f.Page))
}

func list2[T any](v []T, total int, p store.Page) list[T] {
	return list[T]{items(v), total, p.Limit, p.Offset}
}

func (s *Server) transferView(r *http.Request, t transfer.Transfer, party transfer.Party) (transferView, error) {
	ctx := r.Context()
	timers, err := s.store.RunningTimers(ctx, []int64{t.ItemID})
	if err != nil {
		return transferView{}, err
	}
	v := transferView{Transfer: t, Party: party, Clocks: clocksOf(timers[t.ItemID], transfer.Workflow, s.today())}
	if v.Clocks == nil {
		v.Clocks = []clock{}
	}
	if v.Steps, err = s.store.TransferSteps(ctx, t.ID); err != nil {
		return v, err
	}
	item := workflow.Item{ID: t.ItemID, UnitID: t.UnitID, State: t.State, Version: t.ItemVersion}
	v.Actions = actionViews(transfer.Actions(actorOf(r), t, item))
	return v, nil
}

func (s *Server) apiTransferShow(w http.ResponseWriter, r *http.Request) error {
	t, party, err := s.visibleTransfer(r)
	if err != nil {
		return err
	}
	v, err := s.transferView(r, t, party)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, v)
}

// transferInput is what the API accepts for a transfer report.
type transferInput struct {
	CaseID              int64             `json:"case_id"`
	PartyKind           string            `json:"party_kind"`
	PartyName           string            `json:"party_name"`
	PartyCode           string            `json:"party_code"`
	Matter              string            `json:"matter"`
	Facts               string            `json:"facts"`
	SuspectedCrime      string            `json:"suspected_crime"`
	Amount              enforcement.Money `json:"amount"`
	Standard            string            `json:"standard"`
	Team                []int64           `json:"team"`
	ReportedOn          calendar.Date     `json:"reported_on"`
	PoliceUnitID        int64             `json:"police_unit_id"`
	ProcuratorateUnitID int64             `json:"procuratorate_unit_id"`
	Items               []transfer.Item   `json:"items"`
	NoItems             bool              `json:"no_items"`
	Materials           []string          `json:"materials"`
	Version             int               `json:"version"`
	Reason              string            `json:"reason"`
}

func (in transferInput) transfer() transfer.Transfer {
	t := transfer.Transfer{CaseID: in.CaseID, PartyKind: in.PartyKind, PartyName: in.PartyName, PartyCode: in.PartyCode,
		Matter: in.Matter, Facts: in.Facts, SuspectedCrime: in.SuspectedCrime, Amount: in.Amount, Standard: in.Standard,
		ReportedOn: in.ReportedOn, PoliceUnitID: in.PoliceUnitID, ProcuratorateUnitID: in.ProcuratorateUnitID,
		Items: in.Items, NoItems: in.NoItems, Materials: in.Materials, Version: in.Version}
	for _, id := range in.Team {
		t.Team = append(t.Team, transfer.Member{PersonID: id})
	}
	return t
}

func (s *Server) apiTransferCreate(w http.ResponseWriter, r *http.Request) error {
	var in transferInput
	if err := decode(r, &in); err != nil {
		return err
	}
	t := in.transfer()
	t.UnitID = actorOf(r).UnitID
	if err := s.store.CreateTransfer(r.Context(), actorOf(r), &t); err != nil {
		return err
	}
	fresh, err := s.store.Transfer(r.Context(), t.ID)
	if err != nil {
		return err
	}
	v, err := s.transferView(r, fresh, transfer.Unit)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusCreated, v)
}

func (s *Server) apiTransferUpdate(w http.ResponseWriter, r *http.Request) error {
	cur, party, err := s.visibleTransfer(r)
	if err != nil {
		return err
	}
	if party != transfer.Unit {
		return errNotYours
	}
	var in transferInput
	if err := decode(r, &in); err != nil {
		return err
	}
	t := in.transfer()
	t.ID, t.UnitID = cur.ID, cur.UnitID
	if err := s.store.UpdateTransfer(r.Context(), actorOf(r), &t, strings.TrimSpace(in.Reason)); err != nil {
		return err
	}
	v, err := s.transferView(r, t, party)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, v)
}

func (s *Server) apiTransferAct(w http.ResponseWriter, r *http.Request) error {
	t, party, err := s.visibleTransfer(r)
	if err != nil {
		return err
	}
	var in struct {
		Name        string        `json:"name"`
		ItemVersion int           `json:"item_version"`
		On          calendar.Date `json:"on"`
		Reason      string        `json:"reason"`
		ReceiptNo   string        `json:"receipt_no"`
		ForwardedTo string        `json:"forwarded_to"`
	}
	if err := decode(r, &in); err != nil {
		return err
	}
	after, err := s.store.FireTransfer(r.Context(), actorOf(r), t.ID, store.TransferAct{Name: in.Name, ItemVersion: in.ItemVersion,
		Reason: in.Reason, On: in.On, ReceiptNo: in.ReceiptNo, ForwardedTo: in.ForwardedTo})
	if err != nil {
		return err
	}
	v, err := s.transferView(r, after, party)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, v)
}

func (s *Server) apiTransferOpinion(w http.ResponseWriter, r *http.Request) error {
	t, party, err := s.visibleTransfer(r)
	if err != nil {
		return err
	}
	var in struct {
		Opinion string        `json:"opinion"`
		On      calendar.Date `json:"on"`
	}
	if err := decode(r, &in); err != nil {
		return err
	}
	if in.On.IsZero() {
		in.On = s.today()
	}
	if err := s.store.AddTransferOpinion(r.Context(), actorOf(r), t.ID, in.Opinion, in.On); err != nil {
		return err
	}
	v, err := s.transferView(r, t, party)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusCreated, v)
}
