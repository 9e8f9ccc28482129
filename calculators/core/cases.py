"""YAML rule cases: a household, a date and the exact values the law gives.

A case file (`*.cases.yaml`, beside the parameters it exercises) is a list of:

    - name: Single 25+, earns £1,000 a month
      legislation: uksi/2013/376/regulation/22
      on: 2025-05-01            # or period: 2025-05 (the first of the month)
      input: {...}              # a Household
      output: {uc_income_reduction: "173.80", "it_income_tax[claimant]": "0.00"}
      cannot: {hb_award: "supported accommodation"}   # optional: must not be worked out, reason contains this
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import yaml

from .calc import Calc, CannotCalculate
from .household import Household
from .money import pennies
from .parameters import ROOT

_KEY = re.compile(r"^(?P<name>\w+)(?:\[(?P<person>\w+)\])?$")


@dataclass
class Case:
    file: Path
    name: str
    legislation: str
    on: date
    input: dict[str, Any]
    output: dict[str, Any] = field(default_factory=dict)
    cannot: dict[str, str] = field(default_factory=dict)

    @property
    def id(self) -> str:
        return f"{self.file.relative_to(ROOT).as_posix()}::{self.name}"


def _date(raw: dict[str, Any], where: str) -> date:
    on = raw.get("on", raw.get(True))  # YAML 1.1 (PyYAML) reads a bare `on:` key as the boolean True
    if isinstance(on, date):
        return on
    period = str(raw.get("period", ""))
    if re.fullmatch(r"\d{4}-\d{2}", period):
        return date(int(period[:4]), int(period[5:]), 1)
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", period):
        return date.fromisoformat(period)
    raise ValueError(f"{where}: give `on: YYYY-MM-DD` or `period: YYYY-MM`")


def load_cases(root: Path = ROOT) -> list[Case]:
    cases = []
    for file in sorted(root.rglob("*.cases.yaml")):
        with file.open(encoding="utf-8") as fh:
            raw_cases = yaml.safe_load(fh) or []
        for i, raw in enumerate(raw_cases):
            where = f"{file.name} case {i + 1}"
            if not raw.get("name") or not raw.get("legislation"):
                raise ValueError(f"{where}: every case needs a name and the legislation it tests")
            if not raw.get("output") and not raw.get("cannot"):
                raise ValueError(f"{where}: a case must expect an output or a cannot")
            cases.append(
                Case(
                    file=file,
                    name=str(raw["name"]),
                    legislation=str(raw["legislation"]),
                    on=_date(raw, where),
                    input=raw.get("input") or {},
                    output=raw.get("output") or {},
                    cannot=raw.get("cannot") or {},
                )
            )
    return cases


def _person(household: Household, person_id: str | None) -> Any:
    if person_id is None:
        return None
    for p in [*household.adults, *household.children, *household.non_dependants]:
        if p.id == person_id:
            return p
    raise KeyError(f"no person {person_id!r} in the household")


def _same(actual: Any, expected: Any) -> bool:
    if isinstance(actual, Decimal) and not isinstance(expected, bool):
        if str(expected) == "inf":
            return actual == Decimal("Infinity")
        return pennies(actual) == pennies(Decimal(str(expected)))
    return actual == expected


def check(case: Case) -> list[str]:
    """Run one case; return what differs from the expected values (empty when it passes)."""
    household = Household.model_validate(case.input)
    c = Calc(household, case.on)
    problems = []
    for key, expected in case.output.items():
        m = _KEY.match(key)
        if not m:
            problems.append(f"{key}: not a variable name")
            continue
        try:
            actual = c(m["name"], person=_person(household, m["person"]))
        except CannotCalculate as exc:
            problems.append(f"{key}: expected {expected}, but it cannot be worked out: {exc.reason}")
            continue
        if not _same(actual, expected):
            problems.append(f"{key}: expected {expected}, got {actual}")
    for key, fragment in case.cannot.items():
        m = _KEY.match(key)
        assert m, key
        try:
            actual = c(m["name"], person=_person(household, m["person"]))
            problems.append(f"{key}: expected it to be impossible to work out, got {actual}")
        except CannotCalculate as exc:
            if str(fragment).lower() not in exc.reason.lower():
                problems.append(f"{key}: reason {exc.reason!r} does not mention {fragment!r}")
    return problems
