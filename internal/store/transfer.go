package store

// Transfers of suspected crimes to public security (Order 310, 两法衔接):
// the transfer with its case team, inventory of seized items and steps,
// its lifecycle on the workflow core, and the lists each side sees. The
// writes are txWriter methods, so that the demo's bulk load and the single
// writes are one code path.

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
	"strings"

	"fazhi/internal/account"
	"fazhi/internal/apperr"
	"fazhi/internal/audit"
	"fazhi/internal/calendar"
	"fazhi/internal/enforcement"
	"fazhi/internal/org"
	"fazhi/internal/transfer"
	"fazhi/internal/workflow"
)

const transferColumns = `t.id, COALESCE(t.number, ''), t.unit_id, u.name, COALESCE(t.case_id, 0), t.case_number, t.party_kind,
	t.party_name, t.party_code, t.matter, t.facts, t.suspected_crime, t.amount, t.standard, t.reported_on,
	t.police_unit_id, pu.name, COALESCE(t.procuratorate_unit_id, 0), COALESCE(pr.name, ''), t.no_items, t.materials,
	t.sent_on, t.receipt_no, t.forwarded_to, t.closed_on, i.id, i.state, i.version, t.version, t.created_at, t.updated_at`

const transferFrom = ` FROM transfers t JOIN units u ON u.id = t.unit_id JOIN units pu ON pu.id = t.police_unit_id
	LEFT JOIN units pr ON pr.id = t.procuratorate_unit_id
	JOIN workflow_items i ON i.record_kind = 'transfer' AND i.record_id = t.id`

func scanTransfer(row interface{ Scan(...any) error }) (transfer.Transfer, error) {
	var t transfer.Transfer
	var materials string
	var sent, closed sql.NullString
	err := row.Scan(&t.ID, &t.Number, &t.UnitID, &t.UnitName, &t.CaseID, &t.CaseNumber, &t.PartyKind, &t.PartyName,
		&t.PartyCode, &t.Matter, &t.Facts, &t.SuspectedCrime, &t.Amount, &t.Standard, &t.ReportedOn, &t.PoliceUnitID,
		&t.PoliceUnitName, &t.ProcuratorateUnitID, &t.ProcuratorateUnitName, &t.NoItems, &materials, &sent, &t.ReceiptNo,
		&t.ForwardedTo, &closed, &t.ItemID, &t.State, &t.ItemVersion, &t.Version, &t.CreatedAt, &t.UpdatedAt)
	if err != nil {
		return t, err
	}
	t.StateLabel = transfer.Workflow.StateLabel(t.State)
	if materials != "" {
		t.Materials = strings.Split(materials, ",")
	}
	if t.SentOn, err = optDate(sent); err != nil {
		return t, err
	}
	t.ClosedOn, err = optDate(closed)
	return t, err
}

// TransferFilter selects transfers.
type TransferFilter struct {
	Scope  transfer.Scope // who is asking; the zero scope sees nothing
	Query  string         // number, party, crime or case number
	UnitID int64          // one transferring unit
	Stage  string         // a transfer.Stages value
	Year   int            // year reported
	// Overdue and Near select transfers with a running clock past its due
	// day, or inside its warning window, on Today.
	Overdue, Near bool
	Today         calendar.Date
	Sort          string
	Page          Page
}

