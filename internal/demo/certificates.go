package demo

import (
	"cmp"
	"context"
	"fmt"
	"math/rand/v2"
	"slices"
	"time"

	"fazhi/internal/audit"
	"fazhi/internal/calendar"
	"fazhi/internal/certificate"
	"fazhi/internal/org"
	"fazhi/internal/store"
)

// Seed2016 are the figures of seed measure 5 for 2016 that the demo's
// records reproduce exactly in the totals of store.CertStats for 2016: two
// certificate exams, 252 new certificates (re-issues not counted), 2,665
// annual reviews and 1,140 anomalies found and confirmed by the legal
// affairs office.
var Seed2016 = struct{ ExamSessions, Issued, Reviews, AnomaliesDone int }{2, 252, 2665, 1140}

// certSeed is the PCG seed of the certificate history, apart from the
// organisation's so that LoadOrganisation draws the same people either way.
var certSeed = [2]uint64{2016, 252}

// fate is what becomes of a certificate holder of 2011–2015 by the
// clean-up of early 2017.
type fate int

const (
	normal           fate = iota // holds the card throughout
	renewed                      // 2011 card renewed (到期换发) in 2016
	expired                      // 2011 card past its validity, still valid: not renewed
	expiredRetired               // … and the holder retired in 2016
	expiredLeft                  // … and the holder left in 2016
	cancelled                    // left or retired 2012–2015, card cancelled then
	transferred                  // moved to another enforcement unit, card exchanged (调动换发)
	reissued                     // lost card reissued (挂失补发)
	left                         // left in 2016, card still valid
	moved                        // moved to another unit in 2016, card not exchanged
	retired                      // retired in 2016, card still valid
	deceased                     // died in 2016, card still valid
	offEstablishment             // found in 2016 to be off the establishment (编外)
	withheld                     // card withheld during the 2016 review, restored after it
)

// anomalies is how many anomalies the detector finds for year 2016, in
// January 2017, on the card of a holder of fate f.
func (f fate) anomalies() int {
	switch f {
	case expiredRetired, expiredLeft:
		return 2
	case expired, left, moved, retired, deceased, offEstablishment, withheld:
		return 1
	}
	return 0
}

// reviewed reports whether the holder's card is among the 2016 annual
// reviews (a withheld card at the catch-up review in January 2017).
func (f fate) reviewed() bool { return f != cancelled }

type fateCount struct {
	fate fate
	n    int
}

// firstFates are the holders of the cards of the first exam (issued in
// August 2011, so expiring in August 2016).
var firstFates = []fateCount{{renewed, 120}, {expired, 330}, {expiredRetired, 30}, {expiredLeft, 20}, {cancelled, 20}}

// laterFates are the holders of cards of the exams from late 2011 to 2015
// other than the normal ones, whose number follows from Seed2016.
var laterFates = []fateCount{{cancelled, 90}, {transferred, 44}, {reissued, 9}, {left, 166}, {moved, 63}, {retired, 102},
	{deceased, 4}, {offEstablishment, 27}, {withheld, 9}}

// The 2016 exams and the officers without a certificate.
const (
	aprilRegistered = 160 // first 2016 exam
	aprilPassed     = 134
	retakers        = 14 // April failures who sit again in October
	retakersPassed  = 11
	octoberNew      = 126 // first-time candidates in October
	neverPassed     = 30  // officers who sat an earlier exam and never passed
	auxiliaries     = 30  // 编外 staff registered as officers, who may not hold a card
	disciplined     = 14  // holders with a discipline record in 2016
	deskPosts       = 25  // holders moved off enforcement posts in 2016
	lowTrainingPct  = 7   // share of holders short of the training minimum in 2016
	returnedEvery   = 200 // every n-th anomaly is returned once by the office
)

// plan is the part of the history computed from Seed2016.
type plan struct {
	normal           int // holders of 2011–2015 whose card simply stays valid
	lapsed           int // passed in 2011, never applied: qualification lapsed in 2016
	octoberNewPassed int
}

