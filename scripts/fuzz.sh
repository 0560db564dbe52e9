#!/bin/sh
# The long fuzz run of issue 5: every test in tests/xml/test_fuzz_requests.py with at least 100,000
# examples (CI runs a few hundred each). Hypothesis keeps each run's examples in memory, so the
# examples go in batches, each a pytest run with fresh random seeds.
#
#   scripts/fuzz.sh [examples per test, default 100000] [batch, default 5000]
#
# Environment: PYTHON (default python3), JOBS (pytest-xdist workers, default 2).
# A failing example stops the run; hypothesis prints it, shrunk, with a @reproduce_failure line.
set -eu
cd "$(dirname "$0")/.."
total=${1:-100000}
batch=${2:-5000}
python=${PYTHON:-python3}
log=$(mktemp "${TMPDIR:-/tmp}/webex-mock-fuzz.XXXXXX")
started=$(date +%s)
done_=0
while [ "$done_" -lt "$total" ]; do
    n=$batch
    [ $((total - done_)) -lt "$n" ] && n=$((total - done_))
    WEBEX_MOCK_FUZZ_EXAMPLES=$n "$python" -m pytest -q -p no:cacheprovider -n "${JOBS:-2}" -x \
        --hypothesis-show-statistics tests/xml/test_fuzz_requests.py >>"$log" 2>&1 || {
        cat "$log"; echo "fuzz: FAILED after $done_ examples per test (log: $log)"; exit 1; }
    done_=$((done_ + n))
    echo "fuzz: $done_ of $total examples per test, $(( $(date +%s) - started )) s"
done
# the statistics of the generate phases: "- N passing examples, M failing examples, K invalid examples"
awk '/during generate phase/ { generate = 1; next }
     generate && /passing examples/ { gsub(",", ""); passing += $2; invalid += $(NF - 2); generate = 0 }
     END { printf "fuzz: %d examples run (%d more generated and discarded as invalid), no failure\n", passing, invalid }' "$log"
echo "fuzz: $(( $(date +%s) - started )) s; log: $log"
