package demo

// The normative documents of Cixi (seed measures 1 and 3): the registry
// since before 2011, five cleanups to 2017 — three comprehensive and two
// special, which abolished 151 documents — the July 2017 放管服 cleanup of
// 392 documents of the city government and its office and 559 of towns and
// departments, decided on 2017-09-28, the catalogs published after each,
// the documents made since, their evaluations before expiry, and an open
// special cleanup in 2026. The history is written in date order through
// the store's own writers (registration, the effects ledger, the validity
// engine, campaigns), so every figure is computed from the records.

import (
	"cmp"
	"context"
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"

	"fazhi/internal/account"
	"fazhi/internal/audit"
	"fazhi/internal/calendar"
	"fazhi/internal/normdoc"
	"fazhi/internal/org"
	"fazhi/internal/store"
)

// NormdocSeed are the figures of seed measures 1 and 3 that the demo's
// records reproduce in store.NormdocStats for 2011–2017.
var NormdocSeed = struct {
	Comprehensive, Special, Abolished, ScopeGov, ScopeUnit int
	Completed                                              string
}{3, 2, 151, 392, 559, "2017-09-30"}

// normdocSeed is the PCG seed of the registry history.
var normdocSeed = [2]uint64{2017, 951}

// cleanupPlan is one campaign of the history.
type cleanupPlan struct {
	name, basis                                string
	kind                                       normdoc.CampaignKind
	asOf, launch, deadline, decide, publish    string
	decision                                   string
	tags                                       []string
	abolish, declare, amend                    int
	id                                         int64
	asOfDay, launchDay, deadlineDay, decideDay calendar.Date
}

// cleanups are the five campaigns since 2011; their abolitions add up to
// 151 and the last is the 放管服 cleanup of July 2017.
var cleanups = []cleanupPlan{
	{name: "2012年行政规范性文件全面清理", basis: "慈政办发〔2012〕41号", kind: normdoc.Comprehensive, asOf: "2012-05-31",
		launch: "2012-06-05", deadline: "2012-07-31", decide: "2012-09-26", publish: "2012-10-15", decision: "慈政发〔2012〕65号",
		abolish: 40, declare: 12, amend: 5},
	{name: "2014年行政规范性文件全面清理", basis: "慈政办发〔2014〕36号", kind: normdoc.Comprehensive, asOf: "2014-04-30",
		launch: "2014-05-08", deadline: "2014-07-15", decide: "2014-09-18", publish: "2014-10-08", decision: "慈政发〔2014〕72号",
		abolish: 35, declare: 10, amend: 6},
	{name: "2015年涉及行政审批事项的规范性文件专项清理", basis: "慈政办发〔2015〕52号", kind: normdoc.Special, asOf: "2015-06-30",
		launch: "2015-07-06", deadline: "2015-08-14", decide: "2015-10-12", publish: "2015-10-26", decision: "慈政发〔2015〕83号",
		tags: []string{"approval"}, abolish: 14, amend: 8},
	{name: "2016年行政规范性文件全面清理", basis: "慈政办发〔2016〕45号", kind: normdoc.Comprehensive, asOf: "2016-05-31",
		launch: "2016-06-08", deadline: "2016-08-05", decide: "2016-10-20", publish: "2016-11-01", decision: "慈政发〔2016〕77号",
		abolish: 26, declare: 11, amend: 7},
	{name: "2017年放管服改革涉及的行政规范性文件清理", basis: "慈政办发〔2017〕88号", kind: normdoc.Special, asOf: "2017-07-01",
		launch: "2017-07-10", deadline: "2017-08-25", decide: "2017-09-28", publish: "2017-10-16", decision: "慈政发〔2017〕95号",
		abolish: 36, declare: 15, amend: 24},
}

// openCleanup is the special cleanup under way at present: the deadline
// has passed and some units have not answered.
var openCleanup = cleanupPlan{name: "2026年妨碍统一市场和公平竞争的规范性文件专项清理", basis: "慈政办发〔2026〕31号",
	kind: normdoc.Special, asOf: "2026-09-01", launch: "2026-09-15", deadline: "2026-10-31", tags: []string{"competition"}}

// Sizes of the registry. The documents valid on the 2017 scope day are
// exactly the seed's 392 + 559; the rest died in the cleanups before it or
// expired unrenewed, or came after.
const (
	earlyExpired  = 60 // effective 2011–2012, not continued, expired before July 2017
	laterPerYear  = 50 // documents published a year after July 2017
	competitionN  = 48 // valid documents on fair-competition matters in 2026
	inMakingN     = 7  // documents being made at present
	renewShare    = 60 // % of evaluations after 2017 that continue a document
	abolishShare  = 10 // % that abolish it (the rest let it expire)
	coIssuedShare = 6  // % of unit documents issued jointly
	provisional   = 8  // % of titles 暂行/试行 (two-year validity)
)

