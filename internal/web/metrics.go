package web

import (
	"fmt"
	"net/http"
	"runtime"
	"sort"
	"strings"
	"sync"
	"time"
)

// metrics counts requests per route and status in the Prometheus text
// format. The counters are per instance, as Prometheus expects: it
// scrapes each instance and sums.
type metrics struct {
	mu       sync.Mutex
	requests map[string]uint64  // key: method|route|code
	seconds  map[string]float64 // key: method|route
	started  time.Time
}

func newMetrics() *metrics {
	return &metrics{requests: map[string]uint64{}, seconds: map[string]float64{}, started: time.Now()}
}

func (m *metrics) observe(method, pattern string, status int, d time.Duration) {
	if pattern == "" {
		pattern = "unmatched"
	}
	if _, p, ok := strings.Cut(pattern, " "); ok {
		pattern = p
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	m.requests[fmt.Sprintf("%s|%s|%d", method, pattern, status)]++
	m.seconds[method+"|"+pattern] += d.Seconds()
}

func (m *metrics) write(w http.ResponseWriter) {
	m.mu.Lock()
	defer m.mu.Unlock()
	w.Header().Set("Content-Type", "text/plain; version=0.0.4; charset=utf-8")
	fmt.Fprintln(w, "# HELP fazhi_http_requests_total HTTP requests by method, route and status.")
	fmt.Fprintln(w, "# TYPE fazhi_http_requests_total counter")
	for _, k := range sortedKeys(m.requests) {
		p := strings.SplitN(k, "|", 3)
		fmt.Fprintf(w, "fazhi_http_requests_total{method=%q,route=%q,code=%q} %d\n", p[0], p[1], p[2], m.requests[k])
	}
	fmt.Fprintln(w, "# HELP fazhi_http_request_seconds_total Time spent serving requests by method and route.")
	fmt.Fprintln(w, "# TYPE fazhi_http_request_seconds_total counter")
	for _, k := range sortedKeys(m.seconds) {
		p := strings.SplitN(k, "|", 2)
		fmt.Fprintf(w, "fazhi_http_request_seconds_total{method=%q,route=%q} %g\n", p[0], p[1], m.seconds[k])
	}
	fmt.Fprintln(w, "# TYPE fazhi_goroutines gauge")
	fmt.Fprintf(w, "fazhi_goroutines %d\n", runtime.NumGoroutine())
	fmt.Fprintln(w, "# TYPE fazhi_uptime_seconds gauge")
	fmt.Fprintf(w, "fazhi_uptime_seconds %g\n", time.Since(m.started).Seconds())
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
