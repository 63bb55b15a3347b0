package store

// Writes of the registry and its effects ledger. As for certificates
// (certbatch.go), each write is a txWriter method, so that the Store
// method (its own transaction), a Bulk (the demo) and an import batch run
// the same validation, rows and audit events.

import (
	"context"
	"database/sql"
	"fmt"
	"math"
	"slices"
	"strings"

	"fazhi/internal/account"
	"fazhi/internal/apperr"
	"fazhi/internal/audit"
	"fazhi/internal/calendar"
	"fazhi/internal/normdoc"
	"fazhi/internal/sqldb"
	"fazhi/internal/workflow"
)

// CreateNormdoc registers a new document in drafting: its lifecycle
// starts on day on.
func (s *Store) CreateNormdoc(ctx context.Context, actor audit.Actor, d *normdoc.Document, on calendar.Date) error {
	return s.inTx(ctx, func(tx *sql.Tx) error { return s.writer(ctx, tx).createNormdoc(actor, d, on) })
}

// UpdateNormdoc stores changes to a document (d.Version is the version the
// user saw). Once signed, only the descriptive fields may change.
func (s *Store) UpdateNormdoc(ctx context.Context, actor audit.Actor, d *normdoc.Document, reason string) error {
	return s.inTx(ctx, func(tx *sql.Tx) error { return s.writer(ctx, tx).updateNormdoc(actor, d, reason) })
}

// FireInput is what lifecycle transitions may carry: the document number
// at signing, the effective date and address at publication.
type FireInput struct {
	Number         string
	EffectiveOn    *calendar.Date
	PublicationURL string
}

// FireNormdoc applies a lifecycle transition to a document on day on,
// with what the transition writes to the document: the number and signing
// day at signing, the registration number (三统一) at registration, the
// publication and effective days (and so the expiry) at publication.
// version is the lifecycle version the user saw.
func (s *Store) FireNormdoc(ctx context.Context, actor account.Actor, id int64, name string, version int, reason string,
	in FireInput, on calendar.Date) (normdoc.Document, error) {
	return inWriter(ctx, s, func(w *txWriter) (normdoc.Document, error) {
		return w.fireNormdoc(actor, id, name, version, reason, in, on)
	})
}

// RegisterExisting enters a document made before the platform — from an
// existing catalog — straight into force with its dates: registered,
// numbered (its own registration number, else the next of its publication
// year) and with its validity computed unless given.
func (s *Store) RegisterExisting(ctx context.Context, actor audit.Actor, d *normdoc.Document) error {
	return s.inTx(ctx, func(tx *sql.Tx) error { return s.writer(ctx, tx).registerExisting(actor, d) })
}

// AddEffect writes an effect to the ledger. The legal affairs office
// records amendments, repeals, replacements, suspensions and declarations
// of expiry; expiry itself is the validity engine's. When the effect
// applies by today the lifecycle follows at once; a later one the daily
// job catches up.
func (s *Store) AddEffect(ctx context.Context, actor audit.Actor, e *normdoc.Effect, today calendar.Date) error {
	return s.inTx(ctx, func(tx *sql.Tx) error { return s.writer(ctx, tx).addEffect(actor, e, today, false) })
}

// CreateNormdoc is Store.CreateNormdoc inside the bulk.
func (b *Bulk) CreateNormdoc(actor audit.Actor, d *normdoc.Document, on calendar.Date) error {
	return b.w.createNormdoc(actor, d, on)
}

// RegisterExisting is Store.RegisterExisting inside the bulk.
func (b *Bulk) RegisterExisting(actor audit.Actor, d *normdoc.Document) error {
	return b.w.registerExisting(actor, d)
}

// AddEffect is Store.AddEffect inside the bulk; system is true for the
// validity engine's expiries.
func (b *Bulk) AddEffect(actor audit.Actor, e *normdoc.Effect, today calendar.Date, system bool) error {
	return b.w.addEffect(actor, e, today, system)
}