// docPlan is one document of the history and what becomes of it.
type docPlan struct {
	doc       normdoc.Document
	published calendar.Date
	// dieIn is the cleanup (index into cleanups) that abolishes or
	// declares it expired, -1 for none; dieAs says which.
	dieIn int
	dieAs normdoc.Outcome
	// liveUntil: every evaluation of a validity ending before this day
	// continues the document (it must be valid then); after it the
	// evaluation follows the shares above.
	liveUntil calendar.Date
	// expireFirst: the document is let expire at its first expiry.
	expireFirst bool
	id          int64
}

// ndEvent is one step of the history, written in date order.
type ndEvent struct {
	on   calendar.Date
	prio int // order within a day: the validity engine first
	seq  int
	do   func(b *store.Bulk) error
}

// ndHistory builds and writes the registry history.
type ndHistory struct {
	rng      *rand.Rand
	w        *world
	units    map[string]org.Unit
	docs     []*docPlan
	byID     map[int64]*docPlan
	events   []ndEvent
	numbers  map[string]int // agency code and year -> last serial
	titles   map[string]bool
	sum      *Summary
	legal    account.Actor
	clerk    account.Actor
	leader   account.Actor
	govUnits []org.Unit
}

func loadNormdocs(ctx context.Context, s *store.Store, w *world, sum *Summary) error {
	users, err := s.Users(ctx)
	if err != nil {
		return err
	}
	h := &ndHistory{rng: rand.New(rand.NewPCG(normdocSeed[0], normdocSeed[1])), w: w, units: map[string]org.Unit{},
		byID: map[int64]*docPlan{}, numbers: map[string]int{}, titles: map[string]bool{}, sum: sum}
	for _, u := range users {
		switch u.Username {
		case "fazhiban":
			h.legal = account.ActorOf(u)
		case "clerk":
			h.clerk = account.ActorOf(u)
		case "leader":
			h.leader = account.ActorOf(u)
		}
	}
	for _, u := range w.units {
		h.units[u.Name] = u
	}
	h.govUnits = []org.Unit{h.units[govName], h.units["慈溪市人民政府办公室"]}
	for i := range cleanups {
		c := &cleanups[i]
		c.asOfDay, c.launchDay, c.deadlineDay, c.decideDay = mustDate(c.asOf), mustDate(c.launch), mustDate(c.deadline), mustDate(c.decide)
	}
	openCleanup.asOfDay, openCleanup.launchDay, openCleanup.deadlineDay = mustDate(openCleanup.asOf),
		mustDate(openCleanup.launch), mustDate(openCleanup.deadline)
	h.planEarly()
	h.planLater()
	h.planEvents()
	return h.run(ctx, s)
}

// ---------- the documents ----------

// agencyCodes are the 机关代字 of the issuing units.
var agencyCodes = map[string]string{
	govName: "慈政发", "慈溪市人民政府办公室": "慈政办发", "慈溪市发展和改革局": "慈发改", "慈溪市经济和信息化局": "慈经信",
	"慈溪市教育局": "慈教", "慈溪市科学技术局": "慈科", "慈溪市民政局": "慈民", justiceName: "慈司", "慈溪市财政局": "慈财",
	"慈溪市人力资源和社会保障局": "慈人社", "慈溪市自然资源和规划局": "慈自然资规", "宁波市生态环境局慈溪分局": "甬环慈",
	"慈溪市住房和城乡建设局": "慈建", "慈溪市交通运输局": "慈交", "慈溪市水利局": "慈水", "慈溪市农业农村局": "慈农",
	"慈溪市商务局": "慈商务", "慈溪市文化广电旅游体育局": "慈文旅", "慈溪市卫生健康局": "慈卫健", "慈溪市应急管理局": "慈应急",
	marketName: "慈市监", "慈溪市医疗保障局": "慈医保", "慈溪市综合行政执法局": "慈综执", "慈溪市国有资产管理办公室": "慈国资",
	"慈溪市人民防空办公室": "慈人防", "慈溪市大数据发展管理局": "慈数据", abolishedName: "慈府法",
}

