"""Every "we can't work this out" can be acted on: a walk over every decline in the engine.

1. Every `c.cannot(...)` and `CannotCalculate(...)` in calculators/ (found by reading the source,
   not by running it) either names the missing fact (`ask=`, a key of calculators.core.missing.FACTS)
   or is listed in NO_ANSWER_HELPS with the reason no answer could help.
2. Every FACTS key is asked by a page of "Check what you can get" (app/services/check/asks.py
   ASKED_ON), and that page renders with its question; or it is in NOT_ASKED with the reason.
3. Households that meet the main declines get a results page that links to the right question,
   and answering it comes back to results with the amount worked out.
"""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from app.services.check.asks import ASKED_ON, NOT_ASKED
from calculators.core.household import SIX_APRIL_2017, Child
from calculators.core.missing import FACTS
from tests.app.check_helpers import (DISABLED_WITH_CARER, LONE_PARENT, SINGLE_RENTER, WORKING_FAMILY, answer_all,
                                     csrf, post)
from tests.app.test_check_tax_and_pension_questions import PENSIONER_1952

ENGINE = Path(__file__).resolve().parents[2] / "calculators"

_COUNCIL_FIGURE = "the council's figure is not in the calculator yet: no answer supplies it; an advisor can help"

#: (file, function, words from the reason) -> why no answer the person could give would help. "guard": a check
#: that the rule is called only where it applies, which cannot reach a person.
NO_ANSWER_HELPS: dict[tuple[str, str, str], str] = {
    ("core/calc.py", "_not_covered", "we don't have the rates for"):
        "the date is outside the tax years the calculator has rates for (2025-26 and 2026-27): no answer changes the date",
    ("rules/universal_credit.py", "uc_eligible", "at 16 or 17"):
        "the reg. 8 exceptions for 16 and 17-year-olds turn on circumstances (estrangement, care leavers) the check does not ask",
    ("rules/universal_credit.py", "uc_carer_element", "both care for the same person"):
        "whether a couple care for the same person is not asked: it is rare and an advisor settles it",
    ("rules/universal_credit.py", "_check_minimum_income_floor", "minimum income floor"):
        "the start-up period and expected hours are the work coach's decision, not something the person can state",
    ("rules/universal_credit.py", "uc_unearned_income", "'other' benefit"):
        "the engine does not model the benefits behind 'other': naming it would not let it be worked out",
    ("rules/passported.py", "receives", "we can't work out whether you get"):
        "that scheme's rules are not installed in this engine",
    ("rules/passported.py", "_uc_take_home_pay", "take-home pay"):
        "the Universal Credit rules are not installed in this engine",
    ("rules/housing_benefit.py", "hb_eligible", "shared ownership"):
        "Housing Benefit on a shared ownership home is not modelled",
    ("rules/housing_benefit.py", "hb_eligible", "rent you pay to the people you live with"):
        "whether an arrangement is commercial is the council's judgement on the facts",
    ("rules/housing_benefit.py", "hb_eligible", "share a tenancy"):
        "joint tenancies are not modelled",
    ("rules/housing_benefit.py", "hb_eligible", "full-time students"):
        "the student rules and their exceptions are not modelled",
    ("rules/housing_benefit.py", "hb_applicable_amount", "only one of you has reached"):
        "mixed-age couples on Housing Benefit (protected since before May 2019) are not modelled",
    ("rules/housing_benefit.py", "hb_applicable_amount", "limited capability for work"):
        "the ESA components of working-age Housing Benefit are not modelled",
    ("rules/housing_benefit.py", "hb_unearned_income", "Widowed Parent's Allowance"):
        "the Housing Benefit treatment of Widowed Parent's Allowance is not modelled",
    # --- Council Tax --------------------------------------------------------------------------------------
    ("rules/council_tax.py", "ct_single_person_discount", "nobody aged 18 or over lives in the home"):
        "with no adult in the home, who is liable and what discount applies is the council's decision",
    # --- Council Tax Reduction: which scheme ---------------------------------------------------------------
    ("rules/council_tax_reduction.py", "ctr_universal_credit", "we work out none for you"):
        "the amount is on the person's Universal Credit statement, which the check does not ask for; the answers "
        "already given work out none, so no other answer would help",
    ("rules/council_tax_reduction.py", "_scheme_rule", "not worked out for homes in"):
        "guard: a home is in England, Wales or Scotland, each of which has a scheme here; it cannot reach a person",
    ("rules/council_tax_reduction.py", "_scheme_rule", "under this council's scheme"):
        "that scheme's rules are not installed in this engine",
    ("rules/ctr_england_pensioners.py", "ctr_england_pensioner_award", "only for pensioners living in England"):
        "guard: this rule is called only for pensioners in England; it cannot reach a person",
    ("rules/ctr_local.py", "ctr_local_scheme", "council schemes are for homes in England"):
        "guard: council schemes are called only for homes in England; it cannot reach a person",
    ("rules/ctr_local.py", "_classic", "scheme uses income bands"):
        "guard: the applicable-amount rules are called only for councils whose scheme has them",
    ("rules/ctr_local.py", "_banded", "scheme uses an applicable amount"):
        "guard: the income-band rules are called only for councils whose scheme has them",
    ("rules/ctr_national.py", "scheme_of", "comes from the council's own scheme"):
        "guard: the national schemes' rules are called only for homes a national scheme covers",
    ("rules/ctr_scotland.py", "ctr_scotland_award", "only for homes in Scotland"):
        "guard: the Scottish schemes are called only for homes in Scotland; it cannot reach a person",
    ("rules/ctr_wales.py", "ctr_wales_award", "only for homes in Wales"):
        "guard: the Welsh scheme is called only for homes in Wales; it cannot reach a person",
    # --- Council Tax Reduction: a council's figure not in the calculator -----------------------------------
    ("rules/ctr_local.py", "_scheme", "Council Tax Reduction scheme for"):
        "the council's scheme for that year is not in the calculator yet: an advisor can help",
    ("rules/ctr_local.py", "ctr_local_capital_within_limit", "savings limit"): _COUNCIL_FIGURE,
    ("rules/ctr_local.py", "ctr_local_non_dependant_deductions", "deductions for other adults"): _COUNCIL_FIGURE,
    ("rules/ctr_local.py", "ctr_local_applicable_amount", "living allowances"): _COUNCIL_FIGURE,
    ("rules/ctr_local.py", "ctr_local_income", "income rules for people not on Universal Credit"): _COUNCIL_FIGURE,
    ("rules/ctr_local.py", "ctr_local_income", "earnings disregards"): _COUNCIL_FIGURE,
    ("rules/ctr_local.py", "ctr_local_taper_reduction", "taper"): _COUNCIL_FIGURE,
    ("rules/ctr_local.py", "_check_not_in_calculator", "that part of the scheme is not in our calculator"):
        _COUNCIL_FIGURE,
    ("rules/ctr_local.py", "ctr_local_award", "income bands are for people on Universal Credit"):
        "the council's rules for people not on Universal Credit are not in the calculator yet: an advisor can help",
    ("rules/ctr_national.py", "figure", "we have not been able to check the"):
        "a figure of the scheme is not yet checked against the law: no answer supplies it; the council can",
    # --- Council Tax Reduction: a circumstance not modelled ------------------------------------------------
    ("rules/ctr_local.py", "_unearned", "'other' benefit"):
        "the engine does not model the benefits behind 'other': naming it would not let it be worked out",
    ("rules/ctr_national.py", "pension_credit_guarantee", "whether you get the guarantee credit"):
        "the Pension Credit rules are not installed in this engine",
    ("rules/ctr_national.py", "pension_credit_guarantee", "Pension Credit for this date"):
        "Pension Credit's rates are not in force for the date: no answer changes the date",
    ("rules/ctr_national.py", "second_adult_rebate", "a student lives with you"):
        "the second adult rebate with a student in the home is not modelled; the council can",
    ("rules/ctr_national.py", "second_adult_rebate", "another adult who lives with you gets Universal Credit"):
        "how a second adult's Universal Credit counts for the second adult rebate is not modelled; the council can",
    ("rules/ctr_national.py", "ctr_applicable_amount", "full-time students"):
        "the student rules and their exceptions are not modelled",
    ("rules/ctr_national.py", "_personal_allowance", "someone under 18"):
        "claims by people under 18 are not modelled",
    ("rules/ctr_national.py", "_children", "the amounts for children in"):
        "that scheme's amounts for children are not in the calculator yet",
    ("rules/ctr_national.py", "ctr_earnings", "self-employed earnings"):
        "self-employed earnings are worked out by the council from the accounts, which the check does not ask for",
    ("rules/ctr_national.py", "ctr_earnings", "childcare charges"):
        "the childcare charge disregard is not modelled",
    ("rules/ctr_national.py", "ctr_earnings", "extra earnings disregard"):
        "the additional earnings disregard for 16 or 30 hours' work is not modelled",
    ("rules/ctr_national.py", "ctr_unearned_income", "how much of this benefit"):
        "the disregards for a war pension and for the benefits behind 'other' are not modelled",
    ("rules/ctr_national.py", "ctr_unearned_income", "Employment and Support Allowance"):
        "the ESA components at working age are not modelled",
    ("rules/ctr_national.py", "ctr_savings_credit", "savings credit of Pension Credit"):
        "the Pension Credit savings credit rules are not installed in this engine",
    # the reason is chosen from _UC_INCOME_NOT_WORKED_OUT by scheme, so the walk sees it as "{…}"
    ("rules/ctr_national.py", "ctr_income", "{…}"):
        "how much of a Universal Credit award counts in the Scottish and Welsh working-age schemes could not be "
        "read from the regulations here: the council works it out from the person's Universal Credit statement",
    ("rules/ctr_national.py", "ctr_income", "limited capability for work"):
        "the ESA components of working-age Council Tax Reduction are not modelled",
    ("rules/ctr_national.py", "ctr_non_dependant_deductions", "another adult on Universal Credit"):
        "that scheme's deduction for another adult on Universal Credit with no earnings is not modelled",
    ("rules/ctr_scotland.py", "ctr_scotland_award", "second test (regulation 14)"):
        "the band E to H second test (SSI 2021/249 reg. 14) is not modelled; the council can",
    # --- rent, tax, pensions, winter payment ---------------------------------------------------------------
    ("rules/housing.py", "uc_housing_costs_before_contributions", "shared ownership"):
        "Universal Credit housing costs for shared ownership are not modelled",
    ("rules/housing.py", "uc_housing_costs_before_contributions", "share a tenancy"):
        "joint tenancies are not modelled",
    ("rules/income_tax.py", "it_social_security_income", "is taxable"):
        "the engine does not model the benefits behind 'other': naming it would not tell whether it is taxable",
    ("rules/pension_credit.py", "check_two_children", "more than two children"):
        "the two-child rules' exceptions for Pension Credit and Housing Benefit are not modelled",
    ("rules/pension_credit.py", "other_income_week", "an advisor can help"):
        "the disregards for a war pension, Bereavement Support Payment and the benefits behind 'other' are not modelled",
    ("rules/winter_fuel.py", "_cannot_without_the_benefit", "because we can't tell whether you can get"):
        "guard: called only when the benefit's award cannot be worked out, whose own decline names the fact",
    ("rules/winter_fuel.py", "_other_entitled_people", "other adult of 66"):
        "the check asks only the age of the other adults who live with you, not their dates of birth",
    ("rules/winter_fuel.py", "_other_entitled_people", "other adult of 80"):
        "the check asks only the age of the other adults who live with you, not their dates of birth",
}