// makePlan derives the counts that make the 2016 totals come out exactly:
// every card valid at the review is reviewed (2016 cards included), and
// each fate yields a known number of anomalies.
func makePlan() (plan, error) {
	reviewed, anomalies := 0, 0
	for _, fc := range slices.Concat(firstFates, laterFates) {
		if fc.fate.reviewed() {
			reviewed += fc.n
		}
		anomalies += fc.n * fc.fate.anomalies()
	}
	p := plan{
		normal:           Seed2016.Reviews - Seed2016.Issued - reviewed,
		lapsed:           Seed2016.AnomaliesDone - anomalies,
		octoberNewPassed: Seed2016.Issued - aprilPassed - retakersPassed,
	}
	if p.normal < disciplined+deskPosts+1 || p.lapsed < 0 || p.octoberNewPassed < 0 || p.octoberNewPassed > octoberNew {
		return p, fmt.Errorf("demo: certificate plan does not fit the 2016 figures: %+v", p)
	}
	return p, nil
}

// session is an exam sitting and the first day its passers get cards.
type session struct {
	name            string
	heldOn, issueOn calendar.Date
	weight          int // share of the holders of late 2011 to 2015
	id              int64
}

func newSessions() []session {
	rows := []struct {
		held, issue string
		weight      int
	}{
		{"2011-06-18", "2011-08-15", 0}, {"2011-11-19", "2012-02-20", 330},
		{"2012-05-19", "2012-07-16", 260}, {"2012-11-17", "2013-01-21", 240},
		{"2013-05-25", "2013-07-15", 230}, {"2013-10-26", "2013-12-16", 210},
		{"2014-05-17", "2014-07-14", 200}, {"2014-11-15", "2015-01-19", 190},
		{"2015-05-16", "2015-07-13", 180}, {"2015-10-24", "2015-12-14", 160},
		{"2016-04-16", "2016-06-13", 0}, {"2016-10-22", "2016-12-05", 0},
	}
	out := make([]session, len(rows))
	for i, r := range rows {
		held := mustDate(r.held)
		nth := "一"
		if held.Month > 6 {
			nth = "二"
		}
		out[i] = session{name: fmt.Sprintf("%d年第%s次行政执法人员资格考试", held.Year, nth), heldOn: held,
			issueOn: mustDate(r.issue), weight: r.weight}
	}
	return out
}

// Session indexes.
const (
	firstSession = 0
	april2016    = 10
	october2016  = 11
)

// Days of the clean-up.
var (
	reviewFrom = mustDate("2016-12-12") // units hold the 2016 annual review from this day
	detectOn   = mustDate("2017-01-16") // the legal affairs office runs the detector
	catchUpOn  = mustDate("2017-01-20") // catch-up review of cards withheld during the review
	handleFrom = mustDate("2017-02-06") // units handle the anomalies from this day
)

// enforcementProfile is what an enforcement unit's cards say, and its
// share of the officers.
type enforcementProfile struct {
	weight     int
	categories []string
	power      certificate.PowerSource
}

// profiles by short name; larger units hold more certificates.
var profiles = map[string]enforcementProfile{
	"发改局":     {35, []string{"价格监督检查", "能源监察"}, certificate.Statutory},
	"经信局":     {35, []string{"节能监察", "无线电管理"}, certificate.Statutory},
	"教育局":     {60, []string{"教育行政执法"}, certificate.Statutory},
	"科技局":     {20, []string{"科技行政执法"}, certificate.Statutory},
	"民政局":     {50, []string{"民政行政执法", "殡葬管理"}, certificate.Statutory},
	"司法局":     {50, []string{"司法行政执法", "法律服务监管"}, certificate.Statutory},
	"财政局":     {40, []string{"财政监督", "会计监督"}, certificate.Statutory},
	"人社局":     {90, []string{"劳动保障监察"}, certificate.Statutory},
	"自然资源规划局": {150, []string{"国土资源执法", "城乡规划执法"}, certificate.Statutory},
	"生态环境分局":  {140, []string{"环境保护执法"}, certificate.Statutory},
	"住建局":     {130, []string{"建设工程质量安全", "房地产市场监管"}, certificate.Statutory},
	"交通局":     {170, []string{"道路运政", "港航管理", "公路路政"}, certificate.Statutory},
	"水利局":     {80, []string{"水政监察"}, certificate.Statutory},
	"农业农村局":   {130, []string{"农业行政执法", "渔政", "动物卫生监督"}, certificate.Statutory},
	"商务局":     {50, []string{"商务行政执法"}, certificate.Statutory},
	"文广旅体局":   {90, []string{"文化市场", "旅游市场", "新闻出版广电"}, certificate.Statutory},
	"卫健局":     {120, []string{"卫生监督", "计划生育"}, certificate.Statutory},
	"退役军人局":   {15, []string{"退役军人事务"}, certificate.Statutory},
	"应急局":     {90, []string{"安全生产监管"}, certificate.Statutory},
	"审计局":     {20, []string{"审计监督"}, certificate.Statutory},
	"市场监管局":   {380, []string{"市场监管", "食品药品安全", "质量技术监督"}, certificate.Statutory},
	"统计局":     {25, []string{"统计执法"}, certificate.Statutory},
	"医保局":     {50, []string{"医疗保障基金监管"}, certificate.Statutory},
	"综合执法局":   {420, []string{"城市管理", "市容环境卫生", "园林绿化"}, certificate.Authorised},
	"民宗局":     {15, []string{"民族宗教事务"}, certificate.Statutory},
	"国资办":     {15, []string{"国有资产监督"}, certificate.Statutory},
	"人防办":     {20, []string{"人民防空"}, certificate.Authorised},
}

