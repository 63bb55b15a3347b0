// Package transfer is the transfer of a suspected crime from an
// administrative enforcement unit to public security (行政执法与刑事司法衔接,
// 两法衔接) under the State Council's Order 310 (行政执法机关移送涉嫌犯罪案件的规定,
// revised 2020): the transfer record with its seized items and attached
// materials, who may see it (the transferring unit, the legal affairs
// office, and the public security organ and procuratorate it is addressed
// to), and its lifecycle with the statutory clocks (workflow.go).
package transfer

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"fazhi/internal/account"
	"fazhi/internal/apperr"
	"fazhi/internal/calendar"
	"fazhi/internal/enforcement"
)

// RecordKind is the audit and workflow record kind of a transfer.
const RecordKind = "transfer"

// Transfer is one case transferred, or proposed for transfer, to public
// security. The party and facts are a snapshot taken when the case team
// wrote its report: what the partners see of the case (the shared
// information view), never the whole administrative case file.
type Transfer struct {
	ID       int64  `json:"id"`
	Number   string `json:"number,omitempty"` // 移送书文号, given when the transfer is sent
	UnitID   int64  `json:"unit_id"`
	UnitName string `json:"unit_name"`

	CaseID     int64  `json:"case_id,omitempty"` // the administrative case it comes from
	CaseNumber string `json:"case_number,omitempty"`

	PartyKind      string            `json:"party_kind"` // person / organisation / individual
	PartyName      string            `json:"party_name"`
	PartyCode      string            `json:"party_code,omitempty"` // credit code or resident ID
	Matter         string            `json:"matter"`               // 违法事项
	Facts          string            `json:"facts"`                // 涉嫌犯罪的主要事实
	SuspectedCrime string            `json:"suspected_crime"`      // 涉嫌罪名
	Amount         enforcement.Money `json:"amount"`               // 涉案金额 (fen)
	Standard       string            `json:"standard,omitempty"`   // 立案追诉标准 the facts reach (Art. 3)

	Team       []Member      `json:"team"`        // the case team of at least two officers (Art. 5)
	ReportedOn calendar.Date `json:"reported_on"` // the report reached the head

	PoliceUnitID          int64  `json:"police_unit_id"`
	PoliceUnitName        string `json:"police_unit_name"`
	ProcuratorateUnitID   int64  `json:"procuratorate_unit_id,omitempty"` // copied (抄送) for supervision
	ProcuratorateUnitName string `json:"procuratorate_unit_name,omitempty"`

	Items     []Item   `json:"items"`    // 涉案物品清单
	NoItems   bool     `json:"no_items"` // the case has no seized items
	Materials []string `json:"materials"`

	SentOn      *calendar.Date `json:"sent_on,omitempty"`
	ReceiptNo   string         `json:"receipt_no,omitempty"`   // the police receipt (回执, Art. 7)
	ForwardedTo string         `json:"forwarded_to,omitempty"` // the organ it was forwarded to (Art. 7)
	ClosedOn    *calendar.Date `json:"closed_on,omitempty"`

	State       string `json:"state"`
	StateLabel  string `json:"state_label"`
	ItemID      int64  `json:"-"`
	ItemVersion int    `json:"item_version"` // the workflow item's version, for transitions

	Version   int       `json:"version"`
	CreatedAt time.Time `json:"created_at"`
	UpdatedAt time.Time `json:"updated_at"`
}

// Member is an officer of the case team.
type Member struct {
	PersonID int64  `json:"person_id"`
	Name     string `json:"name"`
}

// Item is one line of the inventory of seized items (涉案物品清单, Art. 4).
type Item struct {
	Name     string `json:"name"`
	Quantity string `json:"quantity"` // with its unit, e.g. "120 件"
	Note     string `json:"note,omitempty"`
}

// Step is one act on a transfer, in order: a transition of the workflow
// or an opinion of the procuratorate.
type Step struct {
	ID        int64         `json:"id"`
	Action    string        `json:"action"`
	Label     string        `json:"label"`
	On        calendar.Date `json:"on"`
	Party     Party         `json:"party"`
	ActorName string        `json:"actor_name"`
	UnitName  string        `json:"unit_name"`
	Note      string        `json:"note,omitempty"`
	At        time.Time     `json:"at"`
}

