package web

// Enforcement matters and discretion benchmarks (seed measure 4): the
// public catalogue of what each unit may penalise and how it measures
// penalties (Art. 34), kept by the units' clerks.

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"fazhi/internal/account"
	"fazhi/internal/apperr"
	"fazhi/internal/calendar"
	"fazhi/internal/certificate"
	"fazhi/internal/enforcement"
	"fazhi/internal/org"
	"fazhi/internal/store"
)

// enfFieldLabels name the fields of matters, benchmarks and cases on
// history pages.
var enfFieldLabels = map[string]string{
	"code": "事项代码", "category": "执法类别", "basis_law": "法律依据", "basis_article": "违法条款", "penalty_basis": "处罚条款",
	"crime_threshold": "涉嫌犯罪移送标准（分）", "crime_basis": "移送标准依据", "published": "公开", "active": "在用",
	"matter_id": "执法事项", "procedure": "程序", "filing_number": "立案编号", "decision_number": "决定书文号", "source": "案件来源",
	"source_on": "发现日期", "source_note": "线索情况", "party": "当事人", "violation_type": "违法行为类型", "facts": "违法事实",
	"evidence_summary": "证据情况", "violation_on": "违法行为日期", "amount_involved": "涉案金额（分）", "illegal_gains": "违法所得（分）",
	"filed_on": "立案日期", "report_on": "调查终结日期", "benchmark_id": "裁量基准", "benchmark_version": "裁量基准版本",
	"tier_id": "裁量阶次", "tier_name": "裁量阶次", "outside_benchmark": "超出裁量基准", "deviation_reason": "超出裁量基准的理由",
	"notice_on": "告知日期", "notice_fine": "拟罚款（分）", "notice_confiscation": "拟没收（分）", "notice_kinds": "拟处罚种类",
	"hearing_right": "有听证权", "defence_on": "陈述申辩日期", "defence_note": "陈述申辩", "hearing_requested_on": "申请听证日期",
	"hearing_notice_on": "听证通知日期", "hearing_on": "听证日期", "hearing_held": "已听证", "review_required": "须法制审核",
	"review_catalog": "属审核目录", "review_passed_on": "法制审核通过日期", "collective_required": "须集体讨论",
	"collective_on": "集体讨论日期", "outcome": "处理结果", "no_penalty_reason": "不予处罚理由", "decided_on": "决定日期",
	"penalty_kinds": "处罚种类", "fine": "罚款（分）", "confiscation": "没收（分）", "licence_affected": "涉及证照", "basis": "处罚依据",
	"party_present": "当事人在场", "electronic_consent": "同意电子送达", "delivered_on": "送达日期", "delivery_method": "送达方式",
	"payment_due": "缴款期限", "deferred_until": "暂缓至", "instalments": "分期期数", "paid_on": "缴款日期", "paid": "实缴（分）",
	"surcharge": "加处罚款（分）", "cash_collected": "当场收缴", "closed_on": "结案日期", "disclosed_on": "公示日期",
	"cleared_on": "处理日期", "clear_note": "处理意见", "on_date": "日期", "detail": "内容", "decided": "处理决定",
	"effective_from": "生效日期", "effective_to": "失效日期", "tiers": "裁量阶次",
}

// enfActions name the audit actions of cases and flags.
var enfActions = map[string]string{"officers": "确定承办人员", "case_record": "登记案卷材料", "preservation_decided": "先行登记保存处理决定",
	"period": "延长期限或扣除期间", "period_end": "期间结束", "payment_terms": "批准暂缓或分期缴纳", "disclosed": "处罚信息已公示",
	"clear": "处理监督事项"}

func init() {
	for k, v := range enfFieldLabels {
		if _, ok := fieldLabels[k]; !ok {
			fieldLabels[k] = v
		}
	}
	for k, v := range enfActions {
		certActions[k] = v
	}
	funcs["money"] = func(m enforcement.Money) string { return m.String() }
	funcs["kinds"] = enforcement.KindsLabel
	funcs["sourceLabel"] = enforcement.SourceLabel
	funcs["deliveryLabel"] = enforcement.DeliveryLabel
	funcs["hasKind"] = func(kinds, k string) bool { return strings.Contains(","+kinds+",", ","+k+",") }
}

