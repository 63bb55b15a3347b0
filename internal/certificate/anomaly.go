package certificate

import (
	"fmt"

	"fazhi/internal/apperr"
	"fazhi/internal/calendar"
)

// Rule names one kind of abnormal record.
type Rule string

const (
	HolderLeft          Rule = "holder_left"          // 持证人调离
	HolderRetired       Rule = "holder_retired"       // 持证人退休
	HolderDeceased      Rule = "holder_deceased"      // 持证人死亡
	UnitAbolished       Rule = "unit_abolished"       // 单位撤销或合并
	NoAnnualReview      Rule = "no_annual_review"     // 年度未年审
	ExpiredInUse        Rule = "expired"              // 超过有效期仍为有效
	MultipleActive      Rule = "multiple_active"      // 同时持有多本有效证件
	InvalidResidentID   Rule = "invalid_resident_id"  // 身份证号校验不通过
	DuplicateResidentID Rule = "duplicate_id"         // 身份证号重复
	NotOnEstablishment  Rule = "not_on_establishment" // 持证人不在编
	QualificationLapsed Rule = "qualification_lapsed" // 考试合格但资格过期未发证
)

// Rules lists every rule with its Chinese label, in report order.
var Rules = []struct {
	Rule  Rule
	Label string
}{
	{HolderLeft, "持证人已调离"}, {HolderRetired, "持证人已退休"}, {HolderDeceased, "持证人已死亡"},
	{UnitAbolished, "发证单位已撤销或合并"}, {NoAnnualReview, "年度未年审"}, {ExpiredInUse, "超过有效期仍为有效"},
	{MultipleActive, "同时持有多本有效证件"}, {InvalidResidentID, "公民身份号码校验不通过"},
	{DuplicateResidentID, "公民身份号码重复"}, {NotOnEstablishment, "持证人不在编"},
	{QualificationLapsed, "资格过期未发证"},
}

// Label is the Chinese name of r.
func (r Rule) Label() string {
	for _, x := range Rules {
		if x.Rule == r {
			return x.Label
		}
	}
	return string(r)
}

// Snapshot is what the detector sees of one active certificate.
type Snapshot struct {
	CertificateID   int64
	PersonID        int64
	UnitID          int64
	PersonStatus    string // org.PersonStatus
	HolderUnitID    int64
	UnitAbolished   bool
	Establishment   Establishment
	ValidUntil      calendar.Date
	ReviewedYears   map[int]bool
	IssuedYear      int
	ActiveCerts     int // active certificates the holder has in all
	ResidentIDValid bool
	ResidentIDDupe  bool
}

// Finding is one anomaly found.
type Finding struct {
	Rule   Rule
	Detail string
}

// Detect applies every rule to an active certificate for the review year
// on day today.
func Detect(s Snapshot, year int, today calendar.Date) []Finding {
	var out []Finding
	add := func(r Rule, detail string) { out = append(out, Finding{r, detail}) }
	switch s.PersonStatus {
	case "left":
		add(HolderLeft, "人员状态为调离，证件仍有效")
	case "retired":
		add(HolderRetired, "人员状态为退休，证件仍有效")
	case "deceased":
		add(HolderDeceased, "人员状态为死亡，证件仍有效")
	}
	if s.PersonStatus == "active" && s.HolderUnitID != s.UnitID {
		add(HolderLeft, "持证人已调往其他单位，证件未换发")
	}
	if s.UnitAbolished {
		add(UnitAbolished, "发证单位已撤销或合并，证件未换发或注销")
	}
	if s.IssuedYear < year && !s.ReviewedYears[year] && today.Year > year {
		add(NoAnnualReview, fmt.Sprintf("%d 年度未参加年审", year))
	}
	if today.After(s.ValidUntil) {
		add(ExpiredInUse, fmt.Sprintf("有效期至 %s，已过期仍为有效状态", s.ValidUntil))
	}
	if s.ActiveCerts > 1 {
		add(MultipleActive, fmt.Sprintf("同一人持有 %d 本有效证件", s.ActiveCerts))
	}
	if !s.ResidentIDValid {
		add(InvalidResidentID, "持证人公民身份号码校验不通过")
	}
	if s.ResidentIDDupe {
		add(DuplicateResidentID, "持证人公民身份号码与他人重复")
	}
	if !s.Establishment.OnEstablishment() {
		add(NotOnEstablishment, "持证人不在编制内，不得持证")
	}
	return out
}

// QualificationFinding flags a passed exam whose qualification lapsed on
// or before today without a certificate issued from it.
func QualificationFinding(qualifiedUntil calendar.Date, issued bool, today calendar.Date) (Finding, bool) {
	if issued || !today.After(qualifiedUntil) {
		return Finding{}, false
	}
	return Finding{QualificationLapsed, fmt.Sprintf("考试资格已于 %s 失效，未申领证件", qualifiedUntil)}, true
}

// AnomalyState is where an anomaly is in its clean-up.
type AnomalyState string

const (
	Open      AnomalyState = "open"      // 待处理
	Handled   AnomalyState = "handled"   // 单位已处理，待法制办确认
	Confirmed AnomalyState = "confirmed" // 法制办已确认
)

// AnomalyStateLabel is the Chinese name of s.
func (s AnomalyState) Label() string {
	return map[AnomalyState]string{Open: "待处理", Handled: "待确认", Confirmed: "已确认"}[s]
}

// Resolution is how a unit handled an anomaly.
type Resolution string

const (
	Explained  Resolution = "explained" // 说明情况（非异常）
	CancelCert Resolution = "cancelled" // 注销证件
	Corrected  Resolution = "corrected" // 更正信息
)

// ResolutionLabel is the Chinese name of r.
func (r Resolution) Label() string {
	return map[Resolution]string{Explained: "说明情况", CancelCert: "注销证件", Corrected: "更正信息"}[r]
}

// CheckHandle validates a unit's handling of an open anomaly.
func CheckHandle(state AnomalyState, r Resolution, explanation string) error {
	if state != Open {
		return apperr.New(apperr.Conflict, "该异常已处理，不能重复处理")
	}
	var f apperr.Fields
	if r.Label() == "" {
		f.Add("resolution", "处理方式", "应为 说明情况、注销证件、更正信息 之一")
	}
	f.Required("explanation", "处理说明", explanation)
	return f.Err()
}

// CheckConfirm validates the legal affairs office's confirmation or return.
func CheckConfirm(state AnomalyState, accept bool, comment string) error {
	if state != Handled {
		return apperr.New(apperr.Conflict, "只有单位已处理的异常才能确认或退回")
	}
	if !accept && comment == "" {
		var f apperr.Fields
		f.Add("comment", "退回意见", "退回时须说明理由")
		return f.Err()
	}
	return nil
}
