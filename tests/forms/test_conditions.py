"""Structured conditions: evaluated safely, unknown references and unsuitable tests rejected at load."""

from datetime import date

import pytest

from forms.conditions import ConditionError, Ref, compile_condition

QUESTIONS = {
    "has_partner": Ref("bool"),
    "tenure": Ref("text", ("private_rent", "social_rent", "owner")),
    "benefits": Ref("list", ("pip", "aa", "none")),
    "savings": Ref("number"),
    "rent": Ref("money"),
    "dob": Ref("date"),
}


def compile(raw):
    return compile_condition(raw, "sections[x].pages[y].condition", questions=QUESTIONS.get,
                             facts={"pension_age": Ref("bool")}, groups={"jobs"})


class Scope:
    def __init__(self, answers, facts=None):
        self.answers, self.facts = answers, facts or {}

    def answer(self, qid):
        return self.answers.get(qid)

    def fact(self, name):
        return self.facts.get(name)

    def count(self, gid):
        return len(self.answers.get(gid) or [])


@pytest.mark.parametrize(
    "raw, answers, expected",
    [
        ({"question": "has_partner", "equals": True}, {"has_partner": True}, True),
        ({"question": "has_partner", "equals": True}, {"has_partner": False}, False),
        ({"question": "has_partner", "equals": True}, {}, False),
        ({"question": "tenure", "in": ["private_rent", "social_rent"]}, {"tenure": "social_rent"}, True),
        ({"question": "tenure", "not_in": ["owner"]}, {"tenure": "owner"}, False),
        ({"question": "tenure", "not_equals": "owner"}, {}, False),
        ({"question": "benefits", "contains": "pip"}, {"benefits": ["aa", "pip"]}, True),
        ({"question": "savings", "gte": 6000}, {"savings": "6000"}, True),
        ({"question": "savings", "gt": 6000}, {"savings": "6000"}, False),
        ({"question": "savings", "lt": "16000.01"}, {"savings": "16000"}, True),
        ({"question": "rent", "lte": 100}, {"rent": {"amount": "100.00", "period": "week"}}, True),
        ({"question": "dob", "before": "1960-04-06"}, {"dob": "1960-04-05"}, True),
        ({"question": "dob", "after": "1960-04-06"}, {"dob": "1960-04-06"}, False),
        ({"question": "savings", "answered": True}, {"savings": "0"}, True),
        ({"question": "savings", "answered": False}, {}, True),
        ({"count": "jobs", "gte": 2}, {"jobs": [{}, {}]}, True),
        ({"all": [{"question": "has_partner", "equals": True}, {"question": "tenure", "equals": "owner"}]}, {"has_partner": True, "tenure": "owner"}, True),
        ({"any": [{"question": "has_partner", "equals": True}, {"question": "tenure", "equals": "owner"}]}, {"tenure": "owner"}, True),
        ({"not": {"question": "has_partner", "equals": True}}, {"has_partner": False}, True),
    ],
)
def test_conditions_evaluate(raw, answers, expected):
    assert compile(raw)(Scope(answers)) is expected


def test_fact_condition():
    cond = compile({"fact": "pension_age", "equals": True})
    assert cond(Scope({}, {"pension_age": True}))
    assert not cond(Scope({}, {"pension_age": None}))


def test_a_broken_stored_answer_is_false_not_an_exception():
    assert compile({"question": "savings", "gte": 1})(Scope({"savings": "lots"})) is False


@pytest.mark.parametrize(
    "raw, message",
    [
        ({"question": "has_partnr", "equals": True}, "refers to a question 'has_partnr' that is not in this form"),
        ({"fact": "age", "equals": True}, "refers to a fact 'age' that this form does not declare (declared facts: pension_age)"),
        ({"count": "cars", "gte": 1}, "counts a repeating group 'cars' that is not in this form"),
        ({"question": "tenure", "equals": "council"}, "'council' is not one of the question's options (private_rent, social_rent, owner)"),
        ({"question": "tenure", "gte": 3}, "'gte' compares numbers; this refers to a text answer"),
        ({"question": "savings", "before": "2020-01-01"}, "'before' compares dates; this refers to a number answer"),
        ({"question": "has_partner", "equals": "yes please"}, "a yes or no answer is tested with true or false"),
        ({"question": "benefits", "equals": "pip"}, "a checkbox answer can only be tested with 'contains' or 'answered'"),
        ({"question": "savings", "matches": "1"}, "'matches' is not a test a condition can use"),
        ({"question": "savings", "gte": 1, "lte": 5}, "give exactly one test"),
        ({"all": []}, "'all' needs a list of at least one condition"),
        ("has_partner == true", "a condition must be a mapping"),
        ({"question": "dob", "before": "5th May"}, "'5th May' is not a date like 2026-04-06"),
    ],
)
def test_broken_conditions_are_refused_with_the_path(raw, message):
    with pytest.raises(ConditionError) as caught:
        compile(raw)
    assert str(caught.value).startswith("sections[x].pages[y].condition")
    assert message in str(caught.value)


def test_nested_path_names_the_part():
    with pytest.raises(ConditionError) as caught:
        compile({"all": [{"question": "has_partner", "equals": True}, {"not": {"question": "nope", "equals": 1}}]})
    assert caught.value.path == "sections[x].pages[y].condition.all[1].not"


def test_date_literal_parsed_from_yaml_date():
    assert compile({"question": "dob", "before": date(1960, 4, 6)})(Scope({"dob": "1950-01-01"}))
