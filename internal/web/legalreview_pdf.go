package web

// The opinion document of a review round (重大执法决定法制审核意见书), as
// PDF: the case, the grounds for review, the itemised checklist with the
// reviewer's findings, and the verdict.

import (
	"fmt"
	"net/http"
	"strconv"

	"fazhi/internal/apperr"
	"fazhi/internal/legalreview"
	"fazhi/internal/pdf"
)

// opinionDocument lays out the opinion of round rd of review rv.
func opinionDocument(rv legalreview.Submission, rd legalreview.Round) []byte {
	op := rd.Opinion
	d := pdf.New()
	d.SetTitle("重大执法决定法制审核意见书")
	d.Title("重大执法决定法制审核意见书")
	d.Subtitle(fmt.Sprintf("%s（第 %d 轮）", rv.Number, rd.Round))
	d.Space(4)
	d.Line("承办单位：" + rv.UnitName)
	d.Line("案件名称：" + rv.CaseTitle)
	if rv.CaseNumber != "" {
		d.Line("案件编号：" + rv.CaseNumber)
	}
	d.Line("送审日期：" + cnDate(rd.SubmittedOn))
	reviewer := op.Reviewer
	if rv.Invited && rv.ReviewerUnit != "" {
		reviewer += "（" + rv.ReviewerUnit + "，跨部门协同审核）"
	}
	d.Line("审核人员：" + reviewer)
	d.Heading("一、审核情形")
	for _, reason := range rv.Reasons {
		d.Para(reason + "。")
	}
	d.Para("依据《中华人民共和国行政处罚法》第五十八条，本案在作出决定前应当进行法制审核；未经法制审核或者审核未通过的，不得作出决定。")
	d.Heading("二、审核内容")
	rows := make([][]string, len(op.Findings))
	for i, f := range op.Findings {
		verdict, comment := "符合", f.Comment
		if !f.OK {
			verdict = "存在问题"
		}
		if comment == "" {
			comment = "—"
		}
		rows[i] = []string{strconv.Itoa(i + 1), f.Item.Label(), verdict, comment}
	}
	d.Table([]string{"序号", "审核事项", "结论", "具体意见"}, rows, []float64{14, 62, 24, 56})
	d.Heading("三、审核意见")
	verdict := "审核结论：" + op.Conclusion.Label() + "。"
	if op.Summary != "" {
		verdict += op.Summary
	}
	d.Para(verdict)
	if !op.Passed() {
		d.Para("请承办机构针对上述问题补正后重新提交审核；对审核意见有异议的，可提请机关负责人集体讨论决定。")
	}
	d.Space(10)
	d.Right("审核人员：" + op.Reviewer)
	d.Right(rv.UnitName + "（法制审核机构）")
	d.Right(cnDate(op.GivenOn))
	return d.Bytes()
}

// handleLROpinionPDF sends the opinion of a round (the latest with one
// when round is not given).
func (s *Server) handleLROpinionPDF(w http.ResponseWriter, r *http.Request) error {
	rv, _, err := s.visibleReview(r)
	if err != nil {
		return err
	}
	rounds, err := s.store.ReviewRounds(r.Context(), rv.ID)
	if err != nil {
		return err
	}
	want := int(queryInt(r, "round"))
	var found *legalreview.Round
	for i := range rounds {
		if rounds[i].Opinion != nil && (want == 0 || rounds[i].Round == want) {
			found = &rounds[i]
		}
	}
	if found == nil {
		return apperr.New(apperr.NotFound, "该轮尚未出具审核意见")
	}
	return servePDF(w, fmt.Sprintf("法制审核意见书-%s-第%d轮", rv.Number, found.Round), opinionDocument(rv, *found))
}
