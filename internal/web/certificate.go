package web

// The certificate pages (seed measure 5): the list, one certificate with
// its status history, reviews and status actions, the printable card and
// its QR code, and the issue form. Officers, exams, reviews, anomalies,
// statistics, public verification and the API are in the other
// certificate_*.go files.

import (
	"context"
	"fmt"
	"html/template"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"rsc.io/qr"

	"fazhi/internal/account"
	"fazhi/internal/apperr"
	"fazhi/internal/calendar"
	"fazhi/internal/certificate"
	"fazhi/internal/org"
	"fazhi/internal/store"
)

// certFieldLabels name the fields of certificate records on history pages.
var certFieldLabels = map[string]string{
	"number": "证件编号", "holder_name": "持证人", "issuer": "发证机关", "area": "执法区域", "categories": "执法类别或事项",
	"power_source": "执法权来源", "issued_on": "发证日期", "valid_until": "有效期至", "status_on": "状态日期",
	"status_reason": "状态原因", "replaces_id": "原证件", "registration_id": "考试报名记录", "person_id": "人员",
	"establishment": "编制类别", "education": "学历", "legal_qualification": "法律职业资格", "enforcement_post": "执法岗位",
	"person_status": "人员状态", "year": "年度", "hours": "培训学时", "on_date": "日期", "rule": "异常类型",
	"certificate_id": "证件", "detail": "异常情况", "detected_on": "发现日期", "resolution": "处理方式", "explanation": "处理说明",
	"handled_on": "单位处理日期", "confirmed_on": "确认日期", "general_score": "通用法律知识成绩", "special_score": "专门法律知识成绩",
	"passed": "是否合格", "qualified_until": "资格有效期至", "session_id": "考试", "batch": "批次", "training_hours": "培训学时",
	"training_minimum": "最低学时", "reviewed_on": "年审日期", "held_on": "考试日期", "pass_mark": "合格分数线",
	"pass_citation": "合格分数线依据", "validity_years": "资格有效期（年）", "notes": "未通过事项",
	"InUnit": "在发证单位在岗", "EnforcementPost": "在执法岗位", "TrainingOK": "培训学时达标", "CleanRecord": "无处分或刑事处罚",
	"ParticularsUnchanged": "记载事项未变化", "Passed": "年审通过", "Notes": "未通过事项", "training_min": "最低学时",
}

func init() {
	for k, v := range certFieldLabels {
		if _, ok := fieldLabels[k]; !ok {
			fieldLabels[k] = v
		}
	}
}

// today is the Beijing date of the request.
func (s *Server) today() calendar.Date { return calendar.BeijingDate(s.store.Now()) }

// warnDays is how many days ahead of expiry a certificate counts as
// expiring (rule certificate.expiry_warning; 90 when the rule is missing).
func (s *Server) warnDays(ctx context.Context, today calendar.Date) int {
	if r, err := s.store.Rule(ctx, "certificate.expiry_warning", today); err == nil {
		if n, err := r.Int(); err == nil && n > 0 {
			return n
		}
	}
	return 90
}

// certRow is a certificate with its validity badge as of today.
type certRow struct {
	certificate.Certificate
	DaysLeft    int
	Expiry      string // badge text; "" when the status already says it all
	ExpiryClass string
}

func newCertRow(c certificate.Certificate, today calendar.Date, warn int) certRow {
	r := certRow{Certificate: c, DaysLeft: c.DaysLeft(today)}
	switch {
	case !c.Status.Active():
	case r.DaysLeft < 0:
		r.Expiry, r.ExpiryClass = fmt.Sprintf("已过期 %d 天", -r.DaysLeft), "badge-red"
	case r.DaysLeft == 0:
		r.Expiry, r.ExpiryClass = "今日到期", "badge-yellow"
	case r.DaysLeft <= warn:
		r.Expiry, r.ExpiryClass = fmt.Sprintf("剩 %d 天", r.DaysLeft), "badge-yellow"
	default:
		r.Expiry, r.ExpiryClass = fmt.Sprintf("剩 %d 天", r.DaysLeft), "badge-green"
	}
	return r
}

