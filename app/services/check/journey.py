"""The route through the questions, worked out again from the answers on every request.

A page can be shown only when it applies to these answers and every page before it is
answered, so no page can be reached out of turn by typing its address. Going back never
loses an answer: answers to a page that stops applying are kept (and ignored) in case
the person changes their mind again.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from .facts import Answers, Facts
from .fields import Field, FieldError, parse_fields, visible
from .pages import CheckContext, Page, pages

CHECK_ANSWERS = "check-answers"


@dataclass(frozen=True)
class SummaryRow:
    slug: str
    key: str
    value: str
    field_id: str


@dataclass(frozen=True)
class Bound:
    """A page with what was submitted to it: the cleaned values, or errors and what was typed."""

    page: Page
    fields: list[Field]
    values: dict[str, Any]
    errors: list[FieldError]
    typed: dict[str, dict[str, Any]]


class Journey:
    def __init__(self, context: CheckContext, answers: Answers, *, short: bool = False) -> None:
        self.context = context
        self.answers: dict[str, dict[str, Any]] = {k: dict(v) for k, v in answers.items()}
        self.short = short
        self._pages = [p for p in pages(context) if p.short or not short]
        self._by_slug = {p.slug: p for p in self._pages}

    @property
    def facts(self) -> Facts:
        return Facts(self.answers, self.context.today)

    def page(self, slug: str) -> Page | None:
        return self._by_slug.get(slug)

    def sequence(self) -> list[Page]:
        """The pages that apply to the answers, in order."""
        facts = self.facts
        return [p for p in self._pages if p.applies(facts)]

    def fields(self, page: Page) -> list[Field]:
        return page.fields(self.facts)

    def is_answered(self, page: Page) -> bool:
        stored = self.answers.get(page.slug)
        if stored is None:
            return False
        return all(f.name in stored for f in visible(self.fields(page), stored))

    def first_unanswered(self) -> Page | None:
        return next((p for p in self.sequence() if not self.is_answered(p)), None)

    @property
    def complete(self) -> bool:
        return self.first_unanswered() is None

    def can_show(self, slug: str) -> bool:
        """The page applies, and every page before it is answered."""
        for page in self.sequence():
            if page.slug == slug:
                return True
            if not self.is_answered(page):
                return False
        return False

    def where_to_go(self) -> str:
        """The first page still to answer, or "Check your answers"."""
        page = self.first_unanswered()
        return page.slug if page is not None else CHECK_ANSWERS

    def previous(self, slug: str) -> str | None:
        seq = [p.slug for p in self.sequence()]
        if slug == CHECK_ANSWERS:
            return seq[-1] if seq else None
        if slug in seq:
            at = seq.index(slug)
            return seq[at - 1] if at > 0 else None
        return None

    def after(self, slug: str) -> str:
        """Where to go once `slug` is answered: the next page in turn (an earlier gap first)."""
        seq = [p.slug for p in self.sequence()]
        gap = self.first_unanswered()
        if slug in seq:
            at = seq.index(slug)
            if gap is not None and seq.index(gap.slug) < at:
                return gap.slug
            if at + 1 < len(seq):
                return seq[at + 1]
        return gap.slug if gap is not None else CHECK_ANSWERS

    def shown(self, page: Page) -> dict[str, dict[str, Any]]:
        stored = self.answers.get(page.slug) or {}
        return {f.name: f.shown(stored.get(f.name)) for f in self.fields(page)}

    def bind(self, page: Page, form: Mapping[str, Any]) -> Bound:
        fields = self.fields(page)
        values, errors = parse_fields(fields, form)  # type: ignore[arg-type]
        if not errors and page.validate is not None:
            errors = page.validate(values, self.facts)
        typed = {f.name: f.typed(form) for f in fields}  # type: ignore[arg-type]
        return Bound(page, fields, values, errors, typed)

    def save(self, bound: Bound) -> None:
        self.answers[bound.page.slug] = bound.values

    def summary(self) -> list[tuple[Page, list[SummaryRow]]]:
        """Every answer that counts, page by page, for "Check your answers"."""
        out = []
        for page in self.sequence():
            stored = self.answers.get(page.slug) or {}
            rows = []
            for f in visible(self.fields(page), stored):
                key = f.label if not f.group else f"{f.group}: {f.label}"
                if page.single_question:
                    key = f.label
                rows.append(SummaryRow(page.slug, key, f.summary(stored.get(f.name)), f.id))
            out.append((page, rows))
        return out

    def counted_answers(self) -> dict[str, dict[str, Any]]:
        """Only the answers to pages that apply, and only fields shown: what the household is built from."""
        counted = {}
        for page in self.sequence():
            stored = self.answers.get(page.slug)
            if stored is None:
                continue
            counted[page.slug] = {f.name: stored[f.name] for f in visible(self.fields(page), stored) if f.name in stored}
        return counted
