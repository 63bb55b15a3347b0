package demo

// The demo's transfers to criminal justice, supervision orders and case
// evaluation (issue 5, items 6 and 7), built on the penalty cases:
//
//   - every case the head decided to transfer (移送司法机关) becomes a
//     transfer to the city's public security bureau, copied to the
//     procuratorate, taken through Order 310 as far as its dates reach by
//     the demo's today: filed and handed over, not filed and reconsidered,
//     supervised by the procuratorate, forwarded or returned; a few are
//     late at a step, and the latest still have their clocks running;
//   - the legal affairs office's orders of 2025 and 2026 about cases and
//     matters, replied, returned, accepted, a few overdue;
//   - one evaluation batch a year: 2025's completed on scoring sheet v1,
//     2026's being scored on v2.
//
// The units' staff have no accounts; the loader writes for them by name
// (store.Bulk's …As methods) with the checks of their side.

import (
	"context"
	"fmt"
	"math/rand/v2"
	"slices"

	"fazhi/internal/account"
	"fazhi/internal/apperr"
	"fazhi/internal/audit"
	"fazhi/internal/calendar"
	"fazhi/internal/enforcement"
	"fazhi/internal/org"
	"fazhi/internal/store"
	"fazhi/internal/supervise"
	"fazhi/internal/transfer"
)

var (
	trfSeed  = [2]uint64{310, 2020}
	trfToday = mustDate("2026-11-27") // the demo's today
)

// maxTransfers caps the transfers drawn from the transferred cases.
const maxTransfers = 60

// supWorld is what the loader needs of the organisation.
type supWorld struct {
	b      *store.Bulk
	rng    *rand.Rand
	office account.Actor // the fazhiban account
	police org.Unit
	proc   org.Unit
	staff  map[int64][]string // unit -> names of its staff
	sum    *Summary
	cal    *calendar.Calendar
}

func loadTransfers(ctx context.Context, s *store.Store, w *world, sum *Summary) error {
	sw := &supWorld{rng: rand.New(rand.NewPCG(trfSeed[0], trfSeed[1])), sum: sum, staff: map[int64][]string{},
		cal: calendar.New(nil)}
	for _, u := range w.units {
		switch u.Name {
		case policeName:
			sw.police = u
		case procName:
			sw.proc = u
		}
	}
	users, err := s.Users(ctx)
	if err != nil {
		return err
	}
	for _, u := range users {
		if u.Username == "fazhiban" {
			sw.office = account.ActorOf(u)
		}
	}
	people, err := store.Collect(func(p store.Page) ([]org.Person, int, error) {
		return s.People(ctx, store.PersonFilter{Status: org.Active, Page: p})
	})
	if err != nil {
		return err
	}
	for _, p := range people {
		sw.staff[p.UnitID] = append(sw.staff[p.UnitID], p.Name)
	}
	transferred, err := store.Collect(func(p store.Page) ([]enforcement.Case, int, error) {
		return s.Cases(ctx, store.CaseFilter{States: []string{enforcement.TransferEnd}, Sort: "oldest", Page: p})
	})
	if err != nil {
		return err
	}
	if len(transferred) > maxTransfers {
		transferred = transferred[:maxTransfers]
	}
	for i := range transferred {
		c, err := s.Case(ctx, transferred[i].ID) // with its officers
		if err != nil {
			return err
		}
		transferred[i] = c
	}
	// In the order of the heads' decisions, so that the letters are
	// numbered in the order they were sent.
	slices.SortStableFunc(transferred, func(a, b enforcement.Case) int {
		if a.DecidedOn == nil || b.DecidedOn == nil {
			return 0
		}
		return a.DecidedOn.Compare(*b.DecidedOn)
	})
	// The cases orders are about: the earliest and the latest registered
	// (reading all of them costs more than the orders need).
	var cases []enforcement.Case
	for _, sort := range []string{"oldest", ""} {
		some, _, err := s.Cases(ctx, store.CaseFilter{Procedure: enforcement.Ordinary, Sort: sort, Page: store.Page{Limit: 250}})
		if err != nil {
			return err
		}
		cases = append(cases, some...)
	}
	err = s.InBulk(ctx, func(b *store.Bulk) error {
		sw.b = b
		for _, c := range transferred {
			if err := sw.transfer(c); err != nil {
				return fmt.Errorf("demo: transfer of case %d: %w", c.ID, err)
			}
		}
		if err := sw.orders(cases); err != nil {
			return fmt.Errorf("demo: orders: %w", err)
		}
		if err := sw.evaluations(); err != nil {
			return fmt.Errorf("demo: evaluations: %w", err)
		}
		return nil
	})
	if err != nil {
		return err
	}
	_, err = s.ScanTimers(ctx, trfToday)
	return err
}

