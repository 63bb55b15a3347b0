package web

import (
	"encoding/csv"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"time"

	"github.com/xuri/excelize/v2"

	"fazhi/internal/apperr"
	"fazhi/internal/calendar"
	"fazhi/internal/store"
)

// exportLimit caps one export; larger sets are filtered first.
const exportLimit = 10000

// writeTable sends rows as CSV (UTF-8 with BOM, which Excel and WPS open
// correctly) or XLSX.
func writeTable(w http.ResponseWriter, format, name string, header []string, rows [][]string) error {
	filename := fmt.Sprintf("%s-%s.%s", name, time.Now().In(beijing).Format("20060102"), format)
	disposition := "attachment; filename*=UTF-8''" + url.PathEscape(filename)
	switch format {
	case "csv":
		w.Header().Set("Content-Type", "text/csv; charset=utf-8")
		w.Header().Set("Content-Disposition", disposition)
		w.Write([]byte("\uFEFF"))
		cw := csv.NewWriter(w)
		cw.Write(header)
		cw.WriteAll(rows)
		return cw.Error()
	case "xlsx":
		f := excelize.NewFile()
		defer f.Close()
		sheet := f.GetSheetName(0)
		f.SetSheetRow(sheet, "A1", &header)
		for i, row := range rows {
			cell, _ := excelize.CoordinatesToCellName(1, i+2)
			vals := make([]any, len(row))
			for j, v := range row {
				vals[j] = v
			}
			f.SetSheetRow(sheet, cell, &vals)
		}
		w.Header().Set("Content-Type", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
		w.Header().Set("Content-Disposition", disposition)
		return f.Write(w)
	}
	return apperr.New(apperr.Invalid, "导出格式应为 csv 或 xlsx")
}

func yesNo(b bool) string {
	if b {
		return "是"
	}
	return "否"
}

func (s *Server) exportUnits(w http.ResponseWriter, r *http.Request, f store.UnitFilter, format string) error {
	f.Page = store.Page{Limit: exportLimit}
	units, _, err := s.store.Units(r.Context(), f)
	if err != nil {
		return err
	}
	names, err := s.unitNames(r)
	if err != nil {
		return err
	}
	rows := make([][]string, len(units))
	for i, u := range units {
		abolished := ""
		if u.AbolishedOn != nil {
			abolished = u.AbolishedOn.String()
		}
		rows[i] = []string{u.Name, u.ShortName, u.KindLabel(), names[u.ParentID], u.CreditCode, yesNo(u.Enforcement),
			u.Address, u.Phone, abolished, names[u.SuccessorID]}
	}
	return writeTable(w, format, "单位", []string{"单位名称", "简称", "单位类型", "上级单位", "统一社会信用代码", "执法主体",
		"地址", "电话", "撤销日期", "承继单位"}, rows)
}

func (s *Server) exportPeople(w http.ResponseWriter, r *http.Request, f store.PersonFilter, format string) error {
	f.Page = store.Page{Limit: exportLimit}
	people, _, err := s.store.People(r.Context(), f)
	if err != nil {
		return err
	}
	a := actorOf(r)
	rows := make([][]string, len(people))
	for i, p := range people {
		id := p.MaskedResidentID()
		if a.CanSeeResidentID(p.UnitID) {
			id = p.ResidentID
		}
		rows[i] = []string{p.Name, id, p.UnitName, p.Post, p.Phone, p.Status.Label(), p.Gender, p.BirthDate.String(),
			strconv.FormatInt(p.ID, 10)}
	}
	return writeTable(w, format, "人员", []string{"姓名", "公民身份号码", "所在单位", "职务", "联系电话", "状态", "性别", "出生日期", "编号"}, rows)
}

// dateText is an optional date as an export cell: empty when unset.
func dateText(d *calendar.Date) string {
	if d == nil {
		return ""
	}
	return d.String()
}
