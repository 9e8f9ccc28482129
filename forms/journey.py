"""The journey through a form, re-derived from the answers on every request.

    journey = Journey(form, answers, today=date(2026, 11, 23))
    page = journey.page("jobs/2/employer")          # OutOfTurn / PageNotFound if not reachable
    page = page.bind(await request.form())          # parse every question on the page
    if page.errors: ...                             # field errors, or "confirm you want to delete ..."
    save(page.cleaned)                              # the claim's whole answers with this page applied
    journey.after("jobs/2/employer")                # where to go next, seeing the answers just bound

Addresses: an ordinary page is its slug (``your-name``); a repeating group's item pages are
``<group>/<n>/<slug>`` (n from 1); its list ("add another") page is the list slug; removing
an item is ``<group>/<n>/remove``. ``tasks``, ``check/<section>``, ``check`` and ``submit`` are
pages the web layer draws from ``task_list()``, ``check_answers()``, ``final_check()``.

Answers are a JSON-friendly dict: ``{question_id: value, group_id: [{question_id: value}],
"<group_id>:add_another": bool}``. Answers on pages the current answers hide are never
read (not by conditions, facts, check answers, evidence or the household).
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from enum import Enum
from functools import cached_property
from typing import Any, Mapping

from .conditions import Condition
from .i18n import _
from .questions import Invalid, Question, YesNoQuestion
from .schema import Form, Group, Page, QuestionDef, Section

CONFIRM_REMOVAL = "confirm-removal"


class PageNotFound(LookupError):
    """No page has this address in this form (a 404)."""


class OutOfTurn(LookupError):
    """The page exists but cannot be shown yet, or not for these answers; go to ``redirect_to``."""

    def __init__(self, address: str, redirect_to: str) -> None:
        super().__init__(f"{address} is not available yet; go to {redirect_to}")
        self.address = address
        self.redirect_to = redirect_to


class Status(str, Enum):
    NOT_STARTED = "not_started"
    IN_PROGRESS = "in_progress"
    COMPLETED = "completed"
    CANNOT_START_YET = "cannot_start_yet"

    @property
    def label(self) -> str:
        return {
            "not_started": _("Not yet started"),
            "in_progress": _("In progress"),
            "completed": _("Completed"),
            "cannot_start_yet": _("Cannot start yet"),
        }[self.value]


@dataclass(frozen=True)
class Step:
    address: str
    section: Section
    page: Page | None  # None for a group's list page
    group: Group | None
    index: int | None  # item number, from 1
    answered: bool
    new_item: bool = False  # an item the person said they would add but has not started


@dataclass(frozen=True)
class Task:
    section_id: str
    title: str
    status: Status
    href: str | None  # None when the section cannot start yet


@dataclass(frozen=True)
class Row:
    """One row of a check-answers summary list."""

    question_id: str
    key: str
    value: str
    change: str  # the address of the page to change it
    group: str | None = None
    item: int | None = None
    item_name: str | None = None


@dataclass(frozen=True)
class EvidenceNeeded:
    id: str
    text: str
    examples: tuple[str, ...]
    question_id: str
    address: str
    item_name: str | None = None


@dataclass(frozen=True)
class FieldError:
    field: str  # the input id the error summary links to
    message: str
    question_id: str
    kind: str = "error"  # "confirm" for the warning before answers are deleted


@dataclass(frozen=True)
class RemovedAnswer:
    key: str
    value: str
    address: str


@dataclass(frozen=True)
class Change:
    path: str  # "question" or "group/n/question"
    before: Any
    after: Any


@dataclass(frozen=True)
class FieldView:
    question: Question
    label: str
    hint: str | None
    value: dict[str, Any]  # input name -> value to show
    error: FieldError | None = None


# ----------------------------------------------------------------------------------------


class _Scope:
    """What a condition sees: visible answers only; inside an item, that item's answers."""

    def __init__(self, journey: Journey, visible: dict[str, Any], item: Mapping[str, Any] | None, group: Group | None):
        self.journey, self.visible, self.item, self.group = journey, visible, item, group

    def answer(self, question_id: str) -> Any:
        if self.group is not None and self.item is not None and question_id in self.journey.form.group_questions[self.group.id]:
            return self.item.get(question_id)
        return self.visible.get(question_id)

    def fact(self, name: str) -> Any:
        return self.journey.form.facts[name](self.visible, self.journey.today)

    def count(self, group_id: str) -> int:
        return len(self.visible.get(group_id) or [])


