"""The schema refuses broken definitions, naming the path in plain English."""

import copy

import pytest
import yaml

from forms.registry import default_registry
from forms.schema import DefinitionError, load_form, translatable_strings

from formkit import FACTS, small_form_dict


def problems(mutate):
    raw = small_form_dict()
    mutate(raw)
    with pytest.raises(DefinitionError) as caught:
        load_form(raw, facts=FACTS)
    return caught.value.problems


def page(raw, section, index):
    return raw["sections"][section]["pages"][index]


def test_the_small_form_loads(form):
    assert [s.id for s in form.sections] == ["you", "work", "declaration"]


def test_unknown_question_type():
    found = problems(lambda r: page(r, 0, 0)["questions"][0].update(type="txt"))
    assert found[0].startswith("sections[you].pages[name].questions[name].type: must be one of:")


def test_misspelt_setting():
    found = problems(lambda r: page(r, 0, 0).update(heding="Name"))
    assert found == ["sections[you].pages[name].heding: is not a setting this part of a form can have (check the spelling)"]


def test_missing_heading():
    found = problems(lambda r: page(r, 0, 0).pop("heading"))
    assert found == ["sections[you].pages[name].heading: is missing; add it"]


def test_radios_need_options():
    def mutate(r):
        page(r, 0, 0)["questions"][0].update(type="radios")
    assert problems(mutate) == ["sections[you].pages[name].questions[name]: a radios question needs at least two options"]


def test_required_question_needs_an_error_name():
    found = problems(lambda r: page(r, 0, 0)["questions"][0].pop("error_name"))
    assert "needs an error_name (like 'your date of birth') or messages.required" in found[0]


def test_unknown_message_key():
    found = problems(lambda r: page(r, 0, 0)["questions"][0].update(messages={"requried": "x"}))
    assert "messages has keys this question type does not use: requried" in found[0]


def test_bad_slug():
    found = problems(lambda r: page(r, 0, 0).update(slug="Your Name"))
    assert found == ["sections[you].pages[Your Name].slug: must use lower-case letters, numbers and hyphens only, starting with a letter"]


def test_duplicate_question_id():
    found = problems(lambda r: page(r, 0, 1)["questions"][0].update(id="name"))
    assert "sections[you].pages[dob].questions[name].id: 'name' is used by another question" in found[0]


def test_duplicate_slug():
    found = problems(lambda r: page(r, 0, 1).update(slug="name"))
    assert found == ["sections[you].pages[name].slug: 'name' is used by another page; every page needs its own slug"]


def test_reserved_slug():
    found = problems(lambda r: page(r, 0, 0).update(slug="check"))
    assert found == ["sections[you].pages[check].slug: 'check' is kept for the engine's own pages; choose another"]


def test_condition_on_unknown_question():
    found = problems(lambda r: page(r, 0, 4).update(condition={"question": "has_partnr", "equals": True}))
    assert found == ["sections[you].pages[partner-name].condition: refers to a question 'has_partnr' that is not in this form (or not on an earlier page in reach)"]


def test_condition_on_a_later_question_is_refused():
    found = problems(lambda r: page(r, 0, 0).update(condition={"question": "has_partner", "equals": True}))
    assert "refers to a question 'has_partner' that is not in this form (or not on an earlier page in reach)" in found[0]


def test_undeclared_fact():
    found = problems(lambda r: r.update(facts=["over_65", "likes_cats"]))
    assert found == ["facts: 'likes_cats' is not a fact the engine provides (it provides: over_65)"]


def test_group_item_name_must_use_group_questions():
    found = problems(lambda r: page(r, 1, 1).update(item_name="{employer_name}"))
    assert found == ["sections[work].pages[jobs].item_name: '{employer_name}' is not a question in this group"]


def test_error_inside_a_group_page_names_the_group():
    found = problems(lambda r: page(r, 1, 1)["pages"][0]["questions"][0].update(type="nope"))
    assert found[0].startswith("sections[work].pages[jobs].pages[employer].questions[employer].type: must be one of:")


def test_section_can_only_wait_for_earlier_sections():
    found = problems(lambda r: r["sections"][0].update(requires=["work"]))
    assert found == ["sections[you].requires: 'work' comes later in the form; a section can only wait for earlier ones"]


def test_declaration_must_be_last():
    def mutate(r):
        r["sections"].append(copy.deepcopy(r["sections"][0]) | {"id": "extra", "pages": [{"slug": "extra", "heading": "x", "questions": [{"id": "extra", "type": "text", "label": "x", "error_name": "x"}]}]})
    assert problems(mutate) == ["sections[declaration]: the declaration must be the last section"]


def test_several_problems_are_all_reported():
    def mutate(r):
        page(r, 0, 0).update(heding="x")
        page(r, 0, 1)["questions"][0].update(type="nope")
    assert len(problems(mutate)) == 2


def test_invalid_yaml(tmp_path):
    path = tmp_path / "v1.yaml"
    path.write_text("form: [", encoding="utf-8")
    with pytest.raises(DefinitionError) as caught:
        load_form(path)
    assert "is not valid YAML" in caught.value.problems[0]


def test_hb_ctr_definition_loads_and_every_string_is_translatable():
    form = default_registry().latest("hb_ctr")
    strings = dict(translatable_strings(form))
    assert "What is your date of birth?" in strings.values()
    assert all(isinstance(s, str) and s.strip() for s in strings.values())
    assert not any(k.endswith(".slug") or k.endswith(".id") for k in strings)
