"""Behind the council's reverse proxy: a real uvicorn, as the Dockerfile runs it, takes the
resident's address and the https scheme from X-Forwarded-For / X-Forwarded-Proto only when the
request comes from an address in FORWARDED_ALLOW_IPS."""

from __future__ import annotations

import re
from pathlib import Path

import httpx
import pytest

from tests.browser.portal_server import PROJECT_ROOT, running_portal

CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')
LIMIT = 2


def _guess(portal: httpx.Client, resident: str) -> int:
    headers = {"X-Forwarded-For": resident}
    token = CSRF.search(portal.get("/claim/resume", headers=headers).text).group(1)
    data = {"reference": "HB-2222222222", "secret": "guess guess", "csrf_token": token}
    return portal.post("/claim/resume", data=data, headers=headers).status_code


def _cookies_over_https(url: str) -> list[str]:
    response = httpx.get(url + "/claim/resume", headers={"X-Forwarded-Proto": "https"})
    return response.headers.get_list("set-cookie")


@pytest.fixture
def portal_behind(tmp_path):
    def start(allowed: str):  # noqa: ANN202
        return running_portal(tmp_path, secret_key="proxy-test-secret-key-of-enough-length",
                              FORWARDED_ALLOW_IPS=allowed, CLAIM_RESUME_IP_LIMIT=str(LIMIT))
    return start


def test_from_an_allowed_proxy_each_resident_has_their_own_limit_and_cookies_are_secure(portal_behind):
    with portal_behind("127.0.0.1") as url, httpx.Client(base_url=url) as portal:
        assert [_guess(portal, "198.51.100.7") for _ in range(LIMIT + 1)] == [422] * LIMIT + [429]
        assert _guess(portal, "198.51.100.8") == 422
        cookies = _cookies_over_https(url)
    assert cookies and all(re.search(r";\s*Secure\b", c) for c in cookies)


def test_from_any_other_address_the_forwarded_headers_are_ignored(portal_behind):
    with portal_behind("192.0.2.1") as url, httpx.Client(base_url=url) as portal:
        assert [_guess(portal, "198.51.100.7") for _ in range(LIMIT)] == [422] * LIMIT
        assert _guess(portal, "198.51.100.8") == 429
        cookies = _cookies_over_https(url)
    assert cookies and not any("Secure" in c for c in cookies)


def test_the_image_runs_in_production_mode_and_trusts_only_the_proxies_it_is_given():
    dockerfile = (PROJECT_ROOT / "Dockerfile").read_text()
    assert re.search(r"^\s*ENVIRONMENT=production\b", dockerfile, re.M)
    assert re.search(r'--proxy-headers --forwarded-allow-ips \\?"\$\{FORWARDED_ALLOW_IPS', dockerfile)
    assert "FORWARDED_ALLOW_IPS" in Path(PROJECT_ROOT / "README.md").read_text()
