"""One claim saved from several places at once (two tabs, a double click, an advisor and the
claimant): every answer the portal acknowledged is kept, and a claim is sent once.

Real concurrency: many threads post through the app at the same moment, on the test database
(SQLite, or PostgreSQL with TEST_DATABASE_URL)."""

from __future__ import annotations

import re
import threading
from concurrent.futures import ThreadPoolExecutor
from datetime import date

from sqlalchemy import select

from app.models.claim import ClaimEvent
from app.models.delivery import Delivery
from app.services import claims
from forms import Journey, default_registry
from tests.app.test_claim_pages import csrf, seen, start
from tests.forms.test_hb_ctr import COUPLE, COUPLE_GROUPS, Form, raw_for, walk

REMOVING = re.compile(r'<input type="hidden" name="(removing)" value="([^"]*)">')
# Question types whose answers can change without hiding or showing any other page.
PLAIN = {"text", "money", "number", "phone", "address", "email", "ni_number"}
OLD_RAW = {
    "text": lambda qid: {qid: "Old"},
    "money": lambda qid: {f"{qid}-amount": "1.23", f"{qid}-period": "week"},
    "number": lambda qid: {qid: "2"},
    "phone": lambda qid: {qid: "07700 900111"},
    "email": lambda qid: {qid: "old@example.com"},
    "ni_number": lambda qid: {qid: "AB123456C"},
    "address": lambda qid: {f"{qid}-line1": "1 Old Road", f"{qid}-town": "Leeds", f"{qid}-postcode": "LS1 1AA"},
}


def _source(address: str) -> dict:
    parts = address.split("/")
    return COUPLE_GROUPS[parts[0]][int(parts[1]) - 1] if len(parts) == 3 else COUPLE


def _stale_claim() -> tuple[dict, dict, list[str]]:
    """A complete claim; the same with an old answer on each plain page; and those pages' addresses."""
    journey = walk({}, COUPLE, COUPLE_GROUPS)[0]
    addresses = [
        s.address for s in journey.steps
        if s.page is not None and s.answered and all(q.type in PLAIN for q in s.page.questions)
    ]
    stale = Journey(default_registry().latest("hb_ctr"), journey.answers, today=date.today())
    for address in addresses:
        data = Form()
        for q in stale.page(address).questions:
            data.update(OLD_RAW[q.type](q.id))
        bound = stale.page(address).bind(data)
        assert not bound.errors and not bound.removed, (address, bound.errors)
    return journey.answers, stale.answers, addresses


def _seed(portal, reference: str, answers: dict) -> None:
    with portal.state.sessionmaker() as db:
        claims.save_answers(db, claims.get_claim(db, reference), answers, claims.sealer_for(portal.state.settings))
        db.commit()


def _stored(portal, reference: str) -> dict:
    with portal.state.sessionmaker() as db:
        return claims.answers_of(db, claims.get_claim(db, reference), claims.sealer_for(portal.state.settings))


def _all_at_once(jobs: list) -> list:
    """Run every job in its own thread, released together."""
    barrier = threading.Barrier(len(jobs))

    def run(job):  # noqa: ANN001, ANN202
        barrier.wait()
        return job()

    with ThreadPoolExecutor(max_workers=len(jobs)) as pool:
        return list(pool.map(run, jobs))


def test_pages_saved_at_the_same_time_all_keep_their_answers(client, portal):
    reference = start(client)
    complete, answers, addresses = _stale_claim()
    _seed(portal, reference, answers)
    token = csrf(client.get("/claim/page/your-name").text)
    assert len(addresses) >= 15

    def save(address: str):  # noqa: ANN202
        data = {"csrf_token": token}
        for q in Journey(default_registry().latest("hb_ctr"), answers).page(address).questions:
            data.update(raw_for(q.id, _source(address)[q.id]))
        return address, client.post(f"/claim/page/{address}", data=data, follow_redirects=False)

    results = _all_at_once([lambda a=a: save(a) for a in addresses])
    assert [(a, r.status_code) for a, r in results] == [(a, 303) for a in addresses]
    stored = _stored(portal, reference)
    assert stored == complete


def _complete(portal, client, **extra) -> str:
    """A browser with a complete claim (the couple's answers), ready to send."""
    reference = start(client)
    _seed(portal, reference, walk({}, COUPLE, COUPLE_GROUPS)[0].answers | extra)
    return reference


def _form(client, address: str) -> dict:
    html = client.get(f"/claim/page/{address}").text
    return {"csrf_token": csrf(html)} | seen(html)


JOB = {"job_whose": "claimant"}


def test_two_tabs_adding_a_job_each_keep_both(client, portal):
    reference = _complete(portal, client, **{"jobs:add_another": True})
    first_tab, second_tab = _form(client, "jobs/2/whose"), _form(client, "jobs/2/whose")
    assert first_tab["seen"].startswith("new:") and first_tab["seen"] != second_tab["seen"]
    assert client.post("/claim/page/jobs/2/whose", data=first_tab | JOB, follow_redirects=False).status_code == 303
    assert client.post("/claim/page/jobs/2/whose", data=second_tab | JOB, follow_redirects=False).status_code == 303
    assert [job.get("job_whose") for job in _stored(portal, reference)["jobs"]] == ["claimant", "claimant", "claimant"]


