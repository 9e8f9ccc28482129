"""Council Tax in "Check what you can get" when the person does not know their bill.

With the band known, the bill is estimated from the council profile's Band D charge and every figure built on it
says it is an estimate; without the band (or without Band D charges in the profile) the bill is "not known", with
a link to give it, and never £0.00.
"""

from __future__ import annotations

import html
import re
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

import pytest

from app.council import load_profile
from app.deps import get_council
from app.services.check import CheckContext
from app.services.money_input import format_money
from app.settings import DEFAULT_COUNCIL_PROFILE
from tests.app.check_helpers import LONE_PARENT, SINGLE_RENTER, answer_all, csrf, post

BILL_UNKNOWN = {"bill-amount": "", "bill-unknown": "yes"}
DEMO = load_profile(DEFAULT_COUNCIL_PROFILE)


def _text(page: str) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", page)).split())


def _penny(x: Decimal) -> Decimal:
    return x.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


@pytest.fixture
def council(portal):  # noqa: ANN001, ANN201
    """Run the portal with another council profile for one test."""

    def use(profile) -> None:  # noqa: ANN001
        portal.dependency_overrides[get_council] = lambda: profile

    yield use
    portal.dependency_overrides.pop(get_council, None)


def test_with_the_band_and_not_the_bill_the_results_show_an_estimate_labelled_as_one(client):
    answer_all(client, {**SINGLE_RENTER, "council-tax": {"band": "B", **BILL_UNKNOWN}})
    page = client.get("/check/results").text
    text = _text(page)
    # The demo profile's Band D for this year (2026-27: £2,383.42) × 7/9 for band B (LGFA 1992 s. 5(1)), to the
    # penny: £1,853.77; one adult, so 25% off (s. 11(1)(a)): £463.44; about £1,390.33 a year.
    band_d = DEMO.band_d_charge(date.today())
    charge = _penny(band_d * 7 / 9)
    bill = charge - _penny(charge * Decimal("0.25"))
    if date(2026, 4, 1) <= date.today() <= date(2027, 3, 31):
        assert bill == Decimal("1390.33")
    council_tax = _text(page.split('id="council-tax"')[1].split("</div>")[0])
    assert f"About {format_money(bill)} a year: an estimate from your band; your bill may differ." in council_tax
    assert "Estimate" in council_tax
    assert 'href="/check/council-tax?change=1"' in page  # a way to give the bill instead
    assert "we estimated it from your band" in text  # in "What we assumed"
    assert "£0.00 a year" not in council_tax


def test_the_reduction_worked_out_from_an_estimate_says_so(client):
    # A lone parent on Universal Credit in band A gets Council Tax Reduction from the demo scheme.
    answer_all(client, {**LONE_PARENT, "council-tax": {"band": "A", **BILL_UNKNOWN}})
    page = client.get("/check/results").text
    card = page.split('id="benefit-council_tax_reduction"')[1].split('class="govuk-summary-card"')[0]
    assert "This is an estimate:" in card and "estimate of your Council Tax bill" in _text(card)
    missing = _text(page.split("You may be missing</h3>")[1].split("</ul>")[0])
    assert "Council Tax Reduction: about £" in missing and "an estimate from your Council Tax band" in missing


def test_with_the_bill_given_nothing_is_called_an_estimate(client):
    answer_all(client, LONE_PARENT)
    page = client.get("/check/results").text
    council_tax = _text(page.split('id="council-tax"')[1].split("</div>")[0])
    assert "£1,100.00 a year, from the bill you told us about." in council_tax
    assert "This is an estimate" not in page and "estimate from your band" not in page


def test_without_bill_or_band_the_council_tax_is_not_known_and_can_be_given(client):
    answer_all(client, {**SINGLE_RENTER, "council-tax": {"band": "unknown", **BILL_UNKNOWN}})
    page = client.get("/check/results").text
    council_tax = _text(page.split('id="council-tax"')[1].split("</div>")[0])
    assert "Not known: we need your Council Tax bill, or your home's Council Tax band to estimate it." in council_tax
    assert "Tell us your Council Tax bill or band" in council_tax and "£0.00" not in council_tax
    not_worked_out = _text(page.split('id="not-worked-out"')[1].split("</ul>")[0])
    assert "Council Tax Reduction :" in not_worked_out
    assert "Council Tax :" not in not_worked_out  # said once, under "Your Council Tax"


def test_a_profile_without_band_charges_still_works_and_asks_for_the_bill(client, council):
    council(DEMO.model_copy(update={"council_tax": None}))
    answer_all(client, {**SINGLE_RENTER, "council-tax": {"band": "B", **BILL_UNKNOWN}})
    page = client.get("/check/results").text
    council_tax = _text(page.split('id="council-tax"')[1].split("</div>")[0])
    assert "Not known: we need your Council Tax bill: we do not have the council's Band D charge" in council_tax
    assert "You did not know how much Council Tax you pay, so we cannot work out Council Tax Reduction." in _text(page)
    # The question does not promise an estimate it cannot make.
    question = client.get("/check/council-tax").text
    assert "we will estimate it from your band" not in question


def test_the_bill_question_says_an_unknown_bill_is_estimated_from_the_band(client):
    token = csrf(client)
    client.post("/check/start-again", data={"csrf_token": token})
    for slug in ("partner", "date-of-birth", "home"):
        post(client, f"/check/{slug}", SINGLE_RENTER[slug], token)
    for slug in ("postcode", "rent"):
        post(client, f"/check/{slug}", SINGLE_RENTER[slug], token)
    page = client.get("/check/council-tax").text
    assert "If you do not know, we will estimate it from your band." in page
    assert 'value="I"' not in page  # band I only in Wales


