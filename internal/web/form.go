package web

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"fazhi/internal/apperr"
	"fazhi/internal/calendar"
	"fazhi/internal/store"
)

// pathID reads the {id} path value.
func pathID(r *http.Request) (int64, error) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id <= 0 {
		return 0, apperr.New(apperr.NotFound, "编号无效："+r.PathValue("id"))
	}
	return id, nil
}

func formInt(r *http.Request, name string) int64 {
	n, _ := strconv.ParseInt(strings.TrimSpace(r.FormValue(name)), 10, 64)
	return n
}

// formDate reads an optional date field, recording a field error.
func formDate(r *http.Request, name, label string, f *apperr.Fields) *calendar.Date {
	v := strings.TrimSpace(r.FormValue(name))
	if v == "" {
		return nil
	}
	d, err := calendar.ParseDate(v)
	if err != nil {
		f.Add(name, label, err.Error())
		return nil
	}
	return &d
}

// pager turns limit/offset query values into a page and the links a list
// needs.
type pager struct {
	Total  int
	Limit  int
	Offset int
	Query  url.Values
}

func pageOf(r *http.Request) store.Page {
	q := r.URL.Query()
	limit, _ := strconv.Atoi(q.Get("limit"))
	offset, _ := strconv.Atoi(q.Get("offset"))
	return store.Page{Limit: limit, Offset: offset}.Norm()
}

func newPager(r *http.Request, p store.Page, total int) pager {
	return pager{Total: total, Limit: p.Limit, Offset: p.Offset, Query: r.URL.Query()}
}

// From and To are the 1-based positions shown ("第 1–50 条").
func (p pager) From() int { return min(p.Offset+1, p.Total) }
func (p pager) To() int   { return min(p.Offset+p.Limit, p.Total) }

// PrevOffset and NextOffset are -1 when there is no such page.
func (p pager) PrevOffset() int {
	if p.Offset == 0 {
		return -1
	}
	return max(p.Offset-p.Limit, 0)
}

func (p pager) NextOffset() int {
	if p.Offset+p.Limit >= p.Total {
		return -1
	}
	return p.Offset + p.Limit
}

// formState is what a form page shows after a failed submission: the
// message per field and a summary. Form pages embed it.
type formState struct {
	Errors  map[string]string
	Message string
}

// fail records err on the form and writes its status, or returns err when
// it is not about the input (the caller then serves the error page).
func (f *formState) fail(w http.ResponseWriter, err error) error {
	kind := apperr.KindOf(err)
	if kind != apperr.Invalid && kind != apperr.Conflict {
		return err
	}
	f.Errors = map[string]string{}
	for _, fe := range apperr.FieldsOf(err) {
		if f.Errors[fe.Field] == "" {
			f.Errors[fe.Field] = fe.Message
		}
	}
	f.Message = apperr.Message(err)
	w.WriteHeader(statusOf[kind])
	return nil
}
