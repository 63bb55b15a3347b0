package main

import (
	"bufio"
	"encoding/csv"
	"fmt"
	"net/url"
	"os"
	"strings"
	"time"

	"fazhi/internal/ident"
	"fazhi/internal/search/corpus"
)

// loadAgencies are demo units (internal/demo/units.go) that the import
// maps the generated records onto.
var loadAgencies = []string{"慈溪市市场监督管理局", "宁波市生态环境局慈溪分局", "慈溪市交通运输局", "慈溪市应急管理局",
	"慈溪市卫生健康局", "慈溪市综合行政执法局", "慈溪市文化广电旅游体育局", "慈溪市农业农村局", "慈溪市自然资源和规划局",
	"慈溪市住房和城乡建设局", "慈溪市水利局", "慈溪市商务局", "慈溪市医疗保障局"}

var categoryLabels = map[string]string{"warning": "警告", "fine": "罚款", "confiscation": "没收违法所得", "suspension": "责令停产停业",
	"revocation": "吊销许可证", "detention": "行政拘留", "other": "其他"}

// writeCSV writes n generated records in the import format of the
// disclosures (fazhi import disclosures FILE), for the load test.
func writeCSV(path string, seed int64, n int) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	defer f.Close()
	bw := bufio.NewWriterSize(f, 1<<20)
	w := csv.NewWriter(bw)
	w.Write([]string{"行政相对人名称", "行政相对人类别", "统一社会信用代码", "法定代表人", "证件类型", "证件号码",
		"行政处罚决定书文号", "违法行为类型", "违法事实", "处罚依据", "处罚类别", "处罚内容", "罚款金额（万元）",
		"暂扣或吊销证照名称及编号", "处罚决定日期", "处罚机关"})
	g := corpus.New(seed, n)
	for i := 0; i < n; i++ {
		d := g.Doc(i)
		field := func(name string) string {
			for _, f := range d.Fields {
				if f.Name == name {
					return f.Text
				}
			}
			return ""
		}
		party := field("party")
		category := map[string]string{"person": "自然人", "other": "个体工商户", "legal": "法人及非法人组织"}[d.PartyType]
		rep, idType, id := "王建国", "", ""
		if d.PartyType == "person" {
			party = strings.NewReplacer("某某", "建国", "某", "伟", "*", "敏").Replace(party)
			rep, idType = "", "身份证"
			id = ident.MakeResidentID("330282", time.Date(1960+i%40, time.Month(1+i%12), 1+i%28, 0, 0, 0, 0, time.UTC), 1+i%999)
		}
		licence := ""
		if d.Category == "revocation" {
			licence = fmt.Sprintf("食品经营许可证JY1330282%07d", i)
		}
		fine := ""
		if d.Category == "fine" {
			fine = fmt.Sprintf("%.2f", float64(1+i%50)/10)
		}
		number := fmt.Sprintf("慈罚〔%d〕%d号", d.DecidedOn.Year, seed*10000000+int64(i))
		if err := w.Write([]string{party, category, d.CreditCode, rep, idType, id, number,
			"违反" + strings.SplitN(field("basis"), "》", 2)[0] + "》", field("facts"), field("basis"), categoryLabels[d.Category],
			field("content"), fine, licence, d.DecidedOn.String(), loadAgencies[i%len(loadAgencies)]}); err != nil {
			return err
		}
	}
	w.Flush()
	if err := w.Error(); err != nil {
		return err
	}
	return bw.Flush()
}

// writeQueries writes the load test's request paths: the benchmark's
// queries on the public search page, most newest first, some by relevance,
// some within a date range or one agency's records.
func writeQueries(path string, seed int64, n int) error {
	docs := corpus.Docs(seed, n)
	var b strings.Builder
	for i, q := range corpus.Queries(seed+100, docs, 20) {
		v := url.Values{"q": {q.Text}}
		switch i % 10 {
		case 7, 8:
			v.Set("order", "relevance")
		case 9:
			v.Set("from", "2020-01-01")
			v.Set("to", "2023-12-31")
		}
		b.WriteString("/penalties?" + v.Encode() + "\n")
	}
	return os.WriteFile(path, []byte(b.String()), 0o644)
}
