"""The Local Housing Allowance area (Broad Rental Market Area) from a postcode, using only the council profile.

The profile lists the council's BRMAs and the postcode districts in each. A postcode
whose district is in one BRMA sets it; a district listed under more than one (a split
district) or a postcode the person does not know leads to a choice between them. No
outside service is needed.
"""

from __future__ import annotations

from functools import cache

import yaml

from app.council import BRMA_LIST, CouncilProfile


@cache
def _brma_names() -> dict[str, str]:
    data = yaml.safe_load(BRMA_LIST.read_text(encoding="utf-8"))
    return {code: str(info.get("name", code)) for code, info in data.items()}


def brma_name(code: str) -> str:
    return _brma_names().get(code, code)


def outward_code(postcode: str) -> str:
    """'BS1 4DJ' -> 'BS1' (the postcode district)."""
    return postcode.split()[0] if " " in postcode else postcode[:-3]


def brmas_for_postcode(council: CouncilProfile, postcode: str) -> list[str]:
    """Every BRMA of the council that covers the postcode's district, in the profile's order."""
    return council.brmas_for_postcode(postcode)


def brma_choices(council: CouncilProfile, postcode: str | None) -> list[str]:
    """The BRMAs to offer: those covering the postcode's district, or all of the council's when unknown."""
    found = brmas_for_postcode(council, postcode) if postcode else []
    return found or [b.code for b in council.brmas]


def districts_of(council: CouncilProfile, code: str) -> list[str]:
    return next((list(b.postcode_districts) for b in council.brmas if b.code == code), [])
