package demo

// The penalty disclosures of the 27 enforcement units (seed measure 4:
// "over 40,000 penalty results searchable online"): decisions from 2019 to
// October 2026, each published within (mostly) 7 working days, masked by
// the policy in force; a few parties are minors and are never published;
// some decisions are changed and withdrawn; the ones past their display
// period are expired as of the demo's present. Most decisions are recent:
// older ones would be off display by now anyway, and loading them would
// only slow the demo down.

import (
	"context"
	"fmt"
	"math/rand/v2"
	"strings"

	"fazhi/internal/audit"
	"fazhi/internal/calendar"
	"fazhi/internal/disclosure"
	"fazhi/internal/ident"
	"fazhi/internal/org"
	"fazhi/internal/store"
)

// disclosureSeed is the PCG seed of the disclosures.
var disclosureSeed = [2]uint64{2017, 40000}

// Volumes: decisions per month from displayFrom (when what is published
// is still mostly on display at the present) and before it.
var (
	firstMonth  = mustDate("2019-01-01")
	displayFrom = mustDate("2023-11-01")
	lastDecided = mustDate("2026-10-23")
)

const (
	recentPerMonth   = 1260
	olderPerMonth    = 30
	minorCases       = 9
	withdrawPerMille = 8
	latePercent      = 3
	othersPercent    = 35 // facts naming other persons with their particulars
)

// loadDisclosures publishes the demo decisions in one bulk load.
func loadDisclosures(ctx context.Context, s *store.Store, w *world, sum *Summary) error {
	g, err := newDisGen(w)
	if err != nil {
		return err
	}
	return s.InDisclosureBulk(ctx, func(b *store.DisclosureBulk) error {
		// Month by month, so that only a month's records are held.
		var withdrawals []withdrawal
		err := g.eachMonth(func(recs []*disclosure.Record) error {
			if err := b.PublishAll(audit.System, recs); err != nil {
				return fmt.Errorf("demo: disclosure %w", err)
			}
			for _, r := range recs {
				sum.Disclosures++
				if r.Status == disclosure.Withheld {
					sum.DisclosuresWithheld++
				}
			}
			withdrawals = append(withdrawals, g.withdrawals(recs)...)
			return nil
		})
		if err != nil {
			return err
		}
		for _, wd := range withdrawals {
			if _, err := b.Withdraw(audit.System, wd.id, wd.req); err != nil {
				return fmt.Errorf("demo: withdraw %d: %w", wd.id, err)
			}
			sum.DisclosuresWithdrawn++
		}
		n, err := b.Expire(present)
		sum.DisclosuresExpired = n
		sum.DisclosuresSearchable = sum.Disclosures - sum.DisclosuresWithheld - sum.DisclosuresWithdrawn - n
		return err
	})
}

// disUnit is an enforcement unit with its kinds of case.
type disUnit struct {
	unit      org.Unit
	short     string
	prefix    string
	scenarios []scenario
	cum       []int
}

// firm is a party that is not a natural person, kept so that some parties
// are penalised more than once (as a followed company would be).
type firm struct {
	name, code, rep, place string
	individual             bool
}

type disGen struct {
	rng *rand.Rand
	// later draws what happens after publication; it is apart from rng,
	// which the drawing goroutine owns.
	later  *rand.Rand
	people *personGen
	cal    *calendar.Calendar
	units  []disUnit
	cum    []int
	seq    map[string]int    // unit|year → last decision number
	firms  map[string][]firm // trade or shop → parties drawn so far
	codes  map[string]bool
}

func newDisGen(w *world) (*disGen, error) {
	rng := rand.New(rand.NewPCG(disclosureSeed[0], disclosureSeed[1]))
	g := &disGen{rng: rng, later: rand.New(rand.NewPCG(disclosureSeed[1], disclosureSeed[0])), people: newPersonGen(rng), cal: calendar.New(nil), seq: map[string]int{},
		firms: map[string][]firm{}, codes: map[string]bool{}}
	total := 0
	for i, spec := range w.specs {
		u := w.units[i]
		if !spec.enforcement || !u.Active() {
			continue
		}
		du := disUnit{unit: u, short: spec.short, prefix: numberPrefixes[spec.short], scenarios: scenarios[spec.short]}
		if du.prefix == "" {
			du.prefix = "慈" + strings.TrimSuffix(strings.TrimSuffix(spec.short, "局"), "办") + "罚"
		}
		if len(du.scenarios) == 0 {
			du.scenarios = defaultScenarios
		}
		n := 0
		for _, sc := range du.scenarios {
			n += sc.weight
			du.cum = append(du.cum, n)
		}
		weight, ok := unitWeights[spec.short]
		if !ok {
			return nil, fmt.Errorf("demo: no disclosure weight for %s", spec.short)
		}
		total += weight
		g.units = append(g.units, du)
		g.cum = append(g.cum, total)
	}
	if len(g.units) != 27 {
		return nil, fmt.Errorf("demo: %d enforcement units, want 27", len(g.units))
	}
	return g, nil
}

