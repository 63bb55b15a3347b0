package web

// The certificate JSON API under /api/v1: what the pages do, over the
// same access checks, plus the entitlement service other areas ask.

import (
	"net/http"
	"strings"

	"fazhi/internal/apperr"
	"fazhi/internal/calendar"
	"fazhi/internal/certificate"
	"fazhi/internal/store"
)

// ---------- certificates ----------

func (s *Server) apiCertList(w http.ResponseWriter, r *http.Request) error {
	today := s.today()
	f, _, err := s.certFilterOf(r, today, s.warnDays(r.Context(), today))
	if err != nil {
		return err
	}
	certs, total, err := s.store.Certificates(r.Context(), f)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, list[certificate.Certificate]{items(certs), total, f.Page.Limit, f.Page.Offset})
}

func (s *Server) apiCertShow(w http.ResponseWriter, r *http.Request) error {
	c, err := s.visibleCert(r)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, c)
}

// certInput is what the API accepts to issue a certificate; the number,
// the issuer and (when left out) the validity come from the rule table.
type certInput struct {
	PersonID    int64                   `json:"person_id"`
	UnitID      int64                   `json:"unit_id"`
	Area        string                  `json:"area"`
	Categories  []string                `json:"categories"`
	PowerSource certificate.PowerSource `json:"power_source"`
	IssuedOn    calendar.Date           `json:"issued_on"`
	ValidUntil  calendar.Date           `json:"valid_until"`
}

func (s *Server) apiCertIssue(w http.ResponseWriter, r *http.Request) error {
	var in certInput
	if err := decode(r, &in); err != nil {
		return err
	}
	var cats []string
	for _, c := range in.Categories {
		cats = append(cats, certificate.SplitCategories(c)...)
	}
	c := certificate.Certificate{PersonID: in.PersonID, UnitID: in.UnitID, Area: strings.TrimSpace(in.Area), Categories: cats,
		PowerSource: in.PowerSource, IssuedOn: in.IssuedOn, ValidUntil: in.ValidUntil}
	if err := s.store.IssueCertificate(r.Context(), actorOf(r).Audit(), &c); err != nil {
		return err
	}
	return writeJSON(w, http.StatusCreated, c)
}

func (s *Server) apiCertStatus(w http.ResponseWriter, r *http.Request) error {
	c, err := s.visibleCert(r)
	if err != nil {
		return err
	}
	var in struct {
		Action    certificate.Action `json:"action"`
		Version   int                `json:"version"`
		On        calendar.Date      `json:"on"`
		Reason    string             `json:"reason"`
		NewUnitID int64              `json:"new_unit_id"`
	}
	if err := decode(r, &in); err != nil {
		return err
	}
	if in.Action == "" {
		var f apperr.Fields
		f.Add("action", "操作", "应为 "+actionNames()+" 之一")
		return f.Err()
	}
	successor, err := s.store.ChangeStatus(r.Context(), actorOf(r).Audit(), c.ID, store.StatusRequest{Action: in.Action,
		Version: in.Version, On: in.On, Reason: strings.TrimSpace(in.Reason), NewUnitID: in.NewUnitID})
	if err != nil {
		return err
	}
	now, err := s.store.Certificate(r.Context(), c.ID)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, map[string]any{"certificate": now, "successor": successor})
}

func actionNames() string {
	var names []string
	for _, t := range certificate.Transitions {
		if t.Action != certificate.Expire {
			names = append(names, string(t.Action)+"（"+t.Label+"）")
		}
	}
	return strings.Join(names, "、")
}

func (s *Server) apiCertStatuses(w http.ResponseWriter, r *http.Request) error {
	c, err := s.visibleCert(r)
	if err != nil {
		return err
	}
	h, err := s.store.StatusHistory(r.Context(), c.ID)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, list[certificate.StatusChange]{items(h), len(h), len(h), 0})
}

func (s *Server) apiCertStats(w http.ResponseWriter, r *http.Request) error {
	a := actorOf(r)
	today := s.today()
	year, unit := queryYear(r, today.Year), queryInt(r, "unit_id")
	if err := scopedUnit(a, unit); err != nil {
		return err
	}
	scope := a.Scope()
	if unit != 0 {
		scope = []int64{unit}
	}
	rows, tot, err := s.store.CertStats(r.Context(), year, scope, today)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, map[string]any{"year": year, "units": items(rows), "totals": tot})
}

// ---------- officers ----------