var (
	enforcementPostNames = []string{"执法队员", "执法队员", "执法队员", "执法队员", "科员", "科员", "副科长", "科长", "中队长", "副中队长"}
	deskPostNames        = []string{"科员", "科员", "科员", "副科长", "科长", "办公室主任"}
	educations           = []string{"大学本科", "大学本科", "大学本科", "大学本科", "大学本科", "大学本科", "硕士研究生", "硕士研究生", "大专", "大专"}
	establishments       = []certificate.Establishment{certificate.Administrative, certificate.Administrative,
		certificate.Administrative, certificate.CivilService, certificate.CivilService, certificate.Institution}
)

// officerKind is an officer's part in the history.
type officerKind int

const (
	holder    officerKind = iota // card issued 2011–2015
	newHolder                    // card issued in 2016
	lapsed                       // passed in 2011, never applied
	candidate                    // sat an exam, never passed
	auxiliary                    // 编外, no exam
)

// officer is one demo officer as the history shapes it; events share and
// update it (versions included) as they run.
type officer struct {
	kind    officerKind
	fate    fate
	unit    int // index into history.enf
	person  org.Person
	officer certificate.Officer
	session int // the exam passed
	card    certificate.Certificate
	created bool // the person exists already (a demo account's)
	retires bool // a cancelled card's holder retired (else left)
}

type event struct {
	on  calendar.Date
	seq int
	do  func(b *store.Bulk) error
}

type enfUnit struct {
	unit org.Unit
	enforcementProfile
}

// history draws the officers and schedules what happens to them.
type history struct {
	plan     plan
	rng      *rand.Rand
	gen      *personGen
	cal      *calendar.Calendar
	sessions []session
	enf      []enfUnit
	cum      []int      // cumulative weights of enf
	away     []org.Unit // units a holder may move to without exchanging the card
	officers []*officer
	events   []event
	sum      *Summary
}

func (h *history) at(on calendar.Date, do func(b *store.Bulk) error) {
	h.events = append(h.events, event{on, len(h.events), do})
}

// loadCertificates writes the certificate history on top of the
// organisation: officers, exams 2011–2016, certificates and their changes,
// training, the 2016 annual review, the detection of January 2017 and the
// clean-up, which the units handle and the legal affairs office confirms.
func loadCertificates(ctx context.Context, s *store.Store, w *world, sum *Summary) error {
	p, err := makePlan()
	if err != nil {
		return err
	}
	rng := rand.New(rand.NewPCG(certSeed[0], certSeed[1]))
	w.gen.rng = rng
	h := &history{plan: p, rng: rng, gen: w.gen, cal: calendar.New(nil), sessions: newSessions(), sum: sum}
	for i, spec := range w.specs {
		u := w.units[i]
		switch {
		case spec.enforcement && u.Active():
			prof, ok := profiles[spec.short]
			if !ok {
				return fmt.Errorf("demo: no enforcement profile for %s", spec.short)
			}
			h.enf = append(h.enf, enfUnit{u, prof})
		case u.Active() && (spec.kind == org.Town || spec.kind == org.Department || spec.kind == org.Office):
			h.away = append(h.away, u)
		}
	}
	total := 0
	for _, e := range h.enf {
		total += e.weight
		h.cum = append(h.cum, total)
	}
	for i := range h.sessions {
		e := store.ExamSession{Name: h.sessions[i].name, HeldOn: h.sessions[i].heldOn}
		if err := s.CreateExamSession(ctx, audit.System, &e); err != nil {
			return fmt.Errorf("demo: exam %s: %w", e.Name, err)
		}
		h.sessions[i].id = e.ID
		sum.ExamSessions++
	}
	me, err := s.Person(ctx, w.personOf["officer"])
	if err != nil {
		return err
	}
	h.draw(me)
	h.schedule()
	if err := h.run(ctx, s); err != nil {
		return err
	}
	return renewToPresent(ctx, s, sum)
}

