package store

import (
	"context"
	"database/sql"

	"fazhi/internal/apperr"
	"fazhi/internal/audit"
	"fazhi/internal/disclosure"
	"fazhi/internal/enforcement"
	"fazhi/internal/ident"
	"fazhi/internal/org"
)

// PublishCaseDisclosure hands a decided case over to the penalty
// disclosure (行政处罚法第四十八条; 双公示, due 7 working days after the
// decision): it builds the national data-set record from the case,
// publishes it — masked, indexed, or withheld for a minor — and marks the
// case disclosed, stopping its disclosure clock, in one transaction.
func (s *Store) PublishCaseDisclosure(ctx context.Context, actor audit.Actor, caseID int64) (disclosure.Record, error) {
	var rec disclosure.Record
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		w, err := s.disWriter(ctx, tx)
		if err != nil {
			return err
		}
		c, _, err := w.openCase(caseID, 0)
		if err != nil {
			return err
		}
		if c.DisclosedOn != nil {
			return apperr.New(apperr.Conflict, "该案件的处罚决定已于 "+c.DisclosedOn.String()+" 公示")
		}
		u, err := w.unit(c.UnitID)
		if err != nil {
			return err
		}
		if rec, err = caseDisclosureRecord(c, u); err != nil {
			return err
		}
		if err := w.publish(actor, &rec); err != nil {
			return err
		}
		return w.markDisclosed(actor, caseID, s.today())
	})
	return rec, err
}

// caseDisclosureRecord maps a decided case onto the disclosure record;
// enforcement.Disclosure checks that there is a penalty decision.
func caseDisclosureRecord(c enforcement.Case, u org.Unit) (disclosure.Record, error) {
	if _, err := enforcement.Disclosure(c, u.Name, u.CreditCode); err != nil {
		return disclosure.Record{}, err
	}
	p := c.Party
	r := disclosure.Record{UnitID: c.UnitID, SourceCaseID: c.ID, PartyName: p.Name, Minor: p.Minor,
		DecisionNumber: c.DecisionNumber, ViolationType: c.ViolationType, Facts: c.Facts, Basis: c.Basis,
		Content: enforcement.PenaltyContent(c), Fine: disclosure.Amount(c.Fine), Confiscation: disclosure.Amount(c.Confiscation),
		Licence: c.LicenceAffected, DecidedOn: *c.DecidedOn,
		Agency: u.Name, AgencyCode: u.CreditCode, DataSource: u.Name, DataSourceCode: u.CreditCode}
	if r.ViolationType == "" {
		r.ViolationType = c.MatterName
	}
	switch p.Kind {
	case enforcement.Person:
		r.PartyCategory, r.PartyIDType, r.PartyID = disclosure.Person, disclosure.OtherIDType, p.Code
		if _, err := ident.ParseResidentID(p.Code); err == nil {
			r.PartyIDType = disclosure.ResidentIDCard
		}
	case enforcement.Individual:
		r.PartyCategory, r.CreditCode = disclosure.Individual, p.Code
	default:
		r.PartyCategory, r.CreditCode = disclosure.Organisation, p.Code
	}
	if p.Kind != enforcement.Person && p.LegalRep != "" {
		r.LegalRep, r.LegalRepID = p.LegalRep, p.LegalRepID
		if p.LegalRepID != "" {
			r.LegalRepIDType = disclosure.OtherIDType
			if _, err := ident.ParseResidentID(p.LegalRepID); err == nil {
				r.LegalRepIDType = disclosure.ResidentIDCard
			}
		}
	}
	for _, k := range enforcement.SplitKinds(c.PenaltyKinds) {
		r.Categories = append(r.Categories, disclosureCategory(k))
	}
	return r, nil
}

// disclosureCategory maps the case's penalty kinds (行政处罚法第九条) onto
// the data set's categories.
func disclosureCategory(kind string) disclosure.Category {
	switch kind {
	case "downgrade":
		return disclosure.LowerQualification
	case "restrict_activity":
		return disclosure.RestrictBusiness
	case "restrict_employment":
		return disclosure.RestrictPractice
	}
	c := disclosure.Category(kind)
	for _, known := range disclosure.Categories {
		if known.Value == c {
			return c
		}
	}
	return disclosure.OtherPenalty
}
