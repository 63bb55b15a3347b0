package store

// Statistics of normative documents, computed from the records: the
// campaigns with their scope and outcomes, the documents abolished and
// expired in a period, per year.

import (
	"context"
	"fmt"

	"fazhi/internal/calendar"
	"fazhi/internal/normdoc"
)

// CampaignStat is one campaign with its scope and outcomes.
type CampaignStat struct {
	normdoc.Campaign
	Scope     int `json:"scope"`      // documents in scope
	ScopeGov  int `json:"scope_gov"`  // of the city government and its office
	ScopeUnit int `json:"scope_unit"` // of towns and departments
	Units     int `json:"units"`      // responsible units
	Continue  int `json:"continue"`   // proposals (approved or not) by outcome
	Amend     int `json:"amend"`
	Abolish   int `json:"abolish"`
	Declare   int `json:"declare_expired"`
	// Abolished and Declared count the effects the decision wrote.
	Abolished int `json:"abolished"`
	Declared  int `json:"declared_expired"`
	Amended   int `json:"amended"`
}

// NormdocTotals sums a period.
type NormdocTotals struct {
	From calendar.Date `json:"from"`
	To   calendar.Date `json:"to"`
	// Campaigns decided in the period, by kind.
	Comprehensive int `json:"comprehensive"`
	Special       int `json:"special"`
	// CleanupAbolished are the documents the period's campaigns abolished.
	CleanupAbolished int `json:"cleanup_abolished"`
	CleanupDeclared  int `json:"cleanup_declared_expired"`
	// Abolished counts every repeal and replacement in the period,
	// Expired every expiry, Declared every declaration of expiry.
	Abolished int `json:"abolished"`
	Expired   int `json:"expired"`
	Declared  int `json:"declared_expired"`
	Renewed   int `json:"renewed"`
	Published int `json:"published"` // documents published in the period
	Catalogs  int `json:"catalogs"`  // catalog versions published in the period
	// Now: in force today and open evaluation tasks.
	InForceToday    int `json:"in_force_today"`
	OpenEvaluations int `json:"open_evaluations"`
}

// YearStat is one year's movement of the registry.
type YearStat struct {
	Year      int `json:"year"`
	Published int `json:"published"`
	Abolished int `json:"abolished"`
	Expired   int `json:"expired"`
	Declared  int `json:"declared_expired"`
	Renewed   int `json:"renewed"`
}

// NormdocStats computes the statistics of the period from..to (inclusive).
func (s *Store) NormdocStats(ctx context.Context, from, to, today calendar.Date) (NormdocTotals, []CampaignStat, []YearStat, error) {
	tot := NormdocTotals{From: from, To: to}
	campaigns, err := s.campaignStats(ctx, from, to)
	if err != nil {
		return tot, nil, nil, err
	}
	for _, c := range campaigns {
		if c.State != normdoc.Decided || c.DecidedOn == nil || c.DecidedOn.Before(from) || c.DecidedOn.After(to) {
			continue
		}
		if c.Kind == normdoc.Comprehensive {
			tot.Comprehensive++
		} else {
			tot.Special++
		}
		tot.CleanupAbolished += c.Abolished
		tot.CleanupDeclared += c.Declared
	}
	effects := func(kinds string) string {
		return `(SELECT COUNT(*) FROM normdoc_effects WHERE kind IN (` + kinds + `) AND effective_on >= $1 AND effective_on <= $2)`
	}
	err = s.DB.QueryRowContext(ctx, `SELECT `+effects("'repeal', 'replace'")+`, `+effects("'expire'")+`, `+
		effects("'declare_expired'")+`, `+effects("'renew'")+`,
		(SELECT COUNT(*) FROM normdocs WHERE published_on >= $1 AND published_on <= $2),
		(SELECT COUNT(*) FROM catalog_publications WHERE published_on >= $1 AND published_on <= $2),
		(SELECT COUNT(*) FROM normdoc_evaluations WHERE state = 'open')`, from, to).
		Scan(&tot.Abolished, &tot.Expired, &tot.Declared, &tot.Renewed, &tot.Published, &tot.Catalogs, &tot.OpenEvaluations)
	if err != nil {
		return tot, nil, nil, err
	}
	_, tot.InForceToday, err = s.Normdocs(ctx, NormdocFilter{AsOf: today, Catalog: normdoc.ValidCatalog, Page: Page{Limit: 1}})
	if err != nil {
		return tot, nil, nil, err
	}
	years, err := s.yearStats(ctx, from, to)
	return tot, campaigns, years, err
}

