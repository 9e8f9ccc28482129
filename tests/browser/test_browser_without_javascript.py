"""With JavaScript switched off, every page still shows its content and its links still work."""

from __future__ import annotations

from tests.browser.site_map import crawl, same_site_links


def test_every_page_renders_and_every_link_works_without_javascript(chromium, base_url):
    context = chromium.new_context(java_script_enabled=False, viewport={"width": 360, "height": 740})
    page = context.new_page()
    broken = []
    try:
        for path in crawl(base_url):
            response = page.goto(base_url + path)
            expected = 404 if path == "/no-such-page" else 200
            assert response is not None and response.status == expected, path
            assert page.locator("h1").count() == 1, path
            assert page.locator("h1").is_visible(), path
            if expected != 200:
                continue  # an error page's language switch leads to the same missing page
            for link in same_site_links(base_url, page.url, page.content()):
                status = context.request.get(base_url + link).status
                if status >= 400:
                    broken.append(f"{path} -> {link} ({status})")
    finally:
        context.close()
    assert not broken, broken


def test_following_a_link_without_javascript_opens_the_page(chromium, base_url):
    context = chromium.new_context(java_script_enabled=False)
    page = context.new_page()
    try:
        page.goto(base_url + "/")
        page.get_by_role("link", name="Accessibility statement").click()
        page.wait_for_url("**/accessibility")
        assert page.locator("h1").inner_text() == "Accessibility statement"
        page.get_by_role("link", name="Cymraeg").click()
        assert page.locator("html").get_attribute("lang") == "cy"
    finally:
        context.close()


def test_the_service_navigation_is_usable_without_javascript_on_a_phone(chromium, base_url):
    context = chromium.new_context(java_script_enabled=False, viewport={"width": 360, "height": 740})
    page = context.new_page()
    try:
        page.goto(base_url + "/")
        link = page.locator(".govuk-service-navigation__list a").first
        assert link.is_visible()
    finally:
        context.close()
