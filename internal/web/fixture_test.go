package web

import (
	"bytes"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"os"
	"strings"
	"sync"
	"testing"

	"fazhi/internal/demo"
	"fazhi/internal/demo/demotest"
	"fazhi/internal/sqldb"
	"fazhi/internal/sqldb/dbtest"
	"fazhi/internal/store"
)

// fixture is a server over a demo database on one engine, shared by the
// tests of this package (they do not change what others read).
type fixture struct {
	engine sqldb.Engine
	store  *store.Store
	srv    *Server
	ts     *httptest.Server
}

var (
	fixturesMu sync.Mutex
	fixtures   = map[sqldb.Engine]*fixture{}
)

// forEachEngine runs fn against the demo fixture of every engine.
func forEachEngine(t *testing.T, fn func(t *testing.T, f *fixture)) {
	for _, e := range dbtest.Engines() {
		t.Run(string(e), func(t *testing.T) { fn(t, getFixture(t, e)) })
	}
}

func getFixture(t *testing.T, e sqldb.Engine) *fixture {
	t.Helper()
	fixturesMu.Lock()
	defer fixturesMu.Unlock()
	if f, ok := fixtures[e]; ok {
		return f
	}
	f := newFixture(t, e)
	fixtures[e] = f
	return f
}

var cleanups []func()

func TestMain(m *testing.M) {
	code := m.Run()
	for _, f := range fixtures {
		f.ts.Close()
	}
	for _, c := range cleanups {
		c()
	}
	os.Exit(code)
}

// newFixture builds a demo server whose database lives until the test
// binary ends.
func newFixture(t testing.TB, e sqldb.Engine) *fixture {
	t.Helper()
	s, _, drop, err := demotest.OpenShared(e)
	if err != nil {
		t.Fatalf("%s demo database: %v", e, err)
	}
	cleanups = append(cleanups, drop)
	srv, err := New(s, slog.New(slog.NewTextHandler(io.Discard, nil)), Config{Instance: "test"})
	if err != nil {
		t.Fatal(err)
	}
	return &fixture{engine: e, store: s, srv: srv, ts: httptest.NewServer(srv)}
}

// client is a browser-like session against the fixture.
type client struct {
	t    *testing.T
	f    *fixture
	http *http.Client
	csrf string
}

func (f *fixture) anon(t *testing.T) *client {
	jar, _ := cookiejar.New(nil)
	return &client{t: t, f: f, http: &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error {
		return http.ErrUseLastResponse
	}}}
}

// login signs in as a demo account through the API.
func (f *fixture) login(t *testing.T, username string) *client {
	t.Helper()
	c := f.anon(t)
	resp := c.do("POST", "/api/v1/session", map[string]string{"username": username, "password": demo.Password})
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("login %s: %d %s", username, resp.StatusCode, resp.body)
	}
	var out struct {
		CSRF string `json:"csrf_token"`
	}
	json.Unmarshal([]byte(resp.body), &out)
	c.csrf = out.CSRF
	return c
}

type response struct {
	*http.Response
	body string
}

// do sends a request; a map or struct body is sent as JSON, url.Values
// as a form. The CSRF token goes along when the client has one.
func (c *client) do(method, path string, body any) response {
	c.t.Helper()
	var rd io.Reader
	ctype := ""
	switch b := body.(type) {
	case nil:
	case string:
		rd, ctype = strings.NewReader(b), "application/x-www-form-urlencoded"
	default:
		js, _ := json.Marshal(b)
		rd, ctype = bytes.NewReader(js), "application/json"
	}
	req, _ := http.NewRequest(method, c.f.ts.URL+path, rd)
	if ctype != "" {
		req.Header.Set("Content-Type", ctype)
	}
	if c.csrf != "" {
		req.Header.Set("X-CSRF-Token", c.csrf)
	}
	resp, err := c.http.Do(req)
	if err != nil {
		c.t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return response{resp, string(b)}
}

func storeFilterByName(name string) store.PersonFilter { return store.PersonFilter{Query: name} }
