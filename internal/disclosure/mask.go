package disclosure

// The masking policy (domain brief §4.4, Zhejiang list; §10.4): in the
// public view the ID numbers, home addresses, contact numbers and bank
// accounts of natural persons, and the names of natural persons other than
// the party, are hidden — also inside the free texts (facts, basis,
// content, licence, note), where clerks type them with full-width digits,
// spaces or hyphens between digit groups. What is masked is data: the rule
// disclosure.mask_public lists the items, and an administrator may add the
// party's own name.

import (
	"fmt"
	"sort"
	"strings"
	"time"
	"unicode"

	"fazhi/internal/ident"
)

// MaskItem is one kind of personal information the policy may hide, named
// as the rule table lists it.
type MaskItem string

const (
	MaskIDNumbers    MaskItem = "身份证件号码"
	MaskPhones       MaskItem = "联系电话"
	MaskBankAccounts MaskItem = "银行账号"
	MaskAddresses    MaskItem = "家庭住址"
	MaskOtherNames   MaskItem = "其他自然人姓名"
	MaskPartyName    MaskItem = "当事人姓名"
)

// MaskItems lists every item in the order the rule lists them.
var MaskItems = []MaskItem{MaskIDNumbers, MaskPhones, MaskBankAccounts, MaskAddresses, MaskOtherNames, MaskPartyName}

// Policy says what the public view hides.
type Policy struct {
	IDNumbers, Phones, BankAccounts, Addresses, OtherNames bool
	// PartyName hides a natural-person party's own name too (the Zhejiang
	// list does not: the penalised person is named).
	PartyName bool
}

// DefaultPolicy is the Zhejiang list (浙江省行政处罚结果信息网上公开暂行办法).
var DefaultPolicy = Policy{IDNumbers: true, Phones: true, BankAccounts: true, Addresses: true, OtherNames: true}

// ParsePolicy reads the rule value: items from MaskItems separated by 、，,；; or spaces.
func ParsePolicy(v string) (Policy, error) {
	var p Policy
	for _, item := range strings.FieldsFunc(v, func(r rune) bool { return strings.ContainsRune("、，,；; \n", r) }) {
		switch MaskItem(item) {
		case MaskIDNumbers:
			p.IDNumbers = true
		case MaskPhones:
			p.Phones = true
		case MaskBankAccounts:
			p.BankAccounts = true
		case MaskAddresses:
			p.Addresses = true
		case MaskOtherNames:
			p.OtherNames = true
		case MaskPartyName:
			p.PartyName = true
		default:
			names := make([]string, len(MaskItems))
			for i, m := range MaskItems {
				names[i] = string(m)
			}
			return p, fmt.Errorf("屏蔽项“%s”未知：应为 %s 之一", item, strings.Join(names, "、"))
		}
	}
	return p, nil
}

// String writes the policy as the rule value.
func (p Policy) String() string {
	var items []string
	for _, x := range []struct {
		on   bool
		item MaskItem
	}{{p.IDNumbers, MaskIDNumbers}, {p.Phones, MaskPhones}, {p.BankAccounts, MaskBankAccounts},
		{p.Addresses, MaskAddresses}, {p.OtherNames, MaskOtherNames}, {p.PartyName, MaskPartyName}} {
		if x.on {
			items = append(items, string(x.item))
		}
	}
	return strings.Join(items, "、")
}

// Mask computes the public text of r under p.
func Mask(p Policy, r Record) Masked {
	m := NewMasker(p, r)
	party := r.PartyName
	if p.PartyName && r.PartyCategory == Person {
		party = MaskName(party)
	}
	return Masked{PartyName: party, LegalRep: r.LegalRep, Facts: m.Text(r.Facts), Basis: m.Text(r.Basis),
		Content: m.Text(r.Content), Licence: m.Text(r.Licence), Note: m.Text(r.Note)}
}

// Masker masks the free texts of one record: it knows whose names may
// stay (the party, its legal representative) and which numbers are the
// party's own public codes.
type Masker struct {
	policy   Policy
	keepNums map[string]bool
	names    *strings.Replacer // other persons' names → 张某某; nil when none
	// Names are the other persons' names found or declared, longest first.
	Names []string
}

