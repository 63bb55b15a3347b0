package enforcement

import (
	"strings"
	"time"

	"fazhi/internal/apperr"
	"fazhi/internal/calendar"
)

// RecordKind is the audit and workflow record kind of a penalty case.
const RecordKind = "penalty_case"

// Procedure is how a case is handled.
type Procedure string

const (
	Ordinary Procedure = "ordinary" // 普通程序
	Simple   Procedure = "simple"   // 简易程序（当场处罚）
)

// Label is the Chinese name of p.
func (p Procedure) Label() string {
	switch p {
	case Ordinary:
		return "普通程序"
	case Simple:
		return "简易程序"
	}
	return string(p)
}

// PartyKind is who the party is.
type PartyKind string

const (
	Person       PartyKind = "person"       // 自然人
	Organisation PartyKind = "organisation" // 法人或其他组织
	Individual   PartyKind = "individual"   // 个体工商户
)

// PartyKinds lists every kind with its label (the data set's 行政相对人类别).
var PartyKinds = []Option{
	{string(Organisation), "法人及非法人组织"}, {string(Individual), "个体工商户"}, {string(Person), "自然人"},
}

// Label is the Chinese name of k.
func (k PartyKind) Label() string { return labelOf(PartyKinds, string(k)) }

// Organisational reports whether the Art. 51 and Art. 63 thresholds for
// organisations apply (a sole trader is treated as an organisation when
// registered as one).
func (k PartyKind) Organisational() bool { return k == Organisation || k == Individual }

// Sources are where a case comes from (案件来源).
var Sources = []Option{
	{"inspection", "监督检查发现"}, {"complaint", "投诉举报"}, {"referral", "其他机关移送"},
	{"assigned", "上级交办"}, {"monitoring", "技术监控"}, {"other", "其他"},
}

// Option is a machine value with its Chinese label.
type Option struct {
	Value string `json:"value"`
	Label string `json:"label"`
}

func labelOf(opts []Option, v string) string {
	for _, o := range opts {
		if o.Value == v {
			return o.Label
		}
	}
	return v
}

// SourceLabel is the Chinese name of a case source.
func SourceLabel(v string) string { return labelOf(Sources, v) }

// PenaltyKinds are the kinds of administrative penalty (Art. 9).
var PenaltyKinds = []Option{
	{"warning", "警告"}, {"criticism", "通报批评"}, {"fine", "罚款"}, {"confiscate_gains", "没收违法所得"},
	{"confiscate_property", "没收非法财物"}, {"suspend_licence", "暂扣许可证件"}, {"downgrade", "降低资质等级"},
	{"revoke_licence", "吊销许可证件"}, {"restrict_activity", "限制开展生产经营活动"}, {"suspend_business", "责令停产停业"},
	{"close", "责令关闭"}, {"restrict_employment", "限制从业"}, {"detention", "行政拘留"},
}

// KindsLabel turns stored kinds ("warning,fine") into Chinese ("警告、罚款").
func KindsLabel(kinds string) string {
	var out []string
	for _, k := range SplitKinds(kinds) {
		out = append(out, labelOf(PenaltyKinds, k))
	}
	return strings.Join(out, "、")
}

// ParseKinds reads penalty kinds as people write them — codes or Chinese
// labels separated by 、，, ; or spaces — into stored form.
func ParseKinds(s string) string {
	var out []string
	for _, k := range strings.FieldsFunc(s, func(r rune) bool { return strings.ContainsRune(",，、;； ", r) }) {
		for _, o := range PenaltyKinds {
			if k == o.Value || k == o.Label {
				out = append(out, o.Value)
			}
		}
	}
	return normKinds(strings.Join(out, ","))
}

// SplitKinds reads stored kinds.
func SplitKinds(kinds string) []string {
	var out []string
	for _, k := range strings.Split(kinds, ",") {
		if k = strings.TrimSpace(k); k != "" {
			out = append(out, k)
		}
	}
	return out
}

