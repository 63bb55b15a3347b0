// Package normdoc is seed measures 1 and 3: the registry of administrative
// normative documents (行政规范性文件) with their document numbers and
// unified registration numbers, the making lifecycle, the effects ledger
// from which a document's status on any day derives, validity and its
// evaluation before expiry, cleanup campaigns (清理) and the catalogs of
// documents in force, abolished and expired. It decides; the store writes.
package normdoc

import (
	"strings"
	"time"
	"unicode/utf8"

	"fazhi/internal/apperr"
	"fazhi/internal/calendar"
)

// Issuer is one issuing unit of a document; jointly issued documents have
// several, exactly one of them the lead (牵头单位).
type Issuer struct {
	UnitID int64  `json:"unit_id"`
	Name   string `json:"name"`
	Lead   bool   `json:"lead"`
}

// Document is one normative document of the registry.
type Document struct {
	ID    int64  `json:"id"`
	Title string `json:"title"`
	// Number is the document number (文号) in canonical form; empty until
	// the document is numbered.
	Number string `json:"number"`
	// RegNumber is the unified registration number (统一登记号, 三统一);
	// empty until registered. A renewal registers it anew.
	RegNumber string `json:"reg_number"`
	// LeadUnitID is the lead issuing unit; its clerks edit the document.
	LeadUnitID   int64    `json:"lead_unit_id"`
	LeadUnitName string   `json:"lead_unit_name"`
	LeadUnitKind string   `json:"lead_unit_kind"`
	Issuers      []Issuer `json:"issuers"`
	// ImplementerID is the unit that organises the implementation (组织实施
	// 单位), which cleans the document up; 0 = the lead unit.
	ImplementerID   int64          `json:"implementer_id,omitempty"`
	ImplementerName string         `json:"implementer_name,omitempty"`
	SignedOn        *calendar.Date `json:"signed_on,omitempty"`
	PublishedOn     *calendar.Date `json:"published_on,omitempty"`
	EffectiveOn     *calendar.Date `json:"effective_on,omitempty"`
	// ExpiryOn is the last day of validity; nil = no limit (documents from
	// before the validity rule).
	ExpiryOn *calendar.Date `json:"expiry_on,omitempty"`
	// ExpiryFixed: the expiry was set by hand and is not computed from the
	// validity rule.
	ExpiryFixed    bool     `json:"expiry_fixed"`
	LegalBasis     string   `json:"legal_basis"`
	Subjects       []string `json:"subjects"`
	ReformTags     []string `json:"reform_tags"`
	FullText       string   `json:"full_text"`
	PublicationURL string   `json:"publication_url"`
	// State is the place in the making lifecycle (workflow state).
	State     string    `json:"state"`
	Version   int       `json:"version"`
	CreatedAt time.Time `json:"created_at"`
	UpdatedAt time.Time `json:"updated_at"`
}

// Dates are the dates that decide the document's status.
func (d Document) Dates() Dates { return Dates{PublishedOn: d.PublishedOn, EffectiveOn: d.EffectiveOn} }

// Level tells documents of the city government and its office (市政府及
// 市政府办公室制定) from those of departments and towns (各地各部门制定),
// the two halves of Cixi's 2017 cleanup scope.
type Level string

const (
	GovernmentLevel Level = "government"
	UnitLevel       Level = "unit"
)

// Levels lists the levels with their Chinese labels.
var Levels = []struct {
	Value Level
	Label string
}{{GovernmentLevel, "市政府及市政府办公室"}, {UnitLevel, "各镇（街道）、各部门"}}

// Label is the Chinese name of l.
func (l Level) Label() string {
	for _, x := range Levels {
		if x.Value == l {
			return x.Label
		}
	}
	return string(l)
}

// LevelOf is the level of a document whose lead unit is of kind.
func LevelOf(unitKind string) Level {
	if unitKind == "government" || unitKind == "office" {
		return GovernmentLevel
	}
	return UnitLevel
}

// ReformTags are the reform topics a cleanup campaign selects documents
// by (国办发〔2017〕40号's priority targets).
var ReformTags = []struct {
	Value string
	Label string
}{
	{"approval", "行政审批制度改革"}, {"commercial", "商事制度改革"}, {"qualification", "职业资格改革"},
	{"investment", "投资体制改革"}, {"fees", "收费和价格"}, {"intermediary", "行政审批中介服务"},
	{"certificates", "证明事项"}, {"ecology", "生态环境保护"}, {"competition", "公平竞争"},
}

// ReformLabel is the Chinese name of a reform tag.
func ReformLabel(tag string) string {
	for _, x := range ReformTags {
		if x.Value == tag {
			return x.Label
		}
	}
	return tag
}

