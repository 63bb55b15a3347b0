package web

import (
	"net/url"
	"testing"

	"fazhi/internal/account"
	"fazhi/internal/calendar"
	"fazhi/internal/enforcement"
	"fazhi/internal/org"
	"fazhi/internal/store"
	"fazhi/internal/supervise"
	"fazhi/internal/transfer"
	"fazhi/internal/workflow"
)

// transferArea is what the transfers, orders and evaluations contribute
// to the shared tests: their rows of the permission matrix and sample
// pages for the render test.
var transferArea = areaTest{
	matrix: map[string]string{
		// Transfers: everyone signed in reaches the list and a transfer (the
		// handler narrows to what is addressed to them); the report is the
		// unit's.
		"GET /transfers": accounts, "GET /transfers/new": staff, "POST /transfers": staff,
		"GET /transfers/{id}": accounts, "GET /transfers/{id}/edit": staff, "POST /transfers/{id}": staff,
		"POST /transfers/{id}/act": accounts, "POST /transfers/{id}/opinions": accounts,
		"GET /transfers/{id}/letter.pdf": accounts,
		"GET /api/v1/transfers":          accounts, "POST /api/v1/transfers": staff, "GET /api/v1/transfers/{id}": accounts,
		"PUT /api/v1/transfers/{id}": staff, "POST /api/v1/transfers/{id}/transitions": accounts,
		"POST /api/v1/transfers/{id}/opinions": accounts,
		// Orders: the office issues, units read and reply.
		"GET /supervision/orders": staff, "GET /supervision/orders/new": office, "POST /supervision/orders": office,
		"GET /supervision/orders/{id}": staff, "POST /supervision/orders/{id}/act": staff,
		"GET /supervision/orders/{id}/document.pdf": staff,
		"GET /api/v1/orders":                        staff, "POST /api/v1/orders": office, "GET /api/v1/orders/{id}": staff,
		"POST /api/v1/orders/{id}/transitions": staff,
		// Evaluation: the office runs it, units read their own.
		"GET /evaluations": staff, "GET /evaluations/new": office, "POST /evaluations": office,
		"GET /evaluations/sheets": staff, "GET /evaluations/sheets/new": office, "POST /evaluations/sheets": office,
		"GET /evaluations/sheets/{id}/edit": office, "POST /evaluations/sheets/{id}": office,
		"GET /evaluations/cases/{id}": staff, "POST /evaluations/cases/{id}": office,
		"GET /evaluations/{id}": staff, "POST /evaluations/{id}": office,
		"GET /api/v1/evaluations": staff, "POST /api/v1/evaluations": office, "GET /api/v1/evaluations/sheets": staff,
		"POST /api/v1/evaluations/sheets": office, "GET /api/v1/evaluations/{id}": staff,
		"POST /api/v1/evaluations/{id}/complete": office, "PUT /api/v1/evaluations/cases/{id}": office,
	},
	fullPages:  transferFullPages,
	emptyPages: transferEmptyPages,
	wantFull: map[string][]string{
		"trf_list": {"慈溪某食品有限公司 涉嫌生产、销售不符合安全标准的食品罪案", "市场监管局移送〔2026〕3号", "150,000", "逾期 1 天", "badge-red",
			`title="依据：《行政执法机关移送涉嫌犯罪案件的规定》（国务院令第310号）第八条"`, "公安机关办理中", "导出 Excel", "呈报移送", "row-red"},
		"trf_show": {"案件基本情况", "月饼", "1200 盒", "涉嫌犯罪案件移送书", "办理经过", "签收受理", `name="receipt_no"`, `name="forwarded_to"`,
			`name="item_version" value="4"`, "公安机关作出立案决定期限", "剩 2 天", "监督意见", `action="/transfers/7/opinions"`,
			"/transfers/7/letter.pdf", "专案组", "张三、李四", "变更记录", "/cases/12", "转送机关：必填项为空"},
		"trf_form": {`action="/transfers"`, `name="team"`, `value="21" selected`, "月饼 | 1200 盒", `name="materials"`, `value="letter" checked`,
			"慈溪市公安局", "慈溪市人民检察院", "带入案件信息", "专案组成员：应指定两名或者两名以上行政执法人员组成专案组"},
		"ord_list": {"慈司督〔2026〕4号", "涉企行政检查备案情况", "逾期未回复", "逾期 2 天", "发出督办", "导出 CSV"},
		"ord_show": {"督办内容", "第 1 次", "退回重办", "执行情况未逐项说明", `value="reply"`, `name="text"`, "督办通知书（PDF）", "本市行政执法监督平台运行规则（督办）"},
		"ord_form": {`action="/supervision/orders"`, "个案督办", "10 工作日", `name="case_id"`, `name="transfer_id"`, "督办要求：必填项为空"},
		"eva_list": {"2025年度行政处罚案卷评查", "第 2 版", "已完成", "开始评查批次"},
		"eva_show": {"各单位评查结果", "75.0", "慈溪市市场监督管理局", "不合格", "/evaluations/cases/31", "随机种子", "20251231", "完成评查并公开结果",
			"export=results", "还有 1 件案卷未评分"},
		"eva_score":      {`name="score_3"`, `name="note_3"`, "扣分理由", "第 1 项：扣分须写明理由", "保存评分", "满分 100 分"},
		"eva_sheets":     {"行政处罚案卷评查评分表", "已用于评查批次", "另存为新版本", "执法主体"},
		"eva_sheet_form": {`name="category_1"`, `name="points_4"`, "各项分值合计应为 100 分", "修改理由"},
		"eva_form":       {`name="seed"`, `name="per_unit"`, "第 2 版", `action="/evaluations"`},
	},
	wantEmpty: map[string][]string{
		"trf_list":       {"没有符合条件的移送"},
		"trf_show":       {"当前没有正在计时的期限", "尚未列明涉案物品", "暂无办理记录"},
		"trf_form":       {`action="/transfers"`, "呈报负责人审批"},
		"ord_list":       {"没有符合条件的督办事项"},
		"ord_show":       {"被督办单位尚未回复"},
		"ord_form":       {"请先选择被督办单位"},
		"eva_list":       {"还没有评查批次"},
		"eva_show":       {"本批次没有抽取到案卷"},
		"eva_score":      {"未评"},
		"eva_sheets":     {"还没有评分表"},
		"eva_sheet_form": {"新建评分表"},
		"eva_form":       {"还没有评分表"},
	},
}