// draw creates the officers of every kind, in a fixed order.
func (h *history) draw(me org.Person) {
	p := h.plan
	for _, fc := range firstFates {
		for range fc.n {
			h.addHolder(fc.fate, firstSession)
		}
	}
	later := slices.Clone(laterFates)
	later = append(later, fateCount{normal, p.normal})
	var fates []fate
	for _, fc := range later {
		for range fc.n {
			fates = append(fates, fc.fate)
		}
	}
	h.rng.Shuffle(len(fates), func(i, j int) { fates[i], fates[j] = fates[j], fates[i] })
	mine := false
	for _, f := range fates {
		if f == normal && !mine {
			// The demo "officer" account holds a card of 2013 in 市场监管局.
			mine = true
			o := &officer{kind: holder, fate: normal, unit: h.unitNamed(marketName), person: me, session: 4, created: true}
			o.officer = certificate.Officer{PersonID: me.ID, Establishment: certificate.Administrative,
				Education: "大学本科", EnforcementPost: true}
			h.officers = append(h.officers, o)
			continue
		}
		h.addHolder(f, h.laterSession(f))
	}
	for range aprilRegistered + octoberNew {
		h.add(newHolder, normal, h.pickUnit(), 1978, 1994, enforcementPostNames, true)
	}
	for range p.lapsed {
		o := h.add(lapsed, normal, h.pickUnit(), 1962, 1988, deskPostNames, false)
		o.session = firstSession
		if h.rng.IntN(100) < 45 {
			o.session = firstSession + 1
		}
	}
	for range neverPassed {
		h.add(candidate, normal, h.pickUnit(), 1970, 1990, enforcementPostNames, true)
	}
	for range auxiliaries {
		o := h.add(auxiliary, normal, h.pickUnit(), 1975, 1994, []string{"执法辅助人员", "协管员"}, false)
		o.officer.Establishment = certificate.OtherStaff
		o.officer.Education = pick(h.rng, []string{"大专", "中专", "高中"})
	}
}

// laterSession draws the exam of a holder of late 2011 to 2015 whose
// fate needs time after the card's issue: cancellations by the end of
// 2015, exchanges before the 2016 review.
func (h *history) laterSession(f fate) int {
	last := 9
	switch f {
	case cancelled:
		last = 7
	case transferred, reissued:
		last = 8
	}
	total := 0
	for i := 1; i <= last; i++ {
		total += h.sessions[i].weight
	}
	n := h.rng.IntN(total)
	for i := 1; i <= last; i++ {
		if n -= h.sessions[i].weight; n < 0 {
			return i
		}
	}
	return last
}

func (h *history) addHolder(f fate, sess int) {
	from, to := 1960, h.sessions[sess].heldOn.Year-23
	o := h.add(holder, f, h.pickUnit(), from, to, enforcementPostNames, true)
	o.session = sess
	retireYear := 0
	switch f {
	case retired, expiredRetired:
		retireYear = 2016
	case cancelled:
		if h.rng.IntN(3) == 0 {
			o.retires, retireYear = true, 2013+h.rng.IntN(3)
		}
	}
	if retireYear != 0 {
		// Born sixty (men) or fifty-five (women) years before retiring.
		age := 60
		if o.person.Gender == "女" {
			age = 55
		}
		birth := time.Date(retireYear-age, time.Month(1+h.rng.IntN(3)), 1+h.rng.IntN(28), 0, 0, 0, 0, time.UTC)
		o.person.ResidentID = h.gen.residentID(birth, o.person.Gender == "男")
	}
}

