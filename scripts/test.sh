#!/usr/bin/env bash
# Runs the CI quality gates and every test (unit, integration with the real engines) with line coverage of src/.
# Gates: build with analyzers as errors, dotnet format --verify-no-changes, known-vulnerable NuGet packages (when the
# vulnerability feed is reachable), tests with a TRX and a JUnit XML report per test project
# (artifacts/test-results/<project>.trx and <project>.junit.xml),
# coverage gate. Installs what it needs (Debian packages, NuGet packages, local .NET tools), prints the coverage and
# the seconds each gate took, and ends with one line: "N passed, N failed, N skipped" (a failed gate counts as failed).
# Usage: scripts/test.sh [extra dotnet test arguments, e.g. --filter Category=Unit]
set -uo pipefail
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$repo" || exit 1
gate="${COVERAGE_GATE:-85}"
results="$repo/artifacts/test-results"
coverage="$repo/artifacts/coverage"

scripts/install-prerequisites.sh --test || exit 1
rm -rf "$results" "$coverage"
dotnet tool restore >/dev/null || { echo "error: dotnet tool restore failed" >&2; exit 1; }
# AWS stand-ins (fauxqs: SQS + S3, dynalite: DynamoDB), versions pinned by tests/aws-standins/package-lock.json.
(cd tests/aws-standins && npm ci --no-audit --no-fund --loglevel=error >/dev/null) ||
  { echo "error: npm ci in tests/aws-standins failed" >&2; exit 1; }
# axe-core for the web UI's accessibility checks, version pinned by tests/browser-tools/package-lock.json.
(cd tests/browser-tools && npm ci --no-audit --no-fund --loglevel=error >/dev/null) ||
  { echo "error: npm ci in tests/browser-tools failed" >&2; exit 1; }

timings=()
gates_failed=0
started=$SECONDS
echo "== build (analyzers and code style as errors)"
if ! dotnet build FileSearch.slnx -c Debug -nologo -v:q -clp:ErrorsOnly; then
  echo "0 passed, 1 failed, 0 skipped"
  exit 1
fi
timings+=("build=$((SECONDS - started))s")

echo "== format"
started=$SECONDS
timeout 900 dotnet format FileSearch.slnx --verify-no-changes --no-restore -v:q
format_exit=$?
if ((format_exit == 124)); then
  echo "error: dotnet format did not finish within 900 s" >&2
elif ((format_exit != 0)); then
  echo "error: code is not formatted: run 'dotnet format FileSearch.slnx' and commit the result" >&2
fi
((format_exit == 0)) || gates_failed=$((gates_failed + 1))
timings+=("format=$((SECONDS - started))s")

echo "== vulnerable packages"
started=$SECONDS
scripts/check-vulnerable-packages.sh || gates_failed=$((gates_failed + 1))
timings+=("vulnerable-packages=$((SECONDS - started))s")

echo "== test"
started=$SECONDS
log="$results/test-output.log"
mkdir -p "$results"
# -p:TrxReport=true: tests/Directory.Build.props writes artifacts/test-results/<project>.trx and <project>.junit.xml
# (JunitXml.TestLogger) for each test project.
dotnet test FileSearch.slnx -c Debug --no-build -nologo \
  --results-directory "$results" -p:TrxReport=true \
  --collect:"XPlat Code Coverage" \
  --settings "$repo/eng/coverage.runsettings" \
  "$@" 2>&1 | tee "$log"
test_exit=${PIPESTATUS[0]}

# Totals from each test project's summary line ("Passed!  - Failed: 0, Passed: 95, Skipped: 0, Total: 95, ...").
read -r passed failed skipped < <(grep -E '^(Passed|Failed)! +- Failed: +[0-9]+, Passed: +[0-9]+, Skipped: +[0-9]+' "$log" |
  sed -E 's/.*Failed: +([0-9]+), Passed: +([0-9]+), Skipped: +([0-9]+).*/\1 \2 \3/' |
  awk '{ f += $1; p += $2; s += $3 } END { printf "%d %d %d\n", p, f, s }')
timings+=("test=$((SECONDS - started))s")

echo "== coverage (lines of src/)"
cov_exit=0
if compgen -G "$results/*/coverage.cobertura.xml" >/dev/null; then
  dotnet reportgenerator -reports:"$results/*/coverage.cobertura.xml" -targetdir:"$coverage" \
    -reporttypes:"TextSummary;Cobertura" -assemblyfilters:"+FileSearch.*;+filesearch;-filesearch-bench;-FileSearch.Bench*;-FileSearch.Testing;-*.Tests;-*.ChildProcess;-*.CrashHelper" \
    -verbosity:Warning >/dev/null
  line=$(grep -m1 'Line coverage:' "$coverage/Summary.txt" | grep -o '[0-9.]*%' | tr -d '%')
  sed -n '/^Summary/,/^$/p' "$coverage/Summary.txt"
  grep -E '^(FileSearch\.[A-Za-z.]+|filesearch) +[0-9.]+%$' "$coverage/Summary.txt" || true
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
failed=$((failed + gates_failed))
echo "Gate timings: ${timings[*]}"
echo "${passed} passed, ${failed} failed, ${skipped} skipped"
((test_exit == 0 && cov_exit == 0 && gates_failed == 0)) || exit 1