// ---------- matters ----------

type matterListPage struct {
	basePage
	Matters    []enforcement.Matter
	Units      []org.Unit
	Filter     store.MatterFilter
	Pager      pager
	CanAdd     bool
	Categories []string
}

// matterFilterOf reads the list filter. The public and partners see the
// published matters; unit staff see their unit's in full and other
// units' as published; the legal affairs office sees everything.
func matterFilterOf(r *http.Request) store.MatterFilter {
	q := r.URL.Query()
	a := actorOf(r)
	f := store.MatterFilter{Query: q.Get("q"), UnitID: queryInt(r, "unit_id"), Category: q.Get("category"), Page: pageOf(r)}
	switch {
	case a.SeesAll():
	case a.Internal() && (f.UnitID == 0 || f.UnitID == a.UnitID):
		f.UnitID = a.UnitID
	default:
		f.Published, f.Active = true, true
	}
	return f
}

func (s *Server) handleMatterList(w http.ResponseWriter, r *http.Request) error {
	f := matterFilterOf(r)
	if format := r.URL.Query().Get("format"); format != "" {
		return s.exportMatters(w, r, f, format)
	}
	matters, total, err := s.store.Matters(r.Context(), f)
	if err != nil {
		return err
	}
	units, _, err := s.store.Units(r.Context(), store.UnitFilter{Enforcement: true, Active: true, Page: store.Page{Limit: 500}})
	if err != nil {
		return err
	}
	a := actorOf(r)
	s.render(w, r, "enf_matter_list", &matterListPage{Matters: matters, Units: units, Filter: f, Pager: newPager(r, f.Page, total),
		CanAdd: a.SeesAll() || a.Has(account.Clerk)})
	return nil
}

func (s *Server) exportMatters(w http.ResponseWriter, r *http.Request, f store.MatterFilter, format string) error {
	all, err := store.Collect(func(p store.Page) ([]enforcement.Matter, int, error) {
		f.Page = p
		return s.store.Matters(r.Context(), f)
	})
	if err != nil {
		return err
	}
	rows := make([][]string, len(all))
	for i, m := range all {
		threshold := ""
		if m.CrimeThreshold > 0 {
			threshold = m.CrimeThreshold.Plain()
		}
		rows[i] = []string{m.UnitName, m.Code, m.Name, m.Category, m.BasisLaw, m.BasisArticle, m.PenaltyBasis, m.PowerSource.Label(),
			threshold, m.CrimeBasis, yesNo(m.Published)}
	}
	return writeTable(w, format, "执法事项", []string{"执法单位", "事项代码", "事项名称", "执法类别", "法律依据", "违法条款", "处罚条款",
		"执法权来源", "涉嫌犯罪移送标准（元）", "移送标准依据", "公开"}, rows)
}

// visibleMatter loads the matter of the path: published ones for
// everyone, unpublished ones for the unit's staff and the office.
func (s *Server) visibleMatter(r *http.Request) (enforcement.Matter, error) {
	id, err := pathID(r)
	if err != nil {
		return enforcement.Matter{}, err
	}
	m, err := s.store.Matter(r.Context(), id)
	if err != nil {
		return m, err
	}
	if !m.Published && !actorOf(r).CanViewUnitRecords(m.UnitID) {
		return enforcement.Matter{}, apperr.New(apperr.NotFound, "执法事项不存在或尚未公开")
	}
	return m, nil
}

type matterShowPage struct {
	basePage
	Matter   enforcement.Matter
	Versions []enforcement.Benchmark
	Current  *enforcement.Benchmark
	History  []historyEntry
	CanEdit  bool
}

