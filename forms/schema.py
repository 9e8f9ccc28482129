"""The form definition: one YAML document, validated against this schema when it loads.

``load_form(path_or_mapping, facts=...)`` returns a compiled ``Form`` or raises
``DefinitionError`` whose ``problems`` each name the path in the document, using ids where
there are ids: ``sections[about_you].pages[your-name].questions[dob].type: ...``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Annotated, Any, Iterator, Literal, Mapping, Union

import yaml
from pydantic import BaseModel, ConfigDict, Discriminator, Field, Tag, ValidationError, model_validator

from .conditions import Condition, ConditionError, Ref, compile_condition
from .questions import QUESTION_TYPES, Question, make_question

SLUG = r"^[a-z0-9]+(-[a-z0-9]+)*$"
IDENT = r"^[a-z][a-z0-9_]*$"
RESERVED_SLUGS = {"tasks", "check", "submit", "remove", "start"}


class _M(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Link(_M):
    text: str
    href: str


class Option(_M):
    value: Annotated[str, Field(pattern=IDENT)]
    label: str
    hint: str | None = None
    exclusive: bool = Field(default=False, description="A 'None of these' checkbox that must be chosen on its own.")


class Evidence(_M):
    """A document that proves an answer, asked for when ``when`` holds (by default, when the
    question is answered and the answer is not 'No', 'None' or zero)."""

    id: Annotated[str, Field(pattern=IDENT)]
    text: str
    examples: list[str] = Field(default_factory=list)
    when: dict[str, Any] | None = None


QuestionType = Literal[
    "text", "number", "money", "date", "yes_no", "radios", "checkboxes", "address",
    "ni_number", "phone", "email", "bank_details", "file",
]


class QuestionDef(_M):
    id: Annotated[str, Field(pattern=IDENT)]
    type: QuestionType
    label: str
    hint: str | None = None
    error_name: str | None = Field(
        default=None,
        description="The thing asked for, as it reads after 'Enter': 'your date of birth'. "
        "For yes/no, what follows 'Select yes if': 'you have a partner'.",
    )
    required: bool = True
    options: list[Option] | None = None
    min: Decimal | None = None
    max: Decimal | None = None
    whole_number: bool = False
    decimal_places: Annotated[int, Field(ge=0)] | None = Field(
        default=None, description="For number questions: the most numbers allowed after the decimal point."
    )
    max_length: int | None = None
    multiline: bool = False
    date_must_be: Literal["past", "future", "today_or_past", "today_or_future"] | None = None
    earliest: date | None = None
    latest: date | None = None
    periods: list[Literal["week", "fortnight", "four_weeks", "month", "year"]] | None = None
    accept: list[str] | None = None
    max_size_mb: int | None = None
    autocomplete: str | None = None
    messages: dict[str, str] = Field(default_factory=dict)
    evidence: list[Evidence] = Field(default_factory=list)

    @model_validator(mode="after")
    def _settings_suit_type(self) -> QuestionDef:
        t = self.type
        if t in ("radios", "checkboxes"):
            fewest = 2 if t == "radios" else 1
            if not self.options or len(self.options) < fewest:
                raise ValueError(f"a {t} question needs at least {'two options' if fewest == 2 else 'one option'}")
            values = [o.value for o in self.options]
            if len(set(values)) != len(values):
                raise ValueError("two options have the same value")
        elif self.options is not None:
            raise ValueError(f"only radios and checkboxes have options; this is a {t} question")
        if self.decimal_places is not None and t != "number":
            raise ValueError(f"decimal_places only applies to number questions; this is a {t} question")
        if (self.min is not None or self.max is not None) and t not in ("number", "money"):
            raise ValueError(f"min and max only apply to number and money questions; this is a {t} question")
        if (self.date_must_be or self.earliest or self.latest) and t != "date":
            raise ValueError(f"date_must_be, earliest and latest only apply to date questions; this is a {t} question")
        if self.periods is not None and t != "money":
            raise ValueError("periods only apply to money questions")
        if (self.accept is not None or self.max_size_mb is not None) and t != "file":
            raise ValueError("accept and max_size_mb only apply to file questions")
        if self.max_length is not None and t != "text":
            raise ValueError("max_length only applies to text questions")
        if self.required and not self.error_name and "required" not in self.messages and t not in ("bank_details",):
            raise ValueError(
                "a required question needs an error_name (like 'your date of birth') or messages.required, "
                "so its error message can say what to enter"
            )
        known = set(QUESTION_TYPES[t].defaults)
        unknown = set(self.messages) - known
        if unknown:
            raise ValueError(f"messages has keys this question type does not use: {', '.join(sorted(unknown))} (it uses {', '.join(sorted(known))})")
        return self


class PageDef(_M):
    """One page: a statement heading, the built-in guidance, and its questions (usually one)."""

    slug: Annotated[str, Field(pattern=SLUG)]
    heading: str
    explanation: str | None = None
    why_we_ask: str | None = None
    links: list[Link] = Field(default_factory=list)
    condition: dict[str, Any] | None = None
    questions: list[QuestionDef] = Field(min_length=1)


class ListPageDef(_M):
    """The 'add another' page that lists a repeating group's items."""

    slug: Annotated[str, Field(pattern=SLUG)]
    heading: str
    add_another: str
    add_another_error: str
    max_items_error: str | None = Field(
        default=None,
        description="Said when someone asks to add another with the group full, e.g. 'You can add up to 30 "
                    "children'; '{max_items}' is replaced by the group's maximum. Without it, one is made from the title.",
    )
    explanation: str | None = None
    why_we_ask: str | None = None
    links: list[Link] = Field(default_factory=list)


