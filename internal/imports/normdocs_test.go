package imports_test

import (
	"context"
	"strings"
	"testing"

	"fazhi/internal/calendar"
	"fazhi/internal/normdoc"
	"fazhi/internal/sqldb"
	"fazhi/internal/sqldb/dbtest"
	"fazhi/internal/store"
)

const catalogHeader = "文件名称,文号,统一登记号,制定机关,联合制定单位,组织实施单位,公布日期,施行日期,有效期至,涉及改革事项,效力状态,状态变化日期,决定文号\n"

// TestImportNormdocs imports an existing catalog: rows in force, an
// abolished one with its decision, every row's problems reported at once,
// and nothing written while any row is wrong.
func TestImportNormdocs(t *testing.T) {
	dbtest.Run(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		w := newCertWorld(t, db)
		bad := catalogHeader +
			"慈溪市户外广告管理办法,慈政发[2015]12号,,慈溪市人民政府,,慈溪市市场监督管理局,2015-03-01,2015-04-01,,商事制度,,,\n" +
			"慈溪市无文号文件,2015年3号,,慈溪市市场监督管理局,,,2015-03-01,2015-04-01,,,,,\n" +
			"慈溪市重复文件,慈政发〔2015〕12号,,慈溪市人民政府,,,2015-03-01,2015-04-01,,,,,\n" +
			"慈溪市未知单位文件,慈某发〔2015〕1号,,慈溪市不存在局,,,2015-03-01,2015/4/31,,环保,,,\n" +
			"慈溪市废止文件,慈市监〔2012〕5号,,慈溪市市场监督管理局,,,2012-05-01,2012-06-01,,,废止,,\n" +
			"慈溪市倒序文件,慈市监〔2013〕6号,,慈溪市市场监督管理局,,,2013-06-01,2013-05-01,,,作废,2014-01-01,\n" +
			"慈溪市日期倒置文件,慈市监〔2013〕7号,,慈溪市市场监督管理局,,,2013-06-01,2013-05-01,,,,,\n"
		res, got := importErrs(t, w.s, office, "normdocs", bad, false)
		wantErrs(t, res, got, "3:文号", "4:文号", "5:施行日期", "5:涉及改革事项", "6:状态变化日期", "7:效力状态", "8:施行日期")
		if rows, n, _ := w.s.Normdocs(ctx, store.NormdocFilter{}); n != 0 {
			t.Fatalf("a failed import wrote %d documents: %+v", n, rows)
		}
		good := catalogHeader +
			"慈溪市户外广告管理办法,慈政发[2015]12号,CXSG—2015—3,慈溪市人民政府,,慈溪市市场监督管理局,2015-03-01,2015-04-01,,商事制度改革、approval,,,\n" +
			"慈溪市个体工商户登记暂行办法,慈市监〔2016〕5号,,慈溪市市场监督管理局,浒山街道,,2016年5月1日,2016-06-01,,,,,\n" +
			"慈溪市废止文件,慈市监〔2012〕5号,,慈溪市市场监督管理局,,,2012-05-01,2012-06-01,,,废止,2016-09-30,慈政发〔2016〕70号\n" +
			"慈溪市到期文件,慈市监〔2010〕2号,,慈溪市市场监督管理局,,,2010-02-01,2010-03-01,2015-02-28,,失效,2015-03-01,\n"
		res, got = importErrs(t, w.s, office, "normdocs", good, true)
		wantErrs(t, res, got)
		if _, n, _ := w.s.Normdocs(ctx, store.NormdocFilter{}); n != 0 || res.Written != 0 {
			t.Fatalf("a dry run wrote %d", n)
		}
		// Only the legal affairs office imports a catalog.
		res, got = importErrs(t, w.s, w.clerk, "normdocs", good, false)
		if len(got) != 4 || res.Written != 0 {
			t.Fatalf("clerk import: %v", got)
		}
		res, got = importErrs(t, w.s, office, "normdocs", good, false)
		wantErrs(t, res, got)
		if res.Written != 4 {
			t.Fatalf("written %d", res.Written)
		}
		day := func(s string) calendar.Date { d, _ := calendar.ParseDate(s); return d }
		for _, tc := range []struct {
			number string
			on     string
			want   normdoc.Status
		}{{"慈政发〔2015〕12号", "2026-01-01", normdoc.InForce}, {"慈市监〔2012〕5号", "2016-09-30", normdoc.Abolished},
			{"慈市监〔2012〕5号", "2016-09-29", normdoc.InForce}, {"慈市监〔2010〕2号", "2015-03-01", normdoc.Expired}} {
			d, err := w.s.NormdocByNumber(ctx, tc.number)
			if err != nil {
				t.Fatal(err)
			}
			rows, _, _ := w.s.Normdocs(ctx, store.NormdocFilter{IDs: []int64{d.ID}, AsOf: day(tc.on)})
			if len(rows) != 1 || rows[0].Status != tc.want {
				t.Errorf("%s on %s: %+v", tc.number, tc.on, rows)
			}
		}
		d, _ := w.s.NormdocByNumber(ctx, "慈政发〔2015〕12号")
		if d.RegNumber != "CXSG—2015—3" || d.ImplementerID != w.market.ID || strings.Join(d.ReformTags, ",") != "commercial,approval" {
			t.Errorf("imported document: %+v", d)
		}
		prov, _ := w.s.NormdocByNumber(ctx, "慈市监〔2016〕5号")
		if prov.ExpiryOn == nil || prov.ExpiryOn.String() != "2018-05-31" || len(prov.Issuers) != 2 || prov.RegNumber == "" {
			t.Errorf("provisional document: %+v", prov)
		}
		// The same catalog again: every number is already registered.
		again := strings.Replace(good, "CXSG—2015—3", "", 1)
		res, got = importErrs(t, w.s, office, "normdocs", again, false)
		wantErrs(t, res, got, "2:文号", "3:文号", "4:文号", "5:文号")
	})
}
