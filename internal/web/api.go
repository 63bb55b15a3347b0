package web

import (
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"strconv"

	"fazhi/internal/account"
	"fazhi/internal/apperr"
	"fazhi/internal/audit"
	"fazhi/internal/calendar"
	"fazhi/internal/org"
	"fazhi/internal/rule"
	"fazhi/internal/store"
)

// list is the envelope of every list response.
type list[T any] struct {
	Items  []T `json:"items"`
	Total  int `json:"total"`
	Limit  int `json:"limit"`
	Offset int `json:"offset"`
}

func writeJSON(w http.ResponseWriter, status int, v any) error {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	return json.NewEncoder(w).Encode(v)
}

// decode reads a JSON body strictly: unknown fields are an error, so a
// misspelt field never silently does nothing.
func decode(r *http.Request, v any) error {
	dec := json.NewDecoder(io.LimitReader(r.Body, 1<<20))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		var f apperr.Fields
		var typeErr *json.UnmarshalTypeError
		switch {
		case errors.As(err, &typeErr):
			f.Add(typeErr.Field, typeErr.Field, "类型应为 "+typeErr.Type.String())
		default:
			f.Add("body", "请求体", "不是有效的 JSON："+err.Error())
		}
		return f.Err()
	}
	return nil
}

func items[T any](v []T) []T {
	if v == nil {
		return []T{}
	}
	return v
}

func (s *Server) apiLogin(w http.ResponseWriter, r *http.Request) error {
	var in struct {
		Username string `json:"username"`
		Password string `json:"password"`
	}
	if err := decode(r, &in); err != nil {
		return err
	}
	u, csrf, err := s.login(w, r, in.Username, in.Password)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, map[string]any{"user": u, "csrf_token": csrf})
}

func (s *Server) apiLogout(w http.ResponseWriter, r *http.Request) error {
	if err := s.logout(w, r); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}

func (s *Server) apiMe(w http.ResponseWriter, r *http.Request) error {
	u, err := s.store.User(r.Context(), actorOf(r).UserID)
	if err != nil {
		return err
	}
	sess, _ := sessionOf(r)
	return writeJSON(w, http.StatusOK, map[string]any{"user": u, "csrf_token": sess.CSRF})
}

func (s *Server) apiUnitList(w http.ResponseWriter, r *http.Request) error {
	f := unitFilterOf(r)
	units, total, err := s.store.Units(r.Context(), f)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, list[org.Unit]{items(units), total, f.Page.Limit, f.Page.Offset})
}

func (s *Server) apiUnitShow(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	u, err := s.store.Unit(r.Context(), id)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, u)
}

// unitInput is what the API accepts for a unit.
type unitInput struct {
	org.Unit
	Reason string `json:"reason"`
}

func (s *Server) apiUnitCreate(w http.ResponseWriter, r *http.Request) error {
	var in unitInput
	if err := decode(r, &in); err != nil {
		return err
	}
	u := in.Unit
	u.ID = 0
	if err := s.store.CreateUnit(r.Context(), actorOf(r).Audit(), &u); err != nil {
		return err
	}
	return writeJSON(w, http.StatusCreated, u)
}

func (s *Server) apiUnitUpdate(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	var in unitInput
	if err := decode(r, &in); err != nil {
		return err
	}
	u := in.Unit
	u.ID = id
	if err := s.store.UpdateUnit(r.Context(), actorOf(r).Audit(), &u, in.Reason); err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, u)
}

func (s *Server) apiHistory(w http.ResponseWriter, r *http.Request, kind string, id int64, maskID bool) error {
	events, err := s.store.History(r.Context(), kind, id)
	if err != nil {
		return err
	}
	if maskID {
		for i := range events {
			events[i].Before, events[i].After = maskJSONID(events[i].Before), maskJSONID(events[i].After)
		}
	}
	return writeJSON(w, http.StatusOK, list[audit.Event]{items(events), len(events), len(events), 0})
}

func (s *Server) apiUnitHistory(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	if _, err := s.store.Unit(r.Context(), id); err != nil {
		return err
	}
	return s.apiHistory(w, r, "unit", id, false)
}

func (s *Server) apiPersonList(w http.ResponseWriter, r *http.Request) error {
	f := personFilterOf(r)
	people, total, err := s.store.People(r.Context(), f)
	if err != nil {
		return err
	}
	a := actorOf(r)
	for i := range people {
		if !a.CanSeeResidentID(people[i].UnitID) {
			people[i].ResidentID = people[i].MaskedResidentID()
		}
	}
	return writeJSON(w, http.StatusOK, list[org.Person]{items(people), total, f.Page.Limit, f.Page.Offset})
}

