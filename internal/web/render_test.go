package web

import (
	"bytes"
	"fmt"
	"io/fs"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"fazhi/internal/account"
	"fazhi/internal/apperr"
	"fazhi/internal/audit"
	"fazhi/internal/calendar"
	"fazhi/internal/certificate"
	"fazhi/internal/enforcement"
	"fazhi/internal/importer"
	"fazhi/internal/imports"
	"fazhi/internal/org"
	"fazhi/internal/rule"
	"fazhi/internal/store"
	"fazhi/internal/workflow"
)

// The render tests execute every page template directly, without a server
// or a database, with a populated and an empty page struct and for several
// kinds of viewer. They catch a template that fails at run time (a field
// renamed in a handler struct, a nil pointer), markup that breaks the CSP,
// and accessibility basics: labels, ids, CSRF fields.

var (
	renderToday = calendar.Date{Year: 2026, Month: time.October, Day: 9}
	renderAt    = time.Date(2026, 10, 9, 2, 30, 0, 0, time.UTC)
	actorAdmin  = account.Actor{UserID: 1, Name: "管理员", UnitID: 1, Roles: []account.Role{account.Admin}}
	actorClerk  = account.Actor{UserID: 2, Name: "王经办", UnitID: 2, Roles: []account.Role{account.Clerk}}
	actorLegal  = account.Actor{UserID: 3, Name: "李法制", UnitID: 1, Roles: []account.Role{account.LegalOffice}}
	actorCourt  = account.Actor{UserID: 4, Name: "赵法官", UnitID: 9, Roles: []account.Role{account.Partner}}
)

func base(a account.Actor, path string) basePage {
	return basePage{Actor: a, CSRF: "tok-123", Path: path, Flash: "已保存", Today: renderToday, Version: "v1"}
}

func sampleUnits() []org.Unit {
	abolished := calendar.Date{Year: 2019, Month: time.March, Day: 1}
	return []org.Unit{
		{ID: 1, Name: "慈溪市司法局", ShortName: "司法局", Kind: org.Department, CreditCode: "11330282002576046X",
			Enforcement: true, Address: "慈溪市白沙路街道", Phone: "0574-63000000", Version: 3, UpdatedAt: renderAt},
		{ID: 2, Name: "慈溪市市场监督管理局", Kind: org.Department, ParentID: 1, Enforcement: true, Version: 1},
		{ID: 3, Name: "浒山街道", Kind: org.Town, SubKind: org.SubSubdistrict, Version: 1},
		{ID: 4, Name: "慈溪市旧局", Kind: org.Department, AbolishedOn: &abolished, SuccessorID: 2, Version: 2},
	}
}

func samplePeople() []org.Person {
	return []org.Person{{ID: 11, Name: "张三", ResidentID: "11010519491231002X", Gender: "女",
		BirthDate: calendar.Date{Year: 1949, Month: time.December, Day: 31}, UnitID: 2, UnitName: "慈溪市市场监督管理局",
		Post: "科员", Phone: "13800000000", Status: org.Active, Version: 2, UpdatedAt: renderAt}}
}

func sampleHistory() []historyEntry {
	return []historyEntry{
		{Event: audit.Event{At: renderAt, ActorName: "李法制", Action: audit.Update, Reason: "更正电话"},
			Changes: []fieldChange{{Field: "电话", Before: "0574-1", After: "0574-63000000"}}},
		{Event: audit.Event{At: renderAt.Add(-time.Hour), ActorName: "系统", Action: audit.Create},
			Changes: []fieldChange{{Field: "名称", After: "慈溪市司法局"}, {Field: "地址", After: "a"}, {Field: "电话", After: "1"},
				{Field: "类型", After: "政府部门"}, {Field: "排序", After: "1"}}},
	}
}

func samplePager(total int, q string) pager {
	return pager{Total: total, Limit: 50, Offset: 50, Query: url.Values{"q": {q}, "offset": {"50"}}}
}

func sampleRules() []rule.Rule {
	to := calendar.Date{Year: 2021, Month: time.July, Day: 14}
	return []rule.Rule{
		{ID: 1, Key: "penalty.decide", Title: "作出行政处罚决定期限", Value: "90", Unit: rule.CalendarDays,
			Citation: "《中华人民共和国行政处罚法》（2021年修订）第六十条", Verification: "V", Jurisdiction: "全国",
			EffectiveFrom: calendar.Date{Year: 2021, Month: time.July, Day: 15}, Version: 1},
		{ID: 2, Key: "penalty.decide", Title: "作出行政处罚决定期限（旧）", Value: "60", Unit: rule.CalendarDays,
			Citation: "旧法", Verification: "S", Jurisdiction: "全国",
			EffectiveFrom: calendar.Date{Year: 2000, Month: time.January, Day: 1}, EffectiveTo: &to, Version: 1},
		{ID: 3, Key: "security.password_format", Title: "密码格式", Value: "三类字符", Unit: rule.Format,
			Citation: "GB/T 22239", Verification: "U", Jurisdiction: "慈溪市",
			EffectiveFrom: calendar.Date{Year: 2027, Month: time.January, Day: 1}, Note: "备注", Version: 2},
	}
}

func sampleWarnings() []store.Warning {
	item := &workflow.Item{Title: "某公司无照经营案", State: "调查取证"}
	return []store.Warning{
		{ID: 1, Level: store.Red, RaisedAt: renderAt, Timer: store.Timer{Name: "decide", Label: "作出处罚决定期限",
			RuleKey: "penalty.decide", Citation: "《行政处罚法》第六十条", StartedOn: renderToday.AddDays(-93),
			DueOn: renderToday.AddDays(-3), Item: item}},
		{ID: 2, Level: store.Yellow, RaisedAt: renderAt, Timer: store.Timer{Name: "publish", RuleKey: "disclosure.publish_penalty",
			Citation: "《行政处罚法》第四十八条", StartedOn: renderToday.AddDays(-5), DueOn: renderToday.AddDays(2)}},
	}
}

func kindOptions() []kindOption { return unitKinds() }

