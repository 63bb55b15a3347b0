package web

import (
	"crypto/subtle"
	"net"
	"net/http"
	"net/url"
	"strings"

	"fazhi/internal/account"
	"fazhi/internal/apperr"
	"fazhi/internal/calendar"
)

const sessionCookie = "fazhi_session"

// withActor resolves the session cookie to an actor. An unknown or expired
// cookie is cleared and the request goes on as the public.
func (s *Server) withActor(w http.ResponseWriter, r *http.Request) *http.Request {
	c, err := r.Cookie(sessionCookie)
	if err != nil || c.Value == "" {
		return r
	}
	u, sess, err := s.store.SessionUser(r.Context(), c.Value)
	if err != nil {
		s.clearSession(w)
		return r
	}
	r = withValue(r, sessionKey, sess)
	return withValue(r, actorKey, account.ActorOf(u))
}

func (s *Server) setSession(w http.ResponseWriter, token string) {
	http.SetCookie(w, &http.Cookie{Name: sessionCookie, Value: token, Path: "/", HttpOnly: true,
		Secure: s.cfg.SecureCookies, SameSite: http.SameSiteLaxMode, MaxAge: 12 * 3600})
}

func (s *Server) clearSession(w http.ResponseWriter) {
	http.SetCookie(w, &http.Cookie{Name: sessionCookie, Value: "", Path: "/", HttpOnly: true,
		Secure: s.cfg.SecureCookies, SameSite: http.SameSiteLaxMode, MaxAge: -1})
}

// checkCSRF guards every state-changing request. A signed-in request must
// carry the session's token (form field "csrf" or header X-CSRF-Token).
// A request without a session (signing in) must come from this site.
func checkCSRF(r *http.Request) error {
	switch r.Method {
	case http.MethodGet, http.MethodHead, http.MethodOptions:
		return nil
	}
	if sess, ok := sessionOf(r); ok {
		got := r.Header.Get("X-CSRF-Token")
		if got == "" {
			got = r.FormValue("csrf")
		}
		if subtle.ConstantTimeCompare([]byte(got), []byte(sess.CSRF)) == 1 {
			return nil
		}
		return apperr.New(apperr.Forbidden, "请求校验失败（CSRF 令牌无效），请刷新页面后重试")
	}
	if crossSite(r) {
		return apperr.New(apperr.Forbidden, "拒绝跨站请求")
	}
	return nil
}

// crossSite reports a request that a browser says came from elsewhere.
func crossSite(r *http.Request) bool {
	if site := r.Header.Get("Sec-Fetch-Site"); site != "" && site != "same-origin" && site != "none" {
		return true
	}
	origin := r.Header.Get("Origin")
	if origin == "" || origin == "null" {
		return origin == "null"
	}
	u, err := url.Parse(origin)
	return err != nil || u.Host != r.Host
}

// clientIP is the remote address (a deployment behind a proxy sets
// X-Forwarded-For at the proxy, which we do not trust from clients).
func clientIP(r *http.Request) string {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return r.RemoteAddr
	}
	return host
}

// login authenticates and starts a session; shared by the page and the API.
func (s *Server) login(w http.ResponseWriter, r *http.Request, username, password string) (account.User, string, error) {
	username = strings.TrimSpace(username)
	var f apperr.Fields
	f.Required("username", "用户名", username)
	f.Required("password", "密码", password)
	if err := f.Err(); err != nil {
		return account.User{}, "", err
	}
	maxFailures := 5
	if rl, err := s.store.Rule(r.Context(), "security.login_failures", calendar.DateOf(s.store.Now())); err == nil {
		if n, err := rl.Int(); err == nil && n > 0 {
			maxFailures = n
		}
	}
	u, err := s.store.Authenticate(r.Context(), username, password, clientIP(r), maxFailures)
	if err != nil {
		return u, "", err
	}
	sess, err := s.store.CreateSession(r.Context(), u.ID, clientIP(r), r.UserAgent())
	if err != nil {
		return u, "", err
	}
	s.setSession(w, sess.Token)
	return u, sess.CSRF, nil
}

func (s *Server) logout(w http.ResponseWriter, r *http.Request) error {
	if sess, ok := sessionOf(r); ok {
		if err := s.store.DeleteSession(r.Context(), sess.Token); err != nil {
			return err
		}
	}
	s.clearSession(w)
	return nil
}
