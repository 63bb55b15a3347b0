package imports

import (
	"context"
	"slices"
	"strings"

	"fazhi/internal/account"
	"fazhi/internal/disclosure"
	"fazhi/internal/importer"
	"fazhi/internal/store"
)

// Imports of seed measure 4: penalty decisions for disclosure, from the
// national data set's spreadsheet (its Chinese headers, or its column
// codes such as CF_XDR_MC) or from another system. A unit's clerk imports
// their own unit's decisions, the legal affairs office any unit's. Each row
// is published as the form would publish it (masked, minors withheld).

var disclosuresKind = Kind{
	Name:  "disclosures",
	Label: "行政处罚决定（公示）",
	Schema: importer.Schema{Columns: []importer.Column{
		{Key: "party_name", Header: "行政相对人名称", Aliases: []string{"CF_XDR_MC", "当事人名称", "当事人"}, Required: true},
		{Key: "party_category", Header: "行政相对人类别", Aliases: []string{"CF_XDR_LB", "当事人类别", "相对人类别"}, Required: true},
		{Key: "credit_code", Header: "统一社会信用代码", Aliases: []string{"CF_XDR_SHXYM", "行政相对人代码_1", "信用代码"}},
		{Key: "registration_no", Header: "工商注册号", Aliases: []string{"CF_XDR_GSZC", "行政相对人代码_2"}},
		{Key: "org_code", Header: "组织机构代码", Aliases: []string{"CF_XDR_ZZJG", "行政相对人代码_3"}},
		{Key: "tax_no", Header: "税务登记号", Aliases: []string{"CF_XDR_SWDJ", "行政相对人代码_4"}},
		{Key: "institution_no", Header: "事业单位证书号", Aliases: []string{"CF_XDR_SYDW", "行政相对人代码_5"}},
		{Key: "social_org_no", Header: "社会组织登记证号", Aliases: []string{"CF_XDR_SHZZ", "行政相对人代码_6"}},
		{Key: "legal_rep", Header: "法定代表人", Aliases: []string{"CF_FRDB", "负责人", "经营者"}},
		{Key: "legal_rep_id_type", Header: "法定代表人证件类型", Aliases: []string{"CF_FR_ZJLX"}},
		{Key: "legal_rep_id", Header: "法定代表人证件号码", Aliases: []string{"CF_FR_SFZH", "法定代表人身份证号"}},
		{Key: "party_id_type", Header: "证件类型", Aliases: []string{"CF_XDR_ZJLX"}},
		{Key: "party_id", Header: "证件号码", Aliases: []string{"CF_XDR_ZJHM", "身份证号", "身份证号码"}},
		{Key: "decision_number", Header: "行政处罚决定书文号", Aliases: []string{"CF_WSH", "决定书文号", "处罚决定书文号"}, Required: true},
		{Key: "violation_type", Header: "违法行为类型", Aliases: []string{"CF_WFXW"}, Required: true},
		{Key: "facts", Header: "违法事实", Aliases: []string{"CF_SY", "主要违法事实"}, Required: true},
		{Key: "basis", Header: "处罚依据", Aliases: []string{"CF_YJ"}, Required: true},
		{Key: "categories", Header: "处罚类别", Aliases: []string{"CF_CFLB"}, Required: true},
		{Key: "content", Header: "处罚内容", Aliases: []string{"CF_NR"}, Required: true},
		{Key: "fine", Header: "罚款金额（万元）", Aliases: []string{"CF_NR_FK", "罚款金额"}},
		{Key: "confiscation", Header: "没收违法所得、没收非法财物的金额（万元）", Aliases: []string{"CF_NR_WFFF", "没收金额"}},
		{Key: "licence", Header: "暂扣或吊销证照名称及编号", Aliases: []string{"CF_NR_ZKDX"}},
		{Key: "decided_on", Header: "处罚决定日期", Aliases: []string{"CF_JDRQ", "决定日期"}, Required: true},
		{Key: "valid_until", Header: "处罚有效期", Aliases: []string{"CF_YXQ"}},
		{Key: "agency", Header: "处罚机关", Aliases: []string{"CF_CFJG"}, Required: true},
		{Key: "agency_code", Header: "处罚机关统一社会信用代码", Aliases: []string{"CF_CFJGDM"}},
		{Key: "data_source", Header: "数据来源单位", Aliases: []string{"CF_SJLY"}},
		{Key: "data_source_code", Header: "数据来源单位统一社会信用代码", Aliases: []string{"CF_SJLYDM"}},
		{Key: "note", Header: "备注", Aliases: []string{"BZ"}},
		{Key: "other_persons", Header: "其他自然人姓名", Aliases: []string{"涉及的其他自然人"}},
		{Key: "minor", Header: "当事人为未成年人", Aliases: []string{"未成年人"}},
		{Key: "published_on", Header: "公示日期", Aliases: []string{"发布日期"}},
	}},
	run:     runDisclosures,
	permits: func(a account.Actor) bool { return a.SeesAll() || a.Has(account.Clerk) },
}

