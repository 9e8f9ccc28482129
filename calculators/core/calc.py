"""Rules, the calculation context and the explanation trace.

A rule is a small pure function of a `Calc`. It reads inputs from `c.household`, other
rules through `c("name")` and parameters through `c.param("path")`; each of those reads
lands in the trace, which is what "How we worked this out" shows.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any, Literal

from . import parameters
from .household import Household, Person
from .periods import Period, convert


class CannotCalculate(Exception):
    """The engine cannot work this amount out for this household; the message says why, for the person."""

    def __init__(self, reason: str, variable: str | None = None, ask: str | None = None) -> None:
        super().__init__(reason)
        self.reason = reason
        self.variable = variable
        # The fact that would let the engine work the amount out (a key of calculators.core.missing
        # .FACTS), or None when no answer the person could give would help.
        self.ask = ask


@dataclass(frozen=True)
class Rule:
    name: str
    func: Callable[..., Any]
    period: Period | None
    label: str
    legislation: str | None
    per_person: bool
    doc: str


RULES: dict[str, Rule] = {}


def rule(
    *,
    label: str,
    period: Period | None = None,
    legislation: str | None = None,
    per_person: bool = False,
) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """Register a rule under its function's name."""

    def register(func: Callable[..., Any]) -> Callable[..., Any]:
        name = func.__name__
        if name in RULES and RULES[name].func.__module__ != func.__module__:
            raise ValueError(f"two rules are called {name!r}: {RULES[name].func.__module__} and {func.__module__}")
        RULES[name] = Rule(
            name=name,
            func=func,
            period=period,
            label=label,
            legislation=parameters.legislation_href(legislation),
            per_person=per_person,
            doc=(func.__doc__ or "").strip(),
        )
        return func

    return register


@dataclass(frozen=True)
class Output:
    """Something the results page shows: a benefit, or a deduction such as income tax."""

    key: str
    label: str
    amount: str
    period: Period
    kind: Literal["benefit", "deduction", "relief"] = "benefit"
    """A relief is tax the household could save but does not claim (shown under "what you may be missing")."""
    claim_url: str | None = None
    # a rule giving the amount for the year, where the law builds the year from days rather than
    # weeks (Council Tax Reduction); the month shown is then this ÷ 12, not the week × 52 ÷ 12
    annual: str | None = None
    estimate: str | None = None
    """A bool rule: True when the amount rests on an estimate (a Council Tax bill worked out from the band)."""


@dataclass(frozen=True)
class Passport:
    """Help that may follow from the result; `reason` names a rule returning str | None."""

    key: str
    label: str
    reason: str
    url: str | None = None


OUTPUTS: dict[str, Output] = {}
PASSPORTS: dict[str, Passport] = {}


def benefit(
    key: str,
    *,
    label: str,
    amount: str,
    period: Period,
    claim_url: str | None = None,
    kind: Literal["benefit", "deduction", "relief"] = "benefit",
    annual: str | None = None,
    estimate: str | None = None,
) -> None:
    OUTPUTS[key] = Output(key, label, amount, period, kind, claim_url, annual=annual, estimate=estimate)


def passport(key: str, *, label: str, reason: str, url: str | None = None) -> None:
    PASSPORTS[key] = Passport(key, label, reason, url)


@dataclass
class ParamUse:
    """One parameter value read during a step."""

    path: str
    description: str
    value: Any
    in_force_from: date
    unit: str
    period: str | None
    legislation_title: str
    legislation_href: str | None
    source: str


@dataclass
class Step:
    """One node of the trace: a rule's value and what it was worked out from."""

    name: str
    label: str
    period: Period | None
    legislation: str | None
    person: str | None = None
    value: Any = None
    notes: list[str] = field(default_factory=list)
    inputs: list[Step] = field(default_factory=list)
    params: list[ParamUse] = field(default_factory=list)
    cannot: str | None = None

    def walk(self) -> Any:
        seen: set[int] = set()
        stack = [self]
        while stack:
            step = stack.pop()
            if id(step) in seen:
                continue
            seen.add(id(step))
            yield step
            stack.extend(reversed(step.inputs))

    def citations(self) -> list[tuple[str, str]]:
        """Every (title, link) this amount rests on, rules first, without repeats."""
        found: dict[str, str] = {}
        for step in self.walk():
            if step.legislation:
                found.setdefault(step.legislation, step.label)
            for p in step.params:
                if p.legislation_href:
                    found.setdefault(p.legislation_href, p.legislation_title)
        return [(title, href) for href, title in found.items()]

    def lines(self, depth: int = 0, max_depth: int = 6) -> list[str]:
        """A plain-text rendering, one step a line, indented by how it was reached."""
        from .explain import describe

        out = ["  " * depth + describe(self)]
        if depth < max_depth:
            for child in self.inputs:
                out.extend(child.lines(depth + 1, max_depth))
        return out


_MISSING = object()


