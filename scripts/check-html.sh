#!/usr/bin/env bash
# Opens a gradflow --html report in headless Chromium, as a person would, and fails when the page
# logs console errors or renders blank. Usage: scripts/check-html.sh REPORT.html [SHOT.png]
# Needs chromium (Debian: apt-get install -y chromium) and python3 (standard library only).
set -euo pipefail
html="$(realpath "$1")"
shot="${2:-${html%.html}.png}"
chromium="${CHROMIUM:-$(command -v chromium || command -v chromium-browser || true)}"
[ -n "$chromium" ] || { echo "check-html: chromium not found" >&2; exit 2; }
profile="$(mktemp -d)"
log="$(mktemp)"
trap 'rm -rf "$profile" "$log"' EXIT
# --enable-logging=stderr puts the page's console messages in the log as ":CONSOLE:" (newer) or
# "CONSOLE(" (older) lines; the report has no scripts, so any console message is a fault. The
# host resolver maps every name to nothing: a page that needed the network would show it.
timeout 120 "$chromium" --headless --no-sandbox --disable-gpu --disable-background-networking \
  --disable-component-update --no-first-run --disable-sync --user-data-dir="$profile" \
  --host-resolver-rules="MAP * ~NOTFOUND" \
  --enable-logging=stderr --v=0 --hide-scrollbars --window-size=1200,2000 \
  --screenshot="$shot" "file://$html" >"$log" 2>&1 || {
  cat "$log" >&2
  echo "check-html: chromium failed" >&2
  exit 1
}
if grep -E "Uncaught|CONSOLE[:(]|Failed to load resource" "$log" >&2; then
  echo "check-html: the page logged errors (above)" >&2
  exit 1
fi
[ -s "$shot" ] || { echo "check-html: no screenshot written" >&2; exit 1; }
# Blank-page check: decode the PNG (8-bit RGB/RGBA, the kind Chromium writes) with zlib and count
# the pixels that differ from the most common colour.
python3 - "$shot" <<'PY'
import struct, sys, zlib
from collections import Counter
data = open(sys.argv[1], "rb").read()
assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
pos, idat, w = 8, b"", 0
while pos < len(data):
    n, kind = struct.unpack(">I4s", data[pos:pos + 8])
    body = data[pos + 8:pos + 8 + n]
    if kind == b"IHDR":
        w, h, depth, ctype = struct.unpack(">IIBB", body[:10])
        assert depth == 8 and ctype in (2, 6), f"unsupported PNG depth {depth} type {ctype}"
        bpp = 3 if ctype == 2 else 4
    elif kind == b"IDAT":
        idat += body
    pos += 12 + n
raw = zlib.decompress(idat)
stride = w * bpp
prev = bytearray(stride)
colours = Counter()
for y in range(h):
    f = raw[y * (stride + 1)]
    line = bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
    for i in range(stride):
        a = line[i - bpp] if i >= bpp else 0
        b = prev[i]
        c = prev[i - bpp] if i >= bpp else 0
        if f == 1: line[i] = (line[i] + a) & 255
        elif f == 2: line[i] = (line[i] + b) & 255
        elif f == 3: line[i] = (line[i] + (a + b) // 2) & 255
        elif f == 4:
            p = a + b - c
            pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
            line[i] = (line[i] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
    if y % 4 == 0:
        for x in range(0, w, 4):
            colours[bytes(line[x * bpp:x * bpp + 3])] += 1
    prev = line
total = sum(colours.values())
top = colours.most_common(1)[0][1]
other = 1 - top / total
print(f"check-html: {w}x{h}, {len(colours)} colours, {other:.1%} of pixels not background")
if other < 0.02 or len(colours) < 8:
    sys.exit("check-html: the page looks blank")
PY
echo "check-html: ok ($shot)"
