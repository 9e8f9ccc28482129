"""Worked request examples for the OpenAPI schema; each can be posted as it is."""

from typing import Any

SINGLE_RENTER: dict[str, Any] = {
    "on": "2026-06-01",
    "household": {
        "claimant": {
            "date_of_birth": "1990-03-14",
            "jobs": [{"gross_pay": {"amount": "1100.00", "period": "month"}, "hours_per_week": "20"}],
        },
        "home": {
            "tenure": "private_rent",
            "rent": {"amount": "550.00", "period": "month"},
            "council": "demo",
            "country": "england",
            "council_tax_band": "B",
            "council_tax": {"amount": "1350.00", "period": "year"},
        },
    },
}

LONE_PARENT: dict[str, Any] = {
    "on": "2026-06-01",
    "household": {
        "claimant": {
            "date_of_birth": "1994-09-02",
            "jobs": [{"gross_pay": {"amount": "240.00", "period": "week"}, "hours_per_week": "20"}],
        },
        "children": [{"date_of_birth": "2018-05-20"}, {"date_of_birth": "2021-11-03"}],
        "home": {
            "tenure": "social_rent",
            "rent": {"amount": "105.00", "period": "week"},
            "bedrooms": 2,
            "council": "demo",
            "country": "england",
            "council_tax_band": "A",
            "council_tax": {"amount": "1500.00", "period": "year"},
        },
        "childcare_costs": {"amount": "300.00", "period": "month"},
    },
}

PENSIONER_COUPLE: dict[str, Any] = {
    "on": "2026-06-01",
    "household": {
        "claimant": {
            "date_of_birth": "1950-01-10",
            "benefits": [{"kind": "state_pension", "amount": {"amount": "180.00", "period": "week"}}],
        },
        "partner": {
            "date_of_birth": "1952-07-22",
            "benefits": [{"kind": "state_pension", "amount": {"amount": "120.00", "period": "week"}}],
        },
        "home": {
            "tenure": "social_rent",
            "rent": {"amount": "98.50", "period": "week"},
            "bedrooms": 2,
            "council": "demo",
            "country": "england",
            "council_tax_band": "C",
            "council_tax": {"amount": "1900.00", "period": "year"},
        },
        "capital": "4000",
    },
}

CALCULATE = {
    "single_renter": {"summary": "Single person renting privately, working part time", "value": SINGLE_RENTER},
    "lone_parent": {"summary": "Lone parent with two children in social housing, with childcare", "value": LONE_PARENT},
    "pensioner_couple": {"summary": "Pensioner couple renting from the council", "value": PENSIONER_COUPLE},
}

BETTER_OFF = {
    "job_offer": {
        "summary": "Lone parent offered 25 hours at £12.71 an hour",
        "value": {
            "on": "2026-06-01",
            "household": LONE_PARENT["household"],
            "job": {
                "kind": "new_job",
                "hourly_wage": "12.71",
                "hours_per_week": "25",
                "travel_cost": {"amount": "15.00", "period": "week"},
                "extra_childcare": {"amount": "40.00", "period": "week"},
            },
        },
    },
    "more_hours": {
        "summary": "Single renter asked to go from 20 to 30 hours",
        "value": {
            "on": "2026-06-01",
            "household": SINGLE_RENTER["household"],
            "job": {"kind": "more_hours", "hours_per_week": "30"},
        },
    },
    "single_not_working": {
        "summary": "Single person, not working, offered a full-time job at £13 an hour",
        "value": {
            "on": "2026-06-01",
            "household": {
                "claimant": {"date_of_birth": "1988-02-01"},
                "home": {"tenure": "private_rent", "rent": {"amount": "125.00", "period": "week"}, "council": "demo"},
            },
            "job": {"kind": "new_job", "hourly_wage": "13.00", "hours_per_week": "37.5"},
        },
    },
}
