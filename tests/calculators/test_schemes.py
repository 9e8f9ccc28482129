"""Council scheme files: every shipped one is valid, and each kind of mistake is explained in plain words."""

import copy
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from calculators.schemes import check_file, list_schemes, problems_in, scheme_paths
from calculators.schemes.loader import COUNCILS

DEMO = COUNCILS / "demo" / "_ctr-2026-27.yaml"
BANDED = COUNCILS / "barking-and-dagenham" / "_ctr-2026-27.yaml"


def demo() -> dict:
    return yaml.safe_load(DEMO.read_text(encoding="utf-8"))


def banded() -> dict:
    return yaml.safe_load(BANDED.read_text(encoding="utf-8"))


@pytest.mark.parametrize("path", scheme_paths(), ids=lambda p: p.parent.name)
def test_every_shipped_scheme_is_valid(path):
    assert check_file(path) == []


def test_we_ship_six_real_councils_two_of_them_banded_and_the_demo():
    schemes = list_schemes()
    real = [s for s in schemes if not s["fictional"]]
    assert len({s["council"] for s in real}) >= 6
    assert len({s["council"] for s in real if s["kind"] == "banded"}) >= 2
    assert any(s["council"] == "demo" and s["fictional"] for s in schemes)
    for s in schemes:
        assert set(s) >= {"council", "name", "year", "kind", "source"}
        assert s["kind"] in ("classic", "banded")
    for s in real:
        assert s["source"].startswith("https://") and "example.org" not in s["source"]


def test_every_shipped_scheme_has_hand_worked_cases():
    for path in scheme_paths():
        cases = yaml.safe_load((path.parent / "ctr.cases.yaml").read_text(encoding="utf-8"))
        assert len(cases) >= 4, path.parent.name


def broken(change, base=demo):
    raw = base()
    change(raw)
    return problems_in(raw)


def only(problems):
    assert len(problems) == 1, problems
    return problems[0]


def test_a_missing_field_is_named():
    def drop(raw):
        del raw["capital"]["limit"]

    assert only(broken(drop)) == "`capital.limit` is missing: add it"


def test_a_misspelt_field_is_named():
    def typo(raw):
        raw["liability"]["maximum_suport"] = raw["liability"].pop("maximum_support")

    problems = broken(typo)
    assert "`liability.maximum_suport` is not a field we know: check its spelling and indentation" in problems
    assert "`liability.maximum_support` is missing: add it" in problems


def test_an_unquoted_amount_is_refused_because_floats_lose_pennies():
    def unquoted(raw):
        raw["minimum_award"] = 0.5

    message = only(broken(unquoted))
    assert message.startswith("`minimum_award` ")
    assert 'write it in quotes, for example "0.5"' in message


def test_a_percentage_written_as_a_whole_number_is_explained():
    def whole(raw):
        raw["liability"]["maximum_support"] = "80"

    assert only(broken(whole)) == '`liability.maximum_support` is a share of 1: write 80% as "0.8"'


def test_a_percentage_with_a_percent_sign_is_explained():
    def sign(raw):
        raw["classic"]["taper"] = "20%"

    assert '"0.2"' in only(broken(sign))


def test_a_negative_amount_is_refused():
    def negative(raw):
        raw["capital"]["limit"] = "-5"

    assert only(broken(negative)) == "`capital.limit` must not be negative"


def test_fractions_of_a_penny_are_refused():
    def third(raw):
        raw["minimum_award"] = "0.505"

    assert "more than two decimal places" in only(broken(third))


def test_an_unknown_kind_lists_the_choices():
    def kind(raw):
        raw["kind"] = "tapered"

    message = only(broken(kind))
    assert message.startswith("`kind` must be one of 'classic' or 'banded'")


def test_a_classic_scheme_needs_its_classic_block():
    def drop(raw):
        del raw["classic"]

    assert "kind is 'classic' but there is no `classic:` block" in only(broken(drop))


def test_the_year_must_be_a_financial_year():
    def year(raw):
        raw["year"] = "2026"

    assert "must be a financial year written like '2026-27'" in only(broken(year))


def test_the_start_date_must_fall_in_the_year():
    def start(raw):
        raw["year"] = "2025-26"

    assert "starts (2026-04-01) is not in the year 2025-26" in only(broken(start))


def test_a_council_code_must_be_lowercase_and_hyphenated():
    def code(raw):
        raw["council"] = "Bath & NE Somerset"

    assert "`council` must be lowercase words joined by hyphens" in only(broken(code))


def test_a_source_must_be_a_web_link():
    def link(raw):
        raw["source"]["href"] = "scheme.pdf"

    assert only(broken(link)).startswith("`source.href` must be a web link starting https://")


def test_a_fictional_scheme_must_say_so():
    def hide(raw):
        raw["note"] = "A scheme."

    assert "must say so in its note" in only(broken(hide))


def test_non_dependant_steps_must_start_from_nothing_and_go_up():
    def start(raw):
        raw["non_dependant_deductions"]["by_gross_weekly_income"][0]["from"] = "10"

    def order(raw):
        raw["non_dependant_deductions"]["by_gross_weekly_income"][2]["from"] = "100"

    assert 'must start from "0"' in only(broken(start))
    assert "must go up in income" in only(broken(order))