func (f TransferFilter) where() (*where, bool) {
	w := newWhere()
	switch {
	case f.Scope.All:
	case f.Scope.Partner != 0:
		w.add("t.sent_on IS NOT NULL AND (t.police_unit_id = ? OR t.procuratorate_unit_id = ?)", f.Scope.Partner, f.Scope.Partner)
	case f.Scope.UnitIDs == nil:
		return w, false
	default:
		if !w.in("t.unit_id", f.Scope.UnitIDs) {
			return w, false
		}
	}
	if q := strings.TrimSpace(f.Query); q != "" {
		like := "%" + q + "%"
		w.add("(t.number LIKE ? OR t.party_name LIKE ? OR t.suspected_crime LIKE ? OR t.case_number LIKE ? OR t.party_code = ?)",
			like, like, like, like, q)
	}
	if f.UnitID != 0 {
		w.add("t.unit_id = ?", f.UnitID)
	}
	if states := transfer.StageStates(f.Stage); states != nil {
		marks := make([]string, len(states))
		args := make([]any, len(states))
		for i, st := range states {
			marks[i], args[i] = "?", st
		}
		w.add("i.state IN ("+strings.Join(marks, ",")+")", args...)
	}
	if f.Year != 0 {
		w.add("t.reported_on >= ? AND t.reported_on <= ?", fmt.Sprintf("%04d-01-01", f.Year), fmt.Sprintf("%04d-12-31", f.Year))
	}
	if f.Overdue {
		w.add("EXISTS (SELECT 1 FROM workflow_timers c WHERE c.item_id = i.id AND c.state = 'running' AND c.due_on < ?)", f.Today)
	}
	if f.Near {
		w.add("EXISTS (SELECT 1 FROM workflow_timers c WHERE c.item_id = i.id AND c.state = 'running' AND c.warn_on <= ?)", f.Today)
	}
	return w, true
}

var transferSorts = map[string]string{
	"":         "t.reported_on DESC, t.id DESC",
	"oldest":   "t.reported_on, t.id",
	"amount":   "t.amount DESC, t.id DESC",
	"deadline": "(SELECT MIN(c.due_on) FROM workflow_timers c WHERE c.item_id = i.id AND c.state = 'running'), t.id",
	"party":    "t.party_name, t.id",
}

// TransferSortKeys lists the orders a transfer list offers.
func TransferSortKeys() []string { return []string{"", "oldest", "amount", "deadline", "party"} }

// Transfers lists transfers (without team and items) with the total.
func (s *Store) Transfers(ctx context.Context, f TransferFilter) ([]transfer.Transfer, int, error) {
	w, ok := f.where()
	if !ok {
		return nil, 0, nil
	}
	var total int
	if err := s.DB.QueryRowContext(ctx, `SELECT COUNT(*)`+transferFrom+w.sql(), w.args...).Scan(&total); err != nil {
		return nil, 0, err
	}
	order, ok := transferSorts[f.Sort]
	if !ok {
		order = transferSorts[""]
	}
	p := f.Page.Norm()
	rows, err := s.DB.QueryContext(ctx, fmt.Sprintf(`SELECT %s%s%s ORDER BY %s LIMIT %d OFFSET %d`,
		transferColumns, transferFrom, w.sql(), order, p.Limit, p.Offset), w.args...)
	if err != nil {
		return nil, 0, err
	}
	defer rows.Close()
	var out []transfer.Transfer
	for rows.Next() {
		t, err := scanTransfer(rows)
		if err != nil {
			return nil, 0, err
		}
		out = append(out, t)
	}
	return out, total, rows.Err()
}

// TransferStageCounts counts the transfers of f per stage (f's own stage
// ignored), for the tabs of the list.
func (s *Store) TransferStageCounts(ctx context.Context, f TransferFilter) (map[string]int, error) {
	f.Stage = ""
	w, ok := f.where()
	out := map[string]int{}
	if !ok {
		return out, nil
	}
	rows, err := s.DB.QueryContext(ctx, `SELECT i.state, COUNT(*)`+transferFrom+w.sql()+` GROUP BY i.state`, w.args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var state string
		var n int
		if err := rows.Scan(&state, &n); err != nil {
			return nil, err
		}
		for _, st := range transfer.Stages {
			for _, x := range st.States {
				if x == state {
					out[st.Value] += n
				}
			}
		}
	}
	return out, rows.Err()
}

// Transfer returns one transfer with its team and inventory.
func (s *Store) Transfer(ctx context.Context, id int64) (transfer.Transfer, error) {
	return s.transferByID(ctx, s.DB, id)
}

