"""Walk "Check what you can get" through the `client` fixture, answering each page from a plan."""

from __future__ import annotations

import re
from typing import Any

CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')

# Form data for each page, by household. A list of pairs allows repeated keys (checkboxes).
SINGLE_RENTER: dict[str, Any] = {
    "partner": {"partner": "no"},
    "date-of-birth": {"you-day": "1", "you-month": "2", "you-year": "1990"},
    "home": {"tenure": "private_rent"},
    "postcode": {"postcode": "bs1 4dj"},
    "rent": {"rent-amount": "700", "rent-period": "month", "bedrooms": "1"},
    "council-tax": {"band": "B", "bill-amount": "1500", "bill-period": "year"},
    "people": {"children": "0", "adults": "0"},
    "your-work": {"work": "employed", "pay-amount": "200", "pay-period": "week", "hours": "16"},
    "benefits": [("benefits", "none")],
    "circumstances": [("you", "none")],
    "savings": {"savings-amount": "500"},
}

WORKING_FAMILY: dict[str, Any] = {
    "partner": {"partner": "yes"},
    "date-of-birth": {"you-day": "3", "you-month": "4", "you-year": "1988", "partner-day": "9",
                      "partner-month": "10", "partner-year": "1989"},
    "home": {"tenure": "social_rent"},
    "rent": {"rent-amount": "520", "rent-period": "month", "bedrooms": "2"},
    "council-tax": {"band": "B", "bill-amount": "1600", "bill-period": "year"},
    "people": {"children": "2", "adults": "0"},
    "children": {"child1-age": "3", "child1-sex": "female", "child1-disability": "none",
                 "child2-age": "6", "child2-sex": "female", "child2-disability": "none"},
    "your-work": {"work": "employed", "pay-amount": "1400", "pay-period": "month", "hours": "30"},
    "partner-work": {"work": "employed", "pay-amount": "600", "pay-period": "month", "hours": "16"},
    "childcare": {"childcare-amount": "450", "childcare-period": "month"},
    "benefits": [("benefits", "child_benefit")],
    "circumstances": [("you", "none"), ("partner", "none")],
    # asked because one earns over the personal allowance and the other under it (Marriage Allowance)
    "marriage-allowance": {"married": "no"},
    "savings": {"savings-amount": "1200"},
}

LONE_PARENT: dict[str, Any] = {
    "partner": {"partner": "no"},
    "date-of-birth": {"you-day": "12", "you-month": "5", "you-year": "1995"},
    "home": {"tenure": "social_rent"},
    "rent": {"rent-amount": "110", "rent-period": "week", "bedrooms": "2"},
    "council-tax": {"band": "A", "bill-amount": "1100", "bill-period": "year"},
    "people": {"children": "1", "adults": "0"},
    "children": {"child1-age": "4", "child1-sex": "male", "child1-disability": "none"},
    "your-work": {"work": "no"},
    "benefits": [("benefits", "universal_credit"), ("benefits", "child_benefit")],
    "circumstances": [("you", "none")],
    "savings": {"savings-amount": "0"},
}

PENSIONER_COUPLE: dict[str, Any] = {
    "partner": {"partner": "yes"},
    "date-of-birth": {"you-day": "2", "you-month": "3", "you-year": "1950", "partner-day": "7",
                      "partner-month": "8", "partner-year": "1952"},
    "home": {"tenure": "owner"},
    "council-tax": {"band": "C", "bill-amount": "1800", "bill-period": "year"},
    "people": {"children": "0", "adults": "0"},
    "your-work": {"work": "no"},
    "partner-work": {"work": "no"},
    "benefits": [("benefits", "state_pension")],
    "benefit-amounts": {"state_pension-whose": "you", "state_pension-amount": "180", "state_pension-period": "week"},
    "circumstances": [("you", "none"), ("partner", "none")],
    "pensions": {"you-amount": "40", "you-period": "week", "partner-amount": "0", "partner-period": "week"},
    "savings": {"savings-amount": "8000"},
}

DISABLED_WITH_CARER: dict[str, Any] = {
    "partner": {"partner": "yes"},
    "date-of-birth": {"you-day": "20", "you-month": "6", "you-year": "1980", "partner-day": "1",
                      "partner-month": "1", "partner-year": "1982"},
    "home": {"tenure": "social_rent"},
    "rent": {"rent-amount": "105", "rent-period": "week", "bedrooms": "1"},
    "council-tax": {"band": "A", "bill-amount": "1200", "bill-period": "year"},
    "people": {"children": "0", "adults": "0"},
    "your-work": {"work": "no"},
    "partner-work": {"work": "no"},
    "benefits": [("benefits", "universal_credit"), ("benefits", "pip_daily_living"), ("benefits", "carers_allowance")],
    "benefit-amounts": {"pip_daily_living-whose": "you", "pip_daily_living-rate": "higher",
                        "pip_daily_living-amount": "110.40", "pip_daily_living-period": "week",
                        "carers_allowance-whose": "partner", "carers_allowance-amount": "83.30",
                        "carers_allowance-period": "week"},
    "circumstances": [("you", "lcwra"), ("partner", "carer")],
    "uc-start": {"started": "before_2026"},
    "savings": {"savings-amount": "300"},
}

HOUSEHOLDS = {
    "single renter": SINGLE_RENTER,
    "working family with childcare": WORKING_FAMILY,
    "lone parent": LONE_PARENT,
    "pensioner couple": PENSIONER_COUPLE,
    "disabled adult with a carer": DISABLED_WITH_CARER,
}


def csrf(client) -> str:  # noqa: ANN001
    page = client.get("/check")
    return CSRF.search(page.text)[1]


def _pairs(data: Any, token: str) -> list[tuple[str, str]]:
    pairs = list(data.items()) if isinstance(data, dict) else list(data)
    return [*pairs, ("csrf_token", token)]


def post(client, path: str, data: Any, token: str):  # noqa: ANN001, ANN201
    return client.post(path, content=_encode(_pairs(data, token)),
                       headers={"content-type": "application/x-www-form-urlencoded"})


def _encode(pairs: list[tuple[str, str]]) -> bytes:
    from urllib.parse import urlencode

    return urlencode(pairs).encode()


def answer_all(client, plan: dict[str, Any]) -> list[str]:  # noqa: ANN001
    """Start the check and answer each page the journey shows; return the pages seen, in order."""
    token = csrf(client)
    response = client.post("/check/start-again", data={"csrf_token": token})
    seen = []
    while True:
        path = response.url.path
        if path == "/check/check-answers":
            return seen
        slug = path.removeprefix("/check/")
        assert slug in plan, f"the journey asked {slug}, which the plan has no answer for"
        seen.append(slug)
        assert len(seen) < 30, seen
        response = post(client, path, plan[slug], token)
        assert response.status_code == 200, (slug, response.status_code, re.findall(r"Error:</span>([^<]+)", response.text))


def answers_through_journey(context, plan: dict[str, Any]) -> dict[str, Any]:  # noqa: ANN001
    """The answers as the journey keeps them, bound and saved page by page from `plan` (no HTTP)."""
    from starlette.datastructures import FormData

    from app.services.check import CHECK_ANSWERS, Journey

    journey = Journey(context, {})
    while (slug := journey.where_to_go()) != CHECK_ANSWERS:
        data = plan[slug]
        bound = journey.bind(journey.page(slug), FormData(list(data.items()) if isinstance(data, dict) else list(data)))
        assert not bound.errors, (slug, bound.errors)
        journey.save(bound)
    return journey.answers
