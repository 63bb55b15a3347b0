// Package imports turns spreadsheets into platform records: it maps the
// shared importer's table onto each record kind, checks every row, and
// hands the rows to the store, which writes them all or none. The CLI and
// the web use the same Run, so an import behaves the same everywhere.
package imports

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"sort"
	"strings"

	"fazhi/internal/account"
	"fazhi/internal/importer"
	"fazhi/internal/store"
)

// Kind is an importable record kind.
type Kind struct {
	Name   string // "units", "people"
	Label  string // Chinese
	Schema importer.Schema
	// run maps the table's rows and writes them.
	run func(ctx context.Context, s *store.Store, actor account.Actor, t *importer.Table, rep *importer.Report, dryRun bool) (int, error)
	// permits reports whether an actor may import this kind at all.
	permits func(a account.Actor) bool
}

// Permits reports whether a may import records of kind k (for menus and
// gates; Run still checks every row's scope): units need the legal
// affairs office, people and officers may also be imported by a unit's
// clerk into their own unit, exam results and certificates are the legal
// affairs office's.
func (k Kind) Permits(a account.Actor) bool { return k.permits != nil && k.permits(a) }

// Kinds lists what can be imported, in menu order.
func Kinds() []Kind {
	return []Kind{unitsKind, peopleKind, officersKind, examResultsKind, certificatesKind, normdocsKind, mattersKind, benchmarksKind, disclosuresKind}
}

// KindByName finds a kind.
func KindByName(name string) (Kind, bool) {
	for _, k := range Kinds() {
		if k.Name == name {
			return k, true
		}
	}
	return Kind{}, false
}

// Result is the outcome of one import.
type Result struct {
	RunID   int64
	Kind    string
	Rows    int
	Written int
	DryRun  bool
	Report  *importer.Report
}

// OK reports whether the file had no errors.
func (r Result) OK() bool { return r.Report == nil || r.Report.OK() }

// Run reads file (named filename, for its format), checks every row and,
// unless dryRun or any row is wrong, writes all rows in one transaction.
// A file that cannot be read at all is an error; row problems are in the
// result's report. Every run is recorded with its report.
func Run(ctx context.Context, s *store.Store, actor account.Actor, kind Kind, filename string, file io.Reader, dryRun bool) (Result, error) {
	sheet, err := importer.Read(file, filename)
	if err != nil {
		return Result{}, err
	}
	table, err := kind.Schema.Map(sheet)
	if err != nil {
		return Result{}, err
	}
	rep := table.NewReport()
	table.CheckRequired(rep)
	written, err := kind.run(ctx, s, actor, table, rep, dryRun)
	if err != nil {
		return Result{}, err
	}
	res := Result{Kind: kind.Name, Rows: len(table.Rows), Written: written, DryRun: dryRun, Report: rep}
	run := store.ImportRun{Kind: kind.Name, Filename: filename, RowsRead: res.Rows, RowsWritten: written,
		Errors: len(rep.Errors), DryRun: dryRun, ActorID: actor.UserID, ReportJSON: encodeErrors(rep)}
	if err := s.RecordImportRun(ctx, &run); err != nil {
		return res, err
	}
	res.RunID = run.ID
	return res, nil
}

func encodeErrors(rep *importer.Report) string {
	if rep.OK() {
		return ""
	}
	b, _ := json.Marshal(rep.Sorted())
	return string(b)
}

// SavedReport rebuilds the report of a recorded run, for download from any
// instance.
func SavedReport(run store.ImportRun) (*importer.Report, error) {
	rep := &importer.Report{Rows: run.RowsRead}
	if run.ReportJSON == "" {
		return rep, nil
	}
	if err := json.Unmarshal([]byte(run.ReportJSON), &rep.Errors); err != nil {
		return nil, fmt.Errorf("导入报告损坏：%w", err)
	}
	return rep, nil
}

// addStoreErrors copies the store's row errors into the report, naming
// each field by its column header.
func addStoreErrors(rep *importer.Report, t *importer.Table, rowErrs []store.RowError, values map[int]importer.Row, fieldToKey map[string]string) {
	sort.SliceStable(rowErrs, func(i, j int) bool { return rowErrs[i].Line < rowErrs[j].Line })
	for _, e := range rowErrs {
		key := fieldToKey[e.Field]
		header, value := "", ""
		for _, c := range t.Schema.Columns {
			if c.Key == key {
				header = c.Header
			}
		}
		if row, ok := values[e.Line]; ok && key != "" {
			value = row.Get(key)
		}
		rep.Add(e.Line, header, value, e.Message)
	}
}

// parseBool reads 是/否 style cells.
func parseBool(v string) (bool, bool) {
	switch strings.ToLower(strings.TrimSpace(v)) {
	case "", "否", "n", "no", "false", "0", "×":
		return false, true
	case "是", "y", "yes", "true", "1", "√":
		return true, true
	}
	return false, false
}
