package web

import (
	"time"

	"fazhi/internal/account"
	"fazhi/internal/calendar"
	"fazhi/internal/enforcement"
	"fazhi/internal/legalreview"
	"fazhi/internal/rule"
	"fazhi/internal/store"
)

// legalReviewArea is what the area contributes to the shared tests: its rows of
// the permission matrix and sample pages for the render test.
var legalReviewArea = areaTest{
	matrix: map[string]string{
		// The catalogues are public; units and the office keep them.
		"GET /review-catalogs": everyone, "GET /review-catalogs/new": registrars, "POST /review-catalogs": registrars,
		"GET /review-catalogs/{id}": everyone, "GET /review-catalogs/{id}/edit": registrars,
		"POST /review-catalogs/{id}": registrars, "POST /review-catalogs/{id}/publish": registrars,
		// Reviews and approvals are for government staff, scoped per record.
		"GET /legal-reviews": staff, "GET /legal-reviews/new": staff, "POST /legal-reviews": staff,
		"POST /legal-reviews/flags": staff, "GET /legal-reviews/stats": staff, "GET /legal-reviews/reviewers": staff,
		"POST /legal-reviews/reviewers": registrars, "GET /legal-reviews/{id}": staff, "POST /legal-reviews/{id}/assign": staff,
		"POST /legal-reviews/{id}/opinion": staff, "POST /legal-reviews/{id}/resubmit": staff, "POST /legal-reviews/{id}/act": staff,
		"GET /legal-reviews/{id}/materials/{mid}": staff, "GET /legal-reviews/{id}/opinion.pdf": staff,
		"GET /approvals": staff, "GET /approvals/new": staff, "POST /approvals": staff, "GET /approvals/{id}": staff,
		"POST /approvals/{id}/act": staff,

		"GET /api/v1/review-catalogs": everyone, "POST /api/v1/review-catalogs": registrars, "GET /api/v1/review-catalogs/{id}": everyone,
		"PUT /api/v1/review-catalogs/{id}": registrars, "POST /api/v1/review-catalogs/{id}/publish": registrars,
		"GET /api/v1/legal-reviews": staff, "POST /api/v1/legal-reviews": staff, "GET /api/v1/legal-reviews/requirement": staff,
		"PUT /api/v1/legal-reviews/flags": staff, "GET /api/v1/legal-reviews/stats": staff, "GET /api/v1/legal-reviews/reviewers": staff,
		"PUT /api/v1/legal-reviews/reviewers": registrars, "GET /api/v1/legal-reviews/{id}": staff,
		"GET /api/v1/legal-reviews/{id}/candidates": staff, "POST /api/v1/legal-reviews/{id}/assign": staff,
		"POST /api/v1/legal-reviews/{id}/opinion": staff, "POST /api/v1/legal-reviews/{id}/resubmit": staff,
		"POST /api/v1/legal-reviews/{id}/transitions": staff,
		"GET /api/v1/approvals":                       staff, "POST /api/v1/approvals": staff, "GET /api/v1/approvals/{id}": staff,
		"POST /api/v1/approvals/{id}/transitions": staff,
	},
	fullPages:  lrFullPages,
	emptyPages: lrEmptyPages,
	wantFull: map[string][]string{
		"lr_catalog_list": {"罚款数额达到标准（法人或者其他组织 10万元以上）", "现行有效", "草稿（未公布）", "导出 Excel", `href="/review-catalogs/new"`, "第 2 版"},
		"lr_catalog_show": {`action="/review-catalogs/4/publish"`, `name="rev" value="1"`, "第 3 版", "第 2 版", "变更记录", "经过听证程序", "公布日期：必填项为空"},
		"lr_catalog_form": {`name="kind_0"`, `value="fine_at_least" selected`, `name="amount_0"`, `value="100000"`, "修改理由", `name="kind_5"`},
		"lr_list":         {"市场监管局法审〔2026〕3号", "跨部门", "逾期 2 天", "导出 CSV", `title="依据：地方重大行政执法决定法制审核办法（示例）"`, "已提交待分配"},
		"lr_new":          {`enctype="multipart/form-data"`, `name="file_application"`, "必交", "罚款数额达到标准", "承办机构负责人认为需要审核", "须报请市政府批准"},
		"lr_show": {"审核意见书（PDF）", `action="/legal-reviews/9/assign"`, `action="/legal-reviews/9/opinion"`, `name="ok_facts_evidence"`,
			"不可选：", "跨部门协同审核", "补正说明", `action="/legal-reviews/9/resubmit"`, "提请集体讨论", "登记集体讨论结论", "撤回申请",
			"/legal-reviews/9/materials/31", "证据不足", "审核人员：必填项为空"},
		"lr_pool":          {"尚缺 1 人", "此前审核件数", `action="/legal-reviews/reviewers"`, "已取得", "平台 3 件", "5%"},
		"lr_stats":         {"首轮通过率", "50.0%", "执法主体是否合法", "format=xlsx", "1月", "缺 1 人"},
		"lr_approval_list": {"市场监管局报批〔2026〕1号", "法制办审查期限", "剩 2 天"},
		"lr_approval_new":  {"须报请市政府批准", `action="/approvals"`, "报批事项"},
		"lr_approval_show": {`action="/approvals/5/act"`, "市政府批复文号", `value="forward"`, "法制办审查期限"},
	},
	wantEmpty: map[string][]string{
		"lr_catalog_list":  {"没有符合条件的目录"},
		"lr_catalog_show":  {"目录中还没有情形", "没有其他版本"},
		"lr_catalog_form":  {"您没有可制定目录的单位"},
		"lr_list":          {"没有符合条件的审核申请"},
		"lr_new":           {"没有待审核的案件"},
		"lr_show":          {"待分配", "申请信息"},
		"lr_pool":          {"没有符合条件的审核人员", "没有可统计的执法单位"},
		"lr_stats":         {"没有可统计的执法单位"},
		"lr_approval_list": {"没有符合条件的报批记录"},
		"lr_approval_new":  {"没有须报批的案件"},
		"lr_approval_show": {"报批信息"},
	},
}