// fullPages returns every page with at least one row in each list.
func fullPages(t *testing.T, a account.Actor) map[string]page {
	t.Helper()
	units, people, hist := sampleUnits(), samplePeople(), sampleHistory()
	days, err := calendar.New(nil).Month(2026, time.October)
	if err != nil {
		t.Fatal(err)
	}
	rules := sampleRules()
	groups, total := groupRules(rules, renderToday, "")
	rowErrs := []importer.RowError{
		{Line: 3, Column: "公民身份号码", Value: "11010519491231002Y", Message: "校验位应为 X，实为 Y"},
		{Line: 0, Message: "缺少必填列：姓名"},
	}
	events := []audit.Event{
		{At: renderAt, ActorName: "管理员", RecordKind: "unit", RecordID: 1, Action: audit.Update, Reason: "更名"},
		{At: renderAt, ActorName: "系统", RecordKind: "calendar_override", RecordID: 3, Action: audit.Delete},
		{At: renderAt, ActorName: "王经办", RecordKind: "case", RecordID: 5, Action: "transition:立案"},
	}
	last := renderAt
	roles := []kindOption{}
	for _, r := range account.Roles {
		roles = append(roles, kindOption{string(r.Role), r.Label})
	}
	ruleUnits := []kindOption{}
	for _, u := range rule.Units {
		ruleUnits = append(ruleUnits, kindOption{string(u.Unit), u.Label})
	}
	formErrs := map[string]string{"name": "必填项为空", "credit_code": "第 18 位校验码应为 3，实为 Z", "reason": "须说明理由"}
	pages := map[string]page{
		"home": &homePage{basePage: base(a, "/"), UnitName: "慈溪市司法局",
			Counts:   []countCard{{"政府部门", 30, "/units?kind=department&active=1"}, {"镇（街道）", 18, "/units?kind=town&active=1"}},
			Warnings: sampleWarnings(), Events: events, EventsScope: "全部单位",
			Certs: &certSummary{Scope: "全部执法单位", Officers: 120, Certified: 100, Share: "83.3%", Expiring: 4, OpenAnomalies: 2, WarnDays: 90}},
		"portal": &portalPage{basePage: base(a, "/"), Units: 61, Departments: 30, Towns: 18, Enforcement: 27, Rules: 80},
		"login":  &loginPage{basePage: base(a, "/login"), Username: "admin", Next: "/units", Error: "用户名或密码错误", NoUsers: true},
		"error": &errorPage{basePage: base(a, "/units/99"), Title: "输入有误", Message: "输入有误：名称：必填项为空", Status: 422,
			Fields: []apperr.FieldError{{Field: "name", Label: "名称", Message: "必填项为空"}}},
		"unit_list": &unitListPage{basePage: base(a, "/units"), Units: units, Names: map[int64]string{1: "慈溪市司法局", 2: "慈溪市市场监督管理局"},
			Filter: store.UnitFilter{Query: "局", Kind: org.Department, Active: true}, Kinds: kindOptions(),
			Pager: samplePager(120, "局"), Sort: "name"},
		"unit_show": &unitShowPage{basePage: base(a, "/units/4"), Unit: units[3], Parent: &units[0], Successor: &units[1],
			Children: units[1:3], People: people, PeopleN: 25, CanPeople: true, CanEdit: true, History: hist},
		"unit_form": &unitFormPage{basePage: base(a, "/units/1"), Unit: units[0], Units: units, Kinds: kindOptions(),
			formState: formState{Errors: formErrs, Message: "输入有误"}, Reason: "更正"},
		"person_list": &personListPage{basePage: base(a, "/people"), People: people, Units: units,
			Filter: store.PersonFilter{UnitID: 2, Status: org.Active}, Statuses: personStatuses(), Pager: samplePager(51, ""), CanAdd: true},
		"person_show": &personShowPage{basePage: base(a, "/people/11"), Person: people[0], ShowID: true, CanEdit: true, History: hist},
		"person_form": &personFormPage{basePage: base(a, "/people/11"), Person: people[0], Units: units, Statuses: personStatuses(),
			formState: formState{Errors: map[string]string{"resident_id": "校验位应为 X"}, Message: "输入有误"}, Reason: "x"},
		"rule_list": &ruleListPage{basePage: base(a, "/rules"), Groups: groups, AsOf: renderToday, Query: "", CanEdit: true, Total: total},
		"rule_show": &ruleShowPage{basePage: base(a, "/rules/1"), Rule: rules[0], CanEdit: true, History: hist},
		"rule_form": &ruleFormPage{basePage: base(a, "/rules/1"), Rule: rules[1], Units: ruleUnits, Jurisdictions: rule.Jurisdictions,
			formState: formState{Errors: map[string]string{"reason": "修改规则须说明理由"}, Message: "输入有误"}, Reason: ""},
		"calendar": &calendarPage{basePage: base(a, "/calendar"), Year: 2026, Month: 10, Weeks: weeks(days),
			PrevYear: 2026, PrevMonth: 9, NextYear: 2026, NextMonth: 11, Coverage: [2]int{2002, 2027},
			Overrides: []store.CalendarOverride{{ID: 5, Override: calendar.Override{Date: calendar.Date{Year: 2026, Month: time.October, Day: 12},
				Kind: calendar.Holiday, Name: "本地假日", Reason: "市政府通知"}}},
			CanEdit: true, Calc: deadlineCalc{From: "2026-09-28", N: "10", Unit: "workdays",
				Result: &deadline{From: calendar.Date{Year: 2026, Month: time.September, Day: 28}, N: 10, Unit: "workdays",
					Due: calendar.Date{Year: 2026, Month: time.October, Day: 19}, Basis: workdayBasis}}},
		"import": &importPage{basePage: base(a, "/imports"), Kinds: imports.Kinds(), Kind: "people", DryRun: true,
			Result: &imports.Result{RunID: 7, Kind: "people", Rows: 2, DryRun: true, Report: &importer.Report{Errors: rowErrs, Rows: 2}},
			Errors: rowErrs, Runs: []store.ImportRun{{ID: 7, Kind: "people", Filename: "人员.csv", RowsRead: 2, Errors: 2, DryRun: true, At: renderAt},
				{ID: 6, Kind: "units", Filename: "单位.xlsx", RowsRead: 61, RowsWritten: 61, At: renderAt}}},
		"audit": &auditPage{basePage: base(a, "/audit"), Report: store.ChainReport{Events: 1234, Head: strings.Repeat("ab", 32), Checked: renderAt},
			Events: events},
		"user_list": &userListPage{basePage: base(a, "/users"), Users: []account.User{
			{ID: 1, Username: "admin", DisplayName: "管理员", UnitID: 1, UnitName: "慈溪市司法局", Roles: []account.Role{account.Admin, account.LegalOffice},
				CreatedAt: renderAt, LastLoginAt: &last},
			{ID: 2, Username: "old", DisplayName: "停用者", Roles: []account.Role{account.Clerk}, Disabled: true, CreatedAt: renderAt}}},
		"user_form": &userFormPage{basePage: base(a, "/users"), User: account.User{Username: "zhang", Roles: []account.Role{account.Clerk}},
			Units: units, Roles: roles, formState: formState{Errors: map[string]string{"roles": "至少选择一个角色", "password": "长度不能少于 10 位"}, Message: "输入有误"}},
	}
	for name, p := range certFullPages(a) {
		pages[name] = p
	}
	addAreaPages(pages, a, true)
	return pages
}

