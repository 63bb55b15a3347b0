package web

// The registry pages of normative documents (seed measures 1 and 3): the
// list with its point-in-time view, one document with its status
// timeline, effects ledger, lifecycle, attachments and evaluation, and the
// form. Cleanups, catalogs, statistics and the API are in the other
// normdoc_*.go files.

import (
	"context"
	"fmt"
	"html/template"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"fazhi/internal/account"
	"fazhi/internal/apperr"
	"fazhi/internal/calendar"
	"fazhi/internal/normdoc"
	"fazhi/internal/org"
	"fazhi/internal/store"
	"fazhi/internal/workflow"
)

func init() {
	funcs["ndStatus"] = ndStatusBadge
	funcs["reformLabel"] = normdoc.ReformLabel
	funcs["reasonLabel"] = normdoc.ReasonLabel
	funcs["evalState"] = store.EvalStateLabel
	funcs["stateLabel"] = normdoc.Lifecycle.StateLabel
	funcs["hasString"] = func(xs []string, v string) bool {
		for _, x := range xs {
			if x == v {
				return true
			}
		}
		return false
	}
	funcs["paras"] = func(s string) []string {
		var out []string
		for _, p := range strings.Split(strings.ReplaceAll(s, "\r\n", "\n"), "\n") {
			if p = strings.TrimSpace(p); p != "" {
				out = append(out, p)
			}
		}
		return out
	}
	// A lifecycle item's snapshot (workflow.Item has no JSON names): its
	// state is what a transition changes; the rest is bookkeeping.
	fieldLabels["State"] = "流程环节"
	for _, k := range []string{"Version", "RecordID", "RecordKind", "Workflow", "UnitID", "Title"} {
		ignoredFields[k] = true
	}
	for k, v := range map[string]string{
		"number": "文号", "reg_number": "统一登记号", "lead_unit_id": "牵头制定单位", "lead_unit_name": "牵头制定单位",
		"implementer_id": "组织实施单位", "implementer_name": "组织实施单位", "signed_on": "签发日期", "published_on": "公布日期",
		"effective_on": "施行日期", "expiry_on": "有效期至", "expiry_fixed": "有效期人工确定", "legal_basis": "上位法依据",
		"subjects": "主题词", "reform_tags": "涉及改革事项", "full_text": "正文", "publication_url": "公布网址",
		"issuers": "制定单位", "lead_unit_kind": "牵头单位类型", "status_after": "效力状态", "decision_number": "决定文号",
		"affecting_id": "施加影响的文件", "affecting_title": "施加影响的文件", "affecting_number": "施加影响文件的文号",
		"new_expiry": "新的有效期至", "campaign_id": "清理", "doc_id": "文件", "opened_on": "启动评估日期",
		"outcome": "意见", "decided_on": "决定日期", "filename": "文件名", "content_type": "类型", "size": "大小（字节）",
		"sha256": "SHA-256", "uploaded_by": "上传人", "uploaded_at": "上传时间",
	} {
		if _, ok := fieldLabels[k]; !ok {
			fieldLabels[k] = v
		}
	}
}

// normdocActions names the area's audit actions that are not create,
// update, delete, a transition or an effect.
var normdocActions = map[string]string{"attach": "上传附件", "evaluation_opened": "启动有效期届满前评估",
	"evaluation_decided": "作出评估结论", "launch": "启动清理", "propose": "提出清理意见", "approve": "审核通过",
	"return": "退回", "decide": "登记政府决定", "publish": "公布目录"}

// ndStatusBadge shows a document's status; the text always says it.
func ndStatusBadge(st normdoc.Status) template.HTML {
	class := "badge"
	if b := st.Def().Badge; b != "" {
		class += " badge-" + b
	}
	return template.HTML(`<span class="` + class + `">` + template.HTMLEscapeString(st.Label()) + `</span>`)
}

// visibleDoc loads the document of the path if the actor may see it: the
// legal affairs office sees all, a unit's staff the documents their unit
// issued (alone or jointly) or implements; others get "not found".
func (s *Server) visibleDoc(r *http.Request) (normdoc.Document, error) {
	id, err := pathID(r)
	if err != nil {
		return normdoc.Document{}, err
	}
	d, err := s.store.Normdoc(r.Context(), id)
	if err != nil {
		return d, err
	}
	if a := actorOf(r); !a.SeesAll() && !(a.Internal() && d.Involves(a.UnitID)) {
		return normdoc.Document{}, apperr.New(apperr.NotFound, "规范性文件不存在或您无权查看")
	}
	return d, nil
}