class GroupDef(_M):
    """A repeating group ('add another'): item pages addressed like ``people/2/name``."""

    group: Annotated[str, Field(pattern=IDENT)]
    title: str
    item_name: str = Field(description="How one item is named on the list page, e.g. '{first_name} {last_name}'.")
    condition: dict[str, Any] | None = None
    min_items: int = 1
    max_items: Annotated[int, Field(ge=1)] = Field(
        default=20, description="The most items the group takes; asking to add another past it is an error."
    )
    list: ListPageDef
    pages: list[PageDef] = Field(min_length=1)


def _page_or_group(value: Any) -> str:
    if isinstance(value, Mapping):
        return "group" if "group" in value else "page"
    return "group" if hasattr(value, "group") else "page"


PageOrGroup = Annotated[
    Union[Annotated[PageDef, Tag("page")], Annotated[GroupDef, Tag("group")]],
    Discriminator(_page_or_group),
]


class SectionDef(_M):
    id: Annotated[str, Field(pattern=IDENT)]
    title: str
    requires: list[str] | Literal["all"] = Field(
        default_factory=list, description="Sections that must be completed before this one can start."
    )
    condition: dict[str, Any] | None = None
    check_answers: bool = True
    declaration: bool = Field(default=False, description="The final section: after it, the claim is sent.")
    pages: list[PageOrGroup] = Field(min_length=1)


class CarryOver(_M):
    """How answers given on an earlier version move to this one."""

    from_version: int
    rename: dict[str, str] = Field(default_factory=dict)
    drop: list[str] = Field(default_factory=list)
    values: dict[str, dict[str | bool | int, Any]] = Field(default_factory=dict, description="question -> {old value: new value}")


class FormDef(_M):
    form: Annotated[str, Field(pattern=IDENT)]
    version: Annotated[int, Field(ge=1)]
    title: str
    facts: list[str] = Field(default_factory=list)
    carry_over: CarryOver | None = None
    sections: list[SectionDef] = Field(min_length=1)


# --------------------------------------------------------------------------- errors


class DefinitionError(ValueError):
    """A form definition that does not load; ``problems`` lists each problem with its path."""

    def __init__(self, source: str, problems: list[str]) -> None:
        self.source = source
        self.problems = problems
        super().__init__(f"{source} is not a valid form definition:\n" + "\n".join(f"  - {p}" for p in problems))


