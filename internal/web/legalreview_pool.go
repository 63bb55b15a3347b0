package web

// The reviewer pool (法制审核人员) of each unit with its staffing against
// the target share of the unit's enforcement staff.

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"fazhi/internal/account"
	"fazhi/internal/apperr"
	"fazhi/internal/legalreview"
	"fazhi/internal/org"
	"fazhi/internal/rule"
	"fazhi/internal/store"
)

type lrPoolPage struct {
	basePage
	Members  []legalreview.PoolMember
	Staffing []store.UnitStaffing
	Share    rule.Rule
	Units    []org.Unit
	Filter   store.PoolFilter
	Pager    pager
	// The add form: the people of the chosen unit not yet in the pool.
	CanEdit   bool
	CanPrior  bool // registering reviews done before the platform is the office's
	People    []org.Person
	Form      legalreview.PoolMember
	FormSince string
	formState
}

// CanEditMember reports whether the viewer may change a member's entry.
func (p *lrPoolPage) CanEditMember(m legalreview.PoolMember) bool {
	return p.Actor.CanEditUnitRecords(m.UnitID)
}

func (s *Server) handleLRPool(w http.ResponseWriter, r *http.Request) error {
	return s.lrPool(w, r, legalreview.PoolMember{UnitID: queryInt(r, "unit_id"), Active: true}, s.today().String(), nil)
}

func (s *Server) lrPool(w http.ResponseWriter, r *http.Request, form legalreview.PoolMember, since string, ferr error) error {
	ctx := r.Context()
	a := actorOf(r)
	f := store.PoolFilter{Query: r.URL.Query().Get("q"), UnitID: queryInt(r, "unit_id"), UnitIDs: a.Scope(), Page: pageOf(r)}
	if err := scopedUnit(a, f.UnitID); err != nil {
		return err
	}
	if format := r.URL.Query().Get("format"); format != "" {
		return s.exportPool(w, r, f, format)
	}
	p := &lrPoolPage{Filter: f, Form: form, FormSince: since, CanEdit: a.SeesAll() || a.Has(account.Clerk), CanPrior: a.SeesAll()}
	if ferr != nil {
		if err := p.fail(w, ferr); err != nil {
			return err
		}
	}
	members, total, err := s.store.Pool(ctx, f)
	if err != nil {
		return err
	}
	p.Members, p.Pager = members, newPager(r, f.Page, total)
	scope := a.Scope()
	if f.UnitID != 0 {
		scope = []int64{f.UnitID}
	}
	if p.Staffing, p.Share, err = s.store.ReviewStaffing(ctx, scope, s.today()); err != nil {
		return err
	}
	if p.Units, err = s.enforcementUnits(r); err != nil {
		return err
	}
	unit := form.UnitID
	if unit == 0 && !a.SeesAll() {
		unit = a.UnitID
	}
	if p.CanEdit && unit != 0 && a.CanEditUnitRecords(unit) {
		people, _, err := s.store.People(ctx, store.PersonFilter{UnitID: unit, Status: org.Active, Page: store.Page{Limit: 500}})
		if err != nil {
			return err
		}
		in := map[int64]bool{}
		for _, m := range members {
			in[m.PersonID] = true
		}
		for _, pe := range people {
			if !in[pe.ID] {
				p.People = append(p.People, pe)
			}
		}
		p.Form.UnitID = unit
	}
	s.render(w, r, "lr_pool", p)
	return nil
}

func (s *Server) exportPool(w http.ResponseWriter, r *http.Request, f store.PoolFilter, format string) error {
	members, err := store.Collect(func(p store.Page) ([]legalreview.PoolMember, int, error) {
		f.Page = p
		return s.store.Pool(r.Context(), f)
	})
	if err != nil {
		return err
	}
	rows := make([][]string, len(members))
	for i, m := range members {
		rows[i] = []string{m.Name, m.UnitName, m.Post, m.Since.String(), yesNo(m.Active && m.PersonActive), yesNo(m.LegalQualification),
			strconv.Itoa(m.PriorReviews), strconv.Itoa(m.Reviews), m.Note}
	}
	return writeTable(w, format, "法制审核人员", []string{"姓名", "单位", "职务", "起始日期", "在册", "法律职业资格", "此前审核件数",
		"平台审核意见数", "备注"}, rows)
}

func (s *Server) handleLRPoolSave(w http.ResponseWriter, r *http.Request) error {
	a := actorOf(r)
	var f apperr.Fields
	m := legalreview.PoolMember{PersonID: formInt(r, "person_id"), Active: r.FormValue("active") == "1",
		Note: strings.TrimSpace(r.FormValue("note")), Version: int(formInt(r, "version"))}
	m.Since = formDay(r, "since", "起始日期", &f)
	if m.PersonID == 0 {
		f.Add("person_id", "人员", "请选择人员")
	}
	if err := f.Err(); err != nil {
		return s.lrPool(w, r, m, r.FormValue("since"), err)
	}
	p, err := s.store.Person(r.Context(), m.PersonID)
	if err != nil || !a.CanEditUnitRecords(p.UnitID) {
		return apperr.New(apperr.NotFound, "人员不存在或您无权登记")
	}
	m.UnitID = p.UnitID
	if m.Version != 0 {
		if cur, err := s.store.PoolMember(r.Context(), m.PersonID); err == nil {
			m.PriorReviews = cur.PriorReviews
		}
	}
	if a.SeesAll() {
		n, err := strconv.Atoi(strings.TrimSpace(r.FormValue("prior_reviews")))
		if err != nil && strings.TrimSpace(r.FormValue("prior_reviews")) != "" {
			f.Add("prior_reviews", "此前审核件数", "应为整数")
			return s.lrPool(w, r, m, r.FormValue("since"), f.Err())
		}
		m.PriorReviews = n
	}
	if err := s.store.SavePoolMember(r.Context(), a.Audit(), &m, strings.TrimSpace(r.FormValue("reason"))); err != nil {
		return s.lrPool(w, r, m, r.FormValue("since"), err)
	}
	state := "列入"
	if !m.Active {
		state = "暂停"
	}
	flash(w, fmt.Sprintf("已%s审核人员 %s", state, p.Name))
	http.Redirect(w, r, fmt.Sprintf("/legal-reviews/reviewers?unit_id=%d", p.UnitID), http.StatusSeeOther)
	return nil
}