def test_a_double_click_on_a_new_item_adds_it_once(client, portal):
    reference = _complete(portal, client, **{"jobs:add_another": True})
    tab = _form(client, "jobs/2/whose")
    for _ in range(2):
        assert client.post("/claim/page/jobs/2/whose", data=tab | JOB, follow_redirects=False).status_code == 303
    assert len(_stored(portal, reference)["jobs"]) == 2


def test_jobs_added_at_the_same_time_are_all_kept(client, portal):
    reference = _complete(portal, client, **{"jobs:add_another": True})
    tabs = [_form(client, "jobs/2/whose") for _ in range(6)]
    results = _all_at_once([lambda t=t: client.post("/claim/page/jobs/2/whose", data=t | JOB, follow_redirects=False) for t in tabs])
    assert [r.status_code for r in results] == [303] * 6
    assert len(_stored(portal, reference)["jobs"]) == 7


def test_a_page_changed_in_another_tab_is_shown_again_with_what_was_typed(client, portal):
    reference = _complete(portal, client)
    first_tab, second_tab = _form(client, "your-name"), _form(client, "your-name")
    client.post("/claim/page/your-name", data=first_tab | {"first_name": "Ann", "last_name": "Shah"})
    refused = client.post("/claim/page/your-name", data=second_tab | {"first_name": "Bea", "last_name": "Shah"})
    assert refused.status_code == 409
    assert "This page was changed in another window" in refused.text and 'value="Bea"' in refused.text
    assert _stored(portal, reference)["first_name"] == "Ann"
    again = {"csrf_token": csrf(refused.text)} | seen(refused.text) | {"first_name": "Bea", "last_name": "Shah"}
    assert client.post("/claim/page/your-name", data=again, follow_redirects=False).status_code == 303
    assert _stored(portal, reference)["first_name"] == "Bea"


def test_a_double_click_on_a_page_saves_it_once(client, portal):
    reference = _complete(portal, client)
    tab = _form(client, "your-name")
    for _ in range(2):
        response = client.post("/claim/page/your-name", data=tab | {"first_name": "Ann", "last_name": "Shah"}, follow_redirects=False)
        assert response.status_code == 303
    with portal.state.sessionmaker() as db:
        history = [h for h in claims.history_of(db, claims.get_claim(db, reference)) if h.key == "first_name"]
    assert len(history) == 2  # the first answer, and this one once


def test_a_remove_page_removes_the_item_it_showed_after_the_list_changed(client, portal):
    jobs = [dict(COUPLE_GROUPS["jobs"][0], employer=name) for name in ("Alpha", "Beta", "Gamma")]
    reference = _complete(portal, client, jobs=jobs)
    remove_first, remove_second = _form(client, "jobs/1/remove"), _form(client, "jobs/2/remove")
    client.post("/claim/page/jobs/1/remove", data=remove_first | {"confirm_remove": "yes"})
    client.post("/claim/page/jobs/2/remove", data=remove_second | {"confirm_remove": "yes"})
    assert [job["employer"] for job in _stored(portal, reference)["jobs"]] == ["Gamma"]


def test_sends_at_the_same_time_submit_the_claim_once(client, portal):
    reference = _complete(portal, client)
    token = csrf(client.get("/claim/submit").text)
    results = _all_at_once([lambda: client.post("/claim/submit", data={"csrf_token": token}, follow_redirects=False)] * 8)
    assert {r.status_code for r in results} == {303}
    with portal.state.sessionmaker() as db:
        claim = claims.get_claim(db, reference)
        sent_at = claim.submitted_at
    assert client.post("/claim/submit", data={"csrf_token": token}).url.path == "/claim/confirmation"
    with portal.state.sessionmaker() as db:
        claim = claims.get_claim(db, reference)
        kinds = [e.kind for e in db.scalars(select(ClaimEvent).where(ClaimEvent.claim_id == claim.id))]
        deliveries = db.scalars(select(Delivery).where(Delivery.claim_id == claim.id)).all()
        assert kinds.count("submitted") == 1 and len(deliveries) == 1
        assert claim.submitted_at == sent_at and claim.status == "submitted"


def test_a_confirmed_deletion_asks_again_when_another_tab_saved_what_it_would_delete(client, portal):
    reference = _complete(portal, client)
    partner_tab, name_tab = _form(client, "partner"), _form(client, "partner-name")
    asked = client.post("/claim/page/partner", data=partner_tab | {"has_partner": "no"})
    assert asked.status_code == 422 and "Ravi" in asked.text
    confirm = partner_tab | {"has_partner": "no", "confirm-removal": "yes"} | dict(REMOVING.findall(asked.text))
    client.post("/claim/page/partner-name", data=name_tab | {"partner_first_name": "Rav", "partner_last_name": "Shah"})
    again = client.post("/claim/page/partner", data=confirm)
    assert again.status_code == 409 and "This page was changed in another window" in again.text
    assert ": Rav<" in again.text and "Ravi" not in again.text
    assert _stored(portal, reference)["partner_first_name"] == "Rav"
    confirm = {"csrf_token": csrf(again.text)} | seen(again.text) | dict(REMOVING.findall(again.text))
    done = client.post("/claim/page/partner", data=confirm | {"has_partner": "no", "confirm-removal": "yes"}, follow_redirects=False)
    assert done.status_code == 303 and "partner_first_name" not in _stored(portal, reference)
