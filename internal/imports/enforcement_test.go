package imports_test

import (
	"context"
	"strconv"
	"strings"
	"testing"

	"fazhi/internal/calendar"
	"fazhi/internal/imports"
	"fazhi/internal/sqldb"
	"fazhi/internal/sqldb/dbtest"
	"fazhi/internal/store"
)

const goodMatters = "执法单位,事项代码,事项名称,执法类别,法律依据,违法条款,处罚条款,执法权来源,涉嫌犯罪移送标准（元）,移送标准依据,公开\n" +
	"慈溪市市场监督管理局,330217001000,销售不符合食品安全标准的食品,食品药品安全,《中华人民共和国食品安全法》,第三十四条,第一百二十四条,法定,50000,立案追诉标准（一）,是\n" +
	"慈溪市市场监督管理局,330217002000,未按规定公示食品信息,食品药品安全,《中华人民共和国食品安全法》,第五十四条,第一百三十二条,法定,,,是\n"

const goodBenchmarks = "执法单位,事项代码,生效日期,阶次,适用条件,处罚种类,罚款下限（元）,罚款上限（元）,倍数下限,倍数上限,不予处罚,裁量基准来源\n" +
	"慈溪市市场监督管理局,330217001000,2025-01-01,从轻处罚,初次违法,罚款,10000,50000,,,否,市场监管裁量基准\n" +
	"慈溪市市场监督管理局,330217001000,2025-01-01,从重处罚,拒不改正,罚款、没收违法所得,50000,100000,,,否,市场监管裁量基准\n" +
	"慈溪市市场监督管理局,330217002000,2025/3/1,情节轻微,及时改正,,,,1,2倍,否,\n"

func TestImportMattersAndBenchmarks(t *testing.T) {
	units, _ := imports.KindByName("units")
	matters, _ := imports.KindByName("matters")
	benchmarks, _ := imports.KindByName("benchmarks")
	dbtest.Run(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		s := store.New(db)
		if _, err := s.SeedRules(ctx); err != nil {
			t.Fatal(err)
		}
		if _, err := imports.Run(ctx, s, office, units, "u.csv", strings.NewReader(goodUnits), false); err != nil {
			t.Fatal(err)
		}
		errs := func(res imports.Result) string {
			var got []string
			for _, e := range res.Report.Sorted() {
				got = append(got, strconv.Itoa(e.Line)+":"+e.Column)
			}
			return strings.Join(got, ",")
		}
		// A bad power source and an unknown unit: nothing is written.
		bad := strings.Replace(goodMatters, "法定,,,是", "许可,,,是", 1) + "慈溪市无此局,330299001000,某事项,某类别,《某法》,,,法定,,,是\n"
		res, err := imports.Run(ctx, s, office, matters, "m.csv", strings.NewReader(bad), false)
		if err != nil || errs(res) != "3:执法权来源,4:执法单位" {
			t.Fatalf("bad matters: %v %s %s", err, errs(res), res.Report.Error())
		}
		if _, n, _ := s.Matters(ctx, store.MatterFilter{}); n != 0 {
			t.Fatalf("%d matters written from a bad file", n)
		}
		if res, err := imports.Run(ctx, s, office, matters, "m.csv", strings.NewReader(goodMatters), false); err != nil || !res.OK() {
			t.Fatalf("matters: %v %s", err, res.Report.Error())
		}
		res, err = imports.Run(ctx, s, office, benchmarks, "b.csv", strings.NewReader(goodBenchmarks), false)
		if err != nil || !res.OK() || res.Written != 3 {
			t.Fatalf("benchmarks: %v %+v %s", err, res, res.Report.Error())
		}
		list, _, err := s.Benchmarks(ctx, store.BenchmarkFilter{})
		if err != nil || len(list) != 2 {
			t.Fatalf("benchmarks %d, %v", len(list), err)
		}
		for _, b := range list {
			switch b.MatterCode {
			case "330217001000":
				if len(b.Tiers) != 2 || b.Tiers[1].PenaltyKinds != "fine,confiscate_gains" || *b.Tiers[0].MaxFine != 5000000 {
					t.Errorf("tiers %+v", b.Tiers)
				}
			default:
				if b.EffectiveFrom != (calendar.Date{Year: 2025, Month: 3, Day: 1}) || b.Tiers[0].MaxMultiple != 200 {
					t.Errorf("multiples %+v", b)
				}
			}
		}
		// A second version the same day is refused (versions must follow each other).
		res, _ = imports.Run(ctx, s, office, benchmarks, "b.csv", strings.NewReader(goodBenchmarks), false)
		if res.OK() {
			t.Fatal("the same versions were imported twice")
		}
	})
}