def _holds(condition: Condition | None, scope: _Scope) -> bool:
    return condition is None or condition(scope)


def _more_key(group: Group) -> str:
    return f"{group.id}:add_another"


class Journey:
    def __init__(self, form: Form, answers: Mapping[str, Any] | None, *, today: date | None = None) -> None:
        self.form = form
        self.answers: dict[str, Any] = copy.deepcopy(dict(answers or {}))
        self.today = today or date.today()

    # ------------------------------------------------------------------ derivation

    @cached_property
    def _derived(self) -> tuple[list[Step], dict[str, Any], list[Section]]:
        """Walk the form in order. Returns the visible steps, the visible top-level answers
        (groups as their visible items), and the visible sections."""
        answers = self.answers
        visible: dict[str, Any] = {}
        steps: list[Step] = []
        sections: list[Section] = []
        for section in self.form.sections:
            if not _holds(section.condition, _Scope(self, visible, None, None)):
                continue
            sections.append(section)
            for item in section.items:
                if isinstance(item, Page):
                    if not _holds(item.condition, _Scope(self, visible, None, None)):
                        continue
                    answered = all(q.id in answers for q in item.questions)
                    steps.append(Step(item.slug, section, item, None, None, answered))
                    for q in item.questions:
                        if q.id in answers:
                            visible[q.id] = answers[q.id]
                    continue
                group = item
                if not _holds(group.condition, _Scope(self, visible, None, None)):
                    continue
                items = list(answers.get(group.id) or [])
                more = answers.get(_more_key(group))
                visible_items = []
                for n, entry in enumerate(items, 1):
                    scope = _Scope(self, visible, entry, group)
                    kept = {}
                    for page in group.pages:
                        if not _holds(page.condition, scope):
                            continue
                        answered = all(q.id in entry for q in page.questions)
                        steps.append(Step(f"{group.id}/{n}/{page.slug}", section, page, group, n, answered))
                        kept.update({q.id: entry[q.id] for q in page.questions if q.id in entry})
                    visible_items.append(kept)
                if not items or more is True:
                    n = len(items) + 1
                    scope = _Scope(self, visible, {}, group)
                    for page in group.pages:
                        if _holds(page.condition, scope):
                            steps.append(Step(f"{group.id}/{n}/{page.slug}", section, page, group, n, False, new_item=bool(items)))
                            break  # only the first page of a new item; the rest follow once it exists
                done = more is False and len(items) >= group.definition.min_items
                steps.append(Step(group.list_slug, section, None, group, None, done))
                visible[group.id] = visible_items
        return steps, visible, sections

    @property
    def steps(self) -> list[Step]:
        return self._derived[0]

    @property
    def visible_answers(self) -> dict[str, Any]:
        """The answers the current answers make relevant (what the household and evidence read)."""
        return self._derived[1]

    @property
    def sections(self) -> list[Section]:
        return self._derived[2]

    def _section_steps(self, section: Section) -> list[Step]:
        return [s for s in self.steps if s.section is section]

    def status(self, section: Section) -> Status:
        if not self._can_start(section):
            return Status.CANNOT_START_YET
        steps = self._section_steps(section)
        if all(s.answered or s.new_item for s in steps):
            return Status.COMPLETED
        if any(s.answered for s in steps) or any(s.index for s in steps if s.group and s.index and s.index > 1):
            return Status.IN_PROGRESS
        return Status.NOT_STARTED

    def _can_start(self, section: Section) -> bool:
        requires = section.definition.requires
        earlier = self.sections[: self.sections.index(section)]
        needed = earlier if requires == "all" else [s for s in earlier if s.id in requires]
        return all(self.status(s) is Status.COMPLETED for s in needed)

    # ------------------------------------------------------------------ task list, navigation

    def task_list(self) -> list[Task]:
        tasks = []
        for section in self.sections:
            status = self.status(section)
            href = None if status is Status.CANNOT_START_YET else self.resume(section.id)
            tasks.append(Task(section.id, section.title, status, href))
        return tasks

    def resume(self, section_id: str) -> str:
        """Where the task list link for a section goes: its first unanswered page, or its check answers."""
        section = self.form.section(section_id)
        for step in self._section_steps(section):
            if not step.answered and not step.new_item:
                return step.address
        return self._end_of(section)

    def _end_of(self, section: Section) -> str:
        if section.definition.declaration:
            return "submit"
        return f"check/{section.id}" if section.definition.check_answers else "tasks"

    @property
    def ready_for_final_check(self) -> bool:
        return all(self.status(s) is Status.COMPLETED for s in self.sections if not s.definition.declaration)

    @property
    def ready_to_submit(self) -> bool:
        return all(self.status(s) is Status.COMPLETED for s in self.sections)

    def after(self, address: str) -> str:
        """The address to go to after a page is saved, seeing the answers just bound."""
        step = self._find(address)
        section = step.section
        if address.endswith("/remove"):
            return step.address if self.answers.get(step.group.id) else self.resume(section.id)
        if step.page is None and step.group is not None and self.answers.get(_more_key(step.group)) is True:
            n = len(self.answers.get(step.group.id) or []) + 1
            for s in self._section_steps(section):
                if s.group is step.group and s.index == n:
                    return s.address
        return self.resume(section.id)

    def back(self, address: str) -> str:
        """The previous page in the section, or the task list."""
        steps = self._section_steps(self._find(address).section)
        addresses = [s.address for s in steps]
        i = addresses.index(address) if address in addresses else 0
        return addresses[i - 1] if i > 0 else "tasks"

    def _find(self, address: str) -> Step:
        parts = address.split("/")
        if len(parts) == 3 and parts[2] == "remove" and parts[0] in self.form.groups:
            group = self.form.groups[parts[0]]
            for s in self.steps:
                if s.group is group and s.page is None:
                    return s
            raise OutOfTurn(address, "tasks")
        for s in self.steps:
            if s.address == address:
                return s
        if not self._exists(address):
            raise PageNotFound(address)
        raise OutOfTurn(address, "tasks")

    def _exists(self, address: str) -> bool:
        if address in self.form.pages or address in {g.list_slug for g in self.form.groups.values()}:
            return True
        parts = address.split("/")
        if len(parts) == 3 and parts[0] in self.form.groups and parts[1].isdigit() and int(parts[1]) >= 1:
            group = self.form.groups[parts[0]]
            return parts[2] == "remove" or parts[2] in {p.slug for p in group.pages}
        return False

    # ------------------------------------------------------------------ pages

    def page(self, address: str) -> PageView:
        """The page at ``address``, if the answers so far let the person see it now."""
        parts = address.split("/")
        if len(parts) == 3 and parts[2] == "remove":
            return self._remove_page(address, parts[0], parts[1])
        step = self._find(address)
        if not self._can_start(step.section):
            raise OutOfTurn(address, "tasks")
        for s in self._section_steps(step.section):
            if s is step:
                break
            if s.answered or s.new_item:
                continue
            raise OutOfTurn(address, s.address)
        if step.page is None:
            return ListPageView(self, step)
        return PageView(self, step)

    def new_item_page(self, group_id: str, slug: str) -> PageView:
        """The first page of one more item of ``group_id``, whatever the list page last said.

        For an item begun in another window after this one was shown: saving it adds an item
        instead of writing over the one the other window added. Raises OutOfTurn if the group
        is not asked about now, or ``slug`` is not where a new item begins."""
        group = self.form.groups.get(group_id)
        if group is None:
            raise PageNotFound(f"{group_id}/{slug}")
        answers = copy.deepcopy(self.answers)
        answers[_more_key(group)] = True
        wider = Journey(self.form, answers, today=self.today)
        n = len(answers.get(group.id) or []) + 1
        for step in wider.steps:
            if step.group is group and step.index == n and step.page is not None and step.page.slug == slug:
                return PageView(wider, step)
        raise OutOfTurn(f"{group_id}/{n}/{slug}", group.list_slug)

    def _remove_page(self, address: str, group_id: str, number: str) -> PageView:
        group = self.form.groups.get(group_id)
        if group is None or not number.isdigit():
            raise PageNotFound(address)
        items = self.answers.get(group.id) or []
        n = int(number)
        if not 1 <= n <= len(items):
            raise OutOfTurn(address, group.list_slug)
        list_step = self._find(group.list_slug)
        return RemovePageView(self, list_step, n)

    def item_name(self, group: Group, n: int) -> str:
        items = self.answers.get(group.id) or []
        entry = items[n - 1] if 0 < n <= len(items) else {}
        names = {}
        for qid, (q, _page) in self.form.group_questions[group.id].items():
            names[qid] = q.display(entry[qid]) if entry.get(qid) is not None else ""
        text = " ".join(group.definition.item_name.format(n=n, **names).split())
        return text or f"{group.definition.title} {n}"

    # ------------------------------------------------------------------ check answers

    def check_answers(self, section_id: str) -> list[Row]:
        section = self.form.section(section_id)
        rows = []
        for step in self._section_steps(section):
            if step.page is None or not step.answered:
                continue
            entry = self._entry(step)
            for q in step.page.questions:
                value = entry.get(q.id)
                name = self.item_name(step.group, step.index) if step.group else None
                rows.append(
                    Row(q.id, _fill(q.label, name), q.display(value) if value not in (None, []) else _("Not given"),
                        step.address, step.group.id if step.group else None, step.index, name)
                )
        return rows

    def final_check(self) -> list[tuple[Section, list[Row]]]:
        return [(s, self.check_answers(s.id)) for s in self.sections if not s.definition.declaration]

    def _entry(self, step: Step) -> Mapping[str, Any]:
        if step.group is None:
            return self.answers
        items = self.answers.get(step.group.id) or []
        return items[step.index - 1] if step.index and step.index <= len(items) else {}

    # ------------------------------------------------------------------ evidence

    def evidence(self) -> list[EvidenceNeeded]:
        """The documents these answers call for: each question's declared evidence, where the
        question is on a page the answers show and its ``when`` holds (by default: answered,
        and not 'No', 'None' or nothing)."""
        out = []
        visible = self.visible_answers
        shown = {(s.page.slug, s.index): s for s in self.steps if s.page is not None and s.answered}
        for ev in self.form.evidence:
            page = ev.page
            if page.group is None:
                step = shown.get((page.slug, None))
                if step is None:
                    continue
                entries = [(None, self.answers, step.address)]
            else:
                entries = []
                for n, entry in enumerate(self.answers.get(page.group.id) or [], 1):
                    step = shown.get((page.slug, n))
                    if step is not None:
                        entries.append((n, entry, step.address))
            for n, entry, address in entries:
                scope = _Scope(self, visible, entry, page.group)
                holds = ev.condition(scope) if ev.condition is not None else _meaningful(entry.get(ev.question.id), ev.question)
                if holds:
                    name = self.item_name(page.group, n) if page.group else None
                    out.append(EvidenceNeeded(ev.definition.id, _fill(ev.definition.text, name),
                                              tuple(ev.definition.examples), ev.question.id, address, name))
        return out

    # ------------------------------------------------------------------ applying answers

    def _removals(self, old: Journey, new: Journey) -> tuple[list[RemovedAnswer], dict[str, Any]]:
        """Answers the old journey showed that the new one hides; and the new answers without them."""
        removed: list[RemovedAnswer] = []
        pruned = copy.deepcopy(new.answers)
        old_shown = {(s.address) for s in old.steps if s.page is not None and s.answered}
        new_shown = {s.address for s in new.steps if s.page is not None}
        old_groups = {s.group.id for s in old.steps if s.group is not None}
        new_groups = {s.group.id for s in new.steps if s.group is not None}
        for step in old.steps:
            if step.page is None or step.address in new_shown or step.address not in old_shown:
                continue
            if step.group is not None and step.group.id not in new_groups:
                continue  # the whole group goes; reported below
            entry = old._entry(step)
            for q in step.page.questions:
                if q.id in entry:
                    name = old.item_name(step.group, step.index) if step.group else None
                    removed.append(RemovedAnswer(_fill(q.label, name), q.display(entry[q.id]), step.address))
                    if step.group is None:
                        pruned.pop(q.id, None)
                    elif step.index <= len(pruned.get(step.group.id) or []):
                        pruned[step.group.id][step.index - 1].pop(q.id, None)
        for gid in old_groups - new_groups:
            group = self.form.groups[gid]
            for n, _entry in enumerate(old.answers.get(gid) or [], 1):
                removed.append(RemovedAnswer(group.definition.title, old.item_name(group, n), f"{gid}/{n}"))
            pruned.pop(gid, None)
            pruned.pop(_more_key(group), None)
        return removed, pruned

    def _adopt(self, answers: dict[str, Any]) -> None:
        self.answers = answers
        self.__dict__.pop("_derived", None)


