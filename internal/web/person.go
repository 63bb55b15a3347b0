package web

import (
	"net/http"
	"strconv"

	"fazhi/internal/account"
	"fazhi/internal/apperr"
	"fazhi/internal/org"
	"fazhi/internal/store"
)

type personListPage struct {
	basePage
	People   []org.Person
	Units    []org.Unit // filter choices within the actor's scope
	Filter   store.PersonFilter
	Statuses []kindOption
	Pager    pager
	CanAdd   bool
}

func personStatuses() []kindOption {
	out := make([]kindOption, len(org.PersonStatuses))
	for i, s := range org.PersonStatuses {
		out[i] = kindOption{string(s.Status), s.Label}
	}
	return out
}

func personFilterOf(r *http.Request) store.PersonFilter {
	q := r.URL.Query()
	unit, _ := strconv.ParseInt(q.Get("unit_id"), 10, 64)
	return store.PersonFilter{Query: q.Get("q"), UnitID: unit, UnitIDs: actorOf(r).Scope(),
		Status: org.PersonStatus(q.Get("status")), Sort: q.Get("sort"), Page: pageOf(r)}
}

func (s *Server) handlePersonList(w http.ResponseWriter, r *http.Request) error {
	f := personFilterOf(r)
	if format := r.URL.Query().Get("format"); format != "" {
		return s.exportPeople(w, r, f, format)
	}
	people, total, err := s.store.People(r.Context(), f)
	if err != nil {
		return err
	}
	units, err := s.scopedUnits(r)
	if err != nil {
		return err
	}
	a := actorOf(r)
	s.render(w, r, "person_list", &personListPage{People: people, Units: units, Filter: f, Statuses: personStatuses(),
		Pager: newPager(r, f.Page, total), CanAdd: a.SeesAll() || a.Has(account.Clerk)})
	return nil
}

// scopedUnits lists the units whose people the actor may see.
func (s *Server) scopedUnits(r *http.Request) ([]org.Unit, error) {
	a := actorOf(r)
	if a.SeesAll() {
		units, _, err := s.store.Units(r.Context(), store.UnitFilter{Page: store.Page{Limit: 500}})
		return units, err
	}
	u, err := s.store.Unit(r.Context(), a.UnitID)
	return []org.Unit{u}, err
}

type personShowPage struct {
	basePage
	Person   org.Person
	ShowID   bool
	CanEdit  bool
	History  []historyEntry
	Statuses []kindOption
}

// visiblePerson loads a person the actor may see; others get "not found"
// so that record ids of other units reveal nothing.
func (s *Server) visiblePerson(r *http.Request) (org.Person, error) {
	id, err := pathID(r)
	if err != nil {
		return org.Person{}, err
	}
	p, err := s.store.Person(r.Context(), id)
	if err != nil {
		return p, err
	}
	if !actorOf(r).CanViewUnitRecords(p.UnitID) {
		return org.Person{}, apperr.New(apperr.NotFound, "人员不存在或您无权查看")
	}
	return p, nil
}

func (s *Server) handlePersonShow(w http.ResponseWriter, r *http.Request) error {
	p, err := s.visiblePerson(r)
	if err != nil {
		return err
	}
	a := actorOf(r)
	showID := a.CanSeeResidentID(p.UnitID)
	hist, err := s.history(r, "person", p.ID, map[string]bool{"resident_id": !showID})
	if err != nil {
		return err
	}
	s.render(w, r, "person_show", &personShowPage{Person: p, ShowID: showID, CanEdit: a.CanEditUnitRecords(p.UnitID), History: hist})
	return nil
}

type personFormPage struct {
	basePage
	Person   org.Person
	Units    []org.Unit
	Statuses []kindOption
	formState
	Reason string
}

func (s *Server) personForm(w http.ResponseWriter, r *http.Request, p org.Person, err error) error {
	page := &personFormPage{Person: p, Statuses: personStatuses(), Reason: r.FormValue("reason")}
	if err != nil {
		if ferr := page.fail(w, err); ferr != nil {
			return ferr
		}
	}
	units, uerr := s.scopedUnits(r)
	if uerr != nil {
		return uerr
	}
	page.Units = units
	s.render(w, r, "person_form", page)
	return nil
}

func (s *Server) handlePersonNew(w http.ResponseWriter, r *http.Request) error {
	a := actorOf(r)
	if !a.CanEditUnitRecords(a.UnitID) {
		return denied(a)
	}
	return s.personForm(w, r, org.Person{UnitID: a.UnitID, Status: org.Active}, nil)
}

func (s *Server) handlePersonEdit(w http.ResponseWriter, r *http.Request) error {
	p, err := s.visiblePerson(r)
	if err != nil {
		return err
	}
	if !actorOf(r).CanEditUnitRecords(p.UnitID) {
		return denied(actorOf(r))
	}
	return s.personForm(w, r, p, nil)
}

func personFromForm(r *http.Request) org.Person {
	return org.Person{Name: r.FormValue("name"), ResidentID: r.FormValue("resident_id"), UnitID: formInt(r, "unit_id"),
		Post: r.FormValue("post"), Phone: r.FormValue("phone"), Status: org.PersonStatus(r.FormValue("status")),
		Version: int(formInt(r, "version"))}
}

// checkPersonUnit refuses to put a person into a unit the actor may not edit.
func checkPersonUnit(r *http.Request, unitID int64) error {
	if !actorOf(r).CanEditUnitRecords(unitID) {
		var f apperr.Fields
		f.Add("unit_id", "所在单位", "您只能登记本单位人员")
		return f.Err()
	}
	return nil
}

func (s *Server) handlePersonCreate(w http.ResponseWriter, r *http.Request) error {
	p := personFromForm(r)
	err := checkPersonUnit(r, p.UnitID)
	if err == nil {
		err = s.store.CreatePerson(r.Context(), actorOf(r).Audit(), &p)
	}
	if err != nil {
		return s.personForm(w, r, p, err)
	}
	flash(w, "已登记人员“"+p.Name+"”")
	http.Redirect(w, r, "/people/"+strconv.FormatInt(p.ID, 10), http.StatusSeeOther)
	return nil
}

func (s *Server) handlePersonUpdate(w http.ResponseWriter, r *http.Request) error {
	old, err := s.visiblePerson(r)
	if err != nil {
		return err
	}
	if err := checkPersonUnit(r, old.UnitID); err != nil {
		return denied(actorOf(r))
	}
	p := personFromForm(r)
	p.ID = old.ID
	err = checkPersonUnit(r, p.UnitID)
	if err == nil {
		err = s.store.UpdatePerson(r.Context(), actorOf(r).Audit(), &p, r.FormValue("reason"))
	}
	if err != nil {
		return s.personForm(w, r, p, err)
	}
	flash(w, "已保存")
	http.Redirect(w, r, "/people/"+strconv.FormatInt(p.ID, 10), http.StatusSeeOther)
	return nil
}
