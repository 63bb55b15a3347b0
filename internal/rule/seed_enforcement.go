package rule

// enforcementDefaults are the rows of penalty cases beyond the shared
// table's penalty.* rows in seed.go: the gates the case workflow cites,
// the Art. 63 hearing thresholds by party kind, the filing period, the
// pauses of the decision period the department rules allow, and the
// number formats. Crime-transfer thresholds are data on each matter.
const samrProcedure = "《市场监督管理行政处罚程序规定》（2022年修正）"

var enforcementDefaults = []seed{
	{"penalty.min_officers", "执法人员人数下限（人）", "2", Text, penaltyLaw + "第四十二条", "V", "全国", "2021-07-15", "法律另有规定的除外"},
	{"penalty.filing_decision", "发现案件线索后决定是否立案期限", "15", Workdays, samrProcedure + "第十八条", "U", "全国", "2021-07-15", "特殊情况经负责人批准可延长15个工作日；各部门规章口径不一，启用前核对"},
	{"penalty.prior_notice", "作出处罚决定前事先告知", "必须", Text, penaltyLaw + "第四十四条、第六十二条", "V", "全国", "2021-07-15", "未告知或者拒绝听取陈述、申辩的，不得作出行政处罚决定（当事人明确放弃的除外）"},
	{"penalty.no_increase", "不得因当事人陈述申辩而加重处罚", "必须", Text, penaltyLaw + "第四十五条", "V", "全国", "2021-07-15", ""},
	{"penalty.legal_review", "作出决定前法制审核", "必须", Text, penaltyLaw + "第五十八条", "V", "全国", "2021-07-15", "未经法制审核或者审核未通过的，不得作出决定"},
	{"penalty.collective", "情节复杂或重大违法行为集体讨论决定", "必须", Text, penaltyLaw + "第五十七条第二款", "V", "全国", "2021-07-15", ""},
	{"penalty.benchmark_deviation", "超出裁量基准须说明理由并经法制审核", "必须", Text, "《浙江省行政处罚裁量基准办法》；" + penaltyLaw + "第三十四条、第五十八条", "S", "浙江省", "2021-07-15", "拟作出减轻或者加重处罚的列入法制审核目录"},
	{"penalty.electronic_delivery", "电子送达须经当事人同意并签订确认书", "必须", Text, penaltyLaw + "第六十一条第二款", "V", "全国", "2021-07-15", ""},
	{"penalty.hearing_fine_person", "听证：对公民处以较大数额罚款标准", "5000", Yuan, penaltyLaw + "第六十三条；地方较大数额标准", "S", "浙江省", "2021-07-15", "较大数额由地方规定，浙江省现行标准待核对公报"},
	{"penalty.hearing_fine_org", "听证：对法人或其他组织处以较大数额罚款标准", "100000", Yuan, penaltyLaw + "第六十三条；地方较大数额标准", "S", "浙江省", "2021-07-15", "较大数额由地方规定，浙江省现行标准待核对公报"},
	{"penalty.hearing_confiscation_person", "听证：对公民没收较大数额违法所得、非法财物标准", "5000", Yuan, penaltyLaw + "第六十三条；地方较大数额标准", "S", "浙江省", "2021-07-15", "与罚款标准相同，待核对"},
	{"penalty.hearing_confiscation_org", "听证：对法人或其他组织没收较大数额违法所得、非法财物标准", "100000", Yuan, penaltyLaw + "第六十三条；地方较大数额标准", "S", "浙江省", "2021-07-15", "与罚款标准相同，待核对"},
	{"penalty.decide_extension_collective", "处罚决定期限经集体讨论再延长", "由集体讨论确定合理期限", Text, samrProcedure + "第六十四条", "S", "全国", "2021-07-15", "部门规章示例"},
	{"penalty.pause_suspension", "案件中止期间不计入处罚决定期限", "不计入", Text, samrProcedure + "第六十四条", "S", "全国", "2021-07-15", "部门规章示例"},
	{"penalty.pause_hearing", "听证期间不计入处罚决定期限", "不计入", Text, samrProcedure + "第六十四条", "S", "全国", "2021-07-15", "部门规章示例"},
	{"penalty.pause_announcement", "公告期间不计入处罚决定期限", "不计入", Text, samrProcedure + "第六十四条", "S", "全国", "2021-07-15", "部门规章示例"},
	{"penalty.pause_testing", "检测、检验、检疫、鉴定期间不计入处罚决定期限", "不计入", Text, samrProcedure + "第六十四条", "S", "全国", "2021-07-15", "部门规章示例"},
	{"penalty.pause_identification", "权利人辨认或者鉴别期间不计入处罚决定期限", "不计入", Text, samrProcedure + "第六十四条", "S", "全国", "2021-07-15", "部门规章示例"},
	{"penalty.pause_refund", "责令退还多收价款期间不计入处罚决定期限", "不计入", Text, samrProcedure + "第六十四条", "S", "全国", "2021-07-15", "部门规章示例"},
	{"penalty.remedy_reconsideration", "申请行政复议期限（自知道行政行为之日起）", "60", CalendarDays, "《中华人民共和国行政复议法》（2023年修订）第二十条", "V", "全国", "2024-01-01", "决定书须载明（行政处罚法第五十九条）"},
	{"penalty.remedy_litigation", "提起行政诉讼期限（自知道作出行政行为之日起）", "6", Months, "《中华人民共和国行政诉讼法》第四十六条", "V", "全国", "2015-05-01", "决定书须载明（行政处罚法第五十九条）"},
	{"penalty.reconsideration_body", "行政复议机关", "慈溪市人民政府", Text, "《中华人民共和国行政复议法》（2023年修订）第二十四条", "S", "慈溪市", "2024-01-01", "实行垂直领导的部门和海关、金融、外汇、税务等由上一级主管部门复议，个案须核对"},
	{"penalty.litigation_court", "行政诉讼管辖法院", "慈溪市人民法院", Text, "《中华人民共和国行政诉讼法》第十八条；本地集中管辖安排", "U", "慈溪市", "2015-05-01", "宁波市行政案件集中管辖安排待核对"},
	{"penalty.instalments_max", "分期缴纳罚款期数上限", "6", Text, penaltyLaw + "第六十六条第二款", "U", "慈溪市", "2021-07-15", "法律未规定期数，本地口径待确认"},
	{"penalty.filing_number_format", "立案编号格式", "{简称}立〔{年}〕{序号}号", Format, "本市行政执法文书格式", "U", "慈溪市", "2021-07-15", "{简称}为执法单位简称，{年}为四位年份，{序号}按单位、年度连续编号"},
	{"penalty.decision_number_format", "行政处罚决定书文号格式", "慈{简称}罚〔{年}〕{序号}号", Format, "《党政机关公文格式》（GB/T 9704-2012）发文字号", "U", "慈溪市", "2021-07-15", "{简称}为执法单位简称，{年}为四位年份，{序号}按单位、年度连续编号"},
	{"penalty.simple_number_format", "当场行政处罚决定书编号格式", "{简称}当罚〔{年}〕{序号}号", Format, penaltyLaw + "第五十二条（预定格式、编有号码）", "U", "慈溪市", "2021-07-15", ""},
}