func certRows(cs []certificate.Certificate, today calendar.Date, warn int) []certRow {
	out := make([]certRow, len(cs))
	for i, c := range cs {
		out[i] = newCertRow(c, today, warn)
	}
	return out
}

// statusBadge shows a certificate status; the text always says it.
func statusBadge(st certificate.Status) template.HTML {
	class := "badge"
	switch st {
	case certificate.Valid:
		class = "badge badge-green"
	case certificate.Withheld:
		class = "badge badge-yellow"
	case certificate.Revoked, certificate.Expired:
		class = "badge badge-red"
	}
	return template.HTML(`<span class="` + class + `">` + template.HTMLEscapeString(st.Label()) + `</span>`)
}

// checkMark shows a passed or failed check as ✓ or ✗ with words for
// screen readers.
func checkMark(ok bool) template.HTML {
	if ok {
		return `<span class="mark mark-ok"><span aria-hidden="true">✓</span><span class="visually-hidden">符合</span></span>`
	}
	return `<span class="mark mark-fail"><span aria-hidden="true">✗</span><span class="visually-hidden">不符合</span></span>`
}

func certStatuses() []kindOption {
	out := make([]kindOption, len(certificate.Statuses))
	for i, s := range certificate.Statuses {
		out[i] = kindOption{string(s.Value), s.Label}
	}
	return out
}

func powerSources() []kindOption {
	out := make([]kindOption, len(certificate.PowerSources))
	for i, p := range certificate.PowerSources {
		out[i] = kindOption{string(p.Value), p.Label}
	}
	return out
}

// enforcementUnits lists the units whose certificates the actor may see:
// every current enforcement unit for the legal affairs office, the own
// unit for unit staff.
func (s *Server) enforcementUnits(r *http.Request) ([]org.Unit, error) {
	a := actorOf(r)
	if a.SeesAll() {
		units, _, err := s.store.Units(r.Context(), store.UnitFilter{Enforcement: true, Page: store.Page{Limit: 500}})
		return units, err
	}
	if !a.Internal() {
		return nil, nil
	}
	u, err := s.store.Unit(r.Context(), a.UnitID)
	return []org.Unit{u}, err
}

// editableUnits are the units in which the actor may register records:
// all enforcement units for the legal affairs office, the own unit for a
// clerk, none otherwise.
func (s *Server) editableUnits(r *http.Request) ([]org.Unit, error) {
	a := actorOf(r)
	units, err := s.enforcementUnits(r)
	if err != nil {
		return nil, err
	}
	out := units[:0:0]
	for _, u := range units {
		if a.CanEditUnitRecords(u.ID) {
			out = append(out, u)
		}
	}
	return out, nil
}

// scopedUnit narrows a list to one unit the actor may see: 0 stays 0, a
// unit out of scope is refused as not found.
func scopedUnit(a account.Actor, unit int64) error {
	if unit != 0 && !a.CanViewUnitRecords(unit) {
		return apperr.New(apperr.NotFound, "单位不存在或您无权查看该单位的执法证件信息")
	}
	return nil
}

// queryInt reads an integer query parameter (0 when absent or invalid).
func queryInt(r *http.Request, name string) int64 {
	n, _ := strconv.ParseInt(strings.TrimSpace(r.URL.Query().Get(name)), 10, 64)
	return n
}

// queryYear reads the year parameter, defaulting to def.
func queryYear(r *http.Request, def int) int {
	if y := int(queryInt(r, "year")); y >= 2000 && y <= 2100 {
		return y
	}
	return def
}

// ---------- list ----------

type certListPage struct {
	basePage
	Certs        []certRow
	Units        []org.Unit
	Filter       store.CertFilter
	Expiring     bool
	WarnDays     int
	Statuses     []kindOption
	StatusCounts []statusCount
	Pager        pager
	CanIssue     bool
}

