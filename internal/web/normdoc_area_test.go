package web

import (
	"net/url"
	"time"

	"fazhi/internal/account"
	"fazhi/internal/calendar"
	"fazhi/internal/normdoc"
	"fazhi/internal/store"
	"fazhi/internal/workflow"
)

// normdocArea is what the area contributes to the shared tests: its rows of
// the permission matrix and sample pages for the render test.
var normdocArea = areaTest{
	matrix: map[string]string{
		// Unit staff read their unit's documents and campaigns, clerks
		// register and propose, the legal affairs office records effects,
		// runs cleanups and publishes; everyone reads the published catalogs.
		"GET /normdocs": staff, "GET /normdocs/new": registrars, "POST /normdocs": registrars, "GET /normdocs/stats": staff,
		"GET /normdocs/{id}": staff, "GET /normdocs/{id}/edit": registrars, "POST /normdocs/{id}": registrars,
		"POST /normdocs/{id}/transition": staff, "POST /normdocs/{id}/effects": office,
		"POST /normdocs/{id}/attachments": registrars, "GET /normdocs/{id}/attachments/{file}": staff,
		"POST /normdocs/{id}/evaluation": registrars,
		"GET /cleanups":                  staff, "GET /cleanups/new": office, "POST /cleanups": office, "GET /cleanups/{id}": staff,
		"POST /cleanups/{id}/launch": office, "POST /cleanups/{id}/proposals": registrars, "POST /cleanups/{id}/review": office,
		"POST /cleanups/{id}/decision": office,
		"GET /catalogs":                everyone, "POST /catalogs": office, "GET /catalogs/{id}": everyone, "GET /catalogs/documents/{id}": everyone,
		"GET /catalogs/documents/{id}/attachments/{file}": everyone,
		"GET /api/v1/normdocs":                            staff, "POST /api/v1/normdocs": registrars, "GET /api/v1/normdocs/stats": staff,
		"GET /api/v1/normdocs/evaluations": staff, "GET /api/v1/normdocs/{id}": staff, "PUT /api/v1/normdocs/{id}": registrars,
		"POST /api/v1/normdocs/{id}/transitions": staff, "POST /api/v1/normdocs/{id}/effects": office,
		"POST /api/v1/normdocs/{id}/attachments": registrars, "POST /api/v1/normdocs/{id}/evaluation": registrars,
		"GET /api/v1/cleanups": staff, "POST /api/v1/cleanups": office, "GET /api/v1/cleanups/{id}": staff,
		"GET /api/v1/cleanups/{id}/items": staff, "POST /api/v1/cleanups/{id}/launch": office,
		"POST /api/v1/cleanups/{id}/proposals": registrars, "POST /api/v1/cleanups/{id}/review": office,
		"POST /api/v1/cleanups/{id}/decision": office,
		"GET /api/v1/catalogs":                everyone, "POST /api/v1/catalogs": office, "GET /api/v1/catalogs/{id}": everyone,
		"GET /api/v1/catalogs/documents/{id}": everyone,
	},
	fullPages:  normdocFullPages,
	emptyPages: normdocEmptyPages,
	wantFull: map[string][]string{
		"normdoc_list": {"慈溪市户外广告设置管理办法", "慈政发〔2017〕12号", "CXSG—2017—9", "badge-green", "有效", "废止", "导出 Excel",
			"有效期届满前评估", "剩 20 天", `title="依据：地方规范性文件管理规定`, `name="as_of"`, "2016-06-30", `href="/normdocs/new"`},
		"normdoc_show": {"慈溪市户外广告设置管理办法", "效力状态时间线", "效力变化台账", "被修改", "慈政发〔2019〕3号", `action="/normdocs/7/transition"`,
			`value="file"`, `action="/normdocs/7/effects"`, `action="/normdocs/7/evaluation"`, `action="/normdocs/7/attachments"`,
			`enctype="multipart/form-data"`, "/normdocs/7/attachments/3", "正文.pdf", "第一条", "报送备案", "变更记录", "公众页面",
			"（牵头）", "浒山街道"},
		"normdoc_form": {`action="/normdocs/7"`, `name="version" value="2"`, `name="co_issuers"`, `value="approval" checked`,
			"文号“慈政发2017”格式不对", "修改理由", "规范性文件有效期 5 年"},
		"normdoc_stats": {"全面清理 <strong>3</strong> 次", "专项清理 <strong>2</strong> 次", "废止规范性文件 <strong>151</strong> 件",
			"2017年放管服改革涉及的行政规范性文件清理", "392", "559", "2017-09-28", "format=xlsx", "逐年变化"},
		"normdoc_cleanup_list": {"2017年放管服改革涉及的行政规范性文件清理", `href="/cleanups/new"`, "已决定", "清理中", "逾期",
			"下次全面清理应于"},
		"normdoc_cleanup_form": {`action="/cleanups"`, "清理名称：必填项为空", `name="reform_tags"`, `name="levels"`, `name="unit_ids"`},
		"normdoc_cleanup_show": {"各单位进度", "逾期未报 2 件", "row-red", `action="/cleanups/4/review?`, `name="item" value="31:2"`,
			"审核通过", "退回单位修改", "慈溪市户外广告设置管理办法", "谁实施谁清理", "政府决定", "导出 Excel"},
		"normdoc_catalog_list": {"历次公布的目录", "2017年放管服改革涉及的行政规范性文件清理后的规范性文件目录", "901", `action="/catalogs"`,
			`href="/catalogs/5"`, "查询最新目录"},
		"normdoc_catalog_show": {"继续有效的规范性文件目录", "废止的规范性文件目录", "format=pdf", "format=xlsx", "慈溪市户外广告设置管理办法",
			"/catalogs/documents/7", `aria-current="true"`},
		"normdoc_public_doc": {"慈溪市户外广告设置管理办法", "效力状态时间线", "不得作为行政管理的依据", "/catalogs/documents/7/attachments/3", "第一条"},
	},
	wantEmpty: map[string][]string{
		"normdoc_list":         {"没有符合条件的文件"},
		"normdoc_show":         {"文件尚未公布", "没有效力变化记录", "没有附件", "未录入正文"},
		"normdoc_form":         {`action="/normdocs"`, "登记起草文件"},
		"normdoc_stats":        {"期间没有清理"},
		"normdoc_cleanup_list": {"还没有清理"},
		"normdoc_cleanup_form": {`action="/cleanups"`},
		"normdoc_cleanup_show": {"按当前范围没有选出文件"},
		"normdoc_catalog_list": {"还没有公布目录"},
		"normdoc_catalog_show": {"没有符合条件的文件"},
		"normdoc_public_doc":   {"正文请见附件"},
	},
}

