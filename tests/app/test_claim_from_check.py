"""Never ask twice: the results of "Check what you can get" link to a claim started from the same
browser's answers, and the claim then skips every question those answers already cover."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from app.services import claims
from tests.app.check_helpers import DISABLED_WITH_CARER, PENSIONER_COUPLE, answer_all
from tests.app.check_helpers import csrf as check_csrf
from tests.app.check_helpers import post as check_post
from tests.app.test_claim_pages import HIDDEN, INPUT_NAME, TASK_LINK, csrf, seen
from tests.forms.test_hb_ctr import COMMON, address, d, money, raw_for

CLAIM_LINK = re.compile(r'<a class="govuk-link govuk-!-font-weight-bold" href="([^"]+)">Claim Housing Benefit or Council Tax Reduction</a>')

# What the claim asks that the check does not: a couple renting from a housing association, both
# on benefits (the check's "disabled adult with a carer").
CLAIM_ONLY = COMMON | {
    "first_name": "Dee", "last_name": "Walsh", "ni_number": "CE100200B", "moved_in_date": d("2019-05-01"),
    "claiming": ["council_tax_reduction"], "partner_first_name": "Kit", "partner_last_name": "Walsh",
    "partner_ni_number": "CE300400D", "support_provider": "", "landlord_name": "Leeds Homes",
    "landlord_address": address("1 Park Row", "Leeds", "LS1 5HD"), "landlord_related": False,
    "tenancy_start": d("2019-05-01"), "has_service_charges": False, "rent_includes": ["none"],
    "pay_landlord_direct": False, "council_tax_account": "", "has_other_income": False,
    "benefit_whose": "claimant", "account_type": "bank", "account_value": "300",
    "bank_account": {"name": "Dee Walsh", "sort_code": "309430", "account_number": "00733445", "roll_number": ""},
}


def prefilled_questions(answers: dict) -> set[str]:
    keys = set()
    for key, value in answers.items():
        keys.add(key)
        if isinstance(value, list):
            keys.update(k for item in value if isinstance(item, dict) for k in item)
    return keys


def walk_sections(client, plan: dict, never_ask: set[str]) -> tuple[list[str], str]:  # noqa: ANN001
    """Answer every section before the declaration; fail if a page asks a prefilled question.
    Returns the pages seen and every section's check-answers page, joined."""
    visited, checks = [], []
    response = client.get("/claim/tasks")
    for _ in range(200):
        path = urlsplit(str(response.url)).path
        if path == "/claim/tasks":
            open_tasks = [href for href, title, status in TASK_LINK.findall(response.text)
                          if "Completed" not in status and title != "Check and send your claim" and href != "/claim/evidence"]
            if not open_tasks:
                return visited, "\n".join(checks)
            response = client.get(open_tasks[0])
        elif path.startswith("/claim/check/"):
            checks.append(response.text)
            response = client.get("/claim/tasks")
        elif path.startswith("/claim/page/"):
            address_ = path.removeprefix("/claim/page/")
            visited.append(address_)
            names = [n for n in INPUT_NAME.findall(response.text) if n not in HIDDEN]
            if "add_another" in names:
                data = {"add_another": "no"}
            else:
                data = {}
                for qid in dict.fromkeys(n.split("-")[0] for n in names):
                    assert qid not in never_ask, f"the claim asked again for {qid} on {address_}, which the check answered"
                    assert qid in CLAIM_ONLY, f"no answer for {qid} on {address_}"
                    data.update(raw_for(qid, plan[qid]))
            response = client.post(path, data=data | {"csrf_token": csrf(response.text)} | seen(response.text))
            assert response.status_code == 200, (address_, re.findall(r'govuk-error-message">.*?</p>', response.text, re.S))
        else:
            raise AssertionError(f"unexpected page {path}")
    raise AssertionError("the sections did not end")


def start_from_results(client):  # noqa: ANN001, ANN201
    results = client.get("/check/results")
    link = CLAIM_LINK.search(results.text)
    assert link is not None, "no claim link among the next steps"
    start_page = client.get(link.group(1))
    assert start_page.status_code == 200
    return link.group(1), start_page


