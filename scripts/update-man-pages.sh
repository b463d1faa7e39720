#!/bin/sh
# Rewrites app/src/dist/man/man1/*.1 from the current commands (ManPagesTest fails when they differ).
set -eu
cd "$(dirname "$0")/.."
mvn -B -o -q package -DskipTests
version=$(sed -n 's/.*String VALUE = "\(.*\)";/\1/p' app/src/main/java/gradflow/app/Version.java)
java -cp "app/target/gradflow-$version/lib/*" gradflow.cli.ManPages app/src/dist/man/man1
ls app/src/dist/man/man1
