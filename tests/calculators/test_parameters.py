"""Lint every parameter file: dated values, each with a source; a legislation link; a check date."""

import subprocess
import sys
from datetime import date
from decimal import Decimal

import pytest
import yaml

from calculators.core import parameters
from calculators.core.parameters import ROOT, NotInForce, ParameterError, parameter_paths, parse_file

FILES = parameter_paths()


@pytest.mark.parametrize("path", FILES, ids=[p.relative_to(ROOT).as_posix() for p in FILES])
def test_parameter_file_is_complete_and_sourced(path):
    raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    pf = parse_file(path.stem, raw, path.name)  # raises ParameterError naming the problem
    assert pf.unit in parameters.UNITS, f"unit {pf.unit!r} is not one of {sorted(parameters.UNITS)}"
    assert pf.period in parameters.PERIODS, f"period {pf.period!r} must be week, month, year or empty"
    assert pf.legislation_href and pf.legislation_href.startswith("https://"), "legislation needs an https link"
    assert isinstance(raw.get("last_checked"), date), "last_checked must be a date"
    for dated in pf.values:
        assert dated.source.startswith("https://"), f"the value from {dated.start} needs a source link"


def test_a_value_holds_from_its_date_until_the_next():
    pf = parse_file(
        "x",
        {
            "description": "d",
            "unit": "ratio",
            "legislation": {"title": "t", "href": "uksi/2013/376/regulation/22"},
            "values": {
                date(2017, 4, 10): {"value": "0.63", "source": "https://a"},
                date(2021, 11, 24): {"value": "0.55", "source": "https://b"},
            },
        },
        "x.yaml",
    )
    assert pf.at(date(2021, 11, 23)).value == Decimal("0.63")
    assert pf.at(date(2021, 11, 24)).value == Decimal("0.55")
    with pytest.raises(NotInForce):
        pf.at(date(2017, 4, 9))
    assert pf.legislation_href == "https://www.legislation.gov.uk/uksi/2013/376/regulation/22"


@pytest.mark.parametrize(
    "broken, message",
    [
        ({"unit": "ratio", "legislation": {"title": "t", "href": "h"}, "values": {}}, "missing description"),
        ({"description": "d", "unit": "ratio", "legislation": {"title": "t"}, "values": {date(2020, 1, 1): {"value": "1", "source": "s"}}}, "title and an href"),
        ({"description": "d", "unit": "ratio", "legislation": {"title": "t", "href": "h"}, "values": {date(2020, 1, 1): {"value": "1"}}}, "has no source"),
        ({"description": "d", "unit": "ratio", "legislation": {"title": "t", "href": "h"}, "values": {date(2020, 1, 1): {"value": 0.5, "source": "s"}}}, "floats lose pennies"),
        ({"description": "d", "unit": "ratio", "legislation": {"title": "t", "href": "h"}, "values": {"soon": {"value": "1", "source": "s"}}}, "is not a date"),
    ],
)
def test_malformed_parameter_files_are_explained(broken, message):
    with pytest.raises(ParameterError, match=message):
        parse_file("x", broken, "x.yaml")


def test_the_engine_imports_nothing_from_the_web_layer():
    code = (
        "import sys, calculators; "
        "bad = [m for m in sys.modules if m.split('.')[0] in ('app', 'fastapi', 'starlette', 'sqlalchemy', 'jinja2')]; "
        "print(','.join(bad))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""
