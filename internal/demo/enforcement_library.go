package demo

// The enforcement library of the demo (seed measure 4): the matters of
// the 27 enforcement units and their discretion benchmarks — over 2,000
// tiers in force, some matters with an earlier version and a few with a
// version taking effect in mid-2026.

import (
	"fmt"
	"math/rand/v2"
	"strings"

	"fazhi/internal/audit"
	"fazhi/internal/calendar"
	"fazhi/internal/enforcement"
	"fazhi/internal/store"
)

// categoryLaw is the main law of each enforcement category, with the
// object its matters concern.
var categoryLaw = map[string]struct{ law, object string }{
	"价格监督检查": {"《中华人民共和国价格法》", "明码标价"}, "能源监察": {"《中华人民共和国节约能源法》", "能源计量"},
	"节能监察": {"《中华人民共和国节约能源法》", "节能评估"}, "无线电管理": {"《中华人民共和国无线电管理条例》", "无线电台（站）"},
	"教育行政执法": {"《中华人民共和国民办教育促进法》", "校外培训"}, "科技行政执法": {"《中华人民共和国科学技术进步法》", "科技项目"},
	"民政行政执法": {"《社会组织登记管理条例》", "社会组织登记"}, "殡葬管理": {"《殡葬管理条例》", "殡葬服务"},
	"司法行政执法": {"《中华人民共和国律师法》", "法律服务"}, "法律服务监管": {"《基层法律服务工作者管理办法》", "法律服务执业"},
	"财政监督": {"《财政违法行为处罚处分条例》", "财政资金"}, "会计监督": {"《中华人民共和国会计法》", "会计账簿"},
	"劳动保障监察": {"《劳动保障监察条例》", "劳动用工"}, "国土资源执法": {"《中华人民共和国土地管理法》", "土地使用"},
	"城乡规划执法": {"《中华人民共和国城乡规划法》", "建设工程规划许可"}, "环境保护执法": {"《中华人民共和国环境保护法》", "污染物排放"},
	"建设工程质量安全": {"《建设工程质量管理条例》", "施工质量"}, "房地产市场监管": {"《城市房地产开发经营管理条例》", "商品房销售"},
	"道路运政": {"《中华人民共和国道路运输条例》", "道路运输经营"}, "港航管理": {"《中华人民共和国港口法》", "港口经营"},
	"公路路政": {"《公路安全保护条例》", "公路用地"}, "水政监察": {"《中华人民共和国水法》", "取水许可"},
	"农业行政执法": {"《农药管理条例》", "农药经营"}, "渔政": {"《中华人民共和国渔业法》", "渔业捕捞"},
	"动物卫生监督": {"《中华人民共和国动物防疫法》", "动物检疫"}, "商务行政执法": {"《单用途商业预付卡管理办法（试行）》", "预付卡发行"},
	"文化市场": {"《娱乐场所管理条例》", "娱乐场所经营"}, "旅游市场": {"《中华人民共和国旅游法》", "旅游经营"},
	"新闻出版广电": {"《出版管理条例》", "出版物发行"}, "卫生监督": {"《公共场所卫生管理条例》", "公共场所卫生"},
	"计划生育": {"《中华人民共和国人口与计划生育法》", "技术服务"}, "退役军人事务": {"《中华人民共和国退役军人保障法》", "优待证"},
	"安全生产监管": {"《中华人民共和国安全生产法》", "安全生产"}, "审计监督": {"《中华人民共和国审计法》", "审计资料"},
	"市场监管": {"《中华人民共和国反不正当竞争法》", "经营行为"}, "食品药品安全": {"《中华人民共和国食品安全法》", "食品"},
	"质量技术监督": {"《中华人民共和国产品质量法》", "产品质量"}, "统计执法": {"《中华人民共和国统计法》", "统计资料"},
	"医疗保障基金监管": {"《医疗保障基金使用监督管理条例》", "医保基金"}, "城市管理": {"《城市市容和环境卫生管理条例》", "户外广告"},
	"市容环境卫生": {"《城市市容和环境卫生管理条例》", "生活垃圾"}, "园林绿化": {"《城市绿化条例》", "城市绿地"},
	"民族宗教事务": {"《宗教事务条例》", "宗教活动场所"}, "国有资产监督": {"《企业国有资产监督管理暂行条例》", "国有资产"},
	"人民防空": {"《中华人民共和国人民防空法》", "人防工程"},
}

