// Package disclosure is seed measure 4: the public disclosure of penalty
// decisions (行政处罚结果公开, 双公示). A Record carries the fields of the
// national penalty data set (domain brief §4.4); the masking policy turns it
// into what the public may see (§10.4); a minor party is never published;
// the lifecycle (publish, withdraw after the decision changes, expire at
// the end of the display period) is a workflow whose periods come from the
// rule table. The package is pure: it never touches the database.
package disclosure

import (
	"strings"
	"time"

	"fazhi/internal/calendar"
)

// PartyCategory is the data set's 行政相对人类别 (CF_XDR_LB).
type PartyCategory string

const (
	Organisation PartyCategory = "org"        // 法人及非法人组织
	Individual   PartyCategory = "individual" // 个体工商户
	Person       PartyCategory = "person"     // 自然人
)

// PartyCategories lists every category with its Chinese label.
var PartyCategories = []struct {
	Value PartyCategory
	Label string
}{{Organisation, "法人及非法人组织"}, {Individual, "个体工商户"}, {Person, "自然人"}}

// Label is the Chinese name of c.
func (c PartyCategory) Label() string {
	for _, x := range PartyCategories {
		if x.Value == c {
			return x.Label
		}
	}
	return string(c)
}

// Valid reports whether c is a known category.
func (c PartyCategory) Valid() bool { return c.Label() != string(c) }

// IDType is a 证件类型 (CF_XDR_ZJLX, CF_FR_ZJLX).
type IDType string

const (
	ResidentIDCard   IDType = "resident_id" // 居民身份证
	Passport         IDType = "passport"    // 护照
	HKMacauPermit    IDType = "hk_macau"    // 港澳居民来往内地通行证
	TaiwanPermit     IDType = "taiwan"      // 台湾居民来往大陆通行证
	ForeignPermanent IDType = "foreign_pr"  // 外国人永久居留身份证
	OtherIDType      IDType = "other"       // 其他
)

// IDTypes lists every ID type with its Chinese label.
var IDTypes = []struct {
	Value IDType
	Label string
}{
	{ResidentIDCard, "居民身份证"}, {Passport, "护照"}, {HKMacauPermit, "港澳居民来往内地通行证"},
	{TaiwanPermit, "台湾居民来往大陆通行证"}, {ForeignPermanent, "外国人永久居留身份证"}, {OtherIDType, "其他"},
}

// Label is the Chinese name of t.
func (t IDType) Label() string {
	for _, x := range IDTypes {
		if x.Value == t {
			return x.Label
		}
	}
	return string(t)
}

// Valid reports whether t is a known type or empty.
func (t IDType) Valid() bool { return t == "" || t.Label() != string(t) }

// Category is a kind of penalty (处罚类别, CF_CFLB), in the order of
// 行政处罚法（2021年修订）第九条.
type Category string

const (
	Warning            Category = "warning"             // 警告
	Criticism          Category = "criticism"           // 通报批评
	Fine               Category = "fine"                // 罚款
	ConfiscateGains    Category = "confiscate_gains"    // 没收违法所得
	ConfiscateProperty Category = "confiscate_property" // 没收非法财物
	SuspendLicence     Category = "suspend_licence"     // 暂扣许可证件
	LowerQualification Category = "lower_qualification" // 降低资质等级
	RevokeLicence      Category = "revoke_licence"      // 吊销许可证件
	RestrictBusiness   Category = "restrict_business"   // 限制开展生产经营活动
	SuspendBusiness    Category = "suspend_business"    // 责令停产停业
	Close              Category = "close"               // 责令关闭
	RestrictPractice   Category = "restrict_practice"   // 限制从业
	Detention          Category = "detention"           // 行政拘留
	OtherPenalty       Category = "other"               // 法律、行政法规规定的其他行政处罚
)

// Categories lists every category with its Chinese label; the order is
// the statute's, roughly from the lightest to the heaviest.
var Categories = []struct {
	Value Category
	Label string
}{
	{Warning, "警告"}, {Criticism, "通报批评"}, {Fine, "罚款"}, {ConfiscateGains, "没收违法所得"},
	{ConfiscateProperty, "没收非法财物"}, {SuspendLicence, "暂扣许可证件"}, {LowerQualification, "降低资质等级"},
	{RevokeLicence, "吊销许可证件"}, {RestrictBusiness, "限制开展生产经营活动"}, {SuspendBusiness, "责令停产停业"},
	{Close, "责令关闭"}, {RestrictPractice, "限制从业"}, {Detention, "行政拘留"}, {OtherPenalty, "其他行政处罚"},
}

// Label is the Chinese name of c.
func (c Category) Label() string {
	for _, x := range Categories {
		if x.Value == c {
			return x.Label
		}
	}
	return string(c)
}