_PYDANTIC_MESSAGES = {
    "missing": "is missing; add it",
    "extra_forbidden": "is not a setting this part of a form can have (check the spelling)",
    "string_pattern_mismatch": "must use lower-case letters, numbers and {sep} only, starting with a letter",
    "too_short": "must not be empty",
    "int_parsing": "must be a whole number",
    "decimal_parsing": "must be a number",
    "date_from_datetime_parsing": "must be a date like 2026-04-06",
    "date_parsing": "must be a date like 2026-04-06",
    "bool_parsing": "must be true or false",
    "string_type": "must be text",
    "list_type": "must be a list",
    "dict_type": "must be a mapping",
    "model_type": "must be a mapping",
}


def _path(loc: tuple[Any, ...], raw: Any) -> str:
    out = ""
    node = raw
    for i, part in enumerate(loc):
        following = loc[i + 1] if i + 1 < len(loc) else None
        if part in ("page", "group") and isinstance(loc[i - 1] if i else None, int) and following is not None:
            if not (isinstance(node, Mapping) and isinstance(node.get(part), (Mapping, list))):
                continue  # discriminator tag, not a key in the document
        if isinstance(part, int):
            label = str(part)
            if isinstance(node, list) and part < len(node):
                item = node[part]
                if isinstance(item, Mapping):
                    ident = item.get("id") or item.get("slug") or item.get("group") or item.get("value")
                    if isinstance(ident, str):
                        label = ident
                node = item
            else:
                node = None
            out += f"[{label}]"
        else:
            out += f".{part}" if out else str(part)
            node = node.get(part) if isinstance(node, Mapping) else None
    return out or "(the document)"


def _plain_pydantic(error: Mapping[str, Any], raw: Any) -> str:
    kind = error["type"]
    loc = tuple(error["loc"])
    if kind == "value_error":
        message = str(error["msg"]).removeprefix("Value error, ")
    elif kind == "literal_error":
        expected = error.get("ctx", {}).get("expected", "")
        message = f"must be one of: {expected}"
    elif kind == "string_pattern_mismatch":
        sep = "hyphens" if loc and loc[-1] == "slug" else "underscores"
        message = _PYDANTIC_MESSAGES[kind].format(sep=sep)
    elif kind in ("greater_than_equal", "greater_than"):
        message = f"must be {error.get('ctx', {}).get('ge', error.get('ctx', {}).get('gt'))} or more"
    else:
        message = _PYDANTIC_MESSAGES.get(kind, str(error["msg"]))
    return f"{_path(loc, raw)}: {message}"


# --------------------------------------------------------------------------- compiled form


@dataclass(eq=False)
class Page:
    definition: PageDef
    section: Section
    group: Group | None
    questions: list[Question]
    condition: Condition | None = None

    @property
    def slug(self) -> str:
        return self.definition.slug

    @property
    def heading(self) -> str:
        return self.definition.heading


@dataclass(eq=False)
class Group:
    definition: GroupDef
    section: Section
    pages: list[Page] = field(default_factory=list)
    condition: Condition | None = None

    @property
    def id(self) -> str:
        return self.definition.group

    @property
    def list_slug(self) -> str:
        return self.definition.list.slug

    def question_ids(self) -> list[str]:
        return [q.id for p in self.pages for q in p.questions]


@dataclass(eq=False)
class Section:
    definition: SectionDef
    items: list[Page | Group] = field(default_factory=list)
    condition: Condition | None = None

    @property
    def id(self) -> str:
        return self.definition.id

    @property
    def title(self) -> str:
        return self.definition.title


@dataclass(frozen=True)
class CompiledEvidence:
    definition: Evidence
    question: Question
    page: Page
    condition: Condition | None


@dataclass(eq=False)
class Form:
    """A loaded, checked form definition."""

    definition: FormDef
    sections: list[Section]
    pages: dict[str, Page]  # by slug (group item pages by their item slug)
    groups: dict[str, Group]
    questions: dict[str, tuple[Question, Page]]  # top-level questions by id
    group_questions: dict[str, dict[str, tuple[Question, Page]]]
    evidence: list[CompiledEvidence]
    facts: dict[str, Any]  # name -> callable(answers, today) -> value

    @property
    def id(self) -> str:
        return self.definition.form

    @property
    def version(self) -> int:
        return self.definition.version

    @property
    def title(self) -> str:
        return self.definition.title

    def section(self, section_id: str) -> Section:
        for s in self.sections:
            if s.id == section_id:
                return s
        raise KeyError(section_id)


