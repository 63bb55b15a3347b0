package rule

// disclosureDefaults are the rows of the penalty disclosure (seed measure
// 4) beyond the publication and withdrawal periods in seed.go: the display
// period of each penalty category (disclosure.display.<category>), the
// masking policy and the age of majority. Three regimes follow each other
// (domain brief §4.4): before September 2021 no national rule classified
// display periods, and Zhejiang's interim measures said "generally one
// year"; from 2021-09-01 the market regulators' order 45 (three months for
// 通报批评 and similar light penalties, three years otherwise); from
// 2026-04-01 the NDRC credit-repair measures cap "general" information
// (fines and confiscations) at one year. Each row applies to decisions
// made on or after its start.
var disclosureDefaults = displayRows()

const (
	zhejiangDisclosure = "《浙江省行政处罚结果信息网上公开暂行办法》"
	samr45             = "《市场监督管理行政处罚信息公示规定》（国家市场监督管理总局令第45号）"
	creditRepair       = "《信用修复管理办法》（国家发展改革委，2026年4月1日起施行）"
)

// displayCategories are the penalty categories (disclosure.Category codes
// and labels; rule does not import disclosure) with their display period
// under order 45 and, when they changed, under the credit-repair measures.
var displayCategories = []struct {
	code, label string
	samr        string // value under order 45; unit below
	samrUnit    Unit
	repair      string // years from 2026-04-01, "" = unchanged
}{
	{"warning", "警告", "3", Months, ""},
	{"criticism", "通报批评", "3", Months, ""},
	{"fine", "罚款", "3", Years, "1"},
	{"confiscate_gains", "没收违法所得", "3", Years, "1"},
	{"confiscate_property", "没收非法财物", "3", Years, "1"},
	{"suspend_licence", "暂扣许可证件", "3", Years, ""},
	{"lower_qualification", "降低资质等级", "3", Years, ""},
	{"revoke_licence", "吊销许可证件", "3", Years, ""},
	{"restrict_business", "限制开展生产经营活动", "3", Years, ""},
	{"suspend_business", "责令停产停业", "3", Years, ""},
	{"close", "责令关闭", "3", Years, ""},
	{"restrict_practice", "限制从业", "3", Years, ""},
	{"detention", "行政拘留", "3", Years, ""},
	{"other", "其他行政处罚", "3", Years, ""},
}

func displayRows() []seed {
	rows := []seed{
		{"disclosure.mask_public", "公示时屏蔽的个人信息", "身份证件号码、联系电话、银行账号、家庭住址、其他自然人姓名", Text,
			zhejiangDisclosure, "S", "浙江省", "2015-01-01",
			"自然人的健康状况等其他不宜公开内容须人工核查；当事人本人姓名不在屏蔽范围内，如需屏蔽可加“当事人姓名”"},
		{"disclosure.adult_age", "成年年龄（未成年人的处罚信息不予公示）", "18", Years, "《中华人民共和国民法典》第十七条；" + zhejiangDisclosure,
			"S", "全国", "2015-01-01", "按处罚决定之日的年龄判断"},
		{"disclosure.export_limit", "公众检索结果一次导出的最多条数", "5000", Text, "GB/T 22239-2019 网络安全等级保护基本要求（防止批量获取）",
			"S", "全国", "2019-12-01", "超出部分请缩小检索条件后分批导出"},
	}
	for _, c := range displayCategories {
		key, title := "disclosure.display."+c.code, "行政处罚信息公示期限："+c.label
		rows = append(rows,
			seed{key, title, "1", Years, zhejiangDisclosure + "（公示期限一般为1年）", "U", "全国", "2015-01-01",
				"2021年9月1日前未见全国统一的分类公示期限，按浙江省口径一般1年计，启用前须核对"},
			seed{key, title, c.samr, c.samrUnit, samr45, "V", "全国", "2021-09-01",
				"自公示之日起计算；限制类处罚的实际期限超过公示期限的，公示至限制期满"})
		if c.repair != "" {
			rows = append(rows, seed{key, title, c.repair, Years, creditRepair, "S", "全国", "2026-04-01",
				"一般失信信息最短公示3个月、最长1年；据新闻摘要，待核对公报文本"})
		}
	}
	return rows
}