@dataclass(frozen=True)
class Site:
    path: str
    line: int
    function: str
    reason: str
    ask: str | None
    has_ask: bool
    """`ask=` given, and not `ask=None` (which says, as leaving it out does, that no answer helps)."""
    passes_on_ask: bool
    """`ask=exc.ask`: passing on what another decline (the one this rule met) asks for."""
    passes_through: bool
    """`CannotCalculate(reason, ..., ask)` re-raising what it was given (the engine's own `c.cannot`)."""

    def __str__(self) -> str:
        return f"calculators/{self.path}:{self.line} in {self.function}(): {self.reason[:90]!r}"


def _words(node: ast.AST | None) -> str:
    if node is None:
        return ""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.JoinedStr):
        return "".join(v.value if isinstance(v, ast.Constant) else "{…}" for v in node.values)
    if isinstance(node, ast.BinOp):
        return _words(node.left) + _words(node.right)
    return "{…}"


def decline_sites() -> list[Site]:
    sites = []
    for file in sorted(ENGINE.rglob("*.py")):
        rel = file.relative_to(ENGINE).as_posix()
        tree = ast.parse(file.read_text(), filename=str(file))
        parents: dict[ast.AST, ast.AST] = {}
        for parent in ast.walk(tree):
            for child in ast.iter_child_nodes(parent):
                parents[child] = parent
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call):
                continue
            func = node.func
            is_cannot = isinstance(func, ast.Attribute) and func.attr == "cannot"
            is_exception = isinstance(func, ast.Name) and func.id == "CannotCalculate"
            if not (is_cannot or is_exception):
                continue
            enclosing = node
            while enclosing in parents and not isinstance(enclosing, ast.FunctionDef | ast.AsyncFunctionDef):
                enclosing = parents[enclosing]
            function = enclosing.name if isinstance(enclosing, ast.FunctionDef | ast.AsyncFunctionDef) else "<module>"
            ask_kw = next((k for k in node.keywords if k.arg == "ask"), None)
            ask = ask_kw.value.value if ask_kw and isinstance(ask_kw.value, ast.Constant) else None
            has_ask = ask_kw is not None and not (isinstance(ask_kw.value, ast.Constant) and ask_kw.value.value is None)
            passes_on_ask = ask_kw is not None and isinstance(ask_kw.value, ast.Attribute) and ask_kw.value.attr == "ask"
            reason = _words(node.args[0]) if node.args else ""
            passes = is_exception and len(node.args) >= 3 and all(isinstance(a, ast.Name | ast.Constant | ast.IfExp)
                                                                  for a in node.args) and isinstance(node.args[0], ast.Name)
            sites.append(Site(rel, node.lineno, function, reason, ask, has_ask, passes_on_ask, passes))
    return sites