func (s *Store) transferByID(ctx context.Context, q querier, id int64) (transfer.Transfer, error) {
	t, err := scanTransfer(q.QueryRowContext(ctx, `SELECT `+transferColumns+transferFrom+` WHERE t.id = $1`, id))
	if err != nil {
		return t, notFound(err, "移送记录不存在")
	}
	if t.Team, err = s.transferTeam(ctx, q, id); err != nil {
		return t, err
	}
	t.Items, err = s.transferItems(ctx, q, id)
	return t, err
}

func (s *Store) transferTeam(ctx context.Context, q querier, id int64) ([]transfer.Member, error) {
	rows, err := q.QueryContext(ctx, `SELECT person_id, name FROM transfer_team WHERE transfer_id = $1 ORDER BY person_id`, id)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []transfer.Member
	for rows.Next() {
		var m transfer.Member
		if err := rows.Scan(&m.PersonID, &m.Name); err != nil {
			return nil, err
		}
		out = append(out, m)
	}
	return out, rows.Err()
}

func (s *Store) transferItems(ctx context.Context, q querier, id int64) ([]transfer.Item, error) {
	rows, err := q.QueryContext(ctx, `SELECT name, quantity, note FROM transfer_items WHERE transfer_id = $1 ORDER BY seq`, id)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []transfer.Item
	for rows.Next() {
		var it transfer.Item
		if err := rows.Scan(&it.Name, &it.Quantity, &it.Note); err != nil {
			return nil, err
		}
		out = append(out, it)
	}
	return out, rows.Err()
}

// TransferSteps lists the acts on a transfer in order.
func (s *Store) TransferSteps(ctx context.Context, id int64) ([]transfer.Step, error) {
	rows, err := s.DB.QueryContext(ctx, `SELECT id, action, label, on_date, party, actor_name, unit_name, note, at
		FROM transfer_steps WHERE transfer_id = $1 ORDER BY id`, id)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []transfer.Step
	for rows.Next() {
		var st transfer.Step
		if err := rows.Scan(&st.ID, &st.Action, &st.Label, &st.On, &st.Party, &st.ActorName, &st.UnitName, &st.Note, &st.At); err != nil {
			return nil, err
		}
		out = append(out, st)
	}
	return out, rows.Err()
}

// RunningTimers maps each workflow item to its running timers, soonest
// due first (the clocks a list shows).
func (s *Store) RunningTimers(ctx context.Context, itemIDs []int64) (map[int64][]Timer, error) {
	out := map[int64][]Timer{}
	w := newWhere()
	if !w.in("t.item_id", itemIDs) || len(itemIDs) == 0 {
		return out, nil
	}
	rows, err := s.DB.QueryContext(ctx, `SELECT `+timerColumns+` FROM workflow_timers t JOIN workflow_items i ON i.id = t.item_id`+
		w.sql()+` AND t.state = 'running' ORDER BY t.due_on, t.id`, w.args...)
	if err != nil {
		return nil, err
	}
	timers, err := scanTimers(rows)
	if err != nil {
		return nil, err
	}
	for _, t := range timers {
		out[t.ItemID] = append(out[t.ItemID], t)
	}
	return out, nil
}

// TransferCandidates are the cases of a unit a transfer may come from:
// cases under investigation or decided for transfer (Art. 57), without a
// transfer still open or sent.
func (s *Store) TransferCandidates(ctx context.Context, unitID int64) ([]enforcement.Case, error) {
	cases, _, err := s.Cases(ctx, CaseFilter{UnitID: unitID, UnitIDs: []int64{unitID},
		States: []string{enforcement.Filed, enforcement.Investigated, enforcement.Notified, enforcement.Heard, enforcement.TransferEnd},
		Page:   Page{Limit: 500}})
	if err != nil {
		return nil, err
	}
	taken := map[int64]bool{}
	rows, err := s.DB.QueryContext(ctx, `SELECT t.case_id FROM transfers t JOIN workflow_items i ON i.record_kind = 'transfer'
		AND i.record_id = t.id WHERE t.unit_id = $1 AND t.case_id IS NOT NULL AND i.state <> 'refused'`, unitID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return nil, err
		}
		taken[id] = true
	}
	out := cases[:0]
	for _, c := range cases {
		if !taken[c.ID] {
			out = append(out, c)
		}
	}
	return out, rows.Err()
}

