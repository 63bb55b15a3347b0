package web

import (
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"fazhi/internal/ident"
	"fazhi/internal/sqldb"
)

// TestBrowserVerifyQRTarget opens, in Chromium, the address a certificate's
// QR code carries, as a member of the public would by scanning the card:
// the page says the certificate is valid, names the holder and never shows
// the ID number.
func TestBrowserVerifyQRTarget(t *testing.T) {
	f := getFixture(t, sqldb.SQLite)
	h := f.newHolder(t)
	// The QR payload as the card's handler builds it for a request to this server.
	target := f.srv.verifyURL(httptest.NewRequest("GET", f.ts.URL+"/certificates/1/qr.png", nil), h.cert.Number)
	if !strings.HasPrefix(target, f.ts.URL+"/verify/") {
		t.Fatalf("QR payload %q is not this server's verification address", target)
	}
	// Earlier tests of this binary looked up from the same loopback address;
	// start this one with a clean count so that the throttle does not interfere.
	if _, err := f.store.DB.ExecContext(t.Context(), `DELETE FROM verification_hits WHERE ip = '127.0.0.1'`); err != nil {
		t.Fatal(err)
	}
	ctx := browser(t)
	if err := chromedp.Do(ctx, chromedp.Navigate(target), chromedp.WaitVisible(`#verify-result`)); err != nil {
		body, _ := chromedp.Run(ctx, chromedp.OuterHTML(`body`))
		t.Fatalf("browser: %v\n%s", err, body[:min(3000, len(body))])
	}
	verdict, err := chromedp.Run(ctx, chromedp.Text(`.verify-word`))
	if err != nil {
		t.Fatal(err)
	}
	if strings.TrimSpace(verdict) != "有效" {
		t.Errorf("verdict = %q, want 有效", verdict)
	}
	result, err := chromedp.Run(ctx, chromedp.Text(`#verify-result`))
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{h.person.Name, h.cert.Number, certUnit, "交通运输", h.cert.ValidUntil.String()} {
		if !strings.Contains(result, want) {
			t.Errorf("result lacks %q:\n%s", want, result)
		}
	}
	page, err := chromedp.Run(ctx, chromedp.Text(`body`))
	if err != nil {
		t.Fatal(err)
	}
	for _, id := range []string{h.residentID, ident.MaskResidentID(h.residentID), h.residentID[6:14]} {
		if strings.Contains(page, id) {
			t.Errorf("the public page shows the ID number (%s)", id)
		}
	}
	title, err := chromedp.Run(ctx, chromedp.Title())
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(title, "行政执法证件查验") {
		t.Errorf("title = %q", title)
	}
}
