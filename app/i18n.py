"""Interface language: English source strings, translated with gettext catalogues.

The active language lives in a context variable set once per request (by the
language middleware), so templates, macros and services all translate the same way.
"""

from __future__ import annotations

from contextvars import ContextVar
from functools import cache
from pathlib import Path

from babel.support import NullTranslations, Translations

TRANSLATIONS_DIR = Path(__file__).resolve().parent / "translations"
DEFAULT_LANGUAGE = "en"
SUPPORTED_LANGUAGES = ("en", "cy")
LANGUAGE_NAMES = {"en": "English", "cy": "Cymraeg"}
LANGUAGE_COOKIE = "lang"

_active: ContextVar[str] = ContextVar("language", default=DEFAULT_LANGUAGE)


@cache
def translations_for(language: str) -> NullTranslations:
    if language == DEFAULT_LANGUAGE:
        return NullTranslations()
    return Translations.load(str(TRANSLATIONS_DIR), [language], domain="messages")


def activate(language: str) -> None:
    _active.set(language)


def active_language() -> str:
    return _active.get()


def gettext(message: str) -> str:
    return translations_for(_active.get()).ugettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    return translations_for(_active.get()).ungettext(singular, plural, n)


def pgettext(context: str, message: str) -> str:
    return translations_for(_active.get()).upgettext(context, message)


def npgettext(context: str, singular: str, plural: str, n: int) -> str:
    return translations_for(_active.get()).unpgettext(context, singular, plural, n)


_ = gettext


def choose_language(query_value: str | None, cookie_value: str | None, offered: list[str]) -> tuple[str, bool]:
    """The language for this request, and whether the choice was just made (so should be remembered)."""
    if query_value in offered:
        return query_value, True
    if cookie_value in offered:
        return cookie_value, False
    return DEFAULT_LANGUAGE, False
