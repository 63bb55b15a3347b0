package web

// The management pages of penalty disclosure: the list of a unit's records
// (the legal affairs office: all) with their statutory clocks, one record
// unmasked beside its public text, the registration form, and the
// withdrawal after the decision is changed or revoked.

import (
	"context"
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"fazhi/internal/account"
	"fazhi/internal/apperr"
	"fazhi/internal/calendar"
	"fazhi/internal/disclosure"
	"fazhi/internal/org"
	"fazhi/internal/store"
)

// disclosureFieldLabels name the record's fields on history pages.
var disclosureFieldLabels = map[string]string{
	"party_name": "行政相对人名称", "party_category": "行政相对人类别", "registration_no": "工商注册号", "org_code": "组织机构代码",
	"tax_no": "税务登记号", "institution_no": "事业单位证书号", "social_org_no": "社会组织登记证号", "legal_rep": "法定代表人",
	"legal_rep_id_type": "法定代表人证件类型", "legal_rep_id": "法定代表人证件号码", "party_id_type": "证件类型", "party_id": "证件号码",
	"minor": "未成年人", "other_persons": "其他自然人姓名", "decision_number": "行政处罚决定书文号", "violation_type": "违法行为类型",
	"facts": "违法事实", "basis": "处罚依据", "categories": "处罚类别", "content": "处罚内容", "fine": "罚款金额（万元）",
	"confiscation": "没收金额（万元）", "licence": "暂扣或吊销证照", "decided_on": "处罚决定日期", "penalty_valid_until": "处罚有效期",
	"display_until": "公示截止期", "agency": "处罚机关", "agency_code": "处罚机关统一社会信用代码", "data_source": "数据来源单位",
	"data_source_code": "数据来源单位统一社会信用代码", "publish_due": "公示期限", "published_on": "公示日期",
	"published_late": "逾期公示", "withheld_reason": "不予公示原因", "changed_on": "决定变更日期", "withdraw_due": "撤回期限",
	"withdrawn_on": "撤回日期", "withdraw_reason": "撤回原因", "withdrawn_late": "逾期撤回", "expired_on": "期满日期",
	"source_case_id": "来源案件",
}

func init() {
	for k, v := range disclosureFieldLabels {
		if _, ok := fieldLabels[k]; !ok {
			fieldLabels[k] = v
		}
	}
}

// clockBadge is a statutory clock's state as a badge, with the legal
// citation in its title.
type clockBadge struct {
	Text, Class, Title string
}

// disclosureRow is a record in the list with the badge of its clock.
type disclosureRow struct {
	disclosure.Record
	Badge *clockBadge
}

// citations are the periods' legal bases as of today, for badge titles.
type citations struct{ publish, withdraw string }

func (s *Server) disclosureCitations(ctx context.Context) citations {
	c := citations{"国务院办公厅关于“双公示”工作的文件（7个工作日）", "《中华人民共和国行政处罚法》第四十八条（3个工作日）"}
	today := s.today()
	if r, err := s.store.Rule(ctx, disclosure.RulePublish, today); err == nil {
		c.publish = fmt.Sprintf("%s（%s 个工作日）", r.Citation, r.Value)
	}
	if r, err := s.store.Rule(ctx, disclosure.RuleWithdraw, today); err == nil {
		c.withdraw = fmt.Sprintf("%s（%s 个工作日）", r.Citation, r.Value)
	}
	return c
}