class _Folder:
    """A parameter folder bound to a calculation: attribute access resolves files at `c.on`."""

    __slots__ = ("_calc", "_folder")

    def __init__(self, calc: Calc, folder: parameters.ParameterFolder) -> None:
        self._calc = calc
        self._folder = folder

    def __getattr__(self, name: str) -> Any:
        child = self._folder.children.get(name)
        if child is None:
            raise AttributeError(f"no parameter {self._folder.path}.{name}")
        return self._calc._resolve(child)

    __getitem__ = __getattr__


EARLIEST_DATE = date(1900, 1, 1)
LATEST_DATE = date(2199, 12, 31)


def _not_covered(on: date, variable: str | None) -> CannotCalculate:
    return CannotCalculate(
        f"we don't have the rates for {on:%-d %B %Y}: the calculator covers the 2025-26 and 2026-27 tax years",
        variable,
    )


class Calc:
    """Works out rules for one household on one date, remembering each value once."""

    def __init__(self, household: Household, on: date, *, trace: bool = True) -> None:
        self.household = household
        self.on = on
        self.trace = trace
        self._values: dict[tuple[str, str | None], Any] = {}
        self._steps: dict[tuple[str, str | None], Step] = {}
        self._stack: list[Step] = []
        self._covered = EARLIEST_DATE <= on <= LATEST_DATE

    # reading rules -------------------------------------------------------------
    def __call__(self, name: str, person: Person | Any = None, period: Period | None = None) -> Any:
        person_id = person.id if person is not None else None
        key = (name, person_id)
        value = self._values.get(key, _MISSING)
        if value is _MISSING:
            value = self._compute(name, person, key)
        elif self.trace and self._stack:
            self._stack[-1].inputs.append(self._steps[key])
        if isinstance(value, CannotCalculate):
            raise value
        if period is not None and value is not None:
            own = RULES[name].period
            if own is None:
                raise TypeError(f"{name} is not an amount of money, so it has no period to convert")
            return convert(value, own, period)
        return value

    def _compute(self, name: str, person: Any, key: tuple[str, str | None]) -> Any:
        if not self._covered:
            # Far outside any rate the engine holds, and too far for the date arithmetic of ages and
            # tax years (a year before 1 or after 9999): no rule is asked at all.
            value = self._values[key] = _not_covered(self.on, name)
            return value
        try:
            r = RULES[name]
        except KeyError:
            raise KeyError(f"no rule called {name!r}") from None
        if r.per_person != (person is not None):
            raise TypeError(f"{name} {'needs' if r.per_person else 'takes no'} person")
        step = None
        if self.trace:
            step = Step(name, r.label, r.period, r.legislation, person=key[1])
            if self._stack:
                self._stack[-1].inputs.append(step)
            self._steps[key] = step
            self._stack.append(step)
        try:
            value = r.func(self, person) if r.per_person else r.func(self)
        except CannotCalculate as exc:
            exc.variable = exc.variable or name
            value = exc
            if step is not None:
                step.cannot = exc.reason
        finally:
            if step is not None:
                self._stack.pop()
        if step is not None and not isinstance(value, CannotCalculate):
            step.value = value
        self._values[key] = value
        return value

    def step(self, name: str, person: Person | None = None) -> Step | None:
        """The trace of a rule already worked out (None when tracing is off or it was not asked for)."""
        return self._steps.get((name, person.id if person is not None else None))

    # reading parameters --------------------------------------------------------
    def param(self, path: str) -> Any:
        return self._resolve(parameters.node(path))

    def _resolve(self, node: parameters.ParameterFile | parameters.ParameterFolder) -> Any:
        if isinstance(node, parameters.ParameterFolder):
            return _Folder(self, node)
        try:
            dated = node.at(self.on)
        except parameters.NotInForce:
            raise _not_covered(self.on, self._stack[-1].name if self._stack else None) from None
        if self.trace and self._stack:
            self._stack[-1].params.append(
                ParamUse(
                    node.path,
                    node.description,
                    dated.value,
                    dated.start,
                    node.unit,
                    node.period,
                    node.legislation_title,
                    node.legislation_href,
                    dated.source,
                )
            )
        return dated.value

    # explaining ----------------------------------------------------------------
    def explain(self, note: str) -> None:
        if self.trace and self._stack:
            self._stack[-1].notes.append(note)

    def cite(self, href: str, title: str | None = None) -> None:
        """Link the current step to the clause it applies, when that is only known at run time
        (a council's scheme paragraph); the title is shown as a note."""
        if self.trace and self._stack:
            self._stack[-1].legislation = href
            if title:
                self._stack[-1].notes.append(f"see {title}")

    def cannot(self, reason: str, *, ask: str | None = None) -> CannotCalculate:
        """Stop: this amount cannot be worked out for this household. Use as `raise c.cannot(...)` or call.

        `ask` names the missing fact that would let it be worked out (a key of
        calculators.core.missing.FACTS), so the journey can ask for it; leave it out only when no
        answer the person could give would help."""
        raise CannotCalculate(reason, self._stack[-1].name if self._stack else None, ask)


Money = Decimal