// heavyKinds are the penalties that give a right to a hearing whatever
// the amount (Art. 63 items 3-5).
var heavyKinds = map[string]bool{"downgrade": true, "revoke_licence": true, "restrict_activity": true,
	"suspend_business": true, "close": true, "restrict_employment": true}

// Outcome is how the head decided after the investigation (Art. 57).
type Outcome string

const (
	Penalised      Outcome = "penalty"         // 给予行政处罚
	NoPenalty      Outcome = "no_penalty"      // 不予行政处罚
	NotEstablished Outcome = "not_established" // 违法事实不能成立，不予行政处罚
	Transferred    Outcome = "transfer"        // 移送司法机关
)

// Outcomes lists every outcome with its label.
var Outcomes = []Option{
	{string(Penalised), "给予行政处罚"}, {string(NoPenalty), "不予行政处罚"},
	{string(NotEstablished), "违法事实不能成立"}, {string(Transferred), "移送司法机关"},
}

// Label is the Chinese name of o.
func (o Outcome) Label() string { return labelOf(Outcomes, string(o)) }

// NoPenaltyReasons are the grounds for not penalising (Arts. 30, 31, 33).
var NoPenaltyReasons = []Option{
	{"minor_corrected", "违法行为轻微并及时改正，没有造成危害后果（第三十三条第一款）"},
	{"first_minor", "初次违法且危害后果轻微并及时改正（第三十三条第一款）"},
	{"no_fault", "当事人有证据足以证明没有主观过错（第三十三条第二款）"},
	{"under_14", "不满十四周岁的未成年人（第三十条）"},
	{"mental_illness", "精神病人、智力残疾人在不能辨认或者不能控制自己行为时（第三十一条）"},
	{"limitation", "违法行为超过追责时效（第三十六条）"},
}

// NoPenaltyReasonLabel is the Chinese text of a reason.
func NoPenaltyReasonLabel(v string) string { return labelOf(NoPenaltyReasons, v) }

// DeliveryMethods are how a decision reaches the party (Art. 61; 民事诉讼法).
var DeliveryMethods = []Option{
	{"direct", "直接送达"}, {"left", "留置送达"}, {"post", "邮寄送达"}, {"entrusted", "委托送达"},
	{"electronic", "电子送达（传真、电子邮件等）"}, {"announcement", "公告送达"},
}

// DeliveryLabel is the Chinese name of a delivery method.
func DeliveryLabel(v string) string { return labelOf(DeliveryMethods, v) }

