package web

import (
	"net/url"

	"fazhi/internal/account"
	"fazhi/internal/calendar"
	"fazhi/internal/certificate"
	"fazhi/internal/enforcement"
	"fazhi/internal/store"
	"fazhi/internal/workflow"
)

// enforcementArea is what the area contributes to the shared tests: its rows of
// the permission matrix and sample pages for the render test.
// handlers are the unit staff who handle a case; the legal affairs office
// supervises but does not act for the unit.
const handlers = "clerk leader officer reviewer"

var enforcementArea = areaTest{
	matrix: map[string]string{
		// Matters and benchmarks are public (Art. 34); clerks keep their unit's.
		"GET /matters": everyone, "GET /matters/new": registrars, "POST /matters": registrars, "GET /matters/{id}": everyone,
		"GET /matters/{id}/edit": registrars, "POST /matters/{id}": registrars,
		"GET /benchmarks": everyone, "GET /benchmarks/new": registrars, "POST /benchmarks": registrars, "GET /benchmarks/{id}": everyone,
		// Cases are internal: a unit's staff see theirs (the handlers act), the office reads all.
		"GET /cases": staff, "GET /cases/new": staff, "POST /cases": staff, "GET /cases/simple/new": staff, "POST /cases/simple": staff,
		"GET /cases/stats": staff, "GET /cases/{id}": staff, "POST /cases/{id}/act": staff, "POST /cases/{id}/records": staff,
		"POST /cases/{id}/preservation": staff, "POST /cases/{id}/notes": staff, "POST /cases/{id}/periods": staff,
		"POST /cases/{id}/payment": staff, "POST /cases/{id}/disclosure": handlers, "GET /cases/{id}/file": staff, "GET /cases/{id}/decision.pdf": staff,
		"GET /cases/{id}/notice.pdf": staff,
		"GET /supervision":           staff, "GET /supervision/units/{id}": staff, "POST /supervision/flags/{id}/clear": office,
		"GET /api/v1/matters": everyone, "POST /api/v1/matters": registrars, "GET /api/v1/matters/{id}": everyone,
		"PUT /api/v1/matters/{id}": registrars, "GET /api/v1/benchmarks": everyone, "POST /api/v1/benchmarks": registrars,
		"GET /api/v1/benchmarks/{id}": everyone,
		"GET /api/v1/cases":           staff, "POST /api/v1/cases": staff, "POST /api/v1/cases/simple": staff, "GET /api/v1/cases/stats": staff,
		"GET /api/v1/cases/{id}": staff, "POST /api/v1/cases/{id}/acts": staff, "GET /api/v1/cases/{id}/file": staff,
		"POST /api/v1/cases/{id}/records": staff, "POST /api/v1/cases/{id}/periods": staff,
		"POST /api/v1/cases/{id}/preservation": staff, "POST /api/v1/cases/{id}/notes": staff, "POST /api/v1/cases/{id}/payment": staff, "GET /api/v1/cases/{id}/disclosure": staff, "POST /api/v1/cases/{id}/disclosure": handlers,
		"GET /api/v1/supervision": staff, "POST /api/v1/supervision/flags/{id}/clear": office,
	},
	fullPages:  enforcementFullPages,
	emptyPages: enforcementEmptyPages,
	wantFull: map[string][]string{
		"enf_case_list": {"慈溪市某某食品有限公司", "慈市场监管局罚〔2026〕7号", "25,000", "作出处罚决定期限", "逾期 2 天", "row-red", "导出 Excel",
			"登记案件来源", "调查取证 <span class=\"tab-count\">3</span>"},
		"enf_case_show": {"已告知", "作出处罚决定", `name="tier_id"`, "从轻处罚：罚款 10,000 元至 50,000 元", `name="penalty_kinds"`,
			`name="version" value="5"`, "须经法制审核", "超出裁量基准", "违规操作被拦截", "未向当事人告知", "作出处罚决定期限",
			`title="依据：《中华人民共和国行政处罚法》（2021年修订）第六十条（规则 penalty.decide）"`, "现场检查笔录", "事先告知书（PDF）",
			`action="/cases/9/records"`, `action="/cases/9/payment"`, "案情复杂", "拟罚款（元）：请填写", "变更记录"},
		"enf_case_form":      {`action="/cases"`, `name="matter_id"`, "330217001000 销售不符合食品安全标准的食品", `name="party_kind"`, "法人及非法人组织", "当事人：必填项为空"},
		"enf_simple_form":    {`action="/cases/simple"`, `name="officer_ids"`, "浙330282202500001", "无有效证件", "二百元以下"},
		"enf_case_file":      {"执法文书", "行政处罚决定书 慈市场监管局罚〔2026〕7号", "/cases/9/decision.pdf", "现场检查笔录", "待处理决定", "案情复杂", "违规操作被拦截"},
		"enf_stats":          {"按期决定率", "75.0%", "适用裁量基准", "慈溪市市场监督管理局", "合计", "2026-01", "330217001000", "导出 Excel"},
		"enf_supervision":    {"红色预警", "作出处罚决定期限", "逾期 2 天", "涉嫌犯罪未移送", "/supervision/flags/5/clear", `name="note"`, "/supervision/units/2", "导出 CSV"},
		"enf_matter_list":    {"330217001000", "销售不符合食品安全标准的食品", "《中华人民共和国食品安全法》第三十四条", "法定", "导出 Excel"},
		"enf_matter_show":    {"涉嫌犯罪移送标准", "50,000", "现行第 2 版", "从轻处罚", "第 1 版", "发布裁量基准新版本"},
		"enf_matter_form":    {`action="/matters/3"`, `name="reason"`, `name="crime_threshold"`, "执法类别"},
		"enf_benchmark_list": {"2 个裁量阶次", "从轻处罚", "罚款 10,000 元至 50,000 元", "2024-12-31 止", "导出 CSV"},
		"enf_benchmark_show": {"裁量基准第 2 版", "初次违法，货值较小", "罚款、没收违法所得", "发布新版本"},
		"enf_benchmark_form": {`name="tier_name"`, `value="从轻处罚"`, `name="tier_max"`, `value="50000"`, "罚款、没收违法所得", "生效日期：必填项为空"},
	},
	wantEmpty: map[string][]string{
		"enf_case_list":      {"没有符合条件的案件"},
		"enf_case_show":      {"本案没有计时的期限", "案卷中还没有材料"},
		"enf_case_form":      {"只有执法单位的执法人员"},
		"enf_simple_form":    {"只有执法单位的执法人员"},
		"enf_case_file":      {"本案尚未形成", "案卷中还没有材料", "本案没有监督事项"},
		"enf_stats":          {"期间内没有案件"},
		"enf_supervision":    {"没有期限预警", "没有监督事项"},
		"enf_matter_list":    {"没有找到执法事项"},
		"enf_matter_show":    {"目前没有施行的裁量基准"},
		"enf_matter_form":    {"新增执法事项"},
		"enf_benchmark_list": {"没有找到裁量基准"},
		"enf_benchmark_show": {"阶次、适用条件和裁量幅度"},
		"enf_benchmark_form": {"发布裁量基准新版本"},
	},
}

