package demo

// Penalty cases of the demo (seed measure 4): several thousand cases of
// the 27 enforcement units registered since January 2025, each taken
// through the same store writes (and the same statutory gates) as a
// clerk's clicks, as far as its dates reach by the demo's today
// (2026-11-27): so every state holds cases, the clocks run with real due
// days, and statistics and supervision show live figures. Some cases
// carry what supervision exists for: amounts outside the benchmark,
// attempts refused by a gate, an officer without a certificate named,
// slow investigations past 90 days, late deliveries and payments, a
// crime threshold reached without transfer.

import (
	"context"
	"fmt"
	"math/rand/v2"
	"slices"

	"fazhi/internal/calendar"
	"fazhi/internal/certificate"
	"fazhi/internal/enforcement"
	"fazhi/internal/ident"
	"fazhi/internal/org"
	"fazhi/internal/store"
)

// Enforcement demo figures.
var (
	enfSeed  = [2]uint64{2026, 1127}
	enfToday = mustDate("2026-11-27") // the demo's "today" for the cases
	enfStart = mustDate("2025-01-02")
)

const (
	ordinaryCases = 2400
	simpleCases   = 800
)

// caseUnit is an enforcement unit with its profile and officer pool.
type caseUnit struct {
	unit       org.Unit
	weight     int
	categories []string
	power      certificate.PowerSource
	// officers hold a card of the unit valid throughout the demo period;
	// others are the unit's people without one.
	officers []officerRef
	others   []officerRef
}

// officerRef is an officer with the categories of the card held.
type officerRef struct {
	id         int64
	name       string
	categories []string
}

// loadEnforcement adds the matters, benchmarks and cases, then runs the
// supervision scan as of the demo's today.
func loadEnforcement(ctx context.Context, s *store.Store, w *world, sum *Summary) error {
	units, err := enforcementUnits(ctx, s, w)
	if err != nil {
		return err
	}
	rng := rand.New(rand.NewPCG(enfSeed[0], enfSeed[1]))
	cal := calendar.New(nil)
	err = s.InBulk(ctx, func(b *store.Bulk) error {
		lib, err := buildLibrary(b, rng, units, sum)
		if err != nil {
			return err
		}
		g := &caseGen{b: b, rng: rng, cal: cal, units: units, lib: lib, people: newPersonGen(rng), codes: map[string]bool{}}
		for i := range ordinaryCases {
			if err := g.ordinary(i); err != nil {
				return err
			}
			sum.Cases++
		}
		for i := range simpleCases {
			if err := g.simple(i); err != nil {
				return err
			}
			sum.SimpleCases++
		}
		return nil
	})
	if err != nil {
		return err
	}
	_, err = s.ScanTimers(ctx, enfToday)
	return err
}