// badgeOf is the clock badge of a record on day today: a running
// withdrawal clock counts down (yellow, red when overdue); a publication
// or withdrawal after its period stays marked red.
func badgeOf(r disclosure.Record, today calendar.Date, c citations) *clockBadge {
	switch {
	case r.Status == disclosure.Changed && r.WithdrawDue != nil:
		days := int(r.WithdrawDue.Time().Sub(today.Time()).Hours() / 24)
		b := &clockBadge{Class: "badge badge-yellow", Title: "撤回期限 " + r.WithdrawDue.String() + "，依据：" + c.withdraw}
		switch {
		case days < 0:
			b.Text, b.Class = fmt.Sprintf("撤回逾期 %d 天", -days), "badge badge-red"
		case days == 0:
			b.Text = "今日须撤回"
		default:
			b.Text = fmt.Sprintf("剩 %d 天须撤回", days)
		}
		return b
	case r.WithdrawnLate:
		return &clockBadge{Text: "逾期撤回", Class: "badge badge-red", Title: "撤回期限 " + dateText(r.WithdrawDue) + "，依据：" + c.withdraw}
	case r.PublishedLate:
		return &clockBadge{Text: "逾期公示", Class: "badge badge-red", Title: "公示期限 " + r.PublishDue.String() + "，依据：" + c.publish}
	}
	return nil
}

// ---------- list ----------

type disclosureListPage struct {
	basePage
	Rows         []disclosureRow
	Filter       store.DisclosureFilter
	Units        []org.Unit
	Statuses     []kindOption
	Categories   []kindOption
	StatusCounts []statusCount
	Years        []int
	Pager        pager
	CanCreate    bool
}

func disclosureFilterOf(r *http.Request) (store.DisclosureFilter, error) {
	q := r.URL.Query()
	a := actorOf(r)
	f := store.DisclosureFilter{Query: strings.TrimSpace(q.Get("q")), UnitID: queryInt(r, "unit_id"), UnitIDs: a.Scope(),
		Status: disclosure.Status(q.Get("status")), Category: disclosure.Category(q.Get("category")), Late: q.Get("late") == "1",
		Page: pageOf(r)}
	if f.Status != "" && f.Status.Label() == string(f.Status) {
		f.Status = ""
	}
	if f.Category != "" && !f.Category.Valid() {
		f.Category = ""
	}
	if y, err := strconv.Atoi(q.Get("year")); err == nil && y >= 2000 && y <= 2100 {
		f.Year = y
	}
	if f.UnitID != 0 && !a.CanViewUnitRecords(f.UnitID) {
		return f, apperr.New(apperr.NotFound, "单位不存在或您无权查看该单位的公示记录")
	}
	return f, nil
}

func (s *Server) handleDisclosureList(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	f, err := disclosureFilterOf(r)
	if err != nil {
		return err
	}
	if format := r.URL.Query().Get("format"); format != "" {
		return s.exportDisclosures(w, r, f, format)
	}
	recs, total, err := s.store.Disclosures(ctx, f)
	if err != nil {
		return err
	}
	units, err := s.enforcementUnits(r)
	if err != nil {
		return err
	}
	today, cites := s.today(), s.disclosureCitations(ctx)
	p := &disclosureListPage{Filter: f, Units: units, Statuses: disclosureStatuses(), Categories: categoryOptions(),
		Pager: newPager(r, f.Page, total), CanCreate: canRegisterDisclosures(actorOf(r))}
	for _, rec := range recs {
		p.Rows = append(p.Rows, disclosureRow{rec, badgeOf(rec, today, cites)})
	}
	for y := today.Year; y >= 2019; y-- {
		p.Years = append(p.Years, y)
	}
	counts, err := s.store.DisclosureCounts(ctx, f)
	if err != nil {
		return err
	}
	all := 0
	for _, n := range counts {
		all += n
	}
	p.StatusCounts = append(p.StatusCounts, statusCount{"全部", "", all, f.Status == ""})
	for _, st := range disclosure.Statuses {
		if n := counts[st.Value]; n > 0 || st.Value == disclosure.Published {
			p.StatusCounts = append(p.StatusCounts, statusCount{st.Label, string(st.Value), n, f.Status == st.Value})
		}
	}
	s.render(w, r, "dis_list", p)
	return nil
}

func disclosureStatuses() []kindOption {
	out := make([]kindOption, len(disclosure.Statuses))
	for i, st := range disclosure.Statuses {
		out[i] = kindOption{string(st.Value), st.Label}
	}
	return out
}

