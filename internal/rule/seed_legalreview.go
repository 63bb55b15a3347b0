package rule

// legalReviewDefaults are the legal review's own rows beyond the opinion
// periods (review.opinion, review.opinion_extension) in seed.go. The
// catalogue thresholds are not rules: each unit's catalogue carries them.
var legalReviewDefaults = []seed{
	{"review.reviewer_share", "法制审核人员占本单位执法人员总数的比例（原则上不少于）", "5", Percent,
		"《国务院办公厅关于全面推行行政执法公示制度执法全过程记录制度重大执法决定法制审核制度的指导意见》（国办发〔2018〕118号）", "U", "全国", "2018-12-05",
		"原文表述待核实；统计页据此比较各单位审核人员配备"},
	{"review.approval_office", "报请市政府批准的执法决定：法制办审查期限", "5", Workdays,
		"本市重大行政执法决定报批程序（地方实践，示例）", "U", "慈溪市", "2017-01-01", "自单位报送之日起计算"},
	{"review.approval_government", "报请市政府批准的执法决定：市政府审批期限", "10", Workdays,
		"本市重大行政执法决定报批程序（地方实践，示例）", "U", "慈溪市", "2017-01-01", "自法制办审查后报送之日起计算"},
}
