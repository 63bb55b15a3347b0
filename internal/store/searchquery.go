package store

// Reading the search index: the per-instance cache and SearchDisclosures.

import (
	"context"
	"fmt"
	"math"
	"slices"
	"strings"
	"sync"
	"sync/atomic"

	"fazhi/internal/apperr"
	"fazhi/internal/search"
	"fazhi/internal/search/index"
	"fazhi/internal/sqldb"
)

// SearchCacheBytes bounds the cached posting lists of one database.
var SearchCacheBytes = 512 << 20

// searchCaches holds one cache per open database.
var searchCaches sync.Map // *sqldb.DB → *searchCache

type searchCache struct {
	mu      sync.Mutex
	gen     int64
	loaded  bool
	segIDs  []int64
	recent  []index.Recent
	deleted map[int64]map[int64]bool   // segment id → removed keys
	docs    map[int64]*index.DocTable  // by segment id; immutable
	lists   map[search.Token]*tokLists // by token
	bytes   int
	counts  map[search.Query]countEntry // capped counts of recent queries
}

// countEntry is a query's capped count at one index generation. The page
// of a search is cheap (the walk stops after it); its count is not (the
// walk goes on to the 10,001st match), and it only changes when the index
// does, so each instance keeps the counts of the current generation.
type countEntry struct {
	gen    int64
	total  int
	capped bool
}

// maxCounts bounds the count cache; it is emptied when full.
const maxCounts = 20000

// KeepSearchCounts turns the count cache on (the default). The search
// benchmark turns it off: it times the engine's count, which it repeats
// for every pass over the same queries.
var KeepSearchCounts = true

type tokLists struct {
	bySeg   map[int64][]byte // segment id → list (absent: no such token there)
	covered map[int64]bool   // segments whose lists were read
	size    int
}

func cacheOf(db *sqldb.DB) *searchCache {
	c, _ := searchCaches.LoadOrStore(db, &searchCache{docs: map[int64]*index.DocTable{}, lists: map[search.Token]*tokLists{}})
	return c.(*searchCache)
}

// snapshot is what one query needs of the cache.
type snapshot struct {
	gen     int64
	segIDs  []int64
	docs    []*index.DocTable
	recent  []index.Recent
	deleted map[int64]map[int64]bool
}