// Valid reports whether c is a known category.
func (c Category) Valid() bool { return c.Label() != string(c) }

// severity orders categories for choosing a record's principal one; it
// follows the statute's list, except that "other" counts as the lightest
// (its weight is unknown).
func (c Category) severity() int {
	if c == OtherPenalty {
		return -1
	}
	for i, x := range Categories {
		if x.Value == c {
			return i
		}
	}
	return -2
}

// Restrictive reports whether c restricts the party for a period (a
// licence, business or practice), so that the display lasts at least as
// long as the restriction (国家市场监督管理总局令第45号).
func (c Category) Restrictive() bool {
	switch c {
	case SuspendLicence, LowerQualification, RevokeLicence, RestrictBusiness, SuspendBusiness, Close, RestrictPractice:
		return true
	}
	return false
}

// ParseCategory reads a category as users write it: the Chinese label
// (also the statute's short forms) or the code.
func ParseCategory(v string) (Category, bool) {
	v = strings.TrimSpace(v)
	switch v {
	case "暂扣许可证", "暂扣执照", "暂扣许可证件、执照":
		return SuspendLicence, true
	case "吊销许可证", "吊销执照", "吊销营业执照", "吊销许可证件、执照":
		return RevokeLicence, true
	case "没收违法所得、没收非法财物":
		return ConfiscateGains, true
	case "责令停产停业、责令关闭":
		return SuspendBusiness, true
	case "其他":
		return OtherPenalty, true
	}
	for _, c := range Categories {
		if v == c.Label || v == string(c.Value) {
			return c.Value, true
		}
	}
	return "", false
}

// SplitCategories reads a list of categories (separated by 、；;，, or
// newlines); unknown entries are returned apart.
func SplitCategories(s string) (cats []Category, unknown []string) {
	for _, part := range strings.FieldsFunc(s, func(r rune) bool { return strings.ContainsRune("；;，,、\n|", r) }) {
		part = strings.TrimSpace(part)
		if part == "" {
			continue
		}
		c, ok := ParseCategory(part)
		if !ok {
			unknown = append(unknown, part)
			continue
		}
		if !containsCategory(cats, c) {
			cats = append(cats, c)
		}
	}
	return cats, unknown
}

func containsCategory(cs []Category, c Category) bool {
	for _, x := range cs {
		if x == c {
			return true
		}
	}
	return false
}

// Principal is the heaviest of cats: the category a record is filed and
// filtered under. "" when cats is empty.
func Principal(cats []Category) Category {
	var best Category
	for _, c := range cats {
		if best == "" || c.severity() > best.severity() {
			best = c
		}
	}
	return best
}

// JoinCategories writes categories as the data set does: labels joined by ；.
func JoinCategories(cats []Category) string {
	labels := make([]string, len(cats))
	for i, c := range cats {
		labels[i] = c.Label()
	}
	return strings.Join(labels, "；")
}

// Status is where a record is in its lifecycle (the workflow state).
type Status string

const (
	Registered Status = "registered" // 待公示
	Published  Status = "published"  // 公示中
	Changed    Status = "changed"    // 决定已变更或撤销，待撤回
	Withdrawn  Status = "withdrawn"  // 已撤回
	Expired    Status = "expired"    // 公示期满
	Withheld   Status = "withheld"   // 不予公示（如当事人为未成年人）
)

// Statuses lists every status with its Chinese label, in lifecycle order.
var Statuses = []struct {
	Value Status
	Label string
}{
	{Registered, "待公示"}, {Published, "公示中"}, {Changed, "决定已变更，待撤回"}, {Withdrawn, "已撤回"},
	{Expired, "公示期满"}, {Withheld, "不予公示"},
}

// Label is the Chinese name of s.
func (s Status) Label() string {
	for _, x := range Statuses {
		if x.Value == s {
			return x.Label
		}
	}
	return string(s)
}

// Public reports whether a record in status s is shown to the public in
// full and found by the public search. A changed decision stays on display
// until it is withdrawn, which must happen within the statutory period.
func (s Status) Public() bool { return s == Published || s == Changed }

