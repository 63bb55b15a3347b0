package imports

import (
	"context"
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"fazhi/internal/account"
	"fazhi/internal/calendar"
	"fazhi/internal/certificate"
	"fazhi/internal/importer"
	"fazhi/internal/store"
)

// Imports of seed measure 5: officers (a unit's clerk, for their own
// unit), exam results and certificates (the legal affairs office).

var officersKind = Kind{
	Name:  "officers",
	Label: "执法人员",
	Schema: importer.Schema{Columns: []importer.Column{
		{Key: "name", Header: "姓名", Aliases: []string{"name"}, Required: true},
		{Key: "resident_id", Header: "公民身份号码", Aliases: []string{"身份证号", "身份证号码", "resident_id"}, Required: true},
		{Key: "establishment", Header: "编制类别", Aliases: []string{"编制", "编制性质", "establishment"}, Required: true},
		{Key: "education", Header: "学历", Aliases: []string{"education"}},
		{Key: "legal_qualification", Header: "法律职业资格", Aliases: []string{"是否具有法律职业资格", "legal_qualification"}},
		{Key: "enforcement_post", Header: "执法岗位", Aliases: []string{"是否执法岗位", "在执法岗位", "enforcement_post"}},
		{Key: "year", Header: "年度", Aliases: []string{"培训年度", "year"}},
		{Key: "hours", Header: "培训学时", Aliases: []string{"学时", "hours"}},
	}},
	run:     runOfficers,
	permits: func(a account.Actor) bool { return a.SeesAll() || a.Has(account.Clerk) },
}

var officerFields = map[string]string{
	"name": "name", "resident_id": "resident_id", "person_id": "resident_id", "establishment": "establishment",
	"year": "year", "hours": "hours",
}

// ParseEstablishment reads a staffing status as users write it: the
// Chinese label, a common variant, or the code.
func ParseEstablishment(v string) (certificate.Establishment, bool) {
	v = strings.TrimSpace(v)
	switch v {
	case "参照公务员法管理", "参照公务员管理", "参公管理":
		return certificate.CivilService, true
	case "其他", "编外", "编外人员", "辅助人员":
		return certificate.OtherStaff, true
	}
	for _, e := range certificate.Establishments {
		if v == e.Label || v == string(e.Value) {
			return e.Value, true
		}
	}
	return "", false
}

func runOfficers(ctx context.Context, s *store.Store, actor account.Actor, t *importer.Table, rep *importer.Report, dryRun bool) (int, error) {
	var rows []store.OfficerRow
	byLine := map[int]importer.Row{}
	seen := map[string]int{}
	for _, r := range t.Rows {
		byLine[r.Line] = r
		row := store.OfficerRow{Line: r.Line, Name: r.Get("name"), ResidentID: r.Get("resident_id"),
			Officer: certificate.Officer{Education: r.Get("education"), EnforcementPost: true}}
		duplicate(rep, seen, r, "resident_id", "公民身份号码")
		if v := r.Get("establishment"); v != "" {
			e, ok := ParseEstablishment(v)
			if !ok {
				rep.Add(r.Line, "编制类别", v, "应为 行政编制、参公、事业编制、其他 之一")
			}
			row.Officer.Establishment = e
		}
		row.Officer.LegalQualification = yesNo(rep, r, "legal_qualification", "法律职业资格", false)
		row.Officer.EnforcementPost = yesNo(rep, r, "enforcement_post", "执法岗位", true)
		year, hours := r.Get("year"), r.Get("hours")
		switch {
		case year == "" && hours != "":
			rep.Add(r.Line, "年度", "", "填写培训学时时须填写年度")
		case year != "" && hours == "":
			rep.Add(r.Line, "培训学时", "", "填写年度时须填写培训学时")
		case year != "":
			row.Year = parseInt(rep, r.Line, "年度", year, 2000, 2100, "应为四位年份")
			row.Hours = parseInt(rep, r.Line, "培训学时", hours, 0, 2000, "应为 0 至 2000 的整数")
		}
		rows = append(rows, row)
	}
	rows = slices.DeleteFunc(rows, func(r store.OfficerRow) bool { return rep.HasLine(r.Line) })
	var allowed func(int64) bool
	if !actor.SeesAll() {
		allowed = actor.CanEditUnitRecords
	}
	rowErrs, err := s.ImportOfficers(ctx, actor.Audit(), rows, allowed, dryRun || !rep.OK())
	if err != nil {
		return 0, err
	}
	addStoreErrors(rep, t, rowErrs, byLine, officerFields)
	return written(rep, dryRun, len(t.Rows)), nil
}

