package importer

import (
	"bytes"
	"errors"
	"reflect"
	"strings"
	"testing"
)

const unitsCSV = "单位名称,统一社会信用代码,成立日期,联系电话\n" +
	"北京市司法局,11110000000000000A,2001-05-01,010-12345678\n" +
	"  海淀区司法局 ,11110108000000000B,,\n"

var unitsWant = [][]string{
	{"2", "北京市司法局", "11110000000000000A", "2001-05-01", "010-12345678"},
	{"3", "海淀区司法局", "11110108000000000B", "", ""},
}

func TestReadCSVEncodings(t *testing.T) {
	tests := []struct {
		name string
		data []byte
	}{
		{name: "UTF-8", data: []byte(unitsCSV)},
		{name: "UTF-8 with BOM", data: append([]byte("\xEF\xBB\xBF"), unitsCSV...)},
		{name: "GB18030", data: gb18030(t, unitsCSV)},
		{name: "GB18030 with CRLF", data: gb18030(t, strings.ReplaceAll(unitsCSV, "\n", "\r\n"))},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tb := mustMap(t, unitSchema, mustRead(t, tt.data, "units.csv", Options{}))
			if got := tableValues(tb); !reflect.DeepEqual(got, unitsWant) {
				t.Errorf("got %q, want %q", got, unitsWant)
			}
		})
	}
}

func TestReadCSVShapes(t *testing.T) {
	tests := []struct {
		name       string
		data       string
		headers    []string
		headerLine int
		rows       []Record
	}{
		{
			name:       "semicolon delimited",
			data:       "名称;代码\n甲;1\n乙;2\n",
			headers:    []string{"名称", "代码"},
			headerLine: 1,
			rows:       []Record{{Line: 2, Cells: []string{"甲", "1"}}, {Line: 3, Cells: []string{"乙", "2"}}},
		},
		{
			name:       "tab delimited",
			data:       "名称\t代码\n甲,乙\t1\n",
			headers:    []string{"名称", "代码"},
			headerLine: 1,
			rows:       []Record{{Line: 2, Cells: []string{"甲,乙", "1"}}},
		},
		{
			name:       "commas inside quoted header do not count",
			data:       "\"a;b,c,d\";e\n1;2\n",
			headers:    []string{"a;b,c,d", "e"},
			headerLine: 1,
			rows:       []Record{{Line: 2, Cells: []string{"1", "2"}}},
		},
		{
			name:       "ragged rows padded, long rows kept",
			data:       "a,b,c\n1\n1,2,3,4\n",
			headers:    []string{"a", "b", "c"},
			headerLine: 1,
			rows:       []Record{{Line: 2, Cells: []string{"1", "", ""}}, {Line: 3, Cells: []string{"1", "2", "3", "4"}}},
		},
		{
			name:       "quoted commas and newlines count as one spreadsheet row",
			data:       "a,b\n\"x, y\",\"line1\nline2\nline3\"\n\"q\"\"uote\",z\n",
			headers:    []string{"a", "b"},
			headerLine: 1,
			rows:       []Record{{Line: 2, Cells: []string{"x, y", "line1\nline2\nline3"}}, {Line: 3, Cells: []string{"q\"uote", "z"}}},
		},
		{
			name:       "blank and empty-cell rows skipped but still numbered",
			data:       "\n\na,b\n1,2\n\n,,\n  ,\t\n3,4\n",
			headers:    []string{"a", "b"},
			headerLine: 3,
			rows:       []Record{{Line: 4, Cells: []string{"1", "2"}}, {Line: 8, Cells: []string{"3", "4"}}},
		},
		{
			name:       "lazy quotes accepted",
			data:       "a,b\n5\" pipe,x\n",
			headers:    []string{"a", "b"},
			headerLine: 1,
			rows:       []Record{{Line: 2, Cells: []string{"5\" pipe", "x"}}},
		},
		{
			name:       "trailing empty headers dropped, invisible characters trimmed",
			data:       "a,\u200bb\u3000,,\n1,2,,\n",
			headers:    []string{"a", "b"},
			headerLine: 1,
			rows:       []Record{{Line: 2, Cells: []string{"1", "2", "", ""}}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			sh := mustRead(t, []byte(tt.data), "x.CSV", Options{})
			if !reflect.DeepEqual(sh.Headers, tt.headers) {
				t.Errorf("headers = %q, want %q", sh.Headers, tt.headers)
			}
			if sh.HeaderLine != tt.headerLine {
				t.Errorf("header line = %d, want %d", sh.HeaderLine, tt.headerLine)
			}
			if !reflect.DeepEqual(sh.Rows, tt.rows) {
				t.Errorf("rows = %+v, want %+v", sh.Rows, tt.rows)
			}
		})
	}
}

