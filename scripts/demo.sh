#!/usr/bin/env bash
# The main job on the embedded default: installs prerequisites, builds, indexes samples/ and searches it.
# Usage: scripts/demo.sh   (state goes to ./.filesearch unless FILESEARCH_DATA_DIR or --data-dir say otherwise)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

scripts/install-prerequisites.sh
./filesearch ingest samples "$@"
for query in 契約 売上; do
  echo
  ./filesearch search "$query" "$@"
done
echo
echo "To search in a browser, run ./filesearch serve${*:+ $*} and open http://127.0.0.1:8080/"