// canRegisterDisclosures: the legal affairs office, administrators and
// units' clerks register decisions.
func canRegisterDisclosures(a account.Actor) bool { return a.SeesAll() || a.Has(account.Clerk) }

// exportDisclosures writes the internal list (everything the viewer may
// see, unmasked), up to exportLimit records.
func (s *Server) exportDisclosures(w http.ResponseWriter, r *http.Request, f store.DisclosureFilter, format string) error {
	var rows [][]string
	for offset := 0; offset < exportLimit; offset += 500 {
		f.Page = store.Page{Limit: 500, Offset: offset}
		recs, total, err := s.store.Disclosures(r.Context(), f)
		if err != nil {
			return err
		}
		for _, d := range recs {
			published := ""
			if d.PublishedOn != nil {
				published = d.PublishedOn.String()
			}
			rows = append(rows, []string{d.DecisionNumber, d.PartyName, d.PartyCategory.Label(), d.CreditCode, d.PartyID,
				d.LegalRep, d.ViolationType, d.CategoryLabels(), d.Content, d.Fine.Wan(), d.Confiscation.Wan(), d.DecidedOn.String(),
				d.PublishDue.String(), published, d.Status.Label(), d.DisplayUntil.String(), dateText(d.WithdrawnOn), d.WithdrawReason, d.Agency})
		}
		if len(recs) < 500 || offset+500 >= total {
			break
		}
	}
	return writeTable(w, format, "行政处罚公示管理", []string{"行政处罚决定书文号", "行政相对人名称", "行政相对人类别", "统一社会信用代码",
		"证件号码", "法定代表人", "违法行为类型", "处罚类别", "处罚内容", "罚款金额（万元）", "没收金额（万元）", "处罚决定日期", "公示期限",
		"公示日期", "状态", "公示截止期", "撤回日期", "撤回原因", "处罚机关"}, rows)
}

// ---------- one record ----------

// visibleDisclosure loads the record of the path if the actor may see its
// internal view (the record's unit, the legal affairs office); others get
// "not found", so that ids of other units reveal nothing.
func (s *Server) visibleDisclosure(r *http.Request) (disclosure.Record, error) {
	id, err := pathID(r)
	if err != nil {
		return disclosure.Record{}, err
	}
	rec, err := s.store.Disclosure(r.Context(), id)
	if err != nil || !actorOf(r).CanViewUnitRecords(rec.UnitID) {
		return disclosure.Record{}, apperr.New(apperr.NotFound, "公示记录不存在或您无权查看")
	}
	return rec, nil
}

// timerRow is a statutory clock of the record with its badge.
type timerRow struct {
	store.Timer
	Badge *clockBadge
}

type disclosureShowPage struct {
	basePage
	Rec       disclosure.Record
	Public    disclosure.Public
	Masked    disclosure.Masked
	Badge     *clockBadge
	Timers    []timerRow
	History   []historyEntry
	CanChange bool // the record is on display and the viewer may act on it
	Form      withdrawForm
	formState
}

// withdrawForm is what the withdrawal and change forms hold.
type withdrawForm struct {
	ChangedOn string
	On        string
	Reason    string
}

func (s *Server) handleDisclosureShow(w http.ResponseWriter, r *http.Request) error {
	rec, err := s.visibleDisclosure(r)
	if err != nil {
		return err
	}
	return s.disclosureShow(w, r, rec, withdrawForm{On: s.today().String()}, nil)
}

