"""Error pages in the portal's style, each with a way forward."""

import pytest
from fastapi.testclient import TestClient

from app.main import create_app
from tests.app.page_checks import parse, problems


def test_a_missing_page_gets_the_404_page_with_a_way_forward(client):
    response = client.get("/no-such-page")
    assert response.status_code == 404
    page = parse(response.text)
    assert page.title == "Page not found – Demo Borough Council benefits"
    hrefs = {a.attrs["href"] for a in page.links}
    assert "/" in hrefs and "/help" in hrefs


def test_a_missing_api_path_gets_json(client):
    response = client.get("/api/v1/no-such-thing")
    assert response.status_code == 404
    assert response.json() == {"detail": "Not Found"}


@pytest.fixture(scope="module")
def crashing(settings):
    app = create_app(settings)

    @app.get("/crash")
    def crash() -> None:
        raise RuntimeError("something broke")

    @app.get("/api/v1/crash")
    def api_crash() -> None:
        raise RuntimeError("something broke")

    return app


def test_a_crash_gets_the_500_page_with_security_headers(crashing):
    with TestClient(crashing) as c:
        response = c.get("/crash")
    assert response.status_code == 500
    assert not problems(response.text)
    assert parse(response.text).title.startswith("Sorry, there is a problem with the service")
    assert "01234 567 890" in response.text  # a way to get help now
    assert "something broke" not in response.text
    assert "default-src 'self'" in response.headers["content-security-policy"]


def test_a_crash_in_the_api_gets_json(crashing):
    with TestClient(crashing) as c:
        response = c.get("/api/v1/crash")
    assert response.status_code == 500
    assert response.json() == {"detail": "Internal server error"}


def test_error_pages_are_in_the_chosen_language(client):
    response = client.get("/no-such-page?lang=cy")
    assert parse(response.text).html_lang == "cy"
    assert "Heb ddod o hyd i&#39;r dudalen" in response.text or "Heb ddod o hyd i'r dudalen" in response.text


@pytest.mark.parametrize("path", ["//evil.example/x", "/%5Cevil.example/x", "///evil.example/x"])
def test_language_links_on_a_404_for_a_protocol_relative_path_stay_on_this_site(client, path):
    response = client.get("http://testserver" + path)
    assert response.status_code == 404
    language_links = [a for a in parse(response.text).links if "lang=" in a.attrs.get("href", "")]
    assert language_links
    for link in language_links:
        href = link.attrs["href"]
        assert href.startswith("/") and not href.startswith("//") and "\\" not in href, href