// snapshot reloads the segment list, recent rows and deletions when the
// generation moved.
func (c *searchCache) snapshot(ctx context.Context, db *sqldb.DB) (*snapshot, error) {
	var gen int64
	if err := db.QueryRowContext(ctx, `SELECT generation FROM search_state WHERE id = 1`).Scan(&gen); err != nil {
		return nil, err
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if !c.loaded || gen != c.gen {
		if err := c.reload(ctx, db); err != nil {
			return nil, err
		}
		c.gen, c.loaded = gen, true
	}
	sn := &snapshot{gen: gen, segIDs: c.segIDs, recent: c.recent, deleted: c.deleted}
	for _, id := range c.segIDs {
		sn.docs = append(sn.docs, c.docs[id])
	}
	return sn, nil
}

func (c *searchCache) reload(ctx context.Context, db *sqldb.DB) error {
	ids, err := queryInts(ctx, db, `SELECT id FROM search_segments ORDER BY id`)
	if err != nil {
		return err
	}
	for _, id := range ids {
		if c.docs[id] != nil {
			continue
		}
		var blob []byte
		if err := db.QueryRowContext(ctx, `SELECT docs FROM search_segments WHERE id = $1`, id).Scan(&blob); err != nil {
			return err
		}
		d, err := index.DecodeDocs(blob)
		if err != nil {
			return err
		}
		c.docs[id] = d
	}
	c.segIDs = ids
	rows, err := db.QueryContext(ctx, `SELECT doc_key, agency_id, category, party_type, title, body
		FROM search_docs WHERE segment_id = 0`)
	if err != nil {
		return err
	}
	defer rows.Close()
	c.recent = nil
	for rows.Next() {
		var r index.Recent
		if err := rows.Scan(&r.Key, &r.Agency, &r.Category, &r.Party, &r.Title, &r.Body); err != nil {
			return err
		}
		c.recent = append(c.recent, r)
	}
	if err := rows.Err(); err != nil {
		return err
	}
	del, err := db.QueryContext(ctx, `SELECT segment_id, doc_key FROM search_deleted`)
	if err != nil {
		return err
	}
	defer del.Close()
	c.deleted = map[int64]map[int64]bool{}
	for del.Next() {
		var seg, key int64
		if err := del.Scan(&seg, &key); err != nil {
			return err
		}
		if c.deleted[seg] == nil {
			c.deleted[seg] = map[int64]bool{}
		}
		c.deleted[seg][key] = true
	}
	return del.Err()
}

func queryInts(ctx context.Context, db sqldb.Querier, q string, args ...any) ([]int64, error) {
	rows, err := db.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []int64
	for rows.Next() {
		var v int64
		if err := rows.Scan(&v); err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	return out, rows.Err()
}

// lists returns the posting lists of toks in every segment of sn.
// Only the segments want are read; what is cached for the others is kept.
func (c *searchCache) postings(ctx context.Context, db *sqldb.DB, sn *snapshot, want []int64, toks []search.Token) (map[search.Token]map[int64][]byte, error) {
	out := map[search.Token]map[int64][]byte{}
	// Lists are cached per token and segment: when a segment is added only
	// its lists are read, when one is merged away its lists are dropped.
	need := map[string][]search.Token{} // missing segment ids → tokens
	segsOf := map[string][]int64{}
	c.mu.Lock()
	for _, t := range toks {
		l := c.lists[t]
		var missing []int64
		for _, id := range want {
			if l == nil || !l.covered[id] {
				missing = append(missing, id)
			}
		}
		if l != nil {
			out[t] = l.bySeg
		}
		if len(missing) > 0 {
			k := fmt.Sprint(missing)
			need[k], segsOf[k] = append(need[k], t), missing
		}
	}
	c.mu.Unlock()
	for k, group := range need {
		fetched, err := fetchLists(ctx, db, group, segsOf[k])
		if err != nil {
			return nil, err
		}
		c.mu.Lock()
		for _, t := range group {
			out[t] = c.store(t, sn.segIDs, segsOf[k], fetched[t])
		}
		c.evict()
		c.mu.Unlock()
	}
	return out, nil
}

// store records the lists of t read for segments fetched, keeping what was
// cached for the other current segments; it returns the lists by segment.
func (c *searchCache) store(t search.Token, current, fetched []int64, lists map[int64][]byte) map[int64][]byte {
	old := c.lists[t]
	l := &tokLists{bySeg: map[int64][]byte{}, covered: map[int64]bool{}}
	for _, id := range current {
		if old != nil && old.covered[id] {
			l.covered[id] = true
			if d, ok := old.bySeg[id]; ok {
				l.bySeg[id] = d
				l.size += len(d)
			}
		}
	}
	for _, id := range fetched {
		l.covered[id] = true
		if d, ok := lists[id]; ok {
			l.bySeg[id] = d
			l.size += len(d)
		}
	}
	if old != nil {
		c.bytes -= old.size
	}
	c.lists[t] = l
	c.bytes += l.size
	return l.bySeg
}

// fetchLists reads the lists of toks in the segments segs.
func fetchLists(ctx context.Context, db *sqldb.DB, toks []search.Token, segs []int64) (map[search.Token]map[int64][]byte, error) {
	args := make([]any, 0, len(toks)+len(segs))
	tm := make([]string, len(toks))
	for i, t := range toks {
		args = append(args, int64(t))
		tm[i] = fmt.Sprintf("$%d", len(args))
	}
	sm := make([]string, len(segs))
	for i, id := range segs {
		args = append(args, id)
		sm[i] = fmt.Sprintf("$%d", len(args))
	}
	rows, err := db.QueryContext(ctx, `SELECT token, segment_id, data FROM search_postings WHERE token IN (`+
		strings.Join(tm, ", ")+`) AND segment_id IN (`+strings.Join(sm, ", ")+`)`, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[search.Token]map[int64][]byte{}
	for rows.Next() {
		var tok, seg int64
		var data []byte
		if err := rows.Scan(&tok, &seg, &data); err != nil {
			return nil, err
		}
		if out[search.Token(tok)] == nil {
			out[search.Token(tok)] = map[int64][]byte{}
		}
		out[search.Token(tok)][seg] = data
	}
	return out, rows.Err()
}

// evict drops cached lists (in map order, i.e. at random) until the cache
// is back under three quarters of its budget. Random eviction keeps the
// hot lists with high probability and needs no bookkeeping per hit.
// count returns the cached count of q at generation gen.
func (c *searchCache) count(q search.Query, gen int64) (countEntry, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	e, ok := c.counts[q]
	return e, ok && e.gen == gen && KeepSearchCounts
}

// putCount keeps a count computed at the current generation (a query that
// ran on an older snapshot does not store its count).
func (c *searchCache) putCount(q search.Query, e countEntry) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if e.gen != c.gen {
		return
	}
	if c.counts == nil || len(c.counts) >= maxCounts {
		c.counts = map[search.Query]countEntry{}
	}
	c.counts[q] = e
}

func (c *searchCache) evict() {
	if c.bytes <= SearchCacheBytes {
		return
	}
	for t, l := range c.lists {
		if c.bytes <= SearchCacheBytes*3/4 {
			return
		}
		delete(c.lists, t)
		c.bytes -= l.size
	}
}

// SearchDisclosures runs q and returns one page and the capped count.
func (s *Store) SearchDisclosures(ctx context.Context, q search.Query) (search.Result, error) {
	return s.searchIndex(ctx, q, true)
}

// SearchDisclosuresPage is SearchDisclosures without the count: it stops
// at the page (Total is then the number of hits up to the page's end).
func (s *Store) SearchDisclosuresPage(ctx context.Context, q search.Query) (search.Result, error) {
	return s.searchIndex(ctx, q, false)
}

func (s *Store) searchIndex(ctx context.Context, q search.Query, count bool) (search.Result, error) {
	q = q.Norm()
	p, err := search.Parse(q.Text)
	if err != nil {
		var f apperr.Fields
		f.Add("q", "检索词", err.Error())
		return search.Result{}, f.Err()
	}
	c := cacheOf(s.DB)
	sn, err := c.snapshot(ctx, s.DB)
	if err != nil {
		return search.Result{}, err
	}
	f, err := s.searchFilter(ctx, q)
	if err != nil {
		return search.Result{}, err
	}
	plans := make([]search.TermPlan, len(p.Terms))
	var toks []search.Token
	for i, t := range p.Terms {
		plans[i] = search.Plan(t)
		toks = append(toks, plans[i].Chars...)
		for _, pt := range plans[i].Phrase {
			toks = append(toks, pt.Token)
		}
	}
	slices.Sort(toks)
	toks = slices.Compact(toks)
	key := q
	key.Order, key.Limit, key.Offset = 0, 0, 0
	known, haveCount := c.count(key, sn.gen)
	reuse := count && haveCount && q.Order != search.Relevance
	opt := index.Options{Offset: q.Offset, Limit: q.Limit,
		Relevance: q.Order == search.Relevance, Count: count && !reuse, Cap: search.CountCap}
	all := make([]int, len(sn.segIDs))
	for i := range all {
		all[i] = i
	}
	var r index.Result
	if newest, older, ok := newestFirstSplit(sn, opt); ok && !c.holds(sn, newest, toks) {
		// A newest-first page without a count, and lists of older segments
		// that the cache does not hold (a list is read whole): try the
		// newest segment alone. When it fills the page with keys above
		// every older segment's, the older segments' lists are never read.
		if r, err = c.searchSegments(ctx, s.DB, sn, []int{newest}, toks, plans, f, opt); err != nil {
			return search.Result{}, err
		}
		if len(r.Hits) == opt.Limit && r.Hits[len(r.Hits)-1].Key > older {
			all = nil
			newestOnlyPages.Add(1)
		}
	}
	if all != nil {
		if r, err = c.searchSegments(ctx, s.DB, sn, all, toks, plans, f, opt); err != nil {
			return search.Result{}, err
		}
	}
	switch {
	case reuse:
		r.Total, r.Capped = known.total, known.capped
	case count:
		c.putCount(key, countEntry{gen: sn.gen, total: r.Total, capped: r.Capped})
	}
	res := search.Result{Total: r.Total, Capped: r.Capped, Hits: make([]search.Hit, len(r.Hits))}
	for i, h := range r.Hits {
		res.Hits[i] = search.Hit{ID: keyID(h.Key), Score: h.Score}
	}
	return res, nil
}

// searchSegments runs the query over the segments at positions segs of
// sn (and the records not yet in a segment), reading the lists it lacks.
func (c *searchCache) searchSegments(ctx context.Context, db *sqldb.DB, sn *snapshot, segs []int, toks []search.Token,
	plans []search.TermPlan, f index.Filter, opt index.Options) (index.Result, error) {
	ids := make([]int64, len(segs))
	for i, k := range segs {
		ids[i] = sn.segIDs[k]
	}
	lists, err := c.postings(ctx, db, sn, ids, toks)
	if err != nil {
		return index.Result{}, err
	}
	views := make([]*index.View, len(segs))
	for i, k := range segs {
		id := sn.segIDs[k]
		v := &index.View{Docs: sn.docs[k], Lists: map[search.Token][]byte{}, Deleted: sn.deleted[id]}
		for _, t := range toks {
			if data, ok := lists[t][id]; ok {
				v.Lists[t] = data
			}
		}
		views[i] = v
	}
	return index.Search(views, sn.recent, plans, f, opt), nil
}

// holds reports whether the cache has the lists of toks in every segment
// of sn but the one at position except.
func (c *searchCache) holds(sn *snapshot, except int, toks []search.Token) bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	for _, t := range toks {
		l := c.lists[t]
		for k, id := range sn.segIDs {
			if k != except && (l == nil || !l.covered[id]) {
				return false
			}
		}
	}
	return true
}

// newestOnlyPages counts the pages answered from the newest segment alone.
var newestOnlyPages atomic.Int64

// newestFirstSplit says whether a query may try the newest segment alone
// (a newest-first page, no count, several segments) and returns that
// segment's position and the highest key of all the others.
func newestFirstSplit(sn *snapshot, opt index.Options) (newest int, older int64, ok bool) {
	if opt.Relevance || opt.Count || opt.Limit <= 0 || len(sn.segIDs) < 2 {
		return 0, 0, false
	}
	maxKey := func(k int) int64 {
		if d := sn.docs[k]; d.Len() > 0 {
			return d.Keys[0] // keys are stored newest first
		}
		return math.MinInt64
	}
	newest, older = 0, math.MinInt64
	for k := 1; k < len(sn.segIDs); k++ {
		if maxKey(k) > maxKey(newest) {
			newest = k
		}
	}
	for k := range sn.segIDs {
		if k != newest {
			older = max(older, maxKey(k))
		}
	}
	return newest, older, true
}

func (s *Store) searchFilter(ctx context.Context, q search.Query) (index.Filter, error) {
	f := index.Filter{Agency: q.AgencyID, Category: q.Category, Party: q.PartyType}
	if !q.From.IsZero() {
		f.KeyLo = docKey(search.Doc{DecidedOn: q.From})
	}
	if !q.To.IsZero() {
		f.KeyHi = docKey(search.Doc{DecidedOn: q.To}) | 0xFFFFFFFF
	}
	for col, v := range map[string]string{"credit_code": q.CreditCode, "decision_number": q.DecisionNumber} {
		if v == "" {
			continue
		}
		keys, err := queryInts(ctx, s.DB, `SELECT doc_key FROM search_docs WHERE `+col+` = $1`, search.Normalize(strings.TrimSpace(v)))
		if err != nil {
			return f, err
		}
		only := map[int64]bool{}
		for _, k := range keys {
			if f.Only == nil || f.Only[k] {
				only[k] = true
			}
		}
		f.Only = only
	}
	return f, nil
}