func ndDay(s string) calendar.Date {
	d, err := calendar.ParseDate(s)
	if err != nil {
		panic(err)
	}
	return d
}

func ndPtr(s string) *calendar.Date { d := ndDay(s); return &d }

func sampleNormdoc() normdoc.Document {
	return normdoc.Document{ID: 7, Title: "慈溪市户外广告设置管理办法", Number: "慈政发〔2017〕12号", RegNumber: "CXSG—2017—9",
		LeadUnitID: 2, LeadUnitName: "慈溪市市场监督管理局", LeadUnitKind: "department",
		Issuers:       []normdoc.Issuer{{UnitID: 2, Name: "慈溪市市场监督管理局", Lead: true}, {UnitID: 3, Name: "浒山街道"}},
		ImplementerID: 2, ImplementerName: "慈溪市市场监督管理局", SignedOn: ndPtr("2017-02-20"), PublishedOn: ndPtr("2017-03-01"),
		EffectiveOn: ndPtr("2017-04-01"), ExpiryOn: ndPtr("2022-03-31"), LegalBasis: "《中华人民共和国广告法》", Subjects: []string{"市场监管"},
		ReformTags: []string{"approval"}, FullText: "第一条　为了规范户外广告设置……\n第二条　本办法适用于……", State: normdoc.StPublished,
		PublicationURL: "http://www.cixi.gov.cn/art/2017/3/1/art_1.html", Version: 2, UpdatedAt: renderAt}
}

