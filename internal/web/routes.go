package web

import (
	"net/http"
	"slices"
	"strings"

	"fazhi/internal/account"
	"fazhi/internal/apperr"
)

// access is the coarse gate a route sets; record-level scope (which unit's
// records) is checked in the handler against account.Actor.
type access int

const (
	public     access = iota // anyone, including the public
	signedIn                 // any account
	internal                 // government staff (not partners)
	clerks                   // those who register records: legal affairs office, administrators, unit clerks
	unitAdmins               // legal affairs office and administrators
	admins                   // administrators
)

func (a access) allows(actor account.Actor) bool {
	switch a {
	case public:
		return true
	case signedIn:
		return !actor.Anonymous()
	case internal:
		return actor.Internal()
	case clerks:
		return actor.SeesAll() || actor.Has(account.Clerk)
	case unitAdmins:
		return actor.CanManageUnits()
	case admins:
		return actor.CanManagePlatform()
	}
	return false
}

type handlerFunc func(w http.ResponseWriter, r *http.Request) error

// route is one entry of the route table; the API routes carry what the
// OpenAPI description needs.
type route struct {
	method  string
	pattern string
	access  access
	h       handlerFunc
	summary string // Chinese, for the OpenAPI description
	api     bool
}

// pageRoute is a route of the HTML interface.
func pageRoute(method, pattern string, a access, h handlerFunc) route {
	return route{method: method, pattern: pattern, access: a, h: h}
}

// apiRoute is a route of the JSON API; pattern is relative to /api/v1.
func apiRoute(method, pattern string, a access, summary string, h handlerFunc) route {
	return route{method: method, pattern: "/api/v1" + pattern, access: a, h: h, summary: summary, api: true}
}

// routeTable is every route: the platform's own, then each area's (each
// area lists its pages and API side by side in its own file).
func (s *Server) routeTable() []route {
	return slices.Concat(s.coreRoutes(), s.certRoutes(), s.normdocRoutes(), s.enforcementRoutes(),
		s.disclosureRoutes(), s.legalReviewRoutes(), s.transferRoutes())
}

