#!/usr/bin/env bash
# Builds the embedded MongoDB-compatible server (mongo-java-server + our launcher) into
# db/target/iec-embedded-mongo.jar. Needs Java 17+ and Maven; fetches the jars from Maven Central.
# Idempotent: does nothing when the jar was built from the sources as they are now (a checksum of pom.xml and
# src/ is kept beside the jar, so a jar copied from another checkout is rebuilt when the sources differ).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
jar="$here/target/iec-embedded-mongo.jar"
stamp="$here/target/sources.sha256"
sum="$(cd "$here" && find pom.xml src -type f | LC_ALL=C sort | xargs sha256sum | sha256sum | cut -d' ' -f1)"
up_to_date() { [ -f "$jar" ] && [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$sum" ]; }
up_to_date && exit 0
# One build at a time (test workers and replicas that start the server together): the others wait, then find the
# jar up to date. Without flock (not on every system) the build goes ahead unserialised.
mkdir -p "$here/target"
if command -v flock >/dev/null; then
  exec 9>"$here/target/.build.lock"
  flock 9
  up_to_date && exit 0
fi
command -v java >/dev/null || { echo "db:setup: Java 17+ is needed (java not found)" >&2; exit 1; }
command -v mvn >/dev/null || { echo "db:setup: Maven is needed (mvn not found)" >&2; exit 1; }
echo "db:setup: building the embedded MongoDB server (first run fetches jars)..." >&2
# Built in a folder of its own, then moved into place in one rename: a server already running from the old jar keeps
# reading the file it opened (replacing the jar's bytes under a running JVM made its class loading fail mid-test).
build="$(mktemp -d "$here/target/.build-XXXXXX")"
trap 'rm -rf "$build"' EXIT
mvn -q -B -f "$here/pom.xml" package -DskipTests -Diec.build.dir="$build" >&2
mv -f "$build/iec-embedded-mongo.jar" "$jar"
test -f "$jar"
echo "$sum" > "$stamp"
echo "db:setup: built $jar" >&2
