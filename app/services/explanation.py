""""How we worked this out": an engine trace in plain English.

The rules engine records every value an amount was worked out from (its trace). Here a
trace, in the shape `calculators.result.step_to_dict` gives it, becomes a list of steps
a person can read: a sentence such as "Standard allowance: £424.90 a month", the period
in words, the engine's own notes, a link to the law (or to the council's scheme), the
rates used with the date each applies from, and the steps beneath it, a few levels deep,
each shown once.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation
from functools import cache
from typing import Any
from urllib.parse import urlparse

from calculators.core import parameters
from calculators.core.calc import Step
from calculators.core.periods import Period
from calculators.result import step_to_dict

from .money_input import format_money

LEGISLATION = "https://www.legislation.gov.uk/"
DEFAULT_DEPTH = 3

# Acts and instruments the rules cite whose names are not already in a parameter file's
# legislation title. Names from legislation.gov.uk.
_KNOWN_INSTRUMENTS = {
    "ukpga/1991/56": "Water Industry Act 1991",
    "ukpga/1992/14": "Local Government Finance Act 1992",
    "ukpga/1996/56": "Education Act 1996",
    "ukpga/1998/46": "Scotland Act 1998",
    "ukpga/2005/5": "Income Tax (Trading and Other Income) Act 2005",
    "ukpga/2012/5": "Welfare Reform Act 2012",
    "ukpga/2014/19": "Pensions Act 2014",
    "uksi/2013/376": "Universal Credit Regulations 2013",
}
_KIND_OF_INSTRUMENT = {
    "ukpga": "Act of Parliament {year} chapter {number}",
    "uksi": "Statutory Instrument {year} No. {number}",
    "ssi": "Scottish Statutory Instrument {year} No. {number}",
    "wsi": "Welsh Statutory Instrument {year} No. {number}",
    "asp": "Act of the Scottish Parliament {year} asp {number}",
    "asc": "Act of Senedd Cymru {year} anaw {number}",
}
_PROVISION_WORDS = {
    "section": "section",
    "regulation": "regulation",
    "article": "article",
    "rule": "rule",
    "schedule": "Schedule",
    "part": "Part",
    "chapter": "Chapter",
    "paragraph": "paragraph",
}
_INSTRUMENT_NAME = re.compile(
    r"(?:^|;\s*)([A-Z][^;,]*?\b(?:Act|Regulations|Order|Rules|Scheme)(?: \([^)]*\))? (\d{4}))"
)
_PEOPLE = {"claimant": "you", "partner": "your partner"}
_NUMBERED_PERSON = re.compile(r"^(child|nondep)(\d+)$")
_PERSON_WORDS = {"child": "child", "nondep": "other adult"}


@dataclass(frozen=True)
class Link:
    text: str
    href: str


@dataclass(frozen=True)
class ParameterShown:
    """A rate or limit from the law that a step used, with the date it applies from."""

    name: str
    value_text: str
    applies_from: date
    link: Link | None
    source: str | None

    @property
    def applies_from_text(self) -> str:
        return _date_words(self.applies_from)

    @property
    def sentence(self) -> str:
        return f"{_sentence_case(self.name.rstrip('.'))}: {self.value_text} (from {self.applies_from_text})"


@dataclass(frozen=True)
class ExplainedStep:
    """One line of "How we worked this out", and the lines beneath it."""

    key: str
    label: str
    sentence: str
    value_text: str
    amount: Decimal | None
    period: Period | None
    person: str | None
    notes: tuple[str, ...]
    link: Link | None
    parameters: tuple[ParameterShown, ...]
    cannot: str | None
    steps: tuple[ExplainedStep, ...]
    more_detail: bool
    """True when this step rests on further steps that are not shown (too deep, or shown above)."""

    @property
    def period_words(self) -> str | None:
        """'a week', 'a month', 'a year' (None for a step that is not an amount of money)."""
        return self.period.noun if self.period is not None else None

    def walk(self) -> Iterator[ExplainedStep]:
        """This step and every step beneath it, in reading order."""
        yield self
        for step in self.steps:
            yield from step.walk()


@dataclass(frozen=True)
class Explanation:
    """The whole of "How we worked this out" for one amount.

    `summary` is the amount itself ("Universal Credit: £1,405.63 a month"); `steps` are
    what it was worked out from, each with its own `steps`; `links` are every rule cited
    on the way, without repeats, for a "The law" list.
    """

    summary: ExplainedStep
    steps: tuple[ExplainedStep, ...]
    links: tuple[Link, ...]

    def walk(self) -> Iterator[ExplainedStep]:
        return self.summary.walk()


def explain_trace(trace: Mapping[str, Any] | Step, *, max_depth: int = DEFAULT_DEPTH) -> Explanation:
    """Plain English for a trace (a dict from `step_to_dict`, or the engine's Step itself).

    `max_depth` is how many levels beneath the amount are shown; a step repeated in the
    trace (the same rule for the same person) is shown the first time only.
    """
    data = step_to_dict(trace) if isinstance(trace, Step) else trace
    shown: set[tuple[str, str | None]] = set()
    summary = _explain(data, 0, max_depth, shown)
    links: dict[str, Link] = {}
    for step in summary.walk():
        for link in (step.link, *(p.link for p in step.parameters)):
            if link is not None:
                links.setdefault(link.href, link)
    return Explanation(summary, summary.steps, tuple(links.values()))


def explain_item(item: Mapping[str, Any], *, max_depth: int = DEFAULT_DEPTH) -> Explanation | None:
    """The explanation for one item of `result_to_dict(...)["items"]` (None when it has no trace)."""
    trace = item.get("trace")
    return explain_trace(trace, max_depth=max_depth) if trace else None


def _explain(data: Mapping[str, Any], depth: int, max_depth: int, shown: set[tuple[str, str | None]]) -> ExplainedStep:
    shown.add((data["variable"], data.get("person")))
    period = Period(data["period"]) if data.get("period") else None
    notes = [str(n) for n in data.get("notes") or ()]
    link, notes = _link_for(data.get("legislation"), data["label"], notes, data.get("parameters") or ())
    cannot = data.get("cannot")
    value_text = _value_text(data.get("value"), period)
    amount = _amount(data.get("value")) if period is not None else None
    who = _person_words(data.get("person"))
    label = _sentence_case(data["label"]) + (f" ({who})" if who else "")
    if cannot:
        sentence = f"{label}: not worked out. {_sentence_case(cannot)}"
    else:
        sentence = f"{label}: {value_text}"

    children: list[ExplainedStep] = []
    more = False
    for child in data.get("inputs") or ():
        key = (child["variable"], child.get("person"))
        if key in shown:
            more = True
            continue
        if depth + 1 > max_depth:
            more = True
            continue
        children.append(_explain(child, depth + 1, max_depth, shown))
    return ExplainedStep(
        key=data["variable"],
        label=data["label"],
        sentence=sentence,
        value_text=value_text,
        amount=amount,
        period=period,
        person=data.get("person"),
        notes=tuple(notes),
        link=link,
        parameters=_parameters(data.get("parameters") or ()),
        cannot=cannot,
        steps=tuple(children),
        more_detail=more,
    )


# Values ---------------------------------------------------------------------------


def _decimal(value: Any) -> Decimal | None:
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, Decimal):
        return value
    if isinstance(value, int):
        return Decimal(value)
    if isinstance(value, str):
        if value in ("inf", "Infinity"):
            return Decimal("Infinity")
        try:
            return Decimal(value)
        except InvalidOperation:
            return None
    return None


def _amount(value: Any) -> Decimal | None:
    number = _decimal(value)
    return number if number is not None and number.is_finite() else None


def _value_text(value: Any, period: Period | None) -> str:
    if isinstance(value, bool):
        return "yes" if value else "no"
    if value is None:
        return "none"
    number = _decimal(value)
    if number is not None:
        if period is not None:
            return format_money(number) + " " + period.noun if number.is_finite() else "no limit"
        return _plain_number(number)
    if isinstance(value, str):
        return value.replace("_", " ") if re.fullmatch(r"[a-z0-9_]+", value) else value
    if isinstance(value, Mapping):
        return "; ".join(f"{_words(k)}: {_value_text(v, period)}" for k, v in value.items())
    if isinstance(value, (list, tuple)):
        return "; ".join(_value_text(v, period) for v in value)
    return str(value)


def _plain_number(number: Decimal) -> str:
    if not number.is_finite():
        return "no limit"
    normal = number.normalize()
    return f"{normal:,f}" if normal == normal.to_integral() else f"{normal:f}"


_MONTHS = re.compile(
    r"\b(january|february|march|april|may|june|july|august|september|october|november|december)\b"
)


def _words(key: str) -> str:
    """'first_child_born_before_6_april_2017' -> 'first child born before 6 April 2017'."""
    return _MONTHS.sub(lambda m: m[1].capitalize(), key.replace("_", " "))


def _parameter_value_text(value: Any, unit: str | None, period: str | None) -> str:
    """A rate, limit or table of them, in words: '20%', '£424.90 a month', 'single under 25: £338.58 a month; …'."""
    if isinstance(value, Mapping):
        return "; ".join(f"{_words(str(k))}: {_parameter_leaf(k, v, unit, period)}" for k, v in value.items())
    if isinstance(value, (list, tuple)):
        if all(isinstance(v, Mapping) and "rate" in v and "threshold" in v for v in value):
            return "; ".join(
                f"{_parameter_leaf('rate', v['rate'], unit, period)} from "
                f"{_parameter_leaf('threshold', v['threshold'], unit, period)}"
                for v in value
            )
        return "; ".join(_parameter_value_text(v, unit, period) for v in value)
    return _parameter_leaf("", value, unit, period)


def _parameter_leaf(key: str, value: Any, unit: str | None, period: str | None) -> str:
    if isinstance(value, bool):
        return "yes" if value else "no"
    if value == "unverified":
        return "not yet confirmed"
    number = _decimal(value)
    if number is None:
        return _words(str(value))
    if not number.is_finite():
        return "no limit"
    key = str(key)
    if unit == "ratio" or "rate" in key:
        return f"{_plain_number(number * 100)}%"
    moneyish = any(word in key for word in ("limit", "threshold", "from", "step", "amount", "allowance"))
    if unit == "currency" or (unit == "bands" and moneyish):
        text = format_money(number)
        return f"{text} {Period(period).noun}" if period and key not in ("week", "month", "year") else text
    return _plain_number(number)


@cache
def _parameter_file(path: str) -> parameters.ParameterFile | None:
    try:
        found = parameters.node(path)
    except KeyError:
        return None
    return found if isinstance(found, parameters.ParameterFile) else None


def _parameters(used: Any) -> tuple[ParameterShown, ...]:
    """Each parameter a step read, once (a rule may read the same rate twice)."""
    seen: dict[tuple[str, str], ParameterShown] = {}
    for data in used:
        key = (str(data["parameter"]), str(data["in_force_from"]))
        if key not in seen:
            seen[key] = _parameter(data)
    return tuple(seen.values())


def _parameter(data: Mapping[str, Any]) -> ParameterShown:
    file = _parameter_file(data["parameter"])
    unit = file.unit if file is not None else None
    period = file.period if file is not None else None
    if file is None and not isinstance(data.get("value"), (Mapping, list, tuple)):
        value_text = str(data.get("text") or data.get("value"))
    else:
        value_text = _parameter_value_text(data.get("value"), unit, period)
    leg = data.get("legislation") or {}
    link = Link(str(leg["title"]), str(leg["href"])) if leg.get("href") else None
    applies = data["in_force_from"]
    return ParameterShown(
        name=str(data.get("description") or data["parameter"]).split(". ")[0],
        value_text=value_text,
        applies_from=applies if isinstance(applies, date) else date.fromisoformat(str(applies)),
        link=link,
        source=data.get("source"),
    )


# Words ----------------------------------------------------------------------------


def _sentence_case(text: str) -> str:
    return text[:1].upper() + text[1:]


def _date_words(day: date) -> str:
    return f"{day.day} {day:%B %Y}"


def _person_words(person: str | None) -> str | None:
    if not person:
        return None
    if person in _PEOPLE:
        return _PEOPLE[person]
    numbered = _NUMBERED_PERSON.match(person)
    if numbered:
        return f"{_PERSON_WORDS[numbered[1]]} {numbered[2]}"
    return person


# Links ----------------------------------------------------------------------------


@cache
def _instrument_names() -> dict[str, str]:
    """Each instrument's name, read from the legislation titles of the parameter files.

    A title such as "Universal Credit Regulations 2013, reg. 36" names uksi/2013/376 when
    its href points there and the year in the name matches the year in the href.
    """
    seen: dict[str, Counter[str]] = {}
    for file in parameters.all_files():
        href = file.legislation_href or ""
        if not href.startswith(LEGISLATION):
            continue
        parts = href[len(LEGISLATION):].split("/")
        if len(parts) < 3:
            continue
        instrument = "/".join(parts[:3])
        for match in _INSTRUMENT_NAME.finditer(file.legislation_title):
            if match[2] == parts[1]:
                seen.setdefault(instrument, Counter())[match[1].strip()] += 1
                break
    names = dict(_KNOWN_INSTRUMENTS)
    for instrument, counts in seen.items():
        names[instrument] = max(counts, key=lambda name: (counts[name], len(name)))
    return names


def legislation_link_text(href: str) -> str:
    """'Universal Credit Regulations 2013, regulation 36' for .../uksi/2013/376/regulation/36."""
    if not href.startswith(LEGISLATION):
        return urlparse(href).netloc or href
    parts = href[len(LEGISLATION):].split("#")[0].strip("/").split("/")
    if len(parts) < 3:
        return "legislation.gov.uk"
    kind, year, number = parts[:3]
    instrument = "/".join(parts[:3])
    name = _instrument_names().get(instrument) or _KIND_OF_INSTRUMENT.get(kind, "{kind} {year}/{number}").format(
        kind=kind, year=year, number=number
    )
    provision = []
    rest = parts[3:]
    for word, ref in zip(rest[::2], rest[1::2]):
        if word in _PROVISION_WORDS:
            provision.append(f"{_PROVISION_WORDS[word]} {ref}")
    if len(rest) % 2 and rest[-1] in _PROVISION_WORDS:  # a whole schedule or part with no number after it
        provision.append(_PROVISION_WORDS[rest[-1]])
    return f"{name}, {', '.join(provision)}" if provision else name


def _link_for(
    href: str | None, label: str, notes: list[str], params: Any
) -> tuple[Link | None, list[str]]:
    """The step's link, and its notes less any "see …" note that became the link's words.

    A council scheme is cited by a full link, and its rule notes which paragraph it
    applies ("see Demo scheme para. 5 (maximum reduction and band cap)"): those words
    name the link. A step whose link is a parameter's uses that parameter's title.
    """
    if not href:
        return None, notes
    if href.startswith(LEGISLATION):
        return Link(legislation_link_text(href), href), notes
    for note in notes:
        if note.lower().startswith("see "):
            rest = [n for n in notes if n is not note]
            return Link(_sentence_case(note[4:].strip()), href), rest
    for p in params:
        leg = p.get("legislation") or {}
        if leg.get("href") == href and leg.get("title"):
            return Link(str(leg["title"]), href), notes
    return Link(f"The rules for {label} ({urlparse(href).netloc})", href), notes