// SyncLifecycle is the daily job's catch-up of one document inside the bulk.
func (b *Bulk) SyncLifecycle(docID int64, today calendar.Date) error {
	return b.w.syncLifecycle(audit.System, docID, today)
}

// checkDocUnits checks the units a document names and fills their names.
func (w *txWriter) checkDocUnits(d *normdoc.Document) error {
	var f apperr.Fields
	if d.LeadUnitID != 0 {
		if u, err := w.unit(d.LeadUnitID); err != nil {
			f.Add("lead_unit_id", "牵头制定单位", "所选单位不存在")
		} else {
			d.LeadUnitName, d.LeadUnitKind = u.Name, string(u.Kind)
		}
	}
	for i, is := range d.Issuers {
		u, err := w.unit(is.UnitID)
		if err != nil {
			f.Add("issuers", "联合制定单位", "所选单位不存在")
			continue
		}
		d.Issuers[i].Name = u.Name
	}
	if d.ImplementerID != 0 {
		if u, err := w.unit(d.ImplementerID); err != nil {
			f.Add("implementer_id", "组织实施单位", "所选单位不存在")
		} else {
			d.ImplementerName = u.Name
		}
	}
	return f.Err()
}

func (w *txWriter) createNormdoc(actor audit.Actor, d *normdoc.Document, on calendar.Date) error {
	_, err := w.insertNormdoc(actor, d, on, "")
	return err
}

// insertNormdoc validates and inserts d and starts its lifecycle on day
// on; a reason marks a document registered from an existing catalog.
func (w *txWriter) insertNormdoc(actor audit.Actor, d *normdoc.Document, on calendar.Date, reason string) (workflow.Item, error) {
	if err := d.Prepare(); err != nil {
		return workflow.Item{}, err
	}
	if err := w.checkDocUnits(d); err != nil {
		return workflow.Item{}, err
	}
	now := w.s.now()
	d.CreatedAt, d.UpdatedAt, d.Version, d.State = now, now, 1, normdoc.StDrafting
	err := w.q.QueryRowContext(w.ctx, `INSERT INTO normdocs (title, doc_number, reg_number, lead_unit_id, implementer_id,
		signed_on, published_on, effective_on, expiry_on, expiry_fixed, legal_basis, subjects, reform_tags, full_text,
		publication_url, version, created_at, updated_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, 1, $16, $16) RETURNING id`,
		d.Title, d.Number, nullStr(d.RegNumber), d.LeadUnitID, nullInt(d.ImplementerID), dateOrNil(d.SignedOn),
		dateOrNil(d.PublishedOn), dateOrNil(d.EffectiveOn), dateOrNil(d.ExpiryOn), d.ExpiryFixed, d.LegalBasis,
		strings.Join(d.Subjects, ","), strings.Join(d.ReformTags, ","), d.FullText, d.PublicationURL, now).Scan(&d.ID)
	if err != nil {
		return workflow.Item{}, docWriteError(err, d)
	}
	if err := w.insertIssuers(d); err != nil {
		return workflow.Item{}, err
	}
	if err := w.record(actor, normdoc.RecordKind, d.ID, audit.Create, reason, nil, d); err != nil {
		return workflow.Item{}, err
	}
	item := workflow.Item{RecordKind: normdoc.RecordKind, RecordID: d.ID, UnitID: d.LeadUnitID, Title: d.Title}
	return item, w.startItem(normdoc.Lifecycle, actor, &item, on)
}

func (w *txWriter) writeIssuers(d *normdoc.Document) error {
	if _, err := w.q.ExecContext(w.ctx, `DELETE FROM normdoc_issuers WHERE doc_id = $1`, d.ID); err != nil {
		return err
	}
	return w.insertIssuers(d)
}

