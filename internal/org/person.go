package org

import (
	"strings"
	"time"

	"fazhi/internal/apperr"
	"fazhi/internal/calendar"
	"fazhi/internal/ident"
)

// PersonStatus is a person's employment status in their unit.
type PersonStatus string

const (
	Active   PersonStatus = "active"
	Left     PersonStatus = "left"
	Retired  PersonStatus = "retired"
	Deceased PersonStatus = "deceased"
)

// PersonStatuses lists every status with its Chinese label.
var PersonStatuses = []struct {
	Status PersonStatus
	Label  string
}{
	{Active, "在岗"}, {Left, "调离"}, {Retired, "退休"}, {Deceased, "死亡"},
}

// Label is the Chinese name of s.
func (s PersonStatus) Label() string {
	for _, x := range PersonStatuses {
		if x.Status == s {
			return x.Label
		}
	}
	return string(s)
}

// Person is someone the platform knows by resident ID.
type Person struct {
	ID         int64         `json:"id"`
	Name       string        `json:"name"`
	ResidentID string        `json:"resident_id"`
	Gender     string        `json:"gender"` // 男 or 女, derived from the ID number
	BirthDate  calendar.Date `json:"birth_date"`
	UnitID     int64         `json:"unit_id"`
	UnitName   string        `json:"unit_name,omitempty"`
	Post       string        `json:"post"`
	Phone      string        `json:"phone"`
	Status     PersonStatus  `json:"status"`
	Version    int           `json:"version"`
	CreatedAt  time.Time     `json:"created_at"`
	UpdatedAt  time.Time     `json:"updated_at"`
}

// MaskedResidentID is the ID number as shown to those who may not see it.
func (p Person) MaskedResidentID() string { return ident.MaskResidentID(p.ResidentID) }

// Prepare normalises input and validates the person, filling the birth
// date and gender from the ID number (GB 11643), converting a 15-digit
// legacy number to 18 digits. now bounds the birth date.
func (p *Person) Prepare(now time.Time) error {
	var f apperr.Fields
	p.Name = strings.TrimSpace(p.Name)
	p.Post = strings.TrimSpace(p.Post)
	p.Phone = strings.TrimSpace(p.Phone)
	if p.Status == "" {
		p.Status = Active
	}
	f.Required("name", "姓名", p.Name)
	if f.Required("resident_id", "公民身份号码", p.ResidentID) {
		id, err := ident.ParseResidentIDAt(p.ResidentID, now)
		if err != nil {
			f.Add("resident_id", "公民身份号码", err.Error())
		} else {
			p.ResidentID = id.Number
			p.BirthDate = calendar.DateOf(id.Birth)
			p.Gender = "女"
			if id.Male {
				p.Gender = "男"
			}
		}
	}
	if p.UnitID == 0 {
		f.Add("unit_id", "所在单位", "必填项为空")
	}
	if p.Status.Label() == string(p.Status) {
		f.Add("status", "状态", "未知的状态："+string(p.Status))
	}
	return f.Err()
}