func (s *Server) handleMatterShow(w http.ResponseWriter, r *http.Request) error {
	m, err := s.visibleMatter(r)
	if err != nil {
		return err
	}
	a := actorOf(r)
	f := store.BenchmarkFilter{MatterID: m.ID, Published: !a.CanViewUnitRecords(m.UnitID), Page: store.Page{Limit: 100}}
	p := &matterShowPage{Matter: m, CanEdit: a.CanEditUnitRecords(m.UnitID)}
	if p.Versions, _, err = s.store.Benchmarks(r.Context(), f); err != nil {
		return err
	}
	if b, ok := enforcement.PickBenchmark(p.Versions, s.today()); ok {
		p.Current = &b
	}
	if a.CanViewUnitRecords(m.UnitID) {
		if p.History, err = s.history(r, "matter", m.ID, nil); err != nil {
			return err
		}
	}
	s.render(w, r, "enf_matter_show", p)
	return nil
}

type matterFormPage struct {
	basePage
	Matter       enforcement.Matter
	Units        []org.Unit
	PowerSources []kindOption
	Threshold    string
	formState
}

func (s *Server) matterForm(w http.ResponseWriter, r *http.Request, m enforcement.Matter, threshold string, ferr error) error {
	p := &matterFormPage{Matter: m, PowerSources: powerSources(), Threshold: threshold}
	if ferr != nil {
		if err := p.fail(w, ferr); err != nil {
			return err
		}
	}
	var err error
	if p.Units, err = s.editableUnits(r); err != nil {
		return err
	}
	s.render(w, r, "enf_matter_form", p)
	return nil
}

func (s *Server) handleMatterNew(w http.ResponseWriter, r *http.Request) error {
	a := actorOf(r)
	unit := queryInt(r, "unit_id")
	if unit == 0 && !a.SeesAll() {
		unit = a.UnitID
	}
	return s.matterForm(w, r, enforcement.Matter{UnitID: unit, PowerSource: certificate.Statutory, Published: true, Active: true}, "", nil)
}

func (s *Server) handleMatterEdit(w http.ResponseWriter, r *http.Request) error {
	m, err := s.editableMatter(r)
	if err != nil {
		return err
	}
	threshold := ""
	if m.CrimeThreshold > 0 {
		threshold = m.CrimeThreshold.Plain()
	}
	return s.matterForm(w, r, m, threshold, nil)
}

func (s *Server) editableMatter(r *http.Request) (enforcement.Matter, error) {
	m, err := s.visibleMatter(r)
	if err != nil {
		return m, err
	}
	if !actorOf(r).CanEditUnitRecords(m.UnitID) {
		return m, apperr.New(apperr.NotFound, "执法事项不存在或您无权修改")
	}
	return m, nil
}

func matterFromForm(r *http.Request) (enforcement.Matter, error) {
	var f apperr.Fields
	m := enforcement.Matter{UnitID: formInt(r, "unit_id"), Code: r.FormValue("code"), Name: r.FormValue("name"),
		Category: r.FormValue("category"), BasisLaw: r.FormValue("basis_law"), BasisArticle: r.FormValue("basis_article"),
		PenaltyBasis: r.FormValue("penalty_basis"), PowerSource: certificate.PowerSource(r.FormValue("power_source")),
		CrimeBasis: r.FormValue("crime_basis"), Published: r.FormValue("published") == "1", Active: r.FormValue("active") == "1",
		Version: int(formInt(r, "version"))}
	m.CrimeThreshold = formMoney(r, "crime_threshold", "涉嫌犯罪移送标准", &f)
	return m, f.Err()
}

// formMoney reads an amount in yuan, recording a field error.
func formMoney(r *http.Request, name, label string, f *apperr.Fields) enforcement.Money {
	m, err := enforcement.ParseMoney(r.FormValue(name))
	if err != nil {
		f.Add(name, label, err.Error())
	}
	return m
}

// checkUnitEdit refuses a record for a unit the actor may not edit.
func checkUnitEdit(a account.Actor, unit int64) error {
	if unit != 0 && !a.CanEditUnitRecords(unit) {
		var f apperr.Fields
		f.Add("unit_id", "执法单位", "您只能为本单位登记")
		return f.Err()
	}
	return nil
}

