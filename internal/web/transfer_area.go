package web

// Transfers to criminal justice (两法衔接, State Council Order 310),
// supervision orders (督办) and case evaluation (案卷评查) (issue 5, items 6
// and 7). This file is the area's entry in the shared tables: its routes,
// pages and navigation.

import "fazhi/internal/account"

func (s *Server) transferRoutes() []route {
	page, api := pageRoute, apiRoute
	return []route{
		page("GET", "/transfers", signedIn, s.handleTransferList),
		page("GET", "/transfers/new", internal, s.handleTransferNew),
		page("POST", "/transfers", internal, s.handleTransferCreate),
		page("GET", "/transfers/{id}", signedIn, s.handleTransferShow),
		page("GET", "/transfers/{id}/edit", internal, s.handleTransferEdit),
		page("POST", "/transfers/{id}", internal, s.handleTransferUpdate),
		page("POST", "/transfers/{id}/act", signedIn, s.handleTransferAct),
		page("POST", "/transfers/{id}/opinions", signedIn, s.handleTransferOpinion),
		page("GET", "/transfers/{id}/letter.pdf", signedIn, s.handleTransferLetter),

		page("GET", "/supervision/orders", internal, s.handleOrderList),
		page("GET", "/supervision/orders/new", unitAdmins, s.handleOrderNew),
		page("POST", "/supervision/orders", unitAdmins, s.handleOrderCreate),
		page("GET", "/supervision/orders/{id}", internal, s.handleOrderShow),
		page("POST", "/supervision/orders/{id}/act", internal, s.handleOrderAct),
		page("GET", "/supervision/orders/{id}/document.pdf", internal, s.handleOrderDocument),

		page("GET", "/evaluations", internal, s.handleBatchList),
		page("GET", "/evaluations/new", unitAdmins, s.handleBatchNew),
		page("POST", "/evaluations", unitAdmins, s.handleBatchCreate),
		page("GET", "/evaluations/sheets", internal, s.handleSheetList),
		page("GET", "/evaluations/sheets/new", unitAdmins, s.handleSheetNew),
		page("POST", "/evaluations/sheets", unitAdmins, s.handleSheetCreate),
		page("GET", "/evaluations/sheets/{id}/edit", unitAdmins, s.handleSheetEdit),
		page("POST", "/evaluations/sheets/{id}", unitAdmins, s.handleSheetUpdate),
		page("GET", "/evaluations/cases/{id}", internal, s.handleEvalCaseShow),
		page("POST", "/evaluations/cases/{id}", unitAdmins, s.handleEvalCaseScore),
		page("GET", "/evaluations/{id}", internal, s.handleBatchShow),
		page("POST", "/evaluations/{id}", unitAdmins, s.handleBatchComplete),

		api("GET", "/transfers", signedIn, "涉嫌犯罪案件移送列表（q、unit_id、stage、year、overdue=1、sort、limit、offset；移送单位看本单位，公安机关、检察院看移送或抄送本机关的，法制办看全部）", s.apiTransferList),
		api("POST", "/transfers", internal, "呈报移送（本单位专案组；amount 单位为分）", s.apiTransferCreate),
		api("GET", "/transfers/{id}", signedIn, "移送详情：案件基本情况、涉案物品、办理经过、正在计时的期限和可执行的操作", s.apiTransferShow),
		api("PUT", "/transfers/{id}", internal, "修改移送报告（移送前；须带 version）", s.apiTransferUpdate),
		api("POST", "/transfers/{id}/transitions", signedIn, "办理移送（name、item_version、on、reason、receipt_no、forwarded_to）", s.apiTransferAct),
		api("POST", "/transfers/{id}/opinions", signedIn, "检察院或法制办提出监督意见（opinion、on）", s.apiTransferOpinion),

		api("GET", "/orders", internal, "督办列表（q、unit_id、state、subject、year、overdue=1、limit、offset；本单位，法制办为全部）", s.apiOrderList),
		api("POST", "/orders", unitAdmins, "发出督办（unit_id、subject、case_id、title、content、issued_on；回复期限取自规则表）", s.apiOrderCreate),
		api("GET", "/orders/{id}", internal, "督办详情与各轮回复", s.apiOrderShow),
		api("POST", "/orders/{id}/transitions", internal, "回复、验收、退回或撤销督办（name、item_version、text、on）", s.apiOrderAct),

		api("GET", "/evaluations", internal, "案卷评查批次列表", s.apiBatchList),
		api("POST", "/evaluations", unitAdmins, "开始评查批次并随机抽取案卷（name、year、sheet_id、closed_from、closed_to、per_unit、seed）", s.apiBatchCreate),
		api("GET", "/evaluations/sheets", internal, "评查评分表（各版本及评查项目）", s.apiSheetList),
		api("POST", "/evaluations/sheets", unitAdmins, "新建评分表或其新版本", s.apiSheetCreate),
		api("GET", "/evaluations/{id}", internal, "评查批次详情：各单位结果与抽取的案卷（单位仅见本单位，且批次完成后见得分）", s.apiBatchShow),
		api("POST", "/evaluations/{id}/complete", unitAdmins, "完成评查批次（version、on）", s.apiBatchComplete),
		api("PUT", "/evaluations/cases/{id}", unitAdmins, "为抽取的案卷评分（version、scores、comment、on）", s.apiEvalCaseScore),
	}
}

var transferPageNames = []string{
	"trf_list", "trf_show", "trf_form",
	"ord_list", "ord_show", "ord_form",
	"eva_list", "eva_show", "eva_form", "eva_sheets", "eva_sheet_form", "eva_score",
}

// transferNav is the area's navigation: transfers, orders and evaluation
// for staff; the partners (public security, procuratorate) see their
// transfers under 案件移送.
var transferNav = navArea{
	Section: "transfers", Label: "移送与督办", Public: "案件移送", Href: "/transfers", Visible: signedInActor,
	Prefixes: []string{"/transfers", "/supervision/orders", "/evaluations"},
	SubLabel: "移送、督办与案卷评查", SubFor: func(a account.Actor) bool { return a.Internal() },
	Sub: []navLink{
		{Href: "/transfers", Label: "涉嫌犯罪案件移送"},
		{Href: "/supervision/orders", Label: "督办"},
		{Href: "/evaluations", Label: "案卷评查"},
	},
}