// weighted picks an index from cumulative weights.
func weighted(rng *rand.Rand, cum []int) int {
	x := rng.IntN(cum[len(cum)-1])
	for i, c := range cum {
		if x < c {
			return i
		}
	}
	return len(cum) - 1
}

// eachMonth draws the decisions month by month, each month's in order of
// the decision day, and hands them to fn. The drawing runs ahead in its
// own goroutine (it is pure), so that it overlaps the database writes.
func (g *disGen) eachMonth(fn func([]*disclosure.Record) error) error {
	months := make(chan []*disclosure.Record, 4)
	done := make(chan struct{})
	defer close(done)
	go func() {
		defer close(months)
		g.draw(func(batch []*disclosure.Record) bool {
			select {
			case months <- batch:
				return true
			case <-done:
				return false
			}
		})
	}()
	for batch := range months {
		if err := fn(batch); err != nil {
			return err
		}
	}
	return nil
}

// draw draws the months in order and hands each to send until it says stop.
func (g *disGen) draw(send func([]*disclosure.Record) bool) {
	minorAt := map[int]bool{}
	for i := range minorCases {
		minorAt[62+i*3] = true // months from 2024 on
	}
	month := 0
	for m := firstMonth; !m.After(lastDecided); m = addMonth(m) {
		n := olderPerMonth
		if !m.Before(displayFrom) {
			n = recentPerMonth
		}
		var batch []*disclosure.Record
		for range n {
			batch = append(batch, g.record(m, false))
		}
		if minorAt[month] {
			batch = append(batch, g.record(m, true))
		}
		sortByDecided(batch)
		if !send(batch) {
			return
		}
		month++
	}
}

func addMonth(d calendar.Date) calendar.Date {
	t := d.Time().AddDate(0, 1, 0)
	return calendar.DateOf(t)
}

func sortByDecided(rs []*disclosure.Record) {
	// insertion sort keeps equal days in drawing order (deterministic)
	for i := 1; i < len(rs); i++ {
		for j := i; j > 0 && rs[j].DecidedOn.Before(rs[j-1].DecidedOn); j-- {
			rs[j], rs[j-1] = rs[j-1], rs[j]
		}
	}
}

// record draws one decision in the month starting at m; minor draws a
// natural person under 18.
func (g *disGen) record(m calendar.Date, minor bool) *disclosure.Record {
	u := g.units[weighted(g.rng, g.cum)]
	sc := u.scenarios[weighted(g.rng, u.cum)]
	kind := sc.parties[g.rng.IntN(len(sc.parties))]
	if minor {
		u, sc, kind = g.personUnit()
	}
	decided := g.workday(m.AddDays(g.rng.IntN(28)))
	if decided.After(lastDecided) {
		decided = lastDecided
	}
	thing := pick(g.rng, sc.things)
	r := &disclosure.Record{UnitID: u.unit.ID, ViolationType: sc.violation, Basis: sc.penalty, Categories: sc.cats,
		DecidedOn: decided, DecisionNumber: g.number(u, decided.Year)}
	party := g.party(r, kind, sc, decided, minor)
	r.Fine, r.Confiscation = g.amounts(sc)
	r.Content, r.Licence, r.PenaltyValidUntil = g.content(r, sc, thing)
	r.Facts = g.facts(r, sc, thing, party)
	lag := 1 + g.rng.IntN(6)
	if g.rng.IntN(100) < latePercent {
		lag = 8 + g.rng.IntN(8)
	}
	pub, err := g.cal.AddWorkdays(decided, lag)
	if err != nil || pub.After(present) {
		pub = present
	}
	r.PublishedOn = &pub
	return r
}

// personUnit is a unit and scenario whose parties may be natural persons.
func (g *disGen) personUnit() (disUnit, scenario, byte) {
	for {
		u := g.units[weighted(g.rng, g.cum)]
		sc := u.scenarios[weighted(g.rng, u.cum)]
		if strings.ContainsRune(sc.parties, 'p') {
			return u, sc, 'p'
		}
	}
}