// canEditDoc: the lead unit's clerks edit a document; co-issuers see it.
func canEditDoc(a account.Actor, d normdoc.Document) bool { return a.CanEditUnitRecords(d.LeadUnitID) }

// editableDoc is visibleDoc for a change: refused for co-issuers.
func (s *Server) editableDoc(r *http.Request) (normdoc.Document, error) {
	d, err := s.visibleDoc(r)
	if err != nil {
		return d, err
	}
	if !canEditDoc(actorOf(r), d) {
		return d, apperr.New(apperr.Forbidden, "只有牵头制定单位的经办人和法制办可以修改该文件")
	}
	return d, nil
}

func statusOptions() []kindOption {
	var out []kindOption
	for _, s := range normdoc.Statuses {
		out = append(out, kindOption{string(s.Status), s.Label})
	}
	return out
}

func reformOptions() []kindOption {
	var out []kindOption
	for _, t := range normdoc.ReformTags {
		out = append(out, kindOption{t.Value, t.Label})
	}
	return out
}

func levelOptions() []kindOption {
	var out []kindOption
	for _, l := range normdoc.Levels {
		out = append(out, kindOption{string(l.Value), l.Label})
	}
	return out
}

func stateOptions() []kindOption {
	var out []kindOption
	for _, st := range normdoc.Lifecycle.States {
		out = append(out, kindOption{st.Name, st.Label})
	}
	return out
}

// issuingUnits are the units a document may name: active government
// bodies (not the partners), with the abolished ones for old documents.
func (s *Server) issuingUnits(ctx context.Context) ([]org.Unit, error) {
	units, _, err := s.store.Units(ctx, store.UnitFilter{Page: store.Page{Limit: 500}})
	if err != nil {
		return nil, err
	}
	out := units[:0:0]
	for _, u := range units {
		if !u.Kind.Partner() {
			out = append(out, u)
		}
	}
	return out, nil
}

// ---------- list ----------

type normdocListPage struct {
	basePage
	Docs        []store.NormdocRow
	Filter      store.NormdocFilter
	AsOf        string // the as_of field as typed ("" = today)
	Counts      []store.StatusCount
	Units       []org.Unit
	Statuses    []kindOption
	States      []kindOption
	Levels      []kindOption
	Reforms     []kindOption
	Evaluations []evalRow
	Pager       pager
	CanCreate   bool
}

// evalRow is an evaluation task with its deadline badge.
type evalRow struct {
	store.Evaluation
	DaysLeft int
	Citation string
}

func (s *Server) normdocFilterOf(r *http.Request) (store.NormdocFilter, string, error) {
	q := r.URL.Query()
	a := actorOf(r)
	f := store.NormdocFilter{Query: q.Get("q"), UnitID: queryInt(r, "unit_id"), UnitIDs: a.Scope(),
		Level: normdoc.Level(q.Get("level")), Status: normdoc.Status(q.Get("status")), InForce: q.Get("in_force") == "1",
		Catalog: normdoc.Catalog(q.Get("catalog")), State: q.Get("state"), ReformTag: q.Get("reform_tag"),
		Expiring: q.Get("expiring") == "1", Sort: q.Get("sort"), Page: pageOf(r)}
	if y, err := strconv.Atoi(q.Get("year")); err == nil && y >= 1949 && y <= 2100 {
		f.Year = y
	}
	if f.Level.Label() == string(f.Level) {
		f.Level = ""
	}
	if f.Status.Label() == string(f.Status) {
		f.Status = ""
	}
	if f.Catalog.Label() == string(f.Catalog) {
		f.Catalog = ""
	}
	if _, ok := normdoc.Lifecycle.State(f.State); !ok {
		f.State = ""
	}
	asOf := strings.TrimSpace(firstNonBlank(q.Get("as_of"), q.Get("in_force_on")))
	if asOf != "" {
		d, err := calendar.ParseDate(asOf)
		if err != nil {
			var fe apperr.Fields
			fe.Add("as_of", "查询日期", err.Error())
			return f, asOf, fe.Err()
		}
		f.AsOf = d
	}
	if q.Get("in_force_on") != "" {
		f.InForce = true
	}
	if f.UnitID != 0 && !a.SeesAll() && f.UnitID != a.UnitID {
		return f, asOf, apperr.New(apperr.NotFound, "单位不存在或您无权查看该单位的文件")
	}
	return f, asOf, nil
}