// emptyPages returns every page as a handler builds it with nothing found.
func emptyPages(a account.Actor) map[string]page {
	b := func(path string) basePage { bp := base(a, path); bp.Flash = ""; return bp }
	pages := map[string]page{
		"home":        &homePage{basePage: b("/")},
		"portal":      &portalPage{basePage: b("/")},
		"login":       &loginPage{basePage: b("/login")},
		"error":       &errorPage{basePage: b("/x")},
		"unit_list":   &unitListPage{basePage: b("/units"), Pager: pager{Limit: 50}},
		"unit_show":   &unitShowPage{basePage: b("/units/1"), Unit: org.Unit{ID: 1, Name: "空单位"}},
		"unit_form":   &unitFormPage{basePage: b("/units/new")},
		"person_list": &personListPage{basePage: b("/people"), Pager: pager{Limit: 50}},
		"person_show": &personShowPage{basePage: b("/people/1"), Person: org.Person{ID: 1, Name: "空"}},
		"person_form": &personFormPage{basePage: b("/people/new")},
		"rule_list":   &ruleListPage{basePage: b("/rules"), AsOf: renderToday},
		"rule_show":   &ruleShowPage{basePage: b("/rules/1")},
		"rule_form":   &ruleFormPage{basePage: b("/rules/new")},
		"calendar":    &calendarPage{basePage: b("/calendar"), Year: 2040, Month: 1, MonthErr: "日历未覆盖 2040 年：请管理员录入该年度节假日安排"},
		"import":      &importPage{basePage: b("/imports")},
		"audit":       &auditPage{basePage: b("/audit"), Error: "第 5 条记录的校验值不符"},
		"user_list":   &userListPage{basePage: b("/users")},
		"user_form":   &userFormPage{basePage: b("/users/new")},
		"cert_list":   &certListPage{basePage: b("/certificates"), Pager: pager{Limit: 50}, WarnDays: 90},
		"cert_show": &certShowPage{basePage: b("/certificates/1"), Cert: certRow{Certificate: certificate.Certificate{ID: 1,
			Number: "浙330282202600001", HolderName: "空", Status: certificate.Cancelled}}, CanChange: true},
		"cert_card":         &certCardPage{basePage: b("/certificates/1/card"), Cert: certRow{Certificate: certificate.Certificate{ID: 1, Status: certificate.Revoked}}},
		"cert_form":         &certFormPage{basePage: b("/certificates/new")},
		"cert_officer_list": &officerListPage{basePage: b("/officers"), Pager: pager{Limit: 50}},
		"cert_officer_show": &officerShowPage{basePage: b("/officers/1"), Officer: certificate.Officer{PersonID: 1, Name: "空"}},
		"cert_officer_form": &officerFormPage{basePage: b("/officers/new")},
		"cert_exam_list":    &examListPage{basePage: b("/exams")},
		"cert_exam_form":    &examFormPage{basePage: b("/exams/new")},
		"cert_exam_show":    &examShowPage{basePage: b("/exams/1"), Session: store.ExamSession{ID: 1, Name: "空考试"}},
		"cert_review":       &reviewPage{basePage: b("/reviews"), Pager: pager{Limit: 50}},
		"cert_anomaly":      &anomalyPage{basePage: b("/anomalies"), Pager: pager{Limit: 50}},
		"cert_stats":        &statsPage{basePage: b("/certificates/stats"), Year: 2026},
		"cert_verify":       &verifyPage{basePage: b("/verify")},
	}
	addAreaPages(pages, a, false)
	return pages
}