def test_bands_out_of_order_are_named_with_their_household():
    def swap(raw):
        bands = raw["banded"]["tables"][1]["bands"]
        bands[1]["from"], bands[2]["from"] = bands[2]["from"], bands[1]["from"]

    message = only(broken(swap, banded))
    assert message.startswith("`banded.tables[1]` the bands for single people with 1 child must go up in income")


def test_a_household_type_no_table_covers_is_named():
    def drop(raw):
        del raw["banded"]["tables"][2]   # single with 2+ children

    assert "no band table covers a single person with 2 children" in only(broken(drop, banded))


def test_a_household_type_two_tables_cover_is_named():
    def overlap(raw):
        raw["banded"]["tables"][0]["household"]["children"] = "any"

    assert "a single person with 1 child matches more than one table" in only(broken(overlap, banded))


def test_an_unknown_benefit_in_the_disregards_lists_the_choices():
    def benefit(raw):
        raw["classic"]["disregarded_benefits"].append("child_benefitt")

    message = only(broken(benefit))
    assert message.startswith("`classic.disregarded_benefits[12]` must be one of 'state_pension'")


def test_the_folder_and_file_name_must_match_the_council_and_year(tmp_path):
    folder = tmp_path / "council" / "stockport"
    folder.mkdir(parents=True)
    file = folder / "_ctr-2025-26.yaml"
    file.write_text(DEMO.read_text(encoding="utf-8"), encoding="utf-8")
    problems = check_file(file)
    assert "`council` is 'demo' but the file is in the folder 'stockport': they must match" in problems
    assert "the file for 2026-27 must be called _ctr-2026-27.yaml (it is _ctr-2025-26.yaml)" in problems


def test_broken_yaml_says_which_line(tmp_path):
    file = tmp_path / "_ctr-2026-27.yaml"
    file.write_text("council: demo\nname: [unclosed\n", encoding="utf-8")
    (message,) = check_file(file)
    assert message.startswith("this is not valid YAML at line")


def test_the_command_line_checker_reports_each_mistake_and_fails(tmp_path):
    raw = demo()
    raw["liability"]["maximum_support"] = "80"
    del raw["capital"]["limit"]
    file = tmp_path / "_ctr-2026-27.yaml"
    file.write_text(yaml.safe_dump(raw), encoding="utf-8")
    run = subprocess.run([sys.executable, "-m", "calculators.schemes", "check", str(file)],
                         capture_output=True, text=True, cwd=Path(__file__).resolve().parents[2])
    assert run.returncode == 1
    assert "2 mistakes" in run.stdout
    assert "`capital.limit` is missing: add it" in run.stdout
    assert '`liability.maximum_support` is a share of 1: write 80% as "0.8"' in run.stdout


def test_the_command_line_checker_passes_a_good_file():
    run = subprocess.run([sys.executable, "-m", "calculators.schemes", "check", str(DEMO)],
                         capture_output=True, text=True, cwd=Path(__file__).resolve().parents[2])
    assert run.returncode == 0
    assert run.stdout.strip().endswith(": OK")


def test_the_checker_does_not_change_the_data_it_is_given():
    raw = demo()
    before = copy.deepcopy(raw)
    problems_in(raw)
    assert raw == before


def test_a_savings_limit_can_be_marked_unverified_but_not_left_blank():
    def unverified(raw):
        raw["capital"]["limit"] = "unverified"

    def nonsense(raw):
        raw["capital"]["limit"] = "lots"

    assert broken(unverified) == []
    assert "capital.limit" in only(broken(nonsense))


def test_a_banded_scheme_can_count_earnings_alone():
    def earnings_only(raw):
        raw["banded"]["income"]["earned_income_only"] = True

    def not_a_yes_or_no(raw):
        raw["banded"]["income"]["earned_income_only"] = "sometimes"

    assert broken(earnings_only, base=banded) == []
    assert "earned_income_only" in only(broken(not_a_yes_or_no, base=banded))


def test_a_scheme_can_name_households_whose_part_is_not_in_the_calculator():
    paragraph = {"title": "Scheme para. 9 (protected group)", "href": "https://example.gov.uk/scheme.pdf#page=9"}

    def protected(raw):
        raw["not_in_calculator"] = [{"who": "disabled", "paragraph": paragraph, "what": "gives a protected group up to 77% off"}]

    def unknown_group(raw):
        raw["not_in_calculator"] = [{"who": "tall_people", "paragraph": paragraph, "what": "gives a protected group up to 77% off"}]

    def no_reason(raw):
        raw["not_in_calculator"] = [{"who": "carer", "paragraph": paragraph}]

    assert broken(protected, base=banded) == []
    problem = only(broken(unknown_group, base=banded))
    assert "not_in_calculator[0].who" in problem and "'disabled'" in problem and "tall_people" in problem
    assert "not_in_calculator[0].what` is missing" in only(broken(no_reason, base=banded))


def test_we_ship_the_four_london_boroughs_and_at_least_fourteen_real_councils():
    real = {s["council"] for s in list_schemes() if not s["fictional"]}
    assert {"merton", "kingston-upon-thames", "newham", "westminster", "slough"} <= real
    assert {"north-lincolnshire", "lichfield", "wealden"} <= real
    assert len(real) >= 14