// Record is one penalty decision as disclosed: the national data set's
// fields (comments give the column codes), the owning unit, and its place
// in the lifecycle. Identifiers of natural persons are kept here in full
// for the internal view; the public never receives them (see Public).
type Record struct {
	ID           int64 `json:"id"`
	UnitID       int64 `json:"unit_id"`
	SourceCaseID int64 `json:"source_case_id,omitempty"` // the decided case it came from, when any

	PartyName      string        `json:"party_name"`                // CF_XDR_MC
	PartyCategory  PartyCategory `json:"party_category"`            // CF_XDR_LB
	CreditCode     string        `json:"credit_code,omitempty"`     // CF_XDR_SHXYM 统一社会信用代码
	RegistrationNo string        `json:"registration_no,omitempty"` // CF_XDR_GSZC 工商注册号
	OrgCode        string        `json:"org_code,omitempty"`        // CF_XDR_ZZJG 组织机构代码
	TaxNo          string        `json:"tax_no,omitempty"`          // CF_XDR_SWDJ 税务登记号
	InstitutionNo  string        `json:"institution_no,omitempty"`  // CF_XDR_SYDW 事业单位证书号
	SocialOrgNo    string        `json:"social_org_no,omitempty"`   // CF_XDR_SHZZ 社会组织登记证号
	LegalRep       string        `json:"legal_rep,omitempty"`       // CF_FRDB 法定代表人（个体工商户为经营者）
	LegalRepIDType IDType        `json:"legal_rep_id_type,omitempty"`
	LegalRepID     string        `json:"legal_rep_id,omitempty"` // CF_FR_SFZH
	PartyIDType    IDType        `json:"party_id_type,omitempty"`
	PartyID        string        `json:"party_id,omitempty"` // CF_XDR_ZJHM
	// Minor is declared by whoever registers the record (for parties
	// without a resident ID); the resident ID is checked as well.
	Minor bool `json:"minor,omitempty"`
	// OtherPersons names natural persons other than the party who appear
	// in the texts (witnesses, employees, buyers): masked in public.
	OtherPersons []string `json:"other_persons,omitempty"`

	DecisionNumber string     `json:"decision_number"`        // CF_WSH
	ViolationType  string     `json:"violation_type"`         // CF_WFXW
	Facts          string     `json:"facts"`                  // CF_SY
	Basis          string     `json:"basis"`                  // CF_YJ
	Categories     []Category `json:"categories"`             // CF_CFLB
	Content        string     `json:"content"`                // CF_NR
	Fine           Amount     `json:"fine,omitempty"`         // CF_NR_FK, 万元
	Confiscation   Amount     `json:"confiscation,omitempty"` // CF_NR_WFFF, 万元
	Licence        string     `json:"licence,omitempty"`      // CF_NR_ZKDX 暂扣或吊销证照名称及编号

	DecidedOn         calendar.Date  `json:"decided_on"`                    // CF_JDRQ
	PenaltyValidUntil *calendar.Date `json:"penalty_valid_until,omitempty"` // CF_YXQ
	DisplayUntil      calendar.Date  `json:"display_until"`                 // CF_GSJZQ

	Agency         string `json:"agency"`           // CF_CFJG
	AgencyCode     string `json:"agency_code"`      // CF_CFJGDM
	DataSource     string `json:"data_source"`      // CF_SJLY
	DataSourceCode string `json:"data_source_code"` // CF_SJLYDM
	Note           string `json:"note,omitempty"`   // BZ

	Status         Status         `json:"status"`
	PublishDue     calendar.Date  `json:"publish_due"`
	PublishedOn    *calendar.Date `json:"published_on,omitempty"`
	PublishedLate  bool           `json:"published_late"`
	WithheldReason string         `json:"withheld_reason,omitempty"`
	ChangedOn      *calendar.Date `json:"changed_on,omitempty"`
	WithdrawDue    *calendar.Date `json:"withdraw_due,omitempty"`
	WithdrawnOn    *calendar.Date `json:"withdrawn_on,omitempty"`
	WithdrawReason string         `json:"withdraw_reason,omitempty"`
	WithdrawnLate  bool           `json:"withdrawn_late"`
	ExpiredOn      *calendar.Date `json:"expired_on,omitempty"`
	Version        int            `json:"version"`
	CreatedAt      time.Time      `json:"created_at"`
	UpdatedAt      time.Time      `json:"updated_at"`

	// Masked is the public text, set when the record is published; it is
	// derived, so the audit snapshot leaves it out.
	Masked *Masked `json:"-"`
}

// Principal is the record's heaviest category.
func (r Record) Principal() Category { return Principal(r.Categories) }

// CategoryLabels is the record's categories in Chinese.
func (r Record) CategoryLabels() string { return JoinCategories(r.Categories) }

// Title names a record in lists and audit trails: the decision number and
// the party.
func (r Record) Title() string { return r.DecisionNumber + " " + r.PartyName }

// Masked is the public text of a record under the masking policy in force
// when it was published.
type Masked struct {
	PartyName string `json:"party_name"`
	LegalRep  string `json:"legal_rep"`
	Facts     string `json:"facts"`
	Basis     string `json:"basis"`
	Content   string `json:"content"`
	Licence   string `json:"licence"`
	Note      string `json:"note"`
}