func (s *Server) handleMatterCreate(w http.ResponseWriter, r *http.Request) error {
	m, err := matterFromForm(r)
	if err == nil {
		err = checkUnitEdit(actorOf(r), m.UnitID)
	}
	if err == nil {
		err = s.store.SaveMatter(r.Context(), actorOf(r).Audit(), &m, "")
	}
	if err != nil {
		return s.matterForm(w, r, m, r.FormValue("crime_threshold"), err)
	}
	flash(w, "已新增执法事项 "+m.Code)
	http.Redirect(w, r, fmt.Sprintf("/matters/%d", m.ID), http.StatusSeeOther)
	return nil
}

func (s *Server) handleMatterUpdate(w http.ResponseWriter, r *http.Request) error {
	old, err := s.editableMatter(r)
	if err != nil {
		return err
	}
	m, err := matterFromForm(r)
	m.ID = old.ID
	if err == nil {
		err = checkUnitEdit(actorOf(r), m.UnitID)
	}
	if err == nil {
		err = s.store.SaveMatter(r.Context(), actorOf(r).Audit(), &m, r.FormValue("reason"))
	}
	if err != nil {
		return s.matterForm(w, r, m, r.FormValue("crime_threshold"), err)
	}
	flash(w, "已保存执法事项 "+m.Code)
	http.Redirect(w, r, fmt.Sprintf("/matters/%d", m.ID), http.StatusSeeOther)
	return nil
}

// ---------- benchmarks ----------

type benchmarkListPage struct {
	basePage
	Benchmarks []enforcement.Benchmark
	Units      []org.Unit
	Filter     store.BenchmarkFilter
	On         string
	All        bool
	Tiers      int // tiers of the versions listed (all pages)
	Pager      pager
	CanAdd     bool
}

func (s *Server) benchmarkFilterOf(r *http.Request) (store.BenchmarkFilter, string, bool) {
	q := r.URL.Query()
	a := actorOf(r)
	f := store.BenchmarkFilter{Query: q.Get("q"), UnitID: queryInt(r, "unit_id"), MatterID: queryInt(r, "matter_id"), Page: pageOf(r)}
	if !a.SeesAll() && !(a.Internal() && f.UnitID == a.UnitID) {
		f.Published = true
	}
	all := q.Get("all") == "1"
	on := q.Get("date")
	if !all {
		d, err := calendar.ParseDate(on)
		if err != nil {
			d = s.today()
		}
		on = d.String()
		f.InForceOn = &d
	}
	return f, on, all
}

func (s *Server) handleBenchmarkList(w http.ResponseWriter, r *http.Request) error {
	f, on, all := s.benchmarkFilterOf(r)
	if format := r.URL.Query().Get("format"); format != "" {
		return s.exportBenchmarks(w, r, f, format)
	}
	list, total, err := s.store.Benchmarks(r.Context(), f)
	if err != nil {
		return err
	}
	tiers, err := s.store.TierCount(r.Context(), f)
	if err != nil {
		return err
	}
	units, _, err := s.store.Units(r.Context(), store.UnitFilter{Enforcement: true, Active: true, Page: store.Page{Limit: 500}})
	if err != nil {
		return err
	}
	a := actorOf(r)
	s.render(w, r, "enf_benchmark_list", &benchmarkListPage{Benchmarks: list, Units: units, Filter: f, On: on, All: all, Tiers: tiers,
		Pager: newPager(r, f.Page, total), CanAdd: a.SeesAll() || a.Has(account.Clerk)})
	return nil
}

func (s *Server) exportBenchmarks(w http.ResponseWriter, r *http.Request, f store.BenchmarkFilter, format string) error {
	all, err := store.Collect(func(p store.Page) ([]enforcement.Benchmark, int, error) {
		f.Page = p
		return s.store.Benchmarks(r.Context(), f)
	})
	if err != nil {
		return err
	}
	var rows [][]string
	for _, b := range all {
		to := ""
		if b.EffectiveTo != nil {
			to = b.EffectiveTo.String()
		}
		for _, t := range b.Tiers {
			rows = append(rows, []string{b.UnitName, b.MatterCode, b.MatterName, strconv.Itoa(b.Version), b.EffectiveFrom.String(), to,
				strconv.Itoa(t.Seq), t.Name, t.Conditions, t.RangeLabel(), enforcement.KindsLabel(t.PenaltyKinds), b.Source})
		}
	}
	return writeTable(w, format, "裁量基准", []string{"执法单位", "事项代码", "事项名称", "版本", "生效日期", "失效日期", "序号",
		"阶次", "适用条件", "裁量幅度", "处罚种类", "裁量基准来源"}, rows)
}