def test_band_i_is_offered_only_in_wales(client, council):
    council(DEMO.model_copy(update={"country": "wales"}))
    token = csrf(client)
    client.post("/check/start-again", data={"csrf_token": token})
    for slug in ("partner", "date-of-birth"):
        post(client, f"/check/{slug}", SINGLE_RENTER[slug], token)
    post(client, "/check/home", {"tenure": "owner"}, token)
    page = client.get("/check/council-tax").text
    assert 'value="I"' in page and "Band I" in page
    answered = post(client, "/check/council-tax", {"band": "I", **BILL_UNKNOWN}, token)
    assert answered.status_code == 200 and answered.url.path != "/check/council-tax"


def test_better_off_in_work_labels_the_estimated_council_tax(client):
    answer_all(client, {**LONE_PARENT, "council-tax": {"band": "A", **BILL_UNKNOWN}})
    token = csrf(client)
    offer = {"pay_type": "hourly", "wage": "12.71", "hours": "20", "travel-amount": "", "travel-period": "week",
             "childcare-amount": "", "childcare-period": ""}
    page = post(client, "/better-off/job", offer, token).text
    assert "Council Tax (an estimate from your band)" in page
    note = _text(page.split('id="council-tax-estimate"')[1].split("</p>")[0])
    assert "an estimate from your band; your bill may differ" in note


def test_better_off_in_work_leaves_out_a_council_tax_it_does_not_know(client):
    answer_all(client, {**LONE_PARENT, "council-tax": {"band": "unknown", **BILL_UNKNOWN}})
    token = csrf(client)
    offer = {"pay_type": "hourly", "wage": "12.71", "hours": "20", "travel-amount": "", "travel-period": "week",
             "childcare-amount": "", "childcare-period": ""}
    page = post(client, "/better-off/job", offer, token).text
    side = _text(page.split('id="side-by-side"')[1].split("</table>")[0])
    assert "Council Tax −" not in side and "Council Tax £0.00" not in side
    assert "Council Tax: we need your Council Tax bill" in _text(page)


def test_the_household_carries_the_profiles_band_d_for_the_year():
    from app.services.check.household import household_from_answers

    context = CheckContext(DEMO, date(2026, 6, 1))
    built = household_from_answers(context, _answers({**SINGLE_RENTER, "council-tax": {"band": "B", **BILL_UNKNOWN}}, context))
    assert built.household.home.band_d_charge == Decimal("2383.42")  # 2026-27
    assert built.household.home.council_tax is None and built.household.home.council_tax_band == "B"


def _answers(plan, context):  # noqa: ANN001, ANN202
    """The answers as the journey keeps them, bound page by page."""
    from tests.app.check_helpers import answers_through_journey

    return answers_through_journey(context, plan)


def _with_parishes():  # noqa: ANN202
    from app.council import CouncilTax, Parish

    charges = CouncilTax(band_d=DEMO.council_tax.band_d,
                         parishes=[Parish(name="Saltford", band_d={"2025-26": "2280.00", "2026-27": "2401.00"})])
    return DEMO.model_copy(update={"council_tax": charges})


def test_where_parishes_have_their_own_band_d_the_check_asks_which_and_uses_it(client, council):
    council(_with_parishes())
    plan = {**SINGLE_RENTER, "council-tax": {"band": "B", **BILL_UNKNOWN}, "parish": {"parish": "Saltford"}}
    seen = answer_all(client, plan)
    assert seen[seen.index("council-tax") + 1] == "parish"
    page = client.get("/check/results").text
    # Saltford's Band D (2026-27, £2,401.00) × 7/9 = £1,867.4444… → £1,867.44; 25% = £466.86; £1,400.58.
    band_d = _with_parishes().band_d_charge(date.today(), "Saltford")
    charge = _penny(band_d * 7 / 9)
    bill = charge - _penny(charge * Decimal("0.25"))
    if date(2026, 4, 1) <= date.today() <= date(2027, 3, 31):
        assert bill == Decimal("1400.58")
    assert f"About {format_money(bill)} a year: an estimate from your band" in _text(page)


def test_the_parish_is_not_asked_when_the_bill_is_known(client, council):
    council(_with_parishes())
    seen = answer_all(client, SINGLE_RENTER)
    assert "parish" not in seen


def test_the_parish_question_needs_an_answer(client, council):
    council(_with_parishes())
    token = csrf(client)
    client.post("/check/start-again", data={"csrf_token": token})
    for slug in ("partner", "date-of-birth", "home", "postcode", "rent"):
        post(client, f"/check/{slug}", SINGLE_RENTER[slug], token)
    asked = post(client, "/check/council-tax", {"band": "B", **BILL_UNKNOWN}, token)
    assert asked.url.path == "/check/parish" and "Which parish do you live in?" in asked.text
    refused = client.post("/check/parish", data={"csrf_token": token})
    assert refused.status_code == 422 and "Select the parish you live in, or 'I do not know'" in html.unescape(refused.text)


def test_what_if_says_a_reduction_rests_on_an_estimated_bill(client):
    answer_all(client, {**LONE_PARENT, "council-tax": {"band": "A", **BILL_UNKNOWN}})
    client.get("/check/results")
    token = csrf(client)
    response = post(client, "/check/rent", {"rent-amount": "120", "rent-period": "week", "bedrooms": "2",
                                            "mode": "whatif"}, token)
    assert response.url.path == "/check/what-if/compare"
    table = response.text.split('id="what-if-table"')[1]
    row = _text(table.split('class="govuk-table__header">Council Tax Reduction')[1].split("</tr>")[0])
    assert "an estimate: your Council Tax bill was estimated from your band" in row