// campaignStats lists the campaigns launched or decided in the period,
// the oldest first.
func (s *Store) campaignStats(ctx context.Context, from, to calendar.Date) ([]CampaignStat, error) {
	items := func(cond string) string {
		return `(SELECT COUNT(*) FROM cleanup_items i JOIN normdocs d ON d.id = i.doc_id JOIN units u ON u.id = d.lead_unit_id
			WHERE i.campaign_id = c.id` + cond + `)`
	}
	written := func(kind string) string {
		return `(SELECT COUNT(*) FROM normdoc_effects e WHERE e.campaign_id = c.id AND e.kind = '` + kind + `')`
	}
	rows, err := s.DB.QueryContext(ctx, `SELECT `+campaignColumns+`, `+items("")+`, `+
		items(" AND u.kind IN ('government', 'office')")+`, `+
		`(SELECT COUNT(DISTINCT i.unit_id) FROM cleanup_items i WHERE i.campaign_id = c.id), `+
		items(" AND i.outcome = 'continue'")+`, `+items(" AND i.outcome = 'amend'")+`, `+items(" AND i.outcome = 'abolish'")+`, `+
		items(" AND i.outcome = 'declare_expired'")+`, `+written("repeal")+`, `+written("declare_expired")+`, `+written("amend")+`
		FROM cleanup_campaigns c WHERE (c.launched_on >= $1 AND c.launched_on <= $2) OR (c.decided_on >= $1 AND c.decided_on <= $2)
		ORDER BY c.launched_on, c.id`, from, to)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []CampaignStat
	for rows.Next() {
		var c CampaignStat
		var scope string
		if err := rows.Scan(&c.ID, &c.Name, &c.Kind, &c.Basis, &scope, &c.Deadline, &c.State, optDateInto{&c.LaunchedOn},
			&c.DecisionNumber, optDateInto{&c.DecidedOn}, &c.Note, &c.Version, &c.CreatedAt, &c.UpdatedAt,
			&c.Scope, &c.ScopeGov, &c.Units, &c.Continue, &c.Amend, &c.Abolish, &c.Declare, &c.Abolished, &c.Declared, &c.Amended); err != nil {
			return nil, err
		}
		if err := jsonScope(scope, &c.Campaign); err != nil {
			return nil, err
		}
		c.ScopeUnit = c.Scope - c.ScopeGov
		out = append(out, c)
	}
	return out, rows.Err()
}

func (s *Store) yearStats(ctx context.Context, from, to calendar.Date) ([]YearStat, error) {
	var out []YearStat
	for y := from.Year; y <= to.Year; y++ {
		lo, hi := fmt.Sprintf("%04d-01-01", y), fmt.Sprintf("%04d-12-31", y)
		effects := func(kinds string) string {
			return `(SELECT COUNT(*) FROM normdoc_effects WHERE kind IN (` + kinds + `) AND effective_on >= $1 AND effective_on <= $2)`
		}
		ys := YearStat{Year: y}
		if err := s.DB.QueryRowContext(ctx, `SELECT (SELECT COUNT(*) FROM normdocs WHERE published_on >= $1 AND published_on <= $2), `+
			effects("'repeal', 'replace'")+`, `+effects("'expire'")+`, `+effects("'declare_expired'")+`, `+effects("'renew'"), lo, hi).
			Scan(&ys.Published, &ys.Abolished, &ys.Expired, &ys.Declared, &ys.Renewed); err != nil {
			return nil, err
		}
		out = append(out, ys)
	}
	return out, nil
}