// person names a member of a unit's staff.
func (sw *supWorld) person(unit int64) audit.Actor {
	name := "经办人"
	if names := sw.staff[unit]; len(names) > 0 {
		name = pick(sw.rng, names)
	}
	return audit.Actor{Name: name, UnitID: unit}
}

func (sw *supWorld) chance(pct int) bool { return sw.rng.IntN(100) < pct }

// later is d plus lo to hi days.
func (sw *supWorld) later(d calendar.Date, lo, hi int) calendar.Date {
	return d.AddDays(lo + sw.rng.IntN(hi-lo+1))
}

// ---------- transfers ----------

// crimes maps words of a matter to the crime it suggests; the default is
// illegal business operation.
var crimes = []struct{ word, crime, standard string }{
	{"食品", "生产、销售不符合安全标准的食品罪", "《最高人民检察院 公安部关于公安机关管辖的刑事案件立案追诉标准的规定（一）》第十九条"},
	{"药品", "生产、销售、提供假药罪", "《最高人民检察院 公安部关于公安机关管辖的刑事案件立案追诉标准的规定（一）》第十七条"},
	{"商标", "假冒注册商标罪", "《最高人民检察院 公安部关于公安机关管辖的刑事案件立案追诉标准的规定（二）》第六十九条"},
	{"伪劣", "生产、销售伪劣产品罪", "《最高人民检察院 公安部关于公安机关管辖的刑事案件立案追诉标准的规定（一）》第十六条"},
	{"污染", "污染环境罪", "《最高人民法院 最高人民检察院关于办理环境污染刑事案件适用法律若干问题的解释》第一条"},
	{"危险废物", "污染环境罪", "《最高人民法院 最高人民检察院关于办理环境污染刑事案件适用法律若干问题的解释》第一条"},
	{"土地", "非法占用农用地罪", "《最高人民检察院 公安部关于公安机关管辖的刑事案件立案追诉标准的规定（一）》第六十七条"},
	{"矿", "非法采矿罪", "《最高人民检察院 公安部关于公安机关管辖的刑事案件立案追诉标准的规定（一）》第六十八条"},
	{"烟草", "非法经营罪", "《最高人民检察院 公安部关于公安机关管辖的刑事案件立案追诉标准的规定（二）》第七十一条"},
	{"税", "逃税罪", "《最高人民检察院 公安部关于公安机关管辖的刑事案件立案追诉标准的规定（二）》第五十二条"},
	{"安全生产", "重大责任事故罪", "《最高人民检察院 公安部关于公安机关管辖的刑事案件立案追诉标准的规定（一）》第八条"},
}

func crimeOf(matter string) (string, string) {
	for _, c := range crimes {
		if containsWord(matter, c.word) {
			return c.crime, c.standard
		}
	}
	return "非法经营罪", "《最高人民检察院 公安部关于公安机关管辖的刑事案件立案追诉标准的规定（二）》第七十一条"
}

func containsWord(s, w string) bool {
	rs, ws := []rune(s), []rune(w)
	for i := 0; i+len(ws) <= len(rs); i++ {
		if string(rs[i:i+len(ws)]) == w {
			return true
		}
	}
	return false
}

