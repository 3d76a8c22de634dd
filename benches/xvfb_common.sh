# Sourced by the app benches (app_startup.sh, app_frames.sh) with the X display to use:
#
#   . benches/xvfb_common.sh :97
#
# Builds the release binary and the seed_journal example (unless $TALKDECK names a binary), makes a work folder ($work), starts
# Xvfb on that display and exports DISPLAY; on exit it stops Xvfb and the app (if $app is set) and
# removes the work folder. `ticks` reads the app's CPU time (user + system, in 1/CLK_TCK s).
cd "$(dirname "${BASH_SOURCE[0]}")/.."
if [ -z "${TALKDECK:-}" ]; then
    cargo build --release --quiet
    cargo build --release --quiet --example seed_journal
fi
work=$(mktemp -d)
app=
trap 'kill $app $xvfb 2>/dev/null || true; rm -rf "$work"' EXIT
Xvfb "$1" -screen 0 1280x800x24 >/dev/null 2>&1 &
xvfb=$!
sleep 1
export DISPLAY=$1
ticks() { awk '{print $14 + $15}' "/proc/$app/stat"; }
