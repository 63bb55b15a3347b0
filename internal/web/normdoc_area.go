package web

// Normative documents: registry, lifecycle, cleanup campaigns and catalogs (issue 4, seed measures 1 and 3).
// This file is the area's entry in the shared tables: its routes, pages
// and navigation.

func (s *Server) normdocRoutes() []route {
	page, api := pageRoute, apiRoute
	return []route{
		page("GET", "/normdocs", internal, s.handleNormdocList),
		page("GET", "/normdocs/new", clerks, s.handleNormdocNew),
		page("POST", "/normdocs", clerks, s.handleNormdocCreate),
		page("GET", "/normdocs/stats", internal, s.handleNormdocStats),
		page("GET", "/normdocs/{id}", internal, s.handleNormdocShow),
		page("GET", "/normdocs/{id}/edit", clerks, s.handleNormdocEdit),
		page("POST", "/normdocs/{id}", clerks, s.handleNormdocUpdate),
		page("POST", "/normdocs/{id}/transition", internal, s.handleNormdocTransition),
		page("POST", "/normdocs/{id}/effects", unitAdmins, s.handleNormdocEffect),
		page("POST", "/normdocs/{id}/attachments", clerks, s.handleNormdocAttach),
		page("GET", "/normdocs/{id}/attachments/{file}", internal, s.handleNormdocFile),
		page("POST", "/normdocs/{id}/evaluation", clerks, s.handleNormdocEvaluation),
		page("GET", "/cleanups", internal, s.handleCleanupList),
		page("GET", "/cleanups/new", unitAdmins, s.handleCleanupNew),
		page("POST", "/cleanups", unitAdmins, s.handleCleanupCreate),
		page("GET", "/cleanups/{id}", internal, s.handleCleanupShow),
		page("POST", "/cleanups/{id}/launch", unitAdmins, s.handleCleanupLaunch),
		page("POST", "/cleanups/{id}/proposals", clerks, s.handleCleanupPropose),
		page("POST", "/cleanups/{id}/review", unitAdmins, s.handleCleanupReview),
		page("POST", "/cleanups/{id}/decision", unitAdmins, s.handleCleanupDecide),
		page("GET", "/catalogs", public, s.handleCatalogList),
		page("POST", "/catalogs", unitAdmins, s.handleCatalogPublish),
		page("GET", "/catalogs/{id}", public, s.handleCatalogShow),
		page("GET", "/catalogs/documents/{id}", public, s.handlePublicDoc),
		page("GET", "/catalogs/documents/{id}/attachments/{file}", public, s.handlePublicFile),

		api("GET", "/normdocs", internal, "规范性文件列表（q、unit_id、level、status、in_force=1、catalog、state、reform_tag、year、expiring=1、as_of 某日的效力状态、sort、limit、offset；本单位制定或实施的，法制办为全部）", s.apiNormdocList),
		api("POST", "/normdocs", clerks, "登记起草中的规范性文件（经办人限本单位牵头）", s.apiNormdocCreate),
		api("GET", "/normdocs/stats", internal, "规范性文件统计（from、to：清理次数、废止和失效件数、各次清理范围与结果、逐年变化）", s.apiNormdocStats),
		api("GET", "/normdocs/evaluations", internal, "有效期届满前评估任务（state；本单位，法制办为全部）", s.apiNormdocEvaluations),
		api("GET", "/normdocs/{id}", internal, "规范性文件详情：今日效力状态、状态时间线、效力变化台账、附件、评估任务、流程", s.apiNormdocShow),
		api("PUT", "/normdocs/{id}", clerks, "修改规范性文件（须带 version；签发后只能改依据、主题词、改革事项、正文、网址）", s.apiNormdocUpdate),
		api("POST", "/normdocs/{id}/transitions", internal, "制定流程流转（name、version、reason、on；签发须 number，公布须 effective_on）", s.apiNormdocTransition),
		api("POST", "/normdocs/{id}/effects", unitAdmins, "登记效力变化（kind、effective_on、affecting_id、decision_number、note、new_expiry）", s.apiNormdocEffect),
		api("POST", "/normdocs/{id}/attachments", clerks, "上传附件（multipart 字段 file；PDF 或 DOCX，不超过 20MB）", s.apiNormdocAttach),
		api("POST", "/normdocs/{id}/evaluation", clerks, "评估结论（outcome：continue、amend、abolish；on、number、note、version）", s.apiNormdocEvaluate),
		api("GET", "/cleanups", internal, "清理列表（state；单位只见有本单位文件的清理）", s.apiCleanupList),
		api("POST", "/cleanups", unitAdmins, "新建清理（name、kind、basis、scope、deadline、note）", s.apiCleanupCreate),
		api("GET", "/cleanups/{id}", internal, "清理详情与各单位进度（逾期单位标记）", s.apiCleanupShow),
		api("GET", "/cleanups/{id}/items", internal, "清理事项（unit_id、state、outcome、q、limit、offset；单位只见本单位）", s.apiCleanupItems),
		api("POST", "/cleanups/{id}/launch", unitAdmins, "启动清理：按范围冻结文件并分派责任单位（version、on）", s.apiCleanupLaunch),
		api("POST", "/cleanups/{id}/proposals", clerks, "单位提出清理意见（items：[{id, version}]、outcome、reason、detail、clause）", s.apiCleanupPropose),
		api("POST", "/cleanups/{id}/review", unitAdmins, "法制办审核（items、approve、comment；批量）", s.apiCleanupReview),
		api("POST", "/cleanups/{id}/decision", unitAdmins, "登记政府决定并写入效力变化台账（version、decision_number、decided_on）", s.apiCleanupDecide),
		api("GET", "/catalogs", public, "已公布的规范性文件目录版本", s.apiCatalogList),
		api("POST", "/catalogs", unitAdmins, "公布目录（as_of、published_on、since、campaign_id、title、url、note）", s.apiCatalogPublish),
		api("GET", "/catalogs/{id}", public, "目录版本及其条目（catalog、q、issuer、level、limit、offset）", s.apiCatalogShow),
		api("GET", "/catalogs/documents/{id}", public, "已列入公布目录的文件：状态时间线与正文", s.apiPublicDoc),
	}
}

var normdocPageNames = []string{
	"normdoc_list", "normdoc_show", "normdoc_form", "normdoc_stats", "normdoc_cleanup_list", "normdoc_cleanup_form",
	"normdoc_cleanup_show", "normdoc_catalog_list", "normdoc_catalog_show", "normdoc_public_doc",
}

var normdocNav = navArea{
	Section: "normdocs", Label: "规范性文件", Public: "规范性文件目录", Href: "/normdocs", PublicTo: "/catalogs",
	Prefixes: []string{"/normdocs", "/cleanups", "/catalogs"},
	SubLabel: "规范性文件管理", SubFor: internalActor,
	Sub: []navLink{
		{Href: "/normdocs", Label: "文件登记", Not: []string{"/normdocs/stats"}},
		{Href: "/cleanups", Label: "清理"},
		{Href: "/catalogs", Label: "目录发布"},
		{Href: "/normdocs/stats", Label: "统计"},
	},
}
