#!/usr/bin/env bash
# The engine against SimPy on the same M/M/c queue (c = 500, 97 % occupancy, mean stay one year)
# and the same number of arrivals; the minimal Rust reference loop too.
#
#   benches/peer/run.sh [ARRIVALS]      (default 200000, at least 50000)
#
# Creates a virtual environment in target/peer-venv with SimPy 4.1.2 (requirements.txt), builds
# and runs examples/mmc_arrivals.rs in release mode (the engine, then the reference loop, over
# the engine's exact arrival count), runs mmc.py over that count, and prints each JSON line and
# a table of arrivals per second with the ratios. Needs python3 with venv, and PyPI or a pip
# cache for the first run.
set -euo pipefail
cd "$(dirname "$0")/../.."

target_arrivals="${1:-200000}"
venv=target/peer-venv

if [ ! -x "$venv/bin/python" ]; then
    python3 -m venv "$venv"
fi
"$venv/bin/python" -m pip install --quiet --disable-pip-version-check -r benches/peer/requirements.txt

cargo build --quiet --release --example mmc_arrivals
rust_lines="$(target/release/examples/mmc_arrivals "$target_arrivals")"
arrivals="$(printf '%s\n' "$rust_lines" | head -n 1 | "$venv/bin/python" -c 'import json, sys; print(json.loads(sys.stdin.readline())["arrivals"])')"
simpy_line="$("$venv/bin/python" benches/peer/mmc.py --arrivals "$arrivals")"

printf '%s\n%s\n' "$rust_lines" "$simpy_line"
echo
printf '%s\n%s\n' "$rust_lines" "$simpy_line" | "$venv/bin/python" benches/peer/table.py
