package web

// Documents of the area as PDF: the transfer letter (涉嫌犯罪案件移送书,
// Order 310 Art. 6 ①) with its inventory of seized items and the receipt
// for the police to sign (Art. 7), and the supervision order (督办通知书).

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"

	"fazhi/internal/calendar"
	"fazhi/internal/pdf"
	"fazhi/internal/supervise"
	"fazhi/internal/transfer"
)

// cnDate writes a date the way official documents do: 2026年3月5日.
func cnDate(d calendar.Date) string { return fmt.Sprintf("%d年%d月%d日", d.Year, d.Month, d.Day) }

// servePDF sends a document inline, named for the browser's save dialog.
func servePDF(w http.ResponseWriter, name string, b []byte) error {
	w.Header().Set("Content-Type", "application/pdf")
	w.Header().Set("Content-Disposition", "inline; filename*=UTF-8''"+url.PathEscape(name+".pdf"))
	w.Header().Set("Cache-Control", "private, no-store")
	_, err := w.Write(b)
	return err
}

// transferLetter lays out the transfer letter. Before it is sent the
// letter is a draft without a number, for the head's approval.
func transferLetter(t transfer.Transfer, today calendar.Date) []byte {
	d := pdf.New()
	d.SetTitle("涉嫌犯罪案件移送书")
	d.Title("涉嫌犯罪案件移送书")
	number, on := "（草稿，移送时编号）", today
	if t.Number != "" {
		number = t.Number
	}
	if t.SentOn != nil {
		on = *t.SentOn
	}
	d.Subtitle(number)
	d.Space(4)
	d.Line(t.PoliceUnitName + "：")
	facts := strings.TrimSpace(t.Facts)
	if !strings.HasSuffix(facts, "。") {
		facts += "。"
	}
	d.Para(fmt.Sprintf("我单位在查办%s%s一案中，发现%s涉嫌%s。经查：%s", t.PartyName, t.Matter, t.PartyName,
		strings.TrimPrefix(t.SuspectedCrime, "涉嫌"), facts))
	if t.Amount > 0 {
		d.Para("涉案金额为人民币" + t.Amount.String() + "元。")
	}
	if t.Standard != "" {
		d.Para("上述情节已达到" + t.Standard + "规定的立案追诉标准。")
	}
	d.Para("根据《中华人民共和国行政处罚法》第二十七条和《行政执法机关移送涉嫌犯罪案件的规定》第三条、第五条、第六条的规定，" +
		"现将该案移送你局，请依法审查，并自接受移送之日起3日内将是否立案的决定书面告知我单位。")
	d.Space(3)
	d.Line("附件：")
	n := 0
	for _, m := range t.Materials {
		if m == transfer.Letter {
			continue
		}
		n++
		d.Line(fmt.Sprintf("%d．%s", n, transfer.MaterialLabel(m)))
	}
	if n == 0 {
		d.Line("无")
	}
	d.Space(10)
	d.Right(t.UnitName)
	d.Right(cnDate(on))
	if t.ProcuratorateUnitName != "" {
		d.Space(6)
		d.Line("抄送：" + t.ProcuratorateUnitName)
	}
	inventory(d, t)
	receipt(d, t)
	return d.Bytes()
}

func inventory(d *pdf.Doc, t transfer.Transfer) {
	d.PageBreak()
	d.Title("涉案物品清单")
	d.Subtitle(t.Title())
	if len(t.Items) == 0 {
		d.Para("本案无查封、扣押的涉案物品。")
		return
	}
	rows := make([][]string, len(t.Items))
	for i, it := range t.Items {
		rows[i] = []string{fmt.Sprint(i + 1), it.Name, it.Quantity, it.Note}
	}
	d.Table([]string{"序号", "物品名称", "数量", "备注"}, rows, []float64{15, 70, 35, 36})
	d.Space(8)
	d.Line("移送单位（盖章）：" + t.UnitName)
	d.Line("接收单位（盖章）：" + t.PoliceUnitName)
}

func receipt(d *pdf.Doc, t transfer.Transfer) {
	d.PageBreak()
	d.Title("涉嫌犯罪案件移送书回执")
	d.Space(4)
	d.Line(t.UnitName + "：")
	number := t.Number
	if number == "" {
		number = "    "
	}
	d.Para("你单位以" + number + "移送的" + t.Title() + "及有关材料、涉案物品已收到。")
	d.Para("不属于本机关管辖的，本机关将在24小时内转送有管辖权的机关，并书面告知你单位。")
	d.Space(10)
	d.Right(t.PoliceUnitName + "（盖章）")
	d.Right("年    月    日")
	d.Line("经办人：")
}

func (s *Server) handleTransferLetter(w http.ResponseWriter, r *http.Request) error {
	t, _, err := s.visibleTransfer(r)
	if err != nil {
		return err
	}
	name := "涉嫌犯罪案件移送书"
	if t.Number != "" {
		name += "-" + t.Number
	}
	return servePDF(w, name, transferLetter(t, s.today()))
}

// orderDocument lays out the supervision order.
func orderDocument(o supervise.Order, office string) []byte {
	d := pdf.New()
	d.SetTitle("督办通知书")
	d.Title("行政执法监督督办通知书")
	d.Subtitle(o.Number)
	d.Space(4)
	d.Line(o.UnitName + "：")
	subject := "事项"
	if o.Subject == supervise.CaseSubject {
		subject = "案件"
		if o.CaseNumber != "" {
			d.Para("关于" + o.CaseNumber + "（" + o.Title + "）：")
		}
	}
	d.Para(strings.TrimSpace(o.Content))
	due := ""
	if o.ReplyDue != nil {
		due = cnDate(*o.ReplyDue)
	}
	if due != "" {
		d.Para("请你单位认真办理上述督办" + subject + "，并于" + due + "前将办理情况书面回复本机关（可通过本平台回复）。逾期未回复的，本机关将予以通报。")
	} else {
		d.Para("请你单位认真办理上述督办" + subject + "，并将办理情况书面回复本机关。")
	}
	if o.ReplyCitation != "" {
		d.Line("回复期限依据：" + o.ReplyCitation)
	}
	d.Space(10)
	d.Right(office)
	d.Right(cnDate(o.IssuedOn))
	return d.Bytes()
}

func (s *Server) handleOrderDocument(w http.ResponseWriter, r *http.Request) error {
	o, err := s.visibleOrder(r)
	if err != nil {
		return err
	}
	office := "行政执法监督机关"
	if rl, err := s.store.Rule(r.Context(), "supervision.order_issuer", o.IssuedOn); err == nil {
		office = rl.Value
	}
	return servePDF(w, "督办通知书-"+o.Number, orderDocument(o, office))
}