func (w *txWriter) insertIssuers(d *normdoc.Document) error {
	for _, is := range d.Issuers {
		if _, err := w.q.ExecContext(w.ctx, `INSERT INTO normdoc_issuers (doc_id, unit_id, lead) VALUES ($1, $2, $3)`,
			d.ID, is.UnitID, is.Lead); err != nil {
			return err
		}
	}
	return nil
}

// docWriteError turns a duplicate number into a field error.
func docWriteError(err error, d *normdoc.Document) error {
	if !isUnique(err) {
		return err
	}
	var f apperr.Fields
	if strings.Contains(err.Error(), "reg_number") {
		f.Add("reg_number", "统一登记号", "已被其他文件使用："+d.RegNumber)
	} else {
		f.Add("number", "文号", "已被其他文件使用："+d.Number)
	}
	return f.Err()
}

// sameParticulars reports whether what is fixed once a document is signed
// is unchanged.
func sameParticulars(a, b normdoc.Document) bool {
	same := func(x, y *calendar.Date) bool { return (x == nil) == (y == nil) && (x == nil || *x == *y) }
	ids := func(d normdoc.Document) []int64 {
		var out []int64
		for _, is := range d.Issuers {
			out = append(out, is.UnitID)
		}
		return out
	}
	return a.Title == b.Title && a.Number == b.Number && a.LeadUnitID == b.LeadUnitID &&
		slices.Equal(ids(a), ids(b)) && same(a.SignedOn, b.SignedOn) && same(a.PublishedOn, b.PublishedOn) &&
		same(a.EffectiveOn, b.EffectiveOn) && same(a.ExpiryOn, b.ExpiryOn) && a.ExpiryFixed == b.ExpiryFixed
}

func (w *txWriter) updateNormdoc(actor audit.Actor, d *normdoc.Document, reason string) error {
	before, err := w.s.normdoc(w.ctx, w.q, d.ID)
	if err != nil {
		return err
	}
	if before.Version != d.Version {
		return conflict("规范性文件“" + before.Title + "”")
	}
	if err := d.Prepare(); err != nil {
		return err
	}
	if err := w.checkDocUnits(d); err != nil {
		return err
	}
	if !normdoc.Editable(before.State) && !sameParticulars(before, *d) {
		return normdoc.ErrNotEditable
	}
	d.RegNumber, d.State, d.CreatedAt, d.UpdatedAt = before.RegNumber, before.State, before.CreatedAt, w.s.now()
	if err := w.saveDoc(d); err != nil {
		return err
	}
	if before.LeadUnitID != d.LeadUnitID || before.Title != d.Title {
		if _, err := w.q.ExecContext(w.ctx, `UPDATE workflow_items SET unit_id = $1, title = $2 WHERE record_kind = $3 AND record_id = $4`,
			d.LeadUnitID, d.Title, normdoc.RecordKind, d.ID); err != nil {
			return err
		}
	}
	if err := w.writeIssuers(d); err != nil {
		return err
	}
	return w.record(actor, normdoc.RecordKind, d.ID, audit.Update, reason, before, d)
}

// saveDoc writes every column of d with the version check; d.Version
// becomes the new version.
func (w *txWriter) saveDoc(d *normdoc.Document) error {
	res, err := w.q.ExecContext(w.ctx, `UPDATE normdocs SET title=$1, doc_number=$2, reg_number=$3, lead_unit_id=$4,
		implementer_id=$5, signed_on=$6, published_on=$7, effective_on=$8, expiry_on=$9, expiry_fixed=$10, legal_basis=$11,
		subjects=$12, reform_tags=$13, full_text=$14, publication_url=$15, version=version+1, updated_at=$16
		WHERE id=$17 AND version=$18`,
		d.Title, d.Number, nullStr(d.RegNumber), d.LeadUnitID, nullInt(d.ImplementerID), dateOrNil(d.SignedOn),
		dateOrNil(d.PublishedOn), dateOrNil(d.EffectiveOn), dateOrNil(d.ExpiryOn), d.ExpiryFixed, d.LegalBasis,
		strings.Join(d.Subjects, ","), strings.Join(d.ReformTags, ","), d.FullText, d.PublicationURL, w.s.now(), d.ID, d.Version)
	if err != nil {
		return docWriteError(err, d)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return conflict("规范性文件“" + d.Title + "”")
	}
	d.Version++
	return nil
}

