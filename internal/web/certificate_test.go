package web

import (
	"bytes"
	"crypto/tls"
	"encoding/json"
	"fmt"
	"image/png"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"fazhi/internal/audit"
	"fazhi/internal/calendar"
	"fazhi/internal/certificate"
	"fazhi/internal/ident"
	"fazhi/internal/org"
	"fazhi/internal/store"
)

// The certificate tests make their own officers, exams and certificates
// through the store in 慈溪市交通运输局, a unit no other test reads, so
// they pass whether or not the demo data has certificates.

const certUnit = "慈溪市交通运输局"

var (
	certSeqMu sync.Mutex
	certSeq   = map[string]int{}
)

// nextSeq numbers the records a test makes on one engine.
func (f *fixture) nextSeq() int {
	certSeqMu.Lock()
	defer certSeqMu.Unlock()
	certSeq[string(f.engine)]++
	return certSeq[string(f.engine)]
}

func testToday() calendar.Date { return calendar.DateOf(time.Now().In(beijing)) }

// holder is a person made for a test: an officer on the establishment in
// the test unit, with a passed exam and, when issued, a certificate.
type holder struct {
	person     org.Person
	unitID     int64
	session    store.ExamSession
	cert       certificate.Certificate
	residentID string
}

var names = []string{"甲", "乙", "丙", "丁", "戊", "己", "庚", "辛", "壬", "癸"}

// newOfficer registers a person of the test unit as an officer with a
// passed exam a month ago (no certificate).
func (f *fixture) newOfficer(t *testing.T) holder {
	t.Helper()
	ctx := t.Context()
	n := f.nextSeq()
	unit := f.unitID(t, certUnit)
	// A region code and birth years the demo does not use keep the number unique.
	birth := time.Date(1970+n%25, time.Month(1+n%12), 1+n%27, 0, 0, 0, 0, time.UTC)
	rid := ident.MakeResidentID("110105", birth, 500+n)
	p := org.Person{Name: "证测" + names[n%10] + names[(n/10)%10], ResidentID: rid, UnitID: unit, Post: "执法队员", Status: org.Active}
	if err := f.store.CreatePerson(ctx, audit.System, &p); err != nil {
		t.Fatalf("person: %v", err)
	}
	o := certificate.Officer{PersonID: p.ID, Establishment: certificate.Administrative, Education: "大学本科", EnforcementPost: true}
	if err := f.store.SaveOfficer(ctx, audit.System, &o, ""); err != nil {
		t.Fatalf("officer: %v", err)
	}
	e := store.ExamSession{Name: fmt.Sprintf("网页测试考试 %s-%d", f.engine, n), HeldOn: testToday().AddDays(-30)}
	if err := f.store.CreateExamSession(ctx, audit.System, &e); err != nil {
		t.Fatalf("exam: %v", err)
	}
	if _, err := f.store.RegisterForExam(ctx, audit.System, e.ID, []int64{p.ID}); err != nil {
		t.Fatalf("register: %v", err)
	}
	regs, err := f.store.Registrations(ctx, e.ID, nil)
	if err != nil || len(regs) != 1 {
		t.Fatalf("registrations: %v %v", regs, err)
	}
	if _, err := f.store.RecordScores(ctx, audit.System, regs[0].ID, 80, 85); err != nil {
		t.Fatalf("scores: %v", err)
	}
	return holder{person: p, unitID: unit, session: e, residentID: rid}
}

// newHolder is newOfficer with a certificate issued ten days ago.
func (f *fixture) newHolder(t *testing.T) holder {
	t.Helper()
	h := f.newOfficer(t)
	h.cert = certificate.Certificate{PersonID: h.person.ID, UnitID: h.unitID, Area: "慈溪市行政区域",
		Categories: []string{"交通运输", "道路运输"}, PowerSource: certificate.Statutory, IssuedOn: testToday().AddDays(-10)}
	if err := f.store.IssueCertificate(t.Context(), audit.System, &h.cert); err != nil {
		t.Fatalf("issue: %v", err)
	}
	return h
}

// fromAddr sends a request as if from addr, straight to the server (the
// verification throttle counts per address, so each test uses its own).
func (f *fixture) fromAddr(addr, method, path string) *httptest.ResponseRecorder {
	req := httptest.NewRequest(method, path, nil)
	req.RemoteAddr = addr + ":40000"
	rec := httptest.NewRecorder()
	f.srv.ServeHTTP(rec, req)
	return rec
}

var (
	addrMu   sync.Mutex
	addrNext = int(time.Now().UnixNano() % 60000)
)

// testAddr is an address of the benchmarking range (198.18.0.0/15) that
// no other lookup of this test binary uses.
func testAddr() string {
	addrMu.Lock()
	defer addrMu.Unlock()
	addrNext++
	return fmt.Sprintf("198.18.%d.%d", addrNext/250%256, addrNext%250+1)
}

