#!/bin/sh
# Work and cache misses per event of the large synthetic scenario at its three sizes (the
# baseline copied 1, 10 and 100 times), counted by valgrind's callgrind with its cache
# simulation over the measured replications of examples/scaled_events.rs (the warm-up
# replication and the set-up are not counted). Unlike wall time, instruction counts do not
# depend on the machine's load, so they show whether the work per event grows with the size.
#
# The simulated caches are a 32 KiB level 1 and, as the last level, a 512 KiB level 2 (the
# level-2 cache per core of the machine in docs/performance.md): a miss there goes to the
# shared level 3 or to memory.
#
# Usage: benches/events.sh   (needs valgrind: apt-get install valgrind)
set -eu
cd "$(dirname "$0")/.."
command -v valgrind >/dev/null || { echo "events.sh: valgrind is not installed (apt-get install valgrind)" >&2; exit 1; }
# Symbols kept (the release profile strips them), in a target directory of its own.
export CARGO_TARGET_DIR=target/events CARGO_PROFILE_RELEASE_STRIP=false
cargo build --release --example scaled_events
bin=target/events/release/examples/scaled_events
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
printf '%-7s %6s %7s %7s %10s %9s %12s %12s %9s\n' copies units places queued events ns/event instr/event L1miss/event L2miss/event
for k in 1 10 100; do
    line=$("$bin" "$k")
    valgrind --tool=callgrind --cache-sim=yes --D1=32768,8,64 --LL=524288,8,64 --collect-atstart=no \
        --toggle-collect='scaled_events::measured' --callgrind-out-file="$out/$k.out" \
        "$bin" "$k" >/dev/null 2>"$out/$k.log"
    # The totals line of the callgrind file: Ir Dr Dw I1mr D1mr D1mw ILmr DLmr DLmw.
    totals=$(sed -n 's/^summary: //p' "$out/$k.out")
    echo "$line" | awk -v t="$totals" '{
        gsub(/[{}",:]/, " ");
        for (i = 1; i < NF; i++) v[$i] = $(i + 1);
        split(t, c, " ");
        e = v["events"];
        printf "%-7s %6s %7s %7s %10s %9.1f %12.0f %12.2f %12.3f\n", v["copies"], v["units"], v["places"], v["queued_at_start"], e, v["ns_per_event"], c[1] / e, (c[5] + c[6]) / e, (c[8] + c[9]) / e
    }'
done
grep -h '^desc: \(D1\|LL\) cache' "$out/1.out" | sed 's/^desc: /simulated /'