// officerJSON is an officer with the valid certificate they hold.
type officerJSON struct {
	certificate.Officer
	Certificate string         `json:"certificate,omitempty"`
	ValidUntil  *calendar.Date `json:"certificate_valid_until,omitempty"`
}

func (s *Server) apiOfficerList(w http.ResponseWriter, r *http.Request) error {
	f, err := officerFilterOf(r)
	if err != nil {
		return err
	}
	officers, total, err := s.store.Officers(r.Context(), f)
	if err != nil {
		return err
	}
	rows, err := s.officerRows(r.Context(), officers)
	if err != nil {
		return err
	}
	out := make([]officerJSON, len(rows))
	for i, o := range rows {
		out[i] = officerJSON{Officer: o.Officer, Certificate: o.Cert.Number}
		if o.Cert.Number != "" {
			d := o.Cert.ValidUntil
			out[i].ValidUntil = &d
		}
	}
	return writeJSON(w, http.StatusOK, list[officerJSON]{out, total, f.Page.Limit, f.Page.Offset})
}

func (s *Server) apiOfficerShow(w http.ResponseWriter, r *http.Request) error {
	o, err := s.visibleOfficer(r)
	if err != nil {
		return err
	}
	ctx := r.Context()
	training, err := s.store.TrainingYears(ctx, o.PersonID)
	if err != nil {
		return err
	}
	exams, err := s.store.PersonExams(ctx, o.PersonID)
	if err != nil {
		return err
	}
	certs, _, err := s.store.Certificates(ctx, store.CertFilter{PersonID: o.PersonID, UnitIDs: actorOf(r).Scope(), Page: store.Page{Limit: 100}})
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, map[string]any{"officer": o, "training_hours": items(training), "exams": items(exams),
		"certificates": items(certs)})
}

// apiOfficerSave registers a person as an officer or changes the record
// (with the version the caller saw).
func (s *Server) apiOfficerSave(w http.ResponseWriter, r *http.Request) error {
	p, err := s.visiblePerson(r)
	if err != nil {
		return err
	}
	a := actorOf(r)
	if !a.CanEditUnitRecords(p.UnitID) {
		return denied(a)
	}
	var in struct {
		Establishment      certificate.Establishment `json:"establishment"`
		Education          string                    `json:"education"`
		LegalQualification bool                      `json:"legal_qualification"`
		EnforcementPost    bool                      `json:"enforcement_post"`
		Version            int                       `json:"version"`
		Reason             string                    `json:"reason"`
	}
	if err := decode(r, &in); err != nil {
		return err
	}
	o := certificate.Officer{PersonID: p.ID, Establishment: in.Establishment, Education: strings.TrimSpace(in.Education),
		LegalQualification: in.LegalQualification, EnforcementPost: in.EnforcementPost, Version: in.Version}
	if err := s.store.SaveOfficer(r.Context(), a.Audit(), &o, strings.TrimSpace(in.Reason)); err != nil {
		return err
	}
	status := http.StatusOK
	if o.Version == 1 {
		status = http.StatusCreated
	}
	return writeJSON(w, status, o)
}

func (s *Server) apiOfficerTraining(w http.ResponseWriter, r *http.Request) error {
	o, err := s.visibleOfficer(r)
	if err != nil {
		return err
	}
	a := actorOf(r)
	if !a.CanEditUnitRecords(o.UnitID) {
		return denied(a)
	}
	var in struct {
		Year  *int `json:"year"`
		Hours *int `json:"hours"`
	}
	if err := decode(r, &in); err != nil {
		return err
	}
	var f apperr.Fields
	if in.Year == nil || *in.Year < 2000 || *in.Year > 2100 {
		f.Add("year", "年度", "应为四位年份")
	}
	if in.Hours == nil {
		f.Add("hours", "培训学时", "必填项为空")
	}
	if err := f.Err(); err != nil {
		return err
	}
	if err := s.store.SetTrainingHours(r.Context(), a.Audit(), o.PersonID, *in.Year, *in.Hours); err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, store.YearHours{Year: *in.Year, Hours: *in.Hours})
}

