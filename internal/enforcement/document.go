package enforcement

import (
	"fmt"
	"strings"

	"fazhi/internal/calendar"
	"fazhi/internal/pdf"
)

// DocContext is what a case document states beyond the case: the
// deciding unit, the remedies and the periods, each period as the rule
// table gives it on the document's day.
type DocContext struct {
	Agency, AgencyAddress, AgencyPhone string
	// Reconsideration is the body that hears an application for
	// reconsideration; Court the court for litigation.
	Reconsideration, Court string
	ReconsiderDays         int // 行政复议申请期限（日）
	LitigationMonths       int // 行政诉讼起诉期限（月）
	PaymentDays            int // 缴纳罚款期限（日）
	SurchargeRate          int // 加处罚款每日比例（%）
	HearingRequestDays     int // 要求听证期限（工作日）
	Evidence               []CaseRecord
	Benchmark              *Benchmark
}

// chineseDate writes a date as documents do: 2026年11月27日.
func chineseDate(d calendar.Date) string {
	return fmt.Sprintf("%d年%d月%d日", d.Year, int(d.Month), d.Day)
}

func partyLines(doc *pdf.Doc, p Party) {
	doc.Line("当事人：" + p.Name)
	switch {
	case p.Kind == Person && p.Code != "":
		doc.Line(firstNonEmpty(p.IDType, "身份证") + "号码：" + p.Code)
	case p.Code != "":
		doc.Line("统一社会信用代码：" + p.Code)
	}
	if p.LegalRep != "" && p.Kind != Person {
		doc.Line("法定代表人（负责人）：" + p.LegalRep)
	}
	if p.Address != "" {
		doc.Line("住所（地址）：" + p.Address)
	}
}

func evidenceTable(doc *pdf.Doc, records []CaseRecord) {
	var rows [][]string
	for _, r := range records {
		if r.Kind == RecEvidence || r.Kind == RecRecord || r.Kind == RecPreservation {
			rows = append(rows, []string{fmt.Sprint(len(rows) + 1), r.Title, RecordKindLabel(r.Kind), r.OnDate.String()})
		}
	}
	if len(rows) > 0 {
		doc.Table([]string{"序号", "证据名称", "类别", "日期"}, rows, []float64{15, 85, 26, 30})
	}
}

func benchmarkSentence(c Case, b *Benchmark) string {
	if b == nil || c.TierName == "" {
		return ""
	}
	s := fmt.Sprintf("参照%s（第%d版，自%s起施行）“%s”阶次", firstNonEmpty(b.Source, "本机关行政处罚裁量基准"),
		c.BenchmarkVersion, chineseDate(b.EffectiveFrom), c.TierName)
	if t, ok := b.Tier(c.TierID); ok {
		s += "（" + t.Conditions + "；" + t.RangeLabel() + "）"
	}
	if c.OutsideBenchmark && c.DeviationReason != "" {
		s += "，因" + strings.TrimSuffix(c.DeviationReason, "。") + "，经法制审核，在裁量基准幅度以外作出处罚"
	}
	return s + "。"
}