func firstNonBlank(vs ...string) string {
	for _, v := range vs {
		if strings.TrimSpace(v) != "" {
			return v
		}
	}
	return ""
}

func (s *Server) handleNormdocList(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	f, asOf, err := s.normdocFilterOf(r)
	if err != nil {
		return err
	}
	if format := r.URL.Query().Get("format"); format != "" {
		return s.exportNormdocs(w, r, f, format)
	}
	a := actorOf(r)
	p := &normdocListPage{Filter: f, AsOf: asOf, Statuses: statusOptions(), States: stateOptions(), Levels: levelOptions(),
		Reforms: reformOptions(), CanCreate: a.SeesAll() || a.Has(account.Clerk)}
	var total int
	if p.Docs, total, err = s.store.Normdocs(ctx, f); err != nil {
		return err
	}
	p.Pager = newPager(r, f.Page, total)
	if p.Counts, err = s.store.NormdocStatusCounts(ctx, f); err != nil {
		return err
	}
	if a.SeesAll() {
		if p.Units, err = s.issuingUnits(ctx); err != nil {
			return err
		}
	} else if u, err := s.store.Unit(ctx, a.UnitID); err == nil {
		p.Units = []org.Unit{u}
	}
	if p.Evaluations, err = s.evalRows(ctx, store.EvaluationFilter{UnitIDs: a.Scope(), State: store.EvalOpen, Limit: 20}); err != nil {
		return err
	}
	s.render(w, r, "normdoc_list", p)
	return nil
}

// evalRows loads evaluation tasks with their days left and the rule.
func (s *Server) evalRows(ctx context.Context, f store.EvaluationFilter) ([]evalRow, error) {
	evs, err := s.store.Evaluations(ctx, f)
	if err != nil {
		return nil, err
	}
	today := s.today()
	out := make([]evalRow, len(evs))
	for i, ev := range evs {
		out[i] = evalRow{Evaluation: ev, DaysLeft: int(ev.ExpiryOn.Time().Sub(today.Time()).Hours() / 24)}
		if rl, err := s.store.Rule(ctx, "normdoc.evaluate_before_expiry", ev.ExpiryOn); err == nil {
			out[i].Citation = fmt.Sprintf("%s：有效期届满前 %s 个月评估", rl.Citation, rl.Value)
		}
	}
	return out, nil
}

func (s *Server) exportNormdocs(w http.ResponseWriter, r *http.Request, f store.NormdocFilter, format string) error {
	docs, err := store.Collect(func(p store.Page) ([]store.NormdocRow, int, error) {
		f.Page = p
		return s.store.Normdocs(r.Context(), f)
	})
	if err != nil {
		return err
	}
	rows := make([][]string, len(docs))
	for i, d := range docs {
		rows[i] = []string{d.RegNumber, d.Number, d.Title, d.IssuerNames(), d.ImplementerName, dateText(d.PublishedOn),
			dateText(d.EffectiveOn), dateText(d.ExpiryOn), d.Status.Label(), dateText(d.StatusOn), d.StatusBasis,
			normdoc.Lifecycle.StateLabel(d.State)}
	}
	return writeTable(w, format, "规范性文件", []string{"统一登记号", "文号", "文件名称", "制定机关", "组织实施单位", "公布日期",
		"施行日期", "有效期至", "效力状态", "状态变化日期", "决定文号", "制定流程"}, rows)
}

// ---------- one document ----------

type normdocShowPage struct {
	basePage
	Doc         normdoc.Document
	Status      normdoc.Status
	StateLabel  string
	Timeline    []normdoc.TimelineEntry
	Effects     []normdoc.Effect
	Caused      []store.NormdocRow
	Attachments []normdoc.Attachment
	Evaluations []evalRow
	Timers      []store.Timer
	Actions     []workflow.Transition
	ItemVersion int
	Published   *normdoc.Publication
	CanEdit     bool
	CanEffect   bool
	CanEvaluate bool
	EffectKinds []kindOption
	History     []historyEntry
	Form        docActionForm
	formState
}

