package web

// Supervision orders (督办): the office's list and its order form, one
// order with its reply rounds and the acts of the viewer (the unit
// replies; the office accepts, returns or withdraws), and the API.

import (
	"fmt"
	"net/http"
	"strings"

	"fazhi/internal/apperr"
	"fazhi/internal/calendar"
	"fazhi/internal/enforcement"
	"fazhi/internal/org"
	"fazhi/internal/store"
	"fazhi/internal/supervise"
	"fazhi/internal/transfer"
	"fazhi/internal/workflow"
)

var orderFieldLabels = map[string]string{
	"subject": "督办类型", "content": "督办要求", "issued_on": "督办日期", "issued_by": "督办人", "reply_due": "回复期限",
	"reply_citation": "回复期限依据", "transfer_id": "移送", "replies": "回复",
}

func init() {
	for k, v := range orderFieldLabels {
		if _, ok := fieldLabels[k]; !ok {
			fieldLabels[k] = v
		}
	}
}

// orderRow is an order in a list with its reply clock.
type orderRow struct {
	supervise.Order
	Clock *clock
}

func orderRows(orders []supervise.Order, today calendar.Date) []orderRow {
	out := make([]orderRow, len(orders))
	for i, o := range orders {
		out[i] = orderRow{Order: o}
		if o.Waiting() {
			out[i].Clock = &clock{Label: "回复期限", Citation: o.ReplyCitation, DueOn: *o.ReplyDue, DaysLeft: o.DaysLeft(today)}
		}
	}
	return out
}

type ordListPage struct {
	basePage
	Rows   []orderRow
	Filter store.OrderFilter
	Units  []org.Unit
	Tabs   []stageTab
	Years  []int
	Pager  pager
	CanNew bool
}

func orderFilterOf(r *http.Request, today calendar.Date) store.OrderFilter {
	q := r.URL.Query()
	a := actorOf(r)
	f := store.OrderFilter{UnitIDs: a.Scope(), Query: q.Get("q"), Subject: q.Get("subject"), Year: int(queryInt(r, "year")),
		Today: today, Page: pageOf(r)}
	if a.SeesAll() {
		f.UnitID = queryInt(r, "unit_id")
	}
	switch st := q.Get("state"); st {
	case "overdue":
		f.Overdue = true
	case supervise.Issued, supervise.Replied, supervise.Closed, supervise.Withdrawn:
		f.State = st
	}
	if supervise.SubjectLabel(f.Subject) == f.Subject {
		f.Subject = ""
	}
	return f
}

func (s *Server) handleOrderList(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	today := s.today()
	f := orderFilterOf(r, today)
	if format := r.URL.Query().Get("format"); format != "" {
		return s.exportOrders(w, r, f, format)
	}
	orders, total, err := s.store.Orders(ctx, f)
	if err != nil {
		return err
	}
	a := actorOf(r)
	p := &ordListPage{Rows: orderRows(orders, today), Filter: f, Years: years(today), Pager: newPager(r, f.Page, total), CanNew: a.SeesAll()}
	if a.SeesAll() {
		if p.Units, err = s.orderUnits(r); err != nil {
			return err
		}
	}
	counts, err := s.store.OrderCounts(ctx, f)
	if err != nil {
		return err
	}
	state := r.URL.Query().Get("state")
	all := 0
	for _, st := range supervise.OrderWorkflow.States {
		all += counts[st.Name]
	}
	p.Tabs = append(p.Tabs, stageTab{"", "全部", all, state == ""})
	for _, st := range supervise.OrderWorkflow.States {
		p.Tabs = append(p.Tabs, stageTab{st.Name, st.Label, counts[st.Name], state == st.Name})
	}
	p.Tabs = append(p.Tabs, stageTab{"overdue", "逾期未回复", counts["overdue"], state == "overdue"})
	s.render(w, r, "ord_list", p)
	return nil
}

// orderUnits are the units the office may order: current government
// bodies, not the partners.
func (s *Server) orderUnits(r *http.Request) ([]org.Unit, error) {
	units, _, err := s.store.Units(r.Context(), store.UnitFilter{Active: true, Page: store.Page{Limit: 500}})
	out := units[:0]
	for _, u := range units {
		if !u.Kind.Partner() {
			out = append(out, u)
		}
	}
	return out, err
}

func (s *Server) exportOrders(w http.ResponseWriter, r *http.Request, f store.OrderFilter, format string) error {
	f.Page = store.Page{Limit: exportLimit}
	orders, _, err := s.store.Orders(r.Context(), f)
	if err != nil {
		return err
	}
	today := s.today()
	rows := make([][]string, len(orders))
	for i, o := range orders {
		due, closed, late := "", "", ""
		if o.ReplyDue != nil {
			due = o.ReplyDue.String()
		}
		if o.ClosedOn != nil {
			closed = o.ClosedOn.String()
		}
		if o.Overdue(today) {
			late = "是"
		}
		rows[i] = []string{o.Number, o.UnitName, supervise.SubjectLabel(o.Subject), o.Title, o.CaseNumber, o.IssuedOn.String(), due,
			o.StateLabel, late, closed}
	}
	return writeTable(w, format, "督办", []string{"督办文号", "被督办单位", "督办类型", "督办事项", "案件", "督办日期", "回复期限",
		"状态", "逾期未回复", "办结日期"}, rows)
}

