package web

// Qualification exams: the sessions, a new session (its pass mark and
// validity come from the rule table as of the exam day), and one session
// with its registrations, the batch registration of a unit's officers and
// the legal affairs office's score entry.

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"fazhi/internal/apperr"
	"fazhi/internal/calendar"
	"fazhi/internal/certificate"
	"fazhi/internal/org"
	"fazhi/internal/rule"
	"fazhi/internal/store"
)

type examListPage struct {
	basePage
	Sessions  []store.ExamSession
	CanCreate bool
}

func (s *Server) handleExamList(w http.ResponseWriter, r *http.Request) error {
	sessions, err := s.store.ExamSessions(r.Context())
	if err != nil {
		return err
	}
	s.render(w, r, "cert_exam_list", &examListPage{Sessions: sessions, CanCreate: actorOf(r).SeesAll()})
	return nil
}

type examFormPage struct {
	basePage
	Name     string
	HeldOn   string
	PassRule *rule.Rule
	Validity *rule.Rule
	formState
}

func (s *Server) examForm(w http.ResponseWriter, r *http.Request, name, heldOn string, ferr error) error {
	p := &examFormPage{Name: name, HeldOn: heldOn}
	if ferr != nil {
		if err := p.fail(w, ferr); err != nil {
			return err
		}
	}
	asOf := s.today()
	if d, err := calendar.ParseDate(heldOn); err == nil {
		asOf = d
	}
	if rl, err := s.store.Rule(r.Context(), "certificate.exam_pass", asOf); err == nil {
		p.PassRule = &rl
	}
	if rl, err := s.store.Rule(r.Context(), "certificate.qualification_validity", asOf); err == nil {
		p.Validity = &rl
	}
	s.render(w, r, "cert_exam_form", p)
	return nil
}

func (s *Server) handleExamNew(w http.ResponseWriter, r *http.Request) error {
	return s.examForm(w, r, "", "", nil)
}

func (s *Server) handleExamCreate(w http.ResponseWriter, r *http.Request) error {
	var f apperr.Fields
	e := store.ExamSession{Name: strings.TrimSpace(r.FormValue("name"))}
	if d := formDate(r, "held_on", "考试日期", &f); d != nil {
		e.HeldOn = *d
	}
	err := f.Err()
	if err == nil {
		err = s.store.CreateExamSession(r.Context(), actorOf(r).Audit(), &e)
	}
	if err != nil {
		return s.examForm(w, r, r.FormValue("name"), r.FormValue("held_on"), err)
	}
	flash(w, "已新建考试“"+e.Name+"”，可以开始报名")
	http.Redirect(w, r, fmt.Sprintf("/exams/%d", e.ID), http.StatusSeeOther)
	return nil
}

// candidate is an officer the registration form offers.
type candidate struct {
	certificate.Officer
	Note string // 已持证, 不在编
}

type examShowPage struct {
	basePage
	Session       store.ExamSession
	Registrations []store.Registration
	Units         []org.Unit // units whose officers the actor may register
	UnitID        int64
	Candidates    []candidate
	Registered    int // of the chosen unit, already registered
	CanScore      bool
	Scores        map[string]string // entered scores after a failed submission
	formState
}

func (s *Server) examSession(r *http.Request) (store.ExamSession, error) {
	id, err := pathID(r)
	if err != nil {
		return store.ExamSession{}, err
	}
	return s.store.ExamSession(r.Context(), id)
}

func (s *Server) handleExamShow(w http.ResponseWriter, r *http.Request) error {
	e, err := s.examSession(r)
	if err != nil {
		return err
	}
	return s.examShow(w, r, e, queryInt(r, "unit_id"), nil)
}

func (s *Server) examShow(w http.ResponseWriter, r *http.Request, e store.ExamSession, unitID int64, ferr error) error {
	ctx := r.Context()
	a := actorOf(r)
	p := &examShowPage{Session: e, UnitID: unitID, CanScore: a.SeesAll(), Scores: map[string]string{}}
	if ferr != nil {
		if err := p.fail(w, ferr); err != nil {
			return err
		}
		for k, v := range r.PostForm {
			if strings.HasPrefix(k, "general_") || strings.HasPrefix(k, "special_") {
				p.Scores[k] = strings.Join(v, "")
			}
		}
	}
	var err error
	if p.Registrations, err = s.store.Registrations(ctx, e.ID, a.Scope()); err != nil {
		return err
	}
	if p.Units, err = s.editableUnits(r); err != nil {
		return err
	}
	if len(p.Units) == 1 {
		p.UnitID = p.Units[0].ID
	}
	if p.UnitID != 0 && a.CanEditUnitRecords(p.UnitID) {
		officers, _, err := s.store.Officers(ctx, store.OfficerFilter{UnitID: p.UnitID, Page: store.Page{Limit: 500}})
		if err != nil {
			return err
		}
		registered := map[int64]bool{}
		for _, reg := range p.Registrations {
			registered[reg.PersonID] = true
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
			switch {
			case registered[o.PersonID]:
				p.Registered++
			case o.PersonStatus == string(org.Active):
				c := candidate{Officer: o}
				if held[o.PersonID].Number != "" {
					c.Note = "已持证"
				} else if !o.Establishment.OnEstablishment() {
					c.Note = "不在编"
				}
				p.Candidates = append(p.Candidates, c)
			}
		}
	}
	s.render(w, r, "cert_exam_show", p)
	return nil
}

