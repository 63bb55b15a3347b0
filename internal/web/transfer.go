package web

// The pages of transfers to criminal justice (Order 310): the list each
// side sees, one transfer as the shared information view with its clocks,
// steps and the acts of the viewer's side, and the report form of the
// transferring unit. The API is in transfer_api.go, the letter in
// transfer_doc.go.

import (
	"context"
	"fmt"
	"html/template"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"fazhi/internal/account"
	"fazhi/internal/apperr"
	"fazhi/internal/calendar"
	"fazhi/internal/enforcement"
	"fazhi/internal/org"
	"fazhi/internal/store"
	"fazhi/internal/transfer"
	"fazhi/internal/workflow"
)

// transferFieldLabels name the transfer's fields on its history.
var transferFieldLabels = map[string]string{
	"party_kind": "当事人类型", "party_name": "当事人", "party_code": "统一社会信用代码或身份证号", "matter": "违法事项",
	"facts": "涉嫌犯罪的主要事实", "suspected_crime": "涉嫌罪名", "amount": "涉案金额（分）", "standard": "立案追诉标准",
	"team": "专案组成员", "reported_on": "呈报日期", "police_unit_id": "公安机关", "police_unit_name": "公安机关",
	"procuratorate_unit_id": "抄送检察院", "procuratorate_unit_name": "抄送检察院", "items": "涉案物品", "no_items": "无涉案物品",
	"materials": "移送材料", "sent_on": "移送日期", "receipt_no": "回执", "forwarded_to": "转送机关", "closed_on": "办结日期",
	"case_id": "案件", "case_number": "案件编号", "number": "文号", "state_label": "流程状态", "item_version": "流程版本",
	"opinion": "监督意见", "on": "日期",
}

func init() {
	for k, v := range transferFieldLabels {
		if _, ok := fieldLabels[k]; !ok {
			fieldLabels[k] = v
		}
	}
	// The audit actions of the area that are not create, update or a transition.
	certActions["opinion"], certActions["evaluate"], certActions["complete"] = "监督意见", "案卷评分", "完成评查"
}

// clock is a running statutory clock as a page shows it: a badge with the
// days left and the legal basis in its title.
type clock struct {
	Label    string        `json:"label"`
	Citation string        `json:"citation"`
	DueOn    calendar.Date `json:"due_on"`
	DaysLeft int           `json:"days_left"`
	Hours    bool          `json:"hours"` // a period in hours: due by the end of DueOn
}

// errNotYours refuses a change of a transfer to everyone but its unit.
var errNotYours = apperr.New(apperr.NotFound, "移送记录不存在或您无权修改")

func clocksOf(timers []store.Timer, def *workflow.Definition, today calendar.Date) []clock {
	var out []clock
	for _, t := range timers {
		label := t.Name
		if d, ok := def.Timer(t.Name); ok {
			label = d.Label
		}
		out = append(out, clock{Label: label, Citation: t.Citation, DueOn: t.DueOn,
			DaysLeft: int(t.DueOn.Time().Sub(today.Time()).Hours() / 24), Hours: t.PeriodUnit == "hours"})
	}
	return out
}

// trfRow is a transfer in a list with its nearest running clock.
type trfRow struct {
	transfer.Transfer
	Clock *clock
}

// stageTab is a tab of the list: a stage with its count.
type stageTab struct {
	Value, Label string
	Count        int
	Current      bool
}

type trfListPage struct {
	basePage
	Rows    []trfRow
	Filter  store.TransferFilter
	Units   []org.Unit // transferring units the office may filter by
	Tabs    []stageTab
	Years   []int
	Pager   pager
	CanNew  bool
	Viewer  transfer.Party // the partner's side, for the lead text; "" for staff
	Overdue int
}

func transferFilterOf(r *http.Request, today calendar.Date) store.TransferFilter {
	q := r.URL.Query()
	a := actorOf(r)
	f := store.TransferFilter{Scope: transfer.ScopeOf(a), Query: q.Get("q"), Stage: q.Get("stage"),
		Year: int(queryInt(r, "year")), Overdue: q.Get("overdue") == "1", Today: today, Sort: q.Get("sort"), Page: pageOf(r)}
	if a.SeesAll() {
		f.UnitID = queryInt(r, "unit_id")
	}
	if transfer.StageStates(f.Stage) == nil {
		f.Stage = ""
	}
	if !slices.Contains(store.TransferSortKeys(), f.Sort) {
		f.Sort = ""
	}
	return f
}

