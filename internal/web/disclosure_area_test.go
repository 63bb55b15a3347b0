package web

import (
	"net/url"
	"time"

	"fazhi/internal/account"
	"fazhi/internal/calendar"
	"fazhi/internal/disclosure"
	"fazhi/internal/search"
	"fazhi/internal/store"
)

// disclosureArea is what the area contributes to the shared tests: its rows of
// the permission matrix and sample pages for the render test.
var disclosureArea = areaTest{
	matrix: map[string]string{
		// The public search, records, feed, log and export are everyone's;
		// the management pages are staff's, registration and withdrawal
		// the registrars' (a clerk within their own unit, checked per record).
		"GET /penalties": everyone, "GET /penalties/feed": everyone, "GET /penalties/export": everyone,
		"GET /penalties/withdrawn": everyone, "GET /penalties/{id}": everyone,
		"GET /disclosures": staff, "GET /disclosures/new": registrars, "POST /disclosures": registrars,
		"GET /disclosures/{id}": staff, "POST /disclosures/{id}/change": registrars, "POST /disclosures/{id}/withdraw": registrars,
		"GET /api/v1/penalties": everyone, "GET /api/v1/penalties/withdrawn": everyone, "GET /api/v1/penalties/{id}": everyone,
		"GET /api/v1/disclosures": staff, "POST /api/v1/disclosures": registrars, "GET /api/v1/disclosures/{id}": staff,
		"POST /api/v1/disclosures/{id}/change": registrars, "POST /api/v1/disclosures/{id}/withdraw": registrars,
	},
	fullPages:  disclosureFullPages,
	emptyPages: disclosureEmptyPages,
	wantFull: map[string][]string{
		"dis_search": {"<mark>食品</mark>", "共 <strong>10,000&#43;</strong> 条", "超过一万条", "/penalties/feed?q=", "format=csv", "format=xlsx",
			"慈市监处罚〔2026〕12号", `href="/penalties/7?q=`, "下一页", `value="relevance"`, "李某某"},
		"dis_record": {"慈溪市鑫源电器有限公司", "<mark>食品</mark>", "91330282MA2H8X5Q1", "1.5 万元（15,000.00 元）", "/penalties/7",
			"公示截止期", "内部记录"},
		"dis_withdrawn": {"经行政复议，原行政处罚决定被撤销", "逾期撤回", "按期撤回", "2026-11-25", `href="/penalties/8"`},
		"dis_list": {"慈市监处罚〔2026〕12号", "剩 2 天须撤回", "逾期公示", `title="撤回期限`, "导出 Excel", `href="/disclosures/new"`,
			"公示中", `aria-current="true"`},
		"dis_show": {"内部完整信息", "公众看到的内容", "330282198504121231", "李小红", "李某某", `action="/disclosures/7/withdraw"`,
			`formaction="/disclosures/7/change"`, `name="version" value="2"`, "撤回期限", "剩 2 天", "变更记录", "/penalties/7"},
		"dis_form": {`action="/disclosures"`, `name="party_category"`, `value="fine" checked`, "罚款金额（万元）", "行政处罚决定书文号",
			"7 个工作日", `id="e-decision_number"`, "慈溪市市场监督管理局"},
	},
	wantEmpty: map[string][]string{
		"dis_search":    {"目前还没有公示中的行政处罚决定"},
		"dis_record":    {"公示期限已于", "不再公示"},
		"dis_withdrawn": {"暂无撤回的公示"},
		"dis_list":      {"没有符合条件的公示记录"},
		"dis_show":      {"不予公示", "没有计时的期限", "本决定未公示"},
		"dis_form":      {"您没有可以登记公示的单位"},
	},
}

func sampleDisclosure() disclosure.Record {
	d := func(s string) calendar.Date { v, _ := calendar.ParseDate(s); return v }
	published, changed, due := d("2026-10-12"), d("2026-10-06"), d("2026-10-11")
	r := disclosure.Record{ID: 7, UnitID: 2, PartyName: "慈溪市鑫源电器有限公司", PartyCategory: disclosure.Organisation,
		CreditCode: "91330282MA2H8X5Q1X", LegalRep: "王海峰", LegalRepIDType: disclosure.ResidentIDCard, LegalRepID: "330282198504121231",
		OtherPersons: []string{"李小红"}, DecisionNumber: "慈市监处罚〔2026〕12号", ViolationType: "销售不符合食品安全标准的食品",
		Facts: "经查，当事人销售的食品不合格。消费者李小红投诉。", Basis: "《中华人民共和国食品安全法》第一百二十四条",
		Categories: []disclosure.Category{disclosure.Fine}, Content: "罚款人民币15000元", Fine: 1_500_000, DecidedOn: d("2026-10-01"),
		DisplayUntil: d("2027-10-12"), Agency: "慈溪市市场监督管理局", AgencyCode: "11330282002576046X", DataSource: "慈溪市市场监督管理局",
		Status: disclosure.Changed, PublishDue: d("2026-10-10"), PublishedOn: &published, PublishedLate: true, ChangedOn: &changed,
		WithdrawDue: &due, WithdrawReason: "复议撤销", Version: 2, CreatedAt: renderAt, UpdatedAt: renderAt}
	m := disclosure.Mask(disclosure.DefaultPolicy, r)
	r.Masked = &m
	return r
}

