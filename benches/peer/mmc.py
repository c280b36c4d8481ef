"""The M/M/c queue of the engine benchmark in SimPy 4, for a speed comparison.

c = 500 places at 97 % occupancy, mean stay one year (365.25 days), so λ = 485 a year. As on
the Rust side (benches/common/mod.rs), the run starts with the places occupied and the queue at
their stationary means (485 occupied, round(λ W) queued, W by Erlang C) and stops at the last
of the given number of arrivals. The places are one ``simpy.Resource(capacity=500)``; every
person is a process that requests a place, waits for it, holds it for an exponential stay and
releases it.

Prints one JSON line: arrivals, wall seconds of ``env.run`` (set-up excluded), arrivals per
second and the mean wait in days of the people who got a place.

    python mmc.py [--arrivals N] [--seed S]

benches/peer/run.sh runs it beside the Rust engine and the reference loop.
"""

import argparse
import json
import random
import time

import simpy

PLACES = 500
OCCUPANCY = 0.97
DAYS_PER_YEAR = 365.25
MEAN_STAY_DAYS = DAYS_PER_YEAR


def erlang_c(c, a):
    """P(wait) in M/M/c with offered load a, through the stable Erlang B recursion."""
    b = 1.0
    for k in range(1, c + 1):
        b = a * b / (k + a * b)
    rho = a / c
    return b / (1.0 - rho * (1.0 - b))


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--arrivals", type=int, default=200_000)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()

    load = OCCUPANCY * PLACES  # a = λ / μ, with the mean stay one year
    per_day = load / DAYS_PER_YEAR
    mean_wait = erlang_c(PLACES, load) / (PLACES / MEAN_STAY_DAYS - per_day)
    busy_at_start = min(round(load), PLACES)
    queued_at_start = round(per_day * mean_wait)

    rng = random.Random(args.seed)
    env = simpy.Environment()
    places = simpy.Resource(env, capacity=PLACES)
    stats = {"served": 0, "wait_sum": 0.0}

    def person(arrived, stay):
        with places.request() as request:
            yield request
            stats["served"] += 1
            stats["wait_sum"] += env.now - arrived
            yield env.timeout(stay)

    def resident(stay):
        with places.request() as request:
            yield request
            yield env.timeout(stay)

    def arrivals(n):
        for _ in range(n):
            yield env.timeout(rng.expovariate(per_day))
            env.process(person(env.now, rng.expovariate(1.0 / MEAN_STAY_DAYS)))

    for _ in range(busy_at_start):
        env.process(resident(rng.expovariate(1.0 / MEAN_STAY_DAYS)))
    gap = 1.0 / per_day
    for i in range(queued_at_start):
        arrived = -gap * (queued_at_start - i)
        env.process(person(arrived, rng.expovariate(1.0 / MEAN_STAY_DAYS)))
    source = env.process(arrivals(args.arrivals))

    start = time.perf_counter()
    env.run(until=source)
    seconds = time.perf_counter() - start

    print(
        json.dumps(
            {
                "sim": "simpy " + simpy.__version__,
                "arrivals": args.arrivals,
                "seconds": round(seconds, 6),
                "arrivals_per_second": round(args.arrivals / seconds, 1),
                "mean_wait_days": round(stats["wait_sum"] / stats["served"], 4),
            }
        )
    )


if __name__ == "__main__":
    main()
