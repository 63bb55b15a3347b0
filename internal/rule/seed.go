package rule

import (
	"slices"

	"fazhi/internal/calendar"
)

// seed is a compact form of a default row.
type seed struct {
	key, title, value string
	unit              Unit
	citation, verif   string
	jurisdiction      string
	from              string
	note              string
}

// Defaults are the rows a new database starts with: the periods of the
// domain brief's deadline table (§10.2) and the platform's own settings.
// Administrators amend them in the rule table; every change is audited.
func Defaults() []Rule {
	all := slices.Concat(defaults, normdocDefaults, enforcementDefaults, disclosureDefaults, legalReviewDefaults, transferDefaults)
	out := make([]Rule, 0, len(all))
	for _, s := range all {
		from, err := calendar.ParseDate(s.from)
		if err != nil {
			panic("rule seed " + s.key + ": " + err.Error())
		}
		out = append(out, Rule{
			Key: s.key, Title: s.title, Value: s.value, Unit: s.unit,
			Citation: s.citation, Verification: s.verif, Jurisdiction: s.jurisdiction,
			EffectiveFrom: from, Note: s.note, Version: 1,
		})
	}
	return out
}

const (
	penaltyLaw   = "《中华人民共和国行政处罚法》（2021年修订）"
	order310     = "《行政执法机关移送涉嫌犯罪案件的规定》（国务院令第310号）"
	litigation   = "《中华人民共和国行政诉讼法》"
	reconsider   = "《中华人民共和国行政复议法》（2023年修订）"
	mediationLaw = "《中华人民共和国人民调解法》"
)