func (s *Server) coreRoutes() []route {
	page, api := pageRoute, apiRoute
	return []route{
		page("GET", "/{$}", public, s.handleHome),
		page("GET", "/healthz", public, s.handleHealth),
		page("GET", "/metrics", public, s.handleMetrics),
		page("GET", "/login", public, s.handleLoginForm),
		page("POST", "/login", public, s.handleLogin),
		page("POST", "/logout", signedIn, s.handleLogout),

		page("GET", "/units", signedIn, s.handleUnitList),
		page("GET", "/units/new", unitAdmins, s.handleUnitNew),
		page("POST", "/units", unitAdmins, s.handleUnitCreate),
		page("GET", "/units/{id}", signedIn, s.handleUnitShow),
		page("GET", "/units/{id}/edit", unitAdmins, s.handleUnitEdit),
		page("POST", "/units/{id}", unitAdmins, s.handleUnitUpdate),

		page("GET", "/people", internal, s.handlePersonList),
		page("GET", "/people/new", clerks, s.handlePersonNew),
		page("POST", "/people", clerks, s.handlePersonCreate),
		page("GET", "/people/{id}", internal, s.handlePersonShow),
		page("GET", "/people/{id}/edit", clerks, s.handlePersonEdit),
		page("POST", "/people/{id}", clerks, s.handlePersonUpdate),

		page("GET", "/rules", public, s.handleRuleList),
		page("GET", "/rules/new", admins, s.handleRuleNew),
		page("POST", "/rules", admins, s.handleRuleCreate),
		page("GET", "/rules/{id}", public, s.handleRuleShow),
		page("GET", "/rules/{id}/edit", admins, s.handleRuleEdit),
		page("POST", "/rules/{id}", admins, s.handleRuleUpdate),

		page("GET", "/calendar", public, s.handleCalendar),
		page("POST", "/calendar/overrides", admins, s.handleOverrideSave),
		page("POST", "/calendar/overrides/{id}/delete", admins, s.handleOverrideDelete),

		page("GET", "/imports", clerks, s.handleImportForm),
		page("POST", "/imports", clerks, s.handleImport),
		page("GET", "/imports/template/{kind}", clerks, s.handleImportTemplate),
		page("GET", "/imports/runs/{id}/report", clerks, s.handleImportReport),

		page("GET", "/audit", admins, s.handleAudit),
		page("GET", "/users", admins, s.handleUserList),
		page("GET", "/users/new", admins, s.handleUserNew),
		page("POST", "/users", admins, s.handleUserCreate),

		api("GET", "/openapi.json", public, "本接口的 OpenAPI 描述", s.apiOpenAPI),
		api("POST", "/session", public, "登录，返回 CSRF 令牌并设置会话 Cookie", s.apiLogin),
		api("DELETE", "/session", signedIn, "退出登录", s.apiLogout),
		api("GET", "/me", signedIn, "当前用户", s.apiMe),
		api("GET", "/units", signedIn, "单位列表（q、kind、enforcement、active、sort、limit、offset）", s.apiUnitList),
		api("POST", "/units", unitAdmins, "新建单位", s.apiUnitCreate),
		api("GET", "/units/{id}", signedIn, "单位详情", s.apiUnitShow),
		api("PUT", "/units/{id}", unitAdmins, "修改单位（须带 version）", s.apiUnitUpdate),
		api("GET", "/units/{id}/history", signedIn, "单位变更记录", s.apiUnitHistory),
		api("GET", "/people", internal, "人员列表（q、unit_id、status、sort、limit、offset）", s.apiPersonList),
		api("POST", "/people", clerks, "新建人员", s.apiPersonCreate),
		api("GET", "/people/{id}", internal, "人员详情", s.apiPersonShow),
		api("PUT", "/people/{id}", clerks, "修改人员（须带 version）", s.apiPersonUpdate),
		api("GET", "/people/{id}/history", internal, "人员变更记录", s.apiPersonHistory),
		api("GET", "/rules", public, "规则表（key、date 可查某日适用的条目）", s.apiRuleList),
		api("POST", "/rules", admins, "新增规则条目", s.apiRuleCreate),
		api("GET", "/rules/{id}", public, "规则条目详情", s.apiRuleShow),
		api("PUT", "/rules/{id}", admins, "修改规则条目（须带 version 与 reason）", s.apiRuleUpdate),
		api("GET", "/rules/{id}/history", public, "规则条目变更记录", s.apiRuleHistory),
		api("GET", "/calendar/days", public, "某月工作日历（year、month）", s.apiCalendarDays),
		api("GET", "/calendar/deadline", public, "期限计算（from 与 workdays 或 days）", s.apiDeadline),
		api("GET", "/calendar/overrides", public, "日历调整列表", s.apiOverrideList),
		api("POST", "/calendar/overrides", admins, "新增或修改日历调整", s.apiOverrideSave),
		api("DELETE", "/calendar/overrides/{id}", admins, "删除日历调整（须带 reason）", s.apiOverrideDelete),
		api("GET", "/warnings", internal, "期限预警（本单位；法制办为全部）", s.apiWarnings),
		api("POST", "/imports/{kind}", clerks, "导入 units 或 people（multipart 字段 file；dry_run=1 仅校验）", s.apiImport),
		api("GET", "/imports", clerks, "导入记录", s.apiImportRuns),
		api("GET", "/audit/verify", admins, "校验审计链", s.apiAuditVerify),
		api("GET", "/users", admins, "用户列表", s.apiUserList),
		api("POST", "/users", admins, "新建用户", s.apiUserCreate),
	}
}

