"""Fixtures for the form engine tests."""

import pytest

from forms.schema import load_form

from formkit import FACTS, small_form_dict


@pytest.fixture
def form():
    return load_form(small_form_dict(), facts=FACTS)