// registrants checks that the actor may register each person (their own
// unit's people for a clerk) and returns the ids.
func (s *Server) registrants(r *http.Request, ids []int64) ([]int64, error) {
	var f apperr.Fields
	if len(ids) == 0 {
		f.Add("person_id", "报名人员", "请至少选择一名人员")
		return nil, f.Err()
	}
	a := actorOf(r)
	for _, id := range ids {
		p, err := s.store.Person(r.Context(), id)
		if err != nil && apperr.KindOf(err) != apperr.NotFound {
			return nil, err
		}
		if err != nil || !a.CanEditUnitRecords(p.UnitID) {
			f.Add("person_id", "报名人员", fmt.Sprintf("人员 %d 不存在或不是您可以报名的本单位人员", id))
		}
	}
	return ids, f.Err()
}

func (s *Server) handleExamRegister(w http.ResponseWriter, r *http.Request) error {
	e, err := s.examSession(r)
	if err != nil {
		return err
	}
	r.ParseForm()
	var ids []int64
	for _, v := range r.PostForm["person_id"] {
		if id, err := strconv.ParseInt(v, 10, 64); err == nil && id > 0 {
			ids = append(ids, id)
		}
	}
	unitID := formInt(r, "unit_id")
	ids, err = s.registrants(r, ids)
	added := 0
	if err == nil {
		added, err = s.store.RegisterForExam(r.Context(), actorOf(r).Audit(), e.ID, ids)
	}
	if err != nil {
		return s.examShow(w, r, e, unitID, err)
	}
	msg := fmt.Sprintf("已报名 %d 人", added)
	if skipped := len(ids) - added; skipped > 0 {
		msg += fmt.Sprintf("（%d 人此前已报名，未重复登记）", skipped)
	}
	flash(w, msg)
	http.Redirect(w, r, fmt.Sprintf("/exams/%d?unit_id=%d#registrations", e.ID, unitID), http.StatusSeeOther)
	return nil
}

// handleExamScores records the scores typed into the registrations table:
// rows left blank or unchanged are skipped; rows with errors are reported
// by name and the others are saved.
func (s *Server) handleExamScores(w http.ResponseWriter, r *http.Request) error {
	e, err := s.examSession(r)
	if err != nil {
		return err
	}
	ctx := r.Context()
	regs, err := s.store.Registrations(ctx, e.ID, nil)
	if err != nil {
		return err
	}
	var f apperr.Fields
	saved := 0
	for _, reg := range regs {
		gk, sk := fmt.Sprintf("general_%d", reg.ID), fmt.Sprintf("special_%d", reg.ID)
		gv, sv := strings.TrimSpace(r.FormValue(gk)), strings.TrimSpace(r.FormValue(sk))
		if gv == "" && sv == "" {
			continue
		}
		g, gerr := strconv.Atoi(gv)
		sp, serr := strconv.Atoi(sv)
		if gerr != nil || serr != nil {
			f.Add(gk, reg.Name, "两项成绩都应填写为 0 至 100 的整数")
			continue
		}
		if reg.GeneralScore != nil && reg.SpecialScore != nil && *reg.GeneralScore == g && *reg.SpecialScore == sp {
			continue
		}
		if _, err := s.store.RecordScores(ctx, actorOf(r).Audit(), reg.ID, g, sp); err != nil {
			if apperr.KindOf(err) != apperr.Invalid {
				return err
			}
			f.Add(gk, reg.Name, "成绩应在 0 至 100 之间")
			continue
		}
		saved++
	}
	if err := f.Err(); err != nil {
		if saved > 0 {
			err = &apperr.Error{Kind: apperr.Invalid, Message: fmt.Sprintf("已保存 %d 人的成绩；以下 %d 人的成绩有误，未保存", saved, len(f)), Fields: f}
		}
		e, _ = s.store.ExamSession(ctx, e.ID)
		return s.examShow(w, r, e, 0, err)
	}
	flash(w, fmt.Sprintf("已录入 %d 人的成绩，合格与否按本场考试的合格分数线 %d 分判定", saved, e.PassMark))
	http.Redirect(w, r, fmt.Sprintf("/exams/%d#registrations", e.ID), http.StatusSeeOther)
	return nil
}