// wantFull lists strings each populated page must show (for the admin).
var wantFull = map[string][]string{
	"home":        {"执法证件动态监管", "83.3%", "/certificates?expiring=1", "期限预警", "逾期 3 天", "剩 2 天", "红色预警", "黄色预警", `title="依据：《行政处罚法》第六十条`, "某公司无照经营案", "最近操作", "日历调整 #3"},
	"portal":      {"九项举措", "61", "规则表条目", `href="/rules"`, `href="/calendar#calc"`, "大调解", `action="/penalties"`, `href="/catalogs"`, `href="/matters"`, `href="/review-catalogs"`},
	"login":       {"用户名或密码错误", "fazhi user add --username admin --name 管理员 --unit 慈溪市司法局 --role admin", `name="next" value="/units"`, `role="alert"`},
	"error":       {"错误代码 422", "输入有误", "必填项为空", `href="/"`},
	"unit_list":   {"共 <strong>120</strong> 条，第 51–100 条", "上一页", "下一页", "导出 CSV", "导出 Excel", "format=xlsx", "慈溪市市场监督管理局", "已撤销", `aria-current="true"`},
	"unit_show":   {"承继单位", "慈溪市市场监督管理局", "下级单位", "查看全部 25 人", "/people?unit_id=4", "变更记录", "更正电话", "0574-63000000", "查看创建时填写的 5 项内容"},
	"unit_form":   {`action="/units/1"`, `name="version" value="3"`, "修改理由", `aria-describedby="h-credit_code e-credit_code"`, `role="alert"`, "第 18 位校验码应为 3，实为 Z", `href="#credit_code"`, "单位名称：必填项为空"},
	"person_list": {"公民身份号码", "110***********002X", "导出 CSV", "共 <strong>51</strong> 条"},
	"person_show": {"11010519491231002X", "1949-12-31", "变更记录"},
	"person_form": {`name="resident_id"`, "公民身份号码：校验位应为 X", "修改理由", `name="version" value="2"`},
	"rule_list":   {"行政处罚", "现行适用", "已失效", "尚未生效", "90 日（自然日）", "已核对法律原文", "新增规则条目", `name="date"`},
	"rule_show":   {"作出行政处罚决定期限", "第六十条", "变更记录", "修改"},
	"rule_form":   {"修改理由", "修改规则须说明理由", `value="全国" selected`, `name="effective_to" type="date" value="2021-07-14"`},
	"calendar":    {"2026年10月", "国庆节", "调休上班", "休", "日历数据覆盖 2002–2027 年", "2026-10-19", "星期一", "计算依据", `aria-current="date"`, "本地假日", `action="/calendar/overrides/5/delete"`, `action="/calendar/overrides"`},
	"import":      {"仅校验（不写入）", "checked", `accept=".csv,.xlsx`, "/imports/template/people", "/imports/runs/7/report?format=csv", "/imports/runs/7/report?format=xlsx", "第 3 行", "整个文件", "校验位应为 X，实为 Y", "人员.csv", `enctype="multipart/form-data"`},
	"audit":       {"校验通过", "1234", "最近 3 条记录"},
	"user_list":   {"admin", "系统管理员、法制办工作人员", "已停用", "从未登录"},
	"user_form":   {`name="roles"`, `value="clerk" checked`, "至少选择一个角色", `autocomplete="new-password"`},

	// certificates
	"cert_list": {"浙330282202600001", "剩 30 天", "badge-yellow", "已过期 3 天", "badge-red", "挂失补发", "导出 Excel", "format=xlsx",
		`href="/certificates/new"`, "90 天内到期", `aria-current="true"`},
	"cert_show": {"浙330282202600001", "状态历史", "年审记录", "持证人已不在发证单位", `action="/certificates/7/status"`,
		`name="version" value="3"`, `value="transfer"`, `name="new_unit_id"`, "理由：必填项为空", "变更记录", "/certificates/7/card",
		"换发的新证为", "慈溪市市场监督管理局"},
	"cert_card":         {"行政执法证", "照片", "/certificates/7/qr.png", "慈溪市人民政府 监制", "2026-01-05 至 2031-01-04", "市场监管、食品安全", "http://example.test/verify/"},
	"cert_form":         {`action="/certificates"`, "王五", "已持证", "慈溪市行政区域", `value="statutory" checked`, "5 年", "持证人：没有在发证日有效的行政执法资格考试合格记录"},
	"cert_officer_list": {"王五", "未持证", "浙330282202600001", "导出 CSV", "行政编制", `href="/officers/new"`},
	"cert_officer_show": {"王五", "行政编制", `action="/officers/21"`, `action="/officers/21/training"`, `action="/officers/21/records"`,
		"2026年第一次考试", "合格", "资格至 2031-04-30", "刑事处罚", "变更记录", "40"},
	"cert_officer_form": {`action="/officers"`, "张三", `name="establishment"`, "编外、辅助人员不得申领行政执法证"},
	"cert_exam_list":    {"2026年第一次考试", "60 分", "5 年", `href="/exams/new"`},
	"cert_exam_form":    {`action="/exams"`, "60 分", "《浙江省行政执法证件管理办法》", "考试名称：必填项为空"},
	"cert_exam_show": {"2026年第一次考试", `action="/exams/3/registrations"`, `action="/exams/3/scores"`, `name="general_9"`,
		`value="88"`, "不合格", "两项成绩都应填写", `name="person_id" value="22"`},
	"cert_review":  {"办理年审", `action="/reviews"`, "✓", "✗", "年度培训 10 学时", "未通过", "导出 CSV", "10/40"},
	"cert_anomaly": {"运行异常检测", `action="/anomalies/detect"`, `action="/anomalies/5/handle"`, `action="/anomalies/6/confirm"`, "持证人已退休", "待处理", "待确认", "注销证件"},
	"cert_stats":   {"考试（次）", "新发证（本）", "年审（人次）", "异常处理（条）", "持证率", "合计", "80.0%", "动态监管", "format=xlsx"},
	"cert_verify":  {"有效", "王五", "慈溪市市场监督管理局", "市场监管", "2031-01-04", "慈溪市人民政府"},
}

// wantEmpty lists what each empty page must show instead of a blank table.
var wantEmpty = map[string][]string{
	"home":        {"暂无期限预警"},
	"unit_list":   {"没有符合条件的单位"},
	"unit_show":   {"暂无变更记录", "没有下级单位"},
	"person_list": {"没有符合条件的人员"},
	"person_show": {"暂无变更记录"},
	"rule_list":   {"没有符合条件的规则条目"},
	"rule_show":   {"暂无变更记录"},
	"calendar":    {"日历未覆盖 2040 年"},
	"import":      {"暂无导入记录"},
	"audit":       {"校验未通过", "暂无审计记录"},
	"user_list":   {"还没有用户"},
	"unit_form":   {`action="/units"`, "新建单位"},
	"person_form": {`action="/people"`, "登记人员"},
	"rule_form":   {`action="/rules"`, "新增规则条目"},

	// certificates
	"cert_list":         {"没有符合条件的证件"},
	"cert_show":         {"已是最终状态", "暂无状态记录", "尚无年审记录"},
	"cert_card":         {"不得用于执法"},
	"cert_form":         {"请先选择执法单位"},
	"cert_officer_list": {"没有符合条件的执法人员"},
	"cert_officer_show": {"尚未持证", "没有考试记录", "尚未记录培训学时"},
	"cert_officer_form": {"您没有可登记执法人员的单位"},
	"cert_exam_list":    {"还没有考试"},
	"cert_exam_form":    {"规则表中没有适用的条目"},
	"cert_exam_show":    {"还没有"},
	"cert_review":       {"没有符合条件的年审记录"},
	"cert_anomaly":      {"没有符合条件的异常记录"},
	"cert_stats":        {"没有可统计的执法单位"},
	"cert_verify":       {"输入证件编号"},
}