// partnerSide is the side a partner takes in the lists: public security
// or the procuratorate, by the kind of its unit.
func (s *Server) partnerSide(ctx context.Context, a account.Actor) transfer.Party {
	if !a.Has(account.Partner) {
		return transfer.None
	}
	u, err := s.store.Unit(ctx, a.UnitID)
	if err != nil {
		return transfer.None
	}
	switch u.Kind {
	case org.Police:
		return transfer.Police
	case org.Procuratorate:
		return transfer.Procuratorate
	}
	return transfer.None
}

func (s *Server) handleTransferList(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	today := s.today()
	f := transferFilterOf(r, today)
	if format := r.URL.Query().Get("format"); format != "" {
		return s.exportTransfers(w, r, f, format)
	}
	list, total, err := s.store.Transfers(ctx, f)
	if err != nil {
		return err
	}
	rows, err := s.transferRows(ctx, list, today)
	if err != nil {
		return err
	}
	a := actorOf(r)
	p := &trfListPage{Rows: rows, Filter: f, Years: years(today), Pager: newPager(r, f.Page, total),
		CanNew: a.Internal() && !a.SeesAll(), Viewer: s.partnerSide(ctx, a)}
	if a.SeesAll() {
		if p.Units, _, err = s.store.Units(ctx, store.UnitFilter{Enforcement: true, Page: store.Page{Limit: 500}}); err != nil {
			return err
		}
	}
	counts, err := s.store.TransferStageCounts(ctx, f)
	if err != nil {
		return err
	}
	all := 0
	for _, n := range counts {
		all += n
	}
	p.Tabs = append(p.Tabs, stageTab{"", "全部", all, f.Stage == ""})
	for _, st := range transfer.Stages {
		p.Tabs = append(p.Tabs, stageTab{st.Value, st.Label, counts[st.Value], f.Stage == st.Value})
	}
	late := f
	late.Overdue, late.Stage, late.Page = true, "", store.Page{Limit: 1}
	if _, p.Overdue, err = s.store.Transfers(ctx, late); err != nil {
		return err
	}
	s.render(w, r, "trf_list", p)
	return nil
}

// transferRows attaches to each transfer its nearest running clock.
func (s *Server) transferRows(ctx context.Context, list []transfer.Transfer, today calendar.Date) ([]trfRow, error) {
	ids := make([]int64, len(list))
	for i, t := range list {
		ids[i] = t.ItemID
	}
	timers, err := s.store.RunningTimers(ctx, ids)
	if err != nil {
		return nil, err
	}
	rows := make([]trfRow, len(list))
	for i, t := range list {
		rows[i] = trfRow{Transfer: t}
		if cs := clocksOf(timers[t.ItemID], transfer.Workflow, today); len(cs) > 0 {
			rows[i].Clock = &cs[0]
		}
	}
	return rows, nil
}

func (s *Server) exportTransfers(w http.ResponseWriter, r *http.Request, f store.TransferFilter, format string) error {
	f.Page = store.Page{Limit: exportLimit}
	list, _, err := s.store.Transfers(r.Context(), f)
	if err != nil {
		return err
	}
	rows := make([][]string, len(list))
	for i, t := range list {
		sent, closed := "", ""
		if t.SentOn != nil {
			sent = t.SentOn.String()
		}
		if t.ClosedOn != nil {
			closed = t.ClosedOn.String()
		}
		rows[i] = []string{t.Number, t.UnitName, t.CaseNumber, t.PartyName, transfer.PartyKindLabel(t.PartyKind), t.SuspectedCrime,
			t.Amount.Plain(), t.ReportedOn.String(), sent, t.PoliceUnitName, t.ProcuratorateUnitName, t.StateLabel, closed}
	}
	return writeTable(w, format, "涉嫌犯罪案件移送", []string{"移送书文号", "移送单位", "案件编号", "当事人", "当事人类型", "涉嫌罪名",
		"涉案金额（元）", "呈报日期", "移送日期", "公安机关", "抄送检察院", "状态", "办结日期"}, rows)
}

