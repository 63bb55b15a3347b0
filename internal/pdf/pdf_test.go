package pdf

import (
	"bytes"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

func TestTextRoundTrip(t *testing.T) {
	d := New()
	d.Title("行政处罚决定书")
	d.Subtitle("慈市监罚〔2026〕12号")
	d.Heading("一、违法事实")
	d.Para("当事人慈溪市某某贸易有限公司（统一社会信用代码91330282MA2AB3CD4E）于2026年3月销售过期食品。")
	d.Table([]string{"序号", "名称"}, [][]string{{"1", "现场检查笔录"}, {"2", "询问笔录𠀀"}}, []float64{20, 130})
	d.Right("慈溪市市场监督管理局")
	text, err := Text(d.Bytes())
	if err != nil {
		t.Fatal(err)
	}
	flat := strings.ReplaceAll(text, "\n", "")
	for _, want := range []string{"行政处罚决定书", "慈市监罚〔2026〕12号", "一、违法事实", "91330282MA2AB3CD4E",
		"销售过期食品。", "现场检查笔录", "询问笔录𠀀", "慈溪市市场监督管理局", "— 1 —"} {
		if !strings.Contains(flat, want) {
			t.Errorf("text lacks %q:\n%s", want, text)
		}
	}
}

// TestStructure checks the cross-reference table points at each object,
// which is what a reader needs to open the file.
func TestStructure(t *testing.T) {
	d := New()
	for i := range 80 {
		d.Para(fmt.Sprintf("第%d段。%s", i, strings.Repeat("依法行政", 10)))
	}
	b := d.Bytes()
	if !bytes.HasPrefix(b, []byte("%PDF-1.7")) || !bytes.HasSuffix(b, []byte("%%EOF\n")) {
		t.Fatal("not framed as a PDF")
	}
	m := regexp.MustCompile(`startxref\n(\d+)\n`).FindSubmatch(b)
	xref, _ := strconv.Atoi(string(m[1]))
	table := string(b[xref:])
	entries := regexp.MustCompile(`(\d{10}) 00000 n `).FindAllStringSubmatch(table, -1)
	if len(entries) < 8 {
		t.Fatalf("only %d objects", len(entries))
	}
	for i, e := range entries {
		off, _ := strconv.Atoi(e[1])
		if want := fmt.Sprintf("%d 0 obj", i+1); !bytes.HasPrefix(b[off:], []byte(want)) {
			t.Errorf("xref entry %d points at %q", i+1, b[off:off+10])
		}
	}
	if n := len(d.pages); n < 3 {
		t.Errorf("80 paragraphs fit on %d pages", n)
	}
	if !bytes.Contains(b, []byte(fmt.Sprintf("/Count %d", len(d.pages)))) {
		t.Error("page count missing")
	}
}

func TestWrap(t *testing.T) {
	cases := []struct {
		name   string
		in     string
		max    float64 // in ems at size 1
		indent int
		want   []string
	}{
		{"fits", "行政处罚", 10, 0, []string{"行政处罚"}},
		{"breaks by character", "一二三四五六", 4, 0, []string{"一二三四", "五六"}},
		{"indent shortens the first line", "一二三四五六", 4, 2, []string{"一二", "三四五六"}},
		{"closing punctuation hangs", "一二三四，五六", 4, 0, []string{"一二三四，", "五六"}},
		{"ASCII words stay whole", "编号91330282MA2AB3CD4E", 10, 0, []string{"编号", "91330282MA2AB3CD4E"}},
		{"long words break", "ABCDEFGHIJ", 3, 0, []string{"ABCDEF", "GHIJ"}},
		{"empty is one blank line", "", 4, 0, []string{""}},
		{"control characters become spaces", "一\t二", 10, 0, []string{"一 二"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got := wrap(c.in, 1, c.max, c.indent)
			if fmt.Sprint(got) != fmt.Sprint(c.want) {
				t.Errorf("wrap(%q) = %q, want %q", c.in, got, c.want)
			}
		})
	}
}

func TestTableRepeatsHeaderOnNewPage(t *testing.T) {
	d := New()
	var rows [][]string
	for i := range 60 {
		rows = append(rows, []string{strconv.Itoa(i + 1), "慈溪市某单位关于加强管理的通知"})
	}
	d.Table([]string{"序号", "文件名称"}, rows, []float64{20, 130})
	text, err := Text(d.Bytes())
	if err != nil {
		t.Fatal(err)
	}
	if n := strings.Count(text, "文件名称\n"); n != len(d.pages) || n < 2 {
		t.Errorf("header shown %d times on %d pages", n, len(d.pages))
	}
	if !strings.Contains(text, "60\n") {
		t.Error("last row missing")
	}
}