type statusCount struct {
	Label   string
	Value   string // the status, or "expiring"
	Count   int
	Current bool
}

func (s *Server) certFilterOf(r *http.Request, today calendar.Date, warn int) (store.CertFilter, bool, error) {
	q := r.URL.Query()
	a := actorOf(r)
	f := store.CertFilter{Query: q.Get("q"), UnitID: queryInt(r, "unit_id"), UnitIDs: a.Scope(),
		Status: certificate.Status(q.Get("status")), Sort: q.Get("sort"), Page: pageOf(r)}
	if f.Status != "" && f.Status.Label() == string(f.Status) {
		f.Status = ""
	}
	if y, err := strconv.Atoi(q.Get("issued_year")); err == nil && y >= 2000 && y <= 2100 {
		f.IssuedYear = y
	}
	expiring := q.Get("expiring") == "1"
	if expiring {
		until := today.AddDays(warn)
		f.ExpiringUntil = &until
	}
	return f, expiring, scopedUnit(a, f.UnitID)
}

func (s *Server) handleCertList(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	today := s.today()
	warn := s.warnDays(ctx, today)
	f, expiring, err := s.certFilterOf(r, today, warn)
	if err != nil {
		return err
	}
	if format := r.URL.Query().Get("format"); format != "" {
		return s.exportCerts(w, r, f, format)
	}
	certs, total, err := s.store.Certificates(ctx, f)
	if err != nil {
		return err
	}
	units, err := s.enforcementUnits(r)
	if err != nil {
		return err
	}
	p := &certListPage{Certs: certRows(certs, today, warn), Units: units, Filter: f, Expiring: expiring, WarnDays: warn,
		Statuses: certStatuses(), Pager: newPager(r, f.Page, total), CanIssue: actorOf(r).SeesAll()}
	// Counts per status (and expiring) under the other filters.
	base := f
	base.Status, base.ExpiringUntil, base.Page = "", nil, store.Page{Limit: 1}
	_, all, err := s.store.Certificates(ctx, base)
	if err != nil {
		return err
	}
	p.StatusCounts = append(p.StatusCounts, statusCount{"全部", "", all, f.Status == "" && !expiring})
	for _, st := range certificate.Statuses {
		c := base
		c.Status = st.Value
		_, n, err := s.store.Certificates(ctx, c)
		if err != nil {
			return err
		}
		if n > 0 || st.Value == certificate.Valid {
			p.StatusCounts = append(p.StatusCounts, statusCount{st.Label, string(st.Value), n, f.Status == st.Value && !expiring})
		}
	}
	c := base
	until := today.AddDays(warn)
	c.ExpiringUntil = &until
	if _, n, err := s.store.Certificates(ctx, c); err != nil {
		return err
	} else {
		p.StatusCounts = append(p.StatusCounts, statusCount{fmt.Sprintf("%d 天内到期", warn), "expiring", n, expiring})
	}
	s.render(w, r, "cert_list", p)
	return nil
}

// allCerts pages through every certificate of f (exports).
func (s *Server) allCerts(ctx context.Context, f store.CertFilter) ([]certificate.Certificate, error) {
	var out []certificate.Certificate
	for offset := 0; offset < exportLimit; offset += 500 {
		f.Page = store.Page{Limit: 500, Offset: offset}
		certs, total, err := s.store.Certificates(ctx, f)
		if err != nil {
			return nil, err
		}
		out = append(out, certs...)
		if len(certs) < 500 || offset+500 >= total {
			break
		}
	}
	return out, nil
}