func lrSampleCatalogs() []legalreview.Catalog {
	pub := calendar.Date{Year: 2025, Month: time.December, Day: 20}
	v2 := legalreview.Catalog{ID: 3, UnitID: 2, UnitName: "慈溪市市场监督管理局", Purpose: legalreview.Review, Version: 2,
		EffectiveFrom: calendar.Date{Year: 2026, Month: time.January, Day: 1}, Basis: "慈市监〔2025〕30号", Published: true, PublishedOn: &pub, Rev: 2,
		Rules: []legalreview.Rule{{Kind: legalreview.FineAtLeast, PartyType: legalreview.Org, Amount: 100000}, {Kind: legalreview.HearingHeld, Note: "含当事人放弃听证的"}}}
	v3 := v2
	v3.ID, v3.Version, v3.Published, v3.PublishedOn, v3.Rev = 4, 3, false, nil, 1
	v3.EffectiveFrom = calendar.Date{Year: 2027, Month: time.January, Day: 1}
	return []legalreview.Catalog{v3, v2}
}

func lrSampleReview() legalreview.Submission {
	assigned := renderToday.AddDays(-9)
	return legalreview.Submission{ID: 9, CaseID: 12, CaseNumber: "市场监管局立〔2026〕12号", CaseTitle: "慈溪某食品有限公司 销售过期食品",
		UnitID: 2, UnitName: "慈溪市市场监督管理局", Number: "市场监管局法审〔2026〕3号", State: legalreview.InReview,
		StateLabel: legalreview.Flow.StateLabel(legalreview.InReview), ItemID: 40, ItemVersion: 4,
		Reasons: []string{"罚款数额达到标准（法人或者其他组织 10万元以上）：对法人或者其他组织罚款 12万元，达到 10万元"}, CatalogID: 3, CatalogVersion: 2,
		DecisionOn: renderToday.AddDays(10), SubmittedOn: renderToday.AddDays(-10), Submitter: "沈佳怡", Round: 2, ReviewerID: 21,
		ReviewerName: "岑丽萍", ReviewerUnitID: 3, ReviewerUnit: "慈溪市交通运输局", Invited: true, InviteReason: "本单位审核人员回避",
		AssignedOn: &assigned, RoundOn: &assigned}
}

