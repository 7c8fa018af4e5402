#!/usr/bin/env bash
# pan.sh — the real window's frame rate while panning a big layer: starts the viewer in an X
# server (Xvfb), adds LAYER, waits until it is on the map, drags the map to and fro for a while
# with xdotool and prints the viewer's own frame statistics (`--frame-stats`) for the drag.
#
#   benches/pan.sh [-z ZOOM] [-s SECONDS] [LAYER.geojson]
#
# Without LAYER it writes the synthetic layer of 1 million vertices (examples/large_layer.rs).
# Runs target/release/karabakh-atlas: `cargo build --release --bins --examples` first. Needs Xvfb and
# xdotool (Debian: xvfb xdotool). Numbers, not a verdict: without a GPU, Mesa draws on the CPU.
set -euo pipefail
cd "$(dirname "$0")/.."
zoom=7.6 seconds=10
while getopts "z:s:" opt; do
  case $opt in
    z) zoom=$OPTARG ;;
    s) seconds=$OPTARG ;;
    *) exit 2 ;;
  esac
done
shift $((OPTIND - 1))
bin=target/release/karabakh-atlas
[ -x "$bin" ] || { echo "pan.sh: build first: cargo build --release --bins --examples" >&2; exit 2; }
work=$(mktemp -d)
layer=${1:-}
if [ -z "$layer" ]; then
  layer=$work/synthetic.geojson
  target/release/examples/large_layer "$layer" 1000000 >/dev/null
fi
display=
for n in $(seq 140 180); do
  if [ ! -e /tmp/.X11-unix/X$n ] && [ ! -e /tmp/.X$n-lock ]; then display=:$n; break; fi
done
[ -n "$display" ] || { echo "pan.sh: no free X display" >&2; exit 1; }
Xvfb "$display" -screen 0 1600x1000x24 -nolisten tcp >/dev/null 2>&1 &
xpid=$!
app=
cleanup() {
  [ -n "$app" ] && kill "$app" 2>/dev/null
  sleep 0.3
  kill "$xpid" 2>/dev/null
  rm -rf "$work"
}
trap cleanup EXIT
sleep 1
# A home of its own: no remembered view or layers from an earlier run.
export DISPLAY=$display HOME=$work XDG_DATA_HOME=$work/data XDG_RUNTIME_DIR=$work/run
mkdir -p "$XDG_RUNTIME_DIR" && chmod 700 "$XDG_RUNTIME_DIR"
log=$work/viewer.log
"$bin" --frame-stats --center 40.0,46.0 --zoom "$zoom" --layer "$layer" >"$log" 2>&1 &
app=$!
# Wait until the layer has been added (the frame line counts features).
for _ in $(seq 1 240); do
  last=$( (grep -o "[0-9]* features" "$log" || true) | tail -n 1 | cut -d" " -f1)
  [ "${last:-0}" -gt 1000 ] && break
  kill -0 "$app" 2>/dev/null || { echo "pan.sh: the viewer exited:" >&2; tail "$log" >&2; exit 1; }
  sleep 0.5
done
sleep 2
echo "idle, layer on the map:"
tail -n 2 "$log" | grep frame-stats || true
# The viewer's resident memory (all of it: code, fonts, the software renderer's textures).
memory() {
  awk '/^VmRSS/ { rss = $2 } /^VmHWM/ { hwm = $2 }
    END { printf "resident memory: %.0f MB now, %.0f MB at most\n", rss / 1024, hwm / 1024 }' \
    "/proc/$app/status"
}
memory
# Drag from the middle of the map: 40 px to one side and back, in 4 px steps every 10 ms.
before=$(wc -l <"$log")
xdotool mousemove 700 450 mousedown 1
end=$((SECONDS + seconds))
while [ $SECONDS -lt $end ]; do
  steps=()
  for _ in $(seq 1 10); do steps+=(mousemove_relative -- 4 1 sleep 0.01); done
  for _ in $(seq 1 10); do steps+=(mousemove_relative -- -4 -1 sleep 0.01); done
  xdotool "${steps[@]}"
done
xdotool mouseup 1
sleep 1.2
echo "while panning (zoom $zoom):"
tail -n +"$((before + 1))" "$log" | grep frame-stats | head -n "$seconds"
tail -n +"$((before + 1))" "$log" | grep frame-stats | head -n "$seconds" | awk '
  { for (i = 1; i <= NF; i++) if ($i == "fps;") { fps += $(i-1); n++ } }
  END { if (n) printf "mean over %d seconds: %.1f fps\n", n, fps / n }'
memory
