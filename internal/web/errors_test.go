package web

import (
	"bytes"
	"context"
	"fmt"
	"log/slog"
	"net/http/httptest"
	"strings"
	"testing"
)

// A request the client abandoned is not an internal error: it is logged
// as abandoned, with nginx's 499, and no error page is rendered.
func TestAbandonedRequestIsNotAnInternalError(t *testing.T) {
	for _, tc := range []struct {
		name     string
		cancel   bool
		err      error
		status   int
		logsWant string
	}{
		{"client gone", true, fmt.Errorf("search: %w", context.Canceled), statusClientClosed, "request abandoned by the client"},
		{"cancelled inside while the client waits", false, fmt.Errorf("search: %w", context.Canceled), 500, "internal error"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var logs bytes.Buffer
			s := &Server{log: slog.New(slog.NewTextHandler(&logs, nil))}
			ctx, cancel := context.WithCancel(context.Background())
			if tc.cancel {
				cancel()
			} else {
				defer cancel()
			}
			r := httptest.NewRequestWithContext(ctx, "GET", "/api/v1/penalties?q=x", nil)
			w := httptest.NewRecorder()
			s.serveError(w, r, tc.err, true)
			if w.Code != tc.status || !strings.Contains(logs.String(), tc.logsWant) {
				t.Fatalf("status %d, log %q; want %d and %q", w.Code, logs.String(), tc.status, tc.logsWant)
			}
		})
	}
}