// ---------- one transfer ----------

// visibleTransfer loads the transfer of the path if the actor may see it;
// others get "not found", so ids reveal nothing.
func (s *Server) visibleTransfer(r *http.Request) (transfer.Transfer, transfer.Party, error) {
	id, err := pathID(r)
	if err != nil {
		return transfer.Transfer{}, transfer.None, err
	}
	t, err := s.store.Transfer(r.Context(), id)
	if err != nil {
		return t, transfer.None, err
	}
	party := transfer.PartyOf(actorOf(r), t)
	if party == transfer.None {
		return transfer.Transfer{}, party, apperr.New(apperr.NotFound, "移送记录不存在或您无权查看")
	}
	return t, party, nil
}

// trfActForm is what the act form holds (kept after a failed submit).
type trfActForm struct {
	Name, On, Reason, ReceiptNo, ForwardedTo string
}

type trfShowPage struct {
	basePage
	T          transfer.Transfer
	Party      transfer.Party
	Clocks     []clock
	Steps      []transfer.Step
	Actions    []workflow.Transition
	Form       trfActForm
	CanEdit    bool
	CanOpinion bool
	Opinion    string
	CaseHref   string // the administrative case, for staff
	History    []historyEntry
	formState
}

func (s *Server) handleTransferShow(w http.ResponseWriter, r *http.Request) error {
	t, party, err := s.visibleTransfer(r)
	if err != nil {
		return err
	}
	return s.transferShow(w, r, t, party, trfActForm{On: s.today().String()}, "", nil)
}

func (s *Server) transferShow(w http.ResponseWriter, r *http.Request, t transfer.Transfer, party transfer.Party,
	form trfActForm, opinion string, ferr error) error {
	ctx := r.Context()
	a := actorOf(r)
	p := &trfShowPage{T: t, Party: party, Form: form, Opinion: opinion,
		CanEdit:    party == transfer.Unit && t.Editable(),
		CanOpinion: (party == transfer.Procuratorate || party == transfer.Office) && t.Sent()}
	if ferr != nil {
		if err := p.fail(w, ferr); err != nil {
			return err
		}
	}
	timers, err := s.store.RunningTimers(ctx, []int64{t.ItemID})
	if err != nil {
		return err
	}
	p.Clocks = clocksOf(timers[t.ItemID], transfer.Workflow, s.today())
	if p.Steps, err = s.store.TransferSteps(ctx, t.ID); err != nil {
		return err
	}
	item := workflow.Item{ID: t.ItemID, UnitID: t.UnitID, State: t.State, Version: t.ItemVersion}
	p.Actions = transfer.Actions(a, t, item)
	if a.Internal() {
		// The case file and the record's history stay with the government side.
		if t.CaseID != 0 {
			p.CaseHref = caseHref(t.CaseID)
		}
		if p.History, err = s.history(r, transfer.RecordKind, t.ID, nil); err != nil {
			return err
		}
	}
	s.render(w, r, "trf_show", p)
	return nil
}

// caseHref is the page of an administrative penalty case.
func caseHref(id int64) string { return fmt.Sprintf("/cases/%d", id) }

func (s *Server) handleTransferAct(w http.ResponseWriter, r *http.Request) error {
	t, party, err := s.visibleTransfer(r)
	if err != nil {
		return err
	}
	form := trfActForm{Name: r.FormValue("name"), On: r.FormValue("on"), Reason: strings.TrimSpace(r.FormValue("reason")),
		ReceiptNo: r.FormValue("receipt_no"), ForwardedTo: r.FormValue("forwarded_to")}
	var f apperr.Fields
	act := store.TransferAct{Name: form.Name, ItemVersion: int(formInt(r, "item_version")), Reason: form.Reason,
		ReceiptNo: form.ReceiptNo, ForwardedTo: form.ForwardedTo}
	if form.Name == "" {
		f.Add("name", "办理事项", "请选择要办理的事项")
	}
	if d := formDate(r, "on", "办理日期", &f); d != nil {
		act.On = *d
	}
	err = f.Err()
	var after transfer.Transfer
	if err == nil {
		after, err = s.store.FireTransfer(r.Context(), actorOf(r), t.ID, act)
	}
	if err != nil {
		if apperr.KindOf(err) == apperr.Conflict {
			if fresh, ferr := s.store.Transfer(r.Context(), t.ID); ferr == nil {
				t = fresh
			}
		}
		return s.transferShow(w, r, t, party, form, "", err)
	}
	flash(w, fmt.Sprintf("已办理：%s（%s）", after.StateLabel, after.Title()))
	http.Redirect(w, r, fmt.Sprintf("/transfers/%d", t.ID), http.StatusSeeOther)
	return nil
}

