package store_test

import (
	"context"
	"strings"
	"testing"

	"fazhi/internal/account"
	"fazhi/internal/apperr"
	"fazhi/internal/certificate"
	"fazhi/internal/enforcement"
	"fazhi/internal/legalreview"
	"fazhi/internal/org"
	"fazhi/internal/sqldb"
	"fazhi/internal/sqldb/dbtest"
	"fazhi/internal/store"
)

// lrWorld is the enforcement world with a published review catalogue for
// the market unit (organisations fined 50,000 yuan or more, referrals),
// a reviewer pool — a qualified reviewer, a first-timer without the
// qualification, an experienced one without it, the case's own lead
// investigator, and a qualified reviewer of the traffic unit — and the
// accounts that act.
type lrWorld struct {
	*enfWorld
	catalog                          legalreview.Catalog
	qualified, novice, veteran, away org.Person
	clerk, reviewer, outsider        account.Actor
	clerkB, office                   account.Actor
}

func newLRWorld(t *testing.T, db *sqldb.DB) *lrWorld {
	t.Helper()
	ctx := context.Background()
	w := &lrWorld{enfWorld: newEnfWorld(t, db)}
	w.catalog = w.publish(t, legalreview.Catalog{UnitID: w.market.ID, Purpose: legalreview.Review, EffectiveFrom: d("2025-01-01"),
		Basis: "慈市监〔2024〕30号", Rules: []legalreview.Rule{{Kind: legalreview.FineAtLeast, PartyType: legalreview.Org, Amount: 50000},
			{Kind: legalreview.FineAtLeast, PartyType: legalreview.Person, Amount: 10000}, {Kind: legalreview.ManualReferral}}}, "2024-12-20")
	member := func(name string, unit int64, qualified bool, prior int) org.Person {
		p := w.officer(t, name, unit, certificate.Administrative, 80)
		o, err := w.s.Officer(ctx, p.ID)
		if err != nil {
			t.Fatal(err)
		}
		o.LegalQualification = qualified
		if err := w.s.SaveOfficer(ctx, admin, &o, "取得法律职业资格"); err != nil {
			t.Fatal(err)
		}
		m := legalreview.PoolMember{PersonID: p.ID, Since: d("2024-01-01"), Active: true, PriorReviews: prior}
		if err := w.s.SavePoolMember(ctx, admin, &m, ""); err != nil {
			t.Fatal(err)
		}
		return p
	}
	w.qualified = member("岑审核", w.market.ID, true, 0)
	w.novice = member("新审核", w.market.ID, false, 0)
	w.veteran = member("老审核", w.market.ID, false, 12)
	w.away = member("交审核", w.traffic.ID, true, 0)
	lead := legalreview.PoolMember{PersonID: w.officers[0].ID, Since: d("2024-01-01"), Active: true}
	if err := w.s.SavePoolMember(ctx, admin, &lead, ""); err != nil {
		t.Fatal(err)
	}
	office := org.Unit{Name: "慈溪市司法局测试", Kind: org.Department}
	if err := w.s.CreateUnit(ctx, admin, &office); err != nil {
		t.Fatal(err)
	}
	user := func(name string, unit int64, person int64, role account.Role) account.Actor {
		u := account.User{Username: "lr" + name, DisplayName: name, UnitID: unit, PersonID: person, Roles: []account.Role{role}}
		if err := w.s.CreateUser(ctx, admin, &u, "Test@password1"); err != nil {
			t.Fatal(err)
		}
		return account.ActorOf(u)
	}
	w.clerk = user("沈经办", w.market.ID, 0, account.Clerk)
	w.reviewer = user("岑审核", w.market.ID, w.qualified.ID, account.Reviewer)
	w.outsider = user("交审核", w.traffic.ID, w.away.ID, account.Reviewer)
	w.clerkB = user("交经办", w.traffic.ID, 0, account.Clerk)
	w.office = user("胡法制", office.ID, 0, account.LegalOffice)
	return w
}

