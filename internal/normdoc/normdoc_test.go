package normdoc

import (
	"archive/zip"
	"bytes"
	"strings"
	"testing"

	"fazhi/internal/account"
	"fazhi/internal/apperr"
	"fazhi/internal/calendar"
	"fazhi/internal/workflow"
)

func day(s string) calendar.Date {
	d, err := calendar.ParseDate(s)
	if err != nil {
		panic(err)
	}
	return d
}

func dp(s string) *calendar.Date { d := day(s); return &d }

func TestParseDocNumber(t *testing.T) {
	for _, tc := range []struct{ in, want, err string }{
		{"慈政发〔2017〕12号", "慈政发〔2017〕12号", ""},
		{"慈政发[2017]12号", "慈政发〔2017〕12号", ""},
		{"慈政发【2017】12号", "慈政发〔2017〕12号", ""},
		{"慈政发（2017）12号", "慈政发〔2017〕12号", ""},
		{"慈政发(2017)12号", "慈政发〔2017〕12号", ""},
		{"慈政发［２０１７］１２号", "慈政发〔2017〕12号", ""},
		{" 慈政办发 〔2017〕 第088号 ", "慈政办发〔2017〕88号", ""},
		{"慈政发〔2017〕12", "慈政发〔2017〕12号", ""},
		{"国办发〔2018〕37号", "国办发〔2018〕37号", ""},
		{"浙政办发〔2016〕3号", "浙政办发〔2016〕3号", ""},
		{"", "", "文号为空"},
		{"慈政发2017年12号", "", "格式不对"},
		{"〔2017〕12号", "", "格式不对"},
		{"慈政发〔17〕12号", "", "格式不对"},
		{"慈政发〔2017〕0号", "", "序号应为正整数"},
		{"慈政发〔1800〕3号", "", "不是有效年份"},
		{"慈政发〔2017〕十二号", "", "格式不对"},
	} {
		got, err := NormalizeDocNumber(tc.in)
		if tc.err != "" {
			if err == nil || !strings.Contains(err.Error(), tc.err) {
				t.Errorf("%q: err %v, want %q", tc.in, err, tc.err)
			}
			continue
		}
		if err != nil || got != tc.want {
			t.Errorf("%q = %q, %v; want %q", tc.in, got, err, tc.want)
		}
	}
	n, _ := ParseDocNumber("慈政办发〔2017〕88号")
	if n.Agency != "慈政办发" || n.Year != 2017 || n.Seq != 88 {
		t.Errorf("parts: %+v", n)
	}
}

func TestFormatRegNumber(t *testing.T) {
	got, err := FormatRegNumber("CXSG—{年}—{序号}", 2017, 9)
	if err != nil || got != "CXSG—2017—9" {
		t.Errorf("got %q %v", got, err)
	}
	if _, err := FormatRegNumber("CXSG-{年}", 2017, 9); err == nil {
		t.Error("a format without a serial must be refused")
	}
}

func TestValidity(t *testing.T) {
	for _, tc := range []struct {
		title string
		key   string
	}{
		{"慈溪市城市道路管理办法", "normdoc.validity"},
		{"慈溪市农村宅基地管理暂行办法", "normdoc.validity_provisional"},
		{"慈溪市居住证积分管理试行规定", "normdoc.validity_provisional"},
	} {
		if got := ValidityRuleKey(tc.title); got != tc.key {
			t.Errorf("%s: %s, want %s", tc.title, got, tc.key)
		}
	}
	for _, tc := range []struct {
		from  string
		years int
		want  string
	}{
		{"2017-10-01", 5, "2022-09-30"},
		{"2016-02-29", 2, "2018-02-27"}, // 29 Feb + 2 years clamps to 28 Feb, minus a day
		{"2017-01-01", 2, "2018-12-31"},
	} {
		if got := Expiry(day(tc.from), tc.years); got != day(tc.want) {
			t.Errorf("Expiry(%s, %d) = %s, want %s", tc.from, tc.years, got, tc.want)
		}
	}
	if got := EvaluationFrom(day("2022-09-30"), 6); got != day("2022-04-01") {
		t.Errorf("evaluation from = %s", got)
	}
	if got := EvaluationFrom(day("2023-08-30"), 6); got != day("2023-02-28") {
		t.Errorf("evaluation from (clamped) = %s", got)
	}
}

