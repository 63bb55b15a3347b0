package demo

// Legal review of major enforcement decisions (seed measure 8): each of
// the 27 enforcement units publishes its review catalogue (thresholds in
// the ranges of the local catalogues the domain brief quotes; a third of
// the units revised theirs in mid-2025), six units their catalogue of
// decisions reported to the city government; each unit designates its
// reviewers (most qualified, some experienced without the qualification,
// a few first-timers who cannot yet review). Every decided case that the
// catalogue in force on its decision day (or the law) sent to review gets
// the review it passed — most on the first round, some after a return or
// two, a few through collective discussion — and the open cases waiting
// for a decision get reviews in every state, their clocks running to
// today, some overdue. Everything goes through the store's writes, in
// one transaction.

import (
	"context"
	"fmt"
	"math/rand/v2"
	"slices"

	"fazhi/internal/account"
	"fazhi/internal/audit"
	"fazhi/internal/calendar"
	"fazhi/internal/certificate"
	"fazhi/internal/enforcement"
	"fazhi/internal/legalreview"
	"fazhi/internal/org"
	"fazhi/internal/pdf"
	"fazhi/internal/store"
)

var (
	lrSeed  = [2]uint64{2018, 118} // 国办发〔2018〕118号
	lrToday = mustDate("2026-11-27")
)

// approvalUnits publish a catalogue of decisions reported to the city
// government (the seed's pilot led by the mayor).
var approvalUnits = []string{"慈溪市自然资源和规划局", "宁波市生态环境局慈溪分局", "慈溪市住房和城乡建设局",
	"慈溪市应急管理局", "慈溪市综合行政执法局", marketName}

// lrUnit is an enforcement unit with its reviewers and the people the
// demo lets act for it.
type lrUnit struct {
	unit      org.Unit
	officers  []certificate.Officer // in enforcement posts
	reviewers []legalreview.PoolMember
	clerk     string // who submits, by name
	approval  bool
}

type lrGen struct {
	b       *store.Bulk
	rng     *rand.Rand
	cal     *calendar.Calendar
	units   map[int64]*lrUnit
	order   []*lrUnit
	docs    map[legalreview.Material][]byte
	sum     *Summary
	office  account.Actor
	invitee legalreview.PoolMember // the demo account reviewer
	openN   int                    // current reviews made so far
	invited int                    // of them, assigned to the demo account by invitation
}

func loadLegalReviews(ctx context.Context, s *store.Store, w *world, sum *Summary) error {
	g := &lrGen{rng: rand.New(rand.NewPCG(lrSeed[0], lrSeed[1])), cal: calendar.New(nil), units: map[int64]*lrUnit{},
		docs: materialDocs(), sum: sum,
		office: account.Actor{UserID: -1, Name: "胡晓燕", Roles: []account.Role{account.LegalOffice}}}
	if err := g.readUnits(ctx, s, w); err != nil {
		return err
	}
	cases, err := store.Collect(func(p store.Page) ([]enforcement.Case, int, error) {
		return s.Cases(ctx, store.CaseFilter{Procedure: enforcement.Ordinary, Sort: "oldest", Page: p})
	})
	if err != nil {
		return err
	}
	reviewer, err := s.Officer(ctx, w.personOf["reviewer"])
	if err != nil {
		reviewer = certificate.Officer{PersonID: w.personOf["reviewer"], Establishment: certificate.Administrative}
	}
	err = s.InBulk(ctx, func(b *store.Bulk) error {
		g.b = b
		if err := g.pool(reviewer); err != nil {
			return err
		}
		if err := g.catalogues(); err != nil {
			return err
		}
		for _, c := range cases {
			if err := g.caseReview(c); err != nil {
				return fmt.Errorf("demo: legal review of case %d: %w", c.ID, err)
			}
		}
		return nil
	})
	if err != nil {
		return err
	}
	// The review and approval clocks warn as of the demo's today.
	_, err = s.ScanTimers(ctx, lrToday)
	return err
}

