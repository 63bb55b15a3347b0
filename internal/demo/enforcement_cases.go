package demo

import (
	"fmt"

	"fazhi/internal/audit"
	"fazhi/internal/calendar"
	"fazhi/internal/enforcement"
	"fazhi/internal/store"
)

// caseRun takes one case through its acts while their days are not after
// the demo's today.
type caseRun struct {
	g     *caseGen
	u     caseUnit
	m     *libMatter
	c     enforcement.Case
	actor audit.Actor
	team  []officerRef
}

// officeActor is the legal affairs office clearing flags.
var officeActor = audit.Actor{Name: "胡晓燕"}

func due(d calendar.Date) bool { return !d.After(enfToday) }

// act applies an act, after the warnings the daily scan raised up to
// the day before it.
func (r *caseRun) act(a enforcement.Act) error {
	if err := r.g.b.ScanCase(r.c.ID, a.On.AddDays(-1)); err != nil {
		return err
	}
	c, err := r.g.b.ActOnCase(r.actor, r.u.unit.ID, r.c.ID, a)
	if err != nil {
		return fmt.Errorf("demo: case %d %s on %s: %w", r.c.ID, a.Name, a.On, err)
	}
	r.c = c
	return nil
}

// attempt tries an act a gate must refuse (supervision's blocked attempts).
func (r *caseRun) attempt(a enforcement.Act) error {
	_, err := r.g.b.ActOnCase(r.actor, r.u.unit.ID, r.c.ID, a)
	if _, ok := enforcement.AsRefusal(err); !ok {
		return fmt.Errorf("demo: case %d: %s on %s was not refused by a gate: %v", r.c.ID, a.Name, a.On, err)
	}
	return nil
}

func (r *caseRun) record(kind, title string, on calendar.Date, detail string) (int64, error) {
	rec := enforcement.CaseRecord{CaseID: r.c.ID, Kind: kind, Title: title, OnDate: on, Detail: detail}
	err := r.g.b.AddCaseRecord(r.actor, &rec)
	return rec.ID, err
}

// ordinary registers a case and runs it under the ordinary procedure.
func (g *caseGen) ordinary(int) error {
	ui := g.pickUnit()
	u := g.units[ui]
	m, team := g.matterAndTeam(ui)
	src := g.day()
	r := &caseRun{g: g, u: u, m: m, team: team, actor: audit.Actor{Name: team[0].name, UnitID: u.unit.ID}}
	r.c = enforcement.Case{UnitID: u.unit.ID, MatterID: m.ID, Source: pick(g.rng, enforcement.Sources[:5]).Value, SourceOn: src,
		Party: g.party(u), SourceNote: "反映" + m.Name + "问题"}
	if err := g.b.RegisterCase(r.actor, &r.c); err != nil {
		return fmt.Errorf("demo: register case: %w", err)
	}
	return r.run()
}

func (r *caseRun) run() error {
	g := r.g
	filed := r.c.SourceOn.AddDays(1 + g.rng.IntN(10))
	if !due(filed) {
		return nil
	}
	if g.chance(3) {
		return r.act(enforcement.Act{Name: enforcement.ActDecline, On: filed, Reason: "经核查，违法事实不存在或者不属于本机关管辖，不予立案"})
	}
	if err := r.file(filed); err != nil {
		return err
	}
	report, err := r.investigate(filed)
	if err != nil || !due(report) {
		return err
	}
	violation := r.c.SourceOn.AddDays(-g.rng.IntN(30))
	crime := r.m.CrimeThreshold > 0 && g.chance(12)
	involved := g.money(enforcement.Yuan(2000), enforcement.Yuan(40000))
	if r.m.CrimeThreshold > 0 && !crime {
		involved = min(involved, r.m.CrimeThreshold*7/10)
	}
	if crime {
		involved = g.money(r.m.CrimeThreshold, r.m.CrimeThreshold*3)
	}
	gains := g.money(enforcement.Yuan(500), max(involved/4, enforcement.Yuan(600)))
	if err := r.act(enforcement.Act{Name: enforcement.ActReport, On: report, ViolationOn: &violation, AmountInvolved: involved,
		IllegalGains: gains, ViolationType: r.m.Name, Facts: r.facts(violation),
		EvidenceSummary: "上述事实有现场检查笔录、询问笔录、现场照片、当事人营业执照复印件等证据证实。"}); err != nil {
		return err
	}
	return r.decide(report, crime)
}

