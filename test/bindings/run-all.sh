#!/usr/bin/env bash
# Runs the Python (pytest), Java (JUnit through Maven) and Go (go test) smoke tests against the packages in
# dist/ (test/bindings/package.sh builds them), one after the other: they share the reference template
# .tmp/bindings/quickstart.template.json. Every language's failure is reported; the script fails if any did.
set -uo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
failed=()
for language in python java go; do
  echo "== ${language} smoke test"
  start=$SECONDS
  if bash "$root/test/bindings/$language/run.sh"; then
    echo "== ${language}: passed in $((SECONDS - start)) s"
  else
    echo "== ${language}: FAILED after $((SECONDS - start)) s"
    failed+=("$language")
  fi
done
if [ ${#failed[@]} -gt 0 ]; then
  echo "binding smoke tests failed: ${failed[*]}" >&2
  exit 1
fi