var defaults = []seed{
	// Administrative penalties.
	{"penalty.decide", "普通程序案件作出处罚决定期限（自立案之日起）", "90", CalendarDays, penaltyLaw + "第六十条", "V", "全国", "2021-07-15", "法律、法规、规章另有规定的从其规定"},
	{"penalty.decide_extension", "处罚决定期限经负责人批准延长", "30", CalendarDays, "《市场监督管理行政处罚程序规定》第六十四条", "S", "全国", "2021-07-15", "部门规章示例"},
	{"penalty.hearing_request", "当事人要求听证期限（自告知之日起）", "5", Workdays, penaltyLaw + "第六十四条第一项", "V", "全国", "2021-07-15", ""},
	{"penalty.hearing_notice", "听证通知送达期限（听证七日前）", "7", Workdays, penaltyLaw + "第六十四条第二项", "V", "全国", "2021-07-15", ""},
	{"penalty.preservation_decision", "先行登记保存后作出处理决定期限", "7", Workdays, penaltyLaw + "第五十六条", "V", "全国", "2021-07-15", ""},
	{"penalty.delivery_absent", "当事人不在场时送达决定书期限", "7", Workdays, penaltyLaw + "第六十一条", "V", "全国", "2021-07-15", ""},
	{"penalty.payment", "缴纳罚款期限（自收到决定书之日起）", "15", CalendarDays, penaltyLaw + "第六十七条", "V", "全国", "2021-07-15", ""},
	{"penalty.late_surcharge_rate", "逾期不缴纳罚款每日加处罚款比例", "3", Percent, penaltyLaw + "第七十二条第一项", "V", "全国", "2021-07-15", "加处罚款数额不得超出罚款数额"},
	{"penalty.cash_hand_in", "当场收缴罚款交至行政机关期限", "2", Workdays, penaltyLaw + "第七十一条", "V", "全国", "2021-07-15", ""},
	{"penalty.limitation", "违法行为追责时效", "2", Years, penaltyLaw + "第三十六条", "V", "全国", "2021-07-15", ""},
	{"penalty.limitation_serious", "涉及公民生命健康安全、金融安全且有危害后果的追责时效", "5", Years, penaltyLaw + "第三十六条", "V", "全国", "2021-07-15", ""},
	{"penalty.simple_max_person", "简易程序当场处罚上限（公民）", "200", Yuan, penaltyLaw + "第五十一条", "V", "全国", "2021-07-15", ""},
	{"penalty.simple_max_org", "简易程序当场处罚上限（法人或其他组织）", "3000", Yuan, penaltyLaw + "第五十一条", "V", "全国", "2021-07-15", ""},
	{"coercion.seal", "查封、扣押期限", "30", CalendarDays, "《中华人民共和国行政强制法》第二十五条", "V", "全国", "2012-01-01", "情况复杂的经负责人批准可延长，延长不超过三十日"},
	// Disclosure.
	{"disclosure.withdraw", "处罚决定变更、撤销后撤回公示期限", "3", Workdays, penaltyLaw + "第四十八条", "V", "全国", "2021-07-15", ""},
	{"disclosure.publish_penalty", "行政处罚信息公示期限（双公示）", "7", Workdays, "国务院办公厅关于\"双公示\"工作的2015年文件（118号）", "S", "全国", "2015-01-01", ""},
	{"disclosure.publish_other", "其他行政执法决定公示期限", "20", Workdays, "国务院办公厅关于\"双公示\"工作的2015年文件（118号）", "S", "全国", "2015-01-01", ""},
	{"disclosure.on_request", "依申请公开政府信息答复期限", "20", Workdays, "《中华人民共和国政府信息公开条例》第三十三条", "V", "全国", "2019-05-15", "需要延长的，经批准可延长，延长不超过二十个工作日"},
	// Criminal-justice linkage (Order 310): the Order says 日 without saying which; calendar days until confirmed locally.
	{"transfer.head_decision", "执法机关负责人作出是否移送决定期限", "3", CalendarDays, order310 + "第五条", "V", "全国", "2001-07-09", "\"日\"的计算口径待本地确认"},
	{"transfer.to_police", "批准移送后移送公安机关期限", "24", Hours, order310 + "第五条", "V", "全国", "2001-07-09", ""},
	{"transfer.police_forward", "公安机关非本机关管辖时转送期限", "24", Hours, order310 + "第七条", "V", "全国", "2001-07-09", ""},
	{"transfer.police_filing", "公安机关作出立案与否决定期限", "3", CalendarDays, order310 + "第八条", "V", "全国", "2001-07-09", ""},
	{"transfer.reconsideration", "不予立案后提请复议期限", "3", CalendarDays, order310 + "第九条", "V", "全国", "2001-07-09", ""},
	{"transfer.handover", "公安机关立案后移交涉案物品期限", "3", CalendarDays, order310 + "第十二条", "V", "全国", "2001-07-09", ""},
	// Litigation.
	{"litigation.defence", "行政诉讼提交答辩状及证据期限（自收到起诉状副本之日起）", "15", CalendarDays, litigation + "第六十七条", "V", "全国", "2015-05-01", ""},
	{"litigation.head_notice", "人民法院通知负责人出庭的提前期限", "3", CalendarDays, "《最高人民法院关于行政机关负责人出庭应诉若干问题的规定》第五条", "V", "全国", "2020-07-01", ""},
	{"normdoc.court_suggestion_reply", "对人民法院司法建议书面答复期限", "60", CalendarDays, "《最高人民法院关于适用〈中华人民共和国行政诉讼法〉的解释》第一百四十九条", "V", "全国", "2018-02-08", ""},
	{"reconsideration.incidental_review", "行政复议附带审查规范性文件处理期限", "30", CalendarDays, reconsider + "第五十六条", "V", "全国", "2024-01-01", ""},
	{"reconsideration.forward", "无权处理时转送有权机关期限", "7", Workdays, reconsider + "第五十六条", "V", "全国", "2024-01-01", ""},
	{"reconsideration.issuer_reply", "规范性文件制定机关书面答复期限", "10", Workdays, reconsider + "第五十八条", "V", "全国", "2024-01-01", ""},
	{"decision.major_review", "重大行政决策合法性审查时间（不少于）", "7", Workdays, "《重大行政决策程序暂行条例》第二十六条", "V", "全国", "2019-09-01", ""},
	// Legal review of major enforcement decisions.
	{"review.opinion", "重大执法决定法制审核出具意见期限", "7", Workdays, "地方重大行政执法决定法制审核办法（示例）", "S", "浙江省", "2019-01-01", "情况复杂的可延长3个工作日"},
	{"review.opinion_extension", "重大执法决定法制审核延长期限", "3", Workdays, "地方重大行政执法决定法制审核办法（示例）", "S", "浙江省", "2019-01-01", ""},
	// Officers and certificates.
	{"certificate.validity", "行政执法证有效期", "5", Years, "《浙江省行政执法证件管理办法》", "U", "浙江省", "2010-01-01", "以现行办法为准"},
	{"certificate.exam_pass", "行政执法资格考试合格分数线", "60", Points, "《浙江省行政执法证件管理办法》", "U", "浙江省", "2010-01-01", "满分100分"},
	{"certificate.training_hours", "执法人员年度法律知识培训最低学时", "40", Hours, "《浙江省行政执法证件管理办法》", "U", "浙江省", "2010-01-01", ""},
	{"certificate.number_format", "行政执法证编号格式", "浙{地区码}{年}{序号}", Format, "《浙江省行政执法证件管理办法》", "U", "浙江省", "2010-01-01", "全国统一编码规则未见公开文本"},
	{"certificate.region_code", "行政执法证编号地区码", "330282", Format, "GB/T 2260 行政区划代码（慈溪市）", "V", "慈溪市", "2010-01-01", ""},
	{"certificate.issuer", "行政执法证发证机关", "慈溪市人民政府", Text, "《浙江省行政执法证件管理办法》", "S", "慈溪市", "2010-01-01", ""},
	{"certificate.qualification_validity", "行政执法资格考试合格有效期", "5", Years, "《浙江省综合行政执法条例》第二十八条", "V", "浙江省", "2021-01-01", "在编人员考试合格，五年内调任执法岗位可申领证件"},
	{"certificate.qualification_validity", "行政执法资格考试合格有效期", "5", Years, "《浙江省行政执法证件管理办法》", "U", "浙江省", "2010-01-01", "2021年前按原办法"},
	{"certificate.expiry_warning", "证件到期提醒提前量", "90", CalendarDays, "本市行政执法监督平台运行规则", "S", "慈溪市", "2010-01-01", ""},
	{"certificate.verify_limit", "公众查验证件每分钟次数上限（同一地址）", "30", Points, "GB/T 22239-2019 网络安全等级保护基本要求（防枚举）", "S", "全国", "2019-12-01", ""},
	// Annual reports.
	{"report.department_due", "部门年度报告报送截止日", "03-01", MonthDay, "《法治政府建设与责任落实督察工作规定》及省实施指引", "S", "全国", "2019-04-15", ""},
	{"report.publication_due", "法治政府建设年度报告公开截止日", "04-01", MonthDay, "《法治政府建设与责任落实督察工作规定》第二十四条", "S", "全国", "2019-04-15", ""},
	// Mediation.
	{"mediation.confirmation_apply", "调解协议申请司法确认期限（自协议生效之日起）", "30", CalendarDays, mediationLaw + "第三十三条；《中华人民共和国民事诉讼法》第二百零五条", "V", "全国", "2011-01-01", ""},
	{"mediation.court_accept", "人民法院受理司法确认申请期限", "3", CalendarDays, "《最高人民法院关于人民调解协议司法确认程序的若干规定》第四条", "V", "全国", "2011-03-30", ""},
	{"mediation.court_decide", "人民法院作出司法确认决定期限", "15", CalendarDays, "《最高人民法院关于人民调解协议司法确认程序的若干规定》第五条", "V", "全国", "2011-03-30", "可延长10日"},
	{"mediation.people_target", "人民调解办结目标期限", "1", Months, "《人民调解工作若干规定》（司法部2002年）第三十三条", "S", "全国", "2002-11-01", ""},
	{"mediation.delegated", "委派调解期限", "30", CalendarDays, "《最高人民法院关于人民法院特邀调解的规定》第二十七条", "V", "全国", "2016-07-01", ""},
	{"mediation.entrusted", "委托调解期限", "15", CalendarDays, "《最高人民法院关于人民法院特邀调解的规定》第二十七条", "V", "全国", "2016-07-01", "简易程序案件7日"},
	{"mediation.committee_filing", "人民调解委员会变更备案期限", "30", Workdays, "《宁波市人民调解条例》第十三条", "V", "宁波市", "2015-01-01", ""},
	// Platform settings that are local policy, not statute.
	{"supervision.warn_ahead", "期限预警提前量（黄色预警）", "3", Workdays, "本市行政执法监督平台运行规则", "S", "慈溪市", "2016-01-01", "到期前N个工作日黄色预警，逾期红色预警"},
	{"security.login_failures", "登录失败锁定阈值（15分钟内）", "5", Points, "GB/T 22239-2019 网络安全等级保护基本要求 身份鉴别", "S", "全国", "2019-12-01", "同一账号或同一地址连续失败达到阈值后暂停登录15分钟"},
}
