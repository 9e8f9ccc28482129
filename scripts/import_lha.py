"""Write the Local Housing Allowance parameter files for every Broad Rental Market Area from the published tables.

The rates are facts published each year for April to March:
- weekly (Housing Benefit): the Valuation Office Agency for England, Rent Officers Wales (Welsh
  Government) for Wales, Rent Service Scotland (Scottish Government) for Scotland;
- monthly (Universal Credit): the Department for Work and Pensions' "Universal Credit Local Housing
  Allowance rates" tables, one per nation.

The `policyengine-uk` package on PyPI ships those tables already read into one file, with the
publisher, title and address of each table it was read from. Get it and run this script:

    pip download policyengine-uk --no-deps -d /tmp/pe && cd /tmp/pe && unzip -q -d x policyengine_uk-*.whl
    PYTHONPATH=$PWD python scripts/import_lha.py --package /tmp/pe/x/policyengine_uk

It reads, from the package:
- parameters/gov/dwp/LHA/lha_published_rates.csv.gz (year, brma, lha_category A-E, weekly `rate`,
  monthly `uc_rate`);
- parameters/gov/dwp/LHA/lha_published_rates_sources.csv (each table's publisher, title, address);
- variables/household/demographic/locations.py, only for the list of official BRMA names (the
  `BRMAName` enum, England first, then sections headed "# Northern Ireland", "# Scotland", "# Wales").

and writes, for every BRMA in England, Wales and Scotland (Northern Ireland's LHA is set under
different legislation and is not covered):
- calculators/parameters/dwp/housing/lha/<slug>.yaml          weekly, `dwp.housing.lha.<slug>`
- calculators/parameters/dwp/housing/lha_monthly/<slug>.yaml  monthly, `dwp.housing.lha_monthly.<slug>`
- calculators/parameters/dwp/housing/lha/_brmas.yaml          slug -> official name and nation

Each value's `source` is the publisher's own page for that nation's table for that year (gov.uk,
gov.wales or gov.scot, never the package); a comment beside it names the table file. The slug is
the BRMA's name in lower case with hyphens (e.g. "Inner South East London" -> inner-south-east-london).
Run it again with a new year in YEARS when the next tables are published; the tests in
tests/calculators/test_lha_rates.py then check every BRMA has every category for every year.
"""

from __future__ import annotations

import argparse
import csv
import gzip
import re
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "calculators" / "parameters" / "dwp" / "housing"

#: Table year (April of that year to March of the next) -> the date its rates take effect.
YEARS = {2024: "2024-04-01", 2025: "2025-04-01", 2026: "2026-04-01"}
#: Why each year's figures are what they are.
YEAR_NOTES = {
    2024: "Determined on 31 January 2024 (the 30th percentile of local rents, up to the national maximum)",
    2025: "Frozen: the 2025 LHA is the allowance determined on 31 January 2024 "
          "(Rent Officers (HB and UC Functions) (Modification) Order 2025, SI 2025/5)",
    2026: "Frozen again for 2026 (Rent Officers (HB and UC Functions) (Modification) Order 2026, SI 2026/5)",
}
CATEGORIES = {"A": "shared", "B": "one_bedroom", "C": "two_bedrooms", "D": "three_bedrooms", "E": "four_bedrooms"}
NATIONS = ("england", "wales", "scotland")
#: The rent officers' order for the weekly (Housing Benefit) LHA in each nation; UC's monthly LHA is one GB order.
WEEKLY_LEGISLATION = {
    "england": ("Rent Officers (Housing Benefit Functions) Order 1997, Sch. 3B (weekly LHA)", "uksi/1997/1984/schedule/3B"),
    "wales": ("Rent Officers (Housing Benefit Functions) Order 1997, Sch. 3B (weekly LHA)", "uksi/1997/1984/schedule/3B"),
    "scotland": ("Rent Officers (Housing Benefit Functions) (Scotland) Order 1997, Sch. 3B (weekly LHA)",
                 "uksi/1997/1995/schedule/3B"),
}
MONTHLY_LEGISLATION = ("Rent Officers (Universal Credit Functions) Order 2013, Sch. 1 (monthly LHA)", "uksi/2013/382/schedule/1")
#: Which source row of the sources file gives each nation's weekly and monthly table.
WEEKLY_PARSER = {"england": "voa", "wales": "rent_officers_wales", "scotland": "gov_scot"}
GOVERNMENT_HOSTS = ("www.gov.uk", "assets.publishing.service.gov.uk", "www.gov.wales", "www.gov.scot")