func (s *Server) apiOfficerRecord(w http.ResponseWriter, r *http.Request) error {
	p, err := s.visiblePerson(r)
	if err != nil {
		return err
	}
	var in struct {
		Kind   string `json:"kind"`
		OnDate string `json:"on_date"`
		Note   string `json:"note"`
	}
	if err := decode(r, &in); err != nil {
		return err
	}
	if err := checkRecordDate(strings.TrimSpace(in.OnDate)); err != nil {
		return err
	}
	rec := store.OfficerRecord{PersonID: p.ID, Kind: in.Kind, OnDate: strings.TrimSpace(in.OnDate), Note: strings.TrimSpace(in.Note)}
	if err := s.store.AddOfficerRecord(r.Context(), actorOf(r).Audit(), &rec); err != nil {
		return err
	}
	return writeJSON(w, http.StatusCreated, rec)
}

// ---------- exams ----------

func (s *Server) apiExamList(w http.ResponseWriter, r *http.Request) error {
	sessions, err := s.store.ExamSessions(r.Context())
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, list[store.ExamSession]{items(sessions), len(sessions), len(sessions), 0})
}

func (s *Server) apiExamCreate(w http.ResponseWriter, r *http.Request) error {
	var in struct {
		Name   string        `json:"name"`
		HeldOn calendar.Date `json:"held_on"`
	}
	if err := decode(r, &in); err != nil {
		return err
	}
	e := store.ExamSession{Name: in.Name, HeldOn: in.HeldOn}
	if err := s.store.CreateExamSession(r.Context(), actorOf(r).Audit(), &e); err != nil {
		return err
	}
	return writeJSON(w, http.StatusCreated, e)
}

func (s *Server) apiExamRegistrations(w http.ResponseWriter, r *http.Request) error {
	e, err := s.examSession(r)
	if err != nil {
		return err
	}
	regs, err := s.store.Registrations(r.Context(), e.ID, actorOf(r).Scope())
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, list[store.Registration]{items(regs), len(regs), len(regs), 0})
}

func (s *Server) apiExamRegister(w http.ResponseWriter, r *http.Request) error {
	e, err := s.examSession(r)
	if err != nil {
		return err
	}
	var in struct {
		PersonIDs []int64 `json:"person_ids"`
	}
	if err := decode(r, &in); err != nil {
		return err
	}
	ids, err := s.registrants(r, in.PersonIDs)
	if err != nil {
		return err
	}
	added, err := s.store.RegisterForExam(r.Context(), actorOf(r).Audit(), e.ID, ids)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, map[string]any{"added": added, "skipped": len(ids) - added})
}

func (s *Server) apiExamScore(w http.ResponseWriter, r *http.Request) error {
	e, err := s.examSession(r)
	if err != nil {
		return err
	}
	var in struct {
		RegistrationID int64 `json:"registration_id"`
		GeneralScore   *int  `json:"general_score"`
		SpecialScore   *int  `json:"special_score"`
	}
	if err := decode(r, &in); err != nil {
		return err
	}
	var f apperr.Fields
	if in.RegistrationID == 0 {
		f.Add("registration_id", "报名记录", "必填项为空")
	}
	if in.GeneralScore == nil {
		f.Add("general_score", "通用法律知识成绩", "必填项为空")
	}
	if in.SpecialScore == nil {
		f.Add("special_score", "专门法律知识成绩", "必填项为空")
	}
	if err := f.Err(); err != nil {
		return err
	}
	regs, err := s.store.Registrations(r.Context(), e.ID, nil)
	if err != nil {
		return err
	}
	found := false
	for _, reg := range regs {
		found = found || reg.ID == in.RegistrationID
	}
	if !found {
		return apperr.New(apperr.NotFound, "本场考试中不存在该报名记录")
	}
	reg, err := s.store.RecordScores(r.Context(), actorOf(r).Audit(), in.RegistrationID, *in.GeneralScore, *in.SpecialScore)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, reg)
}

// ---------- reviews ----------

func (s *Server) apiReviewList(w http.ResponseWriter, r *http.Request) error {
	f, err := reviewFilterOf(r, s.today())
	if err != nil {
		return err
	}
	reviews, total, err := s.store.AnnualReviews(r.Context(), f)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, list[store.AnnualReview]{items(reviews), total, f.Page.Limit, f.Page.Offset})
}

