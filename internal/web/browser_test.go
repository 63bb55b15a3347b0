package web

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"fazhi/internal/demo"
	"fazhi/internal/sqldb"
)

// chromium finds Debian's Chromium; the suite fails without it (.ci/run
// installs it), because a UI that no browser has exercised is not done.
func chromium(t *testing.T) string {
	t.Helper()
	for _, name := range []string{os.Getenv("FAZHI_CHROMIUM"), "chromium", "chromium-browser"} {
		if name == "" {
			continue
		}
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	t.Fatal("Chromium is required for the browser test: apt-get install -y chromium (or set FAZHI_CHROMIUM)")
	return ""
}

// browser starts a headless Chromium with the flags this sandbox needs.
func browser(t *testing.T) context.Context {
	t.Helper()
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(chromium(t)),
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-quic", true),
		chromedp.UserDataDir(t.TempDir()),
		chromedp.WindowSize(1280, 900),
	)
	actx, cancel := chromedp.NewExecAllocator(context.Background(), opts...)
	t.Cleanup(cancel)
	ctx, cancel2 := chromedp.NewContext(actx)
	t.Cleanup(cancel2)
	// The first call starts the browser; it must not carry a timeout, or
	// the timeout would stop the browser itself.
	if err := chromedp.Do(ctx, chromedp.Navigate("about:blank")); err != nil {
		t.Fatalf("start Chromium: %v", err)
	}
	// A deadline against a hung browser, not a measure: the longest test
	// drives a case through a dozen forms under the race detector.
	ctx, cancel3 := context.WithTimeout(ctx, 5*time.Minute)
	t.Cleanup(cancel3)
	return ctx
}

// TestBrowserLoginUnitHistory signs in with the real login form, edits a
// unit through its form, and finds the change in the unit's history.
func TestBrowserLoginUnitHistory(t *testing.T) {
	f := getFixture(t, sqldb.SQLite)
	ctx := browser(t)
	unit := f.unitID(t, "慈溪市交通运输局")
	base := f.ts.URL
	err := chromedp.Do(ctx,
		chromedp.Navigate(base+"/login"),
		chromedp.WaitVisible(`#username`),
		chromedp.SendKeys(`#username`, "fazhiban"),
		chromedp.SendKeys(`#password`, demo.Password),
		chromedp.Submit(`#password`),
		chromedp.WaitVisible(`form.logout`),
		chromedp.Navigate(fmt.Sprintf("%s/units/%d/edit", base, unit)),
		chromedp.WaitVisible(`#phone`),
		chromedp.SetValue(`#phone`, "0574-63999999"),
		chromedp.SendKeys(`#reason`, "浏览器测试：更新联系电话"),
		chromedp.Submit(`#phone`),
		chromedp.WaitVisible(`#history`),
	)
	if err != nil {
		loc, _ := chromedp.Run(ctx, chromedp.Location())
		body, _ := chromedp.Run(ctx, chromedp.OuterHTML(`body`))
		t.Fatalf("browser: %v\nat %s\n%s", err, loc, body[:min(3000, len(body))])
	}
	heading, err := chromedp.Run(ctx, chromedp.Text(`h1`))
	if err != nil {
		t.Fatal(err)
	}
	history, err := chromedp.Run(ctx, chromedp.Text(`#history`))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(heading, "慈溪市交通运输局") {
		t.Errorf("heading = %q", heading)
	}
	for _, want := range []string{"浏览器测试：更新联系电话", "0574-63999999", "创建"} {
		if !strings.Contains(history, want) {
			t.Errorf("history lacks %q:\n%s", want, history)
		}
	}
}