// disclosureFields maps the store's field names to column keys.
var disclosureFields = map[string]string{
	"party_name": "party_name", "party_category": "party_category", "credit_code": "credit_code",
	"registration_no": "registration_no", "org_code": "org_code", "tax_no": "tax_no", "institution_no": "institution_no",
	"social_org_no": "social_org_no", "legal_rep": "legal_rep", "legal_rep_id_type": "legal_rep_id_type",
	"legal_rep_id": "legal_rep_id", "party_id_type": "party_id_type", "party_id": "party_id",
	"decision_number": "decision_number", "violation_type": "violation_type", "facts": "facts", "basis": "basis",
	"categories": "categories", "content": "content", "fine": "fine", "confiscation": "confiscation", "licence": "licence",
	"decided_on": "decided_on", "penalty_valid_until": "valid_until", "unit_id": "agency", "agency_code": "agency_code",
	"data_source_code": "data_source_code", "note": "note", "other_persons": "other_persons", "published_on": "published_on",
}

// ParsePartyCategory reads a party category as the data set and users
// write it.
func ParsePartyCategory(v string) (disclosure.PartyCategory, bool) {
	v = strings.TrimSpace(v)
	switch v {
	case "法人", "非法人组织", "法人或其他组织", "法人及其他组织", "组织", "企业":
		return disclosure.Organisation, true
	case "个体户":
		return disclosure.Individual, true
	case "个人", "公民":
		return disclosure.Person, true
	}
	for _, c := range disclosure.PartyCategories {
		if v == c.Label || v == string(c.Value) {
			return c.Value, true
		}
	}
	return "", false
}

// ParseIDType reads a 证件类型.
func ParseIDType(v string) (disclosure.IDType, bool) {
	v = strings.TrimSpace(v)
	switch v {
	case "":
		return "", true
	case "身份证", "居民身份证号码", "公民身份号码":
		return disclosure.ResidentIDCard, true
	case "港澳通行证", "回乡证":
		return disclosure.HKMacauPermit, true
	case "台胞证":
		return disclosure.TaiwanPermit, true
	}
	for _, t := range disclosure.IDTypes {
		if v == t.Label || v == string(t.Value) {
			return t.Value, true
		}
	}
	return "", false
}

func runDisclosures(ctx context.Context, s *store.Store, actor account.Actor, t *importer.Table, rep *importer.Report, dryRun bool) (int, error) {
	var rows []store.DisclosureRow
	byLine := map[int]importer.Row{}
	for _, r := range t.Rows {
		byLine[r.Line] = r
		rows = append(rows, store.DisclosureRow{Line: r.Line, AgencyName: r.Get("agency"), Record: disclosureOf(rep, r)})
	}
	rows = slices.DeleteFunc(rows, func(r store.DisclosureRow) bool { return rep.HasLine(r.Line) })
	var allowed func(int64) bool
	if !actor.SeesAll() {
		allowed = actor.CanEditUnitRecords
	}
	rowErrs, err := s.ImportDisclosures(ctx, actor.Audit(), rows, allowed, dryRun || !rep.OK())
	if err != nil {
		return 0, err
	}
	addStoreErrors(rep, t, rowErrs, byLine, disclosureFields)
	return written(rep, dryRun, len(t.Rows)), nil
}