func normdocFullPages(a account.Actor) map[string]page {
	bp := func(path string) basePage { return base(a, path) }
	doc := sampleNormdoc()
	effects := []normdoc.Effect{{ID: 1, Kind: normdoc.Amend, DocID: 7, EffectiveOn: ndDay("2019-01-01"), Result: normdoc.Amended,
		DecisionNumber: "慈政发〔2019〕3号", Note: "删除第五条"}, {ID: 2, Kind: normdoc.Repeal, DocID: 7, EffectiveOn: ndDay("2021-06-01"),
		Result: normdoc.Abolished, CampaignID: 4, DecisionNumber: "慈政发〔2021〕5号"}}
	rows := []store.NormdocRow{{Document: doc, Status: normdoc.InForce},
		{Document: normdoc.Document{ID: 8, Title: "慈溪市旧办法", Number: "慈政发〔2012〕1号", State: "abolished"}, Status: normdoc.Abolished,
			StatusOn: ndPtr("2017-09-28"), StatusBasis: "慈政发〔2017〕95号"}}
	ev := evalRow{Evaluation: store.Evaluation{ID: 1, DocID: 7, Title: doc.Title, Number: doc.Number, UnitID: 2, UnitName: "慈溪市市场监督管理局",
		ExpiryOn: renderToday.AddDays(20), OpenedOn: renderToday.AddDays(-160), State: store.EvalOpen, Version: 1}, DaysLeft: 20,
		Citation: "地方规范性文件管理规定：有效期届满前 6 个月评估"}
	due := renderToday.AddDays(3)
	timers := []store.Timer{{ID: 1, Name: "filing", RuleKey: "normdoc.filing", Citation: "地方规范性文件备案规定", PeriodUnit: "days",
		Period: 15, StartedOn: renderToday.AddDays(-12), DueOn: due, State: "running"}}
	campaign := normdoc.Campaign{ID: 4, Name: "2017年放管服改革涉及的行政规范性文件清理", Kind: normdoc.Special, Basis: "慈政办发〔2017〕88号",
		Scope: normdoc.Scope{AsOf: ndDay("2017-07-01")}, Deadline: renderToday.AddDays(-5), State: normdoc.Open,
		LaunchedOn: ndPtr("2017-07-10"), Version: 3}
	decided := campaign
	decided.ID, decided.State, decided.DecidedOn, decided.DecisionNumber = 3, normdoc.Decided, ndPtr("2017-09-28"), "慈政发〔2017〕95号"
	stat := store.CampaignStat{Campaign: decided, Scope: 951, ScopeGov: 392, ScopeUnit: 559, Continue: 876, Amend: 24, Abolish: 36,
		Declare: 15, Abolished: 36, Declared: 15, Amended: 24}
	item := store.CleanupItem{ID: 31, CampaignID: 4, DocID: 7, Title: doc.Title, Number: doc.Number, Issuer: "慈溪市人民政府",
		Level: normdoc.GovernmentLevel, UnitID: 2, UnitName: "慈溪市市场监督管理局", Basis: normdoc.ByImplementation, State: normdoc.Submitted,
		Proposal: normdoc.Proposal{Outcome: normdoc.AbolishIt, Reason: "approval", Detail: "审批事项已取消", Version: 2}, ProposedBy: "沈佳怡",
		ProposedOn: ndPtr("2017-08-20")}
	returned := item
	returned.ID, returned.State, returned.ReviewComment = 32, normdoc.Returned, "请补充条款"
	pub := normdoc.Publication{ID: 5, Title: "2017年放管服改革涉及的行政规范性文件清理后的规范性文件目录", AsOf: ndDay("2017-09-28"),
		Since: ndPtr("2017-07-01"), PublishedOn: ndDay("2017-10-16"), CampaignID: 3, InForce: 901, Abolished: 36, Expired: 15,
		Note: "公告"}
	entries := []normdoc.Entry{{Catalog: normdoc.ValidCatalog, Seq: 1, DocID: 7, Title: doc.Title, Number: doc.Number, RegNumber: doc.RegNumber,
		Issuers: "慈溪市人民政府", Level: normdoc.GovernmentLevel, EffectiveOn: doc.EffectiveOn, ExpiryOn: doc.ExpiryOn, Status: normdoc.InForce}}
	lifeItem := workflow.Item{State: normdoc.StPublished}
	actions := normdoc.Lifecycle.Available(lifeItem, account.Actor{UserID: 9, Roles: []account.Role{account.LegalOffice}})
	q := url.Values{"q": {"户外"}}
	return map[string]page{
		"normdoc_list": &normdocListPage{basePage: bp("/normdocs"), Docs: rows, Filter: store.NormdocFilter{Query: "户外", AsOf: ndDay("2016-06-30")},
			AsOf: "2016-06-30", Counts: []store.StatusCount{{Status: normdoc.InForce, Count: 900}, {Status: normdoc.Abolished, Count: 151}},
			Units: sampleUnits(), Statuses: statusOptions(), States: stateOptions(), Levels: levelOptions(), Reforms: reformOptions(),
			Evaluations: []evalRow{ev}, Pager: samplePager(120, "户外"), CanCreate: true},
		"normdoc_show": &normdocShowPage{basePage: bp("/normdocs/7"), Doc: doc, Status: normdoc.Amended, StateLabel: "已公布（待备案）",
			Timeline: normdoc.Timeline(doc.Dates(), effects[:1]), Effects: effects[:1],
			Caused:      []store.NormdocRow{rows[1]},
			Attachments: []normdoc.Attachment{{ID: 3, DocID: 7, Filename: "正文.pdf", ContentType: normdoc.PDFType, Size: 1234, UploadedBy: "沈佳怡", UploadedAt: renderAt}},
			Evaluations: []evalRow{ev}, Timers: timers, Actions: actions, ItemVersion: 4, Published: &pub, CanEdit: true, CanEffect: true,
			CanEvaluate: true, EffectKinds: []kindOption{{"amend", "修改"}, {"repeal", "废止"}}, History: sampleHistory(),
			Form:      docActionForm{Which: "effect", On: "2026-10-09", Kind: "repeal"},
			formState: formState{Errors: map[string]string{"effective_on": "必填项为空"}, Message: "输入有误：生效日期：必填项为空"}},
		"normdoc_form": &normdocFormPage{basePage: bp("/normdocs/7/edit"), Doc: normdoc.Document{ID: 7, Title: "草稿", Number: "慈政发2017",
			LeadUnitID: 2, State: normdoc.StDrafting, ReformTags: []string{"approval"}, Issuers: []normdoc.Issuer{{UnitID: 2, Lead: true}, {UnitID: 3}},
			Version: 2}, Units: sampleUnits()[1:2], AllUnits: sampleUnits(), CoIssuers: map[int64]bool{3: true}, Reforms: reformOptions(),
			Validity: "规范性文件有效期 5 年", Reason: "补充", formState: formState{Errors: map[string]string{"number": "文号“慈政发2017”格式不对：应为 机关代字〔年份〕序号号"},
				Message: "输入有误：文号：文号“慈政发2017”格式不对"}},
		"normdoc_stats": &normdocStatsPage{basePage: bp("/normdocs/stats"), From: 2011, To: 2017, Years: []int{2011, 2017},
			Totals: store.NormdocTotals{Comprehensive: 3, Special: 2, CleanupAbolished: 151, CleanupDeclared: 48, Abolished: 151, Expired: 60,
				InForceToday: 900, OpenEvaluations: 12}, Campaigns: []store.CampaignStat{stat},
			ByYear: []store.YearStat{{Year: 2017, Published: 120, Abolished: 36}}, Query: "from=2011&to=2017"},
		"normdoc_cleanup_list": &cleanupListPage{basePage: bp("/cleanups"), Campaigns: []campaignRow{
			{CampaignRow: store.CampaignRow{Campaign: campaign, Items: 50, Awaiting: 10, Submitted: 5, Returned: 2, Approved: 33}, DaysLeft: -5},
			{CampaignRow: store.CampaignRow{Campaign: decided, Items: 951, Approved: 951}, DaysLeft: -3000}},
			Pager: samplePager(60, ""), CanCreate: true, LastFull: ndPtr("2016-10-20"), NextDue: ndPtr("2018-10-20"), Interval: "每 2 年清理一次"},
		"normdoc_cleanup_form": &cleanupFormPage{basePage: bp("/cleanups/new"), Campaign: normdoc.Campaign{Kind: normdoc.Special,
			Scope: normdoc.Scope{AsOf: renderToday, ReformTags: []string{"approval"}, UnitIDs: []int64{2}, Levels: []normdoc.Level{normdoc.UnitLevel}}},
			Kinds: kindOptionsOf(normdoc.CampaignKinds), Levels: levelOptions(), Reforms: reformOptions(), Units: sampleUnits(),
			Chosen: map[int64]bool{2: true}, ChosenLevels: map[string]bool{"unit": true},
			formState: formState{Errors: map[string]string{"name": "必填项为空"}, Message: "输入有误：清理名称：必填项为空"}},
		"normdoc_cleanup_show": &cleanupShowPage{basePage: bp("/cleanups/4"), Campaign: campaign, DaysLeft: -5,
			Progress: []store.UnitProgress{{UnitID: 2, UnitName: "慈溪市市场监督管理局", Total: 5, Awaiting: 1, Returned: 1, Submitted: 2, Approved: 1,
				Abolish: 2, Continue: 1, Overdue: true}, {UnitID: 3, UnitName: "浒山街道", Total: 2, Approved: 2, Continue: 2}},
			Totals: store.UnitProgress{UnitName: "合计", Total: 7, Awaiting: 1, Returned: 1, Submitted: 2, Approved: 3},
			Items:  []store.CleanupItem{item, returned}, Filter: store.ItemFilter{CampaignID: 4}, Units: sampleUnits()[1:3],
			States: kindOptionsOf(normdoc.ItemStates), Outcomes: outcomeOptions(), Reasons: reasonOptions(),
			Pager: pager{Total: 7, Limit: 50, Query: q}, CanManage: true, Input: proposalInput{Selected: map[int64]bool{31: true}, DecidedOn: "2026-10-09"}},
		"normdoc_catalog_list": &catalogListPage{basePage: bp("/catalogs"), Publications: []normdoc.Publication{pub}, Pager: samplePager(60, ""),
			Latest: &pub, CanPublish: true, Campaigns: []store.CampaignRow{{Campaign: decided}}, Input: catalogInput{AsOf: "2026-10-09",
				PublishedOn: "2026-10-09", CampaignID: 3}},
		"normdoc_catalog_show": &catalogShowPage{basePage: bp("/catalogs/5"), Pub: pub, Catalog: normdoc.ValidCatalog,
			Tabs: []catalogTab{{normdoc.ValidCatalog, normdoc.ValidCatalog.Label(), 901, true}, {normdoc.AbolishedCatalog, normdoc.AbolishedCatalog.Label(), 36, false},
				{normdoc.ExpiredCatalog, normdoc.ExpiredCatalog.Label(), 15, false}},
			Entries: entries, Filter: store.EntryFilter{PublicationID: 5, Catalog: normdoc.ValidCatalog, Query: "户外"}, Levels: levelOptions(),
			Pager: samplePager(901, "户外")},
		"normdoc_public_doc": &publicDocPage{basePage: bp("/catalogs/documents/7"), Doc: doc, Status: normdoc.Abolished,
			Timeline: normdoc.Timeline(doc.Dates(), effects), Attachments: []normdoc.Attachment{{ID: 3, DocID: 7, Filename: "正文.pdf"}}, Pub: pub},
	}
}