// SplitList reads tags typed as one string, separated by commas,
// semicolons, 、 or spaces; blanks and repeats are dropped.
func SplitList(s string) []string {
	f := strings.FieldsFunc(s, func(r rune) bool {
		return r == ',' || r == '，' || r == ';' || r == '；' || r == '、' || r == ' ' || r == '\n' || r == '\t'
	})
	var out []string
	seen := map[string]bool{}
	for _, v := range f {
		if v = strings.TrimSpace(v); v != "" && !seen[v] {
			seen[v] = true
			out = append(out, v)
		}
	}
	return out
}

// Prepare tidies a document before validation: it normalises the document
// number (reporting a bad one as a field error), trims text fields and
// puts the lead first among the issuers.
func (d *Document) Prepare() error {
	var f apperr.Fields
	d.Title = strings.TrimSpace(d.Title)
	d.LegalBasis = strings.TrimSpace(d.LegalBasis)
	d.PublicationURL = strings.TrimSpace(d.PublicationURL)
	d.Subjects = SplitList(strings.Join(d.Subjects, ","))
	d.ReformTags = SplitList(strings.Join(d.ReformTags, ","))
	if strings.TrimSpace(d.Number) != "" {
		n, err := NormalizeDocNumber(d.Number)
		d.Number = n
		if err != nil {
			f.Add("number", "文号", err.Error())
		}
	} else {
		d.Number = ""
	}
	d.Issuers = orderIssuers(d.LeadUnitID, d.Issuers)
	f.Required("title", "文件名称", d.Title)
	if utf8.RuneCountInString(d.Title) > 200 {
		f.Add("title", "文件名称", "不能超过 200 字")
	}
	if d.LeadUnitID == 0 {
		f.Add("lead_unit_id", "牵头制定单位", "必填项为空")
	}
	for _, t := range d.ReformTags {
		if ReformLabel(t) == t {
			f.Add("reform_tags", "改革事项", "未知的改革事项："+t)
			break
		}
	}
	d.checkDates(&f)
	if d.PublicationURL != "" && !strings.HasPrefix(d.PublicationURL, "http://") && !strings.HasPrefix(d.PublicationURL, "https://") {
		f.Add("publication_url", "公布网址", "应以 http:// 或 https:// 开头")
	}
	return f.Err()
}

func (d *Document) checkDates(f *apperr.Fields) {
	if d.SignedOn != nil && d.PublishedOn != nil && d.PublishedOn.Before(*d.SignedOn) {
		f.Add("published_on", "公布日期", "不能早于签发日期")
	}
	if d.PublishedOn != nil && d.EffectiveOn != nil && d.EffectiveOn.Before(*d.PublishedOn) {
		f.Add("effective_on", "施行日期", "不能早于公布日期（未经公布的文件不得作为行政管理依据）")
	}
	if d.EffectiveOn != nil && d.ExpiryOn != nil && !d.ExpiryOn.After(*d.EffectiveOn) {
		f.Add("expiry_on", "有效期至", "应晚于施行日期")
	}
}

// orderIssuers puts the lead first and drops repeats; a lead missing from
// the list is added.
func orderIssuers(lead int64, in []Issuer) []Issuer {
	out := []Issuer{{UnitID: lead, Lead: true}}
	seen := map[int64]bool{lead: true}
	for _, is := range in {
		if is.UnitID == lead {
			out[0].Name = is.Name
		}
		if is.UnitID == 0 || seen[is.UnitID] {
			continue
		}
		seen[is.UnitID] = true
		out = append(out, Issuer{UnitID: is.UnitID, Name: is.Name})
	}
	if lead == 0 {
		return out[1:]
	}
	return out
}

// CoIssuers are the issuers other than the lead.
func (d Document) CoIssuers() []Issuer {
	var out []Issuer
	for _, is := range d.Issuers {
		if !is.Lead {
			out = append(out, is)
		}
	}
	return out
}

// IssuerNames joins the issuers' names, the lead first.
func (d Document) IssuerNames() string {
	names := make([]string, 0, len(d.Issuers))
	for _, is := range d.Issuers {
		names = append(names, is.Name)
	}
	if len(names) == 0 {
		return d.LeadUnitName
	}
	return strings.Join(names, "、")
}

// Involves reports whether unit issued the document (lead or co-issuer)
// or organises its implementation: its staff may see it.
func (d Document) Involves(unit int64) bool {
	if d.LeadUnitID == unit || d.ImplementerID == unit {
		return true
	}
	for _, is := range d.Issuers {
		if is.UnitID == unit {
			return true
		}
	}
	return false
}

// Responsible is the unit that answers for the document in a cleanup and
// at its evaluation: whoever organises its implementation, else the lead
// issuer (谁制定谁清理，谁实施谁清理; jointly issued documents by the lead).
func (d Document) Responsible() int64 {
	if d.ImplementerID != 0 {
		return d.ImplementerID
	}
	return d.LeadUnitID
}