// seizedItems draws an inventory for a matter, or none.
func (sw *supWorld) seizedItems(matter string) []transfer.Item {
	if sw.chance(20) {
		return nil
	}
	goods := []string{"涉案产品", "账册", "送货单", "生产设备", "原材料", "包装物", "销售记录U盘"}
	units := []string{"件", "箱", "本", "台", "千克", "个"}
	n := 1 + sw.rng.IntN(3)
	var out []transfer.Item
	for range n {
		name := pick(sw.rng, goods)
		if slices.ContainsFunc(out, func(it transfer.Item) bool { return it.Name == name }) {
			continue
		}
		out = append(out, transfer.Item{Name: name, Quantity: fmt.Sprintf("%d %s", 1+sw.rng.IntN(500), pick(sw.rng, units)),
			Note: "已依法扣押"})
	}
	return out
}

// trfRun is one transfer on its way, with the date of its last act.
type trfRun struct {
	sw   *supWorld
	t    transfer.Transfer
	last calendar.Date
	team audit.Actor
}

// fire applies a transition on day on if that day has come; ok is false
// (and nothing happens) when it has not.
func (r *trfRun) fire(side transfer.Party, name string, on calendar.Date, reason string, extra func(*store.TransferAct)) (bool, error) {
	if on.After(trfToday) {
		return false, nil
	}
	if name != "approve" && trfToday.AddDays(-12).Before(on) && r.sw.chance(40) {
		return false, nil // a step of the last days not done yet: its clock runs, perhaps past due
	}
	if on.Before(r.last) {
		on = r.last
	}
	by := r.team
	switch side {
	case transfer.Police:
		by = r.sw.person(r.sw.police.ID)
	case transfer.Procuratorate:
		by = r.sw.person(r.sw.proc.ID)
	case transfer.Unit:
		if name == "approve" || name == "refuse" {
			by = audit.Actor{Name: r.sw.head(r.t.UnitID), UnitID: r.t.UnitID}
		}
	}
	act := store.TransferAct{Name: name, ItemVersion: r.t.ItemVersion, Reason: reason, On: on}
	if extra != nil {
		extra(&act)
	}
	t, err := r.sw.b.FireTransferAs(by, side, r.t.ID, act)
	if err != nil {
		return false, fmt.Errorf("%s on %s: %w", name, on, err)
	}
	r.t, r.last = t, on
	return true, nil
}

// head names the unit's head (the first of its staff, who is the head in
// the demo organisation).
func (sw *supWorld) head(unit int64) string {
	if names := sw.staff[unit]; len(names) > 0 {
		return names[0]
	}
	return "负责人"
}

func (sw *supWorld) transfer(c enforcement.Case) error {
	if len(c.Officers) < 2 || c.DecidedOn == nil {
		return nil
	}
	crime, standard := crimeOf(c.MatterName)
	decided := *c.DecidedOn
	reported := decided.AddDays(-sw.rng.IntN(3))
	if c.FiledOn != nil && reported.Before(*c.FiledOn) {
		reported = *c.FiledOn
	}
	t := transfer.Transfer{UnitID: c.UnitID, CaseID: c.ID, PartyKind: string(c.Party.Kind), PartyName: c.Party.Name,
		PartyCode: c.Party.Code, Matter: c.MatterName, SuspectedCrime: crime, Standard: standard, Amount: c.AmountInvolved,
		Facts: c.Facts + fmt.Sprintf("涉案金额%s元，已达到刑事立案追诉标准。", c.AmountInvolved),
		Team:  []transfer.Member{{PersonID: c.Officers[0].PersonID}, {PersonID: c.Officers[1].PersonID}}, ReportedOn: reported,
		PoliceUnitID: sw.police.ID, ProcuratorateUnitID: sw.proc.ID,
		Materials: []string{transfer.Letter, transfer.Report}}
	t.Items = sw.seizedItems(c.MatterName)
	if len(t.Items) == 0 {
		t.NoItems = true
	} else {
		t.Materials = append(t.Materials, transfer.Inventory)
	}
	if sw.chance(40) {
		t.Materials = append(t.Materials, transfer.Appraisal)
	}
	team := audit.Actor{Name: c.Officers[0].Name, UnitID: c.UnitID}
	if err := sw.b.CreateTransferAs(team, &t); err != nil {
		return err
	}
	sw.sum.Transfers++
	r := &trfRun{sw: sw, t: t, last: reported, team: team}
	return r.run(decided)
}

