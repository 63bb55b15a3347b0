// Package apperr is the platform's error vocabulary: a short list of kinds
// that the web edge maps to HTTP statuses, and field errors that name the
// offending field and the reason in Chinese. Domain packages return these;
// they never know about HTTP.
package apperr

import (
	"errors"
	"strings"
)

// Kind classifies an error for the edge.
type Kind int

const (
	Internal  Kind = iota
	Invalid        // the input is wrong; nothing was written
	NotFound       // no such record, or not visible to the actor
	Forbidden      // the actor may not do this
	Conflict       // someone else changed the record first, or a duplicate
	Unauthenticated
	TooMany // throttled
)

// Error is an error with a kind and a user-facing Chinese message.
type Error struct {
	Kind    Kind
	Message string
	Fields  []FieldError
	Err     error // the cause, for logs
}

// FieldError names one invalid field.
type FieldError struct {
	Field   string `json:"field"`   // machine name, e.g. "credit_code"
	Label   string `json:"label"`   // Chinese label, e.g. "统一社会信用代码"
	Message string `json:"message"` // the reason, in Chinese
}

func (e *Error) Error() string {
	if len(e.Fields) == 0 {
		return e.Message
	}
	parts := make([]string, 0, len(e.Fields))
	for _, f := range e.Fields {
		parts = append(parts, f.Label+"："+f.Message)
	}
	if e.Message == "" {
		return strings.Join(parts, "；")
	}
	return e.Message + "：" + strings.Join(parts, "；")
}

func (e *Error) Unwrap() error { return e.Err }

// New returns an error of kind with a Chinese message.
func New(kind Kind, msg string) *Error { return &Error{Kind: kind, Message: msg} }

// Wrap attaches a kind and message to a cause.
func Wrap(kind Kind, msg string, err error) *Error {
	return &Error{Kind: kind, Message: msg, Err: err}
}

// KindOf returns the kind of err, Internal when it carries none.
func KindOf(err error) Kind {
	var e *Error
	if errors.As(err, &e) {
		return e.Kind
	}
	return Internal
}

// FieldsOf returns the field errors carried by err.
func FieldsOf(err error) []FieldError {
	var e *Error
	if errors.As(err, &e) {
		return e.Fields
	}
	return nil
}

// Message returns the user-facing message of err; internal errors get a
// generic text so that no detail leaks to the user.
func Message(err error) string {
	var e *Error
	if errors.As(err, &e) && e.Kind != Internal {
		return e.Error()
	}
	return "系统内部错误，请稍后重试或联系管理员"
}

// Fields collects field errors during validation.
type Fields []FieldError

// Add records that field (labelled label) is wrong for reason msg.
func (f *Fields) Add(field, label, msg string) {
	*f = append(*f, FieldError{Field: field, Label: label, Message: msg})
}

// Required records a missing value when v is blank.
func (f *Fields) Required(field, label, v string) bool {
	if strings.TrimSpace(v) == "" {
		f.Add(field, label, "必填项为空")
		return false
	}
	return true
}

// Err returns nil when no field is wrong, else an Invalid error.
func (f Fields) Err() error {
	if len(f) == 0 {
		return nil
	}
	return &Error{Kind: Invalid, Message: "输入有误", Fields: f}
}

// Has reports whether field already has an error.
func (f Fields) Has(field string) bool {
	for _, e := range f {
		if e.Field == field {
			return true
		}
	}
	return false
}
