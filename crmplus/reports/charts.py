"""Tiny server-side SVG charts: bar, stacked bar and line (pure: no Django import).

Sites run on closed networks, so dashboards draw their charts as inline SVG on the
server: no CDN, no JavaScript library, and the page prints as it shows. Every
function returns an SVG string; each bar or point may carry a link (`url`) so a
number on a chart opens its list, like the numbers in the tables beside it.
Texts are escaped here; the template tags in `reports.templatetags.charts` only
mark the result safe.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from html import escape

# The PEA purple first, then colours that stay apart for colour-blind readers.
PALETTE = ["#5b2a86", "#f2a900", "#2e7d32", "#1565c0", "#c62828", "#6d4c41", "#00838f", "#8e24aa"]


@dataclass(frozen=True)
class Bar:
    label: str
    value: float
    url: str = ""
    color: str = ""


@dataclass(frozen=True)
class Series:
    label: str
    values: Sequence[float | None]
    color: str = ""
    urls: Sequence[str] = field(default_factory=tuple)


def _fmt(value: float) -> str:
    if value is None:
        return ""
    if float(value).is_integer():
        return f"{int(value):,}"
    return f"{value:,.1f}"


def _a(url: str, inner: str, title: str) -> str:
    tip = f"<title>{escape(title)}</title>"
    if not url:
        return f"<g>{tip}{inner}</g>"
    return f'<a href="{escape(url)}">{tip}{inner}</a>'


def _svg(width: int, height: int, body: str, label: str) -> str:
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" class="crm-chart" role="img" '
        f'viewBox="0 0 {width} {height}" width="100%" preserveAspectRatio="xMinYMin meet" '
        f'aria-label="{escape(label)}" font-family="Sarabun, sans-serif" font-size="12">'
        f"{body}</svg>"
    )


def nice_max(value: float) -> float:
    """The top of an axis: the value rounded up to 1, 2, 2.5 or 5 × a power of ten."""
    if value <= 0:
        return 1.0
    power = 10 ** (len(str(int(value))) - 1) if value >= 1 else 1
    for step in (1, 2, 2.5, 5, 10):
        if value <= step * power:
            return step * power
    return 10.0 * power  # pragma: no cover - the loop always returns


def bar_chart(bars: Sequence[Bar], *, label: str = "", width: int = 480, row: int = 26) -> str:
    """Horizontal bars, one per row, with the label on the left and the value on the right."""
    if not bars:
        return _svg(width, row, "", label)
    label_w = min(200, max(60, 7 * max(len(b.label) for b in bars)))
    value_w = 64
    plot_w = max(40, width - label_w - value_w)
    top = nice_max(max(b.value for b in bars))
    parts = []
    for n, b in enumerate(bars):
        y = n * row
        w = 0 if top == 0 else plot_w * max(b.value, 0) / top
        color = b.color or PALETTE[0]
        bar = (
            f'<rect x="{label_w}" y="{y + 4}" width="{w:.1f}" height="{row - 8}" '
            f'fill="{escape(color)}" rx="2"/>'
        )
        parts.append(
            f'<text x="{label_w - 6}" y="{y + row / 2 + 4:.1f}" text-anchor="end" '
            f'fill="#4b3a5c">{escape(b.label)}</text>'
        )
        parts.append(_a(b.url, bar, f"{b.label}: {_fmt(b.value)}"))
        value = (
            f'<text x="{label_w + w + 4:.1f}" y="{y + row / 2 + 4:.1f}" '
            f'fill="#2b1740" font-weight="600">{_fmt(b.value)}</text>'
        )
        parts.append(_a(b.url, value, f"{b.label}: {_fmt(b.value)}"))
    return _svg(width, row * len(bars), "".join(parts), label)


def stacked_bar(
    categories: Sequence[str],
    series: Sequence[Series],
    *,
    label: str = "",
    width: int = 480,
    row: int = 26,
    legend: bool = True,
) -> str:
    """One horizontal bar per category, split into the series' values (e.g. segments)."""
    if not categories:
        return _svg(width, row, "", label)
    label_w = min(200, max(60, 7 * max(len(c) for c in categories)))
    total_w = 64
    plot_w = max(40, width - label_w - total_w)
    totals = [
        sum((s.values[i] or 0) for s in series if i < len(s.values)) for i in range(len(categories))
    ]
    top = nice_max(max(totals) if totals else 0)
    parts = []
    for i, cat in enumerate(categories):
        y = i * row
        x = float(label_w)
        parts.append(
            f'<text x="{label_w - 6}" y="{y + row / 2 + 4:.1f}" text-anchor="end" '
            f'fill="#4b3a5c">{escape(cat)}</text>'
        )
        for k, s in enumerate(series):
            v = (s.values[i] if i < len(s.values) else 0) or 0
            if v <= 0:
                continue
            w = plot_w * v / top
            color = s.color or PALETTE[k % len(PALETTE)]
            url = s.urls[i] if i < len(s.urls) else ""
            rect = (
                f'<rect x="{x:.1f}" y="{y + 4}" width="{w:.1f}" height="{row - 8}" '
                f'fill="{escape(color)}"/>'
            )
            parts.append(_a(url, rect, f"{cat} · {s.label}: {_fmt(v)}"))
            x += w
        parts.append(
            f'<text x="{x + 4:.1f}" y="{y + row / 2 + 4:.1f}" fill="#2b1740" '
            f'font-weight="600">{_fmt(totals[i])}</text>'
        )
    height = row * len(categories)
    if legend and series:
        parts.append(_legend(series, height + 4, width))
        height += 24
    return _svg(width, height, "".join(parts), label)


