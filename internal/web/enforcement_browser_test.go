package web

import (
	"context"
	"fmt"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"fazhi/internal/demo"
	"fazhi/internal/sqldb"
)

// TestBrowserCaseToDecision takes a penalty case from registration
// through filing, investigation and prior notice to the decision with
// the real forms, and meets the notice gate on the way.
func TestBrowserCaseToDecision(t *testing.T) {
	f := getFixture(t, sqldb.SQLite)
	x := f.enfSetup(t)
	ctx := browser(t)
	base := f.ts.URL
	party := testParty + "慈溪市浏览器测试食品有限公司"
	fail := func(err error) {
		t.Helper()
		// The test's context may have run out: look at the page with a fresh deadline.
		look, cancel := context.WithTimeout(context.WithoutCancel(ctx), 10*time.Second)
		defer cancel()
		loc, _ := chromedp.Run(look, chromedp.Location())
		body, _ := chromedp.Run(look, chromedp.Text(`main`))
		t.Fatalf("browser: %v\nat %s\n%s", err, loc, body[:min(3000, len(body))])
	}
	// act opens an act's form on the case page, lets fill set its fields
	// and submits it.
	act := func(name string, fill ...chromedp.Action[chromedp.Void]) []chromedp.Action[chromedp.Void] {
		steps := []chromedp.Action[chromedp.Void]{
			chromedp.WaitVisible(`#acts`),
			chromedp.Click(fmt.Sprintf(`details:has(input[name="action"][value="%s"]) > summary`, name)),
		}
		steps = append(steps, fill...)
		return append(steps, chromedp.Submit(fmt.Sprintf(`#%s-on`, name)), chromedp.WaitVisible(`h1`))
	}
	steps := []chromedp.Action[chromedp.Void]{
		chromedp.Navigate(base + "/login"),
		chromedp.WaitVisible(`#username`),
		chromedp.SendKeys(`#username`, "leader"),
		chromedp.SendKeys(`#password`, demo.Password),
		chromedp.Submit(`#password`),
		chromedp.WaitVisible(`form.logout`),
		chromedp.Navigate(base + "/cases/new"),
		chromedp.WaitVisible(`#matter_id`),
		chromedp.SetValue(`#matter_id`, fmt.Sprint(x.matter.ID)),
		chromedp.SendKeys(`#party_name`, party),
		chromedp.SendKeys(`#party_code`, "91330282MA2H9XWQ77"),
		chromedp.SendKeys(`#legal_rep`, "钱某"),
		chromedp.SendKeys(`#facts`, "现场检查发现销售超过保质期的食品"),
		chromedp.Submit(`#party_name`),
		chromedp.WaitVisible(`#acts`),
	}
	steps = append(steps, act("file",
		chromedp.Click(fmt.Sprintf(`#file-o-%d`, x.officers[0])),
		chromedp.Click(fmt.Sprintf(`#file-o-%d`, x.officers[1])))...)
	steps = append(steps,
		chromedp.WaitVisible(`#file`),
		chromedp.Click(`#file details > summary`),
		chromedp.WaitVisible(`#rec-title`),
		chromedp.SetValue(`#rec-kind`, "record"),
		chromedp.SendKeys(`#rec-title`, "现场检查笔录"),
		chromedp.Submit(`#rec-title`),
		chromedp.WaitVisible(`#acts`))
	steps = append(steps, act("report")...)
	if err := chromedp.Do(ctx, steps...); err != nil {
		fail(err)
	}
	// Deciding before the prior notice is refused, with the law cited.
	if err := chromedp.Do(ctx, act("decide",
		chromedp.SetValue(`#decide-tier`, fmt.Sprint(x.tier.ID)),
		chromedp.SetValue(`#decide-fine`, x.tier.MinFine.Plain()))...); err != nil {
		fail(err)
	}
	refusal, err := chromedp.Run(ctx, chromedp.Text(`#error-summary`))
	if err != nil || !strings.Contains(refusal, "不得作出行政处罚决定") || !strings.Contains(refusal, "第四十四条") {
		t.Fatalf("decision before notice: %v %q", err, refusal)
	}
	if err := chromedp.Do(ctx, append(act("notify",
		chromedp.SetValue(`#notify-tier`, fmt.Sprint(x.tier.ID)),
		chromedp.Click(`#notify-k-fine`),
		chromedp.SetValue(`#notify-fine`, x.tier.MinFine.Plain())),
		act("decide", chromedp.SetValue(`#decide-tier`, fmt.Sprint(x.tier.ID)),
			chromedp.SetValue(`#decide-basis`, x.matter.BasisLaw+x.matter.PenaltyBasis))...)...); err != nil {
		fail(err)
	}
	page, err := chromedp.Run(ctx, chromedp.Text(`main`))
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"已决定待送达", "罚〔", "处罚决定书（PDF）", "行政处罚信息公示期限", x.tier.Name} {
		if !strings.Contains(page, want) {
			t.Errorf("case page after the decision lacks %q:\n%.2000s", want, page)
		}
	}
	// The unit publishes the decision from the case page; the public
	// search then finds the party (masked text, same record).
	if err := chromedp.Do(ctx,
		chromedp.Click(`form[action$="/disclosure"] button`),
		// The old page's h1 is visible until the answer arrives: wait for
		// the publish form to be gone (the case page after publication).
		chromedp.WaitNotPresent(`form[action$="/disclosure"]`),
		chromedp.WaitVisible(`h1`)); err != nil {
		fail(err)
	}
	page, err = chromedp.Run(ctx, chromedp.Text(`main`))
	if err != nil || !strings.Contains(page, "已公示") {
		t.Fatalf("case page after publication: %v\n%.2000s", err, page)
	}
	if err := chromedp.Do(ctx,
		chromedp.Navigate(base+"/penalties?q="+url.QueryEscape(party)),
		chromedp.WaitVisible(`main`)); err != nil {
		fail(err)
	}
	hits, err := chromedp.Run(ctx, chromedp.Text(`main`))
	if err != nil || !strings.Contains(hits, "慈溪市浏览器测试食品有限公司") {
		t.Errorf("public search does not find the published decision: %v\n%.1500s", err, hits)
	}
}