def slug_of(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", name.lower().replace("&", " ")).strip("-")


def read_names(locations: Path) -> dict[str, tuple[str, str]]:
    """Package key (e.g. INNER_SOUTH_EAST_LONDON) -> (official name, nation), from the BRMAName list."""
    text = locations.read_text(encoding="utf-8")
    block = text.split("class BRMAName(Enum):", 1)[1].split("\nclass ", 1)[0]
    nation = "england"
    names: dict[str, tuple[str, str]] = {}
    for line in block.splitlines():
        line = line.strip()
        heading = re.fullmatch(r"#\s*(Northern Ireland|Scotland|Wales|England)", line)
        if heading:
            nation = heading[1].lower().replace(" ", "_")
            continue
        entry = re.fullmatch(r'([A-Z0-9_]+) = "([^"]+)"', line)
        if entry:
            names[entry[1]] = (entry[2], nation)
    return names


def read_sources(path: Path) -> dict[tuple[str, str, int], dict[str, str]]:
    """(nation, 'weekly' | 'monthly', year) -> the source row for that table."""
    out: dict[tuple[str, str, int], dict[str, str]] = {}
    with path.open(encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            nation = row["nation"].lower()
            if nation not in NATIONS or not row["year"].isdigit():
                continue
            year = int(row["year"])
            if row["parser"] == "dwp_uc":
                out[(nation, "monthly", year)] = row
            elif row["parser"] == WEEKLY_PARSER[nation]:
                out[(nation, "weekly", year)] = row
    return out


def read_rates(path: Path) -> dict[tuple[int, str], dict[str, tuple[str, str]]]:
    """(year, package key) -> category -> (weekly rate, monthly rate), as the published strings."""
    out: dict[tuple[int, str], dict[str, tuple[str, str]]] = {}
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            year = int(row["year"])
            if year in YEARS:
                out.setdefault((year, row["brma"]), {})[CATEGORIES[row["lha_category"]]] = (row["rate"], row["uc_rate"])
    return out


def _money(value: str, where: str) -> str:
    if not re.fullmatch(r"\d+\.\d\d", value or ""):
        raise SystemExit(f"{where}: not an amount in pounds and pence: {value!r}")
    return value


def _values_line(rates: dict[str, str]) -> str:
    return "{" + ", ".join(f'{cat}: "{rates[cat]}"' for cat in CATEGORIES.values()) + "}"


def _file(name: str, nation: str, kind: str, per_year: dict[int, dict[str, str]], sources, checked: str) -> str:
    nation_name = {"england": "England", "wales": "Wales", "scotland": "Scotland"}[nation]
    if kind == "weekly":
        description = (f"Weekly Local Housing Allowance (Housing Benefit) for the {name} Broad Rental Market Area "
                       f"({nation_name}), by category (shared accommodation, 1 to 4 bedrooms).")
        period, (title, href) = "week", WEEKLY_LEGISLATION[nation]
    else:
        description = (f"Monthly Local Housing Allowance that Universal Credit uses for the {name} Broad Rental "
                       f"Market Area ({nation_name}), by category (shared accommodation, 1 to 4 bedrooms). The rent "
                       "officer determines it as a monthly figure; it is not the weekly rate x 52 / 12.")
        period, (title, href) = "month", MONTHLY_LEGISLATION
    lines = [
        f"# Generated by scripts/import_lha.py from the published tables; do not edit by hand.",
        "description: >-",
        f"  {description}",
        "unit: currency",
        f"period: {period}",
        f'legislation: {{title: "{title}", href: "{href}"}}',
        "values:",
    ]
    for year, start in YEARS.items():
        source = sources[(nation, kind, year)]
        lines.append(f"  # {YEAR_NOTES[year]}.")
        lines.append(f"  # {source['publisher']}: {source['title']} (table: {source['url']})")
        lines.append(f'  {start}: {{value: {_values_line(per_year[year])}, source: "{source["landing_page"]}"}}')
    lines.append(f"last_checked: {checked}")
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--package", type=Path, default=Path("/tmp/pe/x/policyengine_uk"),
                        help="the unpacked policyengine_uk package folder")
    parser.add_argument("--checked", default=date.today().isoformat(), help="the last_checked date to write")
    args = parser.parse_args()
    lha = args.package / "parameters" / "gov" / "dwp" / "LHA"
    names = read_names(args.package / "variables" / "household" / "demographic" / "locations.py")
    sources = read_sources(lha / "lha_published_rates_sources.csv")
    rates = read_rates(lha / "lha_published_rates.csv.gz")

    for (nation, kind, year) in [(n, k, y) for n in NATIONS for k in ("weekly", "monthly") for y in YEARS]:
        row = sources.get((nation, kind, year))
        if row is None:
            raise SystemExit(f"no {kind} source for {nation} {year}")
        host = re.match(r"https://([^/]+)/", row["landing_page"])
        if not host or host[1] not in GOVERNMENT_HOSTS:
            raise SystemExit(f"{nation} {kind} {year}: {row['landing_page']} is not a government publisher's page")

    brmas: dict[str, tuple[str, str]] = {}
    for key, (name, nation) in names.items():
        if nation not in NATIONS:
            continue
        slug = slug_of(name)
        if slug in brmas:
            raise SystemExit(f"two BRMAs would share the slug {slug!r}")
        weekly: dict[int, dict[str, str]] = {}
        monthly: dict[int, dict[str, str]] = {}
        for year in YEARS:
            table = rates.get((year, key))
            if table is None or set(table) != set(CATEGORIES.values()):
                raise SystemExit(f"{name}: the {year} table does not have all five categories")
            weekly[year] = {c: _money(w, f"{name} {year} {c} weekly") for c, (w, _) in table.items()}
            monthly[year] = {c: _money(m, f"{name} {year} {c} monthly") for c, (_, m) in table.items()}
        (OUT / "lha" / f"{slug}.yaml").write_text(_file(name, nation, "weekly", weekly, sources, args.checked), encoding="utf-8")
        (OUT / "lha_monthly" / f"{slug}.yaml").write_text(_file(name, nation, "monthly", monthly, sources, args.checked),
                                                          encoding="utf-8")
        brmas[slug] = (name, nation)

    keys_in_tables = {key for (_, key) in rates}
    missing = sorted(k for k, (_, n) in names.items() if n in NATIONS and k not in keys_in_tables)
    unnamed = sorted(k for k in keys_in_tables if k not in names)
    if missing or unnamed:
        raise SystemExit(f"BRMA lists disagree: named but no rates {missing}; rates but no name {unnamed}")

    lines = [
        "# Broad Rental Market Areas in England, Wales and Scotland: slug -> official name and nation.",
        "# Generated by scripts/import_lha.py; do not edit by hand. Each has a weekly rate file in lha/<slug>.yaml",
        "# (Housing Benefit) and a monthly one in lha_monthly/<slug>.yaml (Universal Credit). Council profiles",
        "# name BRMAs by the official name; the engine's household input uses the slug.",
        f"# last_checked: {args.checked}",
    ]
    for slug, (name, nation) in sorted(brmas.items()):
        lines.append(f'{slug}: {{name: "{name}", nation: {nation}}}')
    (OUT / "lha" / "_brmas.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    counts = {n: sum(1 for _, nat in brmas.values() if nat == n) for n in NATIONS}
    print(f"wrote {len(brmas)} BRMAs ({', '.join(f'{n} {c}' for n, c in counts.items())}), "
          f"{len(brmas) * 2} rate files, years {', '.join(map(str, YEARS))}")


if __name__ == "__main__":
    main()