// run takes a reported transfer through Order 310.
func (r *trfRun) run(decided calendar.Date) error {
	sw := r.sw
	// The case's head decided to transfer (the case is 已移送司法机关), so
	// the head approves the report.
	ok, err := r.fire(transfer.Unit, "approve", decided, "同意移送公安机关", nil)
	if !ok || err != nil {
		return err
	}
	send := decided
	if sw.chance(10) { // late: more than 24 hours after approval
		send = decided.AddDays(2)
	} else if sw.chance(50) {
		send = decided.AddDays(1)
	}
	if ok, err = r.fire(transfer.Unit, "send", send, "", nil); !ok || err != nil {
		return err
	}
	if sw.chance(30) {
		if err := sw.b.AddTransferOpinionAs(sw.person(sw.proc.ID), r.t.ID, "已收到抄送的移送材料，本院将依法对公安机关的立案活动进行监督。", r.last); err != nil {
			return err
		}
	}
	if sw.chance(5) {
		_, err := r.fire(transfer.Police, "forward", sw.later(r.last, 0, 1), "涉案地点不属本局管辖", func(a *store.TransferAct) {
			a.ForwardedTo = "宁波市公安局经济技术开发区分局"
		})
		return err
	}
	if ok, err = r.fire(transfer.Police, "accept", sw.later(r.last, 0, 1), "", func(a *store.TransferAct) {
		a.ReceiptNo = fmt.Sprintf("慈公收〔%d〕%d号", r.last.Year, r.t.ID)
	}); !ok || err != nil {
		return err
	}
	decide := sw.later(r.last, 1, 3)
	if sw.chance(15) { // past the 3 days
		decide = sw.later(r.last, 4, 6)
	}
	if sw.chance(72) {
		if ok, err = r.fire(transfer.Police, "file", decide, "经审查，认为有犯罪事实，需要追究刑事责任，决定立案侦查", nil); !ok || err != nil {
			return err
		}
		return r.afterFiling()
	}
	if ok, err = r.fire(transfer.Police, "not_file", decide, "经审查，现有证据不能证明犯罪事实达到追诉标准，决定不予立案", nil); !ok || err != nil {
		return err
	}
	return r.afterNotFiling()
}

func (r *trfRun) afterFiling() error {
	sw := r.sw
	ok, err := r.fire(transfer.Unit, "hand_over", sw.later(r.last, 1, 3), "涉案物品及有关材料已移交公安机关", nil)
	if !ok || err != nil || !sw.chance(8) {
		return err
	}
	_, err = r.fire(transfer.Police, "return_case", sw.later(r.last, 20, 60), "经侦查，不需要追究刑事责任，但应当予以行政处罚，移回行政执法机关依法处理", nil)
	return err
}

func (r *trfRun) afterNotFiling() error {
	sw := r.sw
	switch {
	case sw.chance(45):
		ok, err := r.fire(transfer.Unit, "request_reconsideration", sw.later(r.last, 1, 3), "涉案金额经鉴定已达追诉标准，请求复议", nil)
		if !ok || err != nil {
			return err
		}
		if sw.chance(40) {
			_, err = r.fire(transfer.Police, "file", sw.later(r.last, 1, 3), "经复议，决定撤销不予立案决定，立案侦查", nil)
			if err == nil && r.t.State == transfer.Filed {
				return r.afterFiling()
			}
			return err
		}
		if ok, err = r.fire(transfer.Police, "uphold", sw.later(r.last, 1, 3), "经复议，维持不予立案决定", nil); !ok || err != nil {
			return err
		}
		if sw.chance(50) {
			_, err = r.fire(transfer.Unit, "handle_administratively", sw.later(r.last, 1, 3), "依法作行政处理", nil)
			return err
		}
		return r.supervision()
	case sw.chance(35):
		return r.supervision()
	}
	_, err := r.fire(transfer.Unit, "handle_administratively", sw.later(r.last, 1, 3), "认可不予立案决定，依法作行政处理（第十条）", nil)
	return err
}

