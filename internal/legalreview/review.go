package legalreview

import (
	"fmt"
	"slices"
	"strings"

	"fazhi/internal/apperr"
	"fazhi/internal/calendar"
)

// Material is a kind of document in the submission package.
type Material string

const (
	Application         Material = "application"          // 法制审核申请表
	DraftDecision       Material = "draft_decision"       // 处罚决定书（代拟稿）
	InvestigationReport Material = "investigation_report" // 案件调查终结报告
	EvidenceList        Material = "evidence_list"        // 证据材料及清单
	HearingTranscript   Material = "hearing_transcript"   // 听证笔录及听证报告
	AppraisalReport     Material = "appraisal_report"     // 鉴定、检测、评估报告
	OtherMaterial       Material = "other"                // 其他材料
)

var materials = []struct {
	M     Material
	Label string
}{
	{Application, "法制审核申请表"},
	{DraftDecision, "行政处罚决定书（代拟稿）"},
	{InvestigationReport, "案件调查终结报告"},
	{EvidenceList, "证据材料及清单"},
	{HearingTranscript, "听证笔录及听证报告"},
	{AppraisalReport, "鉴定、检测、评估报告"},
	{OtherMaterial, "其他材料"},
}

// Materials lists the material kinds in display order.
func Materials() []Material {
	out := make([]Material, len(materials))
	for i, m := range materials {
		out[i] = m.M
	}
	return out
}

// Label is the material's Chinese name.
func (m Material) Label() string {
	for _, e := range materials {
		if e.M == m {
			return e.Label
		}
	}
	return string(m)
}

// RequiredMaterials are what a submission must contain for a case with
// these facts: the four core documents, and the hearing transcript when a
// hearing was held.
func RequiredMaterials(f Facts) []Material {
	out := []Material{Application, DraftDecision, InvestigationReport, EvidenceList}
	if f.HearingHeld {
		out = append(out, HearingTranscript)
	}
	return out
}

// MissingMaterials lists the required kinds absent from have.
func MissingMaterials(f Facts, have []Material) []Material {
	var out []Material
	for _, m := range RequiredMaterials(f) {
		if !slices.Contains(have, m) {
			out = append(out, m)
		}
	}
	return out
}

// Item is one point of the review checklist (审核内容, 国办发〔2018〕118号).
type Item string

const (
	BodyAndOfficers Item = "body_officers"  // 执法主体是否合法，执法人员是否具备执法资格
	Procedure       Item = "procedure"      // 执法程序是否合法
	FactsEvidence   Item = "facts_evidence" // 案件事实是否清楚，证据是否合法充分
	LawDiscretion   Item = "law_discretion" // 适用法律、法规、规章是否准确，裁量基准运用是否适当
	Authority       Item = "authority"      // 执法是否超越执法机关法定权限
	Documents       Item = "documents"      // 执法文书是否完备、规范
	CrimeTransfer   Item = "crime_transfer" // 违法行为是否涉嫌犯罪、需要移送司法机关
)

var items = []struct {
	I     Item
	Label string
}{
	{BodyAndOfficers, "执法主体是否合法，执法人员是否具备执法资格"},
	{Procedure, "执法程序是否合法"},
	{FactsEvidence, "案件事实是否清楚，证据是否合法充分"},
	{LawDiscretion, "适用法律是否准确，裁量基准运用是否适当"},
	{Authority, "是否超越执法机关法定权限"},
	{Documents, "执法文书是否完备、规范"},
	{CrimeTransfer, "是否涉嫌犯罪需要移送司法机关"},
}

// Items lists the checklist in its statutory order.
func Items() []Item {
	out := make([]Item, len(items))
	for i, e := range items {
		out[i] = e.I
	}
	return out
}

// Label is the checklist point's Chinese wording.
func (i Item) Label() string {
	for _, e := range items {
		if e.I == i {
			return e.Label
		}
	}
	return string(i)
}

// Finding is the reviewer's answer on one checklist point.
type Finding struct {
	Item    Item   `json:"item"`
	OK      bool   `json:"ok"`
	Comment string `json:"comment,omitempty"` // required when not OK
}

// Conclusion is the opinion's verdict.
type Conclusion string

const (
	Agree    Conclusion = "agree"    // 同意
	Problems Conclusion = "problems" // 存在问题
	Revise   Conclusion = "revise"   // 建议修改后提交
)

// Label is the verdict as the opinion document writes it.
func (c Conclusion) Label() string {
	switch c {
	case Agree:
		return "同意"
	case Problems:
		return "存在问题"
	case Revise:
		return "建议修改后提交"
	}
	return string(c)
}

