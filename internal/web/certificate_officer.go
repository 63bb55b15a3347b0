package web

// Enforcement officers: the list with their certified status, one
// officer's record (establishment, education, qualification, post,
// training hours, exams, certificates, discipline records, history), the
// edit forms and the registration of a person as an officer.

import (
	"context"
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"fazhi/internal/apperr"
	"fazhi/internal/calendar"
	"fazhi/internal/certificate"
	"fazhi/internal/org"
	"fazhi/internal/store"
)

type officerRow struct {
	certificate.Officer
	Cert store.HeldCert // zero when not certified
}

// StatusLabel is the person's status in Chinese.
func (o officerRow) StatusLabel() string { return org.PersonStatus(o.PersonStatus).Label() }

type officerListPage struct {
	basePage
	Officers []officerRow
	Units    []org.Unit
	Filter   store.OfficerFilter
	Pager    pager
	CanAdd   bool
}

func establishments() []kindOption {
	out := make([]kindOption, len(certificate.Establishments))
	for i, e := range certificate.Establishments {
		out[i] = kindOption{string(e.Value), e.Label}
	}
	return out
}

func officerFilterOf(r *http.Request) (store.OfficerFilter, error) {
	a := actorOf(r)
	f := store.OfficerFilter{Query: r.URL.Query().Get("q"), UnitID: queryInt(r, "unit_id"), UnitIDs: a.Scope(), Page: pageOf(r)}
	return f, scopedUnit(a, f.UnitID)
}

func (s *Server) officerRows(ctx context.Context, officers []certificate.Officer) ([]officerRow, error) {
	ids := make([]int64, len(officers))
	for i, o := range officers {
		ids[i] = o.PersonID
	}
	held, err := s.store.ValidCertificates(ctx, ids)
	if err != nil {
		return nil, err
	}
	out := make([]officerRow, len(officers))
	for i, o := range officers {
		out[i] = officerRow{Officer: o, Cert: held[o.PersonID]}
	}
	return out, nil
}

func (s *Server) handleOfficerList(w http.ResponseWriter, r *http.Request) error {
	f, err := officerFilterOf(r)
	if err != nil {
		return err
	}
	ctx := r.Context()
	if format := r.URL.Query().Get("format"); format != "" {
		return s.exportOfficers(w, r, f, format)
	}
	officers, total, err := s.store.Officers(ctx, f)
	if err != nil {
		return err
	}
	rows, err := s.officerRows(ctx, officers)
	if err != nil {
		return err
	}
	units, err := s.enforcementUnits(r)
	if err != nil {
		return err
	}
	a := actorOf(r)
	s.render(w, r, "cert_officer_list", &officerListPage{Officers: rows, Units: units, Filter: f,
		Pager: newPager(r, f.Page, total), CanAdd: a.SeesAll() || a.CanEditUnitRecords(a.UnitID)})
	return nil
}

func (s *Server) exportOfficers(w http.ResponseWriter, r *http.Request, f store.OfficerFilter, format string) error {
	var all []certificate.Officer
	for offset := 0; offset < exportLimit; offset += 500 {
		f.Page = store.Page{Limit: 500, Offset: offset}
		page, total, err := s.store.Officers(r.Context(), f)
		if err != nil {
			return err
		}
		all = append(all, page...)
		if len(page) < 500 || offset+500 >= total {
			break
		}
	}
	rows, err := s.officerRows(r.Context(), all)
	if err != nil {
		return err
	}
	out := make([][]string, len(rows))
	for i, o := range rows {
		out[i] = []string{o.Name, o.UnitName, o.Post, o.StatusLabel(), o.Establishment.Label(), o.Education,
			yesNo(o.LegalQualification), yesNo(o.EnforcementPost), o.Cert.Number, dateOrEmpty(o.Cert)}
	}
	return writeTable(w, format, "执法人员", []string{"姓名", "所在单位", "职务", "人员状态", "编制类别", "学历",
		"法律职业资格", "执法岗位", "有效证件编号", "证件有效期至"}, out)
}

func dateOrEmpty(h store.HeldCert) string {
	if h.Number == "" {
		return ""
	}
	return h.ValidUntil.String()
}

// visibleOfficer loads the officer of the path the actor may see. A
// person who is not (yet) an officer is "not found" here.
func (s *Server) visibleOfficer(r *http.Request) (certificate.Officer, error) {
	p, err := s.visiblePerson(r)
	if err != nil {
		return certificate.Officer{}, err
	}
	o, err := s.store.Officer(r.Context(), p.ID)
	if apperr.KindOf(err) == apperr.NotFound {
		return o, apperr.New(apperr.NotFound, fmt.Sprintf("执法人员档案不存在：%s 尚未登记为执法人员", p.Name))
	}
	return o, err
}

