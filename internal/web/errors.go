package web

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"net/url"

	"fazhi/internal/apperr"
)

// statusClientClosed is nginx's "client closed request".
const statusClientClosed = 499

var statusOf = map[apperr.Kind]int{
	apperr.Internal:        http.StatusInternalServerError,
	apperr.Invalid:         http.StatusUnprocessableEntity,
	apperr.NotFound:        http.StatusNotFound,
	apperr.Forbidden:       http.StatusForbidden,
	apperr.Conflict:        http.StatusConflict,
	apperr.Unauthenticated: http.StatusUnauthorized,
	apperr.TooMany:         http.StatusTooManyRequests,
}

var titleOf = map[apperr.Kind]string{
	apperr.Internal:        "系统内部错误",
	apperr.Invalid:         "输入有误",
	apperr.NotFound:        "未找到",
	apperr.Forbidden:       "无权操作",
	apperr.Conflict:        "数据冲突",
	apperr.Unauthenticated: "请先登录",
	apperr.TooMany:         "操作过于频繁",
}

// problem is an RFC 9457 problem document with the Chinese message and
// the offending fields.
type problem struct {
	Type   string              `json:"type"`
	Title  string              `json:"title"`
	Status int                 `json:"status"`
	Detail string              `json:"detail"`
	Fields []apperr.FieldError `json:"fields,omitempty"`
}

// serveError answers with the status of err's kind: problem+json for the
// API, an error page (or the login page) for the UI. Only internal errors
// are logged with their cause; users never see it.
func (s *Server) serveError(w http.ResponseWriter, r *http.Request, err error, api bool) {
	if errors.Is(err, context.Canceled) && r.Context().Err() != nil {
		// The client went away mid-request (closed the tab, a load tester
		// closing its connections): nobody reads the answer and nothing
		// broke. 499 is the status nginx logs for it.
		s.log.Info("request abandoned by the client", "method", r.Method, "path", r.URL.Path)
		w.WriteHeader(statusClientClosed)
		return
	}
	kind := apperr.KindOf(err)
	status := statusOf[kind]
	if kind == apperr.Internal {
		s.log.Error("internal error", "err", err, "method", r.Method, "path", r.URL.Path)
	}
	if api || isAPI(r) {
		writeProblem(w, status, kind, apperr.Message(err), apperr.FieldsOf(err))
		return
	}
	if kind == apperr.Unauthenticated && r.Method == http.MethodGet {
		http.Redirect(w, r, "/login?next="+url.QueryEscape(r.URL.RequestURI()), http.StatusSeeOther)
		return
	}
	w.WriteHeader(status)
	s.render(w, r, "error", &errorPage{Title: titleOf[kind], Message: apperr.Message(err), Fields: apperr.FieldsOf(err), Status: status})
}

func writeProblem(w http.ResponseWriter, status int, kind apperr.Kind, msg string, fields []apperr.FieldError) {
	w.Header().Set("Content-Type", "application/problem+json; charset=utf-8")
	w.WriteHeader(status)
	json.NewEncoder(w).Encode(problem{Type: "about:blank", Title: titleOf[kind], Status: status, Detail: msg, Fields: fields})
}

type errorPage struct {
	basePage
	Title   string
	Message string
	Fields  []apperr.FieldError
	Status  int
}