// Material kinds attached to the transfer (Art. 6).
const (
	Letter    = "letter"    // 涉嫌犯罪案件移送书
	Report    = "report"    // 涉嫌犯罪案件情况的调查报告
	Inventory = "inventory" // 涉案物品清单
	Appraisal = "appraisal" // 有关检验报告或者鉴定意见
	Other     = "other"     // 其他有关涉嫌犯罪的材料
)

// Option is a machine value with its Chinese label.
type Option struct {
	Value string `json:"value"`
	Label string `json:"label"`
}

// MaterialKinds lists the attachments of Art. 6 in their order.
var MaterialKinds = []Option{
	{Letter, "涉嫌犯罪案件移送书"}, {Report, "涉嫌犯罪案件情况的调查报告"}, {Inventory, "涉案物品清单"},
	{Appraisal, "有关检验报告或者鉴定意见"}, {Other, "其他有关涉嫌犯罪的材料"},
}

// PartyKinds are the kinds of party (当事人) a transfer names.
var PartyKinds = []Option{{"organisation", "单位"}, {"individual", "个体工商户"}, {"person", "自然人"}}

func labelOf(opts []Option, v string) string {
	for _, o := range opts {
		if o.Value == v {
			return o.Label
		}
	}
	return v
}

// MaterialLabel is the Chinese name of a material kind.
func MaterialLabel(v string) string { return labelOf(MaterialKinds, v) }

// PartyKindLabel is the Chinese name of a party kind.
func PartyKindLabel(v string) string { return labelOf(PartyKinds, v) }

// Sent reports whether the transfer has reached public security; only
// then do the partners see it.
func (t Transfer) Sent() bool { return t.SentOn != nil }

// Title names the transfer in lists and on the workflow item.
func (t Transfer) Title() string {
	crime := t.SuspectedCrime
	if crime == "" {
		crime = "涉嫌犯罪"
	}
	return t.PartyName + " 涉嫌" + strings.TrimPrefix(crime, "涉嫌") + "案"
}

// Prepare trims and validates what the case team reports. The units
// addressed are checked by the store (they must be a public security
// organ and a procuratorate).
func (t *Transfer) Prepare() error {
	for _, p := range []*string{&t.PartyName, &t.PartyCode, &t.Matter, &t.Facts, &t.SuspectedCrime, &t.Standard} {
		*p = strings.TrimSpace(*p)
	}
	t.PartyCode = strings.ToUpper(t.PartyCode)
	var f apperr.Fields
	if t.UnitID == 0 {
		f.Add("unit_id", "移送单位", "必填项为空")
	}
	if labelOf(PartyKinds, t.PartyKind) == t.PartyKind {
		f.Add("party_kind", "当事人类型", "请选择当事人类型")
	}
	f.Required("party_name", "当事人", t.PartyName)
	f.Required("matter", "违法事项", t.Matter)
	f.Required("facts", "涉嫌犯罪的主要事实", t.Facts)
	f.Required("suspected_crime", "涉嫌罪名", t.SuspectedCrime)
	if t.Amount < 0 {
		f.Add("amount", "涉案金额", "不能为负数")
	}
	if t.ReportedOn.IsZero() {
		f.Add("reported_on", "呈报日期", "必填项为空")
	}
	if t.PoliceUnitID == 0 {
		f.Add("police_unit_id", "接受移送的公安机关", "请选择公安机关")
	}
	t.Team = uniqueMembers(t.Team)
	if len(t.Team) < 2 {
		f.Add("team", "专案组成员", "应指定两名或者两名以上行政执法人员组成专案组（第五条）")
	}
	t.Items = cleanItems(t.Items)
	for i, it := range t.Items {
		if it.Name == "" || it.Quantity == "" {
			f.Add("items", "涉案物品清单", fmt.Sprintf("第 %d 项物品须写明名称和数量", i+1))
			break
		}
	}
	if t.NoItems && len(t.Items) > 0 {
		f.Add("items", "涉案物品清单", "已列明涉案物品，不能同时选择“无涉案物品”")
	}
	t.Materials = cleanMaterials(t.Materials)
	for _, m := range t.Materials {
		if MaterialLabel(m) == m {
			f.Add("materials", "移送材料", "未知的材料类型："+m)
			break
		}
	}
	return f.Err()
}

func uniqueMembers(ms []Member) []Member {
	var out []Member
	for _, m := range ms {
		if m.PersonID != 0 && !slices.ContainsFunc(out, func(o Member) bool { return o.PersonID == m.PersonID }) {
			out = append(out, m)
		}
	}
	return out
}

