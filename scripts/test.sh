#!/usr/bin/env bash
# Runs every test (unit, integration with the real engines) with line coverage of src/.
# Installs what it needs (Debian packages, NuGet packages, local .NET tools), prints the coverage,
# fails below the gate, and ends with one line: "N passed, N failed, N skipped".
# Usage: scripts/test.sh [extra dotnet test arguments, e.g. --filter Category=Unit]
set -uo pipefail
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$repo"
gate="${COVERAGE_GATE:-85}"
results="$repo/artifacts/test-results"
coverage="$repo/artifacts/coverage"

scripts/install-prerequisites.sh --test || exit 1
rm -rf "$results" "$coverage"
dotnet tool restore >/dev/null || { echo "error: dotnet tool restore failed" >&2; exit 1; }
# AWS stand-ins (fauxqs: SQS + S3, dynalite: DynamoDB), versions pinned by tests/aws-standins/package-lock.json.
(cd tests/aws-standins && npm ci --no-audit --no-fund --loglevel=error >/dev/null) ||
  { echo "error: npm ci in tests/aws-standins failed" >&2; exit 1; }

echo "== build"
if ! dotnet build FileSearch.slnx -c Debug -nologo -v:q -clp:ErrorsOnly; then
  echo "0 passed, 1 failed, 0 skipped"
  exit 1
fi

echo "== test"
log="$results/test-output.log"
mkdir -p "$results"
dotnet test FileSearch.slnx -c Debug --no-build -nologo \
  --results-directory "$results" \
  --collect:"XPlat Code Coverage" \
  --settings "$repo/eng/coverage.runsettings" \
  "$@" 2>&1 | tee "$log"
test_exit=${PIPESTATUS[0]}

# Totals from each test project's summary line ("Passed!  - Failed: 0, Passed: 95, Skipped: 0, Total: 95, ...").
read -r passed failed skipped < <(grep -E '^(Passed|Failed)! +- Failed: +[0-9]+, Passed: +[0-9]+, Skipped: +[0-9]+' "$log" |
  sed -E 's/.*Failed: +([0-9]+), Passed: +([0-9]+), Skipped: +([0-9]+).*/\1 \2 \3/' |
  awk '{ f += $1; p += $2; s += $3 } END { printf "%d %d %d\n", p, f, s }')

echo "== coverage (lines of src/)"
cov_exit=0
if compgen -G "$results/*/coverage.cobertura.xml" >/dev/null; then
  dotnet reportgenerator -reports:"$results/*/coverage.cobertura.xml" -targetdir:"$coverage" \
    -reporttypes:"TextSummary;Cobertura" -assemblyfilters:"+FileSearch.*;-FileSearch.Testing;-*.Tests;-*.ChildProcess;-*.CrashHelper" \
    -verbosity:Warning >/dev/null
  line=$(grep -m1 'Line coverage:' "$coverage/Summary.txt" | grep -o '[0-9.]*%' | tr -d '%')
  sed -n '/^Summary/,/^$/p' "$coverage/Summary.txt"
  grep -E '^FileSearch\.[A-Za-z.]+ +[0-9.]+%$' "$coverage/Summary.txt" || true
  echo "Line coverage of src/: ${line}% (gate ${gate}%)"
  if awk -v l="$line" -v g="$gate" 'BEGIN { exit !(l < g) }'; then
    echo "error: line coverage ${line}% is below the ${gate}% gate" >&2
    cov_exit=1
  fi
else
  echo "error: no coverage reports were produced" >&2
  cov_exit=1
fi

if ((test_exit != 0 && failed == 0)); then
  failed=1   # the runner failed without reporting a failed test (crash, timeout): never report green
fi
echo "${passed} passed, ${failed} failed, ${skipped} skipped"
((test_exit == 0 && cov_exit == 0)) || exit 1
