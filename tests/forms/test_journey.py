"""The journey is re-derived from the answers on every request."""

import pytest

from forms import CONFIRM_REMOVAL, Journey, OutOfTurn, PageNotFound, Status

from formkit import TODAY


def journey(form, answers=None):
    return Journey(form, answers or {}, today=TODAY)


def save(j, address, data):
    page = j.page(address).bind(data)
    assert not page.errors, page.errors
    return page, j.after(address)


YOUNG = {"name": "Ann", "dob": "1990-01-01", "has_partner": False}


def test_first_page_and_next(form):
    j = journey(form)
    page, nxt = save(j, "name", {"name": "Ann"})
    assert page.cleaned == {"name": "Ann"}
    assert nxt == "dob"


def test_a_page_out_of_turn_is_refused(form):
    with pytest.raises(OutOfTurn) as caught:
        journey(form).page("partner")
    assert caught.value.redirect_to == "name"


def test_a_page_hidden_by_the_answers_is_refused(form):
    with pytest.raises(OutOfTurn):
        journey(form, YOUNG).page("partner-name")


def test_a_section_that_cannot_start_yet_is_refused(form):
    with pytest.raises(OutOfTurn) as caught:
        journey(form).page("working")
    assert caught.value.redirect_to == "tasks"


def test_unknown_page_is_not_found(form):
    with pytest.raises(PageNotFound):
        journey(form).page("nope")
    with pytest.raises(PageNotFound):
        journey(form).page("jobs/1/nope")


def test_condition_on_a_fact_shows_a_page(form):
    j = journey(form, {"name": "Bob"})
    _, nxt = save(j, "dob", {"dob-day": "1", "dob-month": "1", "dob-year": "1950"})
    assert nxt == "pension"


def test_errors_keep_what_was_typed(form):
    page = journey(form, {"name": "Ann"}).page("dob").bind({"dob-day": "31", "dob-month": "2", "dob-year": "1990"})
    assert [e.message for e in page.errors] == ["Date of birth must be a real date"]
    assert page.errors[0].field == "dob-day"
    assert page.fields[0].value == {"dob-day": "31", "dob-month": "2", "dob-year": "1990"}
    assert page.fields[0].error.message == "Date of birth must be a real date"
    assert page.cleaned is None


def test_end_of_section_goes_to_check_answers(form):
    j = journey(form, {"name": "Ann", "dob": "1990-01-01"})
    _, nxt = save(j, "partner", {"has_partner": "no"})
    assert nxt == "check/you"


def test_task_list_statuses(form):
    tasks = journey(form).task_list()
    assert [(t.section_id, t.status) for t in tasks] == [
        ("you", Status.NOT_STARTED), ("work", Status.CANNOT_START_YET), ("declaration", Status.CANNOT_START_YET)]
    assert tasks[1].href is None
    tasks = journey(form, {"name": "Ann"}).task_list()
    assert tasks[0].status is Status.IN_PROGRESS and tasks[0].href == "dob"
    tasks = journey(form, YOUNG).task_list()
    assert [t.status for t in tasks] == [Status.COMPLETED, Status.NOT_STARTED, Status.CANNOT_START_YET]
    assert tasks[0].href == "check/you" and tasks[1].href == "working"
    assert Status.CANNOT_START_YET.label == "Cannot start yet"


def test_check_answers_rows(form):
    rows = journey(form, YOUNG).check_answers("you")
    assert [(r.key, r.value, r.change) for r in rows] == [
        ("Name", "Ann", "name"), ("Date of birth", "1 January 1990", "dob"), ("Partner?", "No", "partner")]


def test_changing_an_answer_that_hides_pages_asks_first(form):
    answers = YOUNG | {"has_partner": True, "partner_name": "Bo"}
    j = journey(form, answers)
    page = j.page("partner").bind({"has_partner": "no"})
    assert page.needs_confirmation
    assert [e.field for e in page.errors] == [CONFIRM_REMOVAL]
    assert [(r.key, r.value) for r in page.removed] == [("Partner’s name", "Bo")]
    assert page.cleaned is None
    assert j.answers["partner_name"] == "Bo"  # nothing dropped yet

    page = j.page("partner").bind({"has_partner": "no", CONFIRM_REMOVAL: "yes"})
    assert not page.errors
    assert "partner_name" not in page.cleaned and page.cleaned["has_partner"] is False
    assert j.after("partner") == "check/you"


