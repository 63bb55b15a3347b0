package web

// Public penalty disclosure and its full-text search (issue 6, seed measure 4).
// This file is the area's entry in the shared tables: its routes, pages
// and navigation. The public pages are in disclosure_public.go, the
// management pages in disclosure_manage.go, the JSON API in
// disclosure_api.go.

func (s *Server) disclosureRoutes() []route {
	page, api := pageRoute, apiRoute
	return []route{
		// Public: the search, a stable page per record, the Atom feed of any
		// search, the withdrawal log and the capped export.
		page("GET", "/penalties", public, s.handlePenaltySearch),
		page("GET", "/penalties/feed", public, s.handlePenaltyFeed),
		page("GET", "/penalties/export", public, s.handlePenaltyExport),
		page("GET", "/penalties/withdrawn", public, s.handlePenaltyWithdrawn),
		page("GET", "/penalties/{id}", public, s.handlePenaltyShow),
		// Management: a unit's staff see their own unit's records unmasked,
		// the legal affairs office all; clerks register and withdraw.
		page("GET", "/disclosures", internal, s.handleDisclosureList),
		page("GET", "/disclosures/new", clerks, s.handleDisclosureNew),
		page("POST", "/disclosures", clerks, s.handleDisclosureCreate),
		page("GET", "/disclosures/{id}", internal, s.handleDisclosureShow),
		page("POST", "/disclosures/{id}/change", clerks, s.handleDisclosureChange),
		page("POST", "/disclosures/{id}/withdraw", clerks, s.handleDisclosureWithdraw),

		api("GET", "/penalties", public, "行政处罚公示检索（q、agency、from、to、category、party、order=newest|relevance、limit、offset；计数超过 10000 时 capped=true）", s.apiPenaltySearch),
		api("GET", "/penalties/withdrawn", public, "撤回公示记录（limit、offset）", s.apiPenaltyWithdrawn),
		api("GET", "/penalties/{id}", public, "一条行政处罚公示（屏蔽后的公开内容；已撤回或期满的只有撤回或期满信息）", s.apiPenaltyShow),
		api("GET", "/disclosures", internal, "公示管理列表（q、unit_id、status、category、year、late=1、limit、offset；本单位，法制办为全部；未屏蔽）", s.apiDisclosureList),
		api("POST", "/disclosures", clerks, "登记并公示行政处罚决定（数据集字段；金额为万元字符串；未成年人不予公示）", s.apiDisclosureCreate),
		api("GET", "/disclosures/{id}", internal, "公示记录（内部完整内容、公开内容、期限）", s.apiDisclosureShow),
		api("POST", "/disclosures/{id}/change", clerks, "登记处罚决定变更或撤销，开始计算撤回期限（version、on、reason）", s.apiDisclosureChange),
		api("POST", "/disclosures/{id}/withdraw", clerks, "撤回公示（version、changed_on、on、reason）", s.apiDisclosureWithdraw),
	}
}

var disclosurePageNames = []string{"dis_search", "dis_record", "dis_withdrawn", "dis_list", "dis_show", "dis_form"}

// disclosureNav: staff reach the management list, the public and partners
// the public search; everyone has the search and the withdrawal log.
var disclosureNav = navArea{
	Section: "disclosure", Label: "处罚公示", Public: "行政处罚公示", Href: "/disclosures", PublicTo: "/penalties",
	Prefixes: []string{"/disclosures", "/penalties"},
	SubLabel: "行政处罚结果公示",
	Sub: []navLink{
		{Href: "/disclosures", Label: "公示管理", Visible: internalActor},
		{Href: "/penalties", Label: "公示检索"},
		{Href: "/penalties/withdrawn", Label: "撤回公示记录"},
	},
}
