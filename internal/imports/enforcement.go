package imports

// Imports of seed measure 4: enforcement matters and discretion
// benchmarks, by a unit's clerk for their unit or by the legal affairs
// office. A benchmark file has one row per tier; the rows of one matter
// and one effective date make one version.

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"fazhi/internal/account"
	"fazhi/internal/enforcement"
	"fazhi/internal/importer"
	"fazhi/internal/store"
)

var mattersKind = Kind{
	Name:  "matters",
	Label: "执法事项",
	Schema: importer.Schema{Columns: []importer.Column{
		{Key: "unit", Header: "执法单位", Aliases: []string{"单位", "实施主体", "unit"}, Required: true},
		{Key: "code", Header: "事项代码", Aliases: []string{"事项编码", "code"}, Required: true},
		{Key: "name", Header: "事项名称", Aliases: []string{"name"}, Required: true},
		{Key: "category", Header: "执法类别", Aliases: []string{"执法门类", "category"}, Required: true},
		{Key: "basis_law", Header: "法律依据", Aliases: []string{"设定依据", "basis_law"}, Required: true},
		{Key: "basis_article", Header: "违法条款", Aliases: []string{"条款", "basis_article"}},
		{Key: "penalty_basis", Header: "处罚条款", Aliases: []string{"处罚依据", "penalty_basis"}},
		{Key: "power_source", Header: "执法权来源", Aliases: []string{"权力来源", "power_source"}},
		{Key: "crime_threshold", Header: "涉嫌犯罪移送标准（元）", Aliases: []string{"移送标准", "crime_threshold"}},
		{Key: "crime_basis", Header: "移送标准依据", Aliases: []string{"crime_basis"}},
		{Key: "published", Header: "公开", Aliases: []string{"是否公开", "published"}},
	}},
	run:     runMatters,
	permits: func(a account.Actor) bool { return a.SeesAll() || a.Has(account.Clerk) },
}

var matterFields = map[string]string{
	"unit_id": "unit", "code": "code", "name": "name", "category": "category", "basis_law": "basis_law",
	"power_source": "power_source", "crime_threshold": "crime_threshold", "crime_basis": "crime_basis",
}

// money reads an amount cell in yuan.
func money(rep *importer.Report, r importer.Row, key, header string) enforcement.Money {
	m, err := enforcement.ParseMoney(r.Get(key))
	if err != nil {
		rep.Add(r.Line, header, r.Get(key), err.Error())
	}
	return m
}

func runMatters(ctx context.Context, s *store.Store, actor account.Actor, t *importer.Table, rep *importer.Report, dryRun bool) (int, error) {
	var rows []store.MatterRow
	byLine := map[int]importer.Row{}
	seen := map[string]int{}
	for _, r := range t.Rows {
		byLine[r.Line] = r
		m := enforcement.Matter{Code: r.Get("code"), Name: r.Get("name"), Category: r.Get("category"), BasisLaw: r.Get("basis_law"),
			BasisArticle: r.Get("basis_article"), PenaltyBasis: r.Get("penalty_basis"), CrimeBasis: r.Get("crime_basis"), Active: true}
		key := r.Get("unit") + "|" + r.Get("code")
		if first, ok := seen[key]; ok {
			rep.Add(r.Line, "事项代码", r.Get("code"), fmt.Sprintf("与第 %d 行重复", first))
		} else {
			seen[key] = r.Line
		}
		m.PowerSource = "statutory"
		if v := r.Get("power_source"); v != "" {
			p, ok := ParsePowerSource(v)
			if !ok {
				rep.Add(r.Line, "执法权来源", v, "应为 法定、授权、委托 之一")
			}
			m.PowerSource = p
		}
		m.CrimeThreshold = money(rep, r, "crime_threshold", "涉嫌犯罪移送标准（元）")
		m.Published = yesNo(rep, r, "published", "公开", true)
		rows = append(rows, store.MatterRow{Line: r.Line, UnitName: r.Get("unit"), Matter: m})
	}
	rows = slices.DeleteFunc(rows, func(r store.MatterRow) bool { return rep.HasLine(r.Line) })
	var allowed func(int64) bool
	if !actor.SeesAll() {
		allowed = actor.CanEditUnitRecords
	}
	rowErrs, err := s.ImportMatters(ctx, actor.Audit(), rows, allowed, dryRun || !rep.OK())
	if err != nil {
		return 0, err
	}
	addStoreErrors(rep, t, rowErrs, byLine, matterFields)
	return written(rep, dryRun, len(t.Rows)), nil
}