def _fill(text: str, item_name: str | None) -> str:
    return text.replace("{item}", item_name) if item_name is not None and "{item}" in text else text


def _meaningful(value: Any, question: Question) -> bool:
    if value is None or value is False or value == [] or value == "":
        return False
    if isinstance(value, dict) and "amount" in value:
        return Decimal(value["amount"]) > 0
    if question.type == "number":
        return Decimal(str(value)) != 0
    if question.type == "checkboxes":
        exclusive = {o.value for o in question.options if o.exclusive}
        return any(v not in exclusive for v in value)
    if question.type == "radios" and value in ("none", "no"):
        return False
    return True


# ----------------------------------------------------------------------------------------


class PageView:
    """A page ready to show: heading, guidance, fields with their current values."""

    kind = "questions"

    def __init__(self, journey: Journey, step: Step) -> None:
        self.journey = journey
        self.step = step
        self.address = step.address
        self.section = step.section
        self.group = step.group
        self.index = step.index
        self.item_name = journey.item_name(step.group, step.index) if step.group and step.index else None

    @property
    def definition(self):
        return self.step.page.definition

    @property
    def questions(self) -> list[Question]:
        return self.step.page.questions

    @property
    def heading(self) -> str:
        return _fill(self.definition.heading, self.item_name)

    @property
    def explanation(self) -> str | None:
        return _fill(self.definition.explanation, self.item_name) if self.definition.explanation else None

    @property
    def why_we_ask(self) -> str | None:
        return self.definition.why_we_ask

    @property
    def links(self):
        return self.definition.links

    @property
    def back(self) -> str:
        return self.journey.back(self.address)

    def _current(self) -> Mapping[str, Any]:
        return self.journey._entry(self.step)

    @property
    def fields(self) -> list[FieldView]:
        current = self._current()
        return [FieldView(q, _fill(q.label, self.item_name), q.hint, q.to_form(current.get(q.id))) for q in self.questions]

    @property
    def errors(self) -> list[FieldError]:
        return []

    def bind(self, form_data: Mapping[str, Any], *, uploads: Mapping[str, Mapping[str, Any]] | None = None) -> BoundPage:
        values: dict[str, Any] = {}
        errors: list[FieldError] = []
        for q in self.questions:
            if q.type == "file":
                result = q.parse(form_data, today=self.journey.today, metadata=uploads)
            else:
                result = q.parse(form_data, today=self.journey.today)
            if isinstance(result, Invalid):
                errors.append(FieldError(result.field, result.message, q.id))
            else:
                values[q.id] = result
        if errors:
            return BoundPage(self, form_data, values, errors)
        return self._apply(form_data, values)

    def _merged(self, values: dict[str, Any]) -> dict[str, Any]:
        answers = copy.deepcopy(self.journey.answers)
        if self.group is None:
            answers.update(values)
            return answers
        items = answers.setdefault(self.group.id, [])
        if self.index == len(items) + 1:
            items.append({})
            answers.pop(_more_key(self.group), None)  # the list page asks again
        items[self.index - 1].update(values)
        return answers

    def _apply(self, form_data: Mapping[str, Any], values: dict[str, Any]) -> BoundPage:
        journey = self.journey
        merged = Journey(journey.form, self._merged(values), today=journey.today)
        removed, pruned = journey._removals(journey, merged)
        if removed and str(form_data.get(CONFIRM_REMOVAL, "")).lower() != "yes":
            error = FieldError(
                CONFIRM_REMOVAL,
                _("Confirm you want to change this answer: we will delete the answers it no longer needs"),
                CONFIRM_REMOVAL,
                kind="confirm",
            )
            return BoundPage(self, form_data, values, [error], removed=removed)
        bound = BoundPage(self, form_data, values, [], removed=removed, cleaned=pruned, before=journey.answers)
        journey._adopt(pruned)
        return bound


