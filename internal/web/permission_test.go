package web

import (
	"fmt"
	"net/http"
	"strings"
	"testing"

	"fazhi/internal/store"
)

// roleUsers are the demo accounts, one per role; "" is the public.
var roleUsers = []string{"", "admin", "fazhiban", "clerk", "leader", "officer", "reviewer", "court", "police", "procuratorate"}

// Who may pass each route's gate, written out by hand as the
// specification: the test fails when the server's table and this list
// disagree, and when any role gets through where it should not.
const (
	everyone   = "public admin fazhiban clerk leader officer reviewer court police procuratorate"
	accounts   = "admin fazhiban clerk leader officer reviewer court police procuratorate"
	staff      = "admin fazhiban clerk leader officer reviewer"
	registrars = "admin fazhiban clerk"
	office     = "admin fazhiban"
	adminOnly  = "admin"
)

var matrix = map[string]string{
	"GET /{$}": everyone, "GET /healthz": everyone, "GET /metrics": everyone, "GET /login": everyone,
	"POST /login": everyone, "POST /logout": accounts,
	"GET /units": accounts, "GET /units/new": office, "POST /units": office, "GET /units/{id}": accounts,
	"GET /units/{id}/edit": office, "POST /units/{id}": office,
	"GET /people": staff, "GET /people/new": registrars, "POST /people": registrars, "GET /people/{id}": staff,
	"GET /people/{id}/edit": registrars, "POST /people/{id}": registrars,
	"GET /rules": everyone, "GET /rules/new": adminOnly, "POST /rules": adminOnly, "GET /rules/{id}": everyone,
	"GET /rules/{id}/edit": adminOnly, "POST /rules/{id}": adminOnly,
	"GET /calendar": everyone, "POST /calendar/overrides": adminOnly, "POST /calendar/overrides/{id}/delete": adminOnly,
	"GET /imports": registrars, "POST /imports": registrars, "GET /imports/template/{kind}": registrars, "GET /imports/runs/{id}/report": registrars,
	"GET /audit": adminOnly, "GET /users": adminOnly, "GET /users/new": adminOnly, "POST /users": adminOnly,
	"GET /api/v1/openapi.json": everyone, "POST /api/v1/session": everyone, "DELETE /api/v1/session": accounts,
	"GET /api/v1/me":    accounts,
	"GET /api/v1/units": accounts, "POST /api/v1/units": office, "GET /api/v1/units/{id}": accounts,
	"PUT /api/v1/units/{id}": office, "GET /api/v1/units/{id}/history": accounts,
	"GET /api/v1/people": staff, "POST /api/v1/people": registrars, "GET /api/v1/people/{id}": staff,
	"PUT /api/v1/people/{id}": registrars, "GET /api/v1/people/{id}/history": staff,
	"GET /api/v1/rules": everyone, "POST /api/v1/rules": adminOnly, "GET /api/v1/rules/{id}": everyone,
	"PUT /api/v1/rules/{id}": adminOnly, "GET /api/v1/rules/{id}/history": everyone,
	"GET /api/v1/calendar/days": everyone, "GET /api/v1/calendar/deadline": everyone,
	"GET /api/v1/calendar/overrides": everyone, "POST /api/v1/calendar/overrides": adminOnly,
	"DELETE /api/v1/calendar/overrides/{id}": adminOnly,
	"GET /api/v1/warnings":                   staff, "POST /api/v1/imports/{kind}": registrars, "GET /api/v1/imports": registrars,
	"GET /api/v1/audit/verify": adminOnly, "GET /api/v1/users": adminOnly, "POST /api/v1/users": adminOnly,

	// Enforcement certificates (seed measure 5): unit staff read their own
	// unit, clerks register, the legal affairs office issues and decides;
	// the public reaches only the verification.
	"GET /certificates": staff, "GET /certificates/new": office, "POST /certificates": office,
	"GET /certificates/stats": staff, "GET /certificates/{id}": staff, "POST /certificates/{id}/status": office,
	"GET /certificates/{id}/card": staff, "GET /certificates/{id}/qr.png": staff,
	"GET /officers": staff, "GET /officers/new": registrars, "POST /officers": registrars, "GET /officers/{id}": staff,
	"POST /officers/{id}": registrars, "POST /officers/{id}/training": registrars, "POST /officers/{id}/records": office,
	"GET /exams": staff, "GET /exams/new": office, "POST /exams": office, "GET /exams/{id}": staff,
	"POST /exams/{id}/registrations": registrars, "POST /exams/{id}/scores": office,
	"GET /reviews": staff, "POST /reviews": registrars,
	"GET /anomalies": staff, "POST /anomalies/detect": office, "POST /anomalies/{id}/handle": registrars,
	"POST /anomalies/{id}/confirm": office,
	"GET /verify":                  everyone, "GET /verify/{number}": everyone,
	"GET /api/v1/certificates": staff, "POST /api/v1/certificates": office, "GET /api/v1/certificates/stats": staff,
	"GET /api/v1/certificates/{id}": staff, "POST /api/v1/certificates/{id}/status": office,
	"GET /api/v1/certificates/{id}/statuses": staff,
	"GET /api/v1/officers":                   staff, "GET /api/v1/officers/{id}": staff, "PUT /api/v1/officers/{id}": registrars,
	"PUT /api/v1/officers/{id}/training": registrars, "POST /api/v1/officers/{id}/records": office,
	"GET /api/v1/exams": staff, "POST /api/v1/exams": office, "GET /api/v1/exams/{id}/registrations": staff,
	"POST /api/v1/exams/{id}/registrations": registrars, "POST /api/v1/exams/{id}/scores": office,
	"GET /api/v1/reviews": staff, "POST /api/v1/reviews": registrars,
	"GET /api/v1/anomalies": staff, "GET /api/v1/anomalies/counts": staff, "POST /api/v1/anomalies/detect": office,
	"POST /api/v1/anomalies/{id}/handle": registrars, "POST /api/v1/anomalies/{id}/confirm": office,
	"GET /api/v1/entitlement": staff, "GET /api/v1/verify/{number}": everyone,
}