// docActionForm holds what the action forms of a document page held
// after a failed submission; Which names the form.
type docActionForm struct {
	Which          string
	Name           string
	Number         string
	EffectiveOn    string
	URL            string
	Reason         string
	On             string
	Kind           string
	AffectingNo    string
	DecisionNumber string
	Note           string
	Outcome        string
}

func (s *Server) handleNormdocShow(w http.ResponseWriter, r *http.Request) error {
	d, err := s.visibleDoc(r)
	if err != nil {
		return err
	}
	return s.normdocShow(w, r, d, docActionForm{On: s.today().String()}, nil)
}

func (s *Server) normdocShow(w http.ResponseWriter, r *http.Request, d normdoc.Document, form docActionForm, ferr error) error {
	ctx := r.Context()
	a := actorOf(r)
	p := &normdocShowPage{Doc: d, StateLabel: normdoc.Lifecycle.StateLabel(d.State), Form: form,
		CanEdit: canEditDoc(a, d), CanEffect: a.SeesAll()}
	if ferr != nil {
		if err := p.fail(w, ferr); err != nil {
			return err
		}
	}
	var err error
	if p.Effects, err = s.store.Effects(ctx, d.ID); err != nil {
		return err
	}
	p.Status = normdoc.StatusAt(d.Dates(), p.Effects, s.today())
	p.Timeline = normdoc.Timeline(d.Dates(), p.Effects)
	if p.Caused, err = s.store.AffectedBy(ctx, d.ID); err != nil {
		return err
	}
	if p.Attachments, err = s.store.Attachments(ctx, d.ID); err != nil {
		return err
	}
	if p.Evaluations, err = s.evalRows(ctx, store.EvaluationFilter{DocID: d.ID}); err != nil {
		return err
	}
	for _, ev := range p.Evaluations {
		if ev.State == store.EvalOpen && a.CanEditUnitRecords(ev.UnitID) {
			p.CanEvaluate = true
		}
	}
	if it, err := s.store.Item(ctx, normdoc.RecordKind, d.ID); err == nil {
		p.ItemVersion = it.Version
		for _, t := range normdoc.Lifecycle.Available(it, a) {
			if !normdoc.IsLedgerTransition(t.Name) {
				p.Actions = append(p.Actions, t)
			}
		}
		if p.Timers, err = s.store.Timers(ctx, it.ID); err != nil {
			return err
		}
	}
	for _, e := range normdoc.Effects {
		if !e.System {
			p.EffectKinds = append(p.EffectKinds, kindOption{string(e.Kind), e.Label})
		}
	}
	if pub, err := s.store.PublishedIn(ctx, d.ID); err == nil {
		p.Published = &pub
	}
	if p.History, err = s.history(r, normdoc.RecordKind, d.ID, nil); err != nil {
		return err
	}
	s.render(w, r, "normdoc_show", p)
	return nil
}

// actionFormOf reads the action forms' fields.
func actionFormOf(r *http.Request, which string) docActionForm {
	v := func(k string) string { return strings.TrimSpace(r.FormValue(k)) }
	return docActionForm{Which: which, Name: v("name"), Number: v("number"), EffectiveOn: v("effective_on"), URL: v("publication_url"),
		Reason: v("reason"), On: v("on"), Kind: v("kind"), AffectingNo: v("affecting_number"), DecisionNumber: v("decision_number"),
		Note: v("note"), Outcome: v("outcome")}
}

// formDay reads the "on" field, required.
func formDay(r *http.Request, name, label string, f *apperr.Fields) calendar.Date {
	if d := formDate(r, name, label, f); d != nil {
		return *d
	}
	if !f.Has(name) {
		f.Add(name, label, "必填项为空")
	}
	return calendar.Date{}
}

// retryShow shows the document again with the failed form, refreshed
// after a conflict.
func (s *Server) retryShow(w http.ResponseWriter, r *http.Request, d normdoc.Document, form docActionForm, err error) error {
	if fresh, ferr := s.store.Normdoc(r.Context(), d.ID); ferr == nil {
		d = fresh
	}
	return s.normdocShow(w, r, d, form, err)
}