class ListPageView(PageView):
    """'You have added 2 jobs': the items, each with change and remove links, and 'add another?'."""

    kind = "list"

    def __init__(self, journey: Journey, step: Step) -> None:
        super().__init__(journey, step)
        d = step.group.definition.list
        self._question = YesNoQuestion(
            QuestionDef(id="add_another", type="yes_no", label=d.add_another, messages={"required": d.add_another_error})
        )

    @property
    def definition(self):
        return self.step.group.definition.list

    @property
    def questions(self) -> list[Question]:
        return [self._question]

    @property
    def items(self) -> list[dict[str, Any]]:
        group = self.group
        first = {}
        for s in self.journey.steps:
            if s.group is group and s.index and s.index not in first and not s.new_item:
                first[s.index] = s.address
        return [
            {"index": n, "name": self.journey.item_name(group, n), "change": first.get(n), "remove": f"{group.id}/{n}/remove"}
            for n in range(1, len(self.journey.answers.get(group.id) or []) + 1)
        ]

    @property
    def can_add_another(self) -> bool:
        return len(self.journey.answers.get(self.group.id) or []) < self.group.definition.max_items

    @property
    def max_items_error(self) -> str:
        group = self.group.definition
        words = group.list.max_items_error or "You can add up to {max_items} " + group.title.lower()
        return words.replace("{max_items}", str(group.max_items))

    def _current(self):
        return {"add_another": self.journey.answers.get(_more_key(self.group))}

    def bind(self, form_data: Mapping[str, Any], *, uploads: Mapping[str, Mapping[str, Any]] | None = None) -> BoundPage:
        more = self._question.parse(form_data, today=self.journey.today)
        if more is True and not self.can_add_another:
            error = FieldError("add_another", self.max_items_error, "add_another")
            return BoundPage(self, form_data, {"add_another": more}, [error])
        return super().bind(form_data, uploads=uploads)

    def _merged(self, values):
        answers = copy.deepcopy(self.journey.answers)
        answers[_more_key(self.group)] = values["add_another"]
        return answers


