#!/usr/bin/env bash
# Links scripts/pre-commit into this clone's Git hooks (format check + unit tests before each commit).
# Usage: scripts/install-hooks.sh   (undo: rm "$(git rev-parse --git-path hooks)/pre-commit")
set -euo pipefail
repo="$(git -C "$(dirname "${BASH_SOURCE[0]}")" rev-parse --show-toplevel)"
cd "$repo"
hooks="$(cd "$(git rev-parse --git-path hooks)" 2>/dev/null && pwd || true)"
if [[ -z "$hooks" ]]; then
  hooks="$(git rev-parse --absolute-git-dir)/hooks"
  mkdir -p "$hooks"
fi
target="$hooks/pre-commit"
if [[ -e "$target" && ! -L "$target" ]]; then
  echo "error: $target exists and is not a link; move it away first" >&2
  exit 1
fi
# A relative link keeps working when the clone is moved.
ln -sfn "$(realpath --relative-to="$hooks" "$repo/scripts/pre-commit")" "$target"
echo "Installed $target -> scripts/pre-commit (skip once with: git commit --no-verify)"
