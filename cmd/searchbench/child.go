package main

import (
	"encoding/json"
	"fmt"
	"math/rand"
	"os"
	"runtime/pprof"
	"strings"
	"syscall"
	"time"

	"fazhi/internal/search"
	"fazhi/internal/search/corpus"
)

// engine is one system under test.
type engine interface {
	build(docs []search.Doc) error
	// query returns the newest-first or relevance top k (ids) or, with
	// count, the number of matches capped at search.CountCap+1.
	query(text string, mode mode) ([]int64, int, error)
	size() (int64, error)
	close()
}

type mode int

const (
	newest mode = iota
	relevance
	count
)

var modeNames = []string{"newest", "relevance", "count"}

// queryResult holds one query's measurements.
type queryResult struct {
	Class  string
	Text   string
	Ms     [3][]float64 // per mode, one per timed pass
	CPU    [3][]float64 // the process's CPU time for the same runs (ms)
	Recall float64      // share of the brute-force newest top 20 found in ours
	Count  int          // matches, capped at CountCap+1
	CntOK  bool         // count agrees with the brute force (capped)
	Extra  int          // hits in the top 20 that the brute force does not have
	NoRel  bool         // the engine has no relevance order
}

type engineResult struct {
	Engine   string
	N        int
	BuildS   float64
	Size     int64
	RawBytes int64
	PeakRSS  int64
	Load     string // 15-minute load average when the engine finished
	Queries  []queryResult
	Note     string
}

// truth is the brute force's answer per query.
type truth struct {
	Top   []int64
	Count int
}

const topK = 20

func runChild(c config, name string) error {
	fmt.Fprintf(os.Stderr, "%s: generating %d records\n", name, c.N)
	docs := corpus.Docs(c.Seed, c.N)
	queries := corpus.Queries(c.Seed+100, docs, c.PerCls)
	var raw int64
	for _, d := range docs {
		raw += int64(len(d.CreditCode) + len(d.DecisionNumber))
		for _, f := range d.Fields {
			raw += int64(len(f.Text))
		}
	}
	if c.Profile != "" {
		f, err := os.Create(fmt.Sprintf("%s-%s.prof", c.Profile, name))
		if err != nil {
			return err
		}
		defer f.Close()
		if err := pprof.StartCPUProfile(f); err != nil {
			return err
		}
		defer pprof.StopCPUProfile()
	}
	kept, keptBuild := keptIndex(c, name)
	e, note, err := openEngine(c, name, kept)
	if err != nil {
		return err
	}
	defer e.close()
	res := &engineResult{Engine: name, N: c.N, BuildS: keptBuild, RawBytes: raw, Note: note}
	if !kept {
		start := time.Now()
		if err := e.build(docs); err != nil {
			return fmt.Errorf("build: %w", err)
		}
		res.BuildS = time.Since(start).Seconds()
	}
	fmt.Fprintf(os.Stderr, "%s: built in %.1fs (kept from an earlier run: %t)\n", name, res.BuildS, kept)
	docs = nil
	if res.Size, err = e.size(); err != nil {
		return err
	}
	truths := map[string]truth{}
	if name != "brute" {
		b, err := waitForTruth(c)
		if err != nil {
			return fmt.Errorf("run the brute force first: %w", err)
		}
		if err := json.Unmarshal(b, &truths); err != nil {
			return err
		}
	}
	if err := measure(c, name, e, queries, truths, res); err != nil {
		return err
	}
	if name == "brute" {
		b, _ := json.Marshal(truths)
		if err := os.WriteFile(truthPath(c), b, 0o644); err != nil {
			return err
		}
	}
	b, _ := json.Marshal(res)
	return os.WriteFile(resultPath(c, name), b, 0o644)
}

// slow is where a query stops being repeated: one timed run is enough to
// show a scan, and repeating it would take the benchmark hours.
// waitForTruth reads the brute force's answers, waiting for them while a
// brute-force run in another invocation (same -dir) is still going: engines
// can be built in parallel invocations and only queried once the truth exists.
func waitForTruth(c config) ([]byte, error) {
	deadline := time.Now().Add(c.TruthWait)
	for {
		b, err := os.ReadFile(truthPath(c))
		if err == nil || !os.IsNotExist(err) || time.Now().After(deadline) {
			return b, err
		}
		time.Sleep(5 * time.Second)
	}
}

const slow = 500 * time.Millisecond

