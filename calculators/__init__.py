"""The rules engine: whole-household entitlement with an explanation for every amount.

Pure Python: no web framework, no database, no clock. `calculate(household, on)` is the
entry point; `better_off(...)` sweeps hours of work.
"""

from . import rules  # noqa: F401  (registers every rule)
from .core.calc import CannotCalculate
from .core.household import Household
from .result import Result, calculate

__all__ = ["CannotCalculate", "Household", "Result", "calculate"]
