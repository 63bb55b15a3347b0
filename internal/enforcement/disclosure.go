package enforcement

import (
	"fmt"
	"strings"

	"fazhi/internal/apperr"
	"fazhi/internal/calendar"
)

// DisclosureData is a decided case as the national administrative-penalty
// data set (双公示 行政处罚) wants it; the JSON names are the data set's
// column codes (domain brief §4.4). Amounts are in 万元 with six decimals.
// The penalty-disclosure area builds its public record from it and applies
// its own masking and exceptions (minors, secrets, privacy).
type DisclosureData struct {
	CaseID    int64         `json:"case_id"`
	UnitID    int64         `json:"unit_id"`
	DueOn     calendar.Date `json:"due_on"`      // publish by (rule disclosure.publish_penalty)
	PartyKind PartyKind     `json:"party_kind"`  // to choose the masking rules
	Minor     bool          `json:"party_minor"` // Zhejiang: a minor's penalty is not published

	PartyName         string `json:"CF_XDR_MC"`
	PartyCategory     string `json:"CF_XDR_LB"`
	CreditCode        string `json:"CF_XDR_SHXYM"`
	BusinessRegNo     string `json:"CF_XDR_GSZC"`
	OrgCode           string `json:"CF_XDR_ZZJG"`
	TaxRegNo          string `json:"CF_XDR_SWDJ"`
	InstitutionCertNo string `json:"CF_XDR_SYDW"`
	SocialOrgRegNo    string `json:"CF_XDR_SHZZ"`
	LegalRep          string `json:"CF_FRDB"`
	LegalRepIDType    string `json:"CF_FR_ZJLX"`
	LegalRepID        string `json:"CF_FR_SFZH"`
	IDType            string `json:"CF_XDR_ZJLX"`
	IDNumber          string `json:"CF_XDR_ZJHM"`
	DecisionNumber    string `json:"CF_WSH"`
	ViolationType     string `json:"CF_WFXW"`
	Facts             string `json:"CF_SY"`
	Basis             string `json:"CF_YJ"`
	PenaltyCategory   string `json:"CF_CFLB"`
	PenaltyContent    string `json:"CF_NR"`
	FineWan           string `json:"CF_NR_FK"`
	ConfiscationWan   string `json:"CF_NR_WFFF"`
	LicenceAffected   string `json:"CF_NR_ZKDX"`
	DecisionDate      string `json:"CF_JDRQ"`
	ValidUntil        string `json:"CF_YXQ"`
	PublicUntil       string `json:"CF_GSJZQ"`
	Agency            string `json:"CF_CFJG"`
	AgencyCode        string `json:"CF_CFJGDM"`
	Source            string `json:"CF_SJLY"`
	SourceCode        string `json:"CF_SJLYDM"`
	Note              string `json:"BZ"`
}

// Disclosure maps a case decided with a penalty to the data set. agency
// and agencyCode are the deciding unit's name and credit code (also the
// data's source). ValidUntil and PublicUntil are left to the disclosure
// area, which owns the display periods.
func Disclosure(c Case, agency, agencyCode string) (DisclosureData, error) {
	if c.Outcome != Penalised || c.DecidedOn == nil || c.DecisionNumber == "" {
		return DisclosureData{}, apperr.New(apperr.Conflict, "案件尚未作出行政处罚决定，没有可公示的处罚信息")
	}
	p := c.Party
	d := DisclosureData{CaseID: c.ID, UnitID: c.UnitID, PartyKind: p.Kind, Minor: p.Minor,
		PartyName: p.Name, PartyCategory: p.Kind.Label(), DecisionNumber: c.DecisionNumber,
		ViolationType: firstNonEmpty(c.ViolationType, c.MatterName), Facts: c.Facts, Basis: c.Basis,
		PenaltyCategory: KindsLabel(c.PenaltyKinds), PenaltyContent: PenaltyContent(c),
		FineWan: c.Fine.Wan(), ConfiscationWan: c.Confiscation.Wan(), LicenceAffected: c.LicenceAffected,
		DecisionDate: c.DecidedOn.String(), Agency: agency, AgencyCode: agencyCode, Source: agency, SourceCode: agencyCode}
	if p.Category != "" {
		d.PartyCategory = p.Category
	}
	if p.Kind == Person {
		d.IDType, d.IDNumber = firstNonEmpty(p.IDType, "身份证"), p.Code
	} else {
		d.CreditCode = p.Code
		d.LegalRep, d.LegalRepIDType, d.LegalRepID = p.LegalRep, p.LegalRepIDTyp, p.LegalRepID
		if d.LegalRepID != "" && d.LegalRepIDType == "" {
			d.LegalRepIDType = "身份证"
		}
	}
	return d, nil
}

// PenaltyContent is the penalty in words, as a decision states it.
func PenaltyContent(c Case) string {
	var parts []string
	for _, k := range SplitKinds(c.PenaltyKinds) {
		switch k {
		case "fine":
			parts = append(parts, fmt.Sprintf("罚款人民币 %s 元", c.Fine))
		case "confiscate_gains", "confiscate_property":
			parts = append(parts, fmt.Sprintf("%s人民币 %s 元", labelOf(PenaltyKinds, k), c.Confiscation))
		case "suspend_licence", "revoke_licence", "downgrade":
			s := labelOf(PenaltyKinds, k)
			if c.LicenceAffected != "" {
				s += "（" + c.LicenceAffected + "）"
			}
			parts = append(parts, s)
		default:
			parts = append(parts, labelOf(PenaltyKinds, k))
		}
	}
	return strings.Join(parts, "；")
}

func firstNonEmpty(v ...string) string {
	for _, s := range v {
		if s != "" {
			return s
		}
	}
	return ""
}