func verifyPath(number string) string { return "/verify/" + url.PathEscape(number) }

func decodeJSON[T any](t *testing.T, body string) T {
	t.Helper()
	var v T
	if err := json.Unmarshal([]byte(body), &v); err != nil {
		t.Fatalf("json: %v: %s", err, body)
	}
	return v
}

func TestCertificateScope(t *testing.T) {
	forEachEngine(t, func(t *testing.T, f *fixture) {
		h := f.newHolder(t)
		certPath := fmt.Sprintf("/certificates/%d", h.cert.ID)
		marketUnit := f.unitID(t, "慈溪市市场监督管理局")
		// Unit staff of another unit: not found, and none in lists.
		for _, user := range []string{"clerk", "leader", "officer", "reviewer"} {
			c := f.login(t, user)
			for _, p := range []string{certPath, certPath + "/card", certPath + "/qr.png", "/api/v1" + certPath,
				"/api/v1" + certPath + "/statuses", fmt.Sprintf("/officers/%d", h.person.ID), fmt.Sprintf("/api/v1/officers/%d", h.person.ID),
				fmt.Sprintf("/api/v1/certificates?unit_id=%d", h.unitID), fmt.Sprintf("/certificates/stats?unit_id=%d", h.unitID)} {
				if r := c.do("GET", p, nil); r.StatusCode != http.StatusNotFound {
					t.Errorf("%s GET %s: %d, want 404", user, p, r.StatusCode)
				}
			}
			lr := c.do("GET", "/api/v1/certificates?limit=500", nil)
			if lr.StatusCode != http.StatusOK {
				t.Fatalf("%s list: %d %s", user, lr.StatusCode, lr.body)
			}
			for _, it := range decodeJSON[list[certificate.Certificate]](t, lr.body).Items {
				if it.UnitID != marketUnit {
					t.Errorf("%s sees certificate %s of unit %s", user, it.Number, it.UnitName)
				}
			}
			if page := c.do("GET", "/certificates?q="+url.QueryEscape(h.cert.Number), nil); strings.Contains(page.body, `href="`+certPath+`"`) ||
				!strings.Contains(page.body, "没有符合条件的证件") {
				t.Errorf("%s finds another unit's certificate in the list page", user)
			}
			if page := c.do("GET", "/officers?q="+url.QueryEscape(h.person.Name), nil); strings.Contains(page.body, fmt.Sprintf(`href="/officers/%d"`, h.person.ID)) {
				t.Errorf("%s finds another unit's officer", user)
			}
			exam := c.do("GET", fmt.Sprintf("/api/v1/exams/%d/registrations", h.session.ID), nil)
			if strings.Contains(exam.body, h.person.Name) {
				t.Errorf("%s sees another unit's exam registration", user)
			}
			stats := decodeJSON[struct {
				Units []store.CertUnitStats `json:"units"`
			}](t, c.do("GET", "/api/v1/certificates/stats", nil).body)
			for _, u := range stats.Units {
				if u.UnitID != marketUnit {
					t.Errorf("%s statistics include %s", user, u.UnitName)
				}
			}
		}
		// The clerk may not write another unit's records.
		clerk := f.login(t, "clerk")
		if r := clerk.do("POST", fmt.Sprintf("/api/v1/exams/%d/registrations", h.session.ID),
			map[string]any{"person_ids": []int64{h.person.ID}}); r.StatusCode != http.StatusUnprocessableEntity {
			t.Errorf("clerk registers another unit's officer: %d %s", r.StatusCode, r.body)
		}
		if r := clerk.do("POST", "/api/v1/reviews", map[string]any{"unit_id": h.unitID, "year": testToday().Year}); r.StatusCode != http.StatusUnprocessableEntity {
			t.Errorf("clerk runs another unit's annual review: %d %s", r.StatusCode, r.body)
		}
		if r := clerk.do("PUT", fmt.Sprintf("/api/v1/officers/%d", h.person.ID), map[string]any{"establishment": "other", "version": 1}); r.StatusCode != http.StatusNotFound {
			t.Errorf("clerk edits another unit's officer: %d %s", r.StatusCode, r.body)
		}
		if r := clerk.do("POST", certPath+"/status", map[string]any{}); r.StatusCode != http.StatusForbidden {
			t.Errorf("clerk changes a certificate's status: %d", r.StatusCode)
		}
		if o, _ := f.store.Officer(t.Context(), h.person.ID); o.Establishment != certificate.Administrative {
			t.Fatal("another unit's officer was changed")
		}
		// The legal affairs office sees everything.
		office := f.login(t, "fazhiban")
		for _, p := range []string{certPath, certPath + "/card", certPath + "/qr.png", "/api/v1" + certPath, fmt.Sprintf("/officers/%d", h.person.ID)} {
			if r := office.do("GET", p, nil); r.StatusCode != http.StatusOK {
				t.Errorf("fazhiban GET %s: %d", p, r.StatusCode)
			}
		}
		if r := office.do("GET", "/certificates?q="+url.QueryEscape(h.cert.Number), nil); !strings.Contains(r.body, h.cert.Number) {
			t.Error("fazhiban does not find the certificate in the list")
		}
		// The partner and the public reach only the verification.
		court, public := f.login(t, "court"), f.anon(t)
		for _, p := range []string{"/certificates", certPath, "/officers", "/exams", "/reviews", "/anomalies", "/certificates/stats",
			"/api/v1/certificates", "/api/v1" + certPath, "/api/v1/entitlement?person_id=1&unit_id=1"} {
			if r := court.do("GET", p, nil); r.StatusCode != http.StatusForbidden {
				t.Errorf("court GET %s: %d, want 403", p, r.StatusCode)
			}
			if r := public.do("GET", p, nil); !refused(r) {
				t.Errorf("public GET %s: %d, want refused", p, r.StatusCode)
			}
		}
		if r := court.do("GET", "/verify", nil); r.StatusCode != http.StatusOK {
			t.Errorf("court /verify: %d", r.StatusCode)
		}
		if r := public.do("GET", "/verify", nil); r.StatusCode != http.StatusOK || !strings.Contains(r.body, `name="number"`) {
			t.Errorf("public /verify: %d", r.StatusCode)
		}
		addr := testAddr()
		if r := f.fromAddr(addr, "GET", "/api/v1"+verifyPath(h.cert.Number)); r.Code != http.StatusOK {
			t.Errorf("public verify API: %d %s", r.Code, r.Body)
		}
	})
}