// certRoutes are the enforcement certificates' (seed measure 5).
func (s *Server) certRoutes() []route {
	page, api := pageRoute, apiRoute
	return []route{
		page("GET", "/certificates", internal, s.handleCertList),
		page("GET", "/certificates/new", unitAdmins, s.handleCertNew),
		page("POST", "/certificates", unitAdmins, s.handleCertCreate),
		page("GET", "/certificates/stats", internal, s.handleCertStats),
		page("GET", "/certificates/{id}", internal, s.handleCertShow),
		page("POST", "/certificates/{id}/status", unitAdmins, s.handleCertStatus),
		page("GET", "/certificates/{id}/card", internal, s.handleCertCard),
		page("GET", "/certificates/{id}/qr.png", internal, s.handleCertQR),
		page("GET", "/officers", internal, s.handleOfficerList),
		page("GET", "/officers/new", clerks, s.handleOfficerNew),
		page("POST", "/officers", clerks, s.handleOfficerCreate),
		page("GET", "/officers/{id}", internal, s.handleOfficerShow),
		page("POST", "/officers/{id}", clerks, s.handleOfficerUpdate),
		page("POST", "/officers/{id}/training", clerks, s.handleOfficerTraining),
		page("POST", "/officers/{id}/records", unitAdmins, s.handleOfficerRecord),
		page("GET", "/exams", internal, s.handleExamList),
		page("GET", "/exams/new", unitAdmins, s.handleExamNew),
		page("POST", "/exams", unitAdmins, s.handleExamCreate),
		page("GET", "/exams/{id}", internal, s.handleExamShow),
		page("POST", "/exams/{id}/registrations", clerks, s.handleExamRegister),
		page("POST", "/exams/{id}/scores", unitAdmins, s.handleExamScores),
		page("GET", "/reviews", internal, s.handleReviewList),
		page("POST", "/reviews", clerks, s.handleReviewRun),
		page("GET", "/anomalies", internal, s.handleAnomalyList),
		page("POST", "/anomalies/detect", unitAdmins, s.handleAnomalyDetect),
		page("POST", "/anomalies/{id}/handle", clerks, s.handleAnomalyHandle),
		page("POST", "/anomalies/{id}/confirm", unitAdmins, s.handleAnomalyConfirm),
		page("GET", "/verify", public, s.handleVerifyForm),
		page("GET", "/verify/{number}", public, s.handleVerify),

		api("GET", "/certificates", internal, "行政执法证列表（q、unit_id、status、expiring=1、issued_year、sort=number|holder|unit|valid_until、limit、offset；本单位，法制办为全部）", s.apiCertList),
		api("POST", "/certificates", unitAdmins, "发证（编号、发证机关与默认有效期取自规则表）", s.apiCertIssue),
		api("GET", "/certificates/stats", internal, "执法证件统计（year、unit_id）：各单位与合计", s.apiCertStats),
		api("GET", "/certificates/{id}", internal, "行政执法证详情", s.apiCertShow),
		api("POST", "/certificates/{id}/status", unitAdmins, "变更证件状态（action、on、reason、version；调动换发须 new_unit_id）", s.apiCertStatus),
		api("GET", "/certificates/{id}/statuses", internal, "证件状态历史", s.apiCertStatuses),
		api("GET", "/officers", internal, "执法人员列表（q、unit_id、limit、offset），含持有的有效证件", s.apiOfficerList),
		api("GET", "/officers/{id}", internal, "执法人员详情（培训学时、考试、证件）", s.apiOfficerShow),
		api("PUT", "/officers/{id}", clerks, "登记或修改执法人员信息（修改须带 version）", s.apiOfficerSave),
		api("PUT", "/officers/{id}/training", clerks, "记录年度培训学时（year、hours）", s.apiOfficerTraining),
		api("POST", "/officers/{id}/records", unitAdmins, "登记处分或刑事处罚记录（kind、on_date、note）", s.apiOfficerRecord),
		api("GET", "/exams", internal, "行政执法资格考试列表", s.apiExamList),
		api("POST", "/exams", unitAdmins, "新建考试（name、held_on；合格分数线与有效期取自规则表）", s.apiExamCreate),
		api("GET", "/exams/{id}/registrations", internal, "考试报名与成绩（本单位，法制办为全部）", s.apiExamRegistrations),
		api("POST", "/exams/{id}/registrations", clerks, "批量报名（person_ids；经办人限本单位人员）", s.apiExamRegister),
		api("POST", "/exams/{id}/scores", unitAdmins, "录入成绩（registration_id、general_score、special_score）", s.apiExamScore),
		api("GET", "/reviews", internal, "年审结果（year、unit_id、failed=1、limit、offset）", s.apiReviewList),
		api("POST", "/reviews", clerks, "办理单位年审批次（unit_id、year、batch、on）", s.apiReviewRun),
		api("GET", "/anomalies", internal, "异常数据（year、unit_id、rule、state、limit、offset）", s.apiAnomalyList),
		api("GET", "/anomalies/counts", internal, "异常数据按类型和单位统计（year）", s.apiAnomalyCounts),
		api("POST", "/anomalies/detect", unitAdmins, "运行异常检测（year）", s.apiAnomalyDetect),
		api("POST", "/anomalies/{id}/handle", clerks, "单位处理异常（version、resolution、explanation）", s.apiAnomalyHandle),
		api("POST", "/anomalies/{id}/confirm", unitAdmins, "法制办确认或退回异常处理（version、accept、comment）", s.apiAnomalyConfirm),
		api("GET", "/entitlement", internal, "执法资格查询：某人某日能否以某单位名义就某事项执法（person_id、unit_id、matter、date）", s.apiEntitlement),
		api("GET", "/verify/{number}", public, "公众查验行政执法证（不含身份证号；同一地址每分钟限次）", s.apiVerify),
	}
}

// wrap applies the route's access gate and CSRF check, then maps the
// handler's error to a page or a problem+json response.
func (s *Server) wrap(rt route) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		// Bound every body before anything reads it (the CSRF check may
		// parse a multipart form).
		r.Body = http.MaxBytesReader(w, r.Body, maxUpload)
		err := checkCSRF(r)
		if err == nil && !rt.access.allows(actorOf(r)) {
			err = denied(actorOf(r))
		}
		if err == nil {
			err = rt.h(w, r)
		}
		if err != nil {
			s.serveError(w, r, err, rt.api)
		}
	})
}

// denied is the error for a gate that refuses: sign in first, or forbidden.
func denied(a account.Actor) error {
	if a.Anonymous() {
		return apperr.New(apperr.Unauthenticated, "请先登录")
	}
	return apperr.New(apperr.Forbidden, "您无权访问该页面或执行该操作")
}

func isAPI(r *http.Request) bool { return strings.HasPrefix(r.URL.Path, "/api/") }