class RemovePageView(PageView):
    """'Are you sure you want to remove <item>?' Saying yes is itself the confirmation."""

    kind = "remove"

    def __init__(self, journey: Journey, list_step: Step, index: int) -> None:
        super().__init__(journey, list_step)
        self.index = index
        self.address = f"{list_step.group.id}/{index}/remove"
        self.item_name = journey.item_name(list_step.group, index)
        self._question = YesNoQuestion(
            QuestionDef(id="confirm_remove", type="yes_no", label=f"Are you sure you want to remove {self.item_name}?",
                        messages={"required": f"Select yes if you want to remove {self.item_name}"})
        )

    @property
    def definition(self):
        return self.step.group.definition.list

    @property
    def heading(self) -> str:
        return self._question.label

    @property
    def back(self) -> str:
        return self.group.list_slug

    @property
    def questions(self):
        return [self._question]

    def _current(self):
        return {}

    def _apply(self, form_data, values):
        answers = copy.deepcopy(self.journey.answers)
        if values["confirm_remove"]:
            del answers[self.group.id][self.index - 1]
            if not answers[self.group.id]:
                answers.pop(_more_key(self.group), None)
        bound = BoundPage(self, form_data, values, [], cleaned=answers, before=self.journey.answers)
        self.journey._adopt(answers)
        return bound


