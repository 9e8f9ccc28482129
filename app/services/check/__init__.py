"""'Check what you can get': the questions, the route through them, the household and the results.

- `pages`: the question pages, each shown only when it applies (pages.py).
- `Journey`: the route, re-derived from the answers on every request (journey.py).
- `household_from_answers`: the answers as the rules engine's Household, with every
  assumption stated (household.py).
- `results_view` / `work_out` / `what_if`: the results page and the "what if" comparison
  (results.py).
- `brmas_for_postcode`: the Local Housing Allowance area from the council profile (area.py).
- `ASKED_ON`: for each fact a rule can be missing, the question that asks it, so each thing we could
  not work out links to it from the results (asks.py).
"""

from .area import brma_choices, brma_name, brmas_for_postcode
from .household import HouseholdFromAnswers, NotReady, household_from_answers
from .journey import CHECK_ANSWERS, Journey
from .pages import CheckContext, Page, pages
from .results import ResultsView, results_view, what_if, work_out

__all__ = [
    "CHECK_ANSWERS",
    "CheckContext",
    "HouseholdFromAnswers",
    "Journey",
    "NotReady",
    "Page",
    "ResultsView",
    "brma_choices",
    "brma_name",
    "brmas_for_postcode",
    "household_from_answers",
    "pages",
    "results_view",
    "what_if",
    "work_out",
]
