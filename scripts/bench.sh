#!/usr/bin/env bash
# Benchmarks training with gradient measurements on and off (gradflow.bench.Benchmark), beside
# the same nets in PyTorch (scripts/bench-pytorch.py) where Debian's python3-torch is installed.
# Fresh processes give the start-up figure (process start to end of the first step) and peak
# memory; throughput comes from RUNS rounds, each one long-lived process per implementation (warm
# up, then on/off runs of each net), the two implementations taking turns so that the load of a
# shared machine falls on both alike. Prints one table: medians, overhead and gradflow/PyTorch.
#
# Usage: scripts/bench.sh [RUNS] [FRESH]    (defaults 5 and 3)
# Env: JAVA_OPTS (extra JVM flags), BENCH_DATA (MNIST dir, default testdata/mnist-mini),
#      BENCH_CLASSES (classes dir to benchmark instead of app/target/classes, for A/B runs),
#      BENCH_TORCH=0 (gradflow alone), BENCH_TORCH_BLAS (OpenBLAS directory for PyTorch)
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
# the gemms get OPENBLAS_NUM_THREADS, which gradflow applies itself (train/BlasThreads: ND4J's
# OpenBLAS is an OpenMP build and would follow OMP_NUM_THREADS). The caller's environment wins.
export OMP_NUM_THREADS="${OMP_NUM_THREADS:-1}"
export BENCH_DATA="${BENCH_DATA:-testdata/mnist-mini}"
export OPENBLAS_NUM_THREADS="${OPENBLAS_NUM_THREADS:-2}"
# OpenBLAS 0.3.19 does not recognise this machine's AVX-512 processor and picks a slower sgemm
# kernel: forcing SkylakeX measured 3x faster on the 128x1024x1024 products of the wide benchmark
# net (scripts/bench.sh). Only where the CPU has AVX-512 and the caller did not choose.
if [ -z "${OPENBLAS_CORETYPE:-}" ] && grep -q -m1 avx512f /proc/cpuinfo 2>/dev/null; then
  export OPENBLAS_CORETYPE=SkylakeX
fi
# Defaults for the launcher; JAVA_OPTS may add or override.
JVM=(-XX:+UseParallelGC -Xshare:auto
  -Dgradflow.bench.data="$BENCH_DATA")
read -r -a EXTRA <<<"${JAVA_OPTS:-}"

TORCH=()
if [[ "${BENCH_TORCH:-1}" != 0 ]] && /usr/bin/python3 -c 'import torch' 2>/dev/null; then
  # Debian's torch calls whatever libblas.so.3 is; the reference BLAS there ran the wide net's
  # gemms at 6 GFLOP/s, so point it at Debian's OpenBLAS (libopenblas0-pthread) where installed,
  # or at BENCH_TORCH_BLAS (a directory holding an OpenBLAS libblas.so.3).
  blas="${BENCH_TORCH_BLAS:-/usr/lib/x86_64-linux-gnu/openblas-pthread}"
  if [[ -e "$blas/libblas.so.3" ]]; then
    TORCH=(env "LD_LIBRARY_PATH=$blas${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}" /usr/bin/python3 scripts/bench-pytorch.py)
  else
    echo "(no OpenBLAS for PyTorch in $blas: its figures use the system libblas.so.3)" >&2
    TORCH=(/usr/bin/python3 scripts/bench-pytorch.py)
  fi
else
  echo "(PyTorch not available to /usr/bin/python3: gradflow alone)" >&2
fi
gradflow() {
  java "${JVM[@]}" "${EXTRA[@]}" -cp "$CP" gradflow.bench.Benchmark "$@" 2>/dev/null
}
# Both implementations' SAMPLE and RATE lines, echoed as they come.
both() {
  gradflow "$@" | grep -E '^(SAMPLE|RATE)' | tee -a "$samples"
  if ((${#TORCH[@]})); then
    "${TORCH[@]}" "$@" 2>/dev/null | grep -E '^(SAMPLE|RATE)' | tee -a "$samples"
  fi
}

samples="$(mktemp)"
trap 'rm -f "$samples"' EXIT
for ((i = 0; i < FRESH; i++)); do
  for cfg in "classic off" "classic on" "wide off" "wide on" "conv off" "conv on"; do
    # shellcheck disable=SC2086
    both single $cfg 3
  done
done
for ((r = 0; r < RUNS; r++)); do
  both throughput 1
done
echo
gradflow table "$samples"
