"""'Check what you can get' answered in two tabs at once: a page saved in one tab never undoes
a page saved in the other. Real concurrency: threads post through the app at the same moment."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor

from tests.app.check_helpers import WORKING_FAMILY, answer_all, csrf, post

CHANGES = {
    "rent": ({"rent-amount": "537", "rent-period": "month", "bedrooms": "2"}, "£537"),
    "council-tax": ({"band": "B", "bill-amount": "973", "bill-period": "year"}, "£973"),
    "savings": ({"savings-amount": "719"}, "£719"),
    "childcare": ({"childcare-amount": "457", "childcare-period": "month"}, "£457"),
    "your-work": ({"work": "employed", "pay-amount": "1437", "pay-period": "month", "hours": "30"}, "£1,437"),
    "partner-work": ({"work": "employed", "pay-amount": "638", "pay-period": "month", "hours": "16"}, "£638"),
}


def test_pages_answered_at_the_same_time_in_two_tabs_are_all_kept(client):
    answer_all(client, WORKING_FAMILY)
    token = csrf(client)
    barrier = threading.Barrier(len(CHANGES))

    def change(slug: str):  # noqa: ANN202
        barrier.wait()
        return post(client, f"/check/{slug}", CHANGES[slug][0] | {"mode": "change"}, token)

    with ThreadPoolExecutor(max_workers=len(CHANGES)) as pool:
        responses = list(pool.map(change, CHANGES))
    assert [r.url.path for r in responses] == ["/check/check-answers"] * len(CHANGES)
    summary = client.get("/check/check-answers").text
    for slug, (_data, shown) in CHANGES.items():
        assert shown in summary, slug


def test_pages_answered_at_once_through_two_server_processes_are_all_kept(tmp_path, database_url):
    """As in production: several uvicorn workers, each with its own connections to one database."""
    import httpx

    from tests.browser.portal_server import running_portal

    settings = {"DATABASE_URL": database_url, "MIGRATE_ON_START": "false"}
    with running_portal(tmp_path, secret_key="test-secret-key-not-for-production", workers=2, **settings) as url:
        with httpx.Client(base_url=url, follow_redirects=True) as browser:
            answer_all(browser, WORKING_FAMILY)
            token = csrf(browser)
            for _round in range(3):
                barrier = threading.Barrier(len(CHANGES))

                def change(slug: str):  # noqa: ANN202
                    barrier.wait()
                    return post(browser, f"/check/{slug}", CHANGES[slug][0] | {"mode": "change"}, token)

                with ThreadPoolExecutor(max_workers=len(CHANGES)) as pool:
                    responses = list(pool.map(change, CHANGES))
                assert [r.url.path for r in responses] == ["/check/check-answers"] * len(CHANGES)
                summary = browser.get("/check/check-answers").text
                for slug, (_data, shown) in CHANGES.items():
                    assert shown in summary, slug
                answer_all(browser, WORKING_FAMILY)
