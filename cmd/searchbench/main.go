// Command searchbench runs the public-search benchmark of issue 6: one
// deterministic corpus and query set, our engine on SQLite and on
// PostgreSQL, and the peers — Bleve v2 (cjk analyzer, BM25), SQLite FTS5
// trigram (LIKE for terms under 3 characters), PostgreSQL pg_trgm (GIN)
// and a brute-force scan, which is also the ground truth. Each engine runs
// in its own child process so that its peak memory is its own. The
// peers' dependencies live here, outside the fazhi binary.
//
//	go run ./cmd/searchbench -n 1000000 -out docs/bench-1m.md
package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"time"

	"fazhi/internal/store"
)

type config struct {
	N         int
	PerCls    int
	Passes    int
	Dir       string
	PG        string
	Engines   []string
	Seed      int64
	Keep      bool          // ours-sqlite: query the index already in Dir instead of rebuilding it
	Profile   string        // write a CPU profile of each engine's child to Profile-<engine>.prof
	CacheMB   int           // our engine's posting-list cache (store.SearchCacheBytes)
	TruthWait time.Duration // how long a child waits for the brute force run by another invocation
}

func main() {
	var c config
	var engines, child, out string
	flag.IntVar(&c.N, "n", 40000, "records in the corpus")
	flag.IntVar(&c.PerCls, "per", 20, "queries per class")
	flag.IntVar(&c.Passes, "passes", 3, "timed passes over the queries (after one warm-up)")
	flag.StringVar(&c.Dir, "dir", "/tmp/searchbench", "working directory (databases, Bleve index, results)")
	flag.StringVar(&c.PG, "pg", "postgres://postgres@127.0.0.1:5432/postgres?sslmode=disable", "PostgreSQL server (a bench database is created)")
	flag.StringVar(&engines, "engines", "brute,ours-sqlite,ours-pg,fts5-trigram,pg-trgm,bleve", "engines to run, in order (brute first: it is the ground truth)")
	flag.StringVar(&child, "child", "", "internal: run one engine")
	reuse := flag.Bool("reuse", false, "reuse the saved result of an engine instead of running it again (to re-run only some engines)")
	flag.StringVar(&out, "out", "", "also write the report (Markdown) here")
	csvPath := flag.String("csv", "", "write -n generated records as a disclosure import file (for the load test) and exit")
	queryPath := flag.String("queries", "", "write the load test's request paths (from a corpus of -n records) and exit")
	flag.Int64Var(&c.Seed, "seed", 1, "corpus seed")
	flag.BoolVar(&c.Keep, "keep", false, "ours-sqlite, fts5-trigram: keep the index database of an earlier run in -dir and only query it (build time and size from that run)")
	flag.IntVar(&c.CacheMB, "cache", store.SearchCacheBytes>>20, "our engine's posting-list cache per process, in MB")
	flag.StringVar(&c.Profile, "cpuprofile", "", "write a CPU profile of each engine's run to PREFIX-<engine>.prof")
	flag.DurationVar(&c.TruthWait, "truth-wait", 0, "wait this long for the brute force's answers (run by a parallel invocation on the same -dir)")
	flag.Parse()
	c.Engines = strings.Split(engines, ",")
	if *csvPath != "" {
		if err := writeCSV(*csvPath, c.Seed, c.N); err != nil {
			fail(err)
		}
		return
	}
	if *queryPath != "" {
		if err := writeQueries(*queryPath, c.Seed, c.N); err != nil {
			fail(err)
		}
		return
	}
	if err := os.MkdirAll(c.Dir, 0o755); err != nil {
		fail(err)
	}
	store.SearchCacheBytes = c.CacheMB << 20
	store.KeepSearchCounts = false // every pass times the count, not a cached one
	if child != "" {
		if err := runChild(c, child); err != nil {
			fail(err)
		}
		return
	}
	var results []*engineResult
	for _, e := range c.Engines {
		r, err := loadResult(c, e)
		if !*reuse || err != nil {
			r, err = spawn(c, e)
		}
		if err != nil {
			fmt.Fprintf(os.Stderr, "%s: %v\n", e, err)
			continue
		}
		results = append(results, r)
		report := render(c, results)
		fmt.Print(report)
		if out != "" {
			if err := os.WriteFile(out, []byte(report), 0o644); err != nil {
				fail(err)
			}
		}
	}
}

func fail(err error) {
	fmt.Fprintln(os.Stderr, "searchbench:", err)
	os.Exit(1)
}

// spawn runs one engine in a child process and reads its result.
func spawn(c config, engine string) (*engineResult, error) {
	args := []string{"-child", engine, "-n", fmt.Sprint(c.N), "-per", fmt.Sprint(c.PerCls),
		"-passes", fmt.Sprint(c.Passes), "-dir", c.Dir, "-pg", c.PG, "-seed", fmt.Sprint(c.Seed),
		"-cpuprofile", c.Profile, "-cache", fmt.Sprint(c.CacheMB), fmt.Sprintf("-keep=%t", c.Keep), "-truth-wait", c.TruthWait.String()}
	cmd := exec.Command(os.Args[0], args...)
	cmd.Stdout, cmd.Stderr = os.Stderr, os.Stderr
	start := time.Now()
	fmt.Fprintf(os.Stderr, "== %s (n=%d) started %s\n", engine, c.N, start.Format(time.TimeOnly))
	if err := cmd.Run(); err != nil {
		return nil, err
	}
	r, err := loadResult(c, engine)
	if err != nil {
		return nil, err
	}
	if ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage); ok {
		r.PeakRSS = ru.Maxrss * 1024
	}
	r.Load = loadAverage()
	b, _ := json.Marshal(r)
	if err := os.WriteFile(resultPath(c, engine), b, 0o644); err != nil {
		return nil, err
	}
	fmt.Fprintf(os.Stderr, "== %s done in %s\n", engine, time.Since(start).Round(time.Second))
	return r, nil
}

func loadResult(c config, engine string) (*engineResult, error) {
	b, err := os.ReadFile(resultPath(c, engine))
	if err != nil {
		return nil, err
	}
	var r engineResult
	return &r, json.Unmarshal(b, &r)
}

// loadAverage is the machine's 15-minute load average: other work on a
// shared machine inflates latencies, and the report says so.
func loadAverage() string {
	b, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return "?"
	}
	f := strings.Fields(string(b))
	if len(f) < 3 {
		return "?"
	}
	return f[2]
}

func resultPath(c config, engine string) string {
	return filepath.Join(c.Dir, fmt.Sprintf("result-%s-%d.json", engine, c.N))
}

func truthPath(c config) string {
	return filepath.Join(c.Dir, fmt.Sprintf("truth-%d-%d.json", c.N, c.Seed))
}