// Case is a penalty case. Its state is its workflow item's; the fields
// hold what each act recorded.
type Case struct {
	ID             int64     `json:"id"`
	UnitID         int64     `json:"unit_id"`
	UnitName       string    `json:"unit_name"`
	MatterID       int64     `json:"matter_id"`
	MatterCode     string    `json:"matter_code"`
	MatterName     string    `json:"matter_name"`
	MatterCategory string    `json:"matter_category"`
	Procedure      Procedure `json:"procedure"`
	State          string    `json:"state"`
	StateLabel     string    `json:"state_label"`
	ItemVersion    int       `json:"item_version"` // the workflow item's version, for transitions
	FilingNumber   string    `json:"filing_number,omitempty"`
	DecisionNumber string    `json:"decision_number,omitempty"`

	Source     string        `json:"source"`
	SourceOn   calendar.Date `json:"source_on"`
	SourceNote string        `json:"source_note"`

	Party Party `json:"party"`

	ViolationType   string         `json:"violation_type"`
	Facts           string         `json:"facts"`
	EvidenceSummary string         `json:"evidence_summary"`
	ViolationOn     *calendar.Date `json:"violation_on,omitempty"`
	AmountInvolved  Money          `json:"amount_involved"` // 涉案金额
	IllegalGains    Money          `json:"illegal_gains"`   // 违法所得
	FiledOn         *calendar.Date `json:"filed_on,omitempty"`
	ReportOn        *calendar.Date `json:"report_on,omitempty"`
	Officers        []CaseOfficer  `json:"officers"`

	BenchmarkID      int64  `json:"benchmark_id,omitempty"`
	BenchmarkVersion int    `json:"benchmark_version,omitempty"`
	TierID           int64  `json:"tier_id,omitempty"`
	TierName         string `json:"tier_name,omitempty"`
	OutsideBenchmark bool   `json:"outside_benchmark"`
	DeviationReason  string `json:"deviation_reason,omitempty"`

	NoticeOn           *calendar.Date `json:"notice_on,omitempty"`
	NoticeFine         Money          `json:"notice_fine"`
	NoticeConfiscation Money          `json:"notice_confiscation"`
	NoticeKinds        string         `json:"notice_kinds"`
	HearingRight       bool           `json:"hearing_right"`
	DefenceOn          *calendar.Date `json:"defence_on,omitempty"`
	DefenceNote        string         `json:"defence_note,omitempty"`
	HearingRequestedOn *calendar.Date `json:"hearing_requested_on,omitempty"`
	HearingNoticeOn    *calendar.Date `json:"hearing_notice_on,omitempty"`
	HearingOn          *calendar.Date `json:"hearing_on,omitempty"`
	HearingHeld        bool           `json:"hearing_held"`

	ReviewRequired bool `json:"review_required"`
	ReviewCatalog  bool `json:"review_catalog"` // set by the legal-review catalog (issue 7)
	// ReviewCatalogReasons are the catalogue rules the case meets on the
	// act's day, as the legal-review area found them (not stored).
	ReviewCatalogReasons []string `json:"review_catalog_reasons,omitempty"`
	// ApprovalReasons are the rules of the unit's catalogue of decisions
	// reported to the city government that the case meets, and
	// ApprovalGrantedOn the day the government approved (not stored).
	ApprovalReasons    []string       `json:"approval_reasons,omitempty"`
	ApprovalGrantedOn  *calendar.Date `json:"approval_granted_on,omitempty"`
	ReviewPassedOn     *calendar.Date `json:"review_passed_on,omitempty"`
	CollectiveRequired bool           `json:"collective_required"`
	CollectiveOn       *calendar.Date `json:"collective_on,omitempty"`

	Outcome         Outcome        `json:"outcome,omitempty"`
	NoPenaltyReason string         `json:"no_penalty_reason,omitempty"`
	DecidedOn       *calendar.Date `json:"decided_on,omitempty"`
	PenaltyKinds    string         `json:"penalty_kinds"`
	Fine            Money          `json:"fine"`
	Confiscation    Money          `json:"confiscation"`
	LicenceAffected string         `json:"licence_affected,omitempty"`
	Basis           string         `json:"basis"` // 处罚依据 as written in the decision

	PartyPresent      bool           `json:"party_present"`
	ElectronicConsent bool           `json:"electronic_consent"`
	DeliveredOn       *calendar.Date `json:"delivered_on,omitempty"`
	DeliveryMethod    string         `json:"delivery_method,omitempty"`

	PaymentDue    *calendar.Date `json:"payment_due,omitempty"`
	DeferredUntil *calendar.Date `json:"deferred_until,omitempty"`
	Instalments   int            `json:"instalments"`
	PaidOn        *calendar.Date `json:"paid_on,omitempty"`
	Paid          Money          `json:"paid"`
	Surcharge     Money          `json:"surcharge"`
	CashCollected bool           `json:"cash_collected"`
	ClosedOn      *calendar.Date `json:"closed_on,omitempty"`
	DisclosedOn   *calendar.Date `json:"disclosed_on,omitempty"`

	Version   int       `json:"version"`
	CreatedAt time.Time `json:"created_at"`
	UpdatedAt time.Time `json:"updated_at"`
}

