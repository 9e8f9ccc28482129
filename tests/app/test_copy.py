"""Words that must read right: singular and plural, one person and a couple."""

from __future__ import annotations

from tests.app.check_helpers import SINGLE_RENTER, WORKING_FAMILY, answer_all, csrf, post


def test_childcare_costs_are_paid_not_is_paid(client):
    answer_all(client, WORKING_FAMILY)
    response = post(client, "/check/childcare", {"childcare-amount": "450"}, csrf(client))
    assert response.status_code == 422
    assert "Select how often your childcare costs are paid" in response.text
    assert "costs is paid" not in response.text


def test_one_person_is_asked_for_their_date_of_birth_a_couple_for_their_dates(client):
    answer_all(client, SINGLE_RENTER)
    single = client.get("/check/date-of-birth?change=1")
    assert "<title>Your date of birth –" in single.text
    assert "dates of birth" not in single.text
    answer_all(client, WORKING_FAMILY)
    couple = client.get("/check/date-of-birth?change=1")
    assert "<title>Your dates of birth" in couple.text
