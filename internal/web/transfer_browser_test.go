package web

import (
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"fazhi/internal/demo"
	"fazhi/internal/sqldb"
	"fazhi/internal/transfer"
)

// TestBrowserPoliceAcceptTransfer: the unit reports and sends a transfer;
// the police account signs in with the login form, finds the transfer in
// its list, signs it with the page's form, and the page shows the
// acceptance and the filing clock of Art. 8.
func TestBrowserPoliceAcceptTransfer(t *testing.T) {
	f := getFixture(t, sqldb.SQLite)
	clerk, leader := f.login(t, "clerk"), f.login(t, "leader")
	v := f.newTransfer(t, clerk)
	r := leader.fire(t, v.ID, v.ItemVersion, "approve", "同意移送")
	if r.StatusCode != http.StatusOK {
		t.Fatalf("approve: %d %s", r.StatusCode, r.body)
	}
	v = decodeTransfer(t, r)
	if r = clerk.fire(t, v.ID, v.ItemVersion, "send", ""); r.StatusCode != http.StatusOK {
		t.Fatalf("send: %d %s", r.StatusCode, r.body)
	}
	v = decodeTransfer(t, r)

	ctx := browser(t)
	base := f.ts.URL
	err := chromedp.Do(ctx,
		chromedp.Navigate(base+"/login"),
		chromedp.WaitVisible(`#username`),
		chromedp.SendKeys(`#username`, "police"),
		chromedp.SendKeys(`#password`, demo.Password),
		chromedp.Submit(`#password`),
		chromedp.WaitVisible(`form.logout`),
		chromedp.Navigate(base+"/transfers?q="+v.Number),
		chromedp.WaitVisible(fmt.Sprintf(`a[href="/transfers/%d"]`, v.ID)),
		chromedp.Click(fmt.Sprintf(`a[href="/transfers/%d"]`, v.ID)),
		chromedp.WaitVisible(`#act-accept`),
		chromedp.Click(`#act-accept`),
		chromedp.SendKeys(`#receipt_no`, "慈公收浏览器1号"),
		chromedp.Submit(`#reason`),
		chromedp.WaitVisible(`.flash`),
	)
	if err != nil {
		loc, _ := chromedp.Run(ctx, chromedp.Location())
		body, _ := chromedp.Run(ctx, chromedp.OuterHTML(`body`))
		t.Fatalf("browser: %v\nat %s\n%s", err, loc, body[:min(3000, len(body))])
	}
	page, err := chromedp.Run(ctx, chromedp.Text(`main`))
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"已受理", "慈公收浏览器1号", "公安机关作出立案决定期限", "签收受理", "决定立案", "决定不予立案"} {
		if !strings.Contains(page, want) {
			t.Errorf("page lacks %q", want)
		}
	}
	got, err := f.store.Transfer(t.Context(), v.ID)
	if err != nil || got.State != transfer.Accepted {
		t.Errorf("state %s, %v", got.State, err)
	}
}