// ---------- writes ----------

// CreateTransfer records the case team's transfer report and starts the
// head's clock (Art. 5) from the day it was reported.
func (s *Store) CreateTransfer(ctx context.Context, actor account.Actor, t *transfer.Transfer) error {
	return s.inTx(ctx, func(tx *sql.Tx) error { return s.writer(ctx, tx).createTransfer(actor, actor.Audit(), t) })
}

// UpdateTransfer changes the report (facts, team, inventory, materials,
// the organs addressed) before it is sent.
func (s *Store) UpdateTransfer(ctx context.Context, actor account.Actor, t *transfer.Transfer, reason string) error {
	return s.inTx(ctx, func(tx *sql.Tx) error { return s.writer(ctx, tx).updateTransfer(actor, t, reason) })
}

// TransferAct is what a transition of a transfer records besides its name.
type TransferAct struct {
	Name        string
	ItemVersion int    // the workflow item version the actor saw
	Reason      string // the opinion or reason; required where the workflow says
	On          calendar.Date
	ReceiptNo   string // accept: the receipt the police signed
	ForwardedTo string // forward: the organ with jurisdiction
}

// FireTransfer applies a transition of a transfer as actor, who must be
// the side the transition belongs to.
func (s *Store) FireTransfer(ctx context.Context, actor account.Actor, id int64, act TransferAct) (transfer.Transfer, error) {
	return inWriter(ctx, s, func(w *txWriter) (transfer.Transfer, error) { return w.fireTransfer(actor, actor.Audit(), id, act) })
}

// AddTransferOpinion records a supervision opinion of the procuratorate
// (检察监督意见, Art. 14) or the legal affairs office on a transfer.
func (s *Store) AddTransferOpinion(ctx context.Context, actor account.Actor, id int64, text string, on calendar.Date) error {
	return s.inTx(ctx, func(tx *sql.Tx) error {
		return s.writer(ctx, tx).addTransferOpinion(actor, actor.Audit(), id, text, on)
	})
}

// A loader (the demo, a migration of old records) writes for people who
// have no account: by names them in the records and the audit chain, and
// the checks are those of the side's staff (standIn).

// standIn is the actor a loader's write is checked as: staff of unit with
// roles, not a user of the platform.
func standIn(by audit.Actor, unit int64, roles ...account.Role) account.Actor {
	return account.Actor{UserID: -1, Name: by.Name, UnitID: unit, Roles: roles}
}

// CreateTransferAs is Store.CreateTransfer inside the bulk, by the
// transferring unit's case team.
func (b *Bulk) CreateTransferAs(by audit.Actor, t *transfer.Transfer) error {
	return b.w.createTransfer(standIn(by, t.UnitID, account.Clerk), by, t)
}

// FireTransferAs is Store.FireTransfer inside the bulk, by side's staff
// (the unit's head for its decisions).
func (b *Bulk) FireTransferAs(by audit.Actor, side transfer.Party, id int64, act TransferAct) (transfer.Transfer, error) {
	actor, err := b.w.sideActor(by, side, id)
	if err != nil {
		return transfer.Transfer{}, err
	}
	return b.w.fireTransfer(actor, by, id, act)
}

// AddTransferOpinionAs is Store.AddTransferOpinion inside the bulk, by
// the procuratorate the transfer was copied to.
func (b *Bulk) AddTransferOpinionAs(by audit.Actor, id int64, text string, on calendar.Date) error {
	actor, err := b.w.sideActor(by, transfer.Procuratorate, id)
	if err != nil {
		return err
	}
	return b.w.addTransferOpinion(actor, by, id, text, on)
}