// add draws an officer in unit born in [from, to].
func (h *history) add(kind officerKind, f fate, unit, from, to int, posts []string, onPost bool) *officer {
	male := h.rng.IntN(100) < 62
	birth := h.gen.birth(from, to)
	gender := "女"
	if male {
		gender = "男"
	}
	o := &officer{kind: kind, fate: f, unit: unit, person: org.Person{
		Name:       h.gen.name(male),
		ResidentID: h.gen.residentID(birth, male),
		Gender:     gender,
		UnitID:     h.enf[unit].unit.ID,
		Post:       pick(h.rng, posts),
		Phone:      h.gen.phone(),
		Status:     org.Active,
	}}
	o.officer = certificate.Officer{Establishment: pick(h.rng, establishments), Education: pick(h.rng, educations),
		LegalQualification: h.rng.IntN(100) < 9, EnforcementPost: onPost}
	h.officers = append(h.officers, o)
	return o
}

func (h *history) pickUnit() int {
	n := h.rng.IntN(h.cum[len(h.cum)-1])
	i, _ := slices.BinarySearch(h.cum, n+1)
	return i
}

func (h *history) unitNamed(name string) int {
	for i, e := range h.enf {
		if e.unit.Name == name {
			return i
		}
	}
	panic("demo: no enforcement unit " + name)
}

// workday is d or the next working day on the statutory calendar.
func (h *history) workday(d calendar.Date) calendar.Date {
	for range 30 {
		ok, err := h.cal.IsWorkday(d)
		if err != nil {
			ok = d.Weekday() != time.Saturday && d.Weekday() != time.Sunday
		}
		if ok {
			return d
		}
		d = d.AddDays(1)
	}
	return d
}

// between draws a working day in [from, to] (to may move past a holiday).
func (h *history) between(from, to calendar.Date) calendar.Date {
	days := int(to.Time().Sub(from.Time()).Hours() / 24)
	if days < 0 {
		days = 0
	}
	return h.workday(from.AddDays(h.rng.IntN(days + 1)))
}

// schedule turns the officers into dated events.
func (h *history) schedule() {
	start := mustDate("2011-01-04")
	for _, o := range h.officers {
		h.at(start, func(b *store.Bulk) error {
			if !o.created {
				if err := b.CreatePerson(audit.System, &o.person); err != nil {
					return fmt.Errorf("demo: officer %s: %w", o.person.Name, err)
				}
				h.sum.People++
			}
			o.officer.PersonID = o.person.ID
			h.sum.Officers++
			return b.SaveOfficer(audit.System, &o.officer, "登记执法人员")
		})
	}
	h.scheduleExams()
	for _, o := range h.officers {
		switch o.kind {
		case holder, newHolder:
			if o.card.IssuedOn.IsZero() {
				continue // a 2016 candidate who failed
			}
			h.scheduleCard(o)
		}
	}
	h.scheduleYear2016()
}

// scheduleExams registers every candidate of each session, batched by
// unit, with their scores; passers of the sessions that lead to a card
// get its issue day.
func (h *history) scheduleExams() {
	type entry struct {
		o    *officer
		pass bool
	}
	entries := make([][]entry, len(h.sessions))
	var spring []*officer
	for _, o := range h.officers {
		switch o.kind {
		case holder:
			if o.session > 1 && h.rng.IntN(100) < 8 {
				entries[o.session-1] = append(entries[o.session-1], entry{o, false})
			}
			entries[o.session] = append(entries[o.session], entry{o, true})
		case lapsed:
			entries[o.session] = append(entries[o.session], entry{o, true})
		case candidate:
			first := 2 + h.rng.IntN(7)
			entries[first] = append(entries[first], entry{o, false})
			if h.rng.IntN(2) == 0 {
				entries[first+1] = append(entries[first+1], entry{o, false})
			}
		case newHolder:
			spring = append(spring, o)
		}
	}
	// 2016: the first aprilRegistered new officers sit in April, the rest
	// in October with some April failures.
	april, october := spring[:aprilRegistered], spring[aprilRegistered:]
	for i, o := range april {
		entries[april2016] = append(entries[april2016], entry{o, i < aprilPassed})
	}
	for i, o := range april[aprilPassed : aprilPassed+retakers] {
		entries[october2016] = append(entries[october2016], entry{o, i < retakersPassed})
	}
	for i, o := range october {
		entries[october2016] = append(entries[october2016], entry{o, i < h.plan.octoberNewPassed})
	}
	for si := range h.sessions {
		sess := &h.sessions[si]
		es := entries[si]
		slices.SortStableFunc(es, func(a, b entry) int { return cmp.Compare(a.o.unit, b.o.unit) })
		for _, e := range es {
			o, pass := e.o, e.pass
			general, special := h.scores(pass)
			if pass && (o.kind == holder || o.kind == newHolder) {
				o.session = si
				o.card.IssuedOn = h.workday(sess.issueOn.AddDays(o.unit % 5))
			}
			h.at(sess.heldOn, func(b *store.Bulk) error {
				id, _, err := b.Register(audit.System, sess.id, o.person.ID)
				if err != nil {
					return fmt.Errorf("demo: register %s: %w", o.person.Name, err)
				}
				_, err = b.RecordScores(audit.System, id, general, special)
				return err
			})
		}
	}
}

