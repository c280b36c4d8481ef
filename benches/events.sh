#!/bin/sh
# Work and data-cache misses per event of the large synthetic scenario at its three sizes (the
# baseline copied 1, 10 and 100 times), counted by valgrind's callgrind with its cache
# simulation over the measured block of examples/scaled_events.rs (the set-up and the warm-up
# replication are not counted). Unlike wall time, these counts do not depend on the machine's
# load, so they show whether the work per event grows with the size.
#
# The simulated data caches are a 32 KiB level 1 and, as the last level, a 512 KiB level 2 (the
# level-2 cache per core of the machine in docs/performance.md): a miss there goes to the
# shared level 3 or to memory.
#
# Usage: benches/events.sh [KEEP_DIR]   (needs valgrind: apt-get install valgrind)
# With KEEP_DIR the callgrind files are kept there (KEEP_DIR/1.out, 10.out, 100.out), for
# example for `callgrind_annotate --show=Ir,D1mr,DLmr --sort=DLmr KEEP_DIR/100.out`.
set -eu
cd "$(dirname "$0")/.."
command -v valgrind >/dev/null || { echo "events.sh: valgrind is not installed (apt-get install valgrind)" >&2; exit 1; }
# Symbols kept (the release profile strips them; callgrind finds the block by its name), in a
# target directory of its own.
export CARGO_TARGET_DIR=target/events CARGO_PROFILE_RELEASE_STRIP=false
cargo build --release --example scaled_events
bin=target/events/release/examples/scaled_events
if [ $# -gt 0 ]; then
    out=$1
    mkdir -p "$out"
else
    out=$(mktemp -d)
    trap 'rm -rf "$out"' EXIT
    trap 'exit 130' INT TERM HUP
fi
printf '%-7s %6s %7s %7s %10s %12s %13s %13s\n' copies units places queued events instr/event D1miss/event L2dmiss/event
for k in 1 10 100; do
    valgrind --tool=callgrind --cache-sim=yes --D1=32768,8,64 --LL=524288,8,64 --collect-atstart=no \
        --toggle-collect='scaled_events::measured' --callgrind-out-file="$out/$k.out" \
        "$bin" "$k" >"$out/$k.json" 2>"$out/$k.log" || { cat "$out/$k.log" >&2; exit 1; }
    # The totals of the callgrind file: Ir Dr Dw I1mr D1mr D1mw ILmr DLmr DLmw.
    totals=$(sed -n 's/^summary: //p' "$out/$k.out")
    [ "${totals%% *}" -gt 0 ] 2>/dev/null || { echo "events.sh: callgrind counted nothing in scaled_events::measured" >&2; exit 1; }
    awk -v t="$totals" '{
        gsub(/[{}",:]/, " ");
        for (i = 1; i < NF; i++) v[$i] = $(i + 1);
        split(t, c, " ");
        e = v["events"];
        printf "%-7s %6s %7s %7s %10s %12.0f %13.2f %13.3f\n", v["copies"], v["units"], v["places"], v["queued_at_start"], e, c[1] / e, (c[5] + c[6]) / e, (c[8] + c[9]) / e
    }' "$out/$k.json"
done
grep -hE '^desc: (D1|LL) cache' "$out/1.out" | sed 's/^desc: /simulated /'
