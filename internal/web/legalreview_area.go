package web

// Legal review of major enforcement decisions (issue 7, seed measure 8).
// This file is the area's entry in the shared tables: its routes, pages
// and navigation. The catalogues are public; everything else is for
// government staff, each record scoped to its unit (and to the reviewer
// invited from another unit).

func (s *Server) legalReviewRoutes() []route {
	page, api := pageRoute, apiRoute
	return []route{
		page("GET", "/review-catalogs", public, s.handleReviewCatalogList),
		page("GET", "/review-catalogs/new", clerks, s.handleCatalogNew),
		page("POST", "/review-catalogs", clerks, s.handleCatalogCreate),
		page("GET", "/review-catalogs/{id}", public, s.handleReviewCatalogShow),
		page("GET", "/review-catalogs/{id}/edit", clerks, s.handleCatalogEdit),
		page("POST", "/review-catalogs/{id}", clerks, s.handleCatalogUpdate),
		page("POST", "/review-catalogs/{id}/publish", clerks, s.handleReviewCatalogPublish),

		page("GET", "/legal-reviews", internal, s.handleLRList),
		page("GET", "/legal-reviews/new", internal, s.handleLRNew),
		page("POST", "/legal-reviews", internal, s.handleLRCreate),
		page("POST", "/legal-reviews/flags", internal, s.handleLRFlags),
		page("GET", "/legal-reviews/stats", internal, s.handleLRStats),
		page("GET", "/legal-reviews/reviewers", internal, s.handleLRPool),
		page("POST", "/legal-reviews/reviewers", clerks, s.handleLRPoolSave),
		page("GET", "/legal-reviews/{id}", internal, s.handleLRShow),
		page("POST", "/legal-reviews/{id}/assign", internal, s.handleLRAssign),
		page("POST", "/legal-reviews/{id}/opinion", internal, s.handleLROpinion),
		page("POST", "/legal-reviews/{id}/resubmit", internal, s.handleLRResubmit),
		page("POST", "/legal-reviews/{id}/act", internal, s.handleLRAct),
		page("GET", "/legal-reviews/{id}/materials/{mid}", internal, s.handleLRMaterial),
		page("GET", "/legal-reviews/{id}/opinion.pdf", internal, s.handleLROpinionPDF),

		page("GET", "/approvals", internal, s.handleApprovalList),
		page("GET", "/approvals/new", internal, s.handleApprovalNew),
		page("POST", "/approvals", internal, s.handleApprovalCreate),
		page("GET", "/approvals/{id}", internal, s.handleApprovalShow),
		page("POST", "/approvals/{id}/act", internal, s.handleApprovalAct),

		api("GET", "/review-catalogs", public, "法制审核目录与报批目录（unit_id、purpose=review|approval、current=1 仅现行有效、limit、offset；公众仅见已公布的版本）", s.apiReviewCatalogList),
		api("POST", "/review-catalogs", clerks, "新建目录草稿（unit_id、purpose、effective_from、basis、rules；版本号自动递增）", s.apiCatalogCreate),
		api("GET", "/review-catalogs/{id}", public, "目录某一版本及其审核情形", s.apiReviewCatalogShow),
		api("PUT", "/review-catalogs/{id}", clerks, "修改目录草稿（须带 rev；已公布的版本不能修改）", s.apiCatalogUpdate),
		api("POST", "/review-catalogs/{id}/publish", clerks, "公布目录草稿（rev、on；施行日期不得早于公布日期）", s.apiReviewCatalogPublish),
		api("GET", "/legal-reviews", internal, "法制审核申请列表（q、unit_id、state、year、invited=1、overdue=1、mine=1、sort、limit、offset；本单位及受邀审核的，法制办为全部）", s.apiLRList),
		api("POST", "/legal-reviews", internal, "提交法制审核（case_id、decision_on、materials；或 multipart：文件字段 file_<材料种类>）", s.apiLRCreate),
		api("GET", "/legal-reviews/requirement", internal, "案件是否须法制审核、报市政府批准（case_id、date=拟作出决定日期）及须提交的材料", s.apiLRRequirement),
		api("PUT", "/legal-reviews/flags", internal, "登记案件的审核情形（case_id、major_public_interest、complex、referred、note、version）", s.apiLRFlags),
		api("GET", "/legal-reviews/stats", internal, "法制审核统计（year、unit_id）：各单位各月、首轮通过率、问题分布、用时、超期、人员配备", s.apiLRStats),
		api("GET", "/legal-reviews/reviewers", internal, "法制审核人员名单及各单位配备比例（q、unit_id、limit、offset）", s.apiLRPool),
		api("PUT", "/legal-reviews/reviewers", clerks, "列入或修改审核人员（person_id、since、active、note、version；prior_reviews 仅法制办）", s.apiLRPoolSave),
		api("GET", "/legal-reviews/{id}", internal, "法制审核详情：各轮材料与审核意见、正在计时的期限", s.apiLRShow),
		api("GET", "/legal-reviews/{id}/candidates", internal, "可分配的审核人员及不符合条件的原因", s.apiLRCandidates),
		api("POST", "/legal-reviews/{id}/assign", internal, "分配审核人员（version、reviewer_id、invite、reason、on）", s.apiLRAssign),
		api("POST", "/legal-reviews/{id}/opinion", internal, "出具审核意见（version、findings、conclusion=agree|problems|revise、summary、on）", s.apiLROpinion),
		api("POST", "/legal-reviews/{id}/resubmit", internal, "补正后重新提交（version、note、materials、on；或 multipart）", s.apiLRResubmit),
		api("POST", "/legal-reviews/{id}/transitions", internal, "延长期限、提请集体讨论、集体讨论结论、撤回（action、version、reason、on）", s.apiLRAct),
		api("GET", "/approvals", internal, "报市政府批准的执法决定列表（q、unit_id、state、year、limit、offset）", s.apiApprovalList),
		api("POST", "/approvals", internal, "拟稿报批（case_id、decision_on、summary）", s.apiApprovalCreate),
		api("GET", "/approvals/{id}", internal, "报批详情与正在计时的期限", s.apiApprovalShow),
		api("POST", "/approvals/{id}/transitions", internal, "办理报批（action=send|forward|office_return|approve|refuse|withdraw、version、reason、government_ref、on）", s.apiApprovalAct),
	}
}

var legalReviewPageNames = []string{
	"lr_catalog_list", "lr_catalog_show", "lr_catalog_form", "lr_list", "lr_new", "lr_show", "lr_pool", "lr_stats",
	"lr_approval_list", "lr_approval_new", "lr_approval_show",
}

// legalReviewNav: staff reach the reviews; the public and partners the
// published catalogues.
var legalReviewNav = navArea{
	Section: "legalreview", Label: "法制审核", Public: "重大执法决定法制审核目录", Href: "/legal-reviews", PublicTo: "/review-catalogs",
	Prefixes: []string{"/legal-reviews", "/review-catalogs", "/approvals"},
	SubLabel: "重大执法决定法制审核", SubFor: internalActor,
	Sub: []navLink{
		{Href: "/legal-reviews", Label: "审核申请"},
		{Href: "/legal-reviews/new", Label: "待审核案件"},
		{Href: "/review-catalogs", Label: "审核目录"},
		{Href: "/approvals", Label: "报市政府批准"},
		{Href: "/legal-reviews/reviewers", Label: "审核人员"},
		{Href: "/legal-reviews/stats", Label: "统计"},
	},
}