// Public is what anyone may see of a published record: the data set's
// fields after masking, without any personal identifier of a natural
// person (ID types and numbers are never included).
type Public struct {
	ID                int64          `json:"id"`
	PartyName         string         `json:"party_name"`
	PartyCategory     string         `json:"party_category"`
	PartyType         PartyCategory  `json:"party_type"`
	CreditCode        string         `json:"credit_code,omitempty"`
	RegistrationNo    string         `json:"registration_no,omitempty"`
	OrgCode           string         `json:"org_code,omitempty"`
	TaxNo             string         `json:"tax_no,omitempty"`
	InstitutionNo     string         `json:"institution_no,omitempty"`
	SocialOrgNo       string         `json:"social_org_no,omitempty"`
	LegalRep          string         `json:"legal_rep,omitempty"`
	DecisionNumber    string         `json:"decision_number"`
	ViolationType     string         `json:"violation_type"`
	Facts             string         `json:"facts"`
	Basis             string         `json:"basis"`
	Category          Category       `json:"category"`
	Categories        string         `json:"categories"`
	Content           string         `json:"content"`
	Fine              Amount         `json:"fine"`
	Confiscation      Amount         `json:"confiscation"`
	Licence           string         `json:"licence,omitempty"`
	DecidedOn         calendar.Date  `json:"decided_on"`
	PenaltyValidUntil *calendar.Date `json:"penalty_valid_until,omitempty"`
	DisplayUntil      calendar.Date  `json:"display_until"`
	Agency            string         `json:"agency"`
	AgencyCode        string         `json:"agency_code"`
	DataSource        string         `json:"data_source"`
	DataSourceCode    string         `json:"data_source_code"`
	Note              string         `json:"note,omitempty"`
	PublishedOn       *calendar.Date `json:"published_on,omitempty"`
	Status            Status         `json:"status"`
	StatusLabel       string         `json:"status_label"`
	// The withdrawal log proves the statutory period was kept: when the
	// decision changed, when withdrawal was due and when it happened.
	ChangedOn      *calendar.Date `json:"changed_on,omitempty"`
	WithdrawDue    *calendar.Date `json:"withdraw_due,omitempty"`
	WithdrawnOn    *calendar.Date `json:"withdrawn_on,omitempty"`
	WithdrawReason string         `json:"withdraw_reason,omitempty"`
	WithdrawnLate  bool           `json:"withdrawn_late,omitempty"`
	ExpiredOn      *calendar.Date `json:"expired_on,omitempty"`
}

// Public returns the public view of r from its masked text. A record that
// is no longer on display (withdrawn, expired) keeps only what says so:
// the decision number, the agency, the dates and the reason.
func (r Record) Public() Public {
	m := r.Masked
	if m == nil {
		m = &Masked{}
	}
	p := Public{ID: r.ID, PartyName: m.PartyName, PartyCategory: r.PartyCategory.Label(), PartyType: r.PartyCategory,
		DecisionNumber: r.DecisionNumber, Agency: r.Agency, AgencyCode: r.AgencyCode, DecidedOn: r.DecidedOn,
		PublishedOn: r.PublishedOn, Status: r.Status, StatusLabel: r.Status.Label(), ExpiredOn: r.ExpiredOn, DataSource: r.DataSource, DataSourceCode: r.DataSourceCode,
		DisplayUntil: r.DisplayUntil, Category: r.Principal(), Categories: r.CategoryLabels()}
	if r.Status == Withdrawn {
		p.ChangedOn, p.WithdrawDue, p.WithdrawnOn = r.ChangedOn, r.WithdrawDue, r.WithdrawnOn
		p.WithdrawReason, p.WithdrawnLate = r.WithdrawReason, r.WithdrawnLate
	}
	if !r.Status.Public() {
		return p
	}
	if r.PartyCategory != Person {
		p.CreditCode, p.RegistrationNo, p.OrgCode = r.CreditCode, r.RegistrationNo, r.OrgCode
		p.TaxNo, p.InstitutionNo, p.SocialOrgNo = r.TaxNo, r.InstitutionNo, r.SocialOrgNo
		p.LegalRep = m.LegalRep
	}
	p.ViolationType, p.Facts, p.Basis, p.Content = r.ViolationType, m.Facts, m.Basis, m.Content
	p.Fine, p.Confiscation, p.Licence, p.Note = r.Fine, r.Confiscation, m.Licence, m.Note
	p.PenaltyValidUntil = r.PenaltyValidUntil
	return p
}

// AgeOn is the age in whole years on day d of someone born on birth.
func AgeOn(birth time.Time, d calendar.Date) int {
	age := d.Year - birth.Year()
	if d.Month < birth.Month() || (d.Month == birth.Month() && d.Day < birth.Day()) {
		age--
	}
	return age
}