func normdocEmptyPages(a account.Actor) map[string]page {
	b := func(path string) basePage { bp := base(a, path); bp.Flash = ""; return bp }
	draft := normdoc.Document{ID: 9, Title: "起草中的文件", LeadUnitID: 2, LeadUnitName: "慈溪市市场监督管理局", State: normdoc.StDrafting}
	camp := normdoc.Campaign{ID: 4, Name: "空清理", Kind: normdoc.Comprehensive, Scope: normdoc.Scope{AsOf: renderToday},
		Deadline: renderToday.AddDays(30), State: normdoc.Draft}
	pub := normdoc.Publication{ID: 5, Title: "空目录", AsOf: renderToday, PublishedOn: renderToday}
	return map[string]page{
		"normdoc_list":         &normdocListPage{basePage: b("/normdocs"), Pager: pager{Limit: 50}},
		"normdoc_show":         &normdocShowPage{basePage: b("/normdocs/9"), Doc: draft, Status: normdoc.Unpublished, StateLabel: "起草"},
		"normdoc_form":         &normdocFormPage{basePage: b("/normdocs/new")},
		"normdoc_stats":        &normdocStatsPage{basePage: b("/normdocs/stats"), From: 2011, To: 2026},
		"normdoc_cleanup_list": &cleanupListPage{basePage: b("/cleanups"), Pager: pager{Limit: 50}},
		"normdoc_cleanup_form": &cleanupFormPage{basePage: b("/cleanups/new")},
		"normdoc_cleanup_show": &cleanupShowPage{basePage: b("/cleanups/4"), Campaign: camp, DaysLeft: 30, Pager: pager{Limit: 50}},
		"normdoc_catalog_list": &catalogListPage{basePage: b("/catalogs"), Pager: pager{Limit: 50}},
		"normdoc_catalog_show": &catalogShowPage{basePage: b("/catalogs/5"), Pub: pub, Catalog: normdoc.ValidCatalog, Pager: pager{Limit: 50}},
		"normdoc_public_doc": &publicDocPage{basePage: b("/catalogs/documents/9"), Doc: draft, Status: normdoc.InForce, Pub: pub,
			Timeline: []normdoc.TimelineEntry{{From: renderToday, Status: normdoc.InForce, Label: "有效", Event: "公布并施行"}}},
	}
}

var _ = time.Now