// ---------- one order ----------

func (s *Server) visibleOrder(r *http.Request) (supervise.Order, error) {
	id, err := pathID(r)
	if err != nil {
		return supervise.Order{}, err
	}
	o, err := s.store.Order(r.Context(), id)
	if err != nil {
		return o, err
	}
	if !actorOf(r).CanViewUnitRecords(o.UnitID) {
		return supervise.Order{}, apperr.New(apperr.NotFound, "督办事项不存在或您无权查看")
	}
	return o, nil
}

type ordActForm struct{ Name, On, Text string }

type ordShowPage struct {
	basePage
	O        supervise.Order
	Clock    *clock
	Actions  []workflow.Transition
	Form     ordActForm
	CaseHref string
	History  []historyEntry
	formState
}

// SubjectLabel is the Chinese name of the order's subject.
func (p *ordShowPage) SubjectLabel() string { return supervise.SubjectLabel(p.O.Subject) }

func (s *Server) handleOrderShow(w http.ResponseWriter, r *http.Request) error {
	o, err := s.visibleOrder(r)
	if err != nil {
		return err
	}
	return s.orderShow(w, r, o, ordActForm{On: s.today().String()}, nil)
}

func (s *Server) orderShow(w http.ResponseWriter, r *http.Request, o supervise.Order, form ordActForm, ferr error) error {
	p := &ordShowPage{O: o, Form: form}
	if ferr != nil {
		if err := p.fail(w, ferr); err != nil {
			return err
		}
	}
	if rows := orderRows([]supervise.Order{o}, s.today()); rows[0].Clock != nil {
		p.Clock = rows[0].Clock
	}
	switch {
	case o.CaseID != 0:
		p.CaseHref = caseHref(o.CaseID)
	case o.TransferID != 0:
		p.CaseHref = fmt.Sprintf("/transfers/%d", o.TransferID)
	}
	item := workflow.Item{UnitID: o.UnitID, State: o.State, Version: o.ItemVersion}
	p.Actions = supervise.OrderWorkflow.Available(item, actorOf(r))
	var err error
	if p.History, err = s.history(r, supervise.OrderKind, o.ID, nil); err != nil {
		return err
	}
	s.render(w, r, "ord_show", p)
	return nil
}

func (s *Server) handleOrderAct(w http.ResponseWriter, r *http.Request) error {
	o, err := s.visibleOrder(r)
	if err != nil {
		return err
	}
	form := ordActForm{Name: r.FormValue("name"), On: r.FormValue("on"), Text: strings.TrimSpace(r.FormValue("text"))}
	var f apperr.Fields
	act := store.OrderAct{Name: form.Name, ItemVersion: int(formInt(r, "item_version")), Text: form.Text}
	if form.Name == "" {
		f.Add("name", "办理事项", "请选择要办理的事项")
	}
	if d := formDate(r, "on", "日期", &f); d != nil {
		act.On = *d
	}
	err = f.Err()
	var after supervise.Order
	if err == nil {
		after, err = s.store.ActOnOrder(r.Context(), actorOf(r), o.ID, act)
	}
	if err != nil {
		if apperr.KindOf(err) == apperr.Conflict {
			if fresh, ferr := s.store.Order(r.Context(), o.ID); ferr == nil {
				o = fresh
			}
		}
		return s.orderShow(w, r, o, form, err)
	}
	flash(w, fmt.Sprintf("督办 %s：%s", after.Number, after.StateLabel))
	http.Redirect(w, r, fmt.Sprintf("/supervision/orders/%d", o.ID), http.StatusSeeOther)
	return nil
}

// ---------- the order form ----------

type ordFormPage struct {
	basePage
	O         supervise.Order
	Units     []org.Unit
	Cases     []enforcement.Case
	Transfers []transfer.Transfer
	ReplyRule string // the reply period in force, for the hint
	formState
}

// Subjects lists the subjects of an order.
func (p *ordFormPage) Subjects() []kindOption {
	var out []kindOption
	for _, s := range supervise.Subjects {
		out = append(out, kindOption{s.Value, s.Label})
	}
	return out
}

