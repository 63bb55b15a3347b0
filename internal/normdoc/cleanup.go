package normdoc

import (
	"fmt"
	"strings"
	"time"

	"fazhi/internal/apperr"
	"fazhi/internal/calendar"
)

// CampaignKind tells a comprehensive cleanup (全面清理) of every document
// in force from a special one (专项清理) on selected topics.
type CampaignKind string

const (
	Comprehensive CampaignKind = "comprehensive"
	Special       CampaignKind = "special"
)

// CampaignKinds lists the kinds with their Chinese labels.
var CampaignKinds = []struct {
	Value CampaignKind
	Label string
}{{Comprehensive, "全面清理"}, {Special, "专项清理"}}

// Label is the Chinese name of k.
func (k CampaignKind) Label() string {
	for _, x := range CampaignKinds {
		if x.Value == k {
			return x.Label
		}
	}
	return string(k)
}

// CampaignState is where a campaign stands.
type CampaignState string

const (
	Draft   CampaignState = "draft"   // scope being set; nothing assigned yet
	Open    CampaignState = "open"    // assigned: units propose, the office reviews
	Decided CampaignState = "decided" // the government decided; effects written
)

// CampaignStates lists the states with their Chinese labels.
var CampaignStates = []struct {
	Value CampaignState
	Label string
}{{Draft, "拟定范围"}, {Open, "清理中"}, {Decided, "已决定"}}

// Label is the Chinese name of s.
func (s CampaignState) Label() string {
	for _, x := range CampaignStates {
		if x.Value == s {
			return x.Label
		}
	}
	return string(s)
}

// Scope is a campaign's saved filter over the registry: the documents in
// force on AsOf, optionally narrowed by level, reform topics, issuing
// unit and effective dates.
type Scope struct {
	AsOf        calendar.Date  `json:"as_of"`
	Levels      []Level        `json:"levels,omitempty"`
	ReformTags  []string       `json:"reform_tags,omitempty"`
	UnitIDs     []int64        `json:"unit_ids,omitempty"`
	EffectiveTo *calendar.Date `json:"effective_to,omitempty"`
	Query       string         `json:"query,omitempty"`
}

// Describe says in Chinese what the scope selects.
func (s Scope) Describe() string {
	parts := []string{s.AsOf.String() + " 有效的规范性文件"}
	if len(s.Levels) == 1 {
		parts = append(parts, "制定主体："+s.Levels[0].Label())
	}
	if len(s.ReformTags) > 0 {
		labels := make([]string, len(s.ReformTags))
		for i, t := range s.ReformTags {
			labels[i] = ReformLabel(t)
		}
		parts = append(parts, "涉及"+strings.Join(labels, "、"))
	}
	if len(s.UnitIDs) > 0 {
		parts = append(parts, fmt.Sprintf("限 %d 个制定单位", len(s.UnitIDs)))
	}
	if s.EffectiveTo != nil {
		parts = append(parts, "施行日期在 "+s.EffectiveTo.String()+" 以前")
	}
	if s.Query != "" {
		parts = append(parts, "名称或文号含“"+s.Query+"”")
	}
	return strings.Join(parts, "；")
}

// Campaign is a cleanup campaign (清理专项).
type Campaign struct {
	ID   int64        `json:"id"`
	Name string       `json:"name"`
	Kind CampaignKind `json:"kind"`
	// Basis is the notice that launched it, e.g. 慈政办发〔2017〕88号.
	Basis    string        `json:"basis"`
	Scope    Scope         `json:"scope"`
	Deadline calendar.Date `json:"deadline"` // units' proposals due
	State    CampaignState `json:"state"`
	// LaunchedOn is the day the scope was frozen and assigned.
	LaunchedOn *calendar.Date `json:"launched_on,omitempty"`
	// DecisionNumber and DecidedOn record the government's decision.
	DecisionNumber string         `json:"decision_number"`
	DecidedOn      *calendar.Date `json:"decided_on,omitempty"`
	Note           string         `json:"note"`
	Version        int            `json:"version"`
	CreatedAt      time.Time      `json:"created_at"`
	UpdatedAt      time.Time      `json:"updated_at"`
}