// subjects are what each unit regulates; the city government's cover
// every field.
var subjects = map[string][]string{
	govName: {"城市道路挖掘", "户外广告设置", "国有土地上房屋征收与补偿", "政府投资项目", "企业投资项目核准", "行政审批中介服务",
		"公共资源交易", "最低生活保障", "居住证积分", "人才引进", "小微企业扶持", "重大行政决策程序", "政府合同", "城乡规划",
		"农村宅基地", "被征地农民养老保障", "住房保障", "物业服务", "商品房预售资金", "民营经济发展", "招商引资", "节能减排"},
	"慈溪市发展和改革局":     {"政府定价", "企业投资项目备案", "社会信用体系建设", "重点建设项目", "价格监测"},
	"慈溪市经济和信息化局":    {"工业企业技术改造", "工业用地", "小微企业园", "企业上市"},
	"慈溪市教育局":        {"民办学校", "校外培训机构", "学生资助", "中小学招生", "教师招聘"},
	"慈溪市民政局":        {"养老服务", "社会组织登记", "殡葬管理", "临时救助"},
	justiceName:     {"法律援助", "人民调解", "公共法律服务", "法律顾问"},
	"慈溪市财政局":        {"政府采购", "财政专项资金", "国有资产处置", "政府债务"},
	"慈溪市人力资源和社会保障局": {"就业创业补贴", "技能人才评价", "职业技能培训", "劳动保障监察"},
	"慈溪市自然资源和规划局":   {"国有建设用地使用权出让", "不动产登记", "矿产资源", "城乡规划许可"},
	"宁波市生态环境局慈溪分局":  {"排污许可", "建设项目环境影响评价", "危险废物", "环境违法行为举报奖励"},
	"慈溪市住房和城乡建设局":   {"建筑市场", "物业管理", "城市燃气", "建设工程质量", "房屋租赁"},
	"慈溪市交通运输局":      {"道路运输", "出租汽车", "公路路政", "网络预约出租汽车"},
	"慈溪市水利局":        {"河道管理", "水土保持", "取水许可", "农村饮用水"},
	"慈溪市农业农村局":      {"农产品质量安全", "动物防疫", "农村土地承包", "农业补贴"},
	"慈溪市商务局":        {"再生资源回收", "单用途商业预付卡", "外贸发展", "电子商务"},
	"慈溪市文化广电旅游体育局":  {"文化市场", "旅游市场", "体育场馆", "文物保护"},
	"慈溪市卫生健康局":      {"医疗机构", "计划生育", "公共场所卫生", "职业病防治"},
	"慈溪市应急管理局":      {"安全生产", "危险化学品", "应急预案", "烟花爆竹"},
	marketName:      {"个体工商户登记", "食品小作坊", "食品摊贩", "特种设备", "网络交易", "商标品牌", "广告经营", "计量", "价格行为"},
	"慈溪市医疗保障局":      {"医疗保障定点", "医疗保障基金", "长期护理保险"},
	"慈溪市综合行政执法局":    {"城市市容", "渣土运输", "违法建筑", "城市绿化"},
	"慈溪市国有资产管理办公室":  {"国有企业投资", "国有资产租赁"},
	"慈溪市人民防空办公室":    {"人防工程", "防空警报"},
	"慈溪市大数据发展管理局":   {"公共数据", "政务服务"},
	abolishedName:   {"行政规范性文件管理", "行政执法监督", "行政复议", "政府法律顾问", "行政执法证件"},
}

var laws = []string{"《中华人民共和国行政许可法》", "《中华人民共和国行政处罚法》", "《中华人民共和国城乡规划法》",
	"《中华人民共和国食品安全法》", "《中华人民共和国安全生产法》", "《中华人民共和国环境保护法》", "《国务院关于投资体制改革的决定》",
	"《浙江省行政规范性文件管理办法》", "《浙江省城市市容和环境卫生管理条例》", "《宁波市市容和环境卫生管理条例》",
	"《中华人民共和国道路运输条例》", "《社会救助暂行办法》", "《中华人民共和国政府采购法》", "《中华人民共和国土地管理法》"}

var suffixes = []string{"管理办法", "实施意见", "实施细则", "管理规定", "实施办法", "若干规定"}

// issuer draws the issuing unit of a document published on day: the city
// government and its office for gov, else a department or town that
// existed then (units formed in the 2019 reform issue from then on; the
// legal affairs office until it was abolished).
func (h *ndHistory) issuer(gov bool, day calendar.Date) org.Unit {
	if gov {
		return pick(h.rng, h.govUnits)
	}
	if h.rng.IntN(100) < 8 {
		return h.units[pick(h.rng, append(slices.Clone(subdistricts), towns...))]
	}
	for {
		name := pick(h.rng, departmentNames())
		if h.existed(name, day) {
			return h.units[name]
		}
	}
}

// existed reports whether a unit issued documents on day.
func (h *ndHistory) existed(name string, day calendar.Date) bool {
	reform := mustDate(abolishedOn)
	if name == abolishedName {
		return day.Before(reform)
	}
	for _, s := range h.w.specs {
		if s.name == name && s.newCode && name != justiceName {
			return !day.Before(reform)
		}
	}
	return true
}

// departmentNames lists the units with a subject list other than the
// government's, the abolished legal affairs office weighted lightly.
func departmentNames() []string {
	var out []string
	for name := range subjects {
		if name != govName {
			out = append(out, name)
		}
	}
	slices.Sort(out)
	return out
}

// implementer draws the department that organises the implementation of
// a government document.
func (h *ndHistory) implementer(day calendar.Date) int64 {
	for {
		name := pick(h.rng, departmentNames())
		if h.existed(name, day) {
			return h.units[name].ID
		}
	}
}

func (h *ndHistory) agencyCode(u org.Unit) string {
	if c, ok := agencyCodes[u.Name]; ok {
		return c
	}
	if strings.HasSuffix(u.Name, "街道") {
		return strings.TrimSuffix(u.Name, "街道") + "街办发"
	}
	return strings.TrimSuffix(u.Name, "镇") + "镇政发"
}

func (h *ndHistory) nextNumber(code string, year int) string {
	key := fmt.Sprintf("%s|%d", code, year)
	h.numbers[key]++
	return fmt.Sprintf("%s〔%d〕%d号", code, year, h.numbers[key])
}