// file files the case (after a refused attempt with an uncertified person
// now and then) and names the team.
func (r *caseRun) file(on calendar.Date) error {
	g := r.g
	officers := ids(r.team)
	if g.chance(2) && len(r.u.others) > 0 {
		other := pick(g.rng, r.u.others)
		if err := r.attempt(enforcement.Act{Name: enforcement.ActFile, On: on, OfficerIDs: []int64{r.team[0].id, other.id}}); err != nil {
			return err
		}
	}
	if g.chance(1) && len(r.u.others) > 0 {
		officers = append(officers, pick(g.rng, r.u.others).id)
	}
	return r.act(enforcement.Act{Name: enforcement.ActFile, On: on, OfficerIDs: officers})
}

// investigate files the evidence, a preservation now and then, an
// extension for a slow investigation; it returns the report day.
func (r *caseRun) investigate(filed calendar.Date) (calendar.Date, error) {
	g := r.g
	days := 15 + g.rng.IntN(46)
	if g.chance(7) {
		days = 85 + g.rng.IntN(60)
	}
	report := filed.AddDays(days)
	items := []struct{ kind, title string }{
		{enforcement.RecRecord, "现场检查笔录"}, {enforcement.RecRecord, "询问笔录（当事人）"},
		{enforcement.RecEvidence, "现场照片"}, {enforcement.RecEvidence, "营业执照复印件"}, {enforcement.RecEvidence, "进货单据"},
	}
	for i, it := range items[:2+g.rng.IntN(2)] {
		on := filed.AddDays(i * (1 + g.rng.IntN(4)))
		if on.After(report) || !due(on) {
			break
		}
		if _, err := r.record(it.kind, it.title, on, ""); err != nil {
			return report, err
		}
	}
	if g.chance(12) {
		kept := filed.AddDays(1 + g.rng.IntN(3))
		if due(kept) {
			rec, err := r.record(enforcement.RecPreservation, "先行登记保存通知书（涉案物品）", kept, "经负责人批准，对涉案物品先行登记保存")
			if err != nil {
				return report, err
			}
			decided := g.workdays(kept, 1+g.rng.IntN(9))
			if due(decided) {
				if err := g.b.ScanCase(r.c.ID, decided.AddDays(-1)); err != nil {
					return report, err
				}
				if err := g.b.DecidePreservation(r.actor, r.c.ID, rec, decided, "解除先行登记保存，退还当事人"); err != nil {
					return report, err
				}
			}
			if !decided.Before(report) {
				report = decided.AddDays(1)
			}
		}
	}
	if ext := filed.AddDays(80); ext.Before(report) && due(ext) && g.chance(75) {
		p := enforcement.Period{CaseID: r.c.ID, RuleKey: "penalty.decide_extension", From: ext, Reason: "案情复杂，需补充调查取证，经负责人批准延长"}
		if err := g.b.AddCasePeriod(r.actor, &p); err != nil {
			return report, err
		}
	}
	return report, nil
}

func (r *caseRun) facts(violation calendar.Date) string {
	return fmt.Sprintf("经查，当事人于%d年%d月%d日在其经营（活动）场所%s。执法人员现场检查时当场发现，当事人对上述事实无异议。",
		violation.Year, int(violation.Month), violation.Day, r.m.Name)
}

// decide takes an investigated case to its outcome.
func (r *caseRun) decide(report calendar.Date, crime bool) error {
	g := r.g
	on := report.AddDays(1 + g.rng.IntN(3))
	if !due(on) {
		return nil
	}
	switch {
	case crime && g.chance(50):
		return r.act(enforcement.Act{Name: enforcement.ActTransfer, On: on, Reason: "涉案金额达到刑事立案追诉标准，涉嫌犯罪，移送公安机关"})
	case g.chance(5):
		reason := pick(g.rng, enforcement.NoPenaltyReasons[:3]).Value
		return r.act(enforcement.Act{Name: enforcement.ActNoPenalty, On: on, NoPenaltyReason: reason})
	case g.chance(2):
		return r.act(enforcement.Act{Name: enforcement.ActNotEstablished, On: on, Reason: "现有证据不足以证明违法事实成立"})
	}
	if g.chance(3) {
		if err := r.attempt(enforcement.Act{Name: enforcement.ActDecide, On: on, PenaltyKinds: "fine", Fine: enforcement.Yuan(1000)}); err != nil {
			return err
		}
	}
	notice, err := r.notify(on)
	if err != nil || notice == nil {
		return err
	}
	return r.finish(*notice)
}