type benchmarkShowPage struct {
	basePage
	Benchmark enforcement.Benchmark
	Matter    enforcement.Matter
	History   []historyEntry
	CanAdd    bool
}

func (s *Server) handleBenchmarkShow(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	b, err := s.store.Benchmark(r.Context(), id)
	if err != nil {
		return err
	}
	m, err := s.store.Matter(r.Context(), b.MatterID)
	if err != nil {
		return err
	}
	a := actorOf(r)
	if (!b.Published || !m.Published) && !a.CanViewUnitRecords(m.UnitID) {
		return apperr.New(apperr.NotFound, "裁量基准不存在或尚未公布")
	}
	p := &benchmarkShowPage{Benchmark: b, Matter: m, CanAdd: a.CanEditUnitRecords(m.UnitID)}
	if a.CanViewUnitRecords(m.UnitID) {
		if p.History, err = s.history(r, "benchmark", b.ID, nil); err != nil {
			return err
		}
	}
	s.render(w, r, "enf_benchmark_show", p)
	return nil
}

// tierRow is one row of the benchmark form (kept as typed).
type tierRow struct {
	Name, Conditions, Kinds, Min, Max, MinMultiple, MaxMultiple, Range string
	NoPenalty                                                          bool
}

type benchmarkFormPage struct {
	basePage
	Matter        enforcement.Matter
	Matters       []enforcement.Matter
	EffectiveFrom string
	Source        string
	Published     bool
	Rows          []tierRow
	Kinds         []enforcement.Option
	formState
}

func (s *Server) benchmarkForm(w http.ResponseWriter, r *http.Request, p *benchmarkFormPage, ferr error) error {
	if ferr != nil {
		if err := p.fail(w, ferr); err != nil {
			return err
		}
	}
	p.Kinds = enforcement.PenaltyKinds
	for len(p.Rows) < 5 {
		p.Rows = append(p.Rows, tierRow{})
	}
	if p.Matter.ID == 0 {
		a := actorOf(r)
		f := store.MatterFilter{Active: true, Page: store.Page{Limit: 500}}
		if !a.SeesAll() {
			f.UnitID = a.UnitID
		}
		var err error
		if p.Matters, _, err = s.store.Matters(r.Context(), f); err != nil {
			return err
		}
	}
	s.render(w, r, "enf_benchmark_form", p)
	return nil
}

func (s *Server) handleBenchmarkNew(w http.ResponseWriter, r *http.Request) error {
	p := &benchmarkFormPage{EffectiveFrom: s.today().String(), Published: true}
	if id := queryInt(r, "matter_id"); id != 0 {
		m, err := s.store.Matter(r.Context(), id)
		if err != nil {
			return err
		}
		if !actorOf(r).CanEditUnitRecords(m.UnitID) {
			return apperr.New(apperr.NotFound, "执法事项不存在或您无权为其制定裁量基准")
		}
		p.Matter = m
		if b, ok, err := s.store.BenchmarkInForce(r.Context(), m.ID, s.today()); err != nil {
			return err
		} else if ok {
			p.Source = b.Source
			for _, t := range b.Tiers {
				p.Rows = append(p.Rows, rowOfTier(t))
			}
		}
	}
	return s.benchmarkForm(w, r, p, nil)
}

func rowOfTier(t enforcement.Tier) tierRow {
	row := tierRow{Name: t.Name, Conditions: t.Conditions, Kinds: t.PenaltyKinds, Range: t.RangeText, NoPenalty: t.NoPenalty}
	if t.MinFine > 0 {
		row.Min = t.MinFine.Plain()
	}
	if t.MaxFine != nil {
		row.Max = t.MaxFine.Plain()
	}
	if t.MaxMultiple > 0 {
		row.MinMultiple, row.MaxMultiple = multipleText(t.MinMultiple), multipleText(t.MaxMultiple)
	}
	return row
}