@dataclass(frozen=True)
class Fact:
    """A value the engine works out from the answers (for example, whether the claimant has
    reached pension age), which conditions can test with ``{fact: name, ...}``."""

    kind: str
    compute: Any  # Callable[[Mapping[str, Any], date], Any]
    options: tuple[str, ...] | None = None


def load_form(source: str | Path | Mapping[str, Any], *, facts: Mapping[str, Fact] | None = None) -> Form:
    """Load and check a definition from a YAML file (or an already-parsed mapping)."""
    facts = dict(facts or {})
    if isinstance(source, (str, Path)):
        name = str(source)
        try:
            raw = yaml.safe_load(Path(source).read_text(encoding="utf-8"))
        except yaml.YAMLError as exc:
            raise DefinitionError(name, [f"(the document): is not valid YAML: {exc}"]) from None
    else:
        name, raw = "form definition", source
    if not isinstance(raw, Mapping):
        raise DefinitionError(name, ["(the document): must be a mapping with form, version, title and sections"])
    try:
        definition = FormDef.model_validate(raw)
    except ValidationError as exc:
        raise DefinitionError(name, [_plain_pydantic(e, raw) for e in exc.errors()]) from None
    return _compile(definition, facts, name)


def _compile(definition: FormDef, facts: Mapping[str, Fact], name: str) -> Form:
    problems: list[str] = []
    declared = {}
    for f in definition.facts:
        if f not in facts:
            problems.append(f"facts: '{f}' is not a fact the engine provides (it provides: {', '.join(sorted(facts)) or 'none'})")
        else:
            declared[f] = facts[f]
    fact_refs = {k: Ref(v.kind, v.options) for k, v in declared.items()}

    sections: list[Section] = []
    pages: dict[str, Page] = {}
    groups: dict[str, Group] = {}
    questions: dict[str, tuple[Question, Page]] = {}
    group_questions: dict[str, dict[str, tuple[Question, Page]]] = {}
    pending_evidence: list[tuple[str, Evidence, Question, Page, Group | None]] = []
    section_ids = [s.id for s in definition.sections]

    def seen_question(group: Group | None):
        def lookup(qid: str):
            if group is not None and qid in group_questions.get(group.id, {}):
                return group_questions[group.id][qid][0].reference()
            if qid in questions:
                return questions[qid][0].reference()
            return None

        return lookup

    def compile_cond(raw, path, group=None):
        if raw is None:
            return None
        try:
            return compile_condition(raw, path, questions=seen_question(group), facts=fact_refs, groups=set(groups))
        except ConditionError as exc:
            problems.append(str(exc))
            return None

    def add_slug(slug: str, path: str) -> bool:
        if slug in RESERVED_SLUGS:
            problems.append(f"{path}.slug: '{slug}' is kept for the engine's own pages; choose another")
            return False
        if slug in pages or slug in {g.list_slug for g in groups.values()} or slug in groups:
            problems.append(f"{path}.slug: '{slug}' is used by another page; every page needs its own slug")
            return False
        return True

    def add_page(pdef: PageDef, path: str, section: Section, group: Group | None) -> Page:
        page = Page(pdef, section, group, [make_question(q) for q in pdef.questions])
        page.condition = compile_cond(pdef.condition, f"{path}.condition", group)
        for q, qdef in zip(page.questions, pdef.questions):
            qpath = f"{path}.questions[{q.id}]"
            table = group_questions.setdefault(group.id, {}) if group else questions
            clash = q.id in questions or any(q.id in t for t in group_questions.values())
            if clash:
                problems.append(f"{qpath}.id: '{q.id}' is used by another question; every question needs its own id")
                continue
            table[q.id] = (q, page)
            for i, ev in enumerate(qdef.evidence):
                pending_evidence.append((f"{qpath}.evidence[{ev.id}]", ev, q, page, group))
        return page

    for s_index, sdef in enumerate(definition.sections):
        spath = f"sections[{sdef.id}]"
        if sdef.id in section_ids[:s_index]:
            problems.append(f"{spath}.id: '{sdef.id}' is used by another section")
        if sdef.requires != "all":
            for req in sdef.requires:
                if req not in section_ids:
                    problems.append(f"{spath}.requires: '{req}' is not a section in this form")
                elif section_ids.index(req) >= s_index:
                    problems.append(f"{spath}.requires: '{req}' comes later in the form; a section can only wait for earlier ones")
        section = Section(sdef)
        section.condition = compile_cond(sdef.condition, f"{spath}.condition")
        for item in sdef.pages:
            if isinstance(item, GroupDef):
                gpath = f"{spath}.pages[{item.group}]"
                group = Group(item, section)
                group.condition = compile_cond(item.condition, f"{gpath}.condition")
                if item.group in groups or item.group in questions:
                    problems.append(f"{gpath}.group: '{item.group}' is used by another group or question")
                if add_slug(item.list.slug, f"{gpath}.list"):
                    pass
                groups[item.group] = group
                for pdef in item.pages:
                    ppath = f"{gpath}.pages[{pdef.slug}]"
                    if pdef.slug in RESERVED_SLUGS:
                        problems.append(f"{ppath}.slug: '{pdef.slug}' is kept for the engine's own pages; choose another")
                    if pdef.slug in {p.slug for p in group.pages}:
                        problems.append(f"{ppath}.slug: '{pdef.slug}' is used by another page in this group")
                    group.pages.append(add_page(pdef, ppath, section, group))
                names = re.findall(r"\{(\w+)\}", item.item_name)
                for n in names:
                    if n not in group_questions.get(item.group, {}) and n != "n":
                        problems.append(f"{gpath}.item_name: '{{{n}}}' is not a question in this group")
                section.items.append(group)
            else:
                ppath = f"{spath}.pages[{item.slug}]"
                page = add_page(item, ppath, section, None)
                if add_slug(item.slug, ppath):
                    pages[item.slug] = page
                section.items.append(page)
        sections.append(section)

    declarations = [s for s in sections if s.definition.declaration]
    if len(declarations) > 1:
        problems.append("sections: only one section can be the declaration")
    if declarations and sections[-1] is not declarations[0]:
        problems.append(f"sections[{declarations[0].id}]: the declaration must be the last section")

    evidence: list[CompiledEvidence] = []
    for path, ev, q, page, group in pending_evidence:
        cond = compile_cond(ev.when, f"{path}.when", group) if ev.when is not None else None
        evidence.append(CompiledEvidence(ev, q, page, cond))
    ids = [e.definition.id for e in evidence]
    for dup in sorted({i for i in ids if ids.count(i) > 1}):
        problems.append(f"evidence '{dup}' is declared by more than one question; give each its own id")

    if definition.carry_over is not None and definition.carry_over.from_version >= definition.version:
        problems.append("carry_over.from_version: must be an earlier version than this one")

    if problems:
        raise DefinitionError(name, problems)
    return Form(
        definition, sections, pages, groups, questions, group_questions, evidence,
        {k: v.compute for k, v in declared.items()},
    )


def translatable_strings(form: Form) -> Iterator[tuple[str, str]]:
    """Every visible English string in a definition, with its path: what a translator sees."""

    def walk(node: Any, path: str) -> Iterator[tuple[str, str]]:
        if isinstance(node, BaseModel):
            for key in type(node).model_fields:
                value = getattr(node, key)
                if key in ("id", "slug", "value", "group", "form", "type", "href", "autocomplete", "condition", "when", "facts", "requires", "periods", "accept"):
                    continue
                yield from walk(value, f"{path}.{key}" if path else key)
        elif isinstance(node, list):
            for i, item in enumerate(node):
                yield from walk(item, f"{path}[{i}]")
        elif isinstance(node, dict):
            for k, v in node.items():
                if isinstance(v, str):
                    yield f"{path}.{k}", v
        elif isinstance(node, str):
            yield path, node

    yield from walk(form.definition, "")