func TestVerifyURL(t *testing.T) {
	s := &Server{}
	r := httptest.NewRequest("GET", "http://fazhi.cixi.example/certificates/1/card", nil)
	r.Header.Set("X-Forwarded-Proto", "https")
	if got, want := s.verifyURL(r, "浙330282202600001"), "http://fazhi.cixi.example/verify/%E6%B5%99330282202600001"; got != want {
		t.Errorf("verifyURL = %q, want %q (X-Forwarded-Proto must not be trusted)", got, want)
	}
	r.TLS = &tls.ConnectionState{}
	if got := s.verifyURL(r, "A1"); got != "https://fazhi.cixi.example/verify/A1" {
		t.Errorf("over TLS: %q", got)
	}
	s.cfg.SecureCookies = true
	r.TLS = nil
	if got := s.verifyURL(r, "A1"); got != "https://fazhi.cixi.example/verify/A1" {
		t.Errorf("with secure cookies (behind an HTTPS proxy): %q", got)
	}
}

// TestCertificateIssueCardQR issues through the form, prints the card and
// checks that the QR code encodes the absolute verification address.
func TestCertificateIssueCardQR(t *testing.T) {
	forEachEngine(t, func(t *testing.T, f *fixture) {
		h := f.newOfficer(t)
		office := f.login(t, "fazhiban")
		form := fmt.Sprintf("/certificates/new?unit_id=%d", h.unitID)
		if r := office.do("GET", form, nil); r.StatusCode != http.StatusOK || !strings.Contains(r.body, h.person.Name) {
			t.Fatalf("issue form: %d, lists the officer=%v", r.StatusCode, strings.Contains(r.body, h.person.Name))
		}
		values := url.Values{"csrf": {office.csrf}, "unit_id": {fmt.Sprint(h.unitID)}, "person_id": {fmt.Sprint(h.person.ID)},
			"area": {"慈溪市行政区域"}, "categories": {"交通运输、道路运输；水路运输"}, "power_source": {"statutory"},
			"issued_on": {testToday().String()}}
		bad := url.Values{}
		for k, v := range values {
			bad[k] = v
		}
		bad.Set("categories", "")
		if r := office.do("POST", "/certificates", bad.Encode()); r.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(r.body, "至少填写一项") {
			t.Fatalf("issue without categories: %d", r.StatusCode)
		}
		r := office.do("POST", "/certificates", values.Encode())
		if r.StatusCode != http.StatusSeeOther {
			t.Fatalf("issue: %d %s", r.StatusCode, r.body)
		}
		certPath := r.Header.Get("Location")
		show := office.do("GET", certPath, nil)
		if show.StatusCode != http.StatusOK || !strings.Contains(show.body, h.person.Name) || !strings.Contains(show.body, "水路运输") {
			t.Fatalf("certificate page: %d", show.StatusCode)
		}
		certs, _, err := f.store.Certificates(t.Context(), store.CertFilter{PersonID: h.person.ID})
		if err != nil || len(certs) != 1 {
			t.Fatalf("issued: %v %v", certs, err)
		}
		c := certs[0]
		if c.Issuer != "慈溪市人民政府" || c.ValidUntil.IsZero() || len(c.Categories) != 3 {
			t.Errorf("issued certificate = %+v", c)
		}
		// A second certificate for the same person is refused with the reason.
		if r := office.do("POST", "/certificates", values.Encode()); r.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(r.body, "应换发而非新发") {
			t.Errorf("second issue: %d", r.StatusCode)
		}
		card := office.do("GET", certPath+"/card", nil)
		want := f.ts.URL + verifyPath(c.Number)
		for _, s := range []string{c.Number, h.person.Name, "照片", "慈溪市人民政府 监制", certPath + "/qr.png", want} {
			if !strings.Contains(card.body, s) {
				t.Errorf("card lacks %q", s)
			}
		}
		qr := office.do("GET", certPath+"/qr.png", nil)
		if qr.StatusCode != http.StatusOK || qr.Header.Get("Content-Type") != "image/png" {
			t.Fatalf("qr: %d %s", qr.StatusCode, qr.Header.Get("Content-Type"))
		}
		img, err := png.Decode(strings.NewReader(qr.body))
		if err != nil || img.Bounds().Dx() < 100 || img.Bounds().Dx() != img.Bounds().Dy() {
			t.Fatalf("qr png: %v %v", err, img)
		}
		// The encoder is deterministic: the same payload gives the same image.
		expect, err := qrPNG(want)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(expect, []byte(qr.body)) {
			t.Errorf("the QR code does not encode %s", want)
		}
		req := httptest.NewRequest("GET", f.ts.URL+certPath+"/qr.png", nil)
		if got := f.srv.verifyURL(req, c.Number); got != want {
			t.Errorf("payload %q, want %q", got, want)
		}
		// The QR target answers: the certificate is valid.
		if v := f.fromAddr(testAddr(), "GET", verifyPath(c.Number)); v.Code != http.StatusOK || !strings.Contains(v.Body.String(), "verify-valid") {
			t.Errorf("verify page of the new certificate: %d", v.Code)
		}
	})
}