// violationPatterns make matter names from a category's object.
var violationPatterns = []string{
	"未取得%s许可擅自从事相关活动", "未按规定办理%s变更手续", "未按规定报送%s相关材料", "提供虚假%s材料",
	"拒绝、阻碍%s监督检查", "未按规定建立%s台账", "未按规定公示%s信息", "超出%s许可范围从事活动",
	"未落实%s管理责任", "伪造、涂改、出租、出借%s证件", "未按规定保存%s记录", "擅自改变%s用途",
	"违反%s技术规范", "未按规定开展%s自查", "未按规定配备%s专业人员", "逾期未改正%s违法行为",
}

// crimeBases are prosecution standards for matters that have one.
var crimeBases = []struct {
	threshold int64
	basis     string
}{
	{50000, "《最高人民检察院、公安部关于公安机关管辖的刑事案件立案追诉标准的规定（一）》（销售金额五万元以上）"},
	{100000, "《最高人民检察院、公安部关于公安机关管辖的刑事案件立案追诉标准的规定（一）》（非法经营数额十万元以上）"},
	{200000, "《最高人民检察院、公安部关于公安机关管辖的刑事案件立案追诉标准的规定（二）》（数额二十万元以上）"},
}

// statutoryMax are the maximum fines a matter's penalty clause sets.
var statutoryMax = []int64{5000, 10000, 20000, 30000, 50000, 50000, 100000, 100000, 200000, 500000}

// libMatter is a matter of the demo library with its benchmark versions.
type libMatter struct {
	enforcement.Matter
	unit     int // index into the case units
	versions []enforcement.Benchmark
}

// buildLibrary creates the matters and benchmarks of every unit.
func buildLibrary(b *store.Bulk, rng *rand.Rand, units []caseUnit, sum *Summary) ([][]*libMatter, error) {
	out := make([][]*libMatter, len(units))
	for ui, u := range units {
		n := 10 + u.weight/8
		for i := range n {
			cat := u.categories[i%len(u.categories)]
			m, err := newMatter(b, rng, u, ui, i, cat)
			if err != nil {
				return nil, err
			}
			out[ui] = append(out[ui], m)
			sum.Matters++
			if err := addBenchmarks(b, rng, m, sum); err != nil {
				return nil, err
			}
		}
	}
	return out, nil
}

func newMatter(b *store.Bulk, rng *rand.Rand, u caseUnit, ui, i int, cat string) (*libMatter, error) {
	law := categoryLaw[cat]
	if law.law == "" {
		law.law, law.object = "《"+cat+"管理规定》", cat
	}
	pattern := violationPatterns[(i/len(u.categories)+ui)%len(violationPatterns)]
	m := &libMatter{unit: ui, Matter: enforcement.Matter{UnitID: u.unit.ID, Code: fmt.Sprintf("33%02d%02d%03d000", ui+1, i%len(u.categories)+1, i+1),
		Name: fmt.Sprintf(pattern, law.object), Category: cat, BasisLaw: law.law,
		BasisArticle: fmt.Sprintf("第%s条", chineseNumber(10+rng.IntN(60))), PenaltyBasis: fmt.Sprintf("第%s条", chineseNumber(60+rng.IntN(40))),
		PowerSource: u.power, Published: true, Active: true}}
	if rng.IntN(100) < 15 {
		c := pick(rng, crimeBases)
		m.CrimeThreshold, m.CrimeBasis = enforcement.Yuan(c.threshold), c.basis
	}
	return m, b.SaveMatter(audit.System, &m.Matter)
}

// chineseNumber writes 1..99 in Chinese numerals (as article numbers are).
func chineseNumber(n int) string {
	digits := []string{"", "一", "二", "三", "四", "五", "六", "七", "八", "九"}
	switch {
	case n < 10:
		return digits[n]
	case n < 20:
		return "十" + digits[n%10]
	}
	return digits[n/10] + "十" + digits[n%10]
}

// versionPlans are when a matter's benchmark versions start: most have
// one version, a third were revised at the start of 2025, a few again
// in mid-2026.
func versionStarts(rng *rand.Rand) []string {
	switch r := rng.IntN(100); {
	case r < 8:
		return []string{"2021-07-15", "2025-01-01", "2026-07-01"}
	case r < 40:
		return []string{"2021-07-15", "2025-01-01"}
	case r < 70:
		return []string{"2022-01-01"}
	}
	return []string{"2023-06-01"}
}