func (s *Server) exportCerts(w http.ResponseWriter, r *http.Request, f store.CertFilter, format string) error {
	certs, err := s.allCerts(r.Context(), f)
	if err != nil {
		return err
	}
	rows := make([][]string, len(certs))
	for i, c := range certs {
		rows[i] = []string{c.Number, c.HolderName, c.UnitName, c.Issuer, c.Area, certificate.JoinCategories(c.Categories),
			c.PowerSource.Label(), c.IssuedOn.String(), c.ValidUntil.String(), c.Status.Label(), c.StatusOn.String(), c.StatusReason}
	}
	return writeTable(w, format, "行政执法证", []string{"证件编号", "持证人", "执法单位", "发证机关", "执法区域", "执法类别或事项",
		"执法权来源", "发证日期", "有效期至", "状态", "状态日期", "状态原因"}, rows)
}

// ---------- one certificate ----------

// visibleCert loads the certificate of the path the actor may see; others
// get "not found" so that ids of other units reveal nothing.
func (s *Server) visibleCert(r *http.Request) (certificate.Certificate, error) {
	id, err := pathID(r)
	if err != nil {
		return certificate.Certificate{}, err
	}
	c, err := s.store.Certificate(r.Context(), id)
	if err != nil {
		return c, err
	}
	if !actorOf(r).CanViewUnitRecords(c.UnitID) {
		return certificate.Certificate{}, apperr.New(apperr.NotFound, "证件不存在或您无权查看")
	}
	return c, nil
}

type certShowPage struct {
	basePage
	Cert      certRow
	Statuses  []certificate.StatusChange
	Reviews   []store.AnnualReview
	History   []historyEntry
	Actions   []certificate.Transition
	Units     []org.Unit // transfer targets
	Successor *certLink
	Replaces  *certLink
	CanChange bool
	Form      statusForm
	formState
}

// statusForm is what the status form holds (kept after a failed submit).
type statusForm struct {
	Action    string
	On        string
	Reason    string
	NewUnitID int64
}

type certLink = store.CertLink

func (s *Server) handleCertShow(w http.ResponseWriter, r *http.Request) error {
	c, err := s.visibleCert(r)
	if err != nil {
		return err
	}
	return s.certShow(w, r, c, statusForm{On: s.today().String()}, nil)
}

func (s *Server) certShow(w http.ResponseWriter, r *http.Request, c certificate.Certificate, form statusForm, ferr error) error {
	ctx := r.Context()
	today := s.today()
	p := &certShowPage{Cert: newCertRow(c, today, s.warnDays(ctx, today)), Form: form, CanChange: actorOf(r).SeesAll()}
	if ferr != nil {
		if err := p.fail(w, ferr); err != nil {
			return err
		}
	}
	var err error
	if p.Statuses, err = s.store.StatusHistory(ctx, c.ID); err != nil {
		return err
	}
	if p.Reviews, err = s.store.CertificateReviews(ctx, c.ID); err != nil {
		return err
	}
	if p.History, err = s.history(r, "certificate", c.ID, nil); err != nil {
		return err
	}
	if p.Successor, err = s.store.Successor(ctx, c.ID); err != nil {
		return err
	}
	if c.ReplacesID != 0 {
		if prev, err := s.store.Certificate(ctx, c.ReplacesID); err == nil {
			p.Replaces = &certLink{ID: prev.ID, Number: prev.Number}
		}
	}
	if p.CanChange {
		p.Actions = certificate.Available(c.Status)
		for _, t := range p.Actions {
			if t.Action == certificate.Transfer {
				if p.Units, _, err = s.store.Units(ctx, store.UnitFilter{Enforcement: true, Active: true, Page: store.Page{Limit: 500}}); err != nil {
					return err
				}
			}
		}
	}
	s.render(w, r, "cert_show", p)
	return nil
}