func (s *Server) handleTransferOpinion(w http.ResponseWriter, r *http.Request) error {
	t, party, err := s.visibleTransfer(r)
	if err != nil {
		return err
	}
	text := strings.TrimSpace(r.FormValue("opinion"))
	var f apperr.Fields
	on := s.today()
	if d := formDate(r, "opinion_on", "日期", &f); d != nil {
		on = *d
	}
	err = f.Err()
	if err == nil {
		err = s.store.AddTransferOpinion(r.Context(), actorOf(r), t.ID, text, on)
	}
	if err != nil {
		return s.transferShow(w, r, t, party, trfActForm{On: s.today().String()}, text, err)
	}
	flash(w, "已记录监督意见")
	http.Redirect(w, r, fmt.Sprintf("/transfers/%d", t.ID), http.StatusSeeOther)
	return nil
}

// ---------- the report form ----------

type trfFormPage struct {
	basePage
	T              transfer.Transfer
	AmountText     string
	ItemsText      string
	Cases          []enforcement.Case
	Staff          []org.Person
	Police         []org.Unit
	Procuratorates []org.Unit
	Reason         string
	formState
}

// Team reports whether person is on the form's case team.
func (p *trfFormPage) Team(person int64) bool {
	return slices.ContainsFunc(p.T.Team, func(m transfer.Member) bool { return m.PersonID == person })
}

// Material reports whether the form attaches kind.
func (p *trfFormPage) Material(kind string) bool { return slices.Contains(p.T.Materials, kind) }

// MaterialKinds lists the attachments of Art. 6.
func (p *trfFormPage) MaterialKinds() []transfer.Option { return transfer.MaterialKinds }

// PartyKinds lists the kinds of party.
func (p *trfFormPage) PartyKinds() []transfer.Option { return transfer.PartyKinds }

func (s *Server) transferForm(w http.ResponseWriter, r *http.Request, t transfer.Transfer, amount, items, reason string, ferr error) error {
	ctx := r.Context()
	p := &trfFormPage{T: t, AmountText: amount, ItemsText: items, Reason: reason}
	if ferr != nil {
		if err := p.fail(w, ferr); err != nil {
			return err
		}
	}
	var err error
	if t.ID == 0 {
		if p.Cases, err = s.store.TransferCandidates(ctx, t.UnitID); err != nil {
			return err
		}
	}
	if p.Staff, _, err = s.store.People(ctx, store.PersonFilter{UnitID: t.UnitID, UnitIDs: []int64{t.UnitID}, Status: org.Active,
		Page: store.Page{Limit: 500}}); err != nil {
		return err
	}
	if p.Police, _, err = s.store.Units(ctx, store.UnitFilter{Kind: org.Police, Active: true, Page: store.Page{Limit: 100}}); err != nil {
		return err
	}
	if p.Procuratorates, _, err = s.store.Units(ctx, store.UnitFilter{Kind: org.Procuratorate, Active: true, Page: store.Page{Limit: 100}}); err != nil {
		return err
	}
	s.render(w, r, "trf_form", p)
	return nil
}