func multipleText(h int) string { return strconv.FormatFloat(float64(h)/100, 'f', -1, 64) }

// tiersFromForm reads the tier rows; blank rows are skipped.
func tiersFromForm(r *http.Request) ([]tierRow, []enforcement.Tier, error) {
	var f apperr.Fields
	var rows []tierRow
	var tiers []enforcement.Tier
	names := r.Form["tier_name"]
	get := func(key string, i int) string {
		if v := r.Form[key]; i < len(v) {
			return strings.TrimSpace(v[i])
		}
		return ""
	}
	for i := range names {
		row := tierRow{Name: get("tier_name", i), Conditions: get("tier_conditions", i), Kinds: get("tier_kinds", i),
			Min: get("tier_min", i), Max: get("tier_max", i), MinMultiple: get("tier_min_multiple", i),
			MaxMultiple: get("tier_max_multiple", i), Range: get("tier_range", i), NoPenalty: get("tier_no_penalty", i) == "1"}
		rows = append(rows, row)
		if row == (tierRow{}) {
			continue
		}
		t := enforcement.Tier{Name: row.Name, Conditions: row.Conditions, PenaltyKinds: enforcement.ParseKinds(row.Kinds),
			RangeText: row.Range, NoPenalty: row.NoPenalty}
		label := fmt.Sprintf("第 %d 阶次", i+1)
		var err error
		if t.MinFine, err = enforcement.ParseMoney(row.Min); err != nil {
			f.Add("tiers", "裁量阶次", label+"下限："+err.Error())
		}
		if row.Max != "" {
			max, err := enforcement.ParseMoney(row.Max)
			if err != nil {
				f.Add("tiers", "裁量阶次", label+"上限："+err.Error())
			}
			t.MaxFine = &max
		}
		for _, m := range []struct {
			v   string
			dst *int
		}{{row.MinMultiple, &t.MinMultiple}, {row.MaxMultiple, &t.MaxMultiple}} {
			if m.v == "" {
				continue
			}
			x, err := strconv.ParseFloat(m.v, 64)
			if err != nil || x < 0 {
				f.Add("tiers", "裁量阶次", label+"倍数应为不小于零的数字")
				continue
			}
			*m.dst = int(x*100 + 0.5)
		}
		tiers = append(tiers, t)
	}
	return rows, tiers, f.Err()
}

func (s *Server) handleBenchmarkCreate(w http.ResponseWriter, r *http.Request) error {
	var f apperr.Fields
	p := &benchmarkFormPage{EffectiveFrom: r.FormValue("effective_from"), Source: r.FormValue("source"), Published: r.FormValue("published") == "1"}
	b := enforcement.Benchmark{MatterID: formInt(r, "matter_id"), Source: p.Source, Published: p.Published}
	if d := formDate(r, "effective_from", "生效日期", &f); d != nil {
		b.EffectiveFrom = *d
	}
	rows, tiers, err := tiersFromForm(r)
	p.Rows, b.Tiers = rows, tiers
	if err == nil {
		err = f.Err()
	}
	if m, merr := s.store.Matter(r.Context(), b.MatterID); merr == nil {
		if actorOf(r).CanEditUnitRecords(m.UnitID) {
			p.Matter = m
		} else if err == nil {
			err = checkUnitEdit(actorOf(r), m.UnitID)
		}
	}
	if err == nil {
		err = s.store.CreateBenchmark(r.Context(), actorOf(r).Audit(), &b)
	}
	if err != nil {
		return s.benchmarkForm(w, r, p, err)
	}
	flash(w, fmt.Sprintf("已发布 %s 裁量基准第 %d 版，自 %s 起施行", b.MatterName, b.Version, b.EffectiveFrom))
	http.Redirect(w, r, fmt.Sprintf("/benchmarks/%d", b.ID), http.StatusSeeOther)
	return nil
}