func (s *Server) orderForm(w http.ResponseWriter, r *http.Request, o supervise.Order, ferr error) error {
	ctx := r.Context()
	p := &ordFormPage{O: o}
	if ferr != nil {
		if err := p.fail(w, ferr); err != nil {
			return err
		}
	}
	var err error
	if p.Units, err = s.orderUnits(r); err != nil {
		return err
	}
	if o.UnitID != 0 {
		if p.Cases, _, err = s.store.Cases(ctx, store.CaseFilter{UnitID: o.UnitID, Open: true, Sort: "deadline",
			Page: store.Page{Limit: 200}}); err != nil {
			return err
		}
		if p.Transfers, _, err = s.store.Transfers(ctx, store.TransferFilter{Scope: transfer.Scope{All: true}, UnitID: o.UnitID,
			Sort: "deadline", Page: store.Page{Limit: 100}}); err != nil {
			return err
		}
	}
	on := o.IssuedOn
	if on.IsZero() {
		on = s.today()
	}
	if rl, err := s.store.Rule(ctx, "supervision.order_reply", on); err == nil {
		p.ReplyRule = fmt.Sprintf("%s %s（%s）", rl.Value, rl.Unit.Label(), rl.Citation)
	}
	s.render(w, r, "ord_form", p)
	return nil
}

func (s *Server) handleOrderNew(w http.ResponseWriter, r *http.Request) error {
	o := supervise.Order{UnitID: queryInt(r, "unit_id"), CaseID: queryInt(r, "case_id"), TransferID: queryInt(r, "transfer_id"),
		Subject: supervise.MatterSubject, IssuedOn: s.today()}
	if o.CaseID != 0 || o.TransferID != 0 {
		o.Subject = supervise.CaseSubject
	}
	return s.orderForm(w, r, o, nil)
}

func orderFromForm(r *http.Request) (supervise.Order, error) {
	var f apperr.Fields
	o := supervise.Order{UnitID: formInt(r, "unit_id"), Subject: r.FormValue("subject"), CaseID: formInt(r, "case_id"),
		TransferID: formInt(r, "transfer_id"), Title: r.FormValue("title"), Content: r.FormValue("content")}
	if d := formDate(r, "issued_on", "督办日期", &f); d != nil {
		o.IssuedOn = *d
	}
	return o, f.Err()
}

func (s *Server) handleOrderCreate(w http.ResponseWriter, r *http.Request) error {
	o, ferr := orderFromForm(r)
	var err error
	if ferr == nil {
		err = s.store.IssueOrder(r.Context(), actorOf(r), &o)
	} else {
		err = mergeFormErr(ferr, o.Prepare())
	}
	if err != nil {
		return s.orderForm(w, r, o, err)
	}
	due := ""
	if o.ReplyDue != nil {
		due = "，回复期限 " + o.ReplyDue.String()
	}
	flash(w, fmt.Sprintf("已发出督办 %s%s", o.Number, due))
	http.Redirect(w, r, fmt.Sprintf("/supervision/orders/%d", o.ID), http.StatusSeeOther)
	return nil
}

// ---------- API ----------

func (s *Server) apiOrderList(w http.ResponseWriter, r *http.Request) error {
	f := orderFilterOf(r, s.today())
	orders, total, err := s.store.Orders(r.Context(), f)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, list2(orders, total, f.Page))
}

func (s *Server) apiOrderShow(w http.ResponseWriter, r *http.Request) error {
	o, err := s.visibleOrder(r)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, o)
}

func (s *Server) apiOrderCreate(w http.ResponseWriter, r *http.Request) error {
	var in struct {
		UnitID     int64         `json:"unit_id"`
		Subject    string        `json:"subject"`
		CaseID     int64         `json:"case_id"`
		TransferID int64         `json:"transfer_id"`
		Title      string        `json:"title"`
		Content    string        `json:"content"`
		IssuedOn   calendar.Date `json:"issued_on"`
	}
	if err := decode(r, &in); err != nil {
		return err
	}
	if in.IssuedOn.IsZero() {
		in.IssuedOn = s.today()
	}
	o := supervise.Order{UnitID: in.UnitID, Subject: in.Subject, CaseID: in.CaseID, TransferID: in.TransferID, Title: in.Title,
		Content: in.Content, IssuedOn: in.IssuedOn}
	if err := s.store.IssueOrder(r.Context(), actorOf(r), &o); err != nil {
		return err
	}
	return writeJSON(w, http.StatusCreated, o)
}

func (s *Server) apiOrderAct(w http.ResponseWriter, r *http.Request) error {
	o, err := s.visibleOrder(r)
	if err != nil {
		return err
	}
	var in struct {
		Name        string        `json:"name"`
		ItemVersion int           `json:"item_version"`
		Text        string        `json:"text"`
		On          calendar.Date `json:"on"`
	}
	if err := decode(r, &in); err != nil {
		return err
	}
	after, err := s.store.ActOnOrder(r.Context(), actorOf(r), o.ID, store.OrderAct{Name: in.Name, ItemVersion: in.ItemVersion,
		Text: in.Text, On: in.On})
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, after)
}