// newDoc draws a document published on day by gov (the city government or
// its office) or a unit.
func (h *ndHistory) newDoc(gov bool, published calendar.Date) *docPlan {
	u := h.issuer(gov, published)
	d := normdoc.Document{LeadUnitID: u.ID, LeadUnitName: u.Name}
	subjectsOf := subjects[u.Name]
	if gov || subjectsOf == nil {
		subjectsOf = subjects[govName]
	}
	if gov {
		d.ImplementerID = h.implementer(published)
	} else if h.rng.IntN(100) < coIssuedShare {
		co := h.issuer(false, published)
		if co.ID != u.ID {
			d.Issuers = []normdoc.Issuer{{UnitID: co.ID}}
		}
	}
	subject := pick(h.rng, subjectsOf)
	suffix := pick(h.rng, suffixes)
	if h.rng.IntN(100) < provisional {
		suffix = pick(h.rng, []string{"暂行办法", "试行办法"})
	}
	title := "慈溪市" + subject + suffix
	if h.titles[title] {
		title = fmt.Sprintf("慈溪市%s%s（%d年）", subject, suffix, published.Year)
	}
	for n := 2; h.titles[title]; n++ {
		title = fmt.Sprintf("慈溪市%s%s（%d年第%d号）", subject, suffix, published.Year, n)
	}
	h.titles[title] = true
	d.Title = title
	d.Number = h.nextNumber(h.agencyCode(u), published.Year)
	effective := published.AddDays(pick(h.rng, []int{0, 0, 15, 30, 30, 30}))
	d.PublishedOn, d.EffectiveOn, d.SignedOn = &published, &effective, ptrDate(published.AddDays(-h.rng.IntN(5)))
	d.LegalBasis = pick(h.rng, laws)
	d.Subjects = []string{strings.TrimSuffix(strings.TrimPrefix(u.Name, "慈溪市"), "局")}
	d.ReformTags = h.drawTags()
	d.PublicationURL = fmt.Sprintf("http://www.cixi.gov.cn/art/%d/%d/%d/art_%d_%d.html", published.Year, int(published.Month),
		published.Day, 120+h.rng.IntN(80), 100000+h.rng.IntN(900000))
	d.FullText = fullText(title, subject, d.LegalBasis, u.Name, effective)
	p := &docPlan{doc: d, published: published, dieIn: -1}
	h.docs = append(h.docs, p)
	return p
}

func ptrDate(d calendar.Date) *calendar.Date { return &d }

// drawTags gives a document the reform topics it touches (or none).
func (h *ndHistory) drawTags() []string {
	var out []string
	for _, t := range []struct {
		tag string
		pct int
	}{{"approval", 12}, {"commercial", 7}, {"qualification", 4}, {"investment", 6}, {"fees", 5}, {"intermediary", 4},
		{"certificates", 4}, {"ecology", 6}} {
		if h.rng.IntN(100) < t.pct {
			out = append(out, t.tag)
		}
	}
	return out
}

func fullText(title, subject, basis, unit string, effective calendar.Date) string {
	name := "本办法"
	for _, s := range []string{"实施意见", "实施细则", "规定"} {
		if strings.HasSuffix(title, s) {
			name = "本" + s
		}
	}
	return strings.Join([]string{
		fmt.Sprintf("第一条　为了规范%s工作，维护公民、法人和其他组织的合法权益，根据%s等有关规定，结合本市实际，制定%s。", subject, basis, name),
		fmt.Sprintf("第二条　本市行政区域内的%s活动及其监督管理，适用%s。", subject, name),
		fmt.Sprintf("第三条　%s负责%s的组织实施，有关部门按照各自职责做好相关工作。", unit, name),
		"第四条　行政机关应当依法履行职责，不得违法增加公民、法人和其他组织的义务，不得违法减损其权利。",
		"第五条　违反本规定的行为，法律、法规、规章已有处罚规定的，从其规定。",
		fmt.Sprintf("第六条　%s自%d年%d月%d日起施行。", name, effective.Year, int(effective.Month), effective.Day),
	}, "\n")
}

// between draws a day from a to b inclusive.
func (h *ndHistory) between(a, b calendar.Date) calendar.Date {
	n := int(b.Time().Sub(a.Time()).Hours()/24) + 1
	return a.AddDays(h.rng.IntN(n))
}