func (s *Server) apiPersonShow(w http.ResponseWriter, r *http.Request) error {
	p, err := s.visiblePerson(r)
	if err != nil {
		return err
	}
	if !actorOf(r).CanSeeResidentID(p.UnitID) {
		p.ResidentID = p.MaskedResidentID()
	}
	return writeJSON(w, http.StatusOK, p)
}

type personInput struct {
	org.Person
	Reason string `json:"reason"`
}

func (s *Server) apiPersonCreate(w http.ResponseWriter, r *http.Request) error {
	var in personInput
	if err := decode(r, &in); err != nil {
		return err
	}
	p := in.Person
	p.ID = 0
	if err := checkPersonUnit(r, p.UnitID); err != nil {
		return err
	}
	if err := s.store.CreatePerson(r.Context(), actorOf(r).Audit(), &p); err != nil {
		return err
	}
	return writeJSON(w, http.StatusCreated, p)
}

func (s *Server) apiPersonUpdate(w http.ResponseWriter, r *http.Request) error {
	old, err := s.visiblePerson(r)
	if err != nil {
		return err
	}
	if !actorOf(r).CanEditUnitRecords(old.UnitID) {
		return denied(actorOf(r))
	}
	var in personInput
	if err := decode(r, &in); err != nil {
		return err
	}
	p := in.Person
	p.ID = old.ID
	if err := checkPersonUnit(r, p.UnitID); err != nil {
		return err
	}
	if err := s.store.UpdatePerson(r.Context(), actorOf(r).Audit(), &p, in.Reason); err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, p)
}

func (s *Server) apiPersonHistory(w http.ResponseWriter, r *http.Request) error {
	p, err := s.visiblePerson(r)
	if err != nil {
		return err
	}
	return s.apiHistory(w, r, "person", p.ID, !actorOf(r).CanSeeResidentID(p.UnitID))
}

func (s *Server) apiRuleList(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	if key := q.Get("key"); key != "" {
		d := calendar.BeijingDate(s.store.Now())
		if v := q.Get("date"); v != "" {
			var err error
			if d, err = calendar.ParseDate(v); err != nil {
				var f apperr.Fields
				f.Add("date", "查询日期", err.Error())
				return f.Err()
			}
		}
		rl, err := s.store.Rule(r.Context(), key, d)
		if err != nil {
			return err
		}
		return writeJSON(w, http.StatusOK, list[rule.Rule]{[]rule.Rule{rl}, 1, 1, 0})
	}
	rules, err := s.store.Rules(r.Context())
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, list[rule.Rule]{items(rules), len(rules), len(rules), 0})
}

func (s *Server) apiRuleShow(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	rl, err := s.store.RuleByID(r.Context(), id)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, rl)
}

type ruleInput struct {
	rule.Rule
	Reason string `json:"reason"`
}

func (s *Server) apiRuleCreate(w http.ResponseWriter, r *http.Request) error {
	var in ruleInput
	if err := decode(r, &in); err != nil {
		return err
	}
	rl := in.Rule
	if err := s.store.CreateRule(r.Context(), actorOf(r).Audit(), &rl); err != nil {
		return err
	}
	return writeJSON(w, http.StatusCreated, rl)
}

func (s *Server) apiRuleUpdate(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	var in ruleInput
	if err := decode(r, &in); err != nil {
		return err
	}
	rl := in.Rule
	rl.ID = id
	if err := s.store.UpdateRule(r.Context(), actorOf(r).Audit(), &rl, in.Reason); err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, rl)
}

func (s *Server) apiRuleHistory(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	if _, err := s.store.RuleByID(r.Context(), id); err != nil {
		return err
	}
	return s.apiHistory(w, r, "rule", id, false)
}

func (s *Server) apiCalendarDays(w http.ResponseWriter, r *http.Request) error {
	var f apperr.Fields
	year, err := strconv.Atoi(r.URL.Query().Get("year"))
	if err != nil {
		f.Add("year", "年份", "应为四位年份")
	}
	month, err := strconv.Atoi(r.URL.Query().Get("month"))
	if err != nil || month < 1 || month > 12 {
		f.Add("month", "月份", "应为 1 至 12")
	}
	if err := f.Err(); err != nil {
		return err
	}
	cal, err := s.store.Calendar(r.Context())
	if err != nil {
		return err
	}
	days, err := cal.Month(year, timeMonth(month))
	if err != nil {
		return apperr.Wrap(apperr.Invalid, err.Error(), err)
	}
	return writeJSON(w, http.StatusOK, list[calendarDay]{toCalendarDays(days), len(days), len(days), 0})
}

