"""Small server-rendered SVG charts: a title and description for screen readers, every value labelled, no script."""
from __future__ import annotations

import math
from typing import Any, Optional, Sequence

from flask_babel import format_decimal, gettext as _, ngettext
from markupsafe import Markup, escape

from ...labels import translated

WIDTH = 560
LABEL_WIDTH = 190
VALUE_ROOM = 72
ROW_HEIGHT = 24
BAR_HEIGHT = 15
LABEL_CHARS = 24


def _number(value: Optional[float], scale: float, decimals: int) -> Optional[float]:
    return None if value is None else round(value * scale, decimals)


def _shown(value: Optional[float], unit: str, decimals: int) -> str:
    return _("no data") if value is None else f"{format_decimal(value, '0.' + '0' * decimals if decimals else '0')}{unit}"


def _label(row: dict) -> str:
    """A row's label in the reader's language (a standard's title is stored in English)."""
    return translated(str(row.get("label", row.get("key", ""))))


def _short(label: Any) -> str:
    text = str(label)
    return text if len(text) <= LABEL_CHARS else text[:LABEL_CHARS - 1] + "…"


def _nice(value: float) -> float:
    """The round number (1, 2 or 5 times a power of ten) at or above `value`, for an axis's end."""
    power = 10 ** math.floor(math.log10(value))
    return next(step * power for step in (1, 2, 5, 10) if step * power >= value)


def _head(chart_id: str, title: str, description: str, width: int, height: int) -> list[str]:
    cid = escape(chart_id)
    return [f'<svg class="chart" id="{cid}" viewBox="0 0 {width} {height}" width="100%" '
            f'preserveAspectRatio="xMinYMin meet" role="img" aria-labelledby="{cid}-title {cid}-desc" '
            f'xmlns="http://www.w3.org/2000/svg">',
            f'<title id="{cid}-title">{escape(title)}</title>',
            f'<desc id="{cid}-desc">{escape(description)}</desc>']


def bar_chart(rows: Sequence[dict], key: str, *, chart_id: str, title: str, scale: float = 100.0,
              unit: str = " %", max_value: Optional[float] = 100.0, goal: Optional[float] = None,
              lower_is_better: bool = False, decimals: int = 1) -> Markup:
    """Horizontal bars, one per row, labelled with the row's label and value; a dashed line marks the goal."""
    values = [_number(r.get(key), scale, decimals) for r in rows]
    top = max_value or _nice(max([v for v in values if v is not None] + [1.5 * (goal or 0), 1]))
    area = WIDTH - LABEL_WIDTH - VALUE_ROOM
    height = ROW_HEIGHT * len(rows) + 26
    described = ngettext("Bar chart with %(num)s bar from 0 to %(top)s", "Bar chart with %(num)s bars from 0 to %(top)s",
                         len(rows), top=f"{format_decimal(top)}{unit}")
    if goal is not None:
        described += _("; the dashed line is the goal of %(goal)s", goal=f"{format_decimal(goal)}{unit}")
    parts = _head(chart_id, title, described + _(". The table beside it gives the same figures."), WIDTH, height)
    for i, (row, value) in enumerate(zip(rows, values)):
        y = 8 + i * ROW_HEIGHT
        label = _label(row)
        missed = goal is not None and value is not None and (value > goal if lower_is_better else value < goal)
        width = 0 if value is None else max(0.0, min(value, top)) / top * area
        parts.append(f'<g class="row{" missed" if missed else ""}"><title>{escape(label)}: '
                     f'{escape(_shown(value, unit, decimals))}</title>')
        parts.append(f'<text class="label" x="{LABEL_WIDTH - 8}" y="{y + BAR_HEIGHT - 3}" '
                     f'text-anchor="end">{escape(_short(label))}</text>')
        parts.append(f'<rect class="bar" x="{LABEL_WIDTH}" y="{y}" width="{width:.1f}" height="{BAR_HEIGHT}" rx="2"/>')
        parts.append(f'<text class="value" x="{LABEL_WIDTH + width + 5:.1f}" y="{y + BAR_HEIGHT - 3}">'
                     f'{escape(_shown(value, unit, decimals))}</text></g>')
    axis_y = 8 + len(rows) * ROW_HEIGHT
    parts.append(f'<line class="axis" x1="{LABEL_WIDTH}" y1="4" x2="{LABEL_WIDTH}" y2="{axis_y}"/>')
    parts.append(f'<text class="tick" x="{LABEL_WIDTH}" y="{axis_y + 14}" text-anchor="middle">0</text>')
    parts.append(f'<text class="tick" x="{LABEL_WIDTH + area}" y="{axis_y + 14}" text-anchor="middle">'
                 f'{format_decimal(top)}{escape(unit)}</text>')
    if goal is not None and goal <= top:
        x = LABEL_WIDTH + goal / top * area
        parts.append(f'<line class="goal" x1="{x:.1f}" y1="2" x2="{x:.1f}" y2="{axis_y}"/>')
        parts.append(f'<text class="tick goal-label" x="{x:.1f}" y="{axis_y + 14}" text-anchor="middle">'
                     f'{escape(_("goal %(goal)s", goal=format_decimal(goal)))}</text>')
    parts.append("</svg>")
    return Markup("\n".join(parts))