func (s *Server) disclosureShow(w http.ResponseWriter, r *http.Request, rec disclosure.Record, form withdrawForm, ferr error) error {
	ctx := r.Context()
	today, cites := s.today(), s.disclosureCitations(ctx)
	a := actorOf(r)
	p := &disclosureShowPage{Rec: rec, Public: rec.Public(), Badge: badgeOf(rec, today, cites), Form: form,
		CanChange: rec.Status.Public() && a.CanEditUnitRecords(rec.UnitID) && canRegisterDisclosures(a)}
	if rec.Masked != nil {
		p.Masked = *rec.Masked
	}
	if ferr != nil {
		if err := p.fail(w, ferr); err != nil {
			return err
		}
	}
	timers, err := s.store.DisclosureTimers(ctx, rec.ID)
	if err != nil {
		return err
	}
	for _, t := range timers {
		p.Timers = append(p.Timers, timerRow{t, timerBadge(t, today, cites)})
	}
	if p.History, err = s.history(r, disclosure.RecordKind, rec.ID, nil); err != nil {
		return err
	}
	s.render(w, r, "dis_show", p)
	return nil
}

// timerBadge shows a clock: running (days left), or stopped in or out of time.
func timerBadge(t store.Timer, today calendar.Date, c citations) *clockBadge {
	title := "依据：" + t.Citation
	if t.State == "running" {
		days := int(t.DueOn.Time().Sub(today.Time()).Hours() / 24)
		switch {
		case days < 0:
			return &clockBadge{fmt.Sprintf("逾期 %d 天", -days), "badge badge-red", title}
		case days <= 3:
			return &clockBadge{fmt.Sprintf("剩 %d 天", days), "badge badge-yellow", title}
		}
		return &clockBadge{fmt.Sprintf("剩 %d 天", days), "badge badge-green", title}
	}
	return &clockBadge{"已办结", "badge", title}
}

func (s *Server) withdrawFormOf(r *http.Request) (withdrawForm, int, []calendar.Date, error) {
	form := withdrawForm{ChangedOn: r.FormValue("changed_on"), On: r.FormValue("on"), Reason: strings.TrimSpace(r.FormValue("reason"))}
	var f apperr.Fields
	days := make([]calendar.Date, 2)
	if d := formDate(r, "changed_on", "决定变更或撤销日期", &f); d != nil {
		days[0] = *d
	}
	if d := formDate(r, "on", "撤回日期", &f); d != nil {
		days[1] = *d
	}
	return form, int(formInt(r, "version")), days, f.Err()
}

func (s *Server) handleDisclosureWithdraw(w http.ResponseWriter, r *http.Request) error {
	rec, err := s.visibleDisclosure(r)
	if err != nil {
		return err
	}
	form, version, days, err := s.withdrawFormOf(r)
	if err == nil {
		rec, err = s.store.WithdrawDisclosure(r.Context(), actorOf(r), rec.ID, store.WithdrawRequest{Version: version,
			ChangedOn: days[0], On: days[1], Reason: form.Reason})
	}
	if err != nil {
		return s.disclosureFailed(w, r, rec, form, err)
	}
	flash(w, "已撤回公示 "+rec.DecisionNumber+"，撤回原因已列入公开的撤回公示记录")
	http.Redirect(w, r, fmt.Sprintf("/disclosures/%d", rec.ID), http.StatusSeeOther)
	return nil
}

func (s *Server) handleDisclosureChange(w http.ResponseWriter, r *http.Request) error {
	rec, err := s.visibleDisclosure(r)
	if err != nil {
		return err
	}
	form, version, days, err := s.withdrawFormOf(r)
	if err == nil {
		rec, err = s.store.RecordDecisionChange(r.Context(), actorOf(r), rec.ID, store.ChangeRequest{Version: version,
			On: days[0], Reason: form.Reason})
	}
	if err != nil {
		return s.disclosureFailed(w, r, rec, form, err)
	}
	flash(w, "已登记决定变更，请在 "+dateText(rec.WithdrawDue)+" 前撤回公示")
	http.Redirect(w, r, fmt.Sprintf("/disclosures/%d", rec.ID), http.StatusSeeOther)
	return nil
}