// notify chooses a tier and an amount within it (outside it, with a
// reason, now and then) and gives the prior notice.
func (r *caseRun) notify(on calendar.Date) (*calendar.Date, error) {
	g := r.g
	b := r.m.version(*r.c.ViolationOn)
	a := enforcement.Act{Name: enforcement.ActNotify, On: on, CollectiveRequired: g.chance(4)}
	if b == nil {
		a.NoticeKinds, a.NoticeFine = "fine", g.money(enforcement.Yuan(500), enforcement.Yuan(20000))
	} else {
		t := b.Tiers[1+g.rng.IntN(len(b.Tiers)-1)]
		if len(b.Tiers) == 3 {
			t = b.Tiers[g.rng.IntN(3)]
		}
		a.TierID = t.ID
		lo, hi := t.Bounds(r.c.IllegalGains)
		if hi < 0 {
			hi = lo * 2
		}
		a.NoticeFine = g.money(max(lo, enforcement.Yuan(100)), max(hi, enforcement.Yuan(100)))
		a.NoticeKinds = "fine"
		if t.MaxMultiple > 0 {
			a.NoticeKinds, a.NoticeConfiscation = "fine,confiscate_gains", r.c.IllegalGains
		}
		if g.chance(6) && lo > enforcement.Yuan(200) {
			a.NoticeFine = g.money(enforcement.Yuan(100), lo/2)
			a.DeviationReason = "当事人主动消除违法行为危害后果，配合调查，依法减轻处罚"
		}
	}
	if err := r.act(a); err != nil {
		return nil, err
	}
	if g.chance(25) {
		d := on.AddDays(1 + g.rng.IntN(3))
		if due(d) {
			if err := g.b.RecordDefence(r.actor, store.CaseNote{CaseID: r.c.ID, On: d, Note: "当事人提出初次违法、已整改，请求从轻处罚"}); err != nil {
				return nil, err
			}
		}
	}
	return &on, nil
}

// finish holds the hearing when asked, decides, delivers, collects and
// closes, each on its day if that day has come.
func (r *caseRun) finish(notice calendar.Date) error {
	g := r.g
	decideOn := g.workdays(notice, 5).AddDays(1 + g.rng.IntN(6))
	if r.c.HearingRight && g.chance(35) {
		req := g.workdays(notice, 1+g.rng.IntN(4))
		if !due(req) {
			return nil
		}
		if err := r.act(enforcement.Act{Name: enforcement.ActRequestHearing, On: req}); err != nil {
			return err
		}
		hn := req.AddDays(1 + g.rng.IntN(3))
		held := g.workdays(hn, 7+g.rng.IntN(4))
		if !due(held) {
			return nil
		}
		if err := r.act(enforcement.Act{Name: enforcement.ActHoldHearing, On: held, HearingNoticeOn: &hn}); err != nil {
			return err
		}
		decideOn = held.AddDays(2 + g.rng.IntN(7))
	}
	if !due(decideOn) {
		return nil
	}
	if r.c.ReviewRequired {
		if err := g.b.MarkReviewPassed(r.actor, store.CaseNote{CaseID: r.c.ID, On: decideOn.AddDays(-1), Note: "经法制审核，同意"}); err != nil {
			return err
		}
	}
	if r.c.CollectiveRequired {
		if err := g.b.RecordCollective(r.actor, store.CaseNote{CaseID: r.c.ID, On: decideOn.AddDays(-1), Note: "局长办公会议集体讨论同意"}); err != nil {
			return err
		}
	}
	present := g.chance(60)
	if err := r.act(enforcement.Act{Name: enforcement.ActDecide, On: decideOn, TierID: r.c.TierID, PenaltyKinds: r.c.NoticeKinds,
		Fine: r.c.NoticeFine, Confiscation: r.c.NoticeConfiscation, PartyPresent: present,
		Basis: r.m.BasisLaw + r.m.PenaltyBasis}); err != nil {
		return err
	}
	if err := r.crimeFlagsHandled(decideOn); err != nil {
		return err
	}
	if d := g.workdays(decideOn, 2+g.rng.IntN(7)); due(d) {
		if err := g.b.ScanCase(r.c.ID, d.AddDays(-1)); err != nil {
			return err
		}
		if err := g.b.MarkCaseDisclosed(r.actor, r.c.ID, d); err != nil {
			return err
		}
	}
	return r.deliverAndCollect(decideOn, present)
}