// handleTransferNew opens the report form, filled from the case when one
// is named (?case_id=): the party, the facts and the case's officers.
func (s *Server) handleTransferNew(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	a := actorOf(r)
	t := transfer.Transfer{UnitID: a.UnitID, ReportedOn: s.today(), Materials: []string{transfer.Letter, transfer.Report}}
	if id := queryInt(r, "case_id"); id != 0 {
		c, err := s.store.Case(ctx, id)
		if err != nil || c.UnitID != a.UnitID {
			return apperr.New(apperr.NotFound, "案件不存在或不属于本单位")
		}
		t.CaseID, t.PartyKind, t.PartyName, t.PartyCode = c.ID, string(c.Party.Kind), c.Party.Name, c.Party.Code
		t.Matter, t.Facts, t.Amount = c.MatterName, c.Facts, c.AmountInvolved
		for _, o := range c.Officers {
			t.Team = append(t.Team, transfer.Member{PersonID: o.PersonID, Name: o.Name})
		}
	}
	if t.PartyKind == "" {
		t.PartyKind = string(enforcement.Organisation)
	}
	if units, _, err := s.store.Units(ctx, store.UnitFilter{Kind: org.Police, Active: true, Page: store.Page{Limit: 1}}); err == nil && len(units) > 0 {
		t.PoliceUnitID = units[0].ID
	}
	if units, _, err := s.store.Units(ctx, store.UnitFilter{Kind: org.Procuratorate, Active: true, Page: store.Page{Limit: 1}}); err == nil && len(units) > 0 {
		t.ProcuratorateUnitID = units[0].ID
	}
	amount := ""
	if t.Amount > 0 {
		amount = t.Amount.Plain()
	}
	return s.transferForm(w, r, t, amount, "", "", nil)
}

// transferFromForm reads the report form.
func transferFromForm(r *http.Request) (transfer.Transfer, error) {
	var f apperr.Fields
	if err := r.ParseForm(); err != nil {
		f.Add("body", "表单", "无法读取表单")
		return transfer.Transfer{}, f.Err()
	}
	t := transfer.Transfer{CaseID: formInt(r, "case_id"), PartyKind: r.FormValue("party_kind"), PartyName: r.FormValue("party_name"),
		PartyCode: r.FormValue("party_code"), Matter: r.FormValue("matter"), Facts: r.FormValue("facts"),
		SuspectedCrime: r.FormValue("suspected_crime"), Standard: r.FormValue("standard"),
		PoliceUnitID: formInt(r, "police_unit_id"), ProcuratorateUnitID: formInt(r, "procuratorate_unit_id"),
		NoItems: r.FormValue("no_items") == "1", Materials: r.Form["materials"], Version: int(formInt(r, "version"))}
	for _, v := range r.Form["team"] {
		if id, err := strconv.ParseInt(v, 10, 64); err == nil {
			t.Team = append(t.Team, transfer.Member{PersonID: id})
		}
	}
	amount, err := enforcement.ParseMoney(r.FormValue("amount"))
	if err != nil {
		f.Add("amount", "涉案金额", err.Error())
	}
	t.Amount = amount
	if d := formDate(r, "reported_on", "呈报日期", &f); d != nil {
		t.ReportedOn = *d
	}
	t.Items = parseItems(r.FormValue("items"))
	return t, f.Err()
}

// parseItems reads the inventory textarea: one item a line, "名称 | 数量 |
// 备注" (the note may be left out).
func parseItems(text string) []transfer.Item {
	var out []transfer.Item
	for _, line := range strings.Split(text, "\n") {
		line = strings.TrimSpace(strings.ReplaceAll(line, "｜", "|"))
		if line == "" {
			continue
		}
		parts := strings.SplitN(line, "|", 3)
		it := transfer.Item{Name: strings.TrimSpace(parts[0])}
		if len(parts) > 1 {
			it.Quantity = strings.TrimSpace(parts[1])
		}
		if len(parts) > 2 {
			it.Note = strings.TrimSpace(parts[2])
		}
		out = append(out, it)
	}
	return out
}

// itemsText writes the inventory back into the textarea's form.
func itemsText(items []transfer.Item) string {
	var b strings.Builder
	for _, it := range items {
		b.WriteString(it.Name + " | " + it.Quantity)
		if it.Note != "" {
			b.WriteString(" | " + it.Note)
		}
		b.WriteString("\n")
	}
	return b.String()
}

// mergeFormErr combines a form's own field errors with the store's.
func mergeFormErr(formErr, err error) error {
	if formErr == nil {
		return err
	}
	if err == nil || apperr.KindOf(err) != apperr.Invalid {
		return formErr
	}
	var f apperr.Fields
	f = append(f, apperr.FieldsOf(formErr)...)
	for _, fe := range apperr.FieldsOf(err) {
		if !f.Has(fe.Field) {
			f = append(f, fe)
		}
	}
	return f.Err()
}

