package importer

import (
	"bytes"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"
)

func TestScratchPerf(t *testing.T) {
	f := excelize.NewFile()
	sw, _ := f.NewStreamWriter("Sheet1")
	code := `[$-409]yyyy-mm-dd`
	ds, _ := f.NewStyle(&excelize.Style{CustomNumFmt: &code})
	sw.SetRow("A1", []any{"a", "b", "c", "d", "e", "f", "g", "h", "i", "j"})
	for i := 2; i <= 100001; i++ {
		sw.SetRow(cellRef(1, i), []any{"单位名称很长的名字", "91110000000000000X", excelize.Cell{StyleID: ds, Value: 45000.0}, "x", "y", "z", 123, 456, "w", "v"})
	}
	sw.Flush()
	var buf bytes.Buffer
	f.Write(&buf)
	start := time.Now()
	sh, err := Read(bytes.NewReader(buf.Bytes()), "a.xlsx")
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("size %d, %d rows in %v, sample %q", buf.Len(), len(sh.Rows), time.Since(start), sh.Rows[5].Cells[2])
}
