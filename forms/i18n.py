"""Marking strings for translation.

The engine keeps English source strings. ``_`` marks a string for extraction (Babel reads
``_("...")`` calls in these modules and every visible string in the YAML definitions, see
``forms.schema.translatable_strings``); the web layer translates at render time with the
request's locale. Keeping the engine free of a locale keeps it pure and testable.
"""


def _(message: str) -> str:
    """Mark ``message`` for translation; returns it unchanged (gettext_noop)."""
    return message