func sampleTransfer() transfer.Transfer {
	sent := renderToday.AddDays(-4)
	return transfer.Transfer{ID: 7, Number: "市场监管局移送〔2026〕3号", UnitID: 2, UnitName: "慈溪市市场监督管理局", CaseID: 12,
		CaseNumber: "慈市监罚〔2026〕12号", PartyKind: "organisation", PartyName: "慈溪某食品有限公司", PartyCode: "91330282MA2AB3CD4E",
		Matter: "生产销售不符合食品安全标准的食品", Facts: "经检验，当事人生产的月饼菌落总数超标……", SuspectedCrime: "生产、销售不符合安全标准的食品罪",
		Amount: enforcement.Yuan(150_000), Team: []transfer.Member{{PersonID: 21, Name: "张三"}, {PersonID: 22, Name: "李四"}},
		ReportedOn: renderToday.AddDays(-8), PoliceUnitID: 60, PoliceUnitName: "慈溪市公安局", ProcuratorateUnitID: 59,
		ProcuratorateUnitName: "慈溪市人民检察院", Items: []transfer.Item{{Name: "月饼", Quantity: "1200 盒", Note: "已先行登记保存"}},
		Materials: []string{transfer.Letter, transfer.Report, transfer.Inventory}, SentOn: &sent, State: transfer.Sent,
		StateLabel: transfer.Workflow.StateLabel(transfer.Sent), ItemID: 70, ItemVersion: 4, Version: 3, CreatedAt: renderAt, UpdatedAt: renderAt}
}