def test_changing_an_answer_that_adds_pages_goes_to_them(form):
    j = journey(form, YOUNG)
    _, nxt = save(j, "partner", {"has_partner": "yes"})
    assert nxt == "partner-name"


def test_a_change_records_what_changed(form):
    page = journey(form, YOUNG).page("name").bind({"name": "Anne"})
    assert [(c.path, c.before, c.after) for c in page.changes] == [("name", "Ann", "Anne")]


# ------------------------------------------------------------------ repeating groups


def work(form, answers=None):
    return journey(form, YOUNG | {"working": True} | (answers or {}))


def test_repeating_group_add_two_items(form):
    j = work(form)
    assert j.task_list()[1].href == "jobs/1/employer"
    _, nxt = save(j, "jobs/1/employer", {"employer": "Tesco"})
    assert nxt == "jobs/1/pay"
    _, nxt = save(j, "jobs/1/pay", {"pay-amount": "200", "pay-period": "week"})
    assert nxt == "jobs-list"
    listing = j.page("jobs-list")
    assert listing.kind == "list"
    assert listing.items == [{"index": 1, "name": "Tesco", "change": "jobs/1/employer", "remove": "jobs/1/remove"}]
    _, nxt = save(j, "jobs-list", {"add_another": "yes"})
    assert nxt == "jobs/2/employer"
    _, nxt = save(j, "jobs/2/employer", {"employer": "Aldi"})
    assert nxt == "jobs/2/pay"
    page, nxt = save(j, "jobs/2/pay", {"pay-amount": "600", "pay-period": "month"})
    assert nxt == "jobs/2/bonus"  # a condition inside the item, on the item's own answer
    _, nxt = save(j, "jobs/2/bonus", {"bonus": "no"})
    assert nxt == "jobs-list"
    _, nxt = save(j, "jobs-list", {"add_another": "no"})
    assert nxt == "check/work"
    assert j.answers["jobs"] == [
        {"employer": "Tesco", "pay": {"amount": "200.00", "period": "week"}},
        {"employer": "Aldi", "pay": {"amount": "600.00", "period": "month"}, "bonus": False},
    ]
    assert j.status(j.form.section("work")) is Status.COMPLETED
    rows = j.check_answers("work")
    assert [(r.key, r.value, r.change, r.item_name) for r in rows][1:3] == [
        ("Employer", "Tesco", "jobs/1/employer", "Tesco"), ("Pay from Tesco", "£200.00 a week", "jobs/1/pay", "Tesco")]


def test_group_item_page_headings_name_the_item(form):
    j = work(form, {"jobs": [{"employer": "Tesco"}]})
    assert j.page("jobs/1/pay").heading == "Pay from Tesco"


def test_item_index_must_be_valid(form):
    j = work(form, {"jobs": [{"employer": "Tesco", "pay": {"amount": "1.00", "period": "week"}}]})
    with pytest.raises(OutOfTurn):
        j.page("jobs/3/employer")
    with pytest.raises(OutOfTurn):
        j.page("jobs/2/employer")  # not until they say they have another
    with pytest.raises(OutOfTurn):
        j.page("jobs/1/bonus")  # hidden for this item: pay under 500
    with pytest.raises(PageNotFound):
        j.page("jobs/0/employer")


def test_list_page_waits_for_the_item_pages(form):
    with pytest.raises(OutOfTurn) as caught:
        work(form, {"jobs": [{"employer": "Tesco"}]}).page("jobs-list")
    assert caught.value.redirect_to == "jobs/1/pay"


def test_list_page_needs_an_answer(form):
    j = work(form, {"jobs": [{"employer": "Tesco", "pay": {"amount": "1.00", "period": "week"}}]})
    page = j.page("jobs-list").bind({})
    assert [e.message for e in page.errors] == ["Select yes if you have another job"]