func (w *txWriter) fireNormdoc(actor account.Actor, id int64, name string, version int, reason string, in FireInput,
	on calendar.Date) (normdoc.Document, error) {
	if normdoc.IsLedgerTransition(name) {
		return normdoc.Document{}, apperr.New(apperr.Invalid, "效力变化（修改、废止、失效等）请在“效力变化”中登记")
	}
	d, err := w.s.normdoc(w.ctx, w.q, id)
	if err != nil {
		return d, err
	}
	it, err := w.s.item(w.ctx, w.q, normdoc.RecordKind, id)
	if err != nil {
		return d, err
	}
	if it.Version != version {
		return d, conflict("“" + it.Title + "”")
	}
	var input any
	switch name {
	case normdoc.TrSign:
		input = normdoc.RegisterInput{Number: firstNonEmpty(strings.TrimSpace(in.Number), d.Number)}
	case normdoc.TrRegister:
		input = normdoc.RegisterInput{Number: d.Number}
	case normdoc.TrPublish:
		input = normdoc.PublishInput{HasEffectiveDate: in.EffectiveOn != nil || d.EffectiveOn != nil}
	}
	t, err := normdoc.Lifecycle.Check(it, name, actor, reason, input)
	if err != nil {
		return d, err
	}
	before := d
	changed, err := w.applyFireInput(&d, name, in, on)
	if err != nil {
		return d, err
	}
	if changed {
		if err := w.saveDoc(&d); err != nil {
			return d, err
		}
		if err := w.record(actor.Audit(), normdoc.RecordKind, d.ID, audit.Update, t.Label, before, d); err != nil {
			return d, err
		}
	}
	if err := w.applyTransition(normdoc.Lifecycle, actor.Audit(), &it, t, reason, on); err != nil {
		return d, err
	}
	d.State = it.State
	return d, nil
}

func firstNonEmpty(vs ...string) string {
	for _, v := range vs {
		if v != "" {
			return v
		}
	}
	return ""
}

// applyFireInput writes what a transition records on the document; it
// reports whether the document changed.
func (w *txWriter) applyFireInput(d *normdoc.Document, name string, in FireInput, on calendar.Date) (bool, error) {
	switch name {
	case normdoc.TrSign:
		n, err := normdoc.NormalizeDocNumber(firstNonEmpty(strings.TrimSpace(in.Number), d.Number))
		if err != nil {
			return false, fieldErr("number", "文号", err.Error())
		}
		d.Number, d.SignedOn = n, &on
	case normdoc.TrRegister:
		reg, err := w.nextRegNumber(on)
		if err != nil {
			return false, err
		}
		d.RegNumber = reg
	case normdoc.TrPublish:
		if in.EffectiveOn != nil {
			d.EffectiveOn = in.EffectiveOn
		}
		if u := strings.TrimSpace(in.PublicationURL); u != "" {
			d.PublicationURL = u
		}
		d.PublishedOn = &on
		if err := d.Prepare(); err != nil {
			return false, err
		}
		if err := w.computeExpiry(d); err != nil {
			return false, err
		}
	default:
		return false, nil
	}
	return true, nil
}

func fieldErr(field, label, msg string) error {
	var f apperr.Fields
	f.Add(field, label, msg)
	return f.Err()
}