// disclosureFailed shows the record again with the form's errors (after a
// conflict, as it is now).
func (s *Server) disclosureFailed(w http.ResponseWriter, r *http.Request, rec disclosure.Record, form withdrawForm, err error) error {
	if fresh, ferr := s.store.Disclosure(r.Context(), rec.ID); ferr == nil {
		rec = fresh
	}
	if apperr.KindOf(err) == apperr.Forbidden {
		return err
	}
	return s.disclosureShow(w, r, rec, form, err)
}

// ---------- registration ----------

type disclosureFormPage struct {
	basePage
	Sections    []formSection
	NoUnits     bool
	PublishRule string
	formState
}

// formSection is a group of fields of a long form.
type formSection struct {
	Legend string
	Fields []formField
}

// formField is one control of a form built in Go, so that every control
// gets its label, hint and error the same way.
type formField struct {
	Name, Label, Value, Hint, Error string
	Type                            string // text, date, textarea, select, radio, checks, check
	Required, Wide                  bool
	Rows                            int
	Options                         []formOption
}

type formOption struct {
	Value, Label string
	Selected     bool
}

// Describedby lists the ids of the field's hint and error.
func (f formField) Describedby() string {
	var ids []string
	if f.Hint != "" {
		ids = append(ids, "h-"+f.Name)
	}
	if f.Error != "" {
		ids = append(ids, "e-"+f.Name)
	}
	return strings.Join(ids, " ")
}

// disclosureRaw keeps what was typed in fields that do not parse.
type disclosureRaw struct {
	Fine, Confiscation, DecidedOn, ValidUntil, OtherPersons string
}

func (s *Server) disclosureForm(w http.ResponseWriter, r *http.Request, rec disclosure.Record, raw disclosureRaw, ferr error) error {
	ctx := r.Context()
	p := &disclosureFormPage{}
	if ferr != nil {
		if err := p.fail(w, ferr); err != nil {
			return err
		}
	}
	if rl, err := s.store.Rule(ctx, disclosure.RulePublish, s.today()); err == nil {
		p.PublishRule = fmt.Sprintf("%s 个工作日（%s）", rl.Value, rl.Citation)
	}
	units, err := s.editableUnits(r)
	if err != nil {
		return err
	}
	p.NoUnits = len(units) == 0
	p.Sections = disclosureSections(rec, raw, units, p.Errors)
	s.render(w, r, "dis_form", p)
	return nil
}