// Party is the party of a case (当事人).
type Party struct {
	Kind     PartyKind `json:"kind"`
	Name     string    `json:"name"`
	Category string    `json:"category,omitempty"` // the data set's 行政相对人类别, when it differs from Kind
	// Code is the unified social credit code of an organisation or sole
	// trader, or the ID number of a person.
	Code          string `json:"code,omitempty"`
	IDType        string `json:"id_type,omitempty"` // a person's document type, e.g. 身份证
	Address       string `json:"address,omitempty"`
	Phone         string `json:"phone,omitempty"`
	LegalRep      string `json:"legal_rep,omitempty"`
	LegalRepIDTyp string `json:"legal_rep_id_type,omitempty"`
	LegalRepID    string `json:"legal_rep_id,omitempty"`
	Minor         bool   `json:"minor"`
}

// CaseOfficer is an officer assigned to a case with the entitlement
// found on the day of assignment.
type CaseOfficer struct {
	PersonID    int64         `json:"person_id"`
	Name        string        `json:"name"`
	Role        string        `json:"role"` // 主办 / 协办
	Certificate string        `json:"certificate"`
	CheckedOn   calendar.Date `json:"checked_on"`
}

// OfficerRoles are the roles of officers in a case.
const (
	LeadOfficer   = "主办"
	SecondOfficer = "协办"
)

// Title is a short name of the case for lists and the workflow item.
func (c Case) Title() string {
	name := c.MatterName
	if name == "" {
		name = "行政处罚案件"
	}
	return c.Party.Name + " " + name
}

// Number is the case's best identifier: the decision number once
// decided, the filing number once filed, otherwise its id.
func (c Case) Number() string {
	switch {
	case c.DecisionNumber != "":
		return c.DecisionNumber
	case c.FilingNumber != "":
		return c.FilingNumber
	}
	return "登记号 " + itoa(c.ID)
}

func itoa(n int64) string {
	if n == 0 {
		return "0"
	}
	var b [20]byte
	i := len(b)
	for n > 0 {
		i--
		b[i] = byte('0' + n%10)
		n /= 10
	}
	return string(b[i:])
}

// Amount is the total money the decision takes: fine and confiscation.
func (c Case) Amount() Money { return c.Fine + c.Confiscation }

// PrepareRegistration trims and validates what a case source records.
func (c *Case) PrepareRegistration() error {
	c.Party.Name, c.Party.Code = strings.TrimSpace(c.Party.Name), strings.ToUpper(strings.TrimSpace(c.Party.Code))
	c.Party.Address, c.Party.LegalRep = strings.TrimSpace(c.Party.Address), strings.TrimSpace(c.Party.LegalRep)
	c.Facts, c.SourceNote = strings.TrimSpace(c.Facts), strings.TrimSpace(c.SourceNote)
	var f apperr.Fields
	if c.UnitID == 0 {
		f.Add("unit_id", "执法单位", "必填项为空")
	}
	if c.MatterID == 0 {
		f.Add("matter_id", "执法事项", "请选择执法事项")
	}
	if labelOf(Sources, c.Source) == c.Source {
		f.Add("source", "案件来源", "请选择案件来源")
	}
	if c.SourceOn.IsZero() {
		f.Add("source_on", "发现日期", "必填项为空")
	}
	if c.Party.Kind.Label() == string(c.Party.Kind) {
		f.Add("party_kind", "当事人类型", "请选择当事人类型")
	}
	f.Required("party_name", "当事人", c.Party.Name)
	if c.Party.Kind.Organisational() && c.Party.Kind == Organisation && c.Party.LegalRep == "" {
		f.Add("legal_rep", "法定代表人", "单位当事人须填写法定代表人（负责人）")
	}
	if c.ViolationOn != nil && c.ViolationOn.After(c.SourceOn) {
		f.Add("violation_on", "违法行为发生日期", "不能晚于发现日期")
	}
	if c.AmountInvolved < 0 || c.IllegalGains < 0 {
		f.Add("amount_involved", "涉案金额", "不能为负数")
	}
	return f.Err()
}