def _allowed(site: Site) -> str | None:
    for (path, function, words), why in NO_ANSWER_HELPS.items():
        if site.path == path and site.function == function and words in site.reason:
            return why
    return None


def test_the_walk_finds_the_declines():
    sites = decline_sites()
    assert len(sites) > 40
    assert any(s.path == "rules/universal_credit.py" and s.ask == "eldest_child_born_before_2017" for s in sites)
    assert any(s.path == "rules/council_tax_reduction.py" and s.passes_on_ask for s in sites)
    assert any(s.path == "rules/council_tax_reduction.py" and s.function == "ctr_universal_credit"
               and not s.has_ask for s in sites)  # ask=None


def test_every_decline_names_the_missing_fact_or_says_why_no_answer_helps():
    problems = []
    for site in sorted(decline_sites(), key=lambda s: (s.path, s.line)):
        if site.passes_through or site.passes_on_ask:
            continue
        if site.ask is not None:
            if site.ask not in FACTS:
                problems.append(f"{site}: ask={site.ask!r} is not a key of calculators/core/missing.py FACTS")
            continue
        if site.has_ask:
            problems.append(f"{site}: ask= must be a string literal naming a FACTS key, or pass on another "
                            "decline's (ask=exc.ask)")
            continue
        if _allowed(site) is None:
            problems.append(f"{site}: no ask= and not in NO_ANSWER_HELPS (add ask=<FACTS key>, or the reason "
                            "no answer could help)")
    assert not problems, f"{len(problems)} declines the person could not act on:\n" + "\n".join(problems)