func (r *trfRun) supervision() error {
	sw := r.sw
	ok, err := r.fire(transfer.Unit, "suggest_supervision", sw.later(r.last, 1, 3), "对不予立案决定仍有异议，建议人民检察院依法进行立案监督", nil)
	if !ok || err != nil {
		return err
	}
	if sw.chance(50) {
		_, err = r.fire(transfer.Procuratorate, "confirm_not_filing", sw.later(r.last, 5, 15), "经审查，公安机关不立案理由成立", nil)
		return err
	}
	if ok, err = r.fire(transfer.Procuratorate, "order_filing", sw.later(r.last, 5, 15), "公安机关不立案理由不能成立，通知其立案", nil); !ok || err != nil {
		return err
	}
	if ok, err = r.fire(transfer.Police, "file", sw.later(r.last, 3, 14), "根据人民检察院通知立案侦查", nil); !ok || err != nil {
		return err
	}
	return r.afterFiling()
}

// ---------- supervision orders ----------

// matterOrders are the office's matter orders (事项督办).
var matterOrders = []struct{ title, content string }{
	{"行政执法公示制度落实情况", "请对照行政执法公示制度，自查本单位执法主体、执法人员、执法依据、执法结果等信息的公示情况，逐项整改并书面报告。"},
	{"执法全过程记录制度落实情况", "请报送本单位执法记录仪配备、使用和音像资料归档情况，对未按规定记录的案件说明原因。"},
	{"重大执法决定法制审核目录编制", "请于期限内编制并公布本单位重大执法决定法制审核目录清单，报送法制办备案。"},
	{"行政处罚裁量基准公开情况", "请核查本单位行政处罚裁量基准是否已在门户网站公开，并报送公开链接及最新版本。"},
	{"涉企行政检查备案情况", "请报送本单位年度涉企行政检查计划及执行情况，说明是否存在多头检查、重复检查。"},
	{"行政执法案卷评查问题整改", "根据案卷评查通报，请对本单位不合格案卷逐件整改，并报送整改情况。"},
}

// caseOrders are the reasons for a case order (个案督办).
var caseOrders = []struct{ title, content string }{
	{"案件办理超过法定期限", "该案自立案之日起已接近或超过九十日，请说明未作出处理决定的原因，依法及时办结，并报送办理情况。"},
	{"群众投诉举报案件办理", "请依法调查核实投诉举报反映的问题，及时作出处理，并将处理结果书面回复。"},
	{"罚款未按期缴纳的执行情况", "当事人逾期未缴纳罚款，请依法加处罚款或申请强制执行，并报送执行情况。"},
	{"涉案金额达到移送标准的案件处理", "该案涉案金额已达刑事立案追诉标准，请说明未移送公安机关的理由，防止以罚代刑。"},
}

var replyTexts = []string{
	"已按要求完成自查整改，具体情况如下：一、……二、……",
	"收到督办后已组织专人办理，现已依法办结，相关材料附后。",
	"经核查，督办事项反映的问题属实，已责令整改并完善相关制度。",
	"已逐项说明办理情况，并报送相关佐证材料。",
}