// scores draws the two scores of a pass or a failure.
func (h *history) scores(pass bool) (general, special int) {
	general, special = 60+h.rng.IntN(36), 60+h.rng.IntN(36)
	if !pass {
		if h.rng.IntN(2) == 0 {
			general = 28 + h.rng.IntN(32)
		} else {
			special = 28 + h.rng.IntN(32)
		}
	}
	return general, special
}

// scheduleCard issues o's card and schedules its changes up to the 2016
// review.
func (h *history) scheduleCard(o *officer) {
	e := h.enf[o.unit]
	o.card = certificate.Certificate{UnitID: e.unit.ID, Area: "慈溪市行政区域", Categories: e.categories,
		PowerSource: e.power, IssuedOn: o.card.IssuedOn}
	h.at(o.card.IssuedOn, func(b *store.Bulk) error {
		o.card.PersonID = o.person.ID
		if err := b.IssueCertificate(audit.System, &o.card); err != nil {
			return fmt.Errorf("demo: card of %s: %w", o.person.Name, err)
		}
		h.sum.Certificates++
		return nil
	})
	issued := o.card.IssuedOn
	settled := mustDate("2015-12-18")
	before2016Review := mustDate("2016-11-25")
	switch o.fate {
	case renewed:
		h.change(o, h.between(mustDate("2016-06-01"), mustDate("2016-08-05")), certificate.Renew, 0, "有效期届满前申请到期换发")
	case cancelled:
		on := h.between(issued.AddDays(200), settled)
		status, why := org.Left, "调出慈溪市行政机关"
		if o.retires {
			status, why = org.Retired, "退休"
		}
		h.setStatus(o, on, status, why)
		h.change(o, on, certificate.Cancel, 0, "持证人"+status.Label()+"，收回证件并注销")
	case transferred:
		on := h.between(issued.AddDays(200), before2016Review)
		to := h.pickUnit()
		for to == o.unit {
			to = h.pickUnit()
		}
		h.at(on, func(b *store.Bulk) error {
			o.person.UnitID, o.unit = h.enf[to].unit.ID, to
			return b.UpdatePerson(audit.System, &o.person, "调入"+h.enf[to].unit.Name)
		})
		h.change(o, on, certificate.Transfer, h.enf[to].unit.ID, "调入"+h.enf[to].unit.Name+"，调动换发")
	case reissued:
		h.change(o, h.between(issued.AddDays(200), before2016Review), certificate.Reissue, 0, "证件遗失，登报声明作废后补发")
	case expiredRetired, retired:
		h.setStatus(o, h.between(mustDate("2016-02-15"), before2016Review), org.Retired, "退休")
	case expiredLeft, left:
		h.setStatus(o, h.between(mustDate("2016-02-15"), before2016Review), org.Left, "调出慈溪市行政机关")
	case deceased:
		h.setStatus(o, h.between(mustDate("2016-02-15"), before2016Review), org.Deceased, "因病去世")
	case moved:
		on := h.between(mustDate("2016-02-15"), before2016Review)
		to, post := pick(h.rng, h.away), pick(h.rng, deskPostNames)
		h.at(on, func(b *store.Bulk) error {
			o.person.UnitID, o.person.Post = to.ID, post
			return b.UpdatePerson(audit.System, &o.person, "调往"+to.Name)
		})
	case offEstablishment:
		h.at(h.between(mustDate("2016-03-01"), before2016Review), func(b *store.Bulk) error {
			o.officer.Establishment = certificate.OtherStaff
			return b.SaveOfficer(audit.System, &o.officer, "2016年编制核查：实为编外聘用人员，更正编制类别")
		})
	case withheld:
		h.change(o, h.between(mustDate("2016-11-14"), mustDate("2016-11-25")), certificate.Withhold, 0,
			"被投诉执法不规范，调查期间暂扣证件")
		h.change(o, h.between(mustDate("2016-12-27"), mustDate("2016-12-29")), certificate.Restore, 0,
			"经调查投诉不实，恢复证件")
	}
}