// readUnits gathers the enforcement units with their officers.
func (g *lrGen) readUnits(ctx context.Context, s *store.Store, w *world) error {
	for _, u := range w.units {
		if !u.Enforcement || u.AbolishedOn != nil {
			continue
		}
		officers, err := store.Collect(func(p store.Page) ([]certificate.Officer, int, error) {
			return s.Officers(ctx, store.OfficerFilter{UnitID: u.ID, Page: p})
		})
		if err != nil {
			return err
		}
		lu := &lrUnit{unit: u, approval: slices.Contains(approvalUnits, u.Name), clerk: u.ShortName + "经办人"}
		for _, o := range officers {
			if o.EnforcementPost && o.PersonStatus == string(org.Active) {
				lu.officers = append(lu.officers, o)
			}
		}
		people, _, err := s.People(ctx, store.PersonFilter{UnitID: u.ID, Status: org.Active, Page: store.Page{Limit: 1}})
		if err != nil {
			return err
		}
		if len(people) > 0 {
			lu.clerk = people[0].Name
		}
		g.units[u.ID] = lu
		g.order = append(g.order, lu)
	}
	return nil
}

// materialDocs are the documents of a package, one small PDF per kind.
func materialDocs() map[legalreview.Material][]byte {
	out := map[legalreview.Material][]byte{}
	for _, m := range legalreview.Materials() {
		d := pdf.New()
		d.Title(m.Label())
		d.Para("（演示材料）本文件为演示数据生成的" + m.Label() + "，内容从略。")
		out[m] = d.Bytes()
	}
	return out
}

func (g *lrGen) chance(pct int) bool { return g.rng.IntN(100) < pct }

func (g *lrGen) workdays(d calendar.Date, n int) calendar.Date {
	out, err := g.cal.AddWorkdays(d, n)
	if err != nil {
		return d.AddDays(n * 7 / 5)
	}
	return out
}

// ---------- reviewers ----------

// pool designates each unit's reviewers among its officers: the target
// share of its enforcement staff (a few units one short), most with the
// legal professional qualification, some experienced without it, now and
// then a first-timer who cannot review yet. The demo account 岑丽萍 is the
// market regulator's qualified reviewer.
func (g *lrGen) pool(reviewer certificate.Officer) error {
	reviewer.LegalQualification = true
	if err := g.b.SaveOfficer(audit.System, &reviewer, "取得国家统一法律职业资格"); err != nil {
		return err
	}
	me := legalreview.PoolMember{PersonID: reviewer.PersonID, Since: mustDate("2020-03-01"), Active: true, Note: "法规科科长"}
	if err := g.b.SavePoolMember(audit.System, &me, ""); err != nil {
		return err
	}
	g.invitee = me
	for i, u := range g.order {
		want := (len(u.officers)*5 + 99) / 100
		if i%7 == 3 && want > 1 {
			want-- // below the target share
		}
		if u.unit.ID == reviewer.UnitID {
			u.reviewers = append(u.reviewers, me)
			want--
		}
		picks := g.rng.Perm(len(u.officers))
		for _, k := range picks[:min(want+1, len(picks))] {
			o := u.officers[k]
			if o.PersonID == reviewer.PersonID || want <= 0 {
				continue
			}
			want--
			m := legalreview.PoolMember{PersonID: o.PersonID, Since: mustDate("2019-03-01").AddDays(g.rng.IntN(1800)), Active: true}
			switch r := g.rng.IntN(100); {
			case r < 78 || len(u.reviewers) == 0: // every unit has a qualified reviewer
				o.LegalQualification = true
				if err := g.b.SaveOfficer(audit.System, &o, "取得国家统一法律职业资格"); err != nil {
					return err
				}
			case r < 94:
				m.PriorReviews, m.Note = 5+g.rng.IntN(60), "平台启用前已从事法制审核"
			default:
				m.Note = "新任审核人员，尚未取得法律职业资格"
			}
			if err := g.b.SavePoolMember(audit.System, &m, ""); err != nil {
				return err
			}
			m.LegalQualification = o.LegalQualification
			u.reviewers = append(u.reviewers, m)
			g.sum.Reviewers++
		}
	}
	return nil
}

// ---------- catalogues ----------

