package store

// Case evaluation (案卷评查): versioned scoring sheets, batches that draw
// closed ordinary-procedure cases at random per unit, and the scores of
// each drawn case against the batch's sheet version.

import (
	"context"
	"database/sql"
	"fmt"
	"strings"

	"fazhi/internal/account"
	"fazhi/internal/apperr"
	"fazhi/internal/audit"
	"fazhi/internal/calendar"
	"fazhi/internal/enforcement"
	"fazhi/internal/supervise"
)

// Record kinds of the evaluation area in the audit chain.
const (
	sheetKind     = "evaluation_sheet"
	batchKind     = "evaluation_batch"
	evalCaseKind  = "evaluation_case"
	sheetInUseSQL = `EXISTS (SELECT 1 FROM evaluation_batches b WHERE b.sheet_id = s.id)`
)

// ---------- sheets ----------

// Sheets lists every sheet version, by name and version.
func (s *Store) Sheets(ctx context.Context) ([]supervise.Sheet, error) {
	rows, err := s.DB.QueryContext(ctx, `SELECT s.id, s.name, s.version, s.effective_from, s.note, `+sheetInUseSQL+`, s.created_at
		FROM evaluation_sheets s ORDER BY s.name, s.version DESC`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []supervise.Sheet
	for rows.Next() {
		var sh supervise.Sheet
		if err := rows.Scan(&sh.ID, &sh.Name, &sh.Version, &sh.EffectiveFrom, &sh.Note, &sh.InUse, &sh.CreatedAt); err != nil {
			return nil, err
		}
		out = append(out, sh)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	for i := range out {
		if out[i].Items, err = s.sheetItems(ctx, s.DB, out[i].ID); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// Sheet returns one sheet version with its items.
func (s *Store) Sheet(ctx context.Context, id int64) (supervise.Sheet, error) {
	return s.sheetByID(ctx, s.DB, id)
}

func (s *Store) sheetByID(ctx context.Context, q querier, id int64) (supervise.Sheet, error) {
	var sh supervise.Sheet
	err := q.QueryRowContext(ctx, `SELECT s.id, s.name, s.version, s.effective_from, s.note, `+sheetInUseSQL+`, s.created_at
		FROM evaluation_sheets s WHERE s.id = $1`, id).
		Scan(&sh.ID, &sh.Name, &sh.Version, &sh.EffectiveFrom, &sh.Note, &sh.InUse, &sh.CreatedAt)
	if err != nil {
		return sh, notFound(err, "评分表不存在")
	}
	sh.Items, err = s.sheetItems(ctx, q, id)
	return sh, err
}

func (s *Store) sheetItems(ctx context.Context, q querier, sheetID int64) ([]supervise.SheetItem, error) {
	rows, err := q.QueryContext(ctx, `SELECT id, seq, category, content, points FROM evaluation_sheet_items
		WHERE sheet_id = $1 ORDER BY seq`, sheetID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []supervise.SheetItem
	for rows.Next() {
		var it supervise.SheetItem
		if err := rows.Scan(&it.ID, &it.Seq, &it.Category, &it.Text, &it.Points); err != nil {
			return nil, err
		}
		out = append(out, it)
	}
	return out, rows.Err()
}

// SaveSheet stores a sheet: a new version of the named sheet when sh.ID
// is 0 (version 1 for a new name), otherwise a change of a version no
// batch uses yet. A version in use never changes: its scores are read
// against it.
func (s *Store) SaveSheet(ctx context.Context, actor account.Actor, sh *supervise.Sheet, reason string) error {
	return s.inTx(ctx, func(tx *sql.Tx) error { return s.writer(ctx, tx).saveSheet(actor, sh, reason) })
}

// SaveSheet is Store.SaveSheet inside the bulk.
func (b *Bulk) SaveSheet(actor account.Actor, sh *supervise.Sheet, reason string) error {
	return b.w.saveSheet(actor, sh, reason)
}

func (w *txWriter) saveSheet(actor account.Actor, sh *supervise.Sheet, reason string) error {
	if !actor.SeesAll() {
		return apperr.New(apperr.Forbidden, "评分表由法制办制定")
	}
	if err := sh.Prepare(); err != nil {
		return err
	}
	if sh.ID == 0 {
		return w.createSheetVersion(actor, sh)
	}
	before, err := w.s.sheetByID(w.ctx, w.q, sh.ID)
	if err != nil {
		return err
	}
	if before.InUse {
		return apperr.New(apperr.Conflict, fmt.Sprintf("“%s”第 %d 版已用于评查批次，不能修改；请另存为新版本", before.Name, before.Version))
	}
	if reason == "" {
		var f apperr.Fields
		f.Add("reason", "修改理由", "修改评分表须说明理由")
		return f.Err()
	}
	sh.Name, sh.Version = before.Name, before.Version
	if _, err := w.q.ExecContext(w.ctx, `UPDATE evaluation_sheets SET effective_from=$1, note=$2 WHERE id=$3`,
		sh.EffectiveFrom, sh.Note, sh.ID); err != nil {
		return err
	}
	if _, err := w.q.ExecContext(w.ctx, `DELETE FROM evaluation_sheet_items WHERE sheet_id = $1`, sh.ID); err != nil {
		return err
	}
	if err := w.insertSheetItems(sh); err != nil {
		return err
	}
	return w.record(actor.Audit(), sheetKind, sh.ID, audit.Update, reason, before, sh)
}

func (w *txWriter) createSheetVersion(actor account.Actor, sh *supervise.Sheet) error {
	if err := w.q.QueryRowContext(w.ctx, `SELECT COALESCE(MAX(version), 0) + 1 FROM evaluation_sheets WHERE name = $1`,
		sh.Name).Scan(&sh.Version); err != nil {
		return err
	}
	sh.CreatedAt = w.s.now()
	if err := w.q.QueryRowContext(w.ctx, `INSERT INTO evaluation_sheets (name, version, effective_from, note, created_at)
		VALUES ($1, $2, $3, $4, $5) RETURNING id`, sh.Name, sh.Version, sh.EffectiveFrom, sh.Note, sh.CreatedAt).Scan(&sh.ID); err != nil {
		return err
	}
	if err := w.insertSheetItems(sh); err != nil {
		return err
	}
	return w.record(actor.Audit(), sheetKind, sh.ID, audit.Create, "", nil, sh)
}

func (w *txWriter) insertSheetItems(sh *supervise.Sheet) error {
	for i := range sh.Items {
		it := &sh.Items[i]
		if err := w.q.QueryRowContext(w.ctx, `INSERT INTO evaluation_sheet_items (sheet_id, seq, category, content, points)
			VALUES ($1, $2, $3, $4, $5) RETURNING id`, sh.ID, it.Seq, it.Category, it.Text, it.Points).Scan(&it.ID); err != nil {
			return err
		}
	}
	return nil
}

// ---------- batches ----------

const batchColumns = `b.id, b.name, b.year, b.sheet_id, s.name, s.version, b.closed_from, b.closed_to, b.per_unit, b.seed,
	b.pass_mark, b.excellent_mark, b.citation, b.state, b.started_on, b.completed_on, b.version, b.created_at,
	(SELECT COUNT(*) FROM evaluation_cases e WHERE e.batch_id = b.id),
	(SELECT COUNT(*) FROM evaluation_cases e WHERE e.batch_id = b.id AND e.total IS NOT NULL)`

const batchFrom = ` FROM evaluation_batches b JOIN evaluation_sheets s ON s.id = b.sheet_id`

func scanBatch(row interface{ Scan(...any) error }) (supervise.Batch, error) {
	var b supervise.Batch
	var completed sql.NullString
	err := row.Scan(&b.ID, &b.Name, &b.Year, &b.SheetID, &b.SheetName, &b.SheetVersion, &b.ClosedFrom, &b.ClosedTo, &b.PerUnit,
		&b.Seed, &b.PassMark, &b.ExcellentMk, &b.Citation, &b.State, &b.StartedOn, &completed, &b.Version, &b.CreatedAt,
		&b.Sampled, &b.Scored)
	if err != nil {
		return b, err
	}
	b.CompletedOn, err = optDate(completed)
	return b, err
}

// Batches lists the evaluation batches, the newest first. unitIDs, when
// not nil, counts only the drawn cases of those units.
func (s *Store) Batches(ctx context.Context) ([]supervise.Batch, error) {
	rows, err := s.DB.QueryContext(ctx, `SELECT `+batchColumns+batchFrom+` ORDER BY b.year DESC, b.id DESC`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []supervise.Batch
	for rows.Next() {
		b, err := scanBatch(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, b)
	}
	return out, rows.Err()
}

// Batch returns one batch.
func (s *Store) Batch(ctx context.Context, id int64) (supervise.Batch, error) {
	return s.batchByID(ctx, s.DB, id)
}

func (s *Store) batchByID(ctx context.Context, q querier, id int64) (supervise.Batch, error) {
	b, err := scanBatch(q.QueryRowContext(ctx, `SELECT `+batchColumns+batchFrom+` WHERE b.id = $1`, id))
	return b, notFound(err, "评查批次不存在")
}

// StartBatch creates a batch and draws its cases: up to PerUnit closed
// ordinary-procedure cases of each unit closed in the period, at random
// with the batch's seed (a zero seed is replaced by one from the clock and
// recorded). The marks are the rules in force on the start day.
func (s *Store) StartBatch(ctx context.Context, actor account.Actor, b *supervise.Batch) error {
	return s.inTx(ctx, func(tx *sql.Tx) error { return s.writer(ctx, tx).startBatch(actor, b) })
}

// StartBatch is Store.StartBatch inside the bulk.
func (b *Bulk) StartBatch(actor account.Actor, batch *supervise.Batch) error {
	return b.w.startBatch(actor, batch)
}

func (w *txWriter) startBatch(actor account.Actor, b *supervise.Batch) error {
	if !actor.SeesAll() {
		return apperr.New(apperr.Forbidden, "案卷评查由法制办组织")
	}
	if err := b.Prepare(); err != nil {
		return err
	}
	var f apperr.Fields
	if b.StartedOn.IsZero() {
		b.StartedOn = w.s.today()
	}
	sh, err := w.s.sheetByID(w.ctx, w.q, b.SheetID)
	if err != nil {
		f.Add("sheet_id", "评分表", "评分表不存在")
		return f.Err()
	}
	if sh.EffectiveFrom.After(b.StartedOn) {
		f.Add("sheet_id", "评分表", "该版本自 "+sh.EffectiveFrom.String()+" 起启用")
		return f.Err()
	}
	pass, err := w.ruleAsOf("evaluation.pass_mark", b.StartedOn)
	if err != nil {
		return err
	}
	excellent, err := w.ruleAsOf("evaluation.excellent_mark", b.StartedOn)
	if err != nil {
		return err
	}
	if b.PassMark, err = pass.Int(); err != nil {
		return err
	}
	if b.ExcellentMk, err = excellent.Int(); err != nil {
		return err
	}
	b.Citation = pass.Citation
	if b.Seed == 0 {
		b.Seed = w.s.now().UnixNano()
	}
	cands, cases, err := w.closedCases(b.ClosedFrom, b.ClosedTo)
	if err != nil {
		return err
	}
	drawn := supervise.Sample(cands, b.PerUnit, b.Seed)
	if len(drawn) == 0 {
		f.Add("closed_to", "结案日期至", "该期间内没有已结案的普通程序案件")
		return f.Err()
	}
	b.State, b.Version, b.CreatedAt = supervise.Scoring, 1, w.s.now()
	err = w.q.QueryRowContext(w.ctx, `INSERT INTO evaluation_batches (name, year, sheet_id, closed_from, closed_to, per_unit, seed,
		pass_mark, excellent_mark, citation, state, started_on, version, created_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, 1, $13) RETURNING id`,
		b.Name, b.Year, b.SheetID, b.ClosedFrom, b.ClosedTo, b.PerUnit, b.Seed, b.PassMark, b.ExcellentMk, b.Citation,
		b.State, b.StartedOn, b.CreatedAt).Scan(&b.ID)
	if isUnique(err) {
		f.Add("name", "批次名称", "已有同名的评查批次")
		return f.Err()
	}
	if err != nil {
		return err
	}
	for _, d := range drawn {
		c := cases[d.CaseID]
		if _, err := w.q.ExecContext(w.ctx, `INSERT INTO evaluation_cases (batch_id, case_id, unit_id, case_number, case_title, closed_on)
			VALUES ($1, $2, $3, $4, $5, $6)`, b.ID, c.ID, c.UnitID, c.Number(), c.Title(), c.ClosedOn); err != nil {
			return err
		}
	}
	b.SheetName, b.SheetVersion, b.Sampled = sh.Name, sh.Version, len(drawn)
	return w.record(actor.Audit(), batchKind, b.ID, audit.Create, "", nil, b)
}

// closedCases lists the ordinary-procedure cases closed in [from, to]:
// the draw's candidates, and the facts each drawn case keeps.
func (w *txWriter) closedCases(from, to calendar.Date) ([]supervise.Candidate, map[int64]enforcement.Case, error) {
	rows, err := w.q.QueryContext(w.ctx, `SELECT c.id, c.unit_id, COALESCE(c.filing_number, ''), COALESCE(c.decision_number, ''),
		c.party_name, m.name, c.closed_on FROM enf_cases c JOIN enf_matters m ON m.id = c.matter_id
		WHERE c.procedure = 'ordinary' AND c.closed_on >= $1 AND c.closed_on <= $2`, from, to)
	if err != nil {
		return nil, nil, err
	}
	defer rows.Close()
	var cands []supervise.Candidate
	cases := map[int64]enforcement.Case{}
	for rows.Next() {
		var c enforcement.Case
		var closed calendar.Date
		if err := rows.Scan(&c.ID, &c.UnitID, &c.FilingNumber, &c.DecisionNumber, &c.Party.Name, &c.MatterName, &closed); err != nil {
			return nil, nil, err
		}
		c.ClosedOn = &closed
		cases[c.ID] = c
		cands = append(cands, supervise.Candidate{CaseID: c.ID, UnitID: c.UnitID})
	}
	return cands, cases, rows.Err()
}

// EvaluationCases lists the drawn cases of a batch (with their scores),
// by unit and case; unitIDs, when not nil, narrows them to those units.
func (s *Store) EvaluationCases(ctx context.Context, batchID int64, unitIDs []int64) ([]supervise.Sampled, error) {
	return s.evaluationCases(ctx, s.DB, batchID, unitIDs)
}

// EvaluationCases is Store.EvaluationCases inside the bulk (all units).
func (b *Bulk) EvaluationCases(batchID int64) ([]supervise.Sampled, error) {
	return b.w.s.evaluationCases(b.w.ctx, b.w.q, batchID, nil)
}

// Batch is Store.Batch inside the bulk.
func (b *Bulk) Batch(id int64) (supervise.Batch, error) { return b.w.s.batchByID(b.w.ctx, b.w.q, id) }

func (s *Store) evaluationCases(ctx context.Context, q querier, batchID int64, unitIDs []int64) ([]supervise.Sampled, error) {
	w := newWhere()
	w.add("e.batch_id = ?", batchID)
	if !w.in("e.unit_id", unitIDs) {
		return nil, nil
	}
	rows, err := q.QueryContext(ctx, `SELECT `+evalCaseColumns+evalCaseFrom+w.sql()+` ORDER BY u.sort_order, e.case_id`, w.args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []supervise.Sampled
	for rows.Next() {
		e, err := scanEvalCase(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, e)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	scores, err := s.batchScores(ctx, q, batchID)
	if err != nil {
		return nil, err
	}
	for i := range out {
		out[i].Scores = scores[out[i].ID]
	}
	return out, nil
}

const evalCaseColumns = `e.id, e.batch_id, e.case_id, e.unit_id, u.name, e.case_number, e.case_title, e.closed_on, e.total,
	e.grade, e.comment, e.evaluator, e.evaluated_on, e.version`

const evalCaseFrom = ` FROM evaluation_cases e JOIN units u ON u.id = e.unit_id`

func scanEvalCase(row interface{ Scan(...any) error }) (supervise.Sampled, error) {
	var e supervise.Sampled
	var total sql.NullInt64
	var on sql.NullString
	err := row.Scan(&e.ID, &e.BatchID, &e.CaseID, &e.UnitID, &e.UnitName, &e.CaseNumber, &e.CaseTitle, &e.ClosedOn, &total,
		&e.Grade, &e.Comment, &e.Evaluator, &on, &e.Version)
	if err != nil {
		return e, err
	}
	if total.Valid {
		t := int(total.Int64)
		e.Total = &t
	}
	e.EvaluatedOn, err = optDate(on)
	return e, err
}

func (s *Store) batchScores(ctx context.Context, q querier, batchID int64) (map[int64][]supervise.Score, error) {
	rows, err := q.QueryContext(ctx, `SELECT sc.evaluation_case_id, sc.item_id, sc.points, sc.note FROM evaluation_scores sc
		JOIN evaluation_cases e ON e.id = sc.evaluation_case_id JOIN evaluation_sheet_items it ON it.id = sc.item_id
		WHERE e.batch_id = $1 ORDER BY sc.evaluation_case_id, it.seq`, batchID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[int64][]supervise.Score{}
	for rows.Next() {
		var id int64
		var sc supervise.Score
		if err := rows.Scan(&id, &sc.ItemID, &sc.Points, &sc.Note); err != nil {
			return nil, err
		}
		out[id] = append(out[id], sc)
	}
	return out, rows.Err()
}

// EvaluationCase returns one drawn case with its scores.
func (s *Store) EvaluationCase(ctx context.Context, id int64) (supervise.Sampled, error) {
	return s.evalCase(ctx, s.DB, id)
}

func (s *Store) evalCase(ctx context.Context, q querier, id int64) (supervise.Sampled, error) {
	e, err := scanEvalCase(q.QueryRowContext(ctx, `SELECT `+evalCaseColumns+evalCaseFrom+` WHERE e.id = $1`, id))
	if err != nil {
		return e, notFound(err, "评查案卷不存在")
	}
	rows, err := q.QueryContext(ctx, `SELECT sc.item_id, sc.points, sc.note FROM evaluation_scores sc
		JOIN evaluation_sheet_items it ON it.id = sc.item_id WHERE sc.evaluation_case_id = $1 ORDER BY it.seq`, id)
	if err != nil {
		return e, err
	}
	defer rows.Close()
	for rows.Next() {
		var sc supervise.Score
		if err := rows.Scan(&sc.ItemID, &sc.Points, &sc.Note); err != nil {
			return e, err
		}
		e.Scores = append(e.Scores, sc)
	}
	return e, rows.Err()
}

// ScoreInput is an evaluator's scoring of one drawn case.
type ScoreInput struct {
	Version int
	Scores  []supervise.Score
	Comment string
	On      calendar.Date
}

// ScoreCase records (or corrects) the scores of a drawn case while its
// batch is being scored; the total and grade follow from the batch's
// sheet version and marks.
func (s *Store) ScoreCase(ctx context.Context, actor account.Actor, id int64, in ScoreInput) (supervise.Sampled, error) {
	return inWriter(ctx, s, func(w *txWriter) (supervise.Sampled, error) { return w.scoreCase(actor, id, in) })
}

// ScoreCase is Store.ScoreCase inside the bulk.
func (b *Bulk) ScoreCase(actor account.Actor, id int64, in ScoreInput) (supervise.Sampled, error) {
	return b.w.scoreCase(actor, id, in)
}

func (w *txWriter) scoreCase(actor account.Actor, id int64, in ScoreInput) (supervise.Sampled, error) {
	if !actor.SeesAll() {
		return supervise.Sampled{}, apperr.New(apperr.Forbidden, "案卷评分由法制办组织的评查人员进行")
	}
	before, err := w.s.evalCase(w.ctx, w.q, id)
	if err != nil {
		return before, err
	}
	b, err := w.s.batchByID(w.ctx, w.q, before.BatchID)
	if err != nil {
		return before, err
	}
	if b.State != supervise.Scoring {
		return before, apperr.New(apperr.Conflict, "评查批次已完成，评分不能再修改")
	}
	sh, err := w.s.sheetByID(w.ctx, w.q, b.SheetID)
	if err != nil {
		return before, err
	}
	for i := range in.Scores {
		in.Scores[i].Note = strings.TrimSpace(in.Scores[i].Note)
	}
	total, err := supervise.CheckScores(sh, in.Scores)
	var f apperr.Fields
	if in.On.IsZero() {
		f.Add("on", "评查日期", "必填项为空")
	} else if in.On.Before(b.StartedOn) || in.On.After(w.s.today()) {
		f.Add("on", "评查日期", "应在批次开始之日至今天之间")
	}
	if err != nil || f.Err() != nil {
		f = append(f, apperr.FieldsOf(err)...)
		return before, f.Err()
	}
	grade := supervise.Grade(total, b.PassMark, b.ExcellentMk)
	res, err := w.q.ExecContext(w.ctx, `UPDATE evaluation_cases SET total=$1, grade=$2, comment=$3, evaluator=$4, evaluated_on=$5,
		version=version+1 WHERE id=$6 AND version=$7`, total, grade, strings.TrimSpace(in.Comment), actor.Name, in.On, id, in.Version)
	if err != nil {
		return before, err
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return before, conflict("案卷“" + before.CaseNumber + "”的评分")
	}
	if _, err := w.q.ExecContext(w.ctx, `DELETE FROM evaluation_scores WHERE evaluation_case_id = $1`, id); err != nil {
		return before, err
	}
	for _, sc := range in.Scores {
		if _, err := w.q.ExecContext(w.ctx, `INSERT INTO evaluation_scores (evaluation_case_id, item_id, points, note)
			VALUES ($1, $2, $3, $4)`, id, sc.ItemID, sc.Points, sc.Note); err != nil {
			return before, err
		}
	}
	after, err := w.s.evalCase(w.ctx, w.q, id)
	if err != nil {
		return after, err
	}
	return after, w.record(actor.Audit(), evalCaseKind, id, "evaluate", "", before, after)
}

// CompleteBatch closes a batch whose drawn cases are all scored; its
// results then show to the units.
func (s *Store) CompleteBatch(ctx context.Context, actor account.Actor, id int64, version int, on calendar.Date) error {
	return s.inTx(ctx, func(tx *sql.Tx) error { return s.writer(ctx, tx).completeBatch(actor, id, version, on) })
}

// CompleteBatch is Store.CompleteBatch inside the bulk.
func (b *Bulk) CompleteBatch(actor account.Actor, id int64, version int, on calendar.Date) error {
	return b.w.completeBatch(actor, id, version, on)
}

func (w *txWriter) completeBatch(actor account.Actor, id int64, version int, on calendar.Date) error {
	if !actor.SeesAll() {
		return apperr.New(apperr.Forbidden, "案卷评查由法制办组织")
	}
	before, err := w.s.batchByID(w.ctx, w.q, id)
	if err != nil {
		return err
	}
	switch {
	case before.State != supervise.Scoring:
		return apperr.New(apperr.Conflict, "评查批次已完成")
	case before.Scored < before.Sampled:
		return apperr.New(apperr.Invalid, fmt.Sprintf("还有 %d 件案卷未评分", before.Sampled-before.Scored))
	case on.IsZero() || on.Before(before.StartedOn) || on.After(w.s.today()):
		var f apperr.Fields
		f.Add("on", "完成日期", "应在批次开始之日至今天之间")
		return f.Err()
	}
	res, err := w.q.ExecContext(w.ctx, `UPDATE evaluation_batches SET state=$1, completed_on=$2, version=version+1
		WHERE id=$3 AND version=$4`, supervise.Completed, on, id, version)
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return conflict("评查批次“" + before.Name + "”")
	}
	after, err := w.s.batchByID(w.ctx, w.q, id)
	if err != nil {
		return err
	}
	return w.record(actor.Audit(), batchKind, id, "complete", "", before, after)
}