var benchmarksKind = Kind{
	Name:  "benchmarks",
	Label: "裁量基准",
	Schema: importer.Schema{Columns: []importer.Column{
		{Key: "unit", Header: "执法单位", Aliases: []string{"单位", "unit"}, Required: true},
		{Key: "code", Header: "事项代码", Aliases: []string{"事项编码", "code"}, Required: true},
		{Key: "from", Header: "生效日期", Aliases: []string{"施行日期", "effective_from"}, Required: true},
		{Key: "tier", Header: "阶次", Aliases: []string{"裁量阶次", "tier"}, Required: true},
		{Key: "conditions", Header: "适用条件", Aliases: []string{"阶次及适用条件", "conditions"}, Required: true},
		{Key: "kinds", Header: "处罚种类", Aliases: []string{"penalty_kinds"}},
		{Key: "min", Header: "罚款下限（元）", Aliases: []string{"下限", "min_fine"}},
		{Key: "max", Header: "罚款上限（元）", Aliases: []string{"上限", "max_fine"}},
		{Key: "min_multiple", Header: "倍数下限", Aliases: []string{"min_multiple"}},
		{Key: "max_multiple", Header: "倍数上限", Aliases: []string{"max_multiple"}},
		{Key: "no_penalty", Header: "不予处罚", Aliases: []string{"no_penalty"}},
		{Key: "range", Header: "裁量幅度", Aliases: []string{"range_text"}},
		{Key: "source", Header: "裁量基准来源", Aliases: []string{"来源", "source"}},
	}},
	run:     runBenchmarks,
	permits: func(a account.Actor) bool { return a.SeesAll() || a.Has(account.Clerk) },
}

var benchmarkFields = map[string]string{"unit_id": "unit", "matter_id": "code", "effective_from": "from", "tiers": "tier"}

func runBenchmarks(ctx context.Context, s *store.Store, actor account.Actor, t *importer.Table, rep *importer.Report, dryRun bool) (int, error) {
	var groups []store.BenchmarkRows
	at := map[string]int{}
	byLine := map[int]importer.Row{}
	for _, r := range t.Rows {
		byLine[r.Line] = r
		key := r.Get("unit") + "|" + r.Get("code") + "|" + r.Get("from")
		i, ok := at[key]
		if !ok {
			g := store.BenchmarkRows{Line: r.Line, UnitName: r.Get("unit"), MatterCode: r.Get("code"),
				Benchmark: enforcement.Benchmark{Source: r.Get("source"), Published: true}}
			if v := r.Get("from"); v != "" {
				g.Benchmark.EffectiveFrom = parseDate(rep, r.Line, "生效日期", v)
			}
			groups, i = append(groups, g), len(groups)
			at[key] = i
		}
		tier := enforcement.Tier{Name: r.Get("tier"), Conditions: r.Get("conditions"), RangeText: r.Get("range"),
			PenaltyKinds: enforcement.ParseKinds(r.Get("kinds"))}
		tier.MinFine = money(rep, r, "min", "罚款下限（元）")
		if v := r.Get("max"); v != "" {
			m := money(rep, r, "max", "罚款上限（元）")
			tier.MaxFine = &m
		}
		tier.MinMultiple = multiple(rep, r, "min_multiple", "倍数下限")
		tier.MaxMultiple = multiple(rep, r, "max_multiple", "倍数上限")
		tier.NoPenalty = yesNo(rep, r, "no_penalty", "不予处罚", false)
		groups[i].Benchmark.Tiers = append(groups[i].Benchmark.Tiers, tier)
	}
	// A version with any bad row is not written; its first line carries the store's errors.
	groups = slices.DeleteFunc(groups, func(g store.BenchmarkRows) bool { return rep.HasLine(g.Line) })
	var allowed func(int64) bool
	if !actor.SeesAll() {
		allowed = actor.CanEditUnitRecords
	}
	rowErrs, err := s.ImportBenchmarks(ctx, actor.Audit(), groups, allowed, dryRun || !rep.OK())
	if err != nil {
		return 0, err
	}
	addStoreErrors(rep, t, rowErrs, byLine, benchmarkFields)
	return written(rep, dryRun, len(t.Rows)), nil
}

// multiple reads a multiple of illegal gains ("1.5") as hundredths.
func multiple(rep *importer.Report, r importer.Row, key, header string) int {
	v := strings.TrimSpace(strings.TrimSuffix(r.Get(key), "倍"))
	if v == "" {
		return 0
	}
	f, err := strconv.ParseFloat(v, 64)
	if err != nil || f < 0 {
		rep.Add(r.Line, header, r.Get(key), "应为不小于零的数字")
		return 0
	}
	return int(f*100 + 0.5)
}
