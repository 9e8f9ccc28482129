"""Engine results kept for inputs seen recently.

The rules engine is a pure function of the household, the date and (for the sweep) the
job offer, so the same inputs always give the same result. Keeping the last few saves
working them out again when a resident reloads, prints or comes back to a page with
unchanged answers; any changed answer is a new key and is worked out afresh. The
results are shared between requests, so callers must treat them as read-only.
"""

from __future__ import annotations

from datetime import date
from functools import lru_cache

from app.i18n import active_language
from app.services.explanation import Explanation, explain_trace
from calculators import Household, Result, calculate
from calculators.better_off import BetterOff, JobOffer, better_off

# Bounded: a full result with its trace is tens of kilobytes.
RESULTS_KEPT = 256
SWEEPS_KEPT = 128


@lru_cache(maxsize=RESULTS_KEPT)
def _calculate(household_json: str, on: date) -> Result:
    return calculate(Household.model_validate_json(household_json), on)


@lru_cache(maxsize=SWEEPS_KEPT)
def _better_off(household_json: str, on: date, offer_json: str) -> BetterOff:
    return better_off(Household.model_validate_json(household_json), on, JobOffer.model_validate_json(offer_json))


@lru_cache(maxsize=RESULTS_KEPT)
def _explanations(household_json: str, on: date, language: str) -> dict[str, Explanation]:
    result = _calculate(household_json, on)
    return {item.key: explain_trace(item.trace) for item in result.items if item.trace is not None}


def calculate_once(household: Household, on: date) -> Result:
    """calculators.calculate, remembered for the same household and date."""
    return _calculate(household.model_dump_json(), on)


def better_off_once(household: Household, on: date, offer: JobOffer) -> BetterOff:
    """calculators.better_off.better_off, remembered for the same household, date and offer."""
    return _better_off(household.model_dump_json(), on, offer.model_dump_json())


def explanations_once(result: Result) -> dict[str, Explanation]:
    """"How we worked this out" for each amount of a result, in the active language, by item key;
    remembered like the result itself (worked out from the same household and date)."""
    return _explanations(result.household.model_dump_json(), result.on, active_language())


def forget() -> None:
    """Drop everything kept (for tests, or after the engine's parameters are reloaded)."""
    _calculate.cache_clear()
    _better_off.cache_clear()
    _explanations.cache_clear()