func (s *Server) handleTransferCreate(w http.ResponseWriter, r *http.Request) error {
	t, ferr := transferFromForm(r)
	t.UnitID = actorOf(r).UnitID
	var err error
	if ferr == nil {
		err = s.store.CreateTransfer(r.Context(), actorOf(r), &t)
	} else {
		err = mergeFormErr(ferr, t.Prepare())
	}
	if err != nil {
		return s.transferForm(w, r, t, r.FormValue("amount"), r.FormValue("items"), "", err)
	}
	flash(w, "已呈报移送报告："+t.Title()+"。负责人应自接到报告之日起3日内作出决定。")
	http.Redirect(w, r, fmt.Sprintf("/transfers/%d", t.ID), http.StatusSeeOther)
	return nil
}

func (s *Server) handleTransferEdit(w http.ResponseWriter, r *http.Request) error {
	t, party, err := s.visibleTransfer(r)
	if err != nil {
		return err
	}
	if party != transfer.Unit || !t.Editable() {
		return apperr.New(apperr.Conflict, "只有移送单位可以在移送公安机关之前修改移送报告")
	}
	return s.transferForm(w, r, t, t.Amount.Plain(), itemsText(t.Items), "", nil)
}

func (s *Server) handleTransferUpdate(w http.ResponseWriter, r *http.Request) error {
	cur, party, err := s.visibleTransfer(r)
	if err != nil {
		return err
	}
	if party != transfer.Unit {
		return errNotYours
	}
	t, ferr := transferFromForm(r)
	t.ID, t.UnitID, t.ReportedOn, t.ItemID, t.State = cur.ID, cur.UnitID, cur.ReportedOn, cur.ItemID, cur.State
	reason := strings.TrimSpace(r.FormValue("reason"))
	if ferr == nil {
		err = s.store.UpdateTransfer(r.Context(), actorOf(r), &t, reason)
	} else {
		err = mergeFormErr(ferr, t.Prepare())
	}
	if err != nil {
		return s.transferForm(w, r, t, r.FormValue("amount"), r.FormValue("items"), reason, err)
	}
	flash(w, "已修改移送报告")
	http.Redirect(w, r, fmt.Sprintf("/transfers/%d", t.ID), http.StatusSeeOther)
	return nil
}

// Badge shows the clock: red when overdue, yellow from three days before
// the due day, green before; the text says it, and the legal basis is in
// the title and, for screen readers, in the text.
func (c clock) Badge() template.HTML {
	class, mark, text := "badge badge-green", "", fmt.Sprintf("剩 %d 天", c.DaysLeft)
	switch {
	case c.DaysLeft < 0:
		class, mark, text = "badge badge-red", "● ", fmt.Sprintf("逾期 %d 天", -c.DaysLeft)
	case c.DaysLeft == 0:
		class, mark, text = "badge badge-yellow", "▲ ", "今日到期"
	case c.DaysLeft <= 3:
		class, mark = "badge badge-yellow", "▲ "
	}
	if c.Hours && c.DaysLeft >= 0 {
		text += "（按小时计）"
	}
	basis := template.HTMLEscapeString("依据：" + c.Citation)
	h := `<span class="` + class + `" title="` + basis + `">`
	if mark != "" {
		h += `<span aria-hidden="true">` + mark + `</span>`
	}
	return template.HTML(h + template.HTMLEscapeString(text) + `<span class="visually-hidden">，` + basis + `</span></span>`)
}

// HasAction reports whether the viewer may fire the named transition.
func (p *trfShowPage) HasAction(name string) bool {
	return slices.ContainsFunc(p.Actions, func(t workflow.Transition) bool { return t.Name == name })
}

// PartyKindLabel is the Chinese name of the party's kind.
func (p *trfShowPage) PartyKindLabel() string { return transfer.PartyKindLabel(p.T.PartyKind) }

// MaterialLabel is the Chinese name of a material kind.
func (p *trfShowPage) MaterialLabel(kind string) string { return transfer.MaterialLabel(kind) }