func TestStatusAtAndLedger(t *testing.T) {
	dates := Dates{PublishedOn: dp("2015-03-01"), EffectiveOn: dp("2015-04-01")}
	effects := []Effect{
		{ID: 3, Kind: Repeal, EffectiveOn: day("2019-01-01"), Result: Abolished},
		{ID: 1, Kind: Amend, EffectiveOn: day("2016-05-01"), Result: Amended},
		{ID: 2, Kind: Suspend, EffectiveOn: day("2017-01-01"), Result: Suspended},
		{ID: 4, Kind: Resume, EffectiveOn: day("2017-06-01"), Result: InForce},
	}
	effects[3].EffectiveOn = day("2017-06-01")
	for _, tc := range []struct {
		on   string
		want Status
	}{
		{"2015-02-28", Unpublished}, {"2015-03-01", Pending}, {"2015-03-31", Pending}, {"2015-04-01", InForce},
		{"2016-04-30", InForce}, {"2016-05-01", Amended}, {"2017-01-01", Suspended}, {"2017-06-01", InForce},
		{"2018-12-31", InForce}, {"2019-01-01", Abolished}, {"2026-01-01", Abolished},
	} {
		if got := StatusAt(dates, effects, day(tc.on)); got != tc.want {
			t.Errorf("on %s: %s, want %s", tc.on, got, tc.want)
		}
	}
	if err := CheckLedger(dates, effects); err != nil {
		t.Errorf("a sound ledger refused: %v", err)
	}
	tl := Timeline(dates, effects)
	if len(tl) != 6 || tl[0].Status != Pending || tl[1].Event != "施行" || tl[5].Status != Abolished {
		t.Errorf("timeline: %+v", tl)
	}
	for _, tc := range []struct {
		name  string
		extra Effect
		kind  apperr.Kind
	}{
		{"after a final status", Effect{ID: 9, Kind: Amend, EffectiveOn: day("2020-01-01"), Result: Amended}, apperr.Conflict},
		{"before entry into force", Effect{ID: 9, Kind: Repeal, EffectiveOn: day("2015-03-15"), Result: Abolished}, apperr.Invalid},
		{"resume without suspension", Effect{ID: 9, Kind: Resume, EffectiveOn: day("2016-01-01"), Result: InForce}, apperr.Conflict},
		{"unknown kind", Effect{ID: 9, Kind: "vanish", EffectiveOn: day("2016-01-01")}, apperr.Invalid},
	} {
		err := CheckLedger(dates, append(effects, tc.extra))
		if apperr.KindOf(err) != tc.kind {
			t.Errorf("%s: %v, want kind %d", tc.name, err, tc.kind)
		}
	}
	if err := CheckLedger(Dates{}, effects[:1]); err == nil {
		t.Error("effects on an unpublished document must be refused")
	}
}

func TestVocabulary(t *testing.T) {
	inForce := StatusesWhere(func(d StatusDef) bool { return d.InForce })
	if len(inForce) != 2 || inForce[0] != InForce || inForce[1] != Amended {
		t.Errorf("in force: %v", inForce)
	}
	for _, e := range Effects {
		if e.Result.Label() == string(e.Result) {
			t.Errorf("effect %s leads to an unknown status", e.Kind)
		}
		for _, from := range e.From {
			if from.Def().Final {
				t.Errorf("effect %s follows the final status %s", e.Kind, from)
			}
		}
	}
	for _, o := range Outcomes {
		if o.Effect != "" {
			if _, ok := o.Effect.Def(); !ok {
				t.Errorf("outcome %s writes unknown effect %s", o.Value, o.Effect)
			}
		}
	}
}

