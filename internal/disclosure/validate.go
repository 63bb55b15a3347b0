package disclosure

import (
	"fmt"
	"regexp"
	"strings"
	"time"
	"unicode/utf8"

	"fazhi/internal/apperr"
	"fazhi/internal/calendar"
	"fazhi/internal/ident"
)

// Field limits: the data set's columns are bounded (the official lengths
// were not found, brief §4.4 [U]); these are generous and protect the
// pages and the index from pasted documents.
const (
	maxNameRunes  = 200
	maxShortRunes = 500
	maxTextRunes  = 5000
)

var (
	yearBrackets = regexp.MustCompile(`[\[(【〔﹝]\s*(\d{4})\s*[\])】〕﹞]`)
	numberShape  = regexp.MustCompile(`〔\d{4}〕.*\d+\s*号$`)
)

// NormalizeDecisionNumber folds the ways a 文号 is typed (domain brief
// §10.4): full-width digits, spaces, and [] () （） 【】 around the year
// become 〔〕. It is also the key for exact look-ups.
func NormalizeDecisionNumber(s string) string {
	s = strings.Map(func(r rune) rune {
		r = fold(r)
		if r == ' ' || r == '\u3000' || r == '\t' {
			return -1
		}
		return r
	}, strings.TrimSpace(s))
	return yearBrackets.ReplaceAllString(s, "〔$1〕")
}

// LooksLikeDecisionNumber reports whether a search query is a 文号, to be
// looked up exactly.
func LooksLikeDecisionNumber(q string) bool {
	return numberShape.MatchString(NormalizeDecisionNumber(q))
}

// Prepare normalises r (codes, the decision number, ID numbers, names)
// and validates it as of today; the error names every wrong field.
func (r *Record) Prepare(today calendar.Date) error {
	r.normalize()
	var f apperr.Fields
	r.checkParty(&f, today)
	r.checkDecision(&f, today)
	return f.Err()
}

func (r *Record) normalize() {
	for _, p := range []*string{&r.PartyName, &r.LegalRep, &r.ViolationType, &r.Facts, &r.Basis, &r.Content,
		&r.Licence, &r.Agency, &r.DataSource, &r.Note} {
		*p = strings.TrimSpace(*p)
	}
	for _, p := range []*string{&r.CreditCode, &r.RegistrationNo, &r.OrgCode, &r.TaxNo, &r.InstitutionNo, &r.SocialOrgNo,
		&r.AgencyCode, &r.DataSourceCode} {
		*p = ident.NormalizeCreditCode(*p)
	}
	r.DecisionNumber = NormalizeDecisionNumber(r.DecisionNumber)
	r.PartyID = normalizeID(r.PartyIDType, r.PartyID)
	r.LegalRepID = normalizeID(r.LegalRepIDType, r.LegalRepID)
	if r.PartyID != "" && r.PartyIDType == "" {
		r.PartyIDType = ResidentIDCard
	}
	if r.LegalRepID != "" && r.LegalRepIDType == "" {
		r.LegalRepIDType = ResidentIDCard
	}
	var others []string
	seen := map[string]bool{}
	for _, n := range r.OtherPersons {
		if n = strings.TrimSpace(n); n != "" && !seen[n] {
			seen[n] = true
			others = append(others, n)
		}
	}
	r.OtherPersons = others
	var cats []Category
	for _, c := range r.Categories {
		if !containsCategory(cats, c) {
			cats = append(cats, c)
		}
	}
	r.Categories = cats
}

// normalizeID brings a resident ID to its canonical 18-character form when
// it parses; other ID types only lose surrounding spaces.
func normalizeID(t IDType, v string) string {
	v = strings.TrimSpace(v)
	if v == "" || (t != ResidentIDCard && t != "") {
		return v
	}
	if id, err := ident.ParseResidentIDAt(v, time.Now()); err == nil {
		return id.Number
	}
	return strings.ToUpper(foldWidth(strings.ReplaceAll(v, " ", "")))
}