// sessionEnders are tried last, each with its own fresh session.
var sessionEnders = map[string]bool{"POST /logout": true, "DELETE /api/v1/session": true}

func allows(spec, user string) bool {
	if user == "" {
		user = "public"
	}
	for _, w := range strings.Fields(spec) {
		if w == user {
			return true
		}
	}
	return false
}

// refused reports a response that a gate produced: 401/403, or the
// redirect to the login page.
func refused(resp response) bool {
	switch resp.StatusCode {
	case http.StatusUnauthorized, http.StatusForbidden:
		return true
	case http.StatusSeeOther:
		return strings.HasPrefix(resp.Header.Get("Location"), "/login")
	}
	return false
}

func TestPermissionMatrix(t *testing.T) {
	forEachEngine(t, func(t *testing.T, f *fixture) {
		matrix := fullMatrix()
		for _, rt := range f.srv.routes {
			if _, ok := matrix[rt.method+" "+rt.pattern]; !ok {
				t.Errorf("route %s %s is missing from the permission matrix", rt.method, rt.pattern)
			}
		}
		if len(matrix) != len(f.srv.routes) {
			t.Errorf("matrix has %d routes, server has %d", len(matrix), len(f.srv.routes))
		}
		clerkUnit := f.unitID(t, "慈溪市市场监督管理局")
		for _, user := range roleUsers {
			c := f.anon(t)
			if user != "" {
				c = f.login(t, user)
			}
			for _, rt := range f.srv.routes {
				key := rt.method + " " + rt.pattern
				if sessionEnders[key] {
					continue
				}
				path := fillPath(rt.pattern, clerkUnit)
				resp := c.do(rt.method, path, emptyBody(rt))
				want := allows(matrix[key], user)
				if got := !refused(resp); got != want {
					t.Errorf("%-8s %s %s: status %d, allowed=%v want %v", user, rt.method, path, resp.StatusCode, got, want)
				}
				if resp.StatusCode >= 500 {
					t.Errorf("%s %s as %q: server error %d: %s", rt.method, path, user, resp.StatusCode, resp.body)
				}
			}
		}
	})
}

// fillPath gives path parameters real ids (the clerk's own unit, the
// first person and rule) so that allowed requests reach the handler.
func fillPath(pattern string, unit int64) string {
	p := strings.TrimSuffix(pattern, "{$}")
	p = strings.ReplaceAll(p, "{kind}", "people")
	p = strings.ReplaceAll(p, "{number}", "NO-SUCH-CERT")
	p = strings.ReplaceAll(p, "{file}", "1")
	p = strings.ReplaceAll(p, "{mid}", "1")
	return strings.ReplaceAll(p, "{id}", fmt.Sprint(unit))
}

// emptyBody sends nothing useful: allowed writes fail validation, so the
// matrix changes no data.
func emptyBody(rt route) any {
	switch {
	case rt.method == "GET" || rt.method == "DELETE":
		return nil
	case rt.api:
		return map[string]any{}
	}
	return "x=1"
}