// disclosureOf reads one row; cells that cannot be read are reported.
func disclosureOf(rep *importer.Report, r importer.Row) disclosure.Record {
	rec := disclosure.Record{PartyName: r.Get("party_name"), CreditCode: r.Get("credit_code"),
		RegistrationNo: r.Get("registration_no"), OrgCode: r.Get("org_code"), TaxNo: r.Get("tax_no"),
		InstitutionNo: r.Get("institution_no"), SocialOrgNo: r.Get("social_org_no"), LegalRep: r.Get("legal_rep"),
		LegalRepID: r.Get("legal_rep_id"), PartyID: r.Get("party_id"), DecisionNumber: r.Get("decision_number"),
		ViolationType: r.Get("violation_type"), Facts: r.Get("facts"), Basis: r.Get("basis"), Content: r.Get("content"),
		Licence: r.Get("licence"), AgencyCode: r.Get("agency_code"), DataSource: r.Get("data_source"),
		DataSourceCode: r.Get("data_source_code"), Note: r.Get("note")}
	if v := r.Get("agency"); v != "" && rec.DataSource == "" {
		rec.DataSource = v
	}
	rec.Agency = r.Get("agency")
	if v := r.Get("party_category"); v != "" {
		c, ok := ParsePartyCategory(v)
		if !ok {
			rep.Add(r.Line, "行政相对人类别", v, "应为 法人及非法人组织、个体工商户、自然人 之一")
		}
		rec.PartyCategory = c
	}
	for _, id := range []struct {
		key, header string
		dst         *disclosure.IDType
	}{{"party_id_type", "证件类型", &rec.PartyIDType}, {"legal_rep_id_type", "法定代表人证件类型", &rec.LegalRepIDType}} {
		t, ok := ParseIDType(r.Get(id.key))
		if !ok {
			rep.Add(r.Line, id.header, r.Get(id.key), "应为 居民身份证、护照、港澳居民来往内地通行证、台湾居民来往大陆通行证、外国人永久居留身份证、其他 之一")
		}
		*id.dst = t
	}
	if v := r.Get("categories"); v != "" {
		cats, unknown := disclosure.SplitCategories(v)
		if len(unknown) > 0 {
			rep.Add(r.Line, "处罚类别", v, "未知的处罚类别："+strings.Join(unknown, "、"))
		}
		rec.Categories = cats
	}
	for _, a := range []struct {
		key, header string
		dst         *disclosure.Amount
	}{{"fine", "罚款金额（万元）", &rec.Fine}, {"confiscation", "没收违法所得、没收非法财物的金额（万元）", &rec.Confiscation}} {
		v, err := disclosure.ParseWan(r.Get(a.key))
		if err != nil {
			rep.Add(r.Line, a.header, r.Get(a.key), err.Error())
		}
		*a.dst = v
	}
	if v := r.Get("decided_on"); v != "" {
		rec.DecidedOn = parseDate(rep, r.Line, "处罚决定日期", v)
	}
	if v := r.Get("valid_until"); v != "" && !strings.HasPrefix(v, "2099") {
		d := parseDate(rep, r.Line, "处罚有效期", v)
		rec.PenaltyValidUntil = &d
	}
	if v := r.Get("published_on"); v != "" {
		d := parseDate(rep, r.Line, "公示日期", v)
		rec.PublishedOn = &d
	}
	rec.Minor = yesNo(rep, r, "minor", "当事人为未成年人", false)
	if v := r.Get("other_persons"); v != "" {
		rec.OtherPersons = strings.FieldsFunc(v, func(c rune) bool { return strings.ContainsRune("、，,；;\n ", c) })
	}
	return rec
}
