"""JSON API over the rules engine: /api/v1/calculate, /api/v1/better-off, /api/v1/schemes."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Body
from fastapi.exceptions import RequestValidationError
from pydantic import BaseModel, ConfigDict, Field

from app.services import api_examples
from calculators import Household
from calculators import calculate as work_out
from calculators.better_off import JobOffer, better_off_to_dict, offer_problems
from calculators.better_off import better_off as sweep
from calculators.result import result_to_dict
from calculators.schemes import list_schemes

#: Answers any operation can give besides its own: the body is not JSON, or too large.
OTHER_RESPONSES: dict[int | str, dict[str, Any]] = {
    400: {"description": "The body is not valid JSON."},
    413: {"description": "The body is larger than the portal takes."},
}

router = APIRouter(prefix="/api/v1", tags=["calculator"])


class CalculateRequest(BaseModel):
    """A household and the date to work its entitlement out for."""

    model_config = ConfigDict(extra="forbid")

    household: Household
    on: date | None = Field(default=None, description="The date to calculate for (defaults to today).")
    include_trace: bool = Field(default=True, description="Include the step-by-step explanation of each amount.")


class BetterOffRequest(BaseModel):
    """A household, a job offer, and the date to work it out for."""

    model_config = ConfigDict(extra="forbid")

    household: Household
    job: JobOffer
    on: date | None = Field(default=None, description="The date to calculate for (defaults to today).")


@router.post("/calculate", responses=OTHER_RESPONSES, summary="Work out a household's entitlement, with an explanation for every amount")
def calculate(
    request: Annotated[CalculateRequest, Body(openapi_examples=api_examples.CALCULATE)],
) -> dict[str, Any]:
    result = work_out(request.household, request.on or date.today(), trace=request.include_trace)
    return result_to_dict(result, with_trace=request.include_trace)


@router.post("/better-off", responses=OTHER_RESPONSES, summary="Net income now and in work, and a sweep over 0 to 48 hours")
def better_off(
    request: Annotated[BetterOffRequest, Body(openapi_examples=api_examples.BETTER_OFF)],
) -> dict[str, Any]:
    problems = offer_problems(request.household, request.job)
    if problems:
        raise RequestValidationError(
            [{"type": "value_error", "loc": ("body", "job", field), "msg": message, "input": None}
             for field, message in problems]
        )
    return better_off_to_dict(sweep(request.household, request.on or date.today(), request.job))


@router.get("/schemes", summary="The Council Tax Reduction schemes the calculator knows, by council and year")
def schemes() -> dict[str, Any]:
    return {"schemes": list_schemes()}