func TestSessionEnders(t *testing.T) {
	forEachEngine(t, func(t *testing.T, f *fixture) {
		for _, user := range roleUsers[1:] {
			c := f.login(t, user)
			if resp := c.do("POST", "/logout", "x=1"); resp.StatusCode != http.StatusSeeOther {
				t.Errorf("%s logout: %d", user, resp.StatusCode)
			}
			if resp := c.do("GET", "/api/v1/me", nil); resp.StatusCode != http.StatusUnauthorized {
				t.Errorf("%s after logout: /api/v1/me %d, want 401", user, resp.StatusCode)
			}
			c = f.login(t, user)
			if resp := c.do("DELETE", "/api/v1/session", nil); resp.StatusCode != http.StatusNoContent {
				t.Errorf("%s api logout: %d", user, resp.StatusCode)
			}
		}
		if resp := f.anon(t).do("POST", "/logout", "x=1"); !refused(resp) {
			t.Errorf("public logout: %d", resp.StatusCode)
		}
	})
}

func (f *fixture) unitID(t *testing.T, name string) int64 {
	t.Helper()
	u, err := f.store.UnitByName(t.Context(), name)
	if err != nil {
		t.Fatal(err)
	}
	return u.ID
}

func (f *fixture) personIn(t *testing.T, unit string) int64 {
	t.Helper()
	people, _, err := f.store.People(t.Context(), store.PersonFilter{UnitID: f.unitID(t, unit), Page: store.Page{Limit: 1}})
	if err != nil || len(people) == 0 {
		t.Fatalf("no person in %s: %v", unit, err)
	}
	return people[0].ID
}

// TestRecordScope tries each role against records of its own unit and of
// another unit, for every record kind a unit owns.
func TestRecordScope(t *testing.T) {
	forEachEngine(t, func(t *testing.T, f *fixture) {
		own := f.personIn(t, "慈溪市市场监督管理局")
		other := f.personIn(t, "慈溪市教育局")
		for _, tc := range []struct {
			user             string
			seeOwn, seeOther bool
			editOwn          bool
			fullID           bool
		}{
			{"admin", true, true, true, true},
			{"fazhiban", true, true, true, true},
			{"clerk", true, false, true, true},
			{"leader", true, false, false, false},
			{"officer", true, false, false, false},
			{"reviewer", true, false, false, false},
			{"court", false, false, false, false},
			{"police", false, false, false, false},
			{"procuratorate", false, false, false, false},
		} {
			c := f.login(t, tc.user)
			for _, path := range []string{"/people/%d", "/api/v1/people/%d", "/api/v1/people/%d/history", "/people/%d/edit"} {
				for _, target := range []struct {
					id   int64
					want bool
				}{{own, tc.seeOwn}, {other, tc.seeOther}} {
					if strings.HasSuffix(path, "/edit") {
						target.want = target.want && (tc.editOwn || tc.seeOther)
					}
					resp := c.do("GET", fmt.Sprintf(path, target.id), nil)
					if got := resp.StatusCode == http.StatusOK; got != target.want {
						t.Errorf("%s GET %s: %d, want visible=%v", tc.user, fmt.Sprintf(path, target.id), resp.StatusCode, target.want)
					}
					if resp.StatusCode == http.StatusOK && strings.Contains(path, "/api/") && !strings.Contains(path, "history") {
						masked := strings.Contains(resp.body, "***")
						if masked == tc.fullID {
							t.Errorf("%s GET %s: resident ID masked=%v, want full=%v", tc.user, path, masked, tc.fullID)
						}
					}
				}
			}
			// Lists never include another unit's people for unit staff.
			resp := c.do("GET", fmt.Sprintf("/api/v1/people?unit_id=%d", f.unitID(t, "慈溪市教育局")), nil)
			if tc.seeOther != strings.Contains(resp.body, `"unit_name":"慈溪市教育局"`) && resp.StatusCode == http.StatusOK {
				t.Errorf("%s list of another unit's people: %s", tc.user, resp.body[:min(200, len(resp.body))])
			}
			// Writing another unit's person is refused and changes nothing.
			resp = c.do("PUT", fmt.Sprintf("/api/v1/people/%d", other), map[string]any{"name": "篡改", "resident_id": "11010519491231002X"})
			if tc.seeOther != (resp.StatusCode != http.StatusNotFound && resp.StatusCode != http.StatusForbidden && resp.StatusCode != http.StatusUnauthorized) {
				t.Errorf("%s PUT another unit's person: %d %s", tc.user, resp.StatusCode, resp.body)
			}
		}
		p, _ := f.store.Person(t.Context(), other)
		if p.Name == "篡改" {
			t.Fatal("a person of another unit was changed")
		}
	})
}