func TestReadLimitsAndErrors(t *testing.T) {
	threeRows := "a\n1\n2\n3\n"
	tests := []struct {
		name     string
		data     string
		filename string
		opts     Options
		wantErr  error
		wantMsg  string
		wantRows int
	}{
		{name: "at the limit", data: threeRows, filename: "a.csv", opts: Options{MaxRows: 3}, wantRows: 3},
		{name: "over the limit", data: threeRows, filename: "a.csv", opts: Options{MaxRows: 2}, wantErr: ErrTooManyRows, wantMsg: "数据行数超过上限：最多 2 行，请拆分文件后分批导入"},
		{name: "zero means default", data: threeRows, filename: "a.csv", wantRows: 3},
		{name: "unsupported extension", data: threeRows, filename: "制度.doc", wantErr: ErrUnsupportedType, wantMsg: "不支持的文件类型：.doc（支持 .csv、.xlsx）"},
		{name: "legacy xls gets a hint", data: threeRows, filename: "a.XLS", wantErr: ErrUnsupportedType, wantMsg: "不支持的文件类型：.xls（支持 .csv、.xlsx，请在 Excel 或 WPS 中另存为 .xlsx）"},
		{name: "no extension", data: threeRows, filename: "upload", wantErr: ErrUnsupportedType},
		{name: "empty file", data: "\n , \n", filename: "a.csv", wantErr: ErrNoHeader},
		{name: "not really xlsx", data: threeRows, filename: "a.xlsx", wantErr: ErrUnreadable},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			sh, err := ReadWith(strings.NewReader(tt.data), tt.filename, tt.opts)
			if tt.wantErr == nil {
				check(t, err)
				if len(sh.Rows) != tt.wantRows {
					t.Errorf("rows = %d, want %d", len(sh.Rows), tt.wantRows)
				}
				return
			}
			if !errors.Is(err, tt.wantErr) {
				t.Fatalf("err = %v, want %v", err, tt.wantErr)
			}
			if tt.wantMsg != "" && err.Error() != tt.wantMsg {
				t.Errorf("message = %q, want %q", err.Error(), tt.wantMsg)
			}
		})
	}
}

func TestReadDefaultLimit(t *testing.T) {
	var b bytes.Buffer
	b.WriteString("a\n")
	for range DefaultMaxRows + 1 {
		b.WriteString("1\n")
	}
	_, err := Read(&b, "big.csv")
	if !errors.Is(err, ErrTooManyRows) {
		t.Fatalf("err = %v, want ErrTooManyRows", err)
	}
}

func TestSniffDelimiter(t *testing.T) {
	tests := []struct {
		name string
		text string
		want rune
	}{
		{name: "comma", text: "a,b,c\n", want: ','},
		{name: "semicolon", text: "a;b;c\n1,5;2;3", want: ';'},
		{name: "tab", text: "a\tb\n", want: '\t'},
		{name: "single column", text: "a\n", want: ','},
		{name: "tie prefers comma", text: "a,b;c\n", want: ','},
		{name: "skips leading blank lines", text: "\n \na;b\n", want: ';'},
		{name: "empty", text: "", want: ','},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := sniffDelimiter(tt.text); got != tt.want {
				t.Errorf("sniffDelimiter(%q) = %q, want %q", tt.text, got, tt.want)
			}
		})
	}
}
