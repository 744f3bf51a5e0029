#!/usr/bin/env bash
# Runs every test project, the pages' node tests and the load tests' smoke scenario, and prints one line "N passed, N failed"
# over all of them. Installs what the tests need (apt: chromium, influxdb; npm: via the Host
# build) first. Fails when any test fails or when no test ran at all.
set -uo pipefail
cd "$(dirname "$0")/.."
bash infra/install-deps.sh --tests || exit 1

# Locked mode: restore exactly what each project's packages.lock.json records, and fail if a project's
# references no longer match it (a package added without its lock file being committed).
dotnet restore BuryUrgentCare.sln --locked-mode -nologo -v quiet || { echo "0 passed, 0 failed (locked restore failed)"; exit 1; }
dotnet build BuryUrgentCare.sln -c Release --no-restore -nologo -v quiet -warnaserror || { echo "0 passed, 0 failed (build failed)"; exit 1; }

results="$(mktemp -d)"
status=0
dotnet test BuryUrgentCare.sln -c Release --no-build -nologo \
  --logger "trx" --results-directory "$results" --blame-hang-timeout 5min || status=$?

# Sum the counters of every project's TRX file.
read -r passed failed < <(python3 - "$results" <<'PY'
import glob, sys, xml.etree.ElementTree as ET
ns = {"t": "http://microsoft.com/schemas/VisualStudio/TeamTest/2010"}
passed = failed = 0
for path in glob.glob(sys.argv[1] + "/**/*.trx", recursive=True):
    counters = ET.parse(path).getroot().find("t:ResultSummary/t:Counters", ns)
    passed += int(counters.get("passed", 0))
    failed += int(counters.get("failed", 0)) + int(counters.get("error", 0)) + int(counters.get("timeout", 0))
print(passed, failed)
PY
)

# The pages' pure modules (wwwroot/js) under node's built-in runner: spec output to the console,
# TAP to a file whose top-level summary lines ("# pass N", "# fail N", "# cancelled N") are
# added to the totals. A run that fails without a summary (e.g. a module that does not load)
# still counts as one failure.
node_status=0
node --test --test-reporter=spec --test-reporter-destination=stdout \
  --test-reporter=tap --test-reporter-destination="$results/pages.tap" tests/pages/ || node_status=$?
read -r node_passed node_failed < <(awk '
  /^# pass /      { passed = $3 }
  /^# fail /      { failed = $3 }
  /^# cancelled / { cancelled = $3 }
  END { print passed + 0, failed + cancelled }' "$results/pages.tap" 2>/dev/null || echo 0 0)
if [[ "$node_status" -ne 0 && "$node_failed" -eq 0 ]]; then node_failed=1; fi
passed=$((passed + node_passed))
failed=$((failed + node_failed))
[[ "$node_status" -eq 0 ]] || status=$node_status

# The load tests' smoke scenario (load-tests/README.md): every scenario for a few seconds at low rate against a host
# it starts, with loose thresholds. Each scenario counts as one test; its last line is "load tests: N passed, N failed".
# A run that ends without that line (a crash) counts as one failure.
smoke_status=0
dotnet load-tests/BuryUrgentCare.LoadTests/bin/Release/net10.0/BuryUrgentCare.LoadTests.dll smoke \
  --reports "$results/load-reports" | tee "$results/smoke.out" || smoke_status=$?
read -r smoke_passed smoke_failed < <(awk '/^load tests: / { p = $3; f = $5 } END { print p + 0, f + 0 }' "$results/smoke.out")
if [[ "$smoke_status" -ne 0 && "$smoke_failed" -eq 0 ]]; then smoke_failed=1; fi
passed=$((passed + smoke_passed))
failed=$((failed + smoke_failed))
[[ "$smoke_status" -eq 0 ]] || status=$smoke_status

echo "${passed} passed, ${failed} failed"
if [[ "$passed" -eq 0 ]]; then
  echo "no test ran" >&2
  exit 1
fi
[[ "$failed" -eq 0 && "$status" -eq 0 ]]
