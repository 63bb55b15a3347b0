package enforcement

import "strings"

// ReviewRequired decides whether a case needs legal review (法制审核)
// before its decision (Art. 58). It is the one place that decides: the
// decision gate asks it, the store keeps its answer in review_required,
// and the legal-review issue extends it — its review catalog sets
// ReviewCatalog, or adds reasons to ReviewReasons.
func ReviewRequired(c Case) bool { return len(ReviewReasons(c)) > 0 }

// ReviewReasons lists why a case needs legal review, in Chinese.
func ReviewReasons(c Case) []string {
	var out []string
	if c.OutsideBenchmark {
		out = append(out, "拟作出的处罚超出裁量基准（减轻或者加重处罚）")
	}
	if c.HearingHeld {
		out = append(out, "涉及当事人重大权益，经过听证程序（第五十八条第一款第二项）")
	}
	if c.CollectiveRequired {
		out = append(out, "案件情况疑难复杂、须集体讨论（第五十八条第一款第三项）")
	}
	if c.ReviewCatalog {
		if len(c.ReviewCatalogReasons) > 0 {
			out = append(out, "属于本单位重大执法决定法制审核目录范围："+strings.Join(c.ReviewCatalogReasons, "；"))
		} else {
			out = append(out, "属于本单位重大执法决定法制审核目录范围")
		}
	}
	return out
}

// HearingThresholds are the Art. 63 amounts ("较大数额") for a party kind,
// from the rule table: fines, and confiscations of gains or property.
type HearingThresholds struct {
	Fine         Money
	Confiscation Money
}

// HearingRight decides whether the notice must state the right to a
// hearing (Art. 63): a large fine or confiscation by the thresholds, or a
// heavy penalty kind whatever the amount. The reason says which.
func HearingRight(c Case, t HearingThresholds) (bool, string) {
	for _, k := range SplitKinds(c.NoticeKinds) {
		if heavyKinds[k] {
			return true, "拟" + labelOf(PenaltyKinds, k)
		}
	}
	if t.Fine > 0 && c.NoticeFine >= t.Fine {
		return true, "拟处较大数额罚款（" + c.NoticeFine.String() + " 元，听证标准 " + t.Fine.String() + " 元）"
	}
	if t.Confiscation > 0 && c.NoticeConfiscation >= t.Confiscation {
		return true, "拟没收较大数额违法所得或非法财物（" + c.NoticeConfiscation.String() + " 元）"
	}
	return false, ""
}

// CrimeRisk reports a 以罚代刑 risk: the amount involved reaches the
// matter's crime threshold and the case ended without a transfer.
func CrimeRisk(c Case, m Matter) bool {
	return m.CrimeThreshold > 0 && c.AmountInvolved >= m.CrimeThreshold && c.Outcome != Transferred
}