func (s *Server) handleCertStatus(w http.ResponseWriter, r *http.Request) error {
	c, err := s.visibleCert(r)
	if err != nil {
		return err
	}
	form := statusForm{Action: r.FormValue("action"), On: r.FormValue("on"), Reason: strings.TrimSpace(r.FormValue("reason")),
		NewUnitID: formInt(r, "new_unit_id")}
	var f apperr.Fields
	req := store.StatusRequest{Action: certificate.Action(form.Action), Version: int(formInt(r, "version")),
		Reason: form.Reason, NewUnitID: form.NewUnitID}
	if form.Action == "" {
		f.Add("action", "操作", "请选择要执行的操作")
	}
	if d := formDate(r, "on", "生效日期", &f); d != nil {
		req.On = *d
	}
	if req.Action != certificate.Transfer {
		req.NewUnitID = 0
	}
	var successor *certificate.Certificate
	err = f.Err()
	if err == nil {
		successor, err = s.store.ChangeStatus(r.Context(), actorOf(r).Audit(), c.ID, req)
	}
	if err != nil {
		if apperr.KindOf(err) == apperr.Conflict {
			// Show what the certificate is now, so the user can decide again.
			if fresh, ferr := s.store.Certificate(r.Context(), c.ID); ferr == nil {
				c = fresh
			}
		}
		return s.certShow(w, r, c, form, err)
	}
	if successor != nil {
		flash(w, fmt.Sprintf("已%s：原证 %s 作废，新证编号 %s", actionLabel(req.Action), c.Number, successor.Number))
		http.Redirect(w, r, fmt.Sprintf("/certificates/%d", successor.ID), http.StatusSeeOther)
		return nil
	}
	flash(w, fmt.Sprintf("已%s证件 %s", actionLabel(req.Action), c.Number))
	http.Redirect(w, r, fmt.Sprintf("/certificates/%d", c.ID), http.StatusSeeOther)
	return nil
}

func actionLabel(a certificate.Action) string {
	for _, t := range certificate.Transitions {
		if t.Action == a {
			return t.Label
		}
	}
	return string(a)
}

// ---------- card and QR ----------

type certCardPage struct {
	basePage
	Cert      certRow
	VerifyURL string
}

func (s *Server) handleCertCard(w http.ResponseWriter, r *http.Request) error {
	c, err := s.visibleCert(r)
	if err != nil {
		return err
	}
	today := s.today()
	s.render(w, r, "cert_card", &certCardPage{Cert: newCertRow(c, today, s.warnDays(r.Context(), today)), VerifyURL: s.verifyURL(r, c.Number)})
	return nil
}

// verifyURL is the QR code's payload: the absolute address of the public
// verification page of number. The host is the one the request came to;
// the scheme is https when this server terminates TLS or runs with secure
// cookies (which it does behind an HTTPS proxy). X-Forwarded-Proto is not
// trusted: a client could set it.
func (s *Server) verifyURL(r *http.Request, number string) string {
	scheme := "http"
	if r.TLS != nil || s.cfg.SecureCookies {
		scheme = "https"
	}
	return scheme + "://" + r.Host + "/verify/" + url.PathEscape(number)
}

// qrPNG encodes text as a QR code (error correction level M) in PNG.
func qrPNG(text string) ([]byte, error) {
	code, err := qr.Encode(text, qr.M)
	if err != nil {
		return nil, err
	}
	return code.PNG(), nil
}

func (s *Server) handleCertQR(w http.ResponseWriter, r *http.Request) error {
	c, err := s.visibleCert(r)
	if err != nil {
		return err
	}
	png, err := qrPNG(s.verifyURL(r, c.Number))
	if err != nil {
		return err
	}
	w.Header().Set("Content-Type", "image/png")
	w.Header().Set("Cache-Control", "private, max-age=3600")
	w.Write(png)
	return nil
}

// ---------- issue ----------

type certFormPage struct {
	basePage
	Units        []org.Unit
	UnitID       int64
	Officers     []officerOption
	Cert         certificate.Certificate
	Categories   string
	ValidUntil   string
	PowerSources []kindOption
	Validity     string // the validity rule as of today, for the hint
	Issuer       string
	formState
}

// officerOption is a person in the issue form's select.
type officerOption struct {
	PersonID int64
	Name     string
	Post     string
	Note     string // why issuing will fail, when known
}