def test_every_no_answer_entry_still_matches_a_decline():
    sites = decline_sites()
    stale = [key for key in NO_ANSWER_HELPS
             if not any(s.path == key[0] and s.function == key[1] and key[2] in s.reason and not s.has_ask
                        for s in sites)]
    assert not stale, f"NO_ANSWER_HELPS entries matching no decline without ask= (remove them): {stale}"


def check_pages(settings) -> list:  # noqa: ANN001
    from app.council import cached_profile
    from app.services.check import CheckContext, pages

    return pages(CheckContext(cached_profile(settings.council_profile), date.today()))


def test_every_fact_is_asked_by_a_check_page_or_says_why_not(settings):
    slugs = {p.slug for p in check_pages(settings)}
    missing = [k for k in FACTS if k not in ASKED_ON and k not in NOT_ASKED]
    assert not missing, ("FACTS keys no check page asks (map each in app/services/check/asks.py ASKED_ON, or say "
                         f"in NOT_ASKED why the check never needs it): {missing}")
    assert not [k for k in ASKED_ON if k not in FACTS], "ASKED_ON keys that are not FACTS keys"
    assert not [q for q in ASKED_ON.values() if q.slug not in slugs], "ASKED_ON names a page the check does not have"


# --- each fact's page renders with its question ------------------------------------------------------------------


