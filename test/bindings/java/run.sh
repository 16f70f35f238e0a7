#!/usr/bin/env bash
# Java smoke test of the jsii-built package (issue 16): JUnit 5 through Maven, next to aws-cdk-lib for Java.
#
# Needs the package built by jsii-pacmak's java target in "${BINDINGS_DIST:-dist}/java" (a Maven repository
# layout), e.g. `npx jsii-pacmak --target java --outdir .tmp/bindings/dist-java` then
# `BINDINGS_DIST=.tmp/bindings/dist-java bash test/bindings/java/run.sh`. This script does not build it.
#
# Every download goes to the Maven repository .tmp/bindings/m2 (gitignored), never ~/.m2; after the first run
# the test resolves offline from there. Build output and Surefire reports land in .tmp/bindings/java-target.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../../.." && pwd)"
cd "$root"

dist="${BINDINGS_DIST:-dist}"
case "$dist" in
  /*) ;;
  *) dist="$root/$dist" ;;
esac
repo="$dist/java"
version="$(node -p 'require("./package.json").version')"
jar="$repo/io/github/cdk-msk-constructs/cdk-msk-constructs/$version/cdk-msk-constructs-$version.jar"
if [ ! -f "$jar" ]; then
  echo "java smoke test: no package at $jar; build it first with jsii-pacmak --target java (see this script's header)" >&2
  exit 1
fi

# The TypeScript reference the Java quickstart is compared with.
template="$root/.tmp/bindings/quickstart.template.json"
npx ts-node --transpile-only test/bindings/quickstart-template.ts "$template"

m2="$root/.tmp/bindings/m2"
mkdir -p "$m2"
# The jar of the same version is rebuilt in place: drop Maven's cached copy so the fresh one is used.
rm -rf "$m2/io/github/cdk-msk-constructs/cdk-msk-constructs"

reports="$root/.tmp/bindings/java-target/surefire-reports"
rm -rf "$reports"
status=0
mvn -B -q -Dstyle.color=never \
  -Dmaven.repo.local="$m2" \
  -Dbindings.repo="$repo" \
  -Dcdk-msk-constructs.version="$version" \
  -Dquickstart.template="$template" \
  -f test/bindings/java/pom.xml \
  test || status=$?

# -q hides Surefire's summary: print one closing line from its reports (after a newline: Maven's console
# ends without one, on colour reset codes).
echo
node -e '
const fs = require("fs"), path = require("path"), dir = process.argv[1];
let tests = 0, failed = 0, skipped = 0;
for (const f of fs.existsSync(dir) ? fs.readdirSync(dir).filter((n) => /^TEST-.*\.xml$/.test(n)) : []) {
  const head = /<testsuite\b[^>]*>/.exec(fs.readFileSync(path.join(dir, f), "utf8"))?.[0] ?? "";
  const n = (k) => Number(new RegExp(`\\b${k}="(\\d+)"`).exec(head)?.[1] ?? 0);
  tests += n("tests"); failed += n("failures") + n("errors"); skipped += n("skipped");
}
console.log(`java: ${tests - failed - skipped} passed, ${failed} failed, ${skipped} skipped`);
' "$reports"
exit "$status"