func (r *Record) checkParty(f *apperr.Fields, today calendar.Date) {
	if f.Required("party_name", "行政相对人名称", r.PartyName) {
		limit(f, "party_name", "行政相对人名称", r.PartyName, maxNameRunes)
	}
	if !r.PartyCategory.Valid() {
		f.Add("party_category", "行政相对人类别", "应为 法人及非法人组织、个体工商户、自然人 之一")
	}
	for _, c := range []struct{ field, label, v string }{
		{"credit_code", "统一社会信用代码", r.CreditCode}, {"agency_code", "处罚机关统一社会信用代码", r.AgencyCode},
		{"data_source_code", "数据来源单位统一社会信用代码", r.DataSourceCode},
	} {
		if c.v == "" {
			continue
		}
		if err := ident.CheckCreditCode(c.v); err != nil {
			f.Add(c.field, c.label, strings.TrimPrefix(err.Error(), "统一社会信用代码"))
		}
	}
	switch r.PartyCategory {
	case Organisation:
		if r.CreditCode == "" && r.RegistrationNo == "" && r.OrgCode == "" && r.TaxNo == "" && r.InstitutionNo == "" && r.SocialOrgNo == "" {
			f.Add("credit_code", "统一社会信用代码", "法人及非法人组织须填写统一社会信用代码（无统一代码的，填写其他代码之一）")
		}
		f.Required("legal_rep", "法定代表人", r.LegalRep)
	case Individual:
		if r.CreditCode == "" && r.RegistrationNo == "" {
			f.Add("credit_code", "统一社会信用代码", "个体工商户须填写统一社会信用代码或工商注册号")
		}
	case Person:
		if r.PartyIDType == "" || r.PartyID == "" {
			f.Add("party_id", "证件号码", "自然人须填写证件类型和证件号码")
		}
	}
	checkID(f, "party_id", "证件号码", r.PartyIDType, r.PartyID, today)
	checkID(f, "legal_rep_id", "法定代表人证件号码", r.LegalRepIDType, r.LegalRepID, today)
	for _, t := range []struct {
		field string
		t     IDType
	}{{"party_id_type", r.PartyIDType}, {"legal_rep_id_type", r.LegalRepIDType}} {
		if !t.t.Valid() {
			f.Add(t.field, "证件类型", "未知的证件类型："+string(t.t))
		}
	}
	for _, n := range r.OtherPersons {
		if utf8.RuneCountInString(n) > 20 {
			f.Add("other_persons", "其他自然人姓名", "“"+n+"”过长：每行填写一个姓名")
			break
		}
	}
}

// checkID validates a resident ID number (other ID types are free text).
func checkID(f *apperr.Fields, field, label string, t IDType, v string, today calendar.Date) {
	if v == "" || t != ResidentIDCard {
		return
	}
	if _, err := ident.ParseResidentIDAt(v, today.Time()); err != nil {
		f.Add(field, label, strings.TrimPrefix(err.Error(), "公民身份号码"))
	}
}

func (r *Record) checkDecision(f *apperr.Fields, today calendar.Date) {
	if f.Required("decision_number", "行政处罚决定书文号", r.DecisionNumber) && !numberShape.MatchString(r.DecisionNumber) {
		f.Add("decision_number", "行政处罚决定书文号", "应含〔年份〕并以“号”结尾，如 慈市监罚〔2024〕12号")
	}
	if f.Required("violation_type", "违法行为类型", r.ViolationType) {
		limit(f, "violation_type", "违法行为类型", r.ViolationType, maxShortRunes)
	}
	for _, t := range []struct{ field, label, v string }{
		{"facts", "违法事实", r.Facts}, {"basis", "处罚依据", r.Basis}, {"content", "处罚内容", r.Content},
	} {
		if f.Required(t.field, t.label, t.v) {
			limit(f, t.field, t.label, t.v, maxTextRunes)
		}
	}
	limit(f, "licence", "暂扣或吊销证照名称及编号", r.Licence, maxShortRunes)
	limit(f, "note", "备注", r.Note, maxShortRunes)
	if len(r.Categories) == 0 {
		f.Add("categories", "处罚类别", "至少选择一项")
	}
	for _, c := range r.Categories {
		if !c.Valid() {
			f.Add("categories", "处罚类别", "未知的处罚类别："+string(c))
		}
	}
	if containsCategory(r.Categories, Fine) && r.Fine <= 0 {
		f.Add("fine", "罚款金额（万元）", "处罚类别含罚款的，应填写罚款金额")
	}
	if r.Fine < 0 || r.Confiscation < 0 {
		f.Add("fine", "罚款金额（万元）", "金额不能为负数")
	}
	if (containsCategory(r.Categories, SuspendLicence) || containsCategory(r.Categories, RevokeLicence)) && r.Licence == "" {
		f.Add("licence", "暂扣或吊销证照名称及编号", "处罚类别含暂扣或吊销许可证件的，应填写证照名称及编号")
	}
	switch {
	case r.DecidedOn.IsZero():
		f.Add("decided_on", "处罚决定日期", "必填项为空")
	case r.DecidedOn.After(today):
		f.Add("decided_on", "处罚决定日期", "不能晚于今天")
	}
	if r.PenaltyValidUntil != nil && !r.DecidedOn.IsZero() && r.PenaltyValidUntil.Before(r.DecidedOn) {
		f.Add("penalty_valid_until", "处罚有效期", "不能早于处罚决定日期")
	}
}

func limit(f *apperr.Fields, field, label, v string, n int) {
	if utf8.RuneCountInString(v) > n {
		f.Add(field, label, fmt.Sprintf("不能超过 %d 个字", n))
	}
}
