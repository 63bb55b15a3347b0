package disclosure

import (
	"strings"
	"testing"
	"time"

	"fazhi/internal/ident"
)

var (
	idAdult  = ident.MakeResidentID("330282", time.Date(1985, 4, 12, 0, 0, 0, 0, time.UTC), 123)
	idOther  = ident.MakeResidentID("330282", time.Date(1990, 1, 1, 0, 0, 0, 0, time.UTC), 8)
	idLegacy = "330282850412123" // 15 digits, born 1985-04-12
	// company is a valid credit code of an enterprise (all digits after the prefix).
	company = mustCode("91330282" + "MA2H8X5Q" + "1")
)

func mustCode(first17 string) string {
	c, err := ident.MakeCreditCode(first17)
	if err != nil {
		panic(err)
	}
	return c
}

// fullWidth writes s with full-width digits and letters, as a Chinese IME does.
func fullWidth(s string) string {
	return strings.Map(func(r rune) rune {
		if r > ' ' && r < 127 {
			return r + 0xFEE0
		}
		return r
	}, s)
}

// spaced puts a space between every character.
func spaced(s string) string { return strings.Join(strings.Split(s, ""), " ") }

func TestMaskGolden(t *testing.T) {
	stars := func(n int) string { return strings.Repeat("*", n) }
	party := Record{PartyName: "张建国", PartyCategory: Person, PartyIDType: ResidentIDCard, PartyID: idAdult}
	org := Record{PartyName: "慈溪市鑫源电器有限公司", PartyCategory: Organisation, CreditCode: company, LegalRep: "王海峰",
		RegistrationNo: "330282000012345"}
	for _, tc := range []struct {
		name string
		rec  Record
		in   string
		want string
	}{
		{"ID number", party, "当事人张建国，公民身份号码" + idAdult + "，于2024年3月销售", "当事人张建国，公民身份号码" + stars(18) + "，于2024年3月销售"},
		{"ID with lower-case x", party, "身份证号11010519491231002x。", "身份证号" + stars(18) + "。"},
		{"full-width ID", party, "身份证号" + fullWidth(idOther) + "，", "身份证号" + stars(18) + "，"},
		{"spaced ID", party, "身份证号 " + idOther[:6] + " " + idOther[6:14] + " " + idOther[14:] + "。", "身份证号 " + stars(18) + "。"},
		{"every digit spaced", party, "证号" + spaced(idOther) + "的", "证号" + stars(18) + "的"},
		{"legacy 15-digit ID", party, "身份证" + idLegacy + "。", "身份证" + stars(15) + "。"},
		{"ID with wrong check digit is still an ID", party, "身份证号330282198504121239。", "身份证号" + stars(18) + "。"},
		{"mobile", party, "联系电话13805741234，", "联系电话" + stars(11) + "，"},
		{"mobile grouped", party, "手机 138 0574 1234 ，", "手机 " + stars(11) + " ，"},
		{"mobile hyphens full-width", party, "电话：" + fullWidth("138-0574-1234"), "电话：" + stars(11)},
		{"mobile +86", party, "电话+86 13805741234", "电话+" + stars(13)},
		{"landline", party, "座机0574-63001234。", "座机" + stars(12) + "。"},
		{"short landline after phone word", party, "电话63001234。", "电话" + stars(8) + "。"},
		{"bank card", party, "转入其银行卡6222021234567890123。", "转入其银行卡" + stars(19) + "。"},
		{"bank card grouped", party, "账号6222 0212 3456 7890 123，", "账号" + stars(19) + "，"},
		{"bank card full-width", party, "账户" + fullWidth("6217000010012345678") + "。", "账户" + stars(19) + "。"},
		{"home address", party, "男，汉族，住慈溪市浒山街道孙塘北路88弄12号301室，现", "男，汉族，住***，现"},
		{"address right after the party", party, "当事人住慈溪市浒山街道孙塘北路88号，驾驶", "当事人住***，驾驶"},
		{"household address", party, "户籍地址：浙江省慈溪市周巷镇兴业村3组15号。", "户籍地址：***。"},
		{"other person after role", party, "证人王小明称其于当日购买", "证人王某某称其于当日购买"},
		{"other persons in a list", party, "员工李四、赵丽华和钱五均在场", "员工李某、赵某某和钱某均在场"},
		{"other person later without role", party, "消费者周婷反映…周婷提供了票据", "消费者周某反映…周某提供了票据"},
		{"name before particulars", party, "经查，王小明（身份证号" + idOther + "）", "经查，王某某（身份证号" + stars(18) + "）"},
		{"compound surname", party, "证人欧阳明华称", "证人欧阳某某称"},
		{"party's own name stays", party, "当事人张建国，男，1985年出生", "当事人张建国，男，1985年出生"},
		{"already masked name stays", party, "证人张某某称", "证人张某某称"},
		{"function-word surname is not a name", party, "工作人员于现场检查", "工作人员于现场检查"},
		{"unit names are not addresses", party, "慈溪市住房和城乡建设局", "慈溪市住房和城乡建设局"},
		{"amounts and dates stay", party, "罚款人民币50000元，2024-03-01决定，第12条", "罚款人民币50000元，2024-03-01决定，第12条"},
		{"decision number stays", party, "慈市监罚〔2024〕123号", "慈市监罚〔2024〕123号"},
		{"party's credit code stays", org, "统一社会信用代码" + company + "，", "统一社会信用代码" + company + "，"},
		{"registration number stays", org, "注册号330282000012345", "注册号330282000012345"},
		{"own registration number stays without context", org, "（330282000012345）", "（330282000012345）"},
		{"licence number stays", org, "食品经营许可证JY13302820012345", "食品经营许可证JY13302820012345"},
		{"legal representative stays", org, "法定代表人王海峰，", "法定代表人王海峰，"},
		{"organisation's bank account is masked", org, "开户账号33001234567890123456。", "开户账号" + stars(20) + "。"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			rec := tc.rec
			rec.Facts = tc.in
			if got := Mask(DefaultPolicy, rec).Facts; got != tc.want {
				t.Errorf("\n in: %s\ngot: %s\nwant: %s", tc.in, got, tc.want)
			}
		})
	}
}