func (w *txWriter) sideActor(by audit.Actor, side transfer.Party, id int64) (account.Actor, error) {
	t, err := w.s.transferByID(w.ctx, w.q, id)
	if err != nil {
		return account.Actor{}, err
	}
	switch side {
	case transfer.Unit:
		return standIn(by, t.UnitID, account.Leader, account.Clerk), nil
	case transfer.Police:
		return standIn(by, t.PoliceUnitID, account.Partner), nil
	case transfer.Procuratorate:
		return standIn(by, t.ProcuratorateUnitID, account.Partner), nil
	}
	return account.Actor{}, apperr.New(apperr.Invalid, "未知的办理方："+string(side))
}

// checkTransferParties fills the names of the organs addressed and checks
// their kinds, the team (people of the unit) and the linked case.
func (w *txWriter) checkTransferParties(actor account.Actor, t *transfer.Transfer) error {
	var f apperr.Fields
	u, err := w.unit(t.UnitID)
	if err != nil {
		return err
	}
	t.UnitName = u.Name
	if !actor.Internal() || actor.UnitID != t.UnitID {
		return apperr.New(apperr.Forbidden, "移送报告由本单位专案组呈报，只能为本单位的案件呈报移送")
	}
	if p, err := w.unit(t.PoliceUnitID); err != nil || p.Kind != org.Police {
		f.Add("police_unit_id", "接受移送的公安机关", "应选择公安机关")
	} else {
		t.PoliceUnitName = p.Name
	}
	if t.ProcuratorateUnitID != 0 {
		if p, err := w.unit(t.ProcuratorateUnitID); err != nil || p.Kind != org.Procuratorate {
			f.Add("procuratorate_unit_id", "抄送的人民检察院", "应选择人民检察院")
		} else {
			t.ProcuratorateUnitName = p.Name
		}
	}
	for i, m := range t.Team {
		p, err := w.person(m.PersonID)
		if err != nil || p.UnitID != t.UnitID {
			f.Add("team", "专案组成员", "专案组成员应为本单位行政执法人员")
			break
		}
		t.Team[i].Name = p.Name
	}
	if t.CaseID != 0 {
		c, err := w.s.caseByID(w.ctx, w.q, t.CaseID)
		if err != nil || c.UnitID != t.UnitID {
			f.Add("case_id", "案件", "案件不存在或不属于本单位")
		} else {
			t.CaseNumber = c.Number()
		}
	} else {
		t.CaseNumber = ""
	}
	return f.Err()
}

func (w *txWriter) createTransfer(actor account.Actor, by audit.Actor, t *transfer.Transfer) error {
	if err := t.Prepare(); err != nil {
		return err
	}
	if err := w.checkTransferParties(actor, t); err != nil {
		return err
	}
	if t.ReportedOn.After(w.s.today()) {
		var f apperr.Fields
		f.Add("reported_on", "呈报日期", "不能晚于今天")
		return f.Err()
	}
	now := w.s.now()
	err := w.q.QueryRowContext(w.ctx, `INSERT INTO transfers (unit_id, case_id, case_number, party_kind, party_name, party_code,
		matter, facts, suspected_crime, amount, standard, reported_on, police_unit_id, procuratorate_unit_id, no_items, materials,
		version, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, 1, $17, $17)
		RETURNING id`,
		t.UnitID, nullInt(t.CaseID), t.CaseNumber, t.PartyKind, t.PartyName, t.PartyCode, t.Matter, t.Facts, t.SuspectedCrime,
		t.Amount, t.Standard, t.ReportedOn, t.PoliceUnitID, nullInt(t.ProcuratorateUnitID), t.NoItems,
		strings.Join(t.Materials, ","), now).Scan(&t.ID)
	if err != nil {
		return err
	}
	t.Version, t.CreatedAt, t.UpdatedAt = 1, now, now
	if err := w.writeTransferLists(t); err != nil {
		return err
	}
	item := workflow.Item{RecordKind: transfer.RecordKind, RecordID: t.ID, UnitID: t.UnitID, Title: t.Title()}
	if err := w.startItem(transfer.Workflow, by, &item, t.ReportedOn); err != nil {
		return err
	}
	t.ItemID, t.State, t.ItemVersion, t.StateLabel = item.ID, item.State, item.Version, transfer.Workflow.StateLabel(item.State)
	if err := w.addStep(t.ID, "report", "呈报移送报告", t.ReportedOn, transfer.Unit, by, t.UnitName, ""); err != nil {
		return err
	}
	return w.record(by, transfer.RecordKind, t.ID, audit.Create, "", nil, t)
}

