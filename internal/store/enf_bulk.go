package store

// Penalty-case writes inside a Bulk (seed measure 4): the same writer
// methods the Store methods use, for the demo's load of thousands of
// cases in one transaction.

import (
	"fazhi/internal/audit"
	"fazhi/internal/calendar"
	"fazhi/internal/enforcement"
)

// SaveMatter is Store.SaveMatter inside the bulk.
func (b *Bulk) SaveMatter(actor audit.Actor, m *enforcement.Matter) error {
	return b.w.saveMatter(actor, m, "")
}

// CreateBenchmark is Store.CreateBenchmark inside the bulk.
func (b *Bulk) CreateBenchmark(actor audit.Actor, bm *enforcement.Benchmark) error {
	if b.w.enf != nil {
		delete(b.w.enf.benchmarks, bm.MatterID)
	}
	return b.w.createBenchmark(actor, bm)
}

// RegisterCase is Store.RegisterCase inside the bulk.
func (b *Bulk) RegisterCase(actor audit.Actor, c *enforcement.Case) error {
	return b.w.registerCase(actor, c)
}

// ActOnCase is Store.ActOnCase inside the bulk, by a system actor that
// holds the roles of the unit's handlers and head (the statutory gates
// apply all the same). The act's version is the item's current one. A
// refusal is flagged in the same transaction and returned.
func (b *Bulk) ActOnCase(actor audit.Actor, unitID, caseID int64, a enforcement.Act) (enforcement.Case, error) {
	it, err := b.w.caseItem(caseID)
	if err != nil {
		return enforcement.Case{}, err
	}
	a.Version = it.Version
	c, err := b.w.act(caseActor(unitID, actor.Name), actor, caseID, a)
	if r, ok := enforcement.AsRefusal(err); ok {
		if ferr := b.w.flagRefusal(actor, caseID, a.Name, r, a.On); ferr != nil {
			return c, ferr
		}
	}
	return c, err
}

// DecideOnTheSpot is Store.DecideOnTheSpot inside the bulk (a refusal is
// returned, not flagged).
func (b *Bulk) DecideOnTheSpot(actor audit.Actor, c *enforcement.Case, officerIDs []int64) error {
	return b.w.decideOnTheSpot(actor, c, officerIDs)
}

// AddCaseRecord is Store.AddCaseRecord inside the bulk.
func (b *Bulk) AddCaseRecord(actor audit.Actor, r *enforcement.CaseRecord) error {
	return b.w.addCaseRecord(actor, r)
}

// DecidePreservation is Store.DecidePreservation inside the bulk.
func (b *Bulk) DecidePreservation(actor audit.Actor, caseID, recordID int64, on calendar.Date, decision string) error {
	return b.w.decidePreservation(actor, caseID, recordID, on, decision)
}

// RecordDefence is Store.RecordDefence inside the bulk.
func (b *Bulk) RecordDefence(actor audit.Actor, n CaseNote) error {
	_, err := b.w.setCaseFact(actor, n, enforcement.RecDefence, "陈述申辩", setDefence(n))
	return err
}

// RecordCollective is Store.RecordCollective inside the bulk.
func (b *Bulk) RecordCollective(actor audit.Actor, n CaseNote) error {
	_, err := b.w.setCaseFact(actor, n, enforcement.RecCollective, "负责人集体讨论", setCollective(n))
	return err
}

// MarkReviewPassed is Store.MarkReviewPassed inside the bulk.
func (b *Bulk) MarkReviewPassed(actor audit.Actor, n CaseNote) error {
	_, err := b.w.setCaseFact(actor, n, enforcement.RecReview, "法制审核通过", setReviewPassed(n))
	return err
}

// AddCasePeriod is Store.AddCasePeriod inside the bulk.
func (b *Bulk) AddCasePeriod(actor audit.Actor, p *enforcement.Period) error {
	it, err := b.w.caseItem(p.CaseID)
	if err != nil {
		return err
	}
	return b.w.addPeriod(actor, it, p)
}

// SetPaymentTerms is Store.SetPaymentTerms inside the bulk.
func (b *Bulk) SetPaymentTerms(actor audit.Actor, t PaymentTerms) error {
	_, err := b.w.setPaymentTerms(actor, t)
	return err
}

// MarkCaseDisclosed is Store.MarkCaseDisclosed inside the bulk.
func (b *Bulk) MarkCaseDisclosed(actor audit.Actor, caseID int64, on calendar.Date) error {
	return b.w.markDisclosed(actor, caseID, on)
}

// ClearCaseFlags clears a case's open flags of kind, as the legal affairs
// office does after dealing with them.
func (b *Bulk) ClearCaseFlags(actor audit.Actor, caseID int64, kind string, on calendar.Date, note string) error {
	return b.w.clearFlags(actor, caseID, kind, "", on, note)
}

// ScanCase raises the warnings a daily scan would have raised for a
// case's running timers up to day on (the demo replays its history, so
// that warnings raised and later cleared by the act exist as they would).
func (b *Bulk) ScanCase(caseID int64, on calendar.Date) error {
	it, err := b.w.caseItem(caseID)
	if err != nil {
		return err
	}
	_, err = b.w.s.scanWarnings(b.w.ctx, b.w.q, on, it.ID)
	return err
}
