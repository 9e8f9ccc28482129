"""The dearest request the JSON API accepts, timed side by side with a typical one.

Run: python benchmarks/worst_case.py [--repeat 5]

"Worst" is the largest household the API takes (calculators/core/household.py): a couple, each with
10 jobs and 30 benefits, 30 children aged 10 to 15 of both sexes (the case that made the old size
criteria search exponential), 20 non-dependants each with every benefit and an income, renting
socially, with the trace on for /calculate and "more hours" for /better-off (49 points and two
more). "Typical" is the first documented example of each operation. Each request goes through
the whole app (routing, validation, the engine, JSON), in turns, typical then worst, so both see
the same machine; the median of `--repeat` runs of each is printed, on one core.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import get_args

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def worst_household() -> dict:
    from calculators.core.household import (
        MAX_BENEFITS, MAX_CHILDREN, MAX_JOBS, MAX_NON_DEPENDANT_BENEFITS, MAX_NON_DEPENDANTS, BenefitKind,
        NonDependantBenefit,
    )

    # Every kind the engine knows how to treat ("other" stops income tax, so most of the work, early).
    kinds = [k for k in get_args(BenefitKind) if k != "other"]
    nondep_kinds = [k for k in get_args(NonDependantBenefit) if k != "none"]

    def adult(born: str) -> dict:
        return {
            "date_of_birth": born,
            "jobs": [{"gross_pay": {"amount": str(40 + 7 * j), "period": "week"}, "hours_per_week": "3.5",
                      "pension_contribution": {"amount": "1.50", "period": "week"}} for j in range(MAX_JOBS)],
            "benefits": [{"kind": kinds[b % len(kinds)], "amount": {"amount": "5.00", "period": "week"}}
                         for b in range(MAX_BENEFITS)],
            "limited_capability": "lcwra",
        }

    return {
        "claimant": adult("1985-03-14"),
        "partner": adult("1987-09-02"),
        "children": [{"age": 10 + k % 6, "sex": ("female", "male")[k % 2], "disability": ("none", "lower")[k % 3 == 0]}
                     for k in range(MAX_CHILDREN)],
        "non_dependants": [{"age": 20 + n, "gross_income": {"amount": str(100 + 20 * n), "period": "week"},
                            "hours_per_week": "20", "benefits": nondep_kinds[:MAX_NON_DEPENDANT_BENEFITS]}
                           for n in range(MAX_NON_DEPENDANTS)],
        "home": {"tenure": "social_rent", "rent": {"amount": "250", "period": "week"}, "bedrooms": 20,
                 "council": "demo", "country": "england", "council_tax_band": "D",
                 "council_tax": {"amount": "2100", "period": "year"}},
        "childcare_costs": {"amount": "600", "period": "month"},
        "capital": "5000",
        "uc_claim_start": "2024-10-01",
    }


def requests() -> dict[str, tuple[str, dict, dict]]:
    """Operation -> (path, typical body, worst body)."""
    from app.services import api_examples

    worst = worst_household()
    calc_typical = next(iter(api_examples.CALCULATE.values()))["value"]
    offer_typical = next(iter(api_examples.BETTER_OFF.values()))["value"]
    return {
        "calculate (with trace)": ("/api/v1/calculate", calc_typical,
                                   {"household": worst, "on": "2026-06-01", "include_trace": True}),
        "better-off (49-point sweep)": ("/api/v1/better-off", offer_typical,
                                        {"household": worst, "on": "2026-06-01",
                                         "job": {"kind": "more_hours", "hourly_wage": "12.71", "hours_per_week": "30",
                                                 "travel_cost": {"amount": "20", "period": "week"},
                                                 "extra_childcare": {"amount": "50", "period": "week"}}}),
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {sorted(os.sched_getaffinity(0))[0]})

    # A throwaway data folder, so the benchmark never touches ./data.
    os.environ["DATA_DIR"] = tempfile.mkdtemp(prefix="portal-bench-")
    os.environ.pop("DATABASE_URL", None)
    import logging

    from fastapi.testclient import TestClient

    from app.main import create_app

    logging.disable(logging.INFO)  # one log line per request would be timed too
    with TestClient(create_app()) as client:
        print(f"{'operation':<30}{'typical':>12}{'worst allowed':>16}{'ratio':>8}   body bytes (typical / worst)")
        for name, (path, typical, worst) in requests().items():
            for body in (typical, worst):  # warm up, and check both are accepted
                response = client.post(path, json=body)
                assert response.status_code == 200, (name, response.status_code, response.text[:300])
            times: dict[str, list[float]] = {"typical": [], "worst": []}
            for _ in range(args.repeat):
                for which, body in (("typical", typical), ("worst", worst)):
                    t = time.perf_counter()
                    client.post(path, json=body)
                    times[which].append((time.perf_counter() - t) * 1000)
            typical_ms, worst_ms = statistics.median(times["typical"]), statistics.median(times["worst"])
            sizes = f"{len(json.dumps(typical))} / {len(json.dumps(worst))}"
            print(f"{name:<30}{typical_ms:>9.1f} ms{worst_ms:>13.1f} ms{worst_ms / typical_ms:>7.1f}x   {sizes}")


if __name__ == "__main__":
    main()