func TestCertificateStatusChange(t *testing.T) {
	forEachEngine(t, func(t *testing.T, f *fixture) {
		h := f.newHolder(t)
		office := f.login(t, "fazhiban")
		api := fmt.Sprintf("/api/v1/certificates/%d", h.cert.ID)
		today := testToday().String()
		body := map[string]any{"action": "withhold", "version": h.cert.Version, "on": today, "reason": "涉嫌违法执法，立案调查"}
		r := office.do("POST", api+"/status", body)
		if r.StatusCode != http.StatusOK || !strings.Contains(r.body, `"status":"withheld"`) {
			t.Fatalf("withhold: %d %s", r.StatusCode, r.body)
		}
		// The same version again: someone else changed it first.
		body["action"] = "cancel"
		if r := office.do("POST", api+"/status", body); r.StatusCode != http.StatusConflict || !strings.Contains(r.body, "已被他人修改") {
			t.Fatalf("stale version: %d %s", r.StatusCode, r.body)
		}
		// The form: a stale version shows the conflict and the current state.
		page := fmt.Sprintf("/certificates/%d", h.cert.ID)
		form := url.Values{"csrf": {office.csrf}, "action": {"restore"}, "on": {today}, "reason": {"调查结束，恢复"}, "version": {fmt.Sprint(h.cert.Version)}}
		if r := office.do("POST", page+"/status", form.Encode()); r.StatusCode != http.StatusConflict || !strings.Contains(r.body, "已被他人修改") ||
			!strings.Contains(r.body, `value="restore"`) {
			t.Fatalf("form with a stale version: %d", r.StatusCode)
		}
		// A missing reason is a field error.
		form.Set("version", fmt.Sprint(h.cert.Version+1))
		form.Set("reason", "")
		if r := office.do("POST", page+"/status", form.Encode()); r.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(r.body, "必填项为空") {
			t.Fatalf("form without a reason: %d", r.StatusCode)
		}
		form.Set("reason", "调查结束，恢复")
		if r := office.do("POST", page+"/status", form.Encode()); r.StatusCode != http.StatusSeeOther || r.Header.Get("Location") != page {
			t.Fatalf("restore: %d %s", r.StatusCode, r.Header.Get("Location"))
		}
		// Reissue voids the card and redirects to its successor.
		form = url.Values{"csrf": {office.csrf}, "action": {"reissue"}, "on": {today}, "reason": {"证件遗失，已登报声明作废"}, "version": {fmt.Sprint(h.cert.Version + 2)}}
		r = office.do("POST", page+"/status", form.Encode())
		if r.StatusCode != http.StatusSeeOther || r.Header.Get("Location") == page {
			t.Fatalf("reissue: %d %s %s", r.StatusCode, r.Header.Get("Location"), r.body)
		}
		next := office.do("GET", r.Header.Get("Location"), nil)
		if !strings.Contains(next.body, h.cert.Number) || !strings.Contains(next.body, "换发") {
			t.Errorf("successor page does not name the original")
		}
		old := office.do("GET", page, nil)
		if !strings.Contains(old.body, "换发的新证为") || !strings.Contains(old.body, "证件遗失") {
			t.Errorf("voided page does not link the successor")
		}
		hist := decodeJSON[list[certificate.StatusChange]](t, office.do("GET", api+"/statuses", nil).body)
		var got []string
		for _, s := range hist.Items {
			got = append(got, string(s.Status))
		}
		if strings.Join(got, ",") != "valid,withheld,valid,reissued" {
			t.Errorf("status history = %v", got)
		}
	})
}