func transferFullPages(a account.Actor) map[string]page {
	bp := func(path string) basePage { return base(a, path) }
	t := sampleTransfer()
	filing := clock{Label: "公安机关作出立案决定期限", Citation: "《行政执法机关移送涉嫌犯罪案件的规定》（国务院令第310号）第八条", DueOn: renderToday.AddDays(2), DaysLeft: 2}
	late := filing
	late.DueOn, late.DaysLeft = renderToday.AddDays(-1), -1
	draft := t
	draft.ID, draft.Number, draft.SentOn, draft.State, draft.StateLabel = 8, "", nil, transfer.Reported, "待负责人决定"
	steps := []transfer.Step{
		{ID: 1, Action: "report", Label: "呈报移送报告", On: t.ReportedOn, Party: transfer.Unit, ActorName: "沈佳怡", UnitName: t.UnitName, At: renderAt},
		{ID: 2, Action: "approve", Label: "批准移送", On: t.ReportedOn.AddDays(1), Party: transfer.Unit, ActorName: "罗国强", UnitName: t.UnitName, Note: "同意移送", At: renderAt},
	}
	var actions []workflow.Transition
	for _, name := range []string{"accept", "forward"} {
		tr, _ := transfer.Workflow.Transition(name)
		actions = append(actions, tr)
	}
	staff := []org.Person{{ID: 21, Name: "张三", Post: "执法队员"}, {ID: 23, Name: "王五"}}
	police := []org.Unit{{ID: 60, Name: "慈溪市公安局", Kind: org.Police}}
	procs := []org.Unit{{ID: 59, Name: "慈溪市人民检察院", Kind: org.Procuratorate}}
	cases := []enforcement.Case{{ID: 12, FilingNumber: "慈市监立〔2026〕5号", MatterName: "无照经营", Party: enforcement.Party{Name: "某公司"}, StateLabel: "调查取证"}}
	due := renderToday.AddDays(-2)
	order := supervise.Order{ID: 4, Number: "慈司督〔2026〕4号", UnitID: 2, UnitName: "慈溪市市场监督管理局", Subject: supervise.CaseSubject,
		CaseID: 12, CaseNumber: "慈市监罚〔2026〕12号", Title: "涉企行政检查备案情况", Content: "请报送……", IssuedOn: renderToday.AddDays(-20),
		IssuedBy: "胡晓燕", ReplyDue: &due, ReplyCitation: "本市行政执法监督平台运行规则（督办）", State: supervise.Issued, StateLabel: "待回复",
		ItemVersion: 3, Version: 2,
		Replies: []supervise.Reply{{ID: 1, Round: 1, Text: "已报送", RepliedOn: renderToday.AddDays(-10), RepliedBy: "沈佳怡",
			Outcome: supervise.Returned, Comment: "执行情况未逐项说明", ReviewedOn: &due, ReviewedBy: "胡晓燕"}}}
	reply, _ := supervise.OrderWorkflow.Transition("reply")
	sheet := supervise.Sheet{ID: 2, Name: "行政处罚案卷评查评分表", Version: 2, EffectiveFrom: calendar.Date{Year: 2025, Month: 1, Day: 1}, InUse: true,
		Items: []supervise.SheetItem{{ID: 3, Seq: 1, Category: "执法主体", Text: "主体合法", Points: 20}, {ID: 4, Seq: 2, Category: "事实证据", Text: "证据充分", Points: 80}}}
	completed := renderToday.AddDays(-3)
	batch := supervise.Batch{ID: 5, Name: "2025年度行政处罚案卷评查", Year: 2025, SheetID: 2, SheetName: sheet.Name, SheetVersion: 2,
		ClosedFrom: calendar.Date{Year: 2025, Month: 1, Day: 1}, ClosedTo: calendar.Date{Year: 2025, Month: 12, Day: 31}, PerUnit: 3,
		Seed: 20251231, PassMark: 60, ExcellentMk: 90, Citation: "本市行政执法案卷评查办法", State: supervise.Completed, StartedOn: renderToday.AddDays(-30),
		CompletedOn: &completed, Sampled: 2, Scored: 1, Version: 2}
	scoring := batch
	scoring.State, scoring.CompletedOn = supervise.Scoring, nil
	n95, n55 := 95, 55
	evCases := []supervise.Sampled{
		{ID: 31, BatchID: 5, CaseID: 12, UnitID: 2, UnitName: "慈溪市市场监督管理局", CaseNumber: "慈市监罚〔2025〕1号", CaseTitle: "某公司 无照经营",
			ClosedOn: calendar.Date{Year: 2025, Month: 5, Day: 1}, Total: &n95, Grade: supervise.Excellent, Evaluator: "胡晓燕"},
		{ID: 32, BatchID: 5, CaseID: 13, UnitID: 2, UnitName: "慈溪市市场监督管理局", CaseNumber: "慈市监罚〔2025〕2号", CaseTitle: "某店 超范围经营",
			ClosedOn: calendar.Date{Year: 2025, Month: 6, Day: 1}, Total: &n55, Grade: supervise.Fail, Evaluator: "胡晓燕"},
	}
	return map[string]page{
		"trf_list": &trfListPage{basePage: bp("/transfers"), Rows: []trfRow{{Transfer: t, Clock: &late}, {Transfer: draft}},
			Filter: store.TransferFilter{Query: "食品"}, Units: sampleUnits(), Years: []int{2026, 2025},
			Tabs: []stageTab{{"", "全部", 2, false}, {"police", "公安机关办理中", 1, true}}, Pager: samplePager(60, "食品"), CanNew: true, Overdue: 1},
		"trf_show": &trfShowPage{basePage: bp("/transfers/7"), T: t, Party: transfer.Police, Clocks: []clock{filing}, Steps: steps,
			Actions: actions, Form: trfActForm{Name: "forward", On: renderToday.String()}, CanOpinion: true, CaseHref: caseHref(12),
			History:   sampleHistory(),
			formState: formState{Errors: map[string]string{"forwarded_to": "必填项为空"}, Message: "输入有误：转送机关：必填项为空"}},
		"trf_form": &trfFormPage{basePage: bp("/transfers/new"), T: withoutID(t), AmountText: "150000", ItemsText: itemsText(t.Items),
			Cases: cases, Staff: staff, Police: police, Procuratorates: procs,
			formState: formState{Errors: map[string]string{"team": "应指定两名或者两名以上行政执法人员组成专案组（第五条）"},
				Message: "输入有误：专案组成员：应指定两名或者两名以上行政执法人员组成专案组（第五条）"}},
		"ord_list": &ordListPage{basePage: bp("/supervision/orders"), Rows: orderRows([]supervise.Order{order}, renderToday),
			Filter: store.OrderFilter{Subject: supervise.CaseSubject}, Units: sampleUnits(), Years: []int{2026},
			Tabs: []stageTab{{"", "全部", 1, false}, {"overdue", "逾期未回复", 1, true}}, Pager: samplePager(60, ""), CanNew: true},
		"ord_show": &ordShowPage{basePage: bp("/supervision/orders/4"), O: order, Clock: orderRows([]supervise.Order{order}, renderToday)[0].Clock,
			Actions: []workflow.Transition{reply}, Form: ordActForm{Name: "reply", On: renderToday.String()}, CaseHref: caseHref(12),
			History: sampleHistory()},
		"ord_form": &ordFormPage{basePage: bp("/supervision/orders/new"), O: supervise.Order{UnitID: 2, Subject: supervise.CaseSubject, CaseID: 12},
			Units: sampleUnits(), Cases: cases, Transfers: []transfer.Transfer{t}, ReplyRule: "10 工作日（本市行政执法监督平台运行规则（督办），本地口径）",
			formState: formState{Errors: map[string]string{"content": "必填项为空"}, Message: "输入有误：督办要求：必填项为空"}},
		"eva_list": &evaListPage{basePage: bp("/evaluations"), Batches: []supervise.Batch{batch, scoring}, CanNew: true},
		"eva_show": &evaShowPage{basePage: bp("/evaluations/5"), B: scoring, Cases: evCases, ShowScores: true,
			Results: supervise.Results(evCases), CanScore: true, CanComplete: true, CompleteOn: renderToday.String()},
		"eva_score": &evaScorePage{basePage: bp("/evaluations/cases/31"), C: evCases[0], B: scoring, Sheet: sheet, CanScore: true,
			Points: map[int64]string{3: "15", 4: "80"}, Notes: map[int64]string{}, On: renderToday.String(), CaseHref: caseHref(12),
			formState: formState{Errors: map[string]string{"score_3": "扣分须写明理由"}, Message: "输入有误：第 1 项：扣分须写明理由"}},
		"eva_sheets": &evaSheetsPage{basePage: bp("/evaluations/sheets"), Sheets: []supervise.Sheet{sheet}, CanEdit: true},
		"eva_sheet_form": &evaSheetFormPage{basePage: bp("/evaluations/sheets/2/edit"), Sheet: sheet, Rows: sheetRows(sheet.Items), Reason: "调整",
			formState: formState{Errors: map[string]string{"items": "各项分值合计应为 100 分，现为 105 分"}, Message: "输入有误"}},
		"eva_form": &evaFormPage{basePage: bp("/evaluations/new"), B: supervise.Batch{Name: "2026年度", Year: 2026, SheetID: 2, PerUnit: 3},
			Sheets: []supervise.Sheet{sheet}, Seed: "x", formState: formState{Errors: map[string]string{"seed": "应为正整数，或留空由系统生成"}, Message: "输入有误"}},
	}
}