func cleanItems(items []Item) []Item {
	var out []Item
	for _, it := range items {
		it.Name, it.Quantity, it.Note = strings.TrimSpace(it.Name), strings.TrimSpace(it.Quantity), strings.TrimSpace(it.Note)
		if it.Name != "" || it.Quantity != "" || it.Note != "" {
			out = append(out, it)
		}
	}
	return out
}

// cleanMaterials keeps each kind once, in the order of Art. 6.
func cleanMaterials(ms []string) []string {
	var out []string
	for _, k := range MaterialKinds {
		if slices.Contains(ms, k.Value) {
			out = append(out, k.Value)
		}
	}
	for _, m := range ms {
		if m = strings.TrimSpace(m); m != "" && !slices.Contains(out, m) {
			out = append(out, m)
		}
	}
	return out
}

// ReadyToSend checks what Art. 5 and 6 require before the case goes to
// public security: the letter, the investigation report, and the
// inventory of seized items (or the statement that there are none).
func (t Transfer) ReadyToSend() error {
	var f apperr.Fields
	var missing []string
	for _, m := range []string{Letter, Report} {
		if !slices.Contains(t.Materials, m) {
			missing = append(missing, MaterialLabel(m))
		}
	}
	if len(missing) > 0 {
		f.Add("materials", "移送材料", "缺少"+strings.Join(missing, "、")+"（第六条）")
	}
	switch {
	case len(t.Items) == 0 && !t.NoItems:
		f.Add("items", "涉案物品清单", "须附涉案物品清单；没有涉案物品的，请选择“无涉案物品”")
	case len(t.Items) > 0 && !slices.Contains(t.Materials, Inventory):
		f.Add("materials", "移送材料", "有涉案物品的，须附涉案物品清单（第六条）")
	}
	if t.PoliceUnitID == 0 {
		f.Add("police_unit_id", "接受移送的公安机关", "请选择公安机关")
	}
	return f.Err()
}

// Party is the side an actor takes on a transfer.
type Party string

const (
	None          Party = ""
	Office        Party = "office"        // 法制办（司法局）：监督全部移送
	Unit          Party = "unit"          // 移送单位
	Police        Party = "police"        // 公安机关
	Procuratorate Party = "procuratorate" // 人民检察院
)

// Label is the Chinese name of p.
func (p Party) Label() string {
	switch p {
	case Office:
		return "法制办"
	case Unit:
		return "移送单位"
	case Police:
		return "公安机关"
	case Procuratorate:
		return "人民检察院"
	}
	return ""
}

// PartyOf is the side a takes on t; None means a may not see it. The
// partners see a transfer only once it has been sent to them.
func PartyOf(a account.Actor, t Transfer) Party {
	switch {
	case a.Anonymous():
		return None
	case a.Internal() && a.UnitID == t.UnitID:
		return Unit
	case a.SeesAll():
		return Office
	case !a.Has(account.Partner) || !t.Sent():
		return None
	case a.UnitID == t.PoliceUnitID:
		return Police
	case a.UnitID == t.ProcuratorateUnitID:
		return Procuratorate
	}
	return None
}

// Visible reports whether a may see t at all.
func Visible(a account.Actor, t Transfer) bool { return PartyOf(a, t) != None }

// Scope is what a list of transfers is narrowed to for an actor.
type Scope struct {
	All     bool    // the legal affairs office
	UnitIDs []int64 // transferring units (unit staff)
	Partner int64   // a partner unit: transfers sent to it (as police or procuratorate)
}

// ScopeOf is the list scope of a.
func ScopeOf(a account.Actor) Scope {
	switch {
	case a.SeesAll():
		return Scope{All: true}
	case a.Internal():
		return Scope{UnitIDs: []int64{a.UnitID}}
	case a.Has(account.Partner):
		return Scope{Partner: a.UnitID}
	}
	return Scope{UnitIDs: []int64{}}
}

// Editable reports whether the report may still be changed (inventory,
// materials, facts): before it is sent, by the transferring unit.
func (t Transfer) Editable() bool { return t.State == Reported || t.State == Approved }

// FormatNumber fills the transfer number format (rule transfer.number_format):
// {简称} the unit's short name, {年} the year, {序号} the sequence.
func FormatNumber(format, short string, year, seq int) string {
	return strings.NewReplacer("{简称}", short, "{年}", fmt.Sprint(year), "{序号}", fmt.Sprint(seq)).Replace(format)
}