func TestVerify(t *testing.T) {
	forEachEngine(t, func(t *testing.T, f *fixture) {
		h := f.newHolder(t)
		addr := testAddr()
		masked := ident.MaskResidentID(h.residentID)
		r := f.fromAddr(addr, "GET", verifyPath(h.cert.Number))
		body := r.Body.String()
		if r.Code != http.StatusOK || !strings.Contains(body, `<span class="verify-word">有效</span>`) {
			t.Fatalf("valid certificate: %d", r.Code)
		}
		for _, s := range []string{h.person.Name, certUnit, "交通运输", "法定", "慈溪市人民政府", h.cert.ValidUntil.String()} {
			if !strings.Contains(body, s) {
				t.Errorf("verify page lacks %q", s)
			}
		}
		if strings.Contains(body, h.residentID) || strings.Contains(body, masked) || strings.Contains(body, h.residentID[6:14]) {
			t.Error("the verify page shows the ID number")
		}
		if strings.Contains(body, `action="/logout"`) {
			t.Error("the public page shows a logout button")
		}
		js := f.fromAddr(addr, "GET", "/api/v1"+verifyPath(h.cert.Number))
		v := decodeJSON[map[string]any](t, js.Body.String())
		if js.Code != http.StatusOK || v["valid"] != true || v["name"] != h.person.Name || strings.Contains(js.Body.String(), h.residentID) {
			t.Errorf("verify API: %d %s", js.Code, js.Body)
		}
		for k := range v {
			if strings.Contains(k, "resident") || k == "person_id" {
				t.Errorf("verify API field %q", k)
			}
		}
		// A withheld certificate is not valid, and says why.
		if _, err := f.store.ChangeStatus(t.Context(), audit.System, h.cert.ID, store.StatusRequest{Action: certificate.Withhold,
			Version: h.cert.Version, On: testToday(), Reason: "测试暂扣"}); err != nil {
			t.Fatal(err)
		}
		r = f.fromAddr(addr, "GET", verifyPath(h.cert.Number))
		if body := r.Body.String(); r.Code != http.StatusOK || !strings.Contains(body, `<span class="verify-word">无效</span>`) || !strings.Contains(body, "暂扣") {
			t.Errorf("withheld certificate: %d", r.Code)
		}
		// An unknown number is not found; the form redirects to the QR address.
		r = f.fromAddr(addr, "GET", verifyPath("浙000000000000000"))
		if r.Code != http.StatusNotFound || !strings.Contains(r.Body.String(), "查无此证") {
			t.Errorf("unknown number: %d", r.Code)
		}
		r = f.fromAddr(addr, "GET", "/verify?number="+url.QueryEscape(" "+h.cert.Number+" "))
		if r.Code != http.StatusSeeOther || r.Header().Get("Location") != verifyPath(h.cert.Number) {
			t.Errorf("form redirect: %d %s", r.Code, r.Header().Get("Location"))
		}
	})
}

func TestVerifyThrottle(t *testing.T) {
	forEachEngine(t, func(t *testing.T, f *fixture) {
		h := f.newHolder(t)
		rl, err := f.store.Rule(t.Context(), "certificate.verify_limit", testToday())
		if err != nil {
			t.Fatal(err)
		}
		limit, _ := rl.Int()
		addr := testAddr()
		for i := range limit {
			path := verifyPath(h.cert.Number)
			if i%2 == 1 {
				path = "/api/v1" + path
			}
			if r := f.fromAddr(addr, "GET", path); r.Code != http.StatusOK {
				t.Fatalf("lookup %d of %d: %d", i+1, limit, r.Code)
			}
		}
		r := f.fromAddr(addr, "GET", verifyPath(h.cert.Number))
		if r.Code != http.StatusTooManyRequests || !strings.Contains(r.Body.String(), "查询过于频繁") || r.Header().Get("Retry-After") == "" {
			t.Fatalf("lookup %d: %d", limit+1, r.Code)
		}
		if strings.Contains(r.Body.String(), h.person.Name) {
			t.Error("a throttled lookup still shows the certificate")
		}
		r = f.fromAddr(addr, "GET", "/api/v1"+verifyPath(h.cert.Number))
		if r.Code != http.StatusTooManyRequests || !strings.HasPrefix(r.Header().Get("Content-Type"), "application/problem+json") {
			t.Fatalf("API lookup past the limit: %d %s", r.Code, r.Header().Get("Content-Type"))
		}
		// Another address is not affected.
		if r := f.fromAddr(testAddr(), "GET", verifyPath(h.cert.Number)); r.Code != http.StatusOK {
			t.Errorf("another address: %d", r.Code)
		}
	})
}