@dataclass
class BoundPage:
    """A page with submitted data: errors to show, or the whole new answers in ``cleaned``."""

    view: PageView
    raw: Mapping[str, Any]
    values: dict[str, Any]
    errors: list[FieldError]
    removed: list[RemovedAnswer] = field(default_factory=list)
    cleaned: dict[str, Any] | None = None
    before: dict[str, Any] | None = None

    def __getattr__(self, name: str) -> Any:  # heading, fields, questions, back... from the view
        return getattr(self.view, name)

    @property
    def needs_confirmation(self) -> bool:
        return any(e.kind == "confirm" for e in self.errors)

    @property
    def fields(self) -> list[FieldView]:
        by_question = {e.question_id: e for e in self.errors}
        out = []
        for f in self.view.fields:
            submitted = {k: (self.raw.getlist(k) if hasattr(self.raw, "getlist") and isinstance(v, list) else self.raw.get(k, ""))
                         for k, v in f.value.items()}
            out.append(FieldView(f.question, f.label, f.hint, submitted, by_question.get(f.question.id)))
        return out

    @property
    def changes(self) -> list[Change]:
        """What this save changed, path by path (for recording who entered each answer and when)."""
        if self.cleaned is None:
            return []
        return list(_diff(self.before or {}, self.cleaned, ""))


def _diff(before: Any, after: Any, path: str):
    if isinstance(before, dict) and isinstance(after, dict) and not ("amount" in after or "line1" in after or "sort_code" in after):
        for key in sorted(set(before) | set(after)):
            yield from _diff(before.get(key), after.get(key), f"{path}/{key}" if path else key)
    elif isinstance(before, list) and isinstance(after, list) and any(isinstance(x, dict) and "upload_id" not in x for x in before + after):
        for i in range(max(len(before), len(after))):
            yield from _diff(before[i] if i < len(before) else None, after[i] if i < len(after) else None, f"{path}/{i + 1}")
    elif before != after:
        yield Change(path, before, after)