// nextRegNumber draws the next unified registration number of on's year in
// the format the rule table gives as of on.
func (w *txWriter) nextRegNumber(on calendar.Date) (string, error) {
	format, err := w.ruleAsOf("normdoc.registration_format", on)
	if err != nil {
		return "", err
	}
	// The row lock serialises registrations, as for certificate numbers.
	var seq int
	if err := w.q.QueryRowContext(w.ctx, `INSERT INTO number_sequences (name, year, last) VALUES ('normdoc', $1, 1)
		ON CONFLICT (name, year) DO UPDATE SET last = number_sequences.last + 1 RETURNING last`, on.Year).Scan(&seq); err != nil {
		return "", err
	}
	return normdoc.FormatRegNumber(format.Value, on.Year, seq)
}

// computeExpiry sets the last day of validity from the validity rule as
// of the effective day (暂行/试行 titles have their own), unless it was
// fixed by hand. Documents effective before any validity rule have none.
func (w *txWriter) computeExpiry(d *normdoc.Document) error {
	if d.ExpiryFixed || d.EffectiveOn == nil {
		return nil
	}
	years, err := w.validityYears(d.Title, *d.EffectiveOn)
	if err != nil {
		return err
	}
	if years == 0 {
		d.ExpiryOn = nil
		return nil
	}
	exp := normdoc.Expiry(*d.EffectiveOn, years)
	d.ExpiryOn = &exp
	return nil
}

// validityYears is the validity a document of title gets on day on; 0
// when no rule applies then.
func (w *txWriter) validityYears(title string, on calendar.Date) (int, error) {
	r, err := w.ruleAsOf(normdoc.ValidityRuleKey(title), on)
	if apperr.KindOf(err) == apperr.NotFound {
		return 0, nil
	}
	if err != nil {
		return 0, err
	}
	return r.Int()
}

func (w *txWriter) registerExisting(actor audit.Actor, d *normdoc.Document) error {
	d.RegNumber = strings.TrimSpace(d.RegNumber)
	f := apperr.Fields(apperr.FieldsOf(d.Prepare()))
	if d.PublishedOn == nil && !f.Has("published_on") {
		f.Add("published_on", "公布日期", "存量文件须填写公布日期")
	}
	if d.EffectiveOn == nil && !f.Has("effective_on") {
		f.Add("effective_on", "施行日期", "存量文件须填写施行日期")
	}
	if d.Number == "" && !f.Has("number") {
		f.Add("number", "文号", "存量文件须填写文号")
	}
	if err := f.Err(); err != nil {
		return err
	}
	if d.RegNumber == "" {
		var err error
		if d.RegNumber, err = w.nextRegNumber(*d.PublishedOn); err != nil {
			return err
		}
	}
	if d.SignedOn == nil {
		d.SignedOn = d.PublishedOn
	}
	if err := w.computeExpiry(d); err != nil {
		return err
	}
	it, err := w.insertNormdoc(actor, d, *d.PublishedOn, "登记存量文件")
	if err != nil {
		return err
	}
	t, _ := normdoc.Lifecycle.Transition(normdoc.TrExisting)
	if err := w.applyTransition(normdoc.Lifecycle, actor, &it, t, "", *d.PublishedOn); err != nil {
		return err
	}
	d.State = it.State
	return nil
}