func (g *disGen) workday(d calendar.Date) calendar.Date {
	for range 10 {
		if ok, err := g.cal.IsWorkday(d); err == nil && ok {
			return d
		}
		d = d.AddDays(1)
	}
	return d
}

func (g *disGen) number(u disUnit, year int) string {
	key := fmt.Sprintf("%d|%d", u.unit.ID, year)
	g.seq[key] += 1 + g.rng.IntN(2) // numbers also go to decisions not published (warnings on the spot…)
	return fmt.Sprintf("%s〔%d〕%d号", u.prefix, year, g.seq[key])
}

// partyFacts is what the facts say of the party.
type partyFacts struct {
	intro string // the first sentence
	who   string // how the facts refer to the party
}

func (g *disGen) party(r *disclosure.Record, kind byte, sc scenario, decided calendar.Date, minor bool) partyFacts {
	switch kind {
	case 'o':
		f := g.firm(sc, false)
		r.PartyName, r.PartyCategory, r.CreditCode, r.LegalRep = f.name, disclosure.Organisation, f.code, f.rep
		r.LegalRepIDType, r.LegalRepID = disclosure.ResidentIDCard, g.people.residentID(g.people.birth(1960, 1992), true)
		return partyFacts{fmt.Sprintf("当事人%s成立于%d年，住所地慈溪市%s，法定代表人%s。", f.name, 2000+g.rng.IntN(22), f.place, f.rep), "当事人"}
	case 'i':
		f := g.firm(sc, true)
		r.PartyName, r.PartyCategory, r.CreditCode, r.LegalRep = f.name, disclosure.Individual, f.code, f.rep
		r.LegalRepIDType, r.LegalRepID = disclosure.ResidentIDCard, g.people.residentID(g.people.birth(1965, 1998), true)
		return partyFacts{fmt.Sprintf("当事人%s系个体工商户，经营者%s，经营场所位于慈溪市%s。", f.name, f.rep, f.place), "当事人"}
	}
	male := g.rng.IntN(100) < 70
	from, to := 1962, decided.Year-19
	if minor {
		from, to = decided.Year-17, decided.Year-15
	}
	birth := g.people.birth(from, to)
	name := g.people.name(male)
	r.PartyName, r.PartyCategory = name, disclosure.Person
	r.PartyIDType, r.PartyID = disclosure.ResidentIDCard, g.people.residentID(birth, male)
	sex := map[bool]string{true: "男", false: "女"}[male]
	return partyFacts{fmt.Sprintf("当事人%s，%s，%d年%d月出生，住慈溪市%s%s%d号。", name, sex, birth.Year(), birth.Month(),
		pick(g.rng, append(subdistricts, towns...)), pick(g.rng, townRoads), 1+g.rng.IntN(300)), "当事人"}
}

// firm draws a party of the scenario's trade: often a new one, sometimes
// one penalised before.
func (g *disGen) firm(sc scenario, individual bool) firm {
	kinds := sc.trade
	if individual {
		kinds = sc.shops
	}
	if len(kinds) == 0 {
		kinds = []string{"商贸"}
		if individual {
			kinds = []string{"经营部"}
		}
	}
	kind := pick(g.rng, kinds)
	key := fmt.Sprintf("%v|%s", individual, kind)
	if old := g.firms[key]; len(old) > 3 && g.rng.IntN(100) < 25 {
		return old[g.rng.IntN(len(old))]
	}
	place := fmt.Sprintf("%s%s%d号", pick(g.rng, append(subdistricts, towns...)), pick(g.rng, townRoads), 1+g.rng.IntN(500))
	rep := g.people.name(g.rng.IntN(100) < 75)
	var f firm
	if individual {
		town := pick(g.rng, append(subdistricts, towns...))
		nick := "阿" + string(pick(g.rng, nicknames))
		if g.rng.IntN(2) == 0 {
			nick = string([]rune(rep)[0]) + "记"
		}
		f = firm{name: "慈溪市" + town + nick + kind, rep: rep, place: place, individual: true, code: g.creditCode("92")}
	} else {
		trade := string(pick(g.rng, tradeChars)) + string(pick(g.rng, tradeChars))
		f = firm{name: "慈溪市" + trade + kind + pick(g.rng, companySuffixes), rep: rep, place: place, code: g.creditCode("91")}
	}
	g.firms[key] = append(g.firms[key], f)
	return f
}

