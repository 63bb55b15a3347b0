package web

// The legal review JSON API under /api/v1: what the pages do, over the
// same access checks. Submissions and resubmissions take their documents
// as multipart/form-data (fields as in the form, files named
// file_<kind>), or as JSON with base64 contents for small packages.

import (
	"net/http"
	"strings"

	"fazhi/internal/account"
	"fazhi/internal/apperr"
	"fazhi/internal/calendar"
	"fazhi/internal/legalreview"
	"fazhi/internal/store"
)

func isMultipart(r *http.Request) bool {
	return strings.HasPrefix(r.Header.Get("Content-Type"), "multipart/form-data")
}

func (s *Server) apiLRList(w http.ResponseWriter, r *http.Request) error {
	today := s.today()
	f, err := s.legalReviewFilterOf(r, today)
	if err != nil {
		return err
	}
	found, total, err := s.store.LegalReviews(r.Context(), f)
	if err != nil {
		return err
	}
	rows, err := s.reviewRows(r.Context(), found, today)
	if err != nil {
		return err
	}
	out := make([]lrJSON, len(rows))
	for i, x := range rows {
		out[i] = lrJSON(x)
	}
	return writeJSON(w, http.StatusOK, list[lrJSON]{out, total, f.Page.Limit, f.Page.Offset})
}

// lrJSON is a review with its running clock.
type lrJSON struct {
	legalreview.Submission
	Clock *clock `json:"clock,omitempty"`
}

func (s *Server) apiLRCreate(w http.ResponseWriter, r *http.Request) error {
	var in store.SubmitInput
	if isMultipart(r) {
		ups, err := uploadsOf(r)
		if err != nil {
			return err
		}
		var f apperr.Fields
		in = store.SubmitInput{CaseID: formInt(r, "case_id"), Uploads: ups, DecisionOn: formDay(r, "decision_on", "拟作出决定日期", &f)}
		if err := f.Err(); err != nil {
			return err
		}
	} else if err := decode(r, &in); err != nil {
		return err
	}
	if in.On.IsZero() {
		in.On = s.today()
	}
	rv, err := s.store.SubmitReview(r.Context(), actorOf(r), in)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusCreated, rv)
}

func (s *Server) apiLRRequirement(w http.ResponseWriter, r *http.Request) error {
	id := queryInt(r, "case_id")
	if id == 0 {
		var f apperr.Fields
		f.Add("case_id", "案件", "请给出 case_id")
		return f.Err()
	}
	c, err := s.visibleCase(r.Context(), actorOf(r), id)
	if err != nil {
		return err
	}
	on := s.today()
	if v := r.URL.Query().Get("date"); v != "" {
		if on, err = calendar.ParseDate(v); err != nil {
			var f apperr.Fields
			f.Add("date", "日期", err.Error())
			return f.Err()
		}
	}
	req, err := s.store.CaseRequirement(r.Context(), c.ID, on)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, map[string]any{"requirement": req, "review_required": req.ReviewRequired(),
		"reasons": items(req.Reasons()), "approval_required": req.ApprovalRequired(), "approval_reasons": items(req.ApprovalReasons()),
		"required_materials": legalreview.RequiredMaterials(legalreview.FactsOf(c, req.Flags))})
}

func (s *Server) apiLRFlags(w http.ResponseWriter, r *http.Request) error {
	var in struct {
		legalreview.CaseFlags
		Reason string `json:"reason"`
	}
	if err := decode(r, &in); err != nil {
		return err
	}
	if in.CaseID == 0 {
		var f apperr.Fields
		f.Add("case_id", "案件", "请选择案件")
		return f.Err()
	}
	a := actorOf(r)
	if _, err := s.visibleCase(r.Context(), a, in.CaseID); err != nil {
		return err
	}
	if !a.Has(account.Clerk, account.Leader) {
		return apperr.New(apperr.Forbidden, "审核情形由承办单位的经办人或负责人登记")
	}
	fl := in.CaseFlags
	if err := s.store.SaveCaseFlags(r.Context(), a.Audit(), &fl, strings.TrimSpace(in.Reason)); err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, fl)
}

func (s *Server) apiLRPool(w http.ResponseWriter, r *http.Request) error {
	a := actorOf(r)
	f := store.PoolFilter{Query: r.URL.Query().Get("q"), UnitID: queryInt(r, "unit_id"), UnitIDs: a.Scope(), Page: pageOf(r)}
	if err := scopedUnit(a, f.UnitID); err != nil {
		return err
	}
	members, total, err := s.store.Pool(r.Context(), f)
	if err != nil {
		return err
	}
	scope := a.Scope()
	if f.UnitID != 0 {
		scope = []int64{f.UnitID}
	}
	staffing, share, err := s.store.ReviewStaffing(r.Context(), scope, s.today())
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, map[string]any{"items": items(members), "total": total, "limit": f.Page.Limit,
		"offset": f.Page.Offset, "staffing": items(staffing), "share_rule": share})
}