func TestLifecycle(t *testing.T) {
	if err := Lifecycle.Validate(); err != nil {
		t.Fatal(err)
	}
	clerk := account.Actor{UserID: 1, UnitID: 5, Roles: []account.Role{account.Clerk}}
	other := account.Actor{UserID: 2, UnitID: 6, Roles: []account.Role{account.Clerk}}
	office := account.Actor{UserID: 3, UnitID: 9, Roles: []account.Role{account.LegalOffice}}
	leader := account.Actor{UserID: 4, UnitID: 5, Roles: []account.Role{account.Leader}}
	at := func(st string) workflow.Item { return workflow.Item{UnitID: 5, State: st} }
	for _, tc := range []struct {
		name  string
		state string
		tr    string
		actor account.Actor
		in    any
		kind  apperr.Kind // 0 = allowed
	}{
		{"clerk submits", StDrafting, TrSubmit, clerk, nil, 0},
		{"other unit's clerk", StDrafting, TrSubmit, other, nil, apperr.Forbidden},
		{"clerk cannot pass the review", StReview, TrPass, clerk, nil, apperr.Forbidden},
		{"office passes", StReview, TrPass, office, nil, 0},
		{"no deliberation without review", StDrafting, TrDeliberate, clerk, nil, apperr.Conflict},
		{"leader signs with a number", StSigning, TrSign, leader, RegisterInput{Number: "慈市监〔2026〕3号"}, 0},
		{"signing needs a number", StSigning, TrSign, leader, RegisterInput{}, apperr.Invalid},
		{"clerk cannot sign", StSigning, TrSign, clerk, RegisterInput{Number: "慈市监〔2026〕3号"}, apperr.Forbidden},
		{"office registers", StSigned, TrRegister, office, RegisterInput{Number: "慈市监〔2026〕3号"}, 0},
		{"publishing needs an effective date", StRegistered, TrPublish, clerk, PublishInput{}, apperr.Invalid},
		{"clerk publishes", StRegistered, TrPublish, clerk, PublishInput{HasEffectiveDate: true}, 0},
		{"office files", StPublished, TrFile, office, nil, 0},
		{"ledger transitions are not for staff", StFiled, string(Repeal), office, nil, apperr.Forbidden},
	} {
		_, err := Lifecycle.Check(at(tc.state), tc.tr, tc.actor, "", tc.in)
		if tc.kind == 0 && err != nil {
			t.Errorf("%s: %v", tc.name, err)
		}
		if tc.kind != 0 && apperr.KindOf(err) != tc.kind {
			t.Errorf("%s: %v, want kind %d", tc.name, err, tc.kind)
		}
	}
	if _, err := Lifecycle.Check(at(StReview), TrReturn, office, "", nil); apperr.KindOf(err) != apperr.Invalid {
		t.Errorf("returning without a reason: %v", err)
	}
	for _, e := range Effects {
		if !IsLedgerTransition(string(e.Kind)) {
			t.Errorf("%s is not a ledger transition", e.Kind)
		}
		if _, ok := Lifecycle.Transition(string(e.Kind)); !ok {
			t.Errorf("effect %s has no lifecycle transition", e.Kind)
		}
	}
	if StateFor(InForce, StPublished) != StPublished || StateFor(Abolished, StFiled) != "abolished" || StateFor(InForce, "amended") != StFiled {
		t.Error("StateFor")
	}
}

