package certificate

import (
	"fmt"
	"strings"

	"fazhi/internal/calendar"
)

// ReviewFacts are what an annual review checks, gathered by the store.
type ReviewFacts struct {
	CertUnitID      int64
	HolderUnitID    int64
	HolderActive    bool // person status 在岗
	EnforcementPost bool
	TrainingHours   int
	TrainingMinimum int // from the rule table as of the review
	Records         int // discipline or criminal records in the year
	NameOnCard      string
	NameNow         string
}

// ReviewResult is the outcome per certificate.
type ReviewResult struct {
	InUnit               bool   `json:"in_unit"`
	EnforcementPost      bool   `json:"enforcement_post"`
	TrainingOK           bool   `json:"training_ok"`
	CleanRecord          bool   `json:"clean_record"`
	ParticularsUnchanged bool   `json:"particulars_unchanged"`
	Passed               bool   `json:"passed"`
	Notes                string `json:"notes"` // the failed checks, in Chinese
}

// Review applies the annual-review checks (浙江省行政执法证件管理办法；
// cf. Jiangsu: training below the minimum is not registered).
func Review(f ReviewFacts) ReviewResult {
	r := ReviewResult{
		InUnit:               f.HolderActive && f.HolderUnitID == f.CertUnitID,
		EnforcementPost:      f.EnforcementPost,
		TrainingOK:           f.TrainingHours >= f.TrainingMinimum,
		CleanRecord:          f.Records == 0,
		ParticularsUnchanged: f.NameOnCard == f.NameNow && f.HolderUnitID == f.CertUnitID,
	}
	var notes []string
	if !r.InUnit {
		notes = append(notes, "持证人已不在发证单位或不在岗")
	}
	if !r.EnforcementPost {
		notes = append(notes, "持证人不在执法岗位")
	}
	if !r.TrainingOK {
		notes = append(notes, fmt.Sprintf("年度培训 %d 学时，低于 %d 学时", f.TrainingHours, f.TrainingMinimum))
	}
	if !r.CleanRecord {
		notes = append(notes, "年度内有处分或刑事处罚记录")
	}
	if !r.ParticularsUnchanged {
		notes = append(notes, "证件记载事项已变化，须换发")
	}
	r.Passed = len(notes) == 0
	r.Notes = strings.Join(notes, "；")
	return r
}

// Exam scores and the pass rule.

// Passed reports whether both parts reach the pass mark: general law
// knowledge (通用法律知识) and the special law of the field (专门法律知识).
func Passed(general, special, mark int) bool { return general >= mark && special >= mark }

// QualifiedUntil is the last day of the qualification an exam grants.
func QualifiedUntil(heldOn calendar.Date, years int) calendar.Date {
	t := heldOn.Time().AddDate(years, 0, -1)
	return calendar.DateOf(t)
}

// FormatNumber fills a certificate number format from the rule table:
// {地区码} the region code, {年} the four-digit year, {序号} the per-year
// sequence padded to five digits.
func FormatNumber(format, region string, year, seq int) string {
	return strings.NewReplacer("{地区码}", region, "{年}", fmt.Sprintf("%04d", year),
		"{序号}", fmt.Sprintf("%05d", seq)).Replace(format)
}
