#!/usr/bin/env bash
# Runs every test file through node's test runner with tsx. Node 20 finds no .ts file when given
# a folder, so the list is explicit; a run that executed zero tests is a failure, not a pass.
set -euo pipefail
cd "$(dirname "$0")/.."

if [ "$#" -gt 0 ]; then
  files=("$@")
else
  mapfile -t files < <(find test -name '*.test.ts' -o -name '*.test.tsx' | sort)
fi
if [ "${#files[@]}" -eq 0 ]; then
  echo "scripts/test.sh: no test files found under test/" >&2
  exit 1
fi

log=$(mktemp)
trap 'rm -f "$log"' EXIT
set +e
node --import tsx --test --test-reporter=spec --test-reporter-destination=stdout \
  --test-reporter=tap --test-reporter-destination="$log" "${files[@]}"
status=$?
set -e

tests=$(grep -E '^# tests [0-9]+' "$log" | tail -1 | awk '{print $3}')
passed=$(grep -E '^# pass [0-9]+' "$log" | tail -1 | awk '{print $3}')
failed=$(grep -E '^# fail [0-9]+' "$log" | tail -1 | awk '{print $3}')
skipped=$(grep -E '^# skipped [0-9]+' "$log" | tail -1 | awk '{print $3}')
cancelled=$(grep -E '^# cancelled [0-9]+' "$log" | tail -1 | awk '{print $3}')
echo "# tests ${tests:-0}"
echo "# pass ${passed:-0}"
echo "# fail ${failed:-0}"
echo "# cancelled ${cancelled:-0}"
if [ "${tests:-0}" -eq 0 ]; then
  echo "scripts/test.sh: zero tests ran" >&2
  exit 1
fi
if [ "${cancelled:-0}" -ne 0 ]; then
  echo "scripts/test.sh: ${cancelled} tests were cancelled (a timeout or a file that crashed); they count as failed" >&2
  failed=$(( ${failed:-0} + cancelled ))
  status=1
fi
if [ "${skipped:-0}" -ne 0 ]; then
  echo "scripts/test.sh: ${skipped} skipped tests; a skipped test proves nothing" >&2
  exit 1
fi
echo "${passed:-0} passed, ${failed:-0} failed"
exit "$status"
