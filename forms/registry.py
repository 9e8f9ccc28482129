"""Form definitions by id and version. A draft keeps the version it started on.

    registry = default_registry()
    form = registry.definition_for(claim)        # claim.form_id, claim.form_version
    draft = registry.start("hb_ctr", prefill)    # Draft(form_id, version, answers) on the latest version
    answers = registry.upgrade(answers, "hb_ctr", from_version=1, to_version=2)

Files are ``<root>/<form_id>/v<version>.yaml``. A new version may carry answers over with
``carry_over: {from_version, rename, drop, values}``; without it, answers move unchanged
(questions keep their ids). Moving a draft is a choice the caller makes; it never happens
by itself.
"""

from __future__ import annotations

import copy
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Mapping

from .schema import Fact, Form, load_form

DEFINITIONS = Path(__file__).parent / "definitions"


@dataclass(frozen=True)
class Draft:
    form_id: str
    version: int
    answers: dict[str, Any]


class FormRegistry:
    def __init__(self, root: Path = DEFINITIONS, facts: Mapping[str, Fact] | None = None) -> None:
        self.root = Path(root)
        self.facts = dict(facts or {})
        self._cache: dict[tuple[str, int], Form] = {}

    def versions(self, form_id: str) -> list[int]:
        folder = self.root / form_id
        found = [int(m.group(1)) for p in folder.glob("v*.yaml") if (m := re.fullmatch(r"v(\d+)\.yaml", p.name))]
        if not found:
            raise LookupError(f"no definitions for form '{form_id}' in {folder}")
        return sorted(found)

    def get(self, form_id: str, version: int) -> Form:
        key = (form_id, version)
        if key not in self._cache:
            path = self.root / form_id / f"v{version}.yaml"
            if not path.exists():
                raise LookupError(f"form '{form_id}' has no version {version}")
            form = load_form(path, facts=self.facts)
            if form.id != form_id or form.version != version:
                raise LookupError(f"{path} says it is {form.id} v{form.version}")
            self._cache[key] = form
        return self._cache[key]

    def latest(self, form_id: str) -> Form:
        return self.get(form_id, self.versions(form_id)[-1])

    def definition_for(self, claim: Any) -> Form:
        """The version this claim started on: never a newer one."""
        return self.get(getattr(claim, "form_id", "hb_ctr"), int(claim.form_version))

    def start(self, form_id: str, prefill: Mapping[str, Any] | None = None) -> Draft:
        form = self.latest(form_id)
        return Draft(form_id, form.version, copy.deepcopy(dict(prefill or {})))

    def upgrade(self, answers: Mapping[str, Any], form_id: str, *, from_version: int, to_version: int) -> dict[str, Any]:
        """Carry answers from one version to a later one, a version at a time."""
        result = copy.deepcopy(dict(answers))
        for version in self.versions(form_id):
            if from_version < version <= to_version:
                result = carry_over(result, self.get(form_id, version))
        return result


def carry_over(answers: Mapping[str, Any], to: Form) -> dict[str, Any]:
    """Apply ``to``'s carry_over rules (renames, drops, value maps) to answers from the version before."""
    rules = to.definition.carry_over
    result = copy.deepcopy(dict(answers))
    if rules is None:
        return result

    def apply(entry: dict[str, Any]) -> dict[str, Any]:
        out = {}
        for key, value in entry.items():
            if key in rules.drop:
                continue
            new_key = rules.rename.get(key, key)
            mapping = rules.values.get(new_key) or rules.values.get(key)
            if mapping is not None:
                if isinstance(value, list):
                    value = [mapping.get(v, v) for v in value]
                elif isinstance(value, (str, bool)):
                    value = mapping.get(value, value)
            if isinstance(value, list) and value and all(isinstance(v, dict) for v in value) and new_key in to.groups:
                value = [apply(v) for v in value]
            out[new_key] = value
        return out

    return apply(result)


_default: FormRegistry | None = None


def default_registry() -> FormRegistry:
    global _default
    if _default is None:
        from .hb_ctr import FACTS

        _default = FormRegistry(DEFINITIONS, FACTS)
    return _default


def definition_for(claim: Any) -> Form:
    """The form definition (at the version the claim started on) for a claim."""
    return default_registry().definition_for(claim)
