package demo

import "fazhi/internal/org"

// Names of the units the demo accounts and the succession refer to.
const (
	govName       = "慈溪市人民政府"
	justiceName   = "慈溪市司法局"
	marketName    = "慈溪市市场监督管理局"
	courtName     = "慈溪市人民法院"
	procName      = "慈溪市人民检察院"
	policeName    = "慈溪市公安局"
	abolishedName = "慈溪市人民政府法制办公室"
	abolishedOn   = "2019-03-01"
)

// unitSpec describes one demo unit. Units are created in this order, which
// is also their sort order; a parent or successor always comes first.
type unitSpec struct {
	name, short string
	kind        org.Kind
	sub         string
	enforcement bool
	// parent and successor name earlier units ("" = none).
	parent, successor string
	abolished         string // YYYY-MM-DD, "" = active
	// newCode marks units (re)formed in the 2019 institutional reform,
	// whose organisation codes carry the newer "MB" prefix.
	newCode bool
	// area is where the unit sits: a subdistrict of the city centre for
	// city bodies, the town itself for towns.
	area string
}

// departments are the 30 working departments of the city government in
// the rule-of-law assessment; all but three hold enforcement powers (the
// seed's 27 enforcement units).
var departments = []unitSpec{
	{name: "慈溪市发展和改革局", short: "发改局", enforcement: true},
	{name: "慈溪市经济和信息化局", short: "经信局", enforcement: true},
	{name: "慈溪市教育局", short: "教育局", enforcement: true},
	{name: "慈溪市科学技术局", short: "科技局", enforcement: true},
	{name: "慈溪市民政局", short: "民政局", enforcement: true},
	{name: justiceName, short: "司法局", enforcement: true, newCode: true},
	{name: "慈溪市财政局", short: "财政局", enforcement: true},
	{name: "慈溪市人力资源和社会保障局", short: "人社局", enforcement: true},
	{name: "慈溪市自然资源和规划局", short: "自然资源规划局", enforcement: true, newCode: true},
	{name: "宁波市生态环境局慈溪分局", short: "生态环境分局", enforcement: true, newCode: true},
	{name: "慈溪市住房和城乡建设局", short: "住建局", enforcement: true},
	{name: "慈溪市交通运输局", short: "交通局", enforcement: true},
	{name: "慈溪市水利局", short: "水利局", enforcement: true},
	{name: "慈溪市农业农村局", short: "农业农村局", enforcement: true, newCode: true},
	{name: "慈溪市商务局", short: "商务局", enforcement: true},
	{name: "慈溪市文化广电旅游体育局", short: "文广旅体局", enforcement: true, newCode: true},
	{name: "慈溪市卫生健康局", short: "卫健局", enforcement: true, newCode: true},
	{name: "慈溪市退役军人事务局", short: "退役军人局", enforcement: true, newCode: true},
	{name: "慈溪市应急管理局", short: "应急局", enforcement: true, newCode: true},
	{name: "慈溪市审计局", short: "审计局", enforcement: true},
	{name: marketName, short: "市场监管局", enforcement: true},
	{name: "慈溪市统计局", short: "统计局", enforcement: true},
	{name: "慈溪市医疗保障局", short: "医保局", enforcement: true, newCode: true},
	{name: "慈溪市综合行政执法局", short: "综合执法局", enforcement: true, newCode: true},
	{name: "慈溪市民族宗教事务局", short: "民宗局", enforcement: true},
	{name: "慈溪市国有资产管理办公室", short: "国资办", enforcement: true},
	{name: "慈溪市人民防空办公室", short: "人防办", enforcement: true},
	{name: "慈溪市信访局", short: "信访局"},
	{name: "慈溪市大数据发展管理局", short: "大数据局", newCode: true},
	{name: "慈溪市机关事务管理局", short: "机关事务局"},
}

// subdistricts and towns of Cixi (5 街道, 13 镇).
var (
	subdistricts = []string{"浒山街道", "白沙路街道", "古塘街道", "坎墩街道", "宗汉街道"}
	towns        = []string{"观海卫镇", "附海镇", "桥头镇", "匡堰镇", "逍林镇", "新浦镇", "胜山镇",
		"横河镇", "崇寿镇", "长河镇", "周巷镇", "掌起镇", "龙山镇"}
)

// centralAreas are the subdistricts that house city-level bodies.
var centralAreas = []string{"古塘街道", "白沙路街道", "浒山街道"}

// cityRoads are roads of the city centre, for addresses of city bodies.
var cityRoads = []string{"新城大道北路", "新城大道南路", "孙塘北路", "孙塘南路", "三北大街", "青少年宫北路",
	"青少年宫南路", "慈甬路", "开发大道", "北三环东路", "南二环东路", "明州路", "峙山路", "金山大道",
	"解放东路", "教场山路", "华山路", "担山路", "潮塘北路", "天九街"}

// townRoads are typical main streets of a town, for town addresses.
var townRoads = []string{"人民路", "镇府路", "中心路", "兴业路", "新华路", "环城路", "文化路", "建设路", "长安路", "振兴路"}

// unitSpecs returns every demo unit in listing order.
func unitSpecs() []unitSpec {
	out := []unitSpec{
		{name: govName, short: "市政府", kind: org.Government},
		{name: "慈溪市人民政府办公室", short: "市府办", kind: org.Office, parent: govName},
	}
	for _, d := range departments {
		d.kind, d.parent = org.Department, govName
		out = append(out, d)
	}
	out = append(out, unitSpec{
		name: abolishedName, short: "法制办", kind: org.Department, parent: govName,
		successor: justiceName, abolished: abolishedOn,
	})
	for _, n := range subdistricts {
		out = append(out, unitSpec{name: n, short: n, kind: org.Town, sub: org.SubSubdistrict, parent: govName, area: n})
	}
	for _, n := range towns {
		out = append(out, unitSpec{name: n, short: n, kind: org.Town, sub: org.SubTown, parent: govName, area: n})
	}
	return append(out,
		unitSpec{name: courtName, short: "慈溪法院", kind: org.Court, area: "古塘街道"},
		unitSpec{name: procName, short: "慈溪检察院", kind: org.Procuratorate, area: "古塘街道"},
		unitSpec{name: policeName, short: "公安局", kind: org.Police, parent: govName},
	)
}
