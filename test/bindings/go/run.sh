#!/usr/bin/env bash
# The Go smoke test: runs test/bindings/go (go test) against the library's Go module as jsii-pacmak built it
# under "${BINDINGS_DIST:-dist}/go" (build it first: jsii-pacmak --target go --outdir "$BINDINGS_DIST"),
# next to the released aws-cdk-lib for Go pinned in go.mod / go.sum.
#
#   BINDINGS_DIST=.tmp/bindings/dist-go bash test/bindings/go/run.sh
#
# Every Go cache lives under .tmp/bindings/go-* (gitignored; nothing in ~). Modules come from GOPROXY as set
# in the environment (Go's default otherwise). The committed go.mod is never edited: the replace of the
# library's module is applied to a copy (.tmp/bindings/go-modfile/go.mod, with go.sum) that `go test -modfile`
# reads.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../../.." && pwd)"
cd "$ROOT"

DIST="${BINDINGS_DIST:-dist}"
case "$DIST" in
  /*) ;;
  *) DIST="$ROOT/$DIST" ;;
esac
MODULE_PATH=github.com/cdk-msk-constructs/cdk-msk-constructs-go/cdkmskconstructs
MODULE_DIR="$DIST/go/cdkmskconstructs"
if [[ ! -f "$MODULE_DIR/go.mod" ]]; then
  echo "run.sh: no Go module at $MODULE_DIR (build it: jsii-pacmak --target go --outdir ${BINDINGS_DIST:-dist})" >&2
  exit 1
fi
if ! grep -qx "module $MODULE_PATH" "$MODULE_DIR/go.mod"; then
  echo "run.sh: $MODULE_DIR/go.mod is not module $MODULE_PATH" >&2
  exit 1
fi

TMP="$ROOT/.tmp/bindings"
export GOPATH="$TMP/go-path"
export GOMODCACHE="$TMP/go-modcache"
export GOCACHE="$TMP/go-build-cache"
export GOTMPDIR="$TMP/go-tmp"
export GOTOOLCHAIN="${GOTOOLCHAIN:-local}"
export GOFLAGS="-mod=mod -buildvcs=false"
export GOENV=off
# Ask the jsii runtime to send the host language's stack with each call (the opt-in of jsii's "host stack
# traces"), so that creation traces can name the Go file and line (TestCreationTracePointsToGoLine).
export JSII_HOST_STACK_TRACES=1
# The jsii runtime's end-of-life banner for the Node version in use (as for jsii-pacmak); set it to 0 to see it.
export JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION="${JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION:-$(node -p 'process.versions.node.split(".")[0]')}"
# The jsii kernel's cache of unpacked packages (aws-cdk-lib, this library), in ~/.cache/aws/jsii by default.
export JSII_RUNTIME_PACKAGE_CACHE_ROOT="$TMP/go-jsii-package-cache"
# jsii-runtime-go unpacks its JavaScript runtime and each library's tarball into a temporary folder.
export TMPDIR="$TMP/go-tmp"
mkdir -p "$GOPATH" "$GOMODCACHE" "$GOCACHE" "$GOTMPDIR" "$JSII_RUNTIME_PACKAGE_CACHE_ROOT"

# The TypeScript reference template that smoke_test.go compares with.
export QUICKSTART_TEMPLATE="$TMP/quickstart.template.json"
npx ts-node --transpile-only test/bindings/quickstart-template.ts "$QUICKSTART_TEMPLATE"

# A copy of go.mod / go.sum whose replace points at this build of the library.
MODFILE_DIR="$TMP/go-modfile"
mkdir -p "$MODFILE_DIR"
cp test/bindings/go/go.mod "$MODFILE_DIR/go.mod"
cp test/bindings/go/go.sum "$MODFILE_DIR/go.sum"
go mod edit -replace="$MODULE_PATH=$MODULE_DIR" "$MODFILE_DIR/go.mod"
cp "$MODFILE_DIR/go.mod" "$MODFILE_DIR/go.mod.pinned"

cd test/bindings/go
go version
go test -modfile="$MODFILE_DIR/go.mod" -count=1 -v -timeout 15m ./...

# The committed go.mod / go.sum must pin everything the test used: with -mod=mod, go adds what they lack to the
# copy (a new dependency of the library's module, as a newer jsii-pacmak may bring), and that is a failure here.
if ! cmp -s "$MODFILE_DIR/go.mod.pinned" "$MODFILE_DIR/go.mod" \
  || [[ -n "$(comm -13 <(sort "$ROOT/test/bindings/go/go.sum") <(sort "$MODFILE_DIR/go.sum"))" ]]; then
  echo "run.sh: test/bindings/go/go.mod or go.sum does not pin what the test used; differences:" >&2
  diff "$MODFILE_DIR/go.mod.pinned" "$MODFILE_DIR/go.mod" >&2 || true
  diff "$ROOT/test/bindings/go/go.sum" "$MODFILE_DIR/go.sum" >&2 || true
  echo "run.sh: update them (requires and checksums) from $MODFILE_DIR, keeping the committed replace line" >&2
  exit 1
fi