// catalogues publishes each unit's review catalogue from the day the 2021
// law took effect, a revised version for a third of the units from mid
// 2025, a draft revision at the market regulator, and the approval
// catalogues.
func (g *lrGen) catalogues() error {
	for i, u := range g.order {
		rules := g.reviewRules(u, i)
		if err := g.publish(u.unit, legalreview.Review, rules, "2021-07-15", "2021-07-01",
			fmt.Sprintf("慈%s〔2021〕%d号", short(u.unit), 10+g.rng.IntN(30))); err != nil {
			return err
		}
		if i%3 == 1 {
			rules = g.reviewRules(u, i)
			if err := g.publish(u.unit, legalreview.Review, rules, "2025-07-01", "2025-06-20",
				fmt.Sprintf("慈%s〔2025〕%d号", short(u.unit), 10+g.rng.IntN(30))); err != nil {
				return err
			}
		}
		if u.unit.Name == marketName {
			draft := legalreview.Catalog{UnitID: u.unit.ID, Purpose: legalreview.Review, EffectiveFrom: mustDate("2027-01-01"),
				Basis: "慈市监〔2026〕征求意见稿", Rules: g.reviewRules(u, i)}
			if err := g.b.CreateCatalog(audit.System, &draft); err != nil {
				return err
			}
		}
		if u.approval {
			rules := []legalreview.Rule{{Kind: legalreview.MajorPublicInterest, Note: "涉及重大公共利益、社会影响较大的"},
				{Kind: legalreview.LicenceRevocation, Note: "吊销重要许可证件的"}, {Kind: legalreview.Suspension, Note: "责令停产停业、关闭的"},
				{Kind: legalreview.FineAtLeast, PartyType: legalreview.Org, Amount: 1000000}}
			if err := g.publish(u.unit, legalreview.Approval, rules, "2021-09-01", "2021-08-20", "慈政办发〔2021〕58号"); err != nil {
				return err
			}
		}
	}
	return nil
}

func short(u org.Unit) string {
	if u.ShortName != "" {
		return u.ShortName
	}
	return u.Name
}

// reviewRules draws a catalogue within the ranges of the local
// catalogues: fines on citizens from 5,000 to 20,000 yuan, on
// organisations from 50,000 to 100,000, confiscations alike, and the
// kinds every catalogue lists. One unit reviews every ordinary case.
func (g *lrGen) reviewRules(u *lrUnit, i int) []legalreview.Rule {
	pick := func(vs ...int64) int64 { return vs[g.rng.IntN(len(vs))] }
	rules := []legalreview.Rule{
		{Kind: legalreview.FineAtLeast, PartyType: legalreview.Person, Amount: pick(5000, 10000, 10000, 20000)},
		{Kind: legalreview.FineAtLeast, PartyType: legalreview.Org, Amount: pick(50000, 50000, 100000)},
		{Kind: legalreview.ConfiscationAtLeast, Amount: pick(50000, 100000)},
		{Kind: legalreview.LicenceRevocation}, {Kind: legalreview.Suspension}, {Kind: legalreview.HearingHeld},
		{Kind: legalreview.OutsideBenchmark, Note: "拟减轻或者从重处罚的"},
		{Kind: legalreview.MajorPublicInterest}, {Kind: legalreview.ComplexCase}, {Kind: legalreview.ManualReferral},
	}
	if u.unit.ShortName == "统计局" {
		rules = append(rules, legalreview.Rule{Kind: legalreview.AllOrdinary, Note: "本局普通程序案件一律审核"})
	}
	return rules
}

func (g *lrGen) publish(u org.Unit, p legalreview.Purpose, rules []legalreview.Rule, from, on, basis string) error {
	c := legalreview.Catalog{UnitID: u.ID, Purpose: p, EffectiveFrom: mustDate(from), Basis: basis, Rules: rules}
	if err := g.b.CreateCatalog(audit.System, &c); err != nil {
		return err
	}
	if _, err := g.b.PublishCatalog(audit.System, c.ID, c.Rev, mustDate(on)); err != nil {
		return err
	}
	g.sum.ReviewCatalogs++
	return nil
}

// ---------- reviews ----------

// caseReview gives a case the review (and approval) it needs: a past one
// for a decided case, a current one in some state for a case awaiting
// its decision.
func (g *lrGen) caseReview(c enforcement.Case) error {
	u := g.units[c.UnitID]
	if u == nil || len(u.reviewers) == 0 {
		return nil
	}
	switch {
	case c.Outcome == enforcement.Penalised && c.DecidedOn != nil:
		return g.pastReview(u, c)
	case slices.Contains([]string{enforcement.Investigated, enforcement.Notified, enforcement.Hearing, enforcement.Heard}, c.State):
		return g.openReview(u, c)
	}
	return nil
}