// NewMasker prepares the masking of r's texts under p: the names to hide
// are those declared in r.OtherPersons and those the texts reveal (after a
// role such as 证人 or 员工, or before an ID number or a sex).
func NewMasker(p Policy, r Record) *Masker {
	m := &Masker{policy: p, keepNums: map[string]bool{}}
	for _, code := range []string{r.CreditCode, r.RegistrationNo, r.OrgCode, r.TaxNo, r.InstitutionNo, r.SocialOrgNo} {
		if c := foldDigits(code); c != "" && r.PartyCategory != Person {
			m.keepNums[c] = true
		}
	}
	keep := map[string]bool{r.LegalRep: r.PartyCategory != Person}
	if !(p.PartyName && r.PartyCategory == Person) {
		keep[r.PartyName] = true
	}
	found := map[string]bool{}
	if p.OtherNames {
		for _, n := range r.OtherPersons {
			if n = strings.TrimSpace(n); n != "" {
				found[n] = true
			}
		}
		for _, text := range []string{r.Facts, r.Basis, r.Content, r.Licence, r.Note} {
			for _, n := range FindNames(text) {
				found[n] = true
			}
		}
	}
	if p.PartyName && r.PartyCategory == Person && r.PartyName != "" {
		found[r.PartyName] = true
	}
	for n := range found {
		if !keep[n] && n != "" {
			m.Names = append(m.Names, n)
		}
	}
	sort.Slice(m.Names, func(i, j int) bool {
		if a, b := len([]rune(m.Names[i])), len([]rune(m.Names[j])); a != b {
			return a > b
		}
		return m.Names[i] < m.Names[j]
	})
	if len(m.Names) > 0 {
		pairs := make([]string, 0, 2*len(m.Names))
		for _, n := range m.Names {
			pairs = append(pairs, n, MaskName(n))
		}
		m.names = strings.NewReplacer(pairs...)
	}
	return m
}

// Text masks one free text.
func (m *Masker) Text(s string) string {
	if s == "" {
		return s
	}
	out := s
	addresses := m.policy.Addresses && strings.ContainsAny(s, addressKeyStarts)
	numbers := (m.policy.IDNumbers || m.policy.Phones || m.policy.BankAccounts) && hasDigit(s)
	if addresses || numbers {
		rs := []rune(s)
		if addresses {
			rs = maskAddresses(rs)
		}
		if numbers {
			rs = m.maskNumbers(rs)
		}
		out = string(rs)
	}
	if m.names != nil {
		out = m.names.Replace(out)
	}
	return out
}

// ---------- names ----------

// compoundSurnames are two-character surnames: the mask keeps both.
var compoundSurnames = []string{"欧阳", "司马", "上官", "诸葛", "东方", "皇甫", "尉迟", "公孙", "慕容", "令狐", "长孙",
	"宇文", "司徒", "夏侯", "端木", "轩辕", "澹台", "南宫", "西门"}

// surnames are common single-character surnames, with Cixi's own (岑, 励,
// 劳, 裘…). Surnames that are also everyday function words (于, 向, 和…)
// are left out, so that "工作人员于现场…" is not taken for a name.
var surnames = map[rune]bool{}

func init() {
	for _, r := range "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡余杜叶程苏魏吕丁" +
		"任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔汤" +
		"岑励劳裘俞施应戚鲁华翁柴屠虞楼童舒孔诸茅娄单阮袁邬竺柯闻储芦洪倪葛麻褚" {
		surnames[r] = true
	}
}

// MaskName hides a person's name but the surname: 张三 → 张某, 欧阳明华 → 欧阳某某.
func MaskName(name string) string {
	rs := []rune(strings.TrimSpace(name))
	if len(rs) == 0 {
		return ""
	}
	keep := 1
	for _, c := range compoundSurnames {
		if strings.HasPrefix(string(rs), c) && len(rs) > 2 {
			keep = 2
			break
		}
	}
	return string(rs[:keep]) + strings.Repeat("某", max(len(rs)-keep, 1))
}

// roleMarkers precede the name of a natural person other than the party.
var roleMarkers = []string{
	"证人", "员工", "职工", "雇员", "店员", "营业员", "服务员", "收银员", "厨师", "驾驶员", "驾驶人", "司机", "消费者",
	"购买人", "购买者", "买受人", "顾客", "患者", "病人", "举报人", "投诉人", "受害人", "被害人", "房东", "出租人", "承租人",
	"租户", "业主", "股东", "监护人", "家属", "亲属", "邻居", "村民", "学生", "家长", "实际经营人", "实际控制人", "负责人",
	"工作人员", "委托代理人", "代理人", "法定代表人", "联系人", "经营者", "其父", "其母", "其妻", "其夫", "其子", "其女",
	"朋友", "同事", "姓名", "从业人员", "操作人员", "作业人员", "施工人员", "安全员", "质检员", "保管员", "会计", "出纳",
}

