"""Template tags for the offline SVG charts of crmplus.reports.charts.

    {% load reports_charts %}
    {% bar_chart bars label="Visits" %}              bars: Bar, (label, value[, url]) or dicts
    {% stacked_bar categories series label="…" %}   series: Series or dicts
    {% line_chart x_labels series y_max=5 %}

Any app's dashboard panel may use them; the charts module escapes every text.
"""

from __future__ import annotations

from collections.abc import Mapping

from django import template
from django.utils.safestring import mark_safe

from crmplus.reports import charts

register = template.Library()


def _bar(item) -> charts.Bar:
    if isinstance(item, charts.Bar):
        return item
    if isinstance(item, Mapping):
        return charts.Bar(
            str(item.get("label", "")),
            float(item.get("value") or 0),
            str(item.get("url") or ""),
            str(item.get("color") or ""),
        )
    label, value, *rest = item
    return charts.Bar(str(label), float(value or 0), str(rest[0]) if rest else "")


def _series(item) -> charts.Series:
    if isinstance(item, charts.Series):
        return item
    return charts.Series(
        str(item.get("label", "")),
        [None if v is None else float(v) for v in item.get("values", [])],
        str(item.get("color") or ""),
        [str(u or "") for u in item.get("urls", [])],
    )


@register.simple_tag
def bar_chart(bars, label: str = "", width: int = 480):
    return mark_safe(charts.bar_chart([_bar(b) for b in bars], label=str(label), width=width))  # noqa: S308


@register.simple_tag
def stacked_bar(categories, series, label: str = "", width: int = 480, legend: bool = True):
    return mark_safe(  # noqa: S308 - the charts module escapes every text
        charts.stacked_bar(
            [str(c) for c in categories],
            [_series(s) for s in series],
            label=str(label),
            width=width,
            legend=legend,
        )
    )


@register.simple_tag
def line_chart(x_labels, series, label: str = "", width: int = 480, height: int = 200, y_max=None):
    return mark_safe(  # noqa: S308 - the charts module escapes every text
        charts.line_chart(
            [str(x) for x in x_labels],
            [_series(s) for s in series],
            label=str(label),
            width=width,
            height=height,
            y_max=None if y_max in (None, "") else float(y_max),
        )
    )
