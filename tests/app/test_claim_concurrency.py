"""One claim saved from several places at once (two tabs, a double click, an advisor and the
claimant): every answer the portal acknowledged is kept, and a claim is sent once.

Real concurrency: many threads post through the app at the same moment, on the test database
(SQLite, or PostgreSQL with TEST_DATABASE_URL)."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor
from datetime import date

from sqlalchemy import select

from app.models.claim import ClaimEvent
from app.models.delivery import Delivery
from app.services import claims
from forms import Journey, default_registry
from tests.app.test_claim_pages import csrf, start
from tests.forms.test_hb_ctr import COUPLE, COUPLE_GROUPS, Form, raw_for, walk

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