// addEffect checks an effect against the document's ledger and writes it;
// system marks the validity engine, the only writer of expiries.
func (w *txWriter) addEffect(actor audit.Actor, e *normdoc.Effect, today calendar.Date, system bool) error {
	def, ok := e.Kind.Def()
	var f apperr.Fields
	switch {
	case !ok:
		f.Add("kind", "效力变化", "未知的效力变化："+string(e.Kind))
	case def.System && !system:
		f.Add("kind", "效力变化", "有效期届满失效由系统按有效期自动登记")
	}
	if e.EffectiveOn.IsZero() {
		f.Add("effective_on", "生效日期", "必填项为空")
	}
	if n := strings.TrimSpace(e.DecisionNumber); n != "" {
		norm, err := normdoc.NormalizeDocNumber(n)
		if err != nil {
			f.Add("decision_number", "决定文号", err.Error())
		}
		e.DecisionNumber = norm
	}
	e.Note = strings.TrimSpace(e.Note)
	if ok && def.NeedsAffecting && e.AffectingID == 0 {
		f.Add("affecting_id", "施加影响的文件", def.Label+"须指明新文件")
	}
	if e.AffectingID != 0 && e.AffectingID == e.DocID {
		f.Add("affecting_id", "施加影响的文件", "不能是文件本身")
	}
	if err := f.Err(); err != nil {
		return err
	}
	d, err := w.docCore(e.DocID)
	if err != nil {
		return err
	}
	if e.AffectingID != 0 {
		a, err := w.s.normdoc(w.ctx, w.q, e.AffectingID)
		if err != nil {
			return fieldErr("affecting_id", "施加影响的文件", "所选文件不存在")
		}
		e.AffectingTitle, e.AffectingNo = a.Title, a.Number
	}
	ledger, err := w.s.effects(w.ctx, w.q, d.ID)
	if err != nil {
		return err
	}
	e.Result = def.Result
	probe := *e
	probe.ID = math.MaxInt64 // a new entry sorts after those of the same day
	if err := normdoc.CheckLedger(d.Dates(), append(ledger, probe)); err != nil {
		return err
	}
	if e.Kind == normdoc.Renew {
		if err := w.renew(&d, e); err != nil {
			return err
		}
	}
	err = w.q.QueryRowContext(w.ctx, `INSERT INTO normdoc_effects (kind, doc_id, affecting_id, effective_on, status_after,
		decision_number, campaign_id, new_expiry, note, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id`,
		string(e.Kind), e.DocID, nullInt(e.AffectingID), e.EffectiveOn, string(e.Result), e.DecisionNumber, nullInt(e.CampaignID),
		dateOrNil(e.NewExpiry), e.Note, w.s.now()).Scan(&e.ID)
	if err != nil {
		return err
	}
	if err := w.record(actor, normdoc.RecordKind, d.ID, "effect:"+def.Passive, firstNonEmpty(e.DecisionNumber, e.Note), nil, e); err != nil {
		return err
	}
	if err := w.closeEvaluations(d.ID, def); err != nil {
		return err
	}
	if e.EffectiveOn.After(today) {
		return nil
	}
	return w.follow(actor, d, append(ledger, *e), today)
}

// docCore reads a document without its issuers (what the ledger needs).
func (w *txWriter) docCore(id int64) (normdoc.Document, error) {
	d, err := scanDoc(w.q.QueryRowContext(w.ctx, `SELECT `+docColumns+docFrom+` WHERE d.id = $1`, id))
	return d, notFound(err, "规范性文件不存在")
}

// renew registers a continued document anew: a new registration number
// and a validity counted again from the renewal day (继续有效的，重新登记、
// 重新编号、重新公布，有效期重新计算).
func (w *txWriter) renew(d *normdoc.Document, e *normdoc.Effect) error {
	if e.NewExpiry == nil {
		years, err := w.validityYears(d.Title, e.EffectiveOn)
		if err != nil {
			return err
		}
		if years == 0 {
			return fieldErr("effective_on", "生效日期", "该日期没有适用的有效期规则")
		}
		exp := normdoc.Expiry(e.EffectiveOn, years)
		e.NewExpiry = &exp
	}
	if !e.NewExpiry.After(e.EffectiveOn) {
		return fieldErr("new_expiry", "新的有效期至", "应晚于生效日期")
	}
	reg, err := w.nextRegNumber(e.EffectiveOn)
	if err != nil {
		return err
	}
	old := "原有效期至 无"
	if d.ExpiryOn != nil {
		old = "原有效期至 " + d.ExpiryOn.String()
	}
	// The effect's own event records the change: its note names the old
	// and new registration numbers and its new expiry is the document's.
	e.Note = strings.TrimSpace(fmt.Sprintf("重新登记为 %s（原登记号 %s，%s）。%s", reg, d.RegNumber, old, e.Note))
	d.RegNumber, d.ExpiryOn, d.ExpiryFixed = reg, e.NewExpiry, true
	return w.saveDoc(d)
}

