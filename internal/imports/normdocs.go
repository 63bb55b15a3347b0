package imports

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"fazhi/internal/account"
	"fazhi/internal/calendar"
	"fazhi/internal/importer"
	"fazhi/internal/normdoc"
	"fazhi/internal/store"
)

// The import of an existing catalog of normative documents (seed measures
// 1 and 3), for the legal affairs office: documents in force, and those
// abolished or expired with the day and the decision.

var normdocsKind = Kind{
	Name:  "normdocs",
	Label: "规范性文件目录",
	Schema: importer.Schema{Columns: []importer.Column{
		{Key: "title", Header: "文件名称", Aliases: []string{"名称", "标题", "title"}, Required: true},
		{Key: "number", Header: "文号", Aliases: []string{"发文字号", "发文文号", "number"}, Required: true},
		{Key: "reg_number", Header: "统一登记号", Aliases: []string{"登记号", "登记编号", "reg_number"}},
		{Key: "lead", Header: "制定机关", Aliases: []string{"牵头制定单位", "制定单位", "发文机关", "lead_unit"}, Required: true},
		{Key: "co_issuers", Header: "联合制定单位", Aliases: []string{"联合发文单位", "co_issuers"}},
		{Key: "implementer", Header: "组织实施单位", Aliases: []string{"实施单位", "implementer"}},
		{Key: "signed_on", Header: "签发日期", Aliases: []string{"signed_on"}},
		{Key: "published_on", Header: "公布日期", Aliases: []string{"发布日期", "印发日期", "published_on"}, Required: true},
		{Key: "effective_on", Header: "施行日期", Aliases: []string{"生效日期", "effective_on"}, Required: true},
		{Key: "expiry_on", Header: "有效期至", Aliases: []string{"失效日期", "expiry_on"}},
		{Key: "legal_basis", Header: "上位法依据", Aliases: []string{"制定依据", "legal_basis"}},
		{Key: "subjects", Header: "主题词", Aliases: []string{"主题", "subjects"}},
		{Key: "reform_tags", Header: "涉及改革事项", Aliases: []string{"改革事项", "reform_tags"}},
		{Key: "url", Header: "公布网址", Aliases: []string{"网址", "链接", "url"}},
		{Key: "status", Header: "效力状态", Aliases: []string{"状态", "status"}},
		{Key: "status_on", Header: "状态变化日期", Aliases: []string{"废止日期", "status_on"}},
		{Key: "decision", Header: "决定文号", Aliases: []string{"废止文号", "decision_number"}},
	}},
	run:     runNormdocs,
	permits: account.Actor.SeesAll,
}

// normdocFields maps the store's field names to columns.
var normdocFields = map[string]string{
	"title": "title", "number": "number", "reg_number": "reg_number", "lead_unit_id": "lead", "issuers": "co_issuers",
	"implementer_id": "implementer", "signed_on": "signed_on", "published_on": "published_on", "effective_on": "effective_on",
	"expiry_on": "expiry_on", "reform_tags": "reform_tags", "publication_url": "url", "kind": "status",
	"decision_number": "decision",
}

// statusEffects are the statuses a catalog may record, with the effect
// that leads to each ("有效" needs none).
var statusEffects = map[string]normdoc.EffectKind{
	"有效": "", "继续有效": "", "废止": normdoc.Repeal, "已废止": normdoc.Repeal, "失效": normdoc.Expire, "已失效": normdoc.Expire,
	"宣布失效": normdoc.DeclareExpired, "已修改": normdoc.Amend, "修改": normdoc.Amend, "暂停执行": normdoc.Suspend,
}

// ParseReformTag reads a reform topic as its label or code.
func ParseReformTag(v string) (string, bool) {
	v = strings.TrimSpace(v)
	for _, t := range normdoc.ReformTags {
		if v == t.Value || v == t.Label || strings.TrimSuffix(t.Label, "改革") == v {
			return t.Value, true
		}
	}
	return "", false
}