// writeTransferLists replaces the team and the inventory of t.
func (w *txWriter) writeTransferLists(t *transfer.Transfer) error {
	for _, q := range []string{`DELETE FROM transfer_team WHERE transfer_id = $1`, `DELETE FROM transfer_items WHERE transfer_id = $1`} {
		if _, err := w.q.ExecContext(w.ctx, q, t.ID); err != nil {
			return err
		}
	}
	for _, m := range t.Team {
		if _, err := w.q.ExecContext(w.ctx, `INSERT INTO transfer_team (transfer_id, person_id, name) VALUES ($1, $2, $3)`,
			t.ID, m.PersonID, m.Name); err != nil {
			return err
		}
	}
	for i, it := range t.Items {
		if _, err := w.q.ExecContext(w.ctx, `INSERT INTO transfer_items (transfer_id, seq, name, quantity, note) VALUES ($1, $2, $3, $4, $5)`,
			t.ID, i+1, it.Name, it.Quantity, it.Note); err != nil {
			return err
		}
	}
	return nil
}

func (w *txWriter) updateTransfer(actor account.Actor, t *transfer.Transfer, reason string) error {
	before, err := w.s.transferByID(w.ctx, w.q, t.ID)
	if err != nil {
		return err
	}
	if transfer.PartyOf(actor, before) != transfer.Unit {
		return apperr.New(apperr.NotFound, "移送记录不存在或您无权修改")
	}
	if !before.Editable() {
		return apperr.New(apperr.Conflict, "已移送公安机关或已结束的移送不能再修改（当前："+before.StateLabel+"）")
	}
	t.UnitID, t.ReportedOn = before.UnitID, before.ReportedOn
	if err := t.Prepare(); err != nil {
		return err
	}
	if err := w.checkTransferParties(actor, t); err != nil {
		return err
	}
	res, err := w.q.ExecContext(w.ctx, `UPDATE transfers SET case_id=$1, case_number=$2, party_kind=$3, party_name=$4,
		party_code=$5, matter=$6, facts=$7, suspected_crime=$8, amount=$9, standard=$10, police_unit_id=$11,
		procuratorate_unit_id=$12, no_items=$13, materials=$14, version=version+1, updated_at=$15 WHERE id=$16 AND version=$17`,
		nullInt(t.CaseID), t.CaseNumber, t.PartyKind, t.PartyName, t.PartyCode, t.Matter, t.Facts, t.SuspectedCrime, t.Amount,
		t.Standard, t.PoliceUnitID, nullInt(t.ProcuratorateUnitID), t.NoItems, strings.Join(t.Materials, ","), w.s.now(),
		t.ID, t.Version)
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return conflict("移送记录")
	}
	if err := w.writeTransferLists(t); err != nil {
		return err
	}
	after, err := w.s.transferByID(w.ctx, w.q, t.ID)
	if err != nil {
		return err
	}
	*t = after
	return w.record(actor.Audit(), transfer.RecordKind, t.ID, audit.Update, reason, before, after)
}