type officerShowPage struct {
	basePage
	Officer        certificate.Officer
	StatusLabel    string
	Training       []store.YearHours
	Exams          []store.PersonExam
	Certs          []certRow
	Records        []store.OfficerRecord
	History        []historyEntry
	CanEdit        bool
	CanRecords     bool // sees discipline records (the unit's clerk, the legal office)
	CanAddRecord   bool // the legal office
	CanIssue       bool
	Establishments []kindOption
	Form           certificate.Officer // the edit form's values
	Reason         string
	TrainingYear   int
	TrainingHours  string
	Record         store.OfficerRecord
	formState
}

func (s *Server) handleOfficerShow(w http.ResponseWriter, r *http.Request) error {
	o, err := s.visibleOfficer(r)
	if err != nil {
		return err
	}
	return s.officerShow(w, r, o, o, nil)
}

// officerShow renders an officer; form holds the edit form's values and
// ferr the error of a failed submission of any of the page's forms.
func (s *Server) officerShow(w http.ResponseWriter, r *http.Request, o, form certificate.Officer, ferr error) error {
	ctx := r.Context()
	a := actorOf(r)
	today := s.today()
	p := &officerShowPage{Officer: o, StatusLabel: org.PersonStatus(o.PersonStatus).Label(), Form: form,
		CanEdit: a.CanEditUnitRecords(o.UnitID), CanRecords: a.CanEditUnitRecords(o.UnitID), CanAddRecord: a.SeesAll(),
		CanIssue: a.SeesAll(), Establishments: establishments(), Reason: r.FormValue("reason"),
		TrainingYear: today.Year, TrainingHours: r.FormValue("hours"),
		Record: store.OfficerRecord{Kind: r.FormValue("kind"), OnDate: r.FormValue("on_date"), Note: r.FormValue("note")}}
	if y, err := strconv.Atoi(r.FormValue("year")); err == nil {
		p.TrainingYear = y
	}
	if ferr != nil {
		if err := p.fail(w, ferr); err != nil {
			return err
		}
	}
	var err error
	if p.Training, err = s.store.TrainingYears(ctx, o.PersonID); err != nil {
		return err
	}
	if p.Exams, err = s.store.PersonExams(ctx, o.PersonID); err != nil {
		return err
	}
	certs, _, err := s.store.Certificates(ctx, store.CertFilter{PersonID: o.PersonID, UnitIDs: a.Scope(), Page: store.Page{Limit: 100}})
	if err != nil {
		return err
	}
	p.Certs = certRows(certs, today, s.warnDays(ctx, today))
	for _, c := range certs {
		if c.Status.Active() {
			p.CanIssue = false // holds a valid certificate: renew or reissue it instead
		}
	}
	if p.CanRecords {
		if p.Records, err = s.store.OfficerRecords(ctx, o.PersonID); err != nil {
			return err
		}
	}
	if p.History, err = s.history(r, "officer", o.PersonID, nil); err != nil {
		return err
	}
	s.render(w, r, "cert_officer_show", p)
	return nil
}

func officerFromForm(r *http.Request, personID int64) certificate.Officer {
	return certificate.Officer{PersonID: personID, Establishment: certificate.Establishment(r.FormValue("establishment")),
		Education: strings.TrimSpace(r.FormValue("education")), LegalQualification: r.FormValue("legal_qualification") == "1",
		EnforcementPost: r.FormValue("enforcement_post") == "1", Version: int(formInt(r, "version"))}
}

func (s *Server) handleOfficerUpdate(w http.ResponseWriter, r *http.Request) error {
	o, err := s.visibleOfficer(r)
	if err != nil {
		return err
	}
	a := actorOf(r)
	if !a.CanEditUnitRecords(o.UnitID) {
		return denied(a)
	}
	in := officerFromForm(r, o.PersonID)
	saved := in
	if err := s.store.SaveOfficer(r.Context(), a.Audit(), &saved, strings.TrimSpace(r.FormValue("reason"))); err != nil {
		in.Name, in.UnitID, in.UnitName = o.Name, o.UnitID, o.UnitName
		return s.officerShow(w, r, o, in, err)
	}
	flash(w, "已保存执法人员信息")
	http.Redirect(w, r, fmt.Sprintf("/officers/%d", o.PersonID), http.StatusSeeOther)
	return nil
}

func (s *Server) handleOfficerTraining(w http.ResponseWriter, r *http.Request) error {
	o, err := s.visibleOfficer(r)
	if err != nil {
		return err
	}
	a := actorOf(r)
	if !a.CanEditUnitRecords(o.UnitID) {
		return denied(a)
	}
	year, hours, err := trainingInput(r.FormValue("year"), r.FormValue("hours"))
	if err == nil {
		err = s.store.SetTrainingHours(r.Context(), a.Audit(), o.PersonID, year, hours)
	}
	if err != nil {
		return s.officerShow(w, r, o, o, err)
	}
	flash(w, fmt.Sprintf("已记录 %d 年度培训 %d 学时", year, hours))
	http.Redirect(w, r, fmt.Sprintf("/officers/%d#training", o.PersonID), http.StatusSeeOther)
	return nil
}