// Prepare tidies and checks a new or changed campaign.
func (c *Campaign) Prepare() error {
	var f apperr.Fields
	c.Name = strings.TrimSpace(c.Name)
	c.Note = strings.TrimSpace(c.Note)
	c.Scope.Query = strings.TrimSpace(c.Scope.Query)
	f.Required("name", "清理名称", c.Name)
	if c.Kind.Label() == string(c.Kind) {
		f.Add("kind", "清理类型", "应为 全面清理 或 专项清理")
	}
	if strings.TrimSpace(c.Basis) != "" {
		n, err := NormalizeDocNumber(c.Basis)
		c.Basis = n
		if err != nil {
			f.Add("basis", "清理通知文号", err.Error())
		}
	}
	if c.Scope.AsOf.IsZero() {
		f.Add("as_of", "清理基准日", "必填项为空")
	}
	if c.Deadline.IsZero() {
		f.Add("deadline", "单位报送截止日", "必填项为空")
	} else if !c.Scope.AsOf.IsZero() && c.Deadline.Before(c.Scope.AsOf) {
		f.Add("deadline", "单位报送截止日", "不能早于清理基准日")
	}
	for _, t := range c.Scope.ReformTags {
		if ReformLabel(t) == t {
			f.Add("reform_tags", "涉及改革事项", "未知的改革事项："+t)
			break
		}
	}
	return f.Err()
}

// Reason is an entry of the reasons catalogue of cleanup proposals.
type Reason struct {
	Value string
	Label string
}

// Reasons is the catalogue: the conflicts 国办发〔2017〕40号 names, then the
// grounds of 国发〔2015〕68号 for declaring documents expired.
var Reasons = []Reason{
	{"approval", "与行政审批制度改革决定不一致"},
	{"commercial", "与商事制度改革决定不一致"},
	{"qualification", "与职业资格改革决定不一致"},
	{"investment", "与投资体制改革决定不一致"},
	{"intermediary", "与清理规范行政审批中介服务事项的决定不一致"},
	{"ecology", "与生态文明建设和环境保护要求不相符"},
	{"superior_law", "与因上述改革而修改的法律、行政法规不一致"},
	{"superseded", "已被新的规定代替"},
	{"obsolete", "调整对象已消失或工作任务已完成"},
	{"period_over", "适用期已过"},
	{"other", "其他"},
}

// ReasonLabel is the Chinese text of a reason code.
func ReasonLabel(code string) string {
	for _, r := range Reasons {
		if r.Value == code {
			return r.Label
		}
	}
	return code
}

// ItemState is where one document of a campaign stands.
type ItemState string

const (
	Awaiting  ItemState = "awaiting"  // no proposal yet
	Submitted ItemState = "submitted" // proposed, awaiting review
	Returned  ItemState = "returned"  // sent back with comments
	Approved  ItemState = "approved"  // the legal affairs office agreed
)

// ItemStates lists the states with their Chinese labels.
var ItemStates = []struct {
	Value ItemState
	Label string
}{{Awaiting, "待单位提出意见"}, {Submitted, "待审核"}, {Returned, "已退回"}, {Approved, "审核通过"}}

// Label is the Chinese name of s.
func (s ItemState) Label() string {
	for _, x := range ItemStates {
		if x.Value == s {
			return x.Label
		}
	}
	return string(s)
}

// Proposal is a unit's proposal for one document.
type Proposal struct {
	Outcome Outcome `json:"outcome"`
	Reason  string  `json:"reason"`  // a code of Reasons
	Detail  string  `json:"detail"`  // explanation
	Clause  string  `json:"clause"`  // the conflicting provision of superior law
	Version int     `json:"version"` // of the item, as the unit saw it
}

