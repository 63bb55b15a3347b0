// Package web is the platform's edge: the Chinese server-rendered UI and
// the JSON API under /api/v1, over the same store and the same access
// rules. Handlers parse input, ask account.Actor whether the request is
// allowed, call the store and render; errors are mapped to statuses in one
// place (errors.go).
package web

import (
	"context"
	"log/slog"
	"net/http"
	"time"

	"fazhi/internal/account"
	"fazhi/internal/store"
)

// Config holds the edge's settings.
type Config struct {
	// SecureCookies sets the Secure flag on cookies; on by default, off
	// only for plain-HTTP local use (the demo on 127.0.0.1).
	SecureCookies bool
	// Dev re-reads templates from disk on every request.
	Dev bool
	// Instance names this process in logs and /healthz (several instances
	// may serve one database).
	Instance string
}

// Server serves the UI and the API.
type Server struct {
	store   *store.Store
	log     *slog.Logger
	cfg     Config
	pages   *pages
	metrics *metrics
	mux     *http.ServeMux
	routes  []route
}

// New builds the server and its routes.
func New(s *store.Store, log *slog.Logger, cfg Config) (*Server, error) {
	p, err := loadPages(cfg.Dev)
	if err != nil {
		return nil, err
	}
	srv := &Server{store: s, log: log, cfg: cfg, pages: p, metrics: newMetrics(), mux: http.NewServeMux()}
	srv.routes = srv.routeTable()
	for _, r := range srv.routes {
		srv.mux.Handle(r.method+" "+r.pattern, srv.wrap(r))
	}
	srv.mux.Handle("GET /static/", staticHandler())
	return srv, nil
}

// ServeHTTP runs the middleware chain around the router.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	start := time.Now()
	rec := &statusRecorder{ResponseWriter: w, status: http.StatusOK}
	securityHeaders(rec.Header())
	defer func() {
		if v := recover(); v != nil {
			s.log.Error("panic", "err", v, "path", r.URL.Path)
			http.Error(rec, "系统内部错误", http.StatusInternalServerError)
		}
		_, pattern := s.mux.Handler(r)
		s.metrics.observe(r.Method, pattern, rec.status, time.Since(start))
		s.log.Info("request", "method", r.Method, "path", r.URL.Path, "status", rec.status,
			"ms", time.Since(start).Milliseconds(), "instance", s.cfg.Instance)
	}()
	r = s.withActor(rec, r)
	s.mux.ServeHTTP(rec, r)
}

type statusRecorder struct {
	http.ResponseWriter
	status int
}

func (r *statusRecorder) WriteHeader(code int) {
	r.status = code
	r.ResponseWriter.WriteHeader(code)
}

// securityHeaders applies to every response. The CSP allows no inline
// script or style: pages use only the embedded static files.
func securityHeaders(h http.Header) {
	h.Set("Content-Security-Policy", "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "+
		"object-src 'none'; frame-ancestors 'none'; form-action 'self'; base-uri 'none'")
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("X-Frame-Options", "DENY")
	h.Set("Referrer-Policy", "same-origin")
	h.Set("Cross-Origin-Opener-Policy", "same-origin")
	h.Set("Permissions-Policy", "camera=(), microphone=(), geolocation=()")
}

// ctxKey keys request-scoped values.
type ctxKey int

const (
	actorKey ctxKey = iota
	sessionKey
)

// actorOf returns who is making the request (the public when nobody).
func actorOf(r *http.Request) account.Actor {
	a, _ := r.Context().Value(actorKey).(account.Actor)
	return a
}

// sessionOf returns the request's session, if signed in.
func sessionOf(r *http.Request) (store.Session, bool) {
	s, ok := r.Context().Value(sessionKey).(store.Session)
	return s, ok
}

func withValue(r *http.Request, k ctxKey, v any) *http.Request {
	return r.WithContext(context.WithValue(r.Context(), k, v))
}
