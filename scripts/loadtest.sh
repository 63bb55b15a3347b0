#!/usr/bin/env bash
# Load test of the public penalty search (issue 6, item 9): build a
# database of about a million published disclosures, serve it and drive
# the public search page with wrk over a mixed query list.
#
#   scripts/loadtest.sh              # build (once) and run
#   DURATION=60s CONNS=64 CACHE_MB=512 scripts/loadtest.sh
#
# The database is the demo (27 units, 40,000 disclosures) plus generated
# disclosures imported through `fazhi import disclosures` in chunks of
# CHUNK records (each chunk is one transaction and one index segment).
# The generated decisions date from 2016 on, so most are past their display
# period: the server runs without background jobs (--jobs=false), which
# would otherwise expire them, so that the search runs over every record.
set -euo pipefail
cd "$(dirname "$0")/.."

DIR=${DIR:-/tmp/fazhi-load}
TOTAL=${TOTAL:-1000000}   # records wanted, the demo's included
CHUNK=${CHUNK:-100000}  # the import takes at most 100,000 rows per file
PORT=${PORT:-8097}
DURATION=${DURATION:-30s}
WARMUP=${WARMUP:-60s}     # fills the posting-list cache with the query mix's lists
CONNS=${CONNS:-32}
CACHE_MB=${CACHE_MB:-3072} # the server's posting-list cache: a 1M index is about 2.3 GB
DB="$DIR/fazhi.db"

command -v wrk >/dev/null || { apt-get update -qq && apt-get install -y -qq wrk; }
mkdir -p "$DIR"
go build -o "$DIR/fazhi" ./cmd/fazhi
go build -o "$DIR/searchbench" ./cmd/searchbench

if [ ! -f "$DIR/built" ]; then
  rm -f "$DB" "$DB-wal" "$DB-shm"
  start=$(date +%s)
  "$DIR/fazhi" demo --db "$DB"
  have=$(sqlite3 "$DB" "SELECT COUNT(*) FROM search_docs" 2>/dev/null || echo 40000)
  seed=1
  while [ "$have" -lt "$TOTAL" ]; do
    n=$(( TOTAL - have < CHUNK ? TOTAL - have : CHUNK ))
    "$DIR/searchbench" -csv "$DIR/chunk.csv" -n "$n" -seed "$seed"
    "$DIR/fazhi" import disclosures "$DIR/chunk.csv" --db "$DB"
    have=$(( have + n )); seed=$(( seed + 1 ))
  done
  rm -f "$DIR/chunk.csv"
  echo "built in $(( $(date +%s) - start )) s" | tee "$DIR/built"
fi
"$DIR/searchbench" -queries "$DIR/queries.txt" -n 20000

"$DIR/fazhi" serve --db "$DB" --addr "127.0.0.1:$PORT" --search-cache "$CACHE_MB" --jobs=false >"$DIR/serve.log" 2>&1 &
server=$!
trap 'kill $server' EXIT
for _ in $(seq 60); do curl -fs "http://127.0.0.1:$PORT/penalties?q=%E9%A3%9F%E5%93%81" >/dev/null && break; sleep 1; done

echo "records searchable: $(curl -fs "http://127.0.0.1:$PORT/api/v1/penalties?q=%E7%BD%9A&limit=1" | head -c 300)"
echo "warm-up"; FAZHI_QUERIES="$DIR/queries.txt" wrk -t2 -c"$CONNS" -d"$WARMUP" -s scripts/loadtest.lua "http://127.0.0.1:$PORT" >/dev/null
FAZHI_QUERIES="$DIR/queries.txt" wrk -t2 -c"$CONNS" -d"$DURATION" --latency -s scripts/loadtest.lua "http://127.0.0.1:$PORT" | tee "$DIR/wrk.txt"
