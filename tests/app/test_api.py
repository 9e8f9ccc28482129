"""The JSON API over the rules engine."""

from decimal import Decimal

import pytest
from fastapi.testclient import TestClient

from app.main import create_app
from app.services import api_examples


@pytest.fixture(scope="module")
def api():
    with TestClient(create_app()) as client:
        yield client


@pytest.mark.parametrize("name", sorted(api_examples.CALCULATE))
def test_each_documented_calculate_example_can_be_posted_as_it_is(api, name):
    response = api.post("/api/v1/calculate", json=api_examples.CALCULATE[name]["value"])
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["on"] == "2026-06-01"
    keys = {i["key"] for i in body["items"]}
    assert {"universal_credit", "housing_benefit", "council_tax_reduction", "child_benefit"} <= keys
    for item in body["items"]:
        assert ("amount" in item and item["amount"] is not None) or item.get("cannot"), item["key"]
        if item["amount"] is not None:
            Decimal(item["amount"])  # pounds and pence as a string
            assert item["citations"], f"{item['key']} has no citation"
            assert item["trace"]["variable"]


@pytest.mark.parametrize("name", sorted(api_examples.BETTER_OFF))
def test_each_documented_better_off_example_can_be_posted_as_it_is(api, name):
    response = api.post("/api/v1/better-off", json=api_examples.BETTER_OFF[name]["value"])
    assert response.status_code == 200, response.text
    body = response.json()
    assert [p["hours"] for p in body["sweep"]] == [str(h) for h in range(49)]
    assert Decimal(body["sweep"][0]["gain_over_not_working"]) == 0


def test_the_openapi_schema_documents_at_least_three_examples_for_each_calculation(api):
    spec = api.get("/openapi.json").json()
    for path in ("/api/v1/calculate", "/api/v1/better-off"):
        examples = spec["paths"][path]["post"]["requestBody"]["content"]["application/json"]["examples"]
        assert len(examples) >= 3


def test_invalid_input_names_the_field_and_says_what_is_wrong(api):
    bad = {"household": {"claimant": {"age": 12}}, "on": "2026-06-01"}
    response = api.post("/api/v1/calculate", json=bad)
    assert response.status_code == 422
    errors = response.json()["detail"]
    assert any(e["loc"][-2:] == ["claimant", "age"] and "16" in e["msg"] for e in errors), errors


def test_a_negative_amount_is_refused_naming_the_field(api):
    bad = {
        "household": {"claimant": {"age": 30, "jobs": [{"gross_pay": {"amount": -5, "period": "week"}, "hours_per_week": "10"}]}},
    }
    response = api.post("/api/v1/calculate", json=bad)
    assert response.status_code == 422
    assert any("amount" in e["loc"] for e in response.json()["detail"])


def test_the_schemes_endpoint_lists_councils_and_years(api):
    schemes = api.get("/api/v1/schemes").json()["schemes"]
    codes = {s["council"] for s in schemes}
    assert "demo" in codes
    assert len(codes) >= 7
    assert all(s["year"] for s in schemes)


def _job(**fields):
    return {"hourly_wage": "12.00", "hours_per_week": "20"} | fields


@pytest.mark.parametrize(("household", "job", "field"), [
    ({"claimant": {"age": 30}}, _job(person="partner"), "person"),
    ({"claimant": {"age": 30}}, {"hours_per_week": "20"}, "hourly_wage"),
    ({"claimant": {"age": 30}}, {"kind": "more_hours", "hours_per_week": "20"}, "kind"),
    ({"claimant": {"age": 30, "jobs": [{"gross_pay": {"amount": "100"}, "hours_per_week": "0"}]}},
     {"kind": "more_hours", "hours_per_week": "20"}, "hourly_wage"),
], ids=["partner-without-a-partner", "new-job-without-a-wage", "more-hours-without-a-job",
        "more-hours-from-a-job-of-no-hours"])
def test_a_job_offer_that_does_not_fit_the_household_is_refused_naming_the_field(api, household, job, field):
    response = api.post("/api/v1/better-off", json={"household": household, "job": job, "on": "2026-06-01"})
    assert response.status_code == 422, response.text
    errors = response.json()["detail"]
    assert [e["loc"] for e in errors] == [["body", "job", field]], errors
    assert errors[0]["msg"]


@pytest.mark.parametrize("hours", ["1e-30", "0.001", "20.125"])
def test_hours_worked_are_refused_beyond_two_decimal_places(api, hours):
    household = {"claimant": {"age": 30, "jobs": [{"gross_pay": {"amount": "100"}, "hours_per_week": hours}]}}
    response = api.post("/api/v1/better-off", json={"household": household, "on": "2026-06-01",
                                                    "job": {"kind": "more_hours", "hours_per_week": "20"}})
    assert response.status_code == 422, response.text
    assert [e["loc"] for e in response.json()["detail"]] == [["body", "household", "claimant", "jobs", 0,
                                                              "hours_per_week"]]


@pytest.mark.parametrize(("where", "field", "limit", "item"), [
    ((), "children", 30, {"age": 12, "sex": "male"}),
    ((), "non_dependants", 20, {"age": 30}),
    (("claimant",), "jobs", 10, {"gross_pay": {"amount": "10"}, "hours_per_week": "1"}),
    (("claimant",), "benefits", 30, {"kind": "other", "amount": {"amount": "1"}}),
])
def test_each_list_in_a_household_has_a_maximum_named_in_the_error(api, where, field, limit, item):
    def household(n):
        h = {"claimant": {"age": 30}}
        (h[where[0]] if where else h)[field] = [item] * n
        return h

    assert api.post("/api/v1/calculate", json={"household": household(limit), "include_trace": False}).status_code == 200
    response = api.post("/api/v1/calculate", json={"household": household(limit + 1)})
    assert response.status_code == 422
    (error,) = response.json()["detail"]
    assert error["loc"] == ["body", "household", *where, field]
    assert str(limit) in error["msg"]


def test_a_non_dependants_benefits_have_a_maximum(api):
    nondep = {"age": 30, "benefits": ["pip_daily_living"] * 12}
    response = api.post("/api/v1/calculate", json={"household": {"claimant": {"age": 30}, "non_dependants": [nondep]}})
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["body", "household", "non_dependants", 0, "benefits"]