func (s *Server) handleNormdocTransition(w http.ResponseWriter, r *http.Request) error {
	d, err := s.visibleDoc(r)
	if err != nil {
		return err
	}
	form := actionFormOf(r, "transition")
	var f apperr.Fields
	on := formDay(r, "on", "日期", &f)
	in := store.FireInput{Number: form.Number, PublicationURL: form.URL, EffectiveOn: formDate(r, "effective_on", "施行日期", &f)}
	if form.Name == "" {
		f.Add("name", "操作", "请选择要执行的操作")
	}
	if err := f.Err(); err != nil {
		return s.normdocShow(w, r, d, form, err)
	}
	got, err := s.store.FireNormdoc(r.Context(), actorOf(r), d.ID, form.Name, int(formInt(r, "version")), form.Reason, in, on)
	if err != nil {
		return s.retryShow(w, r, d, form, err)
	}
	flash(w, fmt.Sprintf("《%s》已%s", got.Title, transitionLabel(form.Name)))
	http.Redirect(w, r, fmt.Sprintf("/normdocs/%d", d.ID), http.StatusSeeOther)
	return nil
}

func transitionLabel(name string) string {
	if t, ok := normdoc.Lifecycle.Transition(name); ok {
		return t.Label
	}
	return name
}

func (s *Server) handleNormdocEffect(w http.ResponseWriter, r *http.Request) error {
	d, err := s.visibleDoc(r)
	if err != nil {
		return err
	}
	form := actionFormOf(r, "effect")
	e, err := s.effectFromForm(r, d.ID)
	if err == nil {
		err = s.store.AddEffect(r.Context(), actorOf(r).Audit(), &e, s.today())
	}
	if err != nil {
		return s.retryShow(w, r, d, form, err)
	}
	flash(w, fmt.Sprintf("已登记效力变化：《%s》自 %s 起%s", d.Title, e.EffectiveOn, e.Kind.Label()))
	http.Redirect(w, r, fmt.Sprintf("/normdocs/%d#ledger", d.ID), http.StatusSeeOther)
	return nil
}

// effectFromForm reads the effect form; the affecting document is named
// by its document number.
func (s *Server) effectFromForm(r *http.Request, docID int64) (normdoc.Effect, error) {
	var f apperr.Fields
	e := normdoc.Effect{Kind: normdoc.EffectKind(r.FormValue("kind")), DocID: docID,
		DecisionNumber: strings.TrimSpace(r.FormValue("decision_number")), Note: strings.TrimSpace(r.FormValue("note"))}
	e.EffectiveOn = formDay(r, "effective_on", "生效日期", &f)
	e.NewExpiry = formDate(r, "new_expiry", "新的有效期至", &f)
	if n := strings.TrimSpace(r.FormValue("affecting_number")); n != "" {
		a, err := s.store.NormdocByNumber(r.Context(), n)
		if err != nil {
			f.Add("affecting_id", "施加影响的文件", apperr.Message(err))
		} else {
			e.AffectingID = a.ID
		}
	}
	return e, f.Err()
}

func (s *Server) handleNormdocAttach(w http.ResponseWriter, r *http.Request) error {
	d, err := s.editableDoc(r)
	if err != nil {
		return err
	}
	name, data, err := uploadedFile(r)
	if err == nil {
		_, err = s.store.AddAttachment(r.Context(), actorOf(r).Audit(), d.ID, name, data)
	}
	if err != nil {
		return s.normdocShow(w, r, d, docActionForm{Which: "attach", On: s.today().String()}, err)
	}
	flash(w, "已上传附件："+name)
	http.Redirect(w, r, fmt.Sprintf("/normdocs/%d#attachments", d.ID), http.StatusSeeOther)
	return nil
}

// uploadedFile reads the "file" field of a multipart form.
func uploadedFile(r *http.Request) (string, []byte, error) {
	var f apperr.Fields
	file, header, err := r.FormFile("file")
	if err != nil {
		f.Add("file", "附件", "请选择 PDF 或 Word（.docx）文件（不超过 20MB）")
		return "", nil, f.Err()
	}
	defer file.Close()
	data, err := io.ReadAll(io.LimitReader(file, normdoc.MaxAttachment+1))
	if err != nil {
		return "", nil, err
	}
	return header.Filename, data, nil
}

func (s *Server) handleNormdocFile(w http.ResponseWriter, r *http.Request) error {
	d, err := s.visibleDoc(r)
	if err != nil {
		return err
	}
	return s.serveAttachment(w, r, d.ID)
}