func (w *lrWorld) publish(t *testing.T, c legalreview.Catalog, on string) legalreview.Catalog {
	t.Helper()
	if err := w.s.CreateCatalog(context.Background(), admin, &c); err != nil {
		t.Fatal(err)
	}
	c, err := w.s.PublishCatalog(context.Background(), admin, c.ID, c.Rev, d(on))
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// notified takes a new case of an organisation to the prior notice of a
// fine of yuan (tier 一般处罚, 50,000-100,000, or 从轻 below).
func (w *lrWorld) notified(t *testing.T, yuan int64) enforcement.Case {
	t.Helper()
	c := w.register(t, enforcement.Organisation, "2026-01-05")
	w.investigate(t, c.ID, "2026-01-06", "2026-01-20")
	tier := w.bench.Tiers[1].ID
	if yuan < 50000 {
		tier = w.bench.Tiers[0].ID
	}
	return w.mustAct(t, c.ID, enforcement.Act{Name: enforcement.ActNotify, On: d("2026-01-22"), TierID: tier,
		NoticeFine: enforcement.Yuan(yuan), NoticeKinds: "fine"})
}

func (w *lrWorld) decide(t *testing.T, c enforcement.Case, on string) (enforcement.Case, error) {
	t.Helper()
	return w.act(t, c.ID, enforcement.Act{Name: enforcement.ActDecide, On: d(on), PenaltyKinds: "fine", Fine: c.NoticeFine,
		Basis: "《中华人民共和国食品安全法》第一百二十四条"})
}

func pkg(kinds ...legalreview.Material) []legalreview.Upload {
	var out []legalreview.Upload
	for _, k := range kinds {
		out = append(out, legalreview.Upload{Kind: k, Filename: string(k) + ".pdf", ContentType: "application/pdf", Data: []byte("%PDF " + k)})
	}
	return out
}

var fullPackage = pkg(legalreview.Application, legalreview.DraftDecision, legalreview.InvestigationReport, legalreview.EvidenceList)

func (w *lrWorld) submit(t *testing.T, c enforcement.Case, on string) legalreview.Submission {
	t.Helper()
	r, err := w.s.SubmitReview(context.Background(), w.clerk, store.SubmitInput{CaseID: c.ID, DecisionOn: d("2026-02-10"),
		On: d(on), Uploads: fullPackage})
	if err != nil {
		t.Fatalf("submit: %v", err)
	}
	return r
}

func (w *lrWorld) assign(t *testing.T, r legalreview.Submission, person int64, invite bool, on string) (legalreview.Submission, error) {
	t.Helper()
	cur, err := w.s.LegalReview(context.Background(), r.ID)
	if err != nil {
		t.Fatal(err)
	}
	return w.s.AssignReviewer(context.Background(), w.office, r.ID, store.AssignInput{Version: cur.ItemVersion,
		ReviewerID: person, Invite: invite, Reason: "本单位审核人员回避", On: d(on)})
}

// opinion gives an opinion finding problem (none: 同意).
func (w *lrWorld) opinion(t *testing.T, a account.Actor, r legalreview.Submission, problem legalreview.Item, on string) (legalreview.Submission, error) {
	t.Helper()
	cur, err := w.s.LegalReview(context.Background(), r.ID)
	if err != nil {
		t.Fatal(err)
	}
	in := store.OpinionInput{Version: cur.ItemVersion, Conclusion: legalreview.Agree, On: d(on)}
	for _, it := range legalreview.Items() {
		f := legalreview.Finding{Item: it, OK: it != problem}
		if !f.OK {
			f.Comment = "证据不足以证明违法所得数额"
			in.Conclusion, in.Summary = legalreview.Revise, "补充进货凭证后再提交"
		}
		in.Findings = append(in.Findings, f)
	}
	return w.s.GiveOpinion(context.Background(), a, r.ID, in)
}

func fieldMessage(err error, field string) string {
	for _, f := range apperr.FieldsOf(err) {
		if f.Field == field {
			return f.Message
		}
	}
	return ""
}

// TestReviewGate: a case the catalogue sends to review cannot be decided
// until its review passes; the refusal names the catalogue rule and is
// flagged; the review returns with a finding, is resubmitted, passes, and
// the decision goes through. Each round keeps its opinion.
func TestReviewGate(t *testing.T) {
	dbtest.Run(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		w := newLRWorld(t, db)
		c := w.notified(t, 60000)
		_, err := w.decide(t, c, "2026-02-10")
		w.wantRefusal(t, c.ID, err, "法人或者其他组织 5万元以上")

		// The package must hold the four core documents.
		_, err = w.s.SubmitReview(ctx, w.clerk, store.SubmitInput{CaseID: c.ID, DecisionOn: d("2026-02-10"), On: d("2026-01-26"),
			Uploads: pkg(legalreview.Application, legalreview.DraftDecision)})
		if msg := fieldMessage(err, "materials"); !strings.Contains(msg, "案件调查终结报告") || !strings.Contains(msg, "证据材料及清单") {
			t.Fatalf("incomplete package: %v", err)
		}
		// Another unit's clerk cannot submit this unit's case.
		if _, err := w.s.SubmitReview(ctx, w.clerkB, store.SubmitInput{CaseID: c.ID, DecisionOn: d("2026-02-10"), On: d("2026-01-26"),
			Uploads: fullPackage}); apperr.KindOf(err) != apperr.NotFound {
			t.Fatalf("another unit submits: %v", err)
		}
		r := w.submit(t, c, "2026-01-26")
		if r.State != legalreview.Submitted || !strings.HasSuffix(r.Number, "法审〔2026〕1号") || r.Round != 1 || r.CatalogID != w.catalog.ID ||
			len(r.Reasons) != 1 || !strings.Contains(r.Reasons[0], "5万元") {
			t.Fatalf("submitted %+v", r)
		}
		if _, err := w.s.SubmitReview(ctx, w.clerk, store.SubmitInput{CaseID: c.ID, DecisionOn: d("2026-02-10"), On: d("2026-01-26"),
			Uploads: fullPackage}); apperr.KindOf(err) != apperr.Conflict {
			t.Fatalf("second submission: %v", err)
		}
		if r, err = w.assign(t, r, w.qualified.ID, false, "2026-01-27"); err != nil {
			t.Fatal(err)
		}
		if r.State != legalreview.InReview || r.ReviewerID != w.qualified.ID || r.Invited {
			t.Fatalf("assigned %+v", r)
		}
		// Only the assigned reviewer (or the office) gives the opinion.
		if _, err := w.opinion(t, w.outsider, r, "", "2026-01-29"); apperr.KindOf(err) != apperr.NotFound {
			t.Fatalf("an uninvited reviewer of another unit: %v", err)
		}
		if r, err = w.opinion(t, w.reviewer, r, legalreview.FactsEvidence, "2026-01-30"); err != nil {
			t.Fatal(err)
		}
		if r.State != legalreview.Returned {
			t.Fatalf("returned %+v", r)
		}
		_, err = w.decide(t, c, "2026-02-10")
		w.wantRefusal(t, c.ID, err, "未经法制审核或者审核未通过的，不得作出决定")

		cur, _ := w.s.LegalReview(ctx, r.ID)
		if _, err := w.s.Resubmit(ctx, w.clerk, r.ID, store.ResubmitInput{Version: cur.ItemVersion, On: d("2026-02-03")}); fieldMessage(err, "note") == "" {
			t.Fatalf("resubmission without a note: %v", err)
		}
		r, err = w.s.Resubmit(ctx, w.clerk, r.ID, store.ResubmitInput{Version: cur.ItemVersion, Note: "已补充进货凭证", On: d("2026-02-03"),
			Uploads: pkg(legalreview.EvidenceList)})
		if err != nil || r.State != legalreview.InReview || r.Round != 2 {
			t.Fatalf("resubmitted %+v %v", r, err)
		}
		if r, err = w.opinion(t, w.reviewer, r, "", "2026-02-05"); err != nil || r.State != legalreview.Passed || r.PassedOn == nil {
			t.Fatalf("passed %+v %v", r, err)
		}
		rounds, err := w.s.ReviewRounds(ctx, r.ID)
		if err != nil || len(rounds) != 2 || rounds[0].Opinion == nil || rounds[0].Opinion.Conclusion != legalreview.Revise ||
			len(rounds[0].Opinion.Problems()) != 1 || rounds[1].Opinion.Conclusion != legalreview.Agree || len(rounds[0].Materials) != 4 ||
			len(rounds[1].Materials) != 1 || rounds[1].Note != "已补充进货凭证" {
			t.Fatalf("rounds %+v %v", rounds, err)
		}
		if got, _ := w.s.Case(ctx, c.ID); got.ReviewPassedOn == nil || *got.ReviewPassedOn != d("2026-02-05") {
			t.Fatalf("case not marked reviewed: %+v", got.ReviewPassedOn)
		}
		if got, err := w.decide(t, c, "2026-02-10"); err != nil || got.State != enforcement.Decided {
			t.Fatalf("decision after the review: %v", err)
		}
		st, err := w.s.LegalReviewStats(ctx, 2026, nil, d("2026-03-02"))
		if err != nil {
			t.Fatal(err)
		}
		tot := st.Totals
		if tot.Submitted != 1 || tot.Months[0] != 1 || tot.FirstOpinions != 1 || tot.FirstPass != 0 || tot.Returned != 1 ||
			tot.Passed != 1 || tot.Opinions != 2 || tot.AvgPassDays != 10 || tot.AvgOpinionDays != 2.5 {
			t.Fatalf("totals %+v", tot)
		}
		for _, f := range st.Findings {
			if (f.Item == legalreview.FactsEvidence) != (f.Count == 1) {
				t.Errorf("findings %+v", st.Findings)
			}
		}
		for _, u := range st.Staffing {
			if u.UnitID == w.market.ID && (u.Reviewers != 4 || u.Officers != 8 || !u.Meets) {
				t.Errorf("staffing %+v", u)
			}
		}
	})
}

