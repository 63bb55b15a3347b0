// Package demo loads deterministic demonstration data: the organisation of
// 慈溪市 (the city government and its office, the 30 departments of the
// rule-of-law assessment of which 27 are enforcement units, the 18 towns
// and subdistricts, the court, procuratorate and police, and the legal
// affairs office abolished in the 2019 reform), about eight people per
// unit, and one account per role (LoadOrganisation); and, on top of it,
// the enforcement officers and their certificates from 2011 to the
// clean-up of early 2017, at the scale of seed measure 5 (Load).
//
// Everything is drawn from a fixed seed, so two loads produce the same
// names, credit codes and ID numbers. Every write goes through the store's
// public methods, so each record has its audit event.
package demo

import (
	"context"
	"fmt"
	"math/rand/v2"

	"fazhi/internal/account"
	"fazhi/internal/apperr"
	"fazhi/internal/audit"
	"fazhi/internal/calendar"
	"fazhi/internal/ident"
	"fazhi/internal/org"
	"fazhi/internal/store"
)

// Password is the password of every demo account.
const Password = "Fazhi@2026demo"

// seed is the fixed PCG seed of the demo data: every load draws the same
// sequence.
var seed = [2]uint64{2017, 1211}

// Summary counts what Load created. The certificate counts are zero
// after LoadOrganisation.
type Summary struct {
	Units, People, Users int
	// Officers registered, exam sessions held, certificates issued (new
	// and successors), annual reviews and anomalies recorded.
	Officers, ExamSessions, Certificates, Reviews, Anomalies int
	// Normative documents registered, cleanup campaigns and published
	// catalog versions.
	Normdocs, Cleanups, CatalogVersions int
	// Enforcement (seed measure 4): matters, benchmark versions and their
	// tiers, penalty cases under the ordinary and the simple procedure.
	Matters, Benchmarks, BenchmarkTiers, Cases, SimpleCases int
	// Transfers to criminal justice, supervision orders, evaluation
	// batches and the drawn cases scored.
	Transfers, Orders, EvaluationBatches, EvaluatedCases int
	// Legal review (seed measure 8): catalogue versions published, pool
	// reviewers designated, reviews with their opinions, and approvals by
	// the city government.
	ReviewCatalogs, Reviewers, LegalReviews, ReviewOpinions, Approvals int
	// Penalty disclosures: all registered, and those on display (found by
	// the public search), withdrawn, expired and withheld (minors).
	Disclosures, DisclosuresSearchable, DisclosuresWithdrawn, DisclosuresExpired, DisclosuresWithheld int
}

// Account is a demo login.
type Account struct {
	Username    string
	Password    string
	DisplayName string
	Role        account.Role
	UnitName    string
}

// Accounts lists the demo accounts (for the README and the login page
// hint), one per role.
var Accounts = []Account{
	{Username: "admin", Password: Password, DisplayName: "孙立新", Role: account.Admin, UnitName: justiceName},
	{Username: "fazhiban", Password: Password, DisplayName: "胡晓燕", Role: account.LegalOffice, UnitName: justiceName},
	{Username: "clerk", Password: Password, DisplayName: "沈佳怡", Role: account.Clerk, UnitName: marketName},
	{Username: "leader", Password: Password, DisplayName: "罗国强", Role: account.Leader, UnitName: marketName},
	{Username: "officer", Password: Password, DisplayName: "叶建锋", Role: account.Officer, UnitName: marketName},
	{Username: "reviewer", Password: Password, DisplayName: "岑丽萍", Role: account.Reviewer, UnitName: marketName},
	{Username: "court", Password: Password, DisplayName: "徐文杰", Role: account.Partner, UnitName: courtName},
	{Username: "police", Password: Password, DisplayName: "陆海峰", Role: account.Partner, UnitName: policeName},
	{Username: "procuratorate", Password: Password, DisplayName: "施雅琴", Role: account.Partner, UnitName: procName},
}