func (w *txWriter) fireTransfer(actor account.Actor, by audit.Actor, id int64, act TransferAct) (transfer.Transfer, error) {
	t, err := w.s.transferByID(w.ctx, w.q, id)
	if err != nil {
		return t, err
	}
	party := transfer.PartyOf(actor, t)
	if party == transfer.None {
		return transfer.Transfer{}, apperr.New(apperr.NotFound, "移送记录不存在")
	}
	act.Reason, act.ReceiptNo, act.ForwardedTo = strings.TrimSpace(act.Reason), strings.TrimSpace(act.ReceiptNo), strings.TrimSpace(act.ForwardedTo)
	if err := w.checkStepDate(t, act.On); err != nil {
		return t, err
	}
	it, err := w.s.item(w.ctx, w.q, transfer.RecordKind, id)
	if err != nil {
		return t, err
	}
	if it.Version != act.ItemVersion {
		return t, conflict("“" + it.Title + "”")
	}
	in := transfer.Input{Party: party, Transfer: t, ForwardedTo: act.ForwardedTo}
	tr, err := transfer.Workflow.Check(it, act.Name, transfer.Acting(actor, t), act.Reason, in)
	if err != nil {
		return t, err
	}
	if err := w.applyTransition(transfer.Workflow, by, &it, tr, act.Reason, act.On); err != nil {
		return t, err
	}
	if err := w.recordTransferAct(&t, tr, act); err != nil {
		return t, err
	}
	if tr.Name == "approve" {
		if err := w.transferCase(actor, by, t, act.On); err != nil {
			return t, err
		}
	}
	unitName := t.UnitName
	switch party {
	case transfer.Police:
		unitName = t.PoliceUnitName
	case transfer.Procuratorate:
		unitName = t.ProcuratorateUnitName
	}
	note := act.Reason
	switch {
	case act.ReceiptNo != "":
		note = strings.TrimSpace("回执 " + act.ReceiptNo + " " + note)
	case act.ForwardedTo != "":
		note = "转送" + act.ForwardedTo + "：" + note
	}
	if err := w.addStep(t.ID, tr.Name, tr.Label, act.On, party, by, unitName, note); err != nil {
		return t, err
	}
	return w.s.transferByID(w.ctx, w.q, id)
}

// transferCase records the head's approval on the administrative case as
// well: transfer to the judicial organs is one of the head's decisions
// after the investigation (行政处罚法第五十七条), so the case ends as
// transferred when it stands where that decision is taken (a case already
// decided so, or elsewhere, is left as it is).
func (w *txWriter) transferCase(actor account.Actor, by audit.Actor, t transfer.Transfer, on calendar.Date) error {
	if t.CaseID == 0 {
		return nil
	}
	it, err := w.caseItem(t.CaseID)
	if err != nil {
		return err
	}
	tr, ok := enforcement.OrdinaryProcedure.Transition(enforcement.ActTransfer)
	if !ok || it.Workflow != enforcement.OrdinaryProcedure.Name || !slices.Contains(tr.From, it.State) {
		return nil
	}
	_, err = w.act(actor, by, t.CaseID, enforcement.Act{Name: enforcement.ActTransfer, Version: it.Version, On: on,
		Reason: "负责人批准移送公安机关：" + t.Title()})
	return err
}

// recordTransferAct writes what a transition changes on the transfer
// itself: the number and day of sending, the receipt, the organ it was
// forwarded to, the day it ended.
func (w *txWriter) recordTransferAct(t *transfer.Transfer, tr workflow.Transition, act TransferAct) error {
	sets, args := []string{}, []any{}
	set := func(col string, v any) {
		args = append(args, v)
		sets = append(sets, fmt.Sprintf("%s=$%d", col, len(args)))
	}
	switch tr.Name {
	case "send":
		number, err := w.transferNumber(t, act.On)
		if err != nil {
			return err
		}
		set("number", number)
		set("sent_on", act.On)
	case "accept":
		set("receipt_no", act.ReceiptNo)
	case "forward":
		set("forwarded_to", act.ForwardedTo)
	}
	if transfer.Final(tr.To) {
		set("closed_on", act.On)
	}
	set("updated_at", w.s.now())
	args = append(args, t.ID)
	_, err := w.q.ExecContext(w.ctx, `UPDATE transfers SET `+strings.Join(sets, ", ")+`, version=version+1 WHERE id=$`+
		fmt.Sprint(len(args)), args...)
	return err
}

