"""The better-off chart: accessible inline SVG with the same figures as a table."""

import re
import xml.etree.ElementTree as ET
from datetime import date
from decimal import Decimal

import pytest

from app.services import api_examples
from app.services.chart import (
    FONT_SIZE,
    NARROWEST_CONTAINER_PX,
    WIDTH,
    better_off_chart,
    chart_points,
    net_income_chart,
)
from calculators import Household
from calculators.better_off import JobOffer, Point, better_off

SVG = "{http://www.w3.org/2000/svg}"
ON = date(2026, 6, 1)


def point(hours, net, gain=None):
    net = Decimal(net)
    return Point(
        hours=Decimal(hours),
        gross_earnings=Decimal(0),
        income_tax=Decimal(0),
        national_insurance=Decimal(0),
        benefits={},
        net_income_before_housing_costs=net,
        net_income_after_housing_costs=net,
        net_income_after_childcare=net,
        gain_over_not_working=Decimal(gain) if gain is not None else Decimal(0),
    )


def parse(chart):
    return ET.fromstring(str(chart.svg))


def texts(root):
    return ["".join(t.itertext()) for t in root.iter(f"{SVG}text")]


@pytest.fixture(scope="module")
def lone_parent_offer():
    household = Household.model_validate(api_examples.LONE_PARENT["household"])
    offer = JobOffer(hourly_wage=Decimal("12.71"), hours_per_week=Decimal(25))
    return better_off(household, ON, offer), offer


@pytest.fixture(scope="module")
def lone_parent_chart(lone_parent_offer):
    result, offer = lone_parent_offer
    return better_off_chart(result, offer, id_prefix="offer-chart")


def test_the_chart_is_one_named_and_described_image(lone_parent_chart):
    root = parse(lone_parent_chart)
    assert root.get("role") == "img"
    assert root.get("aria-labelledby") == "offer-chart-title offer-chart-desc"
    title, desc = root.find(f"{SVG}title"), root.find(f"{SVG}desc")
    assert title.get("id") == "offer-chart-title" and title.text == "Your net income a week at different hours"
    assert desc.get("id") == "offer-chart-desc"
    assert lone_parent_chart.title_id == "offer-chart-title" and lone_parent_chart.desc_id == "offer-chart-desc"


def test_two_charts_on_a_page_have_different_ids(lone_parent_offer):
    result, offer = lone_parent_offer
    ids = []
    for prefix in ("chart-a", "chart-b"):
        root = parse(better_off_chart(result, offer, id_prefix=prefix))
        ids += [e.get("id") for e in root.iter() if e.get("id")]
    assert len(ids) == len(set(ids)) == 4


def test_an_id_prefix_that_cannot_start_an_id_is_refused():
    with pytest.raises(ValueError):
        net_income_chart([point(0, 1)], current_hours=None, offer_hours=None, title="t", id_prefix="1 bad\"")


def test_it_scales_from_a_view_box_with_text_readable_on_a_360px_phone(lone_parent_chart):
    root = parse(lone_parent_chart)
    assert root.get("viewBox") == f"0 0 {WIDTH} 320"
    assert root.get("width") == "100%" and root.get("height") is None
    sizes = {Decimal(t.get("font-size")) for t in root.iter(f"{SVG}text")}
    assert sizes == {FONT_SIZE}
    assert min(sizes) * NARROWEST_CONTAINER_PX / WIDTH >= 12


def test_no_inline_styles_so_the_content_security_policy_holds(lone_parent_chart):
    root = parse(lone_parent_chart)
    assert not list(root.iter(f"{SVG}style"))
    assert all("style" not in e.attrib for e in root.iter())
    assert "style" not in str(lone_parent_chart.svg)