def _legend(series: Sequence[Series], y: int, width: int) -> str:
    parts, x = [], 4.0
    for k, s in enumerate(series):
        color = s.color or PALETTE[k % len(PALETTE)]
        parts.append(
            f'<rect x="{x:.1f}" y="{y + 3}" width="10" height="10" fill="{escape(color)}"/>'
            f'<text x="{x + 14:.1f}" y="{y + 12}" fill="#4b3a5c">{escape(s.label)}</text>'
        )
        x += 24 + 7 * len(s.label)
        if x > width - 40:
            break
    return "".join(parts)


def line_chart(
    x_labels: Sequence[str],
    series: Sequence[Series],
    *,
    label: str = "",
    width: int = 480,
    height: int = 200,
    y_max: float | None = None,
    legend: bool = True,
) -> str:
    """Lines over the x labels (months, years); a None value leaves a gap in its line."""
    left, right, top_pad, bottom = 40, 12, 10, 22
    legend_h = 22 if legend and series else 0
    plot_h = height - top_pad - bottom - legend_h
    plot_w = width - left - right
    values = [v for s in series for v in s.values if v is not None]
    top = y_max if y_max is not None else nice_max(max(values) if values else 0)
    n = max(len(x_labels), 1)
    step = plot_w / max(n - 1, 1)

    def xy(i: int, v: float) -> tuple[float, float]:
        return left + i * step, top_pad + plot_h - (plot_h * v / top if top else 0)

    parts = []
    for frac in (0, 0.5, 1):
        y = top_pad + plot_h - plot_h * frac
        parts.append(
            f'<line x1="{left}" x2="{width - right}" y1="{y:.1f}" y2="{y:.1f}" stroke="#e6e0ee"/>'
            f'<text x="{left - 4}" y="{y + 4:.1f}" text-anchor="end" fill="#6c6378" '
            f'font-size="10">{_fmt(top * frac)}</text>'
        )
    every = max(1, len(x_labels) // 12 + (1 if len(x_labels) > 12 else 0))
    for i, xl in enumerate(x_labels):
        if i % every:
            continue
        x, _y = xy(i, 0)
        parts.append(
            f'<text x="{x:.1f}" y="{top_pad + plot_h + 14}" text-anchor="middle" '
            f'fill="#6c6378" font-size="10">{escape(xl)}</text>'
        )
    for k, s in enumerate(series):
        color = escape(s.color or PALETTE[k % len(PALETTE)])
        runs: list[list[tuple[float, float]]] = [[]]
        for i, v in enumerate(s.values):
            if v is None:
                runs.append([])
                continue
            runs[-1].append(xy(i, v))
        for run in runs:
            if len(run) > 1:
                points = " ".join(f"{x:.1f},{y:.1f}" for x, y in run)
                parts.append(
                    f'<polyline points="{points}" fill="none" stroke="{color}" stroke-width="2"/>'
                )
        for i, v in enumerate(s.values):
            if v is None:
                continue
            x, y = xy(i, v)
            url = s.urls[i] if i < len(s.urls) else ""
            dot = f'<circle cx="{x:.1f}" cy="{y:.1f}" r="3.5" fill="{color}"/>'
            xl = x_labels[i] if i < len(x_labels) else ""
            parts.append(_a(url, dot, f"{s.label} · {xl}: {_fmt(v)}"))
    if legend_h:
        parts.append(_legend(series, height - legend_h, width))
    return _svg(width, height, "".join(parts), label)
