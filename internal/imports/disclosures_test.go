package imports_test

import (
	"bytes"
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"fazhi/internal/account"
	"fazhi/internal/disclosure"
	"fazhi/internal/ident"
	"fazhi/internal/imports"
	"fazhi/internal/search"
	"fazhi/internal/sqldb"
	"fazhi/internal/sqldb/dbtest"
	"fazhi/internal/store"
)

const disclosureHeader = "行政相对人名称,行政相对人类别,统一社会信用代码,法定代表人,证件类型,证件号码,行政处罚决定书文号,违法行为类型," +
	"违法事实,处罚依据,处罚类别,处罚内容,罚款金额（万元）,处罚决定日期,处罚机关\n"

var (
	importFirm   = func() string { c, _ := ident.MakeCreditCode("91330282MA2AB3C4D"); return c }()
	importShop   = func() string { c, _ := ident.MakeCreditCode("92330282MA2KL7P8Q"); return c }()
	importPerson = ident.MakeResidentID("330282", time.Date(1979, 3, 4, 0, 0, 0, 0, time.UTC), 15)
	importWitnes = ident.MakeResidentID("330282", time.Date(1991, 7, 8, 0, 0, 0, 0, time.UTC), 26)
)

// disclosureRows are three good rows of the market bureau: a company, an
// individual business and a natural person whose facts name a witness with
// an ID number (full-width) and a phone number.
func disclosureRows(n0 int) string {
	return fmt.Sprintf("慈溪市恒达五金有限公司,法人及非法人组织,%s,王海峰,,,慈市监处罚[2026]%d号,销售不合格产品,经查当事人销售不合格插座。,"+
		"《中华人民共和国产品质量法》第五十条,罚款；没收违法所得,罚款人民币20000元，没收违法所得1500元,2,2026-11-02,慈溪市市场监督管理局\n"+
		"慈溪市浒山阿强小吃店,个体工商户,%s,李强,,,慈市监处罚〔2026〕%d号,未取得食品经营许可从事食品经营活动,经查当事人无证经营熟食。,"+
		"《中华人民共和国食品安全法》第一百二十二条,罚款,罚款人民币5000元,0.5,2026/11/3,慈溪市市场监督管理局\n"+
		"张建国,自然人,,,身份证,%s,慈市监处罚〔2026〕%d号,不按规定明码标价,\"当事人住慈溪市浒山街道孙塘北路8号。证人王小明（身份证号%s，电话13805741234）证实。\","+
		"《价格违法行为行政处罚规定》第十三条,警告,给予警告,,2026年11月4日,慈溪市市场监督管理局\n",
		importFirm, n0, importShop, n0+1, importPerson, n0+2, fullWidth(importWitnes))
}

func fullWidth(s string) string {
	return strings.Map(func(r rune) rune {
		if r >= '0' && r <= '9' {
			return r + 0xFEE0
		}
		return r
	}, s)
}

type disImportWorld struct {
	s       *store.Store
	traffic int64
	clerk   account.Actor
}

func newDisImportWorld(t *testing.T, db *sqldb.DB) *disImportWorld {
	t.Helper()
	ctx := context.Background()
	w := &disImportWorld{s: store.New(db)}
	if _, err := w.s.SeedRules(ctx); err != nil {
		t.Fatal(err)
	}
	units := goodUnits + "慈溪市交通运输局,政府部门,慈溪市人民政府,,是\n"
	if res, err := imports.Run(ctx, w.s, office, mustKind(t, "units"), "u.csv", strings.NewReader(units), false); err != nil || !res.OK() {
		t.Fatalf("units: %v %v", res.Report, err)
	}
	market, _ := w.s.UnitByName(ctx, "慈溪市市场监督管理局")
	traffic, _ := w.s.UnitByName(ctx, "慈溪市交通运输局")
	w.traffic = traffic.ID
	w.clerk = account.Actor{UserID: 0, Name: "经办人", UnitID: market.ID, Roles: []account.Role{account.Clerk}}
	return w
}

func (w *disImportWorld) count(t *testing.T) int {
	t.Helper()
	_, n, err := w.s.Disclosures(context.Background(), store.DisclosureFilter{})
	if err != nil {
		t.Fatal(err)
	}
	return n
}