def open_age(today: date | None = None) -> int:
    """The one age at which a child's age leaves open whether they were born before 6 April 2017."""
    today = today or date.today()
    return next(a for a in range(0, 20) if Child(age=a).born_before(SIX_APRIL_2017, today) is None)


def family_with_open_eldest() -> dict[str, Any]:
    plan = dict(LONE_PARENT)
    plan["people"] = {"children": "2", "adults": "0"}
    plan["children"] = {"child1-age": "3", "child1-sex": "male", "child1-disability": "none",
                        "child2-age": str(open_age()), "child2-sex": "female", "child2-disability": "none"}
    plan["benefits"] = [("benefits", "child_benefit")]
    plan["eldest-child"] = {"born_before": "yes"}
    return plan


def _with(plan: dict[str, Any], **pages: Any) -> dict[str, Any]:
    changed = dict(plan)
    changed.update({slug.replace("_", "-"): answers for slug, answers in pages.items()})
    return changed


#: A household whose answers make the page asking each fact apply.
KEY_PLANS: dict[str, dict[str, Any]] = {
    "date_of_birth": SINGLE_RENTER,
    "postcode": SINGLE_RENTER,
    "brma": _with(SINGLE_RENTER, postcode={"postcode": "", "postcode-unknown": "yes"}, area={"brma": "bristol"}),
    "bedrooms": SINGLE_RENTER,
    "council_tax": SINGLE_RENTER,
    "council_tax_band": SINGLE_RENTER,
    "eldest_child_born_before_2017": family_with_open_eldest(),
    "uc_claim_start": DISABLED_WITH_CARER,
    "non_dependant_income": _with(SINGLE_RENTER, people={"children": "0", "adults": "1"},
                                  other_adults={"adult1-age": "30", "adult1-hours": "0", "adult1-income-amount": "0",
                                                "adult1-income-period": "week", "adult1-benefit": "none",
                                                "adult1-child-under-5": "no"}),
    "children_sex": LONE_PARENT,
    "pension_age_before_april_2016": PENSIONER_1952,
    "married": WORKING_FAMILY,
}


@pytest.mark.parametrize("key", sorted(ASKED_ON))
def test_the_page_that_asks_each_fact_renders_its_question(client, settings, key):
    assert key in KEY_PLANS, f"add a household to KEY_PLANS whose answers make the page asking {key!r} apply"
    answer_all(client, KEY_PLANS[key])
    slug = ASKED_ON[key].slug
    page = next(p for p in check_pages(settings) if p.slug == slug)
    response = client.get(f"/check/{slug}?results=1")
    assert response.status_code == 200 and response.url.path == f"/check/{slug}", (key, response.url)
    assert page.title in response.text or page.title_when is not None
    assert f'id="{ASKED_ON[key].field_id}"' in response.text  # the question itself, where the link lands
    assert 'name="mode" value="results"' in response.text
    assert 'href="/check/results"' in response.text  # back to the results