func (s *Server) apiDeadline(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	var f apperr.Fields
	from, err := calendar.ParseDate(q.Get("from"))
	if err != nil {
		f.Add("from", "开始日期", err.Error())
	}
	unit, raw := "workdays", q.Get("workdays")
	if raw == "" {
		unit, raw = "days", q.Get("days")
	}
	n, err := strconv.Atoi(raw)
	if err != nil || n < 1 || n > 3650 {
		f.Add(unit, "期间", "workdays 或 days 应为 1 至 3650 之间的整数")
	}
	if err := f.Err(); err != nil {
		return err
	}
	cal, err := s.store.Calendar(r.Context())
	if err != nil {
		return err
	}
	d, err := computeDeadline(cal, from, n, unit)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, d)
}

func (s *Server) apiOverrideList(w http.ResponseWriter, r *http.Request) error {
	list_, err := s.store.CalendarOverrides(r.Context())
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, list[store.CalendarOverride]{items(list_), len(list_), len(list_), 0})
}

func (s *Server) apiOverrideSave(w http.ResponseWriter, r *http.Request) error {
	var in struct {
		Day    calendar.Date    `json:"day"`
		Kind   calendar.DayKind `json:"kind"`
		Name   string           `json:"name"`
		Reason string           `json:"reason"`
	}
	if err := decode(r, &in); err != nil {
		return err
	}
	o := calendar.Override{Date: in.Day, Kind: in.Kind, Name: in.Name, Reason: in.Reason}
	if err := s.store.SaveCalendarOverride(r.Context(), actorOf(r).Audit(), o); err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, o)
}

func (s *Server) apiOverrideDelete(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	reason := r.URL.Query().Get("reason")
	if reason == "" {
		var f apperr.Fields
		f.Add("reason", "删除理由", "必填项为空")
		return f.Err()
	}
	if err := s.store.DeleteCalendarOverride(r.Context(), actorOf(r).Audit(), id, reason); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}

func (s *Server) apiWarnings(w http.ResponseWriter, r *http.Request) error {
	ws, err := s.store.OpenWarnings(r.Context(), store.WarningFilter{UnitIDs: actorOf(r).Scope(), Limit: 500})
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, list[store.Warning]{items(ws), len(ws), 500, 0})
}

func (s *Server) apiImport(w http.ResponseWriter, r *http.Request) error {
	res, err := s.runUpload(r, r.PathValue("kind"), r.URL.Query().Get("dry_run") == "1" || r.FormValue("dry_run") == "1")
	if err != nil {
		return err
	}
	status := http.StatusOK
	if !res.OK() {
		status = http.StatusUnprocessableEntity
	}
	return writeJSON(w, status, map[string]any{"run_id": res.RunID, "kind": res.Kind, "rows": res.Rows,
		"written": res.Written, "dry_run": res.DryRun, "ok": res.OK(), "errors": items(res.Report.Sorted())})
}

func (s *Server) apiImportRuns(w http.ResponseWriter, r *http.Request) error {
	runs, err := s.store.ImportRuns(r.Context(), 100)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, list[store.ImportRun]{items(runs), len(runs), 100, 0})
}

func (s *Server) apiAuditVerify(w http.ResponseWriter, r *http.Request) error {
	rep, err := s.store.VerifyChain(r.Context())
	var ce *audit.ChainError
	if errors.As(err, &ce) {
		return writeJSON(w, http.StatusOK, map[string]any{"ok": false, "events": rep.Events, "broken_at": ce.Seq, "reason": ce.Error()})
	}
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, map[string]any{"ok": true, "events": rep.Events, "head": rep.Head})
}

func (s *Server) apiUserList(w http.ResponseWriter, r *http.Request) error {
	users, err := s.store.Users(r.Context())
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, list[account.User]{items(users), len(users), len(users), 0})
}

func (s *Server) apiUserCreate(w http.ResponseWriter, r *http.Request) error {
	var in struct {
		Username    string         `json:"username"`
		DisplayName string         `json:"display_name"`
		UnitID      int64          `json:"unit_id"`
		Roles       []account.Role `json:"roles"`
		Password    string         `json:"password"`
	}
	if err := decode(r, &in); err != nil {
		return err
	}
	u := account.User{Username: in.Username, DisplayName: in.DisplayName, UnitID: in.UnitID, Roles: in.Roles}
	if err := s.store.CreateUser(r.Context(), actorOf(r).Audit(), &u, in.Password); err != nil {
		return err
	}
	return writeJSON(w, http.StatusCreated, u)
}