func (g *lrGen) unitActor(u *lrUnit) account.Actor {
	return account.Actor{UserID: -1, Name: u.clerk, UnitID: u.unit.ID, Roles: []account.Role{account.Clerk, account.Officer, account.Leader}}
}

func reviewerActor(m legalreview.PoolMember) account.Actor {
	return account.Actor{UserID: -1, Name: m.Name, UnitID: m.UnitID, Roles: []account.Role{account.Reviewer, account.LegalOffice}}
}

func (g *lrGen) uploads(f legalreview.Facts) []legalreview.Upload {
	kinds := legalreview.RequiredMaterials(f)
	if g.chance(25) {
		kinds = append(kinds, legalreview.AppraisalReport)
	}
	out := make([]legalreview.Upload, len(kinds))
	for i, k := range kinds {
		out[i] = legalreview.Upload{Kind: k, Filename: k.Label() + ".pdf", ContentType: "application/pdf", Data: g.docs[k]}
	}
	return out
}

// pastReview: a decided case the catalogue in force on its decision day
// sent to review passed it before the decision.
func (g *lrGen) pastReview(u *lrUnit, c enforcement.Case) error {
	req, err := g.b.CaseRequirement(c, *c.DecidedOn)
	if err != nil || !req.ReviewRequired() {
		return err
	}
	passed := c.DecidedOn.AddDays(-1)
	if c.ReviewPassedOn != nil {
		passed = *c.ReviewPassedOn
	}
	plan := g.plan()
	start := passed.AddDays(-plan.span)
	if c.ReportOn != nil && start.Before(*c.ReportOn) {
		start = *c.ReportOn
	}
	if start.After(passed) {
		start = passed
	}
	r, err := g.b.SubmitReview(g.unitActor(u), store.SubmitInput{CaseID: c.ID, DecisionOn: *c.DecidedOn, On: start,
		Uploads: g.uploads(legalreview.FactsOf(c, req.Flags)), Past: true})
	if err != nil {
		return err
	}
	g.sum.LegalReviews++
	if err := g.run(u, c, r, plan, start, passed); err != nil || !req.ApprovalRequired() {
		return err
	}
	return g.pastApproval(u, c, start, passed)
}

// reviewPlan is how a review goes: how many returns, whether it ends in
// collective discussion, whether a reviewer of another unit is invited,
// and over how many days.
type reviewPlan struct {
	returns    int
	discussion bool
	invite     bool
	span       int
}

func (g *lrGen) plan() reviewPlan {
	p := reviewPlan{span: 4 + g.rng.IntN(6), invite: g.chance(6)}
	switch r := g.rng.IntN(100); {
	case r < 8: // passed on the first round, but after the period
		p.span = 13 + g.rng.IntN(6)
	case r < 71:
	case r < 91:
		p.returns, p.span = 1, 14+g.rng.IntN(10)
	case r < 97:
		p.returns, p.span = 2, 24+g.rng.IntN(10)
	default:
		p.returns, p.discussion, p.span = 1, true, 18+g.rng.IntN(8)
	}
	return p
}

// run takes a submitted review through its plan between start and end
// (the day it passes): assignment the next working day, each return a
// few working days later and the resubmission after it.
func (g *lrGen) run(u *lrUnit, c enforcement.Case, r legalreview.Submission, p reviewPlan, start, end calendar.Date) error {
	at := func(frac int) calendar.Date { // a day frac/100 of the way from start to end
		n := int(end.Time().Sub(start.Time()).Hours()/24) * frac / 100
		return start.AddDays(n)
	}
	m, r, err := g.assign(u, c, r, p.invite, start)
	if err != nil {
		return err
	}
	step := 100 / (2*p.returns + 1)
	for i := 0; i < p.returns; i++ {
		if r, err = g.opinion(m, r, false, at(step*(2*i+1))); err != nil {
			return err
		}
		if p.discussion {
			return g.discuss(u, r, at(step*(2*i+2)), end)
		}
		if r, err = g.resubmit(u, r, at(step*(2*i+2))); err != nil {
			return err
		}
	}
	_, err = g.opinion(m, r, true, end)
	return err
}

