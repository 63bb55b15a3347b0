package store

// What a penalty case hands to its documents and to penalty disclosure
// (seed measure 4).

import (
	"context"
	"database/sql"

	"fazhi/internal/calendar"
	"fazhi/internal/enforcement"
)

// CaseDocContext gathers what a case document states beyond the case:
// the unit, the remedies and periods from the rule table as of day on,
// the evidence on file and the benchmark version applied.
func (s *Store) CaseDocContext(ctx context.Context, c enforcement.Case, on calendar.Date) (enforcement.DocContext, error) {
	u, err := s.Unit(ctx, c.UnitID)
	if err != nil {
		return enforcement.DocContext{}, err
	}
	x := enforcement.DocContext{Agency: u.Name, AgencyAddress: u.Address, AgencyPhone: u.Phone}
	text := func(key, def string) string {
		if r, err := s.Rule(ctx, key, on); err == nil {
			return r.Value
		}
		return def
	}
	num := func(key string, def int) int {
		if r, err := s.Rule(ctx, key, on); err == nil {
			if n, err := r.Int(); err == nil {
				return n
			}
		}
		return def
	}
	x.Reconsideration = text("penalty.reconsideration_body", "本级人民政府")
	x.Court = text("penalty.litigation_court", "有管辖权的人民法院")
	x.ReconsiderDays = num("penalty.remedy_reconsideration", 60)
	x.LitigationMonths = num("penalty.remedy_litigation", 6)
	x.PaymentDays = num("penalty.payment", 15)
	x.SurchargeRate = num("penalty.late_surcharge_rate", 3)
	x.HearingRequestDays = num("penalty.hearing_request", 5)
	if x.Evidence, err = s.CaseRecords(ctx, c.ID); err != nil {
		return x, err
	}
	if c.BenchmarkID != 0 {
		b, err := s.Benchmark(ctx, c.BenchmarkID)
		if err != nil {
			return x, err
		}
		x.Benchmark = &b
	}
	return x, nil
}

// CaseDisclosureData is a decided case as the national penalty data set
// wants it, with the day it is due for publication (the running or last
// disclosure clock). The penalty-disclosure area consumes it.
func (s *Store) CaseDisclosureData(ctx context.Context, caseID int64) (enforcement.DisclosureData, error) {
	c, err := s.Case(ctx, caseID)
	if err != nil {
		return enforcement.DisclosureData{}, err
	}
	u, err := s.Unit(ctx, c.UnitID)
	if err != nil {
		return enforcement.DisclosureData{}, err
	}
	d, err := enforcement.Disclosure(c, u.Name, u.CreditCode)
	if err != nil {
		return d, err
	}
	err = s.DB.QueryRowContext(ctx, `SELECT t.due_on FROM workflow_timers t JOIN workflow_items i ON i.id = t.item_id
		WHERE i.record_kind = $1 AND i.record_id = $2 AND t.name = $3 ORDER BY t.id DESC LIMIT 1`,
		enforcement.RecordKind, caseID, enforcement.TimerDisclosure).Scan(&d.DueOn)
	if err == sql.ErrNoRows {
		err = nil
	}
	return d, err
}
