package web

import (
	"errors"
	"net/http"

	"fazhi/internal/account"
	"fazhi/internal/audit"
	"fazhi/internal/org"
	"fazhi/internal/store"
)

var (
	errorsIs = errors.Is
	errorsAs = errors.As
)

type auditPage struct {
	basePage
	Report store.ChainReport
	Error  string
	Events []audit.Event
}

func (s *Server) handleAudit(w http.ResponseWriter, r *http.Request) error {
	p := &auditPage{}
	rep, err := s.store.VerifyChain(r.Context())
	var ce *audit.ChainError
	switch {
	case errors.As(err, &ce):
		p.Error = ce.Error()
	case err != nil:
		return err
	}
	p.Report = rep
	if p.Events, err = s.store.RecentEvents(r.Context(), 50); err != nil {
		return err
	}
	s.render(w, r, "audit", p)
	return nil
}

type userListPage struct {
	basePage
	Users []account.User
}

func (s *Server) handleUserList(w http.ResponseWriter, r *http.Request) error {
	users, err := s.store.Users(r.Context())
	if err != nil {
		return err
	}
	s.render(w, r, "user_list", &userListPage{Users: users})
	return nil
}

type userFormPage struct {
	basePage
	User  account.User
	Units []org.Unit
	Roles []kindOption
	formState
}

func (s *Server) userForm(w http.ResponseWriter, r *http.Request, u account.User, err error) error {
	p := &userFormPage{User: u}
	for _, role := range account.Roles {
		p.Roles = append(p.Roles, kindOption{string(role.Role), role.Label})
	}
	if err != nil {
		if ferr := p.fail(w, err); ferr != nil {
			return ferr
		}
	}
	units, _, uerr := s.store.Units(r.Context(), store.UnitFilter{Active: true, Page: store.Page{Limit: 500}})
	if uerr != nil {
		return uerr
	}
	p.Units = units
	s.render(w, r, "user_form", p)
	return nil
}

func (s *Server) handleUserNew(w http.ResponseWriter, r *http.Request) error {
	return s.userForm(w, r, account.User{}, nil)
}

func (s *Server) handleUserCreate(w http.ResponseWriter, r *http.Request) error {
	r.ParseForm()
	u := account.User{Username: r.FormValue("username"), DisplayName: r.FormValue("display_name"), UnitID: formInt(r, "unit_id")}
	for _, v := range r.Form["roles"] {
		u.Roles = append(u.Roles, account.Role(v))
	}
	if err := s.store.CreateUser(r.Context(), actorOf(r).Audit(), &u, r.FormValue("password")); err != nil {
		return s.userForm(w, r, u, err)
	}
	flash(w, "已创建用户 "+u.Username)
	http.Redirect(w, r, "/users", http.StatusSeeOther)
	return nil
}
