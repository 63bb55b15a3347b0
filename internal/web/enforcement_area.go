package web

// Enforcement: matters, discretion benchmarks, penalty cases, supervision
// and statistics (issue 5, seed measure 4). This file is the area's entry
// in the shared tables: its routes, pages and navigation. Transfers,
// supervision orders and case evaluation are transfer_area.go's.

func (s *Server) enforcementRoutes() []route {
	page, api := pageRoute, apiRoute
	return []route{
		// Matters and benchmarks: published on the portal (Art. 34), kept by the units.
		page("GET", "/matters", public, s.handleMatterList),
		page("GET", "/matters/new", clerks, s.handleMatterNew),
		page("POST", "/matters", clerks, s.handleMatterCreate),
		page("GET", "/matters/{id}", public, s.handleMatterShow),
		page("GET", "/matters/{id}/edit", clerks, s.handleMatterEdit),
		page("POST", "/matters/{id}", clerks, s.handleMatterUpdate),
		page("GET", "/benchmarks", public, s.handleBenchmarkList),
		page("GET", "/benchmarks/new", clerks, s.handleBenchmarkNew),
		page("POST", "/benchmarks", clerks, s.handleBenchmarkCreate),
		page("GET", "/benchmarks/{id}", public, s.handleBenchmarkShow),

		// Penalty cases: the unit's own, the legal affairs office reads all.
		page("GET", "/cases", internal, s.handleCaseList),
		page("GET", "/cases/new", internal, s.handleCaseNew),
		page("POST", "/cases", internal, s.handleCaseCreate),
		page("GET", "/cases/simple/new", internal, s.handleSimpleNew),
		page("POST", "/cases/simple", internal, s.handleSimpleCreate),
		page("GET", "/cases/stats", internal, s.handleCaseStats),
		page("GET", "/cases/{id}", internal, s.handleCaseShow),
		page("POST", "/cases/{id}/act", internal, s.handleCaseAct),
		page("POST", "/cases/{id}/records", internal, s.handleCaseRecord),
		page("POST", "/cases/{id}/preservation", internal, s.handleCasePreservation),
		page("POST", "/cases/{id}/notes", internal, s.handleCaseNote),
		page("POST", "/cases/{id}/periods", internal, s.handleCasePeriod),
		page("POST", "/cases/{id}/payment", internal, s.handleCasePayment),
		page("POST", "/cases/{id}/disclosure", internal, s.handleCaseDisclose),
		page("GET", "/cases/{id}/file", internal, s.handleCaseFile),
		page("GET", "/cases/{id}/decision.pdf", internal, s.handleDecisionPDF),
		page("GET", "/cases/{id}/notice.pdf", internal, s.handleNoticePDF),

		// Real-time supervision.
		page("GET", "/supervision", internal, s.handleSupervision),
		page("GET", "/supervision/units/{id}", internal, s.handleSupervisionUnit),
		page("POST", "/supervision/flags/{id}/clear", unitAdmins, s.handleFlagClear),

		api("GET", "/matters", public, "执法事项（q、unit_id、category、limit、offset；公众仅见已公布的）", s.apiMatterList),
		api("POST", "/matters", clerks, "新增执法事项（经办人限本单位）", s.apiMatterCreate),
		api("GET", "/matters/{id}", public, "执法事项详情及其裁量基准各版本", s.apiMatterShow),
		api("PUT", "/matters/{id}", clerks, "修改执法事项（须带 version 与 reason）", s.apiMatterUpdate),
		api("GET", "/benchmarks", public, "裁量基准（q、unit_id、matter_id、date：某日施行的版本；all=1：全部版本）", s.apiBenchmarkList),
		api("POST", "/benchmarks", clerks, "发布裁量基准新版本（matter_id、effective_from、tiers；金额单位为分）", s.apiBenchmarkCreate),
		api("GET", "/benchmarks/{id}", public, "裁量基准某一版本及其阶次", s.apiBenchmarkShow),
		api("GET", "/cases", internal, "行政处罚案件（q、unit_id、matter_id、state、procedure、flagged=1、sort、limit、offset；本单位，法制办为全部）", s.apiCaseList),
		api("POST", "/cases", internal, "登记案件来源（普通程序）", s.apiCaseCreate),
		api("POST", "/cases/simple", internal, "当场处罚（简易程序；officer_ids 至少两名有执法资格的人员）", s.apiSimpleCreate),
		api("GET", "/cases/stats", internal, "案件统计（from、to、unit_id）：各单位、状态、事项、月份", s.apiCaseStats),
		api("GET", "/cases/{id}", internal, "案件详情、正在计时的期限和可执行的操作", s.apiCaseShow),
		api("POST", "/cases/{id}/acts", internal, "办理一个环节（action、version、on 及该环节的字段；被法定条件拦截的记入监督）", s.apiCaseAct),
		api("GET", "/cases/{id}/file", internal, "案卷：材料、文书、期间、监督事项", s.apiCaseFile),
		api("POST", "/cases/{id}/records", internal, "登记案卷材料（kind、title、on_date、detail；先行登记保存开始计时）", s.apiCaseRecord),
		api("POST", "/cases/{id}/periods", internal, "延长处罚决定期限或登记不计入期限的期间（rule_key、from、to、days、reason）", s.apiCasePeriod),
		api("POST", "/cases/{id}/preservation", internal, "对先行登记保存作出处理决定（record_id、on、decision）", s.apiCasePreservation),
		api("POST", "/cases/{id}/notes", internal, "登记陈述申辩或负责人集体讨论（kind：defence 或 collective、on、note、version）", s.apiCaseNote),
		api("POST", "/cases/{id}/payment", internal, "批准暂缓或分期缴纳罚款（deferred_until、instalments、reason、version）", s.apiCasePayment),
		api("GET", "/cases/{id}/disclosure", internal, "作出处罚决定的案件按国家行政处罚信息数据项输出（供公示）", s.apiCaseDisclosure),
		api("POST", "/cases/{id}/disclosure", internal, "公示案件的处罚决定：生成公示记录（脱敏、可检索；未成年人不予公示）并停止公示期限计时", s.apiCaseDisclose),
		api("GET", "/supervision", internal, "实时监督：各单位预警和监督事项数，预警与监督事项列表（unit_id、kind、level、open）", s.apiSupervision),
		api("POST", "/supervision/flags/{id}/clear", unitAdmins, "法制办处理监督事项（version、note）", s.apiFlagClear),
	}
}

var enforcementPageNames = []string{
	"enf_case_list", "enf_case_show", "enf_case_form", "enf_simple_form", "enf_case_file", "enf_stats", "enf_supervision",
	"enf_matter_list", "enf_matter_show", "enf_matter_form", "enf_benchmark_list", "enf_benchmark_show", "enf_benchmark_form",
}

// enforcementNav: cases, matters, benchmarks, supervision and statistics
// for staff; the public sees the published matters and benchmarks.
var enforcementNav = navArea{
	Section: "enforcement", Label: "行政执法", Public: "执法事项与裁量基准", Href: "/cases", PublicTo: "/matters",
	Prefixes: []string{"/cases", "/matters", "/benchmarks", "/supervision"},
	SubLabel: "行政执法", SubFor: anyone,
	Sub: []navLink{
		{Href: "/cases", Label: "案件", Visible: internalActor, Not: []string{"/cases/stats"}},
		{Href: "/matters", Label: "执法事项"},
		{Href: "/benchmarks", Label: "裁量基准"},
		{Href: "/supervision", Label: "实时监督", Visible: internalActor, Not: []string{"/supervision/orders"}},
		{Href: "/cases/stats", Label: "统计", Visible: internalActor},
	},
}