def test_the_results_link_starts_a_claim_that_asks_nothing_the_check_answered(client, portal) -> None:  # noqa: ANN001
    answer_all(client, DISABLED_WITH_CARER)
    href, start_page = start_from_results(client)
    assert href == "/claim?from=check"  # nothing about the answers, or a reference, in the address
    assert "We will use the answers you gave in ‘Check what you can get’" in start_page.text
    assert '<input type="hidden" name="from" value="check">' in start_page.text
    tasks = client.post("/claim/start", data={"csrf_token": csrf(start_page.text), "from": "check"})
    reference = re.search(r"HB-[0-9A-Z]{10}", tasks.text).group(0)

    with portal.state.sessionmaker() as db:
        prefill = claims.answers_of(db, claims.get_claim(db, reference), claims.sealer_for(portal.state.settings))
    assert prefill["rent"] == {"amount": "105.00", "period": "week"} and prefill["tenure"] == "social_rent"
    assert prefill["has_partner"] is True and prefill["partner_date_of_birth"] == "1982-01-01"
    assert prefill["date_of_birth"] == "1980-06-20" and prefill["has_children"] is False
    assert [b["benefit_kind"] for b in prefill["benefits"]] == ["pip_daily_living", "carers_allowance"]

    visited, checked = walk_sections(client, CLAIM_ONLY, prefilled_questions(prefill))
    for page in ("date-of-birth", "partner", "partner-date-of-birth", "universal-credit", "children", "others",
                 "tenure", "rent", "bedrooms", "council-tax-band", "benefits/1/which", "benefits/2/amount"):
        assert page not in visited
    assert "your-name" in visited and "partner-name" in visited and "landlord" in visited
    # The prefilled answers are there to see, and change, on each section's check answers.
    for shown in ("20 June 1980", "1 January 1982", "£105.00 a week", "I rent from the council or a housing association", "£110.40 a week"):
        assert shown in checked, shown


def test_without_a_finished_check_the_claim_starts_empty(client, portal) -> None:  # noqa: ANN001
    token = check_csrf(client)
    client.post("/check/start-again", data={"csrf_token": token})
    check_post(client, "/check/partner", {"partner": "no"}, token)
    start_page = client.get("/claim?from=check")
    assert "We will use the answers" not in start_page.text and 'name="from"' not in start_page.text
    # Even a crafted form says nothing: the answers are this browser's, and there are none yet.
    tasks = client.post("/claim/start", data={"csrf_token": csrf(start_page.text), "from": "check"})
    reference = re.search(r"HB-[0-9A-Z]{10}", tasks.text).group(0)
    with portal.state.sessionmaker() as db:
        assert claims.answers_of(db, claims.get_claim(db, reference), claims.sealer_for(portal.state.settings)) == {}


def test_another_browser_following_the_link_gets_none_of_the_answers(client, portal, titles) -> None:  # noqa: ANN001
    from tests.conftest import CheckedClient

    answer_all(client, PENSIONER_COUPLE)
    href, _ = start_from_results(client)
    with CheckedClient(portal, titles=titles) as other:
        start_page = other.get(href)
        assert "We will use the answers" not in start_page.text
        tasks = other.post("/claim/start", data={"csrf_token": csrf(start_page.text), "from": "check"})
        reference = re.search(r"HB-[0-9A-Z]{10}", tasks.text).group(0)
    with portal.state.sessionmaker() as db:
        assert claims.answers_of(db, claims.get_claim(db, reference), claims.sealer_for(portal.state.settings)) == {}


def test_prefilled_hours_and_savings_read_as_typed(client, portal) -> None:  # noqa: ANN001
    from tests.app.check_helpers import WORKING_FAMILY

    answer_all(client, WORKING_FAMILY)
    start_page = client.get("/claim?from=check")
    tasks = client.post("/claim/start", data={"csrf_token": csrf(start_page.text), "from": "check"})
    reference = re.search(r"HB-[0-9A-Z]{10}", tasks.text).group(0)
    with portal.state.sessionmaker() as db:
        prefill = claims.answers_of(db, claims.get_claim(db, reference), claims.sealer_for(portal.state.settings))
    assert [job["job_hours"] for job in prefill["jobs"]] == ["30", "16"]  # not "3E+1"
    assert prefill["accounts"] == [{"account_value": "1200"}]
    assert prefill["childcare_cost"] == money("450.00", "month")