func TestEntitlementAPI(t *testing.T) {
	forEachEngine(t, func(t *testing.T, f *fixture) {
		h := f.newHolder(t)
		office := f.login(t, "fazhiban")
		ask := func(c *client, matter string, d calendar.Date) (response, certificate.Entitlement) {
			r := c.do("GET", fmt.Sprintf("/api/v1/entitlement?person_id=%d&unit_id=%d&matter=%s&date=%s", h.person.ID, h.unitID,
				url.QueryEscape(matter), d), nil)
			var e certificate.Entitlement
			json.Unmarshal([]byte(r.body), &e)
			return r, e
		}
		if r, e := ask(office, "道路运输", testToday()); r.StatusCode != http.StatusOK || !e.Entitled || e.Certificate != h.cert.Number || !strings.Contains(e.Reason, h.cert.Number) {
			t.Errorf("entitled: %d %s", r.StatusCode, r.body)
		}
		if _, e := ask(office, "", h.cert.IssuedOn.AddDays(-1)); e.Entitled || !strings.Contains(e.Reason, "才发证") {
			t.Errorf("before issue: %+v", e)
		}
		if _, e := ask(office, "食品安全", testToday()); e.Entitled || !strings.Contains(e.Reason, "食品安全") {
			t.Errorf("matter not covered: %+v", e)
		}
		if r := office.do("GET", "/api/v1/entitlement?person_id=x&date=2026-02-30", nil); r.StatusCode != http.StatusUnprocessableEntity ||
			!strings.Contains(r.body, `"person_id"`) || !strings.Contains(r.body, `"unit_id"`) || !strings.Contains(r.body, `"date"`) {
			t.Errorf("bad query: %d %s", r.StatusCode, r.body)
		}
		if r, _ := ask(f.login(t, "clerk"), "", testToday()); r.StatusCode != http.StatusNotFound {
			t.Errorf("clerk asks about another unit: %d", r.StatusCode)
		}
	})
}

