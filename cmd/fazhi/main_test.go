package main

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"fazhi/internal/demo"
	"fazhi/internal/sqldb"
	"fazhi/internal/sqldb/dbtest"
)

// syncBuffer is a bytes.Buffer safe for a server goroutine to write.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// fazhi runs the command in-process and returns its exit code and output.
func fazhi(t *testing.T, stdin string, args ...string) (int, string, string) {
	t.Helper()
	var out, errOut syncBuffer
	code := run(t.Context(), args, func(string) string { return "" }, strings.NewReader(stdin), &out, &errOut)
	return code, out.String(), errOut.String()
}

func TestCalendarDeadline(t *testing.T) {
	for _, tc := range []struct {
		args []string
		want string
		code int
	}{
		{[]string{"--from", "2025-09-30", "--workdays", "1"}, "2025-10-09", 0},
		{[]string{"--from", "2025-01-24", "--workdays", "1"}, "2025-01-26", 0},
		{[]string{"--from", "2025-09-16", "--days", "15"}, "2025-10-09", 0},
		{[]string{"--from", "2026-02-13", "--workdays", "5"}, "2026-02-27", 0},
		{[]string{"--from", "2031-01-05", "--workdays", "3"}, "日历未覆盖 2031 年", 1},
		{[]string{"--from", "2025-13-01", "--days", "3"}, "日期无效", 1},
		{[]string{"--from", "2025-01-01"}, "--workdays", 2},
	} {
		args := append([]string{"calendar", "deadline", "--db", filepath.Join(t.TempDir(), "none.db")}, tc.args...)
		code, out, errOut := fazhi(t, "", args...)
		if code != tc.code || !strings.Contains(out+errOut, tc.want) {
			t.Errorf("%v: code %d, out %q, err %q; want %d and %q", tc.args, code, out, errOut, tc.code, tc.want)
		}
	}
}

