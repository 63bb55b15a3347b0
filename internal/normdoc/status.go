package normdoc

import (
	"fmt"
	"slices"
	"sort"

	"fazhi/internal/apperr"
	"fazhi/internal/calendar"
)

// Status is a document's legal status on a day (效力状态). It is derived
// from the document's dates and its effects ledger, never set by hand.
type Status string

const (
	Unpublished     Status = "unpublished"      // 未公布: not yet published, no legal effect
	Pending         Status = "pending"          // 已公布待施行
	InForce         Status = "in_force"         // 有效
	Amended         Status = "amended"          // 有效（已修改）
	Suspended       Status = "suspended"        // 暂停执行
	Abolished       Status = "abolished"        // 废止
	Replaced        Status = "replaced"         // 被替代（废止）
	Expired         Status = "expired"          // 失效（有效期届满）
	DeclaredExpired Status = "declared_expired" // 宣布失效
)

// Catalog is one of the three published catalogs a status belongs to.
type Catalog string

const (
	ValidCatalog     Catalog = "in_force"  // 继续有效的规范性文件目录
	AbolishedCatalog Catalog = "abolished" // 废止的规范性文件目录
	ExpiredCatalog   Catalog = "expired"   // 失效的规范性文件目录
)

// Catalogs lists the three catalogs in publication order.
var Catalogs = []struct {
	Value Catalog
	Label string
}{
	{ValidCatalog, "继续有效的规范性文件目录"}, {AbolishedCatalog, "废止的规范性文件目录"}, {ExpiredCatalog, "失效的规范性文件目录"},
}

// Label is the Chinese title of c.
func (c Catalog) Label() string {
	for _, x := range Catalogs {
		if x.Value == c {
			return x.Label
		}
	}
	return string(c)
}

// StatusDef is one entry of the status vocabulary. The vocabulary is data:
// a new status (Indigo's repeal verbs grew over the years) is a new row,
// and the queries, catalogs and badges follow from its fields.
type StatusDef struct {
	Status  Status
	Label   string
	InForce bool    // a basis for administration on that day
	Catalog Catalog // "" = in no catalog (not yet published or in force)
	Badge   string  // green, yellow, red, blue or "" (grey)
	Final   bool    // no effect can follow
}

// Statuses is the status vocabulary in display order.
var Statuses = []StatusDef{
	{Unpublished, "未公布", false, "", "", false},
	{Pending, "已公布待施行", false, "", "blue", false},
	{InForce, "有效", true, ValidCatalog, "green", false},
	{Amended, "有效（已修改）", true, ValidCatalog, "green", false},
	{Suspended, "暂停执行", false, ValidCatalog, "yellow", false},
	{Abolished, "废止", false, AbolishedCatalog, "red", true},
	{Replaced, "被替代（废止）", false, AbolishedCatalog, "red", true},
	{Expired, "失效", false, ExpiredCatalog, "red", true},
	{DeclaredExpired, "宣布失效", false, ExpiredCatalog, "red", true},
}

// Def returns the vocabulary entry of s.
func (s Status) Def() StatusDef {
	for _, d := range Statuses {
		if d.Status == s {
			return d
		}
	}
	return StatusDef{Status: s, Label: string(s)}
}

// Label is the Chinese name of s.
func (s Status) Label() string { return s.Def().Label }

// StatusesWhere lists the statuses for which keep is true, for queries.
func StatusesWhere(keep func(StatusDef) bool) []Status {
	var out []Status
	for _, d := range Statuses {
		if keep(d) {
			out = append(out, d.Status)
		}
	}
	return out
}

// EffectKind is what one document (or decision) does to another: the
// verbs of the effects ledger.
type EffectKind string

const (
	Amend          EffectKind = "amend"           // 修改
	Repeal         EffectKind = "repeal"          // 废止
	Replace        EffectKind = "replace"         // 替代（新文件代替旧文件）
	Suspend        EffectKind = "suspend"         // 暂停执行
	Resume         EffectKind = "resume"          // 恢复执行
	Expire         EffectKind = "expire"          // 有效期届满失效（系统）
	DeclareExpired EffectKind = "declare_expired" // 宣布失效
	Renew          EffectKind = "renew"           // 评估后继续有效，重新登记、有效期重新计算
)

// EffectDef is one verb of the ledger: its labels, the status it leaves
// the affected document in, and the statuses it may follow.
type EffectDef struct {
	Kind    EffectKind
	Label   string // the act, e.g. 废止
	Passive string // what happened to the affected document, e.g. 被废止
	Result  Status
	From    []Status
	// NeedsAffecting: the effect names the document that causes it.
	NeedsAffecting bool
	// System: recorded only by the validity engine, never by hand.
	System bool
}

var live = []Status{InForce, Amended, Suspended}

// Effects is the ledger's vocabulary.
var Effects = []EffectDef{
	{Amend, "修改", "被修改", Amended, []Status{InForce, Amended}, false, false},
	{Repeal, "废止", "被废止", Abolished, live, false, false},
	{Replace, "替代", "被替代", Replaced, live, true, false},
	{Suspend, "暂停执行", "被暂停执行", Suspended, []Status{InForce, Amended}, false, false},
	{Resume, "恢复执行", "恢复执行", InForce, []Status{Suspended}, false, false},
	{Expire, "有效期届满", "有效期届满失效", Expired, live, false, true},
	{DeclareExpired, "宣布失效", "被宣布失效", DeclaredExpired, live, false, false},
	{Renew, "继续有效", "经评估继续有效（重新登记）", InForce, []Status{InForce, Amended}, false, false},
}