func (h *history) setStatus(o *officer, on calendar.Date, status org.PersonStatus, why string) {
	h.at(on, func(b *store.Bulk) error {
		o.person.Status = status
		return b.UpdatePerson(audit.System, &o.person, why)
	})
}

// change applies a status action to o's card on day on, following it to
// its successor.
func (h *history) change(o *officer, on calendar.Date, action certificate.Action, newUnit int64, reason string) {
	h.at(on, func(b *store.Bulk) error {
		next, err := b.ChangeStatus(audit.System, o.card.ID, store.StatusRequest{Action: action, Version: o.card.Version,
			On: on, Reason: reason, NewUnitID: newUnit})
		if err != nil {
			return fmt.Errorf("demo: %s card of %s: %w", action, o.person.Name, err)
		}
		o.card.Version++
		if next != nil {
			o.card = *next
			h.sum.Certificates++
		}
		return nil
	})
}

// scheduleYear2016 records the year's training, discipline and changes of
// post of the holders whose cards are reviewed.
func (h *history) scheduleYear2016() {
	var steady []*officer
	for _, o := range h.officers {
		if (o.kind == holder || o.kind == newHolder) && !o.card.IssuedOn.IsZero() && o.fate.reviewed() {
			hours := 40 + h.rng.IntN(33)
			if h.rng.IntN(100) < lowTrainingPct && !o.created {
				hours = 12 + h.rng.IntN(27)
			}
			h.at(mustDate("2016-11-30"), func(b *store.Bulk) error {
				return b.SetTrainingHours(audit.System, o.person.ID, 2016, hours)
			})
			if o.kind == holder && o.fate == normal && !o.created {
				steady = append(steady, o)
			}
		}
	}
	h.rng.Shuffle(len(steady), func(i, j int) { steady[i], steady[j] = steady[j], steady[i] })
	for _, o := range steady[:disciplined] {
		on := h.between(mustDate("2016-03-01"), mustDate("2016-10-31"))
		h.at(on, func(b *store.Bulk) error {
			return b.AddOfficerRecord(audit.System, &store.OfficerRecord{PersonID: o.person.ID, Kind: "discipline",
				OnDate: on.String(), Note: "违反执法程序，给予警告处分"})
		})
	}
	for _, o := range steady[disciplined : disciplined+deskPosts] {
		h.at(h.between(mustDate("2016-03-01"), mustDate("2016-10-31")), func(b *store.Bulk) error {
			o.officer.EnforcementPost = false
			return b.SaveOfficer(audit.System, &o.officer, "调整至内勤岗位，不再从事执法工作")
		})
	}
}

