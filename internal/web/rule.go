package web

import (
	"net/http"
	"strconv"
	"strings"

	"fazhi/internal/apperr"
	"fazhi/internal/calendar"
	"fazhi/internal/rule"
)

type ruleListPage struct {
	basePage
	Groups  []ruleGroup
	AsOf    calendar.Date
	Query   string
	CanEdit bool
	Total   int
}

// ruleGroup gathers the rows of one area (the key's prefix).
type ruleGroup struct {
	Label string
	Rules []ruleRow
}

type ruleRow struct {
	rule.Rule
	Applies bool // the row that applies on AsOf for its key
}

var areaLabels = map[string]string{
	"penalty": "行政处罚", "coercion": "行政强制", "disclosure": "信息公示与公开", "transfer": "行刑衔接（移送）",
	"litigation": "行政应诉", "reconsideration": "行政复议", "normdoc": "规范性文件", "decision": "重大行政决策",
	"review": "重大执法决定法制审核", "certificate": "行政执法证件", "report": "法治政府建设年度报告",
	"mediation": "调解", "supervision": "执法监督", "security": "系统安全",
}

var areaOrder = []string{"penalty", "coercion", "review", "disclosure", "transfer", "certificate", "normdoc",
	"decision", "litigation", "reconsideration", "report", "mediation", "supervision", "security"}

func (s *Server) handleRuleList(w http.ResponseWriter, r *http.Request) error {
	asOf := calendar.DateOf(s.store.Now().In(beijing))
	if v := r.URL.Query().Get("date"); v != "" {
		d, err := calendar.ParseDate(v)
		if err != nil {
			var f apperr.Fields
			f.Add("date", "查询日期", err.Error())
			return f.Err()
		}
		asOf = d
	}
	rules, err := s.store.Rules(r.Context())
	if err != nil {
		return err
	}
	q := strings.TrimSpace(r.URL.Query().Get("q"))
	p := &ruleListPage{AsOf: asOf, Query: q, CanEdit: actorOf(r).CanManagePlatform()}
	p.Groups, p.Total = groupRules(rules, asOf, q)
	s.render(w, r, "rule_list", p)
	return nil
}

func groupRules(rules []rule.Rule, asOf calendar.Date, q string) ([]ruleGroup, int) {
	byKey := map[string][]rule.Rule{}
	for _, r := range rules {
		byKey[r.Key] = append(byKey[r.Key], r)
	}
	byArea := map[string][]ruleRow{}
	total := 0
	for _, r := range rules {
		if q != "" && !strings.Contains(r.Title, q) && !strings.Contains(r.Citation, q) && !strings.Contains(r.Key, q) {
			continue
		}
		applies, ok := rule.Pick(byKey[r.Key], asOf)
		area, _, _ := strings.Cut(r.Key, ".")
		byArea[area] = append(byArea[area], ruleRow{Rule: r, Applies: ok && applies.ID == r.ID})
		total++
	}
	var out []ruleGroup
	for _, area := range areaOrder {
		if rows := byArea[area]; len(rows) > 0 {
			out = append(out, ruleGroup{Label: areaLabels[area], Rules: rows})
			delete(byArea, area)
		}
	}
	for area, rows := range byArea {
		out = append(out, ruleGroup{Label: area, Rules: rows})
	}
	return out, total
}

type ruleShowPage struct {
	basePage
	Rule    rule.Rule
	CanEdit bool
	History []historyEntry
}

func (s *Server) handleRuleShow(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	rl, err := s.store.RuleByID(r.Context(), id)
	if err != nil {
		return err
	}
	hist, err := s.history(r, "rule", id, nil)
	if err != nil {
		return err
	}
	s.render(w, r, "rule_show", &ruleShowPage{Rule: rl, CanEdit: actorOf(r).CanManagePlatform(), History: hist})
	return nil
}

type ruleFormPage struct {
	basePage
	Rule          rule.Rule
	Units         []kindOption
	Jurisdictions []string
	formState
	Reason string
}

func (s *Server) ruleForm(w http.ResponseWriter, r *http.Request, rl rule.Rule, err error) error {
	p := &ruleFormPage{Rule: rl, Jurisdictions: rule.Jurisdictions, Reason: r.FormValue("reason")}
	for _, u := range rule.Units {
		p.Units = append(p.Units, kindOption{string(u.Unit), u.Label})
	}
	if err != nil {
		if ferr := p.fail(w, err); ferr != nil {
			return ferr
		}
	}
	s.render(w, r, "rule_form", p)
	return nil
}

func (s *Server) handleRuleNew(w http.ResponseWriter, r *http.Request) error {
	return s.ruleForm(w, r, rule.Rule{Jurisdiction: "慈溪市", Unit: rule.Workdays, EffectiveFrom: calendar.DateOf(s.store.Now())}, nil)
}

func (s *Server) handleRuleEdit(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	rl, err := s.store.RuleByID(r.Context(), id)
	if err != nil {
		return err
	}
	return s.ruleForm(w, r, rl, nil)
}

func ruleFromForm(r *http.Request) (rule.Rule, error) {
	var f apperr.Fields
	rl := rule.Rule{Key: strings.TrimSpace(r.FormValue("key")), Title: strings.TrimSpace(r.FormValue("title")),
		Value: strings.TrimSpace(r.FormValue("value")), Unit: rule.Unit(r.FormValue("unit")),
		Citation: strings.TrimSpace(r.FormValue("citation")), Verification: r.FormValue("verification"),
		Jurisdiction: r.FormValue("jurisdiction"), Note: strings.TrimSpace(r.FormValue("note")),
		Version: int(formInt(r, "version"))}
	if d := formDate(r, "effective_from", "生效日期", &f); d != nil {
		rl.EffectiveFrom = *d
	}
	rl.EffectiveTo = formDate(r, "effective_to", "失效日期", &f)
	return rl, f.Err()
}

func (s *Server) handleRuleCreate(w http.ResponseWriter, r *http.Request) error {
	rl, err := ruleFromForm(r)
	if err == nil {
		err = s.store.CreateRule(r.Context(), actorOf(r).Audit(), &rl)
	}
	if err != nil {
		return s.ruleForm(w, r, rl, err)
	}
	flash(w, "已新增规则条目")
	http.Redirect(w, r, "/rules/"+strconv.FormatInt(rl.ID, 10), http.StatusSeeOther)
	return nil
}

func (s *Server) handleRuleUpdate(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	rl, err := ruleFromForm(r)
	rl.ID = id
	if err == nil {
		err = s.store.UpdateRule(r.Context(), actorOf(r).Audit(), &rl, strings.TrimSpace(r.FormValue("reason")))
	}
	if err != nil {
		return s.ruleForm(w, r, rl, err)
	}
	flash(w, "已保存规则修改")
	http.Redirect(w, r, "/rules/"+strconv.FormatInt(rl.ID, 10), http.StatusSeeOther)
	return nil
}