// TestReviewerChecks: the qualification for first-time reviewers, the
// separation from the investigators, and invitations across units — and
// who then sees the review.
func TestReviewerChecks(t *testing.T) {
	dbtest.Run(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		w := newLRWorld(t, db)
		r := w.submit(t, w.notified(t, 60000), "2026-01-26")
		for _, tc := range []struct {
			name   string
			person int64
			invite bool
			want   string
		}{
			{"the lead investigator", w.officers[0].ID, false, "是本案的调查人员"},
			{"first time without the qualification", w.novice.ID, false, "未取得法律职业资格"},
			{"another unit, not invited", w.away.ID, false, "须先邀请"},
			{"not in the pool", w.officers[1].ID, false, "不在法制审核人员名单"},
		} {
			_, err := w.assign(t, r, tc.person, tc.invite, "2026-01-27")
			if msg := fieldMessage(err, "reviewer_id"); !strings.Contains(msg, tc.want) {
				t.Errorf("%s: %v, want %q", tc.name, err, tc.want)
			}
		}
		if got, _ := w.s.LegalReview(ctx, r.ID); got.State != legalreview.Submitted {
			t.Fatalf("a refused assignment changed the review: %+v", got)
		}
		// Experience stands in for the qualification.
		r2 := w.submit(t, w.notified(t, 70000), "2026-01-26")
		if _, err := w.assign(t, r2, w.veteran.ID, false, "2026-01-27"); err != nil {
			t.Fatalf("an experienced reviewer: %v", err)
		}
		// An invited reviewer of another unit reviews, and sees only that review.
		r, err := w.assign(t, r, w.away.ID, true, "2026-01-27")
		if err != nil || !r.Invited || r.ReviewerUnitID != w.traffic.ID {
			t.Fatalf("invited %+v %v", r, err)
		}
		for _, tc := range []struct {
			who  account.Actor
			want []int64
		}{{w.clerk, []int64{r.ID, r2.ID}}, {w.outsider, []int64{r.ID}}, {w.clerkB, nil}, {w.office, []int64{r.ID, r2.ID}}} {
			person, _ := w.s.ActorPerson(ctx, tc.who)
			got, _, err := w.s.LegalReviews(ctx, store.LegalReviewFilter{UnitIDs: tc.who.Scope(), PersonID: person, Sort: "oldest"})
			var ids []int64
			for _, x := range got {
				ids = append(ids, x.ID)
			}
			if err != nil || len(ids) != len(tc.want) || (len(ids) > 0 && ids[0] != tc.want[0]) {
				t.Errorf("%s sees %v, want %v (%v)", tc.who.Name, ids, tc.want, err)
			}
		}
		if r, err = w.opinion(t, w.outsider, r, "", "2026-01-30"); err != nil || r.State != legalreview.Passed {
			t.Fatalf("the invited reviewer's opinion: %+v %v", r, err)
		}
		hist, _ := w.s.History(ctx, legalreview.ReviewKind, r.ID)
		if last := hist[len(hist)-1]; last.ActorName != "交审核" || last.UnitID != w.traffic.ID {
			t.Fatalf("the opinion is audited as %s of unit %d", last.ActorName, last.UnitID)
		}
		// The traffic unit's clerk still cannot act on the market unit's review.
		cur, _ := w.s.LegalReview(ctx, r2.ID)
		if _, err := w.s.ActOnReview(ctx, w.clerkB, r2.ID, store.ActInput{Action: "withdraw", Version: cur.ItemVersion,
			Reason: "x", On: d("2026-01-28")}); apperr.KindOf(err) != apperr.NotFound {
			t.Fatalf("another unit withdraws: %v", err)
		}
	})
}