// assign gives the review to a reviewer who passes the checks: of the
// unit, or (when invited, or when all of the unit's own are barred — an
// investigator of the case, a first-timer without the qualification) of
// another unit.
func (g *lrGen) assign(u *lrUnit, c enforcement.Case, r legalreview.Submission, invite bool, on calendar.Date) (legalreview.PoolMember, legalreview.Submission, error) {
	var pools [][]legalreview.PoolMember
	for _, k := range g.rng.Perm(len(g.order)) {
		if other := g.order[k]; other.unit.ID != u.unit.ID {
			pools = append(pools, other.reviewers)
		}
	}
	if invite {
		pools = append(pools[:1:1], u.reviewers)
	} else {
		pools = append([][]legalreview.PoolMember{u.reviewers}, pools...)
	}
	assigner := reviewerActor(u.reviewers[0])
	var last error
	for _, pool := range pools {
		for _, k := range g.rng.Perm(len(pool)) {
			m := pool[k]
			out, err := g.b.AssignReviewer(assigner, r.ID, store.AssignInput{Version: r.ItemVersion, ReviewerID: m.PersonID,
				Invite: m.UnitID != u.unit.ID, Reason: "本单位审核人员为本案调查人员或工作量饱和，邀请协同审核", On: on})
			if err == nil {
				return m, out, nil
			}
			last = err
		}
	}
	return legalreview.PoolMember{}, r, fmt.Errorf("no reviewer may review case %d of %s: %w", c.ID, u.unit.Name, last)
}

// findingNotes are what reviewers find wrong, by checklist point.
var findingNotes = map[legalreview.Item][]string{
	legalreview.BodyAndOfficers: {"现场检查笔录中一名执法人员的执法证已过期", "委托执法的委托书未载明委托期限"},
	legalreview.Procedure:       {"告知书未载明申请听证的权利", "先行登记保存未在七日内作出处理决定"},
	legalreview.FactsEvidence:   {"违法所得数额的计算缺少进货凭证佐证", "询问笔录未经当事人签字确认", "检验报告与涉案批次不一致"},
	legalreview.LawDiscretion:   {"适用的处罚条款与违法事实不一致", "选择的裁量阶次与认定的情节不符，从轻理由不充分"},
	legalreview.Authority:       {"涉案行为发生地不在本单位管辖范围，需核实管辖"},
	legalreview.Documents:       {"决定书代拟稿未写明履行方式和期限", "送达回证缺失"},
	legalreview.CrimeTransfer:   {"涉案金额接近刑事立案追诉标准，应评估是否移送"},
}

// opinion gives the round's opinion: agreement, or one or two problems.
func (g *lrGen) opinion(m legalreview.PoolMember, r legalreview.Submission, pass bool, on calendar.Date) (legalreview.Submission, error) {
	in := store.OpinionInput{Version: r.ItemVersion, Conclusion: legalreview.Agree, On: on, Summary: "经审核，同意作出决定。"}
	items := legalreview.Items()
	bad := map[legalreview.Item]bool{}
	if !pass {
		bad[items[g.rng.IntN(len(items))]] = true
		if g.chance(30) {
			bad[items[g.rng.IntN(len(items))]] = true
		}
		in.Conclusion, in.Summary = legalreview.Revise, "请针对所列问题补正后重新提交审核。"
		if g.chance(40) {
			in.Conclusion = legalreview.Problems
		}
	}
	for _, it := range items {
		f := legalreview.Finding{Item: it, OK: !bad[it]}
		if !f.OK {
			notes := findingNotes[it]
			f.Comment = notes[g.rng.IntN(len(notes))]
		}
		in.Findings = append(in.Findings, f)
	}
	out, err := g.b.GiveOpinion(reviewerActor(m), r.ID, in)
	if err == nil {
		g.sum.ReviewOpinions++
	}
	return out, err
}

func (g *lrGen) resubmit(u *lrUnit, r legalreview.Submission, on calendar.Date) (legalreview.Submission, error) {
	return g.b.Resubmit(g.unitActor(u), r.ID, store.ResubmitInput{Version: r.ItemVersion, Note: "已按审核意见补正，补充相关证据材料并修改决定书代拟稿",
		On: on, Uploads: []legalreview.Upload{{Kind: legalreview.EvidenceList, Filename: "补充证据材料.pdf", ContentType: "application/pdf",
			Data: g.docs[legalreview.EvidenceList]}}})
}

