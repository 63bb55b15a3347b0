// Package account holds users, their roles and the access policy that
// decides, for an actor and a record's owning unit, what may be seen and
// changed. The web edge asks these questions; it never decides itself.
package account

import (
	"slices"
	"time"

	"fazhi/internal/audit"
)

// Role is what a user does on the platform.
type Role string

const (
	Admin       Role = "admin"        // 系统管理员
	LegalOffice Role = "legal_office" // 法制办（司法局）工作人员
	Clerk       Role = "clerk"        // 单位经办人
	Leader      Role = "leader"       // 单位负责人
	Officer     Role = "officer"      // 执法人员
	Reviewer    Role = "reviewer"     // 法制审核人员
	Partner     Role = "partner"      // 协作单位：法院、检察院、公安
)

// Roles lists every role with its Chinese label, in display order.
var Roles = []struct {
	Role  Role
	Label string
}{
	{Admin, "系统管理员"}, {LegalOffice, "法制办工作人员"}, {Clerk, "单位经办人"},
	{Leader, "单位负责人"}, {Officer, "执法人员"}, {Reviewer, "法制审核人员"},
	{Partner, "协作单位（法院、检察院、公安）"},
}

// Label is the Chinese name of r.
func (r Role) Label() string {
	for _, x := range Roles {
		if x.Role == r {
			return x.Label
		}
	}
	return string(r)
}

// Valid reports whether r is a known role.
func (r Role) Valid() bool { return r.Label() != string(r) }

// User is an account.
type User struct {
	ID          int64      `json:"id"`
	Username    string     `json:"username"`
	DisplayName string     `json:"display_name"`
	UnitID      int64      `json:"unit_id"`
	UnitName    string     `json:"unit_name"`
	PersonID    int64      `json:"person_id,omitempty"`
	Roles       []Role     `json:"roles"`
	Disabled    bool       `json:"disabled"`
	CreatedAt   time.Time  `json:"created_at"`
	LastLoginAt *time.Time `json:"last_login_at,omitempty"`
}

// Actor is who is making a request: a signed-in user, or the anonymous
// public (the zero Actor).
type Actor struct {
	UserID int64
	Name   string
	UnitID int64
	Roles  []Role
}

// ActorOf returns the actor for a signed-in user.
func ActorOf(u User) Actor {
	return Actor{UserID: u.ID, Name: u.DisplayName, UnitID: u.UnitID, Roles: u.Roles}
}

// Audit is the actor as the audit chain records it.
func (a Actor) Audit() audit.Actor {
	return audit.Actor{UserID: a.UserID, Name: a.Name, UnitID: a.UnitID}
}

// Anonymous reports whether the actor is the public.
func (a Actor) Anonymous() bool { return a.UserID == 0 }

// Has reports whether the actor holds any of roles.
func (a Actor) Has(roles ...Role) bool {
	for _, r := range roles {
		if slices.Contains(a.Roles, r) {
			return true
		}
	}
	return false
}

// SeesAll reports whether the actor oversees every unit: the legal
// affairs office supervises the whole government, and administrators run
// the platform.
func (a Actor) SeesAll() bool { return a.Has(Admin, LegalOffice) }

// Internal reports whether the actor works inside the government (not the
// public, not a partner).
func (a Actor) Internal() bool {
	return a.Has(Admin, LegalOffice, Clerk, Leader, Officer, Reviewer)
}

// CanViewUnitRecords reports whether the actor may read records owned by
// unit (its people, and later its cases and certificates).
func (a Actor) CanViewUnitRecords(unit int64) bool {
	if a.SeesAll() {
		return true
	}
	return a.UnitID == unit && a.Internal()
}

// CanEditUnitRecords reports whether the actor may change records owned
// by unit: the legal affairs office anywhere, a unit's clerk in their unit.
func (a Actor) CanEditUnitRecords(unit int64) bool {
	if a.SeesAll() {
		return true
	}
	return a.UnitID == unit && a.Has(Clerk)
}

// CanSeeResidentID reports whether the actor may see full ID numbers of
// unit's people (居民身份证法 requires them kept confidential).
func (a Actor) CanSeeResidentID(unit int64) bool { return a.CanEditUnitRecords(unit) }

// CanManageUnits reports whether the actor may create and change units.
func (a Actor) CanManageUnits() bool { return a.SeesAll() }

// CanManagePlatform covers users, the rule table, the calendar overrides
// and the audit chain check.
func (a Actor) CanManagePlatform() bool { return a.Has(Admin) }

// Scope is the set of units whose records the actor may list: nil for
// those who see all units, the own unit for internal staff, and none for
// partners and the public.
func (a Actor) Scope() []int64 {
	if a.SeesAll() {
		return nil
	}
	if a.Internal() {
		return []int64{a.UnitID}
	}
	return []int64{}
}