def test_remove_an_item(form):
    jobs = [{"employer": "Tesco", "pay": {"amount": "1.00", "period": "week"}}, {"employer": "Aldi", "pay": {"amount": "2.00", "period": "week"}}]
    j = work(form, {"jobs": jobs, "jobs:add_another": False})
    page = j.page("jobs/1/remove")
    assert page.heading == "Are you sure you want to remove Tesco?"
    bound = page.bind({"confirm_remove": "no"})
    assert bound.cleaned["jobs"] == jobs
    bound = j.page("jobs/1/remove").bind({"confirm_remove": "yes"})
    assert [x["employer"] for x in bound.cleaned["jobs"]] == ["Aldi"]
    assert j.after("jobs/1/remove") == "jobs-list"
    with pytest.raises(OutOfTurn):
        j.page("jobs/2/remove")


def test_hiding_a_whole_group_lists_each_item_before_deleting(form):
    jobs = [{"employer": "Tesco", "pay": {"amount": "1.00", "period": "week"}}]
    j = work(form, {"jobs": jobs, "jobs:add_another": False})
    page = j.page("working").bind({"working": "no"})
    assert [(r.key, r.value) for r in page.removed] == [("Jobs", "Tesco")]
    page = j.page("working").bind({"working": "no", CONFIRM_REMOVAL: "yes"})
    assert "jobs" not in page.cleaned and "jobs:add_another" not in page.cleaned


# ------------------------------------------------------------------ evidence and submit


def test_evidence_follows_the_answers(form):
    answers = {"name": "Old", "dob": "1950-01-01", "pension": {"amount": "150.00", "period": "week"}, "has_partner": False,
               "working": True, "jobs": [{"employer": "Tesco", "pay": {"amount": "100.00", "period": "week"}}]}
    ids = [(e.id, e.text) for e in journey(form, answers).evidence()]
    assert ids == [("pension_letter", "Your pension letter"), ("payslips", "Payslips from Tesco")]
    young = answers | {"dob": "1990-01-01"}  # the pension page is hidden, so its evidence is not asked for
    assert [e.id for e in journey(form, young).evidence()] == ["payslips"]


def test_declaration_waits_for_everything_then_submit(form):
    answers = YOUNG | {"working": False}
    j = journey(form, answers)
    assert j.ready_for_final_check and not j.ready_to_submit
    assert [s.id for s, _rows in j.final_check()] == ["you", "work"]
    _, nxt = save(j, "declare", {"declare": "agree"})
    assert nxt == "submit"
    assert j.ready_to_submit


def test_journey_does_not_mutate_the_answers_it_was_given(form):
    answers = dict(YOUNG)
    j = journey(form, answers)
    save(j, "name", {"name": "Zed"})
    assert answers["name"] == "Ann"


def test_asking_to_add_past_the_maximum_says_how_many_can_be_added(form):
    full = [{"employer": name, "pay": {"amount": "1.00", "period": "week"}} for name in ("A", "B", "C")]
    j = work(form, {"jobs": full})
    listing = j.page("jobs-list")
    assert not listing.can_add_another
    bound = listing.bind({"add_another": "yes"})
    assert [(e.field, e.message) for e in bound.errors] == [("add_another", "You can add up to 3 jobs")]
    assert bound.cleaned is None and "jobs:add_another" not in j.answers
    _, nxt = save(j, "jobs-list", {"add_another": "no"})
    assert nxt == "check/work"


def test_a_group_can_say_in_its_own_words_how_many_can_be_added():
    from formkit import FACTS, small_form_dict
    from forms.schema import load_form

    data = small_form_dict()
    group = data["sections"][1]["pages"][1]
    group["list"]["max_items_error"] = "You can tell us about up to {max_items} jobs here; an advisor can add more"
    form = load_form(data, facts=FACTS)
    full = [{"employer": name, "pay": {"amount": "1.00", "period": "week"}} for name in ("A", "B", "C")]
    bound = work(form, {"jobs": full}).page("jobs-list").bind({"add_another": "yes"})
    assert bound.errors[0].message == "You can tell us about up to 3 jobs here; an advisor can add more"