func sampleMatter() enforcement.Matter {
	return enforcement.Matter{ID: 3, UnitID: 2, UnitName: "慈溪市市场监督管理局", Code: "330217001000", Name: "销售不符合食品安全标准的食品",
		Category: "食品药品安全", BasisLaw: "《中华人民共和国食品安全法》", BasisArticle: "第三十四条", PenaltyBasis: "第一百二十四条",
		PowerSource: certificate.Statutory, CrimeThreshold: enforcement.Yuan(50000), CrimeBasis: "立案追诉标准（一）", Published: true, Active: true,
		Version: 2, CreatedAt: renderAt, UpdatedAt: renderAt}
}

func sampleBenchmarks() []enforcement.Benchmark {
	max1, max2 := enforcement.Yuan(50000), enforcement.Yuan(100000)
	end := calendar.Date{Year: 2024, Month: 12, Day: 31}
	tiers := []enforcement.Tier{
		{ID: 41, BenchmarkID: 8, Seq: 1, Name: "从轻处罚", Conditions: "初次违法，货值较小", PenaltyKinds: "fine,confiscate_gains", MinFine: enforcement.Yuan(10000), MaxFine: &max1},
		{ID: 42, BenchmarkID: 8, Seq: 2, Name: "一般处罚", Conditions: "一般情节", PenaltyKinds: "fine", MinFine: enforcement.Yuan(50000), MaxFine: &max2},
	}
	return []enforcement.Benchmark{
		{ID: 8, MatterID: 3, MatterCode: "330217001000", MatterName: "销售不符合食品安全标准的食品", UnitID: 2, UnitName: "慈溪市市场监督管理局",
			Version: 2, EffectiveFrom: calendar.Date{Year: 2025, Month: 1, Day: 1}, Source: "市场监管裁量基准（2025）", Published: true, Tiers: tiers},
		{ID: 7, MatterID: 3, MatterCode: "330217001000", MatterName: "销售不符合食品安全标准的食品", UnitID: 2, UnitName: "慈溪市市场监督管理局",
			Version: 1, EffectiveFrom: calendar.Date{Year: 2022, Month: 1, Day: 1}, EffectiveTo: &end, Published: true, Tiers: tiers[:1]},
	}
}