// Check validates a proposal on an item in state: only awaiting and
// returned items take one (and a submitted one may be replaced until
// reviewed); anything but "continue" needs a reason, and a conflict
// with superior law names the provision.
func (p *Proposal) Check(state ItemState) error {
	p.Detail, p.Clause = strings.TrimSpace(p.Detail), strings.TrimSpace(p.Clause)
	if state == Approved {
		return apperr.New(apperr.Conflict, "该文件的清理意见已审核通过，不能再修改")
	}
	var f apperr.Fields
	if !p.Outcome.Valid() {
		f.Add("outcome", "清理意见", "应为 继续有效、修改、废止、宣布失效 之一")
	}
	if p.Outcome != Continue && p.Outcome.Valid() {
		if p.Reason == "" {
			f.Add("reason", "清理理由", "提出修改、废止或宣布失效的，须选择理由")
		}
	}
	if p.Reason != "" && ReasonLabel(p.Reason) == p.Reason {
		f.Add("reason", "清理理由", "未知的理由："+p.Reason)
	}
	if p.Reason == "other" && p.Detail == "" {
		f.Add("detail", "具体说明", "理由为“其他”时须说明")
	}
	if p.Reason == "superior_law" && p.Clause == "" {
		f.Add("clause", "相抵触的上位法条款", "与上位法不一致的，须写明条款")
	}
	return f.Err()
}

// CheckReview decides whether the office may approve or return an item:
// only submitted items are reviewed, and returning one needs a comment.
func CheckReview(state ItemState, approve bool, comment string) error {
	if state != Submitted {
		return apperr.New(apperr.Conflict, "只能审核已提交、待审核的清理意见（当前："+state.Label()+"）")
	}
	if !approve && strings.TrimSpace(comment) == "" {
		return fieldErr("comment", "审核意见", "退回时须写明意见")
	}
	return nil
}

// CheckDecision decides whether the government's decision may be recorded:
// the campaign is open and every item approved.
func CheckDecision(c Campaign, pending int, number string, on calendar.Date) error {
	if c.State != Open {
		return apperr.New(apperr.Conflict, "清理当前为“"+c.State.Label()+"”，不能登记政府决定")
	}
	if pending > 0 {
		return apperr.New(apperr.Conflict, fmt.Sprintf("还有 %d 件文件的清理意见未审核通过，不能登记政府决定", pending))
	}
	var f apperr.Fields
	if _, err := ParseDocNumber(number); err != nil {
		f.Add("decision_number", "决定文号", err.Error())
	}
	if on.IsZero() {
		f.Add("decided_on", "决定日期", "必填项为空")
	} else if c.LaunchedOn != nil && on.Before(*c.LaunchedOn) {
		f.Add("decided_on", "决定日期", "不能早于清理启动日期")
	}
	return f.Err()
}

// UnitNode is what succession needs to know of a unit.
type UnitNode struct {
	ID          int64
	Name        string
	SuccessorID int64
	AbolishedOn *calendar.Date
}

// ResolveSuccessor follows the successor chain from unit to the unit that
// holds its powers on day d (a merged or abolished unit's documents are
// cleaned up by the unit that inherited its powers). It returns the unit
// and the chain walked; an abolished unit without a successor stays
// responsible (the office then reassigns by hand).
func ResolveSuccessor(units map[int64]UnitNode, unit int64, d calendar.Date) (int64, []int64) {
	chain := []int64{unit}
	seen := map[int64]bool{unit: true}
	for {
		u, ok := units[unit]
		if !ok || u.AbolishedOn == nil || u.AbolishedOn.After(d) || u.SuccessorID == 0 || seen[u.SuccessorID] {
			return unit, chain
		}
		unit = u.SuccessorID
		seen[unit] = true
		chain = append(chain, unit)
	}
}

// Basis tells how a unit became responsible for a document in a cleanup.
type Basis string

const (
	ByMaking         Basis = "made"        // 谁制定谁清理 (for joint documents the lead)
	ByImplementation Basis = "implemented" // 谁实施谁清理
	BySuccession     Basis = "successor"   // inherited the powers of an abolished or merged unit
)

// Label is the Chinese name of b.
func (b Basis) Label() string {
	switch b {
	case ByMaking:
		return "谁制定谁清理"
	case ByImplementation:
		return "谁实施谁清理"
	case BySuccession:
		return "承继单位清理"
	}
	return string(b)
}

// Assign finds the unit responsible for doc on day d, and on what basis.
func Assign(doc Document, units map[int64]UnitNode, d calendar.Date) (int64, Basis) {
	first, basis := doc.LeadUnitID, ByMaking
	if doc.ImplementerID != 0 && doc.ImplementerID != doc.LeadUnitID {
		first, basis = doc.ImplementerID, ByImplementation
	}
	unit, chain := ResolveSuccessor(units, first, d)
	if len(chain) > 1 {
		basis = BySuccession
	}
	return unit, basis
}