func disclosureFullPages(a account.Actor) map[string]page {
	bp := func(path string) basePage { return base(a, path) }
	rec := sampleDisclosure()
	rec.WithdrawDue = &calendar.Date{Year: 2026, Month: time.October, Day: 11}
	pub := rec
	pub.Status = disclosure.Published
	hit := penaltyHit{Public: pub.Public(), URL: "/penalties/7", Link: "/penalties/7?q=%E9%A3%9F%E5%93%81",
		Title: []search.Segment{{Text: pub.PartyName}}, Snippet: search.Snippet(pub.Masked.Facts, "食品", 120)}
	withdrawn, late := rec, rec
	withdrawn.ID, withdrawn.Status = 8, disclosure.Withdrawn
	on := calendar.Date{Year: 2026, Month: time.November, Day: 25}
	withdrawn.WithdrawnOn, withdrawn.WithdrawDue, withdrawn.WithdrawReason = &on, &on, "经行政复议，原行政处罚决定被撤销"
	late.ID, late.Status, late.WithdrawnLate, late.WithdrawnOn = 9, disclosure.Withdrawn, true, &on
	form := penaltyForm{Q: "食品", Order: "newest", Errors: map[string]string{"to": "截止日期不能早于起始日期"}, To: "2020-01-01"}
	cites := citations{"双公示（7 个工作日）", "《中华人民共和国行政处罚法》第四十八条（3 个工作日）"}
	timer := store.Timer{ID: 1, Name: "withdraw", Label: "决定变更后撤回公示期限", RuleKey: disclosure.RuleWithdraw, Citation: "《行政处罚法》第四十八条",
		PeriodUnit: "workdays", Period: 3, StartedOn: changedDay(), DueOn: renderToday.AddDays(2), State: "running"}
	units := sampleUnits()
	raw := disclosureRaw{Fine: "1.5", DecidedOn: "2026-10-01"}
	return map[string]page{
		"dis_search": &penaltySearchPage{basePage: bp("/penalties"), Form: form, Hits: []penaltyHit{hit}, Total: search.CountCap,
			CountText: "10,000+", Capped: true, Pager: pager{Total: search.CountCap, Limit: 20, Offset: 20, Query: url.Values{"q": {"食品"}}},
			Agencies: units, Categories: categoryOptions(), Parties: partyOptions(), FeedHref: "/penalties/feed?q=%E9%A3%9F%E5%93%81",
			CSVHref: "/penalties/export?format=csv&q=x", XLSXHref: "/penalties/export?format=xlsx&q=x", ExportLimit: 5000},
		"dis_record": &penaltyRecordPage{basePage: bp("/penalties/7"), Rec: pub.Public(), Q: "食品", OnDisplay: true, Internal: true,
			Facts: search.Snippet(pub.Masked.Facts, "食品", 1000)},
		"dis_withdrawn": &penaltyWithdrawnPage{basePage: bp("/penalties/withdrawn"), Rows: []disclosure.Public{withdrawn.Public(), late.Public()},
			Pager: samplePager(60, "")},
		"dis_list": &disclosureListPage{basePage: bp("/disclosures"), Rows: []disclosureRow{{rec, badgeOf(rec, renderToday, cites)},
			{pub, badgeOf(pub, renderToday, cites)}}, Filter: store.DisclosureFilter{Query: "鑫源", UnitID: 2}, Units: units,
			Statuses: disclosureStatuses(), Categories: categoryOptions(), Years: []int{2026, 2025}, Pager: samplePager(120, "鑫源"),
			StatusCounts: []statusCount{{"全部", "", 120, false}, {"公示中", "published", 100, true}}, CanCreate: true},
		"dis_show": &disclosureShowPage{basePage: bp("/disclosures/7"), Rec: pub, Public: pub.Public(), Masked: *pub.Masked,
			Badge: badgeOf(rec, renderToday, cites), Timers: []timerRow{{timer, timerBadge(timer, renderToday, cites)}}, History: sampleHistory(),
			CanChange: true, Form: withdrawForm{On: "2026-10-09"}, formState: formState{Errors: map[string]string{"reason": "必填项为空"},
				Message: "输入有误：理由：必填项为空"}},
		"dis_form": &disclosureFormPage{basePage: bp("/disclosures/new"), PublishRule: "7 个工作日（双公示）",
			Sections:  disclosureSections(rec, raw, units[:2], map[string]string{"decision_number": "应含〔年份〕"}),
			formState: formState{Errors: map[string]string{"decision_number": "应含〔年份〕"}, Message: "输入有误"}},
	}
}

func changedDay() calendar.Date { return renderToday.AddDays(-1) }

func disclosureEmptyPages(a account.Actor) map[string]page {
	b := func(path string) basePage { bp := base(a, path); bp.Flash = ""; return bp }
	expired := sampleDisclosure()
	off := calendar.Date{Year: 2026, Month: time.October, Day: 13}
	expired.Status, expired.ExpiredOn = disclosure.Expired, &off
	withheld := sampleDisclosure()
	withheld.Status, withheld.PublishedOn, withheld.Masked, withheld.WithheldReason = disclosure.Withheld, nil, nil, "当事人为未成年人"
	return map[string]page{
		"dis_search":    &penaltySearchPage{basePage: b("/penalties"), Form: penaltyForm{Order: "newest", Errors: map[string]string{}}},
		"dis_record":    &penaltyRecordPage{basePage: b("/penalties/7"), Rec: expired.Public()},
		"dis_withdrawn": &penaltyWithdrawnPage{basePage: b("/penalties/withdrawn"), Pager: pager{Limit: 50}},
		"dis_list":      &disclosureListPage{basePage: b("/disclosures"), Pager: pager{Limit: 50}},
		"dis_show":      &disclosureShowPage{basePage: b("/disclosures/7"), Rec: withheld, Public: withheld.Public()},
		"dis_form":      &disclosureFormPage{basePage: b("/disclosures/new"), NoUnits: true},
	}
}