// planEarly draws the documents valid at some time before July 2017: those
// the five cleanups abolish or declare expired, those let expire, and the
// 951 valid on the 2017 scope day.
func (h *ndHistory) planEarly() {
	start := mustDate("2010-06-01")
	for k, c := range cleanups[:len(cleanups)-1] {
		for i := range c.abolish + c.declare {
			gov := h.rng.IntN(100) < 40
			p := h.newDoc(gov, h.between(start, c.asOfDay.AddDays(-75)))
			p.dieIn, p.dieAs, p.liveUntil = k, normdoc.AbolishIt, c.decideDay.AddDays(1)
			if i >= c.abolish {
				p.dieAs = normdoc.DeclareItVoid
			}
			if len(c.tags) > 0 && !slices.Contains(p.doc.ReformTags, c.tags[0]) {
				p.doc.ReformTags = append(p.doc.ReformTags, c.tags...)
			}
		}
	}
	for range earlyExpired {
		p := h.newDoc(h.rng.IntN(100) < 40, h.between(mustDate("2011-01-01"), mustDate("2012-05-31")))
		p.doc.Title = strings.NewReplacer("暂行办法", "管理办法", "试行办法", "管理办法").Replace(p.doc.Title)
		p.expireFirst = true
	}
	scope := cleanups[len(cleanups)-1]
	for _, n := range []struct {
		gov   bool
		count int
	}{{true, NormdocSeed.ScopeGov}, {false, NormdocSeed.ScopeUnit}} {
		for range n.count {
			p := h.newDoc(n.gov, h.between(start, mustDate("2017-05-31")))
			p.liveUntil = scope.decideDay.AddDays(1)
		}
	}
	// Some of those cleaned up in 2017 die in it.
	alive := h.aliveAt(scope.asOfDay)
	h.rng.Shuffle(len(alive), func(i, j int) { alive[i], alive[j] = alive[j], alive[i] })
	k := len(cleanups) - 1
	for i, p := range alive[:scope.abolish+scope.declare] {
		p.dieIn, p.dieAs = k, normdoc.AbolishIt
		if i >= scope.abolish {
			p.dieAs = normdoc.DeclareItVoid
		}
	}
}

// aliveAt lists the early documents planned to be valid on day: neither
// dead by then nor let expire.
func (h *ndHistory) aliveAt(day calendar.Date) []*docPlan {
	var out []*docPlan
	for _, p := range h.docs {
		if !p.expireFirst && p.dieIn < 0 && !p.liveUntil.Before(day) && !p.doc.EffectiveOn.After(day) {
			out = append(out, p)
		}
	}
	return out
}

// planLater draws the documents made after July 2017, and marks the
// fair-competition documents valid in 2026 (some of the abolished legal
// affairs office, cleaned up by its successor).
func (h *ndHistory) planLater() {
	for y := 2017; y <= 2026; y++ {
		from, to := mustDate(fmt.Sprintf("%d-01-01", y)), mustDate(fmt.Sprintf("%d-12-31", y))
		n := laterPerYear
		switch y {
		case 2017:
			from, n = mustDate("2017-07-03"), laterPerYear/2
		case 2026:
			to, n = mustDate("2026-09-30"), laterPerYear*3/4
		}
		for range n {
			h.newDoc(h.rng.IntN(100) < 40, h.between(from, to))
		}
	}
	// The fair-competition documents of the 2026 cleanup stay valid until
	// it, among them four of the market bureau's and two of the abolished
	// legal affairs office's.
	far := mustDate("2027-06-01")
	var candidates []*docPlan
	for _, p := range h.docs {
		if !p.expireFirst && p.dieIn < 0 && !p.doc.EffectiveOn.After(openCleanup.asOfDay) {
			candidates = append(candidates, p)
		}
	}
	h.rng.Shuffle(len(candidates), func(i, j int) { candidates[i], candidates[j] = candidates[j], candidates[i] })
	quota := map[string]int{marketName: 4, abolishedName: 2}
	reserved := 6
	picked := 0
	for _, p := range candidates {
		if picked >= competitionN {
			break
		}
		if q, special := quota[p.doc.LeadUnitName]; special {
			if q == 0 {
				continue
			}
			quota[p.doc.LeadUnitName]--
			reserved--
		} else if picked >= competitionN-reserved {
			continue
		}
		p.doc.ReformTags = append(p.doc.ReformTags, "competition")
		p.liveUntil = far
		picked++
	}
}

// ---------- the events ----------

func (h *ndHistory) at(on calendar.Date, prio int, do func(b *store.Bulk) error) {
	h.events = append(h.events, ndEvent{on: on, prio: prio, seq: len(h.events), do: do})
}

// Priorities within a day.
const (
	prioEngine = iota
	prioRegister
	prioLaunch
	prioPropose
	prioDecide
	prioPublish
)