# --- households that meet the main declines ----------------------------------------------------------------------


def _not_worked_out(html: str) -> str:
    return html.split('id="not-worked-out"')[1].split("</ul>")[0] if 'id="not-worked-out"' in html else ""


def test_an_eldest_child_of_the_open_age_is_asked_about_once_and_universal_credit_is_worked_out(client):
    plan = family_with_open_eldest()
    seen = answer_all(client, plan)
    assert "eldest-child" in seen
    page = client.get("/check/results").text
    assert "Universal Credit" not in _not_worked_out(page)
    assert 'id="benefit-universal_credit"' in page


def test_the_eldest_child_question_is_not_asked_when_the_age_decides(client):
    plan = family_with_open_eldest()
    plan["children"] = dict(plan["children"], **{"child2-age": str(open_age() + 1)})
    assert "eldest-child" not in answer_all(client, plan)


def test_results_link_to_the_question_and_answering_it_comes_back_to_results(client):
    plan = _with(DISABLED_WITH_CARER, uc_start={"started": "unknown"})
    answer_all(client, plan)
    token = csrf(client)
    page = client.get("/check/results").text
    listed = _not_worked_out(page)
    assert 'data-ask="uc_claim_start"' in listed
    assert 'href="/check/uc-start?results=1#started"' in listed
    question = client.get("/check/uc-start?results=1")
    assert question.status_code == 200
    back = post(client, "/check/uc-start", {"started": "before_2026", "mode": "results"}, token)
    assert back.url.path == "/check/results"
    assert 'data-ask="uc_claim_start"' not in _not_worked_out(back.text)


def test_a_decline_no_answer_can_help_says_so_and_points_to_an_advisor(client):
    plan = _with(SINGLE_RENTER, benefits=[("benefits", "other")],
                 benefit_amounts={"other-amount": "20", "other-period": "week"})
    answer_all(client, plan)
    listed = _not_worked_out(client.get("/check/results").text)
    assert "Universal Credit" in listed
    assert "No answer to these questions would change this" in listed
    assert 'href="/help"' in listed


def test_what_the_rules_need_is_described_for_every_key():
    assert all(re.match(r"^[a-z]", text) for text in FACTS.values())


@pytest.mark.parametrize("key", sorted(ASKED_ON))
def test_a_decline_naming_each_fact_links_to_its_page_when_the_page_applies(key):
    from app.services.check.asks import not_worked_out

    question = ASKED_ON[key]
    item = not_worked_out("Council Tax Reduction", "we need it", key, [question.slug])
    assert item.href == f"/check/{question.slug}?results=1#{question.field_id}" and item.ask == key and item.action


def test_a_fact_whose_page_does_not_apply_sends_the_person_to_an_advisor():
    from app.services.check.asks import not_worked_out

    item = not_worked_out("Universal Credit", "we need it", "postcode", ["rent", "council-tax"])
    assert item.href is None and "these questions do not ask in your case" in item.action


def test_results_link_the_council_tax_question_when_the_bill_is_unknown(client):
    # The results page offers whatever fact the engine names for Council Tax Reduction: with the bill unknown
    # it is the bill (council_tax) once the Council Tax rules name it; until then, an advisor.
    plan = _with(SINGLE_RENTER, council_tax={"band": "unknown", "bill-amount": "", "bill-unknown": "yes"})
    answer_all(client, plan)
    listed = _not_worked_out(client.get("/check/results").text)
    ctr = next(li for li in listed.split("<li")[1:] if "Council Tax Reduction" in li)
    asked = re.search(r'data-ask="([a-z_0-9]+)"', ctr)
    if asked:
        question = ASKED_ON[asked[1]]
        assert f'href="/check/{question.slug}?results=1#{question.field_id}"' in ctr
    else:
        assert "No answer to these questions would change this" in ctr
