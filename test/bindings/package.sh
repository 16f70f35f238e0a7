#!/usr/bin/env bash
# Builds the npm tarball, the Python wheel and sdist, the Java jar (a Maven repository layout) and the Go module of the compiled
# library (lib/ and .jsii: run `npx projen compile` first) into dist/js, dist/python, dist/java and dist/go with
# jsii-pacmak. .NET keeps code generation only (`npx projen pacmak:code`): there is no .NET SDK here.
#
# Every cache stays under .tmp/bindings (gitignored), shared with the smoke tests' run.sh scripts: the Maven
# repository (.tmp/bindings/m2), and Go's module and build caches (.tmp/bindings/go-*; pacmak's go target runs
# `go mod tidy` and `go build` with this environment). Nothing is written to ~.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$root"
TMP="$root/.tmp/bindings"
export GOPATH="$TMP/go-path" GOMODCACHE="$TMP/go-modcache" GOCACHE="$TMP/go-build-cache" GOTMPDIR="$TMP/go-tmp"
export GOTOOLCHAIN="${GOTOOLCHAIN:-local}" GOENV=off GOFLAGS="-buildvcs=false"
mkdir -p "$GOPATH" "$GOMODCACHE" "$GOCACHE" "$GOTMPDIR" "$TMP/m2"
rm -rf dist/js dist/python dist/java dist/go
export JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION="${JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION:-20}"
npx jsii-pacmak --target js --target python --target java --target go --outdir dist --maven-local-repository="$TMP/m2"
ls dist/js/*.tgz dist/python/*.whl dist/python/*.tar.gz dist/go/cdkmskconstructs/go.mod >/dev/null