// serveAttachment sends a document's file as a download.
func (s *Server) serveAttachment(w http.ResponseWriter, r *http.Request, docID int64) error {
	id, err := strconv.ParseInt(r.PathValue("file"), 10, 64)
	if err != nil {
		return apperr.New(apperr.NotFound, "附件不存在")
	}
	a, data, err := s.store.AttachmentData(r.Context(), docID, id)
	if err != nil {
		return err
	}
	w.Header().Set("Content-Type", a.ContentType)
	w.Header().Set("Content-Disposition", "attachment; filename*=UTF-8''"+url.PathEscape(a.Filename))
	w.Header().Set("Content-Length", strconv.Itoa(len(data)))
	w.Header().Set("Cache-Control", "private, max-age=3600")
	w.Write(data)
	return nil
}

func (s *Server) handleNormdocEvaluation(w http.ResponseWriter, r *http.Request) error {
	d, err := s.visibleDoc(r)
	if err != nil {
		return err
	}
	form := actionFormOf(r, "evaluation")
	ev, dec, err := s.evaluationFromForm(r, d.ID)
	if err == nil {
		_, err = s.store.DecideEvaluation(r.Context(), actorOf(r).Audit(), ev.ID, dec, s.today())
	}
	if err != nil {
		return s.retryShow(w, r, d, form, err)
	}
	flash(w, fmt.Sprintf("已记录评估结论：%s", dec.Outcome.Label()))
	http.Redirect(w, r, fmt.Sprintf("/normdocs/%d", d.ID), http.StatusSeeOther)
	return nil
}

// evaluationFromForm finds the document's open evaluation the actor may
// decide and reads the decision.
func (s *Server) evaluationFromForm(r *http.Request, docID int64) (store.Evaluation, store.EvaluationDecision, error) {
	evs, err := s.store.Evaluations(r.Context(), store.EvaluationFilter{DocID: docID, State: store.EvalOpen})
	if err != nil {
		return store.Evaluation{}, store.EvaluationDecision{}, err
	}
	if len(evs) == 0 {
		return store.Evaluation{}, store.EvaluationDecision{}, apperr.New(apperr.Conflict, "该文件当前没有待评估的任务")
	}
	ev := evs[0]
	if a := actorOf(r); !a.CanEditUnitRecords(ev.UnitID) {
		return ev, store.EvaluationDecision{}, apperr.New(apperr.Forbidden, "评估由"+ev.UnitName+"负责")
	}
	var f apperr.Fields
	dec := store.EvaluationDecision{Outcome: normdoc.Outcome(r.FormValue("outcome")), Number: strings.TrimSpace(r.FormValue("number")),
		Note: strings.TrimSpace(r.FormValue("note")), Version: int(formInt(r, "version"))}
	dec.On = formDay(r, "on", "决定日期", &f)
	return ev, dec, f.Err()
}

// ---------- form ----------

type normdocFormPage struct {
	basePage
	Doc        normdoc.Document
	Units      []org.Unit // lead unit choices
	AllUnits   []org.Unit // co-issuers and implementers
	CoIssuers  map[int64]bool
	Reforms    []kindOption
	Subjects   string
	Fixed      bool // the particulars are fixed (signed)
	Validity   string
	Reason     string
	Expiry     string
	ExpiryHand bool
	formState
}

func (s *Server) normdocForm(w http.ResponseWriter, r *http.Request, d normdoc.Document, ferr error) error {
	ctx := r.Context()
	a := actorOf(r)
	p := &normdocFormPage{Doc: d, Reforms: reformOptions(), Subjects: strings.Join(d.Subjects, "、"), CoIssuers: map[int64]bool{},
		Fixed: d.ID != 0 && !normdoc.Editable(d.State), Reason: r.FormValue("reason"), Expiry: dateText(d.ExpiryOn),
		ExpiryHand: d.ExpiryFixed}
	for _, is := range d.CoIssuers() {
		p.CoIssuers[is.UnitID] = true
	}
	if ferr != nil {
		if err := p.fail(w, ferr); err != nil {
			return err
		}
	}
	var err error
	if p.AllUnits, err = s.issuingUnits(ctx); err != nil {
		return err
	}
	for _, u := range p.AllUnits {
		if a.CanEditUnitRecords(u.ID) && u.Active() {
			p.Units = append(p.Units, u)
		}
	}
	today := s.today()
	for _, key := range []string{"normdoc.validity", "normdoc.validity_provisional"} {
		if rl, err := s.store.Rule(ctx, key, today); err == nil {
			if p.Validity != "" {
				p.Validity += "；"
			}
			p.Validity += fmt.Sprintf("%s %s 年", rl.Title, rl.Value)
		}
	}
	s.render(w, r, "normdoc_form", p)
	return nil
}