// accountPeople places each demo account's person in its unit, by
// username: the slot in the unit's staff, the post and the gender.
var accountPeople = map[string]fixedPerson{
	"admin":    {slot: 4, post: "科员", male: true},
	"fazhiban": {slot: 2, post: "科长"},
	"clerk":    {slot: 4, post: "科员"},
	"leader":   {slot: 0, post: "局长", male: true},
	"officer":  {slot: 3, post: "执法队员", male: true},
	"reviewer": {slot: 2, post: "科长"},
	"court":    {slot: 2, post: "法官", male: true},
	// The partners of the transfers to criminal justice (两法衔接).
	"police":        {slot: 2, post: "民警", male: true},
	"procuratorate": {slot: 2, post: "检察官"},
}

// fixedPeople returns the account people with their unit and name.
func fixedPeople() []fixedPerson {
	out := make([]fixedPerson, 0, len(Accounts))
	for _, a := range Accounts {
		f := accountPeople[a.Username]
		f.username, f.unit, f.name = a.Username, a.UnitName, a.DisplayName
		out = append(out, f)
	}
	return out
}

// Load fills an empty database with all the demo data: the organisation,
// people and accounts of LoadOrganisation, then the certificate history
// whose 2016 statistics are the seed's (Seed2016). It refuses (returns an
// error) when the database already has units.
func Load(ctx context.Context, s *store.Store) (Summary, error) {
	w, sum, err := loadOrganisation(ctx, s)
	if err != nil {
		return sum, err
	}
	if err := loadCertificates(ctx, s, w, &sum); err != nil {
		return sum, err
	}
	// Each area's demo builds on the organisation and the certificates.
	for _, load := range []func(context.Context, *store.Store, *world, *Summary) error{
		loadNormdocs, loadEnforcement, loadTransfers, loadDisclosures, loadLegalReviews,
	} {
		if err := load(ctx, s, w, &sum); err != nil {
			return sum, err
		}
	}
	return sum, nil
}

// LoadOrganisation fills an empty database with the demo organisation,
// people and accounts only, for uses that need no certificates (it is
// much faster than Load). It refuses when the database already has units.
func LoadOrganisation(ctx context.Context, s *store.Store) (Summary, error) {
	_, sum, err := loadOrganisation(ctx, s)
	return sum, err
}

// world is what the certificate history builds on.
type world struct {
	specs    []unitSpec
	units    []org.Unit
	gen      *personGen
	personOf map[string]int64 // username -> the account's person
}

func loadOrganisation(ctx context.Context, s *store.Store) (*world, Summary, error) {
	var sum Summary
	if _, n, err := s.Units(ctx, store.UnitFilter{Page: store.Page{Limit: 1}}); err != nil {
		return nil, sum, err
	} else if n > 0 {
		return nil, sum, apperr.New(apperr.Conflict, fmt.Sprintf("数据库中已有 %d 个单位，演示数据只能载入空数据库", n))
	}
	if _, err := s.SeedRules(ctx); err != nil {
		return nil, sum, fmt.Errorf("demo: seed rules: %w", err)
	}
	rng := rand.New(rand.NewPCG(seed[0], seed[1]))
	specs := unitSpecs()
	units, err := createUnits(ctx, s, rng, specs)
	if err != nil {
		return nil, sum, err
	}
	sum.Units = len(units)

	gen := newPersonGen(rng)
	fixed := fixedPeople()
	personOf := map[string]int64{} // username -> the account's person
	for i, spec := range specs {
		for _, gp := range gen.people(spec, units[i].ID, fixed) {
			p := gp.Person
			if err := s.CreatePerson(ctx, audit.System, &p); err != nil {
				return nil, sum, fmt.Errorf("demo: person %s of %s: %w", p.Name, spec.name, err)
			}
			if gp.username != "" {
				personOf[gp.username] = p.ID
			}
			sum.People++
		}
	}

	unitID := map[string]int64{}
	for _, u := range units {
		unitID[u.Name] = u.ID
	}
	for _, a := range Accounts {
		u := account.User{
			Username:    a.Username,
			DisplayName: a.DisplayName,
			UnitID:      unitID[a.UnitName],
			PersonID:    personOf[a.Username],
			Roles:       []account.Role{a.Role},
		}
		if err := s.CreateUser(ctx, audit.System, &u, a.Password); err != nil {
			return nil, sum, fmt.Errorf("demo: user %s: %w", a.Username, err)
		}
		sum.Users++
	}
	return &world{specs: specs, units: units, gen: gen, personOf: personOf}, sum, nil
}