func lrSampleRounds() []legalreview.Round {
	due := renderToday.AddDays(-3)
	var findings []legalreview.Finding
	for _, it := range legalreview.Items() {
		f := legalreview.Finding{Item: it, OK: it != legalreview.FactsEvidence}
		if !f.OK {
			f.Comment = "证据不足"
		}
		findings = append(findings, f)
	}
	m := func(id int64, round int, k legalreview.Material) legalreview.MaterialFile {
		return legalreview.MaterialFile{ID: id, ReviewID: 9, Round: round, Kind: k, KindLabel: k.Label(), Filename: string(k) + ".pdf", Size: 2048}
	}
	return []legalreview.Round{
		{Round: 1, SubmittedOn: renderToday.AddDays(-10), Submitter: "沈佳怡", Materials: []legalreview.MaterialFile{m(31, 1, legalreview.Application), m(32, 1, legalreview.DraftDecision)},
			Opinion: &legalreview.Opinion{Round: 1, ReviewerID: 21, Reviewer: "岑丽萍", Findings: findings, Conclusion: legalreview.Revise,
				Summary: "补充进货凭证", GivenOn: renderToday.AddDays(-2), StartedOn: renderToday.AddDays(-9), DueOn: &due}},
		{Round: 2, SubmittedOn: renderToday.AddDays(-1), Submitter: "沈佳怡", Note: "已补充进货凭证"},
	}
}

func lrSampleClock(days int) clock {
	return clock{Label: "出具法制审核意见期限", Citation: "地方重大行政执法决定法制审核办法（示例）", DueOn: renderToday.AddDays(days), DaysLeft: days}
}

func lrSampleCase() *lrCase {
	cat := lrSampleCatalogs()[1]
	c := enforcement.Case{ID: 12, UnitID: 2, UnitName: "慈溪市市场监督管理局", MatterName: "销售过期食品", Procedure: enforcement.Ordinary,
		State: enforcement.Notified, StateLabel: "已告知", FilingNumber: "市场监管局立〔2026〕12号",
		Party: enforcement.Party{Kind: enforcement.Organisation, Name: "慈溪某食品有限公司"}, NoticeFine: enforcement.Yuan(120000), NoticeKinds: "fine"}
	req := store.Requirement{CaseID: 12, On: renderToday, Catalog: &cat,
		Matches:         cat.Applies(legalreview.Facts{PartyType: legalreview.Org, Fine: 120000}),
		ApprovalCatalog: &cat, Approval: cat.Applies(legalreview.Facts{PartyType: legalreview.Org, Fine: 120000})}
	return &lrCase{Case: c, Requirement: req}
}

func lrSampleStats() store.ReviewStats {
	u := store.UnitReviewStats{UnitID: 2, UnitName: "慈溪市市场监督管理局", Submitted: 4, FirstOpinions: 4, FirstPass: 2, Returned: 2,
		Passed: 3, Open: 1, Invited: 1, Opinions: 6, OverdueOpinions: 1, AvgOpinionDays: 4.5, AvgPassDays: 12}
	u.Months[0] = 4
	var findings []store.ItemCount
	for _, it := range legalreview.Items() {
		findings = append(findings, store.ItemCount{Item: it, Label: it.Label(), Count: 1})
	}
	return store.ReviewStats{Year: 2026, Units: []store.UnitReviewStats{u}, Totals: u, Findings: findings,
		Staffing: []store.UnitStaffing{{UnitID: 2, UnitName: "慈溪市市场监督管理局", Staffing: legalreview.StaffingOf(1, 40, 5)}},
		Share:    rule.Rule{Key: "review.reviewer_share", Value: "5", Citation: "国办发〔2018〕118号"}}
}

