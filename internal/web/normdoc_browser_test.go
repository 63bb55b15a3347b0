package web

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"fazhi/internal/audit"
	"fazhi/internal/demo"
	"fazhi/internal/normdoc"
	"fazhi/internal/sqldb"
	"fazhi/internal/store"
)

// TestBrowserCleanupProposal drives a cleanup in Chromium: the market
// bureau's clerk ticks a document of the campaign, proposes 继续有效 and
// submits; the legal affairs office ticks it and approves it.
func TestBrowserCleanupProposal(t *testing.T) {
	f := getFixture(t, sqldb.SQLite)
	mark := f.ndMark()
	doc := f.ndDoc(t, mark, "慈溪市浏览器测试管理办法", marketUnitName, "")
	c := normdoc.Campaign{Name: "浏览器测试清理" + mark, Kind: normdoc.Special, Deadline: ndDay("2026-12-31"),
		Scope: normdoc.Scope{AsOf: ndDay("2026-01-01"), Query: mark}}
	ctx := t.Context()
	if err := f.store.CreateCampaign(ctx, audit.System, &c); err != nil {
		t.Fatal(err)
	}
	if _, err := f.store.LaunchCampaign(ctx, audit.System, c.ID, c.Version, ndDay("2026-01-05")); err != nil {
		t.Fatal(err)
	}
	items, _, err := f.store.CleanupItems(ctx, store.ItemFilter{CampaignID: c.ID})
	if err != nil || len(items) != 1 || items[0].DocID != doc.ID {
		t.Fatalf("items: %+v %v", items, err)
	}
	item := items[0]
	page := fmt.Sprintf("%s/cleanups/%d", f.ts.URL, c.ID)
	checkbox := fmt.Sprintf("#item-%d", item.ID)
	b := browser(t)
	login := func(user string) []chromedp.Action[chromedp.Void] {
		return []chromedp.Action[chromedp.Void]{
			chromedp.Navigate(f.ts.URL + "/login"),
			chromedp.WaitVisible(`#username`),
			chromedp.SendKeys(`#username`, user),
			chromedp.SendKeys(`#password`, demo.Password),
			chromedp.Submit(`#password`),
			chromedp.WaitVisible(`form.logout`),
		}
	}
	err = chromedp.Do(b, append(login("clerk"),
		chromedp.Navigate(page),
		chromedp.WaitVisible(checkbox),
		chromedp.Click(checkbox),
		chromedp.Click(`#outcome-continue`),
		chromedp.SendKeys(`#detail`, "经梳理，该办法与放管服改革要求一致，继续有效"),
		chromedp.Click(`#items-form button[type=submit]`),
		chromedp.WaitVisible(`.flash`),
	)...)
	if err != nil {
		failBrowser(t, b, err)
	}
	flashText, _ := chromedp.Run(b, chromedp.Text(`.flash`))
	if !strings.Contains(flashText, "已对 1 件文件提出“继续有效”意见") {
		t.Errorf("clerk flash = %q", flashText)
	}
	if got, _ := f.store.CleanupItem(ctx, item.ID); got.State != normdoc.Submitted || got.ProposedBy != "沈佳怡" {
		t.Fatalf("after the clerk: %+v", got)
	}
	steps := append([]chromedp.Action[chromedp.Void]{chromedp.Submit(`form.logout button`),
		chromedp.WaitVisible(`a[href="/login"]`)}, login("fazhiban")...)
	err = chromedp.Do(b, append(steps,
		chromedp.Navigate(page),
		chromedp.WaitVisible(checkbox),
		chromedp.Click(checkbox),
		chromedp.Click(`#decision-approve`),
		chromedp.Click(`#items-form button[type=submit]`),
		chromedp.WaitVisible(`.flash`),
	)...)
	if err != nil {
		failBrowser(t, b, err)
	}
	flashText, _ = chromedp.Run(b, chromedp.Text(`.flash`))
	if !strings.Contains(flashText, "已审核通过 1 件") {
		t.Errorf("office flash = %q", flashText)
	}
	got, _ := f.store.CleanupItem(ctx, item.ID)
	if got.State != normdoc.Approved || got.ReviewedBy != "胡晓燕" || got.Detail == "" {
		t.Errorf("after the office: %+v", got)
	}
	progress, err := chromedp.Run(b, chromedp.Text(`#progress-title`))
	if err != nil || !strings.Contains(progress, "各单位进度") {
		t.Errorf("progress heading %q %v", progress, err)
	}
}

// failBrowser stops the test with where the browser was and what it showed.
func failBrowser(t *testing.T, ctx context.Context, err error) {
	t.Helper()
	loc, _ := chromedp.Run(ctx, chromedp.Location())
	body, _ := chromedp.Run(ctx, chromedp.OuterHTML(`main`))
	t.Fatalf("browser: %v\nat %s\n%s", err, loc, body[:min(3000, len(body))])
}