// TestReviewTimers: the opinion clock runs 7 working days from the
// assignment, an extension adds 3 to its end once, the supervision scan
// raises warnings on it, and an opinion after the period counts overdue.
func TestReviewTimers(t *testing.T) {
	dbtest.Run(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		w := newLRWorld(t, db)
		r := w.submit(t, w.notified(t, 60000), "2026-01-26")
		r, err := w.assign(t, r, w.qualified.ID, false, "2026-01-27")
		if err != nil {
			t.Fatal(err)
		}
		timer := func() store.Timer {
			it, _ := w.s.Item(ctx, legalreview.ReviewKind, r.ID)
			ts, _ := w.s.Timers(ctx, it.ID)
			for _, tm := range ts {
				if tm.State == "running" {
					return tm
				}
			}
			return store.Timer{}
		}
		if tm := timer(); tm.Name != "opinion" || tm.DueOn != d("2026-02-05") || tm.RuleKey != "review.opinion" {
			t.Fatalf("opinion timer %+v", tm)
		}
		if n, err := w.s.ScanTimers(ctx, d("2026-02-06")); err != nil || n != 2 {
			t.Fatalf("scan raised %d: %v", n, err)
		}
		warns, _ := w.s.OpenWarnings(ctx, store.WarningFilter{UnitIDs: []int64{w.market.ID}})
		found := false
		for _, wn := range warns {
			found = found || (wn.Timer.Item != nil && wn.Timer.Item.RecordKind == legalreview.ReviewKind && wn.Level == store.Red)
		}
		if !found {
			t.Fatalf("no red warning for the review among %+v", warns)
		}
		act := func(name, on string) error {
			cur, _ := w.s.LegalReview(ctx, r.ID)
			_, err := w.s.ActOnReview(ctx, w.reviewer, r.ID, store.ActInput{Action: name, Version: cur.ItemVersion, Reason: "案情复杂", On: d(on)})
			return err
		}
		if err := act("extend", "2026-02-06"); err == nil || !strings.Contains(err.Error(), "届满") {
			t.Fatalf("extension after the period: %v", err)
		}
		if err := act("extend", "2026-02-04"); err != nil {
			t.Fatal(err)
		}
		if tm := timer(); tm.Name != "opinion_extended" || tm.DueOn != d("2026-02-10") {
			t.Fatalf("extended timer %+v", tm)
		}
		if err := act("extend", "2026-02-05"); err == nil || !strings.Contains(err.Error(), "延长过一次") {
			t.Fatalf("second extension: %v", err)
		}
		if r, err = w.opinion(t, w.reviewer, r, "", "2026-02-11"); err != nil {
			t.Fatal(err)
		}
		rounds, _ := w.s.ReviewRounds(ctx, r.ID)
		if op := rounds[0].Opinion; op == nil || !op.Overdue() || *op.DueOn != d("2026-02-10") || op.StartedOn != d("2026-01-27") {
			t.Fatalf("opinion %+v", op)
		}
		if tm := timer(); tm.Name != "" {
			t.Fatalf("a timer still runs after the opinion: %+v", tm)
		}
	})
}