func lrFullPages(a account.Actor) map[string]page {
	bp := func(path string) basePage { return base(a, path) }
	cats := lrSampleCatalogs()
	rows := catalogRows(a, cats, inForceIDs(cats, renderToday), renderToday)
	for i := range rows {
		rows[i].CanEdit = true
	}
	units := sampleUnits()
	rv := lrSampleReview()
	passed := rv
	passed.ID, passed.Number, passed.State, passed.StateLabel, passed.Invited = 8, "市场监管局法审〔2026〕2号", legalreview.Passed, "审核通过", false
	overdue := lrSampleClock(-2)
	member := legalreview.PoolMember{PersonID: 21, Name: "岑丽萍", UnitID: 2, UnitName: "慈溪市市场监督管理局", Post: "科长",
		Since: calendar.Date{Year: 2024, Month: time.January, Day: 1}, Active: true, PersonActive: true, LegalQualification: true, Reviews: 3, Version: 2}
	novice := member
	novice.PersonID, novice.Name, novice.LegalQualification, novice.Reviews, novice.Active = 22, "赵六", false, 0, false
	ap := legalreview.ApprovalRequest{ID: 5, CaseID: 12, CaseTitle: "慈溪某食品有限公司 销售过期食品", UnitID: 2, UnitName: "慈溪市市场监督管理局",
		Number: "市场监管局报批〔2026〕1号", State: legalreview.OfficeReview, StateLabel: "法制办审查中", ItemID: 41, ItemVersion: 2,
		Reasons: []string{"罚款数额达到标准"}, CatalogID: 3, CatalogVersion: 1, Summary: "拟罚款12万元", DraftedOn: renderToday.AddDays(-3)}
	sent := renderToday.AddDays(-2)
	ap.SentOn = &sent
	apClock := clock{Label: "法制办审查期限", Citation: "本市重大行政执法决定报批程序", DueOn: renderToday.AddDays(2), DaysLeft: 2}
	errs := func(field, msg string) formState {
		return formState{Errors: map[string]string{field: msg}, Message: "输入有误：" + msg}
	}
	return map[string]page{
		"lr_catalog_list": &reviewCatalogListPage{basePage: bp("/review-catalogs"), Rows: rows, Units: units, UnitID: 2, Purpose: "review",
			Pager: samplePager(60, ""), CanAdd: true, Purposes: purposeOptions()},
		"lr_catalog_show": &reviewCatalogShowPage{basePage: bp("/review-catalogs/4"), Catalog: rows[0], Versions: rows[1:], History: sampleHistory(),
			CanEdit: true, PublishOn: "", formState: errs("on", "公布日期：必填项为空")},
		"lr_catalog_form": &catalogFormPage{basePage: bp("/review-catalogs/4/edit"), Catalog: cats[0], Effective: "2027-01-01",
			Rows: catalogRuleRows(cats[0].Rules), Units: units[:2], Purposes: purposeOptions(), Kinds: kindOptions7(), Parties: reviewPartyOptions(),
			Reason: "调整金额", formState: errs("basis", "必填项为空")},
		"lr_list": &lrListPage{basePage: bp("/legal-reviews"), Rows: []lrRow{{rv, &overdue}, {passed, nil}},
			Filter: store.LegalReviewFilter{UnitID: 2, Year: 2026}, Tabs: []statusCount{{"全部", "", 2, true}, {"已提交待分配", "submitted", 0, false}},
			Units: units, Years: years(renderToday), Sorts: []kindOption{{"", "提交日期"}}, Pager: samplePager(60, ""), CanNew: true},
		"lr_new": &lrNewPage{basePage: bp("/legal-reviews/new"), Case: lrSampleCase(), DecisionOn: "2026-10-20",
			Required: legalreview.RequiredMaterials(legalreview.Facts{}), Materials: materialOptions(),
			Flags: legalreview.CaseFlags{CaseID: 12, Referred: true, Note: "负责人提交", Version: 1}, CanSubmit: true, CanFlag: true,
			formState: errs("materials", "缺少 《案件调查终结报告》")},
		"lr_show": &lrShowPage{basePage: bp("/legal-reviews/9"), Review: rv, Case: &lrSampleCase().Case, Rounds: lrSampleRounds(),
			Clocks: []clock{overdue}, History: sampleHistory(), Items: legalreview.Items(),
			Candidates: []store.Candidate{{PoolMember: member, SameUnit: true}, {PoolMember: novice, Refusal: "赵六未取得法律职业资格"}},
			CanAssign:  true, CanOpinion: true, CanExtend: true, CanResubmit: true, CanDiscuss: true, CanDecideDiscussion: true, CanWithdraw: true,
			Form:      lrForm{Action: "assign", On: "2026-10-09", OK: map[string]string{"facts_evidence": "0"}, Comment: map[string]string{"facts_evidence": "缺进货凭证"}},
			formState: errs("reviewer_id", "审核人员：必填项为空")},
		"lr_pool": &lrPoolPage{basePage: bp("/legal-reviews/reviewers"), Members: []legalreview.PoolMember{member, novice},
			Staffing: lrSampleStats().Staffing, Share: lrSampleStats().Share, Units: units, Pager: samplePager(60, ""),
			CanEdit: true, CanPrior: true, People: samplePeople(), Form: legalreview.PoolMember{UnitID: 2}, FormSince: "2026-10-09"},
		"lr_stats": &lrStatsPage{basePage: bp("/legal-reviews/stats"), Year: 2026, Years: years(renderToday), UnitID: 0, Units: units,
			Stats: lrSampleStats(), Months: []int{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12}},
		"lr_approval_list": &apListPage{basePage: bp("/approvals"), Rows: []apRow{{ap, &apClock}}, Units: units,
			States: []kindOption{{"office", "法制办审查中"}}, Pager: samplePager(60, ""), CanNew: true},
		"lr_approval_new": &apNewPage{basePage: bp("/approvals/new"), Case: lrSampleCase(), DecisionOn: "2026-10-20",
			formState: errs("summary", "必填项为空")},
		"lr_approval_show": &apShowPage{basePage: bp("/approvals/5"), A: ap, Clocks: []clock{apClock},
			Actions: []kindOption{{"forward", "法制办审查后报市政府"}, {"office_return", "法制办退回"}}, History: sampleHistory(), Review: &passed,
			Form: lrForm{Action: "forward", On: "2026-10-09"}, Ref: "慈政函〔2026〕5号", formState: errs("government_ref", "必填项为空")},
	}
}