// DecisionPDF is the decision document (行政处罚决定书) with the contents
// Art. 59 requires: the party, the facts and evidence, the penalty and
// its basis, the manner and period of performance, the remedies and their
// periods, the deciding organ and the date (the seal is applied on paper).
func DecisionPDF(c Case, m Matter, x DocContext) []byte {
	doc := pdf.New()
	doc.SetTitle("行政处罚决定书 " + c.DecisionNumber)
	doc.Title(x.Agency)
	doc.Title("行政处罚决定书")
	doc.Subtitle(c.DecisionNumber)
	doc.Space(4)
	partyLines(doc, c.Party)

	doc.Heading("一、违法事实和证据")
	doc.Para(firstNonEmpty(c.Facts, "（未填写违法事实）"))
	if c.EvidenceSummary != "" {
		doc.Para(c.EvidenceSummary)
	}
	doc.Para("以上事实有下列证据证明：")
	evidenceTable(doc, x.Evidence)

	doc.Heading("二、行政处罚的种类和依据")
	doc.Para(fmt.Sprintf("当事人的上述行为违反了%s的规定，构成%s。", m.Basis(), firstNonEmpty(c.ViolationType, m.Name)))
	basis := firstNonEmpty(c.Basis, m.BasisLaw+m.PenaltyBasis)
	s := "依据" + basis + "的规定，"
	if b := benchmarkSentence(c, x.Benchmark); b != "" {
		s += b[:len(b)-len("。")] + "，"
	}
	doc.Para(s + "本机关决定对当事人作出如下行政处罚：" + PenaltyContent(c) + "。")
	if c.NoticeOn != nil {
		defence := "当事人未提出陈述、申辩"
		switch {
		case c.HearingHeld:
			defence = fmt.Sprintf("本机关于%s举行听证，根据听证笔录作出本决定", chineseDate(*c.HearingOn))
		case c.DefenceOn != nil:
			defence = "当事人提出了陈述、申辩，本机关已进行复核"
		}
		doc.Para(fmt.Sprintf("本机关于%s向当事人告知了拟作出行政处罚的内容及事实、理由、依据，以及陈述、申辩和要求听证的权利；%s。",
			chineseDate(*c.NoticeOn), defence))
	}

	doc.Heading("三、履行方式和期限")
	if c.Fine+c.Confiscation > 0 {
		doc.Para(fmt.Sprintf("当事人应当自收到本决定书之日起%d日内，将罚没款缴至指定银行或者通过电子支付系统缴纳。"+
			"到期不缴纳罚款的，本机关可以每日按罚款数额的百分之%d加处罚款，加处罚款的数额不超出罚款的数额，并可依法申请人民法院强制执行。",
			x.PaymentDays, x.SurchargeRate))
	} else {
		doc.Para("本决定自送达之日起生效，当事人应当自觉履行。")
	}

	doc.Heading("四、申请行政复议或者提起行政诉讼的途径和期限")
	doc.Para(fmt.Sprintf("当事人如不服本决定，可以在收到本决定书之日起%d日内向%s申请行政复议，也可以在%d个月内依法向%s提起行政诉讼。"+
		"行政复议或者行政诉讼期间，本决定不停止执行，法律另有规定的除外。", x.ReconsiderDays, x.Reconsideration, x.LitigationMonths, x.Court))

	doc.Space(12)
	doc.Right(x.Agency)
	doc.Right("（印章）")
	if c.DecidedOn != nil {
		doc.Right(chineseDate(*c.DecidedOn))
	}
	if x.AgencyAddress != "" || x.AgencyPhone != "" {
		doc.Space(6)
		doc.Line("本机关地址：" + x.AgencyAddress + "　联系电话：" + x.AgencyPhone)
	}
	return doc.Bytes()
}

// NoticePDF is the prior-notice document (行政处罚事先告知书, Arts. 44,
// 45, 63, 64): the intended penalty, the facts, reasons and basis, and the
// rights to state, to defend and (when Art. 63 applies) to a hearing.
func NoticePDF(c Case, m Matter, x DocContext) []byte {
	doc := pdf.New()
	number := strings.Replace(c.FilingNumber, "立", "告", 1)
	doc.SetTitle("行政处罚事先告知书 " + number)
	doc.Title(x.Agency)
	doc.Title("行政处罚事先告知书")
	doc.Subtitle(number)
	doc.Space(4)
	partyLines(doc, c.Party)
	doc.Heading("一、违法事实和证据")
	doc.Para(firstNonEmpty(c.Facts, "（未填写违法事实）"))
	evidenceTable(doc, x.Evidence)
	doc.Heading("二、拟作出的行政处罚及理由、依据")
	kinds := c.NoticeKinds
	intended := PenaltyContent(Case{PenaltyKinds: kinds, Fine: c.NoticeFine, Confiscation: c.NoticeConfiscation, LicenceAffected: c.LicenceAffected})
	s := fmt.Sprintf("当事人的上述行为违反了%s的规定。依据%s的规定，", m.Basis(), m.BasisLaw+m.PenaltyBasis)
	if b := benchmarkSentence(c, x.Benchmark); b != "" {
		s += b[:len(b)-len("。")] + "，"
	}
	doc.Para(s + "本机关拟对当事人作出如下行政处罚：" + intended + "。")
	doc.Heading("三、当事人依法享有的权利")
	doc.Para(fmt.Sprintf("根据《中华人民共和国行政处罚法》第四十四条、第四十五条的规定，当事人有权进行陈述和申辩，"+
		"可以在收到本告知书之日起%d个工作日内向本机关提出陈述、申辩意见；本机关不因当事人陈述、申辩而给予更重的处罚。", x.HearingRequestDays))
	if c.HearingRight {
		doc.Para(fmt.Sprintf("根据《中华人民共和国行政处罚法》第六十三条、第六十四条的规定，当事人有权要求听证。"+
			"要求听证的，应当在收到本告知书之日起%d个工作日内提出；逾期未提出的，视为放弃听证权利。听证不收取费用。", x.HearingRequestDays))
	}
	doc.Para("逾期未提出陈述、申辩或者要求听证的，视为放弃上述权利。")
	doc.Space(12)
	doc.Right(x.Agency)
	doc.Right("（印章）")
	if c.NoticeOn != nil {
		doc.Right(chineseDate(*c.NoticeOn))
	}
	if x.AgencyAddress != "" || x.AgencyPhone != "" {
		doc.Space(6)
		doc.Line("本机关地址：" + x.AgencyAddress + "　联系电话：" + x.AgencyPhone)
	}
	return doc.Bytes()
}