func measure(c config, name string, e engine, queries []corpus.Query, truths map[string]truth, res *engineResult) error {
	res.Queries = make([]queryResult, len(queries))
	passes := c.Passes
	if name == "brute" {
		passes = 1
	}
	order := rand.New(rand.NewSource(c.Seed)).Perm(len(queries))
	for pass := -1; pass < passes; pass++ { // pass -1 is the warm-up
		for _, i := range order {
			q := queries[i]
			qr := &res.Queries[i]
			qr.Class, qr.Text = q.Class, q.Text
			for m := newest; m <= count; m++ {
				if pass >= 0 && len(qr.Ms[m]) > 0 && qr.Ms[m][0] > float64(slow.Milliseconds()) {
					continue // measured once: a scan
				}
				if pass < 0 && name == "brute" {
					continue
				}
				t0, c0 := time.Now(), cpuTime()
				ids, n, err := e.query(q.Text, m)
				ms := float64(time.Since(t0).Microseconds()) / 1000
				cpu := float64((cpuTime() - c0).Microseconds()) / 1000
				if err == errNoRelevance {
					qr.NoRel = true
					continue
				}
				if err != nil {
					return fmt.Errorf("%s %q: %w", modeNames[m], q.Text, err)
				}
				if pass < 0 {
					continue // the warm-up is never counted: it pays for cold caches
				}
				qr.Ms[m] = append(qr.Ms[m], ms)
				qr.CPU[m] = append(qr.CPU[m], cpu)
				switch m {
				case newest:
					if name == "brute" {
						t := truths[q.Text]
						t.Top = ids
						truths[q.Text] = t
					}
					qr.Recall, qr.Extra = recall(truths[q.Text].Top, ids)
				case count:
					if name == "brute" {
						t := truths[q.Text]
						t.Count = n
						truths[q.Text] = t
					}
					qr.Count, qr.CntOK = n, n == truths[q.Text].Count
				}
			}
		}
		fmt.Fprintf(os.Stderr, "%s: pass %d done\n", name, pass)
	}
	return nil
}

// cpuTime is the CPU time the process has used. On a shared machine the
// wall time of a query includes waiting for a core; the CPU time does not
// (for engines that work in this process: not for PostgreSQL's server).
func cpuTime() time.Duration {
	var ru syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// recall is the share of want found in got, and the number of got not in want.
func recall(want, got []int64) (float64, int) {
	in := map[int64]bool{}
	for _, id := range want {
		in[id] = true
	}
	found, extra := 0, 0
	for _, id := range got {
		if in[id] {
			found++
		} else {
			extra++
		}
	}
	if len(want) == 0 {
		return 1, extra
	}
	return float64(found) / float64(len(want)), extra
}

// keptIndex reports whether the run queries the ours-sqlite or FTS5 index of an
// earlier run (-keep), and that run's build time.
func keptIndex(c config, name string) (bool, float64) {
	file := map[string]string{"ours-sqlite": "ours.db", "fts5-trigram": "trigram.db"}[name]
	if !c.Keep || file == "" {
		return false, 0
	}
	if _, err := os.Stat(c.Dir + "/" + file); err != nil {
		return false, 0
	}
	prev, err := loadResult(c, name)
	if err != nil {
		return false, 0
	}
	return true, prev.BuildS
}

func openEngine(c config, name string, kept bool) (engine, string, error) {
	switch name {
	case "brute":
		return &bruteEngine{}, "Go strings.Contains over normalised fields held in memory", nil
	case "ours-sqlite":
		e, err := openOurs(c, "sqlite:"+c.Dir+"/ours.db", !kept)
		return e, "internal/search/index on SQLite (modernc)", err
	case "ours-pg":
		e, err := openOursPG(c)
		return e, "internal/search/index on PostgreSQL", err
	case "fts5-trigram":
		e, err := openTrigram(c, kept)
		return e, "FTS5 tokenize=trigram (modernc), LIKE for terms under 3 characters, rowid in date order", err
	case "pg-trgm":
		e, err := openPgTrgm(c)
		return e, "pg_trgm GIN on normalised text, LIKE per term, C.UTF-8", err
	case "bleve":
		e, err := openBleve(c)
		return e, "Bleve v2.6.3 scorch, cjk analyzer, BM25, match_phrase per term", err
	}
	return nil, "", fmt.Errorf("unknown engine %q", name)
}

// bodyText joins a record's normalised fields with line breaks, which no
// query term contains, so no match spans two fields.
func bodyText(d search.Doc, normalise bool) string {
	parts := []string{d.CreditCode, d.DecisionNumber}
	for _, f := range d.Fields {
		parts = append(parts, f.Text)
	}
	s := strings.Join(parts, "\n")
	if normalise {
		s = search.Normalize(s)
	}
	return s
}

// docKey is the newest-first key every engine sorts by (as the store's).
func docKey(d search.Doc) int64 {
	return (d.DecidedOn.Time().Unix()/86400+25567)<<32 | d.ID
}

type bruteEngine struct{ b *corpus.Brute }

func (e *bruteEngine) build(docs []search.Doc) error { e.b = corpus.NewBrute(docs); return nil }
func (e *bruteEngine) query(text string, m mode) ([]int64, int, error) {
	if m == relevance {
		return nil, 0, errNoRelevance
	}
	ids := e.b.Match(search.Query{Text: text})
	return ids[:min(topK, len(ids))], min(len(ids), search.CountCap+1), nil
}
func (e *bruteEngine) size() (int64, error) { return 0, nil }
func (e *bruteEngine) close()               {}
