#!/usr/bin/env bash
# Runs the middleware comparison (bench/) and the browser engine's check benchmark, then
# writes docs/BENCHMARKS.md with bench/cmd/report.
#
#   bash bench/run.sh                          # -count 10 -benchtime 500ms (about 15 minutes on 2 cores)
#   COUNT=3 BENCHTIME=100ms bash bench/run.sh  # a quick trial
#
# Environment: COUNT (default 10), BENCHTIME (default 500ms), BENCH (the -bench pattern for bench/,
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
echo "== benchmarks: -count $COUNT -benchtime $BENCHTIME (load: $load_start)"
go test -run '^$' -bench "$BENCH" -benchmem -count "$COUNT" -benchtime "$BENCHTIME" -timeout 0 ./bench | tee "$work/raw.txt"
if [ -d browser ] && grep -q '^func BenchmarkCheckAllowedResponse' browser/*_test.go 2>/dev/null; then
  go test -run '^$' -bench '^BenchmarkCheckAllowedResponse$' -benchmem -count "$COUNT" -benchtime "$BENCHTIME" -timeout 0 ./browser | tee -a "$work/raw.txt"
fi
load_end=$(cat /proc/loadavg 2>/dev/null || true)

# benchstat's version is the one pinned in bench/go.mod (golang.org/x/perf).
(cd bench && go run golang.org/x/perf/cmd/benchstat -col /lib "$work/raw.txt") >"$work/benchstat.txt"

(cd bench && go run ./cmd/report -in "$work/raw.txt" -benchstat "$work/benchstat.txt" \
  -count "$COUNT" -benchtime "$BENCHTIME" -load-start "$load_start" -load-end "$load_end") >"$OUT"
echo "== wrote $OUT"