// Opinion is a reviewer's written opinion on one round of a review.
type Opinion struct {
	Round      int           `json:"round"`
	ReviewerID int64         `json:"reviewer_id"`
	Reviewer   string        `json:"reviewer,omitempty"`
	Findings   []Finding     `json:"findings"`
	Conclusion Conclusion    `json:"conclusion"`
	Summary    string        `json:"summary"`
	GivenOn    calendar.Date `json:"given_on"`
}

// Validate checks that the opinion answers every checklist point once,
// explains each problem, and that its verdict agrees with its findings:
// 同意 only when nothing was found, a problem verdict only with a finding.
func (o *Opinion) Validate() error {
	var f apperr.Fields
	seen := map[Item]bool{}
	problems := 0
	for i, fd := range o.Findings {
		field := fmt.Sprintf("findings[%d]", i)
		switch {
		case fd.Item.Label() == string(fd.Item):
			f.Add(field, "审核事项", fmt.Sprintf("未知的审核事项 %q", fd.Item))
		case seen[fd.Item]:
			f.Add(field, fd.Item.Label(), "重复填写")
		case !fd.OK && strings.TrimSpace(fd.Comment) == "":
			f.Add(field, fd.Item.Label(), "存在问题的事项须写明具体问题")
		}
		seen[fd.Item] = true
		if !fd.OK {
			problems++
		}
	}
	for _, it := range Items() {
		if !seen[it] {
			f.Add("findings."+string(it), it.Label(), "未填写审核意见")
		}
	}
	switch o.Conclusion {
	case Agree:
		if problems > 0 {
			f.Add("conclusion", "审核结论", fmt.Sprintf("有 %d 项存在问题，结论不能为“同意”", problems))
		}
	case Problems, Revise:
		if problems == 0 {
			f.Add("conclusion", "审核结论", "结论为“"+o.Conclusion.Label()+"”时，至少应有一项审核事项存在问题")
		}
	default:
		f.Add("conclusion", "审核结论", "请选择同意、存在问题或建议修改后提交")
	}
	if o.Conclusion != Agree && strings.TrimSpace(o.Summary) == "" {
		f.Add("summary", "审核意见", "未同意时须写明审核意见和修改建议")
	}
	return f.Err()
}

// Passed reports whether the opinion lets the case proceed to a decision.
func (o *Opinion) Passed() bool { return o.Conclusion == Agree }

// Reviewer is what the qualification and conflict checks need to know
// about a candidate reviewer.
type Reviewer struct {
	PersonID           int64
	Name               string
	UnitID             int64
	LegalQualification bool // 法律职业资格
	PriorReviews       int  // reviews completed before this one
	Active             bool
}

// CheckReviewer decides whether r may review a case of caseUnit whose
// investigators are listed. A reviewer from another unit needs an
// invitation (cross-department collaborative review, 浙江省综合行政执法条例
// 第二十四条). The error names the rule that refuses.
func CheckReviewer(r Reviewer, caseUnit int64, investigators []int64, invited bool) error {
	switch {
	case !r.Active:
		return apperr.New(apperr.Invalid, r.Name+"不在职，不能担任审核人员")
	case slices.Contains(investigators, r.PersonID):
		return apperr.New(apperr.Conflict, r.Name+"是本案的调查人员，不得审核本案（审核人员与调查人员应当分离）")
	case r.PriorReviews == 0 && !r.LegalQualification:
		return apperr.New(apperr.Invalid, r.Name+"未取得法律职业资格，不能初次从事行政处罚决定法制审核（《中华人民共和国行政处罚法》第五十八条第二款）")
	case r.UnitID != caseUnit && !invited:
		return apperr.New(apperr.Forbidden, r.Name+"不是本单位的审核人员；跨部门协同审核须先邀请")
	}
	return nil
}

// Staffing compares a unit's reviewers with the target share (in percent)
// of its enforcement staff. Needed is how many more reviewers reach it.
type Staffing struct {
	Reviewers int     `json:"reviewers"`
	Officers  int     `json:"officers"`
	Share     float64 `json:"share"`  // percent
	Target    float64 `json:"target"` // percent
	Meets     bool    `json:"meets"`
	Needed    int     `json:"needed"`
}

// StaffingOf computes the staffing figures.
func StaffingOf(reviewers, officers int, target float64) Staffing {
	s := Staffing{Reviewers: reviewers, Officers: officers, Target: target}
	if officers > 0 {
		s.Share = float64(reviewers) * 100 / float64(officers)
	}
	want := int(float64(officers)*target/100 + 0.999999)
	s.Meets = reviewers >= want
	if !s.Meets {
		s.Needed = want - reviewers
	}
	return s
}