// creditCode draws a unique valid code of an enterprise (91) or an
// individual business (92) registered in Cixi.
func (g *disGen) creditCode(kind string) string {
	const charset = "0123456789ABCDEFGHJKLMNPQRTUWXY"
	for {
		body := "MA2"
		for range 5 {
			body += string(charset[g.rng.IntN(len(charset))])
		}
		code, err := ident.MakeCreditCode(kind + cixiRegion + body + string(ident.OrgCodeCheckChar(body)))
		if err != nil || g.codes[code] {
			continue
		}
		g.codes[code] = true
		return code
	}
}

// amounts draws the fine and the confiscated gains, in fen.
func (g *disGen) amounts(sc scenario) (fine, confiscated disclosure.Amount) {
	if sc.fine[1] > 0 {
		step := 100
		if sc.fine[1] <= 5000 {
			step = 50
		}
		yuan := sc.fine[0] + g.rng.IntN((sc.fine[1]-sc.fine[0])/step+1)*step
		fine = disclosure.Amount(yuan * 100)
	}
	for _, c := range sc.cats {
		if c == disclosure.ConfiscateGains {
			confiscated = disclosure.Amount((200 + g.rng.IntN(max(int(fine)/100/2, 300))) * 100)
		}
	}
	return fine, confiscated
}

// content writes the penalty as the decision states it, with the licence
// affected and the end of a restriction.
func (g *disGen) content(r *disclosure.Record, sc scenario, thing string) (string, string, *calendar.Date) {
	var parts []string
	licence := ""
	var until *calendar.Date
	for _, c := range sc.cats {
		switch c {
		case disclosure.Warning:
			parts = append(parts, "给予警告")
		case disclosure.Criticism:
			parts = append(parts, "给予通报批评")
		case disclosure.Fine:
			parts = append(parts, "罚款人民币"+strings.TrimSuffix(r.Fine.Yuan(), ".00")+"元")
		case disclosure.ConfiscateGains:
			parts = append(parts, "没收违法所得人民币"+strings.TrimSuffix(r.Confiscation.Yuan(), ".00")+"元")
		case disclosure.ConfiscateProperty:
			parts = append(parts, fmt.Sprintf("没收%s%d件", thing, 5+g.rng.IntN(200)))
		case disclosure.RevokeLicence:
			licence = fmt.Sprintf("《农药经营许可证》（编号：农药经许（浙）330282%06d）", g.rng.IntN(1_000_000))
			parts = append(parts, "吊销"+licence)
		case disclosure.SuspendBusiness:
			days := []int{15, 30, 60}[g.rng.IntN(3)]
			d := r.DecidedOn.AddDays(days)
			until = &d
			parts = append(parts, fmt.Sprintf("责令停产停业%d日", days))
		case disclosure.LowerQualification:
			licence = fmt.Sprintf("《建筑业企业资质证书》（编号：D2330282%05d）", g.rng.IntN(100_000))
			parts = append(parts, "降低资质等级")
		case disclosure.RestrictPractice:
			months := []int{6, 12}[g.rng.IntN(2)]
			d := calendar.DateOf(r.DecidedOn.Time().AddDate(0, months, 0))
			until = &d
			parts = append(parts, fmt.Sprintf("%d个月内不得从事相关执业活动", months))
		}
	}
	return strings.Join(parts, "，"), licence, until
}

// facts writes the statement of facts (100–600 characters): what the
// inspection found, sometimes other persons with their particulars (which
// the public text masks), the evidence and the provision breached.
func (g *disGen) facts(r *disclosure.Record, sc scenario, thing string, p partyFacts) string {
	var b strings.Builder
	b.WriteString(p.intro)
	d1 := r.DecidedOn.AddDays(-30 - g.rng.IntN(150))
	switch g.rng.IntN(3) {
	case 0:
		fmt.Fprintf(&b, "%s，执法人员依法对当事人进行检查，发现当事人%s。", chineseDate(d1), fmt.Sprintf(sc.act, thing))
	case 1:
		fmt.Fprintf(&b, "经查，当事人自%s起%s。", chineseDate(d1), fmt.Sprintf(sc.act, thing))
	default:
		fmt.Fprintf(&b, "本机关接举报后于%s立案调查。经查，当事人%s。", chineseDate(d1), fmt.Sprintf(sc.act, thing))
	}
	if r.Confiscation > 0 {
		fmt.Fprintf(&b, "经核查，当事人违法经营额共计人民币%s元，违法所得人民币%s元。",
			strings.TrimSuffix((r.Confiscation*3+disclosure.Amount(g.rng.IntN(5000)*100)).Yuan(), ".00"),
			strings.TrimSuffix(r.Confiscation.Yuan(), ".00"))
	}
	if g.rng.IntN(100) < othersPercent {
		b.WriteString(g.otherPersons(d1))
	}
	ev := g.rng.Perm(len(evidence))[:3]
	fmt.Fprintf(&b, "上述事实有%s、%s、%s等证据证实。当事人的上述行为违反了%s的规定。", evidence[ev[0]], evidence[ev[1]],
		evidence[ev[2]], sc.rule)
	switch g.rng.IntN(5) {
	case 0:
		b.WriteString("鉴于当事人能够积极配合调查，如实陈述违法事实，并主动消除违法行为危害后果，依法从轻处罚。")
	case 1:
		b.WriteString("当事人在陈述申辩期限内未提出陈述、申辩意见，亦未要求举行听证。")
	case 2:
		b.WriteString("本机关于" + chineseDate(r.DecidedOn.AddDays(-10)) + "向当事人送达了行政处罚告知书，当事人在法定期限内提出陈述申辩，经复核，其理由不能成立，不予采纳。")
	}
	return b.String()
}

