package imports

import (
	"context"
	"slices"
	"strings"

	"fazhi/internal/account"
	"fazhi/internal/calendar"
	"fazhi/internal/importer"
	"fazhi/internal/org"
	"fazhi/internal/store"
)

var unitsKind = Kind{
	Name:  "units",
	Label: "单位",
	Schema: importer.Schema{Columns: []importer.Column{
		{Key: "name", Header: "单位名称", Aliases: []string{"名称", "name"}, Required: true},
		{Key: "short_name", Header: "简称", Aliases: []string{"short_name"}},
		{Key: "kind", Header: "单位类型", Aliases: []string{"类型", "kind"}, Required: true},
		{Key: "parent", Header: "上级单位", Aliases: []string{"parent"}},
		{Key: "credit_code", Header: "统一社会信用代码", Aliases: []string{"信用代码", "credit_code"}},
		{Key: "enforcement", Header: "执法主体", Aliases: []string{"是否执法主体", "enforcement"}},
		{Key: "address", Header: "地址", Aliases: []string{"address"}},
		{Key: "phone", Header: "电话", Aliases: []string{"联系电话", "phone"}},
		{Key: "abolished_on", Header: "撤销日期", Aliases: []string{"abolished_on"}},
		{Key: "successor", Header: "承继单位", Aliases: []string{"successor"}},
	}},
	run:     runUnits,
	permits: account.Actor.CanManageUnits,
}

// unitFields maps the store's field names to the schema keys.
var unitFields = map[string]string{
	"name": "name", "kind": "kind", "sub_kind": "kind", "parent_id": "parent", "credit_code": "credit_code",
	"successor_id": "successor", "abolished_on": "abolished_on",
}

// ParseUnitKind reads a unit type as users write it: the Chinese label,
// 镇 or 街道, or the code.
func ParseUnitKind(v string) (org.Kind, string, bool) {
	v = strings.TrimSpace(v)
	switch v {
	case "镇":
		return org.Town, org.SubTown, true
	case "街道":
		return org.Town, org.SubSubdistrict, true
	}
	for _, k := range org.Kinds {
		if v == k.Label || v == string(k.Kind) {
			return k.Kind, "", true
		}
	}
	return "", "", false
}

func runUnits(ctx context.Context, s *store.Store, actor account.Actor, t *importer.Table, rep *importer.Report, dryRun bool) (int, error) {
	var rows []store.UnitRow
	byLine := map[int]importer.Row{}
	for _, r := range t.Rows {
		byLine[r.Line] = r
		u := org.Unit{Name: r.Get("name"), ShortName: r.Get("short_name"), CreditCode: r.Get("credit_code"),
			Address: r.Get("address"), Phone: r.Get("phone"), SortOrder: r.Line}
		if v := r.Get("kind"); v != "" {
			kind, sub, ok := ParseUnitKind(v)
			if !ok {
				rep.Add(r.Line, "单位类型", v, "未知的单位类型，应为 市政府、市政府办公室、政府部门、镇、街道、执法机构、人民法院、人民检察院、公安机关 之一")
			}
			u.Kind, u.SubKind = kind, sub
		}
		if v := r.Get("enforcement"); v != "" {
			b, ok := parseBool(v)
			if !ok {
				rep.Add(r.Line, "执法主体", v, "应填 是 或 否")
			}
			u.Enforcement = b
		}
		if v := r.Get("abolished_on"); v != "" {
			d, err := calendar.ParseDate(v)
			if err != nil {
				rep.Add(r.Line, "撤销日期", v, err.Error())
			}
			u.AbolishedOn = &d
		}
		rows = append(rows, store.UnitRow{Line: r.Line, Unit: u, ParentName: r.Get("parent"), SuccessorName: r.Get("successor")})
	}
	// Rows that already failed to parse are left out; the rest still go
	// through the store (as a rehearsal) so the report lists every problem.
	rows = slices.DeleteFunc(rows, func(r store.UnitRow) bool { return rep.HasLine(r.Line) })
	rowErrs, err := s.ImportUnits(ctx, actor.Audit(), rows, dryRun || !rep.OK())
	if err != nil {
		return 0, err
	}
	addStoreErrors(rep, t, rowErrs, byLine, unitFields)
	return written(rep, dryRun, len(t.Rows)), nil
}

// written is how many rows were stored: all of them, or none.
func written(rep *importer.Report, dryRun bool, n int) int {
	if dryRun || !rep.OK() {
		return 0
	}
	return n
}

var peopleKind = Kind{
	Name:  "people",
	Label: "人员",
	Schema: importer.Schema{Columns: []importer.Column{
		{Key: "name", Header: "姓名", Aliases: []string{"name"}, Required: true},
		{Key: "resident_id", Header: "公民身份号码", Aliases: []string{"身份证号", "身份证号码", "resident_id"}, Required: true},
		{Key: "unit", Header: "所在单位", Aliases: []string{"单位", "单位名称", "unit"}, Required: true},
		{Key: "post", Header: "职务", Aliases: []string{"岗位", "post"}},
		{Key: "phone", Header: "联系电话", Aliases: []string{"电话", "手机", "phone"}},
		{Key: "status", Header: "状态", Aliases: []string{"status"}},
	}},
	run:     runPeople,
	permits: func(a account.Actor) bool { return a.SeesAll() || a.Has(account.Clerk) },
}

var personFields = map[string]string{
	"name": "name", "resident_id": "resident_id", "unit_id": "unit", "status": "status",
}

func parsePersonStatus(v string) (org.PersonStatus, bool) {
	for _, s := range org.PersonStatuses {
		if v == s.Label || v == string(s.Status) {
			return s.Status, true
		}
	}
	return "", false
}

func runPeople(ctx context.Context, s *store.Store, actor account.Actor, t *importer.Table, rep *importer.Report, dryRun bool) (int, error) {
	var rows []store.PersonRow
	byLine := map[int]importer.Row{}
	for _, r := range t.Rows {
		byLine[r.Line] = r
		p := org.Person{Name: r.Get("name"), ResidentID: r.Get("resident_id"), Post: r.Get("post"), Phone: r.Get("phone")}
		if v := r.Get("status"); v != "" {
			st, ok := parsePersonStatus(v)
			if !ok {
				rep.Add(r.Line, "状态", v, "应为 在岗、调离、退休、死亡 之一")
			}
			p.Status = st
		}
		rows = append(rows, store.PersonRow{Line: r.Line, Person: p, UnitName: r.Get("unit")})
	}
	rows = slices.DeleteFunc(rows, func(r store.PersonRow) bool { return rep.HasLine(r.Line) })
	var allowed func(int64) bool
	if !actor.SeesAll() {
		allowed = actor.CanEditUnitRecords
	}
	rowErrs, err := s.ImportPeople(ctx, actor.Audit(), rows, allowed, dryRun || !rep.OK())
	if err != nil {
		return 0, err
	}
	addStoreErrors(rep, t, rowErrs, byLine, personFields)
	return written(rep, dryRun, len(t.Rows)), nil
}
