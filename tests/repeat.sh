#!/usr/bin/env bash
# Runs the whole suite N times on the current checkout (built once) and prints each run's result and duration;
# every run's full output is kept in artifacts/repeat/. Exits non-zero if any run failed.
#   tests/repeat.sh 10
set -uo pipefail
cd "$(dirname "$0")/.."
runs=${1:?usage: tests/repeat.sh N}
logs=artifacts/repeat/$(date -u +%Y%m%dT%H%M%SZ)
mkdir -p "$logs"

dotnet build Platform.sln > "$logs/build.log" 2>&1 || { tail -20 "$logs/build.log"; exit 1; }
failures=0
for ((run = 1; run <= runs; run++)); do
  started=$(date +%s)
  dotnet test Platform.sln --no-build > "$logs/run-$run.log" 2>&1
  status=$?
  seconds=$(($(date +%s) - started))
  counts=$(tests/summary.sh "$logs/run-$run.log" | tail -1)
  verdict=$([ "$status" -eq 0 ] && echo passed || echo FAILED)
  printf 'run %d of %d: %s (%s) in %dm%02ds\n' "$run" "$runs" "$verdict" "$counts" $((seconds / 60)) $((seconds % 60))
  if [ "$status" -ne 0 ]; then
    failures=$((failures + 1))
    tests/summary.sh "$logs/run-$run.log" | grep -E '^  Failed |active test|crashed' | sed 's/^/    /'
  fi
done
echo "$((runs - failures)) of $runs runs passed; logs in $logs"
[ "$failures" -eq 0 ]
