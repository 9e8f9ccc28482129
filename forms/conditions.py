"""Structured conditions: data, never free-text expressions.

A condition is a mapping written in the form definition::

    {question: has_partner, equals: true}
    {question: tenure, in: [private_rent, social_rent]}
    {question: benefits, contains: pension_credit}
    {question: savings_total, gte: 6000}
    {question: date_of_birth, before: 1960-04-06}
    {question: partner_name, answered: true}
    {fact: claimant_pension_age, equals: true}
    {count: jobs, gte: 2}
    {all: [...]}, {any: [...]}, {not: {...}}

They are compiled when a definition loads. A reference to a question, fact or group that
does not exist, an operator that does not suit the question's type, or a value that is not
one of a question's options is a load error naming the path; nothing is ever silently
``False`` because it was misspelt.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any, Callable, Mapping, Protocol

COMPARISONS = ("equals", "not_equals", "in", "not_in", "contains", "gt", "gte", "lt", "lte", "before", "after", "answered")
ORDERED = {"gt", "gte", "lt", "lte"}
DATED = {"before", "after"}


class ConditionError(ValueError):
    """A condition in a definition that cannot be compiled; ``path`` names where it is."""

    def __init__(self, path: str, message: str) -> None:
        super().__init__(f"{path}: {message}")
        self.path = path
        self.message = message


class Scope(Protocol):
    """What a condition can see while it is evaluated."""

    def answer(self, question_id: str) -> Any: ...
    def fact(self, name: str) -> Any: ...
    def count(self, group_id: str) -> int: ...


@dataclass(frozen=True)
class Condition:
    def __call__(self, scope: Scope) -> bool:  # pragma: no cover - abstract
        raise NotImplementedError

    def questions(self) -> set[str]:
        return set()


@dataclass(frozen=True)
class All(Condition):
    parts: tuple[Condition, ...]

    def __call__(self, scope: Scope) -> bool:
        return all(p(scope) for p in self.parts)

    def questions(self) -> set[str]:
        return set().union(*(p.questions() for p in self.parts))


@dataclass(frozen=True)
class Any_(Condition):
    parts: tuple[Condition, ...]

    def __call__(self, scope: Scope) -> bool:
        return any(p(scope) for p in self.parts)

    def questions(self) -> set[str]:
        return set().union(*(p.questions() for p in self.parts))


@dataclass(frozen=True)
class Not(Condition):
    part: Condition

    def __call__(self, scope: Scope) -> bool:
        return not self.part(scope)

    def questions(self) -> set[str]:
        return self.part.questions()


@dataclass(frozen=True)
class Compare(Condition):
    source: str  # "question" | "fact" | "count"
    name: str
    op: str
    value: Any
    kind: str  # how to coerce the stored answer: "text" | "bool" | "number" | "date" | "list" | "money"

    def __call__(self, scope: Scope) -> bool:
        if self.source == "question":
            actual = scope.answer(self.name)
        elif self.source == "fact":
            actual = scope.fact(self.name)
        else:
            actual = scope.count(self.name)
        if self.op == "answered":
            return (actual is not None and actual != [] and actual != "") == bool(self.value)
        if actual is None:
            # Unanswered never satisfies a comparison, and never its negation either:
            # "not_equals" on an unanswered question is false, so pages do not appear early.
            return False
        actual = _coerce(actual, self.kind)
        if actual is None:
            return False
        op, value = self.op, self.value
        if op == "equals":
            return actual == value
        if op == "not_equals":
            return actual != value
        if op == "in":
            return actual in value
        if op == "not_in":
            return actual not in value
        if op == "contains":
            return value in actual
        if op in ("gt", "after"):
            return actual > value
        if op == "gte":
            return actual >= value
        if op in ("lt", "before"):
            return actual < value
        if op == "lte":
            return actual <= value
        raise AssertionError(op)

    def questions(self) -> set[str]:
        return {self.name} if self.source == "question" else set()


def _coerce(value: Any, kind: str) -> Any:
    try:
        if kind == "number":
            return Decimal(str(value))
        if kind == "money":
            return Decimal(str(value["amount"])) if isinstance(value, Mapping) else Decimal(str(value))
        if kind == "date":
            return value if isinstance(value, date) else date.fromisoformat(str(value))
    except (InvalidOperation, ValueError, KeyError, TypeError):
        return None
    return value


class Reference(Protocol):
    """What the compiler needs to know about something a condition names."""

    kind: str  # "text" | "bool" | "number" | "date" | "list" | "money"
    options: tuple[str, ...] | None


@dataclass(frozen=True)
class Ref:
    kind: str
    options: tuple[str, ...] | None = None


def compile_condition(
    raw: Any,
    path: str,
    *,
    questions: Callable[[str], Reference | None],
    facts: Mapping[str, Reference],
    groups: set[str],
) -> Condition:
    """Compile a raw condition mapping; raise ConditionError naming ``path`` if it is wrong."""
    if not isinstance(raw, Mapping) or not raw:
        raise ConditionError(path, "a condition must be a mapping such as {question: x, equals: y}")
    keys = set(raw)
    for combinator in ("all", "any"):
        if combinator in keys:
            if keys != {combinator}:
                raise ConditionError(path, f"'{combinator}' must be on its own, with a list of conditions")
            items = raw[combinator]
            if not isinstance(items, list) or not items:
                raise ConditionError(path, f"'{combinator}' needs a list of at least one condition")
            parts = tuple(
                compile_condition(item, f"{path}.{combinator}[{i}]", questions=questions, facts=facts, groups=groups)
                for i, item in enumerate(items)
            )
            return All(parts) if combinator == "all" else Any_(parts)
    if "not" in keys:
        if keys != {"not"}:
            raise ConditionError(path, "'not' must be on its own, with one condition")
        return Not(compile_condition(raw["not"], f"{path}.not", questions=questions, facts=facts, groups=groups))

    sources = keys & {"question", "fact", "count"}
    if len(sources) != 1:
        raise ConditionError(
            path, "say what the condition is about with exactly one of 'question', 'fact' or 'count', or combine conditions with 'all', 'any' or 'not'"
        )
    source = sources.pop()
    name = raw[source]
    ops = keys - {source}
    if len(ops) != 1:
        raise ConditionError(path, f"give exactly one test, one of: {', '.join(COMPARISONS)}")
    op = ops.pop()
    if op not in COMPARISONS:
        raise ConditionError(path, f"'{op}' is not a test a condition can use; use one of: {', '.join(COMPARISONS)}")
    if not isinstance(name, str):
        raise ConditionError(path, f"'{source}' must name a {source}")
    if source == "question":
        ref = questions(name)
        if ref is None:
            raise ConditionError(path, f"refers to a question '{name}' that is not in this form (or not on an earlier page in reach)")
    elif source == "fact":
        ref = facts.get(name)
        if ref is None:
            known = ", ".join(sorted(facts)) or "none"
            raise ConditionError(path, f"refers to a fact '{name}' that this form does not declare (declared facts: {known})")
    else:
        if name not in groups:
            raise ConditionError(path, f"counts a repeating group '{name}' that is not in this form")
        ref = Ref("number")
    value = raw[op]
    value = _check_value(ref, op, value, path)
    return Compare(source, name, op, value, ref.kind)


def _check_value(ref: Reference, op: str, value: Any, path: str) -> Any:
    kind = ref.kind
    if op == "answered":
        if not isinstance(value, bool):
            raise ConditionError(path, "'answered' must be true or false")
        return value
    if op in ORDERED and kind not in ("number", "money"):
        raise ConditionError(path, f"'{op}' compares numbers; this refers to a {kind} answer")
    if op in DATED and kind != "date":
        raise ConditionError(path, f"'{op}' compares dates; this refers to a {kind} answer")
    if op == "contains" and kind != "list":
        raise ConditionError(path, "'contains' tests a checkbox answer; use 'equals' or 'in' for this question")
    if kind == "list" and op != "contains":
        raise ConditionError(path, "a checkbox answer can only be tested with 'contains' or 'answered'")
    if op in ("in", "not_in"):
        if not isinstance(value, list) or not value:
            raise ConditionError(path, f"'{op}' needs a list of values")
        return tuple(_scalar(ref, v, path) for v in value)
    return _scalar(ref, value, path)


def _scalar(ref: Reference, value: Any, path: str) -> Any:
    kind = ref.kind
    if kind == "bool":
        if not isinstance(value, bool):
            raise ConditionError(path, "a yes or no answer is tested with true or false")
        return value
    if kind in ("number", "money"):
        if isinstance(value, bool) or not isinstance(value, (int, str, Decimal)):
            raise ConditionError(path, f"'{value}' is not a number (write whole numbers, or decimals in quotes)")
        try:
            return Decimal(str(value))
        except InvalidOperation:
            raise ConditionError(path, f"'{value}' is not a number") from None
    if kind == "date":
        if isinstance(value, date):
            return value
        try:
            return date.fromisoformat(str(value))
        except ValueError:
            raise ConditionError(path, f"'{value}' is not a date like 2026-04-06") from None
    if ref.options is not None and str(value) not in ref.options:
        raise ConditionError(path, f"'{value}' is not one of the question's options ({', '.join(ref.options)})")
    return str(value) if not isinstance(value, bool) else value
