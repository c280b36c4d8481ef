"""Reads the JSON lines of benches/peer/run.sh on standard input and prints them side by side,
with each one's speed relative to SimPy and to the engine."""

import json
import sys

rows = [json.loads(line) for line in sys.stdin if line.strip()]
simpy = next(r for r in rows if r["sim"].startswith("simpy"))
engine = next(r for r in rows if r["sim"] == "lss-sim engine")
header = ("", "arrivals", "seconds", "arrivals/s", "mean wait, d", "vs SimPy", "vs engine")
print("%-16s %9s %9s %12s %12s %9s %9s" % header)
for r in rows:
    rate = r["arrivals_per_second"]
    print(
        "%-16s %9d %9.3f %12.0f %12.2f %8.1fx %8.3fx"
        % (
            r["sim"],
            r["arrivals"],
            r["seconds"],
            rate,
            r["mean_wait_days"],
            rate / simpy["arrivals_per_second"],
            rate / engine["arrivals_per_second"],
        )
    )