func renderPage(t *testing.T, p *pages, name string, data page) string {
	t.Helper()
	tpl, ok := p.set[name]
	if !ok {
		t.Fatalf("no template set for page %q", name)
	}
	var buf bytes.Buffer
	if err := tpl.Execute(&buf, data); err != nil {
		t.Fatalf("render %s: %v", name, err)
	}
	return buf.String()
}

func TestRenderEveryPage(t *testing.T) {
	p, err := loadPages(false)
	if err != nil {
		t.Fatal(err)
	}
	actors := map[string]account.Actor{"admin": actorAdmin, "legal": actorLegal, "clerk": actorClerk, "partner": actorCourt, "public": {}}
	for actorName, a := range actors {
		for _, variant := range []string{"full", "empty"} {
			var set map[string]page
			if variant == "full" {
				set = fullPages(t, a)
			} else {
				set = emptyPages(a)
			}
			for _, name := range pageNames {
				t.Run(fmt.Sprintf("%s/%s/%s", name, variant, actorName), func(t *testing.T) {
					data, ok := set[name]
					if !ok {
						t.Fatalf("no sample data for page %q", name)
					}
					out := renderPage(t, p, name, data)
					checkCommon(t, out, a)
					if actorName != "admin" {
						return
					}
					want := wantEmpty[name]
					if variant == "full" {
						want = wantFull[name]
					}
					want = append(want, areaWant(name, variant == "full")...)
					for _, w := range want {
						if !strings.Contains(out, w) {
							t.Errorf("%s (%s) lacks %q", name, variant, w)
						}
					}
				})
			}
		}
	}
}

var (
	reID          = regexp.MustCompile(`\sid="([^"]*)"`)
	reFor         = regexp.MustCompile(`<label[^>]*\sfor="([^"]*)"`)
	reRefs        = regexp.MustCompile(`\saria-(?:describedby|labelledby)="([^"]*)"`)
	reControl     = regexp.MustCompile(`<(?:input|select|textarea)\b[^>]*>`)
	reType        = regexp.MustCompile(`\stype="([^"]*)"`)
	rePostForm    = regexp.MustCompile(`(?s)<form\b[^>]*method="post"[^>]*>.*?</form>`)
	reStyleAttr   = regexp.MustCompile(`(?i)<[^>]*\sstyle\s*=`)
	reStyleTag    = regexp.MustCompile(`(?i)<style[\s>]`)
	reScript      = regexp.MustCompile(`(?i)<script\b[^>]*>`)
	reHandlerAttr = regexp.MustCompile(`(?i)<[^>]*\son[a-z]+\s*=`)
	reJSURL       = regexp.MustCompile(`(?i)(?:href|src|action)="\s*javascript:`)
)

// checkCommon asserts what every rendered page must satisfy.
func checkCommon(t *testing.T, out string, a account.Actor) {
	t.Helper()
	for _, w := range []string{`<html lang="zh-CN">`, "跳到主要内容", `id="main"`, `role="status"`, "/static/style.css?v=v1", "慈溪市法治政府建设综合管理平台"} {
		if !strings.Contains(out, w) {
			t.Errorf("page lacks %q", w)
		}
	}
	if a.Anonymous() == strings.Contains(out, `action="/logout"`) {
		t.Errorf("logout button shown=%v for anonymous=%v", !a.Anonymous(), a.Anonymous())
	}
	if strings.Count(out, `aria-current="page"`) > 1 { // only the active nav item, on its own page
		t.Errorf("aria-current=page %d times", strings.Count(out, `aria-current="page"`))
	}
	checkCSP(t, "output", out)
	checkBalanced(t, out)

	ids := map[string]int{}
	for _, m := range reID.FindAllStringSubmatch(out, -1) {
		ids[m[1]]++
	}
	for id, n := range ids {
		if n > 1 {
			t.Errorf("id %q used %d times", id, n)
		}
	}
	labelled := map[string]bool{}
	for _, m := range reFor.FindAllStringSubmatch(out, -1) {
		labelled[m[1]] = true
		if ids[m[1]] == 0 {
			t.Errorf(`<label for=%q> points at no element`, m[1])
		}
	}
	for _, m := range reRefs.FindAllStringSubmatch(out, -1) {
		for _, ref := range strings.Fields(m[1]) {
			if ids[ref] == 0 {
				t.Errorf("aria reference %q points at no element", ref)
			}
		}
	}
	for _, c := range reControl.FindAllString(out, -1) {
		typ := ""
		if m := reType.FindStringSubmatch(c); m != nil {
			typ = m[1]
		}
		if typ == "hidden" || typ == "submit" {
			continue
		}
		m := reID.FindStringSubmatch(c)
		if m == nil || !labelled[m[1]] {
			t.Errorf("form control without <label for>: %s", c)
		}
	}
	for _, f := range rePostForm.FindAllString(out, -1) {
		if !strings.Contains(f, `<input type="hidden" name="csrf" value="tok-123">`) {
			t.Errorf("POST form without the CSRF field: %.200s", f)
		}
	}
	for _, tbl := range strings.Split(out, "<table")[1:] {
		head, _, _ := strings.Cut(tbl, "</table>")
		if !strings.Contains(head, "<caption") && !strings.Contains(strings.SplitN(head, ">", 2)[0], "aria-label") {
			t.Errorf("table without caption: %.120s", head)
		}
		if strings.Contains(head, "<th") && !strings.Contains(head, `scope="col"`) {
			t.Errorf("table header cells without scope: %.120s", head)
		}
	}
}

// checkCSP rejects what the Content-Security-Policy would block.
func checkCSP(t *testing.T, name, s string) {
	t.Helper()
	if reStyleAttr.MatchString(s) || reStyleTag.MatchString(s) {
		t.Errorf("%s: inline style (blocked by style-src 'self')", name)
	}
	for _, tag := range reScript.FindAllString(s, -1) {
		if !strings.Contains(tag, " src=") {
			t.Errorf("%s: inline script %s (blocked by script-src 'self')", name, tag)
		}
	}
	if m := reHandlerAttr.FindString(s); m != "" {
		t.Errorf("%s: inline event handler %.80s", name, m)
	}
	if reJSURL.MatchString(s) {
		t.Errorf("%s: javascript: URL", name)
	}
}