// TestCollectiveDiscussion: a disagreement the unit does not accept goes
// to the organ's collective discussion, whose conclusion passes the review.
func TestCollectiveDiscussion(t *testing.T) {
	dbtest.Run(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		w := newLRWorld(t, db)
		c := w.notified(t, 60000)
		r := w.submit(t, c, "2026-01-26")
		r, _ = w.assign(t, r, w.qualified.ID, false, "2026-01-27")
		r, _ = w.opinion(t, w.reviewer, r, legalreview.LawDiscretion, "2026-01-29")
		act := func(a account.Actor, name, reason string) (legalreview.Submission, error) {
			cur, _ := w.s.LegalReview(ctx, r.ID)
			return w.s.ActOnReview(ctx, a, r.ID, store.ActInput{Action: name, Version: cur.ItemVersion, Reason: reason, On: d("2026-02-02")})
		}
		if _, err := act(w.clerk, "discuss", "不同意审核意见"); apperr.KindOf(err) != apperr.Forbidden {
			t.Fatalf("a clerk refers to discussion: %v", err)
		}
		if r, err := act(w.leader, "discuss", "承办机构不同意审核意见"); err != nil || r.State != legalreview.Discussion {
			t.Fatalf("discuss %+v %v", r, err)
		}
		r, err := act(w.leader, "discussion_pass", "局务会议集体讨论认为裁量适当，同意作出决定")
		if err != nil || r.State != legalreview.Passed || !strings.Contains(r.Discussion, "局务会议") {
			t.Fatalf("discussion %+v %v", r, err)
		}
		if got, _ := w.s.Case(ctx, c.ID); got.ReviewPassedOn == nil {
			t.Fatal("the case is not marked reviewed")
		}
	})
}

