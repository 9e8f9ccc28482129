"""Dated, sourced parameters read from YAML.

A parameter file holds values that each apply from their date until the next one; asking
for a date before the first raises NotInForce rather than guessing. The whole tree is
read once, on first use, and kept: calculations never touch the disk.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation
from functools import cache
from pathlib import Path
from typing import Any

import yaml

try:
    _Loader: type = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - libyaml missing
    _Loader = yaml.SafeLoader

ROOT = Path(__file__).resolve().parent.parent / "parameters"
LEGISLATION = "https://www.legislation.gov.uk/"
UNITS = {"currency", "ratio", "count", "age", "bool", "text", "bands", "date", "hours"}
PERIODS = {"week", "month", "year", None}


class NotInForce(LookupError):
    """No value of the parameter applies on the date asked for."""


class ParameterError(ValueError):
    """A parameter file is malformed; the message says which file and what is wrong."""


class ParamMap(dict):
    """A mapping value whose entries can also be read as attributes."""

    def __getattr__(self, name: str) -> Any:
        try:
            return self[name]
        except KeyError:
            raise AttributeError(name) from None


def legislation_href(ref: str | None) -> str | None:
    """A full link from a legislation.gov.uk path such as 'uksi/2013/376/regulation/22'."""
    if not ref:
        return None
    return ref if ref.startswith(("http://", "https://")) else LEGISLATION + ref.lstrip("/")


def _convert(value: Any, where: str) -> Any:
    if isinstance(value, str):
        if value in ("inf", "Infinity"):
            return Decimal("Infinity")
        try:
            return Decimal(value)
        except InvalidOperation:
            return value
    if isinstance(value, float):
        raise ParameterError(f"{where}: write numbers as quoted strings, not {value!r} (floats lose pennies)")
    if isinstance(value, dict):
        return ParamMap({str(k): _convert(v, f"{where}.{k}") for k, v in value.items()})
    if isinstance(value, list):
        return tuple(_convert(v, f"{where}[{i}]") for i, v in enumerate(value))
    return value


@dataclass(frozen=True)
class Dated:
    start: date
    value: Any
    source: str


@dataclass
class ParameterFile:
    path: str
    description: str
    unit: str
    period: str | None
    legislation_title: str
    legislation_href: str | None
    values: list[Dated]
    last_checked: date | None
    _starts: list[date] = field(default_factory=list, repr=False)

    def __post_init__(self) -> None:
        self.values.sort(key=lambda d: d.start)
        self._starts = [d.start for d in self.values]

    def at(self, on: date) -> Dated:
        i = bisect.bisect_right(self._starts, on) - 1
        if i < 0:
            raise NotInForce(f"{self.path} has no value in force on {on.isoformat()}")
        return self.values[i]


@dataclass
class ParameterFolder:
    path: str
    children: dict[str, ParameterFile | ParameterFolder] = field(default_factory=dict)


def parse_file(path: str, raw: Any, where: str) -> ParameterFile:
    if not isinstance(raw, dict):
        raise ParameterError(f"{where}: a parameter file must be a mapping")
    missing = [k for k in ("description", "unit", "legislation", "values") if k not in raw]
    if missing:
        raise ParameterError(f"{where}: missing {', '.join(missing)}")
    leg = raw["legislation"]
    if isinstance(leg, list):
        leg = leg[0] if leg else {}
    if not isinstance(leg, dict) or not leg.get("title") or not leg.get("href"):
        raise ParameterError(f"{where}: legislation needs a title and an href")
    if not isinstance(raw["values"], dict) or not raw["values"]:
        raise ParameterError(f"{where}: values must map dates to {{value, source}}")
    dated = []
    for start, entry in raw["values"].items():
        if not isinstance(start, date):
            raise ParameterError(f"{where}: {start!r} is not a date (write YYYY-MM-DD)")
        if not isinstance(entry, dict) or "value" not in entry:
            raise ParameterError(f"{where}: the value from {start} must be {{value: ..., source: ...}}")
        if not entry.get("source"):
            raise ParameterError(f"{where}: the value from {start} has no source")
        dated.append(Dated(start, _convert(entry["value"], f"{where} {start}"), str(entry["source"])))
    return ParameterFile(
        path=path,
        description=str(raw["description"]).strip(),
        unit=str(raw["unit"]),
        period=raw.get("period"),
        legislation_title=str(leg["title"]),
        legislation_href=legislation_href(str(leg["href"])),
        values=dated,
        last_checked=raw.get("last_checked"),
    )


def parameter_paths(root: Path = ROOT) -> list[Path]:
    """Every parameter file: YAML that is neither a case file nor private data ('_' prefix)."""
    return sorted(
        p
        for p in root.rglob("*.yaml")
        if not p.name.endswith(".cases.yaml")
        and not any(part.startswith("_") for part in p.relative_to(root).parts)
    )


@cache
def tree(root: Path = ROOT) -> ParameterFolder:
    top = ParameterFolder("")
    for file in parameter_paths(root):
        rel = file.relative_to(root).with_suffix("")
        parts = list(rel.parts)
        folder = top
        for part in parts[:-1]:
            child = folder.children.get(part)
            if child is None:
                child = folder.children[part] = ParameterFolder(f"{folder.path}.{part}".lstrip("."))
            if not isinstance(child, ParameterFolder):
                raise ParameterError(f"{file}: {part} is both a file and a folder")
            folder = child
        dotted = ".".join(parts)
        with file.open(encoding="utf-8") as fh:
            raw = yaml.load(fh, Loader=_Loader)
        folder.children[parts[-1]] = parse_file(dotted, raw, str(file.relative_to(root.parent)))
    return top


@cache
def node(path: str) -> ParameterFile | ParameterFolder:
    current: ParameterFile | ParameterFolder = tree()
    for part in path.split("."):
        if not isinstance(current, ParameterFolder) or part not in current.children:
            raise KeyError(f"no parameter {path!r}")
        current = current.children[part]
    return current


def all_files(folder: ParameterFolder | None = None) -> list[ParameterFile]:
    folder = folder or tree()
    out: list[ParameterFile] = []
    for child in folder.children.values():
        out.extend(all_files(child) if isinstance(child, ParameterFolder) else [child])
    return out


@cache
def load_data(relative: str) -> Any:
    """Read a private data file (for example a council scheme) under parameters/, once."""
    with (ROOT / relative).open(encoding="utf-8") as fh:
        return yaml.load(fh, Loader=_Loader)
