"""Local Housing Allowance for every Broad Rental Market Area in England, Wales and Scotland.

The rate files are written by scripts/import_lha.py from the published tables. These tests check
that every area has every category for 2025-26 and 2026-27, weekly (Housing Benefit) and monthly
(Universal Credit), each value sourced to the publisher for that nation and year; and check a few
areas' figures, copied by hand from the published tables, against what the engine reads.
"""

from datetime import date
from decimal import Decimal
from urllib.parse import urlparse

import pytest

from calculators.core import parameters
from calculators.core.calc import Calc
from calculators.core.household import Household
from calculators.rules.housing import CATEGORIES, brmas

YEARS = {"2025-26": date(2025, 4, 1), "2026-27": date(2026, 4, 1)}
#: Who publishes each nation's weekly table, and DWP's monthly ones (gov.uk for every nation).
WEEKLY_PUBLISHER = {
    "england": "www.gov.uk/government/publications/local-housing-allowance-lha-rates-applicable-from-april-",  # VOA
    "wales": "www.gov.wales/local-housing-allowance-lha-rates-april-",  # Rent Officers Wales
    "scotland": "www.gov.scot/publications/local-housing-allowance-rates",  # Rent Service Scotland
}
MONTHLY_PUBLISHER = "www.gov.uk/government/publications/universal-credit-local-housing-allowance-rates-"
GOVERNMENT_HOSTS = {"www.gov.uk", "www.gov.wales", "www.gov.scot"}


def test_every_brma_in_england_wales_and_scotland_is_listed():
    areas = brmas()
    nations = [info["nation"] for info in areas.values()]
    assert (nations.count("england"), nations.count("wales"), nations.count("scotland")) == (152, 22, 18)
    assert len(areas) == 192
    names = [info["name"] for info in areas.values()]
    assert len(set(names)) == len(names)
    assert {"Central London", "Cardiff", "Greater Glasgow", "Ceredigion", "Highland and Islands"} <= set(names)


@pytest.mark.parametrize("slug", sorted(brmas()))
def test_every_brma_has_all_five_categories_for_both_years_weekly_and_monthly(slug):
    nation = brmas()[slug]["nation"]
    for folder, publisher in (("lha", WEEKLY_PUBLISHER[nation]), ("lha_monthly", MONTHLY_PUBLISHER)):
        node = parameters.node(f"dwp.housing.{folder}.{slug}")
        for label, start in YEARS.items():
            dated = node.at(start)
            assert dated.start == start, f"{folder}/{slug}: no value from {start} ({label})"
            assert tuple(dated.value) == CATEGORIES
            assert all(isinstance(v, Decimal) and v > 0 and v == v.quantize(Decimal("0.01")) for v in dated.value.values())
            # A bigger home never has a lower allowance (the shared rate is for one room in a shared house).
            assert list(dated.value.values()) == sorted(dated.value.values())
            url = urlparse(dated.source)
            assert url.scheme == "https" and url.hostname in GOVERNMENT_HOSTS, dated.source
            assert (url.hostname + url.path).startswith(publisher), f"{folder}/{slug} {label}: {dated.source}"
            first, second = label.split("-")
            assert first in url.path and ("20" + second) in url.path, f"{folder}/{slug}: {label} source is {dated.source}"


@pytest.mark.parametrize("slug", sorted(brmas()))
def test_rates_are_frozen_at_the_april_2024_determination(slug):
    # SIs 2025/5 and 2026/5: the LHA for 2025 and for 2026 is the one determined on 31 January 2024.
    for folder in ("lha", "lha_monthly"):
        node = parameters.node(f"dwp.housing.{folder}.{slug}")
        assert node.at(date(2024, 4, 1)).value == node.at(date(2025, 4, 1)).value == node.at(date(2026, 4, 1)).value


