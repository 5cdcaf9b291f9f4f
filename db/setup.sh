#!/usr/bin/env bash
# Builds the embedded MongoDB-compatible server (mongo-java-server + our launcher) into
# db/target/iec-embedded-mongo.jar. Needs Java 17+ and Maven; fetches the jars from Maven Central.
# Idempotent: does nothing when the jar is newer than its sources.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
jar="$here/target/iec-embedded-mongo.jar"
if [ -f "$jar" ] && [ "$jar" -nt "$here/pom.xml" ] && [ "$jar" -nt "$here/src/main/java/iecbot/EmbeddedMongo.java" ]; then
  exit 0
fi
command -v java >/dev/null || { echo "db:setup: Java 17+ is needed (java not found)" >&2; exit 1; }
command -v mvn >/dev/null || { echo "db:setup: Maven is needed (mvn not found)" >&2; exit 1; }
echo "db:setup: building the embedded MongoDB server (first run fetches jars)..." >&2
mvn -q -B -f "$here/pom.xml" package -DskipTests >&2
test -f "$jar"
echo "db:setup: built $jar" >&2