func TestMaskDeclaredOthersAndPolicy(t *testing.T) {
	r := Record{PartyName: "张建国", PartyCategory: Person, OtherPersons: []string{"陈某人", "沈佳"},
		Facts: "张建国与沈佳合伙经营，陈某人知情。电话13805741234。"}
	got := Mask(DefaultPolicy, r)
	if want := "张建国与沈某合伙经营，陈某某知情。电话" + strings.Repeat("*", 11) + "。"; got.Facts != want {
		t.Errorf("declared names: %s, want %s", got.Facts, want)
	}
	if got.PartyName != "张建国" {
		t.Errorf("party name %q, the Zhejiang list keeps it", got.PartyName)
	}
	strict := DefaultPolicy
	strict.PartyName = true
	got = Mask(strict, r)
	if got.PartyName != "张某某" || strings.Contains(got.Facts, "张建国") {
		t.Errorf("party name masked policy: %q / %s", got.PartyName, got.Facts)
	}
	none := Policy{}
	if got := Mask(none, r); got.Facts != r.Facts {
		t.Errorf("empty policy changed the text: %s", got.Facts)
	}
}

func TestParsePolicy(t *testing.T) {
	p, err := ParsePolicy("身份证件号码、联系电话，银行账号;家庭住址 其他自然人姓名")
	if err != nil || p != DefaultPolicy {
		t.Fatalf("ParsePolicy = %+v, %v", p, err)
	}
	if back, _ := ParsePolicy(p.String()); back != p {
		t.Errorf("round trip %q → %+v", p.String(), back)
	}
	if _, err := ParsePolicy("身份证件号码、健康状况"); err == nil || !strings.Contains(err.Error(), "健康状况") {
		t.Errorf("unknown item accepted: %v", err)
	}
}

func TestMaskName(t *testing.T) {
	for in, want := range map[string]string{"张三": "张某", "王小明": "王某某", "欧阳明华": "欧阳某某", "欧阳": "欧某", "李": "李某"} {
		if got := MaskName(in); got != want {
			t.Errorf("MaskName(%s) = %s, want %s", in, got, want)
		}
	}
}

func TestFindNames(t *testing.T) {
	got := FindNames("证人王五称，员工李小红、赵六在场；顾客投诉；学生会；负责人员；吴刚（男，1980年出生）")
	want := []string{"王五", "李小红", "赵六", "吴刚"}
	if strings.Join(got, ",") != strings.Join(want, ",") {
		t.Errorf("FindNames = %v, want %v", got, want)
	}
}
