#!/usr/bin/env bash
# Python smoke test of the built package (test/bindings/python/test_smoke.py, pytest).
#
# Installs the Python packages pinned in test/bindings/python/requirements.txt into the virtual environment
# .tmp/bindings/py-venv (kept between runs; rebuilt only when requirements.txt changes or the venv is broken),
# installs the wheel jsii-pacmak built into ${BINDINGS_DIST:-dist}/python/ over it (no dependencies from the
# index: they are the pinned ones), writes the TypeScript quickstart's template for comparison and runs pytest.
# Extra arguments go to pytest. Runs from anywhere; paths are relative to the repository root.
#
#   npx jsii-pacmak --target python --outdir .tmp/bindings/dist-python
#   BINDINGS_DIST=.tmp/bindings/dist-python bash test/bindings/python/run.sh
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/../../.."

HERE=test/bindings/python
VENV=.tmp/bindings/py-venv
DIST="${BINDINGS_DIST:-dist}"
TEMPLATE=.tmp/bindings/quickstart.template.json

if ! cmp -s "$HERE/requirements.txt" "$VENV/requirements.txt" || ! "$VENV/bin/python" -m pip --version >/dev/null 2>&1; then
  echo "python bindings: creating $VENV from $HERE/requirements.txt"
  rm -rf "$VENV"
  python3 -m venv "$VENV"
  # --no-deps: requirements.txt lists every package, dependencies included; pip check verifies it is complete.
  "$VENV/bin/python" -m pip install --disable-pip-version-check --no-input --quiet --no-deps --requirement "$HERE/requirements.txt"
  "$VENV/bin/python" -m pip check --disable-pip-version-check >/dev/null
  cp "$HERE/requirements.txt" "$VENV/requirements.txt"
fi

shopt -s nullglob
wheels=("$DIST"/python/*.whl)
shopt -u nullglob
if [ "${#wheels[@]}" -ne 1 ]; then
  echo "python bindings: expected one wheel in $DIST/python/, found ${#wheels[@]}; build it with jsii-pacmak --target python" >&2
  exit 1
fi
"$VENV/bin/python" -m pip install --disable-pip-version-check --no-input --quiet --no-deps --force-reinstall "${wheels[0]}"
# The wheel's requirements (aws-cdk-lib, constructs, jsii, publication) must be met by the pinned packages.
"$VENV/bin/python" -m pip check --disable-pip-version-check

npx ts-node --transpile-only test/bindings/quickstart-template.ts "$TEMPLATE"

# No bytecode or pytest cache in the source tree.
PYTHONDONTWRITEBYTECODE=1 QUICKSTART_TEMPLATE="$TEMPLATE" \
  "$VENV/bin/python" -m pytest -p no:cacheprovider --rootdir "$HERE" "$HERE" "$@"
