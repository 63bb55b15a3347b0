package web

// Public verification of a certificate (执法证件查验): the form, the page
// the card's QR code opens, and the same answer as JSON. The public sees
// only what store.Verify returns (never the ID number); lookups are
// throttled per address by the store.

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"unicode/utf8"

	"fazhi/internal/apperr"
	"fazhi/internal/store"
)

type verifyPage struct {
	basePage
	Number string
	Result *store.Verification
	Error  string
	Kind   string // "notfound", "throttled" or "invalid" when Error is set
}

func (s *Server) handleVerifyForm(w http.ResponseWriter, r *http.Request) error {
	if n := strings.TrimSpace(r.URL.Query().Get("number")); n != "" {
		http.Redirect(w, r, "/verify/"+url.PathEscape(n), http.StatusSeeOther)
		return nil
	}
	s.render(w, r, "cert_verify", &verifyPage{})
	return nil
}

// verify looks number up for the public.
func (s *Server) verify(r *http.Request, number string) (store.Verification, error) {
	number = strings.TrimSpace(number)
	if number == "" || utf8.RuneCountInString(number) > 40 {
		var f apperr.Fields
		f.Add("number", "证件编号", "请输入证件正面印制的编号")
		return store.Verification{}, f.Err()
	}
	v, err := s.store.Verify(r.Context(), number, clientIP(r), s.today())
	if apperr.KindOf(err) == apperr.NotFound {
		err = apperr.New(apperr.NotFound, fmt.Sprintf("未查到编号为“%s”的行政执法证：该证件不存在或编号有误，请核对证件正面印制的编号", number))
	}
	return v, err
}

func (s *Server) handleVerify(w http.ResponseWriter, r *http.Request) error {
	number := r.PathValue("number")
	v, err := s.verify(r, number)
	p := &verifyPage{Number: strings.TrimSpace(number)}
	// Nobody should cache an answer that changes with the certificate.
	w.Header().Set("Cache-Control", "no-store")
	switch kind := apperr.KindOf(err); {
	case err == nil:
		p.Result = &v
	case kind == apperr.NotFound:
		p.Error, p.Kind = apperr.Message(err), "notfound"
		w.WriteHeader(http.StatusNotFound)
	case kind == apperr.TooMany:
		p.Error, p.Kind = apperr.Message(err), "throttled"
		w.Header().Set("Retry-After", "60")
		w.WriteHeader(http.StatusTooManyRequests)
	case kind == apperr.Invalid:
		p.Error, p.Kind = "请输入证件正面印制的编号", "invalid"
		w.WriteHeader(http.StatusUnprocessableEntity)
	default:
		return err
	}
	s.render(w, r, "cert_verify", p)
	return nil
}

func (s *Server) apiVerify(w http.ResponseWriter, r *http.Request) error {
	v, err := s.verify(r, r.PathValue("number"))
	if apperr.KindOf(err) == apperr.TooMany {
		w.Header().Set("Retry-After", "60")
	}
	if err != nil {
		return err
	}
	w.Header().Set("Cache-Control", "no-store")
	return writeJSON(w, http.StatusOK, v)
}