func (h *ndHistory) planEvents() {
	for _, p := range h.docs {
		p := p
		h.at(p.published, prioRegister, func(b *store.Bulk) error { return h.register(b, p) })
	}
	// The validity engine runs each half-year (the demo's stand-in for the
	// daily job), and on every day a scope or catalog is taken, so that the
	// ledger is up to date then.
	for y := 2010; y <= 2026; y++ {
		for _, m := range []int{1, 7} {
			d := mustDate(fmt.Sprintf("%d-%02d-01", y, m))
			if !d.After(present) {
				h.at(d, prioEngine, func(b *store.Bulk) error { return h.engine(b, d) })
			}
		}
	}
	for k := range cleanups {
		c := &cleanups[k]
		h.at(c.asOfDay, prioEngine, func(b *store.Bulk) error { return h.engine(b, c.asOfDay) })
		h.at(c.launchDay, prioLaunch, func(b *store.Bulk) error { return h.launch(b, c) })
		h.at(c.decideDay, prioEngine, func(b *store.Bulk) error { return h.engine(b, c.decideDay) })
		h.at(c.decideDay, prioDecide, func(b *store.Bulk) error { return h.decide(b, k) })
		h.at(mustDate(c.publish), prioPublish, func(b *store.Bulk) error {
			return h.publish(b, normdoc.Publication{AsOf: c.decideDay, PublishedOn: mustDate(c.publish), CampaignID: c.id,
				URL: "http://www.cixi.gov.cn/col/col120/index.html"})
		})
	}
	for _, y := range []int{2018, 2020, 2022, 2024} {
		asOf, on := mustDate(fmt.Sprintf("%d-12-31", y)), mustDate(fmt.Sprintf("%d-01-15", y+1))
		h.at(asOf, prioEngine, func(b *store.Bulk) error { return h.engine(b, asOf) })
		h.at(on, prioPublish, func(b *store.Bulk) error {
			return h.publish(b, normdoc.Publication{AsOf: asOf, PublishedOn: on, URL: "http://www.cixi.gov.cn/col/col120/index.html",
				Note: "依规范性文件定期清理制度，公布截至年底继续有效、废止和失效的市级行政规范性文件目录"})
		})
	}
	c := &openCleanup
	h.at(c.asOfDay, prioEngine, func(b *store.Bulk) error { return h.engine(b, c.asOfDay) })
	h.at(c.launchDay, prioLaunch, func(b *store.Bulk) error { return h.launch(b, c) })
	h.at(mustDate("2026-10-28"), prioPropose, func(b *store.Bulk) error { return h.proposeOpen(b) })
	h.at(mustDate("2026-09-01"), prioRegister, func(b *store.Bulk) error { return h.inMaking(b) })
	h.at(present, prioPublish, func(b *store.Bulk) error { _, err := b.RunValidityEngine(present); return err })
}

func (h *ndHistory) run(ctx context.Context, s *store.Store) error {
	slices.SortStableFunc(h.events, func(a, b ndEvent) int {
		if c := a.on.Compare(b.on); c != 0 {
			return c
		}
		if c := cmp.Compare(a.prio, b.prio); c != 0 {
			return c
		}
		return cmp.Compare(a.seq, b.seq)
	})
	return s.InBulk(ctx, func(b *store.Bulk) error {
		for _, e := range h.events {
			if err := e.do(b); err != nil {
				return fmt.Errorf("demo: normative documents on %s: %w", e.on, err)
			}
		}
		return nil
	})
}

func (h *ndHistory) register(b *store.Bulk, p *docPlan) error {
	d := p.doc
	if err := b.RegisterExisting(audit.System, &d); err != nil {
		return fmt.Errorf("%s: %w", p.doc.Title, err)
	}
	p.id = d.ID
	h.byID[d.ID] = p
	h.sum.Normdocs++
	return nil
}

// engine runs the validity engine on day and decides the open
// evaluations: continuing the documents that must stay valid, else as the
// shares say (abolition only from 2018; before, the cleanups did the
// abolishing). Those let expire are left open, as are those the last run
// before the present opens.
func (h *ndHistory) engine(b *store.Bulk, day calendar.Date) error {
	if _, err := b.RunValidityEngine(day); err != nil {
		return err
	}
	if day == present {
		return nil
	}
	open, err := b.OpenEvaluations()
	if err != nil {
		return err
	}
	for _, ev := range open {
		p := h.byID[ev.DocID]
		if p == nil {
			continue
		}
		outcome := h.evaluate(p, ev.ExpiryOn, day)
		if outcome == "" {
			continue
		}
		dec := store.EvaluationDecision{Outcome: outcome, On: day, Version: ev.Version,
			Note: "经评估，" + map[normdoc.Outcome]string{normdoc.Continue: "文件仍符合实际需要，继续有效", normdoc.AbolishIt: "文件已不适应形势，予以废止"}[outcome]}
		if outcome == normdoc.AbolishIt {
			u := h.unitByID(ev.UnitID)
			dec.Number = h.nextNumber(h.agencyCode(u), day.Year)
		}
		if _, err := b.DecideEvaluation(h.actorFor(ev.UnitID), ev.ID, dec, day); err != nil {
			return fmt.Errorf("evaluation of %s: %w", ev.Title, err)
		}
	}
	return nil
}

// evaluate is the plan's outcome for a validity ending on expiry, decided
// on day ("" = let it expire).
func (h *ndHistory) evaluate(p *docPlan, expiry, day calendar.Date) normdoc.Outcome {
	switch {
	case p.expireFirst:
		return ""
	case expiry.Before(p.liveUntil):
		return normdoc.Continue
	case p.dieIn >= 0:
		return normdoc.Continue // dies in its cleanup first
	}
	r := h.rng.IntN(100)
	switch {
	case r < renewShare:
		return normdoc.Continue
	case r < renewShare+abolishShare && day.Year >= 2018:
		return normdoc.AbolishIt
	}
	return ""
}

func (h *ndHistory) unitByID(id int64) org.Unit {
	for _, u := range h.w.units {
		if u.ID == id {
			return u
		}
	}
	return org.Unit{}
}