// run writes the events in date order, in one transaction: the history
// up to the review, the review per unit, the rest of December, the
// detection and the catch-up review, then the clean-up.
func (h *history) run(ctx context.Context, s *store.Store) error {
	slices.SortStableFunc(h.events, func(a, b event) int {
		if c := a.on.Compare(b.on); c != 0 {
			return c
		}
		return cmp.Compare(a.seq, b.seq)
	})
	split, _ := slices.BinarySearchFunc(h.events, reviewFrom, func(e event, d calendar.Date) int { return e.on.Compare(d) })
	return s.InBulk(ctx, func(b *store.Bulk) error {
		do := func(events []event) error {
			for _, e := range events {
				if err := e.do(b); err != nil {
					return err
				}
			}
			return nil
		}
		if err := do(h.events[:split]); err != nil {
			return err
		}
		for i, e := range h.enf {
			on := h.workday(reviewFrom.AddDays(i % 9))
			rs, err := b.RunAnnualReview(audit.System, e.unit.ID, 2016, "2016年度第1批", on)
			if err != nil {
				return fmt.Errorf("demo: review of %s: %w", e.unit.Name, err)
			}
			h.sum.Reviews += len(rs)
		}
		if err := do(h.events[split:]); err != nil {
			return err
		}
		n, err := b.DetectAnomalies(audit.System, 2016, detectOn)
		if err != nil {
			return fmt.Errorf("demo: detect: %w", err)
		}
		h.sum.Anomalies = n
		units := map[int64]bool{}
		for _, o := range h.officers {
			if o.fate == withheld {
				units[o.card.UnitID] = true
			}
		}
		for _, e := range h.enf {
			if units[e.unit.ID] {
				rs, err := b.RunAnnualReview(audit.System, e.unit.ID, 2016, "2016年度补审", catchUpOn)
				if err != nil {
					return fmt.Errorf("demo: catch-up review of %s: %w", e.unit.Name, err)
				}
				h.sum.Reviews += len(rs)
			}
		}
		return h.cleanUp(b)
	})
}

// resolutions is how units handle each kind of anomaly.
var resolutions = map[certificate.Rule]struct {
	r           certificate.Resolution
	explanation string
}{
	certificate.HolderLeft:          {certificate.CancelCert, "持证人已调离原单位，证件已收回，申请注销"},
	certificate.HolderRetired:       {certificate.CancelCert, "持证人已退休，证件已收回，申请注销"},
	certificate.HolderDeceased:      {certificate.CancelCert, "持证人已病故，申请注销证件"},
	certificate.ExpiredInUse:        {certificate.CancelCert, "证件已超过有效期未换发，申请注销；持证人如需继续执法须重新申领"},
	certificate.NotOnEstablishment:  {certificate.CancelCert, "经编制核查持证人为编外聘用人员，不符合持证条件，证件已收回，申请注销"},
	certificate.NoAnnualReview:      {certificate.Explained, "证件在年审期间被暂扣，暂扣解除后已于2017年1月20日补办2016年度年审"},
	certificate.QualificationLapsed: {certificate.Explained, "该同志考试合格后未从事执法工作，未申领证件，资格已自然失效；如调任执法岗位将重新参加考试"},
}

// cleanUp has every anomaly of 2016 handled by its unit and confirmed by
// the legal affairs office; a few are returned once for more detail.
func (h *history) cleanUp(b *store.Bulk) error {
	all, err := b.Anomalies(store.AnomalyFilter{Year: 2016})
	if err != nil {
		return err
	}
	// In the order of the records they concern, which does not depend on
	// the order the detector inserted them.
	slices.SortFunc(all, func(a, b store.Anomaly) int {
		return cmp.Or(cmp.Compare(a.PersonID, b.PersonID), cmp.Compare(a.CertificateID, b.CertificateID),
			cmp.Compare(a.Rule, b.Rule))
	})
	for i, a := range all {
		res, ok := resolutions[a.Rule]
		if !ok {
			res.r, res.explanation = certificate.Explained, "已核实，情况属实，已按规定处理"
		}
		on := h.between(handleFrom, handleFrom.AddDays(40))
		a, err := b.HandleAnomaly(audit.System, a.ID, a.Version, res.r, res.explanation, on)
		if err != nil {
			return fmt.Errorf("demo: handle anomaly %d: %w", a.ID, err)
		}
		if i%returnedEvery == returnedEvery-1 {
			on = h.workday(on.AddDays(7))
			if a, err = b.ConfirmAnomaly(audit.System, a.ID, a.Version, false, "请补充相关文件文号后重新报送", on); err != nil {
				return err
			}
			on = h.workday(on.AddDays(5))
			if a, err = b.HandleAnomaly(audit.System, a.ID, a.Version, res.r, res.explanation+"（已补充文件文号）", on); err != nil {
				return err
			}
		}
		on = h.workday(on.AddDays(5 + h.rng.IntN(20)))
		if _, err := b.ConfirmAnomaly(audit.System, a.ID, a.Version, true, "", on); err != nil {
			return fmt.Errorf("demo: confirm anomaly %d: %w", a.ID, err)
		}
	}
	return nil
}

func mustDate(s string) calendar.Date {
	d, err := calendar.ParseDate(s)
	if err != nil {
		panic(err)
	}
	return d
}
