package web

import (
	"fmt"
	"net/http"
	"net/url"

	"fazhi/internal/apperr"
	"fazhi/internal/importer"
	"fazhi/internal/imports"
	"fazhi/internal/store"
)

// maxUpload bounds an import file.
const maxUpload = 32 << 20

type importPage struct {
	basePage
	Kinds  []imports.Kind
	Kind   string
	DryRun bool
	Result *imports.Result
	Errors []importer.RowError
	Error  string
	Runs   []store.ImportRun
}

// importKinds lists the kinds the actor may import: units need the legal
// affairs office; people may be imported by a unit's clerk into their unit.
func importKinds(r *http.Request) []imports.Kind {
	a := actorOf(r)
	var out []imports.Kind
	for _, k := range imports.Kinds() {
		if k.Permits(a) {
			out = append(out, k)
		}
	}
	return out
}

func allowedKind(r *http.Request, name string) (imports.Kind, error) {
	for _, k := range importKinds(r) {
		if k.Name == name {
			return k, nil
		}
	}
	if _, ok := imports.KindByName(name); ok {
		return imports.Kind{}, denied(actorOf(r))
	}
	return imports.Kind{}, apperr.New(apperr.NotFound, "没有这种导入："+name)
}

func (s *Server) handleImportForm(w http.ResponseWriter, r *http.Request) error {
	p := &importPage{Kinds: importKinds(r), Kind: r.URL.Query().Get("kind"), DryRun: true}
	var err error
	if p.Runs, err = s.store.ImportRuns(r.Context(), 20); err != nil {
		return err
	}
	s.render(w, r, "import", p)
	return nil
}

// runUpload reads the multipart upload and runs the import.
func (s *Server) runUpload(r *http.Request, kindName string, dryRun bool) (imports.Result, error) {
	kind, err := allowedKind(r, kindName)
	if err != nil {
		return imports.Result{}, err
	}
	file, header, err := r.FormFile("file")
	if err != nil {
		var f apperr.Fields
		f.Add("file", "导入文件", "请选择 .csv 或 .xlsx 文件（不超过 32MB）")
		return imports.Result{}, f.Err()
	}
	defer file.Close()
	res, err := imports.Run(r.Context(), s.store, actorOf(r), kind, header.Filename, file, dryRun)
	if err != nil && apperr.KindOf(err) == apperr.Internal {
		if _, isIO := err.(interface{ Timeout() bool }); !isIO && kindOfImportErr(err) {
			err = apperr.Wrap(apperr.Invalid, err.Error(), err)
		}
	}
	return res, err
}

// kindOfImportErr reports errors that are about the file, not the system.
func kindOfImportErr(err error) bool {
	for _, target := range []error{importer.ErrUnsupportedType, importer.ErrTooManyRows, importer.ErrNoHeader, importer.ErrUnreadable} {
		if errorsIs(err, target) {
			return true
		}
	}
	var he *importer.HeaderError
	return errorsAs(err, &he)
}

func (s *Server) handleImport(w http.ResponseWriter, r *http.Request) error {
	dryRun := r.FormValue("dry_run") == "1"
	kind := r.FormValue("kind")
	p := &importPage{Kinds: importKinds(r), Kind: kind, DryRun: dryRun}
	res, err := s.runUpload(r, kind, dryRun)
	switch {
	case err != nil && apperr.KindOf(err) == apperr.Invalid:
		p.Error = apperr.Message(err)
		w.WriteHeader(http.StatusUnprocessableEntity)
	case err != nil:
		return err
	default:
		p.Result = &res
		p.Errors = res.Report.Sorted()
		if !res.OK() {
			w.WriteHeader(http.StatusUnprocessableEntity)
		}
	}
	if p.Runs, err = s.store.ImportRuns(r.Context(), 20); err != nil {
		return err
	}
	s.render(w, r, "import", p)
	return nil
}

func (s *Server) handleImportTemplate(w http.ResponseWriter, r *http.Request) error {
	kind, ok := imports.KindByName(r.PathValue("kind"))
	if !ok {
		return apperr.New(apperr.NotFound, "没有这种导入模板")
	}
	name := url.PathEscape(kind.Label + "导入模板.xlsx")
	w.Header().Set("Content-Type", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
	w.Header().Set("Content-Disposition", "attachment; filename*=UTF-8''"+name)
	return kind.Schema.TemplateXLSX(w)
}

func (s *Server) handleImportReport(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	run, err := s.store.ImportRunByID(r.Context(), id)
	if err != nil {
		return err
	}
	a := actorOf(r)
	if run.ActorID != a.UserID && !a.SeesAll() {
		return apperr.New(apperr.NotFound, "导入记录不存在或您无权查看")
	}
	rep, err := imports.SavedReport(run)
	if err != nil {
		return err
	}
	format := r.URL.Query().Get("format")
	name := url.PathEscape(fmt.Sprintf("导入错误报告-%d.", run.ID))
	switch format {
	case "xlsx":
		w.Header().Set("Content-Type", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
		w.Header().Set("Content-Disposition", "attachment; filename*=UTF-8''"+name+"xlsx")
		return rep.WriteXLSX(w)
	default:
		w.Header().Set("Content-Type", "text/csv; charset=utf-8")
		w.Header().Set("Content-Disposition", "attachment; filename*=UTF-8''"+name+"csv")
		return rep.WriteCSV(w)
	}
}