// actorFor is who records a unit's decisions: the demo clerk for the
// market bureau, the system for the others (the demo has no clerk there).
func (h *ndHistory) actorFor(unit int64) audit.Actor {
	if unit == h.clerk.UnitID {
		return h.clerk.Audit()
	}
	return audit.System
}

func (h *ndHistory) launch(b *store.Bulk, c *cleanupPlan) error {
	camp := normdoc.Campaign{Name: c.name, Kind: c.kind, Basis: c.basis, Deadline: c.deadlineDay,
		Scope: normdoc.Scope{AsOf: c.asOfDay, ReformTags: c.tags}}
	if err := b.CreateCampaign(h.legal.Audit(), &camp); err != nil {
		return err
	}
	if _, err := b.LaunchCampaign(h.legal.Audit(), camp.ID, camp.Version, c.launchDay); err != nil {
		return err
	}
	c.id = camp.ID
	h.sum.Cleanups++
	return nil
}

// reasons drawn for the outcomes of the history's cleanups; the 2017
// cleanup's are the 放管服 conflicts.
var (
	reformReasons = []string{"approval", "commercial", "qualification", "investment", "intermediary", "ecology", "superior_law"}
	plainReasons  = []string{"superseded", "obsolete", "period_over", "superior_law"}
)

// decide has the units propose for every document of cleanup k, the
// legal affairs office return a few and approve all, and the government
// decide.
func (h *ndHistory) decide(b *store.Bulk, k int) error {
	c := &cleanups[k]
	items, err := b.CampaignItems(c.id)
	if err != nil {
		return err
	}
	amend := 0
	proposals := make([]normdoc.Proposal, len(items))
	for i, it := range items {
		p := h.byID[it.DocID]
		prop := normdoc.Proposal{Outcome: normdoc.Continue}
		switch {
		case p != nil && p.dieIn == k:
			prop.Outcome = p.dieAs
		case p != nil && amend < c.amend && p.dieIn < 0 && !p.expireFirst && p.liveUntil.After(c.decideDay):
			prop.Outcome = normdoc.AmendIt
			amend++
		}
		if prop.Outcome != normdoc.Continue {
			pool := plainReasons
			if k == len(cleanups)-1 || len(c.tags) > 0 {
				pool = reformReasons
			}
			prop.Reason = pick(h.rng, pool)
			if prop.Reason == "superior_law" {
				prop.Clause = pick(h.rng, laws) + "第" + []string{"十二", "十五", "二十三", "三十"}[h.rng.IntN(4)] + "条"
			}
		}
		proposals[i] = prop
	}
	// Each unit proposes its exceptions one by one and keeps the rest
	// (继续有效) in one submission.
	keep := map[int64][]store.ItemRef{}
	var units []int64
	for i, it := range items {
		prop := proposals[i]
		if prop.Outcome == normdoc.Continue {
			if keep[it.UnitID] == nil {
				units = append(units, it.UnitID)
			}
			keep[it.UnitID] = append(keep[it.UnitID], store.ItemRef{ID: it.ID, Version: it.Version})
			continue
		}
		prop.Version = it.Version
		if _, err := b.SubmitProposal(h.actorFor(it.UnitID), it.ID, prop, h.between(c.launchDay.AddDays(10), c.deadlineDay)); err != nil {
			return fmt.Errorf("proposal for %s: %w", it.Title, err)
		}
	}
	for _, unit := range units {
		if err := b.SubmitProposals(h.actorFor(unit), c.id, keep[unit], normdoc.Proposal{Outcome: normdoc.Continue},
			h.between(c.launchDay.AddDays(10), c.deadlineDay)); err != nil {
			return err
		}
	}
	review := c.deadlineDay.AddDays(20)
	items, err = b.CampaignItems(c.id)
	if err != nil {
		return err
	}
	// The office sends the first two abolitions back once for a fuller
	// reason, then approves everything.
	returned := 0
	for i, it := range items {
		if it.Outcome == normdoc.AbolishIt && returned < 2 {
			if err := b.ReviewItems(h.legal.Audit(), c.id, []store.ItemRef{{ID: it.ID, Version: it.Version}}, false,
				"请补充说明与改革决定不一致的具体条款", review.AddDays(-10)); err != nil {
				return err
			}
			prop := it.Proposal
			prop.Version = it.Version + 1
			prop.Detail = "该文件设定的审批条件已被改革决定取消"
			fixed, err := b.SubmitProposal(h.actorFor(it.UnitID), it.ID, prop, review.AddDays(-5))
			if err != nil {
				return err
			}
			items[i] = fixed
			returned++
		}
	}
	refs := make([]store.ItemRef, len(items))
	for i, it := range items {
		refs[i] = store.ItemRef{ID: it.ID, Version: it.Version}
	}
	if err := b.ReviewItems(h.legal.Audit(), c.id, refs, true, "", review); err != nil {
		return err
	}
	camp, err := b.Campaign(c.id)
	if err != nil {
		return err
	}
	_, err = b.DecideCampaign(h.legal.Audit(), c.id, camp.Version, c.decision, c.decideDay, c.decideDay)
	return err
}