// enforcementUnits are the units with a certificate profile, with the
// officers whose cards cover the whole demo period.
func enforcementUnits(ctx context.Context, s *store.Store, w *world) ([]caseUnit, error) {
	certs, err := store.Collect(func(p store.Page) ([]certificate.Certificate, int, error) {
		return s.Certificates(ctx, store.CertFilter{Page: p})
	})
	if err != nil {
		return nil, err
	}
	// since is the first day from which a person held cards of one unit
	// without a gap, up to a card valid past the demo period.
	type span struct {
		unit        int64
		from, until calendar.Date
	}
	spans := map[int64][]span{}
	slices.SortFunc(certs, func(a, b certificate.Certificate) int { return a.IssuedOn.Compare(b.IssuedOn) })
	for _, c := range certs {
		ss := spans[c.PersonID]
		if n := len(ss); n > 0 && ss[n-1].unit == c.UnitID && !c.IssuedOn.After(ss[n-1].until.AddDays(1)) {
			ss[n-1].until = c.ValidUntil
			if c.Status != certificate.Valid && c.Status != certificate.Replaced {
				ss[n-1].until = c.StatusOn.AddDays(-1)
			}
		} else {
			until := c.ValidUntil
			if c.Status != certificate.Valid && c.Status != certificate.Replaced {
				until = c.StatusOn.AddDays(-1)
			}
			ss = append(ss, span{c.UnitID, c.IssuedOn, until})
		}
		spans[c.PersonID] = ss
	}
	pool := map[int64][]int64{}
	cats := map[int64][]string{}
	for person, ss := range spans {
		last := ss[len(ss)-1]
		if !last.from.After(enfStart.AddDays(-30)) && last.until.After(enfToday.AddDays(30)) {
			pool[last.unit] = append(pool[last.unit], person)
		}
	}
	carded := map[int64]bool{}
	for _, c := range certs {
		carded[c.PersonID] = true
		if c.Status == certificate.Valid {
			cats[c.PersonID] = c.Categories
		}
	}
	var out []caseUnit
	for i, spec := range w.specs {
		p, ok := profiles[spec.short]
		if !spec.enforcement || !ok {
			continue
		}
		u := caseUnit{unit: w.units[i], weight: p.weight, categories: p.categories, power: p.power}
		ids := pool[u.unit.ID]
		slices.Sort(ids)
		people, _, err := s.People(ctx, store.PersonFilter{UnitID: u.unit.ID, Page: store.Page{Limit: 500}})
		if err != nil {
			return nil, err
		}
		for _, person := range people {
			if slices.Contains(ids, person.ID) {
				u.officers = append(u.officers, officerRef{person.ID, person.Name, cats[person.ID]})
			} else if person.Status == org.Active && !carded[person.ID] {
				u.others = append(u.others, officerRef{id: person.ID, name: person.Name})
			}
		}
		if len(u.officers) < 4 {
			return nil, fmt.Errorf("demo: %s has %d officers with a certificate for the whole period", u.unit.Name, len(u.officers))
		}
		out = append(out, u)
	}
	return out, nil
}

// caseGen draws and runs the cases.
type caseGen struct {
	b      *store.Bulk
	rng    *rand.Rand
	cal    *calendar.Calendar
	units  []caseUnit
	lib    [][]*libMatter
	people *personGen
	codes  map[string]bool
}

// pickUnit draws a unit by weight.
func (g *caseGen) pickUnit() int {
	total := 0
	for _, u := range g.units {
		total += u.weight
	}
	n := g.rng.IntN(total)
	for i, u := range g.units {
		if n < u.weight {
			return i
		}
		n -= u.weight
	}
	return len(g.units) - 1
}

// day draws a source day; caseload grows, so later days are a little
// likelier.
func (g *caseGen) day() calendar.Date {
	span := int(enfToday.Time().Sub(enfStart.Time()).Hours() / 24)
	x := g.rng.Float64()
	if g.chance(40) {
		x = max(x, g.rng.Float64())
	}
	return enfStart.AddDays(int(x * float64(span)))
}

// workdays is d plus n working days.
func (g *caseGen) workdays(d calendar.Date, n int) calendar.Date {
	out, err := g.cal.AddWorkdays(d, n)
	if err != nil {
		return d.AddDays(n * 7 / 5)
	}
	return out
}