// followers may come right after a name: punctuation and the first
// characters of the predicates that follow a person in a decision (称,
// 反映, 提供, 证实, 陈述, 确认…). A name is read as the shortest one so
// followed, which fails only for the rare given name ending in one of them.
const followers = "，,。.；;：:、（()）\"“”'‘’！!？?《》 \t\n　称说于在等和与及系是为向到将已未从对把被因均也又所驾持经作曾共的了并即亦则就现当签" +
	"反提购证陈确承表告拒发报投指交出供讲介要请找帮带让叫问答坦"

// listJoiners join names in a list: 员工王五、李四和赵六.
const listJoiners = "、和与及"

// idMarkers follow a name that is given with the person's particulars.
var idMarkers = []string{"（身份证", "(身份证", "，身份证", ",身份证", "（公民身份号码", "(公民身份号码", "，公民身份号码",
	"（证件号", "，证件号", "（男", "(男", "（女", "(女", "，男，", "，女，", "，男,", "，女,"}

// FindNames returns the names of persons a text reveals: after a role
// (证人王五称…), in lists after a role (员工王五、李四), and right before
// particulars (王小明（身份证号…）, 李四，男，…). Names already masked
// (张某某) are skipped.
func FindNames(text string) []string {
	if text == "" {
		return nil
	}
	rs := []rune(text)
	var seen map[string]bool
	var out []string
	add := func(n string) {
		if seen == nil {
			seen = map[string]bool{}
		}
		if n != "" && !seen[n] {
			seen[n] = true
			out = append(out, n)
		}
	}
	for i, r := range rs {
		if r >= 0x10000 || !markerStart[r] {
			continue
		}
		for _, mr := range roleMarkerIndex[r] {
			if !hasRunes(rs, i, mr) {
				continue
			}
			j := i + len(mr)
			for j < len(rs) && strings.ContainsRune("：: 为是", rs[j]) && j-i-len(mr) < 2 {
				j++
			}
			for {
				n, end := nameAt(rs, j)
				if n == "" {
					break
				}
				add(n)
				if end < len(rs) && strings.ContainsRune(listJoiners, rs[end]) {
					j = end + 1
					continue
				}
				break
			}
		}
		for _, mr := range idMarkerIndex[r] {
			if hasRunes(rs, i, mr) {
				add(nameBefore(rs, i))
			}
		}
	}
	return out
}

// nameAt reads a name starting at i: a surname and one or two given
// characters followed by a follower (or the end). It prefers the shortest
// name that is properly followed. It returns the name and where it ends.
func nameAt(rs []rune, i int) (string, int) {
	if i >= len(rs) {
		return "", i
	}
	sur := surnameAt(rs, i)
	if sur == 0 {
		return "", i
	}
	for given := 1; given <= 2; given++ {
		end := i + sur + given
		if end > len(rs) {
			break
		}
		if !allNameChars(rs[i+sur : end]) {
			break
		}
		if end == len(rs) || strings.ContainsRune(followers, rs[end]) || !unicode.Is(unicode.Han, rs[end]) {
			return string(rs[i:end]), end
		}
	}
	return "", i
}

// nameBefore reads the name that ends right before position i: three
// characters when the first is a surname, else two.
func nameBefore(rs []rune, i int) string {
	for _, n := range []int{3, 2} {
		start := i - n
		if start < 0 {
			continue
		}
		sur := surnameAt(rs, start)
		if sur == 0 || sur >= n || !allNameChars(rs[start+sur:i]) {
			continue
		}
		return string(rs[start:i])
	}
	return ""
}

// surnameAt is the length of the surname starting at i (0: none).
func surnameAt(rs []rune, i int) int {
	if i+1 < len(rs) {
		two := string(rs[i : i+2])
		for _, c := range compoundSurnames {
			if two == c {
				return 2
			}
		}
	}
	if surnames[rs[i]] {
		return 1
	}
	return 0
}

// allNameChars reports whether rs could be a given name: Han characters,
// none of them a mask (某) or a function word that ends a clause.
func allNameChars(rs []rune) bool {
	for _, r := range rs {
		if !unicode.Is(unicode.Han, r) || strings.ContainsRune("某氏等人称说于在的了", r) {
			return false
		}
	}
	return true
}

// roleMarkerIndex and idMarkerIndex group the markers by their first
// character, so that a text is scanned once whatever the number of markers.
var roleMarkerIndex, idMarkerIndex = markerIndex(roleMarkers), markerIndex(idMarkers)