// TestApprovalGate: a decision in the approval catalogue waits for the
// city government's approval, which goes through the legal affairs
// office after the review passed, each stage on its own clock.
func TestApprovalGate(t *testing.T) {
	dbtest.Run(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		w := newLRWorld(t, db)
		w.publish(t, legalreview.Catalog{UnitID: w.market.ID, Purpose: legalreview.Approval, EffectiveFrom: d("2025-01-01"),
			Basis: "慈政办〔2024〕9号", Rules: []legalreview.Rule{{Kind: legalreview.FineAtLeast, PartyType: legalreview.Org, Amount: 80000}}}, "2024-12-01")
		c := w.notified(t, 90000)
		a, err := w.s.DraftApproval(ctx, w.clerk, store.ApprovalInput{CaseID: c.ID, DecisionOn: d("2026-02-20"), Summary: "拟罚款9万元", On: d("2026-01-26")})
		if err != nil || a.State != legalreview.ApprovalDraft || len(a.Reasons) != 1 {
			t.Fatalf("draft %+v %v", a, err)
		}
		fire := func(actor account.Actor, name, on, ref string) (legalreview.ApprovalRequest, error) {
			cur, _ := w.s.Approval(ctx, a.ID)
			return w.s.ActOnApproval(ctx, actor, a.ID, store.ApprovalActInput{Action: name, Version: cur.ItemVersion, Reason: "经审查同意",
				GovernmentRef: ref, On: d(on)})
		}
		if _, err := fire(w.clerk, "send", "2026-01-27", ""); err == nil || !strings.Contains(err.Error(), "审核通过后方可报送") {
			t.Fatalf("sent before the review: %v", err)
		}
		r := w.submit(t, c, "2026-01-26")
		r, _ = w.assign(t, r, w.qualified.ID, false, "2026-01-27")
		if _, err := w.opinion(t, w.reviewer, r, "", "2026-01-29"); err != nil {
			t.Fatal(err)
		}
		_, err = w.decide(t, c, "2026-02-10")
		w.wantRefusal(t, c.ID, err, "市政府批准前不得作出决定")
		if a, err = fire(w.clerk, "send", "2026-01-30", ""); err != nil || a.State != legalreview.OfficeReview {
			t.Fatalf("send %+v %v", a, err)
		}
		if _, err := fire(w.clerk, "forward", "2026-02-02", ""); apperr.KindOf(err) != apperr.Forbidden {
			t.Fatalf("the unit forwards its own request: %v", err)
		}
		it, _ := w.s.Item(ctx, legalreview.ApprovalKind, a.ID)
		if ts, _ := w.s.Timers(ctx, it.ID); len(ts) != 1 || ts[0].DueOn != d("2026-02-06") {
			t.Fatalf("office timer %+v", ts)
		}
		if a, err = fire(w.office, "forward", "2026-02-02", ""); err != nil || a.State != legalreview.GovernmentReview {
			t.Fatalf("forward %+v %v", a, err)
		}
		if _, err := fire(w.office, "approve", "2026-02-05", ""); fieldMessage(err, "government_ref") == "" {
			t.Fatalf("approval without the reply number: %v", err)
		}
		if a, err = fire(w.office, "approve", "2026-02-05", "慈政函〔2026〕5号"); err != nil || a.State != legalreview.ApprovalGranted {
			t.Fatalf("approve %+v %v", a, err)
		}
		if got, err := w.decide(t, c, "2026-02-10"); err != nil || got.State != enforcement.Decided {
			t.Fatalf("decision after the approval: %v", err)
		}
	})
}

