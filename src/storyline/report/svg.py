"""The timeline chart: an inline SVG drawn from the story's timeline items.

Items are placed on a horizontal time axis, one numbered mark per item, each
mark a link to its entry in the timeline list. Items far apart in time (two
clusters years apart) get a broken axis: one panel per cluster, each with its
own scale and ticks, and the gap between them labelled.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from . import dates
from .values import esc

WIDTH = 960
_MARGIN = 26
_GAP = 44
_LANE = 30
_TOP = 22
_MAX_LANES = 12
_MAX_PANELS = 4
_INK, _CONFLICT, _STEM, _AXIS = "#1f4e79", "#b42318", "#c3c9d2", "#5b6470"

#: (unit, step, rough length in days) from finest to coarsest.
_UNITS = (
    ("hour", 1, 1 / 24),
    ("hour", 3, 3 / 24),
    ("hour", 6, 0.25),
    ("hour", 12, 0.5),
    ("day", 1, 1.0),
    ("day", 2, 2.0),
    ("week", 1, 7.0),
    ("half", 1, 15.0),
    ("month", 1, 30.4),
    ("month", 3, 91.3),
    ("month", 6, 182.6),
    ("year", 1, 365.2),
    ("year", 2, 730.5),
    ("year", 5, 1826.2),
    ("year", 10, 3652.4),
)


@dataclass(frozen=True, slots=True, kw_only=True)
class ChartItem:
    """One timeline item as the chart needs it."""

    number: int
    anchor: str
    label: str
    date: str | None
    until: str | None = None
    conflict: bool = False
    alternatives: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True, kw_only=True)
class _Placed:
    item: ChartItem
    start: float
    end: float
    alternatives: tuple[float, ...]


def _place(item: ChartItem) -> _Placed | None:
    period = dates.parse(item.date)
    if period is None:
        for alternative in item.alternatives:
            period = dates.parse(alternative)
            if period is not None:
                break
    if period is None:
        return None
    end = period.start if period.precision in ("day", "time") else period.end
    until = dates.parse(item.until)
    if until is not None:
        end = max(end, until.start if until.precision in ("day", "time") else until.end)
    alternatives = tuple(
        p.start
        for p in (dates.parse(a) for a in item.alternatives)
        if p is not None and p.start != period.start
    )
    return _Placed(item=item, start=period.start, end=end, alternatives=alternatives)


def clusters(placed: Sequence[_Placed]) -> list[list[_Placed]]:
    """Group items by time, breaking the axis at the few gaps that dwarf the rest."""
    ordered = sorted(placed, key=lambda p: (p.start, p.item.number))
    if not ordered:
        return []
    total = max(p.end for p in ordered) - ordered[0].start
    gaps: list[tuple[float, int]] = []
    reach = ordered[0].end
    for index in range(1, len(ordered)):
        gap = ordered[index].start - reach
        if gap > max(45.0, 0.25 * total):
            gaps.append((gap, index))
        reach = max(reach, ordered[index].end)
    cuts = sorted(index for _, index in sorted(gaps, reverse=True)[: _MAX_PANELS - 1])
    bounds = [0, *cuts, len(ordered)]
    return [ordered[a:b] for a, b in itertools.pairwise(bounds)]


def _domain(group: Sequence[_Placed]) -> tuple[float, float]:
    low, high = min(p.start for p in group), max(p.end for p in group)
    span = high - low
    # Whole days get a day or two either side; times of day only a little air.
    timed = any(p.start % 1 or p.end % 1 for p in group)
    pad = max(span * 0.06, max(span * 0.12, 1 / 24) if timed else 2.0)
    return low - pad, high + pad


def _tick_positions(low: float, high: float, unit: str, step: int) -> list[datetime]:
    first = dates.from_day(low)
    found: list[datetime] = []
    if unit == "hour":
        moment = first.replace(minute=0, second=0, microsecond=0, hour=first.hour - first.hour % step)
        while len(found) < 400 and (moment - datetime(1, 1, 1)).total_seconds() / 86400 + 1 <= high:
            found.append(moment)
            moment += timedelta(hours=step)
        return found
    if unit in ("day", "week", "half"):
        day = first.date()
        keep = {"day": None, "week": (1, 8, 15, 22), "half": (1, 15)}[unit]
        while len(found) < 400 and day.toordinal() <= high:
            if keep is None or day.day in keep:
                found.append(datetime(day.year, day.month, day.day))
            day += timedelta(days=step if keep is None else 1)
        return found
    if unit == "month":
        index = first.year * 12 + first.month - 1
        index -= index % step
        while len(found) < 400 and date(index // 12, index % 12 + 1, 1).toordinal() <= high:
            found.append(datetime(index // 12, index % 12 + 1, 1))
            index += step
        return found
    year = first.year - first.year % step
    while len(found) < 400 and year <= 9999 and date(year, 1, 1).toordinal() <= high:
        found.append(datetime(year, 1, 1))
        year += step
    return found


def ticks(low: float, high: float, width: float) -> list[tuple[float, str, str]]:
    """Tick positions inside ``[low, high]`` with a main label and a context label (year or day)."""
    most = max(2, int(width / 62))
    fitting = [index for index, (_, _, days) in enumerate(_UNITS) if (high - low) / days <= most]
    choice = fitting[0] if fitting else len(_UNITS) - 1
    inset = 8 / width * (high - low)
    result = _labelled(low, high, _UNITS[choice][0], _UNITS[choice][1], inset)
    # A narrow panel may catch no tick of the unit that fits: go finer until it shows one.
    while not result and choice > 0:
        choice -= 1
        result = _labelled(low, high, _UNITS[choice][0], _UNITS[choice][1], inset)
    return result


def _labelled(low: float, high: float, unit: str, step: int, inset: float) -> list[tuple[float, str, str]]:
    result: list[tuple[float, str, str]] = []
    previous: datetime | None = None
    for moment in _tick_positions(low, high, unit, step):
        position = moment.toordinal() + (moment.hour * 3600 + moment.minute * 60) / 86400
        if not low + inset <= position <= high - inset:
            continue  # off the panel, or so close to its edge that the label would spill over
        month = dates.month_name(moment.month)
        if unit == "hour":
            main = f"{moment:%H:%M}"
            new_day = previous is None or previous.date() != moment.date()
            context = f"{moment.day} {month} {moment.year}" if new_day else ""
        elif unit in ("day", "week", "half"):
            main = f"{moment.day} {month}"
            context = str(moment.year) if previous is None or previous.year != moment.year else ""
        elif unit == "month":
            main = month
            context = str(moment.year) if previous is None or previous.year != moment.year else ""
        else:
            main, context = str(moment.year), ""
        result.append((position, main, context))
        previous = moment
    return result


def _gap_label(days: float) -> str:
    if days < 60:
        return f"{round(days)} d"
    if days < 730:
        return f"{round(days / 30.4)} mo"
    return f"{round(days / 365.25)} yr"


def _lanes(spans: Sequence[tuple[float, float]]) -> list[int]:
    """A lane per mark so that marks closer than their size do not collide."""
    right_edges: list[float] = []
    lanes = []
    for left, right in spans:
        lane = next((i for i, edge in enumerate(right_edges) if edge < left), None)
        if lane is None and len(right_edges) < _MAX_LANES:
            lane = len(right_edges)
            right_edges.append(right)
        elif lane is None:
            lane = min(range(len(right_edges)), key=right_edges.__getitem__)
        right_edges[lane] = max(right_edges[lane], right)
        lanes.append(lane)
    return lanes


def _mark(placed: _Placed, x_of: dict[float, float], x: float, x_end: float, y: float, axis: float) -> str:
    item = placed.item
    colour = _CONFLICT if item.conflict else _INK
    size = 10.5 if item.number < 100 else 8.5
    title = f"{item.number}. {dates.span(item.date, item.until) or 'undated'}: {item.label}"
    parts = [f'<a href="#{esc(item.anchor)}" class="mark{" conflict" if item.conflict else ""}">']
    parts.append(f"<title>{esc(title)}</title>")
    parts.append(f'<line x1="{x:.1f}" y1="{y + 10:.1f}" x2="{x:.1f}" y2="{axis:.1f}" stroke="{_STEM}"/>')
    if x_end - x > 1:
        parts.append(
            f'<rect x="{x:.1f}" y="{y - 5:.1f}" width="{max(x_end - x, 4):.1f}" height="10" rx="5" '
            f'fill="{colour}" fill-opacity="0.28"/>'
        )
    for alternative in placed.alternatives:
        ax = x_of.get(alternative)
        if ax is None:
            continue
        parts.append(
            f'<line x1="{x:.1f}" y1="{y:.1f}" x2="{ax:.1f}" y2="{y:.1f}" stroke="{_CONFLICT}" '
            'stroke-dasharray="3 3"/>'
        )
        parts.append(
            f'<path d="M{ax:.1f} {y - 8:.1f}l8 8l-8 8l-8 -8z" fill="#fff" stroke="{_CONFLICT}" stroke-width="1.5"/>'
        )
    if item.conflict:
        parts.append(f'<path d="M{x:.1f} {y - 12.5:.1f}l12.5 12.5l-12.5 12.5l-12.5 -12.5z" fill="{colour}"/>')
    else:
        parts.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="10.5" fill="{colour}"/>')
    parts.append(
        f'<text x="{x:.1f}" y="{y + 3.7:.1f}" text-anchor="middle" font-size="{size}" font-weight="700" '
        f'fill="#fff">{item.number}</text></a>'
    )
    return "".join(parts)


def timeline_chart(items: Sequence[ChartItem]) -> str:
    """The SVG chart of the dated items, or ``""`` when none has a readable date.

    Example:
        >>> svg = timeline_chart([ChartItem(number=1, anchor="t-1", label="x", date="2022-03-10")])
        >>> svg.startswith("<svg") and 'href="#t-1"' in svg
        True
    """
    placed = [p for p in (_place(item) for item in items) if p is not None]
    groups = clusters(placed)
    if not groups:
        return ""
    usable = WIDTH - 2 * _MARGIN - _GAP * (len(groups) - 1)
    domains = [_domain(group) for group in groups]
    # Each panel has its own scale, so room goes by how many items it holds, not by its span.
    weights = [max(0.2, len(group) / len(placed)) for group in groups]
    widths = [usable * w / sum(weights) for w in weights]

    layouts = []
    left = float(_MARGIN)
    for group, (low, high), width in zip(groups, domains, widths, strict=True):

        def scale(
            t: float, low: float = low, high: float = high, left: float = left, width: float = width
        ) -> float:
            return left + (t - low) / (high - low) * width

        x_of = {t: scale(t) for p in group for t in p.alternatives if low <= t <= high}
        spans = []
        for p in group:
            xs = [scale(p.start), scale(p.end), *(x_of[t] for t in p.alternatives if t in x_of)]
            spans.append((min(xs) - 13, max(xs) + 13))
        layouts.append((group, low, high, left, width, scale, x_of, _lanes(spans)))
        left += width + _GAP

    lanes = max(max(layout[-1]) for layout in layouts) + 1
    axis = _TOP + lanes * _LANE
    height = axis + 44
    out = [
        (
            f'<svg class="chart" viewBox="0 0 {WIDTH} {height}" width="100%" role="img" '
            f'aria-label="Timeline chart of {len(placed)} dated items" '
            'font-family="system-ui, -apple-system, Segoe UI, Helvetica, Arial, sans-serif">'
        )
    ]
    for index, (group, low, high, left, width, scale, x_of, lane_of) in enumerate(layouts):
        out.append(
            f'<rect x="{left:.1f}" y="4" width="{width:.1f}" height="{axis - 4:.1f}" rx="4" fill="#f5f7fa"/>'
        )
        out.append(
            f'<line x1="{left:.1f}" y1="{axis}" x2="{left + width:.1f}" y2="{axis}" stroke="{_AXIS}" '
            'stroke-width="1.5"/>'
        )
        for position, main, context in ticks(low, high, width):
            x = scale(position)
            out.append(f'<line x1="{x:.1f}" y1="{axis}" x2="{x:.1f}" y2="{axis + 5}" stroke="{_AXIS}"/>')
            out.append(
                f'<text x="{x:.1f}" y="{axis + 18}" text-anchor="middle" font-size="11" fill="{_AXIS}">'
                f"{esc(main)}</text>"
            )
            if context:
                out.append(
                    f'<text x="{x:.1f}" y="{axis + 32}" text-anchor="middle" font-size="10.5" '
                    f'font-weight="600" fill="{_AXIS}">{esc(context)}</text>'
                )
        if index:
            gap_left = left - _GAP
            previous_high = layouts[index - 1][2]
            mid = gap_left + _GAP / 2
            out.append(
                f'<path d="M{mid - 8:.1f} {axis + 6}l6 -12M{mid + 2:.1f} {axis + 6}l6 -12" '
                f'stroke="{_AXIS}" stroke-width="1.5"/>'
            )
            out.append(
                f'<text x="{mid:.1f}" y="{axis - 14}" text-anchor="middle" font-size="10" font-style="italic" '
                f'fill="{_AXIS}">{_gap_label(low - previous_high)}</text>'
            )
        for p, lane in zip(group, lane_of, strict=True):
            y = _TOP + lane * _LANE + _LANE / 2 - 4
            out.append(_mark(p, x_of, scale(p.start), scale(p.end), y, axis))
    out.append("</svg>")
    return "".join(out)
