"""The form engine: data-driven claim forms with GOV.UK patterns. Pure Python, no web.

    from forms import Journey, definition_for
    journey = Journey(definition_for(claim), claim.answers)
    page = journey.page(slug).bind(form_data)
"""

from .claim_date import claim_date_sentence, claim_starts_from, first_contact, send_by
from .journey import (
    CONFIRM_REMOVAL, BoundPage, Change, EvidenceNeeded, FieldError, Journey, OutOfTurn, PageNotFound,
    PageView, RemovedAnswer, Row, Status, Task,
)
from .registry import Draft, FormRegistry, carry_over, default_registry, definition_for
from .schema import DefinitionError, Fact, Form, load_form, translatable_strings

__all__ = [
    "CONFIRM_REMOVAL", "BoundPage", "Change", "DefinitionError", "Draft", "EvidenceNeeded", "Fact",
    "FieldError", "Form", "FormRegistry", "Journey", "OutOfTurn", "PageNotFound", "PageView",
    "RemovedAnswer", "Row", "Status", "Task", "carry_over", "claim_date_sentence", "claim_starts_from", "first_contact",
    "default_registry", "definition_for", "load_form", "send_by", "translatable_strings",
]