func sampleCase() enforcement.Case {
	d := func(n int) *calendar.Date { x := renderToday.AddDays(n); return &x }
	return enforcement.Case{ID: 9, UnitID: 2, UnitName: "慈溪市市场监督管理局", MatterID: 3, MatterCode: "330217001000",
		MatterName: "销售不符合食品安全标准的食品", MatterCategory: "食品药品安全", Procedure: enforcement.Ordinary, State: enforcement.Notified,
		StateLabel: "已告知", ItemVersion: 5, FilingNumber: "市场监管局立〔2026〕3号", DecisionNumber: "慈市场监管局罚〔2026〕7号",
		Source: "complaint", SourceOn: renderToday.AddDays(-95),
		Party: enforcement.Party{Kind: enforcement.Organisation, Name: "慈溪市某某食品有限公司", Code: "91330282MA2AAAAA0X", LegalRep: "王某"},
		Facts: "销售过期食品。", FiledOn: d(-92), ReportOn: d(-30), AmountInvolved: enforcement.Yuan(8000), IllegalGains: enforcement.Yuan(2000),
		Officers:    []enforcement.CaseOfficer{{PersonID: 21, Name: "张三", Role: "主办", Certificate: "浙330282202500001"}, {PersonID: 22, Name: "李四", Role: "协办"}},
		BenchmarkID: 8, BenchmarkVersion: 2, TierID: 41, TierName: "从轻处罚", OutsideBenchmark: true, DeviationReason: "主动消除危害后果",
		NoticeOn: d(-5), NoticeFine: enforcement.Yuan(5000), NoticeKinds: "fine", ReviewRequired: true, Outcome: enforcement.Penalised,
		DecidedOn: d(-1), PenaltyKinds: "fine", Fine: enforcement.Yuan(25000), Version: 7, CreatedAt: renderAt, UpdatedAt: renderAt}
}

func sampleTimers() []store.Timer {
	return []store.Timer{
		{ID: 1, Name: enforcement.TimerDecide, Label: "作出处罚决定期限", RuleKey: "penalty.decide", Citation: "《中华人民共和国行政处罚法》（2021年修订）第六十条",
			StartedOn: renderToday.AddDays(-92), DueOn: renderToday.AddDays(-2), State: "running"},
		{ID: 2, Name: enforcement.TimerFiling, Label: "立案审批期限", RuleKey: "penalty.filing_decision", Citation: "《市场监督管理行政处罚程序规定》",
			StartedOn: renderToday.AddDays(-95), DueOn: renderToday.AddDays(-80), State: "stopped"},
	}
}