// TestCatalogVersions: drafts are editable, published versions frozen;
// a version takes effect no earlier than its publication; the version in
// force on a day decides; the public sees published versions only.
func TestCatalogVersions(t *testing.T) {
	dbtest.Run(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		w := newLRWorld(t, db)
		v1 := w.catalog
		v1.Basis = "改"
		if err := w.s.UpdateCatalog(ctx, admin, &v1, "x"); apperr.KindOf(err) != apperr.Conflict {
			t.Fatalf("editing a published version: %v", err)
		}
		v2 := legalreview.Catalog{UnitID: w.market.ID, Purpose: legalreview.Review, EffectiveFrom: d("2026-02-01"), Basis: "慈市监〔2026〕2号",
			Rules: []legalreview.Rule{{Kind: legalreview.FineAtLeast, PartyType: legalreview.Org, Amount: 100000}}}
		if err := w.s.CreateCatalog(ctx, admin, &v2); err != nil || v2.Version != 2 {
			t.Fatalf("v2 %+v %v", v2, err)
		}
		v2.Rules = append(v2.Rules, legalreview.Rule{Kind: legalreview.LicenceRevocation})
		if err := w.s.UpdateCatalog(ctx, admin, &v2, "增加吊销许可证件"); err != nil {
			t.Fatal(err)
		}
		stale := v2
		stale.Rev = 1
		if err := w.s.UpdateCatalog(ctx, admin, &stale, "x"); apperr.KindOf(err) != apperr.Conflict {
			t.Fatalf("a stale edit: %v", err)
		}
		if got, _ := w.s.CatalogInForce(ctx, w.market.ID, legalreview.Review, d("2026-03-01")); got == nil || got.Version != 1 {
			t.Fatalf("a draft is not in force: %+v", got)
		}
		if _, err := w.s.PublishCatalog(ctx, admin, v2.ID, v2.Rev, d("2026-02-02")); fieldMessage(err, "effective_from") == "" {
			t.Fatalf("published after its effective day: %v", err)
		}
		public, _, _ := w.s.Catalogs(ctx, store.CatalogFilter{DraftUnits: []int64{}})
		if len(public) != 1 {
			t.Fatalf("the public sees %d versions", len(public))
		}
		if _, err := w.s.PublishCatalog(ctx, admin, v2.ID, v2.Rev, d("2026-01-15")); err != nil {
			t.Fatal(err)
		}
		for _, tc := range []struct {
			on   string
			want int
		}{{"2024-12-31", 0}, {"2025-06-01", 1}, {"2026-01-31", 1}, {"2026-02-01", 2}} {
			got, _ := w.s.CatalogInForce(ctx, w.market.ID, legalreview.Review, d(tc.on))
			if (got == nil) != (tc.want == 0) || (got != nil && (got.Version != tc.want || (tc.want == 2 && len(got.Rules) != 2))) {
				t.Errorf("%s: %+v, want version %d", tc.on, got, tc.want)
			}
		}
		// The version in force on the decision day decides: 60,000 yuan
		// needed review under version 1, not under version 2.
		c := w.notified(t, 60000)
		for on, want := range map[string]bool{"2026-01-30": true, "2026-02-10": false} {
			req, err := w.s.CaseRequirement(ctx, c.ID, d(on))
			if err != nil || req.ReviewRequired() != want {
				t.Errorf("%s: required=%v want %v (%v)", on, req.ReviewRequired(), want, req.Reasons())
			}
		}
	})
}
