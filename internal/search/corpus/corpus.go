// Package corpus generates a deterministic corpus of penalty-disclosure
// records and a query set sampled from it, for the search benchmark
// (cmd/searchbench) and the recall tests. The same seed gives the same
// records on every machine.
package corpus

import (
	"fmt"
	"math/rand"
	"strings"

	"fazhi/internal/calendar"
	"fazhi/internal/ident"
	"fazhi/internal/search"
)

var (
	regions = []string{"慈溪", "宁波", "余姚", "象山", "宁海", "奉化", "鄞州", "海曙", "江北", "北仑", "镇海", "杭州", "绍兴", "舟山", "台州", "温州"}
	brands  = []string{"鑫源", "恒达", "华茂", "永泰", "金海", "瑞丰", "隆盛", "天成", "宏远", "嘉禾", "博雅", "昌盛", "明辉", "锦程", "泓泰",
		"德润", "卓越", "佳信", "宝丰", "兴旺", "绿源", "康宁", "汇通", "万象", "中晟", "𠀾鑫", "𪚥源", "喆宸", "䶮达", "堃鹏"}
	industries = []string{"商贸", "食品", "餐饮", "建材", "机械", "电器", "五金", "服装", "物流", "科技", "医药", "化工", "塑料", "汽车维修",
		"酒店管理", "超市", "药房", "农产品", "水产", "家具"}
	forms      = []string{"有限公司", "有限责任公司", "股份有限公司", "商行", "经营部", "店"}
	surnames   = []string{"张", "王", "李", "赵", "陈", "刘", "杨", "黄", "周", "吴", "徐", "孙", "胡", "朱", "高", "林", "何", "郭", "马", "罗", "𬌗"}
	agencies   = []string{"慈溪市市场监督管理局", "慈溪市生态环境局", "慈溪市交通运输局", "慈溪市应急管理局", "慈溪市卫生健康局", "慈溪市城市管理局", "慈溪市文化和广电旅游体育局", "慈溪市农业农村局", "慈溪市自然资源和规划局", "慈溪市住房和城乡建设局", "慈溪市消防救援大队", "慈溪市税务局", "慈溪市公安局"}
	abbrev     = []string{"慈市监", "慈环", "慈交", "慈应急", "慈卫", "慈综执", "慈文旅", "慈农", "慈自然资规", "慈建", "慈消", "慈税", "慈公"}
	categories = []string{"warning", "fine", "confiscation", "suspension", "revocation", "detention", "other"}
	catNames   = []string{"警告", "罚款", "没收违法所得", "责令停产停业", "吊销许可证", "行政拘留", "其他"}
	laws       = []string{"中华人民共和国食品安全法", "中华人民共和国产品质量法", "中华人民共和国广告法", "中华人民共和国消费者权益保护法", "中华人民共和国安全生产法",
		"中华人民共和国大气污染防治法", "中华人民共和国水污染防治法", "中华人民共和国道路运输条例", "中华人民共和国药品管理法", "中华人民共和国价格法",
		"中华人民共和国反不正当竞争法", "中华人民共和国消防法", "中华人民共和国治安管理处罚法", "浙江省食品小作坊小餐饮店小食杂店和食品摊贩管理规定", "无证无照经营查处办法",
		"中华人民共和国计量法", "中华人民共和国标准化法", "中华人民共和国特种设备安全法", "中华人民共和国固体废物污染环境防治法", "中华人民共和国城乡规划法"}
	goods  = []string{"过期食品", "不合格电线", "假冒白酒", "无标签食用油", "劣质口罩", "过期药品", "不合格儿童玩具", "无合格证电动车", "冷冻肉制品", "散装白酒", "化妆品", "建筑钢材", "LED灯具", "USB充电器", "iPhone配件", "PM2.5检测仪"}
	places = []string{"浒山街道", "白沙路街道", "古塘街道", "坎墩街道", "宗汉街道", "周巷镇", "观海卫镇", "龙山镇", "掌起镇", "附海镇", "桥头镇", "匡堰镇", "逍林镇", "新浦镇", "胜山镇", "长河镇"}
	acts   = []string{"经营", "销售", "生产", "储存", "运输", "使用", "提供", "发布"}
	// Fact templates; {g} goods, {p} place, {n} number, {d} date, {a} act, {x} ASCII code.
	templates = []string{
		"经查，当事人于{d}在{p}{a}{g}，货值金额{n}元，违法所得{n}元。",
		"执法人员于{d}对当事人位于{p}的经营场所进行检查，发现其{a}的{g}未按规定标注生产日期和保质期。",
		"当事人未取得营业执照擅自从事{g}{a}活动，经营场所位于{p}，截至案发共计{a}{n}件。",
		"经抽样检验，当事人{a}的{g}（批号{x}）不符合食品安全标准，检验报告编号为{x}。",
		"当事人在其{p}门店内{a}{g}，未建立进货查验记录制度，无法提供供货者的许可证和产品合格证明文件。",
		"当事人的行为违反了相关规定，构成{a}不合格产品的违法行为，且未能提供相关证明材料。",
		"现场检查时，当事人的负责人在场，执法人员制作了现场笔录并拍摄照片{n}张，提取{g}样品{n}份。",
		"当事人积极配合调查，主动消除违法行为危害后果，依法可以从轻处罚。",
		"上述事实有现场检查笔录、询问笔录、营业执照复印件、{g}照片、检验报告等证据证实。",
		"当事人通过网络平台发布广告，宣称其{g}具有治疗功效，广告点击量达{n}次，相关链接为www.{x}.com。",
		"当事人排放的废气中颗粒物浓度为{n}mg/m³，超过《大气污染物综合排放标准》（GB16297-1996）规定的限值。",
		"当事人驾驶车牌号为浙B{x}的货车从事道路货物运输，未取得道路运输经营许可证。",
	}
)