// TestCertificateWorkflow goes through the legal affairs office's pages:
// an exam with registration and scores, training hours, an officer
// edit with a stale version, the annual review, and an anomaly from
// detection to confirmed cancellation.
func TestCertificateWorkflow(t *testing.T) {
	forEachEngine(t, func(t *testing.T, f *fixture) {
		office := f.login(t, "fazhiban")
		h := f.newHolder(t)
		o2 := f.newOfficer(t)
		year := testToday().Year
		// Exam: create, register both, score.
		name := fmt.Sprintf("网页流程考试 %s-%d", f.engine, f.nextSeq())
		r := office.do("POST", "/exams", url.Values{"csrf": {office.csrf}, "name": {name}, "held_on": {testToday().String()}}.Encode())
		if r.StatusCode != http.StatusSeeOther {
			t.Fatalf("create exam: %d %s", r.StatusCode, r.body)
		}
		exam := r.Header.Get("Location")
		if r := office.do("GET", exam, nil); !strings.Contains(r.body, "合格分数线 60 分") {
			t.Errorf("exam page lacks the pass mark")
		}
		if r := office.do("GET", fmt.Sprintf("%s?unit_id=%d", exam, h.unitID), nil); !strings.Contains(r.body, o2.person.Name) {
			t.Errorf("registration form does not list the unit's officers")
		}
		reg := url.Values{"csrf": {office.csrf}, "unit_id": {fmt.Sprint(h.unitID)}, "person_id": {fmt.Sprint(h.person.ID), fmt.Sprint(o2.person.ID)}}
		if r := office.do("POST", exam+"/registrations", reg.Encode()); r.StatusCode != http.StatusSeeOther {
			t.Fatalf("register: %d %s", r.StatusCode, r.body)
		}
		var sessionID int64
		fmt.Sscanf(exam, "/exams/%d", &sessionID)
		regs, err := f.store.Registrations(t.Context(), sessionID, nil)
		if err != nil || len(regs) != 2 {
			t.Fatalf("registrations: %v %v", regs, err)
		}
		scores := url.Values{"csrf": {office.csrf}}
		for _, rg := range regs {
			if rg.PersonID == h.person.ID {
				scores.Set(fmt.Sprintf("general_%d", rg.ID), "70")
				scores.Set(fmt.Sprintf("special_%d", rg.ID), "59")
			} else {
				scores.Set(fmt.Sprintf("general_%d", rg.ID), "150")
				scores.Set(fmt.Sprintf("special_%d", rg.ID), "80")
			}
		}
		r = office.do("POST", exam+"/scores", scores.Encode())
		if r.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(r.body, "已保存 1 人的成绩") || !strings.Contains(r.body, o2.person.Name) {
			t.Fatalf("scores with one bad row: %d", r.StatusCode)
		}
		regs, _ = f.store.Registrations(t.Context(), sessionID, nil)
		for _, rg := range regs {
			if rg.PersonID == h.person.ID && (rg.Passed == nil || *rg.Passed) {
				t.Errorf("70/59 should fail: %+v", rg)
			}
		}
		// Training hours and an officer edit with a stale version.
		op := fmt.Sprintf("/officers/%d", h.person.ID)
		if r := office.do("POST", op+"/training", url.Values{"csrf": {office.csrf}, "year": {fmt.Sprint(year)}, "hours": {"12"}}.Encode()); r.StatusCode != http.StatusSeeOther {
			t.Fatalf("training: %d %s", r.StatusCode, r.body)
		}
		edit := url.Values{"csrf": {office.csrf}, "establishment": {"civil_service"}, "education": {"硕士研究生"}, "enforcement_post": {"1"},
			"version": {"1"}, "reason": {"更正编制"}}
		if r := office.do("POST", op, edit.Encode()); r.StatusCode != http.StatusSeeOther {
			t.Fatalf("officer edit: %d %s", r.StatusCode, r.body)
		}
		if r := office.do("POST", op, edit.Encode()); r.StatusCode != http.StatusConflict || !strings.Contains(r.body, "已被他人修改") {
			t.Fatalf("officer edit with a stale version: %d", r.StatusCode)
		}
		if r := office.do("GET", op, nil); !strings.Contains(r.body, "硕士研究生") || !strings.Contains(r.body, "更正编制") || !strings.Contains(r.body, h.cert.Number) {
			t.Errorf("officer page lacks the edit, its history or the certificate")
		}
		// Annual review of the unit: training below the minimum fails.
		r = office.do("POST", "/api/v1/reviews", map[string]any{"unit_id": h.unitID, "year": year, "batch": "网页测试批次"})
		done := decodeJSON[list[store.AnnualReview]](t, r.body)
		found := false
		for _, rv := range done.Items {
			if rv.CertificateID == h.cert.ID {
				found = true
				if rv.Passed || rv.TrainingOK || !strings.Contains(rv.Notes, "12 学时") {
					t.Errorf("review = %+v", rv)
				}
			}
		}
		if r.StatusCode != http.StatusOK || !found {
			t.Fatalf("review: %d %s", r.StatusCode, r.body)
		}
		page := office.do("GET", fmt.Sprintf("/reviews?year=%d&unit_id=%d&failed=1&limit=500", year, h.unitID), nil)
		if !strings.Contains(page.body, h.cert.Number) || !strings.Contains(page.body, "✗") {
			t.Errorf("failed reviews page lacks the certificate")
		}
		if r := office.do("GET", fmt.Sprintf("/reviews?year=%d&unit_id=%d&format=csv", year, h.unitID), nil); !strings.Contains(r.body, h.cert.Number) {
			t.Errorf("review export lacks the certificate")
		}
		// Anomaly: the holder retires; detection finds it; handle and confirm.
		p, _ := f.store.Person(t.Context(), h.person.ID)
		p.Status = org.Retired
		if err := f.store.UpdatePerson(t.Context(), audit.System, &p, "退休"); err != nil {
			t.Fatal(err)
		}
		if r := office.do("POST", "/anomalies/detect", url.Values{"csrf": {office.csrf}, "year": {fmt.Sprint(year)}}.Encode()); r.StatusCode != http.StatusSeeOther {
			t.Fatalf("detect: %d %s", r.StatusCode, r.body)
		}
		list_ := decodeJSON[list[store.Anomaly]](t, office.do("GET", fmt.Sprintf("/api/v1/anomalies?year=%d&unit_id=%d&rule=holder_retired&limit=500", year, h.unitID), nil).body)
		var an store.Anomaly
		for _, a := range list_.Items {
			if a.CertificateID == h.cert.ID {
				an = a
			}
		}
		if an.ID == 0 {
			t.Fatalf("no anomaly for the retired holder: %+v", list_)
		}
		if r := f.login(t, "clerk").do("POST", fmt.Sprintf("/api/v1/anomalies/%d/handle", an.ID),
			map[string]any{"version": an.Version, "resolution": "cancelled", "explanation": "x"}); r.StatusCode != http.StatusNotFound {
			t.Errorf("clerk handles another unit's anomaly: %d", r.StatusCode)
		}
		back := fmt.Sprintf("/anomalies?year=%d&unit_id=%d", year, h.unitID)
		handle := url.Values{"csrf": {office.csrf}, "version": {fmt.Sprint(an.Version)}, "resolution": {"cancelled"}, "back": {back}}
		if r := office.do("POST", fmt.Sprintf("/anomalies/%d/handle", an.ID), handle.Encode()); r.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(r.body, "处理说明") {
			t.Fatalf("handle without explanation: %d", r.StatusCode)
		}
		handle.Set("explanation", "持证人已退休，证件已收回")
		if r := office.do("POST", fmt.Sprintf("/anomalies/%d/handle", an.ID), handle.Encode()); r.StatusCode != http.StatusSeeOther || r.Header.Get("Location") != back {
			t.Fatalf("handle: %d %s", r.StatusCode, r.Header.Get("Location"))
		}
		confirm := url.Values{"csrf": {office.csrf}, "version": {fmt.Sprint(an.Version + 1)}, "decision": {"accept"}}
		if r := office.do("POST", fmt.Sprintf("/anomalies/%d/confirm", an.ID), confirm.Encode()); r.StatusCode != http.StatusSeeOther {
			t.Fatalf("confirm: %d %s", r.StatusCode, r.body)
		}
		if c, _ := f.store.Certificate(t.Context(), h.cert.ID); c.Status != certificate.Cancelled {
			t.Errorf("certificate after confirmed cancellation: %s", c.Status)
		}
		counts := office.do("GET", fmt.Sprintf("/api/v1/anomalies/counts?year=%d", year), nil)
		if counts.StatusCode != http.StatusOK || !strings.Contains(counts.body, `"holder_retired"`) {
			t.Errorf("counts: %d %s", counts.StatusCode, counts.body)
		}
		// Statistics of the unit count what happened.
		stats := office.do("GET", fmt.Sprintf("/certificates/stats?year=%d&unit_id=%d", year, h.unitID), nil)
		for _, s := range []string{"考试（次）", "新发证（本）", "年审（人次）", "异常处理（条）", "持证率", "动态监管：" + certUnit, "合计"} {
			if !strings.Contains(stats.body, s) {
				t.Errorf("stats page lacks %q", s)
			}
		}
		if x := office.do("GET", fmt.Sprintf("/certificates/stats?year=%d&format=xlsx", year), nil); x.StatusCode != http.StatusOK || !strings.HasPrefix(x.body, "PK") {
			t.Errorf("stats export: %d", x.StatusCode)
		}
	})
}