var examResultsKind = Kind{
	Name:  "exam_results",
	Label: "考试成绩",
	Schema: importer.Schema{Columns: []importer.Column{
		{Key: "exam", Header: "考试名称", Aliases: []string{"考试", "考试场次", "exam"}, Required: true},
		{Key: "resident_id", Header: "公民身份号码", Aliases: []string{"身份证号", "身份证号码", "resident_id"}, Required: true},
		{Key: "name", Header: "姓名", Aliases: []string{"name"}},
		{Key: "general", Header: "通用法律知识成绩", Aliases: []string{"通用法律知识", "公共法律知识成绩", "general_score"}, Required: true},
		{Key: "special", Header: "专门法律知识成绩", Aliases: []string{"专门法律知识", "专业法律知识成绩", "special_score"}, Required: true},
	}},
	run:     runExamResults,
	permits: account.Actor.SeesAll,
}

var examResultFields = map[string]string{
	"exam": "exam", "resident_id": "resident_id", "person_id": "resident_id", "name": "name",
	"general_score": "general", "special_score": "special",
}

func runExamResults(ctx context.Context, s *store.Store, actor account.Actor, t *importer.Table, rep *importer.Report, dryRun bool) (int, error) {
	if !legalOffice(actor, t, rep, "考试成绩") {
		return 0, nil
	}
	var rows []store.ExamResultRow
	byLine := map[int]importer.Row{}
	seen := map[string]int{}
	for _, r := range t.Rows {
		byLine[r.Line] = r
		row := store.ExamResultRow{Line: r.Line, ExamName: r.Get("exam"), ResidentID: r.Get("resident_id"), Name: r.Get("name")}
		if first, ok := seen[r.Get("exam")+"|"+idKey(r.Get("resident_id"))]; ok && r.Get("resident_id") != "" {
			rep.Add(r.Line, "公民身份号码", r.Get("resident_id"), fmt.Sprintf("同一考试的成绩与第 %d 行重复", first))
		} else {
			seen[r.Get("exam")+"|"+idKey(r.Get("resident_id"))] = r.Line
		}
		if v := r.Get("general"); v != "" {
			row.General = parseScore(rep, r.Line, "通用法律知识成绩", v)
		}
		if v := r.Get("special"); v != "" {
			row.Special = parseScore(rep, r.Line, "专门法律知识成绩", v)
		}
		rows = append(rows, row)
	}
	rows = slices.DeleteFunc(rows, func(r store.ExamResultRow) bool { return rep.HasLine(r.Line) })
	rowErrs, err := s.ImportExamResults(ctx, actor.Audit(), rows, dryRun || !rep.OK())
	if err != nil {
		return 0, err
	}
	addStoreErrors(rep, t, rowErrs, byLine, examResultFields)
	return written(rep, dryRun, len(t.Rows)), nil
}

var certificatesKind = Kind{
	Name:  "certificates",
	Label: "行政执法证",
	Schema: importer.Schema{Columns: []importer.Column{
		{Key: "resident_id", Header: "公民身份号码", Aliases: []string{"身份证号", "身份证号码", "resident_id"}, Required: true},
		{Key: "name", Header: "姓名", Aliases: []string{"持证人", "name"}},
		{Key: "unit", Header: "执法单位", Aliases: []string{"执法主体", "单位", "unit"}, Required: true},
		{Key: "area", Header: "执法区域", Aliases: []string{"area"}, Required: true},
		{Key: "categories", Header: "执法类别", Aliases: []string{"执法类别或事项", "执法事项", "categories"}, Required: true},
		{Key: "power_source", Header: "执法权来源", Aliases: []string{"power_source"}, Required: true},
		{Key: "issued_on", Header: "发证日期", Aliases: []string{"issued_on"}, Required: true},
		{Key: "valid_until", Header: "有效期至", Aliases: []string{"有效期", "valid_until"}},
	}},
	run:     runCertificates,
	permits: account.Actor.SeesAll,
}

var certificateFields = map[string]string{
	"person_id": "resident_id", "resident_id": "resident_id", "name": "name", "unit_id": "unit", "area": "area",
	"categories": "categories", "power_source": "power_source", "issued_on": "issued_on", "valid_until": "valid_until",
}

// ParsePowerSource reads 法定, 授权 or 委托 (or the code).
func ParsePowerSource(v string) (certificate.PowerSource, bool) {
	v = strings.TrimSpace(v)
	for _, p := range certificate.PowerSources {
		if v == p.Label || v == string(p.Value) {
			return p.Value, true
		}
	}
	return "", false
}