// withoutID is the transfer as the new-report form holds it.
func withoutID(t transfer.Transfer) transfer.Transfer { t.ID = 0; return t }

func transferEmptyPages(a account.Actor) map[string]page {
	b := func(path string) basePage { bp := base(a, path); bp.Flash = ""; return bp }
	empty := transfer.Transfer{ID: 9, UnitID: 2, UnitName: "慈溪市市场监督管理局", State: transfer.Refused, StateLabel: "不予移送"}
	sheet := supervise.Sheet{ID: 1, Name: "评分表", Version: 1}
	return map[string]page{
		"trf_list":       &trfListPage{basePage: b("/transfers"), Pager: pager{Limit: 50, Query: url.Values{}}},
		"trf_show":       &trfShowPage{basePage: b("/transfers/9"), T: empty},
		"trf_form":       &trfFormPage{basePage: b("/transfers/new")},
		"ord_list":       &ordListPage{basePage: b("/supervision/orders"), Pager: pager{Limit: 50, Query: url.Values{}}},
		"ord_show":       &ordShowPage{basePage: b("/supervision/orders/1"), O: supervise.Order{ID: 1, Number: "慈司督〔2026〕1号", State: supervise.Withdrawn}},
		"ord_form":       &ordFormPage{basePage: b("/supervision/orders/new")},
		"eva_list":       &evaListPage{basePage: b("/evaluations")},
		"eva_show":       &evaShowPage{basePage: b("/evaluations/1"), B: supervise.Batch{ID: 1, Name: "空批次", State: supervise.Completed}, ShowScores: true},
		"eva_score":      &evaScorePage{basePage: b("/evaluations/cases/1"), Sheet: supervise.Sheet{Items: []supervise.SheetItem{{ID: 1, Seq: 1, Category: "甲", Text: "乙", Points: 100}}}},
		"eva_sheets":     &evaSheetsPage{basePage: b("/evaluations/sheets")},
		"eva_sheet_form": &evaSheetFormPage{basePage: b("/evaluations/sheets/new"), Rows: sheetRows(nil)},
		"eva_form":       &evaFormPage{basePage: b("/evaluations/new"), B: supervise.Batch{SheetID: sheet.ID}},
	}
}

// TestTransferNavSection: the orders belong to this area's navigation,
// the enforcement area's real-time supervision page to its own.
func TestTransferNavSection(t *testing.T) {
	for path, section := range map[string]string{
		"/transfers/7": "transfers", "/supervision/orders": "transfers", "/supervision/orders/3": "transfers",
		"/evaluations/sheets": "transfers",
	} {
		if got := buildMenu(actorClerk, path).Section; got != section {
			t.Errorf("%s is in section %q, want %q", path, got, section)
		}
	}
	if got := buildMenu(actorClerk, "/supervision").Section; got == "transfers" {
		t.Errorf("/supervision is in this area's section")
	}
	m := buildMenu(actorCourt, "/transfers")
	if len(m.Sub) != 0 {
		t.Errorf("a partner sees the staff's sub-navigation: %+v", m.Sub)
	}
	found := false
	for _, it := range m.Main {
		if it.Href == "/transfers" && it.Label == "案件移送" && it.Current != "" {
			found = true
		}
	}
	if !found {
		t.Errorf("partner's menu: %+v", m.Main)
	}
}