func addBenchmarks(b *store.Bulk, rng *rand.Rand, m *libMatter, sum *Summary) error {
	max := pick(rng, statutoryMax)
	five := rng.IntN(100) < 45
	byGains := rng.IntN(100) < 10
	for v, from := range versionStarts(rng) {
		bm := enforcement.Benchmark{MatterID: m.ID, EffectiveFrom: mustDate(from), Published: true,
			Source: fmt.Sprintf("%s行政处罚裁量基准（%s年版）", strings.TrimPrefix(m.UnitName, "慈溪市"), from[:4])}
		// A later version narrows the upper tier a little.
		scale := int64(100 - 10*v)
		bm.Tiers = tiers(max*scale/100, five, byGains)
		if err := b.CreateBenchmark(audit.System, &bm); err != nil {
			return fmt.Errorf("demo: benchmark of %s: %w", m.Code, err)
		}
		m.versions = append(m.versions, bm)
		sum.Benchmarks++
		sum.BenchmarkTiers += len(bm.Tiers)
	}
	return nil
}

// tiers splits a statutory range into tiers: 不予/减轻/从轻/一般/从重 or
// 情节轻微/一般/较重/严重, by figures or by multiples of illegal gains.
func tiers(max int64, five, byGains bool) []enforcement.Tier {
	round := func(v int64) enforcement.Money { return enforcement.Yuan((v + 50) / 100 * 100) }
	span := func(lo, hi int64) (enforcement.Money, *enforcement.Money) {
		h := round(hi)
		return round(lo), &h
	}
	if byGains {
		return []enforcement.Tier{
			{Name: "情节轻微", Conditions: "初次违法，违法所得较少，主动消除或者减轻危害后果", PenaltyKinds: "confiscate_gains,fine", MinMultiple: 100, MaxMultiple: 200},
			{Name: "情节一般", Conditions: "违法所得一般，未造成严重后果", PenaltyKinds: "confiscate_gains,fine", MinMultiple: 200, MaxMultiple: 300},
			{Name: "情节严重", Conditions: "违法所得较大、多次违法或者造成严重后果", PenaltyKinds: "confiscate_gains,fine", MinMultiple: 300, MaxMultiple: 500},
		}
	}
	if five {
		a, b1 := span(max/20, max*3/10)
		c, d := span(max*3/10, max*7/10)
		e, f := span(max*7/10, max)
		red := round(max / 20)
		return []enforcement.Tier{
			{Name: "不予处罚", Conditions: "初次违法且危害后果轻微并及时改正", NoPenalty: true},
			{Name: "减轻处罚", Conditions: "主动消除或者减轻违法行为危害后果，或者配合查处有立功表现", PenaltyKinds: "warning,fine", MaxFine: &red},
			{Name: "从轻处罚", Conditions: "违法情节较轻，及时改正", PenaltyKinds: "fine", MinFine: a, MaxFine: b1},
			{Name: "一般处罚", Conditions: "违法情节一般", PenaltyKinds: "fine", MinFine: c, MaxFine: d},
			{Name: "从重处罚", Conditions: "经指出拒不改正、一年内再次违法或者造成严重后果", PenaltyKinds: "fine", MinFine: e, MaxFine: f},
		}
	}
	a, b1 := span(max/10, max*4/10)
	c, d := span(max*4/10, max*7/10)
	e, f := span(max*7/10, max)
	return []enforcement.Tier{
		{Name: "情节轻微", Conditions: "违法行为轻微，及时改正，未造成危害后果", PenaltyKinds: "warning,fine", MinFine: a, MaxFine: b1},
		{Name: "情节较重", Conditions: "违法行为持续时间较长或者造成一定危害后果", PenaltyKinds: "fine", MinFine: c, MaxFine: d},
		{Name: "情节严重", Conditions: "经指出拒不改正、第二次违反或者造成严重危害后果", PenaltyKinds: "fine", MinFine: e, MaxFine: f},
	}
}

// version is the benchmark version in force on d (nil when none).
func (m *libMatter) version(d calendar.Date) *enforcement.Benchmark {
	if b, ok := enforcement.PickBenchmark(m.versions, d); ok {
		return &b
	}
	return nil
}
