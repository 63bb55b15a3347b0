// Package org holds the platform's organisations (units) and people: the
// city government and its office, departments, towns and subdistricts,
// enforcement units and the external partners (court, procuratorate,
// police), and the people who work in them.
package org

import (
	"strings"
	"time"

	"fazhi/internal/apperr"
	"fazhi/internal/calendar"
	"fazhi/internal/ident"
)

// Kind is a unit's place in the organisation.
type Kind string

const (
	Government    Kind = "government"    // 市人民政府
	Office        Kind = "office"        // 市政府办公室
	Department    Kind = "department"    // 政府工作部门
	Town          Kind = "town"          // 镇 or 街道 (SubKind tells)
	Enforcement   Kind = "enforcement"   // an enforcement body that is not a department (e.g. a 执法大队)
	Court         Kind = "court"         // 人民法院
	Procuratorate Kind = "procuratorate" // 人民检察院
	Police        Kind = "police"        // 公安机关
)

// Kinds lists every kind with its Chinese label, in display order.
var Kinds = []struct {
	Kind  Kind
	Label string
}{
	{Government, "市政府"}, {Office, "市政府办公室"}, {Department, "政府部门"},
	{Town, "镇（街道）"}, {Enforcement, "执法机构"}, {Court, "人民法院"},
	{Procuratorate, "人民检察院"}, {Police, "公安机关"},
}

// Label is the Chinese name of k.
func (k Kind) Label() string {
	for _, x := range Kinds {
		if x.Kind == k {
			return x.Label
		}
	}
	return string(k)
}

// Partner reports whether k is an external partner of the government.
func (k Kind) Partner() bool { return k == Court || k == Procuratorate || k == Police }

// Sub-kinds of towns.
const (
	SubTown        = "town"        // 镇
	SubSubdistrict = "subdistrict" // 街道
)

// Unit is an organisation.
type Unit struct {
	ID          int64          `json:"id"`
	Name        string         `json:"name"`
	ShortName   string         `json:"short_name"`
	Kind        Kind           `json:"kind"`
	SubKind     string         `json:"sub_kind"`
	ParentID    int64          `json:"parent_id,omitempty"`
	CreditCode  string         `json:"credit_code"`
	Enforcement bool           `json:"enforcement"` // holds enforcement powers (执法主体)
	SuccessorID int64          `json:"successor_id,omitempty"`
	AbolishedOn *calendar.Date `json:"abolished_on,omitempty"`
	Address     string         `json:"address"`
	Phone       string         `json:"phone"`
	SortOrder   int            `json:"sort_order"`
	Version     int            `json:"version"`
	CreatedAt   time.Time      `json:"created_at"`
	UpdatedAt   time.Time      `json:"updated_at"`
}

// KindLabel is the Chinese label shown for the unit, telling 镇 from 街道.
func (u Unit) KindLabel() string {
	if u.Kind == Town {
		if u.SubKind == SubSubdistrict {
			return "街道"
		}
		return "镇"
	}
	return u.Kind.Label()
}

// Active reports whether the unit still exists.
func (u Unit) Active() bool { return u.AbolishedOn == nil }

// Normalize tidies user input before validation.
func (u *Unit) Normalize() {
	u.Name = strings.TrimSpace(u.Name)
	u.ShortName = strings.TrimSpace(u.ShortName)
	u.CreditCode = ident.NormalizeCreditCode(u.CreditCode)
	u.Address = strings.TrimSpace(u.Address)
	u.Phone = strings.TrimSpace(u.Phone)
	if u.Kind == Town && u.SubKind == "" {
		u.SubKind = SubTown
	}
	if u.Kind != Town {
		u.SubKind = ""
	}
}

// Validate checks the unit on its own; references to other units (parent,
// successor) are checked by the store, which can see them.
func (u Unit) Validate() error {
	var f apperr.Fields
	f.Required("name", "单位名称", u.Name)
	if u.Kind.Label() == string(u.Kind) {
		f.Add("kind", "单位类型", "未知的单位类型："+string(u.Kind))
	}
	if u.Kind == Town && u.SubKind != SubTown && u.SubKind != SubSubdistrict {
		f.Add("sub_kind", "镇/街道", "应为 镇 或 街道")
	}
	if u.CreditCode != "" {
		if err := ident.CheckCreditCode(u.CreditCode); err != nil {
			f.Add("credit_code", "统一社会信用代码", err.Error())
		}
	}
	if u.ID != 0 && (u.ParentID == u.ID || u.SuccessorID == u.ID) {
		f.Add("parent_id", "上级单位", "不能是单位本身")
	}
	if u.SuccessorID != 0 && u.AbolishedOn == nil {
		f.Add("abolished_on", "撤销日期", "指定承继单位时须填写撤销（合并）日期")
	}
	return f.Err()
}