func TestImportDisclosures(t *testing.T) {
	dbtest.Run(t, func(t *testing.T, db *sqldb.DB) {
		w := newDisImportWorld(t, db)
		ctx := context.Background()
		good := disclosureHeader + disclosureRows(1)
		res, errs := importErrs(t, w.s, w.clerk, "disclosures", good, true)
		wantErrs(t, res, errs)
		if w.count(t) != 0 {
			t.Fatal("a dry run wrote records")
		}
		res, errs = importErrs(t, w.s, w.clerk, "disclosures", good, false)
		wantErrs(t, res, errs)
		if res.Written != 3 || w.count(t) != 3 {
			t.Fatalf("written %d, stored %d", res.Written, w.count(t))
		}
		recs, _, _ := w.s.Disclosures(ctx, store.DisclosureFilter{})
		for _, r := range recs {
			if r.PartyCategory == disclosure.Person {
				if r.Status != disclosure.Published || strings.Contains(r.Masked.Facts, "孙塘北路") ||
					!strings.Contains(r.Masked.Facts, "证人王某某") || strings.Contains(r.Masked.Facts, "13805741234") {
					t.Errorf("person's public facts %q", r.Masked.Facts)
				}
			}
			if r.PartyCategory == disclosure.Organisation && (r.Fine != 2_000_000 || r.DecisionNumber != "慈市监处罚〔2026〕1号") {
				t.Errorf("company: fine %d number %s", r.Fine, r.DecisionNumber)
			}
		}
		hits, err := w.s.SearchDisclosures(ctx, search.Query{Text: "小吃店"})
		if err != nil || hits.Total != 1 {
			t.Errorf("search after import: %+v %v", hits, err)
		}

		// The same file again: every number is taken; nothing written.
		res, errs = importErrs(t, w.s, office, "disclosures", good, false)
		wantErrs(t, res, errs, "2:行政处罚决定书文号", "3:行政处罚决定书文号", "4:行政处罚决定书文号")

		// GB18030 as Excel saves CSV on Chinese Windows.
		r2, err := imports.Run(ctx, w.s, office, mustKind(t, "disclosures"), "gb.csv",
			bytes.NewReader(gbk(t, disclosureHeader+disclosureRows(10))), false)
		if err != nil || !r2.OK() || r2.Written != 3 {
			t.Fatalf("GB18030: %v %v", r2.Report, err)
		}

		// XLSX with the data set's column codes as headers.
		x, err := imports.Run(ctx, w.s, office, mustKind(t, "disclosures"), "d.xlsx", bytes.NewReader(xlsxOf(t, disclosureRows(20))), false)
		if err != nil || !x.OK() || x.Written != 3 {
			t.Fatalf("XLSX: %v %v", x.Report, err)
		}
		if w.count(t) != 9 {
			t.Errorf("stored %d, want 9", w.count(t))
		}
	})
}

