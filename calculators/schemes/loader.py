"""Reading and checking council scheme files, with mistakes explained in plain words.

`check_file(path)` returns a list of problems, each naming the field (as a dotted path such as
`banded.tables[2].bands[0].discount`) and saying what to write instead; an empty list means the file is
good. `load_scheme(path)` returns the Scheme or raises SchemeError carrying those problems.
"""

from __future__ import annotations

from datetime import date
from functools import cache
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from calculators.core.parameters import ROOT

from .model import Scheme

COUNCILS = ROOT / "council"
PATTERN = "_ctr-*.yaml"


class SchemeError(ValueError):
    """A scheme file has mistakes; `problems` lists each in plain English."""

    def __init__(self, path: Path | str, problems: list[str]) -> None:
        super().__init__(f"{path}: " + "; ".join(problems))
        self.path = str(path)
        self.problems = problems


def _where(loc: tuple[Any, ...]) -> str:
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            part = "from" if part == "from_" else str(part)
            # pydantic names the branch of a union it tried; the officer only needs the field
            if part in ("NonDependantDeductions", "literal['unverified']", "str", "decimal") or part.startswith(("function-", "Decimal")):
                continue
            out += ("." if out else "") + part
    return out or "the file"


def _plain(error: dict[str, Any], raw: Any) -> str | None:
    where = _where(tuple(error["loc"]))
    kind = error["type"]
    message = str(error.get("msg", ""))
    if message.startswith(("Value error, ", "Assertion failed, ")):
        message = message.split(", ", 1)[1]
    given = error.get("input")
    if kind == "missing":
        return f"`{where}` is missing: add it"
    if kind == "extra_forbidden":
        return f"`{where}` is not a field we know: check its spelling and indentation"
    if kind == "literal_error":
        expected = error.get("ctx", {}).get("expected", "")
        return f"`{where}` must be one of {expected}, not {given!r}"
    if kind in ("int_parsing", "int_type", "int_from_float"):
        return f"`{where}` must be a whole number, not {given!r}"
    if kind in ("date_type", "date_parsing", "date_from_datetime_parsing"):
        return f"`{where}` must be a date written YYYY-MM-DD, not {given!r}"
    if kind in ("bool_type", "bool_parsing"):
        return f"`{where}` must be true or false, not {given!r}"
    if kind in ("model_type", "dict_type"):
        return f"`{where}` must be a block of fields (indented under it), not {given!r}"
    if kind in ("list_type",):
        return f"`{where}` must be a list (lines starting with '- '), not {given!r}"
    if kind in ("too_short",):
        return f"`{where}` must not be empty"
    if kind in ("string_too_short",):
        return f"`{where}` is too short: write it out in full"
    if kind in ("greater_than_equal", "less_than_equal"):
        return f"`{where}` {message.lower()}, not {given!r}"
    if kind == "string_type":
        return f"`{where}` must be text, not {given!r}"
    if where == "the file":
        return message
    return f"`{where}` {message}"


def problems_in(raw: Any, *, path: Path | None = None) -> list[str]:
    """Every mistake in a scheme (as read from YAML), in plain English; empty when it is good."""
    if not isinstance(raw, dict):
        return ["the file must be a block of fields (council, name, year, ...), not a list or a single value"]
    problems: list[str] = []
    try:
        scheme = Scheme.model_validate(raw)
    except ValidationError as exc:
        seen: set[str] = set()
        for error in exc.errors():
            text = _plain(error, raw)
            if text and text not in seen:
                seen.add(text)
                problems.append(text)
        # a union (non-dependant deductions) reports each branch; keep the useful ones
        return [p for p in problems if "'unverified'" not in p or len(problems) == 1]
    if path is not None:
        folder = path.parent.name
        if path.parent.parent.name == "council" and folder != scheme.council:
            problems.append(f"`council` is {scheme.council!r} but the file is in the folder {folder!r}: they must match")
        expected = f"_ctr-{scheme.year}.yaml"
        if path.name != expected:
            problems.append(f"the file for {scheme.year} must be called {expected} (it is {path.name})")
    return problems


def read_yaml(path: Path) -> Any:
    try:
        with path.open(encoding="utf-8") as fh:
            return yaml.safe_load(fh)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        at = f" at line {mark.line + 1}" if mark is not None else ""
        raise SchemeError(path, [f"this is not valid YAML{at}: check the indentation and quotes ({getattr(exc, 'problem', exc)})"]) from None


def check_file(path: Path | str) -> list[str]:
    path = Path(path)
    if not path.exists():
        return [f"there is no file {path}"]
    try:
        raw = read_yaml(path)
    except SchemeError as exc:
        return exc.problems
    return problems_in(raw, path=path)


@cache
def load_scheme(path: Path) -> Scheme:
    raw = read_yaml(path)
    problems = problems_in(raw, path=path)
    if problems:
        raise SchemeError(path, problems)
    return Scheme.model_validate(raw)


def scheme_paths(root: Path = COUNCILS) -> list[Path]:
    return sorted(root.glob(f"*/{PATTERN}"))


@cache
def _schemes_by_council(root: Path) -> dict[str, list[Scheme]]:
    """Every council's schemes, read once: the files do not change while the engine runs."""
    found: dict[str, list[Scheme]] = {}
    for path in scheme_paths(root):
        found.setdefault(path.parent.name, []).append(load_scheme(path))
    return found


def schemes_for(council: str, root: Path = COUNCILS) -> list[Scheme]:
    return list(_schemes_by_council(root).get(council, []))


def scheme_for(council: str, on: date, root: Path = COUNCILS) -> Scheme | None:
    """The council's scheme in force on the date: the latest that has started and not ended."""
    found = [s for s in schemes_for(council, root) if s.covers(on)]
    return max(found, key=lambda s: s.starts) if found else None