// TestCertificatePages opens every page a user of each kind has.
func TestCertificatePages(t *testing.T) {
	forEachEngine(t, func(t *testing.T, f *fixture) {
		h := f.newHolder(t)
		for user, paths := range map[string][]string{
			"fazhiban": {"/certificates", "/certificates?expiring=1", "/certificates?status=valid&format=csv", "/certificates?format=xlsx",
				fmt.Sprintf("/certificates?unit_id=%d", h.unitID), fmt.Sprintf("/certificates/new?unit_id=%d", h.unitID), "/certificates/stats",
				fmt.Sprintf("/certificates/%d", h.cert.ID), fmt.Sprintf("/certificates/%d/card", h.cert.ID), "/officers", "/officers?format=csv",
				fmt.Sprintf("/officers/%d", h.person.ID), fmt.Sprintf("/officers/new?unit_id=%d", h.unitID), "/exams", "/exams/new",
				fmt.Sprintf("/exams/%d", h.session.ID), "/reviews", "/reviews?year=all", "/anomalies", "/anomalies?format=csv", "/", "/verify"},
			"clerk": {"/certificates", "/certificates/stats", "/officers", "/officers/new", "/exams", fmt.Sprintf("/exams/%d", h.session.ID),
				"/reviews", "/anomalies", "/"},
			"leader": {"/certificates", "/certificates/stats", "/officers", "/exams", "/reviews", "/anomalies", "/"},
		} {
			c := f.login(t, user)
			for _, p := range paths {
				r := c.do("GET", p, nil)
				if r.StatusCode != http.StatusOK {
					t.Errorf("%s GET %s: %d", user, p, r.StatusCode)
				}
				if p == "/" && !strings.Contains(r.body, "执法证件动态监管") {
					t.Errorf("%s home page lacks the certificate block", user)
				}
			}
		}
		if r := f.anon(t).do("GET", "/", nil); !strings.Contains(r.body, `href="/verify"`) {
			t.Error("the public portal does not link the verification")
		}
	})
}
