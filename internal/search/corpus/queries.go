package corpus

import (
	"fmt"
	"math/rand"
	"strings"

	"fazhi/internal/search"
)

// Query is one benchmark query with its class.
type Query struct {
	Class string
	Text  string
}

// Classes in report order.
var Classes = []string{"1char", "2char-common", "2char-rare", "term3-4", "company", "company-part", "masked-person",
	"statute", "credit-code", "credit-prefix", "decision-no", "multi-term", "mixed-ascii", "sentence", "no-hit"}

// Queries samples perClass queries of every class from docs (seeded).
func Queries(seed int64, docs []search.Doc, perClass int) []Query {
	r := rand.New(rand.NewSource(seed))
	doc := func() search.Doc { return docs[r.Intn(len(docs))] }
	field := func(d search.Doc, name string) string {
		for _, f := range d.Fields {
			if f.Name == name {
				return f.Text
			}
		}
		return ""
	}
	sub := func(s string, n int) string {
		rs := []rune(s)
		if len(rs) <= n {
			return s
		}
		for try := 0; try < 20; try++ {
			i := r.Intn(len(rs) - n + 1)
			t := string(rs[i : i+n])
			if !strings.ContainsAny(t, " ，。；、（）《》\n") {
				return t
			}
		}
		return string(rs[:n])
	}
	common := []string{"当事", "经营", "销售", "检查", "违法", "处罚", "食品", "产品", "规定", "执法"}
	terms := []string{"食品安全", "营业执照", "进货查验", "现场笔录", "从轻处罚", "检验报告", "合格证明", "道路运输", "违法所得", "生产日期", "保质期", "颗粒物"}
	gen := map[string]func() string{
		"1char":        func() string { return sub(field(doc(), "facts"), 1) },
		"2char-common": func() string { return common[r.Intn(len(common))] },
		"2char-rare":   func() string { return brands[r.Intn(len(brands))] },
		"term3-4":      func() string { return terms[r.Intn(len(terms))] },
		"company": func() string {
			for {
				if d := doc(); d.PartyType == "legal" {
					return field(d, "party")
				}
			}
		},
		"company-part":  func() string { return brands[r.Intn(len(brands))] + industries[r.Intn(len(industries))] },
		"masked-person": func() string { return surnames[r.Intn(len(surnames))] + []string{"某某", "某", "*"}[r.Intn(3)] },
		"statute": func() string {
			b := field(doc(), "basis")
			if i := strings.Index(b, "条"); i > 0 {
				return b[:i+len("条")]
			}
			return b
		},
		"credit-code": func() string {
			for {
				if d := doc(); d.CreditCode != "" {
					return d.CreditCode
				}
			}
		},
		"credit-prefix": func() string {
			for {
				if d := doc(); d.CreditCode != "" {
					return d.CreditCode[:10]
				}
			}
		},
		"decision-no": func() string { return doc().DecisionNumber },
		"multi-term": func() string {
			return fmt.Sprintf("%s %s", brands[r.Intn(len(brands))], goods[r.Intn(len(goods))])
		},
		"mixed-ascii": func() string {
			return []string{"GB16297", "iphone配件", "usb充电器", "led灯具", "pm2.5", "mg/m³", "www.", "浙B"}[r.Intn(8)]
		},
		"sentence": func() string { return sub(field(doc(), "facts"), 20+r.Intn(10)) },
		"no-hit": func() string {
			return []string{"量子纠缠", "区块链挖矿", "鑫源量子", "ＸＹＺ９９９", "张某某某某某", "食品安全法第九百条", "火星基地", "𠀾𠀾"}[r.Intn(8)]
		},
	}
	var out []Query
	for _, c := range Classes {
		seen := map[string]bool{}
		for i := 0; i < perClass*4 && len(seen) < perClass; i++ {
			t := gen[c]()
			if t == "" || seen[t] {
				continue
			}
			seen[t] = true
			out = append(out, Query{Class: c, Text: t})
		}
	}
	return out
}