// party draws a party: an organisation, a sole trader or a person.
func (g *caseGen) party(u caseUnit) enforcement.Party {
	town := pick(g.rng, append(append([]string{}, subdistricts...), towns...))
	switch r := g.rng.IntN(100); {
	case r < 55:
		name := "慈溪市" + pick(g.rng, tradeNames) + pick(g.rng, industries) + "有限公司"
		return enforcement.Party{Kind: enforcement.Organisation, Name: name, Code: g.creditCode("91"),
			LegalRep: g.people.name(g.rng.IntN(100) < 70), Address: fmt.Sprintf("慈溪市%s%s%d号", town, pick(g.rng, townRoads), 1+g.rng.IntN(400)),
			Phone: g.people.phone()}
	case r < 75:
		owner := g.people.name(g.rng.IntN(100) < 60)
		return enforcement.Party{Kind: enforcement.Individual, Name: "慈溪市" + town + owner + pick(g.rng, shops), Code: g.creditCode("92"),
			LegalRep: owner, Address: fmt.Sprintf("慈溪市%s%s%d号", town, pick(g.rng, townRoads), 1+g.rng.IntN(400)), Phone: g.people.phone()}
	}
	male := g.rng.IntN(100) < 65
	birth := g.people.birth(1960, 2004)
	return enforcement.Party{Kind: enforcement.Person, Name: g.people.name(male), Code: g.people.residentID(birth, male), IDType: "身份证",
		Address: fmt.Sprintf("慈溪市%s%s%d号", town, pick(g.rng, townRoads), 1+g.rng.IntN(400)), Phone: g.people.phone()}
}

var (
	tradeNames = []string{"宏达", "新誉", "恒丰", "华晨", "聚源", "天成", "永盛", "金诚", "鑫隆", "伟业", "东升", "海越", "嘉禾", "润泽", "凯旋", "瑞丰"}
	industries = []string{"电器", "食品", "贸易", "建材", "物流", "餐饮管理", "服饰", "五金", "塑料制品", "小家电", "化工", "建筑工程", "酒店管理", "农业开发"}
	shops      = []string{"便利店", "小吃店", "五金店", "副食品店", "修理部", "水果店", "理发店", "网吧", "农资店", "服装店"}
)

// creditCode draws a unique unified social credit code of a company
// ("91") or sole trader ("92") registered in Cixi.
func (g *caseGen) creditCode(prefix string) string {
	for {
		body := fmt.Sprintf("MA%c%05d", 'A'+rune(g.rng.IntN(8)), g.rng.IntN(100000))
		code, err := ident.MakeCreditCode(prefix + cixiRegion + body + string(ident.OrgCodeCheckChar(body)))
		if err != nil {
			panic("demo: credit code: " + err.Error()) // a bug in the format above, not bad luck
		}
		if !g.codes[code] {
			g.codes[code] = true
			return code
		}
	}
}

// officers draws the case team: two or three officers whose cards cover
// category (nil when the unit has fewer than two).
func (g *caseGen) officers(u caseUnit, category string) []officerRef {
	var able []officerRef
	for _, o := range u.officers {
		if slices.Contains(o.categories, category) || slices.Contains(o.categories, "全部") {
			able = append(able, o)
		}
	}
	if len(able) < 2 {
		return nil
	}
	n := 2
	if g.chance(25) && len(able) > 2 {
		n = 3
	}
	perm := g.rng.Perm(len(able))
	out := make([]officerRef, n)
	for i := range n {
		out[i] = able[perm[i]]
	}
	return out
}

// matterAndTeam draws a matter of unit ui and a team entitled for it.
func (g *caseGen) matterAndTeam(ui int) (*libMatter, []officerRef) {
	for {
		m := pick(g.rng, g.lib[ui])
		if team := g.officers(g.units[ui], m.Category); team != nil {
			return m, team
		}
	}
}

func ids(refs []officerRef) []int64 {
	out := make([]int64, len(refs))
	for i, r := range refs {
		out[i] = r.id
	}
	return out
}

func (g *caseGen) chance(pct int) bool { return g.rng.IntN(100) < pct }

// money draws an amount in [lo, hi] yuan rounded to 100 yuan (to 10 below 1,000).
func (g *caseGen) money(lo, hi enforcement.Money) enforcement.Money {
	if hi <= lo {
		return lo
	}
	v := lo + enforcement.Money(g.rng.Int64N(int64(hi-lo)+1))
	step := enforcement.Money(10000)
	if hi < enforcement.Yuan(1000) {
		step = 1000
	}
	v = (v + step/2) / step * step
	return min(max(v, lo), hi)
}