// syncLifecycle moves a published document's lifecycle to the state of
// its status on today.
func (w *txWriter) syncLifecycle(actor audit.Actor, docID int64, today calendar.Date) error {
	d, err := w.docCore(docID)
	if err != nil {
		return err
	}
	ledger, err := w.s.effects(w.ctx, w.q, docID)
	if err != nil {
		return err
	}
	return w.follow(actor, d, ledger, today)
}

// follow fires the ledger transition of the latest effect on or before
// today when the lifecycle state (d.State) differs from the status then.
func (w *txWriter) follow(actor audit.Actor, d normdoc.Document, ledger []normdoc.Effect, today calendar.Date) error {
	if !slices.Contains(normdoc.LedgerStates, d.State) {
		return nil // still being made: its status is not yet in question
	}
	target := normdoc.StateFor(normdoc.StatusAt(d.Dates(), ledger, today), d.State)
	if target == d.State {
		return nil
	}
	var latest *normdoc.Effect
	for i := range ledger {
		if !ledger[i].EffectiveOn.After(today) && (latest == nil || !ledger[i].EffectiveOn.Before(latest.EffectiveOn)) {
			latest = &ledger[i]
		}
	}
	var t workflow.Transition
	if latest != nil {
		t, _ = normdoc.Lifecycle.Transition(string(latest.Kind))
	}
	if t.To != target {
		return fmt.Errorf("normdoc %d: no ledger transition leads to %s", d.ID, target)
	}
	it, err := w.s.item(w.ctx, w.q, normdoc.RecordKind, d.ID)
	if err != nil {
		return err
	}
	return w.applyTransition(normdoc.Lifecycle, actor, &it, t, "", today)
}

// SyncLifecycles catches up the lifecycle of documents whose effects
// came to apply since they were recorded (those dated in the future). The
// daily job calls it; it returns how many documents moved.
func (s *Store) SyncLifecycles(ctx context.Context, today calendar.Date) (int, error) {
	n := 0
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		w := s.writer(ctx, tx)
		ids, err := w.outOfStep(today)
		if err != nil {
			return err
		}
		for _, id := range ids {
			if err := w.syncLifecycle(audit.System, id, today); err != nil {
				return err
			}
			n++
		}
		return nil
	})
	return n, err
}

// outOfStep lists the published documents whose lifecycle state differs
// from their status on today.
func (w *txWriter) outOfStep(today calendar.Date) ([]int64, error) {
	rows, err := w.q.QueryContext(w.ctx, `SELECT d.id FROM normdocs d
		JOIN workflow_items wi ON wi.record_kind = 'normdoc' AND wi.record_id = d.id`+latestEffectJoin("$1")+`
		WHERE le.id IS NOT NULL AND wi.state <> le.status_after
		AND NOT (le.status_after = '`+string(normdoc.InForce)+`' AND wi.state IN ('`+normdoc.StPublished+`', '`+normdoc.StFiled+`'))
		AND wi.state IN (`+quoted(normdoc.LedgerStates)+`) ORDER BY d.id`, today)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return nil, err
		}
		out = append(out, id)
	}
	return out, rows.Err()
}

func quoted(vs []string) string {
	out := make([]string, len(vs))
	for i, v := range vs {
		out[i] = "'" + strings.ReplaceAll(v, "'", "''") + "'"
	}
	return strings.Join(out, ", ")
}

// FireNormdoc is Store.FireNormdoc inside the bulk.
func (b *Bulk) FireNormdoc(actor account.Actor, id int64, name string, reason string, in FireInput, on calendar.Date) (normdoc.Document, error) {
	it, err := b.w.s.item(b.w.ctx, b.w.q, normdoc.RecordKind, id)
	if err != nil {
		return normdoc.Document{}, err
	}
	return b.w.fireNormdoc(actor, id, name, it.Version, reason, in, on)
}

