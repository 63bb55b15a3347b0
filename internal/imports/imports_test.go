package imports_test

import (
	"bytes"
	"context"
	"strconv"
	"strings"
	"testing"

	"golang.org/x/text/encoding/simplifiedchinese"

	"fazhi/internal/account"
	"fazhi/internal/imports"
	"fazhi/internal/sqldb"
	"fazhi/internal/sqldb/dbtest"
	"fazhi/internal/store"
)

var office = account.Actor{UserID: 0, Name: "导入测试", Roles: []account.Role{account.Admin}}

func gbk(t *testing.T, s string) []byte {
	t.Helper()
	b, err := simplifiedchinese.GB18030.NewEncoder().Bytes([]byte(s))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

const goodUnits = "单位名称,单位类型,上级单位,统一社会信用代码,执法主体\n" +
	"慈溪市人民政府,市政府,,,否\n" +
	"慈溪市市场监督管理局,政府部门,慈溪市人民政府,91350100M000100Y43,是\n" +
	"浒山街道,街道,慈溪市人民政府,,否\n"

func countUnits(t *testing.T, s *store.Store) int {
	t.Helper()
	_, n, err := s.Units(context.Background(), store.UnitFilter{})
	if err != nil {
		t.Fatal(err)
	}
	return n
}

func TestImportUnits(t *testing.T) {
	kind, _ := imports.KindByName("units")
	dbtest.Run(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		s := store.New(db)
		for _, tc := range []struct {
			name      string
			file      []byte
			dryRun    bool
			wantUnits int
			wantErrs  []string // "line:column" of each expected error
		}{
			{"dry run writes nothing", []byte(goodUnits), true, 0, nil},
			{"bad check char rolls back every row", gbk(t, strings.Replace(goodUnits, "Y43", "Y4Z", 1)), false, 0, []string{"3:统一社会信用代码"}},
			{"duplicate in file and unknown kind", []byte(goodUnits + "浒山街道,街道,慈溪市人民政府,,否\n宗汉街道,村,,,\n"), false, 0,
				[]string{"5:单位名称", "6:单位类型"}},
			{"unknown parent", []byte(strings.Replace(goodUnits, ",慈溪市人民政府,9", ",慈溪市政府,9", 1)), false, 0, []string{"3:上级单位"}},
			{"good file in GB18030", gbk(t, goodUnits), false, 3, nil},
		} {
			t.Run(tc.name, func(t *testing.T) {
				res, err := imports.Run(ctx, s, office, kind, "units.csv", bytes.NewReader(tc.file), tc.dryRun)
				if err != nil {
					t.Fatal(err)
				}
				var got []string
				for _, e := range res.Report.Sorted() {
					got = append(got, strings.Join([]string{strconv.Itoa(e.Line), e.Column}, ":"))
				}
				if strings.Join(got, ",") != strings.Join(tc.wantErrs, ",") {
					t.Fatalf("errors = %v (%s), want %v", got, res.Report.Error(), tc.wantErrs)
				}
				if n := countUnits(t, s); n != tc.wantUnits {
					t.Fatalf("units after import = %d, want %d", n, tc.wantUnits)
				}
				run, err := s.ImportRunByID(ctx, res.RunID)
				if err != nil || run.Errors != len(tc.wantErrs) {
					t.Fatalf("recorded run = %+v, %v", run, err)
				}
				rep, err := imports.SavedReport(run)
				if err != nil || len(rep.Errors) != len(tc.wantErrs) {
					t.Fatalf("saved report = %v, %v", rep, err)
				}
			})
		}
	})
}

func TestImportPeopleScope(t *testing.T) {
	units, _ := imports.KindByName("units")
	people, _ := imports.KindByName("people")
	dbtest.Run(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		s := store.New(db)
		if _, err := imports.Run(ctx, s, office, units, "u.csv", strings.NewReader(goodUnits), false); err != nil {
			t.Fatal(err)
		}
		market, _ := s.UnitByName(ctx, "慈溪市市场监督管理局")
		clerk := account.Actor{UserID: 0, Name: "经办人", UnitID: market.ID, Roles: []account.Role{account.Clerk}}
		file := "姓名,公民身份号码,所在单位,职务\n张三,11010519491231002X,慈溪市市场监督管理局,科员\n李四,370101190102039973,浒山街道,科员\n"
		res, err := imports.Run(ctx, s, clerk, people, "p.csv", strings.NewReader(file), false)
		if err != nil {
			t.Fatal(err)
		}
		if res.OK() || res.Report.Errors[0].Line != 3 || res.Report.Errors[0].Column != "所在单位" {
			t.Fatalf("clerk importing into another unit: %+v", res.Report.Errors)
		}
		if _, n, _ := s.People(ctx, store.PersonFilter{}); n != 0 {
			t.Fatalf("%d people written by a failed import", n)
		}
	})
}