// markerStart marks the first characters of all markers: most characters
// of a text start none, and an array look-up rejects them cheaply.
var markerStart = func() *[0x10000]bool {
	var set [0x10000]bool
	for _, m := range append(append([]string{}, roleMarkers...), idMarkers...) {
		set[[]rune(m)[0]] = true
	}
	return &set
}()

func markerIndex(markers []string) map[rune][][]rune {
	idx := map[rune][][]rune{}
	for _, m := range markers {
		r := []rune(m)
		idx[r[0]] = append(idx[r[0]], r)
	}
	return idx
}

// hasRunes reports whether sub occurs in rs at i.
func hasRunes(rs []rune, i int, sub []rune) bool {
	if i+len(sub) > len(rs) {
		return false
	}
	for j, c := range sub {
		if rs[i+j] != c {
			return false
		}
	}
	return true
}

// ---------- addresses ----------

// addressKeys introduce a home address, longest first.
var addressKeys = [][]rune{
	[]rune("家庭住址"), []rune("家庭地址"), []rune("户籍所在地"), []rune("户籍地址"), []rune("居住地址"), []rune("现住址"),
	[]rune("户籍地"), []rune("居住地"), []rune("住址"), []rune("住所地"), []rune("住所"), []rune("家住"), []rune("现住"),
	[]rune("暂住"), []rune("居住于"), []rune("住"),
}

// addressKeyStarts are the first characters of addressKeys.
const addressKeyStarts = "家户居现住暂"

// addressMarkers: a text is an address only if it names a place.
const addressMarkers = "省市县区镇乡村路街道巷弄号幢室组栋楼单元苑"

// addressEnds end an address.
const addressEnds = "，,。；;）)】\n（("

// boundaries may precede the bare keyword 住 (so that 居住, 入住 are not
// taken for an address): punctuation, and 人/其 as in "当事人住…", "其住…".
const boundaries = "，,。；;、（( \n：:　人其"

func maskAddresses(rs []rune) []rune {
	out := make([]rune, 0, len(rs))
	for i := 0; i < len(rs); {
		key := addressKeyAt(rs, i)
		if key == 0 {
			out = append(out, rs[i])
			i++
			continue
		}
		j := i + key
		for j < len(rs) && j-(i+key) < 2 && strings.ContainsRune("：: 为在于　", rs[j]) {
			j++
		}
		end := j
		for end < len(rs) && end-j < 60 && !strings.ContainsRune(addressEnds, rs[end]) {
			end++
		}
		body := rs[j:end]
		out = append(out, rs[i:j]...)
		if len(body) >= 4 && strings.ContainsAny(string(body), addressMarkers) {
			out = append(out, []rune("***")...)
		} else {
			out = append(out, body...)
		}
		i = end
	}
	return out
}

func addressKeyAt(rs []rune, i int) int {
	if !strings.ContainsRune(addressKeyStarts, rs[i]) {
		return 0
	}
	for _, k := range addressKeys {
		if !hasRunes(rs, i, k) {
			continue
		}
		short := len(k) <= 2 && (k[len(k)-1] == '住')
		if short && i > 0 && !strings.ContainsRune(boundaries, rs[i-1]) {
			return 0
		}
		if short && i+len(k) < len(rs) && strings.ContainsRune("房宿院户址所宅建", rs[i+len(k)]) {
			return 0
		}
		return len(k)
	}
	return 0
}

// ---------- numbers ----------

// numberKind is what a run of digits was taken for.
type numberKind int

const (
	plainNumber numberKind = iota
	idNumber
	phoneNumber
	accountNumber
)

// separators may stand between digit groups of one number: 138 0000 0000,
// 0574-6300 1234, 330282 19900101 1234.
const separators = " -　－\u00a0"

// maskNumbers finds identifier-like digit runs (full-width digits folded,
// groups joined across single separators) and hides those the policy
// covers with one * per digit.
func (m *Masker) maskNumbers(rs []rune) []rune {
	out := make([]rune, 0, len(rs))
	for i := 0; i < len(rs); {
		if !isAlnum(fold(rs[i])) {
			out = append(out, rs[i])
			i++
			continue
		}
		end, group := readGroup(rs, i)
		if !numericGroup(group) {
			out = append(out, rs[i:end]...)
			i = end
			continue
		}
		digits := group
		// Groups join until the number is as long as an ID number: what
		// follows is another number ("…1234 2024年").
		for end+1 < len(rs) && len(digits) < 18 && strings.ContainsRune(separators, rs[end]) &&
			!strings.HasSuffix(digits, "X") && isDigit(fold(rs[end+1])) {
			next, g := readGroup(rs, end+1)
			if !numericGroup(g) {
				break
			}
			digits += g
			end = next
		}
		if m.hides(m.classify(digits, rs, i)) {
			out = append(out, []rune(strings.Repeat("*", len(digits)))...)
		} else {
			out = append(out, rs[i:end]...)
		}
		i = end
	}
	return out
}

