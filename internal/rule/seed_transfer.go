package rule

// transferDefaults are the rows of transfers to criminal justice beyond
// those of the shared table (transfer.head_decision … transfer.handover in
// seed.go), of supervision orders and of case evaluation.
const procuratorateRule = "《人民检察院办理行政执法机关移送涉嫌犯罪案件的规定》（高检发释字〔2001〕4号）"

var transferDefaults = []seed{
	// Order 310 Art. 9: 3 days to ask for reconsideration (transfer.reconsideration),
	// 3 days for the police to decide it, 3 days to suggest filing supervision.
	{"transfer.reconsideration_decision", "公安机关作出复议决定期限（自收到复议要求之日起）", "3", CalendarDays, order310 + "第九条", "V", "全国", "2001-07-09", "\"日\"的计算口径待本地确认"},
	{"transfer.supervision_suggestion", "对复议决定仍有异议的建议人民检察院立案监督期限", "3", CalendarDays, order310 + "第九条", "V", "全国", "2001-07-09", "\"日\"的计算口径待本地确认"},
	{"transfer.supervised_filing", "人民检察院通知立案后公安机关立案期限", "15", CalendarDays, procuratorateRule, "V", "全国", "2001-12-03", "施行日期待核对公报"},
	{"transfer.number_format", "涉嫌犯罪案件移送书文号格式", "{简称}移送〔{年}〕{序号}号", Format, "《党政机关公文格式》（GB/T 9704-2012）发文字号", "U", "慈溪市", "2012-07-01", "{简称}为移送单位简称，{年}为四位年份，{序号}按单位、年度连续编号"},
	// Supervision orders: local practice, no statute sets the reply period.
	{"supervision.order_reply", "督办事项回复期限（自督办之日起）", "10", Workdays, "本市行政执法监督平台运行规则（督办）", "U", "慈溪市", "2016-01-01", "本地口径待确认；退回重办的自退回之日起重新计算"},
	{"supervision.order_issuer", "督办机关", "慈溪市司法局", Text, "慈溪市机构改革方案（2019年，行政执法监督职责划入司法局）", "S", "慈溪市", "2019-03-01", ""},
	{"supervision.order_number_format", "督办通知文号格式", "慈司督〔{年}〕{序号}号", Format, "《党政机关公文格式》（GB/T 9704-2012）发文字号", "U", "慈溪市", "2019-03-01", "{年}为四位年份，{序号}按年度连续编号"},
	// Case evaluation (案卷评查, 行政处罚法第七十五条: periodic evaluation).
	{"evaluation.sample_per_unit", "案卷评查每单位随机抽取案卷数（件）", "3", Text, "本市行政执法案卷评查办法", "U", "慈溪市", "2016-01-01", "抽取数不足的，抽取该单位期间内全部已结案件"},
	{"evaluation.pass_mark", "案卷评查合格分数线", "60", Points, "本市行政执法案卷评查办法", "U", "慈溪市", "2016-01-01", "满分100分"},
	{"evaluation.excellent_mark", "案卷评查优秀分数线", "90", Points, "本市行政执法案卷评查办法", "U", "慈溪市", "2016-01-01", "满分100分"},
}