// discuss refers a disagreement to the organ's collective discussion
// and, when end has come, records its conclusion.
func (g *lrGen) discuss(u *lrUnit, r legalreview.Submission, on, end calendar.Date) error {
	head := account.Actor{UserID: -1, Name: u.unit.ShortName + "负责人", UnitID: u.unit.ID, Roles: []account.Role{account.Leader}}
	r, err := g.b.ActOnReview(head, r.ID, store.ActInput{Action: "discuss", Version: r.ItemVersion, On: on,
		Reason: "承办机构认为裁量适当，对审核意见有异议"})
	if err != nil || end.After(lrToday) {
		return err
	}
	_, err = g.b.ActOnReview(head, r.ID, store.ActInput{Action: "discussion_pass", Version: r.ItemVersion, On: end,
		Reason: "经局长办公会议集体讨论，认为本案事实清楚、裁量适当，同意作出决定"})
	return err
}

// openReview: a case awaiting its decision that needs review has one in
// some state as of today, or (now and then) none yet.
func (g *lrGen) openReview(u *lrUnit, c enforcement.Case) error {
	decision := g.workdays(lrToday, 10)
	if u.approval && g.chance(15) {
		fl := legalreview.CaseFlags{CaseID: c.ID, MajorPublicInterest: true, Note: "涉及周边居民饮用水安全，社会关注度高"}
		if err := g.b.SaveCaseFlags(audit.Actor{Name: u.clerk, UnitID: u.unit.ID}, &fl, "认定涉及重大公共利益"); err != nil {
			return err
		}
	}
	req, err := g.b.CaseRequirement(c, decision)
	if err != nil || !req.ReviewRequired() || g.chance(8) {
		return err // now and then one still to be submitted
	}
	since := lrToday.AddDays(-2 - g.rng.IntN(20))
	if c.ReportOn != nil && since.Before(*c.ReportOn) {
		since = *c.ReportOn
	}
	r, err := g.b.SubmitReview(g.unitActor(u), store.SubmitInput{CaseID: c.ID, DecisionOn: decision, On: since,
		Uploads: g.uploads(legalreview.FactsOf(c, req.Flags))})
	if err != nil {
		return err
	}
	g.sum.LegalReviews++
	if err := g.openStage(u, c, r, since); err != nil {
		return err
	}
	if req.ApprovalRequired() {
		return g.openApproval(u, c, since)
	}
	return nil
}

// openStages are the stages current reviews are left in, in turn, so
// that every state has some: waiting to be assigned, in review (the clock
// running, some overdue, some extended), returned, referred to collective
// discussion, in a second round, passed awaiting the decision, withdrawn.
var openStages = []string{"submitted", "in_review", "returned", "in_review", "discussion", "second_round", "passed",
	"extended", "in_review", "invited", "passed", "withdrawn"}

// openStage leaves a review at the next stage as of today. The first two
// assignments outside the market regulator, and its turns of invitation,
// go to the demo account's reviewer there (a cross-department review).
func (g *lrGen) openStage(u *lrUnit, c enforcement.Case, r legalreview.Submission, since calendar.Date) error {
	stage := openStages[g.openN%len(openStages)]
	g.openN++
	if stage == "submitted" || !since.Before(lrToday.AddDays(-1)) {
		return nil
	}
	assigned := since.AddDays(1)
	if (stage == "invited" || g.invited < 2) && u.unit.ID != g.invitee.UnitID {
		out, err := g.b.AssignReviewer(reviewerActor(u.reviewers[0]), r.ID, store.AssignInput{Version: r.ItemVersion,
			ReviewerID: g.invitee.PersonID, Invite: true, Reason: "邀请市场监管局法规科协同审核", On: assigned})
		if err == nil {
			g.invited++
			return g.openAfterAssign(u, g.invitee, out, assigned, stage)
		}
	}
	m, r, err := g.assign(u, c, r, stage == "invited", assigned)
	if err != nil {
		return err
	}
	return g.openAfterAssign(u, m, r, assigned, stage)
}