func lrEmptyPages(a account.Actor) map[string]page {
	b := func(path string) basePage { bp := base(a, path); bp.Flash = ""; return bp }
	cat := legalreview.Catalog{ID: 1, UnitName: "空单位", Purpose: legalreview.Review, Version: 1, Published: true}
	return map[string]page{
		"lr_catalog_list":  &reviewCatalogListPage{basePage: b("/review-catalogs"), Pager: pager{Limit: 50}},
		"lr_catalog_show":  &reviewCatalogShowPage{basePage: b("/review-catalogs/1"), Catalog: catalogRow{Catalog: cat}},
		"lr_catalog_form":  &catalogFormPage{basePage: b("/review-catalogs/new")},
		"lr_list":          &lrListPage{basePage: b("/legal-reviews"), Pager: pager{Limit: 50}},
		"lr_new":           &lrNewPage{basePage: b("/legal-reviews/new"), Pager: pager{Limit: 50}},
		"lr_show":          &lrShowPage{basePage: b("/legal-reviews/1"), Review: legalreview.Submission{ID: 1, Number: "空", State: legalreview.Submitted}},
		"lr_pool":          &lrPoolPage{basePage: b("/legal-reviews/reviewers"), Pager: pager{Limit: 50}},
		"lr_stats":         &lrStatsPage{basePage: b("/legal-reviews/stats"), Year: 2026},
		"lr_approval_list": &apListPage{basePage: b("/approvals"), Pager: pager{Limit: 50}},
		"lr_approval_new":  &apNewPage{basePage: b("/approvals/new")},
		"lr_approval_show": &apShowPage{basePage: b("/approvals/1"), A: legalreview.ApprovalRequest{ID: 1, Number: "空"}},
	}
}
