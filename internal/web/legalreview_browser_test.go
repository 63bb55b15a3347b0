package web

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"fazhi/internal/demo"
	"fazhi/internal/legalreview"
	"fazhi/internal/sqldb"
)

// TestBrowserLegalReview: the clerk submits a case for review with its
// package through the form, the reviewer takes it and returns it with a
// finding on the facts, the clerk resubmits with the missing evidence,
// and the reviewer agrees — every step with the real forms.
func TestBrowserLegalReview(t *testing.T) {
	f := getFixture(t, sqldb.SQLite)
	c := f.lrCase(t)
	ctx := browser(t)
	base := f.ts.URL
	dir := t.TempDir()
	file := func(name string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte("%PDF-1.4 "+name), 0o600); err != nil {
			t.Fatal(err)
		}
		return p
	}
	login := func(user string) chromedp.Action[chromedp.Void] {
		return func(ctx context.Context, _ *chromedp.Target) (chromedp.Void, error) {
			return chromedp.Void{}, chromedp.Do(ctx,
				chromedp.Navigate(base+"/login"),
				chromedp.WaitVisible(`#username`),
				chromedp.SendKeys(`#username`, user),
				chromedp.SendKeys(`#password`, demo.Password),
				chromedp.Submit(`#password`),
				chromedp.WaitVisible(`form.logout`),
			)
		}
	}
	logout := chromedp.Submit(`form.logout button`)
	// waitText waits until the element shows the text: the page after a
	// form's redirect, not the one the form was on.
	waitText := func(sel, text string) chromedp.Action[chromedp.Void] {
		return func(ctx context.Context, tg *chromedp.Target) (chromedp.Void, error) {
			for range 100 {
				if got, err := chromedp.Text(sel)(ctx, tg); err == nil && strings.Contains(got, text) {
					return chromedp.Void{}, nil
				}
				time.Sleep(100 * time.Millisecond)
			}
			return chromedp.Void{}, fmt.Errorf("%s never showed %q", sel, text)
		}
	}
	fail := func(step string, err error) {
		t.Helper()
		loc, _ := chromedp.Run(ctx, chromedp.Location())
		body, _ := chromedp.Run(ctx, chromedp.OuterHTML(`main`))
		t.Fatalf("%s: %v\nat %s\n%s", step, err, loc, body[:min(4000, len(body))])
	}
	// The clerk submits the package.
	err := chromedp.Do(ctx, login("clerk"),
		chromedp.Navigate(fmt.Sprintf("%s/legal-reviews/new?case_id=%d", base, c.ID)),
		chromedp.WaitVisible(`#file_application`),
		chromedp.SetUploadFiles(`#file_application`, []string{file("申请表.pdf")}),
		chromedp.SetUploadFiles(`#file_draft_decision`, []string{file("决定书代拟稿.pdf")}),
		chromedp.SetUploadFiles(`#file_investigation_report`, []string{file("调查终结报告.pdf")}),
		chromedp.SetUploadFiles(`#file_evidence_list`, []string{file("证据清单.pdf")}),
		chromedp.Submit(`#file_application`),
		chromedp.WaitVisible(`#info-title`),
	)
	if err != nil {
		fail("submit", err)
	}
	loc, _ := chromedp.Run(ctx, chromedp.Location())
	var id int64
	fmt.Sscanf(loc[strings.LastIndex(loc, "/")+1:], "%d", &id)
	if id == 0 {
		fail("review id", fmt.Errorf("at %s", loc))
	}
	page := fmt.Sprintf("%s/legal-reviews/%d", base, id)
	// The reviewer assigns it to herself and returns it with a finding.
	opinion := func(problem legalreview.Item, conclusion legalreview.Conclusion, summary, then string) []chromedp.Action[chromedp.Void] {
		var steps []chromedp.Action[chromedp.Void]
		for _, it := range legalreview.Items() {
			ok := "1"
			if it == problem {
				ok = "0"
			}
			steps = append(steps, chromedp.Click(fmt.Sprintf(`#ok_%s_%s`, it, ok)))
		}
		if problem != "" {
			steps = append(steps, chromedp.SendKeys(`#comment_`+string(problem), "违法所得计算缺少进货凭证"))
		}
		return append(steps, chromedp.Click(`#conclusion_`+string(conclusion)), chromedp.SendKeys(`#summary`, summary),
			chromedp.Submit(`#summary`), waitText(`p.tags`, then))
	}
	steps := []chromedp.Action[chromedp.Void]{logout, chromedp.WaitVisible(`a[href="/login"]`), login("reviewer"),
		chromedp.Navigate(page), chromedp.WaitVisible(`#reviewer_id`),
		chromedp.SetValue(`#reviewer_id`, fmt.Sprint(f.personOf(t, "reviewer"))),
		chromedp.Submit(`#reviewer_id`), waitText(`p.tags`, "审核中"), chromedp.WaitVisible(`#summary`)}
	steps = append(steps, opinion(legalreview.FactsEvidence, legalreview.Revise, "请补充进货凭证后重新提交", "退回补正")...)
	if err := chromedp.Do(ctx, steps...); err != nil {
		fail("return", err)
	}
	if r, _ := f.store.LegalReview(t.Context(), id); r.State != legalreview.Returned {
		fail("returned", fmt.Errorf("state %s", r.State))
	}
	// The clerk resubmits with the evidence.
	err = chromedp.Do(ctx, logout, chromedp.WaitVisible(`a[href="/login"]`), login("clerk"),
		chromedp.Navigate(page), chromedp.WaitVisible(`#resubmit_note`),
		chromedp.SendKeys(`#resubmit_note`, "已补充进货凭证"),
		chromedp.SetUploadFiles(`#re_file_evidence_list`, []string{file("进货凭证.pdf")}),
		chromedp.Submit(`#resubmit_note`), chromedp.WaitVisible(`#round-2-title`))
	if err != nil {
		fail("resubmit", err)
	}
	// The reviewer agrees.
	steps = []chromedp.Action[chromedp.Void]{logout, chromedp.WaitVisible(`a[href="/login"]`), login("reviewer"),
		chromedp.Navigate(page), chromedp.WaitVisible(`#summary`)}
	if err := chromedp.Do(ctx, append(steps, opinion("", legalreview.Agree, "同意", "审核通过")...)...); err != nil {
		fail("pass", err)
	}
	tags, err := chromedp.Run(ctx, chromedp.Text(`p.tags`))
	if err != nil || !strings.Contains(tags, "审核通过") {
		fail("passed", fmt.Errorf("tags %q: %v", tags, err))
	}
	rounds, _ := f.store.ReviewRounds(t.Context(), id)
	if len(rounds) != 2 || rounds[0].Opinion == nil || len(rounds[0].Opinion.Problems()) != 1 || rounds[1].Opinion == nil ||
		!rounds[1].Opinion.Passed() || len(rounds[0].Materials) != 4 || len(rounds[1].Materials) != 1 {
		t.Fatalf("rounds %+v", rounds)
	}
	if got, _ := f.store.Case(t.Context(), c.ID); got.ReviewPassedOn == nil {
		t.Fatal("the case is not marked reviewed")
	}
}
