#!/usr/bin/env bash
# Runs the middleware comparison (bench/) and the browser engine's check benchmark, then
# writes docs/BENCHMARKS.md with bench/cmd/report.
#
#   bash bench/run.sh                          # 10 passes at -benchtime 500ms (about 15 minutes on 2 cores)
#   COUNT=3 BENCHTIME=100ms bash bench/run.sh  # a quick trial
#
# Environment: COUNT (passes over the suite, default 10), BENCHTIME (default 500ms), BENCH (the -bench pattern for bench/,
# default "."), OUT (default docs/BENCHMARKS.md), KEEP (a directory to keep raw outputs in).
set -euo pipefail
cd "$(dirname "$0")/.."

COUNT="${COUNT:-10}"
BENCHTIME="${BENCHTIME:-500ms}"
BENCH="${BENCH:-.}"
OUT="${OUT:-docs/BENCHMARKS.md}"
work="${KEEP:-$(mktemp -d)}"
mkdir -p "$work"
[ -n "${KEEP:-}" ] || trap 'rm -rf "$work"' EXIT

echo "== checking every library's answers (go test ./bench)"
go test -count=1 ./bench

load_start=$(cat /proc/loadavg 2>/dev/null || true)
started=$(date -u '+%Y-%m-%d %H:%M UTC')
echo "== benchmarks: $COUNT passes, -benchtime $BENCHTIME (load: $load_start)"
# The whole suite runs COUNT times, one pass after another (not `-count`, which repeats each
# benchmark back to back): on a shared machine, load changes then hit every library alike.
browser=false
if [ -d browser ] && grep -q '^func BenchmarkCheckAllowedResponse' browser/*_test.go 2>/dev/null; then
  browser=true
fi
: >"$work/raw.txt"
for i in $(seq "$COUNT"); do
  echo "-- pass $i/$COUNT"
  go test -run '^$' -bench "$BENCH" -benchmem -count 1 -benchtime "$BENCHTIME" -timeout 0 ./bench >>"$work/raw.txt"
  if $browser; then
    go test -run '^$' -bench '^BenchmarkCheckAllowedResponse$' -benchmem -count 1 -benchtime "$BENCHTIME" -timeout 0 ./browser >>"$work/raw.txt"
  fi
done
load_end=$(cat /proc/loadavg 2>/dev/null || true)

# benchstat's version is the one pinned in bench/go.mod (golang.org/x/perf).
(cd bench && go run golang.org/x/perf/cmd/benchstat -col /lib "$work/raw.txt") >"$work/benchstat.txt"

# The proxy's sections (bench/cmd/proxyload's, run separately, and what follows it) are kept as they were.
proxy_section=""
if [ -f "$OUT" ]; then
  proxy_section=$(sed -n '/^<!-- proxyload:start/,$p' "$OUT")
fi
(cd bench && go run ./cmd/report -in "$work/raw.txt" -benchstat "$work/benchstat.txt" \
  -count "$COUNT" -benchtime "$BENCHTIME" -started "$started" -load-start "$load_start" -load-end "$load_end") >"$OUT"
if [ -n "$proxy_section" ]; then
  printf '\n%s\n' "$proxy_section" >>"$OUT"
fi
echo "== wrote $OUT"
