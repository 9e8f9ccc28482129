"""Invariants every HTML page of the portal keeps, checked on every page a test renders.

Use the `client` fixture (tests/conftest.py): it is a TestClient that runs these
checks on each HTML response, so a new page is checked as soon as a test visits it.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from html.parser import HTMLParser

UNLABELLED_INPUT_TYPES = {"hidden", "submit", "button", "image", "reset"}


@dataclass
class Element:
    tag: str
    attrs: dict[str, str]
    text: str = ""
    inside_label: bool = False


@dataclass
class ParsedPage:
    html_lang: str | None = None
    title: str = ""
    h1_count: int = 0
    h1_text: str = ""
    ids: list[str] = field(default_factory=list)
    links: list[Element] = field(default_factory=list)
    fields: list[Element] = field(default_factory=list)
    label_fors: set[str] = field(default_factory=set)
    inline_scripts: int = 0
    style_elements: int = 0
    style_attributes: list[str] = field(default_factory=list)
    event_handler_attributes: list[str] = field(default_factory=list)
    forms: list[Element] = field(default_factory=list)


class _Parser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.page = ParsedPage()
        self._in_title = False
        self._in_h1 = False
        self._label_depth = 0
        self._open_link: Element | None = None

    def handle_starttag(self, tag: str, attrs_list: list[tuple[str, str | None]]) -> None:
        attrs = {k: (v or "") for k, v in attrs_list}
        page = self.page
        if "id" in attrs:
            page.ids.append(attrs["id"])
        if "style" in attrs:
            page.style_attributes.append(tag)
        page.event_handler_attributes += [f"{tag}[{name}]" for name in attrs if name.startswith("on")]
        if tag == "html":
            page.html_lang = attrs.get("lang")
        elif tag == "title":
            self._in_title = True
        elif tag == "h1":
            page.h1_count += 1
            self._in_h1 = True
        elif tag == "a":
            self._open_link = Element(tag, attrs)
            page.links.append(self._open_link)
        elif tag == "label":
            self._label_depth += 1
            if "for" in attrs:
                page.label_fors.add(attrs["for"])
        elif tag in ("input", "select", "textarea"):
            if not (tag == "input" and attrs.get("type", "text") in UNLABELLED_INPUT_TYPES):
                page.fields.append(Element(tag, attrs, inside_label=self._label_depth > 0))
        elif tag == "script" and "src" not in attrs:
            page.inline_scripts += 1
        elif tag == "style":
            page.style_elements += 1
        elif tag == "form":
            page.forms.append(Element(tag, attrs))

    def handle_endtag(self, tag: str) -> None:
        if tag == "title":
            self._in_title = False
        elif tag == "h1":
            self._in_h1 = False
        elif tag == "label":
            self._label_depth = max(0, self._label_depth - 1)
        elif tag == "a":
            self._open_link = None

    def handle_data(self, data: str) -> None:
        if self._in_title:
            self.page.title += data
        if self._in_h1 and self.page.h1_count == 1:
            self.page.h1_text += data
        if self._open_link is not None:
            self._open_link.text += data


def parse(html: str) -> ParsedPage:
    parser = _Parser()
    parser.feed(html)
    parser.close()
    parser.page.title = " ".join(parser.page.title.split())
    parser.page.h1_text = " ".join(parser.page.h1_text.split())
    return parser.page


def _title_starts_with(title: str, heading: str) -> bool:
    """Whether the page title begins with its heading (after "Error: " on a page with errors), so that
    a screen reader's first words and the browser tab say the same thing as the page."""
    for prefix in ("Error: ", "Gwall: "):
        title = title.removeprefix(prefix)
    return title.casefold().startswith(heading.casefold())


def problems(html: str) -> list[str]:
    """What is wrong with one page; empty when it keeps every invariant."""
    page = parse(html)
    found: list[str] = []
    if not page.html_lang:
        found.append("<html> has no lang")
    if not page.title:
        found.append("the <title> is empty")
    if page.h1_count != 1:
        found.append(f"{page.h1_count} <h1> elements (want exactly one)")
    elif not _title_starts_with(page.title, page.h1_text):
        found.append(f"the <title> {page.title!r} does not start with the heading {page.h1_text!r}")
    duplicates = sorted(i for i, n in Counter(page.ids).items() if n > 1)
    if duplicates:
        found.append(f"duplicate ids: {duplicates}")
    skip_links = [a for a in page.links if "govuk-skip-link" in a.attrs.get("class", "")]
    if not skip_links:
        found.append("no skip link")
    elif skip_links[0].attrs.get("href", "").lstrip("#") not in page.ids:
        found.append("the skip link's target is not on the page")
    for element in page.fields:
        labelled = (
            element.inside_label
            or element.attrs.get("id") in page.label_fors
            or element.attrs.get("aria-label")
            or element.attrs.get("aria-labelledby")
        )
        if not labelled:
            found.append(f"<{element.tag} name={element.attrs.get('name')!r}> has no label")
    for form in page.forms:
        if form.attrs.get("method", "get").lower() == "post" and "csrf_token" not in html:
            found.append("a POST form without a csrf_token field")
    if page.inline_scripts:
        found.append(f"{page.inline_scripts} inline <script> (the CSP blocks them)")
    if page.style_elements or page.style_attributes:
        found.append("inline styles (the CSP blocks them)")
    if page.event_handler_attributes:
        found.append(f"inline event handlers: {page.event_handler_attributes}")
    empty_links = [a.attrs.get("href") for a in page.links if not a.text.strip() and not a.attrs.get("aria-label")]
    if empty_links:
        found.append(f"links with no text: {empty_links}")
    return found


class TitleRegister:
    """Each page has its own title: two different pages (by path) never share one."""

    def __init__(self) -> None:
        self.paths_by_title: dict[str, str] = {}

    def check(self, path: str, title: str) -> list[str]:
        seen = self.paths_by_title.setdefault(title, path)
        if seen != path:
            return [f"title {title!r} is used by both {seen} and {path}"]
        return []
