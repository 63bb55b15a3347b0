package pdf_test

import (
	"fmt"
	"os"

	"fazhi/internal/pdf"
)

func Example() {
	d := pdf.New()
	d.Title("行政处罚决定书")
	d.Subtitle("慈市监罚〔2026〕12号")
	d.Line("当事人：慈溪市某某贸易有限公司")
	d.Line("统一社会信用代码：91330282MA2AB3CD4E")
	d.Heading("一、违法事实和证据")
	d.Para("经查，当事人于2026年3月12日在其经营场所销售超过保质期的食品，货值金额1,280元。上述事实有现场检查笔录、询问笔录等证据证实。")
	d.Table([]string{"序号", "证据名称", "页数"}, [][]string{{"1", "现场检查笔录", "2"}, {"2", "询问笔录", "3"}}, []float64{15, 110, 25})
	d.Space(10)
	d.Right("慈溪市市场监督管理局")
	d.Right("2026年11月27日")
	if path := os.Getenv("FAZHI_PDF_OUT"); path != "" {
		os.WriteFile(path, d.Bytes(), 0o644)
	}
	fmt.Println(len(d.Bytes()) < 10000)
	// Output: true
}