func (s *Server) certForm(w http.ResponseWriter, r *http.Request, c certificate.Certificate, cats, validUntil string, ferr error) error {
	ctx := r.Context()
	p := &certFormPage{Cert: c, UnitID: c.UnitID, Categories: cats, ValidUntil: validUntil, PowerSources: powerSources()}
	if ferr != nil {
		if err := p.fail(w, ferr); err != nil {
			return err
		}
	}
	today := s.today()
	if rl, err := s.store.Rule(ctx, "certificate.validity", today); err == nil {
		p.Validity = fmt.Sprintf("%s 年（%s）", rl.Value, rl.Citation)
	}
	if rl, err := s.store.Rule(ctx, "certificate.issuer", today); err == nil {
		p.Issuer = rl.Value
	}
	var err error
	if p.Units, _, err = s.store.Units(ctx, store.UnitFilter{Enforcement: true, Active: true, Page: store.Page{Limit: 500}}); err != nil {
		return err
	}
	if p.UnitID != 0 {
		officers, _, err := s.store.Officers(ctx, store.OfficerFilter{UnitID: p.UnitID, Page: store.Page{Limit: 500}})
		if err != nil {
			return err
		}
		ids := make([]int64, len(officers))
		for i, o := range officers {
			ids[i] = o.PersonID
		}
		held, err := s.store.ValidCertificates(ctx, ids)
		if err != nil {
			return err
		}
		for _, o := range officers {
			opt := officerOption{PersonID: o.PersonID, Name: o.Name, Post: o.Post}
			switch {
			case held[o.PersonID].Number != "":
				opt.Note = "已持证 " + held[o.PersonID].Number
			case !o.Establishment.OnEstablishment():
				opt.Note = "不在编"
			case o.PersonStatus != string(org.Active):
				opt.Note = org.PersonStatus(o.PersonStatus).Label()
			}
			p.Officers = append(p.Officers, opt)
		}
	}
	s.render(w, r, "cert_form", p)
	return nil
}

func (s *Server) handleCertNew(w http.ResponseWriter, r *http.Request) error {
	c := certificate.Certificate{UnitID: queryInt(r, "unit_id"), PersonID: queryInt(r, "person_id"),
		Area: "慈溪市行政区域", PowerSource: certificate.Statutory, IssuedOn: s.today()}
	if c.PersonID != 0 && c.UnitID == 0 {
		if p, err := s.store.Person(r.Context(), c.PersonID); err == nil {
			c.UnitID = p.UnitID
		}
	}
	return s.certForm(w, r, c, "", "", nil)
}

func certFromForm(r *http.Request) (certificate.Certificate, error) {
	var f apperr.Fields
	c := certificate.Certificate{PersonID: formInt(r, "person_id"), UnitID: formInt(r, "unit_id"),
		Area: strings.TrimSpace(r.FormValue("area")), Categories: certificate.SplitCategories(r.FormValue("categories")),
		PowerSource: certificate.PowerSource(r.FormValue("power_source"))}
	if d := formDate(r, "issued_on", "发证日期", &f); d != nil {
		c.IssuedOn = *d
	} else if !f.Has("issued_on") {
		f.Add("issued_on", "发证日期", "必填项为空")
	}
	if d := formDate(r, "valid_until", "有效期至", &f); d != nil {
		c.ValidUntil = *d
	}
	return c, f.Err()
}

func (s *Server) handleCertCreate(w http.ResponseWriter, r *http.Request) error {
	c, err := certFromForm(r)
	if err == nil {
		err = s.store.IssueCertificate(r.Context(), actorOf(r).Audit(), &c)
	}
	if err != nil {
		return s.certForm(w, r, c, r.FormValue("categories"), r.FormValue("valid_until"), err)
	}
	flash(w, fmt.Sprintf("已发证：%s，证件编号 %s", c.HolderName, c.Number))
	http.Redirect(w, r, fmt.Sprintf("/certificates/%d", c.ID), http.StatusSeeOther)
	return nil
}