func (h *ndHistory) publish(b *store.Bulk, p normdoc.Publication) error {
	if err := b.PublishCatalogs(h.legal.Audit(), &p); err != nil {
		return err
	}
	h.sum.CatalogVersions++
	return nil
}

// proposeOpen is the state of the 2026 cleanup at present: most units
// have proposed, the office has approved some and returned two; the
// market bureau and a few others have documents still awaiting.
func (h *ndHistory) proposeOpen(b *store.Bulk) error {
	c := &openCleanup
	items, err := b.CampaignItems(c.id)
	if err != nil {
		return err
	}
	silent := map[int64]bool{h.clerk.UnitID: true}
	for _, it := range items {
		if len(silent) < 4 && h.rng.IntN(4) == 0 {
			silent[it.UnitID] = true
		}
	}
	var submitted []store.CleanupItem
	marketLeft := 0
	for _, it := range items {
		if silent[it.UnitID] {
			if it.UnitID == h.clerk.UnitID && marketLeft == 0 {
				// The clerk has proposed for one document already.
				marketLeft++
			} else {
				continue
			}
		}
		prop := normdoc.Proposal{Outcome: normdoc.Continue, Version: it.Version}
		if r := h.rng.IntN(10); r < 2 {
			prop.Outcome, prop.Reason, prop.Detail = normdoc.AmendIt, "other", "含有限定本地企业参与的条款，应予删除"
		} else if r < 3 {
			prop.Outcome, prop.Reason = normdoc.AbolishIt, "superseded"
		}
		got, err := b.SubmitProposal(h.actorFor(it.UnitID), it.ID, prop, h.between(mustDate("2026-09-25"), mustDate("2026-10-27")))
		if err != nil {
			return err
		}
		submitted = append(submitted, got)
	}
	for i, it := range submitted {
		switch {
		case i < 2:
			if err := b.ReviewItems(h.legal.Audit(), c.id, []store.ItemRef{{ID: it.ID, Version: it.Version}}, false,
				"请对照《公平竞争审查制度实施细则》逐条说明是否含有限制竞争的内容", mustDate("2026-10-28")); err != nil {
				return err
			}
		case i%2 == 0:
			if err := b.ReviewItems(h.legal.Audit(), c.id, []store.ItemRef{{ID: it.ID, Version: it.Version}}, true, "",
				mustDate("2026-10-29")); err != nil {
				return err
			}
		}
	}
	return nil
}

// inMaking starts documents that are being made at present, at each
// stage of the lifecycle: the market bureau's (the demo clerk's) and the
// city government's.
func (h *ndHistory) inMaking(b *store.Bulk) error {
	stages := [][]string{
		{},
		{normdoc.TrSubmit},
		{normdoc.TrSubmit},
		{normdoc.TrSubmit, normdoc.TrPass},
		{normdoc.TrSubmit, normdoc.TrPass, normdoc.TrDeliberate},
		{normdoc.TrSubmit, normdoc.TrPass, normdoc.TrDeliberate, normdoc.TrSign, normdoc.TrRegister},
		{normdoc.TrSubmit, normdoc.TrPass, normdoc.TrDeliberate, normdoc.TrSign, normdoc.TrRegister, normdoc.TrPublish},
	}
	titles := []string{"慈溪市网络直播营销活动监督管理办法", "慈溪市食品生产加工小作坊登记管理办法", "慈溪市公平竞争审查工作实施办法",
		"慈溪市电动自行车停放充电管理办法", "慈溪市农贸市场长效管理办法", "慈溪市预付式消费监督管理暂行办法", "慈溪市城市住宅小区物业服务管理办法"}
	for i, st := range stages[:inMakingN] {
		market := i%3 != 2
		lead, actor := h.units[marketName], h.clerk
		if !market {
			lead, actor = h.units[govName], h.legal
		}
		d := normdoc.Document{Title: titles[i], LeadUnitID: lead.ID, LegalBasis: pick(h.rng, laws), ReformTags: []string{"commercial"}}
		if !market {
			d.ImplementerID = h.units[marketName].ID
		}
		day := mustDate("2026-09-01").AddDays(2 * i)
		if err := b.CreateNormdoc(actor.Audit(), &d, day); err != nil {
			return err
		}
		h.sum.Normdocs++
		for j, name := range st {
			on := day.AddDays(2 + 3*j)
			by := actor
			switch name {
			case normdoc.TrPass, normdoc.TrRegister:
				by = h.legal
			case normdoc.TrSign:
				if market {
					by = h.leader
				}
			}
			in := store.FireInput{}
			if name == normdoc.TrSign {
				in.Number = h.nextNumber(h.agencyCode(lead), 2026)
			}
			if name == normdoc.TrPublish {
				in.EffectiveOn = ptrDate(on.AddDays(30))
			}
			if _, err := b.FireNormdoc(by, d.ID, name, "", in, on); err != nil {
				return fmt.Errorf("%s %s: %w", d.Title, name, err)
			}
		}
	}
	return nil
}