// xlsxOf writes rows (CSV lines without quotes inside cells other than
// the facts) into an XLSX whose header row uses the column codes.
func xlsxOf(t *testing.T, rows string) []byte {
	t.Helper()
	f := excelize.NewFile()
	defer f.Close()
	header := []any{"CF_XDR_MC", "CF_XDR_LB", "CF_XDR_SHXYM", "CF_FRDB", "CF_XDR_ZJLX", "CF_XDR_ZJHM", "CF_WSH", "CF_WFXW",
		"CF_SY", "CF_YJ", "CF_CFLB", "CF_NR", "CF_NR_FK", "CF_JDRQ", "CF_CFJG"}
	f.SetSheetRow("Sheet1", "A1", &header)
	for i, line := range strings.Split(strings.TrimSpace(rows), "\n") {
		var cells []any
		for _, c := range splitCSV(line) {
			cells = append(cells, c)
		}
		f.SetSheetRow("Sheet1", fmt.Sprintf("A%d", i+2), &cells)
	}
	var b bytes.Buffer
	if err := f.Write(&b); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// splitCSV splits one line with at most quoted cells without commas inside
// quotes other than those the test data has.
func splitCSV(line string) []string {
	var out []string
	var cur strings.Builder
	quoted := false
	for _, r := range line {
		switch {
		case r == '"':
			quoted = !quoted
		case r == ',' && !quoted:
			out = append(out, cur.String())
			cur.Reset()
		default:
			cur.WriteRune(r)
		}
	}
	return append(out, cur.String())
}

func TestImportDisclosureErrors(t *testing.T) {
	dbtest.Run(t, func(t *testing.T, db *sqldb.DB) {
		w := newDisImportWorld(t, db)
		good := disclosureRows(1)
		lines := strings.Split(strings.TrimSpace(good), "\n")
		for _, tc := range []struct {
			name  string
			actor account.Actor
			file  string
			want  []string
		}{
			{"bad credit code", office, strings.Replace(lines[0], importFirm, importFirm[:17]+"Z", 1), []string{"2:统一社会信用代码"}},
			{"unknown category and amount", office, strings.Replace(strings.Replace(lines[0], "罚款；没收违法所得", "罚金", 1), ",2,", ",二万,", 1),
				[]string{"2:处罚类别", "2:罚款金额（万元）"}},
			{"unknown agency", office, strings.Replace(lines[1], "慈溪市市场监督管理局", "慈溪市工商局", 1), []string{"2:处罚机关"}},
			{"future decision", office, strings.Replace(lines[1], "2026/11/3", "2030-01-01", 1), []string{"2:处罚决定日期"}},
			{"duplicate number in the file", office, lines[0] + "\n" + lines[0], []string{"3:行政处罚决定书文号"}},
			{"another unit's decision", w.clerk, strings.Replace(lines[2], "慈溪市市场监督管理局", "慈溪市交通运输局", 1), []string{"2:处罚机关"}},
			{"person without ID", office, strings.Replace(lines[2], importPerson, "", 1), []string{"2:证件号码"}},
		} {
			t.Run(tc.name, func(t *testing.T) {
				// A good row after the wrong ones is not written either.
				extra := strings.Split(disclosureRows(50), "\n")[0]
				res, errs := importErrs(t, w.s, tc.actor, "disclosures", disclosureHeader+tc.file+"\n"+extra+"\n", false)
				wantErrs(t, res, errs, tc.want...)
				if w.count(t) != 0 {
					t.Fatalf("%d records written despite errors", w.count(t))
				}
			})
		}
	})
}

// TestImportDisclosuresBulk takes the bulk path (more rows than the
// row-by-row limit): a wrong row stops everything, a right file is written
// and searchable.
func TestImportDisclosuresBulk(t *testing.T) {
	dbtest.Run(t, func(t *testing.T, db *sqldb.DB) {
		w := newDisImportWorld(t, db)
		var b strings.Builder
		b.WriteString(disclosureHeader)
		for i := range 2100 {
			fmt.Fprintf(&b, "慈溪市恒达五金有限公司,法人及非法人组织,%s,王海峰,,,慈市监处罚〔2026〕%d号,销售不合格产品,"+
				"经查当事人销售不合格插座，员工赵丽华称系从宁波进货。,《中华人民共和国产品质量法》第五十条,罚款,罚款人民币2000元,0.2,2026-10-%02d,慈溪市市场监督管理局\n",
				importFirm, i+1, 1+i%28)
		}
		file := b.String()
		bad := strings.Replace(file, "〔2026〕7号", "〔2026〕8号", 1)
		res, errs := importErrs(t, w.s, office, "disclosures", bad, false)
		wantErrs(t, res, errs, "9:行政处罚决定书文号")
		if w.count(t) != 0 {
			t.Fatal("bulk import wrote despite an error")
		}
		res, errs = importErrs(t, w.s, office, "disclosures", file, false)
		wantErrs(t, res, errs)
		if res.Written != 2100 || w.count(t) != 2100 {
			t.Fatalf("written %d stored %d", res.Written, w.count(t))
		}
		hits, err := w.s.SearchDisclosures(context.Background(), search.Query{Text: "赵某某", Limit: 1})
		if err != nil || hits.Total != 2100 {
			t.Errorf("search after bulk import: total %d, %v", hits.Total, err)
		}
		if _, err := w.s.VerifyChain(context.Background()); err != nil {
			t.Errorf("audit chain: %v", err)
		}
	})
}