func (s *Server) apiLRPoolSave(w http.ResponseWriter, r *http.Request) error {
	var in struct {
		PersonID     int64         `json:"person_id"`
		Since        calendar.Date `json:"since"`
		Active       bool          `json:"active"`
		PriorReviews *int          `json:"prior_reviews"`
		Note         string        `json:"note"`
		Version      int           `json:"version"`
		Reason       string        `json:"reason"`
	}
	if err := decode(r, &in); err != nil {
		return err
	}
	if in.PersonID == 0 {
		var f apperr.Fields
		f.Add("person_id", "人员", "请选择人员")
		return f.Err()
	}
	a := actorOf(r)
	p, err := s.store.Person(r.Context(), in.PersonID)
	if err != nil || !a.CanEditUnitRecords(p.UnitID) {
		return apperr.New(apperr.NotFound, "人员不存在或您无权登记")
	}
	m := legalreview.PoolMember{PersonID: in.PersonID, Since: in.Since, Active: in.Active, Note: in.Note, Version: in.Version}
	if cur, err := s.store.PoolMember(r.Context(), in.PersonID); err == nil {
		m.PriorReviews = cur.PriorReviews
	}
	if in.PriorReviews != nil {
		if !a.SeesAll() {
			return apperr.New(apperr.Forbidden, "此前审核件数由法制办登记")
		}
		m.PriorReviews = *in.PriorReviews
	}
	if err := s.store.SavePoolMember(r.Context(), a.Audit(), &m, strings.TrimSpace(in.Reason)); err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, m)
}

func (s *Server) apiLRShow(w http.ResponseWriter, r *http.Request) error {
	rv, _, err := s.visibleReview(r)
	if err != nil {
		return err
	}
	rounds, err := s.store.ReviewRounds(r.Context(), rv.ID)
	if err != nil {
		return err
	}
	timers, err := s.store.RunningTimers(r.Context(), []int64{rv.ItemID})
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, map[string]any{"review": rv, "rounds": items(rounds),
		"clocks": items(clocksOf(timers[rv.ItemID], legalreview.Flow, s.today()))})
}

func (s *Server) apiLRCandidates(w http.ResponseWriter, r *http.Request) error {
	rv, _, err := s.visibleReview(r)
	if err != nil {
		return err
	}
	if !actorOf(r).CanViewUnitRecords(rv.UnitID) {
		return apperr.New(apperr.NotFound, "法制审核记录不存在或您无权查看")
	}
	cs, err := s.store.ReviewCandidates(r.Context(), rv.ID)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, list[store.Candidate]{items(cs), len(cs), len(cs), 0})
}

func (s *Server) apiLRAssign(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	var in store.AssignInput
	if err := decode(r, &in); err != nil {
		return err
	}
	rv, err := s.store.AssignReviewer(r.Context(), actorOf(r), id, in)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, rv)
}

func (s *Server) apiLROpinion(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	var in store.OpinionInput
	if err := decode(r, &in); err != nil {
		return err
	}
	rv, err := s.store.GiveOpinion(r.Context(), actorOf(r), id, in)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, rv)
}

func (s *Server) apiLRResubmit(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	var in store.ResubmitInput
	if isMultipart(r) {
		ups, err := uploadsOf(r)
		if err != nil {
			return err
		}
		var f apperr.Fields
		in = store.ResubmitInput{Version: int(formInt(r, "version")), Note: r.FormValue("note"), Uploads: ups,
			On: formDay(r, "on", "提交日期", &f)}
		if err := f.Err(); err != nil {
			return err
		}
	} else if err := decode(r, &in); err != nil {
		return err
	}
	rv, err := s.store.Resubmit(r.Context(), actorOf(r), id, in)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, rv)
}

func (s *Server) apiLRAct(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	var in store.ActInput
	if err := decode(r, &in); err != nil {
		return err
	}
	rv, err := s.store.ActOnReview(r.Context(), actorOf(r), id, in)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, rv)
}

// ---------- approvals ----------

func (s *Server) apiApprovalList(w http.ResponseWriter, r *http.Request) error {
	f, err := approvalFilterOf(r)
	if err != nil {
		return err
	}
	found, total, err := s.store.Approvals(r.Context(), f)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, list[legalreview.ApprovalRequest]{items(found), total, f.Page.Limit, f.Page.Offset})
}

func (s *Server) apiApprovalCreate(w http.ResponseWriter, r *http.Request) error {
	var in store.ApprovalInput
	if err := decode(r, &in); err != nil {
		return err
	}
	if in.On.IsZero() {
		in.On = s.today()
	}
	a, err := s.store.DraftApproval(r.Context(), actorOf(r), in)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusCreated, a)
}

func (s *Server) apiApprovalShow(w http.ResponseWriter, r *http.Request) error {
	a, err := s.visibleApproval(r)
	if err != nil {
		return err
	}
	timers, err := s.store.RunningTimers(r.Context(), []int64{a.ItemID})
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, map[string]any{"approval": a,
		"clocks": items(clocksOf(timers[a.ItemID], legalreview.ApprovalFlow, s.today()))})
}

func (s *Server) apiApprovalAct(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	var in store.ApprovalActInput
	if err := decode(r, &in); err != nil {
		return err
	}
	a, err := s.store.ActOnApproval(r.Context(), actorOf(r), id, in)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, a)
}