// closeEvaluations ends the open evaluation of a document an effect ends:
// lapsed when it expired, closed when abolished or declared expired.
func (w *txWriter) closeEvaluations(docID int64, def normdoc.EffectDef) error {
	if !def.Result.Def().Final {
		return nil
	}
	state := EvalClosed
	if def.Kind == normdoc.Expire {
		state = EvalLapsed
	}
	_, err := w.q.ExecContext(w.ctx, `UPDATE normdoc_evaluations SET state = $1, version = version + 1
		WHERE doc_id = $2 AND state = $3`, state, docID, EvalOpen)
	return err
}

// insertMany inserts rows into table a hundred to a statement, as the
// audit buffer does (plain "?" on SQLite, which looks "$n" up by name).
func (w *txWriter) insertMany(table string, cols []string, rows [][]any) error {
	const batch = 100
	mark := func(n int) string { return fmt.Sprintf("$%d", n) }
	if w.s.DB.Engine == sqldb.SQLite {
		mark = func(int) string { return "?" }
	}
	for start := 0; start < len(rows); start += batch {
		part := rows[start:min(start+batch, len(rows))]
		var q strings.Builder
		q.WriteString("INSERT INTO " + table + " (" + strings.Join(cols, ", ") + ") VALUES ")
		args := make([]any, 0, len(cols)*len(part))
		for i, row := range part {
			if i > 0 {
				q.WriteString(", ")
			}
			q.WriteByte('(')
			for j := range cols {
				if j > 0 {
					q.WriteString(", ")
				}
				q.WriteString(mark(len(args) + j + 1))
			}
			q.WriteByte(')')
			args = append(args, row...)
		}
		if _, err := w.q.ExecContext(w.ctx, q.String(), args...); err != nil {
			return err
		}
	}
	return nil
}

// NormdocImportRow is one document of an imported catalog: units by name,
// and optionally the status it has reached (abolished or expired on a
// day, by a decision).
type NormdocImportRow struct {
	Line            int
	Doc             normdoc.Document
	LeadName        string
	CoIssuerNames   []string
	ImplementerName string
	// Effect, when set, is what ended or changed the document (its DocID
	// is filled in).
	Effect *normdoc.Effect
}

// ImportNormdocs registers an existing catalog all-or-nothing: each row
// as RegisterExisting does, then its recorded status change through the
// ledger (an expiry in a catalog is a fact, not the engine's guess, so
// it is written as the engine would).
func (s *Store) ImportNormdocs(ctx context.Context, actor audit.Actor, rows []NormdocImportRow, today calendar.Date, dryRun bool) ([]RowError, error) {
	var shared *txWriter
	return s.batch(ctx, len(rows), dryRun, func(tx *sql.Tx, i int) (int, error) {
		r, w := rows[i], s.rowWriter(ctx, tx, &shared)
		var f apperr.Fields
		if id, ok := s.unitIDByName(ctx, tx, r.LeadName, &f, "lead_unit_id", "牵头制定单位"); ok {
			r.Doc.LeadUnitID = id
		}
		for _, name := range r.CoIssuerNames {
			if id, ok := s.unitIDByName(ctx, tx, name, &f, "issuers", "联合制定单位"); ok {
				r.Doc.Issuers = append(r.Doc.Issuers, normdoc.Issuer{UnitID: id})
			}
		}
		if id, ok := s.unitIDByName(ctx, tx, r.ImplementerName, &f, "implementer_id", "组织实施单位"); ok {
			r.Doc.ImplementerID = id
		}
		if err := f.Err(); err != nil {
			return r.Line, err
		}
		if err := w.registerExisting(actor, &r.Doc); err != nil {
			return r.Line, err
		}
		if r.Effect == nil {
			return r.Line, nil
		}
		e := *r.Effect
		e.DocID = r.Doc.ID
		return r.Line, w.addEffect(actor, &e, today, e.Kind == normdoc.Expire)
	})
}