func (sw *supWorld) orders(cases []enforcement.Case) error {
	if len(cases) == 0 || sw.office.UserID == 0 {
		return nil
	}
	// Two or three orders a month from February 2025.
	for on := mustDate("2025-02-10"); !on.After(trfToday.AddDays(-2)); on = sw.later(on, 6, 14) {
		if ok, _ := sw.cal.IsWorkday(on); !ok {
			continue
		}
		o := supervise.Order{IssuedOn: on, Subject: supervise.MatterSubject}
		if c, ok := sw.openCase(cases, on); ok && sw.chance(55) {
			x := pick(sw.rng, caseOrders)
			o.Subject, o.CaseID, o.UnitID, o.Title, o.Content = supervise.CaseSubject, c.ID, c.UnitID, x.title, x.content
		} else {
			x := pick(sw.rng, matterOrders)
			c := cases[sw.rng.IntN(len(cases))]
			o.UnitID, o.Title, o.Content = c.UnitID, x.title, x.content
		}
		if err := sw.b.IssueOrder(sw.office, &o); err != nil {
			return err
		}
		sw.sum.Orders++
		if err := sw.orderReplies(o); err != nil {
			return err
		}
	}
	// And one the unit has let run out (overdue, red on the dashboards).
	late := supervise.Order{IssuedOn: mustDate("2026-10-26"), Subject: supervise.MatterSubject, UnitID: cases[len(cases)-1].UnitID,
		Title: matterOrders[4].title, Content: matterOrders[4].content}
	if err := sw.b.IssueOrder(sw.office, &late); err != nil {
		return err
	}
	sw.sum.Orders++
	return nil
}

// openCase draws a case open on day on (registered, not closed).
func (sw *supWorld) openCase(cases []enforcement.Case, on calendar.Date) (enforcement.Case, bool) {
	for range 50 {
		c := cases[sw.rng.IntN(len(cases))]
		if !c.SourceOn.After(on) && (c.ClosedOn == nil || c.ClosedOn.After(on)) {
			return c, true
		}
	}
	return enforcement.Case{}, false
}

// orderReplies lets the unit reply (on time mostly, a few late, the latest
// not yet) and the office review: most accepted, some returned once.
func (sw *supWorld) orderReplies(o supervise.Order) error {
	on := o.IssuedOn
	if trfToday.AddDays(-45).Before(on) && sw.chance(50) {
		return nil // not replied yet (overdue once the period has run)
	}
	for round := 1; round <= 2; round++ {
		reply := sw.later(on, 3, 12)
		if sw.chance(12) {
			reply = sw.later(on, 16, 25) // past the 10 working days
		}
		if reply.After(trfToday) {
			return nil
		}
		cur, err := sw.b.ReplyOrderAs(sw.person(o.UnitID), o.ID, store.OrderAct{ItemVersion: o.ItemVersion, Text: pick(sw.rng, replyTexts), On: reply})
		if err != nil {
			return err
		}
		review := sw.later(reply, 1, 5)
		if review.After(trfToday) {
			return nil
		}
		act := store.OrderAct{Name: "accept", ItemVersion: cur.ItemVersion, Text: "办理情况属实，同意办结", On: review}
		if round == 1 && sw.chance(20) {
			act.Name, act.Text = "return", "办理情况说明不具体，请逐项补充说明并附佐证材料"
		}
		if o, err = sw.b.ActOnOrder(sw.office, o.ID, act); err != nil {
			return err
		}
		if act.Name == "accept" {
			return nil
		}
		on = review
	}
	return nil
}

// ---------- case evaluation ----------

func evaluationSheet(from string, points [5]int) supervise.Sheet {
	return supervise.Sheet{Name: "行政处罚案卷评查评分表", EffectiveFrom: mustDate(from), Note: "依据本市行政执法案卷评查办法",
		Items: []supervise.SheetItem{
			{Category: "执法主体", Text: "执法主体合法，在法定职权范围内实施；执法人员持有效行政执法证件，不少于两人", Points: points[0]},
			{Category: "事实证据", Text: "违法事实清楚，证据确凿充分，证据之间能相互印证，取证程序合法", Points: points[1]},
			{Category: "法律适用", Text: "适用法律、法规、规章正确，正确适用裁量基准，处罚适当", Points: points[2]},
			{Category: "执法程序", Text: "立案、调查、告知、听证、法制审核、集体讨论、决定、送达等程序合法，期限符合规定", Points: points[3]},
			{Category: "文书归档", Text: "执法文书制作规范、完整，案卷装订、归档符合要求", Points: points[4]},
		}}
}