func runCertificates(ctx context.Context, s *store.Store, actor account.Actor, t *importer.Table, rep *importer.Report, dryRun bool) (int, error) {
	if !legalOffice(actor, t, rep, "行政执法证") {
		return 0, nil
	}
	var rows []store.CertificateRow
	byLine := map[int]importer.Row{}
	seen := map[string]int{}
	for _, r := range t.Rows {
		byLine[r.Line] = r
		c := certificate.Certificate{Area: r.Get("area"), Categories: certificate.SplitCategories(r.Get("categories"))}
		duplicate(rep, seen, r, "resident_id", "公民身份号码")
		if v := r.Get("power_source"); v != "" {
			p, ok := ParsePowerSource(v)
			if !ok {
				rep.Add(r.Line, "执法权来源", v, "应为 法定、授权、委托 之一")
			}
			c.PowerSource = p
		}
		if v := r.Get("issued_on"); v != "" {
			c.IssuedOn = parseDate(rep, r.Line, "发证日期", v)
		}
		if v := r.Get("valid_until"); v != "" {
			c.ValidUntil = parseDate(rep, r.Line, "有效期至", v)
		}
		rows = append(rows, store.CertificateRow{Line: r.Line, ResidentID: r.Get("resident_id"), Name: r.Get("name"),
			UnitName: r.Get("unit"), Certificate: c})
	}
	rows = slices.DeleteFunc(rows, func(r store.CertificateRow) bool { return rep.HasLine(r.Line) })
	rowErrs, err := s.ImportCertificates(ctx, actor.Audit(), rows, dryRun || !rep.OK())
	if err != nil {
		return 0, err
	}
	addStoreErrors(rep, t, rowErrs, byLine, certificateFields)
	return written(rep, dryRun, len(t.Rows)), nil
}

// legalOffice reports whether actor may import what (the legal affairs
// office and administrators); otherwise every row is reported.
func legalOffice(actor account.Actor, t *importer.Table, rep *importer.Report, what string) bool {
	if actor.SeesAll() {
		return true
	}
	for _, r := range t.Rows {
		rep.Add(r.Line, "", "", "只有法制办工作人员或系统管理员可以导入"+what)
	}
	return false
}

// idKey folds an ID number for comparison within a file.
func idKey(v string) string { return strings.ToUpper(strings.TrimSpace(v)) }

// duplicate reports a row whose key cell repeats an earlier row's.
func duplicate(rep *importer.Report, seen map[string]int, r importer.Row, key, header string) {
	v := r.Get(key)
	if v == "" {
		return
	}
	if first, ok := seen[idKey(v)]; ok {
		rep.Add(r.Line, header, v, fmt.Sprintf("与第 %d 行重复", first))
		return
	}
	seen[idKey(v)] = r.Line
}

// yesNo reads a 是/否 cell, def when empty.
func yesNo(rep *importer.Report, r importer.Row, key, header string, def bool) bool {
	v := r.Get(key)
	if v == "" {
		return def
	}
	b, ok := parseBool(v)
	if !ok {
		rep.Add(r.Line, header, v, "应填 是 或 否")
	}
	return b
}

func parseInt(rep *importer.Report, line int, header, v string, lo, hi int, msg string) int {
	n, err := strconv.Atoi(strings.TrimSpace(v))
	if err != nil || n < lo || n > hi {
		rep.Add(line, header, v, msg)
	}
	return n
}

// parseScore reads a whole-number score, also as spreadsheets write it
// ("85.0").
func parseScore(rep *importer.Report, line int, header, v string) int {
	f, err := strconv.ParseFloat(strings.TrimSpace(v), 64)
	if err != nil || f != float64(int(f)) || f < 0 || f > 100 {
		rep.Add(line, header, v, "应为 0 至 100 的整数")
		return 0
	}
	return int(f)
}

var looseDate = regexp.MustCompile(`^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?$`)

// parseDate reads 2016-06-13 and the forms spreadsheets and users
// commonly write: 2016/6/13, 2016.6.13, 2016年6月13日.
func parseDate(rep *importer.Report, line int, header, v string) calendar.Date {
	s := strings.TrimSpace(v)
	if m := looseDate.FindStringSubmatch(s); m != nil {
		y, _ := strconv.Atoi(m[1])
		mo, _ := strconv.Atoi(m[2])
		d, _ := strconv.Atoi(m[3])
		s = fmt.Sprintf("%04d-%02d-%02d", y, mo, d)
	}
	d, err := calendar.ParseDate(s)
	if err != nil {
		rep.Add(line, header, v, "日期无效，应为 YYYY-MM-DD 格式的真实日期")
	}
	return d
}
