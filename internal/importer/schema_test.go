package importer

import (
	"errors"
	"reflect"
	"strconv"
	"strings"
	"testing"
)

func sheetWith(headers ...string) *Sheet {
	cells := make([]string, len(headers))
	for i := range cells {
		cells[i] = "v" + strconv.Itoa(i+1)
	}
	return &Sheet{HeaderLine: 1, Headers: headers, Rows: []Record{{Line: 2, Cells: cells}}}
}

func TestMapHeaders(t *testing.T) {
	tests := []struct {
		name    string
		headers []string
		want    map[string]string // key → value of row 2
		ignored []string
	}{
		{
			name:    "canonical headers",
			headers: []string{"单位名称", "统一社会信用代码", "成立日期"},
			want:    map[string]string{"name": "v1", "code": "v2", "founded": "v3", "phone": ""},
		},
		{
			name:    "aliases in any order",
			headers: []string{"信用代码", "名称", "电话"},
			want:    map[string]string{"name": "v2", "code": "v1", "founded": "", "phone": "v3"},
		},
		{
			name:    "case, full width, spaces and required marks",
			headers: []string{"＊单位 名称", "ｕｓｃｃ", " NAME_X ", "*联系电话*"},
			want:    map[string]string{"name": "v1", "code": "v2", "phone": "v4"},
			ignored: []string{"NAME_X"},
		},
		{
			name:    "English alias upper case",
			headers: []string{"Name", "uscc"},
			want:    map[string]string{"name": "v1", "code": "v2"},
		},
		{
			name:    "unknown and blank headers",
			headers: []string{"序号", "单位名称", "", "统一社会信用代码", "备注"},
			want:    map[string]string{"name": "v2", "code": "v4"},
			ignored: []string{"序号", "备注"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tb := mustMap(t, unitSchema, sheetWith(tt.headers...))
			if len(tb.Rows) != 1 || tb.Rows[0].Line != 2 {
				t.Fatalf("rows = %+v", tb.Rows)
			}
			for key, want := range tt.want {
				if got := tb.Rows[0].Get(key); got != want {
					t.Errorf("Get(%q) = %q, want %q", key, got, want)
				}
			}
			if !reflect.DeepEqual(tb.Ignored, tt.ignored) {
				t.Errorf("Ignored = %q, want %q", tb.Ignored, tt.ignored)
			}
		})
	}
}

func TestMapHeaderErrors(t *testing.T) {
	tests := []struct {
		name    string
		headers []string
		want    string
	}{
		{
			name:    "missing required column",
			headers: []string{"统一社会信用代码", "成立日期"},
			want:    "表头有误：缺少必填列：单位名称",
		},
		{
			name:    "several missing",
			headers: []string{"成立日期"},
			want:    "表头有误：缺少必填列：单位名称、统一社会信用代码",
		},
		{
			name:    "same header twice",
			headers: []string{"单位名称", "统一社会信用代码", "单位名称"},
			want:    "表头有误：表头「单位名称」重复（第 A 列和第 C 列）",
		},
		{
			name:    "header and alias of one column",
			headers: []string{"名称", "统一社会信用代码", "*单位名称"},
			want:    "表头有误：第 A 列「名称」与第 C 列「*单位名称」重复，都对应「单位名称」",
		},
		{
			name:    "all problems together",
			headers: []string{"电话", "成立日期", "联系电话"},
			want:    "表头有误：缺少必填列：单位名称、统一社会信用代码；第 A 列「电话」与第 C 列「联系电话」重复，都对应「联系电话」",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := unitSchema.Map(sheetWith(tt.headers...))
			var he *HeaderError
			if !errors.As(err, &he) {
				t.Fatalf("err = %v, want *HeaderError", err)
			}
			if err.Error() != tt.want {
				t.Errorf("err = %q, want %q", err.Error(), tt.want)
			}
		})
	}
}

func TestMapBadSchema(t *testing.T) {
	tests := []struct {
		name   string
		schema Schema
		want   string
	}{
		{
			name:   "alias claimed twice",
			schema: Schema{Columns: []Column{{Key: "a", Header: "名称"}, {Key: "b", Header: "全称", Aliases: []string{"名 称"}}}},
			want:   "claimed by columns",
		},
		{
			name:   "duplicate key",
			schema: Schema{Columns: []Column{{Key: "a", Header: "甲"}, {Key: "a", Header: "乙"}}},
			want:   "duplicate key",
		},
		{
			name:   "empty key",
			schema: Schema{Columns: []Column{{Header: "甲"}}},
			want:   "empty or duplicate key",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := tt.schema.Map(sheetWith("甲"))
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("err = %v, want containing %q", err, tt.want)
			}
		})
	}
}

func TestTableHasAndGet(t *testing.T) {
	tb := mustMap(t, unitSchema, &Sheet{
		HeaderLine: 1,
		Headers:    []string{"单位名称", "统一社会信用代码", "联系电话"},
		Rows:       []Record{{Line: 2, Cells: []string{"甲", "1", ""}}},
	})
	tests := []struct {
		name string
		key  string
		has  bool
		get  string
	}{
		{name: "present with value", key: "name", has: true, get: "甲"},
		{name: "present but empty", key: "phone", has: true, get: ""},
		{name: "absent optional column", key: "founded", has: false, get: ""},
		{name: "unknown key", key: "nope", has: false, get: ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tb.Has(tt.key); got != tt.has {
				t.Errorf("Has(%q) = %v, want %v", tt.key, got, tt.has)
			}
			if got := tb.Rows[0].Get(tt.key); got != tt.get {
				t.Errorf("Get(%q) = %q, want %q", tt.key, got, tt.get)
			}
		})
	}
}

func TestNormaliseHeader(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want string
	}{
		{name: "plain", in: "单位名称", want: "单位名称"},
		{name: "required mark", in: "*单位名称", want: "单位名称"},
		{name: "full-width mark and brackets", in: "＊出生日期（ＹＹＹＹ）", want: "出生日期(yyyy)"},
		{name: "ideographic and inner spaces", in: "\u3000单 位\t名称 ", want: "单位名称"},
		{name: "case", in: "USCC", want: "uscc"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := normaliseHeader(tt.in); got != tt.want {
				t.Errorf("normaliseHeader(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}