func (g *lrGen) openAfterAssign(u *lrUnit, m legalreview.PoolMember, r legalreview.Submission, assigned calendar.Date, stage string) error {
	mid := assigned.AddDays(int(lrToday.Time().Sub(assigned.Time()).Hours()/24) / 2)
	var err error
	switch stage {
	case "extended":
		if !g.workdays(assigned, 7).Before(lrToday) {
			_, err = g.b.ActOnReview(reviewerActor(m), r.ID, store.ActInput{Action: "extend", Version: r.ItemVersion, On: lrToday,
				Reason: "案情复杂，需调取补充材料"})
		}
	case "returned":
		_, err = g.opinion(m, r, false, mid)
	case "discussion":
		if r, err = g.opinion(m, r, false, mid); err == nil {
			err = g.discuss(u, r, lrToday, lrToday.AddDays(1))
		}
	case "second_round":
		if r, err = g.opinion(m, r, false, mid); err == nil {
			_, err = g.resubmit(u, r, lrToday.AddDays(-1))
		}
	case "passed":
		_, err = g.opinion(m, r, true, mid)
	case "withdrawn":
		_, err = g.b.ActOnReview(g.unitActor(u), r.ID, store.ActInput{Action: "withdraw", Version: r.ItemVersion, On: mid,
			Reason: "案件事实发生变化，撤回后重新调查"})
	}
	return err
}

// ---------- approvals ----------

func (g *lrGen) approvalAct(a legalreview.ApprovalRequest, actor account.Actor, name, reason, ref string, on calendar.Date) (legalreview.ApprovalRequest, error) {
	return g.b.ActOnApproval(actor, a.ID, store.ApprovalActInput{Action: name, Version: a.ItemVersion, Reason: reason, GovernmentRef: ref, On: on})
}

// pastApproval: a decided case in the approval catalogue was approved by
// the city government before its decision.
func (g *lrGen) pastApproval(u *lrUnit, c enforcement.Case, drafted, reviewed calendar.Date) error {
	a, err := g.b.DraftApproval(g.unitActor(u), store.ApprovalInput{CaseID: c.ID, DecisionOn: *c.DecidedOn, On: drafted,
		Summary: "拟对" + c.Party.Name + "作出" + enforcement.KindsLabel(c.PenaltyKinds) + "的行政处罚决定", Past: true})
	if err != nil {
		return err
	}
	g.sum.Approvals++
	end := c.DecidedOn.AddDays(-1)
	steps := []struct{ name, reason string }{{"send", "报请审查"}, {"forward", "经审查，程序合法，建议批准"}, {"approve", "同意"}}
	for i, st := range steps {
		on := reviewed.AddDays(int(end.Time().Sub(reviewed.Time()).Hours()/24) * i / len(steps))
		ref := ""
		actor := g.office
		if st.name == "send" {
			actor = g.unitActor(u)
		}
		if st.name == "approve" {
			ref = fmt.Sprintf("慈政函〔%d〕%d号", on.Year, 10+g.rng.IntN(80))
		}
		if a, err = g.approvalAct(a, actor, st.name, st.reason, ref, on); err != nil {
			return err
		}
	}
	return nil
}

// openApproval: a case awaiting its decision in the approval catalogue
// has its request at some stage.
func (g *lrGen) openApproval(u *lrUnit, c enforcement.Case, since calendar.Date) error {
	a, err := g.b.DraftApproval(g.unitActor(u), store.ApprovalInput{CaseID: c.ID, DecisionOn: g.workdays(lrToday, 10), On: since,
		Summary: "拟对" + c.Party.Name + "作出" + enforcement.KindsLabel(c.NoticeKinds) + "的行政处罚决定，涉及重大公共利益，报请批准"})
	if err != nil {
		return err
	}
	g.sum.Approvals++
	cur, err := g.b.CaseRequirement(c, lrToday)
	if err != nil || cur.PassedOn == nil || g.chance(20) {
		return err // waiting for the review to pass first
	}
	on := *cur.PassedOn
	if on.Before(since) {
		on = since
	}
	if a, err = g.approvalAct(a, g.unitActor(u), "send", "报请审查", "", on); err != nil {
		return err
	}
	switch r := g.rng.IntN(100); {
	case r < 35: // with the office
	case r < 50:
		_, err = g.approvalAct(a, g.office, "office_return", "请补充听取周边居民意见的材料", "", g.workdays(on, 2))
	case r < 80:
		_, err = g.approvalAct(a, g.office, "forward", "经审查，程序合法，建议批准", "", g.workdays(on, 3))
	default:
		if a, err = g.approvalAct(a, g.office, "forward", "经审查，程序合法，建议批准", "", g.workdays(on, 2)); err == nil {
			_, err = g.approvalAct(a, g.office, "approve", "同意", fmt.Sprintf("慈政函〔%d〕%d号", lrToday.Year, 10+g.rng.IntN(80)),
				g.workdays(on, 5))
		}
	}
	return err
}