// checkBalanced catches a template branch that opens a container and
// forgets to close it.
func checkBalanced(t *testing.T, out string) {
	t.Helper()
	for _, tag := range []string{"div", "section", "table", "thead", "tbody", "tr", "form", "ul", "ol", "nav", "dl",
		"fieldset", "details", "select", "label", "a", "p", "main", "header", "footer", "span", "strong", "abbr", "td", "th", "li", "h1", "h2", "h3"} {
		open := regexp.MustCompile(`<`+tag+`[\s>]`).FindAllStringIndex(out, -1)
		closed := strings.Count(out, "</"+tag+">")
		if len(open) != closed {
			t.Errorf("<%s> opened %d times, closed %d times", tag, len(open), closed)
		}
	}
}

// TestTemplatesCSP checks the template sources themselves, including
// branches the samples may not reach.
func TestTemplatesCSP(t *testing.T) {
	err := fs.WalkDir(templateFS, "templates", func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := templateFS.ReadFile(path)
		if err != nil {
			return err
		}
		checkCSP(t, path, string(b))
		if strings.Contains(string(b), `method="post"`) && !strings.Contains(string(b), `name="csrf"`) {
			t.Errorf("%s has a POST form without a csrf field", path)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

// TestRenderNav checks that each viewer sees only what they may use.
func TestRenderNav(t *testing.T) {
	p, err := loadPages(false)
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name     string
		a        account.Actor
		has, not []string
	}{
		{"public", account.Actor{}, []string{`href="/rules"`, `href="/calendar"`, `href="/login"`},
			[]string{`href="/units"`, `href="/people"`, `href="/imports"`, `href="/audit"`, `href="/users"`}},
		{"partner", actorCourt, []string{`href="/units"`, "赵法官", "协作单位"}, []string{`href="/people"`, `href="/imports"`, `href="/audit"`}},
		{"clerk", actorClerk, []string{`href="/units"`, `href="/people"`, `href="/imports"`}, []string{`href="/audit"`, `href="/users"`}},
		{"admin", actorAdmin, []string{`href="/audit"`, `href="/users"`, "系统管理员"}, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			out := renderPage(t, p, "calendar", emptyPages(tc.a)["calendar"])
			nav, _, _ := strings.Cut(out[strings.Index(out, "<header"):], "</header>")
			for _, w := range tc.has {
				if !strings.Contains(nav, w) {
					t.Errorf("header lacks %s", w)
				}
			}
			for _, w := range tc.not {
				if strings.Contains(nav, w) {
					t.Errorf("header shows %s", w)
				}
			}
			if !strings.Contains(nav, `<a href="/calendar" aria-current="page">`) {
				t.Error("the calendar nav item is not marked current")
			}
		})
	}
}

// TestRenderConflict shows a conflict (no field errors) as a message, and
// labels the "name" field by the form it is on.
func TestRenderConflict(t *testing.T) {
	p, err := loadPages(false)
	if err != nil {
		t.Fatal(err)
	}
	msg := "单位已被他人修改，请刷新后核对再提交（您的修改未保存）"
	out := renderPage(t, p, "unit_form", &unitFormPage{basePage: base(actorLegal, "/units/1"),
		Unit: org.Unit{ID: 1, Name: "慈溪市司法局", Kind: org.Department, Version: 4}, formState: formState{Message: msg}})
	for _, w := range []string{msg, `role="alert"`, `name="version" value="4"`} {
		if !strings.Contains(out, w) {
			t.Errorf("conflict page lacks %q", w)
		}
	}
	if strings.Contains(out, "<ul>\n  </ul>") {
		t.Error("empty error list")
	}
	out = renderPage(t, p, "person_form", &personFormPage{basePage: base(actorClerk, "/people"),
		formState: formState{Errors: map[string]string{"name": "必填项为空", "zzz": "未知字段的错误"}, Message: "输入有误：姓名：必填项为空；某字段：未知字段的错误"}})
	for _, w := range []string{"姓名：必填项为空", "输入有误：姓名：必填项为空；某字段：未知字段的错误"} {
		if !strings.Contains(out, w) {
			t.Errorf("person form errors lack %q", w)
		}
	}
}

// certFullPages returns the certificate pages with at least one row in
// each list and a failed form where a page has one.
func certFullPages(a account.Actor) map[string]page {
	d := func(y int, m time.Month, day int) calendar.Date { return calendar.Date{Year: y, Month: m, Day: day} }
	cert := certificate.Certificate{ID: 7, Number: "浙330282202600001", PersonID: 21, HolderName: "王五", UnitID: 2,
		UnitName: "慈溪市市场监督管理局", Issuer: "慈溪市人民政府", Area: "慈溪市行政区域", Categories: []string{"市场监管", "食品安全"},
		PowerSource: certificate.Statutory, IssuedOn: d(2026, time.January, 5), ValidUntil: d(2031, time.January, 4),
		Status: certificate.Valid, StatusOn: d(2026, time.January, 5), Version: 3, UpdatedAt: renderAt}
	soon, expired, voided := cert, cert, cert
	soon.ID, soon.Number, soon.ValidUntil = 8, "浙330282202600002", renderToday.AddDays(30)
	expired.ID, expired.Number, expired.ValidUntil = 9, "浙330282202000003", renderToday.AddDays(-3)
	voided.ID, voided.Number, voided.Status, voided.StatusReason = 10, "浙330282202000004", certificate.Reissued, "遗失"
	rows := certRows([]certificate.Certificate{cert, soon, expired, voided}, renderToday, 90)
	officer := certificate.Officer{PersonID: 21, Name: "王五", UnitID: 2, UnitName: "慈溪市市场监督管理局", Post: "执法队员",
		PersonStatus: "active", Establishment: certificate.Administrative, Education: "大学本科", EnforcementPost: true, Version: 2}
	other := officer
	other.PersonID, other.Name, other.Establishment, other.PersonStatus = 22, "赵六", certificate.OtherStaff, "retired"
	units := sampleUnits()
	g, sp, low := 88, 90, 50
	yes, no := true, false
	until := d(2031, time.April, 30)
	session := store.ExamSession{ID: 3, Name: "2026年第一次考试", HeldOn: d(2026, time.May, 1), PassMark: 60,
		PassCitation: "《浙江省行政执法证件管理办法》", ValidityYears: 5, Registered: 2, Passed: 1}
	regs := []store.Registration{
		{ID: 9, SessionID: 3, PersonID: 21, Name: "王五", UnitID: 2, UnitName: "慈溪市市场监督管理局", GeneralScore: &g, SpecialScore: &sp, Passed: &yes, QualifiedUntil: &until},
		{ID: 10, SessionID: 3, PersonID: 22, Name: "赵六", UnitID: 2, UnitName: "慈溪市市场监督管理局", GeneralScore: &low, SpecialScore: &sp, Passed: &no},
		{ID: 11, SessionID: 3, PersonID: 23, Name: "钱七", UnitID: 2, UnitName: "慈溪市市场监督管理局"},
	}
	review := store.AnnualReview{ID: 1, CertificateID: 7, Number: cert.Number, HolderName: "王五", Year: 2025, UnitID: 2,
		Batch: "2025年度第1批", TrainingHours: 10, TrainingMin: 40, ReviewedOn: d(2026, time.March, 1),
		ReviewResult: certificate.Review(certificate.ReviewFacts{CertUnitID: 2, HolderUnitID: 3, HolderActive: true,
			EnforcementPost: true, TrainingHours: 10, TrainingMinimum: 40, NameOnCard: "王五", NameNow: "王五"})}
	passed := review
	passed.ID, passed.ReviewResult = 2, certificate.Review(certificate.ReviewFacts{CertUnitID: 2, HolderUnitID: 2, HolderActive: true,
		EnforcementPost: true, TrainingHours: 40, TrainingMinimum: 40, NameOnCard: "王五", NameNow: "王五"})
	handled := d(2026, time.October, 1)
	anomalies := []anomalyRow{
		{Anomaly: store.Anomaly{ID: 5, Rule: certificate.HolderRetired, CertificateID: 7, Number: cert.Number, PersonID: 21, HolderName: "王五",
			UnitID: 2, UnitName: "慈溪市市场监督管理局", Year: 2026, Detail: "人员状态为退休，证件仍有效", DetectedOn: d(2026, time.October, 1),
			State: certificate.Open, Version: 1}, CanHandle: true},
		{Anomaly: store.Anomaly{ID: 6, Rule: certificate.ExpiredInUse, CertificateID: 9, Number: expired.Number, PersonID: 22, HolderName: "赵六",
			UnitID: 2, UnitName: "慈溪市市场监督管理局", Year: 2026, Detail: "已过期", DetectedOn: d(2026, time.October, 1),
			State: certificate.Handled, Resolution: certificate.CancelCert, Explanation: "已收回", HandledOn: &handled, Version: 2}, CanConfirm: true},
		{Anomaly: store.Anomaly{ID: 7, Rule: certificate.QualificationLapsed, PersonID: 23, HolderName: "钱七", UnitID: 2,
			UnitName: "慈溪市市场监督管理局", Year: 2026, Detail: "资格失效", DetectedOn: d(2026, time.October, 1), State: certificate.Confirmed,
			Resolution: certificate.Explained, Explanation: "已离岗", Version: 3}},
	}
	stat := store.CertUnitStats{UnitID: 2, UnitName: "慈溪市市场监督管理局", Officers: 10, Certified: 8, ExamRegistered: 3, ExamPassed: 2,
		Issued: 2, Reviews: 8, ReviewsFailed: 1, Anomalies: 3, AnomaliesDone: 1, Expiring: 1, OpenAnomalies: 2, CertifiedShare: 0.8}
	bp := func(path string) basePage { return base(a, path) }
	return map[string]page{
		"cert_list": &certListPage{basePage: bp("/certificates"), Certs: rows, Units: units, Filter: store.CertFilter{Query: "王", UnitID: 2},
			WarnDays: 90, Statuses: certStatuses(), Pager: samplePager(120, "王"), CanIssue: true,
			StatusCounts: []statusCount{{"有效", "valid", 100, true}, {"挂失补发（原证作废）", "reissued", 2, false}, {"90 天内到期", "expiring", 4, false}}},
		"cert_show": &certShowPage{basePage: bp("/certificates/7"), Cert: rows[0],
			Statuses: []certificate.StatusChange{{Status: certificate.Valid, From: cert.IssuedOn, Reason: "发证"},
				{Status: certificate.Withheld, From: d(2026, time.March, 1), Reason: "调查"}, {Status: certificate.Valid, From: d(2026, time.April, 1), Reason: "恢复"}},
			Reviews: []store.AnnualReview{review, passed}, History: sampleHistory(), Actions: certificate.Available(certificate.Valid),
			Units: units, Successor: &certLink{ID: 11, Number: "浙330282202600011"}, Replaces: &certLink{ID: 6, Number: "浙330282202100006"}, CanChange: true,
			Form: statusForm{Action: "withhold", On: "2026-10-09"}, formState: formState{Errors: map[string]string{"reason": "必填项为空"}, Message: "输入有误：理由：必填项为空"}},
		"cert_card": &certCardPage{basePage: bp("/certificates/7/card"), Cert: rows[0], VerifyURL: "http://example.test/verify/%E6%B5%99330282202600001"},
		"cert_form": &certFormPage{basePage: bp("/certificates/new"), Units: units, UnitID: 2, Cert: certificate.Certificate{UnitID: 2, PersonID: 21,
			Area: "慈溪市行政区域", PowerSource: certificate.Statutory, IssuedOn: renderToday},
			Officers: []officerOption{{21, "王五", "执法队员", ""}, {22, "赵六", "", "已持证 浙330282202000003"}}, PowerSources: powerSources(),
			Validity: "5 年（《浙江省行政执法证件管理办法》）", Issuer: "慈溪市人民政府", Categories: "市场监管",
			formState: formState{Errors: map[string]string{"person_id": "没有在发证日有效的行政执法资格考试合格记录", "valid_until": "应晚于发证日期"},
				Message: "输入有误：持证人：没有在发证日有效的行政执法资格考试合格记录"}},
		"cert_officer_list": &officerListPage{basePage: bp("/officers"), Officers: []officerRow{{officer, store.HeldCert{ID: 7, Number: cert.Number, ValidUntil: cert.ValidUntil}}, {Officer: other}},
			Units: units, Filter: store.OfficerFilter{UnitID: 2}, Pager: samplePager(60, ""), CanAdd: true},
		"cert_officer_show": &officerShowPage{basePage: bp("/officers/21"), Officer: officer, StatusLabel: "在岗", Training: []store.YearHours{{Year: 2026, Hours: 40}, {Year: 2025, Hours: 12}},
			Exams: []store.PersonExam{{RegistrationID: 9, SessionID: 3, Session: session.Name, HeldOn: session.HeldOn, GeneralScore: &g, SpecialScore: &sp,
				Passed: &yes, QualifiedUntil: &until}, {RegistrationID: 4, SessionID: 2, Session: "2020年考试", HeldOn: d(2020, time.May, 1)}},
			Certs: rows[:2], Records: []store.OfficerRecord{{ID: 1, PersonID: 21, Kind: "criminal", OnDate: "2024-01-01", Note: "判决"}},
			History: sampleHistory(), CanEdit: true, CanRecords: true, CanAddRecord: true, CanIssue: true, Establishments: establishments(),
			Form: officer, Reason: "调岗", TrainingYear: 2026, TrainingHours: "x", Record: store.OfficerRecord{Kind: "discipline"},
			formState: formState{Errors: map[string]string{"hours": "应为整数"}, Message: "输入有误：培训学时：应为整数"}},
		"cert_officer_form": &officerFormPage{basePage: bp("/officers/new"), Units: units, UnitID: 2, People: samplePeople(),
			Officer: certificate.Officer{PersonID: 11, Establishment: certificate.Administrative, EnforcementPost: true}, Establishments: establishments(),
			formState: formState{Errors: map[string]string{"establishment": "应为 行政编制、参公、事业编制、其他（编外） 之一"}, Message: "输入有误"}},
		"cert_exam_list": &examListPage{basePage: bp("/exams"), Sessions: []store.ExamSession{session}, CanCreate: true},
		"cert_exam_form": &examFormPage{basePage: bp("/exams/new"), Name: "", HeldOn: "2026-11-01",
			PassRule:  &rule.Rule{Key: "certificate.exam_pass", Value: "60", Citation: "《浙江省行政执法证件管理办法》"},
			Validity:  &rule.Rule{Key: "certificate.qualification_validity", Value: "5", Citation: "《浙江省综合行政执法条例》第二十八条"},
			formState: formState{Errors: map[string]string{"name": "必填项为空"}, Message: "输入有误：考试名称：必填项为空"}},
		"cert_exam_show": &examShowPage{basePage: bp("/exams/3"), Session: session, Registrations: regs, Units: units, UnitID: 2,
			Candidates: []candidate{{other, "不在编"}}, Registered: 3, CanScore: true, Scores: map[string]string{"general_10": "abc"},
			formState: formState{Errors: map[string]string{"general_10": "两项成绩都应填写为 0 至 100 的整数"}, Message: "输入有误"}},
		"cert_review": &reviewPage{basePage: bp("/reviews"), Reviews: []reviewRow{{review, "慈溪市市场监督管理局"}, {passed, "慈溪市市场监督管理局"}},
			Filter: store.ReviewFilter{Year: 2025, UnitID: 2}, Units: units, RunUnits: units[:2], Years: years(renderToday),
			Pager: samplePager(60, ""), Run: reviewRun{UnitID: 2, Year: 2025, On: "2026-10-09"}},
		"cert_anomaly": &anomalyPage{basePage: bp("/anomalies"), Anomalies: anomalies,
			ByRule: []store.CountRow{{Key: "holder_retired", Label: "持证人已退休", Total: 3, Open: 2, Done: 1}},
			ByUnit: []store.CountRow{{Key: "2", Label: "慈溪市市场监督管理局", Total: 3, Open: 2, Done: 1}},
			Filter: store.AnomalyFilter{Year: 2026}, Units: units, Rules: anomalyRules(), States: anomalyStates(), Resolutions: resolutions(),
			Years: years(renderToday), Pager: samplePager(60, ""), CanDetect: true, FailedID: 5, Back: "/anomalies?year=2026",
			Input:     anomalyInput{Resolution: "explained", Explanation: "x"},
			formState: formState{Errors: map[string]string{"explanation": "必填项为空"}, Message: "输入有误：处理说明：必填项为空"}},
		"cert_stats": &statsPage{basePage: bp("/certificates/stats"), Year: 2026, Years: years(renderToday), Rows: []store.CertUnitStats{stat},
			Totals: store.CertTotals{Year: 2026, ExamSessions: 2, CertUnitStats: stat}, Units: units, UnitID: 2, Unit: &stat, WarnDays: 90},
		"cert_verify": &verifyPage{basePage: bp("/verify/x"), Number: cert.Number, Result: &store.Verification{Number: cert.Number, Valid: true,
			Status: "有效", Name: "王五", Unit: "慈溪市市场监督管理局", Area: "慈溪市行政区域", Categories: cert.Categories, PowerSource: "法定",
			Issuer: "慈溪市人民政府", IssuedOn: cert.IssuedOn, ValidUntil: cert.ValidUntil}},
	}
}

func TestLabelWarnings(t *testing.T) {
	ws := []store.Warning{{Timer: store.Timer{Name: "payment", Item: &workflow.Item{Workflow: enforcement.OrdinaryProcedure.Name, State: "executing"}}}}
	labelWarnings(ws)
	if ws[0].Timer.Label == "" || ws[0].Timer.Label == "payment" || ws[0].Timer.Item.State == "executing" {
		t.Errorf("warning not labelled: %q, state %q", ws[0].Timer.Label, ws[0].Timer.Item.State)
	}
}
