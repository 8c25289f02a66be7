#!/usr/bin/env bash
# Fails when a NuGet package the solution uses (directly or transitively) has a known vulnerability.
# The data comes from the NuGet sources' vulnerability feed (the VulnerabilityInfo resource of their service
# index, as nuget.org publishes it). When no source offers that feed, or it cannot be reached within the time
# limit, the check is skipped with a notice and exits 0: "dotnet list package --vulnerable" alone would report
# "no vulnerable packages" without having seen any data.
# Usage: scripts/check-vulnerable-packages.sh [--configfile NuGet.Config]   (default: the usual NuGet.Config files)
# Needs a restored solution (run after the build). Exit: 0 clean or skipped, 1 vulnerable packages or error.
set -uo pipefail
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$repo" || exit 1
limit="${VULNERABILITY_CHECK_TIMEOUT:-180}"   # seconds for the whole dotnet list run
probe=10                                       # seconds for each HTTP probe of a source

config=()
if [[ "${1:-}" == "--configfile" && -n "${2:-}" ]]; then
  config=(--configfile "$2")
fi
mapfile -t sources < <(timeout 30 dotnet nuget list source --format short "${config[@]}" 2>/dev/null | awk '$1 ~ /^E/ { print $2 }')

# A source qualifies when its service index names a VulnerabilityInfo resource and that resource answers.
feeds=()
for source in "${sources[@]}"; do
  [[ "$source" == http* ]] || continue
  index=$(curl -fsSL --max-time "$probe" "$source" 2>/dev/null) || continue
  feed=$(printf '%s' "$index" | tr -d '\n ' | grep -o '"@id":"[^"]*","@type":"VulnerabilityInfo[^"]*"' | head -1 | sed -E 's/"@id":"([^"]*)".*/\1/')
  [[ -n "$feed" ]] || continue
  curl -fsSL --max-time "$probe" -o /dev/null "$feed" 2>/dev/null && feeds+=("$source")
done

if ((${#feeds[@]} == 0)); then
  echo "notice: vulnerable-package check skipped: no NuGet source offers a reachable vulnerability feed" \
    "(sources: ${sources[*]:-none}). Run scripts/check-vulnerable-packages.sh where nuget.org is reachable."
  exit 0
fi

source_args=()
for feed in "${feeds[@]}"; do
  source_args+=(--source "$feed")
done
out=$(timeout "$limit" dotnet list FileSearch.slnx package --vulnerable --include-transitive "${config[@]}" "${source_args[@]}" 2>&1)
status=$?
if ((status == 124)); then
  echo "notice: vulnerable-package check skipped: dotnet list package did not finish within ${limit} s"
  exit 0
fi
if ((status != 0)); then
  printf '%s\n' "$out" >&2
  echo "error: dotnet list package --vulnerable failed (exit ${status})" >&2
  exit 1
fi
if printf '%s\n' "$out" | grep -q 'has the following vulnerable packages'; then
  printf '%s\n' "$out" | grep -vE '^\s*$|has no vulnerable packages|Determining projects|up-to-date for restore'
  echo "error: vulnerable NuGet packages found (see above); update them in Directory.Packages.props" >&2
  exit 1
fi
echo "vulnerable-package check: no known-vulnerable packages (feed: ${feeds[*]})"
