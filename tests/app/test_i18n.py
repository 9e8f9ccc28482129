"""Welsh: chosen with ?lang=cy, remembered in a cookie, and shown with lang="cy"."""

import re
from pathlib import Path

from babel.messages.mofile import read_mo
from babel.messages.pofile import read_po

from app.i18n import TRANSLATIONS_DIR
from tests.app.page_checks import parse

PLACEHOLDER = re.compile(r"%\((\w+)\)s")


def test_a_welsh_page_has_lang_cy_and_welsh_interface_text(client):
    response = client.get("/?lang=cy")
    assert parse(response.text).html_lang == "cy"
    assert "Neidio i&#39;r prif gynnwys" in response.text or "Neidio i'r prif gynnwys" in response.text
    assert response.headers["content-language"] == "cy"


def test_the_language_choice_is_remembered_by_cookie(client):
    client.get("/help?lang=cy")
    assert client.cookies.get("lang") == "cy"
    assert parse(client.get("/privacy").text).html_lang == "cy"
    client.get("/privacy?lang=en")
    assert parse(client.get("/cookies").text).html_lang == "en"


def test_an_unknown_language_is_ignored(client):
    client.cookies.clear()
    response = client.get("/?lang=fr")
    assert parse(response.text).html_lang == "en"
    assert "lang=" not in response.headers.get("set-cookie", "")


def test_each_page_links_to_itself_in_the_other_language(client):
    client.cookies.clear()
    english = parse(client.get("/help").text)
    switch = [a for a in english.links if a.attrs.get("hreflang") == "cy"]
    assert switch and switch[0].attrs["href"] == "/help?lang=cy" and switch[0].attrs["lang"] == "cy"
    welsh = parse(client.get("/help?lang=cy").text)
    assert [a.attrs["href"] for a in welsh.links if a.attrs.get("hreflang") == "en"] == ["/help?lang=en"]


def _po(language: str):
    with open(TRANSLATIONS_DIR / language / "LC_MESSAGES" / "messages.po", "rb") as f:
        return read_po(f, locale=language)


def test_the_compiled_welsh_catalogue_matches_its_source():
    po = _po("cy")
    with open(TRANSLATIONS_DIR / "cy" / "LC_MESSAGES" / "messages.mo", "rb") as f:
        mo = read_mo(f)
    translated = {m.id: m.string for m in po if m.id and m.string and not m.fuzzy}
    compiled = {m.id: m.string for m in mo if m.id}
    assert compiled == translated, "run: pybabel compile -d app/translations -D messages"


def test_welsh_translations_keep_every_placeholder():
    for message in _po("cy"):
        if message.id and message.string:
            assert set(PLACEHOLDER.findall(message.id)) == set(PLACEHOLDER.findall(message.string)), message.id


def test_the_welsh_catalogue_covers_every_extracted_string():
    with open(Path(TRANSLATIONS_DIR) / "messages.pot", "rb") as f:
        template = read_po(f)
    po = _po("cy")
    missing = sorted(m.id for m in template if m.id and m.id not in po)
    assert not missing, f"run: pybabel update (see docs/frontend.md); missing {missing}"
