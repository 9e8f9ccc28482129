"""The start page and the pages every service needs, rendered on the server (so no JavaScript needed)."""

import pytest

from app.services.journeys import JOURNEY_PATHS
from tests.app.page_checks import parse

PAGES = {
    "/": "Benefits and help with bills",
    "/help": "Get help",
    "/accessibility": "Accessibility statement",
    "/privacy": "Privacy notice",
    "/cookies": "Cookies",
}


@pytest.mark.parametrize("path", PAGES)
def test_each_page_renders_whole_on_the_server(client, path):
    response = client.get(path)
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/html")
    page = parse(response.text)
    assert page.title == f"{PAGES[path]} – Demo Borough Council benefits"
    assert f">{PAGES[path]}</h1>" in response.text


def test_every_page_has_its_own_title(client):
    titles = [parse(client.get(path).text).title for path in PAGES]
    assert len(set(titles)) == len(titles)


def test_the_start_page_links_only_the_journeys_that_exist(client, portal):
    html = client.get("/").text
    links = {a.attrs.get("href") for a in parse(html).links}
    for path in JOURNEY_PATHS:
        exists = client.get(path).status_code == 200
        assert (path in links) == exists, f"{path}: exists={exists}, linked={path in links}"


def test_journeys_not_built_yet_are_named_but_not_linked(client):
    html = client.get("/").text
    assert "Check what you can get" in html
    if client.get("/check").status_code == 404:
        assert 'href="/check"' not in html
        assert "Coming soon." in html


def test_the_header_shows_the_council_name_and_logo_and_no_crown(client):
    html = client.get("/").text
    assert "Demo Borough Council" in html
    assert 'class="portal-header__logo"' in html
    assert "govuk-logo" not in html and "crown" not in html.lower()


def test_the_footer_links_to_the_required_pages_and_each_works(client):
    html = client.get("/").text
    links = {a.attrs["href"] for a in parse(html).links if "govuk-footer__link" in a.attrs.get("class", "")}
    assert links == {"/help", "/accessibility", "/privacy", "/cookies"}
    for href in links:
        assert client.get(href).status_code == 200


def test_help_shows_the_councils_contact_details(client):
    html = client.get("/help").text
    assert 'href="tel:01234567890"' in html
    assert "01234 567 890" in html
    assert 'href="mailto:benefits@demo-borough.example"' in html
    assert "Monday to Friday, 9am to 5pm" in html
    assert "Civic Centre, High Street" in html


def test_the_cookies_page_says_only_essential_cookies_and_no_banner(client):
    html = client.get("/cookies").text
    assert "only uses cookies it needs to work" in html
    assert "we do not ask you to accept cookies" in html
    assert "govuk-cookie-banner" not in client.get("/").text


def test_the_cookies_page_lists_every_cookie_the_portal_sets(client):
    client.cookies.clear()
    response = client.get("/check?lang=cy")
    set_names = {header.split("=", 1)[0] for header in response.headers.get_list("set-cookie")}
    html = client.get("/cookies").text
    assert set_names == {"session", "lang"}
    for name in set_names:
        assert f'<td class="govuk-table__cell">{name}</td>' in html


def test_static_assets_and_branding_are_served(client):
    assert client.get("/static/govuk/portal.min.css").status_code == 200
    assert client.get("/static/vendor/htmx.min.js").status_code == 200
    assert client.get("/static/js/portal.js").status_code == 200
    branding = client.get("/branding.css")
    assert branding.headers["content-type"].startswith("text/css")
    assert "#005a70" in branding.text
    assert client.get("/logo.svg").text.startswith("<svg")