// trainingInput parses a year and an hour count.
func trainingInput(y, h string) (int, int, error) {
	var f apperr.Fields
	year, err := strconv.Atoi(strings.TrimSpace(y))
	if err != nil || year < 2000 || year > 2100 {
		f.Add("year", "年度", "应为四位年份")
	}
	hours, err := strconv.Atoi(strings.TrimSpace(h))
	if err != nil {
		f.Add("hours", "培训学时", "应为整数")
	}
	return year, hours, f.Err()
}

func (s *Server) handleOfficerRecord(w http.ResponseWriter, r *http.Request) error {
	o, err := s.visibleOfficer(r)
	if err != nil {
		return err
	}
	rec := store.OfficerRecord{PersonID: o.PersonID, Kind: r.FormValue("kind"), OnDate: strings.TrimSpace(r.FormValue("on_date")),
		Note: strings.TrimSpace(r.FormValue("note"))}
	err = checkRecordDate(rec.OnDate)
	if err == nil {
		err = s.store.AddOfficerRecord(r.Context(), actorOf(r).Audit(), &rec)
	}
	if err != nil {
		return s.officerShow(w, r, o, o, err)
	}
	flash(w, "已登记记录")
	http.Redirect(w, r, fmt.Sprintf("/officers/%d#records", o.PersonID), http.StatusSeeOther)
	return nil
}

// checkRecordDate requires a real date (the store checks only presence).
func checkRecordDate(s string) error {
	if s == "" {
		return nil
	}
	var f apperr.Fields
	if _, err := calendar.ParseDate(s); err != nil {
		f.Add("on_date", "日期", err.Error())
	}
	return f.Err()
}

// ---------- registering a person as an officer ----------

type officerFormPage struct {
	basePage
	Units          []org.Unit
	UnitID         int64
	People         []org.Person // of the unit, not yet officers
	Officer        certificate.Officer
	Establishments []kindOption
	formState
}

func (s *Server) officerForm(w http.ResponseWriter, r *http.Request, o certificate.Officer, unitID int64, ferr error) error {
	ctx := r.Context()
	p := &officerFormPage{Officer: o, UnitID: unitID, Establishments: establishments()}
	if ferr != nil {
		if err := p.fail(w, ferr); err != nil {
			return err
		}
	}
	var err error
	if p.Units, err = s.editableUnits(r); err != nil {
		return err
	}
	if len(p.Units) == 1 {
		p.UnitID = p.Units[0].ID
	}
	if p.UnitID != 0 && actorOf(r).CanEditUnitRecords(p.UnitID) {
		people, _, err := s.store.People(ctx, store.PersonFilter{UnitID: p.UnitID, Status: org.Active, Page: store.Page{Limit: 500}})
		if err != nil {
			return err
		}
		officers, _, err := s.store.Officers(ctx, store.OfficerFilter{UnitID: p.UnitID, Page: store.Page{Limit: 500}})
		if err != nil {
			return err
		}
		known := map[int64]bool{}
		for _, o := range officers {
			known[o.PersonID] = true
		}
		for _, pe := range people {
			if !known[pe.ID] {
				p.People = append(p.People, pe)
			}
		}
	}
	s.render(w, r, "cert_officer_form", p)
	return nil
}

func (s *Server) handleOfficerNew(w http.ResponseWriter, r *http.Request) error {
	return s.officerForm(w, r, certificate.Officer{Establishment: certificate.Administrative, EnforcementPost: true},
		queryInt(r, "unit_id"), nil)
}

func (s *Server) handleOfficerCreate(w http.ResponseWriter, r *http.Request) error {
	a := actorOf(r)
	o := officerFromForm(r, formInt(r, "person_id"))
	o.Version = 0
	unitID := formInt(r, "unit_id")
	var err error
	if o.PersonID != 0 {
		var p org.Person
		p, err = s.store.Person(r.Context(), o.PersonID)
		switch {
		case err != nil && apperr.KindOf(err) != apperr.NotFound:
			return err
		case err != nil || !a.CanEditUnitRecords(p.UnitID):
			var f apperr.Fields
			f.Add("person_id", "人员", "您只能登记本单位的人员")
			err = f.Err()
		default:
			unitID = p.UnitID
			if _, oerr := s.store.Officer(r.Context(), o.PersonID); oerr == nil {
				var f apperr.Fields
				f.Add("person_id", "人员", p.Name+" 已是执法人员")
				err = f.Err()
			}
		}
	}
	if err == nil {
		err = s.store.SaveOfficer(r.Context(), a.Audit(), &o, strings.TrimSpace(r.FormValue("reason")))
	}
	if err != nil {
		return s.officerForm(w, r, o, unitID, err)
	}
	flash(w, "已登记执法人员“"+o.Name+"”")
	http.Redirect(w, r, fmt.Sprintf("/officers/%d", o.PersonID), http.StatusSeeOther)
	return nil
}