// deductions are the evaluators' reasons, by item.
var deductions = [][]string{
	{"执法证件编号记载不全", "调查询问笔录仅一名执法人员签名"},
	{"现场检查笔录未记载检查时间", "证据材料未注明来源", "物证照片未经当事人确认"},
	{"未引用裁量基准阶次", "处罚依据条款引用不完整"},
	{"告知书未载明听证权利", "送达回证日期填写不全", "超过法定期限作出决定未说明延长审批"},
	{"卷内目录与实际材料不符", "文书存在涂改未签章", "案卷未按规定顺序装订"},
}

func (sw *supWorld) evaluations() error {
	v1 := evaluationSheet("2025-01-01", [5]int{15, 30, 20, 25, 10})
	if err := sw.b.SaveSheet(sw.office, &v1, ""); err != nil {
		return err
	}
	v2 := evaluationSheet("2026-01-01", [5]int{15, 25, 20, 30, 10})
	v2.Note = "2026年起执法程序分值调整为30分（证据部分相应调整为25分）"
	if err := sw.b.SaveSheet(sw.office, &v2, ""); err != nil {
		return err
	}
	for _, spec := range []struct {
		name          string
		year          int
		sheet         supervise.Sheet
		from, to      string
		started, done string
		seed          int64
		scoredPercent int
	}{
		{"2025年度行政处罚案卷评查", 2025, v1, "2025-01-01", "2025-12-31", "2026-01-19", "2026-03-27", 20251231, 100},
		{"2026年度行政处罚案卷评查（前三季度）", 2026, v2, "2026-01-01", "2026-09-30", "2026-11-09", "", 20260930, 60},
	} {
		b := supervise.Batch{Name: spec.name, Year: spec.year, SheetID: spec.sheet.ID, ClosedFrom: mustDate(spec.from),
			ClosedTo: mustDate(spec.to), PerUnit: 3, Seed: spec.seed, StartedOn: mustDate(spec.started)}
		if err := sw.b.StartBatch(sw.office, &b); apperr.KindOf(err) == apperr.Invalid {
			continue // no closed cases in the period (an organisation without cases)
		} else if err != nil {
			return err
		}
		sw.sum.EvaluationBatches++
		if err := sw.score(b, spec.sheet, spec.scoredPercent, spec.done); err != nil {
			return err
		}
	}
	return nil
}

// score scores pct % of a batch's cases and completes it on done ("" =
// still being scored).
func (sw *supWorld) score(b supervise.Batch, sheet supervise.Sheet, pct int, done string) error {
	cases, err := sw.b.EvaluationCases(b.ID)
	if err != nil {
		return err
	}
	last := b.StartedOn
	for i, c := range cases {
		if i*100 >= pct*len(cases) {
			break
		}
		on := b.StartedOn.AddDays(1 + i*20/max(len(cases), 1))
		if on.After(trfToday) {
			on = trfToday
		}
		var scores []supervise.Score
		for j, it := range sheet.Items {
			sc := supervise.Score{ItemID: it.ID, Points: it.Points}
			if sw.chance(30) {
				sc.Points = it.Points - 1 - sw.rng.IntN(max(it.Points/3, 1))
				sc.Note = pick(sw.rng, deductions[j%len(deductions)])
			}
			scores = append(scores, sc)
		}
		comment := "案卷总体规范。"
		if sw.chance(15) { // a poor file
			scores[1].Points, scores[1].Note = scores[1].Points/3, "主要违法事实缺乏证据证明"
			scores[3].Points, scores[3].Note = scores[3].Points/3, "未依法告知陈述、申辩权利"
			comment = "案卷存在严重问题，请限期整改。"
		}
		if _, err := sw.b.ScoreCase(sw.office, c.ID, store.ScoreInput{Version: c.Version, Scores: scores, Comment: comment, On: on}); err != nil {
			return err
		}
		sw.sum.EvaluatedCases++
		last = on
	}
	if done == "" {
		return nil
	}
	cur, err := sw.b.Batch(b.ID)
	if err != nil {
		return err
	}
	on := mustDate(done)
	if on.Before(last) {
		on = last
	}
	return sw.b.CompleteBatch(sw.office, b.ID, cur.Version, on)
}
