#!/usr/bin/env bash
# Reads the console output of `dotnet test` (a file, or standard input) and prints what a reader needs at the end:
# the slowest tests of the run's result files, each failed test with its message, each test that was still running
# when a hang or crash stopped its test host, and one line 'N passed, N failed'.
set -euo pipefail
log=$(mktemp)
cat "${1:-/dev/stdin}" > "$log"

# The blame collector's record of a stopped test host names the tests that never completed.
unfinished=""
for sequence in $(grep -o '/[^ ]*/Sequence_[^ ]*\.xml' "$log" || true); do
  [ -f "$sequence" ] && unfinished+=$(grep -o '<Test Name="[^"]*"[^>]*Completed="False"' "$sequence" | sed 's/<Test Name="\([^"]*\)".*/\1/')$'\n'
done

# The result files the run wrote (tests/tests.runsettings asks for them) hold each test's duration.
results=$(grep -o 'Results File: .*\.trx' "$log" | sed 's/^Results File: //' | sort -u || true)
if [ -n "$results" ] && command -v python3 >/dev/null 2>&1; then
  echo ""
  echo "==== The 20 slowest tests ===="
  # shellcheck disable=SC2086
  python3 "$(dirname "$0")/slowest.py" 20 $results
fi

awk -v unfinished="$unfinished" '
  /^  Failed [^ ]/ { failed[++n] = $0; inside = 1; next }
  inside && /^  (Stack Trace|Standard Output Messages):/ { inside = 0 }
  inside && /^  (Passed|Failed|Skipped) / { inside = 0 }
  inside { failed[n] = failed[n] "\n" $0 }
  /Test Run Aborted|test run was aborted|inactivity time/ { aborts[++a] = $0 }
  # The totals of a run: "Passed!  - Failed: 0, Passed: 385, …" at minimal verbosity, "     Passed: 385" lines at normal.
  /^ +Passed: +[0-9]+ *$/ { passes += $2 }
  /^ +Failed: +[0-9]+ *$/ { fails += $2 }
  /^(Passed|Failed)! +- +Failed:/ {
    for (i = 1; i <= NF; i++) {
      if ($i == "Failed:") fails += $(i + 1) + 0
      if ($i == "Passed:") passes += $(i + 1) + 0
    }
  }
  END {
    for (i = split(unfinished, lines, "\n"); i > 0; i--) if (lines[i] != "") names[++hung] = lines[i]
    if (n > 0 || a > 0) {
      print ""
      print "==== What failed ===="
      for (i = 1; i <= n; i++) print failed[i]
      for (i = 1; i <= a; i++) print aborts[i]
      for (i = 1; i <= hung; i++) print "  Still running when its test host was stopped: " names[i]
    }
    print ""
    printf "%d passed, %d failed\n", passes, (fails > n ? fails : n) + hung
  }
' "$log"
rm -f "$log"
