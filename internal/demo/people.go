package demo

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"time"

	"fazhi/internal/ident"
	"fazhi/internal/org"
)

// cixiRegion is the GB/T 2260 code of 慈溪市, used in every demo ID number.
const cixiRegion = "330282"

// surnames are common in Cixi (with local ones such as 岑, 罗, 胡, 沈);
// repeats weight the draw towards the most frequent.
var surnames = []rune("王王王陈陈陈陈张张胡胡胡沈沈沈徐徐孙孙罗罗岑岑叶叶周周吴吴杨钱马潘邹俞陆方施韩朱黄应余鲁龚戚郑励蒋许劳华裘")

// Characters of given names, by gender.
var (
	maleChars   = []rune("伟军建国明华强峰杰斌勇涛磊超鹏波刚辉海林锋俊浩宇志立新文益忠炯敏晨凯")
	femaleChars = []rune("芳丽娟敏静燕艳萍红霞玲洁婷雅琳慧颖莉倩佳怡晓雪梅蓉丹璐琴洁欣悦")
)

// posts of a unit by kind: the head, the deputy, and the staff to draw from.
type posts struct {
	head, deputy string
	staff        []string
}

func postsFor(s unitSpec) posts {
	switch s.kind {
	case org.Government:
		return posts{"市长", "副市长", []string{"副市长", "副秘书长", "秘书", "科员"}}
	case org.Office:
		return posts{"主任", "副主任", []string{"科长", "副科长", "科员", "科员"}}
	case org.Town:
		if s.sub == org.SubSubdistrict {
			return posts{"主任", "副主任", []string{"科长", "副科长", "科员", "科员", "执法队员"}}
		}
		return posts{"镇长", "副镇长", []string{"副镇长", "科长", "副科长", "科员", "科员", "执法队员"}}
	case org.Court:
		return posts{"院长", "副院长", []string{"庭长", "法官", "法官", "法官助理", "书记员"}}
	case org.Procuratorate:
		return posts{"检察长", "副检察长", []string{"检察官", "检察官", "检察官助理", "书记员"}}
	case org.Police:
		return posts{"局长", "副局长", []string{"所长", "民警", "民警", "民警"}}
	}
	p := posts{"局长", "副局长", []string{"科长", "副科长", "科员", "科员", "科员"}}
	if strings.HasSuffix(s.name, "办公室") {
		p.head, p.deputy = "主任", "副主任"
	}
	if s.enforcement {
		p.staff = append(p.staff, "执法队员", "执法队员")
	}
	return p
}

// fixedPerson puts a demo account's person at a given place in a unit.
type fixedPerson struct {
	username         string
	unit, name, post string
	slot             int
	male             bool
}

// personGen draws people deterministically, keeping ID numbers and phone
// numbers unique.
type personGen struct {
	rng    *rand.Rand
	ids    map[string]bool
	phones map[string]bool
}

func newPersonGen(rng *rand.Rand) *personGen {
	return &personGen{rng: rng, ids: map[string]bool{}, phones: map[string]bool{}}
}

// pick returns a random element of xs.
func pick[T any](rng *rand.Rand, xs []T) T { return xs[rng.IntN(len(xs))] }

// name draws a Chinese personal name of one or two given-name characters.
func (g *personGen) name(male bool) string {
	chars := femaleChars
	if male {
		chars = maleChars
	}
	n := string(pick(g.rng, surnames)) + string(pick(g.rng, chars))
	if g.rng.IntN(100) < 70 {
		n += string(pick(g.rng, chars))
	}
	return n
}

// birth draws a birth date in the years [from, to].
func (g *personGen) birth(from, to int) time.Time {
	start := time.Date(from, 1, 1, 0, 0, 0, 0, time.UTC)
	end := time.Date(to+1, 1, 1, 0, 0, 0, 0, time.UTC)
	days := int(end.Sub(start).Hours() / 24)
	return start.AddDate(0, 0, g.rng.IntN(days))
}

// residentID builds a unique valid number; the sequence code's parity
// carries the gender (odd = male).
func (g *personGen) residentID(birth time.Time, male bool) string {
	for {
		seq := g.rng.IntN(499)*2 + 2 // 2..998, even
		if male {
			seq--
		}
		id := ident.MakeResidentID(cixiRegion, birth, seq)
		if !g.ids[id] {
			g.ids[id] = true
			return id
		}
	}
}

// phone draws a unique mobile number 13xxxxxxxxx.
func (g *personGen) phone() string {
	for {
		p := fmt.Sprintf("13%d%08d", pick(g.rng, []int{3, 5, 6, 7, 8, 9}), g.rng.IntN(100_000_000))
		if !g.phones[p] {
			g.phones[p] = true
			return p
		}
	}
}

// genPerson is a drawn person and, for a demo account's person, the
// account's username.
type genPerson struct {
	org.Person
	username string
}

// people draws the staff of one unit. fixed places demo-account people at
// their slots. An abolished unit's people have all left (调离).
func (g *personGen) people(s unitSpec, unitID int64, fixed []fixedPerson) []genPerson {
	n := 6 + g.rng.IntN(5) // 6..10
	if s.abolished != "" {
		n = 3
	}
	ps := postsFor(s)
	out := make([]genPerson, 0, n)
	for slot := range n {
		male := g.rng.IntN(100) < 58
		var post string
		from, to := 1965, 1998
		switch slot {
		case 0:
			post, from, to = ps.head, 1965, 1976
		case 1:
			post, from, to = ps.deputy, 1968, 1984
		default:
			post = pick(g.rng, ps.staff)
		}
		status := org.Active
		if slot > 1 {
			switch r := g.rng.IntN(100); {
			case r < 3:
				status, from, to = org.Retired, 1965, 1966
			case r < 7:
				status = org.Left
			}
		}
		if s.abolished != "" {
			status = org.Left
		}
		name, username := g.name(male), ""
		for _, f := range fixed {
			if f.unit == s.name && f.slot == slot {
				name, post, male, status, username = f.name, f.post, f.male, org.Active, f.username
				if slot > 1 {
					from, to = 1980, 1996
				}
			}
		}
		birth := g.birth(from, to)
		out = append(out, genPerson{username: username, Person: org.Person{
			Name:       name,
			ResidentID: g.residentID(birth, male),
			UnitID:     unitID,
			Post:       post,
			Phone:      g.phone(),
			Status:     status,
		}})
	}
	return out
}
