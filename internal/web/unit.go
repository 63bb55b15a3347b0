package web

import (
	"net/http"
	"strconv"

	"fazhi/internal/apperr"
	"fazhi/internal/org"
	"fazhi/internal/store"
)

type unitListPage struct {
	basePage
	Units  []org.Unit
	Names  map[int64]string // id → name, for parent columns
	Filter store.UnitFilter
	Kinds  []kindOption
	Pager  pager
	Sort   string
}

type kindOption struct {
	Value, Label string
}

func unitKinds() []kindOption {
	out := make([]kindOption, len(org.Kinds))
	for i, k := range org.Kinds {
		out[i] = kindOption{string(k.Kind), k.Label}
	}
	return out
}

func unitFilterOf(r *http.Request) store.UnitFilter {
	q := r.URL.Query()
	return store.UnitFilter{Query: q.Get("q"), Kind: org.Kind(q.Get("kind")), Enforcement: q.Get("enforcement") == "1",
		Active: q.Get("active") == "1", Sort: q.Get("sort"), Page: pageOf(r)}
}

func (s *Server) handleUnitList(w http.ResponseWriter, r *http.Request) error {
	f := unitFilterOf(r)
	if format := r.URL.Query().Get("format"); format != "" {
		return s.exportUnits(w, r, f, format)
	}
	units, total, err := s.store.Units(r.Context(), f)
	if err != nil {
		return err
	}
	names, err := s.unitNames(r)
	if err != nil {
		return err
	}
	s.render(w, r, "unit_list", &unitListPage{Units: units, Names: names, Filter: f, Kinds: unitKinds(),
		Pager: newPager(r, f.Page, total), Sort: f.Sort})
	return nil
}

// unitNames maps every unit id to its name (a few hundred rows at most).
func (s *Server) unitNames(r *http.Request) (map[int64]string, error) {
	all, _, err := s.store.Units(r.Context(), store.UnitFilter{Page: store.Page{Limit: 500}})
	if err != nil {
		return nil, err
	}
	names := make(map[int64]string, len(all))
	for _, u := range all {
		names[u.ID] = u.Name
	}
	return names, nil
}

type unitShowPage struct {
	basePage
	Unit      org.Unit
	Parent    *org.Unit
	Successor *org.Unit
	Children  []org.Unit
	People    []org.Person
	PeopleN   int
	CanPeople bool
	CanEdit   bool
	History   []historyEntry
}

func (s *Server) handleUnitShow(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	ctx := r.Context()
	u, err := s.store.Unit(ctx, id)
	if err != nil {
		return err
	}
	a := actorOf(r)
	p := &unitShowPage{Unit: u, CanEdit: a.CanManageUnits(), CanPeople: a.CanViewUnitRecords(u.ID)}
	if u.ParentID != 0 {
		if parent, err := s.store.Unit(ctx, u.ParentID); err == nil {
			p.Parent = &parent
		}
	}
	if u.SuccessorID != 0 {
		if succ, err := s.store.Unit(ctx, u.SuccessorID); err == nil {
			p.Successor = &succ
		}
	}
	if p.Children, _, err = s.store.Units(ctx, store.UnitFilter{ParentID: u.ID, Page: store.Page{Limit: 200}}); err != nil {
		return err
	}
	if p.CanPeople {
		if p.People, p.PeopleN, err = s.store.People(ctx, store.PersonFilter{UnitID: u.ID, Page: store.Page{Limit: 20}}); err != nil {
			return err
		}
	}
	if p.History, err = s.history(r, "unit", u.ID, nil); err != nil {
		return err
	}
	s.render(w, r, "unit_show", p)
	return nil
}

type unitFormPage struct {
	basePage
	Unit  org.Unit
	Units []org.Unit // choices for parent and successor
	Kinds []kindOption
	formState
	Reason string
}

func (s *Server) unitForm(w http.ResponseWriter, r *http.Request, u org.Unit, err error) error {
	p := &unitFormPage{Unit: u, Kinds: unitKinds(), Reason: r.FormValue("reason")}
	if err != nil {
		if ferr := p.fail(w, err); ferr != nil {
			return ferr
		}
	}
	units, _, lerr := s.store.Units(r.Context(), store.UnitFilter{Page: store.Page{Limit: 500}})
	if lerr != nil {
		return lerr
	}
	p.Units = units
	s.render(w, r, "unit_form", p)
	return nil
}

func (s *Server) handleUnitNew(w http.ResponseWriter, r *http.Request) error {
	return s.unitForm(w, r, org.Unit{Kind: org.Department}, nil)
}

func (s *Server) handleUnitEdit(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	u, err := s.store.Unit(r.Context(), id)
	if err != nil {
		return err
	}
	return s.unitForm(w, r, u, nil)
}

// unitFromForm reads the unit form; field errors of parsing join the
// store's validation.
func unitFromForm(r *http.Request) (org.Unit, error) {
	var f apperr.Fields
	u := org.Unit{
		Name: r.FormValue("name"), ShortName: r.FormValue("short_name"), Kind: org.Kind(r.FormValue("kind")),
		SubKind: r.FormValue("sub_kind"), ParentID: formInt(r, "parent_id"), CreditCode: r.FormValue("credit_code"),
		Enforcement: r.FormValue("enforcement") == "1", SuccessorID: formInt(r, "successor_id"),
		Address: r.FormValue("address"), Phone: r.FormValue("phone"), Version: int(formInt(r, "version")),
	}
	u.SortOrder, _ = strconv.Atoi(r.FormValue("sort_order"))
	u.AbolishedOn = formDate(r, "abolished_on", "撤销日期", &f)
	return u, f.Err()
}

func (s *Server) handleUnitCreate(w http.ResponseWriter, r *http.Request) error {
	u, err := unitFromForm(r)
	if err == nil {
		err = s.store.CreateUnit(r.Context(), actorOf(r).Audit(), &u)
	}
	if err != nil {
		return s.unitForm(w, r, u, err)
	}
	flash(w, "已创建单位“"+u.Name+"”")
	http.Redirect(w, r, "/units/"+strconv.FormatInt(u.ID, 10), http.StatusSeeOther)
	return nil
}

func (s *Server) handleUnitUpdate(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	u, err := unitFromForm(r)
	u.ID = id
	if err == nil {
		err = s.store.UpdateUnit(r.Context(), actorOf(r).Audit(), &u, r.FormValue("reason"))
	}
	if err != nil {
		return s.unitForm(w, r, u, err)
	}
	flash(w, "已保存")
	http.Redirect(w, r, "/units/"+strconv.FormatInt(u.ID, 10), http.StatusSeeOther)
	return nil
}
