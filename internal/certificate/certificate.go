// Package certificate is seed measure 5: enforcement officers, their
// qualification exams, certificates (行政执法证), annual reviews, the
// anomaly detector and clean-up, and the entitlement service every other
// area asks: "was this officer entitled to act for this unit on this day?"
package certificate

import (
	"strings"
	"time"

	"fazhi/internal/apperr"
	"fazhi/internal/calendar"
)

// Establishment is an officer's staffing status (编制).
type Establishment string

const (
	Administrative Establishment = "administrative" // 行政编制
	CivilService   Establishment = "civil_service"  // 参照公务员法管理（参公）
	Institution    Establishment = "institution"    // 事业编制
	OtherStaff     Establishment = "other"          // 编外、辅助人员等
)

// Establishments lists every status with its Chinese label.
var Establishments = []struct {
	Value Establishment
	Label string
}{
	{Administrative, "行政编制"}, {CivilService, "参公"}, {Institution, "事业编制"}, {OtherStaff, "其他（编外）"},
}

// Label is the Chinese name of e.
func (e Establishment) Label() string {
	for _, x := range Establishments {
		if x.Value == e {
			return x.Label
		}
	}
	return string(e)
}

// OnEstablishment reports whether e is formal staff, who alone may hold a
// certificate (浙江省行政执法证件管理办法: 在编在岗).
func (e Establishment) OnEstablishment() bool { return e != OtherStaff && e != "" }

// Officer is a person of the registry with what enforcement needs.
type Officer struct {
	PersonID           int64         `json:"person_id"`
	Name               string        `json:"name"`
	UnitID             int64         `json:"unit_id"`
	UnitName           string        `json:"unit_name"`
	Post               string        `json:"post"`
	PersonStatus       string        `json:"person_status"`
	Establishment      Establishment `json:"establishment"`
	Education          string        `json:"education"`
	LegalQualification bool          `json:"legal_qualification"`
	EnforcementPost    bool          `json:"enforcement_post"`
	Version            int           `json:"version"`
}

// Validate checks an officer's own fields.
func (o Officer) Validate() error {
	var f apperr.Fields
	if o.PersonID == 0 {
		f.Add("person_id", "人员", "必填项为空")
	}
	if o.Establishment.Label() == string(o.Establishment) {
		f.Add("establishment", "编制类别", "应为 行政编制、参公、事业编制、其他（编外） 之一")
	}
	return f.Err()
}

// PowerSource is where a certificate's enforcement power comes from.
type PowerSource string

const (
	Statutory  PowerSource = "statutory"  // 法定
	Authorised PowerSource = "authorised" // 授权
	Entrusted  PowerSource = "entrusted"  // 委托
)

// PowerSources lists every source with its Chinese label.
var PowerSources = []struct {
	Value PowerSource
	Label string
}{{Statutory, "法定"}, {Authorised, "授权"}, {Entrusted, "委托"}}

// Label is the Chinese name of p.
func (p PowerSource) Label() string {
	for _, x := range PowerSources {
		if x.Value == p {
			return x.Label
		}
	}
	return string(p)
}

// Status is a certificate's state.
type Status string

const (
	Valid     Status = "valid"     // 有效
	Withheld  Status = "withheld"  // 暂扣
	Cancelled Status = "cancelled" // 注销
	Revoked   Status = "revoked"   // 吊销
	Expired   Status = "expired"   // 过期
	Reissued  Status = "reissued"  // 挂失补发 (this card was lost; a new one replaces it)
	Replaced  Status = "replaced"  // 换发 (exchanged, e.g. on transfer to another unit)
)

// Statuses lists every status with its Chinese label, in display order.
var Statuses = []struct {
	Value Status
	Label string
}{
	{Valid, "有效"}, {Withheld, "暂扣"}, {Cancelled, "注销"}, {Revoked, "吊销"}, {Expired, "过期"},
	{Reissued, "挂失补发（原证作废）"}, {Replaced, "换发（原证作废）"},
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

// Active reports whether a certificate in status s may be used.
func (s Status) Active() bool { return s == Valid }

// Certificate is an enforcement certificate.
type Certificate struct {
	ID             int64         `json:"id"`
	Number         string        `json:"number"`
	PersonID       int64         `json:"person_id"`
	HolderName     string        `json:"holder_name"`
	UnitID         int64         `json:"unit_id"`
	UnitName       string        `json:"unit_name"`
	Issuer         string        `json:"issuer"`
	Area           string        `json:"area"`
	Categories     []string      `json:"categories"`
	PowerSource    PowerSource   `json:"power_source"`
	IssuedOn       calendar.Date `json:"issued_on"`
	ValidUntil     calendar.Date `json:"valid_until"`
	Status         Status        `json:"status"`
	StatusOn       calendar.Date `json:"status_on"`
	StatusReason   string        `json:"status_reason"`
	ReplacesID     int64         `json:"replaces_id,omitempty"`
	RegistrationID int64         `json:"registration_id,omitempty"`
	Version        int           `json:"version"`
	CreatedAt      time.Time     `json:"created_at"`
	UpdatedAt      time.Time     `json:"updated_at"`
}

// Covers reports whether the certificate's categories include matter (a
// category or a matter name; "全部" covers everything).
func (c Certificate) Covers(matter string) bool {
	if matter == "" {
		return true
	}
	for _, cat := range c.Categories {
		if cat == "全部" || cat == matter || strings.HasPrefix(matter, cat) {
			return true
		}
	}
	return false
}

// DaysLeft is how many days remain of the validity on day d.
func (c Certificate) DaysLeft(d calendar.Date) int {
	return int(c.ValidUntil.Time().Sub(d.Time()).Hours() / 24)
}

// JoinCategories stores categories as one text field.
func JoinCategories(c []string) string { return strings.Join(c, "；") }

// SplitCategories reads categories from text, accepting common separators.
func SplitCategories(s string) []string {
	f := strings.FieldsFunc(s, func(r rune) bool { return strings.ContainsRune("；;，,、\n", r) })
	out := make([]string, 0, len(f))
	for _, x := range f {
		if x = strings.TrimSpace(x); x != "" {
			out = append(out, x)
		}
	}
	return out
}

// Validate checks a certificate before issue.
func (c Certificate) Validate() error {
	var f apperr.Fields
	if c.PersonID == 0 {
		f.Add("person_id", "持证人", "必填项为空")
	}
	if c.UnitID == 0 {
		f.Add("unit_id", "执法单位", "必填项为空")
	}
	f.Required("issuer", "发证机关", c.Issuer)
	f.Required("area", "执法区域", c.Area)
	if len(c.Categories) == 0 {
		f.Add("categories", "执法类别或事项", "至少填写一项")
	}
	if c.PowerSource.Label() == string(c.PowerSource) {
		f.Add("power_source", "执法权来源", "应为 法定、授权、委托 之一")
	}
	if c.IssuedOn.IsZero() {
		f.Add("issued_on", "发证日期", "必填项为空")
	}
	if !c.ValidUntil.IsZero() && !c.ValidUntil.After(c.IssuedOn) {
		f.Add("valid_until", "有效期至", "应晚于发证日期")
	}
	return f.Err()
}