// Generator produces records deterministically.
type Generator struct {
	r     *rand.Rand
	n     int
	start calendar.Date
}

// New returns a generator of n records with seed.
func New(seed int64, n int) *Generator {
	return &Generator{r: rand.New(rand.NewSource(seed)), n: n, start: calendar.Date{Year: 2016, Month: 1, Day: 1}}
}

func (g *Generator) pick(l []string) string { return l[g.r.Intn(len(l))] }

// Doc returns record i (call for i = 0, 1, … in order).
func (g *Generator) Doc(i int) search.Doc {
	r := g.r
	agency := r.Intn(len(agencies))
	cat := r.Intn(len(categories))
	decided := g.start.AddDays(int(int64(i) * 3900 / int64(max(g.n, 1))))
	var party, partyType, code string
	switch x := r.Intn(10); {
	case x < 3:
		party, partyType = g.maskedPerson(), "person"
	case x < 4:
		party, partyType = g.pick(regions)+"市"+g.pick(places)+g.pick(brands)+g.pick(industries)+"店", "other"
		code = g.creditCode()
	default:
		party, partyType = g.pick(regions)+g.pick(brands)+g.pick(industries)+g.pick(forms), "legal"
		code = g.creditCode()
	}
	number := fmt.Sprintf("%s罚〔%d〕%d号", abbrev[agency], decided.Year, 1+r.Intn(2000))
	law := g.pick(laws)
	basis := fmt.Sprintf("《%s》第%s条第%s款", law, chineseNumber(1+r.Intn(150)), chineseNumber(1+r.Intn(4)))
	content := fmt.Sprintf("%s；%s人民币%d元", catNames[cat], catNames[1], 500*(1+r.Intn(400)))
	return search.Doc{
		ID: int64(i + 1), DecidedOn: decided, AgencyID: int64(agency + 1), Category: categories[cat], PartyType: partyType,
		CreditCode: code, DecisionNumber: number,
		Fields: []search.Field{
			{Name: "party", Text: party},
			{Name: "agency", Text: agencies[agency]},
			{Name: "facts", Text: g.facts(100 + r.Intn(901))},
			{Name: "basis", Text: basis},
			{Name: "content", Text: content},
		},
	}
}

func (g *Generator) maskedPerson() string {
	s := g.pick(surnames)
	switch g.r.Intn(3) {
	case 0:
		return s + "某"
	case 1:
		return s + "某某"
	}
	return s + "*"
}

func (g *Generator) creditCode() string {
	const cs = "0123456789ABCDEFGHJKLMNPQRTUWXY"
	var b strings.Builder
	b.WriteString("913302")
	b.WriteString(fmt.Sprintf("%02d", g.r.Intn(100)))
	for b.Len() < 17 {
		b.WriteByte(cs[g.r.Intn(len(cs))])
	}
	c, err := ident.MakeCreditCode(b.String())
	if err != nil {
		panic(err)
	}
	return c
}

// facts writes about n runes of facts from the templates.
func (g *Generator) facts(n int) string {
	var b strings.Builder
	runes := 0
	for runes < n {
		t := g.pick(templates)
		s := strings.NewReplacer(
			"{g}", g.pick(goods), "{p}", g.pick(places), "{a}", g.pick(acts),
			"{n}", fmt.Sprint(g.r.Intn(100000)),
			"{d}", fmt.Sprintf("%d年%d月%d日", 2016+g.r.Intn(10), 1+g.r.Intn(12), 1+g.r.Intn(28)),
			"{x}", g.asciiCode(),
		).Replace(t)
		if g.r.Intn(4) == 0 { // a party mention
			s = "当事人" + g.pick(brands) + g.pick(industries) + "负责人" + g.maskedPerson() + "称，" + s
		}
		b.WriteString(s)
		runes += len([]rune(s))
	}
	return b.String()
}

func (g *Generator) asciiCode() string {
	const cs = "ABCDEFGHJKLMNPQRSTUVWXYZ0123456789"
	n := 5 + g.r.Intn(6)
	out := make([]byte, n)
	for i := range out {
		out[i] = cs[g.r.Intn(len(cs))]
	}
	return string(out)
}

func chineseNumber(n int) string {
	digits := []string{"零", "一", "二", "三", "四", "五", "六", "七", "八", "九"}
	switch {
	case n < 10:
		return digits[n]
	case n < 20:
		return "十" + strings.TrimPrefix(digits[n%10], "零")
	case n < 100:
		s := digits[n/10] + "十"
		if n%10 != 0 {
			s += digits[n%10]
		}
		return s
	}
	s := digits[n/100] + "百"
	switch r := n % 100; {
	case r == 0:
	case r < 10:
		s += "零" + digits[r]
	default:
		s += chineseNumber(r)
		if r < 20 {
			s = digits[n/100] + "百一" + chineseNumber(r)
		}
	}
	return s
}

// Docs generates all n records.
func Docs(seed int64, n int) []search.Doc {
	g := New(seed, n)
	out := make([]search.Doc, n)
	for i := range out {
		out[i] = g.Doc(i)
	}
	return out
}
