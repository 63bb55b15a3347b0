package web

import (
	"bytes"
	"encoding/json"
	"fmt"
	"mime/multipart"
	"net/http"
	"net/url"
	"sort"
	"strings"
	"testing"
)

// TestOpenAPIMatchesRoutes keeps the published description equal to the
// routes the server really answers.
func TestOpenAPIMatchesRoutes(t *testing.T) {
	forEachEngine(t, func(t *testing.T, f *fixture) {
		resp := f.anon(t).do("GET", "/api/v1/openapi.json", nil)
		var doc struct {
			OpenAPI string                    `json:"openapi"`
			Paths   map[string]map[string]any `json:"paths"`
		}
		if err := json.Unmarshal([]byte(resp.body), &doc); err != nil || doc.OpenAPI == "" {
			t.Fatalf("openapi.json: %v %s", err, resp.body)
		}
		var described, served []string
		for path, ops := range doc.Paths {
			for method := range ops {
				described = append(described, strings.ToUpper(method)+" "+path)
			}
		}
		for _, rt := range f.srv.routes {
			if strings.HasPrefix(rt.pattern, "/api/") {
				served = append(served, rt.method+" "+rt.pattern)
			}
		}
		sort.Strings(described)
		sort.Strings(served)
		if strings.Join(described, "\n") != strings.Join(served, "\n") {
			t.Fatalf("openapi paths differ from routes:\n%v\nvs\n%v", described, served)
		}
		// Every described operation is routed (not a 404 from the mux).
		admin := f.login(t, "admin")
		for _, op := range described {
			method, path, _ := strings.Cut(op, " ")
			if method == "DELETE" && path == "/api/v1/session" {
				continue
			}
			path = strings.NewReplacer("{id}", "1", "{kind}", "units").Replace(path)
			resp := admin.do(method, path, emptyBody(route{method: method, api: true}))
			// The mux's own 404 is plain text; a handler's is a problem
			// document naming what was not found.
			if resp.StatusCode == http.StatusNotFound && strings.Contains(resp.body, "404 page not found") {
				t.Errorf("%s %s is described but not routed", method, path)
			}
			if resp.StatusCode == http.StatusMethodNotAllowed {
				t.Errorf("%s %s: 405", method, path)
			}
		}
	})
}

func TestCSRF(t *testing.T) {
	forEachEngine(t, func(t *testing.T, f *fixture) {
		c := f.login(t, "admin")
		token := c.csrf
		c.csrf = ""
		resp := c.do("POST", "/api/v1/units", map[string]any{"name": "跨站伪造的单位", "kind": "department"})
		if resp.StatusCode != http.StatusForbidden || !strings.Contains(resp.body, "CSRF") {
			t.Fatalf("POST without token: %d %s", resp.StatusCode, resp.body)
		}
		c.csrf = "wrong"
		if resp := c.do("POST", "/units", "name=跨站伪造的单位&kind=department"); resp.StatusCode != http.StatusForbidden {
			t.Fatalf("form POST with a wrong token: %d", resp.StatusCode)
		}
		if _, err := f.store.UnitByName(t.Context(), "跨站伪造的单位"); err == nil {
			t.Fatal("a forged request wrote a unit")
		}
		// A login posted from another site is refused.
		req, _ := http.NewRequest("POST", f.ts.URL+"/login", strings.NewReader("username=admin&password=x"))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.Header.Set("Origin", "https://evil.example")
		r, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		r.Body.Close()
		if r.StatusCode != http.StatusForbidden {
			t.Fatalf("cross-site login: %d", r.StatusCode)
		}
		c.csrf = token
	})
}

func TestProblemJSONNamesField(t *testing.T) {
	forEachEngine(t, func(t *testing.T, f *fixture) {
		c := f.login(t, "fazhiban")
		resp := c.do("POST", "/api/v1/units", map[string]any{"name": "慈溪市测试局", "kind": "department", "credit_code": "91350100M000100Y4Z"})
		if resp.StatusCode != http.StatusUnprocessableEntity || !strings.HasPrefix(resp.Header.Get("Content-Type"), "application/problem+json") {
			t.Fatalf("bad credit code: %d %s", resp.StatusCode, resp.Header.Get("Content-Type"))
		}
		var p problem
		json.Unmarshal([]byte(resp.body), &p)
		if len(p.Fields) != 1 || p.Fields[0].Field != "credit_code" || !strings.Contains(p.Fields[0].Message, "应为 3") {
			t.Fatalf("problem = %+v", p)
		}
		if resp := c.do("POST", "/api/v1/units", map[string]any{"nmae": "拼错字段"}); resp.StatusCode != http.StatusUnprocessableEntity {
			t.Fatalf("unknown field accepted: %d", resp.StatusCode)
		}
		if _, err := f.store.UnitByName(t.Context(), "慈溪市测试局"); err == nil {
			t.Fatal("invalid unit was written")
		}
	})
}