// disclosureSections lays out the registration form: the agency, the
// party, the decision — the national data set's fields in its order.
func disclosureSections(rec disclosure.Record, raw disclosureRaw, units []org.Unit, errs map[string]string) []formSection {
	field := func(name, label, value, hint string, required bool) formField {
		return formField{Name: name, Label: label, Value: value, Hint: hint, Error: errs[name], Type: "text", Required: required}
	}
	area := func(name, label, value, hint string, rows int) formField {
		f := field(name, label, value, hint, true)
		f.Type, f.Rows, f.Wide = "textarea", rows, true
		return f
	}
	date := func(name, label, value string, required bool) formField {
		f := field(name, label, value, "", required)
		f.Type = "date"
		return f
	}
	choice := func(f formField, typ string, opts []formOption) formField {
		f.Type, f.Options = typ, opts
		return f
	}
	unitOpts := []formOption{{Value: "", Label: "请选择"}}
	for _, u := range units {
		unitOpts = append(unitOpts, formOption{strconv.FormatInt(u.ID, 10), u.Name, u.ID == rec.UnitID})
	}
	var partyOpts, catOpts []formOption
	for _, c := range disclosure.PartyCategories {
		partyOpts = append(partyOpts, formOption{string(c.Value), c.Label, c.Value == rec.PartyCategory})
	}
	for _, c := range disclosure.Categories {
		checked := false
		for _, x := range rec.Categories {
			checked = checked || x == c.Value
		}
		catOpts = append(catOpts, formOption{string(c.Value), c.Label, checked})
	}
	idOpts := func(sel disclosure.IDType) []formOption {
		out := []formOption{{Value: "", Label: "—"}}
		for _, t := range disclosure.IDTypes {
			out = append(out, formOption{string(t.Value), t.Label, t.Value == sel})
		}
		return out
	}
	minor := field("minor", "当事人为未成年人（不予公示）", "", "有居民身份证号码的，系统按处罚决定日的年龄自动判断", false)
	minor.Type = "check"
	if rec.Minor {
		minor.Value = "1"
	}
	valid := ""
	if rec.PenaltyValidUntil != nil {
		valid = rec.PenaltyValidUntil.String()
	} else {
		valid = raw.ValidUntil
	}
	others := area("other_persons", "其他自然人姓名", raw.OtherPersons, "事实中出现的证人、员工、消费者等，每行一个；公示时屏蔽为“张某某”。系统也会自动识别", 2)
	others.Required = false
	licence := field("licence", "暂扣或吊销证照名称及编号", rec.Licence, "", false)
	licence.Wide = true
	note := field("note", "备注", rec.Note, "", false)
	note.Wide = true
	return []formSection{
		{"处罚机关", []formField{choice(field("unit_id", "处罚机关", "", "", true), "select", unitOpts)}},
		{"行政相对人", []formField{
			choice(field("party_category", "行政相对人类别", "", "", true), "radio", partyOpts),
			field("party_name", "行政相对人名称", rec.PartyName, "", true),
			field("credit_code", "统一社会信用代码", rec.CreditCode, "法人、非法人组织和个体工商户填写", false),
			field("legal_rep", "法定代表人（负责人、经营者）", rec.LegalRep, "", false),
			choice(field("legal_rep_id_type", "法定代表人证件类型", "", "", false), "select", idOpts(rec.LegalRepIDType)),
			field("legal_rep_id", "法定代表人证件号码", rec.LegalRepID, "不公示", false),
			choice(field("party_id_type", "证件类型", "", "自然人填写", false), "select", idOpts(rec.PartyIDType)),
			field("party_id", "证件号码", rec.PartyID, "不公示；居民身份证号码用于判断是否未成年", false),
			minor,
			field("registration_no", "工商注册号", rec.RegistrationNo, "无统一社会信用代码时填写", false),
			field("org_code", "组织机构代码", rec.OrgCode, "", false),
			field("tax_no", "税务登记号", rec.TaxNo, "", false),
			field("institution_no", "事业单位证书号", rec.InstitutionNo, "", false),
			field("social_org_no", "社会组织登记证号", rec.SocialOrgNo, "", false),
			others,
		}},
		{"处罚决定", []formField{
			field("decision_number", "行政处罚决定书文号", rec.DecisionNumber, "如 慈市监处罚〔2026〕12号；[ ] 或（ ）会自动改为〔 〕", true),
			date("decided_on", "处罚决定日期", raw.DecidedOn, true),
			field("violation_type", "违法行为类型", rec.ViolationType, "", true),
			area("facts", "违法事实", rec.Facts, "可照录决定书；其中的身份证号、电话、银行账号、住址和他人姓名在公示时自动屏蔽", 6),
			area("basis", "处罚依据", rec.Basis, "", 2),
			choice(field("categories", "处罚类别", "", "", true), "checks", catOpts),
			area("content", "处罚内容", rec.Content, "", 2),
			field("fine", "罚款金额（万元）", raw.Fine, "以万元为单位，如 1.5 表示一万五千元", false),
			field("confiscation", "没收违法所得、没收非法财物的金额（万元）", raw.Confiscation, "", false),
			licence,
			date("penalty_valid_until", "处罚有效期", valid, false),
			note,
		}},
	}
}