func (s *Server) handleNormdocNew(w http.ResponseWriter, r *http.Request) error {
	a := actorOf(r)
	d := normdoc.Document{}
	if !a.SeesAll() {
		d.LeadUnitID = a.UnitID
	}
	return s.normdocForm(w, r, d, nil)
}

// docFromForm reads the document form over d; a signed document's form
// carries only what may still change.
func docFromForm(r *http.Request, d normdoc.Document) (normdoc.Document, error) {
	var f apperr.Fields
	d.ImplementerID = formInt(r, "implementer_id")
	d.LegalBasis = r.FormValue("legal_basis")
	d.Subjects = normdoc.SplitList(r.FormValue("subjects"))
	d.ReformTags = r.Form["reform_tags"]
	d.FullText = r.FormValue("full_text")
	d.PublicationURL = r.FormValue("publication_url")
	d.Version = int(formInt(r, "version"))
	if d.ID != 0 && !normdoc.Editable(d.State) {
		return d, nil
	}
	d.Title = r.FormValue("title")
	d.Number = r.FormValue("number")
	d.LeadUnitID = formInt(r, "lead_unit_id")
	d.Issuers = nil
	for _, v := range r.Form["co_issuers"] {
		if id, err := strconv.ParseInt(v, 10, 64); err == nil {
			d.Issuers = append(d.Issuers, normdoc.Issuer{UnitID: id})
		}
	}
	d.ExpiryFixed = r.FormValue("expiry_fixed") == "1"
	if d.ExpiryFixed {
		d.ExpiryOn = formDate(r, "expiry_on", "有效期至", &f)
		if d.ExpiryOn == nil && !f.Has("expiry_on") {
			f.Add("expiry_on", "有效期至", "人工确定有效期时须填写")
		}
	} else {
		d.ExpiryOn = nil
	}
	return d, f.Err()
}

func (s *Server) handleNormdocCreate(w http.ResponseWriter, r *http.Request) error {
	r.ParseForm()
	d, err := docFromForm(r, normdoc.Document{})
	a := actorOf(r)
	if err == nil && !a.CanEditUnitRecords(d.LeadUnitID) {
		var f apperr.Fields
		f.Add("lead_unit_id", "牵头制定单位", "您只能登记本单位牵头制定的文件")
		err = f.Err()
	}
	if err == nil {
		err = s.store.CreateNormdoc(r.Context(), a.Audit(), &d, s.today())
	}
	if err != nil {
		return s.normdocForm(w, r, d, err)
	}
	flash(w, "已登记起草中的文件：《"+d.Title+"》")
	http.Redirect(w, r, fmt.Sprintf("/normdocs/%d", d.ID), http.StatusSeeOther)
	return nil
}

func (s *Server) handleNormdocEdit(w http.ResponseWriter, r *http.Request) error {
	d, err := s.editableDoc(r)
	if err != nil {
		return err
	}
	return s.normdocForm(w, r, d, nil)
}

func (s *Server) handleNormdocUpdate(w http.ResponseWriter, r *http.Request) error {
	cur, err := s.editableDoc(r)
	if err != nil {
		return err
	}
	r.ParseForm()
	d, err := docFromForm(r, cur)
	a := actorOf(r)
	if err == nil && !a.CanEditUnitRecords(d.LeadUnitID) {
		var f apperr.Fields
		f.Add("lead_unit_id", "牵头制定单位", "牵头制定单位只能是本单位")
		err = f.Err()
	}
	if err == nil {
		err = s.store.UpdateNormdoc(r.Context(), a.Audit(), &d, strings.TrimSpace(r.FormValue("reason")))
	}
	if err != nil {
		return s.normdocForm(w, r, d, err)
	}
	flash(w, "已保存《"+d.Title+"》")
	http.Redirect(w, r, fmt.Sprintf("/normdocs/%d", d.ID), http.StatusSeeOther)
	return nil
}