def _luminance(hex_colour):
    channels = [int(hex_colour[i:i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def test_every_colour_drawn_has_3_to_1_contrast_against_white(lone_parent_chart):
    root = parse(lone_parent_chart)
    colours = {e.get(a) for e in root.iter() for a in ("fill", "stroke") if e.get(a)} - {"none", "#ffffff"}
    assert colours, "the chart draws in colour"
    for colour in colours:
        assert re.fullmatch(r"#[0-9a-f]{6}", colour), colour
        ratio = (1.05) / (_luminance(colour) + 0.05)
        assert ratio >= 3, f"{colour} has contrast {ratio:.2f}:1"


def test_axes_are_named_in_words_with_pound_ticks(lone_parent_chart):
    words = texts(parse(lone_parent_chart))
    assert "Net income a week" in words
    assert "Hours a week in the new job" in words
    # The lone parent's net income runs from £406.25 at 0 hours to £612.78 at 48 hours:
    # a scale from £0 in steps of £200 (about four steps) up to the next step above £612.78.
    assert [w for w in words if w.startswith("£")] == ["£0", "£200", "£400", "£600", "£800"]
    assert [w for w in words if w.isdigit()] == ["0", "10", "20", "30", "40"]


def test_the_table_holds_the_engines_figures_for_every_hour(lone_parent_offer, lone_parent_chart):
    result, _ = lone_parent_offer
    rows = lone_parent_chart.table
    assert [r.hours for r in rows] == [p.hours for p in result.sweep]
    for row, p in zip(rows, result.sweep):
        assert row.net_income == p.net_income_after_childcare
        assert row.gain == p.gain_over_not_working
    marked = {r.marker: r for r in rows if r.marker}
    assert marked["Now"].hours == 0
    assert marked["Now"].net_income == result.now.net_income_after_childcare
    assert marked["With the job"].hours == 25
    assert marked["With the job"].net_income == result.with_job.net_income_after_childcare
    assert marked["With the job"].net_income_text == f"£{result.with_job.net_income_after_childcare:,.2f}"
    assert lone_parent_chart.headers[0] == "Hours worked a week"


def test_markers_sit_on_the_line_and_are_labelled(lone_parent_chart):
    root = parse(lone_parent_chart)
    line = root.find(f"{SVG}polyline").get("points").split()
    assert len(line) == 49
    now = root.find(f"{SVG}circle")
    assert f"{now.get('cx')},{now.get('cy')}" == line[0]
    offer = next(e for e in root.iter(f"{SVG}path") if "marker--offer" in e.get("class"))
    top = re.match(r"M(\S+) (\S+)L", offer.get("d"))
    x, y = top.group(1), Decimal(top.group(2)) + 9
    assert f"{x},{y}" in {f"{p.split(',')[0]},{Decimal(p.split(',')[1])}" for p in line}
    assert {"Now", "With the job"} <= set(texts(root))


def test_the_description_gives_the_figures_in_words(lone_parent_offer, lone_parent_chart):
    result, _ = lone_parent_offer
    desc = lone_parent_chart.description
    assert f"With the job: £{result.with_job.net_income_after_childcare:,.2f} at 25 hours." in desc
    assert "Now: £406.25 at 0 hours." in desc


def test_more_hours_marks_today_at_todays_hours():
    household = Household.model_validate(api_examples.SINGLE_RENTER["household"])
    offer = JobOffer(kind="more_hours", hours_per_week=Decimal(30))
    result = better_off(household, ON, offer)
    points, current, offered = chart_points(result, offer)
    assert current == Decimal(20) and offered == Decimal(30)
    now = next(p for p in points if p.hours == 20)
    assert now.net_income_after_childcare == result.now.net_income_after_childcare
    assert now.gain_over_not_working == result.now.net_income_after_childcare - result.sweep[0].net_income_after_childcare
    chart = better_off_chart(result, offer)
    assert "Hours worked a week" in texts(parse(chart))


def test_net_income_below_zero_draws_a_zero_line_and_negative_ticks():
    points = [point(0, "-152.88", "0"), point(10, "-20", "132.88"), point(20, "97.58", "250.46")]
    chart = net_income_chart(points, current_hours=Decimal(20), offer_hours=None, title="Chart")
    root = parse(chart)
    assert root.find(f"{SVG}line[@class='app-chart__zero']") is not None
    ticks = [w for w in texts(root) if "£" in w]
    assert ticks[0] == "\u2212£200" and "£0" in ticks and ticks[-1] == "£100"
    assert chart.table[0].net_income_text == "\u2212£152.88"


def test_a_flat_line_is_flat_and_on_a_scale_from_zero():
    points = [point(h, "250.00") for h in range(0, 5)]
    root = parse(net_income_chart(points, current_hours=Decimal(0), offer_hours=Decimal(4), title="Flat"))
    ys = {p.split(",")[1] for p in root.find(f"{SVG}polyline").get("points").split()}
    assert len(ys) == 1
    assert [w for w in texts(root) if "£" in w] == ["£0", "£100", "£200", "£300"]


def test_all_zero_incomes_still_draw_an_axis():
    points = [point(h, "0") for h in range(0, 49)]
    root = parse(net_income_chart(points, current_hours=Decimal(0), offer_hours=Decimal(16), title="Zero"))
    assert [w for w in texts(root) if "£" in w] == ["£0", "£50", "£100"]


def test_without_an_offer_only_now_is_marked():
    points = [point(h, 100 + h) for h in range(0, 49)]
    chart = net_income_chart(points, current_hours=Decimal(16), offer_hours=None, title="Today")
    words = texts(parse(chart))
    assert "Now" in words and "With the job" not in words
    assert [r.marker for r in chart.table if r.marker] == ["Now"]
    assert "With the job" not in chart.description


def test_a_single_point_is_drawn_as_a_dot():
    chart = net_income_chart([point(0, "10")], current_hours=None, offer_hours=None, title="One")
    root = parse(chart)
    assert root.find(f"{SVG}polyline") is None
    assert root.find(f"{SVG}circle[@class='app-chart__line']") is not None


def test_labels_that_would_collide_are_moved_apart():
    points = [point(h, 300) for h in range(0, 49)]
    root = parse(net_income_chart(points, current_hours=Decimal(20), offer_hours=Decimal(21), title="Close"))
    labels = {t.text: Decimal(t.get("y")) for t in root.iter(f"{SVG}text") if t.get("class") == "app-chart__marker-label"}
    assert abs(labels["Now"] - labels["With the job"]) >= FONT_SIZE


def test_the_same_hours_marked_twice_is_one_row_marked_both():
    points = [point(h, 300) for h in range(0, 3)]
    chart = net_income_chart(points, current_hours=Decimal(2), offer_hours=Decimal(2), title="Same")
    assert chart.table[2].marker == "Now and With the job"


def test_text_is_escaped():
    chart = net_income_chart(
        [point(0, "1"), point(1, "2")], current_hours=None, offer_hours=None,
        title='<script>alert("x")</script> & more', description="Tom & Jerry's <b>income</b>",
    )
    root = parse(chart)
    assert root.find(f"{SVG}title").text == '<script>alert("x")</script> & more'
    assert "<script>" not in str(chart.svg) and "<b>" not in str(chart.svg)


def test_a_marker_with_no_point_is_an_error():
    with pytest.raises(ValueError, match="22.5 hours"):
        net_income_chart([point(0, "1"), point(1, "2")], current_hours=Decimal("22.5"), offer_hours=None, title="t")


def test_repeated_hours_are_an_error():
    with pytest.raises(ValueError):
        net_income_chart([point(0, "1"), point(0, "2")], current_hours=None, offer_hours=None, title="t")


def test_an_offer_between_whole_hours_joins_the_line(lone_parent_offer):
    household = Household.model_validate(api_examples.LONE_PARENT["household"])
    offer = JobOffer(hourly_wage=Decimal("12.71"), hours_per_week=Decimal("22.5"))
    result = better_off(household, ON, offer)
    chart = better_off_chart(result, offer)
    row = next(r for r in chart.table if r.marker == "With the job")
    assert row.hours_text == "22.5"
    assert row.net_income == result.with_job.net_income_after_childcare
    assert len(chart.table) == 50
