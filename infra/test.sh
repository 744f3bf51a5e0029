#!/usr/bin/env bash
# Runs every test project and prints one line "N passed, N failed" over all of them.
# Installs what the tests need (apt: chromium, influxdb; npm: via the Host build) first.
# Fails when any test fails or when no test ran at all.
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
echo "${passed} passed, ${failed} failed"
if [[ "$passed" -eq 0 ]]; then
  echo "no test ran" >&2
  exit 1
fi
[[ "$failed" -eq 0 && "$status" -eq 0 ]]