func TestPrepareDocument(t *testing.T) {
	d := Document{Title: " 慈溪市城市道路管理办法 ", Number: "慈政发[2017]12号", LeadUnitID: 1,
		Issuers:    []Issuer{{UnitID: 3}, {UnitID: 1}, {UnitID: 3}},
		ReformTags: []string{"approval, investment", "approval"}, PublishedOn: dp("2017-02-01"), EffectiveOn: dp("2017-03-01")}
	if err := d.Prepare(); err != nil {
		t.Fatal(err)
	}
	if d.Title != "慈溪市城市道路管理办法" || d.Number != "慈政发〔2017〕12号" {
		t.Errorf("tidied: %q %q", d.Title, d.Number)
	}
	if len(d.Issuers) != 2 || !d.Issuers[0].Lead || d.Issuers[0].UnitID != 1 || d.Issuers[1].UnitID != 3 {
		t.Errorf("issuers: %+v", d.Issuers)
	}
	if strings.Join(d.ReformTags, ",") != "approval,investment" {
		t.Errorf("tags: %v", d.ReformTags)
	}
	bad := Document{Number: "慈政发2017-12", EffectiveOn: dp("2017-01-01"), PublishedOn: dp("2017-02-01"),
		ReformTags: []string{"nonsense"}, PublicationURL: "www.cixi.gov.cn"}
	err := bad.Prepare()
	for _, field := range []string{"title", "number", "lead_unit_id", "effective_on", "reform_tags", "publication_url"} {
		if !apperr.Fields(apperr.FieldsOf(err)).Has(field) {
			t.Errorf("no error on %s: %v", field, err)
		}
	}
}

func TestProposalAndReview(t *testing.T) {
	for _, tc := range []struct {
		name  string
		p     Proposal
		state ItemState
		field string
		kind  apperr.Kind
	}{
		{"continue needs nothing", Proposal{Outcome: Continue}, Awaiting, "", 0},
		{"abolish needs a reason", Proposal{Outcome: AbolishIt}, Awaiting, "reason", apperr.Invalid},
		{"abolish with reason", Proposal{Outcome: AbolishIt, Reason: "approval"}, Returned, "", 0},
		{"superior law names the clause", Proposal{Outcome: AmendIt, Reason: "superior_law"}, Awaiting, "clause", apperr.Invalid},
		{"other is explained", Proposal{Outcome: DeclareItVoid, Reason: "other"}, Awaiting, "detail", apperr.Invalid},
		{"unknown outcome", Proposal{Outcome: "burn"}, Awaiting, "outcome", apperr.Invalid},
		{"a resubmission before review", Proposal{Outcome: Continue}, Submitted, "", 0},
		{"approved is final", Proposal{Outcome: Continue}, Approved, "", apperr.Conflict},
	} {
		err := tc.p.Check(tc.state)
		if apperr.KindOf(err) != tc.kind && !(tc.kind == 0 && err == nil) {
			t.Errorf("%s: %v", tc.name, err)
		}
		if tc.field != "" && !apperr.Fields(apperr.FieldsOf(err)).Has(tc.field) {
			t.Errorf("%s: no error on %s: %v", tc.name, tc.field, err)
		}
	}
	if err := CheckReview(Submitted, false, " "); !apperr.Fields(apperr.FieldsOf(err)).Has("comment") {
		t.Errorf("return without comment: %v", err)
	}
	if err := CheckReview(Awaiting, true, ""); apperr.KindOf(err) != apperr.Conflict {
		t.Errorf("review of an awaiting item: %v", err)
	}
	if err := CheckReview(Submitted, true, ""); err != nil {
		t.Errorf("approve: %v", err)
	}
	c := Campaign{State: Open, LaunchedOn: dp("2017-07-10")}
	if err := CheckDecision(c, 2, "慈政发〔2017〕80号", day("2017-09-28")); apperr.KindOf(err) != apperr.Conflict {
		t.Errorf("decision with pending items: %v", err)
	}
	if err := CheckDecision(c, 0, "慈政发2017", day("2017-07-01")); len(apperr.FieldsOf(err)) != 2 {
		t.Errorf("bad decision: %v", err)
	}
	if err := CheckDecision(c, 0, "慈政发〔2017〕80号", day("2017-09-28")); err != nil {
		t.Errorf("good decision: %v", err)
	}
}