func runNormdocs(ctx context.Context, s *store.Store, actor account.Actor, t *importer.Table, rep *importer.Report, dryRun bool) (int, error) {
	if !legalOffice(actor, t, rep, "规范性文件目录") {
		return 0, nil
	}
	var rows []store.NormdocImportRow
	byLine := map[int]importer.Row{}
	seen, seenReg := map[string]int{}, map[string]int{}
	for _, r := range t.Rows {
		byLine[r.Line] = r
		rows = append(rows, normdocRow(rep, r, seen, seenReg))
	}
	rows = slices.DeleteFunc(rows, func(r store.NormdocImportRow) bool { return rep.HasLine(r.Line) })
	today := calendar.BeijingDate(s.Now())
	rowErrs, err := s.ImportNormdocs(ctx, actor.Audit(), rows, today, dryRun || !rep.OK())
	if err != nil {
		return 0, err
	}
	addStoreErrors(rep, t, rowErrs, byLine, normdocFields)
	return written(rep, dryRun, len(t.Rows)), nil
}

// normdocRow reads one row, reporting what is wrong with its cells.
func normdocRow(rep *importer.Report, r importer.Row, seen, seenReg map[string]int) store.NormdocImportRow {
	row := store.NormdocImportRow{Line: r.Line, LeadName: r.Get("lead"), ImplementerName: r.Get("implementer"),
		CoIssuerNames: normdoc.SplitList(r.Get("co_issuers"))}
	d := normdoc.Document{Title: r.Get("title"), RegNumber: r.Get("reg_number"), LegalBasis: r.Get("legal_basis"),
		Subjects: normdoc.SplitList(r.Get("subjects")), PublicationURL: r.Get("url")}
	if v := r.Get("number"); v != "" {
		n, err := normdoc.NormalizeDocNumber(v)
		if err != nil {
			rep.Add(r.Line, "文号", v, err.Error())
		}
		d.Number = n
		if first, ok := seen[n]; ok && err == nil {
			rep.Add(r.Line, "文号", v, fmt.Sprintf("与第 %d 行重复", first))
		} else if err == nil {
			seen[n] = r.Line
		}
	}
	duplicate(rep, seenReg, r, "reg_number", "统一登记号")
	for _, c := range []struct {
		key string
		dst **calendar.Date
	}{{"signed_on", &d.SignedOn}, {"published_on", &d.PublishedOn}, {"effective_on", &d.EffectiveOn}, {"expiry_on", &d.ExpiryOn}} {
		if v := r.Get(c.key); v != "" {
			day := parseDate(rep, r.Line, dateHeaders[c.key], v)
			*c.dst = &day
		}
	}
	d.ExpiryFixed = d.ExpiryOn != nil
	for _, v := range normdoc.SplitList(r.Get("reform_tags")) {
		tag, ok := ParseReformTag(v)
		if !ok {
			rep.Add(r.Line, "涉及改革事项", v, "未知的改革事项")
			continue
		}
		d.ReformTags = append(d.ReformTags, tag)
	}
	row.Doc = d
	row.Effect = statusEffect(rep, r)
	return row
}

// statusEffect reads the status columns into the effect that led to it.
func statusEffect(rep *importer.Report, r importer.Row) *normdoc.Effect {
	status := strings.TrimSpace(r.Get("status"))
	kind, ok := statusEffects[status]
	switch {
	case status == "":
		return nil
	case !ok:
		rep.Add(r.Line, "效力状态", status, "应为 有效、已修改、暂停执行、废止、失效 或 宣布失效")
		return nil
	case kind == "":
		return nil
	}
	e := &normdoc.Effect{Kind: kind, DecisionNumber: r.Get("decision")}
	if v := r.Get("status_on"); v != "" {
		e.EffectiveOn = parseDate(rep, r.Line, "状态变化日期", v)
	} else {
		rep.Add(r.Line, "状态变化日期", "", "效力状态为“"+status+"”时须填写状态变化日期")
	}
	return e
}

// dateHeaders name the date columns in reports.
var dateHeaders = map[string]string{"signed_on": "签发日期", "published_on": "公布日期", "effective_on": "施行日期", "expiry_on": "有效期至"}
