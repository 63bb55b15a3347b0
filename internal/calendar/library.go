package calendar

import (
	"fmt"
	"sync"

	"github.com/6tail/lunar-go/HolidayUtil"
)

// libraryFirstYear is the first year the library describes completely. Its
// data starts on 2001-12-29 (make-up days for New Year 2002), so the rest of
// 2001 is unknown; counting 2001 as covered would be a guess.
const libraryFirstYear = 2002

// libraryDay is one library record: a day that departs from the ordinary
// Mon–Fri work / Sat–Sun rest pattern.
type libraryDay struct {
	name string // festival name, e.g. 春节; for make-up days the festival compensated
	work bool   // true: 调休上班 (make-up workday)
}

// libraryData is an immutable snapshot of the lunar-go holiday table.
type libraryData struct {
	days  map[Date]libraryDay
	years map[int]bool
}

// library loads the snapshot once for the whole process. Copying the data
// out of HolidayUtil keeps our Calendar immutable and race-free even though
// HolidayUtil itself keeps its table in a mutable package variable (its Fix
// function rewrites it). We never call Fix: corrections go through Override.
var library = sync.OnceValue(loadLibrary)

// loadLibrary reads year after year until the first year without records.
// Stopping early on a gap can only make a year "not covered" (an error),
// never produce a wrong answer.
func loadLibrary() *libraryData {
	lib := &libraryData{days: map[Date]libraryDay{}, years: map[int]bool{}}
	for year := libraryFirstYear; ; year++ {
		records := HolidayUtil.GetHolidaysByYear(year)
		if records.Len() == 0 {
			return lib
		}
		lib.years[year] = true
		for e := records.Front(); e != nil; e = e.Next() {
			h := e.Value.(*HolidayUtil.Holiday)
			lib.days[mustParseLibraryDay(h.GetDay())] = libraryDay{name: h.GetName(), work: h.IsWork()}
		}
	}
}

// mustParseLibraryDay parses a library date. The table is compiled into the
// dependency, so a malformed entry is a bug caught by the tests, not input.
func mustParseLibraryDay(s string) Date {
	d, err := ParseDate(s)
	if err != nil {
		panic(fmt.Sprintf("calendar: lunar-go 节假日数据格式异常：%v", err))
	}
	return d
}