func sampleFlags() []enforcement.Flag {
	return []enforcement.Flag{
		{ID: 4, UnitID: 2, UnitName: "慈溪市市场监督管理局", CaseID: 9, CaseTitle: "慈溪市某某食品有限公司 销售不符合食品安全标准的食品",
			Kind: enforcement.FlagBlocked, KindLabel: "违规操作被拦截", Act: "decide", Message: "未向当事人告知拟作出的行政处罚内容，不得作出行政处罚决定",
			RaisedOn: renderToday.AddDays(-6), ActorName: "张三", Version: 1},
		{ID: 5, UnitID: 2, UnitName: "慈溪市市场监督管理局", CaseID: 9, Kind: enforcement.FlagCrimeRisk, KindLabel: "涉嫌犯罪未移送（以罚代刑风险）",
			Message: "涉案金额达到移送标准", RaisedOn: renderToday.AddDays(-1), Version: 1},
	}
}

func enforcementFullPages(a account.Actor) map[string]page {
	bp := func(path string) basePage { return base(a, path) }
	m := sampleMatter()
	bs := sampleBenchmarks()
	c := sampleCase()
	timers := sampleTimers()
	flags := sampleFlags()
	clock := timers[0]
	records := []enforcement.CaseRecord{
		{ID: 1, CaseID: 9, Kind: enforcement.RecRecord, Title: "现场检查笔录", OnDate: renderToday.AddDays(-90)},
		{ID: 2, CaseID: 9, Kind: enforcement.RecPreservation, Title: "先行登记保存通知书", OnDate: renderToday.AddDays(-3)},
	}
	to := renderToday.AddDays(-60)
	periods := []enforcement.Period{{ID: 1, CaseID: 9, Kind: enforcement.PeriodExtension, RuleKey: "penalty.decide_extension",
		Citation: "《市场监督管理行政处罚程序规定》第六十四条", From: renderToday.AddDays(-10), Days: 30, Reason: "案情复杂"},
		{ID: 2, CaseID: 9, Kind: enforcement.PeriodPause, RuleKey: "penalty.pause_testing", From: renderToday.AddDays(-70), To: &to, Days: 11, Reason: "送检"}}
	var acts []workflow.Transition
	for _, name := range []string{enforcement.ActDecide, enforcement.ActRequestHearing, enforcement.ActNoPenalty, enforcement.ActHoldHearing,
		enforcement.ActFile, enforcement.ActReport, enforcement.ActNotify, enforcement.ActDeliver, enforcement.ActExecute, enforcement.ActTransfer} {
		t, _ := enforcement.OrdinaryProcedure.Transition(name)
		acts = append(acts, t)
	}
	show := &caseShowPage{basePage: bp("/cases/9"), Case: c, History: sampleHistory(), Timers: timers, Acts: acts, Records: records, Periods: periods, Flags: flags,
		Officers:  []officerChoice{{PersonID: 21, Name: "张三", Certificate: "浙330282202500001"}, {PersonID: 23, Name: "王五"}},
		Benchmark: &bs[0], Reasons: enforcement.ReviewReasons(c), CanHandle: true, Open: true, Kinds: enforcement.PenaltyKinds,
		NoPenaltyReasons: enforcement.NoPenaltyReasons, Delivery: enforcement.DeliveryMethods, OpenPreservation: &records[1],
		Form: map[string]string{"on": "2026-10-01"}, FormAct: enforcement.ActNotify,
		formState: formState{Errors: map[string]string{"notice_fine": "请填写"}, Message: "拟罚款（元）：请填写"}}
	for _, k := range enforcement.RecordKinds {
		if k.Entry {
			show.RecordKinds = append(show.RecordKinds, k.Option)
		}
	}
	for _, pr := range enforcement.PeriodRules {
		show.PeriodRules = append(show.PeriodRules, enforcement.Option{Value: pr.Key, Label: pr.Label})
	}
	c.State = enforcement.Executing
	show.Case.State = enforcement.Executing
	q := url.Values{"state": {"filed"}}
	stats := store.CaseStats{
		Units: []store.CaseStatRow{{UnitID: 2, UnitName: "慈溪市市场监督管理局", Registered: 10, Filed: 8, Simple: 2, Open: 3, Decisions: 4,
			OnTime: 3, Late: 1, WithBenchmark: 4, Fines: enforcement.Yuan(120000), WarningsRaised: 5, WarningsCleared: 3, FlagsRaised: 2}},
		States:  []store.Count{{Key: "filed", Label: "调查取证", Count: 3}},
		Matters: []store.Count{{Key: "330217001000", Label: "销售不符合食品安全标准的食品", Count: 4, Amount: enforcement.Yuan(120000)}},
		Months:  []store.Count{{Key: "2026-01", Label: "2026-01", Count: 3, Extra: 1, Amount: enforcement.Yuan(20000)}},
	}
	stats.Total = stats.Units[0]
	stats.Total.UnitName = "合计"
	supUnits := []store.SupervisionUnit{{UnitID: 2, UnitName: "慈溪市市场监督管理局", Yellow: 1, Red: 2, Open: 3,
		Flags: map[string]int{enforcement.FlagBlocked: 1, enforcement.FlagCrimeRisk: 1}}}
	warn := store.CaseWarning{Warning: store.Warning{ID: 1, Level: store.Red, RaisedAt: renderAt, Timer: clock}, CaseID: 9,
		UnitName: "慈溪市市场监督管理局", CaseTitle: c.Title()}
	sup := &supervisionPage{basePage: bp("/supervision"), Units: supUnits, Total: supUnits[0], Warnings: []store.CaseWarning{warn},
		WarnPage: pager{Total: 1, Limit: 50, Query: url.Values{}}, Flags: flags, FlagPage: pager{Total: 2, Limit: 50, Query: url.Values{}},
		Kinds: enforcement.FlagKinds, Timers: []kindOption{{"decide", "作出处罚决定期限"}}, Filter: supervisionFilter{Open: "1"}, CanClear: true}
	rows := []tierRow{rowOfTier(bs[0].Tiers[0])}
	return map[string]page{
		"enf_case_list": &caseListPage{basePage: bp("/cases"), Cases: []caseRow{{Case: c, Clock: &clock}}, Filter: store.CaseFilter{},
			Tabs:  []statusCount{{Label: "全部", Value: "", Count: 5}, {Label: "调查取证", Value: "filed", Count: 3, Current: true}},
			Pager: pager{Total: 1, Limit: 50, Query: q}, CanRegister: true, Sorts: []kindOption{{"", "最近登记"}}},
		"enf_case_show": show,
		"enf_case_form": &caseFormPage{basePage: bp("/cases/new"), Case: c, Matters: []enforcement.Matter{m}, Sources: enforcement.Sources,
			PartyKinds: enforcement.PartyKinds, CanRegister: true, Money: map[string]string{"amount_involved": "8000"},
			formState: formState{Errors: map[string]string{"party_name": "必填项为空"}, Message: "当事人：必填项为空"}},
		"enf_simple_form": &caseFormPage{basePage: bp("/cases/simple/new"), Case: c, Matters: []enforcement.Matter{m}, Simple: true,
			PartyKinds: enforcement.PartyKinds, Kinds: enforcement.PenaltyKinds[:3], CanRegister: true, Money: map[string]string{},
			Officers: []officerChoice{{PersonID: 21, Name: "张三", Certificate: "浙330282202500001", Checked: true}, {PersonID: 23, Name: "王五"}}},
		"enf_case_file": &caseFilePage{basePage: bp("/cases/9/file"), Case: c, Records: records, Periods: periods, Timers: timers, Flags: flags,
			Documents: caseDocuments(sampleCase())},
		"enf_stats":       &caseStatsPage{basePage: bp("/cases/stats"), Stats: stats, Units: sampleUnits(), From: "2026-01-01", To: "2026-10-09"},
		"enf_supervision": sup,
		"enf_matter_list": &matterListPage{basePage: bp("/matters"), Matters: []enforcement.Matter{m}, Units: sampleUnits(),
			Pager: pager{Total: 1, Limit: 50, Query: url.Values{}}, CanAdd: true},
		"enf_matter_show": &matterShowPage{basePage: bp("/matters/3"), Matter: m, Versions: bs, Current: &bs[0], CanEdit: true,
			History: sampleHistory()},
		"enf_matter_form": &matterFormPage{basePage: bp("/matters/3/edit"), Matter: m, Units: sampleUnits(), PowerSources: powerSources(), Threshold: "50000"},
		"enf_benchmark_list": &benchmarkListPage{basePage: bp("/benchmarks"), Benchmarks: bs, Units: sampleUnits(), On: "2026-10-09", Tiers: 2,
			Pager: pager{Total: 2, Limit: 50, Query: url.Values{}}, CanAdd: true},
		"enf_benchmark_show": &benchmarkShowPage{basePage: bp("/benchmarks/8"), Benchmark: bs[0], Matter: m, CanAdd: true},
		"enf_benchmark_form": &benchmarkFormPage{basePage: bp("/benchmarks/new"), Matter: m, EffectiveFrom: "", Rows: append(rows, tierRow{}),
			Kinds: enforcement.PenaltyKinds, formState: formState{Errors: map[string]string{"effective_from": "必填项为空"}, Message: "生效日期：必填项为空"}},
	}
}