// Def returns the vocabulary entry of k; ok is false for an unknown kind.
func (k EffectKind) Def() (EffectDef, bool) {
	for _, d := range Effects {
		if d.Kind == k {
			return d, true
		}
	}
	return EffectDef{Kind: k, Label: string(k)}, false
}

// Label is the Chinese name of k.
func (k EffectKind) Label() string { d, _ := k.Def(); return d.Label }

// Effect is one entry of the effects ledger: on EffectiveOn, Kind applies
// to the affected document, caused by the affecting document or by a
// decision (its number), possibly within a cleanup campaign.
type Effect struct {
	ID             int64          `json:"id"`
	Kind           EffectKind     `json:"kind"`
	DocID          int64          `json:"doc_id"`
	AffectingID    int64          `json:"affecting_id,omitempty"`
	AffectingTitle string         `json:"affecting_title,omitempty"`
	AffectingNo    string         `json:"affecting_number,omitempty"`
	EffectiveOn    calendar.Date  `json:"effective_on"`
	Result         Status         `json:"status_after"`
	DecisionNumber string         `json:"decision_number"`
	CampaignID     int64          `json:"campaign_id,omitempty"`
	NewExpiry      *calendar.Date `json:"new_expiry,omitempty"`
	Note           string         `json:"note"`
}

// sortEffects orders a ledger by effective day, then by entry order.
func sortEffects(effects []Effect) []Effect {
	out := slices.Clone(effects)
	sort.SliceStable(out, func(i, j int) bool {
		if c := out[i].EffectiveOn.Compare(out[j].EffectiveOn); c != 0 {
			return c < 0
		}
		return out[i].ID < out[j].ID
	})
	return out
}

// Dates are the dates of a document that decide its status before any
// effect: it has no legal effect until published, and applies from its
// effective date.
type Dates struct {
	PublishedOn *calendar.Date
	EffectiveOn *calendar.Date
}

// StatusAt is the document's status on day d: unpublished before its
// publication, pending before its effective date, then the result of the
// latest effect on or before d, else in force. The store's SQL answers
// the same question for many documents at once (and is tested against
// this function).
func StatusAt(dates Dates, effects []Effect, d calendar.Date) Status {
	if dates.PublishedOn == nil || dates.PublishedOn.After(d) {
		return Unpublished
	}
	if dates.EffectiveOn == nil || dates.EffectiveOn.After(d) {
		return Pending
	}
	st := InForce
	for _, e := range sortEffects(effects) {
		if e.EffectiveOn.After(d) {
			break
		}
		st = e.Result
	}
	return st
}

// TimelineEntry is one step of a document's status timeline.
type TimelineEntry struct {
	From   calendar.Date `json:"from"`
	Status Status        `json:"status"`
	Label  string        `json:"label"`
	Event  string        `json:"event"` // what happened, in Chinese
	Effect *Effect       `json:"effect,omitempty"`
}

// Timeline lists the statuses a document has had, from publication on.
func Timeline(dates Dates, effects []Effect) []TimelineEntry {
	var out []TimelineEntry
	if dates.PublishedOn == nil {
		return nil
	}
	if dates.EffectiveOn == nil || dates.EffectiveOn.After(*dates.PublishedOn) {
		out = append(out, TimelineEntry{From: *dates.PublishedOn, Status: Pending, Label: Pending.Label(), Event: "公布"})
	}
	if dates.EffectiveOn != nil {
		ev := "施行"
		if !dates.EffectiveOn.After(*dates.PublishedOn) {
			ev = "公布并施行"
		}
		out = append(out, TimelineEntry{From: *dates.EffectiveOn, Status: InForce, Label: InForce.Label(), Event: ev})
	}
	for _, e := range sortEffects(effects) {
		def, _ := e.Kind.Def()
		e := e
		out = append(out, TimelineEntry{From: e.EffectiveOn, Status: e.Result, Label: e.Result.Label(), Event: def.Passive, Effect: &e})
	}
	return out
}

// CheckLedger checks that a ledger makes sense as a whole: every effect
// follows a status it may follow, none falls before the document takes
// effect, and nothing follows a final status. The store calls it with the
// ledger plus a new effect before writing the effect.
func CheckLedger(dates Dates, effects []Effect) error {
	if len(effects) == 0 {
		return nil
	}
	if dates.EffectiveOn == nil || dates.PublishedOn == nil {
		return fieldErr("effective_on", "生效日期", "文件尚未公布施行，不能登记效力变化")
	}
	st := InForce
	for _, e := range sortEffects(effects) {
		def, ok := e.Kind.Def()
		if !ok {
			return fieldErr("kind", "效力变化", "未知的效力变化："+string(e.Kind))
		}
		if e.EffectiveOn.Before(*dates.EffectiveOn) {
			return fieldErr("effective_on", "生效日期", fmt.Sprintf("不能早于文件施行日期 %s", dates.EffectiveOn))
		}
		if !slices.Contains(def.From, st) {
			return apperr.New(apperr.Conflict, fmt.Sprintf("文件在 %s 的状态为“%s”，不能%s", e.EffectiveOn, st.Label(), def.Label))
		}
		st = def.Result
	}
	return nil
}

func fieldErr(field, label, msg string) error {
	var f apperr.Fields
	f.Add(field, label, msg)
	return f.Err()
}