def line_chart(rows: Sequence[dict], key: str, *, chart_id: str, title: str, scale: float = 100.0,
               unit: str = " %", max_value: float = 100.0, decimals: int = 1) -> Markup:
    """A line through each row's value in order (weeks), with gridlines, labelled points and axis ticks."""
    width, height, left, right, top_pad, bottom = WIDTH, 230, 46, 14, 12, 34
    values = [_number(r.get(key), scale, decimals) for r in rows]
    known = [v for v in values if v is not None]
    floor = max(0.0, math.floor((min(known, default=max_value) - 5) / 10) * 10)
    floor = min(floor, max_value - 10)
    span = max_value - floor
    plot_w, plot_h = width - left - right, height - top_pad - bottom

    inset = 14  # keeps the first week's label clear of the axis's numbers

    def x_at(i: int) -> float:
        usable = plot_w - 2 * inset
        return left + inset + (usable / 2 if len(rows) == 1 else i * usable / (len(rows) - 1))

    def y_at(v: float) -> float:
        return top_pad + (max_value - v) / span * plot_h

    described = (ngettext("Line chart of %(num)s point from %(first)s to %(last)s, axis from %(floor)s to %(top)s",
                          "Line chart of %(num)s points from %(first)s to %(last)s, axis from %(floor)s to %(top)s",
                          len(rows), first=rows[0].get("label", ""), last=rows[-1].get("label", ""),
                          floor=format_decimal(floor), top=f"{format_decimal(max_value)}{unit}")
                 if rows else _("An empty chart"))
    parts = _head(chart_id, title, described + _(". The table beside it gives the same figures."), width, height)
    step = 20 if span > 50 else 10 if span > 20 else 5
    tick = floor
    while tick <= max_value + 1e-9:
        y = y_at(tick)
        parts.append(f'<line class="grid" x1="{left}" y1="{y:.1f}" x2="{width - right}" y2="{y:.1f}"/>')
        parts.append(f'<text class="tick" x="{left - 6}" y="{y + 4:.1f}" text-anchor="end">{tick:g}</text>')
        tick += step
    segment: list[str] = []
    segments = []
    for i, value in enumerate(values):
        if value is None:
            if segment:
                segments.append(segment)
            segment = []
        else:
            segment.append(f"{x_at(i):.1f},{y_at(value):.1f}")
    if segment:
        segments.append(segment)
    for points in segments:
        parts.append(f'<polyline class="line" points="{" ".join(points)}"/>')
    every = max(1, math.ceil(len(rows) / 9))
    for i, (row, value) in enumerate(zip(rows, values)):
        label = str(row.get("label", row.get("key", "")))
        if value is not None:
            parts.append(f'<circle class="point" cx="{x_at(i):.1f}" cy="{y_at(value):.1f}" r="3.5">'
                         f'<title>{escape(label)}: {escape(_shown(value, unit, decimals))}</title></circle>')
        if i % every == 0 or i == len(rows) - 1:
            parts.append(f'<text class="tick" x="{x_at(i):.1f}" y="{height - bottom + 16}" text-anchor="middle">'
                         f'{escape(label.split("-")[-1])}</text>')
    parts.append("</svg>")
    return Markup("\n".join(parts))