// createUnits creates the units of specs in order, returning them in the
// same order.
func createUnits(ctx context.Context, s *store.Store, rng *rand.Rand, specs []unitSpec) ([]org.Unit, error) {
	byName := map[string]int64{}
	codes, phones := map[string]bool{}, map[string]bool{}
	out := make([]org.Unit, 0, len(specs))
	for i, spec := range specs {
		code, err := creditCode(rng, spec.newCode, codes)
		if err != nil {
			return nil, err
		}
		u := org.Unit{
			Name:        spec.name,
			ShortName:   spec.short,
			Kind:        spec.kind,
			SubKind:     spec.sub,
			ParentID:    byName[spec.parent],
			CreditCode:  code,
			Enforcement: spec.enforcement,
			SuccessorID: byName[spec.successor],
			Address:     address(rng, spec),
			Phone:       unitPhone(rng, phones),
			SortOrder:   (i + 1) * 10,
		}
		if spec.abolished != "" {
			d, err := calendar.ParseDate(spec.abolished)
			if err != nil {
				return nil, err
			}
			u.AbolishedOn = &d
		}
		if err := s.CreateUnit(ctx, audit.System, &u); err != nil {
			return nil, fmt.Errorf("demo: unit %s: %w", spec.name, err)
		}
		byName[u.Name] = u.ID
		out = append(out, u)
	}
	return out, nil
}

// creditCode draws a unique unified social credit code of a Cixi state
// organ: 1 (registered by the establishment authority), 1 (organ), the
// region 330282, then a GB 11714 organisation code whose own check
// character is right, then the GB 32100 check character.
func creditCode(rng *rand.Rand, newCode bool, seen map[string]bool) (string, error) {
	prefix := "00"
	if newCode {
		prefix = "MB"
	}
	for {
		body := fmt.Sprintf("%s%06d", prefix, rng.IntN(1_000_000))
		if seen[body] {
			continue
		}
		seen[body] = true
		code, err := ident.MakeCreditCode("11" + cixiRegion + body + string(ident.OrgCodeCheckChar(body)))
		if err != nil {
			return "", err
		}
		if w := ident.CreditCodeOrgCodeWarning(code); w != "" {
			return "", fmt.Errorf("demo: %s", w)
		}
		return code, nil
	}
}

// address draws a street address: city bodies sit in the central
// subdistricts, towns on one of their own streets. The government and its
// office share the civic centre.
func address(rng *rand.Rand, s unitSpec) string {
	if s.kind == org.Government || s.kind == org.Office {
		return "慈溪市古塘街道新城大道北路318号"
	}
	if s.kind == org.Town {
		return fmt.Sprintf("慈溪市%s%s%d号", s.area, pick(rng, townRoads), 1+rng.IntN(300))
	}
	area := s.area
	if area == "" {
		area = pick(rng, centralAreas)
	}
	return fmt.Sprintf("慈溪市%s%s%d号", area, pick(rng, cityRoads), 1+rng.IntN(1200))
}

// unitPhone draws a unique office number 0574-63xxxxxx.
func unitPhone(rng *rand.Rand, seen map[string]bool) string {
	for {
		p := fmt.Sprintf("0574-63%06d", rng.IntN(1_000_000))
		if !seen[p] {
			seen[p] = true
			return p
		}
	}
}