func (m *Masker) hides(k numberKind) bool {
	switch k {
	case idNumber:
		return m.policy.IDNumbers
	case phoneNumber:
		return m.policy.Phones
	case accountNumber:
		return m.policy.BankAccounts
	}
	return false
}

// orgContexts name a number that belongs to an organisation (public).
var orgContexts = []string{"信用代码", "注册号", "机构代码", "税务登记", "许可证", "证书", "登记证", "批准文号", "文号", "案号", "备案号", "编号"}

// phoneContexts name a short number as a phone number.
var phoneContexts = []string{"电话", "手机", "联系方式", "座机", "联系", "tel", "Tel", "TEL"}

// classify decides what a run of digits (X only last) is, from its shape
// and the words just before it (start is where it begins in rs).
func (m *Masker) classify(d string, rs []rune, start int) numberKind {
	n := len(d)
	if m.keepNums[d] {
		return plainNumber
	}
	orgCtx := contextHas(rs, start, 12, orgContexts)
	switch {
	case n == 18 && plausibleBirth(d[6:14]):
		if orgCtx && ident.CheckCreditCode(d) == nil {
			return plainNumber
		}
		return idNumber
	case n == 18 && ident.CheckCreditCode(d) == nil:
		return plainNumber
	case n == 15 && digitsOnly(d) && plausibleBirth("19"+d[6:12]) && !orgCtx:
		return idNumber
	case strings.Contains(d, "X"):
		return plainNumber
	case n == 11 && d[0] == '1' && d[1] >= '3':
		return phoneNumber
	case n == 13 && strings.HasPrefix(d, "86") && d[2] == '1' && d[3] >= '3':
		return phoneNumber
	case n >= 10 && n <= 12 && d[0] == '0':
		return phoneNumber
	case (n == 7 || n == 8) && contextHas(rs, start, 6, phoneContexts):
		return phoneNumber
	case n >= 12 && n <= 30 && !orgCtx:
		return accountNumber
	}
	return plainNumber
}

// plausibleBirth reports whether s (YYYYMMDD) is a real date from 1900 to
// 2100: an 18-digit number with one is taken for an ID number even when
// its check digit is wrong (a typo does not make it less personal).
func plausibleBirth(s string) bool {
	t, err := time.Parse("20060102", s)
	return err == nil && t.Year() >= 1900 && t.Year() <= 2100
}

// contextHas reports whether one of words occurs in the window runes
// before start.
func contextHas(rs []rune, start, window int, words []string) bool {
	ctx := string(rs[max(0, start-window):start])
	for _, w := range words {
		if strings.Contains(ctx, w) {
			return true
		}
	}
	return false
}

// readGroup reads the alphanumeric run at i, folded to upper-case ASCII.
func readGroup(rs []rune, i int) (int, string) {
	var b strings.Builder
	for i < len(rs) {
		c := fold(rs[i])
		if !isAlnum(c) {
			break
		}
		b.WriteRune(unicode.ToUpper(c))
		i++
	}
	return i, b.String()
}

// numericGroup is a group of digits, of which the last may be X (an ID
// number's check character).
func numericGroup(g string) bool {
	for i, c := range g {
		if c >= '0' && c <= '9' || (c == 'X' && i == len(g)-1 && i > 0) {
			continue
		}
		return false
	}
	return g != ""
}

// fold maps full-width ASCII (digits and letters typed with a Chinese
// IME) to ASCII.
func fold(r rune) rune {
	if r >= '\uFF01' && r <= '\uFF5E' {
		return r - 0xFEE0
	}
	return r
}

func foldWidth(s string) string { return strings.Map(fold, s) }

// foldDigits folds a code for comparison with numbers found in text.
func foldDigits(s string) string {
	return strings.ToUpper(strings.Map(func(r rune) rune {
		r = fold(r)
		if strings.ContainsRune(separators, r) {
			return -1
		}
		return r
	}, strings.TrimSpace(s)))
}

// hasDigit reports whether s holds an ASCII or full-width digit.
func hasDigit(s string) bool {
	for _, r := range s {
		if isDigit(r) || (r >= '０' && r <= '９') {
			return true
		}
	}
	return false
}

func isAlnum(r rune) bool { return r < 128 && (isDigit(r) || unicode.IsLetter(r)) }
func isDigit(r rune) bool { return r >= '0' && r <= '9' }
