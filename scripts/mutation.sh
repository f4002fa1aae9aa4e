#!/usr/bin/env bash
# Mutation testing of corskit's library packages with gremlins (not part of CI: it takes tens
# of minutes). Usage, at any directory of the repository:
#
#   bash scripts/mutation.sh [package ...]      # default: cors browser internal/origins internal/fetchspec
#
# Packages are directories relative to the repository root. The run happens on a scratch copy
# of the working tree (tracked and untracked, non-ignored files), since gremlins rewrites
# go.work.sum and builds mutated copies: the checkout is never touched. For each package the
# script prints gremlins' figures (test efficacy: killed / (killed + lived); mutator coverage:
# mutants in code the tests run / all mutants), then the figures completed by
# scripts/mutation-unmapped.go, which tests the mutants gremlins v0.6.0 reports NOT COVERED
# only because Go's coverage profile cannot map them (switch case conditions and constant
# expressions, go-gremlins/gremlins#298), and lists the mutants that lived or were not
# covered. Logs, gremlins' JSON reports and coverage profiles stay in $OUT (default: a new
# directory under /tmp). docs/TESTING.md records the figures and explains the survivors.
#
# Environment: GREMLINS (the gremlins binary; default: gremlins on PATH, else ~/go/bin/gremlins,
# version v0.6.0 expected), WORKERS (parallel mutants; default: gremlins' own choice),
# TIMEOUT_COEFFICIENT (default 20), OUT.
set -euo pipefail

root=$(git -C "$(dirname "$0")" rev-parse --show-toplevel)
gremlins=${GREMLINS:-$(command -v gremlins || echo "$HOME/go/bin/gremlins")}
[ -x "$gremlins" ] || { echo "mutation.sh: gremlins not found; go install github.com/go-gremlins/gremlins/cmd/gremlins@v0.6.0" >&2; exit 2; }
# A gremlins built by go install reports "dev"; the module version is in the binary.
version=$(go version -m "$gremlins" 2>/dev/null | awk '$1 == "mod" { print $3 }')
[ "$version" = v0.6.0 ] || echo "mutation.sh: warning: expected gremlins v0.6.0, found ${version:-an unknown version}" >&2

pkgs=("$@")
[ ${#pkgs[@]} -gt 0 ] || pkgs=(cors browser internal/origins internal/fetchspec)
for p in "${pkgs[@]}"; do
  [ -d "$root/$p" ] || { echo "mutation.sh: no package directory $p" >&2; exit 2; }
done

out=${OUT:-$(mktemp -d /tmp/corskit-mutation.XXXXXX)}
mkdir -p "$out"
scratch=$(mktemp -d /tmp/corskit-mutation-src.XXXXXX)
trap 'rm -rf "$scratch"' EXIT
(cd "$root" && git ls-files -z --cached --others --exclude-standard |
  tar --null --ignore-failed-read -T - -cf -) | tar -xf - -C "$scratch"

workers=()
[ -z "${WORKERS:-}" ] || workers=(--workers "$WORKERS")
# gremlins times a mutant out at this multiple of the coverage run's duration; its default, 3,
# turns slow runs on a busy machine into TIMED OUT mutants, which count neither way.
coefficient=${TIMEOUT_COEFFICIENT:-20}
summary="$out/summary.txt"
printf '%-20s | %-44s | %-s\n' "" "gremlins v0.6.0" "completed (scripts/mutation-unmapped.go)" >"$summary"
printf '%-20s | %6s %6s %7s %7s %7s %7s | %6s %6s %7s %7s %7s %7s\n' package \
  killed lived notcov timeout effic. cover. killed lived notcov notviab effic. cover. >>"$summary"
for p in "${pkgs[@]}"; do
  name=${p//\//_}
  log="$out/$name.log"
  echo "==> $p ($(date -u +%H:%M:%S))" >&2
  # Subpackages (internal/origins/pslgen, a generator) are left out: paths relative to the
  # package that contain a slash.
  (cd "$scratch" && "$gremlins" unleash "${workers[@]}" --timeout-coefficient "$coefficient" --exclude-files / \
    --output "$out/$name.json" "./$p") >"$log" 2>&1 || true
  # Mutants gremlins cannot map to coverage (switch case conditions, constant expressions).
  ulog="$out/$name.unmapped.log"
  (cd "$scratch" && go test -count=1 -coverprofile "$out/$name.cover" "./$p" >/dev/null &&
    go run scripts/mutation-unmapped.go -pkg "$p" -report "$out/$name.json" -cover "$out/$name.cover") >"$ulog" 2>&1 || true
  field() { grep -Eo "$1: *[0-9.]+" "$2" | tail -1 | grep -Eo '[0-9.]+$' || echo "?"; }
  count() { grep -Eo "$1 [0-9]+" "$ulog" | tail -1 | grep -Eo '[0-9]+$' || echo "?"; }
  printf '%-20s | %6s %6s %7s %7s %6s%% %6s%% | %6s %6s %7s %7s %6s%% %6s%%\n' "$p" \
    "$(field Killed "$log")" "$(field Lived "$log")" "$(field 'Not covered' "$log")" "$(field 'Timed out' "$log")" \
    "$(field 'Test efficacy' "$log")" "$(field 'Mutator coverage' "$log")" \
    "$(count killed)" "$(count lived)" "$(count 'not covered')" "$(count 'not viable')" \
    "$(field 'Test efficacy' "$ulog")" "$(field 'Mutator coverage' "$ulog")" >>"$summary"
  # Survivors: what lived under gremlins, then what the completing pass (which saw every
  # mutant gremlins left NOT COVERED) found living or not reached.
  { grep -E '^ *LIVED ' "$log" || true; grep -E '^ *(LIVED|NOT COVERED) ' "$ulog" || true; } |
    sed "s|^ *|  $p: |" >>"$out/survivors.txt"
done

cat "$summary"
echo
if [ -s "$out/survivors.txt" ]; then
  echo "Mutants that lived or were not covered:"
  cat "$out/survivors.txt"
fi
echo
echo "Logs and JSON reports: $out"
