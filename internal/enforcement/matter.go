// Package enforcement is seed measure 4: enforcement matters (执法事项),
// discretion benchmarks (裁量基准) with tiers, ranges and versions, and
// penalty cases under the Administrative Penalty Law (2021) — the
// workflow of the ordinary procedure, the rules of the simple procedure,
// the statutory gates, the late-payment surcharge, the Art. 33 reasons
// for no penalty, the Art. 59 contents of a decision and the record a
// decision hands to penalty disclosure. It decides; the store gathers
// facts and writes.
package enforcement

import (
	"strings"
	"time"

	"fazhi/internal/apperr"
	"fazhi/internal/certificate"
)

// Matter is an enforcement matter of a unit (执法事项): what the unit may
// penalise and on which legal basis.
type Matter struct {
	ID       int64  `json:"id"`
	UnitID   int64  `json:"unit_id"`
	UnitName string `json:"unit_name"`
	Code     string `json:"code"` // 事项代码
	Name     string `json:"name"`
	// Category is the enforcement category (执法类别) an officer's
	// certificate must cover to act on the matter.
	Category     string                  `json:"category"`
	BasisLaw     string                  `json:"basis_law"`     // 违法依据：法律、法规、规章
	BasisArticle string                  `json:"basis_article"` // 条款
	PenaltyBasis string                  `json:"penalty_basis"` // 处罚依据（条款）
	PowerSource  certificate.PowerSource `json:"power_source"`
	// CrimeThreshold is the criminal prosecution standard of the amount
	// involved (涉案金额), 0 when the matter has none: a case at or above it
	// closed with an administrative penalty only is a 以罚代刑 risk.
	CrimeThreshold Money     `json:"crime_threshold"`
	CrimeBasis     string    `json:"crime_basis"`
	Published      bool      `json:"published"`
	Active         bool      `json:"active"`
	Version        int       `json:"version"`
	CreatedAt      time.Time `json:"created_at"`
	UpdatedAt      time.Time `json:"updated_at"`
}

// Basis is the legal basis as one line: law and article.
func (m Matter) Basis() string {
	if m.BasisArticle == "" {
		return m.BasisLaw
	}
	return m.BasisLaw + m.BasisArticle
}

// Prepare trims and validates a matter before it is stored.
func (m *Matter) Prepare() error {
	m.Code, m.Name = strings.TrimSpace(m.Code), strings.TrimSpace(m.Name)
	m.Category, m.BasisLaw = strings.TrimSpace(m.Category), strings.TrimSpace(m.BasisLaw)
	m.BasisArticle, m.PenaltyBasis = strings.TrimSpace(m.BasisArticle), strings.TrimSpace(m.PenaltyBasis)
	m.CrimeBasis = strings.TrimSpace(m.CrimeBasis)
	var f apperr.Fields
	if m.UnitID == 0 {
		f.Add("unit_id", "执法单位", "必填项为空")
	}
	f.Required("code", "事项代码", m.Code)
	f.Required("name", "事项名称", m.Name)
	f.Required("category", "执法类别", m.Category)
	f.Required("basis_law", "法律依据", m.BasisLaw)
	if m.PowerSource.Label() == string(m.PowerSource) {
		f.Add("power_source", "执法权来源", "应为 法定、授权、委托 之一")
	}
	if m.CrimeThreshold < 0 {
		f.Add("crime_threshold", "涉嫌犯罪移送标准", "不能为负数")
	}
	if m.CrimeThreshold > 0 && m.CrimeBasis == "" {
		f.Add("crime_basis", "移送标准依据", "填写了移送标准的须写明依据")
	}
	return f.Err()
}