func TestFormShowsFieldError(t *testing.T) {
	forEachEngine(t, func(t *testing.T, f *fixture) {
		c := f.login(t, "fazhiban")
		form := url.Values{"name": {"慈溪市表单测试局"}, "kind": {"department"}, "credit_code": {"91350100M000100Y4Z"}}
		resp := c.do("POST", "/units", form.Encode())
		if resp.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(resp.body, "应为 3，实为 Z") {
			t.Fatalf("form error: %d", resp.StatusCode)
		}
		if !strings.Contains(resp.body, "慈溪市表单测试局") {
			t.Error("the form lost what the user typed")
		}
	})
}

func TestHTTPConflict(t *testing.T) {
	forEachEngine(t, func(t *testing.T, f *fixture) {
		c := f.login(t, "fazhiban")
		resp := c.do("POST", "/api/v1/units", map[string]any{"name": "慈溪市并发测试局" + string(f.engine), "kind": "department"})
		var u struct {
			ID      int64 `json:"id"`
			Version int   `json:"version"`
		}
		json.Unmarshal([]byte(resp.body), &u)
		path := fmt.Sprintf("/api/v1/units/%d", u.ID)
		body := func(phone string) map[string]any {
			return map[string]any{"name": "慈溪市并发测试局" + string(f.engine), "kind": "department", "phone": phone, "version": u.Version, "reason": "测试"}
		}
		if r := c.do("PUT", path, body("1")); r.StatusCode != http.StatusOK {
			t.Fatalf("first update: %d %s", r.StatusCode, r.body)
		}
		r := c.do("PUT", path, body("2"))
		if r.StatusCode != http.StatusConflict || !strings.Contains(r.body, "已被他人修改") {
			t.Fatalf("second update with the same version: %d %s", r.StatusCode, r.body)
		}
		hist := c.do("GET", path+"/history", nil)
		if strings.Count(hist.body, `"seq"`) != 2 {
			t.Fatalf("history: %s", hist.body)
		}
	})
}

func TestWebImportRollsBack(t *testing.T) {
	forEachEngine(t, func(t *testing.T, f *fixture) {
		c := f.login(t, "clerk")
		csv := "姓名,公民身份号码,所在单位,职务\n王导入,11010519491231002X,慈溪市市场监督管理局,科员\n赵导入,11010519491231002Y,慈溪市市场监督管理局,科员\n"
		var buf bytes.Buffer
		mw := multipart.NewWriter(&buf)
		mw.WriteField("kind", "people")
		fw, _ := mw.CreateFormFile("file", "人员.csv")
		fw.Write([]byte(csv))
		mw.Close()
		req, _ := http.NewRequest("POST", f.ts.URL+"/api/v1/imports/people", &buf)
		req.Header.Set("Content-Type", mw.FormDataContentType())
		req.Header.Set("X-CSRF-Token", c.csrf)
		resp, err := c.http.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		var out struct {
			OK     bool  `json:"ok"`
			RunID  int64 `json:"run_id"`
			Errors []struct {
				Line   int    `json:"Line"`
				Column string `json:"Column"`
			} `json:"errors"`
		}
		json.NewDecoder(resp.Body).Decode(&out)
		resp.Body.Close()
		if resp.StatusCode != http.StatusUnprocessableEntity || out.OK || len(out.Errors) != 1 || out.Errors[0].Line != 3 {
			t.Fatalf("import: %d %+v", resp.StatusCode, out)
		}
		if _, n, _ := f.store.People(t.Context(), storeFilterByName("王导入")); n != 0 {
			t.Fatal("the good row of a failed import was written")
		}
		rep := c.do("GET", fmt.Sprintf("/imports/runs/%d/report?format=csv", out.RunID), nil)
		if rep.StatusCode != http.StatusOK || !strings.Contains(rep.body, "11010519491231002Y") {
			t.Fatalf("report download: %d %s", rep.StatusCode, rep.body)
		}
	})
}

func TestSecurityHeaders(t *testing.T) {
	forEachEngine(t, func(t *testing.T, f *fixture) {
		resp := f.anon(t).do("GET", "/", nil)
		for _, h := range []string{"Content-Security-Policy", "X-Content-Type-Options", "X-Frame-Options", "Referrer-Policy"} {
			if resp.Header.Get(h) == "" {
				t.Errorf("missing %s", h)
			}
		}
		login := f.anon(t).do("POST", "/login", url.Values{"username": {"admin"}, "password": {"Fazhi@2026demo"}}.Encode())
		cookie := login.Header.Get("Set-Cookie")
		if !strings.Contains(cookie, "HttpOnly") || !strings.Contains(cookie, "SameSite=Lax") {
			t.Errorf("session cookie flags: %s", cookie)
		}
	})
}

func TestHealthAndMetrics(t *testing.T) {
	forEachEngine(t, func(t *testing.T, f *fixture) {
		c := f.anon(t)
		if r := c.do("GET", "/healthz", nil); r.StatusCode != http.StatusOK {
			t.Fatalf("healthz %d", r.StatusCode)
		}
		r := c.do("GET", "/metrics", nil)
		if !strings.Contains(r.body, `fazhi_http_requests_total{method="GET",route="/healthz",code="200"}`) {
			t.Fatalf("metrics:\n%s", r.body)
		}
	})
}