// otherPersons writes a sentence naming someone other than the party, with
// the particulars clerks type (sometimes in full-width digits or spaced).
func (g *disGen) otherPersons(on calendar.Date) string {
	male := g.rng.IntN(2) == 0
	name := g.people.name(male)
	if g.rng.IntN(100) < 15 {
		name = string([]rune(name)[0]) + "某某" // already masked at entry
	}
	id := g.people.residentID(g.people.birth(1960, 2000), male)
	phone := g.people.phone()
	bank := fmt.Sprintf("6228%015d", g.rng.Int64N(1_000_000_000_000_000))
	switch g.rng.IntN(10) {
	case 0:
		id = fullWidthDigits(id)
	case 1:
		phone = phone[:3] + " " + phone[3:7] + " " + phone[7:]
	case 2:
		bank = bank[:4] + " " + bank[4:8] + " " + bank[8:12] + " " + bank[12:16] + " " + bank[16:]
	}
	switch g.rng.IntN(5) {
	case 0:
		return fmt.Sprintf("消费者%s（联系电话%s）于%s向本机关投诉，反映其购买的商品存在问题。", name, phone, chineseDate(on.AddDays(-3)))
	case 1:
		return fmt.Sprintf("当事人员工%s（公民身份号码%s）在询问笔录中证实上述情况。", name, id)
	case 2:
		return fmt.Sprintf("现场负责人%s承认上述事实，并称货款通过其个人银行账户%s收取。", name, bank)
	case 3:
		return fmt.Sprintf("证人%s（身份证号%s，住慈溪市%s%s%d号）证实当事人长期在此经营。", name, id,
			pick(g.rng, towns), pick(g.rng, townRoads), 1+g.rng.IntN(200))
	}
	return fmt.Sprintf("举报人%s称其多次发现上述情况，并提供了照片。", name)
}

func chineseDate(d calendar.Date) string {
	return fmt.Sprintf("%d年%d月%d日", d.Year, d.Month, d.Day)
}

func fullWidthDigits(s string) string {
	return strings.Map(func(r rune) rune {
		if r >= '0' && r <= '9' || r == 'X' {
			return r + 0xFEE0
		}
		return r
	}, s)
}

// withdrawal is a decision changed after publication and taken off display.
type withdrawal struct {
	id  int64
	req store.WithdrawRequest
}

// withdrawals draws the decisions (from 2024, not warnings) changed later
// by review or court and withdrawn, mostly within 3 working days.
func (g *disGen) withdrawals(recs []*disclosure.Record) []withdrawal {
	var out []withdrawal
	from := mustDate("2024-01-01")
	for _, r := range recs {
		if r.Status != disclosure.Published || r.DecidedOn.Before(from) || r.Principal() == disclosure.Warning ||
			r.Principal() == disclosure.Criticism || g.later.IntN(1000) >= withdrawPerMille {
			continue
		}
		changed := g.workday(r.PublishedOn.AddDays(20 + g.later.IntN(100)))
		lag := 1 + g.later.IntN(3)
		if g.later.IntN(100) < 10 {
			lag = 4 + g.later.IntN(5)
		}
		on, err := g.cal.AddWorkdays(changed, lag)
		if err != nil || on.After(present) || !r.DisplayUntil.After(on) {
			continue
		}
		out = append(out, withdrawal{r.ID, store.WithdrawRequest{Version: r.Version, ChangedOn: changed, On: on,
			Reason: pick(g.later, withdrawReasons)}})
	}
	return out
}