// crimeFlagsHandled: the legal affairs office deals with most 以罚代刑
// flags within a few weeks (a supervision order, an explanation).
func (r *caseRun) crimeFlagsHandled(decided calendar.Date) error {
	on := decided.AddDays(20 + r.g.rng.IntN(40))
	if !due(on) || !r.g.chance(60) {
		return nil
	}
	return r.g.b.ClearCaseFlags(officeActor, r.c.ID, enforcement.FlagCrimeRisk, on, "已督促单位说明情况，经研判不构成以罚代刑")
}

func (r *caseRun) deliverAndCollect(decided calendar.Date, present bool) error {
	g := r.g
	delivered := decided
	if !present {
		delivered = g.workdays(decided, 1+g.rng.IntN(9))
	}
	if !due(delivered) {
		return nil
	}
	method := "direct"
	switch {
	case !present && g.chance(40):
		method = "post"
	case !present && g.chance(20):
		method = "left"
	}
	if err := r.act(enforcement.Act{Name: enforcement.ActDeliver, On: delivered, DeliveryMethod: method}); err != nil {
		return err
	}
	paid := delivered
	if r.c.PaymentDue != nil {
		switch x := g.rng.IntN(100); {
		case x < 80:
			paid = delivered.AddDays(3 + g.rng.IntN(12))
		case x < 89:
			paid = r.c.PaymentDue.AddDays(1 + g.rng.IntN(40))
		case x < 92:
			until := r.c.PaymentDue.AddDays(30)
			if err := g.b.SetPaymentTerms(r.actor, store.PaymentTerms{CaseID: r.c.ID, DeferredUntil: &until, On: delivered.AddDays(2),
				Reason: "当事人确有经济困难，申请暂缓缴纳，经负责人批准"}); err != nil {
				return err
			}
			paid = until.AddDays(-g.rng.IntN(10))
		default:
			return nil // not paid: the payment clock runs on
		}
	}
	if !due(paid) {
		return nil
	}
	c := r.c
	surcharge := enforcement.Money(0)
	if c.PaymentDue != nil {
		surcharge = enforcement.Surcharge(c.Fine, enforcement.PaymentDue(c, *c.PaymentDue), paid, 3, 0)
	}
	if err := r.act(enforcement.Act{Name: enforcement.ActExecute, On: paid, Paid: c.Fine + c.Confiscation + surcharge}); err != nil {
		return err
	}
	if closed := paid.AddDays(1 + g.rng.IntN(10)); due(closed) {
		return r.act(enforcement.Act{Name: enforcement.ActClose, On: closed})
	}
	return nil
}

// simple records an on-the-spot decision and its filing with the unit.
func (g *caseGen) simple(int) error {
	ui := g.pickUnit()
	u := g.units[ui]
	m, team := g.matterAndTeam(ui)
	on := g.day()
	actor := audit.Actor{Name: team[0].name, UnitID: u.unit.ID}
	c := enforcement.Case{UnitID: u.unit.ID, MatterID: m.ID, DecidedOn: &on, SourceOn: on, Source: "inspection",
		Party: g.party(u), Basis: m.BasisLaw + m.PenaltyBasis}
	c.Facts = fmt.Sprintf("执法人员当场发现当事人%s，事实清楚，证据确凿。", m.Name)
	switch {
	case c.Party.Kind == enforcement.Person && g.chance(20):
		c.PenaltyKinds = "warning"
	case c.Party.Kind == enforcement.Person:
		c.PenaltyKinds, c.Fine = "fine", g.money(enforcement.Yuan(20), enforcement.Yuan(200))
	default:
		c.PenaltyKinds, c.Fine = "fine", g.money(enforcement.Yuan(200), enforcement.Yuan(3000))
	}
	c.CashCollected = c.Fine > 0 && c.Fine <= enforcement.Yuan(100) && g.chance(60)
	if err := g.b.DecideOnTheSpot(actor, &c, ids(team)); err != nil {
		return fmt.Errorf("demo: on-the-spot decision: %w", err)
	}
	// Filed with the unit within days; a few are left waiting (the list
	// shows them to the clerk).
	filed := g.workdays(on, g.rng.IntN(6))
	if !due(filed) || g.chance(2) {
		return nil
	}
	_, err := g.b.ActOnCase(actor, u.unit.ID, c.ID, enforcement.Act{Name: enforcement.ActFileSimple, On: filed})
	return err
}