func (s *Server) apiReviewRun(w http.ResponseWriter, r *http.Request) error {
	var in struct {
		UnitID int64         `json:"unit_id"`
		Year   int           `json:"year"`
		Batch  string        `json:"batch"`
		On     calendar.Date `json:"on"`
	}
	if err := decode(r, &in); err != nil {
		return err
	}
	a := actorOf(r)
	var f apperr.Fields
	if in.UnitID == 0 {
		f.Add("unit_id", "执法单位", "必填项为空")
	} else if !a.CanEditUnitRecords(in.UnitID) {
		f.Add("unit_id", "执法单位", "您只能为本单位办理年审")
	}
	if in.Year < 2000 || in.Year > 2100 {
		f.Add("year", "年审年度", "应为四位年份")
	}
	if err := f.Err(); err != nil {
		return err
	}
	if in.On.IsZero() {
		in.On = s.today()
	}
	done, err := s.store.RunAnnualReview(r.Context(), a.Audit(), in.UnitID, in.Year, strings.TrimSpace(in.Batch), in.On)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, list[store.AnnualReview]{items(done), len(done), len(done), 0})
}

// ---------- anomalies ----------

func (s *Server) apiAnomalyList(w http.ResponseWriter, r *http.Request) error {
	f, err := anomalyFilterOf(r)
	if err != nil {
		return err
	}
	list_, total, err := s.store.Anomalies(r.Context(), f)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, list[store.Anomaly]{items(list_), total, f.Page.Limit, f.Page.Offset})
}

func (s *Server) apiAnomalyCounts(w http.ResponseWriter, r *http.Request) error {
	a := actorOf(r)
	year := queryYear(r, s.today().Year)
	byRule, byUnit, err := s.store.AnomalyCounts(r.Context(), year, a.Scope())
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, map[string]any{"year": year, "by_rule": items(byRule), "by_unit": items(byUnit)})
}

func (s *Server) apiAnomalyDetect(w http.ResponseWriter, r *http.Request) error {
	var in struct {
		Year int `json:"year"`
	}
	if err := decode(r, &in); err != nil {
		return err
	}
	if in.Year < 2000 || in.Year > 2100 {
		var f apperr.Fields
		f.Add("year", "检测年度", "应为四位年份")
		return f.Err()
	}
	n, err := s.store.DetectAnomalies(r.Context(), actorOf(r).Audit(), in.Year, s.today())
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, map[string]any{"year": in.Year, "added": n})
}

func (s *Server) apiAnomalyHandle(w http.ResponseWriter, r *http.Request) error {
	an, err := s.visibleAnomaly(r)
	if err != nil {
		return err
	}
	a := actorOf(r)
	if !a.CanEditUnitRecords(an.UnitID) {
		return denied(a)
	}
	var in struct {
		Version     int                    `json:"version"`
		Resolution  certificate.Resolution `json:"resolution"`
		Explanation string                 `json:"explanation"`
	}
	if err := decode(r, &in); err != nil {
		return err
	}
	out, err := s.store.HandleAnomaly(r.Context(), a.Audit(), an.ID, in.Version, in.Resolution, strings.TrimSpace(in.Explanation), s.today())
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, out)
}

func (s *Server) apiAnomalyConfirm(w http.ResponseWriter, r *http.Request) error {
	an, err := s.visibleAnomaly(r)
	if err != nil {
		return err
	}
	var in struct {
		Version int    `json:"version"`
		Accept  bool   `json:"accept"`
		Comment string `json:"comment"`
	}
	if err := decode(r, &in); err != nil {
		return err
	}
	out, err := s.store.ConfirmAnomaly(r.Context(), actorOf(r).Audit(), an.ID, in.Version, in.Accept, strings.TrimSpace(in.Comment), s.today())
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, out)
}

// ---------- entitlement ----------

// apiEntitlement answers "was person entitled to act on matter for unit
// on date?" with the reason; staff may ask about their own unit.
func (s *Server) apiEntitlement(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	var f apperr.Fields
	person, unit := queryInt(r, "person_id"), queryInt(r, "unit_id")
	if person <= 0 {
		f.Add("person_id", "人员", "必填项为空")
	}
	if unit <= 0 {
		f.Add("unit_id", "执法单位", "必填项为空")
	}
	d := s.today()
	if v := q.Get("date"); v != "" {
		var err error
		if d, err = calendar.ParseDate(v); err != nil {
			f.Add("date", "执法日期", err.Error())
		}
	}
	if err := f.Err(); err != nil {
		return err
	}
	if !actorOf(r).CanViewUnitRecords(unit) {
		return apperr.New(apperr.NotFound, "该单位不存在或您无权查询该单位的执法资格")
	}
	e, err := s.store.Entitled(r.Context(), person, unit, strings.TrimSpace(q.Get("matter")), d)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, e)
}