# Copied by hand from the published tables: the weekly figures from VOA "LHA rates applicable from
# April 2025 to March 2026" Table 4, Rent Officers Wales "LHA rates from April 2025 to March 2026"
# and Rent Service Scotland "LHA rates 2025-2026"; the monthly ones from DWP "Universal Credit Local
# Housing Allowance rates 2025 to 2026" (England, Wales and Scotland tables). Order: shared, 1, 2, 3, 4 bedrooms.
PUBLISHED_2025 = {
    # Central London's weekly 1-4 bedroom rates are the national maxima in Sch. 3B para. 2(2)
    # (£331.39, £331.39, £412.86, £497.10, £704.22); its 30th percentile rents are higher.
    "central-london": (("190.97", "331.39", "412.86", "497.10", "704.22"),
                       ("829.83", "1439.97", "1793.98", "2160.02", "3060.00")),
    "cardiff": (("84.25", "149.59", "189.86", "212.88", "299.18"),
                ("366.10", "650.00", "825.00", "925.00", "1300.00")),
    # Ceredigion's own Housing Benefit page gives the same shared, 1- and 2-bedroom weekly rates.
    "ceredigion": (("70.00", "96.66", "115.07", "126.58", "149.59"),
                   ("304.17", "420.00", "500.00", "550.00", "650.00")),
    "greater-glasgow": (("103.56", "159.95", "195.62", "223.23", "414.25"),
                        ("450.00", "695.00", "850.00", "970.00", "1800.00")),
    # Also quoted for April 2024 (weekly) by the local press when the 2025 freeze was announced.
    "highland-and-islands": (("87.45", "109.32", "136.93", "159.95", "195.62"),
                             ("380.00", "475.00", "595.00", "695.00", "850.00")),
    "scottish-borders": (("74.79", "86.30", "115.07", "141.53", "226.68"),
                         ("325.00", "375.00", "500.00", "615.00", "985.00")),
    # Coventry City Council's page "Local Housing Allowance rates (per week) from 1 April 2024" agrees.
    "coventry": (("99.50", "132.33", "155.34", "178.36", "230.14"),
                 ("432.35", "575.00", "675.00", "775.00", "1000.00")),
    # The five areas shipped before every area was: the same figures as before.
    "bristol": (("117.68", "207.12", "252.00", "299.18", "425.75"),
                ("511.33", "900.00", "1095.00", "1300.00", "1850.00")),
    "bath": (("124.27", "187.56", "225.53", "276.16", "447.62"),
             ("540.00", "815.00", "980.00", "1200.00", "1945.00")),
    "leicester": (("91.00", "124.27", "149.59", "178.36", "241.64"),
                  ("395.42", "540.00", "650.00", "775.00", "1050.00")),
    "inner-south-east-london": (("149.59", "298.15", "356.71", "448.77", "604.11"),
                                ("650.00", "1295.50", "1550.00", "1950.00", "2625.00")),
    "outer-south-london": (("131.02", "218.63", "276.16", "345.21", "448.77"),
                           ("569.33", "950.00", "1200.00", "1500.00", "1950.00")),
}


@pytest.mark.parametrize("slug", sorted(PUBLISHED_2025))
@pytest.mark.parametrize("on", [date(2025, 6, 1), date(2026, 6, 1)], ids=["2025-26", "2026-27"])
def test_published_figures_by_hand(slug, on):
    weekly, monthly = PUBLISHED_2025[slug]
    assert tuple(parameters.node(f"dwp.housing.lha.{slug}").at(on).value.values()) == tuple(map(Decimal, weekly))
    assert tuple(parameters.node(f"dwp.housing.lha_monthly.{slug}").at(on).value.values()) == tuple(map(Decimal, monthly))


def test_a_rural_welsh_area_is_worked_out_for_housing_benefit_and_universal_credit():
    # Ceredigion, a couple aged 40 with a child of 3: 2 bedrooms (UC Regs Sch. 4 para. 10);
    # Rent Officers Wales 2026-27: £115.07 a week; DWP Wales 2026-27: £500.00 a month.
    h = Household.model_validate({"claimant": {"age": 40}, "partner": {"age": 40}, "children": [{"age": 3}],
                                  "home": {"tenure": "private_rent", "brma": "ceredigion", "country": "wales",
                                           "rent": {"amount": "550", "period": "month"}}})
    c = Calc(h, date(2026, 6, 1))
    assert c("housing_lha_category") == "two_bedrooms"
    assert c("housing_lha_rate") == Decimal("115.07")
    assert c("uc_lha_rate") == Decimal("500.00")
    assert c("uc_housing_element") == Decimal("500.00")  # rent £550.00 is more than £500.00


def test_scottish_housing_benefit_cites_the_scottish_order():
    node = parameters.node("dwp.housing.lha.highland-and-islands")
    assert node.legislation_href == "https://www.legislation.gov.uk/uksi/1997/1995/schedule/3B"
    assert parameters.node("dwp.housing.lha.cardiff").legislation_href == (
        "https://www.legislation.gov.uk/uksi/1997/1984/schedule/3B")