// demoDB makes a database with the demo organisation, people and
// accounts (not the certificate history, which these tests do not need
// and which takes longer to load); TestDemoCommand covers `fazhi demo`.
func demoDB(t *testing.T, engine sqldb.Engine) string {
	t.Helper()
	dsn := dbtest.NewDSN(t, engine)
	s, err := open(t.Context(), dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer s.DB.Close()
	if _, err := demo.LoadOrganisation(t.Context(), s); err != nil {
		t.Fatalf("demo: %v", err)
	}
	return dsn
}

func TestAuditVerifyDetectsTamper(t *testing.T) {
	for _, engine := range dbtest.Engines() {
		t.Run(string(engine), func(t *testing.T) {
			dsn := demoDB(t, engine)
			code, out, _ := fazhi(t, "", "audit", "verify", "--db", dsn)
			if code != 0 || !strings.Contains(out, "审计链完好") {
				t.Fatalf("intact: %d %s", code, out)
			}
			for _, tamper := range []struct {
				name, sql string
				seq       string
			}{
				{"altered", `UPDATE audit_events SET actor_name = '冒名' WHERE seq = 40`, "第 40 号"},
				{"deleted", `DELETE FROM audit_events WHERE seq = 20`, "第 20 号"},
			} {
				db, err := sqldb.Open(t.Context(), dsn)
				if err != nil {
					t.Fatal(err)
				}
				if _, err := db.ExecContext(t.Context(), tamper.sql); err != nil {
					t.Fatal(err)
				}
				db.Close()
				code, _, errOut := fazhi(t, "", "audit", "verify", "--db", dsn)
				if code == 0 || !strings.Contains(errOut, tamper.seq) {
					t.Errorf("%s: exit %d, %s; want non-zero naming %s", tamper.name, code, errOut, tamper.seq)
				}
			}
		})
	}
}

func TestUserAdd(t *testing.T) {
	dsn := demoDB(t, sqldb.SQLite)
	code, out, errOut := fazhi(t, "Str0ng-Passw0rd\n", "user", "add", "--db", dsn, "--username", "newadmin",
		"--name", "新管理员", "--unit", "慈溪市司法局", "--role", "admin")
	if code != 0 || !strings.Contains(out, "已创建账号 newadmin") {
		t.Fatalf("user add: %d %s %s", code, out, errOut)
	}
	code, _, errOut = fazhi(t, "short\n", "user", "add", "--db", dsn, "--username", "weak", "--name", "弱", "--unit", "慈溪市司法局", "--role", "clerk")
	if code == 0 || !strings.Contains(errOut, "密码") {
		t.Fatalf("weak password accepted: %d %s", code, errOut)
	}
}

func TestImportCommand(t *testing.T) {
	for _, engine := range dbtest.Engines() {
		t.Run(string(engine), func(t *testing.T) {
			dsn := dbtest.NewDSN(t, engine)
			dir := t.TempDir()
			good := filepath.Join(dir, "units.csv")
			os.WriteFile(good, []byte("单位名称,单位类型,上级单位\n慈溪市人民政府,市政府,\n慈溪市司法局,政府部门,慈溪市人民政府\n"), 0o644)
			bad := filepath.Join(dir, "bad.csv")
			os.WriteFile(bad, []byte("单位名称,单位类型,上级单位\n慈溪市教育局,政府部门,慈溪市人民政府\n慈溪市卫健局,医院,\n"), 0o644)
			if code, out, _ := fazhi(t, "", "import", "units", good, "--dry-run", "--db", dsn); code != 0 || !strings.Contains(out, "校验通过") {
				t.Fatalf("dry run: %d %s", code, out)
			}
			if code, out, errOut := fazhi(t, "", "import", "units", good, "--db", dsn); code != 0 || !strings.Contains(out, "已导入单位 2 行") {
				t.Fatalf("import: %d %s %s", code, out, errOut)
			}
			code, _, errOut := fazhi(t, "", "import", "units", bad, "--db", dsn)
			if code != 1 || !strings.Contains(errOut, "第 3 行「单位类型」") || !strings.Contains(errOut, "未写入任何数据") {
				t.Fatalf("bad import: %d %s", code, errOut)
			}
			db, _ := sqldb.Open(t.Context(), dsn)
			defer db.Close()
			var n int
			db.QueryRowContext(t.Context(), `SELECT COUNT(*) FROM units`).Scan(&n)
			if n != 2 {
				t.Fatalf("units = %d, want 2 (the bad file wrote nothing)", n)
			}
		})
	}
}

func TestBackupRestore(t *testing.T) {
	dsn := demoDB(t, sqldb.SQLite)
	backup := filepath.Join(t.TempDir(), "backup.db")
	if code, out, errOut := fazhi(t, "", "backup", backup, "--db", dsn); code != 0 {
		t.Fatalf("backup: %d %s %s", code, out, errOut)
	}
	if code, out, _ := fazhi(t, "", "audit", "verify", "--db", backup); code != 0 || !strings.Contains(out, "审计链完好") {
		t.Fatalf("restored copy does not verify: %s", out)
	}
	for _, table := range []string{"units", "people", "users", "audit_events", "rules"} {
		if a, b := digest(t, dsn, table), digest(t, "sqlite:"+backup, table); a != b {
			t.Errorf("%s differs after restore", table)
		}
	}
}

// digest summarises a table's rows for comparison.
func digest(t *testing.T, dsn, table string) string {
	t.Helper()
	db, err := sql.Open("sqlite", "file:"+strings.TrimPrefix(dsn, "sqlite:"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var n int
	var sum string
	db.QueryRow(`SELECT COUNT(*) FROM ` + table).Scan(&n)
	rows, _ := db.Query(`SELECT * FROM ` + table + ` ORDER BY 1`)
	defer rows.Close()
	cols, _ := rows.Columns()
	var b strings.Builder
	for rows.Next() {
		vals := make([]any, len(cols))
		ptrs := make([]any, len(cols))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		rows.Scan(ptrs...)
		fmt.Fprintln(&b, vals...)
	}
	sum = b.String()
	return fmt.Sprint(n, len(sum), sum)
}

var listening = regexp.MustCompile(`http://(127\.0\.0\.1:\d+)/`)

// serve starts `fazhi serve` in the background and returns its address.
func serve(t *testing.T, dsn string, extra ...string) string {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	var out, errOut syncBuffer
	done := make(chan int)
	args := append([]string{"serve", "--addr", "127.0.0.1:0", "--db", dsn}, extra...)
	go func() {
		done <- run(ctx, args, func(string) string { return "" }, strings.NewReader(""), &out, &errOut)
	}()
	t.Cleanup(func() {
		cancel()
		select {
		case <-done:
		case <-time.After(20 * time.Second):
			t.Error("serve did not shut down on cancel")
		}
	})
	// --demo loads the whole demo: give it up to ten minutes under the
	// race detector on a busy machine (this is a deadline, not a measure).
	for range 12000 {
		if m := listening.FindStringSubmatch(out.String()); m != nil {
			return m[1]
		}
		select {
		case code := <-done:
			t.Fatalf("serve exited %d: %s", code, errOut.String())
		case <-time.After(50 * time.Millisecond):
		}
	}
	t.Fatalf("serve did not start: %s %s", out.String(), errOut.String())
	return ""
}

// TestTwoInstances signs in on one instance and uses the session on
// another over the same PostgreSQL database: nothing lives in memory.
func TestTwoInstances(t *testing.T) {
	dsn := demoDB(t, sqldb.Postgres)
	a, b := serve(t, dsn), serve(t, dsn)
	jar, _ := cookiejar.New(nil)
	client := &http.Client{Jar: jar}
	resp, err := client.Post("http://"+a+"/api/v1/session", "application/json",
		strings.NewReader(`{"username":"fazhiban","password":"`+demo.Password+`"}`))
	if err != nil {
		t.Fatal(err)
	}
	var login struct {
		CSRF string `json:"csrf_token"`
	}
	json.NewDecoder(resp.Body).Decode(&login)
	resp.Body.Close()
	// The cookie jar is per host:port; copy the session to instance b.
	for _, c := range jar.Cookies(mustURL("http://" + a)) {
		jar.SetCookies(mustURL("http://"+b), []*http.Cookie{c})
	}
	req, _ := http.NewRequest("POST", "http://"+b+"/api/v1/units", strings.NewReader(`{"name":"慈溪市双实例测试局","kind":"department"}`))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("X-CSRF-Token", login.CSRF)
	resp, err = client.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusCreated {
		t.Fatalf("write on instance b with a session from a: %d", resp.StatusCode)
	}
	resp, err = client.Get("http://" + a + "/api/v1/units?q=双实例")
	if err != nil {
		t.Fatal(err)
	}
	var list struct {
		Total int `json:"total"`
	}
	json.NewDecoder(resp.Body).Decode(&list)
	resp.Body.Close()
	if list.Total != 1 {
		t.Fatalf("instance a sees %d units written on b", list.Total)
	}
}

// TestServeDemoOnEmptySQLite is the README's first command: serve --demo on
// a database that does not exist yet. The full demo load is the heaviest
// thing a test does, so the same database then checks that `fazhi demo`
// refuses a database that has data (both commands share loadDemo).
func TestServeDemoOnEmptySQLite(t *testing.T) {
	dsn := "sqlite:" + filepath.Join(t.TempDir(), "data", "fazhi.db")
	addr := serve(t, dsn, "--demo")
	if code, out, errOut := fazhi(t, "", "demo", "--db", dsn); code == 0 {
		t.Fatalf("a demo load into a filled database succeeded: %s %s", out, errOut)
	}
	resp, err := http.Get("http://" + addr + "/healthz")
	if err != nil || resp.StatusCode != http.StatusOK {
		t.Fatalf("healthz: %v %v", resp, err)
	}
	resp.Body.Close()
	resp, err = http.Get("http://" + addr + "/api/v1/calendar/deadline?from=2025-09-30&workdays=1")
	if err != nil {
		t.Fatal(err)
	}
	var d struct {
		Due string `json:"due"`
	}
	json.NewDecoder(resp.Body).Decode(&d)
	resp.Body.Close()
	if d.Due != "2025-10-09" {
		t.Fatalf("deadline via API = %q", d.Due)
	}
}

func mustURL(s string) *url.URL {
	u, err := url.Parse(s)
	if err != nil {
		panic(err)
	}
	return u
}