func (s *Server) handleDisclosureNew(w http.ResponseWriter, r *http.Request) error {
	rec := disclosure.Record{UnitID: queryInt(r, "unit_id"), PartyCategory: disclosure.Organisation}
	if rec.UnitID == 0 && !actorOf(r).SeesAll() {
		rec.UnitID = actorOf(r).UnitID
	}
	return s.disclosureForm(w, r, rec, disclosureRaw{}, nil)
}

// disclosureFromForm reads the registration form.
func disclosureFromForm(r *http.Request) (disclosure.Record, disclosureRaw, error) {
	var f apperr.Fields
	v := func(name string) string { return strings.TrimSpace(r.FormValue(name)) }
	raw := disclosureRaw{Fine: v("fine"), Confiscation: v("confiscation"), DecidedOn: v("decided_on"),
		ValidUntil: v("penalty_valid_until"), OtherPersons: r.FormValue("other_persons")}
	rec := disclosure.Record{UnitID: formInt(r, "unit_id"), PartyName: v("party_name"),
		PartyCategory: disclosure.PartyCategory(v("party_category")), CreditCode: v("credit_code"),
		RegistrationNo: v("registration_no"), OrgCode: v("org_code"), TaxNo: v("tax_no"), InstitutionNo: v("institution_no"),
		SocialOrgNo: v("social_org_no"), LegalRep: v("legal_rep"), LegalRepIDType: disclosure.IDType(v("legal_rep_id_type")),
		LegalRepID: v("legal_rep_id"), PartyIDType: disclosure.IDType(v("party_id_type")), PartyID: v("party_id"),
		Minor: r.FormValue("minor") == "1", DecisionNumber: v("decision_number"), ViolationType: v("violation_type"),
		Facts: v("facts"), Basis: v("basis"), Content: v("content"), Licence: v("licence"), Note: v("note")}
	for _, c := range r.Form["categories"] {
		rec.Categories = append(rec.Categories, disclosure.Category(c))
	}
	rec.OtherPersons = strings.FieldsFunc(raw.OtherPersons, func(c rune) bool { return strings.ContainsRune("、，,；;\n\r ", c) })
	for _, a := range []struct {
		name, label string
		dst         *disclosure.Amount
	}{{"fine", "罚款金额（万元）", &rec.Fine}, {"confiscation", "没收金额（万元）", &rec.Confiscation}} {
		amount, err := disclosure.ParseWan(v(a.name))
		if err != nil {
			f.Add(a.name, a.label, err.Error())
		}
		*a.dst = amount
	}
	if d := formDate(r, "decided_on", "处罚决定日期", &f); d != nil {
		rec.DecidedOn = *d
	}
	rec.PenaltyValidUntil = formDate(r, "penalty_valid_until", "处罚有效期", &f)
	return rec, raw, f.Err()
}

func (s *Server) handleDisclosureCreate(w http.ResponseWriter, r *http.Request) error {
	rec, raw, err := disclosureFromForm(r)
	if err == nil {
		err = checkRegistrar(actorOf(r), rec.UnitID)
	}
	if err == nil {
		err = s.store.PublishDisclosure(r.Context(), actorOf(r).Audit(), &rec)
	}
	if err != nil {
		return s.disclosureForm(w, r, rec, raw, err)
	}
	if rec.Status == disclosure.Withheld {
		flash(w, "已登记 "+rec.DecisionNumber+"：当事人为未成年人，依法不予公示")
	} else {
		flash(w, "已公示 "+rec.DecisionNumber+"，公众可在行政处罚公示中查询")
	}
	http.Redirect(w, r, fmt.Sprintf("/disclosures/%d", rec.ID), http.StatusSeeOther)
	return nil
}

// checkRegistrar refuses a registration for a unit the actor may not
// register for (a clerk registers their own unit's decisions).
func checkRegistrar(a account.Actor, unitID int64) error {
	if unitID == 0 || a.CanEditUnitRecords(unitID) {
		return nil
	}
	var f apperr.Fields
	f.Add("unit_id", "处罚机关", "您只能登记本单位作出的处罚决定")
	return f.Err()
}
