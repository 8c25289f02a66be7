#!/usr/bin/env bash
# Sourced by the launchers at the repository root (./filesearch, ./filesearch-bench).
#
# launch PROJECT OUT ASSEMBLY NAME WATCHED... -- ARGS...
#   Builds PROJECT (Release) into OUT on first use and again when a source under one of the WATCHED folders (or the
#   root Directory.*.props) is newer than the last build, then runs OUT/ASSEMBLY with ARGS on the native allocator
#   scripts/allocator.sh selects. NAME is what the build message calls the program.

launch() {
  local project="$1" out="$2" assembly="$3" name="$4"
  shift 4
  local watched=()
  while (($# > 0)) && [[ "$1" != "--" ]]; do
    watched+=("$1")
    shift
  done
  (($# > 0)) && shift
  local root stamp="$out/.build-stamp"
  root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

  if [[ ! -f "$out/$assembly" || ! -f "$stamp" || -n "$(find "${watched[@]}" "$root/Directory.Build.props" "$root/Directory.Packages.props" \
      \( -name '*.cs' -o -name '*.csproj' -o -name '*.json' -o -name '*.props' \) \
      -newer "$stamp" -not -path '*/obj/*' -not -path '*/bin/*' -print -quit)" ]]; then
    echo "Building $name (first run or sources changed)..." >&2
    local log
    log="$(mktemp)"
    if ! dotnet build "$project" -c Release -o "$out" -nologo -v:q >"$log" 2>&1; then
      cat "$log" >&2
      rm -f "$log"
      echo "error: build failed" >&2
      exit 1
    fi
    rm -f "$log"
    touch "$stamp"
  fi

  # Native allocator: jemalloc when installed (scripts/allocator.sh says why and how).
  # shellcheck source=scripts/allocator.sh
  source "$root/scripts/allocator.sh"
  select_allocator

  exec dotnet "$out/$assembly" "$@"
}