// transferNumber gives the next number of the unit's transfer letters of
// the year (rule transfer.number_format).
func (w *txWriter) transferNumber(t *transfer.Transfer, on calendar.Date) (string, error) {
	format, err := w.ruleAsOf("transfer.number_format", on)
	if err != nil {
		return "", err
	}
	u, err := w.unit(t.UnitID)
	if err != nil {
		return "", err
	}
	short := u.ShortName
	if short == "" {
		short = u.Name
	}
	var seq int
	if err := w.q.QueryRowContext(w.ctx, `INSERT INTO number_sequences (name, year, last) VALUES ($1, $2, 1)
		ON CONFLICT (name, year) DO UPDATE SET last = number_sequences.last + 1 RETURNING last`,
		fmt.Sprintf("transfer:%d", t.UnitID), on.Year).Scan(&seq); err != nil {
		return "", err
	}
	return transfer.FormatNumber(format.Value, short, on.Year, seq), nil
}

// checkStepDate refuses an act dated before the report, before the last
// act, or after today.
func (w *txWriter) checkStepDate(t transfer.Transfer, on calendar.Date) error {
	var f apperr.Fields
	if on.IsZero() {
		f.Add("on", "日期", "必填项为空")
		return f.Err()
	}
	var last sql.NullString
	if err := w.q.QueryRowContext(w.ctx, `SELECT MAX(on_date) FROM transfer_steps WHERE transfer_id = $1`, t.ID).Scan(&last); err != nil {
		return err
	}
	switch {
	case on.After(w.s.today()):
		f.Add("on", "日期", "不能晚于今天")
	case on.Before(t.ReportedOn):
		f.Add("on", "日期", "不能早于呈报日期 "+t.ReportedOn.String())
	case last.Valid && on.String() < last.String:
		f.Add("on", "日期", "不能早于上一步办理日期 "+last.String)
	}
	return f.Err()
}

func (w *txWriter) addStep(id int64, action, label string, on calendar.Date, party transfer.Party, by audit.Actor,
	unitName, note string) error {
	_, err := w.q.ExecContext(w.ctx, `INSERT INTO transfer_steps (transfer_id, action, label, on_date, party, actor_id, actor_name,
		unit_name, note, at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
		id, action, label, on, string(party), nullInt(by.UserID), by.Name, unitName, note, w.s.now())
	return err
}

func (w *txWriter) addTransferOpinion(actor account.Actor, by audit.Actor, id int64, text string, on calendar.Date) error {
	t, err := w.s.transferByID(w.ctx, w.q, id)
	if err != nil {
		return err
	}
	party := transfer.PartyOf(actor, t)
	if party == transfer.None {
		return apperr.New(apperr.NotFound, "移送记录不存在")
	}
	text = strings.TrimSpace(text)
	var f apperr.Fields
	f.Required("opinion", "监督意见", text)
	if err := f.Err(); err != nil {
		return err
	}
	if party != transfer.Procuratorate && party != transfer.Office {
		return apperr.New(apperr.Forbidden, "监督意见由人民检察院或法制办提出")
	}
	if err := w.checkStepDate(t, on); err != nil {
		return err
	}
	unitName := t.ProcuratorateUnitName
	if party == transfer.Office {
		u, err := w.unit(actor.UnitID)
		if err != nil {
			return err
		}
		unitName = u.Name
	}
	if err := w.addStep(id, "opinion", "监督意见", on, party, by, unitName, text); err != nil {
		return err
	}
	return w.record(by, transfer.RecordKind, id, "opinion", text, nil, map[string]any{"opinion": text, "on": on})
}