func enforcementEmptyPages(a account.Actor) map[string]page {
	bp := func(path string) basePage { return base(a, path) }
	c := enforcement.Case{ID: 10, Procedure: enforcement.Ordinary, State: enforcement.Registered, StateLabel: "待立案", Party: enforcement.Party{Name: "某人"}}
	empty := pager{Query: url.Values{}}
	return map[string]page{
		"enf_case_list":      &caseListPage{basePage: bp("/cases"), Pager: empty},
		"enf_case_show":      &caseShowPage{basePage: bp("/cases/10"), Case: c, Form: map[string]string{}},
		"enf_case_form":      &caseFormPage{basePage: bp("/cases/new")},
		"enf_simple_form":    &caseFormPage{basePage: bp("/cases/simple/new"), Simple: true},
		"enf_case_file":      &caseFilePage{basePage: bp("/cases/10/file"), Case: c},
		"enf_stats":          &caseStatsPage{basePage: bp("/cases/stats")},
		"enf_supervision":    &supervisionPage{basePage: bp("/supervision"), Filter: supervisionFilter{Open: "1"}, WarnPage: empty, FlagPage: empty},
		"enf_matter_list":    &matterListPage{basePage: bp("/matters"), Pager: empty},
		"enf_matter_show":    &matterShowPage{basePage: bp("/matters/3"), Matter: enforcement.Matter{ID: 3, Name: "某事项", Published: true, Active: true}},
		"enf_matter_form":    &matterFormPage{basePage: bp("/matters/new")},
		"enf_benchmark_list": &benchmarkListPage{basePage: bp("/benchmarks"), Pager: empty},
		"enf_benchmark_show": &benchmarkShowPage{basePage: bp("/benchmarks/9"), Benchmark: enforcement.Benchmark{ID: 9, Version: 1}},
		"enf_benchmark_form": &benchmarkFormPage{basePage: bp("/benchmarks/new"), Rows: []tierRow{{}}},
	}
}
