"""The "Better off in work?" chart: weekly net income across hours, as accessible inline SVG.

The chart is drawn on the server, so it works without JavaScript and prints. It is one
image to assistive technology (role="img", named by its <title> and described by its
<desc>), and the same figures come back as table rows to show beneath it.

The site's Content-Security-Policy allows styles only from the site's own stylesheet,
so nothing here writes a `style` attribute or a <style> element: colours, widths and
font sizes are SVG presentation attributes, and class names are hooks for the stylesheet.
Every coordinate is worked out in Decimal; money is formatted from Decimal.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from decimal import ROUND_CEILING, ROUND_FLOOR, Decimal
from html import escape

from markupsafe import Markup

from calculators.better_off import BetterOff, JobOffer, Point
from calculators.core.money import ZERO

from .money_input import format_money

# The drawing is laid out in a 400-unit-wide box that scales to its container. On a
# 360 px phone the GOV.UK page gutters leave 330 px, so 1 unit is at least 0.825 px and
# 16-unit text is drawn at 13.2 px or more.
WIDTH = Decimal(400)
HEIGHT = Decimal(320)
NARROWEST_CONTAINER_PX = Decimal(330)
FONT_SIZE = Decimal(16)
# The portal's own system font stack (frontend/src/portal.scss): inline SVG text does not take it from the page.
FONT_FAMILY = "system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, sans-serif"
_CHAR_WIDTH = Decimal("0.6") * FONT_SIZE  # a generous average for sans-serif digits and letters
_TOP = Decimal(52)
_BOTTOM = HEIGHT - Decimal(62)
_RIGHT = WIDTH - Decimal(24)

# Colours, each at least 3:1 against white (WCAG 2.2 non-text contrast) and most far above it.
INK = "#0b0c0c"  # axes, text, the "Now" marker (19.8:1)
LINE = "#1d70b8"  # the net income line (5.2:1)
GRID = "#6f777b"  # gridlines, dashed so they read as lighter (4.6:1)
OFFER = "#4c2c92"  # the "With the job" marker (10.6:1)
WHITE = "#ffffff"

HOURS_LABEL = "Hours worked a week"
MONEY_LABEL = "Net income a week"
TABLE_HEADERS = (
    "Hours worked a week",
    "Net income a week after housing costs and childcare",
    "Gain over not working, a week",
)
NOW = "Now"
WITH_THE_JOB = "With the job"

_ID = re.compile(r"^[A-Za-z][A-Za-z0-9_-]*$")


@dataclass(frozen=True)
class ChartRow:
    """One row of the table beneath the chart; `marker` is "Now", "With the job", both, or None."""

    hours: Decimal
    net_income: Decimal
    gain: Decimal
    marker: str | None

    @property
    def hours_text(self) -> str:
        return _hours_text(self.hours)

    @property
    def net_income_text(self) -> str:
        return format_money(self.net_income)

    @property
    def gain_text(self) -> str:
        return format_money(self.gain)


@dataclass(frozen=True)
class Chart:
    """Inline SVG markup (already escaped: safe to place in a page as it is) and the table of its figures."""

    svg: Markup
    table: tuple[ChartRow, ...]
    title: str
    description: str
    title_id: str
    desc_id: str
    headers: tuple[str, str, str] = TABLE_HEADERS


def _hours_text(hours: Decimal) -> str:
    return f"{hours.normalize():f}" if hours == hours.to_integral() else f"{hours:f}"


def _coord(value: Decimal) -> str:
    text = f"{value.quantize(Decimal('0.1')):f}"
    return text[:-2] if text.endswith(".0") else text


def _nice_step(span: Decimal, target: int) -> Decimal:
    """A round step (1, 2 or 5 times a power of ten, at least 1) giving about `target` intervals."""
    raw = span / target
    if raw <= 1:
        return Decimal(1)
    base = Decimal(1).scaleb(raw.adjusted())
    for multiple in (1, 2, 5, 10):
        if multiple * base >= raw:
            return multiple * base
    return 10 * base  # pragma: no cover - the loop always returns


def _ticks(low: Decimal, high: Decimal, step: Decimal) -> list[Decimal]:
    first = (low / step).to_integral_value(rounding=ROUND_CEILING) * step
    out = []
    tick = first
    while tick <= high:
        out.append(tick)
        tick += step
    return out


def _money_range(values: Sequence[Decimal]) -> tuple[Decimal, Decimal, Decimal]:
    """The money axis from a round figure at or below the least of zero and the values, to one at or above the most."""
    low = min(min(values), ZERO)
    high = max(max(values), ZERO)
    if high == low:  # every figure is £0: still draw a readable axis
        high = low + Decimal(100)
    step = _nice_step(high - low, 4)
    low = (low / step).to_integral_value(rounding=ROUND_FLOOR) * step
    high = (high / step).to_integral_value(rounding=ROUND_CEILING) * step
    return low, high, step


def _text(x: Decimal, y: Decimal, content: str, *, anchor: str = "middle", cls: str, bold: bool = False,
          halo: bool = False) -> str:
    extra = ' font-weight="bold"' if bold else ""
    if halo:
        extra += f' stroke="{WHITE}" stroke-width="4" stroke-linejoin="round" paint-order="stroke"'
    return (
        f'<text class="{cls}" x="{_coord(x)}" y="{_coord(y)}" font-size="{FONT_SIZE}" fill="{INK}"'
        f' text-anchor="{anchor}"{extra}>{escape(content)}</text>'
    )


def _estimate_width(text: str) -> Decimal:
    return _CHAR_WIDTH * len(text)


def _find(points: Sequence[Point], hours: Decimal | None, name: str) -> Point | None:
    if hours is None:
        return None
    for point in points:
        if point.hours == hours:
            return point
    raise ValueError(f"there is no point at {hours} hours for the {name!r} marker; include it in the points")


def _describe(points: Sequence[Point], now: Point | None, offer: Point | None) -> str:
    first, last = points[0], points[-1]
    words = [
        f"Net income a week after housing costs and childcare: "
        f"{format_money(first.net_income_after_childcare)} at {_hours_text(first.hours)} hours"
        + (
            f", {format_money(last.net_income_after_childcare)} at {_hours_text(last.hours)} hours."
            if last is not first else "."
        )
    ]
    if now is not None:
        words.append(f"Now: {format_money(now.net_income_after_childcare)} at {_hours_text(now.hours)} hours.")
    if offer is not None:
        words.append(
            f"With the job: {format_money(offer.net_income_after_childcare)} at {_hours_text(offer.hours)} hours."
        )
    words.append("The table below gives every figure.")
    return " ".join(words)


def net_income_chart(
    points: Sequence[Point],
    *,
    current_hours: Decimal | None,
    offer_hours: Decimal | None,
    title: str,
    description: str | None = None,
    id_prefix: str = "net-income-chart",
    hours_label: str = HOURS_LABEL,
) -> Chart:
    """Weekly net income after housing costs and childcare across hours, with "Now" and "With the job" marked.

    `points` are better-off points (any order; each hours figure once). A marker is put
    on the point whose hours equal `current_hours` / `offer_hours`; give None to leave a
    marker out. `id_prefix` keeps the ids of the <title> and <desc> unique on a page
    with more than one chart. Without a `description`, one is written from the figures.
    Raises ValueError for no points, repeated hours, a bad id prefix or a marker with no point.
    """
    if not points:
        raise ValueError("a chart needs at least one point")
    if not _ID.match(id_prefix):
        raise ValueError(f"{id_prefix!r} cannot start an id: use letters, digits, '-' and '_', starting with a letter")
    ordered = sorted(points, key=lambda p: p.hours)
    if len({p.hours for p in ordered}) != len(ordered):
        raise ValueError("each number of hours can appear only once in a chart")
    now = _find(ordered, current_hours, NOW)
    offer = _find(ordered, offer_hours, WITH_THE_JOB)
    if description is None:
        description = _describe(ordered, now, offer)
    title_id, desc_id = f"{id_prefix}-title", f"{id_prefix}-desc"

    values = [p.net_income_after_childcare for p in ordered]
    low, high, money_step = _money_range(values)
    money_ticks = _ticks(low, high, money_step)
    tick_labels = {t: format_money(t, pence=False) for t in money_ticks}
    widest = max(_estimate_width(label) for label in tick_labels.values())
    left = max(Decimal(56), widest + Decimal(18))
    first_hours, last_hours = ordered[0].hours, ordered[-1].hours
    hours_span = last_hours - first_hours or Decimal(1)
    hours_ticks = _ticks(first_hours, first_hours + hours_span, _nice_step(hours_span, 5))

    def x_at(hours: Decimal) -> Decimal:
        return left + (hours - first_hours) / hours_span * (_RIGHT - left)

    def y_at(money: Decimal) -> Decimal:
        return _TOP + (high - money) / (high - low) * (_BOTTOM - _TOP)

    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="app-chart" viewBox="0 0 {WIDTH} {HEIGHT}"'
        f' width="100%" role="img" aria-labelledby="{title_id} {desc_id}" font-family="{FONT_FAMILY}">',
        f'<title id="{title_id}">{escape(title)}</title>',
        f'<desc id="{desc_id}">{escape(description)}</desc>',
    ]
    # Gridlines and money ticks, then the zero line when income goes below zero.
    for tick in money_ticks:
        y = _coord(y_at(tick))
        if tick != low:
            parts.append(
                f'<line class="app-chart__grid" x1="{_coord(left)}" x2="{_coord(_RIGHT)}" y1="{y}" y2="{y}"'
                f' stroke="{GRID}" stroke-width="1" stroke-dasharray="2 4"/>'
            )
        parts.append(_text(left - 8, y_at(tick) + FONT_SIZE * Decimal("0.35"), tick_labels[tick],
                           anchor="end", cls="app-chart__tick"))
    if low < 0:
        y = _coord(y_at(ZERO))
        parts.append(
            f'<line class="app-chart__zero" x1="{_coord(left)}" x2="{_coord(_RIGHT)}" y1="{y}" y2="{y}"'
            f' stroke="{INK}" stroke-width="1.5"/>'
        )
    for tick in hours_ticks:
        x = x_at(tick)
        parts.append(
            f'<line class="app-chart__tick-mark" x1="{_coord(x)}" x2="{_coord(x)}" y1="{_coord(_BOTTOM)}"'
            f' y2="{_coord(_BOTTOM + 6)}" stroke="{INK}" stroke-width="1.5"/>'
        )
        parts.append(_text(x, _BOTTOM + 24, _hours_text(tick), cls="app-chart__tick"))
    # Axes and their names in words.
    parts.append(
        f'<path class="app-chart__axis" d="M{_coord(left)} {_coord(_TOP)}V{_coord(_BOTTOM)}H{_coord(_RIGHT)}"'
        f' fill="none" stroke="{INK}" stroke-width="1.5"/>'
    )
    parts.append(_text(left + (_RIGHT - left) / 2, HEIGHT - 10, hours_label, cls="app-chart__axis-label", bold=True))
    parts.append(_text(Decimal(8), Decimal(24), MONEY_LABEL, anchor="start", cls="app-chart__axis-label", bold=True))
    # The line itself (a single point is drawn as a dot).
    coords = [(x_at(p.hours), y_at(p.net_income_after_childcare)) for p in ordered]
    if len(coords) == 1:
        parts.append(
            f'<circle class="app-chart__line" cx="{_coord(coords[0][0])}" cy="{_coord(coords[0][1])}" r="4"'
            f' fill="{LINE}"/>'
        )
    else:
        drawn = " ".join(f"{_coord(x)},{_coord(y)}" for x, y in coords)
        parts.append(
            f'<polyline class="app-chart__line" points="{drawn}" fill="none" stroke="{LINE}" stroke-width="3"'
            ' stroke-linejoin="round" stroke-linecap="round"/>'
        )
    parts.extend(_markers(now, offer, x_at, y_at, left))
    parts.append("</svg>")

    rows = tuple(
        ChartRow(
            hours=p.hours,
            net_income=p.net_income_after_childcare,
            gain=p.gain_over_not_working,
            marker=_marker_name(p, now, offer),
        )
        for p in ordered
    )
    return Chart(Markup("".join(parts)), rows, title, description, title_id, desc_id)


def _marker_name(point: Point, now: Point | None, offer: Point | None) -> str | None:
    names = [name for name, marked in ((NOW, now), (WITH_THE_JOB, offer)) if marked is point]
    return " and ".join(names) or None


def _markers(
    now: Point | None,
    offer: Point | None,
    x_at: Callable[[Decimal], Decimal],
    y_at: Callable[[Decimal], Decimal],
    left: Decimal,
) -> list[str]:
    """A black circle for "Now" and a purple diamond for "With the job", each labelled in words.

    Shapes differ as well as colours, so the markers do not rely on colour alone. Labels
    sit above their marker; when the two labels would collide, "Now" goes beneath.
    """
    shapes: dict[str, str] = {}
    labels: list[str] = []
    placed: list[tuple[Decimal, Decimal, Decimal, Decimal]] = []  # label boxes: x0, x1, y0, y1
    for name, point in ((WITH_THE_JOB, offer), (NOW, now)):
        if point is None:
            continue
        x, y = x_at(point.hours), y_at(point.net_income_after_childcare)
        if name == NOW:
            shapes[name] = (
                f'<circle class="app-chart__marker app-chart__marker--now" cx="{_coord(x)}" cy="{_coord(y)}" r="7"'
                f' fill="{INK}" stroke="{WHITE}" stroke-width="2"/>'
            )
        else:
            d = Decimal(9)
            shapes[name] = (
                f'<path class="app-chart__marker app-chart__marker--offer"'
                f' d="M{_coord(x)} {_coord(y - d)}L{_coord(x + d)} {_coord(y)}L{_coord(x)} {_coord(y + d)}'
                f'L{_coord(x - d)} {_coord(y)}Z" fill="{OFFER}" stroke="{WHITE}" stroke-width="2"/>'
            )
        width = _estimate_width(name)
        if x - width / 2 < left:
            anchor, x0 = "start", x - 6
        elif x + width / 2 > WIDTH - 4:
            anchor, x0 = "end", x + 6 - width
        else:
            anchor, x0 = "middle", x - width / 2
        text_x = {"start": x - 6, "end": x + 6, "middle": x}[anchor]
        above = y - 16
        below = y + 16 + FONT_SIZE
        baseline = above if above - FONT_SIZE >= Decimal(30) else below
        box = (x0, x0 + width, baseline - FONT_SIZE, baseline)
        if any(_overlap(box, other) for other in placed):
            baseline = below if baseline == above else above
            box = (x0, x0 + width, baseline - FONT_SIZE, baseline)
        placed.append(box)
        labels.append(_text(text_x, baseline, name, anchor=anchor, cls="app-chart__marker-label", bold=True, halo=True))
    # The diamond is drawn last so that, an hour or so from "Now", it is not hidden under the circle.
    return [shapes[n] for n in (NOW, WITH_THE_JOB) if n in shapes] + labels


def _overlap(a: tuple[Decimal, Decimal, Decimal, Decimal], b: tuple[Decimal, Decimal, Decimal, Decimal]) -> bool:
    return a[0] < b[1] and b[0] < a[1] and a[2] < b[3] and b[2] < a[3]


def chart_points(result: BetterOff, offer: JobOffer) -> tuple[list[Point], Decimal, Decimal]:
    """The sweep with "now" and "with the job" in it, and the hours to mark each at.

    For a new job the hours axis is hours in that job, so "now" is the point at 0 hours
    (the sweep's own, which is today's household). For more hours in a current job the
    axis is total hours, and "now" (today, with no extra travel costs) takes the place
    of the sweep's point at today's hours, its gain measured from the sweep's 0 hours.
    """
    by_hours = {p.hours: p for p in result.sweep}
    base = by_hours.get(ZERO)
    if offer.kind == "more_hours":
        now = result.now
        if base is not None:
            now = replace(now, gain_over_not_working=now.net_income_after_childcare - base.net_income_after_childcare)
        current = now.hours
        by_hours[current] = now
    else:
        current = ZERO
        by_hours.setdefault(ZERO, result.now)
    by_hours[result.with_job.hours] = result.with_job
    return sorted(by_hours.values(), key=lambda p: p.hours), current, result.with_job.hours


def better_off_chart(
    result: BetterOff,
    offer: JobOffer,
    *,
    title: str = "Your net income a week at different hours",
    description: str | None = None,
    id_prefix: str = "net-income-chart",
) -> Chart:
    """The chart for a better-off result, with "Now" and "With the job" marked (see chart_points)."""
    points, current, offered = chart_points(result, offer)
    label = HOURS_LABEL if offer.kind == "more_hours" else "Hours a week in the new job"
    return net_income_chart(
        points,
        current_hours=current,
        offer_hours=offered,
        title=title,
        description=description,
        id_prefix=id_prefix,
        hours_label=label,
    )