func TestCampaignPrepare(t *testing.T) {
	c := Campaign{Name: "x", Kind: Special, Scope: Scope{AsOf: day("2017-07-01")}, Deadline: day("2017-06-01"), Basis: "慈政办发[2017]88号"}
	err := c.Prepare()
	for _, field := range []string{"deadline"} {
		if !apperr.Fields(apperr.FieldsOf(err)).Has(field) {
			t.Errorf("no error on %s: %v", field, err)
		}
	}
	if c.Basis != "慈政办发〔2017〕88号" {
		t.Errorf("basis %q", c.Basis)
	}
	c.Deadline, c.Scope.ReformTags = day("2017-08-31"), []string{"approval"}
	if err := c.Prepare(); err != nil {
		t.Error(err)
	}
	if !strings.Contains(c.Scope.Describe(), "涉及行政审批制度改革") {
		t.Errorf("describe: %s", c.Scope.Describe())
	}
}

func TestAssign(t *testing.T) {
	units := map[int64]UnitNode{
		1: {ID: 1, Name: "市政府"},
		2: {ID: 2, Name: "法制办", SuccessorID: 3, AbolishedOn: dp("2019-03-01")},
		3: {ID: 3, Name: "司法局"},
		4: {ID: 4, Name: "旧局", SuccessorID: 5, AbolishedOn: dp("2019-03-01")},
		5: {ID: 5, Name: "中间局", SuccessorID: 6, AbolishedOn: dp("2021-01-01")},
		6: {ID: 6, Name: "新局"},
		7: {ID: 7, Name: "循环", SuccessorID: 7, AbolishedOn: dp("2019-01-01")},
	}
	for _, tc := range []struct {
		name  string
		doc   Document
		on    string
		unit  int64
		basis Basis
	}{
		{"made by a department", Document{LeadUnitID: 3}, "2020-01-01", 3, ByMaking},
		{"government document, implemented by a department", Document{LeadUnitID: 1, ImplementerID: 2}, "2017-07-01", 2, ByImplementation},
		{"implementer abolished: successor", Document{LeadUnitID: 1, ImplementerID: 2}, "2020-07-01", 3, BySuccession},
		{"chain of successors", Document{LeadUnitID: 4}, "2022-01-01", 6, BySuccession},
		{"chain as of an earlier day", Document{LeadUnitID: 4}, "2020-01-01", 5, BySuccession},
		{"a cycle does not hang", Document{LeadUnitID: 7}, "2020-01-01", 7, ByMaking},
	} {
		unit, basis := Assign(tc.doc, units, day(tc.on))
		if unit != tc.unit || basis != tc.basis {
			t.Errorf("%s: %d %s, want %d %s", tc.name, unit, basis, tc.unit, tc.basis)
		}
	}
}

func TestSniffAttachment(t *testing.T) {
	var docx bytes.Buffer
	zw := zip.NewWriter(&docx)
	w, _ := zw.Create("word/document.xml")
	w.Write([]byte("<w:document/>"))
	zw.Close()
	var plainZip bytes.Buffer
	zw = zip.NewWriter(&plainZip)
	w, _ = zw.Create("a.txt")
	w.Write([]byte("x"))
	zw.Close()
	for _, tc := range []struct {
		name, file string
		data       []byte
		ctype      string
		outName    string
	}{
		{"pdf", "正文.pdf", []byte("%PDF-1.7\n..."), PDFType, "正文.pdf"},
		{"pdf named wrong", "正文.doc", []byte("%PDF-1.4"), PDFType, "正文.pdf"},
		{"docx", `C:\文件\正文.docx`, docx.Bytes(), DOCXType, "正文.docx"},
		{"zip that is not a docx", "x.docx", plainZip.Bytes(), "", ""},
		{"exe named pdf", "x.pdf", []byte("MZ\x90\x00"), "", ""},
		{"empty", "x.pdf", nil, "", ""},
		{"too big", "x.pdf", append([]byte("%PDF-"), make([]byte, MaxAttachment)...), "", ""},
	} {
		ctype, name, err := SniffAttachment(tc.file, tc.data)
		if tc.ctype == "" {
			if err == nil || !apperr.Fields(apperr.FieldsOf(err)).Has("file") {
				t.Errorf("%s: accepted (%s)", tc.name, ctype)
			}
			continue
		}
		if err != nil || ctype != tc.ctype || name != tc.outName {
			t.Errorf("%s: %s %s %v", tc.name, ctype, name, err)
		}
	}
}
