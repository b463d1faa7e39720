#!/usr/bin/env bash
# Benchmarks training with gradient measurements on and off (gradflow.bench.Benchmark).
# Fresh JVMs give the start-up figure (process start to end of the first step) and peak memory;
# one long-lived JVM gives the throughput medians of interleaved runs.
#
# Usage: scripts/bench.sh [RUNS] [FRESH_JVMS]    (defaults 5 and 3)
# Env: JAVA_OPTS (extra JVM flags), BENCH_DATA (MNIST dir, default testdata/mnist-mini),
#      BENCH_CLASSES (classes dir to benchmark instead of app/target/classes, for A/B runs)
set -euo pipefail
cd "$(dirname "$0")/.."

readonly RUNS="${1:-5}"
readonly FRESH="${2:-3}"
readonly CP_FILE=app/target/bench-classpath.txt

mvn -q -f app/pom.xml compile
if [[ ! -s "$CP_FILE" || app/pom.xml -nt "$CP_FILE" ]]; then
  mvn -q -f app/pom.xml dependency:build-classpath -Dmdep.outputFile="$PWD/$CP_FILE" >/dev/null
fi
CP="${BENCH_CLASSES:-app/target/classes}:$(cat "$CP_FILE")"
# Threads: ND4J's element-wise ops and reductions run on 1 OpenMP thread (on 2 shared vCPUs the
# OpenMP wake-ups cost more than the split gains: classic net 13.6k -> 42k ex/s, see git log);
# OpenBLAS keeps 2 threads for the large gemms. The caller's environment wins.
export OMP_NUM_THREADS="${OMP_NUM_THREADS:-1}"
export OPENBLAS_NUM_THREADS="${OPENBLAS_NUM_THREADS:-2}"
# OpenBLAS 0.3.19 does not recognise this machine's AVX-512 processor and picks a slower sgemm
# kernel: forcing SkylakeX measured 3x faster on the 128x1024x1024 products of the wide benchmark
# net (scripts/bench.sh). Only where the CPU has AVX-512 and the caller did not choose.
if [ -z "${OPENBLAS_CORETYPE:-}" ] && grep -q -m1 avx512f /proc/cpuinfo 2>/dev/null; then
  export OPENBLAS_CORETYPE=SkylakeX
fi
# Defaults for the launcher; JAVA_OPTS may add or override.
JVM=(-XX:+UseParallelGC -Xshare:auto
  -Dgradflow.bench.data="${BENCH_DATA:-testdata/mnist-mini}")
read -r -a EXTRA <<<"${JAVA_OPTS:-}"

samples="$(mktemp)"
trap 'rm -f "$samples"' EXIT
for ((i = 0; i < FRESH; i++)); do
  for cfg in "classic off" "classic on" "wide off" "wide on" "conv off" "conv on"; do
    # shellcheck disable=SC2086
    java "${JVM[@]}" "${EXTRA[@]}" -cp "$CP" gradflow.bench.Benchmark single $cfg 3 2>/dev/null |
      grep '^SAMPLE' | tee -a "$samples"
  done
done
java "${JVM[@]}" "${EXTRA[@]}" -cp "$CP" gradflow.bench.Benchmark throughput "$RUNS" "$samples"
