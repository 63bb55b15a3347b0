package web

import (
	"net/http"
	"net/url"
	"strings"

	"fazhi/internal/apperr"
	"fazhi/internal/audit"
	"fazhi/internal/org"
	"fazhi/internal/store"
)

// homePage is the signed-in dashboard.
type homePage struct {
	basePage
	UnitName    string
	Counts      []countCard
	Warnings    []store.Warning
	Events      []audit.Event
	EventsScope string       // 全部单位 or the unit name
	Certs       *certSummary // enforcement certificates of the actor's scope
}

type countCard struct {
	Label string
	Value int
	Link  string
}

// portalPage is the public front page.
type portalPage struct {
	basePage
	Units       int
	Departments int
	Towns       int
	Enforcement int
	Rules       int
}

func (s *Server) handleHome(w http.ResponseWriter, r *http.Request) error {
	a := actorOf(r)
	if a.Anonymous() {
		return s.handlePortal(w, r)
	}
	ctx := r.Context()
	p := &homePage{}
	if u, err := s.store.Unit(ctx, a.UnitID); err == nil {
		p.UnitName = u.Name
	}
	for _, c := range []struct {
		label, link string
		f           store.UnitFilter
	}{
		{"政府部门", "/units?kind=department&active=1", store.UnitFilter{Kind: org.Department, Active: true}},
		{"镇（街道）", "/units?kind=town&active=1", store.UnitFilter{Kind: org.Town, Active: true}},
		{"执法主体", "/units?enforcement=1&active=1", store.UnitFilter{Enforcement: true, Active: true}},
	} {
		_, n, err := s.store.Units(ctx, c.f)
		if err != nil {
			return err
		}
		p.Counts = append(p.Counts, countCard{c.label, n, c.link})
	}
	if a.Internal() {
		_, n, err := s.store.People(ctx, store.PersonFilter{UnitIDs: a.Scope()})
		if err != nil {
			return err
		}
		p.Counts = append(p.Counts, countCard{"人员", n, "/people"})
		if p.Warnings, err = s.store.OpenWarnings(ctx, store.WarningFilter{UnitIDs: a.Scope(), Limit: 20}); err == nil {
			labelWarnings(p.Warnings)
		}
		if err != nil {
			return err
		}
		if p.Certs, err = s.homeCerts(ctx, a, p.UnitName); err != nil {
			return err
		}
	}
	if a.SeesAll() {
		events, err := s.store.RecentEvents(ctx, 15)
		if err != nil {
			return err
		}
		p.Events, p.EventsScope = events, "全部单位"
	}
	s.render(w, r, "home", p)
	return nil
}

func (s *Server) handlePortal(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	p := &portalPage{}
	var err error
	if _, p.Units, err = s.store.Units(ctx, store.UnitFilter{Active: true}); err != nil {
		return err
	}
	_, p.Departments, _ = s.store.Units(ctx, store.UnitFilter{Kind: org.Department, Active: true})
	_, p.Towns, _ = s.store.Units(ctx, store.UnitFilter{Kind: org.Town, Active: true})
	_, p.Enforcement, _ = s.store.Units(ctx, store.UnitFilter{Enforcement: true, Active: true})
	rules, err := s.store.Rules(ctx)
	if err != nil {
		return err
	}
	p.Rules = len(rules)
	s.render(w, r, "portal", p)
	return nil
}

func (s *Server) handleHealth(w http.ResponseWriter, r *http.Request) error {
	if err := s.store.DB.PingContext(r.Context()); err != nil {
		return apperr.Wrap(apperr.Internal, "数据库不可用", err)
	}
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.Write([]byte("ok " + s.cfg.Instance + "\n"))
	return nil
}

func (s *Server) handleMetrics(w http.ResponseWriter, r *http.Request) error {
	s.metrics.write(w)
	return nil
}

type loginPage struct {
	basePage
	Username string
	Next     string
	Error    string
	NoUsers  bool
}

func (s *Server) handleLoginForm(w http.ResponseWriter, r *http.Request) error {
	n, err := s.store.CountUsers(r.Context())
	if err != nil {
		return err
	}
	s.render(w, r, "login", &loginPage{Next: safeNext(r.URL.Query().Get("next")), NoUsers: n == 0})
	return nil
}

func (s *Server) handleLogin(w http.ResponseWriter, r *http.Request) error {
	next := safeNext(r.FormValue("next"))
	_, _, err := s.login(w, r, r.FormValue("username"), r.FormValue("password"))
	if err != nil {
		if apperr.KindOf(err) == apperr.Internal {
			return err
		}
		w.WriteHeader(statusOf[apperr.KindOf(err)])
		s.render(w, r, "login", &loginPage{Username: r.FormValue("username"), Next: next, Error: apperr.Message(err)})
		return nil
	}
	http.Redirect(w, r, next, http.StatusSeeOther)
	return nil
}

// safeNext keeps a post-login redirect on this site.
func safeNext(next string) string {
	u, err := url.Parse(next)
	if next == "" || err != nil || u.IsAbs() || u.Host != "" || !strings.HasPrefix(next, "/") || strings.HasPrefix(next, "//") {
		return "/"
	}
	return next
}

func (s *Server) handleLogout(w http.ResponseWriter, r *http.Request) error {
	if err := s.logout(w, r); err != nil {
		return err
	}
	flash(w, "您已安全退出")
	http.Redirect(w, r, "/", http.StatusSeeOther)
	return nil
}
