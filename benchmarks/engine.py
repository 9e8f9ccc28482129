"""Rules-engine benchmark: one full calculation with its trace, and a 49-point better-off sweep.

Run: python benchmarks/engine.py [--households 50] [--repeat 5]
Prints the median and p95 for each, on one core, over a fixed set of varied households,
and how much memory importing the engine adds (resident set size before and after).
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import sys
import time
from datetime import date
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def rss_mb() -> float:
    with open("/proc/self/statm") as fh:
        pages = int(fh.read().split()[1])
    return pages * os.sysconf("SC_PAGE_SIZE") / 2**20


def households(n: int) -> list[dict]:
    """A fixed, varied set: singles, couples, families, pensioners, renters, owners, earners."""
    tenures = ["private_rent", "social_rent", "owner", "supported_accommodation", "living_with_others"]
    out = []
    for i in range(n):
        pension = i % 5 == 4
        born = f"{1950 + i % 4}-0{1 + i % 9}-1{i % 9}" if pension else f"{1970 + i % 30}-0{1 + i % 9}-1{i % 9}"
        tenure = tenures[i % len(tenures)]
        claimant: dict = {"date_of_birth": born}
        if not pension and i % 3:
            claimant["jobs"] = [
                {"gross_pay": {"amount": str(150 + 37 * i), "period": "week"}, "hours_per_week": str(10 + i % 30)}
            ]
        if pension:
            claimant["benefits"] = [{"kind": "state_pension", "amount": {"amount": str(150 + i), "period": "week"}}]
        if i % 7 == 3:
            claimant["limited_capability"] = "lcwra"
        h: dict = {"claimant": claimant, "capital": str(500 * (i % 20))}
        if not pension:
            h["uc_claim_start"] = "2024-10-01" if i % 2 else "2026-05-01"
        if i % 2:
            partner = {"date_of_birth": born}
            if pension:
                partner["benefits"] = [{"kind": "state_pension", "amount": {"amount": "120", "period": "week"}}]
            h["partner"] = partner
        if not pension and i % 4 in (1, 2):
            h["children"] = [{"age": (i + k * 3) % 17, "sex": ("female", "male")[(i + k) % 2]}
                             for k in range(1 + i % 3)]
            if i % 8 == 1:
                h["childcare_costs"] = {"amount": "400", "period": "month"}
        home: dict = {"tenure": tenure, "council": "demo", "council_tax_band": "ABCDEFGH"[i % 8],
                      "council_tax": {"amount": str(1200 + 40 * i), "period": "year"}}
        if tenure != "owner" and tenure != "living_with_others":
            home["rent"] = {"amount": str(90 + 3 * i), "period": "week"}
            home["bedrooms"] = 1 + i % 3
            if tenure == "private_rent":
                home["brma"] = ("bristol", "bath")[i % 2]
        h["home"] = home
        if i % 6 == 5:
            h["non_dependants"] = [{"age": 24, "gross_income": {"amount": "320", "period": "week"}, "hours_per_week": "35"}]
        out.append(h)
    return out


def percentile(values: list[float], pct: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(pct / 100 * (len(ordered) - 1))))]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--households", type=int, default=50)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()

    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {sorted(os.sched_getaffinity(0))[0]})  # one core, as the target says
    before = rss_mb()
    import calculators
    from calculators.better_off import JobOffer, better_off
    from calculators.core.parameters import tree

    tree()
    after = rss_mb()

    on = date(2026, 6, 1)
    models = [calculators.Household.model_validate(h) for h in households(args.households)]
    offer = JobOffer(hourly_wage=Decimal("12.71"), hours_per_week=Decimal("30"))
    for h in models:  # warm up: first use of each rule path
        calculators.calculate(h, on)

    calc_ms: list[float] = []
    for _ in range(args.repeat):
        for h in models:
            t = time.perf_counter()
            calculators.calculate(h, on)
            calc_ms.append((time.perf_counter() - t) * 1000)
    sweep_ms: list[float] = []
    for h in models:
        t = time.perf_counter()
        better_off(h, on, offer)
        sweep_ms.append((time.perf_counter() - t) * 1000)

    print(f"households: {len(models)}; calculations timed: {len(calc_ms)}; sweeps timed: {len(sweep_ms)}")
    print(f"full calculation with trace: median {statistics.median(calc_ms):.3f} ms, p95 {percentile(calc_ms, 95):.3f} ms (target <= 2 ms)")
    print(f"49-point better-off sweep:   median {statistics.median(sweep_ms):.2f} ms, p95 {percentile(sweep_ms, 95):.2f} ms (target <= 20 ms)")
    print(f"memory added by importing the engine and its parameters: {after - before:.1f} MB (target <= 50 MB)")
    print(f"peak resident set size of this process: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.1f} MB")


if __name__ == "__main__":
    main()
